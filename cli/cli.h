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

/* ------------------------------------------------------ messages (msg.c) */

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
/* The message fmt and ap make, malloc'd (caller frees), or NULL when it
 * cannot be made. */
char *fpc_vformat(const char *fmt, va_list ap);

/* Nonzero when stderr is a terminal (progress is shown only then). */
int fpc_progress_enabled(void);
/* Show "label: done/total (rate/s, ETA)" on stderr, at most ~10 times a
 * second; done == total finishes the line. No-op unless enabled. */
void fpc_progress(const char *label, size_t done, size_t total);
/* s for a terminal (messages on stderr): control characters (C0, DEL, C1)
 * shown as visible escapes "\x1b", "\u009b", so escape sequences from data
 * never reach the terminal. NULL writes nothing. */
void fpc_term_puts(FILE *fp, const char *s);

/* --------------------------------------------------- diagnostics list */

/* Problems found while reading, kept so they can be reported together
 * (and as JSON by `validate --json`). */
typedef struct fpc_diag {
    char *file;
    size_t line, col;
    int is_error;       /* 1 error, 0 warning */
    char *message;
} fpc_diag;

/* Warnings echoed so far of one kind: one file, one message format. */
typedef struct fpc_diag_group {
    char *file;         /* a copy; "" for none */
    const char *fmt;    /* the format string (a literal) */
    size_t count;
} fpc_diag_group;

typedef struct fpc_diags {
    fpc_diag *items;
    size_t n, cap;
    size_t n_errors, n_warnings;
    size_t max_kept;    /* keep at most this many (0 = unlimited); counts go on */
    int echo;           /* nonzero: print each error as it is added (fpc_error
                           format), and each warning as fpc_verbosity says */
    fpc_diag_group *groups;   /* warnings echoed, by kind (for the summary) */
    size_t n_groups, cap_groups;
} fpc_diags;

/* How many warnings are echoed: 0 (the default) the first of each kind
 * (file and message format) and then one summary line per kind with a
 * count (fpc_diags_summary); 1 (--verbose) every one; -1 (--quiet) none.
 * Errors are always echoed. Set by main() from --verbose / --quiet, which
 * every command takes. */
extern int fpc_verbosity;

void fpc_diags_init(fpc_diags *d);
/* Prints the pending summary lines (fpc_diags_summary) and frees d. */
void fpc_diags_free(fpc_diags *d);
/* For each kind of echoed warning seen more than once since the last call:
 * "FILE: warning: N more warnings like that: KIND (--verbose shows each)". */
void fpc_diags_summary(fpc_diags *d);
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
    FPC_TABLE_CSV = 0, FPC_TABLE_TSV, FPC_TABLE_MD, FPC_TABLE_JSON, FPC_TABLE_XLSX
} fpc_table_format;

/* Parse "csv", "tsv", "md"/"markdown", "json", "xlsx". -1 if unknown. */
int fpc_table_format_parse(const char *s, fpc_table_format *f);

struct fpc_table_priv;

/* A streaming table. Callers give every cell of every row in the order of
 * the names passed to fpc_table_begin (the table's columns, whose names are
 * stable and documented); fpc_table_select may then choose and reorder the
 * columns actually written, so a command writes all its columns and lets
 * the user pick (--columns, --all-columns).
 *
 * CSV quotes as RFC 4180 and writes a UTF-8 BOM-free, LF-terminated file
 * that Excel and R's read.csv open cleanly. JSON is an object
 * {"meta": {...}, "rows": [{...}, ...]}. Markdown is a pipe table preceded by
 * the metadata as a list. Metadata (method and data versions) is also added
 * as trailing columns in CSV/TSV so every row carries it. XLSX is an Excel
 * workbook (libxlsxwriter; see table_xlsx.c): numbers as numbers, text as
 * text, a frozen header row with filters, verdict and colour cells filled,
 * and the metadata on a second sheet "sources".
 *
 * Numbers: fpc_table_num writes at most 15 significant digits (%.15g, as
 * Excel shows them: every decimal of up to 15 digits survives a double, so
 * no binary noise such as 51.980000000000004 appears), fpc_table_num_dp a
 * fixed number of decimals, fpc_table_num_shown the 15 digits in text
 * formats and the given decimals in a workbook; a table-wide dp set by
 * fpc_table_open (--dp N) overrides all three. A workbook cell holds the
 * full value, never a rounded copy, and shows it with those decimals as
 * its number format ("0.0"; General when none), so Excel computes with
 * the value and displays what the CSV shows. */
typedef struct fpc_table {
    FILE *fp;
    fpc_table_format format;
    size_t ncols, col, nrows;
    char **names;
    char **meta_keys, **meta_vals; size_t nmeta;
    int dp;                          /* forced decimals, -1 none (fpc_table_open sets it) */
    struct fpc_table_priv *priv;     /* selection, row buffer, workbook */
} fpc_table;

