/* read_tidy.c -- the fingerpost tidy format (users' own data) and OHID
 * Fingertips exports. Both give values with numerators, denominators and
 * published confidence limits, one row per (indicator, area, period).
 *
 * Tidy columns (names mappable with --map): indicator, area, period,
 * numerator, denominator, value; optional indicator_name, area_code,
 * area_type, region, unit, polarity, lower95_0cl, upper95_0cl, lower99_8cl,
 * upper99_8cl, sd. Fingertips columns: Indicator ID, Indicator Name, Parent
 * Code, Parent Name, Area Code, Area Name, Area Type, Sex, Age, Category Type,
 * Category, Time period, Value, Lower/Upper CI 95.0 limit, Lower/Upper CI 99.8
 * limit, Count, Denominator, Value note, ... */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { NUM_NUM, NUM_DEN, NUM_L95, NUM_U95, NUM_L998, NUM_U998, NUM_SD, NUM_N };

typedef struct gen_ctx {
    fp_dataset *ds;
    const fpc_read_opts *opts;
    int fingertips;
    long c_ind, c_ind_name, c_area, c_area_code, c_area_type, c_region, c_parent_code,
         c_period, c_value, c_unit, c_pol, c_note, c_sex, c_cat_type;
    long c_num[NUM_N];
    size_t need;
    size_t category_rows, category_line;
    char *last_period; size_t last_per; int last_per_ok;
    char **bad_periods; size_t n_bad;
} gen_ctx;

static void upd(size_t *need, long col)
{
    if (col >= 0 && (size_t)col + 1 > *need) *need = (size_t)col + 1;
}

static const char *cellp(const fpc_row *r, long col)
{
    return (col >= 0 && (size_t)col < r->n) ? r->f[col] : "";
}

/* Find a tidy column by its (possibly mapped) name. */
static long tidy_col(fpc_csv *c, const fpc_row *r, const fpc_read_opts *o, fpc_column col)
{
    char norm[256];
    const char *name = (o && o->columns[col]) ? o->columns[col] : fpc_column_name(col);
    fpc__header_norm(name, norm, sizeof norm);
    const char *names[] = { norm, NULL };
    return fpc__header_find(c, r, names);
}

static long ft_col(fpc_csv *c, const fpc_row *r, const char *name)
{
    const char *names[] = { name, NULL };
    return fpc__header_find(c, r, names);
}

static int missing_required(fpc_csv *c, const fpc_row *r, long col, const char *name)
{
    if (col >= 0) return 0;
    fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column '%s'", name);
    return 1;
}

