/* charts_internal.h -- what the chart builders of plots/ share (not used
 * outside plots/): a chart being built (builder) and the helpers that write
 * its script, data, table and description, defined in charts.c. Each chart
 * kind has its own file: chart_trend.c, chart_compare.c, chart_spine.c,
 * chart_spc.c, chart_funnel.c. */
#ifndef FP_CHARTS_INTERNAL_H
#define FP_CHARTS_INTERNAL_H

#include "plots_internal.h"

/* Outline colour of every marker and bar: dark grey on white has a contrast
 * ratio above 14:1 and outlines the light category colours (#BED2FF). */
#define OUTLINE "#262626"

/* What a count is never drawn against (fpp_trend.count, fpp_compare.count). */
#define COUNT_NOTE " England and the region are not shown: the values are counts, which " \
                   "depend on the size of the population, and theirs are totals of far " \
                   "larger populations."

/* The target line's colour (trend and SPC charts). */
#define C_TARGET "#CC79A7"

/* A chart being built. */
typedef struct builder {
    fpp_chart *c;
    fpp__buf body, data, csv, desc;
    int n_clauses;  /* plot clauses written so far */
} builder;

/* s when it is a category, else FPP_SIG_NOT_COMPARED. */
fpp_sig fpp__sig_ok(fpp_sig s);
/* "better than England", "similar to England", "not compared with England". */
const char *fpp__sig_phrase(fpp_sig s);
/* Start a chart of kind named name: FP_OK or FP_ENOMEM (nothing to free). */
int fpp__builder_init(builder *B, const char *kind, const char *name);
/* Free a chart being built that will not be finished. */
void fpp__builder_discard(builder *B);
/* Record a series left out and why: FP_OK or FP_ENOMEM. */
int fpp__skip(builder *B, const char *series, const char *reason);
/* Finish the chart with its alt title into *out (FP_OK), or free it
 * (FP_ENOMEM when a buffer failed). */
int fpp__builder_finish(builder *B, const char *alt_title, fpp_chart **out);
/* Common settings: title (with an optional second line), fonts, grid. */
void fpp__begin(builder *B, const char *title, const char *subtitle);
/* Start a plot clause: "plot " for the first, ", \\\n     " after. */
void fpp__clause(builder *B);
/* A clause's title (quoted), or notitle when NULL. */
void fpp__clause_title(builder *B, const char *title);
/* A legend entry for a marker category: filled shape in the colour. */
void fpp__sig_keyentry(builder *B, fpp_sig s, const char *label);
/* Markers of one category: the filled shape and its dark outline, drawn
 * from datablock columns xcol/ycol where column catcol equals cat. */
void fpp__marker_clauses(builder *B, const char *block, const char *xexpr, int ycol,
                         int catcol, int cat, int pt, const char *colour, double ps);
/* The markers of every significance category present (present[c] nonzero),
 * in category order, each in its Fingertips shape and colour, from $data. */
void fpp__sig_markers(builder *B, const char *xexpr, int ycol, int catcol,
                      const int *present, double ps);
/* How many of v[0..n) are finite. */
int fpp__count_finite(const double *v, size_t n);
/* v[i], or NaN when v is NULL. */
double fpp__at(const double *v, size_t i);
/* Categorical axis tics: label every step-th of n labels at 1..n. */
void fpp__category_tics(builder *B, const char *axis, const char *const *labels, size_t n,
                        size_t step, const double *pos);
/* Write the datablock `$name << EOD` (numbers only) into the script and the
 * same rows into the .dat. `rows` is row-major. */
void fpp__datablock(builder *B, const char *name, const char *const *cols, size_t ncol,
                    const double *rows, size_t nrow);
/* The table's header row. */
void fpp__csv_header(builder *B, const char *const *cols, size_t n);
/* s, or dflt when s is NULL or "". */
const char *fpp__nz(const char *s, const char *dflt);

/* " Compared with England: 3 better, 2 similar." -- the number of areas
 * (or indicators) in each significance category, "none." when all are 0. */
void fpp__sig_counts_desc(fpp__buf *d, const int *cnt);

#endif
