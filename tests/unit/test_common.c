/* test_common.c -- status strings, the version and display rounding.
 * Expected roundings are Excel's ROUND (half away from zero), the rule
 * Fingertips and LAIT display with; e.g. ROUND(2.675, 2) = 2.68. */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The version is written once (fingerpost/version.h): the string, the number
 * and the run-time functions are made from the three parts; CMake's project
 * version (FP_TEST_PROJECT_VERSION, passed by tests/CMakeLists.txt) is read
 * from the same lines; and the man page's .TH line names the same version. */
START_TEST(version_macros)
{
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", FP_VERSION_MAJOR, FP_VERSION_MINOR, FP_VERSION_PATCH);
    ck_assert_str_eq(FP_VERSION_STRING, want);
    ck_assert_str_eq(FP_VERSION_STRING, FP_TEST_PROJECT_VERSION);
    ck_assert_int_eq(FP_VERSION_NUMBER,
                     FP_VERSION_MAJOR * 10000 + FP_VERSION_MINOR * 100 + FP_VERSION_PATCH);
    ck_assert_int_lt(FP_VERSION_MINOR, 100);
    ck_assert_int_lt(FP_VERSION_PATCH, 100);
    ck_assert_str_eq(fp_version(), FP_VERSION_STRING);
    ck_assert_int_eq(fp_version_number(), FP_VERSION_NUMBER);
#if FP_VERSION_NUMBER < 200
#error "FP_VERSION_NUMBER must be usable in #if and at least 0.2.0"
#endif
    /* The man page: .TH FINGERPOST 1 "DATE" "fingerpost X.Y.Z" ... */
    FILE *f = fopen(fp_check_src("docs/fingerpost.1"), "r");
    ck_assert_ptr_nonnull(f);
    char line[256] = "";
    while (fgets(line, sizeof line, f) && strncmp(line, ".TH ", 4) != 0) {
    }
    fclose(f);
    snprintf(want, sizeof want, "\"fingerpost %s\"", FP_VERSION_STRING);
    ck_assert_msg(strstr(line, want) != NULL, "docs/fingerpost.1 .TH line %s lacks %s", line, want);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, round_half_away);
    tcase_add_test(tc, strerror_all);
    tcase_add_test(tc, version_macros);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
