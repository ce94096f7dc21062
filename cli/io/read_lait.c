/* read_lait.c -- DfE Local Authority Interactive Tool files: the long data
 * file (bds_long.csv), its data dictionary and the LA code list.
 *
 * LAIT keys areas by the old 3-digit DfE LA number ("LA Number": Sefton 343).
 * England is 970 and the regions 980-990 (London 986, London (Inner) 987,
 * London (Outer) 988); they appear as rows like any LA. An LA row's "Region"
 * column uses names ("Inner London", "Yorkshire and The Humber") that differ
 * from the region areas' names ("London (Inner)", "Yorkshire and the
 * Humber"); fpc_region_canonical (regions.c) maps them. */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The kind of a LAIT area from its LA number. */
static fp_area_kind lait_kind(const char *num, const char *name)
{
    char *end;
    long v = strtol(num, &end, 10);
    if (*num && *end == '\0') {
        if (v == 970) return FP_AREA_COUNTRY;
        if (v >= 980 && v <= 990) return FP_AREA_REGION;
        /* LA numbers are 3 digits; "1000" is "England (discontinued)". */
        if (v < 100 || v > 999) return FP_AREA_OTHER;
        return FP_AREA_LA;
    }
    if (strcasecmp(name, "England") == 0) return FP_AREA_COUNTRY;
    if (fpc_region_canonical(name)) return FP_AREA_REGION;
    return FP_AREA_LA;
}

/* Unparseable period labels, each reported once. */
typedef struct bad_label {
    char *label;
    int warned, errored;
} bad_label;

/* A cache of the areas seen, keyed by the exact (LA Number, name, Region)
 * cells, so the usual row costs a hash and three compares. */
#define AREA_CACHE 1024
typedef struct area_slot {
    char *num, *name, *region;
    size_t num_len, name_len, region_len;
    size_t index;
} area_slot;

/* Equal cells: lengths first (known from the CSV layer), then bytes. */
static int same(const char *a, size_t alen, const char *b, size_t blen)
{
    return a && alen == blen && memcmp(a, b, alen) == 0;
}

typedef struct lait_ctx {
    area_slot cache[AREA_CACHE];
    fp_dataset *ds;
    long c_code, c_name, c_year, c_area, c_value, c_num, c_region;
    size_t need;
    char *last_code; size_t last_code_len, last_ind;
    char *last_period; size_t last_period_len, last_per; int last_per_ok;
    bad_label *bad; size_t n_bad;
    int failed;
    const fpc_read_opts *opts;
} lait_ctx;

static const char *const H_CODE[] = { "short desc", NULL };
static const char *const H_NAME[] = { "data item", NULL };
static const char *const H_YEAR[] = { "years", NULL };
static const char *const H_AREA[] = { "la and regions", NULL };
static const char *const H_VALUE[] = { "values", NULL };
static const char *const H_NUM[] = { "la number", NULL };
static const char *const H_REGION[] = { "region", NULL };

static void need_col(fpc_csv *c, const fpc_row *r, long col, const char *name, int *bad)
{
    if (col < 0) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column '%s'", name);
        *bad = 1;
    }
}

static void update_need(size_t *need, long col)
{
    if (col >= 0 && (size_t)col + 1 > *need) *need = (size_t)col + 1;
}

/* Report a period that does not parse, once per label and severity. */
static void bad_period(lait_ctx *x, fpc_csv *c, const fpc_row *r, size_t col, const char *label,
                       int has_value)
{
    bad_label *b = NULL;
    for (size_t i = 0; i < x->n_bad; i++)
        if (strcmp(x->bad[i].label, label) == 0) { b = &x->bad[i]; break; }
    if (!b) {
        x->bad = fpc_xrealloc(x->bad, (x->n_bad + 1) * sizeof *x->bad);
        b = &x->bad[x->n_bad++];
        b->label = fpc_strdup(label);
        b->warned = b->errored = 0;
    }
    if (has_value && !b->errored) {
        b->errored = 1;
        fpc_diags_add(c->diags, 1, c->path, r->line, col,
                      "period '%s' is not a recognised period; rows with it are skipped", label);
    } else if (!has_value && !b->warned && !b->errored) {
        b->warned = 1;
        fpc_diags_add(c->diags, 0, c->path, r->line, col,
                      "period '%s' is not a recognised period; rows with it (all without values "
                      "so far) are skipped", label);
    }
}

/* The header row: find the columns. Nonzero (the file is unusable) when a
 * required one is missing. */
