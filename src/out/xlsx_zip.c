#include "p2e_xlsx_zip.h"

#include <dlfcn.h>
#include <string.h>

/*
 * Deflate level 1 for the workbook's zip entries.
 *
 * libxlsxwriter compresses every part at Z_DEFAULT_COMPRESSION and has no
 * option to change it. The sheets' XML is about three times the CSV it
 * copies, and deflating it at the default level was half of a convert's
 * run (a 132 MB export: 10.2 s, 45% of the CPU in deflate). Level 1 makes
 * that run 7.7 s for a file of 42 MB instead of 34 MB.
 *
 * libxlsxwriter.so calls minizip's zipOpenNewFileInZip4_64 (in
 * libminizip.so.1) through its PLT, so this definition in the executable
 * interposes it: the linker exports it to the dynamic symbol table because
 * a shared library on the link line references it. It changes the level
 * only and passes every other argument on to the real function (the next
 * definition after ours, dlsym(RTLD_NEXT)). Nothing else in the program
 * writes zip files. Where interposition does not happen (a libxlsxwriter
 * with minizip built in, or a static one) this is never called and the
 * workbook is the same valid file, only slower to write and smaller.
 * tests/test_xlsx.c checks the level from the entries' header flags.
 */
#define ZIP_LEVEL 1
#define ZIP_DEFLATED 8          /* Z_DEFLATED */
#define ZIP_INTERNALERROR (-104)

typedef int (*zip_open_fn)(void *, const char *, const void *, const void *, unsigned int,
                           const void *, unsigned int, const char *, int, int, int, int, int,
                           int, const char *, unsigned long, unsigned long, unsigned long, int);

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
    /* looked up on every call (a few per workbook): no shared state */
    void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    zip_open_fn real;
    memcpy(&real, &sym, sizeof real); /* ISO C has no object-to-function pointer cast */
    if (!sym || real == zipOpenNewFileInZip4_64)
        return ZIP_INTERNALERROR;
    if (method == ZIP_DEFLATED && !raw)
        level = ZIP_LEVEL;
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, windowBits, memLevel,
                strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}


int p2e_xlsx_zip_level(void)
{
    return ZIP_LEVEL;
}
