/* bench_trend.c -- time every trend method (and SPC) over many short series.
 *
 * Usage: bench_trend [N]            N synthetic series of 5-20 points (default 60000)
 *        bench_trend --lait FILE... every series of real data read with the
 *                                   ingest module (e.g. bds_long.csv)
 * Synthetic series are deterministic (a fixed linear congruential generator):
 * a third values with 95% CIs (log-linear APC/joinpoint), a third counts with
 * populations (Poisson), a third counts out of denominators (binomial).
 * Prints the time per method and in total (single thread). The target in
 * issue 5 is all methods on ~60,000 series in under 5 s on one core. */
#include "cli.h"
#include "io.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>

#define MAXP 64

/* CPU time of this process: the machine is shared, so wall time would
 * measure the other jobs too. Wall time is reported beside it. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static double unif(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct series {
    size_t n;
    double t[MAXP], v[MAXP], lo[MAXP], up[MAXP], x[MAXP], d[MAXP];
    int has_ci, has_counts, proportion;
} series;

enum { RECENT, MK, APC, JOIN, PROJ, SPC, NMETH };
static const char *names[NMETH] = { "recent", "mann-kendall", "apc", "joinpoint", "projection", "spc" };

static void run_one(const series *s, double *tm, fp_spc_result *spc, size_t *cannot)
{
    fp_trend_series ts;
    memset(&ts, 0, sizeof ts);
    ts.n = s->n;
    ts.t = s->t;
    ts.value = s->v;
    if (s->has_ci) { ts.lower = s->lo; ts.upper = s->up; }
    if (s->has_counts) { ts.count = s->x; ts.denom = s->d; }
    fp_trend_options o;
    fp_trend_options_default(&o);
    o.proportion = s->proportion;
    double t0 = now(), t1;
    fp_recent_trend r;
    fp_trend_recent(&ts, &o, &r);
    cannot[RECENT] += r.direction == FP_TREND_NOT_CALCULATED;
    t1 = now(); tm[RECENT] += t1 - t0; t0 = t1;
    fp_mk_result m;
    fp_trend_mann_kendall(&ts, &o, &m);
    cannot[MK] += m.direction == FP_TREND_NOT_CALCULATED;
    t1 = now(); tm[MK] += t1 - t0; t0 = t1;
    fp_apc_result a;
    fp_trend_apc(&ts, &o, &a);
    cannot[APC] += a.direction == FP_TREND_NOT_CALCULATED;
    t1 = now(); tm[APC] += t1 - t0; t0 = t1;
    fp_joinpoint_result j;
    fp_trend_joinpoint(&ts, &o, &j);
    cannot[JOIN] += j.direction == FP_TREND_NOT_CALCULATED;
    t1 = now(); tm[JOIN] += t1 - t0; t0 = t1;
    fp_projection p;
    double tt = s->n ? s->t[s->n - 1] + 2 : 0;
    fp_trend_project(&ts, FP_PROJECT_LINEAR, tt, NAN, FP_POLARITY_HIGH, &o, &p);
    cannot[PROJ] += p.reason != FP_TREND_REASON_NONE;
    t1 = now(); tm[PROJ] += t1 - t0; t0 = t1;
    fp_spc_options so;
    fp_spc_options_init(&so);
    so.min_points = 5;
    if (fp_spc_xmr(s->v, s->n, &so, spc) != FP_OK || spc->reason != FP_SPC_OK) cannot[SPC]++;
    t1 = now(); tm[SPC] += t1 - t0;
}

static void report(const char *what, size_t nseries, size_t npoints, const double *tm,
                   const size_t *cannot, double wallt)
{
    double total = 0;
    printf("%s: %zu series, %zu points\n", what, nseries, npoints);
    for (int k = 0; k < NMETH; k++) {
        printf("  %-13s %8.3f s CPU  (%zu cannot be calculated)\n", names[k], tm[k], cannot[k]);
        total += tm[k];
    }
    printf("  %-13s %8.3f s CPU  (wall %.3f s for the loop, including data preparation)\n", "all methods", total, wallt);
}

static int synthetic(size_t nseries)
{
    double tm[NMETH] = { 0 };
    size_t cannot[NMETH] = { 0 }, npoints = 0;
    fp_spc_result *spc = fp_spc_result_alloc(MAXP);
    if (!spc) return 1;
    series s;
    double w0 = wall();
    for (size_t i = 0; i < nseries; i++) {
        memset(&s, 0, sizeof s);
        s.n = 5 + (size_t)(unif() * 16);   /* 5..20 */
        int kind = (int)(i % 3);
        double level = 20 + 80 * unif(), slope = (unif() - 0.5) * 0.1;
        for (size_t k = 0; k < s.n; k++) {
            s.t[k] = 2000 + (double)k;
            double mu = level * exp(slope * (double)k) * (1 + 0.05 * (unif() - 0.5));
            if (kind == 0) {
                s.v[k] = mu;
                s.lo[k] = mu * 0.9;
                s.up[k] = mu * 1.1;
            } else if (kind == 1) {
                s.d[k] = 50000 + 1000 * unif();
                s.x[k] = floor(mu * s.d[k] / 10000 + 0.5);
                s.v[k] = s.x[k] / s.d[k] * 10000;
            } else {
                s.d[k] = 200 + floor(800 * unif());
                double p = fmin(0.95, mu / 120);
                s.x[k] = floor(p * s.d[k] + 0.5);
                s.v[k] = 100 * s.x[k] / s.d[k];
            }
        }
        s.has_ci = kind == 0;
        s.has_counts = kind != 0;
        s.proportion = kind == 2;
        npoints += s.n;
        run_one(&s, tm, spc, cannot);
    }
    report("synthetic", nseries, npoints, tm, cannot, wall() - w0);
    fp_spc_result_free(spc);
    return 0;
}

