/* test_calendar.c -- periods that know their calendar and projections that
 * stay within their bounds (issue 18, item 6).
 *
 *  - A target due 2026-07 on academic-year data (the latest 2024/25) is
 *    judged against 2025/26: an academic year runs September to August, so
 *    July 2026 falls in 2025/26 (the report said "2026/27 (projected)", the
 *    financial-year rule). The same date on financial-year data (April to
 *    March) is 2026/27. By hand from the calendars.
 *  - A falling percentage projected on the logit scale stays above 0: R's
 *    predict(lm(qlogis(y / 100) ~ t), interval = "prediction") taken back by
 *    100 * plogis() (tests/ref/projection/logit_projection.R, R 4.x) gives
 *    4.8584488285606877 (3.4298924843697747 to 6.8398590975008) where a
 *    straight line gives -4.3238095238095298 (-7.06 to -1.58). A proportion
 *    (bound 1): 0.98956260267411777 (0.97907183427140454 to
 *    0.99482241974183738). Relative tolerance 1e-10.
 *  - A due date out of range (year 99999999999999 read as 276447231) is not
 *    assessed and says so. */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <string.h>

START_TEST(academic_year_target)
{
    fp_dataset *ds = fp_dataset_alloc();
    size_t eng, a, ind, per[5];
    ck_assert_int_eq(fp_dataset_area(ds, "E92000001", "England", FP_AREA_COUNTRY, NULL, NULL,
                                     &eng), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "E08000014", "Sefton", FP_AREA_LA, "North West", "343",
                                     &a), FP_OK);
    static const char *const labels[5] = { "2020/21", "2021/22", "2022/23", "2023/24",
                                           "2024/25" };
    for (int k = 0; k < 5; k++) ck_assert_int_eq(fp_dataset_period(ds, labels[k], &per[k]), FP_OK);
    ck_assert_int_eq(fp_dataset_indicator(ds, "KS2", &ind), FP_OK);
    fp_indicator meta;
    memset(&meta, 0, sizeof meta);
    meta.unit = FP_UNIT_PERCENT;
    meta.multiplier = 100;
    meta.polarity = FP_POLARITY_HIGH;
    meta.dps = 1;
    meta.year_start = 9;                      /* academic years */
    ck_assert_int_eq(fp_dataset_indicator_set(ds, ind, &meta), FP_OK);
    ck_assert_int_eq(ds->indicators[ind].year_start, 9);
    /* year_start 0 leaves it unchanged. */
    meta.year_start = 0;
    ck_assert_int_eq(fp_dataset_indicator_set(ds, ind, &meta), FP_OK);
    ck_assert_int_eq(ds->indicators[ind].year_start, 9);
    static const double v[5] = { 50, 52, 55, 57, 60 };
    for (int k = 0; k < 5; k++) {
        fp_obs o;
        memset(&o, 0, sizeof o);
        o.indicator = (uint32_t)ind;
        o.period = (uint32_t)per[k];
        o.value = v[k];
        o.area = (uint32_t)a;
        ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
        o.area = (uint32_t)eng;
        o.value = 62;
        ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    }
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    fp_assess_context *c;
    ck_assert_int_eq(fp_assess_context_alloc(ds, NULL, &c), FP_OK);

    fp_goal g;
    memset(&g, 0, sizeof g);
    ck_assert_int_eq(fp_target_parse("65", &g.target), FP_OK);
    g.target.baseline = NAN;
    g.due_year = 2026;
    g.due_month = 7;
    fp_goal_verdict vd;
    ck_assert_int_eq(fp_assess_goal(c, ind, a, &g, &vd), FP_OK);
    char due[40];
    ck_assert_int_eq(fp_period_format(&vd.due, due, sizeof due), FP_OK);
    ck_assert_str_eq(due, "2025/26");
    ck_assert_ptr_nonnull(strstr(vd.note, "due 2025/26"));
    /* September 2026 starts 2026/27. */
    g.due_month = 9;
    ck_assert_int_eq(fp_assess_goal(c, ind, a, &g, &vd), FP_OK);
    ck_assert_int_eq(fp_period_format(&vd.due, due, sizeof due), FP_OK);
    ck_assert_str_eq(due, "2026/27");
    /* Due within the data: July 2025 is 2024/25 (met or missed on 60). */
    g.due_year = 2025;
    g.due_month = 7;
    ck_assert_int_eq(fp_assess_goal(c, ind, a, &g, &vd), FP_OK);
    ck_assert_int_eq(fp_period_format(&vd.due, due, sizeof due), FP_OK);
    ck_assert_str_eq(due, "2024/25");
    ck_assert_int_eq(vd.status, FP_GOAL_MISSED);
    ck_assert_rel(vd.value, 60, 1e-15);

    /* The calendar rule itself: financial years put July 2026 in 2026/27. */
    fp_period like, out;
    ck_assert_int_eq(fp_period_parse("2024/25", &like), FP_OK);
    ck_assert_int_eq(fp_period_of_month_cal(&like, 4, 2026, 7, &out), FP_OK);
    ck_assert_int_eq(out.year, 2026);
    ck_assert_int_eq(fp_period_of_month_cal(&like, 9, 2026, 7, &out), FP_OK);
    ck_assert_int_eq(out.year, 2025);
    ck_assert_int_eq(fp_period_of_month(&like, 2026, 3, &out), FP_OK);   /* April-March */
    ck_assert_int_eq(out.year, 2025);

    /* Out of range: not assessed, with the reason. */
    g.due_year = 276447231;
    ck_assert_int_eq(fp_assess_goal(c, ind, a, &g, &vd), FP_OK);
    ck_assert_int_eq(vd.status, FP_GOAL_NOT_ASSESSED);
    ck_assert_ptr_nonnull(strstr(vd.note, "out of range"));

    fp_assess_context_free(c);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(bounded_projection)
{
    double t[6] = { 1, 2, 3, 4, 5, 6 }, y[6] = { 40, 33, 27, 20, 14, 9 };
    fp_trend_series s = { 6, t, y, NULL, NULL, NULL, NULL };
    fp_trend_options o;
    fp_trend_options_default(&o);
    fp_projection p;
    /* A straight line goes below 0 (R: -4.3238095238095298). */
    ck_assert_int_eq(fp_trend_project(&s, FP_PROJECT_LINEAR, 8, NAN, FP_POLARITY_NONE, &o, &p),
                     FP_OK);
    ck_assert_rel(p.fit, -4.3238095238095298, 1e-10);
    /* On the logit scale it stays within 0-100 (R, logit_projection.R). */
    ck_assert_int_eq(fp_trend_project(&s, FP_PROJECT_LOGIT, 8, NAN, FP_POLARITY_NONE, &o, &p),
                     FP_OK);
    ck_assert_rel(p.fit, 4.8584488285606877, 1e-10);
    ck_assert_rel(p.lower, 3.4298924843697747, 1e-10);
    ck_assert_rel(p.upper, 6.8398590975008, 1e-10);
    /* A proportion (bound 1). */
    double t2[5] = { 1, 2, 3, 4, 5 }, y2[5] = { 0.90, 0.93, 0.95, 0.96, 0.98 };
    fp_trend_series s2 = { 5, t2, y2, NULL, NULL, NULL, NULL };
    o.bound = 1;
    ck_assert_int_eq(fp_trend_project(&s2, FP_PROJECT_LOGIT, 7, NAN, FP_POLARITY_NONE, &o, &p),
                     FP_OK);
    ck_assert_rel(p.fit, 0.98956260267411777, 1e-10);
    ck_assert_rel(p.lower, 0.97907183427140454, 1e-10);
    ck_assert_rel(p.upper, 0.99482241974183738, 1e-10);
    ck_assert(p.upper < 1);
    /* A value outside the bound cannot be fitted. */
    y2[4] = 1.2;
    ck_assert_int_eq(fp_trend_project(&s2, FP_PROJECT_LOGIT, 7, NAN, FP_POLARITY_NONE, &o, &p),
                     FP_OK);
    ck_assert_int_eq(p.reason, FP_TREND_REASON_OUT_OF_BOUNDS);
    /* The model an indicator gets: a percentage's straight line is logit. */
    fp_indicator I;
    memset(&I, 0, sizeof I);
    I.unit = FP_UNIT_PERCENT;
    fp_trend_options_default(&o);
    ck_assert_int_eq(fp_assess_projection_model(&I, FP_PROJECT_LINEAR, &o), FP_PROJECT_LOGIT);
    ck_assert_rel(o.bound, 100, 0);
    I.unit = FP_UNIT_RATE;
    ck_assert_int_eq(fp_assess_projection_model(&I, FP_PROJECT_LINEAR, &o), FP_PROJECT_LINEAR);
    I.unit = FP_UNIT_PROPORTION;
    ck_assert_int_eq(fp_assess_projection_model(&I, FP_PROJECT_LOGLINEAR, &o),
                     FP_PROJECT_LOGLINEAR);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("calendar");
    tcase_add_test(tc, academic_year_target);
    tcase_add_test(tc, bounded_projection);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
