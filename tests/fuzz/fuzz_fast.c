/* fuzz_fast.c -- differential libFuzzer harness for the CSV layer's fast
 * path (fast_line in cli/io/read_csv.c). Each input is written to a temporary
 * file and read with fpc__csv_read twice, once with fpc__csv_fast on and
 * once with every line going through libcsv; the two records (each row's
 * line, header flag and fields byte for byte with their lengths, then the
 * return code, c.rows and the other counters, then every diagnostic) must be
 * identical, else the harness aborts. Build and run with
 * `scripts/fuzz.sh SECONDS fuzz_fast` (needs clang).
 *
 * The first byte of the input is a control byte:
 *   bits 0,7  pad (both set: a padded input costs ~100 times an unpadded
 *             one, so one input in four): put about 1 MiB of unquoted
 *             padding lines before the payload so that the 1 MiB block
 *             boundary falls inside it (the next two bytes, little-endian,
 *             modulo the payload length plus one, give the payload offset at
 *             which the boundary falls); the payload is then also past the
 *             NUL-byte check of the first block
 *   bit 1     the padding ends with a newline (else its last, partial line
 *             runs into the payload's first line)
 *   bit 2     only_header: stop after the header row
 *   bits 3-5  k: the row callback asks to stop after k data rows (0 never)
 * The rest is the payload. */
#include "read_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK ((size_t)1 << 20)   /* as cli/io/read_csv.c */

static char path[64];
static char *pad;                  /* BLOCK bytes of padding lines */

typedef struct rec {
    char *s;
    size_t n, cap;
    size_t rows, stop_after;
} rec;

static void put(rec *x, const void *p, size_t n)
{
    if (x->n + n + 1 > x->cap) {
        x->cap = 2 * (x->n + n + 1);
        x->s = realloc(x->s, x->cap);
        if (!x->s) abort();
    }
    if (n) memcpy(x->s + x->n, p, n);
    x->n += n;
    x->s[x->n] = '\0';
}

static void putf(rec *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(rec *x, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(x, buf, (size_t)k);
}

/* Serialise the row unambiguously: line, header flag, field count, then each
 * field as its length and its bytes (NUL bytes included). The field's
 * terminating NUL is checked too. */
static int on_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    (void)c;
    rec *x = ctx;
    putf(x, "%zu%s n=%zu:", r->line, r->is_header ? "H" : "", r->n);
    for (size_t i = 0; i < r->n; i++) {
        if (r->f[i][r->len[i]] != '\0') abort();
        putf(x, "[%zu:", r->len[i]);
        put(x, r->f[i], r->len[i]);
        put(x, "]", 1);
    }
    put(x, "\n", 1);
    if (!r->is_header && x->stop_after && ++x->rows >= x->stop_after) return 1;
    return 0;
}

static char *read_once(int fast, int only_header, size_t stop_after, size_t *len)
{
    rec x = { NULL, 0, 0, 0, stop_after };
    put(&x, "", 0);
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_csv c;
    fpc__csv_fast = fast;
    int rc = fpc__csv_read(&c, path, &d, on_row, &x, only_header);
    fpc__csv_fast = 1;
    /* A header-only read leaves the input open for a full read that never
     * comes here: close it, or the next input (same path) would replay it. */
    fpc__source_close(path);
    putf(&x, "rc=%d rows=%zu header_fields=%zu\n", rc, c.rows, c.header_fields);
    putf(&x, "bytes=%zu hash=%016llx errors=%zu\n", c.bytes, (unsigned long long)c.hash,
         d.n_errors);
    putf(&x, "warnings=%zu kept=%zu\n", d.n_warnings, d.n);
    for (size_t i = 0; i < d.n; i++) {
        putf(&x, "%zu:%zu:%s:", d.items[i].line, d.items[i].col,
             d.items[i].is_error ? "error" : "warning");
        put(&x, d.items[i].message, strlen(d.items[i].message));
        put(&x, "\n", 1);
    }
    fpc_diags_free(&d);
    *len = x.n;
    return x.s;
}

/* Fill pad with lines of a fixed unquoted pattern (no NUL, no quote, no CR):
 * spaces and tabs around fields, an empty field, a long field. */
static void make_pad(void)
{
    static const char line[] =
        "padding , line\t,,0123456789,abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        " abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz,"
        "  last field  \n";
    pad = malloc(BLOCK);
    if (!pad) abort();
    for (size_t i = 0; i < BLOCK; i++) pad[i] = line[i % (sizeof line - 1)];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    if (!path[0])   /* /dev/shm keeps the per-input file in memory */
        snprintf(path, sizeof path, "%s/fp_fuzz_fast_%ld.csv",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
    if (!pad) make_pad();
    unsigned ctl = data[0];
    int padded = (ctl & 0x81) == 0x81, pad_nl = (ctl >> 1) & 1, only_header = (ctl >> 2) & 1;
    size_t stop_after = (ctl >> 3) & 7;
    const uint8_t *pl = data + 1;
    size_t n = size - 1;
    size_t plen = 0;
    if (padded) {
        if (n < 2) return 0;
        size_t off = ((size_t)pl[0] | (size_t)pl[1] << 8);
        pl += 2;
        n -= 2;
        off %= n + 1;
        plen = BLOCK - off;   /* the boundary falls off bytes into the payload */
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) return 0;
    if (plen) {
        /* The padding's last line: a partial pattern line, ended by a
         * newline when asked for (in place of its last byte). */
        fwrite(pad, 1, plen - (pad_nl ? 1 : 0), fp);
        if (pad_nl) fputc('\n', fp);
    }
    fwrite(pl, 1, n, fp);
    fclose(fp);
    size_t la, lb;
    char *a = read_once(1, only_header, stop_after, &la);
    char *b = read_once(0, only_header, stop_after, &lb);
    if (la != lb || memcmp(a, b, la) != 0) {
        size_t i = 0;
        while (i < la && i < lb && a[i] == b[i]) i++;
        size_t from = i > 400 ? i - 400 : 0;
        fprintf(stderr, "fuzz_fast: fast path and libcsv differ at record byte %zu "
                "(padding %zu bytes, control 0x%02x)\n--- fast\n%.*s\n--- libcsv\n%.*s\n",
                i, plen, ctl, (int)(la - from < 1200 ? la - from : 1200), a + from,
                (int)(lb - from < 1200 ? lb - from : 1200), b + from);
        abort();
    }
    free(a);
    free(b);
    return 0;
}
