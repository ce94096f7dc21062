/* read_ees.c -- DfE Explore Education Statistics (EES) CSV files, and the
 * indicator definitions that say which of their columns make an indicator.
 *
 * An EES file has one row per (time period, geography, filter values):
 * time_period (2025, or 202425 with time_identifier "Academic year"),
 * geographic_level (National, Regional, Local authority, ...), country_code,
 * region_code/region_name, old_la_code (the DfE LA number), new_la_code (the
 * ONS code), la_name, then filter columns (social_care_group,
 * population_type, ...) and indicator columns (counts t_..., percentages
 * pt_..., rates). Cells may hold DfE's codes x c z low u : instead of a
 * number.
 *
 * With no definition for the file, every column whose first data cell is a
 * number or a code is read as an indicator, one per combination of the
 * filter columns' values: "children_count (Children looked after on 31 March
 * each year)". A definition (--ees-indicator or an indicator-definitions
 * file, docs/data-formats.md) names the value, numerator, denominator and
 * limits columns of one indicator code and the filter values its rows have;
 * then only defined indicators are read from the files they fit (the
 * definitions are read in read_opts.c). */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ reader */

enum { G_TIME, G_TIME_ID, G_LEVEL, G_COUNTRY_CODE, G_COUNTRY_NAME, G_REGION_CODE, G_REGION_NAME,
       G_OLD_LA, G_NEW_LA, G_LA_NAME, G_N };
static const char *const g_cols[G_N] = {
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
};

/* One indicator as read from this file. */
typedef struct ees_ind {
    const fpc_ees_map *map;      /* NULL in automatic mode */
    long c_value, c_num, c_den, c_l95, c_u95;
    long *f_col; size_t n_f;     /* filter columns (map order) */
    long *d_col;                 /* denominator-row filter columns (map->den_col order) */
    double multiplier;           /* for values computed from numerator/denominator */
    /* With a denominator from another row: numerator rows wait for it. */
    struct pending { uint32_t area, period, line; int has; double num; fp_missing miss; } *pend;
    size_t n_pend;
    struct den_row { uint32_t area, period; int has; double den; } *dens;
    size_t n_dens;
} ees_ind;

typedef struct ees_ctx {
    fp_dataset *ds;
    const fpc_read_opts *opts;
    long g[G_N];
    size_t need;
    ees_ind *inds; size_t n_inds;
    /* Automatic mode: measure and filter columns, decided on the first row. */
    int automatic, decided;
    long *measures; size_t n_measures;
    long *filters; size_t n_filters;
    size_t skipped_levels, skipped_line;
    char *skipped_level;
    char **bad_periods; size_t n_bad;
    char **hnames; size_t n_hnames;   /* header names as given */
    fpc_seen seen;                    /* repeated rows */
    const char *path;
    fpc_diags *diags;
    char *last_plabel; size_t last_per; int last_ok;
    /* The month the file's split years start (time_identifier "Academic
     * year": 9, "Financial year": 4; 0 when not said): the row's, and the
     * first the file gave. */
    int ystart, file_ystart;
} ees_ctx;

/* An indicator's split years start when the file says (the first file to
 * say decides). */
static void note_year_start(ees_ctx *x, size_t ind, int ystart)
{
    if (ystart && !x->ds->indicators[ind].year_start) x->ds->indicators[ind].year_start = ystart;
}

static const char *cell(const fpc_row *r, long col)
{
    return col >= 0 && (size_t)col < r->n ? r->f[col] : "";
}

static int is_geo_col(const ees_ctx *x, size_t i)
{
    for (int k = 0; k < G_N; k++)
        if (x->g[k] == (long)i) return 1;
    return 0;
}

static long col_of(fpc_csv *c, const fpc_row *r, const char *name)
{
    char norm[256];
    fpc__header_norm(name, norm, sizeof norm);
    const char *names[] = { norm, NULL };
    return fpc__header_find(c, r, names);
}

/* Whether a definition applies to this file: its source (if any) is the
 * file's base name, with or without ".csv", and its columns exist. */
