/* data.c -- the indicator data model: units, polarity, missing-value codes,
 * datasets (indicators, areas, periods, observations) with hash lookups and a
 * series index, and statistical-neighbour sets.
 *
 * Readers in the CLI fill a dataset row by row; everything here is plain
 * in-memory bookkeeping with no I/O. */
#if defined(__linux__)
#define _DEFAULT_SOURCE 1   /* for MADV_HUGEPAGE */
#endif
#include "fp_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* ------------------------------------------------------------ strings */

static int lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive equality of two NUL-terminated strings. */
static int eq_ci(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = lower_ascii((unsigned char)*a), y = lower_ascii((unsigned char)*b);
        if (x != y) return 0;
        if (!x) return 1;
    }
}

/* Trimmed view [*s, *e) of a string: spaces, tabs, CR and LF removed. */
static void trim_view(const char *text, const char **s, const char **e)
{
    const char *a = text, *b = text + strlen(text);
    while (a < b && (*a == ' ' || *a == '\t' || *a == '\r' || *a == '\n')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r' || b[-1] == '\n')) b--;
    *s = a;
    *e = b;
}

/* Case-insensitive comparison of the view [s, e) with a literal. */
static int view_is(const char *s, const char *e, const char *lit)
{
    size_t n = (size_t)(e - s);
    if (strlen(lit) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii((unsigned char)s[i]) != lower_ascii((unsigned char)lit[i])) return 0;
    return 1;
}

/* Case-insensitive search for a literal inside the view. */
static const char *view_find(const char *s, const char *e, const char *lit)
{
    size_t n = strlen(lit);
    for (const char *p = s; p + n <= e; p++) {
        size_t i = 0;
        while (i < n && lower_ascii((unsigned char)p[i]) == lower_ascii((unsigned char)lit[i])) i++;
        if (i == n) return p;
    }
    return NULL;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s ? s : "", n);
    return d;
}

/* Replace *dst by a copy of src; FP_ENOMEM leaves *dst unchanged. */
static int set_str(char **dst, const char *src)
{
    char *d = dup_str(src);
    if (!d) FP_ERROR(FP_ENOMEM);
    free(*dst);
    *dst = d;
    return FP_OK;
}

/* Grow an array to hold at least need elements. */
static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return FP_OK;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem) FP_ERROR(FP_ENOMEM);
        nc *= 2;
    }
    void *p = realloc(*arr, nc * elem);
    if (!p) FP_ERROR(FP_ENOMEM);
    *arr = p;
    *cap = nc;
    return FP_OK;
}

/* ------------------------------------------------------------ units */

/* Read the number after "per": "1,000", "10000". 0 if none. */
static double per_number(const char *p, const char *e)
{
    double v = 0;
    int digits = 0;
    while (p < e && *p == ' ') p++;
    for (; p < e; p++) {
        if (*p >= '0' && *p <= '9') { v = v * 10 + (*p - '0'); digits++; }
        else if (*p == ',' && digits && p + 1 < e && isdigit((unsigned char)p[1])) continue;
        else break;
    }
    if (digits && p < e && (*p == 'k' || *p == 'K')) v *= 1000;
    return digits ? v : 0;
}

int fp_unit_parse(const char *label, fp_unit *unit, double *multiplier)
{
    const char *s, *e;
    fp_unit u;
    double m = 1;
    if (!label || !unit) FP_ERROR(FP_EINVAL);
    trim_view(label, &s, &e);
    if (s == e) FP_ERROR(FP_EFORMAT);
    const char *per = view_find(s, e, "per ");
    double pn = per ? per_number(per + 4, e) : 0;
    if (view_find(s, e, "gap") || view_find(s, e, "percentage point")) {
        /* LAIT's "% gap": a difference of percentages, which may be negative
         * and is no average of the authorities' gaps: compared by value. */
        u = FP_UNIT_OTHER; m = 1;
    } else if (*s == '%' || view_find(s, e, "percent")) {
        u = FP_UNIT_PERCENT; m = 100;
    } else if (view_is(s, e, "proportion") || view_is(s, e, "ratio of 1")) {
        u = FP_UNIT_PROPORTION; m = 1;
    } else if (pn == 0 && (view_find(s, e, "ratio") || view_is(s, e, "isr") || view_is(s, e, "smr")
               || (e - s > 4 && (view_is(s, s + 4, "isr ") || view_is(s, s + 4, "smr "))))) {
        /* "ratio", "indirectly standardised ratio x 100", "ISR x 100",
         * "SMR"; but "ratio of 1" is a proportion (above) and anything
         * "per 100" a rate. */
        u = FP_UNIT_RATIO; m = view_find(s, e, "100") ? 100 : 1;
    } else if (pn > 0) {
        u = FP_UNIT_RATE; m = pn;
    } else if (view_is(s, e, "mean") || view_find(s, e, "average")) {
        u = FP_UNIT_MEAN;
    } else if (view_find(s, e, "score")) {
        u = FP_UNIT_SCORE;
    } else if (view_is(s, e, "count") || view_is(s, e, "n") || view_is(s, e, "entries")
               || view_is(s, e, "total cases")
               || (e - s >= 6 && view_is(s, s + 6, "number"))) {
        u = FP_UNIT_COUNT;
    } else {
        FP_ERROR(FP_EFORMAT);
    }
    *unit = u;
    if (multiplier) *multiplier = m;
    return FP_OK;
}

const char *fp_unit_name(fp_unit unit)
{
    switch (unit) {
    case FP_UNIT_PERCENT: return "percent";
    case FP_UNIT_PROPORTION: return "proportion";
    case FP_UNIT_RATE: return "rate";
    case FP_UNIT_COUNT: return "count";
    case FP_UNIT_MEAN: return "mean";
    case FP_UNIT_SCORE: return "score";
    case FP_UNIT_OTHER: return "other";
    case FP_UNIT_RATIO: return "ratio";
    default: return "unknown";
    }
}

