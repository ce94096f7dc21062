/* rates_sii.c -- `rates --type sii`: the slope and relative index of
 * inequality of each group over its quantiles (phe_sii; fingerpost/sii.h). */
#include "cli.h"
#include "rates_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One row of SII input (one quantile of one group): quantile number,
 * population, value and either its 95% limits or its standard error. The
 * group's arrays: count = value, pop = population, xref = lower limit,
 * nref = upper limit, std = standard error, age = quantile. */
void rt_sii_row(rstate *s)
{
    const ropts *op = s->op;
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double q = rt_get_num(s, s->iq, "quantile", note, sizeof note, &bad);
    double pop = rt_get_num(s, s->iden, "population", note, sizeof note, &bad);
    double v = rt_get_num(s, s->ival, "value", note, sizeof note, &bad);
    double lo = NAN, hi = NAN, se = NAN;
    if (op->secol) se = rt_get_num(s, s->ise, "standard error", note, sizeof note, &bad);
    else {
        lo = rt_get_num(s, s->ilo, "lower limit", note, sizeof note, &bad);
        hi = rt_get_num(s, s->ihi, "upper limit", note, sizeof note, &bad);
    }
    if (bad) s->nbad++;
    struct dgroup *G = rt_row_group(s);
    if (G->n == G->cap) {
        rt_group_grow(G, 0, 1);
        G->std = fpc_xrealloc(G->std, G->cap * sizeof *G->std);
        G->age = fpc_xrealloc(G->age, G->cap * sizeof *G->age);
    }
    G->age[G->n] = q;
    G->pop[G->n] = pop;
    G->count[G->n] = v;
    G->xref[G->n] = lo;
    G->nref[G->n] = hi;
    G->std[G->n] = se;
    G->n++;
    if (bad) G->bad = 1;
    if (isnan(q) || isnan(pop) || isnan(v)) G->nmissing++;
}

/* The note for a group fp_sii refused, in the package's words. */
static const char *rt_sii_refusal(int st, size_t n, const ropts *op)
{
    if (st == FP_EINVAL && (n < 5 || n > 100)) return "number of quantiles must be between 5 and 100";
    if (st == FP_EDOM) return op->sii.value_type == FP_SII_PROPORTION
        ? "a population of 0 or less, a negative or missing standard error or limit, or a "
          "proportion outside 0 to 1"
        : op->sii.value_type == FP_SII_RATE
        ? "a population of 0 or less, a negative or missing standard error or limit, or a rate "
          "of 0 or less"
        : "a population of 0 or less, or a negative or missing standard error or limit";
    return fp_strerror(st);
}

/* One output row per group: the SII (value) and its limits, the RII and
 * its limits, the intercept, the method and a note. Quantiles are put in
 * ascending order first (the package arranges by quantile), so quantile 1
 * is x = 0. */
void rt_sii_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        size_t n = G->n;
        size_t *ord = fpc_xmalloc((n ? n : 1) * sizeof *ord);
        double *buf = fpc_xmalloc((n ? n : 1) * 5 * sizeof *buf);
        double *v = buf, *pop = buf + n, *lo = buf + 2 * n, *hi = buf + 3 * n, *se = buf + 4 * n;
        for (size_t i = 0; i < n; i++) ord[i] = i;
        for (size_t i = 1; i < n; i++)            /* insertion sort: <= 100 quantiles */
            for (size_t j = i; j > 0 && G->age[ord[j - 1]] > G->age[ord[j]]; j--) {
                size_t t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
            }
        for (size_t i = 0; i < n; i++) {
            v[i] = G->count[ord[i]]; pop[i] = G->pop[ord[i]];
            lo[i] = G->xref[ord[i]]; hi[i] = G->nref[ord[i]]; se[i] = G->std[ord[i]];
        }
        if (!op->secol) fp_sii_se_from_ci(lo, hi, n, op->sii.value_type, se);
        fp_sii_options so = op->sii;
        so.multiplier = op->multiplier;
        fp_sii_result r;
        char note[256], method[96];
        note[0] = '\0';
        int st = FP_EINVAL;
        int dup = 0;
        for (size_t i = 1; i < n; i++) dup |= G->age[ord[i]] == G->age[ord[i - 1]];
        if (G->bad || G->nmissing)
            snprintf(note, sizeof note, "missing or unreadable cells: SII needs every quantile");
        else if (dup)
            snprintf(note, sizeof note, "a quantile appears twice");
        else if ((st = fp_sii(v, se, pop, n, &so, op->levels, op->nlevels, &r)) != FP_OK)
            snprintf(note, sizeof note, "%s", rt_sii_refusal(st, n, op));
        else if (n > 10)
            snprintf(note, sizeof note, "more than 10 quantiles: small values can make the SII "
                     "unstable");
        int ok = st == FP_OK && !G->bad && !G->nmissing && !dup;
        if (op->sii.ci_method == FP_SII_CI_ANALYTIC)
            snprintf(method, sizeof method, "analytic (normal%s)",
                     op->sii.value_type != FP_SII_NORMAL && !op->sii.transform
                     ? ", delta method" : "");
        else
            snprintf(method, sizeof method, "simulation %zu reps, seed %lu", op->sii.repetitions,
                     op->sii.seed);
        rt_out_cstr(&s->out, G->key);
        rt_out_num(&s->out, (double)n, -1);
        rt_out_num(&s->out, ok ? r.sii : NAN, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            rt_out_num(&s->out, ok ? r.sii_lower[l] : NAN, op->dp);
            rt_out_num(&s->out, ok ? r.sii_upper[l] : NAN, op->dp);
        }
        rt_out_num(&s->out, ok ? r.rii : NAN, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            rt_out_num(&s->out, ok ? r.rii_lower[l] : NAN, op->dp);
            rt_out_num(&s->out, ok ? r.rii_upper[l] : NAN, op->dp);
        }
        rt_out_num(&s->out, ok ? r.intercept : NAN, op->dp);
        rt_out_cstr(&s->out, method);
        rt_out_cstr(&s->out, note);
        rt_out_endrow(&s->out);
        free(ord); free(buf);
    }
}
