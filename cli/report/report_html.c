/* report_html.c -- the report as one self-contained accessible HTML page
 * (inline CSS and SVG, no network, print styles): head, summary, key,
 * theme tables, published figures, methods. */
#include "cli.h"
#include "report.h"
#include "report_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void rp_html_methods(FILE *fp, const rp_report *r)
{
    fputs("<h2 id=\"methods\">Methods and sources</h2>\n<ul>\n", fp);
    fputs("<li><b>Data</b>: ", fp);
    rp_html_esc(fp, r->data_version ? r->data_version : "");
    fputs(". Files:<ul>", fp);
    for (size_t i = 0; i < r->n_data_files; i++) {
        const char *f = r->data_files[i], *sl = strrchr(f, '/');
        fputs("<li><code>", fp);
        rp_html_esc(fp, r->data_shipped && sl ? sl + 1 : f);
        fputs("</code></li>", fp);
    }
    fputs("</ul></li>\n", fp);
    fputs("<li><b>Scorecard definition</b>: <code>", fp);
    rp_html_esc(fp, r->scorecard_path);
    fputs("</code> (indicator numbers, names, mappings, targets and the figures the council "
          "published).</li>\n", fp);
    fputs("<li><b>Statistical neighbours</b>: DfE Children's Services Statistical Neighbours, "
          "version <code>", fp);
    rp_html_esc(fp, r->neighbour_version);
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
static void rp_html_head(FILE *fp, const rp_report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", fp);
    fprintf(fp, "<meta name=\"generator\" content=\"fingerpost %s (%s)\">\n",
            FP_VERSION_STRING, FP_METHODS_VERSION);
    fputs("<title>", fp);
    rp_html_esc(fp, r->heading);
    fputs("</title>\n<style>\n", fp);
    fputs(CSS, fp);
    fputs("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n", fp);
    fputs("<header class=\"top\"><h1>", fp);
    rp_html_esc(fp, r->heading);
    fputs("</h1><p>Latest values compared with England, ", fp);
    rp_html_esc(fp, r->region_name ? r->region_name : "the region");
    fputs(r->own_plan ? " and statistical neighbours; trends, ranks, quartiles and targets.</p>"
                      : " and statistical neighbours; trends, ranks and quartiles. The targets, "
                        "milestones and published figures of the plan are its own area's and "
                        "are not applied here.</p>", fp);
    fputs("<p>Data: ", fp);
    rp_html_esc(fp, r->data_shipped ? "DfE LAIT (April 2026), DfE EES and OHID Fingertips extracts "
                                   "with counts, and an illustrative local example (shipped demo "
                                   "data)"
                                 : "files given with --data (see Methods and sources)");
    fprintf(fp, " &middot; neighbours: ");
    rp_html_esc(fp, r->neighbour_version);
    fprintf(fp, " &middot; methods: %s &middot; generated %s</p></header>\n",
            FP_METHODS_VERSION, r->generated);
    fputs("<main id=\"main\">\n", fp);
}

/* The summary boxes: lines with data, how many are significantly better or
 * worse than England, similar or not tested, targets met / on / off track
 * and the published figures reproduced. */
static void rp_html_summary(FILE *fp, const rp_report *r)
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
            fp_cmp_colour(FP_CMP_BETTER), better, rp_cmp_symbol(FP_CMP_BETTER));
    fprintf(fp, "<div style=\"border-color:%s\"><b>%zu</b>%s significantly worse than England</div>",
            fp_cmp_colour(FP_CMP_WORSE), worse, rp_cmp_symbol(FP_CMP_WORSE));
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
static void rp_html_key(FILE *fp)
{
    fputs("<details open><summary>How to read this page</summary><p>Comparison colours follow "
          "OHID Fingertips and always come with a word and a symbol: ", fp);
    fp_cmp shown[] = { FP_CMP_BETTER, FP_CMP_SIMILAR, FP_CMP_WORSE, FP_CMP_HIGHER, FP_CMP_LOWER,
                       FP_CMP_NOT_COMPARED };
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
        rp_badge(fp, shown[i], NULL);
        fputs(" ", fp);
    }
    fputs(". Trend arrows: &#8599; rising, &#8600; falling, &#8594; no significant change, "
          "&ndash; cannot be calculated; the words say whether that is better or worse. "
          "Quartile bands: A best to D worst among all local authorities. Small charts: the "
          "area's values (blue; orange dot = latest) with 95% intervals where known, England "
          "dashed.</p></details>\n", fp);
}

