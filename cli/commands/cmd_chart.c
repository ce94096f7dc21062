/* cmd_chart.c -- `fingerpost chart KIND`: draw trend, compare-areas, spine,
 * SPC and funnel charts with gnuplot for many areas and indicators at once.
 *
 * This file selects data from the loaded dataset (cli/io/io.h), computes
 * comparisons with libfingerpost (fingerpost/compare.h, fingerpost/spc.h)
 * and hands plain-array chart specs to the plots library (plots/plots.h),
 * which writes the .gp/.dat/.csv files and runs gnuplot in batches. It
 * finishes with DIR/manifest.csv: every file written, every chart or series
 * skipped and why, every chart that failed. */
#include "cli.h"
#include "io.h"
#include "plots.h"

#include <errno.h>
#include <stdint.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void help(void)
{
    printf(
        "Usage: fingerpost chart KIND [OPTION]... --out DIR [DATA]...\n"
        "Draw charts with gnuplot: SVG by default, PNG with --png. Beside each chart\n"
        "are its gnuplot script (.gp, re-runnable: cd DIR && gnuplot NAME.gp), its data\n"
        "(.dat), the plotted numbers as a table (.csv) and its alt text (.alt.txt: title,\n"
        "blank line, description; UTF-8, to paste into a document's alt-text box).\n"
        "DIR/manifest.csv lists every image, script, data, table and alt-text file and every\n"
        "chart or series skipped (empty, all missing) and why.\n"
        "DATA are data files, dictionaries and neighbour files (format detected);\n"
        "with none, the shipped demo data is used.\n\n"
        "Kinds:\n"
        "  trend    the area's values over time with 95%% CIs, England, region and\n"
        "           neighbour-average lines and a target (one chart per area and indicator)\n"
        "  compare  bars for the area, its neighbours, region and England, sorted, with\n"
        "           CIs, coloured by significance against England (per area and indicator)\n"
        "  spine    one row per indicator: England's range of local authorities, the\n"
        "           area marked and coloured, better always to the right (per area)\n"
        "  spc      XmR chart of the area's series (Making Data Count rules and icons)\n"
        "  funnel   every local authority's value against its denominator with 95%% and\n"
        "           99.8%% limits around England, OHID's or adjusted for\n"
        "           overdispersion (--overdispersion); rates, proportions and\n"
        "           ratios (ISR/SMR: against the expected count), each area\n"
        "           flagged in the table (needs denominators: the data's own,\n"
        "           or derived from a count indicator with --numerator-code or\n"
        "           --denominator-code; one chart per indicator, per --area when\n"
        "           given, highlighting it)\n\n"
        "Options:\n"
        "  -a, --area NAME|CODE      an area (repeat, or A,B,...)\n"
        "  -A, --all-areas           every local authority\n"
        "  -i, --indicator CODE      an indicator (repeat, or A,B,...)\n"
        "  -I, --all-indicators      every indicator (the default)\n"
        "  -p, --period latest|P     compare/spine/funnel: the period (default each\n"
        "                            indicator's latest with data)\n"
        "  -n, --neighbours VERSION  the neighbour model (default the last loaded)\n"
        "  -t, --target CODE=RULE    trend/spc target line (e.g. LAC=60, or\n"
        "                            'KS2=national'; as fingerpost compare --target)\n"
        "      --min-points N        spc: fewest points for limits (default 12; the same\n"
        "                            as --spc-min-points)\n"
        FPC_SPC_HELP
        "      --numerator-code [IND=]CODE\n"
        "                            funnel: where an observation has no denominator,\n"
        "                            derive it from the count indicator CODE in the same\n"
        "                            data as count x multiplier / value (LAIT: LACnum\n"
        "                            beside LAC); unless one --indicator is given,\n"
        "                            write IND=CODE for each (repeatable)\n"
        "      --denominator-code [IND=]CODE\n"
        "                            funnel: take missing denominators from the indicator\n"
        "                            CODE (LAIT: NoCareLeavers beside CareLeaversNEET).\n"
        "                            Derived denominators are approximate (published\n"
        "                            values are rounded); areas where none can be derived\n"
        "                            are left out, counted in the alt text and listed in\n"
        "                            the manifest\n"
        "      --statistic proportion|rate|ratio\n"
        "                            funnel: what the values are (default from the unit;\n"
        "                            a ratio is observed/expected, ISR or SMR, with the\n"
        "                            expected count as its denominator)\n"
        "Funnel limits (chart funnel; the same options in compare):\n"
        FPC_FUNNEL_HELP
        "      --png                 PNG (pngcairo) instead of SVG\n"
        "      --width W, --height H image size in pixels (default 800x450, PNG 1000x562)\n"
        "  -j, --jobs N              gnuplot processes at once (default: CPU cores)\n"
        "      --per-process N       charts per gnuplot process (default 100; 1 starts\n"
        "                            one gnuplot per chart, for comparison)\n"
        "      --chart-timeout S     seconds one gnuplot process may take before it is\n"
        "                            killed (default 120; 0 for no limit): the charts\n"
        "                            it did not finish fail, the rest are still drawn\n"
        "  -o, --out DIR             output directory (created if needed; required;\n"
        "                            no control characters)\n"
        "Data preparation (the same options in compare, trend, chart and report;\n"
        "on the shipped data the shipped scorecard's polarity and counts apply):\n"
        FPC_PREP_HELP
        "  -h, --help                show this help and exit\n\n"
        "Names and labels from the data are always shown literally: they are quoted\n"
        "for gnuplot and never executed. Progress is shown on stderr when it is a\n"
        "terminal. Images carry the alt text describing the chart: SVGs as <title> and\n"
        "<desc>, PNGs as iTXt text chunks with the keywords Title and Description.\n"
        "Set FINGERPOST_GNUPLOT to use another gnuplot program.\n\n"
        "Examples:\n"
        "  fingerpost chart trend --area Sefton --indicator LAC --out charts\n"
        "  fingerpost chart compare --area 343 --all-indicators --png --out charts \\\n"
        "      bds_long.csv data_dictionary.csv sn_may_2025.csv\n"
        "  fingerpost chart spine --area Sefton --out charts\n"
        "  fingerpost chart trend --all-areas --indicator LAC,CPP_rate --out charts DATA...\n"
        "  fingerpost chart funnel --indicator LAC --numerator-code LACnum --area 343 \\\n"
        "      --out charts\n"
        "  fingerpost chart funnel -i 90284 --overdispersion additive --out charts \\\n"
        "      fingertips_injuries_0to14_90284.csv\n\n"
        "Exit status: 0 success (charts skipped for lack of data are listed in the\n"
        "manifest), 1 data error or a chart that gnuplot could not draw (the others are\n"
        "still written), 2 usage error.\n");
}

/* ------------------------------------------------------------ options */

typedef enum { K_TREND, K_COMPARE, K_SPINE, K_SPC, K_FUNNEL } kind_t;
static const char *const kind_names[] = { "trend", "compare", "spine", "spc", "funnel" };

typedef struct target_opt { char *code; fp_target target; } target_opt;

typedef struct opts {
    kind_t kind;
    char **areas; size_t n_areas;
    int all_areas;
    char **inds; size_t n_inds;
    const char *period;
    const char *nbver;
    target_opt *targets; size_t n_targets;
    size_t min_points;
    fpc_spc_opts spc;                 /* spc: --rebase, --fix-after-n-points, ... */
    char **num_codes; size_t n_num;   /* funnel: "[IND=]CODE" count indicators */
    char **den_codes; size_t n_den;
    fpc_funnel_opts funnel;           /* funnel: overdispersion */
    int statistic;                    /* funnel: -1 from the unit, else an fp_funnel_kind */
    fpp_render_opts render;
    const char *out;
    fpc_prep prep;                    /* shared dataset preparation */
} opts;

static void free_opts(opts *o)
{
    for (size_t i = 0; i < o->n_areas; i++) free(o->areas[i]);
    for (size_t i = 0; i < o->n_inds; i++) free(o->inds[i]);
    for (size_t i = 0; i < o->n_targets; i++) free(o->targets[i].code);
    for (size_t i = 0; i < o->n_num; i++) free(o->num_codes[i]);
    for (size_t i = 0; i < o->n_den; i++) free(o->den_codes[i]);
    free(o->areas); free(o->inds); free(o->targets); free(o->num_codes); free(o->den_codes);
    fpc_prep_free(&o->prep);
    fpc_spc_opts_free(&o->spc);
}

/* ------------------------------------------------------------ helpers */

static double obs_value(const fp_obs *o)
{
    return o && o->missing == FP_MISSING_NONE ? o->value : NAN;
}

static int is_percent(const fp_indicator *ind)
{
    return ind->unit == FP_UNIT_PERCENT || ind->unit == FP_UNIT_PROPORTION;
}

