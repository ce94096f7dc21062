/* read_ftmeta.c -- OHID Fingertips indicator metadata, as the API's
 * /api/indicator_metadata/csv/... endpoints serve it and `fingerpost fetch
 * fingertips` saves it beside the data (X.meta.csv beside X.csv).
 *
 * Columns used (names compared squashed, as the data's): "Indicator ID",
 * "Unit" ("%", "per 10,000", ...), "Value type", "Polarity", "Definition",
 * "Data source"; the other 20-odd columns (rationale, methodology, caveats,
 * ...) are kept in the file for people and not read. Column list as
 * fingertipsR's indicator_metadata() declares it (R/indicator_metadata.R).
 *
 * Polarity vocabulary (Fingertips' own, padded with spaces by the API):
 * "RAG - High is good" -> higher is better, "RAG - Low is good" -> lower is
 * better; "BOB - Blue orange blue", "Not applicable", "No judgement" and an
 * empty cell -> no judgement (fingerpost then says higher/lower, never
 * better/worse). Anything else is reported and ignored. */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { M_ID, M_UNIT, M_VTYPE, M_POL, M_DEF, M_SOURCE, M_N };
static const char *const m_cols[M_N] = {
    "indicatorid", "unit", "valuetype", "polarity", "definition", "datasource",
};

typedef struct meta_row {
    char *f[M_N];
    size_t line;
} meta_row;

typedef struct meta_ctx {
    long col[M_N];
    meta_row *rows;
    size_t n;
} meta_ctx;

static int meta_row_fn(void *ctx, fpc_csv *c, const fpc_row *r)
{
    meta_ctx *x = ctx;
    if (r->is_header) {
        for (int k = 0; k < M_N; k++) x->col[k] = fpc__header_find_sq(c, r, m_cols[k]);
        if (x->col[M_ID] < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                          "missing column 'Indicator ID' (not Fingertips indicator metadata)");
            return 1;
        }
        return 0;
    }
    const char *id = (size_t)x->col[M_ID] < r->n ? r->f[x->col[M_ID]] : "";
    if (!*id) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[M_ID] + 1,
                      "empty Indicator ID; row skipped");
        return 0;
    }
    x->rows = fpc_xrealloc(x->rows, (x->n + 1) * sizeof *x->rows);
    meta_row *m = &x->rows[x->n++];
    m->line = r->line;
    for (int k = 0; k < M_N; k++) {
        const char *v = x->col[k] >= 0 && (size_t)x->col[k] < r->n ? r->f[x->col[k]] : "";
        size_t len = strlen(v);
        while (len && (v[len - 1] == ' ' || v[len - 1] == '\t')) len--;
        while (len && (*v == ' ' || *v == '\t')) { v++; len--; }
        if (len == 2 && !strncmp(v, "NA", 2)) len = 0;
        m->f[k] = fpc_xmalloc(len + 1);
        memcpy(m->f[k], v, len);
        m->f[k][len] = '\0';
    }
    return 0;
}

static void meta_free(meta_ctx *x)
{
    for (size_t i = 0; i < x->n; i++)
        for (int k = 0; k < M_N; k++) free(x->rows[i].f[k]);
    free(x->rows);
}

/* Fingertips polarity text: 0 known (*p), -1 not recognised. */
static int ft_polarity(const char *s, fp_polarity *p)
{
    if (!strncasecmp(s, "RAG - High", 10)) { *p = FP_POLARITY_HIGH; return 0; }
    if (!strncasecmp(s, "RAG - Low", 9)) { *p = FP_POLARITY_LOW; return 0; }
    if (!*s || !strncasecmp(s, "BOB", 3) || !strcasecmp(s, "Not applicable")
        || !strcasecmp(s, "No judgement")) { *p = FP_POLARITY_NONE; return 0; }
    return -1;
}