static int lait_header(lait_ctx *x, fpc_csv *c, const fpc_row *r)
{
    int bad = 0;
    x->c_code = fpc__header_find(c, r, H_CODE);
    x->c_name = fpc__header_find(c, r, H_NAME);
    x->c_year = fpc__header_find(c, r, H_YEAR);
    x->c_area = fpc__header_find(c, r, H_AREA);
    x->c_value = fpc__header_find(c, r, H_VALUE);
    x->c_num = fpc__header_find(c, r, H_NUM);
    x->c_region = fpc__header_find(c, r, H_REGION);
    need_col(c, r, x->c_code, "Short Desc", &bad);
    need_col(c, r, x->c_year, "Years", &bad);
    need_col(c, r, x->c_value, "Values", &bad);
    if (x->c_area < 0 && x->c_num < 0) need_col(c, r, -1, "LA Number", &bad);
    long cols[] = { x->c_code, x->c_name, x->c_year, x->c_area, x->c_value, x->c_num,
                    x->c_region };
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) update_need(&x->need, cols[i]);
    if (bad) x->failed = 1;
    /* LAIT rows are about 60 bytes: reserve for the whole file at once. */
    if (!bad) fp_dataset_reserve(x->ds, x->ds->n_obs + c->file_size / 40 + 16);
    return bad;
}

/* The row helpers return 0 (go on, *out set), 1 (row skipped, reported) or
 * -1 (out of memory: stop). */

/* The row's indicator: rows come grouped by indicator, so the last one is
 * remembered. */
static int row_indicator(lait_ctx *x, fpc_csv *c, const fpc_row *r, size_t *ind)
{
    fp_dataset *ds = x->ds;
    const char *code = r->f[x->c_code];
    if (!*code) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_code + 1,
                      "empty indicator code (Short Desc); row skipped");
        return 1;
    }
    size_t code_len = r->len[x->c_code];
    if (same(x->last_code, x->last_code_len, code, code_len)) {
        *ind = x->last_ind;
    } else {
        if (!fpc__utf8_ok(code, r->len[x->c_code])) {
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_code + 1,
                          "indicator code is not valid UTF-8; row skipped");
            return 1;
        }
        if (fp_dataset_indicator(ds, code, ind) != FP_OK) return -1;
        free(x->last_code);
        x->last_code = fpc_strdup(code);
        x->last_code_len = code_len;
        x->last_ind = *ind;
    }
    if (x->c_name >= 0 && *r->f[x->c_name] && !*ds->indicators[*ind].name) {
        fp_indicator m = ds->indicators[*ind];
        m.name = r->f[x->c_name];
        m.unit_label = m.definition = m.source = NULL;
        fp_dataset_indicator_set(ds, *ind, &m);
    }
    return 0;
}

/* The row's area, keyed by the LA number, through the area cache. */
static int row_area(lait_ctx *x, fpc_csv *c, const fpc_row *r, size_t *area)
{
    const char *num = x->c_num >= 0 ? r->f[x->c_num] : "";
    const char *name = x->c_area >= 0 ? r->f[x->c_area] : "";
    size_t name_len = x->c_area >= 0 ? r->len[x->c_area] : 0;
    const char *key = *num ? num : name;
    size_t key_len = *num ? r->len[x->c_num] : name_len;
    if (!*key) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)(x->c_num >= 0 ? x->c_num : x->c_area) + 1,
                      "no area (LA Number and LA and Regions are empty); row skipped");
        return 1;
    }
    const char *rraw = x->c_region >= 0 ? r->f[x->c_region] : "";
    size_t rraw_len = x->c_region >= 0 ? r->len[x->c_region] : 0;
    area_slot *slot = &x->cache[fpc_hash_str(key) % AREA_CACHE];
    if (same(slot->num, slot->num_len, key, key_len)
        && same(slot->name, slot->name_len, name, name_len)
        && same(slot->region, slot->region_len, rraw, rraw_len)) {
        *area = slot->index;
        return 0;
    }
    fp_area_kind kind = lait_kind(num, name);
    const char *region = NULL;
    if (kind == FP_AREA_LA) region = fpc_region_canonical(rraw);
    if (fpc__area(x->ds, x->opts, num, name, kind, region, *num ? num : NULL, area) != 0)
        return -1;
    free(slot->num); free(slot->name); free(slot->region);
    slot->num = fpc_strdup(key);
    slot->name = fpc_strdup(name);
    slot->region = fpc_strdup(rraw);
    slot->num_len = key_len;
    slot->name_len = name_len;
    slot->region_len = rraw_len;
    slot->index = *area;
    return 0;
}

/* The row's period (the last one remembered); has_value says whether a bad
 * one is an error or a warning. */
