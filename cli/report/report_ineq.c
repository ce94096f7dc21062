/* report_ineq.c -- the scorecard line's inequality: the SII and RII of the
 * indicator's deprivation breakdown (fingerpost/assess.h,
 * fp_assess_inequality; docs/methods.md, "Slope and relative index of
 * inequality"), the area's own when the data break it down for the area,
 * else England's, which Fingertips publishes for most indicators. England's
 * are kept for the run: every area's report shows the same ones, and each
 * is a simulation of 100,000 draws. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rp_ineq_init(rp_ineq *x, const fp_dataset *ds)
{
    memset(x, 0, sizeof *x);
    fpc_ineq_find(ds, NULL, &x->q);
}

void rp_ineq_free(rp_ineq *x)
{
    if (!x) return;
    fpc_ineq_free(&x->q);
    free(x->hits);
    memset(x, 0, sizeof *x);
}

/* England's result for breakdown g at period p, computed once per run;
 * NULL when England has no quantile then or no SII. */
static const fp_ineq_result *england_sii(const fp_dataset *ds, rp_ineq *x, size_t g,
                                         size_t england, size_t p)
{
    for (size_t k = 0; k < x->n_hits; k++)
        if (x->hits[k].g == g && x->hits[k].period == p)
            return x->hits[k].ok ? &x->hits[k].res : NULL;
    x->hits = fpc_xrealloc(x->hits, (x->n_hits + 1) * sizeof *x->hits);
    struct rp_ineq_hit *h = &x->hits[x->n_hits++];
    h->g = g;
    h->period = p;
    fp_sii_options so;
    fp_sii_options_init(&so);
    h->ok = fp_assess_inequality(ds, &x->q.g[g], england, p, &so, &h->res) == FP_OK
            && h->res.status == FP_OK;
    return h->ok ? &h->res : NULL;
}

void rp_line_inequality(rp_line *L, const fp_dataset *ds, rp_ineq *x, const fp_assessment *A,
                        size_t ind, size_t england, size_t period)
{
    const fp_ineq_result *res = NULL;
    const char *of = NULL;
    if (A && A->has_inequality && A->inequality.status == FP_OK) {
        res = &A->inequality;
        of = ds->areas[A->area].name;
    } else if (england != FP_ASSESS_NONE && period != FP_ASSESS_NONE) {
        /* The first of the indicator's breakdowns England has an SII for
         * (as the assessment chooses the area's). */
        for (size_t g = 0; g < x->q.n && !res; g++)
            if (x->q.g[g].indicator == ind) res = england_sii(ds, x, g, england, period);
        of = ds->areas[england].name;
    }
    if (!res) return;
    L->has_sii = 1;
    L->sii_of = of;
    L->sii_breakdown = res->group->type;
    L->sii = res->sii.sii;
    L->sii_lower = res->sii.sii_lower[0];
    L->sii_upper = res->sii.sii_upper[0];
    L->rii = res->sii.rii;
    L->rii_lower = res->sii.rii_lower[0];
    L->rii_upper = res->sii.rii_upper[0];
}

/* Half away from zero at dp places (the report's rounding for display). */
static const char *num_dp(char *buf, size_t size, double x, int dp)
{
    double s = pow(10, dp);
    double r = (x < 0 ? -floor(-x * s + 0.5) : floor(x * s + 0.5)) / s;
    snprintf(buf, size, "%.*f", dp, r == 0 ? 0.0 : r);
    return buf;
}

void rp_sii_text(const rp_line *L, char *buf, size_t size)
{
    if (!L->has_sii) { if (size) buf[0] = 0; return; }
    int dp = L->dps >= 0 ? L->dps : 2;
    char a[40], b[40], c[40], d[40], e[40], f[40];
    snprintf(buf, size, "inequality (%s, %s): SII %s (95%% CI %s to %s) from the most to the "
             "least deprived, RII %s (%s to %s)", L->sii_of, L->sii_breakdown,
             num_dp(a, sizeof a, L->sii, dp), num_dp(b, sizeof b, L->sii_lower, dp),
             num_dp(c, sizeof c, L->sii_upper, dp), num_dp(d, sizeof d, L->rii, 3),
             num_dp(e, sizeof e, L->rii_lower, 3), num_dp(f, sizeof f, L->rii_upper, 3));
}
