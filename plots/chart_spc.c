/* chart_spc.c -- the SPC chart (fpp_spc_chart): values, centre line and
 * process limits, points coloured by variation.
 * Conventions: charts.c. */
#include "charts_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ SPC */

/* Making Data Count colours (colour-blind-safe Okabe-Ito shades). */
static const struct { const char *colour, *label; int pt; } spc_info[4] = {
    { "#7F7F7F", "Common cause variation", 7 },
    { "#0072B2", "Special cause: improvement", 9 },
    { "#E69F00", "Special cause: concern", 11 },
    { "#7030A0", "Special cause: neither (no polarity)", 13 },
};

const char *fpp_spc_variation_text(fpp_spc_variation v)
{
    switch (v) {
    case FPP_VAR_COMMON: return "Common cause variation: no significant change";
    case FPP_VAR_IMPROVING_HIGH: return "Special cause variation of an improving nature where higher is better";
    case FPP_VAR_IMPROVING_LOW: return "Special cause variation of an improving nature where lower is better";
    case FPP_VAR_CONCERN_HIGH: return "Special cause variation of a concerning nature where higher is worse";
    case FPP_VAR_CONCERN_LOW: return "Special cause variation of a concerning nature where lower is worse";
    case FPP_VAR_NEITHER_HIGH: return "Special cause variation: significantly higher (no judgement)";
    case FPP_VAR_NEITHER_LOW: return "Special cause variation: significantly lower (no judgement)";
    default: return "Variation not assessed (too few points)";
    }
}

const char *fpp_spc_assurance_text(fpp_spc_assurance a)
{
    switch (a) {
    case FPP_ASSURE_PASS: return "The system is expected to consistently pass the target";
    case FPP_ASSURE_FAIL: return "The system is expected to consistently fail the target";
    case FPP_ASSURE_HIT_AND_MISS: return "The system may achieve or fail the target subject to random variation";
    default: return "No target to assure against";
    }
}

/* An SPC point's category (common cause, special cause improving, ...):
 * the data's own, or common cause when it gives none. */
static int spc_cat(const fpp_spc *s, size_t i)
{
    return s->point && (unsigned)s->point[i] < 4 ? (int)s->point[i] : 0;
}

/* The axes (one category a period, labels rotated when they would not fit),
 * the variation and assurance lines under the chart, and the data block:
 * x, value, centre, lcl, ucl, category. present gets the categories of the
 * points with a value. FP_OK or FP_ENOMEM. */
static int spc_data(builder *B, const fpp_spc *s, int *present)
{
    size_t n = s->n;
    static const char *const cols[] = { "x", "value", "centre", "lcl", "ucl", "category" };
    double *rows = malloc(n * 6 * sizeof *rows);
    if (!rows) return FP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double *r = rows + i * 6;
        int cat = spc_cat(s, i);
        r[0] = (double)(i + 1);
        r[1] = s->value[i];
        r[2] = fpp__at(s->centre, i);
        r[3] = fpp__at(s->lcl, i);
        r[4] = fpp__at(s->ucl, i);
        r[5] = cat;
        if (isfinite(s->value[i])) present[cat] = 1;
    }
    fpp__begin(B, s->title, s->subtitle);
    fpp__buf *b = &B->body;
    if (s->ylabel) { fpp__buf_add(b, "set ylabel "); fpp__buf_quote(b, s->ylabel); fpp__buf_add(b, "\n"); }
    fpp__buf_printf(b, "set xrange [0.5:%zu.5]\n", n);
    fpp__buf_add(b, "set offsets 0, 0, graph 0.08, graph 0.08\nset grid ytics lc rgb '#D9D9D9'\n"
                    "set key outside right top vertical samplen 2\nset bmargin 7\n");
    size_t step = n > 24 ? (n + 23) / 24 : 1, chars = 0;
    for (size_t i = 0; i < n; i += step) chars += strlen(s->periods[i]) + 3;
    if (chars > 60) fpp__buf_add(b, "set xtics rotate by -45\n");
    fpp__category_tics(B, "xtics", s->periods, n, step, NULL);
    char lab[512];
    snprintf(lab, sizeof lab, "Variation: %s.", fpp_spc_variation_text(s->variation));
    fpp__buf_add(b, "set label 1 ");
    fpp__buf_quote(b, lab);
    fpp__buf_add(b, " at screen 0.02, screen 0.07 left\n");
    snprintf(lab, sizeof lab, "Assurance: %s.", fpp_spc_assurance_text(s->assurance));
    fpp__buf_add(b, "set label 2 ");
    fpp__buf_quote(b, lab);
    fpp__buf_add(b, " at screen 0.02, screen 0.03 left\n");
    /* A rebase: the steps of the centre line and limits change at the x of
     * the segment's first point, so the marker stands there. */
    for (size_t k = 0; s->rebase && k < s->n_rebase; k++)
        if (s->rebase[k] > 0 && s->rebase[k] < n)
            fpp__buf_printf(b, "set arrow %zu from %zu, graph 0 to %zu, graph 1 nohead dt 3 "
                               "lc rgb '#7F7F7F'\n", k + 1, s->rebase[k] + 1, s->rebase[k] + 1);
    fpp__datablock(B, "$data", cols, 6, rows, n);
    free(rows);
    return FP_OK;
}

