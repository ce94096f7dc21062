/* fingerpost/assess.h -- the assessment layer: where does one area stand on
 * one indicator?
 *
 * One call, fp_assess, answers everything a row of `fingerpost compare` or a
 * line of the scorecard report shows: the period used and why, the value
 * with its confidence interval (published, or computed from counts, saying
 * which), England, region and statistical-neighbour comparators with how
 * many areas were used, the Fingertips significance rule at 95% and 99.8%
 * and the two-sample test on counts, rank, percentile, quartile and quintile
 * among local authorities, change over one and three periods, the trend
 * verdict with the method used, the target status and outlook, and every
 * note. compare, report and the charts are formatters of this result, so
 * they cannot disagree.
 *
 * Pure computation on an indexed dataset (fingerpost/data.h): no I/O. The
 * methods are those of fingerpost/compare.h, rates.h and trend.h; the rules
 * that choose between them (which period, which interval, which trend test)
 * are documented in docs/methods.md, "Assessment". Part of the public
 * contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_ASSESS_H
#define FINGERPOST_ASSESS_H

#include <stddef.h>
#include "fingerpost/common.h"
#include "fingerpost/data.h"
#include "fingerpost/rates.h"
#include "fingerpost/compare.h"
#include "fingerpost/trend.h"
#include "fingerpost/funnel.h"
#include "fingerpost/sii.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "None" for an area or period index. */
#define FP_ASSESS_NONE ((size_t)-1)

/* How quantile groups are numbered (fp_assess_options.quantiles). */
typedef enum fp_quantile_order {
    FP_QORDER_BEST = 0,   /* 1 holds the best values by the indicator's
                             polarity (the lowest without one), as the
                             quintile column */
    FP_QORDER_HIGH,       /* 1 holds the highest values (phe_quantile's
                             invert = TRUE, its default) */
    FP_QORDER_LOW         /* 1 holds the lowest values (invert = FALSE) */
} fp_quantile_order;

/* ------------------------------------------------ inequality (SII/RII) */

/* The most quantiles an inequality breakdown may have (fp_sii's limit). */
#define FP_INEQ_MAX_QUANTILES 100

/* A deprivation breakdown of an indicator (docs/methods.md, "Slope and
 * relative index of inequality"): the series of its n deprivation
 * quantiles, each an indicator of the dataset (Fingertips exports give
 * every decile as a category of its own), ordered from the most to the
 * least deprived. The caller finds them (the CLI from Fingertips' category
 * names); the library only reads their values. quantile[i] is
 * FP_ASSESS_NONE for a quantile the data do not have (or have twice). */
typedef struct fp_ineq_group {
    size_t indicator;         /* the indicator broken down, or FP_ASSESS_NONE */
    size_t n;                 /* quantiles: 5 (quintiles) to FP_INEQ_MAX_QUANTILES */
    size_t quantile[FP_INEQ_MAX_QUANTILES];
    const char *type;         /* what the quantiles are ("County & UA deprivation
                                 deciles in England (IMD2019, 4/23 geography)");
                                 not copied, may be NULL */
} fp_ineq_group;

/* The SII and RII of one breakdown for one area and period. */
typedef struct fp_ineq_result {
    const fp_ineq_group *group;   /* the breakdown used */
    size_t have;                  /* quantiles with a value */
    fp_sii_value_type value_type; /* from the unit: rates on the log scale,
                                     percentages and proportions as
                                     proportions (SII in percentage points),
                                     anything else normal */
    int status;                   /* FP_OK: sii holds the result; else why
                                     not, said in reason */
    fp_sii_result sii;            /* in the indicator's units (percentages:
                                     percentage points), 95% and 99.8% limits */
    char reason[200];             /* empty when status is FP_OK */
} fp_ineq_result;

