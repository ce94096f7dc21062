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
 * limit, Count, Denominator, Value note, ... (Fingertips' own passes, its
 * main ages and its Better/Worse verdicts, are in read_fingertips.c). */
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
         c_period, c_value, c_unit, c_pol, c_note, c_sex, c_cat_type, c_cat, c_age, c_vs_eng;
    long c_num[NUM_N];
    size_t need;
    char *last_period; size_t last_per; int last_per_ok;
    /* The last row's area cells (code, name, type, region, parent code,
     * joined by 0x1F) and the area they gave (row_area). */
    char last_akey[512]; size_t last_akey_len, last_area;
    char **bad_periods; size_t n_bad;
    /* Fingertips: main ages (first pass), breakdown rows kept. */
    fpc_ft_age *ages; size_t n_ages;
    size_t category_rows;
    /* Observations this file added, by (indicator, area, period), to find
     * repeated rows: open addressing, obs index + 1 per slot. */
    fpc_seen seen;
    fpc_ft_verdict *verdicts; size_t n_verdicts;
    size_t n_modelled;
    size_t pct_cells, pct_line;    /* cells written "15%" read as 15, the first's line */
    long pct_col;
} gen_ctx;

/* Fingertips and R write "NA" for an empty text cell. */
static int is_na(const char *s)
{
    return !strcmp(s, "NA");
}

static void upd(size_t *need, long col)
{
    if (col >= 0 && (size_t)col + 1 > *need) *need = (size_t)col + 1;
}

static const char *cellp(const fpc_row *r, long col)
{
    return (col >= 0 && (size_t)col < r->n) ? r->f[col] : "";
}

/* fpc__parse_value, also accepting a number followed by a percent sign
 * ("15%", "15.2 %"), as spreadsheets export percentages: the number is
 * kept as written (15, in the indicator's percent units) and counted in x
 * so the file gets one warning. */
static int parse_value_pct(gen_ctx *x, const fpc_row *r, long col, const char *s, double *v,
                           fp_missing *m)
{
    int pv = fpc__parse_value(s, v, m);
    if (pv >= 0) return pv;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n < 2 || s[n - 1] != '%' || n > 64) return pv;
    char buf[64];
    memcpy(buf, s, n - 1);
    buf[n - 1] = '\0';
    if (fpc__parse_number(buf, v) != 0) return pv;
    if (x->pct_cells++ == 0) { x->pct_line = r->line; x->pct_col = col; }
    return 0;
}

/* Find a tidy column by its (possibly mapped) name. */
static long tidy_col(fpc_csv *c, const fpc_row *r, const fpc_read_opts *o, fpc_column col)
{
    char norm[256];
    const char *name = (o && o->columns[col]) ? o->columns[col] : fpc_column_name(col);
    fpc__header_norm(name, norm, sizeof norm);
    const char *names[] = { norm, NULL };
    long k = fpc__header_find(c, r, names);
    if (k < 0 && o && o->columns[col])   /* asked for by name: not silently ignored */
        fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                      "no column '%s' (--map %s=%s); the file is read without it",
                      o->columns[col], fpc_column_name(col), o->columns[col]);
    return k;
}

/* A Fingertips column by its squashed name: the web export's "Lower CI 95.0
 * limit", fingertipsR's "LowerCI95.0limit" and a tidied "Lower_CI_95.0_limit"
 * are one column. */
