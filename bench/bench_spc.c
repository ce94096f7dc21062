/* bench_spc.c -- throughput of the SPC module: XmR chart with all four rules
 * and both icons on 60,000 series of 20 points (about the number of LAIT
 * series), then the same for p-charts. Series are synthetic (a fixed-seed
 * generator, with a level shift in a third of them so the rules fire).
 *
 * Usage: bench_spc [SERIES [POINTS [REPEATS]]]   (defaults 60000 20 5)
 * Prints the best of REPEATS runs in series per second. */
#include "fingerpost.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;

/* xorshift64*: a uniform in (0, 1). */
static double uniform(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return ((double)((state * 2685821657736338717ull) >> 11) + 0.5) / 9007199254740992.0;
}

/* An approximately normal deviate (Irwin-Hall, sum of 12 uniforms - 6). */
static double normalish(void)
{
    double s = 0.0;
    for (int k = 0; k < 12; k++) s += uniform();
    return s - 6.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t ns = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 60000;
    size_t np = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 20;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (ns == 0 || np == 0 || reps < 1) {
        fprintf(stderr, "usage: bench_spc [SERIES [POINTS [REPEATS]]]\n");
        return 2;
    }
    double *y = malloc(ns * np * sizeof *y);
    double *num = malloc(ns * np * sizeof *num);
    double *den = malloc(ns * np * sizeof *den);
    fp_spc_result *r = fp_spc_result_alloc(np);
    if (!y || !num || !den || !r) {
        fprintf(stderr, "bench_spc: out of memory\n");
        return 1;
    }
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; i < np; i++) {
            double shift = (s % 3 == 0 && i >= np / 2) ? 2.0 : 0.0;
            y[s * np + i] = 50.0 + 5.0 * normalish() + 5.0 * shift;
            den[s * np + i] = 200.0 + (double)(s % 50);
            double p = 0.2 + 0.02 * normalish() + 0.05 * shift;
            if (p < 0) p = 0;
            num[s * np + i] = (double)(long)(p * den[s * np + i]);
        }

    fp_spc_options o;
    fp_spc_options_init(&o);
    o.polarity = FP_POLARITY_HIGH;
    o.target = 52.0;

    double best_x = 1e300, best_p = 1e300;
    size_t special = 0;
    for (int rep = 0; rep < reps; rep++) {
        double t0 = now();
        special = 0;
        for (size_t s = 0; s < ns; s++) {
            if (fp_spc_xmr(y + s * np, np, &o, r) != FP_OK) return 1;
            special += r->n_special;
        }
        double t1 = now();
        for (size_t s = 0; s < ns; s++)
            if (fp_spc_p(num + s * np, den + s * np, np, &o, r) != FP_OK) return 1;
        double t2 = now();
        if (t1 - t0 < best_x) best_x = t1 - t0;
        if (t2 - t1 < best_p) best_p = t2 - t1;
    }
    printf("bench_spc: %zu series x %zu points, best of %d\n", ns, np, reps);
    printf("  xmr + rules + icons: %.3f s, %.0f series/s (%zu special-cause points)\n",
           best_x, (double)ns / best_x, special);
    printf("  p-chart + rules + icons: %.3f s, %.0f series/s\n", best_p, (double)ns / best_p);
    fp_spc_result_free(r);
    free(y);
    free(num);
    free(den);
    return 0;
}
