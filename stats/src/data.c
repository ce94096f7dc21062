/* data.c -- the indicator data model: datasets (indicators, areas, periods,
 * observations) with hash lookups. Beside it: data_units.c (units, polarity,
 * missing-value codes), data_index.c (the series index), data_neighbours.c
 * (statistical-neighbour sets), data_texts.c (observation texts) and
 * data_strings.c (string helpers and hash maps; data_internal.h).
 *
 * Readers in the CLI fill a dataset row by row; everything here is plain
 * in-memory bookkeeping with no I/O. */
#if defined(__linux__)
#define _DEFAULT_SOURCE 1   /* for MADV_HUGEPAGE */
#endif
#include "data_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* ------------------------------------------------------------- datasets */

static const char *ds_key(const void *owner, size_t i, int which)
{
    const fp_dataset *ds = owner;
    switch (which) {
    case KEY_IND_CODE: return ds->indicators[i].code;
    case KEY_AREA_CODE: return ds->areas[i].code;
    case KEY_PERIOD: return ds->periods[i].label;
    case KEY_EXTRA: return ((const ds_priv *)ds->priv)->aliases[i].text;
    case KEY_PERIOD_CANON: return ((const ds_priv *)ds->priv)->canon[i];
    default: return "";
    }
}

/* The alias map (case-insensitive) holds each area's code, old code and
 * name; a slot's key is any of the area's names, so it has its own probe
 * loop (alias_get) rather than a key callback. */

fp_dataset *fp_dataset_alloc(void)
{
    fp_dataset *ds = calloc(1, sizeof *ds);
    if (!ds) return NULL;
    ds_priv *p = calloc(1, sizeof *p);
    if (!p) { free(ds); return NULL; }
    p->area_alias.ci = 1;
    p->extra.ci = 1;
    p->extra.which = KEY_EXTRA;
    p->ind_code.which = KEY_IND_CODE;
    p->area_code.which = KEY_AREA_CODE;
    p->period_label.which = KEY_PERIOD;
    p->period_canon.which = KEY_PERIOD_CANON;
    ds->priv = p;
    ds->version = fp__dup_str("");
    if (!ds->version) { free(p); free(ds); return NULL; }
    return ds;
}

static void indicator_free(fp_indicator *ind)
{
    free(ind->code); free(ind->name); free(ind->unit_label);
    free(ind->definition); free(ind->source);
}

static void area_free(fp_area *a)
{
    free(a->code); free(a->name); free(a->region); free(a->old_code);
}

void fp_dataset_free(fp_dataset *ds)
{
    if (!ds) return;
    for (size_t i = 0; i < ds->n_indicators; i++) indicator_free(&ds->indicators[i]);
    for (size_t i = 0; i < ds->n_areas; i++) area_free(&ds->areas[i]);
    for (size_t i = 0; i < ds->n_periods; i++) free(ds->periods[i].label);
    free(ds->indicators); free(ds->areas); free(ds->periods); free(ds->obs);
    free(ds->extras);
    free(ds->version);
    ds_priv *p = ds->priv;
    if (p) {
        fp__strmap_free(&p->ind_code); fp__strmap_free(&p->area_code);
        fp__strmap_free(&p->area_alias); fp__strmap_free(&p->period_label);
        fp__strmap_free(&p->period_canon);
        if (p->canon)
            for (size_t i = 0; i < ds->n_periods; i++) free(p->canon[i]);
        free(p->canon);
        fp__strmap_free(&p->extra);
        for (size_t i = 0; i < p->n_aliases; i++) free(p->aliases[i].text);
        free(p->aliases);
        for (size_t k = 0; k < p->n_brk; k++) { free(p->brk_code[k]); free(p->brk_reason[k]); }
        free(p->brk_code); free(p->brk_reason); free(p->brk_first);
        free(p->prank); free(p->ind_start);
        for (size_t k = 0; k < p->n_texts; k++) free(p->texts[k].text);
        free(p->texts); free(p->text_slots);
        free(p);
    }
    free(ds);
}

static void invalidate(fp_dataset *ds)
{
    ds_priv *p = ds->priv;
    p->indexed = 0;
}

