/* table.c -- the table writer shared by every fingerpost subcommand: CSV,
 * TSV, Markdown, JSON and XLSX tables (the workbook backend is in
 * table_xlsx.c) with the methods and data versions attached, the choice of
 * columns (--columns, --all-columns), number formatting (--dp), the options
 * every table command shares, and the CSV formula-injection guard. */
#include "cli.h"
#include "table_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------ table writer */

int fpc_table_format_parse(const char *s, fpc_table_format *f)
{
    if (!strcmp(s, "csv")) *f = FPC_TABLE_CSV;
    else if (!strcmp(s, "tsv")) *f = FPC_TABLE_TSV;
    else if (!strcmp(s, "md") || !strcmp(s, "markdown")) *f = FPC_TABLE_MD;
    else if (!strcmp(s, "json")) *f = FPC_TABLE_JSON;
    else if (!strcmp(s, "xlsx")) *f = FPC_TABLE_XLSX;
    else return -1;
    return 0;
}

static void csv_field(FILE *fp, const char *s, char sep)
{
    int quote = 0;
    for (const char *p = s; *p; p++)
        if (*p == sep || *p == '"' || *p == '\n' || *p == '\r') { quote = 1; break; }
    int guard = fpc_csv_guard_needed(s, strlen(s));
    if (!quote && !guard) { fputs(s, fp); return; }
    fputc('"', fp);
    if (guard) fputc('\'', fp);
    for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

char *fpc_md_escape(const char *s)
{
    size_t n = 1;
    for (const char *p = s; *p; p++) n += (*p == '<' || *p == '>' || *p == '&') ? 5 : 2;
    char *d = fpc_xmalloc(n), *q = d;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '|': *q++ = '\\'; *q++ = '|'; break;
        case '\n': case '\r': *q++ = ' '; break;
        case '<': memcpy(q, "&lt;", 4); q += 4; break;
        case '>': memcpy(q, "&gt;", 4); q += 4; break;
        case '&': memcpy(q, "&amp;", 5); q += 5; break;
        default: *q++ = *p;
        }
    }
    *q = '\0';
    return d;
}

static void md_field(FILE *fp, const char *s)
{
    char *e = fpc_md_escape(s);
    fputs(e, fp);
    free(e);
}

/* The writer buffers one row (every column the command gives) and writes it
 * when complete, in the selected order: selection is a property of the
 * writer, so commands never need to know which columns are shown. */
struct fpc_table_priv {
    size_t *sel, nsel;        /* output columns as indices into names; NULL = all */
    fpc__cell *cells;         /* the current row, ncols cells */
    char next_fill[8];        /* fill for the next cell (fpc_table_fill) */
    char *sheet;              /* XLSX sheet name */
    fpc__xlsx *xlsx;          /* open workbook (XLSX, after the header) */
    int failed;               /* the workbook could not be started */
    int recording;            /* a recorder (fpc_table_record): cells kept in rec */
    char *rec;                /* recorded cells: kind, dp, fill[8], text, NUL */
    size_t rec_len, rec_cap;
};

int fpc_table_begin(fpc_table *t, FILE *fp, fpc_table_format f,
                    const char *const *names, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->fp = fp;
    t->format = f;
    t->ncols = ncols;
    t->dp = -1;
    t->names = fpc_xmalloc(ncols * sizeof *t->names);
    for (size_t i = 0; i < ncols; i++) {
        char *clean = fpc_utf8_clean(names[i]);   /* column names may come from data */
        t->names[i] = clean ? clean : fpc_strdup(names[i]);
    }
    t->priv = fpc_xmalloc(sizeof *t->priv);
    memset(t->priv, 0, sizeof *t->priv);
    t->priv->cells = fpc_xmalloc((ncols ? ncols : 1) * sizeof *t->priv->cells);
    memset(t->priv->cells, 0, (ncols ? ncols : 1) * sizeof *t->priv->cells);
    t->col = (size_t)-1;  /* header not yet written */
    return 0;
}

void fpc_table_meta(fpc_table *t, const char *key, const char *value)
{
    t->meta_keys = fpc_xrealloc(t->meta_keys, (t->nmeta + 1) * sizeof *t->meta_keys);
    t->meta_vals = fpc_xrealloc(t->meta_vals, (t->nmeta + 1) * sizeof *t->meta_vals);
    t->meta_keys[t->nmeta] = fpc_strdup(key);
    char *clean = fpc_utf8_clean(value);
    t->meta_vals[t->nmeta] = clean ? clean : fpc_strdup(value);
    t->nmeta++;
}