int fp_polarity_parse(const char *text, fp_polarity *polarity)
{
    const char *s, *e;
    if (!text || !polarity) FP_ERROR(FP_EINVAL);
    trim_view(text, &s, &e);
    if (view_is(s, e, "high") || view_is(s, e, "higher") || view_is(s, e, "higher is better")
        || view_is(s, e, "rag - high is good") || view_is(s, e, "up"))
        *polarity = FP_POLARITY_HIGH;
    else if (view_is(s, e, "low") || view_is(s, e, "lower") || view_is(s, e, "lower is better")
             || view_is(s, e, "rag - low is good") || view_is(s, e, "down"))
        *polarity = FP_POLARITY_LOW;
    else if (s == e || view_is(s, e, "-") || view_is(s, e, "none") || view_is(s, e, "na")
             || view_is(s, e, "n/a") || view_is(s, e, "no judgement")
             || view_is(s, e, "not applicable"))
        *polarity = FP_POLARITY_NONE;
    else
        FP_ERROR(FP_EFORMAT);
    return FP_OK;
}

const char *fp_polarity_name(fp_polarity polarity)
{
    switch (polarity) {
    case FP_POLARITY_HIGH: return "higher";
    case FP_POLARITY_LOW: return "lower";
    default: return "none";
    }
}

/* -------------------------------------------------------- missing values */

int fp_missing_parse(const char *text, fp_missing *missing)
{
    const char *s, *e;
    fp_missing m;
    if (!text || !missing) FP_ERROR(FP_EINVAL);
    trim_view(text, &s, &e);
    /* ONS's newer tables put the code in brackets: "[c]", "[x]", "[z]", "[low]". */
    if (e - s >= 3 && *s == '[' && e[-1] == ']') { s++; e--; }
    if (s == e) m = FP_MISSING_EMPTY;
    else if (view_is(s, e, "c") || view_is(s, e, "*") || view_is(s, e, "supp")
             || view_is(s, e, "suppressed")) m = FP_MISSING_SUPPRESSED;
    else if (view_is(s, e, "x")) m = FP_MISSING_NOT_AVAILABLE;
    else if (view_is(s, e, "z")) m = FP_MISSING_NOT_APPLICABLE;
    else if (view_is(s, e, "low") || view_is(s, e, "k")) m = FP_MISSING_LOW;
    else if (view_is(s, e, "..") || view_is(s, e, ".")) m = FP_MISSING_DOTS;
    else if (view_is(s, e, "-") || view_is(s, e, "\xe2\x80\x93")) m = FP_MISSING_DASH;
    else if (view_is(s, e, ":")) m = FP_MISSING_COLON;
    else if (view_is(s, e, "na") || view_is(s, e, "nan") || view_is(s, e, "n/a")) m = FP_MISSING_NA;
    else if (view_is(s, e, "u")) m = FP_MISSING_UNRELIABLE;
    else return FP_ENOTFOUND;  /* not an error: the text is simply not a code */
    *missing = m;
    return FP_OK;
}

const char *fp_missing_code(fp_missing m)
{
    switch (m) {
    case FP_MISSING_NONE: return "";
    case FP_MISSING_EMPTY: return "";
    case FP_MISSING_SUPPRESSED: return "c";
    case FP_MISSING_NOT_AVAILABLE: return "x";
    case FP_MISSING_NOT_APPLICABLE: return "z";
    case FP_MISSING_LOW: return "low";
    case FP_MISSING_DOTS: return "..";
    case FP_MISSING_DASH: return "-";
    case FP_MISSING_COLON: return ":";
    case FP_MISSING_NA: return "NA";
    case FP_MISSING_UNRELIABLE: return "u";
    }
    return "";
}

const char *fp_missing_describe(fp_missing m)
{
    switch (m) {
    case FP_MISSING_NONE: return "present";
    case FP_MISSING_EMPTY: return "empty";
    case FP_MISSING_SUPPRESSED: return "suppressed (confidential)";
    case FP_MISSING_NOT_AVAILABLE: return "not available";
    case FP_MISSING_NOT_APPLICABLE: return "not applicable";
    case FP_MISSING_LOW: return "low (rounds to zero)";
    case FP_MISSING_DOTS: return "not available (..)";
    case FP_MISSING_DASH: return "missing (-)";
    case FP_MISSING_COLON: return "not available (:)";
    case FP_MISSING_NA: return "not available (NA)";
    case FP_MISSING_UNRELIABLE: return "low reliability (u)";
    }
    return "unknown";
}

const char *fp_area_kind_name(fp_area_kind kind)
{
    switch (kind) {
    case FP_AREA_LA: return "local authority";
    case FP_AREA_REGION: return "region";
    case FP_AREA_COUNTRY: return "country";
    case FP_AREA_COMBINED: return "combined authority";
    case FP_AREA_ICB: return "integrated care board";
    case FP_AREA_SUB_ICB: return "sub-ICB location";
    default: return "other";
    }
}

/* ------------------------------------------------------- string maps */

/* An open-addressing hash table from a string key to an index. The keys are
 * not stored: the table holds index + 1 per slot and a key callback gives the
 * key of an index, so strings live only in the dataset. */
typedef const char *(*key_fn)(const void *owner, size_t index, int which);

typedef struct strmap {
    size_t *slots;     /* index + 1; 0 is empty */
    uint64_t *hashes;  /* hash per slot, to skip most string compares */
    size_t cap, n;
    int ci;            /* case-insensitive keys */
    int which;         /* passed to the key callback */
} strmap;

/* FNV-1a, 64 bit; lower-cased for case-insensitive maps. */
static uint64_t hash_str(const char *s, int ci)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= (uint64_t)(ci ? lower_ascii(*p) : *p);
        h *= 1099511628211ULL;
    }
    return h;
}

/* hash_str(ci = 1) of the characters [s, e), for keys that are views into
 * a longer string (trimmed area names). */
static uint64_t hash_view_ci(const char *s, const char *e)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)e; p++) {
        h ^= (uint64_t)lower_ascii(*p);
        h *= 1099511628211ULL;
    }
    return h;
}

