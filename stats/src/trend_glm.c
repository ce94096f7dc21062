/* trend_glm.c -- annual percentage change from log-linear models and
 * joinpoint (piecewise log-linear) regression.
 *
 * Poisson regression of counts with offset log(denominator) and binomial
 * (logit) regression of counts out of denominators are fitted by iteratively
 * reweighted least squares as R's glm.fit does (same starting values, the
 * deviance convergence test with a tighter tolerance); the log-linear family
 * is ordinary least squares of log(value). Quasi-likelihood dispersion
 * phi = Pearson chi2 / (n - p) as R's summary.glm for the quasi families.
 * The joinpoint search follows the Joinpoint Regression Program (NCI; Kim et
 * al., Stat Med 2000) in spirit: joinpoints at observed times, continuous
 * segments, models compared by BIC, average APC over the period (Clegg et al.,
 * Stat Med 2009) -- but with an exhaustive search over placements rather than
 * a grid search, and with the conditional (joinpoints-known) CI. */
#include "trend_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#define MAXN_STACK 64

/* The prepared data of one fit: complete points only. */
typedef struct prep {
    fp_trend_family family;
    size_t n;
    double *t, *y, *m;   /* time, response (count or value), trials/denominator */
    double *sat;         /* Poisson: y log(y / m), the saturated part of the deviance */
    double tbar;
} prep;

typedef struct fit {
    double b[FP__TREND_PMAX];
    double cov[FP__TREND_PMAX * FP__TREND_PMAX]; /* unscaled (X'WX)^-1 */
    double dev;          /* deviance (SSE of log values for log-linear) */
    double pearson;      /* Pearson chi2 (SSE for log-linear) */
    size_t iter;
} fit;

/* eta = X b for an n x p design (specialised for the usual p). */
static void linear_predictor(const double *x, const double *b, size_t n, size_t p, double *eta)
{
    if (p == 2) {
        for (size_t i = 0; i < n; i++) eta[i] = x[2 * i] * b[0] + x[2 * i + 1] * b[1];
    } else if (p == 3) {
        for (size_t i = 0; i < n; i++)
            eta[i] = x[3 * i] * b[0] + x[3 * i + 1] * b[1] + x[3 * i + 2] * b[2];
    } else if (p == 4) {
        for (size_t i = 0; i < n; i++)
            eta[i] = x[4 * i] * b[0] + x[4 * i + 1] * b[1] + x[4 * i + 2] * b[2] + x[4 * i + 3] * b[3];
    } else {
        for (size_t i = 0; i < n; i++) {
            double e = 0;
            for (size_t c = 0; c < p; c++) e += x[i * p + c] * b[c];
            eta[i] = e;
        }
    }
}

static double xlogy(double x, double y) { return x > 0 ? x * log(x / y) : 0.0; }

/* Least squares of y on x (the log-linear family): coefficients, the
 * residual sum of squares as deviance and Pearson statistic, and the
 * covariance when want_cov. */
static fp_trend_reason glm_loglinear(const prep *d, const double *x, size_t p, fit *f,
                                     int want_cov)
{
    size_t n = d->n;
    if (fp__trend_wls(x, NULL, d->y, n, p, f->b, want_cov ? f->cov : NULL) != 0)
        return FP_TREND_REASON_DEGENERATE;
    double sse = 0;
    for (size_t i = 0; i < n; i++) {
        double e = d->y[i];
        for (size_t c = 0; c < p; c++) e -= x[i * p + c] * f->b[c];
        sse += e * e;
    }
    f->dev = f->pearson = sse;
    return FP_TREND_REASON_NONE;
}

/* Starting values as glm.fit: mu = y + 0.1 (Poisson), mu = m (y + 0.5) /
 * (m + 1) (binomial); eta on the linear-predictor scale without offset
 * (eta0 instead when given). w gets the current mean (Poisson: mu;
 * binomial: the probability) so each iteration evaluates exp() once per
 * point. */
