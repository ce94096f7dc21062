/* compare.c -- the Fingertips benchmark rule, neighbour aggregates, change
 * between periods, deviation from England and targets. See
 * fingerpost/compare.h and docs/methods.md ("Benchmarking"). */
#include "fp_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ significance */

static int valid_polarity(fp_polarity p)
{
    return p == FP_POLARITY_NONE || p == FP_POLARITY_HIGH || p == FP_POLARITY_LOW;
}

/* Direction of the area against the benchmark: +1 significantly higher, -1
 * lower, 0 similar. Fingertips: "similar" when lower <= benchmark <= upper. */
static int side(double lower, double upper, double benchmark)
{
    if (benchmark < lower) return 1;
    if (benchmark > upper) return -1;
    return 0;
}

static fp_cmp label(int dir, fp_polarity pol, int at998)
{
    if (dir == 0) return FP_CMP_SIMILAR;
    if (pol == FP_POLARITY_NONE) {
        if (dir > 0) return at998 ? FP_CMP_HIGHER_998 : FP_CMP_HIGHER;
        return at998 ? FP_CMP_LOWER_998 : FP_CMP_LOWER;
    }
    int good = (pol == FP_POLARITY_HIGH) ? dir > 0 : dir < 0;
    if (good) return at998 ? FP_CMP_BETTER_998 : FP_CMP_BETTER;
    return at998 ? FP_CMP_WORSE_998 : FP_CMP_WORSE;
}

/* Checks shared by both entry points; returns the reason (NONE when the
 * comparison can be made). */
static fp_cmp_reason check_inputs(double value, double lower, double upper, double benchmark)
{
    if (isnan(value)) return FP_CMP_REASON_NO_VALUE;
    if (isnan(lower) || isnan(upper)) return FP_CMP_REASON_NO_INTERVAL;
    if (isinf(lower) || isinf(upper) || lower > upper) return FP_CMP_REASON_BAD_INTERVAL;
    if (!isfinite(benchmark)) return FP_CMP_REASON_NO_BENCHMARK;
    return FP_CMP_REASON_NONE;
}

int fp_compare_ci(double value, double lower, double upper, double benchmark,
                  fp_polarity polarity, fp_cmp *result, fp_cmp_reason *reason)
{
    if (!result || !valid_polarity(polarity)) FP_ERROR(FP_EINVAL);
    fp_cmp_reason why = check_inputs(value, lower, upper, benchmark);
    if (reason) *reason = why;
    if (why != FP_CMP_REASON_NONE) {
        *result = FP_CMP_NOT_COMPARED;
        return FP_OK;
    }
    *result = label(side(lower, upper, benchmark), polarity, 0);
    return FP_OK;
}

int fp_compare_ci_levels(double value, double lower95, double upper95,
                         double lower998, double upper998, double benchmark,
                         fp_polarity polarity, fp_cmp *result, fp_cmp_reason *reason)
{
    if (!result || !valid_polarity(polarity)) FP_ERROR(FP_EINVAL);
    fp_cmp_reason why = check_inputs(value, lower95, upper95, benchmark);
    if (reason) *reason = why;
    if (why != FP_CMP_REASON_NONE) {
        *result = FP_CMP_NOT_COMPARED;
        return FP_OK;
    }
    int d95 = side(lower95, upper95, benchmark);
    int at998 = 0;
    if (d95 != 0 && check_inputs(value, lower998, upper998, benchmark) == FP_CMP_REASON_NONE)
        at998 = side(lower998, upper998, benchmark) == d95;
    *result = label(d95, polarity, at998);
    return FP_OK;
}

