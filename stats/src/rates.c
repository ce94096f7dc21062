/* rates.c -- confidence intervals for proportions, crude rates and means.
 *
 * The methods are those of the Fingertips technical guidance and match
 * PHEindicatormethods (phe_proportion, phe_rate, phe_mean, byars_lower/upper,
 * wilson_lower/upper). Formulas and references: docs/methods.md, section
 * "Rates, proportions, means and standardised rates". */
#include "fp_internal.h"
#include "rates_internal.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

/* ------------------------------------------------------------ names */

const char *fp_ci_method_name(fp_ci_method method)
{
    switch (method) {
    case FP_CI_NONE: return "";
    case FP_CI_WILSON: return "Wilson";
    case FP_CI_CLOPPER_PEARSON: return "Clopper-Pearson";
    case FP_CI_BYARS: return "Byars";
    case FP_CI_EXACT: return "Exact";
    case FP_CI_STUDENT_T: return "Student's t-distribution";
    case FP_CI_DOBSON: return "Dobson";
    case FP_CI_NEWCOMBE: return "Newcombe";
    case FP_CI_KATZ_LOG: return "Katz log";
    case FP_CI_EXACT_CONDITIONAL: return "Exact conditional";
    case FP_CI_WALD: return "Wald";
    case FP_CI_DOBSON_NONINDEPENDENT:
        return "Dobson, with confidence adjusted for non-independent events";
    }
    return "";
}

const char *fp_ci_reason(const fp_ci *ci)
{
    if (!ci || !ci->reason) return "";
    return ci->reason;
}

/* Set every field of a failed interval and return its status, through
 * FP_ERROR so one breakpoint catches every failure. */
int fp__ci_fail(fp_ci *ci, fp_ci_method method, double level, int status, const char *reason)
{
    ci->value = ci->lower = ci->upper = NAN;
    ci->level = level;
    ci->method = method;
    ci->status = status;
    ci->reason = reason;
    FP_ERROR(status);
}

static int ci_ok(fp_ci *ci, fp_ci_method method, double level,
                 double value, double lower, double upper)
{
    ci->value = value;
    ci->lower = lower;
    ci->upper = upper;
    ci->level = level;
    ci->method = method;
    ci->status = FP_OK;
    ci->reason = "";
    return FP_OK;
}

/* ------------------------------------------------------------ levels */

int fp__level_valid(double level)
{
    return level > 0.0 && level < 1.0;   /* false for NaN too */
}

double fp_level_z(double level)
{
    if (!fp__level_valid(level)) return NAN;
    return gsl_cdf_ugaussian_Pinv(level + (1.0 - level) / 2.0);
}

/* One step of the safeguarded Newton searches below (gamma_Pinv,
 * fp__beta_Pinv): the Newton iterate nt when it stays inside the bracket
 * (lo, hi), else a bisection of the bracket -- doubling while it has no
 * upper end, geometric while it spans orders of magnitude. *converged is
 * set when the Newton step moved less than 1e-15 relative. */
static double safeguarded_step(double t, double nt, double lo, double hi, int *converged)
{
    *converged = 0;
    if (nt > lo && nt < hi) {
        *converged = fabs(nt - t) <= 1e-15 * t;
        return nt;
    }
    if (isinf(hi)) return 2.0 * lo;
    if (lo == 0.0) return hi / 64.0;
    if (hi > 4.0 * lo) return sqrt(lo * hi);
    return 0.5 * (lo + hi);
}

