/* report_render.c -- the renderers of `fingerpost report`: one self-contained
 * accessible HTML page (inline CSS and SVG, no network, print styles), a CSV
 * table and a Markdown summary, all from the same rp_report model. Nothing
 * here computes a statistic: numbers come from cmd_report.c, which gets them
 * from libfingerpost. */
#include "cli.h"
#include "report.h"

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
#define F(b, x, d) rp_fmt(b, sizeof b, x, d)

/* HTML text from data: escaped, and bytes that are not UTF-8 as U+FFFD
 * (cli/text.c). */
static void html_esc(FILE *fp, const char *s)
{
    fpc_html_puts(fp, s);
}

/* Text colour readable on a background colour "#RRGGBB" (WCAG relative
 * luminance threshold). */
static const char *ink_on(const char *bg)
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
static const char *cmp_symbol(fp_cmp c)
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
static const char *band_colour(char band)
{
    switch (band) {
    case 'A': return "#08519C";
    case 'B': return "#4292C6";
    case 'C': return "#9ECAE1";
    case 'D': return "#DEEBF7";
    default: return "#FFFFFF";
    }
}

static const char *trend_arrow(int dir)
{
    switch (dir) {
    case 1: return "\xE2\x86\x97";   /* ↗ */
    case -1: return "\xE2\x86\x98";  /* ↘ */
    case 0: return "\xE2\x86\x92";   /* → */
    default: return "\xE2\x80\x93";  /* – */
    }
}

static const char *tstatus_class(fp_target_status s)
{
    switch (s) {
    case FP_TSTATUS_MET: return "t-met";
    case FP_TSTATUS_ON_TRACK: return "t-on";
    case FP_TSTATUS_OFF_TRACK: return "t-off";
    default: return "t-none";
    }
}

static const char *tstatus_symbol(fp_target_status s)
{
    switch (s) {
    case FP_TSTATUS_MET: return "\xE2\x9C\x93";       /* ✓ */
    case FP_TSTATUS_ON_TRACK: return "\xE2\x86\x97";  /* ↗ */
    case FP_TSTATUS_OFF_TRACK: return "\xE2\x9C\x97"; /* ✗ */
    default: return "";
    }
}

static const char *check_symbol(int status)
{
    return status == 1 ? "\xE2\x9C\x93" : status == 0 ? "\xE2\x9C\x97" : "?";
}

/* ------------------------------------------------------------- sparkline */

/* A small inline SVG trend chart: the area's values (line and dots), its
 * 95% intervals where known (vertical whiskers), England (dashed line)
 * unless the values are counts (England's is a national total, which would
 * flatten the area's line at the bottom: fpp_trend.count). The chart has a
 * text alternative; the numbers are also in the table. */
static void sparkline(FILE *fp, const rp_line *L, int w, int h)
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
    html_esc(fp, L->series[first].label);
    fprintf(fp, " to ");
    html_esc(fp, L->series[last].label);
    fprintf(fp, ": from %s to %s", F(b1, L->series[first].value, L->dps),
            F(b2, L->series[last].value, L->dps));
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

/* ------------------------------------------------------------------ HTML */

