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
#include "ingest.h"

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
        "      --projection MODEL   linear (default) or loglinear: the trend projection\n"
        "                           behind target_outlook (as 'fingerpost trend')\n"
        "  -v, --versus AREA[,AREA..] one more comparator: a named area, or a list of\n"
        "                           areas aggregated as by --neighbour-stat\n"
        "  -q, --quintiles METHOD   quintile groups among local authorities: type7\n"
        "                           (default; PERCENTILE.INC bounds), ntile (SQL NTILE)\n"
        "                           or phe (PHEindicatormethods phe_quantile); 1 is best\n"
        "                           (with no polarity, 1 holds the lowest values)\n"
        "  -f, --format FMT         csv (default), tsv, md or json\n"
        "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
        "  -h, --help               show this help and exit\n\n"
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

typedef struct target_opt {
    char *code;
    char *rule_text;
    fp_target target;
    double baseline;
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
    fpc_table_format fmt;
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

/* ---------------------------------------------------------- helpers */

/* The year in a neighbour model version ("sn_may_2025" -> 2025), 0 if none. */
static int version_year(const char *v)
{
    int best = 0;
    for (const char *p = v; *p; p++)
        if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            (p == v || !isdigit((unsigned char)p[-1])) && !isdigit((unsigned char)p[4])) {
            int y = atoi(p);
            if (y > best) best = y;
        }
    return best;
}

static double obs_value(const fp_obs *o)
{
    return (o && o->missing == FP_MISSING_NONE) ? o->value : NAN;
}

/* The observation's numerator and denominator when it has both (returns 1);
 * otherwise NaN in both (returns 0). o may be NULL. */
static int obs_counts(const fp_dataset *ds, const fp_obs *o, double *num, double *den)
{
    *num = *den = NAN;
    if (!o || !(o->flags & FP_OBS_NUMERATOR) || !(o->flags & FP_OBS_DENOMINATOR)) return 0;
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    *num = x->numerator;
    *den = x->denominator;
    return 1;
}

/* Per-indicator working data, reused for every area. */
typedef struct indwork {
    size_t ind;
    size_t period;            /* index into ds->periods */
    const fp_obs **at;        /* per area: the observation at `period`, or NULL */
    double *val;              /* per area: its value or NaN */
    double *la_vals;          /* values of the local authorities (NaN kept) */
    size_t *la_area;          /* their area indices */
    size_t n_la;
    size_t *la_rank;          /* fp_rank of la_vals */
    int *la_quint;            /* quintile group of la_vals (0 none) */
    int rank_ok;
    double q[5];
    int q_ok;
} indwork;

/* A value's interval at the requested level, or NaN. */
static void obs_ci(const fp_dataset *ds, const fp_obs *o, double *l95, double *u95, double *l998, double *u998)
{
    *l95 = *u95 = *l998 = *u998 = NAN;
    if (!o || o->missing != FP_MISSING_NONE) return;
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    if (o->flags & FP_OBS_CI95) { *l95 = x->lower95; *u95 = x->upper95; }
    if (o->flags & FP_OBS_CI998) { *l998 = x->lower998; *u998 = x->upper998; }
}

/* The published limits, or, when a level has none but the observation has
 * counts and the unit is a proportion or a rate, limits computed from the
 * counts by the rates module (Wilson for proportions, Byar's/exact Poisson
 * for rates, as Fingertips). lim = l95, u95, l998, u998. Returns 1 when any
 * limit was computed. */
static int area_limits(const fp_dataset *ds, const fp_indicator *ind, const fp_obs *o, double lim[4])
{
    obs_ci(ds, o, &lim[0], &lim[1], &lim[2], &lim[3]);
    double x, n;
    if (!o || o->missing != FP_MISSING_NONE || !obs_counts(ds, o, &x, &n)) return 0;
    int prop = ind->unit == FP_UNIT_PERCENT || ind->unit == FP_UNIT_PROPORTION;
    if (!prop && ind->unit != FP_UNIT_RATE) return 0;
    int done = 0;
    static const double levels[2] = { 0.95, 0.998 };
    for (int k = 0; k < 2; k++) {
        if (!isnan(lim[2 * k]) || !isnan(lim[2 * k + 1])) continue;
        fp_ci ci;
        double m = ind->multiplier > 0 ? ind->multiplier : 1;
        int st = prop ? fp_proportion_ci(x, n, m, levels[k], &ci)
                      : fp_rate_ci(x, n, m, levels[k], &ci);
        if (st == FP_OK) { lim[2 * k] = ci.lower; lim[2 * k + 1] = ci.upper; done = 1; }
    }
    return done;
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
    "target_period", "projected_value", "projected_lower95", "projected_upper95", "target_outlook"
};
#define N_COLUMNS (sizeof columns / sizeof *columns)

