/* cmd_report.c -- `fingerpost report`: the scorecard report. Reads a scorecard
 * definition (default: the shipped Sefton Children and Young People's Plan
 * scorecard) and indicator data (default: the shipped LAIT subset), computes
 * every number through libfingerpost (intervals, comparisons, ranks,
 * quartiles, trends, targets), and writes scorecard.html, scorecard.csv,
 * scorecard.md and charts/ atomically into the output directory. */
#include "cli.h"
#include "report.h"
#include "plots.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>

#define LEVEL95 0.95
#define LEVEL998 0.998

static void help(void)
{
    printf(
        "Usage: fingerpost report [OPTION]...\n"
        "Build the scorecard report for one area: every indicator of a scorecard\n"
        "definition with its latest value and 95%% confidence interval, England, region\n"
        "and statistical-neighbour values, significance, trend, rank, quartile band,\n"
        "target status and a trend chart; an overview of the area and its neighbours;\n"
        "and a methods-and-sources section. Figures the plan quotes are recomputed and\n"
        "their agreement shown. With no options it runs on the shipped demo data (the\n"
        "Sefton Children and Young People's Plan scorecard on DfE LAIT data).\n\n"
        "Writes into DIR (created if needed; every file written atomically):\n"
        "  scorecard.html   one self-contained accessible page (no network), print-ready\n"
        "  scorecard.csv    the same numbers, one row per scorecard indicator\n"
        "  scorecard.md     the same numbers as Markdown tables\n"
        "  charts/          a full-size trend chart per indicator (SVG, with .gp/.dat/.csv\n"
        "                   and .alt.txt alt text)\n\n"
        "Options:\n"
        "  -a, --area NAME         area name or code (default: Sefton)\n"
        "  -s, --scorecard FILE    scorecard definition (default: the shipped\n"
        "                          datasets/scorecard_sefton.csv); columns in\n"
        "                          docs/data-formats.md, \"Scorecard definition\"\n"
        "  -d, --data FILE         a data file (LAIT, Fingertips, tidy, neighbour lists,\n"
        "                          data dictionary); repeatable; default: every data\n"
        "                          file of the shipped datasets/\n"
        "  -n, --neighbours VER    statistical-neighbour model version (default:\n"
        "                          sn_may_2025; also sn_april_2021)\n"
        "  -o, --out DIR           output directory (default: out)\n"
        "      --no-charts         do not run gnuplot for charts/\n"
        "  -h, --help              show this help and exit\n\n"
        "Examples:\n"
        "  fingerpost report --out out\n"
        "  fingerpost report --area Wirral --neighbours sn_april_2021 --out wirral\n"
        "  fingerpost report --scorecard my_plan.csv --data lait.csv --data dict.csv --out o\n\n"
        "Exit status: 0 success (lines without data are reported in the outputs),\n"
        "1 data error (unreadable files, unknown area), 2 usage error.\n");
}

/* ----------------------------------------------------------- small helpers */

static int mkdir_p(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == 0) {
            char c = buf[i];
            buf[i] = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            buf[i] = c;
        }
    }
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int find_period(const fp_dataset *ds, const char *label, size_t *index)
{
    fp_period p;
    if (!label || !*label || fp_period_parse(label, &p) != FP_OK) return FP_EFORMAT;
    for (size_t k = 0; k < ds->n_periods; k++)
        if (fp_period_compare(&ds->periods[k].period, &p) == 0) { *index = k; return FP_OK; }
    return FP_ENOTFOUND;
}

/* The value of (indicator, area, period), NaN when absent or missing. */
static double value_at(const fp_dataset *ds, size_t ind, size_t area, size_t period)
{
    const fp_obs *o;
    if (fp_dataset_lookup(ds, ind, area, period, &o) != FP_OK) return NAN;
    if (o->missing != FP_MISSING_NONE) return NAN;
    return o->value;
}

/* Decimal places written in a published figure ("85" -> 0, "-6.70" -> 2). */
static int published_dps(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot) return 0;
    int n = 0;
    for (const char *q = dot + 1; *q >= '0' && *q <= '9'; q++) n++;
    return n;
}

static int data_dps(double v, int dps);

/* Context shared by the computations of one report. */
typedef struct ctx {
    const fp_dataset *ds;
    const fp_neighbours *nb;
    size_t area, england;
    int have_england;
    size_t region;
    int have_region;
    const fp_neighbour_list *nblist;
    size_t *nb_area;       /* dataset index of each neighbour, or SIZE_MAX */
    size_t n_nb;
    size_t *las;           /* every local authority in the dataset */
    size_t n_las;
} ctx;

/* Count indicators for derived denominators: the observation's own counts
 * first, then the scorecard's numerator_code / denominator_code. Fills
 * *num and *den (NaN when none) and a note on how. Returns 1 when both
 * are known. */
