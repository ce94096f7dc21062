/* data_index.c -- the dataset's series index (fp_dataset_index) and the
 * look-ups that need it (fingerpost/data.h). No I/O. */
#include "data_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- indexing */

/* Thread-local context for sorting period indices (qsort has none). */
static _Thread_local const fp_dataset *sort_ds;

static int cmp_period_idx(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int r = fp_period_compare(&sort_ds->periods[i].period, &sort_ds->periods[j].period);
    if (r) return r;
    r = strcmp(sort_ds->periods[i].label, sort_ds->periods[j].label);
    if (r) return r;
    return (i > j) - (i < j);
}

/* A stable counting sort of the permutation `in` (NULL: the identity) into
 * `out` by key[src] in [0, nkeys). */
/* Index sorting. Observations are ordered by (indicator, area, period rank),
 * ties (duplicates) in the order they were added. A stable counting pass by
 * indicator splits the permutation into one segment per indicator; each
 * segment is then sorted on its own by (area, period rank), so the work and
 * the memory it touches are those of one indicator at a time -- in cache for
 * files that come grouped by indicator, as LAIT and Fingertips exports do.
 * Within a segment the observation numbers are ascending (the pass is
 * stable), so "original order" is simply the observation number. */

typedef struct seg_sorter {
    const fp_obs *obs;
    const size_t *prank;
    size_t n_areas, n_periods;
    uint32_t *tmp, *key;        /* one segment long */
    size_t *cnt_area, *cnt_per; /* n_areas + 1, n_periods + 1 */
} seg_sorter;

typedef struct seg_item {
    uint64_t key;               /* area << 32 | period rank */
    uint32_t src;
} seg_item;

static int cmp_seg_item(const void *a, const void *b)
{
    const seg_item *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->src > y->src) - (x->src < y->src);
}

static uint64_t seg_key(const seg_sorter *z, uint32_t k)
{
    return (uint64_t)z->obs[k].area << 32 | (uint64_t)z->prank[z->obs[k].period];
}

/* Sort perm[0..m), the observations of one indicator, by (area, period
 * rank, observation number). */
static int sort_segment(seg_sorter *z, uint32_t *perm, size_t m)
{
    if (m < 2) return FP_OK;
    if (m <= 32) {
        /* Insertion sort: stable, and fastest on a short segment. */
        uint64_t kk[32];
        for (size_t j = 0; j < m; j++) kk[j] = seg_key(z, perm[j]);
        for (size_t j = 1; j < m; j++) {
            uint64_t k = kk[j];
            uint32_t v = perm[j];
            size_t i = j;
            for (; i > 0 && kk[i - 1] > k; i--) { kk[i] = kk[i - 1]; perm[i] = perm[i - 1]; }
            kk[i] = k;
            perm[i] = v;
        }
        return FP_OK;
    }
    if (z->n_areas <= 8 * m && z->n_periods <= 8 * m) {
        /* Two stable counting passes, period rank then area; the count
         * arrays are cleared per segment, which the size test keeps cheap. */
        memset(z->cnt_per, 0, (z->n_periods + 1) * sizeof *z->cnt_per);
        for (size_t j = 0; j < m; j++) {
            z->key[j] = (uint32_t)z->prank[z->obs[perm[j]].period];
            z->cnt_per[z->key[j] + 1]++;
        }
        for (size_t r = 0; r < z->n_periods; r++) z->cnt_per[r + 1] += z->cnt_per[r];
        for (size_t j = 0; j < m; j++) z->tmp[z->cnt_per[z->key[j]]++] = perm[j];
        memset(z->cnt_area, 0, (z->n_areas + 1) * sizeof *z->cnt_area);
        for (size_t j = 0; j < m; j++) {
            z->key[j] = z->obs[z->tmp[j]].area;
            z->cnt_area[z->key[j] + 1]++;
        }
        for (size_t r = 0; r < z->n_areas; r++) z->cnt_area[r + 1] += z->cnt_area[r];
        for (size_t j = 0; j < m; j++) perm[z->cnt_area[z->key[j]]++] = z->tmp[j];
        return FP_OK;
    }
    /* Few observations against many areas or periods: a comparison sort. */
    seg_item *it = malloc(m * sizeof *it);
    if (!it) FP_ERROR(FP_ENOMEM);
    for (size_t j = 0; j < m; j++) { it[j].key = seg_key(z, perm[j]); it[j].src = perm[j]; }
    qsort(it, m, sizeof *it, cmp_seg_item);
    for (size_t j = 0; j < m; j++) perm[j] = it[j].src;
    free(it);
    return FP_OK;
}

/* prank[i]: the rank of period i in time order (ties by label, so the
 * order is total); order is work space of n_periods. */