int fp_dataset_indicator(fp_dataset *ds, const char *code, size_t *index)
{
    if (!ds || !code || !index) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    if (fp__strmap_get(&p->ind_code, ds, ds_key, code, index) == FP_OK) return FP_OK;
    if (fp__grow((void **)&ds->indicators, &p->cap_ind, ds->n_indicators + 1, sizeof *ds->indicators))
        FP_ERROR(FP_ENOMEM);
    if (ds->n_indicators >= UINT32_MAX) FP_ERROR(FP_ERANGE);  /* fp_obs keeps 32-bit indices */
    fp_indicator *ind = &ds->indicators[ds->n_indicators];
    memset(ind, 0, sizeof *ind);
    ind->code = fp__dup_str(code); ind->name = fp__dup_str(""); ind->unit_label = fp__dup_str("");
    ind->definition = fp__dup_str(""); ind->source = fp__dup_str("");
    ind->multiplier = 1; ind->dps = -1;
    if (!ind->code || !ind->name || !ind->unit_label || !ind->definition || !ind->source) {
        indicator_free(ind);
        FP_ERROR(FP_ENOMEM);
    }
    size_t i = ds->n_indicators++;
    if (fp__strmap_put(&p->ind_code, ds, ds_key, code, i) != FP_OK) FP_ERROR(FP_ENOMEM);
    invalidate(ds);
    *index = i;
    return FP_OK;
}

int fp_dataset_indicator_set(fp_dataset *ds, size_t i, const fp_indicator *meta)
{
    if (!ds || !meta || i >= ds->n_indicators) FP_ERROR(FP_EINVAL);
    fp_indicator *ind = &ds->indicators[i];
    if (meta->name && fp__set_str(&ind->name, meta->name)) FP_ERROR(FP_ENOMEM);
    if (meta->unit_label && fp__set_str(&ind->unit_label, meta->unit_label)) FP_ERROR(FP_ENOMEM);
    if (meta->definition && fp__set_str(&ind->definition, meta->definition)) FP_ERROR(FP_ENOMEM);
    if (meta->source && fp__set_str(&ind->source, meta->source)) FP_ERROR(FP_ENOMEM);
    ind->unit = meta->unit;
    ind->multiplier = meta->multiplier;
    ind->polarity = meta->polarity;
    ind->dps = meta->dps;
    ind->no_quartile = meta->no_quartile;
    if (meta->year_start >= 1 && meta->year_start <= 12) ind->year_start = meta->year_start;
    return FP_OK;
}

int fp_dataset_find_indicator(const fp_dataset *ds, const char *key, size_t *index)
{
    if (!ds || !key || !index) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    if (fp__strmap_get(&p->ind_code, ds, ds_key, key, index) == FP_OK) return FP_OK;
    const char *s, *e;
    fp__trim_view(key, &s, &e);
    for (size_t i = 0; i < ds->n_indicators; i++)
        if (fp__view_is(s, e, ds->indicators[i].name) && *ds->indicators[i].name) {
            *index = i;
            return FP_OK;
        }
    for (size_t i = 0; i < ds->n_indicators; i++)
        if (fp__view_is(s, e, ds->indicators[i].code)) {
            *index = i;
            return FP_OK;
        }
    return FP_ENOTFOUND;
}

/* Trimmed, case-insensitive equality of a key with one of an area's names. */
static int area_matches(const fp_area *a, const char *s, const char *e)
{
    return fp__view_is(s, e, a->code) || (*a->old_code && fp__view_is(s, e, a->old_code))
        || (*a->name && fp__view_is(s, e, a->name));
}

/* Alias lookups go through their own probe loop because a slot's key is any
 * of the area's names. */
static int alias_get(const fp_dataset *ds, const char *s, const char *e, size_t *index)
{
    const ds_priv *p = ds->priv;
    const strmap *m = &p->area_alias;
    if (!m->cap) return FP_ENOTFOUND;
    uint64_t h = fp__hash_view_ci(s, e);
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        size_t v = m->slots[i];
        if (!v) return FP_ENOTFOUND;
        if (m->hashes[i] == h && area_matches(&ds->areas[v - 1], s, e)) {
            *index = v - 1;
            return FP_OK;
        }
    }
}

