/* kind_trend.c -- `chart trend`: an area's series with its interval,
 * significance against England and the comparators (fp_assess_series). */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ch_build_trend(ch_ctx *c, size_t ind, size_t a)
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
            ch_not_made(c, in->code, ar->code, "no values");
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
    snprintf(sub, sizeof sub, "%s, %s", ar->name, ch_unit_text(in));
    snprintf(rname, sizeof rname, "%s", reg != FP_ASSESS_NONE ? ds->areas[reg].name : "Region");
    fpp_trend t = { 0 };
    t.title = ch_ind_title(in);
    t.subtitle = sub;
    t.ylabel = ch_unit_text(in);
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
    t.target = ch_target_for(c, ind, eng_latest);
    t.dps = in->dps;
    t.count = in->unit == FP_UNIT_COUNT;
    ch_chart_name(name, sizeof name, "trend", in->code, ar->code);
    fpp_chart *ch = NULL;
    if (fpp_trend_chart(&t, name, &ch) == FP_OK) ch_keep(c, ch, in->code, ar->code);
    else ch_not_made(c, in->code, ar->code, "cannot build the chart");
    free(v); free(sig); free(labels);
}

