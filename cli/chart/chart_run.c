/* chart_run.c -- one `chart` run on the loaded data: the context (England,
 * the neighbour model, the period, the assessment context), the count
 * indicators checked, every chart of the kind built, the rest rendered and
 * the manifest closed. */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Set up the charts' context on the loaded data: England, the neighbour
 * model, the period asked for and the assessment context. Returns
 * FPC_EXIT_OK or FPC_EXIT_DATA (reported); the context is usable either way. */
int ch_init_context(ch_ctx *c, const fp_dataset *ds, const ch_opts *o, const fpc_inputs *in)
{
    int rc = FPC_EXIT_OK;
    memset(c, 0, sizeof *c);
    c->ds = ds;
    c->o = o;
    c->england = -1;
    for (size_t a = 0; a < ds->n_areas; a++)
        if (ds->areas[a].kind == FP_AREA_COUNTRY) { c->england = (long)a; break; }
    if (c->england < 0) {
        size_t e;
        if (fp_dataset_find_area(ds, "England", &e) == FP_OK) c->england = (long)e;
    }
    if (fpc_prep_neighbours(in->nbs, in->n_nbs, o->nbver, &c->nb) != 0) rc = FPC_EXIT_DATA;
    fp_assess_options_default(&c->ao);
    if (o->period && strcmp(o->period, "latest")
        && fp_dataset_find_period(ds, o->period, &c->ao.period) != FP_OK) {
        fpc_error(NULL, 0, 0, "period '%s' is not in the data", o->period);
        rc = FPC_EXIT_DATA;
    }
    if (fp_assess_context_alloc(ds, c->nb, &c->ac) != FP_OK) {
        fpc_error(NULL, 0, 0, "out of memory");
        exit(FPC_EXIT_DATA);
    }
    return rc;
}

/* Whether indicator code is in the data; reported for option opt if not. */
static int count_code_known(const fp_dataset *ds, const char *opt, const char *code)
{
    size_t ix;
    if (fp_dataset_find_indicator(ds, code, &ix) == FP_OK) return 1;
    fpc_error(NULL, 0, 0, "--%s: no indicator '%s' in the data", opt, code);
    return 0;
}

/* The count indicators for derived funnel denominators (--numerator-code,
 * --denominator-code, CODE or IND=CODE) must be in the data, and so must
 * IND: FPC_EXIT_OK, or FPC_EXIT_DATA with each missing one reported. */
int ch_check_count_codes(const fp_dataset *ds, const ch_opts *o)
{
    int rc = FPC_EXIT_OK;
    for (int w = 0; w < 2; w++) {
        char **v = w ? o->den_codes : o->num_codes;
        size_t nv = w ? o->n_den : o->n_num;
        const char *opt = w ? "denominator-code" : "numerator-code";
        for (size_t i = 0; i < nv; i++) {
            const char *eq = strchr(v[i], '=');
            if (!count_code_known(ds, opt, eq ? eq + 1 : v[i])) rc = FPC_EXIT_DATA;
            if (eq) {
                char *ind = fpc_strdup(v[i]);
                ind[eq - v[i]] = '\0';
                if (!count_code_known(ds, opt, ind)) rc = FPC_EXIT_DATA;
                free(ind);
            }
        }
    }
    return rc;
}

/* Build the charts of the kind asked for, for the selected areas and
 * indicators, rendering them in chunks as they accumulate (keep). */