static void strmap_free(strmap *m)
{
    free(m->slots);
    free(m->hashes);
    memset(m, 0, sizeof *m);
}

/* Look key up: returns FP_OK and *index, or FP_ENOTFOUND. */
static int strmap_get(const strmap *m, const void *owner, key_fn key, const char *k,
                      size_t *index)
{
    if (!m->cap) return FP_ENOTFOUND;
    uint64_t h = hash_str(k, m->ci);
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        size_t v = m->slots[i];
        if (!v) return FP_ENOTFOUND;
        if (m->hashes[i] == h) {
            const char *k2 = key(owner, v - 1, m->which);
            if (m->ci ? eq_ci(k, k2) : strcmp(k, k2) == 0) {
                *index = v - 1;
                return FP_OK;
            }
        }
    }
}

static void strmap_place(strmap *m, uint64_t h, size_t v)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    while (m->slots[i]) i = (i + 1) & mask;
    m->slots[i] = v;
    m->hashes[i] = h;
}

/* Make room for one more key: double the table (64 slots at first) once it
 * would pass 70% full. Growth only moves the stored hashes, so it serves
 * every map whatever its keys. 0 ok, -1 out of memory (the map unchanged). */
static int strmap_make_room(strmap *m)
{
    if ((m->n + 1) * 10 <= m->cap * 7) return 0;
    size_t nc = m->cap ? m->cap * 2 : 64;
    size_t *ns = calloc(nc, sizeof *ns);
    uint64_t *nh = calloc(nc, sizeof *nh);
    if (!ns || !nh) { free(ns); free(nh); return -1; }
    strmap old = *m;
    m->slots = ns; m->hashes = nh; m->cap = nc;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i]) strmap_place(m, old.hashes[i], old.slots[i]);
    free(old.slots);
    free(old.hashes);
    return 0;
}

/* Insert key -> index unless the key is already present (first wins). */
static int strmap_put(strmap *m, const void *owner, key_fn key, const char *k, size_t index)
{
    size_t dummy;
    if (!k || !*k) return FP_OK;
    if (strmap_get(m, owner, key, k, &dummy) == FP_OK) return FP_OK;
    if (strmap_make_room(m)) FP_ERROR(FP_ENOMEM);
    strmap_place(m, hash_str(k, m->ci), index + 1);
    m->n++;
    return FP_OK;
}

/* ------------------------------------------------------------- datasets */

enum { KEY_IND_CODE, KEY_AREA_CODE, KEY_AREA_OLD, KEY_AREA_NAME, KEY_PERIOD, KEY_EXTRA,
       KEY_PERIOD_CANON };

/* A name given to an area with fp_dataset_area_alias. */
typedef struct extra_alias {
    char *text;          /* trimmed */
    size_t area;
} extra_alias;

typedef struct ds_priv {
    strmap ind_code, area_code, area_alias, period_label;
    strmap period_canon; /* canonical form (period_key) -> period */
    char **canon;        /* per period: its canonical form */
    strmap extra;        /* case-insensitive: alias text -> index into aliases */
    extra_alias *aliases; size_t n_aliases, cap_aliases;
    size_t cap_ind, cap_area, cap_period, cap_obs, cap_extra;
    /* Some area lost a name or old code it had (renamed): an alias another
     * area could not take while it held it may now be unreachable through
     * the alias map, so fp_dataset_find_area falls back to a scan. */
    int lost_alias;
    /* Built by fp_dataset_index. */
    int indexed;
    size_t *prank;       /* rank of each period in time order */
    size_t *ind_start;   /* n_indicators + 1 offsets into obs */
    /* Methodology breaks: indicator code, first period of the new series,
     * reason (fp_dataset_add_break). */
    char **brk_code, **brk_reason;
    fp_period *brk_first;
    size_t n_brk;
    /* Observation texts (fp_dataset_obs_text_set): entries, and an
     * open-addressing table of entry index + 1 by (kind, indicator, area,
     * period). */
    struct obs_text *texts; size_t n_texts, cap_texts;
    size_t *text_slots; size_t text_cap;
} ds_priv;

typedef struct obs_text {
    uint32_t indicator, area, period;   /* period UINT32_MAX: the latest code */
    uint32_t kind;
    uint32_t from;                      /* the "latest code" entry: its period */
    char *text;                         /* NULL once removed */
} obs_text;

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
    ds->version = dup_str("");
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
        strmap_free(&p->ind_code); strmap_free(&p->area_code);
        strmap_free(&p->area_alias); strmap_free(&p->period_label);
        strmap_free(&p->period_canon);
        if (p->canon)
            for (size_t i = 0; i < ds->n_periods; i++) free(p->canon[i]);
        free(p->canon);
        strmap_free(&p->extra);
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
    if (strmap_get(&p->ind_code, ds, ds_key, code, index) == FP_OK) return FP_OK;
    if (grow((void **)&ds->indicators, &p->cap_ind, ds->n_indicators + 1, sizeof *ds->indicators))
        FP_ERROR(FP_ENOMEM);
    if (ds->n_indicators >= UINT32_MAX) FP_ERROR(FP_ERANGE);  /* fp_obs keeps 32-bit indices */
    fp_indicator *ind = &ds->indicators[ds->n_indicators];
    memset(ind, 0, sizeof *ind);
    ind->code = dup_str(code); ind->name = dup_str(""); ind->unit_label = dup_str("");
    ind->definition = dup_str(""); ind->source = dup_str("");
    ind->multiplier = 1; ind->dps = -1;
    if (!ind->code || !ind->name || !ind->unit_label || !ind->definition || !ind->source) {
        indicator_free(ind);
        FP_ERROR(FP_ENOMEM);
    }
    size_t i = ds->n_indicators++;
    if (strmap_put(&p->ind_code, ds, ds_key, code, i) != FP_OK) FP_ERROR(FP_ENOMEM);
    invalidate(ds);
    *index = i;
    return FP_OK;
}

