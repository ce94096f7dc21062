/* test_compare.c -- benchmarking: the Fingertips rule at its boundaries,
 * ranks, quartile bands, percentiles and statistical-neighbour aggregates on
 * real LAIT values, PHEindicatormethods' phe_quantile test data, type-7 and
 * NTILE quantile groups, change between periods, targets and kNN.
 *
 * Sources of expected values:
 *  - LAIT: the values below were extracted from /work/shared/data/lait
 *    (bds_long.csv, sn_may_2025.csv; DfE LAIT April 2026) and the expected
 *    ranks, quartiles, bands, percentiles and neighbour mean/median were
 *    computed independently in base R by tests/ref/compare/lait_ranks.R
 *    (its output, tests/ref/compare/lait_ranks.out, is pasted here):
 *      rank(-v or v, ties.method = "min", na.last = "keep"),
 *      quantile(v, na.rm = TRUE, type = 7), DfE LAIT's calculate_quartile_band
 *      rule, 100 * sum(worse) / (n - 1), mean(nv, na.rm = TRUE), median(...).
 *  - tests/ref/phe/testdata_Quantiles__testdata_Quantiles.csv: the expected
 *    QuantileInGrp of PHEindicatormethods (OHID), read at test time.
 *  - tests/ref/quantile/quantile_expected.csv: phe_quantile itself (commit
 *    093fd288) on generated ties and NAs and on the injuries export, within
 *    sets and not (tests/ref/quantile/make_ref.R).
 *  - quantiles, quintile groups and kNN on small inputs: R 4 (code pasted at
 *    each test).
 *  - Fingertips rule, targets, pooled aggregate, change: worked by hand from
 *    the definitions in docs/methods.md ("Benchmarking"). */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* ------------------------------------------------------------ Fingertips */

