/* cmd_rates.c -- `fingerpost rates`: rates, proportions, means, directly
 * standardised rates and indirectly standardised ratios and rates with
 * confidence intervals, for every row (or group of rows) of a CSV.
 *
 * Reads CSV through the shared streaming CSV layer (cli/io/read_csv.c:
 * quoted fields, embedded newlines, CRLF and a UTF-8 BOM are handled; binary
 * input, overlong fields and rows are refused), computes with libfingerpost's rates module and writes a
 * table (CSV by default) atomically to standard output or -o FILE. Rows that
 * cannot be computed get a `note` and the run goes on; see the --help text
 * for the exit status rules. */
#ifdef __linux__
#define _GNU_SOURCE             /* sync_file_range */
#endif
#include "cli.h"
#include "io.h"

#include <fcntl.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LEVELS 8

/* T_ISR: indirectly standardised ratio (PHEindicatormethods::calculate_ISRatio);
 * T_ISRATE: indirectly standardised rate (calculate_ISRate, phe_isr). */
enum rtype { T_RATE, T_PROPORTION, T_MEAN, T_DSR, T_ISR, T_ISRATE, T_LE, T_SII };

/* Types that read one input row per age band (sii: per quantile) of a
 * --group (le writes a row per band, the others one per group). */
#define GROUPED(t) ((t) == T_DSR || (t) == T_ISR || (t) == T_ISRATE || (t) == T_LE \
                    || (t) == T_SII)

typedef struct ropts {
    enum rtype type;
    double multiplier;          /* NaN: the type's default */
    double levels[MAX_LEVELS];
    size_t nlevels;
    const char *numcol, *dencol, *sdcol, *groupcol, *stdcol;
    const char *freqspec;          /* --frequencies as given */
    char **freqcols; size_t nfreq; /* dsr: people with 1, 2, ... events */
    /* isr/israte: the reference per band, as PHEindicatormethods' x_ref and
     * n_ref with refpoptype = "field", or a reference rate per band */
    const char *xrefcol, *nrefcol, *ratecol;
    double rateper;             /* --ref-rate-per: the rate's multiplier */
    int dp;                     /* -1: full precision */
    int exact;                  /* proportions: Clopper-Pearson */
    const char *agecol;         /* le: the start age column (default startage) */
    const char *le_ages;        /* le: --le-age list as given, NULL for all */
    int any_bands;              /* le: --any-bands, not only the 20 standard */
    /* sii: the quantile, value, limits or standard error columns, and the
     * fingerpost/sii.h options (value type, transform, repetitions, seed,
     * CI method; the multiplier is the one above) */
    const char *qcol, *valcol, *locol, *hicol, *secol;
    fp_sii_options sii;
    int sii_set;                /* an sii-only option was given */
    fpc_table_format format;
    const char *columns;        /* --columns, NULL when not given */
    int all_columns;            /* --all-columns (every column is the default) */
    const char *output;
} ropts;

/* ------------------------------------------------------------ output */

/* Output goes either straight to a FILE (CSV, the fast path: numbers with
 * 15 significant digits, as R's write.csv) or through fpc_table (TSV,
 * Markdown, JSON, XLSX, and CSV with --columns). */
typedef struct rout {
    FILE *fp;
    int fast;                   /* CSV written here directly, through buf */
    char *buf; size_t len, cap; /* the fast path's output buffer */
    fpc_table table;
    int usage;                  /* --columns named an unknown column: no table */
    size_t col;
    char *meta_csv; size_t meta_len; /* ",methods,data\n" for every row */
    int stream;                 /* a named output file: write it back as we go */
    off_t done, synced;         /* bytes handed to the FILE; bytes written back */
} rout;

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
static void out_stream(struct rout *o)
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

