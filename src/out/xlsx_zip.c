#include "p2e_xlsx_zip.h"

#include <dlfcn.h>
#include <string.h>
#include <zlib.h>

/*
 * Deflate level 1 for the workbooks' zip entries.
 *
 * libxlsxwriter compresses every part at Z_DEFAULT_COMPRESSION and has no
 * option to change it. The sheets' XML is about three times the CSV it
 * copies, and deflating it at the default level was half of a convert's
 * run (a 132 MB export: 10.2 s, 45% of the CPU in deflate). Level 1 makes
 * that run 7.7 s for a file of 42 MB instead of 34 MB.
 *
 * Two interpositions, so that it holds whichever minizip libxlsxwriter
 * uses:
 *
 * 1. libxlsxwriter.so built against the system's minizip calls
 *    zipOpenNewFileInZip4_64 (in libminizip.so.1) through its PLT: the
 *    definition below, in the executable, is called instead. It passes
 *    level 1 on to the real function (dlsym(RTLD_NEXT)), which then also
 *    records the level in the entry's header (general-purpose flag bits
 *    1-2 = 11, "super fast", as minizip's zip.c sets them for level 1).
 *
 * 2. A libxlsxwriter with minizip built in may call its own copy directly,
 *    where (1) cannot reach. That copy still starts each entry's deflate
 *    with zlib's deflateInit2_ (libz.so): the definition below turns a
 *    raw-deflate stream (negative windowBits: a zip entry) started on a
 *    thread that is closing a workbook (p2e_xlsx_zip_begin/end, around
 *    workbook_close) to level 1. Any other deflate in the process (libvips
 *    writing a PNG, another thread) is passed on untouched. The entry's
 *    header then says the default level, but the bytes are level 1.
 *
 * The link exports both symbols from the executable explicitly
 * (--export-dynamic-symbol in config.mk), so that the interposition does
 * not depend on which shared library happens to reference them. Nothing
 * else in the program writes zip files. tests/test_xlsx.c checks (1) from
 * the flags and (2) on its own; tests/outputs.sh (make check) checks
 * that every entry of both workbooks of a real run holds exactly the bytes
 * zlib's level 1 makes of its content.
 */
#define ZIP_LEVEL 1
#define ZIP_INTERNALERROR (-104)

typedef int (*zip_open_fn)(void *, const char *, const void *, const void *, unsigned int,
                           const void *, unsigned int, const char *, int, int, int, int, int,
                           int, const char *, unsigned long, unsigned long, unsigned long, int);
typedef int (*deflate_init_fn)(z_streamp, int, int, int, int, int, const char *, int);

/* set while this thread closes a workbook */
static _Thread_local int packing;

/* dlsym's answer as a function pointer: ISO C has no object-to-function
 * pointer cast. Looked up on every call (a few per workbook): no shared
 * state. */
static void *next_symbol(const char *name, void *self_sym)
{
    void *sym = dlsym(RTLD_NEXT, name);
    return sym == self_sym ? NULL : sym;
}

/* minizip's prototype (zip.h is not installed: zipFile is a void *,
 * uInt/uLong unsigned int/long, the zip_fileinfo is only passed on) */
int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned int size_extrafield_local,
                            const void *extrafield_global, unsigned int size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy,
                            unsigned long flagBase, int zip64)
{
    zip_open_fn self = zipOpenNewFileInZip4_64, real;
    void *self_sym, *sym;
    memcpy(&self_sym, &self, sizeof self_sym);
    sym = next_symbol("zipOpenNewFileInZip4_64", self_sym);
    if (!sym)
        return ZIP_INTERNALERROR;
    memcpy(&real, &sym, sizeof real);
    if (method == Z_DEFLATED && !raw)
        level = ZIP_LEVEL;
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, windowBits, memLevel,
                strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}

int deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel,
                  int strategy, const char *version, int stream_size)
{
    deflate_init_fn self = deflateInit2_, real;
    void *self_sym, *sym;
    memcpy(&self_sym, &self, sizeof self_sym);
    sym = next_symbol("deflateInit2_", self_sym);
    if (!sym)
        return Z_STREAM_ERROR;
    memcpy(&real, &sym, sizeof real);
    if (packing && method == Z_DEFLATED && windowBits < 0 && level != 0)
        level = ZIP_LEVEL;
    return real(strm, level, method, windowBits, memLevel, strategy, version, stream_size);
}

int p2e_xlsx_zip_level(void)
{
    return ZIP_LEVEL;
}

void p2e_xlsx_zip_begin(void)
{
    packing = 1;
}

void p2e_xlsx_zip_end(void)
{
    packing = 0;
}
