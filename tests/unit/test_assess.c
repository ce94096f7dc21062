/* test_assess.c -- the assessment layer (fingerpost/assess.h): the rules
 * that choose the period, the interval, the comparators, the rank and
 * quartile, the trend method and the target verdict, on a small dataset
 * built in memory.
 *
 * Expected values and where they come from:
 *  - Ranks: R's rank(c(10, 12, 10, 8), ties.method = "min") = 2 4 2 1 (lower
 *    is better, as DfE LAIT's calculate_rank); A (10) is 2nd of 4.
 *  - Quartiles: R's quantile(c(10, 12, 10, 8), type = 7) = 8, 9.5, 10,
 *    10.5, 12; 10 lies in (9.5, 10], the second-lowest quartile, band B
 *    when lower is better (LAIT's calculate_quartile_band).
 *  - Neighbour mean: B 12 and C 10 with Z not in the data: (12 + 10) / 2 =
 *    11, "2 of 3" (DfE LAIT's neighbour average).
 *  - Intervals from counts: the rates module (fp_rate_ci: Byar's method,
 *    tested against PHEindicatormethods in test_rates.c); the assessment
 *    must give the same limits, flagged "computed from counts".
 *  - Change: 10 - 11 = -1, 100 * -1 / 11 % (by hand).
 *  - Target 9, lower is better, 10 now and 11 before: not met, moving the
 *    right way, so "on track" under fp_target_assess's rule (by hand). */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static fp_dataset *ds;
static fp_neighbours *nb;
static size_t eng, reg, A, B, C, D, E, ind, p[5];

static void add(size_t area, size_t per, double value, fp_missing missing, double num, double den)
{
    fp_obs o;
    fp_obs_extra x;
    memset(&o, 0, sizeof o);
    memset(&x, 0, sizeof x);
    o.indicator = (uint32_t)ind;
    o.area = (uint32_t)area;
    o.period = (uint32_t)p[per];
    o.missing = (uint8_t)missing;
    o.value = value;
    if (!isnan(num)) {
        o.flags = FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR;
        x.numerator = num;
        x.denominator = den;
    }
    ck_assert_int_eq(fp_dataset_add_obs_extra(ds, &o, &x), FP_OK);
}

static void setup(void)
{
    ds = fp_dataset_alloc();
    ck_assert_int_eq(fp_dataset_area(ds, "E92000001", "England", FP_AREA_COUNTRY, NULL, NULL, &eng), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "E12000002", "North West", FP_AREA_REGION, NULL, NULL, &reg), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "A1", "Aville", FP_AREA_LA, "North West", "901", &A), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "B1", "Bton", FP_AREA_LA, "North West", "902", &B), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "C1", "Cham", FP_AREA_LA, "North West", "903", &C), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "D1", "Dley", FP_AREA_LA, "North West", "904", &D), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "E1", "Eby", FP_AREA_LA, "North West", "905", &E), FP_OK);
    static const char *const labels[5] = { "2019", "2020", "2021", "2022", "2023" };
    for (int k = 0; k < 5; k++) ck_assert_int_eq(fp_dataset_period(ds, labels[k], &p[k]), FP_OK);
    ck_assert_int_eq(fp_dataset_indicator(ds, "R", &ind), FP_OK);
    fp_indicator meta;
    memset(&meta, 0, sizeof meta);
    meta.unit = FP_UNIT_RATE;
    meta.multiplier = 1000;
    meta.polarity = FP_POLARITY_LOW;
    meta.dps = 1;
    ck_assert_int_eq(fp_dataset_indicator_set(ds, ind, &meta), FP_OK);
    /* A: 13, 12, 11, 10 with counts, then suppressed in 2023. */
    add(A, 0, 13, FP_MISSING_NONE, 130, 10000);
    add(A, 1, 12, FP_MISSING_NONE, 120, 10000);
    add(A, 2, 11, FP_MISSING_NONE, 110, 10000);
    add(A, 3, 10, FP_MISSING_NONE, 100, 10000);
    add(A, 4, NAN, FP_MISSING_SUPPRESSED, NAN, NAN);
    add(B, 3, 12, FP_MISSING_NONE, NAN, NAN);
    add(B, 4, 12, FP_MISSING_NONE, NAN, NAN);
    add(C, 3, 10, FP_MISSING_NONE, NAN, NAN);
    add(D, 3, 8, FP_MISSING_NONE, NAN, NAN);
    add(E, 3, NAN, FP_MISSING_NOT_AVAILABLE, NAN, NAN);
    for (int k = 0; k < 5; k++) add(eng, (size_t)k, 9, FP_MISSING_NONE, 90000, 10000000);
    add(reg, 3, 10.5, FP_MISSING_NONE, NAN, NAN);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    nb = fp_neighbours_alloc("sn_test_2025");
    ck_assert_int_eq(fp_neighbours_add(nb, "901", "Aville", 0, "902", NULL), FP_OK);
    ck_assert_int_eq(fp_neighbours_add(nb, "901", "Aville", 0, "903", NULL), FP_OK);
    ck_assert_int_eq(fp_neighbours_add(nb, "901", "Aville", 0, "999", NULL), FP_OK);
}

