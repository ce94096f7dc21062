/* compare_table.c -- the table of `fingerpost compare`: its columns, and one
 * row per (indicator, area) formatted from the area's assessment
 * (fp_assess). The statistics are all in libfingerpost; this file only
 * formats. */
#include "cli.h"
#include "compare_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const target_opt *cp_find_target(const copts *o, const char *code)
{
    for (size_t i = 0; i < o->n_targets; i++)
        if (!strcmp(o->targets[i].code, code)) return &o->targets[i];
    return NULL;
}

const char *const cp_columns[] = {
    "indicator", "indicator_name", "area_code", "area_name", "period", "polarity", "unit",
    "value", "lower95", "upper95", "lower998", "upper998", "numerator", "denominator",
    "england", "region_name", "region",
    "neighbours", "neighbours_n", "neighbours_lower95", "neighbours_upper95",
    "versus_name", "versus", "versus_n",
    "vs_england_95", "vs_england_998", "vs_england", "rag_colour",
    "vs_region_95", "vs_region_998", "vs_neighbours_95", "vs_neighbours_998",
    "vs_versus_95", "vs_versus_998",
    "not_compared_reason",
    "test_england", "test_england_p", "test_region", "test_region_p",
    "test_neighbours", "test_neighbours_p", "test_method",
    "rank", "ranked_of", "percentile", "quartile", "quartile_q1", "quartile_q2", "quartile_q3",
    "quintile",
    "neighbour_rank",
    "change_1", "change_1_pct", "change_3", "change_3_pct",
    "diff_england", "diff_england_pct",
    "target_rule", "target", "target_status",
    "note",
    "target_period", "projected_value", "projected_lower95", "projected_upper95", "target_outlook",
    "ci_source", "trend", "trend_method", "trend_window", "trend_disagree", "la_number",
    "funnel", "funnel_phi", "funnel_tau2", "funnel_limits",
    "sii", "sii_lower95", "sii_upper95", "rii", "rii_lower95", "rii_upper95", "sii_breakdown",
    "sii_note", "quantile", "quantile_of", "quantile_within",
    "goal", "vs_goal", "goal_rag", "vs_percentiles", "percentiles_category"
};
const size_t cp_n_columns = sizeof cp_columns / sizeof *cp_columns;

/* The default columns: what an analyst asks of compare (where the area
 * stands, against whom, how sure, and which way it is going). */
const char *const cp_default_columns[] = {
    "indicator", "indicator_name", "area_name", "period", "value", "lower95", "upper95",
    "england", "region", "neighbours", "vs_england", "rank", "ranked_of", "quartile", "trend",
    "trend_window", "target_status", "note", NULL
};

/* The Fingertips rule at both levels against one comparator. */
static void rule_cells(fpc_table *t, const fp_comparator *k)
{
    fpc_table_str(t, fp_cmp_name(k->cmp95));
    fpc_table_str(t, fp_cmp_name(k->cmp998));
}

/* The two-sample test against one comparator. */
static void test_cells(fpc_table *t, const fp_comparator *k, const fp_assessment *r,
                       const char **method)
{
    if (!isfinite(r->ci.numerator) || !isfinite(r->ci.denominator) || !isfinite(k->numerator)) {
        fpc_table_str(t, NULL);
        fpc_table_num(t, NAN);
        return;
    }
    fpc_table_str(t, fp_cmp_name(k->test.result));
    fpc_table_num(t, k->test.status == FP_OK ? k->test.p_value : NAN);
    if (k->test.status == FP_OK && *k->test.method) *method = k->test.method;
}

/* "n of m", or an empty cell. */
static void of_cell(fpc_table *t, int show, size_t n, size_t m)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%zu of %zu", n, m);
    fpc_table_str(t, show ? buf : NULL);
}

/* The goal and percentile columns: Fingertips' "compared to goal" (its
 * export's Green / Amber / Red beside better / similar / worse) and
 * "compared with percentiles" (its export text for quintiles). */
