/* kind_compare.c -- `chart compare`: the area beside its statistical
 * neighbours (each against England, fp_assess_neighbour_values), its region
 * and England at the assessed period. */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ch_build_compare(ch_ctx *c, size_t ind, size_t a)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const fp_area *ar = &ds->areas[a];
    fp_assessment A;
    fp_assess(c->ac, ind, a, &c->ao, &A);
    if (A.period == FP_ASSESS_NONE) { ch_not_made(c, in->code, ar->code, "no values"); return; }
    size_t period = A.period;
    const fp_neighbour_list *nl = fp_assess_neighbours(c->ac, a, NULL);
    size_t reg = A.region.area;   /* the region compared with (data-led) */
    size_t cap = 3 + (nl ? nl->n : 0);
    const char **names = fpc_xmalloc(cap * sizeof *names);
    double *v = fpc_xmalloc(3 * cap * sizeof *v), *lo = v + cap, *up = v + 2 * cap;
    fpp_sig *sig = fpc_xmalloc(cap * sizeof *sig);
    int *bench = fpc_xmalloc(cap * sizeof *bench);
    double eng = A.england.value;
    /* The area, its neighbours (each against England, by the assessment
     * layer), then the region and England as benchmarks. */
    fp_assess_neighbour *nv;
    size_t nn;
    if (fp_assess_neighbour_values(c->ac, ind, a, &A, &nv, &nn) != FP_OK) nn = 0;
    size_t n = 0, members[80];
    fp_assess_interval iv[80];
    fp_cmp cmp[80];
    members[n] = a;
    fp_assess_interval_at(ds, ind, a, period, &iv[n]);
    cmp[n++] = A.england.cmp95;
    for (size_t j = 0; j < nn && n < 60; j++)
        if (nv[j].area != FP_ASSESS_NONE) {
            members[n] = nv[j].area;
            iv[n] = nv[j].ci;
            cmp[n++] = nv[j].cmp_england;
        }
    fp_assess_neighbour_values_free(nv);
    size_t n_areas = n;
    size_t bm[2] = { reg, c->england >= 0 ? (size_t)c->england : FP_ASSESS_NONE };
    for (size_t b = 0; b < 2; b++)
        if (bm[b] != FP_ASSESS_NONE) {
            members[n] = bm[b];
            fp_assess_interval_at(ds, ind, bm[b], period, &iv[n]);
            cmp[n++] = FP_CMP_NOT_COMPARED;
        }
    for (size_t k = 0; k < n; k++) {
        names[k] = ds->areas[members[k]].name;
        v[k] = iv[k].value;
        lo[k] = iv[k].lower95;
        up[k] = iv[k].upper95;
        bench[k] = k >= n_areas;
        sig[k] = fpp_sig_from_cmp(cmp[k]);
    }
    char title[600], sub[600], name[512];
    snprintf(title, sizeof title, "%s, %s", ch_ind_title(in), ds->periods[period].label);
    if (in->unit == FP_UNIT_COUNT)
        snprintf(sub, sizeof sub, nl ? "%s and its statistical neighbours (counts: England's and "
                                       "the region's totals not shown)"
                                     : "%s (a count: England's and the region's totals not shown)",
                 ar->name);
    else
        snprintf(sub, sizeof sub, nl ? "%s, its statistical neighbours, region and England"
                                     : "%s, its region and England", ar->name);
    fpp_compare s = { 0 };
    s.title = title; s.subtitle = sub; s.xlabel = ch_unit_text(in);
    s.n = n; s.names = names; s.value = v; s.lower = lo; s.upper = up; s.sig = sig;
    s.benchmark = bench; s.selected = 0; s.line = eng; s.dps = in->dps;
    s.count = in->unit == FP_UNIT_COUNT;
    ch_chart_name(name, sizeof name, "compare", in->code, ar->code);
    fpp_chart *ch = NULL;
    if (fpp_compare_chart(&s, name, &ch) == FP_OK) ch_keep(c, ch, in->code, ar->code);
    else ch_not_made(c, in->code, ar->code, "cannot build the chart");
    free(names); free(v); free(sig); free(bench);
}