static void rank_periods(const fp_dataset *ds, size_t *order, size_t *prank)
{
    for (size_t i = 0; i < ds->n_periods; i++) order[i] = i;
    sort_ds = ds;
    qsort(order, ds->n_periods, sizeof *order, cmp_period_idx);
    sort_ds = NULL;
    for (size_t r = 0; r < ds->n_periods; r++) prank[order[r]] = r;
}

/* Offsets of each indicator's block into ind_start (n_indicators + 1;
 * final: sorting keeps the counts). Returns the largest block. */
static size_t indicator_blocks(const fp_dataset *ds, size_t *ind_start)
{
    for (size_t i = 0; i <= ds->n_indicators; i++) ind_start[i] = 0;
    for (size_t k = 0; k < ds->n_obs; k++) ind_start[ds->obs[k].indicator + 1]++;
    size_t maxseg = 0;
    for (size_t i = 0; i < ds->n_indicators; i++) {
        if (ind_start[i + 1] > maxseg) maxseg = ind_start[i + 1];
        ind_start[i + 1] += ind_start[i];
    }
    return maxseg;
}

/* Sort (see sort_segment) into the permutation perm (n), perm[k] the source
 * of position k. Extra memory: two 4-byte numbers per observation of the
 * largest indicator (maxseg). FP_OK or FP_ENOMEM. */
static int sort_permutation(const fp_dataset *ds, const size_t *prank, const size_t *ind_start,
                            size_t maxseg, uint32_t *perm)
{
    size_t n = ds->n_obs;
    size_t *pos = malloc((ds->n_indicators + 1) * sizeof *pos);
    seg_sorter z = { ds->obs, prank, ds->n_areas, ds->n_periods,
                     malloc(maxseg * sizeof *z.tmp), malloc(maxseg * sizeof *z.key),
                     malloc((ds->n_areas + 1) * sizeof *z.cnt_area),
                     malloc((ds->n_periods + 1) * sizeof *z.cnt_per) };
    int rc = (!perm || !pos || !z.tmp || !z.key || !z.cnt_area || !z.cnt_per)
             ? FP_ENOMEM : FP_OK;
    if (!rc) {
        memcpy(pos, ind_start, (ds->n_indicators + 1) * sizeof *pos);
        for (size_t k = 0; k < n; k++) perm[pos[ds->obs[k].indicator]++] = (uint32_t)k;
        for (size_t i = 0; !rc && i < ds->n_indicators; i++)
            rc = sort_segment(&z, perm + ind_start[i], ind_start[i + 1] - ind_start[i]);
    }
    free(pos); free(z.tmp); free(z.key); free(z.cnt_area); free(z.cnt_per);
    return rc;
}

/* Put the observations in the order of perm. Gathering into a new array
 * reads each indicator's observations in order (perm is ascending within a
 * segment that the file holds in one block) and writes in order: a
 * streaming copy. Following the permutation's cycles in place jumps across
 * the whole array when the indicators were numbered in another order than
 * the file's (a data dictionary read first): a cache miss per observation,
 * 40% of `validate`'s time on the LAIT file (issue 22). The copy costs one
 * more array of observations while it is made (32 bytes each), so it is
 * made only when more than an eighth of the observations come from outside
 * their indicator's final place (its block of the array). A file read
 * without a dictionary keeps its indicators' blocks where they are (moves
 * within a block stay in cache, and the cycles are cheap); without the
 * memory, the cycles are followed as before. perm is consumed. */
static void apply_permutation(fp_dataset *ds, uint32_t *perm, const size_t *ind_start)
{
    size_t n = ds->n_obs;
    ds_priv *p = ds->priv;
    size_t far = 0;
    for (size_t i = 0; i < ds->n_indicators; i++)
        for (size_t k = ind_start[i]; k < ind_start[i + 1]; k++)
            far += perm[k] < ind_start[i] || perm[k] >= ind_start[i + 1];
    fp_obs *sorted = far > n / 8 ? malloc(n * sizeof *sorted) : NULL;
    if (sorted) {
        for (size_t k = 0; k < n; k++) sorted[k] = ds->obs[perm[k]];
        free(ds->obs);
        ds->obs = sorted;
        p->cap_obs = n;
    }
    for (size_t i = 0; !sorted && i < n; i++) {
        if (perm[i] == i) continue;
        fp_obs tmp = ds->obs[i];
        size_t j = i;
        for (;;) {
            size_t k = perm[j];
            perm[j] = (uint32_t)j;
            if (k == i) { ds->obs[j] = tmp; break; }
            ds->obs[j] = ds->obs[k];
            j = k;
        }
    }
}

/* Observations of the sorted array that repeat the (indicator, area,
 * period) of the one before. */
