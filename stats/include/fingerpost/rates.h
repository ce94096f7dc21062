/* fingerpost/rates.h -- rates, proportions, means and standardised rates with
 * confidence intervals, comparisons of two areas, and funnel plot limits.
 *
 * The methods are those OHID publishes Fingertips indicators with, and match
 * the R package PHEindicatormethods (phe_proportion, phe_rate, phe_mean,
 * phe_dsr, phe_isr, byars_lower/upper, wilson_lower/upper) to 1e-6 relative
 * or better; docs/methods.md gives every formula with its reference.
 *
 * Conventions of this module:
 *  - A confidence level is a fraction in (0, 1): 0.95, 0.998. The normal
 *    quantile used for it is z = Phi^-1(level + (1 - level)/2).
 *  - Each interval function fills an fp_ci and returns the same status it
 *    stores in fp_ci.status. When the status is not FP_OK, value, lower and
 *    upper are NaN unless the function says otherwise, and fp_ci_reason()
 *    gives the reason in words. A NaN in an output therefore always comes
 *    with a status code explaining it.
 *  - Missing inputs are NaN. A missing numerator gives FP_ENODATA; a zero
 *    or missing denominator FP_EZERODIV; a negative input FP_EDOM; a level
 *    outside (0, 1), a multiplier that is not positive and finite, or a NULL
 *    out-pointer FP_EINVAL (with a NULL out-pointer nothing is written).
 *  - Counts need not be whole numbers (PHEindicatormethods accepts 0.445
 *    of 1); the exact methods then use the chi-squared/beta quantiles at the
 *    fractional degrees of freedom.
 *  - All functions are pure and thread-safe; the fp_level cache is a plain
 *    value the caller owns.
 *
 * Part of the public contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_RATES_H
#define FINGERPOST_RATES_H

#include <stddef.h>
#include "fingerpost/common.h"
#include "fingerpost/data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ results */

/* The method that produced an interval. */
typedef enum fp_ci_method {
    FP_CI_NONE = 0,          /* nothing computed */
    FP_CI_WILSON,            /* Wilson score interval for a proportion */
    FP_CI_CLOPPER_PEARSON,   /* Clopper-Pearson exact interval for a proportion */
    FP_CI_BYARS,             /* Byar's approximation to the exact Poisson interval */
    FP_CI_EXACT,             /* exact Poisson interval (chi-squared quantiles) */
    FP_CI_STUDENT_T,         /* Student's t interval for a mean */
    FP_CI_DOBSON,            /* Dobson's method for a directly standardised rate */
    FP_CI_NEWCOMBE,          /* Newcombe's hybrid score interval (difference of proportions) */
    FP_CI_KATZ_LOG,          /* Katz log interval (ratio of proportions) */
    FP_CI_EXACT_CONDITIONAL, /* exact conditional binomial interval (ratio of rates) */
    FP_CI_WALD,              /* Wald normal-approximation interval (difference of rates) */
    FP_CI_DOBSON_NONINDEPENDENT /* Dobson, variance adjusted for non-independent events */
} fp_ci_method;

/* The method's name as written in outputs and as PHEindicatormethods
 * writes it where it has one: "Wilson", "Clopper-Pearson", "Byars",
 * "Exact", "Student's t-distribution", "Dobson", "Newcombe", "Katz log",
 * "Exact conditional", "Wald", "Dobson, with confidence adjusted for
 * non-independent events", "" for FP_CI_NONE. Never NULL. */
FP_API const char *fp_ci_method_name(fp_ci_method method);

/* A value with a two-sided confidence interval at one level. */
typedef struct fp_ci {
    double value;           /* the statistic, times the multiplier */
    double lower, upper;    /* the limits, times the multiplier */
    double level;           /* the confidence level used, e.g. 0.95 */
    fp_ci_method method;    /* the method used (set even on most failures) */
    int status;             /* FP_OK or the reason nothing (or only part)
                               was computed; the same as the return value */
    const char *reason;     /* "" when FP_OK, else a short English reason
                               (static storage), as fp_ci_reason gives */
} fp_ci;

/* ci->reason, never NULL (also for ci NULL: ""): a short English reason
 * for ci->status, for a `note` column: "" when FP_OK; e.g. "numerator above denominator",
 * "zero or missing denominator", "missing numerator", "total count below
 * 10: not published (suppressed)", "Byar's lower limit below zero".
 * Never NULL; static storage. */
FP_API const char *fp_ci_reason(const fp_ci *ci);

/* ------------------------------------------------------ levels (cache) */

