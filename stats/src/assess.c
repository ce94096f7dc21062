/* assess.c -- the assessment layer (fingerpost/assess.h): one answer to
 * "where does this area stand on this indicator", assembled from the
 * benchmarking, rates and trend modules. The rules that choose between
 * methods live here and only here:
 *  - period: the requested one, else the area's latest value (noted when
 *    older than the indicator's latest period);
 *  - interval: published limits, else from counts (Wilson / Byar's);
 *  - significance: the Fingertips rule at 95% and 99.8%;
 *  - trend: the Fingertips recent trend, else Mann-Kendall;
 *  - target: fp_target_assess, outlook by fp_trend_project_period.
 * See docs/methods.md, "Assessment". */
#include "fingerpost/assess.h"
#include "fp_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fp_assess_context {
    const fp_dataset *ds;
    const fp_neighbours *nb;
    size_t england;
    size_t *region;                 /* per area */
    const fp_neighbour_list **nl;   /* per area, NULL when none */
    size_t **nb_areas;              /* per area: dataset index of each neighbour */
    /* The areas ranked, grouped by kind (local authorities first, then
     * combined authorities, ICBs and sub-ICB locations): an area is ranked
     * and banded among the areas of its own kind only. */
    size_t *las;
    size_t n_las;                   /* the local authorities (the first group) */
    size_t grp_lo[8], grp_n[8];     /* per fp_area_kind: its group in las */
    size_t *la_pos;                 /* per area: position in las, or FP_ASSESS_NONE */
    /* The distribution of one group (c_kind) for (c_ind, c_period). */
    int c_valid;
    size_t c_ind, c_period, c_kind;
    fp_qmethod c_qmethod;
    double *la_vals;
    size_t *la_rank;
    int *la_quint;
    int rank_ok, q_ok;
    double q[5];
    /* The bounds for the plausibility of England and regions
     * (fp_assess_plausible): per indicator asked, per period, the range of
     * the local authorities' values and of the regions' values, each with
     * the rounding slack of the values it was taken from. */
    struct pbound **pb;             /* per indicator, NULL until asked: per period */
    size_t pb_bytes;                /* held by pb (bounded: see plausible_table) */
    unsigned char *la_rslot;        /* per LA position: its region's slot, 0..63,
                                       or 255 (none); NULL until first needed */
    /* The funnel fit of (f_ind, f_period) with f_spec and its status. */
    int f_valid, f_status;
    size_t f_ind, f_period;
    fp_od_spec f_spec;
    fp_od_fit f_fit;
    /* Methodology breaks: (indicator, first period of the new series). */
    size_t *brk_ind;
    fp_period *brk;
    const char **brk_reason;    /* owned by the dataset, or "" */
    size_t n_brk;
};

/* ------------------------------------------------------------ helpers */

/* Append a note to r->notes, "; "-separated. A note that does not fit in
 * whole is not cut but left out, and counted in r->notes_dropped, so no note
 * is lost without a trace (fp_assessment). */