int fpc__read_ft_meta(const char *path, fpc_diags *d, size_t *n_rows, uint64_t *hash)
{
    meta_ctx x;
    memset(&x, 0, sizeof x);
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, meta_row_fn, &x, 0);
    for (size_t i = 0; rc == 0 && i < x.n; i++) {
        fp_polarity p;
        if (ft_polarity(x.rows[i].f[M_POL], &p) != 0)
            fpc_diags_add(d, 0, path, x.rows[i].line, (size_t)x.col[M_POL] + 1,
                          "polarity '%.60s' is not one Fingertips uses (RAG - High is good, RAG - "
                          "Low is good, BOB - Blue orange blue, Not applicable); ignored",
                          x.rows[i].f[M_POL]);
    }
    if (n_rows) *n_rows = x.n;
    if (hash) *hash = c.hash;
    meta_free(&x);
    return rc;
}

/* The sidecar of a data file: X.meta.csv for X.csv (NULL for standard
 * input, a name without .csv, or no such regular file). */
static char *sidecar(const char *path)
{
    size_t n = strlen(path);
    if (!strcmp(path, "-") || n < 5 || strcmp(path + n - 4, ".csv") != 0) return NULL;
    if (n >= 9 && !strcmp(path + n - 9, ".meta.csv")) return NULL;
    char *s = fpc_xmalloc(n + 6);
    memcpy(s, path, n - 4);
    strcpy(s + n - 4, ".meta.csv");
    struct stat st;
    if (stat(s, &st) != 0 || !S_ISREG(st.st_mode)) { free(s); return NULL; }
    return s;
}

/* The indicator ID of a series code: "90284" of "90284" and "90284/Male". */
static int id_matches(const char *code, const char *id)
{
    size_t k = strlen(id);
    return !strncmp(code, id, k) && (code[k] == '\0' || code[k] == '/');
}

void fpc__ft_meta_apply(const char *path, fp_dataset *ds, size_t ind_from, fpc_diags *d)
{
    char *mp = sidecar(path);
    if (!mp) return;
    meta_ctx x;
    memset(&x, 0, sizeof x);
    fpc_csv c;
    if (fpc__csv_read(&c, mp, d, meta_row_fn, &x, 0) != 0) {
        meta_free(&x);
        free(mp);
        return;
    }
    for (size_t r = 0; r < x.n; r++) {
        const meta_row *m = &x.rows[r];
        fp_polarity pol;
        int have_pol = ft_polarity(m->f[M_POL], &pol) == 0;
        fp_unit unit;
        double mult = 1;
        int have_unit = *m->f[M_UNIT] && fp_unit_parse(m->f[M_UNIT], &unit, &mult) == FP_OK;
        size_t series = 0;
        for (size_t i = ind_from; i < ds->n_indicators; i++) {
            fp_indicator *ind = &ds->indicators[i];
            if (!id_matches(ind->code, m->f[M_ID])) continue;
            fp_indicator s = *ind;
            s.name = s.unit_label = s.definition = s.source = NULL;
            if (have_pol && ind->polarity == FP_POLARITY_NONE) s.polarity = pol;
            if (have_unit && ind->unit == FP_UNIT_UNKNOWN) {
                s.unit = unit;
                s.multiplier = mult;
                s.unit_label = m->f[M_UNIT];
            }
            if (!*ind->definition && *m->f[M_DEF]) s.definition = m->f[M_DEF];
            if (!*ind->source && *m->f[M_SOURCE]) s.source = m->f[M_SOURCE];
            fp_dataset_indicator_set(ds, i, &s);
            series++;
        }
        if (series)
            fpc_diags_add(d, 0, mp, m->line, 0,
                          "indicator '%s': polarity '%s' and unit '%s' from the Fingertips "
                          "metadata (%zu series)", m->f[M_ID],
                          have_pol ? fp_polarity_name(pol) : "not given",
                          have_unit ? m->f[M_UNIT] : "not given", series);
    }
    fpc__version_append(ds, mp, c.hash);
    meta_free(&x);
    free(mp);
}