/* Append to a note. */
static void note_add(char *note, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note_add(char *note, size_t size, const char *fmt, ...)
{
    size_t len = strlen(note);
    if (len + 3 >= size) return;
    if (len) { strcat(note, "; "); len += 2; }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note + len, size - len, fmt, ap);
    va_end(ap);
}

/* The Fingertips rule at both levels against one benchmark. */
static void rule_cells(fpc_table *t, double v, const double lim[4], double bench, fp_polarity pol,
                       fp_cmp *combined, fp_cmp_reason *why)
{
    double l95 = lim[0], u95 = lim[1], l998 = lim[2], u998 = lim[3];
    fp_cmp r95, r998;
    fp_cmp_reason w95, w998;
    fp_compare_ci(v, l95, u95, bench, pol, &r95, &w95);
    fp_compare_ci(v, l998, u998, bench, pol, &r998, &w998);
    fpc_table_str(t, fp_cmp_name(r95));
    fpc_table_str(t, fp_cmp_name(r998));
    if (combined) fp_compare_ci_levels(v, l95, u95, l998, u998, bench, pol, combined, NULL);
    if (why) *why = w95;
}

static void test_cells(const fp_dataset *ds, fpc_table *t, const fp_indicator *ind,
                       const fp_obs *o,
                       double x2, double n2, const char **method)
{
    double x1, n1;
    if (!obs_counts(ds, o, &x1, &n1) || !isfinite(x2) || !isfinite(n2)) {
        fpc_table_str(t, NULL);
        fpc_table_num(t, NAN);
        return;
    }
    fp_cmp_test ct;
    fp_compare_counts(ind->unit, x1, n1, x2, n2, ind->multiplier, 0.95,
                      ind->polarity, &ct);
    if (ct.status == FP_OK) {
        fpc_table_str(t, fp_cmp_name(ct.result));
        fpc_table_num(t, ct.p_value);
        if (*ct.method) *method = ct.method;
    } else {
        fpc_table_str(t, fp_cmp_name(FP_CMP_NOT_COMPARED));
        fpc_table_num(t, NAN);
    }
}

typedef struct ctx {
    const fp_dataset *ds;
    const fp_neighbours *nb;
    const copts *o;
    long england;             /* area index or -1 */
    fpc_table *t;
    /* Per-area lookups done once, not per indicator: region area index (-1
     * none), neighbour list, and the neighbours' area indices (-1 when a
     * neighbour is not in the data). */
    long *region;
    const fp_neighbour_list **nl;
    long **nb_idx;
} ctx;

/* Fill the per-area lookups of c for the areas that will be written. */
static void ctx_areas(ctx *c, const size_t *areas, size_t n)
{
    const fp_dataset *ds = c->ds;
    size_t na = ds->n_areas ? ds->n_areas : 1;
    c->region = fpc_xmalloc(na * sizeof *c->region);
    c->nl = fpc_xmalloc(na * sizeof *c->nl);
    c->nb_idx = fpc_xmalloc(na * sizeof *c->nb_idx);
    for (size_t a = 0; a < ds->n_areas; a++) { c->region[a] = -1; c->nl[a] = NULL; c->nb_idx[a] = NULL; }
    for (size_t i = 0; i < n; i++) {
        size_t a = areas[i], ri;
        const fp_area *ar = &ds->areas[a];
        if (ar->region && *ar->region && fp_dataset_find_area(ds, ar->region, &ri) == FP_OK)
            c->region[a] = (long)ri;
        const fp_neighbour_list *nl = NULL;
        if (c->nb) {
            if (!(ar->old_code && *ar->old_code &&
                  fp_neighbours_find(c->nb, ar->old_code, &nl) == FP_OK))
                if (fp_neighbours_find(c->nb, ar->code, &nl) != FP_OK) nl = NULL;
        }
        c->nl[a] = nl;
        if (nl) {
            c->nb_idx[a] = fpc_xmalloc((nl->n ? nl->n : 1) * sizeof **c->nb_idx);
            for (size_t k = 0; k < nl->n; k++) {
                size_t na2;
                c->nb_idx[a][k] = fp_dataset_find_area(ds, nl->neighbours[k], &na2) == FP_OK
                                      ? (long)na2 : -1;
            }
        }
    }
}

