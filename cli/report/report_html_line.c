/* report_html_line.c -- the HTML page's scorecard lines: each line's value,
 * interval, verdicts, checks and tested value, and the tartan rug of the
 * neighbours. */
#include "cli.h"
#include "report.h"
#include "report_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rp_badge(FILE *fp, fp_cmp c, const char *note)
{
    const char *bg = fp_cmp_colour(c);
    fprintf(fp, "<span class=\"badge\" style=\"background:%s;color:%s\">%s %s</span>",
            bg, rp_ink_on(bg), rp_cmp_symbol(c), fp_cmp_name(c));
    if (c == FP_CMP_NOT_COMPARED && note && *note && strcmp(note, "no confidence interval")) {
        fputs("<div class=\"ind-sub\">", fp);
        rp_html_esc(fp, note);
        fputs("</div>", fp);
    }
}

static void rp_band_span(FILE *fp, char band)
{
    if (!band) { fputs("<span class=\"muted\">&ndash;</span>", fp); return; }
    const char *bg = rp_band_colour(band);
    fprintf(fp, "<span class=\"band\" style=\"background:%s;color:%s\" "
            "title=\"quartile band %c (A best, D worst)\">%c</span>", bg, rp_ink_on(bg), band, band);
}

static void rp_html_value_ci(FILE *fp, const rp_line *L)
{
    char b[32], c[32];
    fprintf(fp, "<b>%s</b>", RP_F(b, L->value, L->dps));
    if (!isnan(L->lower) && !isnan(L->upper))
        fprintf(fp, "<div class=\"ind-sub\">95%% CI %s&ndash;%s</div>",
                RP_F(b, L->lower, L->dps), RP_F(c, L->upper, L->dps));
    else
        fputs("<div class=\"ind-sub\">no interval</div>", fp);
}

static void rp_html_checks(FILE *fp, const rp_line *L)
{
    if (!L->n_checks) return;
    fputs("<div class=\"checks\">", fp);
    for (size_t k = 0; k < L->n_checks; k++) {
        const rp_check *c = &L->checks[k];
        char b[32], d[32];
        if (c->status < 0) continue;   /* listed in the published-figures section */
        const char *cls = c->status == 1 ? "chk-ok" : c->status == 0 ? "chk-bad" : "chk-na";
        fputs("<div>", fp);
        rp_html_esc(fp, c->what);
        fputs(" ", fp);
        rp_html_esc(fp, c->period);
        fputs(" &mdash; Published: ", fp);
        rp_html_esc(fp, c->text);
        fputs("; fingerpost: ", fp);
        (void)b;
        if (isnan(c->computed)) fputs("&ndash;", fp);
        else fputs(RP_F(d, c->computed, L->dps), fp);
        fprintf(fp, " <span class=\"%s\">%s</span>", cls, rp_check_symbol(c->status));
        if (c->note[0]) { fputs(" <span class=\"muted\">(", fp); rp_html_esc(fp, c->note); fputs(")</span>", fp); }
        fputs("</div>", fp);
    }
    fputs("</div>", fp);
}

/* Beside a newest value that cannot be tested: why, and the test of the
 * older value another source can test, with its period. */
static void rp_html_tested(FILE *fp, const rp_line *L)
{
    const rp_tested *t = &L->tested;
    char b[32], c[32], d[32];
    if (!t->code) return;
    fputs("<div class=\"ind-sub untested\">", fp);
    rp_html_esc(fp, L->untested_note);
    fputs("</div><div class=\"ind-sub tested\">tested for <b>", fp);
    rp_html_esc(fp, t->period);
    fputs("</b> (", fp);
    rp_html_esc(fp, t->code);
    fprintf(fp, "): %s", RP_F(b, t->value, L->dps));
    if (!isnan(t->lower) && !isnan(t->upper))
        fprintf(fp, " (95%% CI %s&ndash;%s)", RP_F(c, t->lower, L->dps), RP_F(d, t->upper, L->dps));
    fprintf(fp, ", England %s ", RP_F(b, t->england, L->dps));
    rp_badge(fp, t->cmp_england, NULL);
    fputs("</div>", fp);
}

