/* safe_text.c -- text that may come from data made safe for where it is written:
 * JSON strings, table cells and HTML (terminal messages: msg.c, by the same
 * rules).
 *
 * Data files are not always UTF-8 (a Latin-1 export, a truncated cell) and
 * may hold control characters. Bytes that are not valid UTF-8 become U+FFFD
 * everywhere (so JSON, CSV and HTML outputs are valid UTF-8); in JSON every
 * control character is escaped. UTF-8 is decoded by fpp_utf8_seq
 * (plots/text.c), the program's one decoder. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"  /* U+FFFD */

/* Whether s is valid UTF-8 throughout. */
static int utf8_valid(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0x80) { p++; continue; }
        size_t k = fpp_utf8_seq(p);
        if (k == 0) return 0;
        p += k;
    }
    return 1;
}

size_t fpc_utf8_clean_n(char *dst, const char *s, size_t n)
{
    char *q = dst;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { *q++ = (char)c; i++; continue; }
        /* The decoder may look at up to 4 bytes: give it a NUL-padded copy
         * of what is left, so it never reads past s[n - 1]. */
        unsigned char seq[5] = { 0 };
        memcpy(seq, s + i, n - i < 4 ? n - i : 4);
        size_t k = fpp_utf8_seq(seq);
        if (k == 0) { memcpy(q, REPLACEMENT, 3); q += 3; i++; continue; }
        memcpy(q, s + i, k);
        q += k;
        i += k;
    }
    return (size_t)(q - dst);
}

char *fpc_utf8_clean(const char *s)
{
    if (!s || utf8_valid(s)) return NULL;
    size_t n = strlen(s);
    char *d = fpc_xmalloc(3 * n + 1);   /* each bad byte grows to 3 */
    d[fpc_utf8_clean_n(d, s, n)] = '\0';
    return d;
}

void fpc_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t k = fpp_utf8_seq(p);
        if (k == 0) { fputs(REPLACEMENT, fp); p++; continue; }
        if (k == 1) {
            switch (*p) {
            case '"': fputs("\\\"", fp); break;
            case '\\': fputs("\\\\", fp); break;
            case '\n': fputs("\\n", fp); break;
            case '\r': fputs("\\r", fp); break;
            case '\t': fputs("\\t", fp); break;
            default:
                if (*p < 0x20 || *p == 0x7f) fprintf(fp, "\\u%04x", *p);
                else fputc(*p, fp);
            }
        } else if (k == 2 && p[0] == 0xC2 && p[1] < 0xA0) {
            fprintf(fp, "\\u%04x", p[1]);          /* C1 control U+0080..U+009F */
        } else {
            fwrite(p, 1, k, fp);
        }
        p += k;
    }
    fputc('"', fp);
}

void fpc_html_puts(FILE *fp, const char *s)
{
    /* The charts' XML escaper (plots/text.c) is the one escaper of markup:
     * its &apos; is valid HTML5, and its spaces for control characters
     * are what HTML text needs. */
    char *e = fpp_xml_escape(s);
    if (!e) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    fputs(e, fp);
    free(e);
}
