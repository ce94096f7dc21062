/* test_spc.c -- statistical process control (stats/src/spc.c).
 *
 * Sources of expected values:
 *  - REFERENCE_VALUES.md "Making Data Count XmR charts": NHSRplotthedots'
 *    vignette "deviations" (example 1) and its test snapshots (example 2),
 *    published to 6-7 significant figures, tested at 1e-6 relative.
 *  - Full-precision values computed once in R 4 (r-base-core) with this code,
 *    a hand transcription of the NHSRplotthedots / Making Data Count formulas:
 *
 *      options(digits = 17)
 *      xmr <- function(y, screen = TRUE) {
 *        m <- mean(y, na.rm = TRUE)
 *        mr <- abs(diff(y))
 *        amr <- mean(mr, na.rm = TRUE)
 *        if (screen) { mr[!is.na(mr) & mr >= 3.267 * amr] <- NA
 *                      amr <- mean(mr, na.rm = TRUE) }
 *        c(mean = m, amr = amr, lpl = m - 2.66 * amr, upl = m + 2.66 * amr)
 *      }
 *      set.seed(123); y <- rnorm(20)
 *      xmr(y); y10 <- y; y10[15] <- 10; xmr(y10); xmr(y10, FALSE)
 *      xmr(y[1:12])                       # fixed baseline of 12
 *      xmr(y[1:10]); xmr(y[11:20])        # rebased at the 11th point
 *      yg <- y; yg[c(5, 6)] <- NA; xmr(yg) # gaps
 *      # p-chart (qcc's formulas by hand):
 *      pbar <- sum(num) / sum(den); s <- sqrt(pbar * (1 - pbar) / den)
 *      pmax(0, pbar - 3 * s); pmin(1, pbar + 3 * s); pmax(0, pbar - 2 * s); pmin(1, pbar + s)
 *      # u-chart:
 *      ubar <- sum(cnt) / sum(ex); su <- sqrt(ubar / ex)
 *      1000 * ubar; 1000 * pmax(0, ubar - 3 * su); 1000 * (ubar + 3 * su); 1000 * pmax(0, ubar - su)
 *
 *  - Rule boundary tests use a fixed baseline of 12 alternating points 10, 12
 *    (mean 11, every moving range 2, limits 11 ± 5.32 = 5.68 / 16.32, 2-sigma
 *    line 11 ± 2 × (2.66/3) × 2 = 14.546667), so the points after the
 *    baseline do not move the limits and can be placed exactly on a line. */
#include "fp_check.h"
#include "fingerpost.h"

#include <math.h>
#include <string.h>

/* set.seed(123); rnorm(20) in R (REFERENCE_VALUES.md). */
static const double RNORM20[20] = {
    -0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576003,
    0.12928773516094624, 1.715064986883281, 0.4609162059892023, -1.265061234606534,
    -0.68685285189352607, -0.44566197009995806, 1.2240817974394615, 0.35981382705736381,
    0.40077145059405217, 0.11068271594511971, -0.55584113475407493, 1.7869131368030782,
    0.49785047822923939, -1.9666171566296382, 0.70135590156368555, -0.47279140772793404};

static const double EX1[18] = {1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1};

/* Build the baseline 10, 12, 10, 12, ... (12 points) followed by tail. */
static size_t with_baseline(double *y, const double *tail, size_t nt)
{
    for (size_t i = 0; i < 12; i++) y[i] = (i % 2) ? 12.0 : 10.0;
    for (size_t i = 0; i < nt; i++) y[12 + i] = tail[i];
    return 12 + nt;
}

