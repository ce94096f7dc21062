/* rates_internal.h -- private helpers shared by rates.c, dsr.c and
 * contrast.c. Not part of the public contract. */
#ifndef FP_RATES_INTERNAL_H
#define FP_RATES_INTERNAL_H

#include "fingerpost.h"

/* Fill a failed interval (value and limits NaN) and return status. */
int fp__ci_fail(fp_ci *ci, fp_ci_method method, double level, int status, const char *reason);
/* Nonzero for a level in (0, 1). */
int fp__level_valid(double level);
/* Exact Poisson limit factors of a count x >= 0 (lower is 0 at x = 0). */
double fp__exact_lower(double x, double level);
double fp__exact_upper(double x, double level);
/* The limits of a count x >= 0 by phe_rate's rule (exact below 10, Byar's
 * from 10), without the denominator; returns the method used. */
fp_ci_method fp__poisson_limits(double x, const fp_level *lv, double *lower, double *upper);

/* The p quantile of the beta(a, b) distribution (safeguarded Newton on
 * fp__beta_inc); NaN if the incomplete beta cannot be computed. */
double fp__beta_Pinv(double p, double a, double b);

/* The regularised incomplete beta function (beta_inc.c, without GSL, so no
 * call can reach GSL's error handler): *p = I_x(a, b) and *q = 1 - I_x(a, b),
 * each accurate to about 1e-14 relative in its own tail for a, b > 0 up to
 * about 1e12 (agrees with scipy.special.betainc; tests/unit/test_rates.c).
 * NaN for a or b not > 0 or x NaN; x <= 0 and x >= 1 give 0 and 1. */
void fp__beta_inc(double a, double b, double x, double *p, double *q);
/* The beta(a, b) density at x (0 outside (0, 1)). */
double fp__beta_density(double a, double b, double x);
/* Binomial(n, pr) tails for whole numbers k and n >= 0: *le = P(X <= k),
 * *gt = P(X > k) (as gsl_cdf_binomial_P and _Q, without their error handler). */
void fp__binomial_tails(double k, double n, double pr, double *le, double *gt);

#endif
