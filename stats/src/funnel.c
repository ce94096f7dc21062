/* funnel.c -- funnel plot control limits and point significance, as
 * PHEindicatormethods::calculate_funnel_limits and
 * assign_funnel_significance (the Fingertips technical guidance; the Excel
 * funnel plot tool of the Association of Public Health Observatories).
 *
 *  - Proportions: the limits around the average proportion are the values
 *    whose Wilson score interval just reaches the average (Spiegelhalter
 *    2005, "Funnel plots for comparing institutional performance", Stat Med
 *    24:1185-1202, with the score-interval inversion used by the APHO tool).
 *  - Ratios and rates: exact Poisson limits. OHID's code finds them by a
 *    bisection accurate to about 2e-7; here they are the closed forms
 *    qchisq(tail, 2 O)/2 and qchisq(1 - tail, 2 O + 2)/2, so values agree
 *    with OHID's to about 1e-6 relative. */
#include "fp_internal.h"
#include "rates_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

const char *fp_funnel_sig_name(fp_funnel_sig sig)
{
    switch (sig) {
    case FP_FUNNEL_NOT_SIGNIFICANT: return "Not significant";
    case FP_FUNNEL_HIGH_2S: return "High (0.025)";
    case FP_FUNNEL_HIGH_3S: return "High (0.001)";
    case FP_FUNNEL_LOW_2S: return "Low (0.025)";
    case FP_FUNNEL_LOW_3S: return "Low (0.001)";
    case FP_FUNNEL_NOT_APPLICABLE: return "Not applicable";
    }
    return "";
}

/* The proportion at population n whose score interval at normal quantile z
 * has the average a as its limit: the roots of a quadratic, lower (sign -1)
 * or upper (+1), as a fraction. */
static double score_limit(double a, double n, double z, int sign)
{
    double z2 = z * z;
    double k = n / z2 + 1.0;
    double first = a * k;
    double disc = 64.0 * a * a * k * k
                - 64.0 * (1.0 / z2 + 1.0 / n) * a * (n * (a * (n / z2 + 2.0) - 1.0) + z2 * (a - 1.0));
    double adj = sqrt(disc > 0.0 ? disc : 0.0);
    double last = 1.0 / z2 + 1.0 / n;
    return (first + sign * adj / 8.0) / last / n;
}

int fp_funnel_proportion(double average, double n, double level, double multiplier,
                         double *lower, double *upper)
{
    if (!lower || !upper || !fp__level_valid(level) || !(multiplier > 0.0) || isinf(multiplier))
        FP_ERROR(FP_EINVAL);
    *lower = *upper = NAN;
    if (isnan(n) || n == 0.0) FP_ERROR(FP_EZERODIV);
    if (isnan(average)) FP_ERROR(FP_ENODATA);
    if (n < 0.0 || average < 0.0 || average > 1.0 || isinf(n)) FP_ERROR(FP_EDOM);
    double z = fp_level_z(level);
    double lo = score_limit(average, n, z, -1) * multiplier;
    double hi = score_limit(average, n, z, +1) * multiplier;
    *lower = lo < 0.0 ? 0.0 : lo;
    *upper = hi > multiplier ? multiplier : hi;
    return FP_OK;
}

int fp_funnel_poisson(double observed, double level, double *mu_low, double *mu_high)
{
    if (!mu_low || !mu_high || !fp__level_valid(level)) FP_ERROR(FP_EINVAL);
    *mu_low = *mu_high = NAN;
    if (isnan(observed)) FP_ERROR(FP_ENODATA);
    if (observed < 0.0 || isinf(observed)) FP_ERROR(FP_EDOM);
    *mu_low = fp__exact_lower(observed, level);
    *mu_high = fp__exact_upper(observed, level);
    return FP_OK;
}

int fp_funnel_ratio(double observed, double level, double *lower, double *upper)
{
    double ml, mh;
    if (!lower || !upper) FP_ERROR(FP_EINVAL);
    int st = fp_funnel_poisson(observed, level, &ml, &mh);
    if (st != FP_OK) { *lower = *upper = NAN; return st; }
    if (observed == 0.0) { *lower = 0.0; *upper = NAN; FP_ERROR(FP_ERANGE); }
    *lower = observed / mh;
    *upper = observed / ml;
    return FP_OK;
}

int fp_funnel_rate(double events, double average, double level, double multiplier,
                   double *lower, double *upper)
{
    double ml, mh;
    if (!lower || !upper || !(multiplier > 0.0) || isinf(multiplier)) FP_ERROR(FP_EINVAL);
    *lower = *upper = NAN;
    if (isnan(average)) FP_ERROR(FP_ENODATA);
    if (average <= 0.0 || isinf(average)) FP_ERROR(FP_EDOM);
    int st = fp_funnel_poisson(events, level, &ml, &mh);
    if (st != FP_OK) return st;
    if (events == 0.0) FP_ERROR(FP_ERANGE);
    /* The population at which `events` is on each limit is mu / average. */
    *lower = events / (mh / average) * multiplier;
    *upper = events / (ml / average) * multiplier;
    return FP_OK;
}

/* ------------------------------------------------------------ axis */

/* The number of characters R's as.character() gives a positive whole
 * number: the shorter of fixed and scientific notation, fixed on a tie
 * (so 100000 is "1e+05", 5 characters). PHEindicatormethods' axis rounding
 * counts digits with nchar() and so inherits this. */