static __attribute__((noinline)) char *out_flush(struct rout *o, size_t n)
{
    if (o->len) {
        fwrite(o->buf, 1, o->len, o->fp);
        o->done += (off_t)o->len;
        out_stream(o);
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
static inline char *out_room(struct rout *o, size_t n)
{
    if (o->len + n > o->cap) return out_flush(o, n);
    return o->buf + o->len;
}

/* The bytes that make a CSV cell need quotes. */
static int csv_special(const char *s, size_t n)
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
static inline int csv_guard(const char *s, size_t n)
{
    return n && fpc_csv_guard_lead((unsigned char)s[0]) && fpc_csv_guard_needed(s, n);
}

/* One text cell of valid UTF-8, quoted as RFC 4180 when it must be and
 * guarded like every fpc_table CSV cell ("'=..." in quotes); anything else
 * is copied. */
static void csv_put_utf8(struct rout *o, const char *s, size_t n)
{
    int guard = csv_guard(s, n);
    int quote = guard || csv_special(s, n);
    char *p = out_room(o, 2 * n + 3);
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
 * U+FFFD (as in every fpc_table output, cli/text.c) before it is written.
 * Out of line, so the ASCII cells of the hot loop stay small. */
static __attribute__((noinline)) void csv_put_clean(struct rout *o, const char *s, size_t n)
{
    char small[256];
    char *tmp = 3 * n <= sizeof small ? small : fpc_xmalloc(3 * n);
    csv_put_utf8(o, tmp, fpc_utf8_clean_n(tmp, s, n));
    if (tmp != small) free(tmp);
}

/* One text cell from the data, as csv_put_utf8 once it is valid UTF-8. */
static void csv_put(struct rout *o, const char *s, size_t n)
{
    if (fpc_ascii(s, n)) csv_put_utf8(o, s, n);
    else csv_put_clean(o, s, n);
}

static void out_char(struct rout *o, char c)
{
    *out_room(o, 1) = c;
    o->len++;
}

static void out_begin(rout *o, FILE *fp, const ropts *op, const char *const *names, size_t n,
                      const char *data_version)
{
    memset(o, 0, sizeof *o);
    o->fp = fp;
    o->fast = op->format == FPC_TABLE_CSV && !op->columns;
    o->stream = op->output != NULL && strcmp(op->output, "-") != 0;
    if (o->fast) {
        for (size_t i = 0; i < n; i++) {
            if (i) out_char(o, ',');
            csv_put(o, names[i], strlen(names[i]));
        }
        const char *m = ",methods_version,data_version\n";
        memcpy(out_room(o, strlen(m)), m, strlen(m));
        o->len += strlen(m);
        /* Quote the metadata once, through the buffer, then keep it. */
        size_t start = o->len;
        out_char(o, ',');
        csv_put(o, FP_METHODS_VERSION, strlen(FP_METHODS_VERSION));
        out_char(o, ',');
        csv_put(o, data_version, strlen(data_version));
        out_char(o, '\n');
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

static void out_str(rout *o, const char *s, size_t n)
{
    if (!o->fast) {
        char *tmp = fpc_xmalloc(n + 1);
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        fpc_table_str(&o->table, tmp);
        free(tmp);
        return;
    }
    if (o->col++) out_char(o, ',');
    csv_put(o, s, n);
}

static void out_cstr(rout *o, const char *s)
{
    out_str(o, s, strlen(s));
}

static void out_num(rout *o, double x, int dp)
{
    if (!o->fast) {
        if (dp >= 0) fpc_table_num_dp(&o->table, x, dp);
        else fpc_table_num(&o->table, x);
        return;
    }
    if (o->col++) out_char(o, ',');
    if (isnan(x) || isinf(x)) return;
    char *buf = out_room(o, 64);
    size_t n;
    if (dp >= 0) {
        n = (size_t)fp_format_fixed(buf, 64, x, dp);
    } else {
        n = fpc_fmt15(x, buf);
    }
    o->len += n;
}

static void out_endrow(rout *o)
{
    if (!o->fast) return;   /* fpc_table ends rows by column count */
    /* The metadata cells are the same on every row: kept pre-quoted. */
    memcpy(out_room(o, o->meta_len), o->meta_csv, o->meta_len);
    o->len += o->meta_len;
    o->col = 0;
}

/* 0 ok, -1 when the workbook could not be written (message printed). */
static int out_end(rout *o)
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

typedef struct rstate {
    const ropts *op;
    const char *file;
    fp_level lv[MAX_LEVELS];
    rout out;
    FILE *outfp;
    /* the current record, as the CSV layer hands it over: field i is
     * fptr[i], len[i] bytes, NUL-terminated, valid during the row callback */
    size_t *len, nf;
    char **fptr;
    int direct;               /* no field holds a comma, quote, CR or LF */
    size_t line;              /* physical line where the record starts */
    /* the header */
    int have_header;
    char **head; size_t nhead;
    size_t inum, iden, isd, igroup, istd;   /* column indices; SIZE_MAX absent */
    size_t *ifreq;                          /* --frequencies column indices */
    size_t ixref, inref, irate;             /* isr: reference columns */
    size_t iage;                            /* le: start age column */
    size_t iq, ival, ilo, ihi, ise;         /* sii: its columns */
    /* results */
    size_t nrows, nbad;       /* rows, rows with unparseable cells */
    int fatal;                /* a header problem: stop */
    /* DSR groups */
    struct dgroup { char *key; double *count, *pop, *std, *people; size_t n, cap; size_t line;
                    /* isr: reference count and population per band; bands
                     * with a missing value, negative counts, bad cells */
                    double *xref, *nref; size_t nmissing; int negative, bad;
                    /* le: each band's start age and its label */
                    double *age; char **agelab; } *groups;
    size_t ngroups, capgroups, lastgroup;
    size_t *ghash, ghcap;      /* open-addressed index of group keys: slot = g + 1, 0 empty */
    fpc_diags *diags;         /* the reader's, for row warnings */
} rstate;

static const char *field(const rstate *s, size_t i)
{
    return s->fptr[i];
}

/* Whether a plain row (split by the CSV layer's fast path where it lay in
 * its line, fields in order) is all ASCII: one check from the first field
 * to the end of the last. 0 when the fields are not in order (each cell is
 * then cleaned, which is right in any case). */
static int row_ascii(const rstate *s)
{
    if (!s->nf) return 1;
    const char *a = s->fptr[0], *b = s->fptr[s->nf - 1] + s->len[s->nf - 1];
    return b >= a && fpc_ascii(a, (size_t)(b - a));
}

static size_t find_col(const rstate *s, const char *name)
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
static int parse_cell(const char *text, double *v)
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
static double get_num(rstate *s, size_t c, const char *what, char *note, size_t notesz, int *bad)
{
    double v = NAN;
    if (c == SIZE_MAX || c >= s->nf) return NAN;
    if (parse_cell(field(s, c), &v) < 0) {
        fpc_diags_add(s->diags, 0, s->file, s->line, c + 1, "%s '%s' is not a number", what, field(s, c));
        size_t k = strlen(note);
        snprintf(note + k, notesz - k, "%s%s is not a number", k ? "; " : "", what);
        *bad = 1;
    }
    return v;
}

static const char *level_label(double level, char *buf, size_t size)
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
static void limit_names(const ropts *op, const char *prefix, char **own, const char **names,
                        size_t *n)
{
    for (size_t l = 0; l < op->nlevels; l++) {
        char lab[32];
        level_label(op->levels[l], lab, sizeof lab);
        for (int side = 0; side < 2; side++) {
            char **slot = &own[2 * l + (size_t)side];
            *slot = fpc_xmalloc(48);
            snprintf(*slot, 48, "%s%s%scl", prefix, side ? "upper" : "lower", lab);
            names[(*n)++] = *slot;
        }
    }
}

static void start_output(rstate *s)
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
    limit_names(op, "", own, names, &n);
    if (op->type == T_SII) {   /* value is the SII; then the RII and its limits */
        names[n++] = "rii";
        limit_names(op, "rii_", own + 2 * op->nlevels, names, &n);
        names[n++] = "intercept";
    }
    names[n++] = "method";
    names[n++] = "note";
    const char *base = strrchr(s->file, '/');
    out_begin(&s->out, s->outfp, op, names, n, !strcmp(s->file, "-") ? "stdin"
              : base ? base + 1 : s->file);
    if (s->out.usage) s->fatal = 1;
    for (size_t i = 0; i < 4 * op->nlevels; i++) free(own[i]);
    free(own);
    free(names);
}

static void header_row(rstate *s)
{
    const ropts *op = s->op;
    s->nhead = s->nf;
    s->head = fpc_xmalloc((s->nf ? s->nf : 1) * sizeof *s->head);
    for (size_t i = 0; i < s->nf; i++) s->head[i] = fpc_strdup(field(s, i));
    s->have_header = 1;
    s->inum = find_col(s, op->numcol);
    s->iden = find_col(s, op->dencol);
    s->isd = find_col(s, op->sdcol);
    s->igroup = find_col(s, op->groupcol);
    s->istd = find_col(s, op->stdcol);
    s->ixref = find_col(s, op->xrefcol);
    s->inref = find_col(s, op->nrefcol);
    s->irate = find_col(s, op->ratecol);
    s->iage = find_col(s, op->agecol);
    s->iq = find_col(s, op->qcol);
    s->ival = find_col(s, op->valcol);
    s->ilo = find_col(s, op->locol);
    s->ihi = find_col(s, op->hicol);
    s->ise = find_col(s, op->secol);
    if (op->nfreq) {
        s->ifreq = fpc_xmalloc(op->nfreq * sizeof *s->ifreq);
        for (size_t k = 0; k < op->nfreq; k++) {
            s->ifreq[k] = find_col(s, op->freqcols[k]);
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
    if (!s->fatal) start_output(s);
}

/* The cells of a plain row (fields from direct_line hold no comma, quote,
 * CR or LF) copied into room reserved once for the row: 3 bytes a cell more
 * for the guard's "'..." (see csv_put); with clean, bytes that are not UTF-8
 * become U+FFFD (fpc_utf8_clean_n), so three times each field's room.
 * Inlined with clean a constant, so the ASCII copy tests nothing more. */
static inline __attribute__((always_inline)) void plain_cells(rstate *s, int clean)
{
    size_t need = 4 * s->nhead;
    for (size_t i = 0; i < s->nf && i < s->nhead; i++) need += (clean ? 3 : 1) * s->len[i];
    char *p0 = out_room(&s->out, need), *p = p0;
    for (size_t i = 0; i < s->nhead; i++) {
        if (s->out.col++) *p++ = ',';
        if (i < s->nf) {
            const char *f = field(s, i);
            size_t fl = s->len[i];
            int guard = csv_guard(f, fl);
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
static __attribute__((noinline)) void plain_cells_clean(rstate *s)
{
    plain_cells(s, 1);
}

/* One row of rate/proportion/mean. */
static void data_row(rstate *s)
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
    double x = get_num(s, s->inum, nn, note, sizeof note, &bad);
    double n = get_num(s, s->iden, dn, note, sizeof note, &bad);
    double sd = op->type == T_MEAN ? get_num(s, s->isd, "sd", note, sizeof note, &bad) : NAN;
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
        if (row_ascii(s)) plain_cells(s, 0);
        else plain_cells_clean(s);
    } else if (!s->out.fast) {
        /* fpc_table copies the cell: the NUL-terminated field will do. */
        for (size_t i = 0; i < s->nhead; i++) fpc_table_str(&s->out.table, i < s->nf ? field(s, i) : "");
    } else {
        for (size_t i = 0; i < s->nhead; i++) {
            if (i < s->nf) out_str(&s->out, field(s, i), s->len[i]);
            else out_str(&s->out, "", 0);
        }
    }
    /* A partial result (e.g. value known, a limit not) keeps what is known. */
    out_num(&s->out, ci[0].value, op->dp);
    for (size_t l = 0; l < op->nlevels; l++) {
        out_num(&s->out, ci[l].lower, op->dp);
        out_num(&s->out, ci[l].upper, op->dp);
    }
    out_cstr(&s->out, ci[0].status == FP_OK || ci[0].method != FP_CI_NONE
                      ? fp_ci_method_name(ci[0].method) : "");
    if (!bad && ci[0].status != FP_OK) snprintf(note, sizeof note, "%s", fp_ci_reason(&ci[0]));
    out_cstr(&s->out, note);
    out_endrow(&s->out);
}

/* The slot of key in the group index: where it is, or the empty slot where
 * it would go. The index is kept at most half full. */
static size_t group_slot(const rstate *s, const char *key)
{
    size_t mask = s->ghcap - 1, i = (size_t)fpc_hash_str(key) & mask;
    while (s->ghash[i] && strcmp(s->groups[s->ghash[i] - 1].key, key)) i = (i + 1) & mask;
    return i;
}

/* The group of the current row (by the --group column, "all" without one),
 * added when new. Rows usually come grouped, so the last group is tried
 * first; otherwise a hash index finds it, so many groups (thousands of
 * small areas) cost no more per row than few. New groups are appended, so
 * the output keeps the input order. */
static struct dgroup *row_group(rstate *s)
{
    const char *key = s->igroup != SIZE_MAX && s->igroup < s->nf ? field(s, s->igroup) : "all";
    size_t g = s->lastgroup;
    if (g >= s->ngroups || strcmp(s->groups[g].key, key)) {
        if (2 * (s->ngroups + 1) > s->ghcap) {
            free(s->ghash);
            s->ghcap = s->ghcap ? 2 * s->ghcap : 64;
            s->ghash = fpc_xmalloc(s->ghcap * sizeof *s->ghash);
            memset(s->ghash, 0, s->ghcap * sizeof *s->ghash);
            for (size_t k = 0; k < s->ngroups; k++)
                s->ghash[group_slot(s, s->groups[k].key)] = k + 1;
        }
        size_t slot = group_slot(s, key);
        if (s->ghash[slot]) {
            g = s->ghash[slot] - 1;
        } else {
            g = s->ngroups;
            if (s->ngroups == s->capgroups) {
                s->capgroups = s->capgroups ? 2 * s->capgroups : 16;
                s->groups = fpc_xrealloc(s->groups, s->capgroups * sizeof *s->groups);
            }
            memset(&s->groups[g], 0, sizeof s->groups[g]);
            s->groups[g].key = fpc_strdup(key);
            s->groups[g].line = s->line;
            s->ngroups++;
            s->ghash[slot] = g + 1;
        }
        s->lastgroup = g;
    }
    return &s->groups[g];
}

/* Double a group's band arrays: counts and populations, then the standard
 * populations and per-person event counts (nfreq a band) of a DSR, or the
 * reference counts and populations of an ISR. */
static void group_grow(struct dgroup *G, size_t nfreq, int isr)
{
    G->cap = G->cap ? 2 * G->cap : 32;
    G->count = fpc_xrealloc(G->count, G->cap * sizeof *G->count);
    G->pop = fpc_xrealloc(G->pop, G->cap * sizeof *G->pop);
    if (isr) {
        G->xref = fpc_xrealloc(G->xref, G->cap * sizeof *G->xref);
        G->nref = fpc_xrealloc(G->nref, G->cap * sizeof *G->nref);
        return;
    }
    G->std = fpc_xrealloc(G->std, G->cap * sizeof *G->std);
    if (nfreq) G->people = fpc_xrealloc(G->people, G->cap * nfreq * sizeof *G->people);
}

/* One row of DSR input: add to its group. */
static void dsr_row(rstate *s)
{
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double x = get_num(s, s->inum, "count", note, sizeof note, &bad);
    double n = get_num(s, s->iden, "population", note, sizeof note, &bad);
    double w = s->istd != SIZE_MAX ? get_num(s, s->istd, "standard population", note,
                                              sizeof note, &bad) : NAN;
    double people[64];
    for (size_t k = 0; k < s->op->nfreq; k++)
        people[k] = get_num(s, s->ifreq[k], s->op->freqcols[k], note, sizeof note, &bad);
    if (bad) s->nbad++;
    struct dgroup *G = row_group(s);
    if (G->n == G->cap) group_grow(G, s->op->nfreq, 0);
    for (size_t k = 0; k < s->op->nfreq; k++) G->people[G->n * s->op->nfreq + k] = people[k];
    G->count[G->n] = x;
    G->pop[G->n] = n;
    G->std[G->n] = w;
    G->n++;
}

static void dsr_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        fp_ci ci[MAX_LEVELS];
        double total = NAN, pop = 0;
        char note[256];
        note[0] = '\0';
        for (size_t i = 0; i < G->n; i++) pop += G->pop[i];
        const double *std = s->istd != SIZE_MAX ? G->std : NULL;
        for (size_t l = 0; l < op->nlevels; l++) {
            if (op->nfreq)
                fp_dsr_ci_nonindependent(G->people, op->nfreq, G->pop, std, G->n,
                                         op->multiplier, op->levels[l], &ci[l], &total);
            else
                fp_dsr_ci(G->count, G->pop, std, G->n, op->multiplier, op->levels[l],
                          &ci[l], &total);
        }
        if (ci[0].status != FP_OK) {
            if (s->istd == SIZE_MAX && G->n != FP_ESP2013_BANDS)
                snprintf(note, sizeof note, "%zu age bands: the 2013 European Standard "
                         "Population needs 19 (0-4 to 90+), or give --standard", G->n);
            else
                snprintf(note, sizeof note, "%s", fp_ci_reason(&ci[0]));
        }
        out_cstr(&s->out, G->key);
        out_num(&s->out, total, -1);
        out_num(&s->out, pop, -1);
        out_num(&s->out, ci[0].value, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            out_num(&s->out, ci[l].lower, op->dp);
            out_num(&s->out, ci[l].upper, op->dp);
        }
        out_cstr(&s->out, fp_ci_method_name(ci[0].method));
        out_cstr(&s->out, note);
        out_endrow(&s->out);
    }
}

/* One row of ISR input (one age band of one group): add to its group.
 * The reference is kept as a count and a population per band; a reference
 * rate r per --ref-rate-per people is kept as r/per of 1. */
static void isr_row(rstate *s)
{
    const ropts *op = s->op;
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double x = get_num(s, s->inum, "count", note, sizeof note, &bad);
    double n = get_num(s, s->iden, "population", note, sizeof note, &bad);
    double xr, nr;
    if (s->irate != SIZE_MAX) {
        xr = get_num(s, s->irate, "reference rate", note, sizeof note, &bad) / op->rateper;
        nr = 1.0;
    } else {
        xr = get_num(s, s->ixref, "reference count", note, sizeof note, &bad);
        nr = get_num(s, s->inref, "reference population", note, sizeof note, &bad);
    }
    int cells_bad = bad;
    if (s->nf != s->nhead) {
        fpc_diags_add(s->diags, 0, s->file, s->line, 0, "row has %zu fields, the header has %zu", s->nf, s->nhead);
        bad = 1;
    }
    if (bad) s->nbad++;
    struct dgroup *G = row_group(s);
    if (G->n == G->cap) group_grow(G, 0, 1);
    G->count[G->n] = x;
    G->pop[G->n] = n;
    G->xref[G->n] = xr;
    G->nref[G->n] = nr;
    G->n++;
    /* bad: 1 a cell that is not a number, 2 only a row of the wrong length */
    if (cells_bad) G->bad = 1;
    else if (bad && !G->bad) G->bad = 2;
    /* Missing counts, populations and reference counts count as 0, as in
     * PHEindicatormethods (a missing reference population is an error). */
    if (isnan(x) || isnan(n) || isnan(xr)) G->nmissing++;
    if (x < 0) G->negative = 1;
}

/* One output row per ISR group: observed O = sum of counts, expected E =
 * fp_isr_expected, value and limits from fp_isr_ci with scale the
 * multiplier (ratio, as calculate_ISRatio's refvalue) or the group's
 * reference rate sum(x_ref)/sum(n_ref) x multiplier (rate, as
 * calculate_ISRate). A group that cannot be computed has empty value and
 * limits and its reason in note; a computed group with missing values
 * says how many bands counted them as 0. */
static void isr_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        fp_ci ci[MAX_LEVELS];
        double obs = 0, expected = NAN, xrs = 0, nrs = 0;
        char note[256];
        note[0] = '\0';
        for (size_t i = 0; i < G->n; i++) {
            if (!isnan(G->count[i])) obs += G->count[i];
            if (!isnan(G->xref[i])) xrs += G->xref[i];
            nrs += G->nref[i];
        }
        double ref_rate = nrs > 0 && xrs >= 0 ? xrs / nrs * op->multiplier : NAN;
        double scale = op->type == T_ISRATE ? ref_rate : op->multiplier;
        int st = fp_isr_expected(G->pop, G->xref, G->nref, G->n, &expected);
        for (size_t l = 0; l < op->nlevels; l++) {
            ci[l] = (fp_ci){ NAN, NAN, NAN, op->levels[l], FP_CI_NONE, st, "" };
            if (st == FP_OK && !G->bad && !G->negative)
                fp_isr_ci(obs, expected, scale, op->levels[l], &ci[l]);
        }
        if (G->bad)
            snprintf(note, sizeof note, "%s (reported on stderr)", G->bad == 1
                     ? "cells that are not numbers" : "a row with the wrong number of fields");
        else if (G->negative)
            snprintf(note, sizeof note, "negative count");
        else if (st == FP_EZERODIV)
            snprintf(note, sizeof note, "zero or missing reference population");
        else if (st != FP_OK)
            snprintf(note, sizeof note, "negative population or reference value");
        else if (!(expected > 0))
            snprintf(note, sizeof note, "zero or missing expected count");
        else if (ci[0].status != FP_OK)
            snprintf(note, sizeof note, "%s", fp_ci_reason(&ci[0]));
        else if (G->nmissing)
            snprintf(note, sizeof note, "missing values in %zu age band%s counted as 0",
                     G->nmissing, G->nmissing == 1 ? "" : "s");
        out_cstr(&s->out, G->key);
        out_num(&s->out, obs, -1);
        out_num(&s->out, st == FP_OK ? expected : NAN, op->dp);
        if (op->type == T_ISRATE) out_num(&s->out, ref_rate, op->dp);
        out_num(&s->out, ci[0].value, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            out_num(&s->out, ci[l].lower, op->dp);
            out_num(&s->out, ci[l].upper, op->dp);
        }
        out_cstr(&s->out, ci[0].status == FP_OK ? fp_ci_method_name(ci[0].method) : "");
        out_cstr(&s->out, note);
        out_endrow(&s->out);
    }
}

/* One row of life-expectancy input (one age band of one group): its start
 * age (the first number in the cell: "0", "1-4", "90+", as
 * PHEindicatormethods reads age_contents), deaths and population. */
static void le_row(rstate *s)
{
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double x = get_num(s, s->inum, "deaths", note, sizeof note, &bad);
    double n = get_num(s, s->iden, "population", note, sizeof note, &bad);
    const char *lab = s->iage < s->nf ? field(s, s->iage) : "";
    const char *d = lab;
    while (*d && (*d < '0' || *d > '9')) d++;
    double age = *d ? strtod(d, NULL) : NAN;
    if (isnan(age)) {
        fpc_diags_add(s->diags, 0, s->file, s->line, s->iage + 1, "start age '%.40s' has no number", lab);
        bad = 1;
    }
    if (bad) s->nbad++;
    struct dgroup *G = row_group(s);
    if (G->n == G->cap) {
        group_grow(G, 0, 1);
        G->age = fpc_xrealloc(G->age, G->cap * sizeof *G->age);
        G->agelab = fpc_xrealloc(G->agelab, G->cap * sizeof *G->agelab);
    }
    G->count[G->n] = x;
    G->pop[G->n] = n;
    G->age[G->n] = age;
    G->agelab[G->n] = fpc_strdup(lab);
    G->n++;
    if (bad) G->bad = 1;
}

/* Whether --le-age keeps the band starting at age (all without it). */
static int le_age_wanted(const ropts *op, double age)
{
    if (!op->le_ages) return 1;
    size_t n;
    char **v = fpc_split(op->le_ages, ',', &n);
    int keep = 0;
    for (size_t i = 0; i < n && !keep; i++) keep = strtod(v[i], NULL) == age;
    fpc_free_strv(v);
    return keep;
}

/* One output row per band of each group: life expectancy at its start age
 * (fp_life_expectancy) with its limits at each level, the population and
 * deaths at that age and above, and a note for a table or a value that the
 * package's rules withhold. Bands are put in age order first. */
static void le_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        size_t n = G->n;
        size_t *ord = fpc_xmalloc((n ? n : 1) * sizeof *ord);
        double *age = fpc_xmalloc((n ? n : 1) * 3 * sizeof *age), *dth = age + n, *pop = age + 2 * n;
        fp_le_row *rows = fpc_xmalloc((n ? n : 1) * MAX_LEVELS * sizeof *rows);
        for (size_t i = 0; i < n; i++) ord[i] = i;
        for (size_t i = 1; i < n; i++)            /* insertion sort: 20 bands */
            for (size_t j = i; j > 0 && G->age[ord[j - 1]] > G->age[ord[j]]; j--) {
                size_t t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
            }
        for (size_t i = 0; i < n; i++) {
            age[i] = G->age[ord[i]]; dth[i] = G->count[ord[i]]; pop[i] = G->pop[ord[i]];
        }
        char note[256];
        note[0] = '\0';
        fp_le_reason why = FP_LE_OK;
        int st = FP_OK;
        if (G->bad)
            snprintf(note, sizeof note, "cells that are not numbers (reported on stderr)");
        else if (!op->any_bands && !fp_le_bands_standard(age, n))
            snprintf(note, sizeof note, "%zu age bands: life expectancy needs the 20 bands 0, "
                     "1-4, 5-9, ..., 85-89, 90+ (or --any-bands)", n);
        else {
            for (size_t l = 0; l < op->nlevels && st == FP_OK; l++)
                st = fp_life_expectancy(age, dth, pop, n, op->levels[l], rows + l * n, &why);
            if (st != FP_OK)
                snprintf(note, sizeof note, "age bands must start at 0 and differ");
            else if (why != FP_LE_OK)
                snprintf(note, sizeof note, "%s", fp_le_reason_text(why));
        }
        int ok = note[0] == '\0';
        double pc = 0, dc = 0;
        for (size_t i = n; i-- > 0;) {            /* used counts, also when not computed */
            pc += pop[i]; dc += dth[i];
            if (!ok) { rows[i].pops_used = pc; rows[i].deaths_used = dc; }
        }
        for (size_t i = 0; i < n; i++) {
            if (!le_age_wanted(op, age[i])) continue;
            out_cstr(&s->out, G->key);
            out_cstr(&s->out, G->agelab[ord[i]]);
            out_num(&s->out, rows[i].pops_used, -1);
            out_num(&s->out, rows[i].deaths_used, -1);
            out_num(&s->out, ok ? rows[i].value : NAN, op->dp);
            for (size_t l = 0; l < op->nlevels; l++) {
                out_num(&s->out, ok ? rows[l * n + i].lower : NAN, op->dp);
                out_num(&s->out, ok ? rows[l * n + i].upper : NAN, op->dp);
            }
            out_cstr(&s->out, "Chiang, using Silcocks et al for confidence limits");
            out_cstr(&s->out, ok ? fp_le_reason_text(rows[i].reason) : note);
            out_endrow(&s->out);
        }
        free(ord); free(age); free(rows);
    }
}

/* One row of SII input (one quantile of one group): quantile number,
 * population, value and either its 95% limits or its standard error. The
 * group's arrays: count = value, pop = population, xref = lower limit,
 * nref = upper limit, std = standard error, age = quantile. */
static void sii_row(rstate *s)
{
    const ropts *op = s->op;
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double q = get_num(s, s->iq, "quantile", note, sizeof note, &bad);
    double pop = get_num(s, s->iden, "population", note, sizeof note, &bad);
    double v = get_num(s, s->ival, "value", note, sizeof note, &bad);
    double lo = NAN, hi = NAN, se = NAN;
    if (op->secol) se = get_num(s, s->ise, "standard error", note, sizeof note, &bad);
    else {
        lo = get_num(s, s->ilo, "lower limit", note, sizeof note, &bad);
        hi = get_num(s, s->ihi, "upper limit", note, sizeof note, &bad);
    }
    if (bad) s->nbad++;
    struct dgroup *G = row_group(s);
    if (G->n == G->cap) {
        group_grow(G, 0, 1);
        G->std = fpc_xrealloc(G->std, G->cap * sizeof *G->std);
        G->age = fpc_xrealloc(G->age, G->cap * sizeof *G->age);
    }
    G->age[G->n] = q;
    G->pop[G->n] = pop;
    G->count[G->n] = v;
    G->xref[G->n] = lo;
    G->nref[G->n] = hi;
    G->std[G->n] = se;
    G->n++;
    if (bad) G->bad = 1;
    if (isnan(q) || isnan(pop) || isnan(v)) G->nmissing++;
}

/* The note for a group fp_sii refused, in the package's words. */
static const char *sii_refusal(int st, size_t n, const ropts *op)
{
    if (st == FP_EINVAL && (n < 5 || n > 100)) return "number of quantiles must be between 5 and 100";
    if (st == FP_EDOM) return op->sii.value_type == FP_SII_PROPORTION
        ? "a population of 0 or less, a negative or missing standard error or limit, or a "
          "proportion outside 0 to 1"
        : op->sii.value_type == FP_SII_RATE
        ? "a population of 0 or less, a negative or missing standard error or limit, or a rate "
          "of 0 or less"
        : "a population of 0 or less, or a negative or missing standard error or limit";
    return fp_strerror(st);
}

/* One output row per group: the SII (value) and its limits, the RII and
 * its limits, the intercept, the method and a note. Quantiles are put in
 * ascending order first (the package arranges by quantile), so quantile 1
 * is x = 0. */
static void sii_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        size_t n = G->n;
        size_t *ord = fpc_xmalloc((n ? n : 1) * sizeof *ord);
        double *buf = fpc_xmalloc((n ? n : 1) * 5 * sizeof *buf);
        double *v = buf, *pop = buf + n, *lo = buf + 2 * n, *hi = buf + 3 * n, *se = buf + 4 * n;
        for (size_t i = 0; i < n; i++) ord[i] = i;
        for (size_t i = 1; i < n; i++)            /* insertion sort: <= 100 quantiles */
            for (size_t j = i; j > 0 && G->age[ord[j - 1]] > G->age[ord[j]]; j--) {
                size_t t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
            }
        for (size_t i = 0; i < n; i++) {
            v[i] = G->count[ord[i]]; pop[i] = G->pop[ord[i]];
            lo[i] = G->xref[ord[i]]; hi[i] = G->nref[ord[i]]; se[i] = G->std[ord[i]];
        }
        if (!op->secol) fp_sii_se_from_ci(lo, hi, n, op->sii.value_type, se);
        fp_sii_options so = op->sii;
        so.multiplier = op->multiplier;
        fp_sii_result r;
        char note[256], method[96];
        note[0] = '\0';
        int st = FP_EINVAL;
        int dup = 0;
        for (size_t i = 1; i < n; i++) dup |= G->age[ord[i]] == G->age[ord[i - 1]];
        if (G->bad || G->nmissing)
            snprintf(note, sizeof note, "missing or unreadable cells: SII needs every quantile");
        else if (dup)
            snprintf(note, sizeof note, "a quantile appears twice");
        else if ((st = fp_sii(v, se, pop, n, &so, op->levels, op->nlevels, &r)) != FP_OK)
            snprintf(note, sizeof note, "%s", sii_refusal(st, n, op));
        else if (n > 10)
            snprintf(note, sizeof note, "more than 10 quantiles: small values can make the SII "
                     "unstable");
        int ok = st == FP_OK && !G->bad && !G->nmissing && !dup;
        if (op->sii.ci_method == FP_SII_CI_ANALYTIC)
            snprintf(method, sizeof method, "analytic (normal%s)",
                     op->sii.value_type != FP_SII_NORMAL && !op->sii.transform
                     ? ", delta method" : "");
        else
            snprintf(method, sizeof method, "simulation %zu reps, seed %lu", op->sii.repetitions,
                     op->sii.seed);
        out_cstr(&s->out, G->key);
        out_num(&s->out, (double)n, -1);
        out_num(&s->out, ok ? r.sii : NAN, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            out_num(&s->out, ok ? r.sii_lower[l] : NAN, op->dp);
            out_num(&s->out, ok ? r.sii_upper[l] : NAN, op->dp);
        }
        out_num(&s->out, ok ? r.rii : NAN, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            out_num(&s->out, ok ? r.rii_lower[l] : NAN, op->dp);
            out_num(&s->out, ok ? r.rii_upper[l] : NAN, op->dp);
        }
        out_num(&s->out, ok ? r.intercept : NAN, op->dp);
        out_cstr(&s->out, method);
        out_cstr(&s->out, note);
        out_endrow(&s->out);
        free(ord); free(buf);
    }
}

