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

#define N_MULT (sizeof multipliers / sizeof *multipliers)

/* Per indicator of the dataset: how many rows match each multiplier
 * (match[i * N_MULT + m]), how many have a value, numerator and denominator
 * at all (usable), whether some numerator is above its denominator (above)
 * and whether the file added any row of it (touched). */
typedef struct unit_evidence {
    size_t *match, *usable;
    char *above, *touched;
} unit_evidence;

/* Count the evidence of the observations [from, ds->n_obs). 0, or -1 when
 * out of memory (nothing allocated). */
static int gather(const fp_dataset *ds, size_t from, unit_evidence *ev)
{
    size_t ni = ds->n_indicators;
    ev->match = calloc(ni * N_MULT + 1, sizeof *ev->match);
    ev->usable = calloc(ni + 1, sizeof *ev->usable);
    ev->above = calloc(ni + 1, 1);
    ev->touched = calloc(ni + 1, 1);
    if (!ev->match || !ev->usable || !ev->above || !ev->touched) {
        free(ev->match); free(ev->usable); free(ev->above); free(ev->touched);
        return -1;
    }
    for (size_t k = from; k < ds->n_obs; k++) {
        const fp_obs *ob = &ds->obs[k];
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        ev->touched[ob->indicator] = 1;
        if ((ob->flags & (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR))
            != (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR) || ob->missing != FP_MISSING_NONE
            || ox->denominator <= 0)
            continue;
        if (ox->numerator > ox->denominator) ev->above[ob->indicator] = 1;
        ev->usable[ob->indicator]++;
        double q = ox->numerator / ox->denominator;
        double half = fpc__half_unit(ob->value);
        for (size_t m = 0; m < N_MULT; m++) {
            double want = q * multipliers[m];
            /* Published values are rounded: allow 1%, or half a unit in the
             * last decimal place the value was published with (67 for a rate
             * of 66.8 per 10,000, 28.3 for 28.27%). */
            if (fabs(ob->value - want) <= fmax(0.01 * fabs(want), half) + 1e-9)
                ev->match[ob->indicator * N_MULT + m]++;
        }
    }
    return 0;
}

/* --unit and --polarity for indicator i where it has none. */
static void apply_defaults(const fpc_read_opts *o, fp_dataset *ds, size_t i)
{
    fp_unit ou = FP_UNIT_UNKNOWN;
    double om = 1;
    fp_polarity op = FP_POLARITY_NONE;
    int have_ou = o && o->unit && fp_unit_parse(o->unit, &ou, &om) == FP_OK;
    int have_op = o && o->polarity && fp_polarity_parse(o->polarity, &op) == FP_OK;
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
}

/* Infer indicator i's unit when exactly one multiplier explains 90% of its
 * usable rows, and say so; else say it cannot be inferred. */
static void infer_unit(const char *path, fp_dataset *ds, size_t i, const unit_evidence *ev,
                       fpc_diags *d)
{
    fp_indicator *ind = &ds->indicators[i];
    size_t best = N_MULT, n_full = 0, usable = ev->usable[i];
    for (size_t m = 0; m < N_MULT; m++)
        if (usable && ev->match[i * N_MULT + m] * 10 >= usable * 9) { best = m; n_full++; }
    if (usable && n_full == 1) {
        fp_indicator m = *ind;
        m.name = m.definition = m.source = NULL;
        double mult = multipliers[best];
        if (mult == 100) { m.unit = FP_UNIT_PERCENT; m.unit_label = "%"; }
        else if (mult == 1 && !ev->above[i]) { m.unit = FP_UNIT_PROPORTION; m.unit_label = "proportion"; }
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
                      ind->unit_label, mult, ev->match[i * N_MULT + best], usable);
    } else {
        fpc_diags_add(d, 0, path, 0, 0,
                      "indicator '%s': no unit given and it cannot be inferred%s; "
                      "give it with a unit column or --unit", ind->code,
                      usable ? " unambiguously from numerator and denominator"
                             : " (no rows with value, numerator and denominator)");
    }
}

/* A proportion cannot have a numerator above its denominator: report each
 * such row of [from, ds->n_obs) and drop its numerator and denominator. */
static void drop_counts_above(const char *path, fp_dataset *ds, size_t from, size_t num_col,
                              fpc_diags *d)
{
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
}

void fpc__post_file_checks(const char *path, const fpc_read_opts *o, fp_dataset *ds,
                           size_t from, size_t ind_from, size_t num_col, fpc_diags *d)
{
    (void)ind_from;
    unit_evidence ev;
    if (gather(ds, from, &ev) != 0) return;
    for (size_t i = 0; i < ds->n_indicators; i++) {
        if (!ev.touched[i]) continue;
        apply_defaults(o, ds, i);
        if (ds->indicators[i].unit == FP_UNIT_UNKNOWN) infer_unit(path, ds, i, &ev, d);
    }
    drop_counts_above(path, ds, from, num_col, d);
    free(ev.match); free(ev.usable); free(ev.above); free(ev.touched);
}