static const char *CSS =
    ":root{--ink:#1b1b1b;--muted:#5a5a5a;--rule:#d0d4d9;--bg:#ffffff;--panel:#f4f6f8;"
    "--accent:#1d4f91;}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:'Segoe UI',Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg);"
    "margin:0;line-height:1.4;font-size:14px}\n"
    "header.top{background:var(--accent);color:#fff;padding:20px 32px 16px}\n"
    "header.top h1{margin:0 0 4px;font-size:26px;font-weight:600}\n"
    "header.top p{margin:2px 0;opacity:.92}\n"
    "main{padding:8px 32px 32px;max-width:1500px}\n"
    "h2{font-size:20px;margin:28px 0 8px;padding-bottom:4px;border-bottom:3px solid var(--accent);"
    "color:var(--accent)}\n"
    "h3{font-size:16px;margin:18px 0 6px}\n"
    ".muted{color:var(--muted)}\n"
    ".summary{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}\n"
    ".summary div{background:var(--panel);border-left:5px solid var(--accent);padding:8px 14px;"
    "min-width:150px}\n"
    ".summary b{display:block;font-size:22px}\n"
    "table{border-collapse:collapse;width:100%;margin:6px 0 14px}\n"
    "th,td{border-bottom:1px solid var(--rule);padding:5px 6px;text-align:left;vertical-align:top}\n"
    "thead th{background:var(--panel);font-size:12px;text-transform:none;position:sticky;top:0}\n"
    "td.nw{white-space:nowrap}.wrap{white-space:normal;max-width:150px;margin-left:auto}\n"
    "td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".ind-name{font-weight:600}\n"
    ".ind-sub{font-size:12px;color:var(--muted)}\n"
    ".badge{display:inline-block;padding:2px 7px;border-radius:3px;font-size:12px;"
    "font-weight:600;white-space:nowrap;border:1px solid rgba(0,0,0,.15)}\n"
    ".band{display:inline-block;min-width:22px;text-align:center;padding:1px 5px;border-radius:3px;"
    "font-weight:700;border:1px solid #9ab}\n"
    ".t-met{color:#1a6b1a;font-weight:600}.t-on{color:#8a5a00;font-weight:600}"
    ".t-off{color:#a00000;font-weight:600}.t-none{color:var(--muted)}\n"
    ".chk-ok{color:#1a6b1a;font-weight:600}.chk-bad{color:#a00000;font-weight:600}"
    ".chk-na{color:var(--muted)}\n"
    "svg.spark{display:block}svg.spark .bg{fill:#f4f6f8}\n"
    "svg.spark .gap{stroke:#8aa;stroke-width:1;stroke-dasharray:1 2}\n"
    "svg.spark .val{fill:none;stroke:#1d4f91;stroke-width:1.6}\n"
    "svg.spark .eng{fill:none;stroke:#444;stroke-width:1;stroke-dasharray:3 2}\n"
    "svg.spark .ci{stroke:#7fa0c8;stroke-width:1}\n"
    "svg.spark .pt{fill:#1d4f91}svg.spark .last{fill:#c05000}\n"
    "tr.nodata td{color:var(--muted);background:#fafafa}\n"
    ".rug td,.rug th{padding:3px 4px;font-size:12px;text-align:center;border:1px solid #fff}\n"
    ".rug th.rn{text-align:left;white-space:nowrap;max-width:260px;overflow:hidden;"
    "text-overflow:ellipsis}\n"
    ".rug thead th{writing-mode:vertical-rl;transform:rotate(180deg);height:120px;"
    "vertical-align:bottom;white-space:nowrap;font-weight:600}\n"
    ".rug td.self{outline:2px solid #000;outline-offset:-2px}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:8px 16px;margin:8px 0;font-size:12px}\n"
    ".legend span.sw{display:inline-block;width:14px;height:14px;vertical-align:middle;"
    "margin-right:4px;border:1px solid #888}\n"
    ".checks{font-size:12px}\n"
    "details{margin:4px 0}\n"
    "footer{margin-top:24px;font-size:12px;color:var(--muted)}\n"
    "a{color:var(--accent)}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;"
    "color:#000;padding:4px}\n"
    "@media print{@page{size:A4 landscape;margin:12mm}"
    "body{font-size:10px}header.top{background:none;color:#000;border-bottom:2px solid #000;"
    "padding:0 0 6px}main{padding:0;max-width:none}thead th{position:static}"
    "tr,.summary div{page-break-inside:avoid}h2{page-break-after:avoid}"
    ".badge,.band,.rug td{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".noprint{display:none}a{color:#000;text-decoration:none}}\n";

static void badge(FILE *fp, fp_cmp c, const char *note)
{
    const char *bg = fp_cmp_colour(c);
    fprintf(fp, "<span class=\"badge\" style=\"background:%s;color:%s\">%s %s</span>",
            bg, ink_on(bg), cmp_symbol(c), fp_cmp_name(c));
    if (c == FP_CMP_NOT_COMPARED && note && *note && strcmp(note, "no confidence interval")) {
        fputs("<div class=\"ind-sub\">", fp);
        html_esc(fp, note);
        fputs("</div>", fp);
    }
}

static void band_span(FILE *fp, char band)
{
    if (!band) { fputs("<span class=\"muted\">&ndash;</span>", fp); return; }
    const char *bg = band_colour(band);
    fprintf(fp, "<span class=\"band\" style=\"background:%s;color:%s\" "
            "title=\"quartile band %c (A best, D worst)\">%c</span>", bg, ink_on(bg), band, band);
}

static void html_value_ci(FILE *fp, const rp_line *L)
{
    char b[32], c[32];
    fprintf(fp, "<b>%s</b>", F(b, L->value, L->dps));
    if (!isnan(L->lower) && !isnan(L->upper))
        fprintf(fp, "<div class=\"ind-sub\">95%% CI %s&ndash;%s</div>",
                F(b, L->lower, L->dps), F(c, L->upper, L->dps));
    else
        fputs("<div class=\"ind-sub\">no interval</div>", fp);
}

static void html_checks(FILE *fp, const rp_line *L)
{
    if (!L->n_checks) return;
    fputs("<div class=\"checks\">", fp);
    for (size_t k = 0; k < L->n_checks; k++) {
        const rp_check *c = &L->checks[k];
        char b[32], d[32];
        if (c->status < 0) continue;   /* listed in the published-figures section */
        const char *cls = c->status == 1 ? "chk-ok" : c->status == 0 ? "chk-bad" : "chk-na";
        fputs("<div>", fp);
        html_esc(fp, c->what);
        fputs(" ", fp);
        html_esc(fp, c->period);
        fputs(" &mdash; Published: ", fp);
        html_esc(fp, c->text);
        fputs("; fingerpost: ", fp);
        (void)b;
        if (isnan(c->computed)) fputs("&ndash;", fp);
        else fputs(F(d, c->computed, L->dps), fp);
        fprintf(fp, " <span class=\"%s\">%s</span>", cls, check_symbol(c->status));
        if (c->note[0]) { fputs(" <span class=\"muted\">(", fp); html_esc(fp, c->note); fputs(")</span>", fp); }
        fputs("</div>", fp);
    }
    fputs("</div>", fp);
}

/* Beside a newest value that cannot be tested: why, and the test of the
 * older value another source can test, with its period. */
static void html_tested(FILE *fp, const rp_line *L)
{
    const rp_tested *t = &L->tested;
    char b[32], c[32], d[32];
    if (!t->code) return;
    fputs("<div class=\"ind-sub untested\">", fp);
    html_esc(fp, L->untested_note);
    fputs("</div><div class=\"ind-sub tested\">tested for <b>", fp);
    html_esc(fp, t->period);
    fputs("</b> (", fp);
    html_esc(fp, t->code);
    fprintf(fp, "): %s", F(b, t->value, L->dps));
    if (!isnan(t->lower) && !isnan(t->upper))
        fprintf(fp, " (95%% CI %s&ndash;%s)", F(c, t->lower, L->dps), F(d, t->upper, L->dps));
    fprintf(fp, ", England %s ", F(b, t->england, L->dps));
    badge(fp, t->cmp_england, NULL);
    fputs("</div>", fp);
}

static void html_line(FILE *fp, const rp_report *r, const rp_line *L)
{
    char b[32], c[32];
    const rp_sc_row *s = L->sc;
    fprintf(fp, "<tr id=\"ind-");
    html_esc(fp, s->number);
    fprintf(fp, "\" class=\"ind%s\" data-indicator=\"", L->has_data ? "" : " nodata");
    html_esc(fp, s->number);
    fputs("\">", fp);
    fputs("<th scope=\"row\" class=\"num\">", fp);
    html_esc(fp, s->number);
    fputs("</th><td><div class=\"ind-name\">", fp);
    html_esc(fp, s->name);
    fputs("</div>", fp);
    if (s->measures[0]) {
        /* A proxy: what the data actually measure, next to the plan's name. */
        fputs("<div class=\"ind-sub proxy\">measures: ", fp);
        html_esc(fp, s->measures);
        fputs("</div>", fp);
    }
    fputs("<div class=\"ind-sub\">", fp);
    if (L->has_data) {
        html_esc(fp, L->code);
        if (L->unit_label && *L->unit_label) { fputs(" &middot; ", fp); html_esc(fp, L->unit_label); }
        fprintf(fp, " &middot; %s", L->polarity == FP_POLARITY_HIGH ? "higher is better"
                : L->polarity == FP_POLARITY_LOW ? "lower is better" : "no polarity");
    }
    if (s->note[0]) { if (L->has_data) fputs("<br>", fp); html_esc(fp, s->note); }
    fputs("</div>", fp);
    if (L->has_data && L->sources[0]) {
        /* One measure from several sources: the newest is shown. */
        fputs("<div class=\"ind-sub sources\">newest of: ", fp);
        html_esc(fp, L->sources);
        fputs("</div>", fp);
    }
    html_checks(fp, L);
    fputs("</td>", fp);
    if (!L->has_data) {
        fputs("<td colspan=\"10\" class=\"muted\">", fp);
        html_esc(fp, L->why_none);
        if (L->own_plan && s->target_text[0]) {
            fputs(" &middot; target: ", fp);
            html_esc(fp, s->target_text);
        }
        fputs("</td></tr>\n", fp);
        return;
    }
    fputs("<td class=\"nw\">", fp);
    html_esc(fp, L->period);
    fputs("</td><td class=\"num\">", fp);
    html_value_ci(fp, L);
    if (L->den_note[0]) { fputs("<div class=\"ind-sub wrap\">", fp); html_esc(fp, L->den_note); fputs("</div>", fp); }
    fprintf(fp, "</td><td class=\"num\">%s</td>", F(b, L->england, L->dps));
    fprintf(fp, "<td class=\"num\">%s", F(b, L->region, L->dps));
    if (L->region_name) { fputs("<div class=\"ind-sub\">", fp); html_esc(fp, L->region_name); fputs("</div>", fp); }
    fprintf(fp, "</td><td class=\"num\">%s<div class=\"ind-sub\">%zu of %zu</div></td>",
            F(c, L->neighbours, L->dps), L->nb_used, L->nb_total);
    fputs("<td>", fp);
    badge(fp, L->cmp_england, L->cmp_note);
    html_tested(fp, L);
    fputs("</td>", fp);
    fprintf(fp, "<td><span aria-hidden=\"true\">%s</span> ", trend_arrow(L->trend_dir));
    html_esc(fp, L->trend);
    /* The window the verdict rests on, and any disagreement between the
     * methods, so the words cannot contradict the numbers beside them. */
    if (L->trend_window[0]) {
        fputs("<div class=\"ind-sub trend-window\">", fp);
        html_esc(fp, L->trend_window);
        fputs("</div>", fp);
    }
    if (L->trend_method[0]) { fputs("<div class=\"ind-sub\">", fp); html_esc(fp, L->trend_method); fputs("</div>", fp); }
    if (L->trend_disagree[0]) {
        fputs("<div class=\"ind-sub trend-disagree\">", fp);
        html_esc(fp, L->trend_disagree);
        fputs("</div>", fp);
    }
    if (L->has_sii) {
        char sii[512];
        rp_sii_text(L, sii, sizeof sii);
        fputs("<div class=\"ind-sub inequality\">", fp);
        html_esc(fp, sii);
        fputs("</div>", fp);
    }
    fputs("</td><td class=\"num\">", fp);
    if (L->rank) fprintf(fp, "%zu <span class=\"muted\">of %zu</span> ", L->rank, L->n_ranked);
    band_span(fp, L->band);
    if (L->band_note[0]) { fputs("<div class=\"ind-sub\">", fp); html_esc(fp, L->band_note); fputs("</div>", fp); }
    fputs("</td><td>", fp);
    if (L->tstatus != FP_TSTATUS_NO_TARGET || (L->own_plan && s->target_rule[0])) {
        fprintf(fp, "<span class=\"%s\">%s %s</span>", tstatus_class(L->tstatus),
                tstatus_symbol(L->tstatus), L->tword);
        if (!isnan(L->target_value))
            fprintf(fp, "<div class=\"ind-sub\">target %s</div>", F(b, L->target_value, L->dps));
        if (s->target_text[0]) { fputs("<div class=\"ind-sub\">", fp); html_esc(fp, s->target_text); fputs("</div>", fp); }
        for (size_t k = 0; k < L->n_goals; k++) {
            /* Each milestone (and the dated target) with its verdict. */
            const rp_goal *g = &L->goals[k];
            if (strcmp(g->kind, "milestone")) continue;
            fputs("<div class=\"ind-sub\">milestone ", fp);
            html_esc(fp, g->due);
            fputs(" &rarr; ", fp);
            html_esc(fp, g->rule);
            fprintf(fp, ": <b>%s</b>", fp_goal_status_name(g->v.status));
            if (!isnan(g->v.value))
                fprintf(fp, " (%s%s)", g->v.period == FP_ASSESS_NONE ? "projected " : "",
                        F(b, g->v.value, L->dps));
            fputs("</div>", fp);
        }
        if (L->target_note[0]) { fputs("<div class=\"ind-sub\">", fp); html_esc(fp, L->target_note); fputs("</div>", fp); }
    } else {
        fputs("<span class=\"t-none\">no target</span>", fp);
    }
    fputs("</td><td>", fp);
    sparkline(fp, L, 132, 40);
    if (L->chart[0]) {
        fputs("<div class=\"ind-sub noprint\"><a href=\"charts/", fp);
        html_esc(fp, L->chart);
        fputs("\">full chart</a></div>", fp);
    }
    fputs("</td></tr>\n", fp);
    (void)r;
}

static void html_rug(FILE *fp, const rp_report *r)
{
    char b[32];
    fputs("<h2 id=\"overview\">Overview: where ", fp);
    html_esc(fp, r->area_name);
    fputs(" and its statistical neighbours stand</h2>\n", fp);
    fputs("<p>Each cell is an area's latest value, for the period in the row's Period column. Where the value has a confidence interval, the "
          "colour and symbol give its comparison with England (Fingertips rule, 95%); where it "
          "has none (values-only data), the cell shows the area's quartile band among all local "
          "authorities instead (blue scale, A best, D worst; letter in the cell). Grey: no "
          "comparison possible.</p>\n", fp);
    fputs("<div class=\"legend\" aria-hidden=\"true\">", fp);
    fp_cmp shown[] = { FP_CMP_BETTER, FP_CMP_SIMILAR, FP_CMP_WORSE, FP_CMP_HIGHER, FP_CMP_LOWER,
                       FP_CMP_NOT_COMPARED };
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
        fprintf(fp, "<span><span class=\"sw\" style=\"background:%s\"></span>%s %s</span>",
                fp_cmp_colour(shown[i]), cmp_symbol(shown[i]), fp_cmp_name(shown[i]));
    for (char c = 'A'; c <= 'D'; c++)
        fprintf(fp, "<span><span class=\"sw\" style=\"background:%s\"></span>quartile %c</span>",
                band_colour(c), c);
    fputs("</div>\n", fp);
    fputs("<div style=\"overflow-x:auto\"><table class=\"rug\"><caption class=\"muted\" "
          "style=\"text-align:left\">Indicators (rows) by area (columns)</caption><thead><tr>"
          "<th scope=\"col\" class=\"rn\" style=\"writing-mode:horizontal-tb;transform:none\">"
          "Indicator</th><th scope=\"col\" style=\"writing-mode:horizontal-tb;transform:none\">"
          "Period</th><th scope=\"col\">England</th>", fp);
    fputs("<th scope=\"col\">", fp); html_esc(fp, r->area_name); fputs("</th>", fp);
    for (size_t j = 0; j < r->n_nb; j++) {
        fputs("<th scope=\"col\">", fp);
        html_esc(fp, r->nb_names[j]);
        fputs("</th>", fp);
    }
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        if (!L->has_data) continue;
        fputs("<tr><th scope=\"row\" class=\"rn\"><a href=\"#ind-", fp);
        html_esc(fp, L->sc->number);
        fputs("\">", fp);
        html_esc(fp, L->sc->number);
        fputs("</a> ", fp);
        html_esc(fp, L->sc->name);
        /* Each row's period: lines come from different years. */
        fputs("</th><td class=\"per\">", fp);
        html_esc(fp, L->period);
        fprintf(fp, "</td><td>%s</td>", F(b, L->england, L->dps));
        /* the area itself, then each neighbour */
        for (size_t j = 0; j <= r->n_nb; j++) {
            double v; fp_cmp cmp; char band;
            if (j == 0) { v = L->value; cmp = L->cmp_england; band = L->band; }
            else if (j - 1 < L->n_nb) { v = L->nb[j - 1].value; cmp = L->nb[j - 1].cmp; band = L->nb[j - 1].band; }
            else { v = NAN; cmp = FP_CMP_NOT_COMPARED; band = 0; }
            const char *bg, *sym;
            char title[128];
            if (cmp != FP_CMP_NOT_COMPARED) {
                bg = fp_cmp_colour(cmp); sym = cmp_symbol(cmp);
                snprintf(title, sizeof title, "%s than England (95%%)", fp_cmp_name(cmp));
            } else if (band) {
                bg = band_colour(band); sym = "";
                snprintf(title, sizeof title, "quartile band %c", band);
            } else {
                bg = fp_cmp_colour(FP_CMP_NOT_COMPARED); sym = "";
                snprintf(title, sizeof title, "%s", isnan(v) ? "no value" : "not compared");
            }
            fprintf(fp, "<td%s style=\"background:%s;color:%s\" title=\"%s\">%s%s%s",
                    j == 0 ? " class=\"self\"" : "", bg, ink_on(bg), title, sym, *sym ? " " : "",
                    isnan(v) ? "&ndash;" : F(b, v, L->dps));
            if (cmp == FP_CMP_NOT_COMPARED && band) fprintf(fp, " <small>%c</small>", band);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div>\n", fp);
}

static void html_methods(FILE *fp, const rp_report *r)
{
    fputs("<h2 id=\"methods\">Methods and sources</h2>\n<ul>\n", fp);
    fputs("<li><b>Data</b>: ", fp);
    html_esc(fp, r->data_version ? r->data_version : "");
    fputs(". Files:<ul>", fp);
    for (size_t i = 0; i < r->n_data_files; i++) {
        const char *f = r->data_files[i], *sl = strrchr(f, '/');
        fputs("<li><code>", fp);
        html_esc(fp, r->data_shipped && sl ? sl + 1 : f);
        fputs("</code></li>", fp);
    }
    fputs("</ul></li>\n", fp);
    fputs("<li><b>Scorecard definition</b>: <code>", fp);
    html_esc(fp, r->scorecard_path);
    fputs("</code> (indicator numbers, names, mappings, targets and the figures the council "
          "published).</li>\n", fp);
    fputs("<li><b>Statistical neighbours</b>: DfE Children's Services Statistical Neighbours, "
          "version <code>", fp);
    html_esc(fp, r->neighbour_version);
    fputs("</code>; the neighbour value is the mean of the neighbours with data for the "
          "period (as DfE LAIT), with how many contributed.</li>\n", fp);
    fprintf(fp, "<li><b>Methods</b>: fingerpost %s, methods version <code>%s</code>. "
            "Confidence intervals (95%%): Byar's method for rates (exact Poisson below 10 events), "
            "Wilson score for proportions, as PHEindicatormethods and OHID Fingertips. Where the "
            "data give a count but no denominator, the denominator is derived as count &times; "
            "multiplier / published value; where the data give neither, the value has no interval "
            "and is not tested (\"no interval\"). Comparison with England: the Fingertips rule "
            "(England's value outside the area's 95%% interval is significant), with polarity. "
            "Rank: among all local authorities, rank 1 best, ties share the lowest rank. Quartile "
            "bands A (best) to D (worst) from type-7 quartiles of all local authorities' values "
            "(as DfE LAIT). Trend: see each line's method note. Targets: the plan's rules, "
            "including \"N or the national average, whichever is higher\" and \"baseline plus N%%\"."
            " Details and references: <code>docs/methods.md</code>.</li>\n",
            FP_VERSION_STRING, FP_METHODS_VERSION);
    fputs("<li><b>Published figures</b>: where the council's documents quote a figure, the report "
          "recomputes it from the data for the same period and shows whether it agrees "
          "(&#10003; agrees to the published precision, &#10007; differs, ? the period or "
          "comparator is not in the data).</li>\n", fp);
    fputs("<li><b>Licence</b>: contains public sector information licensed under the Open "
          "Government Licence v3.0 (Department for Education, Local Authority Interactive Tool, "
          "snapshot April 2026, Explore Education Statistics and Statistical Neighbour "
          "Benchmarking Tool; Office for Health Improvement and Disparities, Fingertips). "
          "Local measures are the council's own (the shipped local file is an illustrative "
          "example).</li>\n</ul>\n", fp);
}

/* The page's head (title, styles) and its top banner: scorecard, area, data,
 * neighbours, methods version and when it was generated. */
static void html_head(FILE *fp, const rp_report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", fp);
    fprintf(fp, "<meta name=\"generator\" content=\"fingerpost %s (%s)\">\n",
            FP_VERSION_STRING, FP_METHODS_VERSION);
    fputs("<title>", fp);
    html_esc(fp, r->heading);
    fputs("</title>\n<style>\n", fp);
    fputs(CSS, fp);
    fputs("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n", fp);
    fputs("<header class=\"top\"><h1>", fp);
    html_esc(fp, r->heading);
    fputs("</h1><p>Latest values compared with England, ", fp);
    html_esc(fp, r->region_name ? r->region_name : "the region");
    fputs(r->own_plan ? " and statistical neighbours; trends, ranks, quartiles and targets.</p>"
                      : " and statistical neighbours; trends, ranks and quartiles. The targets, "
                        "milestones and published figures of the plan are its own area's and "
                        "are not applied here.</p>", fp);
    fputs("<p>Data: ", fp);
    html_esc(fp, r->data_shipped ? "DfE LAIT (April 2026), DfE EES and OHID Fingertips extracts "
                                   "with counts, and an illustrative local example (shipped demo "
                                   "data)"
                                 : "files given with --data (see Methods and sources)");
    fprintf(fp, " &middot; neighbours: ");
    html_esc(fp, r->neighbour_version);
    fprintf(fp, " &middot; methods: %s &middot; generated %s</p></header>\n",
            FP_METHODS_VERSION, r->generated);
    fputs("<main id=\"main\">\n", fp);
}

/* The summary boxes: lines with data, how many are significantly better or
 * worse than England, similar or not tested, targets met / on / off track
 * and the published figures reproduced. */
static void html_summary(FILE *fp, const rp_report *r)
{
    size_t n_data = 0, better = 0, worse = 0, similar = 0, notcmp = 0, met = 0, off = 0, on = 0,
           agree = 0, disagree = 0, n_public = 0, n_tested = 0, n_older = 0;
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        if (L->has_data) {
            n_data++;
            /* Public data: the line has a comparator (England, region or
             * neighbours) somewhere in its series; the council's own
             * measures have none. */
            int pub = 0;
            for (size_t k = 0; k < L->n_series && !pub; k++)
                pub = !isnan(L->series[k].england) || !isnan(L->series[k].region)
                      || !isnan(L->series[k].neighbours);
            n_public += pub;
            /* A newest value that cannot be tested counts with the older
             * tested one shown beside it (its period on the line). */
            fp_cmp cmp = L->cmp_england;
            if (cmp == FP_CMP_NOT_COMPARED && L->tested.code
                && L->tested.cmp_england != FP_CMP_NOT_COMPARED) {
                cmp = L->tested.cmp_england;
                n_older += pub;
            }
            n_tested += pub && cmp != FP_CMP_NOT_COMPARED;
            switch (cmp) {
            case FP_CMP_BETTER: case FP_CMP_BETTER_998: better++; break;
            case FP_CMP_WORSE: case FP_CMP_WORSE_998: worse++; break;
            case FP_CMP_NOT_COMPARED: notcmp++; break;
            default: similar++; break;
            }
            if (L->tstatus == FP_TSTATUS_MET) met++;
            if (L->tstatus == FP_TSTATUS_ON_TRACK) on++;
            if (L->tstatus == FP_TSTATUS_OFF_TRACK) off++;
        }
        for (size_t k = 0; k < L->n_checks; k++) {
            if (L->checks[k].status == 1) agree++;
            if (L->checks[k].status == 0) disagree++;
        }
    }
    fputs("<section aria-label=\"Summary\" class=\"summary\">", fp);
    fprintf(fp, "<div><b>%zu of %zu</b>plan indicators with data (%zu public, %zu local)</div>",
            n_data, r->n, n_public, n_data - n_public);
    fprintf(fp, "<div><b>%zu of %zu</b>public-data indicators tested for significance (counts "
            "or published intervals; each line names its source and interval method)", n_tested,
            n_public);
    if (n_older)
        fprintf(fp, "; %zu of them for an older period than the newest value shown", n_older);
    fputs("</div>", fp);
    fprintf(fp, "<div style=\"border-color:%s\"><b>%zu</b>%s significantly better than England</div>",
            fp_cmp_colour(FP_CMP_BETTER), better, cmp_symbol(FP_CMP_BETTER));
    fprintf(fp, "<div style=\"border-color:%s\"><b>%zu</b>%s significantly worse than England</div>",
            fp_cmp_colour(FP_CMP_WORSE), worse, cmp_symbol(FP_CMP_WORSE));
    fprintf(fp, "<div style=\"border-color:%s\"><b>%zu</b>similar, or higher/lower without polarity</div>",
            fp_cmp_colour(FP_CMP_SIMILAR), similar);
    fprintf(fp, "<div style=\"border-color:%s\"><b>%zu</b>not tested: no interval in the data</div>",
            fp_cmp_colour(FP_CMP_NOT_COMPARED), notcmp);
    if (r->own_plan) {
        fprintf(fp, "<div><b>%zu &middot; %zu &middot; %zu</b>targets met &middot; on track "
                "&middot; off track</div>", met, on, off);
        fprintf(fp, "<div><b>%zu of %zu</b>checkable published figures reproduced</div>", agree,
                agree + disagree);
    } else {
        fputs("<div><b>&ndash;</b>no targets: the plan's targets are its own area's</div>", fp);
    }
    fputs("</section>\n", fp);
}

/* The key: what the colours, symbols, arrows and bands mean. */
static void html_key(FILE *fp)
{
    fputs("<details open><summary>How to read this page</summary><p>Comparison colours follow "
          "OHID Fingertips and always come with a word and a symbol: ", fp);
    fp_cmp shown[] = { FP_CMP_BETTER, FP_CMP_SIMILAR, FP_CMP_WORSE, FP_CMP_HIGHER, FP_CMP_LOWER,
                       FP_CMP_NOT_COMPARED };
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
        badge(fp, shown[i], NULL);
        fputs(" ", fp);
    }
    fputs(". Trend arrows: &#8599; rising, &#8600; falling, &#8594; no significant change, "
          "&ndash; cannot be calculated; the words say whether that is better or worse. "
          "Quartile bands: A best to D worst among all local authorities. Small charts: the "
          "area's values (blue; orange dot = latest) with 95% intervals where known, England "
          "dashed.</p></details>\n", fp);
}