static int gen_header(gen_ctx *x, fpc_csv *c, const fpc_row *r)
{
    int bad = 0;
    const fpc_read_opts *o = x->opts;
    for (int k = 0; k < NUM_N; k++) x->c_num[k] = -1;
    if (x->fingertips) {
        x->c_ind = ft_col(c, r, "indicator id");
        x->c_ind_name = ft_col(c, r, "indicator name");
        x->c_area_code = ft_col(c, r, "area code");
        x->c_area = ft_col(c, r, "area name");
        x->c_area_type = ft_col(c, r, "area type");
        x->c_region = ft_col(c, r, "parent name");
        x->c_parent_code = ft_col(c, r, "parent code");
        x->c_period = ft_col(c, r, "time period");
        x->c_value = ft_col(c, r, "value");
        x->c_note = ft_col(c, r, "value note");
        x->c_sex = ft_col(c, r, "sex");
        x->c_cat_type = ft_col(c, r, "category type");
        x->c_unit = x->c_pol = -1;
        x->c_num[NUM_NUM] = ft_col(c, r, "count");
        x->c_num[NUM_DEN] = ft_col(c, r, "denominator");
        x->c_num[NUM_L95] = ft_col(c, r, "lower ci 95.0 limit");
        x->c_num[NUM_U95] = ft_col(c, r, "upper ci 95.0 limit");
        x->c_num[NUM_L998] = ft_col(c, r, "lower ci 99.8 limit");
        x->c_num[NUM_U998] = ft_col(c, r, "upper ci 99.8 limit");
        bad |= missing_required(c, r, x->c_ind, "Indicator ID");
        bad |= missing_required(c, r, x->c_area_code, "Area Code");
        bad |= missing_required(c, r, x->c_period, "Time period");
        bad |= missing_required(c, r, x->c_value, "Value");
    } else {
        x->c_ind = tidy_col(c, r, o, FPC_COL_INDICATOR);
        x->c_ind_name = tidy_col(c, r, o, FPC_COL_INDICATOR_NAME);
        x->c_area = tidy_col(c, r, o, FPC_COL_AREA);
        x->c_area_code = tidy_col(c, r, o, FPC_COL_AREA_CODE);
        x->c_area_type = tidy_col(c, r, o, FPC_COL_AREA_TYPE);
        x->c_region = tidy_col(c, r, o, FPC_COL_REGION);
        x->c_parent_code = -1;
        x->c_period = tidy_col(c, r, o, FPC_COL_PERIOD);
        x->c_value = tidy_col(c, r, o, FPC_COL_VALUE);
        x->c_unit = tidy_col(c, r, o, FPC_COL_UNIT);
        x->c_pol = tidy_col(c, r, o, FPC_COL_POLARITY);
        x->c_note = x->c_sex = x->c_cat_type = -1;
        x->c_num[NUM_NUM] = tidy_col(c, r, o, FPC_COL_NUMERATOR);
        x->c_num[NUM_DEN] = tidy_col(c, r, o, FPC_COL_DENOMINATOR);
        x->c_num[NUM_L95] = tidy_col(c, r, o, FPC_COL_LOWER95);
        x->c_num[NUM_U95] = tidy_col(c, r, o, FPC_COL_UPPER95);
        x->c_num[NUM_L998] = tidy_col(c, r, o, FPC_COL_LOWER998);
        x->c_num[NUM_U998] = tidy_col(c, r, o, FPC_COL_UPPER998);
        x->c_num[NUM_SD] = tidy_col(c, r, o, FPC_COL_SD);
        bad |= missing_required(c, r, x->c_ind, o && o->columns[FPC_COL_INDICATOR]
                                ? o->columns[FPC_COL_INDICATOR] : "indicator");
        bad |= missing_required(c, r, x->c_period, o && o->columns[FPC_COL_PERIOD]
                                ? o->columns[FPC_COL_PERIOD] : "period");
        if (x->c_area < 0 && x->c_area_code < 0)
            bad |= missing_required(c, r, -1, o && o->columns[FPC_COL_AREA]
                                    ? o->columns[FPC_COL_AREA] : "area");
        if (x->c_value < 0 && (x->c_num[NUM_NUM] < 0 || x->c_num[NUM_DEN] < 0))
            bad |= missing_required(c, r, -1, "value (or numerator and denominator)");
    }
    upd(&x->need, x->c_ind);
    upd(&x->need, x->c_period);
    upd(&x->need, x->c_area >= 0 ? x->c_area : x->c_area_code);
    if (!bad) fp_dataset_reserve(x->ds, x->ds->n_obs + c->file_size / 40 + 16);
    return bad;
}

/* The kind of an area from a type label, a code or a name. */
static fp_area_kind area_kind(const char *type, const char *code, const char *name)
{
    char t[128];
    fpc__header_norm(type, t, sizeof t);
    if (*t) {
        if (strstr(t, "england") || strstr(t, "country") || strstr(t, "national")) return FP_AREA_COUNTRY;
        if (strstr(t, "region")) return FP_AREA_REGION;
        if (strstr(t, "county") || strstr(t, "ua") || strstr(t, "district")
            || strstr(t, "local authorit") || strstr(t, "tier") || !strcmp(t, "la"))
            return FP_AREA_LA;
        return FP_AREA_OTHER;
    }
    if (!strcmp(code, "E92000001") || !strcasecmp(name, "England") || !strcmp(code, "970"))
        return FP_AREA_COUNTRY;
    if (!strncmp(code, "E12", 3) || fpc_region_canonical(name)) return FP_AREA_REGION;
    return FP_AREA_LA;
}

