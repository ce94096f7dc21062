/* fingerpost/funnel.h -- funnel plots on real data: limits at any
 * denominator, and overdispersion (Spiegelhalter 2005).
 *
 * The plain funnel functions (OHID's limits and significance, as
 * PHEindicatormethods::calculate_funnel_limits and
 * assign_funnel_significance) are in fingerpost/rates.h. This header adds
 *
 *  - fp_funnel_limits_at: those limits at a given denominator, for drawing
 *    a funnel on a denominator axis and judging every unit at its own;
 *  - fp_funnel_od_fit / fp_funnel_od_limits / fp_funnel_od_sig: limits
 *    widened for overdispersion, estimated from the units themselves.
 *
 * Overdispersion, in brief (Spiegelhalter DJ, "Handling over-dispersion of
 * performance indicators", Qual Saf Health Care 2005;14:347-351; and
 * "Funnel plots for comparing institutional performance", Stat Med
 * 2005;24:1185-1202). Each unit i gets a z-score on a variance-stabilising
 * scale, z_i = (Y_i - T) / s_i, where T is the target on that scale and
 * s_i the unit's standard error under the target. The most extreme z-scores
 * are Winsorised (pulled in to the trim_by and 1 - trim_by quantiles,
 * 10% each tail by default, as the CQC does) or truncated (dropped, as NHS
 * England's SHMI does), and
 *
 *     phi   = (1/n) sum z_i^2                          (multiplicative)
 *     tau^2 = max(0, (n phi - (n - 1)) / (sum w_i - sum w_i^2 / sum w_i)),
 *             w_i = 1 / s_i^2, 0 when n phi < n - 1    (additive; the
 *             DerSimonian-Laird moment estimate on the trimmed scores)
 *
 * over the n scores kept. The limits at denominator d are, on the
 * transformed scale, T +/- z_p sqrt(phi) s(d) (multiplicative) or
 * T +/- z_p sqrt(s(d)^2 + tau^2) (additive), transformed back. When
 * phi <= 1 there is no overdispersion and the unadjusted (OHID) limits are
 * used, as NHS-R's FunnelPlotR does.
 *
 * The scales, as FunnelPlotR 0.6.0 (nhs-r-community/FunnelPlotR)
 * transformed_zscore() and calculate_limits():
 *  - proportions (x of n): Y = asin(sqrt(x/n)), T = asin(sqrt(p0)),
 *    s = 1/(2 sqrt(n)) (FunnelPlotR "PR");
 *  - ratios (O observed, E expected; ISR, SMR): log: Y = log(O/E),
 *    T = log(theta0), s = 1/sqrt(E) (FunnelPlotR "SR", sr_method "SHMI");
 *    or sqrt: Y = sqrt(O/E), T = sqrt(theta0), s = 1/(2 sqrt(E))
 *    (sr_method "CQC");
 *  - rates (O events in a population n): as ratios with E = n r0, where
 *    r0 is the target rate; the limits are the ratio limits times r0.
 * Where fingerpost differs from FunnelPlotR: the sqrt scale's limits are
 * transformed back by squaring, (T +/- z sigma)^2 (FunnelPlotR 0.6.0 plots
 * T +/- z sigma, the limits on the square-root scale, against ratios);
 * an arcsine limit whose angle leaves [0, pi/2] is clipped to 0 or 1
 * (FunnelPlotR clips where its tabulated limits stop being monotonic,
 * which differs only at the smallest denominators); multiplicative limits
 * (FunnelPlotR reports phi but draws only additive limits) follow
 * Spiegelhalter on the same scales; and the unadjusted limits are OHID's
 * exact ones (Wilson score for proportions, exact Poisson for ratios and
 * rates), where FunnelPlotR uses the normal approximation on the
 * transformed scale for proportions. */
#ifndef FINGERPOST_FUNNEL_H
#define FINGERPOST_FUNNEL_H

