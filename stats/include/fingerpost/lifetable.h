/* fingerpost/lifetable.h -- life expectancy from deaths and populations in
 * age bands: the abridged life table of Chiang (method II) with Silcocks'
 * variance for the open final band, as OHID's Life Expectancy Calculator
 * and PHEindicatormethods::phe_life_expectancy (ukhsa-collaboration,
 * commit 093fd288) compute it for Fingertips.
 *
 * Usage:
 *     fp_le_row rows[20];
 *     fp_le_reason why;
 *     int st = fp_life_expectancy(start, deaths, pops, 20, 0.95, rows, &why);
 *     if (st == FP_OK && why == FP_LE_OK) ... rows[k].value (at start[k]) ...
 *
 * The table (docs/methods.md, "Life expectancy", gives every formula):
 *   band i starts at age x_i (x_0 = 0) and is n_i = x_{i+1} - x_i wide; the
 *   last band is open, n = 2 / M. a_i = 0.1 for the band starting at 0, else
 *   0.5. M_i = D_i / P_i; q_i = n M / (1 + n M (1 - a)) when D_i <= P_i / n /
 *   a, else 1; l_0 = 100000, l_{i+1} = l_i (1 - q_i); d_i = l_i - l_{i+1};
 *   L_i = n_i (l_{i+1} + a_i d_i), last L = l / M; T_i = sum of L from i;
 *   e_i = T_i / l_i (0 where l_i = 0). Variance: s2_i = q^2 (1 - q) / D_i (0
 *   where d_i = 0), last 4 / (D M^2) (Silcocks); W_i = s2_i l_i^2 ((1 - a_i)
 *   n_i + e_{i+1})^2, last (l / 2)^2 s2; SE(e_i) = sqrt(sum of W from i) /
 *   l_i; limits e_i -/+ z SE.
 *
 * PHEindicatormethods' rules for small numbers, kept here:
 *   - the whole table is not calculated (every row NaN, *why says which rule)
 *     when a band has negative deaths, a population of zero or less, more
 *     deaths than population, or the total population is 5,000 or less;
 *   - a row's value is withheld (NaN; its limits are still given, as the
 *     package does) when its 95% interval is wider than 20 years, that is
 *     1.959964 x SE > 10, whatever the level asked for (FP_LE_ROW_CI_OVER_20);
 *   - with no deaths in the open last band the table cannot be completed
 *     (M = 0): every row is NaN (FP_LE_NO_DEATHS_LAST; the package gives NA
 *     values there too).
 * PHEindicatormethods also insists on exactly the 20 bands 0, 1-4, 5-9, ...,
 * 85-89, 90+ (fp_le_bands_standard checks that); this function takes any
 * bands that start at 0 and ascend, so a table ending at 85+ can be made,
 * but only the 20 standard bands are checked against the package.
 *
 * Part of the public contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_LIFETABLE_H
#define FINGERPOST_LIFETABLE_H

#include <stddef.h>
#include "fingerpost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The ages at which the 20 standard bands start: 0, 1, 5, 10, ..., 90. */
#define FP_LE_STANDARD_BANDS 20

/* The total population at or below which no life table is made. */
#define FP_LE_MIN_POPULATION 5000.0

/* Why a table, or one row of it, has no value. */
typedef enum fp_le_reason {
    FP_LE_OK = 0,
    FP_LE_NEGATIVE_DEATHS,     /* a band has negative deaths */
    FP_LE_NONPOSITIVE_POP,     /* a band has a population of 0 or less */
    FP_LE_DEATHS_ABOVE_POP,    /* a band has more deaths than population */
    FP_LE_SMALL_POPULATION,    /* total population <= 5,000 */
    FP_LE_NO_DEATHS_LAST,      /* no deaths in the open last band */
    FP_LE_MISSING,             /* a missing (NaN) death count or population */
    FP_LE_ROW_CI_OVER_20       /* row only: the 95% interval is wider than
                                  20 years, so the value is withheld */
} fp_le_reason;

/* One row of the result: life expectancy at the start of band i. */
typedef struct fp_le_row {
    double start_age;      /* x_i */
    double value;          /* e_i in years; NaN when withheld or not made */
    double se;             /* its standard error */
    double lower, upper;   /* e_i -/+ z SE at the level asked for (kept when
                              the value is withheld for a wide interval) */
    double pops_used;      /* population of this band and every older one */
    double deaths_used;    /* deaths likewise */
    fp_le_reason reason;   /* FP_LE_OK, FP_LE_ROW_CI_OVER_20, or the table's */
} fp_le_row;

/* Life expectancy at the start of each of n bands. start[i] are the bands'
 * start ages (strictly ascending, start[0] = 0, the last band open),
 * deaths[i] and pop[i] the deaths and population (person-years) in band i.
 * level is a two-sided confidence level in (0, 1) (0.95). rows gets n rows
 * (caller-owned, n of them); *why the table's reason (FP_LE_OK when it was
 * made; then rows may still carry FP_LE_ROW_CI_OVER_20).
 * Returns FP_OK, or FP_EINVAL for NULL pointers, n < 2, start ages that do
 * not begin at 0 or do not ascend, or a level outside (0, 1). The data rules
 * above are reasons, not errors. Pure; no allocation. */
FP_API int fp_life_expectancy(const double *start, const double *deaths, const double *pop,
                              size_t n, double level, fp_le_row *rows, fp_le_reason *why);

/* 1 if start[0..n) are exactly the 20 standard start ages 0, 1, 5, 10, ...,
 * 90 that PHEindicatormethods requires, else 0 (also for a NULL start).
 * Cannot fail. */
FP_API int fp_le_bands_standard(const double *start, size_t n);

/* A short English text for a reason ("a band has negative deaths", ...);
 * never NULL. */
FP_API const char *fp_le_reason_text(fp_le_reason reason);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_LIFETABLE_H */