static const char *unit_text(const fp_indicator *ind)
{
    return ind->unit_label && *ind->unit_label ? ind->unit_label : fp_unit_name(ind->unit);
}

static const char *ind_title(const fp_indicator *ind)
{
    return ind->name && *ind->name ? ind->name : ind->code;
}

/* Shared context for building charts. */
typedef struct ctx {
    const fp_dataset *ds;
    const fp_neighbours *nb;
    const opts *o;
    long england;
    /* The assessment layer (fingerpost/assess.h): the period rule, values,
     * intervals and comparators of compare, spine and trend charts. */
    fp_assess_context *ac;
    fp_assess_options ao;
    /* Per indicator: the sorted periods with any observation. */
    size_t *pidx; size_t n_p;
    /* Charts and their manifest identity. */
    fpp_chart **charts; size_t n_charts, cap;
    char **c_ind, **c_area;
    /* Charts or series that were not drawn at all (no chart object). */
    fpc_table *manifest;
    size_t n_not_made;
    /* Every chart name used so far (a hash set), across flushed chunks. */
    char **names; size_t names_cap, names_n;
    /* Rendering: options, outcome counts, progress. */
    fpp_render_opts *render;
    const char *out;
    size_t n_ok, n_failed, n_empty, done_before, total_est;
    int render_rc;
} ctx;

/* Charts are rendered in chunks so memory stays bounded however many are
 * asked for (each chart holds its script and data until rendered). */
#define CHUNK 2000

static const target_opt *find_target(const opts *o, const char *code)
{
    for (size_t i = 0; i < o->n_targets; i++)
        if (!strcmp(o->targets[i].code, code)) return &o->targets[i];
    return NULL;
}

static void manifest_row(fpc_table *t, const char *kind, const char *chart, const char *ind,
                         const char *area, const char *file, const char *type,
                         const char *status, const char *series, const char *reason)
{
    fpc_table_str(t, kind);
    fpc_table_str(t, chart);
    fpc_table_str(t, ind);
    fpc_table_str(t, area);
    fpc_table_str(t, file);
    fpc_table_str(t, type);
    fpc_table_str(t, status);
    fpc_table_str(t, series);
    fpc_table_str(t, reason);
}

static void not_made(ctx *c, const char *ind, const char *area, const char *reason)
{
    manifest_row(c->manifest, kind_names[c->o->kind], NULL, ind, area, NULL, NULL, "skipped",
                 NULL, reason);
    c->n_not_made++;
}

static int name_used(const ctx *c, const char *name)
{
    if (!c->names_cap) return 0;
    for (size_t i = fpc_hash_str(name) & (c->names_cap - 1);; i = (i + 1) & (c->names_cap - 1)) {
        if (!c->names[i]) return 0;
        if (!strcmp(c->names[i], name)) return 1;
    }
}

static void name_add(ctx *c, const char *name)
{
    if (2 * (c->names_n + 1) > c->names_cap) {
        size_t cap = c->names_cap ? 2 * c->names_cap : 1024;
        char **nv = calloc(cap, sizeof *nv);
        if (!nv) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
        for (size_t i = 0; i < c->names_cap; i++) {
            if (!c->names[i]) continue;
            size_t j = fpc_hash_str(c->names[i]) & (cap - 1);
            while (nv[j]) j = (j + 1) & (cap - 1);
            nv[j] = c->names[i];
        }
        free(c->names);
        c->names = nv;
        c->names_cap = cap;
    }
    size_t j = fpc_hash_str(name) & (c->names_cap - 1);
    while (c->names[j]) j = (j + 1) & (c->names_cap - 1);
    c->names[j] = fpc_strdup(name);
    c->names_n++;
}

static void progress_cb(void *ctx_, size_t done, size_t total)
{
    const ctx *c = ctx_;
    size_t all = c->done_before + total;
    fpc_progress("charts", c->done_before + done, c->total_est > all ? c->total_est : all);
}

/* Render the charts kept so far, write their manifest rows and free them. */
static void flush(ctx *c)
{
    if (c->n_charts == 0) return;
    fpp_result *res = fpc_xmalloc(c->n_charts * sizeof *res);
    if (fpc_progress_enabled()) {
        c->render->progress = progress_cb;
        c->render->progress_ctx = c;
    }
    int prc = fpp_render(c->charts, c->n_charts, c->out, c->render, res);
    if (prc != FP_OK && c->render_rc == FP_OK) {
        c->render_rc = prc;
        if (prc == FP_ENOTFOUND)
            fpc_error(NULL, 0, 0, "cannot run gnuplot (install gnuplot-nox, or set FINGERPOST_GNUPLOT)");
        else
            fpc_error(NULL, 0, 0, "rendering failed: %s", fp_strerror(prc));
    }
    fpc_table *mt = c->manifest;
    const char *kname = kind_names[c->o->kind];
    for (size_t i = 0; i < c->n_charts; i++) {
        fpp_chart *chp = c->charts[i];
        fpp_result *r = &res[i];
        const char *ci = c->c_ind[i], *ca = c->c_area[i];
        const char *status = r->outcome == FPP_RENDERED ? "written"
                           : r->outcome == FPP_SKIPPED ? "skipped" : "failed";
        if (r->outcome == FPP_RENDERED) c->n_ok++;
        else if (r->outcome == FPP_SKIPPED) c->n_empty++;
        else {
            c->n_failed++;
            fpc_error(NULL, 0, 0, "chart %s failed: %s", chp->name, r->message ? r->message : "");
        }
        if (r->image) manifest_row(mt, kname, chp->name, ci, ca, r->image, "image", status, NULL, NULL);
        if (r->script) manifest_row(mt, kname, chp->name, ci, ca, r->script, "script", status, NULL, NULL);
        if (r->data) manifest_row(mt, kname, chp->name, ci, ca, r->data, "data", status, NULL, NULL);
        if (r->table) manifest_row(mt, kname, chp->name, ci, ca, r->table, "table", status, NULL, NULL);
        if (r->alt) manifest_row(mt, kname, chp->name, ci, ca, r->alt, "alt text", status, NULL, NULL);
        if (r->outcome == FPP_FAILED)
            manifest_row(mt, kname, chp->name, ci, ca, NULL, "image", "failed", NULL,
                         r->message ? r->message : "gnuplot failed");
        if (r->outcome == FPP_SKIPPED)
            manifest_row(mt, kname, chp->name, ci, ca, NULL, NULL, "skipped", NULL,
                         "nothing to plot: every series is empty or missing");
        for (size_t s = 0; s < chp->n_skipped; s++)
            manifest_row(mt, kname, chp->name, ci, ca, NULL, "series", "skipped series",
                         chp->skipped_series[s], chp->skipped_reasons[s]);
        fpp_result_clear(r);
        fpp_chart_free(chp);
        free(c->c_ind[i]);
        free(c->c_area[i]);
    }
    c->done_before += c->n_charts;
    c->n_charts = 0;
    free(res);
}

/* Keep a built chart (making its name unique) with its identity; render
 * the chunk when it is full. */
static void keep(ctx *c, fpp_chart *ch, const char *ind, const char *area)
{
    if (name_used(c, ch->name)) {
        size_t len = strlen(ch->name) + 24;
        char *nm = fpc_xmalloc(len);
        for (unsigned k = 2;; k++) {
            snprintf(nm, len, "%s_%u", ch->name, k);
            if (!name_used(c, nm)) break;
        }
        free(ch->name);
        ch->name = nm;
    }
    name_add(c, ch->name);
    if (c->n_charts == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->charts = fpc_xrealloc(c->charts, c->cap * sizeof *c->charts);
        c->c_ind = fpc_xrealloc(c->c_ind, c->cap * sizeof *c->c_ind);
        c->c_area = fpc_xrealloc(c->c_area, c->cap * sizeof *c->c_area);
    }
    c->charts[c->n_charts] = ch;
    c->c_ind[c->n_charts] = fpc_strdup(ind ? ind : "");
    c->c_area[c->n_charts] = fpc_strdup(area ? area : "");
    c->n_charts++;
    if (c->n_charts >= CHUNK) flush(c);
}

static void chart_name(char *buf, size_t n, const char *kind, const char *ind, const char *area)
{
    snprintf(buf, n, "%s_%s%s%s", kind, ind ? ind : "", area ? "_" : "", area ? area : "");
}

