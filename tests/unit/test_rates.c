/* test_rates.c -- rates, proportions, means, DSRs, ISRs and two-area
 * comparisons against independent sources:
 *  - PHEindicatormethods' own test data in tests/ref/phe (the expected
 *    outputs of OHID's Excel tools; commit 093fd288), read at test time;
 *  - values computed once in R 4.x (stats, epitools) and Python
 *    (statsmodels 0.13.5), pasted below with the code that made them. */
#include "fp_check.h"
#include "fingerpost.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ a tiny CSV reader */

#define MAXF 16
#define MAXR 512

typedef struct table {
    size_t nrow, ncol;
    char *head[MAXF];
    char *cell[MAXR][MAXF];
} table;

/* Split one line of a simple CSV (quoted fields without embedded quotes or
 * newlines, as in tests/ref/phe) into fields; returns the count. */
static size_t split_line(char *line, char **f)
{
    size_t n = 0;
    char *p = line;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    for (;;) {
        char *start;
        if (*p == '"') {
            start = ++p;
            while (*p && *p != '"') p++;
            if (*p) *p++ = '\0';
        } else {
            start = p;
            while (*p && *p != ',' && *p != '\n' && *p != '\r') p++;
        }
        char c = *p;
        *p = '\0';
        if (n < MAXF) f[n++] = start;
        if (c != ',') break;
        p++;
    }
    return n;
}

/* One record: a line, joined with the next while its quotes are unbalanced
 * (a quoted field with a newline, as in testdata_funnel_ratio_outputs.csv). */
static char *read_record(char *buf, size_t size, FILE *fp)
{
    if (!fgets(buf, (int)size, fp)) return NULL;
    for (;;) {
        size_t q = 0, len = strlen(buf);
        for (size_t i = 0; i < len; i++) q += buf[i] == '"';
        if (q % 2 == 0 || len + 1 >= size) break;
        if (len && buf[len - 1] == '\n') buf[--len] = '\0';
        if (!fgets(buf + len, (int)(size - len), fp)) break;
    }
    return buf;
}

static table *read_table(const char *rel)
{
    FILE *fp = fopen(fp_check_src(rel), "r");
    ck_assert_msg(fp != NULL, "cannot open %s", rel);
    table *t = calloc(1, sizeof *t);
    char buf[8192], *f[MAXF];
    if (read_record(buf, sizeof buf, fp)) {
        t->ncol = split_line(buf, f);
        for (size_t i = 0; i < t->ncol; i++) t->head[i] = strdup(f[i]);
    }
    while (t->nrow < MAXR && read_record(buf, sizeof buf, fp)) {
        size_t n = split_line(buf, f);
        for (size_t i = 0; i < t->ncol; i++) t->cell[t->nrow][i] = strdup(i < n ? f[i] : "");
        t->nrow++;
    }
    fclose(fp);
    return t;
}

static void free_table(table *t)
{
    for (size_t i = 0; i < t->ncol; i++) free(t->head[i]);
    for (size_t r = 0; r < t->nrow; r++)
        for (size_t i = 0; i < t->ncol; i++) free(t->cell[r][i]);
    free(t);
}

static size_t col(const table *t, const char *name)
{
    for (size_t i = 0; i < t->ncol; i++)
        if (!strcmp(t->head[i], name)) return i;
    ck_abort_msg("no column %s", name);
    return 0;
}

static const char *str(const table *t, size_t r, const char *name)
{
    return t->cell[r][col(t, name)];
}

/* The number in a cell, NaN for an empty cell. */
static double num(const table *t, size_t r, const char *name)
{
    const char *s = str(t, r, name);
    return *s ? strtod(s, NULL) : NAN;
}

#define TOL 1e-9

/* Assert a computed interval against expected value and limits; NaN
 * expected limits must come with a non-OK status. */
static void check_ci(const fp_ci *ci, double value, double lower, double upper, double tol)
{
    ck_assert_rel(ci->value, value, tol);
    ck_assert_rel(ci->lower, lower, tol);
    ck_assert_rel(ci->upper, upper, tol);
}

/* --------------------------------------------------- crude rates */

/* Source: tests/ref/phe/testdata_Rate__testdata_Rate.csv (phe_rate). */
START_TEST(rate_phe)
{
    table *t = read_table("tests/ref/phe/testdata_Rate__testdata_Rate.csv");
    size_t checked = 0;
    for (size_t r = 0; r < t->nrow; r++) {
        double x = num(t, r, "Numerator"), n = num(t, r, "Denominator");
        double m = num(t, r, "multiplier");
        fp_ci a, b;
        int s1 = fp_rate_ci(x, n, m, 0.95, &a);
        int s2 = fp_rate_ci(x, n, m, 0.998, &b);
        if (isnan(num(t, r, "value"))) {
            ck_assert_int_ne(s1, FP_OK);
            ck_assert_int_ne(s2, FP_OK);
            ck_assert(isnan(a.value) && isnan(a.lower) && isnan(a.upper));
            ck_assert_str_ne(fp_ci_reason(&a), "");
            ck_assert_int_eq(s1, isnan(n) ? FP_EZERODIV : FP_ENODATA);
            continue;
        }
        ck_assert_int_eq(s1, FP_OK);
        ck_assert_int_eq(s2, FP_OK);
        check_ci(&a, num(t, r, "value"), num(t, r, "lower95_0cl"), num(t, r, "upper95_0cl"), TOL);
        check_ci(&b, num(t, r, "value"), num(t, r, "lower99_8cl"), num(t, r, "upper99_8cl"), TOL);
        ck_assert_str_eq(fp_ci_method_name(a.method), str(t, r, "method"));
        /* The cached (fp_level) path gives the same numbers. */
        fp_level lv;
        fp_ci c;
        ck_assert_int_eq(fp_level_init(&lv, 0.998), FP_OK);
        ck_assert_int_eq(fp_rate_ci_lv(x, n, m, &lv, &c), FP_OK);
        check_ci(&c, b.value, b.lower, b.upper, 1e-14);
        checked++;
    }
    ck_assert_uint_eq(checked, 17);
    free_table(t);
}
END_TEST

/* Source: tests/ref/phe/testdata_Proportion__testdata_Prop.csv (phe_proportion). */
START_TEST(proportion_phe)
{
    table *t = read_table("tests/ref/phe/testdata_Proportion__testdata_Prop.csv");
    size_t checked = 0;
    for (size_t r = 0; r < t->nrow; r++) {
        double x = num(t, r, "Numerator"), n = num(t, r, "Denominator");
        double m = num(t, r, "multiplier");
        fp_ci a, b;
        int s1 = fp_proportion_ci(x, n, m, 0.95, &a);
        int s2 = fp_proportion_ci(x, n, m, 0.998, &b);
        if (isnan(num(t, r, "value"))) {
            ck_assert_int_eq(s1, isnan(n) ? FP_EZERODIV : FP_ENODATA);
            ck_assert_int_ne(s2, FP_OK);
            ck_assert(isnan(a.value));
            continue;
        }
        ck_assert_int_eq(s1, FP_OK);
        ck_assert_int_eq(s2, FP_OK);
        check_ci(&a, num(t, r, "value"), num(t, r, "lower95_0cl"), num(t, r, "upper95_0cl"), TOL);
        check_ci(&b, num(t, r, "value"), num(t, r, "lower99_8cl"), num(t, r, "upper99_8cl"), TOL);
        ck_assert_str_eq(fp_ci_method_name(a.method), "Wilson");
        checked++;
    }
    ck_assert_uint_eq(checked, 16);
    free_table(t);
}
END_TEST

