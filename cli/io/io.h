/* io.h -- cli/io/, the readers of the data files fingerpost takes in: the
 * one header the rest of the program includes (the readers' private parts
 * are in read_internal.h, which only cli/io/ and its unit tests include).
 * What commands may call: load a set of inputs (fpc_inputs_load, or its
 * steps fpc_inputs_detect and fpc_inputs_read), read one file
 * (fpc_read_file, fpc_read_neighbours), stream one CSV file row by row
 * (fpc_csv_each), the area identity (fpc_areas_*) and the scorecard
 * definition (rp_scorecard_read).
 *
 * Formats (see docs/data-formats.md): DfE LAIT long data (bds_long.csv), its
 * data dictionary and LA code list; OHID Fingertips exports; the documented
 * tidy format; DfE statistical-neighbour files as shipped and plain
 * two-column neighbour pairs. All are CSV, parsed by read_csv.c (its own
 * splitter for unquoted lines, libcsv for the rest), streamed (the
 * file is never held in memory), tolerant of a UTF-8 BOM, CRLF, quoted commas
 * and newlines, quoted thousands separators, repeated header names and blank
 * lines. Every problem becomes a diagnostic "FILE:LINE:COL: message" where
 * LINE is the 1-based physical line on which the row starts and COL the
 * 1-based field (column) number, 0 when the problem is not about one field.
 * One bad row never stops a file. */
#ifndef FP_CLI_IO_H
#define FP_CLI_IO_H

#include <stdint.h>
#include "cli.h"

typedef enum {
    FPC_FORMAT_AUTO = 0,          /* detect from the header row */
    FPC_FORMAT_LAIT,              /* DfE LAIT long data */
    FPC_FORMAT_FINGERTIPS,        /* OHID Fingertips export */
    FPC_FORMAT_TIDY,              /* fingerpost tidy format */
    FPC_FORMAT_DICTIONARY,        /* LAIT data_dictionary.csv */
    FPC_FORMAT_LA_CODES,          /* LAIT la_code_list.csv */
    FPC_FORMAT_NEIGHBOURS_DFE,    /* DfE sn_*.csv, and DfE's wide re-export
                                     (old_la_code, SN_1, SN_1P, ...) */
    FPC_FORMAT_NEIGHBOURS_PAIRS,  /* two columns: area, neighbour (optional band) */
    FPC_FORMAT_AREAS,             /* the area identity (datasets/areas.csv) */
    FPC_FORMAT_EES,               /* DfE Explore Education Statistics CSV */
    FPC_FORMAT_BREAKS,            /* methodology breaks: indicator, first_period, reason */
    FPC_FORMAT_INDICATORS,        /* indicator definitions: which columns of an EES
                                     file are an indicator's value, numerator and
                                     denominator; polarity and unit per code */
    FPC_FORMAT_FINGERTIPS_META    /* Fingertips indicator metadata (X.meta.csv):
                                     checked when given; applied by the reader of
                                     the data file X.csv beside it */
} fpc_format;

/* Parse a --format name: "auto", "lait", "fingertips", "tidy", "dictionary",
 * "la-codes", "neighbours-dfe" (also "sn"), "neighbours-pairs" (also
 * "pairs"). 0 ok, -1 unknown. */
int fpc_format_parse(const char *name, fpc_format *f);
/* The name of a format as accepted by fpc_format_parse. Never NULL. */
const char *fpc_format_name(fpc_format f);
/* Nonzero for the two neighbour formats. */
int fpc_format_is_neighbours(fpc_format f);

/* Fields of the tidy format that can be mapped to other column names. */
typedef enum {
    FPC_COL_INDICATOR = 0, FPC_COL_INDICATOR_NAME, FPC_COL_AREA, FPC_COL_AREA_CODE,
    FPC_COL_AREA_TYPE, FPC_COL_REGION, FPC_COL_PERIOD, FPC_COL_NUMERATOR,
    FPC_COL_DENOMINATOR, FPC_COL_VALUE, FPC_COL_UNIT, FPC_COL_POLARITY,
    FPC_COL_LOWER95, FPC_COL_UPPER95, FPC_COL_LOWER998, FPC_COL_UPPER998, FPC_COL_SD,
    FPC_COL_N
} fpc_column;

