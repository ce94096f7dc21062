/* kind_spc.c -- `chart spc`: statistical process control charts over the
 * indicator's time axis, gaps kept (as `trend -m spc`). */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void build_spc_on(ch_ctx *c, size_t ind, size_t a, fp_spc_result *r, const size_t *slot,
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
static size_t spc_axis(const ch_ctx *c, size_t **slot, char **gap_label)
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

void ch_build_spc(ch_ctx *c, size_t ind, size_t a, fp_spc_result *r)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const fp_area *ar = &ds->areas[a];
    if (c->n_p == 0) { ch_not_made(c, in->code, ar->code, "no observations"); return; }
    size_t *slot;
    char *gap_label;
    size_t n = spc_axis(c, &slot, &gap_label);
    if (r->capacity < n) {
        /* The caller sized the result for the periods; gaps add slots. */
        fp_spc_result *big = fp_spc_result_alloc(n);
        if (!big) { ch_not_made(c, in->code, ar->code, "out of memory"); free(slot); free(gap_label); return; }
        build_spc_on(c, ind, a, big, slot, gap_label, n);
        fp_spc_result_free(big);
    } else {
        build_spc_on(c, ind, a, r, slot, gap_label, n);
    }
    free(slot);
    free(gap_label);
}

/* build_spc on the time axis slot[0..n) (spc_axis), into r (capacity n). */
static void build_spc_on(ch_ctx *c, size_t ind, size_t a, fp_spc_result *r, const size_t *slot,
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
        y[k] = ch_lookup_value(ds, ind, (long)a, slot[k]);
        double e = ch_lookup_value(ds, ind, c->england, slot[k]);
        if (isfinite(e)) eng_latest = e;
        labels[k] = ds->periods[slot[k]].label;
    }
    fp_spc_options opt;
    fp_spc_options_init(&opt);
    opt.polarity = in->polarity;
    opt.target = ch_target_for(c, ind, eng_latest);
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
        ch_not_made(c, in->code, ar->code, fp_strerror(st));
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
    s.title = ch_ind_title(in);
    s.subtitle = sub;
    s.ylabel = ch_unit_text(in);
    s.n = n; s.periods = labels; s.value = y; s.centre = ce; s.lcl = lc; s.ucl = uc;
    s.point = pt;
    s.rebase = opt.rebase;
    s.n_rebase = opt.n_rebase;
    s.target = opt.target;
    /* fp_spc_variation and fpp_spc_variation list the same icons in the same order. */
    s.variation = (fpp_spc_variation)r->variation;
    s.assurance = (fpp_spc_assurance)r->assurance;
    s.dps = in->dps;
    ch_chart_name(name, sizeof name, "spc", in->code, ar->code);
    fpp_chart *ch = NULL;
    if (fpp_spc_chart(&s, name, &ch) == FP_OK) ch_keep(c, ch, in->code, ar->code);
    else ch_not_made(c, in->code, ar->code, "cannot build the chart");
done:
    free(y); free(pt); free(labels); free(rebase);
}