/* The line's name cell: number, name, what it measures, code, unit,
 * polarity, note, sources and the published figures' checks. */
static void html_name_cell(FILE *fp, const rp_line *L)
{
    const rp_sc_row *s = L->sc;
    fputs("<th scope=\"row\" class=\"num\">", fp);
    rp_html_esc(fp, s->number);
    fputs("</th><td><div class=\"ind-name\">", fp);
    rp_html_esc(fp, s->name);
    fputs("</div>", fp);
    if (s->measures[0]) {
        /* A proxy: what the data actually measure, next to the plan's name. */
        fputs("<div class=\"ind-sub proxy\">measures: ", fp);
        rp_html_esc(fp, s->measures);
        fputs("</div>", fp);
    }
    fputs("<div class=\"ind-sub\">", fp);
    if (L->has_data) {
        rp_html_esc(fp, L->code);
        if (L->unit_label && *L->unit_label) { fputs(" &middot; ", fp); rp_html_esc(fp, L->unit_label); }
        fprintf(fp, " &middot; %s", L->polarity == FP_POLARITY_HIGH ? "higher is better"
                : L->polarity == FP_POLARITY_LOW ? "lower is better" : "no polarity");
    }
    if (s->note[0]) { if (L->has_data) fputs("<br>", fp); rp_html_esc(fp, s->note); }
    fputs("</div>", fp);
    if (L->has_data && L->sources[0]) {
        /* One measure from several sources: the newest is shown. */
        fputs("<div class=\"ind-sub sources\">newest of: ", fp);
        rp_html_esc(fp, L->sources);
        fputs("</div>", fp);
    }
    rp_html_checks(fp, L);
    fputs("</td>", fp);
}

/* The trend cell: arrow, verdict, its window, method and any disagreement
 * between the methods, so the words cannot contradict the numbers. */
static void html_trend_cell(FILE *fp, const rp_report *r, const rp_line *L)
{
    fprintf(fp, "<td><span aria-hidden=\"true\">%s</span> ", rp_trend_arrow(L->trend_dir));
    rp_html_esc(fp, L->trend);
    /* The window the verdict rests on, and any disagreement between the
     * methods, so the words cannot contradict the numbers beside them. */
    if (L->trend_window[0]) {
        fputs("<div class=\"ind-sub trend-window\">", fp);
        rp_html_esc(fp, L->trend_window);
        fputs("</div>", fp);
    }
    if (L->trend_method[0]) { fputs("<div class=\"ind-sub\">", fp); rp_html_esc(fp, L->trend_method); fputs("</div>", fp); }
    if (L->trend_disagree[0]) {
        fputs("<div class=\"ind-sub trend-disagree\">", fp);
        rp_html_esc(fp, L->trend_disagree);
        fputs("</div>", fp);
    }
    if (L->has_sii) {
        char sii[512];
        rp_sii_text(L, sii, sizeof sii);
        fputs("<div class=\"ind-sub inequality\">", fp);
        rp_html_esc(fp, sii);
        fputs("</div>", fp);
    }
    char bench[512];
    rp_bench_text(r, L, bench, sizeof bench);
    if (bench[0]) {
        fputs("<div class=\"ind-sub benchmarks\">", fp);
        rp_html_esc(fp, bench);
        fputs("</div>", fp);
    }
}

