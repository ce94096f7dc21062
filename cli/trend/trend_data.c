/* trend_data.c -- one series of `fingerpost trend` as the trend methods take
 * it: its working arrays (sbuf), the observations of the latest period's
 * class in order, and the labels of its periods. Shared by the methods'
 * cells (trend_series.c) and SPC (trend_spc.c). */
#include "cli.h"
#include "trend_cli.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void tr_sbuf_reserve(sbuf *b, size_t n)
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

void tr_sbuf_free(sbuf *b)
{
    free(b->t); free(b->v); free(b->lo); free(b->up); free(b->x); free(b->d); free(b->obs);
    free(b->dv); free(b->dx); free(b->dd);
}

const char *tr_period_label(const fp_dataset *ds, const fp_obs *o)
{
    return ds->periods[o->period].label;
}

/* Fill b and in from the nobs observations at first. */
void tr_fill_series(const fp_dataset *ds, const fp_obs *first, size_t nobs, sbuf *b,
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
    tr_sbuf_reserve(b, nobs);
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

/* The label of the series' period at time index t ("" if none). */
const char *tr_label_at(const fp_dataset *ds, const fp_obs *first, const sbuf *b, double t)
{
    const char *lab = "";
    for (size_t i = 0; i < b->n; i++)
        if (b->t[i] == t) lab = tr_period_label(ds, &first[b->obs[i]]);
    return lab;
}
