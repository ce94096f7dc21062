/* data_strings.c -- string helpers and the string-keyed hash map of the data
 * model (data_internal.h). No I/O. */
#include "data_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ strings */

int fp__lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive equality of two NUL-terminated strings. */
int fp__eq_ci(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = fp__lower_ascii((unsigned char)*a), y = fp__lower_ascii((unsigned char)*b);
        if (x != y) return 0;
        if (!x) return 1;
    }
}

/* Trimmed view [*s, *e) of a string: spaces, tabs, CR and LF removed. */
void fp__trim_view(const char *text, const char **s, const char **e)
{
    const char *a = text, *b = text + strlen(text);
    while (a < b && (*a == ' ' || *a == '\t' || *a == '\r' || *a == '\n')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r' || b[-1] == '\n')) b--;
    *s = a;
    *e = b;
}

/* Case-insensitive comparison of the view [s, e) with a literal. */
int fp__view_is(const char *s, const char *e, const char *lit)
{
    size_t n = (size_t)(e - s);
    if (strlen(lit) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (fp__lower_ascii((unsigned char)s[i]) != fp__lower_ascii((unsigned char)lit[i])) return 0;
    return 1;
}

/* Case-insensitive search for a literal inside the view. */
const char *fp__view_find(const char *s, const char *e, const char *lit)
{
    size_t n = strlen(lit);
    for (const char *p = s; p + n <= e; p++) {
        size_t i = 0;
        while (i < n && fp__lower_ascii((unsigned char)p[i]) == fp__lower_ascii((unsigned char)lit[i])) i++;
        if (i == n) return p;
    }
    return NULL;
}

char *fp__dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s ? s : "", n);
    return d;
}

/* Replace *dst by a copy of src; FP_ENOMEM leaves *dst unchanged. */
int fp__set_str(char **dst, const char *src)
{
    char *d = fp__dup_str(src);
    if (!d) FP_ERROR(FP_ENOMEM);
    free(*dst);
    *dst = d;
    return FP_OK;
}

/* Grow an array to hold at least need elements. */
int fp__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return FP_OK;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem) FP_ERROR(FP_ENOMEM);
        nc *= 2;
    }
    void *p = realloc(*arr, nc * elem);
    if (!p) FP_ERROR(FP_ENOMEM);
    *arr = p;
    *cap = nc;
    return FP_OK;
}

/* ------------------------------------------------------- string maps */

/* FNV-1a, 64 bit; lower-cased for case-insensitive maps. */
uint64_t fp__hash_str(const char *s, int ci)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= (uint64_t)(ci ? fp__lower_ascii(*p) : *p);
        h *= 1099511628211ULL;
    }
    return h;
}

/* fp__hash_str(ci = 1) of the characters [s, e), for keys that are views into
 * a longer string (trimmed area names). */
uint64_t fp__hash_view_ci(const char *s, const char *e)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)e; p++) {
        h ^= (uint64_t)fp__lower_ascii(*p);
        h *= 1099511628211ULL;
    }
    return h;
}

void fp__strmap_free(strmap *m)
{
    free(m->slots);
    free(m->hashes);
    memset(m, 0, sizeof *m);
}

/* Look key up: returns FP_OK and *index, or FP_ENOTFOUND. */
int fp__strmap_get(const strmap *m, const void *owner, key_fn key, const char *k,
                   size_t *index)
{
    if (!m->cap) return FP_ENOTFOUND;
    uint64_t h = fp__hash_str(k, m->ci);
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        size_t v = m->slots[i];
        if (!v) return FP_ENOTFOUND;
        if (m->hashes[i] == h) {
            const char *k2 = key(owner, v - 1, m->which);
            if (m->ci ? fp__eq_ci(k, k2) : strcmp(k, k2) == 0) {
                *index = v - 1;
                return FP_OK;
            }
        }
    }
}

void fp__strmap_place(strmap *m, uint64_t h, size_t v)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    while (m->slots[i]) i = (i + 1) & mask;
    m->slots[i] = v;
    m->hashes[i] = h;
}

/* Make room for one more key: double the table (64 slots at first) once it
 * would pass 70% full. Growth only moves the stored hashes, so it serves
 * every map whatever its keys. 0 ok, -1 out of memory (the map unchanged). */
int fp__strmap_make_room(strmap *m)
{
    if ((m->n + 1) * 10 <= m->cap * 7) return 0;
    size_t nc = m->cap ? m->cap * 2 : 64;
    size_t *ns = calloc(nc, sizeof *ns);
    uint64_t *nh = calloc(nc, sizeof *nh);
    if (!ns || !nh) { free(ns); free(nh); return -1; }
    strmap old = *m;
    m->slots = ns; m->hashes = nh; m->cap = nc;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i]) fp__strmap_place(m, old.hashes[i], old.slots[i]);
    free(old.slots);
    free(old.hashes);
    return 0;
}

/* Insert key -> index unless the key is already present (first wins). */
int fp__strmap_put(strmap *m, const void *owner, key_fn key, const char *k, size_t index)
{
    size_t dummy;
    if (!k || !*k) return FP_OK;
    if (fp__strmap_get(m, owner, key, k, &dummy) == FP_OK) return FP_OK;
    if (fp__strmap_make_room(m)) FP_ERROR(FP_ENOMEM);
    fp__strmap_place(m, fp__hash_str(k, m->ci), index + 1);
    m->n++;
    return FP_OK;
}
