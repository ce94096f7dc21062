/* fingerpost/compare.h -- benchmarking: significance against a comparator
 * (the Fingertips rule), neighbour aggregates, ranks, quantile bands,
 * change between periods, targets and k-nearest statistical neighbours.
 *
 * Everything here is a pure function on plain arrays: no dataset, no I/O.
 * Missing values are NaN wherever a function says it accepts them. Functions
 * return FP_OK or an fp_status_code; "not compared" and "no rank" are results
 * with a reason, not errors. Part of the public contract of libfingerpost (see
 * fingerpost.h); the methods are described in docs/methods.md, section
 * "Benchmarking". */
#ifndef FINGERPOST_COMPARE_H
#define FINGERPOST_COMPARE_H

#include <stddef.h>
#include "fingerpost/common.h"
#include "fingerpost/data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================== significance (Fingertips) */

/* The outcome of comparing an area with a benchmark (England, region,
 * neighbours) by the Fingertips rule. The _998 values are only produced by
 * fp_compare_ci_levels, when the benchmark also lies outside the area's 99.8%
 * interval (Fingertips' "better/worse (99.8%)" categories, called "best" and
 * "worst" in some Fingertips outputs). */
typedef enum fp_cmp {
    FP_CMP_NOT_COMPARED = 0, /* no interval or no benchmark: see fp_cmp_reason */
    FP_CMP_SIMILAR,          /* lower <= benchmark <= upper (limits included) */
    FP_CMP_HIGHER,           /* benchmark below the interval, no polarity */
    FP_CMP_LOWER,            /* benchmark above the interval, no polarity */
    FP_CMP_BETTER,           /* significantly better (polarity) */
    FP_CMP_WORSE,            /* significantly worse (polarity) */
    FP_CMP_HIGHER_998,       /* higher at 99.8% as well as 95% */
    FP_CMP_LOWER_998,        /* lower at 99.8% as well as 95% */
    FP_CMP_BETTER_998,       /* better at 99.8% as well as 95% */
    FP_CMP_WORSE_998         /* worse at 99.8% as well as 95% */
} fp_cmp;

/* Why a comparison was not made. */
typedef enum fp_cmp_reason {
    FP_CMP_REASON_NONE = 0,        /* compared */
    FP_CMP_REASON_NO_VALUE,        /* the area has no value */
    FP_CMP_REASON_NO_INTERVAL,     /* the area has no confidence interval at
                                      this level (values-only data, as LAIT) */
    FP_CMP_REASON_BAD_INTERVAL,    /* lower > upper, or an infinite limit */
    FP_CMP_REASON_NO_BENCHMARK     /* the comparator has no value */
} fp_cmp_reason;

/* The Fingertips benchmark rule at one confidence level. `benchmark` is the
 * comparator's value, [lower, upper] the AREA's confidence interval (NaN when
 * absent). benchmark < lower: the area is significantly higher; benchmark >
 * upper: significantly lower; lower <= benchmark <= upper (a benchmark exactly
 * on a limit included): similar. With polarity FP_POLARITY_HIGH, higher
 * becomes better and lower worse; FP_POLARITY_LOW the reverse;
 * FP_POLARITY_NONE keeps higher/lower. `value` is the area's value: NaN gives
 * not compared (NO_VALUE); it is otherwise not used by the rule.
 * On FP_OK *result is set and *reason (may be NULL) says why a result is
 * FP_CMP_NOT_COMPARED (FP_CMP_REASON_NONE otherwise). FP_EINVAL when result is
 * NULL or polarity is not an fp_polarity. */
FP_API int fp_compare_ci(double value, double lower, double upper, double benchmark,
                         fp_polarity polarity, fp_cmp *result, fp_cmp_reason *reason);

/* Both Fingertips levels at once: the 95% rule, then, when significant, the
 * 99.8% rule; a benchmark outside the 99.8% interval too gives the _998
 * category (e.g. FP_CMP_BETTER_998). When the 99.8% limits are NaN the 95%
 * result is returned as it is. Reasons and errors as fp_compare_ci (the 95%
 * interval is required). */
