/* rates_cli.h -- the machinery of `fingerpost rates` (cli/rates/): the options
 * (parsed by cmd_rates.c), the output, the reading state, and one source per
 * family of types. Private to the CLI; names start with rt_. */
#ifndef FP_CLI_RATES_CLI_H
#define FP_CLI_RATES_CLI_H

#include <stdio.h>
#include <stddef.h>
#include <sys/types.h>
#include "cli.h"

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

/* The state of one run: the options, the output, the current record, the
 * header's columns and, for the grouped types, the groups. */
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

/* Field i of the current record (valid during the row callback). */
static inline const char *rt_field(const rstate *s, size_t i)
{
    return s->fptr[i];
}

/* ------------------------------------------------ rates_rows.c */

/* One row of rate/proportion/mean. */
void rt_data_row(rstate *s);
/* Read the numeric cell of column c of the current record. On bad text,
 * warn with the location, count the row and append to the note. */
double rt_get_num(rstate *s, size_t c, const char *what, char *note, size_t notesz, int *bad);
void rt_header_row(rstate *s);
void rt_out_cstr(rout *o, const char *s);
/* 0 ok, -1 when the workbook could not be written (message printed). */
int rt_out_end(rout *o);
void rt_out_endrow(rout *o);
void rt_out_num(rout *o, double x, int dp);

/* ------------------------------------------------- rates_std.c */

/* The group of the current row (by the --group column, "all" without one),
 * added when new. Rows usually come grouped, so the last group is tried
 * first; otherwise a hash index finds it, so many groups (thousands of
 * small areas) cost no more per row than few. New groups are appended, so
 * the output keeps the input order. */
struct dgroup *rt_row_group(rstate *s);
void rt_dsr_finish(rstate *s);
/* One row of DSR input: add to its group. */
void rt_dsr_row(rstate *s);
/* Double a group's band arrays: counts and populations, then the standard
 * populations and per-person event counts (nfreq a band) of a DSR, or the
 * reference counts and populations of an ISR. */
void rt_group_grow(struct dgroup *G, size_t nfreq, int isr);
/* One output row per ISR group: observed O = sum of counts, expected E =
 * fp_isr_expected, value and limits from fp_isr_ci with scale the
 * multiplier (ratio, as calculate_ISRatio's refvalue) or the group's
 * reference rate sum(x_ref)/sum(n_ref) x multiplier (rate, as
 * calculate_ISRate). A group that cannot be computed has empty value and
 * limits and its reason in note; a computed group with missing values
 * says how many bands counted them as 0. */
void rt_isr_finish(rstate *s);
/* One row of ISR input (one age band of one group): add to its group.
 * The reference is kept as a count and a population per band; a reference
 * rate r per --ref-rate-per people is kept as r/per of 1. */
void rt_isr_row(rstate *s);

/* -------------------------------------------------- rates_le.c */

/* One output row per band of each group: life expectancy at its start age
 * (fp_life_expectancy) with its limits at each level, the population and
 * deaths at that age and above, and a note for a table or a value that the
 * package's rules withhold. Bands are put in age order first. */
void rt_le_finish(rstate *s);
/* One row of life-expectancy input (one age band of one group): its start
 * age (the first number in the cell: "0", "1-4", "90+", as
 * PHEindicatormethods reads age_contents), deaths and population. */
void rt_le_row(rstate *s);

/* ------------------------------------------------- rates_sii.c */

/* One output row per group: the SII (value) and its limits, the RII and
 * its limits, the intercept, the method and a note. Quantiles are put in
 * ascending order first (the package arranges by quantile), so quantile 1
 * is x = 0. */
void rt_sii_finish(rstate *s);
/* One row of SII input (one quantile of one group): quantile number,
 * population, value and either its 95% limits or its standard error. The
 * group's arrays: count = value, pop = population, xref = lower limit,
 * nref = upper limit, std = standard error, age = quantile. */
void rt_sii_row(rstate *s);

/* ------------------------------------------------ rates_opts.c */

/* The options (parsed into *o) checked against each other and the type's
 * defaults filled in; n_files is how many input FILEs were given (one is
 * needed). -1 to go on, else the exit status of a usage error (reported). */
int rt_check(ropts *o, int have_type, int n_files);

/* ------------------------------------------------- rates_run.c */

/* Read file and write the results of the options op (checked, defaults
 * filled in: cmd_rates.c). Returns the exit status. */
int rt_run(const ropts *op, const char *file);

#endif /* FP_CLI_RATES_CLI_H */