static int counts_at(const ctx *c, const rp_line *L, size_t area, size_t period,
                     double value, const fp_obs *o, double *num, double *den,
                     char *note, size_t note_size)
{
    *num = NAN; *den = NAN;
    if (note && note_size) note[0] = 0;
    if (isnan(value)) return 0;
    if (o && (o->flags & FP_OBS_NUMERATOR) && (o->flags & FP_OBS_DENOMINATOR)) {
        const fp_obs_extra *x = fp_dataset_obs_extra(c->ds, o);
        *num = x->numerator;
        *den = x->denominator;
        return 1;
    }
    /* Derived from the scorecard's count indicators (cli/derive.c); only
     * a zero value explains itself, other failures leave the note empty. */
    fpc_derive_status st = fpc_derive_counts(c->ds, L->sc->num_code, L->sc->den_code, area,
                                             period, value, L->multiplier, num, den,
                                             note, note_size);
    if (st < FPC_DERIVE_NO_VALUE) return 1;
    if (st != FPC_DERIVE_ZERO_VALUE && note && note_size) note[0] = 0;
    return 0;
}

/* 95% and 99.8% intervals for one value: published limits when present,
 * else from counts (Wilson for proportions, Byar's/exact for rates). */
static void interval_at(const ctx *c, const rp_line *L, size_t area, size_t period,
                        double value, double *lo, double *hi, double *lo998, double *hi998,
                        double *num, double *den, char *method, size_t msize,
                        char *note, size_t nsize, char *dnote, size_t dsize)
{
    *lo = *hi = *lo998 = *hi998 = NAN;
    if (method && msize) method[0] = 0;
    if (note && nsize) note[0] = 0;
    const fp_obs *o = NULL;
    size_t ind;
    if (fp_dataset_find_indicator(c->ds, L->code, &ind) == FP_OK)
        if (fp_dataset_lookup(c->ds, ind, area, period, &o) != FP_OK) o = NULL;
    if (isnan(value)) { if (note) snprintf(note, nsize, "no value"); return; }
    if (o && (o->flags & FP_OBS_CI95)) {
        const fp_obs_extra *x = fp_dataset_obs_extra(c->ds, o);
        *lo = x->lower95; *hi = x->upper95;
        if (o->flags & FP_OBS_CI998) { *lo998 = x->lower998; *hi998 = x->upper998; }
        if (method) snprintf(method, msize, "published");
        *num = (o->flags & FP_OBS_NUMERATOR) ? x->numerator : NAN;
        *den = (o->flags & FP_OBS_DENOMINATOR) ? x->denominator : NAN;
        return;
    }
    if (!counts_at(c, L, area, period, value, o, num, den, dnote, dsize)) {
        if (note) snprintf(note, nsize, "no interval: the data give no count or denominator");
        return;
    }
    fp_ci a, b;
    int prop = L->unit == FP_UNIT_PERCENT || L->unit == FP_UNIT_PROPORTION;
    double m = L->multiplier > 0 ? L->multiplier : 1;
    if (prop) {
        fp_proportion_ci(*num, *den, m, LEVEL95, &a);
        fp_proportion_ci(*num, *den, m, LEVEL998, &b);
    } else {
        fp_rate_ci(*num, *den, m, LEVEL95, &a);
        fp_rate_ci(*num, *den, m, LEVEL998, &b);
    }
    if (a.status == FP_OK) {
        *lo = a.lower; *hi = a.upper;
        if (method) snprintf(method, msize, "%s", fp_ci_method_name(a.method));
    } else if (note) {
        snprintf(note, nsize, "no interval: %s", fp_ci_reason(&a));
    }
    if (b.status == FP_OK) { *lo998 = b.lower; *hi998 = b.upper; }
}

/* Neighbour mean for a period through fp_aggregate. */
static double neighbour_mean(const ctx *c, size_t ind, size_t period, size_t *used, size_t *total)
{
    *used = 0; *total = c->n_nb;
    if (!c->n_nb) return NAN;
    double *v = fpc_xmalloc(c->n_nb * sizeof *v);
    for (size_t j = 0; j < c->n_nb; j++)
        v[j] = c->nb_area[j] == SIZE_MAX ? NAN : value_at(c->ds, ind, c->nb_area[j], period);
    fp_agg_result r;
    int st = fp_aggregate(FP_AGG_MEAN, v, NULL, NULL, c->n_nb, 1, &r);
    free(v);
    if (st != FP_OK && st != FP_ENODATA) return NAN;
    *used = r.n_used; *total = r.n_total;
    return r.value;
}

/* Every local authority's value at a period (NaN when none). */
static double *la_values(const ctx *c, size_t ind, size_t period)
{
    double *v = fpc_xmalloc((c->n_las ? c->n_las : 1) * sizeof *v);
    for (size_t j = 0; j < c->n_las; j++) v[j] = value_at(c->ds, ind, c->las[j], period);
    return v;
}

