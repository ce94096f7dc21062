/* inequality.h -- the quantile series of `fingerpost inequality`
 * (cli/inequality/): Fingertips' deprivation breakdowns grouped, and one
 * row per series. Private to the CLI; names start with iq_. */
#ifndef FP_CLI_INEQUALITY_H
#define FP_CLI_INEQUALITY_H

#include <stddef.h>
#include "cli.h"

/* One quantile series: an indicator of the data that is a deprivation
 * category, with its group (base + type) and rank. */
typedef struct qser {
    size_t ind, rank, of, group;
} qser;

/* The quantile series of the data (of indicator only, unless NULL) into
 * *qs (*nq; caller frees) and their groups' keys ("BASE/TYPE") into *gkey
 * (*ng; caller frees each and the array). */
void iq_series(const fp_dataset *ds, const char *indicator, qser **qs, size_t *nq,
               char ***gkey, size_t *ng);
/* One output row: the SII and RII (sii: the fp_sii options) of group g's
 * quantiles for area a, period p; a series that cannot be computed gets
 * its reason. */
void iq_series_row(fpc_table *t, const fp_dataset *ds, const qser *qs, size_t nq, size_t g,
                   size_t a, size_t p, const fp_sii_options *sii);

#endif /* FP_CLI_INEQUALITY_H */