/* ----------------------------------------------------- area identity */

/* One area of the identity (a row of datasets/areas.csv). Strings are never
 * NULL ("" when not given); lists are ';'-separated. */
typedef struct fpc_area_id {
    char *key;           /* the dataset key: the DfE LA number ("343"), else the ONS code */
    char *ons;           /* the current ONS code ("E08000014") */
    char *name;          /* the name LAIT uses ("St. Helens") */
    char *type;          /* MD, UA, SC, OLB, ILB, region, country */
    char *region;        /* canonical region name ("North West"), "" for regions */
    char *valid_from, *valid_to;          /* ISO dates of a boundary change, or "" */
    char *predecessors, *successors;      /* LA numbers */
    char *former_ons;    /* earlier ONS codes of the same LA number */
    char *aliases;       /* other names */
    char *note;          /* the boundary change in words */
    fp_area_kind kind;
    size_t line;         /* the line of the identity file that describes it */
} fpc_area_id;

typedef struct fpc_areas fpc_areas;

/* Read an area identity file into *areas (allocated when NULL; a second
 * file adds to the first, earlier keys win). 0 ok, FPC_EXIT_DATA if
 * unusable. */
int fpc_areas_read(const char *path, fpc_areas **areas, fpc_diags *d);
/* Read the shipped identity, fpc_datadir()/areas.csv, when there is one
 * (0 and *areas unchanged when not). */
int fpc_areas_default(fpc_areas **areas, fpc_diags *d);
/* Nonzero when an areas-format file is an ONS lookup (no la_number column):
 * it adds to the identity rather than replacing the shipped one. */
int fpc_areas_is_lookup(const char *path);
void fpc_areas_free(fpc_areas *a);
/* The area any code, LA number, name or alias names (normalised: case,
 * punctuation and "&"/"and" ignored), or NULL. */
const fpc_area_id *fpc_areas_find(const fpc_areas *a, const char *text);
size_t fpc_areas_count(const fpc_areas *a);
const fpc_area_id *fpc_areas_get(const fpc_areas *a, size_t i);

/* Area overlays: files that keep the area identity current without
 * editing datasets/areas.csv (areas_overlay.c).
 *
 * An overlay has the columns ons_code, name, short_name, type, region,
 * parent_code, parent_name, area_type_id (the last marks it); `fingerpost
 * fetch` writes them: NAME.areas.csv beside a Fingertips file (its areas
 * and their parents) and lookups.areas.csv (`fetch lookups`). The loader
 * applies them on top of the identity files (docs/data-formats.md, "Area
 * overlays", says the precedence): per row, a code the identity knows gets
 * the row's name as another name and the row's region; a known name with a
 * new code gets the code (its old one kept as a former code); anything
 * else is a new area. A row whose code is one area's and whose name is
 * another's, or a new code for an area that was abolished, is an error
 * naming both lines, and is not used. */

/* What one overlay did to the identity. */
typedef struct fpc_overlay_counts {
    size_t areas, codes, names, regions_set, regions_changed, conflicts;
} fpc_overlay_counts;

/* Nonzero when path is an area overlay (its header has ons_code and
 * area_type_id and no la_number). */
int fpc_areas_is_overlay(const char *path);

/* Apply the overlay at path to *areas (allocated when NULL). verbose: each
 * addition and change is a warning of its own; otherwise one summary
 * warning. Conflicts are errors. *counts (may be NULL) gets the tally.
 * 0 ok (conflicts included), FPC_EXIT_DATA when the file is unusable. */
int fpc_areas_overlay(fpc_areas **areas, const char *path, int verbose, fpc_diags *d,
                      fpc_overlay_counts *counts);