static void bad_period(gen_ctx *x, fpc_csv *c, const fpc_row *r, const char *label)
{
    for (size_t i = 0; i < x->n_bad; i++)
        if (!strcmp(x->bad_periods[i], label)) return;
    x->bad_periods = fpc_xrealloc(x->bad_periods, (x->n_bad + 1) * sizeof *x->bad_periods);
    x->bad_periods[x->n_bad++] = fpc_strdup(label);
    fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_period + 1,
                  "period '%.40s' is not a recognised period (2016, 2016/17, 2014-16, "
                  "2016 Q1, 2016-03, ...); rows with it are skipped", label);
}

/* A published interval that cannot be one -- lower limit above the upper,
 * or a value outside its own interval -- is reported (a warning at the
 * limit's or the value's cell) and dropped: the observation keeps its value
 * but has no interval of that level, so the interval can drive no
 * comparison or colour (a comparison then uses the interval computed from
 * numerator and denominator, when there are both, or none). Nonzero when
 * the interval is usable. lo is NUM_L95 or NUM_L998 (the upper limit's
 * column is the next). */
static int ci_ok(const gen_ctx *x, fpc_csv *c, const fpc_row *r, const fp_obs *o,
                 double lower, double upper, int lo, const char *level)
{
    if (lower > upper) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_num[lo] + 1,
                      "%s lower limit %g is above the upper limit %g; the interval is dropped",
                      level, lower, upper);
        return 0;
    }
    if (o->missing == FP_MISSING_NONE && (o->value < lower || o->value > upper)) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_value + 1,
                      "value %g is outside its own %s interval [%g, %g]; the interval is "
                      "dropped", o->value, level, lower, upper);
        return 0;
    }
    return 1;
}

