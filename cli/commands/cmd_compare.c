/* cmd_compare.c -- `fingerpost compare`: where an area stands on each
 * indicator. One row per (area, indicator): the area's value and interval,
 * England, region and statistical-neighbour values, the Fingertips
 * significance rule at 95% and 99.8% against each comparator (with the
 * two-sample test beside it when counts exist), national rank, LAIT quartile
 * band, percentile, rank among neighbours, change over 1 and 3 periods,
 * deviation from England and target status. The statistics are all in
 * libfingerpost (fingerpost/compare.h, fingerpost/rates.h); this file only
 * selects data and writes the table. */
#include "cli.h"
#include "io.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    printf(
        "Usage: fingerpost compare (--area NAME|CODE | --all-areas) [OPTION]... [DATA]...\n"
        "Compare an area with England, its region and its statistical neighbours on\n"
        "each indicator: one row per indicator (per area with --all-areas).\n"
        "DATA are data files, dictionaries and neighbour files (format detected);\n"
        "with none, the shipped demo data is used.\n\n"
        "Options:\n"
        "  -a, --area NAME|CODE     the area (name, code or old LA number, e.g. Sefton, 343)\n"
        "  -A, --all-areas          every local authority\n"
        "  -i, --indicator CODE     an indicator (repeat, or CODE,CODE..; default all)\n"
        "  -p, --period latest|P    the period (default latest: each indicator's\n"
        "                           latest period with data)\n"
        "  -n, --neighbours VERSION the neighbour model (e.g. sn_may_2025; default the\n"
        "                           most recent year among those loaded)\n"
        "  -s, --neighbour-stat S   mean (default, as DfE LAIT), median, or pooled\n"
        "                           (sum of numerators / sum of denominators, with a CI)\n"
        "  -t, --target CODE=RULE   a target for an indicator (repeat): 70,\n"
        "                           '50 or national higher', baseline+10%%, national\n"
        "  -b, --baseline CODE=X    the baseline for baseline+N%% targets\n"
        "      --target-by PERIOD   the period a target is to be met by, e.g. 2026 or\n"
        "                           2026/27 (default: the period after the row's)\n"
        "      --projection MODEL   linear (default), logit or loglinear: the trend\n"
        "                           projection behind target_outlook (as 'fingerpost\n"
        "                           trend'; a percentage is fitted on the logit scale)\n"
        "  -v, --versus AREA[,AREA..] one more comparator: a named area, or a list of\n"
        "                           areas aggregated as by --neighbour-stat\n"
        "  -q, --quintiles METHOD   quintile groups among local authorities: type7\n"
        "                           (default; PERCENTILE.INC bounds), ntile (SQL NTILE)\n"
        "                           or phe (PHEindicatormethods phe_quantile); 1 is best\n"
        "                           (with no polarity, 1 holds the lowest values)\n"
        FPC_QUANTILE_HELP
        "      --goal CODE=GOAL     Fingertips' \"compared to goal\" for an indicator\n"
        "                           (repeat): 80 (the value against 80: at or beyond\n"
        "                           it is better), 80:ci (the 95%% interval: similar\n"
        "                           when it holds 80) or 70..80 (below 70 one side,\n"
        "                           from 80 the other); columns goal, vs_goal, goal_rag\n"
        "      --percentiles Q      Fingertips' \"compared with percentiles\": quintiles\n"
        "                           (1 the best fifth; its export's 'Lowest quintile'..)\n"
        "                           or quartiles; columns vs_percentiles,\n"
        "                           percentiles_category\n"
        "  -f, --format FMT         csv (default), tsv, md, json or xlsx (a workbook:\n"
        "                           numbers as numbers, verdicts filled, frozen header)\n"
        FPC_TABLE_OPTS_HELP
        "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
        "Data preparation (the same options in compare, trend, chart and report;\n"
        "on the shipped data the shipped scorecard's polarity and counts apply):\n"
        FPC_PREP_HELP
        "The funnel column (each local authority against the funnel of every local\n"
        "authority with a denominator, around England; rates, proportions and ratios):\n"
        FPC_FUNNEL_HELP
        "Inequality (the sii columns, where the data break the indicator down by\n"
        "deprivation decile or quintile for the area, as `fingerpost inequality`):\n"
        "      --repetitions N      simulation draws (default 100000; >= 1000)\n"
        "      --seed N             the simulation's seed (default 1; R's set.seed)\n"
        "      --sii-ci METHOD      simulation (default, as phe_sii) or analytic\n"
        "  -h, --help               show this help and exit\n\n"
        "Columns (default: indicator, indicator_name, area_name, period, value,\n"
        "lower95, upper95, england, region, neighbours, vs_england, rank, ranked_of,\n"
        "quartile, trend, trend_window, target_status, note; --all-columns for every\n"
        "one, in this order; names listed in docs/cli.md): indicator, indicator_name,\n"
        "area_code,\n"
        "area_name, period, polarity, unit, value, lower95, upper95, lower998, upper998,\n"
        "numerator, denominator, england, region_name, region, neighbours, neighbours_n,\n"
        "neighbours_lower95, neighbours_upper95, versus_name, versus, versus_n,\n"
        "vs_england_95, vs_england_998, vs_england, rag_colour, vs_region_95,\n"
        "vs_region_998, vs_neighbours_95, vs_neighbours_998, vs_versus_95, vs_versus_998,\n"
        "not_compared_reason, test_england, test_england_p, test_region, test_region_p,\n"
        "test_neighbours, test_neighbours_p, test_method, rank, ranked_of, percentile,\n"
        "quartile, quartile_q1, quartile_q2, quartile_q3, quintile, neighbour_rank,\n"
        "change_1, change_1_pct, change_3, change_3_pct, diff_england, diff_england_pct,\n"
        "target_rule, target, target_status, note, target_period, projected_value,\n"
        "projected_lower95, projected_upper95, target_outlook, ci_source, trend,\n"
        "trend_method, trend_window (the periods and points the trend rests on:\n"
        "'2021-2025, 5 points'), trend_disagree (when the recent trend and\n"
        "Mann-Kendall differ), la_number (area_code is the code the file gave: an ONS\n"
        "code from Fingertips, the LA number from LAIT; la_number the DfE LA number),\n"
        "funnel (OHID's flag: High (0.001), High (0.025), Not significant, Low (0.025),\n"
        "Low (0.001); PHEindicatormethods' assign_funnel_significance, or against\n"
        "limits widened by --overdispersion), funnel_phi, funnel_tau2 (the local\n"
        "authorities' overdispersion), funnel_limits (OHID, additive or\n"
        "multiplicative: the limits used), sii, sii_lower95, sii_upper95, rii,\n"
        "rii_lower95, rii_upper95 (PHEindicatormethods' phe_sii over the area's\n"
        "deprivation deciles or quintiles in the period: the SII from the most to\n"
        "the least deprived, in the indicator's units), sii_breakdown (the\n"
        "quantiles used), sii_note (why there is no SII).\n"
        "Values, intervals, comparators, quartile bounds, changes,\n"
        "targets and projections are written at the indicator's decimal places (the\n"
        "dictionary's dps; in full when it has none), or --dp N.\n\n"
        "Significance: the Fingertips rule (the comparator outside the area's\n"
        "confidence interval; 'similar' when lower <= comparator <= upper); it drives\n"
        "the rag_colour column. Where area and comparator both have counts the\n"
        "two-sample test is reported beside it (test_* columns). Values without\n"
        "intervals (LAIT) are 'not compared'; rank and quartile still work.\n"
        "Rank 1 is best; ties share the lowest rank; no rank without polarity.\n"
        "Quartile A is best (type-7 quartiles of all local authorities, as LAIT).\n"
        "target_status judges the latest change (met / on track / off track);\n"
        "with a target, the last columns project the area's series to the target\n"
        "period (least squares, 95%% prediction interval, as 'fingerpost trend\n"
        "--method project'): target_period, projected_value, projected_lower95,\n"
        "projected_upper95 and target_outlook (on track / not on track / uncertain,\n"
        "or 'cannot be projected' with the reason in note).\n\n"
        "Examples:\n"
        "  fingerpost compare --area Sefton\n"
        "  fingerpost compare --area 343 --indicator LAC,CPP_rate --format md bds_long.csv \\\n"
        "      data_dictionary.csv sn_may_2025.csv\n"
        "  fingerpost compare --all-areas --neighbour-stat median -o all.csv DATA...\n"
        "  fingerpost compare --area 343 --target 'SEN_EHC_Excpt_20wks=75 or national higher' \\\n"
        "      --target-by 2026\n\n"
        "Exit status: 0 success, 1 data error (the table is still written for\n"
        "everything that could be done), 2 usage error.\n");
}