static long ft_col(fpc_csv *c, const fpc_row *r, const char *squashed)
{
    return fpc__header_find_sq(c, r, squashed);
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
        x->c_ind = ft_col(c, r, "indicatorid");
        x->c_ind_name = ft_col(c, r, "indicatorname");
        x->c_area_code = ft_col(c, r, "areacode");
        x->c_area = ft_col(c, r, "areaname");
        x->c_area_type = ft_col(c, r, "areatype");
        x->c_region = ft_col(c, r, "parentname");
        x->c_parent_code = ft_col(c, r, "parentcode");
        x->c_period = ft_col(c, r, "timeperiod");
        x->c_value = ft_col(c, r, "value");
        x->c_note = ft_col(c, r, "valuenote");
        x->c_sex = ft_col(c, r, "sex");
        x->c_age = ft_col(c, r, "age");
        x->c_cat_type = ft_col(c, r, "categorytype");
        x->c_cat = ft_col(c, r, "category");
        x->c_vs_eng = ft_col(c, r, "comparedtoenglandvalueorpercentiles");
        x->c_unit = x->c_pol = -1;
        x->c_num[NUM_NUM] = ft_col(c, r, "count");
        x->c_num[NUM_DEN] = ft_col(c, r, "denominator");
        x->c_num[NUM_L95] = ft_col(c, r, "lowerci950limit");
        x->c_num[NUM_U95] = ft_col(c, r, "upperci950limit");
        x->c_num[NUM_L998] = ft_col(c, r, "lowerci998limit");
        x->c_num[NUM_U998] = ft_col(c, r, "upperci998limit");
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
        x->c_note = x->c_sex = x->c_cat_type = x->c_cat = x->c_age = x->c_vs_eng = -1;
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
    fp_area_kind k;
    fpc__header_norm(type, t, sizeof t);
    /* A kind in the type label other than a council's, then the ONS code's
     * kind (a combined authority's "Combined authorities" is no council). */
    if (strstr(t, "combined")) return FP_AREA_COMBINED;
    if (strstr(t, "sub-icb") || strstr(t, "sub icb") || strstr(t, "ccg")) return FP_AREA_SUB_ICB;
    if (strstr(t, "icb")) return FP_AREA_ICB;
    if (fpc_area_kind_of_code(code, &k) == 0) return k;
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

/* What a step of gen_row found: go on, skip the row (reported), or stop
 * reading the file (out of memory, a dataset limit). */
enum { ROW_OK = 0, ROW_SKIP = 1, ROW_STOP = 2 };

/* The series key: the indicator ID, then the breakdown when it is not the
 * default one -- a sex other than persons, an age other than the
 * indicator's main age, a category (deprivation decile, ethnicity):
 * "90284/Male", "90284/0-9 yrs", "90284/County & UA deprivation deciles
 * ...: Most deprived decile". Writes the key into code and the breakdown
 * alone into bdown; returns the breakdown's length (0: none). */
static size_t series_key(gen_ctx *x, const fpc_row *r, const char *id, char *code,
                         size_t codesz, char *bdown, size_t bdownsz)
{
    const char *sex = cellp(r, x->c_sex), *age = cellp(r, x->c_age);
    const char *ctype = cellp(r, x->c_cat_type), *cat = cellp(r, x->c_cat);
    if (is_na(sex) || !strcasecmp(sex, "Persons")) sex = "";
    if (is_na(ctype)) ctype = "";
    if (is_na(cat)) cat = "";
    if (is_na(age)) age = "";
    if (*age) {
        const char *main = NULL;
        for (size_t i = 0; i < x->n_ages; i++)
            if (!strcmp(x->ages[i].id, id)) { main = x->ages[i].age; break; }
        if (main && !strcmp(main, age)) age = "";
    }
    size_t bl = 0;
    bdown[0] = '\0';
    if (*sex) bl += (size_t)snprintf(bdown + bl, bdownsz - bl, "%s", sex);
    if (*age && bl < bdownsz)
        bl += (size_t)snprintf(bdown + bl, bdownsz - bl, "%s%s", bl ? "/" : "", age);
    if ((*ctype || *cat) && bl < bdownsz) {
        bl += (size_t)snprintf(bdown + bl, bdownsz - bl, "%s%s%s%s", bl ? "/" : "",
                               ctype, *ctype && *cat ? ": " : "", cat);
        x->category_rows++;
    }
    if (bl >= bdownsz) return (size_t)-1;   /* too long: never cut (two would merge) */
    int k = bl ? snprintf(code, codesz, "%s/%s", id, bdown) : snprintf(code, codesz, "%s", id);
    if (k < 0 || (size_t)k >= codesz) return (size_t)-1;
    return bl;
}

/* The indicator's name, unit and polarity from the row's cells where the
 * indicator has none yet: the name with its breakdown in words ("Name
 * (Male, 0-9 yrs)"); a unit or polarity that cannot be read is reported. */
static void indicator_meta(gen_ctx *x, fpc_csv *c, const fpc_row *r, size_t ind,
                           const char *bdown, size_t bl)
{
    fp_dataset *ds = x->ds;
    const char *iname = cellp(r, x->c_ind_name);
    fp_indicator *ip = &ds->indicators[ind];
    if (!((*iname && !*ip->name) || x->c_unit >= 0 || x->c_pol >= 0)) return;
    fp_indicator m = *ip;
    m.name = m.unit_label = m.definition = m.source = NULL;
    int change = 0;
    if (*iname && !*ip->name && fpc__utf8_ok(iname, strlen(iname))) {
        char nm[2048];
        if (bl) {
            char words[900];
            snprintf(words, sizeof words, "%s", bdown);
            for (char *q = words; *q; q++)
                if (*q == '/') *q = ',';
            snprintf(nm, sizeof nm, "%s (%s)", iname, words);
        } else {
            snprintf(nm, sizeof nm, "%s", iname);
        }
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

/* The row's indicator (its series, with the breakdown) into *ind, created
 * if new, with its metadata. */
static int row_indicator(gen_ctx *x, fpc_csv *c, const fpc_row *r, size_t *ind)
{
    const char *id = r->f[x->c_ind];
    if (!*id) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_ind + 1,
                      "empty indicator; row skipped");
        return ROW_SKIP;
    }
    if (!fpc__utf8_ok(id, strlen(id))) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_ind + 1,
                      "indicator is not valid UTF-8 text; row skipped");
        return ROW_SKIP;
    }
    char code[1024], bdown[900];
    size_t bl = series_key(x, r, id, code, sizeof code, bdown, sizeof bdown);
    if (bl == (size_t)-1) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_ind + 1,
                      "indicator code with its breakdown (sex, age, category) is longer than "
                      "%zu bytes; row skipped", sizeof code - 1);
        return ROW_SKIP;
    }
    if (fp_dataset_indicator(x->ds, code, ind) != FP_OK) return ROW_STOP;
    indicator_meta(x, c, r, *ind, bdown, bl);
    return ROW_OK;
}