/* One table per theme, themes in first-seen order (at most 64). */
static void html_theme_tables(FILE *fp, const rp_report *r)
{
    const char *themes[64];
    size_t nthemes = 0;
    for (size_t i = 0; i < r->n && nthemes < 64; i++) {
        const char *t = r->lines[i].sc->theme;
        size_t k;
        for (k = 0; k < nthemes; k++) if (!strcmp(themes[k], t)) break;
        if (k == nthemes) themes[nthemes++] = t;
    }
    for (size_t t = 0; t < nthemes; t++) {
        fputs("<h2 id=\"theme-", fp);
        html_esc(fp, themes[t]);
        fputs("\">", fp);
        html_esc(fp, themes[t][0] ? themes[t] : "Other");
        fputs("</h2>\n<table class=\"scorecard\" aria-label=\"", fp);
        html_esc(fp, themes[t][0] ? themes[t] : "Other");
        fputs(" indicators\"><thead><tr>"
              "<th scope=\"col\" class=\"num\">No.</th><th scope=\"col\">Indicator</th>"
              "<th scope=\"col\">Period</th><th scope=\"col\" class=\"num\">", fp);
        html_esc(fp, r->area_name);
        fputs("</th><th scope=\"col\" class=\"num\">England</th>"
              "<th scope=\"col\" class=\"num\">Region</th>"
              "<th scope=\"col\" class=\"num\">Neighbours</th>"
              "<th scope=\"col\">Compared with England</th><th scope=\"col\">Trend</th>"
              "<th scope=\"col\" class=\"num\">Rank &middot; quartile</th>"
              "<th scope=\"col\">Target</th><th scope=\"col\">Series</th></tr></thead><tbody>\n", fp);
        for (size_t i = 0; i < r->n; i++)
            if (!strcmp(r->lines[i].sc->theme, themes[t])) html_line(fp, r, &r->lines[i]);
        fputs("</tbody></table>\n", fp);
    }
}

