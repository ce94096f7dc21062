/* charts.c -- the chart builders: trend, compare areas, spine, SPC and
 * funnel. Each turns a spec of plain arrays into gnuplot commands, a data
 * table and alt text (see plots.h). No I/O happens here.
 *
 * Conventions of every script: text is noenhanced and every string from the
 * spec goes through fpp__buf_quote; data go into `$data << EOD` datablocks
 * that hold numbers only (categorical axes get their labels from explicit,
 * quoted tic lists, never from the data); missing values are NaN so lines
 * break at gaps; a series with no finite value is never plotted. */
#include "plots_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ categories */

static const struct {
    const char *colour, *label;
    int pt;
} sig_info[FPP_SIG_COUNT] = {
    [FPP_SIG_NOT_COMPARED] = { "#C9C9C9", "Not compared", 15 },
    [FPP_SIG_SIMILAR]      = { "#FFC000", "Similar", 7 },
    [FPP_SIG_BETTER]       = { "#92D050", "Better", 9 },
    [FPP_SIG_WORSE]        = { "#C00000", "Worse", 11 },
    [FPP_SIG_HIGHER]       = { "#BED2FF", "Higher", 5 },
    [FPP_SIG_LOWER]        = { "#5555E6", "Lower", 13 },
};

static fpp_sig sig_ok(fpp_sig s)
{
    return (unsigned)s < FPP_SIG_COUNT ? s : FPP_SIG_NOT_COMPARED;
}

const char *fpp_sig_colour(fpp_sig s) { return sig_info[sig_ok(s)].colour; }
const char *fpp_sig_label(fpp_sig s) { return sig_info[sig_ok(s)].label; }
int fpp_sig_point(fpp_sig s) { return sig_info[sig_ok(s)].pt; }

fpp_sig fpp_sig_from_cmp(fp_cmp c)
{
    switch (c) {
    case FP_CMP_SIMILAR: return FPP_SIG_SIMILAR;
    case FP_CMP_HIGHER: case FP_CMP_HIGHER_998: return FPP_SIG_HIGHER;
    case FP_CMP_LOWER: case FP_CMP_LOWER_998: return FPP_SIG_LOWER;
    case FP_CMP_BETTER: case FP_CMP_BETTER_998: return FPP_SIG_BETTER;
    case FP_CMP_WORSE: case FP_CMP_WORSE_998: return FPP_SIG_WORSE;
    default: return FPP_SIG_NOT_COMPARED;
    }
}

/* "better than England", "similar to England", "not compared with England". */
static const char *sig_phrase(fpp_sig s)
{
    switch (sig_ok(s)) {
    case FPP_SIG_SIMILAR: return "similar to England";
    case FPP_SIG_BETTER: return "better than England";
    case FPP_SIG_WORSE: return "worse than England";
    case FPP_SIG_HIGHER: return "higher than England";
    case FPP_SIG_LOWER: return "lower than England";
    default: return "not compared with England";
    }
}

/* Outline colour of every marker and bar: dark grey on white has a contrast
 * ratio above 14:1 and outlines the light category colours (#BED2FF). */
#define OUTLINE "#262626"

/* ------------------------------------------------------------ the chart */

void fpp_chart_free(fpp_chart *c)
{
    if (!c) return;
    free(c->name); free(c->body); free(c->data); free(c->csv);
    free(c->alt_title); free(c->alt_desc);
    for (size_t i = 0; i < c->n_skipped; i++) {
        free(c->skipped_series[i]);
        free(c->skipped_reasons[i]);
    }
    free(c->skipped_series); free(c->skipped_reasons);
    free(c);
}

const char *fpp_format_ext(fpp_format f)
{
    return f == FPP_PNG ? "png" : "svg";
}

static void style_defaults(const fpp_style *st, fpp_format *f, int *w, int *h, const char **font)
{
    *f = st ? st->format : FPP_SVG;
    *w = st && st->width > 0 ? st->width : (*f == FPP_PNG ? 1000 : 800);
    *h = st && st->height > 0 ? st->height : (*f == FPP_PNG ? 562 : 450);
    *font = st && st->font ? st->font : "Arial,12";
}

char *fpp_chart_script(const fpp_chart *c, const fpp_style *style, const char *output_path)
{
    fpp_format f;
    int w, h;
    const char *font;
    style_defaults(style, &f, &w, &h, &font);
    if (c->min_height > h) h = c->min_height;
    fpp__buf b;
    fpp__buf_init(&b);
    fpp__buf_printf(&b, "# fingerpost %s chart (%s). Re-run with: gnuplot %s.gp\n",
                    c->kind, FP_METHODS_VERSION, c->name);
    if (f == FPP_PNG)
        fpp__buf_printf(&b, "set terminal pngcairo size %d,%d noenhanced font ", w, h);
    else
        fpp__buf_printf(&b, "set terminal svg size %d,%d noenhanced font ", w, h);
    fpp__buf_quote(&b, font);
    fpp__buf_add(&b, " background rgb '#FFFFFF'\nset output ");
    fpp__buf_quote_path(&b, output_path);
    fpp__buf_add(&b, "\n");
    fpp__buf_add(&b, c->body ? c->body : "");
    fpp__buf_add(&b, "unset output\n");
    return fpp__buf_take(&b);
}

/* A chart being built. */
typedef struct builder {
    fpp_chart *c;
    fpp__buf body, data, csv, desc;
    int n_clauses;  /* plot clauses written so far */
} builder;

static int builder_init(builder *B, const char *kind, const char *name)
{
    memset(B, 0, sizeof *B);
    B->c = calloc(1, sizeof *B->c);
    if (!B->c) return FP_ENOMEM;
    B->c->kind = kind;
    B->c->name = fpp_safe_name(name);
    if (!B->c->name) { free(B->c); B->c = NULL; return FP_ENOMEM; }
    fpp__buf_init(&B->body); fpp__buf_init(&B->data);
    fpp__buf_init(&B->csv); fpp__buf_init(&B->desc);
    return FP_OK;
}

static void builder_discard(builder *B)
{
    fpp__buf_free(&B->body); fpp__buf_free(&B->data);
    fpp__buf_free(&B->csv); fpp__buf_free(&B->desc);
    fpp_chart_free(B->c);
    B->c = NULL;
}

static int skip(builder *B, const char *series, const char *reason)
{
    fpp_chart *c = B->c;
    char **s = realloc(c->skipped_series, (c->n_skipped + 1) * sizeof *s);
    if (!s) return FP_ENOMEM;
    c->skipped_series = s;
    char **r = realloc(c->skipped_reasons, (c->n_skipped + 1) * sizeof *r);
    if (!r) return FP_ENOMEM;
    c->skipped_reasons = r;
    s[c->n_skipped] = strdup(series ? series : "");
    r[c->n_skipped] = strdup(reason);
    if (!s[c->n_skipped] || !r[c->n_skipped]) {
        free(s[c->n_skipped]); free(r[c->n_skipped]);
        return FP_ENOMEM;
    }
    c->n_skipped++;
    return FP_OK;
}

static int builder_finish(builder *B, const char *alt_title, fpp_chart **out)
{
    fpp_chart *c = B->c;
    c->body = fpp__buf_take(&B->body);
    c->data = fpp__buf_take(&B->data);
    c->csv = fpp__buf_take(&B->csv);
    c->alt_desc = fpp__buf_take(&B->desc);
    c->alt_title = strdup(alt_title ? alt_title : "");
    if (!c->body || !c->data || !c->csv || !c->alt_desc || !c->alt_title) {
        builder_discard(B);
        return FP_ENOMEM;
    }
    *out = c;
    B->c = NULL;
    return FP_OK;
}

