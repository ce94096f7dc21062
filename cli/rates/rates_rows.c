/* rates_rows.c -- `rates` row by row: the output (CSV written directly on
 * the fast path, 15 significant digits as R's write.csv; fpc_table for the
 * other formats and --columns), the header read, and each row of --type
 * rate, proportion and mean computed and written. Kept in one file: this
 * is the per-row hot path (docs/performance.md). */
#include "cli.h"
#include "rates_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#define OUT_BUFSIZE (1u << 18)

/* Flush the fast path's buffer to the FILE and make sure it can take n
 * more bytes (the slow side of out_room). */
#define STREAM_CHUNK ((off_t)1 << 25)

/* Outputs are several times larger than the input. For a named output
 * file, start writing each 32 MB back to disk as soon as it is complete
 * and drop the one before from the page cache (its write-back waited
 * for), so a multi-gigabyte output never piles up as dirty cache for the
 * kernel to throttle and reclaim at our expense; the final fsync of the
 * atomic commit then has little left to do. The file's bytes are the
 * same either way. */
static void rt_out_stream(struct rout *o)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
    if (!o->stream || o->done - o->synced < 2 * STREAM_CHUNK) return;
    if (fflush(o->fp) != 0) return;
    int fd = fileno(o->fp);
    off_t start = o->synced;
    sync_file_range(fd, start + STREAM_CHUNK, STREAM_CHUNK, SYNC_FILE_RANGE_WRITE);
    sync_file_range(fd, start, STREAM_CHUNK, SYNC_FILE_RANGE_WAIT_BEFORE
                    | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    posix_fadvise(fd, start, STREAM_CHUNK, POSIX_FADV_DONTNEED);
    o->synced = start + STREAM_CHUNK;
#else
    (void)o;
#endif
}

static __attribute__((noinline)) char *rt_out_flush(struct rout *o, size_t n)
{
    if (o->len) {
        fwrite(o->buf, 1, o->len, o->fp);
        o->done += (off_t)o->len;
        rt_out_stream(o);
    }
    o->len = 0;
    if (n > o->cap) {
        o->cap = n > OUT_BUFSIZE ? n : OUT_BUFSIZE;
        o->buf = fpc_xrealloc(o->buf, o->cap);
    }
    return o->buf;
}

/* Make room for n more bytes in the fast path's buffer, flushing it to
 * the FILE when it is full. */
static inline char *rt_out_room(struct rout *o, size_t n)
{
    if (o->len + n > o->cap) return rt_out_flush(o, n);
    return o->buf + o->len;
}

/* The bytes that make a CSV cell need quotes. */
static int rt_csv_special(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Digits and letters are above ',': one comparison each. */
        if (c <= ',' && (c == ',' || c == '"' || c == '\n' || c == '\r')) return 1;
    }
    return 0;
}

/* Whether a text cell needs the formula-injection guard (cli.h): the first
 * byte rules out almost every cell before the call. */
static inline int rt_csv_guard(const char *s, size_t n)
{
    return n && fpc_csv_guard_lead((unsigned char)s[0]) && fpc_csv_guard_needed(s, n);
}

/* One text cell of valid UTF-8, quoted as RFC 4180 when it must be and
 * guarded like every fpc_table CSV cell ("'=..." in quotes); anything else
 * is copied. */
static void rt_csv_put_utf8(struct rout *o, const char *s, size_t n)
{
    int guard = rt_csv_guard(s, n);
    int quote = guard || rt_csv_special(s, n);
    char *p = rt_out_room(o, 2 * n + 3);
    if (!quote) {
        memcpy(p, s, n);
        o->len += n;
        return;
    }
    char *q = p;
    *q++ = '"';
    if (guard) *q++ = '\'';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') *q++ = '"';
        *q++ = s[i];
    }
    *q++ = '"';
    o->len += (size_t)(q - p);
}

/* A text cell that is not all ASCII: bytes that are not valid UTF-8 become
 * U+FFFD (as in every fpc_table output, cli/safe_text.c) before it is written.
 * Out of line, so the ASCII cells of the hot loop stay small. */
static __attribute__((noinline)) void rt_csv_put_clean(struct rout *o, const char *s, size_t n)
{
    char small[256];
    char *tmp = 3 * n <= sizeof small ? small : fpc_xmalloc(3 * n);
    rt_csv_put_utf8(o, tmp, fpc_utf8_clean_n(tmp, s, n));
    if (tmp != small) free(tmp);
}

