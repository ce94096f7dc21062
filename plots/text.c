/* text.c -- safe text for gnuplot scripts, SVG and file names, and the
 * string buffer the chart builders use. Every string that comes from data
 * goes through fpp_quote before it reaches a script. */
#include "plots_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t fpp_utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    size_t n;
    unsigned cp;
    if ((p[0] & 0xE0) == 0xC0) { n = 2; cp = p[0] & 0x1F; }
    else if ((p[0] & 0xF0) == 0xE0) { n = 3; cp = p[0] & 0x0F; }
    else if ((p[0] & 0xF8) == 0xF0) { n = 4; cp = p[0] & 0x07; }
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

#define REPLACEMENT "\xEF\xBF\xBD"  /* U+FFFD for bytes that are not UTF-8 */

int fpp_xml_forbidden(const unsigned char *p, size_t k)
{
    /* XML 1.0 (Fifth Edition), production [2] Char: #x9 | #xA | #xD |
     * [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Surrogates
     * are not valid UTF-8 (fpp_utf8_seq refuses them); what is left to
     * refuse is C0 other than tab, LF and CR, and U+FFFE and U+FFFF. */
    if (k == 1) return p[0] < 0x20 && p[0] != '\t' && p[0] != '\n' && p[0] != '\r';
    return k == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

void fpp__buf_init(fpp__buf *b)
{
    memset(b, 0, sizeof *b);
}

void fpp__buf_free(fpp__buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(fpp__buf *b, size_t extra)
{
    if (b->failed) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) { b->failed = 1; return -1; }
    b->s = s;
    b->cap = cap;
    return 0;
}

void fpp__buf_addn(fpp__buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0) return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void fpp__buf_add(fpp__buf *b, const char *s)
{
    fpp__buf_addn(b, s, strlen(s));
}

void fpp__buf_printf(fpp__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0) { b->failed = 1; return; }
    if (buf_reserve(b, (size_t)k) != 0) return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)k;
}

/* Gnuplot single-quoted strings: the only special character is the quote
 * itself, written twice. Backquotes, '@' macros and backslashes are not
 * interpreted inside single quotes (gnuplot 5 documentation, "quotes" and
 * "substitution"). Control characters would end the command line, so they
 * become spaces; in a tic label a newline is a line break instead, written
 * as the string expression 'first'."\n".'second' (fixed text between two
 * quoted parts, so nothing from data is ever outside quotes). */
enum { QUOTE_PERCENT = 1, QUOTE_LINES = 2 };  /* '%' doubled; '\n' a line break */

static void quote(fpp__buf *b, const char *s, int how)
{
    fpp__buf_addn(b, "'", 1);
    if (s)
        for (const unsigned char *p = (const unsigned char *)s; *p;) {
            size_t k = fpp_utf8_seq(p);
            if (k == 0) { fpp__buf_add(b, REPLACEMENT); p++; continue; }
            /* U+FFFE and U+FFFF would make gnuplot's SVG unparseable. */
            if (k == 3 && fpp_xml_forbidden(p, k)) { fpp__buf_add(b, REPLACEMENT); p += k; continue; }
            if (*p == '\'') fpp__buf_addn(b, "''", 2);
            else if ((how & QUOTE_LINES) && *p == '\n') fpp__buf_add(b, "'.\"\\n\".'");  /* a line break */
            else if ((how & QUOTE_PERCENT) && *p == '%') fpp__buf_addn(b, "%%", 2);
            else if (*p < 0x20 || *p == 0x7f) fpp__buf_addn(b, " ", 1);
            else fpp__buf_addn(b, (const char *)p, k);
            p += k;
        }
    fpp__buf_addn(b, "'", 1);
}

const char *fpp_path_problem(const char *path)
{
    for (const unsigned char *p = (const unsigned char *)(path ? path : ""); *p; p++)
        if (*p < 0x20 || *p == 0x7f) return "holds a control character";
    return NULL;
}

