/* assess_context.c -- the assessment context (fp_assess_context: England, regions,
 * neighbours, the ranked groups and their distribution, plausibility
 * bounds, methodology breaks), the helpers every part of the assessment
 * shares (assess_internal.h) and the calendar rule fp_period_of_month. See assess.c and docs/methods.md, "Assessment". */
#include "assess_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ helpers */

/* Append a note to r->notes, "; "-separated. A note that does not fit in
 * whole is not cut but left out, and counted in r->notes_dropped, so no note
 * is lost without a trace (fp_assessment). */
void fp__note_add(fp_assessment *r, const char *fmt, ...)
{
    char *note = r->notes;
    size_t size = sizeof r->notes, was = strlen(note), len = was;
    if (len + 3 >= size) { r->notes_dropped++; return; }
    if (len) { memcpy(note + len, "; ", 3); len += 2; }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(note + len, size - len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size - len) {
        note[was] = '\0';
        r->notes_dropped++;
    }
}

const fp_obs *fp__obs_at(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    const fp_obs *o;
    if (a == FP_ASSESS_NONE || p == FP_ASSESS_NONE) return NULL;
    return fp_dataset_lookup(ds, ind, a, p, &o) == FP_OK ? o : NULL;
}

double fp__obs_value(const fp_obs *o)
{
    return (o && o->missing == FP_MISSING_NONE) ? o->value : NAN;
}

/* The latest period in which area a has a value of ind, or FP_ASSESS_NONE. */
size_t fp__area_latest(const fp_dataset *ds, size_t ind, size_t a)
{
    const fp_obs *first;
    size_t ns;
    if (fp_dataset_series(ds, ind, a, &first, &ns) == FP_OK)
        for (size_t i = ns; i-- > 0;)
            if (first[i].missing == FP_MISSING_NONE) return first[i].period;
    return FP_ASSESS_NONE;
}

double fp__value_at(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    return fp__obs_value(fp__obs_at(ds, ind, a, p));
}

/* The observation's numerator and denominator when it has a value and both
 * counts (returns 1), else NaN in both (returns 0). */
int fp__obs_counts(const fp_dataset *ds, const fp_obs *o, double *num, double *den)
{
    *num = *den = NAN;
    if (!o || o->missing != FP_MISSING_NONE) return 0;
    if (!(o->flags & FP_OBS_NUMERATOR) || !(o->flags & FP_OBS_DENOMINATOR)) return 0;
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    *num = x->numerator;
    *den = x->denominator;
    return 1;
}

int fp__is_proportion(fp_unit u)
{
    return u == FP_UNIT_PERCENT || u == FP_UNIT_PROPORTION;
}

fp_projection_model fp_assess_projection_model(const fp_indicator *I, fp_projection_model m,
                                              fp_trend_options *to)
{
    if (!I || !to || (m != FP_PROJECT_LINEAR && m != FP_PROJECT_LOGIT)
        || !fp__is_proportion(I->unit))
        return m;
    to->bound = I->unit == FP_UNIT_PERCENT ? 100 : 1;
    return FP_PROJECT_LOGIT;
}

/* A CI from counts by the rates module: Wilson for proportions, Byar's /
 * exact Poisson for rates (as Fingertips). */
int fp__counts_ci(const fp_indicator *I, double x, double n, double level, fp_ci *ci)
{
    double m = I->multiplier > 0 ? I->multiplier : 1;
    return fp__is_proportion(I->unit) ? fp_proportion_ci(x, n, m, level, ci)
                                  : fp_rate_ci(x, n, m, level, ci);
}

/* The region area a is compared with on (ind, p), and, when there is no
 * value to compare with, why (into why, "" otherwise). The rule
 * (docs/methods.md, "Assessment"): the parent the source gave for the row
 * (Fingertips "Parent Code") when it gave one other than England; else the
 * identity's region, or, when the data have no row of it for the indicator
 * and period, the region above it (Inner or Outer London -> London) that
 * has one, so a borough is compared with the region the data report. */