/* Common settings: title (with an optional second line), fonts, grid. */
static void begin(builder *B, const char *title, const char *subtitle)
{
    fpp__buf *b = &B->body;
    fpp__buf_add(b, "set encoding utf8\nset termoption noenhanced\n");
    if (title || subtitle) {
        fpp__buf_add(b, "set title ");
        fpp__buf_quote(b, title ? title : "");
        if (subtitle && *subtitle) {
            fpp__buf_add(b, ".\"\\n\".");
            fpp__buf_quote(b, subtitle);
        }
        fpp__buf_add(b, " noenhanced\n");
    }
    fpp__buf_add(b, "set border 3 lc rgb '#404040'\nset tics nomirror textcolor rgb '#000000'\n"
                    "set key noenhanced\n");
}

/* Start a plot clause: "plot " for the first, ", \\\n     " after. */
static void clause(builder *B)
{
    fpp__buf_add(&B->body, B->n_clauses ? ", \\\n     " : "plot ");
    B->n_clauses++;
}

static void clause_title(builder *B, const char *title)
{
    if (title) {
        fpp__buf_add(&B->body, " title ");
        fpp__buf_quote(&B->body, title);
    } else {
        fpp__buf_add(&B->body, " notitle");
    }
}

/* A legend entry for a marker category: filled shape in the colour. */
static void sig_keyentry(builder *B, fpp_sig s, const char *label)
{
    clause(B);
    fpp__buf_printf(&B->body, "keyentry with points pt %d ps 1.5 lc rgb '%s'",
                    fpp_sig_point(s), fpp_sig_colour(s));
    clause_title(B, label ? label : fpp_sig_label(s));
}

/* Markers of one category: the filled shape and its dark outline, drawn
 * from datablock columns xcol/ycol where column catcol equals cat. */
static void marker_clauses(builder *B, const char *block, const char *xexpr, int ycol,
                           int catcol, int cat, int pt, const char *colour, double ps)
{
    clause(B);
    fpp__buf_printf(&B->body, "%s using %s:(($%d==%d)?$%d:NaN) with points pt %d ps %.2g lc rgb '%s' notitle",
                    block, xexpr, catcol, cat, ycol, pt, ps, colour);
    clause(B);
    fpp__buf_printf(&B->body, "%s using %s:(($%d==%d)?$%d:NaN) with points pt %d ps %.2g lc rgb '%s' notitle",
                    block, xexpr, catcol, cat, ycol, pt - 1, ps, OUTLINE);
}

/* The markers of every significance category present (present[c] nonzero),
 * in category order, each in its Fingertips shape and colour, from the
 * datablock $data. */
static void sig_markers(builder *B, const char *xexpr, int ycol, int catcol,
                        const int *present, double ps)
{
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (present[c])
            marker_clauses(B, "$data", xexpr, ycol, catcol, c, fpp_sig_point((fpp_sig)c),
                           fpp_sig_colour((fpp_sig)c), ps);
}

static int count_finite(const double *v, size_t n)
{
    int k = 0;
    if (v)
        for (size_t i = 0; i < n; i++) k += isfinite(v[i]) != 0;
    return k;
}

static double at(const double *v, size_t i)
{
    return v ? v[i] : NAN;
}

/* Categorical axis tics: label every step-th of n labels at 1..n. */
static void category_tics(builder *B, const char *axis, const char *const *labels, size_t n,
                          size_t step, const double *pos)
{
    fpp__buf_printf(&B->body, "set %s (", axis);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (step > 1 && i % step != 0 && i + 1 != n) continue;
        if (!first) fpp__buf_add(&B->body, ", ");
        first = 0;
        fpp__buf_quote_tic(&B->body, labels ? labels[i] : "");
        fpp__buf_add(&B->body, " ");
        fpp__buf_num(&B->body, pos ? pos[i] : (double)(i + 1));
    }
    fpp__buf_add(&B->body, ")\n");
}

/* Write the datablock: body gets `$name << EOD`, rows, `EOD`; data (the
 * .dat) gets the same rows after a header comment. `rows` is row-major. */
static void datablock(builder *B, const char *name, const char *const *cols, size_t ncol,
                      const double *rows, size_t nrow)
{
    fpp__buf *d = &B->data;
    if (d->len) fpp__buf_add(d, "\n\n");  /* next gnuplot index */
    fpp__buf_add(d, "#");
    for (size_t j = 0; j < ncol; j++) fpp__buf_printf(d, " %s", cols[j]);
    fpp__buf_add(d, "\n");
    fpp__buf_printf(&B->body, "%s << EOD\n", name);
    for (size_t i = 0; i < nrow; i++) {
        for (size_t j = 0; j < ncol; j++) {
            if (j) { fpp__buf_add(d, " "); fpp__buf_add(&B->body, " "); }
            fpp__buf_num(d, rows[i * ncol + j]);
            fpp__buf_num(&B->body, rows[i * ncol + j]);
        }
        fpp__buf_add(d, "\n");
        fpp__buf_add(&B->body, "\n");
    }
    fpp__buf_add(&B->body, "EOD\n");
}

static void csv_header(builder *B, const char *const *cols, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        if (j) fpp__buf_add(&B->csv, ",");
        fpp__buf_csv(&B->csv, cols[j]);
    }
    fpp__buf_add(&B->csv, "\n");
}

static const char *nz(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

/* ------------------------------------------------------------ trend */

#define C_AREA "#0072B2"
#define C_ENGLAND "#000000"
#define C_REGION "#009E73"
#define C_NEIGHBOURS "#D55E00"
#define C_TARGET "#CC79A7"

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
    h->area_name = nz(t->area_name, "Area");
    h->region = nz(t->region_name, "Region");
    h->nbs_name = nz(t->neighbours_name, "Statistical neighbours");
    h->target_label = nz(t->target_label, "Target");
    h->area = count_finite(t->value, n) > 0;
    h->ci = t->lower && t->upper;
    if (h->ci) {
        int k = 0;
        for (size_t i = 0; i < n; i++)
            k += isfinite(t->value[i]) && isfinite(t->lower[i]) && isfinite(t->upper[i]);
        h->ci = k > 0;
    }
    h->eng = count_finite(t->england, n) > 0;
    h->reg = count_finite(t->region, n) > 0;
    h->nbs = count_finite(t->neighbours, n) > 0;
    h->target = isfinite(t->target);
    int rc = FP_OK;
    if (!h->area) rc = skip(B, h->area_name, "all values missing");
    if (!rc && t->england && !h->eng) rc = skip(B, "England", "all values missing");
    if (!rc && t->region && !h->reg) rc = skip(B, h->region, "all values missing");
    if (!rc && t->neighbours && !h->nbs) rc = skip(B, h->nbs_name, "all values missing");
    for (size_t i = 0; i < n && t->sig && !h->tsig; i++)
        if (isfinite(t->value[i]) && sig_ok(t->sig[i]) != FPP_SIG_NOT_COMPARED) h->tsig = t->sig;
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
        fpp_sig s = h->tsig ? sig_ok(h->tsig[i]) : FPP_SIG_NOT_COMPARED;
        r[0] = (double)(i + 1);
        r[1] = t->value[i];
        r[2] = at(t->lower, i);
        r[3] = at(t->upper, i);
        r[4] = at(t->england, i);
        r[5] = at(t->region, i);
        r[6] = at(t->neighbours, i);
        r[7] = (double)s;
        if (h->tsig && isfinite(t->value[i])) h->present[s] = 1;
    }
    begin(B, t->title, t->subtitle);
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
    category_tics(B, "xtics", t->periods, n, step, NULL);
    datablock(B, "$data", cols, 8, rows, n);
    free(rows);
    return FP_OK;
}

/* The plot: intervals, England, region, neighbours, target, then the area
 * (a line with significance markers and their key entries, or plain). */
