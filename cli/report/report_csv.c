/* report_csv.c -- the report as a table: scorecard.csv, and scorecard.xlsx
 * with its further sheets (targets, checks, series, neighbours), through
 * the shared table writer. */
#include "cli.h"
#include "report.h"
#include "report_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void rp_meta(fpc_table *t, const rp_report *r)
{
    fpc_table_meta(t, "methods_version", FP_METHODS_VERSION);
    fpc_table_meta(t, "data_version", r->data_version ? r->data_version : "");
    fpc_table_meta(t, "neighbours_version", r->neighbour_version);
    fpc_table_meta(t, "area", r->area_name);
}

/* The published / fingerpost / agreement cells for one comparator, with
 * several quotations joined by ';' in the order of published_period. */
static void rp_csv_checks(fpc_table *t, const rp_line *L, const char *what, int dps)
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
static void rp_csv_tested(fpc_table *t, const rp_line *L)
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
static size_t rp_n_milestones(const rp_line *L)
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
static void rp_csv_goal(fpc_table *t, const rp_goal *g, int dps)
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
static void rp_csv_goals(fpc_table *t, const rp_line *L, size_t max)
{
    const rp_goal *target = NULL;
    for (size_t k = 0; k < L->n_goals; k++)
        if (!strcmp(L->goals[k].kind, "target")) target = &L->goals[k];
    rp_csv_goal(t, target, L->dps);
    size_t m = 0;
    for (size_t k = 0; k < L->n_goals && m < max; k++)
        if (!strcmp(L->goals[k].kind, "milestone")) { rp_csv_goal(t, &L->goals[k], L->dps); m++; }
    for (; m < max; m++) rp_csv_goal(t, NULL, -1);
    fpc_table_str(t, target ? target->v.note : NULL);
}

/* --------------------------------------------------------- workbook */

/* Whether scorecard column name is one of the published-figure checks,
 * which the workbook gives a sheet of their own. */
static int rp_check_column(const char *name)
{
    return !strncmp(name, "published_", 10) || !strncmp(name, "fingerpost_", 11) ||
           !strncmp(name, "check_", 6);
}

/* The workbook's scorecard sheet: every column of scorecard.csv up to its
 * goal columns, except the published-figure checks (their own sheet) and
 * the inequality columns after sii (the sheet keeps within 50 columns; the
 * CSV, HTML and Markdown carry them all). */
static void rp_workbook_columns(fpc_table *t, size_t nfix)
{
    const char **keep = fpc_xmalloc((nfix + 1) * sizeof *keep);
    size_t nk = 0;
    for (size_t k = 0; k < nfix; k++)
        if (!rp_check_column(csv_cols[k])
            && (strncmp(csv_cols[k], "sii_", 4) || !strcmp(csv_cols[k], "sii_area"))
            && strncmp(csv_cols[k], "rii_", 4))
            keep[nk++] = csv_cols[k];
    keep[nk] = NULL;
    fpc_table_select(t, "report", NULL, 0, keep);
    free(keep);
}

/* The line's indicator code as the scorecard sheet shows it. */
static const char *rp_line_code(const rp_line *L)
{
    return L->has_data ? L->code : L->sc->code;
}

/* Sheet "targets": one row a goal (the dated target and each milestone). */
static void rp_sheet_targets(fpc_table *t, const rp_report *r)
{
    static const char *const cols[] = { "number", "indicator", "kind", "due", "rule", "goal",
                                        "judged_period", "judged_value", "verdict", "note" };
    fpc_table_next_sheet(t, "targets", cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_goals; k++) {
            fpc_table_str(t, L->sc->number);
            fpc_table_str(t, rp_line_code(L));
            fpc_table_str(t, L->goals[k].kind);
            rp_csv_goal(t, &L->goals[k], L->dps);
            fpc_table_str(t, L->goals[k].v.note);
        }
    }
}

