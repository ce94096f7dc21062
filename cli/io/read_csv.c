/* read_csv.c -- the streaming CSV layer under every reader, over libcsv.
 *
 * The file is read in 1 MiB blocks and taken one physical line at a time,
 * so the line on which each row starts is known exactly (libcsv itself
 * keeps no positions): a complete unquoted line is split by fast_line,
 * any other goes to libcsv. A UTF-8 BOM is skipped; CR, LF and CRLF all end rows;
 * quoted fields may hold commas, quotes and newlines. Guards: NUL bytes in
 * the first block mean a binary file; a field longer than FPC_MAX_FIELD makes
 * its row an error; a quote left open at the end of the file, or a quoted
 * field that grows past 64 MiB over several lines, is reported at the line
 * and field where it opened, and the lines it took are read again as rows
 * (reread_lines); a field that grows past 64 MiB within one line stops the
 * file. */
#include "read_internal.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define BLOCK ((size_t)1 << 20)
#define RUNAWAY ((size_t)64 << 20)

/* ------------------------------------------------------------ helpers */

void fpc__header_norm(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    while (*s == ' ' || *s == '\t') s++;
    for (; *s && k + 1 < n; s++)
        buf[k++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
    while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t' || buf[k - 1] == '\r')) k--;
    buf[k] = '\0';
}

long fpc__header_find(fpc_csv *c, const fpc_row *hdr, const char *const *names)
{
    char buf[256];
    for (const char *const *nm = names; *nm; nm++) {
        long found = -1;
        for (size_t i = 0; i < hdr->n; i++) {
            fpc__header_norm(hdr->f[i], buf, sizeof buf);
            if (strcmp(buf, *nm) != 0) continue;
            if (found < 0) {
                found = (long)i;
            } else {
                fpc_diags_add(c->diags, 0, c->path, hdr->line, i + 1,
                              "column '%s' repeated (first at column %ld); the first is used",
                              hdr->f[i], found + 1);
                break;
            }
        }
        if (found >= 0) return found;
    }
    return -1;
}

void fpc__header_squash(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++) {
        char ch = *s;
        if (ch == ' ' || ch == '\t' || ch == '_' || ch == '.' || ch == '-' || ch == '\r') continue;
        buf[k++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    buf[k] = '\0';
}

long fpc__header_find_sq(fpc_csv *c, const fpc_row *hdr, const char *squashed)
{
    char buf[256];
    long found = -1;
    for (size_t i = 0; i < hdr->n; i++) {
        fpc__header_squash(hdr->f[i], buf, sizeof buf);
        if (strcmp(buf, squashed) != 0) continue;
        if (found < 0) {
            found = (long)i;
        } else {
            fpc_diags_add(c->diags, 0, c->path, hdr->line, i + 1,
                          "column '%s' repeated (first at column %ld); the first is used",
                          hdr->f[i], found + 1);
            break;
        }
    }
    return found;
}

/* Powers of ten that are exact doubles (10^0 .. 10^22). */
static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The common published number, "[-+]digits[.digits]" with at most 15
 * digits in all, converted without strtod: the digits form an
 * integer m < 10^15 < 2^53 (exact in a double) and the value is m / 10^k with
 * k <= 15, one correctly rounded IEEE division of two exact doubles -- the
 * same double strtod returns (Clinger's fast path, W. D. Clinger, "How to
 * read floating point numbers accurately", PLDI 1990). Returns 0 and *v when
 * it applies, -1 to leave the text to the general parser. */
static int parse_simple(const char *s, double *v)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-' || *p == '+') { neg = *p == '-'; p++; }
    uint64_t m = 0;
    int digits = 0, frac = 0, dot = 0;
    for (;; p++) {
        unsigned d = (unsigned)(unsigned char)*p - '0';
        if (d <= 9) {
            m = m * 10 + d;
            digits++;
            frac += dot;
            continue;
        }
        if (*p == '.' && !dot) { dot = 1; continue; }
        break;
    }
    if (*p || digits == 0 || digits > 15) return -1;
    double x = (double)m;
    if (frac) x /= pow10_exact[frac];
    *v = neg ? -x : x;
    return 0;
}

int fpc__parse_number(const char *s, double *v)
{
    while (*s == ' ' || *s == '\t') s++;
    if (parse_simple(s, v) == 0) return 0;
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9'))) return -1;
    char *end;
    double x = strtod(s, &end);
    const char *e = end;
    if (*e == ',') {
        /* Thousands separators: groups of exactly three digits after the first. */
        char tmp[128];
        size_t k = 0;
        const char *q = s;
        int digits_since = -1;   /* -1 before any comma */
        int lead = 0;
        for (; *q && *q != '.' && *q != 'e' && *q != 'E' && *q != ' '; q++) {
            if (*q == ',') {
                if ((digits_since == -1 && lead == 0) || (digits_since >= 0 && digits_since != 3))
                    return -1;
                digits_since = 0;
                continue;
            }
            if (k + 1 >= sizeof tmp) return -1;
            if (*q >= '0' && *q <= '9') {
                if (digits_since >= 0) digits_since++; else lead++;
            } else if (!(q == s && (*q == '+' || *q == '-'))) {
                return -1;
            }
            tmp[k++] = *q;
        }
        if (digits_since != 3) return -1;
        for (; *q && *q != ' '; q++) {
            if (k + 1 >= sizeof tmp) return -1;
            tmp[k++] = *q;
        }
        tmp[k] = '\0';
        x = strtod(tmp, &end);
        if (*end) return -1;
        e = q;
    }
    while (*e == ' ' || *e == '\t') e++;
    if (*e) return -1;
    if (!isfinite(x)) return -1;
    /* strtod accepts hexadecimal; published numbers never are. */
    for (const char *q = s; q < e; q++)
        if (*q == 'x' || *q == 'X') return -1;
    *v = x;
    return 0;
}

int fpc__parse_value(const char *s, double *v, fp_missing *m)
{
    if (fpc__parse_number(s, v) == 0) return 0;
    if (fp_missing_parse(s, m) == FP_OK) return 1;
    return -1;
}

int fpc__utf8_ok(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c == 0) return 0;
        if (c < 0x80) { p++; continue; }
        size_t n;
        unsigned min;
        if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
        else return 0;
        if ((size_t)(e - p) <= n) return 0;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        p += n + 1;
    }
    return 1;
}

