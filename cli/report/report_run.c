/* report_run.c -- what every area's report shares, loaded and prepared once
 * (the scorecards with whose plan each row is, the data, the neighbour
 * model, the assessment context), and the choice of areas to report on
 * (former councils, areas named twice). */
#include "cli.h"
#include "report.h"
#include "report_run.h"
#include "io.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Whose plan each row of P is (plan.row_plan, area, name): a plan's
 * targets, milestones, published figures and title belong to its area
 * (docs/methods.md, "Scorecard report"). */
static void resolve_plan(const rp_run *R, rp_plan *P)
{
    P->row_plan = fpc_xmalloc((P->sc.n ? P->sc.n : 1) * sizeof *P->row_plan);
    P->area = RP_PLAN_ANY;
    P->name = NULL;
    for (size_t i = 0; i < P->sc.n; i++) {
        const rp_sc_row *s = &P->sc.rows[i];
        size_t a;
        if (!s->plan_area[0]) P->row_plan[i] = RP_PLAN_ANY;
        else if (fpc_find_area_any(R->in.ds, s->plan_area, &a) == FP_OK) P->row_plan[i] = a;
        else P->row_plan[i] = RP_PLAN_NOWHERE;
        if (s->plan_area[0] && !P->name) {
            P->name = s->plan_area;
            P->area = P->row_plan[i];
            if (P->area == RP_PLAN_NOWHERE)
                fpc_warn(P->path, s->line, 0, "plan_area '%s' is not in the data: the "
                         "plan's targets and published figures apply to no area", s->plan_area);
        }
    }
}

/* Every scorecard's plan (resolve_plan). A further --scorecard must be a
 * council's own plan, for a council no earlier one is for: otherwise it
 * is left out, with a warning. */
static void resolve_plans(rp_run *R)
{
    for (size_t k = 0; k < R->n_plans; k++) resolve_plan(R, &R->plans[k]);
    for (size_t k = 1; k < R->n_plans; k++) {
        rp_plan *P = &R->plans[k];
        const char *why = P->area == RP_PLAN_ANY ? "it names no plan_area"
                        : P->area == RP_PLAN_NOWHERE ? "its plan_area is not in the data" : NULL;
        for (size_t j = 0; j < k && !why; j++)
            if (R->plans[j].area == P->area) why = "an earlier --scorecard is that area's plan";
        if (why) {
            fpc_warn(P->path, 0, 0, "not used: %s (a further --scorecard is one council's "
                     "own plan)", why);
            P->area = RP_PLAN_NOWHERE;
        }
    }
}

/* The plan area a's report follows: its own among the scorecards, else
 * the first (whose targets then apply only if it is a's or names none). */
const rp_plan *rp_plan_of(const rp_run *R, size_t a)
{
    for (size_t k = 1; k < R->n_plans; k++)
        if (R->plans[k].area == a) return &R->plans[k];
    return &R->plans[0];
}

/* Step 1: read the scorecard and the data once and prepare them. Returns
 * FPC_EXIT_OK, or FPC_EXIT_DATA with the reason printed; *fatal is set
 * when nothing can be reported (then rp_run_free only). */