/* The row's area into *area: by code, else by name (an area already known
 * by that name, from an LA code list or another file, is the same area),
 * with its kind and, for a local authority, its region. */
/* The area cells of the row joined by 0x1F into buf (size n): their
 * length, or 0 when they do not fit (the row is then not cached). */
static size_t area_key(const gen_ctx *x, const fpc_row *r, char *buf, size_t n)
{
    const long cols[] = { x->c_area_code, x->c_area, x->c_area_type, x->c_region,
                          x->c_parent_code };
    size_t k = 0;
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        const char *v = cellp(r, cols[i]);
        size_t len = strlen(v);
        if (k + len + 1 > n) return 0;
        memcpy(buf + k, v, len);
        k += len;
        buf[k++] = 0x1F;
    }
    return k;
}

/* The row's area into *area. Rows of one area usually come together: when
 * the area cells are those of the last row whose area was found, that area
 * is used again (the steps below give the same answer for the same cells;
 * 6% of reading a 5-million-row trend file). */
static int row_area_find(gen_ctx *x, fpc_csv *c, const fpc_row *r, size_t *area);

static int row_area(gen_ctx *x, fpc_csv *c, const fpc_row *r, size_t *area)
{
    char key[sizeof x->last_akey];
    size_t klen = area_key(x, r, key, sizeof key);
    if (klen && klen == x->last_akey_len && !memcmp(key, x->last_akey, klen)) {
        *area = x->last_area;
        return ROW_OK;
    }
    int st = row_area_find(x, c, r, area);
    x->last_akey_len = 0;
    if (st == ROW_OK && klen) {
        memcpy(x->last_akey, key, klen);
        x->last_akey_len = klen;
        x->last_area = *area;
    }
    return st;
}

static int row_area_find(gen_ctx *x, fpc_csv *c, const fpc_row *r, size_t *area)
{
    fp_dataset *ds = x->ds;
    const char *acode = cellp(r, x->c_area_code), *aname = cellp(r, x->c_area);
    if (is_na(acode)) acode = "";
    const char *key = *acode ? acode : aname;
    if (!*key) {
        fpc_diags_add(c->diags, 1, c->path, r->line,
                      (size_t)(x->c_area_code >= 0 ? x->c_area_code : x->c_area) + 1,
                      "empty area; row skipped");
        return ROW_SKIP;
    }
    fp_area_kind kind = area_kind(cellp(r, x->c_area_type), acode, aname);
    const char *region = NULL;
    const char *canon = NULL;
    if (kind == FP_AREA_REGION) canon = fpc_region_canonical(aname);
    if (kind == FP_AREA_LA && x->c_region >= 0) {
        const char *rg = cellp(r, x->c_region);
        const char *pc = cellp(r, x->c_parent_code);
        if (is_na(rg)) rg = "";
        if (x->c_parent_code < 0 || !strncmp(pc, "E12", 3)) {
            region = fpc_region_canonical(rg);
            if (!region && x->c_parent_code < 0 && *rg) region = rg;
        }
    }
    if (*acode || fp_dataset_find_area(ds, aname, area) != FP_OK)
        if (fpc__area(ds, x->opts, acode, canon ? canon : aname, kind, region, NULL, area) != 0)
            return ROW_STOP;
    return ROW_OK;
}

