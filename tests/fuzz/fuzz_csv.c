/* fuzz_csv.c -- libFuzzer harness for the CSV readers (cli/read_*.c) and the
 * period parser. Each input is written to a temporary file and read with the
 * format chosen by its first byte (auto-detection for most inputs), then the
 * dataset is indexed and its series walked. Any crash, leak or sanitizer
 * report is a bug. Build and run with scripts/fuzz.sh (needs clang). */
#include "io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void walk(const fp_dataset *ds)
{
    for (size_t i = 0; i < ds->n_indicators; i++)
        for (size_t a = 0; a < ds->n_areas && a < 50; a++) {
            const fp_obs *s;
            size_t n;
            if (fp_dataset_series(ds, i, a, &s, &n) == FP_OK && n) {
                const fp_obs *o;
                if (fp_dataset_lookup(ds, i, a, s[n - 1].period, &o) != FP_OK) abort();
            }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    if (!path[0])   /* /dev/shm keeps the per-input file in memory */
        snprintf(path, sizeof path, "%s/fp_fuzz_csv_%ld.csv",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
    /* The period parser on the raw text (NUL-terminated copy). */
    if (size < 64) {
        char buf[64];
        memcpy(buf, data + 1, size - 1);
        buf[size - 1] = '\0';
        fp_period p;
        if (fp_period_parse(buf, &p) == FP_OK) {
            char out[64];
            if (fp_period_format(&p, out, sizeof out) != FP_OK) abort();
        }
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) return 0;
    fwrite(data + 1, 1, size - 1, fp);
    fclose(fp);
    static const fpc_format fmts[11] = {
        FPC_FORMAT_AUTO, FPC_FORMAT_LAIT, FPC_FORMAT_FINGERTIPS, FPC_FORMAT_TIDY,
        FPC_FORMAT_DICTIONARY, FPC_FORMAT_LA_CODES, FPC_FORMAT_NEIGHBOURS_DFE,
        FPC_FORMAT_NEIGHBOURS_PAIRS, FPC_FORMAT_EES, FPC_FORMAT_AREAS, FPC_FORMAT_INDICATORS,
    };
    fpc_format f = fmts[data[0] % 11];
    fpc_diags d;
    fpc_diags_init(&d);
    d.max_kept = 50;
    if (fpc_format_is_neighbours(f) || (data[0] & 0x80)) {
        fp_neighbours *nb = NULL;
        if (fpc_read_neighbours(path, f, NULL, &nb, &d) == 0) {
            const fp_neighbour_list *l;
            if (nb->n_lists && fp_neighbours_find(nb, nb->lists[0].area, &l) != FP_OK) abort();
        }
        fp_neighbours_free(nb);
    } else {
        fp_dataset *ds = fp_dataset_alloc();
        fpc_read_opts o;
        fpc_read_opts_init(&o);
        if (data[0] & 0x40) o.unit = "%";
        /* EES: a definition with filters and a denominator row, so the
         * defined path runs too (its columns exist in the seeds). */
        const char *why;
        if (data[0] & 0x20) {
            fpc_read_opts_ees(&o, "A=numerator:t_met,denominator:t_pupils,"
                                  "filter:social_care_group=CLA", &why);
            fpc_read_opts_ees(&o, "B=value:pt_met,denominator:t_pupils", &why);
            fpc_read_opts_ees(&o, "C=numerator:t_met,denominator:t_met,filter:social_care_group=CLA,"
                                  "denominator_filter:social_care_group=CIN", &why);
        }
        fpc_read_file(path, f, &o, ds, &d);
        fpc_read_opts_free(&o);
        size_t dups;
        if (fp_dataset_index(ds, &dups) == FP_OK) walk(ds);
        fp_dataset_free(ds);
    }
    fpc_diags_free(&d);
    return 0;
}
