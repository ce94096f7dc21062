/* compare_rank.c -- polarity-aware ranks, percentiles, type-7 quantiles and
 * quantile groups (LAIT quartile bands, Fingertips quintiles, PHE quantiles).
 * See fingerpost/compare.h. */
#include "fp_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* +1 when a is better than b under polarity, -1 worse, 0 equal. */
static int better(double a, double b, fp_polarity pol)
{
    if (a == b) return 0;
    if (pol == FP_POLARITY_HIGH) return a > b ? 1 : -1;
    return a < b ? 1 : -1;
}

static int has_polarity(fp_polarity p)
{
    return p == FP_POLARITY_HIGH || p == FP_POLARITY_LOW;
}

int fp_rank_of(double value, const double *values, size_t n, fp_polarity pol,
               size_t *rank, size_t *n_ranked)
{
    if ((!values && n) || !rank || !has_polarity(pol)) FP_ERROR(FP_EINVAL);
    *rank = 0;
    size_t m = 0, ahead = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i])) continue;
        m++;
        if (better(values[i], value, pol) > 0) ahead++;
    }
    if (n_ranked) *n_ranked = m;
    if (isnan(value)) FP_ERROR(FP_ENODATA);
    *rank = ahead + 1;
    return FP_OK;
}

/* Sort helper: indices ordered by value, best first. */
typedef struct { double v; size_t i; } vi;

static int cmp_vi_asc(const void *a, const void *b)
{
    const vi *x = a, *y = b;
    if (x->v < y->v) return -1;
    if (x->v > y->v) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_vi_desc(const void *a, const void *b)
{
    const vi *x = a, *y = b;
    if (x->v > y->v) return -1;
    if (x->v < y->v) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

int fp_rank(const double *values, size_t n, fp_polarity pol, size_t *ranks, size_t *n_ranked)
{
    if ((!values || !ranks) && n) FP_ERROR(FP_EINVAL);
    if (!has_polarity(pol)) FP_ERROR(FP_EINVAL);
    vi *a = malloc((n ? n : 1) * sizeof *a);
    if (!a) FP_ERROR(FP_ENOMEM);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        ranks[i] = 0;
        if (!isnan(values[i])) { a[m].v = values[i]; a[m].i = i; m++; }
    }
    qsort(a, m, sizeof *a, pol == FP_POLARITY_HIGH ? cmp_vi_desc : cmp_vi_asc);
    /* Ties take the lowest rank (R's ties.method = "min"). */
    for (size_t j = 0; j < m; j++) {
        size_t r = (j > 0 && a[j].v == a[j - 1].v) ? ranks[a[j - 1].i] : j + 1;
        ranks[a[j].i] = r;
    }
    free(a);
    if (n_ranked) *n_ranked = m;
    return FP_OK;
}

int fp_percentile_of(double value, const double *values, size_t n, fp_polarity pol,
                     double *percentile)
{
    if ((!values && n) || !percentile || !has_polarity(pol)) FP_ERROR(FP_EINVAL);
    *percentile = NAN;
    if (isnan(value)) FP_ERROR(FP_ENODATA);
    size_t m = 0, worse = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i])) continue;
        m++;
        if (better(values[i], value, pol) < 0) worse++;
    }
    if (m == 0) FP_ERROR(FP_ENODATA);
    *percentile = (m == 1) ? 100.0 : 100.0 * (double)worse / (double)(m - 1);
    return FP_OK;
}

/* ---------------------------------------------------------------- quantiles */

int fp_quantile7_sorted(const double *s, size_t n, double p, double *q)
{
    if ((!s && n) || !q) FP_ERROR(FP_EINVAL);
    if (!(p >= 0 && p <= 1)) FP_ERROR(FP_EDOM);
    if (n == 0) FP_ERROR(FP_ENODATA);
    /* Hyndman & Fan type 7, computed as R's quantile.default does it (so
     * results agree to the last bit): index = 1 + (n - 1) p, lo = floor,
     * h = index - lo, q = (1 - h) x[lo] + h x[lo + 1] when h > 0 and the two
     * order statistics differ (1-based). */
    double index = 1.0 + (double)(n - 1) * p;
    double lo = floor(index);
    size_t j = (size_t)lo - 1;
    double h = index - lo;
    double x = s[j];
    if (h > 0 && j + 1 < n && s[j + 1] != x) x = (1 - h) * x + h * s[j + 1];
    *q = x;
    return FP_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Copy the non-NaN values and sort them. *out is malloc'd. */
static int sorted_copy(const double *values, size_t n, double **out, size_t *m)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) FP_ERROR(FP_ENOMEM);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i])) v[k++] = values[i];
    qsort(v, k, sizeof *v, cmp_double);
    *out = v;
    *m = k;
    return FP_OK;
}

