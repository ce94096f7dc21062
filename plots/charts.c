/* charts.c -- what the chart builders share: the significance categories,
 * the chart object and script, and the builder helpers (charts_internal.h).
 * The builders, one file per kind: chart_trend.c, chart_compare.c,
 * chart_spine.c, chart_spc.c, chart_funnel.c. Each turns a spec of plain
 * arrays into gnuplot commands, a data table and alt text (see plots.h). No
 * I/O happens here.
 *
 * Conventions of every script: text is noenhanced and every string from the
 * spec goes through fpp__buf_quote; data go into `$data << EOD` datablocks
 * that hold numbers only (categorical axes get their labels from explicit,
 * quoted tic lists, never from the data); missing values are NaN so lines
 * break at gaps; a series with no finite value is never plotted. */
#include "charts_internal.h"

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

fpp_sig fpp__sig_ok(fpp_sig s)
{
    return (unsigned)s < FPP_SIG_COUNT ? s : FPP_SIG_NOT_COMPARED;
}

const char *fpp_sig_colour(fpp_sig s) { return sig_info[fpp__sig_ok(s)].colour; }
const char *fpp_sig_label(fpp_sig s) { return sig_info[fpp__sig_ok(s)].label; }
int fpp_sig_point(fpp_sig s) { return sig_info[fpp__sig_ok(s)].pt; }

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
const char *fpp__sig_phrase(fpp_sig s)
{
    switch (fpp__sig_ok(s)) {
    case FPP_SIG_SIMILAR: return "similar to England";
    case FPP_SIG_BETTER: return "better than England";
    case FPP_SIG_WORSE: return "worse than England";
    case FPP_SIG_HIGHER: return "higher than England";
    case FPP_SIG_LOWER: return "lower than England";
    default: return "not compared with England";
    }
}


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


int fpp__builder_init(builder *B, const char *kind, const char *name)
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

void fpp__builder_discard(builder *B)
{
    fpp__buf_free(&B->body); fpp__buf_free(&B->data);
    fpp__buf_free(&B->csv); fpp__buf_free(&B->desc);
    fpp_chart_free(B->c);
    B->c = NULL;
}

int fpp__skip(builder *B, const char *series, const char *reason)
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

int fpp__builder_finish(builder *B, const char *alt_title, fpp_chart **out)
{
    fpp_chart *c = B->c;
    c->body = fpp__buf_take(&B->body);
    c->data = fpp__buf_take(&B->data);
    c->csv = fpp__buf_take(&B->csv);
    c->alt_desc = fpp__buf_take(&B->desc);
    c->alt_title = strdup(alt_title ? alt_title : "");
    if (!c->body || !c->data || !c->csv || !c->alt_desc || !c->alt_title) {
        fpp__builder_discard(B);
        return FP_ENOMEM;
    }
    *out = c;
    B->c = NULL;
    return FP_OK;
}

/* Common settings: title (with an optional second line), fonts, grid. */
void fpp__begin(builder *B, const char *title, const char *subtitle)
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
void fpp__clause(builder *B)
{
    fpp__buf_add(&B->body, B->n_clauses ? ", \\\n     " : "plot ");
    B->n_clauses++;
}

void fpp__clause_title(builder *B, const char *title)
{
    if (title) {
        fpp__buf_add(&B->body, " title ");
        fpp__buf_quote(&B->body, title);
    } else {
        fpp__buf_add(&B->body, " notitle");
    }
}

/* A legend entry for a marker category: filled shape in the colour. */
void fpp__sig_keyentry(builder *B, fpp_sig s, const char *label)
{
    fpp__clause(B);
    fpp__buf_printf(&B->body, "keyentry with points pt %d ps 1.5 lc rgb '%s'",
                    fpp_sig_point(s), fpp_sig_colour(s));
    fpp__clause_title(B, label ? label : fpp_sig_label(s));
}

/* Markers of one category: the filled shape and its dark outline, drawn
 * from datablock columns xcol/ycol where column catcol equals cat. */
void fpp__marker_clauses(builder *B, const char *block, const char *xexpr, int ycol,
                         int catcol, int cat, int pt, const char *colour, double ps)
{
    fpp__clause(B);
    fpp__buf_printf(&B->body, "%s using %s:(($%d==%d)?$%d:NaN) with points pt %d ps %.2g lc rgb '%s' notitle",
                    block, xexpr, catcol, cat, ycol, pt, ps, colour);
    fpp__clause(B);
    fpp__buf_printf(&B->body, "%s using %s:(($%d==%d)?$%d:NaN) with points pt %d ps %.2g lc rgb '%s' notitle",
                    block, xexpr, catcol, cat, ycol, pt - 1, ps, OUTLINE);
}

/* The markers of every significance category present (present[c] nonzero),
 * in category order, each in its Fingertips shape and colour, from the
 * datablock $data. */
void fpp__sig_markers(builder *B, const char *xexpr, int ycol, int catcol,
                      const int *present, double ps)
{
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (present[c])
            fpp__marker_clauses(B, "$data", xexpr, ycol, catcol, c, fpp_sig_point((fpp_sig)c),
                           fpp_sig_colour((fpp_sig)c), ps);
}

int fpp__count_finite(const double *v, size_t n)
{
    int k = 0;
    if (v)
        for (size_t i = 0; i < n; i++) k += isfinite(v[i]) != 0;
    return k;
}

double fpp__at(const double *v, size_t i)
{
    return v ? v[i] : NAN;
}

/* Categorical axis tics: label every step-th of n labels at 1..n. */
void fpp__category_tics(builder *B, const char *axis, const char *const *labels, size_t n,
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
void fpp__datablock(builder *B, const char *name, const char *const *cols, size_t ncol,
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

void fpp__csv_header(builder *B, const char *const *cols, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        if (j) fpp__buf_add(&B->csv, ",");
        fpp__buf_csv(&B->csv, cols[j]);
    }
    fpp__buf_add(&B->csv, "\n");
}

const char *fpp__nz(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

/* " Compared with England: 3 better, 2 similar." -- the number of areas
 * (or indicators) in each significance category, "none." when all are 0. */
void fpp__sig_counts_desc(fpp__buf *d, const int *cnt)
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
