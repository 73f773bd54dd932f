/*
 * p2e_xlsx_zip.h - the workbooks' zip entries deflated at level 1:
 * src/out/xlsx_zip.c interposes minizip's zipOpenNewFileInZip4_64 and,
 * while a thread closes a workbook, zlib's deflateInit2_ (the comment there
 * says how and why).
 *
 * The interposing function is referenced by libxlsxwriter.so only, which
 * the linker reads after libpos2ecom.a: an archive member nothing else
 * needs would be left out, and the workbook silently deflated at the
 * default level. p2e_xlsx_write calls p2e_xlsx_zip_level, so the member
 * is always linked in (tests/test_xlsx.c checks the level).
 *
 * Ownership: nothing to own.
 */
#ifndef P2E_XLSX_ZIP_H
#define P2E_XLSX_ZIP_H

/* The deflate level the workbook's entries get. */
int p2e_xlsx_zip_level(void);

/* Around workbook_close: raw deflate streams this thread starts meanwhile
 * get level 1 (p2e_xlsx_close_quietly does it). */
void p2e_xlsx_zip_begin(void);
void p2e_xlsx_zip_end(void);

#endif
