/* safe_text.h -- text from data made safe for where it is written
 * (safe_text.c): UTF-8, JSON, HTML, Markdown, terminal. Part of the CLI's
 * shared helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_SAFE_TEXT_H
#define FP_CLI_SAFE_TEXT_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"
#include "out.h"
#include "table.h"

/* -------------------------------------- text from data (safe_text.c) */

/* Text from data files may be any bytes. These write it safely; bytes that
 * are not valid UTF-8 become U+FFFD in every one of them. */
/* A copy of s with invalid bytes replaced (caller frees), or NULL when s is
 * valid UTF-8 already (or NULL): `char *c = fpc_utf8_clean(s); use(c ? c : s)`. */
char *fpc_utf8_clean(const char *s);
/* The n bytes at s copied to dst with the same replacement; dst must have
 * room for 3 * n bytes (a bad byte grows to three). Reads no byte of s past
 * s[n - 1], so s need not be NUL-terminated. Returns the bytes written. */
size_t fpc_utf8_clean_n(char *dst, const char *s, size_t n);
/* Whether the n bytes at s are all ASCII (below 0x80), so valid UTF-8 with
 * nothing to replace: eight bytes a step, for the hot loops (rates' CSV). */
static inline int fpc_ascii(const char *s, size_t n)
{
    unsigned long long acc = 0, w;
    if (n < 8) {
        if (n >= 4) {   /* two overlapping 4-byte words */
            unsigned a, b;
            __builtin_memcpy(&a, s, 4);
            __builtin_memcpy(&b, s + n - 4, 4);
            return ((a | b) & 0x80808080u) == 0;
        }
        for (size_t i = 0; i < n; i++) acc |= (unsigned char)s[i];
        return (acc & 0x80) == 0;
    }
    for (size_t i = 0; i + 8 <= n; i += 8) {
        __builtin_memcpy(&w, s + i, 8);
        acc |= w;
    }
    __builtin_memcpy(&w, s + n - 8, 8);   /* the tail, as one overlapping word */
    return ((acc | w) & 0x8080808080808080ull) == 0;
}
/* s as a quoted JSON string: " \ and every control character (C0, DEL,
 * C1) escaped. NULL writes "". */
void fpc_json_string(FILE *fp, const char *s);
/* s as HTML text: & < > " ' escaped (fpp_xml_escape), control characters
 * as spaces. NULL writes nothing. */
void fpc_html_puts(FILE *fp, const char *s);

#endif /* FP_CLI_SAFE_TEXT_H */