int fpc_table_begin(fpc_table *t, FILE *fp, fpc_table_format f,
                    const char *const *names, size_t ncols);
/* A recorder for work done in another thread: a table with like's columns
 * and --dp that writes nothing; its rows (cells formatted exactly as like
 * would format them) are kept until fpc_table_replay writes them to dst
 * (like, or a table with the same columns and options) in order, as if the
 * cells had been given to dst, and empties the recorder. Free with
 * fpc_table_end. Recorders share nothing, so each thread may fill its own. */
void fpc_table_record(fpc_table *rec, const fpc_table *like);
void fpc_table_replay(fpc_table *dst, fpc_table *rec);
/* Metadata must be added before the first cell. */
void fpc_table_meta(fpc_table *t, const char *key, const char *value);
/* Choose and order the columns written, before the first cell. list is a
 * comma-separated list of column names (case-sensitive; NULL or "" for
 * none); all nonzero asks for every column in table order; with neither,
 * defaults (a NULL-terminated list, or NULL for every column) is used, and
 * names in defaults that the table lacks are skipped (a method not run).
 * An unknown name in list is a usage error: the message lists the valid
 * names and the function returns FPC_EXIT_USAGE (cmd names the command
 * for the message); else 0. */
int fpc_table_select(fpc_table *t, const char *cmd, const char *list, int all,
                     const char *const *defaults);
/* The sheet name of an XLSX table (default "table"; at most 31 characters,
 * Excel's limit, and none of []:*?/\). Ignored by the other formats. */
void fpc_table_sheet(fpc_table *t, const char *name);
/* XLSX only: fill the next cell with the colour "#RRGGBB" (NULL for none),
 * the word stays in the cell. Without it, a text cell that is a comparison
 * verdict (fp_cmp_name: "better", "worse (99.8%)", "similar", ...) gets the
 * library's colour for it (fp_cmp_colour), and a text cell "#RRGGBB" its own
 * colour. Ignored by the other formats. */
void fpc_table_fill(fpc_table *t, const char *rgb);
void fpc_table_str(fpc_table *t, const char *s);      /* NULL writes an empty cell */
void fpc_table_num(fpc_table *t, double x);           /* NaN writes an empty cell */
/* x rounded half away from zero to dp decimals; dp < 0 is fpc_table_num,
 * so a command passes the indicator's dps (fp_indicator.dps, -1 unknown). */
void fpc_table_num_dp(fpc_table *t, double x, int dp);
/* x in full (as fpc_table_num) where the format is text; in a workbook,
 * shown with dp decimals (the indicator's; dp < 0 General). For tables
 * whose CSV keeps full precision, such as the report's scorecard. */
void fpc_table_num_shown(fpc_table *t, double x, int dp);
void fpc_table_int(fpc_table *t, long x);
/* XLSX only: end the current worksheet (after a complete row) and start
 * another named sheet with the columns names[0..ncols-1] (every column
 * written; metadata stays on "sources"). Cells then follow the new
 * columns. 0 ok; -1 for another format, in the middle of a row, or when
 * the workbook failed (fpc_table_end then returns -1 too). */
int fpc_table_next_sheet(fpc_table *t, const char *sheet, const char *const *names, size_t ncols);
/* Finish the table and free it. 0 ok; -1 when the XLSX workbook could not
 * be written (message printed). The caller still commits or aborts the
 * output the table was written to. */
int fpc_table_end(fpc_table *t);

/* A table written to a file, atomically: fpc_out_open(o, path) and
 * fpc_table_begin on it (format f: e.g. FPC_TABLE_XLSX for a workbook such
 * as the report's scorecard.xlsx). Add metadata, a sheet name and fills as
 * for any table, write the cells, then fpc_table_close_file. 0 ok, -1
 * (message printed; nothing to close). */
int fpc_table_to_file(fpc_table *t, fpc_out *o, const char *path, fpc_table_format f,
                      const char *const *names, size_t ncols);
/* fpc_table_end, then fpc_out_commit, or fpc_out_abort when the table
 * could not be written (the target is then untouched). 0 ok, -1. */
int fpc_table_close_file(fpc_table *t, fpc_out *o);

/* Options every table command takes: -f/--format, --columns LIST,
 * --all-columns, --dp N. */
typedef struct fpc_table_opts {
    fpc_table_format format;
    const char *columns;             /* --columns, NULL when not given */
    int all_columns;                 /* --all-columns */
    int dp;                          /* --dp, -1 when not given */
} fpc_table_opts;

/* getopt_long values of the shared table options and their struct option
 * entries (for a command's longopts; needs <getopt.h>). */
