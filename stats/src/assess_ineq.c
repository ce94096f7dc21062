/* assess_ineq.c -- the slope and relative indices of inequality of an
 * indicator's deprivation breakdown for one area and period
 * (fp_assess_inequality, fingerpost/assess.h): the quantiles' values,
 * limits and populations read from the dataset and handed to fp_sii
 * (sii.c, PHEindicatormethods' phe_sii). `fingerpost inequality`, `compare`
 * and the report all come here, so they cannot disagree. */
#include "fingerpost/assess.h"
#include "fp_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The observation of ind for area a in period p, or NULL. */
static const fp_obs *quantile_obs(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    const fp_obs *o;
    if (ind == FP_ASSESS_NONE || ind >= ds->n_indicators) return NULL;
    return fp_dataset_lookup(ds, ind, a, p, &o) == FP_OK ? o : NULL;
}

int fp_assess_inequality(const fp_dataset *ds, const fp_ineq_group *g, size_t a, size_t p,
                         const fp_sii_options *opt, fp_ineq_result *out)
{
    if (!ds || !g || !opt || !out || a >= ds->n_areas || p >= ds->n_periods
        || g->n > FP_INEQ_MAX_QUANTILES || g->n == 0)
        FP_ERROR(FP_EINVAL);
    memset(out, 0, sizeof *out);
    out->group = g;
    out->status = FP_ENODATA;
    const size_t n = g->n;
    double v[FP_INEQ_MAX_QUANTILES], lo[FP_INEQ_MAX_QUANTILES], hi[FP_INEQ_MAX_QUANTILES];
    double pop[FP_INEQ_MAX_QUANTILES], se[FP_INEQ_MAX_QUANTILES];
    /* A quantile counts when it has a value, 95% limits and a population;
     * the reason names the last one that had a value without them. */
    const char *why = NULL;
    size_t unit_from = FP_ASSESS_NONE;
    for (size_t i = 0; i < n; i++) {
        if (g->quantile[i] < unit_from) unit_from = g->quantile[i];
        const fp_obs *o = quantile_obs(ds, g->quantile[i], a, p);
        if (!o || o->missing != FP_MISSING_NONE || isnan(o->value)) continue;
        const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
        if (!(o->flags & FP_OBS_CI95)) { why = "a quantile has no 95% limits"; continue; }
        if (!(o->flags & FP_OBS_DENOMINATOR)) {
            why = "a quantile has no denominator (population)";
            continue;
        }
        v[out->have] = o->value;
        lo[out->have] = x->lower95;
        hi[out->have] = x->upper95;
        pop[out->have] = x->denominator;
        out->have++;
    }
    /* Nothing to say for this area: no quantile with a value, limits and
     * a population. */
    if (out->have == 0 || unit_from >= ds->n_indicators) return FP_ENODATA;
    /* The unit is the quantiles' (the first of them in the dataset). */
    const fp_indicator *I = &ds->indicators[unit_from];
    int pct = I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION;
    out->value_type = pct ? FP_SII_PROPORTION
                    : I->unit == FP_UNIT_RATE ? FP_SII_RATE : FP_SII_NORMAL;
    if (out->have < n) {
        snprintf(out->reason, sizeof out->reason, "%zu of %zu quantiles have a value%s%s",
                 out->have, n, why ? "; " : "", why ? why : "");
        return FP_OK;
    }
    /* Percentages are simulated as proportions and the SII given back in
     * percentage points (phe_sii's multiplier). */
    fp_sii_options so = *opt;
    so.value_type = out->value_type;
    double scale = I->unit == FP_UNIT_PERCENT ? 100.0 : 1.0;
    so.multiplier = scale;
    for (size_t i = 0; i < n; i++) { v[i] /= scale; lo[i] /= scale; hi[i] /= scale; }
    static const double levels[2] = { 0.95, 0.998 };
    int st = fp_sii_se_from_ci(lo, hi, n, so.value_type, se);
    if (st == FP_OK) st = fp_sii(v, se, pop, n, &so, levels, 2, &out->sii);
    out->status = st;
    if (st != FP_OK)
        snprintf(out->reason, sizeof out->reason, "%s", st == FP_EDOM
                 ? "a quantile with a population of 0 or less, missing limits or a value "
                   "outside its scale" : fp_strerror(st));
    return FP_OK;
}

/* The assessment's inequality (fp_assess_options.inequality): the first
 * breakdown of the indicator that gives an SII for the area in the period
 * assessed, else the first with any quantile (its reason says why not). */
void fp__assess_inequality(const fp_dataset *ds, const fp_assess_options *opt,
                           fp_assessment *r)
{
    if (!opt->inequality || r->period == FP_ASSESS_NONE) return;
    fp_sii_options def;
    const fp_sii_options *so = opt->sii;
    if (!so) { fp_sii_options_init(&def); so = &def; }
    for (size_t k = 0; k < opt->n_inequality; k++) {
        const fp_ineq_group *g = &opt->inequality[k];
        if (g->indicator != r->indicator) continue;
        fp_ineq_result res;
        if (fp_assess_inequality(ds, g, r->area, r->period, so, &res) != FP_OK) continue;
        if (!r->has_inequality || (r->inequality.status != FP_OK && res.status == FP_OK)) {
            r->inequality = res;
            r->has_inequality = 1;
        }
        if (res.status == FP_OK) return;
    }
}
