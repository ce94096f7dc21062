/* goal_opts.c -- --goal and --percentiles, shared by `compare` and `report`
 * (goal_opts.h). */
#include "goal_opts.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fpc_goal_option(fpc_goal_opts *g, const char *cmd, int ch, const char *arg)
{
    if (ch == FPC_OPT_PERCENTILES) {
        if (!strcmp(arg, "quintiles")) g->percentiles = 5;
        else if (!strcmp(arg, "quartiles")) g->percentiles = 4;
        else return fpc_usage(cmd, "--percentiles wants quintiles or quartiles, not '%s'", arg);
        return 0;
    }
    const char *eq = strchr(arg, '=');
    fp_goal_benchmark b;
    if (!eq || eq == arg || fp_goal_benchmark_parse(eq + 1, &b) != FP_OK)
        return fpc_usage(cmd, "--goal wants CODE=GOAL (80, 80:ci on the 95%% "
                         "interval, or a range 70..80), not '%s'", arg);
    g->goals = fpc_xrealloc(g->goals, (g->n_goals + 1) * sizeof *g->goals);
    fpc_goal_opt *go = &g->goals[g->n_goals++];
    go->code = fpc_strdup(arg);
    go->code[eq - arg] = 0;
    go->spec = go->code + (eq - arg) + 1;
    go->g = b;
    return 0;
}

const fpc_goal_opt *fpc_goal_find(const fpc_goal_opts *g, const char *code)
{
    for (size_t i = g->n_goals; i-- > 0;)
        if (!strcmp(g->goals[i].code, code)) return &g->goals[i];
    return NULL;
}

void fpc_goal_opts_free(fpc_goal_opts *g)
{
    for (size_t i = 0; i < g->n_goals; i++) free(g->goals[i].code);
    free(g->goals);
    g->goals = NULL;
    g->n_goals = 0;
}

const char *fpc_goal_rag(fp_cmp c)
{
    return c == FP_CMP_BETTER ? "Green" : c == FP_CMP_SIMILAR ? "Amber"
           : c == FP_CMP_WORSE ? "Red" : "Not compared";
}

const char *fpc_percentiles_label(int k, int percentiles, char *buf, size_t size)
{
    if (!k) return "Not compared";
    if (percentiles == 5) return fp_percentile_quintile_label(k);
    snprintf(buf, size, "Q%d", k);
    return buf;
}