/* Source: tests/ref/phe/testdata_Byars_Wilson__testdata_B_W.csv
 * (byars_lower/upper, wilson_lower/upper). */
START_TEST(byars_wilson_phe)
{
    table *t = read_table("tests/ref/phe/testdata_Byars_Wilson__testdata_B_W.csv");
    for (size_t r = 0; r < t->nrow; r++) {
        double x = num(t, r, "x"), n = num(t, r, "n");
        double level = !strcmp(str(t, r, "confidence"), "95%") ? 0.95 : 0.998;
        double lo, hi;
        double wl = num(t, r, "lowercl"), wu = num(t, r, "uppercl");
        if (!strcmp(str(t, r, "method"), "Byars")) {
            int s = fp_byars_limits(x, level, &lo, &hi);
            if (isnan(wl)) {
                ck_assert_int_eq(s, FP_ERANGE);   /* negative lower: NA in PHE */
                ck_assert(isnan(lo));
            } else {
                ck_assert_int_eq(s, FP_OK);
                ck_assert_rel(lo, wl, TOL);
            }
            ck_assert_rel(hi, wu, TOL);
        } else {
            ck_assert_int_eq(fp_wilson_limits(x, n, level, &lo, &hi), FP_OK);
            ck_assert_rel(lo, wl, TOL);
            ck_assert_rel(hi, wu, TOL);
        }
    }
    free_table(t);
}
END_TEST

/* --------------------------------------------------------- means */

/* Source: tests/ref/phe/testdata_Mean__testdata_Mean_results.csv (phe_mean);
 * the sums, counts and SDs are also recomputed from testdata_Mean.csv. */
START_TEST(mean_phe)
{
    table *t = read_table("tests/ref/phe/testdata_Mean__testdata_Mean_results.csv");
    for (size_t r = 0; r < t->nrow; r++) {
        fp_ci a, b;
        double s = num(t, r, "value_sum"), c = num(t, r, "value_count"), sd = num(t, r, "stdev");
        ck_assert_int_eq(fp_mean_ci(s, c, sd, 0.95, &a), FP_OK);
        ck_assert_int_eq(fp_mean_ci(s, c, sd, 0.998, &b), FP_OK);
        check_ci(&a, num(t, r, "value"), num(t, r, "lower95_0cl"), num(t, r, "upper95_0cl"), TOL);
        check_ci(&b, num(t, r, "value"), num(t, r, "lower99_8cl"), num(t, r, "upper99_8cl"), TOL);
        ck_assert_str_eq(fp_ci_method_name(a.method), str(t, r, "method"));
    }
    free_table(t);
    fp_ci ci;
    ck_assert_int_eq(fp_mean_ci(5, 1, 0, 0.95, &ci), FP_ENODATA);
    /* One value: kept, no interval. PHEindicatormethods' phe_mean
     * (R/Means.R): mean = value_sum / value_count = 5; stdev = sd(5) is NA
     * and qt(p, 0) NaN, so lowercl and uppercl are NA. */
    ck_assert_int_eq(fp_mean_ci(5, 1, NAN, 0.95, &ci), FP_ENODATA);
    ck_assert_rel(ci.value, 5, 0);
    ck_assert(isnan(ci.lower) && isnan(ci.upper));
    ck_assert_str_eq(ci.reason, "a single value: no interval");
    ck_assert_int_eq(fp_mean_ci(5, 3, -1, 0.95, &ci), FP_EDOM);
    ck_assert_int_eq(fp_mean_ci(5, 3, NAN, 0.95, &ci), FP_ENODATA);
    ck_assert(isnan(ci.value));
}
END_TEST

/* ---------------------------------------------------------- DSRs */

/* Gather the bands of one area from a long table. */
static size_t area_bands(const table *t, const char *area, double *count, double *pop,
                         double *std, const char *stdcol)
{
    size_t k = 0;
    for (size_t r = 0; r < t->nrow; r++) {
        if (strcmp(str(t, r, "area"), area)) continue;
        count[k] = num(t, r, "count");
        pop[k] = num(t, r, "pop");
        if (std) std[k] = num(t, r, stdcol);
        k++;
    }
    return k;
}

/* Source: tests/ref/phe/testdata_DSR_ISR__testresults_DSR.csv (phe_dsr,
 * independent events) with inputs testdata_DSR_ISR__testdata_multiarea.csv
 * and the default ESP2013 standard; testdata_1976 at 95% only (its 99.8%
 * limits are wrong, see tests/ref/phe/README.md); the testdata_nonind_*
 * rows (non-independent events) from testdata_DSR_ISR__testdata_nonindepe.csv. */
START_TEST(dsr_phe)
{
    table *in = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_multiarea.csv");
    table *res = read_table("tests/ref/phe/testdata_DSR_ISR__testresults_DSR.csv");
    size_t checked = 0;
    for (size_t r = 0; r < res->nrow; r++) {
        const char *area = str(res, r, "area");
        const char *stat = str(res, r, "statistic");
        double mult = strstr(stat, "100000") ? 100000 : 10000;
        double count[32], pop[32], std[32], total;
        size_t k;
        fp_ci a, b;
        if (!strcmp(area, "testdata_1976")) {
            table *t76 = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_1976.csv");
            for (k = 0; k < t76->nrow; k++) {
                count[k] = num(t76, k, "count");
                pop[k] = num(t76, k, "pop");
                std[k] = num(t76, k, "esp1976");
            }
            free_table(t76);
            ck_assert_int_eq(fp_dsr_ci(count, pop, std, k, mult, 0.95, &a, &total), FP_OK);
            check_ci(&a, num(res, r, "value"), num(res, r, "lower95_0cl"),
                     num(res, r, "upper95_0cl"), TOL);
            ck_assert_rel(total, num(res, r, "total_count"), 1e-15);
            checked++;
            continue;
        }
        if (!strncmp(area, "testdata_nonind", 15)) {
            /* Non-independent events: people with 1..4 events per band. */
            table *ni = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_nonindepe.csv");
            double people[32 * 4];
            k = 0;
            for (size_t i = 0; i < ni->nrow; i++) {
                if (strcmp(str(ni, i, "area"), area)) continue;
                static const char *const fc[4] = { "f1", "f2", "f3", "f4" };
                double ev = 0;
                for (int j = 0; j < 4; j++) {
                    people[k * 4 + j] = num(ni, i, fc[j]);
                    ev += (j + 1) * (isnan(people[k * 4 + j]) ? 0 : people[k * 4 + j]);
                }
                if (!isnan(num(ni, i, "count"))) ck_assert_rel(ev, num(ni, i, "count"), 0);
                pop[k++] = num(ni, i, "pop");
            }
            free_table(ni);
            ck_assert_uint_eq(k, FP_ESP2013_BANDS);
            int s1 = fp_dsr_ci_nonindependent(people, 4, pop, NULL, k, mult, 0.95, &a, &total);
            int s2 = fp_dsr_ci_nonindependent(people, 4, pop, NULL, k, mult, 0.998, &b, NULL);
            ck_assert_rel(total, num(res, r, "total_count"), 1e-15);
            if (isnan(num(res, r, "value"))) {
                ck_assert_int_eq(s1, FP_ENODATA);
                ck_assert(strstr(fp_ci_reason(&a), "below 10") != NULL);
            } else {
                ck_assert_int_eq(s1, FP_OK);
                ck_assert_int_eq(s2, FP_OK);
                check_ci(&a, num(res, r, "value"), num(res, r, "lower95_0cl"),
                         num(res, r, "upper95_0cl"), TOL);
                check_ci(&b, num(res, r, "value"), num(res, r, "lower99_8cl"),
                         num(res, r, "upper99_8cl"), TOL);
            }
            ck_assert_str_eq(fp_ci_method_name(a.method), str(res, r, "method"));
            checked++;
            continue;
        }
        k = area_bands(in, area, count, pop, NULL, NULL);
        ck_assert_uint_ne(k, 0);
        ck_assert_uint_eq(k, FP_ESP2013_BANDS);
        int s1 = fp_dsr_ci(count, pop, NULL, k, mult, 0.95, &a, &total);
        int s2 = fp_dsr_ci(count, pop, fp_esp2013(), k, mult, 0.998, &b, NULL);
        ck_assert_rel(total, num(res, r, "total_count"), 1e-15);
        if (isnan(num(res, r, "value"))) {
            ck_assert_int_eq(s1, FP_ENODATA);
            ck_assert_int_eq(s2, FP_ENODATA);
            ck_assert(strstr(fp_ci_reason(&a), "below 10") != NULL);
            ck_assert(isnan(a.value) && isnan(a.lower) && isnan(a.upper));
        } else {
            ck_assert_int_eq(s1, FP_OK);
            ck_assert_int_eq(s2, FP_OK);
            check_ci(&a, num(res, r, "value"), num(res, r, "lower95_0cl"),
                     num(res, r, "upper95_0cl"), TOL);
            check_ci(&b, num(res, r, "value"), num(res, r, "lower99_8cl"),
                     num(res, r, "upper99_8cl"), TOL);
            ck_assert_str_eq(fp_ci_method_name(a.method), "Dobson");
        }
        checked++;
    }
    ck_assert_uint_eq(checked, 12);
    free_table(in);
    free_table(res);
}
END_TEST

