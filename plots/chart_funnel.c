/* chart_funnel.c -- the funnel chart (fpp_funnel_chart): every area's value
 * against its denominator with 95% and 99.8% control limits (computed by
 * the library: fingerpost/funnel.h).
 * Conventions: charts.c. */
#include "charts_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ funnel */

static fp_funnel_kind funnel_kind(fpp_funnel_type type)
{
    return type == FPP_FUNNEL_PROPORTION ? FP_FUNNEL_PROPORTION
         : type == FPP_FUNNEL_RATIO ? FP_FUNNEL_RATIO : FP_FUNNEL_RATE;
}

/* The funnel's limit at denominator dn and one-sided probability p, from the
 * library (fingerpost/funnel.h): from the overdispersion fit when the spec
 * has one (fp_funnel_od_limit_p), else OHID's (fp_funnel_limit_p). */
static int funnel_lim(const fpp_funnel *s, double dn, double p, double *l)
{
    if (s->od) return fp_funnel_od_limit_p(s->od, s->od_method, s->multiplier, dn, p, l);
    return fp_funnel_limit_p(funnel_kind(s->type), s->centre, s->multiplier, dn, p, l);
}

/* Whether the drawn limits are widened for overdispersion. */
static int funnel_adjusted(const fpp_funnel *s)
{
    return s->od && s->od_method != FP_OD_NONE && s->od->phi > 1;
}

/* A funnel point's category: the data's own significance when given,
 * else where the value lies against the 95% limits around the centre for
 * its denominator (better or worse by polarity, higher or lower without). */
static fpp_sig funnel_category(const fpp_funnel *s, size_t i, double v, double dn)
{
    if (s->sig) return fpp__sig_ok(s->sig[i]);
    double lo, hi;
    if (funnel_lim(s, dn, 0.025, &lo) != FP_OK || funnel_lim(s, dn, 0.975, &hi) != FP_OK)
        return FPP_SIG_NOT_COMPARED;
    if (v > hi)
        return s->polarity == FP_POLARITY_HIGH ? FPP_SIG_BETTER
             : s->polarity == FP_POLARITY_LOW ? FPP_SIG_WORSE : FPP_SIG_HIGHER;
    if (v < lo)
        return s->polarity == FP_POLARITY_HIGH ? FPP_SIG_WORSE
             : s->polarity == FP_POLARITY_LOW ? FPP_SIG_BETTER : FPP_SIG_LOWER;
    return FPP_SIG_SIMILAR;
}

/* A funnel chart's points as plotted. */
typedef struct funnel_pts {
    double *rows;          /* m x 4: denominator, value, category, selected */
    fpp_sig *cats;         /* the category of each of the n areas */
    size_t m;              /* areas plotted (with a value and a denominator) */
    double dmin, dmax;     /* their denominators' range */
    int present[FPP_SIG_COUNT];
} funnel_pts;

/* The points of the areas with a value and a positive denominator (the
 * others are listed as skipped, with the reason the data gives). FP_OK, or
 * an error with p freed. */
static int funnel_points(builder *B, const fpp_funnel *s, funnel_pts *p)
{
    size_t n = s->n;
    int rc = FP_OK;
    memset(p, 0, sizeof *p);
    p->dmin = INFINITY;
    p->rows = malloc(n * 4 * sizeof *p->rows);
    p->cats = malloc(n * sizeof *p->cats);
    if (!p->rows || !p->cats) { free(p->rows); free(p->cats); return FP_ENOMEM; }
    for (size_t i = 0; i < n && !rc; i++) {
        double v = s->value[i], dn = s->denominator[i];
        p->cats[i] = FPP_SIG_NOT_COMPARED;
        if (!isfinite(v) || !(dn > 0) || !isfinite(dn)) {
            rc = fpp__skip(B, s->names[i], !isfinite(v) ? "all values missing"
                                      : s->den_source && s->den_source[i] ? s->den_source[i]
                                      : "no denominator");
            continue;
        }
        fpp_sig c = funnel_category(s, i, v, dn);
        p->cats[i] = c;
        p->present[c] = 1;
        double *r = p->rows + p->m * 4;
        r[0] = dn; r[1] = v; r[2] = (double)c; r[3] = i == s->selected;
        p->m++;
        p->dmin = fmin(p->dmin, dn);
        p->dmax = fmax(p->dmax, dn);
    }
    if (rc) { free(p->rows); free(p->cats); }
    return rc;
}

