/* trend_rows.c -- the table of `fingerpost trend`: its columns, and one
 * row per selected series, computed on every core (--threads; the bytes are
 * the same whatever the number). */
#include "cli.h"
#include "trend_cli.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The output columns into names (room for 80 + wide->n; returns how many):
 * the series' identity, the --wide period cells, then each method's. */
size_t tr_column_names(const topts *o, const fpc_wide *wide, const char **names)
{
    size_t nc = 0;
    static const char *base[] = { "indicator", "indicator_name", "area_code", "area", "polarity",
        "unit", "first_period", "last_period", "n_points", "n_missing", "n_breaks", "series_break" };
    static const char *c_recent[] = { "recent_test", "recent_chi2", "recent_p", "recent_slope",
        "recent_label", "recent_reason" };
    static const char *c_mk[] = { "mk_n", "mk_s", "mk_tau", "mk_p", "mk_p_method", "sen_slope",
        "sen_lower", "sen_upper", "mk_label", "mk_reason" };
    static const char *c_apc[] = { "apc_family", "apc", "apc_lower", "apc_upper", "apc_p",
        "apc_dispersion", "apc_label", "apc_reason" };
    static const char *c_jp[] = { "jp_joinpoints", "jp_segments", "aapc", "aapc_lower",
        "aapc_upper", "jp_label", "jp_reason" };
    static const char *c_spc[] = { "spc_chart", "spc_segments", "spc_centre", "spc_lower",
        "spc_upper", "spc_special", "spc_improvement", "spc_concern", "spc_rule",
        "spc_variation", "spc_variation_type", "spc_assurance", "spc_assurance_type",
        "spc_reason" };
    static const char *c_points[] = { "indicator", "indicator_name", "area_code", "area",
        "period", "value", "segment", "chart", "centre", "lower", "upper", "lower2", "upper2",
        "moving_range", "baseline", "special_cause_type", "rule", "point_type", "variation",
        "reason" };
    static const char *c_proj[] = { "project_period", "project_fit", "project_lower",
        "project_upper", "project_outlook", "project_reason" };
#define ADD(arr) for (size_t k_ = 0; k_ < sizeof arr / sizeof *arr; k_++) names[nc++] = arr[k_]
    if (o->spc_points) {
        ADD(c_points);
        return nc;
    }
    ADD(base);
    for (size_t k = 0; k < wide->n; k++) names[nc++] = wide->names[k];
    if (o->methods & M_RECENT) ADD(c_recent);
    if (o->methods & M_MK) ADD(c_mk);
    if (o->methods & M_APC) ADD(c_apc);
    if (o->methods & M_JOIN) ADD(c_jp);
    if (o->methods & M_SPC) ADD(c_spc);
    if (o->methods & M_PROJECT) ADD(c_proj);
    names[nc++] = "la_number";
#undef ADD
    return nc;
}

/* The default columns into defaults (NULL-terminated; room for 81 +
 * wide->n). They answer "is it getting better or worse, and is that
 * real?": who, what, when, and each method's verdict with its headline
 * number. --wide keeps the identity, the values and the verdicts. */
void tr_default_columns(const topts *o, const fpc_wide *wide, const char **defaults)
{
    static const char *const def_long[] = { "indicator", "indicator_name", "area_code", "area",
        "polarity", "unit", "first_period", "last_period", "n_points", "series_break", NULL };
    static const char *const def_methods[] = { "recent_label", "mk_p", "sen_slope", "mk_label",
        "apc", "apc_lower", "apc_upper", "apc_label", "aapc", "jp_label", "spc_variation",
        "spc_assurance", "project_period", "project_fit", "project_lower", "project_upper",
        "project_outlook", "project_reason", NULL };
    static const char *const def_wide_methods[] = { "recent_label", "mk_label", "apc_label",
        "jp_label", "spc_variation", "project_period", "project_fit", "project_outlook", NULL };
    size_t nd = 0;
    if (o->spc_points) {   /* every column of the point rows */
        static const char *const def_points[] = { "indicator", "area_code", "area", "period",
            "value", "segment", "centre", "lower", "upper", "special_cause_type", "point_type",
            NULL };
        for (const char *const *d = def_points; *d; d++) defaults[nd++] = *d;
        defaults[nd] = NULL;
        return;
    }
    for (const char *const *d = def_long; *d; d++)
        if (!o->wide || (strcmp(*d, "first_period") && strcmp(*d, "last_period") && strcmp(*d, "n_points")
                         && strcmp(*d, "polarity") && strcmp(*d, "series_break")))
            defaults[nd++] = *d;
    for (size_t k = 0; k < wide->n; k++) defaults[nd++] = wide->names[k];
    for (const char *const *d = o->wide ? def_wide_methods : def_methods; *d; d++) defaults[nd++] = *d;
    defaults[nd] = NULL;
}

/* One series (or, with --spc-points, its points) as rows of tab; returns
 * the rows written. */
static size_t tr_series_rows(fpc_table *tab, const fp_dataset *ds, size_t i, size_t j,
                             const topts *o, sbuf *b, fp_spc_result **spc, const fpc_wide *wide)
{
    size_t ind = ds->obs[i].indicator, area = ds->obs[i].area;
    if (o->spc_points) return tr_spc_point_rows(tab, ds, ind, area, &ds->obs[i], j - i, o, b, spc);
    tr_do_series(tab, ds, ind, area, &ds->obs[i], j - i, o, b, spc, o->wide ? wide : NULL);
    return 1;
}

