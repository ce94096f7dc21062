/* cli.h -- internals shared by the fingerpost command-line driver.
 *
 * The driver is thin: it parses options, reads files, calls libfingerpost
 * (through its public header only) and writes tables. Everything here is
 * private to the program; names start with fpc_. */
#ifndef FP_CLI_H
#define FP_CLI_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"

/* Exit codes: 0 ok, 1 data error, 2 usage error. */
enum { FPC_EXIT_OK = 0, FPC_EXIT_DATA = 1, FPC_EXIT_USAGE = 2 };

/* ------------------------------------------------------------ messages */

/* Print "fingerpost: FILE:LINE:COL: message" to stderr. line or col 0 are
 * left out ("FILE:LINE: message", "FILE: message"); file NULL leaves out the
 * location entirely. */
void fpc_error(const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with "warning: " before the message. */
void fpc_warn(const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "fingerpost CMD: message" and "Try 'fingerpost CMD --help'." on stderr;
 * returns FPC_EXIT_USAGE so callers can `return fpc_usage(...)`. */
int fpc_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Nonzero when stderr is a terminal (progress is shown only then). */
int fpc_progress_enabled(void);
/* Show "label: done/total (rate/s, ETA)" on stderr, at most ~10 times a
 * second; done == total finishes the line. No-op unless enabled. */
void fpc_progress(const char *label, size_t done, size_t total);

/* --------------------------------------------------- diagnostics list */

/* Problems found while reading, kept so they can be reported together
 * (and as JSON by `validate --json`). */
typedef struct fpc_diag {
    char *file;
    size_t line, col;
    int is_error;       /* 1 error, 0 warning */
    char *message;
} fpc_diag;

typedef struct fpc_diags {
    fpc_diag *items;
    size_t n, cap;
    size_t n_errors, n_warnings;
    size_t max_kept;    /* keep at most this many (0 = unlimited); counts go on */
    int echo;           /* nonzero: print each as it is added (fpc_error format) */
} fpc_diags;

void fpc_diags_init(fpc_diags *d);
void fpc_diags_free(fpc_diags *d);
void fpc_diags_add(fpc_diags *d, int is_error, const char *file, size_t line,
                   size_t col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ------------------------------------------------------ atomic outputs */

/* An output that appears only when complete: a regular file is written to a
 * temporary file in the same directory and renamed over the target on
 * fpc_out_commit; stdout ("-" or NULL path) is spooled to an anonymous
 * temporary file and copied out on commit, so a failed run never leaves partial output.
 * A target that exists and is not a regular file (/dev/null, a FIFO, a
 * character device) is never replaced: the output is spooled the same way
 * and written through to it on commit. A symbolic link is followed: the
 * regular file it points to is replaced atomically and the link stays; a
 * link to anything else (/dev/stdout) is written through; a link to
 * nothing is refused. A directory is refused. The temporary file is
 * registered for removal on SIGINT/SIGTERM (fpp_cleanup_add_file).
 * fpc_out_abort discards everything. */
typedef struct fpc_out {
    FILE *fp;           /* write here */
    char *path;         /* target path (a link's target), NULL for stdout */
    char *tmp;          /* temporary path, NULL when spooled */
    int cleanup;        /* cleanup handle of tmp */
} fpc_out;

int fpc_out_open(fpc_out *o, const char *path);   /* 0 ok, -1 error (message printed) */
int fpc_out_commit(fpc_out *o);                   /* 0 ok, -1 error (message printed) */
void fpc_out_abort(fpc_out *o);

/* Write a whole string to path atomically. 0 ok, -1 error (message printed). */
int fpc_write_file_atomic(const char *path, const char *data, size_t len);

/* ------------------------------------------------------ table writer */

typedef enum fpc_table_format {
    FPC_TABLE_CSV = 0, FPC_TABLE_TSV, FPC_TABLE_MD, FPC_TABLE_JSON
} fpc_table_format;

/* Parse "csv", "tsv", "md"/"markdown", "json". -1 if unknown. */
int fpc_table_format_parse(const char *s, fpc_table_format *f);

/* A streaming table. CSV quotes as RFC 4180 and writes a UTF-8 BOM-free,
 * LF-terminated file that Excel and R's read.csv open cleanly; numbers are
 * written with %.17g unless a cell is given as text. JSON is an object
 * {"meta": {...}, "rows": [{...}, ...]}. Markdown is a pipe table preceded by
 * the metadata as a list. Metadata (method and data versions) is also added
 * as trailing columns in CSV/TSV so every row carries it. */
typedef struct fpc_table {
    FILE *fp;
    fpc_table_format format;
    size_t ncols, col, nrows;
    char **names;
    char **meta_keys, **meta_vals; size_t nmeta;
} fpc_table;

int fpc_table_begin(fpc_table *t, FILE *fp, fpc_table_format f,
                    const char *const *names, size_t ncols);
/* Metadata must be added before the first cell. */
void fpc_table_meta(fpc_table *t, const char *key, const char *value);
void fpc_table_str(fpc_table *t, const char *s);      /* NULL writes an empty cell */
void fpc_table_num(fpc_table *t, double x);           /* NaN writes an empty cell */
void fpc_table_num_dp(fpc_table *t, double x, int dp);/* rounded half away from zero */
void fpc_table_int(fpc_table *t, long x);
void fpc_table_end(fpc_table *t);                     /* finishes and frees */

/* CSV/TSV formula-injection guard: the CLI's names for the one rule,
 * fpp_csv_guard_needed and fpp_csv_guard_lead (plots/plots.h, defined in
 * plots/text.c so the chart tables share it): whether the n-byte text cell
 * s would be run as a formula by a spreadsheet (a leading =, @, tab or CR,
 * or a sign that does not start a number). Such a cell is written quoted
 * with a leading apostrophe. The table writer applies it to every CSV/TSV
 * cell; writers of their own CSV must too. s need not be NUL-terminated. */
static inline int fpc_csv_guard_needed(const char *s, size_t n)
{
    return fpp_csv_guard_needed(s, n);
}

/* The first bytes that can need the guard: false means
 * fpc_csv_guard_needed is 0. */
static inline int fpc_csv_guard_lead(unsigned char c)
{
    return fpp_csv_guard_lead(c);
}

/* ------------------------------------------- text from data (text.c) */

/* Text from data files may be any bytes. These write it safely; bytes that
 * are not valid UTF-8 become U+FFFD in every one of them. */
/* A copy of s with invalid bytes replaced (caller frees), or NULL when s is
 * valid UTF-8 already (or NULL): `char *c = fpc_utf8_clean(s); use(c ? c : s)`. */
char *fpc_utf8_clean(const char *s);
/* s as a quoted JSON string: " \ and every control character (C0, DEL,
 * C1) escaped. NULL writes "". */
void fpc_json_string(FILE *fp, const char *s);
/* s for a terminal (messages on stderr): control characters (C0, DEL, C1)
 * shown as visible escapes "\x1b", "\u009b", so escape sequences from data
 * never reach the terminal. NULL writes nothing. */
void fpc_term_puts(FILE *fp, const char *s);
/* s as HTML text: & < > " ' escaped (fpp_xml_escape), control characters
 * as spaces. NULL writes nothing. */
void fpc_html_puts(FILE *fp, const char *s);

/* ------------------------------------------------------------- helpers */

char *fpc_strdup(const char *s);            /* aborts the program on OOM */
void *fpc_xmalloc(size_t n);
void *fpc_xrealloc(void *p, size_t n);
/* Parse a whole string as a double (leading/trailing spaces allowed, "1,234"
 * thousands separators allowed when `thousands` is nonzero). 0 ok, -1 not a number. */
int fpc_parse_double(const char *s, int thousands, double *out);
/* FNV-1a (64-bit) of a NUL-terminated string: the key hash of the CLI's
 * small hash tables and caches. */
uint64_t fpc_hash_str(const char *s);
/* Split "a,b,c" into a NULL-terminated array of fresh strings. */
char **fpc_split(const char *s, char sep, size_t *n);
void fpc_free_strv(char **v);

/* ------------------------------------------- shared option handling */

/* Append the non-empty items of a comma-separated option value ("LAC,,KS4"
 * gives LAC and KS4) to the array *v of *n fresh strings, growing it (*v may
 * be NULL at first). The caller frees each string and the array. */
void fpc_list_append(char ***v, size_t *n, const char *arg);

/* The areas a command works on: with all_las every local authority (areas of
 * kind FP_AREA_LA, names ignored), else each of the n_names names looked up by
 * fp_dataset_find_area. A name not in the data is reported with fpc_error
 * and skipped. *out (free it) receives the indices in order, *n_out their
 * count. Returns 0 when every name was found, -1 otherwise. */
int fpc_select_areas(const fp_dataset *ds, const char *const *names, size_t n_names,
                     int all_las, size_t **out, size_t *n_out);

/* The indicators a command works on: every indicator when n_names is 0, else
 * each name looked up by fp_dataset_find_indicator (code, then name). Missing
 * names are reported and skipped; *out, *n_out and the result as for
 * fpc_select_areas. */
int fpc_select_indicators(const fp_dataset *ds, const char *const *names, size_t n_names,
                          size_t **out, size_t *n_out);

/* Parse a confidence level given either as a fraction or as a percentage:
 * values of 1 or more are percentages ("95" and "0.95" both give 0.95,
 * "99.8" gives 0.998). 0 ok, -1 unless the level is strictly between 0
 * and 1 (0% and 100%). `rates -c` and `trend -c` share this rule. */
int fpc_parse_level(const char *s, double *level);

/* Find the shipped demo data directory: $FINGERPOST_DATA, then the source
 * tree's datasets/, then the installed share/fingerpost. NULL if none. */
const char *fpc_datadir(void);

/* ------------------------------------ series and projection (series.c) */

/* The class of a period: series are analysed within one class (years with
 * years, "2016/17" with "2016/17", 3-year spans with 3-year spans). */
long fpc_period_class(const fp_period *p);
/* The period after p in its class (2024 -> 2025, 2024/25 -> 2025/26,
 * 2014-16 -> 2015-17, 2024 Q4 -> 2025 Q1, 2024-12 -> 2025-01). */
void fpc_period_next(const fp_period *p, fp_period *next);
/* "linear" or "loglinear"/"log-linear". 0 ok, -1 unknown. */
int fpc_projection_parse(const char *s, fp_projection_model *m);
/* Project s, whose points are all of period class series_class, to the
 * period `to` with fp_trend_project (target NaN for none). *p is always
 * filled (fit and limits NaN when there is no projection). Returns NULL when
 * there is a projection (p->reason may still be FP_TREND_REASON_NO_POLARITY:
 * projected but not judged), else a static phrase saying why not. Used by
 * `trend --method project` and by `compare`'s target outlook. */
const char *fpc_project(const fp_trend_series *s, long series_class, const fp_period *to,
                        fp_projection_model model, double target, fp_polarity polarity,
                        const fp_trend_options *tr, fp_projection *p);

/* ------------------------------------------- derived counts (derive.c) */

/* How fpc_derive_counts ended. */
typedef enum fpc_derive_status {
    FPC_DERIVE_DENOMINATOR = 0,   /* from the numerator indicator: den = num * m / value */
    FPC_DERIVE_NUMERATOR,         /* from the denominator indicator: num = value * den / m */
    FPC_DERIVE_NO_VALUE,          /* value is NaN */
    FPC_DERIVE_ZERO_VALUE,        /* the count is known but value is 0 */
    FPC_DERIVE_NO_PARTNER,        /* neither code given, or neither in the dataset */
    FPC_DERIVE_NO_PARTNER_VALUE   /* the count indicators have no usable value there */
} fpc_derive_status;

/* Counts of a value that the data give without them, from count indicators
 * in the same dataset: num_code names the numerator's indicator (LACnum
 * beside LAC), den_code the denominator's (NoCareLeavers beside
 * CareLeaversNEET); either may be NULL or "". value is the rate or
 * proportion of (area, period) per multiplier (<= 0 means 1). The numerator
 * indicator is tried first: with a non-missing count x and value > 0,
 * *num = x and *den = x * multiplier / value; value 0 stops there
 * (FPC_DERIVE_ZERO_VALUE). Else with a denominator d > 0, *den = d and
 * *num = value * d / multiplier. *num and *den are NaN unless a count was
 * derived. note (may be NULL) receives "CODE = x; derived denominator D",
 * "CODE = d; derived numerator N" or, on failure, why. Published values are
 * rounded, so derived counts are approximate. Both success statuses are
 * below FPC_DERIVE_NO_VALUE. */
fpc_derive_status fpc_derive_counts(const fp_dataset *ds, const char *num_code,
                                    const char *den_code, size_t area, size_t period,
                                    double value, double multiplier, double *num, double *den,
                                    char *note, size_t note_size);

/* ------------------------------------------------------------- commands */

typedef int (*fpc_command_fn)(int argc, char **argv);

int fpc_cmd_validate(int argc, char **argv);
int fpc_cmd_rates(int argc, char **argv);
int fpc_cmd_compare(int argc, char **argv);
int fpc_cmd_neighbours(int argc, char **argv);
int fpc_cmd_trend(int argc, char **argv);
int fpc_cmd_chart(int argc, char **argv);
int fpc_cmd_report(int argc, char **argv);

#endif /* FP_CLI_H */