/* The CSV layer's row callback: the header, then one data row (or age
 * band) at a time. Returns nonzero to stop reading (a header problem). */
static int rates_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    rstate *s = ctx;
    (void)c;
    s->fptr = r->f;
    s->len = r->len;
    s->nf = r->n;
    s->line = r->line;
    s->direct = r->plain;
    if (r->is_header) {
        header_row(s);
    } else {
        s->nrows++;
        if (s->op->type == T_DSR) dsr_row(s);
        else if (s->op->type == T_LE) le_row(s);
        else if (s->op->type == T_SII) sii_row(s);
        else if (GROUPED(s->op->type)) isr_row(s);
        else data_row(s);
    }
    return s->fatal;
}

static void free_state(rstate *s)
{
    for (size_t i = 0; i < s->nhead; i++) free(s->head[i]);
    free(s->head);
    for (size_t g = 0; g < s->ngroups; g++) {
        free(s->groups[g].key);
        free(s->groups[g].count);
        free(s->groups[g].pop);
        free(s->groups[g].std);
        free(s->groups[g].people);
        free(s->groups[g].xref);
        free(s->groups[g].nref);
        for (size_t i = 0; s->groups[g].agelab && i < s->groups[g].n; i++)
            free(s->groups[g].agelab[i]);
        free(s->groups[g].agelab);
        free(s->groups[g].age);
    }
    free(s->groups);
    free(s->ghash);
    free(s->ifreq);
}