size_t fp__region_at(const fp_assess_context *c, size_t ind, size_t a, size_t p, char *why,
                     size_t n)
{
    const fp_dataset *ds = c->ds;
    why[0] = '\0';
    if (p == FP_ASSESS_NONE) return c->region[a];
    const char *pc = fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_PARENT);
    size_t r;
    if (pc && *pc) {
        if (fp_dataset_find_area(ds, pc, &r) == FP_OK && r != a) {
            if (!fp__obs_at(ds, ind, r, p))
                snprintf(why, n, "region not compared: the data have no value for %s (the "
                         "source's parent area) in %s", ds->areas[r].name, ds->periods[p].label);
            return r;
        }
        const char *pn = fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_PARENT_NAME);
        snprintf(why, n, "region not compared: the data have no row for %s (the source's "
                 "parent area)", pn && *pn ? pn : pc);
        return FP_ASSESS_NONE;
    }
    size_t first = c->region[a];
    r = first;
    for (int depth = 0; r != FP_ASSESS_NONE && depth < 4; depth++) {
        if (fp__obs_at(ds, ind, r, p)) return r;
        r = c->region[r];
    }
    const char *rn = first != FP_ASSESS_NONE ? ds->areas[first].name : ds->areas[a].region;
    if (ds->areas[a].kind != FP_AREA_COUNTRY && ds->areas[a].kind != FP_AREA_REGION) {
        if (rn && *rn)
            snprintf(why, n, "region not compared: the data have no value for %s in %s", rn,
                     ds->periods[p].label);
        else
            snprintf(why, n, "region not compared: the area's region is not known");
    }
    return first;
}

/* The calendar: the period of a series that holds a month (also for
 * methodology breaks of another class). */

int fp_period_of_month_cal(const fp_period *like, int year_start, int year, int month,
                           fp_period *out)
{
    if (!like || !out || month < 1 || month > 12) FP_ERROR(FP_EINVAL);
    if (year_start < 1 || year_start > 12) year_start = 4;
    /* The split year holding the month: the one starting in year when the
     * month is at or after the start month (2026-07 of academic years is
     * 2025/26, of financial years 2026/27). */
    int split_year = month >= year_start ? year : year - 1;
    *out = *like;
    switch (like->kind) {
    case FP_PERIOD_YEAR:
        out->year = year;
        break;
    case FP_PERIOD_SPLIT:
        out->year = split_year;
        break;
    case FP_PERIOD_SPAN:
        /* The span whose last year holds the month (of split years: the last
         * split year holding it). */
        out->year = (like->sub ? split_year : year) - like->span + 1;
        break;
    case FP_PERIOD_QUARTER:
        out->year = year;
        out->sub = (month - 1) / 3 + 1;
        break;
    case FP_PERIOD_MONTH:
        out->year = year;
        out->sub = month;
        break;
    }
    return FP_OK;
}

int fp_period_of_month(const fp_period *like, int year, int month, fp_period *out)
{
    return fp_period_of_month_cal(like, 4, year, month, out);
}

/* ------------------------------------------------------------ context */

