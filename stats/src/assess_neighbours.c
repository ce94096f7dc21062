/* assess_neighbours.c -- the assessment layer's view of an area's
 * statistical neighbours at its assessed period (fingerpost/assess.h,
 * fp_assess_neighbour_values): each neighbour's interval by the
 * assessment's rule, its comparison with England (the Fingertips rule at
 * 95%) and its quartile band, as the report's tartan rug and the compare
 * chart show them. */
#include "assess_internal.h"

#include <math.h>
#include <stdlib.h>

int fp_assess_neighbour_values(const fp_assess_context *c, size_t ind, size_t a,
                               const fp_assessment *A, fp_assess_neighbour **out, size_t *n)
{
    if (out) *out = NULL;
    if (n) *n = 0;
    if (!c || !A || !out || !n || a >= c->ds->n_areas || ind >= c->ds->n_indicators)
        FP_ERROR(FP_EINVAL);
    const fp_neighbour_list *nl = c->nl[a];
    if (!nl || A->period == FP_ASSESS_NONE) return FP_OK;
    const fp_indicator *I = &c->ds->indicators[ind];
    fp_assess_neighbour *v = malloc((nl->n ? nl->n : 1) * sizeof *v);
    if (!v) FP_ERROR(FP_ENOMEM);
    for (size_t j = 0; j < nl->n; j++) {
        fp_assess_neighbour *x = &v[j];
        x->area = c->nb_areas[a][j];
        x->ci.value = x->ci.lower95 = x->ci.upper95 = x->ci.lower998 = x->ci.upper998 = NAN;
        x->ci.numerator = x->ci.denominator = NAN;
        x->ci.source = FP_CI_SOURCE_NONE;
        x->ci.method = FP_CI_NONE;
        x->ci.reason = "not in the data";
        x->cmp_england = FP_CMP_NOT_COMPARED;
        x->band = 0;
        if (x->area == FP_ASSESS_NONE) continue;
        fp_assess_interval_at(c->ds, ind, x->area, A->period, &x->ci);
        fp_compare_ci(x->ci.value, x->ci.lower95, x->ci.upper95, A->england.value, I->polarity,
                      &x->cmp_england, NULL);
        /* Banded as the area is: not without a polarity or where the
         * publisher does not band the indicator. */
        if (I->polarity != FP_POLARITY_NONE && !I->no_quartile
            && fp_quartile_band(x->ci.value, A->quartiles, I->polarity, &x->band) != FP_OK)
            x->band = 0;
    }
    *out = v;
    *n = nl->n;
    return FP_OK;
}

void fp_assess_neighbour_values_free(fp_assess_neighbour *values)
{
    free(values);
}