/* Sources: testdata_DSR_ISR__testdata_err2.csv (a zero population: phe_dsr
 * stops), testdata_DSR_ISR__testdata_err3.csv (a negative population),
 * testdata_DSR_ISR__testdata_err1.csv (user standard, 19 bands: computes). */
START_TEST(dsr_errors)
{
    double count[64], pop[64], std[64], total;
    fp_ci ci;
    table *t = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_err2.csv");
    size_t k = area_bands(t, "Area1", count, pop, NULL, NULL);
    ck_assert_int_eq(fp_dsr_ci(count, pop, NULL, k, 100000, 0.95, &ci, NULL), FP_EZERODIV);
    ck_assert(isnan(ci.value));
    free_table(t);
    t = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_err3.csv");
    for (k = 0; k < t->nrow; k++) {
        count[k] = num(t, k, "count");
        pop[k] = num(t, k, "pop");
        std[k] = num(t, k, "stdpop");
    }
    ck_assert_int_eq(fp_dsr_ci(count, pop, std, k, 100000, 0.95, &ci, NULL), FP_EDOM);
    free_table(t);
    /* Missing counts count as 0: the same DSR as with explicit zeros. */
    t = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_multiarea.csv");
    k = area_bands(t, "testdata_small", count, pop, NULL, NULL);
    fp_ci a, b;
    count[2] = 0;
    ck_assert_int_eq(fp_dsr_ci(count, pop, NULL, k, 100000, 0.95, &a, &total), FP_OK);
    count[2] = NAN;
    ck_assert_int_eq(fp_dsr_ci(count, pop, NULL, k, 100000, 0.95, &b, &total), FP_OK);
    check_ci(&b, a.value, a.lower, a.upper, 1e-15);
    /* Wrong number of bands for the default standard. */
    ck_assert_int_eq(fp_dsr_ci(count, pop, NULL, 18, 100000, 0.95, &a, NULL), FP_EINVAL);
    free_table(t);
    /* The standard is the 2013 ESP: 19 bands summing to 100000. */
    double s = 0;
    for (k = 0; k < FP_ESP2013_BANDS; k++) s += fp_esp2013()[k];
    ck_assert_rel(s, 100000, 0);
    ck_assert_str_eq(fp_esp2013_band(18), "90+");
    ck_assert_ptr_null(fp_esp2013_band(19));
}
END_TEST

/* ---------------------------------------------------------- ISRs */

/* Source: tests/ref/phe/testdata_DSR_ISR__testresults_ISR.csv (phe_isr),
 * inputs testdata_DSR_ISR__testdata_multiarea_isr.csv. The last four rows
 * (Area1/Area2, from another input set) are checked from their observed
 * and expected columns. */
START_TEST(isr_phe)
{
    table *in = read_table("tests/ref/phe/testdata_DSR_ISR__testdata_multiarea_isr.csv");
    table *res = read_table("tests/ref/phe/testdata_DSR_ISR__testresults_ISR.csv");
    for (size_t r = 0; r < res->nrow; r++) {
        const char *area = str(res, r, "area");
        const char *stat = str(res, r, "statistic");
        double obs = num(res, r, "observed"), expected = num(res, r, "expected");
        double pop[32], rc[32], rp[32], o = 0, rcs = 0, rps = 0;
        size_t k = 0;
        for (size_t i = 0; i < in->nrow; i++) {
            if (strcmp(str(in, i, "area"), area)) continue;
            pop[k] = num(in, i, "pop");
            rc[k] = num(in, i, "refcount");
            rp[k] = num(in, i, "refpop");
            if (!isnan(num(in, i, "count"))) o += num(in, i, "count");
            if (!isnan(rc[k])) rcs += rc[k];
            rps += rp[k];
            k++;
        }
        if (k) {
            double e;
            ck_assert_int_eq(fp_isr_expected(pop, rc, rp, k, &e), FP_OK);
            ck_assert_rel(e, expected, TOL);
            ck_assert_rel(o, obs, 1e-15);
        }
        double scale;
        if (strstr(stat, "ratio")) {
            scale = strstr(stat, "x 100") ? 100 : 1;
        } else {
            double mult = strstr(stat, "100000") ? 100000 : 1000;
            scale = num(res, r, "ref_rate");
            if (k) ck_assert_rel(rcs / rps * mult, scale, TOL);
        }
        fp_ci a, b;
        ck_assert_int_eq(fp_isr_ci(obs, expected, scale, 0.95, &a), FP_OK);
        ck_assert_int_eq(fp_isr_ci(obs, expected, scale, 0.998, &b), FP_OK);
        check_ci(&a, num(res, r, "value"), num(res, r, "lower95_0cl"), num(res, r, "upper95_0cl"), TOL);
        if (!isnan(num(res, r, "lower99_8cl")))
            check_ci(&b, num(res, r, "value"), num(res, r, "lower99_8cl"),
                     num(res, r, "upper99_8cl"), TOL);
        ck_assert_str_eq(fp_ci_method_name(a.method), str(res, r, "method"));
    }
    free_table(in);
    free_table(res);
    fp_ci ci;
    ck_assert_int_eq(fp_isr_ci(5, 0, 1, 0.95, &ci), FP_EZERODIV);
    ck_assert_int_eq(fp_isr_ci(-5, 2, 1, 0.95, &ci), FP_EDOM);
    ck_assert_int_eq(fp_isr_ci(0, 2, 100, 0.95, &ci), FP_OK);
    ck_assert_rel(ci.lower, 0, 0);
}
END_TEST