static int r_nchar(double v)
{
    char fixed[64], sci[64];
    snprintf(fixed, sizeof fixed, "%.0f", v);
    int nf = (int)strlen(fixed);
    /* Scientific with the fewest significant digits (up to 15) that round-trip. */
    int ns = 99;
    for (int d = 0; d < 15; d++) {
        snprintf(sci, sizeof sci, "%.*e", d, v);
        if (strtod(sci, NULL) == v) {
            /* R writes a two-digit exponent at least: "1e+05". */
            char *e = strchr(sci, 'e');
            int exp10 = e ? atoi(e + 1) : 0;
            int mant = d == 0 ? 1 : d + 2;
            ns = mant + 2 + (abs(exp10) >= 100 ? 3 : 2);
            break;
        }
    }
    return nf <= ns ? nf : ns;
}

static double signif_floor(double x)
{
    if (x == 0.0) return 0.0;
    int n = r_nchar(floor(x * 0.95)) - 1;
    double p = pow(10.0, n);
    return floor(x * 0.95 / p) * p;
}

static double signif_ceiling(double x)
{
    if (x == 0.0) return 0.0;
    int n = r_nchar(ceil(x * 1.05)) - 2;
    double p = pow(10.0, n);
    return ceil(x * 1.05 / p) * p;
}

int fp_funnel_axis(fp_funnel_kind kind, double min_den, double max_den, double average,
                   double years, double *points)
{
    if (!points || (kind != FP_FUNNEL_PROPORTION && kind != FP_FUNNEL_RATIO
                    && kind != FP_FUNNEL_RATE))
        FP_ERROR(FP_EINVAL);
    if (isnan(min_den) || isnan(max_den)) FP_ERROR(FP_ENODATA);
    if (min_den < 0.0 || max_den < min_den || isinf(max_den)) FP_ERROR(FP_EDOM);
    if (kind == FP_FUNNEL_RATE && (!(years > 0.0) || !(average > 0.0) || isinf(average)))
        FP_ERROR(FP_EINVAL);
    double amin, amax;
    if (kind == FP_FUNNEL_RATE) {
        amin = max_den > 2.0 * min_den ? 0.0 : signif_floor(min_den / years) * years;
        amax = signif_ceiling(max_den / years) * years;
        amin = floor(amin * average);
        amax = ceil(amax * average);
    } else {
        amin = max_den > 2.0 * min_den ? 0.0 : signif_floor(min_den);
        amax = signif_ceiling(max_den);
    }
    points[0] = amin > 1.0 ? amin : 1.0;
    for (int j = 2; j <= FP_FUNNEL_POINTS; j++) {
        int offset = kind == FP_FUNNEL_RATIO ? j - 1 : j;
        double prev = points[j - 2];
        /* R's round() rounds half to even, as nearbyint does by default. */
        double next = nearbyint(pow(amax / prev, 1.0 / (101 - offset)) * prev);
        points[j - 1] = next > prev + 1.0 ? next : prev + 1.0;
    }
    return FP_OK;
}

/* ---------------------------------------------------- significance */

int fp_funnel_proportion_sig(double x, double n, double average, fp_funnel_sig *sig)
{
    double l2, u2, l3, u3;
    if (!sig) FP_ERROR(FP_EINVAL);
    *sig = FP_FUNNEL_NOT_APPLICABLE;
    if (isnan(n) || n == 0.0) FP_ERROR(FP_EZERODIV);
    if (isnan(x) || isnan(average)) FP_ERROR(FP_ENODATA);
    if (x < 0.0 || n < 0.0 || x > n || isinf(n)) FP_ERROR(FP_EDOM);
    int st = fp_funnel_proportion(average, n, 0.95, 1.0, &l2, &u2);
    if (st == FP_OK) st = fp_funnel_proportion(average, n, 0.998, 1.0, &l3, &u3);
    if (st != FP_OK) return st;
    /* phe_funnel_significance compares with the unclipped limits; the
     * clipped ones give the same answer since x/n lies in [0, 1]. */
    double p = x / n;
    if (p < l3) *sig = FP_FUNNEL_LOW_3S;
    else if (p < l2) *sig = FP_FUNNEL_LOW_2S;
    else if (p > u3) *sig = FP_FUNNEL_HIGH_3S;
    else if (p > u2) *sig = FP_FUNNEL_HIGH_2S;
    else *sig = FP_FUNNEL_NOT_SIGNIFICANT;
    return FP_OK;
}

int fp_funnel_ratio_sig(double observed, double expected, fp_funnel_sig *sig)
{
    fp_ci c2, c3;
    if (!sig) FP_ERROR(FP_EINVAL);
    *sig = FP_FUNNEL_NOT_APPLICABLE;
    int st = fp_isr_ci(observed, expected, 1.0, 0.95, &c2);
    if (st != FP_OK) return st;
    st = fp_isr_ci(observed, expected, 1.0, 0.998, &c3);
    if (st != FP_OK) return st;
    if (1.0 < c3.lower) *sig = FP_FUNNEL_HIGH_3S;
    else if (1.0 < c2.lower) *sig = FP_FUNNEL_HIGH_2S;
    else if (1.0 > c3.upper) *sig = FP_FUNNEL_LOW_3S;
    else if (1.0 > c2.upper) *sig = FP_FUNNEL_LOW_2S;
    else *sig = FP_FUNNEL_NOT_SIGNIFICANT;
    return FP_OK;
}
