/* prepare.h -- the data preparation every analysis command applies
 * (prepare.c). Part of the CLI's shared helpers (cli.h includes every
 * one); names start with fpc_. */
#ifndef FP_CLI_PREPARE_H
#define FP_CLI_PREPARE_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"
#include "out.h"
#include "table.h"
#include "safe_text.h"
#include "util.h"
#include "suggest.h"
#include "options.h"
#include "series.h"
#include "counts.h"

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

#endif /* FP_CLI_PREPARE_H */
