/* dsr.c -- directly standardised rates (Dobson's method) and indirectly
 * standardised ratios and rates.
 *
 * Matches PHEindicatormethods::phe_dsr (independent events) and phe_isr /
 * calculate_ISRatio / calculate_ISRate. References: Dobson AJ, Kuulasmaa K,
 * Eberle E, Scherer J (1991) "Confidence intervals for weighted sums of
 * Poisson parameters", Statistics in Medicine 10:457-462; Breslow NE, Day NE
 * (1987) Statistical Methods in Cancer Research II (Byar's approximation);
 * Eurostat (2013) "Revision of the European Standard Population". */
#include "fp_internal.h"
#include "rates_internal.h"

#include <math.h>

/* The 2013 European Standard Population: 0-4, 5-9, ..., 85-89, 90+. */
static const double esp2013[FP_ESP2013_BANDS] = {
    5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000
};

static const char *const esp2013_bands[FP_ESP2013_BANDS] = {
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
    "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84",
    "85-89", "90+"
};

const double *fp_esp2013(void)
{
    return esp2013;
}

const char *fp_esp2013_band(size_t i)
{
    return i < FP_ESP2013_BANDS ? esp2013_bands[i] : NULL;
}

/* The DSR of counts x_i (NaN = 0) with populations n_i and weights w_i.
 * With people != NULL the counts are the events sum_k (k+1) people_ik and
 * the variance is the non-independent one. */
static int dsr_core(const double *count, const double *people, size_t nfreq,
                    const double *pop, const double *stdpop, size_t nbands,
                    double multiplier, double level, fp_ci *ci, double *total_count)
{
    const fp_ci_method M = people ? FP_CI_DOBSON_NONINDEPENDENT : FP_CI_DOBSON;
    if (!ci) FP_ERROR(FP_EINVAL);
    if (total_count) *total_count = NAN;
    if (!fp__level_valid(level) || !(multiplier > 0.0) || isinf(multiplier))
        return fp__ci_fail(ci, M, level, FP_EINVAL, "invalid level or multiplier");
    if ((!count && !people) || !pop || nbands == 0 || (people && nfreq == 0))
        return fp__ci_fail(ci, M, level, FP_EINVAL, "no age bands");
    if (!stdpop) {
        if (nbands != FP_ESP2013_BANDS)
            return fp__ci_fail(ci, M, level, FP_EINVAL,
                               "the European Standard Population 2013 has 19 age bands");
        stdpop = esp2013;
    }
    double sw = 0.0, swr = 0.0, swv = 0.0, total = 0.0;
    for (size_t i = 0; i < nbands; i++) {
        double n = pop[i], w = stdpop[i], x = 0.0, v = 0.0;
        if (people) {
            /* Events, and the frequency-weighted sum for the variance. */
            for (size_t k = 0; k < nfreq; k++) {
                double f = people[i * nfreq + k];
                if (isnan(f)) continue;
                if (f < 0.0 || isinf(f))
                    return fp__ci_fail(ci, M, level, FP_EDOM, "negative or infinite count");
                double m = (double)(k + 1);
                x += m * f;
                v += m * m * f;
            }
        } else {
            x = isnan(count[i]) ? 0.0 : count[i];   /* missing counts count as 0 */
            v = x;
        }
        if (isnan(n) || n == 0.0)
            return fp__ci_fail(ci, M, level, FP_EZERODIV,
                               "zero or missing population in an age band");
        if (isnan(w))
            return fp__ci_fail(ci, M, level, FP_ENODATA, "missing standard population");
        if (x < 0.0 || n < 0.0 || w < 0.0 || isinf(x) || isinf(n) || isinf(w))
            return fp__ci_fail(ci, M, level, FP_EDOM,
                               "negative or infinite count, population or weight");
        sw += w;
        swr += w * x / n;
        swv += w * w * v / (n * n);
        total += x;
    }
    if (total_count) *total_count = total;
    if (sw == 0.0)
        return fp__ci_fail(ci, M, level, FP_EZERODIV, "standard population sums to zero");
    if (total < FP_EXACT_BELOW)
        return fp__ci_fail(ci, M, level, FP_ENODATA,
                           "total count below 10: not published (suppressed)");
    double dsr = swr / sw;
    double var = swv / (sw * sw);
    double lo, hi;
    /* Byar's limits of the total count X (X >= 10, so the lower is positive). */
    double z = fp_level_z(level);
    {
        double s = 3.0 * sqrt(total);
        double t = 1.0 - 1.0 / (9.0 * total) - z / s;
        lo = total * t * t * t;
        double x1 = total + 1.0;
        double u = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * sqrt(x1));
        hi = x1 * u * u * u;
    }
    double f = sqrt(var / total);
    ci->value = dsr * multiplier;
    ci->lower = (dsr + f * (lo - total)) * multiplier;
    ci->upper = (dsr + f * (hi - total)) * multiplier;
    ci->level = level;
    ci->method = M;
    ci->status = FP_OK;
    ci->reason = "";
    return FP_OK;
}