static size_t count_duplicates(const fp_dataset *ds)
{
    size_t dups = 0;
    for (size_t k = 1; k < ds->n_obs; k++)
        if (ds->obs[k].indicator == ds->obs[k - 1].indicator
            && ds->obs[k].area == ds->obs[k - 1].area
            && ds->obs[k].period == ds->obs[k - 1].period)
            dups++;
    return dups;
}

int fp_dataset_index(fp_dataset *ds, size_t *n_duplicates)
{
    if (!ds) FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    size_t n = ds->n_obs;
    if (n > UINT32_MAX) FP_ERROR(FP_ERANGE);

    size_t *order = malloc((ds->n_periods ? ds->n_periods : 1) * sizeof *order);
    size_t *prank = malloc((ds->n_periods ? ds->n_periods : 1) * sizeof *prank);
    size_t *ind_start = malloc((ds->n_indicators + 1) * sizeof *ind_start);
    if (!order || !prank || !ind_start) {
        free(order); free(prank); free(ind_start);
        FP_ERROR(FP_ENOMEM);
    }
    rank_periods(ds, order, prank);
    free(order);
    size_t maxseg = indicator_blocks(ds, ind_start);
    if (n > 1) {
        uint32_t *perm = malloc(n * sizeof *perm);
        int rc = sort_permutation(ds, prank, ind_start, maxseg, perm);
        if (rc) { free(perm); free(prank); free(ind_start); FP_ERROR(rc); }
        apply_permutation(ds, perm, ind_start);
        free(perm);
    }
    size_t dups = count_duplicates(ds);

    free(p->prank);
    free(p->ind_start);
    p->prank = prank;
    p->ind_start = ind_start;
    p->indexed = 1;
    if (n_duplicates) *n_duplicates = dups;
    return FP_OK;
}

int fp_dataset_series(const fp_dataset *ds, size_t indicator, size_t area,
                      const fp_obs **first, size_t *n)
{
    if (!ds || !first || !n) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    *first = NULL;
    *n = 0;
    if (!p->indexed) FP_ERROR(FP_EINVAL);
    if (indicator >= ds->n_indicators) return FP_ENOTFOUND;
    size_t lo = p->ind_start[indicator], hi = p->ind_start[indicator + 1];
    /* First observation with area >= the wanted one. */
    size_t a = lo, b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (ds->obs[mid].area < area) a = mid + 1; else b = mid;
    }
    size_t start = a;
    b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (ds->obs[mid].area <= area) a = mid + 1; else b = mid;
    }
    if (a == start) return FP_ENOTFOUND;
    *first = &ds->obs[start];
    *n = a - start;
    return FP_OK;
}

int fp_dataset_lookup(const fp_dataset *ds, size_t indicator, size_t area,
                      size_t period, const fp_obs **obs)
{
    const fp_obs *first;
    size_t n;
    if (!ds || !obs) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    int rc = fp_dataset_series(ds, indicator, area, &first, &n);
    if (rc != FP_OK) return rc;
    if (period >= ds->n_periods) return FP_ENOTFOUND;
    size_t want = p->prank[period];
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (p->prank[first[mid].period] < want) a = mid + 1; else b = mid;
    }
    if (a < n && first[a].period == period) {
        *obs = &first[a];
        return FP_OK;
    }
    return FP_ENOTFOUND;
}

int fp_dataset_latest_period(const fp_dataset *ds, size_t indicator, size_t *period)
{
    if (!ds || !period) FP_ERROR(FP_EINVAL);
    const ds_priv *p = ds->priv;
    if (!p->indexed) FP_ERROR(FP_EINVAL);
    int found = 0;
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *first;
        size_t n;
        if (fp_dataset_series(ds, indicator, a, &first, &n) != FP_OK) continue;
        /* A series is in period order: its last non-missing value is its latest. */
        for (size_t k = n; k-- > 0;) {
            if (first[k].missing != FP_MISSING_NONE) continue;
            if (!found || fp_period_compare(&ds->periods[first[k].period].period,
                                            &ds->periods[*period].period) > 0) {
                *period = first[k].period;
                found = 1;
            }
            break;
        }
    }
    return found ? FP_OK : FP_ENOTFOUND;
}

int fp_dataset_find_period(const fp_dataset *ds, const char *label, size_t *period)
{
    if (!ds || !label || !period) FP_ERROR(FP_EINVAL);
    for (size_t i = 0; i < ds->n_periods; i++)
        if (!strcmp(ds->periods[i].label, label)) { *period = i; return FP_OK; }
    fp_period want;
    if (fp_period_parse(label, &want) != FP_OK) return FP_ENOTFOUND;
    for (size_t i = 0; i < ds->n_periods; i++)
        if (fp_period_compare(&ds->periods[i].period, &want) == 0) { *period = i; return FP_OK; }
    return FP_ENOTFOUND;
}