void fpc_table_sheet(fpc_table *t, const char *name)
{
    free(t->priv->sheet);
    t->priv->sheet = name ? fpc_strdup(name) : NULL;
}

void fpc_table_fill(fpc_table *t, const char *rgb)
{
    t->priv->next_fill[0] = '\0';
    if (rgb && strlen(rgb) == 7 && rgb[0] == '#') memcpy(t->priv->next_fill, rgb, 8);
}

static long column_index(const char *const *names, size_t ncols, const char *name, size_t len)
{
    for (size_t i = 0; i < ncols; i++)
        if (strlen(names[i]) == len && !memcmp(names[i], name, len)) return (long)i;
    return -1;
}

/* Parse the --columns list against names: 0 with *sel (malloc'd, may be
 * NULL when sel is NULL: a check only) and *nsel, or a usage error printed.
 * A name given twice is an error: it would be a repeated key in JSON and a
 * repeated header everywhere else. */
static int columns_parse(const char *cmd, const char *list, const char *const *names,
                         size_t ncols, size_t **sel, size_t *nsel)
{
    size_t *v = fpc_xmalloc((ncols + 1) * sizeof *v), n = 0;
    int rc = 0;
    for (const char *s = list; *s;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && *s == ' ') { s++; len--; }
        while (len && s[len - 1] == ' ') len--;
        if (len) {
            long k = column_index(names, ncols, s, len);
            if (k < 0) {
                /* Build "a, b, c" of the valid names for the message. */
                size_t need = 1;
                for (size_t i = 0; i < ncols; i++) need += strlen(names[i]) + 2;
                char *valid = fpc_xmalloc(need), *q = valid;
                for (size_t i = 0; i < ncols; i++)
                    q += sprintf(q, "%s%s", i ? ", " : "", names[i]);
                rc = fpc_usage(cmd, "unknown column '%.*s' in --columns; the columns are: %s",
                               (int)len, s, valid);
                free(valid);
                break;
            }
            for (size_t i = 0; i < n && !rc; i++)
                if (v[i] == (size_t)k)
                    rc = fpc_usage(cmd, "column '%.*s' is named twice in --columns", (int)len, s);
            if (rc) break;
            v[n++] = (size_t)k;
        }
        if (!e) break;
        s = e + 1;
    }
    if (!rc && n == 0) rc = fpc_usage(cmd, "--columns names no column");
    if (rc || !sel) { free(v); return rc; }
    *sel = v;
    *nsel = n;
    return 0;
}

int fpc_table_columns_check(const fpc_table_opts *o, const char *cmd, const char *const *names,
                            size_t ncols)
{
    if (o->all_columns || !(o->columns && *o->columns)) return 0;
    return columns_parse(cmd, o->columns, names, ncols, NULL, NULL);
}

int fpc_table_select(fpc_table *t, const char *cmd, const char *list, int all,
                     const char *const *defaults)
{
    struct fpc_table_priv *p = t->priv;
    free(p->sel);
    p->sel = NULL;
    p->nsel = 0;
    if (all || (!(list && *list) && !defaults)) return 0;
    if (list && *list)
        return columns_parse(cmd, list, (const char *const *)t->names, t->ncols, &p->sel, &p->nsel);
    p->sel = fpc_xmalloc((t->ncols + 1) * sizeof *p->sel);
    for (const char *const *d = defaults; *d; d++) {
        long k = column_index((const char *const *)t->names, t->ncols, *d, strlen(*d));
        if (k >= 0) p->sel[p->nsel++] = (size_t)k;
    }
    return 0;
}

/* The number of columns written, and the table column behind output column j. */
static size_t out_ncols(const fpc_table *t)
{
    return t->priv->sel ? t->priv->nsel : t->ncols;
}

static size_t out_col(const fpc_table *t, size_t j)
{
    return t->priv->sel ? t->priv->sel[j] : j;
}