/* The row's period into *per; the last label read is remembered, since
 * rows of one period usually come together. */
static int row_period(gen_ctx *x, fpc_csv *c, const fpc_row *r, size_t *per)
{
    const char *plabel = r->f[x->c_period];
    if (!x->last_period || strcmp(x->last_period, plabel)) {
        free(x->last_period);
        x->last_period = fpc_strdup(plabel);
        x->last_per_ok = fp_dataset_period(x->ds, plabel, &x->last_per) == FP_OK;
    }
    if (!x->last_per_ok) { bad_period(x, c, r, plabel); return ROW_SKIP; }
    *per = x->last_per;
    return ROW_OK;
}

/* A value note (normalised) saying the value is not the area's own: OHID
 * gives local authorities the rate of the police force area they lie in
 * ("LAs are allocated the rate of the police force area within which they
 * sit"), or a value aggregated from lower geographies ("Aggregated from all
 * known lower geography values"), and does not compare those with
 * benchmarks ("Not compared"). A value for two areas combined (Hackney and
 * City of London) or a county's value applied to its successor OHID does
 * compare, and so is not matched here. */
static int not_own_value(const char *nb)
{
    return strstr(nb, "allocated") != NULL || strstr(nb, "aggregated from") != NULL
           || strstr(nb, "aggregated with") != NULL;
}

/* The row's value into o (or why it is missing: Fingertips leaves Value
 * empty and explains in Value note), and whether it is a modelled or
 * synthetic estimate, which OHID does not compare with England. */
static int row_value(gen_ctx *x, fpc_csv *c, const fpc_row *r, fp_obs *o)
{
    if (x->c_value >= 0) {
        const char *vs = cellp(r, x->c_value);
        double v;
        fp_missing m;
        int pv = parse_value_pct(x, r, x->c_value, vs, &v, &m);
        if (pv < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_value + 1,
                          "value '%.40s' is neither a number nor a missing-value code "
                          "(c, x, z, low, .., -, :); row skipped", vs);
            return ROW_SKIP;
        }
        if (pv == 0) { o->value = v; o->missing = FP_MISSING_NONE; }
        else {
            o->missing = m;
            const char *note = cellp(r, x->c_note);
            /* A blank value whose note says it was suppressed is "c"; any
             * other blank stays blank (shown "–" with the note as the
             * reason), not "x": the file says no more. */
            if ((m == FP_MISSING_EMPTY || m == FP_MISSING_NA) && *note && !is_na(note)) {
                char nb[256];
                fpc__header_norm(note, nb, sizeof nb);
                if (strstr(nb, "suppress")) o->missing = FP_MISSING_SUPPRESSED;
            }
        }
    }
    if (x->c_note >= 0 && o->missing == FP_MISSING_NONE) {
        char nb[256];
        fpc__header_norm(cellp(r, x->c_note), nb, sizeof nb);
        if (strstr(nb, "modelled") || strstr(nb, "synthetic") || not_own_value(nb)) {
            o->flags |= FP_OBS_MODELLED;
            x->n_modelled++;
        }
    }
    return ROW_OK;
}

/* What the file says about the observation just added (the dataset's
 * last), kept beside it: the area code the row gave when the area is keyed
 * otherwise (outputs show the file's code), the parent area (Fingertips
 * Parent Code and Name, other than England: the region compared with), the
 * value note, and, for a value that is not the area's own, why it is not
 * compared. */
