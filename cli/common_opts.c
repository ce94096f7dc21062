/* common_opts.c -- option and selection glue shared by the subcommands:
 * comma-separated option lists, and turning --area / --indicator names into
 * dataset indices with one wording of the "not in the data" message. */
#include "cli.h"

#include <stdlib.h>

int fpc_parse_level(const char *s, double *level)
{
    double x;
    if (fpc_parse_double(s, 0, &x) != 0) return -1;
    if (x >= 1.0) x /= 100.0;            /* 95 -> 0.95; 0.95 stays */
    if (!(x > 0.0 && x < 1.0)) return -1;
    *level = x;
    return 0;
}

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
            if (fp_dataset_find_area(ds, names[i], &a) != FP_OK) {
                fpc_error(NULL, 0, 0, "area '%s' is not in the data (give a name, code or old LA number)",
                          names[i]);
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