static void table_header(fpc_table *t)
{
    FILE *fp = t->fp;
    char sep = t->format == FPC_TABLE_TSV ? '\t' : ',';
    size_t n = out_ncols(t);
    switch (t->format) {
    case FPC_TABLE_CSV:
    case FPC_TABLE_TSV:
        for (size_t j = 0; j < n; j++) {
            if (j) fputc(sep, fp);
            csv_field(fp, t->names[out_col(t, j)], sep);
        }
        for (size_t i = 0; i < t->nmeta; i++) {
            if (n || i) fputc(sep, fp);
            csv_field(fp, t->meta_keys[i], sep);
        }
        fputc('\n', fp);
        break;
    case FPC_TABLE_MD:
        for (size_t i = 0; i < t->nmeta; i++) {
            fputs("- ", fp); md_field(fp, t->meta_keys[i]); fputs(": ", fp);
            md_field(fp, t->meta_vals[i]); fputc('\n', fp);
        }
        if (t->nmeta) fputc('\n', fp);
        fputc('|', fp);
        for (size_t j = 0; j < n; j++) {
            fputc(' ', fp); md_field(fp, t->names[out_col(t, j)]); fputs(" |", fp);
        }
        fputs("\n|", fp);
        for (size_t j = 0; j < n; j++) fputs("---|", fp);
        fputc('\n', fp);
        break;
    case FPC_TABLE_JSON:
        fputs("{\"meta\": {", fp);
        for (size_t i = 0; i < t->nmeta; i++) {
            if (i) fputs(", ", fp);
            fpc_json_string(fp, t->meta_keys[i]); fputs(": ", fp); fpc_json_string(fp, t->meta_vals[i]);
        }
        fputs("},\n\"rows\": [", fp);
        break;
    case FPC_TABLE_XLSX: {
        const char **hn = fpc_xmalloc((n ? n : 1) * sizeof *hn);
        for (size_t j = 0; j < n; j++) hn[j] = t->names[out_col(t, j)];
        t->priv->xlsx = fpc__xlsx_open(t->priv->sheet ? t->priv->sheet : "table", hn, n);
        if (!t->priv->xlsx) t->priv->failed = 1;
        free(hn);
        break;
    }
    }
    t->col = 0;
}

/* Write the buffered row in output order. */
static void emit_row(fpc_table *t)
{
    FILE *fp = t->fp;
    char sep = t->format == FPC_TABLE_TSV ? '\t' : ',';
    size_t n = out_ncols(t);
    const fpc__cell *cells = t->priv->cells;
    switch (t->format) {
    case FPC_TABLE_CSV:
    case FPC_TABLE_TSV:
        for (size_t j = 0; j < n; j++) {
            const fpc__cell *c = &cells[out_col(t, j)];
            if (j) fputc(sep, fp);
            if (c->kind != FPC__CELL_NULL) csv_field(fp, c->text, sep);
        }
        for (size_t i = 0; i < t->nmeta; i++) {
            if (n || i) fputc(sep, fp);
            csv_field(fp, t->meta_vals[i], sep);
        }
        fputc('\n', fp);
        break;
    case FPC_TABLE_MD:
        fputc('|', fp);
        for (size_t j = 0; j < n; j++) {
            const fpc__cell *c = &cells[out_col(t, j)];
            fputc(' ', fp);
            if (c->kind != FPC__CELL_NULL) md_field(fp, c->text);
            fputs(" |", fp);
        }
        fputc('\n', fp);
        break;
    case FPC_TABLE_JSON:
        fputs(t->nrows ? ",\n{" : "\n{", fp);
        for (size_t j = 0; j < n; j++) {
            size_t k = out_col(t, j);
            const fpc__cell *c = &cells[k];
            if (j) fputs(", ", fp);
            fpc_json_string(fp, t->names[k]);
            fputs(": ", fp);
            if (c->kind == FPC__CELL_NULL) fputs("null", fp);
            else if (c->kind == FPC__CELL_NUM) fputs(c->text, fp);
            else fpc_json_string(fp, c->text);
        }
        fputc('}', fp);
        break;
    case FPC_TABLE_XLSX:
        if (t->priv->xlsx) {
            const fpc__cell **rp = fpc_xmalloc((n ? n : 1) * sizeof *rp);
            for (size_t j = 0; j < n; j++) rp[j] = &cells[out_col(t, j)];
            fpc__xlsx_row(t->priv->xlsx, rp, n);
            free(rp);
        }
        break;
    }
    t->col = 0;
    t->nrows++;
}

