/* report_bench.c -- a scorecard line's quantile group, "compared to goal"
 * and "compared with percentiles" as the report shows them (report
 * --quantiles, --goal, --percentiles): the same words and columns as
 * compare's (compare_table.c), from the line's fp_assessment fields copied
 * by report_model.c. Only what the run was asked for is shown, so a report
 * without these options is unchanged. */
#include "report.h"

#include <stdio.h>
#include <string.h>

static int want_quantile(const rp_report *r) { return r->quant && r->quant->k; }
static int want_goal(const rp_report *r) { return r->gp && r->gp->n_goals; }
static int want_pct(const rp_report *r) { return r->gp && r->gp->percentiles; }

size_t rp_bench_columns(const rp_report *r, const char **names)
{
    size_t n = 0;
    if (want_quantile(r)) {
        names[n++] = "quantile";
        names[n++] = "quantile_of";
        names[n++] = "quantile_within";
    }
    if (want_goal(r)) {
        names[n++] = "goal";
        names[n++] = "vs_goal";
        names[n++] = "goal_rag";
    }
    if (want_pct(r)) {
        names[n++] = "vs_percentiles";
        names[n++] = "percentiles_category";
    }
    return n;
}

/* A line without data has empty cells; one with data compare's (a goal
 * given but not judged: "not compared" / "Not compared"). */
void rp_bench_cells(fpc_table *t, const rp_report *r, const rp_line *L)
{
    int d = L->has_data;
    if (want_quantile(r)) {
        if (d && L->quantile_k) fpc_table_int(t, L->quantile); else fpc_table_str(t, NULL);
        if (d && L->quantile_k) fpc_table_int(t, L->quantile_k); else fpc_table_str(t, NULL);
        fpc_table_str(t, d && L->quantile_k ? L->quantile_within : NULL);
    }
    if (want_goal(r)) {
        const char *g = d ? L->goal_spec : NULL;
        fpc_table_str(t, g);
        fpc_table_str(t, !g ? NULL : L->vs_goal != FP_CMP_NOT_COMPARED ? fp_cmp_name(L->vs_goal)
                                                                      : "not compared");
        fpc_table_str(t, g ? fpc_goal_rag(L->vs_goal) : NULL);
    }
    if (want_pct(r)) {
        char q[16];
        fpc_table_str(t, d ? fpc_percentiles_label(L->vs_percentiles, r->gp->percentiles, q,
                                                   sizeof q) : NULL);
        if (d && L->vs_percentiles) fpc_table_int(t, L->vs_percentiles);
        else fpc_table_str(t, NULL);
    }
}

void rp_bench_text(const rp_report *r, const rp_line *L, char *buf, size_t size)
{
    size_t len = 0;
    if (size) buf[0] = 0;
    if (!L->has_data || !size) return;
#define ADD(...) do { if (len < size) { int m_ = snprintf(buf + len, size - len, __VA_ARGS__); \
                      if (m_ > 0) len += (size_t)m_; } } while (0)
    if (want_quantile(r)) {
        if (L->quantile_k && L->quantile)
            ADD("quantile %d of %d (within %s)", L->quantile, L->quantile_k,
                L->quantile_within ? L->quantile_within : "region");
        else
            ADD("quantile: not assigned");   /* compare's quantile 0 or empty */
    }
    if (want_goal(r) && L->goal_spec)
        ADD("%scompared to goal %s: %s (%s)", len ? "; " : "", L->goal_spec,
            L->vs_goal != FP_CMP_NOT_COMPARED ? fp_cmp_name(L->vs_goal) : "not compared",
            fpc_goal_rag(L->vs_goal));
    if (want_pct(r)) {
        char q[16];
        ADD("%scompared with percentiles: %s", len ? "; " : "",
            fpc_percentiles_label(L->vs_percentiles, r->gp->percentiles, q, sizeof q));
    }
#undef ADD
}
