/* chart_common.c -- what every chart kind shares: the unit and title of an
 * indicator, chart names made unique, the manifest rows, and the charts kept
 * and rendered in chunks (ch_keep, ch_flush). */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const ch_kind_names[] = { "trend", "compare", "spine", "spc", "funnel" };

static double ch_obs_value(const fp_obs *o)
{
    return o && o->missing == FP_MISSING_NONE ? o->value : NAN;
}

int ch_is_percent(const fp_indicator *ind)
{
    return ind->unit == FP_UNIT_PERCENT || ind->unit == FP_UNIT_PROPORTION;
}

const char *ch_unit_text(const fp_indicator *ind)
{
    return ind->unit_label && *ind->unit_label ? ind->unit_label : fp_unit_name(ind->unit);
}

const char *ch_ind_title(const fp_indicator *ind)
{
    return ind->name && *ind->name ? ind->name : ind->code;
}


static const ch_target_opt *ch_find_target(const ch_opts *o, const char *code)
{
    for (size_t i = 0; i < o->n_targets; i++)
        if (!strcmp(o->targets[i].code, code)) return &o->targets[i];
    return NULL;
}

static void manifest_row(fpc_table *t, const char *kind, const char *chart, const char *ind,
                         const char *area, const char *file, const char *type,
                         const char *status, const char *series, const char *reason)
{
    fpc_table_str(t, kind);
    fpc_table_str(t, chart);
    fpc_table_str(t, ind);
    fpc_table_str(t, area);
    fpc_table_str(t, file);
    fpc_table_str(t, type);
    fpc_table_str(t, status);
    fpc_table_str(t, series);
    fpc_table_str(t, reason);
}

void ch_not_made(ch_ctx *c, const char *ind, const char *area, const char *reason)
{
    manifest_row(c->manifest, ch_kind_names[c->o->kind], NULL, ind, area, NULL, NULL, "skipped",
                 NULL, reason);
    c->n_not_made++;
}

static int name_used(const ch_ctx *c, const char *name)
{
    if (!c->names_cap) return 0;
    for (size_t i = fpc_hash_str(name) & (c->names_cap - 1);; i = (i + 1) & (c->names_cap - 1)) {
        if (!c->names[i]) return 0;
        if (!strcmp(c->names[i], name)) return 1;
    }
}

static void name_add(ch_ctx *c, const char *name)
{
    if (2 * (c->names_n + 1) > c->names_cap) {
        size_t cap = c->names_cap ? 2 * c->names_cap : 1024;
        char **nv = calloc(cap, sizeof *nv);
        if (!nv) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
        for (size_t i = 0; i < c->names_cap; i++) {
            if (!c->names[i]) continue;
            size_t j = fpc_hash_str(c->names[i]) & (cap - 1);
            while (nv[j]) j = (j + 1) & (cap - 1);
            nv[j] = c->names[i];
        }
        free(c->names);
        c->names = nv;
        c->names_cap = cap;
    }
    size_t j = fpc_hash_str(name) & (c->names_cap - 1);
    while (c->names[j]) j = (j + 1) & (c->names_cap - 1);
    c->names[j] = fpc_strdup(name);
    c->names_n++;
}

static void progress_cb(void *ctx_, size_t done, size_t total)
{
    const ch_ctx *c = ctx_;
    size_t all = c->done_before + total;
    fpc_progress("charts", c->done_before + done, c->total_est > all ? c->total_est : all);
}

/* Render the charts kept so far, write their manifest rows and free them. */
void ch_flush(ch_ctx *c)
{
    if (c->n_charts == 0) return;
    fpp_result *res = fpc_xmalloc(c->n_charts * sizeof *res);
    if (fpc_progress_enabled()) {
        c->render->progress = progress_cb;
        c->render->progress_ctx = c;
    }
    int prc = fpp_render(c->charts, c->n_charts, c->out, c->render, res);
    if (prc != FP_OK && c->render_rc == FP_OK) {
        c->render_rc = prc;
        if (prc == FP_ENOTFOUND)
            fpc_error(NULL, 0, 0, "cannot run gnuplot (install gnuplot-nox, or set FINGERPOST_GNUPLOT)");
        else
            fpc_error(NULL, 0, 0, "rendering failed: %s", fp_strerror(prc));
    }
    fpc_table *mt = c->manifest;
    const char *kname = ch_kind_names[c->o->kind];
    for (size_t i = 0; i < c->n_charts; i++) {
        fpp_chart *chp = c->charts[i];
        fpp_result *r = &res[i];
        const char *ci = c->c_ind[i], *ca = c->c_area[i];
        const char *status = r->outcome == FPP_RENDERED ? "written"
                           : r->outcome == FPP_SKIPPED ? "skipped" : "failed";
        if (r->outcome == FPP_RENDERED) c->n_ok++;
        else if (r->outcome == FPP_SKIPPED) c->n_empty++;
        else {
            c->n_failed++;
            fpc_error(NULL, 0, 0, "chart %s failed: %s", chp->name, r->message ? r->message : "");
        }
        if (r->image) manifest_row(mt, kname, chp->name, ci, ca, r->image, "image", status, NULL, NULL);
        if (r->script) manifest_row(mt, kname, chp->name, ci, ca, r->script, "script", status, NULL, NULL);
        if (r->data) manifest_row(mt, kname, chp->name, ci, ca, r->data, "data", status, NULL, NULL);
        if (r->table) manifest_row(mt, kname, chp->name, ci, ca, r->table, "table", status, NULL, NULL);
        if (r->alt) manifest_row(mt, kname, chp->name, ci, ca, r->alt, "alt text", status, NULL, NULL);
        if (r->outcome == FPP_FAILED)
            manifest_row(mt, kname, chp->name, ci, ca, NULL, "image", "failed", NULL,
                         r->message ? r->message : "gnuplot failed");
        if (r->outcome == FPP_SKIPPED)
            manifest_row(mt, kname, chp->name, ci, ca, NULL, NULL, "skipped", NULL,
                         "nothing to plot: every series is empty or missing");
        for (size_t s = 0; s < chp->n_skipped; s++)
            manifest_row(mt, kname, chp->name, ci, ca, NULL, "series", "skipped series",
                         chp->skipped_series[s], chp->skipped_reasons[s]);
        fpp_result_clear(r);
        fpp_chart_free(chp);
        free(c->c_ind[i]);
        free(c->c_area[i]);
    }
    c->done_before += c->n_charts;
    c->n_charts = 0;
    free(res);
}

