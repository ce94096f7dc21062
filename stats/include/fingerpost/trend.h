/* fingerpost/trend.h -- trend tests for short indicator series: the Fingertips
 * recent trend, Mann-Kendall with Sen's slope, Poisson / binomial / log-linear
 * annual percentage change, joinpoint (piecewise log-linear) fits with the
 * average annual percentage change, and projection to a target period.
 *
 * Every result says in plain words what it found ("increasing and getting
 * worse") and, when it could not be calculated, why (an fp_trend_reason),
 * never a silent "no change". Gaps in a series (a missing value, or a break in
 * the time axis) are detected and reported; methods that need consecutive
 * points refuse a gapped window rather than joining across it.
 *
 * Inputs are plain arrays gathered in an fp_trend_series. Time is a numeric
 * index in the series' natural step (fp_period_index gives years, quarters or
 * months): consecutive periods differ by exactly 1. Methods are pure
 * functions; none allocates memory that outlives the call.
 *
 * Part of the public contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_TREND_H
#define FINGERPOST_TREND_H

#include <stddef.h>
#include "fingerpost/common.h"
#include "fingerpost/data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ results */

/* The direction a method found. */
typedef enum fp_trend_direction {
    FP_TREND_NOT_CALCULATED = 0, /* cannot be calculated: see the reason */
    FP_TREND_NO_CHANGE,          /* no significant change */
    FP_TREND_INCREASING,         /* significant increase */
    FP_TREND_DECREASING          /* significant decrease */
} fp_trend_direction;

/* Why a result is what it is. FP_TREND_REASON_NONE for an ordinary result;
 * otherwise the reason a result cannot be calculated, or (for
 * FP_TREND_REASON_OUTLIER) why a significant statistic was not called a trend. */
typedef enum fp_trend_reason {
    FP_TREND_REASON_NONE = 0,
    FP_TREND_REASON_TOO_FEW_POINTS,  /* fewer points than the method needs */
    FP_TREND_REASON_MISSING_VALUE,   /* a value (or count) in the window is missing */
    FP_TREND_REASON_MISSING_CI,      /* a confidence limit is missing */
    FP_TREND_REASON_ZERO_WIDTH_CI,   /* a confidence interval has zero or negative width */
    FP_TREND_REASON_DUPLICATE_TIME,  /* two points share a period, or times are out of order */
    FP_TREND_REASON_GAP,             /* the window has a break in time */
    FP_TREND_REASON_MISSING_COUNT,   /* counts/denominators needed but absent */
    FP_TREND_REASON_INVALID_COUNT,   /* negative count, or numerator above denominator */
    FP_TREND_REASON_ZERO_DENOMINATOR,/* a denominator is zero */
    FP_TREND_REASON_NONPOSITIVE,     /* a log-linear fit met a value <= 0 */
    FP_TREND_REASON_CONSTANT,        /* all values are equal (no variation to test) */
    FP_TREND_REASON_DEGENERATE,      /* every count is zero, or every one is at its
                                        denominator: the model has no finite fit */
    FP_TREND_REASON_NO_CONVERGENCE,  /* the iterative fit did not converge */
    FP_TREND_REASON_OUTLIER,         /* significant, but a leave-one-out fit reverses
                                        the slope: reported as no significant change */
    FP_TREND_REASON_NO_POLARITY,     /* a target judgement needs a polarity */
    FP_TREND_REASON_TOO_MANY_POINTS, /* joinpoint: more than FP_JOINPOINT_MAX_POINTS points
                                        (the exhaustive search is cubic in n) */
    FP_TREND_REASON_OUT_OF_BOUNDS    /* a logit fit met a value outside [0, bound] */
} fp_trend_reason;

/* A short static English phrase for a reason ("fewer than the points needed").
 * Never NULL; FP_TREND_REASON_NONE gives "". */
FP_API const char *fp_trend_reason_string(fp_trend_reason reason);

/* "increasing", "decreasing", "no significant change", "cannot be calculated"
 * (also for a value outside the enum). Static text, never NULL. */
FP_API const char *fp_trend_direction_string(fp_trend_direction d);

/* Better/worse judgement of a direction under a polarity. */
typedef enum fp_trend_judgement {
    FP_TREND_JUDGEMENT_NONE = 0,  /* no judgement (no change, no polarity, not calculated) */
    FP_TREND_BETTER,
    FP_TREND_WORSE
} fp_trend_judgement;

/* Better or worse: an increase is better when high is good (polarity
 * FP_POLARITY_HIGH) and worse when low is good, and the reverse for a
 * decrease. Cannot fail: FP_TREND_JUDGEMENT_NONE when d is not a
 * significant change or the polarity is none or unknown. */
