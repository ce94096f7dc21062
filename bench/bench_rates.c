/* bench_rates.c -- throughput of the rates module on one core.
 *
 *   bench_rates [N]             time N rows (default 10 million) per method
 *   bench_rates --gen FILE MB   write a CSV of about MB megabytes for the
 *                               end-to-end benchmark of `fingerpost rates`
 *
 * Inputs are pseudo-random (a fixed 64-bit LCG, so runs are repeatable),
 * processed in blocks through the array functions with a precomputed
 * fp_level, as a batch caller would. Times are this thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), so other load on the machine does not count.
 * Results: docs/performance.md. */
#include "fingerpost.h"

#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCK 65536

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);   /* CPU time: the machine is shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum kind { K_WILSON, K_BYARS, K_EXACT, K_RATE_MIXED, K_CLOPPER, K_MEAN, K_DSR };

static void fill(enum kind k, double *x, double *n)
{
    for (size_t i = 0; i < BLOCK; i++) {
        switch (k) {
        case K_EXACT: x[i] = rnd() % 10; n[i] = 1000 + rnd() % 100000; break;
        case K_BYARS: x[i] = 10 + rnd() % 100000; n[i] = 1e5 + rnd() % 10000000; break;
        case K_RATE_MIXED: x[i] = rnd() % 1000; n[i] = 1e4 + rnd() % 1000000; break;
        default: n[i] = 1 + rnd() % 100000; x[i] = rnd() % ((uint32_t)n[i] + 1); break;
        }
    }
}

static double run(enum kind k, size_t total, const fp_level *lv, double *checksum)
{
    double *x = malloc(BLOCK * sizeof *x), *n = malloc(BLOCK * sizeof *n);
    fp_ci *out = malloc(BLOCK * sizeof *out);
    double sum = 0, t = 0;
    size_t bands = FP_ESP2013_BANDS;
    for (size_t done = 0; done < total; done += BLOCK) {
        size_t m = total - done < BLOCK ? total - done : BLOCK;
        fill(k, x, n);
        double t0 = now();
        switch (k) {
        case K_WILSON: fp_proportion_ci_array(x, n, m, 100, lv, out); break;
        case K_BYARS:
        case K_EXACT:
        case K_RATE_MIXED: fp_rate_ci_array(x, n, m, 100000, lv, out); break;
        case K_CLOPPER:
            for (size_t i = 0; i < m; i++) fp_proportion_ci_exact(x[i], n[i], 100, lv->level, &out[i]);
            break;
        case K_MEAN:
            for (size_t i = 0; i < m; i++) fp_mean_ci(x[i] * 3.5, n[i], 12.0, lv->level, &out[i]);
            break;
        case K_DSR:
            /* One DSR per 19 rows: m/19 areas of 19 age bands. */
            for (size_t i = 0; i + bands <= m; i += bands) {
                for (size_t j = 0; j < bands; j++) n[i + j] += x[i + j];
                fp_dsr_ci(x + i, n + i, NULL, bands, 100000, lv->level, &out[i / bands], NULL);
            }
            m /= bands;
            break;
        }
        t += now() - t0;
        for (size_t i = 0; i < m; i++) sum += out[i].upper == out[i].upper ? out[i].upper : 0;
    }
    free(x); free(n); free(out);
    *checksum = sum;
    return t;
}

static int gen(const char *file, double mb)
{
    FILE *fp = fopen(file, "w");
    if (!fp) { perror(file); return 1; }
    double target = mb * 1e6;
    size_t bytes = 0, row = 0;
    bytes += (size_t)fprintf(fp, "area_code,area_name,period,numerator,denominator\n");
    while ((double)bytes < target) {
        uint32_t den = 1000 + rnd() % 500000;
        uint32_t num = rnd() % 2000;
        bytes += (size_t)fprintf(fp, "E%08zu,Area %zu,2023/24,%u,%u\n", row % 100000000,
                                 row % 400, num, den);
        row++;
    }
    if (fclose(fp) != 0) { perror(file); return 1; }
    fprintf(stderr, "wrote %zu rows, %.1f MB to %s\n", row, (double)bytes / 1e6, file);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc == 4 && !strcmp(argv[1], "--gen")) return gen(argv[2], atof(argv[3]));
    size_t total = argc > 1 ? (size_t)atof(argv[1]) : 10000000;
    fp_level lv;
    fp_level_init(&lv, 0.95);
    struct { enum kind k; const char *name; double scale; } cases[] = {
        { K_WILSON, "proportion, Wilson", 1 },
        { K_BYARS, "rate, Byar's (counts >= 10)", 1 },
        { K_EXACT, "rate, exact Poisson (counts < 10)", 1 },
        { K_RATE_MIXED, "rate, mixed counts 0..999", 1 },
        { K_MEAN, "mean, Student's t", 0.1 },
        { K_CLOPPER, "proportion, Clopper-Pearson", 0.01 },
        { K_DSR, "DSR (19 bands each; rate = DSRs/s)", 1 },
    };
    printf("%-38s %12s %10s %14s\n", "method (level 0.95)", "rows", "seconds", "per second");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = (size_t)((double)total * cases[i].scale);
        if (n < BLOCK) n = BLOCK;
        double sum, t = run(cases[i].k, n, &lv, &sum);
        double units = cases[i].k == K_DSR ? (double)(n / FP_ESP2013_BANDS) : (double)n;
        printf("%-38s %12zu %10.3f %14.0f   (checksum %.6g)\n", cases[i].name, n, t, units / t, sum);
    }
    return 0;
}
