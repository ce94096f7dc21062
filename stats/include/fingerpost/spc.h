/* fingerpost/spc.h -- statistical process control, NHS "Making Data Count"
 * style: XmR charts, p-charts and u-charts, the four special-cause rules,
 * the variation icon and the assurance icon.
 *
 * The XmR chart follows NHSRplotthedots (NHS-R community) and NHS England's
 * Making Data Count guidance: centre line = mean, process limits = mean ±
 * 2.66 × mean moving range, moving ranges ≥ 3.267 × the mean moving range
 * optionally screened out before the mean moving range is recomputed. The
 * p-chart and u-chart follow the usual Shewhart/qcc formulas with a limit
 * per point from its own denominator. docs/methods.md, section "Statistical
 * process control", gives every formula and rule with references.
 *
 * Usage:
 *     fp_spc_options opt;
 *     fp_spc_options_init(&opt);          // NHSRplotthedots defaults
 *     opt.polarity = FP_POLARITY_HIGH;
 *     fp_spc_result *r = fp_spc_result_alloc(n);
 *     int st = fp_spc_xmr(y, n, &opt, r);
 *     if (st == FP_OK && r->reason == FP_SPC_OK) ... r->points[i] ...
 *     fp_spc_result_free(r);
 *
 * Two kinds of failure are kept apart:
 *  - a status code (return value) for caller errors: NULL pointers, invalid
 *    options, more points than the result can hold (FP_EINVAL), negative
 *    counts or a numerator above its denominator (FP_EDOM). The result is
 *    then unspecified.
 *  - a reason (r->reason, FP_SPC_OK when computed) when the data do not allow
 *    a chart: too few points, a baseline that is too short, no moving range.
 *    The function still returns FP_OK and fills what it can (values, gaps,
 *    segments); limits are NaN and no rule flags are set in segments that
 *    could not be calculated. Callers must check r->reason.
 *
 * Missing values: NaN values (and, for p/u charts, NaN numerators or zero /
 * NaN denominators) are gaps. They are reported (points[i].missing,
 * r->n_missing, note FP_SPC_NOTE_GAPS), excluded from the centre and limits,
 * and never joined: no moving range spans a gap and a gap breaks every run
 * (shift, trend, 2-of-3 window). Runs also never cross a rebase.
 *
 * Part of the public contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_SPC_H
#define FINGERPOST_SPC_H

#include <stddef.h>
#include "fingerpost/common.h"
#include "fingerpost/data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Constants of the XmR chart (Making Data Count; Wheeler). 2.66 = 3 / d2
 * with d2 = 1.128 for moving ranges of two; 3.267 = D4 for n = 2. One sigma
 * is taken as 2.66 / 3 × mean moving range, so the 3-sigma lines are the
 * process limits exactly (as NHSRplotthedots draws them). */
#define FP_SPC_XMR_LIMIT 2.66
#define FP_SPC_XMR_SCREEN 3.267

/* The smallest fixed baseline accepted (Making Data Count: at least 12
 * points, preferably 15 to 20). */
#define FP_SPC_MIN_BASELINE 12

/* Which chart a result holds. */
typedef enum fp_spc_chart {
    FP_SPC_CHART_XMR = 0,  /* individuals and moving range */
    FP_SPC_CHART_P,        /* proportions with denominators */
    FP_SPC_CHART_U         /* rates (counts per unit of exposure) */
} fp_spc_chart;

/* Special-cause rules, in priority order (a point flagged by several rules
 * reports the first: outside > trend > 2-of-3 > shift). */
typedef enum fp_spc_rule {
    FP_SPC_RULE_NONE = 0,       /* common cause */
    FP_SPC_RULE_OUTSIDE,        /* strictly beyond a process limit */
    FP_SPC_RULE_TREND,          /* in a run of trend_points strictly rising
                                   or strictly falling points */
    FP_SPC_RULE_TWO_OF_THREE,   /* 2 of 3 consecutive points strictly beyond
                                   the 2-sigma line, all 3 on one side */
    FP_SPC_RULE_SHIFT           /* in a run of shift_points strictly on one
                                   side of the centre line */
} fp_spc_rule;

/* Bits of fp_spc_point.rules: every rule that flagged the point. */
enum fp_spc_rule_flag {
    FP_SPC_FLAG_OUTSIDE = 1u << 0,
    FP_SPC_FLAG_TREND = 1u << 1,
    FP_SPC_FLAG_TWO_OF_THREE = 1u << 2,
    FP_SPC_FLAG_SHIFT = 1u << 3
};