int fp_quantile7(const double *values, size_t n, double p, double *q)
{
    if ((!values && n) || !q) FP_ERROR(FP_EINVAL);
    if (!(p >= 0 && p <= 1)) FP_ERROR(FP_EDOM);
    double *s = NULL;
    size_t m = 0;
    int st = sorted_copy(values, n, &s, &m);
    if (st) return st;
    st = fp_quantile7_sorted(s, m, p, q);
    free(s);
    return st;
}

int fp_qmethod_parse(const char *text, fp_qmethod *method)
{
    if (!text || !method) FP_ERROR(FP_EINVAL);
    if (!strcasecmp(text, "type7") || !strcasecmp(text, "percentile") || !strcasecmp(text, "lait"))
        *method = FP_QMETHOD_TYPE7;
    else if (!strcasecmp(text, "ntile")) *method = FP_QMETHOD_NTILE;
    else if (!strcasecmp(text, "phe")) *method = FP_QMETHOD_PHE;
    else FP_ERROR(FP_EFORMAT);
    return FP_OK;
}

const char *fp_qmethod_name(fp_qmethod m)
{
    switch (m) {
    case FP_QMETHOD_TYPE7: return "type7";
    case FP_QMETHOD_NTILE: return "ntile";
    case FP_QMETHOD_PHE: return "phe";
    }
    return "unknown";
}

/* Type-7 groups: boundaries b[j] = quantile(j/k); v in group j (1-based,
 * ascending) when b[j-1] < v <= b[j], the minimum in group 1. */
static int groups_type7(const double *values, size_t n, int k, int desc, int *groups)
{
    double *s = NULL;
    size_t m = 0;
    int st = sorted_copy(values, n, &s, &m);
    if (st) return st;
    double *b = malloc((size_t)(k + 1) * sizeof *b);
    if (!b) { free(s); FP_ERROR(FP_ENOMEM); }
    if (m > 0)
        for (int j = 0; j <= k; j++) fp_quantile7_sorted(s, m, (double)j / k, &b[j]);
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i])) { groups[i] = 0; continue; }
        int g = 1;
        while (g < k && values[i] > b[g]) g++;
        groups[i] = desc ? k + 1 - g : g;
    }
    free(b);
    free(s);
    return FP_OK;
}

/* SQL NTILE(k): rows ordered (ties by input order), the first n mod k groups
 * have floor(n/k) + 1 rows, the rest floor(n/k). */
static int groups_ntile(const double *values, size_t n, int k, int desc, int *groups)
{
    vi *a = malloc((n ? n : 1) * sizeof *a);
    if (!a) FP_ERROR(FP_ENOMEM);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        groups[i] = 0;
        if (!isnan(values[i])) { a[m].v = values[i]; a[m].i = i; m++; }
    }
    qsort(a, m, sizeof *a, desc ? cmp_vi_desc : cmp_vi_asc);
    size_t kk = (size_t)k, base = m / kk, extra = m % kk, pos = 0;
    for (size_t g = 0; g < kk && pos < m; g++) {
        size_t size = base + (g < extra ? 1 : 0);
        for (size_t j = 0; j < size && pos < m; j++, pos++) groups[a[pos].i] = (int)g + 1;
    }
    free(a);
    return FP_OK;
}

/* PHEindicatormethods::phe_quantile, following its R code step by step:
 * adj = -values when inverted (rank(- values), commit 093fd288), rank(adj, ties "min"),
 * quantile = floor((k + 1) - ceiling(((num + 1) - rank) / (num / k))), 0 -> 1,
 * and no quantiles when num < k. */