/* The SII and RII of breakdown g for area a in period p (fp_sii with
 * options opt, their value_type and multiplier set from g's indicator's
 * unit): each quantile's value, 95% limits (giving its standard error,
 * fp_sii_se_from_ci) and denominator (its population). Returns FP_ENODATA
 * when no quantile has a value, 95% limits and a population for the area
 * in the period (nothing to say);
 * otherwise FP_OK with out->status saying whether the SII was computed
 * (a quantile missing, without limits or without a population, or
 * fp_sii's own error, each with its reason). FP_EINVAL for NULL arguments
 * or bad indices. */
FP_API int fp_assess_inequality(const fp_dataset *ds, const fp_ineq_group *g, size_t a,
                                size_t p, const fp_sii_options *opt, fp_ineq_result *out);

/* ------------------------------------------------------------ context */

/* What every assessment of one dataset shares: the England area, each
 * area's region and neighbour areas, the local authorities, and a cache of
 * the local-authority distribution of the last (indicator, period) asked
 * for. Made by fp_assess_context_alloc, freed by fp_assess_context_free.
 * The dataset and neighbour model must outlive it and not change while it
 * lives. Not safe to share between threads (the cache is written by
 * fp_assess). */
typedef struct fp_assess_context fp_assess_context;

/* Make a context for an indexed dataset. nb is the neighbour model (NULL for
 * none); an area's list is found by its old LA number, then its code, then
 * its name. England is the first area of kind FP_AREA_COUNTRY (an area named
 * "England" wins). FP_EINVAL for NULL ds or out; FP_ENOMEM. */
FP_API int fp_assess_context_alloc(const fp_dataset *ds, const fp_neighbours *nb,
                                   fp_assess_context **out);
/* Free a context (not its dataset or neighbour model); NULL is a no-op. */
FP_API void fp_assess_context_free(fp_assess_context *ctx);

/* Declare a methodology break of indicator ind: `first` is the first period
 * of the new series (2021/22 for the EYFS reform, 2016 for the KS2
 * assessment change, 2022 after the pandemic gap). Trends, outlooks, goal
 * projections and fp_assess_series then use only the periods from the
 * latest break at or before the period assessed, and say so. Any number of
 * breaks per indicator. FP_EINVAL, FP_ENOMEM. */
FP_API int fp_assess_context_add_break(fp_assess_context *ctx, size_t ind,
                                       const fp_period *first);

/* Where indicator ind's series ending at period `upto` starts, by the
 * dataset's declared methodology breaks (fp_dataset_add_break): *first
 * receives the first period of the latest break at or before upto, in
 * upto's class, and *reason (may be NULL) its reason. Returns 1 when a
 * break applies, 0 when the whole series may be used (and for NULL or bad
 * arguments). For callers that assemble series themselves (`trend`, SPC). */
FP_API int fp_dataset_series_start(const fp_dataset *ds, size_t ind, const fp_period *upto,
                                   fp_period *first, const char **reason);

/* The England area, or FP_ASSESS_NONE (also for a NULL ctx). */
FP_API size_t fp_assess_england(const fp_assess_context *ctx);
/* The region area of area a, or FP_ASSESS_NONE (also for a NULL ctx or an
 * a out of range). */
FP_API size_t fp_assess_region(const fp_assess_context *ctx, size_t a);
/* Area a's neighbour list (NULL when none) and, through *areas (may be
 * NULL), the dataset index of each neighbour (FP_ASSESS_NONE when a
 * neighbour is not in the data). The arrays belong to the context. */
FP_API const fp_neighbour_list *fp_assess_neighbours(const fp_assess_context *ctx, size_t a,
                                                     const size_t **areas);

/* ------------------------------------------------------------ options */