static void ctx_free(ctx *c)
{
    if (c->nb_idx)
        for (size_t a = 0; a < c->ds->n_areas; a++) free(c->nb_idx[a]);
    free(c->region); free(c->nl); free(c->nb_idx);
}

/* The target outlook of one row. */
typedef struct outlook {
    char period[40];          /* the target period's label */
    fp_projection p;          /* fit and limits NaN when not projected */
    const char *text;         /* the target_outlook cell, or NULL */
} outlook;

/* Will area a meet the target by the target period? Its series of the
 * indicator in w, up to the row's period and in that period's class (years
 * with years, 2016/17 with 2016/17), is projected to --target-by (default:
 * the period after the row's) by fpc_project, the step `trend --method
 * project` uses (fp_trend_project: least squares on the time index, missing
 * values left out, gaps in time kept as gaps, 95% prediction interval), and
 * judged against the resolved target value under the polarity. Why it could
 * not be projected, or what was left out, goes to the note. */
static void target_outlook(const ctx *c, const indwork *w, size_t a, double target,
                           fp_polarity pol, outlook *out, char *note, size_t note_size)
{
    const fp_dataset *ds = c->ds;
    const fp_period *row = &ds->periods[w->period].period;
    long cls = fpc_period_class(row);
    fp_period to;
    if (c->o->target_by) {
        to = c->o->target_by_p;
        snprintf(out->period, sizeof out->period, "%s", c->o->target_by);
    } else {
        fpc_period_next(row, &to);
        if (fp_period_format(&to, out->period, sizeof out->period) != FP_OK) out->period[0] = '\0';
    }
    const fp_obs *first = NULL;
    size_t ns = 0, n = 0;
    if (fp_dataset_series(ds, w->ind, a, &first, &ns) != FP_OK) ns = 0;
    double *t = fpc_xmalloc(2 * (ns ? ns : 1) * sizeof *t), *v = t + (ns ? ns : 1);
    for (size_t i = 0; i < ns; i++) {
        const fp_period *pp = &ds->periods[first[i].period].period;
        if (fpc_period_class(pp) != cls || fp_period_index(pp) > fp_period_index(row)) continue;
        t[n] = (double)fp_period_index(pp);
        v[n] = obs_value(&first[i]);
        n++;
    }
    fp_trend_series s = { n, t, v, NULL, NULL, NULL, NULL };
    fp_trend_options tr;
    fp_trend_options_default(&tr);
    const char *why = fpc_project(&s, cls, &to, c->o->projection, target, pol, &tr, &out->p);
    if (fpc_period_class(&to) == cls && fp_period_index(&to) <= fp_period_index(row)) {
        why = "the target period is not after the period compared";
        out->p.fit = out->p.lower = out->p.upper = NAN;
        out->p.outlook = FP_OUTLOOK_NONE;
    }
    out->text = NULL;
    if (why) {
        out->text = "cannot be projected";
        note_add(note, note_size, "cannot be projected to %s: %s", out->period, why);
    } else {
        fp_trend_gaps g;
        if (fp_trend_find_gaps(&s, &g) == FP_OK && g.n_missing + g.n_skipped > 0)
            note_add(note, note_size, "projected from %zu points (%zu missing %s left out)",
                     out->p.n, g.n_missing + g.n_skipped,
                     g.n_missing + g.n_skipped == 1 ? "period" : "periods");
        if (out->p.outlook != FP_OUTLOOK_NONE) out->text = fp_target_outlook_string(out->p.outlook);
        else if (pol != FP_POLARITY_NONE && isnan(target))
            note_add(note, note_size, "projection not judged: no target value");
    }
    free(t);
}