static void glm_start(const prep *d, const double *eta0, double *eta, double *w)
{
    int pois = d->family == FP_TREND_FAMILY_POISSON;
    for (size_t i = 0; i < d->n; i++) {
        if (eta0) eta[i] = eta0[i];
        else if (pois) eta[i] = log((d->y[i] + 0.1) / d->m[i]);
        else {
            double pr = (d->y[i] + 0.5) / (d->m[i] + 1);
            eta[i] = log(pr / (1 - pr));
        }
        w[i] = pois ? d->m[i] * exp(eta[i]) : 1 / (1 + exp(-eta[i]));
    }
}

/* Iteratively reweighted least squares from glm_start's eta and w, until
 * no coefficient moves by more than 1e-9 + 1e-7 |b|: IRLS converges
 * quadratically, so the error of the last iterate is of the order of the
 * square of that step, i.e. at working precision. z is work space. */
static fp_trend_reason glm_irls(const prep *d, const double *x, size_t p, fit *f, double *w,
                                double *z, double *eta)
{
    size_t n = d->n;
    int pois = d->family == FP_TREND_FAMILY_POISSON;
    double bold[FP__TREND_PMAX];
    int converged = 0;
    for (size_t it = 1; it <= 100 && !converged; it++) {
        for (size_t i = 0; i < n; i++) {
            if (pois) {
                double mu = w[i];
                z[i] = eta[i] + (d->y[i] - mu) / mu;
            } else {
                double pr = w[i];
                double v = d->m[i] * pr * (1 - pr);
                w[i] = v;
                z[i] = eta[i] + (d->y[i] - d->m[i] * pr) / v;
            }
            if (!(w[i] > 0) || !isfinite(z[i])) return FP_TREND_REASON_NO_CONVERGENCE;
        }
        if (fp__trend_wls(x, w, z, n, p, f->b, NULL) != 0) return FP_TREND_REASON_NO_CONVERGENCE;
        if (it > 1) {
            converged = 1;
            for (size_t c = 0; c < p; c++)
                if (!(fabs(f->b[c] - bold[c]) <= 1e-9 + 1e-7 * fabs(f->b[c]))) converged = 0;
        }
        memcpy(bold, f->b, p * sizeof *bold);
        linear_predictor(x, f->b, n, p, eta);
        for (size_t i = 0; i < n; i++) {
            double e = eta[i];
            w[i] = pois ? d->m[i] * exp(e) : 1 / (1 + exp(-e));
            if (!isfinite(e)) return FP_TREND_REASON_NO_CONVERGENCE;
        }
        f->iter = it;
    }
    return converged ? FP_TREND_REASON_NONE : FP_TREND_REASON_NO_CONVERGENCE;
}

/* At the converged fit: the deviance and Pearson statistic, once, and the
 * covariance (X'WX)^-1 from the weights (put in z) when want_cov. */
static fp_trend_reason glm_finish(const prep *d, const double *x, size_t p, fit *f,
                                  const double *w, double *z, double *eta, int want_cov)
{
    size_t n = d->n;
    int pois = d->family == FP_TREND_FAMILY_POISSON;
    double dev = 0, pear = 0;
    for (size_t i = 0; i < n; i++) {
        double y = d->y[i], m = d->m[i];
        if (pois) {
            /* y log(y / mu) = y log(y / m) - y eta, as mu = m e^eta. */
            double mu = w[i];
            dev += 2 * (d->sat[i] - y * eta[i] - (y - mu));
            pear += (y - mu) * (y - mu) / mu;
            z[i] = mu;
        } else {
            double pr = w[i], mu = m * pr;
            dev += 2 * (xlogy(y, mu) + xlogy(m - y, m - mu));
            pear += (y - mu) * (y - mu) / (mu * (1 - pr));
            z[i] = m * pr * (1 - pr);
        }
    }
    f->dev = dev;
    f->pearson = pear;
    if (!isfinite(dev)) return FP_TREND_REASON_NO_CONVERGENCE;
    double bb[FP__TREND_PMAX];
    if (want_cov && fp__trend_wls(x, z, eta, n, p, bb, f->cov) != 0)
        return FP_TREND_REASON_NO_CONVERGENCE;
    return FP_TREND_REASON_NONE;
}