typedef struct fp_assess_options {
    /* The period: FP_ASSESS_NONE (default) for the period rule (see
     * fp_period_choice), else an index into ds->periods. */
    size_t period;
    fp_agg neighbour_stat;        /* FP_AGG_MEAN (default, as DfE LAIT) */
    fp_qmethod quintile_method;   /* FP_QMETHOD_TYPE7 (default) */
    /* More areas to compare with, aggregated by neighbour_stat (one area is
     * compared with as it is); NULL/0 for none. Not copied. */
    const size_t *versus;
    size_t n_versus;
    /* The target (NULL for none; rule FP_TARGET_NONE is also none). Its
     * direction is ignored: the indicator's polarity is used. */
    const fp_target *target;
    /* The period the target is to be met by, for the outlook: NULL for the
     * period after the one assessed. Not copied. */
    const fp_period *target_by;
    fp_projection_model projection; /* FP_PROJECT_LINEAR (default) */
    /* Mann-Kendall window: at most this many of the latest non-missing
     * values (default 10). */
    size_t mk_points;
    /* A target with a due date (NULL for none): judged by fp_assess_goal
     * into fp_assessment.goal, and then the target's verdict. Not copied. */
    const struct fp_goal *goal;
    /* Small numbers: rank, percentile, quartile and quintile are withheld
     * (and the result flagged) when the area's count is below this (default
     * 10, Fingertips' threshold for small counts), or, without a count, when
     * its rate or percentage is exactly 0 or 100% (only a tiny count gives
     * that). 0 turns the rule off. */
    double small_count;
    /* Funnel significance (docs/methods.md, "Overdispersed funnels"): NULL
     * (default) for none; else a local authority's flag against the funnel
     * of every local authority with a value and a denominator at the period
     * (the numerator published, else value x denominator / multiplier, as
     * chart funnel), around England's value. Only the spec's scale (rates
     * and ratios; proportions are always on the arcsine scale), trim and
     * trim_by are used: the kind comes from the unit (percentages and
     * proportions, rates, ratios) and the target is England's value.
     * funnel_method chooses the limits (FP_OD_NONE: OHID's, i.e.
     * PHEindicatormethods assign_funnel_significance). Not copied. */
    const fp_od_spec *funnel;
    fp_od_method funnel_method;
    /* Inequality (NULL for none): the deprivation breakdowns in the data
     * (n_inequality of them). The assessment of an indicator takes the
     * first of its breakdowns that gives an SII for the area in the period
     * assessed (fp_assess_inequality with options sii, NULL for
     * fp_sii_options_init's), else the first that has any quantile, into
     * fp_assessment.inequality. Not copied. */
    const fp_ineq_group *inequality;
    size_t n_inequality;
    const fp_sii_options *sii;
    /* Quantile groups as Fingertips shows them (docs/methods.md, "Other
     * quantile groups"): 0 (default) for none; else k groups (1..100) by
     * quintile_method among the areas the area is ranked with (local
     * authorities), within each region when quantile_within_region (as
     * phe_quantile after group_by(region); Inner and Outer London are the
     * one London region Fingertips uses; areas without a region are a set
     * of their own), numbered by quantile_order.
     * Withheld (0) when the rank is (small numbers, implausible). */
    int quantiles;
    int quantile_within_region;
    fp_quantile_order quantile_order;
    /* Fingertips' "compared to goal" (fp_compare_goal): NULL for none; else
     * the goal of the indicator assessed, judged on the area's value and
     * 95% interval with the indicator's polarity into
     * fp_assessment.vs_goal. Not copied. */
    const fp_goal_benchmark *goal_benchmark;
    /* Fingertips' "compared with percentiles" (fp_percentile_bounds and
     * fp_percentile_category among the areas the area is ranked with): 0
     * for none, 5 for quintiles (category 1 the best fifth: reversed for
     * "high is good", as Fingertips), 4 for quartiles (never reversed, as
     * Fingertips' quartile comparer), into fp_assessment.vs_percentiles. */
    int percentiles;
} fp_assess_options;