static int alias_put(fp_dataset *ds, const char *k, size_t index)
{
    ds_priv *p = ds->priv;
    size_t dummy;
    const char *s, *e;
    if (!k || !*k) return FP_OK;
    fp__trim_view(k, &s, &e);
    if (s == e || alias_get(ds, s, e, &dummy) == FP_OK) return FP_OK;
    strmap *m = &p->area_alias;
    if (fp__strmap_make_room(m)) FP_ERROR(FP_ENOMEM);
    fp__strmap_place(m, fp__hash_view_ci(s, e), index + 1);
    m->n++;
    return FP_OK;
}

int fp_dataset_area(fp_dataset *ds, const char *code, const char *name,
                    fp_area_kind kind, const char *region,
                    const char *old_code, size_t *index)
{
    if (!ds || !code || !index) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    size_t i;
    if (fp__strmap_get(&p->area_code, ds, ds_key, code, &i) == FP_OK) {
        fp_area *a = &ds->areas[i];
        if (name && *name && strcmp(a->name, name) != 0) {
            if (*a->name) p->lost_alias = 1;
            if (fp__set_str(&a->name, name)) FP_ERROR(FP_ENOMEM);
            if (alias_put(ds, name, i)) FP_ERROR(FP_ENOMEM);
        }
        if (region && *region && strcmp(a->region, region) != 0 && fp__set_str(&a->region, region))
            FP_ERROR(FP_ENOMEM);
        if (old_code && *old_code && strcmp(a->old_code, old_code) != 0) {
            if (*a->old_code) p->lost_alias = 1;
            if (fp__set_str(&a->old_code, old_code)) FP_ERROR(FP_ENOMEM);
            if (alias_put(ds, old_code, i)) FP_ERROR(FP_ENOMEM);
        }
        if (kind != FP_AREA_OTHER) a->kind = kind;
        *index = i;
        return FP_OK;
    }
    if (fp__grow((void **)&ds->areas, &p->cap_area, ds->n_areas + 1, sizeof *ds->areas))
        FP_ERROR(FP_ENOMEM);
    if (ds->n_areas >= UINT32_MAX) FP_ERROR(FP_ERANGE);  /* fp_obs keeps 32-bit indices */
    fp_area *a = &ds->areas[ds->n_areas];
    a->code = fp__dup_str(code); a->name = fp__dup_str(name); a->kind = kind;
    a->region = fp__dup_str(region); a->old_code = fp__dup_str(old_code);
    if (!a->code || !a->name || !a->region || !a->old_code) {
        area_free(a);
        FP_ERROR(FP_ENOMEM);
    }
    i = ds->n_areas++;
    if (fp__strmap_put(&p->area_code, ds, ds_key, code, i) || alias_put(ds, a->code, i)
        || alias_put(ds, a->old_code, i) || alias_put(ds, a->name, i))
        FP_ERROR(FP_ENOMEM);
    invalidate(ds);
    *index = i;
    return FP_OK;
}

/* Look the view [s, e) up among the names given by fp_dataset_area_alias. */
static int extra_get(const fp_dataset *ds, const char *s, const char *e, size_t *index)
{
    const ds_priv *p = ds->priv;
    if (!p->n_aliases || s == e) return FP_ENOTFOUND;
    char small[128];
    size_t n = (size_t)(e - s);
    char *k = n < sizeof small ? small : malloc(n + 1);
    if (!k) return FP_ENOTFOUND;
    memcpy(k, s, n);
    k[n] = '\0';
    size_t a;
    int rc = fp__strmap_get(&p->extra, ds, ds_key, k, &a);
    if (k != small) free(k);
    if (rc == FP_OK) *index = p->aliases[a].area;
    return rc;
}