static void teardown(void)
{
    fp_neighbours_free(nb);
    fp_dataset_free(ds);
}

START_TEST(period_rule_and_comparators)
{
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    ck_assert_uint_eq(fp_assess_england(c), eng);
    ck_assert_uint_eq(fp_assess_region(c, A), reg);
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, A, NULL, &r), FP_OK);
    /* 2023 is the indicator's latest (B has a value) but A's is suppressed. */
    ck_assert_uint_eq(r.latest_period, p[4]);
    ck_assert_uint_eq(r.period, p[3]);
    ck_assert_int_eq(r.period_choice, FP_PERIOD_CHOICE_AREA_LATEST);
    ck_assert_ptr_nonnull(strstr(r.notes, "no value for Aville in the latest period 2023"));
    ck_assert_double_eq(r.ci.value, 10);
    /* The interval from counts is the rates module's. */
    fp_ci ref;
    ck_assert_int_eq(fp_rate_ci(100, 10000, 1000, 0.95, &ref), FP_OK);
    ck_assert_int_eq(r.ci.source, FP_CI_SOURCE_COUNTS);
    ck_assert_rel(r.ci.lower95, ref.lower, 1e-15);
    ck_assert_rel(r.ci.upper95, ref.upper, 1e-15);
    ck_assert_int_eq(fp_rate_ci(100, 10000, 1000, 0.998, &ref), FP_OK);
    ck_assert_rel(r.ci.lower998, ref.lower, 1e-15);
    /* England 9 lies below A's interval (about 8.1 to 12.2)? Byar's 95%
     * limits for 100 per 10,000 x 1000 are 8.14 and 12.16: similar. */
    ck_assert_int_eq(r.england.cmp95, FP_CMP_SIMILAR);
    ck_assert_double_eq(r.england.value, 9);
    ck_assert_uint_eq(r.england.n_used, 1);
    /* Both sides have counts: the two-sample test is made. */
    ck_assert_int_eq(r.england.test.status, FP_OK);
    ck_assert_str_eq(r.england.test.method, "exact test of two Poisson rates");
    ck_assert_double_eq(r.region.value, 10.5);
    ck_assert_double_eq(r.neighbours.value, 11);
    ck_assert_uint_eq(r.neighbours.n_used, 2);
    ck_assert_uint_eq(r.neighbours.n_total, 3);
    /* Rank 2 of 4 (ties "min"), band B, quartiles as R's type 7. */
    ck_assert_uint_eq(r.rank, 2);
    ck_assert_uint_eq(r.n_ranked, 4);
    ck_assert_int_eq(r.quartile, 'B');
    ck_assert_double_eq(r.quartiles[1], 9.5);
    ck_assert_double_eq(r.quartiles[3], 10.5);
    /* Change from 11 to 10. */
    ck_assert_double_eq(r.change1, -1);
    ck_assert_rel(r.change1_pct, -100.0 / 11.0, 1e-15);
    ck_assert_double_eq(r.previous, 11);
    ck_assert_rel(r.change3, -3, 1e-15);
    fp_assess_context_free(c);
}
END_TEST