FP_API int fp_compare_ci_levels(double value, double lower95, double upper95,
                                double lower998, double upper998, double benchmark,
                                fp_polarity polarity, fp_cmp *result,
                                fp_cmp_reason *reason);

/* Short, static, lower-case names: "not compared", "similar", "higher",
 * "lower", "better", "worse", "higher (99.8%)", "lower (99.8%)",
 * "better (99.8%)", "worse (99.8%)". Never NULL ("unknown" for bad values). */
FP_API const char *fp_cmp_name(fp_cmp result);

/* The colour as "#RRGGBB". Fingertips colours: better #92D050, similar
 * #FFC000, worse #C00000, higher #BED2FF, lower #5555E6, not compared
 * #C9C9C9. The 99.8% categories use darker shades chosen by fingerpost
 * (better #00B050, worse #7F0000, higher #7FA6FF, lower #2A2AAA); this is the
 * RAG colour of a scorecard line. Never NULL. */
FP_API const char *fp_cmp_colour(fp_cmp result);

/* "", "no value", "no confidence interval", "invalid confidence interval",
 * "no comparator value". Never NULL. */
FP_API const char *fp_cmp_reason_name(fp_cmp_reason reason);

/* ============================================== two-sample test on counts */

/* A two-sample test of area (x1 of n1) against a comparator (x2 of n2),
 * reported beside the Fingertips rule. The two can disagree near a limit:
 * fingerpost's RAG colour always comes from the Fingertips rule. */
typedef struct fp_cmp_test {
    fp_cmp result;        /* at `level`: similar, or higher/lower (better/worse
                             with polarity); FP_CMP_NOT_COMPARED when no test */
    double estimate;      /* difference p1 - p2 (x multiplier) or ratio r1/r2 */
    double p_value;       /* two-sided; NaN when no test */
    const char *method;   /* "two-sample z test of proportions" or "exact test
                             of two Poisson rates"; "" when none (static) */
    int status;           /* FP_OK, or why there is no test (as returned) */
} fp_cmp_test;

/* Test area x1/n1 against comparator x2/n2 with the statistics core
 * (fingerpost/rates.h): units FP_UNIT_PERCENT and FP_UNIT_PROPORTION use
 * fp_proportion_diff (pooled z test = R prop.test(correct = FALSE));
 * FP_UNIT_RATE and FP_UNIT_COUNT use fp_rate_ratio (exact conditional test =
 * R poisson.test(c(x1, x2), c(n1, n2))). Significant when p < 1 - level;
 * the direction is the sign of the difference (or ratio above/below 1) and
 * polarity turns it into better/worse. Other units give FP_ENODATA ("no test
 * for this unit"); missing or invalid counts the rates module's status.
 * out is always filled (result FP_CMP_NOT_COMPARED on failure). FP_EINVAL
 * for NULL out or a level outside (0, 1). */
FP_API int fp_compare_counts(fp_unit unit, double x1, double n1, double x2, double n2,
                             double multiplier, double level, fp_polarity polarity,
                             fp_cmp_test *out);

/* ============================================================= aggregates */

/* How a group of areas (statistical neighbours) is summarised. */
typedef enum fp_agg {
    FP_AGG_MEAN = 0,  /* arithmetic mean of the values present (DfE LAIT) */
    FP_AGG_MEDIAN,    /* median of the values present (DfE children's social
                         care dashboard); R's median() */
    FP_AGG_POOLED     /* sum of numerators / sum of denominators x multiplier
                         over areas with both counts (Fingertips) */
} fp_agg;

/* Parse "mean", "median", "pooled". FP_EFORMAT otherwise. */
FP_API int fp_agg_parse(const char *text, fp_agg *agg);
FP_API const char *fp_agg_name(fp_agg agg);

typedef struct fp_agg_result {
    double value;      /* the aggregate */
    size_t n_used;     /* areas that contributed ("8 of 10") */
    size_t n_total;    /* areas in the group (n given) */
    double numerator, denominator; /* pooled only: the sums; NaN otherwise */
} fp_agg_result;

