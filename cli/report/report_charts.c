/* report_charts.c -- the report's trend charts: one per scorecard line with
 * a series, every report's drawn in one batch run of the renderer. */
#include "cli.h"
#include "report.h"
#include "report_run.h"
#include "plots.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The chart name of scorecard line `number`: "indicator_NUMBER", made
 * unique among the n file names already used (as fpp_safe_name turns them
 * into files): numbers that map to one file name ("1/1" and "1 1", or long
 * numbers sharing the first 120 characters) get "_2", "_3", ... so no
 * chart, alt text or table overwrites another's. */
static void unique_chart_name(const char *number, char *const *used, size_t n, char *name,
                              size_t size)
{
    for (size_t k = 1;; k++) {
        if (k == 1) snprintf(name, size, "indicator_%.100s", number);
        else snprintf(name, size, "indicator_%.100s_%zu", number, k);
        char *safe = fpp_safe_name(name);
        size_t i = 0;
        while (i < n && strcmp(used[i], safe)) i++;
        free(safe);
        if (i == n) return;
    }
}

/* One chart to draw: the report and line it belongs to. */
typedef struct chart_job {
    rp_report *r;
    size_t line;
} chart_job;

/* Make the trend chart of every line of r with a series (not yet drawn):
 * appended to charts/jobs/dirs (grown through *cap), each to be written to
 * dir. Chart names are unique within the report (unique_chart_name). */
static void add_charts(rp_report *r, const char *dir, fpp_chart ***charts, chart_job **jobs,
                       const char ***dirs, size_t *nc, size_t *cap)
{
    char **used = fpc_xmalloc((r->n ? r->n : 1) * sizeof *used);
    size_t nu = 0;
    for (size_t i = 0; i < r->n; i++) {
        rp_line *L = &r->lines[i];
        if (!L->has_data || !L->n_series) continue;
        size_t m = L->n_series;
        const char **per = fpc_xmalloc(m * sizeof *per);
        double *v = fpc_xmalloc(m * sizeof *v), *lo = fpc_xmalloc(m * sizeof *lo),
               *hi = fpc_xmalloc(m * sizeof *hi), *en = fpc_xmalloc(m * sizeof *en),
               *rg = fpc_xmalloc(m * sizeof *rg), *nbv = fpc_xmalloc(m * sizeof *nbv);
        fpp_sig *sig = fpc_xmalloc(m * sizeof *sig);
        for (size_t k = 0; k < m; k++) {
            const rp_point *p = &L->series[k];
            per[k] = p->label; v[k] = p->value; lo[k] = p->lower; hi[k] = p->upper;
            en[k] = p->england; rg[k] = p->region; nbv[k] = p->neighbours;
            sig[k] = fpp_sig_from_cmp(p->cmp_england);
        }
        char title[400], sub[300], name[160];
        snprintf(title, sizeof title, "%s %s", L->sc->number, L->sc->name);
        snprintf(sub, sizeof sub, "%s, %s (%s)", r->area_name, L->code,
                 L->unit_label ? L->unit_label : "");
        unique_chart_name(L->sc->number, used, nu, name, sizeof name);
        fpp_trend spec;
        memset(&spec, 0, sizeof spec);
        spec.title = title;
        spec.subtitle = sub;
        spec.ylabel = L->unit_label;
        spec.area_name = r->area_name;
        spec.n = m;
        spec.periods = per;
        spec.value = v; spec.lower = lo; spec.upper = hi; spec.sig = sig;
        spec.england = en; spec.region = rg; spec.region_name = L->region_name;
        spec.neighbours = nbv;
        spec.target = L->target_value;
        spec.dps = L->dps;
        spec.count = L->unit == FP_UNIT_COUNT;
        fpp_chart *ch = NULL;
        if (fpp_trend_chart(&spec, name, &ch) == FP_OK && ch) {
            if (*nc == *cap) {
                *cap = *cap * 2 + 16;
                *charts = fpc_xrealloc(*charts, *cap * sizeof **charts);
                *jobs = fpc_xrealloc(*jobs, *cap * sizeof **jobs);
                *dirs = fpc_xrealloc(*dirs, *cap * sizeof **dirs);
            }
            used[nu++] = fpp_safe_name(name);
            (*charts)[*nc] = ch;
            (*jobs)[*nc] = (chart_job){ r, i };
            (*dirs)[*nc] = dir;
            (*nc)++;
        }
        free(per); free(v); free(lo); free(hi); free(en); free(rg); free(nbv); free(sig);
    }
    for (size_t k = 0; k < nu; k++) free(used[k]);
    free(used);
}

