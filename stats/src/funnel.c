/* funnel.c -- funnel plot control limits and point significance, as
 * PHEindicatormethods::calculate_funnel_limits and
 * assign_funnel_significance (the Fingertips technical guidance; the Excel
 * funnel plot tool of the Association of Public Health Observatories).
 *
 *  - Proportions: the limits around the average proportion are the values
 *    whose Wilson score interval just reaches the average (Spiegelhalter
 *    2005, "Funnel plots for comparing institutional performance", Stat Med
 *    24:1185-1202, with the score-interval inversion used by the APHO tool).
 *  - Ratios and rates: exact Poisson limits. OHID's code finds them by a
 *    bisection accurate to about 2e-7; here they are the closed forms
 *    qchisq(tail, 2 O)/2 and qchisq(1 - tail, 2 O + 2)/2, so values agree
 *    with OHID's to about 1e-6 relative. */
#include "fp_internal.h"
#include "rates_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

const char *fp_funnel_sig_name(fp_funnel_sig sig)
{
    switch (sig) {
    case FP_FUNNEL_NOT_SIGNIFICANT: return "Not significant";
    case FP_FUNNEL_HIGH_2S: return "High (0.025)";
    case FP_FUNNEL_HIGH_3S: return "High (0.001)";
    case FP_FUNNEL_LOW_2S: return "Low (0.025)";
    case FP_FUNNEL_LOW_3S: return "Low (0.001)";
    case FP_FUNNEL_NOT_APPLICABLE: return "Not applicable";
    }
    return "";
}

/* The proportion at population n whose score interval at normal quantile z
 * has the average a as its limit: the roots of a quadratic, lower (sign -1)
 * or upper (+1), as a fraction. */
static double score_limit(double a, double n, double z, int sign)
{
    double z2 = z * z;
    double k = n / z2 + 1.0;
    double first = a * k;
    double disc = 64.0 * a * a * k * k
                - 64.0 * (1.0 / z2 + 1.0 / n) * a * (n * (a * (n / z2 + 2.0) - 1.0) + z2 * (a - 1.0));
    double adj = sqrt(disc > 0.0 ? disc : 0.0);
    double last = 1.0 / z2 + 1.0 / n;
    return (first + sign * adj / 8.0) / last / n;
}

int fp_funnel_proportion(double average, double n, double level, double multiplier,
                         double *lower, double *upper)
{
    if (!lower || !upper || !fp__level_valid(level) || !(multiplier > 0.0) || isinf(multiplier))
        FP_ERROR(FP_EINVAL);
    *lower = *upper = NAN;
    if (isnan(n) || n == 0.0) FP_ERROR(FP_EZERODIV);
    if (isnan(average)) FP_ERROR(FP_ENODATA);
    if (n < 0.0 || average < 0.0 || average > 1.0 || isinf(n)) FP_ERROR(FP_EDOM);
    double z = fp_level_z(level);
    double lo = score_limit(average, n, z, -1) * multiplier;
    double hi = score_limit(average, n, z, +1) * multiplier;
    *lower = lo < 0.0 ? 0.0 : lo;
    *upper = hi > multiplier ? multiplier : hi;
    return FP_OK;
}

int fp_funnel_poisson(double observed, double level, double *mu_low, double *mu_high)
{
    if (!mu_low || !mu_high || !fp__level_valid(level)) FP_ERROR(FP_EINVAL);
    *mu_low = *mu_high = NAN;
    if (isnan(observed)) FP_ERROR(FP_ENODATA);
    if (observed < 0.0 || isinf(observed)) FP_ERROR(FP_EDOM);
    *mu_low = fp__exact_lower(observed, level);
    *mu_high = fp__exact_upper(observed, level);
    return FP_OK;
}

