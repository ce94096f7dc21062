/* assess_trend.c -- the assessment's trend rule (the Fingertips recent
 * trend, else Mann-Kendall) and its target and outlook. See assess.c and docs/methods.md, "Assessment". */
#include "assess_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ trend */

/* The area's present values of ind in the class of `upto` and not after it:
 * times, values and 95% limits, oldest first. Returns the number of points
 * (from the first present value on); the arrays are malloc'ed into *buf
 * (4 x n doubles: t, v, lo, hi). The limits (fp_assess_interval_at) are
 * computed only when with_ci is nonzero (the trend needs them; projections
 * and chart series do not), else NaN. */
size_t fp__series_arrays(const fp_assess_context *c, size_t ind, size_t a, size_t upto,
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
    long tstart = fp__latest_break(c, ind, end, &brk, NULL) ? fp_period_index(&brk) : LONG_MIN;
    double *b = malloc(4 * ns * sizeof *b);
    size_t *ps = periods ? malloc(ns * sizeof *ps) : NULL;
    if (!b || (periods && !ps)) { free(b); free(ps); return 0; }
    size_t n = 0;
    for (size_t i = 0; i < ns; i++) {
        const fp_period *p = &ds->periods[first[i].period].period;
        if (fp_period_class(p) != cls || fp_period_index(p) > tend
            || fp_period_index(p) < tstart)
            continue;
        double v = fp__obs_value(&first[i]);
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
void fp__assess_trend(const fp_dataset *ds, const fp_assess_options *opt, const double *b,
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
            fp__note_add(r, "%s", r->trend_disagree);
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
void fp__assess_target(const fp_assess_context *c, const fp_assess_options *opt,
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
        fp__note_add(r, "target not assessed: baseline not yet set");
        return;
    }
    if ((tg.rule == FP_TARGET_NATIONAL || tg.rule == FP_TARGET_NATIONAL_HIGHER
         || tg.rule == FP_TARGET_NATIONAL_LOWER || tg.rule == FP_TARGET_NATIONAL_BETTER)
        && isnan(national))
        fp__note_add(r, "no England value to set the target");
    if (r->polarity == FP_POLARITY_NONE)
        fp__note_add(r, "target not assessed: no polarity");
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
        fp__note_add(r, "cannot be projected to %s: %s", per, why);
    } else {
        fp_trend_gaps g;
        if (fp_trend_find_gaps(&s, &g) == FP_OK && g.n_missing + g.n_skipped > 0)
            fp__note_add(r, "projected from %zu points (%zu missing %s left out)",
                     r->projection.n, g.n_missing + g.n_skipped,
                     g.n_missing + g.n_skipped == 1 ? "period" : "periods");
        if (r->projection.outlook != FP_OUTLOOK_NONE)
            r->outlook = fp_target_outlook_string(r->projection.outlook);
        else if (r->polarity != FP_POLARITY_NONE && isnan(r->target_value))
            fp__note_add(r, "projection not judged: no target value");
    }
}