/* The region area of an LA, or -1. */
/* Sorted periods in which indicator ind has any observation. */
static void indicator_periods(ctx *c, size_t ind)
{
    const fp_dataset *ds = c->ds;
    char *seen = calloc(ds->n_periods ? ds->n_periods : 1, 1);
    if (!seen) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *first;
        size_t n;
        if (fp_dataset_series(ds, ind, a, &first, &n) != FP_OK) continue;
        for (size_t k = 0; k < n; k++) seen[first[k].period] = 1;
    }
    c->n_p = 0;
    c->pidx = fpc_xrealloc(c->pidx, (ds->n_periods ? ds->n_periods : 1) * sizeof *c->pidx);
    for (size_t p = 0; p < ds->n_periods; p++)
        if (seen[p]) c->pidx[c->n_p++] = p;
    /* Insertion sort by period order (few periods). */
    for (size_t i = 1; i < c->n_p; i++) {
        size_t v = c->pidx[i], j = i;
        while (j > 0 && fp_period_compare(&ds->periods[c->pidx[j - 1]].period, &ds->periods[v].period) > 0) {
            c->pidx[j] = c->pidx[j - 1];
            j--;
        }
        c->pidx[j] = v;
    }
    free(seen);
    /* A declared methodology break: the SPC chart starts there, as trend's
     * and the assessment's series do (fp_dataset_series_start). */
    fp_period from;
    if (c->n_p && fp_dataset_series_start(ds, ind, &ds->periods[c->pidx[c->n_p - 1]].period,
                                          &from, NULL)) {
        size_t k = 0;
        for (size_t i = 0; i < c->n_p; i++) {
            const fp_period *p = &ds->periods[c->pidx[i]].period;
            if (fp_period_class(p) == fp_period_class(&from)
                && fp_period_index(p) < fp_period_index(&from))
                continue;
            c->pidx[k++] = c->pidx[i];
        }
        c->n_p = k;
    }
}

static double lookup_value(const fp_dataset *ds, size_t ind, long area, size_t period)
{
    const fp_obs *o;
    if (area < 0 || fp_dataset_lookup(ds, ind, (size_t)area, period, &o) != FP_OK) return NAN;
    return obs_value(o);
}

static double target_for(const ctx *c, size_t ind, double england_latest)
{
    const target_opt *t = find_target(c->o, c->ds->indicators[ind].code);
    double v;
    if (!t || fp_target_value(&t->target, england_latest, &v) != FP_OK) return NAN;
    return v;
}

/* ------------------------------------------------------------ trend */

static void build_trend(ctx *c, size_t ind, size_t a)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const fp_area *ar = &ds->areas[a];
    fp_assess_point *pts;
    size_t n;
    if (fp_assess_series(c->ac, ind, a, c->ao.period, FP_AGG_MEAN, &pts, &n) != FP_OK) n = 0;
    if (n == 0) {
        /* Every value missing: the chart is still built over the area's
         * periods, so the renderer lists it as skipped ("nothing to plot")
         * with each series' reason, as for any empty chart. */
        const fp_obs *first;
        if (fp_dataset_series(ds, ind, a, &first, &n) != FP_OK || n == 0) {
            not_made(c, in->code, ar->code, "no values");
            return;
        }
        pts = fpc_xmalloc(n * sizeof *pts);
        for (size_t k = 0; k < n; k++) {
            memset(&pts[k], 0, sizeof pts[k]);
            pts[k].period = first[k].period;
            pts[k].ci.value = pts[k].ci.lower95 = pts[k].ci.upper95 = NAN;
            pts[k].england = pts[k].region = pts[k].neighbours = NAN;
            pts[k].cmp_england = FP_CMP_NOT_COMPARED;
        }
    }
    double *v = fpc_xmalloc(6 * n * sizeof *v);
    double *lo = v + n, *up = v + 2 * n, *en = v + 3 * n, *rg = v + 4 * n, *nbv = v + 5 * n;
    fpp_sig *sig = fpc_xmalloc(n * sizeof *sig);
    const char **labels = fpc_xmalloc(n * sizeof *labels);
    size_t reg = fp_assess_region(c->ac, a);
    const fp_neighbour_list *nl = fp_assess_neighbours(c->ac, a, NULL);
    double eng_latest = NAN;
    for (size_t k = 0; k < n; k++) {
        v[k] = pts[k].ci.value;
        lo[k] = pts[k].ci.lower95;
        up[k] = pts[k].ci.upper95;
        en[k] = pts[k].england;
        if (isfinite(en[k])) eng_latest = en[k];
        rg[k] = pts[k].region;
        nbv[k] = pts[k].neighbours;
        sig[k] = fpp_sig_from_cmp(pts[k].cmp_england);
        labels[k] = ds->periods[pts[k].period].label;
    }
    fp_assess_points_free(pts);
    char sub[512], rname[300], name[512];
    snprintf(sub, sizeof sub, "%s, %s", ar->name, unit_text(in));
    snprintf(rname, sizeof rname, "%s", reg != FP_ASSESS_NONE ? ds->areas[reg].name : "Region");
    fpp_trend t = { 0 };
    t.title = ind_title(in);
    t.subtitle = sub;
    t.ylabel = unit_text(in);
    t.area_name = ar->name;
    t.n = n;
    t.periods = labels;
    t.value = v;
    t.lower = lo; t.upper = up;
    t.sig = sig;
    t.england = c->england >= 0 && (long)a != c->england ? en : NULL;
    t.region = reg != FP_ASSESS_NONE ? rg : NULL;
    t.region_name = rname;
    t.neighbours = nl ? nbv : NULL;
    t.target = target_for(c, ind, eng_latest);
    t.dps = in->dps;
    t.count = in->unit == FP_UNIT_COUNT;
    chart_name(name, sizeof name, "trend", in->code, ar->code);
    fpp_chart *ch = NULL;
    if (fpp_trend_chart(&t, name, &ch) == FP_OK) keep(c, ch, in->code, ar->code);
    else not_made(c, in->code, ar->code, "cannot build the chart");
    free(v); free(sig); free(labels);
}

/* ------------------------------------------------------------ SPC */

static void build_spc_on(ctx *c, size_t ind, size_t a, fp_spc_result *r, const size_t *slot,
                         const char *gap_label, size_t n);

/* The most slots an SPC chart's time axis gets (periods and gaps). */
#define SPC_MAX_SLOTS 10000

/* The SPC chart's time axis: the indicator's periods in order, with a slot
 * for each period missing between two consecutive periods of the same kind
 * (one that no area has, so it is absent from c->pidx), as `trend -m spc`
 * lays its series over the time axis: the chart breaks there instead of
 * joining across the gap. slot[k] is a dataset period index, or SIZE_MAX
 * for a missing period, whose label is written to gap_label + 32 k.
 * Returns the number of slots (at most SPC_MAX_SLOTS; a gap that would pass
 * it gets one slot). The caller frees *slot and *gap_label. */
static size_t spc_axis(const ctx *c, size_t **slot, char **gap_label)
{
    const fp_dataset *ds = c->ds;
    size_t cap = c->n_p, n = 0;
    *slot = fpc_xmalloc(cap * sizeof **slot);
    *gap_label = fpc_xmalloc(cap * 32);
    for (size_t k = 0; k < c->n_p; k++) {
        const fp_period *cur = &ds->periods[c->pidx[k]].period;
        if (k > 0) {
            const fp_period *prev = &ds->periods[c->pidx[k - 1]].period;
            long steps = fp_period_index(cur) - fp_period_index(prev);
            if (fp_period_class(prev) == fp_period_class(cur) && steps > 1) {
                size_t want = (size_t)steps - 1;
                size_t add = n + want + (c->n_p - k) <= SPC_MAX_SLOTS ? want : 1;
                fp_period q = *prev;
                for (size_t g = 0; g < add; g++) {
                    if (n == cap) {
                        cap *= 2;
                        *slot = fpc_xrealloc(*slot, cap * sizeof **slot);
                        *gap_label = fpc_xrealloc(*gap_label, cap * 32);
                    }
                    fp_period_next(&q, &q);
                    (*slot)[n] = SIZE_MAX;
                    if (add < want || fp_period_format(&q, *gap_label + 32 * n, 32) != FP_OK)
                        snprintf(*gap_label + 32 * n, 32, "(gap)");
                    n++;
                }
            }
        }
        if (n == cap) {
            cap *= 2;
            *slot = fpc_xrealloc(*slot, cap * sizeof **slot);
            *gap_label = fpc_xrealloc(*gap_label, cap * 32);
        }
        (*slot)[n++] = c->pidx[k];
    }
    return n;
}

static void build_spc(ctx *c, size_t ind, size_t a, fp_spc_result *r)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const fp_area *ar = &ds->areas[a];
    if (c->n_p == 0) { not_made(c, in->code, ar->code, "no observations"); return; }
    size_t *slot;
    char *gap_label;
    size_t n = spc_axis(c, &slot, &gap_label);
    if (r->capacity < n) {
        /* The caller sized the result for the periods; gaps add slots. */
        fp_spc_result *big = fp_spc_result_alloc(n);
        if (!big) { not_made(c, in->code, ar->code, "out of memory"); free(slot); free(gap_label); return; }
        build_spc_on(c, ind, a, big, slot, gap_label, n);
        fp_spc_result_free(big);
    } else {
        build_spc_on(c, ind, a, r, slot, gap_label, n);
    }
    free(slot);
    free(gap_label);
}