/* -------------------------------------------------- indicator mapping */

/* Which columns of an EES file make one indicator: value, numerator and
 * denominator columns (any may be NULL but not all), filters COL=VALUE that
 * a row must match, and optional name, unit, polarity. Built from
 * --ees-indicator specs or an indicator-definitions file. */
typedef struct fpc_ees_map {
    char *code;
    char *name, *unit, *polarity;         /* may be NULL */
    char *value, *numerator, *denominator, *lower95, *upper95;  /* column names or NULL */
    char **filter_col, **filter_val; size_t n_filters;
    /* The denominator from another row: the row that matches the filters
     * with these replaced (COL=VAL), in the same area and period ("breakdown=
     * Total all ages" beside "breakdown=Had their teeth checked"). */
    char **den_col, **den_val; size_t n_den;
    char *source;                         /* file base name it applies to, or NULL (any) */
} fpc_ees_map;

/* Polarity given by indicator code (--polarity CODE=high). */
typedef struct fpc_code_polarity { char *code; fp_polarity polarity; } fpc_code_polarity;

/* Reading options. Zero-initialise (or fpc_read_opts_init), then set. */
typedef struct fpc_read_opts {
    /* Column names for the tidy format; NULL means the default name
     * ("indicator", "area", ..., see fpc_column_name). Not owned. */
    const char *columns[FPC_COL_N];
    /* When non-NULL, the unit label ("%", "per 100,000", "count", ...) or
     * polarity ("higher", "lower", "none") for every indicator read from a
     * tidy or Fingertips file that does not give its own. Not owned. */
    const char *unit;
    const char *polarity;
    /* The area identity every reader resolves areas through; NULL for none. */
    const fpc_areas *areas;
    /* EES indicator mappings (owned by the options: fpc_read_opts_free). */
    fpc_ees_map *ees; size_t n_ees;
    /* Polarity per indicator code, applied after reading (owned). */
    fpc_code_polarity *pols; size_t n_pols;
} fpc_read_opts;

/* Parse "CODE=value:COL,numerator:COL,denominator:COL,filter:COL=VAL,
 * name:TEXT,unit:TEXT,polarity:high" (--ees-indicator) and add it to o.
 * 0 ok, -1 malformed (*why says what). */
int fpc_read_opts_ees(fpc_read_opts *o, const char *spec, const char **why);
/* Parse "CODE=high|low|none" (--polarity with a code). 0 ok, -1 malformed. */
int fpc_read_opts_polarity(fpc_read_opts *o, const char *spec);
/* Read an indicator-definitions file (FPC_FORMAT_INDICATORS) into o. */
int fpc_read_indicator_defs(const char *path, fpc_read_opts *o, fpc_diags *d);
/* Free what the options own (EES mappings, code polarities). */
void fpc_read_opts_free(fpc_read_opts *o);

void fpc_read_opts_init(fpc_read_opts *o);
/* The default tidy column name of a field ("indicator", "lower95_0cl", ...). */
const char *fpc_column_name(fpc_column c);
/* Apply a mapping "FIELD=COLUMN" (e.g. "value=Rate", "area_code=ONS code")
 * for --map. The string must outlive the options (pointers into it are
 * kept). 0 ok, -1 unknown field or no '='. */
int fpc_read_opts_map(fpc_read_opts *o, char *spec);

/* Detect the format of a file from its header row. 0 ok; FPC_EXIT_DATA if
 * the file cannot be read or matches no format (a diagnostic says why). */
int fpc_detect_format(const char *path, fpc_format *f, fpc_diags *diags);

/* Read one data/dictionary/la-code file into ds (format auto-detected from
 * the header when fmt is FPC_FORMAT_AUTO). Returns 0 when the file was read
 * (it may still have had bad rows: each is a diagnostic, error or warning);
 * FPC_EXIT_DATA if the file is unusable (cannot be opened, empty, binary, not
 * a known format, required columns missing, or a neighbour file). Appends
 * "NAME#HASH" (base name and a 64-bit FNV-1a hash of the bytes, 16 hex
 * digits) to ds->version, "; "-separated. Does not index ds. */