/* Counts below this use the exact Poisson method for crude rates and ISRs;
 * PHEindicatormethods switches to Byar's method at 10. */
#define FP_EXACT_BELOW 10

/* A confidence level with its quantiles precomputed, for the fast _lv
 * variants and the array functions: z, and the exact Poisson limit factors
 * for whole counts 0..FP_EXACT_BELOW-1. A plain value: no allocation, no
 * free; fill it with fp_level_init. */
typedef struct fp_level {
    double level;                       /* e.g. 0.95 */
    double z;                           /* Phi^-1(level + (1 - level)/2) */
    double exact_lower[FP_EXACT_BELOW]; /* qchisq((1-level)/2, 2x)/2, x = 0..9 (0 at x = 0) */
    double exact_upper[FP_EXACT_BELOW]; /* qchisq(level+(1-level)/2, 2x+2)/2 */
} fp_level;

/* Fill *lv for a level in (0, 1). FP_EINVAL for a bad level or NULL. */
FP_API int fp_level_init(fp_level *lv, double level);

/* The normal quantile z for a two-sided level: 1.959963984540054 at 0.95,
 * 3.090232306167813 at 0.998. Fails only by returning NaN, for a level
 * outside (0, 1). */
FP_API double fp_level_z(double level);

/* ------------------------------------------------ bare limit functions */

/* Byar's approximation to the exact Poisson limits of a count x >= 0
 * (matches PHEindicatormethods::byars_lower / byars_upper):
 *   lower = x (1 - 1/(9x) - z/(3 sqrt x))^3
 *   upper = (x+1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3
 * The lower limit can be negative for tiny x at high levels (x = 1 at
 * 0.998), and is undefined at x = 0: then *lower is NaN and the function
 * returns FP_ERANGE (PHEindicatormethods reports NA); *upper is still set.
 * FP_EDOM for negative or NaN x, FP_EINVAL for a bad level. */
FP_API int fp_byars_limits(double x, double level, double *lower, double *upper);

/* Wilson score limits of a proportion x/n as fractions (matches
 * PHEindicatormethods::wilson_lower / wilson_upper):
 *   (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))
 * FP_EDOM for negative inputs or x > n, FP_EZERODIV for n = 0 or NaN. */
FP_API int fp_wilson_limits(double x, double n, double level, double *lower, double *upper);

/* Exact Poisson limits of a count x (chi-squared quantiles):
 *   lower = qchisq((1-level)/2, 2x)/2 (0 at x = 0), upper = qchisq(1-(1-level)/2, 2x+2)/2
 * (R: poisson.test(x)$conf.int). FP_EDOM for negative or NaN x. */
FP_API int fp_exact_poisson_limits(double x, double level, double *lower, double *upper);

/* ------------------------------------------------------ proportions */

/* Proportion x/n times multiplier (1 for a fraction, 100 for a percentage)
 * with the Wilson score interval (matches PHEindicatormethods::phe_proportion).
 * x = 0 gives lower 0 and x = n upper 1 (times multiplier) exactly.
 * FP_EDOM for x > n or negative inputs, FP_EZERODIV for n = 0 or NaN,
 * FP_ENODATA for x NaN. */
FP_API int fp_proportion_ci(double x, double n, double multiplier, double level, fp_ci *ci);

/* The same with the Clopper-Pearson exact interval:
 *   lower = qbeta((1-level)/2, x, n-x+1) (0 at x = 0),
 *   upper = qbeta(1-(1-level)/2, x+1, n-x) (1 at x = n)
 * (R: binom.test(x, n)$conf.int). Errors as fp_proportion_ci. */
FP_API int fp_proportion_ci_exact(double x, double n, double multiplier, double level, fp_ci *ci);

/* Wilson with a precomputed level. Errors as fp_proportion_ci; FP_EINVAL also
 * for a NULL lv or one not made by fp_level_init. */
FP_API int fp_proportion_ci_lv(double x, double n, double multiplier,
                               const fp_level *lv, fp_ci *ci);

/* ------------------------------------------------------ crude rates */

/* Crude rate x/denom times multiplier (e.g. 100000) with Byar's interval
 * when x >= 10 and the exact Poisson interval below 10 (matches
 * PHEindicatormethods::phe_rate). x = 0 gives value 0, lower 0 and the
 * exact upper limit. x > denom is allowed. FP_EZERODIV for denom = 0 or
 * NaN, FP_EDOM for negative inputs, FP_ENODATA for x NaN. */
FP_API int fp_rate_ci(double x, double denom, double multiplier, double level, fp_ci *ci);

