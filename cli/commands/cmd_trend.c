/* cmd_trend.c -- `fingerpost trend`: trend tests, SPC and projections for
 * every series (indicator x area) of the data.
 *
 * Loads the data with the ingest module (fpc_inputs_load; the shipped demo
 * data when no file is given), builds each series in period order, and runs
 * the methods asked for: the Fingertips recent trend, Mann-Kendall with
 * Sen's slope, the annual percentage change (Poisson / binomial / log-linear),
 * joinpoint with the average APC, SPC (the spc module's XmR, p- or u-chart)
 * and a projection to a target period. One row per series; a series that
 * cannot be analysed gets its reason in the row and the batch goes on.
 * Output is atomic (fpc_out_*) and carries the methods and data versions. */
#include "cli.h"
#include "io.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_THREADS = 0x3100 };

enum {
    M_RECENT = 1u << 0, M_MK = 1u << 1, M_APC = 1u << 2, M_JOIN = 1u << 3,
    M_SPC = 1u << 4, M_PROJECT = 1u << 5
};

typedef struct topts {
    unsigned methods;
    fp_trend_options tr;
    fpc_table_opts tab;
    int wide;                    /* --wide: periods across */
    const char *output;
    const char *project_to;      /* period label, or NULL */
    fp_period project_period;
    double target;
    fp_projection_model projection;
    fpc_spc_opts spc;            /* --rebase, --fix-after-n-points, ... */
    int spc_points;              /* --spc-points: one row per SPC point */
    long threads;                /* --threads: worker threads (0: every core) */
} topts;

static void help(void)
{
    printf(
"Usage: fingerpost trend [OPTION]... [DATA]...\n"
"Trend tests for every series (indicator x area) in DATA: is it getting better\n"
"or worse, and is that real? One row per series with each method's statistic,\n"
"p-value or limits, a label in plain words (\"increasing and getting worse\") and,\n"
"when a result cannot be calculated, the reason. Gaps in a series are counted\n"
"and reported; the recent trend never joins across them. With no DATA the\n"
"shipped demo data are used.\n"
"\n"
"Methods (--method, comma-separated; default all):\n"
"  recent     Fingertips recent trend: last 5 consecutive points, weighted\n"
"             regression (weights 1/SE^2, SE from the 95%% CI, or from counts),\n"
"             chi2 > 9.5495 (99.8%%) and a slope that keeps its sign when any\n"
"             one point is left out; proportions with counts use the\n"
"             chi-squared test for trend (R prop.trend.test)\n"
"  mk         Mann-Kendall test (exact p for short untied series), Kendall's\n"
"             tau, Sen's slope with its confidence interval\n"
"  apc        annual percentage change: Poisson (counts with population),\n"
"             binomial (proportions with counts) or log-linear (values only)\n"
"  joinpoint  piecewise log-linear fit, up to 2 joinpoints chosen by BIC, with\n"
"             the average annual percentage change (AAPC); at most 240 points\n"
"  spc        statistical process control (Making Data Count): XmR chart on\n"
"             values, p-chart or u-chart with counts; latest variation icon\n"
"  project    projection to --project-to with a prediction interval and,\n"
"             with --target, whether the target will be met\n"
"  all        every method above (project only when --project-to is given)\n"
"\n"
"Options:\n"
"  -m, --method LIST       methods to run (default all)\n"
"  -a, --area KEY          only this area (code, old LA number or name);\n"
"                          repeat or comma-separate for several\n"
"  -i, --indicator KEY     only this indicator (code or name); repeatable, or\n"
"                          comma-separated codes (a name with a comma such as\n"
"                          \"rate per 10,000\" is never split)\n"
"  -f, --format FMT        csv (default), tsv, md, json or xlsx (a workbook)\n"
"  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
"      --wide              periods across: one row per indicator x area with a\n"
"                          column of values per period, then the trend verdicts\n"
FPC_TABLE_OPTS_HELP
"  -c, --confidence LEVEL  level for MK, Sen, APC, joinpoint, projection (0.95;\n"
"                          95 also accepted: values of 1 or more are percentages)\n"
"      --se METHOD         recent-trend SE from a 95%% CI: 392 (width/3.92, Fingertips,\n"
"                          default) or z (width/(2 x 1.959964), PHEindicatormethods)\n"
"      --join-gaps         recent trend: treat the last 5 points as consecutive\n"
"                          even across a gap (as PHEindicatormethods); default: no\n"
"      --dispersion MODE   APC/joinpoint with counts: floor (max(1, phi), default),\n"
"                          quasi (R quasipoisson/quasibinomial) or none (phi = 1)\n"
"      --project-to PERIOD target period for projection, e.g. 2025 or 2025/26\n"
"      --target VALUE      target value for projection and the SPC assurance icon\n"
"      --projection MODEL  linear (default; a percentage or proportion is fitted\n"
"                          on the logit scale, so it stays within its bounds),\n"
"                          logit or loglinear\n"
FPC_SPC_HELP
"      --spc-points        instead of one row per series, one row per point of\n"
"                          its SPC chart (as NHSRplotthedots' ptd_spc data):\n"
"                          period, value, segment, centre and limits, the\n"
"                          special-cause rule and the point type\n"
"      --ees-indicator CODE=value:COL,numerator:COL,denominator:COL,filter:COL=VAL\n"
"                          read indicator CODE from EES files (see\n"
"                          docs/data-formats.md); repeatable\n"
"Data preparation (the same options in compare, trend, chart and report;\n"
"on the shipped data the shipped scorecard's polarity and counts apply):\n"
FPC_PREP_HELP
"      --threads N         series are independent: compute them in N threads\n"
"                          (default: every core); the output is the same bytes\n"
"                          whatever N\n"
"  -h, --help              show this help and exit\n"
"\n"
"Columns (the default set is marked *; --all-columns writes all):\n"
"indicator*, indicator_name*, area_code* (the code the file gave), area*,\n"
"polarity*, unit*,\n"
"first_period*, last_period*, n_points*, n_missing, n_breaks (absent periods\n"
"inside the series), series_break* (\"from P: reason\" when a declared\n"
"methodology break starts the series, as datasets/series_breaks.csv); with --wide, one column per period (named by its label,\n"
"all in the default set) follows; then per method: recent_test, recent_chi2, recent_p,\n"
"recent_slope, recent_label*, recent_reason; mk_n, mk_s, mk_tau, mk_p*,\n"
"mk_p_method, sen_slope*, sen_lower, sen_upper, mk_label*, mk_reason; apc_family,\n"
"apc*, apc_lower*, apc_upper*, apc_p, apc_dispersion, apc_label*, apc_reason;\n"
"jp_joinpoints, jp_segments, aapc*, aapc_lower, aapc_upper, jp_label*, jp_reason;\n"
"spc_chart, spc_segments, spc_centre, spc_lower, spc_upper, spc_special,\n"
"spc_improvement, spc_concern, spc_rule (the latest point's special-cause rule,\n"
"as NHSRplotthedots words it: \"Above UCL\", \"7 Point Trend (Increasing)\", \"2 in 3\n"
"Below CL\", \"7 Points Above CL\", \"Common Cause\"), spc_variation*,\n"
"spc_variation_type (common_cause, special_cause_improvement,\n"
"special_cause_concern, special_cause_neutral_high, special_cause_neutral_low),\n"
"spc_assurance*, spc_assurance_type (consistent_pass, consistent_fail,\n"
"inconsistent), spc_reason; project_period*, project_fit*, project_lower*,\n"
"project_upper*, project_outlook*, project_reason*; la_number (the DfE LA\n"
"number); and methods_version,\n"
"data_version (always). A label says \"cannot be calculated: why\" when a\n"
"method cannot be used; the *_reason columns repeat the why alone. Values in\n"
"the indicator's units (--wide values, SPC limits, projections) are written\n"
"at the indicator's decimal places when the data dictionary gives them.\n""With --spc-points the columns are indicator*, indicator_name, area_code*,\n"
"area*, period*, value*, segment* (0 before the first rebase), chart, centre*,\n"
"lower*, upper*, lower2, upper2 (2-sigma lines), moving_range, baseline (1 if\n"
"the point made the limits), special_cause_type*, rule, point_type*,\n"
"variation, reason (why a segment has no limits).\n"
"\n"
"Examples:\n"
"  fingerpost trend\n"
"  fingerpost trend --method recent,mk --indicator LAC --area Sefton bds_long.csv\n"
"  fingerpost trend -m project --project-to 2025 --target 60 -i LAC -a Sefton -f md\n"
"  fingerpost trend --wide -m recent -a Sefton -f xlsx -o sefton_trends.xlsx\n"
"  fingerpost trend --columns indicator,area,mk_label,sen_slope -a Sefton\n"
"  fingerpost trend -m spc --rebase 2020-04 --improvement-direction decrease \\\n"
"      --spc-points -i AE -a RRK monthly.csv\n"
"\n"
"Exit status: 0 success (including series whose trend cannot be calculated:\n"
"their rows say why), 1 data error (unreadable data, unknown area or\n"
"indicator), 2 usage error.\n");
}