/* Fit the model with design rows x (n x p). eta0, when not NULL, is a
 * starting linear predictor (without the offset), e.g. the fitted values of
 * a nested model: the joinpoint search starts every candidate there, which
 * saves iterations without changing the converged fit. When eta_out is not
 * NULL it receives the final linear predictor. Returns 0, or a reason code. */
static fp_trend_reason glm_fit(const prep *d, const double *x, size_t p, fit *f,
                               const double *eta0, double *eta_out, int want_cov)
{
    size_t n = d->n;
    double wbuf[MAXN_STACK], zbuf[MAXN_STACK], ebuf[MAXN_STACK];
    double *w = wbuf, *z = zbuf, *eta = ebuf;
    fp_trend_reason r;
    if (n > MAXN_STACK) {
        w = malloc(3 * n * sizeof *w);
        if (!w) return FP_TREND_REASON_NO_CONVERGENCE;
        z = w + n;
        eta = z + n;
    }
    f->iter = 0;
    if (d->family == FP_TREND_FAMILY_LOGLINEAR) {
        r = glm_loglinear(d, x, p, f, want_cov);
    } else {
        glm_start(d, eta0, eta, w);
        r = glm_irls(d, x, p, f, w, z, eta);
        if (r == FP_TREND_REASON_NONE) r = glm_finish(d, x, p, f, w, z, eta, want_cov);
    }
    if (eta_out && r == FP_TREND_REASON_NONE) {
        if (d->family == FP_TREND_FAMILY_LOGLINEAR)
            for (size_t i = 0; i < n; i++) eta_out[i] = 0;
        else memcpy(eta_out, eta, n * sizeof *eta);
    }
    if (w != wbuf) free(w);
    return r;
}

/* Choose the family, keep complete points and check them. Returns a reason
 * (NONE when the data are usable); *status gets FP_ENOMEM on failure. */
static fp_trend_reason prepare(const fp_trend_series *s, const fp_trend_options *o,
                               prep *d, double *buf, int *status)
{
    *status = FP_OK;
    memset(d, 0, sizeof *d);
    fp_trend_family fam = o->family;
    if (fam == FP_TREND_FAMILY_AUTO) {
        if (s->count && s->denom) fam = o->proportion ? FP_TREND_FAMILY_BINOMIAL : FP_TREND_FAMILY_POISSON;
        else fam = FP_TREND_FAMILY_LOGLINEAR;
    }
    d->family = fam;
    for (size_t i = 0; i + 1 < s->n; i++)
        if (!(s->t[i + 1] > s->t[i])) return FP_TREND_REASON_DUPLICATE_TIME;
    if (fam == FP_TREND_FAMILY_LOGLINEAR && !s->value) return FP_TREND_REASON_MISSING_VALUE;
    if (fam != FP_TREND_FAMILY_LOGLINEAR && (!s->count || !s->denom)) return FP_TREND_REASON_MISSING_COUNT;
    if (s->n > MAXN_STACK) {
        buf = malloc(4 * s->n * sizeof *buf);
        if (!buf) { *status = FP_ENOMEM; return FP_TREND_REASON_NONE; }
    }
    d->t = buf;
    d->y = buf + s->n;
    d->m = buf + 2 * s->n;
    d->sat = buf + 3 * s->n;
    size_t n = 0;
    int any_inside = 0, any_pos = 0;
    fp_trend_reason r = FP_TREND_REASON_NONE;
    for (size_t i = 0; i < s->n; i++) {
        if (fam == FP_TREND_FAMILY_LOGLINEAR) {
            double v = s->value[i];
            if (isnan(v)) continue;
            if (!(v > 0)) { r = FP_TREND_REASON_NONPOSITIVE; break; }
            d->y[n] = log(v);
            d->m[n] = 1;
        } else {
            double c = s->count[i], m = s->denom[i];
            if (isnan(c) || isnan(m)) continue;
            if (m == 0) { r = FP_TREND_REASON_ZERO_DENOMINATOR; break; }
            if (c < 0 || m < 0 || (fam == FP_TREND_FAMILY_BINOMIAL && c > m)) {
                r = FP_TREND_REASON_INVALID_COUNT;
                break;
            }
            if (c > 0) any_pos = 1;
            if (c > 0 && c < m) any_inside = 1;
            d->y[n] = c;
            d->m[n] = m;
        }
        d->t[n] = s->t[i];
        d->tbar += s->t[i];
        n++;
    }
    d->n = n;
    if (n) d->tbar /= (double)n;
    if (fam == FP_TREND_FAMILY_POISSON)
        for (size_t i = 0; i < n; i++) d->sat[i] = xlogy(d->y[i], d->m[i]);
    if (r == FP_TREND_REASON_NONE && n >= 3) {
        if (fam == FP_TREND_FAMILY_POISSON && !any_pos) r = FP_TREND_REASON_DEGENERATE;
        if (fam == FP_TREND_FAMILY_BINOMIAL && !any_inside) {
            /* All counts zero, or all at their denominators: no finite fit
             * (a mixture of the two still has one). */
            int all0 = 1, allm = 1;
            for (size_t i = 0; i < n; i++) {
                if (d->y[i] != 0) all0 = 0;
                if (d->y[i] != d->m[i]) allm = 0;
            }
            if (all0 || allm) r = FP_TREND_REASON_DEGENERATE;
        }
    }
    return r;
}

