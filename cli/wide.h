/* wide.h -- periods across, for --wide tables (wide.c). Part of the CLI's
 * shared helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_WIDE_H
#define FP_CLI_WIDE_H

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
#include "counts.h"
#include "prepare.h"

/* ---------------------------------------------- periods across (wide.c) */

/* Periods across: one column per period, in time order. */
typedef struct fpc_wide {
    size_t *periods, n;      /* the periods (indices into ds->periods), in time order */
    const char **names;      /* their labels as published: the column names */
    size_t *col_of;          /* ds->n_periods entries: column of a period, SIZE_MAX none */
} fpc_wide;

/* The periods in which any selected series (imask[indicator] and
 * amask[area] nonzero; a NULL mask selects all) has an observation. The
 * dataset must be indexed. 0 ok, -1 out of memory. */
int fpc_wide_init(fpc_wide *w, const fp_dataset *ds, const unsigned char *imask,
                  const unsigned char *amask);
/* Write w->n cells: the value of (ind, area) in each period at the
 * indicator's decimal places (dps, else 15 significant digits), the status
 * code as published for a suppressed or unavailable value ("c", "x"), and
 * an empty cell when there is no observation. */
void fpc_wide_cells(fpc_table *t, const fpc_wide *w, const fp_dataset *ds, size_t ind, size_t area);
void fpc_wide_free(fpc_wide *w);

#endif /* FP_CLI_WIDE_H */
