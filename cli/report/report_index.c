/* report_index.c -- index.html of --areas/--all-areas: every area's
 * scorecard linked with its summary, and the former councils left out. */
#include "cli.h"
#include "report.h"
#include "report_run.h"
#include "io.h"

#include <string.h>

/* Lines compared with England, and how many of them were better or worse
 * (at 95% or 99.8%): the one-line summary of the index page. */
static void england_counts(const rp_report *r, size_t *tested, size_t *better, size_t *worse)
{
    *tested = *better = *worse = 0;
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        if (!L->has_data || L->cmp_england == FP_CMP_NOT_COMPARED) continue;
        (*tested)++;
        *better += L->cmp_england == FP_CMP_BETTER || L->cmp_england == FP_CMP_BETTER_998;
        *worse += L->cmp_england == FP_CMP_WORSE || L->cmp_england == FP_CMP_WORSE_998;
    }
}

/* The table of areas: each linked with its summary and its files. */
static void index_table(FILE *fp, const rp_report *reps, char *const *folders, size_t n)
{
    fputs("<p>Each area's indicators compared with England by the Fingertips rule "
          "(the England value outside the area's 95% confidence interval): how many "
          "could be compared, and how many were significantly better or worse.</p>\n"
          "<table>\n<caption>Scorecards by area</caption>\n<thead><tr><th scope=\"col\">Area</th>"
          "<th scope=\"col\">Code</th><th scope=\"col\">Region</th>"
          "<th scope=\"col\">Compared with England</th><th scope=\"col\">Better</th>"
          "<th scope=\"col\">Worse</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>\n", fp);
    for (size_t k = 0; k < n; k++) {
        const rp_report *r = &reps[k];
        size_t tested, better, worse;
        england_counts(r, &tested, &better, &worse);
        fputs("<tr><th scope=\"row\"><a href=\"", fp);
        fpc_html_puts(fp, folders[k]);
        fputs("/scorecard.html\">", fp);
        fpc_html_puts(fp, r->area_name);
        fputs("</a></th><td>", fp);
        fpc_html_puts(fp, r->area_code ? r->area_code : "");
        fputs("</td><td>", fp);
        fpc_html_puts(fp, r->region_name ? r->region_name : "");
        fprintf(fp, "</td><td class=\"n\">%zu of %zu</td><td class=\"n\">%zu</td>"
                "<td class=\"n\">%zu</td><td>", tested, r->n, better, worse);
        static const char *const files[] = { "scorecard.csv", "scorecard.xlsx", "scorecard.md" };
        for (size_t f = 0; f < 3; f++) {
            fputs(f ? ", <a href=\"" : "<a href=\"", fp);
            fpc_html_puts(fp, folders[k]);
            fprintf(fp, "/%s\">%s<span class=\"vh\"> for ", files[f],
                    files[f] + 10);
            fpc_html_puts(fp, r->area_name);
            fputs("</span></a>", fp);
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
}

/* The councils --all-areas left out, so none is lost without a word. */
static void index_former(FILE *fp, const rp_run *R, const size_t *former, size_t n_former)
{
    /* The councils --all-areas left out, so none is lost without a word. */
    fputs("<h2>Former councils</h2>\n<p>These councils no longer exist (their latest "
          "figures are from before they were abolished or merged), so they have no "
          "scorecard here. Name one with <code>--areas</code> to report on it.</p>\n"
          "<table>\n<caption>Former councils, not reported</caption>\n<thead><tr>"
          "<th scope=\"col\">Area</th><th scope=\"col\">Code</th>"
          "<th scope=\"col\">Until</th><th scope=\"col\">What happened</th></tr></thead>\n"
          "<tbody>\n", fp);
    for (size_t k = 0; k < n_former; k++) {
        const fp_area *A = &R->in.ds->areas[former[k]];
        const fpc_area_id *id = rp_former_council(R, former[k]);
        fputs("<tr><th scope=\"row\">", fp);
        fpc_html_puts(fp, A->name);
        fputs("</th><td>", fp);
        fpc_html_puts(fp, A->code ? A->code : "");
        fputs("</td><td>", fp);
        fpc_html_puts(fp, id ? id->valid_to : "");
        fputs("</td><td>", fp);
        fpc_html_puts(fp, id ? id->note : "");
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
}

/* index.html of --areas/--all-areas: one accessible page (a table with a
 * caption and header cells, no scripts) linking each area's scorecard with
 * its summary. */
void rp_write_index(FILE *fp, const rp_report *reps, char *const *folders, size_t n,
                    const rp_run *R, const size_t *former, size_t n_former)
{
    const rp_report *r0 = n ? &reps[0] : NULL;
    /* The plan is one area's: "Sefton's Children's Strategy Score Card set". */
    char title[512];
    const rp_plan *P0 = &R->plans[0];
    const char *owner = P0->area == RP_PLAN_ANY ? NULL
                      : P0->area == RP_PLAN_NOWHERE ? P0->name : R->in.ds->areas[P0->area].name;
    if (owner)
        snprintf(title, sizeof title, "%s's %s set", owner, r0 ? r0->scorecard_title : "scorecard");
    else snprintf(title, sizeof title, "%s", r0 ? r0->scorecard_title : "Scorecards");
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", fp);
    fpc_html_puts(fp, title);
    fputs(": every area</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:60rem;"
          "margin:1rem auto;padding:0 1rem;color:#0b0c0c}\ntable{border-collapse:collapse;width:100%}\n"
          "th,td{border-bottom:1px solid #b1b4b6;padding:.4rem;text-align:left}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}\na{color:#1d70b8}\n"
          "a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\n"
          ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
          "white-space:nowrap}\n</style>\n</head>\n"
          "<body>\n<main>\n<h1>", fp);
    fpc_html_puts(fp, title);
    fprintf(fp, ": %zu areas</h1>\n", n);
    if (owner) {
        fputs("<p>The plan's targets, milestones and published figures are ", fp);
        fpc_html_puts(fp, owner);
        fputs("'s: only its scorecard judges them.", fp);
        int any = 0;
        for (size_t k = 1; k < R->n_plans; k++) {
            const rp_plan *P = &R->plans[k];
            if (P->area == RP_PLAN_ANY || P->area == RP_PLAN_NOWHERE) continue;
            fputs(any ? ", " : " Councils reported on their own plan: ", fp);
            fpc_html_puts(fp, R->in.ds->areas[P->area].name);
            any = 1;
        }
        fputs(any ? ". " : " ", fp);
        fputs("Every other area's page shows the same indicators with their comparisons, ranks "
              "and trends.</p>\n", fp);
    }
    fputs("<p>Data: ", fp);
    fpc_html_puts(fp, r0 && r0->data_version ? r0->data_version : "");
    fputs(". Statistical neighbours: ", fp);
    fpc_html_puts(fp, r0 ? r0->neighbour_version : "none");
    fprintf(fp, ". Methods: fingerpost %s, %s. Generated %s.</p>\n", FP_VERSION_STRING,
            FP_METHODS_VERSION, r0 ? r0->generated : "");
    index_table(fp, reps, folders, n);
    if (n_former) index_former(fp, R, former, n_former);
    fputs("</main>\n</body>\n</html>\n", fp);
}

