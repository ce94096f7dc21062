/* spc.c -- statistical process control: XmR, p- and u-charts, the Making
 * Data Count special-cause rules and the variation and assurance icons.
 *
 * The XmR calculation matches NHSRplotthedots' ptd_spc_standard (centre =
 * mean, limits = mean ± 2.66 × mean moving range, screening of moving
 * ranges >= 3.267 × their mean) and the rules match its
 * ptd_calculate_point_type, with two deliberate differences documented in
 * docs/methods.md: gaps break runs instead of propagating NA, and a point in
 * a trend takes the trend's direction for improvement or concern. */
#include "fp_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------- options */

void fp_spc_options_init(fp_spc_options *opt)
{
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->screen = 1;
    opt->baseline = 0;
    opt->rebase = NULL;
    opt->n_rebase = 0;
    opt->min_points = FP_SPC_MIN_BASELINE;
    opt->shift_points = 7;
    opt->trend_points = 7;
    opt->two_of_three_outside = 0;
    opt->polarity = FP_POLARITY_NONE;
    opt->target = NAN;
    opt->multiplier = 1.0;
}

static int check_options(const fp_spc_options *opt, size_t n)
{
    if (opt->min_points < 2 || opt->shift_points < 2 || opt->trend_points < 3)
        return FP_EINVAL;
    if (opt->n_rebase > 0 && !opt->rebase) return FP_EINVAL;
    for (size_t k = 0; k < opt->n_rebase; k++) {
        size_t i = opt->rebase[k];
        if (i < 1 || i >= n) return FP_EINVAL;
        if (k > 0 && i <= opt->rebase[k - 1]) return FP_EINVAL;
    }
    if (opt->polarity != FP_POLARITY_NONE && opt->polarity != FP_POLARITY_HIGH &&
        opt->polarity != FP_POLARITY_LOW)
        return FP_EINVAL;
    if (isinf(opt->target)) return FP_EINVAL;
    return FP_OK;
}

/* ------------------------------------------------------------ result */

fp_spc_result *fp_spc_result_alloc(size_t capacity)
{
    fp_spc_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->capacity = capacity;
    r->points = calloc(capacity ? capacity : 1, sizeof *r->points);
    r->segments = calloc(capacity + 1, sizeof *r->segments);
    if (!r->points || !r->segments) {
        fp_spc_result_free(r);
        return NULL;
    }
    r->target = NAN;
    return r;
}

void fp_spc_result_free(fp_spc_result *r)
{
    if (!r) return;
    free(r->points);
    free(r->segments);
    free(r);
}

/* Reset the result for n points and lay out the segments from the rebase
 * indices (already validated). */
static void result_begin(fp_spc_result *r, fp_spc_chart chart, size_t n,
                         const fp_spc_options *opt)
{
    r->chart = chart;
    r->n = n;
    r->reason = FP_SPC_OK;
    r->notes = 0;
    r->n_missing = 0;
    r->n_special = 0;
    r->latest = n;
    r->variation = FP_SPC_VAR_NONE;
    r->assurance = FP_SPC_ASSURE_NONE;
    r->target = opt->target;
    r->polarity = opt->polarity;
    r->shift_points = opt->shift_points;
    r->trend_points = opt->trend_points;
    r->n_segments = opt->n_rebase + 1;
    for (size_t s = 0; s < r->n_segments; s++) {
        fp_spc_segment *g = &r->segments[s];
        g->start = (s == 0) ? 0 : opt->rebase[s - 1];
        g->end = (s < opt->n_rebase) ? opt->rebase[s] : n;
        g->n_valid = g->n_baseline = 0;
        g->centre = g->mean_mr = g->mean_mr_unscreened = NAN;
        g->n_mr = g->n_mr_screened = 0;
        g->sigma = g->lower = g->upper = NAN;
        g->reason = FP_SPC_OK;
        g->notes = 0;
        for (size_t i = g->start; i < g->end; i++) {
            fp_spc_point *p = &r->points[i];
            p->value = NAN;
            p->centre = p->lower = p->upper = NAN;
            p->lower1 = p->upper1 = p->lower2 = p->upper2 = NAN;
            p->moving_range = NAN;
            p->mr_screened = 0;
            p->missing = 0;
            p->in_baseline = 0;
            p->segment = s;
            p->rules = 0;
            p->cause = FP_SPC_RULE_NONE;
            p->direction = 0;
            p->variation = FP_SPC_VAR_NONE;
        }
    }
}