static int row_period(lait_ctx *x, fpc_csv *c, const fpc_row *r, int has_value, size_t *per)
{
    const char *plabel = r->f[x->c_year];
    size_t plabel_len = r->len[x->c_year];
    if (!same(x->last_period, x->last_period_len, plabel, plabel_len)) {
        free(x->last_period);
        x->last_period = fpc_strdup(plabel);
        x->last_period_len = plabel_len;
        x->last_per_ok = fp_dataset_period(x->ds, plabel, &x->last_per) == FP_OK;
    }
    if (!x->last_per_ok) {
        bad_period(x, c, r, (size_t)x->c_year + 1, plabel, has_value);
        return 1;
    }
    *per = x->last_per;
    return 0;
}

static int lait_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    lait_ctx *x = ctx;
    fp_dataset *ds = x->ds;
    if (r->is_header) return lait_header(x, c, r);
    if (fpc__row_short(c, r, x->need)) return 0;
    size_t ind, area, per;
    int st = row_indicator(x, c, r, &ind);
    if (st == 0) st = row_area(x, c, r, &area);
    if (st) return st < 0;
    /* Value first: a bad period is an error only when the row has a value. */
    double v = 0;
    fp_missing miss = FP_MISSING_NONE;
    const char *vs = r->f[x->c_value];
    int pv = fpc__parse_value(vs, &v, &miss);
    if (pv < 0) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_value + 1,
                      "value '%.40s' is neither a number nor a missing-value code "
                      "(c, x, z, low, .., -, :); row skipped", vs);
        return 0;
    }
    if (row_period(x, c, r, pv == 0, &per) != 0) return 0;
    if (pv == 0 && v < 0 && ds->indicators[ind].unit == FP_UNIT_COUNT) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_value + 1,
                      "negative count %g for indicator '%s'; row skipped", v, r->f[x->c_code]);
        return 0;
    }
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = ind;
    o.area = area;
    o.period = per;
    o.missing = pv == 0 ? FP_MISSING_NONE : miss;
    o.value = pv == 0 ? v : 0;
    o.line = r->line <= UINT32_MAX ? (uint32_t)r->line : 0;
    if (fp_dataset_add_obs(ds, &o) != FP_OK) return 1;
    return 0;
}

int fpc__read_lait(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    lait_ctx x;
    memset(&x, 0, sizeof x);
    x.ds = ds;
    x.opts = o;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, lait_row, &x, 0);
    free(x.last_code);
    free(x.last_period);
    for (size_t i = 0; i < x.n_bad; i++) free(x.bad[i].label);
    free(x.bad);
    for (size_t i = 0; i < AREA_CACHE; i++) {
        free(x.cache[i].num); free(x.cache[i].name); free(x.cache[i].region);
    }
    if (rc == 0) fpc__version_append(ds, path, c.hash);
    return rc;
}

/* ------------------------------------------------------ data dictionary */

typedef struct dict_ctx {
    fp_dataset *ds;
    long c_code, c_measure, c_title, c_pol, c_unit, c_dps, c_noq, c_desc, c_owner;
    size_t need;
    size_t *seen_line;      /* per indicator index: dictionary line, 0 if not yet */
    size_t n_seen;
} dict_ctx;

static const char *const D_CODE[] = { "measure_short", NULL };
static const char *const D_MEASURE[] = { "measure", NULL };
static const char *const D_TITLE[] = { "chart_title", NULL };
static const char *const D_POL[] = { "polarity", NULL };
static const char *const D_UNIT[] = { "y_axis_name", NULL };
static const char *const D_DPS[] = { "dps", NULL };
static const char *const D_NOQ[] = { "no_quartile", NULL };
static const char *const D_DESC[] = { "description", NULL };
static const char *const D_OWNER[] = { "data owner (do) /supplier and contact details",
                                       "data owner", "source", NULL };

static const char *cell(const fpc_row *r, long col)
{
    return (col >= 0 && (size_t)col < r->n) ? r->f[col] : "";
}

static int na_or_empty(const char *s)
{
    char buf[8];
    fpc__header_norm(s, buf, sizeof buf);
    return !*buf || !strcmp(buf, "na") || !strcmp(buf, "n/a");
}