static void set_trend(rp_line *L, const ctx *c)
{
    size_t n = L->n_series;
    L->trend_dir = 2;
    if (n == 0) { snprintf(L->trend, sizeof L->trend, "cannot be calculated: no series"); return; }
    double *t = fpc_xmalloc(n * sizeof *t), *v = fpc_xmalloc(n * sizeof *v),
           *lo = fpc_xmalloc(n * sizeof *lo), *hi = fpc_xmalloc(n * sizeof *hi);
    for (size_t i = 0; i < n; i++) {
        size_t pk;
        fp_period p;
        t[i] = NAN;
        if (find_period(c->ds, L->series[i].label, &pk) == FP_OK) {
            p = c->ds->periods[pk].period;
            t[i] = (double)fp_period_index(&p);
        }
        v[i] = L->series[i].value; lo[i] = L->series[i].lower; hi[i] = L->series[i].upper;
    }
    fp_trend_series s = { n, t, v, lo, hi, NULL, NULL };
    fp_recent_trend rt;
    fp_trend_options opt;
    fp_trend_options_default(&opt);
    int ok = fp_trend_recent(&s, &opt, &rt) == FP_OK;
    fp_trend_direction dir = FP_TREND_NOT_CALCULATED;
    fp_trend_reason why = FP_TREND_REASON_NONE;
    if (ok && rt.direction != FP_TREND_NOT_CALCULATED) {
        dir = rt.direction; why = rt.reason;
        snprintf(L->trend_method, sizeof L->trend_method,
                 "Fingertips recent trend, last %zu points (99.8%%)", rt.n);
    } else {
        /* Values only (no intervals, as LAIT): Mann-Kendall on the last up to
         * 10 non-missing points. */
        fp_trend_reason recent_why = ok ? rt.reason : FP_TREND_REASON_NONE;
        size_t first = n > 10 ? n - 10 : 0;
        fp_trend_series s2 = { n - first, t + first, v + first, NULL, NULL, NULL, NULL };
        fp_mk_result mk;
        if (fp_trend_mann_kendall(&s2, &opt, &mk) == FP_OK) {
            dir = mk.direction; why = mk.reason;
            snprintf(L->trend_method, sizeof L->trend_method,
                     "Mann-Kendall, %zu points (95%%)", mk.n);
        } else {
            why = recent_why;
        }
    }
    fp_trend_label(dir, L->polarity, why, L->trend, sizeof L->trend);
    L->trend_dir = dir == FP_TREND_INCREASING ? 1 : dir == FP_TREND_DECREASING ? -1
                 : dir == FP_TREND_NO_CHANGE ? 0 : 2;
    free(t); free(v); free(lo); free(hi);
}

static void set_target(rp_line *L, const ctx *c, size_t period)
{
    const rp_sc_row *s = L->sc;
    L->tstatus = FP_TSTATUS_NO_TARGET;
    L->target_value = NAN;
    if (!s->target_rule[0]) return;
    fp_target tg;
    memset(&tg, 0, sizeof tg);
    tg.direction = L->polarity;
    tg.baseline = NAN;
    if (s->baseline[0]) fpc_parse_double(s->baseline, 1, &tg.baseline);
    int st;
    if (!strcasecmp(s->target_rule, "national") || !strcasecmp(s->target_rule, "england")) {
        tg.rule = FP_TARGET_FIXED;
        tg.value = L->england;
        st = isnan(L->england) ? FP_ENODATA : FP_OK;
    } else {
        st = fp_target_parse(s->target_rule, &tg);
    }
    if (st == FP_ENODATA) {
        snprintf(L->target_note, sizeof L->target_note, "no England value to set the target");
        return;
    }
    if (st != FP_OK) {
        snprintf(L->target_note, sizeof L->target_note, "target rule '%s' not understood",
                 s->target_rule);
        return;
    }
    if ((tg.rule == FP_TARGET_BASELINE_PCT || tg.rule == FP_TARGET_BASELINE_POINTS)
        && isnan(tg.baseline)) {
        snprintf(L->target_note, sizeof L->target_note, "baseline not yet set");
        return;
    }
    /* previous consecutive value */
    double prev = NAN;
    if (L->n_series >= 2) {
        size_t pa, pb;
        const rp_point *a = &L->series[L->n_series - 2];
        if (find_period(c->ds, a->label, &pa) == FP_OK && find_period(c->ds, L->period, &pb) == FP_OK
            && fp_period_is_next(&c->ds->periods[pa].period, &c->ds->periods[pb].period))
            prev = a->value;
    }
    (void)period;
    fp_target_assess(&tg, L->england, L->value, prev, NAN, &L->tstatus, &L->target_value);
    if (s->target_date[0])
        snprintf(L->target_note, sizeof L->target_note, "due %s", s->target_date);
}

