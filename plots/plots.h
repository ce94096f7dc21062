/* plots.h -- gnuplot chart generation and batch rendering for fingerpost.
 *
 * An internal library of the fingerpost program (libfpplots, linked into the
 * CLI); not part of libfingerpost's public contract. Names start with fpp_.
 *
 * Two layers:
 *  1. Chart builders (fpp_trend_chart, fpp_compare_chart, fpp_spine_chart,
 *     fpp_spc_chart, fpp_funnel_chart) take a spec made of plain C arrays and
 *     labels and return an fpp_chart: the gnuplot commands (with the plotted
 *     numbers in a `$data << EOD` datablock), the same numbers as a `.dat`
 *     table and as CSV, accessible alt text, and the list of series that were
 *     skipped because they were empty or all missing. Builders do no I/O.
 *  2. The batch renderer (fpp_render) writes each chart's `.gp`, `.dat`,
 *     `.csv` and `.alt.txt` and runs many charts per gnuplot process, one
 *     process per core, through posix_spawnp (no shell). Each image is
 *     rendered to a temporary name, verified (complete SVG or PNG), given
 *     its alt text and renamed into place, so a failing chart never stops
 *     the rest and never leaves a 0-byte file.
 *
 * Safety: no text from the data ever reaches gnuplot as a command. Every
 * string (titles, labels, legend entries, tic labels) is written as a
 * single-quoted gnuplot string with ' doubled and control characters
 * (newlines, tabs, ...) replaced by spaces (fpp_quote); in single quotes
 * gnuplot does no backquote, macro or escape processing. Text is always
 * `noenhanced`, so '_' and '^' are shown as typed. Datablocks hold numbers
 * only. Output file names are built from [A-Za-z0-9._-] only (fpp_safe_name).
 *
 * Missing values are NaN: they are written as NaN, which gnuplot treats as
 * undefined, so lines break at gaps. A series with no finite value is not
 * plotted (gnuplot treats an all-undefined plot as a fatal error); it is
 * listed in fpp_chart.skipped with its reason. A chart with nothing at all
 * to plot has empty = 1 and is not rendered.
 *
 * Memory: builders allocate the fpp_chart; free it with fpp_chart_free.
 * Specs are only read; their arrays need live only during the builder call.
 * Errors: builders return FP_OK, FP_EINVAL (NULL spec/out, n == 0 where
 * data is required, bad name) or FP_ENOMEM. */
#ifndef FP_PLOTS_H
#define FP_PLOTS_H

#include <stddef.h>
#include <sys/types.h>
#include "fingerpost.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ categories */

/* Significance of a value against a comparator, as drawn. Each category has
 * a Fingertips colour (fpp_sig_colour) and a distinct marker shape
 * (fpp_sig_point: filled shape with a dark outline), so the chart can be
 * read without colour. */
typedef enum fpp_sig {
    FPP_SIG_NOT_COMPARED = 0, /* #C9C9C9, pentagon */
    FPP_SIG_SIMILAR,          /* #FFC000, circle */
    FPP_SIG_BETTER,           /* #92D050, triangle up */
    FPP_SIG_WORSE,            /* #C00000, triangle down */
    FPP_SIG_HIGHER,           /* #BED2FF, square */
    FPP_SIG_LOWER,            /* #5555E6, diamond */
    FPP_SIG_COUNT
} fpp_sig;

const char *fpp_sig_colour(fpp_sig s);  /* "#RRGGBB"; never NULL */
const char *fpp_sig_label(fpp_sig s);   /* "Better", "Similar", ...; never NULL */
int fpp_sig_point(fpp_sig s);           /* gnuplot filled point type (outline is pt-1) */
/* Map a libfingerpost comparison (fingerpost/compare.h) to a drawn category;
 * the 99.8% categories map to their 95% counterparts. */
fpp_sig fpp_sig_from_cmp(fp_cmp c);

/* ------------------------------------------------------------ the chart */

typedef enum fpp_format { FPP_SVG = 0, FPP_PNG = 1 } fpp_format;