/* One table per theme, themes in first-seen order (at most 64). */
static void rp_html_theme_tables(FILE *fp, const rp_report *r)
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
        rp_html_esc(fp, themes[t]);
        fputs("\">", fp);
        rp_html_esc(fp, themes[t][0] ? themes[t] : "Other");
        fputs("</h2>\n<table class=\"scorecard\" aria-label=\"", fp);
        rp_html_esc(fp, themes[t][0] ? themes[t] : "Other");
        fputs(" indicators\"><thead><tr>"
              "<th scope=\"col\" class=\"num\">No.</th><th scope=\"col\">Indicator</th>"
              "<th scope=\"col\">Period</th><th scope=\"col\" class=\"num\">", fp);
        rp_html_esc(fp, r->area_name);
        fputs("</th><th scope=\"col\" class=\"num\">England</th>"
              "<th scope=\"col\" class=\"num\">Region</th>"
              "<th scope=\"col\" class=\"num\">Neighbours</th>"
              "<th scope=\"col\">Compared with England</th><th scope=\"col\">Trend</th>"
              "<th scope=\"col\" class=\"num\">Rank &middot; quartile</th>"
              "<th scope=\"col\">Target</th><th scope=\"col\">Series</th></tr></thead><tbody>\n", fp);
        for (size_t i = 0; i < r->n; i++)
            if (!strcmp(r->lines[i].sc->theme, themes[t])) rp_html_line(fp, r, &r->lines[i]);
        fputs("</tbody></table>\n", fp);
    }
}

/* The source of published figure index of a line: one source per quotation
 * when the line's sources are " | "-separated, else the whole text. */
static void rp_html_pub_source(FILE *fp, const rp_line *L, size_t index)
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
        rp_html_esc(fp, one);
        free(one);
    } else {
        rp_html_esc(fp, src);
    }
}

/* The published figures checked against the data, one row each, when the
 * scorecard quotes any. */
static void rp_html_published(FILE *fp, const rp_report *r)
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
            rp_html_esc(fp, L->sc->number);
            fputs("\">", fp);
            rp_html_esc(fp, L->sc->number);
            fputs("</a></td><td>", fp);
            rp_html_esc(fp, c->what);
            fputs("</td><td class=\"nw\">", fp);
            rp_html_esc(fp, c->period);
            fputs("</td><td class=\"num\">", fp);
            rp_html_esc(fp, c->text);
            fprintf(fp, "</td><td class=\"num\">%s</td><td><span class=\"%s\">%s %s</span>",
                    isnan(c->computed) ? "&ndash;" : RP_F(b, c->computed, L->dps), cls,
                    rp_check_symbol(c->status),
                    c->status == 1 ? "agrees" : c->status == 0 ? "differs" : "not checkable");
            if (c->note[0]) { fputs("<div class=\"ind-sub\">", fp); rp_html_esc(fp, c->note); fputs("</div>", fp); }
            fputs("</td><td class=\"ind-sub\">", fp);
            rp_html_pub_source(fp, L, c->index);
            fputs("</td></tr>\n", fp);
        }
    }
    if (any) fputs("</tbody></table>\n", fp);
}

/* The page: head and banner, summary, key, rug, one table per theme,
 * published figures, methods and sources, footer. */
void rp_write_html(FILE *fp, const rp_report *r)
{
    rp_html_head(fp, r);
    rp_html_summary(fp, r);
    rp_html_key(fp);
    rp_html_rug(fp, r);
    rp_html_theme_tables(fp, r);
    rp_html_published(fp, r);
    rp_html_methods(fp, r);
    fputs("<footer>Made with fingerpost ", fp);
    fputs(FP_VERSION_STRING, fp);
    fputs(". This page is self-contained: it loads nothing from the network; the same numbers "
          "are in <code>scorecard.csv</code> and <code>scorecard.md</code>.</footer>\n", fp);
    fputs("</main>\n</body>\n</html>\n", fp);
}