/* Why a value cannot be believed as it stands. */
typedef enum fp_plausibility {
    FP_PLAUSIBLE = 0,
    FP_IMPLAUSIBLE_RANGE,     /* England or a region outside the range of every
                                 local authority (likely a count where a rate is
                                 expected, or another unit) */
    FP_IMPLAUSIBLE_PERCENT,   /* a percentage below 0 or above 100 */
    FP_IMPLAUSIBLE_NEGATIVE,  /* a negative rate, proportion or count */
    FP_IMPLAUSIBLE_REGIONS    /* England outside the range of every region */
} fp_plausibility;

/* "", "outside the range of every local authority", "a percentage outside
 * 0-100", "negative", "outside the range of every region". Static text,
 * never NULL; "" for a value outside the enum. */
FP_API const char *fp_plausibility_name(fp_plausibility p);

/* Why a value is implausible, as a phrase for messages ("1258 lies outside
 * the range of every region (131 to 230), which an average of them cannot:
 * likely a count where a rate is expected"; "233.3 is a percentage outside
 * 0-100"), from fp_assess_plausible's answer and range. Writes at most size
 * bytes with the NUL; FP_ERANGE when cut, FP_EINVAL for NULL. */
FP_API int fp_plausibility_explain(fp_plausibility pl, double value, const double range[2],
                                   char *buf, size_t size);

/* Is the value of (ind, area, period) plausible? Percentages must lie in
 * [0, 100] (proportions [0, 1]); rates, proportions and counts must not be
 * negative. England's or a region's value of an average (a percentage,
 * proportion, rate, mean or score; not a count or a value of unknown unit)
 * is a weighted average of its parts, so it must lie within their range,
 * widened by the rounding the values show (half a unit in the last decimal
 * place of the coarsest): the range of the local authorities when every
 * authority with a row at the period has a value (none suppressed) and they
 * come from all nine regions (FP_IMPLAUSIBLE_RANGE), else, for England, the
 * range of the regions when at least nine have a value
 * (FP_IMPLAUSIBLE_REGIONS). When neither is known nothing is flagged: a
 * suppressed or rounded authority is no evidence against England. range (may
 * be NULL) receives the range broken (NaN when plausible). A missing value
 * is plausible. The bounds are built once per indicator asked (one pass over
 * its observations) and kept with the context. FP_EINVAL for NULL or bad
 * indices, FP_ENOMEM. */
FP_API int fp_assess_plausible(fp_assess_context *ctx, size_t ind, size_t area, size_t period,
                               fp_plausibility *out, double range[2]);
/* The same for an observation of the context's dataset (no look-up: a
 * sweep over every observation is linear). FP_EINVAL for NULL arguments or
 * an observation whose indices are outside the dataset, FP_ENOMEM. */
FP_API int fp_assess_plausible_obs(fp_assess_context *ctx, const fp_obs *o, fp_plausibility *out,
                                   double range[2]);

/* Fill *o with the defaults: the latest period, neighbours by their mean,
 * type-7 quintiles, linear projections, Mann-Kendall on 10 points, small
 * counts below 10. Cannot fail; a NULL o is ignored. */
FP_API void fp_assess_options_default(fp_assess_options *o);

/* The projection model for indicator I: a straight line (FP_PROJECT_LINEAR
 * or FP_PROJECT_LOGIT) of a percentage or proportion is fitted on the logit
 * scale (FP_PROJECT_LOGIT, with to->bound set to 100 or 1), so a projection
 * and its prediction interval stay within 0-100% (a linear interval for a
 * falling percentage went to -11.7); other units and models are returned
 * unchanged. The rule of compare's outlook, the report's dated targets and
 * trend --method project. Cannot fail: with a NULL I or to, or another
 * model, m is returned and *to is left alone. */
FP_API fp_projection_model fp_assess_projection_model(const fp_indicator *I,
                                                      fp_projection_model m,
                                                      fp_trend_options *to);

/* ------------------------------------------------------------- result */