/* The same with a precomputed level (uses its cached exact quantiles for
 * whole counts below 10). Errors as fp_rate_ci; FP_EINVAL also for a NULL lv
 * or one not made by fp_level_init. */
FP_API int fp_rate_ci_lv(double x, double denom, double multiplier,
                         const fp_level *lv, fp_ci *ci);

/* Array versions for throughput: out[i] for x[i]/denom[i], i < n. Each
 * element carries its own status; the function returns FP_OK, or FP_EINVAL
 * when an argument is NULL or lv is NULL. */
FP_API int fp_rate_ci_array(const double *x, const double *denom, size_t n,
                            double multiplier, const fp_level *lv, fp_ci *out);
FP_API int fp_proportion_ci_array(const double *x, const double *denom, size_t n,
                                  double multiplier, const fp_level *lv, fp_ci *out);

/* ------------------------------------------------------------ means */

/* Mean sum/count with Student's t interval from the sample standard
 * deviation sd: mean -/+ t(1-(1-level)/2, count-1) sd/sqrt(count)
 * (matches PHEindicatormethods::phe_mean). FP_ENODATA for count < 2 or a
 * NaN input, FP_EDOM for sd < 0. A single value (count 1, sum finite) is
 * FP_ENODATA with ci->value = sum and NaN limits, reason "a single value:
 * no interval", as phe_mean keeps the value with NA limits; sd is then not
 * looked at. */
FP_API int fp_mean_ci(double sum, double count, double sd, double level, fp_ci *ci);

/* ------------------------------------- directly standardised rates */

/* The number of age bands of the 2013 European Standard Population. */
#define FP_ESP2013_BANDS 19

/* The 2013 European Standard Population (Eurostat 2013), 19 five-year age
 * bands 0-4, 5-9, ..., 85-89, 90+, summing to 100000: the default standard
 * of PHEindicatormethods::phe_dsr. Static storage, never NULL; cannot fail. */
FP_API const double *fp_esp2013(void);
/* The label of ESP2013 band i ("0-4", ..., "90+"), or NULL if i >= 19. */
FP_API const char *fp_esp2013_band(size_t i);

/* Directly standardised rate by Dobson's method (matches
 * PHEindicatormethods::phe_dsr with independent events):
 *   DSR = multiplier * sum(w_i x_i / n_i) / sum(w_i)
 *   var = sum(w_i^2 x_i / n_i^2) / sum(w_i)^2
 *   limits = DSR + multiplier sqrt(var / X) (Byar's limit of X - X),
 *   X = sum x_i.
 * count[i], pop[i], stdpop[i] for nbands bands; stdpop NULL means ESP2013
 * (nbands must then be 19). A NaN count counts as 0. Every pop must be
 * positive: FP_EZERODIV for 0 or NaN, FP_EDOM for negative (as are negative
 * counts or weights). When X < 10 the value is not published: status
 * FP_ENODATA, all NaN, reason "total count below 10". *total_count (may be
 * NULL) receives X even then. */
FP_API int fp_dsr_ci(const double *count, const double *pop, const double *stdpop,
                     size_t nbands, double multiplier, double level,
                     fp_ci *ci, double *total_count);

/* Directly standardised rate for non-independent events (people can have
 * more than one event), as PHEindicatormethods::calculate_dsr with
 * independent_events = FALSE (Fingertips technical guidance, DSR chapter).
 * people[i * nfreq + k] is the number of people in band i with exactly k+1
 * events (NaN counts as 0); the events of band i are sum_k (k+1) people.
 * The DSR is as fp_dsr_ci on those events; the variance is
 *   sum_k (k+1)^2 sum_i (w_i^2 people_ik / n_i^2) / sum(w_i)^2
 * in place of Dobson's. Same errors and suppression (total events < 10) as
 * fp_dsr_ci; method FP_CI_DOBSON_NONINDEPENDENT. */
FP_API int fp_dsr_ci_nonindependent(const double *people, size_t nfreq, const double *pop,
                                    const double *stdpop, size_t nbands, double multiplier,
                                    double level, fp_ci *ci, double *total_count);

/* ------------------------------------ indirectly standardised ratios */

/* Expected count sum(pop_i refcount_i / refpop_i) for indirect
 * standardisation (as PHEindicatormethods::phe_isr). A NaN pop or refcount
 * counts as 0 (as in phe_isr). FP_EZERODIV when a refpop is 0 or NaN,
 * FP_EDOM for negatives; *expected is NaN on failure. */
FP_API int fp_isr_expected(const double *pop, const double *refcount,
                           const double *refpop, size_t nbands, double *expected);