int fp_dataset_indicator_set(fp_dataset *ds, size_t i, const fp_indicator *meta)
{
    if (!ds || !meta || i >= ds->n_indicators) FP_ERROR(FP_EINVAL);
    fp_indicator *ind = &ds->indicators[i];
    if (meta->name && set_str(&ind->name, meta->name)) FP_ERROR(FP_ENOMEM);
    if (meta->unit_label && set_str(&ind->unit_label, meta->unit_label)) FP_ERROR(FP_ENOMEM);
    if (meta->definition && set_str(&ind->definition, meta->definition)) FP_ERROR(FP_ENOMEM);
    if (meta->source && set_str(&ind->source, meta->source)) FP_ERROR(FP_ENOMEM);
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
    if (strmap_get(&p->ind_code, ds, ds_key, key, index) == FP_OK) return FP_OK;
    const char *s, *e;
    trim_view(key, &s, &e);
    for (size_t i = 0; i < ds->n_indicators; i++)
        if (view_is(s, e, ds->indicators[i].name) && *ds->indicators[i].name) {
            *index = i;
            return FP_OK;
        }
    for (size_t i = 0; i < ds->n_indicators; i++)
        if (view_is(s, e, ds->indicators[i].code)) {
            *index = i;
            return FP_OK;
        }
    return FP_ENOTFOUND;
}

/* Trimmed, case-insensitive equality of a key with one of an area's names. */
static int area_matches(const fp_area *a, const char *s, const char *e)
{
    return view_is(s, e, a->code) || (*a->old_code && view_is(s, e, a->old_code))
        || (*a->name && view_is(s, e, a->name));
}

/* Alias lookups go through their own probe loop because a slot's key is any
 * of the area's names. */
static int alias_get(const fp_dataset *ds, const char *s, const char *e, size_t *index)
{
    const ds_priv *p = ds->priv;
    const strmap *m = &p->area_alias;
    if (!m->cap) return FP_ENOTFOUND;
    uint64_t h = hash_view_ci(s, e);
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
    trim_view(k, &s, &e);
    if (s == e || alias_get(ds, s, e, &dummy) == FP_OK) return FP_OK;
    strmap *m = &p->area_alias;
    if (strmap_make_room(m)) FP_ERROR(FP_ENOMEM);
    strmap_place(m, hash_view_ci(s, e), index + 1);
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
    if (strmap_get(&p->area_code, ds, ds_key, code, &i) == FP_OK) {
        fp_area *a = &ds->areas[i];
        if (name && *name && strcmp(a->name, name) != 0) {
            if (*a->name) p->lost_alias = 1;
            if (set_str(&a->name, name)) FP_ERROR(FP_ENOMEM);
            if (alias_put(ds, name, i)) FP_ERROR(FP_ENOMEM);
        }
        if (region && *region && strcmp(a->region, region) != 0 && set_str(&a->region, region))
            FP_ERROR(FP_ENOMEM);
        if (old_code && *old_code && strcmp(a->old_code, old_code) != 0) {
            if (*a->old_code) p->lost_alias = 1;
            if (set_str(&a->old_code, old_code)) FP_ERROR(FP_ENOMEM);
            if (alias_put(ds, old_code, i)) FP_ERROR(FP_ENOMEM);
        }
        if (kind != FP_AREA_OTHER) a->kind = kind;
        *index = i;
        return FP_OK;
    }
    if (grow((void **)&ds->areas, &p->cap_area, ds->n_areas + 1, sizeof *ds->areas))
        FP_ERROR(FP_ENOMEM);
    if (ds->n_areas >= UINT32_MAX) FP_ERROR(FP_ERANGE);  /* fp_obs keeps 32-bit indices */
    fp_area *a = &ds->areas[ds->n_areas];
    a->code = dup_str(code); a->name = dup_str(name); a->kind = kind;
    a->region = dup_str(region); a->old_code = dup_str(old_code);
    if (!a->code || !a->name || !a->region || !a->old_code) {
        area_free(a);
        FP_ERROR(FP_ENOMEM);
    }
    i = ds->n_areas++;
    if (strmap_put(&p->area_code, ds, ds_key, code, i) || alias_put(ds, a->code, i)
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
    int rc = strmap_get(&p->extra, ds, ds_key, k, &a);
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
    trim_view(alias, &s, &e);
    if (s == e) return FP_OK;
    /* A name that already finds an area stays with it. */
    if (alias_get(ds, s, e, &other) == FP_OK || extra_get(ds, s, e, &other) == FP_OK)
        return FP_OK;
    if (grow((void **)&p->aliases, &p->cap_aliases, p->n_aliases + 1, sizeof *p->aliases))
        FP_ERROR(FP_ENOMEM);
    size_t n = (size_t)(e - s);
    char *t = malloc(n + 1);
    if (!t) FP_ERROR(FP_ENOMEM);
    memcpy(t, s, n);
    t[n] = '\0';
    p->aliases[p->n_aliases].text = t;
    p->aliases[p->n_aliases].area = index;
    if (strmap_make_room(&p->extra)) { free(t); FP_ERROR(FP_ENOMEM); }
    strmap_place(&p->extra, hash_str(t, 1), p->n_aliases + 1);
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
    if (strmap_get(&p->area_code, ds, ds_key, key, index) == FP_OK) return FP_OK;
    const char *s, *e;
    trim_view(key, &s, &e);
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
    if (strmap_get(&p->period_label, ds, ds_key, label, index) == FP_OK) return FP_OK;
    fp_period per;
    int rc = fp_period_parse(label, &per);
    if (rc != FP_OK) return rc;
    /* Another label of a period already held is that period (the first
     * label seen is kept). */
    char key[64];
    period_key(&per, key, sizeof key);
    if (strmap_get(&p->period_canon, ds, ds_key, key, index) == FP_OK) return FP_OK;
    if (grow((void **)&ds->periods, &p->cap_period, ds->n_periods + 1, sizeof *ds->periods))
        FP_ERROR(FP_ENOMEM);
    char **nc = realloc(p->canon, p->cap_period * sizeof *nc);
    if (!nc) FP_ERROR(FP_ENOMEM);
    p->canon = nc;
    if (ds->n_periods >= UINT32_MAX) FP_ERROR(FP_ERANGE);  /* fp_obs keeps 32-bit indices */
    fp_period_entry *pe = &ds->periods[ds->n_periods];
    pe->period = per;
    pe->label = dup_str(label);
    p->canon[ds->n_periods] = dup_str(key);
    if (!pe->label || !p->canon[ds->n_periods]) {
        free(pe->label);
        free(p->canon[ds->n_periods]);
        FP_ERROR(FP_ENOMEM);
    }
    size_t i = ds->n_periods++;
    if (strmap_put(&p->period_label, ds, ds_key, label, i)
        || strmap_put(&p->period_canon, ds, ds_key, key, i))
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
    return set_str(&ds->version, version);
}

/* ------------------------------------------------------------- indexing */

/* Thread-local context for sorting period indices (qsort has none). */
static _Thread_local const fp_dataset *sort_ds;

static int cmp_period_idx(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int r = fp_period_compare(&sort_ds->periods[i].period, &sort_ds->periods[j].period);
    if (r) return r;
    r = strcmp(sort_ds->periods[i].label, sort_ds->periods[j].label);
    if (r) return r;
    return (i > j) - (i < j);
}

/* A stable counting sort of the permutation `in` (NULL: the identity) into
 * `out` by key[src] in [0, nkeys). */
/* Index sorting. Observations are ordered by (indicator, area, period rank),
 * ties (duplicates) in the order they were added. A stable counting pass by
 * indicator splits the permutation into one segment per indicator; each
 * segment is then sorted on its own by (area, period rank), so the work and
 * the memory it touches are those of one indicator at a time -- in cache for
 * files that come grouped by indicator, as LAIT and Fingertips exports do.
 * Within a segment the observation numbers are ascending (the pass is
 * stable), so "original order" is simply the observation number. */

typedef struct seg_sorter {
    const fp_obs *obs;
    const size_t *prank;
    size_t n_areas, n_periods;
    uint32_t *tmp, *key;        /* one segment long */
    size_t *cnt_area, *cnt_per; /* n_areas + 1, n_periods + 1 */
} seg_sorter;

typedef struct seg_item {
    uint64_t key;               /* area << 32 | period rank */
    uint32_t src;
} seg_item;

static int cmp_seg_item(const void *a, const void *b)
{
    const seg_item *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->src > y->src) - (x->src < y->src);
}

