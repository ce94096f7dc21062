/* wide.c -- periods across: the layout analysts paste into committee
 * papers, one row per indicator x area and one column per period holding
 * the values. Used by `trend --wide`; any command with series can reuse it:
 * fpc_wide_init finds the periods (columns), fpc_wide_cells writes one
 * row's value cells through the table writer. */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fpc_wide_init(fpc_wide *w, const fp_dataset *ds, const unsigned char *imask,
                  const unsigned char *amask)
{
    memset(w, 0, sizeof *w);
    unsigned char *used = calloc(ds->n_periods + 1, 1);
    if (!used) return -1;
    for (size_t i = 0; i < ds->n_obs; i++) {
        const fp_obs *o = &ds->obs[i];
        if ((imask && !imask[o->indicator]) || (amask && !amask[o->area])) continue;
        used[o->period] = 1;
    }
    w->periods = fpc_xmalloc((ds->n_periods + 1) * sizeof *w->periods);
    for (size_t p = 0; p < ds->n_periods; p++)
        if (used[p]) w->periods[w->n++] = p;
    free(used);
    /* Time order (fp_period_compare: by kind, then time); insertion sort,
     * the lists are short. */
    for (size_t i = 1; i < w->n; i++) {
        size_t v = w->periods[i], j = i;
        while (j > 0 && fp_period_compare(&ds->periods[w->periods[j - 1]].period,
                                          &ds->periods[v].period) > 0) {
            w->periods[j] = w->periods[j - 1];
            j--;
        }
        w->periods[j] = v;
    }
    w->col_of = fpc_xmalloc((ds->n_periods + 1) * sizeof *w->col_of);
    for (size_t p = 0; p < ds->n_periods; p++) w->col_of[p] = SIZE_MAX;
    w->names = fpc_xmalloc((w->n + 1) * sizeof *w->names);
    for (size_t i = 0; i < w->n; i++) {
        w->col_of[w->periods[i]] = i;
        w->names[i] = ds->periods[w->periods[i]].label;
    }
    return 0;
}

void fpc_wide_cells(fpc_table *t, const fpc_wide *w, const fp_dataset *ds, size_t ind, size_t area)
{
    /* The row's cells in scratch of its own, not in w: trend's threads
     * share w (it was a data race: rows with another series' values). */
    const fp_obs **cells = fpc_xmalloc((w->n + 1) * sizeof *cells);
    for (size_t i = 0; i < w->n; i++) cells[i] = NULL;
    const fp_obs *first;
    size_t n;
    if (fp_dataset_series(ds, ind, area, &first, &n) == FP_OK)
        for (size_t k = 0; k < n; k++)           /* a repeated period: the last wins */
            if (w->col_of[first[k].period] != SIZE_MAX) cells[w->col_of[first[k].period]] = &first[k];
    int dps = ds->indicators[ind].dps;
    for (size_t i = 0; i < w->n; i++) {
        const fp_obs *o = cells[i];
        if (!o) fpc_table_str(t, NULL);
        else if (o->missing == FP_MISSING_NONE && !isnan(o->value)) fpc_table_num_dp(t, o->value, dps);
        else if (o->missing == FP_MISSING_EMPTY || o->missing == FP_MISSING_NONE) fpc_table_str(t, NULL);
        else fpc_table_str(t, fp_missing_code((fp_missing)o->missing));
    }
    free(cells);
}

void fpc_wide_free(fpc_wide *w)
{
    free(w->periods);
    free(w->col_of);
    free(w->names);
    memset(w, 0, sizeof *w);
}
