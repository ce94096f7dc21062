/* funnel.c -- funnel-plot control limits at any denominator, from the
 * library's funnel module (fingerpost/funnel.h: fp_funnel_limits_at for
 * OHID's limits, which match PHEindicatormethods::calculate_funnel_limits,
 * and fp_funnel_od_limits for limits adjusted for overdispersion). The
 * maths is in the library; this file only converts between value units
 * (times the multiplier) and the one-sided probabilities the chart uses. */
#include "plots_internal.h"

#include <math.h>

static fp_funnel_kind kind_of(fpp_funnel_type type)
{
    return type == FPP_FUNNEL_PROPORTION ? FP_FUNNEL_PROPORTION
         : type == FPP_FUNNEL_RATIO ? FP_FUNNEL_RATIO : FP_FUNNEL_RATE;
}

/* The two-sided level and side of one-sided probability p. */
static int level_of(double p, double *level)
{
    if (!(p > 0 && p < 1) || p == 0.5) return -1;
    *level = p > 0.5 ? 2 * p - 1 : 1 - 2 * p;
    return p > 0.5;
}

int fpp_funnel_limit(fpp_funnel_type type, double centre, double multiplier,
                     double d, double p, double *limit)
{
    double level = 0, lo, hi;
    int upper = level_of(p, &level);
    if (!limit || !(d > 0) || !isfinite(d) || !(multiplier > 0) || !isfinite(multiplier) ||
        upper < 0 || !isfinite(centre))
        return FP_EINVAL;
    int st = fp_funnel_limits_at(kind_of(type), centre / multiplier, d, level, &lo, &hi);
    if (st != FP_OK) return st;
    *limit = (upper ? hi : lo) * multiplier;
    return FP_OK;
}

int fpp_funnel_od_limit(const fp_od_fit *fit, fp_od_method method, double multiplier,
                        double d, double p, double *limit)
{
    double level = 0, lo, hi;
    int upper = level_of(p, &level);
    if (!fit || !limit || !(multiplier > 0) || !isfinite(multiplier) || upper < 0) return FP_EINVAL;
    int st = fp_funnel_od_limits(fit, method, d, level, &lo, &hi, NULL);
    if (st != FP_OK) return st;
    *limit = (upper ? hi : lo) * multiplier;
    return FP_OK;
}