static int gen_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    gen_ctx *x = ctx;
    fp_dataset *ds = x->ds;
    if (r->is_header) return gen_header(x, c, r);
    if (fpc__row_short(c, r, x->need)) return 0;
    /* Fingertips: breakdowns by category (deprivation decile, ethnicity) are
     * not area values; count and skip them. */
    if (x->c_cat_type >= 0 && *cellp(r, x->c_cat_type)) {
        if (!x->category_rows++) x->category_line = r->line;
        return 0;
    }
    const char *id = r->f[x->c_ind];
    if (!*id) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_ind + 1,
                      "empty indicator; row skipped");
        return 0;
    }
    if (!fpc__utf8_ok(id, strlen(id))) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_ind + 1,
                      "indicator is not valid UTF-8 text; row skipped");
        return 0;
    }
    char code[512];
    const char *sex = cellp(r, x->c_sex);
    if (*sex && strcasecmp(sex, "Persons") != 0) snprintf(code, sizeof code, "%s/%s", id, sex);
    else snprintf(code, sizeof code, "%s", id);
    size_t ind;
    if (fp_dataset_indicator(ds, code, &ind) != FP_OK) return 1;
    const char *iname = cellp(r, x->c_ind_name);
    fp_indicator *ip = &ds->indicators[ind];
    if ((*iname && !*ip->name) || x->c_unit >= 0 || x->c_pol >= 0) {
        fp_indicator m = *ip;
        m.name = m.unit_label = m.definition = m.source = NULL;
        int change = 0;
        if (*iname && !*ip->name && fpc__utf8_ok(iname, strlen(iname))) {
            char nm[1024];
            if (*sex && strcasecmp(sex, "Persons") != 0) snprintf(nm, sizeof nm, "%s (%s)", iname, sex);
            else snprintf(nm, sizeof nm, "%s", iname);
            m.name = nm;
            fp_dataset_indicator_set(ds, ind, &m);
            m.name = NULL;
        }
        const char *u = cellp(r, x->c_unit);
        if (*u && ip->unit == FP_UNIT_UNKNOWN) {
            if (fp_unit_parse(u, &m.unit, &m.multiplier) == FP_OK) { m.unit_label = (char *)u; change = 1; }
            else fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_unit + 1,
                               "unit '%.40s' not recognised (%%, per 1,000, per 10,000, "
                               "per 100,000, count, mean, score)", u);
        }
        const char *p = cellp(r, x->c_pol);
        if (*p && ip->polarity == FP_POLARITY_NONE) {
            fp_polarity pol;
            if (fp_polarity_parse(p, &pol) == FP_OK) { m.polarity = pol; change = 1; }
            else fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_pol + 1,
                               "polarity '%.40s' not recognised (higher, lower, none)", p);
        }
        if (change) fp_dataset_indicator_set(ds, ind, &m);
    }
    /* Area. */
    const char *acode = cellp(r, x->c_area_code), *aname = cellp(r, x->c_area);
    const char *key = *acode ? acode : aname;
    if (!*key) {
        fpc_diags_add(c->diags, 1, c->path, r->line,
                      (size_t)(x->c_area_code >= 0 ? x->c_area_code : x->c_area) + 1,
                      "empty area; row skipped");
        return 0;
    }
    fp_area_kind kind = area_kind(cellp(r, x->c_area_type), acode, aname);
    const char *region = NULL;
    const char *canon = NULL;
    if (kind == FP_AREA_REGION) canon = fpc_region_canonical(aname);
    if (kind == FP_AREA_LA && x->c_region >= 0) {
        const char *rg = cellp(r, x->c_region);
        const char *pc = cellp(r, x->c_parent_code);
        if (x->c_parent_code < 0 || !strncmp(pc, "E12", 3)) {
            region = fpc_region_canonical(rg);
            if (!region && x->c_parent_code < 0 && *rg) region = rg;
        }
    }
    size_t area;
    /* Without a code, an area already known by that name (from an LA code
     * list or another file) is the same area. */
    if (*acode || fp_dataset_find_area(ds, aname, &area) != FP_OK)
        if (fp_dataset_area(ds, key, canon ? canon : aname, kind, region, NULL, &area) != FP_OK)
            return 1;
    /* Period. */
    const char *plabel = r->f[x->c_period];
    size_t per;
    if (x->last_period && !strcmp(x->last_period, plabel)) {
        if (!x->last_per_ok) { bad_period(x, c, r, plabel); return 0; }
        per = x->last_per;
    } else {
        free(x->last_period);
        x->last_period = fpc_strdup(plabel);
        x->last_per_ok = fp_dataset_period(ds, plabel, &x->last_per) == FP_OK;
        if (!x->last_per_ok) { bad_period(x, c, r, plabel); return 0; }
        per = x->last_per;
    }
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = ind;
    o.area = area;
    o.period = per;
    o.line = r->line <= UINT32_MAX ? (uint32_t)r->line : 0;
    o.missing = FP_MISSING_EMPTY;
    if (x->c_value >= 0) {
        const char *vs = cellp(r, x->c_value);
        double v;
        fp_missing m;
        int pv = fpc__parse_value(vs, &v, &m);
        if (pv < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_value + 1,
                          "value '%.40s' is neither a number nor a missing-value code "
                          "(c, x, z, low, .., -, :); row skipped", vs);
            return 0;
        }
        if (pv == 0) { o.value = v; o.missing = FP_MISSING_NONE; }
        else {
            o.missing = m;
            /* Fingertips leaves Value empty and explains in Value note. */
            const char *note = cellp(r, x->c_note);
            if (m == FP_MISSING_EMPTY && *note) {
                char nb[256];
                fpc__header_norm(note, nb, sizeof nb);
                if (strstr(nb, "suppress")) o.missing = FP_MISSING_SUPPRESSED;
                else o.missing = FP_MISSING_NOT_AVAILABLE;
            }
        }
    }
    static const unsigned flag_of[NUM_N] = { FP_OBS_NUMERATOR, FP_OBS_DENOMINATOR, 0, 0, 0, 0,
                                             FP_OBS_SD };
    double num[NUM_N];
    int have[NUM_N];
    for (int k = 0; k < NUM_N; k++) {
        have[k] = 0;
        if (x->c_num[k] < 0) continue;
        const char *s = cellp(r, x->c_num[k]);
        double v;
        fp_missing m;
        int pv = fpc__parse_value(s, &v, &m);
        if (pv < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_num[k] + 1,
                          "'%.40s' is neither a number nor a missing-value code; cell ignored", s);
            continue;
        }
        if (pv == 0) { num[k] = v; have[k] = 1; }
    }
    /* Invalid counts are ignored; when both were given they are kept aside
     * (FP_OBS_COUNTS_INVALID) so a trend can say why it has no counts. */
    int invalid = 0;
    for (int k = NUM_NUM; k <= NUM_DEN; k++)
        if (have[k] && num[k] < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_num[k] + 1,
                          "negative count %g (%s); numerator and denominator ignored", num[k],
                          k == NUM_NUM ? "numerator" : "denominator");
            invalid = 1;
        }
    if (!invalid && have[NUM_DEN] && num[NUM_DEN] == 0) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_num[NUM_DEN] + 1,
                      "denominator is 0: no rate or proportion can be formed; numerator and "
                      "denominator ignored");
        invalid = 1;
    }
    if (invalid) {
        if (have[NUM_NUM] && have[NUM_DEN]) o.flags |= (uint8_t)FP_OBS_COUNTS_INVALID;
        have[NUM_NUM] = have[NUM_DEN] = 0;
    }
    if (o.missing == FP_MISSING_NONE && o.value < 0 && ds->indicators[ind].unit == FP_UNIT_COUNT) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_value + 1,
                      "negative count %g; row skipped", o.value);
        return 0;
    }
    for (int k = 0; k < NUM_N; k++)
        if (have[k]) o.flags |= (uint8_t)flag_of[k];
    fp_obs_extra e;
    memset(&e, 0, sizeof e);
    if (have[NUM_NUM] || (o.flags & FP_OBS_COUNTS_INVALID)) e.numerator = num[NUM_NUM];
    if (have[NUM_DEN] || (o.flags & FP_OBS_COUNTS_INVALID)) e.denominator = num[NUM_DEN];
    if (have[NUM_SD]) e.sd = num[NUM_SD];
    if (have[NUM_L95] && have[NUM_U95]
        && ci_ok(x, c, r, &o, num[NUM_L95], num[NUM_U95], NUM_L95, "95%")) {
        o.flags |= FP_OBS_CI95; e.lower95 = num[NUM_L95]; e.upper95 = num[NUM_U95];
    }
    if (have[NUM_L998] && have[NUM_U998]
        && ci_ok(x, c, r, &o, num[NUM_L998], num[NUM_U998], NUM_L998, "99.8%")) {
        o.flags |= FP_OBS_CI998; e.lower998 = num[NUM_L998]; e.upper998 = num[NUM_U998];
    }
    if (fp_dataset_add_obs_extra(ds, &o, &e) != FP_OK) return 1;
    return 0;
}

static int read_generic(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d,
                        int fingertips)
{
    gen_ctx x;
    memset(&x, 0, sizeof x);
    x.ds = ds;
    x.opts = o;
    x.fingertips = fingertips;
    size_t from = ds->n_obs, ind_from = ds->n_indicators;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, gen_row, &x, 0);
    if (x.category_rows)
        fpc_diags_add(d, 0, path, x.category_line, (size_t)x.c_cat_type + 1,
                      "%zu rows break an indicator down by category (Category Type); skipped",
                      x.category_rows);
    if (rc == 0) {
        fpc__post_file_checks(path, o, ds, from, ind_from,
                              x.c_num[NUM_NUM] >= 0 ? (size_t)x.c_num[NUM_NUM] + 1 : 0, d);
        fpc__version_append(ds, path, c.hash);
    }
    free(x.last_period);
    for (size_t i = 0; i < x.n_bad; i++) free(x.bad_periods[i]);
    free(x.bad_periods);
    return rc;
}

int fpc__read_tidy(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    return read_generic(path, o, ds, d, 0);
}

int fpc__read_fingertips(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    return read_generic(path, o, ds, d, 1);
}