START_TEST(requested_period_and_no_rank)
{
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_assess_options o;
    fp_assess_options_default(&o);
    o.period = p[4];
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, A, &o, &r), FP_OK);
    ck_assert_int_eq(r.period_choice, FP_PERIOD_CHOICE_REQUESTED);
    ck_assert(isnan(r.ci.value));
    ck_assert_int_eq(r.missing, FP_MISSING_SUPPRESSED);
    ck_assert_int_eq(r.england.cmp95, FP_CMP_NOT_COMPARED);
    ck_assert_int_eq(r.england.reason, FP_CMP_REASON_NO_VALUE);
    ck_assert_uint_eq(r.rank, 0);
    ck_assert_ptr_nonnull(strstr(r.notes, "value c"));
    /* England is not a local authority: no rank, but compared values. */
    ck_assert_int_eq(fp_assess(c, ind, eng, NULL, &r), FP_OK);
    ck_assert_uint_eq(r.rank, 0);
    ck_assert_int_eq(r.quartile, 0);
    /* An area with no value anywhere. */
    ck_assert_int_eq(fp_assess(c, ind, E, NULL, &r), FP_OK);
    ck_assert_int_eq(r.period_choice, FP_PERIOD_CHOICE_NO_AREA_VALUE);
    ck_assert_uint_eq(r.period, p[4]);
    fp_assess_context_free(c);
}
END_TEST

START_TEST(trend_rule_and_target)
{
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_target tg;
    memset(&tg, 0, sizeof tg);
    tg.baseline = NAN;
    ck_assert_int_eq(fp_target_parse("9", &tg), FP_OK);
    fp_assess_options o;
    fp_assess_options_default(&o);
    o.target = &tg;
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, A, &o, &r), FP_OK);
    /* Four points with intervals: too few for the Fingertips recent trend
     * (five), so Mann-Kendall on 13, 12, 11, 10 (S = -6, exact p = 0.083 >
     * 0.05 for n = 4, R cor.test(..., method = "kendall")): no significant
     * change. */
    ck_assert_int_eq(r.trend_method, FP_ASSESS_TREND_MANN_KENDALL);
    ck_assert_int_eq(r.trend, FP_TREND_NO_CHANGE);
    ck_assert_str_eq(r.trend_method_text, "Mann-Kendall, 4 points (95%)");
    /* The window the verdict rests on: 2019 to 2022 (2023 is suppressed),
     * stated, with no disagreement (only one method could be calculated). */
    ck_assert_uint_eq(r.trend_first, p[0]);
    ck_assert_uint_eq(r.trend_last, p[3]);
    ck_assert_str_eq(r.trend_window, "2019\xE2\x80\x93" "2022, 4 points");
    ck_assert_str_eq(r.trend_disagree, "");
    ck_assert_int_eq(r.target_status, FP_TSTATUS_ON_TRACK);
    ck_assert_double_eq(r.target_value, 9);
    /* The outlook projects 13, 12, 11, 10 to 2023: exactly 9 on the line
     * (least squares, R lm), with no residual variance, so the whole
     * (zero-width) prediction interval meets the target. */
    ck_assert(r.has_target_period);
    ck_assert_rel(r.projection.fit, 9, 1e-12);
    ck_assert_str_eq(r.outlook, fp_target_outlook_string(FP_OUTLOOK_ON_TRACK));
    /* The series for charts ends at the area's last value. */
    fp_assess_point *pts;
    size_t n;
    ck_assert_int_eq(fp_assess_series(c, ind, A, FP_ASSESS_NONE, FP_AGG_MEAN, &pts, &n), FP_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_double_eq(pts[3].ci.value, 10);
    ck_assert_double_eq(pts[3].england, 9);
    ck_assert_double_eq(pts[3].neighbours, 11);
    fp_assess_points_free(pts);
    fp_assess_context_free(c);
}
END_TEST

