/* sii.c -- the slope and relative indices of inequality (SII, RII) across
 * deprivation quantiles, with confidence limits by simulation (as
 * PHEindicatormethods' phe_sii and its SimulationFunc, R/SII_function.R and
 * R/utils.R at commit 093fd288) or analytically, and R's normal random
 * numbers so that a seed reproduces R's interval exactly
 * (fingerpost/sii.h). */
#include "fp_internal.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* ------------------------------------------------ R's random numbers */

/* R's default generator (src/main/RNG.c): Mersenne-Twister MT19937 whose
 * 624 words set.seed(seed) fills from the seed scrambled by the LCG
 * seed = 69069 seed + 1 (50 times, then once per word); uniforms are
 * fixed up to lie in (0, 1); normals by inversion from two uniforms,
 * u = (floor(2^27 u1) + u2) / 2^27, z = qnorm(u) (R's norm_rand with
 * INVERSION, its default). */
#define MT_N 624
#define MT_M 397

typedef struct r_rng {
    uint32_t mt[MT_N];
    int mti;
} r_rng;

static void r_set_seed(r_rng *g, unsigned long seed)
{
    uint32_t s = (uint32_t)seed;
    for (int j = 0; j < 50; j++) s = 69069u * s + 1u;
    /* The first of R's 625 seed words is the position (mti), which
     * FixupSeeds sets to 624; the other 624 are the state. */
    s = 69069u * s + 1u;
    for (int j = 0; j < MT_N; j++) {
        s = 69069u * s + 1u;
        g->mt[j] = s;
    }
    g->mti = MT_N;
}

static double r_mt_genrand(r_rng *g)
{
    static const uint32_t mag01[2] = { 0x0u, 0x9908b0dfu };
    uint32_t y;
    if (g->mti >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (g->mt[kk] & 0x80000000u) | (g->mt[kk + 1] & 0x7fffffffu);
            g->mt[kk] = g->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1u];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (g->mt[kk] & 0x80000000u) | (g->mt[kk + 1] & 0x7fffffffu);
            g->mt[kk] = g->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 0x1u];
        }
        y = (g->mt[MT_N - 1] & 0x80000000u) | (g->mt[0] & 0x7fffffffu);
        g->mt[MT_N - 1] = g->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1u];
        g->mti = 0;
    }
    y = g->mt[g->mti++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return (double)y * 2.3283064365386963e-10;
}

static double r_unif_rand(r_rng *g)
{
    const double i2_32m1 = 2.328306437080797e-10;   /* 1 / (2^32 - 1) */
    double x = r_mt_genrand(g);
    if (x <= 0.0) return 0.5 * i2_32m1;
    if (1.0 - x <= 0.0) return 1.0 - 0.5 * i2_32m1;
    return x;
}

static double r_norm_rand(r_rng *g)
{
    const double big = 134217728.0;   /* 2^27 */
    double u = r_unif_rand(g);
    u = (double)(int)(big * u) + r_unif_rand(g);
    /* GSL's inverse normal is Wichura's AS 241, as R's qnorm. */
    return gsl_cdf_ugaussian_Pinv(u / big);
}

int fp_rnorm_r(unsigned long seed, double *out, size_t n)
{
    if (!out && n) FP_ERROR(FP_EINVAL);
    r_rng g;
    r_set_seed(&g, seed);
    for (size_t i = 0; i < n; i++) out[i] = r_norm_rand(&g);
    return FP_OK;
}

/* ------------------------------------------------------------- SII */

void fp_sii_options_init(fp_sii_options *opt)
{
    if (!opt) return;
    opt->value_type = FP_SII_NORMAL;
    opt->transform = 0;
    opt->multiplier = 1.0;
    opt->repetitions = FP_SII_DEFAULT_REPETITIONS;
    opt->seed = FP_SII_DEFAULT_SEED;
    opt->ci_method = FP_SII_CI_SIMULATION;
}

/* The value on the simulation scale: log for rates, logit for proportions. */
static double to_scale(double v, fp_sii_value_type t)
{
    if (t == FP_SII_RATE) return log(v);
    if (t == FP_SII_PROPORTION) return log(v / (1.0 - v));
    return v;
}

static double from_scale(double y, fp_sii_value_type t)
{
    if (t == FP_SII_RATE) return exp(y);
    if (t == FP_SII_PROPORTION) return exp(y) / (1.0 + exp(y));
    return y;
}

