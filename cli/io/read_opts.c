/* read_opts.c -- reading options (fpc_read_opts): the tidy format's column
 * names and --map, EES indicator mappings (--ees-indicator), polarities by
 * code (--polarity CODE=...), and the indicator-definitions file that adds
 * to them. */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const column_names[FPC_COL_N] = {
    "indicator", "indicator_name", "area", "area_code", "area_type", "region", "period",
    "numerator", "denominator", "value", "unit", "polarity", "lower95_0cl", "upper95_0cl",
    "lower99_8cl", "upper99_8cl", "sd",
};

const char *fpc_column_name(fpc_column c)
{
    return (c >= 0 && c < FPC_COL_N) ? column_names[c] : "";
}

void fpc_read_opts_init(fpc_read_opts *o)
{
    memset(o, 0, sizeof *o);
}

int fpc_read_opts_map(fpc_read_opts *o, char *spec)
{
    char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) return -1;
    *eq = '\0';
    for (int i = 0; i < FPC_COL_N; i++)
        if (!strcmp(spec, column_names[i])) {
            o->columns[i] = eq + 1;
            *eq = '=';
            return 0;
        }
    *eq = '=';
    return -1;
}

/* --------------------------------------------------- definitions */

/* A trimmed copy of the first n bytes of s. */
static char *fpc__strndup_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char *d = fpc_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? fpc_strdup(s) : NULL;
}

static void ees_map_free(fpc_ees_map *m)
{
    free(m->code); free(m->name); free(m->unit); free(m->polarity);
    free(m->value); free(m->numerator); free(m->denominator); free(m->lower95); free(m->upper95);
    free(m->source);
    for (size_t i = 0; i < m->n_filters; i++) { free(m->filter_col[i]); free(m->filter_val[i]); }
    free(m->filter_col); free(m->filter_val);
    for (size_t i = 0; i < m->n_den; i++) { free(m->den_col[i]); free(m->den_val[i]); }
    free(m->den_col); free(m->den_val);
}

void fpc__read_opts_free_entries(fpc_read_opts *o)
{
    for (size_t i = 0; i < o->n_ees; i++) ees_map_free(&o->ees[i]);
    for (size_t i = 0; i < o->n_pols; i++) free(o->pols[i].code);
}

void fpc_read_opts_free(fpc_read_opts *o)
{
    if (!o) return;
    fpc__read_opts_free_entries(o);
    free(o->ees);
    free(o->pols);
    o->ees = NULL; o->n_ees = 0; o->pols = NULL; o->n_pols = 0;
}

static void add_filter(fpc_ees_map *m, const char *col, const char *val)
{
    m->filter_col = fpc_xrealloc(m->filter_col, (m->n_filters + 1) * sizeof *m->filter_col);
    m->filter_val = fpc_xrealloc(m->filter_val, (m->n_filters + 1) * sizeof *m->filter_val);
    m->filter_col[m->n_filters] = fpc_strdup(col);
    m->filter_val[m->n_filters] = fpc_strdup(val);
    m->n_filters++;
}

static void add_den_filter(fpc_ees_map *m, const char *col, const char *val)
{
    m->den_col = fpc_xrealloc(m->den_col, (m->n_den + 1) * sizeof *m->den_col);
    m->den_val = fpc_xrealloc(m->den_val, (m->n_den + 1) * sizeof *m->den_val);
    m->den_col[m->n_den] = fpc_strdup(col);
    m->den_val[m->n_den] = fpc_strdup(val);
    m->n_den++;
}

/* Parse "COL=VAL;COL2=VAL2" (filters, or with den the denominator row's
 * replacements); -1 on an item without '='. */