const char *fp_cmp_name(fp_cmp r)
{
    switch (r) {
    case FP_CMP_NOT_COMPARED: return "not compared";
    case FP_CMP_SIMILAR: return "similar";
    case FP_CMP_HIGHER: return "higher";
    case FP_CMP_LOWER: return "lower";
    case FP_CMP_BETTER: return "better";
    case FP_CMP_WORSE: return "worse";
    case FP_CMP_HIGHER_998: return "higher (99.8%)";
    case FP_CMP_LOWER_998: return "lower (99.8%)";
    case FP_CMP_BETTER_998: return "better (99.8%)";
    case FP_CMP_WORSE_998: return "worse (99.8%)";
    }
    return "unknown";
}

const char *fp_cmp_colour(fp_cmp r)
{
    switch (r) {
    case FP_CMP_NOT_COMPARED: return "#C9C9C9";
    case FP_CMP_SIMILAR: return "#FFC000";
    case FP_CMP_HIGHER: return "#BED2FF";
    case FP_CMP_LOWER: return "#5555E6";
    case FP_CMP_BETTER: return "#92D050";
    case FP_CMP_WORSE: return "#C00000";
    case FP_CMP_HIGHER_998: return "#7FA6FF";
    case FP_CMP_LOWER_998: return "#2A2AAA";
    case FP_CMP_BETTER_998: return "#00B050";
    case FP_CMP_WORSE_998: return "#7F0000";
    }
    return "#C9C9C9";
}

const char *fp_cmp_reason_name(fp_cmp_reason r)
{
    switch (r) {
    case FP_CMP_REASON_NONE: return "";
    case FP_CMP_REASON_NO_VALUE: return "no value";
    case FP_CMP_REASON_NO_INTERVAL: return "no confidence interval";
    case FP_CMP_REASON_BAD_INTERVAL: return "invalid confidence interval";
    case FP_CMP_REASON_NO_BENCHMARK: return "no comparator value";
    }
    return "unknown";
}

/* ------------------------------------------------------- two-sample test */

int fp_compare_counts(fp_unit unit, double x1, double n1, double x2, double n2,
                      double multiplier, double level, fp_polarity polarity,
                      fp_cmp_test *out)
{
    if (!out) FP_ERROR(FP_EINVAL);
    out->result = FP_CMP_NOT_COMPARED;
    out->estimate = NAN;
    out->p_value = NAN;
    out->method = "";
    out->status = FP_EINVAL;
    if (!(level > 0 && level < 1) || !valid_polarity(polarity)) FP_ERROR(FP_EINVAL);
    fp_contrast c;
    int st, ratio;
    if (unit == FP_UNIT_PERCENT || unit == FP_UNIT_PROPORTION) {
        out->method = "two-sample z test of proportions";
        st = fp_proportion_diff(x1, n1, x2, n2, multiplier > 0 ? multiplier : 1, level, &c);
        ratio = 0;
    } else if (unit == FP_UNIT_RATE || unit == FP_UNIT_COUNT) {
        out->method = "exact test of two Poisson rates";
        st = fp_rate_ratio(x1, n1, x2, n2, level, &c);
        ratio = 1;
    } else {
        out->status = FP_ENODATA;
        FP_ERROR(FP_ENODATA);
    }
    /* An infinite ratio (x2 = 0) still has a p-value. */
    if (st != FP_OK && !(st == FP_ERANGE && isfinite(c.p_value))) {
        out->status = st;
        return st;
    }
    out->estimate = c.estimate;
    out->p_value = c.p_value;
    out->status = FP_OK;
    int dir = 0;
    if (c.p_value < 1 - level) {
        if (ratio) dir = c.estimate > 1 ? 1 : (c.estimate < 1 ? -1 : 0);
        else dir = c.estimate > 0 ? 1 : (c.estimate < 0 ? -1 : 0);
    }
    out->result = label(dir, polarity, 0);
    return FP_OK;
}

/* -------------------------------------------------------------- aggregates */

int fp_agg_parse(const char *text, fp_agg *agg)
{
    if (!text || !agg) FP_ERROR(FP_EINVAL);
    if (!strcasecmp(text, "mean")) *agg = FP_AGG_MEAN;
    else if (!strcasecmp(text, "median")) *agg = FP_AGG_MEDIAN;
    else if (!strcasecmp(text, "pooled")) *agg = FP_AGG_POOLED;
    else FP_ERROR(FP_EFORMAT);
    return FP_OK;
}