/* A generated chart. All strings are owned by the chart. */
typedef struct fpp_chart {
    char *name;        /* output base name (safe characters only) */
    const char *kind;  /* "trend", "compare", "spine", "spc", "funnel" (static) */
    char *body;        /* gnuplot commands after `set terminal`/`set output`:
                          settings, the $data datablock and the plot command */
    char *data;        /* the datablock's content with a '#' header line (.dat) */
    char *csv;         /* the plotted numbers with labels as CSV (RFC 4180) */
    char *alt_title;   /* one line: what the chart is (SVG <title>, PNG Title) */
    char *alt_desc;    /* what the chart shows, with the key numbers (SVG <desc>,
                          PNG Description) */
    int empty;         /* nonzero: nothing to plot; not rendered */
    int min_height;    /* pixels the chart needs (many rows); 0: style height */
    size_t n_skipped;  /* series not plotted */
    char **skipped_series;   /* their names */
    char **skipped_reasons;  /* "empty" or "all values missing" */
} fpp_chart;

void fpp_chart_free(fpp_chart *c);

/* Rendering style. Zero-initialised means SVG, 800 x 450 pixels (PNG 1000 x
 * 562), font "Arial,12" (gnuplot falls back when absent). */
typedef struct fpp_style {
    fpp_format format;
    int width, height;
    const char *font;  /* fixed text chosen by the program, not data */
} fpp_style;

/* The complete standalone script for a chart: terminal, output (output_path
 * is quoted as a gnuplot string byte for byte, so bytes that are not UTF-8
 * reach gnuplot unchanged; a control character, which would change the
 * path, becomes '?': check paths with fpp_path_problem), body, `unset output`. Returns a malloc'd
 * string (caller frees) or NULL on allocation failure. */
char *fpp_chart_script(const fpp_chart *c, const fpp_style *style, const char *output_path);

/* File extension of a format without the dot: "svg" or "png". */
const char *fpp_format_ext(fpp_format f);

/* --------------------------------------------------------- chart specs */

/* Trend: one area over time on a categorical period axis. */
typedef struct fpp_trend {
    const char *title;        /* e.g. indicator name; may be NULL */
    const char *subtitle;     /* e.g. area name and unit; may be NULL */
    const char *ylabel;       /* unit; may be NULL */
    const char *area_name;    /* legend label of the area's series */
    size_t n;                 /* number of periods (>= 1) */
    const char *const *periods; /* n labels ("2016/17") */
    const double *value;      /* n area values, NaN = missing (gap) */
    const double *lower, *upper; /* n CI limits (95%), or NULL; NaN = none */
    const fpp_sig *sig;       /* n point categories vs England, or NULL */
    const double *england;    /* n values or NULL */
    const double *region;     /* n values or NULL */
    const char *region_name;  /* legend label; NULL gives "Region" */
    const double *neighbours; /* n values (neighbour average) or NULL */
    const char *neighbours_name; /* NULL gives "Statistical neighbours" */
    double target;            /* NaN: none */
    const char *target_label; /* NULL gives "Target" */
    int dps;                  /* decimal places in alt text; < 0 gives 1 */
    int count;                /* nonzero: the values are counts (children, events),
                                 not rates: England's and the region's values are
                                 totals of far larger populations, so they are not
                                 drawn (the area would sit flat at the bottom of an
                                 axis scaled to England), nor is significance
                                 against England; the alt text says so */
} fpp_trend;

/* Compare areas: horizontal bars, sorted by value (highest at the top). */
typedef struct fpp_compare {
    const char *title, *subtitle, *xlabel;
    size_t n;                 /* bars (>= 1) */
    const char *const *names; /* n area names */
    const double *value;      /* n values; NaN bars are listed as skipped */
    const double *lower, *upper; /* n CI limits or NULL */
    const fpp_sig *sig;       /* n categories or NULL (all not compared) */
    const int *benchmark;     /* n flags: nonzero = England/region bar, drawn
                                 dark grey and not coloured; or NULL */
    size_t selected;          /* index of the highlighted area; >= n: none */
    double line;              /* vertical reference line (England), NaN: none */
    const char *line_label;   /* NULL gives "England" */
    int dps;
    int count;                /* nonzero: the values are counts: the benchmark
                                 bars (England, region: totals), the line and
                                 the significance colours are left out, as for
                                 fpp_trend.count */
} fpp_compare;