/* Aggregate n areas. values[i] NaN marks a missing area (skipped). For
 * FP_AGG_POOLED, num and den (both required, else FP_EINVAL) give counts; an
 * area contributes when num[i] and den[i] are finite and den[i] > 0 (values
 * is then not used and may be NULL). For MEAN/MEDIAN num and den are ignored
 * and may be NULL. multiplier scales the pooled ratio (100 for percent,
 * 100000 per 100,000); ignored otherwise. The pooled value's confidence
 * interval is the caller's (rates module) from result->numerator and
 * ->denominator. Returns FP_ENODATA (result still filled, value NaN) when no
 * area contributes, FP_EINVAL for NULL result or a bad method. */
FP_API int fp_aggregate(fp_agg agg, const double *values, const double *num,
                        const double *den, size_t n, double multiplier,
                        fp_agg_result *result);

/* ============================================================ ranks, bands */

/* Polarity-aware ranks with ties taking the lowest rank (R's rank(...,
 * ties.method = "min") on -x for FP_POLARITY_HIGH, on x for FP_POLARITY_LOW;
 * as DfE LAIT's calculate_rank): rank 1 is always best. NaN values get rank 0
 * ("no rank") and are not counted. *n_ranked (may be NULL) receives the number
 * of values ranked. FP_EINVAL when polarity is FP_POLARITY_NONE (no rank
 * without polarity) or a pointer is NULL. */
FP_API int fp_rank(const double *values, size_t n, fp_polarity polarity,
                   size_t *ranks, size_t *n_ranked);

/* The rank one value would take among values (itself included or not: a
 * value equal to a listed one ties with it): 1 + the number of non-NaN values
 * strictly better. FP_EINVAL for no polarity; FP_ENODATA when value is NaN. */
FP_API int fp_rank_of(double value, const double *values, size_t n,
                      fp_polarity polarity, size_t *rank, size_t *n_ranked);

/* Percentile of value among values (0-100, 100 best): 100 x (number of non-NaN
 * values strictly worse) / (n_ranked - 1), which is Excel's PERCENTRANK.INC x
 * 100 on the polarity-oriented values. A single value gives 100. FP_EINVAL
 * for no polarity; FP_ENODATA when value is NaN or no values. */
FP_API int fp_percentile_of(double value, const double *values, size_t n,
                            fp_polarity polarity, double *percentile);

/* ----------------------------------- Fingertips' goals and percentiles */

/* A goal as Fingertips configures one (its TargetConfig: a lower limit, an
 * optional upper limit, and whether the 95% interval is judged instead of
 * the value; ukhsa-collaboration/fingertips-open, PholioVisualisationWS
 * Analysis/SingleValueTargetComparer.cs and RangeTargetComparer.cs). */
typedef struct fp_goal_benchmark {
    double lower;      /* the goal (single), or the range's lower limit */
    double upper;      /* NaN for a single goal; else the range's upper limit */
    int use_ci;        /* single goal only: judge the 95% interval */
} fp_goal_benchmark;

/* Parse "80" (a single goal judged on the value), "80:ci" (judged on the
 * 95% interval) or "70..80" (a range: below 70 and from 80 up are the two
 * sides, between is similar). FP_EFORMAT otherwise, or for a range whose
 * lower limit is above its upper (Fingertips refuses it too). */
FP_API int fp_goal_benchmark_parse(const char *text, fp_goal_benchmark *g);

/* Fingertips' "compared to goal" (its TargetComparer rules, which are not
 * the England comparison's): with polarity high or low is good,
 *  - single goal on the value: better when value >= goal (high is good) or
 *    value <= goal (low is good), else worse (never similar);
 *  - single goal on the interval: lower95 >= goal is better (high is good)
 *    or worse (low is good); upper95 < goal the other side; else similar;
 *  - range: value < lower is worse (high is good) or better (low is good);
 *    value >= upper the other side; else similar.
 * *result is FP_CMP_BETTER, FP_CMP_SIMILAR or FP_CMP_WORSE, and
 * FP_CMP_NOT_COMPARED with FP_EDOM when the polarity is neither (Fingertips
 * compares only RAG polarities) or FP_ENODATA when the value (or, on the
 * interval, a limit) is missing. FP_EINVAL for NULL pointers. */