int fp_assess_context_alloc(const fp_dataset *ds, const fp_neighbours *nb,
                            fp_assess_context **out)
{
    if (!ds || !out) FP_ERROR(FP_EINVAL);
    *out = NULL;
    size_t na = ds->n_areas ? ds->n_areas : 1;
    fp_assess_context *c = calloc(1, sizeof *c);
    if (!c) FP_ERROR(FP_ENOMEM);
    c->ds = ds;
    c->nb = nb;
    c->region = malloc(na * sizeof *c->region);
    c->nl = calloc(na, sizeof *c->nl);
    c->nb_areas = calloc(na, sizeof *c->nb_areas);
    c->las = malloc(na * sizeof *c->las);
    c->la_pos = malloc(na * sizeof *c->la_pos);
    c->la_vals = malloc(na * sizeof *c->la_vals);
    c->la_rank = malloc(na * sizeof *c->la_rank);
    c->la_quint = malloc(na * sizeof *c->la_quint);
    if (!c->region || !c->nl || !c->nb_areas || !c->las || !c->la_pos || !c->la_vals
        || !c->la_rank || !c->la_quint) {
        fp_assess_context_free(c);
        FP_ERROR(FP_ENOMEM);
    }
    /* England: an area named "England", else the first country. */
    c->england = FP_ASSESS_NONE;
    size_t e;
    if (fp_dataset_find_area(ds, "England", &e) == FP_OK) c->england = e;
    for (size_t a = 0; a < ds->n_areas && c->england == FP_ASSESS_NONE; a++)
        if (ds->areas[a].kind == FP_AREA_COUNTRY) c->england = a;
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_area *ar = &ds->areas[a];
        size_t ri;
        c->region[a] = FP_ASSESS_NONE;
        if (ar->region && *ar->region && fp_dataset_find_area(ds, ar->region, &ri) == FP_OK
            && ri != a)
            c->region[a] = ri;
        c->la_pos[a] = FP_ASSESS_NONE;
        if (!nb) continue;
        const fp_neighbour_list *l = NULL;
        if (!(ar->old_code && *ar->old_code && fp_neighbours_find(nb, ar->old_code, &l) == FP_OK)
            && fp_neighbours_find(nb, ar->code, &l) != FP_OK
            && fp_neighbours_find(nb, ar->name, &l) != FP_OK)
            l = NULL;
        c->nl[a] = l;
        if (!l) continue;
        c->nb_areas[a] = malloc((l->n ? l->n : 1) * sizeof **c->nb_areas);
        if (!c->nb_areas[a]) { fp_assess_context_free(c); FP_ERROR(FP_ENOMEM); }
        for (size_t k = 0; k < l->n; k++) {
            size_t x;
            c->nb_areas[a][k] = fp_dataset_find_area(ds, l->neighbours[k], &x) == FP_OK
                                    ? x : FP_ASSESS_NONE;
        }
    }
    /* The ranked groups, local authorities first (c->n_las of them). */
    static const fp_area_kind ranked[] = { FP_AREA_LA, FP_AREA_COMBINED, FP_AREA_ICB,
                                           FP_AREA_SUB_ICB };
    size_t m = 0;
    for (size_t g = 0; g < sizeof ranked / sizeof *ranked; g++) {
        c->grp_lo[ranked[g]] = m;
        for (size_t a = 0; a < ds->n_areas; a++)
            if (ds->areas[a].kind == ranked[g]) { c->la_pos[a] = m; c->las[m++] = a; }
        c->grp_n[ranked[g]] = m - c->grp_lo[ranked[g]];
    }
    c->n_las = c->grp_n[FP_AREA_LA];
    /* The dataset's declared methodology breaks (indicator metadata). */
    for (size_t k = 0; k < fp_dataset_n_breaks(ds); k++) {
        const char *code, *why;
        fp_period first;
        size_t ind;
        if (fp_dataset_break(ds, k, &code, &first, &why) != FP_OK
            || fp_dataset_find_indicator(ds, code, &ind) != FP_OK)
            continue;
        if (fp_assess_context_add_break(c, ind, &first) != FP_OK) {
            fp_assess_context_free(c);
            FP_ERROR(FP_ENOMEM);
        }
        c->brk_reason[c->n_brk - 1] = why;
    }
    *out = c;
    return FP_OK;
}