static uint64_t seg_key(const seg_sorter *z, uint32_t k)
{
    return (uint64_t)z->obs[k].area << 32 | (uint64_t)z->prank[z->obs[k].period];
}

/* Sort perm[0..m), the observations of one indicator, by (area, period
 * rank, observation number). */
static int sort_segment(seg_sorter *z, uint32_t *perm, size_t m)
{
    if (m < 2) return FP_OK;
    if (m <= 32) {
        /* Insertion sort: stable, and fastest on a short segment. */
        uint64_t kk[32];
        for (size_t j = 0; j < m; j++) kk[j] = seg_key(z, perm[j]);
        for (size_t j = 1; j < m; j++) {
            uint64_t k = kk[j];
            uint32_t v = perm[j];
            size_t i = j;
            for (; i > 0 && kk[i - 1] > k; i--) { kk[i] = kk[i - 1]; perm[i] = perm[i - 1]; }
            kk[i] = k;
            perm[i] = v;
        }
        return FP_OK;
    }
    if (z->n_areas <= 8 * m && z->n_periods <= 8 * m) {
        /* Two stable counting passes, period rank then area; the count
         * arrays are cleared per segment, which the size test keeps cheap. */
        memset(z->cnt_per, 0, (z->n_periods + 1) * sizeof *z->cnt_per);
        for (size_t j = 0; j < m; j++) {
            z->key[j] = (uint32_t)z->prank[z->obs[perm[j]].period];
            z->cnt_per[z->key[j] + 1]++;
        }
        for (size_t r = 0; r < z->n_periods; r++) z->cnt_per[r + 1] += z->cnt_per[r];
        for (size_t j = 0; j < m; j++) z->tmp[z->cnt_per[z->key[j]]++] = perm[j];
        memset(z->cnt_area, 0, (z->n_areas + 1) * sizeof *z->cnt_area);
        for (size_t j = 0; j < m; j++) {
            z->key[j] = z->obs[z->tmp[j]].area;
            z->cnt_area[z->key[j] + 1]++;
        }
        for (size_t r = 0; r < z->n_areas; r++) z->cnt_area[r + 1] += z->cnt_area[r];
        for (size_t j = 0; j < m; j++) perm[z->cnt_area[z->key[j]]++] = z->tmp[j];
        return FP_OK;
    }
    /* Few observations against many areas or periods: a comparison sort. */
    seg_item *it = malloc(m * sizeof *it);
    if (!it) FP_ERROR(FP_ENOMEM);
    for (size_t j = 0; j < m; j++) { it[j].key = seg_key(z, perm[j]); it[j].src = perm[j]; }
    qsort(it, m, sizeof *it, cmp_seg_item);
    for (size_t j = 0; j < m; j++) perm[j] = it[j].src;
    free(it);
    return FP_OK;
}

