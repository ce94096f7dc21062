/* trend_common.c -- shared parts of the trend module: reason and label
 * strings, the polarity judgement, default options, the gap scan and the small
 * dense least-squares solver used by the trend fits. */
#include "trend_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *fp_trend_reason_string(fp_trend_reason reason)
{
    switch (reason) {
    case FP_TREND_REASON_NONE: return "";
    case FP_TREND_REASON_TOO_FEW_POINTS: return "not enough data points";
    case FP_TREND_REASON_MISSING_VALUE: return "missing values";
    case FP_TREND_REASON_MISSING_CI: return "missing at least one confidence interval value";
    case FP_TREND_REASON_ZERO_WIDTH_CI: return "a confidence interval has zero width";
    case FP_TREND_REASON_DUPLICATE_TIME: return "duplicate or unordered time periods";
    case FP_TREND_REASON_GAP: return "a gap in the time series";
    case FP_TREND_REASON_MISSING_COUNT: return "counts and denominators are needed";
    case FP_TREND_REASON_INVALID_COUNT: return "a count is negative or above its denominator";
    case FP_TREND_REASON_ZERO_DENOMINATOR: return "a denominator is zero";
    case FP_TREND_REASON_NONPOSITIVE: return "a value is zero or negative (log scale)";
    case FP_TREND_REASON_OUT_OF_BOUNDS: return "a value lies outside 0-100% (logit scale)";
    case FP_TREND_REASON_CONSTANT: return "all values are equal";
    case FP_TREND_REASON_DEGENERATE: return "all counts are zero or at their denominator";
    case FP_TREND_REASON_NO_CONVERGENCE: return "the model fit did not converge";
    case FP_TREND_REASON_OUTLIER: return "outlier found: leaving one point out reverses the slope";
    case FP_TREND_REASON_NO_POLARITY: return "the indicator has no polarity";
    case FP_TREND_REASON_TOO_MANY_POINTS:
        return "more than 240 points (the joinpoint search is cubic in the points; "
               "aggregate the series, e.g. to years)";
    }
    return "unknown reason";
}

const char *fp_trend_direction_string(fp_trend_direction d)
{
    switch (d) {
    case FP_TREND_NOT_CALCULATED: return "cannot be calculated";
    case FP_TREND_NO_CHANGE: return "no significant change";
    case FP_TREND_INCREASING: return "increasing";
    case FP_TREND_DECREASING: return "decreasing";
    }
    return "cannot be calculated";
}

fp_trend_judgement fp_trend_judge(fp_trend_direction d, fp_polarity polarity)
{
    if (d != FP_TREND_INCREASING && d != FP_TREND_DECREASING) return FP_TREND_JUDGEMENT_NONE;
    if (polarity == FP_POLARITY_HIGH)
        return d == FP_TREND_INCREASING ? FP_TREND_BETTER : FP_TREND_WORSE;
    if (polarity == FP_POLARITY_LOW)
        return d == FP_TREND_DECREASING ? FP_TREND_BETTER : FP_TREND_WORSE;
    return FP_TREND_JUDGEMENT_NONE;
}

int fp_trend_label(fp_trend_direction d, fp_polarity polarity, fp_trend_reason reason,
                   char *buf, size_t size)
{
    if (!buf || size == 0) FP_ERROR(FP_EINVAL);
    int len;
    fp_trend_judgement j = fp_trend_judge(d, polarity);
    if (d == FP_TREND_NOT_CALCULATED && reason != FP_TREND_REASON_NONE)
        len = snprintf(buf, size, "cannot be calculated: %s", fp_trend_reason_string(reason));
    else if (j != FP_TREND_JUDGEMENT_NONE)
        len = snprintf(buf, size, "%s and getting %s", fp_trend_direction_string(d),
                       j == FP_TREND_BETTER ? "better" : "worse");
    else
        len = snprintf(buf, size, "%s", fp_trend_direction_string(d));
    if (len < 0 || (size_t)len >= size) FP_ERROR(FP_ERANGE);
    return FP_OK;
}

