/* trend_project.c -- projection of a series to a target period with a
 * prediction interval, and whether a target will be met "on current trend".
 * Matches R's predict(lm(y ~ t), data.frame(t = t0), interval =
 * "prediction", level = conf); the log-linear model fits log(y) and
 * exponentiates the fit and the limits; the logit model (percentages and
 * proportions) fits logit(y / bound) and takes the fit and limits back with
 * bound * expit(), so a projected percentage stays within 0-100 (a
 * monotone transformation carries the interval's coverage over: Warton &
 * Hui 2011, "The arcsine is asinine: the analysis of proportions in
 * ecology", Ecology 92(1):3-10, on the logit scale for proportions;
 * checked against statsmodels OLS get_prediction in
 * tests/ref/projection/). */
#include "trend_internal.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

/* The value on the scale of the fit (squeeze: 0, or the points N of the
 * Smithson-Verkuilen squeeze). */
static double transform(fp_projection_model model, double bound, double squeeze, double v)
{
    if (model == FP_PROJECT_LOGLINEAR) return log(v);
    if (model != FP_PROJECT_LOGIT) return v;
    double p = v / bound;
    if (squeeze > 0) p = (p * (squeeze - 1) + 0.5) / squeeze;
    return log(p / (1 - p));
}

int fp_trend_project(const fp_trend_series *s, fp_projection_model model,
                     double t_target, double target, fp_polarity polarity,
                     const fp_trend_options *opts, fp_projection *out)
{
    fp_trend_options def;
    if (!s || !out || (s->n > 0 && (!s->t || !s->value))) FP_ERROR(FP_EINVAL);
    if (model != FP_PROJECT_LINEAR && model != FP_PROJECT_LOGLINEAR && model != FP_PROJECT_LOGIT)
        FP_ERROR(FP_EINVAL);
    if (isnan(t_target)) FP_ERROR(FP_EINVAL);
    if (!opts) { fp_trend_options_default(&def); opts = &def; }
    if (model == FP_PROJECT_LOGIT && !(opts->bound > 0)) FP_ERROR(FP_EINVAL);
    memset(out, 0, sizeof *out);
    out->model = model;
    out->t_target = t_target;
    out->slope = out->intercept = out->fit = out->lower = out->upper = NAN;
    out->meets_target = -1;
    out->outlook = FP_OUTLOOK_NONE;

    for (size_t i = 0; i + 1 < s->n; i++)
        if (!(s->t[i + 1] > s->t[i])) { out->reason = FP_TREND_REASON_DUPLICATE_TIME; return FP_OK; }
    /* The logit model: a value at 0 or at the bound has no logit, so when
     * the series has one every proportion p = value / bound is squeezed
     * towards 1/2 as (p (N - 1) + 1/2) / N, N the points (Smithson &
     * Verkuilen 2006, "A better lemon squeezer?", Psychological Methods
     * 11(1):54-71); the fit and limits are taken back without un-squeezing,
     * so they stay inside (0, bound). A value outside [0, bound] cannot be
     * fitted. */
    double bound = opts->bound, squeeze = 0;
    int logit = model == FP_PROJECT_LOGIT;
    for (size_t i = 0; logit && i < s->n; i++) {
        double v = s->value[i];
        if (isnan(v)) continue;
        if (v < 0 || v > bound) { out->reason = FP_TREND_REASON_OUT_OF_BOUNDS; return FP_OK; }
        if (v == 0 || v == bound) squeeze = 1;
    }
    if (squeeze) {
        size_t m = 0;
        for (size_t i = 0; i < s->n; i++) m += !isnan(s->value[i]);
        squeeze = (double)m;
    }
    /* Two passes: means, then centred sums (stable for years like 2016). */
    double st = 0, sy = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        double v = s->value[i];
        if (isnan(v)) continue;
        if (model == FP_PROJECT_LOGLINEAR && !(v > 0)) { out->reason = FP_TREND_REASON_NONPOSITIVE; return FP_OK; }
        st += s->t[i];
        sy += transform(model, bound, squeeze, v);
        n++;
    }
    out->n = n;
    if (n < 3) { out->reason = FP_TREND_REASON_TOO_FEW_POINTS; return FP_OK; }
    double tb = st / (double)n, yb = sy / (double)n, sxx = 0, sxy = 0;
    for (size_t i = 0; i < s->n; i++) {
        double v = s->value[i];
        if (isnan(v)) continue;
        double y = transform(model, bound, squeeze, v);
        sxx += (s->t[i] - tb) * (s->t[i] - tb);
        sxy += (s->t[i] - tb) * (y - yb);
    }
    double b = sxy / sxx, a = yb - b * tb, sse = 0;
    for (size_t i = 0; i < s->n; i++) {
        double v = s->value[i];
        if (isnan(v)) continue;
        double y = transform(model, bound, squeeze, v);
        double e = y - (yb + b * (s->t[i] - tb));
        sse += e * e;
    }
    double dn = (double)n;
    double s2 = sse / (dn - 2);
    double fitv = yb + b * (t_target - tb);
    double se = sqrt(s2 * (1 + 1 / dn + (t_target - tb) * (t_target - tb) / sxx));
    double q = gsl_cdf_tdist_Pinv(1 - (1 - opts->confidence) / 2, dn - 2);
    out->slope = b;
    out->intercept = a;
    if (model == FP_PROJECT_LOGLINEAR) {
        out->fit = exp(fitv);
        out->lower = exp(fitv - q * se);
        out->upper = exp(fitv + q * se);
    } else if (logit) {
        out->fit = bound / (1 + exp(-fitv));
        out->lower = bound / (1 + exp(-(fitv - q * se)));
        out->upper = bound / (1 + exp(-(fitv + q * se)));
    } else {
        out->fit = fitv;
        out->lower = fitv - q * se;
        out->upper = fitv + q * se;
    }
    if (isnan(target)) return FP_OK;
    if (polarity == FP_POLARITY_NONE) { out->reason = FP_TREND_REASON_NO_POLARITY; return FP_OK; }
    int high = polarity == FP_POLARITY_HIGH;
    out->meets_target = high ? out->fit >= target : out->fit <= target;
    int lo_meets = high ? out->lower >= target : out->lower <= target;
    int up_meets = high ? out->upper >= target : out->upper <= target;
    if (lo_meets && up_meets) out->outlook = FP_OUTLOOK_ON_TRACK;
    else if (!lo_meets && !up_meets) out->outlook = FP_OUTLOOK_OFF_TRACK;
    else out->outlook = FP_OUTLOOK_UNCERTAIN;
    return FP_OK;
}

int fp_trend_project_period(const fp_trend_series *s, long series_class, const fp_period *to,
                            fp_projection_model model, double target, fp_polarity polarity,
                            const fp_trend_options *opts, fp_projection *p, const char **why)
{
    if (!s || !to || !p || !why) FP_ERROR(FP_EINVAL);
    memset(p, 0, sizeof *p);
    p->model = model;
    p->slope = p->intercept = p->fit = p->lower = p->upper = NAN;
    p->meets_target = -1;
    p->outlook = FP_OUTLOOK_NONE;
    *why = NULL;
    if (fp_period_class(to) != series_class) {
        *why = "the target period is not of the same kind as the series";
        return FP_OK;
    }
    p->t_target = (double)fp_period_index(to);
    if (fp_trend_project(s, model, p->t_target, target, polarity, opts, p) != FP_OK)
        *why = "invalid projection";
    else if (p->reason != FP_TREND_REASON_NONE && p->reason != FP_TREND_REASON_NO_POLARITY)
        *why = fp_trend_reason_string(p->reason);
    return FP_OK;
}