START_TEST(derived_counts)
{
    /* fp_dataset_set_counts gives B's 2022 value counts flagged derived:
     * the interval is then "computed from derived counts". */
    const fp_obs *o;
    ck_assert_int_eq(fp_dataset_lookup(ds, ind, B, p[3], &o), FP_OK);
    ck_assert_int_eq(fp_dataset_set_counts(ds, (size_t)(o - ds->obs), 120, 10000, 1), FP_OK);
    fp_assess_interval iv;
    ck_assert_int_eq(fp_assess_interval_at(ds, ind, B, p[3], &iv), FP_OK);
    ck_assert_int_eq(iv.source, FP_CI_SOURCE_DERIVED);
    ck_assert_str_eq(fp_ci_source_name(iv.source), "computed from derived counts");
    ck_assert_double_eq(iv.numerator, 120);
    /* Values only: no interval, and the reason says why. */
    ck_assert_int_eq(fp_assess_interval_at(ds, ind, C, p[3], &iv), FP_OK);
    ck_assert_int_eq(iv.source, FP_CI_SOURCE_NONE);
    ck_assert_str_eq(iv.reason, "no interval: the data give no count or denominator");
    ck_assert_int_eq(fp_dataset_set_counts(ds, ds->n_obs, 1, 1, 1), FP_EINVAL);
}
END_TEST

/* C's 2023 value 11, a modelled estimate (not compared), with counts
 * 110 / 10000 when with_counts. */
static void add_modelled_c(int with_counts)
{
    fp_obs o;
    fp_obs_extra x;
    memset(&o, 0, sizeof o);
    memset(&x, 0, sizeof x);
    o.indicator = (uint32_t)ind;
    o.area = (uint32_t)C;
    o.period = (uint32_t)p[4];
    o.value = 11;
    o.flags = FP_OBS_MODELLED;
    if (with_counts) {
        o.flags |= FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR;
        x.numerator = 110;
        x.denominator = 10000;
    }
    ck_assert_int_eq(fp_dataset_add_obs_extra(ds, &o, &x), FP_OK);
}

START_TEST(modelled_and_plausibility)
{
    /* A modelled estimate (OHID's value note) with counts is not compared. */
    add_modelled_c(1);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, C, NULL, &r), FP_OK);
    ck_assert_uint_eq(r.period, p[4]);
    ck_assert_int_eq(r.england.cmp95, FP_CMP_NOT_COMPARED);
    ck_assert_ptr_nonnull(strstr(r.notes, "modelled or synthetic estimate"));
    /* Plausibility: a rate cannot be negative; England (9) lies inside the
     * range of the LAs only when at least 10 have a value (here 4: not
     * checked, so plausible). */
    fp_plausibility pl;
    double range[2];
    ck_assert_int_eq(fp_assess_plausible(c, ind, eng, p[3], &pl, range), FP_OK);
    ck_assert_int_eq(pl, FP_PLAUSIBLE);
    ck_assert(isnan(range[0]));
    ck_assert_str_eq(fp_plausibility_name(FP_IMPLAUSIBLE_RANGE),
                     "outside the range of every local authority");
    fp_assess_context_free(c);
}
END_TEST

/* fp_assessment.notes holds 1,023 bytes: a note that does not fit in whole
 * is left out (never cut) and counted in notes_dropped. Two 600-byte notes:
 * the first fits, the second does not. (By construction: the lengths are
 * chosen so that exactly one fits.) */
