/* test_period.c -- period labels as published by DfE LAIT (bds_long.csv uses
 * "2016", "2016-17", "2016/17", "2014-16", "2013/14-15/16", "2016-17 (OT)",
 * "2018 (Rev)", "2025 (prov)") and OHID Fingertips ("2016/17", "2014 - 16",
 * quarters "2016/17 Q1"), parsed, ordered, stepped and formatted. */
#include "fp_check.h"
#include "fingerpost.h"

#include <string.h>

static fp_period P(const char *s)
{
    fp_period p;
    ck_assert_msg(fp_period_parse(s, &p) == FP_OK, "cannot parse '%s'", s);
    return p;
}

static void check(const char *label, fp_period_kind kind, int year, int span, int sub,
                  int variant, const char *canon)
{
    fp_period p = P(label);
    char buf[32];
    ck_assert_msg(p.kind == kind, "%s: kind %d want %d", label, p.kind, kind);
    ck_assert_msg(p.year == year, "%s: year %d want %d", label, p.year, year);
    ck_assert_msg(p.span == span, "%s: span %d want %d", label, p.span, span);
    ck_assert_msg(p.sub == sub, "%s: sub %d want %d", label, p.sub, sub);
    ck_assert_msg(p.variant == variant, "%s: variant %d want %d", label, p.variant, variant);
    ck_assert_int_eq(fp_period_format(&p, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, canon);
}

START_TEST(parse_forms)
{
    check("2016", FP_PERIOD_YEAR, 2016, 1, 0, 0, "2016");
    check(" 2016 ", FP_PERIOD_YEAR, 2016, 1, 0, 0, "2016");
    check("2016/17", FP_PERIOD_SPLIT, 2016, 1, 0, 0, "2016/17");
    check("2016-17", FP_PERIOD_SPLIT, 2016, 1, 0, 0, "2016/17");
    check("201617", FP_PERIOD_SPLIT, 2016, 1, 0, 0, "2016/17");
    check("2016/2017", FP_PERIOD_SPLIT, 2016, 1, 0, 0, "2016/17");
    check("1999/00", FP_PERIOD_SPLIT, 1999, 1, 0, 0, "1999/00");
    check("2016-17 (OT)", FP_PERIOD_SPLIT, 2016, 1, 0, 1, "2016/17");
    check("2018 (Rev)", FP_PERIOD_YEAR, 2018, 1, 0, 2, "2018");
    check("2020 (Final)", FP_PERIOD_YEAR, 2020, 1, 0, 3, "2020");
    check("2025 (prov)", FP_PERIOD_YEAR, 2025, 1, 0, 4, "2025");
    check("2025 (something)", FP_PERIOD_YEAR, 2025, 1, 0, 99, "2025");
    check("2014-16", FP_PERIOD_SPAN, 2014, 3, 0, 0, "2014-16");
    check("2014 - 16", FP_PERIOD_SPAN, 2014, 3, 0, 0, "2014-16");
    check("2014 - 2016", FP_PERIOD_SPAN, 2014, 3, 0, 0, "2014-16");
    check("2014 to 2016", FP_PERIOD_SPAN, 2014, 3, 0, 0, "2014-16");
    check("2013/14-15/16", FP_PERIOD_SPAN, 2013, 3, 1, 0, "2013/14-15/16");
    check("2016 Q1", FP_PERIOD_QUARTER, 2016, 0, 1, 0, "2016 Q1");
    check("2016Q3", FP_PERIOD_QUARTER, 2016, 0, 3, 0, "2016 Q3");
    check("Q4 2016", FP_PERIOD_QUARTER, 2016, 0, 4, 0, "2016 Q4");
    /* Financial quarters: 2016/17 Q1 is April-June 2016, Q4 is Jan-Mar 2017. */
    check("2016/17 Q1", FP_PERIOD_QUARTER, 2016, 0, 2, 0, "2016 Q2");
    check("2016/17 Q4", FP_PERIOD_QUARTER, 2017, 0, 1, 0, "2017 Q1");
    check("2016-03", FP_PERIOD_MONTH, 2016, 0, 3, 0, "2016-03");
    check("Mar 2016", FP_PERIOD_MONTH, 2016, 0, 3, 0, "2016-03");
    check("September 2016", FP_PERIOD_MONTH, 2016, 0, 9, 0, "2016-09");
    check("Sept 2016", FP_PERIOD_MONTH, 2016, 0, 9, 0, "2016-09");
}
END_TEST

/* Month and quarter labels as spreadsheets and ONS/Eurostat write them.
 * Two-digit years follow POSIX strptime's %y: 69-99 -> 19xx, 00-68 -> 20xx
 * (The Open Group Base Specifications, strptime). "Apr-Jun 2019" is the
 * ONS labour-market form of 2019 Q2; "2019M06" Eurostat's monthly code. */
START_TEST(parse_spreadsheet_forms)
{
    check("Jun-19", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("jun 19", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("June-2019", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("Jun '19", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("Dec-99", FP_PERIOD_MONTH, 1999, 0, 12, 0, "1999-12");
    check("Jan-00", FP_PERIOD_MONTH, 2000, 0, 1, 0, "2000-01");
    check("Jan-68", FP_PERIOD_MONTH, 2068, 0, 1, 0, "2068-01");
    check("Jan-69", FP_PERIOD_MONTH, 1969, 0, 1, 0, "1969-01");
    check("Mar, 2016", FP_PERIOD_MONTH, 2016, 0, 3, 0, "2016-03");
    check("2019-06", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("2019-12", FP_PERIOD_MONTH, 2019, 0, 12, 0, "2019-12");
    check("2019M06", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("2019-M06", FP_PERIOD_MONTH, 2019, 0, 6, 0, "2019-06");
    check("2019 Q2", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("2019-Q2", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("Q2-2019", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("Q2 19", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("Apr-Jun 2019", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("Apr - Jun 2019", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("April to June 2019", FP_PERIOD_QUARTER, 2019, 0, 2, 0, "2019 Q2");
    check("Oct-Dec 18", FP_PERIOD_QUARTER, 2018, 0, 4, 0, "2018 Q4");
    /* The spans and split years these could be confused with are unchanged. */
    check("2019-20", FP_PERIOD_SPLIT, 2019, 1, 0, 0, "2019/20");
    check("2010-12", FP_PERIOD_SPAN, 2010, 3, 0, 0, "2010-12");
    fp_period p;
    const char *bad[] = { "Jun-1", "Jun-193", "Feb-Apr 2019", "Apr-Jul 2019", "2019M13",
                          "2019M6x", "Q2-1", "Jun-19x" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(fp_period_parse(bad[i], &p) == FP_EFORMAT, "'%s' parsed", bad[i]);
}
END_TEST

START_TEST(parse_errors)
{
    fp_period p;
    const char *bad[] = { "", "0", "16", "2016/18", "2016/15", "abc", "2016-17-18",
                          "Q5 2016", "Foo 2016", "2016 (", "2016)", "20161", "2016-",
                          "2016-17 junk", "12345678" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(fp_period_parse(bad[i], &p) == FP_EFORMAT, "'%s' parsed", bad[i]);
    ck_assert_int_eq(fp_period_parse(NULL, &p), FP_EINVAL);
}
END_TEST

/* Issue 22: labels of one period are equal; periods of different kinds
 * order by the time they cover (before: by kind, so any month came after
 * any quarter and "2020-05" was the latest of 2020 Q1, 2020-05, 2020 Q4). */
START_TEST(equivalent_and_mixed)
{
    fp_period a = P("2019/20"), b = P("2019-20"), c = P("201920");
    ck_assert_int_eq(fp_period_compare(&a, &b), 0);
    ck_assert_int_eq(fp_period_compare(&a, &c), 0);
    fp_period m1 = P("Jun-19"), m2 = P("2019-06"), m3 = P("June 2019"), m4 = P("2019M06");
    ck_assert_int_eq(fp_period_compare(&m1, &m2), 0);
    ck_assert_int_eq(fp_period_compare(&m1, &m3), 0);
    ck_assert_int_eq(fp_period_compare(&m1, &m4), 0);
    fp_period q1 = P("2020 Q1"), may = P("2020-05"), q4 = P("2020 Q4");
    ck_assert_int_lt(fp_period_compare(&q1, &may), 0);
    ck_assert_int_lt(fp_period_compare(&may, &q4), 0);
    ck_assert_int_gt(fp_period_compare(&q4, &may), 0);
    /* Ending together: the one starting later is later. */
    fp_period y = P("2020"), dec = P("2020-12");
    ck_assert_int_lt(fp_period_compare(&y, &q4), 0);
    ck_assert_int_lt(fp_period_compare(&q4, &dec), 0);
    /* A financial quarter is the calendar quarter it covers. */
    fp_period fq = P("2020/21 Q1"), cq = P("2020 Q2");
    ck_assert_int_eq(fp_period_compare(&fq, &cq), 0);
    /* Split years (April to March) after the calendar year they start in. */
    fp_period s = P("2020/21"), y21 = P("2021");
    ck_assert_int_gt(fp_period_compare(&s, &y), 0);
    ck_assert_int_lt(fp_period_compare(&s, &y21), 0);
}
END_TEST

START_TEST(order_and_next)
{
    fp_period a = P("2016"), b = P("2017"), c = P("2018 (Rev)");
    ck_assert_int_lt(fp_period_compare(&a, &b), 0);
    ck_assert_int_gt(fp_period_compare(&c, &b), 0);
    ck_assert_int_eq(fp_period_compare(&a, &a), 0);
    ck_assert(fp_period_is_next(&a, &b));
    ck_assert(fp_period_is_next(&b, &c));     /* a note does not break a series */
    ck_assert(!fp_period_is_next(&a, &c));    /* a gap */
    fp_period s1 = P("2016/17"), s2 = P("2017-18"), s3 = P("2016-17 (OT)");
    ck_assert(fp_period_is_next(&s1, &s2));
    ck_assert_int_ne(fp_period_compare(&s1, &s3), 0);  /* (OT) is a different period */
    fp_period r1 = P("2014-16"), r2 = P("2015-17"), r3 = P("2015-16");
    ck_assert(fp_period_is_next(&r1, &r2));
    ck_assert(!fp_period_is_next(&r1, &r3));  /* 2015-16 is a split year */
    fp_period q4 = P("2016 Q4"), q1 = P("2017 Q1");
    ck_assert(fp_period_is_next(&q4, &q1));
    ck_assert_int_eq(fp_period_index(&q1) - fp_period_index(&q4), 1);
    fp_period m12 = P("Dec 2016"), m1 = P("Jan 2017");
    ck_assert(fp_period_is_next(&m12, &m1));
    ck_assert(!fp_period_is_next(&a, &s1));   /* kinds differ */
    ck_assert_int_eq(fp_period_index(&s2) - fp_period_index(&s1), 1);
}
END_TEST

START_TEST(format_range)
{
    fp_period p = P("2016/17");
    char buf[4];
    ck_assert_int_eq(fp_period_format(&p, buf, sizeof buf), FP_ERANGE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("period");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, parse_forms);
    tcase_add_test(tc, parse_spreadsheet_forms);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, order_and_next);
    tcase_add_test(tc, equivalent_and_mixed);
    tcase_add_test(tc, format_range);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
