/* read_internal.h -- private parts of cli/io/ (read_*.c, ingest.c, areas.c):
 * the streaming CSV layer over libcsv and small helpers shared by the
 * formats. Only cli/io/ and its unit tests include it; the rest of the
 * program includes io.h. */
#ifndef FP_CLI_READ_INTERNAL_H
#define FP_CLI_READ_INTERNAL_H

#include "io.h"

#include <sys/types.h>

/* The streaming reader. */
struct fpc_csv {
    const char *path;          /* for messages */
    fpc_diags *diags;
    uint64_t hash;             /* FNV-1a over 8-byte words of the raw bytes */
    size_t bytes;              /* bytes read */
    size_t file_size;          /* size of the file when opened (0 if unknown) */
    size_t rows;               /* data rows seen (excluding the header, blank rows) */
    size_t header_fields;      /* fields in the header row */
    /* private */
    fpc_row_fn fn;
    void *ctx;
    int stop;
    int fatal;                 /* the file is unusable */
    int seen_header;
    size_t cur_line, row_line;
    char *buf; size_t blen, bcap;
    size_t *off, *flen; size_t nf, capf;
    char **ptrs; size_t capp;
    char *base;                /* fast path: fields lie here, not in buf */
    int row_bad;               /* a field of this row was rejected */
    size_t bad_col;
    int only_header;           /* stop after the header */
    int cr_lines;              /* the first line ends in a CR alone: CR ends lines (old Mac) */
    int cr_ended;              /* without cr_lines, the last row ended at a CR in this line */
    int cr_pending;            /* with cr_lines, the last block ended in CR: an LF next is
                                * part of that line end */
    /* A quoted field open at the end of a line: the line and field where
     * its quote opened, and the bytes of the lines after that one, so that
     * when the file ends with the quote still open those lines are read
     * again as rows (read_csv.c, reread_swallowed). */
    size_t q_line, q_col, q_row;
    unsigned char *sw; size_t sw_n, sw_cap;
};

/* Stream path through fn. path "-" is standard input. An input is opened
 * once: a header-only read (only_header, format detection) leaves it open
 * with the bytes it read kept, and the next read of the same path replays
 * them and goes on with the same stream (so pipes and FIFOs work), then
 * closes it. Returns 0 when the file was read to the end (row
 * problems are diagnostics), FPC_EXIT_DATA when it could not be opened, is
 * empty, binary, or reading stopped early because of a runaway field. */
int fpc__csv_read(fpc_csv *c, const char *path, fpc_diags *diags, fpc_row_fn fn, void *ctx,
                  int only_header);
/* only_header value for a full read that is the first of two passes: the
 * input stays open for the second read, which sees the same bytes (a
 * regular file is rewound; standard input, pipes and FIFOs are kept in
 * memory while read). */
#define FPC_CSV_KEEP 2

/* Close the input left open for path by a header-only read (no-op when
 * there is none). */
void fpc__source_close(const char *path);

/* The inputs under the CSV layer (sources.c): each opened once, so that
 * detection's header read and the full read that follows, or a reader's
 * two passes, see one stream. */
typedef struct fpc_src fpc_src;
/* Begin a read of path: its input left open by an earlier read, replayed
 * from its first byte, or else the input opened ("-": standard input).
 * The bytes read are kept (for a later read to replay) for a header-only
 * read, and for a first pass (keep) over an input that cannot be rewound.
 * *file_size: a regular file's size, else 0. NULL, with a diagnostic, when
 * it cannot be opened. */
fpc_src *fpc__src_begin(const char *path, int only_header, int keep, size_t *file_size,
                        fpc_diags *diags);
/* Up to n bytes: the kept bytes first, then the descriptor (kept too while
 * recording). As read(2). */
ssize_t fpc__src_read(fpc_src *s, unsigned char *buf, size_t n);
/* End a read: leave the input open for the next read of its path (what
 * was read stays kept), rewind it for a second pass (a regular file is
 * rewound, any other input replays what was kept), or close it. */
