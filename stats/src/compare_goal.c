/* compare_goal.c -- Fingertips' "compared to goal" and "compared with
 * percentiles" (fingerpost/compare.h): the rules of Fingertips' own target
 * and category comparers (ukhsa-collaboration/fingertips-open,
 * PholioVisualisationWS/Analysis: SingleValueTargetComparer,
 * RangeTargetComparer, QuintilesComparer, ValueCategoriesCalculator),
 * written afresh from their definitions. */
#include "fp_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The text [s, e) as a finite number: 0, or -1. */
static int parse_num(const char *s, const char *e, double *x)
{
    char buf[64], *end;
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    *x = strtod(buf, &end);
    return end == buf || *end || !isfinite(*x) ? -1 : 0;
}

int fp_goal_benchmark_parse(const char *text, fp_goal_benchmark *g)
{
    if (!text || !g) FP_ERROR(FP_EINVAL);
    g->upper = NAN;
    g->use_ci = 0;
    const char *end = text + strlen(text), *dots = strstr(text, "..");
    if (dots) {
        if (parse_num(text, dots, &g->lower) || parse_num(dots + 2, end, &g->upper)
            || g->lower > g->upper)
            FP_ERROR(FP_EFORMAT);
        return FP_OK;
    }
    if (end - text > 3 && !strcmp(end - 3, ":ci")) { g->use_ci = 1; end -= 3; }
    if (parse_num(text, end, &g->lower)) FP_ERROR(FP_EFORMAT);
    return FP_OK;
}

int fp_compare_goal(double value, double lower95, double upper95, fp_polarity polarity,
                    const fp_goal_benchmark *g, fp_cmp *result)
{
    if (!g || !result) FP_ERROR(FP_EINVAL);
    *result = FP_CMP_NOT_COMPARED;
    if (polarity != FP_POLARITY_HIGH && polarity != FP_POLARITY_LOW) FP_ERROR(FP_EDOM);
    int high = polarity == FP_POLARITY_HIGH;
    if (!isnan(g->upper)) {                       /* a range */
        if (isnan(value)) FP_ERROR(FP_ENODATA);
        if (value < g->lower) *result = high ? FP_CMP_WORSE : FP_CMP_BETTER;
        else if (value >= g->upper) *result = high ? FP_CMP_BETTER : FP_CMP_WORSE;
        else *result = FP_CMP_SIMILAR;
    } else if (g->use_ci) {                       /* one goal, the interval */
        if (isnan(lower95) || isnan(upper95)) FP_ERROR(FP_ENODATA);
        if (lower95 >= g->lower) *result = high ? FP_CMP_BETTER : FP_CMP_WORSE;
        else if (upper95 < g->lower) *result = high ? FP_CMP_WORSE : FP_CMP_BETTER;
        else *result = FP_CMP_SIMILAR;
    } else {                                      /* one goal, the value */
        if (isnan(value)) FP_ERROR(FP_ENODATA);
        *result = (high ? value >= g->lower : value <= g->lower) ? FP_CMP_BETTER : FP_CMP_WORSE;
    }
    return FP_OK;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* x rounded to 10 decimal places, half away from zero (.NET's
 * Math.Round(x, 10, MidpointRounding.AwayFromZero)). */
static double round10(double x)
{
    return round(x * 1e10) / 1e10;
}

int fp_percentile_bounds(const double *values, size_t n, int k, double *bounds)
{
    if (k < 2 || !bounds || (!values && n)) FP_ERROR(FP_EINVAL);
    for (int j = 0; j <= k; j++) bounds[j] = NAN;
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) FP_ERROR(FP_ENOMEM);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i])) v[m++] = values[i];
    if (m < (size_t)k || m < 4) { free(v); FP_ERROR(FP_ENODATA); }
    qsort(v, m, sizeof *v, cmp_dbl);
    bounds[0] = v[0];
    bounds[k] = v[m - 1];
    for (int j = 1; j < k; j++) {
        /* Fingertips' CalculatePercentile: h = (m - 1) p + 1 (1-based). */
        double h = (double)(m - 1) * ((double)j / k) + 1;
        size_t lo = (size_t)h;
        double d = h - (double)lo;
        if (h == 1) bounds[j] = v[0];
        else if (h == (double)m) bounds[j] = v[m - 1];
        else bounds[j] = round10(v[lo - 1] + d * (v[lo] - v[lo - 1]));
    }
    free(v);
    return FP_OK;
}

int fp_percentile_category(double value, const double *bounds, int k, int reverse,
                           int *category)
{
    if (!bounds || !category || k < 2) FP_ERROR(FP_EINVAL);
    *category = 0;
    if (isnan(value) || isnan(bounds[0]) || isnan(bounds[k])) FP_ERROR(FP_ENODATA);
    if (value < bounds[0] || value > bounds[k]) FP_ERROR(FP_EDOM);
    int j = 1;
    while (j < k && !(value <= bounds[j])) j++;
    *category = reverse ? k + 1 - j : j;
    return FP_OK;
}

const char *fp_percentile_quintile_label(int category)
{
    static const char *const names[] = { "Lowest quintile", "2nd lowest quintile",
        "Middle quintile", "2nd highest quintile", "Highest quintile" };
    return category >= 1 && category <= 5 ? names[category - 1] : "";
}