START_TEST(notes_overflow_counted)
{
    char not_compared[601], value_note[601];
    memset(not_compared, 'a', 600);
    not_compared[600] = '\0';
    memset(value_note, 'b', 600);
    value_note[600] = '\0';
    add_modelled_c(0);
    ck_assert_int_eq(fp_dataset_obs_text_set(ds, ind, C, p[4], FP_OBS_TEXT_NOT_COMPARED,
                                             not_compared), FP_OK);
    ck_assert_int_eq(fp_dataset_obs_text_set(ds, ind, C, p[4], FP_OBS_TEXT_NOTE, value_note),
                     FP_OK);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, C, NULL, &r), FP_OK);
    ck_assert_ptr_nonnull(strstr(r.notes, not_compared));
    ck_assert_ptr_null(strstr(r.notes, "publisher's note"));   /* not cut: left out whole */
    ck_assert_ptr_null(strstr(r.notes, "bbbb"));
    ck_assert_uint_eq(r.notes_dropped, 1);
    ck_assert_uint_lt(strlen(r.notes), sizeof r.notes);
    /* Notes that fit drop nothing. */
    ck_assert_int_eq(fp_assess(c, ind, A, NULL, &r), FP_OK);
    ck_assert(r.notes[0] != '\0');
    ck_assert_uint_eq(r.notes_dropped, 0);
    fp_assess_context_free(c);
}
END_TEST

START_TEST(breaks_and_goals)
{
    /* A break at 2021 leaves A's 2021-2022 values (11, 10) for the trend:
     * too few for Mann-Kendall (3 needed). */
    fp_period b;
    ck_assert_int_eq(fp_period_parse("2021", &b), FP_OK);
    ck_assert_int_eq(fp_dataset_add_break(ds, "R", &b, "new method"), FP_OK);
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, A, NULL, &r), FP_OK);
    ck_assert_uint_eq(r.series_from, p[2]);
    ck_assert_int_eq(r.trend, FP_TREND_NOT_CALCULATED);
    ck_assert_ptr_nonnull(strstr(r.notes, "methodology break (new method)"));
    /* A goal due June 2021 is judged on 2021 (11 against 10, lower is
     * better: missed); one due in 2024 is projected from 2021-2022 (two
     * points: not assessed, with the reason). */
    fp_goal g;
    memset(&g, 0, sizeof g);
    g.target.baseline = NAN;
    ck_assert_int_eq(fp_target_parse("10", &g.target), FP_OK);
    g.due_year = 2021;
    g.due_month = 6;
    fp_goal_verdict v;
    ck_assert_int_eq(fp_assess_goal(c, ind, A, &g, &v), FP_OK);
    ck_assert_int_eq(v.status, FP_GOAL_MISSED);
    ck_assert_uint_eq(v.period, p[2]);
    ck_assert_double_eq(v.value, 11);
    g.due_year = 2024;
    ck_assert_int_eq(fp_assess_goal(c, ind, A, &g, &v), FP_OK);
    ck_assert_int_eq(v.status, FP_GOAL_NOT_ASSESSED);
    ck_assert_ptr_nonnull(strstr(v.note, "cannot be projected"));
    /* Split years run April to March; quarters hold their months. */
    fp_period like, out;
    ck_assert_int_eq(fp_period_parse("2020/21", &like), FP_OK);
    ck_assert_int_eq(fp_period_of_month(&like, 2021, 3, &out), FP_OK);
    ck_assert_int_eq(out.year, 2020);
    ck_assert_int_eq(fp_period_of_month(&like, 2021, 4, &out), FP_OK);
    ck_assert_int_eq(out.year, 2021);
    ck_assert_int_eq(fp_period_parse("2020 Q1", &like), FP_OK);
    ck_assert_int_eq(fp_period_of_month(&like, 2021, 8, &out), FP_OK);
    ck_assert_int_eq(out.sub, 3);
    fp_assess_context_free(c);
}
END_TEST

/* The neighbours at the area's assessed period (2022), in list order: B
 * 12 and C 10 (no counts or limits, so not compared with England), banded
 * by the quartiles above (8, 9.5, 10, 10.5, 12; lower is better): 12 in
 * (10.5, 12] is D, 10 in (9.5, 10] is B; Z is not in the data. */
