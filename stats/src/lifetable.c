/* lifetable.c -- life expectancy by Chiang's abridged life table (method
 * II) with Silcocks' variance for the open final band: the calculation of
 * OHID's Life Expectancy Calculator and of PHEindicatormethods'
 * phe_life_expectancy (R/LifeExpectancy.R, commit 093fd288), whose small-
 * number rules it keeps (fingerpost/lifetable.h). References: Chiang CL,
 * The Life Table and its Construction (1968); Silcocks PBS, Jenner DA, Reza
 * R, J Epidemiol Community Health 2001;55:38-43; Eayres DP, Williams ES,
 * JECH 2004;58:243-249. */
#include "fp_internal.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

int fp_le_bands_standard(const double *start, size_t n)
{
    if (!start || n != FP_LE_STANDARD_BANDS) return 0;
    for (size_t i = 0; i < n; i++) {
        double want = i == 0 ? 0.0 : i == 1 ? 1.0 : 5.0 * (double)(i - 1);
        if (start[i] != want) return 0;
    }
    return 1;
}

/* The whole table's reason from the data rules, checked in the package's
 * order (negative deaths, populations, deaths above population, the total
 * population), or FP_LE_OK. */
static fp_le_reason table_reason(const double *deaths, const double *pop, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        if (isnan(deaths[i]) || isnan(pop[i])) return FP_LE_MISSING;
    for (size_t i = 0; i < n; i++)
        if (deaths[i] < 0) return FP_LE_NEGATIVE_DEATHS;
    for (size_t i = 0; i < n; i++)
        if (pop[i] <= 0) return FP_LE_NONPOSITIVE_POP;
    for (size_t i = 0; i < n; i++)
        if (deaths[i] > pop[i]) return FP_LE_DEATHS_ABOVE_POP;
    for (size_t i = 0; i < n; i++) total += pop[i];
    if (total <= FP_LE_MIN_POPULATION) return FP_LE_SMALL_POPULATION;
    if (deaths[n - 1] == 0) return FP_LE_NO_DEATHS_LAST;
    return FP_LE_OK;
}

int fp_life_expectancy(const double *start, const double *deaths, const double *pop,
                       size_t n, double level, fp_le_row *rows, fp_le_reason *why)
{
    if (!start || !deaths || !pop || !rows || !why || n < 2) FP_ERROR(FP_EINVAL);
    if (!(level > 0.0 && level < 1.0)) FP_ERROR(FP_EINVAL);
    if (start[0] != 0.0) FP_ERROR(FP_EINVAL);
    for (size_t i = 1; i < n; i++)
        if (!(start[i] > start[i - 1]) || !isfinite(start[i])) FP_ERROR(FP_EINVAL);

    /* The cumulative counts from each band up, reported with every row. */
    double pc = 0.0, dc = 0.0;
    for (size_t i = n; i-- > 0;) {
        pc += pop[i];
        dc += deaths[i];
        rows[i].start_age = start[i];
        rows[i].pops_used = pc;
        rows[i].deaths_used = dc;
        rows[i].value = rows[i].se = rows[i].lower = rows[i].upper = NAN;
    }
    *why = table_reason(deaths, pop, n);
    for (size_t i = 0; i < n; i++) rows[i].reason = *why;
    if (*why != FP_LE_OK) return FP_OK;

    /* Forward: q, l, d and L. l is carried as l_i = l_{i-1} x p_{i-1} with
     * l_0 = 100000 (the radix cancels from e and its SE). The arrays are the
     * rows' own fields to avoid allocation: se holds q, lower holds l,
     * upper holds L until the backward pass. */
    double l = 1e5;
    const double z = gsl_cdf_ugaussian_Pinv(level + (1.0 - level) / 2.0);
    const double z95 = gsl_cdf_ugaussian_Pinv(0.975);
    for (size_t i = 0; i < n; i++) {
        int last = i == n - 1;
        double m = deaths[i] / pop[i];
        double a = start[i] == 0.0 ? 0.1 : 0.5;
        double w = last ? 2.0 / m : start[i + 1] - start[i];
        /* As the package: q = 1 when the deaths exceed what the band's
         * width and a allow (pop / n / a). */
        double q = deaths[i] <= pop[i] / w / a ? m * w / (1.0 + m * w * (1.0 - a)) : 1.0;
        double lnext = last ? 0.0 : l * (1.0 - q);
        double d = l - lnext;
        rows[i].se = q;
        rows[i].lower = l;
        rows[i].upper = last ? l / m : w * (lnext + a * d);
        l = lnext;
    }
    /* Backward: T, e and the variance sums. */
    double T = 0.0, ST = 0.0, e_next = 0.0, l_next = 0.0;
    for (size_t i = n; i-- > 0;) {
        int last = i == n - 1;
        double q = rows[i].se, li = rows[i].lower, L = rows[i].upper;
        double a = start[i] == 0.0 ? 0.1 : 0.5;
        double m = deaths[i] / pop[i];
        double w = last ? 2.0 / m : start[i + 1] - start[i];
        double d = li - l_next;   /* l_next: this pass overwrote rows[i + 1] */
        T += L;
        double e = li == 0.0 ? 0.0 : T / li;
        double s2;
        if (last) s2 = 4.0 / (deaths[i] * m * m);
        else s2 = d == 0.0 ? 0.0 : q * q * (1.0 - q) / deaths[i];
        double W = last ? (li / 2.0) * (li / 2.0) * s2
                        : s2 * li * li * ((1.0 - a) * w + e_next) * ((1.0 - a) * w + e_next);
        ST += W;
        double se = sqrt(ST / (li * li));
        rows[i].value = e;
        rows[i].se = se;
        rows[i].lower = e - z * se;
        rows[i].upper = e + z * se;
        rows[i].reason = FP_LE_OK;
        if (isinf(e)) rows[i].value = NAN;
        /* Withheld when the 95% interval is wider than 20 years. */
        if (z95 * se > 10.0) {
            rows[i].value = NAN;
            rows[i].reason = FP_LE_ROW_CI_OVER_20;
        }
        e_next = e;
        l_next = li;
    }
    return FP_OK;
}

const char *fp_le_reason_text(fp_le_reason reason)
{
    switch (reason) {
    case FP_LE_OK: return "";
    case FP_LE_NEGATIVE_DEATHS: return "a band has negative deaths";
    case FP_LE_NONPOSITIVE_POP: return "a band has a population of zero or less";
    case FP_LE_DEATHS_ABOVE_POP: return "a band has more deaths than population";
    case FP_LE_SMALL_POPULATION: return "total population of 5,000 or less";
    case FP_LE_NO_DEATHS_LAST: return "no deaths in the last (open) age band";
    case FP_LE_MISSING: return "a missing death count or population";
    case FP_LE_ROW_CI_OVER_20: return "95% confidence interval wider than 20 years: value withheld";
    }
    return "unknown";
}
