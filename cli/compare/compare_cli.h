/* compare_cli.h -- the table of `fingerpost compare` (cli/compare/): the options
 * (parsed by cmd_compare.c) and the rows written from each assessment.
 * Private to the CLI; names start with cp_. */
#ifndef FP_CLI_COMPARE_CLI_H
#define FP_CLI_COMPARE_CLI_H

#include <stddef.h>
#include "cli.h"
#include "io.h"
#include "goal_opts.h"

typedef struct target_opt {
    char *code;            /* owns the "CODE=RULE" copy: rule_text points into it */
    char *rule_text;
    fp_target target;
    int from_scorecard;
    rp_goal *goal;         /* the scorecard's due date, or NULL */
    char *plan_area;       /* the scorecard row's plan_area (owned), NULL for every
                              area: a plan's targets are its own area's */
    size_t plan;           /* plan_area's index (FP_ASSESS_NONE: every area;
                              ds->n_areas: not in the data, so no area) */
} target_opt;

typedef struct copts {
    const char *area;
    int all_areas;
    char **inds; size_t n_inds;
    const char *period;
    const char *nbver;
    const char *versus;       /* --versus A[,B..] as given */
    size_t *vs_areas; size_t n_vs;
    fp_agg stat;
    fp_qmethod qmethod;
    target_opt *targets; size_t n_targets;
    const char *target_by;    /* --target-by as given, or NULL: the next period */
    fp_period target_by_p;
    fp_projection_model projection;
    fpc_table_opts tab;       /* -f, --columns, --all-columns, --dp */
    fpc_funnel_opts funnel;   /* the funnel column's limits */
    fp_od_spec fspec;         /* ... as an assessment option */
    fp_sii_options sii;       /* --repetitions, --seed, --sii-ci */
    fpc_quantile_opts quant;  /* --quantiles, --quantile-within, --quantile-order */
    fpc_goal_opts gp;         /* --goal, --percentiles */
    const char *out;
} copts;

/* The --target of indicator code, NULL when none. */
const target_opt *cp_find_target(const copts *o, const char *code);

/* Every column of the table, in order (cp_n_columns of them), and the
 * default ones (NULL-terminated). */
extern const char *const cp_columns[];
extern const size_t cp_n_columns;
extern const char *const cp_default_columns[];

/* Write the table: its metadata, then one row per indicator and area
 * assessed. With a fixed period, areas without a value for it are left out
 * unless asked for. FPC_EXIT_OK, or FPC_EXIT_DATA when an indicator asked
 * for (or every indicator) has no data (reported). ao: the assessment
 * options (its target and goal are set per row). */
int cp_write_table(fpc_table *t, const fp_dataset *ds, const fp_neighbours *nb, const copts *o,
                   fp_assess_context *ac, fp_assess_options *ao, const size_t *areas,
                   size_t n_areas, const size_t *inds, size_t n_inds);

#endif /* FP_CLI_COMPARE_CLI_H */