/* Count the valid points of each segment, decide whether each can be
 * calculated and mark the baseline points (the first opt->baseline valid
 * points, or all). Called after values and missing flags are set. */
static void segments_prepare(fp_spc_result *r, const fp_spc_options *opt)
{
    int short_baseline = opt->baseline > 0 && opt->baseline < FP_SPC_MIN_BASELINE;
    for (size_t s = 0; s < r->n_segments; s++) {
        fp_spc_segment *g = &r->segments[s];
        for (size_t i = g->start; i < g->end; i++) {
            if (r->points[i].missing) {
                g->notes |= FP_SPC_NOTE_GAPS;
                r->n_missing++;
            } else {
                g->n_valid++;
            }
        }
        if (r->n_segments > 1) g->notes |= FP_SPC_NOTE_REBASED;
        if (short_baseline) {
            g->reason = FP_SPC_BASELINE_TOO_SHORT;
            continue;
        }
        if (g->n_valid == 0) {
            g->reason = FP_SPC_NO_POINTS;
            continue;
        }
        if (g->n_valid < opt->min_points || g->n_valid < opt->baseline) {
            g->reason = FP_SPC_TOO_FEW_POINTS;
            continue;
        }
        size_t want = opt->baseline ? opt->baseline : g->n_valid;
        for (size_t i = g->start; i < g->end && g->n_baseline < want; i++) {
            if (r->points[i].missing) continue;
            r->points[i].in_baseline = 1;
            g->n_baseline++;
        }
        if (opt->baseline) g->notes |= FP_SPC_NOTE_BASELINE;
    }
}

/* --------------------------------------------------------------- rules */

/* Set the rule flags of the points of one calculated segment. Every
 * comparison is strict (REFERENCE_VALUES.md): a point on a limit is not
 * outside, a point on the centre line breaks a shift, a tie breaks a trend,
 * a point on the 2-sigma line is not beyond it. A gap breaks every run. */