const char *fp_trend_family_name(fp_trend_family f)
{
    switch (f) {
    case FP_TREND_FAMILY_AUTO: return "auto";
    case FP_TREND_FAMILY_POISSON: return "poisson";
    case FP_TREND_FAMILY_BINOMIAL: return "binomial";
    case FP_TREND_FAMILY_LOGLINEAR: return "loglinear";
    }
    return "unknown";
}

const char *fp_target_outlook_string(fp_target_outlook o)
{
    switch (o) {
    case FP_OUTLOOK_NONE: return "";
    case FP_OUTLOOK_ON_TRACK: return "on track to meet the target";
    case FP_OUTLOOK_OFF_TRACK: return "not on track to meet the target";
    case FP_OUTLOOK_UNCERTAIN: return "uncertain whether the target will be met";
    }
    return "";
}

void fp_trend_options_default(fp_trend_options *o)
{
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->recent_points = 5;
    o->recent_critical = 9.54953570608324;
    o->recent_se = FP_RECENT_SE_392;
    o->recent_test = FP_RECENT_AUTO;
    o->join_gaps = 0;
    o->proportion = 0;
    o->confidence = 0.95;
    o->mk_exact_max = 50;
    o->dispersion = FP_DISPERSION_FLOOR;
    o->family = FP_TREND_FAMILY_AUTO;
    o->max_joinpoints = 2;
    o->min_segment = 2;
    o->bound = 100;
}

int fp_trend_find_gaps(const fp_trend_series *s, fp_trend_gaps *out)
{
    if (!s || !out || (s->n > 0 && !s->t)) FP_ERROR(FP_EINVAL);
    memset(out, 0, sizeof *out);
    out->n_points = s->n;
    const double *v = s->value ? s->value : s->count;
    for (size_t i = 0; i < s->n; i++) {
        if (v && isnan(v[i])) out->n_missing++;
        if (i + 1 < s->n) {
            double step = s->t[i + 1] - s->t[i];
            if (!(step > 0)) out->n_unordered++;
            else if (step > 1) {
                out->n_breaks++;
                out->n_skipped += (size_t)(step - 1 + 0.5);
            }
        }
    }
    return FP_OK;
}

/* ---------------------------------------------------- small linear algebra */

/* Cholesky factor a = L L' of a symmetric p x p matrix (row-major; only
 * the lower triangle is read) into the lower triangle of l. A pivot below
 * 1e-13 of the largest diagonal element means the columns are collinear to
 * working precision: returns -1 (also for a negative diagonal). 0 ok. */