/* Keep a built chart (making its name unique) with its identity; render
 * the chunk when it is full. */
void ch_keep(ch_ctx *c, fpp_chart *ch, const char *ind, const char *area)
{
    if (name_used(c, ch->name)) {
        size_t len = strlen(ch->name) + 24;
        char *nm = fpc_xmalloc(len);
        for (unsigned k = 2;; k++) {
            snprintf(nm, len, "%s_%u", ch->name, k);
            if (!name_used(c, nm)) break;
        }
        free(ch->name);
        ch->name = nm;
    }
    name_add(c, ch->name);
    if (c->n_charts == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->charts = fpc_xrealloc(c->charts, c->cap * sizeof *c->charts);
        c->c_ind = fpc_xrealloc(c->c_ind, c->cap * sizeof *c->c_ind);
        c->c_area = fpc_xrealloc(c->c_area, c->cap * sizeof *c->c_area);
    }
    c->charts[c->n_charts] = ch;
    c->c_ind[c->n_charts] = fpc_strdup(ind ? ind : "");
    c->c_area[c->n_charts] = fpc_strdup(area ? area : "");
    c->n_charts++;
    if (c->n_charts >= CH_CHUNK) ch_flush(c);
}

void ch_chart_name(char *buf, size_t n, const char *kind, const char *ind, const char *area)
{
    snprintf(buf, n, "%s_%s%s%s", kind, ind ? ind : "", area ? "_" : "", area ? area : "");
}

/* The region area of an LA, or -1. */
/* Sorted periods in which indicator ind has any observation. */
void ch_indicator_periods(ch_ctx *c, size_t ind)
{
    const fp_dataset *ds = c->ds;
    char *seen = calloc(ds->n_periods ? ds->n_periods : 1, 1);
    if (!seen) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *first;
        size_t n;
        if (fp_dataset_series(ds, ind, a, &first, &n) != FP_OK) continue;
        for (size_t k = 0; k < n; k++) seen[first[k].period] = 1;
    }
    c->n_p = 0;
    c->pidx = fpc_xrealloc(c->pidx, (ds->n_periods ? ds->n_periods : 1) * sizeof *c->pidx);
    for (size_t p = 0; p < ds->n_periods; p++)
        if (seen[p]) c->pidx[c->n_p++] = p;
    /* Insertion sort by period order (few periods). */
    for (size_t i = 1; i < c->n_p; i++) {
        size_t v = c->pidx[i], j = i;
        while (j > 0 && fp_period_compare(&ds->periods[c->pidx[j - 1]].period, &ds->periods[v].period) > 0) {
            c->pidx[j] = c->pidx[j - 1];
            j--;
        }
        c->pidx[j] = v;
    }
    free(seen);
    /* A declared methodology break: the SPC chart starts there, as trend's
     * and the assessment's series do (fp_dataset_series_start). */
    fp_period from;
    if (c->n_p && fp_dataset_series_start(ds, ind, &ds->periods[c->pidx[c->n_p - 1]].period,
                                          &from, NULL)) {
        size_t k = 0;
        for (size_t i = 0; i < c->n_p; i++) {
            const fp_period *p = &ds->periods[c->pidx[i]].period;
            if (fp_period_class(p) == fp_period_class(&from)
                && fp_period_index(p) < fp_period_index(&from))
                continue;
            c->pidx[k++] = c->pidx[i];
        }
        c->n_p = k;
    }
}

double ch_lookup_value(const fp_dataset *ds, size_t ind, long area, size_t period)
{
    const fp_obs *o;
    if (area < 0 || fp_dataset_lookup(ds, ind, (size_t)area, period, &o) != FP_OK) return NAN;
    return ch_obs_value(o);
}

double ch_target_for(const ch_ctx *c, size_t ind, double england_latest)
{
    const ch_target_opt *t = ch_find_target(c->o, c->ds->indicators[ind].code);
    double v;
    if (!t || fp_target_value(&t->target, england_latest, &v) != FP_OK) return NAN;
    return v;
}