/* Spine chart: one row per indicator. worst/best are the England range in
 * value units (for indicators without polarity pass lowest as worst and
 * highest as best); each row is scaled so England is at the centre and
 * better is always to the right. */
typedef struct fpp_spine_row {
    const char *label;        /* indicator name */
    double value;             /* the area's value (NaN: row drawn without marker) */
    double england;           /* centre; NaN uses the middle of worst..best */
    double worst, q25, q75, best; /* England distribution; q25/q75 are the
                                 quartiles on the worst->best scale */
    fpp_sig sig;              /* marker category */
    int dps;                  /* decimal places for the value text */
} fpp_spine_row;

typedef struct fpp_spine {
    const char *title, *subtitle;
    const char *area_name;
    size_t n;
    const fpp_spine_row *rows;
} fpp_spine;

/* SPC (Making Data Count): point categories and icon meanings. */
typedef enum fpp_spc_point {
    FPP_SPC_COMMON = 0,       /* common cause: grey circle */
    FPP_SPC_IMPROVEMENT,      /* special cause, improving: blue triangle up */
    FPP_SPC_CONCERN,          /* special cause, concerning: orange triangle down */
    FPP_SPC_NEITHER           /* special cause, no polarity: purple diamond */
} fpp_spc_point;

typedef enum fpp_spc_variation {
    FPP_VAR_NONE = 0,         /* not assessed (too few points) */
    FPP_VAR_COMMON,
    FPP_VAR_IMPROVING_HIGH, FPP_VAR_IMPROVING_LOW,
    FPP_VAR_CONCERN_HIGH, FPP_VAR_CONCERN_LOW,
    FPP_VAR_NEITHER_HIGH, FPP_VAR_NEITHER_LOW
} fpp_spc_variation;

typedef enum fpp_spc_assurance {
    FPP_ASSURE_NONE = 0,      /* no target */
    FPP_ASSURE_PASS,          /* consistently passing the target */
    FPP_ASSURE_FAIL,          /* consistently failing the target */
    FPP_ASSURE_HIT_AND_MISS   /* the target lies within the limits */
} fpp_spc_assurance;

/* The Making Data Count meaning of an icon, one sentence; never NULL. */
const char *fpp_spc_variation_text(fpp_spc_variation v);
const char *fpp_spc_assurance_text(fpp_spc_assurance a);

typedef struct fpp_spc {
    const char *title, *subtitle, *ylabel;
    size_t n;
    const char *const *periods;
    const double *value;      /* n values, NaN = missing */
    const double *centre;     /* n centre-line values (steps allowed) */
    const double *lcl, *ucl;  /* n process limits (3 sigma), or NULL */
    const fpp_spc_point *point; /* n categories or NULL (all common cause) */
    const size_t *rebase;     /* n_rebase point indices (ascending, 1..n-1) where
                                 a segment with its own limits starts; a
                                 dotted vertical line marks each; may be NULL */
    size_t n_rebase;
    double target;            /* NaN: none */
    fpp_spc_variation variation;
    fpp_spc_assurance assurance;
    int dps;
} fpp_spc;

/* Funnel plot. */
typedef enum fpp_funnel_type {
    FPP_FUNNEL_RATE = 0,      /* Poisson limits; value = count / denom * multiplier */
    FPP_FUNNEL_PROPORTION,    /* binomial limits; value = count / denom * multiplier */
    FPP_FUNNEL_RATIO          /* Poisson limits; value = observed / expected *
                                 multiplier, denominator = the expected count */
} fpp_funnel_type;