FP_API fp_trend_judgement fp_trend_judge(fp_trend_direction d, fp_polarity polarity);

/* The label in plain words: "increasing and getting worse", "decreasing and
 * getting better", "increasing" (no polarity), "no significant change",
 * "cannot be calculated: a confidence limit is missing". Writes at most size
 * bytes including the NUL; returns FP_ERANGE if truncated, FP_EINVAL if buf
 * is NULL or size is 0. */
FP_API int fp_trend_label(fp_trend_direction d, fp_polarity polarity,
                          fp_trend_reason reason, char *buf, size_t size);

/* ------------------------------------------------------------ inputs */

/* A series, oldest first. All arrays have n elements. NULL means the field is
 * absent for the whole series; NaN marks a missing element. */
typedef struct fp_trend_series {
    size_t n;
    const double *t;      /* time index (required): strictly increasing, step 1
                             between consecutive periods */
    const double *value;  /* indicator value; may be NULL for count-only methods */
    const double *lower;  /* lower 95% confidence limit, or NULL */
    const double *upper;  /* upper 95% confidence limit, or NULL */
    const double *count;  /* numerator (events), or NULL */
    const double *denom;  /* denominator (population or trials), or NULL */
} fp_trend_series;

/* What a scan of the time axis found. */
typedef struct fp_trend_gaps {
    size_t n_points;      /* n */
    size_t n_missing;     /* points whose value is NaN (or, with no values, whose count is) */
    size_t n_breaks;      /* steps t[i+1] - t[i] greater than 1 */
    size_t n_skipped;     /* periods absent from the time axis (sum of step - 1) */
    size_t n_unordered;   /* steps t[i+1] - t[i] <= 0 (duplicates or disorder) */
} fp_trend_gaps;

/* Scan a series for gaps: missing values and breaks in time. FP_EINVAL if s
 * or out is NULL or s->t is NULL while n > 0. */
FP_API int fp_trend_find_gaps(const fp_trend_series *s, fp_trend_gaps *out);

/* ------------------------------------------------------------ options */

/* How the recent trend derives a standard error from a 95% confidence interval. */
typedef enum fp_recent_se {
    FP_RECENT_SE_392 = 0,  /* (upper - lower) / 3.92: Fingertips (default) */
    FP_RECENT_SE_Z         /* (upper - lower) / (2 x 1.959964): PHEindicatormethods'
                              trend-marker branch */
} fp_recent_se;

/* Which test the recent trend uses. */
typedef enum fp_recent_test {
    FP_RECENT_AUTO = 0,    /* proportion test when options.proportion is set and
                              counts and denominators are present; otherwise
                              weighted regression with SE from the CI, else from
                              counts (Poisson SE = value / sqrt(count)) */
    FP_RECENT_WLS_CI,      /* weighted regression, SE from the CI */
    FP_RECENT_WLS_COUNT,   /* weighted regression, SE = value / sqrt(count) */
    FP_RECENT_PROPORTION   /* chi-squared test for trend in proportions */
} fp_recent_test;

/* How the quasi-likelihood dispersion phi (Pearson chi2 / (n - p)) scales
 * standard errors of the Poisson and binomial fits. */
typedef enum fp_dispersion {
    FP_DISPERSION_FLOOR = 0, /* max(1, phi), t intervals on n - p df (default) */
    FP_DISPERSION_QUASI,     /* phi as estimated, t intervals on n - p df:
                                R glm(family = quasipoisson / quasibinomial) */
    FP_DISPERSION_NONE       /* phi = 1, normal intervals: R glm(family =
                                poisson / binomial) */
} fp_dispersion;

/* The model family of an APC or joinpoint fit. */
typedef enum fp_trend_family {
    FP_TREND_FAMILY_AUTO = 0,  /* binomial if options.proportion and counts, Poisson
                                  if counts and denominators, else log-linear */
    FP_TREND_FAMILY_POISSON,   /* counts with log(denominator) offset */
    FP_TREND_FAMILY_BINOMIAL,  /* counts out of denominators, logit link */
    FP_TREND_FAMILY_LOGLINEAR  /* least squares of log(value) on time */
} fp_trend_family;

/* "auto", "poisson", "binomial", "loglinear"; "unknown" for a value outside
 * the enum. Static text, never NULL. */
FP_API const char *fp_trend_family_name(fp_trend_family f);