/* Decimal places of a data value: the indicator's, else as written. */
static int data_dps(double v, int dps)
{
    if (dps >= 0) return dps;
    for (int d = 0; d < 6; d++)
        if (fabs(v - fp_round_half_away(v, d)) < 1e-9 * (1 + fabs(v))) return d;
    return 6;
}

static void add_check(rp_line *L, const char *what, const char *period, const char *published,
                      double computed, const char *missing_note)
{
    if (!published[0] || L->n_checks >= sizeof L->checks / sizeof *L->checks) return;
    rp_check *k = &L->checks[L->n_checks++];
    k->what = what;
    snprintf(k->period, sizeof k->period, "%s", period);
    snprintf(k->text, sizeof k->text, "%s", published);
    k->published = NAN;
    fpc_parse_double(published, 1, &k->published);
    k->computed = computed;
    k->note[0] = 0;
    if (isnan(computed)) {
        k->status = -1;
        snprintf(k->note, sizeof k->note, "%s", missing_note);
        return;
    }
    /* Agreement at the coarser of the two precisions: a published 61.7
     * agrees with data published to whole numbers as 62. */
    int dp = published_dps(published), dd = data_dps(computed, L->dps);
    int d = dp < dd ? dp : dd;
    k->status = fp_round_half_away(computed, d) == fp_round_half_away(k->published, d);
    if (k->status && d < dp)
        snprintf(k->note, sizeof k->note, "the data have %d decimal%s", d, d == 1 ? "" : "s");
}

/* The i-th ';'-separated item of s into buf ("" when absent). */
static const char *item(const char *s, size_t i, char *buf, size_t size)
{
    buf[0] = 0;
    for (size_t k = 0; k < i; k++) {
        s = strchr(s, ';');
        if (!s) return buf;
        s++;
    }
    size_t n = strcspn(s, ";");
    while (n && (*s == ' ')) { s++; n--; }
    while (n && s[n - 1] == ' ') n--;
    snprintf(buf, size, "%.*s", (int)n, s);
    return buf;
}

static void set_checks(rp_line *L, const ctx *c, const rp_report *r, size_t ind)
{
    const rp_sc_row *s = L->sc;
    if (!s->pub_period[0]) return;
    for (size_t i = 0;; i++) {
        char per[32], pa[32], pn[32], pe[32];
        item(s->pub_period, i, per, sizeof per);
        if (!per[0]) break;
        item(s->pub_area, i, pa, sizeof pa);
        item(s->pub_neighbours, i, pn, sizeof pn);
        item(s->pub_england, i, pe, sizeof pe);
        size_t p;
        int have = L->has_data && find_period(c->ds, per, &p) == FP_OK;
        char why[160];
        if (!L->has_data) snprintf(why, sizeof why, "%.150s", L->why_none);
        else snprintf(why, sizeof why, "period %s not in the data", per);
        double area = have ? value_at(c->ds, ind, c->area, p) : NAN;
        double eng = have && c->have_england ? value_at(c->ds, ind, c->england, p) : NAN;
        size_t u = 0, t = 0;
        double nb = have ? neighbour_mean(c, ind, p, &u, &t) : NAN;
        size_t first = L->n_checks;
        add_check(L, r->area_name, per, pa, area, why);
        size_t before = L->n_checks;
        add_check(L, "statistical neighbours", per, pn, nb, why);
        if (L->n_checks > before && !isnan(nb)) {
            rp_check *k = &L->checks[L->n_checks - 1];
            size_t len = strlen(k->note);
            snprintf(k->note + len, sizeof k->note - len, "%smean of %zu of %zu, %s",
                     len ? "; " : "", u, t, r->neighbour_version);
        }
        add_check(L, "England", per, pe, eng, why);
        for (size_t k = first; k < L->n_checks; k++) L->checks[k].index = i;
    }
}