/* The plot: process limits and centre line as steps (steps draws from
 * each x to the next; the limits of the last point need one more point,
 * which the xrange hides), the target, the values with a marker per
 * category, and the key. */
static void spc_plot(builder *B, const fpp_spc *s, int have_val, int have_c, int have_l,
                     int have_u, const int *present, int dps)
{
    fpp__buf *b = &B->body;
    char lab[512];
    if (have_l || have_u) {
        int first = 1;
        if (have_l) {
            fpp__clause(B);
            fpp__buf_add(b, "$data using 1:4 with steps dt 2 lw 1.5 lc rgb '#404040'");
            fpp__clause_title(B, "Process limits (3 sigma)");
            first = 0;
        }
        if (have_u) {
            fpp__clause(B);
            fpp__buf_add(b, "$data using 1:5 with steps dt 2 lw 1.5 lc rgb '#404040'");
            fpp__clause_title(B, first ? "Process limits (3 sigma)" : NULL);
        }
    }
    if (have_c) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:3 with steps lw 1.5 lc rgb '#000000'");
        fpp__clause_title(B, "Centre line");
    }
    if (isfinite(s->target)) {
        char v[64];
        snprintf(lab, sizeof lab, "Target: %s", fpp__fmt(v, sizeof v, s->target, dps));
        fpp__clause(B);
        fpp__buf_num(b, s->target);
        fpp__buf_add(b, " with lines dt 3 lw 2 lc rgb '" C_TARGET "'");
        fpp__clause_title(B, lab);
    }
    if (have_val) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:2 with lines lw 1.5 lc rgb '#A6A6A6' notitle");
        for (int c = 0; c < 4; c++)
            if (present[c]) fpp__marker_clauses(B, "$data", "1", 2, 6, c, spc_info[c].pt, spc_info[c].colour, 1.3);
        for (int c = 0; c < 4; c++)
            if (present[c]) {
                fpp__clause(B);
                fpp__buf_printf(b, "keyentry with points pt %d ps 1.5 lc rgb '%s'", spc_info[c].pt,
                                spc_info[c].colour);
                fpp__clause_title(B, c == 0 && !(have_l || have_u) ? "Values (no process limits)" : spc_info[c].label);
            }
    }
    if (B->n_clauses) fpp__buf_add(b, "\n");
}

/* The table beside the chart (one row a period) and the long description:
 * the span, how many points are special cause, the latest centre line and
 * limits, variation and assurance. */