int fp_funnel_ratio(double observed, double level, double *lower, double *upper)
{
    double ml, mh;
    if (!lower || !upper) FP_ERROR(FP_EINVAL);
    int st = fp_funnel_poisson(observed, level, &ml, &mh);
    if (st != FP_OK) { *lower = *upper = NAN; return st; }
    if (observed == 0.0) { *lower = 0.0; *upper = NAN; FP_ERROR(FP_ERANGE); }
    *lower = observed / mh;
    *upper = observed / ml;
    return FP_OK;
}

int fp_funnel_rate(double events, double average, double level, double multiplier,
                   double *lower, double *upper)
{
    double ml, mh;
    if (!lower || !upper || !(multiplier > 0.0) || isinf(multiplier)) FP_ERROR(FP_EINVAL);
    *lower = *upper = NAN;
    if (isnan(average)) FP_ERROR(FP_ENODATA);
    if (average <= 0.0 || isinf(average)) FP_ERROR(FP_EDOM);
    int st = fp_funnel_poisson(events, level, &ml, &mh);
    if (st != FP_OK) return st;
    if (events == 0.0) FP_ERROR(FP_ERANGE);
    /* The population at which `events` is on each limit is mu / average. */
    *lower = events / (mh / average) * multiplier;
    *upper = events / (ml / average) * multiplier;
    return FP_OK;
}

/* ------------------------------------------------------------ axis */

/* The number of characters R's as.character() gives a positive whole
 * number: the shorter of fixed and scientific notation, fixed on a tie
 * (so 100000 is "1e+05", 5 characters). PHEindicatormethods' axis rounding
 * counts digits with nchar() and so inherits this. */
static int r_nchar(double v)
{
    char fixed[64], sci[64];
    snprintf(fixed, sizeof fixed, "%.0f", v);
    int nf = (int)strlen(fixed);
    /* Scientific with the fewest significant digits (up to 15) that round-trip. */
    int ns = 99;
    for (int d = 0; d < 15; d++) {
        snprintf(sci, sizeof sci, "%.*e", d, v);
        if (strtod(sci, NULL) == v) {
            /* R writes a two-digit exponent at least: "1e+05". */
            char *e = strchr(sci, 'e');
            int exp10 = e ? atoi(e + 1) : 0;
            int mant = d == 0 ? 1 : d + 2;
            ns = mant + 2 + (abs(exp10) >= 100 ? 3 : 2);
            break;
        }
    }
    return nf <= ns ? nf : ns;
}

static double signif_floor(double x)
{
    if (x == 0.0) return 0.0;
    int n = r_nchar(floor(x * 0.95)) - 1;
    double p = pow(10.0, n);
    return floor(x * 0.95 / p) * p;
}

static double signif_ceiling(double x)
{
    if (x == 0.0) return 0.0;
    int n = r_nchar(ceil(x * 1.05)) - 2;
    double p = pow(10.0, n);
    return ceil(x * 1.05 / p) * p;
}

int fp_funnel_axis(fp_funnel_kind kind, double min_den, double max_den, double average,
                   double years, double *points)
{
    if (!points || (kind != FP_FUNNEL_PROPORTION && kind != FP_FUNNEL_RATIO
                    && kind != FP_FUNNEL_RATE))
        FP_ERROR(FP_EINVAL);
    if (isnan(min_den) || isnan(max_den)) FP_ERROR(FP_ENODATA);
    if (min_den < 0.0 || max_den < min_den || isinf(max_den)) FP_ERROR(FP_EDOM);
    if (kind == FP_FUNNEL_RATE && (!(years > 0.0) || !(average > 0.0) || isinf(average)))
        FP_ERROR(FP_EINVAL);
    double amin, amax;
    if (kind == FP_FUNNEL_RATE) {
        amin = max_den > 2.0 * min_den ? 0.0 : signif_floor(min_den / years) * years;
        amax = signif_ceiling(max_den / years) * years;
        amin = floor(amin * average);
        amax = ceil(amax * average);
    } else {
        amin = max_den > 2.0 * min_den ? 0.0 : signif_floor(min_den);
        amax = signif_ceiling(max_den);
    }
    points[0] = amin > 1.0 ? amin : 1.0;
    for (int j = 2; j <= FP_FUNNEL_POINTS; j++) {
        int offset = kind == FP_FUNNEL_RATIO ? j - 1 : j;
        double prev = points[j - 2];
        /* R's round() rounds half to even, as nearbyint does by default. */
        double next = nearbyint(pow(amax / prev, 1.0 / (101 - offset)) * prev);
        points[j - 1] = next > prev + 1.0 ? next : prev + 1.0;
    }
    return FP_OK;
}