int fp_dsr_ci(const double *count, const double *pop, const double *stdpop,
              size_t nbands, double multiplier, double level,
              fp_ci *ci, double *total_count)
{
    return dsr_core(count, NULL, 0, pop, stdpop, nbands, multiplier, level, ci, total_count);
}

int fp_dsr_ci_nonindependent(const double *people, size_t nfreq, const double *pop,
                             const double *stdpop, size_t nbands, double multiplier,
                             double level, fp_ci *ci, double *total_count)
{
    if (!people) {
        if (ci) return fp__ci_fail(ci, FP_CI_DOBSON_NONINDEPENDENT, level, FP_EINVAL, "no counts");
        FP_ERROR(FP_EINVAL);
    }
    return dsr_core(NULL, people, nfreq, pop, stdpop, nbands, multiplier, level, ci, total_count);
}

int fp_isr_expected(const double *pop, const double *refcount,
                    const double *refpop, size_t nbands, double *expected)
{
    if (!pop || !refcount || !refpop || !expected) FP_ERROR(FP_EINVAL);
    double e = 0.0;
    *expected = NAN;
    for (size_t i = 0; i < nbands; i++) {
        /* Missing populations and reference counts count as 0 (phe_isr). */
        double n = isnan(pop[i]) ? 0.0 : pop[i];
        double rc = isnan(refcount[i]) ? 0.0 : refcount[i];
        if (isnan(refpop[i]) || refpop[i] == 0.0) FP_ERROR(FP_EZERODIV);
        if (n < 0.0 || rc < 0.0 || refpop[i] < 0.0) FP_ERROR(FP_EDOM);
        e += n * rc / refpop[i];
    }
    *expected = e;
    return FP_OK;
}

int fp_isr_ci(double observed, double expected, double scale, double level, fp_ci *ci)
{
    if (!ci) FP_ERROR(FP_EINVAL);
    if (!fp__level_valid(level) || !(scale > 0.0) || isinf(scale))
        return fp__ci_fail(ci, FP_CI_NONE, level, FP_EINVAL, "invalid level or scale");
    fp_ci_method m = isnan(observed) ? FP_CI_NONE
                   : observed < FP_EXACT_BELOW ? FP_CI_EXACT : FP_CI_BYARS;
    if (isnan(expected) || expected == 0.0)
        return fp__ci_fail(ci, m, level, FP_EZERODIV, "zero or missing expected count");
    if (isnan(observed))
        return fp__ci_fail(ci, m, level, FP_ENODATA, "missing observed count");
    if (observed < 0.0 || expected < 0.0 || isinf(observed) || isinf(expected))
        return fp__ci_fail(ci, m, level, FP_EDOM, "negative or infinite input");
    fp_level lv;
    double lo, hi;
    lv.level = level;
    lv.z = fp_level_z(level);
    if (observed < FP_EXACT_BELOW) {
        lo = fp__exact_lower(observed, level);
        hi = fp__exact_upper(observed, level);
    } else {
        fp__poisson_limits(observed, &lv, &lo, &hi);
    }
    double f = scale / expected;
    ci->value = observed * f;
    ci->lower = lo * f;
    ci->upper = hi * f;
    ci->level = level;
    ci->method = m;
    ci->status = FP_OK;
    ci->reason = "";
    return FP_OK;
}