static int cholesky(const double *a, size_t p, double *l)
{
    double scale = 0;
    for (size_t i = 0; i < p; i++) scale = fmax(scale, fabs(a[i * p + i]));
    for (size_t j = 0; j < p; j++) {
        double d = a[j * p + j];
        for (size_t k = 0; k < j; k++) d -= l[j * p + k] * l[j * p + k];
        if (!(d > 1e-13 * scale)) return -1;
        l[j * p + j] = sqrt(d);
        for (size_t i = j + 1; i < p; i++) {
            double s = a[i * p + j];
            for (size_t k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
            l[i * p + j] = s / l[j * p + j];
        }
    }
    return 0;
}

int fp__trend_spd_inverse(const double *a, size_t p, double *inv)
{
    double l[FP__TREND_PMAX * FP__TREND_PMAX] = { 0 };
    if (cholesky(a, p, l)) return -1;
    /* inv = L'^-1 L^-1, column by column of the identity. */
    for (size_t c = 0; c < p; c++) {
        double y[FP__TREND_PMAX];
        for (size_t i = 0; i < p; i++) {
            double s = (i == c) ? 1.0 : 0.0;
            for (size_t k = 0; k < i; k++) s -= l[i * p + k] * y[k];
            y[i] = s / l[i * p + i];
        }
        for (size_t ii = p; ii-- > 0;) {
            double s = y[ii];
            for (size_t k = ii + 1; k < p; k++) s -= l[k * p + ii] * inv[k * p + c];
            inv[ii * p + c] = s / l[ii * p + ii];
        }
    }
    return 0;
}

static inline void accumulate(const double *x, const double *w, const double *z, size_t n,
                              size_t p, double *xtx, double *xtz)
{
    for (size_t i = 0; i < n; i++) {
        const double *xi = x + i * p;
        double wi = w ? w[i] : 1.0;
        for (size_t r = 0; r < p; r++) {
            double wx = wi * xi[r];
            xtz[r] += wx * z[i];
            for (size_t c = 0; c <= r; c++) xtx[r * p + c] += wx * xi[c];
        }
    }
}

int fp__trend_wls(const double *x, const double *w, const double *z, size_t n,
                  size_t p, double *b, double *cov)
{
    double xtx[FP__TREND_PMAX * FP__TREND_PMAX] = { 0 }, xtz[FP__TREND_PMAX] = { 0 };
    /* Callers pass well-scaled columns (time centred). The accumulation is
     * specialised by p so the compiler unrolls it (it dominates the
     * joinpoint search). */
    if (p == 4) {
        /* Scalar accumulators keep the 14 sums in registers. */
        double a00 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0, a22 = 0, a30 = 0, a31 = 0,
               a32 = 0, a33 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (size_t i = 0; i < n; i++) {
            const double *xi = x + 4 * i;
            double wi = w ? w[i] : 1.0;
            double w0 = wi * xi[0], w1 = wi * xi[1], w2 = wi * xi[2], w3 = wi * xi[3];
            a00 += w0 * xi[0]; a10 += w1 * xi[0]; a11 += w1 * xi[1];
            a20 += w2 * xi[0]; a21 += w2 * xi[1]; a22 += w2 * xi[2];
            a30 += w3 * xi[0]; a31 += w3 * xi[1]; a32 += w3 * xi[2]; a33 += w3 * xi[3];
            b0 += w0 * z[i]; b1 += w1 * z[i]; b2 += w2 * z[i]; b3 += w3 * z[i];
        }
        xtx[0] = a00; xtx[4] = a10; xtx[5] = a11; xtx[8] = a20; xtx[9] = a21; xtx[10] = a22;
        xtx[12] = a30; xtx[13] = a31; xtx[14] = a32; xtx[15] = a33;
        xtz[0] = b0; xtz[1] = b1; xtz[2] = b2; xtz[3] = b3;
    } else if (p == 3) {
        double a00 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0, a22 = 0, b0 = 0, b1 = 0, b2 = 0;
        for (size_t i = 0; i < n; i++) {
            const double *xi = x + 3 * i;
            double wi = w ? w[i] : 1.0;
            double w0 = wi * xi[0], w1 = wi * xi[1], w2 = wi * xi[2];
            a00 += w0 * xi[0]; a10 += w1 * xi[0]; a11 += w1 * xi[1];
            a20 += w2 * xi[0]; a21 += w2 * xi[1]; a22 += w2 * xi[2];
            b0 += w0 * z[i]; b1 += w1 * z[i]; b2 += w2 * z[i];
        }
        xtx[0] = a00; xtx[3] = a10; xtx[4] = a11; xtx[6] = a20; xtx[7] = a21; xtx[8] = a22;
        xtz[0] = b0; xtz[1] = b1; xtz[2] = b2;
    } else {
        accumulate(x, w, z, n, p, xtx, xtz);
    }
    for (size_t r = 0; r < p; r++)
        for (size_t c = r + 1; c < p; c++) xtx[r * p + c] = xtx[c * p + r];
    if (!cov) {
        /* Solve only: Cholesky, then forward and back substitution. */
        double l[FP__TREND_PMAX * FP__TREND_PMAX] = { 0 }, y[FP__TREND_PMAX];
        if (cholesky(xtx, p, l)) return -1;
        for (size_t i = 0; i < p; i++) {
            double s = xtz[i];
            for (size_t k = 0; k < i; k++) s -= l[i * p + k] * y[k];
            y[i] = s / l[i * p + i];
        }
        for (size_t i = p; i-- > 0;) {
            double s = y[i];
            for (size_t k = i + 1; k < p; k++) s -= l[k * p + i] * b[k];
            b[i] = s / l[i * p + i];
        }
        return 0;
    }
    if (fp__trend_spd_inverse(xtx, p, cov) != 0) return -1;
    for (size_t r = 0; r < p; r++) {
        double s = 0;
        for (size_t c = 0; c < p; c++) s += cov[r * p + c] * xtz[c];
        b[r] = s;
    }
    return 0;
}
