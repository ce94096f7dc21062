/* report_load.c -- data loading for `fingerpost report`: gathers the data
 * files (the ones given, or the shipped datasets/ as fpc_data_files lists
 * them) for the methods section, and reads exactly those with
 * the shared readers (io.h, fpc_inputs_load) into one indexed dataset and
 * the neighbour models. */
#include "cli.h"
#include "io.h"
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int rp_load(rp_inputs *in, const char *const *paths, size_t n, const char *datadir,
            fpc_diags *diags)
{
    memset(in, 0, sizeof *in);
    if (n) {
        in->files = fpc_xmalloc(n * sizeof *in->files);
        for (size_t i = 0; i < n; i++) in->files[in->n_files++] = fpc_strdup(paths[i]);
    } else {
        if (!datadir) {
            fpc_diags_add(diags, 1, NULL, 0, 0, "no --data given and the shipped datasets/ "
                          "folder was not found (set FINGERPOST_DATA)");
            return -1;
        }
        if (fpc_data_files(datadir, &in->files, &in->n_files) != 0) {
            fpc_diags_add(diags, 1, datadir, 0, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
    }
    fpc_inputs fin;
    memset(&fin, 0, sizeof fin);
    int rc = fpc_inputs_load(&fin, in->files, in->n_files, NULL, diags);
    in->ds = fin.ds;
    in->nbs = fin.nbs;
    in->n_nbs = fin.n_nbs;
    in->areas = fin.areas;
    if (!in->ds || in->ds->n_obs == 0) {
        fpc_diags_add(diags, 1, NULL, 0, 0, "no indicator values in the data files");
        return -1;
    }
    if (rc != 0)
        fpc_diags_add(diags, 0, NULL, 0, 0, "some data files could not be used; continuing "
                      "with the rest");
    return 0;
}

void rp_inputs_free(rp_inputs *in)
{
    fpc_inputs fin = { in->ds, in->nbs, in->n_nbs, in->areas };
    fpc_inputs_free(&fin);
    for (size_t i = 0; i < in->n_files; i++) free(in->files[i]);
    free(in->files);
    memset(in, 0, sizeof *in);
}