/* ---------------------------------------------------- significance */

/* Where v lies against the 95% (l2, u2) and 99.8% (l3, u3) limits:
 * strictly outside, as OHID and FunnelPlotR. */
static fp_funnel_sig against_limits(double v, double l2, double u2, double l3, double u3)
{
    if (v < l3) return FP_FUNNEL_LOW_3S;
    if (v < l2) return FP_FUNNEL_LOW_2S;
    if (v > u3) return FP_FUNNEL_HIGH_3S;
    if (v > u2) return FP_FUNNEL_HIGH_2S;
    return FP_FUNNEL_NOT_SIGNIFICANT;
}

int fp_funnel_proportion_sig(double x, double n, double average, fp_funnel_sig *sig)
{
    double l2, u2, l3, u3;
    if (!sig) FP_ERROR(FP_EINVAL);
    *sig = FP_FUNNEL_NOT_APPLICABLE;
    if (isnan(n) || n == 0.0) FP_ERROR(FP_EZERODIV);
    if (isnan(x) || isnan(average)) FP_ERROR(FP_ENODATA);
    if (x < 0.0 || n < 0.0 || x > n || isinf(n)) FP_ERROR(FP_EDOM);
    int st = fp_funnel_proportion(average, n, 0.95, 1.0, &l2, &u2);
    if (st == FP_OK) st = fp_funnel_proportion(average, n, 0.998, 1.0, &l3, &u3);
    if (st != FP_OK) return st;
    /* phe_funnel_significance compares with the unclipped limits; the
     * clipped ones give the same answer since x/n lies in [0, 1]. */
    *sig = against_limits(x / n, l2, u2, l3, u3);
    return FP_OK;
}

int fp_funnel_ratio_sig(double observed, double expected, fp_funnel_sig *sig)
{
    fp_ci c2, c3;
    if (!sig) FP_ERROR(FP_EINVAL);
    *sig = FP_FUNNEL_NOT_APPLICABLE;
    int st = fp_isr_ci(observed, expected, 1.0, 0.95, &c2);
    if (st != FP_OK) return st;
    st = fp_isr_ci(observed, expected, 1.0, 0.998, &c3);
    if (st != FP_OK) return st;
    if (1.0 < c3.lower) *sig = FP_FUNNEL_HIGH_3S;
    else if (1.0 < c2.lower) *sig = FP_FUNNEL_HIGH_2S;
    else if (1.0 > c3.upper) *sig = FP_FUNNEL_LOW_3S;
    else if (1.0 > c2.upper) *sig = FP_FUNNEL_LOW_2S;
    else *sig = FP_FUNNEL_NOT_SIGNIFICANT;
    return FP_OK;
}

/* --------------------------------------------- limits at a denominator */

/* mu_low(O) (which = 0) or mu_high(O) (which = 1) at two-sided level. */
static double mu_at(double o, double level, int which)
{
    double lo, hi;
    if (fp_funnel_poisson(o, level, &lo, &hi) != FP_OK) return NAN;
    return which ? hi : lo;
}

/* The count O at which the Poisson curve `which` reaches target = average x
 * d (mu_low(O) = target for the upper limit, mu_high(O) = target for the
 * lower), by bisection: mu_low and mu_high increase with O. */
