/* inequality.c -- the machinery of `fingerpost inequality`: Fingertips'
 * deprivation breakdowns put back together as quantile series (one per
 * indicator and sex/age breakdown, category type, area and period, the
 * most deprived first) and each series' SII and RII (fp_sii). */
#include "cli.h"
#include "inequality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The rank of a deprivation category, 1 = most deprived, and how many
 * quantiles its kind has (10 deciles, 5 quintiles), from Fingertips'
 * wording: "Most deprived decile", "Second most deprived decile", "Third
 * more deprived decile", ..., "Fifth less deprived decile", "Second least
 * deprived decile", "Least deprived decile" (a suffix such as "(IMD2019)"
 * is ignored); for quintiles also "Middle quintile". 0 if not one. */
static size_t deprivation_rank(const char *cat, size_t *of)
{
    char s[160];
    size_t n = strlen(cat);
    if (n >= sizeof s) return 0;
    for (size_t i = 0; i <= n; i++) s[i] = (char)((cat[i] >= 'A' && cat[i] <= 'Z') ? cat[i] + 32 : cat[i]);
    if (strstr(s, "decile")) *of = 10;
    else if (strstr(s, "quintile")) *of = 5;
    else return 0;
    static const char *const ord[] = { "first", "second", "third", "fourth", "fifth" };
    size_t k = 1;
    for (size_t i = 0; i < 5; i++)
        if (!strncmp(s, ord[i], strlen(ord[i]))) k = i + 1;
    if (strstr(s, "middle")) return *of == 5 ? 3 : 0;
    if (strstr(s, "most deprived") || strstr(s, "more deprived")) return k <= *of ? k : 0;
    if (strstr(s, "least deprived") || strstr(s, "less deprived")) return k <= *of ? *of + 1 - k : 0;
    return 0;
}

/* A deprivation breakdown of an indicator: "BASE/TYPE: CATEGORY" with TYPE
 * naming deprivation deciles or quintiles. Sets base_len (BASE is the
 * indicator ID with any sex/age breakdown), the type and the rank. */
static int split_code(const char *code, size_t *base_len, const char **type, size_t *type_len,
                      size_t *rank, size_t *of)
{
    const char *colon = strstr(code, ": ");
    if (!colon) return 0;
    /* The type starts after the last '/' before the colon that begins a
     * text mentioning deprivation deciles or quintiles: after a sex or age
     * breakdown ("90284/Male/County & UA deprivation deciles ...") but not
     * inside the type, which may hold a '/' itself ("4/23 geography"). */
    const char *start = NULL;
    for (const char *p = code; p < colon; p++)
        if (*p == '/') {
            const char *q = p + 1;
            size_t len = (size_t)(colon - q);
            char buf[256];
            if (len >= sizeof buf) continue;
            for (size_t i = 0; i < len; i++) buf[i] = (char)((q[i] >= 'A' && q[i] <= 'Z') ? q[i] + 32 : q[i]);
            buf[len] = 0;
            if (strstr(buf, "deprivation") && (strstr(buf, "decile") || strstr(buf, "quintile"))
                && !strchr(buf, ':'))
                start = p;
        }
    if (!start) return 0;
    *rank = deprivation_rank(colon + 2, of);
    if (!*rank) return 0;
    *base_len = (size_t)(start - code);
    *type = start + 1;
    *type_len = (size_t)(colon - start - 1);
    return 1;
}

/* The value of indicator ind for area a in period p, with its extras, or
 * NULL. Observations are sorted by (indicator, area, period): binary
 * search. */
static const fp_obs *find_obs(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    size_t lo = 0, hi = ds->n_obs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const fp_obs *o = &ds->obs[mid];
        int less = o->indicator < ind || (o->indicator == ind && (o->area < a
                   || (o->area == a && o->period < p)));
        if (less) lo = mid + 1; else hi = mid;
    }
    if (lo < ds->n_obs && ds->obs[lo].indicator == ind && ds->obs[lo].area == a
        && ds->obs[lo].period == p)
        return &ds->obs[lo];
    return NULL;
}