/* Why the period was chosen. */
typedef enum fp_period_choice {
    FP_PERIOD_CHOICE_NONE = 0,     /* the indicator has no value anywhere */
    FP_PERIOD_CHOICE_REQUESTED,    /* options->period */
    FP_PERIOD_CHOICE_LATEST,       /* the indicator's latest period, where the
                                      area has a value */
    FP_PERIOD_CHOICE_AREA_LATEST,  /* the area's latest value is older than the
                                      indicator's latest period (which has none
                                      for the area): the area's latest is used */
    FP_PERIOD_CHOICE_NO_AREA_VALUE /* the area has no value in any period: the
                                      indicator's latest period, value missing */
} fp_period_choice;

/* Where the confidence interval came from. */
typedef enum fp_ci_source {
    FP_CI_SOURCE_NONE = 0,         /* no interval (see the notes) */
    FP_CI_SOURCE_PUBLISHED,        /* published with the value */
    FP_CI_SOURCE_COUNTS,           /* computed from the published counts */
    FP_CI_SOURCE_DERIVED           /* computed from counts derived from count
                                      indicators (FP_OBS_DERIVED): approximate */
} fp_ci_source;

/* "", "published", "computed from counts", "computed from derived counts".
 * Static text, never NULL; "" for a value outside the enum. */
FP_API const char *fp_ci_source_name(fp_ci_source s);

/* The interval of one value: the rule the assessment uses everywhere
 * (area, neighbours in the tartan rug, every point of a series). */
typedef struct fp_assess_interval {
    double value;                  /* NaN when missing */
    double lower95, upper95, lower998, upper998; /* NaN when none */
    double numerator, denominator; /* NaN when not known */
    fp_ci_source source;
    fp_ci_method method;           /* for computed intervals; FP_CI_NONE otherwise */
    const char *reason;            /* why there is none ("" when there is), static */
} fp_assess_interval;

/* The interval of (indicator, area, period) by the assessment's rule:
 * published limits when present (each level on its own); else, for
 * percentages, proportions and rates with a numerator and denominator,
 * limits from the counts (Wilson for proportions, Byar's or exact Poisson
 * for rates, as Fingertips and PHEindicatormethods); else none. Missing
 * values give value NaN. FP_EINVAL for bad indices or NULL. */
FP_API int fp_assess_interval_at(const fp_dataset *ds, size_t indicator, size_t area,
                                 size_t period, fp_assess_interval *out);

/* One comparator: England, the region, the neighbours or --versus. */
typedef struct fp_comparator {
    size_t area;                   /* the single area compared with, or FP_ASSESS_NONE
                                      (a group, or no comparator) */
    double value;                  /* NaN when none */
    double lower95, upper95;       /* pooled groups only, else NaN */
    double numerator, denominator; /* NaN when not known */
    size_t n_used, n_total;        /* areas with a value / in the group (1 of 1
                                      for a single area, 0 of 0 for none) */
    fp_cmp cmp95, cmp998;          /* the Fingertips rule at each level */
    fp_cmp cmp;                    /* both levels combined (fp_compare_ci_levels) */
    fp_cmp_reason reason;          /* why cmp95 is not compared */
    fp_cmp_test test;              /* the two-sample test on counts (result
                                      FP_CMP_NOT_COMPARED when no test) */
    int plausibility;              /* an fp_plausibility: when not FP_PLAUSIBLE the
                                      value was not used (NaN; see the notes) */
} fp_comparator;

/* Which trend method gave the verdict. */
typedef enum fp_assess_trend_method {
    FP_ASSESS_TREND_NONE = 0,      /* no verdict (see trend_reason) */
    FP_ASSESS_TREND_RECENT,        /* the Fingertips recent trend (99.8%) */
    FP_ASSESS_TREND_MANN_KENDALL   /* Mann-Kendall on the latest values (95%) */
} fp_assess_trend_method;

