/* areas_overlay.c -- area overlays on top of the area identity, and the
 * files `fingerpost fetch` writes beside data that the loader reads by
 * itself (NAME.areas.csv, lookups.areas.csv, NAME.indicators.csv); see
 * io.h ("Area overlays") and read_internal.h. */
#define _XOPEN_SOURCE 700   /* realpath */
#include "read_internal.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { O_ONS, O_NAME, O_SHORT, O_TYPE, O_REGION, O_TYPE_ID, O_N };
static const char *const o_cols[O_N] = {
    "ons_code", "name", "short_name", "type", "region", "area_type_id",
};

typedef struct overlay_ctx {
    fpc_areas *a;
    long col[O_N];
    size_t base;        /* areas of the identity before this overlay */
    int verbose;
    fpc_overlay_counts n;
} overlay_ctx;

/* Where an area was described: the identity's line, or this overlay's. */
static void where(const overlay_ctx *x, const fpc_area_id *id, char *buf, size_t n)
{
    size_t i = (size_t)(id - fpc_areas_get(x->a, 0));
    snprintf(buf, n, "%s line %zu", i < x->base ? "area identity" : "this overlay", id->line);
}

static void note(overlay_ctx *x, fpc_csv *c, const fpc_row *r, const char *what, const char *code,
                 const char *name, const char *detail)
{
    if (x->verbose)
        fpc_diags_add(c->diags, 0, c->path, r->line, 0, "area overlay %s %s (%s)%s", what, code,
                      name, detail);
}

/* The row's region, when it names one, into the area (counted). */
static void region_of(overlay_ctx *x, fpc_csv *c, const fpc_row *r, const fpc_area_id *id,
                      const char *region)
{
    if (!*region || id->kind == FP_AREA_REGION || id->kind == FP_AREA_COUNTRY) return;
    const char *rg = fpc_region_canonical(region);
    if (!rg) rg = region;
    if (!strcmp(id->region, rg)) return;
    /* A finer region the identity gives (London (Inner) within London)
     * is kept. */
    const fpc_area_id *within = *id->region ? fpc_areas_find(x->a, id->region) : NULL;
    if (within && !strcmp(within->region, rg)) return;
    char detail[300];
    if (*id->region) {
        snprintf(detail, sizeof detail, ": region %s, was %s", rg, id->region);
        x->n.regions_changed++;
        note(x, c, r, "changes the region of", id->key, id->name, detail);
    } else {
        snprintf(detail, sizeof detail, ": region %s", rg);
        x->n.regions_set++;
        note(x, c, r, "gives a region to", id->key, id->name, detail);
    }
    fpc__areas_set_region(x->a, id, rg);
}

static void add_name(overlay_ctx *x, fpc_csv *c, const fpc_row *r, const fpc_area_id *id,
                     const char *name)
{
    if (!*name || fpc_areas_find(x->a, name)) return;
    char detail[300];
    snprintf(detail, sizeof detail, ": also named '%s'", name);
    fpc__areas_add_name(x->a, id, name);
    x->n.names++;
    note(x, c, r, "adds a name to", id->key, id->name, detail);
}