/* ------------------------------------------------------------ options */

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: fingerpost rates --type TYPE [OPTION]... FILE\n"
"Compute a value and confidence intervals for every row of a CSV file (FILE\n"
"may be - for standard input) and write CSV to standard output.\n\n"
"Types (methods as in OHID's Fingertips and PHEindicatormethods):\n"
"  rate        crude rate numerator/denominator x multiplier (default 100000);\n"
"              Byar's method for counts of 10 or more, exact Poisson below\n"
"  proportion  numerator/denominator x multiplier (default 100, a percentage);\n"
"              Wilson score interval (--exact: Clopper-Pearson)\n"
"  mean        sum/count from columns sum, count and sd; Student's t interval\n"
"  dsr         directly standardised rate (Dobson) per --group from one row per\n"
"              age band (columns count and pop); the 2013 European Standard\n"
"              Population (19 bands 0-4 ... 90+, in that order) unless\n"
"              --standard names a column of standard population weights\n"
"  isr         indirectly standardised ratio (e.g. a standardised mortality or\n"
"              admission ratio) per --group from one row per age band: observed\n"
"              count and population (columns count and pop) and the reference\n"
"              for that band: count and population (columns refcount and refpop,\n"
"              PHEindicatormethods' x_ref and n_ref with refpoptype \"field\") or\n"
"              a rate (--ref-rate); value = multiplier x observed/expected\n"
"              (default multiplier 1; 100 for ratios x 100); Byar's method for\n"
"              observed counts of 10 or more, exact Poisson below\n"
"  israte      indirectly standardised rate: as isr, times the reference rate\n"
"              sum(refcount)/sum(refpop) x multiplier (default 100000)\n"
"  le          life expectancy (PHEindicatormethods phe_life_expectancy: Chiang\n"
"              II abridged life table, Silcocks' interval for the 90+ band) at\n"
"              each band's start age, per --group, from one row per age band:\n"
"              start age (column startage: 0, 1-4, 5-9, ..., 90+; the first\n"
"              number counts), deaths and population (columns deaths, pops).\n"
"              As the package: no table for a group with negative deaths, a\n"
"              population of 0 or less, more deaths than population, a total\n"
"              population of 5,000 or less, or not the 20 bands 0, 1-4, 5-9,\n"
"              ..., 85-89, 90+; a value whose 95%% interval is wider than 20\n"
"              years is withheld (its limits are still given)\n"
"  sii         slope and relative index of inequality (PHEindicatormethods\n"
"              phe_sii) per --group from one row per deprivation quantile\n"
"              (5 to 100; quantile 1 first, e.g. the most deprived): columns\n"
"              quantile, population, value and lowercl, uppercl (95%%) or --se;\n"
"              limits by simulation with R's own random numbers (so\n"
"              set.seed(SEED) in R gives the same interval), or --sii-ci\n"
"              analytic; output: value (SII) and limits, rii and limits,\n"
"              intercept\n\n"
"Options:\n"
"  -t, --type TYPE          rate, proportion, mean, dsr, isr, israte, le, sii\n"
"                           (required)\n"
"  -m, --multiplier M       e.g. 1, 100, 1000, 100000\n"
"  -c, --confidence LIST    levels in percent, comma-separated (default 95,99.8;\n"
"                           0.95 also accepted: values below 1 are fractions)\n"
"  -n, --numerator COL      numerator column (default numerator; mean: sum;\n"
"                           dsr, isr, israte: count; le: deaths)\n"
"  -d, --denominator COL    denominator column (default denominator; mean:\n"
"                           count; dsr, isr, israte: pop; le: pops)\n"
"      --age COL            le: the start age column (default startage)\n"
"      --le-age LIST        le: only these start ages, e.g. 0,65 (default all)\n"
"      --any-bands          le: any bands that start at 0 (e.g. 0, 1-4, ..., 85+),\n"
"                           not only the 20 standard ones; not checked against\n"
"                           PHEindicatormethods, which refuses them\n"
"      --quantile COL       sii: quantile number column (default quantile)\n"
"      --value COL          sii: value column (default value)\n"
"      --lower-cl COL, --upper-cl COL\n"
"                           sii: the value's 95%% limits (default lowercl,\n"
"                           uppercl); the standard error is taken from them\n"
"      --se COL             sii: standard error column instead of the limits (on\n"
"                           the log scale for rates, logit for proportions)\n"
"      --value-type TYPE    sii: normal (default; e.g. life expectancy), rate or\n"
"                           proportion (a fraction 0..1; phe_sii's value_type)\n"
"      --transform          sii: regress log rates or logit proportions\n"
"      --repetitions N      sii: simulation draws (default 100000; >= 1000)\n"
"      --seed N             sii: the simulation's seed (default 1), as R's set.seed\n"
"      --sii-ci METHOD      sii: simulation (default, as phe_sii) or analytic\n"
"                           (normal limits from the fit's variance; exact for\n"
"                           normal values, the delta method for rates and\n"
"                           proportions)\n"
"      --sd COL             standard deviation column for means (default sd)\n"
"  -g, --group COL          dsr, isr, israte, le, sii: the column that identifies an\n"
"                           area/group (without it, all rows are one group)\n"
"      --standard COL       dsr: standard population column\n"
"      --frequencies LIST   dsr for non-independent events: the columns holding\n"
"                           the numbers of people with 1, 2, 3, ... events\n"
"                           (comma-separated, in that order); replaces count\n"
"      --x-ref COL          isr, israte: reference count per band (default\n"
"                           refcount)\n"
"      --n-ref COL          isr, israte: reference population per band (default\n"
"                           refpop)\n"
"      --ref-rate COL       isr: reference rate per band instead of --x-ref and\n"
"                           --n-ref\n"
"      --ref-rate-per N     isr: the --ref-rate column is per N people (default\n"
"                           1: events per person; 100000 for rates per 100,000)\n"
"      --exact              proportions: Clopper-Pearson instead of Wilson\n"
"      --dp N               round outputs to N decimal places (half away from\n"
"                           zero); default full precision (15 significant digits)\n"
"  -f, --format FMT         csv (default), tsv, md, json or xlsx (a workbook)\n"
"  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
"      --columns LIST       write only these columns, in this order (names as\n"
"                           under Output; an unknown name lists them)\n"
"      --all-columns        write every column (the default)\n"
"  -h, --help               show this help and exit\n\n"
"Output: the input columns (dsr: group, total_count, total_pop; isr: group,\n"
"observed, expected; israte: group, observed, expected, ref_rate; le: group,\n"
"the start age, pops_used, dths_used; sii: group, quantiles), value, then\n"
"lowerXX_Xcl and upperXX_Xcl for each level (lower95_0cl, upper95_0cl,\n"
"lower99_8cl, upper99_8cl), (sii: rii and rii_lowerXX_Xcl, rii_upperXX_Xcl,\n"
"intercept), method, note, methods_version, data_version.\n"
"A row that cannot be computed (zero or missing denominator, numerator above\n"
"denominator for a proportion, negative input, DSR total count below 10, ...)\n"
"has empty values and its reason in note. Missing-value codes (empty, NA, c,\n"
"x, .., -, :, low, z) count as missing. isr/israte: a group with zero expected\n"
"count, a negative count, or a zero or missing reference population gets a\n"
"note and no value; missing counts, populations and reference counts count as\n"
"0, as in PHEindicatormethods, and the note says in how many bands.\n\n"
"Examples:\n"
"  fingerpost rates --type rate --multiplier 10000 lac.csv\n"
"  fingerpost rates --type proportion --numerator achieved --denominator cohort \\\n"
"      --confidence 95 --dp 1 ks4.csv\n"
"  fingerpost rates --type dsr --group area deaths_by_age.csv\n"
"  fingerpost rates --type le --group area --le-age 0,65 deaths_by_age.csv\n"
"  fingerpost rates --type sii --group area --value-type rate --seed 1 deciles.csv\n"
"  fingerpost rates --type isr --multiplier 100 --group area \\\n"
"      --numerator admissions --x-ref england_admissions --n-ref england_pop \\\n"
"      admissions_by_age.csv\n\n"
"Exit status: 0 success (including rows that could only be given a note);\n"
"1 data error: unreadable or malformed CSV, a required column missing (no\n"
"output), or cells that are not numbers (output complete, those rows noted,\n"
"each reported on stderr as FILE:LINE:COL); 2 usage error.\n");
}