/* The source of published figure index of a line: one source per quotation
 * when the line's sources are " | "-separated, else the whole text. */
static void html_pub_source(FILE *fp, const rp_line *L, size_t index)
{
    const char *src = L->sc->pub_source, *q = src;
    size_t nsrc = 1;
    while ((q = strstr(q, " | "))) { nsrc++; q += 3; }
    if (nsrc > 1 && index < nsrc) {
        q = src;
        for (size_t k2 = 0; k2 < index; k2++) q = strstr(q, " | ") + 3;
        const char *e = strstr(q, " | ");
        size_t len = e ? (size_t)(e - q) : strlen(q);
        char *one = fpc_xmalloc(len + 1);
        memcpy(one, q, len);
        one[len] = 0;
        html_esc(fp, one);
        free(one);
    } else {
        html_esc(fp, src);
    }
}

/* The published figures checked against the data, one row each, when the
 * scorecard quotes any. */
static void html_published(FILE *fp, const rp_report *r)
{
    int any = 0;
    char b[32];
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_checks; k++) {
            const rp_check *c = &L->checks[k];
            if (!any) {
                fputs("<h2 id=\"published\">Published figures checked against the data</h2>\n"
                      "<p>Figures quoted in the council's documents, recomputed by fingerpost "
                      "from the data for the same period.</p>\n<table aria-label=\"Published "
                      "figures\"><thead><tr><th scope=\"col\">No.</th><th scope=\"col\">"
                      "Comparator</th><th scope=\"col\">Period</th><th scope=\"col\" "
                      "class=\"num\">Published</th><th scope=\"col\" class=\"num\">fingerpost"
                      "</th><th scope=\"col\">Agreement</th><th scope=\"col\">Source</th>"
                      "</tr></thead><tbody>\n", fp);
                any = 1;
            }
            const char *cls = c->status == 1 ? "chk-ok" : c->status == 0 ? "chk-bad" : "chk-na";
            fputs("<tr><td><a href=\"#ind-", fp);
            html_esc(fp, L->sc->number);
            fputs("\">", fp);
            html_esc(fp, L->sc->number);
            fputs("</a></td><td>", fp);
            html_esc(fp, c->what);
            fputs("</td><td class=\"nw\">", fp);
            html_esc(fp, c->period);
            fputs("</td><td class=\"num\">", fp);
            html_esc(fp, c->text);
            fprintf(fp, "</td><td class=\"num\">%s</td><td><span class=\"%s\">%s %s</span>",
                    isnan(c->computed) ? "&ndash;" : F(b, c->computed, L->dps), cls,
                    check_symbol(c->status),
                    c->status == 1 ? "agrees" : c->status == 0 ? "differs" : "not checkable");
            if (c->note[0]) { fputs("<div class=\"ind-sub\">", fp); html_esc(fp, c->note); fputs("</div>", fp); }
            fputs("</td><td class=\"ind-sub\">", fp);
            html_pub_source(fp, L, c->index);
            fputs("</td></tr>\n", fp);
        }
    }
    if (any) fputs("</tbody></table>\n", fp);
}

