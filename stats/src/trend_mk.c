/* trend_mk.c -- the Mann-Kendall trend test, Kendall's tau and Sen's slope.
 *
 * S, its tie-corrected variance, the continuity-corrected z and Sen's slope
 * with its confidence interval follow R's package trend (mk.test and
 * sens.slope, Pohlert); the exact p-value for untied series follows R's
 * cor.test(method = "kendall", exact = TRUE), which uses the exact null
 * distribution of Kendall's statistic (Kendall 1970, the recursion for the
 * number of permutations with a given number of inversions). */
#include "trend_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

int fp_trend_kendall_cdf(size_t n, double q, double *p)
{
    if (!p || n == 0 || n > 200) FP_ERROR(FP_EINVAL);
    size_t nmax = n * (n - 1) / 2;
    if (q < 0) { *p = 0; return FP_OK; }
    if (q >= (double)nmax) { *p = 1; return FP_OK; }
    double *a = malloc((nmax + 1) * sizeof *a), *c = malloc((nmax + 2) * sizeof *c);
    if (!a || !c) { free(a); free(c); FP_ERROR(FP_ENOMEM); }
    /* a[k] = P(k inversions) among m items; adding item m+1 adds 0..m
     * inversions uniformly: a'(k) = (1/(m+1)) sum_{j=0}^{min(k,m)} a(k-j),
     * done with prefix sums c. Probabilities rather than counts keep the
     * numbers in range for any n. */
    memset(a, 0, (nmax + 1) * sizeof *a);
    a[0] = 1;
    size_t top = 0;
    for (size_t m = 1; m < n; m++) {
        c[0] = 0;
        for (size_t k = 0; k <= top; k++) c[k + 1] = c[k] + a[k];
        size_t ntop = top + m;
        for (size_t k = 0; k <= ntop; k++) {
            size_t hi = k < top ? k : top;            /* a index upper bound */
            size_t lo = k > m ? k - m : 0;            /* a index lower bound */
            a[k] = lo <= hi ? (c[hi + 1] - c[lo]) / (double)(m + 1) : 0.0;
        }
        top = ntop;
    }
    /* The distribution is symmetric; T concordant pairs has the law of
     * the number of inversions. */
    size_t qi = (size_t)floor(q + 1e-9);
    double s = 0;
    for (size_t k = 0; k <= qi; k++) s += a[k];
    free(a);
    free(c);
    *p = s > 1 ? 1 : s;
    return FP_OK;
}

/* Sort doubles ascending (no NaN): quicksort with median-of-three pivots
 * and insertion sort for short runs; much faster than qsort() with a
 * comparison callback on the few hundred pairwise slopes of a series. */
static void sort_doubles(double *a, size_t n)
{
    while (n > 16) {
        size_t mid = n / 2;
        double x = a[0], y = a[mid], z = a[n - 1];
        double piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < piv) i++;
            while (a[j] > piv) j--;
            if (i >= j) break;
            double t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        /* Recurse on the smaller part, loop on the larger. */
        size_t left = j + 1;
        if (left < n - left) { sort_doubles(a, left); a += left; n -= left; }
        else { sort_doubles(a + left, n - left); n = left; }
    }
    for (size_t i = 1; i < n; i++) {
        double v = a[i];
        size_t k = i;
        while (k > 0 && a[k - 1] > v) { a[k] = a[k - 1]; k--; }
        a[k] = v;
    }
}

/* R's round(): half to even (for the Sen's slope ranks). */
static double round_half_even(double x)
{
    double r = nearbyint(x);   /* default rounding mode is to nearest, ties to even */
    return r;
}