static void write_goal_percentiles(fpc_table *t, const fp_dataset *ds, const copts *o,
                                   const fp_assessment *r)
{
    const fpc_goal_opt *g = fpc_goal_find(&o->gp, ds->indicators[r->indicator].code);
    int judged = g && r->vs_goal != FP_CMP_NOT_COMPARED;
    fpc_table_str(t, g ? g->spec : NULL);
    fpc_table_str(t, judged ? fp_cmp_name(r->vs_goal) : g ? "not compared" : NULL);
    fpc_table_str(t, g ? fpc_goal_rag(r->vs_goal) : NULL);
    int k = r->vs_percentiles;
    char q[16];
    fpc_table_str(t, o->gp.percentiles ? fpc_percentiles_label(k, o->gp.percentiles, q, sizeof q)
                                       : NULL);
    if (k) fpc_table_int(t, k); else fpc_table_str(t, NULL);
}

/* The sii columns: the assessment's inequality (fp_assess_inequality). */
static void write_inequality(fpc_table *t, const fp_assessment *r)
{
    const fp_ineq_result *q = &r->inequality;
    int ok = r->has_inequality && q->status == FP_OK;
    fpc_table_num(t, ok ? q->sii.sii : NAN);
    fpc_table_num(t, ok ? q->sii.sii_lower[0] : NAN);
    fpc_table_num(t, ok ? q->sii.sii_upper[0] : NAN);
    fpc_table_num(t, ok ? q->sii.rii : NAN);
    fpc_table_num(t, ok ? q->sii.rii_lower[0] : NAN);
    fpc_table_num(t, ok ? q->sii.rii_upper[0] : NAN);
    fpc_table_str(t, r->has_inequality ? q->group->type : NULL);
    fpc_table_str(t, r->has_inequality && q->reason[0] ? q->reason : NULL);
}

/* The comparators' cells: England, the region compared with, the
 * neighbours (with how many) and --versus. */
static void comparator_cells(fpc_table *t, const fp_dataset *ds, const copts *o,
                             const fp_assessment *r, int dp)
{
    const fp_area *ar = &ds->areas[r->area];
    fpc_table_num_dp(t, r->england.value, dp);
    /* The region compared with (the file's parent, or the identity's
     * region the data report), else the area's region as known. */
    fpc_table_str(t, r->region.area != FP_ASSESS_NONE ? ds->areas[r->region.area].name
                                                      : ar->region);
    fpc_table_num_dp(t, r->region.value, dp);
    fpc_table_num_dp(t, r->neighbours.value, dp);
    of_cell(t, r->neighbour_list != NULL, r->neighbours.n_used, r->neighbours.n_total);
    fpc_table_num_dp(t, r->neighbours.lower95, dp);
    fpc_table_num_dp(t, r->neighbours.upper95, dp);
    fpc_table_str(t, o->n_vs ? o->versus : NULL);
    fpc_table_num_dp(t, r->versus.value, dp);
    of_cell(t, o->n_vs != 0, r->versus.n_used, r->versus.n_total);
}

/* The notes column: the assessment's notes, then how many did not fit in
 * them (fp_assessment.notes_dropped; never dropped silently), then the dated
 * target's own verdict, which says which period judged it ("due 2025/26,
 * after the latest value (2024/25): projected ..."). */
static void notes_cell(fpc_table *t, const fp_assessment *r)
{
    char note[sizeof r->notes + sizeof r->goal.note + 64];
    size_t len = (size_t)snprintf(note, sizeof note, "%s", r->notes);
    if (r->notes_dropped)
        len += (size_t)snprintf(note + len, sizeof note - len, "%s%zu more note%s not shown",
                                len ? "; " : "", r->notes_dropped,
                                r->notes_dropped == 1 ? "" : "s");
    if (r->has_goal && r->goal.note[0])
        snprintf(note + len, sizeof note - len, "%starget %s", len ? "; " : "", r->goal.note);
    fpc_table_str(t, note);
}

/* The target's cells (tg: the indicator's, NULL for none): rule, target,
 * status, notes, the period projected to, the projection and the outlook. */