typedef enum fp_goal_status {
    FP_GOAL_NOT_ASSESSED = 0,  /* see note */
    FP_GOAL_MET,               /* the value for the due period meets it */
    FP_GOAL_MISSED,            /* the value for the due period does not */
    FP_GOAL_ON_TRACK,          /* not yet due (no data): the whole 95% prediction
                                  interval at the due period meets it */
    FP_GOAL_NOT_ON_TRACK,      /* ... none of it does */
    FP_GOAL_UNCERTAIN          /* ... the interval holds the target */
} fp_goal_status;

/* "not assessed", "met", "missed", "on track", "not on track", "uncertain".
 * Static text, never NULL; "not assessed" for a value outside the enum. */
FP_API const char *fp_goal_status_name(fp_goal_status s);

typedef struct fp_goal_verdict {
    fp_goal_status status;
    fp_period due;             /* the period that judges it */
    size_t period;             /* its index when the data have it, else FP_ASSESS_NONE */
    double target;             /* the resolved target (national rules: England at
                                  the due period, or the latest England value when
                                  projected); NaN when none */
    double value;              /* the value for the due period, or the projection */
    double lower, upper;       /* the prediction interval when projected, else NaN */
    double baseline;           /* the starting point used (NaN when none) */
    char note[240];            /* why, in words */
} fp_goal_verdict;

typedef struct fp_assessment {
    size_t indicator, area;
    fp_polarity polarity;          /* the indicator's */

    /* period */
    size_t period;                 /* index into ds->periods, FP_ASSESS_NONE when none */
    size_t latest_period;          /* the indicator's latest period (any area) */
    fp_period_choice period_choice;

    /* value and interval */
    fp_assess_interval ci;         /* ci.value is the value */
    fp_missing missing;            /* why the value is missing (FP_MISSING_NONE
                                      when present or absent altogether) */
    int present;                   /* 1 when an observation exists at the period */

    /* comparators */
    fp_comparator england, region, neighbours, versus;
    const fp_neighbour_list *neighbour_list; /* NULL when none */

    /* position among local authorities (LAs only) */
    size_t rank, n_ranked;         /* rank 0: none */
    double percentile;             /* 0-100, 100 best; NaN when none */
    char quartile;                 /* 'A' best .. 'D', 0 when none */
    double quartiles[5];           /* type-7 quartiles of the LAs (NaN when none) */
    int quintile;                  /* 1 best .. 5, 0 when none */
    int quantile;                  /* options->quantiles: 1..k, 0 when none */
    int quantile_k;                /* k when quantile was asked for, else 0 */
    size_t quantile_n;             /* values in the area's set */
    fp_cmp vs_goal;                /* options->goal_benchmark: better, similar,
                                      worse; FP_CMP_NOT_COMPARED when not */
    int vs_percentiles;            /* options->percentiles: 1..k, 0 when none */
    const char *quantile_region;   /* the region grouped within (London
                                      as one); NULL for all of England or an
                                      area without a region. Owned by the
                                      dataset (or static) */
    size_t neighbour_rank, neighbour_ranked; /* among the area and its neighbours */

    /* change */
    double previous;               /* the previous consecutive period's value */
    double change1, change1_pct, change3, change3_pct;
    double diff_england, diff_england_pct;

    /* trend: the series up to the period, in its class */
    fp_trend_direction trend;
    fp_trend_reason trend_reason;
    fp_assess_trend_method trend_method;
    size_t trend_points;           /* points the verdict rests on */
    char trend_text[120];          /* "increasing and getting worse", ... */
    char trend_method_text[80];    /* "Fingertips recent trend, last 5 points (99.8%)" */
    /* The window the verdict rests on: the periods (indices into
     * ds->periods) of its first and last points, FP_ASSESS_NONE when there
     * is no verdict, and in words, "2021\u20132025, 5 points" ("" when none). */
    size_t trend_first, trend_last;
    char trend_window[96];
    /* When the recent trend and Mann-Kendall can both be calculated and
     * their directions differ: "methods disagree: Mann-Kendall
     * (2016\u20132025, 10 points) finds 'no significant change'" (also in
     * notes); "" otherwise. */
    char trend_disagree[256];

    /* target */
    fp_target_status target_status;
    double target_value;           /* NaN when none */
    fp_period target_period;       /* the outlook's period */
    int has_target_period;
    fp_projection projection;      /* fit and limits NaN when not projected */
    const char *outlook;           /* "on track", "not on track", "uncertain",
                                      "cannot be projected", NULL (no target) */
    fp_plausibility plausibility;  /* of the area's own value (not compared when
                                      implausible) */
    int small_numbers;             /* rank and quartile withheld: small numbers */
    size_t series_from;            /* first period of the series after the latest
                                      declared break, FP_ASSESS_NONE when none */
    int has_goal;                  /* options->goal was judged: */
    fp_goal_verdict goal;          /* its verdict, which is then the target's */

    /* funnel (options->funnel; local authorities with counts only) */
    fp_funnel_sig funnel;          /* FP_FUNNEL_NOT_APPLICABLE when not judged */
    double funnel_phi, funnel_tau2;/* the local authorities' fit (NaN when none
                                      or when it could not be made: then the
                                      flag is against OHID's limits) */
    size_t funnel_n;               /* local authorities in the fit */
    int funnel_adjusted;           /* the limits were widened for overdispersion */

    /* inequality (options->inequality) */
    int has_inequality;            /* a breakdown has a quantile for the area
                                      in the period: inequality is set (its
                                      status says whether the SII is) */
    fp_ineq_result inequality;

    /* everything worth saying, "; "-separated. A note is never cut: one that
     * does not fit in whole is left out and counted in notes_dropped, which
     * a caller must report (fingerpost's compare adds "N more notes not
     * shown"); 0 when every note is in notes. */
    char notes[1024];
    size_t notes_dropped;
} fp_assessment;