typedef struct fp_trend_options {
    /* recent trend */
    size_t recent_points;     /* points in the window (5) */
    double recent_critical;   /* chi-squared critical value (9.54953570608324:
                                 99.8% of chi2 on 1 df) */
    fp_recent_se recent_se;   /* FP_RECENT_SE_392 */
    fp_recent_test recent_test; /* FP_RECENT_AUTO */
    int join_gaps;            /* 0 (default): a window with a break in time cannot be
                                 calculated. Nonzero: the last points are used as if
                                 consecutive, with scores 1..k (PHEindicatormethods) */
    int proportion;           /* nonzero: the indicator is a proportion of counts */
    /* Mann-Kendall, APC, joinpoint, projection */
    double confidence;        /* level of intervals and tests (0.95) */
    size_t mk_exact_max;      /* exact Mann-Kendall p for n <= this without ties (50,
                                 as R's cor.test) */
    fp_dispersion dispersion; /* FP_DISPERSION_FLOOR */
    fp_trend_family family;   /* FP_TREND_FAMILY_AUTO */
    size_t max_joinpoints;    /* 0..2 (2) */
    size_t min_segment;       /* observations before the first joinpoint, after the
                                 last, and strictly between two (2) */
    double bound;             /* FP_PROJECT_LOGIT: the value's upper limit (100: a
                                 percentage; 1: a proportion) */
} fp_trend_options;

/* Fill *o with the defaults above. Cannot fail; a NULL o is ignored. */
FP_API void fp_trend_options_default(fp_trend_options *o);

/* ------------------------------------------------ 1. recent trend */

typedef struct fp_recent_trend {
    fp_trend_direction direction;
    fp_trend_reason reason;
    fp_recent_test test;      /* the test used (never AUTO once calculated) */
    size_t first;             /* index of the first point of the window */
    size_t n;                 /* points in the window */
    double statistic;         /* chi-squared on 1 df; NaN when not calculated */
    double p_value;           /* upper tail of chi2(1) at statistic */
    double slope;             /* gradient per time step: weighted-regression slope
                                 of value, or (proportions) the least-squares slope
                                 of logit(count/denom) as PHEindicatormethods */
} fp_recent_trend;

/* The Fingertips recent trend (OHID trend markers): the last
 * options->recent_points points of the series must be consecutive in time and
 * complete. Weighted least squares of value on time with weights 1/SE^2 gives
 * chi2 = slope^2 * sum w (t - tbar_w)^2; for proportions the chi-squared test
 * for trend (Cochran-Armitage, equal to R's prop.trend.test with scores
 * 1..k). A statistic above the critical value is a trend only if the slope
 * has the same sign in the full fit and every leave-one-out fit; otherwise
 * the reason is FP_TREND_REASON_OUTLIER. Matches PHEindicatormethods'
 * assign_trend_markers (trend-marker branch, 2025).
 * Returns FP_OK with a result (possibly "cannot be calculated" with a reason)
 * or FP_EINVAL for NULL arguments. opts may be NULL for the defaults. */
FP_API int fp_trend_recent(const fp_trend_series *s, const fp_trend_options *opts,
                           fp_recent_trend *out);

/* The bare chi-squared test for trend in proportions (Cochran-Armitage),
 * equal to R's prop.trend.test(x, n, score). score may be NULL for 1..k.
 * FP_EDOM for a negative count, x > n or n <= 0; FP_ENODATA when k < 2 or the
 * scores or pooled proportion give no variance. */
FP_API int fp_trend_prop_test(const double *x, const double *n, const double *score,
                              size_t k, double *chi2, double *p_value);

/* -------------------------------------------- 2. Mann-Kendall / Sen */

typedef struct fp_mk_result {
    fp_trend_direction direction; /* at level 1 - options->confidence, two-sided */
    fp_trend_reason reason;
    size_t n;             /* non-missing points used */
    double s;             /* Kendall's S = sum sign(y_j - y_i), i < j */
    double var_s;         /* tie-corrected variance of S */
    double z;             /* (S - sign S) / sqrt(var_s): continuity corrected */
    double p_value;       /* two-sided; exact when `exact` */
    int exact;            /* nonzero when p is from the exact null distribution */
    double tau;           /* Kendall's tau-b between time and value (R cor.test) */
    double sen_slope;     /* median of pairwise slopes per time step */
    double sen_lower;     /* Sen's slope confidence limits at options->confidence */
    double sen_upper;     /*   (NaN when the ranks fall outside 1..N) */
} fp_mk_result;

