/* compare_knn.c -- k nearest statistical neighbours from area
 * characteristics: z-scores (as R's scale()), optional weights, Euclidean
 * distance, ties broken by area code. See fingerpost/compare.h. */
#include "fp_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int fp_standardise(const double *x, size_t n, size_t p, double *z)
{
    if (!x || !z) FP_ERROR(FP_EINVAL);
    if (n < 2) FP_ERROR(FP_ENODATA);
    for (size_t i = 0; i < n * p; i++)
        if (!isfinite(x[i])) FP_ERROR(FP_EDOM);
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) s += x[i * p + j];
        double m = s / (double)n, c = 0, ss = 0;
        for (size_t i = 0; i < n; i++) c += x[i * p + j] - m;
        m += c / (double)n;
        for (size_t i = 0; i < n; i++) {
            double d = x[i * p + j] - m;
            ss += d * d;
        }
        double sd = sqrt(ss / (double)(n - 1));
        for (size_t i = 0; i < n; i++)
            z[i * p + j] = sd > 0 ? (x[i * p + j] - m) / sd : 0.0;
    }
    return FP_OK;
}

typedef struct {
    double d;
    size_t i;
    const char *code;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->d < y->d) return -1;
    if (x->d > y->d) return 1;
    if (x->code && y->code) {
        int c = strcmp(x->code, y->code);
        if (c) return c;
    }
    return (x->i > y->i) - (x->i < y->i);
}

int fp_knn(const double *x, size_t n, size_t p, const double *w,
           const char *const *codes, size_t k, size_t *idx, double *dist)
{
    if (!x || !idx || k == 0 || k >= n) FP_ERROR(FP_EINVAL);
    if (w)
        for (size_t j = 0; j < p; j++)
            if (!isfinite(w[j]) || w[j] < 0) FP_ERROR(FP_EDOM);
    double *z = malloc(n * (p ? p : 1) * sizeof *z);
    cand *c = malloc(n * sizeof *c);
    if (!z || !c) { free(z); free(c); FP_ERROR(FP_ENOMEM); }
    int st = fp_standardise(x, n, p, z);
    if (st) { free(z); free(c); return st; }
    for (size_t a = 0; a < n; a++) {
        size_t m = 0;
        for (size_t b = 0; b < n; b++) {
            if (b == a) continue;
            double s = 0;
            for (size_t j = 0; j < p; j++) {
                double d = z[a * p + j] - z[b * p + j];
                s += (w ? w[j] : 1.0) * d * d;
            }
            c[m].d = sqrt(s);
            c[m].i = b;
            c[m].code = codes ? codes[b] : NULL;
            m++;
        }
        qsort(c, m, sizeof *c, cmp_cand);
        for (size_t r = 0; r < k; r++) {
            idx[a * k + r] = c[r].i;
            if (dist) dist[a * k + r] = c[r].d;
        }
    }
    free(z);
    free(c);
    return FP_OK;
}