void fpp__buf_quote_path(fpp__buf *b, const char *s)
{
    /* Byte for byte, only the quote doubled: a path must reach gnuplot
     * unchanged (fpp_quote would turn bytes that are not UTF-8 into U+FFFD
     * and gnuplot would write elsewhere). Control characters, which would
     * end the command, are refused by fpp_render (fpp_path_problem); as a
     * last guard they become '?' here, which cannot end a command. */
    fpp__buf_addn(b, "'", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '\'') fpp__buf_addn(b, "''", 2);
        else if (*p < 0x20 || *p == 0x7f) fpp__buf_addn(b, "?", 1);
        else fpp__buf_addn(b, (const char *)p, 1);
    }
    fpp__buf_addn(b, "'", 1);
}

void fpp__buf_quote(fpp__buf *b, const char *s)
{
    quote(b, s, 0);
}

void fpp__buf_quote_tic(fpp__buf *b, const char *s)
{
    quote(b, s, QUOTE_PERCENT | QUOTE_LINES);
}

void fpp__buf_quote_lines(fpp__buf *b, const char *s)
{
    quote(b, s, QUOTE_LINES);
}

void fpp__buf_num(fpp__buf *b, double x)
{
    if (!isfinite(x)) fpp__buf_add(b, "NaN");
    else fpp__buf_printf(b, "%.10g", x);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Text that a spreadsheet would run as a formula gets a leading apostrophe,
 * the OWASP advice for CSV injection: a leading = or @ ("=HYPERLINK(...)",
 * "@SUM(A1)"), a leading tab or carriage return (OWASP lists both: a
 * spreadsheet may strip them and run what follows), or a leading sign
 * unless the cell is a lone sign or a whole number ("+cmd|...", and
 * "-2+3", which Excel evaluates, as OWASP's
 * "-2+3+cmd|..." shows). A number here is a sign, digits (thousands commas
 * allowed) with at most one '.', at least one digit, then an optional
 * exponent e[+-]digits and an optional '%': "-0.41", "+5", "-1,234.5",
 * "-1.5e-05" and "-" are left alone. The one definition of the rule: the
 * CLI's table writer (cli/util.c, as fpc_csv_guard_needed), the fast CSV path
 * of `fingerpost rates` and the chart tables (fpp__buf_csv) use it. */
int fpp_csv_guard_needed(const char *s, size_t n)
{
    if (n == 0 || !fpp_csv_guard_lead((unsigned char)s[0])) return 0;
    if (s[0] == '=' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') return 1;
    if (n == 1) return 0;                        /* a lone sign */
    size_t i = 1, digits = 0;
    while (i < n && (is_digit(s[i]) || s[i] == ',')) digits += is_digit(s[i++]);
    if (i < n && s[i] == '.')
        for (i++; i < n && is_digit(s[i]); i++) digits++;
    if (digits == 0) return 1;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) e = ++i;
        while (i < n && is_digit(s[i])) i++;
        if (i == e) return 1;                    /* "-1e" or "-1e+" */
    }
    if (i < n && s[i] == '%') i++;
    return i != n;
}

void fpp__buf_csv(fpp__buf *b, const char *s)
{
    if (!s) return;
    int guard = fpp_csv_guard_needed(s, strlen(s));
    int q = guard || strpbrk(s, ",\"\n\r") != NULL;
    if (!q) {
        /* Unquoted: copied as is unless a byte is not UTF-8 (then U+FFFD). */
        for (const unsigned char *p = (const unsigned char *)s; *p;) {
            size_t k = fpp_utf8_seq(p);
            if (k == 0) { fpp__buf_add(b, REPLACEMENT); p++; continue; }
            fpp__buf_addn(b, (const char *)p, k);
            p += k;
        }
        return;
    }
    fpp__buf_addn(b, "\"", 1);
    if (guard) fpp__buf_addn(b, "'", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t k = fpp_utf8_seq(p);
        if (k == 0) { fpp__buf_add(b, REPLACEMENT); p++; continue; }
        if (*p == '"') fpp__buf_addn(b, "\"\"", 2);
        else fpp__buf_addn(b, (const char *)p, k);
        p += k;
    }
    fpp__buf_addn(b, "\"", 1);
}