int fp_dataset_area_alias(fp_dataset *ds, size_t index, const char *alias)
{
    if (!ds || !alias || index >= ds->n_areas) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    const char *s, *e;
    size_t other;
    fp__trim_view(alias, &s, &e);
    if (s == e) return FP_OK;
    /* A name that already finds an area stays with it. */
    if (alias_get(ds, s, e, &other) == FP_OK || extra_get(ds, s, e, &other) == FP_OK)
        return FP_OK;
    if (fp__grow((void **)&p->aliases, &p->cap_aliases, p->n_aliases + 1, sizeof *p->aliases))
        FP_ERROR(FP_ENOMEM);
    size_t n = (size_t)(e - s);
    char *t = malloc(n + 1);
    if (!t) FP_ERROR(FP_ENOMEM);
    memcpy(t, s, n);
    t[n] = '\0';
    p->aliases[p->n_aliases].text = t;
    p->aliases[p->n_aliases].area = index;
    if (fp__strmap_make_room(&p->extra)) { free(t); FP_ERROR(FP_ENOMEM); }
    fp__strmap_place(&p->extra, fp__hash_str(t, 1), p->n_aliases + 1);
    p->extra.n++;
    p->n_aliases++;
    return FP_OK;
}

size_t fp_dataset_area_n_aliases(const fp_dataset *ds)
{
    return ds && ds->priv ? ((const ds_priv *)ds->priv)->n_aliases : 0;
}

int fp_dataset_area_alias_get(const fp_dataset *ds, size_t k, const char **alias, size_t *area)
{
    if (!ds || !alias || !area) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    if (k >= p->n_aliases) return FP_ENOTFOUND;
    *alias = p->aliases[k].text;
    *area = p->aliases[k].area;
    return FP_OK;
}

int fp_dataset_find_area(const fp_dataset *ds, const char *key, size_t *index)
{
    if (!ds || !key || !index) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    if (fp__strmap_get(&p->area_code, ds, ds_key, key, index) == FP_OK) return FP_OK;
    const char *s, *e;
    fp__trim_view(key, &s, &e);
    if (alias_get(ds, s, e, index) == FP_OK) return FP_OK;
    if (extra_get(ds, s, e, index) == FP_OK) return FP_OK;
    /* An alias is put only when no area answers to it yet, so every name,
     * code and old code is reachable through the map -- unless the area
     * that answered has since been renamed. Only then can a scan find an
     * area the map misses; without renames a miss is final, and a lookup
     * stays O(1) (a names-only file of 60,000 areas used to scan all the
     * areas for each new one). Names given by fp_dataset_area_alias are
     * never lost: they have their own map, looked up above. */
    if (!p->lost_alias) return FP_ENOTFOUND;
    for (size_t i = 0; i < ds->n_areas; i++)
        if (area_matches(&ds->areas[i], s, e)) { *index = i; return FP_OK; }
    return FP_ENOTFOUND;
}

/* The canonical form of a parsed period: its fields, so that labels of one
 * period ("2019/20", "2019-20", "201920"; "Jun-19", "2019-06") share it. */
static void period_key(const fp_period *p, char *buf, size_t n)
{
    snprintf(buf, n, "%d:%d:%d:%d:%d", (int)p->kind, p->year, p->span, p->sub, p->variant);
}

int fp_dataset_period(fp_dataset *ds, const char *label, size_t *index)
{
    if (!ds || !label || !index) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    if (fp__strmap_get(&p->period_label, ds, ds_key, label, index) == FP_OK) return FP_OK;
    fp_period per;
    int rc = fp_period_parse(label, &per);
    if (rc != FP_OK) return rc;
    /* Another label of a period already held is that period (the first
     * label seen is kept). */
    char key[64];
    period_key(&per, key, sizeof key);
    if (fp__strmap_get(&p->period_canon, ds, ds_key, key, index) == FP_OK) return FP_OK;
    if (fp__grow((void **)&ds->periods, &p->cap_period, ds->n_periods + 1, sizeof *ds->periods))
        FP_ERROR(FP_ENOMEM);
    char **nc = realloc(p->canon, p->cap_period * sizeof *nc);
    if (!nc) FP_ERROR(FP_ENOMEM);
    p->canon = nc;
    if (ds->n_periods >= UINT32_MAX) FP_ERROR(FP_ERANGE);  /* fp_obs keeps 32-bit indices */
    fp_period_entry *pe = &ds->periods[ds->n_periods];
    pe->period = per;
    pe->label = fp__dup_str(label);
    p->canon[ds->n_periods] = fp__dup_str(key);
    if (!pe->label || !p->canon[ds->n_periods]) {
        free(pe->label);
        free(p->canon[ds->n_periods]);
        FP_ERROR(FP_ENOMEM);
    }
    size_t i = ds->n_periods++;
    if (fp__strmap_put(&p->period_label, ds, ds_key, label, i)
        || fp__strmap_put(&p->period_canon, ds, ds_key, key, i))
        FP_ERROR(FP_ENOMEM);
    invalidate(ds);
    *index = i;
    return FP_OK;
}

