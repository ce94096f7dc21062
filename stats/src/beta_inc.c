/* beta_inc.c -- the regularised incomplete beta function I_x(a, b), the
 * binomial tail probabilities and the beta quantile, computed without GSL.
 *
 * Why not GSL: gsl_sf_beta_inc (and the binomial CDFs built on it) report an
 * underflow of its prefactor through GSL's error handler -- even in the _e
 * variant -- and the default handler aborts the program (issue 14:
 * fp_proportion_ci_exact(260, 415, 100, 0.95) did). The library promises
 * never to exit and never to change global state, so it cannot switch the
 * handler off either. GSL also forms the prefactor x^a (1 - x)^b / B(a, b)
 * as exp(a log x + b log(1 - x) - log B(a, b)), whose terms are of order a
 * and cancel: with a and b near 1e9 the result keeps only about 7 digits,
 * so Clopper-Pearson limits near n = 1e9 were good to about 1e-8.
 *
 * Here the prefactor is formed as Loader (2000), "Fast and accurate
 * computation of binomial probabilities", does for R's dbinom: with
 * n = a + b, the deviance terms bd0(a, n x) and bd0(b, n (1 - x)) are
 * summed as a series when the arguments are close, and Stirling's series
 * corrections (stirlerr) replace the log-gamma functions, so no large terms
 * cancel. The fraction is the continued fraction of Numerical Recipes (3rd
 * edition, section 6.4, betacf) by the modified Lentz method, used where it
 * converges fast (x < (a + 1) / (a + b + 2)), and for the other tail by the
 * symmetry I_x(a, b) = 1 - I_{1-x}(b, a). It takes O(sqrt(max(a, b)))
 * steps in the worst case (about 10^5 for a + b = 1e9). */
#include "fp_internal.h"
#include "rates_internal.h"

#include <float.h>
#include <math.h>
#include <gsl/gsl_sf_gamma.h>

#define LN_SQRT_2PI 0.918938533204672741780329736406

/* stirlerr(z) = log Gamma(z + 1) - (z + 1/2) log z + z - log sqrt(2 pi),
 * the error of Stirling's formula (Loader 2000; R's stirlerr). Below 15
 * directly (gsl_sf_lngamma of z + 1 in (1, 16] raises no error); above,
 * by the asymptotic series 1/12z - 1/360z^3 + 1/1260z^5 - ..., with as many
 * terms as double precision needs. */
static double stirlerr(double z)
{
    const double S0 = 1.0 / 12.0, S1 = 1.0 / 360.0, S2 = 1.0 / 1260.0;
    const double S3 = 1.0 / 1680.0, S4 = 1.0 / 1188.0;
    if (z <= 15.0) return gsl_sf_lngamma(z + 1.0) - (z + 0.5) * log(z) + z - LN_SQRT_2PI;
    double zz = z * z;
    if (z > 500.0) return (S0 - S1 / zz) / z;
    if (z > 80.0) return (S0 - (S1 - S2 / zz) / zz) / z;
    if (z > 35.0) return (S0 - (S1 - (S2 - S3 / zz) / zz) / zz) / z;
    return (S0 - (S1 - (S2 - (S3 - S4 / zz) / zz) / zz) / zz) / z;
}

/* bd0(x, M) = x log(x / M) + M - x, the deviance term of Loader (2000),
 * by its series in v = (x - M) / (x + M) when x and M are close (where the
 * direct formula cancels). */
static double bd0(double x, double M)
{
    if (fabs(x - M) < 0.1 * (x + M)) {
        double v = (x - M) / (x + M), s = (x - M) * v, ej = 2.0 * x * v, v2 = v * v;
        for (int j = 1; j < 1000; j++) {
            ej *= v2;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s) break;
            s = s1;
        }
        return s;
    }
    return x * log(x / M) + M - x;
}

/* log(x^a y^b / B(a, b)) for a, b > 0, 0 < x < 1, y = 1 - x. With
 * n = a + b, Stirling's formula for the three gamma functions gives
 * a log(n x / a) + b log(n y / b) + log sqrt(a b / (2 pi n)) plus the
 * stirlerr corrections, and the first two terms are -bd0(a, n x) -
 * bd0(b, n y) because n x + n y = a + b. */