static int parse_methods(const char *s, unsigned *m)
{
    size_t n;
    char **v = fpc_split(s, ',', &n);
    *m = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const char *w = v[i];
        if (!strcmp(w, "recent")) *m |= M_RECENT;
        else if (!strcmp(w, "mk") || !strcmp(w, "mann-kendall")) *m |= M_MK;
        else if (!strcmp(w, "apc")) *m |= M_APC;
        else if (!strcmp(w, "joinpoint")) *m |= M_JOIN;
        else if (!strcmp(w, "spc")) *m |= M_SPC;
        else if (!strcmp(w, "project") || !strcmp(w, "projection")) *m |= M_PROJECT;
        else if (!strcmp(w, "all")) *m |= M_RECENT | M_MK | M_APC | M_JOIN | M_SPC | (1u << 30);
        else rc = -1;
    }
    fpc_free_strv(v);
    return rc;
}

/* Working arrays for one series. */
typedef struct sbuf {
    size_t cap, n;
    double *t, *v, *lo, *up, *x, *d;
    size_t *obs;              /* index of the observation behind each point */
    double *dv, *dx, *dd;     /* dense (gap-filled) arrays for SPC */
    size_t dcap;
} sbuf;

static void sbuf_reserve(sbuf *b, size_t n)
{
    if (n <= b->cap) return;
    b->cap = n * 2;
    b->t = fpc_xrealloc(b->t, b->cap * sizeof *b->t);
    b->v = fpc_xrealloc(b->v, b->cap * sizeof *b->v);
    b->lo = fpc_xrealloc(b->lo, b->cap * sizeof *b->lo);
    b->up = fpc_xrealloc(b->up, b->cap * sizeof *b->up);
    b->x = fpc_xrealloc(b->x, b->cap * sizeof *b->x);
    b->d = fpc_xrealloc(b->d, b->cap * sizeof *b->d);
    b->obs = fpc_xrealloc(b->obs, b->cap * sizeof *b->obs);
}

static void sbuf_free(sbuf *b)
{
    free(b->t); free(b->v); free(b->lo); free(b->up); free(b->x); free(b->d); free(b->obs);
    free(b->dv); free(b->dx); free(b->dd);
}

static void label_cell(fpc_table *t, fp_trend_direction d, fp_polarity pol, fp_trend_reason r)
{
    char buf[160];
    fp_trend_label(d, pol, d == FP_TREND_NOT_CALCULATED ? r : FP_TREND_REASON_NONE, buf, sizeof buf);
    fpc_table_str(t, buf);
}

static void reason_cell(fpc_table *t, fp_trend_reason r)
{
    fpc_table_str(t, r == FP_TREND_REASON_NONE ? NULL : fp_trend_reason_string(r));
}

/* The two cells every method ends with: its label and its reason. */
static void verdict_cells(fpc_table *t, fp_trend_direction d, fp_polarity pol, fp_trend_reason r)
{
    label_cell(t, d, pol, r);
    reason_cell(t, r);
}

static const char *recent_test_name(fp_recent_test t)
{
    switch (t) {
    case FP_RECENT_WLS_CI: return "weighted regression (CI)";
    case FP_RECENT_WLS_COUNT: return "weighted regression (counts)";
    case FP_RECENT_PROPORTION: return "chi-squared test for trend";
    default: return NULL;
    }
}

static const char *period_label(const fp_dataset *ds, const fp_obs *o)
{
    return ds->periods[o->period].label;
}

/* The recent trend stops at the first point of its window without a value
 * or counts and says "missing values". When that point's counts were given
 * but dropped as invalid (FP_OBS_COUNTS_INVALID: negative, a zero
 * denominator, a numerator above the denominator), give that reason
 * instead. */
static fp_trend_reason recent_reason(const fp_dataset *ds, const fp_obs *first, const sbuf *b,
                                     const fp_recent_trend *r)
{
    if (r->reason != FP_TREND_REASON_MISSING_VALUE && r->reason != FP_TREND_REASON_MISSING_COUNT)
        return r->reason;
    for (size_t i = r->first; i < r->first + r->n && i < b->n; i++) {
        const fp_obs *ob = &first[b->obs[i]];
        if (!isnan(b->v[i]) && !isnan(b->x[i]) && !isnan(b->d[i])) continue;
        if (!(ob->flags & FP_OBS_COUNTS_INVALID)) return r->reason;
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        return ox->denominator == 0 ? FP_TREND_REASON_ZERO_DENOMINATOR
                                    : FP_TREND_REASON_INVALID_COUNT;
    }
    return r->reason;
}

/* One series as the trend methods take it: the observations of the class of
 * the latest one (others are dropped, counted as excluded through n_points
 * vs the data) copied into b, and how many have counts and intervals. */
typedef struct series_in {
    fp_trend_series s;
    long cls;             /* period class of the latest observation */
    size_t n_num, n_ci;   /* points with numerator and denominator; with a 95% CI */
    fp_trend_gaps g;
    char brk[200];        /* "from P: reason" when a declared methodology break
                             cut the series, else "" */
} series_in;