/* The target cell: status, target, milestones each with its verdict, note. */
static void html_target_cell(FILE *fp, const rp_line *L)
{
    char b[32];
    const rp_sc_row *s = L->sc;
    if (L->tstatus != FP_TSTATUS_NO_TARGET || (L->own_plan && s->target_rule[0])) {
        fprintf(fp, "<span class=\"%s\">%s %s</span>", rp_tstatus_class(L->tstatus),
                rp_tstatus_symbol(L->tstatus), L->tword);
        if (!isnan(L->target_value))
            fprintf(fp, "<div class=\"ind-sub\">target %s</div>", RP_F(b, L->target_value, L->dps));
        if (s->target_text[0]) { fputs("<div class=\"ind-sub\">", fp); rp_html_esc(fp, s->target_text); fputs("</div>", fp); }
        for (size_t k = 0; k < L->n_goals; k++) {
            /* Each milestone (and the dated target) with its verdict. */
            const rp_goal *g = &L->goals[k];
            if (strcmp(g->kind, "milestone")) continue;
            fputs("<div class=\"ind-sub\">milestone ", fp);
            rp_html_esc(fp, g->due);
            fputs(" &rarr; ", fp);
            rp_html_esc(fp, g->rule);
            fprintf(fp, ": <b>%s</b>", fp_goal_status_name(g->v.status));
            if (!isnan(g->v.value))
                fprintf(fp, " (%s%s)", g->v.period == FP_ASSESS_NONE ? "projected " : "",
                        RP_F(b, g->v.value, L->dps));
            fputs("</div>", fp);
        }
        if (L->target_note[0]) { fputs("<div class=\"ind-sub\">", fp); rp_html_esc(fp, L->target_note); fputs("</div>", fp); }
    } else {
        fputs("<span class=\"t-none\">no target</span>", fp);
    }
}

void rp_html_line(FILE *fp, const rp_report *r, const rp_line *L)
{
    char b[32], c[32];
    const rp_sc_row *s = L->sc;
    fprintf(fp, "<tr id=\"ind-");
    rp_html_esc(fp, s->number);
    fprintf(fp, "\" class=\"ind%s\" data-indicator=\"", L->has_data ? "" : " nodata");
    rp_html_esc(fp, s->number);
    fputs("\">", fp);
    html_name_cell(fp, L);
    if (!L->has_data) {
        fputs("<td colspan=\"10\" class=\"muted\">", fp);
        rp_html_esc(fp, L->why_none);
        if (L->own_plan && s->target_text[0]) {
            fputs(" &middot; target: ", fp);
            rp_html_esc(fp, s->target_text);
        }
        fputs("</td></tr>\n", fp);
        return;
    }
    fputs("<td class=\"nw\">", fp);
    rp_html_esc(fp, L->period);
    fputs("</td><td class=\"num\">", fp);
    rp_html_value_ci(fp, L);
    if (L->den_note[0]) { fputs("<div class=\"ind-sub wrap\">", fp); rp_html_esc(fp, L->den_note); fputs("</div>", fp); }
    fprintf(fp, "</td><td class=\"num\">%s</td>", RP_F(b, L->england, L->dps));
    fprintf(fp, "<td class=\"num\">%s", RP_F(b, L->region, L->dps));
    if (L->region_name) { fputs("<div class=\"ind-sub\">", fp); rp_html_esc(fp, L->region_name); fputs("</div>", fp); }
    fprintf(fp, "</td><td class=\"num\">%s<div class=\"ind-sub\">%zu of %zu</div></td>",
            RP_F(c, L->neighbours, L->dps), L->nb_used, L->nb_total);
    fputs("<td>", fp);
    rp_badge(fp, L->cmp_england, L->cmp_note);
    rp_html_tested(fp, L);
    fputs("</td>", fp);
    html_trend_cell(fp, r, L);
    fputs("</td><td class=\"num\">", fp);
    if (L->rank) fprintf(fp, "%zu <span class=\"muted\">of %zu</span> ", L->rank, L->n_ranked);
    rp_band_span(fp, L->band);
    if (L->band_note[0]) { fputs("<div class=\"ind-sub\">", fp); rp_html_esc(fp, L->band_note); fputs("</div>", fp); }
    fputs("</td><td>", fp);
    html_target_cell(fp, L);
    fputs("</td><td>", fp);
    rp_sparkline(fp, L, 132, 40);
    if (L->chart[0]) {
        fputs("<div class=\"ind-sub noprint\"><a href=\"charts/", fp);
        rp_html_esc(fp, L->chart);
        fputs("\">full chart</a></div>", fp);
    }
    fputs("</td></tr>\n", fp);
    (void)r;
}