static void trend_plot(builder *B, const fpp_trend *t, const trend_have *h, int dps)
{
    fpp__buf *b = &B->body;
    if (h->ci) {
        clause(B);
        fpp__buf_add(b, "$data using 1:2:3:4 with yerrorbars pt 0 ps 0 lw 1.2 lc rgb '" OUTLINE "'");
        clause_title(B, "95% confidence interval");
    }
    if (h->eng) {
        clause(B);
        fpp__buf_add(b, "$data using 1:5 with linespoints dt 2 lw 2 pt 1 ps 1 lc rgb '" C_ENGLAND "'");
        clause_title(B, "England");
    }
    if (h->reg) {
        clause(B);
        fpp__buf_add(b, "$data using 1:6 with linespoints dt 4 lw 2 pt 2 ps 1 lc rgb '" C_REGION "'");
        clause_title(B, h->region);
    }
    if (h->nbs) {
        clause(B);
        fpp__buf_add(b, "$data using 1:7 with linespoints dt 5 lw 2 pt 3 ps 1 lc rgb '" C_NEIGHBOURS "'");
        clause_title(B, h->nbs_name);
    }
    if (h->target) {
        clause(B);
        fpp__buf_num(b, t->target);
        fpp__buf_add(b, " with lines dt 3 lw 2 lc rgb '" C_TARGET "'");
        char v[64], lab[512];
        snprintf(lab, sizeof lab, "%s: %s", h->target_label, fpp__fmt(v, sizeof v, t->target, dps));
        clause_title(B, lab);
    }
    if (h->area) {
        clause(B);
        if (h->tsig) {
            fpp__buf_add(b, "$data using 1:2 with lines lw 2.5 lc rgb '" C_AREA "'");
            clause_title(B, h->area_name);
            sig_markers(B, "1", 2, 8, h->present, 1.4);
            for (int s = 0; s < FPP_SIG_COUNT; s++)
                if (h->present[s]) {
                    char lab[1024];
                    snprintf(lab, sizeof lab, "%s than England", fpp_sig_label((fpp_sig)s));
                    if (s == FPP_SIG_SIMILAR) snprintf(lab, sizeof lab, "Similar to England");
                    if (s == FPP_SIG_NOT_COMPARED) snprintf(lab, sizeof lab, "Not compared");
                    sig_keyentry(B, (fpp_sig)s, lab);
                }
        } else {
            fpp__buf_add(b, "$data using 1:2 with linespoints lw 2.5 pt 7 ps 1.2 lc rgb '" C_AREA "'");
            clause_title(B, h->area_name);
        }
    }
    if (B->n_clauses) fpp__buf_add(b, "\n");
}

/* The table beside the chart: one row a period. */
static void trend_csv(builder *B, const fpp_trend *t)
{
    static const char *const ccols[] = { "period", "value", "lower95", "upper95", "england",
                                         "region", "neighbours", "significance" };
    csv_header(B, ccols, 8);
    for (size_t i = 0; i < t->n; i++) {
        fpp__buf_csv(&B->csv, t->periods[i]);
        double v[6] = { t->value[i], at(t->lower, i), at(t->upper, i), at(t->england, i),
                        at(t->region, i), at(t->neighbours, i) };
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
                    nz(t->title, "the indicator"), h->area_name, t->periods[0], t->periods[n - 1],
                    count_finite(t->value, n), n);
    size_t last = n;
    for (size_t i = n; i-- > 0;)
        if (isfinite(t->value[i])) { last = i; break; }
    if (last < n) {
        fpp__buf_printf(d, " Latest value %s in %s", fpp__fmt(v1, sizeof v1, t->value[last], dps),
                        t->periods[last]);
        if (isfinite(at(t->lower, last)) && isfinite(at(t->upper, last)))
            fpp__buf_printf(d, " (95%% confidence interval %s to %s)",
                            fpp__fmt(v2, sizeof v2, t->lower[last], dps),
                            fpp__fmt(v3, sizeof v3, t->upper[last], dps));
        if (t->sig) fpp__buf_printf(d, ", %s", sig_phrase(t->sig[last]));
        fpp__buf_add(d, ".");
        if (isfinite(at(t->england, last)))
            fpp__buf_printf(d, " England %s.", fpp__fmt(v1, sizeof v1, t->england[last], dps));
        if (isfinite(at(t->region, last)))
            fpp__buf_printf(d, " %s %s.", h->region, fpp__fmt(v1, sizeof v1, t->region[last], dps));
        if (isfinite(at(t->neighbours, last)))
            fpp__buf_printf(d, " %s %s.", h->nbs_name, fpp__fmt(v1, sizeof v1, t->neighbours[last], dps));
    } else {
        fpp__buf_add(d, " The area has no values.");
    }
    if (h->target)
        fpp__buf_printf(d, " %s %s.", h->target_label, fpp__fmt(v1, sizeof v1, t->target, dps));
}

/* What a count is never drawn against (fpp_trend.count). */
#define COUNT_NOTE " England and the region are not shown: the values are counts, which " \
                   "depend on the size of the population, and theirs are totals of far " \
                   "larger populations."

int fpp_trend_chart(const fpp_trend *t0, const char *name, fpp_chart **out)
{
    if (!t0 || !out || t0->n == 0 || !t0->periods || !t0->value) return FP_EINVAL;
    /* A count is drawn without England's and the region's totals and
     * without significance against England. */
    fpp_trend tc = *t0;
    if (t0->count) { tc.england = NULL; tc.region = NULL; tc.sig = NULL; }
    const fpp_trend *t = &tc;
    builder B;
    int rc = builder_init(&B, "trend", name);
    if (rc) return rc;
    int dps = t->dps >= 0 ? t->dps : 1;
    trend_have h;
    if ((rc = trend_series(&B, t, &h)) != FP_OK) { builder_discard(&B); return rc; }
    B.c->empty = !h.area && !h.eng && !h.reg && !h.nbs;
    if (trend_data(&B, t, &h) != FP_OK) { builder_discard(&B); return FP_ENOMEM; }
    trend_plot(&B, t, &h, dps);
    trend_csv(&B, t);
    char alt[1024];
    snprintf(alt, sizeof alt, "Trend chart: %s, %s", nz(t->title, "indicator"), h.area_name);
    trend_desc(&B, t, &h, dps);
    if (t->count) fpp__buf_add(&B.desc, COUNT_NOTE);
    return builder_finish(&B, alt, out);
}

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

/* " Compared with England: 3 better, 2 similar." -- the number of areas
 * (or indicators) in each significance category, "none." when all are 0. */
static void sig_counts_desc(fpp__buf *d, const int *cnt)
{
    fpp__buf_add(d, " Compared with England:");
    int first = 1;
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (cnt[c]) {
            fpp__buf_printf(d, "%s %d %s", first ? "" : ",", cnt[c], fpp_sig_label((fpp_sig)c));
            first = 0;
        }
    fpp__buf_add(d, first ? " none." : ".");
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
        else rc = skip(B, s->names[i], "all values missing");
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
        int cat = bench ? FPP_SIG_COUNT : (int)(s->sig ? sig_ok(s->sig[i]) : FPP_SIG_NOT_COMPARED);
        r[0] = (double)(m - k);
        r[1] = s->value[i];
        r[2] = at(s->lower, i);
        r[3] = at(s->upper, i);
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
        category_tics(B, "ytics", lab2, m, 1, t->pos);
        free(sel_label);
        for (size_t k = 0; k < m; k++) t->labels[k] = s->names[t->ix[k].i];
        datablock(B, "$data", cols, 6, t->rows, m);
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
        clause(B);
        fpp__buf_printf(b, "$data using (($5==%d)?$2:NaN):1:(0):2:($1-0.35):($1+0.35) "
                           "with boxxyerror fs solid 1.0 border lc rgb '" OUTLINE "' fc rgb '%s'",
                        cat, colour);
        clause_title(B, cat == FPP_SIG_COUNT ? "England / region" : NULL);
    }
    if (t->have_ci) {
        clause(B);
        fpp__buf_add(b, "$data using 3:1:($4-$3):(0) with vectors heads size screen 0.006,90 "
                        "lw 1.5 lc rgb '#000000'");
        clause_title(B, "95% confidence interval");
    }
    sig_markers(B, "2", 1, 5, t->present, 1.3);
    /* marker_clauses plots y from column 1 at x column 2: swap handled by xexpr. */
    for (int cat = 0; cat < FPP_SIG_COUNT; cat++)
        if (t->present[cat]) sig_keyentry(B, (fpp_sig)cat, NULL);
    if (isfinite(s->line)) {
        char v[64], lab[512];
        snprintf(lab, sizeof lab, "%s: %s", nz(s->line_label, "England"),
                 fpp__fmt(v, sizeof v, s->line, dps));
        clause(B);
        fpp__buf_add(b, "keyentry with lines dt 2 lw 2 lc rgb '#000000'");
        clause_title(B, lab);
    }
    fpp__buf_add(b, "\n");
}