/* Assess area a on indicator ind. The period rule: options->period when
 * given; else the latest period in which the area has a value, noted when
 * that is older than the indicator's latest period. The interval is
 * fp_assess_interval_at's. Comparators are read at the same period; the
 * neighbours are aggregated by options->neighbour_stat (pooled gives the
 * pool a CI). Significance is the Fingertips rule at 95% and 99.8%, with
 * the two-sample test beside it where both sides have counts. Rank (ties
 * "min"), percentile, LAIT quartile band and quintile are among every
 * local authority at the period, for local authorities only. The trend
 * rule: the Fingertips recent trend when it can be calculated (it needs
 * intervals or counts for the last 5 consecutive periods), else
 * Mann-Kendall on the latest options->mk_points values; when both can be
 * calculated and disagree, the notes say so. The target: status by
 * fp_target_assess on the value and the previous consecutive value, and
 * the outlook by projecting the series to options->target_by (default the
 * next period) with fp_trend_project_period.
 * Returns FP_OK (with whatever could be assessed; reasons in the result),
 * FP_EINVAL for NULL pointers or bad indices. */
FP_API int fp_assess(fp_assess_context *ctx, size_t ind, size_t a,
                     const fp_assess_options *options, fp_assessment *out);

/* One statistical neighbour of an area at the period of its assessment,
 * for the report's tartan rug and the compare chart. */
typedef struct fp_assess_neighbour {
    size_t area;                   /* dataset index, FP_ASSESS_NONE when the
                                      neighbour is not in the data */
    fp_assess_interval ci;         /* by fp_assess_interval_at; value NaN when none */
    fp_cmp cmp_england;            /* the Fingertips rule at 95% against England's
                                      value in the assessment */
    char band;                     /* quartile band 'A'..'D' by the assessment's
                                      quartiles, 0 when none (no polarity, the
                                      publisher does not band, no value) */
} fp_assess_neighbour;