/* The Mann-Kendall trend test on the non-missing values (missing values are
 * dropped; time gaps are allowed because only order matters for S and
 * Sen's slope uses the actual times). Exact two-sided p (as R's
 * cor.test(method = "kendall", exact = TRUE)) for n <= options->mk_exact_max
 * with no ties; otherwise the tie-corrected normal approximation with
 * continuity correction (as R's trend::mk.test). Sen's slope and its CI as
 * trend::sens.slope (ranks rounded half to even, as R's round). Above
 * 1,000 points the pairs are not formed: S and the slope order statistics
 * come from merge-sort inversion counts, O(n log n) time and O(n) memory
 * (a 20,000-point series: 0.2 s, not 18 s and 1.5 GB). Needs
 * n >= 3 (else FP_TREND_REASON_TOO_FEW_POINTS); an all-equal series gives
 * FP_TREND_REASON_CONSTANT. Returns FP_OK, FP_EINVAL or FP_ENOMEM. */
FP_API int fp_trend_mann_kendall(const fp_trend_series *s, const fp_trend_options *opts,
                                 fp_mk_result *out);

/* P(T <= q) for Kendall's T (number of concordant pairs among n untied
 * points, 0 <= T <= n(n-1)/2) under independence, as R's internal pkendall.
 * FP_EINVAL for n == 0 or n > 200; FP_ENOMEM. */
FP_API int fp_trend_kendall_cdf(size_t n, double q, double *p);

/* -------------------------------------------------- 3. APC, joinpoint */

typedef struct fp_apc_result {
    fp_trend_direction direction; /* significant when the CI excludes 0 */
    fp_trend_reason reason;
    fp_trend_family family;  /* the family used */
    size_t n;                /* points used (missing ones dropped) */
    double slope;            /* beta: log rate ratio (Poisson), log odds ratio
                                (binomial) or log ratio (log-linear) per step */
    double slope_se;         /* standard error of beta, scaled by the dispersion */
    double dispersion;       /* phi as estimated (Pearson chi2 / (n - 2); for
                                log-linear the residual variance) */
    double statistic;        /* beta / slope_se */
    double df;               /* degrees of freedom of the t reference; 0 = normal */
    double p_value;          /* two-sided */
    double apc;              /* 100 (e^beta - 1) */
    double apc_lower, apc_upper; /* 100 (e^(beta -/+ q se) - 1) */
    size_t iterations;       /* IRLS iterations (0 for log-linear) */
} fp_apc_result;

/* Annual (per-step) percentage change from a log-linear model: Poisson
 * regression of counts with offset log(denominator), binomial (logit)
 * regression of counts out of denominators (APC is then the change in the
 * odds), or least squares of log(value). Fitted by IRLS; dispersion as
 * options->dispersion. Missing points are dropped (gaps allowed: time enters
 * as its value). Needs 3 points. Matches R glm() (see the tests).
 * Returns FP_OK, FP_EINVAL. */
FP_API int fp_trend_apc(const fp_trend_series *s, const fp_trend_options *opts,
                        fp_apc_result *out);

#define FP_JOINPOINT_MAX 2
/* The longest series fp_trend_joinpoint searches (20 years of monthly
 * data). The search tries every placement of two joinpoints, each a fit of
 * all n points, so its cost grows as n^3: 240 points take about 0.5 s on
 * one core, 2,000 points took two minutes. A longer series gets no result
 * and the reason FP_TREND_REASON_TOO_MANY_POINTS (aggregate it, e.g. to
 * years, or use fp_trend_apc). */
#define FP_JOINPOINT_MAX_POINTS 240

/* One segment of a joinpoint fit, between two times. */
typedef struct fp_trend_segment {
    double t_start, t_end;
    double slope;            /* log-scale slope in this segment */
    double apc, apc_lower, apc_upper;
} fp_trend_segment;

typedef struct fp_joinpoint_result {
    fp_trend_direction direction; /* of the AAPC: significant when its CI excludes 0 */
    fp_trend_reason reason;
    fp_trend_family family;
    size_t n;                     /* points used */
    size_t n_joinpoints;          /* chosen by BIC, 0..max_joinpoints */
    double joinpoints[FP_JOINPOINT_MAX];
    size_t n_segments;            /* n_joinpoints + 1 */
    fp_trend_segment segments[FP_JOINPOINT_MAX + 1];
    double bic[FP_JOINPOINT_MAX + 1]; /* best BIC with 0, 1, 2 joinpoints; NaN if not tried */
    double dispersion;            /* of the chosen model (unfloored) */
    double aapc, aapc_lower, aapc_upper; /* average APC over the whole period */
} fp_joinpoint_result;