/* The table beside the chart: one row a bar, in the chart's order. */
static void cmp_csv(builder *B, const fpp_compare *s, const cmp_bars *t)
{
    static const char *const ccols[] = { "area", "value", "lower95", "upper95", "significance",
                                         "benchmark", "selected" };
    csv_header(B, ccols, 7);
    for (size_t k = 0; k < t->m; k++) {
        size_t i = t->ix[k].i;
        fpp__buf_csv(&B->csv, s->names[i]);
        double v[3] = { s->value[i], at(s->lower, i), at(s->upper, i) };
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
                    nz(s->title, "the indicator"), m);
    if (m) {
        fpp__buf_printf(d, " Highest %s (%s), lowest %s (%s).", s->names[t->ix[0].i],
                        fpp__fmt(v1, sizeof v1, t->ix[0].v, dps), s->names[t->ix[m - 1].i],
                        fpp__fmt(v2, sizeof v2, t->ix[m - 1].v, dps));
    }
    if (isfinite(s->line))
        fpp__buf_printf(d, " %s %s.", nz(s->line_label, "England"), fpp__fmt(v1, sizeof v1, s->line, dps));
    if (s->selected < s->n && isfinite(s->value[s->selected])) {
        size_t i = s->selected;
        fpp__buf_printf(d, " %s (highlighted) %s, ranked %zu of %zu", s->names[i],
                        fpp__fmt(v1, sizeof v1, s->value[i], dps), m - t->sel_pos + 1, m);
        if (isfinite(at(s->lower, i)) && isfinite(at(s->upper, i)))
            fpp__buf_printf(d, " (95%% confidence interval %s to %s)",
                            fpp__fmt(v2, sizeof v2, s->lower[i], dps),
                            fpp__fmt(v3, sizeof v3, s->upper[i], dps));
        if (s->sig) fpp__buf_printf(d, ", %s", sig_phrase(s->sig[i]));
        fpp__buf_add(d, ".");
    }
    if (s->sig) {
        int cnt[FPP_SIG_COUNT] = { 0 };
        for (size_t k = 0; k < m; k++)
            if (!(s->benchmark && s->benchmark[t->ix[k].i])) cnt[sig_ok(s->sig[t->ix[k].i])]++;
        sig_counts_desc(d, cnt);
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
        lo[m] = at(s->lower, i);
        up[m] = at(s->upper, i);
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
    int rc = builder_init(&B, "compare", name);
    if (rc) { free(owned); return rc; }
    int dps = s->dps >= 0 ? s->dps : 1;
    cmp_bars t;
    if ((rc = cmp_bars_build(&B, s, &t)) != FP_OK) { builder_discard(&B); free(owned); return rc; }
    B.c->empty = t.m == 0;
    if (t.m > 20) B.c->min_height = (int)(22 * t.m + 150);
    begin(&B, s->title, s->subtitle);
    cmp_axes(&B, s, &t);
    if (t.m) cmp_plot(&B, s, &t, dps);
    cmp_csv(&B, s, &t);
    char alt[1024];
    snprintf(alt, sizeof alt, "Compare areas: %s", nz(s->title, "indicator"));
    cmp_desc(&B, s, &t, dps);
    if (s->count) fpp__buf_add(&B.desc, COUNT_NOTE);
    cmp_bars_free(&t);
    free(owned);
    return builder_finish(&B, alt, out);
}

/* ------------------------------------------------------------ spine */

/* A spine chart's indicator labels are wrapped to at most SPINE_LINE
 * characters a line and SPINE_LINES lines (the label column is 42% of the
 * width: about 48 characters of the default font at 800 pixels). */
#define SPINE_LINE 40
#define SPINE_LINES 3

/* Characters (code points) of the n bytes at s. */
static size_t n_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* The byte length of the first `chars` characters of s (all of s when shorter). */
static size_t char_bytes(const char *s, size_t chars)
{
    size_t i = 0;
    for (size_t k = 0; s[i] && k <= chars; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && k++ == chars) break;
    return i;
}

/* s wrapped greedily at spaces into lines of at most SPINE_LINE characters
 * (a longer word split at a character boundary), lines joined by '\n', in
 * b; the number of lines. */
static size_t wrap_lines(fpp__buf *b, const char *s)
{
    size_t lines = 0, col = 0;
    const char *p = s;
    while (*p == ' ') p++;
    while (*p) {
        size_t wl = strcspn(p, " ");
        size_t wc = n_chars(p, wl);
        if (col > 0 && col + 1 + wc > SPINE_LINE) { fpp__buf_add(b, "\n"); col = 0; }
        else if (col > 0) { fpp__buf_add(b, " "); col++; }
        if (col == 0) lines++;
        while (wc > SPINE_LINE) {     /* a word longer than a line */
            size_t cut = char_bytes(p, SPINE_LINE - col);
            fpp__buf_addn(b, p, cut);
            fpp__buf_add(b, "\n");
            lines++;
            p += cut; wl -= cut; wc = n_chars(p, wl); col = 0;
        }
        fpp__buf_addn(b, p, wl);
        col += wc;
        p += wl;
        while (*p == ' ') p++;
    }
    return lines;
}

/* The tic label of a spine row: label itself when it fits one line, else
 * wrapped onto at most SPINE_LINES lines; a label too long even for that
 * keeps its beginning and its end (where indicator numbers, codes and the
 * period are) with an ellipsis between, and with focus < its length also
 * the characters around character focus (where two labels first differ:
 * spine_layout asks for it when two shortened labels meet). Returns a
 * malloc'd string, or NULL (ENOMEM). */
static char *spine_tic(const char *label, size_t focus)
{
    size_t total = n_chars(label, strlen(label));
    for (size_t keep = total; ; keep = keep > 10 ? keep - 5 : 0) {
        fpp__buf t, b;
        fpp__buf_init(&t);
        if (keep >= total) {
            fpp__buf_add(&t, label);
        } else {
            /* Character ranges kept: [0, h), [ms, me) and [total - tl, total). */
            size_t h = focus < total ? keep / 3 : keep / 2, tl = h;
            size_t ms = h, me = h;
            if (focus < total) {
                size_t m = keep - h - tl;
                ms = focus > m / 3 ? focus - m / 3 : 0;
                if (ms < h) ms = h;
                me = ms + m < total - tl ? ms + m : total - tl;
            }
            fpp__buf_addn(&t, label, char_bytes(label, h));
            if (me > ms) {
                if (ms > h) fpp__buf_add(&t, " \xE2\x80\xA6 ");   /* U+2026 */
                size_t from = char_bytes(label, ms);
                fpp__buf_addn(&t, label + from, char_bytes(label, me) - from);
            }
            if (total - tl > (me > ms ? me : h)) fpp__buf_add(&t, " \xE2\x80\xA6 ");
            fpp__buf_add(&t, label + char_bytes(label, total - tl));
        }
        if (t.failed) { fpp__buf_free(&t); return NULL; }
        fpp__buf_init(&b);
        fpp__buf_add(&b, "");
        size_t lines = wrap_lines(&b, t.s);
        fpp__buf_free(&t);
        if (lines <= SPINE_LINES || keep == 0) return fpp__buf_take(&b);
        fpp__buf_free(&b);
    }
}

/* The character index at which a and b first differ. */
static size_t first_difference(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i]) i++;
    return n_chars(a, i);
}