/* Ask Linux to back a large observation array with transparent huge pages:
 * filling it then takes a few hundred page faults instead of one per 4 KiB,
 * which is most of the kernel time of a large load. A hint only; elsewhere
 * it does nothing. */
static void advise_huge(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)1 << 21;
    if (bytes < 4 * huge) return;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (e > a) madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p; (void)bytes;
#endif
}

int fp_dataset_reserve(fp_dataset *ds, size_t n_obs)
{
    if (!ds) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    if (n_obs <= p->cap_obs) return FP_OK;
    if (n_obs > SIZE_MAX / sizeof *ds->obs) FP_ERROR(FP_ENOMEM);
    fp_obs *o = realloc(ds->obs, n_obs * sizeof *o);
    if (!o) FP_ERROR(FP_ENOMEM);
    ds->obs = o;
    p->cap_obs = n_obs;
    advise_huge(o, n_obs * sizeof *o);
    return FP_OK;
}

/* Grow an array by half (at least to min elements) rather than doubling:
 * observations dominate a dataset's memory. 0 ok, -1 out of memory (the
 * array is unchanged). */
static int grow_by_half(void **arr, size_t *cap, size_t elsize, size_t min)
{
    size_t nc = *cap < min ? min : *cap + *cap / 2;
    if (nc > SIZE_MAX / elsize) return -1;
    void *q = realloc(*arr, nc * elsize);
    if (!q) return -1;
    *arr = q;
    *cap = nc;
    return 0;
}

int fp_dataset_add_obs(fp_dataset *ds, const fp_obs *obs)
{
    return fp_dataset_add_obs_extra(ds, obs, NULL);
}

int fp_dataset_add_obs_extra(fp_dataset *ds, const fp_obs *obs, const fp_obs_extra *extra)
{
    if (!ds || !obs) FP_ERROR(FP_EINVAL);
    if (obs->indicator >= ds->n_indicators || obs->area >= ds->n_areas
        || obs->period >= ds->n_periods)
        FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    unsigned fl = extra ? obs->flags & (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR | FP_OBS_CI95
                                        | FP_OBS_CI998 | FP_OBS_SD | FP_OBS_DERIVED
                                        | FP_OBS_COUNTS_INVALID) : 0;
    /* fp_dataset_index sorts with 32-bit observation numbers. */
    if (ds->n_obs >= UINT32_MAX) FP_ERROR(FP_ERANGE);
    if (fl && ds->n_extras >= FP_OBS_NO_EXTRA) FP_ERROR(FP_ERANGE);
    if (ds->n_obs == p->cap_obs
        && grow_by_half((void **)&ds->obs, &p->cap_obs, sizeof *ds->obs, 1024))
        FP_ERROR(FP_ENOMEM);
    if (fl && ds->n_extras == p->cap_extra
        && grow_by_half((void **)&ds->extras, &p->cap_extra, sizeof *ds->extras, 256))
        FP_ERROR(FP_ENOMEM);
    fp_obs *o = &ds->obs[ds->n_obs++];
    *o = *obs;
    /* The modelled-estimate marker is kept whether or not there are numbers. */
    o->flags = (uint8_t)(fl | (obs->flags & FP_OBS_MODELLED));
    o->extra = FP_OBS_NO_EXTRA;
    if (fl) {
        /* Unflagged fields read as 0, as documented. */
        fp_obs_extra *x = &ds->extras[ds->n_extras];
        memset(x, 0, sizeof *x);
        if (fl & (FP_OBS_NUMERATOR | FP_OBS_COUNTS_INVALID)) x->numerator = extra->numerator;
        if (fl & (FP_OBS_DENOMINATOR | FP_OBS_COUNTS_INVALID)) x->denominator = extra->denominator;
        if (fl & FP_OBS_CI95) { x->lower95 = extra->lower95; x->upper95 = extra->upper95; }
        if (fl & FP_OBS_CI998) { x->lower998 = extra->lower998; x->upper998 = extra->upper998; }
        if (fl & FP_OBS_SD) x->sd = extra->sd;
        o->extra = (uint32_t)ds->n_extras++;
    }
    p->indexed = 0;
    return FP_OK;
}

