/* report_run.h -- how `fingerpost report` runs, in steps (cmd_report.c only
 * parses options and calls these): load and prepare once (rp_run_load), build
 * each area's model (rp_report_build, report_model.c), draw every chart in one
 * batch (rp_make_charts), write each report's files (rp_report_write) and, for
 * several areas, index.html (rp_write_index). Private to the CLI; names start
 * with rp_ as in report.h. */
#ifndef FP_CLI_REPORT_RUN_H
#define FP_CLI_REPORT_RUN_H

#include <stdio.h>
#include <stddef.h>
#include "cli.h"
#include "io.h"
#include "report.h"

/* One scorecard definition (a council's plan) and whose plan each of its
 * rows is (plan_area): RP_PLAN_ANY when the row names none (it applies to
 * every area), RP_PLAN_NOWHERE when its area is not in the data, else the
 * area's index. area is the scorecard's (its first row naming one), name
 * as the scorecard writes it. */
typedef struct rp_plan {
    const char *path;
    rp_scorecard sc;
    size_t *row_plan;
    size_t area;
    const char *name;
} rp_plan;

/* What every area's report shares, loaded and prepared once: the
 * scorecards, the data (with the preparation options applied), the
 * neighbour model and the assessment context. plans[0] is the first
 * --scorecard: its indicators are every area's that has no plan of its
 * own among the others. The caller sets plans (path of each, the rest
 * zero), n_plans, prep, quant and gp before rp_run_load; rp_run_free frees plans. */
typedef struct rp_run {
    rp_plan *plans;
    size_t n_plans;
    rp_inputs in;
    fpc_diags diags;
    fpc_prep *prep;
    const fpc_quantile_opts *quant; /* --quantiles..: the caller's, never NULL */
    const fpc_goal_opts *gp;    /* --goal, --percentiles: the caller's, never NULL */
    const fp_neighbours *nb;
    fp_assess_context *ac;
    rp_ineq *ineq;              /* deprivation breakdowns, England's SIIs cached */
    char *dver;                 /* the data version shown */
    int shipped;                /* the shipped datasets/ */
    char generated[64];         /* the stamp of every report */
} rp_run;

#define RP_PLAN_ANY FP_ASSESS_NONE
#define RP_PLAN_NOWHERE (FP_ASSESS_NONE - 1)

/* ------------------------------------------------------ report_run.c */

/* Step 1: read the scorecards (R->plans) and the data (the files given, or
 * the shipped folder dd when ndata is 0) once and prepare them; nbver names
 * the neighbour model. Returns FPC_EXIT_OK, or FPC_EXIT_DATA with the reason
 * printed; *fatal is set when nothing can be reported (then rp_run_free
 * only). */
int rp_run_load(rp_run *R, const char *const *data, size_t ndata, const char *dd,
                const char *nbver, int *fatal);
void rp_run_free(rp_run *R);
/* The plan area a's report follows: its own among the scorecards, else
 * the first. */
const rp_plan *rp_plan_of(const rp_run *R, size_t a);
/* The area identity's row of area a when it records that the council has
 * ceased before the report's date, else NULL. */
const struct fpc_area_id *rp_former_council(const rp_run *R, size_t a);
/* --all-areas: former councils moved from areas (n) to *former (*n_former,
 * caller frees). Returns the areas kept. */
size_t rp_drop_former(const rp_run *R, size_t *areas, size_t n, size_t **former,
                      size_t *n_former);
/* An area named twice is reported once, in its first place, with a
 * warning. Returns the areas kept. */
size_t rp_drop_repeated_areas(const fp_dataset *ds, size_t *areas, size_t n);

/* ---------------------------------------------------- report_model.c */

/* Step 2: one area's report model: every scorecard line computed through
 * the assessment layer. Free with rp_report_free. */
void rp_report_build(const rp_run *R, size_t area, rp_report *r);
void rp_report_free(rp_report *r);

/* --------------------------------------------------- report_charts.c */

/* Draw the trend charts of n reports, report k into outdirs[k]/charts/, in
 * one batch run of the renderer (scripts in batchdir, NULL: the first
 * report's charts/); timeout as fpp_render_opts.timeout. Each line drawn
 * gets its chart's file name. Returns how many charts were drawn. */
size_t rp_make_charts(rp_report *reps, char *const *outdirs, size_t n, const char *batchdir,
                      double timeout);

/* ---------------------------------------------------- report_files.c */

/* mkdir -p: 0 when path is (now) a directory, -1 (errno set) otherwise. */
int rp_mkdir_p(const char *path);
/* "dir/name", caller frees. */
char *rp_join_path(const char *dir, const char *name);
/* Step 3: write one report's files into dir (which exists; charts drawn
 * already): scorecard.csv, scorecard.xlsx, scorecard.md, scorecard.html.
 * 0 ok, -1 (message printed). */
int rp_report_write(const char *dir, const rp_report *r);
/* The folder of an area's report under --areas/--all-areas ("343-Sefton"),
 * unique among the n folders already used. Caller frees. */
char *rp_area_folder(const fp_area *A, char *const *used, size_t n);

/* ---------------------------------------------------- report_index.c */

/* index.html of --areas/--all-areas into fp: reps[k] in folders[k]; the
 * former councils left out listed below. */
void rp_write_index(FILE *fp, const rp_report *reps, char *const *folders, size_t n,
                    const rp_run *R, const size_t *former, size_t n_former);

/* ------------------------------------------------------ report_set.c */

/* How a run's reports are written: into outdir (multi: a folder per area
 * and index.html), with charts or not (chart_timeout as
 * fpp_render_opts.timeout). */
typedef struct rp_set_opts {
    const char *outdir;
    int multi, charts;
    double chart_timeout;
} rp_set_opts;

/* The reports of one run: each area's model and its folder. */
typedef struct rp_set {
    rp_report *reps;
    char **folders;                 /* NULL entries for a single report */
    char **dirs;
    size_t n;
} rp_set;

/* Step 2: every area's model (areas, n_areas of them), in its folder (made
 * here). *rc becomes FPC_EXIT_DATA when a folder cannot be made (that area
 * is left out). Free with rp_set_free. */
void rp_build_set(const rp_run *R, const size_t *areas, size_t n_areas, const rp_set_opts *o,
                  rp_set *out, int *rc);
/* Step 3: every chart in one batch run, then every area's files (and the
 * index of several, with former councils left out), and the closing line
 * on stderr. *rc becomes FPC_EXIT_DATA when some file was not written. */
void rp_write_set(const rp_run *R, rp_set *x, size_t n_areas, const rp_set_opts *o,
                  const size_t *former, size_t n_former, int *rc);
void rp_set_free(rp_set *x);

#endif /* FP_CLI_REPORT_RUN_H */