static int parse_levels(const char *s, ropts *op)
{
    size_t n;
    char **v = fpc_split(s, ',', &n);
    int rc = 0;
    op->nlevels = 0;
    for (size_t i = 0; i < n; i++) {
        double x;
        if (op->nlevels == MAX_LEVELS || fpc_parse_level(v[i], &x) != 0) { rc = -1; break; }
        op->levels[op->nlevels++] = x;
    }
    fpc_free_strv(v);
    return rc == 0 && op->nlevels > 0 ? 0 : -1;
}

/* Everything after option parsing; op->freqcols is freed by the caller. */
static int rates_run(ropts *o, int have_type, int argc, char **argv)
{
    ropts op = *o;
    if (!have_type)
        return fpc_usage("rates", "--type is required (rate, proportion, mean, dsr, isr, israte, "
                         "le or sii)");
    if (optind != argc - 1)
        return fpc_usage("rates", optind >= argc ? "no input FILE" : "only one input FILE is allowed");
    if (!isnan(op.multiplier) && !(op.multiplier > 0) && op.type != T_SII)
        return fpc_usage("rates", "--multiplier must be a positive number (a negative one only "
                         "with --type sii), not %g", op.multiplier);
    if (op.exact && op.type != T_PROPORTION)
        return fpc_usage("rates", "--exact applies to --type proportion only");
    if (isnan(op.multiplier))
        op.multiplier = op.type == T_PROPORTION ? 100
                      : op.type == T_MEAN || op.type == T_ISR || op.type == T_SII ? 1 : 100000;
    if (op.type == T_SII) {
        if (!op.dencol) op.dencol = "population";
        if (!op.qcol) op.qcol = "quantile";
        if (!op.valcol) op.valcol = "value";
        if (!op.secol) {
            if (!op.locol) op.locol = "lowercl";
            if (!op.hicol) op.hicol = "uppercl";
        } else if (op.locol || op.hicol) {
            return fpc_usage("rates", "give either --se or --lower-cl and --upper-cl, not both");
        }
        if (op.sii.transform && op.sii.value_type == FP_SII_NORMAL)
            return fpc_usage("rates", "--transform needs --value-type rate or proportion");
        if (op.sii.transform && op.secol)
            return fpc_usage("rates", "--transform takes the limits, not --se (as phe_sii)");
        if (op.nlevels > FP_SII_MAX_LEVELS)
            return fpc_usage("rates", "--type sii takes at most %d levels", FP_SII_MAX_LEVELS);
    } else if (op.sii_set || op.qcol || op.valcol || op.locol || op.hicol || op.secol) {
        return fpc_usage("rates", "--quantile, --value, --lower-cl, --upper-cl, --se, "
                         "--value-type, --transform, --repetitions, --seed and --sii-ci apply to "
                         "--type sii only");
    }
    if (op.type == T_LE) {
        if (!op.numcol) op.numcol = "deaths";
        if (!op.dencol) op.dencol = "pops";
        if (!op.agecol) op.agecol = "startage";
    } else if (op.agecol || op.le_ages || op.any_bands) {
        return fpc_usage("rates", "--age, --le-age and --any-bands apply to --type le only");
    }
    if (!op.numcol) op.numcol = op.type == T_MEAN ? "sum" : GROUPED(op.type) ? "count" : "numerator";
    if (!op.dencol) op.dencol = op.type == T_MEAN ? "count" : GROUPED(op.type) ? "pop" : "denominator";
    if (op.type == T_MEAN && !op.sdcol) op.sdcol = "sd";
    int isr = op.type == T_ISR || op.type == T_ISRATE;
    if (!GROUPED(op.type) && op.groupcol)
        return fpc_usage("rates", "--group applies to --type dsr, isr, israte, le and sii only");
    if (op.type != T_DSR && (op.stdcol || op.nfreq))
        return fpc_usage("rates", "--standard and --frequencies apply to --type dsr only");
    if (!isr && (op.xrefcol || op.nrefcol || op.ratecol || !isnan(op.rateper)))
        return fpc_usage("rates", "--x-ref, --n-ref, --ref-rate and --ref-rate-per apply to "
                         "--type isr and israte only");
    if (op.ratecol && (op.xrefcol || op.nrefcol))
        return fpc_usage("rates", "give either --ref-rate or --x-ref and --n-ref, not both");
    if (op.ratecol && op.type == T_ISRATE)
        return fpc_usage("rates", "--type israte needs --x-ref and --n-ref (the reference rate "
                         "is sum(x_ref)/sum(n_ref)), not --ref-rate");
    if (!isnan(op.rateper) && !op.ratecol)
        return fpc_usage("rates", "--ref-rate-per applies with --ref-rate only");
    if (isr && !op.ratecol) {
        if (!op.xrefcol) op.xrefcol = "refcount";
        if (!op.nrefcol) op.nrefcol = "refpop";
    }
    if (isnan(op.rateper)) op.rateper = 1;

    const char *file = argv[optind];
    rstate s;
    memset(&s, 0, sizeof s);
    s.op = &op;
    s.file = file;
    for (size_t l = 0; l < op.nlevels; l++) fp_level_init(&s.lv[l], op.levels[l]);
    fpc_out out;
    if (fpc_out_open(&out, op.output) != 0) return FPC_EXIT_DATA;
    s.outfp = out.fp;
    /* Problems the CSV layer finds (cannot open, binary, empty, an
     * unclosed quote, an overlong field or row) are printed as they come;
     * any of them fails the run with no output, as malformed CSV. */
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    diags.max_kept = 1;
    /* Row warnings go with the reader's (summarised per kind, as
     * --quiet / --verbose say). */
    s.diags = &diags;
    int rc = fpc_csv_each(file, &diags, rates_row, &s);
    if (rc == 0 && diags.n_errors) rc = -1;
    fpc_diags_free(&diags);
    if (rc != 0 || s.fatal) {
        int usage = s.out.usage;
        if (s.have_header && (!s.fatal || usage)) out_end(&s.out);   /* begun */
        fpc_out_abort(&out);
        free_state(&s);
        return usage ? FPC_EXIT_USAGE : FPC_EXIT_DATA;
    }
    if (op.type == T_DSR) dsr_finish(&s);
    else if (op.type == T_LE) le_finish(&s);
    else if (op.type == T_SII) sii_finish(&s);
    else if (isr) isr_finish(&s);
    if (out_end(&s.out) != 0) {
        fpc_out_abort(&out);
        free_state(&s);
        return FPC_EXIT_DATA;
    }
    if (fpc_out_commit(&out) != 0) {
        free_state(&s);
        return FPC_EXIT_DATA;
    }
    int exit_code = s.nbad ? FPC_EXIT_DATA : FPC_EXIT_OK;
    if (s.nbad)
        fpc_error(s.file, 0, 0, "%zu row%s had cells that are not numbers (noted in the output)",
                  s.nbad, s.nbad == 1 ? "" : "s");
    free_state(&s);
    return exit_code;
}