enum { FPC_OPT_COLUMNS = 0x2001, FPC_OPT_ALL_COLUMNS, FPC_OPT_DP };
#define FPC_TABLE_LONGOPTS \
    { "columns", required_argument, NULL, FPC_OPT_COLUMNS }, \
    { "all-columns", no_argument, NULL, FPC_OPT_ALL_COLUMNS }, \
    { "dp", required_argument, NULL, FPC_OPT_DP }
/* The --help lines of those options (format listed separately by each command). */
#define FPC_TABLE_OPTS_HELP \
"      --columns LIST      write only these columns, in this order (names as\n" \
"                          listed under Columns; an unknown name lists them)\n" \
"      --all-columns       write every column (the default set is shorter)\n" \
"      --dp N              write every non-integer number with N decimals\n"

void fpc_table_opts_init(fpc_table_opts *o);
/* Handle option ch (from getopt_long, value arg) if it is a table option:
 * 'f' (format) or an FPC_OPT_* value. Returns 1 when handled, 0 when ch is
 * not a table option, or FPC_EXIT_USAGE after printing a usage message. */
int fpc_table_opts_handle(fpc_table_opts *o, const char *cmd, int ch, const char *arg);
/* The last case of a command's option switch: a table option is handled
 * (0), anything else is "unknown option 'optname'" (FPC_EXIT_USAGE, message
 * printed), as is a bad table option's value. */
int fpc_table_opts_last(fpc_table_opts *o, const char *cmd, int ch, const char *arg,
                        const char *optname);
/* Check the options against the output (NULL or "-" for standard output):
 * a workbook is not written to a terminal. 0 ok or FPC_EXIT_USAGE. */
int fpc_table_opts_check(const fpc_table_opts *o, const char *cmd, const char *output);
/* Check --columns against the command's column names before any data are
 * read (an unknown or repeated name is a usage error, as fpc_table_select
 * finds it later): 0 or FPC_EXIT_USAGE (message printed). */
/* s as text in a Markdown table cell (malloc'd): '|' escaped, line breaks
 * as spaces, and '<', '>', '&' as HTML entities, so no HTML (or
 * <script>) in the data passes through to the rendered page. */
char *fpc_md_escape(const char *s);
/* x with 15 significant digits as printf's "%.15g" writes it (the same
 * bytes, several times faster; "0" for both zeros) into buf, which must
 * have room for 32 bytes. Returns the length. */
size_t fpc_fmt15(double x, char *buf);
int fpc_table_columns_check(const fpc_table_opts *o, const char *cmd, const char *const *names,
                            size_t ncols);
/* fpc_table_begin with the options applied: format, dp, the sheet named
 * cmd and the column choice (defaults as for fpc_table_select). The
 * metadata methods_version (FP_METHODS_VERSION) and data_version
 * (data_version, or "data as given" when NULL or "") are added. Returns 0,
 * or FPC_EXIT_USAGE for an unknown column (the table is then already
 * ended). */
int fpc_table_open(fpc_table *t, FILE *fp, const fpc_table_opts *o, const char *cmd,
                   const char *const *names, size_t ncols, const char *const *defaults,
                   const char *data_version);

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
/* The n bytes at s copied to dst with the same replacement; dst must have
 * room for 3 * n bytes (a bad byte grows to three). Reads no byte of s past
 * s[n - 1], so s need not be NUL-terminated. Returns the bytes written. */
size_t fpc_utf8_clean_n(char *dst, const char *s, size_t n);
/* Whether the n bytes at s are all ASCII (below 0x80), so valid UTF-8 with
 * nothing to replace: eight bytes a step, for the hot loops (rates' CSV). */
static inline int fpc_ascii(const char *s, size_t n)
{
    unsigned long long acc = 0, w;
    if (n < 8) {
        if (n >= 4) {   /* two overlapping 4-byte words */
            unsigned a, b;
            __builtin_memcpy(&a, s, 4);
            __builtin_memcpy(&b, s + n - 4, 4);
            return ((a | b) & 0x80808080u) == 0;
        }
        for (size_t i = 0; i < n; i++) acc |= (unsigned char)s[i];
        return (acc & 0x80) == 0;
    }
    for (size_t i = 0; i + 8 <= n; i += 8) {
        __builtin_memcpy(&w, s + i, 8);
        acc |= w;
    }
    __builtin_memcpy(&w, s + n - 8, 8);   /* the tail, as one overlapping word */
    return ((acc | w) & 0x8080808080808080ull) == 0;
}
/* s as a quoted JSON string: " \ and every control character (C0, DEL,
 * C1) escaped. NULL writes "". */
void fpc_json_string(FILE *fp, const char *s);
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

/* ------------------------------------------ did you mean (suggest.c) */