static void prep_free(prep *d, const double *stackbuf)
{
    if (d->t && d->t != stackbuf) free(d->t);
}

/* Scale factor for the covariance, and the df of the reference distribution
 * (0 = normal), for a fit with p coefficients. */
static void scale_of(const prep *d, const fp_trend_options *o, const fit *f, size_t p,
                     double *phi_raw, double *phi_used, double *df)
{
    double dfr = (double)d->n - (double)p;
    double phi = dfr > 0 ? f->pearson / dfr : NAN;
    *phi_raw = phi;
    if (d->family == FP_TREND_FAMILY_LOGLINEAR) { *phi_used = phi; *df = dfr; return; }
    switch (o->dispersion) {
    case FP_DISPERSION_QUASI: *phi_used = phi; *df = dfr; break;
    case FP_DISPERSION_NONE: *phi_used = 1; *df = 0; break;
    case FP_DISPERSION_FLOOR:
    default: *phi_used = (phi > 1) ? phi : 1; *df = dfr; break;
    }
}

static double quantile(double conf, double df)
{
    double a = 1 - (1 - conf) / 2;
    return df > 0 ? gsl_cdf_tdist_Pinv(a, df) : gsl_cdf_ugaussian_Pinv(a);
}

static double two_sided_p(double stat, double df)
{
    if (isnan(stat)) return NAN;
    double a = fabs(stat);
    return 2 * (df > 0 ? gsl_cdf_tdist_Q(a, df) : gsl_cdf_ugaussian_Q(a));
}

/* prepare() for a fitted trend, with the reason every fit shares (fewer
 * than 3 points) into *reason, and the family and the points used into
 * *family and *n. FP_OK, or FP_ENOMEM from prepare. */
static int fit_prepare(const fp_trend_series *s, const fp_trend_options *opts, prep *d,
                       double *stackbuf, fp_trend_reason *reason, fp_trend_family *family,
                       size_t *n)
{
    int status;
    *reason = prepare(s, opts, d, stackbuf, &status);
    *family = d->family;
    *n = d->n;
    if (status != FP_OK) return status;
    if (*reason == FP_TREND_REASON_NONE && d->n < 3) *reason = FP_TREND_REASON_TOO_FEW_POINTS;
    return FP_OK;
}

static double apc_of(double b) { return 100 * expm1(b); }

