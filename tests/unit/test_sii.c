/* test_sii.c -- fingerpost/sii.h: R's random numbers (values printed by R
 * 4.2.2: set.seed(1); x <- rnorm(700); x[c(1, 2, 624, 625, 700)] -- 700
 * draws use 1400 uniforms, so the generator's state is refilled twice --
 * and set.seed(-5); rnorm(2)), the SII of PHEindicatormethods' test data
 * against the package's published answer (testdata_SII.xlsx, "default ...
 * default parameters", area1: sii 6.93461647366882, rii 1.08881808044462),
 * the standard error from limits, and every error path. The comparison with
 * phe_sii itself, simulated limits included, is tests/cli/test_rates_sii.sh. */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

START_TEST(r_rnorm)
{
    double *x = malloc(700 * sizeof *x);
    ck_assert_int_eq(fp_rnorm_r(1, x, 700), FP_OK);
    ck_assert_rel(x[0], -0.62645381074233242, 1e-14);
    ck_assert_rel(x[1], 0.18364332422208224, 1e-14);
    ck_assert_rel(x[623], 1.7635863477458826, 1e-14);
    ck_assert_rel(x[624], 0.68960022193409576, 1e-14);
    ck_assert_rel(x[699], -0.30450883725941869, 1e-14);
    /* A negative seed is taken as R takes it (an int, mod 2^32). */
    ck_assert_int_eq(fp_rnorm_r((unsigned long)(unsigned int)-5, x, 2), FP_OK);
    ck_assert_rel(x[0], 0.6267692997357881, 1e-14);
    ck_assert_rel(x[1], -0.87405082082450392, 1e-14);
    ck_assert_int_eq(fp_rnorm_r(1, NULL, 1), FP_EINVAL);
    ck_assert_int_eq(fp_rnorm_r(1, NULL, 0), FP_OK);
    free(x);
}
END_TEST

/* testdata_SII, records 1-10 (area1 deciles). */
static const double POP[10] = { 7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534 };

START_TEST(package_answer)
{
    /* Values and standard errors of records 1-10, as the test file gives
     * them (first four printed in full; read from the file for all). */
    FILE *f = fopen(FP_TEST_SRCDIR "/tests/ref/phe/testdata_SII__testdata_SII.csv", "r");
    ck_assert_ptr_nonnull(f);
    char line[2048];
    double v[10], se[10], pop[10], lo[10], hi[10];
    size_t n = 0;
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    while (n < 10 && fgets(line, sizeof line, f)) {
        /* RecordNo,"desc","area","g1","g2",Quantile,Population,Count,Value,
         * ValueType,LowerCL,UpperCL,StandardError,... */
        char *p = line, *field[16];
        size_t k = 0;
        int q = 0;
        field[k++] = p;
        for (; *p && k < 16; p++) {
            if (*p == '"') q = !q;
            else if (*p == ',' && !q) { *p = 0; field[k++] = p + 1; }
        }
        pop[n] = strtod(field[6], NULL);
        v[n] = strtod(field[8], NULL);
        lo[n] = strtod(field[10], NULL);
        hi[n] = strtod(field[11], NULL);
        se[n] = strtod(field[12], NULL);
        n++;
    }
    fclose(f);
    ck_assert_int_eq((int)n, 10);
    for (int i = 0; i < 10; i++) ck_assert_double_eq(pop[i], POP[i]);
    fp_sii_options opt;
    fp_sii_options_init(&opt);
    ck_assert_int_eq((int)opt.repetitions, 100000);
    ck_assert_int_eq((int)opt.seed, FP_SII_DEFAULT_SEED);
    opt.repetitions = 1000;
    const double lv[2] = { 0.95, 0.998 };
    fp_sii_result r;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 2, &r), FP_OK);
    ck_assert_rel(r.sii, 6.93461647366882, 1e-12);
    ck_assert_rel(r.rii, 1.08881808044462, 1e-12);
    ck_assert(r.sii_lower[0] < r.sii && r.sii < r.sii_upper[0]);
    ck_assert(r.sii_lower[1] < r.sii_lower[0] && r.sii_upper[1] > r.sii_upper[0]);
    /* The standard errors in the file are the limits' width / (2 x 1.96);
     * the package (and fingerpost) divide by 2 x 1.959964: 1.96/1.959964
     * apart exactly. */
    double se2[10];
    ck_assert_int_eq(fp_sii_se_from_ci(lo, hi, 10, FP_SII_NORMAL, se2), FP_OK);
    for (int i = 0; i < 10; i++) ck_assert_rel(se2[i], se[i] * 1.96 / 1.959963984540054, 1e-9);
    /* Analytic limits are symmetric about the SII for normal values. */
    opt.ci_method = FP_SII_CI_ANALYTIC;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_OK);
    ck_assert_rel(r.sii - r.sii_lower[0], r.sii_upper[0] - r.sii, 1e-12);

    /* Errors, as the package refuses them. */
    fp_sii_options_init(&opt);
    ck_assert_int_eq(fp_sii(v, se, pop, 4, &opt, lv, 1, &r), FP_EINVAL);
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 0, &r), FP_EINVAL);
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, NULL), FP_EINVAL);
    ck_assert_int_eq(fp_sii(NULL, se, pop, 10, &opt, lv, 1, &r), FP_EINVAL);
    const double bad_level = 1.0;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, &bad_level, 1, &r), FP_EINVAL);
    opt.repetitions = 999;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_EINVAL);
    opt.repetitions = 1000;
    opt.transform = 1;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_EINVAL);
    opt.transform = 0;
    pop[3] = 0;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_EDOM);
    pop[3] = POP[3];
    se[2] = -1;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_EDOM);
    se[2] = 1;
    opt.value_type = FP_SII_PROPORTION;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_EDOM);  /* values > 1 */
    ck_assert_int_eq(fp_sii_se_from_ci(NULL, hi, 10, FP_SII_NORMAL, se2), FP_EINVAL);
    /* A zero standard error takes no draw (as R's rnorm): still computed. */
    opt.value_type = FP_SII_NORMAL;
    for (int i = 0; i < 10; i++) se[i] = 0;
    ck_assert_int_eq(fp_sii(v, se, pop, 10, &opt, lv, 1, &r), FP_OK);
    ck_assert_rel(r.sii_lower[0], r.sii, 1e-12);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sii");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, r_rnorm);
    tcase_add_test(tc, package_answer);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