void rp_html_rug(FILE *fp, const rp_report *r)
{
    char b[32];
    fputs("<h2 id=\"overview\">Overview: where ", fp);
    rp_html_esc(fp, r->area_name);
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
                fp_cmp_colour(shown[i]), rp_cmp_symbol(shown[i]), fp_cmp_name(shown[i]));
    for (char c = 'A'; c <= 'D'; c++)
        fprintf(fp, "<span><span class=\"sw\" style=\"background:%s\"></span>quartile %c</span>",
                rp_band_colour(c), c);
    fputs("</div>\n", fp);
    fputs("<div style=\"overflow-x:auto\"><table class=\"rug\"><caption class=\"muted\" "
          "style=\"text-align:left\">Indicators (rows) by area (columns)</caption><thead><tr>"
          "<th scope=\"col\" class=\"rn\" style=\"writing-mode:horizontal-tb;transform:none\">"
          "Indicator</th><th scope=\"col\" style=\"writing-mode:horizontal-tb;transform:none\">"
          "Period</th><th scope=\"col\">England</th>", fp);
    fputs("<th scope=\"col\">", fp); rp_html_esc(fp, r->area_name); fputs("</th>", fp);
    for (size_t j = 0; j < r->n_nb; j++) {
        fputs("<th scope=\"col\">", fp);
        rp_html_esc(fp, r->nb_names[j]);
        fputs("</th>", fp);
    }
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        if (!L->has_data) continue;
        fputs("<tr><th scope=\"row\" class=\"rn\"><a href=\"#ind-", fp);
        rp_html_esc(fp, L->sc->number);
        fputs("\">", fp);
        rp_html_esc(fp, L->sc->number);
        fputs("</a> ", fp);
        rp_html_esc(fp, L->sc->name);
        /* Each row's period: lines come from different years. */
        fputs("</th><td class=\"per\">", fp);
        rp_html_esc(fp, L->period);
        fprintf(fp, "</td><td>%s</td>", RP_F(b, L->england, L->dps));
        /* the area itself, then each neighbour */
        for (size_t j = 0; j <= r->n_nb; j++) {
            double v; fp_cmp cmp; char band;
            if (j == 0) { v = L->value; cmp = L->cmp_england; band = L->band; }
            else if (j - 1 < L->n_nb) { v = L->nb[j - 1].value; cmp = L->nb[j - 1].cmp; band = L->nb[j - 1].band; }
            else { v = NAN; cmp = FP_CMP_NOT_COMPARED; band = 0; }
            const char *bg, *sym;
            char title[128];
            if (cmp != FP_CMP_NOT_COMPARED) {
                bg = fp_cmp_colour(cmp); sym = rp_cmp_symbol(cmp);
                snprintf(title, sizeof title, "%s than England (95%%)", fp_cmp_name(cmp));
            } else if (band) {
                bg = rp_band_colour(band); sym = "";
                snprintf(title, sizeof title, "quartile band %c", band);
            } else {
                bg = fp_cmp_colour(FP_CMP_NOT_COMPARED); sym = "";
                snprintf(title, sizeof title, "%s", isnan(v) ? "no value" : "not compared");
            }
            fprintf(fp, "<td%s style=\"background:%s;color:%s\" title=\"%s\">%s%s%s",
                    j == 0 ? " class=\"self\"" : "", bg, rp_ink_on(bg), title, sym, *sym ? " " : "",
                    isnan(v) ? "&ndash;" : RP_F(b, v, L->dps));
            if (cmp == FP_CMP_NOT_COMPARED && band) fprintf(fp, " <small>%c</small>", band);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div>\n", fp);
}

