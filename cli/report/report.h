/* report.h -- internals of `fingerpost report`: the computed report model
 * and the renderers (HTML, CSV, Markdown).
 *
 * The flow is: rp_scorecard_read() (cli/io/scorecard.c, io.h) parses a
 * scorecard definition file; report_run.c loads the data (report_run.h:
 * the steps cmd_report.c calls), and report_model.c fills an rp_line for
 * each scorecard line from the assessment layer (intervals, comparisons,
 * ranks, trends, targets); the renderers (report_html.c, report_csv.c,
 * report_md.c; report_render.h) only format those numbers. No statistics
 * are computed in the renderers. Private to the CLI; names start with rp_. */
#ifndef FP_CLI_REPORT_H
#define FP_CLI_REPORT_H

#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "io.h"
#include "prepare.h"      /* fpc_ineq, fpc_quantile_opts */
#include "goal_opts.h"    /* fpc_goal_opts */

/* ------------------------------------------------------------ data inputs */

/* The loaded data: one indexed dataset and the neighbour models found
 * (version = file base name, e.g. "sn_may_2025"). */
typedef struct rp_inputs {
    fp_dataset *ds;
    fp_neighbours **nbs; size_t n_nbs;
    char **files; size_t n_files;    /* the files read */
    struct fpc_areas *areas;         /* the area identity read through (NULL: none) */
} rp_inputs;

struct fpc_diags;
/* Read the files given (n > 0) or every *.csv of datadir except scorecard*.
 * Problems go to diags. Returns 0, or -1 when nothing usable was read. */
int rp_load(rp_inputs *in, const char *const *paths, size_t n, const char *datadir,
            struct fpc_diags *diags);
void rp_inputs_free(rp_inputs *in);

/* ---------------------------------------------------------- report model */

/* A published figure checked against the data. */
typedef struct rp_check {
    const char *what;      /* "Sefton", "statistical neighbours", "England" */
    char period[32];       /* the period quoted */
    char text[32];         /* the published figure as written */
    size_t index;          /* which ';'-separated quotation (0-based) */
    double published;      /* NaN when the document gives none */
    double computed;       /* NaN when the data has none for that period */
    int status;            /* 1 agrees (to the published precision), 0 differs,
                              -1 not checkable (see note) */
    char note[160];
} rp_check;

/* One neighbour's value for the tartan rug. */
typedef struct rp_nbcell {
    double value;
    fp_cmp cmp;            /* against England by the Fingertips rule */
    char band;             /* quartile band A-D or 0 */
} rp_nbcell;

/* One point of a series (for the trend charts). */
typedef struct rp_point {
    const char *label;     /* period label, owned by the dataset */
    double value, lower, upper;  /* NaN when missing / no interval */
    double england, region, neighbours;
    fp_cmp cmp_england;    /* the value against England: the Fingertips rule
                              at 95% (fp_assess_series) */
} rp_point;

/* The tested value beside a line's newest one: where the newest value has
 * no counts or interval (a LAIT figure) and another source of the measure
 * has them for an older period (EES counts), that one's test. */
typedef struct rp_tested {
    const char *code;           /* NULL when there is none */
    const char *period;         /* its period label */
    double value, lower, upper; /* 95% interval */
    double england;
    fp_cmp cmp_england, cmp_region, cmp_neighbours;
    char ci_method[40];
} rp_tested;

/* Everything the report says about one scorecard line. Strings are owned by
 * the line (fixed buffers) or by the dataset / scorecard. */
typedef struct rp_line {
    const rp_sc_row *sc;
    const char *sc_path;        /* the scorecard definition, for messages */
    int own_plan;               /* 1 when the row's plan is the area's own (its
                                   plan_area, or none given): only then do its
                                   target, milestones and published figures apply */
    int has_data;               /* 1 when the indicator was found with a value */
    char why_none[200];         /* when !has_data: "no public data", ... */

    /* indicator */
    const char *code, *ind_name, *unit_label;
    fp_unit unit;
    double multiplier;
    fp_polarity polarity;
    int dps;

    /* latest value */
    const char *period;         /* label */
    double value, lower, upper; /* 95% interval, NaN when none */
    double lower998, upper998;
    char ci_method[40];         /* "Byars", "Wilson", "" */
    char ci_note[160];          /* why there is no interval */
    double numerator, denominator;
    char den_note[160];         /* how the denominator was obtained */

    /* comparators (same period) */
    double england, region, neighbours;
    const char *region_name;
    size_t nb_used, nb_total;
    fp_cmp cmp_england, cmp_region, cmp_neighbours;
    char cmp_note[160];         /* reason when not compared */
    rp_tested tested;           /* an older tested value, when the newest is not */
    char untested_note[96];     /* "not tested: no counts or interval for 2025" with it */
    char sources[256];          /* several sources: "FSP_NEW_GOODDEV (2025),
                                   EYFS_GLD (2021/22)", else "" */

    /* position */
    size_t rank, n_ranked;
    char band;                  /* 'A'..'D', 0 when none */
    char band_note[80];
    double change_abs, change_pct; /* from the previous consecutive period */

    /* trend */
    char trend[120];            /* "increasing and getting worse", ... */
    int trend_dir;              /* +1 up, -1 down, 0 flat, 2 cannot be calculated */
    char trend_method[80];
    char trend_window[96];      /* "2021\u20132025, 5 points": what the verdict rests on */
    char trend_disagree[256];   /* "methods disagree: ..." or "" (fp_assessment's) */

    /* target */
    fp_target_status tstatus;
    const char *tword;          /* the verdict shown: the goal's when the target
                                   has a due date, else fp_target_status_name */
    double target_value;
    char target_note[256];      /* fp_goal_verdict.note (240) fits */
    rp_goal goals[9];           /* milestones, then the target with its date */
    size_t n_goals;

    /* series */
    rp_point *series;
    size_t n_series;

    /* tartan rug: one cell per neighbour of the area (same order as the
     * report's neighbour list) */
    rp_nbcell *nb;
    size_t n_nb;

    /* published checks */
    rp_check checks[12];
    size_t n_checks;

    /* full-size chart file name under charts/, "" when none */
    char chart[200];

    /* inequality (rp_line_inequality): the SII and RII, with 95% limits, of
     * the indicator's deprivation breakdown at the line's period: the
     * area's own, else England's (Fingertips publishes most deciles for
     * England only) */
    int has_sii;
    const char *sii_of;         /* the area's name or "England" (dataset's) */
    const char *sii_breakdown;  /* the quantiles ("County & UA deprivation
                                   deciles in England (IMD2019, 4/23 geography)") */
    double sii, sii_lower, sii_upper, rii, rii_lower, rii_upper;

    /* Fingertips' quantile, goal and percentile comparisons of the line's
     * assessment (report --quantiles, --goal, --percentiles; compare's
     * columns of the same names), set only for a line with data */
    int quantile, quantile_k;   /* group 1..k of k; quantile_k 0: none */
    const char *quantile_within; /* "England" or the region grouped within */
    const char *goal_spec;      /* the line's --goal as given, NULL: none */
    fp_cmp vs_goal;
    int vs_percentiles;         /* 1..percentiles, 0: not compared */
} rp_line;