/* Fill one report line. */
static void compute_line(rp_line *L, const ctx *c, const rp_report *r)
{
    const rp_sc_row *s = L->sc;
    const fp_dataset *ds = c->ds;
    L->value = L->lower = L->upper = L->lower998 = L->upper998 = NAN;
    L->numerator = L->denominator = NAN;
    L->england = L->region = L->neighbours = NAN;
    L->change_abs = L->change_pct = NAN;
    L->target_value = NAN;
    L->dps = -1;
    L->trend_dir = 2;
    if (rp_sc_no_data(s)) {
        snprintf(L->why_none, sizeof L->why_none, "no public data");
        set_checks(L, c, r, 0);
        return;
    }
    size_t ind;
    if (fp_dataset_find_indicator(ds, s->code, &ind) != FP_OK) {
        snprintf(L->why_none, sizeof L->why_none, "indicator %s not in the data", s->code);
        set_checks(L, c, r, 0);
        return;
    }
    const fp_indicator *I = &ds->indicators[ind];
    L->code = I->code;
    L->ind_name = I->name;
    L->unit_label = I->unit_label;
    L->unit = I->unit;
    L->multiplier = I->multiplier;
    L->dps = I->dps;
    L->polarity = I->polarity;
    if (s->polarity[0]) {
        fp_polarity p;
        if (fp_polarity_parse(s->polarity, &p) == FP_OK) L->polarity = p;
    }
    const fp_obs *obs;
    size_t n;
    if (fp_dataset_series(ds, ind, c->area, &obs, &n) != FP_OK || n == 0) {
        snprintf(L->why_none, sizeof L->why_none, "no %s values for %s", s->code, r->area_name);
        set_checks(L, c, r, ind);
        return;
    }
    /* the series from the first to the last present value */
    size_t first = n, last = 0;
    for (size_t i = 0; i < n; i++)
        if (obs[i].missing == FP_MISSING_NONE) { if (first == n) first = i; last = i; }
    if (first == n) {
        snprintf(L->why_none, sizeof L->why_none, "every %s value for %s is missing",
                 s->code, r->area_name);
        set_checks(L, c, r, ind);
        return;
    }
    L->has_data = 1;
    L->n_series = last - first + 1;
    L->series = fpc_xmalloc(L->n_series * sizeof *L->series);
    for (size_t i = first; i <= last; i++) {
        rp_point *pt = &L->series[i - first];
        size_t pk = obs[i].period;
        double v = obs[i].missing == FP_MISSING_NONE ? obs[i].value : NAN;
        double l998, u998, nn, dd;
        pt->label = ds->periods[pk].label;
        pt->value = v;
        interval_at(c, L, c->area, pk, v, &pt->lower, &pt->upper, &l998, &u998, &nn, &dd,
                    NULL, 0, NULL, 0, NULL, 0);
        pt->england = c->have_england ? value_at(ds, ind, c->england, pk) : NAN;
        pt->region = c->have_region ? value_at(ds, ind, c->region, pk) : NAN;
        size_t u, t;
        pt->neighbours = neighbour_mean(c, ind, pk, &u, &t);
    }
    if (L->dps < 0) {
        /* No decimals in the dictionary: show as many as the area's values
         * have (at most 2), so comparators line up with the value. */
        int d = 0;
        for (size_t i = 0; i < L->n_series; i++)
            if (!isnan(L->series[i].value)) {
                int k = data_dps(L->series[i].value, -1);
                if (k > d) d = k;
            }
        L->dps = d > 2 ? 2 : d;
    }
    size_t period = obs[last].period;
    L->period = ds->periods[period].label;
    L->value = obs[last].value;
    interval_at(c, L, c->area, period, L->value, &L->lower, &L->upper, &L->lower998,
                &L->upper998, &L->numerator, &L->denominator, L->ci_method,
                sizeof L->ci_method, L->ci_note, sizeof L->ci_note, L->den_note,
                sizeof L->den_note);
    L->england = c->have_england ? value_at(ds, ind, c->england, period) : NAN;
    L->region = c->have_region ? value_at(ds, ind, c->region, period) : NAN;
    L->region_name = c->have_region ? ds->areas[c->region].name : NULL;
    L->neighbours = neighbour_mean(c, ind, period, &L->nb_used, &L->nb_total);

    fp_cmp_reason why;
    fp_compare_ci_levels(L->value, L->lower, L->upper, L->lower998, L->upper998, L->england,
                         L->polarity, &L->cmp_england, &why);
    if (L->cmp_england == FP_CMP_NOT_COMPARED)
        snprintf(L->cmp_note, sizeof L->cmp_note, "%s", fp_cmp_reason_name(why));
    fp_compare_ci(L->value, L->lower, L->upper, L->region, L->polarity, &L->cmp_region, NULL);
    fp_compare_ci(L->value, L->lower, L->upper, L->neighbours, L->polarity,
                  &L->cmp_neighbours, NULL);

    /* rank and quartile among every local authority */
    double *all = la_values(c, ind, period);
    if (L->polarity == FP_POLARITY_NONE) {
        snprintf(L->band_note, sizeof L->band_note, "no polarity: not ranked");
    } else {
        fp_rank_of(L->value, all, c->n_las, L->polarity, &L->rank, &L->n_ranked);
        double q[5];
        if (I->no_quartile)
            snprintf(L->band_note, sizeof L->band_note, "publisher: not banded");
        else if (fp_quartile_band_of(L->value, all, c->n_las, L->polarity, &L->band, q) != FP_OK)
            L->band = 0;
    }

    /* tartan rug: the neighbours at the same period */
    L->n_nb = c->n_nb;
    L->nb = fpc_xmalloc((c->n_nb ? c->n_nb : 1) * sizeof *L->nb);
    for (size_t j = 0; j < c->n_nb; j++) {
        rp_nbcell *cell = &L->nb[j];
        cell->value = NAN; cell->cmp = FP_CMP_NOT_COMPARED; cell->band = 0;
        if (c->nb_area[j] == SIZE_MAX) continue;
        cell->value = value_at(ds, ind, c->nb_area[j], period);
        double lo, hi, l9, h9, nn, dd;
        interval_at(c, L, c->nb_area[j], period, cell->value, &lo, &hi, &l9, &h9, &nn, &dd,
                    NULL, 0, NULL, 0, NULL, 0);
        fp_compare_ci(cell->value, lo, hi, L->england, L->polarity, &cell->cmp, NULL);
        double q[5];
        if (L->polarity != FP_POLARITY_NONE && !I->no_quartile
            && fp_quartile_band_of(cell->value, all, c->n_las, L->polarity, &cell->band, q) != FP_OK)
            cell->band = 0;
    }
    free(all);

    /* change from the previous consecutive period */
    {
        size_t m = L->n_series;
        double *v = fpc_xmalloc(m * sizeof *v);
        fp_period *ps = fpc_xmalloc(m * sizeof *ps);
        for (size_t i = 0; i < m; i++) {
            size_t pk;
            v[i] = L->series[i].value;
            if (find_period(ds, L->series[i].label, &pk) == FP_OK) ps[i] = ds->periods[pk].period;
        }
        if (m >= 2) fp_change(v, ps, m, m - 1, 1, &L->change_abs, &L->change_pct);
        free(v); free(ps);
    }
    set_trend(L, c);
    set_target(L, c, period);
    set_checks(L, c, r, ind);
}