static fp_spc_result *run_baseline(const double *tail, size_t nt, fp_spc_options *o)
{
    static double y[64];
    fp_spc_options def;
    if (!o) { fp_spc_options_init(&def); o = &def; }
    o->baseline = 12;
    size_t n = with_baseline(y, tail, nt);
    fp_spc_result *r = fp_spc_result_alloc(64);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(fp_spc_xmr(y, n, o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    return r;
}

/* ------------------------------------------------ Making Data Count */

START_TEST(mdc_example1)
{
    fp_spc_options o;
    fp_spc_options_init(&o);
    fp_spc_result *r = fp_spc_result_alloc(18);
    ck_assert_int_eq(fp_spc_xmr(EX1, 18, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    /* Published (NHSRplotthedots vignette "deviations"). */
    ck_assert_rel(r->segments[0].centre, 1.944444, 1e-6);
    ck_assert_rel(r->segments[0].lower, -0.715556, 1e-6);
    ck_assert_rel(r->segments[0].upper, 4.604444, 1e-6);
    /* R, full precision. */
    ck_assert_rel(r->segments[0].centre, 1.9444444444444444, 1e-14);
    ck_assert_rel(r->segments[0].mean_mr, 1.0, 1e-14);
    ck_assert_rel(r->segments[0].mean_mr_unscreened, 1.8823529411764706, 1e-14);
    ck_assert_rel(r->points[7].lower, -0.71555555555555572, 1e-13);
    ck_assert_rel(r->points[7].upper, 4.6044444444444448, 1e-14);
    ck_assert_int_eq(r->segments[0].n_mr, 17);
    ck_assert_int_eq(r->segments[0].n_mr_screened, 2);
    ck_assert(r->points[4].mr_screened && r->points[5].mr_screened);
    ck_assert(r->notes & FP_SPC_NOTE_SCREENED);
    ck_assert_rel(r->points[4].moving_range, 8.0, 1e-15);
    ck_assert(isnan(r->points[0].moving_range));
    /* The 10 is outside; nothing else fires. */
    for (size_t i = 0; i < 18; i++)
        ck_assert_int_eq(r->points[i].cause, i == 4 ? FP_SPC_RULE_OUTSIDE : FP_SPC_RULE_NONE);
    ck_assert_int_eq(r->n_special, 1);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_COMMON);

    o.screen = 0;
    ck_assert_int_eq(fp_spc_xmr(EX1, 18, &o, r), FP_OK);
    ck_assert_rel(r->segments[0].lower, -3.062614, 1e-6);
    ck_assert_rel(r->segments[0].upper, 6.951503, 1e-6);
    ck_assert_rel(r->segments[0].lower, -3.0626143790849669, 1e-14);
    ck_assert_rel(r->segments[0].upper, 6.9515032679738562, 1e-14);
    ck_assert_int_eq(r->segments[0].n_mr_screened, 0);
    ck_assert(!(r->notes & FP_SPC_NOTE_SCREENED));
    ck_assert_int_eq(r->points[4].cause, FP_SPC_RULE_OUTSIDE);
    fp_spc_result_free(r);
}
END_TEST

START_TEST(mdc_example2)
{
    double y[20];
    fp_spc_options o;
    fp_spc_options_init(&o);
    fp_spc_result *r = fp_spc_result_alloc(20);
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 20, &o, r), FP_OK);
    /* Published (NHSRplotthedots test snapshots). */
    ck_assert_rel(r->segments[0].centre, 0.1416238, 1e-6);
    ck_assert_rel(r->segments[0].lower, -3.01138, 1e-5);
    ck_assert_rel(r->segments[0].upper, 3.294627, 1e-6);
    /* R, full precision. */
    ck_assert_rel(r->segments[0].centre, 0.1416238024745986, 1e-13);
    ck_assert_rel(r->segments[0].mean_mr, 1.185339623376954, 1e-13);
    ck_assert_rel(r->segments[0].lower, -3.0113795957080995, 1e-13);
    ck_assert_rel(r->segments[0].upper, 3.2946272006572963, 1e-13);
    ck_assert_int_eq(r->n_special, 0);

    memcpy(y, RNORM20, sizeof y);
    y[14] = 10.0;
    ck_assert_int_eq(fp_spc_xmr(y, 20, &o, r), FP_OK);
    ck_assert_rel(r->segments[0].centre, 0.6694159, 1e-6);
    ck_assert_rel(r->segments[0].lower, -2.383666, 1e-6);
    ck_assert_rel(r->segments[0].upper, 3.722497, 1e-6);
    ck_assert_rel(r->segments[0].centre, 0.6694158592123024, 1e-13);
    ck_assert_rel(r->segments[0].mean_mr, 1.1477749836415163, 1e-13);
    ck_assert_rel(r->segments[0].lower, -2.3836655972741312, 1e-13);
    ck_assert_rel(r->segments[0].upper, 3.7224973156987362, 1e-13);
    ck_assert_int_eq(r->points[14].cause, FP_SPC_RULE_OUTSIDE);
    o.screen = 0;
    ck_assert_int_eq(fp_spc_xmr(y, 20, &o, r), FP_OK);
    ck_assert_rel(r->segments[0].lower, -4.596625, 1e-6);
    ck_assert_rel(r->segments[0].upper, 5.935457, 1e-6);
    ck_assert_rel(r->segments[0].mean_mr, 1.9797146773240832, 1e-13);
    ck_assert_rel(r->segments[0].lower, -4.5966251824697597, 1e-13);
    ck_assert_rel(r->segments[0].upper, 5.9354569008943638, 1e-13);
    /* Sigma lines: 1 and 2 sigma are 1/3 and 2/3 of the way to the limits. */
    double m = r->segments[0].centre, a = r->segments[0].mean_mr;
    ck_assert_rel(r->points[0].upper1, m + 2.66 / 3 * a, 1e-14);
    ck_assert_rel(r->points[0].lower2, m - 2 * 2.66 / 3 * a, 1e-14);
    ck_assert_rel(r->segments[0].sigma, 2.66 / 3 * a, 1e-14);
    fp_spc_result_free(r);
}
END_TEST

/* ------------------------------------------------------- rule boundaries */

START_TEST(outside_boundary)
{
    /* First find the limits (the tail does not move them). */
    double tail[3] = {11, 11, 11};
    fp_spc_result *r = run_baseline(tail, 3, NULL);
    ck_assert_rel(r->segments[0].centre, 11.0, 1e-15);
    ck_assert_rel(r->segments[0].lower, 5.6799999999999997, 1e-15); /* R: 11 - 2.66 * 2 */
    ck_assert_rel(r->segments[0].upper, 16.32, 1e-15);
    ck_assert(r->notes & FP_SPC_NOTE_BASELINE);
    ck_assert(r->points[11].in_baseline && !r->points[12].in_baseline);
    double up = r->segments[0].upper, lo = r->segments[0].lower;
    fp_spc_result_free(r);

    /* Exactly on each limit: not outside. Just beyond: outside. */
    double t2[5] = {up, 11, lo, nextafter(up, INFINITY), nextafter(lo, -INFINITY)};
    r = run_baseline(t2, 5, NULL);
    ck_assert_int_eq(r->points[12].rules & FP_SPC_FLAG_OUTSIDE, 0);
    ck_assert_int_eq(r->points[14].rules & FP_SPC_FLAG_OUTSIDE, 0);
    ck_assert_int_eq(r->points[15].cause, FP_SPC_RULE_OUTSIDE);
    ck_assert_int_eq(r->points[16].cause, FP_SPC_RULE_OUTSIDE);
    ck_assert_int_eq(r->points[15].direction, 1);
    ck_assert_int_eq(r->points[16].direction, -1);
    fp_spc_result_free(r);
}
END_TEST

START_TEST(shift_boundary)
{
    /* 6 above, then on the mean, then 7 above. */
    double t[16] = {11, 11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 11,
                    11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 11};
    fp_spc_result *r = run_baseline(t, 16, NULL);
    for (size_t i = 12; i < 20; i++) ck_assert_int_eq(r->points[i].rules, 0);
    for (size_t i = 20; i < 27; i++) {
        ck_assert_int_eq(r->points[i].rules, FP_SPC_FLAG_SHIFT);
        ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_SHIFT);
    }
    ck_assert_int_eq(r->points[27].rules, 0);
    fp_spc_result_free(r);

    /* A point exactly on the mean breaks the run: 3 + on mean + 3. */
    double t2[8] = {11, 11.5, 11.5, 11.5, 11, 11.5, 11.5, 11.5};
    r = run_baseline(t2, 8, NULL);
    for (size_t i = 12; i < 20; i++) ck_assert_int_eq(r->points[i].rules, 0);
    fp_spc_result_free(r);

    /* Configurable: with shift_points = 6 the run of 6 fires. */
    fp_spc_options o;
    fp_spc_options_init(&o);
    o.shift_points = 6;
    r = run_baseline(t, 16, &o);
    for (size_t i = 13; i < 19; i++) ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_SHIFT);
    ck_assert_int_eq(r->points[12].rules, 0);
    fp_spc_result_free(r);

    /* Below the mean too. */
    double t3[9] = {11, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 11};
    r = run_baseline(t3, 9, NULL);
    for (size_t i = 13; i < 20; i++) {
        ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_SHIFT);
        ck_assert_int_eq(r->points[i].direction, -1);
    }
    fp_spc_result_free(r);
}
END_TEST

START_TEST(trend_boundary)
{
    /* 7 strictly rising points crossing the mean (no shift): all 7 flagged. */
    double t[8] = {10.4, 10.6, 10.8, 11.2, 11.4, 11.6, 11.8, 11};
    fp_spc_result *r = run_baseline(t, 8, NULL);
    for (size_t i = 12; i < 19; i++) {
        ck_assert_int_eq(r->points[i].rules, FP_SPC_FLAG_TREND);
        ck_assert_int_eq(r->points[i].direction, 1);
    }
    ck_assert_int_eq(r->points[19].rules, 0);
    /* The baseline's last point (12) is above 10.4: not part of the run. */
    ck_assert_int_eq(r->points[11].rules, 0);
    fp_spc_result_free(r);

    /* A tie breaks it: runs of 3 and 5. */
    double t2[9] = {10.4, 10.6, 10.8, 10.8, 11.2, 11.4, 11.6, 11.8, 11};
    r = run_baseline(t2, 9, NULL);
    for (size_t i = 12; i < 21; i++) ck_assert_int_eq(r->points[i].rules, 0);
    fp_spc_result_free(r);

    /* 6 points (5 rises) do not fire by default, do with trend_points = 6. */
    double t3[7] = {10.6, 10.8, 11.2, 11.4, 11.6, 11.8, 11};
    r = run_baseline(t3, 7, NULL);
    for (size_t i = 12; i < 19; i++) ck_assert_int_eq(r->points[i].rules, 0);
    fp_spc_result_free(r);
    fp_spc_options o;
    fp_spc_options_init(&o);
    o.trend_points = 6;
    r = run_baseline(t3, 7, &o);
    for (size_t i = 12; i < 18; i++) ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_TREND);
    ck_assert_int_eq(r->points[18].rules, 0);
    fp_spc_result_free(r);

    /* Falling. */
    double t4[7] = {11.8, 11.6, 11.4, 11.2, 10.8, 10.6, 10.4};
    r = run_baseline(t4, 7, NULL);
    for (size_t i = 12; i < 19; i++) {
        ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_TREND);
        ck_assert_int_eq(r->points[i].direction, -1);
    }
    fp_spc_result_free(r);
}
END_TEST

