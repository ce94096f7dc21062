/* test_lifetable.c -- life expectancy (fingerpost/lifetable.h) against
 * PHEindicatormethods' own test answers (tests/testthat/testLifeExpectancy.R
 * at commit 093fd288: answer1, the life expectancies and 95% limits of its
 * table df1, given there to 8-10 significant digits), the package's rules
 * for small numbers, and every error path. The full comparison with the
 * package's function on 28 tables is tests/cli/test_rates_le.sh. */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <stdlib.h>

static const double AGES[20] = { 0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70,
                                 75, 80, 85, 90 };
static const double POPS[20] = { 7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435,
                                 55601, 50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306,
                                 11936, 11936 };
static const double DEATHS[20] = { 17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536,
                                   872, 1390, 1605, 1936, 1937 };

/* testLifeExpectancy.R, answer1 (value, lowercl, uppercl at 95%). */
static const double WANT[20][3] = {
    { 80.16960813, 79.88268548, 80.45653078 }, { 79.36245674, 79.0898816, 79.63503188 },
    { 75.44193645, 75.17407307, 75.70979983 }, { 70.47299936, 70.20675732, 70.7392414 },
    { 65.52909542, 65.26548673, 65.79270412 }, { 60.67510088, 60.41876577, 60.931436 },
    { 55.78835987, 55.53801579, 56.03870395 }, { 50.92752727, 50.68279939, 51.17225516 },
    { 46.06740425, 45.82666794, 46.30814055 }, { 41.24505636, 41.00842831, 41.48168441 },
    { 36.49322717, 36.26223216, 36.72422219 }, { 31.83343842, 31.60996318, 32.05691365 },
    { 27.26027992, 27.04337271, 27.47718713 }, { 22.9719144, 22.76653134, 23.17729746 },
    { 18.76856852, 18.57570352, 18.96143352 }, { 14.95858336, 14.77985004, 15.13731667 },
    { 11.51684445, 11.34831778, 11.68537112 }, { 8.618849241, 8.451134045, 8.786564437 },
    { 6.163942934, 5.978358351, 6.349527517 }, { 6.16210635, 5.887683386, 6.436529314 },
};

START_TEST(package_answer)
{
    fp_le_row r[20];
    fp_le_reason why;
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, POPS, 20, 0.95, r, &why), FP_OK);
    ck_assert_int_eq(why, FP_LE_OK);
    for (int i = 0; i < 20; i++) {
        /* answer1 holds the values to 8-10 significant digits; its limits
         * were made with z = 1.96 (OHID's Excel calculator) where the
         * package uses 1.959964, 0.000036 x SE apart (< 1e-6 relative). */
        ck_assert_rel(r[i].value, WANT[i][0], 1e-9);
        ck_assert_rel(r[i].lower, WANT[i][1], 1e-6);
        ck_assert_rel(r[i].upper, WANT[i][2], 1e-6);
        ck_assert_int_eq(r[i].reason, FP_LE_OK);
    }
    ck_assert_double_eq(r[0].pops_used, 787954);
    ck_assert_double_eq(r[0].deaths_used, 9357);
    ck_assert_double_eq(r[19].pops_used, 11936);
    ck_assert_int_eq(fp_le_bands_standard(AGES, 20), 1);
    ck_assert_int_eq(fp_le_bands_standard(AGES, 19), 0);
}
END_TEST

START_TEST(rules)
{
    double d[20], p[20];
    fp_le_row r[20];
    fp_le_reason why;
    struct { int band; double dv, pv; fp_le_reason want; } cases[] = {
        { 3, -1, 48489, FP_LE_NEGATIVE_DEATHS },
        { 5, 15, 0, FP_LE_NONPOSITIVE_POP },
        { 18, 20000, 11936, FP_LE_DEATHS_ABOVE_POP },
        { 19, 0, 11936, FP_LE_NO_DEATHS_LAST },
        { 2, NAN, 46974, FP_LE_MISSING },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        for (int i = 0; i < 20; i++) { d[i] = DEATHS[i]; p[i] = POPS[i]; }
        d[cases[k].band] = cases[k].dv;
        p[cases[k].band] = cases[k].pv;
        ck_assert_int_eq(fp_life_expectancy(AGES, d, p, 20, 0.95, r, &why), FP_OK);
        ck_assert_int_eq(why, cases[k].want);
        ck_assert(isnan(r[0].value) && isnan(r[0].lower) && isnan(r[10].upper));
        ck_assert_int_eq(r[7].reason, cases[k].want);
    }
    /* Total population exactly 5,000: no table; 5,001: a table. */
    for (int i = 0; i < 20; i++) { p[i] = 250; d[i] = 2; }
    ck_assert_int_eq(fp_life_expectancy(AGES, d, p, 20, 0.95, r, &why), FP_OK);
    ck_assert_int_eq(why, FP_LE_SMALL_POPULATION);
    p[0] = 251;
    ck_assert_int_eq(fp_life_expectancy(AGES, d, p, 20, 0.95, r, &why), FP_OK);
    ck_assert_int_eq(why, FP_LE_OK);
    /* A table this small has intervals wider than 20 years at old ages:
     * the value is withheld there, its limits kept. */
    int withheld = 0;
    for (int i = 0; i < 20; i++)
        if (r[i].reason == FP_LE_ROW_CI_OVER_20) {
            withheld++;
            ck_assert(isnan(r[i].value));
            ck_assert(isfinite(r[i].lower) && isfinite(r[i].upper));
            ck_assert(1.959963984540054 * r[i].se > 10.0);
        }
    ck_assert_int_gt(withheld, 0);
    ck_assert_str_eq(fp_le_reason_text(FP_LE_SMALL_POPULATION), "total population of 5,000 or less");
    ck_assert_str_eq(fp_le_reason_text(FP_LE_OK), "");
    ck_assert_str_eq(fp_le_reason_text((fp_le_reason)99), "unknown");
}
END_TEST

START_TEST(errors)
{
    fp_le_row r[20];
    fp_le_reason why;
    double bad[20];
    for (int i = 0; i < 20; i++) bad[i] = AGES[i];
    ck_assert_int_eq(fp_life_expectancy(NULL, DEATHS, POPS, 20, 0.95, r, &why), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, NULL, POPS, 20, 0.95, r, &why), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, NULL, 20, 0.95, r, &why), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, POPS, 20, 0.95, NULL, &why), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, POPS, 20, 0.95, r, NULL), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, POPS, 1, 0.95, r, &why), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, POPS, 20, 1.0, r, &why), FP_EINVAL);
    ck_assert_int_eq(fp_life_expectancy(AGES, DEATHS, POPS, 20, 0.0, r, &why), FP_EINVAL);
    bad[0] = 1;
    ck_assert_int_eq(fp_life_expectancy(bad, DEATHS, POPS, 20, 0.95, r, &why), FP_EINVAL);
    bad[0] = 0; bad[5] = bad[4];
    ck_assert_int_eq(fp_life_expectancy(bad, DEATHS, POPS, 20, 0.95, r, &why), FP_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lifetable");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, package_answer);
    tcase_add_test(tc, rules);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