static int overlay_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    overlay_ctx *x = ctx;
    if (r->is_header) {
        for (int k = 0; k < O_N; k++) {
            const char *names[] = { o_cols[k], NULL };
            x->col[k] = fpc__header_find(c, r, names);
        }
        if (x->col[O_ONS] < 0 || x->col[O_NAME] < 0 || x->col[O_TYPE_ID] < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0, "an area overlay needs the columns "
                          "ons_code, name and area_type_id");
            return 1;
        }
        return 0;
    }
    const char *f[O_N];
    for (int k = 0; k < O_N; k++)
        f[k] = x->col[k] >= 0 && (size_t)x->col[k] < r->n ? r->f[x->col[k]] : "";
    if (!*f[O_ONS] || !*f[O_NAME]) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[O_ONS] + 1,
                      "area without a code or a name; row skipped");
        return 0;
    }
    const fpc_area_id *byc = fpc_areas_find(x->a, f[O_ONS]);
    const fpc_area_id *byn = fpc_areas_find(x->a, f[O_NAME]);
    char w1[128], w2[128];
    if (byc) {
        /* A code the identity knows: the row's name must not be another area's. */
        if (byn && byn != byc) {
            where(x, byc, w1, sizeof w1);
            where(x, byn, w2, sizeof w2);
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[O_NAME] + 1,
                          "area overlay: code %s is area %s (%s, %s) but name '%s' is area %s "
                          "(%s, %s); row not used", f[O_ONS], byc->key, byc->name, w1, f[O_NAME],
                          byn->key, byn->name, w2);
            x->n.conflicts++;
            return 0;
        }
        add_name(x, c, r, byc, f[O_NAME]);
        add_name(x, c, r, byc, f[O_SHORT]);
        region_of(x, c, r, byc, f[O_REGION]);
        return 0;
    }
    if (byn) {
        /* A known name with a code the identity does not know: the area's
         * new code (a boundary change that kept the name, as North
         * Yorkshire's E10000023 -> E06000065), unless the kinds differ or
         * the area was abolished. */
        fp_area_kind kind;
        int kind_ok = fpc_area_kind_of_code(f[O_ONS], &kind) != 0 || kind == byn->kind;
        if (!kind_ok || *byn->valid_to) {
            where(x, byn, w1, sizeof w1);
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[O_ONS] + 1,
                          "area overlay: '%s' with code %s is area %s (%s, %s), %s; row not used",
                          f[O_NAME], f[O_ONS], byn->key, byn->name, w1,
                          !kind_ok ? "an area of another kind"
                                   : "which ended on its valid_to date: a new area of that name "
                                     "needs a line of its own in the identity");
            x->n.conflicts++;
            return 0;
        }
        char detail[300];
        snprintf(detail, sizeof detail, ": code %s, was %s", f[O_ONS],
                 *byn->ons ? byn->ons : "none");
        fpc__areas_set_code(x->a, byn, f[O_ONS]);
        x->n.codes++;
        note(x, c, r, "gives a new code to", byn->key, byn->name, detail);
        add_name(x, c, r, byn, f[O_SHORT]);
        region_of(x, c, r, byn, f[O_REGION]);
        return 0;
    }
    const char *type = f[O_TYPE];
    fpc_area_id src = {
        .key = (char *)f[O_ONS], .ons = (char *)f[O_ONS], .name = (char *)f[O_NAME],
        .type = (char *)type, .region = (char *)f[O_REGION], .valid_from = "", .valid_to = "",
        .predecessors = "", .successors = "", .former_ons = "", .aliases = "",
        .note = "from an area overlay", .line = r->line,
    };
    const fpc_area_id *id = fpc__areas_add(x->a, &src);
    if (*f[O_SHORT] && strcmp(f[O_SHORT], f[O_NAME])) fpc__areas_add_name(x->a, id, f[O_SHORT]);
    x->n.areas++;
    char detail[300];
    snprintf(detail, sizeof detail, "%s%s", *id->region ? ": region " : "", id->region);
    note(x, c, r, "adds area", f[O_ONS], f[O_NAME], detail);
    return 0;
}

int fpc_areas_overlay(fpc_areas **areas, const char *path, int verbose, fpc_diags *d,
                      fpc_overlay_counts *counts)
{
    if (!*areas) *areas = fpc__areas_new();
    overlay_ctx x;
    memset(&x, 0, sizeof x);
    x.a = *areas;
    x.base = fpc_areas_count(*areas);
    x.verbose = verbose;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, overlay_row, &x, 0);
    if (rc == 0 && !verbose)
        fpc_diags_add(d, 0, path, 0, 0, "area overlay: %zu new areas, %zu new codes, %zu more "
                      "names, %zu regions given, %zu regions changed, %zu conflicts (`fingerpost "
                      "fetch lookups` lists each against the shipped identity)", x.n.areas, x.n.codes, x.n.names, x.n.regions_set,
                      x.n.regions_changed, x.n.conflicts);
    if (counts) *counts = x.n;
    return rc;
}

/* ------------------------------------------------------ sidecars */

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* X.SUFFIX for X.csv (NULL for standard input or a name without .csv). */
static char *sidecar(const char *path, const char *suffix)
{
    size_t n = strlen(path);
    if (!strcmp(path, "-") || n < 5 || strcmp(path + n - 4, ".csv") != 0) return NULL;
    char *s = fpc_xmalloc(n + strlen(suffix) + 1);
    memcpy(s, path, n - 4);
    strcpy(s + n - 4, suffix);
    return s;
}

static int is_data(fpc_format f)
{
    return f == FPC_FORMAT_FINGERTIPS || f == FPC_FORMAT_EES || f == FPC_FORMAT_TIDY;
}

/* Add path to the list unless a file already in it is the same file. */
static void add_unique(char ***paths, size_t *n, char *path)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(path, a)) { free(path); return; }
    for (size_t i = 0; i < *n; i++)
        if (realpath((*paths)[i], b) && !strcmp(a, b)) { free(path); return; }
    *paths = fpc_xrealloc(*paths, (*n + 1) * sizeof **paths);
    (*paths)[(*n)++] = path;
}