/* The page: head and banner, summary, key, rug, one table per theme,
 * published figures, methods and sources, footer. */
void rp_write_html(FILE *fp, const rp_report *r)
{
    html_head(fp, r);
    html_summary(fp, r);
    html_key(fp);
    html_rug(fp, r);
    html_theme_tables(fp, r);
    html_published(fp, r);
    html_methods(fp, r);
    fputs("<footer>Made with fingerpost ", fp);
    fputs(FP_VERSION_STRING, fp);
    fputs(". This page is self-contained: it loads nothing from the network; the same numbers "
          "are in <code>scorecard.csv</code> and <code>scorecard.md</code>.</footer>\n", fp);
    fputs("</main>\n</body>\n</html>\n", fp);
}

/* ------------------------------------------------------------ CSV and MD */

static const char *const csv_cols[] = {
    "number", "name", "theme", "indicator", "period", "value", "lower95", "upper95",
    "ci_method", "ci_note", "numerator", "denominator", "denominator_note", "england",
    "region_name", "region", "neighbours", "neighbours_used", "neighbours_total",
    "compared_england", "compared_region", "compared_neighbours", "not_compared_reason",
    "not_tested_note", "tested_indicator", "tested_period", "tested_value", "tested_lower95",
    "tested_upper95", "tested_england", "tested_compared_england", "tested_compared_region",
    "tested_compared_neighbours", "sources",
    "rank", "n_ranked", "quartile", "change_from_previous", "trend", "trend_method",
    "trend_window", "trend_disagree",
    "sii_area", "sii", "sii_lower95", "sii_upper95", "rii", "rii_lower95", "rii_upper95",
    "sii_breakdown",
    "target_rule", "target_value", "target_status", "published_period", "published_area",
    "fingerpost_area", "check_area", "published_neighbours", "fingerpost_neighbours",
    "check_neighbours", "published_england", "fingerpost_england", "check_england", "note",
    "measures",
};

static void meta(fpc_table *t, const rp_report *r)
{
    fpc_table_meta(t, "methods_version", FP_METHODS_VERSION);
    fpc_table_meta(t, "data_version", r->data_version ? r->data_version : "");
    fpc_table_meta(t, "neighbours_version", r->neighbour_version);
    fpc_table_meta(t, "area", r->area_name);
}

/* The published / fingerpost / agreement cells for one comparator, with
 * several quotations joined by ';' in the order of published_period. */