/* ------------------------------------------------------------ options */

/* compare's own long options without a short form. */
enum { OPT_GOAL = 0x4D0, OPT_PERCENTILES };

typedef struct target_opt {
    char *code;            /* owns the "CODE=RULE" copy: rule_text points into it */
    char *rule_text;
    fp_target target;
    int from_scorecard;
    rp_goal *goal;         /* the scorecard's due date, or NULL */
    char *plan_area;       /* the scorecard row's plan_area (owned), NULL for every
                              area: a plan's targets are its own area's */
    size_t plan;           /* plan_area's index (FP_ASSESS_NONE: every area;
                              ds->n_areas: not in the data, so no area) */
} target_opt;

typedef struct copts {
    const char *area;
    int all_areas;
    char **inds; size_t n_inds;
    const char *period;
    const char *nbver;
    const char *versus;       /* --versus A[,B..] as given */
    size_t *vs_areas; size_t n_vs;
    fp_agg stat;
    fp_qmethod qmethod;
    target_opt *targets; size_t n_targets;
    const char *target_by;    /* --target-by as given, or NULL: the next period */
    fp_period target_by_p;
    fp_projection_model projection;
    fpc_table_opts tab;       /* -f, --columns, --all-columns, --dp */
    fpc_funnel_opts funnel;   /* the funnel column's limits */
    fp_od_spec fspec;         /* ... as an assessment option */
    fp_sii_options sii;       /* --repetitions, --seed, --sii-ci */
    fpc_quantile_opts quant;  /* --quantiles, --quantile-within, --quantile-order */
    struct goal_opt { char *code, *spec; fp_goal_benchmark g; } *goals; /* --goal */
    size_t n_goals;
    int percentiles;          /* --percentiles: 0, 4 or 5 */
    const char *out;
} copts;