/* Piecewise log-linear fit with up to options->max_joinpoints joinpoints at
 * observed times, continuous at the joinpoints, with at least
 * options->min_segment observations before the first joinpoint, after the
 * last and strictly between two (the Joinpoint program's defaults). For each
 * number of joinpoints the placement with the smallest deviance is kept;
 * among those the model with the smallest BIC = D / phi + 2(k + 1) ln n wins
 * (D the deviance, or n ln(SSE / n) for log-linear with phi = 1; phi the
 * Pearson dispersion of the best model with the most joinpoints fitted,
 * floored at 1, for counts; 2k + 2 parameters count joinpoint positions, as
 * the Joinpoint program does; a tie keeps fewer joinpoints). Segment and
 * AAPC intervals use the dispersion as fp_trend_apc and are conditional on
 * the chosen joinpoints.
 * AAPC = 100 (exp(sum_i w_i b_i / sum_i w_i) - 1), w_i the segment lengths,
 * with a CI from the variance of that linear combination. A series of more
 * than FP_JOINPOINT_MAX_POINTS complete points is not searched (reason
 * FP_TREND_REASON_TOO_MANY_POINTS).
 * Returns FP_OK, FP_EINVAL. */
FP_API int fp_trend_joinpoint(const fp_trend_series *s, const fp_trend_options *opts,
                              fp_joinpoint_result *out);

/* -------------------------------------------------- 5. projection */

typedef enum fp_projection_model {
    FP_PROJECT_LINEAR = 0,   /* least squares of value on time */
    FP_PROJECT_LOGLINEAR,    /* least squares of log(value); projected on the original
                                scale by exp() */
    FP_PROJECT_LOGIT         /* a percentage or proportion: least squares of
                                logit(value / bound) (bound = fp_trend_options.bound,
                                100 for percentages, 1 for proportions), the fit and
                                prediction limits taken back by bound * expit(), so
                                they stay inside (0, bound). When a value is 0 or
                                the bound (no logit) every p = value / bound is
                                squeezed to (p (N - 1) + 1/2) / N first, N the
                                points (Smithson & Verkuilen 2006) */
} fp_projection_model;

/* Will the target be met? Judged from the prediction interval. */
typedef enum fp_target_outlook {
    FP_OUTLOOK_NONE = 0,     /* no target, or no polarity to say which side is "met" */
    FP_OUTLOOK_ON_TRACK,     /* the whole interval meets the target */
    FP_OUTLOOK_OFF_TRACK,    /* none of the interval meets the target */
    FP_OUTLOOK_UNCERTAIN     /* the interval contains the target */
} fp_target_outlook;

/* "on track to meet the target", "not on track to meet the target",
 * "uncertain whether the target will be met"; "" for FP_OUTLOOK_NONE and any
 * value outside the enum. Static text, never NULL. */
FP_API const char *fp_target_outlook_string(fp_target_outlook o);

typedef struct fp_projection {
    fp_trend_reason reason;
    fp_projection_model model;
    size_t n;               /* points used */
    double t_target;
    double slope, intercept; /* of the fit (on the log scale for log-linear) */
    double fit;             /* projected value at t_target */
    double lower, upper;    /* prediction interval at options->confidence */
    fp_target_outlook outlook;
    int meets_target;       /* 1 when `fit` meets the target, 0 when not, -1 unknown */
} fp_projection;

/* Project a series to time t_target with a prediction interval, as R's
 * predict(lm(y ~ t), newdata, interval = "prediction") (on log(y) for
 * log-linear, then exp()). Missing points are dropped. With a finite target
 * and a polarity, says whether the target is met (value >= target for
 * polarity HIGH, <= for LOW). target NaN for none. Needs 3 points.
 * Returns FP_OK or FP_EINVAL. */
FP_API int fp_trend_project(const fp_trend_series *s, fp_projection_model model,
                            double t_target, double target, fp_polarity polarity,
                            const fp_trend_options *opts, fp_projection *out);

/* Project s, whose points all lie on the time axis of period class
 * series_class (fp_period_class; t holds fp_period_index values), to the
 * period `to` with fp_trend_project (target NaN for none). *out is always
 * filled (fit and limits NaN when there is no projection). *why receives
 * NULL when there is a projection (out->reason may still be
 * FP_TREND_REASON_NO_POLARITY: projected but not judged), else a static
 * phrase saying why not ("the target period is not of the same kind as the
 * series", or the trend reason). Used by `trend --method project` and by the
 * target outlook of the assessment layer (fingerpost/assess.h), so both
 * judge "will it meet the target" by the same rule. FP_EINVAL for NULL
 * arguments. */
FP_API int fp_trend_project_period(const fp_trend_series *s, long series_class,
                                   const fp_period *to, fp_projection_model model,
                                   double target, fp_polarity polarity,
                                   const fp_trend_options *opts, fp_projection *out,
                                   const char **why);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_TREND_H */