typedef struct fpp_funnel {
    const char *title, *subtitle, *xlabel, *ylabel;
    size_t n;
    const char *const *names; /* n area names */
    const double *value;      /* n values */
    const double *denominator;/* n denominators (> 0) */
    const fpp_sig *sig;       /* n categories, or NULL: classified from the
                                 95% limits and polarity */
    size_t selected;          /* highlighted area; >= n: none */
    fpp_funnel_type type;
    double multiplier;        /* 100 for percent, 100000 per 100,000, ... */
    double centre;            /* the comparator (England value, in value units) */
    fp_polarity polarity;
    int dps;
    /* Where the denominators come from (both optional; zero-initialised
     * specs behave as before). den_source: NULL, or n short texts ("published",
     * "LACnum = 506; derived denominator 55000"); when given, the CSV gains a
     * denominator_source column, and an area without a denominator is listed
     * as skipped with its text as the reason. note: NULL, or one sentence
     * added to the alt description (how denominators were derived, how many
     * areas were left out). */
    const char *const *den_source;
    const char *note;
    /* Overdispersion (optional; NULL/0 draws OHID's limits). od: a fit from
     * fp_funnel_od_fit whose target x multiplier is the centre; od_method:
     * how the limits are widened (when od->phi <= 1 they are OHID's).
     * flag: NULL, or n labels (fp_funnel_sig_name) for the CSV's flag
     * column; limits_note: NULL, or a sentence for the description saying
     * which limits are drawn and the fitted phi and tau^2. */
    const fp_od_fit *od;
    fp_od_method od_method;
    const char *const *flag;
    const char *limits_note;
} fpp_funnel;

/* ------------------------------------------------------------- builders */

/* Each builder validates the spec, makes the chart named `name` (made safe
 * with fpp_safe_name) and returns it through *out (caller frees). */
int fpp_trend_chart(const fpp_trend *spec, const char *name, fpp_chart **out);
int fpp_compare_chart(const fpp_compare *spec, const char *name, fpp_chart **out);
int fpp_spine_chart(const fpp_spine *spec, const char *name, fpp_chart **out);
int fpp_spc_chart(const fpp_spc *spec, const char *name, fpp_chart **out);
int fpp_funnel_chart(const fpp_funnel *spec, const char *name, fpp_chart **out);

/* -------------------------------------------------------------- text */

/* Quote s as a gnuplot single-quoted string: ' doubled, control characters
 * (including newline, CR, tab) replaced by a space, bytes that are not valid
 * UTF-8 replaced by U+FFFD (so SVGs stay valid XML). NULL gives ''. Returns
 * a malloc'd string or NULL on OOM. */
char *fpp_quote(const char *s);

/* A file-name-safe copy of s: [A-Za-z0-9._-] kept, anything else '_', runs
 * of '_' collapsed, no leading '.', at most 120 bytes; "" gives "chart".
 * Returns a malloc'd string or NULL on OOM. */
char *fpp_safe_name(const char *s);

/* The length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes
 * there are not valid UTF-8 (overlong forms, surrogates, code points above
 * U+10FFFF and a sequence cut short by the terminating NUL are invalid).
 * p points into a NUL-terminated string. The one UTF-8 decoder of the
 * program: the CLI's text sanitiser (cli/text.c) uses it too. */
size_t fpp_utf8_seq(const unsigned char *p);

/* Whether the k-byte UTF-8 character at p (k from fpp_utf8_seq, >= 1) is
 * one XML 1.0 forbids in a document: a C0 control other than tab, LF and
 * CR, or U+FFFE or U+FFFF. An SVG, an HTML page or a workbook part holding
 * one cannot be parsed (xmllint, openpyxl). */
int fpp_xml_forbidden(const unsigned char *p, size_t k);

/* XML-escape s (& < > " '), control characters as spaces, U+FFFE, U+FFFF
 * and bytes that are not valid UTF-8 as U+FFFD; malloc'd (NULL on OOM). */
char *fpp_xml_escape(const char *s);
/* The length in bytes of the longest prefix of s of at most max bytes that
 * ends on a UTF-8 character boundary (so a shortened label never splits a
 * character). strlen(s) when s is no longer than max. */
