/* chart.h -- the chart kinds of `fingerpost chart` (cli/chart/): the options
 * (parsed by cmd_chart.c), the context every kind builds in, the shared
 * helpers (chart_common.c), one builder per kind (kind_trend.c, kind_spc.c,
 * kind_compare.c, kind_spine.c, kind_funnel.c) and the run
 * (chart_run.c). Each builder hands a plain-array spec to the plots library
 * (plots.h) and keeps the chart (ch_keep), or records why none was made
 * (ch_not_made). Private to the CLI; names start with ch_. */
#ifndef FP_CLI_CHART_H
#define FP_CLI_CHART_H

#include <stddef.h>
#include "cli.h"
#include "plots.h"

struct fpc_inputs;

typedef enum { CH_TREND, CH_COMPARE, CH_SPINE, CH_SPC, CH_FUNNEL } ch_kind;
/* The kinds' names on the command line and in the manifest, by ch_kind. */
extern const char *const ch_kind_names[];

typedef struct ch_target_opt { char *code; fp_target target; } ch_target_opt;

typedef struct ch_opts {
    ch_kind kind;
    char **areas; size_t n_areas;
    int all_areas;
    char **inds; size_t n_inds;
    const char *period;
    const char *nbver;
    ch_target_opt *targets; size_t n_targets;
    size_t min_points;
    fpc_spc_opts spc;                 /* spc: --rebase, --fix-after-n-points, ... */
    char **num_codes; size_t n_num;   /* funnel: "[IND=]CODE" count indicators */
    char **den_codes; size_t n_den;
    fpc_funnel_opts funnel;           /* funnel: overdispersion */
    int statistic;                    /* funnel: -1 from the unit, else an fp_funnel_kind */
    fpp_render_opts render;
    const char *out;
    fpc_prep prep;                    /* shared dataset preparation */
} ch_opts;

/* Shared context for building charts. */
typedef struct ch_ctx {
    const fp_dataset *ds;
    const fp_neighbours *nb;
    const ch_opts *o;
    long england;
    /* The assessment layer (fingerpost/assess.h): the period rule, values,
     * intervals and comparators of compare, spine and trend charts. */
    fp_assess_context *ac;
    fp_assess_options ao;
    /* Per indicator: the sorted periods with any observation. */
    size_t *pidx; size_t n_p;
    /* Charts and their manifest identity. */
    fpp_chart **charts; size_t n_charts, cap;
    char **c_ind, **c_area;
    /* Charts or series that were not drawn at all (no chart object). */
    fpc_table *manifest;
    size_t n_not_made;
    /* Every chart name used so far (a hash set), across flushed chunks. */
    char **names; size_t names_cap, names_n;
    /* Rendering: options, outcome counts, progress. */
    fpp_render_opts *render;
    const char *out;
    size_t n_ok, n_failed, n_empty, done_before, total_est;
    int render_rc;
} ch_ctx;

/* Charts are rendered in chunks so memory stays bounded however many are
 * asked for (each chart holds its script and data until rendered). */
#define CH_CHUNK 2000

/* ------------------------------------------------ chart_common.c */

int ch_is_percent(const fp_indicator *ind);
/* The indicator's unit label (else its unit's name) and its title (name,
 * else code); owned by the dataset or static. */
const char *ch_unit_text(const fp_indicator *ind);
const char *ch_ind_title(const fp_indicator *ind);
/* "KIND_IND_AREA" into buf (n bytes); ch_keep makes it unique. */
void ch_chart_name(char *buf, size_t n, const char *kind, const char *ind, const char *area);
/* A chart or series not made, with the reason, as a manifest row. */
void ch_not_made(ch_ctx *c, const char *ind, const char *area, const char *reason);
/* Keep a built chart (the context owns it now, its name made unique) with
 * its identity; render the chunk when it is full (ch_flush). */
void ch_keep(ch_ctx *c, fpp_chart *ch, const char *ind, const char *area);
/* Render the charts kept so far, write their manifest rows and free them. */
void ch_flush(ch_ctx *c);
/* Sorted periods in which indicator ind has any observation, from its
 * latest declared break (into c->pidx, c->n_p). */
void ch_indicator_periods(ch_ctx *c, size_t ind);
/* The value of (ind, area, period), NaN when missing or area < 0. */
double ch_lookup_value(const fp_dataset *ds, size_t ind, long area, size_t period);
/* The --target value of indicator ind (England's latest value for the
 * national rules), NaN when none. */
double ch_target_for(const ch_ctx *c, size_t ind, double england_latest);

/* ------------------------------------------ one builder per kind */

void ch_build_trend(ch_ctx *c, size_t ind, size_t a);       /* kind_trend.c */
/* r: room for the series (fp_spc_result_alloc), grown as needed. */
void ch_build_spc(ch_ctx *c, size_t ind, size_t a, fp_spc_result *r);   /* kind_spc.c */
void ch_build_compare(ch_ctx *c, size_t ind, size_t a);     /* kind_compare.c */
/* kind_spine.c: whether indicator ind can be on a spine chart at all
 * (NULL) or why not; one spine of area a over the n_inds indicators
 * (excluded[k] non-NULL: left out). */
const char *ch_spine_excluded(const ch_ctx *c, size_t ind);
void ch_build_spine(ch_ctx *c, size_t a, const size_t *inds, const char *const *excluded,
                    size_t n_inds);
/* kind_funnel.c: one funnel of indicator ind in its period (--period or
 * its latest), every local authority against its denominator, area sel
 * (or none, -1) highlighted. */
void ch_build_funnel(ch_ctx *c, size_t ind, long sel);

/* --------------------------------------------------- chart_run.c */

/* Set up the context on the loaded data: England, the neighbour model,
 * the period asked for and the assessment context. Returns FPC_EXIT_OK or
 * FPC_EXIT_DATA (reported); the context is usable either way (free with
 * ch_free_context). */
int ch_init_context(ch_ctx *c, const fp_dataset *ds, const ch_opts *o,
                    const struct fpc_inputs *in);
/* The count indicators for derived funnel denominators must be in the
 * data: FPC_EXIT_OK, or FPC_EXIT_DATA with each missing one reported. */
int ch_check_count_codes(const fp_dataset *ds, const ch_opts *o);
/* Build the charts of the kind asked for, for the selected areas and
 * indicators, rendering them in chunks as they accumulate. */
void ch_build_all(ch_ctx *c, const size_t *areas, size_t n_areas, const size_t *inds,
                  size_t n_inds);
/* Render what is left, close the manifest mt (its file mo at mpath) and
 * summarise on stderr what was not drawn. FPC_EXIT_DATA when a chart
 * failed or the manifest could not be written, else FPC_EXIT_OK. */
int ch_finish(ch_ctx *c, fpc_table *mt, fpc_out *mo, const char *mpath);
void ch_free_context(ch_ctx *c);
/* Create the output directory if needed and make sure it is one: 0, or -1
 * with the error reported. */
int ch_make_out_dir(const char *dir);
/* DIR/manifest.csv opened (mo, its path *mpath: caller frees) and begun as
 * mt; the context set to write into it, to render into --out with render
 * (the options' own, written by ch_flush), and its
 * progress total estimated. 0, or -1 when it cannot be opened (reported). */
int ch_open_manifest(ch_ctx *c, const fp_dataset *ds, size_t n_areas, size_t n_inds,
                     fpp_render_opts *render, fpc_table *mt, fpc_out *mo, char **mpath);

#endif /* FP_CLI_CHART_H */
