/* post_checks.c -- the checks run on what one tidy, Fingertips or EES file
 * added (fpc__post_file_checks): units inferred where unambiguous, --unit
 * and --polarity applied, numerators above denominators of proportions
 * reported. */
#include "read_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ post-file checks */

double fpc__half_unit(double v)
{
    /* The fewest decimal places (up to 6) that give v back. */
    double p = 1;
    for (int d = 0; d <= 6; d++, p *= 10) {
        double x = v * p;
        if (fabs(x - nearbyint(x)) <= 1e-9 * fmax(1.0, fabs(x))) return 0.5 / p;
    }
    return 0.5e-6;
}

/* Multipliers a published value can carry relative to numerator/denominator. */
static const double multipliers[] = { 1, 100, 1000, 10000, 100000 };

void fpc__post_file_checks(const char *path, const fpc_read_opts *o, fp_dataset *ds,
                           size_t from, size_t ind_from, size_t num_col, fpc_diags *d)
{
    fp_unit ou = FP_UNIT_UNKNOWN;
    double om = 1;
    fp_polarity op = FP_POLARITY_NONE;
    int have_ou = o && o->unit && fp_unit_parse(o->unit, &ou, &om) == FP_OK;
    int have_op = o && o->polarity && fp_polarity_parse(o->polarity, &op) == FP_OK;
    size_t ni = ds->n_indicators;
    /* Per indicator: how many rows match each multiplier, and how many rows
     * have a value, numerator and denominator at all. */
    size_t nm = sizeof multipliers / sizeof *multipliers;
    size_t *match = calloc(ni * nm + 1, sizeof *match);
    size_t *usable = calloc(ni + 1, sizeof *usable);
    char *above = calloc(ni + 1, 1);   /* some numerator above its denominator */
    char *touched = calloc(ni + 1, 1);
    if (!match || !usable || !above || !touched) {
        free(match); free(usable); free(above); free(touched);
        return;
    }
    for (size_t k = from; k < ds->n_obs; k++) {
        const fp_obs *ob = &ds->obs[k];
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        touched[ob->indicator] = 1;
        if ((ob->flags & (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR))
            != (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR) || ob->missing != FP_MISSING_NONE
            || ox->denominator <= 0)
            continue;
        if (ox->numerator > ox->denominator) above[ob->indicator] = 1;
        usable[ob->indicator]++;
        double q = ox->numerator / ox->denominator;
        double half = fpc__half_unit(ob->value);
        for (size_t m = 0; m < nm; m++) {
            double want = q * multipliers[m];
            /* Published values are rounded: allow 1%, or half a unit in the
             * last decimal place the value was published with (67 for a rate
             * of 66.8 per 10,000, 28.3 for 28.27%). */
            if (fabs(ob->value - want) <= fmax(0.01 * fabs(want), half) + 1e-9)
                match[ob->indicator * nm + m]++;
        }
    }
    (void)ind_from;
    for (size_t i = 0; i < ni; i++) {
        if (!touched[i]) continue;
        fp_indicator *ind = &ds->indicators[i];
        if (ind->unit == FP_UNIT_UNKNOWN && have_ou) {
            fp_indicator m = *ind;
            m.name = m.definition = m.source = NULL;
            m.unit_label = (char *)o->unit;
            m.unit = ou;
            m.multiplier = om;
            fp_dataset_indicator_set(ds, i, &m);
        }
        if (have_op && ind->polarity == FP_POLARITY_NONE) {
            fp_indicator m = *ind;
            m.name = m.unit_label = m.definition = m.source = NULL;
            m.polarity = op;
            fp_dataset_indicator_set(ds, i, &m);
        }
        if (ind->unit != FP_UNIT_UNKNOWN) continue;
        size_t best = nm, n_full = 0;
        for (size_t m = 0; m < nm; m++)
            if (usable[i] && match[i * nm + m] * 10 >= usable[i] * 9) { best = m; n_full++; }
        if (usable[i] && n_full == 1) {
            fp_indicator m = *ind;
            m.name = m.definition = m.source = NULL;
            double mult = multipliers[best];
            if (mult == 100) { m.unit = FP_UNIT_PERCENT; m.unit_label = "%"; }
            else if (mult == 1 && !above[i]) { m.unit = FP_UNIT_PROPORTION; m.unit_label = "proportion"; }
            else {
                m.unit = FP_UNIT_RATE;
                m.unit_label = mult == 1 ? "per 1" : mult == 1000 ? "per 1,000"
                             : mult == 10000 ? "per 10,000" : "per 100,000";
            }
            m.multiplier = mult;
            fp_dataset_indicator_set(ds, i, &m);
            fpc_diags_add(d, 0, path, 0, 0,
                          "indicator '%s': no unit given; inferred '%s' because value = %g x "
                          "numerator / denominator in %zu of %zu rows", ind->code,
                          ind->unit_label, mult, match[i * nm + best], usable[i]);
        } else {
            fpc_diags_add(d, 0, path, 0, 0,
                          "indicator '%s': no unit given and it cannot be inferred%s; "
                          "give it with a unit column or --unit", ind->code,
                          usable[i] ? " unambiguously from numerator and denominator"
                                    : " (no rows with value, numerator and denominator)");
        }
    }
    /* A proportion cannot have a numerator above its denominator: report
     * each such row and drop its numerator and denominator. */
    for (size_t k = from; k < ds->n_obs; k++) {
        fp_obs *ob = &ds->obs[k];
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        fp_unit u = ds->indicators[ob->indicator].unit;
        if ((u == FP_UNIT_PERCENT || u == FP_UNIT_PROPORTION)
            && (ob->flags & FP_OBS_NUMERATOR) && (ob->flags & FP_OBS_DENOMINATOR)
            && ox->numerator > ox->denominator) {
            fpc_diags_add(d, 1, path, ob->line, num_col,
                          "numerator %g is above denominator %g for a proportion; "
                          "numerator and denominator ignored", ox->numerator, ox->denominator);
            ob->flags &= (uint8_t)~(FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR);
            ob->flags |= (uint8_t)FP_OBS_COUNTS_INVALID;   /* the numbers stay, for reasons only */
        }
    }
    free(match); free(usable); free(above); free(touched);
}

