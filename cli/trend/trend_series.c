/* trend_series.c -- one series of `fingerpost trend` as a row: the series
 * assembled from the data, and the cells of the Fingertips recent trend,
 * Mann-Kendall, the APC, joinpoint and the projection. */
#include "cli.h"
#include "trend_cli.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static void tr_label_cell(fpc_table *t, fp_trend_direction d, fp_polarity pol, fp_trend_reason r)
{
    char buf[160];
    fp_trend_label(d, pol, d == FP_TREND_NOT_CALCULATED ? r : FP_TREND_REASON_NONE, buf, sizeof buf);
    fpc_table_str(t, buf);
}

static void tr_reason_cell(fpc_table *t, fp_trend_reason r)
{
    fpc_table_str(t, r == FP_TREND_REASON_NONE ? NULL : fp_trend_reason_string(r));
}

/* The two cells every method ends with: its label and its reason. */
static void tr_verdict_cells(fpc_table *t, fp_trend_direction d, fp_polarity pol, fp_trend_reason r)
{
    tr_label_cell(t, d, pol, r);
    tr_reason_cell(t, r);
}

static const char *tr_recent_test_name(fp_recent_test t)
{
    switch (t) {
    case FP_RECENT_WLS_CI: return "weighted regression (CI)";
    case FP_RECENT_WLS_COUNT: return "weighted regression (counts)";
    case FP_RECENT_PROPORTION: return "chi-squared test for trend";
    default: return NULL;
    }
}

/* The recent trend stops at the first point of its window without a value
 * or counts and says "missing values". When that point's counts were given
 * but dropped as invalid (FP_OBS_COUNTS_INVALID: negative, a zero
 * denominator, a numerator above the denominator), give that reason
 * instead. */
static fp_trend_reason tr_recent_reason(const fp_dataset *ds, const fp_obs *first, const sbuf *b,
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


/* The recent-trend cells: test, statistic, p, slope, label, reason. */
static void tr_recent_cells(fpc_table *tab, const fp_dataset *ds, const fp_obs *first, const sbuf *b,
                            const fp_trend_series *s, const fp_trend_options *tr, fp_polarity pol)
{
    fp_recent_trend r;
    fp_trend_recent(s, tr, &r);
    r.reason = tr_recent_reason(ds, first, b, &r);
    fpc_table_str(tab, tr_recent_test_name(r.test));
    fpc_table_num(tab, r.statistic);
    fpc_table_num(tab, r.p_value);
    fpc_table_num(tab, r.slope);
    tr_verdict_cells(tab, r.direction, pol, r.reason);
}

/* The Mann-Kendall and Sen cells (a failed fit is "no convergence"). */
static void tr_mk_cells(fpc_table *tab, const fp_trend_series *s, const fp_trend_options *tr,
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
    tr_verdict_cells(tab, r.direction, pol, r.reason);
}

/* The annual percentage change cells (a failed fit is "no convergence"). */
static void tr_apc_cells(fpc_table *tab, const fp_trend_series *s, const fp_trend_options *tr,
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
    tr_verdict_cells(tab, r.direction, pol, r.reason);
}

/* The joinpoint cells: joinpoints and segments named by their period
 * labels ("2015/16; 2019/20", "2010/11 to 2015/16: -2.10%; ..."), AAPC. */
static void tr_joinpoint_cells(fpc_table *tab, const fp_dataset *ds, const fp_obs *first,
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
                                    tr_label_at(ds, first, b, r.joinpoints[k]));
            if (len >= sizeof jps) len = sizeof jps - 1;
        }
        for (size_t k = 0; k < r.n_segments; k++) {
            slen += (size_t)snprintf(segs + slen, sizeof segs - slen, "%s%s to %s: %.2f%%",
                                     k ? "; " : "", tr_label_at(ds, first, b, r.segments[k].t_start),
                                     tr_label_at(ds, first, b, r.segments[k].t_end),
                                     r.segments[k].apc);
            if (slen >= sizeof segs) slen = sizeof segs - 1;
        }
    }
    fpc_table_str(tab, r.reason == FP_TREND_REASON_NONE ? jps : NULL);
    fpc_table_str(tab, r.reason == FP_TREND_REASON_NONE ? segs : NULL);
    fpc_table_num(tab, r.aapc);
    fpc_table_num(tab, r.aapc_lower);
    fpc_table_num(tab, r.aapc_upper);
    tr_verdict_cells(tab, r.direction, pol, r.reason);
}


/* The projection cells: to which period, fit and interval, outlook. */
static void tr_projection_cells(fpc_table *tab, const fp_indicator *I, const series_in *in,
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
void tr_do_series(fpc_table *tab, const fp_dataset *ds, size_t ind, size_t area,
                  const fp_obs *first, size_t nobs, const topts *o, sbuf *b,
                  fp_spc_result **spc, const fpc_wide *wide)
{
    const fp_indicator *I = &ds->indicators[ind];
    const fp_area *A = &ds->areas[area];
    series_in in;
    tr_fill_series(ds, first, nobs, b, &in);
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
    fpc_table_str(tab, tr_period_label(ds, &first[b->obs[0]]));
    fpc_table_str(tab, tr_period_label(ds, &first[b->obs[n - 1]]));
    fpc_table_int(tab, (long)n);
    fpc_table_int(tab, (long)in.g.n_missing);
    fpc_table_int(tab, (long)in.g.n_skipped);
    fpc_table_str(tab, in.brk[0] ? in.brk : NULL);
    if (wide) fpc_wide_cells(tab, wide, ds, ind, area);

    if (o->methods & M_RECENT) tr_recent_cells(tab, ds, first, b, &in.s, &tr, pol);
    if (o->methods & M_MK) tr_mk_cells(tab, &in.s, &tr, pol);
    if (o->methods & M_APC) tr_apc_cells(tab, &in.s, &tr, pol);
    if (o->methods & M_JOIN) tr_joinpoint_cells(tab, ds, first, b, &in.s, &tr, pol);
    if (o->methods & M_SPC) tr_spc_cells(tab, I, b, &in, o, &tr, pol, spc);
    if (o->methods & M_PROJECT) tr_projection_cells(tab, I, &in, o, &tr, pol);
    fpc_table_str(tab, A->old_code);
}

