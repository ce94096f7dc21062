/* test_scale.c -- the scale limits of issue 14 as contracts: area lookups by
 * name stay correct (and hashed) with and without renames, and joinpoint
 * refuses a series over FP_JOINPOINT_MAX_POINTS with its own reason while
 * searching one of exactly that length. Timings live in bench/bench_scale.c;
 * here only results are checked (names and reasons are the documented ones,
 * stats/include/fingerpost/data.h and trend.h). */
#include "fp_check.h"
#include "fingerpost.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 20,000 areas known by name only: every one is found by its name, in any
 * case and with surrounding spaces; an unknown name is not found. */
START_TEST(names_only_lookup)
{
    fp_dataset *ds = fp_dataset_alloc();
    ck_assert_ptr_nonnull(ds);
    char name[64];
    for (size_t a = 0; a < 20000; a++) {
        snprintf(name, sizeof name, "Area %zu", a);
        size_t idx;
        ck_assert_int_eq(fp_dataset_find_area(ds, name, &idx), FP_ENOTFOUND);
        ck_assert_int_eq(fp_dataset_area(ds, name, name, FP_AREA_LA, NULL, NULL, &idx), FP_OK);
        ck_assert_uint_eq(idx, a);
    }
    size_t idx;
    ck_assert_int_eq(fp_dataset_find_area(ds, "  area 12345 ", &idx), FP_OK);
    ck_assert_uint_eq(idx, 12345);
    ck_assert_int_eq(fp_dataset_find_area(ds, "Area 20000", &idx), FP_ENOTFOUND);
    fp_dataset_free(ds);
}
END_TEST

/* The case the fallback scan is kept for: area A is named "Wirral", so B's
 * name "Wirral" gets no alias of its own; A is then renamed. "Wirral" must
 * still find B. */
START_TEST(lookup_after_rename)
{
    fp_dataset *ds = fp_dataset_alloc();
    size_t a, b, idx;
    ck_assert_int_eq(fp_dataset_area(ds, "A1", "Wirral", FP_AREA_LA, NULL, NULL, &a), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "B1", "Wirral", FP_AREA_LA, NULL, NULL, &b), FP_OK);
    ck_assert_int_eq(fp_dataset_find_area(ds, "Wirral", &idx), FP_OK);
    ck_assert_uint_eq(idx, a);                     /* the first area of that name */
    ck_assert_int_eq(fp_dataset_area(ds, "A1", "Sefton", FP_AREA_LA, NULL, NULL, &idx), FP_OK);
    ck_assert_int_eq(fp_dataset_find_area(ds, "Wirral", &idx), FP_OK);
    ck_assert_uint_eq(idx, b);
    ck_assert_int_eq(fp_dataset_find_area(ds, "sefton", &idx), FP_OK);
    ck_assert_uint_eq(idx, a);
    ck_assert_int_eq(fp_dataset_find_area(ds, "Knowsley", &idx), FP_ENOTFOUND);
    fp_dataset_free(ds);
}
END_TEST

static void series(size_t n, double *t, double *v)
{
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)i;
        /* A change of slope at two thirds, with a small deterministic wiggle. */
        v[i] = 50 * exp((i < 2 * n / 3 ? 0.002 : -0.003) * (double)i) * (1 + 0.01 * sin((double)i));
    }
}

/* FP_JOINPOINT_MAX_POINTS points are searched; one more is refused with
 * FP_TREND_REASON_TOO_MANY_POINTS and no result, and its reason names the
 * limit (240, trend.h). */
START_TEST(joinpoint_cap)
{
    size_t n = FP_JOINPOINT_MAX_POINTS + 1;
    double *t = malloc(2 * n * sizeof *t), *v = t + n;
    series(n, t, v);
    fp_trend_series s;
    memset(&s, 0, sizeof s);
    s.t = t;
    s.value = v;
    fp_joinpoint_result r;
    s.n = n;
    ck_assert_int_eq(fp_trend_joinpoint(&s, NULL, &r), FP_OK);
    ck_assert_int_eq(r.reason, FP_TREND_REASON_TOO_MANY_POINTS);
    ck_assert_int_eq(r.direction, FP_TREND_NOT_CALCULATED);
    ck_assert(isnan(r.aapc));
    ck_assert_uint_eq(r.n, n);
    ck_assert_ptr_nonnull(strstr(fp_trend_reason_string(r.reason), "more than 240 points"));
    s.n = n - 1;
    ck_assert_int_eq(fp_trend_joinpoint(&s, NULL, &r), FP_OK);
    ck_assert_int_eq(r.reason, FP_TREND_REASON_NONE);
    ck_assert(isfinite(r.aapc));
    /* APC has no such limit. */
    fp_apc_result a;
    s.n = n;
    ck_assert_int_eq(fp_trend_apc(&s, NULL, &a), FP_OK);
    ck_assert_int_eq(a.reason, FP_TREND_REASON_NONE);
    free(t);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("scale");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, names_only_lookup);
    tcase_add_test(tc, lookup_after_rename);
    tcase_add_test(tc, joinpoint_cap);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
