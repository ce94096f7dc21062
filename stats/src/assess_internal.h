/* assess_internal.h -- what the files of the assessment layer share (not
 * part of the public contract): the context's layout and the helpers the
 * rules use. The files: assess.c (fp_assess, fp_assess_series),
 * assess_context.c (the context and these helpers), assess_interval.c,
 * assess_compare.c, assess_trend.c, assess_goal.c. */
#ifndef FP_ASSESS_INTERNAL_H
#define FP_ASSESS_INTERNAL_H

#include "fingerpost/assess.h"
#include "fp_internal.h"

#include <stdarg.h>
#include <stddef.h>

struct fp_assess_context {
    const fp_dataset *ds;
    const fp_neighbours *nb;
    size_t england;
    size_t *region;                 /* per area */
    const fp_neighbour_list **nl;   /* per area, NULL when none */
    size_t **nb_areas;              /* per area: dataset index of each neighbour */
    /* The areas ranked, grouped by kind (local authorities first, then
     * combined authorities, ICBs and sub-ICB locations): an area is ranked
     * and banded among the areas of its own kind only. */
    size_t *las;
    size_t n_las;                   /* the local authorities (the first group) */
    size_t grp_lo[8], grp_n[8];     /* per fp_area_kind: its group in las */
    size_t *la_pos;                 /* per area: position in las, or FP_ASSESS_NONE */
    /* The distribution of one group (c_kind) for (c_ind, c_period). */
    int c_valid;
    size_t c_ind, c_period, c_kind;
    fp_qmethod c_qmethod;
    double *la_vals;
    size_t *la_rank;
    int *la_quint;
    int rank_ok, q_ok;
    double q[5];
    /* The bounds for the plausibility of England and regions
     * (fp_assess_plausible): per indicator asked, per period, the range of
     * the local authorities' values and of the regions' values, each with
     * the rounding slack of the values it was taken from. */
    struct pbound **pb;             /* per indicator, NULL until asked: per period */
    size_t pb_bytes;                /* held by pb (bounded: see plausible_table) */
    unsigned char *la_rslot;        /* per LA position: its region's slot, 0..63,
                                       or 255 (none); NULL until first needed */
    /* The funnel fit of (f_ind, f_period) with f_spec and its status. */
    int f_valid, f_status;
    size_t f_ind, f_period;
    fp_od_spec f_spec;
    fp_od_fit f_fit;
    /* Methodology breaks: (indicator, first period of the new series). */
    size_t *brk_ind;
    fp_period *brk;
    const char **brk_reason;    /* owned by the dataset, or "" */
    size_t n_brk;
};

/* Append a note to r->notes, "; "-separated; a note that does not fit in
 * whole is left out and counted in r->notes_dropped. */
void fp__note_add(fp_assessment *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The observation of (ind, a, p), or NULL (also for FP_ASSESS_NONE). */
const fp_obs *fp__obs_at(const fp_dataset *ds, size_t ind, size_t a, size_t p);
/* An observation's value, NaN when missing or NULL. */
double fp__obs_value(const fp_obs *o);
/* The latest period in which area a has a value of ind, or FP_ASSESS_NONE. */
size_t fp__area_latest(const fp_dataset *ds, size_t ind, size_t a);
double fp__value_at(const fp_dataset *ds, size_t ind, size_t a, size_t p);
/* The observation's numerator and denominator when it has a value and both
 * counts (returns 1), else NaN in both (returns 0). */
int fp__obs_counts(const fp_dataset *ds, const fp_obs *o, double *num, double *den);
/* Nonzero for a percentage or a proportion. */
int fp__is_proportion(fp_unit u);
/* A CI from counts by the rates module: Wilson for proportions, Byar's /
 * exact Poisson for rates (as Fingertips). */
int fp__counts_ci(const fp_indicator *I, double x, double n, double level, fp_ci *ci);
/* The region area a is compared with on (ind, p), and, when there is no
 * value to compare with, why (into why, "" otherwise). The rule
 * (docs/methods.md, "Assessment"): the parent the source gave for the row
 * (Fingertips "Parent Code") when it gave one other than England; else the
 * identity's region, or, when the data have no row of it for the indicator
 * and period, the region above it (Inner or Outer London -> London) that
 * has one, so a borough is compared with the region the data report. */
size_t fp__region_at(const fp_assess_context *c, size_t ind, size_t a, size_t p, char *why,
                     size_t n);
/* The latest declared break of ind at or before period `upto`, as a
 * period of upto's class, into *out: the series starts there. Returns 0
 * when there is none. A break of another class (2021/22 for a calendar-year
 * series) starts with the period that holds its first month. */
int fp__latest_break(const fp_assess_context *c, size_t ind, const fp_period *upto,
                     fp_period *out, const char **reason);
/* The local-authority distribution of (ind, period): values, ranks,
 * quintile groups and type-7 quartiles, kept until another is asked for
 * (compare --all-areas asks for the same one for every area). */
void fp__la_distribution(fp_assess_context *c, size_t ind, size_t period, fp_qmethod qm,
                         size_t kind);
/* An empty comparator: no area, every number NaN, not compared. */
void fp__comparator_init(fp_comparator *k);
/* The comparator of one area's value (and counts and limits) at period. */
void fp__comparator_area(const fp_dataset *ds, size_t ind, size_t a, size_t period,
                         fp_comparator *k);
/* Aggregate n areas (FP_ASSESS_NONE entries count as missing) by stat;
 * pooled aggregates get a 95% CI from the pooled counts. */
int fp__comparator_group(const fp_dataset *ds, size_t ind, const size_t *areas, size_t n,
                         size_t period, fp_agg stat, fp_comparator *k);
/* An England or region value outside the range of every local authority
 * is flagged and not used: its value becomes NaN (noted in r). */
void fp__comparator_check(fp_assess_context *c, size_t ind, size_t p, const char *what,
                          fp_comparator *k, fp_assessment *r);
/* The Fingertips rule at both levels and the two-sample test. */
void fp__comparator_judge(const fp_indicator *I, fp_polarity pol, const fp_assess_interval *ci,
                          fp_comparator *k);
/* The area's present values of ind in the class of `upto` and not after it:
 * times, values and 95% limits, oldest first. Returns the number of points
 * (from the first present value on); the arrays are malloc'ed into *buf
 * (4 x n doubles: t, v, lo, hi). The limits (fp_assess_interval_at) are
 * computed only when with_ci is nonzero (the trend needs them; projections
 * and chart series do not), else NaN. */
size_t fp__series_arrays(const fp_assess_context *c, size_t ind, size_t a, size_t upto,
                         int with_ci, double **buf, size_t **periods);
/* The trend of the area's series b (n points: times, values, 95% limits,
 * from series_arrays; per: their periods). */
void fp__assess_trend(const fp_dataset *ds, const fp_assess_options *opt, const double *b,
                      const size_t *per, size_t n, fp_assessment *r);
/* The target status and outlook; b (n points) is the area's series from
 * series_arrays, projected to the target period. */
void fp__assess_target(const fp_assess_context *c, const fp_assess_options *opt,
                       const double *b, size_t n, fp_assessment *r);
/* The dataset's index of period p, or FP_ASSESS_NONE. */
size_t fp__period_index(const fp_dataset *ds, const fp_period *p);

#endif
