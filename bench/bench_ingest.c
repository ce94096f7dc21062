/* bench_ingest.c -- ingest throughput and memory: reads data files with
 * fpc_inputs_load (detect, parse, build the dataset, index it) and
 * reports wall and CPU time, MB/s, and the peak resident set size against the
 * input size. One load per process, so the peak RSS is that of the load.
 *
 * Usage: bench_ingest FILE...   (e.g. ../shared/data/lait/bds_long.csv)
 * Prints one line: bytes, observations, wall s, cpu s, MB/s (wall, cpu),
 * peak RSS MB and RSS / input, and the CPU time of re-indexing (part of the load). scripts/bench_ingest.sh runs it on the LAIT
 * file and on a generated file 25 times larger. */
#include "cli.h"
#include "io.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_ingest FILE...\n");
        return 2;
    }
    double bytes = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) { perror(argv[i]); return 1; }
        bytes += (double)st.st_size;
    }
    struct rusage ru0;
    getrusage(RUSAGE_SELF, &ru0);
    fpc_diags d;
    fpc_diags_init(&d);
    d.max_kept = 100;
    fpc_inputs in;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    int rc = fpc_inputs_load(&in, argv + 1, (size_t)(argc - 1), NULL, &d);
    double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
    /* The index alone, rebuilt on the loaded data (same work as in the load). */
    double ci0 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (in.ds) fp_dataset_index(in.ds, NULL);
    double ci1 = now(CLOCK_PROCESS_CPUTIME_ID);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = bytes / 1e6, rss = (double)ru.ru_maxrss / 1024.0;  /* ru_maxrss is KiB */
    printf("bytes=%.0f obs=%zu wall_s=%.3f cpu_s=%.3f MBps_wall=%.1f MBps_cpu=%.1f "
           "peak_rss_MB=%.1f rss_over_input=%.2f index_cpu_s=%.3f errors=%zu rc=%d\n",
           bytes, in.ds ? in.ds->n_obs : 0, w1 - w0, c1 - c0, mb / (w1 - w0), mb / (c1 - c0),
           rss * 1.048576, rss * 1.048576 / mb, ci1 - ci0, d.n_errors, rc);
    fpc_inputs_free(&in);
    fpc_diags_free(&d);
    return rc;
}