/* Indirectly standardised ratio or rate: value = scale * observed/expected,
 * limits scale * L/expected where L is Byar's limit of observed when
 * observed >= 10 and the exact Poisson limit below (matches
 * PHEindicatormethods::phe_isr / calculate_ISRatio / calculate_ISRate).
 * For a ratio, scale is the multiplier (1, or 100 for an SMR); for an
 * indirectly standardised rate, scale is the reference rate
 * (sum refcount / sum refpop times the multiplier). FP_EZERODIV for
 * expected = 0 or NaN, FP_EDOM for negatives. */
FP_API int fp_isr_ci(double observed, double expected, double scale, double level, fp_ci *ci);

/* -------------------------------------------- comparing two areas */

/* A comparison of area 1 with area 2 (e.g. a local authority with England). */
typedef struct fp_contrast {
    double estimate;        /* difference (1 - 2) or ratio (1 / 2) */
    double lower, upper;    /* its confidence interval */
    double p_value;         /* two-sided p-value for no difference */
    double level;
    fp_ci_method method;    /* the interval method */
    int status;             /* FP_OK or the reason; same as the return value */
    const char *reason;     /* "" when FP_OK, else a short English reason */
} fp_contrast;

/* Difference of proportions p1 - p2 (as fractions; times multiplier) with
 * Newcombe's hybrid score interval (Newcombe 1998, method 10, from the two
 * Wilson intervals; = statsmodels confint_proportions_2indep(method="newcomb"))
 * and the p-value of the pooled two-sample z test (= R prop.test(c(x1,x2),
 * c(n1,n2), correct = FALSE)). p-value 1 when both proportions are 0 or
 * both 1 (the z test is then undefined; the estimate is 0). Errors as for
 * fp_proportion_ci on either area (the status and reason are also in *out);
 * FP_EINVAL for a NULL out, a bad level or multiplier. */
FP_API int fp_proportion_diff(double x1, double n1, double x2, double n2,
                              double multiplier, double level, fp_contrast *out);

/* Ratio of proportions p1/p2 with the Katz log interval
 *   exp(log(RR) -/+ z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2))
 * (= epitools::riskratio(method = "wald")) and the same pooled z-test
 * p-value. FP_ERANGE when x1 or x2 is 0 (ratio 0 or infinite: estimate is
 * set, limits NaN). */
FP_API int fp_proportion_ratio(double x1, double n1, double x2, double n2,
                               double level, fp_contrast *out);

/* Ratio of rates (x1/t1)/(x2/t2) with the exact conditional interval and
 * exact two-sided p-value of the binomial test of x1 out of x1 + x2 against
 * t1/(t1+t2) (= R poisson.test(c(x1, x2), c(t1, t2))). x1 = 0 gives lower
 * 0; x2 = 0 gives FP_ERANGE (infinite ratio: estimate and upper are
 * INFINITY, lower and p-value are set). Counts must be whole numbers here:
 * FP_EDOM otherwise. FP_ENODATA when x1 + x2 = 0. */
FP_API int fp_rate_ratio(double x1, double t1, double x2, double t2,
                         double level, fp_contrast *out);

/* Difference of rates multiplier (x1/t1 - x2/t2) with the Wald interval
 * and p-value: se = multiplier sqrt(x1/t1^2 + x2/t2^2). FP_ENODATA when
 * both counts are 0. */
FP_API int fp_rate_diff(double x1, double t1, double x2, double t2,
                        double multiplier, double level, fp_contrast *out);

/* -------------------------------------------------- funnel plot limits */

/* Funnel plot control limits and point significance, as
 * PHEindicatormethods::calculate_funnel_limits and
 * assign_funnel_significance. Levels are two-sided, like everywhere in this
 * module: 0.95 gives OHID's "2s" (0.025 each side) limits, 0.998 the "3s"
 * (0.001) limits. */

/* What a funnel plots. */
typedef enum fp_funnel_kind {
    FP_FUNNEL_PROPORTION = 0, /* x axis: denominator (population) */
    FP_FUNNEL_RATIO,          /* x axis: observed events (ISR, SMR, count ratio) */
    FP_FUNNEL_RATE            /* x axis: events (crude rate or DSR) */
} fp_funnel_kind;

/* The number of x-axis points OHID's funnel tables have. */
#define FP_FUNNEL_POINTS 100