static void target_cells(fpc_table *t, const copts *o, const fp_assessment *r,
                         const target_opt *tg, int dp)
{
    char per[40] = "";
    if (tg && r->has_target_period) {
        if (o->target_by) snprintf(per, sizeof per, "%s", o->target_by);
        else if (fp_period_format(&r->target_period, per, sizeof per) != FP_OK) per[0] = 0;
    }
    fpc_table_str(t, tg ? tg->rule_text : NULL);
    /* A target with a due date (from --scorecard) is judged at that date. */
    fpc_table_num_dp(t, r->has_goal ? r->goal.target : r->target_value, dp);
    fpc_table_str(t, r->has_goal ? fp_goal_status_name(r->goal.status)
                                 : fp_target_status_name(r->target_status));
    notes_cell(t, r);
    fpc_table_str(t, tg && r->has_target_period ? per : NULL);
    fpc_table_num_dp(t, tg ? r->projection.fit : NAN, dp);
    fpc_table_num_dp(t, tg ? r->projection.lower : NAN, dp);
    fpc_table_num_dp(t, tg ? r->projection.upper : NAN, dp);
    fpc_table_str(t, tg ? r->outlook : NULL);
}

/* Write the row of one assessment: a formatter only, every number comes
 * from fp_assess. */
static void write_row(fpc_table *t, const fp_dataset *ds, const copts *o, const fp_assessment *r,
                      const target_opt *tg)
{
    const fp_indicator *ind = &ds->indicators[r->indicator];
    const fp_area *ar = &ds->areas[r->area];
    int dp = ind->dps;   /* the indicator's decimal places, -1 unknown (then in full) */

    fpc_table_str(t, ind->code);
    fpc_table_str(t, ind->name);
    /* The code the file gave for the row (an ONS code from Fingertips, the
     * LA number from LAIT); the DfE LA number is the last column. */
    fpc_table_str(t, fp_dataset_area_code_for(ds, r->indicator, r->area, r->period));
    fpc_table_str(t, ar->name);
    fpc_table_str(t, ds->periods[r->period].label);
    fpc_table_str(t, fp_polarity_name(r->polarity));
    fpc_table_str(t, *ind->unit_label ? ind->unit_label : fp_unit_name(ind->unit));
    fpc_table_num_dp(t, r->ci.value, dp);
    fpc_table_num_dp(t, r->ci.lower95, dp);
    fpc_table_num_dp(t, r->ci.upper95, dp);
    fpc_table_num_dp(t, r->ci.lower998, dp);
    fpc_table_num_dp(t, r->ci.upper998, dp);
    fpc_table_num(t, r->ci.numerator);
    fpc_table_num(t, r->ci.denominator);

    comparator_cells(t, ds, o, r, dp);

    rule_cells(t, &r->england);
    fpc_table_str(t, fp_cmp_name(r->england.cmp));
    fpc_table_str(t, fp_cmp_colour(r->england.cmp));
    rule_cells(t, &r->region);
    rule_cells(t, &r->neighbours);
    if (o->n_vs) rule_cells(t, &r->versus);
    else { fpc_table_str(t, NULL); fpc_table_str(t, NULL); }
    fpc_table_str(t, r->england.reason == FP_CMP_REASON_NONE ? ""
                                                            : fp_cmp_reason_name(r->england.reason));

    const char *method = "";
    test_cells(t, &r->england, r, &method);
    test_cells(t, &r->region, r, &method);
    test_cells(t, &r->neighbours, r, &method);
    fpc_table_str(t, method);

    if (r->rank) {
        fpc_table_int(t, (long)r->rank);
        fpc_table_int(t, (long)r->n_ranked);
        fpc_table_num(t, r->percentile);
    } else {
        fpc_table_str(t, NULL); fpc_table_str(t, NULL); fpc_table_str(t, NULL);
    }
    char bs[2] = { r->quartile, 0 };
    fpc_table_str(t, r->quartile ? bs : NULL);
    fpc_table_num_dp(t, r->quartiles[1], dp);
    fpc_table_num_dp(t, r->quartiles[2], dp);
    fpc_table_num_dp(t, r->quartiles[3], dp);
    if (r->quintile) fpc_table_int(t, r->quintile); else fpc_table_str(t, NULL);
    of_cell(t, r->neighbour_rank != 0, r->neighbour_rank, r->neighbour_ranked);

    fpc_table_num_dp(t, r->change1, dp);
    fpc_table_num(t, r->change1_pct);
    fpc_table_num_dp(t, r->change3, dp);
    fpc_table_num(t, r->change3_pct);
    fpc_table_num_dp(t, r->diff_england, dp);
    fpc_table_num(t, r->diff_england_pct);

    target_cells(t, o, r, tg, dp);
    fpc_table_str(t, fp_ci_source_name(r->ci.source));
    fpc_table_str(t, r->trend_text);
    fpc_table_str(t, r->trend_method_text);
    fpc_table_str(t, r->trend_window);
    fpc_table_str(t, r->trend_disagree);
    fpc_table_str(t, ar->old_code);
    fpc_table_str(t, r->funnel == FP_FUNNEL_NOT_APPLICABLE ? NULL : fp_funnel_sig_name(r->funnel));
    fpc_table_num(t, r->funnel_phi);
    fpc_table_num(t, r->funnel_tau2);
    fpc_table_str(t, isnan(r->funnel_phi) ? NULL
                     : r->funnel_adjusted ? fp_od_method_name(o->funnel.method) : "OHID");
    write_inequality(t, r);
    if (r->quantile_k) fpc_table_int(t, r->quantile); else fpc_table_str(t, NULL);
    if (r->quantile_k) fpc_table_int(t, r->quantile_k); else fpc_table_str(t, NULL);
    fpc_table_str(t, !r->quantile_k ? NULL : !o->quant.within_region ? "England"
                     : r->quantile_region);
    write_goal_percentiles(t, ds, o, r);
}