int fpc__row_blank(const fpc_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (const char *p = r->f[i]; *p; p++)
            if (*p != ' ' && *p != '\t') return 0;
    return 1;
}

int fpc__row_short(fpc_csv *c, const fpc_row *r, size_t need)
{
    /* Text past the header's last column has no column to go to: most
     * often a comma inside an unquoted name that shifted the cells. It is
     * said, not dropped without a word (empty trailing cells, as
     * spreadsheets write them, are not). */
    for (size_t i = c->header_fields; i < r->n; i++) {
        const char *p = r->f[i];
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) continue;
        fpc_diags_add(c->diags, 0, c->path, r->line, i + 1,
                      "row has %zu fields, the header has %zu; the text past the header's "
                      "columns is ignored (a comma inside an unquoted field?)",
                      r->n, c->header_fields);
        break;
    }
    if (r->n >= need) {
        /* The required cells are there; the cells the row lacks are read
         * as empty (missing), which is said, not silently assumed. */
        if (r->n < c->header_fields)
            fpc_diags_add(c->diags, 0, c->path, r->line, 0,
                          "row has %zu fields, the header has %zu; the missing cells are "
                          "read as empty", r->n, c->header_fields);
        return 0;
    }
    fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                  "row has %zu fields, expected %zu; row skipped", r->n, c->header_fields);
    return 1;
}