/* The nearest candidates to a key that was not found, for "did you mean".
 * Generic: feed it any candidate strings (codes, names, aliases) with the
 * text to show for each; comparison ignores case and punctuation, a key
 * that starts a word of a candidate is near ("Bristol" -> "Bristol, City
 * of"), else the edit distance (with transpositions) must be at most a third of the length
 * (see suggest.c). The shown strings are kept by pointer: they must outlive
 * the fpc_suggest. */
#define FPC_SUGGEST_MAX 3
typedef struct fpc_suggest {
    char *key;                            /* normalised key (owned) */
    const char *shown[FPC_SUGGEST_MAX];   /* best first */
    size_t score[FPC_SUGGEST_MAX];
    size_t n;
    char text[512];
} fpc_suggest;

void fpc_suggest_init(fpc_suggest *s, const char *key);
void fpc_suggest_add(fpc_suggest *s, const char *candidate, const char *shown);
/* Every area's name, code and old code, and every name the area identity
 * gave it (fp_dataset_area_alias: ONS code, former codes and names,
 * aliases), shown as its name. */
void fpc_suggest_areas(fpc_suggest *s, const fp_dataset *ds);
/* Every indicator's code and name, shown as its code. */
void fpc_suggest_indicators(fpc_suggest *s, const fp_dataset *ds);
/* "; did you mean 'A', 'B' or 'C'?" (to append to a message), or "" when
 * nothing is near. Valid until the next call or fpc_suggest_free. */
const char *fpc_suggest_text(fpc_suggest *s);
void fpc_suggest_free(fpc_suggest *s);

/* ------------------------------------------- shared option handling */

/* Append an --area or --indicator option value, as given, to the array *v
 * of *n fresh strings, growing it (*v may be NULL at first); an empty value
 * is skipped. The value is not split here: names may contain commas ("rate
 * per 10,000", "Bristol, City of"), so fpc_select_areas and
 * fpc_select_indicators decide against the data (see there). The caller
 * frees each string and the array. */
void fpc_list_append(char ***v, size_t *n, const char *arg);

/* The areas a command works on: with all_las every local authority (areas of
 * kind FP_AREA_LA, names ignored), else each of the n_names names looked up by
 * fpc_find_area_any (so also as the area identity normalises names). A name
 * is first looked up whole; only when it is not an area and contains commas
 * is it taken as a list, and then only when
 * every non-empty piece is an area ("Sefton,Knowsley"), so "Bristol, City
 * of" is never split. A name not in the data is reported with fpc_error,
 * with "did you mean" (fpc_suggest), and skipped. *out (free it) receives
 * the indices in order, *n_out their count. Returns 0 when every name was
 * found, -1 otherwise. */
int fpc_select_areas(const fp_dataset *ds, const char *const *names, size_t n_names,
                     int all_las, size_t **out, size_t *n_out);

/* fp_dataset_find_area, then the same with the key normalised as the area
 * identity does ("Telford & Wrekin" -> "telford and wrekin", "St Helens"):
 * areas resolved through the identity carry their normalised names as
 * aliases. FP_OK or FP_ENOTFOUND. */
int fpc_find_area_any(const fp_dataset *ds, const char *key, size_t *index);

/* The indicators a command works on: every indicator when n_names is 0, else
 * each name looked up by fp_dataset_find_indicator (code, then name), with
 * commas treated as for fpc_select_areas ("LAC,CPP_rate" is two indicators,
 * "Children looked after rate per 10,000" one). Missing names are reported
 * with "did you mean" and skipped; *out, *n_out and the result as for
 * fpc_select_areas. */
int fpc_select_indicators(const fp_dataset *ds, const char *const *names, size_t n_names,
                          size_t **out, size_t *n_out);

/* Parse a confidence level given either as a fraction or as a percentage:
 * values of 1 or more are percentages ("95" and "0.95" both give 0.95,
 * "99.8" gives 0.998). 0 ok, -1 unless the level is strictly between 0
 * and 1 (0% and 100%). `rates -c` and `trend -c` share this rule. */
int fpc_parse_level(const char *s, double *level);
/* The one parser for whole-number options (--dp, --k, --threads, --jobs,
 * --width, ...): decimal digits only, in [min, max]. 0 with *out, else the
 * usage error "OPT wants a whole number from MIN to MAX, not 'ARG'" is
 * printed and FPC_EXIT_USAGE returned. */
/* The usage error for getopt_long's '?' (with opterr = 0): "unknown option
 * '--bogus'" or "option '--map' needs a value", from optopt, the
 * command's optstring and argv[optind - 1]. Returns FPC_EXIT_USAGE. */
int fpc_bad_option(const char *cmd, const char *optstring, char **argv);
int fpc_opt_whole(const char *cmd, const char *opt, const char *arg, long min, long max, long *out);
/* Checks made before any data are read (issue 22): an area, indicator or
 * model option given an empty value ("OPT wants a name or code, not an
 * empty one"), and a --period that is neither "latest" nor a period any
 * data could hold. 0, or FPC_EXIT_USAGE with the message printed. */