/* The p quantile of the gamma(k, 1) distribution, k > 0, 0 < p < 1: a
 * safeguarded Newton iteration on P(k, t) = p (GSL's gsl_sf_gamma_inc_P)
 * from the Wilson-Hilferty start, keeping a bracket and bisecting
 * (geometrically while it spans orders of magnitude) whenever a Newton step
 * leaves it -- the same scheme as fp__beta_Pinv below. qchisq(p, 2x) / 2 =
 * qgamma(p, x), so this gives the exact Poisson limits. It replaces
 * gsl_cdf_chisq_Pinv, which fails to converge for some large degrees of
 * freedom (2x from about 2,000, in scattered ranges: NaN, and a call to the
 * GSL error handler, which aborts unless the caller turned it off), and for
 * counts in the millions returns finite but wrong upper limits (x =
 * 56,956,590: 56,970,715.89 where R's qchisq gives 56,971,383.72). Agrees
 * with R's qchisq to about 1e-13 from x = 0.01 to 2e8 (tests/unit/
 * test_rates.c, exact_poisson_large_r). */
static double gamma_Pinv(double p, double k)
{
    double z = gsl_cdf_ugaussian_Pinv(p);
    double c = 1.0 - 1.0 / (9.0 * k) + z / (3.0 * sqrt(k));
    double t = k * c * c * c;
    if (!(t > 0.0) || !isfinite(t)) t = k;
    double lo = 0.0, hi = INFINITY, lg = gsl_sf_lngamma(k);
    for (int i = 0; i < 2000; i++) {
        double f = gsl_sf_gamma_inc_P(k, t) - p;
        if (f < 0.0) lo = t; else hi = t;
        if (f == 0.0 || (isfinite(hi) && hi - lo <= 1e-15 * hi)) break;
        double dens = exp((k - 1.0) * log(t) - t - lg);
        int converged;
        t = safeguarded_step(t, dens > 0.0 ? t - f / dens : NAN, lo, hi, &converged);
        if (converged) break;
    }
    return t;
}

/* Exact Poisson lower limit factor qchisq(alpha/2, 2x)/2; R's qchisq(p, 0)
 * is 0 (a gamma with shape 0 is a point mass at 0), so x = 0 is
 * special-cased. */
double fp__exact_lower(double x, double level)
{
    if (x <= 0.0) return 0.0;
    return gamma_Pinv((1.0 - level) / 2.0, x);
}

/* Exact Poisson upper limit factor qchisq(1 - alpha/2, 2x + 2)/2. */
double fp__exact_upper(double x, double level)
{
    return gamma_Pinv(level + (1.0 - level) / 2.0, x + 1.0);
}

int fp_level_init(fp_level *lv, double level)
{
    if (!lv || !fp__level_valid(level)) FP_ERROR(FP_EINVAL);
    lv->level = level;
    lv->z = fp_level_z(level);
    for (int x = 0; x < FP_EXACT_BELOW; x++) {
        lv->exact_lower[x] = fp__exact_lower(x, level);
        lv->exact_upper[x] = fp__exact_upper(x, level);
    }
    return FP_OK;
}

/* The p quantile of the beta(a, b) distribution, a, b > 0, 0 < p < 1.
 * gsl_cdf_beta_Pinv fails to converge for large parameters (beta(1045,
 * 3956) at 0.999), so this is a safeguarded Newton iteration on
 * I_x(a, b) = p (fp__beta_inc, beta_inc.c) from a normal-approximation start,
 * keeping a bracket and falling back to bisection (geometric while the
 * bracket spans orders of magnitude) whenever a Newton step leaves it. */
double fp__beta_Pinv(double p, double a, double b)
{
    double lo = 0.0, hi = 1.0;
    double mean = a / (a + b);
    double sd = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
    double x = mean + gsl_cdf_ugaussian_Pinv(p) * sd;
    if (!(x > 0.0 && x < 1.0)) x = mean;
    for (int i = 0; i < 2000; i++) {
        double P, Q;
        fp__beta_inc(a, b, x, &P, &Q);
        /* In the upper tail the complement keeps the relative accuracy. */
        double f = p <= 0.5 ? P - p : (1.0 - p) - Q;
        if (isnan(f)) return NAN;
        if (f < 0.0) lo = x; else hi = x;
        if (f == 0.0 || hi - lo <= 1e-15 * hi) break;
        double dens = fp__beta_density(a, b, x);
        int converged;
        x = safeguarded_step(x, dens > 0.0 ? x - f / dens : NAN, lo, hi, &converged);
        if (converged) break;
        if (x <= lo || x >= hi) { x = 0.5 * (lo + hi); if (x <= lo || x >= hi) break; }
    }
    return x;
}