START_TEST(fingertips_boundaries)
{
    fp_cmp r;
    fp_cmp_reason why;
    /* Area 20 (15, 25). Benchmark exactly on a limit is "similar". */
    ck_assert_int_eq(fp_compare_ci(20, 15, 25, 15, FP_POLARITY_HIGH, &r, &why), FP_OK);
    ck_assert_int_eq(r, FP_CMP_SIMILAR);
    ck_assert_int_eq(why, FP_CMP_REASON_NONE);
    fp_compare_ci(20, 15, 25, 25, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_SIMILAR);
    /* Just below the lower limit: the area is significantly higher. */
    fp_compare_ci(20, 15, 25, nextafter(15, 0), FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_ci(20, 15, 25, nextafter(15, 0), FP_POLARITY_LOW, &r, &why);
    ck_assert_int_eq(r, FP_CMP_WORSE);
    fp_compare_ci(20, 15, 25, nextafter(15, 0), FP_POLARITY_NONE, &r, &why);
    ck_assert_int_eq(r, FP_CMP_HIGHER);
    /* Just above the upper limit: significantly lower. */
    fp_compare_ci(20, 15, 25, nextafter(25, 99), FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_WORSE);
    fp_compare_ci(20, 15, 25, nextafter(25, 99), FP_POLARITY_LOW, &r, &why);
    ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_ci(20, 15, 25, nextafter(25, 99), FP_POLARITY_NONE, &r, &why);
    ck_assert_int_eq(r, FP_CMP_LOWER);
    /* Zero-width interval: only an equal benchmark is similar. */
    fp_compare_ci(1, 1, 1, 1, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_SIMILAR);
    /* Not compared, with reasons. */
    fp_compare_ci(20, NAN, 25, 10, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_NOT_COMPARED);
    ck_assert_int_eq(why, FP_CMP_REASON_NO_INTERVAL);
    ck_assert_str_eq(fp_cmp_reason_name(why), "no confidence interval");
    fp_compare_ci(NAN, 15, 25, 10, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(why, FP_CMP_REASON_NO_VALUE);
    fp_compare_ci(20, 15, 25, NAN, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(why, FP_CMP_REASON_NO_BENCHMARK);
    fp_compare_ci(20, 25, 15, 10, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(why, FP_CMP_REASON_BAD_INTERVAL);
    ck_assert_int_eq(r, FP_CMP_NOT_COMPARED);
    /* Errors. */
    ck_assert_int_eq(fp_compare_ci(20, 15, 25, 10, FP_POLARITY_HIGH, NULL, &why), FP_EINVAL);
    ck_assert_int_eq(fp_compare_ci(20, 15, 25, 10, (fp_polarity)7, &r, &why), FP_EINVAL);
    /* Names and colours (Fingertips). */
    ck_assert_str_eq(fp_cmp_name(FP_CMP_BETTER), "better");
    ck_assert_str_eq(fp_cmp_colour(FP_CMP_BETTER), "#92D050");
    ck_assert_str_eq(fp_cmp_colour(FP_CMP_SIMILAR), "#FFC000");
    ck_assert_str_eq(fp_cmp_colour(FP_CMP_WORSE), "#C00000");
    ck_assert_str_eq(fp_cmp_colour(FP_CMP_HIGHER), "#BED2FF");
    ck_assert_str_eq(fp_cmp_colour(FP_CMP_LOWER), "#5555E6");
    ck_assert_str_eq(fp_cmp_colour(FP_CMP_NOT_COMPARED), "#C9C9C9");
    ck_assert_str_eq(fp_cmp_name((fp_cmp)99), "unknown");
}
END_TEST

START_TEST(fingertips_levels)
{
    fp_cmp r;
    fp_cmp_reason why;
    /* Area 20, 95% (17, 23), 99.8% (15, 25). */
    fp_compare_ci_levels(20, 17, 23, 15, 25, 16, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_BETTER);            /* outside 95 only */
    fp_compare_ci_levels(20, 17, 23, 15, 25, 15, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_BETTER);            /* on the 99.8 limit: not beyond */
    fp_compare_ci_levels(20, 17, 23, 15, 25, 14.9, FP_POLARITY_HIGH, &r, &why);
    ck_assert_int_eq(r, FP_CMP_BETTER_998);
    fp_compare_ci_levels(20, 17, 23, 15, 25, 14.9, FP_POLARITY_LOW, &r, &why);
    ck_assert_int_eq(r, FP_CMP_WORSE_998);
    fp_compare_ci_levels(20, 17, 23, 15, 25, 25.1, FP_POLARITY_NONE, &r, &why);
    ck_assert_int_eq(r, FP_CMP_LOWER_998);
    fp_compare_ci_levels(20, 17, 23, 15, 25, 14.9, FP_POLARITY_NONE, &r, &why);
    ck_assert_int_eq(r, FP_CMP_HIGHER_998);
    fp_compare_ci_levels(20, 17, 23, 15, 25, 23, FP_POLARITY_NONE, &r, &why);
    ck_assert_int_eq(r, FP_CMP_SIMILAR);
    /* No 99.8% interval: the 95% result stands. */
    fp_compare_ci_levels(20, 17, 23, NAN, NAN, 10, FP_POLARITY_LOW, &r, &why);
    ck_assert_int_eq(r, FP_CMP_WORSE);
    /* No 95% interval: not compared. */
    fp_compare_ci_levels(20, NAN, NAN, 15, 25, 10, FP_POLARITY_LOW, &r, &why);
    ck_assert_int_eq(r, FP_CMP_NOT_COMPARED);
    ck_assert_int_eq(why, FP_CMP_REASON_NO_INTERVAL);
    ck_assert_str_eq(fp_cmp_name(FP_CMP_WORSE_998), "worse (99.8%)");
}
END_TEST

START_TEST(two_sample_counts)
{
    /* R: prop.test(c(45, 300), c(100, 1000), correct = FALSE)$p.value
     *      = 0.0020526242199824722 (45% vs 30%: higher; better with High)
     *    prop.test(c(30, 300), c(100, 1000), correct = FALSE)$p.value = 1
     *    poisson.test(c(60, 500), c(10000, 120000)): p = 0.010853428458465767,
     *      rate ratio 1.44 */
    fp_cmp_test t;
    ck_assert_int_eq(fp_compare_counts(FP_UNIT_PERCENT, 45, 100, 300, 1000, 100, 0.95,
                                       FP_POLARITY_HIGH, &t), FP_OK);
    ck_assert_rel(t.p_value, 0.0020526242199824722, 1e-9);
    ck_assert_rel(t.estimate, 15, 1e-12);
    ck_assert_int_eq(t.result, FP_CMP_BETTER);
    fp_compare_counts(FP_UNIT_PERCENT, 45, 100, 300, 1000, 100, 0.998, FP_POLARITY_HIGH, &t);
    ck_assert_int_eq(t.result, FP_CMP_SIMILAR);      /* p > 0.002 */
    fp_compare_counts(FP_UNIT_PERCENT, 30, 100, 300, 1000, 100, 0.95, FP_POLARITY_HIGH, &t);
    ck_assert_rel(t.p_value, 1, 1e-12);
    ck_assert_int_eq(t.result, FP_CMP_SIMILAR);
    ck_assert_int_eq(fp_compare_counts(FP_UNIT_RATE, 60, 10000, 500, 120000, 10000, 0.95,
                                       FP_POLARITY_LOW, &t), FP_OK);
    ck_assert_rel(t.p_value, 0.010853428458465767, 1e-9);
    ck_assert_rel(t.estimate, 1.44, 1e-12);
    ck_assert_int_eq(t.result, FP_CMP_WORSE);
    ck_assert_str_eq(t.method, "exact test of two Poisson rates");
    ck_assert_int_eq(fp_compare_counts(FP_UNIT_SCORE, 1, 2, 3, 4, 1, 0.95, FP_POLARITY_LOW, &t),
                     FP_ENODATA);
    ck_assert_int_eq(t.result, FP_CMP_NOT_COMPARED);
    ck_assert_int_ne(fp_compare_counts(FP_UNIT_PERCENT, NAN, 100, 3, 4, 100, 0.95,
                                       FP_POLARITY_LOW, &t), FP_OK);
    ck_assert_int_eq(t.result, FP_CMP_NOT_COMPARED);
}
END_TEST

/* ----------------------------------------------------------- LAIT values */

/* Pasted from tests/ref/compare/lait_ranks.out (see the header comment). */
static const char *const sn_343[10] = {"344","342","359","888","876","840","808","340","841","351"};
static const char *const sn_302[10] = {"320","870","310","317","315","306","209","312","309","307"};
static const char *const sn_908[10] = {"926","351","845","830","929","935","878","891","888","886"};
static const char *const sn_201[10] = {"202","205","207","210","208","206","212","213","209","846"};
static const char *const sn_836[10] = {"938","803","885","845","866","835","886","802","935","881"};
/* Under18concep (Low, 2022): 158 LAs, 151 with values */
static const char *const Under18concep_codes[] = {"201","202","203","204","205","206","207","208","209","210","211","212","213","301","302","303","304","305","306","307","308","309","310","311","312","313","314","315","316","317","318","319","320","330","331","332","333","334","335","336","340","341","342","343","344","350","351","352","353","354","355","356","357","358","359","370","371","372","373","380","381","382","383","384","390","391","392","393","394","420","800","801","802","803","805","806","807","808","810","811","812","813","815","816","821","822","823","825","826","830","831","835","836","837","838","839","840","841","845","846","850","851","852","855","856","857","860","861","865","866","867","868","869","870","871","872","873","874","876","877","878","879","880","881","882","883","884","885","886","887","888","889","890","891","892","893","894","895","896","908","909","916","919","921","925","926","928","929","931","933","935","936","937","938","940","941","942","943"};
static const double Under18concep_vals[] = {NAN,8.1,11.8,9.9,6.9,11.4,5.6,12.5,13,10.9,9.3000000000000007,8.9,6.3,14.8,6.7,14,8,9.1999999999999993,15.6,6.7,12.9,12.7,7.6,11.2,10.199999999999999,7.7,5.3,8.6,10.5,6.9,5.0999999999999996,7.9,13.1,14.5,21.2,19,17,13.7,17.899999999999999,16.2,12.3,18.2,20.9,16.7,19.600000000000001,17.3,14.8,14.4,21.2,18.399999999999999,20.9,11.7,23.2,6.7,18.5,20.399999999999999,22,19.3,17,16,15.2,12.5,20.9,20.7,17.399999999999999,18.2,15.3,18.3,19.600000000000001,NAN,6.9,13.1,12.8,8.9,22.4,29.2,34.4,19.7,29.9,12.1,24.7,19,11.6,13.6,10.7,10.8,12.7,6.7,11.4,12.6,16.600000000000001,NAN,NAN,NAN,8.5,15.4,18.399999999999999,15.4,13.6,10.6,12.1,23.5,16.3,13.5,14.7,6.2,15.9,21.8,9.1,11.9,7.9,6.9,7.4,13.3,9.1999999999999993,5.5,9.5,21.9,25.7,17,13.6,13.2,24.8,13.6,16.5,15.7,14.1,12,14.4,17.399999999999999,18.5,13.7,26.4,16,19.2,15.7,15.8,12,12.8,16.5,NAN,11.7,9.5,11.1,14.3,15.3,NAN,17.3,9.1999999999999993,11.8,14.6,8.1999999999999993,15.6,10.5,15.4,12,17.5,9.6};
static const double Under18concep_q[5] = {5.0999999999999996, 10.550000000000001, 13.6, 17.350000000000001, 34.399999999999999};
/* CareLeaverEET (High, 2025): 158 LAs, 152 with values */
static const char *const CareLeaverEET_codes[] = {"201","202","203","204","205","206","207","208","209","210","211","212","213","301","302","303","304","305","306","307","308","309","310","311","312","313","314","315","316","317","318","319","320","330","331","332","333","334","335","336","340","341","342","343","344","350","351","352","353","354","355","356","357","358","359","370","371","372","373","380","381","382","383","384","390","391","392","393","394","420","800","801","802","803","805","806","807","808","810","811","812","813","815","816","821","822","823","825","826","830","831","835","836","837","838","839","840","841","845","846","850","851","852","855","856","857","860","861","865","866","867","868","869","870","871","872","873","874","876","877","878","879","880","881","882","883","884","885","886","887","888","889","890","891","892","893","894","895","896","908","909","916","919","921","925","926","928","929","931","933","935","936","937","938","940","941","942","943"};
static const double CareLeaverEET_vals[] = {72,58,52,58,61,59,69,58,53,75,68,56,61,58,64,53,60,56,52,63,43,54,67,44,53,51,51,73,55,55,57,57,54,55,56,50,42,48,51,57,52,56,64,59,57,40,51,60,47,46,69,61,54,56,60,64,47,46,39,52,49,51,46,48,46,54,44,74,45,NAN,65,64,66,52,45,41,49,49,47,60,51,47,62,68,51,56,74,52,64,61,53,NAN,NAN,NAN,62,56,41,60,60,67,28,51,55,59,79,76,66,43,60,49,44,60,63,57,54,56,58,47,51,52,47,41,48,48,45,47,55,54,51,56,48,45,46,51,63,50,56,64,54,65,NAN,60,56,55,50,57,NAN,49,64,52,46,56,53,56,39,47,46,65};
static const double CareLeaverEET_q[5] = {28, 49, 54.5, 60, 79};
/* ChildPov (Low, 2025): 158 LAs, 153 with values */
static const char *const ChildPov_codes[] = {"201","202","203","204","205","206","207","208","209","210","211","212","213","301","302","303","304","305","306","307","308","309","310","311","312","313","314","315","316","317","318","319","320","330","331","332","333","334","335","336","340","341","342","343","344","350","351","352","353","354","355","356","357","358","359","370","371","372","373","380","381","382","383","384","390","391","392","393","394","420","800","801","802","803","805","806","807","808","810","811","812","813","815","816","821","822","823","825","826","830","831","835","836","837","838","839","840","841","845","846","850","851","852","855","856","857","860","861","865","866","867","868","869","870","871","872","873","874","876","877","878","879","880","881","882","883","884","885","886","887","888","889","890","891","892","893","894","895","896","908","909","916","919","921","925","926","928","929","931","933","935","936","937","938","940","941","942","943"};
static const double ChildPov_vals[] = {6.9,16.399999999999999,17.2,21.2,12.9,19.399999999999999,8,17,15.5,18.399999999999999,26.7,12.6,12.7,23,11.2,11.4,18.5,8.1999999999999993,16.399999999999999,15.7,15.2,16.5,14,13.2,15.1,16.5,8,11.6,23,16.600000000000001,5.2,10.4,18.2,39.5,25.5,28,35.5,15.2,32.799999999999997,32.9,24.5,29.6,21.5,19.8,20,33.200000000000003,25.5,35.5,38.200000000000003,32,25.4,15.5,27,12.3,21.4,28.2,31,27.3,28.5,39.299999999999997,27.1,30.3,25,23,24,26.7,19.2,26.5,25.7,8.9,10.199999999999999,19.7,12.3,11.2,27.2,34.4,26.2,22.3,33.200000000000003,18,30.8,25.5,14.7,13.9,31.7,17.8,11.7,11,15.3,18.5,27.9,NAN,NAN,NAN,15.5,14.5,26,24.8,16.7,13.8,11.3,20.7,21.8,15.2,34.5,11.5,19.100000000000001,35,13.1,16,8.5,7.7,9.6,14.9,19.3,6.4,12.6,27.6,23,15.1,16.8,20.7,21,14.4,17.7,18.399999999999999,19.8,18,15.3,17.399999999999999,24.9,36.200000000000003,30.5,19.5,33.700000000000003,18.8,24.8,13,15.1,21.4,NAN,15.1,10.9,23.5,22,19.8,NAN,21.1,10.4,17.3,18,8.3000000000000007,14.2,12.8,18.899999999999999,16.8,19.100000000000001,15.7};
static const double ChildPov_q[5] = {5.2000000000000002, 14.5, 18.5, 25.5, 39.5};
/* Level3Age19 (High, 2024): 158 LAs, 150 with values */
static const char *const Level3Age19_codes[] = {"201","202","203","204","205","206","207","208","209","210","211","212","213","301","302","303","304","305","306","307","308","309","310","311","312","313","314","315","316","317","318","319","320","330","331","332","333","334","335","336","340","341","342","343","344","350","351","352","353","354","355","356","357","358","359","370","371","372","373","380","381","382","383","384","390","391","392","393","394","420","800","801","802","803","805","806","807","808","810","811","812","813","815","816","821","822","823","825","826","830","831","835","836","837","838","839","840","841","845","846","850","851","852","855","856","857","860","861","865","866","867","868","869","870","871","872","873","874","876","877","878","879","880","881","882","883","884","885","886","887","888","889","890","891","892","893","894","895","896","908","909","916","919","921","925","926","928","929","931","933","935","936","937","938","940","941","942","943"};
static const double Level3Age19_vals[] = {NAN,70.631,62.884999999999998,68.884,73.278999999999996,65.686000000000007,76.120999999999995,62.179000000000002,63.335999999999999,71.262,72.227999999999994,67.418999999999997,73.849000000000004,65.155000000000001,76.254000000000005,60.92,71.974999999999994,66.706000000000003,59.774999999999999,74.018000000000001,63.042000000000002,64.816000000000003,77.067999999999998,64.524000000000001,67.688000000000002,70.876000000000005,77.27,63.536999999999999,69.917000000000002,76.388999999999996,74.727000000000004,72.929000000000002,68.596000000000004,60.176000000000002,55.826999999999998,50.597999999999999,49.106999999999999,58.262,50.951999999999998,49.984999999999999,37.281999999999996,50.468000000000004,43.651000000000003,51.985999999999997,55.59,56.183,59.892000000000003,56.551000000000002,53.76,56.396000000000001,41.389000000000003,56.722000000000001,50.323,72.852999999999994,54.088999999999999,51.749000000000002,42.192,45.74,54.255000000000003,48.697000000000003,52.564999999999998,56.164000000000001,52.838000000000001,48.557000000000002,54.393000000000001,50.686999999999998,57.89,49.578000000000003,49.237000000000002,NAN,59.311,53.688000000000002,60.5,50.85,50.375,47.354999999999997,49.454000000000001,53.874000000000002,42.115000000000002,53.637999999999998,48.793999999999997,45.469000000000001,59.959000000000003,62.445,56.38,55.31,55.44,71.135000000000005,58.402999999999999,52.497999999999998,50.066000000000003,NAN,NAN,NAN,55.533999999999999,59.890999999999998,47.326000000000001,54.649000000000001,52.636000000000003,61.066000000000003,58.265000000000001,44.286000000000001,45.497,57.988999999999997,58.917999999999999,65.81,54.164000000000001,45.454999999999998,57.747999999999998,52.962000000000003,58.68,65.638999999999996,62.774999999999999,63.158000000000001,68.28,68.343000000000004,59.206000000000003,48.755000000000003,52.253,59.436999999999998,54.439,48.415999999999997,56.715000000000003,56.747,68.87,54.905000000000001,50.396999999999998,53.948999999999998,55.624000000000002,49.89,57.610999999999997,60.097000000000001,42.790999999999997,53.801000000000002,48.999000000000002,56.148000000000003,56.292999999999999,62.682000000000002,58.253,53.667000000000002,48.25,61.994,67.947999999999993,47.551000000000002,54.21,51.054000000000002,NAN,54.091999999999999,60.637,53.542999999999999,54.28,63.008000000000003,58.360999999999997,56.872999999999998,50.959000000000003,57.52,NAN,NAN};
static const double Level3Age19_q[5] = {37.281999999999996, 51.22775, 56.388000000000005, 62.977249999999998, 77.269999999999996};

struct lait_ind {
    const char *code;
    const char *const *codes;
    const double *vals;
    size_t n;
    const double *q;
};

#define IND(c) { #c, c##_codes, c##_vals, N_OF(c##_vals), c##_q }
static const struct lait_ind lait_inds[] = {
    IND(Under18concep), IND(CareLeaverEET), IND(ChildPov), IND(Level3Age19)
};

struct lait_sn { const char *area; const char *const *sn; };
static const struct lait_sn lait_sns[] = {
    { "343", sn_343 }, { "302", sn_302 }, { "908", sn_908 }, { "201", sn_201 }, { "836", sn_836 }
};

/* Expected (R): indicator, area, rank, of n, polarity, band, percentile,
 * neighbour mean, median, neighbours with values (of 10). rank 0: no value. */
struct lait_exp {
    const char *ind, *area;
    size_t rank, n_ranked;
    fp_polarity pol;
    char band;
    double pct, sn_mean, sn_median;
    size_t sn_used;
};
static const struct lait_exp lait_exp[] = {
    { "Under18concep", "343", 108, 151, FP_POLARITY_LOW, 'C', 28.666666666666668, 18.379999999999999, 18.5, 10 },
    { "Under18concep", "302", 7, 151, FP_POLARITY_LOW, 'A', 94, 10.77, 11.449999999999999, 10 },
    { "Under18concep", "908", 105, 151, FP_POLARITY_LOW, 'C', 30, 15.07, 14.699999999999999, 10 },
    { "Under18concep", "201", 0, 0, FP_POLARITY_LOW, 0, NAN, 9.4199999999999999, 9.75, 10 },
    { "Under18concep", "836", 0, 0, FP_POLARITY_LOW, 0, NAN, 12.477777777777778, 12.800000000000001, 9 },
    { "CareLeaverEET", "343", 44, 152, FP_POLARITY_HIGH, 'B', 70.198675496688736, 53.299999999999997, 51.5, 10 },
    { "CareLeaverEET", "302", 19, 152, FP_POLARITY_HIGH, 'A', 84.105960264900659, 58.100000000000001, 54.5, 10 },
    { "CareLeaverEET", "908", 16, 152, FP_POLARITY_HIGH, 'A', 88.741721854304629, 52.100000000000001, 51, 10 },
    { "CareLeaverEET", "201", 7, 152, FP_POLARITY_HIGH, 'A', 96.026490066225165, 61.700000000000003, 60, 10 },
    { "CareLeaverEET", "836", 0, 0, FP_POLARITY_HIGH, 0, NAN, 53.555555555555557, 52, 9 },
    { "ChildPov",    "343", 88, 153, FP_POLARITY_LOW, 'C', 41.44736842105263, 23.390000000000001, 23.75, 10 },
    { "ChildPov",    "302", 17, 153, FP_POLARITY_LOW, 'A', 88.815789473684205, 15.449999999999999, 15.6, 10 },
    { "ChildPov",    "908", 97, 153, FP_POLARITY_LOW, 'C', 36.184210526315788, 19.609999999999999, 19, 10 },
    { "ChildPov",    "201", 3, 153, FP_POLARITY_LOW, 'A', 98.684210526315795, 14.67, 14.65, 10 },
    { "ChildPov",    "836", 0, 0, FP_POLARITY_LOW, 0, NAN, 14.966666666666667, 15.300000000000001, 9 },
    { "Level3Age19", "343", 111, 150, FP_POLARITY_HIGH, 'C', 26.174496644295303, 51.621700000000004, 53.981499999999997, 10 },
    { "Level3Age19", "302", 4, 150, FP_POLARITY_HIGH, 'A', 97.986577181208048, 67.838099999999997, 66.25200000000001, 10 },
    { "Level3Age19", "908", 102, 150, FP_POLARITY_HIGH, 'C', 32.214765100671144, 54.592700000000001, 54.186, 10 },
    { "Level3Age19", "201", 0, 0, FP_POLARITY_HIGH, 0, NAN, 68.482799999999997, 69.025000000000006, 10 },
    { "Level3Age19", "836", 0, 0, FP_POLARITY_HIGH, 0, NAN, 54.93566666666667, 54.280000000000001, 9 },
};

static const struct lait_ind *find_ind(const char *code)
{
    for (size_t i = 0; i < N_OF(lait_inds); i++)
        if (!strcmp(lait_inds[i].code, code)) return &lait_inds[i];
    return NULL;
}

static double value_of(const struct lait_ind *ind, const char *area)
{
    for (size_t i = 0; i < ind->n; i++)
        if (!strcmp(ind->codes[i], area)) return ind->vals[i];
    return NAN;
}

START_TEST(lait_ranks_bands)
{
    for (size_t e = 0; e < N_OF(lait_exp); e++) {
        const struct lait_exp *x = &lait_exp[e];
        const struct lait_ind *ind = find_ind(x->ind);
        ck_assert_ptr_nonnull(ind);
        double v = value_of(ind, x->area);
        /* Quartiles (type 7) of all LAs' values. */
        double q[5];
        char band;
        int st = fp_quartile_band_of(v, ind->vals, ind->n, x->pol, &band, q);
        for (int i = 0; i < 5; i++) ck_assert_rel(q[i], ind->q[i], 1e-15);
        if (x->rank == 0) {
            ck_assert_int_eq(st, FP_ENODATA);
            size_t r;
            ck_assert_int_eq(fp_rank_of(v, ind->vals, ind->n, x->pol, &r, NULL), FP_ENODATA);
        } else {
            ck_assert_int_eq(st, FP_OK);
            ck_assert_msg(band == x->band, "%s %s band %c want %c", x->ind, x->area, band, x->band);
            size_t r, m;
            ck_assert_int_eq(fp_rank_of(v, ind->vals, ind->n, x->pol, &r, &m), FP_OK);
            ck_assert_uint_eq(r, x->rank);
            ck_assert_uint_eq(m, x->n_ranked);
            /* The all-areas ranking agrees. */
            size_t *ranks = malloc(ind->n * sizeof *ranks);
            ck_assert_int_eq(fp_rank(ind->vals, ind->n, x->pol, ranks, &m), FP_OK);
            for (size_t i = 0; i < ind->n; i++)
                if (!strcmp(ind->codes[i], x->area)) ck_assert_uint_eq(ranks[i], x->rank);
            free(ranks);
            double pct;
            ck_assert_int_eq(fp_percentile_of(v, ind->vals, ind->n, x->pol, &pct), FP_OK);
            ck_assert_rel(pct, x->pct, 1e-13);
        }
        /* Statistical neighbours (sn_may_2025): mean and median. */
        const char *const *sn = NULL;
        for (size_t i = 0; i < N_OF(lait_sns); i++)
            if (!strcmp(lait_sns[i].area, x->area)) sn = lait_sns[i].sn;
        ck_assert_ptr_nonnull(sn);
        double nv[10];
        for (int i = 0; i < 10; i++) nv[i] = value_of(ind, sn[i]);
        fp_agg_result ar;
        ck_assert_int_eq(fp_aggregate(FP_AGG_MEAN, nv, NULL, NULL, 10, 1, &ar), FP_OK);
        ck_assert_rel(ar.value, x->sn_mean, 1e-14);
        ck_assert_uint_eq(ar.n_used, x->sn_used);
        ck_assert_uint_eq(ar.n_total, 10);
        ck_assert_int_eq(fp_aggregate(FP_AGG_MEDIAN, nv, NULL, NULL, 10, 1, &ar), FP_OK);
        ck_assert_rel(ar.value, x->sn_median, 1e-14);
    }
}
END_TEST

START_TEST(rank_rules)
{
    /* Ties take the lowest rank; NaN has no rank; no rank without polarity.
     * R: rank(-c(5, 7, 7, NA, 1), ties.method = "min", na.last = "keep")
     *    = 3 1 1 NA 4 */
    const double v[] = { 5, 7, 7, NAN, 1 };
    size_t r[5], m;
    ck_assert_int_eq(fp_rank(v, 5, FP_POLARITY_HIGH, r, &m), FP_OK);
    ck_assert_uint_eq(r[0], 3); ck_assert_uint_eq(r[1], 1); ck_assert_uint_eq(r[2], 1);
    ck_assert_uint_eq(r[3], 0); ck_assert_uint_eq(r[4], 4); ck_assert_uint_eq(m, 4);
    /* R: rank(c(5, 7, 7, NA, 1), ties.method = "min") = 2 3 3 NA 1 */
    ck_assert_int_eq(fp_rank(v, 5, FP_POLARITY_LOW, r, &m), FP_OK);
    ck_assert_uint_eq(r[0], 2); ck_assert_uint_eq(r[1], 3); ck_assert_uint_eq(r[2], 3);
    ck_assert_uint_eq(r[4], 1);
    ck_assert_int_eq(fp_rank(v, 5, FP_POLARITY_NONE, r, &m), FP_EINVAL);
    size_t one;
    ck_assert_int_eq(fp_rank_of(7, v, 5, FP_POLARITY_NONE, &one, NULL), FP_EINVAL);
    double p;
    ck_assert_int_eq(fp_percentile_of(7, v, 5, FP_POLARITY_HIGH, &p), FP_OK);
    ck_assert_rel(p, 100.0 * 2 / 3, 1e-15);       /* 5 and 1 are worse, n = 4 */
    ck_assert_int_eq(fp_percentile_of(3, v, 1, FP_POLARITY_HIGH, &p), FP_OK);
    ck_assert_rel(p, 100.0, 1e-15);
    char band;
    const double q[5] = { 0, 25, 50, 75, 100 };
    /* LAIT's own test cases (calculate_quartile_band, boundaries upper-inclusive). */
    ck_assert_int_eq(fp_quartile_band(0, q, FP_POLARITY_LOW, &band), FP_OK); ck_assert(band == 'A');
    fp_quartile_band(25, q, FP_POLARITY_LOW, &band); ck_assert(band == 'A');
    fp_quartile_band(25.0001, q, FP_POLARITY_LOW, &band); ck_assert(band == 'B');
    fp_quartile_band(50, q, FP_POLARITY_LOW, &band); ck_assert(band == 'B');
    fp_quartile_band(75, q, FP_POLARITY_LOW, &band); ck_assert(band == 'C');
    fp_quartile_band(100, q, FP_POLARITY_LOW, &band); ck_assert(band == 'D');
    fp_quartile_band(100, q, FP_POLARITY_HIGH, &band); ck_assert(band == 'A');
    fp_quartile_band(10, q, FP_POLARITY_HIGH, &band); ck_assert(band == 'D');
    ck_assert_int_eq(fp_quartile_band(101, q, FP_POLARITY_HIGH, &band), FP_EDOM);
    ck_assert_int_eq(fp_quartile_band(50, q, FP_POLARITY_NONE, &band), FP_EINVAL);
    ck_assert_int_eq(fp_quartile_band(NAN, q, FP_POLARITY_LOW, &band), FP_ENODATA);
}
END_TEST

/* ------------------------------------------------------------- quantiles */

START_TEST(quantiles_type7_ntile)
{
    /* R:
     *   v <- c(3.1, 7.4, 1.2, 9.9, 5.5, 5.5, 2.8, 8.0, 6.6, 4.3, 0.7)
     *   q <- quantile(v, probs = seq(0, 1, 0.2), type = 7)
     *     0.69999999999999996 2.7999999999999998 4.2999999999999998
     *     5.5000000000000009 7.4000000000000004 9.9000000000000004
     *   sapply(v, function(x) max(1, min(5, which(x <= q[-1])[1])))
     *     2 4 1 5 3 3 1 5 4 2 1
     *   quantile(v, c(0.1, 0.33, 0.5, 0.9), type = 7)
     *     1.2 3.4600000000000009 5.5 8
     * NTILE(5) over the 11 values ascending (SQL: groups of 3, 2, 2, 2, 2):
     *     2 4 1 5 3 3 1 5 4 2 1 (by hand; the same here by coincidence of
     *     the group sizes); descending, sorted 9.9 8.0 7.4 | 6.6 5.5(5th) | 5.5(6th)
     *     4.3 | 3.1 2.8 | 1.2 0.7, by input: 4 1 5 1 2 3 4 1 2 3 5. */
    const double v[] = { 3.1, 7.4, 1.2, 9.9, 5.5, 5.5, 2.8, 8.0, 6.6, 4.3, 0.7 };
    const double want_q[] = { 0.69999999999999996, 2.7999999999999998, 4.2999999999999998,
                              5.5000000000000009, 7.4000000000000004, 9.9000000000000004 };
    for (int j = 0; j <= 5; j++) {
        double q;
        ck_assert_int_eq(fp_quantile7(v, 11, j * 0.2, &q), FP_OK);   /* as seq() */
        ck_assert_rel(q, want_q[j], 0);
    }
    const double ps[] = { 0.1, 0.33, 0.5, 0.9 }, qs[] = { 1.2, 3.4600000000000009, 5.5, 8 };
    for (int j = 0; j < 4; j++) {
        double q;
        fp_quantile7(v, 11, ps[j], &q);
        ck_assert_rel(q, qs[j], 1e-15);
    }
    int g[11];
    const int want7[] = { 2, 4, 1, 5, 3, 3, 1, 5, 4, 2, 1 };
    ck_assert_int_eq(fp_quantile_groups(v, 11, 5, FP_QMETHOD_TYPE7, 0, g), FP_OK);
    for (int i = 0; i < 11; i++) ck_assert_int_eq(g[i], want7[i]);
    ck_assert_int_eq(fp_quantile_groups(v, 11, 5, FP_QMETHOD_NTILE, 0, g), FP_OK);
    for (int i = 0; i < 11; i++) ck_assert_int_eq(g[i], want7[i]);
    const int wantd[] = { 4, 1, 5, 1, 2, 3, 4, 1, 2, 3, 5 };
    ck_assert_int_eq(fp_quantile_groups(v, 11, 5, FP_QMETHOD_NTILE, 1, g), FP_OK);
    for (int i = 0; i < 11; i++) ck_assert_int_eq(g[i], wantd[i]);
    /* Where the two generations disagree: 1..10 in quintiles. Type 7 bounds
     * (R quantile(1:10, seq(0,1,.2))) 1, 2.8, 4.6, 6.4, 8.2, 10 put 1,2 | 3,4 |
     * 5,6 | 7,8 | 9,10; NTILE(5) also 2 each. With 1..7: type-7 bounds 1, 2.2,
     * 3.4, 4.6, 5.8, 7 give 1,2 | 3 | 4 | 5 | 6,7 while NTILE gives sizes
     * 2,2,1,1,1: 1,2 | 3,4 | 5 | 6 | 7. */
    const double w[] = { 1, 2, 3, 4, 5, 6, 7 };
    const int w7[] = { 1, 1, 2, 3, 4, 5, 5 }, wn[] = { 1, 1, 2, 2, 3, 4, 5 };
    fp_quantile_groups(w, 7, 5, FP_QMETHOD_TYPE7, 0, g);
    for (int i = 0; i < 7; i++) ck_assert_int_eq(g[i], w7[i]);
    fp_quantile_groups(w, 7, 5, FP_QMETHOD_NTILE, 0, g);
    for (int i = 0; i < 7; i++) ck_assert_int_eq(g[i], wn[i]);
    double q;
    ck_assert_int_eq(fp_quantile7(v, 0, 0.5, &q), FP_ENODATA);
    ck_assert_int_eq(fp_quantile7(v, 11, 1.5, &q), FP_EDOM);
    ck_assert_int_eq(fp_quantile_groups(v, 11, 0, FP_QMETHOD_NTILE, 0, g), FP_EINVAL);
    fp_qmethod m;
    ck_assert_int_eq(fp_qmethod_parse("ntile", &m), FP_OK); ck_assert_int_eq(m, FP_QMETHOD_NTILE);
    ck_assert_int_eq(fp_qmethod_parse("lait", &m), FP_OK); ck_assert_int_eq(m, FP_QMETHOD_TYPE7);
    ck_assert_int_eq(fp_qmethod_parse("phe", &m), FP_OK); ck_assert_int_eq(m, FP_QMETHOD_PHE);
    ck_assert_int_eq(fp_qmethod_parse("x", &m), FP_EFORMAT);
}
END_TEST

/* Split one CSV line (double-quoted fields, no embedded newlines) in place. */
static size_t split_csv(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *out = p;
        f[n++] = p;
        if (*p == '"') {
            char *r = p + 1, *w = p;
            for (;;) {
                if (*r == '"' && r[1] == '"') { *w++ = '"'; r += 2; }
                else if (*r == '"') { r++; break; }
                else if (!*r) break;
                else *w++ = *r++;
            }
            *w = '\0';
            p = r;
            (void)out;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r') p++;
        }
        if (*p == ',') { *p++ = '\0'; continue; }
        *p = '\0';
        break;
    }
    return n;
}

/* PHEindicatormethods' testQuantiles.R, all three grouping sets:
 * "IndSexReg" deciles within (IndSexRef, ParentCode), invert from Polarity;
 * "IndSex" septiles within IndSexRef; "None" quartiles over everything,
 * invert = TRUE. Polarity "RAG - Low is good" and "TRUE" mean invert. */
START_TEST(phe_quantile_testdata)
{
    FILE *fp = fopen(fp_check_src("tests/ref/phe/testdata_Quantiles__testdata_Quantiles.csv"), "r");
    ck_assert_ptr_nonnull(fp);
    enum { MAXR = 2000 };
    static char key[MAXR][160], gset[MAXR][16];
    static double val[MAXR];
    static int want[MAXR], inv[MAXR];
    size_t nr = 0;
    char line[2048];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));   /* header */
    while (fgets(line, sizeof line, fp) && nr < MAXR) {
        char *f[32];
        size_t nf = split_csv(line, f, 32);
        ck_assert_uint_ge(nf, 18);
        /* IndSexRef 0, ParentCode 3, Polarity 8, Value 10, GroupSet 14,
         * QuantileInGrp 17 */
        snprintf(gset[nr], sizeof gset[nr], "%s", f[14]);
        if (!strcmp(f[14], "IndSexReg")) snprintf(key[nr], sizeof key[nr], "%s|%s", f[0], f[3]);
        else if (!strcmp(f[14], "IndSex")) snprintf(key[nr], sizeof key[nr], "%s", f[0]);
        else snprintf(key[nr], sizeof key[nr], "all");
        val[nr] = *f[10] ? strtod(f[10], NULL) : NAN;
        want[nr] = *f[17] ? atoi(f[17]) : 0;
        inv[nr] = !strcmp(f[14], "None") || !strcmp(f[8], "RAG - Low is good") || !strcmp(f[8], "TRUE");
        nr++;
    }
    fclose(fp);
    ck_assert_uint_eq(nr, 1017);
    static int done[MAXR];
    static double gv[MAXR];
    static int gg[MAXR];
    static size_t gi[MAXR];
    size_t checked = 0;
    memset(done, 0, sizeof done);
    for (size_t i = 0; i < nr; i++) {
        if (done[i]) continue;
        size_t m = 0;
        for (size_t j = i; j < nr; j++)
            if (!done[j] && !strcmp(gset[j], gset[i]) && !strcmp(key[j], key[i])) {
                gv[m] = val[j]; gi[m] = j; m++; done[j] = 1;
            }
        int k = !strcmp(gset[i], "IndSexReg") ? 10 : !strcmp(gset[i], "IndSex") ? 7 : 4;
        ck_assert_int_eq(fp_quantile_groups(gv, m, k, FP_QMETHOD_PHE, inv[i], gg), FP_OK);
        for (size_t j = 0; j < m; j++) {
            ck_assert_msg(gg[j] == want[gi[j]], "row %zu (%s %s): quantile %d want %d",
                          gi[j] + 2, gset[i], key[i], gg[j], want[gi[j]]);
            checked++;
        }
    }
    ck_assert_uint_eq(checked, 1017);
}
END_TEST

/* fp_quantile_groups and fp_quantile_groups_by against phe_quantile itself
 * (PHEindicatormethods commit 093fd288, tests/ref/quantile/make_ref.R):
 * 60 generated whole numbers with ties and NAs, ungrouped and in three sets
 * (one with fewer than 10 values), k = 3, 4, 5, 7, 10, invert TRUE and
 * FALSE; and the injuries export's 153 counties and UAs in 2023/24 (two
 * suppressed), in England and within their regions, k = 5 and 10. Every
 * group equal (they are whole numbers; NA is 0 here). */
START_TEST(phe_quantile_ref)
{
    FILE *fp = fopen(fp_check_src("tests/ref/quantile/quantile_expected.csv"), "r");
    ck_assert_ptr_nonnull(fp);
    enum { MAXR = 4000, MAXS = 64 };
    static char ckey[MAXR][64], setname[MAXS][32];
    static double val[MAXR];
    static size_t set[MAXR];
    static int want[MAXR], got[MAXR], k[MAXR], inv[MAXR], grouped[MAXR];
    size_t nr = 0, ns = 0;
    char line[512];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    while (fgets(line, sizeof line, fp) && nr < MAXR) {
        char *f[10];
        ck_assert_uint_eq(split_csv(line, f, 10), 8);
        /* case, set, row, code, value, k, invert, quantile */
        k[nr] = atoi(f[5]);
        inv[nr] = !strcmp(f[6], "TRUE");
        grouped[nr] = strcmp(f[1], "all") != 0;
        snprintf(ckey[nr], sizeof ckey[nr], "%s %d %d", f[0], k[nr], inv[nr]);
        size_t j = 0;
        while (j < ns && strcmp(setname[j], f[1])) j++;
        if (j == ns) { ck_assert_uint_lt(ns, MAXS); snprintf(setname[ns++], 32, "%s", f[1]); }
        set[nr] = j;
        val[nr] = *f[4] ? strtod(f[4], NULL) : NAN;
        want[nr] = *f[7] ? atoi(f[7]) : 0;
        nr++;
    }
    fclose(fp);
    ck_assert_uint_eq(nr, 2424);
    size_t checked = 0;
    for (size_t lo = 0, hi; lo < nr; lo = hi) {
        /* One call: the rows of one case, k and invert (consecutive). */
        for (hi = lo; hi < nr && !strcmp(ckey[hi], ckey[lo]); hi++) {}
        size_t m = hi - lo;
        if (grouped[lo])
            ck_assert_int_eq(fp_quantile_groups_by(val + lo, set + lo, m, k[lo], FP_QMETHOD_PHE,
                                                   inv[lo], got + lo), FP_OK);
        else
            ck_assert_int_eq(fp_quantile_groups(val + lo, m, k[lo], FP_QMETHOD_PHE, inv[lo],
                                                got + lo), FP_OK);
        for (size_t i = lo; i < hi; i++, checked++)
            ck_assert_msg(got[i] == want[i], "%s row %zu: %d, phe_quantile %d", ckey[i],
                          i - lo + 1, got[i], want[i]);
    }
    ck_assert_uint_eq(checked, 2424);
    /* Errors: NULL sets, k < 1; nothing to do for n = 0. */
    ck_assert_int_eq(fp_quantile_groups_by(val, NULL, 3, 2, FP_QMETHOD_PHE, 0, got), FP_EINVAL);
    ck_assert_int_eq(fp_quantile_groups_by(val, set, 3, 0, FP_QMETHOD_PHE, 0, got), FP_EINVAL);
    ck_assert_int_eq(fp_quantile_groups_by(NULL, NULL, 0, 2, FP_QMETHOD_PHE, 0, NULL), FP_OK);
}
END_TEST

/* Fingertips' "compared to goal" and "compared with percentiles": the
 * cases of Fingertips' own unit tests (ukhsa-collaboration/fingertips-open,
 * PholioVisualisationWS/AnalysisTest: SingleValueTargetComparerTest.cs,
 * RangeTargetComparerTest.cs, QuintilesCalculatorTest.cs,
 * QuintilesComparerTest.cs), expected values as written there. */
START_TEST(fingertips_goal_and_percentiles)
{
    fp_goal_benchmark g;
    fp_cmp r;
    /* A single goal of 10 on the value: the goal itself is better. */
    ck_assert_int_eq(fp_goal_benchmark_parse("10", &g), FP_OK);
    ck_assert_int_eq(fp_compare_goal(9, NAN, NAN, FP_POLARITY_LOW, &g, &r), FP_OK);
    ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_goal(10, NAN, NAN, FP_POLARITY_LOW, &g, &r); ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_goal(11, NAN, NAN, FP_POLARITY_LOW, &g, &r); ck_assert_int_eq(r, FP_CMP_WORSE);
    fp_compare_goal(9, NAN, NAN, FP_POLARITY_HIGH, &g, &r); ck_assert_int_eq(r, FP_CMP_WORSE);
    fp_compare_goal(10, NAN, NAN, FP_POLARITY_HIGH, &g, &r); ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_goal(11, NAN, NAN, FP_POLARITY_HIGH, &g, &r); ck_assert_int_eq(r, FP_CMP_BETTER);
    /* On the 95% interval. */
    ck_assert_int_eq(fp_goal_benchmark_parse("10:ci", &g), FP_OK);
    ck_assert_int_eq(g.use_ci, 1);
    fp_compare_goal(NAN, 8, 9, FP_POLARITY_LOW, &g, &r); ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_goal(NAN, 9, 11, FP_POLARITY_LOW, &g, &r); ck_assert_int_eq(r, FP_CMP_SIMILAR);
    fp_compare_goal(NAN, 11, 12, FP_POLARITY_LOW, &g, &r); ck_assert_int_eq(r, FP_CMP_WORSE);
    fp_compare_goal(NAN, 8, 9, FP_POLARITY_HIGH, &g, &r); ck_assert_int_eq(r, FP_CMP_WORSE);
    fp_compare_goal(NAN, 9, 11, FP_POLARITY_HIGH, &g, &r); ck_assert_int_eq(r, FP_CMP_SIMILAR);
    fp_compare_goal(NAN, 11, 12, FP_POLARITY_HIGH, &g, &r); ck_assert_int_eq(r, FP_CMP_BETTER);
    fp_compare_goal(NAN, 10, 10, FP_POLARITY_LOW, &g, &r); ck_assert_int_eq(r, FP_CMP_WORSE);
    ck_assert_int_eq(fp_compare_goal(5, NAN, NAN, FP_POLARITY_LOW, &g, &r), FP_ENODATA);
    ck_assert_int_eq(r, FP_CMP_NOT_COMPARED);
    /* A range 1..2. */
    ck_assert_int_eq(fp_goal_benchmark_parse("1..2", &g), FP_OK);
    static const double rv[] = { 0, 1, 1.5, 2, 3 };
    static const fp_cmp hi_want[] = { FP_CMP_WORSE, FP_CMP_SIMILAR, FP_CMP_SIMILAR, FP_CMP_BETTER,
                                      FP_CMP_BETTER };
    static const fp_cmp lo_want[] = { FP_CMP_BETTER, FP_CMP_SIMILAR, FP_CMP_SIMILAR, FP_CMP_WORSE,
                                      FP_CMP_WORSE };
    for (int i = 0; i < 5; i++) {
        fp_compare_goal(rv[i], NAN, NAN, FP_POLARITY_HIGH, &g, &r);
        ck_assert_int_eq(r, hi_want[i]);
        fp_compare_goal(rv[i], NAN, NAN, FP_POLARITY_LOW, &g, &r);
        ck_assert_int_eq(r, lo_want[i]);
    }
    ck_assert_int_eq(fp_goal_benchmark_parse("1..1", &g), FP_OK);
    ck_assert_int_eq(fp_goal_benchmark_parse("2..1", &g), FP_EFORMAT);
    ck_assert_int_eq(fp_goal_benchmark_parse("x", &g), FP_EFORMAT);
    ck_assert_int_eq(fp_goal_benchmark_parse("80:cl", &g), FP_EFORMAT);
    ck_assert_int_eq(fp_compare_goal(5, NAN, NAN, FP_POLARITY_NONE, &g, &r), FP_EDOM);
    ck_assert_int_eq(fp_compare_goal(5, NAN, NAN, FP_POLARITY_LOW, NULL, &r), FP_EINVAL);

    /* Quintile bounds of 1..50: 1, 10.8, 20.6, 30.4, 40.2, 50 (exactly,
     * after Fingertips' rounding to 10 places). */
    double v[50], b[6];
    for (int i = 0; i < 50; i++) v[i] = i + 1;
    ck_assert_int_eq(fp_percentile_bounds(v, 50, 5, b), FP_OK);
    ck_assert_double_eq(b[0], 1);
    ck_assert_double_eq(b[1], 10.8);
    ck_assert_double_eq(b[2], 20.6);
    ck_assert_double_eq(b[3], 30.4);
    ck_assert_double_eq(b[4], 40.2);
    ck_assert_double_eq(b[5], 50);
    /* Categories of 1..10. */
    ck_assert_int_eq(fp_percentile_bounds(v, 10, 5, b), FP_OK);
    int c;
    fp_percentile_category(1, b, 5, 0, &c); ck_assert_int_eq(c, 1);
    fp_percentile_category(10, b, 5, 0, &c); ck_assert_int_eq(c, 5);
    static const double x[] = { 1, 3, 5, 7, 9 };
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(fp_percentile_category(x[i], b, 5, 1, &c), FP_OK);
        ck_assert_int_eq(c, 5 - i);            /* high is good */
        fp_percentile_category(x[i], b, 5, 0, &c);
        ck_assert_int_eq(c, i + 1);            /* low is good */
    }
    /* Fewer than 5 values, or none: no category. */
    ck_assert_int_eq(fp_percentile_bounds(v, 4, 5, b), FP_ENODATA);
    ck_assert_int_eq(fp_percentile_category(1, b, 5, 0, &c), FP_ENODATA);
    ck_assert_int_eq(c, 0);
    ck_assert_int_eq(fp_percentile_bounds(v, 0, 5, b), FP_ENODATA);
    ck_assert_int_eq(fp_percentile_bounds(v, 10, 5, b), FP_OK);
    ck_assert_int_eq(fp_percentile_category(11, b, 5, 0, &c), FP_EDOM);
    ck_assert_str_eq(fp_percentile_quintile_label(1), "Lowest quintile");
    ck_assert_str_eq(fp_percentile_quintile_label(5), "Highest quintile");
    ck_assert_str_eq(fp_percentile_quintile_label(0), "");
}
END_TEST