typedef enum { FPC_SRC_LEAVE, FPC_SRC_REWIND, FPC_SRC_CLOSE } fpc_src_end;
void fpc__src_end(fpc_src *s, fpc_src_end how);

/* Nonzero (the default): complete unquoted lines are split by fingerpost's
 * own fast path; zero: every line goes through libcsv. For tests, which
 * read the same files both ways and compare. */
extern int fpc__csv_fast;

/* Lower-case, trimmed copy of a header name into buf (size n). */
void fpc__header_norm(const char *s, char *buf, size_t n);

/* Find a header column by any of the NULL-terminated, normalised names;
 * -1 when absent. Warns (once) when the name is repeated. */
long fpc__header_find(fpc_csv *c, const fpc_row *hdr, const char *const *names);

/* Parse a value cell: 0 number (*v), 1 missing-value code (*m), -1 neither.
 * Accepts surrounding spaces and thousands separators "1,234". */
int fpc__parse_value(const char *s, double *v, fp_missing *m);
/* Parse a number cell only (spaces and thousands separators allowed). 0 ok. */
int fpc__parse_number(const char *s, double *v);

/* Nonzero if s (len bytes) is valid UTF-8 without NUL bytes. */
int fpc__utf8_ok(const char *s, size_t len);

/* Nonzero when every field of the row is empty or spaces. */
int fpc__row_blank(const fpc_row *r);

/* Nonzero when the row has fewer than need fields; the row is then reported
 * as an error ("row has N fields, expected H; row skipped", H the header's
 * field count) and the caller skips it. A row with the needed fields but
 * fewer than the header's gets a warning (its missing cells read as
 * empty) and 0. A row with text past the header's columns gets a warning
 * (the text is ignored) whatever it returns. */
int fpc__row_short(fpc_csv *c, const fpc_row *r, size_t need);

/* The base name of a path (pointer into it). */
const char *fpc__basename(const char *path);

/* Append "NAME#HASH" to ds->version (NAME the base name of path, "stdin"
 * for "-"). */
void fpc__version_append(fp_dataset *ds, const char *path, uint64_t hash);

/* Format readers (read_lait.c, read_fingertips.c, read_tidy.c). Each returns
 * 0 or FPC_EXIT_DATA as fpc_read_file. */
int fpc__read_lait(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);
int fpc__read_dictionary(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);
int fpc__read_la_codes(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);
int fpc__read_fingertips(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);
int fpc__read_tidy(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);

/* Fingertips indicator metadata (read_ftmeta.c). fpc__read_ft_meta checks
 * a metadata file (its rows in *n_rows, its hash in *hash; either may be
 * NULL): 0 or FPC_EXIT_DATA. fpc__ft_meta_apply reads X.meta.csv beside the
 * data file X.csv, when there is one, and gives the indicators read from
 * it (index ind_from on) Fingertips' polarity, unit, definition and source
 * where they have none; its NAME#HASH joins the data version. */
int fpc__read_ft_meta(const char *path, fpc_diags *d, size_t *n_rows, uint64_t *hash);
void fpc__ft_meta_apply(const char *path, fp_dataset *ds, size_t ind_from, fpc_diags *d);

/* Free the entries (not the arrays) of o's EES mappings and polarities. */
void fpc__read_opts_free_entries(fpc_read_opts *o);
int fpc__read_ees(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);
/* Methodology breaks (read_breaks.c): indicator, first_period, reason. */
int fpc__read_breaks(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d);

/* Find or add the dataset area a row names, through the area identity
 * o->areas when it knows the code (or, with no code, the name): keyed by
 * the LA number and given every other code and name as an alias. Areas it
 * does not know are added as fp_dataset_area(code or name, ...) would.
 * 0 ok, -1 out of memory. */
int fpc__area(fp_dataset *ds, const fpc_read_opts *o, const char *code, const char *name,
              fp_area_kind kind, const char *region, const char *old_code, size_t *index);