int fpc_opt_named(const char *cmd, const char *opt, const char *arg);
int fpc_opt_period(const char *cmd, const char *opt, const char *arg);

/* Parse the value of --chart-timeout (seconds one gnuplot process may run;
 * 0 for no limit) for command cmd into *timeout in fpp_render_opts' terms
 * (< 0 is no limit). Reports a usage error and returns FPC_EXIT_USAGE on a
 * value that is not a number from 0 to 1e6 seconds; 0 on success. */
int fpc_parse_chart_timeout(const char *cmd, const char *arg, double *timeout);

/* Find the shipped demo data directory: $FINGERPOST_DATA, then the source
 * tree's datasets/, then the installed share/fingerpost. NULL if none. */
const char *fpc_datadir(void);

/* ------------------------------------ series and projection (series.c) */

/* "linear" or "loglinear"/"log-linear". 0 ok, -1 unknown. */
int fpc_projection_parse(const char *s, fp_projection_model *m);
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

/* ------------------------------------- dataset preparation (prepare.c) */

/* The long options every analysis command (compare, trend, chart, report)
 * takes to prepare its data, spelled the same everywhere:
 *   --polarity CODE=high|low|none     override an indicator's polarity
 *   --unit CODE=UNIT                  override its unit ("%", "per 10,000")
 *   --numerator-code [IND=]CODE       derive missing counts from the count
 *   --denominator-code [IND=]CODE     indicator CODE (LACnum beside LAC, a
 *                                     population indicator from a population
 *                                     file beside a rate)
 *   --scorecard FILE                  take polarity and count indicators from
 *                                     a scorecard definition
 * Bare CODE (without IND=) is allowed only with one --indicator. */
enum { FPC_OPT_POLARITY = 0x300, FPC_OPT_UNIT, FPC_OPT_NUMCODE, FPC_OPT_DENCODE,
       FPC_OPT_SCORECARD };
#define FPC_PREP_LONGOPTS \
    { "polarity", required_argument, NULL, FPC_OPT_POLARITY }, \
    { "unit", required_argument, NULL, FPC_OPT_UNIT }, \
    { "numerator-code", required_argument, NULL, FPC_OPT_NUMCODE }, \
    { "denominator-code", required_argument, NULL, FPC_OPT_DENCODE }, \
    { "scorecard", required_argument, NULL, FPC_OPT_SCORECARD }
/* The same options for --help. */
#define FPC_PREP_HELP \
    "      --polarity CODE=high|low|none  override an indicator's polarity (repeat)\n" \
    "      --unit CODE=UNIT        override an indicator's unit, e.g. LAC='per 10,000'\n" \
    "      --numerator-code [IND=]CODE    derive counts the data lack from the count\n" \
    "                              indicator CODE (LAIT: LAC=LACnum); approximate\n" \
    "      --denominator-code [IND=]CODE  the same from a denominator indicator\n" \
    "                              (CareLeaversNEET=NoCareLeavers, or a population\n" \
    "                              indicator read from a population file)\n" \
    "      --scorecard FILE        take polarity and count indicators from a\n" \
    "                              scorecard definition (as report does)\n"

/* SII options, shared by `rates --type sii` and `inequality`: the draws of
 * the simulated confidence limits (fingerpost/sii.h). */
enum { FPC_OPT_SII_REPS = 0x480, FPC_OPT_SII_SEED, FPC_OPT_SII_CI };
#define FPC_SII_LONGOPTS \
    { "repetitions", required_argument, NULL, FPC_OPT_SII_REPS }, \
    { "seed", required_argument, NULL, FPC_OPT_SII_SEED }, \
    { "sii-ci", required_argument, NULL, FPC_OPT_SII_CI }
/* Handle one FPC_OPT_SII_REPS..FPC_OPT_SII_CI option for command cmd into
 * o: 0 ok, else the usage exit status (message printed). */
int fpc_sii_opt(fp_sii_options *o, const char *cmd, int ch, const char *arg);

/* The deprivation breakdowns of a dataset (cli/inequality.c): n groups,
 * each with the code of the indicator broken down (base: "90284",
 * "90284/Male") and its category type, in the order they first appear.
 * only (may be NULL) keeps the breakdowns of that indicator ID. Free with
 * fpc_ineq_free (which owns base, type and g). */
typedef struct fpc_ineq {
    fp_ineq_group *g;
    char **base, **type;
    size_t n;
} fpc_ineq;
#define FPC_INEQ_DUP ((size_t)-2)
int fpc_ineq_find(const fp_dataset *ds, const char *only, fpc_ineq *out);
void fpc_ineq_free(fpc_ineq *q);