/* ---------------------------------------------------- edge cases */

START_TEST(edge_cases)
{
    fp_ci ci;
    /* Zero count: value 0, lower 0, the exact upper limit.
     * R: qchisq(0.975, 2)/2 = 3.6888794541139354; /1000*100000 = 368.88794541139354. */
    ck_assert_int_eq(fp_rate_ci(0, 1000, 100000, 0.95, &ci), FP_OK);
    ck_assert_rel(ci.value, 0, 0);
    ck_assert_rel(ci.lower, 0, 0);
    ck_assert_rel(ci.upper, 368.88794541139354, 1e-12);
    ck_assert_str_eq(fp_ci_method_name(ci.method), "Exact");
    /* Proportions: x = 0 and x = n give exact 0 and 1. */
    ck_assert_int_eq(fp_proportion_ci(0, 50, 100, 0.95, &ci), FP_OK);
    ck_assert_rel(ci.lower, 0, 0);
    ck_assert_int_eq(fp_proportion_ci(50, 50, 100, 0.95, &ci), FP_OK);
    ck_assert_rel(ci.upper, 100, 0);
    ck_assert_rel(ci.value, 100, 0);
    /* x > n: an error for proportions, allowed for rates. */
    ck_assert_int_eq(fp_proportion_ci(51, 50, 100, 0.95, &ci), FP_EDOM);
    ck_assert_str_eq(fp_ci_reason(&ci), "numerator above denominator");
    ck_assert(isnan(ci.value) && isnan(ci.lower) && isnan(ci.upper));
    ck_assert_int_eq(fp_proportion_ci_exact(51, 50, 100, 0.95, &ci), FP_EDOM);
    ck_assert_int_eq(fp_rate_ci(51, 50, 100, 0.95, &ci), FP_OK);
    /* Zero and missing denominators. */
    ck_assert_int_eq(fp_proportion_ci(1, 0, 100, 0.95, &ci), FP_EZERODIV);
    ck_assert_int_eq(fp_rate_ci(1, NAN, 100, 0.95, &ci), FP_EZERODIV);
    ck_assert_int_eq(fp_rate_ci(0, 0, 100, 0.95, &ci), FP_EZERODIV);
    ck_assert_str_eq(fp_ci_reason(&ci), "zero or missing denominator");
    /* Negative inputs. */
    ck_assert_int_eq(fp_rate_ci(-1, 10, 100, 0.95, &ci), FP_EDOM);
    ck_assert_int_eq(fp_rate_ci(1, -10, 100, 0.95, &ci), FP_EDOM);
    ck_assert_int_eq(fp_proportion_ci(-1, 10, 100, 0.95, &ci), FP_EDOM);
    ck_assert_str_eq(fp_ci_reason(&ci), "negative input");
    /* Bad arguments. */
    ck_assert_int_eq(fp_rate_ci(1, 10, 100, 1.0, &ci), FP_EINVAL);
    ck_assert_int_eq(fp_rate_ci(1, 10, 100, NAN, &ci), FP_EINVAL);
    ck_assert_int_eq(fp_rate_ci(1, 10, 0, 0.95, &ci), FP_EINVAL);
    ck_assert_int_eq(fp_proportion_ci(1, 10, -1, 0.95, &ci), FP_EINVAL);
    ck_assert_int_eq(fp_rate_ci(1, 10, 100, 0.95, NULL), FP_EINVAL);
    ck_assert_int_eq(fp_level_init(NULL, 0.95), FP_EINVAL);
    fp_level lv;
    ck_assert_int_eq(fp_level_init(&lv, 0), FP_EINVAL);
    ck_assert_int_eq(fp_level_init(&lv, 0.95), FP_OK);
    ck_assert_rel(lv.z, 1.959963984540054, 1e-15);
    ck_assert_rel(fp_level_z(0.998), 3.090232306167813, 1e-15);
    ck_assert(isnan(fp_level_z(1.5)));
    ck_assert_str_eq(fp_ci_reason(NULL), "");
    double lo, hi;
    ck_assert_int_eq(fp_byars_limits(0, 0.95, &lo, &hi), FP_ERANGE);
    ck_assert_int_eq(fp_byars_limits(-1, 0.95, &lo, &hi), FP_EDOM);
    ck_assert_int_eq(fp_exact_poisson_limits(0, 0.95, &lo, &hi), FP_OK);
    ck_assert_rel(lo, 0, 0);
    ck_assert_rel(hi, 3.6888794541139354, 1e-12);
    /* Non-integer counts below 10 use the chi-squared quantiles at
     * fractional df. R: qchisq(0.025, 2*2.5)/2 = 0.41560580674333125,
     * qchisq(0.975, 2*2.5+2)/2 = 8.0063821373146613. */
    ck_assert_int_eq(fp_rate_ci(2.5, 100, 100, 0.95, &ci), FP_OK);
    ck_assert_rel(ci.lower, 0.41560580674333125, 1e-10);
    ck_assert_rel(ci.upper, 8.0063821373146613, 1e-10);
    ck_assert_int_eq(fp_rate_ci_lv(2.5, 100, 100, &lv, &ci), FP_OK);
    ck_assert_rel(ci.lower, 0.41560580674333125, 1e-10);
    /* Array versions: per-element status. */
    double xs[3] = { 5, 20, -1 }, ns[3] = { 100, 100, 100 };
    fp_ci out[3];
    ck_assert_int_eq(fp_rate_ci_array(xs, ns, 3, 100, &lv, out), FP_OK);
    ck_assert_int_eq(out[0].status, FP_OK);
    ck_assert_int_eq(out[2].status, FP_EDOM);
    ck_assert_int_eq(fp_proportion_ci_array(xs, ns, 3, 100, &lv, out), FP_OK);
    ck_assert_int_eq(out[1].status, FP_OK);
    ck_assert_int_eq(fp_rate_ci_array(xs, ns, 3, 100, NULL, out), FP_EINVAL);
}
END_TEST

/* Clopper-Pearson: R 4.x, binom.test(x, n, conf.level = L)$conf.int:
 *   for (cs in list(c(5,100),c(0,50),c(50,50),c(1045,5000),c(3,7)))
 *     for (lvl in c(0.95,0.998)) cat(binom.test(cs[1], cs[2], conf.level=lvl)$conf.int) */
START_TEST(clopper_pearson_r)
{
    static const double v[][5] = {
        { 0.95, 5, 100, 0.016431879182052158, 0.11283491110546273 },
        { 0.998, 5, 100, 0.0075170963371119026, 0.15536730581046831 },
        { 0.95, 0, 50, 0, 0.071121736464197616 },
        { 0.998, 0, 50, 0, 0.12903641004391941 },
        { 0.95, 50, 50, 0.92887826353580238, 1 },
        { 0.998, 50, 50, 0.87096358995608059, 1 },
        { 0.95, 1045, 5000, 0.19780239576434461, 0.22053835139594002 },
        { 0.998, 1045, 5000, 0.19153074640923218, 0.22725478106642671 },
        { 0.95, 3, 7, 0.09898827844250789, 0.81594843235991699 },
        { 0.998, 3, 7, 0.031560800245182166, 0.92334545717311256 },
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        fp_ci ci;
        ck_assert_int_eq(fp_proportion_ci_exact(v[i][1], v[i][2], 1, v[i][0], &ci), FP_OK);
        ck_assert_rel(ci.lower, v[i][3], 1e-9);
        ck_assert_rel(ci.upper, v[i][4], 1e-9);
        ck_assert_str_eq(fp_ci_method_name(ci.method), "Clopper-Pearson");
    }
}
END_TEST