static void rules_segment(fp_spc_result *r, const fp_spc_segment *g,
                          const fp_spc_options *opt)
{
    fp_spc_point *pt = r->points;
    size_t a = g->start, b = g->end;

    /* Rule 1: outside the process limits. The trend pass leaves each trend
     * point's direction in pt[].direction, which finish() then settles. */
    for (size_t i = a; i < b; i++) {
        pt[i].direction = 0;
        if (pt[i].missing) continue;
        if (pt[i].value > pt[i].upper || pt[i].value < pt[i].lower)
            pt[i].rules |= FP_SPC_FLAG_OUTSIDE;
    }

    /* Shift: maximal runs of consecutive non-missing points strictly on one
     * side of the centre line. */
    size_t run_start = a, run_len = 0;
    int run_side = 0;
    for (size_t i = a; i <= b; i++) {
        int side = 0;
        if (i < b && !pt[i].missing)
            side = (pt[i].value > pt[i].centre) - (pt[i].value < pt[i].centre);
        if (side != 0 && side == run_side) {
            run_len++;
            continue;
        }
        if (run_side != 0 && run_len >= opt->shift_points)
            for (size_t k = run_start; k < run_start + run_len; k++)
                pt[k].rules |= FP_SPC_FLAG_SHIFT;
        run_side = side;
        run_start = i;
        run_len = side != 0 ? 1 : 0;
    }

    /* Trend: maximal runs of points each strictly above (or below) the one
     * before it; the run counts its first point, so trend_points = 7 means 6
     * consecutive rises. */
    run_start = a;
    run_len = 0;
    run_side = 0;
    for (size_t i = a; i <= b; i++) {
        int step = 0;
        if (i < b && i > a && !pt[i].missing && !pt[i - 1].missing)
            step = (pt[i].value > pt[i - 1].value) - (pt[i].value < pt[i - 1].value);
        if (step != 0 && step == run_side) {
            run_len++;
            continue;
        }
        if (run_side != 0 && run_len >= opt->trend_points)
            /* A point shared by a rising and a falling run (a peak or a
             * trough) takes the later run's direction, as
             * NHSRplotthedots' ptd_special_cause_type (it looks right
             * when the next point is also in a trend). */
            for (size_t k = run_start; k < run_start + run_len; k++) {
                pt[k].rules |= FP_SPC_FLAG_TREND;
                pt[k].direction = run_side;
            }
        run_side = step;
        /* A new run of rises starts at the point before the first rise. */
        run_start = step != 0 ? i - 1 : i;
        run_len = step != 0 ? 2 : 0;
    }

    /* Two of three: a window of 3 consecutive non-missing points all strictly
     * on one side of the centre, of which at least 2 are strictly beyond the
     * 2-sigma line (and, unless two_of_three_outside, not beyond the process
     * limit); those points are flagged. */
    for (size_t i = a; i + 2 < b; i++) {
        int side0 = 0, near = 0, ok = 1;
        for (size_t k = i; k < i + 3; k++) {
            if (pt[k].missing) { ok = 0; break; }
            int side = (pt[k].value > pt[k].centre) - (pt[k].value < pt[k].centre);
            if (side == 0 || (k > i && side != side0)) { ok = 0; break; }
            side0 = side;
        }
        if (!ok) continue;
        for (size_t k = i; k < i + 3; k++) {
            int beyond2 = pt[k].value > pt[k].upper2 || pt[k].value < pt[k].lower2;
            int outside = (pt[k].rules & FP_SPC_FLAG_OUTSIDE) != 0;
            if (beyond2 && (opt->two_of_three_outside || !outside)) near++;
        }
        if (near < 2) continue;
        for (size_t k = i; k < i + 3; k++) {
            int beyond2 = pt[k].value > pt[k].upper2 || pt[k].value < pt[k].lower2;
            int outside = (pt[k].rules & FP_SPC_FLAG_OUTSIDE) != 0;
            if (beyond2 && (opt->two_of_three_outside || !outside))
                pt[k].rules |= FP_SPC_FLAG_TWO_OF_THREE;
        }
    }
}

static fp_spc_variation classify(int direction, fp_polarity polarity)
{
    if (direction == 0) return FP_SPC_VAR_COMMON;
    switch (polarity) {
    case FP_POLARITY_HIGH:
        return direction > 0 ? FP_SPC_VAR_IMPROVING_HIGH : FP_SPC_VAR_CONCERNING_LOW;
    case FP_POLARITY_LOW:
        return direction > 0 ? FP_SPC_VAR_CONCERNING_HIGH : FP_SPC_VAR_IMPROVING_LOW;
    default:
        return direction > 0 ? FP_SPC_VAR_NEITHER_HIGH : FP_SPC_VAR_NEITHER_LOW;
    }
}

/* Apply the rules to every calculated segment, resolve priorities, classify
 * points and fill the chart-level summary. */