int fp_dataset_index(fp_dataset *ds, size_t *n_duplicates)
{
    if (!ds) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    size_t n = ds->n_obs;
    if (n > UINT32_MAX) FP_ERROR(FP_ERANGE);

    /* Rank periods in time order (ties by label, so the order is total). */
    size_t *order = malloc((ds->n_periods ? ds->n_periods : 1) * sizeof *order);
    size_t *prank = malloc((ds->n_periods ? ds->n_periods : 1) * sizeof *prank);
    size_t *ind_start = malloc((ds->n_indicators + 1) * sizeof *ind_start);
    if (!order || !prank || !ind_start) {
        free(order); free(prank); free(ind_start);
        FP_ERROR(FP_ENOMEM);
    }
    for (size_t i = 0; i < ds->n_periods; i++) order[i] = i;
    sort_ds = ds;
    qsort(order, ds->n_periods, sizeof *order, cmp_period_idx);
    sort_ds = NULL;
    for (size_t r = 0; r < ds->n_periods; r++) prank[order[r]] = r;
    free(order);

    /* Offsets of each indicator's block (final: sorting keeps the counts). */
    for (size_t i = 0; i <= ds->n_indicators; i++) ind_start[i] = 0;
    for (size_t k = 0; k < n; k++) ind_start[ds->obs[k].indicator + 1]++;
    size_t maxseg = 0;
    for (size_t i = 0; i < ds->n_indicators; i++) {
        if (ind_start[i + 1] > maxseg) maxseg = ind_start[i + 1];
        ind_start[i + 1] += ind_start[i];
    }

    /* Sort (see sort_segment) into a permutation perm, perm[k] the source
     * of position k, then apply it (below). Extra memory: one 4-byte number
     * per observation and two per observation of the largest indicator,
     * and the sorted copy of the observations while it is made. */
    if (n > 1) {
        uint32_t *perm = malloc(n * sizeof *perm);
        size_t *pos = malloc((ds->n_indicators + 1) * sizeof *pos);
        seg_sorter z = { ds->obs, prank, ds->n_areas, ds->n_periods,
                         malloc(maxseg * sizeof *z.tmp), malloc(maxseg * sizeof *z.key),
                         malloc((ds->n_areas + 1) * sizeof *z.cnt_area),
                         malloc((ds->n_periods + 1) * sizeof *z.cnt_per) };
        int rc = (!perm || !pos || !z.tmp || !z.key || !z.cnt_area || !z.cnt_per)
                 ? FP_ENOMEM : FP_OK;
        if (!rc) {
            memcpy(pos, ind_start, (ds->n_indicators + 1) * sizeof *pos);
            for (size_t k = 0; k < n; k++) perm[pos[ds->obs[k].indicator]++] = (uint32_t)k;
            for (size_t i = 0; !rc && i < ds->n_indicators; i++)
                rc = sort_segment(&z, perm + ind_start[i], ind_start[i + 1] - ind_start[i]);
        }
        free(pos); free(z.tmp); free(z.key); free(z.cnt_area); free(z.cnt_per);
        if (rc) { free(perm); free(prank); free(ind_start); FP_ERROR(rc); }
        /* Gathering into a new array reads each indicator's observations
         * in order (perm is ascending within a segment that the file holds
         * in one block) and writes in order: a streaming copy. Following the
         * permutation's cycles in place jumps across the whole array when
         * the indicators were numbered in another order than the file's
         * (a data dictionary read first): a cache miss per observation, 40%
         * of `validate`'s time on the LAIT file (issue 22). The copy costs
         * one more array of observations while it is made (32 bytes each),
         * so it is made only when more than an eighth of the observations
         * come from outside their indicator's final place (its block of
         * the array). A file read without a dictionary keeps its
         * indicators' blocks where they are (moves within a block stay in
         * cache, and the cycles are cheap); without the memory, the cycles
         * are followed as before. */
        size_t far = 0;
        for (size_t i = 0; i < ds->n_indicators; i++)
            for (size_t k = ind_start[i]; k < ind_start[i + 1]; k++)
                far += perm[k] < ind_start[i] || perm[k] >= ind_start[i + 1];
        fp_obs *sorted = far > n / 8 ? malloc(n * sizeof *sorted) : NULL;
        if (sorted) {
            for (size_t k = 0; k < n; k++) sorted[k] = ds->obs[perm[k]];
            free(ds->obs);
            ds->obs = sorted;
            p->cap_obs = n;
        }
        for (size_t i = 0; !sorted && i < n; i++) {
            if (perm[i] == i) continue;
            fp_obs tmp = ds->obs[i];
            size_t j = i;
            for (;;) {
                size_t k = perm[j];
                perm[j] = (uint32_t)j;
                if (k == i) { ds->obs[j] = tmp; break; }
                ds->obs[j] = ds->obs[k];
                j = k;
            }
        }
        free(perm);
    }

    /* The duplicate count. */
    size_t dups = 0;
    for (size_t k = 1; k < n; k++)
        if (ds->obs[k].indicator == ds->obs[k - 1].indicator
            && ds->obs[k].area == ds->obs[k - 1].area
            && ds->obs[k].period == ds->obs[k - 1].period)
            dups++;

    free(p->prank);
    free(p->ind_start);
    p->prank = prank;
    p->ind_start = ind_start;
    p->indexed = 1;
    if (n_duplicates) *n_duplicates = dups;
    return FP_OK;
}

int fp_dataset_series(const fp_dataset *ds, size_t indicator, size_t area,
                      const fp_obs **first, size_t *n)
{
    if (!ds || !first || !n) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    *first = NULL;
    *n = 0;
    if (!p->indexed) FP_ERROR(FP_EINVAL);
    if (indicator >= ds->n_indicators) return FP_ENOTFOUND;
    size_t lo = p->ind_start[indicator], hi = p->ind_start[indicator + 1];
    /* First observation with area >= the wanted one. */
    size_t a = lo, b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (ds->obs[mid].area < area) a = mid + 1; else b = mid;
    }
    size_t start = a;
    b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (ds->obs[mid].area <= area) a = mid + 1; else b = mid;
    }
    if (a == start) return FP_ENOTFOUND;
    *first = &ds->obs[start];
    *n = a - start;
    return FP_OK;
}

int fp_dataset_lookup(const fp_dataset *ds, size_t indicator, size_t area,
                      size_t period, const fp_obs **obs)
{
    const fp_obs *first;
    size_t n;
    if (!ds || !obs) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    int rc = fp_dataset_series(ds, indicator, area, &first, &n);
    if (rc != FP_OK) return rc;
    if (period >= ds->n_periods) return FP_ENOTFOUND;
    size_t want = p->prank[period];
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (p->prank[first[mid].period] < want) a = mid + 1; else b = mid;
    }
    if (a < n && first[a].period == period) {
        *obs = &first[a];
        return FP_OK;
    }
    return FP_ENOTFOUND;
}