/* Nonzero when code and old_code (both non-empty) are known to the
 * identity o->areas as two different areas (an EES row whose new_la_code
 * is one council's and old_la_code another's); why (size n) then says
 * which. */
int fpc__area_codes_disagree(const fpc_read_opts *o, const char *code, const char *old_code,
                             char *why, size_t n);
/* The kind of area an ONS (GSS) code names by its prefix: E92 England;
 * E12, E13 (Inner/Outer London) and E40 (NHS regions) regions; E06, E07,
 * E08, E09, E10 councils; E47 combined authorities; E54 ICBs; E38 sub-ICB
 * locations. 0 and *kind set, or -1 for any other code. */
int fpc_area_kind_of_code(const char *code, fp_area_kind *kind);
/* Normalise an area name for matching (lower case, "&" -> "and", other
 * punctuation -> one space, trimmed). */
void fpc__area_norm(const char *s, char *buf, size_t n);

/* Detect the format of path from its header row with the column names of o
 * (may be NULL): fpc_detect_format with reading options. */
int fpc__detect(const char *path, const fpc_read_opts *o, fpc_format *f, fpc_diags *d);

/* Squashed header name: lower case without spaces, underscores, dots or
 * hyphens ("Lower CI 95.0 limit", "LowerCI95.0limit" and
 * "Lower_CI_95.0_limit" all give "lowerci950limit"). */
void fpc__header_squash(const char *s, char *buf, size_t n);
/* Find a header column by squashed name; -1 when absent. */
long fpc__header_find_sq(fpc_csv *c, const fpc_row *hdr, const char *squashed);

/* The observations one file added, by (indicator, area, period): repeated
 * rows (obs_seen.c). Zero-initialise; free with fpc__seen_free. */
typedef struct fpc_seen {
    uint64_t *slots; size_t cap, n;   /* open addressing: (obs index + 1) << 32 | hash
                                       * tag (the key hash's low 32 bits); 0 empty */
    size_t n_same, first_same_line;   /* exact repeats dropped */
    size_t n_conflicts;               /* repeats with other numbers (errors) */
} fpc_seen;
/* Nonzero when an observation of o's key was added; *prev its index. */
int fpc__seen_find(const fpc_seen *s, const fp_dataset *ds, const fp_obs *o, size_t *prev);
/* Add o (with e, may be NULL) unless its key was added before: 0 added,
 * 1 an exact repeat (dropped, counted), 2 a repeat with other numbers (an
 * error naming both lines is reported; dropped), -1 out of memory. */
int fpc__seen_add(fpc_seen *s, fp_dataset *ds, const char *path, fpc_diags *d, const fp_obs *o,
                  const fp_obs_extra *e);
/* The one warning counting exact repeats, if any. */
void fpc__seen_report(const fpc_seen *s, const char *path, fpc_diags *d);
void fpc__seen_free(fpc_seen *s);

/* Half a unit in the last decimal place v was published with: 0.5 for 67,
 * 0.05 for 28.3, 0.005 for 28.27 (the fewest places up to 6 that give v
 * back). The rounding a published value may carry. */
double fpc__half_unit(double v);

/* Checks shared by the tidy and Fingertips readers, run on the observations
 * [from, ds->n_obs) a file added: infer units where unambiguous (and say so),
 * apply opts->unit/polarity, and report numerators above denominators for
 * proportions (the numerator and denominator of such rows are dropped). */
void fpc__post_file_checks(const char *path, const fpc_read_opts *o, fp_dataset *ds,
                           size_t from, size_t ind_from, size_t num_col, fpc_diags *d);

/* Fingertips' own passes (read_fingertips.c), for the tidy reader. */
/* The main age of a Fingertips indicator: the age of most of its persons
 * rows without a category, or of most of its rows when it has no persons
 * rows (found by a first pass over the file). Rows of
 * other ages are series of their own ("90284/0-9 yrs"). */
typedef struct fpc_ft_age {
    char *id, *age;
    size_t n_persons, n;    /* persons rows, all rows (without a category) */
} fpc_ft_age;