int fp_sii_se_from_ci(const double *lower, const double *upper, size_t n,
                      fp_sii_value_type type, double *se)
{
    if (!lower || !upper || !se) FP_ERROR(FP_EINVAL);
    /* The package hard-codes 95% limits: z = qnorm(0.975). */
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    for (size_t i = 0; i < n; i++) {
        double s = (to_scale(upper[i], type) - to_scale(lower[i], type)) / z / 2.0;
        se[i] = isfinite(s) ? s : NAN;
    }
    return FP_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The order statistic R's SimulationFunc takes: sorted[round(R p) - 1]
 * (1-based, rounding half to even as R's round), NaN when outside. */
static double order_stat(const double *sorted, size_t reps, double p)
{
    double pos = nearbyint((double)reps * p);
    if (!(pos >= 1.0) || pos > (double)reps) return NAN;
    return sorted[(size_t)pos - 1];
}

/* With transform, the package takes the fitted line back to the value
 * scale at x = 0 and x = 1; the limits of the slope s (on the transformed
 * scale) become limits there about the midpoint x = 1/2 (xequalshalf),
 * with its quirks: for rates the limits swap when the multiplier is below
 * 1, for proportions when it is below 0. */
static void back_limits(fp_sii_value_type t, double mult, double half, double slo, double shi,
                        double *sii_lo, double *sii_hi, double *rii_lo, double *rii_hi)
{
    double ilcl = half - slo / 2.0, iucl = half - shi / 2.0;
    double xlcl = half + slo / 2.0, xucl = half + shi / 2.0;
    double fi_l = from_scale(ilcl, t), fi_u = from_scale(iucl, t);
    double fx_l = from_scale(xlcl, t), fx_u = from_scale(xucl, t);
    int swap = t == FP_SII_RATE ? mult < 1.0 : mult < 0.0;
    if (swap) {
        *sii_lo = (fx_u - fi_u) * mult;
        *sii_hi = (fx_l - fi_l) * mult;
        *rii_lo = 1.0 / (fx_u / fi_u);
        *rii_hi = 1.0 / (fx_l / fi_l);
    } else {
        *sii_lo = (fx_l - fi_l) * mult;
        *sii_hi = (fx_u - fi_u) * mult;
        *rii_lo = fx_l / fi_l;
        *rii_hi = fx_u / fi_u;
    }
}

/* Check the inputs as the package does. */
static int check_inputs(const double *value, const double *se, const double *pop, size_t n,
                        const fp_sii_options *opt, const double *levels, size_t nlevels)
{
    if (!value || !se || !pop || !opt || !levels) return FP_EINVAL;
    if (n < 5 || n > 100) return FP_EINVAL;
    if (nlevels < 1 || nlevels > FP_SII_MAX_LEVELS) return FP_EINVAL;
    for (size_t l = 0; l < nlevels; l++)
        if (!(levels[l] > 0.0 && levels[l] < 1.0)) return FP_EINVAL;
    if (opt->value_type != FP_SII_NORMAL && opt->value_type != FP_SII_RATE &&
        opt->value_type != FP_SII_PROPORTION)
        return FP_EINVAL;
    if (opt->transform && opt->value_type == FP_SII_NORMAL) return FP_EINVAL;
    if (!isfinite(opt->multiplier)) return FP_EINVAL;
    if (opt->ci_method == FP_SII_CI_SIMULATION && opt->repetitions < 1000) return FP_EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (!(pop[i] > 0.0) || !isfinite(pop[i])) return FP_EDOM;
        if (!(se[i] >= 0.0) || !isfinite(se[i])) return FP_EDOM;
        if (!isfinite(value[i])) return FP_EDOM;
        if (opt->value_type == FP_SII_PROPORTION && (value[i] < 0.0 || value[i] > 1.0))
            return FP_EDOM;
        if (opt->value_type == FP_SII_RATE && !(value[i] > 0.0)) return FP_EDOM;
    }
    return FP_OK;
}

/* The fitted regression of one fp_sii call. */
typedef struct sii_fit {
    const double *value, *se;
    size_t n;
    const fp_sii_options *opt;
    double A0[100], A1[100];   /* the coefficients (c, s) are A (y sqrt(a)) */
    double c, s;               /* intercept and slope on the regression scale */
    double half;               /* (transformed) the scale's midpoint, else NaN */
} sii_fit;

/* sqrt(a) and b sqrt(a) (the package's FindXValues), and the 2 x n matrix
 * A = (M M')^-1 M with M's rows sqrt(a) and b sqrt(a): the coefficients
 * (c, s) of any y are A (y sqrt(a)). Kept on the stack: n <= 100. */
static void sii_regress(const double *pop, sii_fit *F)
{
    size_t n = F->n;
    const fp_sii_options *opt = F->opt;
    double total = 0.0, cum = 0.0;
    for (size_t i = 0; i < n; i++) total += pop[i];
    double sa[100], bsa[100], ys[100];
    double m00 = 0.0, m01 = 0.0, m11 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = pop[i] / total;
        double b = a / 2.0 + cum;
        cum += a;
        sa[i] = sqrt(a);
        bsa[i] = b * sa[i];
        m00 += sa[i] * sa[i];
        m01 += sa[i] * bsa[i];
        m11 += bsa[i] * bsa[i];
    }
    double det = m00 * m11 - m01 * m01;
    for (size_t i = 0; i < n; i++) {
        /* Weights folded in: the coefficient of value y_i is A (sqrt(a_i) y_i). */
        F->A0[i] = (m11 * sa[i] - m01 * bsa[i]) / det * sa[i];
        F->A1[i] = (-m01 * sa[i] + m00 * bsa[i]) / det * sa[i];
        /* The regression scale: the value itself without transform, else
         * its log or logit. */
        ys[i] = opt->transform ? to_scale(F->value[i], opt->value_type) : F->value[i];
    }
    double c = 0.0, s = 0.0;
    for (size_t i = 0; i < n; i++) { c += F->A0[i] * ys[i]; s += F->A1[i] * ys[i]; }
    F->c = c;
    F->s = s;
}

