/* chart_compare.c -- the compare-areas chart (fpp_compare_chart): bars of every
 * area ranked, coloured by significance against England.
 * Conventions: charts.c. */
#include "charts_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ compare */

#define C_BENCH "#595959"
#define C_SELECTED "#FFF2CC"

typedef struct bar_ix { double v; size_t i; } bar_ix;

static int bar_cmp(const void *a, const void *b)
{
    const bar_ix *x = a, *y = b;
    if (x->v > y->v) return -1;
    if (x->v < y->v) return 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* A compare chart's bars as plotted: sorted (ix), one row of cols a bar. */
typedef struct cmp_bars {
    bar_ix *ix;           /* the areas with a value, highest first */
    size_t m;             /* how many */
    double *rows;         /* m x 6: y, value, lower95, upper95, category, selected */
    const char **labels;  /* the y-axis label of each row */
    double *pos;          /* the y of each row */
    int present[FPP_SIG_COUNT + 1];  /* categories shown (FPP_SIG_COUNT: benchmark bars) */
    double lo, hi;        /* the x range the values, limits and line need */
    int have_ci;          /* any bar with both limits */
    size_t sel_pos;       /* y of the selected area's bar, 0 if none */
} cmp_bars;

static void cmp_bars_free(cmp_bars *t)
{
    free(t->ix); free(t->rows); free(t->labels); free(t->pos);
}

/* Sort the bars highest first (areas without a value are listed as
 * skipped) and lay them out top to bottom at y = m..1, category 6 for a
 * benchmark (England, region) bar. FP_OK, or an error with t freed. */
static int cmp_bars_build(builder *B, const fpp_compare *s, cmp_bars *t)
{
    memset(t, 0, sizeof *t);
    int rc = FP_OK;
    t->ix = malloc(s->n * sizeof *t->ix);
    if (!t->ix) return FP_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < s->n && !rc; i++) {
        if (isfinite(s->value[i])) t->ix[m++] = (bar_ix){ s->value[i], i };
        else rc = fpp__skip(B, s->names[i], "all values missing");
    }
    if (rc) { cmp_bars_free(t); return rc; }
    qsort(t->ix, m, sizeof *t->ix, bar_cmp);
    t->m = m;
    t->rows = malloc((m ? m : 1) * 6 * sizeof *t->rows);
    t->labels = malloc((m ? m : 1) * sizeof *t->labels);
    t->pos = malloc((m ? m : 1) * sizeof *t->pos);
    if (!t->rows || !t->labels || !t->pos) { cmp_bars_free(t); return FP_ENOMEM; }
    for (size_t k = 0; k < m; k++) {
        size_t i = t->ix[k].i;
        double *r = t->rows + k * 6;
        int bench = s->benchmark && s->benchmark[i];
        int cat = bench ? FPP_SIG_COUNT : (int)(s->sig ? fpp__sig_ok(s->sig[i]) : FPP_SIG_NOT_COMPARED);
        r[0] = (double)(m - k);
        r[1] = s->value[i];
        r[2] = fpp__at(s->lower, i);
        r[3] = fpp__at(s->upper, i);
        r[4] = cat;
        r[5] = i == s->selected;
        t->present[cat] = 1;
        t->labels[k] = s->names[i];
        t->pos[k] = r[0];
        if (i == s->selected) t->sel_pos = m - k;
        double vals[3] = { r[1], r[2], r[3] };
        for (int j = 0; j < 3; j++)
            if (isfinite(vals[j])) { t->lo = fmin(t->lo, vals[j]); t->hi = fmax(t->hi, vals[j]); }
        t->have_ci |= isfinite(r[2]) && isfinite(r[3]);
    }
    if (isfinite(s->line)) { t->lo = fmin(t->lo, s->line); t->hi = fmax(t->hi, s->line); }
    return FP_OK;
}

/* The axes: x from 0 (or below the lowest value) with 5% margins, one y
 * category a bar labelled with its area, the selected area's row on a pale
 * band with a marker in its label; the data block; the England line. */