/* Quantile options, for `compare` (and the report): k groups as Fingertips
 * shows them (fp_assess_options.quantiles, quantile_within_region,
 * quantile_order). */
enum { FPC_OPT_QUANTILES = 0x4C0, FPC_OPT_QWITHIN, FPC_OPT_QORDER };
#define FPC_QUANTILE_LONGOPTS \
    { "quantiles", required_argument, NULL, FPC_OPT_QUANTILES }, \
    { "quantile-within", required_argument, NULL, FPC_OPT_QWITHIN }, \
    { "quantile-order", required_argument, NULL, FPC_OPT_QORDER }
#define FPC_QUANTILE_HELP \
    "      --quantiles K        the quantile column: K groups (10 deciles, 4 quartiles,\n" \
    "                           any number to 100) by --quintiles' method (phe:\n" \
    "                           PHEindicatormethods phe_quantile)\n" \
    "      --quantile-within W  england (default) or region: each region's local\n" \
    "                           authorities grouped on their own (phe_quantile after\n" \
    "                           group_by(region))\n" \
    "      --quantile-order O   which values group 1 holds: best (default, by the\n" \
    "                           indicator's polarity; the lowest without one), high\n" \
    "                           (phe_quantile's invert = TRUE) or low\n"
typedef struct fpc_quantile_opts {
    int k;                      /* 0: none */
    int within_region;
    fp_quantile_order order;
} fpc_quantile_opts;
/* Handle one FPC_OPT_QUANTILES..FPC_OPT_QORDER option for command cmd into
 * q: 0 ok, else the usage exit status (message printed). */
int fpc_quantile_opt(fpc_quantile_opts *q, const char *cmd, int ch, const char *arg);

/* Funnel options, shared by `chart funnel` and `compare` (its funnel
 * column): how the limits allow for overdispersion (fingerpost/funnel.h). */
enum { FPC_OPT_OVERDISPERSION = 0x400, FPC_OPT_OD_TRIM, FPC_OPT_OD_TRIM_BY, FPC_OPT_OD_SCALE };
#define FPC_FUNNEL_LONGOPTS \
    { "overdispersion", required_argument, NULL, FPC_OPT_OVERDISPERSION }, \
    { "od-trim", required_argument, NULL, FPC_OPT_OD_TRIM }, \
    { "od-trim-by", required_argument, NULL, FPC_OPT_OD_TRIM_BY }, \
    { "od-scale", required_argument, NULL, FPC_OPT_OD_SCALE }
#define FPC_FUNNEL_HELP \
    "      --overdispersion none|multiplicative|additive\n" \
    "                              funnel limits: OHID's (none, the default), or\n" \
    "                              widened for overdispersion estimated from the local\n" \
    "                              authorities (Spiegelhalter 2005): by sqrt(phi)\n" \
    "                              (multiplicative) or by a between-area variance\n" \
    "                              tau^2 (additive, as FunnelPlotR); OHID's limits\n" \
    "                              when phi <= 1\n" \
    "      --od-trim winsorise|truncate  how extreme z-scores are kept out of phi:\n" \
    "                              Winsorised (default, as the CQC) or dropped (SHMI)\n" \
    "      --od-trim-by F          the fraction in each tail (default 0.1)\n" \
    "      --od-scale log|sqrt     the z-score scale of rates and ratios (default log;\n" \
    "                              proportions use arcsine)\n"

typedef struct fpc_funnel_opts {
    fp_od_method method;
    fp_od_trim trim;
    double trim_by;
    fp_od_scale scale;
} fpc_funnel_opts;

/* Defaults: no adjustment, Winsorised 10%, log scale. */
void fpc_funnel_opts_init(fpc_funnel_opts *f);
/* Handle one FPC_OPT_OVERDISPERSION..FPC_OPT_OD_SCALE option for command
 * cmd: 0 ok, else the usage exit status (message printed). */
int fpc_funnel_opt(fpc_funnel_opts *f, const char *cmd, int ch, const char *arg);
/* After parsing: 0 when the trimming is possible (truncation needs 1/F a
 * whole number >= 3), else the usage exit status (message printed). */
int fpc_funnel_check(const fpc_funnel_opts *f, const char *cmd);
/* The overdispersion spec for a funnel of kind around target (per 1). */
void fpc_funnel_spec(const fpc_funnel_opts *f, fp_funnel_kind kind, double target,
                     fp_od_spec *sp);
/* One sentence on the limits for the chart's description and the table's
 * notes: "Limits adjusted for overdispersion (additive: phi 21.01, tau^2
 * 0.04224 on the log scale, z-scores Winsorised 10% each tail)." or, with
 * none, how overdispersed the data are. */
void fpc_funnel_note(const fpc_funnel_opts *f, const fp_od_fit *fit, char *buf, size_t size);