/* build_spc on the time axis slot[0..n) (spc_axis), into r (capacity n). */
static void build_spc_on(ctx *c, size_t ind, size_t a, fp_spc_result *r, const size_t *slot,
                         const char *gap_label, size_t n)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const fp_area *ar = &ds->areas[a];
    double *y = fpc_xmalloc(4 * n * sizeof *y);
    double *ce = y + n, *lc = y + 2 * n, *uc = y + 3 * n;
    fpp_spc_point *pt = fpc_xmalloc(n * sizeof *pt);
    const char **labels = fpc_xmalloc(n * sizeof *labels);
    double eng_latest = NAN;
    for (size_t k = 0; k < n; k++) {
        if (slot[k] == SIZE_MAX) {
            y[k] = NAN;
            labels[k] = gap_label + 32 * k;
            continue;
        }
        y[k] = lookup_value(ds, ind, (long)a, slot[k]);
        double e = lookup_value(ds, ind, c->england, slot[k]);
        if (isfinite(e)) eng_latest = e;
        labels[k] = ds->periods[slot[k]].label;
    }
    fp_spc_options opt;
    fp_spc_options_init(&opt);
    opt.polarity = in->polarity;
    opt.target = target_for(c, ind, eng_latest);
    if (c->o->min_points) opt.min_points = c->o->min_points;
    /* The slots' period indices (a gap slot is the period after the one
     * before it), for --rebase. */
    long *tindex = fpc_xmalloc(n * sizeof *tindex);
    size_t *rebase = fpc_xmalloc(n * sizeof *rebase);
    long cls = 0;
    for (size_t k = 0; k < n; k++) {
        if (slot[k] != SIZE_MAX) {
            const fp_period *pp = &ds->periods[slot[k]].period;
            tindex[k] = fp_period_index(pp);
            cls = fp_period_class(pp);
        } else {
            tindex[k] = k ? tindex[k - 1] + 1 : 0;
        }
    }
    fpc_spc_apply(&c->o->spc, in->polarity, tindex, cls, n, &opt, rebase);
    free(tindex);
    char sub[600], name[512];
    fpp_spc s = { 0 };
    int st = fp_spc_xmr(y, n, &opt, r);
    if (st != FP_OK) {
        not_made(c, in->code, ar->code, fp_strerror(st));
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        const fp_spc_point *p = &r->points[k];
        ce[k] = p->centre; lc[k] = p->lower; uc[k] = p->upper;
        switch (p->variation) {
        case FP_SPC_VAR_IMPROVING_HIGH: case FP_SPC_VAR_IMPROVING_LOW: pt[k] = FPP_SPC_IMPROVEMENT; break;
        case FP_SPC_VAR_CONCERNING_HIGH: case FP_SPC_VAR_CONCERNING_LOW: pt[k] = FPP_SPC_CONCERN; break;
        case FP_SPC_VAR_NEITHER_HIGH: case FP_SPC_VAR_NEITHER_LOW: pt[k] = FPP_SPC_NEITHER; break;
        default: pt[k] = FPP_SPC_COMMON;
        }
    }
    if (r->reason != FP_SPC_OK)
        snprintf(sub, sizeof sub, "%s, XmR chart: no limits (%s)", ar->name, fp_spc_reason_text(r->reason));
    else
        snprintf(sub, sizeof sub, "%s, XmR chart", ar->name);
    s.title = ind_title(in);
    s.subtitle = sub;
    s.ylabel = unit_text(in);
    s.n = n; s.periods = labels; s.value = y; s.centre = ce; s.lcl = lc; s.ucl = uc;
    s.point = pt;
    s.rebase = opt.rebase;
    s.n_rebase = opt.n_rebase;
    s.target = opt.target;
    /* fp_spc_variation and fpp_spc_variation list the same icons in the same order. */
    s.variation = (fpp_spc_variation)r->variation;
    s.assurance = (fpp_spc_assurance)r->assurance;
    s.dps = in->dps;
    chart_name(name, sizeof name, "spc", in->code, ar->code);
    fpp_chart *ch = NULL;
    if (fpp_spc_chart(&s, name, &ch) == FP_OK) keep(c, ch, in->code, ar->code);
    else not_made(c, in->code, ar->code, "cannot build the chart");
done:
    free(y); free(pt); free(labels); free(rebase);
}

/* ------------------------------------------------------------ compare */

static void build_compare(ctx *c, size_t ind, size_t a)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const fp_area *ar = &ds->areas[a];
    fp_assessment A;
    fp_assess(c->ac, ind, a, &c->ao, &A);
    if (A.period == FP_ASSESS_NONE) { not_made(c, in->code, ar->code, "no values"); return; }
    size_t period = A.period;
    const size_t *nba;
    const fp_neighbour_list *nl = fp_assess_neighbours(c->ac, a, &nba);
    size_t reg = A.region.area;   /* the region compared with (data-led) */
    size_t cap = 3 + (nl ? nl->n : 0);
    const char **names = fpc_xmalloc(cap * sizeof *names);
    double *v = fpc_xmalloc(3 * cap * sizeof *v), *lo = v + cap, *up = v + 2 * cap;
    fpp_sig *sig = fpc_xmalloc(cap * sizeof *sig);
    int *bench = fpc_xmalloc(cap * sizeof *bench);
    double eng = A.england.value;
    size_t n = 0, members[80];
    members[n++] = a;
    if (nl)
        for (size_t j = 0; j < nl->n && n < 60; j++)
            if (nba[j] != FP_ASSESS_NONE) members[n++] = nba[j];
    size_t n_areas = n;
    if (reg != FP_ASSESS_NONE) members[n++] = reg;
    if (c->england >= 0) members[n++] = (size_t)c->england;
    for (size_t k = 0; k < n; k++) {
        fp_assess_interval iv;
        fp_assess_interval_at(ds, ind, members[k], period, &iv);
        names[k] = ds->areas[members[k]].name;
        v[k] = iv.value;
        lo[k] = iv.lower95;
        up[k] = iv.upper95;
        bench[k] = k >= n_areas;
        fp_cmp r = FP_CMP_NOT_COMPARED;
        if (k == 0) r = A.england.cmp95;
        else if (!bench[k]) fp_compare_ci(v[k], lo[k], up[k], eng, in->polarity, &r, NULL);
        sig[k] = fpp_sig_from_cmp(r);
    }
    char title[600], sub[600], name[512];
    snprintf(title, sizeof title, "%s, %s", ind_title(in), ds->periods[period].label);
    if (in->unit == FP_UNIT_COUNT)
        snprintf(sub, sizeof sub, nl ? "%s and its statistical neighbours (counts: England's and "
                                       "the region's totals not shown)"
                                     : "%s (a count: England's and the region's totals not shown)",
                 ar->name);
    else
        snprintf(sub, sizeof sub, nl ? "%s, its statistical neighbours, region and England"
                                     : "%s, its region and England", ar->name);
    fpp_compare s = { 0 };
    s.title = title; s.subtitle = sub; s.xlabel = unit_text(in);
    s.n = n; s.names = names; s.value = v; s.lower = lo; s.upper = up; s.sig = sig;
    s.benchmark = bench; s.selected = 0; s.line = eng; s.dps = in->dps;
    s.count = in->unit == FP_UNIT_COUNT;
    chart_name(name, sizeof name, "compare", in->code, ar->code);
    fpp_chart *ch = NULL;
    if (fpp_compare_chart(&s, name, &ch) == FP_OK) keep(c, ch, in->code, ar->code);
    else not_made(c, in->code, ar->code, "cannot build the chart");
    free(names); free(v); free(sig); free(bench);
}

/* ------------------------------------------------------------ spine */

/* Whether indicator ind can be on a spine chart at all (NULL) or why not. */
static const char *spine_excluded(const ctx *c, size_t ind)
{
    size_t p;
    /* England's value of a count is a national total: no spine row. */
    if (c->ds->indicators[ind].unit == FP_UNIT_COUNT)
        return "a count: not comparable across areas of different sizes";
    if (fp_dataset_latest_period(c->ds, ind, &p) != FP_OK) return "no values";
    return NULL;
}

/* One spine row per indicator: the area's assessment (its period by the
 * period rule, value, England, the local-authority quartiles and the
 * significance against England). Indicators without a local-authority
 * range at that period are left out. */