size_t fpp_utf8_prefix(const char *s, size_t max);

/* ------------------------------------------------------ CSV formula guard */

/* CSV/TSV formula-injection guard (OWASP's CSV injection advice): whether
 * the n-byte text cell s would be run as a formula by a spreadsheet, i.e.
 * starts with '=', '@', a tab or a carriage return, or with '+' or '-' and
 * is neither a lone sign nor a number (digits, thousands commas, one '.',
 * exponent, '%'). Such a cell is written quoted with a leading apostrophe
 * ("'=HYPERLINK(...)", "'-2+3"); "-0.41", "+5", "-1.5e-05", "-" and "" need
 * nothing. s need not be NUL-terminated. The one definition of the rule,
 * here because the chart tables need it and plots/ cannot use cli/; the
 * CLI's table writer and every other CSV writer of the program use it (the
 * CLI calls it fpc_csv_guard_needed, cli.h). */
int fpp_csv_guard_needed(const char *s, size_t n);

/* The first bytes that can need the guard ('=', '@', '+', '-', tab, CR): a
 * cheap per-cell test for fast writers; false means fpp_csv_guard_needed is 0. */
static inline int fpp_csv_guard_lead(unsigned char c)
{
    return c == '=' || c == '@' || c == '+' || c == '-' || c == '\t' || c == '\r';
}

/* ------------------------------------------------ cleanup on a signal */

/* The registry of what SIGINT and SIGTERM must undo (cleanup.c): temporary
 * files to remove and child process groups to kill. fpp_cleanup_add_file
 * registers a path (copied) and fpp_cleanup_add_group a process group whose
 * leader is a child of ours; both return a handle for fpp_cleanup_remove
 * (0 when out of memory: nothing is registered, and fpp_cleanup_remove(0)
 * does nothing). Create a temporary file with fpp_cleanup_mkstemp, which
 * creates and registers it with the signals blocked (registering after
 * mkstemp would leave the file behind when a signal came in between), and
 * remove the handle once the file is renamed or unlinked (in that order).
 * fpp_cleanup_install sets the handlers (not for a signal ignored on
 * entry): they kill every registered group with SIGKILL and reap its
 * leader, unlink every registered file and _exit(128 + signal). The
 * handler uses only async-signal-safe calls; the registry is changed with
 * the two signals blocked. fpp_render uses it for everything it creates. */
int fpp_cleanup_add_file(const char *path);
/* mkstemp(tmpl) with the file registered before any signal can be
 * delivered: returns the descriptor and sets *handle, or -1 (errno set;
 * nothing created, *handle 0). */
int fpp_cleanup_mkstemp(char *tmpl, int *handle);
int fpp_cleanup_add_group(pid_t pgid);
void fpp_cleanup_remove(int handle);
void fpp_cleanup_install(void);

/* Whether gnuplot can be given path as it is: NULL when it can, else why
 * not ("holds a control character"): a newline, tab or other control
 * character in a path inside a gnuplot script would end the command or be
 * changed, and gnuplot would write somewhere else. */
const char *fpp_path_problem(const char *path);

/* ------------------------------------------------------------- rendering */

/* The outcome of one chart. */
typedef enum fpp_outcome {
    FPP_RENDERED = 0,   /* image written and verified */
    FPP_SKIPPED,        /* nothing to plot (chart->empty) */
    FPP_FAILED          /* gnuplot failed on it; no image written */
} fpp_outcome;

typedef struct fpp_result {
    fpp_outcome outcome;
    char *image;        /* path of the image written, or NULL */
    char *script;       /* path of the .gp written, or NULL */
    char *data;         /* path of the .dat written, or NULL */
    char *table;        /* path of the .csv written, or NULL */
    char *alt;          /* path of the .alt.txt written, or NULL */
    char *message;      /* why it failed (gnuplot's last error line), or NULL */
} fpp_result;

void fpp_result_clear(fpp_result *r);  /* frees the strings */