/* A spine chart's rows as plotted. */
typedef struct spine_lay {
    double *rows;          /* n x 7: y, x of worst, q25, q75, best, value; significance */
    const char **labels;   /* each indicator's label as given */
    char **short_lab;      /* the tic labels: wrapped, '\n' between lines (spine_tic) */
    size_t max_lines;      /* the most lines of any tic label */
    char **rtext;          /* the right-hand labels: "value (England value)" */
    double *pos;           /* the y of each row */
    int present[FPP_SIG_COUNT];
    int n_marked, n_range; /* rows with a value marker; with an England range */
} spine_lay;

static void spine_lay_free(spine_lay *l, size_t n)
{
    if (l->rtext) for (size_t i = 0; i < n; i++) free(l->rtext[i]);
    if (l->short_lab) for (size_t i = 0; i < n; i++) free(l->short_lab[i]);
    free(l->rows); free(l->labels); free(l->rtext); free(l->pos); free(l->short_lab);
}

/* Place each row's worst, quartiles, best and value on a common scale:
 * England at 0.5, the farthest point from it at 0 or 1, better always to
 * the right. A row without a value or without an England range is listed
 * as skipped. FP_OK, or an error with l freed. */
static int spine_layout(builder *B, const fpp_spine *s, spine_lay *l)
{
    size_t n = s->n;
    int rc = FP_OK;
    memset(l, 0, sizeof *l);
    l->rows = calloc(n * 7, sizeof *l->rows);
    l->labels = calloc(n, sizeof *l->labels);
    l->rtext = calloc(n, sizeof *l->rtext);
    l->pos = calloc(n, sizeof *l->pos);
    l->short_lab = calloc(n, sizeof *l->short_lab);
    if (!l->rows || !l->labels || !l->rtext || !l->pos || !l->short_lab) {
        spine_lay_free(l, n);
        return FP_ENOMEM;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const fpp_spine_row *r = &s->rows[i];
        double *o = l->rows + i * 7;
        int have_range = isfinite(r->worst) && isfinite(r->best);
        double c = isfinite(r->england) ? r->england
                 : have_range ? (r->worst + r->best) / 2 : r->value;
        double sgn = have_range && r->best < r->worst ? -1 : 1;
        double dmax = 0;
        double raw[5] = { r->worst, r->q25, r->q75, r->best, r->value };
        for (int j = 0; j < 5; j++)
            if (isfinite(raw[j])) dmax = fmax(dmax, fabs(raw[j] - c));
        if (!(dmax > 0)) dmax = 1;
        o[0] = (double)(n - i);
        for (int j = 0; j < 5; j++)
            o[1 + j] = isfinite(raw[j]) && isfinite(c) ? 0.5 + 0.5 * sgn * (raw[j] - c) / dmax : NAN;
        fpp_sig sg = sig_ok(r->sig);
        o[6] = (double)sg;
        l->labels[i] = r->label ? r->label : "";
        l->pos[i] = o[0];
        /* The tic label: wrapped, never cut so that rows look alike (the
         * full name also stays in the .csv table and the alt text). */
        l->short_lab[i] = spine_tic(l->labels[i], (size_t)-1);
        if (!l->short_lab[i]) { rc = FP_ENOMEM; break; }
        size_t lines = 1;
        for (const char *q = l->short_lab[i]; *q; q++) lines += *q == '\n';
        if (lines > l->max_lines) l->max_lines = lines;
        if (isfinite(o[5])) { l->present[sg] = 1; l->n_marked++; }
        else rc = skip(B, l->labels[i], "all values missing");
        if (!rc && !have_range) rc = skip(B, l->labels[i], "no England range");
        l->n_range += have_range;
        char v1[64], v2[64], buf[160];
        snprintf(buf, sizeof buf, "%s (England %s)", fpp__fmt(v1, sizeof v1, r->value, r->dps),
                 fpp__fmt(v2, sizeof v2, r->england, r->dps));
        l->rtext[i] = strdup(buf);
        if (!l->rtext[i]) rc = FP_ENOMEM;
    }
    /* Two rows whose labels differ only in what the ellipsis left out
     * would look alike: both are shortened again keeping where they first
     * differ; if they still meet, both get their row number. */
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = i + 1; j < n && !rc; j++) {
            if (strcmp(l->short_lab[i], l->short_lab[j]) || !strcmp(l->labels[i], l->labels[j]))
                continue;
            size_t k[2] = { i, j }, focus = first_difference(l->labels[i], l->labels[j]);
            for (int m = 0; m < 2 && !rc; m++) {
                char *t = spine_tic(l->labels[k[m]], focus);
                if (!t) { rc = FP_ENOMEM; break; }
                free(l->short_lab[k[m]]);
                l->short_lab[k[m]] = t;
            }
            for (int m = 0; m < 2 && !rc && !strcmp(l->short_lab[i], l->short_lab[j]); m++) {
                fpp__buf b;
                fpp__buf_init(&b);
                fpp__buf_printf(&b, "%s [#%zu]", l->short_lab[k[m]], k[m] + 1);
                char *t = fpp__buf_take(&b);
                if (!t) { rc = FP_ENOMEM; break; }
                free(l->short_lab[k[m]]);
                l->short_lab[k[m]] = t;
            }
        }
    if (rc) spine_lay_free(l, n);
    return rc;
}

/* The axes (indicator labels left, values right, fixed margins so the plot
 * keeps the middle of the image whatever the labels' length), England's
 * centre line, the data block and the plot: England's range, the middle
 * half, the area's markers and the key. FP_OK or FP_ENOMEM. */
static int spine_plot(builder *B, const fpp_spine *s, const spine_lay *l)
{
    size_t n = s->n;
    static const char *const cols[] = { "y", "x_worst", "x_q25", "x_q75", "x_best", "x_value",
                                        "significance" };
    fpp__buf *b = &B->body;
    fpp__buf_printf(b, "set xrange [-0.02:1.02]\nset yrange [0.4:%zu.6]\nset y2range [0.4:%zu.6]\n", n, n);
    fpp__buf_add(b, "unset xtics\nset border 0\nset y2tics scale 0\n"
                    "set key below center horizontal maxrows 2 samplen 2\n"
                    "set xlabel 'Worst (or lowest)  <-  England  ->  Best (or highest)'\n");
    fpp__buf_add(b, "set lmargin at screen 0.42\nset rmargin at screen 0.76\n");
    /* The indicator labels are labels, not tics: gnuplot runs a tic label
     * holding '%' through its number formatter, which cuts it to 50 bytes
     * ("% achieving a good level of de"). Right-aligned just left of the
     * plot, one line per wrapped line (spine_tic). */
    fpp__buf_add(b, "unset ytics\n");
    for (size_t i = 0; i < n; i++) {
        fpp__buf_add(b, "set label ");
        fpp__buf_quote_lines(b, l->short_lab[i]);
        fpp__buf_add(b, " at graph -0.02, first ");
        fpp__buf_num(b, l->pos[i]);
        fpp__buf_add(b, " right noenhanced\n");
    }
    category_tics(B, "y2tics", (const char *const *)l->rtext, n, 1, l->pos);
    fpp__buf_add(b, "set arrow 1 from first 0.5, graph 0 to first 0.5, graph 1 nohead lw 2 "
                    "lc rgb '#000000' front\n");
    datablock(B, "$data", cols, 7, l->rows, n);
    if (l->n_range) {
        clause(B);
        fpp__buf_add(b, "$data using (($2+$5)/2):1:2:5:($1-0.3):($1+0.3) with boxxyerror "
                        "fs solid 1.0 noborder fc rgb '#D9D9D9'");
        clause_title(B, "England range: worst to best");
        clause(B);
        fpp__buf_add(b, "$data using (($3+$4)/2):1:3:4:($1-0.3):($1+0.3) with boxxyerror "
                        "fs solid 1.0 noborder fc rgb '#8C8C8C'");
        clause_title(B, "25th to 75th percentile");
    }
    sig_markers(B, "6", 1, 7, l->present, 1.6);
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (l->present[c]) {
            char lab[1024];
            snprintf(lab, sizeof lab, "%s: %s", nz(s->area_name, "Area"), fpp_sig_label((fpp_sig)c));
            sig_keyentry(B, (fpp_sig)c, lab);
        }
    clause(B);
    fpp__buf_add(b, "keyentry with lines lw 2 lc rgb '#000000' title 'England'\n");
    return FP_OK;
}