/* ------------------------------------------------ bare limit functions */

/* Byar's limits for x > 0 with a given z; the lower may be negative. */
static inline void byars(double x, double z, double *lower, double *upper)
{
    double s = 3.0 * sqrt(x);
    double t = 1.0 - 1.0 / (9.0 * x) - z / s;
    *lower = x * t * t * t;
    double x1 = x + 1.0;
    double u = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * sqrt(x1));
    *upper = x1 * u * u * u;
}

int fp_byars_limits(double x, double level, double *lower, double *upper)
{
    if (!lower || !upper || !fp__level_valid(level)) FP_ERROR(FP_EINVAL);
    if (!(x >= 0.0) || isinf(x)) {
        *lower = *upper = NAN;
        FP_ERROR(FP_EDOM);
    }
    double z = fp_level_z(level);
    if (x == 0.0) {
        double u = 1.0 - 1.0 / 9.0 + z / 3.0;
        *lower = NAN;
        *upper = u * u * u;
        FP_ERROR(FP_ERANGE);
    }
    byars(x, z, lower, upper);
    if (*lower < 0.0) {
        /* PHEindicatormethods reports a negative Byar's lower limit as NA. */
        *lower = NAN;
        FP_ERROR(FP_ERANGE);
    }
    return FP_OK;
}

/* Wilson score limits as fractions for 0 <= x <= n, n > 0. */
static inline void wilson(double x, double n, double z, double *lower, double *upper)
{
    double z2 = z * z;
    double a = 2.0 * x + z2;
    double b = z * sqrt(z2 + 4.0 * x * (1.0 - x / n));
    double d = 2.0 * (n + z2);
    *lower = x > 0.0 ? (a - b) / d : 0.0;
    *upper = x < n ? (a + b) / d : 1.0;
}

/* Domain checks shared by the proportion functions; returns FP_OK or a
 * status and sets *reason. */
static int proportion_check(double x, double n, const char **reason)
{
    if (isnan(n) || n == 0.0) { *reason = "zero or missing denominator"; return FP_EZERODIV; }
    if (isnan(x)) { *reason = "missing numerator"; return FP_ENODATA; }
    if (x < 0.0 || n < 0.0) { *reason = "negative input"; return FP_EDOM; }
    if (isinf(x) || isinf(n)) { *reason = "infinite input"; return FP_EDOM; }
    if (x > n) { *reason = "numerator above denominator"; return FP_EDOM; }
    return FP_OK;
}

int fp_wilson_limits(double x, double n, double level, double *lower, double *upper)
{
    const char *reason;
    if (!lower || !upper || !fp__level_valid(level)) FP_ERROR(FP_EINVAL);
    int st = proportion_check(x, n, &reason);
    if (st != FP_OK) {
        *lower = *upper = NAN;
        FP_ERROR(st);
    }
    wilson(x, n, fp_level_z(level), lower, upper);
    return FP_OK;
}

int fp_exact_poisson_limits(double x, double level, double *lower, double *upper)
{
    if (!lower || !upper || !fp__level_valid(level)) FP_ERROR(FP_EINVAL);
    if (!(x >= 0.0) || isinf(x)) {
        *lower = *upper = NAN;
        FP_ERROR(FP_EDOM);
    }
    *lower = fp__exact_lower(x, level);
    *upper = fp__exact_upper(x, level);
    return FP_OK;
}

/* ------------------------------------------------------ proportions */

static int multiplier_ok(double m)
{
    return m > 0.0 && !isinf(m);
}