static int dict_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    dict_ctx *x = ctx;
    if (r->is_header) {
        int bad = 0;
        x->c_code = fpc__header_find(c, r, D_CODE);
        x->c_measure = fpc__header_find(c, r, D_MEASURE);
        x->c_title = fpc__header_find(c, r, D_TITLE);
        x->c_pol = fpc__header_find(c, r, D_POL);
        x->c_unit = fpc__header_find(c, r, D_UNIT);
        x->c_dps = fpc__header_find(c, r, D_DPS);
        x->c_noq = fpc__header_find(c, r, D_NOQ);
        x->c_desc = fpc__header_find(c, r, D_DESC);
        x->c_owner = fpc__header_find(c, r, D_OWNER);
        need_col(c, r, x->c_code, "Measure_short", &bad);
        update_need(&x->need, x->c_code);
        return bad;
    }
    if (fpc__row_short(c, r, x->need)) return 0;
    const char *code = r->f[x->c_code];
    if (!*code) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_code + 1,
                      "empty Measure_short; row skipped");
        return 0;
    }
    size_t ind;
    if (fp_dataset_indicator(x->ds, code, &ind) != FP_OK) return 1;
    if (ind >= x->n_seen) {
        size_t nn = x->ds->n_indicators + 64;
        x->seen_line = fpc_xrealloc(x->seen_line, nn * sizeof *x->seen_line);
        memset(x->seen_line + x->n_seen, 0, (nn - x->n_seen) * sizeof *x->seen_line);
        x->n_seen = nn;
    }
    if (x->seen_line[ind]) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_code + 1,
                      "indicator '%s' is described again; the first description (line %zu) is kept",
                      code, x->seen_line[ind]);
        return 0;
    }
    x->seen_line[ind] = r->line;
    fp_indicator m = x->ds->indicators[ind];
    m.name = m.unit_label = m.definition = m.source = NULL;
    const char *measure = cell(r, x->c_measure);
    if (na_or_empty(measure)) measure = cell(r, x->c_title);
    if (!na_or_empty(measure)) m.name = (char *)measure;
    const char *pol = cell(r, x->c_pol);
    if (fp_polarity_parse(pol, &m.polarity) != FP_OK) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_pol + 1,
                      "polarity '%.40s' not recognised (High, Low, -); no judgement assumed", pol);
        m.polarity = FP_POLARITY_NONE;
    }
    const char *unit = cell(r, x->c_unit);
    if (na_or_empty(unit)) {
        m.unit = FP_UNIT_UNKNOWN;
        m.multiplier = 1;
    } else {
        m.unit_label = (char *)unit;
        if (fp_unit_parse(unit, &m.unit, &m.multiplier) != FP_OK) {
            m.unit = FP_UNIT_OTHER;
            m.multiplier = 1;
        }
    }
    const char *dps = cell(r, x->c_dps);
    m.dps = -1;
    if (!na_or_empty(dps)) {
        char *end;
        long v = strtol(dps, &end, 10);
        if (*end || v < 0 || v > 15)
            fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_dps + 1,
                          "dps '%.20s' is not a number of decimal places (0-15); ignored", dps);
        else
            m.dps = (int)v;
    }
    m.no_quartile = !na_or_empty(cell(r, x->c_noq));
    const char *desc = cell(r, x->c_desc);
    if (!na_or_empty(desc)) m.definition = (char *)desc;
    const char *owner = cell(r, x->c_owner);
    if (!na_or_empty(owner)) m.source = (char *)owner;
    if (fp_dataset_indicator_set(x->ds, ind, &m) != FP_OK) return 1;
    return 0;
}

int fpc__read_dictionary(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    (void)o;
    dict_ctx x;
    memset(&x, 0, sizeof x);
    x.ds = ds;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, dict_row, &x, 0);
    free(x.seen_line);
    if (rc == 0) fpc__version_append(ds, path, c.hash);
    return rc;
}

/* ------------------------------------------------------- LA code list */

typedef struct codes_ctx {
    fp_dataset *ds;
    const fpc_read_opts *opts;
    long c_num, c_name, c_region;
    size_t need;
} codes_ctx;

static const char *const L_NUM[] = { "la number", "la num", "la code", "old la code", NULL };
static const char *const L_NAME[] = { "la name", "la and regions", NULL };
static const char *const L_REGION[] = { "region", NULL };

static int codes_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    codes_ctx *x = ctx;
    if (r->is_header) {
        int bad = 0;
        x->c_num = fpc__header_find(c, r, L_NUM);
        x->c_name = fpc__header_find(c, r, L_NAME);
        x->c_region = fpc__header_find(c, r, L_REGION);
        need_col(c, r, x->c_num, "LA Number", &bad);
        need_col(c, r, x->c_name, "LA Name", &bad);
        update_need(&x->need, x->c_num);
        update_need(&x->need, x->c_name);
        return bad;
    }
    if (fpc__row_short(c, r, x->need)) return 0;
    const char *num = r->f[x->c_num], *name = r->f[x->c_name];
    if (!*num) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_num + 1,
                      "empty LA Number; row skipped");
        return 0;
    }
    fp_area_kind kind = lait_kind(num, name);
    const char *region = kind == FP_AREA_LA ? fpc_region_canonical(cell(r, x->c_region)) : NULL;
    size_t a;
    if (fpc__area(x->ds, x->opts, num, name, kind, region, num, &a) != 0) return 1;
    return 0;
}

int fpc__read_la_codes(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    codes_ctx x;
    memset(&x, 0, sizeof x);
    x.ds = ds;
    x.opts = o;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, codes_row, &x, 0);
    if (rc == 0) fpc__version_append(ds, path, c.hash);
    return rc;
}