static const target_opt *find_target(const copts *o, const char *code)
{
    for (size_t i = 0; i < o->n_targets; i++)
        if (!strcmp(o->targets[i].code, code)) return &o->targets[i];
    return NULL;
}

/* Split "CODE=REST" at the first '='; NULL when there is none. */
static char *split_eq(char *s)
{
    char *eq = strchr(s, '=');
    if (!eq || eq == s) return NULL;
    *eq = '\0';
    return eq + 1;
}

/* --------------------------------------------------------- the table */

static const char *const columns[] = {
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
#define N_COLUMNS (sizeof columns / sizeof *columns)

/* The default columns: what an analyst asks of compare (where the area
 * stands, against whom, how sure, and which way it is going). */
static const char *const default_columns[] = {
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

/* The --goal of indicator code, or NULL. */
static const struct goal_opt *find_goal(const copts *o, const char *code)
{
    for (size_t i = o->n_goals; i-- > 0;)
        if (!strcmp(o->goals[i].code, code)) return &o->goals[i];
    return NULL;
}

/* The goal and percentile columns: Fingertips' "compared to goal" (its
 * export's Green / Amber / Red beside better / similar / worse) and
 * "compared with percentiles" (its export text for quintiles). */
static void write_goal_percentiles(fpc_table *t, const fp_dataset *ds, const copts *o,
                                   const fp_assessment *r)
{
    const struct goal_opt *g = find_goal(o, ds->indicators[r->indicator].code);
    int judged = g && r->vs_goal != FP_CMP_NOT_COMPARED;
    fpc_table_str(t, g ? g->spec : NULL);
    fpc_table_str(t, judged ? fp_cmp_name(r->vs_goal) : g ? "not compared" : NULL);
    fpc_table_str(t, !g ? NULL : r->vs_goal == FP_CMP_BETTER ? "Green"
                     : r->vs_goal == FP_CMP_SIMILAR ? "Amber"
                     : r->vs_goal == FP_CMP_WORSE ? "Red" : "Not compared");
    int k = r->vs_percentiles;
    char q[16];
    snprintf(q, sizeof q, "Q%d", k);
    fpc_table_str(t, !o->percentiles ? NULL : !k ? "Not compared"
                     : o->percentiles == 5 ? fp_percentile_quintile_label(k) : q);
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

/* Write the row of one assessment: a formatter only, every number comes
 * from fp_assess. */
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

/* One scorecard row's target tg on indicator code (add_scorecard_targets). */
static void add_scorecard_target(copts *o, const rp_scorecard *sc, const rp_sc_row *r,
                                 const char *code, const fp_target *tg)
{
    size_t n = strlen(code) + strlen(r->target_rule) + 2;
    char *s = fpc_xmalloc(n);
    snprintf(s, n, "%s=%s", code, r->target_rule);
    s[strlen(code)] = '\0';
    o->targets = fpc_xrealloc(o->targets, (o->n_targets + 1) * sizeof *o->targets);
    target_opt *t = &o->targets[o->n_targets++];
    t->code = s;
    t->rule_text = s + strlen(code) + 1;
    t->target = *tg;
    t->from_scorecard = 1;
    t->goal = NULL;
    t->plan_area = r->plan_area[0] ? fpc_strdup(r->plan_area) : NULL;
    t->plan = FP_ASSESS_NONE;
    if (r->target_date[0]) {
        /* Judged at its date, as the report does. */
        t->goal = fpc_xmalloc(sizeof *t->goal);
        int rc = rp_goal_parse(r, r->target_date, r->target_rule, t->goal);
        if (rc != 0) {
            if (rc == -3)
                fpc_warn(sc->path, r->line, 0, "target date '%s' of %s is out of range "
                         "(YYYY-MM, a year from 1900 to 9999): the target is not dated",
                         r->target_date, r->number);
            free(t->goal);
            t->goal = NULL;
        }
    }
}

/* Targets of a scorecard definition (--scorecard): each row's target_rule
 * and baseline, for indicators without a --target (the command line
 * wins; the first row of an indicator counts), on the row's code and its
 * other_codes (the line's measure from other sources, whichever the report
 * shows). A rule that cannot be read is reported as a warning and left
 * out. */
static void add_scorecard_targets(copts *o, const rp_scorecard *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        const rp_sc_row *r = &sc->rows[i];
        if (rp_sc_no_data(r) || !r->target_rule[0]) continue;
        fp_target tg;
        if (rp_sc_target(r, r->target_rule, &tg) != 0) {
            fpc_warn(sc->path, r->line, 0, "target rule '%s' of %s not understood: no target",
                     r->target_rule, r->number);
            continue;
        }
        char *codes[RP_MAX_SOURCES];
        size_t nc = rp_sc_codes(r, codes, RP_MAX_SOURCES);
        for (size_t k = 0; k < nc; k++) {
            if (!find_target(o, codes[k])) add_scorecard_target(o, sc, r, codes[k], &tg);
            free(codes[k]);
        }
    }
}

/* One option of compare into o, prep or the --baseline list: 0 to go on,
 * -1 when help was shown, else the exit status of a usage error (reported).
 * optname is the option as typed, for messages. */
static int compare_opt(int ch, const char *arg, const char *optname, copts *o, fpc_prep *prep,
                       char **baselines, size_t *n_base)
{
    switch (ch) {
    case 'a': o->area = arg; return fpc_opt_named("compare", "--area", arg);
    case 'A': o->all_areas = 1; return 0;
    case 'i':
        fpc_list_append(&o->inds, &o->n_inds, arg);
        return fpc_opt_named("compare", "--indicator", arg);
    case 'p': o->period = arg; return fpc_opt_period("compare", "--period", arg);
    case 'n': o->nbver = arg; return fpc_opt_named("compare", "--neighbours", arg);
    case 's':
        if (fp_agg_parse(arg, &o->stat) != FP_OK)
            return fpc_usage("compare", "unknown --neighbour-stat '%s' (mean, median, pooled)", arg);
        return 0;
    case 't': {
        char *s = fpc_strdup(arg), *rule = split_eq(s);
        target_opt *tg = &o->targets[o->n_targets];
        memset(tg, 0, sizeof *tg);
        tg->plan = FP_ASSESS_NONE;   /* a --target is for every area */
        tg->target.baseline = NAN;
        if (!rule || fp_target_parse(rule, &tg->target) != FP_OK) {
            free(s);
            return fpc_usage("compare", "cannot read target '%s' (CODE=RULE, e.g. LAC=60, KS2=50 or "
                             "national higher, X=baseline+10%%)", arg);
        }
        tg->code = s;
        tg->rule_text = rule;
        o->n_targets++;
        return 0;
    }
    case 'b': baselines[(*n_base)++] = (char *)arg; return 0;
    case 'q':
        if (fp_qmethod_parse(arg, &o->qmethod) != FP_OK)
            return fpc_usage("compare", "unknown --quintiles method '%s' (type7, ntile, phe)", arg);
        return 0;
    case 'o':
        if (!*arg) return fpc_usage("compare", "--output wants a file name (or - for standard output), not an empty one");
        o->out = arg;
        return 0;
    case 'v': o->versus = arg; return fpc_opt_named("compare", "--versus", arg);
    case 'B':
        if (fp_period_parse(arg, &o->target_by_p) != FP_OK)
            return fpc_usage("compare", "--target-by '%s' is not a period (e.g. 2026, 2026/27, "
                             "2026 Q1)", arg);
        o->target_by = arg;
        return 0;
    case 'M':
        if (fpc_projection_parse(arg, &o->projection) != 0)
            return fpc_usage("compare", "--projection must be linear, logit or loglinear, not '%s'", arg);
        return 0;
    case FPC_OPT_OVERDISPERSION: case FPC_OPT_OD_TRIM: case FPC_OPT_OD_TRIM_BY: case FPC_OPT_OD_SCALE:
        return fpc_funnel_opt(&o->funnel, "compare", ch, arg) ? FPC_EXIT_USAGE : 0;
    case FPC_OPT_SII_REPS: case FPC_OPT_SII_SEED: case FPC_OPT_SII_CI:
        return fpc_sii_opt(&o->sii, "compare", ch, arg) ? FPC_EXIT_USAGE : 0;
    case FPC_OPT_QUANTILES: case FPC_OPT_QWITHIN: case FPC_OPT_QORDER:
        return fpc_quantile_opt(&o->quant, "compare", ch, arg) ? FPC_EXIT_USAGE : 0;
    case OPT_GOAL: {
        const char *eq = strchr(arg, '=');
        fp_goal_benchmark g;
        if (!eq || eq == arg || fp_goal_benchmark_parse(eq + 1, &g) != FP_OK)
            return fpc_usage("compare", "--goal wants CODE=GOAL (80, 80:ci on the 95%% "
                             "interval, or a range 70..80), not '%s'", arg);
        o->goals = fpc_xrealloc(o->goals, (o->n_goals + 1) * sizeof *o->goals);
        struct goal_opt *go = &o->goals[o->n_goals++];
        go->code = fpc_strdup(arg);
        go->code[eq - arg] = 0;
        go->spec = go->code + (eq - arg) + 1;
        go->g = g;
        return 0;
    }
    case OPT_PERCENTILES:
        if (!strcmp(arg, "quintiles")) o->percentiles = 5;
        else if (!strcmp(arg, "quartiles")) o->percentiles = 4;
        else return fpc_usage("compare", "--percentiles wants quintiles or quartiles, not '%s'",
                              arg);
        return 0;
    case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE:
    case FPC_OPT_SCORECARD:
        return fpc_prep_opt(prep, "compare", ch, arg);
    case 'h': help(); return -1;
    case ':': return fpc_usage("compare", "option '%s' needs a value", optname);
    default:   /* -f, --columns, --all-columns, --dp: the shared table options */
        return fpc_table_opts_last(&o->tab, "compare", ch, arg, optname);
    }
}

/* Each --baseline CODE=NUMBER onto the --target of that indicator: 0, or
 * the exit status of a usage error (reported). */
static int apply_baselines(copts *o, char *const *baselines, size_t n_base)
{
    for (size_t i = 0; i < n_base; i++) {
        char *s = fpc_strdup(baselines[i]), *val = split_eq(s);
        double x;
        int found = 0;
        if (!val || fpc_parse_double(val, 1, &x) != 0) {
            free(s);
            return fpc_usage("compare", "cannot read baseline '%s' (CODE=NUMBER)", baselines[i]);
        }
        for (size_t j = 0; j < o->n_targets; j++)
            if (!strcmp(o->targets[j].code, s)) { o->targets[j].target.baseline = x; found = 1; }
        free(s);
        if (!found)
            return fpc_usage("compare", "--baseline '%s' has no --target for that indicator",
                             baselines[i]);
    }
    return 0;
}

/* What parse_args and the run allocate in o. */
static void free_copts(copts *o)
{
    for (size_t i = 0; i < o->n_goals; i++) free(o->goals[i].code);
    free(o->goals);
    for (size_t i = 0; i < o->n_inds; i++) free(o->inds[i]);
    for (size_t i = 0; i < o->n_targets; i++) {
        free(o->targets[i].code);
        free(o->targets[i].goal);
        free(o->targets[i].plan_area);
    }
    free(o->inds); free(o->targets); free(o->vs_areas);
}

/* Parse the command line into o and prep, with the defaults of compare and
 * the checks that need no data. Returns -1 to go on (DATA operands start at
 * optind), else the exit status (help shown or a usage error reported), o
 * and prep then freed. */
static int parse_args(int argc, char **argv, copts *o, fpc_prep *prep)
{
    static const struct option longopts[] = {
        { "area", required_argument, NULL, 'a' },
        { "all-areas", no_argument, NULL, 'A' },
        { "indicator", required_argument, NULL, 'i' },
        { "period", required_argument, NULL, 'p' },
        { "neighbours", required_argument, NULL, 'n' },
        { "neighbour-stat", required_argument, NULL, 's' },
        { "target", required_argument, NULL, 't' },
        { "baseline", required_argument, NULL, 'b' },
        { "quintiles", required_argument, NULL, 'q' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        FPC_TABLE_LONGOPTS,
        { "versus", required_argument, NULL, 'v' },
        { "target-by", required_argument, NULL, 'B' },
        { "projection", required_argument, NULL, 'M' },
        FPC_PREP_LONGOPTS,
        FPC_FUNNEL_LONGOPTS,
        FPC_SII_LONGOPTS,
        FPC_QUANTILE_LONGOPTS,
        { "goal", required_argument, NULL, OPT_GOAL },
        { "percentiles", required_argument, NULL, OPT_PERCENTILES },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    fpc_prep_init(prep);
    o->stat = FP_AGG_MEAN;
    o->qmethod = FP_QMETHOD_TYPE7;
    fpc_table_opts_init(&o->tab);
    fpc_funnel_opts_init(&o->funnel);
    fp_sii_options_init(&o->sii);
    o->projection = FP_PROJECT_LINEAR;
    char **baselines = fpc_xmalloc((size_t)(argc + 1) * sizeof *baselines);
    size_t n_base = 0;
    o->inds = fpc_xmalloc(sizeof *o->inds);
    o->targets = fpc_xmalloc((size_t)(argc + 1) * sizeof *o->targets);
    int rc = -1, ch;
    optind = 1;
    opterr = 0;
    while (rc < 0 && (ch = getopt_long(argc, argv, ":a:Ai:p:n:s:t:b:q:f:o:v:h", longopts, NULL)) != -1) {
        int h = compare_opt(ch, optarg, argv[optind - 1], o, prep, baselines, &n_base);
        if (h < 0) rc = FPC_EXIT_OK;
        else if (h > 0) rc = h;
    }
    if (rc < 0) {
        int trc = fpc_table_opts_check(&o->tab, "compare", o->out);
        if (trc == 0) trc = fpc_table_columns_check(&o->tab, "compare", columns, N_COLUMNS);
        if (trc != 0) rc = trc;
    }
    if (rc < 0 && !o->area && !o->all_areas)
        rc = fpc_usage("compare", "give --area NAME|CODE or --all-areas");
    if (rc < 0 && o->area && o->all_areas)
        rc = fpc_usage("compare", "--area and --all-areas cannot be used together");
    if (rc < 0) {
        int prc = fpc_prep_check(prep, "compare", o->inds, o->n_inds);
        if (prc != 0) rc = prc;
    }
    if (rc < 0 && fpc_funnel_check(&o->funnel, "compare") != 0) rc = FPC_EXIT_USAGE;
    if (rc < 0) fpc_funnel_spec(&o->funnel, FP_FUNNEL_RATE, NAN, &o->fspec);
    if (rc < 0) {
        int brc = apply_baselines(o, baselines, n_base);
        if (brc != 0) rc = brc;
    }
    free(baselines);
    if (rc >= 0) {
        fpc_prep_free(prep);
        free_copts(o);
    }
    return rc;
}

/* The --versus areas into o->vs_areas: FPC_EXIT_OK, or FPC_EXIT_DATA with
 * each area not in the data reported (the others are kept). */
static int resolve_versus(const fp_dataset *ds, copts *o)
{
    if (!o->versus) return FPC_EXIT_OK;
    int rc = FPC_EXIT_OK;
    size_t k;
    char **v = fpc_split(o->versus, ',', &k);
    o->vs_areas = fpc_xmalloc((k ? k : 1) * sizeof *o->vs_areas);
    for (size_t j = 0; j < k; j++) {
        size_t a;
        if (fp_dataset_find_area(ds, v[j], &a) != FP_OK) {
            fpc_error(NULL, 0, 0, "--versus: area '%s' is not in the data", v[j]);
            rc = FPC_EXIT_DATA;
            continue;
        }
        o->vs_areas[o->n_vs++] = a;
    }
    fpc_free_strv(v);
    return rc;
}

/* The assessment options compare's own options ask for (the period is set
 * by the caller). */
static void assess_options(const copts *o, fp_assess_options *ao)
{
    fp_assess_options_default(ao);
    ao->neighbour_stat = o->stat;
    ao->quintile_method = o->qmethod;
    ao->versus = o->vs_areas;
    ao->n_versus = o->n_vs;
    ao->projection = o->projection;
    ao->target_by = o->target_by ? &o->target_by_p : NULL;
    ao->funnel = &o->fspec;
    ao->funnel_method = o->funnel.method;
    ao->sii = &o->sii;
    ao->quantiles = o->quant.k;
    ao->quantile_within_region = o->quant.within_region;
    ao->quantile_order = o->quant.order;
    ao->percentiles = o->percentiles;
}

/* Write the table: its metadata, then one row per indicator and area
 * assessed (write_row). With a fixed period, areas without a value for it
 * are left out unless asked for. FPC_EXIT_OK, or FPC_EXIT_DATA when an
 * indicator asked for (or every indicator) has no data (reported). */
static int write_table(fpc_table *t, const fp_dataset *ds, const fp_neighbours *nb,
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
        const target_opt *tind = find_target(o, ds->indicators[inds[i]].code);
        size_t rows = 0;
        for (size_t k = 0; k < n_areas; k++) {
            /* A scorecard's target is its plan's area's only. */
            const target_opt *tg = tind && (tind->plan == FP_ASSESS_NONE || tind->plan == areas[k])
                                   ? tind : NULL;
            ao->target = tg ? &tg->target : NULL;
            ao->goal = tg && tg->goal ? &tg->goal->goal : NULL;
            const struct goal_opt *gb = find_goal(o, ds->indicators[inds[i]].code);
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

int fpc_cmd_compare(int argc, char **argv)
{
    /* Step 1: the options. */
    copts o;
    fpc_prep prep;
    int rc = parse_args(argc, argv, &o, &prep);
    if (rc >= 0) return rc;
    rc = FPC_EXIT_OK;

    /* Step 2: the data, prepared as in every analysis command, with the
     * scorecard's targets, the neighbour model and the --versus areas. */
    fpc_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    fpc_read_opts ropts;
    fpc_read_opts_init(&ropts);
    size_t npaths = (size_t)(argc - optind);
    int lrc = fpc_inputs_load(&in, argv + optind, npaths, &ropts, &diags);
    if (lrc != 0) rc = FPC_EXIT_DATA;
    fp_dataset *ds = in.ds;
    size_t *areas = NULL, n_areas = 0, *inds = NULL, n_inds = 0;
    fp_assess_context *ac = NULL;
    fpc_ineq ineq = { 0 };   /* the deprivation breakdowns (sii columns) */
    prep.shipped = npaths == 0;
    if (prep.scorecard) {
        /* Read once (it may be standard input): its preparation and its targets. */
        if (fpc_prep_read_scorecard(&prep) != 0) {
            rc = FPC_EXIT_DATA;
            goto cleanup_in;
        }
        add_scorecard_targets(&o, fpc_prep_scorecard(&prep));
    }
    if (fpc_prep_apply(&prep, ds) != 0) rc = FPC_EXIT_DATA;
    const fp_neighbours *nb = NULL;
    if (fpc_prep_neighbours(in.nbs, in.n_nbs, o.nbver, &nb) != 0) {
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    if (resolve_versus(ds, &o) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;

    /* Step 3: the areas, indicators, targets and period. */
    if (fpc_select_areas(ds, &o.area, 1, o.all_areas, &areas, &n_areas) != 0) {
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    if (fpc_select_indicators(ds, (const char *const *)o.inds, o.n_inds, &inds, &n_inds) != 0)
        rc = FPC_EXIT_DATA;
    for (size_t i = 0; i < o.n_targets; i++) {
        size_t k;
        if (fp_dataset_find_indicator(ds, o.targets[i].code, &k) != FP_OK && !o.targets[i].from_scorecard)
            fpc_warn(NULL, 0, 0, "--target: indicator '%s' is not in the data", o.targets[i].code);
        if (o.targets[i].plan_area
            && fpc_find_area_any(ds, o.targets[i].plan_area, &o.targets[i].plan) != FP_OK)
            o.targets[i].plan = ds->n_areas;
    }
    fp_assess_options ao;
    assess_options(&o, &ao);
    fpc_ineq_find(ds, NULL, &ineq);
    ao.inequality = ineq.g;
    ao.n_inequality = ineq.n;
    if (o.period && strcmp(o.period, "latest")
        && fp_dataset_find_period(ds, o.period, &ao.period) != FP_OK) {
        fpc_error(NULL, 0, 0, "period '%s' is not in the data", o.period);
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    if (fp_assess_context_alloc(ds, nb, &ac) != FP_OK) {
        fpc_error(NULL, 0, 0, "out of memory");
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }

    /* Step 4: the table, written atomically. */
    fpc_out out;
    if (fpc_out_open(&out, o.out) != 0) {
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    fpc_table t;
    int trc = fpc_table_open(&t, out.fp, &o.tab, "compare", columns, N_COLUMNS, default_columns,
                             ds->version);
    if (trc != 0) {
        fpc_out_abort(&out);
        rc = trc;
        goto cleanup_in;
    }
    if (write_table(&t, ds, nb, &o, ac, &ao, areas, n_areas, inds, n_inds) != FPC_EXIT_OK)
        rc = FPC_EXIT_DATA;
    if (fpc_table_end(&t) != 0) {
        fpc_out_abort(&out);
        rc = FPC_EXIT_DATA;
    } else if (fpc_out_commit(&out) != 0) {
        rc = FPC_EXIT_DATA;
    }
cleanup_in:
    fpc_ineq_free(&ineq);
    fp_assess_context_free(ac);
    free(inds);
    free(areas);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    fpc_prep_free(&prep);
    free_copts(&o);
    return rc;
}