/* The variation icon (Making Data Count), for a point or for the latest
 * point of a chart. With polarity FP_POLARITY_NONE special causes are
 * neither improvement nor concern: "neutral", high or low (NHSRplotthedots'
 * special_cause_neutral_high / _low). */
typedef enum fp_spc_variation {
    FP_SPC_VAR_NONE = 0,           /* cannot be calculated, or a gap */
    FP_SPC_VAR_COMMON,             /* common cause variation */
    FP_SPC_VAR_IMPROVING_HIGH,     /* special cause, improving, higher */
    FP_SPC_VAR_IMPROVING_LOW,      /* special cause, improving, lower */
    FP_SPC_VAR_CONCERNING_HIGH,    /* special cause, concerning, higher */
    FP_SPC_VAR_CONCERNING_LOW,     /* special cause, concerning, lower */
    FP_SPC_VAR_NEITHER_HIGH,       /* special cause, no polarity, higher
                                      ("neutral high") */
    FP_SPC_VAR_NEITHER_LOW         /* special cause, no polarity, lower
                                      ("neutral low") */
} fp_spc_variation;

/* The assurance icon: can the process be relied on to meet the target?
 * Judged on the latest point's limits (strict inequalities, as
 * NHSRplotthedots): with higher-is-better, target < lower limit is
 * "consistently passing", target > upper limit "consistently failing", and
 * otherwise "hit and miss"; mirrored for lower-is-better. */
typedef enum fp_spc_assurance {
    FP_SPC_ASSURE_NONE = 0,        /* no target, no polarity, or no chart */
    FP_SPC_ASSURE_PASS,            /* consistently passing the target */
    FP_SPC_ASSURE_FAIL,            /* consistently failing the target */
    FP_SPC_ASSURE_HIT_AND_MISS     /* the target lies within the limits */
} fp_spc_assurance;

/* Why a chart (or a segment of it) cannot be calculated. */
typedef enum fp_spc_reason {
    FP_SPC_OK = 0,
    FP_SPC_TOO_FEW_POINTS,      /* a segment has fewer than opt.min_points
                                   non-missing points, or fewer than
                                   opt.baseline */
    FP_SPC_BASELINE_TOO_SHORT,  /* opt.baseline is 1..11 (below
                                   FP_SPC_MIN_BASELINE) */
    FP_SPC_NO_MOVING_RANGE,     /* XmR: no two adjacent non-missing points in
                                   the baseline, so no moving range */
    FP_SPC_NO_POINTS            /* the series is empty or all missing */
} fp_spc_reason;

/* Bits of fp_spc_result.notes and fp_spc_segment.notes: things the reader
 * should be told even though the chart was calculated. */
enum fp_spc_note {
    FP_SPC_NOTE_GAPS = 1u << 0,      /* missing values shown as gaps and
                                        excluded from the calculation */
    FP_SPC_NOTE_CONSTANT = 1u << 1,  /* zero spread (mean moving range 0, or
                                        p̄ of 0 or 1, or ū of 0): the limits
                                        equal the centre line */
    FP_SPC_NOTE_SCREENED = 1u << 2,  /* XmR: moving ranges screened out */
    FP_SPC_NOTE_CLIPPED = 1u << 3,   /* p/u: a limit was clipped to [0, 1]
                                        (p) or at 0 (u and p) */
    FP_SPC_NOTE_REBASED = 1u << 4,   /* the chart has more than one segment */
    FP_SPC_NOTE_BASELINE = 1u << 5   /* limits come from a fixed baseline */
};

/* Options. Initialise with fp_spc_options_init, then change fields. */
typedef struct fp_spc_options {
    int screen;            /* XmR: nonzero screens moving ranges >= 3.267 ×
                              mean moving range (default 1, as
                              NHSRplotthedots; NHS England's Excel tool does
                              not screen) */
    size_t baseline;       /* 0 (default): limits from all points of each
                              segment; N: from the first N non-missing points
                              of each segment (N >= 12, else the reason
                              FP_SPC_BASELINE_TOO_SHORT) */
    const size_t *rebase;  /* point indices that start a new segment
                              (strictly ascending, each 1..n-1), whose centre
                              and limits are recomputed; NULL for none.
                              Borrowed: only read during the call. */
    size_t n_rebase;
    size_t min_points;     /* fewest non-missing points a segment needs
                              (default 12, the NHSRplotthedots warning
                              threshold; at least 2) */
    size_t shift_points;   /* run length on one side (default 7; >= 2) */
    size_t trend_points;   /* points in a trend, counting the first, so 7
                              (the default, as NHSRplotthedots) means 6
                              consecutive rises or falls; >= 3 */
    int two_of_three_outside; /* nonzero: points beyond the process limits
                              also count towards 2-of-3 (Western Electric);
                              0 (default): only points between the 2-sigma
                              line and the limit count (NHSRplotthedots) */
    fp_polarity polarity;  /* which direction is improvement (default none) */
    double target;         /* target for the assurance icon; NaN (default)
                              for none */
    double multiplier;     /* p/u charts: values and limits are multiplied by
                              this (100 for percentages, 100000 for a rate per
                              100,000); default 1. Ignored for XmR. */
} fp_spc_options;

