/* assess_interval.c -- the assessment's options and the interval rule: published
 * limits, else from counts (fp_assess_options_default, fp_assess_interval_at). See assess.c and docs/methods.md, "Assessment". */
#include "assess_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    const fp_obs *o = fp__obs_at(ds, ind, a, period);
    if (!o || o->missing != FP_MISSING_NONE) return FP_OK;
    const fp_indicator *I = &ds->indicators[ind];
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    out->value = o->value;
    out->reason = "";
    fp__obs_counts(ds, o, &out->numerator, &out->denominator);
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
    if (!counts || !(fp__is_proportion(I->unit) || I->unit == FP_UNIT_RATE)) {
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
        fp__counts_ci(I, out->numerator, out->denominator, 0.95, &c95);
        if (c95.status == FP_OK) {
            out->lower95 = c95.lower; out->upper95 = c95.upper;
            out->method = c95.method;
            computed = 1;
        } else if (out->source == FP_CI_SOURCE_NONE) {
            out->reason = c95.reason;
        }
    }
    if (!(o->flags & FP_OBS_CI998)) {
        fp__counts_ci(I, out->numerator, out->denominator, 0.998, &c998);
        if (c998.status == FP_OK) { out->lower998 = c998.lower; out->upper998 = c998.upper; }
    }
    if (computed && out->source == FP_CI_SOURCE_NONE)
        out->source = (o->flags & FP_OBS_DERIVED) ? FP_CI_SOURCE_DERIVED : FP_CI_SOURCE_COUNTS;
    return FP_OK;
}

/* Area a's neighbours with their intervals, comparisons with England and
 * quartile bands (assess.h). Here beside fp_assess_interval_at, which it
 * calls, so that the context file does not call back into this one. */
int fp_assess_neighbour_values(const fp_assess_context *c, size_t ind, size_t a,
                               const fp_assessment *A, fp_assess_neighbour **out, size_t *n)
{
    if (out) *out = NULL;
    if (n) *n = 0;
    if (!c || !A || !out || !n || a >= c->ds->n_areas || ind >= c->ds->n_indicators)
        FP_ERROR(FP_EINVAL);
    const fp_neighbour_list *nl = c->nl[a];
    if (!nl || A->period == FP_ASSESS_NONE) return FP_OK;
    const fp_indicator *I = &c->ds->indicators[ind];
    fp_assess_neighbour *v = malloc((nl->n ? nl->n : 1) * sizeof *v);
    if (!v) FP_ERROR(FP_ENOMEM);
    for (size_t j = 0; j < nl->n; j++) {
        fp_assess_neighbour *x = &v[j];
        x->area = c->nb_areas[a][j];
        x->ci.value = x->ci.lower95 = x->ci.upper95 = x->ci.lower998 = x->ci.upper998 = NAN;
        x->ci.numerator = x->ci.denominator = NAN;
        x->ci.source = FP_CI_SOURCE_NONE;
        x->ci.method = FP_CI_NONE;
        x->ci.reason = "not in the data";
        x->cmp_england = FP_CMP_NOT_COMPARED;
        x->band = 0;
        if (x->area == FP_ASSESS_NONE) continue;
        fp_assess_interval_at(c->ds, ind, x->area, A->period, &x->ci);
        fp_compare_ci(x->ci.value, x->ci.lower95, x->ci.upper95, A->england.value, I->polarity,
                      &x->cmp_england, NULL);
        /* Banded as the area is: not without a polarity or where the
         * publisher does not band the indicator. */
        if (I->polarity != FP_POLARITY_NONE && !I->no_quartile
            && fp_quartile_band(x->ci.value, A->quartiles, I->polarity, &x->band) != FP_OK)
            x->band = 0;
    }
    *out = v;
    *n = nl->n;
    return FP_OK;
}

void fp_assess_neighbour_values_free(fp_assess_neighbour *values)
{
    free(values);
}