static int keep_texts(gen_ctx *x, const fpc_row *r, const fp_obs *o)
{
    fp_dataset *ds = x->ds;
    const char *acode = cellp(r, x->c_area_code);
    size_t i = o->indicator, a = o->area, p = o->period;
    int st = FP_OK;
    if (*acode && !is_na(acode) && strcmp(acode, ds->areas[a].code) != 0
        && fpc__utf8_ok(acode, strlen(acode)))
        st |= fp_dataset_obs_text_set(ds, i, a, p, FP_OBS_TEXT_CODE, acode);
    const char *pc = cellp(r, x->c_parent_code), *pn = cellp(r, x->c_region);
    if (*pc && !is_na(pc) && strcmp(pc, "E92000001") != 0 && fpc__utf8_ok(pc, strlen(pc))) {
        st |= fp_dataset_obs_text_set(ds, i, a, p, FP_OBS_TEXT_PARENT, pc);
        if (*pn && !is_na(pn) && fpc__utf8_ok(pn, strlen(pn)))
            st |= fp_dataset_obs_text_set(ds, i, a, p, FP_OBS_TEXT_PARENT_NAME, pn);
    }
    const char *note = cellp(r, x->c_note);
    if (*note && !is_na(note) && fpc__utf8_ok(note, strlen(note))) {
        st |= fp_dataset_obs_text_set(ds, i, a, p, FP_OBS_TEXT_NOTE, note);
        char nb[256];
        fpc__header_norm(note, nb, sizeof nb);
        if ((o->flags & FP_OBS_MODELLED) && not_own_value(nb))
            st |= fp_dataset_obs_text_set(ds, i, a, p, FP_OBS_TEXT_NOT_COMPARED,
                                          "the value is not the area's own (allocated from "
                                          "or aggregated with another geography)");
    }
    return st == FP_OK ? 0 : -1;
}

/* The row's numeric cells (numerator, denominator, interval limits, SD)
 * into o's flags and e. Invalid counts are ignored; when both were given
 * they are kept aside (FP_OBS_COUNTS_INVALID) so a trend can say why it has
 * no counts. A negative value of a count indicator skips the row. */
static int row_numbers(gen_ctx *x, fpc_csv *c, const fpc_row *r, fp_obs *o, fp_obs_extra *e)
{
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
        int pv = k == NUM_NUM || k == NUM_DEN || k == NUM_SD ? fpc__parse_value(s, &v, &m)
                 : parse_value_pct(x, r, x->c_num[k], s, &v, &m);
        if (pv < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_num[k] + 1,
                          "'%.40s' is neither a number nor a missing-value code; cell ignored", s);
            continue;
        }
        if (pv == 0) { num[k] = v; have[k] = 1; }
    }
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
        if (have[NUM_NUM] && have[NUM_DEN]) o->flags |= (uint8_t)FP_OBS_COUNTS_INVALID;
        have[NUM_NUM] = have[NUM_DEN] = 0;
    }
    if (o->missing == FP_MISSING_NONE && o->value < 0
        && x->ds->indicators[o->indicator].unit == FP_UNIT_COUNT) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_value + 1,
                      "negative count %g; row skipped", o->value);
        return ROW_SKIP;
    }
    for (int k = 0; k < NUM_N; k++)
        if (have[k]) o->flags |= (uint8_t)flag_of[k];
    memset(e, 0, sizeof *e);
    if (have[NUM_NUM] || (o->flags & FP_OBS_COUNTS_INVALID)) e->numerator = num[NUM_NUM];
    if (have[NUM_DEN] || (o->flags & FP_OBS_COUNTS_INVALID)) e->denominator = num[NUM_DEN];
    if (have[NUM_SD]) e->sd = num[NUM_SD];
    if (have[NUM_L95] && have[NUM_U95]
        && ci_ok(x, c, r, o, num[NUM_L95], num[NUM_U95], NUM_L95, "95%")) {
        o->flags |= FP_OBS_CI95; e->lower95 = num[NUM_L95]; e->upper95 = num[NUM_U95];
    }
    if (have[NUM_L998] && have[NUM_U998]
        && ci_ok(x, c, r, o, num[NUM_L998], num[NUM_U998], NUM_L998, "99.8%")) {
        o->flags |= FP_OBS_CI998; e->lower998 = num[NUM_L998]; e->upper998 = num[NUM_U998];
    }
    return ROW_OK;
}

/* OHID's own verdict against England on the observation just added (the
 * dataset's last), kept to infer the polarity. */