FP_API int fp_compare_goal(double value, double lower95, double upper95, fp_polarity polarity,
                           const fp_goal_benchmark *g, fp_cmp *result);

/* Fingertips' "compared with percentiles" (its Quintiles and Quartiles
 * comparator methods, ValueCategoriesCalculator.cs): bounds[0..k] are the
 * minimum, the type-7 percentiles at j/k (each rounded to 10 decimal
 * places, half away from zero, as Fingertips does) and the maximum of the
 * non-NaN values. FP_ENODATA (bounds NaN) when fewer than k values, or
 * fewer than 4 (Fingertips' minimum). FP_EINVAL for k < 2 or NULL. */
FP_API int fp_percentile_bounds(const double *values, size_t n, int k, double *bounds);

/* The category 1..k of value against bounds[0..k]: the first j with
 * value <= bounds[j]; with reverse (Fingertips' quintiles for a "high is
 * good" indicator, where category 1 is then the highest values) k + 1 - j.
 * So category 1 is the best fifth for an indicator with a RAG polarity,
 * the lowest for one without. *category is 0 with FP_ENODATA for a NaN
 * value or NaN bounds, FP_EDOM for a value outside [min, max]. */
FP_API int fp_percentile_category(double value, const double *bounds, int k, int reverse,
                                  int *category);

/* Fingertips' export text for quintile category 1..5 ("Lowest quintile",
 * "2nd lowest quintile", "Middle quintile", "2nd highest quintile",
 * "Highest quintile": its SignificanceFormatter, which names the category
 * number, so for "high is good" indicators "Lowest quintile" holds the
 * highest, best, values); "" otherwise. */
FP_API const char *fp_percentile_quintile_label(int category);

/* The sample quantile of type 7 (R's quantile(type = 7), Excel's
 * PERCENTILE.INC) at probability p in [0,1] of the non-NaN values (copied and
 * sorted internally). FP_ENODATA when no values; FP_EDOM for p outside [0,1];
 * FP_ENOMEM. */
FP_API int fp_quantile7(const double *values, size_t n, double p, double *q);
/* The same on values already sorted ascending, without NaN. FP_EINVAL for a
 * NULL q (or NULL sorted with n > 0), FP_EDOM for p outside [0,1],
 * FP_ENODATA for n = 0; *q is unchanged on failure. */
FP_API int fp_quantile7_sorted(const double *sorted, size_t n, double p, double *q);

/* How areas are put into k quantile groups. */
typedef enum fp_qmethod {
    FP_QMETHOD_TYPE7 = 0, /* boundaries are the type-7 quantiles at j/k; a value
                             is in group j when q[(j-1)/k] < v <= q[j/k] (group 1
                             includes the minimum): DfE LAIT's quartile bands and
                             Fingertips' older PERCENTILE.INC quintiles */
    FP_QMETHOD_NTILE,     /* SQL NTILE(k) over the values in ascending order:
                             groups of floor(n/k) rows, the first n mod k
                             groups one row larger; ties are split by input
                             order (Fingertips' newer quintiles) */
    FP_QMETHOD_PHE        /* PHEindicatormethods::phe_quantile: rank with ties
                             "min", quantile = floor(k + 1 - ceiling((num + 1 -
                             rank) / (num / k))), 0 -> 1; no groups when fewer
                             than k values */
} fp_qmethod;

/* Parse "type7" (also "percentile", "lait"), "ntile", "phe". FP_EFORMAT
 * otherwise. */
FP_API int fp_qmethod_parse(const char *text, fp_qmethod *method);
/* "type7", "ntile", "phe"; "unknown" for a value outside the enum. Static
 * text, never NULL. */
FP_API const char *fp_qmethod_name(fp_qmethod method);

/* Assign each value a group 1..k. With descending == 0 group 1 holds the
 * LOWEST values; with descending != 0 group 1 holds the HIGHEST (for
 * FP_QMETHOD_PHE this is phe_quantile's invert = TRUE, which ranks
 * -values exactly as the R code does). NaN values get group 0;
 * with FP_QMETHOD_PHE every group is 0 when fewer than k values are present.
 * FP_EINVAL for k < 1 or NULL pointers; FP_ENOMEM. */
