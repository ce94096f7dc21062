/* report_md.c -- the report as a Markdown summary (scorecard.md); data text
 * is escaped, never read as Markdown or HTML. */
#include "cli.h"
#include "report.h"
#include "report_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* s escaped for Markdown (fpc_md_escape), valid until 32 more calls: data
 * text (names, notes, periods) never reaches the page as HTML. */
static const char *rp_md(const char *s)
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
    fprintf(fp, "# %s\n\n", rp_md(r->heading));
    if (!r->own_plan)
        fputs("The targets, milestones and published figures of the plan are its own area's "
              "and are not applied here.\n\n", fp);
    fprintf(fp, "- Data: %s\n- Statistical neighbours: %s\n- Methods: fingerpost %s, %s\n"
            "- Generated: %s\n\n", rp_md(r->data_version ? r->data_version : ""), rp_md(r->neighbour_version),
            FP_VERSION_STRING, FP_METHODS_VERSION, r->generated);
    const char *themes[64];
    size_t nthemes = 0;
    for (size_t i = 0; i < r->n && nthemes < 64; i++) {
        size_t k;
        for (k = 0; k < nthemes; k++) if (!strcmp(themes[k], r->lines[i].sc->theme)) break;
        if (k == nthemes) themes[nthemes++] = r->lines[i].sc->theme;
    }
    for (size_t th = 0; th < nthemes; th++) {
        fprintf(fp, "\n## %s\n\n", themes[th][0] ? rp_md(themes[th]) : "Other");
        fprintf(fp, "| No. | Indicator | Period | %s (95%% CI) | England | Region | "
                "Neighbours | vs England | Trend | Rank | Quartile | Target |\n"
                "|---|---|---|---:|---:|---:|---:|---|---|---:|:-:|---|\n", rp_md(r->area_name));
        for (size_t i = 0; i < r->n; i++) {
            const rp_line *L = &r->lines[i];
            if (strcmp(L->sc->theme, themes[th])) continue;
            fprintf(fp, "| %s | %s", rp_md(L->sc->number), rp_md(L->sc->name));
            if (L->sc->measures[0]) fprintf(fp, " (measures: %s)", rp_md(L->sc->measures));
            if (L->has_data && L->sources[0]) fprintf(fp, " (newest of: %s)", rp_md(L->sources));
            fputs(" | ", fp);
            if (!L->has_data) {
                fprintf(fp, "%s | | | | | | | | | |\n", rp_md(L->why_none));
                continue;
            }
            fprintf(fp, "%s | %s", rp_md(L->period), RP_F(b, L->value, L->dps));
            if (!isnan(L->lower)) fprintf(fp, " (%s–%s)", RP_F(c, L->lower, L->dps), RP_F(d, L->upper, L->dps));
            else fputs(" (no interval)", fp);
            fprintf(fp, " | %s", RP_F(b, L->england, L->dps));
            fprintf(fp, " | %s", RP_F(b, L->region, L->dps));
            fprintf(fp, " | %s (%zu of %zu)", RP_F(b, L->neighbours, L->dps), L->nb_used, L->nb_total);
            fprintf(fp, " | %s", fp_cmp_name(L->cmp_england));
            if (L->tested.code) {
                const rp_tested *x = &L->tested;
                fprintf(fp, " (%s; tested for %s, %s: %s", rp_md(L->untested_note), rp_md(x->period),
                        rp_md(x->code), RP_F(b, x->value, L->dps));
                if (!isnan(x->lower))
                    fprintf(fp, " (%s–%s)", RP_F(c, x->lower, L->dps), RP_F(d, x->upper, L->dps));
                fprintf(fp, " %s)", fp_cmp_name(x->cmp_england));
            }
            fprintf(fp, " | %s %s", rp_trend_arrow(L->trend_dir), rp_md(L->trend));
            if (L->trend_window[0]) fprintf(fp, " (%s)", rp_md(L->trend_window));
            if (L->trend_disagree[0]) fprintf(fp, "; %s", rp_md(L->trend_disagree));
            if (L->has_sii) {
                char sii[512];
                rp_sii_text(L, sii, sizeof sii);
                fprintf(fp, "; %s", rp_md(sii));
            }
            char bench[512];
            rp_bench_text(r, L, bench, sizeof bench);
            if (bench[0]) fprintf(fp, "; %s", rp_md(bench));
            if (L->rank) fprintf(fp, " | %zu of %zu", L->rank, L->n_ranked); else fputs(" | –", fp);
            fprintf(fp, " | %c | %s", L->band ? L->band : '-', rp_md(L->tword));
            if (!isnan(L->target_value)) fprintf(fp, " (target %s)", RP_F(b, L->target_value, L->dps));
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
            fprintf(fp, "| %s | %s | %s | %s | %s | %s%s | %s | %s | %s |\n", rp_md(L->sc->number),
                    rp_md(g->kind), rp_md(g->due), rp_md(g->rule), RP_F(b, g->v.target, L->dps), rp_md(per),
                    g->v.period == FP_ASSESS_NONE && !isnan(g->v.value) ? " (projected)" : "",
                    RP_F(c, g->v.value, L->dps), fp_goal_status_name(g->v.status), rp_md(g->v.note));
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
            fprintf(fp, "| %s | %s | %s | %s | %s | %s%s%s |\n", rp_md(L->sc->number), rp_md(ck->what),
                    rp_md(ck->period), rp_md(ck->text),
                    isnan(ck->computed) ? "–" : RP_F(c, ck->computed, L->dps),
                    ck->status == 1 ? "agrees" : ck->status == 0 ? "differs" : "not checkable",
                    ck->note[0] ? ": " : "", rp_md(ck->note));
        }
    }
    fprintf(fp, "\nContains public sector information licensed under the Open Government "
            "Licence v3.0 (Department for Education, LAIT, April 2026).\n");
}