int fp_dataset_latest_period(const fp_dataset *ds, size_t indicator, size_t *period)
{
    if (!ds || !period) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    if (!p->indexed) FP_ERROR(FP_EINVAL);
    int found = 0;
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *first;
        size_t n;
        if (fp_dataset_series(ds, indicator, a, &first, &n) != FP_OK) continue;
        /* A series is in period order: its last non-missing value is its latest. */
        for (size_t k = n; k-- > 0;) {
            if (first[k].missing != FP_MISSING_NONE) continue;
            if (!found || fp_period_compare(&ds->periods[first[k].period].period,
                                            &ds->periods[*period].period) > 0) {
                *period = first[k].period;
                found = 1;
            }
            break;
        }
    }
    return found ? FP_OK : FP_ENOTFOUND;
}

int fp_dataset_find_period(const fp_dataset *ds, const char *label, size_t *period)
{
    if (!ds || !label || !period) FP_ERROR(FP_EINVAL);
    for (size_t i = 0; i < ds->n_periods; i++)
        if (!strcmp(ds->periods[i].label, label)) { *period = i; return FP_OK; }
    fp_period want;
    if (fp_period_parse(label, &want) != FP_OK) return FP_ENOTFOUND;
    for (size_t i = 0; i < ds->n_periods; i++)
        if (fp_period_compare(&ds->periods[i].period, &want) == 0) { *period = i; return FP_OK; }
    return FP_ENOTFOUND;
}

/* ---------------------------------------------------- statistical neighbours */

typedef struct nb_priv {
    strmap cur, pred;    /* area key -> list index, current and predecessor */
    size_t cap_lists;
} nb_priv;

static const char *nb_key(const void *owner, size_t i, int which)
{
    (void)which;
    return ((const fp_neighbours *)owner)->lists[i].area;
}

fp_neighbours *fp_neighbours_alloc(const char *version)
{
    fp_neighbours *nb = calloc(1, sizeof *nb);
    if (!nb) return NULL;
    nb->priv = calloc(1, sizeof(nb_priv));
    nb->version = dup_str(version);
    if (!nb->priv || !nb->version) {
        free(nb->priv); free(nb->version); free(nb);
        return NULL;
    }
    return nb;
}

void fp_neighbours_free(fp_neighbours *nb)
{
    if (!nb) return;
    for (size_t i = 0; i < nb->n_lists; i++) {
        fp_neighbour_list *l = &nb->lists[i];
        for (size_t k = 0; k < l->n; k++) { free(l->neighbours[k]); free(l->bands[k]); }
        free(l->neighbours); free(l->bands); free(l->area); free(l->name);
    }
    free(nb->lists);
    nb_priv *p = nb->priv;
    if (p) { strmap_free(&p->cur); strmap_free(&p->pred); free(p); }
    free(nb->version);
    free(nb);
}

/* Lower-case and trim a band label ("Very Close " -> "very close"). */
static char *norm_band(const char *band)
{
    const char *s, *e;
    trim_view(band ? band : "", &s, &e);
    size_t n = (size_t)(e - s);
    char *d = malloc(n + 1);
    if (!d) return NULL;
    for (size_t i = 0; i < n; i++) d[i] = (char)lower_ascii((unsigned char)s[i]);
    d[n] = '\0';
    return d;
}

int fp_neighbours_add(fp_neighbours *nb, const char *area, const char *name,
                      int predecessor, const char *neighbour, const char *band)
{
    if (!nb || !area || !neighbour) FP_ERROR(FP_EINVAL);
    nb_priv *p = nb->priv;
    strmap *m = predecessor ? &p->pred : &p->cur;
    size_t li;
    if (strmap_get(m, nb, nb_key, area, &li) != FP_OK) {
        if (grow((void **)&nb->lists, &p->cap_lists, nb->n_lists + 1, sizeof *nb->lists))
            FP_ERROR(FP_ENOMEM);
        fp_neighbour_list *l = &nb->lists[nb->n_lists];
        memset(l, 0, sizeof *l);
        l->area = dup_str(area);
        l->name = dup_str(name);
        l->predecessor = predecessor != 0;
        if (!l->area || !l->name) { free(l->area); free(l->name); FP_ERROR(FP_ENOMEM); }
        li = nb->n_lists++;
        if (strmap_put(m, nb, nb_key, area, li)) FP_ERROR(FP_ENOMEM);
    }
    fp_neighbour_list *l = &nb->lists[li];
    if (name && *name && !*l->name && set_str(&l->name, name)) FP_ERROR(FP_ENOMEM);
    char **nn = realloc(l->neighbours, (l->n + 1) * sizeof *nn);
    if (!nn) FP_ERROR(FP_ENOMEM);
    l->neighbours = nn;
    char **bb = realloc(l->bands, (l->n + 1) * sizeof *bb);
    if (!bb) FP_ERROR(FP_ENOMEM);
    l->bands = bb;
    char *nd = dup_str(neighbour), *bd = norm_band(band);
    if (!nd || !bd) { free(nd); free(bd); FP_ERROR(FP_ENOMEM); }
    l->neighbours[l->n] = nd;
    l->bands[l->n] = bd;
    l->n++;
    return FP_OK;
}

int fp_neighbours_find(const fp_neighbours *nb, const char *area,
                       const fp_neighbour_list **list)
{
    if (!nb || !area || !list) FP_ERROR(FP_EINVAL);
    const nb_priv *p = nb->priv;
    size_t li;
    if (strmap_get(&p->cur, nb, nb_key, area, &li) == FP_OK
        || strmap_get(&p->pred, nb, nb_key, area, &li) == FP_OK) {
        *list = &nb->lists[li];
        return FP_OK;
    }
    return FP_ENOTFOUND;
}