FP_API int fp_quantile_groups(const double *values, size_t n, int k,
                              fp_qmethod method, int descending, int *groups);

/* The same within sets: value i belongs to set set[i] (any label; equal
 * labels make one set, as dplyr's group_by before phe_quantile), and each
 * set is grouped on its own (so with FP_QMETHOD_PHE a set with fewer than k
 * values gets 0 throughout, as the package's NA). E.g. deciles of local
 * authorities within their region: set[i] the region's index. Errors as
 * fp_quantile_groups (FP_EINVAL also for a NULL set). */
FP_API int fp_quantile_groups_by(const double *values, const size_t *set, size_t n, int k,
                                 fp_qmethod method, int descending, int *groups);

/* The LAIT quartile band of value given type-7 quartiles q[0..4] (0%, 25%,
 * 50%, 75%, 100%) of all local authorities' values: as DfE LAIT's
 * calculate_quartile_band, v in [q0, q25] is the lowest quartile, (q25, q50]
 * the second, (q50, q75] the third, (q75, q100] the highest. *band is 'A'
 * (best) .. 'D' (worst): for FP_POLARITY_LOW the lowest quartile is A, for
 * FP_POLARITY_HIGH the highest is A. FP_EINVAL for no polarity (LAIT shows
 * "-"); FP_ENODATA when value or a quartile is NaN; FP_EDOM when value lies
 * outside [q0, q100] (LAIT's "Error"). */
FP_API int fp_quartile_band(double value, const double q[5], fp_polarity polarity,
                            char *band);

/* Convenience: type-7 quartiles of the non-NaN values into q[0..4], then
 * fp_quartile_band. Errors as both, and FP_EINVAL for NULL values (n > 0),
 * band or q; FP_ENOMEM. *band is "" on failure, q all NaN when no value is
 * present. */
FP_API int fp_quartile_band_of(double value, const double *values, size_t n,
                               fp_polarity polarity, char *band, double q[5]);

/* ================================================================ change */

/* Change in a series over `steps` periods, ending at index `end`:
 * abs = values[end] - values[end - steps], pct = 100 * abs / |values[end -
 * steps]|. Only across consecutive periods: every pair periods[i],
 * periods[i+1] in the span must satisfy fp_period_is_next (periods may be
 * NULL to skip the check, when the caller knows the series is consecutive).
 * pct is NaN when the base is 0 (abs is still set). FP_ENODATA when end <
 * steps, a value at either end is NaN or a period is skipped (LAIT's "change
 * from previous year" is NA then); FP_EINVAL for NULL values/out-pointers,
 * steps == 0 or end >= n. */
FP_API int fp_change(const double *values, const fp_period *periods, size_t n,
                     size_t end, size_t steps, double *abs, double *pct);

/* Deviation of value from a reference (England): abs = value - reference,
 * pct = 100 * abs / |reference| (NaN when reference is 0). FP_ENODATA when
 * either is NaN. pct may be NULL. */
FP_API int fp_deviation(double value, double reference, double *abs, double *pct);

/* =============================================================== targets */

typedef enum fp_target_rule {
    FP_TARGET_NONE = 0,       /* no target */
    FP_TARGET_FIXED,          /* target = value */
    FP_TARGET_NATIONAL_HIGHER,/* "value or the national average, whichever is
                                 higher" = max(value, national) */
    FP_TARGET_NATIONAL_LOWER, /* "... whichever is lower" = min(value, national) */
    FP_TARGET_NATIONAL_BETTER,/* "... whichever is better": max for polarity
                                 HIGH, min for LOW */
    FP_TARGET_BASELINE_PCT,   /* "baseline plus value%": baseline * (1 + value
                                 / 100); value < 0 for "minus" */
    FP_TARGET_BASELINE_POINTS,/* baseline + value (e.g. percentage points) */
    FP_TARGET_NATIONAL        /* "national average": target = national */
} fp_target_rule;