/* ------------------------------------------------- two-area comparisons */

/* Difference of proportions, Newcombe hybrid score. Python (statsmodels 0.13.5):
 *   from statsmodels.stats.proportion import confint_proportions_2indep
 *   confint_proportions_2indep(x1, n1, x2, n2, method='newcomb', compare='diff', alpha=1-lvl)
 * p-values: R 4.x prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value. */
START_TEST(proportion_diff_ref)
{
    static const double v[][7] = {
        { 0.95, 65, 100, 1045, 5000, 0.34286928306174586, 0.5280609088365052 },
        { 0.95, 0, 50, 5, 60, -0.1806894201833441, 0.0022209513715717166 },
        { 0.95, 50, 50, 40, 60, 0.205524437724082, 0.4594313354788032 },
        { 0.95, 222, 3215, 999, 3456, -0.23743472432624288, -0.20247614739602926 },
        { 0.998, 65, 100, 1045, 5000, 0.2854128438579928, 0.5705021921804156 },
        { 0.998, 0, 50, 5, 60, -0.2578541299111248, 0.08792147547838146 },
        { 0.998, 50, 50, 40, 60, 0.11149349127379157, 0.5323880412548148 },
        { 0.998, 222, 3215, 999, 3456, -0.247450099727692, -0.19229315666616395 },
    };
    static const double p[4] = { 3.6182482337243568e-26, 0.036682774402465243,
                                 6.3810180232755401e-06, 2.8624494473271716e-119 };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        fp_contrast c;
        ck_assert_int_eq(fp_proportion_diff(v[i][1], v[i][2], v[i][3], v[i][4], 1, v[i][0], &c), FP_OK);
        ck_assert_rel(c.estimate, v[i][1] / v[i][2] - v[i][3] / v[i][4], 1e-14);
        ck_assert_rel(c.lower, v[i][5], 1e-9);
        ck_assert_rel(c.upper, v[i][6], 1e-9);
        ck_assert_rel(c.p_value, p[i % 4], 1e-6);
        ck_assert_str_eq(fp_ci_method_name(c.method), "Newcombe");
    }
    fp_contrast c;
    ck_assert_int_eq(fp_proportion_diff(0, 10, 0, 20, 100, 0.95, &c), FP_OK);
    ck_assert_rel(c.p_value, 1, 0);
    ck_assert_int_eq(fp_proportion_diff(11, 10, 0, 20, 100, 0.95, &c), FP_EDOM);
    ck_assert_str_eq(c.reason, "numerator above denominator");
}
END_TEST

/* Ratio of proportions, Katz log interval. R 4.x, epitools 0.5:
 *   tab <- matrix(c(n2-x2, x2, n1-x1, x1), nrow=2, byrow=TRUE)
 *   r <- riskratio(tab, method="wald", conf.level=lvl, correction=FALSE)
 *   r$measure[2,]; r$p.value[2,"chi.square"] */
START_TEST(proportion_ratio_ref)
{
    static const double v[][9] = {
        { 0.95, 65, 100, 1045, 5000, 3.1100478468899522, 2.6672274678386514, 3.6263864730602497, 3.6182482337243568e-26 },
        { 0.95, 222, 3215, 999, 3456, 0.23888024883359252, 0.20824043575114157, 0.27402830327820349, 2.8624494473273345e-119 },
        { 0.95, 3, 40, 10, 45, 0.33750000000000002, 0.09985171477559443, 1.140754069732218, 0.059799812922972519 },
        { 0.998, 65, 100, 1045, 5000, 3.1100478468899522, 2.441133774667354, 3.9622562721958383, 3.6182482337243568e-26 },
        { 0.998, 222, 3215, 999, 3456, 0.23888024883359252, 0.19239168369339782, 0.29660207856872811, 2.8624494473273345e-119 },
        { 0.998, 3, 40, 10, 45, 0.33750000000000002, 0.049469776948255641, 2.3025422192451681, 0.059799812922972519 },
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        fp_contrast c;
        ck_assert_int_eq(fp_proportion_ratio(v[i][1], v[i][2], v[i][3], v[i][4], v[i][0], &c), FP_OK);
        ck_assert_rel(c.estimate, v[i][5], 1e-14);
        ck_assert_rel(c.lower, v[i][6], 1e-9);
        ck_assert_rel(c.upper, v[i][7], 1e-9);
        ck_assert_rel(c.p_value, v[i][8], 1e-6);
    }
    fp_contrast c;
    ck_assert_int_eq(fp_proportion_ratio(0, 10, 3, 20, 0.95, &c), FP_ERANGE);
    ck_assert_rel(c.estimate, 0, 0);
    ck_assert_int_eq(fp_proportion_ratio(0, 10, 0, 20, 0.95, &c), FP_ENODATA);
}
END_TEST

/* Ratio of rates, exact conditional. R 4.x:
 *   r <- poisson.test(c(x1, x2), c(t1, t2), conf.level = lvl)
 *   c(r$estimate, r$conf.int, r$p.value) */
START_TEST(rate_ratio_ref)
{
    static const double v[][9] = {
        { 0.95, 65, 1000, 1045, 50000, 3.1100478468899526, 2.3824310253142285, 3.9975589895917145, 2.4227581788583183e-14 },
        { 0.95, 0, 100, 5, 120, 0, 0, 1.309534926219055, 0.067686633426678494 },
        { 0.95, 3, 40, 10, 45, 0.33750000000000002, 0.059685739295358642, 1.3107584367945555, 0.099537351971952306 },
        { 0.95, 9856, 12345, 7776, 9876, 1.0139917695473251, 0.98419066545519507, 1.0447225216051872, 0.36316959779362457 },
        { 0.95, 15, 1000, 1500, 1e+05, 1, 0.55827930527945113, 1.6547020766888083, 1 },
        { 0.998, 65, 1000, 1045, 50000, 3.1100478468899526, 2.0305256824286118, 4.5584575702604955, 2.4227581788583183e-14 },
        { 0.998, 0, 100, 5, 120, 0, 0, 3.5772860466419671, 0.067686633426678494 },
        { 0.998, 3, 40, 10, 45, 0.33750000000000002, 0.018049288074176759, 2.4479969367925136, 0.099537351971952306 },
        { 0.998, 9856, 12345, 7776, 9876, 1.0139917695473251, 0.96748559721434491, 1.062816328504476, 0.36316959779362457 },
        { 0.998, 15, 1000, 1500, 1e+05, 1, 0.38495709517275284, 2.0941990059990436, 1 },
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        fp_contrast c;
        ck_assert_int_eq(fp_rate_ratio(v[i][1], v[i][2], v[i][3], v[i][4], v[i][0], &c), FP_OK);
        ck_assert_rel(c.estimate, v[i][5], 1e-14);
        ck_assert_rel(c.lower, v[i][6], 1e-8);
        ck_assert_rel(c.upper, v[i][7], 1e-8);
        ck_assert_rel(c.p_value, v[i][8], 1e-6);
    }
    /* poisson.test(c(7, 0), c(100, 100)): ratio Inf, lower 1.4413085188352392
     * (0.95) / 0.59428448255780164 (0.998), p 0.015625000000000007. */
    fp_contrast c;
    ck_assert_int_eq(fp_rate_ratio(7, 100, 0, 100, 0.95, &c), FP_ERANGE);
    ck_assert(isinf(c.estimate) && isinf(c.upper));
    ck_assert_rel(c.lower, 1.4413085188352392, 1e-8);
    ck_assert_rel(c.p_value, 0.015625000000000007, 1e-9);
    ck_assert_int_eq(fp_rate_ratio(7, 100, 0, 100, 0.998, &c), FP_ERANGE);
    ck_assert_rel(c.lower, 0.59428448255780164, 1e-8);
    ck_assert_int_eq(fp_rate_ratio(0, 100, 0, 100, 0.95, &c), FP_ENODATA);
    ck_assert_int_eq(fp_rate_ratio(1.5, 100, 3, 100, 0.95, &c), FP_EDOM);
    ck_assert_int_eq(fp_rate_ratio(1, 0, 3, 100, 0.95, &c), FP_EZERODIV);
}
END_TEST