void fp_assess_context_free(fp_assess_context *c)
{
    if (!c) return;
    free(c->brk_ind);
    free(c->brk);
    free(c->brk_reason);
    if (c->nb_areas)
        for (size_t a = 0; a < c->ds->n_areas; a++) free(c->nb_areas[a]);
    free(c->nb_areas);
    free(c->nl);
    free(c->region);
    free(c->las);
    free(c->la_pos);
    free(c->la_vals);
    free(c->la_rank);
    free(c->la_quint);
    if (c->pb)
        for (size_t i = 0; i < c->ds->n_indicators; i++) free(c->pb[i]);
    free(c->pb);
    free(c->la_rslot);
    free(c);
}

int fp_assess_context_add_break(fp_assess_context *c, size_t ind, const fp_period *first)
{
    if (!c || !first || ind >= c->ds->n_indicators) FP_ERROR(FP_EINVAL);
    size_t *bi = realloc(c->brk_ind, (c->n_brk + 1) * sizeof *bi);
    if (!bi) FP_ERROR(FP_ENOMEM);
    c->brk_ind = bi;
    fp_period *bp = realloc(c->brk, (c->n_brk + 1) * sizeof *bp);
    if (!bp) FP_ERROR(FP_ENOMEM);
    c->brk = bp;
    const char **br = realloc(c->brk_reason, (c->n_brk + 1) * sizeof *br);
    if (!br) FP_ERROR(FP_ENOMEM);
    c->brk_reason = br;
    c->brk_ind[c->n_brk] = ind;
    c->brk[c->n_brk] = *first;
    c->brk_reason[c->n_brk] = "";
    c->n_brk++;
    return FP_OK;
}

/* Keep break b (first period of a new series, reason why) in *first when
 * it is at or before upto and later than the one kept so far (*found). A
 * break of another class (2021/22 for a calendar-year series) starts with
 * the period that holds its first month (September for split years). */
static void consider_break(const fp_period *upto, fp_period b, const char *why, int *found,
                           fp_period *first, const char **reason)
{
    if (fp_period_class(&b) != fp_period_class(upto))
        fp_period_of_month(upto, b.year, b.kind == FP_PERIOD_SPLIT ? 9 : 1, &b);
    if (fp_period_index(&b) > fp_period_index(upto)) return;
    if (!*found || fp_period_index(&b) > fp_period_index(first)) {
        *first = b;
        if (reason) *reason = why;
    }
    *found = 1;
}

/* The latest declared break of ind at or before period `upto`, as a
 * period of upto's class, into *out: the series starts there. Returns 0
 * when there is none. A break of another class (2021/22 for a calendar-year
 * series) starts with the period that holds its first month. */
int fp__latest_break(const fp_assess_context *c, size_t ind, const fp_period *upto,
                     fp_period *out, const char **reason)
{
    int found = 0;
    for (size_t k = 0; k < c->n_brk; k++)
        if (c->brk_ind[k] == ind)
            consider_break(upto, c->brk[k], c->brk_reason[k], &found, out, reason);
    return found;
}

int fp_dataset_series_start(const fp_dataset *ds, size_t ind, const fp_period *upto,
                            fp_period *first, const char **reason)
{
    if (!ds || !upto || !first || ind >= ds->n_indicators) return 0;
    int found = 0;
    for (size_t k = 0; k < fp_dataset_n_breaks(ds); k++) {
        const char *code, *why;
        fp_period b;
        if (fp_dataset_break(ds, k, &code, &b, &why) == FP_OK
            && !strcmp(code, ds->indicators[ind].code))
            consider_break(upto, b, why, &found, first, reason);
    }
    return found;
}

size_t fp_assess_england(const fp_assess_context *c)
{
    return c ? c->england : FP_ASSESS_NONE;
}

size_t fp_assess_region(const fp_assess_context *c, size_t a)
{
    return c && a < c->ds->n_areas ? c->region[a] : FP_ASSESS_NONE;
}

const fp_neighbour_list *fp_assess_neighbours(const fp_assess_context *c, size_t a,
                                              const size_t **areas)
{
    if (areas) *areas = NULL;
    if (!c || a >= c->ds->n_areas) return NULL;
    if (areas) *areas = c->nb_areas[a];
    return c->nl[a];
}


