/* funnel.c -- funnel-plot control limits at any denominator, from the rates
 * module's OHID funnel functions (fingerpost/rates.h, which match
 * PHEindicatormethods::calculate_funnel_limits).
 *
 * Proportions: fp_funnel_proportion gives the limits at a denominator
 * directly (the proportions whose Wilson score interval has the average as
 * its limit).
 *
 * Rates: OHID tabulates a rate funnel by events O: the upper limit passes
 * through (population mu_low(O)/r, multiplier x O/population) and the lower
 * through (mu_high(O)/r, ...), where mu_low/mu_high are the exact Poisson
 * expected counts of fp_funnel_poisson and r the average rate. These curves
 * are continuous in O (chi-square quantiles with real degrees of freedom),
 * so the limit at a given denominator d is found by solving
 * mu_low(O) = r d (upper) or mu_high(O) = r d (lower) for O by bisection and
 * returning multiplier x O / d: the same curve, parametrised by the
 * denominator so that it can be drawn on a denominator axis and every area
 * judged at its own denominator. Below mu_high(0) = r d there is no lower
 * limit above 0. */
#include "plots_internal.h"

#include <math.h>

/* mu_low(O) (which = 0) or mu_high(O) (which = 1) at two-sided level. */
static double mu_at(double o, double level, int which)
{
    double lo, hi;
    if (fp_funnel_poisson(o, level, &lo, &hi) != FP_OK) return NAN;
    return which ? hi : lo;
}

static int rate_limit(double avg, double multiplier, double d, double level, int upper, double *limit)
{
    double target = avg * d;
    int which = upper ? 0 : 1;
    if (!upper && target <= mu_at(0, level, 1)) { *limit = 0; return FP_OK; }
    double lo = 0, hi = target + 10 * sqrt(target) + 10;
    for (int k = 0; k < 200 && !(mu_at(hi, level, which) >= target); k++) hi *= 2;
    if (!(mu_at(hi, level, which) >= target)) return FP_ERANGE;
    for (int k = 0; k < 200 && hi - lo > 1e-13 * hi; k++) {
        double mid = 0.5 * (lo + hi);
        double m = mu_at(mid, level, which);
        if (!isfinite(m)) return FP_ERANGE;
        if (m < target) lo = mid; else hi = mid;
    }
    *limit = 0.5 * (lo + hi) / d * multiplier;
    return FP_OK;
}

int fpp_funnel_limit(fpp_funnel_type type, double centre, double multiplier,
                     double d, double p, double *limit)
{
    if (!limit || !(d > 0) || !isfinite(d) || !(multiplier > 0) || !isfinite(multiplier) ||
        !(p > 0 && p < 1) || p == 0.5 || !isfinite(centre))
        return FP_EINVAL;
    double avg = centre / multiplier;
    int upper = p > 0.5;
    double level = upper ? 2 * p - 1 : 1 - 2 * p;
    if (type == FPP_FUNNEL_PROPORTION) {
        double lo, hi;
        if (avg < 0 || avg > 1) return FP_EINVAL;
        int st = fp_funnel_proportion(avg, d, level, multiplier, &lo, &hi);
        if (st != FP_OK) return st;
        *limit = upper ? hi : lo;
        return FP_OK;
    }
    if (!(avg > 0)) return FP_EINVAL;
    return rate_limit(avg, multiplier, d, level, upper, limit);
}