static void build_spine(ctx *c, size_t a, const size_t *inds, const char *const *excluded,
                        size_t n_inds)
{
    const fp_dataset *ds = c->ds;
    const fp_area *ar = &ds->areas[a];
    fpp_spine_row *rows = fpc_xmalloc((n_inds ? n_inds : 1) * sizeof *rows);
    char **labels = fpc_xmalloc((n_inds ? n_inds : 1) * sizeof *labels);
    size_t n = 0;
    for (size_t k = 0; k < n_inds; k++) {
        if (excluded[k]) continue;
        const fp_indicator *in = &ds->indicators[inds[k]];
        fp_assessment A;
        fp_assess(c->ac, inds[k], a, &c->ao, &A);
        if (A.period == FP_ASSESS_NONE || isnan(A.quartiles[0])) continue;
        fpp_spine_row *r = &rows[n];
        /* The whole name with the period: the chart wraps a long label
         * (and keeps its beginning and end if it must shorten it), so no
         * two rows are cut to the same text. */
        const char *title = ind_title(in);
        const char *plabel = ds->periods[A.period].label;
        size_t len = strlen(title) + strlen(plabel) + 8;
        labels[n] = fpc_xmalloc(len);
        snprintf(labels[n], len, "%s (%s)", title, plabel);
        r->label = labels[n];
        r->value = A.ci.value;
        r->england = A.england.value;
        int low = in->polarity == FP_POLARITY_LOW;
        r->worst = A.quartiles[low ? 4 : 0];
        r->q25 = A.quartiles[low ? 3 : 1];
        r->q75 = A.quartiles[low ? 1 : 3];
        r->best = A.quartiles[low ? 0 : 4];
        r->sig = fpp_sig_from_cmp(A.england.cmp95);
        r->dps = in->dps;
        n++;
    }
    if (n == 0) {
        not_made(c, NULL, ar->code, "no indicator has an England range");
    } else {
        char title[400], name[512];
        snprintf(title, sizeof title, "%s compared with England", ar->name);
        fpp_spine s = { 0 };
        s.title = title;
        s.subtitle = "Range of local authorities, latest period of each indicator";
        s.area_name = ar->name;
        s.n = n;
        s.rows = rows;
        chart_name(name, sizeof name, "spine", NULL, ar->code);
        fpp_chart *ch = NULL;
        if (fpp_spine_chart(&s, name, &ch) == FP_OK) keep(c, ch, NULL, ar->code);
        else not_made(c, NULL, ar->code, "cannot build the chart");
    }
    for (size_t k = 0; k < n; k++) free(labels[k]);
    free(labels); free(rows);
}

/* ------------------------------------------------------------ funnel */

/* The count indicators given for indicator code: an "IND=CODE" entry for
 * it wins over a plain "CODE" (the last of each kind counts). NULL when
 * none, or when the count indicator is the indicator itself. */
static const char *partner_code(char *const *v, size_t n, const char *code)
{
    const char *any = NULL, *own = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(v[i], '=');
        if (!eq) any = v[i];
        else if ((size_t)(eq - v[i]) == strlen(code) && !strncmp(v[i], code, (size_t)(eq - v[i])))
            own = eq + 1;
    }
    const char *r = own ? own : any;
    return r && strcmp(r, code) ? r : NULL;
}

/* The local authorities of one funnel chart, with where their
 * denominators came from. */
typedef struct funnel_data {
    const char **names;
    double *v, *den;          /* value and denominator of each of n areas */
    double *num;              /* each area's count: published, else value x den / mult */
    char **src;               /* where each denominator came from (NULL unless derived) */
    size_t n, selected;       /* areas; index of the selected one, or (size_t)-1 */
    size_t n_own, n_from_num, n_from_den, n_failed;   /* denominators by source */
    const char *ncode, *dcode;   /* the count indicators to derive from, or NULL */
    double mult;
} funnel_data;

/* The period, kind and centre (England's value) of indicator ind's funnel:
 * NULL, or why no chart can be made. */
static const char *funnel_setup(const ctx *c, size_t ind, size_t *period, fpp_funnel_type *type,
                                double *eng)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    if (c->o->period && strcmp(c->o->period, "latest")) {
        if (fp_dataset_find_period(ds, c->o->period, period) != FP_OK) return "no such period";
    } else if (fp_dataset_latest_period(ds, ind, period) != FP_OK) {
        return "no values";
    }
    if (c->o->statistic >= 0)
        *type = c->o->statistic == FP_FUNNEL_PROPORTION ? FPP_FUNNEL_PROPORTION
              : c->o->statistic == FP_FUNNEL_RATIO ? FPP_FUNNEL_RATIO : FPP_FUNNEL_RATE;
    else if (is_percent(in)) *type = FPP_FUNNEL_PROPORTION;
    else if (in->unit == FP_UNIT_RATE) *type = FPP_FUNNEL_RATE;
    else if (in->unit == FP_UNIT_RATIO) *type = FPP_FUNNEL_RATIO;
    else return "funnel plots need a rate, a proportion or a ratio (--statistic)";
    *eng = lookup_value(ds, ind, c->england, *period);
    if (!isfinite(*eng)) return "no England value";
    return NULL;
}

/* Every local authority with a value in the period and a denominator: its
 * own (published), or derived from the count indicators (cli/derive.c, as
 * the report does) when --numerator-code or --denominator-code name one for
 * this indicator; an area whose denominator cannot be derived is kept with
 * none, so the builder lists it as skipped with why. */
static void funnel_collect(const ctx *c, size_t ind, long sel, size_t period, funnel_data *f)
{
    const fp_dataset *ds = c->ds;
    int derive = f->ncode || f->dcode;
    size_t cap = ds->n_areas ? ds->n_areas : 1;
    f->names = fpc_xmalloc(cap * sizeof *f->names);
    f->v = fpc_xmalloc(3 * cap * sizeof *f->v);
    f->den = f->v + cap;
    f->num = f->den + cap;
    f->src = derive ? calloc(cap, sizeof *f->src) : NULL;
    if (derive && !f->src) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    f->selected = (size_t)-1;
    for (size_t a = 0; a < ds->n_areas; a++) {
        if (ds->areas[a].kind != FP_AREA_LA) continue;
        const fp_obs *o;
        if (fp_dataset_lookup(ds, ind, a, period, &o) != FP_OK) continue;
        if (o->missing != FP_MISSING_NONE) continue;
        size_t n = f->n;
        f->num[n] = NAN;
        if ((o->flags & FP_OBS_DENOMINATOR) && !(o->flags & FP_OBS_DERIVED)) {
            const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
            f->den[n] = x->denominator;
            if (o->flags & FP_OBS_NUMERATOR) f->num[n] = x->numerator;
            if (f->src) f->src[n] = fpc_strdup("published");
            f->n_own++;
        } else if (derive) {
            char note[300], why[360];
            double dn, dd;
            fpc_derive_status st = fpc_derive_counts(ds, f->ncode, f->dcode, a, period, o->value,
                                                     f->mult, &dn, &dd, note, sizeof note);
            if (st < FPC_DERIVE_NO_VALUE && isfinite(dd) && dd > 0) {
                f->den[n] = dd;
                f->src[n] = fpc_strdup(note);
                if (st == FPC_DERIVE_DENOMINATOR) f->n_from_num++; else f->n_from_den++;
            } else {
                snprintf(why, sizeof why, "denominator not derived: %s",
                         st < FPC_DERIVE_NO_VALUE ? "derived denominator not positive" : note);
                f->den[n] = NAN;
                f->src[n] = fpc_strdup(why);
                f->n_failed++;
            }
        } else {
            continue;
        }
        if ((long)a == sel) f->selected = n;
        f->names[n] = ds->areas[a].name;
        f->v[n] = o->value;
        if (isnan(f->num[n])) f->num[n] = o->value * f->den[n] / f->mult;
        f->n++;
    }
}

/* Say on the chart (its x label), in its alt text (note) and in its CSV
 * (the denominator_source column) that denominators were derived, from
 * what, for how many areas, and how many were left out. Sets s->xlabel and
 * s->note into the buffers given when there is anything to say. */
static void funnel_note(const funnel_data *f, fpp_funnel *s, char *xlabel, size_t xsz,
                        char *note, size_t nsz)
{
    if (!(f->ncode || f->dcode)) return;
    if (f->n_from_num + f->n_from_den) {
        snprintf(xlabel, xsz, "Denominator (%s from %s)",
                 f->n_from_num ? "derived" : "taken", f->n_from_num ? f->ncode : f->dcode);
        s->xlabel = xlabel;
        size_t k = 0;
        k += (size_t)snprintf(note, nsz, "Denominators");
        if (f->n_from_num && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, " derived from the count "
                                  "indicator %s as count x %g / value for %zu area%s",
                                  f->ncode, f->mult, f->n_from_num, f->n_from_num == 1 ? "" : "s");
        if (f->n_from_den && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, "%s taken from the indicator %s "
                                  "for %zu area%s", f->n_from_num ? ";" : "", f->dcode, f->n_from_den,
                                  f->n_from_den == 1 ? "" : "s");
        if (f->n_own && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, "; published with the data for "
                                  "%zu area%s", f->n_own, f->n_own == 1 ? "" : "s");
        if (f->n_from_num && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, "; derived denominators are "
                                  "approximate because published values are rounded");
        if (k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, ".");
        if (f->n_failed && k < nsz)
            snprintf(note + k, nsz - k, " %zu area%s left out: no denominator could "
                     "be derived.", f->n_failed, f->n_failed == 1 ? "" : "s");
        s->note = note;
    } else if (f->n_failed) {
        snprintf(note, nsz, "%zu area%s left out: no denominator could be derived.",
                 f->n_failed, f->n_failed == 1 ? "" : "s");
        s->note = note;
    }
}