static int finish(fp_spc_result *r, const fp_spc_options *opt)
{
    for (size_t s = 0; s < r->n_segments; s++) {
        const fp_spc_segment *g = &r->segments[s];
        r->notes |= g->notes;
        if (g->reason != FP_SPC_OK) {
            if (r->reason == FP_SPC_OK) r->reason = g->reason;
            continue;
        }
        rules_segment(r, g, opt);
        for (size_t i = g->start; i < g->end; i++) {
            fp_spc_point *p = &r->points[i];
            if (p->missing) continue;
            int side = (p->value > p->centre) - (p->value < p->centre);
            if (p->rules & FP_SPC_FLAG_OUTSIDE) p->cause = FP_SPC_RULE_OUTSIDE;
            else if (p->rules & FP_SPC_FLAG_TREND) p->cause = FP_SPC_RULE_TREND;
            else if (p->rules & FP_SPC_FLAG_TWO_OF_THREE) p->cause = FP_SPC_RULE_TWO_OF_THREE;
            else if (p->rules & FP_SPC_FLAG_SHIFT) p->cause = FP_SPC_RULE_SHIFT;
            if (p->cause == FP_SPC_RULE_NONE) p->direction = 0;
            else if (p->cause != FP_SPC_RULE_TREND) p->direction = side;
            /* else: the trend's direction, left by rules_segment. */
            p->variation = classify(p->direction, opt->polarity);
            if (p->cause != FP_SPC_RULE_NONE) r->n_special++;
        }
    }

    for (size_t i = r->n; i-- > 0;)
        if (!r->points[i].missing) { r->latest = i; break; }
    if (r->latest == r->n) {
        if (r->reason == FP_SPC_OK) r->reason = FP_SPC_NO_POINTS;
        return FP_OK;
    }
    const fp_spc_point *last = &r->points[r->latest];
    if (r->segments[last->segment].reason != FP_SPC_OK) return FP_OK;
    r->variation = last->variation;
    if (!isnan(opt->target) && opt->polarity != FP_POLARITY_NONE) {
        /* As NHSRplotthedots' ptd_calculate_assurance_type, strictly. */
        int high = opt->polarity == FP_POLARITY_HIGH;
        if (opt->target > last->upper)
            r->assurance = high ? FP_SPC_ASSURE_FAIL : FP_SPC_ASSURE_PASS;
        else if (opt->target < last->lower)
            r->assurance = high ? FP_SPC_ASSURE_PASS : FP_SPC_ASSURE_FAIL;
        else
            r->assurance = FP_SPC_ASSURE_HIT_AND_MISS;
    }
    return FP_OK;
}

/* ------------------------------------------------------------ XmR chart */

static void xmr_segment(fp_spc_result *r, fp_spc_segment *g, int screen)
{
    fp_spc_point *pt = r->points;

    /* Moving ranges between adjacent non-missing points of the segment
     * (never across a gap or a rebase), for display; those between two
     * baseline points make the mean moving range. */
    double sum = 0.0, mrsum = 0.0;
    size_t nb = 0;
    for (size_t i = g->start; i < g->end; i++) {
        if (pt[i].missing) continue;
        if (pt[i].in_baseline) { sum += pt[i].value; nb++; }
        if (i > g->start && !pt[i - 1].missing) {
            pt[i].moving_range = fabs(pt[i].value - pt[i - 1].value);
            if (pt[i].in_baseline && pt[i - 1].in_baseline) {
                mrsum += pt[i].moving_range;
                g->n_mr++;
            }
        }
    }
    if (g->n_mr == 0) {
        g->reason = FP_SPC_NO_MOVING_RANGE;
        return;
    }
    double mean = sum / (double)nb;
    double amr = mrsum / (double)g->n_mr;
    g->mean_mr_unscreened = amr;
    /* Screening (NHSRplotthedots keeps mr < 3.267 × amr). With amr = 0 every
     * moving range is 0 and nothing is screened, which also avoids emptying
     * the set. */
    if (screen && amr > 0.0) {
        double cut = FP_SPC_XMR_SCREEN * amr, s2 = 0.0;
        size_t kept = 0;
        for (size_t i = g->start + 1; i < g->end; i++) {
            if (pt[i].missing || !pt[i].in_baseline || pt[i - 1].missing ||
                !pt[i - 1].in_baseline)
                continue;
            if (pt[i].moving_range >= cut) {
                pt[i].mr_screened = 1;
                g->n_mr_screened++;
            } else {
                s2 += pt[i].moving_range;
                kept++;
            }
        }
        /* kept > 0 always: not every value can be >= 3.267 × their mean.
         * When every kept moving range is 0 (a flat series with one step),
         * screening would leave zero-width limits and make every point a
         * special cause; the screen is then not applied (a deliberate
         * difference from NHSRplotthedots, documented in docs/methods.md). */
        if (s2 > 0.0) {
            amr = s2 / (double)kept;
            if (g->n_mr_screened) g->notes |= FP_SPC_NOTE_SCREENED;
        } else {
            for (size_t i = g->start; i < g->end; i++) pt[i].mr_screened = 0;
            g->n_mr_screened = 0;
        }
    }
    if (amr == 0.0) g->notes |= FP_SPC_NOTE_CONSTANT;
    g->centre = mean;
    g->mean_mr = amr;
    g->sigma = FP_SPC_XMR_LIMIT / 3.0 * amr;
    g->lower = mean - FP_SPC_XMR_LIMIT * amr;
    g->upper = mean + FP_SPC_XMR_LIMIT * amr;
    /* The 2-sigma line is NHSRplotthedots' "near limit", 2 × (2.66/3) × amr. */
    double two = 2.0 * (FP_SPC_XMR_LIMIT / 3.0) * amr;
    for (size_t i = g->start; i < g->end; i++) {
        if (pt[i].missing) continue;
        pt[i].centre = mean;
        pt[i].lower = g->lower;
        pt[i].upper = g->upper;
        pt[i].lower1 = mean - g->sigma;
        pt[i].upper1 = mean + g->sigma;
        pt[i].lower2 = mean - two;
        pt[i].upper2 = mean + two;
    }
}

