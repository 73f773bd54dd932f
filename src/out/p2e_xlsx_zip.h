/*
 * p2e_xlsx_zip.h - report.xlsx's zip entries deflated at level 1:
 * src/out/xlsx_zip.c interposes minizip's zipOpenNewFileInZip4_64 (the
 * comment there says how and why).
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

#endif