/* -------------------------------------------------------- aggregates etc */

START_TEST(aggregates)
{
    /* Pooled, by hand: areas 3 (no numerator) and 4 (zero denominator) do
     * not contribute; (10 + 20) / (100 + 400) * 100 = 6. */
    const double num[] = { 10, 20, NAN, 5 }, den[] = { 100, 400, 50, 0 };
    fp_agg_result r;
    ck_assert_int_eq(fp_aggregate(FP_AGG_POOLED, NULL, num, den, 4, 100, &r), FP_OK);
    ck_assert_rel(r.value, 6.0, 1e-15);
    ck_assert_uint_eq(r.n_used, 2);
    ck_assert_uint_eq(r.n_total, 4);
    ck_assert_rel(r.numerator, 30, 0);
    ck_assert_rel(r.denominator, 500, 0);
    const double none[] = { NAN, NAN };
    ck_assert_int_eq(fp_aggregate(FP_AGG_MEAN, none, NULL, NULL, 2, 1, &r), FP_ENODATA);
    ck_assert_uint_eq(r.n_used, 0);
    ck_assert(isnan(r.value));
    ck_assert_int_eq(fp_aggregate(FP_AGG_POOLED, none, NULL, NULL, 2, 1, &r), FP_EINVAL);
    /* R: median(c(4, 1, NA, 3)) = 3; mean = 8/3. */
    const double v[] = { 4, 1, NAN, 3 };
    fp_aggregate(FP_AGG_MEDIAN, v, NULL, NULL, 4, 1, &r);
    ck_assert_rel(r.value, 3, 0);
    fp_aggregate(FP_AGG_MEAN, v, NULL, NULL, 4, 1, &r);
    ck_assert_rel(r.value, 8.0 / 3, 1e-15);
    fp_agg a;
    ck_assert_int_eq(fp_agg_parse("median", &a), FP_OK); ck_assert_int_eq(a, FP_AGG_MEDIAN);
    ck_assert_int_eq(fp_agg_parse("pooled", &a), FP_OK); ck_assert_int_eq(a, FP_AGG_POOLED);
    ck_assert_int_eq(fp_agg_parse("mode", &a), FP_EFORMAT);
    ck_assert_str_eq(fp_agg_name(FP_AGG_MEAN), "mean");
}
END_TEST