static void csv_checks(fpc_table *t, const rp_line *L, const char *what, int dps)
{
    char pub[256] = "", fpv[256] = "", chk[256] = "", b[32];
    int any = 0;
    const char *last = NULL;
    for (size_t k = 0; k < L->n_checks; k++) {
        const rp_check *c = &L->checks[k];
        if (strcmp(c->what, what)) continue;
        if (last && !strcmp(last, c->period)) continue;
        size_t n1 = strlen(pub), n2 = strlen(fpv), n3 = strlen(chk);
        snprintf(pub + n1, sizeof pub - n1, "%s%s", any ? ";" : "", c->text);
        snprintf(fpv + n2, sizeof fpv - n2, "%s%s", any ? ";" : "",
                 isnan(c->computed) ? "" : rp_fmt(b, sizeof b, c->computed, dps));
        snprintf(chk + n3, sizeof chk - n3, "%s%s", any ? ";" : "",
                 c->status == 1 ? "agrees" : c->status == 0 ? "differs" : "not in data");
        any = 1;
        last = c->period;
    }
    fpc_table_str(t, any ? pub : NULL);
    fpc_table_str(t, any ? fpv : NULL);
    fpc_table_str(t, any ? chk : NULL);
}

/* The cells of an older tested value beside the newest (rp_tested), and
 * the line's sources: not_tested_note ... sources. */
static void csv_tested(fpc_table *t, const rp_line *L)
{
    const rp_tested *x = &L->tested;
    fpc_table_str(t, x->code ? L->untested_note : NULL);
    fpc_table_str(t, x->code);
    fpc_table_str(t, x->code ? x->period : NULL);
    fpc_table_num_shown(t, x->value, L->dps);
    fpc_table_num_shown(t, x->lower, L->dps);
    fpc_table_num_shown(t, x->upper, L->dps);
    fpc_table_num_shown(t, x->england, L->dps);
    fpc_table_str(t, x->code ? fp_cmp_name(x->cmp_england) : NULL);
    fpc_table_str(t, x->code ? fp_cmp_name(x->cmp_region) : NULL);
    fpc_table_str(t, x->code ? fp_cmp_name(x->cmp_neighbours) : NULL);
    fpc_table_str(t, L->sources);
}

/* The milestones of a line (its goals of kind "milestone"). */
static size_t n_milestones(const rp_line *L)
{
    size_t n = 0;
    for (size_t k = 0; k < L->n_goals; k++) n += !strcmp(L->goals[k].kind, "milestone");
    return n;
}

static const char *const goal_fields[] = { "due", "rule", "goal", "judged_period",
                                           "judged_value", "verdict" };
#define N_GOAL_FIELDS (sizeof goal_fields / sizeof *goal_fields)

/* One goal's cells (due, rule, target, period judged, value, verdict), or
 * empty cells for g NULL. The value is the due period's, or the projection
 * when the period "(projected)". */
static void csv_goal(fpc_table *t, const rp_goal *g, int dps)
{
    if (!g) {
        for (size_t k = 0; k < N_GOAL_FIELDS; k++) fpc_table_str(t, NULL);
        return;
    }
    char per[48];
    if (fp_period_format(&g->v.due, per, sizeof per) != FP_OK) per[0] = 0;
    if (g->v.period == FP_ASSESS_NONE && g->v.status != FP_GOAL_NOT_ASSESSED)
        snprintf(per + strlen(per), sizeof per - strlen(per), " (projected)");
    fpc_table_str(t, g->due);
    fpc_table_str(t, g->rule);
    fpc_table_num_shown(t, g->v.target, dps);
    fpc_table_str(t, per);
    fpc_table_num_shown(t, g->v.value, dps);
    fpc_table_str(t, fp_goal_status_name(g->v.status));
}

/* The goal columns of a line: the dated target, then each milestone (up
 * to max), each as csv_goal's cells; then the target's note. */
static void csv_goals(fpc_table *t, const rp_line *L, size_t max)
{
    const rp_goal *target = NULL;
    for (size_t k = 0; k < L->n_goals; k++)
        if (!strcmp(L->goals[k].kind, "target")) target = &L->goals[k];
    csv_goal(t, target, L->dps);
    size_t m = 0;
    for (size_t k = 0; k < L->n_goals && m < max; k++)
        if (!strcmp(L->goals[k].kind, "milestone")) { csv_goal(t, &L->goals[k], L->dps); m++; }
    for (; m < max; m++) csv_goal(t, NULL, -1);
    fpc_table_str(t, target ? target->v.note : NULL);
}

/* --------------------------------------------------------- workbook */

/* Whether scorecard column name is one of the published-figure checks,
 * which the workbook gives a sheet of their own. */
static int check_column(const char *name)
{
    return !strncmp(name, "published_", 10) || !strncmp(name, "fingerpost_", 11) ||
           !strncmp(name, "check_", 6);
}

/* The workbook's scorecard sheet: every column of scorecard.csv up to its
 * goal columns, except the published-figure checks (their own sheet). */
static void workbook_columns(fpc_table *t, size_t nfix)
{
    const char **keep = fpc_xmalloc((nfix + 1) * sizeof *keep);
    size_t nk = 0;
    /* Not the inequality columns after sii either: the sheet keeps within
     * 50 columns (the CSV, HTML and Markdown carry them all). */
    for (size_t k = 0; k < nfix; k++)
        if (!check_column(csv_cols[k])
            && (strncmp(csv_cols[k], "sii_", 4) || !strcmp(csv_cols[k], "sii_area"))
            && strncmp(csv_cols[k], "rii_", 4))
            keep[nk++] = csv_cols[k];
    keep[nk] = NULL;
    fpc_table_select(t, "report", NULL, 0, keep);
    free(keep);
}

/* The line's indicator code as the scorecard sheet shows it. */
static const char *line_code(const rp_line *L)
{
    return L->has_data ? L->code : L->sc->code;
}

/* Sheet "targets": one row a goal (the dated target and each milestone). */
static void sheet_targets(fpc_table *t, const rp_report *r)
{
    static const char *const cols[] = { "number", "indicator", "kind", "due", "rule", "goal",
                                        "judged_period", "judged_value", "verdict", "note" };
    fpc_table_next_sheet(t, "targets", cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_goals; k++) {
            fpc_table_str(t, L->sc->number);
            fpc_table_str(t, line_code(L));
            fpc_table_str(t, L->goals[k].kind);
            csv_goal(t, &L->goals[k], L->dps);
            fpc_table_str(t, L->goals[k].v.note);
        }
    }
}

/* Sheet "published_checks": one row a published figure checked. */
static void sheet_checks(fpc_table *t, const rp_report *r)
{
    static const char *const cols[] = { "number", "indicator", "comparator", "period",
                                        "published", "fingerpost", "agreement", "note" };
    fpc_table_next_sheet(t, "published_checks", cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_checks; k++) {
            const rp_check *c = &L->checks[k];
            fpc_table_str(t, L->sc->number);
            fpc_table_str(t, line_code(L));
            fpc_table_str(t, c->what);
            fpc_table_str(t, c->period);
            fpc_table_str(t, c->text);
            fpc_table_num_shown(t, c->computed, L->dps);
            fpc_table_str(t, c->status == 1 ? "agrees" : c->status == 0 ? "differs" : "not in data");
            fpc_table_str(t, c->note);
        }
    }
}

/* Sheet "time_series": one row a period of each line's series. */
static void sheet_series(fpc_table *t, const rp_report *r)
{
    static const char *const cols[] = { "number", "indicator", "period", "value", "lower95",
                                        "upper95", "england", "region", "neighbours" };
    fpc_table_next_sheet(t, "time_series", cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; L->has_data && k < L->n_series; k++) {
            const rp_point *p = &L->series[k];
            fpc_table_str(t, L->sc->number);
            fpc_table_str(t, L->code);
            fpc_table_str(t, p->label);
            double v[6] = { p->value, p->lower, p->upper, p->england, p->region, p->neighbours };
            for (int j = 0; j < 6; j++) fpc_table_num_shown(t, v[j], L->dps);
        }
    }
}

/* Sheet "neighbours": one row a statistical neighbour of each line, at
 * the line's period, with its comparison with England and quartile band. */