int fp_trend_apc(const fp_trend_series *s, const fp_trend_options *opts, fp_apc_result *out)
{
    fp_trend_options def;
    if (!s || !out || (s->n > 0 && !s->t)) FP_ERROR(FP_EINVAL);
    if (!opts) { fp_trend_options_default(&def); opts = &def; }
    memset(out, 0, sizeof *out);
    out->direction = FP_TREND_NOT_CALCULATED;
    out->slope = out->slope_se = out->dispersion = out->statistic = out->p_value = NAN;
    out->apc = out->apc_lower = out->apc_upper = NAN;

    double stackbuf[4 * MAXN_STACK];
    prep d;
    int status = fit_prepare(s, opts, &d, stackbuf, &out->reason, &out->family, &out->n);
    if (status != FP_OK) FP_ERROR(status);
    if (out->reason != FP_TREND_REASON_NONE) { prep_free(&d, stackbuf); return FP_OK; }

    double xbuf[2 * MAXN_STACK], *x = xbuf;
    if (d.n > MAXN_STACK && !(x = malloc(2 * d.n * sizeof *x))) { prep_free(&d, stackbuf); FP_ERROR(FP_ENOMEM); }
    for (size_t i = 0; i < d.n; i++) { x[2 * i] = 1; x[2 * i + 1] = d.t[i] - d.tbar; }
    fit f;
    fp_trend_reason r = glm_fit(&d, x, 2, &f, NULL, NULL, 1);
    if (x != xbuf) free(x);
    if (r != FP_TREND_REASON_NONE) { out->reason = r; prep_free(&d, stackbuf); return FP_OK; }

    double phi, phiu, df;
    scale_of(&d, opts, &f, 2, &phi, &phiu, &df);
    out->iterations = f.iter;
    out->slope = f.b[1];
    out->dispersion = phi;
    out->df = df;
    out->slope_se = sqrt(phiu * f.cov[3]);
    double q = quantile(opts->confidence, df);
    if (out->slope_se > 0) {
        out->statistic = out->slope / out->slope_se;
        out->p_value = two_sided_p(out->statistic, df);
    } else {
        out->statistic = out->slope == 0 ? 0 : copysign(HUGE_VAL, out->slope);
        out->p_value = out->slope == 0 ? 1 : 0;
    }
    out->apc = apc_of(out->slope);
    out->apc_lower = apc_of(out->slope - q * out->slope_se);
    out->apc_upper = apc_of(out->slope + q * out->slope_se);
    out->direction = FP_TREND_NO_CHANGE;
    if (out->p_value < 1 - opts->confidence)
        out->direction = out->slope > 0 ? FP_TREND_INCREASING : FP_TREND_DECREASING;
    prep_free(&d, stackbuf);
    return FP_OK;
}

/* Design for joinpoints at times tau[0..k-1]: 1, t - tbar, (t - tau_j)+. */
static void design(const prep *d, const double *tau, size_t k, double *x)
{
    size_t p = k + 2;
    for (size_t i = 0; i < d->n; i++) {
        x[i * p] = 1;
        x[i * p + 1] = d->t[i] - d->tbar;
        for (size_t j = 0; j < k; j++) x[i * p + 2 + j] = d->t[i] > tau[j] ? d->t[i] - tau[j] : 0;
    }
}

/* Variance c' cov c for a p-vector c. */
static double quad(const double *cov, const double *c, size_t p)
{
    double v = 0;
    for (size_t r = 0; r < p; r++)
        for (size_t s = 0; s < p; s++) v += c[r] * cov[r * p + s] * c[s];
    return v;
}

/* The best fit found for each number of joinpoints. */
typedef struct jp_search {
    fit best[FP_JOINPOINT_MAX + 1];
    double tau[FP_JOINPOINT_MAX + 1][FP_JOINPOINT_MAX];  /* its joinpoints */
    int have[FP_JOINPOINT_MAX + 1];
    fp_trend_reason r0;        /* why the straight line failed, if it did */
} jp_search;

/* Fit every placement of k = 0 .. opts->max_joinpoints joinpoints (grid
 * search over the observed times) and keep the smallest deviance for each
 * k. x holds the design (FP__TREND_PMAX x n); eta0 (2n) receives the
 * straight line's linear predictor, and its second half is the working
 * start of each placement. */