#include "fingerpost/common.h"
#include "fingerpost/rates.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* OHID's unadjusted limits of a funnel at denominator d, as fractions
 * (multiply by the indicator's multiplier to plot): proportions from
 * fp_funnel_proportion (Wilson score limits) around `average` (a fraction);
 * rates and ratios on the exact Poisson curves of fp_funnel_poisson, solved
 * for the denominator: the upper limit at d is O/d where mu_low(O) =
 * average x d, the lower where mu_high(O) = average x d (0 when d is so
 * small that even 0 events are not below it). For a rate d is the
 * population and average the rate per 1; for a ratio d is the expected
 * count and average the target ratio (1). Because the Poisson curves are
 * continuous in O (chi-square quantiles with real degrees of freedom), O is
 * found by bisection to 1e-13 relative. level is two-sided (0.95, 0.998).
 * FP_EINVAL for a bad kind or level, d <= 0 or not finite, average outside
 * [0, 1] (proportions) or not > 0 (rates and ratios); FP_ERANGE if the
 * bisection cannot bracket the limit. */
FP_API int fp_funnel_limits_at(fp_funnel_kind kind, double average, double d, double level,
                               double *lower, double *upper);

/* One limit of fp_funnel_limits_at in value units, for drawing: the limit
 * at denominator d around centre (value units, so the average is centre /
 * multiplier) at ONE-SIDED probability p: 0.025 and 0.975 are the lower and
 * upper 95% limits, 0.001 and 0.999 the 99.8% ones (p < 0.5 the lower, p >
 * 0.5 the upper limit of two-sided level |1 - 2p|); *limit is that limit
 * times multiplier. FP_EINVAL for a NULL limit, d <= 0 or not finite, p
 * outside (0, 1) or 0.5, multiplier not > 0 or not finite, a centre not
 * finite, and as fp_funnel_limits_at (a proportion centre outside [0,
 * multiplier], a rate centre <= 0); FP_ERANGE as fp_funnel_limits_at.
 * *limit is unchanged on failure. */
FP_API int fp_funnel_limit_p(fp_funnel_kind kind, double centre, double multiplier, double d,
                             double p, double *limit);

/* How a funnel's limits allow for overdispersion. */
typedef enum fp_od_method {
    FP_OD_NONE = 0,            /* OHID's limits (fp_funnel_limits_at) */
    FP_OD_MULTIPLICATIVE,      /* widened by sqrt(phi) on the transformed scale */
    FP_OD_ADDITIVE             /* random effects: s^2 + tau^2 on that scale */
} fp_od_method;

/* How the extreme z-scores are kept from inflating phi. */
typedef enum fp_od_trim {
    FP_OD_WINSORISE = 0,       /* pulled in to the trim_by quantiles (R type 7) */
    FP_OD_TRUNCATE             /* dropped: units ranked into 1/trim_by groups by
                                  z-score and the lowest and highest groups left
                                  out, as FunnelPlotR's truncation() (SHMI) */
} fp_od_trim;

/* The variance-stabilising scale of the z-scores. */
typedef enum fp_od_scale {
    FP_OD_SCALE_DEFAULT = 0,   /* arcsine for proportions, log for ratios and rates */
    FP_OD_SCALE_ARCSINE,       /* proportions only */
    FP_OD_SCALE_LOG,           /* ratios and rates */
    FP_OD_SCALE_SQRT           /* ratios and rates */
} fp_od_scale;

/* What to fit. */
typedef struct fp_od_spec {
    fp_funnel_kind kind;       /* proportion, ratio or rate */
    fp_od_scale scale;
    fp_od_trim trim;
    double trim_by;            /* fraction each tail, in [0, 0.5); 0.1 is
                                  the usual choice. Truncation needs 1/trim_by
                                  to be a whole number >= 3 (0.1, 0.05, ...) */
    double target;             /* the centre: a proportion (fraction), a
                                  rate per 1, or a ratio (1 for an ISR or SMR).
                                  NaN: the pooled sum(num)/sum(den) over the
                                  units used (1 for ratios), as FunnelPlotR */
} fp_od_spec;

/* A fitted overdispersion: everything the limits need. */
typedef struct fp_od_fit {
    fp_funnel_kind kind;
    fp_od_scale scale;         /* never DEFAULT */
    double target;             /* the centre on the original scale (per 1) */
    double phi;                /* the dispersion ratio (> 1: overdispersed) */
    double tau2;               /* the between-unit variance on the transformed
                                  scale (0 when n phi < n - 1) */
    double p_value;            /* P(chi-square with n - 1 df >= n phi): the
                                  test of no overdispersion (NaN if n < 2) */
    size_t n;                  /* units with usable data */
    size_t n_used;             /* z-scores phi is averaged over (n, or fewer
                                  after truncation) */
    double lz, uz;             /* the Winsorising quantiles of the z-scores
                                  (NaN when truncating) */
} fp_od_fit;

/* Fit overdispersion to n units with numerators num[i] (successes, observed
 * counts or events) and denominators den[i] (populations, or expected counts
 * for ratios). Units with a NaN numerator or denominator, or a denominator
 * <= 0, are left out (fit->n counts the rest). z, when not NULL, receives
 * each unit's unadjusted z-score (NaN for units left out; -Inf for a zero
 * count on the log scale). FP_EINVAL for bad arguments (a scale that does
 * not fit the kind, trim_by out of range); FP_EDOM for a negative count, a
 * proportion above 1, or a target outside the kind's range; FP_ENODATA for
 * fewer than 2 usable units or too few left after trimming; FP_ERANGE when
 * phi is not finite (e.g. zero counts on the log scale beyond the trim). */
FP_API int fp_funnel_od_fit(const fp_od_spec *spec, const double *num, const double *den,
                            size_t n, double *z, fp_od_fit *fit);

/* The limits (fractions, per 1, or ratios: times the multiplier to plot) at
 * denominator d and two-sided level (0.95, 0.998) under method: FP_OD_NONE,
 * or phi <= 1, gives OHID's limits (fp_funnel_limits_at around the fit's
 * target); otherwise the widened limits described above. *adjusted (may be
 * NULL) says which were used. Errors as fp_funnel_limits_at. */
FP_API int fp_funnel_od_limits(const fp_od_fit *fit, fp_od_method method, double d,
                               double level, double *lower, double *upper, int *adjusted);

/* One limit of fp_funnel_od_limits at one-sided probability p (as
 * fp_funnel_limit_p), times multiplier. FP_EINVAL for NULL fit or limit, p
 * outside (0, 1) or 0.5, multiplier not > 0 or not finite; else errors as
 * fp_funnel_od_limits. *limit is unchanged on failure. */
FP_API int fp_funnel_od_limit_p(const fp_od_fit *fit, fp_od_method method, double multiplier,
                                double d, double p, double *limit);

/* Where the unit num/den lies against the limits at its own denominator:
 * above the 99.8% limit "High (0.001)", above the 95% "High (0.025)", ...
 * (outside means strictly outside, as both OHID and FunnelPlotR).
 * Unadjusted (method FP_OD_NONE or phi <= 1): OHID's
 * assign_funnel_significance rules (fp_funnel_proportion_sig for
 * proportions; fp_funnel_ratio_sig of O against E = den x target for ratios
 * and rates). FP_EINVAL for NULL fit or sig or an unknown method,
 * FP_ENODATA for a NaN num or den, FP_EDOM for den <= 0 or a negative or
 * infinite value, else the errors of the rule used; *sig is
 * FP_FUNNEL_NOT_APPLICABLE on error. */
FP_API int fp_funnel_od_sig(const fp_od_fit *fit, fp_od_method method, double num, double den,
                            fp_funnel_sig *sig);

/* "none", "multiplicative", "additive"; "winsorise", "truncate"; "default",
 * "arcsine", "log", "sqrt". Never NULL. */
FP_API const char *fp_od_method_name(fp_od_method method);
FP_API const char *fp_od_trim_name(fp_od_trim trim);
FP_API const char *fp_od_scale_name(fp_od_scale scale);

#ifdef __cplusplus
}
#endif

#endif /* FINGERPOST_FUNNEL_H */