static int map_fits(fpc_csv *c, const fpc_row *r, const fpc_ees_map *m, ees_ind *out)
{
    if (m->source) {
        const char *b = fpc__basename(c->path);
        size_t n = strlen(m->source);
        if (strcmp(b, m->source) != 0
            && !(strncmp(b, m->source, n) == 0 && !strcmp(b + n, ".csv")))
            return 0;
    }
    memset(out, 0, sizeof *out);
    out->map = m;
    out->c_value = out->c_num = out->c_den = out->c_l95 = out->c_u95 = -1;
    const char *names[] = { m->value, m->numerator, m->denominator, m->lower95, m->upper95 };
    long *cols[] = { &out->c_value, &out->c_num, &out->c_den, &out->c_l95, &out->c_u95 };
    for (size_t k = 0; k < 5; k++) {
        if (!names[k]) continue;
        *cols[k] = col_of(c, r, names[k]);
        if (*cols[k] < 0) return 0;
    }
    out->f_col = fpc_xmalloc((m->n_filters + 1) * sizeof *out->f_col);
    out->d_col = fpc_xmalloc((m->n_den + 1) * sizeof *out->d_col);
    out->n_f = m->n_filters;
    for (size_t k = 0; k < m->n_filters; k++) {
        out->f_col[k] = col_of(c, r, m->filter_col[k]);
        if (out->f_col[k] < 0) { free(out->f_col); free(out->d_col); out->f_col = NULL; return 0; }
    }
    for (size_t k = 0; k < m->n_den; k++) {
        out->d_col[k] = col_of(c, r, m->den_col[k]);
        if (out->d_col[k] < 0) { free(out->f_col); free(out->d_col); out->f_col = NULL; return 0; }
    }
    out->multiplier = 1;
    if (m->unit) {
        fp_unit u;
        fp_unit_parse(m->unit, &u, &out->multiplier);
    } else if (!m->value) {
        out->multiplier = 100;   /* a proportion without a unit is a percentage */
    }
    return 1;
}

static void upd(size_t *need, long col)
{
    if (col >= 0 && (size_t)col + 1 > *need) *need = (size_t)col + 1;
}

static int ees_header(ees_ctx *x, fpc_csv *c, const fpc_row *r)
{
    for (int k = 0; k < G_N; k++) {
        const char *names[] = { g_cols[k], NULL };
        x->g[k] = fpc__header_find(c, r, names);
    }
    if (x->g[G_TIME] < 0 || x->g[G_LEVEL] < 0) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column '%s'",
                      x->g[G_TIME] < 0 ? "time_period" : "geographic_level");
        return 1;
    }
    upd(&x->need, x->g[G_TIME]);
    upd(&x->need, x->g[G_LEVEL]);
    x->hnames = fpc_xmalloc((r->n + 1) * sizeof *x->hnames);
    for (size_t i = 0; i < r->n; i++) x->hnames[i] = fpc_strdup(r->f[i]);
    x->n_hnames = r->n;
    const fpc_read_opts *o = x->opts;
    for (size_t i = 0; o && i < o->n_ees; i++) {
        ees_ind e;
        if (!map_fits(c, r, &o->ees[i], &e)) continue;
        x->inds = fpc_xrealloc(x->inds, (x->n_inds + 1) * sizeof *x->inds);
        x->inds[x->n_inds++] = e;
    }
    x->automatic = x->n_inds == 0;
    return 0;
}

/* Automatic mode: on the first data row, columns other than the
 * geography/time ones whose cell is a number or a code are measures; the
 * rest are filters. */
static void decide_columns(ees_ctx *x, fpc_csv *c, const fpc_row *r)
{
    x->decided = 1;
    x->measures = fpc_xmalloc((r->n + 1) * sizeof *x->measures);
    x->filters = fpc_xmalloc((r->n + 1) * sizeof *x->filters);
    (void)c;
    for (size_t i = 0; i < r->n && i < x->n_hnames; i++) {
        if (is_geo_col(x, i)) continue;
        double v;
        fp_missing m;
        if (fpc__parse_value(r->f[i], &v, &m) >= 0) x->measures[x->n_measures++] = (long)i;
        else x->filters[x->n_filters++] = (long)i;
    }
}