/* ----------------------------------------------------------------- charts */

static void make_charts(rp_report *r, const char *outdir)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/charts", outdir);
    if (mkdir_p(dir) != 0) {
        fpc_warn(dir, 0, 0, "cannot create the charts directory: %s", strerror(errno));
        return;
    }
    fpp_chart **charts = fpc_xmalloc((r->n ? r->n : 1) * sizeof *charts);
    size_t *which = fpc_xmalloc((r->n ? r->n : 1) * sizeof *which);
    size_t nc = 0;
    for (size_t i = 0; i < r->n; i++) {
        rp_line *L = &r->lines[i];
        if (!L->has_data || !L->n_series) continue;
        size_t m = L->n_series;
        const char **per = fpc_xmalloc(m * sizeof *per);
        double *v = fpc_xmalloc(m * sizeof *v), *lo = fpc_xmalloc(m * sizeof *lo),
               *hi = fpc_xmalloc(m * sizeof *hi), *en = fpc_xmalloc(m * sizeof *en),
               *rg = fpc_xmalloc(m * sizeof *rg), *nbv = fpc_xmalloc(m * sizeof *nbv);
        fpp_sig *sig = fpc_xmalloc(m * sizeof *sig);
        for (size_t k = 0; k < m; k++) {
            const rp_point *p = &L->series[k];
            per[k] = p->label; v[k] = p->value; lo[k] = p->lower; hi[k] = p->upper;
            en[k] = p->england; rg[k] = p->region; nbv[k] = p->neighbours;
            fp_cmp cm;
            fp_compare_ci(p->value, p->lower, p->upper, p->england, L->polarity, &cm, NULL);
            sig[k] = fpp_sig_from_cmp(cm);
        }
        char title[400], sub[300], name[80];
        snprintf(title, sizeof title, "%s %s", L->sc->number, L->sc->name);
        snprintf(sub, sizeof sub, "%s, %s (%s)", r->area_name, L->code,
                 L->unit_label ? L->unit_label : "");
        snprintf(name, sizeof name, "indicator_%s", L->sc->number);
        fpp_trend spec;
        memset(&spec, 0, sizeof spec);
        spec.title = title;
        spec.subtitle = sub;
        spec.ylabel = L->unit_label;
        spec.area_name = r->area_name;
        spec.n = m;
        spec.periods = per;
        spec.value = v; spec.lower = lo; spec.upper = hi; spec.sig = sig;
        spec.england = en; spec.region = rg; spec.region_name = L->region_name;
        spec.neighbours = nbv;
        spec.target = L->target_value;
        spec.dps = L->dps;
        fpp_chart *ch = NULL;
        if (fpp_trend_chart(&spec, name, &ch) == FP_OK && ch) {
            charts[nc] = ch;
            which[nc++] = i;
        }
        free(per); free(v); free(lo); free(hi); free(en); free(rg); free(nbv); free(sig);
    }
    fpp_result *res = fpc_xmalloc((nc ? nc : 1) * sizeof *res);
    fpp_render_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.jobs = 1;
    int st = nc ? fpp_render(charts, nc, dir, &ro, res) : FP_OK;
    if (st != FP_OK) {
        fpc_warn(NULL, 0, 0, "charts not drawn: %s%s", fp_strerror(st),
                 st == FP_ENOTFOUND ? " (is gnuplot installed?)" : "");
    } else {
        for (size_t k = 0; k < nc; k++) {
            rp_line *L = &r->lines[which[k]];
            if (res[k].outcome == FPP_RENDERED && res[k].image) {
                const char *slash = strrchr(res[k].image, '/');
                snprintf(L->chart, sizeof L->chart, "%s", slash ? slash + 1 : res[k].image);
            } else if (res[k].outcome == FPP_FAILED) {
                fpc_warn(NULL, 0, 0, "chart for %s failed: %s", L->sc->number,
                         res[k].message ? res[k].message : "gnuplot error");
            }
            fpp_result_clear(&res[k]);
        }
    }
    for (size_t k = 0; k < nc; k++) fpp_chart_free(charts[k]);
    free(charts); free(which); free(res);
}