/* A recorder keeps the cell as it would be stored: kind, dp, fill (8
 * bytes), value (8 bytes), text and its NUL. */
static void record_cell(fpc_table *t, const char *text, int kind, int dp, double value)
{
    struct fpc_table_priv *p = t->priv;
    size_t len = strlen(text), need = 18 + len + 1;
    if (p->rec_len + need > p->rec_cap) {
        p->rec_cap = p->rec_cap * 2 > p->rec_len + need ? p->rec_cap * 2 : p->rec_len + need + 4096;
        p->rec = fpc_xrealloc(p->rec, p->rec_cap);
    }
    char *q = p->rec + p->rec_len;
    q[0] = (char)kind;
    q[1] = (char)dp;
    memcpy(q + 2, p->next_fill, 8);
    memcpy(q + 10, &value, 8);
    memcpy(q + 18, text, len + 1);
    p->rec_len += need;
    p->next_fill[0] = '\0';
    if (++t->col == t->ncols) { t->col = 0; t->nrows++; }
}

/* Store one cell of the current row; `text` is the formatted cell, value
 * a number's full value and dp the decimals it is shown with (-1 General). */
static void table_cell_num(fpc_table *t, const char *text, int kind, int dp, double value)
{
    if (t->priv->recording) { record_cell(t, text, kind, dp, value); return; }
    if (t->col == (size_t)-1) table_header(t);
    fpc__cell *c = &t->priv->cells[t->col];
    size_t len = strlen(text);
    if (len + 1 > c->cap) {
        c->cap = len + 1 > 32 ? len + 1 : 32;
        c->text = fpc_xrealloc(c->text, c->cap);
    }
    memcpy(c->text, text, len + 1);
    c->kind = (unsigned char)kind;
    c->dp = (signed char)dp;
    c->value = value;
    memcpy(c->fill, t->priv->next_fill, sizeof c->fill);
    t->priv->next_fill[0] = '\0';
    if (++t->col == t->ncols) emit_row(t);
}

static void table_cell(fpc_table *t, const char *text, int kind, int dp)
{
    table_cell_num(t, text, kind, dp, NAN);
}

void fpc_table_str(fpc_table *t, const char *s)
{
    /* Bytes that are not UTF-8 become U+FFFD in every format (safe_text.c). */
    char *clean = fpc_utf8_clean(s);
    table_cell(t, clean ? clean : s ? s : "", s ? FPC__CELL_TEXT : FPC__CELL_NULL, -1);
    free(clean);
}

/* x with dp fixed decimals, rounded half away from zero, never "-0.0"
 * (fp_format_fixed: never cut; 1e15 and more in exponent form). */
static void format_dp(char *buf, size_t size, double x, int dp)
{
    fp_format_fixed(buf, size, x, dp);
}

/* The 8 decimal digits of v < 10^8 as digit values (0-9, not ASCII), one
 * a byte, the most significant in the lowest byte: four lanes of a
 * 64-bit word split 4 digits into 2 + 2 and then 1 + 1 with
 * multiply-and-shift divisions that are exact in these ranges
 * (x / 100 = x * 10486 >> 20 for x < 10^4; x / 10 = x * 103 >> 10 for
 * x < 100). */
static inline uint64_t digits8(uint32_t v)
{
    uint64_t x = (uint64_t)(v / 10000u) | ((uint64_t)(v % 10000u) << 32);
    uint64_t q = ((x * 10486u) >> 20) & 0x0000007F0000007FULL;
    x = q | ((x - q * 100u) << 16);
    q = ((x * 103u) >> 10) & 0x000F000F000F000FULL;
    return q | ((x - q * 10u) << 8);
}

/* Store the 8 bytes of v, lowest byte first, whatever the machine's
 * byte order. */
static inline void put8(char *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, 8);
}

/* Format x with 15 significant digits, trailing zeros removed, no exponent
 * for 1e-5 <= |x| < 1e15 (otherwise printf's %.15g): the same digits as
 * printf's correctly rounded %.15g (checked against glibc's printf on tens
 * of millions of random values; see docs/performance.md), several times
 * faster than snprintf. 15 digits is what R's write.csv writes. Moved here
 * from cmd_rates.c so that every table (trend, compare, ...) uses it. */