/* The SPC options of `trend --method spc` and `chart spc` (spc_opts.c),
 * named as NHSRplotthedots' ptd_spc arguments:
 *   --rebase PERIOD[,PERIOD...]   recalculate the limits from each period
 *   --fix-after-n-points N        limits from the first N points (N >= 12)
 *   --improvement-direction increase|decrease|neutral  (default: the
 *                                 indicator's polarity)
 *   --spc-min-points N            fewest points for limits (default 12) */
enum { FPC_OPT_SPC_REBASE = 0x320, FPC_OPT_SPC_FIX, FPC_OPT_SPC_DIRECTION, FPC_OPT_SPC_MIN };
#define FPC_SPC_LONGOPTS \
    { "rebase", required_argument, NULL, FPC_OPT_SPC_REBASE }, \
    { "fix-after-n-points", required_argument, NULL, FPC_OPT_SPC_FIX }, \
    { "improvement-direction", required_argument, NULL, FPC_OPT_SPC_DIRECTION }, \
    { "spc-min-points", required_argument, NULL, FPC_OPT_SPC_MIN }
#define FPC_SPC_HELP \
    "      --rebase PERIOD[,PERIOD...]  SPC: recalculate the centre and limits from\n" \
    "                              each PERIOD (NHSRplotthedots' rebase); each\n" \
    "                              segment has its own limits and runs never cross\n" \
    "      --fix-after-n-points N  SPC: centre and limits from the first N points of\n" \
    "                              each segment (N >= 12); later points are judged\n" \
    "                              against them\n" \
    "      --improvement-direction increase|decrease|neutral\n" \
    "                              SPC: which way is improvement (default the\n" \
    "                              indicator's polarity; neutral: special causes are\n" \
    "                              neutral high or neutral low, no assurance)\n" \
    "      --spc-min-points N      SPC: fewest points for limits (default 12)\n"

typedef struct fpc_spc_opts {
    fp_period *rebase; size_t n_rebase;   /* --rebase periods, as given */
    size_t fix_after;                     /* --fix-after-n-points, 0 none */
    int direction_set;                    /* --improvement-direction given */
    fp_polarity direction;
    size_t min_points;                    /* --spc-min-points, 0 default */
} fpc_spc_opts;
void fpc_spc_opts_init(fpc_spc_opts *o);
void fpc_spc_opts_free(fpc_spc_opts *o);
/* One FPC_OPT_SPC_* option of command cmd: 0, else the usage exit status
 * (message printed). */
int fpc_spc_opt(fpc_spc_opts *o, const char *cmd, int ch, const char *arg);
/* Fill so (initialised by the caller) for a series of n points whose period
 * indices are tindex[0..n) (fp_period_index, class cls): polarity (the
 * given one unless --improvement-direction), baseline, min_points, and the
 * rebase points, written to rebase (room for n) and pointed to by so.
 * Returns how many rebase points apply. */
size_t fpc_spc_apply(const fpc_spc_opts *o, fp_polarity polarity, const long *tindex, long cls,
                     size_t n, fp_spc_options *so, size_t *rebase);

typedef struct fpc_prep {
    char **polarity; size_t n_polarity;   /* "CODE=POLARITY", in order given */
    char **unit; size_t n_unit;           /* "CODE=UNIT" */
    char **num; size_t n_num;             /* "[IND=]CODE" */
    char **den; size_t n_den;
    const char *scorecard;                /* --scorecard, or NULL */
    int shipped;                          /* the shipped demo data are used: with no
                                             --scorecard, the shipped scorecard's
                                             polarity and count indicators apply */
    int scorecard_read;
    struct rp_scorecard *sc;              /* the definition read by
                                             fpc_prep_read_scorecard (owned) */
    const char *sole_key;                 /* the one --indicator, for bare CODEs */
    const char *sole;                     /* its code in the dataset */
} fpc_prep;

void fpc_prep_init(fpc_prep *p);
void fpc_prep_free(fpc_prep *p);
/* Handle one of the FPC_OPT_* options for command cmd: 0 ok, else the
 * usage exit status (message printed). */
int fpc_prep_opt(fpc_prep *p, const char *cmd, int ch, const char *arg);
/* After option parsing: the --indicator values given (inds, n). 0 ok, else
 * the usage exit status (message printed). */
int fpc_prep_check(fpc_prep *p, const char *cmd, char *const *inds, size_t n);
/* Apply to a loaded, indexed dataset: the scorecard's entries, then the
 * command line's overrides, then derived counts for every indicator with a
 * count indicator (fp_dataset_set_counts, FP_OBS_DERIVED). 0 ok, else
 * FPC_EXIT_DATA (messages printed; the rest is still applied). */
int fpc_prep_apply(fpc_prep *p, fp_dataset *ds);
/* Use a scorecard definition already read (report reads its own once, so
 * standard input is not read twice) instead of --scorecard FILE. */