static int groups_phe(const double *values, size_t n, int k, int invert, int *groups)
{
    double *adj = calloc(n ? n : 1, sizeof *adj);
    size_t *rk = malloc((n ? n : 1) * sizeof *rk);
    if (!adj || !rk) { free(adj); free(rk); FP_ERROR(FP_ENOMEM); }
    size_t num = 0;
    for (size_t i = 0; i < n; i++) num += !isnan(values[i]);
    /* invert ranks -values, as the package's rank(- values) (commit
     * 093fd288): exact, where max - values could round two values into a
     * tie. */
    for (size_t i = 0; i < n; i++) adj[i] = invert ? -values[i] : values[i];
    /* Ascending rank with ties "min" = fp_rank with "low is better". */
    int st = fp_rank(adj, n, FP_POLARITY_LOW, rk, NULL);
    if (st) { free(adj); free(rk); return st; }
    double dn = (double)num, dk = (double)k;
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i]) || num < (size_t)k) { groups[i] = 0; continue; }
        double q = floor((dk + 1) - ceil(((dn + 1) - (double)rk[i]) / (dn / dk)));
        if (q == 0) q = 1;
        groups[i] = (int)q;
    }
    free(adj);
    free(rk);
    return FP_OK;
}

int fp_quantile_groups(const double *values, size_t n, int k, fp_qmethod method,
                       int descending, int *groups)
{
    if (k < 1 || ((!values || !groups) && n)) FP_ERROR(FP_EINVAL);
    switch (method) {
    case FP_QMETHOD_TYPE7: return groups_type7(values, n, k, descending, groups);
    case FP_QMETHOD_NTILE: return groups_ntile(values, n, k, descending, groups);
    case FP_QMETHOD_PHE: return groups_phe(values, n, k, descending, groups);
    }
    FP_ERROR(FP_EINVAL);
}

/* Index i and its set label, to sort rows into their sets (stable by i). */
typedef struct set_idx { size_t set, i; } set_idx;

static int cmp_set_idx(const void *a, const void *b)
{
    const set_idx *x = a, *y = b;
    if (x->set != y->set) return x->set < y->set ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int fp_quantile_groups_by(const double *values, const size_t *set, size_t n, int k,
                          fp_qmethod method, int descending, int *groups)
{
    if (k < 1 || ((!values || !set || !groups) && n)) FP_ERROR(FP_EINVAL);
    if (n == 0) return FP_OK;
    set_idx *ix = malloc(n * sizeof *ix);
    double *v = malloc(n * sizeof *v);
    int *g = malloc(n * sizeof *g);
    if (!ix || !v || !g) { free(ix); free(v); free(g); FP_ERROR(FP_ENOMEM); }
    for (size_t i = 0; i < n; i++) ix[i] = (set_idx){ set[i], i };
    qsort(ix, n, sizeof *ix, cmp_set_idx);
    int st = FP_OK;
    for (size_t lo = 0, hi; lo < n && st == FP_OK; lo = hi) {
        for (hi = lo; hi < n && ix[hi].set == ix[lo].set; hi++) v[hi - lo] = values[ix[hi].i];
        st = fp_quantile_groups(v, hi - lo, k, method, descending, g);
        for (size_t j = lo; j < hi && st == FP_OK; j++) groups[ix[j].i] = g[j - lo];
    }
    free(ix);
    free(v);
    free(g);
    return st;
}

int fp_quartile_band(double value, const double q[5], fp_polarity pol, char *band)
{
    if (!q || !band) FP_ERROR(FP_EINVAL);
    *band = '\0';
    if (!has_polarity(pol)) FP_ERROR(FP_EINVAL);
    if (isnan(value)) FP_ERROR(FP_ENODATA);
    for (int i = 0; i < 5; i++)
        if (isnan(q[i])) FP_ERROR(FP_ENODATA);
    /* DfE LAIT calculate_quartile_band: [q0,q25], (q25,q50], (q50,q75], (q75,q100]. */
    int g;
    if (value < q[0] || value > q[4]) FP_ERROR(FP_EDOM);
    if (value <= q[1]) g = 1;
    else if (value <= q[2]) g = 2;
    else if (value <= q[3]) g = 3;
    else g = 4;
    /* g is 1 for the lowest quartile; A is best. */
    *band = (char)(pol == FP_POLARITY_LOW ? 'A' + (g - 1) : 'A' + (4 - g));
    return FP_OK;
}

int fp_quartile_band_of(double value, const double *values, size_t n, fp_polarity pol,
                        char *band, double q[5])
{
    if ((!values && n) || !band || !q) FP_ERROR(FP_EINVAL);
    *band = '\0';
    double *s = NULL;
    size_t m = 0;
    int st = sorted_copy(values, n, &s, &m);
    if (st) return st;
    if (m == 0) { free(s); for (int i = 0; i < 5; i++) q[i] = NAN; FP_ERROR(FP_ENODATA); }
    for (int i = 0; i < 5; i++) fp_quantile7_sorted(s, m, i / 4.0, &q[i]);
    free(s);
    return fp_quartile_band(value, q, pol, band);
}
