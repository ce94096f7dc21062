/* trend_spc.c -- `trend -m spc`: the series made dense over its time axis
 * (gaps kept), the SPC chart's cells of a series and, with --spc-points,
 * one row per point. */
#include "cli.h"
#include "trend_cli.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The series for SPC, dense over the time axis: absent periods become gaps
 * (NaN), so SPC never joins across them. Sets *yv, *yx, *yd to the values,
 * counts and denominators to use (b's own when there is no gap to fill) and
 * returns their length. */
static size_t tr_spc_dense(sbuf *b, const fp_trend_gaps *g, const double **yv, const double **yx,
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
 * (tr_spc_dense); *t0 gets the period index of its first point. Returns the
 * library's status. */
static int tr_spc_run(const fp_indicator *I, sbuf *b, const series_in *in, const topts *o,
                      const fp_trend_options *tr, fp_polarity pol, fp_spc_result **spc, long *t0)
{
    const double *yv, *yx, *yd;
    size_t n = b->n, dn = tr_spc_dense(b, &in->g, &yv, &yx, &yd);
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
void tr_spc_cells(fpc_table *tab, const fp_indicator *I, sbuf *b, const series_in *in,
                  const topts *o, const fp_trend_options *tr, fp_polarity pol,
                  fp_spc_result **spc)
{
    long t0;
    int st = tr_spc_run(I, b, in, o, tr, pol, spc, &t0);
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
size_t tr_spc_point_rows(fpc_table *tab, const fp_dataset *ds, size_t ind, size_t area,
                         const fp_obs *first, size_t nobs, const topts *o, sbuf *b,
                         fp_spc_result **spc)
{
    const fp_indicator *I = &ds->indicators[ind];
    const fp_area *A = &ds->areas[area];
    series_in in;
    tr_fill_series(ds, first, nobs, b, &in);
    if (b->n == 0) return 0;
    fp_trend_options tr = o->tr;
    tr.proportion = (I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION);
    long t0;
    int st = tr_spc_run(I, b, &in, o, &tr, I->polarity, spc, &t0);
    if (st != FP_OK) return 0;
    const fp_spc_result *r = *spc;
    fp_period per = ds->periods[first[b->obs[0]].period].period;
    int dense = r->n != b->n;
    size_t rows = 0;
    for (size_t i = 0; i < r->n; i++) {
        const fp_spc_point *p = &r->points[i];
        char lab[40], cause[64];
        const char *plab;
        if (!dense) plab = tr_period_label(ds, &first[b->obs[i]]);
        else {
            if (i > 0) fp_period_next(&per, &per);
            plab = tr_label_at(ds, first, b, (double)(t0 + (long)i));
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