START_TEST(neighbour_values)
{
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, ind, A, NULL, &r), FP_OK);
    fp_assess_neighbour *v;
    size_t n;
    ck_assert_int_eq(fp_assess_neighbour_values(c, ind, A, &r, &v, &n), FP_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(v[0].area, B);
    ck_assert_double_eq(v[0].ci.value, 12);
    ck_assert_int_eq(v[0].cmp_england, FP_CMP_NOT_COMPARED);
    ck_assert_int_eq(v[0].band, 'D');
    ck_assert_uint_eq(v[1].area, C);
    ck_assert_double_eq(v[1].ci.value, 10);
    ck_assert_int_eq(v[1].band, 'B');
    ck_assert_uint_eq(v[2].area, FP_ASSESS_NONE);
    ck_assert(isnan(v[2].ci.value));
    ck_assert_int_eq(v[2].cmp_england, FP_CMP_NOT_COMPARED);
    ck_assert_int_eq(v[2].band, 0);
    fp_assess_neighbour_values_free(v);
    /* An area without a neighbour list has none; bad arguments are refused. */
    fp_assessment rb;
    ck_assert_int_eq(fp_assess(c, ind, B, NULL, &rb), FP_OK);
    ck_assert_int_eq(fp_assess_neighbour_values(c, ind, B, &rb, &v, &n), FP_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(fp_assess_neighbour_values(c, ind, A, NULL, &v, &n), FP_EINVAL);
    fp_assess_context_free(c);
}
END_TEST

/* fp_assess_inequality and the assessment's inequality step on England's
 * ten deciles of PHEindicatormethods' own SII test data (case LE_CL,
 * area1: tests/ref/sii/sii_input.csv, life expectancy with 95% limits, a
 * normal value type). Expected: tests/ref/sii/sii_expected.csv, phe_sii
 * (commit 093fd288) after set.seed(1), 100,000 draws (make_ref.R), 1e-9
 * relative: the same seed gives R's own draws. */
START_TEST(inequality_breakdown)
{
    static const double pop[10] = { 7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534 };
    static const double val[10] = { 75.9334590103081, 78.3442382727843, 83.8360631041654,
        83.6375399664931, 80.4655031529559, 81.1156759857022, 81.6930835718562,
        84.1900062060987, 80.5955641081472, 86.2894349578624 };
    static const double lo[10] = { 72.7220530546453, 75.2509802190802, 80.8697295124759,
        80.157578356036, 77.1308785969275, 78.0499986811178, 79.011578491948,
        81.4457282769343, 75.827185168894, 83.2190593454592 };
    static const double hi[10] = { 79.1448649659708, 81.4374963264884, 86.8023966958549,
        87.1175015769501, 83.8001277089842, 84.1813532902866, 84.3745886517644,
        86.9342841352631, 85.3639430474004, 89.3598105702656 };
    fp_ineq_group g;
    memset(&g, 0, sizeof g);
    g.n = 10;
    g.type = "deprivation deciles";
    size_t le;
    ck_assert_int_eq(fp_dataset_indicator(ds, "LE", &le), FP_OK);
    g.indicator = le;
    fp_indicator meta;
    memset(&meta, 0, sizeof meta);
    meta.unit = FP_UNIT_OTHER;
    for (int i = 0; i < 10; i++) {
        char code[40];
        snprintf(code, sizeof code, "LE/deprivation deciles: decile %d", i + 1);
        ck_assert_int_eq(fp_dataset_indicator(ds, code, &g.quantile[i]), FP_OK);
        ck_assert_int_eq(fp_dataset_indicator_set(ds, g.quantile[i], &meta), FP_OK);
        fp_obs o;
        fp_obs_extra x;
        memset(&o, 0, sizeof o);
        memset(&x, 0, sizeof x);
        o.indicator = (uint32_t)g.quantile[i];
        o.area = (uint32_t)eng;
        o.period = (uint32_t)p[4];
        o.value = val[i];
        o.flags = FP_OBS_CI95 | FP_OBS_DENOMINATOR;
        x.lower95 = lo[i];
        x.upper95 = hi[i];
        x.denominator = pop[i];
        x.numerator = NAN;
        ck_assert_int_eq(fp_dataset_add_obs_extra(ds, &o, &x), FP_OK);
    }
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = (uint32_t)le;
    o.area = (uint32_t)eng;
    o.period = (uint32_t)p[4];
    o.value = 80;
    ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);

    fp_sii_options so;
    fp_sii_options_init(&so);
    fp_ineq_result res;
    ck_assert_int_eq(fp_assess_inequality(ds, &g, eng, p[4], &so, &res), FP_OK);
    ck_assert_int_eq(res.status, FP_OK);
    ck_assert_int_eq(res.value_type, FP_SII_NORMAL);
    ck_assert_rel(res.sii.sii, 6.9346164736688163, 1e-9);
    ck_assert_rel(res.sii.rii, 1.0888180804446215, 1e-9);
    ck_assert_rel(res.sii.sii_lower[0], 3.1026266247229444, 1e-9);
    ck_assert_rel(res.sii.sii_upper[0], 10.771816877933681, 1e-9);
    ck_assert_rel(res.sii.sii_lower[1], 0.86788406855729505, 1e-9);
    ck_assert_rel(res.sii.sii_upper[1], 12.960293623171736, 1e-9);
    ck_assert_rel(res.sii.rii_lower[0], 1.0388699019864536, 1e-9);
    ck_assert_rel(res.sii.rii_upper[0], 1.1413013965035583, 1e-9);

    /* Through the assessment: the same result for England's row. */
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, nb, &c), FP_OK);
    fp_assess_options ao;
    fp_assess_options_default(&ao);
    ao.inequality = &g;
    ao.n_inequality = 1;
    fp_assessment r;
    ck_assert_int_eq(fp_assess(c, le, eng, &ao, &r), FP_OK);
    ck_assert_int_eq(r.has_inequality, 1);
    ck_assert_int_eq(r.inequality.status, FP_OK);
    ck_assert_double_eq(r.inequality.sii.sii, res.sii.sii);
    ck_assert_ptr_eq(r.inequality.group, &g);
    /* An area with no deciles: nothing; a missing decile: the reason. */
    ck_assert_int_eq(fp_assess_inequality(ds, &g, A, p[4], &so, &res), FP_ENODATA);
    ck_assert_int_eq(fp_assess(c, le, A, &ao, &r), FP_OK);
    ck_assert_int_eq(r.has_inequality, 0);
    size_t keep = g.quantile[9];
    g.quantile[9] = FP_ASSESS_NONE;
    ck_assert_int_eq(fp_assess_inequality(ds, &g, eng, p[4], &so, &res), FP_OK);
    ck_assert_int_eq(res.status, FP_ENODATA);
    ck_assert_str_eq(res.reason, "9 of 10 quantiles have a value");
    g.quantile[9] = keep;
    /* Bad arguments. */
    ck_assert_int_eq(fp_assess_inequality(NULL, &g, eng, p[4], &so, &res), FP_EINVAL);
    ck_assert_int_eq(fp_assess_inequality(ds, &g, ds->n_areas, p[4], &so, &res), FP_EINVAL);
    g.n = 0;
    ck_assert_int_eq(fp_assess_inequality(ds, &g, eng, p[4], &so, &res), FP_EINVAL);
    fp_assess_context_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("assess");
    TCase *tc = tcase_create("assess");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, period_rule_and_comparators);
    tcase_add_test(tc, requested_period_and_no_rank);
    tcase_add_test(tc, trend_rule_and_target);
    tcase_add_test(tc, derived_counts);
    tcase_add_test(tc, modelled_and_plausibility);
    tcase_add_test(tc, breaks_and_goals);
    tcase_add_test(tc, neighbour_values);
    tcase_add_test(tc, notes_overflow_counted);
    tcase_add_test(tc, inequality_breakdown);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