static void bad_period(ees_ctx *x, fpc_csv *c, const fpc_row *r, const char *label)
{
    for (size_t i = 0; i < x->n_bad; i++)
        if (!strcmp(x->bad_periods[i], label)) return;
    x->bad_periods = fpc_xrealloc(x->bad_periods, (x->n_bad + 1) * sizeof *x->bad_periods);
    x->bad_periods[x->n_bad++] = fpc_strdup(label);
    fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->g[G_TIME] + 1,
                  "time_period '%.40s' is not a period; rows with it are skipped", label);
}

/* EES periods: "202425" is an academic or financial year (2024/25), "2025"
 * a calendar or reporting year; anything else is parsed as a period label. */
static int ees_period(ees_ctx *x, fpc_csv *c, const fpc_row *r, size_t *per)
{
    const char *t = cell(r, x->g[G_TIME]);
    char label[64];
    size_t n = strlen(t);
    if (n == 6 && strspn(t, "0123456789") == 6) {
        snprintf(label, sizeof label, "%.4s/%.2s", t, t + 4);
        const char *id = cell(r, x->g[G_TIME_ID]);
        x->ystart = !strcasecmp(id, "Academic year") ? 9
                    : !strcasecmp(id, "Financial year") ? 4 : 0;
        if (x->ystart && !x->file_ystart) x->file_ystart = x->ystart;
    } else {
        snprintf(label, sizeof label, "%s", t);
        x->ystart = 0;
    }
    if (x->last_plabel && !strcmp(x->last_plabel, label)) {
        if (!x->last_ok) return -1;
        *per = x->last_per;
        return 0;
    }
    free(x->last_plabel);
    x->last_plabel = fpc_strdup(label);
    x->last_ok = fp_dataset_period(x->ds, label, &x->last_per) == FP_OK;
    if (!x->last_ok) { bad_period(x, c, r, t); return -1; }
    *per = x->last_per;
    return 0;
}

/* The area of a row; 1 when the level is not one fingerpost keeps. */
static int ees_area(ees_ctx *x, fpc_csv *c, const fpc_row *r, size_t *area)
{
    const char *lvl = cell(r, x->g[G_LEVEL]);
    char l[64];
    fpc__header_norm(lvl, l, sizeof l);
    const char *code, *name, *old = NULL, *region = NULL;
    fp_area_kind kind;
    if (!strcmp(l, "national")) {
        kind = FP_AREA_COUNTRY;
        code = cell(r, x->g[G_COUNTRY_CODE]);
        name = cell(r, x->g[G_COUNTRY_NAME]);
        if (!*name) name = "England";
    } else if (!strcmp(l, "regional")) {
        kind = FP_AREA_REGION;
        code = cell(r, x->g[G_REGION_CODE]);
        name = cell(r, x->g[G_REGION_NAME]);
        const char *canon = fpc_region_canonical(name);
        if (canon) name = canon;
    } else if (!strcmp(l, "local authority")) {
        kind = FP_AREA_LA;
        code = cell(r, x->g[G_NEW_LA]);
        old = cell(r, x->g[G_OLD_LA]);
        name = cell(r, x->g[G_LA_NAME]);
        region = fpc_region_canonical(cell(r, x->g[G_REGION_NAME]));
        if (!*code) code = old;
    } else {
        if (!x->skipped_levels++) {
            x->skipped_line = r->line;
            x->skipped_level = fpc_strdup(lvl);
        }
        return 1;
    }
    if (!*code && !*name) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->g[G_LEVEL] + 1,
                      "%s row without an area code or name; row skipped", lvl);
        return 1;
    }
    /* An old LA number and a new ONS code that the identity gives to two
     * different councils: the row cannot be placed (issue 22). */
    char why[320];
    if (fpc__area_codes_disagree(x->opts, code, old, why, sizeof why)) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->g[G_NEW_LA] + 1,
                      "%s; row skipped", why);
        return 1;
    }
    if (fpc__area(x->ds, x->opts, code, name, kind, region, old, area) != 0) return -1;
    return 0;
}