int rp_run_load(rp_run *R, const char *const *data, size_t ndata, const char *dd,
                const char *nbver, int *fatal)
{
    *fatal = 1;
    fpc_diags_init(&R->diags);
    /* The data's problems are shown as they are found, as in every command
     * that reads data: errors always, warnings as --quiet / --verbose say
     * (issue 22: report showed none, even with --verbose). */
    R->diags.echo = 1;
    R->diags.max_kept = 1;
    for (size_t k = 0; k < R->n_plans; k++)
        if (rp_scorecard_read(R->plans[k].path, &R->plans[k].sc) != 0) return FPC_EXIT_DATA;
    int lrc = rp_load(&R->in, data, ndata, dd, &R->diags);
    fpc_diags_summary(&R->diags);
    if (lrc != 0) return FPC_EXIT_DATA;
    if (R->diags.n_errors)
        fpc_warn(NULL, 0, 0, "%zu problems in the data files (run 'fingerpost validate' for "
                 "details); continuing", R->diags.n_errors);
    int rc = FPC_EXIT_OK;
    fp_dataset *ds = R->in.ds;
    for (size_t k = 0; k < R->n_plans; k++) fpc_prep_use_scorecard(R->prep, &R->plans[k].sc);
    if (fpc_prep_apply(R->prep, ds) != 0) rc = FPC_EXIT_DATA;
    for (size_t k = 0; k < R->in.n_nbs; k++)
        if (R->in.nbs[k] && R->in.nbs[k]->version && !strcmp(R->in.nbs[k]->version, nbver))
            R->nb = R->in.nbs[k];
    if (!R->nb)
        fpc_warn(NULL, 0, 0, "statistical neighbour model '%s' not loaded: no neighbour values",
                 nbver);
    if (fp_assess_context_alloc(ds, R->nb, &R->ac) != FP_OK) {
        fpc_error(NULL, 0, 0, "out of memory");
        return FPC_EXIT_DATA;
    }
    R->ineq = fpc_xmalloc(sizeof *R->ineq);
    rp_ineq_init(R->ineq, ds);
    const char *v = ds->version && *ds->version ? ds->version : "";
    const char *pre = ndata ? "" : "DfE LAIT (April 2026), DfE EES and OHID Fingertips extracts, "
                                   "illustrative local example (shipped datasets/): ";
    size_t m = strlen(pre) + strlen(v) + 1;
    R->dver = fpc_xmalloc(m);
    snprintf(R->dver, m, "%s%s", pre, v);
    R->shipped = ndata == 0;
    resolve_plans(R);
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the stamp, so the
     * same data and scorecard give byte-identical reports. */
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long e = strtoll(sde, &end, 10);
        if (*end == '\0' && e >= 0) now = (time_t)e;
    }
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(R->generated, sizeof R->generated, "%Y-%m-%d %H:%M UTC", &tmv);
    *fatal = 0;
    return rc;
}

void rp_run_free(rp_run *R)
{
    rp_ineq_free(R->ineq);
    free(R->ineq);
    fp_assess_context_free(R->ac);
    rp_inputs_free(&R->in);   /* also what a failed rp_load read */
    fpc_diags_free(&R->diags);
    for (size_t k = 0; k < R->n_plans; k++) {
        rp_scorecard_free(&R->plans[k].sc);
        free(R->plans[k].row_plan);
    }
    free(R->plans);
    free(R->dver);
}

/* The area identity's row of area a when it records that the council has
 * ceased (a valid_to date not after the report's date: 835 "Dorset (Pre
 * LG)", 2019-03-31), else NULL. */
const struct fpc_area_id *rp_former_council(const rp_run *R, size_t a)
{
    const fp_area *A = &R->in.ds->areas[a];
    if (!R->in.areas || A->kind != FP_AREA_LA) return NULL;
    const fpc_area_id *id = fpc_areas_find(R->in.areas, A->code);
    if (!id && A->old_code && *A->old_code) id = fpc_areas_find(R->in.areas, A->old_code);
    if (!id || !*id->valid_to) return NULL;
    /* R->generated starts "YYYY-MM-DD": ISO dates compare as text. */
    return strncmp(id->valid_to, R->generated, 10) <= 0 ? id : NULL;
}

/* --all-areas: councils that no longer exist are left out (their "latest"
 * figures are years old), moved from areas (n) to *former (*n_former,
 * caller frees). Returns the areas kept. */
size_t rp_drop_former(const rp_run *R, size_t *areas, size_t n, size_t **former,
                      size_t *n_former)
{
    size_t kept = 0;
    *former = fpc_xmalloc((n ? n : 1) * sizeof **former);
    *n_former = 0;
    for (size_t k = 0; k < n; k++) {
        if (rp_former_council(R, areas[k])) (*former)[(*n_former)++] = areas[k];
        else areas[kept++] = areas[k];
    }
    return kept;
}

/* An area named twice in --areas ("Sefton,343", or --areas Sefton
 * --areas Sefton) is reported once, in its first place, with a warning.
 * Returns the areas kept. */
size_t rp_drop_repeated_areas(const fp_dataset *ds, size_t *areas, size_t n)
{
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = 0;
        while (j < kept && areas[j] != areas[k]) j++;
        if (j < kept) {
            fpc_warn(NULL, 0, 0, "area %s named more than once: reported once",
                     ds->areas[areas[k]].name);
            continue;
        }
        areas[kept++] = areas[k];
    }
    return kept;
}
