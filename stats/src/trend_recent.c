/* trend_recent.c -- the Fingertips recent trend (OHID trend markers) and the
 * chi-squared test for trend in proportions.
 *
 * Matches PHEindicatormethods::assign_trend_markers (trend-marker branch,
 * 2025) and the Fingertips technical guidance "Trend markers": the last five
 * points, weighted least squares of value on time with weights 1/SE^2, the
 * statistic (slope / SE(slope))^2 against chi2(1) at 99.8% (9.5495), and a
 * significant slope is reported only if it keeps its sign when each point in
 * turn is left out. For proportions with counts, the Cochran-Armitage test
 * (R prop.trend.test). Unlike OHID's implementation this never labels a
 * series without confidence intervals "no change": it says why it cannot be
 * calculated, and the proportion branch always sets the slope. */
#include "trend_internal.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

int fp_trend_prop_test(const double *x, const double *n, const double *score,
                       size_t k, double *chi2, double *p_value)
{
    if (!x || !n || !chi2) FP_ERROR(FP_EINVAL);
    if (k < 2) FP_ERROR(FP_ENODATA);
    double sx = 0, sn = 0;
    for (size_t i = 0; i < k; i++) {
        if (!(n[i] > 0) || !(x[i] >= 0) || x[i] > n[i]) FP_ERROR(FP_EDOM);
        sx += x[i];
        sn += n[i];
    }
    /* prop.trend.test is the regression of x/n on the score, weighted by
     * n / (pbar (1 - pbar)): chi2 = (sum (x_i - n_i pbar) s_i)^2 /
     * (pbar (1 - pbar) (sum n_i s_i^2 - (sum n_i s_i)^2 / N)). */
    double pbar = sx / sn;
    double sns = 0, sns2 = 0, num = 0;
    for (size_t i = 0; i < k; i++) {
        double s = score ? score[i] : (double)(i + 1);
        sns += n[i] * s;
        sns2 += n[i] * s * s;
        num += (x[i] - n[i] * pbar) * s;
    }
    double sxx = sns2 - sns * sns / sn;
    double v = pbar * (1 - pbar) * sxx;
    if (!(v > 0)) FP_ERROR(FP_ENODATA);
    *chi2 = num * num / v;
    if (p_value) *p_value = gsl_cdf_chisq_Q(*chi2, 1.0);
    return FP_OK;
}

/* Slope and chi-squared of the weighted regression of v on t with weights w. */
static void wls_slope(const double *t, const double *v, const double *w, size_t k,
                      double *slope, double *chi2)
{
    double sw = 0, swt = 0, swv = 0;
    for (size_t i = 0; i < k; i++) { sw += w[i]; swt += w[i] * t[i]; swv += w[i] * v[i]; }
    double tb = swt / sw, vb = swv / sw, sxx = 0, sxy = 0;
    for (size_t i = 0; i < k; i++) {
        sxx += w[i] * (t[i] - tb) * (t[i] - tb);
        sxy += w[i] * (t[i] - tb) * (v[i] - vb);
    }
    *slope = sxy / sxx;
    if (chi2) *chi2 = (*slope) * (*slope) * sxx;
}

/* Unweighted least-squares slope of y on t (the logit gradient
 * PHEindicatormethods reports for proportions). */
static double ols_slope(const double *t, const double *y, size_t k)
{
    double tb = 0, yb = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < k; i++) { tb += t[i]; yb += y[i]; }
    tb /= (double)k; yb /= (double)k;
    for (size_t i = 0; i < k; i++) {
        sxx += (t[i] - tb) * (t[i] - tb);
        sxy += (t[i] - tb) * (y[i] - yb);
    }
    return sxy / sxx;
}

static int sgn(double x) { return (x > 0) - (x < 0); }

/* The direction of a proportion series: the least-squares slope of the
 * logit when every proportion is strictly between 0 and 1, otherwise the
 * sign of the Cochran-Armitage numerator sum (x_i - n_i pbar)(s_i - sbar). */
static double prop_slope(const double *t, const double *x, const double *n, size_t k)
{
    double lg[64];
    int finite = 1;
    for (size_t i = 0; i < k; i++) {
        double p = x[i] / n[i];
        if (!(p > 0 && p < 1)) { finite = 0; break; }
        lg[i] = log(p / (1 - p));
    }
    if (finite) return ols_slope(t, lg, k);
    double sx = 0, sn = 0, sns = 0, num = 0;
    for (size_t i = 0; i < k; i++) { sx += x[i]; sn += n[i]; sns += n[i] * t[i]; }
    for (size_t i = 0; i < k; i++) num += (x[i] - n[i] * sx / sn) * (t[i] - sns / sn);
    return num > 0 ? HUGE_VAL : (num < 0 ? -HUGE_VAL : 0.0);
}