int fp_spc_xmr(const double *y, size_t n, const fp_spc_options *opt, fp_spc_result *r)
{
    fp_spc_options defaults;
    if (!opt) {
        fp_spc_options_init(&defaults);
        opt = &defaults;
    }
    if (!r || (n > 0 && !y) || n > r->capacity) FP_ERROR(FP_EINVAL);
    if (check_options(opt, n) != FP_OK) FP_ERROR(FP_EINVAL);
    for (size_t i = 0; i < n; i++)
        if (isinf(y[i])) FP_ERROR(FP_EINVAL);

    result_begin(r, FP_SPC_CHART_XMR, n, opt);
    for (size_t i = 0; i < n; i++) {
        r->points[i].value = y[i];
        r->points[i].missing = isnan(y[i]);
    }
    segments_prepare(r, opt);
    for (size_t s = 0; s < r->n_segments; s++)
        if (r->segments[s].reason == FP_SPC_OK)
            xmr_segment(r, &r->segments[s], opt->screen);
    return finish(r, opt);
}

/* ------------------------------------------------------- p and u charts */

/* Shared body of the p- and u-charts: attribute charts whose sigma for point
 * i is sqrt(c(1 - c)/n_i) (p) or sqrt(c/n_i) (u) around the pooled centre c. */