/* Fill b and in from the nobs observations at first. */
static void fill_series(const fp_dataset *ds, const fp_obs *first, size_t nobs, sbuf *b,
                        series_in *in)
{
    const fp_period *last = &ds->periods[first[nobs - 1].period].period;
    long cls = fp_period_class(last);
    /* A declared methodology break (datasets/series_breaks.csv): the series
     * starts there, as in compare and report (fp_dataset_series_start). */
    fp_period from;
    const char *why = "";
    long tstart = fp_dataset_series_start(ds, first[0].indicator, last, &from, &why)
                      ? fp_period_index(&from) : LONG_MIN;
    sbuf_reserve(b, nobs);
    size_t n = 0, n_num = 0, n_ci = 0;
    for (size_t i = 0; i < nobs; i++) {
        const fp_obs *ob = &first[i];
        const fp_period *p = &ds->periods[ob->period].period;
        if (fp_period_class(p) != cls || fp_period_index(p) < tstart) continue;
        b->t[n] = (double)fp_period_index(p);
        int present = ob->missing == FP_MISSING_NONE && !isnan(ob->value);
        b->v[n] = present ? ob->value : NAN;
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        int hasnd = (ob->flags & FP_OBS_NUMERATOR) && (ob->flags & FP_OBS_DENOMINATOR);
        b->x[n] = hasnd ? ox->numerator : NAN;
        b->d[n] = hasnd ? ox->denominator : NAN;
        int hasci = (ob->flags & FP_OBS_CI95) != 0;
        b->lo[n] = hasci ? ox->lower95 : NAN;
        b->up[n] = hasci ? ox->upper95 : NAN;
        n_num += hasnd;
        n_ci += hasci;
        b->obs[n] = i;
        n++;
    }
    b->n = n;
    memset(in, 0, sizeof *in);
    in->cls = cls;
    if (tstart != LONG_MIN) {
        char fl[40];
        if (fp_period_format(&from, fl, sizeof fl) != FP_OK) fl[0] = 0;
        snprintf(in->brk, sizeof in->brk, "from %s: %s", fl, *why ? why : "methodology break");
    }
    in->n_num = n_num;
    in->n_ci = n_ci;
    in->s.n = n;
    in->s.t = b->t;
    in->s.value = b->v;
    if (n_ci) { in->s.lower = b->lo; in->s.upper = b->up; }
    if (n_num) { in->s.count = b->x; in->s.denom = b->d; }
    fp_trend_find_gaps(&in->s, &in->g);
}

/* The recent-trend cells: test, statistic, p, slope, label, reason. */
static void recent_cells(fpc_table *tab, const fp_dataset *ds, const fp_obs *first, const sbuf *b,
                         const fp_trend_series *s, const fp_trend_options *tr, fp_polarity pol)
{
    fp_recent_trend r;
    fp_trend_recent(s, tr, &r);
    r.reason = recent_reason(ds, first, b, &r);
    fpc_table_str(tab, recent_test_name(r.test));
    fpc_table_num(tab, r.statistic);
    fpc_table_num(tab, r.p_value);
    fpc_table_num(tab, r.slope);
    verdict_cells(tab, r.direction, pol, r.reason);
}

/* The Mann-Kendall and Sen cells (a failed fit is "no convergence"). */
static void mk_cells(fpc_table *tab, const fp_trend_series *s, const fp_trend_options *tr,
                     fp_polarity pol)
{
    fp_mk_result r;
    if (fp_trend_mann_kendall(s, tr, &r) != FP_OK) {
        memset(&r, 0, sizeof r);
        r.reason = FP_TREND_REASON_NO_CONVERGENCE;
        r.s = r.tau = r.p_value = r.sen_slope = r.sen_lower = r.sen_upper = NAN;
    }
    fpc_table_int(tab, (long)r.n);
    fpc_table_num(tab, r.s);
    fpc_table_num(tab, r.tau);
    fpc_table_num(tab, r.p_value);
    fpc_table_str(tab, isnan(r.p_value) ? NULL : (r.exact ? "exact" : "normal"));
    fpc_table_num(tab, r.sen_slope);
    fpc_table_num(tab, r.sen_lower);
    fpc_table_num(tab, r.sen_upper);
    verdict_cells(tab, r.direction, pol, r.reason);
}

/* The annual percentage change cells (a failed fit is "no convergence"). */
static void apc_cells(fpc_table *tab, const fp_trend_series *s, const fp_trend_options *tr,
                      fp_polarity pol)
{
    fp_apc_result r;
    if (fp_trend_apc(s, tr, &r) != FP_OK) {
        memset(&r, 0, sizeof r);
        r.reason = FP_TREND_REASON_NO_CONVERGENCE;
        r.apc = r.apc_lower = r.apc_upper = r.p_value = r.dispersion = NAN;
    }
    fpc_table_str(tab, fp_trend_family_name(r.family));
    fpc_table_num(tab, r.apc);
    fpc_table_num(tab, r.apc_lower);
    fpc_table_num(tab, r.apc_upper);
    fpc_table_num(tab, r.p_value);
    fpc_table_num(tab, r.dispersion);
    verdict_cells(tab, r.direction, pol, r.reason);
}

/* The label of the series' period at time index t ("" if none). */
static const char *label_at(const fp_dataset *ds, const fp_obs *first, const sbuf *b, double t)
{
    const char *lab = "";
    for (size_t i = 0; i < b->n; i++)
        if (b->t[i] == t) lab = period_label(ds, &first[b->obs[i]]);
    return lab;
}

/* The joinpoint cells: joinpoints and segments named by their period
 * labels ("2015/16; 2019/20", "2010/11 to 2015/16: -2.10%; ..."), AAPC. */
static void joinpoint_cells(fpc_table *tab, const fp_dataset *ds, const fp_obs *first,
                            const sbuf *b, const fp_trend_series *s, const fp_trend_options *tr,
                            fp_polarity pol)
{
    fp_joinpoint_result r;
    char jps[128] = "", segs[512] = "";
    if (fp_trend_joinpoint(s, tr, &r) != FP_OK) {
        memset(&r, 0, sizeof r);
        r.reason = FP_TREND_REASON_NO_CONVERGENCE;
        r.aapc = r.aapc_lower = r.aapc_upper = NAN;
    }
    if (r.reason == FP_TREND_REASON_NONE) {
        size_t len = 0, slen = 0;
        for (size_t k = 0; k < r.n_joinpoints; k++) {
            len += (size_t)snprintf(jps + len, sizeof jps - len, "%s%s", k ? "; " : "",
                                    label_at(ds, first, b, r.joinpoints[k]));
            if (len >= sizeof jps) len = sizeof jps - 1;
        }
        for (size_t k = 0; k < r.n_segments; k++) {
            slen += (size_t)snprintf(segs + slen, sizeof segs - slen, "%s%s to %s: %.2f%%",
                                     k ? "; " : "", label_at(ds, first, b, r.segments[k].t_start),
                                     label_at(ds, first, b, r.segments[k].t_end),
                                     r.segments[k].apc);
            if (slen >= sizeof segs) slen = sizeof segs - 1;
        }
    }
    fpc_table_str(tab, r.reason == FP_TREND_REASON_NONE ? jps : NULL);
    fpc_table_str(tab, r.reason == FP_TREND_REASON_NONE ? segs : NULL);
    fpc_table_num(tab, r.aapc);
    fpc_table_num(tab, r.aapc_lower);
    fpc_table_num(tab, r.aapc_upper);
    verdict_cells(tab, r.direction, pol, r.reason);
}

