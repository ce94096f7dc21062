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
 * file. The inputs it reads are opened in sources.c; the helpers the
 * readers share for cells and headers are in cells.c. */
#include "read_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK ((size_t)1 << 20)
#define RUNAWAY ((size_t)64 << 20)

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

void fpc_fnv_words(uint64_t *h, const unsigned char *p, size_t n)
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

int fpc_csv_each(const char *path, fpc_diags *diags, fpc_row_fn fn, void *ctx)
{
    fpc_csv c;
    return fpc__csv_read(&c, path, diags, fn, ctx, 0);
}

/* The checks of a file's first block (s, n bytes, at the file's start):
 * a UTF-8 BOM is skipped (*s and *n move past it), a NUL byte makes the
 * file binary (reported: FPC_EXIT_DATA), and the end of the first line
 * says whether CR alone ends lines (c->cr_lines). */
static int first_block(fpc_csv *c, const unsigned char *block, unsigned char **s, size_t *n)
{
    if (*n >= 3 && (*s)[0] == 0xEF && (*s)[1] == 0xBB && (*s)[2] == 0xBF) { *s += 3; *n -= 3; }
    const unsigned char *z = memchr(*s, '\0', *n);
    if (z) {
        fpc_diags_add(c->diags, 1, c->path, 0, 0,
                      "binary data (NUL byte at offset %zu): not a text CSV file",
                      (size_t)(z - block));
        return FPC_EXIT_DATA;
    }
    size_t k = 0;
    while (k < *n && (*s)[k] != '\n' && (*s)[k] != '\r') k++;
    c->cr_lines = k + 1 < *n && (*s)[k] == '\r' && (*s)[k + 1] != '\n';
    return 0;
}

/* Read the input block by block (hashing every byte) and feed the blocks
 * to the parser until the end, an error or a stop. *last_byte: the last
 * byte read. 0, or FPC_EXIT_DATA (reported). */
static int read_blocks(fpc_csv *c, struct csv_parser *p, fpc_src *in, unsigned char *last_byte)
{
    /* 8 bytes more for fast_line's whole-word loads; zeroed so no byte it
     * loads is uninitialised. */
    unsigned char *block = fpc_xmalloc(BLOCK + 8);
    memset(block, 0, BLOCK + 8);
    int first = 1, rc = 0;
    for (;;) {
        ssize_t got = fpc__src_read(in, block, BLOCK);
        if (got < 0) {
            if (errno == EINTR) continue;
            fpc_diags_add(c->diags, 1, c->path, 0, 0, "read error: %s", strerror(errno));
            rc = FPC_EXIT_DATA;
            break;
        }
        if (got == 0) break;
        size_t n = (size_t)got;
        fpc_fnv_words(&c->hash, block, n);
        c->bytes += n;
        *last_byte = block[n - 1];
        unsigned char *s = block;
        if (first) {
            first = 0;
            if ((rc = first_block(c, block, &s, &n)) != 0) break;
        }
        rc = feed_block(c, p, s, n);
        if (rc) break;
        if (c->stop) break;
    }
    free(block);
    return rc;
}

/* After the last block: the lines an unclosed quote took are read again,
 * libcsv's last row is taken, and a file with no header is reported.
 * Returns the read's status. */
static int finish(fpc_csv *c, struct csv_parser *p, int rc, unsigned char last_byte)
{
    if (rc == 0 && !c->stop) {
        int ends = last_byte == '\n' || (last_byte == '\r' && c->cr_lines);
        rc = reread_swallowed(c, p, c->cur_line - (size_t)ends);
        if (rc == 0 && !c->stop) csv_fini(p, on_field, on_row, c);
    }
    csv_free(p);
    if (rc == 0 && c->fatal) rc = FPC_EXIT_DATA;
    if (rc == 0 && !c->seen_header) {
        fpc_diags_add(c->diags, 1, c->path, 0, 0, c->bytes == 0 ? "empty file" :
                      "no header row (the file is blank)");
        rc = FPC_EXIT_DATA;
    }
    free(c->buf); free(c->off); free(c->flen); free(c->ptrs); free(c->sw);
    c->buf = NULL; c->off = c->flen = NULL; c->ptrs = NULL; c->sw = NULL;
    return rc;
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
    fpc_src *in = fpc__src_begin(path, only_header, keep, &c->file_size, diags);
    if (!in) return FPC_EXIT_DATA;
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        fpc__src_end(in, FPC_SRC_CLOSE);
        fpc_diags_add(diags, 1, path, 0, 0, "cannot start the CSV parser");
        return FPC_EXIT_DATA;
    }
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, csv_free_buf);
    csv_set_blk_size(&p, 4096);
    unsigned char last_byte = 0;
    c->cur_line = 1;
    int rc = read_blocks(c, &p, in, &last_byte);
    /* A header-only read (detection) leaves the source open for the full
     * read; a first pass rewinds it; anything else, or a failed detection,
     * closes it. */
    if (only_header && rc == 0 && c->seen_header && !c->fatal) fpc__src_end(in, FPC_SRC_LEAVE);
    else if (keep) fpc__src_end(in, FPC_SRC_REWIND);
    else fpc__src_end(in, FPC_SRC_CLOSE);
    return finish(c, &p, rc, last_byte);
}