static int poisson_count_at(double target, double level, int which, double *o)
{
    if (which == 1 && target <= mu_at(0, level, 1)) { *o = 0; return FP_OK; }
    double lo = 0, hi = target + 10 * sqrt(target) + 10;
    for (int k = 0; k < 200 && !(mu_at(hi, level, which) >= target); k++) hi *= 2;
    if (!(mu_at(hi, level, which) >= target)) FP_ERROR(FP_ERANGE);
    for (int k = 0; k < 200 && hi - lo > 1e-13 * hi; k++) {
        double mid = 0.5 * (lo + hi);
        double m = mu_at(mid, level, which);
        if (!isfinite(m)) FP_ERROR(FP_ERANGE);
        if (m < target) lo = mid; else hi = mid;
    }
    *o = 0.5 * (lo + hi);
    return FP_OK;
}

int fp_funnel_limits_at(fp_funnel_kind kind, double average, double d, double level,
                        double *lower, double *upper)
{
    if (!lower || !upper || !fp__level_valid(level) || !(d > 0) || !isfinite(d))
        FP_ERROR(FP_EINVAL);
    *lower = *upper = NAN;
    if (kind == FP_FUNNEL_PROPORTION) {
        if (!(average >= 0 && average <= 1)) FP_ERROR(FP_EINVAL);
        return fp_funnel_proportion(average, d, level, 1.0, lower, upper);
    }
    if (kind != FP_FUNNEL_RATE && kind != FP_FUNNEL_RATIO) FP_ERROR(FP_EINVAL);
    if (!(average > 0) || !isfinite(average)) FP_ERROR(FP_EINVAL);
    double ol, ou;
    int st = poisson_count_at(average * d, level, 1, &ol);
    if (st == FP_OK) st = poisson_count_at(average * d, level, 0, &ou);
    if (st != FP_OK) return st;
    *lower = ol / d;
    *upper = ou / d;
    return FP_OK;
}

/* ------------------------------------------------------ overdispersion */

const char *fp_od_method_name(fp_od_method m)
{
    switch (m) {
    case FP_OD_NONE: return "none";
    case FP_OD_MULTIPLICATIVE: return "multiplicative";
    case FP_OD_ADDITIVE: return "additive";
    }
    return "";
}

const char *fp_od_trim_name(fp_od_trim t)
{
    switch (t) {
    case FP_OD_WINSORISE: return "winsorise";
    case FP_OD_TRUNCATE: return "truncate";
    }
    return "";
}

const char *fp_od_scale_name(fp_od_scale s)
{
    switch (s) {
    case FP_OD_SCALE_DEFAULT: return "default";
    case FP_OD_SCALE_ARCSINE: return "arcsine";
    case FP_OD_SCALE_LOG: return "log";
    case FP_OD_SCALE_SQRT: return "sqrt";
    }
    return "";
}

/* The target on the transformed scale. */
static double od_t(fp_od_scale scale, double target)
{
    switch (scale) {
    case FP_OD_SCALE_ARCSINE: return asin(sqrt(target));
    case FP_OD_SCALE_LOG: return log(1.0);
    default: return 1.0;
    }
}

/* A unit's standard error at denominator d on the transformed scale, with
 * ratios and rates expressed against E = d x target (the fit's target is
 * folded into E, so the ratio scale's target is 1). */
static double od_s(const fp_od_fit *f, double d)
{
    double e = f->kind == FP_FUNNEL_PROPORTION ? d : d * f->target;
    return f->scale == FP_OD_SCALE_LOG ? 1.0 / sqrt(e) : 1.0 / (2.0 * sqrt(e));
}

/* The unit's z-score: (Y - T) / s. For ratios and rates Y is taken of
 * O / E with E = den x target, so T is log 1 = 0 or sqrt 1 = 1. */
static double od_z(const fp_od_fit *f, double x, double d)
{
    double s = od_s(f, d);
    if (f->kind == FP_FUNNEL_PROPORTION)
        return (asin(sqrt(x / d)) - asin(sqrt(f->target))) / s;
    double r = x / (d * f->target);
    if (f->scale == FP_OD_SCALE_LOG) return (r > 0 ? log(r) : -INFINITY) / s;
    return (sqrt(r) - 1.0) / s;
}

