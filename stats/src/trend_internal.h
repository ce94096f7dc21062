/* trend_internal.h -- private helpers shared by the trend modules
 * (trend_common.c, trend_recent.c, trend_mk.c, trend_glm.c,
 * trend_project.c). Not part of the public contract. */
#ifndef FP_TREND_INTERNAL_H
#define FP_TREND_INTERNAL_H

#include "fp_internal.h"

/* Largest number of columns of a model matrix in the trend fits
 * (intercept, slope and two joinpoint terms). */
#define FP__TREND_PMAX 4

/* Invert a symmetric positive-definite p x p matrix a (row-major, p <=
 * FP__TREND_PMAX) into inv by Cholesky. Returns 0, or -1 when a is not
 * positive definite (to working precision). */
int fp__trend_spd_inverse(const double *a, size_t p, double *inv);

/* Weighted least squares: minimise sum w_i (z_i - x_i' b)^2 with x rows of
 * length p (row-major n x p). Writes b and the unscaled covariance
 * (X'WX)^-1. Returns 0 or -1 when X'WX is singular. */
int fp__trend_wls(const double *x, const double *w, const double *z, size_t n,
                  size_t p, double *b, double *cov);

#endif
