/* report_render.h -- what the report's renderers share (cli/report/
 * report_format.c, report_html*.c, report_csv.c, report_md.c): they only
 * format the model (report.h); nothing here computes a statistic. Private
 * to the CLI; names start with rp_. */
#ifndef FP_CLI_REPORT_RENDER_H
#define FP_CLI_REPORT_RENDER_H

#include <stdio.h>
#include <stddef.h>
#include "cli.h"
#include "report.h"

/* rp_fmt into the char array b. */
#define RP_F(b, x, d) rp_fmt(b, sizeof b, x, d)

/* --------------------------------------------- report_format.c */

/* HTML text from data: escaped, and bytes that are not UTF-8 as U+FFFD
 * (cli/safe_text.c). */
void rp_html_esc(FILE *fp, const char *s);
/* Text colour readable on a background colour "#RRGGBB" (WCAG relative
 * luminance threshold). */
const char *rp_ink_on(const char *bg);
/* A symbol beside each comparison colour, so colour is never the only cue. */
const char *rp_cmp_symbol(fp_cmp c);
/* Quartile bands: a blue sequential scale (not the significance colours) so
 * that a band is never mistaken for a significance result. */
const char *rp_band_colour(char band);
const char *rp_trend_arrow(int dir);
const char *rp_tstatus_class(fp_target_status s);
const char *rp_tstatus_symbol(fp_target_status s);
const char *rp_check_symbol(int status);
/* A small inline SVG trend chart: the area's values (line and dots), its
 * 95% intervals where known (vertical whiskers), England (dashed line)
 * unless the values are counts (England's is a national total, which would
 * flatten the area's line at the bottom: fpp_trend.count). The chart has a
 * text alternative; the numbers are also in the table. */
void rp_sparkline(FILE *fp, const rp_line *L, int w, int h);

/* ------------------------------------------ report_html_line.c */

/* A comparison as a coloured badge with its symbol (note: why not compared). */
void rp_badge(FILE *fp, fp_cmp c, const char *note);
/* One scorecard line as a table row; the neighbours' tartan rug. */
void rp_html_line(FILE *fp, const rp_report *r, const rp_line *L);
void rp_html_rug(FILE *fp, const rp_report *r);

#endif /* FP_CLI_REPORT_RENDER_H */