static void jp_search_all(const prep *d, const fp_trend_options *opts, double *x, double *eta0,
                          jp_search *S)
{
    size_t n = d->n, ms = opts->min_segment;
    double *etaw = eta0 + n;
    memset(S->have, 0, sizeof S->have);
    S->r0 = FP_TREND_REASON_NONE;
    for (size_t k = 0; k <= opts->max_joinpoints && (k == 0 || S->have[0]); k++) {
        /* Enumerate joinpoint indices j1 < j2 with ms points before j1,
         * ms strictly between and ms after the last. */
        size_t j[FP_JOINPOINT_MAX] = { 0 };
        int first_of_k = 1;
        if (k >= 1) j[0] = ms;
        if (k == 2) j[1] = 2 * ms + 1;
        for (;;) {
            int valid = 1;
            if (k >= 1 && j[k - 1] + ms >= n) valid = 0;  /* ms after the last */
            if (!valid) break;
            double tau[FP_JOINPOINT_MAX];
            for (size_t q = 0; q < k; q++) tau[q] = d->t[j[q]];
            design(d, tau, k, x);
            fit f;
            /* Start from the previous placement's fit (neighbouring
             * placements fit alike), the first from the straight line. */
            if (k && first_of_k) memcpy(etaw, eta0, n * sizeof *etaw);
            first_of_k = 0;
            fp_trend_reason r = k ? glm_fit(d, x, k + 2, &f, etaw, etaw, 0)
                                  : glm_fit(d, x, 2, &f, NULL, eta0, 0);
            if (r == FP_TREND_REASON_NONE) {
                if (!S->have[k] || f.dev < S->best[k].dev) {
                    S->best[k] = f;
                    memcpy(S->tau[k], tau, sizeof tau);
                    S->have[k] = 1;
                }
            } else if (k == 0) S->r0 = r;
            /* Next placement. */
            if (k == 0) break;
            if (k == 1) { j[0]++; continue; }
            j[1]++;
            if (j[1] + ms >= n) {
                j[0]++;
                j[1] = j[0] + ms + 1;
                if (j[1] + ms >= n) break;
            }
        }
    }
}

/* BIC of each k fitted into out->bic, and the k with the smallest. For
 * counts the deviance is scaled by the dispersion of the most flexible
 * model fitted (floored at 1), so that over-dispersion is not mistaken for
 * a change in trend. */
static size_t jp_choose(const prep *d, const fp_trend_options *opts, const jp_search *S,
                        fp_joinpoint_result *out)
{
    size_t n = d->n;
    size_t kmax = 0;
    for (size_t k = 0; k <= opts->max_joinpoints; k++) if (S->have[k]) kmax = k;
    double phib = 1;
    if (d->family != FP_TREND_FAMILY_LOGLINEAR) {
        double dfr = (double)n - (double)(kmax + 2);
        if (dfr > 0 && S->best[kmax].pearson / dfr > 1) phib = S->best[kmax].pearson / dfr;
    }
    size_t kbest = 0;
    double ln = log((double)n);
    for (size_t k = 0; k <= opts->max_joinpoints; k++) {
        if (!S->have[k]) continue;
        double fitterm = d->family == FP_TREND_FAMILY_LOGLINEAR
            ? (double)n * log(S->best[k].dev / (double)n) : S->best[k].dev / phib;
        out->bic[k] = fitterm + 2.0 * (double)(k + 1) * ln;
        if (out->bic[k] < out->bic[kbest]) kbest = k;
    }
    return kbest;
}

/* The segments, their APCs and the AAPC of the chosen fit f with kbest
 * joinpoints at tau (refitted with its covariance), into out. */
static void jp_segments(const prep *d, const fp_trend_options *opts, const fit *f,
                        const double *tau, size_t kbest, fp_joinpoint_result *out)
{
    size_t n = d->n, p = kbest + 2;
    double phi, phiu, df;
    scale_of(d, opts, f, p, &phi, &phiu, &df);
    out->dispersion = phi;
    out->n_joinpoints = kbest;
    out->n_segments = kbest + 1;
    double q = quantile(opts->confidence, df);
    double W = d->t[n - 1] - d->t[0];
    double cagg[FP__TREND_PMAX] = { 0 };
    for (size_t g = 0; g <= kbest; g++) {
        fp_trend_segment *seg = &out->segments[g];
        seg->t_start = g == 0 ? d->t[0] : tau[g - 1];
        seg->t_end = g == kbest ? d->t[n - 1] : tau[g];
        if (g < kbest) out->joinpoints[g] = tau[g];
        double c[FP__TREND_PMAX] = { 0 };
        for (size_t l = 1; l <= g + 1; l++) c[l] = 1;
        double b = 0;
        for (size_t l = 0; l < p; l++) b += c[l] * f->b[l];
        double se = sqrt(phiu * quad(f->cov, c, p));
        seg->slope = b;
        seg->apc = apc_of(b);
        seg->apc_lower = apc_of(b - q * se);
        seg->apc_upper = apc_of(b + q * se);
        double wgt = W > 0 ? (seg->t_end - seg->t_start) / W : 0;
        for (size_t l = 0; l < p; l++) cagg[l] += wgt * c[l];
    }
    double bagg = 0;
    for (size_t l = 0; l < p; l++) bagg += cagg[l] * f->b[l];
    double seagg = sqrt(phiu * quad(f->cov, cagg, p));
    out->aapc = apc_of(bagg);
    out->aapc_lower = apc_of(bagg - q * seagg);
    out->aapc_upper = apc_of(bagg + q * seagg);
    double pval = seagg > 0 ? two_sided_p(bagg / seagg, df) : (bagg == 0 ? 1 : 0);
    out->direction = FP_TREND_NO_CHANGE;
    if (pval < 1 - opts->confidence)
        out->direction = bagg > 0 ? FP_TREND_INCREASING : FP_TREND_DECREASING;
}