int fp_proportion_ci_lv(double x, double n, double multiplier, const fp_level *lv, fp_ci *ci)
{
    const char *reason;
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!lv || !fp__level_valid(lv->level) || !multiplier_ok(multiplier))
        return fp__ci_fail(ci, FP_CI_WILSON, lv ? lv->level : NAN, FP_EINVAL,
                           "invalid level or multiplier");
    int st = proportion_check(x, n, &reason);
    if (st != FP_OK) return fp__ci_fail(ci, FP_CI_WILSON, lv->level, st, reason);
    double lo, hi;
    wilson(x, n, lv->z, &lo, &hi);
    return ci_ok(ci, FP_CI_WILSON, lv->level, x / n * multiplier, lo * multiplier, hi * multiplier);
}

int fp_proportion_ci(double x, double n, double multiplier, double level, fp_ci *ci)
{
    fp_level lv;
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level))
        return fp__ci_fail(ci, FP_CI_WILSON, level, FP_EINVAL, "invalid confidence level");
    /* Only z is needed: avoid the chi-squared table of fp_level_init. */
    lv.level = level;
    lv.z = fp_level_z(level);
    return fp_proportion_ci_lv(x, n, multiplier, &lv, ci);
}

int fp_proportion_ci_exact(double x, double n, double multiplier, double level, fp_ci *ci)
{
    const char *reason;
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level) || !multiplier_ok(multiplier))
        return fp__ci_fail(ci, FP_CI_CLOPPER_PEARSON, level, FP_EINVAL,
                           "invalid level or multiplier");
    int st = proportion_check(x, n, &reason);
    if (st != FP_OK) return fp__ci_fail(ci, FP_CI_CLOPPER_PEARSON, level, st, reason);
    double a = (1.0 - level) / 2.0;
    double lo = x > 0.0 ? fp__beta_Pinv(a, x, n - x + 1.0) : 0.0;
    double hi = x < n ? fp__beta_Pinv(1.0 - a, x + 1.0, n - x) : 1.0;
    return ci_ok(ci, FP_CI_CLOPPER_PEARSON, level, x / n * multiplier,
                 lo * multiplier, hi * multiplier);
}

int fp_proportion_ci_array(const double *x, const double *denom, size_t n,
                           double multiplier, const fp_level *lv, fp_ci *out)
{
    if ((n && (!x || !denom || !out)) || !lv) FP_ERROR(FP_EINVAL);
    for (size_t i = 0; i < n; i++) fp_proportion_ci_lv(x[i], denom[i], multiplier, lv, &out[i]);
    return FP_OK;
}

/* ------------------------------------------------------ crude rates */

static int rate_check(double x, double denom, const char **reason)
{
    if (isnan(denom) || denom == 0.0) { *reason = "zero or missing denominator"; return FP_EZERODIV; }
    if (isnan(x)) { *reason = "missing numerator"; return FP_ENODATA; }
    if (x < 0.0 || denom < 0.0) { *reason = "negative input"; return FP_EDOM; }
    if (isinf(x) || isinf(denom)) { *reason = "infinite input"; return FP_EDOM; }
    return FP_OK;
}

/* The method phe_rate would name for a count (none when it is missing). */
static fp_ci_method rate_method(double x)
{
    if (isnan(x)) return FP_CI_NONE;
    return x < FP_EXACT_BELOW ? FP_CI_EXACT : FP_CI_BYARS;
}

/* The limits of a count x >= 0 by phe_rate's rule: exact below 10, Byar's
 * from 10. Uses the cache of lv for whole counts. */
fp_ci_method fp__poisson_limits(double x, const fp_level *lv, double *lower, double *upper)
{
    if (x < FP_EXACT_BELOW) {
        int k = (int)x;
        if ((double)k == x) {
            *lower = lv->exact_lower[k];
            *upper = lv->exact_upper[k];
        } else {
            *lower = fp__exact_lower(x, lv->level);
            *upper = fp__exact_upper(x, lv->level);
        }
        return FP_CI_EXACT;
    }
    byars(x, lv->z, lower, upper);
    return FP_CI_BYARS;
}