const char *fpc__basename(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

void fpc__version_append(fp_dataset *ds, const char *path, uint64_t hash)
{
    const char *base = strcmp(path, "-") ? fpc__basename(path) : "stdin";
    size_t n = strlen(ds->version) + strlen(base) + 32;
    char *v = fpc_xmalloc(n);
    snprintf(v, n, "%s%s%s#%016llx", ds->version, *ds->version ? "; " : "", base,
             (unsigned long long)hash);
    fp_dataset_set_version(ds, v);
    free(v);
}

/* ------------------------------------------------------- libcsv glue */

/* libcsv grows its field buffer by a fixed block, so a 10 MB field would
 * cost thousands of reallocations, each a full copy under sanitizers. This
 * wrapper makes the growth geometric: it remembers the capacity it really
 * allocated for the one buffer in use (readers run one at a time) and
 * returns the same pointer while the request still fits. */
static void *grow_ptr;
static size_t grow_cap;

static void *csv_realloc(void *p, size_t n)
{
    if (p && p == grow_ptr && n <= grow_cap) return p;
    size_t cap = n;
    if (p && p == grow_ptr && grow_cap * 2 > n) cap = grow_cap * 2;
    void *q = realloc(p, cap);
    if (!q) return NULL;
    grow_ptr = q;
    grow_cap = cap;
    return q;
}

static void csv_free_buf(void *p)
{
    if (p == grow_ptr) { grow_ptr = NULL; grow_cap = 0; }
    free(p);
}

/* Room for field number k (0-based) in the row's offset and length arrays. */
static void field_room(fpc_csv *c, size_t k)
{
    if (k < c->capf) return;
    c->capf = c->capf ? 2 * c->capf : 32;
    c->off = fpc_xrealloc(c->off, c->capf * sizeof *c->off);
    c->flen = fpc_xrealloc(c->flen, c->capf * sizeof *c->flen);
}

static void on_field(void *data, size_t len, void *ctx)
{
    fpc_csv *c = ctx;
    /* A row past FPC_MAX_FIELDS fields or RUNAWAY bytes in all is an
     * error; its further fields are not kept, so a hostile row (a line of
     * nothing but commas) cannot make the row grow without bound. */
    if (c->nf >= FPC_MAX_FIELDS || c->blen + (len > FPC_MAX_FIELD ? 0 : len) + 1 > RUNAWAY) {
        if (c->row_bad != 2) { c->row_bad = 2; c->bad_col = c->nf + 1; }
        return;
    }
    field_room(c, c->nf);
    if (len > FPC_MAX_FIELD) {
        if (!c->row_bad) { c->row_bad = 1; c->bad_col = c->nf + 1; }
        len = 0;
    }
    if (c->blen + len + 1 > c->bcap) {
        while (c->blen + len + 1 > c->bcap) c->bcap = c->bcap ? 2 * c->bcap : 4096;
        c->buf = fpc_xrealloc(c->buf, c->bcap);
    }
    c->off[c->nf] = c->blen;
    c->flen[c->nf] = len;
    if (len) memcpy(c->buf + c->blen, data, len);
    c->buf[c->blen + len] = '\0';
    c->blen += len + 1;
    c->nf++;
}

static void on_row(int term, void *ctx)
{
    fpc_csv *c = ctx;
    size_t nf = c->nf;
    if (c->stop) goto done;
    if (c->row_bad == 1) {
        fpc_diags_add(c->diags, 1, c->path, c->row_line, c->bad_col,
                      "field longer than %zu bytes (1 MiB); row skipped", FPC_MAX_FIELD);
        goto done;
    }
    if (c->row_bad == 2) {
        fpc_diags_add(c->diags, 1, c->path, c->row_line, c->bad_col,
                      "row has more than %zu fields or %zu MiB; row skipped",
                      (size_t)FPC_MAX_FIELDS, RUNAWAY >> 20);
        goto done;
    }
    if (nf == 0) goto done;
    if (nf > c->capp) {
        c->capp = nf > 2 * c->capp ? nf : 2 * c->capp;
        c->ptrs = fpc_xrealloc(c->ptrs, c->capp * sizeof *c->ptrs);
    }
    char *base = c->base ? c->base : c->buf;
    for (size_t i = 0; i < nf; i++) c->ptrs[i] = base + c->off[i];
    fpc_row r = { c->ptrs, c->flen, nf, c->row_line, 0, c->base != NULL };
    if (fpc__row_blank(&r)) goto done;
    if (c->cr_ended)
        /* The last row ended at a CR alone in this line of a file of LF
         * lines: libcsv ends a row at any CR, so this row is text that the
         * line's earlier row would otherwise have held. Said, not done
         * silently (issue 22). */
        fpc_diags_add(c->diags, 0, c->path, c->row_line, 0,
                      "a CR alone ends a row inside this line; the text after it is read as "
                      "another row (an old Mac line end in a file of LF lines?)");
    /* NUL bytes inside a field: binary data in a text file (the fast path,
     * which sets base, never hands over a line with a NUL byte). */
    for (size_t i = 0; i < nf && !c->base; i++)
        if (memchr(r.f[i], '\0', r.len[i])) {
            fpc_diags_add(c->diags, 1, c->path, c->row_line, i + 1,
                          "binary data (NUL byte) in field; row skipped");
            goto done;
        }
    if (!c->seen_header) {
        r.is_header = 1;
        c->seen_header = 1;
        c->header_fields = nf;
        for (size_t i = 0; i < nf; i++)
            if (!fpc__utf8_ok(r.f[i], r.len[i])) {
                fpc_diags_add(c->diags, 1, c->path, c->row_line, i + 1,
                              "header is not valid UTF-8 text (binary or wrongly encoded file)");
                c->stop = c->fatal = 1;
                goto done;
            }
        if (c->fn(c->ctx, c, &r)) c->stop = c->fatal = 1;
        if (c->only_header) c->stop = 1;
    } else {
        c->rows++;
        if (c->fn(c->ctx, c, &r)) c->stop = c->fatal = 1;
    }
done:
    c->nf = 0;
    c->blen = 0;
    c->row_bad = 0;
    /* A row that libcsv ended at a CR in a file of LF lines: CRLF, or a CR
     * alone. A row delivered before the line ends started after a CR alone
     * (c->cr_ended, cleared at every line end), on this line. */
    c->cr_ended = term == '\r' && !c->cr_lines;
    if (c->cr_ended) c->row_line = c->cur_line;
}

/* The fast path for the common line: a complete physical line (it ends in
 * LF or CRLF, or a CR alone in a file of CR lines) with no quote, no NUL
 * byte and no other CR. Such a line is one
 * row whose fields are the text between commas, with leading and trailing
 * spaces and tabs removed -- exactly what libcsv makes of it in its default
 * (non-strict) mode, where spaces and tabs around an unquoted field are
 * trimmed and CR or LF ends a row. The line is scanned once, eight bytes at
 * a time, and split where it lies in the read block (NULs written over the
 * commas), so a row costs about one instruction per byte instead of
 * libcsv's per-character state machine, one callback and one copy per
 * field. Returns the length of the line taken (with its newline), or 0
 * when it must go to libcsv: a quote, NUL or stray CR in it, or no line
 * end before the end of the block (or a CR as the block's last byte). tests/unit/test_ingest.c and
 * tests/fuzz/fuzz_fast.c read files both ways and compare. */
int fpc__csv_fast = 1;

#define ONES7 0x7F7F7F7F7F7F7F7FULL

/* The high bit of each byte of w equal to the byte c, exactly (no borrow
 * from one byte into the next: (x & 0x7F) + 0x7F cannot carry out). */
static inline uint64_t bytes_eq(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (0x0101010101010101ULL * c);
    return ~((((x & ONES7) + ONES7) | x) | ONES7);
}

static size_t fast_line(fpc_csv *c, unsigned char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (!fpc__csv_fast) return 0;
    size_t nc = 0, nl = 0, ncr = 0, crpos = 0;
    int found = 0;
    /* The block has 8 readable bytes past its end, so whole words can be
     * loaded; bytes past n are masked off. The line ends at the first LF,
     * or in a file whose lines end in CR (c->cr_lines) at the first CR or
     * LF; otherwise a CR is allowed only just before the LF (CRLF). */
    for (size_t i = 0; i < n && i <= FPC_MAX_FIELD; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t mn = bytes_eq(w, '\n'), mc = bytes_eq(w, ','), mr = bytes_eq(w, '\r');
        uint64_t mb = bytes_eq(w, '"') | bytes_eq(w, '\0');
        if (n - i < 8) {
            uint64_t valid = (1ULL << ((n - i) * 8)) - 1;
            mn &= valid; mc &= valid; mr &= valid; mb &= valid;
        }
        uint64_t mt = c->cr_lines ? mn | mr : mn;
        if (mt) {
            uint64_t below = (mt & (0 - mt)) - 1;   /* the bytes before the line end */
            mc &= below; mr &= below; mb &= below;
            nl = i + (size_t)__builtin_ctzll(mt) / 8;
            found = 1;
        }
        if (mb) return 0;
        if (mr) {
            ncr += (size_t)__builtin_popcountll(mr);
            crpos = i + (size_t)(63 - __builtin_clzll(mr)) / 8;
        }
        for (; mc; mc &= mc - 1) {
            if (nc + 1 >= FPC_MAX_FIELDS) return 0;   /* libcsv's path reports the row */
            field_room(c, nc);
            c->off[nc++] = i + (size_t)__builtin_ctzll(mc) / 8;
        }
        if (found) break;
    }
    if (!found || nl > FPC_MAX_FIELD) return 0;
    size_t end = nl, took = nl + 1;
    if (ncr) {
        if (ncr > 1 || crpos + 1 != nl) return 0;
        end = nl - 1;
    } else if (s[nl] == '\r') {
        /* A CR line end (c->cr_lines): with an LF after it, CRLF. */
        if (nl + 1 == n) return 0;   /* an LF may follow in the next block */
        if (s[nl + 1] == '\n') took++;
    }
    /* Fields: [start, comma) ... [start, end), trimmed, NUL-terminated. */
    field_room(c, nc);
    size_t start = 0;
    for (size_t k = 0; k <= nc; k++) {
        size_t e = k < nc ? c->off[k] : end, a = start;
        start = e + 1;
        while (a < e && (s[a] == ' ' || s[a] == '\t')) a++;
        while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
        s[e] = '\0';
        c->off[k] = a;
        c->flen[k] = e - a;
    }
    c->nf = nc + 1;
    c->row_line = c->cur_line;
    c->base = (char *)s;
    on_row(0, c);
    c->base = NULL;
    return took;
#else
    (void)c; (void)s; (void)n;
    return 0;
#endif
}

/* libcsv's parser states (libcsv.c): inside a field, and just after a quote
 * that may close a quoted field. */
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/* Forget the row being parsed: libcsv is left between rows. */
static void parser_reset(fpc_csv *c, struct csv_parser *p)
{
    p->pstate = 0;
    p->quoted = 0;
    p->spaces = 0;
    p->entry_pos = 0;
    c->nf = 0;
    c->blen = 0;
    c->row_bad = 0;
}

/* Feed the physical line s[0, len) (with its newline, if it has one) to
 * libcsv. In its lenient (non-strict) mode libcsv reads text after a
 * closing quote -- "Bville"x, or "a" "b" -- as part of the quoted field,
 * which then runs on, across commas and newlines, to the next quote: the
 * rows that follow are silently merged into one field. Strict mode would
 * refuse it, but would also refuse the stray quotes inside unquoted fields
 * (5" floppy) that real files have and that are read as written. So the line
 * is fed in pieces that end at a quote, and after a piece that leaves
 * libcsv just past a quote in a quoted field, the next byte that is not a
 * space or tab must end the field (a comma, CR or LF) or, right after the
 * quote, be the second quote of an escaped pair. Anything else is an error
 * at the row's line and field: the row is dropped and the parser restarts
 * at the next physical line, so every later row is still read. Returns 0,
 * or -1 when libcsv itself failed (out of memory). */
static int feed_line(fpc_csv *c, struct csv_parser *p, const unsigned char *s, size_t len)
{
    size_t off = 0;
    while (off < len) {
        if (p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED) {
            size_t k = off;
            while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
            if (k < len) {
                unsigned char ch = s[k];
                int ends = ch == ',' || ch == '\r' || ch == '\n' ||
                           (ch == '"' && k == off && p->spaces == 0);
                if (!ends) {
                    char shown[8];
                    if (ch >= 0x20 && ch < 0x7F) snprintf(shown, sizeof shown, "'%c'", ch);
                    else snprintf(shown, sizeof shown, "0x%02X", ch);
                    if (c->row_line == c->cur_line)
                        fpc_diags_add(c->diags, 1, c->path, c->row_line, c->nf + 1,
                                      "text (%s) after the closing quote of a quoted field; "
                                      "row skipped", shown);
                    else
                        fpc_diags_add(c->diags, 1, c->path, c->row_line, c->nf + 1,
                                      "text (%s) after the closing quote of a quoted field "
                                      "(on line %zu); row skipped", shown, c->cur_line);
                    /* Drop the row and start afresh after this line. */
                    parser_reset(c, p);
                    return 0;
                }
            }
        }
        const unsigned char *q = memchr(s + off, '"', len - off);
        size_t piece = q ? (size_t)(q - (s + off)) + 1 : len - off;
        if (csv_parse(p, s + off, piece, on_field, on_row, c) != piece) return -1;
        off += piece;
        if (c->stop) return 0;
    }
    return 0;
}

/* After the piece s[0, len) of line `line` was fed: while a quoted field is
 * open at the end of a piece, keep the bytes of the lines after the one on
 * which its quote opened (reread_swallowed reads them again if the file
 * ends with the quote still open); forget them once the field closes. A
 * piece that ends just after a quote (at a block's end) leaves the field
 * undecided, and so still open. */
/* Keep s[0, len) among the lines an open quoted field has taken. */
static void sw_append(fpc_csv *c, const unsigned char *s, size_t len)
{
    if (c->sw_n + len + 8 > c->sw_cap) {
        /* 8 bytes more, zeroed, for fast_line's whole-word loads when the
         * bytes are read again. */
        while (c->sw_n + len + 8 > c->sw_cap) c->sw_cap = c->sw_cap ? 2 * c->sw_cap : 4096;
        c->sw = fpc_xrealloc(c->sw, c->sw_cap);
    }
    memcpy(c->sw + c->sw_n, s, len);
    c->sw_n += len;
    memset(c->sw + c->sw_n, 0, 8);
}

static void track_open_quote(fpc_csv *c, const struct csv_parser *p, const unsigned char *s,
                             size_t len, size_t line)
{
    int open = (p->pstate == LIBCSV_FIELD_BEGUN && p->quoted) ||
               p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED;
    if (!open) {
        c->q_line = 0;
        c->sw_n = 0;
        return;
    }
    if (!c->q_line || c->q_col != c->nf + 1 || c->q_row != c->row_line) {
        c->q_line = line;
        c->q_col = c->nf + 1;
        c->q_row = c->row_line;
        c->sw_n = 0;
        return;
    }
    if (line == c->q_line) return;
    sw_append(c, s, len);
}

static int feed_block(fpc_csv *c, struct csv_parser *p, unsigned char *s, size_t n);

/* The quoted field open since c->q_line (at field c->q_col) has taken the
 * lines after that one, kept in c->sw, up to line last: its row is dropped,
 * why is reported at the quote's line and field, and those lines are read
 * again as rows. Returns 0 or FPC_EXIT_DATA. */
static int reread_lines(fpc_csv *c, struct csv_parser *p, size_t last, const char *why)
{
    size_t line = c->q_line ? c->q_line : c->row_line;
    size_t col = c->q_line ? c->q_col : c->nf + 1;
    unsigned char *again = c->sw;
    size_t n = c->sw_n;
    c->sw = NULL;
    c->sw_n = c->sw_cap = 0;
    if (n && last > line + 1)
        fpc_diags_add(c->diags, 1, c->path, line, col,
                      "%s; row dropped (lines %zu to %zu read again as rows)", why, line + 1, last);
    else if (n)
        fpc_diags_add(c->diags, 1, c->path, line, col,
                      "%s; row dropped (line %zu read again as a row)", why, line + 1);
    else
        fpc_diags_add(c->diags, 1, c->path, line, col, "%s; row dropped", why);
    parser_reset(c, p);
    c->q_line = 0;
    c->cr_pending = 0;
    c->cr_ended = 0;
    c->cur_line = line + 1;
    int rc = n ? feed_block(c, p, again, n) : 0;
    free(again);
    return rc;
}

/* feed_piece's answer when a runaway quoted field's lines were read again
 * (the lines, the piece's own included, are counted). */
#define FEED_REREAD 100

/* Feed the piece s[0, len) of the current line (all of it, or the part in
 * this block) to libcsv. line is the line the piece belongs to. A field
 * that grows past RUNAWAY bytes is an error: a quoted field open since an
 * earlier line has its row dropped and the lines it took read again as
 * rows (FEED_REREAD), so reading goes on; any other (one line of 64 MiB)
 * stops the file. Returns 0, FEED_REREAD, or FPC_EXIT_DATA (reported,
 * c->stop set). */
static int feed_piece(fpc_csv *c, struct csv_parser *p, const unsigned char *s, size_t len,
                      size_t line)
{
    if (feed_line(c, p, s, len) < 0) {
        fpc_diags_add(c->diags, 1, c->path, line, 0, "CSV error: %s",
                      csv_strerror(csv_error(p)));
        c->stop = 1;
        return FPC_EXIT_DATA;
    }
    if (p->entry_pos > RUNAWAY && c->q_line && c->seen_header && line > c->q_line) {
        sw_append(c, s, len);
        char why[96];
        snprintf(why, sizeof why, "quoted field grows past %zu MiB without ending", RUNAWAY >> 20);
        int rc = reread_lines(c, p, line, why);
        return rc ? rc : FEED_REREAD;
    }
    if (p->entry_pos > RUNAWAY) {
        fpc_diags_add(c->diags, 1, c->path, c->q_line ? c->q_line : c->row_line,
                      c->q_line ? c->q_col : c->nf + 1,
                      "field grows past %zu MiB without ending (an unclosed quote, or not CSV); "
                      "rest of file not read", RUNAWAY >> 20);
        c->stop = 1;
        return FPC_EXIT_DATA;
    }
    if (!c->stop) track_open_quote(c, p, s, len, line);
    return 0;
}

/* Feed s[0, n), the next bytes of the input, one physical line at a time,
 * c->cur_line counting them. A line ends at LF (or CRLF); in a file whose
 * first line ends in a CR alone (an old Mac file, c->cr_lines) a CR alone
 * ends a line too. Elsewhere a CR alone still ends a row (libcsv) but not
 * the line, so line numbers are those an editor or grep -n shows: the real
 * LAIT data dictionary has CR CR LF inside quoted fields. A complete unquoted line that starts between rows goes to
 * fast_line; any other, or a part of one at the end of the block, to
 * libcsv. Returns 0 or FPC_EXIT_DATA. */
static int feed_block(fpc_csv *c, struct csv_parser *p, unsigned char *s, size_t n)
{
    if (c->cr_pending && n > 0) {
        /* The previous block ended in CR, which ended its line: an LF here
         * belongs to that line end (CRLF split by the block boundary). */
        c->cr_pending = 0;
        if (s[0] == '\n') {
            int rc = feed_piece(c, p, s, 1, c->cur_line - 1);
            if (rc && rc != FEED_REREAD) return rc;
            s++;
            n--;
        }
    }
    while (n > 0 && !c->stop) {
        if (p->pstate == 0) {
            size_t took = fast_line(c, s, n);
            if (took) {
                c->cur_line++;
                c->cr_ended = 0;
                s += took;
                n -= took;
                continue;
            }
        }
        size_t len = 0;
        while (len < n && s[len] != '\n' && (s[len] != '\r' || !c->cr_lines)) len++;
        int ended = len < n;
        if (ended) {
            if (s[len] == '\r') {
                if (len + 1 == n) c->cr_pending = 1;
                else if (s[len + 1] == '\n') len++;
            }
            len++;
        }
        if (p->pstate == 0) c->row_line = c->cur_line;  /* a row starts on this line */
        int rc = feed_piece(c, p, s, len, c->cur_line);
        if (rc == FEED_REREAD) ended = 0;   /* the lines read again were counted */
        else if (rc) return rc;
        if (ended) {
            c->cur_line++;
            c->cr_ended = 0;
        }
        s += len;
        n -= len;
    }
    return 0;
}

/* At the end of the input (last: its last line): a quoted field still open
 * has taken every line after the one where its quote opened as its text.
 * libcsv reports that only in strict mode, which would also reject the
 * stray quotes inside unquoted fields (5" disk) that real files have, so
 * its state is looked at instead. The row is an error at the quote's line
 * and field, and the lines after that line are read again as rows, so no
 * later row is lost (issue 22). Those lines hold no quote that could open
 * a field (inside the open field every quote was one of an escaped pair,
 * or the field would have closed), but should one be left open again the
 * same is done from its line, each time from a later line. A quote left
 * open in the header ends the file: its columns are unknown. Returns 0 or
 * FPC_EXIT_DATA. */
static int reread_swallowed(fpc_csv *c, struct csv_parser *p, size_t last)
{
    while (!c->stop && p->pstate == LIBCSV_FIELD_BEGUN && p->quoted) {
        if (!c->seen_header) {
            fpc_diags_add(c->diags, 1, c->path, c->q_line ? c->q_line : c->row_line,
                          c->q_line ? c->q_col : c->nf + 1,
                          "quoted field in the header not closed before the end of the file");
            c->stop = c->fatal = 1;
            return 0;
        }
        int rc = reread_lines(c, p, last, "quoted field not closed before the end of the file");
        if (rc) return rc;
    }
    return 0;
}

void fpc__fnv_words(uint64_t *h, const unsigned char *p, size_t n)
{
    uint64_t x = *h;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        x ^= w;
        x *= 1099511628211ULL;
    }
    for (; i < n; i++) {
        x ^= p[i];
        x *= 1099511628211ULL;
    }
    *h = x;
}

