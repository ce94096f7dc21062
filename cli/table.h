/* table.h -- the table writer (table.c, table_xlsx.c): CSV, TSV,
 * Markdown, JSON and XLSX with --columns. Part of the CLI's shared
 * helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_TABLE_H
#define FP_CLI_TABLE_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"
#include "out.h"

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

#endif /* FP_CLI_TABLE_H */
