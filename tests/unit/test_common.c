/* test_common.c -- status strings and display rounding.
 * Expected roundings are Excel's ROUND (half away from zero), the rule
 * Fingertips and LAIT display with; e.g. ROUND(2.675, 2) = 2.68. */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <string.h>

START_TEST(round_half_away)
{
    ck_assert_rel(fp_round_half_away(2.675, 2), 2.68, 1e-15);
    ck_assert_rel(fp_round_half_away(-2.5, 0), -3.0, 1e-15);
    ck_assert_rel(fp_round_half_away(2.5, 0), 3.0, 1e-15);
    ck_assert_rel(fp_round_half_away(0.125, 2), 0.13, 1e-15);
    ck_assert_rel(fp_round_half_away(1234.5, -1), 1230.0, 1e-15);
    ck_assert_rel(fp_round_half_away(85.04999, 1), 85.0, 1e-15);
    ck_assert(isnan(fp_round_half_away(NAN, 1)));
}
END_TEST

START_TEST(strerror_all)
{
    for (int s = 0; s < 12; s++) ck_assert_ptr_nonnull(fp_strerror(s));
    ck_assert_str_eq(fp_strerror(999), "unknown error");
    ck_assert_str_eq(fp_version(), FP_VERSION_STRING);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, round_half_away);
    tcase_add_test(tc, strerror_all);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