/* The local-authority distribution of (ind, period): values, ranks,
 * quintile groups and type-7 quartiles, kept until another is asked for
 * (compare --all-areas asks for the same one for every area). */
void fp__la_distribution(fp_assess_context *c, size_t ind, size_t period, fp_qmethod qm,
                         size_t kind)
{
    if (c->c_valid && c->c_ind == ind && c->c_period == period && c->c_qmethod == qm
        && c->c_kind == kind)
        return;
    const fp_dataset *ds = c->ds;
    fp_polarity pol = ds->indicators[ind].polarity;
    size_t lo = c->grp_lo[kind], n = c->grp_n[kind];
    double *vals = c->la_vals + lo;
    for (size_t i = 0; i < n; i++) vals[i] = fp__value_at(ds, ind, c->las[lo + i], period);
    c->rank_ok = pol != FP_POLARITY_NONE && n > 0
                 && fp_rank(vals, n, pol, c->la_rank + lo, NULL) == FP_OK;
    /* Quintiles: group 1 best (highest values first for "higher is better"). */
    if (!n || fp_quantile_groups(vals, n, 5, qm, pol == FP_POLARITY_HIGH, c->la_quint + lo)
        != FP_OK)
        for (size_t i = 0; i < n; i++) c->la_quint[lo + i] = 0;
    c->q_ok = n > 0;
    for (int k = 0; k < 5 && c->q_ok; k++)
        if (fp_quantile7(vals, n, k / 4.0, &c->q[k]) != FP_OK) c->q_ok = 0;
    c->c_valid = 1;
    c->c_ind = ind;
    c->c_period = period;
    c->c_qmethod = qm;
    c->c_kind = kind;
}

const char *fp_plausibility_name(fp_plausibility p)
{
    switch (p) {
    case FP_IMPLAUSIBLE_RANGE: return "outside the range of every local authority";
    case FP_IMPLAUSIBLE_PERCENT: return "a percentage outside 0-100";
    case FP_IMPLAUSIBLE_NEGATIVE: return "negative";
    case FP_IMPLAUSIBLE_REGIONS: return "outside the range of every region";
    default: return "";
    }
}

int fp_plausibility_explain(fp_plausibility pl, double value, const double range[2], char *buf,
                            size_t size)
{
    if (!buf || !size) FP_ERROR(FP_EINVAL);
    int n;
    switch (pl) {
    case FP_IMPLAUSIBLE_RANGE:
    case FP_IMPLAUSIBLE_REGIONS:
        n = snprintf(buf, size, "%g lies %s (%g to %g), which an average of them cannot: "
                     "likely a count where a rate is expected", value, fp_plausibility_name(pl),
                     range ? range[0] : NAN, range ? range[1] : NAN);
        break;
    case FP_IMPLAUSIBLE_PERCENT:
        n = snprintf(buf, size, "%g is a percentage outside 0-100", value);
        break;
    case FP_IMPLAUSIBLE_NEGATIVE:
        n = snprintf(buf, size, "%g is negative, which a count or rate cannot be", value);
        break;
    default:
        n = snprintf(buf, size, "%g is plausible", value);
        break;
    }
    return n < 0 || (size_t)n >= size ? FP_ERANGE : FP_OK;
}

/* Half a unit in the last decimal place v was published with: 0.5 for 67,
 * 0.05 for 28.3 (the fewest places up to 6 that give v back). The rounding
 * a published value may carry. */
static double half_unit(double v)
{
    double scale = 1;
    for (int d = 0; d <= 6; d++, scale *= 10) {
        double x = v * scale;
        if (fabs(x - nearbyint(x)) <= 1e-9 * fmax(1, fabs(x))) return 0.5 / scale;
    }
    return 0.5e-6;
}

