/* chart_trend.c -- the trend chart (fpp_trend_chart): a series with its
 * confidence limits, England, the region and neighbours, and projections.
 * Conventions: charts.c. */
#include "charts_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ trend */

#define C_AREA "#0072B2"
#define C_ENGLAND "#000000"
#define C_REGION "#009E73"
#define C_NEIGHBOURS "#D55E00"

/* Which series of a trend chart can be drawn, and their names. */
typedef struct trend_have {
    int area, ci, eng, reg, nbs, target;
    const char *area_name, *region, *nbs_name, *target_label;
    const fpp_sig *tsig;              /* markers by significance, or NULL */
    int present[FPP_SIG_COUNT];       /* significance categories shown */
} trend_have;

/* What can be drawn: a series with no finite value is listed as skipped;
 * markers by significance only when something was compared. FP_OK or the
 * error of skip. */
static int trend_series(builder *B, const fpp_trend *t, trend_have *h)
{
    size_t n = t->n;
    memset(h, 0, sizeof *h);
    h->area_name = fpp__nz(t->area_name, "Area");
    h->region = fpp__nz(t->region_name, "Region");
    h->nbs_name = fpp__nz(t->neighbours_name, "Statistical neighbours");
    h->target_label = fpp__nz(t->target_label, "Target");
    h->area = fpp__count_finite(t->value, n) > 0;
    h->ci = t->lower && t->upper;
    if (h->ci) {
        int k = 0;
        for (size_t i = 0; i < n; i++)
            k += isfinite(t->value[i]) && isfinite(t->lower[i]) && isfinite(t->upper[i]);
        h->ci = k > 0;
    }
    h->eng = fpp__count_finite(t->england, n) > 0;
    h->reg = fpp__count_finite(t->region, n) > 0;
    h->nbs = fpp__count_finite(t->neighbours, n) > 0;
    h->target = isfinite(t->target);
    int rc = FP_OK;
    if (!h->area) rc = fpp__skip(B, h->area_name, "all values missing");
    if (!rc && t->england && !h->eng) rc = fpp__skip(B, "England", "all values missing");
    if (!rc && t->region && !h->reg) rc = fpp__skip(B, h->region, "all values missing");
    if (!rc && t->neighbours && !h->nbs) rc = fpp__skip(B, h->nbs_name, "all values missing");
    for (size_t i = 0; i < n && t->sig && !h->tsig; i++)
        if (isfinite(t->value[i]) && fpp__sig_ok(t->sig[i]) != FPP_SIG_NOT_COMPARED) h->tsig = t->sig;
    return rc;
}

/* The axes (one category a period, labels rotated when they would not fit
 * side by side: about 7 pixels a character at the default size, every
 * step-th label when there are more than 20) and the data block: x, value,
 * lower, upper, england, region, neighbours, category. FP_OK or FP_ENOMEM. */
static int trend_data(builder *B, const fpp_trend *t, trend_have *h)
{
    size_t n = t->n;
    static const char *const cols[] = { "x", "value", "lower95", "upper95", "england",
                                        "region", "neighbours", "significance" };
    double *rows = malloc(n * 8 * sizeof *rows);
    if (!rows) return FP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double *r = rows + i * 8;
        fpp_sig s = h->tsig ? fpp__sig_ok(h->tsig[i]) : FPP_SIG_NOT_COMPARED;
        r[0] = (double)(i + 1);
        r[1] = t->value[i];
        r[2] = fpp__at(t->lower, i);
        r[3] = fpp__at(t->upper, i);
        r[4] = fpp__at(t->england, i);
        r[5] = fpp__at(t->region, i);
        r[6] = fpp__at(t->neighbours, i);
        r[7] = (double)s;
        if (h->tsig && isfinite(t->value[i])) h->present[s] = 1;
    }
    fpp__begin(B, t->title, t->subtitle);
    fpp__buf *b = &B->body;
    if (t->ylabel) { fpp__buf_add(b, "set ylabel "); fpp__buf_quote(b, t->ylabel); fpp__buf_add(b, "\n"); }
    fpp__buf_printf(b, "set xrange [0.5:%zu.5]\n", n);
    fpp__buf_add(b, "set offsets 0, 0, graph 0.08, graph 0.08\n"
                    "set grid ytics lc rgb '#D9D9D9' lw 1\n"
                    "set key below center horizontal maxrows 3 samplen 3\n");
    size_t step = n > 20 ? (n + 19) / 20 : 1;
    size_t chars = 0;
    for (size_t i = 0; i < n; i += step) chars += strlen(t->periods[i]) + 3;
    if (chars > 95) fpp__buf_add(b, "set xtics rotate by -45\n");
    fpp__category_tics(B, "xtics", t->periods, n, step, NULL);
    fpp__datablock(B, "$data", cols, 8, rows, n);
    free(rows);
    return FP_OK;
}