/* The test opts->recent_test asks for, FP_RECENT_AUTO resolved by what the
 * series has (counts and denominators of a proportion, limits, counts and
 * values). -1 with out->reason set when nothing fits. */
static int recent_test_of(const fp_trend_series *s, const fp_trend_options *opts,
                          fp_recent_trend *out)
{
    fp_recent_test test = opts->recent_test;
    if (test == FP_RECENT_AUTO) {
        if (opts->proportion && s->count && s->denom) test = FP_RECENT_PROPORTION;
        else if (s->lower && s->upper) test = FP_RECENT_WLS_CI;
        else if (s->count && s->value) test = FP_RECENT_WLS_COUNT;
        else { out->reason = s->value ? FP_TREND_REASON_MISSING_CI : FP_TREND_REASON_MISSING_VALUE; return -1; }
    }
    return (int)test;
}

/* The chi-squared test for trend in proportions on the k points from f
 * (times t), and the leave-one-out check of the slope's sign. */
static int recent_proportion(const fp_trend_series *s, const fp_trend_options *opts,
                             const double *t, size_t k, size_t f, fp_recent_trend *out)
{
    double x[64], d[64];
    if (!s->count || !s->denom) { out->reason = FP_TREND_REASON_MISSING_COUNT; return FP_OK; }
    for (size_t i = 0; i < k; i++) {
        x[i] = s->count[f + i];
        d[i] = s->denom[f + i];
        if (isnan(x[i]) || isnan(d[i])) { out->reason = FP_TREND_REASON_MISSING_VALUE; return FP_OK; }
    }
    for (size_t i = 0; i < k; i++) {
        if (d[i] == 0) { out->reason = FP_TREND_REASON_ZERO_DENOMINATOR; return FP_OK; }
        if (x[i] < 0 || d[i] < 0 || x[i] > d[i]) { out->reason = FP_TREND_REASON_INVALID_COUNT; return FP_OK; }
    }
    double chi2, p;
    if (fp_trend_prop_test(x, d, t, k, &chi2, &p) != FP_OK) {
        out->reason = FP_TREND_REASON_DEGENERATE;
        return FP_OK;
    }
    double b = prop_slope(t, x, d, k);
    out->statistic = chi2;
    out->p_value = p;
    out->slope = isinf(b) ? NAN : b;
    out->direction = FP_TREND_NO_CHANGE;
    if (!(chi2 > opts->recent_critical)) return FP_OK;
    for (size_t j = 0; j < k; j++) {
        double tt[64], xx[64], dd[64];
        size_t m = 0;
        for (size_t i = 0; i < k; i++)
            if (i != j) { tt[m] = t[i]; xx[m] = x[i]; dd[m] = d[i]; m++; }
        if (sgn(prop_slope(tt, xx, dd, m)) != sgn(b)) {
            out->reason = FP_TREND_REASON_OUTLIER;
            return FP_OK;
        }
    }
    out->direction = b > 0 ? FP_TREND_INCREASING : FP_TREND_DECREASING;
    return FP_OK;
}

/* The values v and weights w (1 / SE^2) of the k points from f: the SE from
 * the 95% limits (FP_RECENT_WLS_CI) or, for a rate, value / sqrt(count).
 * 0, or 1 with out->reason set. */