/* Write the row for area a on the indicator in w. */
static void write_row(ctx *c, const indwork *w, size_t a)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *ind = &ds->indicators[w->ind];
    const fp_area *ar = &ds->areas[a];
    fpc_table *t = c->t;
    fp_polarity pol = ind->polarity;
    const fp_obs *o = w->at[a];
    double v = w->val[a];
    char note[512] = "";

    fpc_table_str(t, ind->code);
    fpc_table_str(t, ind->name);
    fpc_table_str(t, ar->code);
    fpc_table_str(t, ar->name);
    fpc_table_str(t, ds->periods[w->period].label);
    fpc_table_str(t, fp_polarity_name(pol));
    fpc_table_str(t, *ind->unit_label ? ind->unit_label : fp_unit_name(ind->unit));
    double lim[4];
    int computed = area_limits(ds, ind, o, lim);
    fpc_table_num(t, v);
    fpc_table_num(t, lim[0]);
    fpc_table_num(t, lim[1]);
    fpc_table_num(t, lim[2]);
    fpc_table_num(t, lim[3]);
    const fp_obs_extra *ox = o ? fp_dataset_obs_extra(ds, o) : NULL;
    fpc_table_num(t, o && (o->flags & FP_OBS_NUMERATOR) ? ox->numerator : NAN);
    fpc_table_num(t, o && (o->flags & FP_OBS_DENOMINATOR) ? ox->denominator : NAN);
    if (computed)
        note_add(note, sizeof note, "confidence limits computed from the counts (%s)",
                 (ind->unit == FP_UNIT_RATE) ? "Byar's/exact Poisson" : "Wilson");
    if (!o) note_add(note, sizeof note, "no value for %s", ds->periods[w->period].label);
    else if (o->missing != FP_MISSING_NONE)
        note_add(note, sizeof note, "value %s (%s)", fp_missing_code(o->missing),
                 fp_missing_describe(o->missing));

    /* England and region. */
    const fp_obs *eo = c->england >= 0 ? w->at[c->england] : NULL;
    double ev = obs_value(eo);
    fpc_table_num(t, ev);
    long reg = c->region[a];
    const fp_obs *ro = reg >= 0 ? w->at[reg] : NULL;
    fpc_table_str(t, ar->region);
    fpc_table_num(t, obs_value(ro));

    /* Statistical neighbours. */
    const fp_neighbour_list *nl = c->nl[a];
    size_t nn = nl ? nl->n : 0;
    double nv[64], nnum[64], nden[64];
    if (nn > 64) nn = 64;
    for (size_t k = 0; k < nn; k++) {
        nv[k] = nnum[k] = nden[k] = NAN;
        if (c->nb_idx[a][k] < 0) continue;
        const fp_obs *no = w->at[c->nb_idx[a][k]];
        nv[k] = obs_value(no);
        if (no && no->missing == FP_MISSING_NONE) obs_counts(ds, no, &nnum[k], &nden[k]);
    }
    fp_agg_result ag = { NAN, 0, nn, NAN, NAN };
    double nl95 = NAN, nu95 = NAN;
    if (nl) {
        int st = fp_aggregate(c->o->stat, nv, nnum, nden, nn, ind->multiplier, &ag);
        if (st == FP_OK && c->o->stat == FP_AGG_POOLED) {
            fp_ci ci;
            int cst = (ind->unit == FP_UNIT_PERCENT || ind->unit == FP_UNIT_PROPORTION)
                ? fp_proportion_ci(ag.numerator, ag.denominator, ind->multiplier, 0.95, &ci)
                : fp_rate_ci(ag.numerator, ag.denominator, ind->multiplier, 0.95, &ci);
            if (cst == FP_OK) { nl95 = ci.lower; nu95 = ci.upper; }
        } else if (st == FP_ENODATA && c->o->stat == FP_AGG_POOLED) {
            note_add(note, sizeof note, "no neighbour counts to pool");
        }
    } else if (c->nb) {
        note_add(note, sizeof note, "no statistical neighbours for %s in %s", ar->name, c->nb->version);
    }
    fpc_table_num(t, ag.value);
    if (nl) {
        char buf[32];
        snprintf(buf, sizeof buf, "%zu of %zu", ag.n_used, ag.n_total);
        fpc_table_str(t, buf);
    } else fpc_table_str(t, NULL);
    fpc_table_num(t, nl95);
    fpc_table_num(t, nu95);

    /* A named area or list of areas (--versus), aggregated like the neighbours. */
    fp_agg_result vag = { NAN, 0, 0, NAN, NAN };
    if (c->o->n_vs) {
        size_t nvs = c->o->n_vs;
        double *vv = fpc_xmalloc(3 * nvs * sizeof *vv), *vn = vv + nvs, *vd = vv + 2 * nvs;
        for (size_t k = 0; k < nvs; k++) {
            const fp_obs *vo = w->at[c->o->vs_areas[k]];
            vv[k] = obs_value(vo);
            vn[k] = vd[k] = NAN;
            if (vo && vo->missing == FP_MISSING_NONE) obs_counts(ds, vo, &vn[k], &vd[k]);
        }
        fp_aggregate(nvs == 1 && c->o->stat == FP_AGG_POOLED ? FP_AGG_MEAN : c->o->stat, vv, vn, vd, nvs,
                     ind->multiplier, &vag);
        free(vv);
        fpc_table_str(t, c->o->versus);
        fpc_table_num(t, vag.value);
        char buf[32];
        snprintf(buf, sizeof buf, "%zu of %zu", vag.n_used, vag.n_total);
        fpc_table_str(t, buf);
    } else {
        fpc_table_str(t, NULL);
        fpc_table_num(t, NAN);
        fpc_table_str(t, NULL);
    }

    /* The Fingertips rule against each comparator. */
    fp_cmp comb = FP_CMP_NOT_COMPARED;
    fp_cmp_reason why = FP_CMP_REASON_NONE;
    rule_cells(t, v, lim, ev, pol, &comb, &why);
    fpc_table_str(t, fp_cmp_name(comb));
    fpc_table_str(t, fp_cmp_colour(comb));
    rule_cells(t, v, lim, obs_value(ro), pol, NULL, NULL);
    rule_cells(t, v, lim, ag.value, pol, NULL, NULL);
    if (c->o->n_vs) rule_cells(t, v, lim, vag.value, pol, NULL, NULL);
    else { fpc_table_str(t, NULL); fpc_table_str(t, NULL); }
    fpc_table_str(t, why == FP_CMP_REASON_NONE ? "" : fp_cmp_reason_name(why));

    /* Two-sample tests where counts exist. */
    const char *method = "";
    double ex, en, rx, rn;
    obs_counts(ds, eo, &ex, &en);
    obs_counts(ds, ro, &rx, &rn);
    test_cells(ds, t, ind, o, ex, en, &method);
    test_cells(ds, t, ind, o, rx, rn, &method);
    test_cells(ds, t, ind, o, ag.numerator, ag.denominator, &method);
    fpc_table_str(t, method);

    /* Rank, percentile and quartile among local authorities. */
    long la_pos = -1;
    if (ar->kind == FP_AREA_LA)
        for (size_t i = 0; i < w->n_la; i++)
            if (w->la_area[i] == a) { la_pos = (long)i; break; }
    size_t n_ranked = 0;
    for (size_t i = 0; i < w->n_la; i++) n_ranked += !isnan(w->la_vals[i]);
    if (la_pos >= 0 && w->rank_ok && w->la_rank[la_pos] > 0) {
        double pct;
        fpc_table_int(t, (long)w->la_rank[la_pos]);
        fpc_table_int(t, (long)n_ranked);
        fp_percentile_of(v, w->la_vals, w->n_la, pol, &pct);
        fpc_table_num(t, pct);
    } else {
        fpc_table_str(t, NULL);
        fpc_table_str(t, NULL);
        fpc_table_str(t, NULL);
        if (pol == FP_POLARITY_NONE) note_add(note, sizeof note, "no rank or quartile: no polarity");
    }
    char band = 0;
    if (la_pos >= 0 && w->q_ok && !ind->no_quartile && pol != FP_POLARITY_NONE)
        fp_quartile_band(v, w->q, pol, &band);
    char bs[2] = { band, 0 };
    fpc_table_str(t, band ? bs : NULL);
    fpc_table_num(t, w->q_ok ? w->q[1] : NAN);
    fpc_table_num(t, w->q_ok ? w->q[2] : NAN);
    fpc_table_num(t, w->q_ok ? w->q[3] : NAN);
    if (la_pos >= 0 && w->la_quint[la_pos] > 0) fpc_table_int(t, w->la_quint[la_pos]);
    else fpc_table_str(t, NULL);

    /* Rank within the neighbour group (the area and its neighbours). */
    if (nl && pol != FP_POLARITY_NONE && isfinite(v)) {
        size_t r, m;
        fp_rank_of(v, nv, nn, pol, &r, &m);
        char buf[32];
        snprintf(buf, sizeof buf, "%zu of %zu", r, m + 1);
        fpc_table_str(t, buf);
    } else fpc_table_str(t, NULL);

    /* Change over 1 and 3 consecutive periods. */
    double c1 = NAN, c1p = NAN, c3 = NAN, c3p = NAN, prev = NAN;
    const fp_obs *first;
    size_t ns;
    if (o && fp_dataset_series(ds, w->ind, a, &first, &ns) == FP_OK && o >= first &&
        o < first + ns) {
        size_t end = (size_t)(o - first);
        size_t lo = end >= 3 ? end - 3 : 0;
        double sv[4];
        fp_period sp[4];
        for (size_t k = lo; k <= end; k++) {
            sv[k - lo] = obs_value(&first[k]);
            sp[k - lo] = ds->periods[first[k].period].period;
        }
        size_t e = end - lo;
        if (e >= 1 && fp_change(sv, sp, e + 1, e, 1, &c1, &c1p) == FP_OK) prev = sv[e - 1];
        if (e >= 3) fp_change(sv, sp, e + 1, e, 3, &c3, &c3p);
    }
    fpc_table_num(t, c1);
    fpc_table_num(t, c1p);
    fpc_table_num(t, c3);
    fpc_table_num(t, c3p);
    double d, dp;
    fp_deviation(v, ev, &d, &dp);
    fpc_table_num(t, d);
    fpc_table_num(t, dp);

    /* Target. */
    const target_opt *tg = find_target(c->o, ind->code);
    fp_target_status ts = FP_TSTATUS_NO_TARGET;
    double tv = NAN;
    if (tg) {
        fp_target tt = tg->target;
        tt.direction = pol;
        fp_target_assess(&tt, ev, v, prev, NAN, &ts, &tv);
        if (pol == FP_POLARITY_NONE) note_add(note, sizeof note, "target not assessed: no polarity");
    }
    outlook ol;
    if (tg) target_outlook(c, w, a, tv, pol, &ol, note, sizeof note);
    fpc_table_str(t, tg ? tg->rule_text : NULL);
    fpc_table_num(t, tv);
    fpc_table_str(t, fp_target_status_name(ts));
    fpc_table_str(t, note);
    fpc_table_str(t, tg ? ol.period : NULL);
    fpc_table_num(t, tg ? ol.p.fit : NAN);
    fpc_table_num(t, tg ? ol.p.lower : NAN);
    fpc_table_num(t, tg ? ol.p.upper : NAN);
    fpc_table_str(t, tg ? ol.text : NULL);
}