START_TEST(two_of_three_boundary)
{
    double u2 = 11 + 2 * (2.66 / 3) * 2; /* R: 14.546666666666667 */
    double t0[1] = {11};
    fp_spc_result *r = run_baseline(t0, 1, NULL);
    ck_assert_rel(r->points[12].upper2, 14.546666666666667, 1e-15);
    u2 = r->points[12].upper2;
    double l2 = r->points[12].lower2;
    fp_spc_result_free(r);

    /* Exactly on the 2-sigma line: not beyond it. */
    double t[4] = {11.5, u2, u2, 11};
    r = run_baseline(t, 4, NULL);
    for (size_t i = 12; i < 16; i++) ck_assert_int_eq(r->points[i].rules, 0);
    fp_spc_result_free(r);

    /* Just beyond: both flagged (the third point is not). */
    double b = nextafter(u2, INFINITY);
    double t2[4] = {11.5, b, b, 11};
    r = run_baseline(t2, 4, NULL);
    ck_assert_int_eq(r->points[13].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[14].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[12].rules, 0);
    ck_assert_int_eq(r->points[15].rules, 0);
    fp_spc_result_free(r);

    /* 2 of 3 with the middle point on the same side: fires; on the other
     * side of the mean: does not (all three must be on one side, as
     * NHSRplotthedots). Below the mean likewise. */
    double bl = nextafter(l2, -INFINITY);
    double t3[8] = {11, b, 12, b, 11, bl, 10, bl};
    r = run_baseline(t3, 8, NULL);
    ck_assert_int_eq(r->points[13].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[14].rules, 0);
    ck_assert_int_eq(r->points[15].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[17].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[17].direction, -1);
    ck_assert_int_eq(r->points[19].cause, FP_SPC_RULE_TWO_OF_THREE);
    fp_spc_result_free(r);
    double t4[4] = {11, b, 10, b};
    r = run_baseline(t4, 4, NULL);
    for (size_t i = 12; i < 16; i++) ck_assert_int_eq(r->points[i].rules, 0);
    fp_spc_result_free(r);

    /* A point beyond the limit does not count by default (NHSRplotthedots),
     * does with two_of_three_outside (Western Electric). */
    double t5[4] = {11.5, b, 17, 11};
    r = run_baseline(t5, 4, NULL);
    ck_assert_int_eq(r->points[13].rules, 0);
    ck_assert_int_eq(r->points[14].rules, FP_SPC_FLAG_OUTSIDE);
    fp_spc_result_free(r);
    fp_spc_options o;
    fp_spc_options_init(&o);
    o.two_of_three_outside = 1;
    r = run_baseline(t5, 4, &o);
    ck_assert_int_eq(r->points[13].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[14].rules, FP_SPC_FLAG_OUTSIDE | FP_SPC_FLAG_TWO_OF_THREE);
    ck_assert_int_eq(r->points[14].cause, FP_SPC_RULE_OUTSIDE);
    fp_spc_result_free(r);
}
END_TEST

START_TEST(rule_priority)
{
    /* Outside > trend: the last point of a rising trend is above the limit. */
    double t[8] = {10.4, 10.6, 10.8, 11.2, 11.4, 11.6, 17, 11};
    fp_spc_result *r = run_baseline(t, 8, NULL);
    for (size_t i = 12; i < 18; i++) ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_TREND);
    ck_assert_int_eq(r->points[18].rules, FP_SPC_FLAG_OUTSIDE | FP_SPC_FLAG_TREND);
    ck_assert_int_eq(r->points[18].cause, FP_SPC_RULE_OUTSIDE);
    fp_spc_result_free(r);

    /* Trend > 2-of-3: a rising trend ending in two points beyond 2 sigma. */
    double t2[8] = {9.0, 9.5, 10.0, 11.5, 12.0, 14.6, 14.8, 11};
    r = run_baseline(t2, 8, NULL);
    ck_assert_int_eq(r->points[17].rules, FP_SPC_FLAG_TREND | FP_SPC_FLAG_TWO_OF_THREE);
    ck_assert_int_eq(r->points[18].rules, FP_SPC_FLAG_TREND | FP_SPC_FLAG_TWO_OF_THREE);
    ck_assert_int_eq(r->points[17].cause, FP_SPC_RULE_TREND);
    ck_assert_int_eq(r->points[18].cause, FP_SPC_RULE_TREND);
    fp_spc_result_free(r);

    /* 2-of-3 > shift: seven above the mean, the last two beyond 2 sigma. */
    double t3[8] = {11, 11.5, 11.5, 11.5, 11.5, 11.5, 14.6, 14.7};
    r = run_baseline(t3, 8, NULL);
    for (size_t i = 13; i < 18; i++) ck_assert_int_eq(r->points[i].cause, FP_SPC_RULE_SHIFT);
    ck_assert_int_eq(r->points[18].rules, FP_SPC_FLAG_SHIFT | FP_SPC_FLAG_TWO_OF_THREE);
    ck_assert_int_eq(r->points[18].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->points[19].cause, FP_SPC_RULE_TWO_OF_THREE);
    ck_assert_int_eq(r->n_special, 7);
    fp_spc_result_free(r);
}
END_TEST

/* ------------------------------------- rules against an R transcription */

/* Expected flags from this R transcription of NHSRplotthedots'
 * ptd_spc_standard and ptd_calculate_point_type (written for this test; run
 * once, output pasted below; indices are 0-based):
 *
 *   nhsr_rules <- function(y, screen = TRUE, tp = 7) {
 *     m <- mean(y); mr <- abs(diff(y)); amr <- mean(mr)
 *     if (screen) { mr[mr >= 3.267 * amr] <- NA; amr <- mean(mr, na.rm = TRUE) }
 *     lpl <- m - 2.66 * amr; upl <- m + 2.66 * amr
 *     nlpl <- m - 2 * (2.66 / 3) * amr; nupl <- m + 2 * (2.66 / 3) * amr
 *     out <- y > upl | y < lpl
 *     rtm <- sign(y - m)
 *     close <- !out & (y < nlpl | y > nupl)
 *     n <- length(y)
 *     shift <- trend <- two <- rep(FALSE, n)
 *     for (i in 7:n) { w <- (i - 6):i
 *       if (rtm[i] != 0 && all(rtm[w] == rtm[i])) shift[w] <- TRUE }
 *     for (i in tp:n) { w <- (i - tp + 1):i; d <- sign(diff(y[w]))
 *       if (all(d == 1) || all(d == -1)) trend[w] <- TRUE }
 *     for (i in 1:(n - 2)) { w <- i:(i + 2)
 *       if (sum(close[w]) >= 2 && abs(sum(rtm[w])) == 3) two[w[close[w]]] <- TRUE }
 *     ... print m, lpl, upl, which(out) - 1, which(trend) - 1, ...
 *   }
 *   set.seed(42)
 *   for (k in 1:4) {
 *     drift <- switch(k, rep(0, 30), c(rep(0, 15), seq(0, 12, length.out = 15)),
 *                     c(rep(0, 10), rep(6, 20)), sin(1:30 / 3) * 6)
 *     y <- round(rnorm(30, 50, 3) + drift, 0); nhsr_rules(y) }
 *   set.seed(7)
 *   y <- round(c(50 + rnorm(10, 0, 2), 50 + (1:10) * 1.5 + rnorm(10, 0, 0.3),
 *                65 + rnorm(8, 0, 2), 90, 64), 1)
 *   nhsr_rules(y); nhsr_rules(y, tp = 6); nhsr_rules(y, screen = FALSE)
 */
typedef struct rules_case {
    double y[30];
    int screen;
    size_t trend_points;
    double mean, lpl, upl;
    int outside[31], trend[31], two[31], shift[31];  /* -1 terminated */
} rules_case;