/* The series for SPC, dense over the time axis: absent periods become gaps
 * (NaN), so SPC never joins across them. Sets *yv, *yx, *yd to the values,
 * counts and denominators to use (b's own when there is no gap to fill) and
 * returns their length. */
static size_t spc_dense(sbuf *b, const fp_trend_gaps *g, const double **yv, const double **yx,
                        const double **yd)
{
    size_t n = b->n, dn = n;
    *yv = b->v; *yx = b->x; *yd = b->d;
    double span = n ? b->t[n - 1] - b->t[0] + 1 : 0;
    if (g->n_unordered == 0 && g->n_breaks > 0 && span <= 10000) {
        dn = (size_t)span;
        if (dn > b->dcap) {
            b->dcap = dn * 2;
            b->dv = fpc_xrealloc(b->dv, b->dcap * sizeof *b->dv);
            b->dx = fpc_xrealloc(b->dx, b->dcap * sizeof *b->dx);
            b->dd = fpc_xrealloc(b->dd, b->dcap * sizeof *b->dd);
        }
        for (size_t i = 0; i < dn; i++) b->dv[i] = b->dx[i] = b->dd[i] = NAN;
        for (size_t i = 0; i < n; i++) {
            size_t k = (size_t)(b->t[i] - b->t[0]);
            b->dv[k] = b->v[i]; b->dx[k] = b->x[i]; b->dd[k] = b->d[i];
        }
        *yv = b->dv; *yx = b->dx; *yd = b->dd;
    }
    return dn;
}

/* The SPC chart of one series into *spc (grown as needed): a p-chart for
 * proportions with counts, a u-chart for rates with counts, else XmR, with
 * the --rebase, --fix-after-n-points, --improvement-direction and
 * --spc-min-points options. The chart is dense over the time axis
 * (spc_dense); *t0 gets the period index of its first point. Returns the
 * library's status. */
static int spc_run(const fp_indicator *I, sbuf *b, const series_in *in, const topts *o,
                   const fp_trend_options *tr, fp_polarity pol, fp_spc_result **spc, long *t0)
{
    const double *yv, *yx, *yd;
    size_t n = b->n, dn = spc_dense(b, &in->g, &yv, &yx, &yd);
    if (!*spc || (*spc)->capacity < dn) {
        fp_spc_result_free(*spc);
        *spc = fp_spc_result_alloc(dn * 2 + 16);
    }
    *t0 = n ? (long)b->t[0] : 0;
    long *tindex = fpc_xmalloc((dn + 1) * sizeof *tindex);
    size_t *rebase = fpc_xmalloc((dn + 1) * sizeof *rebase);
    /* Dense slots are consecutive periods from the first, except for a
     * series whose periods are not in order (spc_dense leaves it as is). */
    for (size_t k = 0; k < dn; k++) tindex[k] = dn == n ? (long)b->t[k] : *t0 + (long)k;
    fp_spc_options so;
    fp_spc_options_init(&so);
    so.target = o->target;
    fpc_spc_apply(&o->spc, pol, tindex, in->cls, dn, &so, rebase);
    int st;
    int counts = in->n_num == n && n > 0;
    if (counts && tr->proportion) {
        so.multiplier = I->multiplier > 0 ? I->multiplier : 1;
        st = fp_spc_p(yx, yd, dn, &so, *spc);
    } else if (counts && I->unit == FP_UNIT_RATE) {
        so.multiplier = I->multiplier > 0 ? I->multiplier : 1;
        st = fp_spc_u(yx, yd, dn, &so, *spc);
    } else {
        st = fp_spc_xmr(yv, dn, &so, *spc);
    }
    free(tindex);
    free(rebase);
    return st;
}

/* The SPC cells: chart, segments, centre and limits at the latest point,
 * special-cause, improvement and concern counts, the latest point's rule,
 * variation and assurance icons (in words and as NHSRplotthedots names
 * them), reason. */
static void spc_cells(fpc_table *tab, const fp_indicator *I, sbuf *b, const series_in *in,
                      const topts *o, const fp_trend_options *tr, fp_polarity pol,
                      fp_spc_result **spc)
{
    long t0;
    int st = spc_run(I, b, in, o, tr, pol, spc, &t0);
    fp_spc_result *r = *spc;
    if (st != FP_OK) {
        fpc_table_str(tab, NULL);
        fpc_table_str(tab, NULL);
        for (int k = 0; k < 3; k++) fpc_table_num(tab, NAN);
        for (int k = 0; k < 3; k++) fpc_table_str(tab, NULL);
        for (int k = 0; k < 5; k++) fpc_table_str(tab, NULL);
        fpc_table_str(tab, fp_strerror(st));
        return;
    }
    fpc_table_str(tab, fp_spc_chart_name(r->chart));
    fpc_table_int(tab, (long)r->n_segments);
    const fp_spc_point *lp = r->latest < r->n ? &r->points[r->latest] : NULL;
    int okc = r->reason == FP_SPC_OK && lp;
    fpc_table_num_dp(tab, okc ? lp->centre : NAN, I->dps);
    fpc_table_num_dp(tab, okc ? lp->lower : NAN, I->dps);
    fpc_table_num_dp(tab, okc ? lp->upper : NAN, I->dps);
    long nimp = 0, ncon = 0;
    for (size_t i = 0; i < r->n; i++) {
        fp_spc_variation v = r->points[i].variation;
        nimp += v == FP_SPC_VAR_IMPROVING_HIGH || v == FP_SPC_VAR_IMPROVING_LOW;
        ncon += v == FP_SPC_VAR_CONCERNING_HIGH || v == FP_SPC_VAR_CONCERNING_LOW;
    }
    if (okc) fpc_table_int(tab, (long)r->n_special); else fpc_table_str(tab, NULL);
    if (okc) fpc_table_int(tab, nimp); else fpc_table_str(tab, NULL);
    if (okc) fpc_table_int(tab, ncon); else fpc_table_str(tab, NULL);
    char cause[64] = "";
    if (okc && fp_spc_cause_text(r, r->latest, cause, sizeof cause) != FP_OK) cause[0] = 0;
    fpc_table_str(tab, cause[0] ? cause : NULL);
    fpc_table_str(tab, okc ? fp_spc_variation_name(r->variation) : NULL);
    fpc_table_str(tab, okc ? fp_spc_variation_type(r->variation) : NULL);
    int ass = okc && r->assurance != FP_SPC_ASSURE_NONE;
    fpc_table_str(tab, ass ? fp_spc_assurance_name(r->assurance) : NULL);
    fpc_table_str(tab, ass ? fp_spc_assurance_type(r->assurance) : NULL);
    fpc_table_str(tab, r->reason == FP_SPC_OK ? NULL : fp_spc_reason_text(r->reason));
}

