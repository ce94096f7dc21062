/* table_internal.h -- what the table writer (table.c) shares with its XLSX
 * backend (table_xlsx.c). Private to those two files. */
#ifndef FP_CLI_TABLE_INTERNAL_H
#define FP_CLI_TABLE_INTERNAL_H

#include "cli.h"

/* One buffered cell of the current row. */
enum { FPC__CELL_TEXT = 0, FPC__CELL_NUM, FPC__CELL_NULL };

typedef struct fpc__cell {
    char *text;          /* the cell as CSV writes it (owned, grown as needed) */
    size_t cap;
    unsigned char kind;  /* FPC__CELL_* */
    signed char dp;      /* a number's decimals shown (the workbook's number
                            format), -1 General */
    double value;        /* a number's full value (the workbook cell holds it) */
    char fill[8];        /* "#RRGGBB" set by fpc_table_fill, or "" */
} fpc__cell;

typedef struct fpc__xlsx fpc__xlsx;

/* Start a workbook in a temporary file with one worksheet, sheet, whose
 * header row is names[0..n-1]. NULL on failure (message printed). */
fpc__xlsx *fpc__xlsx_open(const char *sheet, const char *const *names, size_t n);
/* Write one row: cells[0..n-1] in output order. */
void fpc__xlsx_row(fpc__xlsx *x, const fpc__cell *const *cells, size_t n);
/* Finish the current worksheet (frozen header, filters, widths) and start
 * another, sheet, whose header row is names[0..n-1]. 0 ok, -1 (message
 * printed; the workbook is then failed). */
int fpc__xlsx_sheet(fpc__xlsx *x, const char *sheet, const char *const *names, size_t n);
/* Finish: freeze the header, add filters, set widths, write the "sources"
 * sheet from the metadata, close the workbook and copy its bytes to fp.
 * Frees x. 0 ok, -1 error (message printed). */
int fpc__xlsx_close(fpc__xlsx *x, FILE *fp, char *const *meta_keys,
                    char *const *meta_vals, size_t nmeta);
/* Discard an unfinished workbook (x may be NULL). */
void fpc__xlsx_discard(fpc__xlsx *x);

#endif