const char *fp_agg_name(fp_agg agg)
{
    switch (agg) {
    case FP_AGG_MEAN: return "mean";
    case FP_AGG_MEDIAN: return "median";
    case FP_AGG_POOLED: return "pooled";
    }
    return "unknown";
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int fp_aggregate(fp_agg agg, const double *values, const double *num,
                 const double *den, size_t n, double multiplier, fp_agg_result *res)
{
    if (!res) FP_ERROR(FP_EINVAL);
    res->value = NAN;
    res->n_used = 0;
    res->n_total = n;
    res->numerator = NAN;
    res->denominator = NAN;
    if (agg == FP_AGG_POOLED) {
        if ((!num || !den) && n > 0) FP_ERROR(FP_EINVAL);
        double sn = 0, sd = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(num[i]) || !isfinite(den[i]) || den[i] <= 0) continue;
            sn += num[i];
            sd += den[i];
            res->n_used++;
        }
        if (res->n_used == 0) FP_ERROR(FP_ENODATA);
        res->numerator = sn;
        res->denominator = sd;
        res->value = sn / sd * multiplier;
        return FP_OK;
    }
    if (agg != FP_AGG_MEAN && agg != FP_AGG_MEDIAN) FP_ERROR(FP_EINVAL);
    if (!values && n > 0) FP_ERROR(FP_EINVAL);
    if (agg == FP_AGG_MEAN) {
        /* Two-pass mean (sum then correction) for accuracy like R's mean(). */
        double s = 0;
        for (size_t i = 0; i < n; i++)
            if (isfinite(values[i])) { s += values[i]; res->n_used++; }
        if (res->n_used == 0) FP_ERROR(FP_ENODATA);
        double m = s / (double)res->n_used, c = 0;
        for (size_t i = 0; i < n; i++)
            if (isfinite(values[i])) c += values[i] - m;
        res->value = m + c / (double)res->n_used;
        return FP_OK;
    }
    double stackbuf[64];
    double *v = n <= 64 ? stackbuf : malloc(n * sizeof *v);
    if (!v) FP_ERROR(FP_ENOMEM);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i])) v[m++] = values[i];
    res->n_used = m;
    if (m == 0) {
        if (v != stackbuf) free(v);
        FP_ERROR(FP_ENODATA);
    }
    qsort(v, m, sizeof *v, cmp_double);
    res->value = (m % 2) ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2.0;
    if (v != stackbuf) free(v);
    return FP_OK;
}

/* ------------------------------------------------------------------ change */

int fp_change(const double *values, const fp_period *periods, size_t n,
              size_t end, size_t steps, double *abs_change, double *pct)
{
    if (!values || !abs_change || steps == 0 || end >= n) FP_ERROR(FP_EINVAL);
    *abs_change = NAN;
    if (pct) *pct = NAN;
    if (end < steps) FP_ERROR(FP_ENODATA);
    size_t start = end - steps;
    if (periods)
        for (size_t i = start; i < end; i++)
            if (!fp_period_is_next(&periods[i], &periods[i + 1])) FP_ERROR(FP_ENODATA);
    double a = values[start], b = values[end];
    if (!isfinite(a) || !isfinite(b)) FP_ERROR(FP_ENODATA);
    *abs_change = b - a;
    if (pct) *pct = (a != 0) ? 100.0 * (b - a) / fabs(a) : NAN;
    return FP_OK;
}

int fp_deviation(double value, double reference, double *abs_dev, double *pct)
{
    if (!abs_dev) FP_ERROR(FP_EINVAL);
    *abs_dev = NAN;
    if (pct) *pct = NAN;
    if (!isfinite(value) || !isfinite(reference)) FP_ERROR(FP_ENODATA);
    *abs_dev = value - reference;
    if (pct) *pct = (reference != 0) ? 100.0 * (value - reference) / fabs(reference) : NAN;
    return FP_OK;
}