int fpc_read_file(const char *path, fpc_format fmt, const fpc_read_opts *opts,
                  fp_dataset *ds, fpc_diags *diags);

/* Read a neighbour file (DfE sn_*.csv as shipped, or two-column pairs) into
 * a new fp_neighbours (caller frees with fp_neighbours_free). version NULL
 * defaults to the file's base name without ".csv" ("sn_may_2025"). Lists
 * after the "Old SNs:" row of a DfE file are marked predecessor. 0 ok
 * (*nb set), FPC_EXIT_DATA if unusable (*nb NULL). */
int fpc_read_neighbours(const char *path, fpc_format fmt, const char *version,
                        fp_neighbours **nb, fpc_diags *diags);

/* fpc_read_neighbours with every area key resolved through the area
 * identity (areas may be NULL), so an ONS code or a name in the file
 * becomes the LA number the data are keyed by. */
int fpc_read_neighbours_ex(const char *path, fpc_format fmt, const char *version,
                           const fpc_areas *areas, fp_neighbours **nb, fpc_diags *diags);

/* A loaded input set: one dataset + any number of neighbour models. */
typedef struct fpc_inputs {
    fp_dataset *ds;
    fp_neighbours **nbs;
    size_t n_nbs;
    /* The area identity the files were read through (the identity files
     * among them, else the shipped datasets/areas.csv; NULL when none):
     * for what the dataset does not hold, such as the date a council
     * ceased (valid_to). */
    fpc_areas *areas;
} fpc_inputs;

/* Load files (data, dictionaries, LA code lists and neighbour files, all
 * auto-detected; dictionaries and code lists are read first whatever the
 * order given), then give every LA the exact name of its region area
 * (case-insensitive match, "Inner London" -> "London (Inner)") and index the
 * dataset. With n_paths == 0 load the shipped demo data: the files
 * fpc_data_files lists in fpc_datadir(). Returns 0 when every file was usable (row problems are only
 * diagnostics), FPC_EXIT_DATA otherwise (in->ds is still valid and holds
 * what could be read). Free with fpc_inputs_free. */
int fpc_inputs_load(fpc_inputs *in, char **paths, size_t n_paths, const fpc_read_opts *opts,
                    fpc_diags *diags);
void fpc_inputs_free(fpc_inputs *in);
/* The data files of a folder, as "DIR/NAME" in name order (strcmp): every
 * file whose name ends in ".csv" (in any case) except those whose name
 * starts with "scorecard" (in any case: scorecard definitions). The one
 * list of the shipped data, for the loader (fpc_inputs_load with no paths)
 * and the report's list of sources, so no file is in one without the
 * other. 0 ok (*files malloc'd, NULL when *n is 0: free each and the
 * array), -1 when the folder cannot be read (errno says why). */
int fpc_data_files(const char *dir, char ***files, size_t *n);

/* The loader's steps, for `validate`, which reports what each file gave
 * (fpc_inputs_load is input_list, fpc_inputs_detect, fpc_inputs_read, then
 * region names and the index). */
/* The format of each of files[0..n) into fmts: given, or when given is
 * FPC_FORMAT_AUTO detected from the header with opts' column names (opts
 * may be NULL); FPC_FORMAT_AUTO for a file whose format is unknown (a
 * diagnostic says why). Returns how many are unknown. */
size_t fpc_inputs_detect(char **files, size_t n, fpc_format given, const fpc_read_opts *opts,
                         fpc_format *fmts, fpc_diags *diags);
/* What one file gave: a data file the observations [first, first + count)
 * of the dataset (before it is indexed), a neighbour file count lists. */