/* One text cell from the data, as csv_put_utf8 once it is valid UTF-8. */
static void rt_csv_put(struct rout *o, const char *s, size_t n)
{
    if (fpc_ascii(s, n)) rt_csv_put_utf8(o, s, n);
    else rt_csv_put_clean(o, s, n);
}

static void rt_out_char(struct rout *o, char c)
{
    *rt_out_room(o, 1) = c;
    o->len++;
}

static void rt_out_begin(rout *o, FILE *fp, const ropts *op, const char *const *names, size_t n,
                         const char *data_version)
{
    memset(o, 0, sizeof *o);
    o->fp = fp;
    o->fast = op->format == FPC_TABLE_CSV && !op->columns;
    o->stream = op->output != NULL && strcmp(op->output, "-") != 0;
    if (o->fast) {
        for (size_t i = 0; i < n; i++) {
            if (i) rt_out_char(o, ',');
            rt_csv_put(o, names[i], strlen(names[i]));
        }
        const char *m = ",methods_version,data_version\n";
        memcpy(rt_out_room(o, strlen(m)), m, strlen(m));
        o->len += strlen(m);
        /* Quote the metadata once, through the buffer, then keep it. */
        size_t start = o->len;
        rt_out_char(o, ',');
        rt_csv_put(o, FP_METHODS_VERSION, strlen(FP_METHODS_VERSION));
        rt_out_char(o, ',');
        rt_csv_put(o, data_version, strlen(data_version));
        rt_out_char(o, '\n');
        o->meta_len = o->len - start;
        o->meta_csv = fpc_xmalloc(o->meta_len);
        memcpy(o->meta_csv, o->buf + start, o->meta_len);
        o->len = start;
        return;
    }
    /* The output columns depend on the input's header, so --columns is
     * checked here, once the header is read. */
    fpc_table_opts to;
    fpc_table_opts_init(&to);
    to.format = op->format;
    to.columns = op->columns;
    to.all_columns = op->all_columns;
    to.dp = -1;                 /* rates applies its own --dp per cell */
    if (fpc_table_open(&o->table, fp, &to, "rates", names, n, NULL, data_version) != 0)
        o->usage = 1;
}

static void rt_out_str(rout *o, const char *s, size_t n)
{
    if (!o->fast) {
        char *tmp = fpc_xmalloc(n + 1);
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        fpc_table_str(&o->table, tmp);
        free(tmp);
        return;
    }
    if (o->col++) rt_out_char(o, ',');
    rt_csv_put(o, s, n);
}

void rt_out_cstr(rout *o, const char *s)
{
    rt_out_str(o, s, strlen(s));
}

void rt_out_num(rout *o, double x, int dp)
{
    if (!o->fast) {
        if (dp >= 0) fpc_table_num_dp(&o->table, x, dp);
        else fpc_table_num(&o->table, x);
        return;
    }
    if (o->col++) rt_out_char(o, ',');
    if (isnan(x) || isinf(x)) return;
    char *buf = rt_out_room(o, 64);
    size_t n;
    if (dp >= 0) {
        n = (size_t)fp_format_fixed(buf, 64, x, dp);
    } else {
        n = fpc_fmt15(x, buf);
    }
    o->len += n;
}

void rt_out_endrow(rout *o)
{
    if (!o->fast) return;   /* fpc_table ends rows by column count */
    /* The metadata cells are the same on every row: kept pre-quoted. */
    memcpy(rt_out_room(o, o->meta_len), o->meta_csv, o->meta_len);
    o->len += o->meta_len;
    o->col = 0;
}

/* 0 ok, -1 when the workbook could not be written (message printed). */
int rt_out_end(rout *o)
{
    int rc = 0;
    if (!o->fast && !o->usage) rc = fpc_table_end(&o->table);
    if (o->len) fwrite(o->buf, 1, o->len, o->fp);
    free(o->buf);
    free(o->meta_csv);
    memset(o, 0, sizeof *o);
    return rc;
}

/* ------------------------------------------------------------ reader */


/* Whether a plain row (split by the CSV layer's fast path where it lay in
 * its line, fields in order) is all ASCII: one check from the first field
 * to the end of the last. 0 when the fields are not in order (each cell is
 * then cleaned, which is right in any case). */
static int rt_row_ascii(const rstate *s)
{
    if (!s->nf) return 1;
    const char *a = s->fptr[0], *b = s->fptr[s->nf - 1] + s->len[s->nf - 1];
    return b >= a && fpc_ascii(a, (size_t)(b - a));
}

