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
#include <stdint.h>
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

/* ---------------------------------------------------- long series */

/* Series of up to this many points form their pairs (499,500 pairs, 4 MB);
 * longer ones are counted by merge sort. */
#define MK_PAIRWISE_MAX 1000

/* For a long series the n(n-1)/2 pairs are never formed (a 20,000-point
 * series has 2e8 of them: 1.6 GB and 18 s). S and the pairwise-slope order
 * statistics come from counting inversions by merge sort, O(n log n) per
 * count (Knight 1966, "A computer method for calculating Kendall's tau with
 * ungrouped data", JASA 61:436-439). Sen's slope and its limits are order
 * statistics of the pairwise slopes: the number of pairs i < j (so t_i < t_j)
 * with slope <= theta is the number with z_j <= z_i where z = y - theta t,
 * an inversion count; the k-th smallest slope is the least theta whose count
 * reaches k, found by bisection over the doubles (at most 64 counts). It
 * equals the slope the pairwise method finds up to the rounding of
 * y - theta t (tests/unit/test_trend.c, mk_long: scipy and numpy's values
 * from tests/ref/trend/mk_long.py). */

/* Sort a[0, n) ascending by merge sort (tmp: n doubles of scratch) and
 * return the number of pairs i < j (in the original order) with
 * a_i > a_j (strict) or a_i >= a_j (!strict). */
static double count_inversions(double *a, double *tmp, size_t n, int strict)
{
    if (n < 2) return 0;
    size_t h = n / 2;
    double c = count_inversions(a, tmp, h, strict) + count_inversions(a + h, tmp, n - h, strict);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        int right_first = strict ? a[i] > a[j] : a[i] >= a[j];
        if (right_first) { c += (double)(h - i); tmp[k++] = a[j++]; }
        else tmp[k++] = a[i++];
    }
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
    return c;
}

/* The number of pairs i < j whose slope (y_j - y_i) / (t_j - t_i) is at
 * most theta. z and tmp: n doubles of scratch. */
static double slopes_at_most(const double *t, const double *y, size_t n, double theta,
                             double *z, double *tmp)
{
    for (size_t i = 0; i < n; i++) z[i] = y[i] - theta * t[i];
    return count_inversions(z, tmp, n, 0);
}

/* Doubles as unsigned integers in the same order (for bisection). */
static uint64_t dbl_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u | (1ULL << 63);
}

static double key_dbl(uint64_t u)
{
    u = (u >> 63) ? u & ~(1ULL << 63) : ~u;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* The k-th smallest (1-based) pairwise slope. The extreme pairwise slopes
 * are slopes of neighbouring points (the slope of any pair is a weighted
 * mean of the neighbouring slopes between them), which bracket it. */
static double kth_slope(const double *t, const double *y, size_t n, double k,
                        double lo, double hi, double *z, double *tmp)
{
    if (slopes_at_most(t, y, n, lo, z, tmp) >= k) return lo;
    /* Rounding in y - theta t could leave the top count short: widen. */
    for (int w = 0; w < 64 && slopes_at_most(t, y, n, hi, z, tmp) < k; w++)
        hi += fabs(hi) + 1;
    uint64_t L = dbl_key(lo), H = dbl_key(hi);
    while (H - L > 1) {
        uint64_t M = L + (H - L) / 2;
        if (slopes_at_most(t, y, n, key_dbl(M), z, tmp) >= k) H = M;
        else L = M;
    }
    return key_dbl(H);
}

/* R's round(): half to even (for the Sen's slope ranks). */
static double round_half_even(double x)
{
    double r = nearbyint(x);   /* default rounding mode is to nearest, ties to even */
    return r;
}

/* S and the sorted values ys of n points: pairwise (the pairwise slopes
 * into d, npairs of them) when pairwise, else by the merge sort that counts
 * the pairs i < j with y_j < y_i (*inversions; S follows once the tied
 * pairs are known; d is scratch of 2n). *d and *ys are malloc'd (the caller
 * frees them, also on failure). FP_OK or FP_ENOMEM. */
static int mk_pairs(const double *t, const double *y, size_t n, int pairwise, double *S,
                    double *inversions, double **d, double **ys)
{
    size_t npairs = n * (n - 1) / 2;
    if (pairwise) {
        *d = malloc(npairs * sizeof **d);
        *ys = malloc(n * sizeof **ys);
        if (!*d || !*ys) return FP_ENOMEM;
        size_t k = 0;
        for (size_t i = 0; i + 1 < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double diff = y[j] - y[i];
                *S += (diff > 0) - (diff < 0);
                (*d)[k++] = diff / (t[j] - t[i]);
            }
        memcpy(*ys, y, n * sizeof **ys);
        sort_doubles(*ys, n);
    } else {
        *ys = malloc(n * sizeof **ys);
        *d = malloc(2 * n * sizeof **d);
        if (!*d || !*ys) return FP_ENOMEM;
        memcpy(*ys, y, n * sizeof **ys);
        *inversions = count_inversions(*ys, *d, n, 1);
    }
    return FP_OK;
}

/* Tie groups in the sorted values: the variance correction sum g (g - 1)
 * (2g + 5) and the tied pairs; nonzero when there is a tie. */
static int mk_ties(const double *ys, size_t n, double *tiecorr, double *tiepairs)
{
    int ties = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && ys[j] == ys[i]) j++;
        double g = (double)(j - i);
        if (g > 1) {
            ties = 1;
            *tiecorr += g * (g - 1) * (2 * g + 5);
            *tiepairs += g * (g - 1) / 2;
        }
        i = j;
    }
    return ties;
}