/* --spc-points: one row per point of the series' SPC chart, gaps included
 * (their period labels made from the first period), with NHSRplotthedots'
 * special_cause_type and point_type. Returns the rows written. */
static size_t spc_point_rows(fpc_table *tab, const fp_dataset *ds, size_t ind, size_t area,
                             const fp_obs *first, size_t nobs, const topts *o, sbuf *b,
                             fp_spc_result **spc)
{
    const fp_indicator *I = &ds->indicators[ind];
    const fp_area *A = &ds->areas[area];
    series_in in;
    fill_series(ds, first, nobs, b, &in);
    if (b->n == 0) return 0;
    fp_trend_options tr = o->tr;
    tr.proportion = (I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION);
    long t0;
    int st = spc_run(I, b, &in, o, &tr, I->polarity, spc, &t0);
    if (st != FP_OK) return 0;
    const fp_spc_result *r = *spc;
    fp_period per = ds->periods[first[b->obs[0]].period].period;
    int dense = r->n != b->n;
    size_t rows = 0;
    for (size_t i = 0; i < r->n; i++) {
        const fp_spc_point *p = &r->points[i];
        char lab[40], cause[64];
        const char *plab;
        if (!dense) plab = period_label(ds, &first[b->obs[i]]);
        else {
            if (i > 0) fp_period_next(&per, &per);
            plab = label_at(ds, first, b, (double)(t0 + (long)i));
            if (!*plab) plab = fp_period_format(&per, lab, sizeof lab) == FP_OK ? lab : "";
        }
        if (fp_spc_cause_text(r, i, cause, sizeof cause) != FP_OK) cause[0] = 0;
        const fp_spc_segment *g = &r->segments[p->segment];
        fpc_table_str(tab, I->code);
        fpc_table_str(tab, I->name);
        /* The code the file gave (the series' latest, for a gap). */
        fpc_table_str(tab, fp_dataset_area_code_for(ds, ind, area,
                                                    dense ? (size_t)-1 : first[b->obs[i]].period));
        fpc_table_str(tab, A->name);
        fpc_table_str(tab, plab);
        fpc_table_num(tab, p->value);
        fpc_table_int(tab, (long)p->segment);
        fpc_table_str(tab, fp_spc_chart_name(r->chart));
        fpc_table_num(tab, p->centre);
        fpc_table_num(tab, p->lower);
        fpc_table_num(tab, p->upper);
        fpc_table_num(tab, p->lower2);
        fpc_table_num(tab, p->upper2);
        fpc_table_num(tab, p->moving_range);
        fpc_table_int(tab, p->in_baseline);
        fpc_table_str(tab, cause[0] ? cause : NULL);
        fpc_table_str(tab, p->missing || g->reason != FP_SPC_OK ? NULL
                                                                : fp_spc_rule_name(p->cause));
        fpc_table_str(tab, p->variation != FP_SPC_VAR_NONE ? fp_spc_variation_type(p->variation)
                                                           : NULL);
        fpc_table_str(tab, p->variation != FP_SPC_VAR_NONE ? fp_spc_variation_name(p->variation)
                                                           : NULL);
        fpc_table_str(tab, g->reason == FP_SPC_OK ? NULL : fp_spc_reason_text(g->reason));
        rows++;
    }
    return rows;
}

/* The projection cells: to which period, fit and interval, outlook. */
static void projection_cells(fpc_table *tab, const fp_indicator *I, const series_in *in,
                             const topts *o, const fp_trend_options *tr, fp_polarity pol)
{
    fp_projection p;
    const char *why;
    fp_trend_options bt = *tr;
    fp_projection_model m = fp_assess_projection_model(I, o->projection, &bt);
    fp_trend_project_period(&in->s, in->cls, &o->project_period, m, o->target, pol, &bt, &p,
                            &why);
    fpc_table_str(tab, o->project_to);
    fpc_table_num_dp(tab, p.fit, I->dps);
    fpc_table_num_dp(tab, p.lower, I->dps);
    fpc_table_num_dp(tab, p.upper, I->dps);
    fpc_table_str(tab, p.outlook != FP_OUTLOOK_NONE ? fp_target_outlook_string(p.outlook) : NULL);
    fpc_table_str(tab, why ? why : (p.reason == FP_TREND_REASON_NO_POLARITY
                                    ? fp_trend_reason_string(p.reason) : NULL));
}

/* Write one series' row: the series' identity and extent, the --wide
 * period cells, then the cells of each method asked for, in column order. */
static void do_series(fpc_table *tab, const fp_dataset *ds, size_t ind, size_t area,
                      const fp_obs *first, size_t nobs, const topts *o, sbuf *b,
                      fp_spc_result **spc, const fpc_wide *wide)
{
    const fp_indicator *I = &ds->indicators[ind];
    const fp_area *A = &ds->areas[area];
    series_in in;
    fill_series(ds, first, nobs, b, &in);
    size_t n = b->n;
    fp_trend_options tr = o->tr;
    tr.proportion = (I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION);
    fp_polarity pol = I->polarity;

    fpc_table_str(tab, I->code);
    fpc_table_str(tab, I->name);
    /* The code the file gave (for the series' last period); the DfE LA
     * number is the last column. */
    fpc_table_str(tab, fp_dataset_area_code_for(ds, ind, area, first[b->obs[n - 1]].period));
    fpc_table_str(tab, A->name);
    fpc_table_str(tab, fp_polarity_name(pol));
    fpc_table_str(tab, I->unit_label && *I->unit_label ? I->unit_label : fp_unit_name(I->unit));
    fpc_table_str(tab, period_label(ds, &first[b->obs[0]]));
    fpc_table_str(tab, period_label(ds, &first[b->obs[n - 1]]));
    fpc_table_int(tab, (long)n);
    fpc_table_int(tab, (long)in.g.n_missing);
    fpc_table_int(tab, (long)in.g.n_skipped);
    fpc_table_str(tab, in.brk[0] ? in.brk : NULL);
    if (wide) fpc_wide_cells(tab, wide, ds, ind, area);

    if (o->methods & M_RECENT) recent_cells(tab, ds, first, b, &in.s, &tr, pol);
    if (o->methods & M_MK) mk_cells(tab, &in.s, &tr, pol);
    if (o->methods & M_APC) apc_cells(tab, &in.s, &tr, pol);
    if (o->methods & M_JOIN) joinpoint_cells(tab, ds, first, b, &in.s, &tr, pol);
    if (o->methods & M_SPC) spc_cells(tab, I, b, &in, o, &tr, pol, spc);
    if (o->methods & M_PROJECT) projection_cells(tab, I, &in, o, &tr, pol);
    fpc_table_str(tab, A->old_code);
}

/* The --area and --indicator values as given. */
typedef struct selection {
    char **areas, **inds;
    size_t nareas, ninds;
} selection;

/* One option of trend into o, prep, the reader's options or sel: 0 to go
 * on, -1 when help was shown, else the exit status of a usage error
 * (reported). optname is the option as typed, for messages. */
