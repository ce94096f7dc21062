/* read_neighbours.c -- the neighbour readers: DfE statistical-neighbour
 * files as shipped (sn_*.csv, and DfE's wide re-export) and two-column
 * neighbour pairs (what `fingerpost neighbours` writes), into an
 * fp_neighbours model. */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ neighbours */

typedef struct nb_ctx {
    fp_neighbours *nb;          /* made at the first data row (see nb_row) */
    char *ver;                  /* the version unless the file names its own */
    fpc_format fmt;
    long c_num, c_name, c_band;
    long c_ver;                 /* pairs: a neighbours_version column, -1 none */
    long *sn_cols, *band_cols; size_t n_sn;
    int predecessor;
    size_t lists;
    const fpc_areas *areas;   /* keys are resolved through it (may be NULL) */
} nb_ctx;

/* The dataset key of a neighbour-file key: an ONS code or a name becomes
 * the identity's LA number, so lists meet the areas of the data. */
static void nb_key(const nb_ctx *x, char *key, size_t size)
{
    const fpc_area_id *id = x->areas ? fpc_areas_find(x->areas, key) : NULL;
    if (id && strcmp(id->key, key) != 0) snprintf(key, size, "%s", id->key);
}

/* "SN1", "SN_1", "sn 10" (squashed: "sn" and digits). */
static int is_sn_header(const char *sq)
{
    if (sq[0] != 's' || sq[1] != 'n' || !sq[2]) return 0;
    for (const char *p = sq + 2; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    return 1;
}

/* The closeness band after a neighbour column: "SNP" (sn_*.csv) or
 * "SN_1P" (DfE's wide re-export). */
static int is_band_header(const char *sq)
{
    size_t n = strlen(sq);
    if (!strcmp(sq, "snp")) return 1;
    if (n < 4 || sq[n - 1] != 'p') return 0;
    char b[64];
    if (n - 1 >= sizeof b) return 0;
    memcpy(b, sq, n - 1);
    b[n - 1] = '\0';
    return is_sn_header(b);
}

static int nb_header(nb_ctx *x, fpc_csv *c, const fpc_row *r)
{
    char buf[256];
    if (x->fmt == FPC_FORMAT_NEIGHBOURS_PAIRS) {
        if (r->n < 2) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                          "a neighbour-pairs file needs two columns: area, neighbour");
            return 1;
        }
        x->c_num = 0;
        x->c_name = -1;
        x->c_band = -1;
        for (size_t i = 2; i < r->n; i++) {
            fpc__header_norm(r->f[i], buf, sizeof buf);
            if (!strcmp(buf, "band") || !strcmp(buf, "snp") || !strcmp(buf, "closeness"))
                x->c_band = (long)i;
            if (!strcmp(buf, "neighbours_version") && x->c_ver == -1) x->c_ver = (long)i;
        }
        return 0;
    }
    static const char *const num[] = { "la num", "la number", "old_la_code", NULL };
    static const char *const name[] = { "la name", "la_name", NULL };
    x->c_num = -1;
    /* "LA num" and "LA number" both exist in sn_*.csv: prefer the first. */
    for (size_t i = 0; i < r->n && x->c_num < 0; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        for (const char *const *n = num; *n; n++)
            if (!strcmp(buf, *n)) { x->c_num = (long)i; break; }
    }
    x->c_name = fpc__header_find(c, r, name);
    if (x->c_num < 0) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column 'LA num'");
        return 1;
    }
    x->sn_cols = fpc_xmalloc(r->n * sizeof *x->sn_cols);
    x->band_cols = fpc_xmalloc(r->n * sizeof *x->band_cols);
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_squash(r->f[i], buf, sizeof buf);
        if (!is_sn_header(buf)) continue;
        x->sn_cols[x->n_sn] = (long)i;
        x->band_cols[x->n_sn] = -1;
        if (i + 1 < r->n) {
            fpc__header_squash(r->f[i + 1], buf, sizeof buf);
            if (is_band_header(buf)) x->band_cols[x->n_sn] = (long)i + 1;
        }
        x->n_sn++;
    }
    if (!x->n_sn) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "no neighbour columns (SN1, SN2, ...)");
        return 1;
    }
    return 0;
}

static void trim_copy(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    while (*s == ' ' || *s == '\t') s++;
    for (; *s && k + 1 < n; s++) buf[k++] = *s;
    while (k && (buf[k - 1] == ' ' || buf[k - 1] == '\t')) k--;
    buf[k] = '\0';
}

/* A neighbour model is not taken as given: an area listed as its own
 * neighbour, or one neighbour listed twice for an area, would be averaged
 * in as it stands (the area compared with itself, one neighbour weighted
 * twice). Such a link is a warning at its cell and is left out. 1 to add
 * the link. Lists are short (10 to 15), so a scan is enough. */
static int nb_link_ok(fpc_csv *c, const fpc_row *r, size_t col, const fp_neighbours *nb,
                      const char *key, int predecessor, const char *nbk)
{
    if (!strcmp(key, nbk)) {
        fpc_diags_add(c->diags, 0, c->path, r->line, col,
                      "area %s is listed as its own neighbour; left out", key);
        return 0;
    }
    for (size_t l = nb->n_lists; l-- > 0;) {
        const fp_neighbour_list *L = &nb->lists[l];
        if (L->predecessor != predecessor || strcmp(L->area, key) != 0) continue;
        for (size_t k = 0; k < L->n; k++)
            if (!strcmp(L->neighbours[k], nbk)) {
                fpc_diags_add(c->diags, 0, c->path, r->line, col,
                              "area %s lists neighbour %s twice; the repeat is left out", key, nbk);
                return 0;
            }
        break;
    }
    return 1;
}