typedef struct fpc_input_got { size_t first, count; } fpc_input_got;
/* Read files[0..n) of formats fmts (FPC_FORMAT_AUTO ones are skipped) in
 * the loader's passes into in (in->ds allocated by the caller, the rest
 * zeroed): area identities and indicator definitions, dictionaries and
 * code lists, data, then neighbour files (kept in in->nbs); polarities
 * applied, the area identity kept in in->areas. Does not index. got (room
 * for n, may be NULL) receives what each file gave. 0 when every file was
 * usable, else FPC_EXIT_DATA. */
int fpc_inputs_read(fpc_inputs *in, char **files, const fpc_format *fmts, size_t n,
                    const fpc_read_opts *opts, fpc_input_got *got, fpc_diags *diags);

/* Region names: the canonical name of an English region as DfE's LAIT names
 * its region areas ("Inner London" -> "London (Inner)", "Yorkshire and The
 * Humber" -> "Yorkshire and the Humber", "London region" -> "London"), or
 * NULL when the text is not a region ("NA", ""). */
const char *fpc_region_canonical(const char *text);

/* The longest field accepted (longer fields make their row an error). */
#define FPC_MAX_FIELD ((size_t)1 << 20)
/* The most fields a row may have (four times a spreadsheet's 16,384
 * columns); a longer row, or one over 64 MiB in all, is an error. */
#define FPC_MAX_FIELDS ((size_t)1 << 16)

/* Close every input a format detection left open (fpc_detect_format on its
 * own, or a detected file that was then not read). Inputs are opened once:
 * detection keeps them open for the read that follows (read_internal.h). */
void fpc_sources_close(void);

/* ------------------------------------------------------ one CSV file */

/* One row as handed to a row handler: fields are NUL-terminated and valid
 * until the handler returns. A row with a NUL byte inside a field is
 * reported and never handed over, so len[i] == strlen(f[i]). */
typedef struct fpc_row {
    char **f;
    size_t *len;
    size_t n;
    size_t line;      /* physical line on which the row starts */
    int is_header;    /* the first non-blank row of the file */
    int plain;        /* no field holds a comma, quote, CR or LF (the fast
                       * path split the row where it lay) */
} fpc_row;

/* The streaming reader (its fields are private: read_internal.h). */
typedef struct fpc_csv fpc_csv;
/* A row handler: return 0 to go on, nonzero to stop reading the file. */
typedef int (*fpc_row_fn)(void *ctx, fpc_csv *c, const fpc_row *row);

/* Stream one CSV file (path "-" is standard input) through fn, row by row,
 * with the readers' checks (binary input, field and row limits, UTF-8 BOM,
 * CRLF); each problem is a diagnostic in diags. Returns 0 when the file was
 * read to the end (row problems are diagnostics), FPC_EXIT_DATA when it
 * could not be opened, is empty, binary, or reading stopped early because of
 * a runaway field. */
int fpc_csv_each(const char *path, fpc_diags *diags, fpc_row_fn fn, void *ctx);

/* Fold n bytes into the 64-bit FNV-1a hash *h, 8-byte words at a time
 * (little-endian loads) and the remaining bytes one by one: the hash of a
 * file's data version, taken per read block (fetch's cache names bodies by
 * the same hash, cli/fetch/fetch.c). */
void fpc_fnv_words(uint64_t *h, const unsigned char *p, size_t n);

/* ------------------------------------------- scorecard definition */

/* A scorecard definition (scorecard.c; docs/data-formats.md, "Scorecard
 * definition"): read once by data preparation (prepare.c), which takes its
 * polarity and count indicators and hands out its targets, and by the
 * report, whose plans they are. Its names start with rp_ (the report was
 * its first reader). */

/* The shipped scorecard definition's file name in fpc_datadir(), which
 * every command on the shipped data uses (prepare.c, report). */
#define FPC_SCORECARD_DEFAULT "scorecard_sefton.csv"
/* fpc_datadir()/FPC_SCORECARD_DEFAULT (caller frees), or NULL when there is
 * no data folder. */
char *fpc_scorecard_default(void);