void ch_build_all(ch_ctx *c, const size_t *areas, size_t n_areas, const size_t *inds, size_t n_inds)
{
    const fp_dataset *ds = c->ds;
    const ch_opts *o = c->o;
    if (o->kind == CH_SPINE) {
        /* One chart per area; the indicators a spine cannot show are listed once. */
        const char **excl = fpc_xmalloc((n_inds ? n_inds : 1) * sizeof *excl);
        for (size_t i = 0; i < n_inds; i++) {
            excl[i] = ch_spine_excluded(c, inds[i]);
            if (excl[i]) ch_not_made(c, ds->indicators[inds[i]].code, NULL, excl[i]);
        }
        for (size_t k = 0; k < n_areas; k++) ch_build_spine(c, areas[k], inds, excl, n_inds);
        free(excl);
        return;
    }
    if (o->kind == CH_FUNNEL) {
        /* One chart per indicator, per --area when given (highlighting it). */
        for (size_t i = 0; i < n_inds; i++) {
            if (n_areas == 0) ch_build_funnel(c, inds[i], -1);
            for (size_t k = 0; k < n_areas && !o->all_areas; k++) ch_build_funnel(c, inds[i], (long)areas[k]);
            if (o->all_areas) ch_build_funnel(c, inds[i], -1);
        }
        return;
    }
    /* Trend, SPC and compare: one chart per indicator and area with data. */
    fp_spc_result *sr = NULL;
    if (o->kind == CH_SPC) {
        sr = fp_spc_result_alloc(ds->n_periods);
        if (!sr) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    }
    for (size_t i = 0; i < n_inds; i++) {
        size_t ind = inds[i];
        if (o->kind == CH_SPC) ch_indicator_periods(c, ind);
        for (size_t k = 0; k < n_areas; k++) {
            size_t a = areas[k];
            const fp_obs *first;
            size_t nobs;
            if (fp_dataset_series(ds, ind, a, &first, &nobs) != FP_OK || nobs == 0) {
                ch_not_made(c, ds->indicators[ind].code, ds->areas[a].code, "the area has no data for the indicator");
                continue;
            }
            if (o->kind == CH_TREND) ch_build_trend(c, ind, a);
            else if (o->kind == CH_SPC) ch_build_spc(c, ind, a, sr);
            else ch_build_compare(c, ind, a);
        }
    }
    fp_spc_result_free(sr);
}

/* Render what is left, close the manifest and summarise on stderr what was
 * not drawn. Returns FPC_EXIT_DATA when a chart failed or the manifest could
 * not be written, else FPC_EXIT_OK. */
int ch_finish(ch_ctx *c, fpc_table *mt, fpc_out *mo, const char *mpath)
{
    int rc = FPC_EXIT_OK;
    ch_flush(c);
    if (fpc_progress_enabled() && c->done_before && c->total_est > c->done_before)
        fpc_progress("charts", c->done_before, c->done_before);
    if (c->render_rc != FP_OK) rc = FPC_EXIT_DATA;
    fpc_table_end(mt);
    if (fpc_out_commit(mo) != 0) rc = FPC_EXIT_DATA;
    if (c->n_failed) rc = FPC_EXIT_DATA;
    if (c->n_failed || c->n_empty || c->n_not_made)
        fprintf(stderr, "fingerpost chart: %zu charts written, %zu skipped, %zu failed (see %s)\n",
                c->n_ok, c->n_empty + c->n_not_made, c->n_failed, mpath);
    return rc;
}

void ch_free_context(ch_ctx *c)
{
    for (size_t i = 0; i < c->names_cap; i++) free(c->names[i]);
    free(c->names);
    free(c->charts); free(c->c_ind); free(c->c_area); free(c->pidx);
    fp_assess_context_free(c->ac);
}

/* Create the output directory if needed and make sure it is one: 0, or -1
 * with the error reported. */
int ch_make_out_dir(const char *dir)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fpc_error(dir, 0, 0, "cannot create the output directory: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fpc_error(dir, 0, 0, "not a directory");
        return -1;
    }
    return 0;
}

/* DIR/manifest.csv opened (mo, its path *mpath: caller frees) and begun as
 * mt, the context set to write into it and to render into --out; the
 * progress total estimated from the areas and indicators. 0, or -1 when
 * it cannot be opened (reported). */
int ch_open_manifest(ch_ctx *c, const fp_dataset *ds, size_t n_areas, size_t n_inds,
                     fpp_render_opts *render, fpc_table *mt, fpc_out *mo, char **mpath)
{
    const ch_opts *o = c->o;
    *mpath = fpc_xmalloc(strlen(o->out) + 16);
    sprintf(*mpath, "%s/manifest.csv", o->out);
    if (fpc_out_open(mo, *mpath) != 0) {
        free(*mpath);
        return -1;
    }
    static const char *const mcols[] = { "kind", "chart", "indicator", "area", "file", "file_type",
                                         "status", "series", "reason" };
    fpc_table_begin(mt, mo->fp, FPC_TABLE_CSV, mcols, 9);
    fpc_table_meta(mt, "methods_version", FP_METHODS_VERSION);
    fpc_table_meta(mt, "data_version", ds->version ? ds->version : "");
    c->manifest = mt;
    c->render = render;
    c->out = o->out;
    c->total_est = o->kind == CH_SPINE ? n_areas
                 : o->kind == CH_FUNNEL ? n_inds * (n_areas && !o->all_areas ? n_areas : 1)
                 : n_inds * n_areas;
    return 0;
}