size_t fpc_fmt15(double x, char *buf)
{
    double ax = fabs(x);
    if (x == 0.0) { buf[0] = '0'; buf[1] = '\0'; return 1; }
    if (!(ax >= 1e-5 && ax < 1e15)) return (size_t)snprintf(buf, 32, "%.15g", x);
    static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
        1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20 };
    /* The binary exponent from the bits (ax is normal here): ax is in
     * [2^(bexp-1), 2^bexp); 1233/4096 ~ log10(2) estimates floor(log10 ax)
     * to within one, and the comparisons below make it exact. */
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    int bexp = (int)(bits >> 52) - 1022;
    int e = ((bexp - 1) * 1233) >> 12;
    if (e > 14) e = 14;
    if (e < -5) e = -5;
    if (e >= 0 ? ax < p10[e] : ax * p10[-e] < 1.0) e--;
    else if (e + 1 >= 0 ? ax >= p10[e + 1] : ax * p10[-(e + 1)] >= 1.0) e++;
    int shift = 14 - e;                      /* digits after the point, 0..19 */
    /* Round ax * 10^shift to an integer as if in exact arithmetic, half to
     * even, so the digits come out as printf's correctly rounded %.15g. */
#ifdef __SIZEOF_INT128__
    /* Exactly, in integers: ax = M 2^E, so ax 10^shift = M 5^shift
     * 2^(E+shift), with M 5^shift < 2^98 and E + shift between -52 and -3
     * here (the result is about 10^14). */
    static const uint64_t p5[] = { 1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL,
        78125ULL, 390625ULL, 1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL,
        1220703125ULL, 6103515625ULL, 30517578125ULL, 152587890625ULL, 762939453125ULL,
        3814697265625ULL, 19073486328125ULL, 95367431640625ULL };
    __extension__ typedef unsigned __int128 u128;
    uint64_t mant = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    int rs = 1075 - (int)(bits >> 52) - shift;            /* -(E + shift) */
    u128 prod = (u128)mant * p5[shift];
    uint64_t m = (uint64_t)(prod >> rs);
    u128 rem = prod & (((u128)1 << rs) - 1), half = (u128)1 << (rs - 1);
    m += (uint64_t)(rem > half) | ((uint64_t)(rem == half) & (m & 1u));
#else
    /* The power of ten is exact, so fma gives the product's rounding
     * error; the product is below 10^15 < 2^53, so truncation is its
     * floor. */
    double scaled = ax * p10[shift];
    double err = fma(ax, p10[shift], -scaled);
    uint64_t m = (uint64_t)scaled;
    double frac = (scaled - (double)m) + err;
    uint64_t odd = m & 1u;
    m += (uint64_t)(frac > 0.5) | ((uint64_t)(frac == 0.5) & odd);
    m -= (uint64_t)(frac < -0.5) | ((uint64_t)(frac == -0.5) & odd);
#endif
    if (m >= 1000000000000000ULL) {          /* rounded up to the next power of ten */
        m = 100000000000000ULL;
        if (++e > 14) return (size_t)snprintf(buf, 32, "%.15g", x);   /* 1e+15 */
    }
    /* m has exactly 15 digits: as digit values, one a byte, most
     * significant first in memory, in two words: d0 = digits 0-7, d1 =
     * digits 8-14 and a zero byte. */
    uint64_t hd = digits8((uint32_t)(m / 100000000u));   /* 0 and digits 0-6 */
    uint64_t ld = digits8((uint32_t)(m % 100000000u));   /* digits 7-14 */
    uint64_t d0 = (hd >> 8) | (ld << 56), d1 = ld >> 8;
    /* Significant digits without the trailing zeros: the last nonzero
     * byte (ld is nonzero unless digits 7-14 are all zero; hd never is). */
    int nz = ld ? 15 - __builtin_clzll(ld) / 8 : 7 - __builtin_clzll(hd) / 8;
    const uint64_t ascii = 0x3030303030303030ULL;
    char *p = buf;
    *p = '-';
    p += x < 0;
    if (e < 0) {
        /* "0.", -e-1 zeros, the digits. */
        memcpy(p, "0.00000", 8);
        p += 1 - e;
        put8(p, d0 + ascii);
        put8(p + 8, d1 + ascii);
        p += nz;
    } else {
        /* k = e + 1 integer digits, then the point and the rest if any
         * nonzero: the digits from k on are stored again one byte on. */
        int k = e + 1;
        put8(p, d0 + ascii);
        put8(p + 8, d1 + ascii);
        if (nz > k) {
            uint64_t t0, t1;
            if (k < 8) {
                t0 = (d0 >> (8 * k)) | (d1 << (64 - 8 * k));
                t1 = d1 >> (8 * k);
            } else {
                t0 = d1 >> (8 * (k - 8));
                t1 = 0;
            }
            p[k] = '.';
            put8(p + k + 1, t0 + ascii);
            put8(p + k + 9, t1 + ascii);
            p += nz + 1;
        } else {
            p += k;
        }
    }
    *p = '\0';
    return (size_t)(p - buf);
}

