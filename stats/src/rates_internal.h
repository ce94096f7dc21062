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

/* The p quantile of the beta(a, b) distribution (robust bisection). */
double fp__beta_Pinv(double p, double a, double b);

#endif