/* The SII, RII and intercept of the fit, and each level's limits NaN. */
static void sii_point(sii_fit *F, const double *levels, size_t nlevels, fp_sii_result *r)
{
    const fp_sii_options *opt = F->opt;
    const double mult = opt->multiplier, c = F->c, s = F->s;
    r->n = F->n;
    r->nlevels = nlevels;
    F->half = NAN;
    if (!opt->transform) {
        r->sii = mult * s;
        r->rii = (c + s) / c;
        if (mult < 0.0) r->rii = 1.0 / r->rii;
        r->intercept = c;
    } else {
        double x1 = c + s;
        F->half = (c + x1) / 2.0;
        double fi = from_scale(c, opt->value_type), fx = from_scale(x1, opt->value_type);
        r->sii = (fx - fi) * mult;
        r->rii = mult < 0.0 ? 1.0 / (fx / fi) : fx / fi;
        r->intercept = fi * fabs(mult);
    }
    for (size_t l = 0; l < nlevels; l++) {
        r->level[l] = levels[l];
        r->sii_lower[l] = r->sii_upper[l] = r->rii_lower[l] = r->rii_upper[l] = NAN;
    }
}

/* Analytic limits: Var(c), Var(s), Cov(c, s) from the values' variances on
 * the regression scale (the delta method back from log/logit). */
static void sii_ci_analytic(const sii_fit *F, const double *levels, size_t nlevels,
                            fp_sii_result *r)
{
    const fp_sii_options *opt = F->opt;
    const fp_sii_value_type t = opt->value_type;
    const double mult = opt->multiplier, c = F->c, s = F->s;
    const double *value = F->value, *se = F->se, *A0 = F->A0, *A1 = F->A1;
    double vc = 0.0, vs = 0.0, cv = 0.0;
    for (size_t i = 0; i < F->n; i++) {
        double d = 1.0;
        if (!opt->transform && t == FP_SII_RATE) d = value[i];
        else if (!opt->transform && t == FP_SII_PROPORTION) d = value[i] * (1.0 - value[i]);
        double var = d * d * se[i] * se[i];
        vc += A0[i] * A0[i] * var;
        vs += A1[i] * A1[i] * var;
        cv += A0[i] * A1[i] * var;
    }
    for (size_t l = 0; l < nlevels; l++) {
        double z = gsl_cdf_ugaussian_Pinv(levels[l] + (1.0 - levels[l]) / 2.0);
        double slo = s - z * sqrt(vs), shi = s + z * sqrt(vs);
        if (opt->transform) {
            back_limits(t, mult, F->half, slo, shi, &r->sii_lower[l], &r->sii_upper[l],
                        &r->rii_lower[l], &r->rii_upper[l]);
            continue;
        }
        double a1 = mult * slo, a2 = mult * shi;
        r->sii_lower[l] = fmin(a1, a2);
        r->sii_upper[l] = fmax(a1, a2);
        double gc = -s / (c * c), gs = 1.0 / c;
        double sdr = sqrt(gc * gc * vc + gs * gs * vs + 2.0 * gc * gs * cv);
        double rii = (c + s) / c;
        double lo = rii - z * sdr, hi = rii + z * sdr;
        if (mult < 0.0) { double t1 = 1.0 / hi; hi = 1.0 / lo; lo = t1; }
        r->rii_lower[l] = lo;
        r->rii_upper[l] = hi;
    }
}