int fp_trend_joinpoint(const fp_trend_series *s, const fp_trend_options *opts,
                       fp_joinpoint_result *out)
{
    fp_trend_options def;
    if (!s || !out || (s->n > 0 && !s->t)) FP_ERROR(FP_EINVAL);
    if (!opts) { fp_trend_options_default(&def); opts = &def; }
    if (opts->max_joinpoints > FP_JOINPOINT_MAX) FP_ERROR(FP_EINVAL);
    memset(out, 0, sizeof *out);
    out->direction = FP_TREND_NOT_CALCULATED;
    out->aapc = out->aapc_lower = out->aapc_upper = out->dispersion = NAN;
    for (size_t k = 0; k <= FP_JOINPOINT_MAX; k++) out->bic[k] = NAN;

    double stackbuf[4 * MAXN_STACK];
    prep d;
    int status = fit_prepare(s, opts, &d, stackbuf, &out->reason, &out->family, &out->n);
    if (status != FP_OK) FP_ERROR(status);
    if (out->reason == FP_TREND_REASON_NONE && d.n > FP_JOINPOINT_MAX_POINTS)
        out->reason = FP_TREND_REASON_TOO_MANY_POINTS;
    if (out->reason != FP_TREND_REASON_NONE) { prep_free(&d, stackbuf); return FP_OK; }

    size_t n = d.n;
    double xbuf[FP__TREND_PMAX * MAXN_STACK], *x = xbuf;
    if (n > MAXN_STACK && !(x = malloc(FP__TREND_PMAX * n * sizeof *x))) { prep_free(&d, stackbuf); FP_ERROR(FP_ENOMEM); }

    double eta0buf[2 * MAXN_STACK], *eta0 = eta0buf;
    if (n > MAXN_STACK && !(eta0 = malloc(2 * n * sizeof *eta0))) {
        if (x != xbuf) free(x);
        prep_free(&d, stackbuf);
        FP_ERROR(FP_ENOMEM);
    }
    jp_search S;
    jp_search_all(&d, opts, x, eta0, &S);
    if (!S.have[0]) {
        out->reason = S.r0 != FP_TREND_REASON_NONE ? S.r0 : FP_TREND_REASON_NO_CONVERGENCE;
        goto done;
    }
    size_t kbest = jp_choose(&d, opts, &S, out);
    fit *f = &S.best[kbest];
    /* Refit the chosen model (from the no-joinpoint fit) for its covariance:
     * the search skips it for speed. */
    design(&d, S.tau[kbest], kbest, x);
    if (glm_fit(&d, x, kbest + 2, f, d.family == FP_TREND_FAMILY_LOGLINEAR ? NULL : eta0, NULL, 1)
        != FP_TREND_REASON_NONE) {
        out->reason = FP_TREND_REASON_NO_CONVERGENCE;
        goto done;
    }
    jp_segments(&d, opts, f, S.tau[kbest], kbest, out);
done:
    if (eta0 != eta0buf) free(eta0);
    if (x != xbuf) free(x);
    prep_free(&d, stackbuf);
    return FP_OK;
}