/* Long-only options of rates (sii). */
enum { OPT_QUANTILE = 0x400, OPT_VALUE, OPT_LOWERCL, OPT_UPPERCL, OPT_SE, OPT_VALUETYPE,
       OPT_TRANSFORM };

/* One option of rates into op: 0 to go on, -1 when help was shown, else
 * the exit status of a usage error (reported). optname is the option as
 * typed, for messages. */
static int rates_opt(int ch, const char *arg, const char *optname, ropts *op, int *have_type)
{
    switch (ch) {
    case 't':
        *have_type = 1;
        if (!strcmp(arg, "rate")) op->type = T_RATE;
        else if (!strcmp(arg, "proportion")) op->type = T_PROPORTION;
        else if (!strcmp(arg, "mean")) op->type = T_MEAN;
        else if (!strcmp(arg, "dsr")) op->type = T_DSR;
        else if (!strcmp(arg, "isr")) op->type = T_ISR;
        else if (!strcmp(arg, "israte")) op->type = T_ISRATE;
        else if (!strcmp(arg, "le")) op->type = T_LE;
        else if (!strcmp(arg, "sii")) op->type = T_SII;
        else return fpc_usage("rates", "unknown --type '%s' (rate, proportion, mean, dsr, isr, "
                              "israte, le or sii)", arg);
        return 0;
    case 'm':
        /* sii takes a negative multiplier (phe_sii); the others do not
         * (checked with the type, in rates_run). */
        if (fpc_parse_double(arg, 1, &op->multiplier) != 0 || op->multiplier == 0
            || !isfinite(op->multiplier))
            return fpc_usage("rates", "--multiplier must be a positive number, not '%s'", arg);
        return 0;
    case 'c':
        if (parse_levels(arg, op) != 0)
            return fpc_usage("rates", "--confidence takes up to %d levels such as 95,99.8, not '%s'",
                             MAX_LEVELS, arg);
        return 0;
    case 'n': op->numcol = arg; return 0;
    case 'd': op->dencol = arg; return 0;
    case 'S': op->sdcol = arg; return 0;
    case 'g': op->groupcol = arg; return 0;
    case 'W': op->stdcol = arg; return 0;
    case 'F': op->freqspec = arg; return 0;
    case 'X': op->xrefcol = arg; return 0;
    case 'N': op->nrefcol = arg; return 0;
    case 'R': op->ratecol = arg; return 0;
    case 'P':
        if (fpc_parse_double(arg, 1, &op->rateper) != 0 || !(op->rateper > 0) || isinf(op->rateper))
            return fpc_usage("rates", "--ref-rate-per must be a positive number, not '%s'", arg);
        return 0;
    case 'E': op->exact = 1; return 0;
    case 'A': op->agecol = arg; return 0;
    case 'L': {
        size_t n;
        char **v = fpc_split(arg, ',', &n);
        int okl = n > 0;
        for (size_t i = 0; i < n; i++) {
            double a;
            if (fpc_parse_double(v[i], 0, &a) != 0 || a < 0) okl = 0;
        }
        fpc_free_strv(v);
        if (!okl) return fpc_usage("rates", "--le-age takes start ages such as 0,65, not '%s'", arg);
        op->le_ages = arg;
        return 0;
    }
    case 'B': op->any_bands = 1; return 0;
    case OPT_QUANTILE: op->qcol = arg; return 0;
    case OPT_VALUE: op->valcol = arg; return 0;
    case OPT_LOWERCL: op->locol = arg; return 0;
    case OPT_UPPERCL: op->hicol = arg; return 0;
    case OPT_SE: op->secol = arg; return 0;
    case OPT_VALUETYPE:
        op->sii_set = 1;
        if (!strcmp(arg, "normal") || !strcmp(arg, "0")) op->sii.value_type = FP_SII_NORMAL;
        else if (!strcmp(arg, "rate") || !strcmp(arg, "1")) op->sii.value_type = FP_SII_RATE;
        else if (!strcmp(arg, "proportion") || !strcmp(arg, "2"))
            op->sii.value_type = FP_SII_PROPORTION;
        else return fpc_usage("rates", "--value-type must be normal, rate or proportion, not '%s'",
                              arg);
        return 0;
    case OPT_TRANSFORM: op->sii_set = 1; op->sii.transform = 1; return 0;
    case FPC_OPT_SII_REPS: case FPC_OPT_SII_SEED: case FPC_OPT_SII_CI:
        op->sii_set = 1;
        return fpc_sii_opt(&op->sii, "rates", ch, arg) ? FPC_EXIT_USAGE : 0;
    case 'D': {
        long v;
        if (fpc_opt_whole("rates", "--dp", arg, 0, 15, &v) != 0) return FPC_EXIT_USAGE;
        op->dp = (int)v;
        return 0;
    }
    case 'f':
        if (fpc_table_format_parse(arg, &op->format) != 0)
            return fpc_usage("rates", "unknown --format '%s' (csv, tsv, md, json or xlsx)", arg);
        return 0;
    case FPC_OPT_COLUMNS: op->columns = arg; return 0;
    case FPC_OPT_ALL_COLUMNS: op->all_columns = 1; return 0;
    case 'o':
        if (!*arg) return fpc_usage("rates", "--output wants a file name (or - for standard output), not an empty one");
        op->output = arg;
        return 0;
    case 'h': usage(stdout); return -1;
    case ':': return fpc_usage("rates", "option '%s' needs a value", optname);
    default: return fpc_usage("rates", "unknown option '%s'", optname);
    }
}