static void cmp_axes(builder *B, const fpp_compare *s, cmp_bars *t)
{
    fpp__buf *b = &B->body;
    size_t m = t->m;
    double span = t->hi - t->lo > 0 ? t->hi - t->lo : 1;
    static const char *const cols[] = { "y", "value", "lower95", "upper95", "category", "selected" };
    if (s->xlabel) { fpp__buf_add(b, "set xlabel "); fpp__buf_quote(b, s->xlabel); fpp__buf_add(b, "\n"); }
    fpp__buf_add(b, "set xrange [");
    fpp__buf_num(b, t->lo < 0 ? t->lo - 0.05 * span : 0);
    fpp__buf_add(b, ":");
    fpp__buf_num(b, t->hi + 0.05 * span);
    fpp__buf_printf(b, "]\nset yrange [0.4:%zu.6]\n", m);
    fpp__buf_add(b, "set grid xtics lc rgb '#D9D9D9' lw 1\nset border 1 lc rgb '#404040'\n"
                    "set key below center horizontal maxrows 3 samplen 2\nset ytics scale 0\n");
    if (m) {
        const char **lab2 = t->labels;
        char *sel_label = NULL;
        if (t->sel_pos) {
            fpp__buf_printf(b, "set object 1 rect from graph 0, first %zu.5 to graph 1, first %zu.5 "
                               "behind fc rgb '" C_SELECTED "' fs solid 1.0 noborder\n",
                            t->sel_pos - 1, t->sel_pos);
            size_t k = m - t->sel_pos;
            size_t len = strlen(t->labels[k]) + 8;
            sel_label = malloc(len);
            if (sel_label) {
                snprintf(sel_label, len, "\xE2\x96\xB6 %s", t->labels[k]);
                t->labels[k] = sel_label;
            }
        }
        fpp__category_tics(B, "ytics", lab2, m, 1, t->pos);
        free(sel_label);
        for (size_t k = 0; k < m; k++) t->labels[k] = s->names[t->ix[k].i];
        fpp__datablock(B, "$data", cols, 6, t->rows, m);
    }
    if (isfinite(s->line)) {
        fpp__buf_add(b, "set arrow 1 from first ");
        fpp__buf_num(b, s->line);
        fpp__buf_add(b, ", graph 0 to first ");
        fpp__buf_num(b, s->line);
        fpp__buf_add(b, ", graph 1 nohead dt 2 lw 2 lc rgb '#000000' front\n");
    }
}

/* The plot: one bar clause per category shown, the intervals, the
 * significance markers and the key entries. */
static void cmp_plot(builder *B, const fpp_compare *s, const cmp_bars *t, int dps)
{
    fpp__buf *b = &B->body;
    for (int cat = 0; cat <= FPP_SIG_COUNT; cat++) {
        if (!t->present[cat]) continue;
        const char *colour = cat == FPP_SIG_COUNT ? C_BENCH : fpp_sig_colour((fpp_sig)cat);
        fpp__clause(B);
        fpp__buf_printf(b, "$data using (($5==%d)?$2:NaN):1:(0):2:($1-0.35):($1+0.35) "
                           "with boxxyerror fs solid 1.0 border lc rgb '" OUTLINE "' fc rgb '%s'",
                        cat, colour);
        fpp__clause_title(B, cat == FPP_SIG_COUNT ? "England / region" : NULL);
    }
    if (t->have_ci) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 3:1:($4-$3):(0) with vectors heads size screen 0.006,90 "
                        "lw 1.5 lc rgb '#000000'");
        fpp__clause_title(B, "95% confidence interval");
    }
    fpp__sig_markers(B, "2", 1, 5, t->present, 1.3);
    /* marker_clauses plots y from column 1 at x column 2: swap handled by xexpr. */
    for (int cat = 0; cat < FPP_SIG_COUNT; cat++)
        if (t->present[cat]) fpp__sig_keyentry(B, (fpp_sig)cat, NULL);
    if (isfinite(s->line)) {
        char v[64], lab[512];
        snprintf(lab, sizeof lab, "%s: %s", fpp__nz(s->line_label, "England"),
                 fpp__fmt(v, sizeof v, s->line, dps));
        fpp__clause(B);
        fpp__buf_add(b, "keyentry with lines dt 2 lw 2 lc rgb '#000000'");
        fpp__clause_title(B, lab);
    }
    fpp__buf_add(b, "\n");
}

/* The table beside the chart: one row a bar, in the chart's order. */
static void cmp_csv(builder *B, const fpp_compare *s, const cmp_bars *t)
{
    static const char *const ccols[] = { "area", "value", "lower95", "upper95", "significance",
                                         "benchmark", "selected" };
    fpp__csv_header(B, ccols, 7);
    for (size_t k = 0; k < t->m; k++) {
        size_t i = t->ix[k].i;
        fpp__buf_csv(&B->csv, s->names[i]);
        double v[3] = { s->value[i], fpp__at(s->lower, i), fpp__at(s->upper, i) };
        for (int j = 0; j < 3; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, v[j]); }
        int bench = s->benchmark && s->benchmark[i];
        fpp__buf_add(&B->csv, ",");
        if (!bench) fpp__buf_csv(&B->csv, fpp_sig_label(s->sig ? s->sig[i] : FPP_SIG_NOT_COMPARED));
        fpp__buf_printf(&B->csv, ",%d,%d\n", bench ? 1 : 0, i == s->selected ? 1 : 0);
    }
}

/* The long description: highest and lowest, the England line, the selected
 * area's value, rank, interval and significance, and the count of areas
 * in each significance category. */
