/* trend_cli.h -- the machinery of `fingerpost trend` (cli/trend/): the options
 * (parsed by cmd_trend.c), one series' working arrays, and the table's
 * columns and rows. Private to the CLI; names start with tr_. */
#ifndef FP_CLI_TREND_CLI_H
#define FP_CLI_TREND_CLI_H

#include <stddef.h>
#include "cli.h"

/* The methods asked for (--method), as bits of topts.methods. */
enum {
    M_RECENT = 1u << 0, M_MK = 1u << 1, M_APC = 1u << 2, M_JOIN = 1u << 3,
    M_SPC = 1u << 4, M_PROJECT = 1u << 5
};

typedef struct topts {
    unsigned methods;
    fp_trend_options tr;
    fpc_table_opts tab;
    int wide;                    /* --wide: periods across */
    const char *output;
    const char *project_to;      /* period label, or NULL */
    fp_period project_period;
    double target;
    fp_projection_model projection;
    fpc_spc_opts spc;            /* --rebase, --fix-after-n-points, ... */
    int spc_points;              /* --spc-points: one row per SPC point */
    long threads;                /* --threads: worker threads (0: every core) */
} topts;

/* Working arrays for one series. */
typedef struct sbuf {
    size_t cap, n;
    double *t, *v, *lo, *up, *x, *d;
    size_t *obs;              /* index of the observation behind each point */
    double *dv, *dx, *dd;     /* dense (gap-filled) arrays for SPC */
    size_t dcap;
} sbuf;

/* One series as the trend methods take it: the observations of the class of
 * the latest one (others are dropped, counted as excluded through n_points
 * vs the data) copied into b, and how many have counts and intervals. */
typedef struct series_in {
    fp_trend_series s;
    long cls;             /* period class of the latest observation */
    size_t n_num, n_ci;   /* points with numerator and denominator; with a 95% CI */
    fp_trend_gaps g;
    char brk[200];        /* "from P: reason" when a declared methodology break
                             cut the series, else "" */
} series_in;

/* The --area and --indicator values as given. */
typedef struct selection {
    char **areas, **inds;
    size_t nareas, ninds;
} selection;

/* ------------------------------------------------ trend_data.c */

/* Fill b and in from the nobs observations at first. */
void tr_fill_series(const fp_dataset *ds, const fp_obs *first, size_t nobs, sbuf *b,
                    series_in *in);
/* The label of the series' period at time index t ("" if none). */
const char *tr_label_at(const fp_dataset *ds, const fp_obs *first, const sbuf *b, double t);
/* The label of observation o's period (owned by the dataset). */
const char *tr_period_label(const fp_dataset *ds, const fp_obs *o);
void tr_sbuf_free(sbuf *b);

/* ---------------------------------------------- trend_series.c */

/* Write one series' row: the series' identity and extent, the --wide
 * period cells, then the cells of each method asked for, in column order. */
void tr_do_series(fpc_table *tab, const fp_dataset *ds, size_t ind, size_t area,
                  const fp_obs *first, size_t nobs, const topts *o, sbuf *b,
                  fp_spc_result **spc, const fpc_wide *wide);

/* ------------------------------------------------- trend_spc.c */

/* The SPC cells: chart, segments, centre and limits at the latest point,
 * special-cause, improvement and concern counts, the latest point's rule,
 * variation and assurance icons (in words and as NHSRplotthedots names
 * them), reason. */
void tr_spc_cells(fpc_table *tab, const fp_indicator *I, sbuf *b, const series_in *in,
                  const topts *o, const fp_trend_options *tr, fp_polarity pol,
                  fp_spc_result **spc);
/* --spc-points: one row per point of the series' SPC chart, gaps included
 * (their period labels made from the first period), with NHSRplotthedots'
 * special_cause_type and point_type. Returns the rows written. */
size_t tr_spc_point_rows(fpc_table *tab, const fp_dataset *ds, size_t ind, size_t area,
                         const fp_obs *first, size_t nobs, const topts *o, sbuf *b,
                         fp_spc_result **spc);

/* ------------------------------------------------ trend_rows.c */

/* The output columns into names (room for 80 + wide->n; returns how many):
 * the series' identity, the --wide period cells, then each method's. */
size_t tr_column_names(const topts *o, const fpc_wide *wide, const char **names);
/* The default columns into defaults (NULL-terminated; room for 81 +
 * wide->n). They answer "is it getting better or worse, and is that
 * real?": who, what, when, and each method's verdict with its headline
 * number. --wide keeps the identity, the values and the verdicts. */
void tr_default_columns(const topts *o, const fpc_wide *wide, const char **defaults);
/* One row per selected series (amask, imask: the areas and indicators
 * selected, sel what was given). Observations are sorted by (indicator,
 * area, period): walk the runs. Returns the rows written. */
size_t tr_write_rows(fpc_table *tab, const fp_dataset *ds, const topts *o, const selection *sel,
                     const unsigned char *amask, const unsigned char *imask,
                     const fpc_wide *wide);
/* Mark the selected areas and indicators in amask and imask (each one byte
 * per area or indicator). 0, or -1 when one is not in the data (reported). */
int tr_select_masks(const fp_dataset *ds, const selection *sel, unsigned char *amask,
                    unsigned char *imask);

#endif /* FP_CLI_TREND_CLI_H */