/* The plot: intervals, England, region, neighbours, target, then the area
 * (a line with significance markers and their key entries, or plain). */
static void trend_plot(builder *B, const fpp_trend *t, const trend_have *h, int dps)
{
    fpp__buf *b = &B->body;
    if (h->ci) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:2:3:4 with yerrorbars pt 0 ps 0 lw 1.2 lc rgb '" OUTLINE "'");
        fpp__clause_title(B, "95% confidence interval");
    }
    if (h->eng) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:5 with linespoints dt 2 lw 2 pt 1 ps 1 lc rgb '" C_ENGLAND "'");
        fpp__clause_title(B, "England");
    }
    if (h->reg) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:6 with linespoints dt 4 lw 2 pt 2 ps 1 lc rgb '" C_REGION "'");
        fpp__clause_title(B, h->region);
    }
    if (h->nbs) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:7 with linespoints dt 5 lw 2 pt 3 ps 1 lc rgb '" C_NEIGHBOURS "'");
        fpp__clause_title(B, h->nbs_name);
    }
    if (h->target) {
        fpp__clause(B);
        fpp__buf_num(b, t->target);
        fpp__buf_add(b, " with lines dt 3 lw 2 lc rgb '" C_TARGET "'");
        char v[64], lab[512];
        snprintf(lab, sizeof lab, "%s: %s", h->target_label, fpp__fmt(v, sizeof v, t->target, dps));
        fpp__clause_title(B, lab);
    }
    if (h->area) {
        fpp__clause(B);
        if (h->tsig) {
            fpp__buf_add(b, "$data using 1:2 with lines lw 2.5 lc rgb '" C_AREA "'");
            fpp__clause_title(B, h->area_name);
            fpp__sig_markers(B, "1", 2, 8, h->present, 1.4);
            for (int s = 0; s < FPP_SIG_COUNT; s++)
                if (h->present[s]) {
                    char lab[1024];
                    snprintf(lab, sizeof lab, "%s than England", fpp_sig_label((fpp_sig)s));
                    if (s == FPP_SIG_SIMILAR) snprintf(lab, sizeof lab, "Similar to England");
                    if (s == FPP_SIG_NOT_COMPARED) snprintf(lab, sizeof lab, "Not compared");
                    fpp__sig_keyentry(B, (fpp_sig)s, lab);
                }
        } else {
            fpp__buf_add(b, "$data using 1:2 with linespoints lw 2.5 pt 7 ps 1.2 lc rgb '" C_AREA "'");
            fpp__clause_title(B, h->area_name);
        }
    }
    if (B->n_clauses) fpp__buf_add(b, "\n");
}

/* The table beside the chart: one row a period. */
static void trend_csv(builder *B, const fpp_trend *t)
{
    static const char *const ccols[] = { "period", "value", "lower95", "upper95", "england",
                                         "region", "neighbours", "significance" };
    fpp__csv_header(B, ccols, 8);
    for (size_t i = 0; i < t->n; i++) {
        fpp__buf_csv(&B->csv, t->periods[i]);
        double v[6] = { t->value[i], fpp__at(t->lower, i), fpp__at(t->upper, i), fpp__at(t->england, i),
                        fpp__at(t->region, i), fpp__at(t->neighbours, i) };
        for (int j = 0; j < 6; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, v[j]); }
        fpp__buf_add(&B->csv, ",");
        if (t->sig && isfinite(t->value[i])) fpp__buf_csv(&B->csv, fpp_sig_label(t->sig[i]));
        fpp__buf_add(&B->csv, "\n");
    }
}