static void note_add(fp_assessment *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void note_add(fp_assessment *r, const char *fmt, ...)
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

static const fp_obs *obs_at(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    const fp_obs *o;
    if (a == FP_ASSESS_NONE || p == FP_ASSESS_NONE) return NULL;
    return fp_dataset_lookup(ds, ind, a, p, &o) == FP_OK ? o : NULL;
}

static double obs_value(const fp_obs *o)
{
    return (o && o->missing == FP_MISSING_NONE) ? o->value : NAN;
}

/* The latest period in which area a has a value of ind, or FP_ASSESS_NONE. */
static size_t area_latest(const fp_dataset *ds, size_t ind, size_t a)
{
    const fp_obs *first;
    size_t ns;
    if (fp_dataset_series(ds, ind, a, &first, &ns) == FP_OK)
        for (size_t i = ns; i-- > 0;)
            if (first[i].missing == FP_MISSING_NONE) return first[i].period;
    return FP_ASSESS_NONE;
}

static double value_at(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    return obs_value(obs_at(ds, ind, a, p));
}

/* The observation's numerator and denominator when it has a value and both
 * counts (returns 1), else NaN in both (returns 0). */
static int obs_counts(const fp_dataset *ds, const fp_obs *o, double *num, double *den)
{
    *num = *den = NAN;
    if (!o || o->missing != FP_MISSING_NONE) return 0;
    if (!(o->flags & FP_OBS_NUMERATOR) || !(o->flags & FP_OBS_DENOMINATOR)) return 0;
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    *num = x->numerator;
    *den = x->denominator;
    return 1;
}

static int is_proportion(fp_unit u)
{
    return u == FP_UNIT_PERCENT || u == FP_UNIT_PROPORTION;
}

fp_projection_model fp_assess_projection_model(const fp_indicator *I, fp_projection_model m,
                                              fp_trend_options *to)
{
    if (!I || !to || (m != FP_PROJECT_LINEAR && m != FP_PROJECT_LOGIT)
        || !is_proportion(I->unit))
        return m;
    to->bound = I->unit == FP_UNIT_PERCENT ? 100 : 1;
    return FP_PROJECT_LOGIT;
}

/* A CI from counts by the rates module: Wilson for proportions, Byar's /
 * exact Poisson for rates (as Fingertips). */
static int counts_ci(const fp_indicator *I, double x, double n, double level, fp_ci *ci)
{
    double m = I->multiplier > 0 ? I->multiplier : 1;
    return is_proportion(I->unit) ? fp_proportion_ci(x, n, m, level, ci)
                                  : fp_rate_ci(x, n, m, level, ci);
}

/* The region area a is compared with on (ind, p), and, when there is no
 * value to compare with, why (into why, "" otherwise). The rule
 * (docs/methods.md, "Assessment"): the parent the source gave for the row
 * (Fingertips "Parent Code") when it gave one other than England; else the
 * identity's region, or, when the data have no row of it for the indicator
 * and period, the region above it (Inner or Outer London -> London) that
 * has one, so a borough is compared with the region the data report. */
static size_t region_at(const fp_assess_context *c, size_t ind, size_t a, size_t p, char *why,
                        size_t n)
{
    const fp_dataset *ds = c->ds;
    why[0] = '\0';
    if (p == FP_ASSESS_NONE) return c->region[a];
    const char *pc = fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_PARENT);
    size_t r;
    if (pc && *pc) {
        if (fp_dataset_find_area(ds, pc, &r) == FP_OK && r != a) {
            if (!obs_at(ds, ind, r, p))
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
        if (obs_at(ds, ind, r, p)) return r;
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
static int latest_break(const fp_assess_context *c, size_t ind, const fp_period *upto,
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
static void la_distribution(fp_assess_context *c, size_t ind, size_t period, fp_qmethod qm,
                            size_t kind)
{
    if (c->c_valid && c->c_ind == ind && c->c_period == period && c->c_qmethod == qm
        && c->c_kind == kind)
        return;
    const fp_dataset *ds = c->ds;
    fp_polarity pol = ds->indicators[ind].polarity;
    size_t lo = c->grp_lo[kind], n = c->grp_n[kind];
    double *vals = c->la_vals + lo;
    for (size_t i = 0; i < n; i++) vals[i] = value_at(ds, ind, c->las[lo + i], period);
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
    int average = is_proportion(I->unit) || I->unit == FP_UNIT_RATE || I->unit == FP_UNIT_MEAN
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
    return plausible_value(c, ind, a, period, value_at(c->ds, ind, a, period), out, range);
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

/* ----------------------------------------------------------- options */

void fp_assess_options_default(fp_assess_options *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->period = FP_ASSESS_NONE;
    o->neighbour_stat = FP_AGG_MEAN;
    o->quintile_method = FP_QMETHOD_TYPE7;
    o->projection = FP_PROJECT_LINEAR;
    o->mk_points = 10;
    o->small_count = 10;
}

const char *fp_ci_source_name(fp_ci_source s)
{
    switch (s) {
    case FP_CI_SOURCE_PUBLISHED: return "published";
    case FP_CI_SOURCE_COUNTS: return "computed from counts";
    case FP_CI_SOURCE_DERIVED: return "computed from derived counts";
    default: return "";
    }
}

/* ---------------------------------------------------------- intervals */

int fp_assess_interval_at(const fp_dataset *ds, size_t ind, size_t a, size_t period,
                          fp_assess_interval *out)
{
    if (!ds || !out || ind >= ds->n_indicators) FP_ERROR(FP_EINVAL);
    out->value = out->lower95 = out->upper95 = out->lower998 = out->upper998 = NAN;
    out->numerator = out->denominator = NAN;
    out->source = FP_CI_SOURCE_NONE;
    out->method = FP_CI_NONE;
    out->reason = "no value";
    const fp_obs *o = obs_at(ds, ind, a, period);
    if (!o || o->missing != FP_MISSING_NONE) return FP_OK;
    const fp_indicator *I = &ds->indicators[ind];
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    out->value = o->value;
    out->reason = "";
    obs_counts(ds, o, &out->numerator, &out->denominator);
    /* A count published without a denominator (directly standardised
     * rates, years of life lost) is kept: the small-number rule reads it. */
    if ((o->flags & FP_OBS_NUMERATOR) && !(o->flags & FP_OBS_DENOMINATOR))
        out->numerator = x->numerator;
    if (o->flags & FP_OBS_CI95) {
        out->lower95 = x->lower95; out->upper95 = x->upper95;
        out->source = FP_CI_SOURCE_PUBLISHED;
    }
    if (o->flags & FP_OBS_CI998) {
        out->lower998 = x->lower998; out->upper998 = x->upper998;
        out->source = FP_CI_SOURCE_PUBLISHED;
    }
    if ((o->flags & FP_OBS_CI95) && (o->flags & FP_OBS_CI998)) return FP_OK;
    int counts = !isnan(out->numerator) && !isnan(out->denominator);
    if (!counts || !(is_proportion(I->unit) || I->unit == FP_UNIT_RATE)) {
        if (out->source == FP_CI_SOURCE_NONE)
            out->reason = counts ? "no interval: no method for this unit"
                        : (o->flags & FP_OBS_COUNTS_INVALID)
                            ? "no interval: a count is negative or above its denominator"
                            : "no interval: the data give no count or denominator";
        return FP_OK;
    }
    /* Each level not published is computed from the counts. */
    fp_ci c95, c998;
    int computed = 0;
    if (!(o->flags & FP_OBS_CI95)) {
        counts_ci(I, out->numerator, out->denominator, 0.95, &c95);
        if (c95.status == FP_OK) {
            out->lower95 = c95.lower; out->upper95 = c95.upper;
            out->method = c95.method;
            computed = 1;
        } else if (out->source == FP_CI_SOURCE_NONE) {
            out->reason = c95.reason;
        }
    }
    if (!(o->flags & FP_OBS_CI998)) {
        counts_ci(I, out->numerator, out->denominator, 0.998, &c998);
        if (c998.status == FP_OK) { out->lower998 = c998.lower; out->upper998 = c998.upper; }
    }
    if (computed && out->source == FP_CI_SOURCE_NONE)
        out->source = (o->flags & FP_OBS_DERIVED) ? FP_CI_SOURCE_DERIVED : FP_CI_SOURCE_COUNTS;
    return FP_OK;
}

/* ---------------------------------------------------------- comparators */

static void comparator_init(fp_comparator *k)
{
    memset(k, 0, sizeof *k);
    k->area = FP_ASSESS_NONE;
    k->value = k->lower95 = k->upper95 = k->numerator = k->denominator = NAN;
    k->test.result = FP_CMP_NOT_COMPARED;
    k->test.p_value = k->test.estimate = NAN;
    k->test.method = "";
}

static void comparator_area(const fp_dataset *ds, size_t ind, size_t a, size_t period,
                            fp_comparator *k)
{
    comparator_init(k);
    if (a == FP_ASSESS_NONE) return;
    const fp_obs *o = obs_at(ds, ind, a, period);
    k->area = a;
    k->value = obs_value(o);
    k->n_total = 1;
    k->n_used = !isnan(k->value);
    obs_counts(ds, o, &k->numerator, &k->denominator);
}

/* Aggregate n areas (FP_ASSESS_NONE entries count as missing) by stat;
 * pooled aggregates get a 95% CI from the pooled counts. */
static int comparator_group(const fp_dataset *ds, size_t ind, const size_t *areas, size_t n,
                            size_t period, fp_agg stat, fp_comparator *k)
{
    comparator_init(k);
    k->n_total = n;
    if (!n) return FP_ENODATA;
    const fp_indicator *I = &ds->indicators[ind];
    double *v = malloc(3 * n * sizeof *v);
    if (!v) return FP_ENOMEM;
    double *num = v + n, *den = v + 2 * n;
    for (size_t j = 0; j < n; j++) {
        const fp_obs *o = areas[j] == FP_ASSESS_NONE ? NULL : obs_at(ds, ind, areas[j], period);
        v[j] = obs_value(o);
        obs_counts(ds, o, &num[j], &den[j]);
    }
    fp_agg_result r;
    int st = fp_aggregate(stat, v, num, den, n, I->multiplier > 0 ? I->multiplier : 1, &r);
    free(v);
    if (st != FP_OK && st != FP_ENODATA) return st;
    k->value = r.value;
    k->n_used = r.n_used;
    k->n_total = r.n_total;
    if (stat == FP_AGG_POOLED && st == FP_OK) {
        fp_ci ci;
        k->numerator = r.numerator;
        k->denominator = r.denominator;
        if (counts_ci(I, r.numerator, r.denominator, 0.95, &ci) == FP_OK) {
            k->lower95 = ci.lower;
            k->upper95 = ci.upper;
        }
    }
    return st;
}

/* An England or region value outside the range of every local authority
 * (LAIT's first-time entrants: England 1258 where every authority lies
 * between 100 and 280) is flagged and not used: its value becomes NaN, so
 * nothing is compared, ranked, targeted or plotted against it. */
static size_t period_index(const fp_dataset *ds, const fp_period *p);
static void comparator_check(fp_assess_context *c, size_t ind, size_t p, const char *what,
                             fp_comparator *k, fp_assessment *r)
{
    if (k->area == FP_ASSESS_NONE || isnan(k->value)) return;
    fp_plausibility pl;
    double range[2];
    fp_assess_plausible(c, ind, k->area, p, &pl, range);
    k->plausibility = pl;
    if (pl == FP_PLAUSIBLE) return;
    char why[200];
    fp_plausibility_explain(pl, k->value, range, why, sizeof why);
    note_add(r, "%s value %s; not used", what, why);
    k->value = NAN;
    k->n_used = 0;
    k->numerator = k->denominator = NAN;
}

/* The Fingertips rule at both levels and the two-sample test. */
static void comparator_judge(const fp_indicator *I, fp_polarity pol, const fp_assess_interval *ci,
                             fp_comparator *k)
{
    fp_cmp_reason w998;
    fp_compare_ci(ci->value, ci->lower95, ci->upper95, k->value, pol, &k->cmp95, &k->reason);
    fp_compare_ci(ci->value, ci->lower998, ci->upper998, k->value, pol, &k->cmp998, &w998);
    fp_compare_ci_levels(ci->value, ci->lower95, ci->upper95, ci->lower998, ci->upper998,
                         k->value, pol, &k->cmp, NULL);
    if (isfinite(ci->numerator) && isfinite(ci->denominator) && isfinite(k->numerator)
        && isfinite(k->denominator)) {
        fp_compare_counts(I->unit, ci->numerator, ci->denominator, k->numerator,
                          k->denominator, I->multiplier, 0.95, pol, &k->test);
        if (k->test.status != FP_OK) k->test.result = FP_CMP_NOT_COMPARED;
    }
}

/* ------------------------------------------------------------ trend */

/* The area's present values of ind in the class of `upto` and not after it:
 * times, values and 95% limits, oldest first. Returns the number of points
 * (from the first present value on); the arrays are malloc'ed into *buf
 * (4 x n doubles: t, v, lo, hi). The limits (fp_assess_interval_at) are
 * computed only when with_ci is nonzero (the trend needs them; projections
 * and chart series do not), else NaN. */
static size_t series_arrays(const fp_assess_context *c, size_t ind, size_t a, size_t upto,
                            int with_ci, double **buf, size_t **periods)
{
    const fp_dataset *ds = c->ds;
    const fp_obs *first;
    size_t ns;
    *buf = NULL;
    if (periods) *periods = NULL;
    if (fp_dataset_series(ds, ind, a, &first, &ns) != FP_OK || ns == 0) return 0;
    const fp_period *end = &ds->periods[upto].period;
    long cls = fp_period_class(end);
    long tend = fp_period_index(end);
    /* A declared methodology break: the series starts at it. */
    fp_period brk;
    long tstart = latest_break(c, ind, end, &brk, NULL) ? fp_period_index(&brk) : LONG_MIN;
    double *b = malloc(4 * ns * sizeof *b);
    size_t *ps = periods ? malloc(ns * sizeof *ps) : NULL;
    if (!b || (periods && !ps)) { free(b); free(ps); return 0; }
    size_t n = 0;
    for (size_t i = 0; i < ns; i++) {
        const fp_period *p = &ds->periods[first[i].period].period;
        if (fp_period_class(p) != cls || fp_period_index(p) > tend
            || fp_period_index(p) < tstart)
            continue;
        double v = obs_value(&first[i]);
        if (n == 0 && isnan(v)) continue;    /* from the first present value */
        fp_assess_interval iv;
        iv.lower95 = iv.upper95 = NAN;
        if (with_ci) fp_assess_interval_at(ds, ind, a, first[i].period, &iv);
        b[n] = (double)fp_period_index(p);
        b[ns + n] = v;
        b[2 * ns + n] = iv.lower95;
        b[3 * ns + n] = iv.upper95;
        if (ps) ps[n] = first[i].period;
        n++;
    }
    /* compact into 4 consecutive arrays of n */
    if (n && n < ns) {
        memmove(b + n, b + ns, n * sizeof *b);
        memmove(b + 2 * n, b + 2 * ns, n * sizeof *b);
        memmove(b + 3 * n, b + 3 * ns, n * sizeof *b);
    }
    *buf = b;
    if (periods) *periods = ps;
    return n;
}

/* The window of points first..last of a series (per: their periods):
 * "2021\u20132025, 5 points" into buf, or "2025, 1 point". */
static void trend_window_text(const fp_dataset *ds, const size_t *per, size_t first, size_t last,
                              size_t n, char *buf, size_t size)
{
    const char *a = ds->periods[per[first]].label, *b = ds->periods[per[last]].label;
    if (first == last)
        snprintf(buf, size, "%s, %zu point%s", a, n, n == 1 ? "" : "s");
    else
        snprintf(buf, size, "%s\xE2\x80\x93%s, %zu points", a, b, n);
}

/* The first and last present values of b's values v[from..n): *first and
 * *last (indices into the series). 0 when none is present. */
static int present_span(const double *v, size_t from, size_t n, size_t *first, size_t *last)
{
    size_t i = from;
    while (i < n && isnan(v[i])) i++;
    if (i == n) return 0;
    size_t j = n - 1;
    while (isnan(v[j])) j--;
    *first = i;
    *last = j;
    return 1;
}

/* Record the verdict of the method used and say which it was; the points
 * it rests on are first..last of the series (per: their periods). */
static void trend_verdict(const fp_dataset *ds, const size_t *per, fp_assessment *r,
                          fp_trend_direction d, fp_trend_reason why, fp_assess_trend_method m,
                          size_t n, size_t first, size_t last)
{
    r->trend = d;
    r->trend_reason = why;
    r->trend_method = m;
    r->trend_points = n;
    r->trend_first = per[first];
    r->trend_last = per[last];
    trend_window_text(ds, per, first, last, n, r->trend_window, sizeof r->trend_window);
    if (m == FP_ASSESS_TREND_RECENT)
        snprintf(r->trend_method_text, sizeof r->trend_method_text,
                 "Fingertips recent trend, last %zu points (99.8%%)", n);
    else
        snprintf(r->trend_method_text, sizeof r->trend_method_text,
                 "Mann-Kendall, %zu points (95%%)", n);
}

/* The trend of the area's series b (n points: times, values, 95% limits,
 * from series_arrays; per: their periods). */
static void assess_trend(const fp_dataset *ds, const fp_assess_options *opt, const double *b,
                         const size_t *per, size_t n, fp_assessment *r)
{
    r->trend_first = r->trend_last = FP_ASSESS_NONE;
    r->trend = FP_TREND_NOT_CALCULATED;
    r->trend_reason = FP_TREND_REASON_TOO_FEW_POINTS;
    r->trend_method = FP_ASSESS_TREND_NONE;
    if (n == 0) {
        snprintf(r->trend_text, sizeof r->trend_text, "cannot be calculated: no series");
        return;
    }
    /* The series ends at the assessed period; a missing value there stays in
     * (the recent trend then says a value is missing). */
    const double *t = b, *v = b + n, *lo = b + 2 * n, *hi = b + 3 * n;
    fp_trend_options to;
    fp_trend_options_default(&to);
    fp_trend_series s = { n, t, v, lo, hi, NULL, NULL };
    fp_recent_trend rt;
    int rok = fp_trend_recent(&s, &to, &rt) == FP_OK
              && rt.direction != FP_TREND_NOT_CALCULATED;
    /* Mann-Kendall on the latest mk_points values. */
    size_t k = opt->mk_points ? opt->mk_points : 10;
    size_t from = n > k ? n - k : 0;
    fp_trend_series s2 = { n - from, t + from, v + from, NULL, NULL, NULL, NULL };
    fp_mk_result mk;
    int mok = fp_trend_mann_kendall(&s2, &to, &mk) == FP_OK;
    size_t mf = 0, ml = 0;
    if (mok && !present_span(v, from, n, &mf, &ml)) mok = 0;
    if (rok) {
        trend_verdict(ds, per, r, rt.direction, rt.reason, FP_ASSESS_TREND_RECENT, rt.n, rt.first,
                      rt.first + rt.n - 1);
        if (mok && mk.direction != FP_TREND_NOT_CALCULATED && mk.direction != rt.direction) {
            /* Said in every output (compare's note and trend_disagree
             * column, the report's trend cell), with the window of each. */
            char lab[96], win[96];
            fp_trend_label(mk.direction, r->polarity, mk.reason, lab, sizeof lab);
            trend_window_text(ds, per, mf, ml, mk.n, win, sizeof win);
            snprintf(r->trend_disagree, sizeof r->trend_disagree,
                     "methods disagree: Mann-Kendall (%s) finds '%s'", win, lab);
            note_add(r, "%s", r->trend_disagree);
        }
    } else if (mok) {
        trend_verdict(ds, per, r, mk.direction, mk.reason, FP_ASSESS_TREND_MANN_KENDALL, mk.n,
                      mf, ml);
    } else {
        r->trend_reason = rt.reason;
    }
    fp_trend_label(r->trend, r->polarity, r->trend_reason, r->trend_text, sizeof r->trend_text);
}

/* ------------------------------------------------------------ target */

/* The target status and outlook; b (n points) is the area's series from
 * series_arrays, projected to the target period. */
static void assess_target(const fp_assess_context *c, const fp_assess_options *opt,
                          const double *b, size_t n, fp_assessment *r)
{
    const fp_dataset *ds = c->ds;
    r->target_status = FP_TSTATUS_NO_TARGET;
    r->target_value = NAN;
    r->outlook = NULL;
    if (!opt->target || opt->target->rule == FP_TARGET_NONE) return;
    fp_target tg = *opt->target;
    tg.direction = r->polarity;
    double national = r->england.value;
    if ((tg.rule == FP_TARGET_BASELINE_PCT || tg.rule == FP_TARGET_BASELINE_POINTS)
        && isnan(tg.baseline)) {
        note_add(r, "target not assessed: baseline not yet set");
        return;
    }
    if ((tg.rule == FP_TARGET_NATIONAL || tg.rule == FP_TARGET_NATIONAL_HIGHER
         || tg.rule == FP_TARGET_NATIONAL_LOWER || tg.rule == FP_TARGET_NATIONAL_BETTER)
        && isnan(national))
        note_add(r, "no England value to set the target");
    if (r->polarity == FP_POLARITY_NONE)
        note_add(r, "target not assessed: no polarity");
    fp_target_assess(&tg, national, r->ci.value, r->previous, NAN, &r->target_status,
                     &r->target_value);
    if (r->period == FP_ASSESS_NONE) return;

    /* Outlook: project the series to the target period. */
    const fp_period *row = &ds->periods[r->period].period;
    long cls = fp_period_class(row);
    if (opt->target_by) r->target_period = *opt->target_by;
    else fp_period_next(row, &r->target_period);
    r->has_target_period = 1;
    char per[40];
    if (fp_period_format(&r->target_period, per, sizeof per) != FP_OK) per[0] = 0;
    fp_trend_series s = { n, b, b + n, NULL, NULL, NULL, NULL };
    fp_trend_options to;
    fp_trend_options_default(&to);
    const char *why;
    fp_trend_project_period(&s, cls, &r->target_period, fp_assess_projection_model(&ds->indicators[r->indicator], opt->projection, &to),
                            r->target_value, r->polarity, &to, &r->projection, &why);
    if (fp_period_class(&r->target_period) == cls
        && fp_period_index(&r->target_period) <= fp_period_index(row)) {
        why = "the target period is not after the period compared";
        r->projection.fit = r->projection.lower = r->projection.upper = NAN;
        r->projection.outlook = FP_OUTLOOK_NONE;
    }
    if (why) {
        r->outlook = "cannot be projected";
        note_add(r, "cannot be projected to %s: %s", per, why);
    } else {
        fp_trend_gaps g;
        if (fp_trend_find_gaps(&s, &g) == FP_OK && g.n_missing + g.n_skipped > 0)
            note_add(r, "projected from %zu points (%zu missing %s left out)",
                     r->projection.n, g.n_missing + g.n_skipped,
                     g.n_missing + g.n_skipped == 1 ? "period" : "periods");
        if (r->projection.outlook != FP_OUTLOOK_NONE)
            r->outlook = fp_target_outlook_string(r->projection.outlook);
        else if (r->polarity != FP_POLARITY_NONE && isnan(r->target_value))
            note_add(r, "projection not judged: no target value");
    }
}

/* ------------------------------------------------------------ assess */

/* The period rule (see fp_period_choice). */
static void choose_period(const fp_dataset *ds, size_t ind, size_t a,
                          const fp_assess_options *opt, fp_assessment *r)
{
    size_t latest;
    r->latest_period = fp_dataset_latest_period(ds, ind, &latest) == FP_OK ? latest
                                                                           : FP_ASSESS_NONE;
    if (opt->period != FP_ASSESS_NONE) {
        r->period = opt->period;
        r->period_choice = FP_PERIOD_CHOICE_REQUESTED;
        return;
    }
    if (r->latest_period == FP_ASSESS_NONE) {
        r->period = FP_ASSESS_NONE;
        r->period_choice = FP_PERIOD_CHOICE_NONE;
        note_add(r, "no value of %s in any area",
                 ds->indicators[ind].code);
        return;
    }
    size_t last = area_latest(ds, ind, a);
    if (last == FP_ASSESS_NONE) {
        r->period = r->latest_period;
        r->period_choice = FP_PERIOD_CHOICE_NO_AREA_VALUE;
    } else if (last == r->latest_period) {
        r->period = last;
        r->period_choice = FP_PERIOD_CHOICE_LATEST;
    } else {
        r->period = last;
        r->period_choice = FP_PERIOD_CHOICE_AREA_LATEST;
        const fp_obs *lo = obs_at(ds, ind, a, r->latest_period);
        note_add(r, "no value for %s in the latest period %s%s%s%s; "
                 "its latest value (%s) is used", ds->areas[a].name,
                 ds->periods[r->latest_period].label, lo ? " (" : "",
                 lo ? fp_missing_describe(lo->missing) : "", lo ? ")" : "",
                 ds->periods[last].label);
    }
}

/* Change over 1 and 3 consecutive periods ending at the assessed period. */
static void assess_change(const fp_dataset *ds, fp_assessment *r)
{
    r->previous = r->change1 = r->change1_pct = r->change3 = r->change3_pct = NAN;
    const fp_obs *o = obs_at(ds, r->indicator, r->area, r->period), *first;
    size_t ns;
    if (!o || fp_dataset_series(ds, r->indicator, r->area, &first, &ns) != FP_OK) return;
    size_t end = (size_t)(o - first);
    size_t lo = end >= 3 ? end - 3 : 0;
    double sv[4];
    fp_period sp[4];
    for (size_t k = lo; k <= end; k++) {
        sv[k - lo] = obs_value(&first[k]);
        sp[k - lo] = ds->periods[first[k].period].period;
    }
    size_t e = end - lo;
    if (e >= 1 && fp_change(sv, sp, e + 1, e, 1, &r->change1, &r->change1_pct) == FP_OK)
        r->previous = sv[e - 1];
    if (e >= 3) fp_change(sv, sp, e + 1, e, 3, &r->change3, &r->change3_pct);
}

/* The funnel kind of an indicator's unit, or -1 when it has none. */
static int funnel_kind(fp_unit u)
{
    if (is_proportion(u)) return FP_FUNNEL_PROPORTION;
    if (u == FP_UNIT_RATE) return FP_FUNNEL_RATE;
    if (u == FP_UNIT_RATIO) return FP_FUNNEL_RATIO;
    return -1;
}

/* An observation's counts for its funnel, as chart funnel takes them: the
 * published denominator, and the published numerator or, without one,
 * value x denominator / m (FunnelPlotR and OHID need only the two). NaN in
 * both when the observation has no value or no denominator. */
static void funnel_counts(const fp_dataset *ds, const fp_obs *o, double m, double *num,
                          double *den)
{
    *num = *den = NAN;
    if (!o || o->missing != FP_MISSING_NONE || !(o->flags & FP_OBS_DENOMINATOR)) return;
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    *den = x->denominator;
    *num = (o->flags & FP_OBS_NUMERATOR) ? x->numerator : o->value * x->denominator / m;
}

/* The overdispersion fit of the local authorities' counts on (ind,
 * period) with spec sp, kept until another is asked for (as
 * la_distribution). When it cannot be made, the fit keeps the kind, scale
 * and target with phi and tau^2 NaN, so OHID's flags still apply (as
 * chart funnel). Returns the fit's status. */
static int la_funnel(fp_assess_context *c, size_t ind, size_t period, double m,
                     const fp_od_spec *sp)
{
    if (c->f_valid && c->f_ind == ind && c->f_period == period
        && !memcmp(&c->f_spec, sp, sizeof *sp))
        return c->f_status;
    const fp_dataset *ds = c->ds;
    double *num = malloc(2 * (c->n_las ? c->n_las : 1) * sizeof *num);
    if (!num) return FP_ENOMEM;
    double *den = num + c->n_las;
    for (size_t i = 0; i < c->n_las; i++)
        funnel_counts(ds, obs_at(ds, ind, c->las[i], period), m, &num[i], &den[i]);
    c->f_status = fp_funnel_od_fit(sp, num, den, c->n_las, NULL, &c->f_fit);
    free(num);
    if (c->f_status != FP_OK) {
        memset(&c->f_fit, 0, sizeof c->f_fit);
        c->f_fit.kind = sp->kind;
        c->f_fit.scale = sp->scale;
        c->f_fit.target = sp->target;
        c->f_fit.phi = c->f_fit.tau2 = c->f_fit.p_value = NAN;
    }
    c->f_valid = 1;
    c->f_ind = ind;
    c->f_period = period;
    c->f_spec = *sp;
    return c->f_status;
}

/* The area's funnel flag (options->funnel): a local authority with a
 * denominator against the funnel of every local authority around England,
 * with the kind from the unit (as chart funnel without --statistic). */
static void assess_funnel(fp_assess_context *c, const fp_assess_options *opt, fp_assessment *r)
{
    const fp_indicator *I = &c->ds->indicators[r->indicator];
    int kind = funnel_kind(I->unit);
    if (!opt->funnel || r->period == FP_ASSESS_NONE || kind < 0
        || c->la_pos[r->area] == FP_ASSESS_NONE || !isfinite(r->england.value))
        return;
    double m = I->multiplier > 0 ? I->multiplier : I->unit == FP_UNIT_PERCENT ? 100 : 1;
    fp_od_spec sp;
    memset(&sp, 0, sizeof sp);   /* compared with memcmp by la_funnel */
    sp.kind = (fp_funnel_kind)kind;
    sp.scale = kind == FP_FUNNEL_PROPORTION ? FP_OD_SCALE_ARCSINE : opt->funnel->scale;
    sp.trim = opt->funnel->trim;
    sp.trim_by = opt->funnel->trim_by;
    sp.target = r->england.value / m;
    int st = la_funnel(c, r->indicator, r->period, m, &sp);
    if (st == FP_ENOMEM) return;
    if (st != FP_OK && opt->funnel_method != FP_OD_NONE)
        note_add(r, "overdispersion not estimated (%s): OHID's funnel",
                 fp_strerror(st));
    r->funnel_phi = c->f_fit.phi;
    r->funnel_tau2 = c->f_fit.tau2;
    r->funnel_n = c->f_fit.n;
    r->funnel_adjusted = opt->funnel_method != FP_OD_NONE && c->f_fit.phi > 1;
    double num, den;
    funnel_counts(c->ds, obs_at(c->ds, r->indicator, r->area, r->period), m, &num, &den);
    if (isfinite(num) && den > 0)
        fp_funnel_od_sig(&c->f_fit, opt->funnel_method, num, den, &r->funnel);
}

/* Small numbers and lone areas (docs/methods.md, "Assessment"): a rank
 * needs at least two areas ranked and a quartile band at least four; an
 * area whose count is below options->small_count, or, without a count,
 * whose rate or percentage is exactly 0 (or 100%), has its rank,
 * percentile, quartile and quintile withheld and is flagged, because a
 * handful of events decides its place (the Isles of Scilly with no child
 * looked after would rank first). An implausible value is not ranked. */
static void withhold_position(const fp_assess_options *opt, const fp_indicator *I,
                              fp_assessment *r)
{
    double v = r->ci.value, x = r->ci.numerator;
    const char *why = NULL;
    char buf[160];
    if (r->plausibility != FP_PLAUSIBLE) {
        why = "an implausible value is not ranked";
    } else if (opt->small_count > 0
               && ((isfinite(x) && x < opt->small_count)
                   || (!isfinite(x) && (I->unit == FP_UNIT_RATE || I->unit == FP_UNIT_PERCENT
                                        || I->unit == FP_UNIT_PROPORTION)
                       && (v == 0 || (I->unit == FP_UNIT_PERCENT && v == 100)
                           || (I->unit == FP_UNIT_PROPORTION && v == 1))))) {
        r->small_numbers = 1;
        if (isfinite(x))
            snprintf(buf, sizeof buf, "small numbers: rank and quartile withheld (%g events, "
                     "fewer than %g)", x, opt->small_count);
        else
            snprintf(buf, sizeof buf, "small numbers: rank and quartile withheld (a value "
                     "of exactly %g comes only from a handful of events)", v);
        why = buf;
    } else if (r->n_ranked < 2 && r->rank) {
        why = "only one area has a value: not ranked";
    }
    if (!why && r->quartile && r->n_ranked < 4) {
        r->quartile = 0;
        note_add(r, "fewer than 4 areas: no quartile band");
    }
    if (!why) return;
    r->rank = r->n_ranked = 0;
    r->percentile = NAN;
    r->quartile = 0;
    r->quintile = 0;
    r->quantile = 0;
    note_add(r, "%s", why);
}

/* The region a quantile is taken within: the area's region, with DfE's
 * "Inner London" / "Outer London" (or "London (Inner)", ...) as the one
 * London region Fingertips groups by; NULL when it has none. */
static const char *quantile_region(const fp_area *ar)
{
    if (!ar->region || !*ar->region) return NULL;
    return strstr(ar->region, "London") ? "London" : ar->region;
}

/* The area's quantile group (options->quantiles) among the lo..lo+gn
 * areas of its kind, whose values la_distribution has just put in
 * la_vals; pos is the area's place among them. Within its region when
 * asked (areas without a region form a set of their own). */
static void assess_quantile(fp_assess_context *c, const fp_assess_options *opt, size_t lo,
                            size_t gn, size_t pos, fp_assessment *r)
{
    int k = opt->quantiles;
    if (k < 1 || gn == 0) return;
    int desc = opt->quantile_order == FP_QORDER_HIGH
               || (opt->quantile_order == FP_QORDER_BEST && r->polarity == FP_POLARITY_HIGH);
    size_t *set = malloc(gn * sizeof *set);
    int *g = malloc(gn * sizeof *g);
    const char **names = malloc(gn * sizeof *names);
    if (set && g && names) {
        /* Each region's set is the first position with its name. */
        for (size_t i = 0; i < gn; i++) {
            names[i] = opt->quantile_within_region
                       ? quantile_region(&c->ds->areas[c->las[lo + i]]) : NULL;
            set[i] = i;
            for (size_t j = 0; j < i; j++)
                if (names[i] ? names[j] && !strcmp(names[i], names[j]) : !names[j]) {
                    set[i] = set[j];
                    break;
                }
        }
        if (fp_quantile_groups_by(c->la_vals + lo, set, gn, k, opt->quintile_method, desc, g)
            == FP_OK) {
            size_t me = pos - lo;
            r->quantile = g[me];
            r->quantile_k = k;
            r->quantile_region = names[me];
            for (size_t i = 0; i < gn; i++)
                r->quantile_n += set[i] == set[me] && !isnan(c->la_vals[lo + i]);
        }
    }
    free(set);
    free(g);
    free(names);
}

/* Fingertips' "compared with percentiles" (options->percentiles) of the
 * area's value among the lo..lo+gn areas of its kind (la_vals). */
static void assess_percentiles(fp_assess_context *c, const fp_assess_options *opt, size_t lo,
                               size_t gn, fp_assessment *r)
{
    int k = opt->percentiles;
    double b[6];
    if ((k != 4 && k != 5) || fp_percentile_bounds(c->la_vals + lo, gn, k, b) != FP_OK) return;
    fp_percentile_category(r->ci.value, b, k, k == 5 && r->polarity == FP_POLARITY_HIGH,
                           &r->vs_percentiles);
}

/* Rank, percentile, quartile and quintile among local authorities, and
 * the rank among the neighbour group. */
static void assess_position(fp_assess_context *c, const fp_assess_options *opt,
                            const double *nv, size_t nn, fp_assessment *r)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *I = &ds->indicators[r->indicator];
    double v = r->ci.value;
    r->percentile = NAN;
    for (int k = 0; k < 5; k++) r->quartiles[k] = NAN;
    if (r->period == FP_ASSESS_NONE) return;
    /* Among the areas of the assessed area's kind (local authorities for
     * England, regions and other areas, which are not ranked themselves). */
    size_t kind = ds->areas[r->area].kind;
    if (c->la_pos[r->area] == FP_ASSESS_NONE) kind = FP_AREA_LA;
    size_t lo = c->grp_lo[kind], gn = c->grp_n[kind];
    la_distribution(c, r->indicator, r->period, opt->quintile_method, kind);
    if (c->q_ok)
        for (int k = 0; k < 5; k++) r->quartiles[k] = c->q[k];
    size_t pos = c->la_pos[r->area];
    if (r->polarity == FP_POLARITY_NONE)
        note_add(r, "no rank or quartile: no polarity");
    if (pos == FP_ASSESS_NONE || isnan(v)) goto neighbours;
    for (size_t i = 0; i < gn; i++) r->n_ranked += !isnan(c->la_vals[lo + i]);
    if (c->rank_ok && c->la_rank[pos] > 0) {
        r->rank = c->la_rank[pos];
        fp_percentile_of(v, c->la_vals + lo, gn, r->polarity, &r->percentile);
    }
    if (!c->rank_ok || r->rank == 0) r->n_ranked = 0;
    if (c->q_ok && r->polarity != FP_POLARITY_NONE) {
        if (I->no_quartile)
            note_add(r, "publisher: not banded");
        else if (fp_quartile_band(v, c->q, r->polarity, &r->quartile) != FP_OK)
            r->quartile = 0;
    }
    r->quintile = c->la_quint[pos] > 0 ? c->la_quint[pos] : 0;
    assess_quantile(c, opt, lo, gn, pos, r);
    assess_percentiles(c, opt, lo, gn, r);
    withhold_position(opt, I, r);
neighbours:
    if (r->neighbour_list && r->polarity != FP_POLARITY_NONE && isfinite(v)) {
        size_t rk, m;
        if (fp_rank_of(v, nv, nn, r->polarity, &rk, &m) == FP_OK) {
            r->neighbour_rank = rk;
            r->neighbour_ranked = m + 1;
        }
    }
}

int fp_assess(fp_assess_context *c, size_t ind, size_t a, const fp_assess_options *options,
              fp_assessment *r)
{
    if (!c || !r) FP_ERROR(FP_EINVAL);
    const fp_dataset *ds = c->ds;
    if (ind >= ds->n_indicators || a >= ds->n_areas) FP_ERROR(FP_EINVAL);
    fp_assess_options def;
    if (!options) { fp_assess_options_default(&def); options = &def; }
    if (options->period != FP_ASSESS_NONE && options->period >= ds->n_periods)
        FP_ERROR(FP_EINVAL);
    const fp_indicator *I = &ds->indicators[ind];
    memset(r, 0, sizeof *r);
    r->indicator = ind;
    r->area = a;
    r->polarity = I->polarity;
    r->ci.value = r->ci.lower95 = r->ci.upper95 = r->ci.lower998 = r->ci.upper998 = NAN;
    r->ci.numerator = r->ci.denominator = NAN;
    r->ci.reason = "no value";
    comparator_init(&r->england);
    comparator_init(&r->region);
    comparator_init(&r->neighbours);
    comparator_init(&r->versus);
    r->previous = r->change1 = r->change1_pct = r->change3 = r->change3_pct = NAN;
    r->diff_england = r->diff_england_pct = r->percentile = NAN;
    r->target_value = NAN;
    r->projection.fit = r->projection.lower = r->projection.upper = NAN;
    for (int k = 0; k < 5; k++) r->quartiles[k] = NAN;
    r->trend_first = r->trend_last = FP_ASSESS_NONE;
    r->funnel = FP_FUNNEL_NOT_APPLICABLE;
    r->funnel_phi = r->funnel_tau2 = NAN;

    choose_period(ds, ind, a, options, r);
    if (r->period == FP_ASSESS_NONE) {
        snprintf(r->trend_text, sizeof r->trend_text, "cannot be calculated: no series");
        r->trend_reason = FP_TREND_REASON_TOO_FEW_POINTS;
        return FP_OK;
    }
    size_t p = r->period;

    /* The value and its interval. */
    const fp_obs *o = obs_at(ds, ind, a, p);
    r->present = o != NULL;
    r->missing = o ? (fp_missing)o->missing : FP_MISSING_NONE;
    fp_assess_interval_at(ds, ind, a, p, &r->ci);
    if (r->ci.source == FP_CI_SOURCE_COUNTS || r->ci.source == FP_CI_SOURCE_DERIVED)
        note_add(r, "confidence limits computed from the %scounts (%s)",
                 r->ci.source == FP_CI_SOURCE_DERIVED ? "derived " : "",
                 I->unit == FP_UNIT_RATE ? "Byar's/exact Poisson" : "Wilson");
    /* What the publisher says about the value (Fingertips "Value note"):
     * for a blank value it is the reason, shown with "–" (not "x"). */
    const char *vn = o ? fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_NOTE) : NULL;
    if (!o) note_add(r, "no value for %s", ds->periods[p].label);
    else if (o->missing == FP_MISSING_EMPTY || o->missing == FP_MISSING_NA) {
        note_add(r, "value \xe2\x80\x93 (%s)",
                 vn ? vn : "blank in the source: no reason given");
        vn = NULL;
    } else if (o->missing != FP_MISSING_NONE)
        note_add(r, "value %s (%s)", fp_missing_code(o->missing),
                 fp_missing_describe(o->missing));

    /* A value that cannot be believed is flagged and not compared. */
    fp_assess_plausible(c, ind, a, p, &r->plausibility, NULL);
    if (r->plausibility != FP_PLAUSIBLE)
        note_add(r, "implausible value (%s): not compared",
                 fp_plausibility_name(r->plausibility));
    /* OHID does not compare modelled or synthetic estimates with benchmarks. */
    int modelled = o && (o->flags & FP_OBS_MODELLED);
    const char *nc = fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_NOT_COMPARED);
    if (modelled)
        note_add(r, "not compared: %s (OHID does not compare these)",
                 nc ? nc : "a modelled or synthetic estimate");
    if (vn) note_add(r, "publisher's note: %s", vn);
    fp_period brk;
    r->series_from = FP_ASSESS_NONE;
    const char *why_brk = "";
    if (latest_break(c, ind, &ds->periods[p].period, &brk, &why_brk)) {
        char bl[40];
        if (fp_period_format(&brk, bl, sizeof bl) != FP_OK) bl[0] = 0;
        r->series_from = period_index(ds, &brk);
        note_add(r, "methodology break%s%s%s: trend and projections use "
                 "the series from %s only", *why_brk ? " (" : "", why_brk, *why_brk ? ")" : "",
                 bl);
    }

    /* England, region, neighbours, versus. */
    comparator_area(ds, ind, c->england, p, &r->england);
    char why_region[200];
    comparator_area(ds, ind, region_at(c, ind, a, p, why_region, sizeof why_region), p,
                    &r->region);
    if (*why_region) note_add(r, "%s", why_region);
    comparator_check(c, ind, p, "England", &r->england, r);
    comparator_check(c, ind, p, "region", &r->region, r);
    r->neighbour_list = c->nl[a];
    double nv[64];
    size_t nn = 0;
    if (c->nl[a]) {
        nn = c->nl[a]->n < 64 ? c->nl[a]->n : 64;
        int st = comparator_group(ds, ind, c->nb_areas[a], nn, p, options->neighbour_stat,
                                  &r->neighbours);
        if (st == FP_ENODATA && options->neighbour_stat == FP_AGG_POOLED)
            note_add(r, "no neighbour counts to pool");
        for (size_t k = 0; k < nn; k++)
            nv[k] = value_at(ds, ind, c->nb_areas[a][k], p);
    } else if (c->nb) {
        note_add(r, "no statistical neighbours for %s in %s",
                 ds->areas[a].name, c->nb->version ? c->nb->version : "the model");
    }
    if (options->n_versus == 1)
        comparator_area(ds, ind, options->versus[0], p, &r->versus);
    else if (options->n_versus > 1)
        comparator_group(ds, ind, options->versus, options->n_versus, p,
                         options->neighbour_stat, &r->versus);
    if (r->plausibility == FP_PLAUSIBLE && !modelled) {
        comparator_judge(I, r->polarity, &r->ci, &r->england);
        comparator_judge(I, r->polarity, &r->ci, &r->region);
        comparator_judge(I, r->polarity, &r->ci, &r->neighbours);
        if (options->n_versus) comparator_judge(I, r->polarity, &r->ci, &r->versus);
    }

    assess_position(c, options, nv, nn, r);
    assess_funnel(c, options, r);
    fp__assess_inequality(ds, options, r);
    if (options->goal_benchmark)
        fp_compare_goal(r->ci.value, r->ci.lower95, r->ci.upper95, r->polarity,
                        options->goal_benchmark, &r->vs_goal);
    assess_change(ds, r);
    fp_deviation(r->ci.value, r->england.value, &r->diff_england, &r->diff_england_pct);
    /* One series (with intervals) serves the trend and the outlook. */
    double *b;
    size_t *per;
    size_t n = series_arrays(c, ind, a, p, 1, &b, &per);
    assess_trend(ds, options, b, per, n, r);
    assess_target(c, options, b, n, r);
    free(b);
    free(per);
    if (options->goal) {
        fp_assess_goal(c, ind, a, options->goal, &r->goal);
        r->has_goal = 1;
    }
    return FP_OK;
}

/* ------------------------------------------------------------ series */

int fp_assess_series(fp_assess_context *c, size_t ind, size_t a, size_t upto, fp_agg stat,
                     fp_assess_point **points, size_t *n)
{
    if (!c || !points || !n) FP_ERROR(FP_EINVAL);
    const fp_dataset *ds = c->ds;
    *points = NULL;
    *n = 0;
    if (ind >= ds->n_indicators || a >= ds->n_areas) FP_ERROR(FP_EINVAL);
    if (upto == FP_ASSESS_NONE) upto = area_latest(ds, ind, a);
    if (upto == FP_ASSESS_NONE) return FP_OK;
    if (upto >= ds->n_periods) FP_ERROR(FP_EINVAL);
    double *b;
    size_t *per;
    size_t m = series_arrays(c, ind, a, upto, 0, &b, &per);
    free(b);
    /* Trim trailing missing values: the series runs to the last present one. */
    while (m > 0 && isnan(value_at(ds, ind, a, per[m - 1]))) m--;
    if (m == 0) { free(per); return FP_OK; }
    fp_assess_point *pt = malloc(m * sizeof *pt);
    if (!pt) { free(per); FP_ERROR(FP_ENOMEM); }
    const fp_indicator *I = &ds->indicators[ind];
    for (size_t i = 0; i < m; i++) {
        size_t pk = per[i];
        fp_comparator k;
        pt[i].period = pk;
        fp_assess_interval_at(ds, ind, a, pk, &pt[i].ci);
        pt[i].england = value_at(ds, ind, c->england, pk);
        char why[200];
        size_t rg = region_at(c, ind, a, pk, why, sizeof why);
        pt[i].region = value_at(ds, ind, rg, pk);
        /* Implausible comparators are not plotted either. */
        fp_plausibility pl;
        if (c->england != FP_ASSESS_NONE
            && fp_assess_plausible(c, ind, c->england, pk, &pl, NULL) == FP_OK && pl)
            pt[i].england = NAN;
        if (rg != FP_ASSESS_NONE
            && fp_assess_plausible(c, ind, rg, pk, &pl, NULL) == FP_OK && pl)
            pt[i].region = NAN;
        pt[i].neighbours = NAN;
        if (c->nl[a]) {
            size_t nn = c->nl[a]->n < 64 ? c->nl[a]->n : 64;
            comparator_group(ds, ind, c->nb_areas[a], nn, pk, stat, &k);
            pt[i].neighbours = k.value;
        }
        fp_compare_ci(pt[i].ci.value, pt[i].ci.lower95, pt[i].ci.upper95, pt[i].england,
                      I->polarity, &pt[i].cmp_england, NULL);
    }
    free(per);
    *points = pt;
    *n = m;
    return FP_OK;
}

void fp_assess_points_free(fp_assess_point *points)
{
    free(points);
}

/* ------------------------------------------- targets and milestones */

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

const char *fp_goal_status_name(fp_goal_status s)
{
    switch (s) {
    case FP_GOAL_MET: return "met";
    case FP_GOAL_MISSED: return "missed";
    case FP_GOAL_ON_TRACK: return "on track";
    case FP_GOAL_NOT_ON_TRACK: return "not on track";
    case FP_GOAL_UNCERTAIN: return "uncertain";
    default: return "not assessed";
    }
}

/* The dataset's index of period p, or FP_ASSESS_NONE. */
static size_t period_index(const fp_dataset *ds, const fp_period *p)
{
    for (size_t k = 0; k < ds->n_periods; k++)
        if (fp_period_compare(&ds->periods[k].period, p) == 0) return k;
    return FP_ASSESS_NONE;
}

static int meets(double v, double target, fp_polarity pol)
{
    return pol == FP_POLARITY_HIGH ? v >= target : v <= target;
}

int fp_assess_goal(fp_assess_context *c, size_t ind, size_t a, const fp_goal *g,
                   fp_goal_verdict *out)
{
    if (!c || !g || !out) FP_ERROR(FP_EINVAL);
    const fp_dataset *ds = c->ds;
    if (ind >= ds->n_indicators || a >= ds->n_areas) FP_ERROR(FP_EINVAL);
    memset(out, 0, sizeof *out);
    out->status = FP_GOAL_NOT_ASSESSED;
    out->period = FP_ASSESS_NONE;
    out->target = out->value = out->lower = out->upper = out->baseline = NAN;
    fp_polarity pol = ds->indicators[ind].polarity;

    /* The area's latest value gives the series' class. */
    size_t last = area_latest(ds, ind, a);
    if (last == FP_ASSESS_NONE) {
        snprintf(out->note, sizeof out->note, "no value for the area");
        return FP_OK;
    }
    const fp_period *lp = &ds->periods[last].period;
    int ystart = ds->indicators[ind].year_start;
    if (g->due_period) {
        out->due = *g->due_period;
    } else if (g->due_year < 1000 || g->due_year > 9999 || g->due_month < 1
               || g->due_month > 12) {
        snprintf(out->note, sizeof out->note, "due date %d-%02d is out of range (years 1000 to "
                 "9999, months 1 to 12)", g->due_year, g->due_month);
        return FP_OK;
    } else {
        fp_period_of_month_cal(lp, ystart, g->due_year, g->due_month, &out->due);
    }
    char due[40];
    if (fp_period_format(&out->due, due, sizeof due) != FP_OK) due[0] = 0;
    if (pol == FP_POLARITY_NONE) {
        snprintf(out->note, sizeof out->note, "no polarity: which side meets the target is unknown");
        return FP_OK;
    }
    if (fp_period_class(&out->due) != fp_period_class(lp)) {
        snprintf(out->note, sizeof out->note, "due period %s is not of the series' kind", due);
        return FP_OK;
    }

    /* The starting point. */
    fp_target tg = g->target;
    tg.direction = pol;
    if (isnan(tg.baseline) && g->baseline_period) {
        /* A baseline given as a month ("2019-12") of a series of years or
         * quarters is read at the period of the series holding it. */
        fp_period bq = *g->baseline_period;
        if (fp_period_class(&bq) != fp_period_class(lp) && bq.kind == FP_PERIOD_MONTH)
            fp_period_of_month_cal(lp, ystart, bq.year, bq.sub, &bq);
        size_t bp = period_index(ds, &bq);
        if (bp != FP_ASSESS_NONE) tg.baseline = value_at(ds, ind, a, bp);
    }
    out->baseline = tg.baseline;
    if ((tg.rule == FP_TARGET_BASELINE_PCT || tg.rule == FP_TARGET_BASELINE_POINTS)
        && isnan(tg.baseline)) {
        snprintf(out->note, sizeof out->note, "baseline not yet set");
        return FP_OK;
    }

    long tdue = fp_period_index(&out->due), tlast = fp_period_index(lp);
    size_t dp = period_index(ds, &out->due);
    if (tdue <= tlast) {
        /* Due within the data: judged on the value for the due period, against
         * the national value of that period. */
        double v = dp == FP_ASSESS_NONE ? NAN : value_at(ds, ind, a, dp);
        double eng = dp == FP_ASSESS_NONE ? NAN : value_at(ds, ind, c->england, dp);
        out->period = dp;
        if (isnan(v)) {
            snprintf(out->note, sizeof out->note, "no value for %s, the period it fell due", due);
            fp_target_value(&tg, eng, &out->target);
            return FP_OK;
        }
        if (fp_target_value(&tg, eng, &out->target) != FP_OK) {
            snprintf(out->note, sizeof out->note, "no England value for %s to set the target",
                     due);
            return FP_OK;
        }
        out->value = v;
        out->status = meets(v, out->target, pol) ? FP_GOAL_MET : FP_GOAL_MISSED;
        snprintf(out->note, sizeof out->note, "due %s: %g against %g", due, v, out->target);
        return FP_OK;
    }

    /* Not yet due in the data: project the series to the due period. The
     * national value is England's latest (the due period's is not known). */
    double eng = value_at(ds, ind, c->england, last);
    if (fp_target_value(&tg, eng, &out->target) != FP_OK) {
        snprintf(out->note, sizeof out->note, "no England value to set the target");
        return FP_OK;
    }
    double *b;
    size_t n = series_arrays(c, ind, a, last, 0, &b, NULL);
    fp_trend_series s = { n, b, b + n, NULL, NULL, NULL, NULL };
    fp_trend_options to;
    fp_trend_options_default(&to);
    fp_projection pr;
    const char *why;
    fp_trend_project_period(&s, fp_period_class(lp), &out->due,
                            fp_assess_projection_model(&ds->indicators[ind], FP_PROJECT_LINEAR, &to),
                            out->target, pol, &to, &pr, &why);
    free(b);
    if (why) {
        snprintf(out->note, sizeof out->note, "due %s, after the latest value (%s); cannot be "
                 "projected: %s", due, ds->periods[last].label, why);
        return FP_OK;
    }
    out->value = pr.fit;
    out->lower = pr.lower;
    out->upper = pr.upper;
    int lo = meets(pr.lower, out->target, pol), hi = meets(pr.upper, out->target, pol);
    out->status = lo && hi ? FP_GOAL_ON_TRACK : !lo && !hi ? FP_GOAL_NOT_ON_TRACK
                                                           : FP_GOAL_UNCERTAIN;
    snprintf(out->note, sizeof out->note, "due %s, after the latest value (%s): projected %g "
             "(95%% prediction interval %g to %g) against %g", due, ds->periods[last].label,
             pr.fit, pr.lower, pr.upper, out->target);
    return FP_OK;
}