/* The chart's category of a funnel flag, by the indicator's polarity. */
static fpp_sig flag_category(fp_funnel_sig g, fp_polarity pol)
{
    int high = g == FP_FUNNEL_HIGH_2S || g == FP_FUNNEL_HIGH_3S;
    int low = g == FP_FUNNEL_LOW_2S || g == FP_FUNNEL_LOW_3S;
    if (g == FP_FUNNEL_NOT_SIGNIFICANT) return FPP_SIG_SIMILAR;
    if (!high && !low) return FPP_SIG_NOT_COMPARED;
    if (pol == FP_POLARITY_HIGH) return high ? FPP_SIG_BETTER : FPP_SIG_WORSE;
    if (pol == FP_POLARITY_LOW) return high ? FPP_SIG_WORSE : FPP_SIG_BETTER;
    return high ? FPP_SIG_HIGHER : FPP_SIG_LOWER;
}

/* The overdispersion fit of the funnel's areas around England (the
 * library's fp_funnel_od_fit; *fit keeps the kind and target, with phi NaN,
 * when it cannot be made, so OHID's limits and flags still apply), each
 * area's flag (fp_funnel_od_sig) and chart category, and the sentence on
 * the limits. */
static void funnel_flags(const ctx *c, const funnel_data *f, fpp_funnel_type type, double eng,
                         fp_polarity pol, fp_od_fit *fit, fpp_sig *cat, const char **flag,
                         char *note, size_t nsz)
{
    const fpc_funnel_opts *fo = &c->o->funnel;
    fp_funnel_kind kind = type == FPP_FUNNEL_PROPORTION ? FP_FUNNEL_PROPORTION
                        : type == FPP_FUNNEL_RATIO ? FP_FUNNEL_RATIO : FP_FUNNEL_RATE;
    fp_od_spec sp;
    fpc_funnel_spec(fo, kind, eng / f->mult, &sp);
    int st = fp_funnel_od_fit(&sp, f->num, f->den, f->n, NULL, fit);
    if (st != FP_OK) {
        memset(fit, 0, sizeof *fit);
        fit->kind = kind;
        fit->scale = sp.scale;
        fit->target = eng / f->mult;
        fit->phi = fit->tau2 = NAN;
        snprintf(note, nsz, "Overdispersion could not be estimated (%s): OHID's limits are drawn.",
                 fp_strerror(st));
    } else {
        fpc_funnel_note(fo, fit, note, nsz);
    }
    for (size_t i = 0; i < f->n; i++) {
        fp_funnel_sig g = FP_FUNNEL_NOT_APPLICABLE;
        if (isfinite(f->v[i]) && f->den[i] > 0) fp_funnel_od_sig(fit, fo->method, f->num[i], f->den[i], &g);
        cat[i] = flag_category(g, pol);
        flag[i] = g == FP_FUNNEL_NOT_APPLICABLE ? "" : fp_funnel_sig_name(g);
    }
}

/* One funnel chart: indicator ind in its period (--period or its latest),
 * every local authority against its denominator, area sel (or none, -1)
 * highlighted. */
static void build_funnel(ctx *c, size_t ind, long sel)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const char *sel_code = sel >= 0 ? ds->areas[sel].code : NULL;
    size_t period;
    fpp_funnel_type type;
    double eng;
    const char *why = funnel_setup(c, ind, &period, &type, &eng);
    if (why) { not_made(c, in->code, sel_code, why); return; }
    funnel_data f;
    memset(&f, 0, sizeof f);
    f.mult = in->multiplier > 0 ? in->multiplier : (type == FPP_FUNNEL_PROPORTION ? 100 : 1);
    f.ncode = partner_code(c->o->num_codes, c->o->n_num, in->code);
    f.dcode = partner_code(c->o->den_codes, c->o->n_den, in->code);
    funnel_collect(c, ind, sel, period, &f);
    if (f.n_own + f.n_from_num + f.n_from_den == 0) {
        if (f.ncode || f.dcode) {
            char msg[400];
            snprintf(msg, sizeof msg, "no local authority has a denominator, and none could be "
                     "derived from %s%s%s", f.ncode ? f.ncode : "", f.ncode && f.dcode ? " or " : "",
                     f.dcode ? f.dcode : "");
            not_made(c, in->code, sel_code, msg);
        } else {
            not_made(c, in->code, sel_code, "no local authority has a denominator");
        }
    } else {
        char title[600], name[512], xlabel[300], note[1200], lnote[400];
        fp_od_fit fit;
        fpp_sig *cat = fpc_xmalloc((f.n ? f.n : 1) * sizeof *cat);
        const char **flag = fpc_xmalloc((f.n ? f.n : 1) * sizeof *flag);
        funnel_flags(c, &f, type, eng, in->polarity, &fit, cat, flag, lnote, sizeof lnote);
        snprintf(title, sizeof title, "%s, %s", ind_title(in), ds->periods[period].label);
        fpp_funnel s = { 0 };
        s.title = title;
        s.subtitle = "Local authorities in England";
        s.xlabel = "Denominator";
        funnel_note(&f, &s, xlabel, sizeof xlabel, note, sizeof note);
        s.ylabel = unit_text(in);
        s.n = f.n; s.names = f.names; s.value = f.v; s.denominator = f.den; s.selected = f.selected;
        s.den_source = (const char *const *)f.src;
        s.type = type;
        s.multiplier = f.mult;
        s.centre = eng;
        s.polarity = in->polarity;
        s.dps = in->dps;
        s.sig = cat;
        s.flag = flag;
        s.limits_note = lnote;
        if (c->o->funnel.method != FP_OD_NONE && isfinite(fit.phi)) {
            s.od = &fit;
            s.od_method = c->o->funnel.method;
        }
        if (type == FPP_FUNNEL_RATIO && !strcmp(s.xlabel, "Denominator")) s.xlabel = "Expected count";
        chart_name(name, sizeof name, "funnel", in->code, sel_code);
        fpp_chart *ch = NULL;
        int st = fpp_funnel_chart(&s, name, &ch);
        free(cat);
        free(flag);
        if (st == FP_OK) keep(c, ch, in->code, sel_code);
        else not_made(c, in->code, sel_code, "cannot build the chart (England value outside the unit's range?)");
    }
    if (f.src) for (size_t i = 0; i < f.n; i++) free(f.src[i]);
    free(f.src);
    free(f.names); free(f.v);
}

/* ------------------------------------------------------------ main */

/* Long-only options. */
enum { OPT_NUMCODE = 1000, OPT_DENCODE, OPT_TIMEOUT, OPT_STATISTIC };