/* Default charts per gnuplot process: large enough that gnuplot's start-up
 * is negligible (one start per 100 charts), small enough that progress is
 * reported as batches finish and a failure re-queues little work. */
#define FPP_PER_PROCESS 100

/* Default seconds one gnuplot process (one batch) may take before it is
 * killed: a batch of 100 charts takes a few seconds, so only a gnuplot that
 * hangs reaches it. */
#define FPP_TIMEOUT 120.0

typedef struct fpp_render_opts {
    fpp_style style;
    unsigned jobs;          /* gnuplot processes at once; 0 = online CPUs */
    size_t per_process;     /* charts per gnuplot process; 0 = the default,
                               FPP_PER_PROCESS; 1 = one gnuplot per chart
                               (the slow baseline) */
    const char *gnuplot;    /* program; NULL: $FINGERPOST_GNUPLOT or "gnuplot" */
    double timeout;         /* seconds a batch may run before its gnuplot (its
                               whole process group) is killed; 0 = FPP_TIMEOUT,
                               < 0 = no limit */
    int no_sidecars;        /* nonzero: write only the images (benchmarks) */
    const char *const *dirs; /* NULL, or per chart the directory (which must
                               exist) its image and sidecars go to instead of
                               dir, NULL entries meaning dir: charts of many
                               folders (report --all-areas) in one batch run;
                               dir then holds only the batch scripts */
    /* Called after each chart is settled (may be NULL). */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} fpp_render_opts;

/* Render n charts into directory dir (which must exist): for each chart
 * NAME, writes NAME.gp, NAME.dat, NAME.csv and NAME.alt.txt atomically
 * (unless no_sidecars) and NAME.svg/.png via gnuplot. Every image carries
 * the chart's alt text (alt_title, alt_desc): the SVG as <title>/<desc>
 * (XML-escaped), the PNG as iTXt text chunks with the PNG keywords "Title"
 * and "Description" (UTF-8, before IEND; see png_text.c). NAME.alt.txt
 * holds the same text for pasting into a document's alt-text box: UTF-8,
 * the title on one line, a blank line, the description, a final newline
 * (control characters other than the description's newlines become
 * spaces, bytes that are not UTF-8 become U+FFFD). The image is added to
 * after gnuplot writes it and still appears only by rename, complete. A
 * NAME.gp re-run by hand makes the image without the alt text.
 * results must hold n entries (cleared first; free
 * each with fpp_result_clear).
 * Each gnuplot runs in a process group of its own, registered for cleanup
 * on a signal (fpp_cleanup_install), as is every temporary file. A batch
 * that runs longer than opts->timeout is killed (the group, with SIGKILL):
 * the charts it finished are kept, the first it did not finish fails with
 * "gnuplot did not finish within N s" (no retry: a hang is not a passing
 * error), and the rest go back to the queue; after 3 timeouts in a row
 * with no chart finished, the charts left fail without being tried. No
 * .fp-batch-* or temporary file is left behind either way.
 * dir is given to gnuplot as a path: one that begins with '-' is passed as
 * "./-..." so it is not read as an option, and one with a control
 * character (fpp_path_problem) is refused: every chart fails with that
 * reason and FP_EINVAL is returned.
 * Returns FP_OK when every chart was settled
 * (rendered, skipped or failed: see results), FP_EINVAL on bad arguments,
 * FP_ENOTFOUND when gnuplot cannot be started at all, FP_ENOMEM. */
int fpp_render(fpp_chart *const *charts, size_t n, const char *dir,
               const fpp_render_opts *opts, fpp_result *results);

/* Check that path holds a complete image of the format: an SVG that starts
 * with "<?xml" or "<svg" and ends with "</svg>", or a PNG with a valid
 * signature, IHDR and IEND. Writes the pixel size when width/height are not
 * NULL (SVG: the width/height attributes). Returns 0 if valid, -1 if not. */
int fpp_verify_image(const char *path, fpp_format f, int *width, int *height);

#ifdef __cplusplus
}
#endif
#endif /* FP_PLOTS_H */