/* ----------------------------------------------------- observation texts */

static uint64_t text_hash(uint32_t kind, uint32_t ind, uint32_t area, uint32_t period)
{
    uint64_t h = 1469598103934665603ULL;
    uint32_t k[4] = { kind, ind, area, period };
    for (int i = 0; i < 4; i++) { h ^= k[i]; h *= 1099511628211ULL; h ^= h >> 29; }
    return h;
}

/* The entry for the key, or NULL. */
static obs_text *text_find(const ds_priv *p, uint32_t kind, uint32_t ind, uint32_t area,
                           uint32_t period)
{
    if (!p->text_cap) return NULL;
    size_t mask = p->text_cap - 1;
    for (size_t i = (size_t)text_hash(kind, ind, area, period) & mask;; i = (i + 1) & mask) {
        size_t v = p->text_slots[i];
        if (!v) return NULL;
        obs_text *t = &p->texts[v - 1];
        if (t->kind == kind && t->indicator == ind && t->area == area && t->period == period)
            return t;
    }
}

/* A new entry for the key (the caller checked it is absent); NULL when out
 * of memory. */
static obs_text *text_new(ds_priv *p, uint32_t kind, uint32_t ind, uint32_t area,
                          uint32_t period)
{
    if ((p->n_texts + 1) * 10 > p->text_cap * 7) {
        size_t nc = p->text_cap ? p->text_cap * 2 : 64;
        size_t *ns = calloc(nc, sizeof *ns);
        if (!ns) return NULL;
        for (size_t k = 0; k < p->n_texts; k++) {
            const obs_text *t = &p->texts[k];
            size_t i = (size_t)text_hash(t->kind, t->indicator, t->area, t->period) & (nc - 1);
            while (ns[i]) i = (i + 1) & (nc - 1);
            ns[i] = k + 1;
        }
        free(p->text_slots);
        p->text_slots = ns;
        p->text_cap = nc;
    }
    if (grow((void **)&p->texts, &p->cap_texts, p->n_texts + 1, sizeof *p->texts)) return NULL;
    obs_text *t = &p->texts[p->n_texts];
    t->kind = kind; t->indicator = ind; t->area = area; t->period = period; t->text = NULL;
    t->from = 0;
    size_t mask = p->text_cap - 1;
    size_t i = (size_t)text_hash(kind, ind, area, period) & mask;
    while (p->text_slots[i]) i = (i + 1) & mask;
    p->text_slots[i] = ++p->n_texts;
    return t;
}

/* Keep text under the key (NULL or "" removes it). */
static int text_put(ds_priv *p, uint32_t kind, uint32_t ind, uint32_t area, uint32_t period,
                    const char *text)
{
    obs_text *t = text_find(p, kind, ind, area, period);
    if (!text || !*text) {
        if (t) { free(t->text); t->text = NULL; }
        return FP_OK;
    }
    if (t && t->text && !strcmp(t->text, text)) return FP_OK;
    char *copy = dup_str(text);
    if (!copy) return FP_ENOMEM;
    if (!t && !(t = text_new(p, kind, ind, area, period))) { free(copy); return FP_ENOMEM; }
    free(t->text);
    t->text = copy;
    return FP_OK;
}

int fp_dataset_obs_text_set(fp_dataset *ds, size_t indicator, size_t area, size_t period,
                            fp_obs_text_kind kind, const char *text)
{
    if (!ds || indicator >= ds->n_indicators || area >= ds->n_areas || period >= ds->n_periods
        || (int)kind < 0 || kind >= FP_OBS_TEXT_N)
        FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    int st = text_put(p, kind, (uint32_t)indicator, (uint32_t)area, (uint32_t)period, text);
    if (st != FP_OK) FP_ERROR(st);
    if (kind != FP_OBS_TEXT_CODE || !text || !*text) return FP_OK;
    /* The latest period's code also answers for "any period": the entry
     * under UINT32_MAX keeps it and the period it came from. */
    obs_text *any = text_find(p, kind, (uint32_t)indicator, (uint32_t)area, UINT32_MAX);
    if (any && any->text && any->from < ds->n_periods
        && fp_period_compare(&ds->periods[any->from].period, &ds->periods[period].period) > 0)
        return FP_OK;
    if (text_put(p, kind, (uint32_t)indicator, (uint32_t)area, UINT32_MAX, text) != FP_OK)
        FP_ERROR(FP_ENOMEM);
    text_find(p, kind, (uint32_t)indicator, (uint32_t)area, UINT32_MAX)->from = (uint32_t)period;
    return FP_OK;
}

const char *fp_dataset_obs_text(const fp_dataset *ds, size_t indicator, size_t area,
                                size_t period, fp_obs_text_kind kind)
{
    if (!ds || indicator >= ds->n_indicators || area >= ds->n_areas || (int)kind < 0
        || kind >= FP_OBS_TEXT_N || (period >= ds->n_periods && period != (size_t)-1))
        return NULL;
    const ds_priv *p = ds->priv;
    const obs_text *t = text_find(p, kind, (uint32_t)indicator, (uint32_t)area,
                                  period == (size_t)-1 ? UINT32_MAX : (uint32_t)period);
    return t ? t->text : NULL;
}

const char *fp_dataset_area_code_for(const fp_dataset *ds, size_t indicator, size_t area,
                                     size_t period)
{
    if (!ds || area >= ds->n_areas) return NULL;
    const char *c = fp_dataset_obs_text(ds, indicator, area, period, FP_OBS_TEXT_CODE);
    if (c) return c;
    /* No row at the period (an area listed without a value): the code of
     * the indicator's latest row for the area. */
    const fp_obs *o;
    if (period != (size_t)-1 && fp_dataset_lookup(ds, indicator, area, period, &o) != FP_OK)
        c = fp_dataset_obs_text(ds, indicator, area, (size_t)-1, FP_OBS_TEXT_CODE);
    return c ? c : ds->areas[area].code;
}