enum { FUNNEL_GRID = 100 };

/* The limits on a grid of denominators from a little below the smallest to
 * a little above the largest: FUNNEL_GRID points, evenly spaced in the
 * square root so the curved part near the mouth is smooth; lim gets 5
 * columns a point (denominator, lower998, lower95, upper95, upper998).
 * *ymin and *ymax get the y range the points, the centre and the limits
 * (from the smallest denominator on) need. */
static void funnel_grid(const fpp_funnel *s, const funnel_pts *p, double *lim, double *ymin,
                        double *ymax)
{
    double a = sqrt(p->dmin * 0.8), z = sqrt(p->dmax * 1.05);
    static const double ps[4] = { 0.001, 0.025, 0.975, 0.999 };
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < p->m; k++) { lo = fmin(lo, p->rows[k * 4 + 1]); hi = fmax(hi, p->rows[k * 4 + 1]); }
    lo = fmin(lo, s->centre); hi = fmax(hi, s->centre);
    for (int g = 0; g < FUNNEL_GRID; g++) {
        double q = a + (z - a) * g / (FUNNEL_GRID - 1);
        double dn = q * q;
        lim[g * 5] = dn;
        for (int j = 0; j < 4; j++) {
            double l;
            lim[g * 5 + 1 + j] = funnel_lim(s, dn, ps[j], &l) == FP_OK ? l : NAN;
        }
        if (dn >= p->dmin) {
            if (isfinite(lim[g * 5 + 1])) lo = fmin(lo, lim[g * 5 + 1]);
            if (isfinite(lim[g * 5 + 4])) hi = fmax(hi, lim[g * 5 + 4]);
        }
    }
    *ymin = lo;
    *ymax = hi;
}

/* The ranges, the selected area's label, the data and limit blocks, and
 * the plot: 99.8% and 95% limits, England's line, the points by category,
 * the selected area ringed, the key. FP_OK or FP_ENOMEM. */
