/* assess_goal.c -- targets and milestones with a due date (fp_assess_goal). See assess.c and docs/methods.md, "Assessment". */
#include "assess_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------- targets and milestones */

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
size_t fp__period_index(const fp_dataset *ds, const fp_period *p)
{
    for (size_t k = 0; k < ds->n_periods; k++)
        if (fp_period_compare(&ds->periods[k].period, p) == 0) return k;
    return FP_ASSESS_NONE;
}

static int meets(double v, double target, fp_polarity pol)
{
    return pol == FP_POLARITY_HIGH ? v >= target : v <= target;
}

/* Where a goal falls due for area a: the series' class from the area's
 * latest value (*last, *lp), the due period into out->due and its label
 * into due. 1 when the goal cannot be judged (out->note says why), else 0. */
static int goal_due(const fp_dataset *ds, size_t ind, size_t a, const fp_goal *g,
                    fp_goal_verdict *out, size_t *last, char *due, size_t due_size)
{
    *last = fp__area_latest(ds, ind, a);
    if (*last == FP_ASSESS_NONE) {
        snprintf(out->note, sizeof out->note, "no value for the area");
        return 1;
    }
    const fp_period *lp = &ds->periods[*last].period;
    int ystart = ds->indicators[ind].year_start;
    if (g->due_period) {
        out->due = *g->due_period;
    } else if (g->due_year < 1000 || g->due_year > 9999 || g->due_month < 1
               || g->due_month > 12) {
        snprintf(out->note, sizeof out->note, "due date %d-%02d is out of range (years 1000 to "
                 "9999, months 1 to 12)", g->due_year, g->due_month);
        return 1;
    } else {
        fp_period_of_month_cal(lp, ystart, g->due_year, g->due_month, &out->due);
    }
    if (fp_period_format(&out->due, due, due_size) != FP_OK) due[0] = 0;
    if (ds->indicators[ind].polarity == FP_POLARITY_NONE) {
        snprintf(out->note, sizeof out->note, "no polarity: which side meets the target is unknown");
        return 1;
    }
    if (fp_period_class(&out->due) != fp_period_class(lp)) {
        snprintf(out->note, sizeof out->note, "due period %s is not of the series' kind", due);
        return 1;
    }
    return 0;
}

/* The goal's target with its baseline read from the data when given as a
 * period (a month, "2019-12", of a series of years or quarters is read at
 * the period of the series holding it). 1 when a baseline is needed but
 * not yet set (out->note says so), else 0. */
static int goal_target(const fp_dataset *ds, size_t ind, size_t a, const fp_goal *g,
                       size_t last, fp_goal_verdict *out, fp_target *tg)
{
    const fp_period *lp = &ds->periods[last].period;
    *tg = g->target;
    tg->direction = ds->indicators[ind].polarity;
    if (isnan(tg->baseline) && g->baseline_period) {
        fp_period bq = *g->baseline_period;
        if (fp_period_class(&bq) != fp_period_class(lp) && bq.kind == FP_PERIOD_MONTH)
            fp_period_of_month_cal(lp, ds->indicators[ind].year_start, bq.year, bq.sub, &bq);
        size_t bp = fp__period_index(ds, &bq);
        if (bp != FP_ASSESS_NONE) tg->baseline = fp__value_at(ds, ind, a, bp);
    }
    out->baseline = tg->baseline;
    if ((tg->rule == FP_TARGET_BASELINE_PCT || tg->rule == FP_TARGET_BASELINE_POINTS)
        && isnan(tg->baseline)) {
        snprintf(out->note, sizeof out->note, "baseline not yet set");
        return 1;
    }
    return 0;
}

/* Due within the data: judged on the value for the due period (dp),
 * against the national value of that period. */
static void goal_judge_due(const fp_assess_context *c, size_t ind, size_t a, size_t dp,
                           const fp_target *tg, const char *due, fp_goal_verdict *out)
{
    const fp_dataset *ds = c->ds;
    fp_polarity pol = ds->indicators[ind].polarity;
    double v = dp == FP_ASSESS_NONE ? NAN : fp__value_at(ds, ind, a, dp);
    double eng = dp == FP_ASSESS_NONE ? NAN : fp__value_at(ds, ind, c->england, dp);
    out->period = dp;
    if (isnan(v)) {
        snprintf(out->note, sizeof out->note, "no value for %s, the period it fell due", due);
        fp_target_value(tg, eng, &out->target);
        return;
    }
    if (fp_target_value(tg, eng, &out->target) != FP_OK) {
        snprintf(out->note, sizeof out->note, "no England value for %s to set the target",
                 due);
        return;
    }
    out->value = v;
    out->status = meets(v, out->target, pol) ? FP_GOAL_MET : FP_GOAL_MISSED;
    snprintf(out->note, sizeof out->note, "due %s: %g against %g", due, v, out->target);
}

/* Not yet due in the data: project the series to the due period. The
 * national value is England's latest (the due period's is not known). */
static void goal_project(const fp_assess_context *c, size_t ind, size_t a, size_t last,
                         const fp_target *tg, const char *due, fp_goal_verdict *out)
{
    const fp_dataset *ds = c->ds;
    fp_polarity pol = ds->indicators[ind].polarity;
    const fp_period *lp = &ds->periods[last].period;
    double eng = fp__value_at(ds, ind, c->england, last);
    if (fp_target_value(tg, eng, &out->target) != FP_OK) {
        snprintf(out->note, sizeof out->note, "no England value to set the target");
        return;
    }
    double *b;
    size_t n = fp__series_arrays(c, ind, a, last, 0, &b, NULL);
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
        return;
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

    size_t last;
    char due[40];
    if (goal_due(ds, ind, a, g, out, &last, due, sizeof due)) return FP_OK;
    fp_target tg;
    if (goal_target(ds, ind, a, g, last, out, &tg)) return FP_OK;
    long tdue = fp_period_index(&out->due), tlast = fp_period_index(&ds->periods[last].period);
    if (tdue <= tlast) goal_judge_due(c, ind, a, fp__period_index(ds, &out->due), &tg, due, out);
    else goal_project(c, ind, a, last, &tg, due, out);
    return FP_OK;
}
