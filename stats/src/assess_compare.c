/* assess_compare.c -- the assessment's comparators: England, the region,
 * the neighbours and a chosen group, and the Fingertips significance rule. See assess.c and docs/methods.md, "Assessment". */
#include "assess_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------- comparators */

void fp__comparator_init(fp_comparator *k)
{
    memset(k, 0, sizeof *k);
    k->area = FP_ASSESS_NONE;
    k->value = k->lower95 = k->upper95 = k->numerator = k->denominator = NAN;
    k->test.result = FP_CMP_NOT_COMPARED;
    k->test.p_value = k->test.estimate = NAN;
    k->test.method = "";
}

void fp__comparator_area(const fp_dataset *ds, size_t ind, size_t a, size_t period,
                         fp_comparator *k)
{
    fp__comparator_init(k);
    if (a == FP_ASSESS_NONE) return;
    const fp_obs *o = fp__obs_at(ds, ind, a, period);
    k->area = a;
    k->value = fp__obs_value(o);
    k->n_total = 1;
    k->n_used = !isnan(k->value);
    fp__obs_counts(ds, o, &k->numerator, &k->denominator);
}

/* Aggregate n areas (FP_ASSESS_NONE entries count as missing) by stat;
 * pooled aggregates get a 95% CI from the pooled counts. */
int fp__comparator_group(const fp_dataset *ds, size_t ind, const size_t *areas, size_t n,
                         size_t period, fp_agg stat, fp_comparator *k)
{
    fp__comparator_init(k);
    k->n_total = n;
    if (!n) return FP_ENODATA;
    const fp_indicator *I = &ds->indicators[ind];
    double *v = malloc(3 * n * sizeof *v);
    if (!v) return FP_ENOMEM;
    double *num = v + n, *den = v + 2 * n;
    for (size_t j = 0; j < n; j++) {
        const fp_obs *o = areas[j] == FP_ASSESS_NONE ? NULL : fp__obs_at(ds, ind, areas[j], period);
        v[j] = fp__obs_value(o);
        fp__obs_counts(ds, o, &num[j], &den[j]);
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
        if (fp__counts_ci(I, r.numerator, r.denominator, 0.95, &ci) == FP_OK) {
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
void fp__comparator_check(fp_assess_context *c, size_t ind, size_t p, const char *what,
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
    fp__note_add(r, "%s value %s; not used", what, why);
    k->value = NAN;
    k->n_used = 0;
    k->numerator = k->denominator = NAN;
}

/* The Fingertips rule at both levels and the two-sample test. */
void fp__comparator_judge(const fp_indicator *I, fp_polarity pol, const fp_assess_interval *ci,
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