static void spc_csv_desc(builder *B, const fpp_spc *s, int dps)
{
    size_t n = s->n;
    static const char *const ccols[] = { "period", "value", "centre", "lcl", "ucl", "point" };
    fpp__csv_header(B, ccols, 6);
    for (size_t i = 0; i < n; i++) {
        fpp__buf_csv(&B->csv, s->periods[i]);
        double v[4] = { s->value[i], fpp__at(s->centre, i), fpp__at(s->lcl, i), fpp__at(s->ucl, i) };
        for (int j = 0; j < 4; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, v[j]); }
        fpp__buf_add(&B->csv, ",");
        if (isfinite(s->value[i])) fpp__buf_csv(&B->csv, spc_info[spc_cat(s, i)].label);
        fpp__buf_add(&B->csv, "\n");
    }
    char v1[64];
    fpp__buf *d = &B->desc;
    int nspecial = 0;
    for (size_t i = 0; i < n; i++)
        nspecial += s->point && isfinite(s->value[i]) && s->point[i] != FPP_SPC_COMMON;
    fpp__buf_printf(d, "Statistical process control chart of %s%s%s%s from %s to %s: %d values, "
                       "%d flagged as special cause.",
                    fpp__nz(s->title, "the indicator"), s->subtitle ? " (" : "",
                    s->subtitle ? s->subtitle : "", s->subtitle ? ")" : "",
                    s->periods[0], s->periods[n - 1],
                    fpp__count_finite(s->value, n), nspecial);
    for (size_t i = n; i-- > 0;)
        if (isfinite(fpp__at(s->centre, i))) {
            fpp__buf_printf(d, " Centre line %s", fpp__fmt(v1, sizeof v1, s->centre[i], dps));
            if (isfinite(fpp__at(s->lcl, i)) && isfinite(fpp__at(s->ucl, i))) {
                char v2[64];
                fpp__buf_printf(d, ", process limits %s to %s", fpp__fmt(v1, sizeof v1, s->lcl[i], dps),
                                fpp__fmt(v2, sizeof v2, s->ucl[i], dps));
            }
            fpp__buf_add(d, ".");
            break;
        }
    fpp__buf_printf(d, " Variation: %s. Assurance: %s.", fpp_spc_variation_text(s->variation),
                    fpp_spc_assurance_text(s->assurance));
}

int fpp_spc_chart(const fpp_spc *s, const char *name, fpp_chart **out)
{
    if (!s || !out || s->n == 0 || !s->periods || !s->value) return FP_EINVAL;
    builder B;
    int rc = fpp__builder_init(&B, "spc", name);
    if (rc) return rc;
    size_t n = s->n;
    int dps = s->dps >= 0 ? s->dps : 1;
    /* Which series can be drawn; one with no value is listed as skipped. */
    int have_val = fpp__count_finite(s->value, n) > 0;
    int have_c = fpp__count_finite(s->centre, n) > 0;
    int have_l = fpp__count_finite(s->lcl, n) > 0, have_u = fpp__count_finite(s->ucl, n) > 0;
    if (!have_val) rc = fpp__skip(&B, fpp__nz(s->title, "values"), "all values missing");
    if (!rc && !have_c) rc = fpp__skip(&B, "Centre line", "all values missing");
    if (!rc && (s->lcl || s->ucl) && !(have_l || have_u)) rc = fpp__skip(&B, "Process limits", "all values missing");
    if (rc) { fpp__builder_discard(&B); return rc; }
    B.c->empty = !have_val;
    int present[4] = { 0 };
    if (spc_data(&B, s, present) != FP_OK) { fpp__builder_discard(&B); return FP_ENOMEM; }
    spc_plot(&B, s, have_val, have_c, have_l, have_u, present, dps);
    spc_csv_desc(&B, s, dps);
    char alt[1024];
    snprintf(alt, sizeof alt, "SPC chart: %s", fpp__nz(s->title, "indicator"));
    return fpp__builder_finish(&B, alt, out);
}
