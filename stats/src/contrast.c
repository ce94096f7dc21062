/* contrast.c -- comparing two areas that both have counts: difference and
 * ratio of two proportions or two rates, with a confidence interval and a
 * two-sided p-value.
 *
 * Methods and references (docs/methods.md):
 *  - difference of proportions: Newcombe's hybrid score interval (Newcombe
 *    RG (1998) "Interval estimation for the difference between independent
 *    proportions", Statistics in Medicine 17:873-890, method 10); p-value of
 *    the pooled z test (R prop.test(correct = FALSE)).
 *  - ratio of proportions: Katz et al. (1978) log interval (epitools
 *    riskratio(method = "wald")); the same z-test p-value.
 *  - ratio of rates: exact conditional binomial interval and test (R
 *    poisson.test with two samples; Armitage, Berry & Matthews 2002, 5.6).
 *  - difference of rates: Wald interval and z test. */
#include "fp_internal.h"
#include "rates_internal.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

static int contrast_fail(fp_contrast *out, fp_ci_method m, double level, int status,
                         const char *reason)
{
    out->estimate = out->lower = out->upper = out->p_value = NAN;
    out->level = level;
    out->method = m;
    out->status = status;
    out->reason = reason;
    FP_ERROR(status);
}

static void contrast_set(fp_contrast *out, fp_ci_method m, double level, double est,
                         double lower, double upper, double p)
{
    out->estimate = est;
    out->lower = lower;
    out->upper = upper;
    out->p_value = p > 1.0 ? 1.0 : p;
    out->level = level;
    out->method = m;
    out->status = FP_OK;
    out->reason = "";
}

/* Checks one area's proportion through fp_proportion_ci so the reasons are
 * the same; on success fills the Wilson limits (fractions). */
static int one_proportion(double x, double n, double level, fp_ci *ci)
{
    return fp_proportion_ci(x, n, 1.0, level, ci);
}

/* Two-sided p-value of the pooled two-sample z test of p1 = p2
 * (= R prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value). 1 when
 * the pooled proportion is 0 or 1 (no variation: R gives NaN). */
static double pooled_z_p(double x1, double n1, double x2, double n2)
{
    double p = (x1 + x2) / (n1 + n2);
    double se = sqrt(p * (1.0 - p) * (1.0 / n1 + 1.0 / n2));
    if (!(se > 0.0)) return 1.0;
    double z = fabs(x1 / n1 - x2 / n2) / se;
    return 2.0 * gsl_cdf_ugaussian_Q(z);
}

int fp_proportion_diff(double x1, double n1, double x2, double n2,
                       double multiplier, double level, fp_contrast *out)
{
    fp_ci a, b;
    if (!out) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level) || !(multiplier > 0.0) || isinf(multiplier))
        return contrast_fail(out, FP_CI_NEWCOMBE, level, FP_EINVAL, "invalid level or multiplier");
    if (one_proportion(x1, n1, level, &a) != FP_OK)
        return contrast_fail(out, FP_CI_NEWCOMBE, level, a.status, a.reason);
    if (one_proportion(x2, n2, level, &b) != FP_OK)
        return contrast_fail(out, FP_CI_NEWCOMBE, level, b.status, b.reason);
    double p1 = a.value, p2 = b.value, d = p1 - p2;
    double lo = d - sqrt((p1 - a.lower) * (p1 - a.lower) + (b.upper - p2) * (b.upper - p2));
    double hi = d + sqrt((a.upper - p1) * (a.upper - p1) + (p2 - b.lower) * (p2 - b.lower));
    contrast_set(out, FP_CI_NEWCOMBE, level, d * multiplier, lo * multiplier, hi * multiplier,
                 pooled_z_p(x1, n1, x2, n2));
    return FP_OK;
}

int fp_proportion_ratio(double x1, double n1, double x2, double n2,
                        double level, fp_contrast *out)
{
    fp_ci a, b;
    if (!out) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level))
        return contrast_fail(out, FP_CI_KATZ_LOG, level, FP_EINVAL, "invalid confidence level");
    if (one_proportion(x1, n1, level, &a) != FP_OK)
        return contrast_fail(out, FP_CI_KATZ_LOG, level, a.status, a.reason);
    if (one_proportion(x2, n2, level, &b) != FP_OK)
        return contrast_fail(out, FP_CI_KATZ_LOG, level, b.status, b.reason);
    double p = pooled_z_p(x1, n1, x2, n2);
    if (x1 == 0.0 && x2 == 0.0)
        return contrast_fail(out, FP_CI_KATZ_LOG, level, FP_ENODATA, "both counts are zero");
    if (x1 == 0.0 || x2 == 0.0) {
        contrast_fail(out, FP_CI_KATZ_LOG, level, FP_ERANGE,
                      "a count is zero: the log interval is undefined");
        out->estimate = x1 == 0.0 ? 0.0 : INFINITY;
        out->p_value = p;
        FP_ERROR(FP_ERANGE);
    }
    double rr = (x1 / n1) / (x2 / n2);
    double se = sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2);
    double z = fp_level_z(level);
    contrast_set(out, FP_CI_KATZ_LOG, level, rr, rr * exp(-z * se), rr * exp(z * se), p);
    return FP_OK;
}

/* log of the binomial probability of k successes in n trials (0 < p < 1). */
static double log_dbinom(double k, double n, double p)
{
    return gsl_sf_lnchoose((unsigned)n, (unsigned)k) + k * log(p) + (n - k) * log1p(-p);
}

