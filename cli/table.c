/* table.c -- the table writer shared by every fingerpost subcommand: CSV,
 * TSV, Markdown and JSON tables with the methods and data versions attached,
 * and the CSV formula-injection guard. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ table writer */

int fpc_table_format_parse(const char *s, fpc_table_format *f)
{
    if (!strcmp(s, "csv")) *f = FPC_TABLE_CSV;
    else if (!strcmp(s, "tsv")) *f = FPC_TABLE_TSV;
    else if (!strcmp(s, "md") || !strcmp(s, "markdown")) *f = FPC_TABLE_MD;
    else if (!strcmp(s, "json")) *f = FPC_TABLE_JSON;
    else return -1;
    return 0;
}

static void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (*p < 0x20) fprintf(fp, "\\u%04x", *p);
            else fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Text that a spreadsheet would run as a formula gets a leading apostrophe,
 * the OWASP advice for CSV injection: a leading = or @ ("=HYPERLINK(...)",
 * "@SUM(A1)"), or a leading sign unless the cell is a lone sign or a whole
 * number ("+cmd|...", and "-2+3", which Excel evaluates, as OWASP's
 * "-2+3+cmd|..." shows). A number here is a sign, digits (thousands commas
 * allowed) with at most one '.', at least one digit, then an optional
 * exponent e[+-]digits and an optional '%': "-0.41", "+5", "-1,234.5",
 * "-1.5e-05" and "-" are left alone. The one definition of the rule: the
 * table writer below and the fast CSV path of `fingerpost rates` use it. */
int fpc_csv_guard_needed(const char *s, size_t n)
{
    if (n == 0 || !fpc_csv_guard_lead((unsigned char)s[0])) return 0;
    if (s[0] == '=' || s[0] == '@') return 1;
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

static void md_field(FILE *fp, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|') fputs("\\|", fp);
        else if (*p == '\n' || *p == '\r') fputc(' ', fp);
        else fputc(*p, fp);
    }
}

int fpc_table_begin(fpc_table *t, FILE *fp, fpc_table_format f,
                    const char *const *names, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->fp = fp;
    t->format = f;
    t->ncols = ncols;
    t->names = fpc_xmalloc(ncols * sizeof *t->names);
    for (size_t i = 0; i < ncols; i++) t->names[i] = fpc_strdup(names[i]);
    t->col = (size_t)-1;  /* header not yet written */
    return 0;
}

void fpc_table_meta(fpc_table *t, const char *key, const char *value)
{
    t->meta_keys = fpc_xrealloc(t->meta_keys, (t->nmeta + 1) * sizeof *t->meta_keys);
    t->meta_vals = fpc_xrealloc(t->meta_vals, (t->nmeta + 1) * sizeof *t->meta_vals);
    t->meta_keys[t->nmeta] = fpc_strdup(key);
    t->meta_vals[t->nmeta] = fpc_strdup(value);
    t->nmeta++;
}

static void table_header(fpc_table *t)
{
    FILE *fp = t->fp;
    char sep = t->format == FPC_TABLE_TSV ? '\t' : ',';
    switch (t->format) {
    case FPC_TABLE_CSV:
    case FPC_TABLE_TSV:
        for (size_t i = 0; i < t->ncols; i++) {
            if (i) fputc(sep, fp);
            csv_field(fp, t->names[i], sep);
        }
        for (size_t i = 0; i < t->nmeta; i++) {
            fputc(sep, fp);
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
        for (size_t i = 0; i < t->ncols; i++) { fputc(' ', fp); md_field(fp, t->names[i]); fputs(" |", fp); }
        fputs("\n|", fp);
        for (size_t i = 0; i < t->ncols; i++) fputs("---|", fp);
        fputc('\n', fp);
        break;
    case FPC_TABLE_JSON:
        fputs("{\"meta\": {", fp);
        for (size_t i = 0; i < t->nmeta; i++) {
            if (i) fputs(", ", fp);
            json_string(fp, t->meta_keys[i]); fputs(": ", fp); json_string(fp, t->meta_vals[i]);
        }
        fputs("},\n\"rows\": [", fp);
        break;
    }
    t->col = 0;
}

/* Write one cell; `text` is the formatted cell, `is_num` whether JSON should
 * leave it unquoted, `is_null` for an empty/missing cell. */
static void table_cell(fpc_table *t, const char *text, int is_num, int is_null)
{
    FILE *fp = t->fp;
    char sep = t->format == FPC_TABLE_TSV ? '\t' : ',';
    if (t->col == (size_t)-1) table_header(t);
    if (t->col == 0) {
        if (t->format == FPC_TABLE_JSON) fputs(t->nrows ? ",\n{" : "\n{", fp);
        else if (t->format == FPC_TABLE_MD) fputc('|', fp);
    }
    switch (t->format) {
    case FPC_TABLE_CSV:
    case FPC_TABLE_TSV:
        if (t->col) fputc(sep, fp);
        if (!is_null) csv_field(fp, text, sep);
        break;
    case FPC_TABLE_MD:
        fputc(' ', fp);
        if (!is_null) md_field(fp, text);
        fputs(" |", fp);
        break;
    case FPC_TABLE_JSON:
        if (t->col) fputs(", ", fp);
        json_string(fp, t->names[t->col]);
        fputs(": ", fp);
        if (is_null) fputs("null", fp);
        else if (is_num) fputs(text, fp);
        else json_string(fp, text);
        break;
    }
    if (++t->col == t->ncols) {
        if (t->format == FPC_TABLE_CSV || t->format == FPC_TABLE_TSV) {
            for (size_t i = 0; i < t->nmeta; i++) {
                fputc(sep, fp);
                csv_field(fp, t->meta_vals[i], sep);
            }
            fputc('\n', fp);
        } else if (t->format == FPC_TABLE_MD) {
            fputc('\n', fp);
        } else {
            fputc('}', fp);
        }
        t->col = 0;
        t->nrows++;
    }
}

void fpc_table_str(fpc_table *t, const char *s)
{
    table_cell(t, s ? s : "", 0, s == NULL);
}

void fpc_table_num(fpc_table *t, double x)
{
    char buf[64];
    if (isnan(x) || isinf(x)) { table_cell(t, "", 1, 1); return; }
    /* The shortest of %.15g, %.16g, %.17g that reads back as x: full
     * precision without the noise digits (%.17g always round-trips). */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x) break;
    }
    table_cell(t, buf, 1, 0);
}

void fpc_table_num_dp(fpc_table *t, double x, int dp)
{
    char buf[64];
    if (isnan(x) || isinf(x)) { table_cell(t, "", 1, 1); return; }
    if (dp < 0) { fpc_table_num(t, x); return; }
    double r = fp_round_half_away(x, dp);
    if (r == 0) r = 0;  /* no "-0.0" */
    snprintf(buf, sizeof buf, "%.*f", dp, r);
    table_cell(t, buf, 1, 0);
}

void fpc_table_int(fpc_table *t, long x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", x);
    table_cell(t, buf, 1, 0);
}

void fpc_table_end(fpc_table *t)
{
    if (t->col == (size_t)-1) table_header(t);
    if (t->format == FPC_TABLE_JSON) fputs("\n]}\n", t->fp);
    for (size_t i = 0; i < t->ncols; i++) free(t->names[i]);
    for (size_t i = 0; i < t->nmeta; i++) { free(t->meta_keys[i]); free(t->meta_vals[i]); }
    free(t->names); free(t->meta_keys); free(t->meta_vals);
    memset(t, 0, sizeof *t);
}