int fpc_areas_overlays_for(fpc_areas **areas, char **list, const fpc_format *fmts, size_t n,
                           fpc_diags *d)
{
    char **paths = NULL;
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if (fmts[i] == FPC_FORMAT_AREAS && fpc_areas_is_overlay(list[i]))
            add_unique(&paths, &np, fpc_strdup(list[i]));
    for (size_t i = 0; i < n; i++) {
        if (!is_data(fmts[i]) || !strcmp(list[i], "-")) continue;
        char *copy = fpc_strdup(list[i]);
        const char *dir = dirname(copy);
        size_t len = strlen(dir) + sizeof "/lookups.areas.csv";
        char *p = fpc_xmalloc(len);
        snprintf(p, len, "%s/lookups.areas.csv", dir);
        free(copy);
        if (is_file(p) && fpc_areas_is_overlay(p)) add_unique(&paths, &np, p);
        else free(p);
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_data(fmts[i])) continue;
        char *p = sidecar(list[i], ".areas.csv");
        if (p && is_file(p) && fpc_areas_is_overlay(p)) add_unique(&paths, &np, p);
        else free(p);
    }
    int rc = 0;
    for (size_t i = 0; i < np; i++) {
        /* One summary line per overlay (`fetch lookups` lists each change). */
        if (fpc_areas_overlay(areas, paths[i], 0, d, NULL) != 0) rc = FPC_EXIT_DATA;
        free(paths[i]);
    }
    free(paths);
    return rc;
}

int fpc_ees_defs_for(fpc_read_opts *o, char **list, const fpc_format *fmts, size_t n,
                     fpc_diags *d)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (fmts[i] != FPC_FORMAT_EES) continue;
        char *p = sidecar(list[i], ".indicators.csv");
        if (!p || !is_file(p)) { free(p); continue; }
        const char *slash = strrchr(list[i], '/');
        const char *base = slash ? slash + 1 : list[i];
        int named = 0;
        for (size_t k = 0; k < o->n_ees && !named; k++)
            named = o->ees[k].source && !strcmp(o->ees[k].source, base);
        /* A definitions file given by the user among the inputs is already
         * read: skip the sidecar when it is that file. */
        for (size_t k = 0; k < n && !named; k++)
            named = fmts[k] == FPC_FORMAT_INDICATORS && !strcmp(list[k], p);
        if (!named) {
            size_t before = o->n_ees;
            if (fpc_read_indicator_defs(p, o, d) != 0) rc = FPC_EXIT_DATA;
            for (size_t k = before; k < o->n_ees; k++) {
                free(o->ees[k].source);
                o->ees[k].source = fpc_strdup(base);
            }
        }
        free(p);
    }
    return rc;
}

/* ------------------------------------------------------ data version */

static int no_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    (void)ctx; (void)c; (void)r;
    return 0;
}

/* Append "NAME#HASH" of a file read beside the data to the data version,
 * once. */
static void version_of(fp_dataset *ds, const char *path)
{
    const char *base = fpc__basename(path);
    size_t n = strlen(base);
    for (const char *p = ds->version; (p = strstr(p, base)) != NULL; p += n)
        if ((p == ds->version || p[-1] == ' ') && p[n] == '#') return;
    fpc_diags quiet;
    fpc_diags_init(&quiet);
    fpc_csv c;
    if (fpc__csv_read(&c, path, &quiet, no_row, NULL, 0) == 0) fpc__version_append(ds, path, c.hash);
    fpc_diags_free(&quiet);
}

void fpc_sidecar_versions(fp_dataset *ds, const char *path, fpc_format fmt)
{
    if (!is_data(fmt) || !strcmp(path, "-")) return;
    char *copy = fpc_strdup(path);
    const char *dir = dirname(copy);
    size_t len = strlen(dir) + sizeof "/lookups.areas.csv";
    char *lk = fpc_xmalloc(len);
    snprintf(lk, len, "%s/lookups.areas.csv", dir);
    free(copy);
    char *own = sidecar(path, ".areas.csv");
    char *defs = fmt == FPC_FORMAT_EES ? sidecar(path, ".indicators.csv") : NULL;
    if (is_file(lk) && fpc_areas_is_overlay(lk)) version_of(ds, lk);
    if (own && is_file(own) && fpc_areas_is_overlay(own)) version_of(ds, own);
    if (defs && is_file(defs)) version_of(ds, defs);
    free(lk); free(own); free(defs);
}