/* R's quantile(x, p, type = 7) of the sorted finite-or-infinite values v. */
static double quantile7(const double *v, size_t n, double p)
{
    double index = 1.0 + (double)(n - 1) * p;
    double lo = floor(index), hi = ceil(index);
    double qs = v[(size_t)lo - 1];
    double h = index - lo;
    double xh = v[(size_t)hi - 1];
    if (index > lo && xh != qs) qs = (1.0 - h) * qs + h * xh;
    return qs;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sum z^2 and the weights' sums over the kept scores; the kept scores are
 * the Winsorised ones (all units) or those not truncated. */
typedef struct od_sums { double z2, w, w2; size_t n; } od_sums;

static void od_add(od_sums *a, double z, double s)
{
    double w = 1.0 / (s * s);
    a->z2 += z * z;
    a->w += w;
    a->w2 += w * w;
    a->n++;
}

/* Winsorise: clamp each score to the trim_by and 1 - trim_by quantiles. */
static void od_winsorise(const double *zs, const double *ss, size_t m,
                         double trim_by, double *sorted, od_sums *a, double *lz, double *uz)
{
    memcpy(sorted, zs, m * sizeof *sorted);
    qsort(sorted, m, sizeof *sorted, cmp_double);
    *lz = quantile7(sorted, m, trim_by);
    *uz = quantile7(sorted, m, 1.0 - trim_by);
    for (size_t i = 0; i < m; i++) {
        double z = zs[i] < *lz ? *lz : zs[i] > *uz ? *uz : zs[i];
        od_add(a, z, ss[i]);
    }
}

/* Truncate as FunnelPlotR's truncation(): rank the scores (ties get their
 * average rank), group g = floor(rank k / (m + 1)) with k = 1/trim_by, and
 * keep the groups 1 .. k-2. */
static void od_truncate(const double *zs, const double *ss, size_t m, double trim_by,
                        double *sorted, od_sums *a)
{
    double k = nearbyint(1.0 / trim_by);
    memcpy(sorted, zs, m * sizeof *sorted);
    qsort(sorted, m, sizeof *sorted, cmp_double);
    for (size_t i = 0; i < m; i++) {
        /* Average rank of zs[i]: 1-based positions of its equals in sorted. */
        size_t first = 0, count = 0;
        for (size_t j = 0; j < m; j++) {
            if (sorted[j] < zs[i]) first++;
            else if (sorted[j] == zs[i]) count++;
        }
        double rank = (double)first + (double)(count + 1) / 2.0;
        double g = floor(rank * k / (double)(m + 1));
        if (g > 0 && g < k - 1) od_add(a, zs[i], ss[i]);
    }
}

static int od_spec_valid(const fp_od_spec *sp, fp_od_scale *scale)
{
    if (sp->kind != FP_FUNNEL_PROPORTION && sp->kind != FP_FUNNEL_RATIO && sp->kind != FP_FUNNEL_RATE)
        return 0;
    fp_od_scale sc = sp->scale;
    if (sc == FP_OD_SCALE_DEFAULT) sc = sp->kind == FP_FUNNEL_PROPORTION ? FP_OD_SCALE_ARCSINE : FP_OD_SCALE_LOG;
    if ((sp->kind == FP_FUNNEL_PROPORTION) != (sc == FP_OD_SCALE_ARCSINE)) return 0;
    if (sc != FP_OD_SCALE_ARCSINE && sc != FP_OD_SCALE_LOG && sc != FP_OD_SCALE_SQRT) return 0;
    if (!(sp->trim_by >= 0 && sp->trim_by < 0.5)) return 0;
    if (sp->trim == FP_OD_TRUNCATE) {
        if (!(sp->trim_by > 0)) return 0;
        double k = 1.0 / sp->trim_by;
        if (fabs(k - nearbyint(k)) > 1e-9 * k || nearbyint(k) < 3) return 0;
    } else if (sp->trim != FP_OD_WINSORISE) {
        return 0;
    }
    *scale = sc;
    return 1;
}

int fp_funnel_od_fit(const fp_od_spec *sp, const double *num, const double *den, size_t n,
                     double *z, fp_od_fit *fit)
{
    fp_od_scale scale;
    if (!sp || !fit || (n && (!num || !den)) || !od_spec_valid(sp, &scale)) FP_ERROR(FP_EINVAL);
    memset(fit, 0, sizeof *fit);
    fit->kind = sp->kind;
    fit->scale = scale;
    fit->phi = fit->tau2 = fit->p_value = fit->target = NAN;
    fit->lz = fit->uz = NAN;
    double sx = 0, sd = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (z) z[i] = NAN;
        if (isnan(num[i]) || isnan(den[i]) || !(den[i] > 0)) continue;
        if (num[i] < 0 || isinf(num[i]) || isinf(den[i])) FP_ERROR(FP_EDOM);
        if (sp->kind == FP_FUNNEL_PROPORTION && num[i] > den[i]) FP_ERROR(FP_EDOM);
        sx += num[i]; sd += den[i]; m++;
    }
    fit->n = m;
    double target = sp->target;
    if (isnan(target)) target = sp->kind == FP_FUNNEL_RATIO ? 1.0 : sx / sd;
    if (sp->kind == FP_FUNNEL_PROPORTION ? !(target >= 0 && target <= 1) : !(target > 0) || isinf(target))
        FP_ERROR(FP_EDOM);
    fit->target = target;
    if (m < 2) FP_ERROR(FP_ENODATA);
    double *zs = malloc(3 * m * sizeof *zs);
    if (!zs) FP_ERROR(FP_ENOMEM);
    double *ss = zs + m, *sorted = ss + m;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (isnan(num[i]) || isnan(den[i]) || !(den[i] > 0)) continue;
        zs[k] = od_z(fit, num[i], den[i]);
        ss[k] = od_s(fit, den[i]);
        if (z) z[i] = zs[k];
        k++;
    }
    od_sums a = { 0, 0, 0, 0 };
    if (sp->trim == FP_OD_WINSORISE) od_winsorise(zs, ss, m, sp->trim_by, sorted, &a, &fit->lz, &fit->uz);
    else od_truncate(zs, ss, m, sp->trim_by, sorted, &a);
    free(zs);
    fit->n_used = a.n;
    if (a.n < 2) FP_ERROR(FP_ENODATA);
    double nn = (double)a.n;
    fit->phi = a.z2 / nn;
    if (!isfinite(fit->phi)) FP_ERROR(FP_ERANGE);
    fit->tau2 = nn * fit->phi < nn - 1 ? 0.0
              : fmax(0.0, (nn * fit->phi - (nn - 1)) / (a.w - a.w2 / a.w));
    fit->p_value = gsl_cdf_chisq_Q(nn * fit->phi, nn - 1);
    return FP_OK;
}