static int parse_filters_to(fpc_ees_map *m, const char *text, int den)
{
    size_t n;
    char **parts = fpc_split(text, ';', &n);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *eq = strchr(parts[i], '=');
        if (!*parts[i]) continue;
        if (!eq || eq == parts[i]) { rc = -1; continue; }
        *eq = '\0';
        if (den) add_den_filter(m, parts[i], eq + 1);
        else add_filter(m, parts[i], eq + 1);
    }
    fpc_free_strv(parts);
    return rc;
}

static int parse_filters(fpc_ees_map *m, const char *text)
{
    return parse_filters_to(m, text, 0);
}

static int map_check(const fpc_ees_map *m, const char **why)
{
    if (!m->code || !*m->code) { *why = "no indicator code"; return -1; }
    if (m->n_den && !(m->numerator && m->denominator)) {
        *why = "denominator_filter needs numerator:COLUMN and denominator:COLUMN";
        return -1;
    }
    if (!m->value && !(m->numerator && m->denominator)) {
        *why = "give value:COLUMN, or numerator:COLUMN and denominator:COLUMN";
        return -1;
    }
    if (m->polarity) {
        fp_polarity p;
        if (fp_polarity_parse(m->polarity, &p) != FP_OK) { *why = "polarity is not high, low or none"; return -1; }
    }
    if (m->unit) {
        fp_unit u; double mu;
        if (fp_unit_parse(m->unit, &u, &mu) != FP_OK) { *why = "unit not recognised (%, per 10,000, ...)"; return -1; }
    }
    return 0;
}

/* Add a definition; one that repeats an earlier one's code and source (the
 * same file given twice) is dropped: the first is kept. */
static void push_map(fpc_read_opts *o, fpc_ees_map *m)
{
    for (size_t i = 0; i < o->n_ees; i++)
        if (!strcmp(o->ees[i].code, m->code)
            && ((!o->ees[i].source && !m->source)
                || (o->ees[i].source && m->source && !strcmp(o->ees[i].source, m->source)))) {
            ees_map_free(m);
            return;
        }
    o->ees = fpc_xrealloc(o->ees, (o->n_ees + 1) * sizeof *o->ees);
    o->ees[o->n_ees++] = *m;
}

int fpc_read_opts_ees(fpc_read_opts *o, const char *spec, const char **why)
{
    fpc_ees_map m;
    memset(&m, 0, sizeof m);
    *why = "want CODE=value:COLUMN,numerator:COLUMN,denominator:COLUMN,filter:COLUMN=VALUE,...";
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec) return -1;
    m.code = fpc__strndup_trim(spec, (size_t)(eq - spec));
    size_t n;
    char **parts = fpc_split(eq + 1, ',', &n);
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        char *colon = strchr(parts[i], ':');
        if (!colon) { bad = 1; break; }
        *colon = '\0';
        const char *k = parts[i], *v = colon + 1;
        char **slot = !strcmp(k, "value") ? &m.value : !strcmp(k, "numerator") ? &m.numerator
                    : !strcmp(k, "denominator") ? &m.denominator : !strcmp(k, "lower95") ? &m.lower95
                    : !strcmp(k, "upper95") ? &m.upper95 : !strcmp(k, "name") ? &m.name
                    : !strcmp(k, "unit") ? &m.unit : !strcmp(k, "polarity") ? &m.polarity
                    : !strcmp(k, "source") ? &m.source : NULL;
        if (slot) { free(*slot); *slot = dup_or_null(v); }
        else if (!strcmp(k, "filter")) { if (parse_filters(&m, v)) bad = 1; }
        else if (!strcmp(k, "denominator_filter")) { if (parse_filters_to(&m, v, 1)) bad = 1; }
        else bad = 1;
    }
    fpc_free_strv(parts);
    if (bad || map_check(&m, why)) { ees_map_free(&m); return -1; }
    push_map(o, &m);
    return 0;
}