int fp_rate_ci_lv(double x, double denom, double multiplier, const fp_level *lv, fp_ci *ci)
{
    const char *reason;
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!lv || !fp__level_valid(lv->level) || !multiplier_ok(multiplier))
        return fp__ci_fail(ci, FP_CI_NONE, lv ? lv->level : NAN, FP_EINVAL,
                           "invalid level or multiplier");
    int st = rate_check(x, denom, &reason);
    if (st != FP_OK)
        return fp__ci_fail(ci, rate_method(x), lv->level, st, reason);
    double lo, hi;
    fp_ci_method m = fp__poisson_limits(x, lv, &lo, &hi);
    double f = multiplier / denom;
    return ci_ok(ci, m, lv->level, x * f, lo * f, hi * f);
}

int fp_rate_ci(double x, double denom, double multiplier, double level, fp_ci *ci)
{
    fp_level lv;
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level))
        return fp__ci_fail(ci, FP_CI_NONE, level, FP_EINVAL, "invalid confidence level");
    const char *reason;
    if (!multiplier_ok(multiplier))
        return fp__ci_fail(ci, FP_CI_NONE, level, FP_EINVAL, "invalid multiplier");
    int st = rate_check(x, denom, &reason);
    if (st != FP_OK)
        return fp__ci_fail(ci, rate_method(x), level, st, reason);
    /* Compute only the quantiles this count needs. */
    lv.level = level;
    lv.z = fp_level_z(level);
    double lo, hi;
    fp_ci_method m;
    if (x < FP_EXACT_BELOW) {
        lo = fp__exact_lower(x, level);
        hi = fp__exact_upper(x, level);
        m = FP_CI_EXACT;
    } else {
        byars(x, lv.z, &lo, &hi);
        m = FP_CI_BYARS;
    }
    double f = multiplier / denom;
    return ci_ok(ci, m, level, x * f, lo * f, hi * f);
}

int fp_rate_ci_array(const double *x, const double *denom, size_t n,
                     double multiplier, const fp_level *lv, fp_ci *out)
{
    if ((n && (!x || !denom || !out)) || !lv) FP_ERROR(FP_EINVAL);
    for (size_t i = 0; i < n; i++) fp_rate_ci_lv(x[i], denom[i], multiplier, lv, &out[i]);
    return FP_OK;
}

/* ------------------------------------------------------------ means */

int fp_mean_ci(double sum, double count, double sd, double level, fp_ci *ci)
{
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level))
        return fp__ci_fail(ci, FP_CI_STUDENT_T, level, FP_EINVAL, "invalid confidence level");
    if (count == 1.0 && isfinite(sum)) {
        /* One value: the mean is that value, and there is no interval
         * (R's sd() of one value is NA and qt(p, 0) NaN, so
         * PHEindicatormethods' phe_mean returns the value with NA limits;
         * the standard deviation is then missing or meaningless and is
         * not looked at). */
        int st = fp__ci_fail(ci, FP_CI_STUDENT_T, level, FP_ENODATA,
                             "a single value: no interval");
        ci->value = sum;
        return st;
    }
    if (isnan(sum) || isnan(count) || isnan(sd))
        return fp__ci_fail(ci, FP_CI_STUDENT_T, level, FP_ENODATA, "missing input");
    if (isinf(sum) || isinf(count) || isinf(sd))
        return fp__ci_fail(ci, FP_CI_STUDENT_T, level, FP_EDOM, "infinite input");
    if (count < 0.0 || sd < 0.0)
        return fp__ci_fail(ci, FP_CI_STUDENT_T, level, FP_EDOM, "negative count or standard deviation");
    if (count < 2.0)
        return fp__ci_fail(ci, FP_CI_STUDENT_T, level, FP_ENODATA, "fewer than 2 values");
    double t = gsl_cdf_tdist_Pinv(level + (1.0 - level) / 2.0, count - 1.0);
    double mean = sum / count;
    double h = t * sd / sqrt(count);
    return ci_ok(ci, FP_CI_STUDENT_T, level, mean, mean - h, mean + h);
}