/* ------------------------------------------------------------------ main */

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = fpc_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int write_output(const char *dir, const char *name, const rp_report *r,
                        void (*fn)(FILE *, const rp_report *))
{
    char *path = join_path(dir, name);
    fpc_out o;
    int rc = -1;
    if (fpc_out_open(&o, path) == 0) {
        fn(o.fp, r);
        rc = fpc_out_commit(&o);
    }
    free(path);
    return rc;
}

int fpc_cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "area", required_argument, NULL, 'a' },
        { "scorecard", required_argument, NULL, 's' },
        { "data", required_argument, NULL, 'd' },
        { "neighbours", required_argument, NULL, 'n' },
        { "out", required_argument, NULL, 'o' },
        { "no-charts", no_argument, NULL, 'C' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *area_key = "Sefton", *scorecard = NULL, *nbver = "sn_may_2025", *outdir = "out";
    int charts = 1;
    const char **data = fpc_xmalloc((size_t)(argc + 1) * sizeof *data);
    size_t ndata = 0;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":a:s:d:n:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': area_key = optarg; break;
        case 's': scorecard = optarg; break;
        case 'd': data[ndata++] = optarg; break;
        case 'n': nbver = optarg; break;
        case 'o': outdir = optarg; break;
        case 'C': charts = 0; break;
        case 'h': help(); free(data); return FPC_EXIT_OK;
        case ':': free(data); return fpc_usage("report", "option '%s' needs a value", argv[optind - 1]);
        default: free(data); return fpc_usage("report", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        free(data);
        return fpc_usage("report", "unexpected argument '%s' (data files go after --data)",
                         argv[optind]);
    }
    const char *dd = fpc_datadir();
    char *sc_default = NULL;
    if (!scorecard) {
        if (!dd) {
            free(data);
            fpc_error(NULL, 0, 0, "no --scorecard given and the shipped datasets/ folder was not "
                      "found (set FINGERPOST_DATA)");
            return FPC_EXIT_DATA;
        }
        sc_default = join_path(dd, "scorecard_sefton.csv");
        scorecard = sc_default;
    }
    rp_scorecard sc;
    if (rp_scorecard_read(scorecard, &sc) != 0) {
        free(sc_default); free(data);
        return FPC_EXIT_DATA;
    }

    /* data */
    rp_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 0;
    diags.max_kept = 50;
    int rc = FPC_EXIT_OK;
    if (rp_load(&in, data, ndata, dd, &diags) != 0) {
        for (size_t i = 0; i < diags.n; i++)
            if (diags.items[i].is_error)
                fpc_error(diags.items[i].file, diags.items[i].line, diags.items[i].col, "%s",
                          diags.items[i].message);
        fpc_diags_free(&diags);
        rp_scorecard_free(&sc);
        free(sc_default); free(data);
        return FPC_EXIT_DATA;
    }
    if (diags.n_errors)
        fpc_warn(NULL, 0, 0, "%zu problems in the data files (run 'fingerpost validate' for "
                 "details); continuing", diags.n_errors);

    fp_dataset *ds = in.ds;
    ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    if (fp_dataset_find_area(ds, area_key, &c.area) != FP_OK) {
        fpc_error(NULL, 0, 0, "area '%s' not found in the data", area_key);
        rc = FPC_EXIT_DATA;
        goto done;
    }
    for (size_t a = 0; a < ds->n_areas; a++) {
        if (ds->areas[a].kind == FP_AREA_COUNTRY && !c.have_england) { c.england = a; c.have_england = 1; }
    }
    {
        size_t e;
        if (fp_dataset_find_area(ds, "England", &e) == FP_OK) { c.england = e; c.have_england = 1; }
    }
    const fp_area *A = &ds->areas[c.area];
    if (A->region && *A->region && fp_dataset_find_area(ds, A->region, &c.region) == FP_OK)
        c.have_region = 1;
    c.las = fpc_xmalloc((ds->n_areas ? ds->n_areas : 1) * sizeof *c.las);
    for (size_t a = 0; a < ds->n_areas; a++)
        if (ds->areas[a].kind == FP_AREA_LA) c.las[c.n_las++] = a;

    /* neighbours */
    const fp_neighbours *nb = NULL;
    for (size_t k = 0; k < in.n_nbs; k++)
        if (in.nbs[k] && in.nbs[k]->version && !strcmp(in.nbs[k]->version, nbver)) nb = in.nbs[k];
    if (!nb) {
        fpc_warn(NULL, 0, 0, "statistical neighbour model '%s' not loaded: no neighbour values",
                 nbver);
    } else {
        const char *key = A->old_code && *A->old_code ? A->old_code : A->code;
        if (fp_neighbours_find(nb, key, &c.nblist) != FP_OK
            && fp_neighbours_find(nb, A->code, &c.nblist) != FP_OK
            && fp_neighbours_find(nb, A->name, &c.nblist) != FP_OK)
            fpc_warn(NULL, 0, 0, "%s has no neighbour list in %s", A->name, nbver);
    }
    rp_report r;
    memset(&r, 0, sizeof r);
    if (c.nblist) {
        c.n_nb = c.nblist->n;
        c.nb_area = fpc_xmalloc((c.n_nb ? c.n_nb : 1) * sizeof *c.nb_area);
        r.nb_names = fpc_xmalloc((c.n_nb ? c.n_nb : 1) * sizeof *r.nb_names);
        r.nb_codes = fpc_xmalloc((c.n_nb ? c.n_nb : 1) * sizeof *r.nb_codes);
        for (size_t j = 0; j < c.n_nb; j++) {
            size_t a;
            r.nb_codes[j] = c.nblist->neighbours[j];
            if (fp_dataset_find_area(ds, c.nblist->neighbours[j], &a) == FP_OK) {
                c.nb_area[j] = a;
                r.nb_names[j] = ds->areas[a].name;
            } else {
                c.nb_area[j] = SIZE_MAX;
                r.nb_names[j] = c.nblist->neighbours[j];
            }
        }
        r.n_nb = c.n_nb;
    }

    r.area_name = A->name;
    r.area_code = A->code;
    r.region_name = c.have_region ? ds->areas[c.region].name : NULL;
    r.scorecard_path = scorecard;
    r.scorecard_title = "Children's Strategy Score Card";
    char *dver = NULL;
    {
        const char *v = ds->version && *ds->version ? ds->version : "";
        const char *pre = ndata ? "" : "DfE LAIT, snapshot April 2026 (shipped datasets/): ";
        size_t m = strlen(pre) + strlen(v) + 1;
        dver = fpc_xmalloc(m);
        snprintf(dver, m, "%s%s", pre, v);
    }
    r.data_version = dver;
    r.neighbour_version = nb ? nb->version : "none";
    r.data_files = in.files;
    r.n_data_files = in.n_files;
    r.data_shipped = ndata == 0;
    {
        /* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the stamp, so the
         * same data and scorecard give byte-identical reports. */
        time_t now = time(NULL);
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        if (sde && *sde) {
            char *end;
            long long v = strtoll(sde, &end, 10);
            if (*end == '\0' && v >= 0) now = (time_t)v;
        }
        struct tm tmv;
        gmtime_r(&now, &tmv);
        strftime(r.generated, sizeof r.generated, "%Y-%m-%d %H:%M UTC", &tmv);
    }
    r.n = sc.n;
    r.lines = fpc_xmalloc((sc.n ? sc.n : 1) * sizeof *r.lines);
    memset(r.lines, 0, (sc.n ? sc.n : 1) * sizeof *r.lines);
    for (size_t i = 0; i < sc.n; i++) {
        r.lines[i].sc = &sc.rows[i];
        compute_line(&r.lines[i], &c, &r);
    }

    if (mkdir_p(outdir) != 0) {
        fpc_error(outdir, 0, 0, "cannot create the output directory: %s", strerror(errno));
        rc = FPC_EXIT_DATA;
    } else {
        if (charts) make_charts(&r, outdir);
        if (write_output(outdir, "scorecard.csv", &r, rp_write_csv) != 0
            || write_output(outdir, "scorecard.md", &r, rp_write_md) != 0
            || write_output(outdir, "scorecard.html", &r, rp_write_html) != 0)
            rc = FPC_EXIT_DATA;
        else
            fprintf(stderr, "fingerpost: wrote %s/scorecard.html, scorecard.csv, scorecard.md"
                    "%s (%zu indicators, %s)\n", outdir, charts ? " and charts/" : "", r.n,
                    r.area_name);
    }

    for (size_t i = 0; i < r.n; i++) { free(r.lines[i].series); free(r.lines[i].nb); }
    free(r.lines);
    free(r.nb_names);
    free(r.nb_codes);
    free(c.nb_area);
    free(dver);
done:
    free(c.las);
    rp_inputs_free(&in);
    fpc_diags_free(&diags);
    rp_scorecard_free(&sc);
    free(sc_default);
    free(data);
    return rc;
}