/* One point of a chart. Lines are NaN for gaps and for segments that could
 * not be calculated. */
typedef struct fp_spc_point {
    double value;          /* the plotted value (p/u: multiplier × num/den) */
    double centre;         /* centre line: mean, p̄ or ū (× multiplier) */
    double lower, upper;   /* process limits (3 sigma) */
    double lower1, upper1; /* 1-sigma lines */
    double lower2, upper2; /* 2-sigma lines */
    double moving_range;   /* XmR: |value - previous value| within the
                              segment, NaN for the first point of a segment
                              and next to a gap; NaN for p/u */
    int mr_screened;       /* XmR: nonzero if this moving range was screened
                              out of the mean moving range */
    int missing;           /* nonzero for a gap */
    int in_baseline;       /* nonzero if the point was used for the limits */
    size_t segment;        /* index into fp_spc_result.segments */
    unsigned rules;        /* fp_spc_rule_flag bits of every rule that fired */
    fp_spc_rule cause;     /* the highest-priority rule, or NONE */
    int direction;         /* for a special cause: +1 high, -1 low (the
                              trend's direction for a trend point, else the
                              side of the centre line); 0 for common cause */
    fp_spc_variation variation; /* this point's variation category */
} fp_spc_point;

/* One segment (the whole chart when there is no rebase). */
typedef struct fp_spc_segment {
    size_t start, end;     /* points [start, end) */
    size_t n_valid;        /* non-missing points */
    size_t n_baseline;     /* points used for centre and limits */
    double centre;         /* mean, p̄ or ū (× multiplier); NaN if failed */
    double mean_mr;        /* XmR: mean moving range used for the limits
                              (after screening if screened); NaN for p/u */
    double mean_mr_unscreened; /* XmR: mean of all baseline moving ranges */
    size_t n_mr;           /* XmR: baseline moving ranges */
    size_t n_mr_screened;  /* XmR: how many were screened out */
    double sigma;          /* XmR: 2.66/3 × mean_mr; NaN for p/u (per point) */
    double lower, upper;   /* XmR: process limits; NaN for p/u (per point) */
    fp_spc_reason reason;  /* FP_SPC_OK or why this segment failed */
    unsigned notes;        /* fp_spc_note bits for this segment */
} fp_spc_segment;

/* A chart. Made by fp_spc_result_alloc, filled by fp_spc_xmr/p/u, freed by
 * fp_spc_result_free. The result owns points and segments; a result can be
 * reused for many series (each call overwrites it) up to its capacity. */
typedef struct fp_spc_result {
    fp_spc_chart chart;
    size_t capacity;       /* most points it can hold */
    size_t n;              /* points in this chart */
    fp_spc_point *points;  /* n points (capacity allocated) */
    size_t n_segments;
    fp_spc_segment *segments; /* n_segments (capacity + 1 allocated) */
    fp_spc_reason reason;  /* FP_SPC_OK, or the first failed segment's
                              reason (or FP_SPC_BASELINE_TOO_SHORT /
                              FP_SPC_NO_POINTS for the whole chart) */
    unsigned notes;        /* union of the segments' notes */
    size_t n_missing;      /* gaps */
    size_t n_special;      /* points with a special cause */
    size_t latest;         /* index of the latest non-missing point; n if none */
    fp_spc_variation variation; /* icon for the latest non-missing point
                              (NONE if its segment failed) */
    fp_spc_assurance assurance; /* icon against opt.target */
    double target;         /* copy of opt.target */
    fp_polarity polarity;  /* copy of opt.polarity */
    size_t shift_points;   /* copy of opt.shift_points (for fp_spc_cause_text) */
    size_t trend_points;   /* copy of opt.trend_points */
} fp_spc_result;

/* Set the defaults: screen 1, baseline 0, no rebase, min_points 12,
 * shift_points 7, trend_points 7, two_of_three_outside 0, polarity none,
 * target NaN, multiplier 1. Cannot fail; a NULL opt is ignored. */
FP_API void fp_spc_options_init(fp_spc_options *opt);