static int trend_opt(int ch, const char *arg, const char *optname, topts *o, fpc_prep *prep,
                     fpc_read_opts *ropts, selection *sel)
{
    switch (ch) {
    case 'm': {
        unsigned m;
        if (parse_methods(arg, &m) != 0)
            return fpc_usage("trend", "unknown method in '%s' (recent, mk, apc, joinpoint, spc, "
                             "project, all)", arg);
        o->methods |= m;
        return 0;
    }
    case 'a':
        sel->areas[sel->nareas++] = (char *)arg;
        return fpc_opt_named("trend", "--area", arg);
    case 'i':
        sel->inds[sel->ninds++] = (char *)arg;
        return fpc_opt_named("trend", "--indicator", arg);
    case 'W': o->wide = 1; return 0;
    case OPT_THREADS:
        return fpc_opt_whole("trend", "--threads", arg, 1, 256, &o->threads) ? FPC_EXIT_USAGE : 0;
    case 'o':
        if (!*arg) return fpc_usage("trend", "--output wants a file name (or - for standard output), not an empty one");
        o->output = arg;
        return 0;
    case 'c': {
        double c;
        if (fpc_parse_level(arg, &c) != 0)
            return fpc_usage("trend", "--confidence must be a level such as 0.95 or 95, not '%s'", arg);
        o->tr.confidence = c;
        return 0;
    }
    case 'S':
        if (!strcmp(arg, "392") || !strcmp(arg, "3.92")) o->tr.recent_se = FP_RECENT_SE_392;
        else if (!strcmp(arg, "z")) o->tr.recent_se = FP_RECENT_SE_Z;
        else return fpc_usage("trend", "--se must be 392 or z, not '%s'", arg);
        return 0;
    case 'J': o->tr.join_gaps = 1; return 0;
    case 'D':
        if (!strcmp(arg, "floor")) o->tr.dispersion = FP_DISPERSION_FLOOR;
        else if (!strcmp(arg, "quasi")) o->tr.dispersion = FP_DISPERSION_QUASI;
        else if (!strcmp(arg, "none")) o->tr.dispersion = FP_DISPERSION_NONE;
        else return fpc_usage("trend", "--dispersion must be floor, quasi or none, not '%s'", arg);
        return 0;
    case 'P':
        if (fp_period_parse(arg, &o->project_period) != FP_OK)
            return fpc_usage("trend", "--project-to '%s' is not a period (e.g. 2025, 2025/26, "
                             "2025 Q1)", arg);
        o->project_to = arg;
        return 0;
    case 'T':
        if (fpc_parse_double(arg, 1, &o->target) != 0)
            return fpc_usage("trend", "--target '%s' is not a number", arg);
        return 0;
    case 'M':
        if (fpc_projection_parse(arg, &o->projection) != 0)
            return fpc_usage("trend", "--projection must be linear, logit or loglinear, not '%s'", arg);
        return 0;
    case FPC_OPT_SPC_REBASE: case FPC_OPT_SPC_FIX: case FPC_OPT_SPC_DIRECTION:
    case FPC_OPT_SPC_MIN:
        return fpc_spc_opt(&o->spc, "trend", ch, arg);
    case 'Q': o->spc_points = 1; return 0;
    case 'E': {
        const char *why;
        if (fpc_read_opts_ees(ropts, arg, &why) != 0)
            return fpc_usage("trend", "bad --ees-indicator '%s': %s", arg, why);
        return 0;
    }
    case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE:
    case FPC_OPT_SCORECARD:
        return fpc_prep_opt(prep, "trend", ch, arg);
    case 'h': help(); return -1;
    case ':': return fpc_usage("trend", "option '%s' needs a value", optname);
    default:   /* -f, --columns, --all-columns, --dp: the shared table options */
        return fpc_table_opts_last(&o->tab, "trend", ch, arg, optname);
    }
}

/* Parse the command line into o, prep, ropts and sel (set up here, freed by
 * the caller in any case), with the defaults of trend and the checks that
 * need no data; the methods default to every one (the projection when
 * --project-to is given). Returns -1 to go on (DATA operands start at
 * optind), else the exit status (help shown or a usage error reported). */