/* A row with OHID's Better/Worse verdict against England, kept to infer the
 * polarity at the end of the file. */
typedef struct fpc_ft_verdict {
    size_t obs;
    int better;     /* 1 better, 0 worse */
} fpc_ft_verdict;

/* The main age of each indicator ID of a Fingertips file (a quiet first
 * pass; the input stays open for the second): *ages malloc'd, free with
 * fpc__ft_ages_free. */
void fpc__ft_main_ages(const char *path, fpc_ft_age **ages, size_t *n);
void fpc__ft_ages_free(fpc_ft_age *ages, size_t n);
/* At the end of a Fingertips file: OHID's Better/Worse verdicts against
 * England (the observations seen of the file) say which direction OHID
 * counts as better. With every verdict agreeing, an indicator without a
 * polarity gets it, and a diagnostic says so; disagreeing verdicts are
 * reported. */
void fpc__ft_infer_polarity(fp_dataset *ds, const fpc_ft_verdict *verdicts, size_t n_verdicts,
                            const fpc_seen *seen, const char *path, fpc_diags *d);

/* Area overlays beside the inputs (areas_overlay.c). */
/* The overlays that go with a list of input files, applied in this order
 * on top of *areas: overlays named in the list, lookups.areas.csv in the
 * folder of each data file, then each data file's NAME.areas.csv (so the
 * most specific comes last and wins). Each file once. 0 ok, FPC_EXIT_DATA
 * when one is unusable. */
int fpc_areas_overlays_for(fpc_areas **areas, char **list, const fpc_format *fmts, size_t n,
                           fpc_diags *d);

/* The EES indicator definitions fetch writes beside an EES file
 * (NAME.indicators.csv), read into o for each EES file in the list that no
 * definition names as its source yet; their source becomes the data
 * file's base name. 0 ok, FPC_EXIT_DATA when one is unusable. */
int fpc_ees_defs_for(fpc_read_opts *o, char **list, const fpc_format *fmts, size_t n,
                     fpc_diags *d);

/* After a data file at path (of format fmt) is read into ds: add the
 * files read beside it (lookups.areas.csv, NAME.areas.csv, an EES file's
 * NAME.indicators.csv) to the data version, each once, as "NAME#HASH". */
void fpc_sidecar_versions(fp_dataset *ds, const char *path, fpc_format fmt);

/* Internals shared with areas.c (which owns the records). */
fpc_areas *fpc__areas_new(void);   /* an empty identity (aborts on OOM) */
const fpc_area_id *fpc__areas_add(fpc_areas *a, const fpc_area_id *src);
void fpc__areas_add_name(fpc_areas *a, const fpc_area_id *id, const char *name);
void fpc__areas_set_code(fpc_areas *a, const fpc_area_id *id, const char *code);
void fpc__areas_set_region(fpc_areas *a, const fpc_area_id *id, const char *region);

/* The loader's passes (ingest.c). */
/* The reading pass of a format: 0 area identities and indicator
 * definitions, 1 dictionaries and LA code lists, 2 data, 3 neighbours. */
int fpc_format_pass(fpc_format f);
/* Prepare reading a set of files: *lo becomes opts plus the indicator
 * definitions among the files, with the area identity of the identity files
 * among them (or, when none, the shipped datasets/areas.csv) in *areas and
 * lo->areas. 0 ok, FPC_EXIT_DATA if a definitions file was unusable. Undo
 * with fpc_read_setup_free. */
int fpc_read_setup(fpc_read_opts *lo, const fpc_read_opts *opts, char **list,
                   const fpc_format *fmts, size_t n, fpc_areas **areas, fpc_diags *diags);
void fpc_read_setup_free(fpc_read_opts *lo, const fpc_read_opts *opts, fpc_areas *areas);
/* Set the polarity of each indicator named by a CODE=POLARITY option or a
 * polarity-only row of a definitions file; for a code given more than once
 * the first wins (the command line's, which come before the files'). */
void fpc_apply_polarities(fp_dataset *ds, const fpc_read_opts *o, fpc_diags *d);

#endif
