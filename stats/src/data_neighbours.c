/* data_neighbours.c -- statistical-neighbour sets (fp_neighbours,
 * fingerpost/data.h). No I/O. */
#include "data_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------- statistical neighbours */

typedef struct nb_priv {
    strmap cur, pred;    /* area key -> list index, current and predecessor */
    size_t cap_lists;
} nb_priv;

static const char *nb_key(const void *owner, size_t i, int which)
{
    (void)which;
    return ((const fp_neighbours *)owner)->lists[i].area;
}

fp_neighbours *fp_neighbours_alloc(const char *version)
{
    fp_neighbours *nb = calloc(1, sizeof *nb);
    if (!nb) return NULL;
    nb->priv = calloc(1, sizeof(nb_priv));
    nb->version = fp__dup_str(version);
    if (!nb->priv || !nb->version) {
        free(nb->priv); free(nb->version); free(nb);
        return NULL;
    }
    return nb;
}

void fp_neighbours_free(fp_neighbours *nb)
{
    if (!nb) return;
    for (size_t i = 0; i < nb->n_lists; i++) {
        fp_neighbour_list *l = &nb->lists[i];
        for (size_t k = 0; k < l->n; k++) { free(l->neighbours[k]); free(l->bands[k]); }
        free(l->neighbours); free(l->bands); free(l->area); free(l->name);
    }
    free(nb->lists);
    nb_priv *p = nb->priv;
    if (p) { fp__strmap_free(&p->cur); fp__strmap_free(&p->pred); free(p); }
    free(nb->version);
    free(nb);
}

/* Lower-case and trim a band label ("Very Close " -> "very close"). */
static char *norm_band(const char *band)
{
    const char *s, *e;
    fp__trim_view(band ? band : "", &s, &e);
    size_t n = (size_t)(e - s);
    char *d = malloc(n + 1);
    if (!d) return NULL;
    for (size_t i = 0; i < n; i++) d[i] = (char)fp__lower_ascii((unsigned char)s[i]);
    d[n] = '\0';
    return d;
}

int fp_neighbours_add(fp_neighbours *nb, const char *area, const char *name,
                      int predecessor, const char *neighbour, const char *band)
{
    if (!nb || !area || !neighbour) FP_ERROR(FP_EINVAL);
    nb_priv *p = nb->priv;
    strmap *m = predecessor ? &p->pred : &p->cur;
    size_t li;
    if (fp__strmap_get(m, nb, nb_key, area, &li) != FP_OK) {
        if (fp__grow((void **)&nb->lists, &p->cap_lists, nb->n_lists + 1, sizeof *nb->lists))
            FP_ERROR(FP_ENOMEM);
        fp_neighbour_list *l = &nb->lists[nb->n_lists];
        memset(l, 0, sizeof *l);
        l->area = fp__dup_str(area);
        l->name = fp__dup_str(name);
        l->predecessor = predecessor != 0;
        if (!l->area || !l->name) { free(l->area); free(l->name); FP_ERROR(FP_ENOMEM); }
        li = nb->n_lists++;
        if (fp__strmap_put(m, nb, nb_key, area, li)) FP_ERROR(FP_ENOMEM);
    }
    fp_neighbour_list *l = &nb->lists[li];
    if (name && *name && !*l->name && fp__set_str(&l->name, name)) FP_ERROR(FP_ENOMEM);
    char **nn = realloc(l->neighbours, (l->n + 1) * sizeof *nn);
    if (!nn) FP_ERROR(FP_ENOMEM);
    l->neighbours = nn;
    char **bb = realloc(l->bands, (l->n + 1) * sizeof *bb);
    if (!bb) FP_ERROR(FP_ENOMEM);
    l->bands = bb;
    char *nd = fp__dup_str(neighbour), *bd = norm_band(band);
    if (!nd || !bd) { free(nd); free(bd); FP_ERROR(FP_ENOMEM); }
    l->neighbours[l->n] = nd;
    l->bands[l->n] = bd;
    l->n++;
    return FP_OK;
}

int fp_neighbours_find(const fp_neighbours *nb, const char *area,
                       const fp_neighbour_list **list)
{
    if (!nb || !area || !list) FP_ERROR(FP_EINVAL);
    const nb_priv *p = nb->priv;
    size_t li;
    if (fp__strmap_get(&p->cur, nb, nb_key, area, &li) == FP_OK
        || fp__strmap_get(&p->pred, nb, nb_key, area, &li) == FP_OK) {
        *list = &nb->lists[li];
        return FP_OK;
    }
    return FP_ENOTFOUND;
}