/* One option: 0 done, 1 help, 2 usage error (printed), 3 unknown. */
static int handle_opt(int ch, const char *arg, opts *o)
{
    long v;
    switch (ch) {
    case 'a':
        fpc_list_append(&o->areas, &o->n_areas, arg);
        return fpc_opt_named("chart", "--area", arg) ? 2 : 0;
    case 'A': o->all_areas = 1; return 0;
    case 'i':
        fpc_list_append(&o->inds, &o->n_inds, arg);
        return fpc_opt_named("chart", "--indicator", arg) ? 2 : 0;
    case 'I': return 0;
    case 'p': o->period = arg; return fpc_opt_period("chart", "--period", arg) ? 2 : 0;
    case 'n': o->nbver = arg; return fpc_opt_named("chart", "--neighbours", arg) ? 2 : 0;
    case 't': {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg) { fpc_usage("chart", "--target wants CODE=RULE, not '%s'", arg); return 2; }
        o->targets = fpc_xrealloc(o->targets, (o->n_targets + 1) * sizeof *o->targets);
        target_opt *t = &o->targets[o->n_targets];
        t->code = fpc_xmalloc((size_t)(eq - arg) + 1);
        memcpy(t->code, arg, (size_t)(eq - arg));
        t->code[eq - arg] = '\0';
        o->n_targets++;
        if (fp_target_parse(eq + 1, &t->target) != FP_OK) {
            fpc_usage("chart", "cannot understand the target '%s'", eq + 1);
            return 2;
        }
        return 0;
    }
    case 'm':
        if (fpc_opt_whole("chart", "--min-points", arg, 2, 1000000, &v) != 0) return 2;
        o->min_points = (size_t)v;
        return 0;
    case 'P': o->render.style.format = FPP_PNG; return 0;
    case 'W': case 'H':
        if (fpc_opt_whole("chart", ch == 'W' ? "--width" : "--height", arg, 100, 10000, &v) != 0)
            return 2;
        if (ch == 'W') o->render.style.width = (int)v; else o->render.style.height = (int)v;
        return 0;
    case 'j':
        if (fpc_opt_whole("chart", "--jobs", arg, 1, 256, &v) != 0) return 2;
        o->render.jobs = (unsigned)v;
        return 0;
    case 'k':
        if (fpc_opt_whole("chart", "--per-process", arg, 0, LONG_MAX, &v) != 0) return 2;
        o->render.per_process = (size_t)v;
        return 0;
    case OPT_NUMCODE: case OPT_DENCODE: {
        const char *eq = strchr(arg, '=');
        if (!*arg || eq == arg || (eq && !eq[1])) {
            fpc_usage("chart", "--%s wants CODE or IND=CODE, not '%s'",
                      ch == OPT_NUMCODE ? "numerator-code" : "denominator-code", arg);
            return 2;
        }
        if (fpc_prep_opt(&o->prep, "chart", ch == OPT_NUMCODE ? FPC_OPT_NUMCODE : FPC_OPT_DENCODE,
                         arg) != 0)
            return 2;
        if (ch == OPT_NUMCODE) {
            o->num_codes = fpc_xrealloc(o->num_codes, (o->n_num + 1) * sizeof *o->num_codes);
            o->num_codes[o->n_num++] = fpc_strdup(arg);
        } else {
            o->den_codes = fpc_xrealloc(o->den_codes, (o->n_den + 1) * sizeof *o->den_codes);
            o->den_codes[o->n_den++] = fpc_strdup(arg);
        }
        return 0;
    }
    case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_SCORECARD:
        return fpc_prep_opt(&o->prep, "chart", ch, arg) ? 2 : 0;
    case FPC_OPT_SPC_REBASE: case FPC_OPT_SPC_FIX: case FPC_OPT_SPC_DIRECTION:
    case FPC_OPT_SPC_MIN:
        return fpc_spc_opt(&o->spc, "chart", ch, arg) ? 2 : 0;
    case OPT_TIMEOUT:
        return fpc_parse_chart_timeout("chart", arg, &o->render.timeout) ? 2 : 0;
    case FPC_OPT_OVERDISPERSION: case FPC_OPT_OD_TRIM: case FPC_OPT_OD_TRIM_BY: case FPC_OPT_OD_SCALE:
        return fpc_funnel_opt(&o->funnel, "chart", ch, arg) ? 2 : 0;
    case OPT_STATISTIC:
        if (!strcmp(arg, "proportion")) o->statistic = FP_FUNNEL_PROPORTION;
        else if (!strcmp(arg, "rate")) o->statistic = FP_FUNNEL_RATE;
        else if (!strcmp(arg, "ratio")) o->statistic = FP_FUNNEL_RATIO;
        else { fpc_usage("chart", "--statistic wants proportion, rate or ratio, not '%s'", arg); return 2; }
        return 0;
    case 'o':
        if (!*arg) { fpc_usage("chart", "--out wants a directory name, not an empty one"); return 2; }
        o->out = arg;
        return 0;
    case 'h': return 1;
    default: return 3;
    }
}

static int check_opts(opts *o);

/* Parse the command line into o: the options, the chart kind and the checks
 * that need no data. Returns -1 to go on (DATA operands start at *first),
 * else the exit status (help shown or a usage error reported); o is freed
 * unless -1 is returned. */