static int recent_weights(const fp_trend_series *s, const fp_trend_options *opts,
                          fp_recent_test test, size_t k, size_t f, double *v, double *w,
                          fp_recent_trend *out)
{
    if (!s->value) { out->reason = FP_TREND_REASON_MISSING_VALUE; return 1; }
    for (size_t i = 0; i < k; i++) {
        v[i] = s->value[f + i];
        if (isnan(v[i])) { out->reason = FP_TREND_REASON_MISSING_VALUE; return 1; }
    }
    if (test == FP_RECENT_WLS_CI) {
        if (!s->lower || !s->upper) { out->reason = FP_TREND_REASON_MISSING_CI; return 1; }
        double div = opts->recent_se == FP_RECENT_SE_Z ? 2 * 1.959964 : 3.92;
        for (size_t i = 0; i < k; i++)
            if (isnan(s->lower[f + i]) || isnan(s->upper[f + i])) {
                out->reason = FP_TREND_REASON_MISSING_CI;
                return 1;
            }
        for (size_t i = 0; i < k; i++) {
            double se = (s->upper[f + i] - s->lower[f + i]) / div;
            if (!(se > 0) || isinf(se)) { out->reason = FP_TREND_REASON_ZERO_WIDTH_CI; return 1; }
            w[i] = 1 / (se * se);
        }
        return 0;
    }
    if (!s->count) { out->reason = FP_TREND_REASON_MISSING_COUNT; return 1; }
    for (size_t i = 0; i < k; i++) {
        double c = s->count[f + i];
        if (isnan(c)) { out->reason = FP_TREND_REASON_MISSING_VALUE; return 1; }
        if (!(c > 0)) { out->reason = FP_TREND_REASON_INVALID_COUNT; return 1; }
        /* Poisson: SE of a rate r = r / sqrt(count). */
        double se = fabs(v[i]) / sqrt(c);
        if (!(se > 0)) { out->reason = FP_TREND_REASON_ZERO_WIDTH_CI; return 1; }
        w[i] = 1 / (se * se);
    }
    return 0;
}

/* The weighted regression's slope and chi-squared, and the leave-one-out
 * check of the slope's sign. */
static void recent_wls(const fp_trend_options *opts, const double *t, const double *v,
                       const double *w, size_t k, fp_recent_trend *out)
{
    double b, chi2;
    wls_slope(t, v, w, k, &b, &chi2);
    out->slope = b;
    out->statistic = chi2;
    out->p_value = gsl_cdf_chisq_Q(chi2, 1.0);
    out->direction = FP_TREND_NO_CHANGE;
    if (!(chi2 > opts->recent_critical)) return;
    for (size_t j = 0; j < k; j++) {
        double tt[64], vv[64], ww[64], bj;
        size_t m = 0;
        for (size_t i = 0; i < k; i++)
            if (i != j) { tt[m] = t[i]; vv[m] = v[i]; ww[m] = w[i]; m++; }
        wls_slope(tt, vv, ww, m, &bj, NULL);
        if (sgn(bj) != sgn(b)) { out->reason = FP_TREND_REASON_OUTLIER; return; }
    }
    out->direction = b > 0 ? FP_TREND_INCREASING : FP_TREND_DECREASING;
}

int fp_trend_recent(const fp_trend_series *s, const fp_trend_options *opts,
                    fp_recent_trend *out)
{
    fp_trend_options def;
    if (!s || !out || (s->n > 0 && !s->t)) FP_ERROR(FP_EINVAL);
    if (!opts) { fp_trend_options_default(&def); opts = &def; }
    size_t k = opts->recent_points;
    if (k < 3 || k > 64) FP_ERROR(FP_EINVAL);

    memset(out, 0, sizeof *out);
    out->direction = FP_TREND_NOT_CALCULATED;
    out->statistic = out->p_value = out->slope = NAN;
    out->test = opts->recent_test;

    for (size_t i = 0; i + 1 < s->n; i++)
        if (!(s->t[i + 1] > s->t[i])) { out->reason = FP_TREND_REASON_DUPLICATE_TIME; return FP_OK; }
    if (s->n < k) { out->reason = FP_TREND_REASON_TOO_FEW_POINTS; out->n = s->n; return FP_OK; }
    out->first = s->n - k;
    out->n = k;

    int test = recent_test_of(s, opts, out);
    if (test < 0) return FP_OK;
    out->test = (fp_recent_test)test;

    const size_t f = out->first;
    double t[64], v[64], w[64];
    for (size_t i = 0; i < k; i++) {
        if (!opts->join_gaps && i > 0 && s->t[f + i] - s->t[f + i - 1] != 1.0) {
            out->reason = FP_TREND_REASON_GAP;
            return FP_OK;
        }
        /* With join_gaps the points are scored 1..k as if consecutive. */
        t[i] = opts->join_gaps ? (double)(i + 1) : s->t[f + i] - s->t[f];
    }
    if (test == FP_RECENT_PROPORTION) return recent_proportion(s, opts, t, k, f, out);
    if (recent_weights(s, opts, (fp_recent_test)test, k, f, v, w, out)) return FP_OK;
    recent_wls(opts, t, v, w, k, out);
    return FP_OK;
}
