/* plots_internal.h -- helpers shared by the files of libfpplots (not used
 * outside plots/): a growable string buffer and number formatting. */
#ifndef FP_PLOTS_INTERNAL_H
#define FP_PLOTS_INTERNAL_H

#include <stddef.h>
#include "plots.h"

/* A growable NUL-terminated string. On allocation failure `failed` is set
 * and further appends are ignored, so builders check once at the end. */
typedef struct fpp__buf {
    char *s;
    size_t len, cap;
    int failed;
} fpp__buf;

void fpp__buf_init(fpp__buf *b);
void fpp__buf_free(fpp__buf *b);
void fpp__buf_add(fpp__buf *b, const char *s);
void fpp__buf_addn(fpp__buf *b, const char *s, size_t n);
void fpp__buf_printf(fpp__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as a quoted gnuplot string (fpp_quote). */
void fpp__buf_quote(fpp__buf *b, const char *s);
/* The same for an explicit tic label, which gnuplot treats as a format
 * string: '%' is also doubled. */
void fpp__buf_quote_tic(fpp__buf *b, const char *s);
/* Append a number for a datablock: %.10g, or NaN. */
void fpp__buf_num(fpp__buf *b, double x);
/* Append a CSV field (RFC 4180 quoting when needed; control characters
 * other than newline kept as is). */
void fpp__buf_csv(fpp__buf *b, const char *s);
/* Append a number as a CSV field: %.15g, empty for NaN. */
void fpp__buf_csvnum(fpp__buf *b, double x);
/* Take ownership of the string (NULL if allocation failed; then freed). */
char *fpp__buf_take(fpp__buf *b);

/* Format x rounded half away from zero to dps places ("n/a" for NaN) into
 * buf of size n; returns buf. */
char *fpp__fmt(char *buf, size_t n, double x, int dps);

#endif
