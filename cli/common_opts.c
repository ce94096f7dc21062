/* common_opts.c -- option and selection glue shared by the subcommands:
 * comma-separated option lists, and turning --area / --indicator names into
 * dataset indices with one wording of the "not in the data" message. */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void fpc_list_append(char ***v, size_t *n, const char *arg)
{
    size_t k;
    char **parts = fpc_split(arg, ',', &k);
    for (size_t i = 0; i < k; i++) {
        if (!*parts[i]) { free(parts[i]); continue; }
        *v = fpc_xrealloc(*v, (*n + 1) * sizeof **v);
        (*v)[(*n)++] = parts[i];
    }
    free(parts);
}

/* Levenshtein distance between a and b, ASCII case-insensitive; stops
 * counting at cap + 1 (only small distances matter). */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 200 || nb > 200) return cap + 1;
    if ((na > nb ? na - nb : nb - na) > cap) return cap + 1;
    size_t prev[201], cur[201];
    for (size_t j = 0; j <= nb; j++) prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t v = prev[j - 1] + (same ? 0 : 1);
            if (prev[j] + 1 < v) v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            cur[j] = v;
            if (v < row_min) row_min = v;
        }
        if (row_min > cap) return cap + 1;
        memcpy(prev, cur, (nb + 1) * sizeof *prev);
    }
    return prev[nb];
}

const char *fpc_area_suggest(const fp_dataset *ds, const char *key)
{
    /* Allow about one edit in four characters, and at least two. */
    size_t len = strlen(key), cap = len / 4 > 2 ? len / 4 : 2;
    size_t best = cap + 1;
    const char *name = NULL;
    for (size_t a = 0; a < ds->n_areas; a++) {
        size_t d = edit_distance(key, ds->areas[a].name, best);
        if (d < best) { best = d; name = ds->areas[a].name; }
    }
    size_t n = fp_dataset_area_n_aliases(ds);
    for (size_t k = 0; k < n; k++) {
        const char *alias;
        size_t area;
        if (fp_dataset_area_alias_get(ds, k, &alias, &area) != FP_OK) continue;
        size_t d = edit_distance(key, alias, best);
        if (d < best) { best = d; name = ds->areas[area].name; }
    }
    return name;
}

void fpc_area_not_found(const fp_dataset *ds, const char *what, const char *key)
{
    const char *s = fpc_area_suggest(ds, key);
    if (s)
        fpc_error(NULL, 0, 0, "%s '%s' is not in the data; did you mean '%s'?", what, key, s);
    else
        fpc_error(NULL, 0, 0, "%s '%s' is not in the data (give a name, code or old LA number)",
                  what, key);
}

int fpc_select_areas(const fp_dataset *ds, const char *const *names, size_t n_names,
                     int all_las, size_t **out, size_t *n_out)
{
    /* Room for every area and every name: a name may be given twice. */
    size_t *v = fpc_xmalloc((ds->n_areas + n_names + 1) * sizeof *v), n = 0;
    int rc = 0;
    if (all_las) {
        for (size_t a = 0; a < ds->n_areas; a++)
            if (ds->areas[a].kind == FP_AREA_LA) v[n++] = a;
    } else {
        for (size_t i = 0; i < n_names; i++) {
            size_t a;
            if (fpc_find_area_any(ds, names[i], &a) != FP_OK) {
                fpc_area_not_found(ds, "area", names[i]);
                rc = -1;
                continue;
            }
            v[n++] = a;
        }
    }
    *out = v;
    *n_out = n;
    return rc;
}

int fpc_select_indicators(const fp_dataset *ds, const char *const *names, size_t n_names,
                          size_t **out, size_t *n_out)
{
    size_t *v = fpc_xmalloc((ds->n_indicators + n_names + 1) * sizeof *v), n = 0;
    int rc = 0;
    if (n_names == 0) {
        for (size_t k = 0; k < ds->n_indicators; k++) v[n++] = k;
    } else {
        for (size_t i = 0; i < n_names; i++) {
            size_t k;
            if (fp_dataset_find_indicator(ds, names[i], &k) != FP_OK) {
                fpc_error(NULL, 0, 0, "indicator '%s' is not in the data", names[i]);
                rc = -1;
                continue;
            }
            v[n++] = k;
        }
    }
    *out = v;
    *n_out = n;
    return rc;
}