/* ----------------------------------------------------------------- targets */

/* Skip spaces. */
static const char *ws(const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    return s;
}

/* Match a case-insensitive word at s; returns the position after it or NULL. */
static const char *word(const char *s, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(s, w, n) != 0) return NULL;
    return s + n;
}

int fp_target_parse(const char *text, fp_target *t)
{
    if (!text || !t) FP_ERROR(FP_EINVAL);
    const char *s = ws(text), *p;
    char *end;
    if ((p = word(s, "baseline"))) {
        p = ws(p);
        int sign;
        if (*p == '+') sign = 1;
        else if (*p == '-') sign = -1;
        else FP_ERROR(FP_EFORMAT);
        p = ws(p + 1);
        double x = strtod(p, &end);
        if (end == p || !isfinite(x)) FP_ERROR(FP_EFORMAT);
        p = ws(end);
        int is_pct = 0;
        if (*p == '%') { is_pct = 1; p = ws(p + 1); }
        if (*p) FP_ERROR(FP_EFORMAT);
        t->rule = is_pct ? FP_TARGET_BASELINE_PCT : FP_TARGET_BASELINE_POINTS;
        t->value = sign * x;
        return FP_OK;
    }
    if ((p = word(s, "national"))) {
        p = ws(p);
        const char *q = word(p, "average");
        if (q) p = ws(q);
        if (*p) FP_ERROR(FP_EFORMAT);
        t->rule = FP_TARGET_NATIONAL;
        t->value = NAN;
        return FP_OK;
    }
    double x = strtod(s, &end);
    if (end == s || !isfinite(x)) FP_ERROR(FP_EFORMAT);
    p = ws(end);
    if (*p == '%') p = ws(p + 1);
    if (!*p) {
        t->rule = FP_TARGET_FIXED;
        t->value = x;
        return FP_OK;
    }
    /* "X or national higher", "X|national better", "X or the national
     * average, whichever is higher". */
    if (*p == '|') p = ws(p + 1);
    else if ((p = word(p, "or"))) p = ws(p);
    else FP_ERROR(FP_EFORMAT);
    if (!p) FP_ERROR(FP_EFORMAT);
    const char *q;
    if ((q = word(p, "the"))) p = ws(q);
    if (!(q = word(p, "national"))) FP_ERROR(FP_EFORMAT);
    p = ws(q);
    if ((q = word(p, "average"))) p = ws(q);
    if (*p == ',') p = ws(p + 1);
    if ((q = word(p, "whichever"))) p = ws(q);
    if ((q = word(p, "is"))) p = ws(q);
    if ((q = word(p, "the "))) p = ws(q);
    fp_target_rule rule;
    if ((q = word(p, "higher"))) rule = FP_TARGET_NATIONAL_HIGHER;
    else if ((q = word(p, "lower"))) rule = FP_TARGET_NATIONAL_LOWER;
    else if ((q = word(p, "better"))) rule = FP_TARGET_NATIONAL_BETTER;
    else FP_ERROR(FP_EFORMAT);
    if (*ws(q)) FP_ERROR(FP_EFORMAT);
    t->rule = rule;
    t->value = x;
    return FP_OK;
}

