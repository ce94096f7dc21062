/* replay.c -- runs a libFuzzer harness (fuzz_csv.c or fuzz_fast.c, linked in
 * beside this file) over saved inputs without libFuzzer, so the normal gcc
 * build and the ASan/UBSan build of ./test.sh replay the fuzzers' corpora in
 * CI (issue 14). libFuzzer itself replays a corpus the same way when given
 * files instead of directories to fuzz: each file's bytes are one call of
 * LLVMFuzzerTestOneInput.
 *
 *   replay [-s] PATH...
 *
 * PATH is a file or a directory (every regular file in it, not recursive;
 * names starting with '.' skipped). Each file is one input, as libFuzzer saved
 * it (its first byte is the harness's control byte). With -s each file is
 * instead a seed as scripts/fuzz.sh makes them: its first 8000 bytes are
 * replayed once behind each control byte fuzz.sh prefixes (0x00-0x0a, 0x29),
 * so the corpus also covers every reader on every test data file. A harness
 * that finds a bug aborts (or a sanitizer stops the program); otherwise the
 * exit status is 0 and the number of inputs is printed. An unreadable PATH is
 * exit 2. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The control bytes scripts/fuzz.sh puts before each seed, and the length of
 * the seed it keeps (head -c 8000). */
static const uint8_t seed_bytes[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
                                      0x07, 0x08, 0x09, 0x0a, 0x29 };
#define SEED_MAX 8000

static size_t n_inputs;

/* Read the whole file at path into a new buffer with one byte free at its
 * front (for a seed's control byte); NULL with a message when unreadable. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) { perror(path); return NULL; }
    size_t cap = 4096, n = 1;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
    }
    int bad = !buf || ferror(fp);
    fclose(fp);
    if (bad) { fprintf(stderr, "replay: cannot read %s\n", path); free(buf); return NULL; }
    *len = n - 1;
    return buf;
}

/* Replay one file: as saved (the control byte is its first byte), or as a
 * seed behind each of fuzz.sh's control bytes. */
static int replay_file(const char *path, int seeds)
{
    size_t len;
    uint8_t *buf = slurp(path, &len);
    if (!buf) return -1;
    if (!seeds) {
        LLVMFuzzerTestOneInput(buf + 1, len);
        n_inputs++;
    } else {
        size_t keep = len < SEED_MAX ? len : SEED_MAX;
        for (size_t k = 0; k < sizeof seed_bytes; k++) {
            buf[0] = seed_bytes[k];
            LLVMFuzzerTestOneInput(buf, keep + 1);
            n_inputs++;
        }
    }
    free(buf);
    return 0;
}

/* Replay every regular file directly inside dir, in name order so a failure
 * is reproducible. */
static int replay_dir(const char *dir, int seeds)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) { perror(dir); return -1; }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char path[4096];
        struct stat st;
        if (name[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path
            && stat(path, &st) == 0 && S_ISREG(st.st_mode) && replay_file(path, seeds) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int seeds = 0, rc = 0, first = 1;
    if (argc > 1 && !strcmp(argv[1], "-s")) { seeds = 1; first = 2; }
    if (first >= argc) {
        fprintf(stderr, "usage: replay [-s] PATH...\n");
        return 2;
    }
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) { perror(argv[i]); rc = 2; continue; }
        if ((S_ISDIR(st.st_mode) ? replay_dir(argv[i], seeds) : replay_file(argv[i], seeds)) != 0)
            rc = 2;
    }
    /* The harnesses keep their per-input file under this process's id. */
    static const char *const dirs[] = { "/dev/shm", "/tmp" };
    static const char *const names[] = { "csv", "fast" };
    for (size_t d = 0; d < 2; d++)
        for (size_t h = 0; h < 2; h++) {
            char path[64];
            snprintf(path, sizeof path, "%s/fp_fuzz_%s_%ld.csv", dirs[d], names[h], (long)getpid());
            unlink(path);
        }
    printf("replay: %zu inputs, no crash\n", n_inputs);
    return rc;
}