/* ------------------------------------------------------------ sources */

/* Every input is opened once and read once, so pipes, FIFOs, process
 * substitutions (<(...), /dev/fd/N) and standard input ("-") work like
 * files. Detecting a file's format reads its header (fpc__csv_read with
 * only_header) and leaves the input open, registered under its path, with
 * the bytes it read kept; the full read that follows replays those bytes
 * and then goes on reading the same descriptor, and closes it at the end.
 * Only the bytes up to the end of the header's block are kept (one read(),
 * at most 1 MiB), so memory stays bounded whatever the input. A source
 * detected but never read is closed by fpc_sources_close.
 *
 * A reader that needs two passes over a file (Fingertips: the main age of
 * each indicator first) reads it first with FPC_CSV_KEEP: a regular file
 * is then rewound for the second read; any other input (standard input, a
 * pipe, a FIFO) is kept in memory as it is read, and the second read
 * replays it -- so such an input costs its size in memory, and is still
 * opened once. */
typedef struct src {
    char *path;
    int fd;
    int own;                    /* close fd at the end (not standard input) */
    int regular;                /* a regular file (can be rewound) */
    size_t file_size;           /* a regular file's size when opened, else 0 */
    unsigned char *kept;        /* bytes read while detecting */
    size_t n_kept, cap_kept;
    size_t pos;                 /* next byte of kept to replay */
    int recording;              /* keep what is read (detection) */
} src;