static unsigned mask_of(const int *list, size_t i)
{
    for (size_t k = 0; k < 31 && list[k] >= 0; k++)
        if ((size_t)list[k] == i) return 1u;
    return 0u;
}

START_TEST(rules_vs_r)
{
    static const rules_case cases[] = {
        {{54, 48, 51, 52, 51, 50, 55, 50, 56, 50, 54, 57, 46, 49, 50, 52, 49, 42, 43, 54,
          49, 45, 49, 54, 56, 49, 49, 45, 51, 48}, 1, 7,
         50.266666666666666, 39.259770114942526, 61.273563218390805,
         {-1}, {-1}, {-1}, {-1}},
        {{51, 52, 53, 48, 52, 45, 48, 47, 43, 50, 51, 49, 52, 48, 46, 51, 48, 56, 51, 55,
          55, 53, 61, 59, 58, 59, 61, 61, 52, 63}, 1, 7,
         52.600000000000001, 42.877241379310348, 62.322758620689655,
         {29, -1}, {-1}, {26, 27, -1},
         {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24, 25, 26, 27, -1}},
        {{49, 51, 52, 54, 48, 54, 51, 53, 53, 52, 53, 56, 58, 53, 54, 58, 58, 57, 53, 53,
          61, 57, 56, 56, 52, 58, 55, 55, 59, 58}, 1, 7,
         54.56666666666667, 47.687356321839083, 61.445977011494257,
         {-1}, {-1}, {-1}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1}},
        {{56, 52, 57, 60, 53, 53, 51, 48, 51, 51, 51, 49, 41, 50, 42, 45, 45, 48, 51, 53,
          54, 56, 54, 54, 50, 53, 51, 59, 44, 47}, 1, 7,
         50.966666666666669, 42.416666666666671, 59.516666666666666,
         {3, 12, 14, -1}, {-1}, {15, 16, -1},
         {0, 1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, -1}},
        {{54.6, 47.6, 48.6, 49.2, 48.1, 48.1, 51.5, 49.8, 50.3, 54.4, 51.6, 53.8, 55.2, 56.1,
          58.1, 59.1, 60.2, 61.9, 63.5, 65.3, 66.7, 66.4, 67.6, 62.2, 67.5, 65.4, 66.5, 66.2,
          90, 64}, 1, 7,
         58.983333333333334, 53.761851851851858, 64.20481481481481,
         {1, 2, 3, 4, 5, 6, 7, 8, 10, 19, 20, 21, 22, 24, 25, 26, 27, 28, -1},
         {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, -1}, {9, 11, 12, -1},
         {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
          23, 24, 25, 26, 27, 28, 29, -1}},
        {{54.6, 47.6, 48.6, 49.2, 48.1, 48.1, 51.5, 49.8, 50.3, 54.4, 51.6, 53.8, 55.2, 56.1,
          58.1, 59.1, 60.2, 61.9, 63.5, 65.3, 66.7, 66.4, 67.6, 62.2, 67.5, 65.4, 66.5, 66.2,
          90, 64}, 1, 6,
         58.983333333333334, 53.761851851851858, 64.20481481481481,
         {1, 2, 3, 4, 5, 6, 7, 8, 10, 19, 20, 21, 22, 24, 25, 26, 27, 28, -1},
         {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, -1}, {9, 11, 12, -1},
         {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
          23, 24, 25, 26, 27, 28, 29, -1}},
        {{54.6, 47.6, 48.6, 49.2, 48.1, 48.1, 51.5, 49.8, 50.3, 54.4, 51.6, 53.8, 55.2, 56.1,
          58.1, 59.1, 60.2, 61.9, 63.5, 65.3, 66.7, 66.4, 67.6, 62.2, 67.5, 65.4, 66.5, 66.2,
          90, 64}, 0, 7,
         58.983333333333334, 49.554091954022994, 68.412574712643675,
         {1, 2, 3, 4, 5, 28, -1}, {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, -1},
         {6, 7, 8, 10, 19, 20, 21, 22, 24, 25, 26, 27, -1},
         {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
          23, 24, 25, 26, 27, 28, 29, -1}},
    };
    fp_spc_result *r = fp_spc_result_alloc(30);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const rules_case *k = &cases[c];
        fp_spc_options o;
        fp_spc_options_init(&o);
        o.screen = k->screen;
        o.trend_points = k->trend_points;
        ck_assert_int_eq(fp_spc_xmr(k->y, 30, &o, r), FP_OK);
        ck_assert_int_eq(r->reason, FP_SPC_OK);
        ck_assert_rel(r->segments[0].centre, k->mean, 1e-13);
        ck_assert_rel(r->segments[0].lower, k->lpl, 1e-13);
        ck_assert_rel(r->segments[0].upper, k->upl, 1e-13);
        for (size_t i = 0; i < 30; i++) {
            unsigned want = mask_of(k->outside, i) * FP_SPC_FLAG_OUTSIDE |
                            mask_of(k->trend, i) * FP_SPC_FLAG_TREND |
                            mask_of(k->two, i) * FP_SPC_FLAG_TWO_OF_THREE |
                            mask_of(k->shift, i) * FP_SPC_FLAG_SHIFT;
            ck_assert_msg(r->points[i].rules == want, "case %zu point %zu: rules %u, want %u",
                          c, i, r->points[i].rules, want);
        }
    }
    fp_spc_result_free(r);
}
END_TEST

/* ---------------------------------------------------------------- icons */

START_TEST(variation_icons)
{
    fp_spc_options o;
    fp_spc_options_init(&o);
    double t[2] = {11, 17};   /* latest point above the upper limit */
    o.polarity = FP_POLARITY_HIGH;
    fp_spc_result *r = run_baseline(t, 2, &o);
    ck_assert_int_eq(r->latest, 13);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_IMPROVING_HIGH);
    fp_spc_result_free(r);
    o.polarity = FP_POLARITY_LOW;
    r = run_baseline(t, 2, &o);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_CONCERNING_HIGH);
    fp_spc_result_free(r);
    o.polarity = FP_POLARITY_NONE;
    r = run_baseline(t, 2, &o);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_NEITHER_HIGH);
    ck_assert_int_eq(r->points[12].variation, FP_SPC_VAR_COMMON);
    fp_spc_result_free(r);

    double tl[2] = {11, 5};   /* below the lower limit */
    o.polarity = FP_POLARITY_HIGH;
    r = run_baseline(tl, 2, &o);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_CONCERNING_LOW);
    fp_spc_result_free(r);
    o.polarity = FP_POLARITY_LOW;
    r = run_baseline(tl, 2, &o);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_IMPROVING_LOW);
    fp_spc_result_free(r);
    o.polarity = FP_POLARITY_NONE;
    r = run_baseline(tl, 2, &o);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_NEITHER_LOW);
    fp_spc_result_free(r);

    /* A rising trend entirely below the mean (also a shift, which it
     * outranks) takes the trend's direction: improving when higher is
     * better. (NHSRplotthedots would use the side of the mean.) */
    double tt[8] = {11, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0};
    o.polarity = FP_POLARITY_HIGH;
    r = run_baseline(tt, 8, &o);
    ck_assert_int_eq(r->points[19].rules, FP_SPC_FLAG_TREND | FP_SPC_FLAG_SHIFT);
    ck_assert_int_eq(r->points[19].direction, 1);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_IMPROVING_HIGH);
    fp_spc_result_free(r);

    /* Latest point missing: the icon is for the latest non-missing point. */
    double tm[3] = {11, 17, NAN};
    r = run_baseline(tm, 3, &o);
    ck_assert_int_eq(r->latest, 13);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_IMPROVING_HIGH);
    ck_assert(r->notes & FP_SPC_NOTE_GAPS);
    ck_assert_int_eq(r->n_missing, 1);
    fp_spc_result_free(r);
}
END_TEST

