/* kind_spine.c -- `chart spine`: one row per indicator, the area's value
 * against England and the local-authority range. */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether indicator ind can be on a spine chart at all (NULL) or why not. */
const char *ch_spine_excluded(const ch_ctx *c, size_t ind)
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
void ch_build_spine(ch_ctx *c, size_t a, const size_t *inds, const char *const *excluded,
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
        const char *title = ch_ind_title(in);
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
        ch_not_made(c, NULL, ar->code, "no indicator has an England range");
    } else {
        char title[400], name[512];
        snprintf(title, sizeof title, "%s compared with England", ar->name);
        fpp_spine s = { 0 };
        s.title = title;
        s.subtitle = "Range of local authorities, latest period of each indicator";
        s.area_name = ar->name;
        s.n = n;
        s.rows = rows;
        ch_chart_name(name, sizeof name, "spine", NULL, ar->code);
        fpp_chart *ch = NULL;
        if (fpp_spine_chart(&s, name, &ch) == FP_OK) ch_keep(c, ch, NULL, ar->code);
        else ch_not_made(c, NULL, ar->code, "cannot build the chart");
    }
    for (size_t k = 0; k < n; k++) free(labels[k]);
    free(labels); free(rows);
}