/* A worker: the series from .. to (series k is obs[starts[2k],
 * starts[2k + 1])) as rows of its own recorder, with its own workspaces.
 * Nothing it touches is shared but read-only data. */
typedef struct worker {
    const fp_dataset *ds;
    const topts *o;
    const fpc_wide *wide;
    const size_t *starts;
    size_t from, to, nrows;
    fpc_table rec;
    sbuf b;
    fp_spc_result *spc;
} worker;

static void *tr_worker_run_pairs(void *arg)
{
    worker *w = arg;
    for (size_t k = w->from; k < w->to; k++)
        w->nrows += tr_series_rows(&w->rec, w->ds, w->starts[2 * k], w->starts[2 * k + 1], w->o,
                                &w->b, &w->spc, w->wide);
    return NULL;
}

/* The number of worker threads: --threads, else every online core (at
 * most 64). */
static size_t tr_thread_count(const topts *o)
{
    if (o->threads > 0) return (size_t)o->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (size_t)n;
}

/* Every selected series, in the data's order, as rows of tab. Series are
 * independent, so with more than one thread they are computed in batches
 * of BATCH series, each batch cut into one contiguous slice per thread;
 * each thread writes its rows to its own recorder (fpc_table_record: the
 * cells formatted as tab would format them) and the recorders are
 * replayed into tab in slice order, so the output is the same bytes as
 * the serial run (tests/cli/test_trend_threads.sh). Memory: one batch's
 * rows. */
#define BATCH 4096

size_t tr_write_rows(fpc_table *tab, const fp_dataset *ds, const topts *o, const selection *sel,
                     const unsigned char *amask, const unsigned char *imask,
                     const fpc_wide *wide)
{
    /* The selected series: starts[k] .. starts[k + 1] in pairs (start, end). */
    size_t cap = 1024, n = 0;
    size_t *se = fpc_xmalloc(cap * 2 * sizeof *se);
    for (size_t i = 0; i < ds->n_obs;) {
        size_t j = i + 1;
        while (j < ds->n_obs && ds->obs[j].indicator == ds->obs[i].indicator
               && ds->obs[j].area == ds->obs[i].area) j++;
        size_t ind = ds->obs[i].indicator, area = ds->obs[i].area;
        if ((!sel->ninds || imask[ind]) && (!sel->nareas || amask[area])) {
            if (n == cap) { cap *= 2; se = fpc_xrealloc(se, cap * 2 * sizeof *se); }
            se[2 * n] = i;
            se[2 * n + 1] = j;
            n++;
        }
        i = j;
    }
    size_t nt = tr_thread_count(o), nrows = 0;
    if (nt > n) nt = n ? n : 1;
    worker *w = fpc_xmalloc(nt * sizeof *w);
    memset(w, 0, nt * sizeof *w);
    for (size_t t = 0; t < nt; t++) {
        w[t].ds = ds;
        w[t].o = o;
        w[t].wide = wide;
        if (nt > 1) fpc_table_record(&w[t].rec, tab);
    }
    for (size_t b0 = 0; b0 < n; b0 += BATCH) {
        size_t b1 = b0 + BATCH < n ? b0 + BATCH : n, per = (b1 - b0 + nt - 1) / nt;
        if (nt == 1) {
            for (size_t k = b0; k < b1; k++)
                nrows += tr_series_rows(tab, ds, se[2 * k], se[2 * k + 1], o, &w[0].b, &w[0].spc, wide);
        } else {
            pthread_t *th = fpc_xmalloc(nt * sizeof *th);
            int *started = fpc_xmalloc(nt * sizeof *started);
            for (size_t t = 0; t < nt; t++) {
                w[t].from = b0 + t * per < b1 ? b0 + t * per : b1;
                w[t].to = w[t].from + per < b1 ? w[t].from + per : b1;
                w[t].starts = se;
                w[t].nrows = 0;
                /* A thread that cannot be started does its slice here. */
                started[t] = t > 0 && pthread_create(&th[t], NULL, tr_worker_run_pairs, &w[t]) == 0;
            }
            for (size_t t = 0; t < nt; t++)
                if (!started[t]) tr_worker_run_pairs(&w[t]);
            for (size_t t = 0; t < nt; t++) {
                if (started[t]) pthread_join(th[t], NULL);
                fpc_table_replay(tab, &w[t].rec);
                nrows += w[t].nrows;
            }
            free(th);
            free(started);
        }
        fpc_progress("trend", b1, n);
    }
    for (size_t t = 0; t < nt; t++) {
        if (nt > 1) fpc_table_end(&w[t].rec);
        tr_sbuf_free(&w[t].b);
        fp_spc_result_free(w[t].spc);
    }
    free(w);
    free(se);
    return nrows;
}

/* Mark the selected areas and indicators in amask and imask (each one byte
 * per area or indicator). 0, or -1 when one is not in the data (reported). */
int tr_select_masks(const fp_dataset *ds, const selection *sel, unsigned char *amask,
                    unsigned char *imask)
{
    size_t *ix, nix;
    int ra = fpc_select_areas(ds, (const char *const *)sel->areas, sel->nareas, 0, &ix, &nix);
    for (size_t k = 0; k < nix; k++) amask[ix[k]] = 1;
    free(ix);
    int ri = fpc_select_indicators(ds, (const char *const *)sel->inds, sel->ninds, &ix, &nix);
    for (size_t k = 0; k < nix; k++) imask[ix[k]] = 1;
    free(ix);
    return ra != 0 || ri != 0 ? -1 : 0;
}
