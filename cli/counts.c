/* counts.c -- counts derived from a partner indicator, for data that carry
 * values only (LAIT). A rate or proportion `value` per `multiplier` is
 * value = numerator / denominator * multiplier, so when the dataset holds
 * the numerator as its own count indicator (LACnum beside LAC, the number
 * of children looked after beside the rate per 10,000) the denominator is
 *     denominator = numerator * multiplier / value,
 * and when it holds the denominator (NoCareLeavers beside CareLeaversNEET)
 * the numerator is
 *     numerator = value * denominator / multiplier.
 * Published values are rounded, so derived counts are approximate. Used by
 * `fingerpost report` (intervals for LAIT values) and `fingerpost chart
 * funnel` (denominators for LAIT rates and proportions). */
#include "cli.h"

#include <math.h>
#include <stdio.h>

/* The non-missing value of (indicator, area, period), NaN when absent. */
static double partner_value(const fp_dataset *ds, size_t ind, size_t area, size_t period)
{
    const fp_obs *o;
    if (fp_dataset_lookup(ds, ind, area, period, &o) != FP_OK) return NAN;
    if (o->missing != FP_MISSING_NONE) return NAN;
    return o->value;
}

fpc_derive_status fpc_derive_counts(const fp_dataset *ds, const char *num_code,
                                    const char *den_code, size_t area, size_t period,
                                    double value, double multiplier, double *num, double *den,
                                    char *note, size_t note_size)
{
    *num = NAN; *den = NAN;
    if (note && note_size) note[0] = 0;
    if (isnan(value)) {
        if (note && note_size) snprintf(note, note_size, "no value");
        return FPC_DERIVE_NO_VALUE;
    }
    double m = multiplier > 0 ? multiplier : 1;
    size_t ci;
    int have_num = num_code && num_code[0], have_den = den_code && den_code[0];
    int found_num = have_num && fp_dataset_find_indicator(ds, num_code, &ci) == FP_OK;
    if (found_num) {
        double x = partner_value(ds, ci, area, period);
        if (!isnan(x) && value > 0) {
            *num = x;
            *den = x * m / value;
            if (note && note_size)
                snprintf(note, note_size, "%s = %.0f; derived denominator %.0f", num_code, x, *den);
            return FPC_DERIVE_DENOMINATOR;
        }
        if (!isnan(x) && value == 0) {
            if (note && note_size) snprintf(note, note_size, "value 0: denominator cannot be derived");
            return FPC_DERIVE_ZERO_VALUE;
        }
    }
    int found_den = have_den && fp_dataset_find_indicator(ds, den_code, &ci) == FP_OK;
    if (found_den) {
        double d = partner_value(ds, ci, area, period);
        if (!isnan(d) && d > 0) {
            *den = d;
            *num = value * d / m;
            if (note && note_size)
                snprintf(note, note_size, "%s = %.0f; derived numerator %.1f", den_code, d, *num);
            return FPC_DERIVE_NUMERATOR;
        }
    }
    if (!found_num && !found_den) {
        if (note && note_size) {
            if (!have_num && !have_den) snprintf(note, note_size, "no count indicator given");
            else snprintf(note, note_size, "count indicator %s not in the data",
                          have_num ? num_code : den_code);
        }
        return FPC_DERIVE_NO_PARTNER;
    }
    if (note && note_size) {
        if (value < 0)
            snprintf(note, note_size, "negative value: counts cannot be derived");
        else if (found_num && found_den)
            snprintf(note, note_size, "no value of %s or %s for this area and period",
                     num_code, den_code);
        else
            snprintf(note, note_size, "no %svalue of %s for this area and period",
                     found_num ? "" : "positive ", found_num ? num_code : den_code);
    }
    return FPC_DERIVE_NO_PARTNER_VALUE;
}