static size_t rt_find_col(const rstate *s, const char *name)
{
    if (!name) return SIZE_MAX;
    for (size_t i = 0; i < s->nhead; i++)
        if (!strcmp(s->head[i], name)) return i;
    /* Then case-insensitively, ignoring surrounding spaces. */
    for (size_t i = 0; i < s->nhead; i++) {
        const char *h = s->head[i];
        while (*h == ' ') h++;
        size_t hl = strlen(h);
        while (hl && h[hl - 1] == ' ') hl--;
        if (hl == strlen(name) && !strncasecmp(h, name, hl)) return i;
    }
    return SIZE_MAX;
}

/* Parse a numeric cell. Returns 0 and a number, 1 for a recognised missing
 * code (NaN), -1 for text that is neither. */
static int rt_parse_cell(const char *text, double *v)
{
    fp_missing m;
    /* Fast path: a plain whole number of up to 15 digits is exact in a double. */
    const char *p = text;
    uint64_t k = 0;
    while (*p >= '0' && *p <= '9' && p - text < 15) k = k * 10 + (uint64_t)(*p++ - '0');
    if (*p == '\0' && p != text) {
        *v = (double)k;
        return 0;
    }
    if (fpc_parse_double(text, 1, v) == 0) return 0;
    *v = NAN;
    if (fp_missing_parse(text, &m) == FP_OK) return 1;
    return -1;
}

/* Read the numeric cell of column c of the current record. On bad text,
 * warn with the location, count the row and append to the note. */
double rt_get_num(rstate *s, size_t c, const char *what, char *note, size_t notesz, int *bad)
{
    double v = NAN;
    if (c == SIZE_MAX || c >= s->nf) return NAN;
    if (rt_parse_cell(rt_field(s, c), &v) < 0) {
        fpc_diags_add(s->diags, 0, s->file, s->line, c + 1, "%s '%s' is not a number", what, rt_field(s, c));
        size_t k = strlen(note);
        snprintf(note + k, notesz - k, "%s%s is not a number", k ? "; " : "", what);
        *bad = 1;
    }
    return v;
}

static const char *rt_level_label(double level, char *buf, size_t size)
{
    /* 0.95 -> "95_0", 0.998 -> "99_8", 0.9995 -> "99_95". */
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.1f", level * 100.0);
    if (fabs(strtod(tmp, NULL) - level * 100.0) > 1e-9)
        snprintf(tmp, sizeof tmp, "%.6g", level * 100.0);
    char *dot = strchr(tmp, '.');
    if (dot) *dot = '_';
    snprintf(buf, size, "%s", tmp);
    return buf;
}

/* Append the names PREFIXlowerLABcl and PREFIXupperLABcl for each
 * confidence level of op to names (at *n), the strings kept in own[0, 2 *
 * nlevels) for the caller to free. */
static void rt_limit_names(const ropts *op, const char *prefix, char **own, const char **names,
                           size_t *n)
{
    for (size_t l = 0; l < op->nlevels; l++) {
        char lab[32];
        rt_level_label(op->levels[l], lab, sizeof lab);
        for (int side = 0; side < 2; side++) {
            char **slot = &own[2 * l + (size_t)side];
            *slot = fpc_xmalloc(48);
            snprintf(*slot, 48, "%s%s%scl", prefix, side ? "upper" : "lower", lab);
            names[(*n)++] = *slot;
        }
    }
}

static void rt_start_output(rstate *s)
{
    const ropts *op = s->op;
    size_t n = 0;
    size_t cap = s->nhead + 10 + 4 * op->nlevels;
    const char **names = fpc_xmalloc(cap * sizeof *names);
    /* The limit columns' names: lower/upper per level, then the RII's (sii). */
    char **own = fpc_xmalloc((4 * op->nlevels + 1) * sizeof *own);
    memset(own, 0, (4 * op->nlevels + 1) * sizeof *own);
    if (op->type == T_DSR) {
        names[n++] = op->groupcol ? s->head[s->igroup] : "group";
        names[n++] = "total_count";
        names[n++] = "total_pop";
    } else if (op->type == T_LE) {
        names[n++] = op->groupcol ? s->head[s->igroup] : "group";
        names[n++] = s->head[s->iage];
        names[n++] = "pops_used";
        names[n++] = "dths_used";
    } else if (op->type == T_SII) {
        names[n++] = op->groupcol ? s->head[s->igroup] : "group";
        names[n++] = "quantiles";
    } else if (GROUPED(op->type)) {
        names[n++] = op->groupcol ? s->head[s->igroup] : "group";
        names[n++] = "observed";
        names[n++] = "expected";
        if (op->type == T_ISRATE) names[n++] = "ref_rate";
    } else {
        for (size_t i = 0; i < s->nhead; i++) names[n++] = s->head[i];
    }
    names[n++] = "value";
    rt_limit_names(op, "", own, names, &n);
    if (op->type == T_SII) {   /* value is the SII; then the RII and its limits */
        names[n++] = "rii";
        rt_limit_names(op, "rii_", own + 2 * op->nlevels, names, &n);
        names[n++] = "intercept";
    }
    names[n++] = "method";
    names[n++] = "note";
    const char *base = strrchr(s->file, '/');
    rt_out_begin(&s->out, s->outfp, op, names, n, !strcmp(s->file, "-") ? "stdin"
              : base ? base + 1 : s->file);
    if (s->out.usage) s->fatal = 1;
    for (size_t i = 0; i < 4 * op->nlevels; i++) free(own[i]);
    free(own);
    free(names);
}