/* Parse a count/limit cell; 1 number, 0 empty or a code, -1 neither (reported). */
static int num_cell(fpc_csv *c, const fpc_row *r, long col, double *v)
{
    if (col < 0) return 0;
    fp_missing m;
    const char *s = cell(r, col);
    int pv = fpc__parse_value(s, v, &m);
    if (pv < 0) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)col + 1,
                      "'%.40s' is neither a number nor a missing-value code "
                      "(x, c, z, low, u, :); cell ignored", s);
        return 0;
    }
    return pv == 0;
}

static int add_obs(ees_ctx *x, fpc_csv *c, const fpc_row *r, size_t ind, size_t area, size_t per,
                   const ees_ind *e, long value_col)
{
    fp_obs o;
    fp_obs_extra ex;
    memset(&o, 0, sizeof o);
    memset(&ex, 0, sizeof ex);
    o.indicator = (uint32_t)ind;
    o.area = (uint32_t)area;
    o.period = (uint32_t)per;
    o.line = r->line <= UINT32_MAX ? (uint32_t)r->line : 0;
    double num = 0, den = 0, lo = 0, hi = 0;
    int hn = e && num_cell(c, r, e->c_num, &num);
    int hd = e && num_cell(c, r, e->c_den, &den);
    if (value_col >= 0) {
        const char *vs = cell(r, value_col);
        double v;
        fp_missing m;
        int pv = fpc__parse_value(vs, &v, &m);
        if (pv < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)value_col + 1,
                          "value '%.40s' is neither a number nor a missing-value code "
                          "(x, c, z, low, u, :); cell skipped", vs);
            return 0;
        }
        o.missing = pv == 0 ? FP_MISSING_NONE : (uint8_t)m;
        o.value = pv == 0 ? v : 0;
    } else if (hn && hd && den > 0) {
        o.value = num / den * e->multiplier;
        o.missing = FP_MISSING_NONE;
    } else {
        /* Computed value: missing as its numerator (or denominator) is. */
        fp_missing m = FP_MISSING_EMPTY;
        if (!hn && fp_missing_parse(cell(r, e->c_num), &m) != FP_OK) m = FP_MISSING_EMPTY;
        else if (hn && fp_missing_parse(cell(r, e->c_den), &m) != FP_OK) m = FP_MISSING_EMPTY;
        o.missing = (uint8_t)m;
    }
    /* A published percentage or rate with its denominator but no count
     * (NEET_percent beside Cohort_DJFavg): the count is value x den /
     * multiplier, rounded to a whole number -- approximate, as the value is
     * rounded when published. */
    if (e && e->c_num < 0 && hd && den > 0 && value_col >= 0 && o.missing == FP_MISSING_NONE) {
        num = (double)(long long)(o.value * den / e->multiplier + 0.5);
        hn = 1;
    }
    if ((hn && num < 0) || (hd && den < 0)) hn = hd = 0;
    if (hd && den == 0) hn = hd = 0;
    if (hn) { o.flags |= FP_OBS_NUMERATOR; ex.numerator = num; }
    if (hd) { o.flags |= FP_OBS_DENOMINATOR; ex.denominator = den; }
    if (e && num_cell(c, r, e->c_l95, &lo) && num_cell(c, r, e->c_u95, &hi)) {
        /* As the tidy reader (read_tidy.c ci_ok): an interval that cannot be
         * one is reported and dropped, the value kept. */
        if (lo > hi) {
            fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)e->c_l95 + 1,
                          "95%% lower limit %g is above the upper limit %g; the interval is "
                          "dropped", lo, hi);
        } else if (o.missing == FP_MISSING_NONE && (o.value < lo || o.value > hi)) {
            fpc_diags_add(c->diags, 0, c->path, r->line,
                          (size_t)(value_col >= 0 ? value_col : e->c_l95) + 1,
                          "value %g is outside its own 95%% interval [%g, %g]; the interval is "
                          "dropped", o.value, lo, hi);
        } else {
            o.flags |= FP_OBS_CI95;
            ex.lower95 = lo;
            ex.upper95 = hi;
        }
    }
    note_year_start(x, o.indicator, x->ystart);
    return fpc__seen_add(&x->seen, x->ds, x->path, x->diags, &o, &ex) < 0 ? -1 : 0;
}