/* Difference of rates, Wald. Expected from the formula evaluated in R 4.x:
 *   d <- 65/1000 - 1045/50000; se <- sqrt(65/1000^2 + 1045/50000^2)
 *   c(d, d - qnorm(0.975)*se, d + qnorm(0.975)*se, 2*pnorm(-abs(d)/se)) * c(1e5,1e5,1e5,1)
 * = 4410, 2824.7537947303954, 5995.2462052696046, 4.9686625852222397e-08 */
START_TEST(rate_diff_ref)
{
    fp_contrast c;
    ck_assert_int_eq(fp_rate_diff(65, 1000, 1045, 50000, 1e5, 0.95, &c), FP_OK);
    ck_assert_rel(c.estimate, 4410, 1e-12);
    ck_assert_rel(c.lower, 2824.7537947303954, 1e-9);
    ck_assert_rel(c.upper, 5995.2462052696046, 1e-9);
    ck_assert_rel(c.p_value, 4.9686625852222397e-08, 1e-6);
    ck_assert_int_eq(fp_rate_diff(0, 1000, 0, 50000, 1e5, 0.95, &c), FP_ENODATA);
    ck_assert_int_eq(fp_rate_diff(1, 0, 0, 50000, 1e5, 0.95, &c), FP_EZERODIV);
}
END_TEST

/* ------------------------------------------------------- funnel plots */

/* Near: relative 1e-6 or, for outputs OHID rounded to 6 decimals, 5e-7
 * absolute. */
#define ck_assert_funnel(got, want) do { \
    double g_ = (got), w_ = (want); \
    ck_assert_msg(fabs(g_ - w_) <= 1e-6 * fabs(w_) + 5.000001e-7, \
        "%s = %.12g, want %.12g", #got, g_, w_); \
} while (0)

/* Source: tests/ref/phe/testdata_funnel_prop_inputs.csv and
 * testdata_funnel_prop_outputs.csv (calculate_funnel_limits, proportion,
 * multiplier 100; outputs rounded to 6 decimals), and the significance
 * column of the inputs (assign_funnel_significance). */
START_TEST(funnel_proportion_phe)
{
    table *in = read_table("tests/ref/phe/testdata_funnel_prop_inputs.csv");
    table *out = read_table("tests/ref/phe/testdata_funnel_prop_outputs.csv");
    double sx = 0, sn = 0, mn = INFINITY, mx = 0;
    for (size_t r = 0; r < in->nrow; r++) {
        double x = num(in, r, "numerator"), n = num(in, r, "denominator");
        sx += x; sn += n;
        if (n < mn) mn = n;
        if (n > mx) mx = n;
    }
    double av = sx / sn;
    ck_assert_funnel(av * 100, num(out, 0, "Baseline"));
    double pts[FP_FUNNEL_POINTS];
    ck_assert_int_eq(fp_funnel_axis(FP_FUNNEL_PROPORTION, mn, mx, av, 1, pts), FP_OK);
    ck_assert_uint_eq(out->nrow, FP_FUNNEL_POINTS);
    for (size_t r = 0; r < out->nrow; r++) {
        double n = num(out, r, "Population"), lo, hi;
        ck_assert_rel(pts[r], n, 0);
        ck_assert_int_eq(fp_funnel_proportion(av, n, 0.95, 100, &lo, &hi), FP_OK);
        ck_assert_funnel(lo, num(out, r, "Lower2s0025limit"));
        ck_assert_funnel(hi, num(out, r, "Upper2s0025limit"));
        ck_assert_int_eq(fp_funnel_proportion(av, n, 0.998, 100, &lo, &hi), FP_OK);
        ck_assert_funnel(lo, num(out, r, "Lower3s0001limit"));
        ck_assert_funnel(hi, num(out, r, "Upper3s0001limit"));
    }
    for (size_t r = 0; r < in->nrow; r++) {
        fp_funnel_sig sig;
        ck_assert_int_eq(fp_funnel_proportion_sig(num(in, r, "numerator"), num(in, r, "denominator"),
                                                  av, &sig), FP_OK);
        ck_assert_str_eq(fp_funnel_sig_name(sig), str(in, r, "significance"));
    }
    free_table(in);
    free_table(out);
    double lo, hi;
    ck_assert_int_eq(fp_funnel_proportion(0.5, 0, 0.95, 100, &lo, &hi), FP_EZERODIV);
    ck_assert_int_eq(fp_funnel_proportion(1.5, 10, 0.95, 100, &lo, &hi), FP_EDOM);
}
END_TEST

/* OHID's exact Poisson funnel points come from a bisection on v, where the
 * expected count is mu = (1 + O) v / (1 - v), stopped when the step falls
 * to 2^-24 (about 6e-8). Its error in mu is then up to
 * (1 + O) 2^-24 / (1 - v)^2, which for small mu (O = 1: mu = 0.0253) is
 * several times 1e-6 relative. The closed forms here are exact, so the
 * tolerance is 1e-6 relative plus that resolution. */
#define ck_assert_poisson(got, want, obs, mu) do { \
    double g_ = (got), w_ = (want), o_ = (obs), m_ = (mu); \
    double v_ = m_ / (1.0 + o_ + m_); \
    double tol_ = 1e-6 * fabs(w_) + fabs(w_ / m_) * (1.0 + o_) * 0x1p-24 / ((1 - v_) * (1 - v_)); \
    ck_assert_msg(fabs(g_ - w_) <= tol_, "%s = %.12g, want %.12g (tol %g)", #got, g_, w_, tol_); \
} while (0)

/* Source: tests/ref/phe/testdata_funnel_ratio_inputs.csv and
 * testdata_funnel_ratio_outputs.csv (calculate_funnel_limits, ratio; OHID's
 * values come from a bisection accurate to ~2e-7, hence 1e-6 relative). */
