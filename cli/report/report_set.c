/* report_set.c -- the reports of one run (--area, or every area of --areas
 * and --all-areas): each area's model in its folder, every chart in one
 * batch, each report's files, and index.html with the closing line. */
#include "cli.h"
#include "report.h"
#include "report_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Every area's model, in its folder (made here). *rc becomes FPC_EXIT_DATA
 * when a folder cannot be made (that area is left out). */
void rp_build_set(const rp_run *R, const size_t *areas, size_t n_areas, const rp_set_opts *o,
                  rp_set *out, int *rc)
{
    out->reps = fpc_xmalloc(n_areas * sizeof *out->reps);
    out->folders = fpc_xmalloc(n_areas * sizeof *out->folders);
    out->dirs = fpc_xmalloc(n_areas * sizeof *out->dirs);
    size_t nr = 0;
    for (size_t k = 0; k < n_areas; k++) {
        if (o->multi) fpc_progress("report: areas", k, n_areas);
        const fp_area *A = &R->in.ds->areas[areas[k]];
        out->folders[nr] = o->multi ? rp_area_folder(A, out->folders, nr) : NULL;
        out->dirs[nr] = o->multi ? rp_join_path(o->outdir, out->folders[nr])
                                 : fpc_strdup(o->outdir);
        if (o->multi && rp_mkdir_p(out->dirs[nr]) != 0) {
            fpc_error(out->dirs[nr], 0, 0, "cannot create the output directory: %s",
                      strerror(errno));
            *rc = FPC_EXIT_DATA;
            free(out->folders[nr]);
            free(out->dirs[nr]);
            continue;
        }
        rp_report_build(R, areas[k], &out->reps[nr]);
        nr++;
    }
    if (o->multi) fpc_progress("report: areas", n_areas, n_areas);
    out->n = nr;
}

void rp_set_free(rp_set *x)
{
    for (size_t k = 0; k < x->n; k++) {
        rp_report_free(&x->reps[k]);
        free(x->folders[k]);
        free(x->dirs[k]);
    }
    free(x->reps); free(x->folders); free(x->dirs);
}

/* index.html of several reports, and the closing line: it says only what
 * was written ("with charts" when some chart was drawn, the folders whose
 * files were all written, and no "wrote index.html" when the index failed,
 * as on a full disk). written of n_areas folders were written. */
static void write_index_file(const rp_set_opts *o, const rp_run *R, const rp_set *x,
                             size_t n_areas, size_t written, size_t drawn,
                             const size_t *former, size_t n_former, int *rc)
{
    fpc_progress("report: files", x->n, x->n);
    char *path = rp_join_path(o->outdir, "index.html");
    fpc_out out;
    int index_ok = 0;
    if (fpc_out_open(&out, path) == 0) {
        rp_write_index(out.fp, x->reps, x->folders, x->n, R, former, n_former);
        index_ok = fpc_out_commit(&out) == 0;
    }
    if (!index_ok) *rc = FPC_EXIT_DATA;
    char folders_done[64];
    if (written == n_areas) snprintf(folders_done, sizeof folders_done, "%zu", written);
    else snprintf(folders_done, sizeof folders_done, "%zu of %zu", written, n_areas);
    fprintf(stderr, "fingerpost: %s%s %s %s scorecard folders%s (%zu indicators %s)\n",
            index_ok ? "wrote " : "", index_ok ? path : "index.html NOT written;",
            index_ok ? "and" : "wrote", folders_done,
            drawn ? " with charts" : o->charts ? " without charts (none could be drawn)" : "",
            R->plans[0].sc.n, R->n_plans > 1 ? "in the first scorecard's set" : "each");
    free(path);
}

/* Every chart in one batch run, then every area's files (and the index of
 * several). *rc becomes FPC_EXIT_DATA when some file was not written. */
void rp_write_set(const rp_run *R, rp_set *x, size_t n_areas, const rp_set_opts *o,
                  const size_t *former, size_t n_former, int *rc)
{
    size_t drawn = o->charts ? rp_make_charts(x->reps, x->dirs, x->n,
                                              o->multi ? o->outdir : NULL, o->chart_timeout)
                             : 0;
    size_t written = 0;
    for (size_t k = 0; k < x->n; k++) {
        if (o->multi) fpc_progress("report: files", k, x->n);
        if (rp_report_write(x->dirs[k], &x->reps[k]) != 0) {
            *rc = FPC_EXIT_DATA;
            continue;
        }
        written++;
        if (!o->multi)
            fprintf(stderr, "fingerpost: wrote %s/scorecard.html, scorecard.csv, scorecard.xlsx, "
                    "scorecard.md%s (%zu indicators, %s)\n", x->dirs[k],
                    drawn ? " and charts/" : o->charts ? "; no chart could be drawn" : "",
                    x->reps[k].n, x->reps[k].area_name);
    }
    if (o->multi)
        write_index_file(o, R, x, n_areas, written, drawn, former, n_former, rc);
}