/* Set a defined indicator's name, unit and polarity once. */
static void define(ees_ctx *x, size_t ind, const fpc_ees_map *m)
{
    fp_indicator *ip = &x->ds->indicators[ind];
    if (*ip->name && ip->unit != FP_UNIT_UNKNOWN) return;
    fp_indicator meta = *ip;
    meta.name = meta.unit_label = meta.definition = meta.source = NULL;
    if (!*ip->name) meta.name = m->name ? m->name : m->code;
    if (m->unit && ip->unit == FP_UNIT_UNKNOWN) {
        fp_unit_parse(m->unit, &meta.unit, &meta.multiplier);
        meta.unit_label = m->unit;
    } else if (!m->value && ip->unit == FP_UNIT_UNKNOWN) {
        meta.unit = FP_UNIT_PERCENT;
        meta.multiplier = 100;
        meta.unit_label = "%";
    }
    if (m->polarity && ip->polarity == FP_POLARITY_NONE) fp_polarity_parse(m->polarity, &meta.polarity);
    fp_dataset_indicator_set(x->ds, ind, &meta);
}

/* Automatic mode: the unit of a column from DfE's naming conventions
 * (t_ totals and _count columns are counts, pt_ and _percent percentages,
 * rate_per_10000 a rate, avg_ a mean; a score is a score, which may be
 * negative (DfE's progress scores are centred on 0), and a total of scores,
 * "t_read_progress_score" or "t_p8score", summed over pupils, is neither a
 * count nor an average: compared by value only); other columns are compared by value
 * only (unit "other"), so no comparison assumes a distribution they may not
 * have. */
static void auto_unit(fp_dataset *ds, size_t ind, const char *col)
{
    char n[256];
    fpc__header_norm(col, n, sizeof n);
    fp_indicator m = ds->indicators[ind];
    m.name = m.definition = m.source = NULL;
    m.unit_label = "";
    const char *rate = strstr(n, "rate_per_");
    if (!strncmp(n, "avg_", 4)) {
        m.unit = FP_UNIT_MEAN; m.multiplier = 1; m.unit_label = "mean";
    } else if (strstr(n, "score")) {
        m.unit = strncmp(n, "t_", 2) ? FP_UNIT_SCORE : FP_UNIT_OTHER;
        m.multiplier = 1;
        m.unit_label = strncmp(n, "t_", 2) ? "score" : "total score";
    } else if (!strncmp(n, "pt_", 3) || strstr(n, "percent")) {
        m.unit = FP_UNIT_PERCENT; m.multiplier = 100; m.unit_label = "%";
    } else if (rate && rate[9] >= '1' && rate[9] <= '9') {
        m.unit = FP_UNIT_RATE;
        m.multiplier = strtod(rate + 9, NULL);
        m.unit_label = (char *)rate;
    } else if (!strncmp(n, "t_", 2) || strstr(n, "count") || strstr(n, "number")
               || strstr(n, "population") || strstr(n, "episodes")) {
        m.unit = FP_UNIT_COUNT; m.multiplier = 1; m.unit_label = "count";
    } else {
        m.unit = FP_UNIT_OTHER; m.multiplier = 1;
    }
    fp_dataset_indicator_set(ds, ind, &m);
}

/* A definition with a denominator row: keep the row's numerator (when it
 * matches the filters) or denominator (when it matches them with the
 * denominator's replacements); the observations are made at the end. */