/* The limit T + k sigma transformed back to the original scale (a
 * fraction, or a ratio against E = d x target times the target). */
static double od_back(const fp_od_fit *f, double v)
{
    switch (f->scale) {
    case FP_OD_SCALE_ARCSINE: {
        if (v <= 0) return 0.0;
        if (v >= 2.0 * atan(1.0)) return 1.0;
        double s = sin(v);
        return s * s;
    }
    case FP_OD_SCALE_LOG: return f->target * exp(v);
    default: return v <= 0 ? 0.0 : f->target * v * v;
    }
}

int fp_funnel_od_limits(const fp_od_fit *f, fp_od_method method, double d, double level,
                        double *lower, double *upper, int *adjusted)
{
    if (!f || !lower || !upper || !fp__level_valid(level) || !(d > 0) || !isfinite(d) ||
        (method != FP_OD_NONE && method != FP_OD_MULTIPLICATIVE && method != FP_OD_ADDITIVE))
        FP_ERROR(FP_EINVAL);
    int adj = method != FP_OD_NONE && f->phi > 1.0;
    if (adjusted) *adjusted = adj;
    if (!adj) return fp_funnel_limits_at(f->kind, f->target, d, level, lower, upper);
    double s = od_s(f, d);
    double sigma = method == FP_OD_MULTIPLICATIVE ? sqrt(f->phi) * s : sqrt(s * s + f->tau2);
    double t = od_t(f->scale, f->target);
    double zq = fp_level_z(level);
    *lower = od_back(f, t - zq * sigma);
    *upper = od_back(f, t + zq * sigma);
    return FP_OK;
}