START_TEST(funnel_ratio_phe)
{
    table *in = read_table("tests/ref/phe/testdata_funnel_ratio_inputs.csv");
    table *out = read_table("tests/ref/phe/testdata_funnel_ratio_outputs.csv");
    double mn = INFINITY, mx = 0;
    for (size_t r = 0; r < in->nrow; r++) {
        double e = num(in, r, "expected");
        if (e < mn) mn = e;
        if (e > mx) mx = e;
        fp_funnel_sig sig;
        ck_assert_int_eq(fp_funnel_ratio_sig(num(in, r, "obs"), e, &sig), FP_OK);
        ck_assert_str_eq(fp_funnel_sig_name(sig), str(in, r, "significance"));
    }
    double pts[FP_FUNNEL_POINTS];
    ck_assert_int_eq(fp_funnel_axis(FP_FUNNEL_RATIO, mn, mx, NAN, NAN, pts), FP_OK);
    ck_assert_uint_eq(out->nrow, FP_FUNNEL_POINTS);
    static const double lv[2] = { 0.95, 0.998 };
    static const char *const tag[2] = { "2s", "3s" };
    for (size_t r = 0; r < out->nrow; r++) {
        double o = strtod(out->cell[r][0], NULL);
        ck_assert_rel(pts[r], o, 0);
        for (int k = 0; k < 2; k++) {
            double ml, mh, lo, hi;
            char c[64];
            ck_assert_int_eq(fp_funnel_poisson(o, lv[k], &ml, &mh), FP_OK);
            ck_assert_int_eq(fp_funnel_ratio(o, lv[k], &lo, &hi), FP_OK);
            snprintf(c, sizeof c, "lower_%s_exp_events", tag[k]);
            ck_assert_poisson(mh, num(out, r, c), o, mh);
            snprintf(c, sizeof c, "upper_%s_exp_events", tag[k]);
            ck_assert_poisson(ml, num(out, r, c), o, ml);
            /* The ratio o/mu has the same relative error as mu. */
            snprintf(c, sizeof c, "lower_%s_isr", tag[k]);
            ck_assert_poisson(lo * 100, num(out, r, c), o, mh);
            snprintf(c, sizeof c, "upper_%s_isr", tag[k]);
            ck_assert_poisson(hi * 100, num(out, r, c), o, ml);
            snprintf(c, sizeof c, "lower_%s_count", tag[k]);
            ck_assert_poisson(lo, num(out, r, c) + 1, o, mh);   /* count = ratio - 1 */
            snprintf(c, sizeof c, "upper_%s_count", tag[k]);
            ck_assert_poisson(hi, num(out, r, c) + 1, o, ml);
        }
    }
    free_table(in);
    free_table(out);
}
END_TEST

/* Source: tests/ref/phe/testdata_funnel_rate_outputs.csv
 * (calculate_funnel_limits, rate, dsr per 100,000, 3 years of data). Its
 * input file (testdata_funnel_rate_inputs.csv) is empty in the package, so
 * the average is taken from the baseline column and the x axis from the
 * Events column; the axis itself is checked for proportions and ratios. */
START_TEST(funnel_rate_phe)
{
    table *out = read_table("tests/ref/phe/testdata_funnel_rate_outputs.csv");
    double av = num(out, 0, "baseline") / 100000;
    double pts[FP_FUNNEL_POINTS];
    ck_assert_uint_eq(out->nrow, FP_FUNNEL_POINTS);
    for (size_t r = 0; r < out->nrow; r++) {
        double ev = num(out, r, "Events"), lo, hi, ml, mh;
        ck_assert_int_eq(fp_funnel_poisson(ev, 0.95, &ml, &mh), FP_OK);
        ck_assert_int_eq(fp_funnel_rate(ev, av, 0.95, 100000, &lo, &hi), FP_OK);
        ck_assert_poisson(lo, num(out, r, "lower_2s_limit"), ev, mh);
        ck_assert_poisson(hi, num(out, r, "upper_2s_limit"), ev, ml);
        ck_assert_poisson(mh / av / 3, num(out, r, "lower_2s_population_1_year"), ev, mh);
        ck_assert_poisson(ml / av / 3, num(out, r, "upper_2s_population_1_year"), ev, ml);
        ck_assert_int_eq(fp_funnel_poisson(ev, 0.998, &ml, &mh), FP_OK);
        ck_assert_int_eq(fp_funnel_rate(ev, av, 0.998, 100000, &lo, &hi), FP_OK);
        ck_assert_poisson(lo, num(out, r, "lower_3s_limit"), ev, mh);
        ck_assert_poisson(hi, num(out, r, "upper_3s_limit"), ev, ml);
    }
    free_table(out);
    double lo, hi;
    ck_assert_int_eq(fp_funnel_rate(0, av, 0.95, 100000, &lo, &hi), FP_ERANGE);
    ck_assert_int_eq(fp_funnel_ratio(0, 0.95, &lo, &hi), FP_ERANGE);
    ck_assert_int_eq(fp_funnel_axis(FP_FUNNEL_RATE, 10, 5, av, 3, pts), FP_EDOM);
    /* A rate axis runs from the rounded population times the average. */
    ck_assert_int_eq(fp_funnel_axis(FP_FUNNEL_RATE, 100000, 150000, av, 3, pts), FP_OK);
    ck_assert(pts[0] >= 1 && pts[99] > pts[0]);
}
END_TEST

/* Exact Poisson limits for large counts, where gsl_cdf_chisq_Pinv fails to
 * converge (returns NaN) for some degrees of freedom. Expected values from
 * R 4.2.2 (Debian r-base-core):
 *   options(digits=17); x <- c(1159, 1736, 2019, 2250, 3024, 2157.62/2, 15000)
 *   for (lv in c(0.95, 0.998)) { a <- (1-lv)/2; for (xi in x)
 *     cat(lv, xi, qchisq(a, 2*xi)/2, qchisq(1-a, 2*xi+2)/2, "\n") }
 * Each row below failed in GSL 2.7.1 at one level or the other. */