START_TEST(change_deviation)
{
    const char *labels[] = { "2019", "2020", "2021", "2023", "2024" };
    fp_period p[5];
    for (int i = 0; i < 5; i++) ck_assert_int_eq(fp_period_parse(labels[i], &p[i]), FP_OK);
    const double v[] = { 50, 55, 44, 40, NAN };
    double a, pc;
    ck_assert_int_eq(fp_change(v, p, 5, 1, 1, &a, &pc), FP_OK);
    ck_assert_rel(a, 5, 0); ck_assert_rel(pc, 10, 1e-15);
    ck_assert_int_eq(fp_change(v, p, 5, 2, 2, &a, &pc), FP_OK);     /* 2019 -> 2021 */
    ck_assert_rel(a, -6, 0); ck_assert_rel(pc, -12, 1e-15);
    /* 2021 -> 2023 skips 2022: no change is reported. */
    ck_assert_int_eq(fp_change(v, p, 5, 3, 1, &a, &pc), FP_ENODATA);
    ck_assert(isnan(a));
    ck_assert_int_eq(fp_change(v, p, 5, 4, 1, &a, &pc), FP_ENODATA);  /* NaN value */
    ck_assert_int_eq(fp_change(v, p, 5, 1, 3, &a, &pc), FP_ENODATA);  /* before start */
    ck_assert_int_eq(fp_change(v, p, 5, 5, 1, &a, &pc), FP_EINVAL);
    ck_assert_int_eq(fp_change(v, NULL, 5, 3, 1, &a, &pc), FP_OK);     /* no check */
    const double z[] = { 0, 3 };
    ck_assert_int_eq(fp_change(z, NULL, 2, 1, 1, &a, &pc), FP_OK);
    ck_assert_rel(a, 3, 0); ck_assert(isnan(pc));
    ck_assert_int_eq(fp_deviation(85, 60, &a, &pc), FP_OK);            /* Sefton LAC 2015 */
    ck_assert_rel(a, 25, 0); ck_assert_rel(pc, 100.0 * 25 / 60, 1e-15);
    ck_assert_int_eq(fp_deviation(NAN, 60, &a, &pc), FP_ENODATA);
}
END_TEST