/* A running minimum and maximum with the coarsest rounding seen. */
typedef struct bound {
    double lo, hi, slack;
    uint32_t n;
} bound;

static void bound_add(bound *b, double x)
{
    if (!b->n || x < b->lo) b->lo = x;
    if (!b->n || x > b->hi) b->hi = x;
    double h = half_unit(x);
    if (h > b->slack) b->slack = h;
    b->n++;
}

/* The bounds of one (indicator, period) for fp_assess_plausible: the local
 * authorities' values (la, with how many are suppressed or missing and a
 * bit per region they come from) and the regions' values (reg). */
struct pbound {
    bound la, reg;
    uint32_t la_missing;
    uint64_t la_regions;
};

/* The regions of England: a dataset whose regions' or authorities' values
 * come from at least this many regions covers all of England (the nine
 * government office regions; Inner and Outer London count apart). */
enum { ENGLAND_REGIONS = 9 };

/* Keep at most this many bytes of bounds (a table per indicator asked):
 * beyond it the tables are dropped and rebuilt as asked. */
#define PB_MAX_BYTES ((size_t)64 << 20)

/* Each authority's region as a slot 0..63 (distinct region names in order
 * of first appearance; 255 for none or beyond 64). */
static int region_slots(fp_assess_context *c)
{
    if (c->la_rslot) return 0;
    c->la_rslot = malloc(c->n_las ? c->n_las : 1);
    if (!c->la_rslot) return -1;
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < c->n_las; i++) {
        const char *r = c->ds->areas[c->las[i]].region;
        size_t k = 0;
        if (r && *r) {
            while (k < n && strcmp(names[k], r)) k++;
            if (k == n && n < 64) names[n++] = r;
        }
        c->la_rslot[i] = (r && *r && k < n) ? (unsigned char)k : 255;
    }
    return 0;
}

/* The bounds of every period of ind, built once from the indicator's
 * series (one pass over its authorities' and regions' observations), so a
 * sweep over every observation is linear and compare's questions cost a
 * look-up. NULL when out of memory. */
static const struct pbound *plausible_table(fp_assess_context *c, size_t ind)
{
    const fp_dataset *ds = c->ds;
    if (!c->pb && !(c->pb = calloc(ds->n_indicators ? ds->n_indicators : 1, sizeof *c->pb)))
        return NULL;
    if (c->pb[ind]) return c->pb[ind];
    if (region_slots(c) != 0) return NULL;
    size_t bytes = (ds->n_periods ? ds->n_periods : 1) * sizeof(struct pbound);
    if (c->pb_bytes + bytes > PB_MAX_BYTES) {
        for (size_t i = 0; i < ds->n_indicators; i++) { free(c->pb[i]); c->pb[i] = NULL; }
        c->pb_bytes = 0;
    }
    struct pbound *t = calloc(ds->n_periods ? ds->n_periods : 1, sizeof *t);
    if (!t) return NULL;
    for (size_t i = 0; i < c->n_las; i++) {
        const fp_obs *o;
        size_t n;
        if (fp_dataset_series(ds, ind, c->las[i], &o, &n) != FP_OK) continue;
        uint64_t bit = c->la_rslot[i] < 64 ? (uint64_t)1 << c->la_rslot[i] : 0;
        for (size_t k = 0; k < n; k++) {
            struct pbound *e = &t[o[k].period];
            if (o[k].missing != FP_MISSING_NONE) { e->la_missing++; continue; }
            bound_add(&e->la, o[k].value);
            e->la_regions |= bit;
        }
    }
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *o;
        size_t n;
        if (ds->areas[a].kind != FP_AREA_REGION
            || fp_dataset_series(ds, ind, a, &o, &n) != FP_OK)
            continue;
        for (size_t k = 0; k < n; k++)
            if (o[k].missing == FP_MISSING_NONE) bound_add(&t[o[k].period].reg, o[k].value);
    }
    c->pb[ind] = t;
    c->pb_bytes += bytes;
    return t;
}