START_TEST(assurance_icons)
{
    /* Limits 5.68 / 16.32. */
    double t[1] = {11};
    fp_spc_options o;
    fp_spc_options_init(&o);
    struct { fp_polarity pol; double target; fp_spc_assurance want; } cases[] = {
        {FP_POLARITY_HIGH, 17, FP_SPC_ASSURE_FAIL},
        {FP_POLARITY_HIGH, 5, FP_SPC_ASSURE_PASS},
        {FP_POLARITY_HIGH, 10, FP_SPC_ASSURE_HIT_AND_MISS},
        {FP_POLARITY_LOW, 17, FP_SPC_ASSURE_PASS},
        {FP_POLARITY_LOW, 5, FP_SPC_ASSURE_FAIL},
        {FP_POLARITY_LOW, 12, FP_SPC_ASSURE_HIT_AND_MISS},
        {FP_POLARITY_NONE, 17, FP_SPC_ASSURE_NONE},
        {FP_POLARITY_HIGH, NAN, FP_SPC_ASSURE_NONE},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        o.polarity = cases[k].pol;
        o.target = cases[k].target;
        fp_spc_result *r = run_baseline(t, 1, &o);
        ck_assert_msg(r->assurance == cases[k].want, "case %zu: got %d", k, (int)r->assurance);
        fp_spc_result_free(r);
    }
    /* A target exactly on a limit is hit and miss (strict). */
    o.polarity = FP_POLARITY_HIGH;
    o.target = NAN;
    fp_spc_result *r = run_baseline(t, 1, &o);
    double up = r->points[12].upper, lo = r->points[12].lower;
    fp_spc_result_free(r);
    o.target = up;
    r = run_baseline(t, 1, &o);
    ck_assert_int_eq(r->assurance, FP_SPC_ASSURE_HIT_AND_MISS);
    fp_spc_result_free(r);
    o.target = lo;
    r = run_baseline(t, 1, &o);
    ck_assert_int_eq(r->assurance, FP_SPC_ASSURE_HIT_AND_MISS);
    fp_spc_result_free(r);
}
END_TEST

/* ---------------------------------------------------- baseline, rebase */

START_TEST(baseline_and_rebase)
{
    fp_spc_options o;
    fp_spc_options_init(&o);
    fp_spc_result *r = fp_spc_result_alloc(20);
    o.baseline = 12;
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 20, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert_int_eq(r->segments[0].n_baseline, 12);
    ck_assert_int_eq(r->segments[0].n_mr, 11);
    ck_assert_rel(r->segments[0].centre, 0.19417933878903704, 1e-13);  /* R xmr(y[1:12]) */
    ck_assert_rel(r->segments[0].mean_mr, 1.0532252457093181, 1e-13);
    ck_assert_rel(r->points[19].lower, -2.6073998147977493, 1e-13);
    ck_assert_rel(r->points[19].upper, 2.9957584923758231, 1e-13);
    /* Moving ranges after the baseline are shown but not used. */
    ck_assert_rel(r->points[19].moving_range, fabs(RNORM20[19] - RNORM20[18]), 1e-15);

    /* Baseline too short, or longer than the series. */
    o.baseline = 11;
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 20, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_BASELINE_TOO_SHORT);
    ck_assert(isnan(r->points[0].upper));
    ck_assert_int_eq(r->variation, FP_SPC_VAR_NONE);
    o.baseline = 21;
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 20, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_TOO_FEW_POINTS);

    /* Rebase at the 11th point: two segments of 10 (min_points lowered). */
    size_t rb[1] = {10};
    fp_spc_options_init(&o);
    o.rebase = rb;
    o.n_rebase = 1;
    o.min_points = 10;
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 20, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert_int_eq(r->n_segments, 2);
    ck_assert(r->notes & FP_SPC_NOTE_REBASED);
    ck_assert_int_eq(r->segments[1].start, 10);
    ck_assert_int_eq(r->segments[1].end, 20);
    ck_assert_int_eq(r->points[10].segment, 1);
    ck_assert(isnan(r->points[10].moving_range));  /* none across the rebase */
    ck_assert_rel(r->segments[0].centre, 0.074625644097161895, 1e-13);  /* R xmr(y[1:10]) */
    ck_assert_rel(r->points[3].lower, -2.6005854077454389, 1e-13);
    ck_assert_rel(r->points[3].upper, 2.7498366959397629, 1e-13);
    ck_assert_rel(r->segments[1].centre, 0.20862196085203533, 1e-13); /* R xmr(y[11:20]) */
    ck_assert_rel(r->segments[1].mean_mr, 1.3111381235268584, 1e-13);
    ck_assert_rel(r->points[15].lower, -3.2790054477294084, 1e-13);
    ck_assert_rel(r->points[15].upper, 3.6962493694334788, 1e-13);

    /* With the default min_points of 12 both segments are too short. */
    o.min_points = 12;
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 20, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_TOO_FEW_POINTS);
    ck_assert_int_eq(r->segments[1].reason, FP_SPC_TOO_FEW_POINTS);

    /* A run never crosses a rebase: 4 above + rebase + 4 above. */
    double y[24];
    for (size_t i = 0; i < 12; i++) y[i] = (i % 2) ? 12.0 : 10.0;
    for (size_t i = 12; i < 24; i++) y[i] = (i % 2) ? 12.0 : 10.0;
    y[8] = y[9] = y[10] = y[11] = 11.5;
    y[12] = y[13] = y[14] = y[15] = 11.5;
    size_t rb2[1] = {12};
    o.rebase = rb2;
    o.min_points = 12;
    fp_spc_result *r2 = fp_spc_result_alloc(24);
    ck_assert_int_eq(fp_spc_xmr(y, 24, &o, r2), FP_OK);
    ck_assert_int_eq(r2->reason, FP_SPC_OK);
    for (size_t i = 0; i < 24; i++) ck_assert_int_eq(r2->points[i].rules & FP_SPC_FLAG_SHIFT, 0);
    o.n_rebase = 0;
    ck_assert_int_eq(fp_spc_xmr(y, 24, &o, r2), FP_OK);
    ck_assert_int_eq(r2->points[10].rules & FP_SPC_FLAG_SHIFT, FP_SPC_FLAG_SHIFT);
    fp_spc_result_free(r2);
    fp_spc_result_free(r);
}
END_TEST

/* --------------------------------------------------- constant, gaps */