/* The long description: the span, the latest value with its interval and
 * significance, the comparators then, and the target. */
static void trend_desc(builder *B, const fpp_trend *t, const trend_have *h, int dps)
{
    char v1[64], v2[64], v3[64];
    size_t n = t->n;
    fpp__buf *d = &B->desc;
    fpp__buf_printf(d, "Line chart of %s for %s from %s to %s (%d of %zu periods have a value).",
                    fpp__nz(t->title, "the indicator"), h->area_name, t->periods[0], t->periods[n - 1],
                    fpp__count_finite(t->value, n), n);
    size_t last = n;
    for (size_t i = n; i-- > 0;)
        if (isfinite(t->value[i])) { last = i; break; }
    if (last < n) {
        fpp__buf_printf(d, " Latest value %s in %s", fpp__fmt(v1, sizeof v1, t->value[last], dps),
                        t->periods[last]);
        if (isfinite(fpp__at(t->lower, last)) && isfinite(fpp__at(t->upper, last)))
            fpp__buf_printf(d, " (95%% confidence interval %s to %s)",
                            fpp__fmt(v2, sizeof v2, t->lower[last], dps),
                            fpp__fmt(v3, sizeof v3, t->upper[last], dps));
        if (t->sig) fpp__buf_printf(d, ", %s", fpp__sig_phrase(t->sig[last]));
        fpp__buf_add(d, ".");
        if (isfinite(fpp__at(t->england, last)))
            fpp__buf_printf(d, " England %s.", fpp__fmt(v1, sizeof v1, t->england[last], dps));
        if (isfinite(fpp__at(t->region, last)))
            fpp__buf_printf(d, " %s %s.", h->region, fpp__fmt(v1, sizeof v1, t->region[last], dps));
        if (isfinite(fpp__at(t->neighbours, last)))
            fpp__buf_printf(d, " %s %s.", h->nbs_name, fpp__fmt(v1, sizeof v1, t->neighbours[last], dps));
    } else {
        fpp__buf_add(d, " The area has no values.");
    }
    if (h->target)
        fpp__buf_printf(d, " %s %s.", h->target_label, fpp__fmt(v1, sizeof v1, t->target, dps));
}

int fpp_trend_chart(const fpp_trend *t0, const char *name, fpp_chart **out)
{
    if (!t0 || !out || t0->n == 0 || !t0->periods || !t0->value) return FP_EINVAL;
    /* A count is drawn without England's and the region's totals and
     * without significance against England. */
    fpp_trend tc = *t0;
    if (t0->count) { tc.england = NULL; tc.region = NULL; tc.sig = NULL; }
    const fpp_trend *t = &tc;
    builder B;
    int rc = fpp__builder_init(&B, "trend", name);
    if (rc) return rc;
    int dps = t->dps >= 0 ? t->dps : 1;
    trend_have h;
    if ((rc = trend_series(&B, t, &h)) != FP_OK) { fpp__builder_discard(&B); return rc; }
    B.c->empty = !h.area && !h.eng && !h.reg && !h.nbs;
    if (trend_data(&B, t, &h) != FP_OK) { fpp__builder_discard(&B); return FP_ENOMEM; }
    trend_plot(&B, t, &h, dps);
    trend_csv(&B, t);
    char alt[1024];
    snprintf(alt, sizeof alt, "Trend chart: %s, %s", fpp__nz(t->title, "indicator"), h.area_name);
    trend_desc(&B, t, &h, dps);
    if (t->count) fpp__buf_add(&B.desc, COUNT_NOTE);
    return fpp__builder_finish(&B, alt, out);
}