const fp_obs_extra *fp_dataset_obs_extra(const fp_dataset *ds, const fp_obs *obs)
{
    static const fp_obs_extra none;
    if (!ds || !obs || obs->extra == FP_OBS_NO_EXTRA || obs->extra >= ds->n_extras) return &none;
    return &ds->extras[obs->extra];
}

int fp_dataset_set_counts(fp_dataset *ds, size_t i, double numerator, double denominator,
                          int derived)
{
    if (!ds || i >= ds->n_obs || !isfinite(numerator) || !isfinite(denominator))
        FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    fp_obs *o = &ds->obs[i];
    if (o->extra == FP_OBS_NO_EXTRA) {
        if (ds->n_extras >= FP_OBS_NO_EXTRA) FP_ERROR(FP_ERANGE);
        if (ds->n_extras == p->cap_extra
            && grow_by_half((void **)&ds->extras, &p->cap_extra, sizeof *ds->extras, 256))
            FP_ERROR(FP_ENOMEM);
        memset(&ds->extras[ds->n_extras], 0, sizeof *ds->extras);
        o->extra = (uint32_t)ds->n_extras++;
    }
    fp_obs_extra *x = &ds->extras[o->extra];
    x->numerator = numerator;
    x->denominator = denominator;
    o->flags = (uint8_t)(o->flags | FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR
                         | (derived ? FP_OBS_DERIVED : 0));
    return FP_OK;
}

int fp_dataset_add_break(fp_dataset *ds, const char *code, const fp_period *first,
                         const char *reason)
{
    if (!ds || !code || !first) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    size_t n = p->n_brk + 1;
    char **c = realloc(p->brk_code, n * sizeof *c);
    if (!c) FP_ERROR(FP_ENOMEM);
    p->brk_code = c;
    char **r = realloc(p->brk_reason, n * sizeof *r);
    if (!r) FP_ERROR(FP_ENOMEM);
    p->brk_reason = r;
    fp_period *f = realloc(p->brk_first, n * sizeof *f);
    if (!f) FP_ERROR(FP_ENOMEM);
    p->brk_first = f;
    char *cc = strdup(code), *rr = strdup(reason ? reason : "");
    if (!cc || !rr) { free(cc); free(rr); FP_ERROR(FP_ENOMEM); }
    c[p->n_brk] = cc;
    r[p->n_brk] = rr;
    f[p->n_brk] = *first;
    p->n_brk = n;
    return FP_OK;
}

size_t fp_dataset_n_breaks(const fp_dataset *ds)
{
    return ds && ds->priv ? ((const ds_priv *)ds->priv)->n_brk : 0;
}

int fp_dataset_break(const fp_dataset *ds, size_t k, const char **code, fp_period *first,
                     const char **reason)
{
    if (!ds || k >= fp_dataset_n_breaks(ds)) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    if (code) *code = p->brk_code[k];
    if (first) *first = p->brk_first[k];
    if (reason) *reason = p->brk_reason[k];
    return FP_OK;
}

int fp_dataset_set_version(fp_dataset *ds, const char *version)
{
    if (!ds || !version) FP_ERROR(FP_EINVAL);
    return fp__set_str(&ds->version, version);
}