/* A result that can hold up to capacity points (capacity may be 0). NULL
 * when out of memory. Free with fp_spc_result_free. */
FP_API fp_spc_result *fp_spc_result_alloc(size_t capacity);
/* Free a result and everything it owns; NULL is a no-op. */
FP_API void fp_spc_result_free(fp_spc_result *r);

/* XmR chart of y[0..n-1] (NaN = gap). opt NULL means the defaults.
 * Returns FP_OK (then check r->reason), or FP_EINVAL for NULL y (with n > 0)
 * or r, n > r->capacity, or invalid options (rebase not ascending or out of
 * range, min_points < 2, shift_points < 2, trend_points < 3, infinite y).
 * Matches NHSRplotthedots::ptd_spc(screen_outliers = opt.screen,
 * fix_after_n_points = opt.baseline, rebase = ...) on series without gaps,
 * except for the small deliberate differences listed in docs/methods.md. */
FP_API int fp_spc_xmr(const double *y, size_t n, const fp_spc_options *opt,
                      fp_spc_result *r);

/* p-chart of proportions num[i]/den[i]: centre p̄ = Σnum/Σden over the
 * baseline, limits p̄ ± 3 sqrt(p̄(1 − p̄)/den[i]) clipped to [0, 1], 1- and
 * 2-sigma lines likewise; all × opt.multiplier. A NaN numerator or a NaN or
 * zero denominator is a gap (0/0 is a gap; 5/0 is FP_EDOM, as num > den).
 * FP_EDOM for a negative num or den, or num > den; FP_EINVAL for an infinite
 * input or a multiplier that is not finite and positive; otherwise as
 * fp_spc_xmr (opt.screen is ignored). */
FP_API int fp_spc_p(const double *num, const double *den, size_t n,
                    const fp_spc_options *opt, fp_spc_result *r);

/* u-chart of rates count[i]/exposure[i]: centre ū = Σcount/Σexposure over
 * the baseline, limits ū ± 3 sqrt(ū/exposure[i]), lower limits clipped at 0;
 * all × opt.multiplier. Gaps and errors as fp_spc_p, except that there is
 * no upper bound on the count (a count over a zero exposure is a gap). */
FP_API int fp_spc_u(const double *count, const double *exposure, size_t n,
                    const fp_spc_options *opt, fp_spc_result *r);

/* Short static English texts; never NULL ("unknown" for bad values). */
FP_API const char *fp_spc_chart_name(fp_spc_chart chart);       /* "xmr", "p", "u" */
FP_API const char *fp_spc_rule_name(fp_spc_rule rule);          /* "outside limits", ... */
FP_API const char *fp_spc_variation_name(fp_spc_variation v);   /* "special cause improving (high)", ...,
                                                                   "special cause neutral (low)" */
FP_API const char *fp_spc_assurance_name(fp_spc_assurance a);   /* "consistently passing", ... */
FP_API const char *fp_spc_reason_text(fp_spc_reason reason);    /* "fewer points than needed", ... */
/* NHSRplotthedots' names, for output that is compared with it: the
 * variation (its point_type: "common_cause", "special_cause_improvement",
 * "special_cause_concern", "special_cause_neutral_high",
 * "special_cause_neutral_low"; "" for FP_SPC_VAR_NONE) and the assurance
 * (its assurance_type: "consistent_pass", "consistent_fail",
 * "inconsistent"; "" for FP_SPC_ASSURE_NONE). Static, never NULL. */
FP_API const char *fp_spc_variation_type(fp_spc_variation v);
FP_API const char *fp_spc_assurance_type(fp_spc_assurance a);
/* The special-cause rule of point i of r in NHSRplotthedots' words (its
 * special_cause_type): "Above UCL", "Below LCL", "7 Point Trend
 * (Increasing)", "7 Point Trend (Decreasing)", "2 in 3 Above CL", "2 in 3
 * Below CL", "7 Points Above CL", "7 Points Below CL" (the numbers are the
 * chart's trend_points and shift_points), "Common Cause"; "" for a gap or a
 * point of a segment that could not be calculated. Written to buf (NUL
 * terminated). FP_EINVAL for NULL r or buf, size 0 or i >= r->n; FP_ERANGE
 * if buf is too small (32 bytes always suffice). */
FP_API int fp_spc_cause_text(const fp_spc_result *r, size_t i, char *buf, size_t size);
/* The text of one note bit (e.g. FP_SPC_NOTE_CONSTANT); "unknown" if the
 * argument is not exactly one known bit. */
FP_API const char *fp_spc_note_text(unsigned note);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_SPC_H */