static int funnel_plot(builder *B, const fpp_funnel *s, const funnel_pts *p, int dps)
{
    static const char *const cols[] = { "denominator", "value", "category", "selected" };
    static const char *const lcols[] = { "denominator", "lower998", "lower95", "upper95", "upper998" };
    fpp__buf *b = &B->body;
    size_t n = s->n;
    double *lim = malloc(FUNNEL_GRID * 5 * sizeof *lim);
    if (!lim) return FP_ENOMEM;
    double ymin, ymax;
    funnel_grid(s, p, lim, &ymin, &ymax);
    double span = ymax - ymin > 0 ? ymax - ymin : fabs(ymax) + 1;
    fpp__buf_add(b, "set xrange [0:");
    fpp__buf_num(b, p->dmax * 1.05);
    fpp__buf_add(b, "]\nset yrange [");
    fpp__buf_num(b, ymin - 0.05 * span);
    fpp__buf_add(b, ":");
    fpp__buf_num(b, ymax + 0.05 * span);
    fpp__buf_add(b, "]\n");
    if (s->selected < n && isfinite(s->value[s->selected]) && s->denominator[s->selected] > 0) {
        fpp__buf_add(b, "set label 1 ");
        fpp__buf_quote(b, s->names[s->selected]);
        fpp__buf_add(b, " at first ");
        fpp__buf_num(b, s->denominator[s->selected]);
        fpp__buf_add(b, ", first ");
        fpp__buf_num(b, s->value[s->selected]);
        fpp__buf_add(b, " offset 1.5,1 front\n");
    }
    fpp__datablock(B, "$data", cols, 4, p->rows, p->m);
    fpp__datablock(B, "$limits", lcols, 5, lim, FUNNEL_GRID);
    free(lim);
    fpp__clause(B);
    fpp__buf_add(b, "$limits using 1:2 with lines lw 1.5 lc rgb '#404040'");
    int adj = funnel_adjusted(s);
    fpp__clause_title(B, adj ? "99.8% limits (overdispersed)" : "99.8% limits");
    fpp__clause(B);
    fpp__buf_add(b, "$limits using 1:5 with lines lw 1.5 lc rgb '#404040' notitle");
    fpp__clause(B);
    fpp__buf_add(b, "$limits using 1:3 with lines dt 2 lw 1.5 lc rgb '#404040'");
    fpp__clause_title(B, adj ? "95% limits (overdispersed)" : "95% limits");
    fpp__clause(B);
    fpp__buf_add(b, "$limits using 1:4 with lines dt 2 lw 1.5 lc rgb '#404040' notitle");
    fpp__clause(B);
    fpp__buf_num(b, s->centre);
    fpp__buf_add(b, " with lines lw 2 lc rgb '#000000'");
    char v[64], lab[1024];
    snprintf(lab, sizeof lab, "England: %s", fpp__fmt(v, sizeof v, s->centre, dps));
    fpp__clause_title(B, lab);
    fpp__sig_markers(B, "1", 2, 3, p->present, 1.2);
    if (s->selected < n) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using 1:(($4==1)?$2:NaN) with points pt 6 ps 3 lw 2 lc rgb '#000000'");
        fpp__clause_title(B, "Selected area");
    }
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (p->present[c]) fpp__sig_keyentry(B, (fpp_sig)c, NULL);
    fpp__buf_add(b, "\n");
    return FP_OK;
}

/* The table beside the chart: each plotted area with its limits, category
 * and (when given) where its denominator came from; cnt gets the number of
 * areas in each category. */
static void funnel_csv(builder *B, const fpp_funnel *s, const funnel_pts *p, int *cnt)
{
    static const char *const ccols[] = { "area", "value", "denominator", "lower95", "upper95",
                                         "lower998", "upper998", "significance", "selected",
                                         "denominator_source", "flag" };
    static const char *const fcols[] = { "area", "value", "denominator", "lower95", "upper95",
                                         "lower998", "upper998", "significance", "selected",
                                         "flag" };
    if (s->flag && !s->den_source) fpp__csv_header(B, fcols, 10);
    else fpp__csv_header(B, ccols, s->den_source ? (s->flag ? 11 : 10) : 9);
    for (size_t i = 0; i < s->n; i++) {
        double v = s->value[i], dn = s->denominator[i];
        if (!isfinite(v) || !(dn > 0) || !isfinite(dn)) continue;
        cnt[p->cats[i]]++;
        fpp__buf_csv(&B->csv, s->names[i]);
        double l[4] = { NAN, NAN, NAN, NAN };
        static const double ps[4] = { 0.025, 0.975, 0.001, 0.999 };
        for (int j = 0; j < 4; j++)
            if (funnel_lim(s, dn, ps[j], &l[j]) != FP_OK) l[j] = NAN;
        double vals[6] = { v, dn, l[0], l[1], l[2], l[3] };
        for (int j = 0; j < 6; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, vals[j]); }
        fpp__buf_add(&B->csv, ",");
        fpp__buf_csv(&B->csv, fpp_sig_label(p->cats[i]));
        fpp__buf_printf(&B->csv, ",%d", i == s->selected ? 1 : 0);
        if (s->den_source) {
            fpp__buf_add(&B->csv, ",");
            fpp__buf_csv(&B->csv, s->den_source[i] ? s->den_source[i] : "");
        }
        if (s->flag) {
            fpp__buf_add(&B->csv, ",");
            fpp__buf_csv(&B->csv, s->flag[i] ? s->flag[i] : "");
        }
        fpp__buf_add(&B->csv, "\n");
    }
}