static int attribute_chart(fp_spc_chart chart, const double *num, const double *den,
                           size_t n, const fp_spc_options *opt, fp_spc_result *r)
{
    fp_spc_options defaults;
    if (!opt) {
        fp_spc_options_init(&defaults);
        opt = &defaults;
    }
    if (!r || (n > 0 && (!num || !den)) || n > r->capacity) FP_ERROR(FP_EINVAL);
    if (check_options(opt, n) != FP_OK) FP_ERROR(FP_EINVAL);
    double mult = opt->multiplier;
    if (!(mult > 0.0) || isinf(mult)) FP_ERROR(FP_EINVAL);
    for (size_t i = 0; i < n; i++) {
        if (isinf(num[i]) || isinf(den[i])) FP_ERROR(FP_EINVAL);
        if (num[i] < 0.0 || den[i] < 0.0) FP_ERROR(FP_EDOM);
        if (chart == FP_SPC_CHART_P && num[i] > den[i]) FP_ERROR(FP_EDOM);
    }

    result_begin(r, chart, n, opt);
    for (size_t i = 0; i < n; i++) {
        int gap = isnan(num[i]) || isnan(den[i]) || den[i] == 0.0;
        r->points[i].missing = gap;
        r->points[i].value = gap ? NAN : mult * (num[i] / den[i]);
    }
    segments_prepare(r, opt);

    for (size_t s = 0; s < r->n_segments; s++) {
        fp_spc_segment *g = &r->segments[s];
        if (g->reason != FP_SPC_OK) continue;
        double sn = 0.0, sd = 0.0;
        for (size_t i = g->start; i < g->end; i++)
            if (r->points[i].in_baseline) { sn += num[i]; sd += den[i]; }
        double c = sn / sd;
        double var = chart == FP_SPC_CHART_P ? c * (1.0 - c) : c;
        if (var == 0.0) g->notes |= FP_SPC_NOTE_CONSTANT;
        g->centre = mult * c;
        double top = chart == FP_SPC_CHART_P ? mult : INFINITY;
        for (size_t i = g->start; i < g->end; i++) {
            fp_spc_point *p = &r->points[i];
            if (p->missing) continue;
            double sig = sqrt(var / den[i]);
            double lo[3], hi[3];
            for (int k = 0; k < 3; k++) {
                lo[k] = mult * (c - (k + 1) * sig);
                hi[k] = mult * (c + (k + 1) * sig);
                if (lo[k] < 0.0) { lo[k] = 0.0; g->notes |= FP_SPC_NOTE_CLIPPED; }
                if (hi[k] > top) { hi[k] = top; g->notes |= FP_SPC_NOTE_CLIPPED; }
            }
            p->centre = g->centre;
            p->lower1 = lo[0]; p->upper1 = hi[0];
            p->lower2 = lo[1]; p->upper2 = hi[1];
            p->lower = lo[2]; p->upper = hi[2];
        }
    }
    return finish(r, opt);
}

int fp_spc_p(const double *num, const double *den, size_t n,
             const fp_spc_options *opt, fp_spc_result *r)
{
    return attribute_chart(FP_SPC_CHART_P, num, den, n, opt, r);
}

int fp_spc_u(const double *count, const double *exposure, size_t n,
             const fp_spc_options *opt, fp_spc_result *r)
{
    return attribute_chart(FP_SPC_CHART_U, count, exposure, n, opt, r);
}

/* ---------------------------------------------------------------- names */

const char *fp_spc_chart_name(fp_spc_chart chart)
{
    switch (chart) {
    case FP_SPC_CHART_XMR: return "xmr";
    case FP_SPC_CHART_P: return "p";
    case FP_SPC_CHART_U: return "u";
    }
    return "unknown";
}

const char *fp_spc_rule_name(fp_spc_rule rule)
{
    switch (rule) {
    case FP_SPC_RULE_NONE: return "none";
    case FP_SPC_RULE_OUTSIDE: return "outside limits";
    case FP_SPC_RULE_TREND: return "trend";
    case FP_SPC_RULE_TWO_OF_THREE: return "two of three beyond 2 sigma";
    case FP_SPC_RULE_SHIFT: return "shift";
    }
    return "unknown";
}

const char *fp_spc_variation_name(fp_spc_variation v)
{
    switch (v) {
    case FP_SPC_VAR_NONE: return "cannot be calculated";
    case FP_SPC_VAR_COMMON: return "common cause";
    case FP_SPC_VAR_IMPROVING_HIGH: return "special cause improving (high)";
    case FP_SPC_VAR_IMPROVING_LOW: return "special cause improving (low)";
    case FP_SPC_VAR_CONCERNING_HIGH: return "special cause concerning (high)";
    case FP_SPC_VAR_CONCERNING_LOW: return "special cause concerning (low)";
    case FP_SPC_VAR_NEITHER_HIGH: return "special cause neutral (high)";
    case FP_SPC_VAR_NEITHER_LOW: return "special cause neutral (low)";
    }
    return "unknown";
}

const char *fp_spc_assurance_name(fp_spc_assurance a)
{
    switch (a) {
    case FP_SPC_ASSURE_NONE: return "not applicable";
    case FP_SPC_ASSURE_PASS: return "consistently passing";
    case FP_SPC_ASSURE_FAIL: return "consistently failing";
    case FP_SPC_ASSURE_HIT_AND_MISS: return "hit and miss";
    }
    return "unknown";
}