/* Simulated limits: R draws rnorm(R x n, value, se) column by column (a
 * repetition's n values together); a zero standard error takes no draw
 * (R's rnorm returns the mean without one). FP_OK or FP_ENOMEM. */
static int sii_ci_simulation(const sii_fit *F, const double *levels, size_t nlevels,
                             fp_sii_result *r)
{
    const fp_sii_options *opt = F->opt;
    const fp_sii_value_type t = opt->value_type;
    const double mult = opt->multiplier;
    const double *se = F->se, *A0 = F->A0, *A1 = F->A1;
    size_t reps = opt->repetitions, n = F->n;
    double *sim_s = malloc(2 * reps * sizeof *sim_s);
    if (!sim_s) FP_ERROR(FP_ENOMEM);
    double *sim_r = sim_s + reps;
    double mu[100];
    for (size_t i = 0; i < n; i++) mu[i] = to_scale(F->value[i], t);
    r_rng g;
    r_set_seed(&g, opt->seed);
    for (size_t k = 0; k < reps; k++) {
        double ck = 0.0, sk = 0.0;
        for (size_t i = 0; i < n; i++) {
            double y = se[i] == 0.0 ? mu[i] : mu[i] + se[i] * r_norm_rand(&g);
            if (!opt->transform) y = from_scale(y, t);
            ck += A0[i] * y;
            sk += A1[i] * y;
        }
        double rk = (sk + ck) / ck;
        if (mult < 0.0 && !opt->transform) rk = 1.0 / rk;
        sim_s[k] = opt->transform ? sk : sk * mult;
        sim_r[k] = rk;
    }
    qsort(sim_s, reps, sizeof *sim_s, cmp_double);
    qsort(sim_r, reps, sizeof *sim_r, cmp_double);
    for (size_t l = 0; l < nlevels; l++) {
        double cvl = levels[l] + (1.0 - levels[l]) / 2.0;
        double slo = order_stat(sim_s, reps, 1.0 - cvl), shi = order_stat(sim_s, reps, cvl);
        if (opt->transform) {
            back_limits(t, mult, F->half, slo, shi, &r->sii_lower[l], &r->sii_upper[l],
                        &r->rii_lower[l], &r->rii_upper[l]);
        } else {
            r->sii_lower[l] = slo;
            r->sii_upper[l] = shi;
            r->rii_lower[l] = order_stat(sim_r, reps, 1.0 - cvl);
            r->rii_upper[l] = order_stat(sim_r, reps, cvl);
        }
    }
    free(sim_s);
    return FP_OK;
}

int fp_sii(const double *value, const double *se, const double *pop, size_t n,
           const fp_sii_options *opt, const double *levels, size_t nlevels, fp_sii_result *r)
{
    int st = check_inputs(value, se, pop, n, opt, levels, nlevels);
    if (st != FP_OK || !r) FP_ERROR(r ? st : FP_EINVAL);
    sii_fit F;
    F.value = value;
    F.se = se;
    F.n = n;
    F.opt = opt;
    sii_regress(pop, &F);
    sii_point(&F, levels, nlevels, r);
    if (opt->ci_method == FP_SII_CI_ANALYTIC) {
        sii_ci_analytic(&F, levels, nlevels, r);
        return FP_OK;
    }
    return sii_ci_simulation(&F, levels, nlevels, r);
}