int fpc_read_opts_polarity(fpc_read_opts *o, const char *spec)
{
    const char *eq = strchr(spec, '=');
    fp_polarity p;
    if (!eq || eq == spec || fp_polarity_parse(eq + 1, &p) != FP_OK) return -1;
    o->pols = fpc_xrealloc(o->pols, (o->n_pols + 1) * sizeof *o->pols);
    o->pols[o->n_pols].code = fpc__strndup_trim(spec, (size_t)(eq - spec));
    o->pols[o->n_pols].polarity = p;
    o->n_pols++;
    return 0;
}

/* Indicator-definitions file: indicator, name, source, value, numerator,
 * denominator, lower95, upper95, filter, unit, polarity. */
enum { D_IND, D_NAME, D_SOURCE, D_VALUE, D_NUM, D_DEN, D_L95, D_U95, D_FILTER, D_DEN_FILTER,
       D_UNIT, D_POL, D_N };
static const char *const d_cols[D_N] = {
    "indicator", "name", "source", "value", "numerator", "denominator", "lower95", "upper95",
    "filter", "denominator_filter", "unit", "polarity",
};

typedef struct defs_ctx {
    fpc_read_opts *o;
    long col[D_N];
} defs_ctx;

static int defs_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    defs_ctx *x = ctx;
    if (r->is_header) {
        for (int k = 0; k < D_N; k++) {
            const char *names[] = { d_cols[k], NULL };
            x->col[k] = fpc__header_find(c, r, names);
        }
        if (x->col[D_IND] < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column 'indicator'");
            return 1;
        }
        return 0;
    }
    const char *f[D_N];
    for (int k = 0; k < D_N; k++)
        f[k] = x->col[k] >= 0 && (size_t)x->col[k] < r->n ? r->f[x->col[k]] : "";
    if (!*f[D_IND]) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[D_IND] + 1,
                      "empty indicator; row skipped");
        return 0;
    }
    int has_cols = *f[D_VALUE] || *f[D_NUM] || *f[D_DEN];
    if (!has_cols) {
        /* Only a polarity (and perhaps a unit) for an indicator of any format. */
        fp_polarity p;
        if (*f[D_POL]) {
            if (fp_polarity_parse(f[D_POL], &p) != FP_OK) {
                fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[D_POL] + 1,
                              "polarity '%.40s' not recognised (high, low, none); row skipped", f[D_POL]);
                return 0;
            }
            fpc_read_opts *o = x->o;
            o->pols = fpc_xrealloc(o->pols, (o->n_pols + 1) * sizeof *o->pols);
            o->pols[o->n_pols].code = fpc_strdup(f[D_IND]);
            o->pols[o->n_pols].polarity = p;
            o->n_pols++;
        }
        return 0;
    }
    fpc_ees_map m;
    memset(&m, 0, sizeof m);
    m.code = fpc_strdup(f[D_IND]);
    m.name = dup_or_null(f[D_NAME]);
    m.source = dup_or_null(f[D_SOURCE]);
    m.value = dup_or_null(f[D_VALUE]);
    m.numerator = dup_or_null(f[D_NUM]);
    m.denominator = dup_or_null(f[D_DEN]);
    m.lower95 = dup_or_null(f[D_L95]);
    m.upper95 = dup_or_null(f[D_U95]);
    m.unit = dup_or_null(f[D_UNIT]);
    m.polarity = dup_or_null(f[D_POL]);
    const char *why = "filter is not COLUMN=VALUE;...";
    if (parse_filters(&m, f[D_FILTER]) || parse_filters_to(&m, f[D_DEN_FILTER], 1)
        || map_check(&m, &why)) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "indicator '%s': %s; row skipped",
                      f[D_IND], why);
        ees_map_free(&m);
        return 0;
    }
    push_map(x->o, &m);
    return 0;
}

int fpc_read_indicator_defs(const char *path, fpc_read_opts *o, fpc_diags *d)
{
    defs_ctx x;
    memset(&x, 0, sizeof x);
    x.o = o;
    fpc_csv c;
    return fpc__csv_read(&c, path, d, defs_row, &x, 0);
}