/* Sheet "published_checks": one row a published figure checked. */
static void rp_sheet_checks(fpc_table *t, const rp_report *r)
{
    static const char *const cols[] = { "number", "indicator", "comparator", "period",
                                        "published", "fingerpost", "agreement", "note" };
    fpc_table_next_sheet(t, "published_checks", cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        for (size_t k = 0; k < L->n_checks; k++) {
            const rp_check *c = &L->checks[k];
            fpc_table_str(t, L->sc->number);
            fpc_table_str(t, rp_line_code(L));
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
static void rp_sheet_series(fpc_table *t, const rp_report *r)
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
static void rp_sheet_neighbours(fpc_table *t, const rp_report *r)
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

/* The cells of a line without data: its plan's figures (when the plan is
 * the area's own), the reason, the measures and the goals (maxm
 * milestones). */
static void line_cells_without_data(fpc_table *t, const rp_line *L, size_t maxm)
{
    const rp_sc_row *s = L->sc;
    for (size_t k = 4; k < sizeof csv_cols / sizeof *csv_cols - 2; k++) {
        if (!L->own_plan) fpc_table_str(t, NULL);   /* another area's plan */
        else if (!strcmp(csv_cols[k], "target_rule")) fpc_table_str(t, s->target_rule);
        else if (!strcmp(csv_cols[k], "published_period")) fpc_table_str(t, s->pub_period);
        else if (!strcmp(csv_cols[k], "published_area")) fpc_table_str(t, s->pub_area);
        else if (!strcmp(csv_cols[k], "published_neighbours")) fpc_table_str(t, s->pub_neighbours);
        else if (!strcmp(csv_cols[k], "published_england")) fpc_table_str(t, s->pub_england);
        else if (!strcmp(csv_cols[k], "check_area") || !strcmp(csv_cols[k], "check_england")
                 || !strcmp(csv_cols[k], "check_neighbours"))
            fpc_table_str(t, (!strcmp(csv_cols[k], "check_area") && s->pub_area[0])
                          || (!strcmp(csv_cols[k], "check_england") && s->pub_england[0])
                          || (!strcmp(csv_cols[k], "check_neighbours") && s->pub_neighbours[0])
                          ? "not in data" : NULL);
        else fpc_table_str(t, NULL);
    }
    fpc_table_str(t, L->why_none);
    fpc_table_str(t, s->measures);
    rp_csv_goals(t, L, maxm);
}

/* The cells of a line with data, in csv_cols order, then its goals (maxm
 * milestones). */
static void line_cells(fpc_table *t, const rp_report *r, const rp_line *L, size_t maxm)
{
    const rp_sc_row *s = L->sc;
    fpc_table_str(t, L->period);
    fpc_table_num_shown(t, L->value, L->dps);
    fpc_table_num_shown(t, L->lower, L->dps);
    fpc_table_num_shown(t, L->upper, L->dps);
    fpc_table_str(t, L->ci_method);
    fpc_table_str(t, L->ci_note);
    fpc_table_num(t, L->numerator);
    fpc_table_num(t, L->denominator);
    fpc_table_str(t, L->den_note);
    fpc_table_num_shown(t, L->england, L->dps);
    fpc_table_str(t, L->region_name);
    fpc_table_num_shown(t, L->region, L->dps);
    fpc_table_num_shown(t, L->neighbours, L->dps);
    fpc_table_int(t, (long)L->nb_used);
    fpc_table_int(t, (long)L->nb_total);
    fpc_table_str(t, fp_cmp_name(L->cmp_england));
    fpc_table_str(t, fp_cmp_name(L->cmp_region));
    fpc_table_str(t, fp_cmp_name(L->cmp_neighbours));
    fpc_table_str(t, L->cmp_note);
    rp_csv_tested(t, L);
    if (L->rank) fpc_table_int(t, (long)L->rank); else fpc_table_str(t, NULL);
    if (L->rank) fpc_table_int(t, (long)L->n_ranked); else fpc_table_str(t, NULL);
    char band[2] = { L->band, 0 };
    fpc_table_str(t, band);
    fpc_table_num_shown(t, L->change_abs, L->dps);
    fpc_table_str(t, L->trend);
    fpc_table_str(t, L->trend_method);
    fpc_table_str(t, L->trend_window);
    fpc_table_str(t, L->trend_disagree);
    /* The line's SII/RII (report_ineq.c): full precision. */
    fpc_table_str(t, L->has_sii ? L->sii_of : NULL);
    const double sv[6] = { L->sii, L->sii_lower, L->sii_upper, L->rii, L->rii_lower, L->rii_upper };
    for (int k = 0; k < 6; k++) fpc_table_num(t, L->has_sii ? sv[k] : NAN);
    fpc_table_str(t, L->has_sii ? L->sii_breakdown : NULL);
    fpc_table_str(t, L->own_plan ? s->target_rule : NULL);
    fpc_table_num_shown(t, L->target_value, L->dps);
    fpc_table_str(t, L->tword);
    fpc_table_str(t, L->own_plan ? s->pub_period : NULL);
    rp_csv_checks(t, L, r->area_name, L->dps);
    rp_csv_checks(t, L, "statistical neighbours", L->dps);
    rp_csv_checks(t, L, "England", L->dps);
    fpc_table_str(t, s->note);
    fpc_table_str(t, s->measures);
    rp_csv_goals(t, L, maxm);
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
static int rp_scorecard_table(const rp_report *r, fpc_table_format fmt, FILE *fp, const char *path)
{
    /* The columns: the fixed ones, then the dated target and as many
     * milestones as the longest line has (target_due, target_rule, ...,
     * milestone_1_due, ...), then the target's note. */
    size_t maxm = 0;
    for (size_t i = 0; i < r->n; i++)
        if (rp_n_milestones(&r->lines[i]) > maxm) maxm = rp_n_milestones(&r->lines[i]);
    size_t nfix = sizeof csv_cols / sizeof *csv_cols;
    /* Then the columns of --quantiles, --goal and --percentiles, only when
     * given (report_bench.c). */
    const char *bench[RP_BENCH_MAX_COLS];
    size_t nb = rp_bench_columns(r, bench);
    size_t ncols = nfix + (1 + maxm) * N_GOAL_FIELDS + 1 + nb;
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
    names[ncols - 1 - nb] = "target_note";
    memcpy(names + ncols - nb, bench, nb * sizeof *names);
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
    rp_meta(&t, r);
    if (fmt == FPC_TABLE_XLSX) rp_workbook_columns(&t, nfix);
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        const rp_sc_row *s = L->sc;
        fpc_table_str(&t, s->number);
        fpc_table_str(&t, s->name);
        fpc_table_str(&t, s->theme);
        fpc_table_str(&t, L->has_data ? L->code : s->code);
        if (!L->has_data) line_cells_without_data(&t, L, maxm);
        else line_cells(&t, r, L, maxm);
        rp_bench_cells(&t, r, L);
    }
    if (fmt == FPC_TABLE_XLSX) {
        /* Long sheets for what is one-to-many per line (tidy: one row an
         * observation), so no sheet is the 87-column table. */
        rp_sheet_targets(&t, r);
        rp_sheet_checks(&t, r);
        rp_sheet_series(&t, r);
        rp_sheet_neighbours(&t, r);
    }
    int rc = path ? fpc_table_close_file(&t, &o) : fpc_table_end(&t);
    for (size_t k = 0; k < no; k++) free(owned[k]);
    free(owned);
    free(names);
    return rc;
}

void rp_write_csv(FILE *fp, const rp_report *r)
{
    rp_scorecard_table(r, FPC_TABLE_CSV, fp, NULL);
}

int rp_write_xlsx(const char *path, const rp_report *r)
{
    return rp_scorecard_table(r, FPC_TABLE_XLSX, NULL, path);
}