int fp_trend_mann_kendall(const fp_trend_series *s, const fp_trend_options *opts,
                          fp_mk_result *out)
{
    fp_trend_options def;
    if (!s || !out || (s->n > 0 && (!s->t || !s->value))) FP_ERROR(FP_EINVAL);
    if (!opts) { fp_trend_options_default(&def); opts = &def; }
    memset(out, 0, sizeof *out);
    out->direction = FP_TREND_NOT_CALCULATED;
    out->s = out->var_s = out->z = out->p_value = out->tau = NAN;
    out->sen_slope = out->sen_lower = out->sen_upper = NAN;

    for (size_t i = 0; i + 1 < s->n; i++)
        if (!(s->t[i + 1] > s->t[i])) { out->reason = FP_TREND_REASON_DUPLICATE_TIME; return FP_OK; }

    size_t n = 0;
    double tbuf[64], ybuf[64], *t = tbuf, *y = ybuf;
    if (s->n > 64) {
        t = malloc(s->n * sizeof *t);
        y = malloc(s->n * sizeof *y);
        if (!t || !y) { free(t); free(y); FP_ERROR(FP_ENOMEM); }
    }
    for (size_t i = 0; i < s->n; i++)
        if (!isnan(s->value[i])) { t[n] = s->t[i]; y[n] = s->value[i]; n++; }
    out->n = n;
    int status = FP_OK;
    double *d = NULL, *ys = NULL;
    if (n < 3) { out->reason = FP_TREND_REASON_TOO_FEW_POINTS; goto done; }

    size_t npairs = n * (n - 1) / 2;
    d = malloc(npairs * sizeof *d);
    ys = malloc(n * sizeof *ys);
    if (!d || !ys) { status = FP_ENOMEM; goto done; }

    double S = 0;
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double diff = y[j] - y[i];
            S += (diff > 0) - (diff < 0);
            d[k++] = diff / (t[j] - t[i]);
        }

    /* Tie groups in the values. */
    memcpy(ys, y, n * sizeof *ys);
    sort_doubles(ys, n);
    double tiecorr = 0, tiepairs = 0;
    int ties = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && ys[j] == ys[i]) j++;
        double g = (double)(j - i);
        if (g > 1) {
            ties = 1;
            tiecorr += g * (g - 1) * (2 * g + 5);
            tiepairs += g * (g - 1) / 2;
        }
        i = j;
    }
    double dn = (double)n, N = (double)npairs;
    double var = (dn * (dn - 1) * (2 * dn + 5) - tiecorr) / 18.0;
    out->s = S;
    out->var_s = var;
    if (!(var > 0) || tiepairs >= N) { out->reason = FP_TREND_REASON_CONSTANT; goto done; }
    out->z = (S - (double)((S > 0) - (S < 0))) / sqrt(var);
    out->tau = S / sqrt(N * (N - tiepairs));
    if (!ties && n <= opts->mk_exact_max && n <= 200) {
        /* As cor.test: T = concordant pairs; two-sided p doubles the smaller tail. */
        double T = (S + N) / 2, p;
        if (T > N / 2) status = fp_trend_kendall_cdf(n, T - 1, &p), p = 1 - p;
        else status = fp_trend_kendall_cdf(n, T, &p);
        if (status != FP_OK) goto done;
        out->p_value = fmin(1.0, 2 * p);
        out->exact = 1;
    } else {
        out->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
    }

    /* Sen's slope: the median pairwise slope; CI ranks as trend::sens.slope. */
    sort_doubles(d, npairs);
    out->sen_slope = (npairs % 2) ? d[npairs / 2] : 0.5 * (d[npairs / 2 - 1] + d[npairs / 2]);
    double C = gsl_cdf_ugaussian_Pinv(1 - (1 - opts->confidence) / 2) * sqrt(var);
    double rlo = round_half_even((N - C) / 2), rup = round_half_even((N + C) / 2 + 1);
    if (rlo >= 1 && rlo <= N) out->sen_lower = d[(size_t)rlo - 1];
    if (rup >= 1 && rup <= N) out->sen_upper = d[(size_t)rup - 1];

    out->direction = FP_TREND_NO_CHANGE;
    if (out->p_value < 1 - opts->confidence && S != 0)
        out->direction = S > 0 ? FP_TREND_INCREASING : FP_TREND_DECREASING;
done:
    free(d);
    free(ys);
    if (t != tbuf) { free(t); free(y); }
    return status == FP_OK ? FP_OK : fp__error(status);
}