/* One output row: the SII of group g's quantiles for area a, period p. */
void iq_series_row(fpc_table *t, const fp_dataset *ds, const qser *qs, size_t nq, size_t g,
                   size_t a, size_t p, const fp_sii_options *sii)
{
    const qser *first = NULL;
    size_t of = 0;
    for (size_t k = 0; k < nq; k++) if (qs[k].group == g) { first = &qs[k]; of = qs[k].of; break; }
    const fp_indicator *I = &ds->indicators[first->ind];
    double v[10], lo[10], hi[10], pop[10], se[10];
    int have[10] = { 0 };
    char note[200] = "";
    for (size_t k = 0; k < nq; k++) {
        if (qs[k].group != g) continue;
        const fp_obs *ob = find_obs(ds, qs[k].ind, a, p);
        size_t r = qs[k].rank - 1;
        if (!ob || ob->missing != FP_MISSING_NONE || isnan(ob->value)) continue;
        const fp_obs_extra *x = fp_dataset_obs_extra(ds, ob);
        if (!(ob->flags & FP_OBS_CI95)) { snprintf(note, sizeof note, "a quantile has no 95%% limits"); continue; }
        if (!(ob->flags & FP_OBS_DENOMINATOR)) { snprintf(note, sizeof note, "a quantile has no denominator (population)"); continue; }
        v[r] = ob->value; lo[r] = x->lower95; hi[r] = x->upper95; pop[r] = x->denominator;
        have[r]++;
    }
    size_t got = 0;
    for (size_t r = 0; r < of; r++) got += have[r] == 1;
    if (got == 0) return;   /* this area has no breakdown in this period */
    fp_sii_options so = *sii;
    int pct = I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION;
    so.value_type = pct ? FP_SII_PROPORTION : I->unit == FP_UNIT_RATE ? FP_SII_RATE : FP_SII_NORMAL;
    double scale = I->unit == FP_UNIT_PERCENT ? 100.0 : 1.0;
    so.multiplier = scale;
    for (size_t r = 0; r < of; r++) { v[r] /= scale; lo[r] /= scale; hi[r] /= scale; }
    static const double levels[2] = { 0.95, 0.998 };
    fp_sii_result res;
    int ok = 0;
    if (got < of) {
        char why[200];
        snprintf(why, sizeof why, "%s", note);
        snprintf(note, sizeof note, "%zu of %zu quantiles have a value%s%.120s", got, of,
                 why[0] ? "; " : "", why);
    } else {
        fp_sii_se_from_ci(lo, hi, of, so.value_type, se);
        int st = fp_sii(v, se, pop, of, &so, levels, 2, &res);
        if (st == FP_OK) { ok = 1; note[0] = 0; }
        else snprintf(note, sizeof note, "%s", st == FP_EDOM
                      ? "a quantile with a population of 0 or less, missing limits or a value "
                        "outside its scale" : fp_strerror(st));
    }
    char type[256];
    size_t bl, tl, rk, of2;
    const char *tp;
    split_code(I->code, &bl, &tp, &tl, &rk, &of2);
    char base[128];
    snprintf(base, sizeof base, "%.*s", (int)(bl < sizeof base ? bl : sizeof base - 1), I->code);
    snprintf(type, sizeof type, "%.*s", (int)(tl < sizeof type ? tl : sizeof type - 1), tp);
    /* The indicator's name without its category in brackets. */
    const fp_indicator *B = NULL;
    size_t bi;
    if (fp_dataset_find_indicator(ds, base, &bi) == FP_OK) B = &ds->indicators[bi];
    char method[96];
    if (so.ci_method == FP_SII_CI_ANALYTIC) snprintf(method, sizeof method, "analytic");
    else snprintf(method, sizeof method, "simulation %zu reps, seed %lu", so.repetitions, so.seed);
    static const char *const vt[] = { "normal", "rate", "proportion" };
    fpc_table_str(t, base);
    fpc_table_str(t, B ? B->name : NULL);
    fpc_table_str(t, type);
    fpc_table_str(t, ds->areas[a].code);
    fpc_table_str(t, ds->areas[a].name);
    fpc_table_str(t, ds->periods[p].label);
    fpc_table_int(t, (long)of);
    fpc_table_str(t, vt[so.value_type]);
    fpc_table_num(t, ok ? res.sii : NAN);
    for (int l = 0; l < 2; l++) {
        fpc_table_num(t, ok ? res.sii_lower[l] : NAN);
        fpc_table_num(t, ok ? res.sii_upper[l] : NAN);
    }
    fpc_table_num(t, ok ? res.rii : NAN);
    for (int l = 0; l < 2; l++) {
        fpc_table_num(t, ok ? res.rii_lower[l] : NAN);
        fpc_table_num(t, ok ? res.rii_upper[l] : NAN);
    }
    fpc_table_str(t, method);
    fpc_table_str(t, note[0] ? note : NULL);
}


/* The quantile series of the data (of indicator only, unless NULL) into
 * *qs (*nq; caller frees) and their groups' keys ("BASE/TYPE") into *gkey
 * (*ng; caller frees each and the array). */
void iq_series(const fp_dataset *ds, const char *indicator, qser **qs_out, size_t *nq_out,
               char ***gkey_out, size_t *ng_out)
{
    qser *qs = fpc_xmalloc((ds->n_indicators + 1) * sizeof *qs);
    char **gkey = fpc_xmalloc((ds->n_indicators + 1) * sizeof *gkey);
    size_t nq = 0, ng = 0;
    for (size_t k = 0; k < ds->n_indicators; k++) {
        size_t bl, tl, rank, of;
        const char *tp;
        const char *code = ds->indicators[k].code;
        if (!split_code(code, &bl, &tp, &tl, &rank, &of)) continue;
        if (indicator && (strlen(indicator) > bl || strncmp(code, indicator, strlen(indicator))
                            || (code[strlen(indicator)] != '/')))
            continue;
        size_t klen = (size_t)(tp + tl - code);
        size_t g = 0;
        while (g < ng && (strlen(gkey[g]) != klen || strncmp(gkey[g], code, klen))) g++;
        if (g == ng) {
            gkey[ng] = fpc_xmalloc(klen + 1);
            memcpy(gkey[ng], code, klen);
            gkey[ng][klen] = 0;
            ng++;
        }
        qs[nq++] = (qser){ k, rank, of, g };
    }
    *qs_out = qs;
    *nq_out = nq;
    *gkey_out = gkey;
    *ng_out = ng;
}