struct rp_scorecard;
void fpc_prep_use_scorecard(fpc_prep *p, const struct rp_scorecard *sc);
/* Read the scorecard definition once: --scorecard FILE, or on the shipped
 * data without one the shipped definition (fpc_scorecard_default), and take
 * its polarity and count indicators; fpc_prep_apply calls it when the
 * command has not. 0 ok (also when there is none to read, or one was
 * given with fpc_prep_use_scorecard), FPC_EXIT_DATA when it cannot be read
 * (the reader printed why). */
int fpc_prep_read_scorecard(fpc_prep *p);
/* The definition fpc_prep_read_scorecard read, for its targets, or NULL.
 * Owned by p. */
const struct rp_scorecard *fpc_prep_scorecard(const fpc_prep *p);
/* The count indicators of indicator code (NULL when none). */
void fpc_prep_partners(const fpc_prep *p, const char *code, const char **num, const char **den);
/* The neighbour model: the one whose version is `version`, else (version
 * NULL) the most recent year among those loaded (NULL when none). 0 ok,
 * FPC_EXIT_DATA (message printed) when the version was not loaded. */
int fpc_prep_neighbours(fp_neighbours *const *nbs, size_t n, const char *version,
                        const fp_neighbours **out);

/* ---------------------------------------------- periods across (wide.c) */

/* Periods across: one column per period, in time order. */
typedef struct fpc_wide {
    size_t *periods, n;      /* the periods (indices into ds->periods), in time order */
    const char **names;      /* their labels as published: the column names */
    size_t *col_of;          /* ds->n_periods entries: column of a period, SIZE_MAX none */
} fpc_wide;

/* The periods in which any selected series (imask[indicator] and
 * amask[area] nonzero; a NULL mask selects all) has an observation. The
 * dataset must be indexed. 0 ok, -1 out of memory. */
int fpc_wide_init(fpc_wide *w, const fp_dataset *ds, const unsigned char *imask,
                  const unsigned char *amask);
/* Write w->n cells: the value of (ind, area) in each period at the
 * indicator's decimal places (dps, else 15 significant digits), the status
 * code as published for a suppressed or unavailable value ("c", "x"), and
 * an empty cell when there is no observation. */
void fpc_wide_cells(fpc_table *t, const fpc_wide *w, const fp_dataset *ds, size_t ind, size_t area);
void fpc_wide_free(fpc_wide *w);

/* ------------------------------------------------------------- commands */

typedef int (*fpc_command_fn)(int argc, char **argv);

int fpc_cmd_validate(int argc, char **argv);
int fpc_cmd_rates(int argc, char **argv);
int fpc_cmd_compare(int argc, char **argv);
int fpc_cmd_neighbours(int argc, char **argv);
int fpc_cmd_trend(int argc, char **argv);
int fpc_cmd_chart(int argc, char **argv);
int fpc_cmd_report(int argc, char **argv);
int fpc_cmd_indicators(int argc, char **argv);
int fpc_cmd_areas(int argc, char **argv);
int fpc_cmd_inequality(int argc, char **argv);
int fpc_cmd_fetch(int argc, char **argv);

/* ------------------------------------ listing helpers (cmd_indicators.c) */

/* The words of a --search value (split at spaces and tabs; NULL gives
 * none), as a NULL-terminated array for fpc_free_strv. */
char **fpc_search_words(const char *search, size_t *n);
/* Nonzero when every word occurs, ignoring ASCII case, in at least one of
 * the fields (NULL fields are skipped); no words match everything. */
int fpc_search_match(char *const *words, size_t n_words, const char *const *fields, size_t n_fields);
/* Warn that a --search of the n_words words found nothing ("no WHAT
 * matches ..."), naming each word that no text contains with the nearest
 * words of the texts (fpc_suggest over their words). */
void fpc_search_none(const char *what, const char *search, char *const *words, size_t n_words,
                     const char *const *texts, size_t n_texts);
struct fpc_inputs;
/* fpc_inputs_load with the data's problems printed as they are found
 * (errors always, warnings as fpc_verbosity says, their summary lines
 * before it returns): what the listing commands and trend need. diags is
 * initialised here; free both in and diags. 0 ok, FPC_EXIT_DATA when the
 * data could not be read. */
struct fpc_read_opts;
int fpc_load_quiet(struct fpc_inputs *in, char **paths, size_t n_paths,
                   const struct fpc_read_opts *ropts, fpc_diags *diags);
/* fpc_load_quiet with the default reading options for the listing commands
 * (areas, indicators, inequality): on failure in and diags are freed here and
 * FPC_EXIT_DATA is returned; on success (0) the caller frees both. */
int fpc_load_listing(struct fpc_inputs *in, char **paths, size_t n_paths, fpc_diags *diags);

#endif /* FP_CLI_H */
