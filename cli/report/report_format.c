/* report_format.c -- what every output of the report formats alike: numbers
 * at their decimals (rp_fmt), the symbols and colours of verdicts, bands,
 * trends and target statuses, and the trend sparkline (inline SVG). */
#include "cli.h"
#include "report.h"
#include "report_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ formatting */

const char *rp_fmt(char *buf, size_t size, double x, int dps)
{
    if (isnan(x)) { if (size) buf[0] = 0; return buf; }
    if (dps < 0) {
        dps = fabs(x - fp_round_half_away(x, 0)) < 1e-9 ? 0 : 2;
        if (dps == 2 && fabs(x * 10 - fp_round_half_away(x * 10, 0)) < 1e-9) dps = 1;
    }
    if (dps > 6) dps = 6;
    fp_format_fixed(buf, size, x, dps);
    return buf;
}

/* One more decimal than the value for interval limits is not what
 * Fingertips does: limits are shown with the indicator's decimals. */

/* HTML text from data: escaped, and bytes that are not UTF-8 as U+FFFD
 * (cli/safe_text.c). */
void rp_html_esc(FILE *fp, const char *s)
{
    fpc_html_puts(fp, s);
}

/* Text colour readable on a background colour "#RRGGBB" (WCAG relative
 * luminance threshold). */
const char *rp_ink_on(const char *bg)
{
    unsigned r = 0, g = 0, b = 0;
    if (!bg || sscanf(bg, "#%02x%02x%02x", &r, &g, &b) != 3) return "#000";
    double c[3] = { r / 255.0, g / 255.0, b / 255.0 };
    for (int i = 0; i < 3; i++)
        c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow((c[i] + 0.055) / 1.055, 2.4);
    double L = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    return L > 0.25 ? "#000" : "#fff";
}

/* A symbol beside each comparison colour, so colour is never the only cue. */
const char *rp_cmp_symbol(fp_cmp c)
{
    switch (c) {
    case FP_CMP_BETTER: case FP_CMP_BETTER_998: return "\xE2\x96\xB2";   /* ▲ */
    case FP_CMP_WORSE: case FP_CMP_WORSE_998: return "\xE2\x96\xBC";     /* ▼ */
    case FP_CMP_HIGHER: case FP_CMP_HIGHER_998: return "\xE2\x86\x91";   /* ↑ */
    case FP_CMP_LOWER: case FP_CMP_LOWER_998: return "\xE2\x86\x93";     /* ↓ */
    case FP_CMP_SIMILAR: return "\xE2\x97\x8F";                          /* ● */
    default: return "\xE2\x80\x93";                                      /* – */
    }
}

/* Quartile bands: a blue sequential scale (not the significance colours) so
 * that a band is never mistaken for a significance result. */
const char *rp_band_colour(char band)
{
    switch (band) {
    case 'A': return "#08519C";
    case 'B': return "#4292C6";
    case 'C': return "#9ECAE1";
    case 'D': return "#DEEBF7";
    default: return "#FFFFFF";
    }
}

const char *rp_trend_arrow(int dir)
{
    switch (dir) {
    case 1: return "\xE2\x86\x97";   /* ↗ */
    case -1: return "\xE2\x86\x98";  /* ↘ */
    case 0: return "\xE2\x86\x92";   /* → */
    default: return "\xE2\x80\x93";  /* – */
    }
}

const char *rp_tstatus_class(fp_target_status s)
{
    switch (s) {
    case FP_TSTATUS_MET: return "t-met";
    case FP_TSTATUS_ON_TRACK: return "t-on";
    case FP_TSTATUS_OFF_TRACK: return "t-off";
    default: return "t-none";
    }
}

const char *rp_tstatus_symbol(fp_target_status s)
{
    switch (s) {
    case FP_TSTATUS_MET: return "\xE2\x9C\x93";       /* ✓ */
    case FP_TSTATUS_ON_TRACK: return "\xE2\x86\x97";  /* ↗ */
    case FP_TSTATUS_OFF_TRACK: return "\xE2\x9C\x97"; /* ✗ */
    default: return "";
    }
}

const char *rp_check_symbol(int status)
{
    return status == 1 ? "\xE2\x9C\x93" : status == 0 ? "\xE2\x9C\x97" : "?";
}