/* A run's deprivation breakdowns (fpc_ineq, cli/inequality.c) and a cache of
 * England's SIIs, which are the same for every area of the run
 * (report_ineq.c). */
typedef struct rp_ineq {
    fpc_ineq q;
    struct rp_ineq_hit { size_t g, period; fp_ineq_result res; int ok; } *hits;
    size_t n_hits;
} rp_ineq;

/* Find the breakdowns of ds (none: nothing is shown); free with
 * rp_ineq_free. */
void rp_ineq_init(rp_ineq *x, const fp_dataset *ds);
void rp_ineq_free(rp_ineq *x);

/* Fill L's inequality for indicator ind at period: A's own (the
 * assessment of the area, made with fp_assess_options.inequality = x's
 * breakdowns) when it has an SII, else England's (fp_assess_inequality,
 * cached in x). Leaves has_sii 0 when neither has one. */
void rp_line_inequality(rp_line *L, const fp_dataset *ds, rp_ineq *x, const fp_assessment *A,
                        size_t ind, size_t england, size_t period);
/* The sentence the renderers show for L's inequality ("inequality
 * (England, County & UA deprivation deciles ...): SII -17.48 (95% CI
 * -19.33 to -15.62) from the most to the least deprived, RII 0.785 (0.765
 * to 0.806)"); "" when it has none. The SII at the line's decimal places
 * (2 without), the RII at 3. */
void rp_sii_text(const rp_line *L, char *buf, size_t size);

typedef struct rp_report {
    const char *area_name, *area_code, *region_name;
    const char *scorecard_path, *scorecard_title;
    /* The page's heading: "Children's Strategy Score Card: Sefton" for the
     * plan's own area (or every area when the plan names none), "Indicators
     * for Knowsley (Sefton's scorecard set)" for any other area. */
    char heading[512];
    int own_plan;               /* the heading is the area's own plan's */
    const char *data_version, *neighbour_version;
    char **data_files; size_t n_data_files;
    int data_shipped;           /* the shipped datasets/ (file names shown bare) */
    const char **nb_names; const char **nb_codes; size_t n_nb; /* neighbour areas */
    rp_line *lines; size_t n;
    char generated[64];         /* UTC timestamp */
    const fpc_quantile_opts *quant; /* --quantiles (k 0: none), the run's */
    const fpc_goal_opts *gp;    /* --goal, --percentiles, the run's */
} rp_report;

/* The sentence the renderers show for L's quantile, goal and percentile
 * comparisons ("quantile 3 of 10 (within North West); compared to goal
 * 80: worse (Red); compared with percentiles: Lowest quintile"), only of
 * the options r's run was given; "" when none
 * (report_bench.c). */
void rp_bench_text(const rp_report *r, const rp_line *L, char *buf, size_t size);
/* The CSV columns those options add at the end (names of compare's), in
 * order: how many (at most RP_BENCH_MAX_COLS) into names; the cells of L
 * by rp_bench_cells. */
#define RP_BENCH_MAX_COLS 8
size_t rp_bench_columns(const rp_report *r, const char **names);
void rp_bench_cells(fpc_table *t, const rp_report *r, const rp_line *L);

/* Renderers: write the whole output to fp. They only format the model. */
void rp_write_html(FILE *fp, const rp_report *r);
void rp_write_csv(FILE *fp, const rp_report *r);
void rp_write_md(FILE *fp, const rp_report *r);
/* scorecard.xlsx: the cells of scorecard.csv as a workbook, written
 * atomically to path. 0 ok, -1 (message printed). */
int rp_write_xlsx(const char *path, const rp_report *r);

/* Format a number with dps decimals (half away from zero via
 * fp_round_half_away); "" for NaN. dps < 0 uses up to 2. */
const char *rp_fmt(char *buf, size_t size, double x, int dps);

#endif /* FP_CLI_REPORT_H */