static void chart_progress(void *label, size_t done, size_t total)
{
    fpc_progress(label, done, total);
}

/* Draw the charts of n reports, report k into outdirs[k]/charts/, in ONE
 * batch run of the renderer (fpp_render with a folder per chart): gnuplot
 * starts once per FPP_PER_PROCESS charts on every core, not once per
 * report. Each line drawn gets its chart file name (L->chart). The batch
 * scripts are written to batchdir. Charts that cannot be drawn are
 * warnings: the report is written without them. timeout is
 * fpp_render_opts.timeout (0 the default, < 0 no limit). Returns how many
 * charts were drawn. */
size_t rp_make_charts(rp_report *reps, char *const *outdirs, size_t n, const char *batchdir,
                      double timeout)
{
    size_t drawn = 0;
    fpp_chart **charts = NULL;
    chart_job *jobs = NULL;
    const char **dirs = NULL;
    char **cdirs = fpc_xmalloc((n ? n : 1) * sizeof *cdirs);
    size_t nc = 0, cap = 0;
    for (size_t k = 0; k < n; k++) {
        cdirs[k] = rp_join_path(outdirs[k], "charts");
        if (rp_mkdir_p(cdirs[k]) != 0) {
            fpc_warn(cdirs[k], 0, 0, "cannot create the charts directory: %s", strerror(errno));
            continue;
        }
        add_charts(&reps[k], cdirs[k], &charts, &jobs, &dirs, &nc, &cap);
    }
    const char *bdir = batchdir ? batchdir : n ? cdirs[0] : ".";
    fpp_result *res = fpc_xmalloc((nc ? nc : 1) * sizeof *res);
    fpp_render_opts ro;
    memset(&ro, 0, sizeof ro);
    /* One report's dozen charts: one gnuplot; many reports: every core. */
    ro.jobs = n > 1 ? 0 : 1;
    ro.timeout = timeout;
    ro.dirs = dirs;
    ro.progress = n > 1 ? chart_progress : NULL;
    ro.progress_ctx = (void *)"report: charts";
    int st = nc ? fpp_render(charts, nc, bdir, &ro, res) : FP_OK;
    if (st != FP_OK) {
        fpc_warn(NULL, 0, 0, "charts not drawn: %s%s", fp_strerror(st),
                 st == FP_ENOTFOUND ? " (is gnuplot installed?)" : "");
    } else {
        for (size_t k = 0; k < nc; k++) {
            rp_line *L = &jobs[k].r->lines[jobs[k].line];
            if (res[k].outcome == FPP_RENDERED && res[k].image) {
                drawn++;
                const char *slash = strrchr(res[k].image, '/');
                snprintf(L->chart, sizeof L->chart, "%s", slash ? slash + 1 : res[k].image);
            } else if (res[k].outcome == FPP_FAILED) {
                fpc_warn(NULL, 0, 0, "chart for %s%s%s failed: %s", L->sc->number,
                         n > 1 ? " of " : "", n > 1 ? jobs[k].r->area_name : "",
                         res[k].message ? res[k].message : "gnuplot error");
            }
            fpp_result_clear(&res[k]);
        }
    }
    for (size_t k = 0; k < nc; k++) fpp_chart_free(charts[k]);
    for (size_t k = 0; k < n; k++) free(cdirs[k]);
    free(charts); free(jobs); free(dirs); free(res); free(cdirs);
    return drawn;
}