/* Outside [lo, hi] by more than the rounding of both sides can explain. */
static int outside(double v, double lo, double hi, double slack)
{
    slack += half_unit(v) + 1e-9 * (fabs(lo) + fabs(hi));
    return v < lo - slack || v > hi + slack;
}

/* fp_assess_plausible for a value already at hand. */
static int plausible_value(fp_assess_context *c, size_t ind, size_t a, size_t period, double v,
                           fp_plausibility *out, double range[2])
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *I = &ds->indicators[ind];
    *out = FP_PLAUSIBLE;
    if (range) range[0] = range[1] = NAN;
    if (isnan(v)) return FP_OK;
    double top = I->unit == FP_UNIT_PERCENT ? 100 : 1;
    if ((I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION) && (v < 0 || v > top)) {
        *out = FP_IMPLAUSIBLE_PERCENT;
        return FP_OK;
    }
    if ((I->unit == FP_UNIT_RATE || I->unit == FP_UNIT_COUNT) && v < 0) {
        *out = FP_IMPLAUSIBLE_NEGATIVE;
        return FP_OK;
    }
    /* Only an average (a percentage, rate, mean or score) is bounded by the
     * values it averages; a count's total, or a value of unknown unit, may
     * lie beyond every authority. */
    int average = fp__is_proportion(I->unit) || I->unit == FP_UNIT_RATE || I->unit == FP_UNIT_MEAN
                  || I->unit == FP_UNIT_SCORE;
    fp_area_kind kind = ds->areas[a].kind;
    if (!average || (kind != FP_AREA_COUNTRY && kind != FP_AREA_REGION && a != c->england))
        return FP_OK;
    const struct pbound *t = plausible_table(c, ind);
    if (!t) FP_ERROR(FP_ENOMEM);
    const struct pbound *e = &t[period];
    /* The authorities bound England and every region only when none of
     * them is suppressed or missing at the period (a suppressed value is
     * unknown and may lie beyond the others) and they come from every
     * region (a file of one region's authorities does not bound England);
     * the regions bound England when at least nine have a value. */
    int la_ok = e->la_missing == 0 && e->la.n >= 10
                && __builtin_popcountll(e->la_regions) >= ENGLAND_REGIONS;
    int reg_ok = e->reg.n >= ENGLAND_REGIONS;
    if (la_ok && outside(v, e->la.lo, e->la.hi, e->la.slack)) {
        *out = FP_IMPLAUSIBLE_RANGE;
        if (range) { range[0] = e->la.lo; range[1] = e->la.hi; }
    } else if (a == c->england && reg_ok && outside(v, e->reg.lo, e->reg.hi, e->reg.slack)) {
        *out = FP_IMPLAUSIBLE_REGIONS;
        if (range) { range[0] = e->reg.lo; range[1] = e->reg.hi; }
    }
    return FP_OK;
}

int fp_assess_plausible(fp_assess_context *c, size_t ind, size_t a, size_t period,
                        fp_plausibility *out, double range[2])
{
    if (!c || !out || ind >= c->ds->n_indicators || a >= c->ds->n_areas
        || period >= c->ds->n_periods)
        FP_ERROR(FP_EINVAL);
    return plausible_value(c, ind, a, period, fp__value_at(c->ds, ind, a, period), out, range);
}

int fp_assess_plausible_obs(fp_assess_context *c, const fp_obs *o, fp_plausibility *out,
                            double range[2])
{
    if (!c || !o || !out || o->indicator >= c->ds->n_indicators || o->area >= c->ds->n_areas
        || o->period >= c->ds->n_periods)
        FP_ERROR(FP_EINVAL);
    return plausible_value(c, o->indicator, o->area, o->period,
                           o->missing == FP_MISSING_NONE ? o->value : NAN, out, range);
}