typedef struct fp_target {
    fp_target_rule rule;
    double value;          /* X in the rule */
    double baseline;       /* for the BASELINE rules */
    fp_polarity direction; /* which side meets the target: HIGH met when
                              actual >= target, LOW met when actual <= target;
                              normally the indicator's polarity */
} fp_target;

typedef enum fp_target_status {
    FP_TSTATUS_NO_TARGET = 0, /* no rule, no direction, or no value to judge */
    FP_TSTATUS_MET,
    FP_TSTATUS_ON_TRACK,
    FP_TSTATUS_OFF_TRACK
} fp_target_status;

/* Parse a rule text (case-insensitive): "70" or "70%" (fixed), "national"
 * or "national average", "50 or national higher" / "50 or the national
 * average, whichever is the higher" / "50|national higher" (also "lower",
 * "better"), "baseline+10%", "baseline-5%", "baseline+2" (points; the
 * baseline itself is given separately). Sets
 * rule and value; leaves baseline and direction untouched. FP_EFORMAT
 * otherwise. */
FP_API int fp_target_parse(const char *text, fp_target *target);

/* The target's numeric value: national is the England value (needed by the
 * NATIONAL rules, else ignored). FP_ENODATA when an input the rule needs is
 * NaN; FP_EINVAL for FP_TARGET_NONE, NATIONAL_BETTER without a direction, or
 * NULL pointers. */
FP_API int fp_target_value(const fp_target *target, double national, double *value);

/* The status of latest against the target. Met when latest is on the right
 * side of the target (equal counts as met). Otherwise on track when
 * `projected` (a projection to the target date, e.g. from the trend module;
 * NaN if none) meets the target; when there is no projection, on track when
 * the change from `previous` (the previous consecutive period's value; NaN if
 * none) to latest is in the required direction (strictly); off track
 * otherwise, including when neither projection nor previous value exists.
 * No target (FP_TSTATUS_NO_TARGET) when the rule is NONE, the direction is
 * NONE, latest is NaN, or the target value cannot be computed. *target_value
 * (may be NULL) receives the resolved target (NaN when none). FP_EINVAL for
 * NULL target or status. */
FP_API int fp_target_assess(const fp_target *target, double national, double latest,
                            double previous, double projected,
                            fp_target_status *status, double *target_value);

/* "no target", "met", "on track", "off track". Never NULL. */
FP_API const char *fp_target_status_name(fp_target_status status);

/* A milestone: the target value to reach by a period. */
typedef struct fp_milestone {
    fp_period period;
    double value;
} fp_milestone;

/* The milestone that applies at `period`: the one for that period, else the
 * latest one before it (milestones in any order). FP_ENOTFOUND when every
 * milestone is later; FP_EINVAL for NULL pointers. */
FP_API int fp_milestone_at(const fp_milestone *milestones, size_t n,
                           const fp_period *period, double *value);

/* ========================================== k nearest statistical neighbours */

/* Standardise the columns of an n x p row-major matrix to z-scores in place
 * of z (z may equal x): (x - mean) / sd with the sample standard deviation
 * (n - 1), as R's scale(). A constant column becomes all 0. FP_EDOM when a
 * value is NaN or infinite; FP_ENODATA when n < 2; FP_EINVAL for NULL. */
FP_API int fp_standardise(const double *x, size_t n, size_t p, double *z);

/* The k nearest neighbours of every row of the n x p row-major matrix x:
 * columns are standardised (fp_standardise), distance is the weighted
 * Euclidean sqrt(sum_j w_j (z_aj - z_bj)^2) with weights w (NULL for all 1;
 * weights must be finite and >= 0), a row is never its own neighbour, and
 * ties in distance are broken by `codes` in strcmp order (codes NULL: by row
 * index). Writes, for row i, neighbour row indices to idx[i*k .. i*k+k-1]
 * closest first and their distances to dist (dist may be NULL).
 * FP_EINVAL when k == 0, k >= n, or a pointer is NULL; FP_EDOM for NaN input
 * or a bad weight; FP_ENOMEM. */
FP_API int fp_knn(const double *x, size_t n, size_t p, const double *weights,
                  const char *const *codes, size_t k, size_t *idx, double *dist);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_COMPARE_H */