static void sheet_neighbours(fpc_table *t, const rp_report *r)
{
    static const char *const cols[] = { "number", "indicator", "period", "neighbour_code",
                                        "neighbour", "value", "compared_england", "quartile" };
    fpc_table_next_sheet(t, "neighbours", cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t j = 0; L->has_data && j < L->n_nb && j < r->n_nb; j++) {
            const rp_nbcell *c = &L->nb[j];
            char band[2] = { c->band, 0 };
            fpc_table_str(t, L->sc->number);
            fpc_table_str(t, L->code);
            fpc_table_str(t, L->period);
            fpc_table_str(t, r->nb_codes ? r->nb_codes[j] : NULL);
            fpc_table_str(t, r->nb_names ? r->nb_names[j] : NULL);
            fpc_table_num_shown(t, c->value, L->dps);
            fpc_table_str(t, isnan(c->value) ? NULL : fp_cmp_name(c->cmp));
            fpc_table_str(t, band[0] ? band : NULL);
        }
    }
}

/* The scorecard table, written through the table writer: to fp, or
 * atomically to path (fp NULL). The CSV and the workbook's "scorecard"
 * sheet are this one sequence of cells, so they hold the same numbers: the
 * CSV in full precision, the workbook the full values shown with the
 * indicator's decimals (fpc_table_num_shown); scorecard numbers ("1.10")
 * and codes as text; in the workbook the verdicts filled with their colours
 * (the word kept) and a frozen header with filters. The workbook leaves the
 * published-figure and goal columns off its scorecard sheet and gives them,
 * the series and the neighbours' values long sheets of their own
 * ("targets", "published_checks", "time_series", "neighbours"), then the
 * metadata on "sources" (table_xlsx.c). 0 ok, -1 when the file could not
 * be written (message printed). */
static int scorecard_table(const rp_report *r, fpc_table_format fmt, FILE *fp, const char *path)
{
    /* The columns: the fixed ones, then the dated target and as many
     * milestones as the longest line has (target_due, target_rule, ...,
     * milestone_1_due, ...), then the target's note. */
    size_t maxm = 0;
    for (size_t i = 0; i < r->n; i++)
        if (n_milestones(&r->lines[i]) > maxm) maxm = n_milestones(&r->lines[i]);
    size_t nfix = sizeof csv_cols / sizeof *csv_cols;
    size_t ncols = nfix + (1 + maxm) * N_GOAL_FIELDS + 1;
    const char **names = fpc_xmalloc(ncols * sizeof *names);
    char **owned = fpc_xmalloc(((1 + maxm) * N_GOAL_FIELDS + 1) * sizeof *owned);
    size_t no = 0;
    memcpy(names, csv_cols, nfix * sizeof *names);
    for (size_t m = 0; m <= maxm; m++)
        for (size_t f = 0; f < N_GOAL_FIELDS; f++) {
            char buf[48];
            if (m == 0) snprintf(buf, sizeof buf, "target_%s", goal_fields[f]);
            else snprintf(buf, sizeof buf, "milestone_%zu_%s", m, goal_fields[f]);
            owned[no] = fpc_strdup(buf);
            names[nfix + no] = owned[no];
            no++;
        }
    names[ncols - 1] = "target_note";
    /* "target_rule" is a fixed column already: the goal's copy is target_rule_dated. */
    for (size_t k = nfix; k < ncols; k++)
        if (!strcmp(names[k], "target_rule")) names[k] = "target_rule_dated";
    fpc_table t;
    fpc_out o;
    if (path) {
        if (fpc_table_to_file(&t, &o, path, fmt, names, ncols) != 0) {
            for (size_t k = 0; k < no; k++) free(owned[k]);
            free(owned);
            free(names);
            return -1;
        }
    } else {
        fpc_table_begin(&t, fp, fmt, names, ncols);
    }
    fpc_table_sheet(&t, "scorecard");
    meta(&t, r);
    if (fmt == FPC_TABLE_XLSX) workbook_columns(&t, nfix);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        const rp_sc_row *s = L->sc;
        fpc_table_str(&t, s->number);
        fpc_table_str(&t, s->name);
        fpc_table_str(&t, s->theme);
        fpc_table_str(&t, L->has_data ? L->code : s->code);
        if (!L->has_data) {
            for (size_t k = 4; k < sizeof csv_cols / sizeof *csv_cols - 2; k++) {
                if (!L->own_plan) fpc_table_str(&t, NULL);   /* another area's plan */
                else if (!strcmp(csv_cols[k], "target_rule")) fpc_table_str(&t, s->target_rule);
                else if (!strcmp(csv_cols[k], "published_period")) fpc_table_str(&t, s->pub_period);
                else if (!strcmp(csv_cols[k], "published_area")) fpc_table_str(&t, s->pub_area);
                else if (!strcmp(csv_cols[k], "published_neighbours")) fpc_table_str(&t, s->pub_neighbours);
                else if (!strcmp(csv_cols[k], "published_england")) fpc_table_str(&t, s->pub_england);
                else if (!strcmp(csv_cols[k], "check_area") || !strcmp(csv_cols[k], "check_england")
                         || !strcmp(csv_cols[k], "check_neighbours"))
                    fpc_table_str(&t, (!strcmp(csv_cols[k], "check_area") && s->pub_area[0])
                                  || (!strcmp(csv_cols[k], "check_england") && s->pub_england[0])
                                  || (!strcmp(csv_cols[k], "check_neighbours") && s->pub_neighbours[0])
                                  ? "not in data" : NULL);
                else fpc_table_str(&t, NULL);
            }
            fpc_table_str(&t, L->why_none);
            fpc_table_str(&t, s->measures);
            csv_goals(&t, L, maxm);
            continue;
        }
        fpc_table_str(&t, L->period);
        fpc_table_num_shown(&t, L->value, L->dps);
        fpc_table_num_shown(&t, L->lower, L->dps);
        fpc_table_num_shown(&t, L->upper, L->dps);
        fpc_table_str(&t, L->ci_method);
        fpc_table_str(&t, L->ci_note);
        fpc_table_num(&t, L->numerator);
        fpc_table_num(&t, L->denominator);
        fpc_table_str(&t, L->den_note);
        fpc_table_num_shown(&t, L->england, L->dps);
        fpc_table_str(&t, L->region_name);
        fpc_table_num_shown(&t, L->region, L->dps);
        fpc_table_num_shown(&t, L->neighbours, L->dps);
        fpc_table_int(&t, (long)L->nb_used);
        fpc_table_int(&t, (long)L->nb_total);
        fpc_table_str(&t, fp_cmp_name(L->cmp_england));
        fpc_table_str(&t, fp_cmp_name(L->cmp_region));
        fpc_table_str(&t, fp_cmp_name(L->cmp_neighbours));
        fpc_table_str(&t, L->cmp_note);
        csv_tested(&t, L);
        if (L->rank) fpc_table_int(&t, (long)L->rank); else fpc_table_str(&t, NULL);
        if (L->rank) fpc_table_int(&t, (long)L->n_ranked); else fpc_table_str(&t, NULL);
        char band[2] = { L->band, 0 };
        fpc_table_str(&t, band);
        fpc_table_num_shown(&t, L->change_abs, L->dps);
        fpc_table_str(&t, L->trend);
        fpc_table_str(&t, L->trend_method);
        fpc_table_str(&t, L->trend_window);
        fpc_table_str(&t, L->trend_disagree);
        /* The line's SII/RII (report_ineq.c): full precision. */
        fpc_table_str(&t, L->has_sii ? L->sii_of : NULL);
        const double sv[6] = { L->sii, L->sii_lower, L->sii_upper, L->rii, L->rii_lower,
                               L->rii_upper };
        for (int k = 0; k < 6; k++) fpc_table_num(&t, L->has_sii ? sv[k] : NAN);
        fpc_table_str(&t, L->has_sii ? L->sii_breakdown : NULL);
        fpc_table_str(&t, L->own_plan ? s->target_rule : NULL);
        fpc_table_num_shown(&t, L->target_value, L->dps);
        fpc_table_str(&t, L->tword);
        fpc_table_str(&t, L->own_plan ? s->pub_period : NULL);
        csv_checks(&t, L, r->area_name, L->dps);
        csv_checks(&t, L, "statistical neighbours", L->dps);
        csv_checks(&t, L, "England", L->dps);
        fpc_table_str(&t, s->note);
        fpc_table_str(&t, s->measures);
        csv_goals(&t, L, maxm);
    }
    if (fmt == FPC_TABLE_XLSX) {
        /* Long sheets for what is one-to-many per line (tidy: one row an
         * observation), so no sheet is the 87-column table. */
        sheet_targets(&t, r);
        sheet_checks(&t, r);
        sheet_series(&t, r);
        sheet_neighbours(&t, r);
    }
    int rc = path ? fpc_table_close_file(&t, &o) : fpc_table_end(&t);
    for (size_t k = 0; k < no; k++) free(owned[k]);
    free(owned);
    free(names);
    return rc;
}