/* One row of a scorecard definition (docs/data-formats.md, "Scorecard
 * definition"). Every field is a string owned by the rp_scorecard; empty
 * cells are "" (never NULL). */
typedef struct rp_sc_row {
    char *number, *name, *theme, *priority;
    char *code;            /* lait_code: indicator code, or "no public data" */
    char *num_code;        /* numerator_code: count indicator, "" when none */
    char *den_code;        /* denominator_code: count indicator, "" when none */
    char *polarity;        /* "High", "Low", "-", "" (then the dictionary's) */
    char *note;            /* mapping_note */
    char *baseline, *baseline_period;
    char *milestones;      /* "YYYY-MM=RULE;..." */
    char *target_text, *target_rule, *target_date;
    char *pub_period, *pub_area, *pub_neighbours, *pub_england, *pub_source;
    char *plan_area;       /* the area whose plan this is: published figures are
                              its own, checked only when reporting on it ("" =
                              any area, as before) */
    char *measures;        /* what the mapped data actually measure when they are
                              a proxy for the plan's measure ("" when the same) */
    char *other_codes;     /* other indicators of the same measure from other
                              sources, ';'-separated (LAIT FSP_NEW_GOODDEV beside
                              EES EYFS_GLD): the line shows the newest ("" none) */
    size_t line;           /* line in the file, for messages */
} rp_sc_row;

typedef struct rp_scorecard {
    rp_sc_row *rows;
    size_t n;
    char *path;
} rp_scorecard;

/* Read a scorecard definition. Returns 0, or -1 after printing
 * "fingerpost: FILE:LINE:COL: message" (unreadable file, no `number` or
 * `name` column, a row without a number, a duplicate number). */
int rp_scorecard_read(const char *path, rp_scorecard *sc);
void rp_scorecard_free(rp_scorecard *sc);

/* True when a scorecard row maps to no data ("no public data" or empty). */
int rp_sc_no_data(const rp_sc_row *r);

/* The indicator codes of row r, its code then its other_codes in order,
 * trimmed, empty ones left out: *n codes (at most max) into codes, each a
 * malloc'ed string the caller frees. 0 codes for a row without data. */
size_t rp_sc_codes(const rp_sc_row *r, char **codes, size_t max);
/* The most sources one line may name (its code and other_codes). */
#define RP_MAX_SOURCES 8

/* A target or milestone of a scorecard row, ready for fp_assess_goal.
 * Fixed storage: goal's period pointers point into the struct itself, so
 * an rp_goal must not be copied after rp_goal_parse (copy the verdict). */
typedef struct rp_goal {
    char kind[12];         /* "milestone" or "target" */
    char due[24];          /* as written: "2021-06" or a period label */
    char rule[96];         /* as written: "75 or national higher" */
    fp_goal goal;
    fp_period due_period, base_period;
    fp_goal_verdict v;     /* filled by the report */
} rp_goal;

/* Rule text of row r (its target_rule or a milestone's) as an fp_target:
 * fp_target_parse's rules, "england" read as "national", the row's
 * baseline (NaN when none). 0 ok, -1 when the rule cannot be read. */
int rp_sc_target(const rp_sc_row *r, const char *rule, fp_target *tg);

/* Parse one goal of row r: due ("YYYY-MM" or a period label) and rule
 * (fp_target_parse's rules, "england"/"national" for the national value);
 * the row's baseline and baseline_period give the starting point. 0 ok,
 * -1 the rule, -2 the date cannot be read, -3 the date is out of range (a
 * year before 1900 or after 9999). */
int rp_goal_parse(const rp_sc_row *r, const char *due, const char *rule, rp_goal *g);
/* The row's milestones ("DATE=RULE;...") then its target (target_rule due
 * target_date, when both are given), at most max. why receives the first
 * that could not be read (or ""). Returns how many were parsed. */
size_t rp_goals_of_row(const rp_sc_row *r, rp_goal *g, size_t max, char *why, size_t why_size);

#endif /* FP_CLI_IO_H */