START_TEST(constant_series)
{
    double y[15];
    for (size_t i = 0; i < 15; i++) y[i] = 5.0;
    fp_spc_options o;
    fp_spc_options_init(&o);
    o.polarity = FP_POLARITY_HIGH;
    o.target = 5.0;
    fp_spc_result *r = fp_spc_result_alloc(15);
    ck_assert_int_eq(fp_spc_xmr(y, 15, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert(r->notes & FP_SPC_NOTE_CONSTANT);
    ck_assert(!(r->notes & FP_SPC_NOTE_SCREENED));
    ck_assert_rel(r->segments[0].mean_mr, 0.0, 1e-15);
    for (size_t i = 0; i < 15; i++) {
        ck_assert_rel(r->points[i].lower, 5.0, 1e-15);
        ck_assert_rel(r->points[i].upper, 5.0, 1e-15);
        ck_assert_int_eq(r->points[i].rules, 0);  /* all on the mean */
    }
    ck_assert_int_eq(r->variation, FP_SPC_VAR_COMMON);
    ck_assert_int_eq(r->assurance, FP_SPC_ASSURE_HIT_AND_MISS);
    ck_assert_str_eq(fp_spc_note_text(FP_SPC_NOTE_CONSTANT),
                     "no variation: the limits equal the centre line");
    /* One step change: 14 × 5 then 6. The mean moving range is 1/14;
     * screening would drop the single moving range of 1 (1 >= 3.267/14) and
     * leave zero-width limits with every point outside, so the screen is not
     * applied. R: m <- mean(c(rep(5, 14), 6)) = 76/15; m + 2.66/14 =
     * 5.2566666666666668; only the 6 is outside (a special cause, high);
     * the fourteen 5s, all below the mean, are a shift. */
    y[14] = 6.0;
    ck_assert_int_eq(fp_spc_xmr(y, 15, &o, r), FP_OK);
    ck_assert(!(r->notes & FP_SPC_NOTE_CONSTANT));
    ck_assert(!(r->notes & FP_SPC_NOTE_SCREENED));
    ck_assert_int_eq(r->segments[0].n_mr_screened, 0);
    ck_assert_rel(r->segments[0].centre, 76.0 / 15.0, 1e-15);
    ck_assert_rel(r->segments[0].mean_mr, 1.0 / 14.0, 1e-15);
    ck_assert_rel(r->segments[0].upper, 5.2566666666666668, 1e-15);
    ck_assert_int_eq(r->n_special, 15);
    ck_assert_int_eq(r->points[14].cause, FP_SPC_RULE_OUTSIDE);
    ck_assert_int_eq(r->points[0].cause, FP_SPC_RULE_SHIFT);
    ck_assert_int_eq(r->points[0].rules, FP_SPC_FLAG_SHIFT);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_IMPROVING_HIGH);
    fp_spc_result_free(r);
}
END_TEST

START_TEST(gaps)
{
    double y[20];
    memcpy(y, RNORM20, sizeof y);
    y[4] = y[5] = NAN;
    fp_spc_options o;
    fp_spc_options_init(&o);
    fp_spc_result *r = fp_spc_result_alloc(20);
    ck_assert_int_eq(fp_spc_xmr(y, 20, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert_int_eq(r->n_missing, 2);
    ck_assert(r->notes & FP_SPC_NOTE_GAPS);
    ck_assert(r->points[4].missing && r->points[5].missing);
    ck_assert(isnan(r->points[4].upper));
    ck_assert(isnan(r->points[6].moving_range));
    ck_assert_int_eq(r->segments[0].n_mr, 16);                       /* R: 16 */
    ck_assert_rel(r->segments[0].centre, 0.054895740413763605, 1e-13); /* R xmr(yg) */
    ck_assert_rel(r->segments[0].mean_mr, 1.2264217167380838, 1e-13);
    ck_assert_rel(r->points[0].lower, -3.207386026109539, 1e-13);
    ck_assert_rel(r->points[0].upper, 3.3171775069370666, 1e-13);

    /* A gap breaks a shift: 4 above, gap, 3 above (baseline 12). */
    double t[10] = {11, 11.5, 11.5, 11.5, 11.5, NAN, 11.5, 11.5, 11.5, 11};
    fp_spc_result *r2 = run_baseline(t, 10, NULL);
    for (size_t i = 12; i < 22; i++) ck_assert_int_eq(r2->points[i].rules, 0);
    fp_spc_result_free(r2);
    /* and a trend. */
    double t2[9] = {10.4, 10.6, 10.8, 11.2, NAN, 11.4, 11.6, 11.8, 11};
    r2 = run_baseline(t2, 9, NULL);
    for (size_t i = 12; i < 21; i++) ck_assert_int_eq(r2->points[i].rules, 0);
    fp_spc_result_free(r2);

    /* All missing; no adjacent pair; too few. */
    double z[14];
    for (size_t i = 0; i < 14; i++) z[i] = NAN;
    ck_assert_int_eq(fp_spc_xmr(z, 14, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_NO_POINTS);
    ck_assert_int_eq(r->latest, 14);
    for (size_t i = 0; i < 14; i++) z[i] = (i % 2) ? NAN : (double)i;
    o.min_points = 2;
    ck_assert_int_eq(fp_spc_xmr(z, 14, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_NO_MOVING_RANGE);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_NONE);
    o.min_points = 12;
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 11, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_TOO_FEW_POINTS);
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 0, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_NO_POINTS);
    fp_spc_result_free(r);
}
END_TEST

/* ------------------------------------------------------- p and u charts */

START_TEST(p_chart)
{
    const double num[12] = {12, 15, 8, 20, 11, 14, 9, 17, 13, 10, 16, 12};
    const double den[12] = {120, 130, 110, 150, 125, 140, 100, 160, 135, 115, 145, 128};
    /* R (see top): pmax(0, pbar - 3s), pmin(1, pbar + 3s), pbar - 2s, pbar + s. */
    const double lcl[12] = {0.018331340258204709, 0.021565506241622401, 0.014665618408379155,
        0.027034644176343728, 0.019996943830582994, 0.024446648000903876, 0.010462952069007311,
        0.029376055646738702, 0.023046098700225115, 0.016558258315735166, 0.02577411570355484,
        0.02094911786375514};
    const double ucl[12] = {0.18320909619879144, 0.17997493021537375, 0.186874818048617,
        0.17450579228065244, 0.18154349262641317, 0.17709378845609228, 0.19107748438798883,
        0.17216438081025745, 0.17849433775677104, 0.184982178141261, 0.17576632075344131,
        0.18059131859324101};
    const double lcl2[12] = {0.045810966248302498, 0.047967076903914295, 0.043367151681752127,
        0.05161316886039518, 0.046921368629888022, 0.049887838076768609, 0.0405653741221709,
        0.053174109840658491, 0.048954138542982764, 0.04462891161998947, 0.05077281654520259,
        0.047556151318669457};
    const double ucl1[12] = {0.12824984421859587, 0.12717178889078998, 0.12947175150187104,
        0.12534874291254952, 0.12769464302780309, 0.12621140830436281, 0.13087264028166168,
        0.12456827242241787, 0.12667825807125574, 0.12884087153275237, 0.12576891907014581,
        0.12737725168341238};
    fp_spc_options o;
    fp_spc_options_init(&o);
    fp_spc_result *r = fp_spc_result_alloc(12);
    ck_assert_int_eq(fp_spc_p(num, den, 12, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert_int_eq(r->chart, FP_SPC_CHART_P);
    ck_assert_rel(r->segments[0].centre, 0.10077021822849808, 1e-14);
    for (size_t i = 0; i < 12; i++) {
        ck_assert_rel(r->points[i].value, num[i] / den[i], 1e-15);
        ck_assert_rel(r->points[i].lower, lcl[i], 1e-13);
        ck_assert_rel(r->points[i].upper, ucl[i], 1e-13);
        ck_assert_rel(r->points[i].lower2, lcl2[i], 1e-13);
        ck_assert_rel(r->points[i].upper1, ucl1[i], 1e-13);
        ck_assert_int_eq(r->points[i].rules, 0);
    }
    ck_assert(!(r->notes & FP_SPC_NOTE_CLIPPED));
    /* As percentages. */
    o.multiplier = 100;
    ck_assert_int_eq(fp_spc_p(num, den, 12, &o, r), FP_OK);
    ck_assert_rel(r->segments[0].centre, 10.077021822849808, 1e-14);
    ck_assert_rel(r->points[6].upper, 19.107748438798883, 1e-13);
    ck_assert_rel(r->points[6].value, 9.0, 1e-15);
    o.multiplier = 1;

    /* Fixed baseline of the 12 points, then 40/100 and 5/100 judged against
     * it (R: pbar as above; pbar -/+ 3 * sqrt(pbar * (1 - pbar) / 100) =
     * 0.010462952069007311 / 0.19107748438798883). */
    {
        double n14[14], d14[14];
        memcpy(n14, num, sizeof num);
        memcpy(d14, den, sizeof den);
        n14[12] = 40; d14[12] = 100;
        n14[13] = 5; d14[13] = 100;
        fp_spc_options ob;
        fp_spc_options_init(&ob);
        ob.baseline = 12;
        fp_spc_result *rb = fp_spc_result_alloc(14);
        ck_assert_int_eq(fp_spc_p(n14, d14, 14, &ob, rb), FP_OK);
        ck_assert_int_eq(rb->reason, FP_SPC_OK);
        ck_assert_rel(rb->segments[0].centre, 0.10077021822849808, 1e-14);
        ck_assert_rel(rb->points[12].upper, 0.19107748438798883, 1e-13);
        ck_assert_rel(rb->points[13].lower, 0.010462952069007311, 1e-13);
        ck_assert_int_eq(rb->points[12].cause, FP_SPC_RULE_OUTSIDE);
        ck_assert_int_eq(rb->points[13].rules, 0);
        ck_assert(!rb->points[12].in_baseline);
        fp_spc_result_free(rb);
    }

    /* Lower limits clipped at 0 (R: pmax gives 0 for every point). */
    const double num2[12] = {1, 0, 2, 0, 1, 1, 0, 3, 1, 0, 1, 2};
    const double den2[12] = {20, 25, 30, 22, 18, 40, 35, 28, 26, 30, 24, 20};
    ck_assert_int_eq(fp_spc_p(num2, den2, 12, &o, r), FP_OK);
    ck_assert_rel(r->segments[0].centre, 0.037735849056603772, 1e-14);
    ck_assert_rel(r->points[0].lower, 0.0, 1e-15);
    ck_assert_rel(r->points[0].upper, 0.16556516744116467, 1e-13);
    ck_assert_rel(r->points[5].upper, 0.128124826920781, 1e-13);
    ck_assert(r->notes & FP_SPC_NOTE_CLIPPED);
    ck_assert_int_eq(r->points[1].rules & FP_SPC_FLAG_OUTSIDE, 0); /* 0 on a limit of 0 */

    /* Upper limits clipped at 1: R 1.0870826124545896 -> 1. */
    const double num3[12] = {19, 20, 18, 20, 19, 20, 20, 19, 20, 18, 20, 19};
    double den3[12];
    for (size_t i = 0; i < 12; i++) den3[i] = 20;
    ck_assert_int_eq(fp_spc_p(num3, den3, 12, &o, r), FP_OK);
    ck_assert_rel(r->segments[0].centre, 0.96666666666666667, 1e-14);
    ck_assert_rel(r->points[0].upper, 1.0, 1e-15);
    ck_assert_rel(r->points[0].lower, 0.84625072087874376, 1e-13);
    ck_assert_int_eq(r->points[1].rules & FP_SPC_FLAG_OUTSIDE, 0); /* 1 on a limit of 1 */

    /* An outside point: 11 × 10/100 then 30/100 (R: pbar 0.11666666666666667,
     * ucl 0.21297346808795778, lcl 0.020359865245375558). */
    double num4[12], den4[12];
    for (size_t i = 0; i < 12; i++) { num4[i] = 10; den4[i] = 100; }
    num4[11] = 30;
    o.polarity = FP_POLARITY_LOW;
    ck_assert_int_eq(fp_spc_p(num4, den4, 12, &o, r), FP_OK);
    ck_assert_rel(r->points[11].upper, 0.21297346808795778, 1e-13);
    ck_assert_rel(r->points[11].lower, 0.020359865245375558, 1e-13);
    ck_assert_int_eq(r->points[11].cause, FP_SPC_RULE_OUTSIDE);
    ck_assert_int_eq(r->variation, FP_SPC_VAR_CONCERNING_HIGH);

    /* Gaps and errors. */
    num4[3] = den4[3] = 0;
    num4[4] = NAN;
    ck_assert_int_eq(fp_spc_p(num4, den4, 12, &o, r), FP_OK);
    ck_assert_int_eq(r->n_missing, 2);
    ck_assert_int_eq(r->reason, FP_SPC_TOO_FEW_POINTS);
    o.min_points = 10;
    ck_assert_int_eq(fp_spc_p(num4, den4, 12, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert(isnan(r->points[3].value) && isnan(r->points[3].upper));
    num4[0] = 101;
    ck_assert_int_eq(fp_spc_p(num4, den4, 12, &o, r), FP_EDOM);
    num4[0] = -1;
    ck_assert_int_eq(fp_spc_p(num4, den4, 12, &o, r), FP_EDOM);
    num4[0] = 10;
    o.multiplier = 0;
    ck_assert_int_eq(fp_spc_p(num4, den4, 12, &o, r), FP_EINVAL);
    fp_spc_result_free(r);
}
END_TEST

START_TEST(u_chart)
{
    const double cnt[12] = {3, 5, 2, 8, 4, 6, 1, 7, 5, 3, 4, 6};
    const double ex[12] = {1000, 1200, 900, 1500, 1100, 1300, 800, 1400, 1250, 950, 1050, 1150};
    /* R (see top), per 1,000. */
    const double ucl[12] = {9.948488712689759, 9.4276397986116081, 10.271848613420161,
        8.8515235362138807, 9.6702927027242307, 9.2135537876132823, 10.654084150386669,
        9.0228362581086756, 9.3173849673681595, 10.103784716021556, 9.8044217472635946,
        9.545009173647621};
    const double lcl1[12] = {1.977954742828903, 2.1515710475216201, 1.8701681092521028,
        2.3436098016541962, 2.0706867461507468, 2.2229330511877285, 1.7427562635966001,
        2.2865055610225982, 2.1883226579361037, 1.9261894083849713, 2.0259770646376243,
        2.1124479225096158};
    fp_spc_options o;
    fp_spc_options_init(&o);
    o.multiplier = 1000;
    fp_spc_result *r = fp_spc_result_alloc(12);
    ck_assert_int_eq(fp_spc_u(cnt, ex, 12, &o, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_OK);
    ck_assert_int_eq(r->chart, FP_SPC_CHART_U);
    ck_assert_rel(r->segments[0].centre, 3.9705882352941173, 1e-14);
    for (size_t i = 0; i < 12; i++) {
        ck_assert_rel(r->points[i].upper, ucl[i], 1e-13);
        ck_assert_rel(r->points[i].lower, 0.0, 1e-15);
        ck_assert_rel(r->points[i].lower1, lcl1[i], 1e-13);
        ck_assert_rel(r->points[i].value, 1000 * cnt[i] / ex[i], 1e-15);
    }
    ck_assert(r->notes & FP_SPC_NOTE_CLIPPED);
    /* No upper bound on a count, but negatives are errors. */
    double c2[12];
    memcpy(c2, cnt, sizeof c2);
    c2[0] = 2000;
    ck_assert_int_eq(fp_spc_u(c2, ex, 12, &o, r), FP_OK);
    ck_assert_int_eq(r->points[0].cause, FP_SPC_RULE_OUTSIDE);
    c2[0] = -1;
    ck_assert_int_eq(fp_spc_u(c2, ex, 12, &o, r), FP_EDOM);
    /* Zero counts: u-bar 0, limits equal the centre line. */
    double z[12] = {0};
    ck_assert_int_eq(fp_spc_u(z, ex, 12, &o, r), FP_OK);
    ck_assert(r->notes & FP_SPC_NOTE_CONSTANT);
    ck_assert_int_eq(r->n_special, 0);
    fp_spc_result_free(r);
}
END_TEST

/* ------------------------------------------------------------- errors */

START_TEST(errors_and_names)
{
    fp_spc_options o;
    fp_spc_options_init(&o);
    fp_spc_result *r = fp_spc_result_alloc(5);
    double y[20];
    memcpy(y, RNORM20, sizeof y);
    ck_assert_int_eq(fp_spc_xmr(y, 20, &o, r), FP_EINVAL);      /* over capacity */
    ck_assert_int_eq(fp_spc_xmr(y, 5, &o, NULL), FP_EINVAL);
    ck_assert_int_eq(fp_spc_xmr(NULL, 5, &o, r), FP_EINVAL);
    size_t bad[2] = {3, 3};
    o.rebase = bad;
    o.n_rebase = 2;
    ck_assert_int_eq(fp_spc_xmr(y, 5, &o, r), FP_EINVAL);       /* not ascending */
    bad[0] = 0;
    o.n_rebase = 1;
    ck_assert_int_eq(fp_spc_xmr(y, 5, &o, r), FP_EINVAL);       /* index 0 */
    bad[0] = 5;
    ck_assert_int_eq(fp_spc_xmr(y, 5, &o, r), FP_EINVAL);       /* past the end */
    fp_spc_options_init(&o);
    o.trend_points = 2;
    ck_assert_int_eq(fp_spc_xmr(y, 5, &o, r), FP_EINVAL);
    fp_spc_options_init(&o);
    y[2] = INFINITY;
    ck_assert_int_eq(fp_spc_xmr(y, 5, &o, r), FP_EINVAL);
    /* NULL options mean the defaults. */
    ck_assert_int_eq(fp_spc_xmr(RNORM20, 5, NULL, r), FP_OK);
    ck_assert_int_eq(r->reason, FP_SPC_TOO_FEW_POINTS);
    fp_spc_result_free(r);
    fp_spc_result_free(NULL);
    fp_spc_result *r0 = fp_spc_result_alloc(0);
    ck_assert_ptr_nonnull(r0);
    ck_assert_int_eq(fp_spc_xmr(NULL, 0, NULL, r0), FP_OK);
    ck_assert_int_eq(r0->reason, FP_SPC_NO_POINTS);
    fp_spc_result_free(r0);

    ck_assert_str_eq(fp_spc_chart_name(FP_SPC_CHART_P), "p");
    ck_assert_str_eq(fp_spc_rule_name(FP_SPC_RULE_TREND), "trend");
    ck_assert_str_eq(fp_spc_variation_name(FP_SPC_VAR_IMPROVING_HIGH),
                     "special cause improving (high)");
    ck_assert_str_eq(fp_spc_assurance_name(FP_SPC_ASSURE_HIT_AND_MISS), "hit and miss");
    ck_assert_str_eq(fp_spc_reason_text(FP_SPC_BASELINE_TOO_SHORT),
                     "a fixed baseline needs at least 12 points");
    ck_assert_str_eq(fp_spc_note_text(3u), "unknown");
    ck_assert_str_eq(fp_spc_rule_name((fp_spc_rule)99), "unknown");
}
END_TEST

/* NHSRplotthedots' names, and a peak shared by a rising and a falling trend:
 * the series SYN_TREND of tests/ref/spc/make_ref.R, where NHSRplotthedots
 * 0.2.2 (ptd_spc, improvement_direction = "increase") calls point 12 (5.3)
 * "7 Point Trend (Decreasing)", special_cause_concern; points 6-11
 * "(Increasing)", improvement; point 2 "Below LCL". */
START_TEST(ptd_names_and_shared_peak)
{
    static const double y[21] = { 5, 4, 6, 5, 5.5, 4.7, 4.8, 4.9, 5, 5.1, 5.2, 5.3, 5.25, 5.2,
                                  5.15, 5.1, 5.05, 5, 6, 4, 5.5 };
    fp_spc_options opt;
    fp_spc_options_init(&opt);
    opt.polarity = FP_POLARITY_HIGH;
    fp_spc_result *r = fp_spc_result_alloc(21);
    ck_assert_int_eq(fp_spc_xmr(y, 21, &opt, r), FP_OK);
    char buf[64];
    ck_assert_int_eq(fp_spc_cause_text(r, 11, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, "7 Point Trend (Decreasing)");
    ck_assert_str_eq(fp_spc_variation_type(r->points[11].variation), "special_cause_concern");
    ck_assert_int_eq(fp_spc_cause_text(r, 5, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, "7 Point Trend (Increasing)");
    ck_assert_str_eq(fp_spc_variation_type(r->points[5].variation), "special_cause_improvement");
    ck_assert_int_eq(fp_spc_cause_text(r, 1, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, "Below LCL");
    ck_assert_int_eq(fp_spc_cause_text(r, 0, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, "Common Cause");
    ck_assert_int_eq(fp_spc_cause_text(r, 11, buf, 5), FP_ERANGE);
    ck_assert_int_eq(fp_spc_cause_text(r, 21, buf, sizeof buf), FP_EINVAL);
    ck_assert_int_eq(fp_spc_cause_text(NULL, 0, buf, sizeof buf), FP_EINVAL);
    ck_assert_str_eq(fp_spc_variation_type(FP_SPC_VAR_NEITHER_LOW), "special_cause_neutral_low");
    ck_assert_str_eq(fp_spc_variation_type(FP_SPC_VAR_NONE), "");
    ck_assert_str_eq(fp_spc_variation_name(FP_SPC_VAR_NEITHER_HIGH), "special cause neutral (high)");
    ck_assert_str_eq(fp_spc_assurance_type(FP_SPC_ASSURE_HIT_AND_MISS), "inconsistent");
    ck_assert_str_eq(fp_spc_assurance_type(FP_SPC_ASSURE_PASS), "consistent_pass");
    ck_assert_str_eq(fp_spc_assurance_type(FP_SPC_ASSURE_FAIL), "consistent_fail");
    /* 2-in-3 and shift texts. */
    r->points[0].cause = FP_SPC_RULE_TWO_OF_THREE;
    r->points[0].direction = 1;
    ck_assert_int_eq(fp_spc_cause_text(r, 0, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, "2 in 3 Above CL");
    r->points[0].cause = FP_SPC_RULE_SHIFT;
    r->points[0].direction = -1;
    ck_assert_int_eq(fp_spc_cause_text(r, 0, buf, sizeof buf), FP_OK);
    ck_assert_str_eq(buf, "7 Points Below CL");
    fp_spc_result_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spc");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, mdc_example1);
    tcase_add_test(tc, mdc_example2);
    tcase_add_test(tc, outside_boundary);
    tcase_add_test(tc, shift_boundary);
    tcase_add_test(tc, trend_boundary);
    tcase_add_test(tc, two_of_three_boundary);
    tcase_add_test(tc, rule_priority);
    tcase_add_test(tc, rules_vs_r);
    tcase_add_test(tc, variation_icons);
    tcase_add_test(tc, assurance_icons);
    tcase_add_test(tc, baseline_and_rebase);
    tcase_add_test(tc, constant_series);
    tcase_add_test(tc, gaps);
    tcase_add_test(tc, p_chart);
    tcase_add_test(tc, u_chart);
    tcase_add_test(tc, errors_and_names);
    tcase_add_test(tc, ptd_names_and_shared_peak);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