static int den_row_step(ees_ctx *x, fpc_csv *c, const fpc_row *r, ees_ind *e, size_t area,
                        size_t per)
{
    const fpc_ees_map *m = e->map;
    int is_num = 1, is_den = 1;
    (void)x;
    for (size_t f = 0; f < e->n_f; f++) {
        const char *v = cell(r, e->f_col[f]);
        const char *want_den = m->filter_val[f];
        for (size_t d = 0; d < m->n_den; d++)
            if (e->d_col[d] == e->f_col[f]) want_den = m->den_val[d];
        if (strcmp(v, m->filter_val[f]) != 0) is_num = 0;
        if (strcmp(v, want_den) != 0) is_den = 0;
    }
    for (size_t d = 0; d < m->n_den && is_den; d++)
        if (strcmp(cell(r, e->d_col[d]), m->den_val[d]) != 0) is_den = 0;
    if (is_num && !is_den) {
        e->pend = fpc_xrealloc(e->pend, (e->n_pend + 1) * sizeof *e->pend);
        struct pending *p = &e->pend[e->n_pend++];
        p->area = (uint32_t)area;
        p->period = (uint32_t)per;
        p->line = r->line <= UINT32_MAX ? (uint32_t)r->line : 0;
        p->has = num_cell(c, r, e->c_num, &p->num);
        if (p->has || fp_missing_parse(cell(r, e->c_num), &p->miss) != FP_OK) p->miss = FP_MISSING_EMPTY;
    } else if (is_den) {
        e->dens = fpc_xrealloc(e->dens, (e->n_dens + 1) * sizeof *e->dens);
        struct den_row *d = &e->dens[e->n_dens++];
        d->area = (uint32_t)area;
        d->period = (uint32_t)per;
        d->has = num_cell(c, r, e->c_den, &d->den);
    }
    return 0;
}

/* Make the observations of a definition with a denominator row. */
static int den_rows_finish(ees_ctx *x, ees_ind *e)
{
    if (!e->n_pend) return 0;
    size_t ind;
    if (fp_dataset_indicator(x->ds, e->map->code, &ind) != FP_OK) return -1;
    define(x, ind, e->map);
    for (size_t i = 0; i < e->n_pend; i++) {
        const struct pending *p = &e->pend[i];
        const struct den_row *d = NULL;
        for (size_t j = 0; j < e->n_dens && !d; j++)
            if (e->dens[j].area == p->area && e->dens[j].period == p->period) d = &e->dens[j];
        fp_obs o;
        fp_obs_extra ex;
        memset(&o, 0, sizeof o);
        memset(&ex, 0, sizeof ex);
        o.indicator = (uint32_t)ind;
        o.area = p->area;
        o.period = p->period;
        o.line = p->line;
        o.missing = (uint8_t)p->miss;
        if (p->has && d && d->has && d->den > 0 && p->num >= 0) {
            o.missing = FP_MISSING_NONE;
            o.value = p->num / d->den * e->multiplier;
            o.flags = FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR;
            ex.numerator = p->num;
            ex.denominator = d->den;
        } else if (p->has) {
            o.missing = FP_MISSING_EMPTY;   /* no usable denominator */
        }
        note_year_start(x, ind, x->file_ystart);
        if (fpc__seen_add(&x->seen, x->ds, x->path, x->diags, &o, &ex) < 0) return -1;
    }
    return 0;
}