/* Fill the per-indicator data. 0 ok, -1 when the indicator has no period. */
static int prepare(const fp_dataset *ds, const copts *o, size_t ind, indwork *w)
{
    w->ind = ind;
    if (o->period && strcmp(o->period, "latest") != 0) {
        if (fp_dataset_find_period(ds, o->period, &w->period) != FP_OK) return -1;
    } else if (fp_dataset_latest_period(ds, ind, &w->period) != FP_OK) {
        return -1;
    }
    w->n_la = 0;
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *ob = NULL;
        if (fp_dataset_lookup(ds, ind, a, w->period, &ob) != FP_OK) ob = NULL;
        w->at[a] = ob;
        w->val[a] = obs_value(ob);
        if (ds->areas[a].kind == FP_AREA_LA) {
            w->la_vals[w->n_la] = w->val[a];
            w->la_area[w->n_la] = a;
            w->n_la++;
        }
    }
    fp_polarity pol = ds->indicators[ind].polarity;
    w->rank_ok = pol != FP_POLARITY_NONE &&
                 fp_rank(w->la_vals, w->n_la, pol, w->la_rank, NULL) == FP_OK;
    /* Quintiles: group 1 best (highest values first for "higher is better"). */
    if (fp_quantile_groups(w->la_vals, w->n_la, 5, o->qmethod, pol == FP_POLARITY_HIGH,
                           w->la_quint) != FP_OK)
        for (size_t i = 0; i < w->n_la; i++) w->la_quint[i] = 0;
    w->q_ok = 1;
    for (int k = 0; k < 5 && w->q_ok; k++)
        if (fp_quantile7(w->la_vals, w->n_la, k / 4.0, &w->q[k]) != FP_OK) w->q_ok = 0;
    return 0;
}

