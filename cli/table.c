/* table.c -- the table writer shared by every fingerpost subcommand: CSV,
 * TSV, Markdown, JSON and XLSX tables (the workbook backend is in
 * table_xlsx.c) with the methods and data versions attached, the choice of
 * columns (--columns, --all-columns), number formatting (--dp), the options
 * every table command shares, and the CSV formula-injection guard. */
#include "cli.h"
#include "table_internal.h"

#include <math.h>
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

static void md_field(FILE *fp, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|') fputs("\\|", fp);
        else if (*p == '\n' || *p == '\r') fputc(' ', fp);
        else fputc(*p, fp);
    }
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

static long column_index(const fpc_table *t, const char *name, size_t len)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strlen(t->names[i]) == len && !memcmp(t->names[i], name, len)) return (long)i;
    return -1;
}

int fpc_table_select(fpc_table *t, const char *cmd, const char *list, int all,
                     const char *const *defaults)
{
    struct fpc_table_priv *p = t->priv;
    free(p->sel);
    p->sel = NULL;
    p->nsel = 0;
    if (all || (!(list && *list) && !defaults)) return 0;
    p->sel = fpc_xmalloc((t->ncols + 1) * sizeof *p->sel);
    if (!(list && *list)) {
        for (const char *const *d = defaults; *d; d++) {
            long k = column_index(t, *d, strlen(*d));
            if (k >= 0) p->sel[p->nsel++] = (size_t)k;
        }
        return 0;
    }
    /* Names may repeat (a column shown twice is the user's choice), so the
     * selection can be longer than the table. */
    size_t cap = t->ncols + 1;
    for (const char *s = list; *s;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && *s == ' ') { s++; len--; }
        while (len && s[len - 1] == ' ') len--;
        if (len) {
            long k = column_index(t, s, len);
            if (k < 0) {
                /* Build "a, b, c" of the valid names for the message. */
                size_t need = 1;
                for (size_t i = 0; i < t->ncols; i++) need += strlen(t->names[i]) + 2;
                char *valid = fpc_xmalloc(need), *q = valid;
                for (size_t i = 0; i < t->ncols; i++)
                    q += sprintf(q, "%s%s", i ? ", " : "", t->names[i]);
                int rc = fpc_usage(cmd, "unknown column '%.*s' in --columns; the columns are: %s",
                                   (int)len, s, valid);
                free(valid);
                return rc;
            }
            if (p->nsel == cap) {
                cap *= 2;
                p->sel = fpc_xrealloc(p->sel, cap * sizeof *p->sel);
            }
            p->sel[p->nsel++] = (size_t)k;
        }
        if (!e) break;
        s = e + 1;
    }
    if (p->nsel == 0) return fpc_usage(cmd, "--columns names no column");
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

/* Store one cell of the current row; `text` is the formatted cell, value
 * a number's full value and dp the decimals it is shown with (-1 General). */
static void table_cell_num(fpc_table *t, const char *text, int kind, int dp, double value)
{
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
    /* Bytes that are not UTF-8 become U+FFFD in every format (text.c). */
    char *clean = fpc_utf8_clean(s);
    table_cell(t, clean ? clean : s ? s : "", s ? FPC__CELL_TEXT : FPC__CELL_NULL, -1);
    free(clean);
}

/* x with dp fixed decimals, rounded half away from zero, never "-0.0". */
static void format_dp(char *buf, size_t size, double x, int dp)
{
    double r = fp_round_half_away(x, dp);
    if (r == 0) r = 0;
    snprintf(buf, size, "%.*f", dp, r);
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
    snprintf(buf, sizeof buf, "%.15g", x == 0 ? 0.0 : x);
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
    free(t->priv->cells); free(t->priv->sel); free(t->priv->sheet);
    free(t->priv);
    memset(t, 0, sizeof *t);
    return rc;
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
        double v;
        if (fpc_parse_double(arg, 0, &v) != 0 || v < 0 || v > 15 || v != floor(v))
            return fpc_usage(cmd, "--dp must be a whole number from 0 to 15, not '%s'", arg);
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