/* Two-sided p-value of the exact binomial test of x successes in n trials
 * against p, as R's binom.test: the total probability of the outcomes no
 * more likely than x (relative tolerance 1e-7). The pmf is non-increasing
 * above n p and non-decreasing below it, so the count of outcomes on the
 * other side is found by bisection rather than by summing all of them. */
static double binom_test_p(double x, double n, double p)
{
    double m = n * p;
    if (x == m) return 1.0;
    double ld = log_dbinom(x, n, p) + log1p(1e-7);
    if (x < m) {
        /* Smallest i in [ceil(m), n] with pmf(i) <= d; y = n - i + 1 of them. */
        double lo = ceil(m), hi = n + 1.0;   /* answer in [lo, hi] */
        while (lo < hi) {
            double mid = floor((lo + hi) / 2.0);
            if (log_dbinom(mid, n, p) <= ld) hi = mid; else lo = mid + 1.0;
        }
        double r, le, gt;
        fp__binomial_tails(x, n, p, &r, &gt);
        if (lo <= n) { fp__binomial_tails(lo - 1.0, n, p, &le, &gt); r += gt; }
        return r > 1.0 ? 1.0 : r;
    }
    /* Largest i in [0, floor(m)] with pmf(i) <= d; y = i + 1 of them. */
    double lo = -1.0, hi = floor(m);   /* answer in [lo, hi], -1 = none */
    while (lo < hi) {
        double mid = ceil((lo + hi) / 2.0);
        if (log_dbinom(mid, n, p) <= ld) lo = mid; else hi = mid - 1.0;
    }
    double r, le, gt;
    fp__binomial_tails(x - 1.0, n, p, &le, &r);
    if (lo >= 0.0) { fp__binomial_tails(lo, n, p, &le, &gt); r += le; }
    return r > 1.0 ? 1.0 : r;
}

static int whole(double x)
{
    return x == floor(x) && x <= 4294967295.0;
}

int fp_rate_ratio(double x1, double t1, double x2, double t2, double level, fp_contrast *out)
{
    const fp_ci_method M = FP_CI_EXACT_CONDITIONAL;
    if (!out) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level))
        return contrast_fail(out, M, level, FP_EINVAL, "invalid confidence level");
    if (isnan(t1) || isnan(t2) || t1 == 0.0 || t2 == 0.0)
        return contrast_fail(out, M, level, FP_EZERODIV, "zero or missing denominator");
    if (isnan(x1) || isnan(x2))
        return contrast_fail(out, M, level, FP_ENODATA, "missing numerator");
    if (x1 < 0.0 || x2 < 0.0 || t1 < 0.0 || t2 < 0.0 || isinf(t1) || isinf(t2))
        return contrast_fail(out, M, level, FP_EDOM, "negative or infinite input");
    if (!whole(x1) || !whole(x2) || !whole(x1 + x2))
        return contrast_fail(out, M, level, FP_EDOM, "counts must be whole numbers");
    double n = x1 + x2;
    if (n == 0.0)
        return contrast_fail(out, M, level, FP_ENODATA, "both counts are zero");
    double a = (1.0 - level) / 2.0;
    double pi0 = t1 / (t1 + t2);
    double pv = binom_test_p(x1, n, pi0);
    /* Clopper-Pearson limits of x1 out of n, turned into rate ratios. */
    double pl = x1 > 0.0 ? fp__beta_Pinv(a, x1, n - x1 + 1.0) : 0.0;
    double pu = x1 < n ? fp__beta_Pinv(1.0 - a, x1 + 1.0, n - x1) : 1.0;
    double k = t2 / t1;
    double lo = pl / (1.0 - pl) * k;
    if (x2 == 0.0) {
        contrast_set(out, M, level, INFINITY, lo, INFINITY, pv);
        out->status = FP_ERANGE;
        out->reason = "second count is zero: the ratio is infinite";
        FP_ERROR(FP_ERANGE);
    }
    double hi = pu / (1.0 - pu) * k;
    contrast_set(out, M, level, (x1 / t1) / (x2 / t2), lo, hi, pv);
    return FP_OK;
}

int fp_rate_diff(double x1, double t1, double x2, double t2, double multiplier,
                 double level, fp_contrast *out)
{
    const fp_ci_method M = FP_CI_WALD;
    if (!out) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level) || !(multiplier > 0.0) || isinf(multiplier))
        return contrast_fail(out, M, level, FP_EINVAL, "invalid level or multiplier");
    if (isnan(t1) || isnan(t2) || t1 == 0.0 || t2 == 0.0)
        return contrast_fail(out, M, level, FP_EZERODIV, "zero or missing denominator");
    if (isnan(x1) || isnan(x2))
        return contrast_fail(out, M, level, FP_ENODATA, "missing numerator");
    if (x1 < 0.0 || x2 < 0.0 || t1 < 0.0 || t2 < 0.0 || isinf(x1) || isinf(x2)
        || isinf(t1) || isinf(t2))
        return contrast_fail(out, M, level, FP_EDOM, "negative or infinite input");
    if (x1 == 0.0 && x2 == 0.0)
        return contrast_fail(out, M, level, FP_ENODATA, "both counts are zero");
    double d = x1 / t1 - x2 / t2;
    double se = sqrt(x1 / (t1 * t1) + x2 / (t2 * t2));
    double z = fp_level_z(level);
    double p = 2.0 * gsl_cdf_ugaussian_Q(fabs(d) / se);
    contrast_set(out, M, level, d * multiplier, (d - z * se) * multiplier,
                 (d + z * se) * multiplier, p);
    return FP_OK;
}