void fpc_table_num(fpc_table *t, double x)
{
    fpc_table_num_shown(t, x, -1);
}

void fpc_table_num_shown(fpc_table *t, double x, int dp)
{
    char buf[64];
    if (isnan(x) || isinf(x)) { table_cell(t, "", FPC__CELL_NULL, -1); return; }
    if (t->dp >= 0) {
        format_dp(buf, sizeof buf, x, t->dp);
        table_cell_num(t, buf, FPC__CELL_NUM, t->dp, x);
        return;
    }
    /* 15 significant digits (DBL_DIG): every decimal of up to 15 digits
     * reads back as the nearest double and prints as itself, so arithmetic
     * noise in the 16th and 17th digits (51.980000000000004) never shows.
     * The same rule as the fast CSV path of `fingerpost rates`. */
    fpc_fmt15(x, buf);
    table_cell_num(t, buf, FPC__CELL_NUM, dp > 15 ? 15 : dp, x);
}

void fpc_table_num_dp(fpc_table *t, double x, int dp)
{
    char buf[400];
    if (isnan(x) || isinf(x)) { table_cell(t, "", FPC__CELL_NULL, -1); return; }
    if (t->dp >= 0) dp = t->dp;
    if (dp < 0) { fpc_table_num(t, x); return; }
    if (dp > 15) dp = 15;
    format_dp(buf, sizeof buf, x, dp);
    table_cell_num(t, buf, FPC__CELL_NUM, dp, x);
}

void fpc_table_int(fpc_table *t, long x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", x);
    table_cell_num(t, buf, FPC__CELL_NUM, 0, (double)x);
}

int fpc_table_next_sheet(fpc_table *t, const char *sheet, const char *const *names, size_t ncols)
{
    if (t->format != FPC_TABLE_XLSX || (t->col != 0 && t->col != (size_t)-1)) return -1;
    if (t->col == (size_t)-1) table_header(t);   /* the first sheet, even empty */
    for (size_t i = 0; i < t->ncols; i++) { free(t->names[i]); free(t->priv->cells[i].text); }
    free(t->names);
    free(t->priv->cells);
    free(t->priv->sel);
    t->priv->sel = NULL;
    t->priv->nsel = 0;
    t->ncols = ncols;
    t->names = fpc_xmalloc((ncols ? ncols : 1) * sizeof *t->names);
    for (size_t i = 0; i < ncols; i++) {
        char *clean = fpc_utf8_clean(names[i]);
        t->names[i] = clean ? clean : fpc_strdup(names[i]);
    }
    t->priv->cells = fpc_xmalloc((ncols ? ncols : 1) * sizeof *t->priv->cells);
    memset(t->priv->cells, 0, (ncols ? ncols : 1) * sizeof *t->priv->cells);
    t->col = 0;
    if (!t->priv->xlsx) return -1;
    if (fpc__xlsx_sheet(t->priv->xlsx, sheet, (const char *const *)t->names, ncols) != 0) {
        t->priv->failed = 1;
        return -1;
    }
    return 0;
}

int fpc_table_end(fpc_table *t)
{
    int rc = 0;
    if (t->col == (size_t)-1) table_header(t);
    if (t->format == FPC_TABLE_JSON) fputs("\n]}\n", t->fp);
    if (t->format == FPC_TABLE_XLSX) {
        if (t->priv->failed) rc = -1;
        else if (fpc__xlsx_close(t->priv->xlsx, t->fp, t->meta_keys, t->meta_vals, t->nmeta) != 0)
            rc = -1;
        t->priv->xlsx = NULL;
    }
    for (size_t i = 0; i < t->ncols; i++) { free(t->names[i]); free(t->priv->cells[i].text); }
    for (size_t i = 0; i < t->nmeta; i++) { free(t->meta_keys[i]); free(t->meta_vals[i]); }
    free(t->names); free(t->meta_keys); free(t->meta_vals);
    free(t->priv->cells); free(t->priv->sel); free(t->priv->sheet); free(t->priv->rec);
    free(t->priv);
    memset(t, 0, sizeof *t);
    return rc;
}