int fp_funnel_od_sig(const fp_od_fit *f, fp_od_method method, double num, double den,
                     fp_funnel_sig *sig)
{
    if (!f || !sig) FP_ERROR(FP_EINVAL);
    *sig = FP_FUNNEL_NOT_APPLICABLE;
    if (method != FP_OD_NONE && method != FP_OD_MULTIPLICATIVE && method != FP_OD_ADDITIVE)
        FP_ERROR(FP_EINVAL);
    if (isnan(num) || isnan(den)) FP_ERROR(FP_ENODATA);
    if (!(den > 0) || isinf(den) || num < 0 || isinf(num)) FP_ERROR(FP_EDOM);
    if (method == FP_OD_NONE || !(f->phi > 1.0)) {
        if (f->kind == FP_FUNNEL_PROPORTION) return fp_funnel_proportion_sig(num, den, f->target, sig);
        return fp_funnel_ratio_sig(num, den * f->target, sig);
    }
    double l2, u2, l3, u3;
    int st = fp_funnel_od_limits(f, method, den, 0.95, &l2, &u2, NULL);
    if (st == FP_OK) st = fp_funnel_od_limits(f, method, den, 0.998, &l3, &u3, NULL);
    if (st != FP_OK) return st;
    *sig = against_limits(num / den, l2, u2, l3, u3);
    return FP_OK;
}

/* ------------------------------------- limits at a one-sided probability */

/* The two-sided level of one-sided probability p, and its side: 1 for the
 * upper limit (p > 0.5), 0 for the lower, -1 when p is not in (0, 1) or is
 * 0.5 (no limit). */
static int level_of(double p, double *level)
{
    if (!(p > 0 && p < 1) || p == 0.5) return -1;
    *level = p > 0.5 ? 2 * p - 1 : 1 - 2 * p;
    return p > 0.5;
}

int fp_funnel_limit_p(fp_funnel_kind kind, double centre, double multiplier, double d, double p,
                      double *limit)
{
    double level = 0, lo, hi;
    int upper = level_of(p, &level);
    if (!limit || !(d > 0) || !isfinite(d) || !(multiplier > 0) || !isfinite(multiplier) ||
        upper < 0 || !isfinite(centre))
        FP_ERROR(FP_EINVAL);
    int st = fp_funnel_limits_at(kind, centre / multiplier, d, level, &lo, &hi);
    if (st != FP_OK) return st;
    *limit = (upper ? hi : lo) * multiplier;
    return FP_OK;
}

int fp_funnel_od_limit_p(const fp_od_fit *fit, fp_od_method method, double multiplier, double d,
                         double p, double *limit)
{
    double level = 0, lo, hi;
    int upper = level_of(p, &level);
    if (!fit || !limit || !(multiplier > 0) || !isfinite(multiplier) || upper < 0)
        FP_ERROR(FP_EINVAL);
    int st = fp_funnel_od_limits(fit, method, d, level, &lo, &hi, NULL);
    if (st != FP_OK) return st;
    *limit = (upper ? hi : lo) * multiplier;
    return FP_OK;
}