const char *fp_spc_reason_text(fp_spc_reason reason)
{
    switch (reason) {
    case FP_SPC_OK: return "calculated";
    case FP_SPC_TOO_FEW_POINTS: return "fewer non-missing points than needed";
    case FP_SPC_BASELINE_TOO_SHORT: return "a fixed baseline needs at least 12 points";
    case FP_SPC_NO_MOVING_RANGE: return "no two consecutive non-missing points, so no moving range";
    case FP_SPC_NO_POINTS: return "no non-missing points";
    }
    return "unknown";
}

const char *fp_spc_note_text(unsigned note)
{
    switch (note) {
    case FP_SPC_NOTE_GAPS: return "missing values shown as gaps and excluded from the limits";
    case FP_SPC_NOTE_CONSTANT: return "no variation: the limits equal the centre line";
    case FP_SPC_NOTE_SCREENED: return "large moving ranges screened out of the limits";
    case FP_SPC_NOTE_CLIPPED: return "limits clipped to the possible range";
    case FP_SPC_NOTE_REBASED: return "limits recalculated at rebase points";
    case FP_SPC_NOTE_BASELINE: return "limits fixed from a baseline period";
    }
    return "unknown";
}

const char *fp_spc_variation_type(fp_spc_variation v)
{
    switch (v) {
    case FP_SPC_VAR_NONE: return "";
    case FP_SPC_VAR_COMMON: return "common_cause";
    case FP_SPC_VAR_IMPROVING_HIGH: case FP_SPC_VAR_IMPROVING_LOW:
        return "special_cause_improvement";
    case FP_SPC_VAR_CONCERNING_HIGH: case FP_SPC_VAR_CONCERNING_LOW:
        return "special_cause_concern";
    case FP_SPC_VAR_NEITHER_HIGH: return "special_cause_neutral_high";
    case FP_SPC_VAR_NEITHER_LOW: return "special_cause_neutral_low";
    }
    return "unknown";
}

const char *fp_spc_assurance_type(fp_spc_assurance a)
{
    switch (a) {
    case FP_SPC_ASSURE_NONE: return "";
    case FP_SPC_ASSURE_PASS: return "consistent_pass";
    case FP_SPC_ASSURE_FAIL: return "consistent_fail";
    case FP_SPC_ASSURE_HIT_AND_MISS: return "inconsistent";
    }
    return "unknown";
}

/* NHSRplotthedots' special_cause_type texts ("Above UCL", "7 Point Trend
 * (Increasing)", "2 in 3 Above CL", "7 Points Above CL", "Common Cause"),
 * with the run lengths of the options the chart was made with. */
int fp_spc_cause_text(const fp_spc_result *r, size_t i, char *buf, size_t size)
{
    if (!r || !buf || size == 0 || i >= r->n) FP_ERROR(FP_EINVAL);
    const fp_spc_point *p = &r->points[i];
    const char *side = p->direction > 0 ? "Above" : "Below";
    int len;
    switch (p->cause) {
    case FP_SPC_RULE_OUTSIDE:
        len = snprintf(buf, size, "%s", p->direction > 0 ? "Above UCL" : "Below LCL");
        break;
    case FP_SPC_RULE_TREND:
        len = snprintf(buf, size, "%zu Point Trend (%s)", r->trend_points,
                       p->direction > 0 ? "Increasing" : "Decreasing");
        break;
    case FP_SPC_RULE_TWO_OF_THREE:
        len = snprintf(buf, size, "2 in 3 %s CL", side);
        break;
    case FP_SPC_RULE_SHIFT:
        len = snprintf(buf, size, "%zu Points %s CL", r->shift_points, side);
        break;
    default:
        len = snprintf(buf, size, "%s", p->missing || r->segments[p->segment].reason != FP_SPC_OK
                                             ? "" : "Common Cause");
        break;
    }
    if (len < 0 || (size_t)len >= size) FP_ERROR(FP_ERANGE);
    return FP_OK;
}