static int parse_args(int argc, char **argv, opts *o, int *first)
{
    static const struct option longopts[] = {
        { "area", required_argument, NULL, 'a' },
        { "all-areas", no_argument, NULL, 'A' },
        { "indicator", required_argument, NULL, 'i' },
        { "all-indicators", no_argument, NULL, 'I' },
        { "period", required_argument, NULL, 'p' },
        { "neighbours", required_argument, NULL, 'n' },
        { "target", required_argument, NULL, 't' },
        { "min-points", required_argument, NULL, 'm' },
        FPC_SPC_LONGOPTS,
        { "png", no_argument, NULL, 'P' },
        { "width", required_argument, NULL, 'W' },
        { "height", required_argument, NULL, 'H' },
        { "jobs", required_argument, NULL, 'j' },
        { "per-process", required_argument, NULL, 'k' },
        { "numerator-code", required_argument, NULL, OPT_NUMCODE },
        { "denominator-code", required_argument, NULL, OPT_DENCODE },
        { "polarity", required_argument, NULL, FPC_OPT_POLARITY },
        { "unit", required_argument, NULL, FPC_OPT_UNIT },
        { "scorecard", required_argument, NULL, FPC_OPT_SCORECARD },
        { "chart-timeout", required_argument, NULL, OPT_TIMEOUT },
        { "statistic", required_argument, NULL, OPT_STATISTIC },
        FPC_FUNNEL_LONGOPTS,
        { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    memset(o, 0, sizeof *o);
    fpc_funnel_opts_init(&o->funnel);
    o->statistic = -1;
    fpc_spc_opts_init(&o->spc);
    int ch;
    optind = 1;
    opterr = 0;
    /* GNU getopt moves the operands (KIND, then DATA...) to the end, so
     * options may come before or after the kind. */
    while ((ch = getopt_long(argc, argv, "a:Ai:Ip:n:t:j:o:h", longopts, NULL)) != -1) {
        int h = handle_opt(ch, optarg, o);
        if (h == 1) { help(); free_opts(o); return FPC_EXIT_OK; }
        if (h == 2) { free_opts(o); return FPC_EXIT_USAGE; }
        if (h == 3) {
            free_opts(o);
            return fpc_usage("chart", "unknown option or missing argument '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) { free_opts(o); return fpc_usage("chart", "which chart? trend, compare, spine, spc or funnel"); }
    const char *kind = argv[optind++];
    int kk;
    for (kk = 0; kk < 5; kk++) if (!strcmp(kind, kind_names[kk])) break;
    if (kk == 5) { free_opts(o); return fpc_usage("chart", "unknown chart kind '%s' (trend, compare, spine, spc, funnel)", kind); }
    o->kind = (kind_t)kk;
    *first = optind;
    int rc = check_opts(o);
    if (rc >= 0) free_opts(o);
    return rc;
}

/* The checks of the options that need no data: -1 when they pass, else
 * FPC_EXIT_USAGE (reported). */
static int check_opts(opts *o)
{
    if (!o->out) return fpc_usage("chart", "--out DIR is required");
    const char *why = fpp_path_problem(o->out);
    if (why) return fpc_usage("chart", "--out DIR %s (gnuplot would write elsewhere)", why);
    if (o->kind != K_FUNNEL && !o->all_areas && o->n_areas == 0)
        return fpc_usage("chart", "give --area NAME or --all-areas");
    if (o->all_areas && o->n_areas) return fpc_usage("chart", "--area and --all-areas exclude each other");
    if (fpc_funnel_check(&o->funnel, "chart") != 0) return FPC_EXIT_USAGE;
    if (fpc_prep_check(&o->prep, "chart", o->inds, o->n_inds) != 0) return FPC_EXIT_USAGE;
    /* A count indicator without IND= would apply to every indicator charted:
     * allowed only when one indicator is asked for. */
    for (int w = 0; w < 2 && o->n_inds != 1; w++) {
        char **v = w ? o->den_codes : o->num_codes;
        size_t nv = w ? o->n_den : o->n_num;
        for (size_t i = 0; i < nv; i++)
            if (!strchr(v[i], '='))
                return fpc_usage("chart", "unless one --indicator is given, write --%s "
                                 "IND=CODE (which indicator is CODE the count of?)",
                                 w ? "denominator-code" : "numerator-code");
    }
    return -1;
}

/* Create the output directory if needed and make sure it is one: 0, or -1
 * with the error reported. */
static int make_out_dir(const char *dir)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fpc_error(dir, 0, 0, "cannot create the output directory: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fpc_error(dir, 0, 0, "not a directory");
        return -1;
    }
    return 0;
}

/* Set up the charts' context on the loaded data: England, the neighbour
 * model, the period asked for and the assessment context. Returns
 * FPC_EXIT_OK or FPC_EXIT_DATA (reported); the context is usable either way. */
static int init_context(ctx *c, const fp_dataset *ds, const opts *o, const fpc_inputs *in)
{
    int rc = FPC_EXIT_OK;
    memset(c, 0, sizeof *c);
    c->ds = ds;
    c->o = o;
    c->england = -1;
    for (size_t a = 0; a < ds->n_areas; a++)
        if (ds->areas[a].kind == FP_AREA_COUNTRY) { c->england = (long)a; break; }
    if (c->england < 0) {
        size_t e;
        if (fp_dataset_find_area(ds, "England", &e) == FP_OK) c->england = (long)e;
    }
    if (fpc_prep_neighbours(in->nbs, in->n_nbs, o->nbver, &c->nb) != 0) rc = FPC_EXIT_DATA;
    fp_assess_options_default(&c->ao);
    if (o->period && strcmp(o->period, "latest")
        && fp_dataset_find_period(ds, o->period, &c->ao.period) != FP_OK) {
        fpc_error(NULL, 0, 0, "period '%s' is not in the data", o->period);
        rc = FPC_EXIT_DATA;
    }
    if (fp_assess_context_alloc(ds, c->nb, &c->ac) != FP_OK) {
        fpc_error(NULL, 0, 0, "out of memory");
        exit(FPC_EXIT_DATA);
    }
    return rc;
}

/* Whether indicator code is in the data; reported for option opt if not. */
static int count_code_known(const fp_dataset *ds, const char *opt, const char *code)
{
    size_t ix;
    if (fp_dataset_find_indicator(ds, code, &ix) == FP_OK) return 1;
    fpc_error(NULL, 0, 0, "--%s: no indicator '%s' in the data", opt, code);
    return 0;
}

/* The count indicators for derived funnel denominators (--numerator-code,
 * --denominator-code, CODE or IND=CODE) must be in the data, and so must
 * IND: FPC_EXIT_OK, or FPC_EXIT_DATA with each missing one reported. */
static int check_count_codes(const fp_dataset *ds, const opts *o)
{
    int rc = FPC_EXIT_OK;
    for (int w = 0; w < 2; w++) {
        char **v = w ? o->den_codes : o->num_codes;
        size_t nv = w ? o->n_den : o->n_num;
        const char *opt = w ? "denominator-code" : "numerator-code";
        for (size_t i = 0; i < nv; i++) {
            const char *eq = strchr(v[i], '=');
            if (!count_code_known(ds, opt, eq ? eq + 1 : v[i])) rc = FPC_EXIT_DATA;
            if (eq) {
                char *ind = fpc_strdup(v[i]);
                ind[eq - v[i]] = '\0';
                if (!count_code_known(ds, opt, ind)) rc = FPC_EXIT_DATA;
                free(ind);
            }
        }
    }
    return rc;
}

/* Build the charts of the kind asked for, for the selected areas and
 * indicators, rendering them in chunks as they accumulate (keep). */
static void build_all(ctx *c, const size_t *areas, size_t n_areas, const size_t *inds, size_t n_inds)
{
    const fp_dataset *ds = c->ds;
    const opts *o = c->o;
    if (o->kind == K_SPINE) {
        /* One chart per area; the indicators a spine cannot show are listed once. */
        const char **excl = fpc_xmalloc((n_inds ? n_inds : 1) * sizeof *excl);
        for (size_t i = 0; i < n_inds; i++) {
            excl[i] = spine_excluded(c, inds[i]);
            if (excl[i]) not_made(c, ds->indicators[inds[i]].code, NULL, excl[i]);
        }
        for (size_t k = 0; k < n_areas; k++) build_spine(c, areas[k], inds, excl, n_inds);
        free(excl);
        return;
    }
    if (o->kind == K_FUNNEL) {
        /* One chart per indicator, per --area when given (highlighting it). */
        for (size_t i = 0; i < n_inds; i++) {
            if (n_areas == 0) build_funnel(c, inds[i], -1);
            for (size_t k = 0; k < n_areas && !o->all_areas; k++) build_funnel(c, inds[i], (long)areas[k]);
            if (o->all_areas) build_funnel(c, inds[i], -1);
        }
        return;
    }
    /* Trend, SPC and compare: one chart per indicator and area with data. */
    fp_spc_result *sr = NULL;
    if (o->kind == K_SPC) {
        sr = fp_spc_result_alloc(ds->n_periods);
        if (!sr) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    }
    for (size_t i = 0; i < n_inds; i++) {
        size_t ind = inds[i];
        if (o->kind == K_SPC) indicator_periods(c, ind);
        for (size_t k = 0; k < n_areas; k++) {
            size_t a = areas[k];
            const fp_obs *first;
            size_t nobs;
            if (fp_dataset_series(ds, ind, a, &first, &nobs) != FP_OK || nobs == 0) {
                not_made(c, ds->indicators[ind].code, ds->areas[a].code, "the area has no data for the indicator");
                continue;
            }
            if (o->kind == K_TREND) build_trend(c, ind, a);
            else if (o->kind == K_SPC) build_spc(c, ind, a, sr);
            else build_compare(c, ind, a);
        }
    }
    fp_spc_result_free(sr);
}

/* Render what is left, close the manifest and summarise on stderr what was
 * not drawn. Returns FPC_EXIT_DATA when a chart failed or the manifest could
 * not be written, else FPC_EXIT_OK. */
static int finish(ctx *c, fpc_table *mt, fpc_out *mo, const char *mpath)
{
    int rc = FPC_EXIT_OK;
    flush(c);
    if (fpc_progress_enabled() && c->done_before && c->total_est > c->done_before)
        fpc_progress("charts", c->done_before, c->done_before);
    if (c->render_rc != FP_OK) rc = FPC_EXIT_DATA;
    fpc_table_end(mt);
    if (fpc_out_commit(mo) != 0) rc = FPC_EXIT_DATA;
    if (c->n_failed) rc = FPC_EXIT_DATA;
    if (c->n_failed || c->n_empty || c->n_not_made)
        fprintf(stderr, "fingerpost chart: %zu charts written, %zu skipped, %zu failed (see %s)\n",
                c->n_ok, c->n_empty + c->n_not_made, c->n_failed, mpath);
    return rc;
}

static void free_context(ctx *c)
{
    for (size_t i = 0; i < c->names_cap; i++) free(c->names[i]);
    free(c->names);
    free(c->charts); free(c->c_ind); free(c->c_area); free(c->pidx);
    fp_assess_context_free(c->ac);
}

int fpc_cmd_chart(int argc, char **argv)
{
    /* Step 1: the options, the kind and the output directory. */
    opts o;
    int first = 1;
    int rc = parse_args(argc, argv, &o, &first);
    if (rc >= 0) return rc;
    rc = FPC_EXIT_OK;
    if (make_out_dir(o.out) != 0) { free_opts(&o); return FPC_EXIT_DATA; }

    /* Step 2: the data, prepared as in every analysis command. */
    fpc_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    diags.max_kept = 1;
    fpc_read_opts ropts;
    fpc_read_opts_init(&ropts);
    int lrc = fpc_inputs_load(&in, argv + first, (size_t)(argc - first), &ropts, &diags);
    if (lrc != 0) rc = FPC_EXIT_DATA;
    fp_dataset *ds = in.ds;
    o.prep.shipped = argc == first;
    if (ds && fpc_prep_apply(&o.prep, ds) != 0) rc = FPC_EXIT_DATA;
    if (!ds || ds->n_obs == 0) {
        fpc_error(NULL, 0, 0, "no data to chart");
        fpc_inputs_free(&in);
        fpc_diags_free(&diags);
        free_opts(&o);
        return FPC_EXIT_DATA;
    }

    /* Step 3: the context, the count indicators, the areas and indicators. */
    ctx c;
    if (init_context(&c, ds, &o, &in) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;
    if (check_count_codes(ds, &o) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;
    size_t *areas, n_areas, *inds, n_inds;
    if (fpc_select_areas(ds, (const char *const *)o.areas, o.n_areas, o.all_areas,
                         &areas, &n_areas) != 0)
        rc = FPC_EXIT_DATA;
    if (fpc_select_indicators(ds, (const char *const *)o.inds, o.n_inds, &inds, &n_inds) != 0)
        rc = FPC_EXIT_DATA;

    /* Step 4: the manifest; rows for charts not made are written while building. */
    char *mpath = fpc_xmalloc(strlen(o.out) + 16);
    sprintf(mpath, "%s/manifest.csv", o.out);
    fpc_out mo;
    if (fpc_out_open(&mo, mpath) != 0) {
        free(mpath); free(areas); free(inds);
        fpc_inputs_free(&in); fpc_diags_free(&diags); free_opts(&o);
        return FPC_EXIT_DATA;
    }
    fpc_table mt;
    static const char *const mcols[] = { "kind", "chart", "indicator", "area", "file", "file_type",
                                         "status", "series", "reason" };
    fpc_table_begin(&mt, mo.fp, FPC_TABLE_CSV, mcols, 9);
    fpc_table_meta(&mt, "methods_version", FP_METHODS_VERSION);
    fpc_table_meta(&mt, "data_version", ds->version ? ds->version : "");
    c.manifest = &mt;
    c.render = &o.render;
    c.out = o.out;
    c.total_est = o.kind == K_SPINE ? n_areas
                : o.kind == K_FUNNEL ? n_inds * (n_areas && !o.all_areas ? n_areas : 1)
                : n_inds * n_areas;

    /* Step 5: build and render the charts, then close the manifest. */
    build_all(&c, areas, n_areas, inds, n_inds);
    if (finish(&c, &mt, &mo, mpath) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;
    free_context(&c);
    free(mpath); free(areas); free(inds);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    free_opts(&o);
    return rc;
}