/* Area a's neighbours (fp_assess_neighbours, in list order) on indicator
 * ind at the period of A, area a's assessment on ind (fp_assess): each
 * with its interval, its comparison with England (A->england.value, the
 * indicator's polarity) and its quartile band among the local authorities
 * (A->quartiles). *values (free with fp_assess_neighbour_values_free)
 * receives *n entries; *n = 0 and *values NULL when a has no neighbour
 * list or A no period. FP_EINVAL for NULL pointers or bad indices,
 * FP_ENOMEM. */
FP_API int fp_assess_neighbour_values(const fp_assess_context *ctx, size_t ind, size_t a,
                                      const fp_assessment *A, fp_assess_neighbour **values,
                                      size_t *n);
FP_API void fp_assess_neighbour_values_free(fp_assess_neighbour *values);

/* One period of an area's series with its comparators, for trend charts. */
typedef struct fp_assess_point {
    size_t period;                 /* index into ds->periods */
    fp_assess_interval ci;
    double england, region, neighbours; /* NaN when none */
    fp_cmp cmp_england;            /* the Fingertips rule at 95% */
} fp_assess_point;

/* Area a's series of indicator ind in the class of period `upto` and not
 * after it (upto FP_ASSESS_NONE: the class and end of the area's latest
 * value), from its first to its last present value, with the interval rule
 * and comparators of fp_assess (neighbours aggregated by stat). *points
 * (free with fp_assess_points_free) receives *n points; *n = 0 and *points
 * NULL when there is no value. FP_EINVAL, FP_ENOMEM. */
FP_API int fp_assess_series(fp_assess_context *ctx, size_t ind, size_t a, size_t upto,
                            fp_agg stat, fp_assess_point **points, size_t *n);
FP_API void fp_assess_points_free(fp_assess_point *points);

/* ------------------------------------------- targets and milestones */

/* The period of a series' class that holds a calendar month: for calendar
 * years the year; for split years ("2020/21") the one running April to
 * March (financial years: DfE's children's services years end at 31
 * March); for rolling spans the one ending in that year; for quarters and
 * months the one containing it. `like` gives the class. FP_EINVAL for NULL
 * or a month outside 1..12. */
FP_API int fp_period_of_month(const fp_period *like, int year, int month, fp_period *out);
/* The same for a series whose split years start in month year_start (9:
 * academic years, September to August; 4: financial years; 0 or out of
 * range: 4): 2026-07 is 2025/26 of academic years and 2026/27 of financial
 * years. fp_assess_goal uses the indicator's fp_indicator.year_start.
 * FP_EINVAL for NULL or a month outside 1..12 (*out is then unchanged). */
FP_API int fp_period_of_month_cal(const fp_period *like, int year_start, int year, int month,
                                  fp_period *out);

/* A target or milestone to reach by a date: judged on the value of the
 * period that holds the due month (fp_period_of_month) when the data have
 * it, else on the series projected to that period. */
struct fp_goal {
    fp_target target;         /* rule and value; baseline NaN for "from the
                                 starting point" with baseline_period set */
    int due_year, due_month;  /* the date it falls due (month 1..12) */
    const fp_period *due_period; /* or the period itself (NULL: use the date) */
    const fp_period *baseline_period; /* where the starting point is read when
                                 target.baseline is NaN; NULL for none */
};
typedef struct fp_goal fp_goal;

/* Judge goal g for area a on indicator ind (the indicator's polarity says
 * which side meets it; none gives FP_GOAL_NOT_ASSESSED). A due period the
 * data cover is judged on its value (met or missed; a missing value there
 * is not assessed); a due period after the area's latest value is judged by
 * projecting the series (fp_trend_project_period, linear, 95% prediction
 * interval) to it. Never "on track" for a value moving away from the target:
 * only the projection can say on track. FP_EINVAL for NULL or bad indices. */
FP_API int fp_assess_goal(fp_assess_context *ctx, size_t ind, size_t a, const fp_goal *g,
                          fp_goal_verdict *out);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_ASSESS_H */