void rt_header_row(rstate *s)
{
    const ropts *op = s->op;
    s->nhead = s->nf;
    s->head = fpc_xmalloc((s->nf ? s->nf : 1) * sizeof *s->head);
    for (size_t i = 0; i < s->nf; i++) s->head[i] = fpc_strdup(rt_field(s, i));
    s->have_header = 1;
    s->inum = rt_find_col(s, op->numcol);
    s->iden = rt_find_col(s, op->dencol);
    s->isd = rt_find_col(s, op->sdcol);
    s->igroup = rt_find_col(s, op->groupcol);
    s->istd = rt_find_col(s, op->stdcol);
    s->ixref = rt_find_col(s, op->xrefcol);
    s->inref = rt_find_col(s, op->nrefcol);
    s->irate = rt_find_col(s, op->ratecol);
    s->iage = rt_find_col(s, op->agecol);
    s->iq = rt_find_col(s, op->qcol);
    s->ival = rt_find_col(s, op->valcol);
    s->ilo = rt_find_col(s, op->locol);
    s->ihi = rt_find_col(s, op->hicol);
    s->ise = rt_find_col(s, op->secol);
    if (op->nfreq) {
        s->ifreq = fpc_xmalloc(op->nfreq * sizeof *s->ifreq);
        for (size_t k = 0; k < op->nfreq; k++) {
            s->ifreq[k] = rt_find_col(s, op->freqcols[k]);
            if (s->ifreq[k] == SIZE_MAX) {
                fpc_error(s->file, s->line, 0, "no column '%s' (from --frequencies) in the header",
                          op->freqcols[k]);
                s->fatal = 1;
            }
        }
    }
    int sii = op->type == T_SII;
    struct { size_t idx; const char *name; int need; } req[] = {
        { s->inum, op->numcol, op->nfreq == 0 && !sii },
        { s->iden, op->dencol, 1 },
        { s->isd, op->sdcol, op->type == T_MEAN },
        { s->igroup, op->groupcol, op->groupcol != NULL },
        { s->istd, op->stdcol, op->stdcol != NULL },
        { s->ixref, op->xrefcol, op->xrefcol != NULL },
        { s->inref, op->nrefcol, op->nrefcol != NULL },
        { s->irate, op->ratecol, op->ratecol != NULL },
        { s->iage, op->agecol, op->agecol != NULL },
        { s->iq, op->qcol, sii },
        { s->ival, op->valcol, sii },
        { s->ilo, op->locol, sii && !op->secol },
        { s->ihi, op->hicol, sii && !op->secol },
        { s->ise, op->secol, sii && op->secol },
    };
    static const char *const optname[] = { "numerator", "denominator", "sd", "group", "standard",
                                            "x-ref", "n-ref", "ref-rate", "age", "quantile",
                                            "value", "lower-cl", "upper-cl", "se" };
    for (size_t i = 0; i < sizeof req / sizeof *req; i++)
        if (req[i].need && req[i].idx == SIZE_MAX) {
            fpc_error(s->file, s->line, 0, "no column '%s' in the header (use --%s to choose one)",
                      req[i].name, optname[i]);
            s->fatal = 1;
        }
    if (!s->fatal) rt_start_output(s);
}

/* The cells of a plain row (fields from direct_line hold no comma, quote,
 * CR or LF) copied into room reserved once for the row: 3 bytes a cell more
 * for the guard's "'..." (see csv_put); with clean, bytes that are not UTF-8
 * become U+FFFD (fpc_utf8_clean_n), so three times each field's room.
 * Inlined with clean a constant, so the ASCII copy tests nothing more. */
