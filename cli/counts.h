/* counts.h -- counts derived from another indicator (derive.c). Part of
 * the CLI's shared helpers (cli.h includes every one); names start with
 * fpc_. */
#ifndef FP_CLI_COUNTS_H
#define FP_CLI_COUNTS_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"
#include "out.h"
#include "table.h"
#include "safe_text.h"
#include "util.h"
#include "suggest.h"
#include "options.h"
#include "series.h"

/* ------------------------------------------- derived counts (counts.c) */

/* How fpc_derive_counts ended. */
typedef enum fpc_derive_status {
    FPC_DERIVE_DENOMINATOR = 0,   /* from the numerator indicator: den = num * m / value */
    FPC_DERIVE_NUMERATOR,         /* from the denominator indicator: num = value * den / m */
    FPC_DERIVE_NO_VALUE,          /* value is NaN */
    FPC_DERIVE_ZERO_VALUE,        /* the count is known but value is 0 */
    FPC_DERIVE_NO_PARTNER,        /* neither code given, or neither in the dataset */
    FPC_DERIVE_NO_PARTNER_VALUE   /* the count indicators have no usable value there */
} fpc_derive_status;

/* Counts of a value that the data give without them, from count indicators
 * in the same dataset: num_code names the numerator's indicator (LACnum
 * beside LAC), den_code the denominator's (NoCareLeavers beside
 * CareLeaversNEET); either may be NULL or "". value is the rate or
 * proportion of (area, period) per multiplier (<= 0 means 1). The numerator
 * indicator is tried first: with a non-missing count x and value > 0,
 * *num = x and *den = x * multiplier / value; value 0 stops there
 * (FPC_DERIVE_ZERO_VALUE). Else with a denominator d > 0, *den = d and
 * *num = value * d / multiplier. *num and *den are NaN unless a count was
 * derived. note (may be NULL) receives "CODE = x; derived denominator D",
 * "CODE = d; derived numerator N" or, on failure, why. Published values are
 * rounded, so derived counts are approximate. Both success statuses are
 * below FPC_DERIVE_NO_VALUE. */
fpc_derive_status fpc_derive_counts(const fp_dataset *ds, const char *num_code,
                                    const char *den_code, size_t area, size_t period,
                                    double value, double multiplier, double *num, double *den,
                                    char *note, size_t note_size);

#endif /* FP_CLI_COUNTS_H */
