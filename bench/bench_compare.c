/* bench_compare.c -- times `fingerpost compare --all-areas` over every
 * indicator of the LAIT file (about 150 local authorities x 434 indicators),
 * and, separately, loading the same files, so the compare work itself can be
 * read off. Reports process CPU time (one core) and wall time, best of N runs.
 *
 * Usage: bench_compare [LAIT_DIR [RUNS]]   (default $FP_SHARED/data/lait,
 * else ../shared/data/lait; 3 runs). The table is written to a temporary
 * file (as `-o FILE` would) and removed; diagnostics are discarded. */
#include "cli.h"
#include "io.h"

#include <fcntl.h>
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

int main(int argc, char **argv)
{
    char defdir[4096];
    const char *env = getenv("FP_SHARED");
    snprintf(defdir, sizeof defdir, "%s/data/lait", env && *env ? env : "../shared");
    const char *dir = argc > 1 ? argv[1] : defdir;
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    if (runs < 1) runs = 1;
    static const char *const names[] = { "bds_long.csv", "data_dictionary.csv", "la_code_list.csv",
                                         "sn_may_2025.csv", "sn_april_2021.csv" };
    char *paths[5];
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(dir) + strlen(names[i]) + 2;
        paths[i] = fpc_xmalloc(n);
        snprintf(paths[i], n, "%s/%s", dir, names[i]);
        FILE *fp = fopen(paths[i], "r");
        if (!fp) {
            fprintf(stderr, "bench_compare: cannot open %s (give the LAIT folder as argument)\n", paths[i]);
            return 77;
        }
        fclose(fp);
    }
    char outpath[4096];
    const char *tmp = getenv("TMPDIR");
    snprintf(outpath, sizeof outpath, "%s/bench_compare_%ld.csv", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    int saved_err = dup(2), devnull = open("/dev/null", O_WRONLY);
    if (saved_err < 0 || devnull < 0) return 1;
    double best_load_cpu = 1e9, best_load_wall = 1e9, best_all_cpu = 1e9, best_all_wall = 1e9;
    for (int r = 0; r < runs; r++) {
        double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
        dup2(devnull, 2);
        fpc_inputs in;
        fpc_diags d;
        fpc_diags_init(&d);
        fpc_inputs_load(&in, paths, 5, NULL, &d);
        double c1 = now(CLOCK_PROCESS_CPUTIME_ID), w1 = now(CLOCK_MONOTONIC);
        fpc_inputs_free(&in);
        fpc_diags_free(&d);
        if (c1 - c0 < best_load_cpu) best_load_cpu = c1 - c0;
        if (w1 - w0 < best_load_wall) best_load_wall = w1 - w0;

        char *av[16];
        int ac = 0;
        av[ac++] = "compare";
        av[ac++] = "--all-areas";
        av[ac++] = "-o";
        av[ac++] = outpath;
        for (int i = 0; i < 5; i++) av[ac++] = paths[i];
        av[ac] = NULL;
        c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        w0 = now(CLOCK_MONOTONIC);
        int rc = fpc_cmd_compare(ac, av);
        c1 = now(CLOCK_PROCESS_CPUTIME_ID);
        w1 = now(CLOCK_MONOTONIC);
        dup2(saved_err, 2);
        unlink(outpath);
        if (rc != 0 && rc != 1) { fprintf(stderr, "bench_compare: compare failed (%d)\n", rc); return 1; }
        if (c1 - c0 < best_all_cpu) best_all_cpu = c1 - c0;
        if (w1 - w0 < best_all_wall) best_all_wall = w1 - w0;
    }
    printf("bench_compare: %s, best of %d runs (CPU s / wall s)\n", dir, runs);
    printf("  load LAIT files                  %.3f / %.3f\n", best_load_cpu, best_load_wall);
    printf("  compare --all-areas, end to end  %.3f / %.3f\n", best_all_cpu, best_all_wall);
    printf("  compare work (difference, CPU)   %.3f\n", best_all_cpu - best_load_cpu);
    close(devnull);
    close(saved_err);
    for (int i = 0; i < 5; i++) free(paths[i]);
    return 0;
}