void fpp__buf_csvnum(fpp__buf *b, double x)
{
    if (isfinite(x)) fpp__buf_printf(b, "%.15g", x);
}

/* Plain text for PNG text chunks and .alt.txt files: no escaping, only
 * bytes that are not UTF-8 replaced and control characters tamed. */
void fpp__buf_plain(fpp__buf *b, const char *s, int keep_newlines)
{
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t k = fpp_utf8_seq(p);
        if (k == 0) { fpp__buf_add(b, REPLACEMENT); p++; continue; }
        if (*p == '\r' || *p == '\n') {
            fpp__buf_addn(b, keep_newlines ? "\n" : " ", 1);
            p += *p == '\r' && p[1] == '\n' ? 2 : 1;
            continue;
        }
        if (*p < 0x20 || *p == 0x7f) fpp__buf_addn(b, " ", 1);
        else fpp__buf_addn(b, (const char *)p, k);
        p += k;
    }
}

char *fpp__buf_take(fpp__buf *b)
{
    if (b->failed) { fpp__buf_free(b); return NULL; }
    if (!b->s && buf_reserve(b, 0) != 0) return NULL;
    char *s = b->s;
    s[b->len] = '\0';
    memset(b, 0, sizeof *b);
    return s;
}

char *fpp__fmt(char *buf, size_t n, double x, int dps)
{
    if (!isfinite(x)) { snprintf(buf, n, "n/a"); return buf; }
    if (dps < 0) dps = 1;
    double r = fp_round_half_away(x, dps);
    if (r == 0) r = 0;
    snprintf(buf, n, "%.*f", dps, r);
    return buf;
}

char *fpp_quote(const char *s)
{
    fpp__buf b;
    fpp__buf_init(&b);
    fpp__buf_quote(&b, s);
    return fpp__buf_take(&b);
}

char *fpp_safe_name(const char *s)
{
    fpp__buf b;
    fpp__buf_init(&b);
    size_t n = 0;
    int last_us = 0;
    for (const char *p = s ? s : ""; *p && n < 120; p++) {
        char c = *p;
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
        if (!ok) c = '_';
        /* A dot only after a letter or digit: no leading dot, no "..". */
        if (c == '.' && (n == 0 || last_us || b.s[b.len - 1] == '.' || b.s[b.len - 1] == '-')) c = '_';
        if (c == '_' && last_us) continue;
        last_us = c == '_';
        fpp__buf_addn(&b, &c, 1);
        n++;
    }
    if (n == 0) fpp__buf_add(&b, "chart");
    return fpp__buf_take(&b);
}

size_t fpp_utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return max;
}

char *fpp_xml_escape(const char *s)
{
    fpp__buf b;
    fpp__buf_init(&b);
    fpp__buf_add(&b, "");
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        size_t k = fpp_utf8_seq(p);
        if (k == 0) { fpp__buf_add(&b, REPLACEMENT); continue; }
        if (k > 1 && fpp_xml_forbidden(p, k)) { fpp__buf_add(&b, REPLACEMENT); p += k - 1; continue; }
        if (k > 1) { fpp__buf_addn(&b, (const char *)p, k); p += k - 1; continue; }
        switch (*p) {
        case '&': fpp__buf_add(&b, "&amp;"); break;
        case '<': fpp__buf_add(&b, "&lt;"); break;
        case '>': fpp__buf_add(&b, "&gt;"); break;
        case '"': fpp__buf_add(&b, "&quot;"); break;
        case '\'': fpp__buf_add(&b, "&apos;"); break;
        default:
            if (*p < 0x20 || *p == 0x7f) fpp__buf_add(&b, " ");
            else fpp__buf_addn(&b, (const char *)p, 1);
        }
    }
    return fpp__buf_take(&b);
}