/* The table beside the chart (full labels) and the long description. */
static void spine_csv_desc(builder *B, const fpp_spine *s, const spine_lay *l)
{
    size_t n = s->n;
    static const char *const ccols[] = { "indicator", "value", "england", "worst", "q25", "q75",
                                         "best", "significance" };
    csv_header(B, ccols, 8);
    for (size_t i = 0; i < n; i++) {
        const fpp_spine_row *r = &s->rows[i];
        fpp__buf_csv(&B->csv, l->labels[i]);
        double v[6] = { r->value, r->england, r->worst, r->q25, r->q75, r->best };
        for (int j = 0; j < 6; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, v[j]); }
        fpp__buf_add(&B->csv, ",");
        if (isfinite(r->value)) fpp__buf_csv(&B->csv, fpp_sig_label(r->sig));
        fpp__buf_add(&B->csv, "\n");
    }
    fpp__buf *d = &B->desc;
    fpp__buf_printf(d, "Spine chart of %zu indicators for %s: each row shows the range of English "
                       "areas from worst (left) to best (right), the middle half shaded darker, "
                       "England at the centre line and %s's value as a marker.",
                    n, nz(s->area_name, "the area"), nz(s->area_name, "the area"));
    int cnt[FPP_SIG_COUNT] = { 0 };
    for (size_t i = 0; i < n; i++)
        if (isfinite(s->rows[i].value)) cnt[sig_ok(s->rows[i].sig)]++;
    sig_counts_desc(d, cnt);
}