/* ------------------------------------------------------------- sparkline */

/* A small inline SVG trend chart: the area's values (line and dots), its
 * 95% intervals where known (vertical whiskers), England (dashed line)
 * unless the values are counts (England's is a national total, which would
 * flatten the area's line at the bottom: fpp_trend.count). The chart has a
 * text alternative; the numbers are also in the table. */
void rp_sparkline(FILE *fp, const rp_line *L, int w, int h)
{
    size_t n = L->n_series;
    int eng = L->unit != FP_UNIT_COUNT;
    double lo = INFINITY, hi = -INFINITY;
    size_t first = n, last = 0, npts = 0;
    for (size_t i = 0; i < n; i++) {
        const rp_point *p = &L->series[i];
        double v[4] = { p->value, p->lower, p->upper, eng ? p->england : NAN };
        for (int k = 0; k < 4; k++)
            if (!isnan(v[k])) { if (v[k] < lo) lo = v[k]; if (v[k] > hi) hi = v[k]; }
        if (!isnan(p->value)) { if (first == n) first = i; last = i; npts++; }
    }
    char b1[32], b2[32];
    if (npts == 0) {
        fprintf(fp, "<span class=\"muted\">no series</span>");
        return;
    }
    if (hi - lo < 1e-12) { hi += 1; lo -= 1; }
    double pad = 3, xs = n > 1 ? (w - 2 * pad) / (double)(n - 1) : 0;
    #define XP(i) (pad + xs * (double)(i))
    #define YP(v) (pad + (h - 2 * pad) * (1 - ((v) - lo) / (hi - lo)))
    fprintf(fp, "<svg class=\"spark\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            "role=\"img\" aria-label=\"", w, h, w, h);
    fprintf(fp, "Trend ");
    rp_html_esc(fp, L->series[first].label);
    fprintf(fp, " to ");
    rp_html_esc(fp, L->series[last].label);
    fprintf(fp, ": from %s to %s", RP_F(b1, L->series[first].value, L->dps),
            RP_F(b2, L->series[last].value, L->dps));
    fprintf(fp, "\">");
    fprintf(fp, "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>", w, h);
    /* England */
    int pen = 0;
    for (size_t i = 0; i < n; i++) {
        double e = eng ? L->series[i].england : NAN;
        if (isnan(e)) { if (pen) fputs("\"/>", fp); pen = 0; continue; }
        if (!pen) { fputs("<polyline class=\"eng\" points=\"", fp); pen = 1; }
        fprintf(fp, "%.1f,%.1f ", XP(i), YP(e));
    }
    if (pen) fputs("\"/>", fp);
    /* intervals */
    for (size_t i = 0; i < n; i++) {
        const rp_point *p = &L->series[i];
        if (isnan(p->lower) || isnan(p->upper)) continue;
        fprintf(fp, "<line class=\"ci\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
                XP(i), XP(i), YP(p->lower), YP(p->upper));
    }
    /* values: a gap in the data breaks the line; a faint dotted connector
     * keeps the two sides readable as one series */
    {
        size_t prev = n;
        for (size_t i = 0; i < n; i++) {
            double v = L->series[i].value;
            if (isnan(v)) continue;
            if (prev != n && i > prev + 1)
                fprintf(fp, "<line class=\"gap\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                        "y2=\"%.1f\"/>", XP(prev), YP(L->series[prev].value), XP(i), YP(v));
            prev = i;
        }
    }
    pen = 0;
    for (size_t i = 0; i < n; i++) {
        double v = L->series[i].value;
        if (isnan(v)) { if (pen) fputs("\"/>", fp); pen = 0; continue; }
        if (!pen) { fputs("<polyline class=\"val\" points=\"", fp); pen = 1; }
        fprintf(fp, "%.1f,%.1f ", XP(i), YP(v));
    }
    if (pen) fputs("\"/>", fp);
    for (size_t i = 0; i < n; i++) {
        double v = L->series[i].value;
        if (isnan(v)) continue;
        fprintf(fp, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"/>",
                i == last ? "last" : "pt", XP(i), YP(v), i == last ? "2.6" : "1.4");
    }
    fputs("</svg>", fp);
    #undef XP
    #undef YP
}