static inline __attribute__((always_inline)) void rt_plain_cells(rstate *s, int clean)
{
    size_t need = 4 * s->nhead;
    for (size_t i = 0; i < s->nf && i < s->nhead; i++) need += (clean ? 3 : 1) * s->len[i];
    char *p0 = rt_out_room(&s->out, need), *p = p0;
    for (size_t i = 0; i < s->nhead; i++) {
        if (s->out.col++) *p++ = ',';
        if (i < s->nf) {
            const char *f = rt_field(s, i);
            size_t fl = s->len[i];
            int guard = rt_csv_guard(f, fl);
            if (guard) { memcpy(p, "\"'", 2); p += 2; }
            if (clean) {
                p += fpc_utf8_clean_n(p, f, fl);
            } else {
                memcpy(p, f, fl);
                p += fl;
            }
            if (guard) *p++ = '"';
        }
    }
    s->out.len += (size_t)(p - p0);
}

/* A plain row that is not all ASCII: out of line, as it is rare. */
static __attribute__((noinline)) void rt_plain_cells_clean(rstate *s)
{
    rt_plain_cells(s, 1);
}

/* One row of rate/proportion/mean. */
void rt_data_row(rstate *s)
{
    const ropts *op = s->op;
    char note[512];
    note[0] = '\0';
    int bad = 0;
    if (s->nf != s->nhead) {
        fpc_diags_add(s->diags, 0, s->file, s->line, 0, "row has %zu fields, the header has %zu", s->nf, s->nhead);
        snprintf(note, sizeof note, "row has %zu fields, header %zu", s->nf, s->nhead);
        bad = 1;
    }
    const char *nn = op->type == T_MEAN ? "sum" : "numerator";
    const char *dn = op->type == T_MEAN ? "count" : "denominator";
    double x = rt_get_num(s, s->inum, nn, note, sizeof note, &bad);
    double n = rt_get_num(s, s->iden, dn, note, sizeof note, &bad);
    double sd = op->type == T_MEAN ? rt_get_num(s, s->isd, "sd", note, sizeof note, &bad) : NAN;
    if (bad) s->nbad++;

    fp_ci ci[MAX_LEVELS];
    for (size_t l = 0; l < op->nlevels; l++) {
        switch (op->type) {
        case T_RATE: fp_rate_ci_lv(x, n, op->multiplier, &s->lv[l], &ci[l]); break;
        case T_PROPORTION:
            if (op->exact) fp_proportion_ci_exact(x, n, op->multiplier, op->levels[l], &ci[l]);
            else fp_proportion_ci_lv(x, n, op->multiplier, &s->lv[l], &ci[l]);
            break;
        case T_MEAN: fp_mean_ci(x, n, sd, op->levels[l], &ci[l]); break;
        case T_DSR: case T_ISR: case T_ISRATE: case T_LE: case T_SII: break;
        }
    }
    if (s->out.fast && s->direct) {
        /* A row that is all ASCII (one check over the line) is copied as
         * it is; any other the slower way of plain_cells_clean. */
        if (rt_row_ascii(s)) rt_plain_cells(s, 0);
        else rt_plain_cells_clean(s);
    } else if (!s->out.fast) {
        /* fpc_table copies the cell: the NUL-terminated field will do. */
        for (size_t i = 0; i < s->nhead; i++) fpc_table_str(&s->out.table, i < s->nf ? rt_field(s, i) : "");
    } else {
        for (size_t i = 0; i < s->nhead; i++) {
            if (i < s->nf) rt_out_str(&s->out, rt_field(s, i), s->len[i]);
            else rt_out_str(&s->out, "", 0);
        }
    }
    /* A partial result (e.g. value known, a limit not) keeps what is known. */
    rt_out_num(&s->out, ci[0].value, op->dp);
    for (size_t l = 0; l < op->nlevels; l++) {
        rt_out_num(&s->out, ci[l].lower, op->dp);
        rt_out_num(&s->out, ci[l].upper, op->dp);
    }
    rt_out_cstr(&s->out, ci[0].status == FP_OK || ci[0].method != FP_CI_NONE
                      ? fp_ci_method_name(ci[0].method) : "");
    if (!bad && ci[0].status != FP_OK) snprintf(note, sizeof note, "%s", fp_ci_reason(&ci[0]));
    rt_out_cstr(&s->out, note);
    rt_out_endrow(&s->out);
}