static src **srcs;
static size_t n_srcs;

static src *src_find(const char *path)
{
    for (size_t i = 0; i < n_srcs; i++)
        if (!strcmp(srcs[i]->path, path)) return srcs[i];
    return NULL;
}

/* Open path ("-": standard input) and register it; NULL with a
 * diagnostic when it cannot be opened. */
static src *src_open(const char *path, fpc_diags *diags)
{
    int own = strcmp(path, "-") != 0;
    int fd = own ? open(path, O_RDONLY) : STDIN_FILENO;
    if (fd < 0) {
        fpc_diags_add(diags, 1, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    src *s = fpc_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->path = fpc_strdup(path);
    s->fd = fd;
    s->own = own;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        s->file_size = (size_t)st.st_size;
        s->regular = 1;
    }
    srcs = fpc_xrealloc(srcs, (n_srcs + 1) * sizeof *srcs);
    srcs[n_srcs++] = s;
    return s;
}

static void src_close(src *s)
{
    for (size_t i = 0; i < n_srcs; i++)
        if (srcs[i] == s) {
            srcs[i] = srcs[--n_srcs];
            break;
        }
    if (s->own) close(s->fd);
    free(s->kept);
    free(s->path);
    free(s);
    if (!n_srcs) { free(srcs); srcs = NULL; }
}

void fpc__source_close(const char *path)
{
    src *s = src_find(path);
    if (s) src_close(s);
}

void fpc_sources_close(void)
{
    while (n_srcs) src_close(srcs[n_srcs - 1]);
}

/* Up to n bytes: the kept bytes first, then the descriptor (kept too while
 * recording). As read(2). */
static ssize_t src_read(src *s, unsigned char *buf, size_t n)
{
    if (s->pos < s->n_kept) {
        size_t k = s->n_kept - s->pos < n ? s->n_kept - s->pos : n;
        memcpy(buf, s->kept + s->pos, k);
        s->pos += k;
        return (ssize_t)k;
    }
    ssize_t got = read(s->fd, buf, n);
    if (got > 0 && s->recording) {
        if (s->n_kept + (size_t)got > s->cap_kept) {
            s->cap_kept = s->n_kept + (size_t)got;
            s->kept = fpc_xrealloc(s->kept, s->cap_kept);
        }
        memcpy(s->kept + s->n_kept, buf, (size_t)got);
        s->n_kept += (size_t)got;
        s->pos = s->n_kept;
    }
    return got;
}

int fpc__csv_read(fpc_csv *c, const char *path, fpc_diags *diags, fpc_row_fn fn, void *ctx,
                  int only_header)
{
    int keep = only_header == FPC_CSV_KEEP;
    if (keep) only_header = 0;
    memset(c, 0, sizeof *c);
    c->path = path;
    c->diags = diags;
    c->fn = fn;
    c->ctx = ctx;
    c->only_header = only_header;
    c->hash = 1469598103934665603ULL;
    int rc = 0;

    src *in = src_find(path);
    if (!in && !(in = src_open(path, diags))) return FPC_EXIT_DATA;
    in->pos = 0;                /* replay what detection (or a first pass) read */
    in->recording = only_header || (keep && !in->regular);
    c->file_size = in->file_size;
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        src_close(in);
        fpc_diags_add(diags, 1, path, 0, 0, "cannot start the CSV parser");
        return FPC_EXIT_DATA;
    }
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, csv_free_buf);
    csv_set_blk_size(&p, 4096);
    /* 8 bytes more for fast_line's whole-word loads; zeroed so no byte it
     * loads is uninitialised. */
    unsigned char *block = fpc_xmalloc(BLOCK + 8);
    memset(block, 0, BLOCK + 8);
    int first = 1;
    unsigned char last_byte = 0;
    c->cur_line = 1;
    for (;;) {
        ssize_t got = src_read(in, block, BLOCK);
        if (got < 0) {
            if (errno == EINTR) continue;
            fpc_diags_add(diags, 1, path, 0, 0, "read error: %s", strerror(errno));
            rc = FPC_EXIT_DATA;
            break;
        }
        if (got == 0) break;
        size_t n = (size_t)got;
        fpc__fnv_words(&c->hash, block, n);
        c->bytes += n;
        last_byte = block[n - 1];
        unsigned char *s = block;
        if (first) {
            first = 0;
            if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) { s += 3; n -= 3; }
            const unsigned char *z = memchr(s, '\0', n);
            if (z) {
                fpc_diags_add(diags, 1, path, 0, 0,
                              "binary data (NUL byte at offset %zu): not a text CSV file",
                              (size_t)(z - block));
                rc = FPC_EXIT_DATA;
                break;
            }
            size_t k = 0;
            while (k < n && s[k] != '\n' && s[k] != '\r') k++;
            c->cr_lines = k + 1 < n && s[k] == '\r' && s[k + 1] != '\n';
        }
        rc = feed_block(c, &p, s, n);
        if (rc) break;
        if (c->stop) break;
    }
    /* A header-only read (detection) leaves the source open for the full
     * read; anything else, or a failed detection, closes it. */
    if (only_header && rc == 0 && c->seen_header && !c->fatal) {
        in->recording = 0;
    } else if (keep) {
        /* A first pass: the second read sees the same bytes (and so the
         * same problems, which it reports). A regular file is rewound and
         * read again; any other input replays what was kept. */
        in->recording = 0;
        if (in->regular && lseek(in->fd, 0, SEEK_SET) == 0) {
            free(in->kept);
            in->kept = NULL;
            in->n_kept = in->cap_kept = 0;
        }
        in->pos = 0;
    } else {
        src_close(in);
    }
    free(block);
    if (rc == 0 && !c->stop) {
        int ends = last_byte == '\n' || (last_byte == '\r' && c->cr_lines);
        rc = reread_swallowed(c, &p, c->cur_line - (size_t)ends);
        if (rc == 0 && !c->stop) csv_fini(&p, on_field, on_row, c);
    }
    csv_free(&p);
    if (rc == 0 && c->fatal) rc = FPC_EXIT_DATA;
    if (rc == 0 && !c->seen_header) {
        fpc_diags_add(diags, 1, path, 0, 0, c->bytes == 0 ? "empty file" :
                      "no header row (the file is blank)");
        rc = FPC_EXIT_DATA;
    }
    free(c->buf); free(c->off); free(c->flen); free(c->ptrs); free(c->sw);
    c->buf = NULL; c->off = c->flen = NULL; c->ptrs = NULL; c->sw = NULL;
    return rc;
}
