/* test_derive.c -- fpc_derive_counts (cli/derive.c): counts derived from a
 * count indicator in the same dataset, every branch. The dataset is built in
 * memory from LAIT 2025 figures (datasets/lait_scorecard.csv): Sefton LAC 92
 * per 10,000 with LACnum 506; Wirral LAC 103 with LACnum 681;
 * CareLeaversNEET 41 % with NoCareLeavers 168 for Sefton.
 * Expected values by hand (Python 3):
 *   506 * 10000 / 92   = 55000.0
 *   681 * 10000 / 103  = 66116.50485436893   (repr(681 * 10000 / 103))
 *   41 * 168 / 100     = 68.88               (repr(41 * 168 / 100)) */
#include "fp_check.h"
#include "cli.h"

#include <math.h>
#include <string.h>

static fp_dataset *ds;
static size_t sefton, wirral, knowsley, p2025;

static void add(const char *ind, size_t area, double value, int missing)
{
    size_t i;
    ck_assert_int_eq(fp_dataset_indicator(ds, ind, &i), FP_OK);
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = (uint32_t)i;
    o.area = (uint32_t)area;
    o.period = (uint32_t)p2025;
    o.missing = missing ? FP_MISSING_SUPPRESSED : FP_MISSING_NONE;
    o.value = value;
    ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
}

static void setup(void)
{
    ds = fp_dataset_alloc();
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(fp_dataset_area(ds, "E08000014", "Sefton", FP_AREA_LA, NULL, "343", &sefton), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "E08000015", "Wirral", FP_AREA_LA, NULL, "344", &wirral), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "E08000011", "Knowsley", FP_AREA_LA, NULL, "340", &knowsley), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2025", &p2025), FP_OK);
    add("LAC", sefton, 92, 0);
    add("LACnum", sefton, 506, 0);
    add("LAC", wirral, 103, 0);
    add("LACnum", wirral, 681, 0);
    add("LAC", knowsley, 0, 0);
    add("LACnum", knowsley, 0, 0);
    add("CareLeaversNEET", sefton, 41, 0);
    add("NoCareLeavers", sefton, 168, 0);
    add("NoCareLeavers", wirral, 0, 0);
    add("NoCareLeavers", knowsley, 0, 1);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
}

static void teardown(void)
{
    fp_dataset_free(ds);
}

START_TEST(denominator_from_count)
{
    double num, den;
    char note[200];
    ck_assert_int_eq(fpc_derive_counts(ds, "LACnum", NULL, sefton, p2025, 92, 10000, &num, &den,
                                       note, sizeof note), FPC_DERIVE_DENOMINATOR);
    ck_assert_rel(num, 506, 1e-15);
    ck_assert_rel(den, 55000.0, 1e-12);
    ck_assert_str_eq(note, "LACnum = 506; derived denominator 55000");
    ck_assert_int_eq(fpc_derive_counts(ds, "LACnum", "", wirral, p2025, 103, 10000, &num, &den,
                                       NULL, 0), FPC_DERIVE_DENOMINATOR);
    ck_assert_rel(den, 66116.50485436893, 1e-12);
}
END_TEST

START_TEST(numerator_from_denominator)
{
    double num, den;
    char note[200];
    ck_assert_int_eq(fpc_derive_counts(ds, "", "NoCareLeavers", sefton, p2025, 41, 100, &num,
                                       &den, note, sizeof note), FPC_DERIVE_NUMERATOR);
    ck_assert_rel(den, 168, 1e-15);
    ck_assert_rel(num, 68.88, 1e-12);
    ck_assert_str_eq(note, "NoCareLeavers = 168; derived numerator 68.9");
}
END_TEST

START_TEST(failures)
{
    double num, den;
    char note[200];
    /* NaN value. */
    ck_assert_int_eq(fpc_derive_counts(ds, "LACnum", NULL, sefton, p2025, NAN, 10000, &num, &den,
                                       note, sizeof note), FPC_DERIVE_NO_VALUE);
    ck_assert(isnan(num) && isnan(den));
    /* Value 0 with a count: stops, even with a denominator indicator. */
    ck_assert_int_eq(fpc_derive_counts(ds, "LACnum", "NoCareLeavers", knowsley, p2025, 0, 10000,
                                       &num, &den, note, sizeof note), FPC_DERIVE_ZERO_VALUE);
    ck_assert_str_eq(note, "value 0: denominator cannot be derived");
    ck_assert(isnan(num) && isnan(den));
    /* No codes; a code not in the data. */
    ck_assert_int_eq(fpc_derive_counts(ds, NULL, "", sefton, p2025, 92, 10000, &num, &den,
                                       note, sizeof note), FPC_DERIVE_NO_PARTNER);
    ck_assert_str_eq(note, "no count indicator given");
    ck_assert_int_eq(fpc_derive_counts(ds, "Nope", NULL, sefton, p2025, 92, 10000, &num, &den,
                                       note, sizeof note), FPC_DERIVE_NO_PARTNER);
    ck_assert_str_eq(note, "count indicator Nope not in the data");
    /* The count indicator has no observation for the area. */
    ck_assert_int_eq(fpc_derive_counts(ds, "CareLeaversNEET", NULL, wirral, p2025, 5, 100, &num,
                                       &den, note, sizeof note), FPC_DERIVE_NO_PARTNER_VALUE);
    ck_assert_str_eq(note, "no value of CareLeaversNEET for this area and period");
    /* A zero or missing denominator gives nothing. */
    ck_assert_int_eq(fpc_derive_counts(ds, NULL, "NoCareLeavers", wirral, p2025, 5, 100, &num,
                                       &den, note, sizeof note), FPC_DERIVE_NO_PARTNER_VALUE);
    ck_assert_int_eq(fpc_derive_counts(ds, NULL, "NoCareLeavers", knowsley, p2025, 5, 100, &num,
                                       &den, note, sizeof note), FPC_DERIVE_NO_PARTNER_VALUE);
    ck_assert_str_eq(note, "no positive value of NoCareLeavers for this area and period");
    ck_assert(isnan(num) && isnan(den));
}
END_TEST

START_TEST(fallback_and_multiplier)
{
    double num, den;
    /* A negative value gives no denominator from the count: the denominator
     * indicator is used instead (as the report always did). */
    ck_assert_int_eq(fpc_derive_counts(ds, "LACnum", "NoCareLeavers", sefton, p2025, -1, 100,
                                       &num, &den, NULL, 0), FPC_DERIVE_NUMERATOR);
    ck_assert_rel(num, -1.68, 1e-12);
    /* Multiplier <= 0 means 1: 506 / 92. */
    ck_assert_int_eq(fpc_derive_counts(ds, "LACnum", NULL, sefton, p2025, 92, 0, &num, &den,
                                       NULL, 0), FPC_DERIVE_DENOMINATOR);
    ck_assert_rel(den, 506.0 / 92.0, 1e-15);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("derive");
    TCase *tc = tcase_create("derive");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, denominator_from_count);
    tcase_add_test(tc, numerator_from_denominator);
    tcase_add_test(tc, failures);
    tcase_add_test(tc, fallback_and_multiplier);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