int fp_target_value(const fp_target *t, double national, double *value)
{
    if (!t || !value) FP_ERROR(FP_EINVAL);
    *value = NAN;
    switch (t->rule) {
    case FP_TARGET_NONE:
        FP_ERROR(FP_EINVAL);
    case FP_TARGET_FIXED:
        if (!isfinite(t->value)) FP_ERROR(FP_ENODATA);
        *value = t->value;
        return FP_OK;
    case FP_TARGET_NATIONAL_HIGHER:
    case FP_TARGET_NATIONAL_LOWER:
    case FP_TARGET_NATIONAL_BETTER: {
        int higher;
        if (t->rule == FP_TARGET_NATIONAL_HIGHER) higher = 1;
        else if (t->rule == FP_TARGET_NATIONAL_LOWER) higher = 0;
        else if (t->direction == FP_POLARITY_HIGH) higher = 1;
        else if (t->direction == FP_POLARITY_LOW) higher = 0;
        else FP_ERROR(FP_EINVAL);
        if (!isfinite(t->value) || !isfinite(national)) FP_ERROR(FP_ENODATA);
        *value = higher ? fmax(t->value, national) : fmin(t->value, national);
        return FP_OK;
    }
    case FP_TARGET_BASELINE_PCT:
        if (!isfinite(t->value) || !isfinite(t->baseline)) FP_ERROR(FP_ENODATA);
        *value = t->baseline * (1.0 + t->value / 100.0);
        return FP_OK;
    case FP_TARGET_BASELINE_POINTS:
        if (!isfinite(t->value) || !isfinite(t->baseline)) FP_ERROR(FP_ENODATA);
        *value = t->baseline + t->value;
        return FP_OK;
    case FP_TARGET_NATIONAL:
        if (!isfinite(national)) FP_ERROR(FP_ENODATA);
        *value = national;
        return FP_OK;
    }
    FP_ERROR(FP_EINVAL);
}

/* Nonzero when x is on the meeting side of target (equality meets). */
static int meets(double x, double target, fp_polarity dir)
{
    return dir == FP_POLARITY_HIGH ? x >= target : x <= target;
}

int fp_target_assess(const fp_target *t, double national, double latest,
                     double previous, double projected,
                     fp_target_status *status, double *target_value)
{
    if (!t || !status) FP_ERROR(FP_EINVAL);
    *status = FP_TSTATUS_NO_TARGET;
    if (target_value) *target_value = NAN;
    if (t->rule == FP_TARGET_NONE) return FP_OK;
    double tv;
    if (fp_target_value(t, national, &tv) != FP_OK) return FP_OK;
    if (target_value) *target_value = tv;
    if (t->direction != FP_POLARITY_HIGH && t->direction != FP_POLARITY_LOW) return FP_OK;
    if (!isfinite(latest)) return FP_OK;
    if (meets(latest, tv, t->direction)) { *status = FP_TSTATUS_MET; return FP_OK; }
    if (isfinite(projected)) {
        *status = meets(projected, tv, t->direction) ? FP_TSTATUS_ON_TRACK : FP_TSTATUS_OFF_TRACK;
        return FP_OK;
    }
    if (isfinite(previous)) {
        int right = t->direction == FP_POLARITY_HIGH ? latest > previous : latest < previous;
        *status = right ? FP_TSTATUS_ON_TRACK : FP_TSTATUS_OFF_TRACK;
        return FP_OK;
    }
    *status = FP_TSTATUS_OFF_TRACK;
    return FP_OK;
}

const char *fp_target_status_name(fp_target_status s)
{
    switch (s) {
    case FP_TSTATUS_NO_TARGET: return "no target";
    case FP_TSTATUS_MET: return "met";
    case FP_TSTATUS_ON_TRACK: return "on track";
    case FP_TSTATUS_OFF_TRACK: return "off track";
    }
    return "unknown";
}

int fp_milestone_at(const fp_milestone *m, size_t n, const fp_period *period, double *value)
{
    if ((!m && n) || !period || !value) FP_ERROR(FP_EINVAL);
    const fp_milestone *best = NULL;
    for (size_t i = 0; i < n; i++) {
        if (fp_period_compare(&m[i].period, period) > 0) continue;
        if (!best || fp_period_compare(&m[i].period, &best->period) > 0) best = &m[i];
    }
    if (!best) FP_ERROR(FP_ENOTFOUND);
    *value = best->value;
    return FP_OK;
}