static void keep_verdict(gen_ctx *x, const fpc_row *r, const fp_obs *o)
{
    if (x->c_vs_eng < 0 || o->missing != FP_MISSING_NONE) return;
    const char *v = cellp(r, x->c_vs_eng);
    int better = !strcasecmp(v, "Better") ? 1 : !strcasecmp(v, "Worse") ? 0 : -1;
    if (better < 0) return;
    x->verdicts = fpc_xrealloc(x->verdicts, (x->n_verdicts + 1) * sizeof *x->verdicts);
    x->verdicts[x->n_verdicts].obs = x->ds->n_obs - 1;
    x->verdicts[x->n_verdicts].better = better;
    x->n_verdicts++;
}

/* The CSV layer's row callback: the header, then one observation a row,
 * read in steps (indicator, area, period, value, numbers), each of which
 * may skip the row (reported) or stop reading. Nonzero stops. */
static int gen_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    gen_ctx *x = ctx;
    if (r->is_header) return gen_header(x, c, r);
    if (fpc__row_short(c, r, x->need)) return 0;
    size_t ind, area, per;
    int st = row_indicator(x, c, r, &ind);
    if (st == ROW_OK) st = row_area(x, c, r, &area);
    if (st == ROW_OK) st = row_period(x, c, r, &per);
    if (st != ROW_OK) return st == ROW_STOP;
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = ind;
    o.area = area;
    o.period = per;
    o.line = r->line <= UINT32_MAX ? (uint32_t)r->line : 0;
    o.missing = FP_MISSING_EMPTY;
    fp_obs_extra e;
    st = row_value(x, c, r, &o);
    if (st == ROW_OK) st = row_numbers(x, c, r, &o, &e);
    if (st != ROW_OK) return st == ROW_STOP;
    /* The same (indicator, area, period) again in this file: an identical
     * row is dropped (warned once at the end); a different one is an error
     * naming both lines, and the first is kept. */
    int added = fpc__seen_add(&x->seen, x->ds, c->path, c->diags, &o, &e);
    if (added < 0) return 1;
    if (added > 0) return 0;
    keep_verdict(x, r, &o);
    if (keep_texts(x, r, &x->ds->obs[x->ds->n_obs - 1]) != 0) return 1;
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
    if (fingertips) {
        /* Read to the end and kept open for the second pass, so standard
         * input, pipes and FIFOs are read once. */
        fpc__ft_main_ages(path, &x.ages, &x.n_ages);
    }
    int rc = fpc__csv_read(&c, path, d, gen_row, &x, 0);
    if (x.category_rows)
        fpc_diags_add(d, 0, path, 0, 0,
                      "%zu rows break an indicator down by category (Category Type): each "
                      "category is kept as a series of its own", x.category_rows);
    fpc__seen_report(&x.seen, path, d);
    if (x.n_modelled)
        fpc_diags_add(d, 0, path, 0, 0,
                      "%zu values are modelled or synthetic estimates, or not the area's own "
                      "(allocated from or aggregated with another geography; Value note): "
                      "kept, marked so that they are not compared with benchmarks", x.n_modelled);
    if (x.pct_cells)
        fpc_diags_add(d, 0, path, x.pct_line, (size_t)x.pct_col + 1,
                      "%zu value%s written with a percent sign (\"15%%\") read as the number "
                      "before it (15): the indicator's unit should be a percentage",
                      x.pct_cells, x.pct_cells == 1 ? "" : "s");
    /* Fingertips' own metadata beside the file (fetch writes it) comes
     * first: its polarity is then checked against the verdicts, not inferred. */
    if (rc == 0 && fingertips) fpc__ft_meta_apply(path, ds, ind_from, d);
    if (rc == 0 && fingertips)
        fpc__ft_infer_polarity(ds, x.verdicts, x.n_verdicts, &x.seen, path, d);
    if (rc == 0) {
        fpc__post_file_checks(path, o, ds, from, ind_from,
                              x.c_num[NUM_NUM] >= 0 ? (size_t)x.c_num[NUM_NUM] + 1 : 0, d);
        fpc__version_append(ds, path, c.hash);
    }
    free(x.last_period);
    for (size_t i = 0; i < x.n_bad; i++) free(x.bad_periods[i]);
    free(x.bad_periods);
    fpc__ft_ages_free(x.ages, x.n_ages);
    fpc__seen_free(&x.seen);
    free(x.verdicts);
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