static int ees_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    ees_ctx *x = ctx;
    if (r->is_header) return ees_header(x, c, r);
    if (fpc__row_short(c, r, x->need)) return 0;
    if (x->automatic && !x->decided) decide_columns(x, c, r);
    size_t area, per;
    int ar = ees_area(x, c, r, &area);
    if (ar < 0) return 1;
    if (ar > 0) return 0;
    if (ees_period(x, c, r, &per) != 0) return 0;
    if (!x->automatic) {
        for (size_t k = 0; k < x->n_inds; k++) {
            ees_ind *e = &x->inds[k];
            if (e->map->n_den) {
                if (den_row_step(x, c, r, e, area, per)) return 1;
                continue;
            }
            size_t f = 0;
            for (; f < e->n_f; f++)
                if (strcmp(cell(r, e->f_col[f]), e->map->filter_val[f]) != 0) break;
            if (f < e->n_f) continue;
            size_t ind;
            if (fp_dataset_indicator(x->ds, e->map->code, &ind) != FP_OK) return 1;
            define(x, ind, e->map);
            if (add_obs(x, c, r, ind, area, per, e, e->c_value) != 0) return 1;
        }
        return 0;
    }
    /* Automatic: one indicator per measure column and filter values. */
    char filt[1024];
    size_t k = 0;
    filt[0] = '\0';
    for (size_t f = 0; f < x->n_filters; f++) {
        const char *v = cell(r, x->filters[f]);
        if (!*v) continue;
        if (k + strlen(v) + 3 >= sizeof filt) {
            /* Never cut: two rows whose filters differ after the cut would
             * be merged into one series. */
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->filters[f] + 1,
                          "the filter values of this row are longer than %zu bytes in all; "
                          "row skipped", sizeof filt - 1);
            return 0;
        }
        k += (size_t)snprintf(filt + k, sizeof filt - k, "%s%s", k ? "; " : "", v);
    }
    for (size_t m = 0; m < x->n_measures; m++) {
        char code[1400];
        long col = x->measures[m];
        int len = k ? snprintf(code, sizeof code, "%s (%s)", x->hnames[col], filt)
                    : snprintf(code, sizeof code, "%s", x->hnames[col]);
        if (len < 0 || (size_t)len >= sizeof code) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)col + 1,
                          "measure name and filter values longer than %zu bytes; row skipped",
                          sizeof code - 1);
            return 0;
        }
        size_t ind;
        size_t before = x->ds->n_indicators;
        if (fp_dataset_indicator(x->ds, code, &ind) != FP_OK) return 1;
        if (x->ds->n_indicators > before) auto_unit(x->ds, ind, x->hnames[col]);
        if (add_obs(x, c, r, ind, area, per, NULL, col) != 0) return 1;
    }
    return 0;
}

int fpc__read_ees(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    ees_ctx x;
    memset(&x, 0, sizeof x);
    x.ds = ds;
    x.opts = o;
    x.path = path;
    x.diags = d;
    size_t from = ds->n_obs, ind_from = ds->n_indicators;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, ees_row, &x, 0);
    for (size_t i = 0; rc == 0 && i < x.n_inds; i++)
        if (x.inds[i].map->n_den && den_rows_finish(&x, &x.inds[i]) != 0) rc = FPC_EXIT_DATA;
    fpc__seen_report(&x.seen, path, d);
    if (x.skipped_levels)
        fpc_diags_add(d, 0, path, x.skipped_line, (size_t)x.g[G_LEVEL] + 1,
                      "%zu rows at geographic levels other than National, Regional and Local "
                      "authority (first: '%s') skipped", x.skipped_levels, x.skipped_level);
    if (rc == 0) {
        if (x.automatic && x.n_measures)
            fpc_diags_add(d, 0, path, 0, 0,
                          "no indicator definition fits this file: read %zu columns as "
                          "indicators per value of %zu filter columns (define indicators "
                          "with --ees-indicator or an indicator-definitions file)",
                          x.n_measures, x.n_filters);
        fpc__post_file_checks(path, o, ds, from, ind_from, 0, d);
        fpc__version_append(ds, path, c.hash);
    }
    fpc__seen_free(&x.seen);
    for (size_t i = 0; i < x.n_hnames; i++) free(x.hnames[i]);
    free(x.hnames);
    for (size_t i = 0; i < x.n_inds; i++) {
        free(x.inds[i].f_col);
        free(x.inds[i].d_col);
        free(x.inds[i].pend);
        free(x.inds[i].dens);
    }
    free(x.inds);
    free(x.measures);
    free(x.filters);
    free(x.skipped_level);
    free(x.last_plabel);
    for (size_t i = 0; i < x.n_bad; i++) free(x.bad_periods[i]);
    free(x.bad_periods);
    return rc;
}