static double log_front(double a, double b, double x, double y)
{
    double n = a + b;
    return -bd0(a, n * x) - bd0(b, n * y) + 0.5 * log(a / n * b) - LN_SQRT_2PI
           + stirlerr(n) - stirlerr(a) - stirlerr(b);
}

/* The continued fraction of I_x(a, b) (Numerical Recipes betacf) by the
 * modified Lentz method, y = 1 - x; NaN if it has not converged after
 * maxit steps. Its first denominator 1 - (a + b) x / (a + 1) cancels when
 * x is near 1 (the other tail of a small x): it is formed from y there,
 * as (1 - b + (a + b) y) / (a + 1), so y's few significant digits in
 * 1 - y are not lost (Clopper-Pearson upper limits of small counts in
 * large n were off by 1e-8 relative without this). */
static double beta_cf(double a, double b, double x, double y)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = (x <= 0.5 ? qap - qab * x : (1.0 - b) + qab * y) / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    double maxit = 1000.0 + 100.0 * sqrt(a > b ? a : b);
    for (double m = 1.0; m <= maxit; m += 1.0) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) <= 2.0 * DBL_EPSILON) return h;
    }
    return NAN;
}

/* The binomial(N, x) probability of k, 0 <= k < N, y = 1 - x (Loader
 * 2000, R's dbinom_raw). */
static double dbinom(double k, double N, double x, double y)
{
    if (k == 0.0) return exp(N * log1p(-x));
    double lc = stirlerr(N) - stirlerr(k) - stirlerr(N - k) - bd0(k, N * x) - bd0(N - k, N * y);
    return exp(lc - LN_SQRT_2PI) * sqrt(N / (k * (N - k)));
}

/* P(Bin(N, x) <= k) for a whole k below the mean N x: the terms summed
 * from k down fall geometrically, so O(sqrt(N x)) of them reach double
 * precision. */
static double binom_lower_sum(double k, double N, double x, double y)
{
    double t = dbinom(k, N, x, y), s = t;
    for (double j = k; j > 0.0 && t > 0.5 * DBL_EPSILON * s; j -= 1.0) {
        t *= j / (N - j + 1.0) * (y / x);
        s += t;
    }
    return s;
}

void fp__beta_inc(double a, double b, double x, double *p, double *q)
{
    if (!(a > 0.0 && b > 0.0) || isnan(x)) { *p = *q = NAN; return; }
    if (x <= 0.0) { *p = 0.0; *q = 1.0; return; }
    if (x >= 1.0) { *p = 1.0; *q = 0.0; return; }
    double y = 1.0 - x;
    if (x < (a + 1.0) / (a + b + 2.0)) {
        *p = exp(log_front(a, b, x, y)) * beta_cf(a, b, x, y) / a;
        *q = 1.0 - *p;
    } else if (x < 1e-3 && a == floor(a)) {
        /* The fraction in y = 1 - x near 1 loses about eps / x relative
         * (1e-9 at x = 1e-6: the Clopper-Pearson upper limit of 7 in 1e9);
         * for a whole a, I_y(b, a) = P(Bin(a + b - 1, x) <= a - 1) is a sum
         * of binomial probabilities in x itself, of O(sqrt(a)) terms (a is
         * then below about 1e-3 (a + b), so at most a few thousand terms
         * for a + b = 1e9). Above x = 1e-3 the fraction's loss is below
         * 1e-13. */
        *q = binom_lower_sum(a - 1.0, a + b - 1.0, x, y);
        *p = 1.0 - *q;
    } else {
        *q = exp(log_front(b, a, y, x)) * beta_cf(b, a, y, x) / b;
        *p = 1.0 - *q;
    }
}

double fp__beta_density(double a, double b, double x)
{
    if (!(x > 0.0 && x < 1.0)) return 0.0;
    double y = 1.0 - x;
    return exp(log_front(a, b, x, y)) / (x * y);
}

void fp__binomial_tails(double k, double n, double pr, double *le, double *gt)
{
    /* P(X > k) = I_pr(k + 1, n - k) for 0 <= k < n. */
    if (k < 0.0) { *le = 0.0; *gt = 1.0; return; }
    if (k >= n) { *le = 1.0; *gt = 0.0; return; }
    fp__beta_inc(k + 1.0, n - k, pr, gt, le);
}
