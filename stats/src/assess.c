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
 * See docs/methods.md, "Assessment". This file holds fp_assess and
 * fp_assess_series; the rules are in assess_context.c, assess_interval.c,
 * assess_compare.c, assess_trend.c and assess_goal.c (assess_internal.h). */
#include "assess_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
        fp__note_add(r, "no value of %s in any area",
                 ds->indicators[ind].code);
        return;
    }
    size_t last = fp__area_latest(ds, ind, a);
    if (last == FP_ASSESS_NONE) {
        r->period = r->latest_period;
        r->period_choice = FP_PERIOD_CHOICE_NO_AREA_VALUE;
    } else if (last == r->latest_period) {
        r->period = last;
        r->period_choice = FP_PERIOD_CHOICE_LATEST;
    } else {
        r->period = last;
        r->period_choice = FP_PERIOD_CHOICE_AREA_LATEST;
        const fp_obs *lo = fp__obs_at(ds, ind, a, r->latest_period);
        fp__note_add(r, "no value for %s in the latest period %s%s%s%s; "
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
    const fp_obs *o = fp__obs_at(ds, r->indicator, r->area, r->period), *first;
    size_t ns;
    if (!o || fp_dataset_series(ds, r->indicator, r->area, &first, &ns) != FP_OK) return;
    size_t end = (size_t)(o - first);
    size_t lo = end >= 3 ? end - 3 : 0;
    double sv[4];
    fp_period sp[4];
    for (size_t k = lo; k <= end; k++) {
        sv[k - lo] = fp__obs_value(&first[k]);
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
    if (fp__is_proportion(u)) return FP_FUNNEL_PROPORTION;
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
        funnel_counts(ds, fp__obs_at(ds, ind, c->las[i], period), m, &num[i], &den[i]);
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
        fp__note_add(r, "overdispersion not estimated (%s): OHID's funnel",
                 fp_strerror(st));
    r->funnel_phi = c->f_fit.phi;
    r->funnel_tau2 = c->f_fit.tau2;
    r->funnel_n = c->f_fit.n;
    r->funnel_adjusted = opt->funnel_method != FP_OD_NONE && c->f_fit.phi > 1;
    double num, den;
    funnel_counts(c->ds, fp__obs_at(c->ds, r->indicator, r->area, r->period), m, &num, &den);
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
        fp__note_add(r, "fewer than 4 areas: no quartile band");
    }
    if (!why) return;
    r->rank = r->n_ranked = 0;
    r->percentile = NAN;
    r->quartile = 0;
    r->quintile = 0;
    r->quantile = 0;
    fp__note_add(r, "%s", why);
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
    fp__la_distribution(c, r->indicator, r->period, opt->quintile_method, kind);
    if (c->q_ok)
        for (int k = 0; k < 5; k++) r->quartiles[k] = c->q[k];
    size_t pos = c->la_pos[r->area];
    if (r->polarity == FP_POLARITY_NONE)
        fp__note_add(r, "no rank or quartile: no polarity");
    if (pos == FP_ASSESS_NONE || isnan(v)) goto neighbours;
    for (size_t i = 0; i < gn; i++) r->n_ranked += !isnan(c->la_vals[lo + i]);
    if (c->rank_ok && c->la_rank[pos] > 0) {
        r->rank = c->la_rank[pos];
        fp_percentile_of(v, c->la_vals + lo, gn, r->polarity, &r->percentile);
    }
    if (!c->rank_ok || r->rank == 0) r->n_ranked = 0;
    if (c->q_ok && r->polarity != FP_POLARITY_NONE) {
        if (I->no_quartile)
            fp__note_add(r, "publisher: not banded");
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

/* r with nothing assessed yet: every number NaN, every comparator empty,
 * no trend window, the funnel not applicable. */
static void assess_reset(size_t ind, size_t a, const fp_indicator *I, fp_assessment *r)
{
    memset(r, 0, sizeof *r);
    r->indicator = ind;
    r->area = a;
    r->polarity = I->polarity;
    r->ci.value = r->ci.lower95 = r->ci.upper95 = r->ci.lower998 = r->ci.upper998 = NAN;
    r->ci.numerator = r->ci.denominator = NAN;
    r->ci.reason = "no value";
    fp__comparator_init(&r->england);
    fp__comparator_init(&r->region);
    fp__comparator_init(&r->neighbours);
    fp__comparator_init(&r->versus);
    r->previous = r->change1 = r->change1_pct = r->change3 = r->change3_pct = NAN;
    r->diff_england = r->diff_england_pct = r->percentile = NAN;
    r->target_value = NAN;
    r->projection.fit = r->projection.lower = r->projection.upper = NAN;
    for (int k = 0; k < 5; k++) r->quartiles[k] = NAN;
    r->trend_first = r->trend_last = FP_ASSESS_NONE;
    r->funnel = FP_FUNNEL_NOT_APPLICABLE;
    r->funnel_phi = r->funnel_tau2 = NAN;
}

/* The value at period p, its interval, and what is said about it: where
 * the limits came from, a missing value's code, the publisher's note,
 * plausibility, a modelled estimate (not compared) and a methodology
 * break. Returns nonzero when the value is a modelled estimate. */
static int assess_value(fp_assess_context *c, size_t ind, size_t a, size_t p, fp_assessment *r)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *I = &ds->indicators[ind];
    const fp_obs *o = fp__obs_at(ds, ind, a, p);
    r->present = o != NULL;
    r->missing = o ? (fp_missing)o->missing : FP_MISSING_NONE;
    fp_assess_interval_at(ds, ind, a, p, &r->ci);
    if (r->ci.source == FP_CI_SOURCE_COUNTS || r->ci.source == FP_CI_SOURCE_DERIVED)
        fp__note_add(r, "confidence limits computed from the %scounts (%s)",
                     r->ci.source == FP_CI_SOURCE_DERIVED ? "derived " : "",
                     I->unit == FP_UNIT_RATE ? "Byar's/exact Poisson" : "Wilson");
    /* What the publisher says about the value (Fingertips "Value note"):
     * for a blank value it is the reason, shown with "–" (not "x"). */
    const char *vn = o ? fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_NOTE) : NULL;
    if (!o) fp__note_add(r, "no value for %s", ds->periods[p].label);
    else if (o->missing == FP_MISSING_EMPTY || o->missing == FP_MISSING_NA) {
        fp__note_add(r, "value \xe2\x80\x93 (%s)",
                     vn ? vn : "blank in the source: no reason given");
        vn = NULL;
    } else if (o->missing != FP_MISSING_NONE)
        fp__note_add(r, "value %s (%s)", fp_missing_code(o->missing),
                     fp_missing_describe(o->missing));

    /* A value that cannot be believed is flagged and not compared. */
    fp_assess_plausible(c, ind, a, p, &r->plausibility, NULL);
    if (r->plausibility != FP_PLAUSIBLE)
        fp__note_add(r, "implausible value (%s): not compared",
                     fp_plausibility_name(r->plausibility));
    /* OHID does not compare modelled or synthetic estimates with benchmarks. */
    int modelled = o && (o->flags & FP_OBS_MODELLED);
    const char *nc = fp_dataset_obs_text(ds, ind, a, p, FP_OBS_TEXT_NOT_COMPARED);
    if (modelled)
        fp__note_add(r, "not compared: %s (OHID does not compare these)",
                     nc ? nc : "a modelled or synthetic estimate");
    if (vn) fp__note_add(r, "publisher's note: %s", vn);
    fp_period brk;
    r->series_from = FP_ASSESS_NONE;
    const char *why_brk = "";
    if (fp__latest_break(c, ind, &ds->periods[p].period, &brk, &why_brk)) {
        char bl[40];
        if (fp_period_format(&brk, bl, sizeof bl) != FP_OK) bl[0] = 0;
        r->series_from = fp__period_index(ds, &brk);
        fp__note_add(r, "methodology break%s%s%s: trend and projections use "
                     "the series from %s only", *why_brk ? " (" : "", why_brk,
                     *why_brk ? ")" : "", bl);
    }
    return modelled;
}

/* England, the region, the neighbours (their values into nv, *nn of them)
 * and the versus group at period p, judged against the area's interval
 * unless the value is implausible or modelled. */
static void assess_comparators(fp_assess_context *c, size_t ind, size_t a, size_t p,
                               const fp_assess_options *options, int modelled, double *nv,
                               size_t *nn, fp_assessment *r)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *I = &ds->indicators[ind];
    fp__comparator_area(ds, ind, c->england, p, &r->england);
    char why_region[200];
    fp__comparator_area(ds, ind, fp__region_at(c, ind, a, p, why_region, sizeof why_region), p,
                        &r->region);
    if (*why_region) fp__note_add(r, "%s", why_region);
    fp__comparator_check(c, ind, p, "England", &r->england, r);
    fp__comparator_check(c, ind, p, "region", &r->region, r);
    r->neighbour_list = c->nl[a];
    *nn = 0;
    if (c->nl[a]) {
        *nn = c->nl[a]->n < 64 ? c->nl[a]->n : 64;
        int st = fp__comparator_group(ds, ind, c->nb_areas[a], *nn, p, options->neighbour_stat,
                                      &r->neighbours);
        if (st == FP_ENODATA && options->neighbour_stat == FP_AGG_POOLED)
            fp__note_add(r, "no neighbour counts to pool");
        for (size_t k = 0; k < *nn; k++)
            nv[k] = fp__value_at(ds, ind, c->nb_areas[a][k], p);
    } else if (c->nb) {
        fp__note_add(r, "no statistical neighbours for %s in %s",
                     ds->areas[a].name, c->nb->version ? c->nb->version : "the model");
    }
    if (options->n_versus == 1)
        fp__comparator_area(ds, ind, options->versus[0], p, &r->versus);
    else if (options->n_versus > 1)
        fp__comparator_group(ds, ind, options->versus, options->n_versus, p,
                             options->neighbour_stat, &r->versus);
    if (r->plausibility == FP_PLAUSIBLE && !modelled) {
        fp__comparator_judge(I, r->polarity, &r->ci, &r->england);
        fp__comparator_judge(I, r->polarity, &r->ci, &r->region);
        fp__comparator_judge(I, r->polarity, &r->ci, &r->neighbours);
        if (options->n_versus) fp__comparator_judge(I, r->polarity, &r->ci, &r->versus);
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
    assess_reset(ind, a, &ds->indicators[ind], r);

    choose_period(ds, ind, a, options, r);
    if (r->period == FP_ASSESS_NONE) {
        snprintf(r->trend_text, sizeof r->trend_text, "cannot be calculated: no series");
        r->trend_reason = FP_TREND_REASON_TOO_FEW_POINTS;
        return FP_OK;
    }
    size_t p = r->period;
    int modelled = assess_value(c, ind, a, p, r);
    double nv[64];
    size_t nn;
    assess_comparators(c, ind, a, p, options, modelled, nv, &nn, r);

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
    size_t n = fp__series_arrays(c, ind, a, p, 1, &b, &per);
    fp__assess_trend(ds, options, b, per, n, r);
    fp__assess_target(c, options, b, n, r);
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
    if (upto == FP_ASSESS_NONE) upto = fp__area_latest(ds, ind, a);
    if (upto == FP_ASSESS_NONE) return FP_OK;
    if (upto >= ds->n_periods) FP_ERROR(FP_EINVAL);
    double *b;
    size_t *per;
    size_t m = fp__series_arrays(c, ind, a, upto, 0, &b, &per);
    free(b);
    /* Trim trailing missing values: the series runs to the last present one. */
    while (m > 0 && isnan(fp__value_at(ds, ind, a, per[m - 1]))) m--;
    if (m == 0) { free(per); return FP_OK; }
    fp_assess_point *pt = malloc(m * sizeof *pt);
    if (!pt) { free(per); FP_ERROR(FP_ENOMEM); }
    const fp_indicator *I = &ds->indicators[ind];
    for (size_t i = 0; i < m; i++) {
        size_t pk = per[i];
        fp_comparator k;
        pt[i].period = pk;
        fp_assess_interval_at(ds, ind, a, pk, &pt[i].ci);
        pt[i].england = fp__value_at(ds, ind, c->england, pk);
        char why[200];
        size_t rg = fp__region_at(c, ind, a, pk, why, sizeof why);
        pt[i].region = fp__value_at(ds, ind, rg, pk);
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
            fp__comparator_group(ds, ind, c->nb_areas[a], nn, pk, stat, &k);
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