/* The FP_FUNNEL_POINTS x-axis values (populations or event counts) at which
 * OHID's tool tabulates limits, from the smallest and largest denominator
 * of the plotted areas (for ratios, the expected counts; for rates, the
 * denominators, derived as multiplier x count / rate for DSRs). average and
 * years are used for rates only (average as a fraction, e.g. 0.00116 for
 * 116 per 100,000; years of data pooled). Points start at max(1, a rounded
 * minimum; 0 when max > 2 min) and grow geometrically to a rounded maximum,
 * by at least 1 each step, as OHID's code does (including R's digit
 * counting). points must hold FP_FUNNEL_POINTS values. FP_EINVAL for a NULL
 * points, an unknown kind, or (rates) years or average not positive;
 * FP_ENODATA for a NaN denominator; FP_EDOM for min_den < 0, max_den <
 * min_den or an infinite max_den. points is unchanged on failure. */
FP_API int fp_funnel_axis(fp_funnel_kind kind, double min_den, double max_den,
                          double average, double years, double *points);

/* Proportion funnel limits (times multiplier; clipped to [0, multiplier])
 * at denominator n around the average proportion `average` (a fraction):
 * the proportions whose Wilson score interval at `level` has the average as
 * its limit. FP_EZERODIV for n = 0/NaN, FP_EDOM for n < 0 or average
 * outside [0, 1], FP_ENODATA for a NaN average. */
FP_API int fp_funnel_proportion(double average, double n, double level, double multiplier,
                                double *lower, double *upper);

/* Exact Poisson funnel points for an observed count O: *mu_low is the
 * expected count at which O is on the upper limit (qchisq((1-level)/2, 2O)/2,
 * 0 at O = 0) and *mu_high the expected count at which O is on the lower
 * limit (qchisq(1-(1-level)/2, 2O+2)/2). (OHID's "upper_2s_exp_events" and
 * "lower_2s_exp_events"; for rates these over the average are the
 * populations, over the years of data the "population_1_year" columns.)
 * FP_EINVAL for NULL out-pointers or a level outside (0, 1); FP_ENODATA for
 * a NaN O, FP_EDOM for a negative or infinite O (both out-pointers NaN). */
FP_API int fp_funnel_poisson(double observed, double level, double *mu_low, double *mu_high);

/* Ratio funnel limits at O observed events: O/mu_high and O/mu_low (a ratio
 * of 1 is the average; OHID's "isr" columns are these x 100, its "count"
 * columns these - 1). FP_ERANGE at O = 0 (lower 0, upper NaN). */
FP_API int fp_funnel_ratio(double observed, double level, double *lower, double *upper);

/* Rate funnel limits at `events` events around `average` (a fraction, rate
 * per 1): multiplier x average x events / mu (mu from fp_funnel_poisson).
 * FP_ERANGE at 0 events. */
FP_API int fp_funnel_rate(double events, double average, double level, double multiplier,
                          double *lower, double *upper);

/* Where a point lies relative to the 95% ("2s") and 99.8% ("3s") limits. */
typedef enum fp_funnel_sig {
    FP_FUNNEL_NOT_SIGNIFICANT = 0,
    FP_FUNNEL_HIGH_2S,        /* above the 95% limit only: "High (0.025)" */
    FP_FUNNEL_HIGH_3S,        /* above the 99.8% limit: "High (0.001)" */
    FP_FUNNEL_LOW_2S,         /* "Low (0.025)" */
    FP_FUNNEL_LOW_3S,         /* "Low (0.001)" */
    FP_FUNNEL_NOT_APPLICABLE  /* could not be assessed (see the status) */
} fp_funnel_sig;

/* OHID's label: "High (0.001)", "Not significant", ... Never NULL. */
FP_API const char *fp_funnel_sig_name(fp_funnel_sig sig);

/* Significance of a proportion x/n against the funnel around `average` (a
 * fraction, usually sum x / sum n over the plotted areas). Errors as
 * fp_proportion_ci; *sig is FP_FUNNEL_NOT_APPLICABLE on error. */
FP_API int fp_funnel_proportion_sig(double x, double n, double average, fp_funnel_sig *sig);

/* Significance of an observed count against its expected count (ISR/SMR
 * funnels): the exact (O < 10) or Byar's interval of O/E against 1, as
 * fp_isr_ci. For a crude rate or DSR against an average rate r, use
 * fp_rate_ci(count, denominator, 1, level) against r (OHID marks DSRs with
 * fewer than 10 events "not applicable"). Errors as fp_isr_ci; FP_EINVAL for a
 * NULL sig; *sig is FP_FUNNEL_NOT_APPLICABLE on error. */
FP_API int fp_funnel_ratio_sig(double observed, double expected, fp_funnel_sig *sig);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_RATES_H */