static int nb_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    nb_ctx *x = ctx;
    char key[256], nbk[256], buf[256];
    if (r->is_header) return nb_header(x, c, r);
    if (!x->nb) {
        /* `fingerpost neighbours` output names its model on every row: that
         * version (what --neighbours asks for) unless the caller gave one. */
        const char *v = x->ver;
        if (x->c_ver >= 0 && (size_t)x->c_ver < r->n && *r->f[x->c_ver]) v = r->f[x->c_ver];
        x->nb = fp_neighbours_alloc(v);
        if (!x->nb) return 1;
    }
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        if (!strncmp(buf, "old sns", 7)) { x->predecessor = 1; return 0; }
    }
    if ((size_t)x->c_num >= r->n) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "row has %zu fields; row skipped", r->n);
        return 0;
    }
    trim_copy(r->f[x->c_num], key, sizeof key);
    nb_key(x, key, sizeof key);
    const char *name = (x->c_name >= 0 && (size_t)x->c_name < r->n) ? r->f[x->c_name] : "";
    if (!*key) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->c_num + 1,
                      "no area code; row skipped");
        return 0;
    }
    if (x->fmt == FPC_FORMAT_NEIGHBOURS_PAIRS) {
        if (r->n < 2) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                          "row has %zu field, expected 2 (area, neighbour); row skipped", r->n);
            return 0;
        }
        trim_copy(r->f[1], nbk, sizeof nbk);
        nb_key(x, nbk, sizeof nbk);
        if (!*nbk || !strcmp(nbk, "-")) {
            fpc_diags_add(c->diags, 0, c->path, r->line, 2, "no neighbour; row skipped");
            return 0;
        }
        const char *band = (x->c_band >= 0 && (size_t)x->c_band < r->n) ? r->f[x->c_band] : NULL;
        if (nb_link_ok(c, r, 2, x->nb, key, 0, nbk) &&
            fp_neighbours_add(x->nb, key, "", 0, nbk, band) != FP_OK) return 1;
        return 0;
    }
    size_t added = 0;
    for (size_t k = 0; k < x->n_sn; k++) {
        long col = x->sn_cols[k];
        if ((size_t)col >= r->n) break;
        trim_copy(r->f[col], nbk, sizeof nbk);
        if (!*nbk || !strcmp(nbk, "-")) continue;
        nb_key(x, nbk, sizeof nbk);
        const char *band = (x->band_cols[k] >= 0 && (size_t)x->band_cols[k] < r->n)
                           ? r->f[x->band_cols[k]] : NULL;
        if (!nb_link_ok(c, r, (size_t)col + 1, x->nb, key, x->predecessor, nbk)) continue;
        if (fp_neighbours_add(x->nb, key, name, x->predecessor, nbk, band) != FP_OK) return 1;
        added++;
    }
    if (!added)
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->sn_cols[0] + 1,
                      "area %s (%s) has no neighbours listed", key, name);
    else
        x->lists++;
    return 0;
}

int fpc_read_neighbours(const char *path, fpc_format fmt, const char *version,
                        fp_neighbours **nb, fpc_diags *diags)
{
    return fpc_read_neighbours_ex(path, fmt, version, NULL, nb, diags);
}

int fpc_read_neighbours_ex(const char *path, fpc_format fmt, const char *version,
                           const fpc_areas *areas, fp_neighbours **nb, fpc_diags *diags)
{
    *nb = NULL;
    if (fmt == FPC_FORMAT_AUTO) {
        int rc = fpc_detect_format(path, &fmt, diags);
        if (rc) return rc;
    }
    if (!fpc_format_is_neighbours(fmt)) {
        fpc__source_close(path);
        fpc_diags_add(diags, 1, path, 0, 0, "is not a neighbour file (it looks like %s)",
                      fpc_format_name(fmt));
        return FPC_EXIT_DATA;
    }
    char *ver;
    if (version) {
        ver = fpc_strdup(version);
    } else {
        ver = fpc_strdup(fpc__basename(path));
        size_t n = strlen(ver);
        if (n > 4 && !strcmp(ver + n - 4, ".csv")) ver[n - 4] = '\0';
    }
    nb_ctx x;
    memset(&x, 0, sizeof x);
    x.fmt = fmt;
    x.areas = areas;
    x.c_ver = version ? -2 : -1;   /* -2: the caller's version wins */
    x.ver = ver;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, diags, nb_row, &x, 0);
    free(x.sn_cols);
    free(x.band_cols);
    if (!x.nb && rc == 0) x.nb = fp_neighbours_alloc(ver);   /* no data rows */
    free(ver);
    if (!x.nb) {
        if (rc == 0) fpc_diags_add(diags, 1, path, 0, 0, "out of memory");
        return rc ? rc : FPC_EXIT_DATA;
    }
    if (rc == 0 && x.nb->n_lists == 0) {
        fpc_diags_add(diags, 1, path, 0, 0, "no neighbour lists found");
        rc = FPC_EXIT_DATA;
    }
    if (rc) { fp_neighbours_free(x.nb); return rc; }
    *nb = x.nb;
    return 0;
}