void fpc_table_record(fpc_table *rec, const fpc_table *like)
{
    fpc_table_begin(rec, NULL, FPC_TABLE_CSV, (const char *const *)like->names, like->ncols);
    rec->dp = like->dp;
    rec->col = 0;                /* no header */
    rec->priv->recording = 1;
}

void fpc_table_replay(fpc_table *dst, fpc_table *rec)
{
    struct fpc_table_priv *p = rec->priv;
    for (size_t i = 0; i < p->rec_len;) {
        const char *q = p->rec + i;
        double value;
        memcpy(dst->priv->next_fill, q + 2, 8);
        memcpy(&value, q + 10, 8);
        table_cell_num(dst, q + 18, (unsigned char)q[0], (signed char)q[1], value);
        i += 18 + strlen(q + 18) + 1;
    }
    p->rec_len = 0;
    rec->nrows = 0;
}

int fpc_table_to_file(fpc_table *t, fpc_out *o, const char *path, fpc_table_format f,
                      const char *const *names, size_t ncols)
{
    if (fpc_out_open(o, path) != 0) return -1;
    return fpc_table_begin(t, o->fp, f, names, ncols);
}

int fpc_table_close_file(fpc_table *t, fpc_out *o)
{
    if (fpc_table_end(t) != 0) {
        fpc_out_abort(o);
        return -1;
    }
    return fpc_out_commit(o);
}

/* ------------------------------------------------ shared table options */

void fpc_table_opts_init(fpc_table_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = FPC_TABLE_CSV;
    o->dp = -1;
}

int fpc_table_opts_handle(fpc_table_opts *o, const char *cmd, int ch, const char *arg)
{
    switch (ch) {
    case 'f':
        if (fpc_table_format_parse(arg, &o->format) != 0)
            return fpc_usage(cmd, "unknown format '%s' (csv, tsv, md, json, xlsx)", arg);
        return 1;
    case FPC_OPT_COLUMNS: o->columns = arg; return 1;
    case FPC_OPT_ALL_COLUMNS: o->all_columns = 1; return 1;
    case FPC_OPT_DP: {
        long v;
        if (fpc_opt_whole(cmd, "--dp", arg, 0, 15, &v) != 0) return FPC_EXIT_USAGE;
        o->dp = (int)v;
        return 1;
    }
    default: return 0;
    }
}

int fpc_table_opts_last(fpc_table_opts *o, const char *cmd, int ch, const char *arg,
                        const char *optname)
{
    int h = fpc_table_opts_handle(o, cmd, ch, arg);
    if (h == FPC_EXIT_USAGE) return h;
    if (h == 0) return fpc_usage(cmd, "unknown option '%s'", optname);
    return 0;
}

int fpc_table_opts_check(const fpc_table_opts *o, const char *cmd, const char *output)
{
    if (o->format == FPC_TABLE_XLSX && (!output || !strcmp(output, "-")) && isatty(STDOUT_FILENO))
        return fpc_usage(cmd, "--format xlsx writes a workbook: give --output FILE.xlsx or redirect");
    if (o->columns && o->all_columns)
        return fpc_usage(cmd, "--columns and --all-columns cannot be used together");
    return 0;
}

int fpc_table_open(fpc_table *t, FILE *fp, const fpc_table_opts *o, const char *cmd,
                   const char *const *names, size_t ncols, const char *const *defaults,
                   const char *data_version)
{
    fpc_table_begin(t, fp, o->format, names, ncols);
    t->dp = o->dp;
    fpc_table_sheet(t, cmd);
    fpc_table_meta(t, "methods_version", FP_METHODS_VERSION);
    fpc_table_meta(t, "data_version", data_version && *data_version ? data_version : "data as given");
    int rc = fpc_table_select(t, cmd, o->columns, o->all_columns, defaults);
    if (rc != 0) {
        /* Nothing was written: end without writing the header. */
        t->format = FPC_TABLE_CSV;
        t->col = 0;
        fpc_table_end(t);
    }
    return rc;
}