void rp_write_csv(FILE *fp, const rp_report *r)
{
    scorecard_table(r, FPC_TABLE_CSV, fp, NULL);
}

int rp_write_xlsx(const char *path, const rp_report *r)
{
    return scorecard_table(r, FPC_TABLE_XLSX, NULL, path);
}

/* s escaped for Markdown (fpc_md_escape), valid until 32 more calls: data
 * text (names, notes, periods) never reaches the page as HTML. */
static const char *md(const char *s)
{
    static char *ring[32];
    static unsigned k;
    unsigned i = k++ % 32;
    free(ring[i]);
    ring[i] = fpc_md_escape(s ? s : "");
    return ring[i];
}

void rp_write_md(FILE *fp, const rp_report *r)
{
    char b[32], c[32], d[32];
    fprintf(fp, "# %s\n\n", md(r->heading));
    if (!r->own_plan)
        fputs("The targets, milestones and published figures of the plan are its own area's "
              "and are not applied here.\n\n", fp);
    fprintf(fp, "- Data: %s\n- Statistical neighbours: %s\n- Methods: fingerpost %s, %s\n"
            "- Generated: %s\n\n", md(r->data_version ? r->data_version : ""), md(r->neighbour_version),
            FP_VERSION_STRING, FP_METHODS_VERSION, r->generated);
    const char *themes[64];
    size_t nthemes = 0;
    for (size_t i = 0; i < r->n && nthemes < 64; i++) {
        size_t k;
        for (k = 0; k < nthemes; k++) if (!strcmp(themes[k], r->lines[i].sc->theme)) break;
        if (k == nthemes) themes[nthemes++] = r->lines[i].sc->theme;
    }
    for (size_t th = 0; th < nthemes; th++) {
        fprintf(fp, "\n## %s\n\n", themes[th][0] ? md(themes[th]) : "Other");
        fprintf(fp, "| No. | Indicator | Period | %s (95%% CI) | England | Region | "
                "Neighbours | vs England | Trend | Rank | Quartile | Target |\n"
                "|---|---|---|---:|---:|---:|---:|---|---|---:|:-:|---|\n", md(r->area_name));
        for (size_t i = 0; i < r->n; i++) {
            const rp_line *L = &r->lines[i];
            if (strcmp(L->sc->theme, themes[th])) continue;
            fprintf(fp, "| %s | %s", md(L->sc->number), md(L->sc->name));
            if (L->sc->measures[0]) fprintf(fp, " (measures: %s)", md(L->sc->measures));
            if (L->has_data && L->sources[0]) fprintf(fp, " (newest of: %s)", md(L->sources));
            fputs(" | ", fp);
            if (!L->has_data) {
                fprintf(fp, "%s | | | | | | | | | |\n", md(L->why_none));
                continue;
            }
            fprintf(fp, "%s | %s", md(L->period), F(b, L->value, L->dps));
            if (!isnan(L->lower)) fprintf(fp, " (%s–%s)", F(c, L->lower, L->dps), F(d, L->upper, L->dps));
            else fputs(" (no interval)", fp);
            fprintf(fp, " | %s", F(b, L->england, L->dps));
            fprintf(fp, " | %s", F(b, L->region, L->dps));
            fprintf(fp, " | %s (%zu of %zu)", F(b, L->neighbours, L->dps), L->nb_used, L->nb_total);
            fprintf(fp, " | %s", fp_cmp_name(L->cmp_england));
            if (L->tested.code) {
                const rp_tested *x = &L->tested;
                fprintf(fp, " (%s; tested for %s, %s: %s", md(L->untested_note), md(x->period),
                        md(x->code), F(b, x->value, L->dps));
                if (!isnan(x->lower))
                    fprintf(fp, " (%s–%s)", F(c, x->lower, L->dps), F(d, x->upper, L->dps));
                fprintf(fp, " %s)", fp_cmp_name(x->cmp_england));
            }
            fprintf(fp, " | %s %s", trend_arrow(L->trend_dir), md(L->trend));
            if (L->trend_window[0]) fprintf(fp, " (%s)", md(L->trend_window));
            if (L->trend_disagree[0]) fprintf(fp, "; %s", md(L->trend_disagree));
            if (L->has_sii) {
                char sii[512];
                rp_sii_text(L, sii, sizeof sii);
                fprintf(fp, "; %s", md(sii));
            }
            if (L->rank) fprintf(fp, " | %zu of %zu", L->rank, L->n_ranked); else fputs(" | –", fp);
            fprintf(fp, " | %c | %s", L->band ? L->band : '-', md(L->tword));
            if (!isnan(L->target_value)) fprintf(fp, " (target %s)", F(b, L->target_value, L->dps));
            fputs(" |\n", fp);
        }
    }
    int anyg = 0;
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_goals; k++) {
            const rp_goal *g = &L->goals[k];
            if (!anyg) {
                fputs("\n## Targets and milestones\n\nEach judged at its date: on the value for "
                      "the period that holds the due date when the data have it (met / missed), "
                      "else on the series projected to that period with its 95% prediction "
                      "interval (on track / not on track / uncertain).\n\n"
                      "| No. | Kind | Due | Rule | Target | Period | Value | Verdict | Note |\n"
                      "|---|---|---|---|---:|---|---:|---|---|\n", fp);
                anyg = 1;
            }
            char per[40];
            if (fp_period_format(&g->v.due, per, sizeof per) != FP_OK) per[0] = 0;
            fprintf(fp, "| %s | %s | %s | %s | %s | %s%s | %s | %s | %s |\n", md(L->sc->number),
                    md(g->kind), md(g->due), md(g->rule), F(b, g->v.target, L->dps), md(per),
                    g->v.period == FP_ASSESS_NONE && !isnan(g->v.value) ? " (projected)" : "",
                    F(c, g->v.value, L->dps), fp_goal_status_name(g->v.status), md(g->v.note));
        }
    }
    int any = 0;
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_checks; k++) {
            const rp_check *ck = &L->checks[k];
            if (!any) {
                fputs("\n## Published figures checked against the data\n\n"
                      "| No. | Comparator | Period | Published | fingerpost | Agreement |\n"
                      "|---|---|---|---:|---:|---|\n", fp);
                any = 1;
            }
            fprintf(fp, "| %s | %s | %s | %s | %s | %s%s%s |\n", md(L->sc->number), md(ck->what),
                    md(ck->period), md(ck->text),
                    isnan(ck->computed) ? "–" : F(c, ck->computed, L->dps),
                    ck->status == 1 ? "agrees" : ck->status == 0 ? "differs" : "not checkable",
                    ck->note[0] ? ": " : "", md(ck->note));
        }
    }
    fprintf(fp, "\nContains public sector information licensed under the Open Government "
            "Licence v3.0 (Department for Education, LAIT, April 2026).\n");
}