int fpc_cmd_compare(int argc, char **argv)
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
        { "versus", required_argument, NULL, 'v' },
        { "target-by", required_argument, NULL, 'B' },
        { "projection", required_argument, NULL, 'M' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    copts o;
    memset(&o, 0, sizeof o);
    o.stat = FP_AGG_MEAN;
    o.qmethod = FP_QMETHOD_TYPE7;
    o.fmt = FPC_TABLE_CSV;
    o.projection = FP_PROJECT_LINEAR;
    char **baselines = fpc_xmalloc((size_t)(argc + 1) * sizeof *baselines);
    size_t n_base = 0;
    o.inds = fpc_xmalloc(sizeof *o.inds);
    o.targets = fpc_xmalloc((size_t)(argc + 1) * sizeof *o.targets);
    int rc = FPC_EXIT_OK, ch;
    optind = 1;
    opterr = 0;
#define USAGE(...) do { rc = fpc_usage("compare", __VA_ARGS__); goto done_opts; } while (0)
    while ((ch = getopt_long(argc, argv, ":a:Ai:p:n:s:t:b:q:f:o:v:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': o.area = optarg; break;
        case 'A': o.all_areas = 1; break;
        case 'i': fpc_list_append(&o.inds, &o.n_inds, optarg); break;
        case 'p': o.period = optarg; break;
        case 'n': o.nbver = optarg; break;
        case 's':
            if (fp_agg_parse(optarg, &o.stat) != FP_OK)
                USAGE("unknown --neighbour-stat '%s' (mean, median, pooled)", optarg);
            break;
        case 't': {
            char *s = fpc_strdup(optarg), *rule = split_eq(s);
            target_opt *tg = &o.targets[o.n_targets];
            memset(tg, 0, sizeof *tg);
            tg->target.baseline = NAN;
            if (!rule || fp_target_parse(rule, &tg->target) != FP_OK) {
                free(s);
                USAGE("cannot read target '%s' (CODE=RULE, e.g. LAC=60, KS2=50 or national higher, "
                      "X=baseline+10%%)", optarg);
            }
            tg->code = s;
            tg->rule_text = rule;
            o.n_targets++;
            break;
        }
        case 'b': baselines[n_base++] = optarg; break;
        case 'q':
            if (fp_qmethod_parse(optarg, &o.qmethod) != FP_OK)
                USAGE("unknown --quintiles method '%s' (type7, ntile, phe)", optarg);
            break;
        case 'f':
            if (fpc_table_format_parse(optarg, &o.fmt) != 0)
                USAGE("unknown format '%s' (csv, tsv, md, json)", optarg);
            break;
        case 'o': o.out = optarg; break;
        case 'v': o.versus = optarg; break;
        case 'B':
            if (fp_period_parse(optarg, &o.target_by_p) != FP_OK)
                USAGE("--target-by '%s' is not a period (e.g. 2026, 2026/27, 2026 Q1)", optarg);
            o.target_by = optarg;
            break;
        case 'M':
            if (fpc_projection_parse(optarg, &o.projection) != 0)
                USAGE("--projection must be linear or loglinear, not '%s'", optarg);
            break;
        case 'h': help(); goto done_opts;
        case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
        default: USAGE("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!o.area && !o.all_areas) USAGE("give --area NAME|CODE or --all-areas");
    if (o.area && o.all_areas) USAGE("--area and --all-areas cannot be used together");
    for (size_t i = 0; i < n_base; i++) {
        char *s = fpc_strdup(baselines[i]), *val = split_eq(s);
        double x;
        int found = 0;
        if (!val || fpc_parse_double(val, 1, &x) != 0) {
            free(s);
            USAGE("cannot read baseline '%s' (CODE=NUMBER)", baselines[i]);
        }
        for (size_t j = 0; j < o.n_targets; j++)
            if (!strcmp(o.targets[j].code, s)) { o.targets[j].target.baseline = x; found = 1; }
        free(s);
        if (!found) USAGE("--baseline '%s' has no --target for that indicator", baselines[i]);
    }
    goto run;
done_opts:
    for (size_t i = 0; i < o.n_inds; i++) free(o.inds[i]);
    for (size_t i = 0; i < o.n_targets; i++) free(o.targets[i].code);
    free(o.inds); free(o.targets); free(baselines);
    return rc;
#undef USAGE

run:;
    fpc_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    fpc_read_opts ropts;
    fpc_read_opts_init(&ropts);
    size_t npaths = (size_t)(argc - optind);
    int lrc = fpc_inputs_load(&in, argv + optind, npaths, &ropts, &diags);
    if (lrc != 0) rc = FPC_EXIT_DATA;
    const fp_dataset *ds = in.ds;

    /* The neighbour model. */
    const fp_neighbours *nb = NULL;
    if (o.nbver) {
        for (size_t i = 0; i < in.n_nbs; i++)
            if (!strcmp(in.nbs[i]->version, o.nbver)) nb = in.nbs[i];
        if (!nb) {
            fpc_error(NULL, 0, 0, "no neighbour model '%s' was loaded (%zu loaded%s)", o.nbver,
                      in.n_nbs, in.n_nbs ? ": give its file as DATA" : "");
            rc = FPC_EXIT_DATA;
            goto cleanup_in;
        }
    } else {
        int best = -1;
        for (size_t i = 0; i < in.n_nbs; i++) {
            int y = version_year(in.nbs[i]->version);
            if (y >= best) { best = y; nb = in.nbs[i]; }
        }
    }

    /* --versus areas. */
    if (o.versus) {
        size_t k;
        char **v = fpc_split(o.versus, ',', &k);
        o.vs_areas = fpc_xmalloc((k ? k : 1) * sizeof *o.vs_areas);
        for (size_t j = 0; j < k; j++) {
            size_t a;
            if (fp_dataset_find_area(ds, v[j], &a) != FP_OK) {
                fpc_error(NULL, 0, 0, "--versus: area '%s' is not in the data", v[j]);
                rc = FPC_EXIT_DATA;
                continue;
            }
            o.vs_areas[o.n_vs++] = a;
        }
        fpc_free_strv(v);
    }

    /* Areas. */
    size_t *areas, n_areas;
    if (fpc_select_areas(ds, &o.area, 1, o.all_areas, &areas, &n_areas) != 0) {
        rc = FPC_EXIT_DATA;
        free(areas);
        goto cleanup_in;
    }
    long england = -1;
    for (size_t a = 0; a < ds->n_areas && england < 0; a++)
        if (ds->areas[a].kind == FP_AREA_COUNTRY) england = (long)a;

    /* Indicators. */
    size_t *inds, n_inds;
    if (fpc_select_indicators(ds, (const char *const *)o.inds, o.n_inds, &inds, &n_inds) != 0)
        rc = FPC_EXIT_DATA;
    for (size_t i = 0; i < o.n_targets; i++) {
        size_t k;
        if (fp_dataset_find_indicator(ds, o.targets[i].code, &k) != FP_OK)
            fpc_warn(NULL, 0, 0, "--target: indicator '%s' is not in the data", o.targets[i].code);
    }

    fpc_out out;
    if (fpc_out_open(&out, o.out) != 0) {
        rc = FPC_EXIT_DATA;
    } else {
        fpc_table t;
        fpc_table_begin(&t, out.fp, o.fmt, columns, N_COLUMNS);
        fpc_table_meta(&t, "methods_version", FP_METHODS_VERSION);
        fpc_table_meta(&t, "data_version", ds->version ? ds->version : "");
        fpc_table_meta(&t, "neighbours_version", nb ? nb->version : "none");
        fpc_table_meta(&t, "neighbour_stat", fp_agg_name(o.stat));
        fpc_table_meta(&t, "significance", "Fingertips rule at 95% and 99.8% (drives rag_colour)");
        fpc_table_meta(&t, "quartiles", "type 7 over local authorities, LAIT bands, A best");
        fpc_table_meta(&t, "quintiles", fp_qmethod_name(o.qmethod));
        indwork w;
        size_t na = ds->n_areas ? ds->n_areas : 1;
        w.at = fpc_xmalloc(na * sizeof *w.at);
        w.val = fpc_xmalloc(na * sizeof *w.val);
        w.la_vals = fpc_xmalloc(na * sizeof *w.la_vals);
        w.la_area = fpc_xmalloc(na * sizeof *w.la_area);
        w.la_rank = fpc_xmalloc(na * sizeof *w.la_rank);
        w.la_quint = fpc_xmalloc(na * sizeof *w.la_quint);
        ctx c = { ds, nb, &o, england, &t, NULL, NULL, NULL };
        ctx_areas(&c, areas, n_areas);
        size_t skipped = 0;
        for (size_t i = 0; i < n_inds; i++) {
            fpc_progress("compare", i, n_inds);
            if (prepare(ds, &o, inds[i], &w) != 0) {
                if (o.n_inds || !o.period || !strcmp(o.period, "latest")) {
                    if (o.n_inds)
                        fpc_error(NULL, 0, 0, "indicator '%s': no data%s%s", ds->indicators[inds[i]].code,
                                  o.period ? " for period " : "", o.period ? o.period : "");
                    if (o.n_inds) rc = FPC_EXIT_DATA;
                }
                skipped++;
                continue;
            }
            for (size_t k = 0; k < n_areas; k++) write_row(&c, &w, areas[k]);
        }
        fpc_progress("compare", n_inds, n_inds);
        if (o.period && strcmp(o.period, "latest") && skipped == n_inds) {
            fpc_error(NULL, 0, 0, "period '%s' is not in the data", o.period);
            rc = FPC_EXIT_DATA;
        }
        fpc_table_end(&t);
        if (fpc_out_commit(&out) != 0) rc = FPC_EXIT_DATA;
        free(w.at); free(w.val); free(w.la_vals); free(w.la_area); free(w.la_rank); free(w.la_quint);
        ctx_free(&c);
    }
    free(inds);
    free(areas);
cleanup_in:
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    for (size_t i = 0; i < o.n_inds; i++) free(o.inds[i]);
    for (size_t i = 0; i < o.n_targets; i++) free(o.targets[i].code);
    free(o.inds); free(o.targets); free(baselines); free(o.vs_areas);
    return rc;
}