START_TEST(targets)
{
    fp_target t = { FP_TARGET_NONE, NAN, NAN, FP_POLARITY_HIGH };
    ck_assert_int_eq(fp_target_parse("75 or national higher", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_NATIONAL_HIGHER); ck_assert_rel(t.value, 75, 0);
    ck_assert_int_eq(fp_target_parse("75% or national average whichever is the higher", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_NATIONAL_HIGHER);
    ck_assert_int_eq(fp_target_parse("50 or the national average, whichever is lower", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_NATIONAL_LOWER); ck_assert_rel(t.value, 50, 0);
    ck_assert_int_eq(fp_target_parse("50|national better", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_NATIONAL_BETTER);
    ck_assert_int_eq(fp_target_parse("baseline+10%", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_BASELINE_PCT); ck_assert_rel(t.value, 10, 0);
    ck_assert_int_eq(fp_target_parse("baseline - 5%", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_BASELINE_PCT); ck_assert_rel(t.value, -5, 0);
    ck_assert_int_eq(fp_target_parse("baseline+2", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_BASELINE_POINTS);
    ck_assert_int_eq(fp_target_parse("-4.10", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_FIXED); ck_assert_rel(t.value, -4.1, 0);
    ck_assert_int_eq(fp_target_parse("national", &t), FP_OK);
    ck_assert_int_eq(t.rule, FP_TARGET_NATIONAL);
    ck_assert_int_eq(fp_target_parse("lots", &t), FP_EFORMAT);
    ck_assert_int_eq(fp_target_parse("50 or regional higher", &t), FP_EFORMAT);
    ck_assert_int_eq(fp_target_parse("baseline*2", &t), FP_EFORMAT);

    /* "50% or the national average, whichever is higher" with England 58:
     * target 58; 60 meets it; 55 after 52 is on track; 55 after 57 off. */
    double tv;
    fp_target_status st;
    fp_target r = { FP_TARGET_NATIONAL_HIGHER, 50, NAN, FP_POLARITY_HIGH };
    ck_assert_int_eq(fp_target_value(&r, 58, &tv), FP_OK); ck_assert_rel(tv, 58, 0);
    ck_assert_int_eq(fp_target_value(&r, 41, &tv), FP_OK); ck_assert_rel(tv, 50, 0);
    fp_target_assess(&r, 58, 60, NAN, NAN, &st, &tv);
    ck_assert_int_eq(st, FP_TSTATUS_MET);
    fp_target_assess(&r, 58, 58, NAN, NAN, &st, &tv);   /* equal meets */
    ck_assert_int_eq(st, FP_TSTATUS_MET);
    fp_target_assess(&r, 58, 55, 52, NAN, &st, &tv);
    ck_assert_int_eq(st, FP_TSTATUS_ON_TRACK);
    fp_target_assess(&r, 58, 55, 57, NAN, &st, &tv);
    ck_assert_int_eq(st, FP_TSTATUS_OFF_TRACK);
    fp_target_assess(&r, 58, 55, 57, 59, &st, &tv);     /* projection wins */
    ck_assert_int_eq(st, FP_TSTATUS_ON_TRACK);
    fp_target_assess(&r, 58, 55, NAN, NAN, &st, &tv);   /* nothing to judge by */
    ck_assert_int_eq(st, FP_TSTATUS_OFF_TRACK);
    fp_target_assess(&r, NAN, 55, NAN, NAN, &st, &tv);  /* no England value */
    ck_assert_int_eq(st, FP_TSTATUS_NO_TARGET);
    ck_assert(isnan(tv));
    fp_target_assess(&r, 58, NAN, NAN, NAN, &st, &tv);
    ck_assert_int_eq(st, FP_TSTATUS_NO_TARGET);
    ck_assert_str_eq(fp_target_status_name(FP_TSTATUS_ON_TRACK), "on track");
    /* Lower is better: "baseline minus 10%" from 85 = 76.5. */
    fp_target b = { FP_TARGET_BASELINE_PCT, -10, 85, FP_POLARITY_LOW };
    ck_assert_int_eq(fp_target_value(&b, NAN, &tv), FP_OK); ck_assert_rel(tv, 76.5, 1e-15);
    fp_target_assess(&b, NAN, 76, 80, NAN, &st, NULL);
    ck_assert_int_eq(st, FP_TSTATUS_MET);
    fp_target_assess(&b, NAN, 78, 80, NAN, &st, NULL);
    ck_assert_int_eq(st, FP_TSTATUS_ON_TRACK);
    fp_target pts = { FP_TARGET_BASELINE_POINTS, 2, 40, FP_POLARITY_HIGH };
    fp_target_value(&pts, NAN, &tv); ck_assert_rel(tv, 42, 0);
    fp_target better = { FP_TARGET_NATIONAL_BETTER, 20, NAN, FP_POLARITY_LOW };
    fp_target_value(&better, 25, &tv); ck_assert_rel(tv, 20, 0);
    better.direction = FP_POLARITY_NONE;
    ck_assert_int_eq(fp_target_value(&better, 25, &tv), FP_EINVAL);
    fp_target none = { FP_TARGET_NONE, NAN, NAN, FP_POLARITY_LOW };
    fp_target_assess(&none, 1, 1, 1, 1, &st, &tv);
    ck_assert_int_eq(st, FP_TSTATUS_NO_TARGET);

    /* Milestones (Sefton SEND plan: 2020-04=15; 2020-07=25; 2020-10=50). */
    fp_milestone ms[3];
    ck_assert_int_eq(fp_period_parse("2020-10", &ms[0].period), FP_OK); ms[0].value = 50;
    ck_assert_int_eq(fp_period_parse("2020-04", &ms[1].period), FP_OK); ms[1].value = 15;
    ck_assert_int_eq(fp_period_parse("2020-07", &ms[2].period), FP_OK); ms[2].value = 25;
    fp_period at;
    fp_period_parse("2020-08", &at);
    ck_assert_int_eq(fp_milestone_at(ms, 3, &at, &tv), FP_OK); ck_assert_rel(tv, 25, 0);
    fp_period_parse("2020-10", &at);
    fp_milestone_at(ms, 3, &at, &tv); ck_assert_rel(tv, 50, 0);
    fp_period_parse("2019-12", &at);
    ck_assert_int_eq(fp_milestone_at(ms, 3, &at, &tv), FP_ENOTFOUND);
}
END_TEST

/* ------------------------------------------------------------------ kNN */

START_TEST(knn)
{
    /* R:
     *   x <- matrix(c(10.2, 3, 150,  12.5, 2.5, 90,  9.8, 4.1, 200,  15.0, 1.0, 60,
     *                 11.1, 3.3, 140,  8.0, 5.5, 260,  13.3, 2.2, 100), ncol = 3, byrow = TRUE)
     *   w <- c(2, 1, 0.5); z <- scale(x)
     *   D <- sqrt(outer(1:7, 1:7, Vectorize(function(a, b) sum(w * (z[a, ] - z[b, ])^2))))
     *   for (a in 1:7) { dd <- D[a, ]; dd[a] <- Inf; o <- order(dd, 1:7)[1:3]; print(o - 1); print(dd[o]) }
     * z[1, ] = -0.51444340276848244 -0.059651067620060068 0.10356162766686662 */
    const double x[] = { 10.2, 3, 150, 12.5, 2.5, 90, 9.8, 4.1, 200, 15.0, 1.0, 60,
                         11.1, 3.3, 140, 8.0, 5.5, 260, 13.3, 2.2, 100 };
    const double w[] = { 2, 1, 0.5 };
    const size_t want_i[7][3] = { {4, 2, 1}, {6, 4, 0}, {0, 4, 5}, {6, 1, 4},
                                  {0, 1, 2}, {2, 0, 4}, {1, 3, 4} };
    const double want_d[7][3] = {
        {0.58725488688077365, 0.95195727080500403, 1.5486872095894948},
        {0.53276886277231839, 1.1297413889840022, 1.5486872095894948},
        {0.95195727080500403, 1.1379842462336816, 1.5782006507650503},
        {1.3795002862536152, 1.8514584414251807, 2.9486796058677052},
        {0.58725488688077365, 1.1297413889840022, 1.1379842462336816},
        {1.5782006507650503, 2.4568661062503216, 2.7032116166176321},
        {0.53276886277231839, 1.3795002862536152, 1.5784891671607755} };
    double z[21];
    ck_assert_int_eq(fp_standardise(x, 7, 3, z), FP_OK);
    ck_assert_rel(z[0], -0.51444340276848244, 1e-13);
    ck_assert_rel(z[1], -0.059651067620060068, 1e-12);
    ck_assert_rel(z[2], 0.10356162766686662, 1e-13);
    size_t idx[21];
    double d[21];
    ck_assert_int_eq(fp_knn(x, 7, 3, w, NULL, 3, idx, d), FP_OK);
    for (int a = 0; a < 7; a++)
        for (int r = 0; r < 3; r++) {
            ck_assert_uint_eq(idx[a * 3 + r], want_i[a][r]);
            ck_assert_rel(d[a * 3 + r], want_d[a][r], 1e-12);
        }
    /* Ties in distance go by code: rows 1 and 2 are exactly equally far
     * from row 0 (the mean is 0, so their z-scores are exact negatives). */
    const double t[] = { 0, 1, -1, 0 };
    const char *codes[] = { "A", "Z", "B", "C" };
    ck_assert_int_eq(fp_knn(t, 4, 1, NULL, codes, 3, idx, d), FP_OK);
    ck_assert_uint_eq(idx[0], 3);       /* distance 0 */
    ck_assert_uint_eq(idx[1], 2);       /* "B" before "Z" */
    ck_assert_uint_eq(idx[2], 1);
    ck_assert_int_eq(fp_knn(t, 4, 1, NULL, NULL, 3, idx, d), FP_OK);
    ck_assert_uint_eq(idx[1], 1);       /* by row index */
    ck_assert_int_eq(fp_knn(t, 4, 1, NULL, NULL, 4, idx, d), FP_EINVAL);
    const double bad[] = { 0, NAN, 1, 2 };
    ck_assert_int_eq(fp_knn(bad, 4, 1, NULL, NULL, 1, idx, d), FP_EDOM);
    const double wneg[] = { -1 };
    ck_assert_int_eq(fp_knn(t, 4, 1, wneg, NULL, 1, idx, d), FP_EDOM);
    /* A constant column contributes nothing. */
    const double c2[] = { 1, 7, 2, 7, 4, 7 };
    ck_assert_int_eq(fp_standardise(c2, 3, 2, z), FP_OK);
    ck_assert_rel(z[1], 0, 0); ck_assert_rel(z[3], 0, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, fingertips_boundaries);
    tcase_add_test(tc, fingertips_levels);
    tcase_add_test(tc, two_sample_counts);
    tcase_add_test(tc, lait_ranks_bands);
    tcase_add_test(tc, rank_rules);
    tcase_add_test(tc, quantiles_type7_ntile);
    tcase_add_test(tc, phe_quantile_testdata);
    tcase_add_test(tc, phe_quantile_ref);
    tcase_add_test(tc, fingertips_goal_and_percentiles);
    tcase_add_test(tc, aggregates);
    tcase_add_test(tc, change_deviation);
    tcase_add_test(tc, targets);
    tcase_add_test(tc, knn);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
