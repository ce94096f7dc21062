/* fingerpost/sii.h -- inequality across deprivation quantiles: the slope
 * index of inequality (SII) and the relative index of inequality (RII), as
 * PHEindicatormethods::phe_sii (ukhsa-collaboration, commit 093fd288)
 * computes them for Fingertips.
 *
 * Usage:
 *     fp_sii_options opt;
 *     fp_sii_options_init(&opt);               // the package's defaults
 *     opt.value_type = FP_SII_RATE;
 *     fp_sii_result r;
 *     int st = fp_sii(value, se, pop, 10, &opt, levels, 2, &r);
 *     if (st == FP_OK) ... r.sii, r.sii_lower[0], r.rii ...
 *
 * The method (docs/methods.md, "Slope and relative index of inequality"):
 * quantile i (in the order given: most deprived first, so x runs from the
 * most to the least deprived) has population share a_i = pop_i / sum pop and
 * the midpoint of its cumulative share b_i = sum_{j<i} a_j + a_i / 2. The
 * value y_i (on its own scale; with transform, log for rates and logit for
 * proportions) is regressed on b without weights after multiplying both
 * sides by sqrt(a_i): y_i sqrt(a_i) = c sqrt(a_i) + s b_i sqrt(a_i), an
 * ordinary least-squares fit through the origin (R's lm(yvals ~ sqrt_a +
 * b_sqrt_a - 1)). SII = multiplier x s, RII = (c + s) / c (its inverse
 * when the multiplier is negative), intercept c. With transform the SII
 * and RII are taken back to the value scale at x = 0 and x = 1, as the
 * package does.
 *
 * Confidence limits, two ways:
 *  - FP_SII_CI_SIMULATION (the package's): `repetitions` times, each value
 *    is drawn from a normal distribution with its mean and standard error
 *    (on the log or logit scale for rates and proportions, then taken
 *    back), the regression refitted, and the limits are the
 *    round(R x (1 - level)/2)-th and round(R x (1 + level)/2)-th of the
 *    sorted SIIs (and RIIs). The draws are those of R's own generator
 *    (Mersenne-Twister seeded as set.seed(seed) does, normals by inversion),
 *    so a seed gives exactly the interval R gives after set.seed(seed); the
 *    default is 100,000 draws with seed FP_SII_DEFAULT_SEED. Each call
 *    starts from the seed, so a group's interval does not depend on the
 *    other groups of a run.
 *  - FP_SII_CI_ANALYTIC (fingerpost's alternative, no simulation): the
 *    normal interval c, s ± z sqrt(var), var from the fit's weights and the
 *    values' variances (exact for values on a normal scale, where the
 *    simulation converges to it; for rates and proportions without
 *    transform, the delta method); the RII's by the delta method.
 *
 * Inputs the package refuses are FP_EDOM (a population of 0 or less or
 * missing, a standard error that is negative or missing, a proportion
 * outside [0, 1]) or FP_EINVAL (fewer than 5 or more than 100 quantiles,
 * fewer than 1000 repetitions, NULL pointers, a level outside (0, 1), more
 * than FP_SII_MAX_LEVELS levels, transform with a normal value type).
 *
 * Part of the public contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_SII_H
#define FINGERPOST_SII_H

#include <stddef.h>
#include "fingerpost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FP_SII_MAX_LEVELS 4
#define FP_SII_DEFAULT_REPETITIONS 100000
/* The seed used unless another is asked for (documented so that anyone can
 * repeat an interval in R: set.seed(1); phe_sii(...)). */
#define FP_SII_DEFAULT_SEED 1

/* The scale of the values (PHEindicatormethods' value_type). */
typedef enum fp_sii_value_type {
    FP_SII_NORMAL = 0,      /* e.g. life expectancy: simulated as is */
    FP_SII_RATE = 1,        /* simulated on the log scale */
    FP_SII_PROPORTION = 2   /* a proportion in [0, 1], on the logit scale */
} fp_sii_value_type;

typedef enum fp_sii_ci_method {
    FP_SII_CI_SIMULATION = 0,
    FP_SII_CI_ANALYTIC
} fp_sii_ci_method;

typedef struct fp_sii_options {
    fp_sii_value_type value_type;   /* default FP_SII_NORMAL */
    int transform;                  /* nonzero: regress log/logit values */
    double multiplier;              /* default 1; e.g. -1 for a reversed SII */
    size_t repetitions;             /* default 100000 (>= 1000) */
    unsigned long seed;             /* default FP_SII_DEFAULT_SEED; as R's
                                       set.seed(seed), seed taken mod 2^32 */
    fp_sii_ci_method ci_method;     /* default simulation */
} fp_sii_options;

typedef struct fp_sii_result {
    size_t n;                       /* quantiles */
    double sii, rii, intercept;     /* as phe_sii's sii, rii, intercept */
    size_t nlevels;
    double level[FP_SII_MAX_LEVELS];
    double sii_lower[FP_SII_MAX_LEVELS], sii_upper[FP_SII_MAX_LEVELS];
    double rii_lower[FP_SII_MAX_LEVELS], rii_upper[FP_SII_MAX_LEVELS];
} fp_sii_result;

/* The defaults listed above. Cannot fail; a NULL opt is ignored. */
FP_API void fp_sii_options_init(fp_sii_options *opt);

/* The standard error of each value from its 95% limits, on the scale the
 * simulation uses (log for rates, logit for proportions), as the package
 * does: (g(upper) - g(lower)) / 1.959964 / 2. se gets n values (NaN where
 * a limit is missing or outside the scale's domain). FP_EINVAL for NULL
 * pointers. */
FP_API int fp_sii_se_from_ci(const double *lower, const double *upper, size_t n,
                             fp_sii_value_type type, double *se);

/* SII and RII of n quantiles (value[i], se[i], pop[i]; se on the
 * simulation scale, see fp_sii_se_from_ci) with limits at nlevels levels
 * (fractions, e.g. 0.95 and 0.998). Returns FP_OK and fills *r, or an error
 * as listed above (then *r is unspecified). Allocates n x repetitions
 * doubles' worth of workspace for the simulation (FP_ENOMEM if it cannot). */
FP_API int fp_sii(const double *value, const double *se, const double *pop, size_t n,
                  const fp_sii_options *opt, const double *levels, size_t nlevels,
                  fp_sii_result *r);

/* R's standard normal draws after set.seed(seed) (Mersenne-Twister,
 * inversion): out gets the n numbers rnorm(n) returns. Exposed for tests
 * and for anyone repeating a simulation. FP_EINVAL for NULL out. */
FP_API int fp_rnorm_r(unsigned long seed, double *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_SII_H */