/* Sen's slope: the median pairwise slope, and its CI by the ranks of
 * trend::sens.slope; from the sorted pairwise slopes d when pairwise, else
 * by selection (kth_slope) with d as scratch. */
static void mk_sen(const double *t, const double *y, size_t n, int pairwise, double *d,
                   double var, const fp_trend_options *opts, fp_mk_result *out)
{
    size_t npairs = n * (n - 1) / 2;
    double N = (double)npairs;
    double C = gsl_cdf_ugaussian_Pinv(1 - (1 - opts->confidence) / 2) * sqrt(var);
    double rlo = round_half_even((N - C) / 2), rup = round_half_even((N + C) / 2 + 1);
    if (pairwise) {
        sort_doubles(d, npairs);
        out->sen_slope = (npairs % 2) ? d[npairs / 2] : 0.5 * (d[npairs / 2 - 1] + d[npairs / 2]);
        if (rlo >= 1 && rlo <= N) out->sen_lower = d[(size_t)rlo - 1];
        if (rup >= 1 && rup <= N) out->sen_upper = d[(size_t)rup - 1];
        return;
    }
    /* The extreme neighbouring slopes bracket every pairwise slope. */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i + 1 < n; i++) {
        double sl = (y[i + 1] - y[i]) / (t[i + 1] - t[i]);
        if (sl < lo) lo = sl;
        if (sl > hi) hi = sl;
    }
    double *z = d, *tmp = d + n;
    double m1 = kth_slope(t, y, n, (double)(npairs / 2 + 1), lo, hi, z, tmp);
    out->sen_slope = (npairs % 2) ? m1
                   : 0.5 * (kth_slope(t, y, n, (double)(npairs / 2), lo, hi, z, tmp) + m1);
    if (rlo >= 1 && rlo <= N) out->sen_lower = kth_slope(t, y, n, rlo, lo, hi, z, tmp);
    if (rup >= 1 && rup <= N) out->sen_upper = kth_slope(t, y, n, rup, lo, hi, z, tmp);
}

/* The test on the n complete points (t, y): S, its variance, z, tau, the
 * p-value (exact as cor.test when there are no ties and n is small, else
 * normal), Sen's slope and the direction. FP_OK or an error. */
static int mk_test(const double *t, const double *y, size_t n, const fp_trend_options *opts,
                   fp_mk_result *out)
{
    int status = FP_OK;
    double *d = NULL, *ys = NULL;
    size_t npairs = n * (n - 1) / 2;
    int pairwise = n <= MK_PAIRWISE_MAX;
    double S = 0, inversions = 0;
    status = mk_pairs(t, y, n, pairwise, &S, &inversions, &d, &ys);
    if (status != FP_OK) goto done;
    double tiecorr = 0, tiepairs = 0;
    int ties = mk_ties(ys, n, &tiecorr, &tiepairs);
    double dn = (double)n, N = (double)npairs;
    if (!pairwise) S = N - tiepairs - 2 * inversions;   /* concordant - discordant */
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
    mk_sen(t, y, n, pairwise, d, var, opts, out);
    out->direction = FP_TREND_NO_CHANGE;
    if (out->p_value < 1 - opts->confidence && S != 0)
        out->direction = S > 0 ? FP_TREND_INCREASING : FP_TREND_DECREASING;
done:
    free(d);
    free(ys);
    return status;
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
    if (n < 3) out->reason = FP_TREND_REASON_TOO_FEW_POINTS;
    else status = mk_test(t, y, n, opts, out);
    if (t != tbuf) { free(t); free(y); }
    return status == FP_OK ? FP_OK : fp__error(status);
}