static void cmp_desc(builder *B, const fpp_compare *s, const cmp_bars *t, int dps)
{
    char v1[64], v2[64], v3[64];
    size_t m = t->m;
    fpp__buf *d = &B->desc;
    fpp__buf_printf(d, "Horizontal bar chart of %s for %zu areas, sorted from highest to lowest.",
                    fpp__nz(s->title, "the indicator"), m);
    if (m) {
        fpp__buf_printf(d, " Highest %s (%s), lowest %s (%s).", s->names[t->ix[0].i],
                        fpp__fmt(v1, sizeof v1, t->ix[0].v, dps), s->names[t->ix[m - 1].i],
                        fpp__fmt(v2, sizeof v2, t->ix[m - 1].v, dps));
    }
    if (isfinite(s->line))
        fpp__buf_printf(d, " %s %s.", fpp__nz(s->line_label, "England"), fpp__fmt(v1, sizeof v1, s->line, dps));
    if (s->selected < s->n && isfinite(s->value[s->selected])) {
        size_t i = s->selected;
        fpp__buf_printf(d, " %s (highlighted) %s, ranked %zu of %zu", s->names[i],
                        fpp__fmt(v1, sizeof v1, s->value[i], dps), m - t->sel_pos + 1, m);
        if (isfinite(fpp__at(s->lower, i)) && isfinite(fpp__at(s->upper, i)))
            fpp__buf_printf(d, " (95%% confidence interval %s to %s)",
                            fpp__fmt(v2, sizeof v2, s->lower[i], dps),
                            fpp__fmt(v3, sizeof v3, s->upper[i], dps));
        if (s->sig) fpp__buf_printf(d, ", %s", fpp__sig_phrase(s->sig[i]));
        fpp__buf_add(d, ".");
    }
    if (s->sig) {
        int cnt[FPP_SIG_COUNT] = { 0 };
        for (size_t k = 0; k < m; k++)
            if (!(s->benchmark && s->benchmark[t->ix[k].i])) cnt[fpp__sig_ok(s->sig[t->ix[k].i])]++;
        fpp__sig_counts_desc(d, cnt);
    }
}

/* The spec of a count's chart (fpp_compare.count): the areas' bars only,
 * no line, no significance. The arrays are in *owned (caller frees).
 * FP_OK, FP_EINVAL when only benchmark bars are left, FP_ENOMEM. */
static int compare_counts_only(const fpp_compare *s, fpp_compare *c, void **owned)
{
    size_t n = s->n;
    char *block = malloc(n * (sizeof(const char *) + 3 * sizeof(double)));
    if (!block) return FP_ENOMEM;
    const char **names = (const char **)(void *)block;
    double *v = (double *)(void *)(block + n * sizeof(const char *));
    double *lo = v + n, *up = v + 2 * n;
    *c = *s;
    size_t m = 0;
    c->selected = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (s->benchmark && s->benchmark[i]) continue;
        if (i == s->selected) c->selected = m;
        names[m] = s->names[i];
        v[m] = s->value[i];
        lo[m] = fpp__at(s->lower, i);
        up[m] = fpp__at(s->upper, i);
        m++;
    }
    if (m == 0) { free(block); return FP_EINVAL; }
    c->n = m;
    c->names = names;
    c->value = v;
    c->lower = s->lower ? lo : NULL;
    c->upper = s->upper ? up : NULL;
    c->sig = NULL;
    c->benchmark = NULL;
    c->line = NAN;
    *owned = block;
    return FP_OK;
}

int fpp_compare_chart(const fpp_compare *s0, const char *name, fpp_chart **out)
{
    if (!s0 || !out || s0->n == 0 || !s0->names || !s0->value) return FP_EINVAL;
    fpp_compare cc;
    void *owned = NULL;
    const fpp_compare *s = s0;
    if (s0->count) {
        int e = compare_counts_only(s0, &cc, &owned);
        if (e != FP_OK) return e;
        s = &cc;
    }
    builder B;
    int rc = fpp__builder_init(&B, "compare", name);
    if (rc) { free(owned); return rc; }
    int dps = s->dps >= 0 ? s->dps : 1;
    cmp_bars t;
    if ((rc = cmp_bars_build(&B, s, &t)) != FP_OK) { fpp__builder_discard(&B); free(owned); return rc; }
    B.c->empty = t.m == 0;
    if (t.m > 20) B.c->min_height = (int)(22 * t.m + 150);
    fpp__begin(&B, s->title, s->subtitle);
    cmp_axes(&B, s, &t);
    if (t.m) cmp_plot(&B, s, &t, dps);
    cmp_csv(&B, s, &t);
    char alt[1024];
    snprintf(alt, sizeof alt, "Compare areas: %s", fpp__nz(s->title, "indicator"));
    cmp_desc(&B, s, &t, dps);
    if (s->count) fpp__buf_add(&B.desc, COUNT_NOTE);
    cmp_bars_free(&t);
    free(owned);
    return fpp__builder_finish(&B, alt, out);
}
