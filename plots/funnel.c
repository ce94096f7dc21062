/* funnel.c -- funnel-plot control limits.
 *
 * TEMPORARY PATH: fingerpost/rates.h does not (yet) provide fp_funnel_*, so
 * the limits are computed here with GSL. When the rates module gains them,
 * fpp_funnel_limit should call it instead and this file should shrink to
 * that call.
 *
 * Method (Spiegelhalter, "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 2005; 24:1185-1202, appendix A.1):
 * for a denominator d and comparator value c (in value units, so the
 * underlying rate or proportion is theta = c / multiplier), the count has
 * distribution Poisson(theta d) (rates) or Binomial(d, theta)
 * (proportions). The p-quantile is r_p, the smallest integer with
 * F(r_p) >= p; it is interpolated to a continuous value
 *     r_p - alpha,  alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)),
 * and the limit is (r_p - alpha) / d * multiplier. Binomial denominators
 * are rounded to whole numbers. */
#include "plots_internal.h"

#include <math.h>
#include <gsl/gsl_cdf.h>

static double cdf(fpp_funnel_type type, double theta, unsigned dn, double mu, long r)
{
    if (r < 0) return 0;
    if (type == FPP_FUNNEL_RATE) return gsl_cdf_poisson_P((unsigned)r, mu);
    if ((unsigned long)r >= dn) return 1;
    return gsl_cdf_binomial_P((unsigned)r, theta, dn);
}

int fpp_funnel_limit(fpp_funnel_type type, double centre, double multiplier,
                     double d, double p, double *limit)
{
    if (!limit || !(d > 0) || !isfinite(d) || !(multiplier > 0) || !(p > 0 && p < 1) ||
        !isfinite(centre) || d > 4e9)
        return FP_EINVAL;
    double theta = centre / multiplier;
    if (theta < 0 || (type == FPP_FUNNEL_PROPORTION && theta > 1)) return FP_EINVAL;
    unsigned dn = 0;
    if (type == FPP_FUNNEL_PROPORTION) {
        double r = floor(d + 0.5);
        if (r < 1) r = 1;
        dn = (unsigned)r;
        d = r;
    }
    double mu = theta * d;
    if (mu == 0) { *limit = 0; return FP_OK; }
    /* Bisection for r_p on [lo, hi] with F(lo - 1) < p <= F(hi). */
    double sd = sqrt(mu);
    long lo = (long)floor(mu - 12 * sd - 10), hi = (long)ceil(mu + 12 * sd + 10);
    if (lo < 0) lo = 0;
    if (type == FPP_FUNNEL_PROPORTION && hi > (long)dn) hi = (long)dn;
    while (lo > 0 && cdf(type, theta, dn, mu, lo - 1) >= p) lo /= 2;
    while (cdf(type, theta, dn, mu, hi) < p) hi *= 2;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (cdf(type, theta, dn, mu, mid) >= p) hi = mid;
        else lo = mid + 1;
    }
    double f = cdf(type, theta, dn, mu, lo), f1 = cdf(type, theta, dn, mu, lo - 1);
    double alpha = f > f1 ? (f - p) / (f - f1) : 0;
    double count = (double)lo - alpha;
    if (count < 0) count = 0;
    *limit = count / d * multiplier;
    return FP_OK;
}
