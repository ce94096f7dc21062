/* plots_internal.h -- helpers shared by the files of libfpplots (not used
 * outside plots/): a growable string buffer and number formatting. */
#ifndef FP_PLOTS_INTERNAL_H
#define FP_PLOTS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
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
/* Append a file path as a gnuplot single-quoted string, byte for byte
 * (only ' doubled; a control character, which fpp_render refuses, becomes
 * '?'). */
void fpp__buf_quote_path(fpp__buf *b, const char *s);
/* Append s as a quoted gnuplot string (fpp_quote). */
void fpp__buf_quote(fpp__buf *b, const char *s);
/* The same for an explicit tic label, which gnuplot treats as a format
 * string: '%' is also doubled, and a newline is a line break. */
void fpp__buf_quote_tic(fpp__buf *b, const char *s);
/* fpp__buf_quote with a newline as a line break (for `set label` text,
 * which is not a format string; gnuplot cuts a tic label holding '%' to
 * 50 bytes, its MAX_ID_LEN, so long labels are drawn as labels). */
void fpp__buf_quote_lines(fpp__buf *b, const char *s);
/* Append a number for a datablock: %.10g, or NaN. */
void fpp__buf_num(fpp__buf *b, double x);
/* Append a CSV field (RFC 4180 quoting when needed; control characters
 * other than newline kept as is; a cell a spreadsheet would run as a formula
 * is guarded as fpp_csv_guard_needed says: quoted, with a leading '; bytes
 * that are not valid UTF-8 become U+FFFD). */
void fpp__buf_csv(fpp__buf *b, const char *s);
/* Append a number as a CSV field: %.15g, empty for NaN. */
void fpp__buf_csvnum(fpp__buf *b, double x);
/* Append s as plain UTF-8 text (PNG text chunks, .alt.txt files): bytes
 * that are not valid UTF-8 become U+FFFD; CR LF, a lone CR and LF become
 * one LF when keep_newlines, else a space; every other control character
 * (tab, DEL, ...) becomes a space. NULL appends nothing. */
void fpp__buf_plain(fpp__buf *b, const char *s, int keep_newlines);
/* Take ownership of the string (NULL if allocation failed; then freed). */
char *fpp__buf_take(fpp__buf *b);

/* Format x rounded half away from zero to dps places ("n/a" for NaN) into
 * buf of size n; returns buf. */
char *fpp__fmt(char *buf, size_t n, double x, int dps);

/* ------------------------------------------------ PNG text (png_text.c) */

/* CRC-32 of the PNG specification (ISO 3309 / ITU-T V.42, reflected
 * polynomial 0xEDB88320, as zlib's crc32): pass crc = 0 to start and the
 * previous result to continue over more bytes. */
uint32_t fpp__crc32(uint32_t crc, const void *data, size_t n);

/* The PNG in png[0..len) with the alt text added as two iTXt chunks (PNG
 * specification, 3rd edition, section 11.3.3.4) just before IEND: keyword
 * "Title" with `title` and keyword "Description" with `desc`, uncompressed,
 * language tag "en-GB", empty translated keyword, text as fpp__buf_plain
 * with newlines kept. A NULL or empty text adds no chunk. tEXt, zTXt and
 * iTXt chunks already there with either keyword are dropped so the file
 * has one title and one description; every other chunk is copied
 * unchanged and anything after IEND is dropped. The input is walked, not
 * decoded: it must start with the PNG signature and IHDR, every chunk must
 * fit, and IEND must be present (existing CRCs are not checked).
 * On FP_OK *out is a malloc'd buffer (caller frees) of *out_len bytes.
 * Errors: FP_EINVAL (NULL argument, not a PNG, truncated chunk, no IEND,
 * text too long for a chunk), FP_ENOMEM; *out is then NULL. */
int fpp__png_add_text(const unsigned char *png, size_t len, const char *title,
                      const char *desc, unsigned char **out, size_t *out_len);

#endif
