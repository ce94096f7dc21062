/* bench_scale.c -- the three scale cases of issue 14, each at growing sizes
 * so the growth can be read off (near-linear: double the size, about double
 * the time).
 *
 *   bench_scale names [N]     load a tidy file of N areas named but without
 *                             codes (2 periods each, with a region column),
 *                             N/4, N/2, N (default 60,000)
 *   bench_scale joinpoint     fp_trend_joinpoint on one Poisson series of
 *                             60, 120, 240 and 2,000 points (the last is over
 *                             FP_JOINPOINT_MAX_POINTS: refused at once)
 *   bench_scale trend [ROWS]  `fingerpost trend --method all` in-process on
 *                             ROWS/4, ROWS/2, ROWS rows (10 indicators x areas
 *                             x 10 years, counts of 1,000, region column;
 *                             default 1,000,000)
 *   bench_scale trend-file ROWS PATH   write that input of ROWS rows to PATH
 *                             (for bench/trend_threads.sh)
 *
 * Inputs are generated from a fixed 64-bit LCG (repeatable) into /tmp and
 * removed afterwards. Times are process CPU time (the machine is shared),
 * with wall time beside. Results: docs/performance.md, "Scale". */
#include "cli.h"
#include "io.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static double unif(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) * (1.0 / 9007199254740992.0);
}

static const char *const regions[] = { "North West", "London", "South East", "North East",
                                       "East Midlands" };

static void tmp_path(char *buf, size_t n, const char *what)
{
    snprintf(buf, n, "/tmp/fp_bench_scale_%s_%ld.csv", what, (long)getpid());
}

/* Names only: indicator,area,region,period,value. */
static int bench_names(size_t n_max)
{
    for (size_t n = n_max / 4; n <= n_max; n *= 2) {
        char path[128];
        tmp_path(path, sizeof path, "names");
        FILE *f = fopen(path, "w");
        if (!f) { perror(path); return 1; }
        fprintf(f, "indicator,area,region,period,value\n");
        for (int p = 2022; p <= 2023; p++)
            for (size_t a = 0; a < n; a++)
                fprintf(f, "P,Area %zu,%s,%d,%.1f\n", a, regions[a % 5], p, 10 + 80 * unif());
        fclose(f);
        fpc_diags d;
        fpc_diags_init(&d);
        d.max_kept = 10;
        fpc_inputs in;
        char *paths[] = { path };
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int rc = fpc_inputs_load(&in, paths, 1, NULL, &d);
        double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
        printf("names: %6zu areas (%zu rows): load %.3f s CPU, %.3f s wall, %zu areas read, rc %d\n",
               n, 2 * n, c1 - c0, w1 - w0, in.ds ? in.ds->n_areas : 0, rc);
        fpc_inputs_free(&in);
        fpc_diags_free(&d);
        unlink(path);
    }
    return 0;
}

/* One Poisson series with a change of slope two thirds of the way. */
static int bench_joinpoint(void)
{
    static const size_t sizes[] = { 60, 120, 240, 2000 };
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        double *t = malloc(3 * n * sizeof *t), *x = t + n, *d = t + 2 * n;
        if (!t) return 1;
        for (size_t i = 0; i < n; i++) {
            t[i] = (double)i;
            double rate = 0.05 * exp((i < 2 * n / 3 ? 0.004 : -0.006) * (double)i);
            d[i] = 100000;
            x[i] = floor(rate * d[i] * (0.95 + 0.1 * unif()));
        }
        fp_trend_series s;
        memset(&s, 0, sizeof s);
        s.n = n;
        s.t = t;
        s.count = x;
        s.denom = d;
        fp_joinpoint_result r;
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int st = fp_trend_joinpoint(&s, NULL, &r);
        double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
        printf("joinpoint: %5zu points: %.3f s CPU, %.3f s wall, %zu joinpoints, reason '%s', status %d\n",
               n, c1 - c0, w1 - w0, r.n_joinpoints, fp_trend_reason_string(r.reason), st);
        free(t);
    }
    return 0;
}

/* Tidy rows: indicator,area,area_code,region,period,numerator,denominator,value,unit. */
/* The trend input of `rows` rows (10 indicators x rows / 100 areas x 10
 * years) into path: 0, or 1 with the error printed. */
static int write_trend_input(const char *path, size_t rows)
{
    size_t n_areas = rows / 100;
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fprintf(f, "indicator,area,area_code,region,period,numerator,denominator,value,unit\n");
    for (int i = 0; i < 10; i++)
        for (size_t a = 0; a < n_areas; a++) {
            double base = 100 + 800 * unif();
            for (int p = 0; p < 10; p++) {
                double x = floor(base + 40 * (unif() - 0.5));
                fprintf(f, "I%d,Area %zu,C%07zu,%s,%d,%.0f,1000,%.1f,%%\n", i, a, a,
                        regions[a % 5], 2014 + p, x, x / 10);
            }
        }
    return fclose(f) == 0 ? 0 : 1;
}

static int bench_trend(size_t rows_max)
{
    for (size_t rows = rows_max / 4; rows <= rows_max; rows *= 2) {
        char path[128], out[128];
        tmp_path(path, sizeof path, "trend");
        tmp_path(out, sizeof out, "trend_out");
        if (write_trend_input(path, rows) != 0) return 1;
        char *argv[] = { "trend", "--method", "all", "-o", out, path, NULL };
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int rc = fpc_cmd_trend(6, argv);
        double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
        printf("trend --method all: %8zu rows (%zu series): %.2f s CPU, %.2f s wall, "
               "%.2f us CPU a row, rc %d\n", rows, rows / 10, c1 - c0, w1 - w0,
               1e6 * (c1 - c0) / (double)rows, rc);
        unlink(path);
        unlink(out);
    }
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fprintf(stderr, "usage: bench_scale names [N] | joinpoint | trend [ROWS] | trend-file ROWS PATH\n");
        return 2;
    }
    size_t n = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 0;
    if (!strcmp(argv[1], "names")) return bench_names(n ? n : 60000);
    if (!strcmp(argv[1], "joinpoint")) return bench_joinpoint();
    if (!strcmp(argv[1], "trend")) return bench_trend(n ? n : 1000000);
    /* The same input kept in a file, for bench/trend_threads.sh. */
    if (!strcmp(argv[1], "trend-file") && argc > 3) return write_trend_input(argv[3], n ? n : 1000000);
    fprintf(stderr, "bench_scale: unknown case '%s'\n", argv[1]);
    return 2;
}