int fpp_spine_chart(const fpp_spine *s, const char *name, fpp_chart **out)
{
    if (!s || !out || s->n == 0 || !s->rows) return FP_EINVAL;
    builder B;
    int rc = builder_init(&B, "spine", name);
    if (rc) return rc;
    size_t n = s->n;
    spine_lay l;
    if ((rc = spine_layout(&B, s, &l)) != FP_OK) { builder_discard(&B); return rc; }
    /* Room for every row's label: 28 pixels a one-line row, 17 more for
     * each further line (at the default 800x450 a one-line chart of up to
     * 12 rows fits as it is). */
    int row_px = 28 + 17 * (int)(l.max_lines - 1);
    if (n > 12 || l.max_lines > 1) B.c->min_height = (int)(row_px * (int)n + 160);
    B.c->empty = l.n_marked == 0 && l.n_range == 0;
    begin(&B, s->title, s->subtitle);
    if ((rc = spine_plot(&B, s, &l)) != FP_OK) {
        spine_lay_free(&l, n);
        builder_discard(&B);
        return rc;
    }
    spine_csv_desc(&B, s, &l);
    char alt[1024];
    snprintf(alt, sizeof alt, "Spine chart: %s", nz(s->area_name, "area"));
    spine_lay_free(&l, n);
    return builder_finish(&B, alt, out);
}

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
        r[2] = at(s->centre, i);
        r[3] = at(s->lcl, i);
        r[4] = at(s->ucl, i);
        r[5] = cat;
        if (isfinite(s->value[i])) present[cat] = 1;
    }
    begin(B, s->title, s->subtitle);
    fpp__buf *b = &B->body;
    if (s->ylabel) { fpp__buf_add(b, "set ylabel "); fpp__buf_quote(b, s->ylabel); fpp__buf_add(b, "\n"); }
    fpp__buf_printf(b, "set xrange [0.5:%zu.5]\n", n);
    fpp__buf_add(b, "set offsets 0, 0, graph 0.08, graph 0.08\nset grid ytics lc rgb '#D9D9D9'\n"
                    "set key outside right top vertical samplen 2\nset bmargin 7\n");
    size_t step = n > 24 ? (n + 23) / 24 : 1, chars = 0;
    for (size_t i = 0; i < n; i += step) chars += strlen(s->periods[i]) + 3;
    if (chars > 60) fpp__buf_add(b, "set xtics rotate by -45\n");
    category_tics(B, "xtics", s->periods, n, step, NULL);
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
    datablock(B, "$data", cols, 6, rows, n);
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
            clause(B);
            fpp__buf_add(b, "$data using 1:4 with steps dt 2 lw 1.5 lc rgb '#404040'");
            clause_title(B, "Process limits (3 sigma)");
            first = 0;
        }
        if (have_u) {
            clause(B);
            fpp__buf_add(b, "$data using 1:5 with steps dt 2 lw 1.5 lc rgb '#404040'");
            clause_title(B, first ? "Process limits (3 sigma)" : NULL);
        }
    }
    if (have_c) {
        clause(B);
        fpp__buf_add(b, "$data using 1:3 with steps lw 1.5 lc rgb '#000000'");
        clause_title(B, "Centre line");
    }
    if (isfinite(s->target)) {
        char v[64];
        snprintf(lab, sizeof lab, "Target: %s", fpp__fmt(v, sizeof v, s->target, dps));
        clause(B);
        fpp__buf_num(b, s->target);
        fpp__buf_add(b, " with lines dt 3 lw 2 lc rgb '" C_TARGET "'");
        clause_title(B, lab);
    }
    if (have_val) {
        clause(B);
        fpp__buf_add(b, "$data using 1:2 with lines lw 1.5 lc rgb '#A6A6A6' notitle");
        for (int c = 0; c < 4; c++)
            if (present[c]) marker_clauses(B, "$data", "1", 2, 6, c, spc_info[c].pt, spc_info[c].colour, 1.3);
        for (int c = 0; c < 4; c++)
            if (present[c]) {
                clause(B);
                fpp__buf_printf(b, "keyentry with points pt %d ps 1.5 lc rgb '%s'", spc_info[c].pt,
                                spc_info[c].colour);
                clause_title(B, c == 0 && !(have_l || have_u) ? "Values (no process limits)" : spc_info[c].label);
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
    csv_header(B, ccols, 6);
    for (size_t i = 0; i < n; i++) {
        fpp__buf_csv(&B->csv, s->periods[i]);
        double v[4] = { s->value[i], at(s->centre, i), at(s->lcl, i), at(s->ucl, i) };
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
                    nz(s->title, "the indicator"), s->subtitle ? " (" : "",
                    s->subtitle ? s->subtitle : "", s->subtitle ? ")" : "",
                    s->periods[0], s->periods[n - 1],
                    count_finite(s->value, n), nspecial);
    for (size_t i = n; i-- > 0;)
        if (isfinite(at(s->centre, i))) {
            fpp__buf_printf(d, " Centre line %s", fpp__fmt(v1, sizeof v1, s->centre[i], dps));
            if (isfinite(at(s->lcl, i)) && isfinite(at(s->ucl, i))) {
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
    int rc = builder_init(&B, "spc", name);
    if (rc) return rc;
    size_t n = s->n;
    int dps = s->dps >= 0 ? s->dps : 1;
    /* Which series can be drawn; one with no value is listed as skipped. */
    int have_val = count_finite(s->value, n) > 0;
    int have_c = count_finite(s->centre, n) > 0;
    int have_l = count_finite(s->lcl, n) > 0, have_u = count_finite(s->ucl, n) > 0;
    if (!have_val) rc = skip(&B, nz(s->title, "values"), "all values missing");
    if (!rc && !have_c) rc = skip(&B, "Centre line", "all values missing");
    if (!rc && (s->lcl || s->ucl) && !(have_l || have_u)) rc = skip(&B, "Process limits", "all values missing");
    if (rc) { builder_discard(&B); return rc; }
    B.c->empty = !have_val;
    int present[4] = { 0 };
    if (spc_data(&B, s, present) != FP_OK) { builder_discard(&B); return FP_ENOMEM; }
    spc_plot(&B, s, have_val, have_c, have_l, have_u, present, dps);
    spc_csv_desc(&B, s, dps);
    char alt[1024];
    snprintf(alt, sizeof alt, "SPC chart: %s", nz(s->title, "indicator"));
    return builder_finish(&B, alt, out);
}

/* ------------------------------------------------------------ funnel */

static fp_funnel_kind funnel_kind(fpp_funnel_type type)
{
    return type == FPP_FUNNEL_PROPORTION ? FP_FUNNEL_PROPORTION
         : type == FPP_FUNNEL_RATIO ? FP_FUNNEL_RATIO : FP_FUNNEL_RATE;
}

/* The funnel's limit at denominator dn and one-sided probability p, from the
 * library (fingerpost/funnel.h): from the overdispersion fit when the spec
 * has one (fp_funnel_od_limit_p), else OHID's (fp_funnel_limit_p). */
static int funnel_lim(const fpp_funnel *s, double dn, double p, double *l)
{
    if (s->od) return fp_funnel_od_limit_p(s->od, s->od_method, s->multiplier, dn, p, l);
    return fp_funnel_limit_p(funnel_kind(s->type), s->centre, s->multiplier, dn, p, l);
}

/* Whether the drawn limits are widened for overdispersion. */
static int funnel_adjusted(const fpp_funnel *s)
{
    return s->od && s->od_method != FP_OD_NONE && s->od->phi > 1;
}

/* A funnel point's category: the data's own significance when given,
 * else where the value lies against the 95% limits around the centre for
 * its denominator (better or worse by polarity, higher or lower without). */
static fpp_sig funnel_category(const fpp_funnel *s, size_t i, double v, double dn)
{
    if (s->sig) return sig_ok(s->sig[i]);
    double lo, hi;
    if (funnel_lim(s, dn, 0.025, &lo) != FP_OK || funnel_lim(s, dn, 0.975, &hi) != FP_OK)
        return FPP_SIG_NOT_COMPARED;
    if (v > hi)
        return s->polarity == FP_POLARITY_HIGH ? FPP_SIG_BETTER
             : s->polarity == FP_POLARITY_LOW ? FPP_SIG_WORSE : FPP_SIG_HIGHER;
    if (v < lo)
        return s->polarity == FP_POLARITY_HIGH ? FPP_SIG_WORSE
             : s->polarity == FP_POLARITY_LOW ? FPP_SIG_BETTER : FPP_SIG_LOWER;
    return FPP_SIG_SIMILAR;
}

/* A funnel chart's points as plotted. */
typedef struct funnel_pts {
    double *rows;          /* m x 4: denominator, value, category, selected */
    fpp_sig *cats;         /* the category of each of the n areas */
    size_t m;              /* areas plotted (with a value and a denominator) */
    double dmin, dmax;     /* their denominators' range */
    int present[FPP_SIG_COUNT];
} funnel_pts;

/* The points of the areas with a value and a positive denominator (the
 * others are listed as skipped, with the reason the data gives). FP_OK, or
 * an error with p freed. */
static int funnel_points(builder *B, const fpp_funnel *s, funnel_pts *p)
{
    size_t n = s->n;
    int rc = FP_OK;
    memset(p, 0, sizeof *p);
    p->dmin = INFINITY;
    p->rows = malloc(n * 4 * sizeof *p->rows);
    p->cats = malloc(n * sizeof *p->cats);
    if (!p->rows || !p->cats) { free(p->rows); free(p->cats); return FP_ENOMEM; }
    for (size_t i = 0; i < n && !rc; i++) {
        double v = s->value[i], dn = s->denominator[i];
        p->cats[i] = FPP_SIG_NOT_COMPARED;
        if (!isfinite(v) || !(dn > 0) || !isfinite(dn)) {
            rc = skip(B, s->names[i], !isfinite(v) ? "all values missing"
                                      : s->den_source && s->den_source[i] ? s->den_source[i]
                                      : "no denominator");
            continue;
        }
        fpp_sig c = funnel_category(s, i, v, dn);
        p->cats[i] = c;
        p->present[c] = 1;
        double *r = p->rows + p->m * 4;
        r[0] = dn; r[1] = v; r[2] = (double)c; r[3] = i == s->selected;
        p->m++;
        p->dmin = fmin(p->dmin, dn);
        p->dmax = fmax(p->dmax, dn);
    }
    if (rc) { free(p->rows); free(p->cats); }
    return rc;
}

enum { FUNNEL_GRID = 100 };

/* The limits on a grid of denominators from a little below the smallest to
 * a little above the largest: FUNNEL_GRID points, evenly spaced in the
 * square root so the curved part near the mouth is smooth; lim gets 5
 * columns a point (denominator, lower998, lower95, upper95, upper998).
 * *ymin and *ymax get the y range the points, the centre and the limits
 * (from the smallest denominator on) need. */
static void funnel_grid(const fpp_funnel *s, const funnel_pts *p, double *lim, double *ymin,
                        double *ymax)
{
    double a = sqrt(p->dmin * 0.8), z = sqrt(p->dmax * 1.05);
    static const double ps[4] = { 0.001, 0.025, 0.975, 0.999 };
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < p->m; k++) { lo = fmin(lo, p->rows[k * 4 + 1]); hi = fmax(hi, p->rows[k * 4 + 1]); }
    lo = fmin(lo, s->centre); hi = fmax(hi, s->centre);
    for (int g = 0; g < FUNNEL_GRID; g++) {
        double q = a + (z - a) * g / (FUNNEL_GRID - 1);
        double dn = q * q;
        lim[g * 5] = dn;
        for (int j = 0; j < 4; j++) {
            double l;
            lim[g * 5 + 1 + j] = funnel_lim(s, dn, ps[j], &l) == FP_OK ? l : NAN;
        }
        if (dn >= p->dmin) {
            if (isfinite(lim[g * 5 + 1])) lo = fmin(lo, lim[g * 5 + 1]);
            if (isfinite(lim[g * 5 + 4])) hi = fmax(hi, lim[g * 5 + 4]);
        }
    }
    *ymin = lo;
    *ymax = hi;
}

/* The ranges, the selected area's label, the data and limit blocks, and
 * the plot: 99.8% and 95% limits, England's line, the points by category,
 * the selected area ringed, the key. FP_OK or FP_ENOMEM. */
static int funnel_plot(builder *B, const fpp_funnel *s, const funnel_pts *p, int dps)
{
    static const char *const cols[] = { "denominator", "value", "category", "selected" };
    static const char *const lcols[] = { "denominator", "lower998", "lower95", "upper95", "upper998" };
    fpp__buf *b = &B->body;
    size_t n = s->n;
    double *lim = malloc(FUNNEL_GRID * 5 * sizeof *lim);
    if (!lim) return FP_ENOMEM;
    double ymin, ymax;
    funnel_grid(s, p, lim, &ymin, &ymax);
    double span = ymax - ymin > 0 ? ymax - ymin : fabs(ymax) + 1;
    fpp__buf_add(b, "set xrange [0:");
    fpp__buf_num(b, p->dmax * 1.05);
    fpp__buf_add(b, "]\nset yrange [");
    fpp__buf_num(b, ymin - 0.05 * span);
    fpp__buf_add(b, ":");
    fpp__buf_num(b, ymax + 0.05 * span);
    fpp__buf_add(b, "]\n");
    if (s->selected < n && isfinite(s->value[s->selected]) && s->denominator[s->selected] > 0) {
        fpp__buf_add(b, "set label 1 ");
        fpp__buf_quote(b, s->names[s->selected]);
        fpp__buf_add(b, " at first ");
        fpp__buf_num(b, s->denominator[s->selected]);
        fpp__buf_add(b, ", first ");
        fpp__buf_num(b, s->value[s->selected]);
        fpp__buf_add(b, " offset 1.5,1 front\n");
    }
    datablock(B, "$data", cols, 4, p->rows, p->m);
    datablock(B, "$limits", lcols, 5, lim, FUNNEL_GRID);
    free(lim);
    clause(B);
    fpp__buf_add(b, "$limits using 1:2 with lines lw 1.5 lc rgb '#404040'");
    int adj = funnel_adjusted(s);
    clause_title(B, adj ? "99.8% limits (overdispersed)" : "99.8% limits");
    clause(B);
    fpp__buf_add(b, "$limits using 1:5 with lines lw 1.5 lc rgb '#404040' notitle");
    clause(B);
    fpp__buf_add(b, "$limits using 1:3 with lines dt 2 lw 1.5 lc rgb '#404040'");
    clause_title(B, adj ? "95% limits (overdispersed)" : "95% limits");
    clause(B);
    fpp__buf_add(b, "$limits using 1:4 with lines dt 2 lw 1.5 lc rgb '#404040' notitle");
    clause(B);
    fpp__buf_num(b, s->centre);
    fpp__buf_add(b, " with lines lw 2 lc rgb '#000000'");
    char v[64], lab[1024];
    snprintf(lab, sizeof lab, "England: %s", fpp__fmt(v, sizeof v, s->centre, dps));
    clause_title(B, lab);
    sig_markers(B, "1", 2, 3, p->present, 1.2);
    if (s->selected < n) {
        clause(B);
        fpp__buf_add(b, "$data using 1:(($4==1)?$2:NaN) with points pt 6 ps 3 lw 2 lc rgb '#000000'");
        clause_title(B, "Selected area");
    }
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (p->present[c]) sig_keyentry(B, (fpp_sig)c, NULL);
    fpp__buf_add(b, "\n");
    return FP_OK;
}

/* The table beside the chart: each plotted area with its limits, category
 * and (when given) where its denominator came from; cnt gets the number of
 * areas in each category. */
static void funnel_csv(builder *B, const fpp_funnel *s, const funnel_pts *p, int *cnt)
{
    static const char *const ccols[] = { "area", "value", "denominator", "lower95", "upper95",
                                         "lower998", "upper998", "significance", "selected",
                                         "denominator_source", "flag" };
    static const char *const fcols[] = { "area", "value", "denominator", "lower95", "upper95",
                                         "lower998", "upper998", "significance", "selected",
                                         "flag" };
    if (s->flag && !s->den_source) csv_header(B, fcols, 10);
    else csv_header(B, ccols, s->den_source ? (s->flag ? 11 : 10) : 9);
    for (size_t i = 0; i < s->n; i++) {
        double v = s->value[i], dn = s->denominator[i];
        if (!isfinite(v) || !(dn > 0) || !isfinite(dn)) continue;
        cnt[p->cats[i]]++;
        fpp__buf_csv(&B->csv, s->names[i]);
        double l[4] = { NAN, NAN, NAN, NAN };
        static const double ps[4] = { 0.025, 0.975, 0.001, 0.999 };
        for (int j = 0; j < 4; j++)
            if (funnel_lim(s, dn, ps[j], &l[j]) != FP_OK) l[j] = NAN;
        double vals[6] = { v, dn, l[0], l[1], l[2], l[3] };
        for (int j = 0; j < 6; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, vals[j]); }
        fpp__buf_add(&B->csv, ",");
        fpp__buf_csv(&B->csv, fpp_sig_label(p->cats[i]));
        fpp__buf_printf(&B->csv, ",%d", i == s->selected ? 1 : 0);
        if (s->den_source) {
            fpp__buf_add(&B->csv, ",");
            fpp__buf_csv(&B->csv, s->den_source[i] ? s->den_source[i] : "");
        }
        if (s->flag) {
            fpp__buf_add(&B->csv, ",");
            fpp__buf_csv(&B->csv, s->flag[i] ? s->flag[i] : "");
        }
        fpp__buf_add(&B->csv, "\n");
    }
}

/* The long description: what is plotted against what, the areas outside
 * the 95% limits by category, the selected area, the caller's note. */
static void funnel_desc(builder *B, const fpp_funnel *s, const funnel_pts *p, const int *cnt,
                        int dps)
{
    char v1[64];
    size_t n = s->n;
    fpp__buf *d = &B->desc;
    fpp__buf_printf(d, "Funnel plot of %s: %zu areas' values against their %s, with 95%% "
                       "and 99.8%% control limits (%s) around England's value %s.",
                    nz(s->title, "the indicator"), p->m,
                    s->type == FPP_FUNNEL_RATIO ? "expected counts" : "denominators",
                    funnel_adjusted(s) ? "adjusted for overdispersion"
                    : s->type == FPP_FUNNEL_PROPORTION ? "binomial" : "Poisson",
                    fpp__fmt(v1, sizeof v1, s->centre, dps));
    if (s->limits_note && *s->limits_note) fpp__buf_printf(d, " %s", s->limits_note);
    fpp__buf_add(d, " Outside the 95% limits:");
    int first = 1;
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (cnt[c] && c != FPP_SIG_SIMILAR && c != FPP_SIG_NOT_COMPARED) {
            fpp__buf_printf(d, "%s %d %s", first ? "" : ",", cnt[c], fpp_sig_label((fpp_sig)c));
            first = 0;
        }
    fpp__buf_add(d, first ? " none." : ".");
    if (s->selected < n && isfinite(s->value[s->selected]) && s->denominator[s->selected] > 0)
        fpp__buf_printf(d, " %s (highlighted): %s, %s.", s->names[s->selected],
                        fpp__fmt(v1, sizeof v1, s->value[s->selected], dps),
                        fpp_sig_label(p->cats[s->selected]));
    if (s->note && *s->note) fpp__buf_printf(d, " %s", s->note);
}

int fpp_funnel_chart(const fpp_funnel *s, const char *name, fpp_chart **out)
{
    if (!s || !out || s->n == 0 || !s->names || !s->value || !s->denominator) return FP_EINVAL;
    if (!isfinite(s->centre) || !(s->multiplier > 0)) return FP_EINVAL;
    builder B;
    int rc = builder_init(&B, "funnel", name);
    if (rc) return rc;
    int dps = s->dps >= 0 ? s->dps : 1;
    funnel_pts p;
    if ((rc = funnel_points(&B, s, &p)) != FP_OK) { builder_discard(&B); return rc; }
    B.c->empty = p.m == 0;

    begin(&B, s->title, s->subtitle);
    fpp__buf *b = &B.body;
    if (s->xlabel) { fpp__buf_add(b, "set xlabel "); fpp__buf_quote(b, s->xlabel); fpp__buf_add(b, "\n"); }
    if (s->ylabel) { fpp__buf_add(b, "set ylabel "); fpp__buf_quote(b, s->ylabel); fpp__buf_add(b, "\n"); }
    fpp__buf_add(b, "set grid lc rgb '#E0E0E0'\nset key below center horizontal maxrows 3 samplen 2\n"
                    "set format x '%.0f'\n");
    if (p.m && funnel_plot(&B, s, &p, dps) != FP_OK) {
        free(p.rows); free(p.cats);
        builder_discard(&B);
        return FP_ENOMEM;
    }
    int cnt[FPP_SIG_COUNT] = { 0 };
    funnel_csv(&B, s, &p, cnt);
    char alt[1024];
    snprintf(alt, sizeof alt, "Funnel plot: %s", nz(s->title, "indicator"));
    funnel_desc(&B, s, &p, cnt, dps);
    free(p.rows); free(p.cats);
    return builder_finish(&B, alt, out);
}
