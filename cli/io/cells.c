/* cells.c -- small helpers shared by the readers: header names (normalised
 * and squashed) and finding columns by them, number and value cells, the
 * UTF-8 check of a cell, blank and short rows, base names and the
 * "NAME#HASH" data version. */
#include "read_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void fpc__header_norm(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    while (*s == ' ' || *s == '\t') s++;
    for (; *s && k + 1 < n; s++)
        buf[k++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
    while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t' || buf[k - 1] == '\r')) k--;
    buf[k] = '\0';
}

/* The column of hdr whose name, normalised by norm, is want; -1 when none.
 * A repeat is a warning and the first is used. */
static long find_col(fpc_csv *c, const fpc_row *hdr, const char *want,
                     void (*norm)(const char *, char *, size_t))
{
    char buf[256];
    long found = -1;
    for (size_t i = 0; i < hdr->n; i++) {
        norm(hdr->f[i], buf, sizeof buf);
        if (strcmp(buf, want) != 0) continue;
        if (found < 0) {
            found = (long)i;
        } else {
            fpc_diags_add(c->diags, 0, c->path, hdr->line, i + 1,
                          "column '%s' repeated (first at column %ld); the first is used",
                          hdr->f[i], found + 1);
            break;
        }
    }
    return found;
}

long fpc__header_find(fpc_csv *c, const fpc_row *hdr, const char *const *names)
{
    for (const char *const *nm = names; *nm; nm++) {
        long found = find_col(c, hdr, *nm, fpc__header_norm);
        if (found >= 0) return found;
    }
    return -1;
}

void fpc__header_squash(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++) {
        char ch = *s;
        if (ch == ' ' || ch == '\t' || ch == '_' || ch == '.' || ch == '-' || ch == '\r') continue;
        buf[k++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    buf[k] = '\0';
}

long fpc__header_find_sq(fpc_csv *c, const fpc_row *hdr, const char *squashed)
{
    return find_col(c, hdr, squashed, fpc__header_squash);
}

/* Powers of ten that are exact doubles (10^0 .. 10^22). */
static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The common published number, "[-+]digits[.digits]" with at most 15
 * digits in all, converted without strtod: the digits form an
 * integer m < 10^15 < 2^53 (exact in a double) and the value is m / 10^k with
 * k <= 15, one correctly rounded IEEE division of two exact doubles -- the
 * same double strtod returns (Clinger's fast path, W. D. Clinger, "How to
 * read floating point numbers accurately", PLDI 1990). Returns 0 and *v when
 * it applies, -1 to leave the text to the general parser. */
static int parse_simple(const char *s, double *v)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-' || *p == '+') { neg = *p == '-'; p++; }
    uint64_t m = 0;
    int digits = 0, frac = 0, dot = 0;
    for (;; p++) {
        unsigned d = (unsigned)(unsigned char)*p - '0';
        if (d <= 9) {
            m = m * 10 + d;
            digits++;
            frac += dot;
            continue;
        }
        if (*p == '.' && !dot) { dot = 1; continue; }
        break;
    }
    if (*p || digits == 0 || digits > 15) return -1;
    double x = (double)m;
    if (frac) x /= pow10_exact[frac];
    *v = neg ? -x : x;
    return 0;
}

int fpc__parse_number(const char *s, double *v)
{
    while (*s == ' ' || *s == '\t') s++;
    if (parse_simple(s, v) == 0) return 0;
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9'))) return -1;
    char *end;
    double x = strtod(s, &end);
    const char *e = end;
    if (*e == ',') {
        /* Thousands separators: groups of exactly three digits after the first. */
        char tmp[128];
        size_t k = 0;
        const char *q = s;
        int digits_since = -1;   /* -1 before any comma */
        int lead = 0;
        for (; *q && *q != '.' && *q != 'e' && *q != 'E' && *q != ' '; q++) {
            if (*q == ',') {
                if ((digits_since == -1 && lead == 0) || (digits_since >= 0 && digits_since != 3))
                    return -1;
                digits_since = 0;
                continue;
            }
            if (k + 1 >= sizeof tmp) return -1;
            if (*q >= '0' && *q <= '9') {
                if (digits_since >= 0) digits_since++; else lead++;
            } else if (!(q == s && (*q == '+' || *q == '-'))) {
                return -1;
            }
            tmp[k++] = *q;
        }
        if (digits_since != 3) return -1;
        for (; *q && *q != ' '; q++) {
            if (k + 1 >= sizeof tmp) return -1;
            tmp[k++] = *q;
        }
        tmp[k] = '\0';
        x = strtod(tmp, &end);
        if (*end) return -1;
        e = q;
    }
    while (*e == ' ' || *e == '\t') e++;
    if (*e) return -1;
    if (!isfinite(x)) return -1;
    /* strtod accepts hexadecimal; published numbers never are. */
    for (const char *q = s; q < e; q++)
        if (*q == 'x' || *q == 'X') return -1;
    *v = x;
    return 0;
}

int fpc__parse_value(const char *s, double *v, fp_missing *m)
{
    if (fpc__parse_number(s, v) == 0) return 0;
    if (fp_missing_parse(s, m) == FP_OK) return 1;
    return -1;
}

int fpc__utf8_ok(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c == 0) return 0;
        if (c < 0x80) { p++; continue; }
        size_t n;
        unsigned min;
        if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
        else return 0;
        if ((size_t)(e - p) <= n) return 0;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        p += n + 1;
    }
    return 1;
}

int fpc__row_blank(const fpc_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (const char *p = r->f[i]; *p; p++)
            if (*p != ' ' && *p != '\t') return 0;
    return 1;
}

int fpc__row_short(fpc_csv *c, const fpc_row *r, size_t need)
{
    /* Text past the header's last column has no column to go to: most
     * often a comma inside an unquoted name that shifted the cells. It is
     * said, not dropped without a word (empty trailing cells, as
     * spreadsheets write them, are not). */
    for (size_t i = c->header_fields; i < r->n; i++) {
        const char *p = r->f[i];
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) continue;
        fpc_diags_add(c->diags, 0, c->path, r->line, i + 1,
                      "row has %zu fields, the header has %zu; the text past the header's "
                      "columns is ignored (a comma inside an unquoted field?)",
                      r->n, c->header_fields);
        break;
    }
    if (r->n >= need) {
        /* The required cells are there; the cells the row lacks are read
         * as empty (missing), which is said, not silently assumed. */
        if (r->n < c->header_fields)
            fpc_diags_add(c->diags, 0, c->path, r->line, 0,
                          "row has %zu fields, the header has %zu; the missing cells are "
                          "read as empty", r->n, c->header_fields);
        return 0;
    }
    fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                  "row has %zu fields, expected %zu; row skipped", r->n, c->header_fields);
    return 1;
}

const char *fpc__basename(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

void fpc__version_append(fp_dataset *ds, const char *path, uint64_t hash)
{
    const char *base = strcmp(path, "-") ? fpc__basename(path) : "stdin";
    size_t n = strlen(ds->version) + strlen(base) + 32;
    char *v = fpc_xmalloc(n);
    snprintf(v, n, "%s%s%s#%016llx", ds->version, *ds->version ? "; " : "", base,
             (unsigned long long)hash);
    fp_dataset_set_version(ds, v);
    free(v);
}