int fpc_cmd_rates(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "type", required_argument, NULL, 't' },
        { "multiplier", required_argument, NULL, 'm' },
        { "confidence", required_argument, NULL, 'c' },
        { "numerator", required_argument, NULL, 'n' },
        { "denominator", required_argument, NULL, 'd' },
        { "sd", required_argument, NULL, 'S' },
        { "group", required_argument, NULL, 'g' },
        { "standard", required_argument, NULL, 'W' },
        { "frequencies", required_argument, NULL, 'F' },
        { "x-ref", required_argument, NULL, 'X' },
        { "n-ref", required_argument, NULL, 'N' },
        { "ref-rate", required_argument, NULL, 'R' },
        { "ref-rate-per", required_argument, NULL, 'P' },
        { "exact", no_argument, NULL, 'E' },
        { "age", required_argument, NULL, 'A' },
        { "le-age", required_argument, NULL, 'L' },
        { "any-bands", no_argument, NULL, 'B' },
        { "quantile", required_argument, NULL, OPT_QUANTILE },
        { "value", required_argument, NULL, OPT_VALUE },
        { "lower-cl", required_argument, NULL, OPT_LOWERCL },
        { "upper-cl", required_argument, NULL, OPT_UPPERCL },
        { "se", required_argument, NULL, OPT_SE },
        { "value-type", required_argument, NULL, OPT_VALUETYPE },
        { "transform", no_argument, NULL, OPT_TRANSFORM },
        FPC_SII_LONGOPTS,
        { "dp", required_argument, NULL, 'D' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "columns", required_argument, NULL, FPC_OPT_COLUMNS },
        { "all-columns", no_argument, NULL, FPC_OPT_ALL_COLUMNS },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    ropts op;
    memset(&op, 0, sizeof op);
    op.multiplier = NAN;
    op.rateper = NAN;
    op.levels[0] = 0.95;
    op.levels[1] = 0.998;
    op.nlevels = 2;
    op.dp = -1;
    op.format = FPC_TABLE_CSV;
    fp_sii_options_init(&op.sii);
    int have_type = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":t:m:c:n:d:g:f:o:h", longopts, NULL)) != -1) {
        int h = rates_opt(c, optarg, argv[optind - 1], &op, &have_type);
        if (h < 0) return FPC_EXIT_OK;
        if (h > 0) return h;
    }
    if (op.freqspec) {
        op.freqcols = fpc_split(op.freqspec, ',', &op.nfreq);
        if (op.nfreq > 64) {
            fpc_free_strv(op.freqcols);
            return fpc_usage("rates", "--frequencies takes at most 64 columns");
        }
    }
    fpc_table_opts chk;
    fpc_table_opts_init(&chk);
    chk.format = op.format;
    chk.columns = op.columns;
    chk.all_columns = op.all_columns;
    int rc = fpc_table_opts_check(&chk, "rates", op.output);
    if (rc) { fpc_free_strv(op.freqcols); return rc; }
    rc = rates_run(&op, have_type, argc, argv);
    fpc_free_strv(op.freqcols);
    return rc;
}

