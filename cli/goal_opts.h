/* goal_opts.h -- Fingertips' "compared to goal" (--goal CODE=GOAL, repeat)
 * and "compared with percentiles" (--percentiles quintiles|quartiles), the
 * options `compare` and `report` share (goal_opts.c): parsed once here, put
 * into fp_assess_options.goal_benchmark and .percentiles by each command,
 * and named in their output with the words of Fingertips' export. Private
 * to the CLI. */
#ifndef FP_CLI_GOAL_OPTS_H
#define FP_CLI_GOAL_OPTS_H

#include <stddef.h>
#include "fingerpost.h"

enum { FPC_OPT_GOAL = 0x4D0, FPC_OPT_PERCENTILES };
#define FPC_GOAL_LONGOPTS \
    { "goal", required_argument, NULL, FPC_OPT_GOAL }, \
    { "percentiles", required_argument, NULL, FPC_OPT_PERCENTILES }
/* The options' help; cols names the output that shows them. */
#define FPC_GOAL_HELP(goal_cols, pct_cols) \
    "      --goal CODE=GOAL     Fingertips' \"compared to goal\" for an indicator\n" \
    "                           (repeat): 80 (the value against 80: at or beyond\n" \
    "                           it is better), 80:ci (the 95% interval: similar\n" \
    "                           when it holds 80) or 70..80 (below 70 one side,\n" \
    "                           from 80 the other); " goal_cols "\n" \
    "      --percentiles Q      Fingertips' \"compared with percentiles\": quintiles\n" \
    "                           (1 the best fifth; its export's 'Lowest quintile'..)\n" \
    "                           or quartiles; " pct_cols "\n"

/* One --goal: code and spec point into one owned copy of "CODE=GOAL". */
typedef struct fpc_goal_opt {
    char *code, *spec;
    fp_goal_benchmark g;
} fpc_goal_opt;

/* A command's --goal and --percentiles; zero-initialise, free with
 * fpc_goal_opts_free. */
typedef struct fpc_goal_opts {
    fpc_goal_opt *goals;       /* in the order given */
    size_t n_goals;
    int percentiles;           /* 0 (none), 4 (quartiles) or 5 (quintiles) */
} fpc_goal_opts;

/* Handle one FPC_OPT_GOAL or FPC_OPT_PERCENTILES option of command cmd
 * into g: 0 ok, else FPC_EXIT_USAGE (message printed). */
int fpc_goal_option(fpc_goal_opts *g, const char *cmd, int ch, const char *arg);
/* The --goal of indicator code (the last given), or NULL. */
const fpc_goal_opt *fpc_goal_find(const fpc_goal_opts *g, const char *code);
void fpc_goal_opts_free(fpc_goal_opts *g);
/* Fingertips' export word for a "compared to goal" verdict: Green (better),
 * Amber (similar), Red (worse), else "Not compared". */
const char *fpc_goal_rag(fp_cmp c);
/* The "compared with percentiles" category of group k (1..percentiles; 0:
 * "Not compared"): the export's quintile words ("Lowest quintile"..), or
 * "Q1".."Q4" for quartiles, in buf when needed. */
const char *fpc_percentiles_label(int k, int percentiles, char *buf, size_t size);

#endif /* FP_CLI_GOAL_OPTS_H */