static int lait(char **paths, size_t npaths)
{
    fpc_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.max_kept = 1;
    double r0 = wall();
    int rc = fpc_inputs_load(&in, paths, npaths, NULL, &diags);
    printf("read: %.3f s wall (%zu problems)\n", wall() - r0, diags.n_errors);
    fpc_diags_free(&diags);
    if (rc != 0 || !in.ds) { fpc_inputs_free(&in); return 1; }
    const fp_dataset *ds = in.ds;
    double tm[NMETH] = { 0 };
    size_t cannot[NMETH] = { 0 }, npoints = 0, nseries = 0;
    fp_spc_result *spc = fp_spc_result_alloc(MAXP);
    series s;
    double w0 = wall();
    for (size_t i = 0; i < ds->n_obs;) {
        size_t j = i + 1;
        while (j < ds->n_obs && ds->obs[j].indicator == ds->obs[i].indicator
               && ds->obs[j].area == ds->obs[i].area) j++;
        memset(&s, 0, sizeof s);
        /* The latest period's kind only, as the command does. */
        const fp_period *last = &ds->periods[ds->obs[j - 1].period].period;
        for (size_t k = i; k < j && s.n < MAXP; k++) {
            const fp_period *p = &ds->periods[ds->obs[k].period].period;
            if (p->kind != last->kind || p->span != last->span || p->variant != last->variant) continue;
            s.t[s.n] = (double)fp_period_index(p);
            s.v[s.n] = ds->obs[k].missing == FP_MISSING_NONE ? ds->obs[k].value : NAN;
            s.n++;
        }
        npoints += s.n;
        nseries++;
        run_one(&s, tm, spc, cannot);
        i = j;
    }
    report("data", nseries, npoints, tm, cannot, wall() - w0);
    fp_spc_result_free(spc);
    fpc_inputs_free(&in);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc > 2 && !strcmp(argv[1], "--lait")) return lait(argv + 2, (size_t)(argc - 2));
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 60000;
    return synthetic(n);
}