static int parse_args(int argc, char **argv, topts *o, fpc_prep *prep, fpc_read_opts *ropts,
                      selection *sel)
{
    static const struct option longopts[] = {
        { "method", required_argument, NULL, 'm' },
        { "area", required_argument, NULL, 'a' },
        { "indicator", required_argument, NULL, 'i' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "confidence", required_argument, NULL, 'c' },
        { "se", required_argument, NULL, 'S' },
        { "join-gaps", no_argument, NULL, 'J' },
        { "dispersion", required_argument, NULL, 'D' },
        { "project-to", required_argument, NULL, 'P' },
        { "target", required_argument, NULL, 'T' },
        { "projection", required_argument, NULL, 'M' },
        FPC_SPC_LONGOPTS,
        { "spc-points", no_argument, NULL, 'Q' },
        { "ees-indicator", required_argument, NULL, 'E' },
        FPC_PREP_LONGOPTS,
        { "wide", no_argument, NULL, 'W' },
        { "threads", required_argument, NULL, OPT_THREADS },
        FPC_TABLE_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    fpc_prep_init(prep);
    fp_trend_options_default(&o->tr);
    o->methods = 0;
    o->target = NAN;
    fpc_table_opts_init(&o->tab);
    o->projection = FP_PROJECT_LINEAR;
    fpc_spc_opts_init(&o->spc);
    sel->areas = fpc_xmalloc((size_t)(argc + 1) * sizeof *sel->areas);
    sel->inds = fpc_xmalloc((size_t)(argc + 1) * sizeof *sel->inds);
    sel->nareas = sel->ninds = 0;
    fpc_read_opts_init(ropts);
    optind = 1;
    opterr = 0;
    int ch, rc;
    while ((ch = getopt_long(argc, argv, ":m:a:i:f:o:c:h", longopts, NULL)) != -1) {
        int h = trend_opt(ch, optarg, argv[optind - 1], o, prep, ropts, sel);
        if (h < 0) return FPC_EXIT_OK;
        if (h > 0) return h;
    }
    if ((rc = fpc_prep_check(prep, "trend", sel->inds, sel->ninds)) != 0) return rc;
    if ((rc = fpc_table_opts_check(&o->tab, "trend", o->output)) != 0) return rc;
    if (o->methods == 0) o->methods = M_RECENT | M_MK | M_APC | M_JOIN | M_SPC | (1u << 30);
    if (o->methods & (1u << 30)) {
        o->methods &= ~(1u << 30);
        if (o->project_to) o->methods |= M_PROJECT;
    }
    if ((o->methods & M_PROJECT) && !o->project_to)
        return fpc_usage("trend", "--method project needs --project-to PERIOD");
    if (o->spc_points && o->wide)
        return fpc_usage("trend", "--spc-points and --wide cannot be combined");
    if (o->spc_points) o->methods = M_SPC;
    return -1;
}

/* Load the DATA operands into in, printing every error kept and a count of
 * the rest. Returns the dataset, or NULL when it could not be read. */
static fp_dataset *load_data(fpc_inputs *in, fpc_diags *diags, char **paths, size_t n,
                             const fpc_read_opts *ropts)
{
    return fpc_load_quiet(in, paths, n, ropts, diags) != 0 ? NULL : in->ds;
}

/* Mark the selected areas and indicators in amask and imask (each one byte
 * per area or indicator). 0, or -1 when one is not in the data (reported). */
static int select_masks(const fp_dataset *ds, const selection *sel, unsigned char *amask,
                        unsigned char *imask)
{
    size_t *ix, nix;
    int ra = fpc_select_areas(ds, (const char *const *)sel->areas, sel->nareas, 0, &ix, &nix);
    for (size_t k = 0; k < nix; k++) amask[ix[k]] = 1;
    free(ix);
    int ri = fpc_select_indicators(ds, (const char *const *)sel->inds, sel->ninds, &ix, &nix);
    for (size_t k = 0; k < nix; k++) imask[ix[k]] = 1;
    free(ix);
    return ra != 0 || ri != 0 ? -1 : 0;
}

/* The output columns into names (room for 80 + wide->n; returns how many):
 * the series' identity, the --wide period cells, then each method's. */
static size_t column_names(const topts *o, const fpc_wide *wide, const char **names)
{
    size_t nc = 0;
    static const char *base[] = { "indicator", "indicator_name", "area_code", "area", "polarity",
        "unit", "first_period", "last_period", "n_points", "n_missing", "n_breaks", "series_break" };
    static const char *c_recent[] = { "recent_test", "recent_chi2", "recent_p", "recent_slope",
        "recent_label", "recent_reason" };
    static const char *c_mk[] = { "mk_n", "mk_s", "mk_tau", "mk_p", "mk_p_method", "sen_slope",
        "sen_lower", "sen_upper", "mk_label", "mk_reason" };
    static const char *c_apc[] = { "apc_family", "apc", "apc_lower", "apc_upper", "apc_p",
        "apc_dispersion", "apc_label", "apc_reason" };
    static const char *c_jp[] = { "jp_joinpoints", "jp_segments", "aapc", "aapc_lower",
        "aapc_upper", "jp_label", "jp_reason" };
    static const char *c_spc[] = { "spc_chart", "spc_segments", "spc_centre", "spc_lower",
        "spc_upper", "spc_special", "spc_improvement", "spc_concern", "spc_rule",
        "spc_variation", "spc_variation_type", "spc_assurance", "spc_assurance_type",
        "spc_reason" };
    static const char *c_points[] = { "indicator", "indicator_name", "area_code", "area",
        "period", "value", "segment", "chart", "centre", "lower", "upper", "lower2", "upper2",
        "moving_range", "baseline", "special_cause_type", "rule", "point_type", "variation",
        "reason" };
    static const char *c_proj[] = { "project_period", "project_fit", "project_lower",
        "project_upper", "project_outlook", "project_reason" };
#define ADD(arr) for (size_t k_ = 0; k_ < sizeof arr / sizeof *arr; k_++) names[nc++] = arr[k_]
    if (o->spc_points) {
        ADD(c_points);
        return nc;
    }
    ADD(base);
    for (size_t k = 0; k < wide->n; k++) names[nc++] = wide->names[k];
    if (o->methods & M_RECENT) ADD(c_recent);
    if (o->methods & M_MK) ADD(c_mk);
    if (o->methods & M_APC) ADD(c_apc);
    if (o->methods & M_JOIN) ADD(c_jp);
    if (o->methods & M_SPC) ADD(c_spc);
    if (o->methods & M_PROJECT) ADD(c_proj);
    names[nc++] = "la_number";
#undef ADD
    return nc;
}

/* The default columns into defaults (NULL-terminated; room for 81 +
 * wide->n). They answer "is it getting better or worse, and is that
 * real?": who, what, when, and each method's verdict with its headline
 * number. --wide keeps the identity, the values and the verdicts. */
static void default_columns(const topts *o, const fpc_wide *wide, const char **defaults)
{
    static const char *const def_long[] = { "indicator", "indicator_name", "area_code", "area",
        "polarity", "unit", "first_period", "last_period", "n_points", "series_break", NULL };
    static const char *const def_methods[] = { "recent_label", "mk_p", "sen_slope", "mk_label",
        "apc", "apc_lower", "apc_upper", "apc_label", "aapc", "jp_label", "spc_variation",
        "spc_assurance", "project_period", "project_fit", "project_lower", "project_upper",
        "project_outlook", "project_reason", NULL };
    static const char *const def_wide_methods[] = { "recent_label", "mk_label", "apc_label",
        "jp_label", "spc_variation", "project_period", "project_fit", "project_outlook", NULL };
    size_t nd = 0;
    if (o->spc_points) {   /* every column of the point rows */
        static const char *const def_points[] = { "indicator", "area_code", "area", "period",
            "value", "segment", "centre", "lower", "upper", "special_cause_type", "point_type",
            NULL };
        for (const char *const *d = def_points; *d; d++) defaults[nd++] = *d;
        defaults[nd] = NULL;
        return;
    }
    for (const char *const *d = def_long; *d; d++)
        if (!o->wide || (strcmp(*d, "first_period") && strcmp(*d, "last_period") && strcmp(*d, "n_points")
                         && strcmp(*d, "polarity") && strcmp(*d, "series_break")))
            defaults[nd++] = *d;
    for (size_t k = 0; k < wide->n; k++) defaults[nd++] = wide->names[k];
    for (const char *const *d = o->wide ? def_wide_methods : def_methods; *d; d++) defaults[nd++] = *d;
    defaults[nd] = NULL;
}

/* One row per selected series. Observations are sorted by (indicator,
 * area, period): walk the runs. Returns the rows written. */
/* One series (or, with --spc-points, its points) as rows of tab; returns
 * the rows written. */
static size_t series_rows(fpc_table *tab, const fp_dataset *ds, size_t i, size_t j,
                          const topts *o, sbuf *b, fp_spc_result **spc, const fpc_wide *wide)
{
    size_t ind = ds->obs[i].indicator, area = ds->obs[i].area;
    if (o->spc_points) return spc_point_rows(tab, ds, ind, area, &ds->obs[i], j - i, o, b, spc);
    do_series(tab, ds, ind, area, &ds->obs[i], j - i, o, b, spc, o->wide ? wide : NULL);
    return 1;
}

/* A worker: the series from .. to (series k is obs[starts[2k],
 * starts[2k + 1])) as rows of its own recorder, with its own workspaces.
 * Nothing it touches is shared but read-only data. */
typedef struct worker {
    const fp_dataset *ds;
    const topts *o;
    const fpc_wide *wide;
    const size_t *starts;
    size_t from, to, nrows;
    fpc_table rec;
    sbuf b;
    fp_spc_result *spc;
} worker;

static void *worker_run_pairs(void *arg)
{
    worker *w = arg;
    for (size_t k = w->from; k < w->to; k++)
        w->nrows += series_rows(&w->rec, w->ds, w->starts[2 * k], w->starts[2 * k + 1], w->o,
                                &w->b, &w->spc, w->wide);
    return NULL;
}

/* The number of worker threads: --threads, else every online core (at
 * most 64). */
static size_t thread_count(const topts *o)
{
    if (o->threads > 0) return (size_t)o->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (size_t)n;
}

/* Every selected series, in the data's order, as rows of tab. Series are
 * independent, so with more than one thread they are computed in batches
 * of BATCH series, each batch cut into one contiguous slice per thread;
 * each thread writes its rows to its own recorder (fpc_table_record: the
 * cells formatted as tab would format them) and the recorders are
 * replayed into tab in slice order, so the output is the same bytes as
 * the serial run (tests/cli/test_trend_threads.sh). Memory: one batch's
 * rows. */
#define BATCH 4096

static size_t write_rows(fpc_table *tab, const fp_dataset *ds, const topts *o, const selection *sel,
                         const unsigned char *amask, const unsigned char *imask,
                         const fpc_wide *wide)
{
    /* The selected series: starts[k] .. starts[k + 1] in pairs (start, end). */
    size_t cap = 1024, n = 0;
    size_t *se = fpc_xmalloc(cap * 2 * sizeof *se);
    for (size_t i = 0; i < ds->n_obs;) {
        size_t j = i + 1;
        while (j < ds->n_obs && ds->obs[j].indicator == ds->obs[i].indicator
               && ds->obs[j].area == ds->obs[i].area) j++;
        size_t ind = ds->obs[i].indicator, area = ds->obs[i].area;
        if ((!sel->ninds || imask[ind]) && (!sel->nareas || amask[area])) {
            if (n == cap) { cap *= 2; se = fpc_xrealloc(se, cap * 2 * sizeof *se); }
            se[2 * n] = i;
            se[2 * n + 1] = j;
            n++;
        }
        i = j;
    }
    size_t nt = thread_count(o), nrows = 0;
    if (nt > n) nt = n ? n : 1;
    worker *w = fpc_xmalloc(nt * sizeof *w);
    memset(w, 0, nt * sizeof *w);
    for (size_t t = 0; t < nt; t++) {
        w[t].ds = ds;
        w[t].o = o;
        w[t].wide = wide;
        if (nt > 1) fpc_table_record(&w[t].rec, tab);
    }
    for (size_t b0 = 0; b0 < n; b0 += BATCH) {
        size_t b1 = b0 + BATCH < n ? b0 + BATCH : n, per = (b1 - b0 + nt - 1) / nt;
        if (nt == 1) {
            for (size_t k = b0; k < b1; k++)
                nrows += series_rows(tab, ds, se[2 * k], se[2 * k + 1], o, &w[0].b, &w[0].spc, wide);
        } else {
            pthread_t *th = fpc_xmalloc(nt * sizeof *th);
            int *started = fpc_xmalloc(nt * sizeof *started);
            for (size_t t = 0; t < nt; t++) {
                w[t].from = b0 + t * per < b1 ? b0 + t * per : b1;
                w[t].to = w[t].from + per < b1 ? w[t].from + per : b1;
                w[t].starts = se;
                w[t].nrows = 0;
                /* A thread that cannot be started does its slice here. */
                started[t] = t > 0 && pthread_create(&th[t], NULL, worker_run_pairs, &w[t]) == 0;
            }
            for (size_t t = 0; t < nt; t++)
                if (!started[t]) worker_run_pairs(&w[t]);
            for (size_t t = 0; t < nt; t++) {
                if (started[t]) pthread_join(th[t], NULL);
                fpc_table_replay(tab, &w[t].rec);
                nrows += w[t].nrows;
            }
            free(th);
            free(started);
        }
        fpc_progress("trend", b1, n);
    }
    for (size_t t = 0; t < nt; t++) {
        if (nt > 1) fpc_table_end(&w[t].rec);
        sbuf_free(&w[t].b);
        fp_spc_result_free(w[t].spc);
    }
    free(w);
    free(se);
    return nrows;
}

int fpc_cmd_trend(int argc, char **argv)
{
    /* Step 1: the options. */
    topts o;
    fpc_prep prep;
    fpc_read_opts ropts;
    selection sel;
    int rc = parse_args(argc, argv, &o, &prep, &ropts, &sel);
    if (rc >= 0) goto out_args;
    if (!o.wide) {
        /* --columns checked before the data are read (with --wide the
         * period columns come from the data). */
        fpc_wide none;
        memset(&none, 0, sizeof none);
        const char *chk[80];
        size_t nchk = column_names(&o, &none, chk);
        if ((rc = fpc_table_columns_check(&o.tab, "trend", chk, nchk)) != 0) goto out_args;
    }
    rc = FPC_EXIT_OK;

    /* Step 2: the data, prepared as in every analysis command, and the
     * series selected. */
    fpc_inputs in;
    fpc_diags diags;
    fp_dataset *ds = load_data(&in, &diags, argv + optind, (size_t)(argc - optind), &ropts);
    if (!ds) { rc = FPC_EXIT_DATA; goto out_data; }
    prep.shipped = argc == optind;
    if (fpc_prep_apply(&prep, ds) != 0) rc = FPC_EXIT_DATA;
    unsigned char *amask = calloc(ds->n_areas + 1, 1), *imask = calloc(ds->n_indicators + 1, 1);
    if (!amask || !imask) { fpc_error(NULL, 0, 0, "out of memory"); rc = FPC_EXIT_DATA; goto out_masks; }
    if (select_masks(ds, &sel, amask, imask) != 0) { rc = FPC_EXIT_DATA; goto out_masks; }
    fpc_wide wide;
    memset(&wide, 0, sizeof wide);
    if (o.wide && fpc_wide_init(&wide, ds, sel.ninds ? imask : NULL, sel.nareas ? amask : NULL) != 0) {
        fpc_error(NULL, 0, 0, "out of memory");
        rc = FPC_EXIT_DATA;
        goto out_masks;
    }

    /* Step 3: the columns and the table, written atomically. */
    const char **names = fpc_xmalloc((80 + wide.n) * sizeof *names);
    const char **defaults = fpc_xmalloc((81 + wide.n) * sizeof *defaults);
    size_t nc = column_names(&o, &wide, names);
    default_columns(&o, &wide, defaults);
    fpc_out out;
    if (fpc_out_open(&out, o.output) != 0) { rc = FPC_EXIT_DATA; goto out_names; }
    fpc_table tab;
    if ((rc = fpc_table_open(&tab, out.fp, &o.tab, "trend", names, nc, defaults, ds->version)) != 0) {
        fpc_out_abort(&out);
        goto out_names;
    }
    size_t nrows = write_rows(&tab, ds, &o, &sel, amask, imask, &wide);
    int trc = fpc_table_end(&tab);
    if (trc != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; }
    else if (fpc_out_commit(&out) != 0) rc = FPC_EXIT_DATA;
    else if (nrows == 0) fpc_warn(NULL, 0, 0, "no series matched");

out_names:
    free(names);
    free(defaults);
    fpc_wide_free(&wide);
out_masks:
    free(amask);
    free(imask);
out_data:
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
out_args:
    fpc_read_opts_free(&ropts);
    fpc_prep_free(&prep);
    fpc_spc_opts_free(&o.spc);
    free(sel.areas);
    free(sel.inds);
    return rc;
}