/* The long description: what is plotted against what, the areas outside
 * the 95% limits by category, the selected area, the caller's note. */
static void funnel_desc(builder *B, const fpp_funnel *s, const funnel_pts *p, const int *cnt,
                        int dps)
{
    char v1[64];
    size_t n = s->n;
    fpp__buf *d = &B->desc;
    fpp__buf_printf(d, "Funnel plot of %s: %zu areas' values against their %s, with 95%% "
                       "and 99.8%% control limits (%s) around England's value %s.",
                    fpp__nz(s->title, "the indicator"), p->m,
                    s->type == FPP_FUNNEL_RATIO ? "expected counts" : "denominators",
                    funnel_adjusted(s) ? "adjusted for overdispersion"
                    : s->type == FPP_FUNNEL_PROPORTION ? "binomial" : "Poisson",
                    fpp__fmt(v1, sizeof v1, s->centre, dps));
    if (s->limits_note && *s->limits_note) fpp__buf_printf(d, " %s", s->limits_note);
    fpp__buf_add(d, " Outside the 95% limits:");
    int first = 1;
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (cnt[c] && c != FPP_SIG_SIMILAR && c != FPP_SIG_NOT_COMPARED) {
            fpp__buf_printf(d, "%s %d %s", first ? "" : ",", cnt[c], fpp_sig_label((fpp_sig)c));
            first = 0;
        }
    fpp__buf_add(d, first ? " none." : ".");
    if (s->selected < n && isfinite(s->value[s->selected]) && s->denominator[s->selected] > 0)
        fpp__buf_printf(d, " %s (highlighted): %s, %s.", s->names[s->selected],
                        fpp__fmt(v1, sizeof v1, s->value[s->selected], dps),
                        fpp_sig_label(p->cats[s->selected]));
    if (s->note && *s->note) fpp__buf_printf(d, " %s", s->note);
}

int fpp_funnel_chart(const fpp_funnel *s, const char *name, fpp_chart **out)
{
    if (!s || !out || s->n == 0 || !s->names || !s->value || !s->denominator) return FP_EINVAL;
    if (!isfinite(s->centre) || !(s->multiplier > 0)) return FP_EINVAL;
    builder B;
    int rc = fpp__builder_init(&B, "funnel", name);
    if (rc) return rc;
    int dps = s->dps >= 0 ? s->dps : 1;
    funnel_pts p;
    if ((rc = funnel_points(&B, s, &p)) != FP_OK) { fpp__builder_discard(&B); return rc; }
    B.c->empty = p.m == 0;

    fpp__begin(&B, s->title, s->subtitle);
    fpp__buf *b = &B.body;
    if (s->xlabel) { fpp__buf_add(b, "set xlabel "); fpp__buf_quote(b, s->xlabel); fpp__buf_add(b, "\n"); }
    if (s->ylabel) { fpp__buf_add(b, "set ylabel "); fpp__buf_quote(b, s->ylabel); fpp__buf_add(b, "\n"); }
    fpp__buf_add(b, "set grid lc rgb '#E0E0E0'\nset key below center horizontal maxrows 3 samplen 2\n"
                    "set format x '%.0f'\n");
    if (p.m && funnel_plot(&B, s, &p, dps) != FP_OK) {
        free(p.rows); free(p.cats);
        fpp__builder_discard(&B);
        return FP_ENOMEM;
    }
    int cnt[FPP_SIG_COUNT] = { 0 };
    funnel_csv(&B, s, &p, cnt);
    char alt[1024];
    snprintf(alt, sizeof alt, "Funnel plot: %s", fpp__nz(s->title, "indicator"));
    funnel_desc(&B, s, &p, cnt, dps);
    free(p.rows); free(p.cats);
    return fpp__builder_finish(&B, alt, out);
}