/* Write the table: its metadata, then one row per indicator and area
 * assessed (write_row). With a fixed period, areas without a value for it
 * are left out unless asked for. FPC_EXIT_OK, or FPC_EXIT_DATA when an
 * indicator asked for (or every indicator) has no data (reported). */
int cp_write_table(fpc_table *t, const fp_dataset *ds, const fp_neighbours *nb,
                   const copts *o, fp_assess_context *ac, fp_assess_options *ao,
                   const size_t *areas, size_t n_areas, const size_t *inds, size_t n_inds)
{
    int rc = FPC_EXIT_OK;
    int fixed = o->period && strcmp(o->period, "latest");
    /* methods_version and data_version come from fpc_table_open. */
    fpc_table_meta(t, "neighbours_version", nb ? nb->version : "none");
    fpc_table_meta(t, "neighbour_stat", fp_agg_name(o->stat));
    fpc_table_meta(t, "significance", "Fingertips rule at 95% and 99.8% (drives rag_colour)");
    fpc_table_meta(t, "quartiles", "type 7 over local authorities, LAIT bands, A best");
    fpc_table_meta(t, "quintiles", fp_qmethod_name(o->qmethod));
    size_t written = 0;
    for (size_t i = 0; i < n_inds; i++) {
        fpc_progress("compare", i, n_inds);
        const target_opt *tind = cp_find_target(o, ds->indicators[inds[i]].code);
        size_t rows = 0;
        for (size_t k = 0; k < n_areas; k++) {
            /* A scorecard's target is its plan's area's only. */
            const target_opt *tg = tind && (tind->plan == FP_ASSESS_NONE || tind->plan == areas[k])
                                   ? tind : NULL;
            ao->target = tg ? &tg->target : NULL;
            ao->goal = tg && tg->goal ? &tg->goal->goal : NULL;
            const fpc_goal_opt *gb = fpc_goal_find(&o->gp, ds->indicators[inds[i]].code);
            ao->goal_benchmark = gb ? &gb->g : NULL;
            fp_assessment r;
            fp_assess(ac, inds[i], areas[k], ao, &r);
            if (r.period == FP_ASSESS_NONE) continue;
            if (fixed && !r.present && !o->all_areas && !o->n_inds) continue;
            write_row(t, ds, o, &r, tg);
            rows++;
        }
        if (!rows && o->n_inds) {
            fpc_error(NULL, 0, 0, "indicator '%s': no data%s%s", ds->indicators[inds[i]].code,
                      fixed ? " for period " : "", fixed ? o->period : "");
            rc = FPC_EXIT_DATA;
        }
        written += rows;
    }
    fpc_progress("compare", n_inds, n_inds);
    if (fixed && !written) {
        fpc_error(NULL, 0, 0, "no indicator has data for period '%s'", o->period);
        rc = FPC_EXIT_DATA;
    }
    return rc;
}