START_TEST(exact_poisson_large_r)
{
    static const double ref[][4] = {
        { 0.95, 1159, 1093.2269559972128, 1227.6960140257002 },
        { 0.95, 1736, 1655.2886877493354, 1819.6290578039352 },
        { 0.95, 2019, 1931.8833277670806, 2109.0327186189261 },
        { 0.95, 2250, 2157.9814927748121, 2344.9334109210522 },
        { 0.95, 3024, 2917.1700574844122, 3133.7420232027953 },
        { 0.95, 1078.81, 1015.3868306305371, 1145.1571808741785 },
        { 0.95, 15000, 14760.902968626346, 15241.999329607168 },
        { 0.998, 1159, 1056.6389215536317, 1268.1054510898548 },
        { 0.998, 1736, 1610.088799718736, 1868.6475065057982 },
        { 0.998, 2019, 1882.9904883018007, 2161.7431868940398 },
        { 0.998, 2250, 2106.2624625004892, 2400.4694412513695 },
        { 0.998, 3024, 2856.9110501476589, 3197.8164701315495 },
        { 0.998, 1078.81, 980.15337282007044, 1184.2126036177606 },
        { 0.998, 15000, 14624.373414655945, 15382.338837962732 },
        /* Counts in the millions, where GSL returned finite but wrong upper
         * limits (56,970,715.89 for the last): same R code with
         * x <- c(8753388, 19496678, 56956590) at 0.95. */
        { 0.95, 8753388, 8747590.1732420549, 8759188.7213950399 },
        { 0.95, 19496678, 19488024.717839863, 19505334.176687952 },
        { 0.95, 56956590, 56941799.179362103, 56971383.71507363 },
    };
    for (size_t i = 0; i < sizeof ref / sizeof *ref; i++) {
        double lo, hi;
        ck_assert_int_eq(fp_exact_poisson_limits(ref[i][1], ref[i][0], &lo, &hi), FP_OK);
        ck_assert_rel(lo, ref[i][2], 1e-12);
        ck_assert_rel(hi, ref[i][3], 1e-12);
    }
    /* The library must not reach GSL's error handler (which aborts by
     * default) where GSL's own chi-squared quantile failed: with the
     * default handler back, these calls must simply return. */
    gsl_set_error_handler(NULL);
    double l0, u0, m0, m1;
    ck_assert_int_eq(fp_exact_poisson_limits(1159, 0.95, &l0, &u0), FP_OK);
    ck_assert_int_eq(fp_funnel_poisson(1159, 0.95, &m0, &m1), FP_OK);
    gsl_set_error_handler_off();
    ck_assert_rel(u0, 1227.6960140257002, 1e-12);
    ck_assert_rel(m1, 1227.6960140257002, 1e-12);
    /* And no count up to 20,000 at either level gives a non-finite limit. */
    for (double x = 1; x <= 20000; x += 1) {
        double lo, hi;
        ck_assert_int_eq(fp_exact_poisson_limits(x, 0.95, &lo, &hi), FP_OK);
        ck_assert_msg(isfinite(lo) && isfinite(hi) && lo < x && hi > x, "x = %g (95%%)", x);
        ck_assert_int_eq(fp_exact_poisson_limits(x, 0.998, &lo, &hi), FP_OK);
        ck_assert_msg(isfinite(lo) && isfinite(hi) && lo < x && hi > x, "x = %g (99.8%%)", x);
    }
}
END_TEST

/* Issue 14: the library must never reach GSL's error handler (which
 * aborts by default): the incomplete beta behind Clopper-Pearson limits and
 * the exact conditional rate ratio underflowed inside gsl_sf_beta_inc for
 * these inputs. The test runs them with GSL's default handler in place;
 * an abort fails the test. Expected values: scipy 1.10.1,
 *   stats.beta.ppf(0.025, 260, 156) * 100, stats.beta.ppf(0.975, 261, 155) * 100
 *   stats.binomtest(1504, 1537, 1848 / (1848 + 282)).pvalue */
START_TEST(gsl_default_handler)
{
    gsl_set_error_handler(NULL);
    fp_ci ci;
    fp_contrast c;
    ck_assert_int_eq(fp_proportion_ci_exact(260, 415, 100, 0.95, &ci), FP_OK);
    ck_assert_int_eq(fp_rate_ratio(1504, 1848, 33, 282, 0.998, &c), FP_OK);
    /* A sweep over counts, denominators and levels: every call returns,
     * with an interval that holds the estimate. */
    static const double ns[] = { 1, 2, 7, 50, 415, 5000, 1e5, 1e7, 1e9 };
    static const double lv[] = { 0.5, 0.95, 0.998, 0.999999 };
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
        for (size_t l = 0; l < sizeof lv / sizeof *lv; l++) {
            double n = ns[i], step = n > 200 ? floor(n / 97) : 1;
            for (double x = 0; x <= n; x += step) {
                fp_ci e;
                ck_assert_int_eq(fp_proportion_ci_exact(x, n, 1, lv[l], &e), FP_OK);
                ck_assert_msg(e.lower <= x / n && e.upper >= x / n, "x = %g, n = %g", x, n);
            }
        }
    unsigned s = 1;
    for (int i = 0; i < 2000; i++) {
        double r[4];
        for (int j = 0; j < 4; j++) { s = s * 1103515245u + 12345u; r[j] = (double)(s >> 8 & 0xffff); }
        fp_contrast e;
        int st = fp_rate_ratio(r[0], 1 + r[1], r[2] / 64, 1 + r[3] / 16, lv[i % 4], &e);
        ck_assert(st == FP_OK || st == FP_ERANGE || st == FP_ENODATA || st == FP_EDOM);
    }
    gsl_set_error_handler_off();
    ck_assert_rel(ci.lower, 57.79909284062459, 1e-13);
    ck_assert_rel(ci.upper, 67.32032069847888, 1e-13);
    ck_assert_rel(c.p_value, 4.489578093903951e-54, 1e-12);
}
END_TEST

/* Clopper-Pearson limits near n = 1e9, accurate to 1e-12 relative (GSL's
 * incomplete beta gave about 1e-8). Expected values: mpmath 1.3 at 40
 * digits, the root in p of mp.betainc(a, b, 0, p, regularized=True) =
 * 0.025 (lower, a = x, b = n - x + 1) and of mp.betainc(a, b, p, 1,
 * regularized=True) = 0.025 (upper, a = x + 1, b = n - x), by
 * mp.findroot(solver='anderson'). scipy 1.10.1's beta.ppf is itself off by
 * up to 2e-9 here (its betainc and beta.sf disagree by 1e-8), so it is not
 * the reference. */
START_TEST(clopper_pearson_large_n)
{
    static const double v[][4] = {
        { 7, 1e9, 2.814363056002635554e-9, 1.4422675308174960931e-8 },
        { 1000, 1e9, 9.3897304658956094192e-7, 1.0639521019952884303e-6 },
        { 1234, 1e4, 0.11701410824028472511, 0.13000609376364681069 },
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        fp_ci ci;
        ck_assert_int_eq(fp_proportion_ci_exact(v[i][0], v[i][1], 1, 0.95, &ci), FP_OK);
        ck_assert_rel(ci.lower, v[i][2], 1e-12);
        ck_assert_rel(ci.upper, v[i][3], 1e-12);
    }
    /* The limits of x and n - x mirror each other (lower(x) = 1 -
     * upper(n - x)): a check of the central region, where no reference
     * could be computed at n = 1e9. */
    fp_ci a, b;
    ck_assert_int_eq(fp_proportion_ci_exact(123456789, 1e9, 1, 0.95, &a), FP_OK);
    ck_assert_int_eq(fp_proportion_ci_exact(1e9 - 123456789, 1e9, 1, 0.95, &b), FP_OK);
    ck_assert_rel(a.lower, 1.0 - b.upper, 1e-13);
    ck_assert_rel(a.upper, 1.0 - b.lower, 1e-13);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("rates");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, rate_phe);
    tcase_add_test(tc, proportion_phe);
    tcase_add_test(tc, byars_wilson_phe);
    tcase_add_test(tc, mean_phe);
    tcase_add_test(tc, dsr_phe);
    tcase_add_test(tc, dsr_errors);
    tcase_add_test(tc, isr_phe);
    tcase_add_test(tc, edge_cases);
    tcase_add_test(tc, clopper_pearson_r);
    tcase_add_test(tc, proportion_diff_ref);
    tcase_add_test(tc, proportion_ratio_ref);
    tcase_add_test(tc, rate_ratio_ref);
    tcase_add_test(tc, rate_diff_ref);
    tcase_add_test(tc, funnel_proportion_phe);
    tcase_add_test(tc, funnel_ratio_phe);
    tcase_add_test(tc, funnel_rate_phe);
    tcase_add_test(tc, exact_poisson_large_r);
    tcase_add_test(tc, gsl_default_handler);
    tcase_add_test(tc, clopper_pearson_large_n);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
