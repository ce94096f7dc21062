/* ingest.c -- format names and detection, the fpc_read_file dispatcher, the
 * neighbour readers, unit inference and the loading of whole input sets. */
#include "read_internal.h"
#include "areas_overlay.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------- formats */

static const struct { const char *name; fpc_format f; } format_names[] = {
    { "auto", FPC_FORMAT_AUTO }, { "lait", FPC_FORMAT_LAIT },
    { "fingertips", FPC_FORMAT_FINGERTIPS }, { "tidy", FPC_FORMAT_TIDY },
    { "dictionary", FPC_FORMAT_DICTIONARY }, { "la-codes", FPC_FORMAT_LA_CODES },
    { "neighbours-dfe", FPC_FORMAT_NEIGHBOURS_DFE },
    { "neighbours-pairs", FPC_FORMAT_NEIGHBOURS_PAIRS },
    { "sn", FPC_FORMAT_NEIGHBOURS_DFE }, { "pairs", FPC_FORMAT_NEIGHBOURS_PAIRS },
    { "areas", FPC_FORMAT_AREAS }, { "ees", FPC_FORMAT_EES },
    { "indicators", FPC_FORMAT_INDICATORS }, { "breaks", FPC_FORMAT_BREAKS },
    { "fingertips-meta", FPC_FORMAT_FINGERTIPS_META },
};

int fpc_format_parse(const char *name, fpc_format *f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (!strcmp(name, format_names[i].name)) { *f = format_names[i].f; return 0; }
    return -1;
}

const char *fpc_format_name(fpc_format f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (format_names[i].f == f) return format_names[i].name;
    return "unknown";
}

int fpc_format_is_neighbours(fpc_format f)
{
    return f == FPC_FORMAT_NEIGHBOURS_DFE || f == FPC_FORMAT_NEIGHBOURS_PAIRS;
}

static const char *const column_names[FPC_COL_N] = {
    "indicator", "indicator_name", "area", "area_code", "area_type", "region", "period",
    "numerator", "denominator", "value", "unit", "polarity", "lower95_0cl", "upper95_0cl",
    "lower99_8cl", "upper99_8cl", "sd",
};

const char *fpc_column_name(fpc_column c)
{
    return (c >= 0 && c < FPC_COL_N) ? column_names[c] : "";
}

void fpc_read_opts_init(fpc_read_opts *o)
{
    memset(o, 0, sizeof *o);
}

int fpc_read_opts_map(fpc_read_opts *o, char *spec)
{
    char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) return -1;
    *eq = '\0';
    for (int i = 0; i < FPC_COL_N; i++)
        if (!strcmp(spec, column_names[i])) {
            o->columns[i] = eq + 1;
            *eq = '=';
            return 0;
        }
    *eq = '=';
    return -1;
}

/* ------------------------------------------------------------ detection */

typedef struct detect_ctx {
    const fpc_read_opts *opts;
    fpc_format f;
    char first[256];
} detect_ctx;

static int has(const fpc_row *r, const char *name)
{
    char buf[256];
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        if (!strcmp(buf, name)) return 1;
    }
    return 0;
}

/* has() on squashed names ("IndicatorID", "Indicator_ID", "indicator id"). */
static int has_sq(const fpc_row *r, const char *squashed)
{
    char buf[256];
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_squash(r->f[i], buf, sizeof buf);
        if (!strcmp(buf, squashed)) return 1;
    }
    return 0;
}

/* An ONS lookup with upper-tier codes: "UTLA23CD". */
static int has_utla(const fpc_row *r)
{
    char buf[64];
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        if (strlen(buf) == 8 && !strncmp(buf, "utla", 4) && !strcmp(buf + 6, "cd")) return 1;
    }
    return 0;
}

static int has_col(const fpc_row *r, const fpc_read_opts *o, fpc_column col)
{
    char want[256];
    const char *name = (o && o->columns[col]) ? o->columns[col] : column_names[col];
    fpc__header_norm(name, want, sizeof want);
    return has(r, want);
}

/* Nonzero when column i of the header is name (normalised). */
static int col_is(const fpc_row *r, size_t i, const char *name)
{
    char buf[256];
    if (i >= r->n) return 0;
    fpc__header_norm(r->f[i], buf, sizeof buf);
    return !strcmp(buf, name);
}

static int detect_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    detect_ctx *x = ctx;
    (void)c;
    size_t k = 0;
    for (size_t i = 0; i < r->n && i < 4; i++)
        k += (size_t)snprintf(x->first + k, sizeof x->first - k, "%s%.40s", i ? "," : "", r->f[i]);
    if (has(r, "short desc") && has(r, "values")) x->f = FPC_FORMAT_LAIT;
    else if (has(r, "measure_short")) x->f = FPC_FORMAT_DICTIONARY;
    else if ((has(r, "la num") || has(r, "la number") || has(r, "old_la_code")) && has_sq(r, "sn1"))
        x->f = FPC_FORMAT_NEIGHBOURS_DFE;
    else if ((has(r, "la_number") && has(r, "ons_code")) || has_utla(r)
             || (has(r, "ons_code") && has(r, "area_type_id")))   /* an area overlay */
        x->f = FPC_FORMAT_AREAS;
    else if (has(r, "geographic_level") && has(r, "time_period"))
        x->f = FPC_FORMAT_EES;
    else if (has_sq(r, "indicatorid") && has_sq(r, "areacode") && has_sq(r, "timeperiod"))
        x->f = FPC_FORMAT_FINGERTIPS;
    else if (has_col(r, x->opts, FPC_COL_INDICATOR) && has_col(r, x->opts, FPC_COL_PERIOD)
             && (has_col(r, x->opts, FPC_COL_AREA) || has_col(r, x->opts, FPC_COL_AREA_CODE)))
        x->f = FPC_FORMAT_TIDY;
    else if ((has(r, "la number") || has(r, "la num")) && has(r, "la name"))
        x->f = FPC_FORMAT_LA_CODES;
    else if (col_is(r, 0, "area") && col_is(r, 1, "neighbour"))
        x->f = FPC_FORMAT_NEIGHBOURS_PAIRS;   /* `fingerpost neighbours` writes area,neighbour,rank,... */
    else if (has_sq(r, "indicatorid") && has(r, "polarity") && !has_sq(r, "timeperiod"))
        x->f = FPC_FORMAT_FINGERTIPS_META;
    else if (has(r, "indicator") && has(r, "first_period"))
        x->f = FPC_FORMAT_BREAKS;
    else if (has(r, "indicator") && !has(r, "period")
             && (has(r, "value") || has(r, "numerator") || has(r, "polarity")))
        x->f = FPC_FORMAT_INDICATORS;
    else if (r->n >= 2 && r->n <= 3) {
        char buf[256];
        for (size_t i = 0; i < r->n; i++) {
            fpc__header_norm(r->f[i], buf, sizeof buf);
            if (strstr(buf, "neighbour") || strstr(buf, "neighbor")) x->f = FPC_FORMAT_NEIGHBOURS_PAIRS;
        }
    }
    return 0;
}

static int detect(const char *path, const fpc_read_opts *o, fpc_format *f, fpc_diags *d)
{
    detect_ctx x;
    memset(&x, 0, sizeof x);
    x.opts = o;
    x.f = FPC_FORMAT_AUTO;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, detect_row, &x, 1);
    if (rc) return rc;
    if (x.f == FPC_FORMAT_AUTO) {
        fpc__source_close(path);
        fpc_diags_add(d, 1, path, c.row_line ? c.row_line : 1, 0,
                      "cannot tell the format from the header ('%s'); name it with --format",
                      x.first);
        return FPC_EXIT_DATA;
    }
    *f = x.f;
    return 0;
}

int fpc_detect_format(const char *path, fpc_format *f, fpc_diags *diags)
{
    return detect(path, NULL, f, diags);
}

int fpc_read_file(const char *path, fpc_format fmt, const fpc_read_opts *opts,
                  fp_dataset *ds, fpc_diags *diags)
{
    fpc_read_opts defaults;
    if (!opts) { fpc_read_opts_init(&defaults); opts = &defaults; }
    if (fmt == FPC_FORMAT_AUTO) {
        int rc = detect(path, opts, &fmt, diags);
        if (rc) return rc;
    }
    if (fmt == FPC_FORMAT_FINGERTIPS || fmt == FPC_FORMAT_EES || fmt == FPC_FORMAT_TIDY) {
        int rc = fmt == FPC_FORMAT_FINGERTIPS ? fpc__read_fingertips(path, opts, ds, diags)
                 : fmt == FPC_FORMAT_EES ? fpc__read_ees(path, opts, ds, diags)
                 : fpc__read_tidy(path, opts, ds, diags);
        /* The overlays and definitions read beside the file are part of
         * the data (areas_overlay.c). */
        if (rc == 0) fpc_sidecar_versions(ds, path, fmt);
        return rc;
    }
    switch (fmt) {
    case FPC_FORMAT_LAIT: return fpc__read_lait(path, opts, ds, diags);
    case FPC_FORMAT_DICTIONARY: return fpc__read_dictionary(path, opts, ds, diags);
    case FPC_FORMAT_LA_CODES: return fpc__read_la_codes(path, opts, ds, diags);
    case FPC_FORMAT_BREAKS: return fpc__read_breaks(path, opts, ds, diags);
    case FPC_FORMAT_FINGERTIPS_META: return fpc__read_ft_meta(path, diags, NULL, NULL);
    case FPC_FORMAT_AREAS: {
        /* Read on its own, an identity file or overlay is only checked. */
        fpc_areas *a = NULL;
        int rc = fpc_areas_is_overlay(path) ? fpc_areas_overlay(&a, path, 0, diags, NULL)
                                            : fpc_areas_read(path, &a, diags);
        fpc_areas_free(a);
        return rc;
    }
    case FPC_FORMAT_INDICATORS: {
        fpc_read_opts tmp;
        fpc_read_opts_init(&tmp);
        int rc = fpc_read_indicator_defs(path, &tmp, diags);
        fpc_read_opts_free(&tmp);
        return rc;
    }
    default:
        fpc__source_close(path);
        fpc_diags_add(diags, 1, path, 0, 0, "is a neighbour file (%s), not a data file",
                      fpc_format_name(fmt));
        return FPC_EXIT_DATA;
    }
}

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
        int rc = detect(path, NULL, &fmt, diags);
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

/* ------------------------------------------------------ post-file checks */

double fpc__half_unit(double v)
{
    /* The fewest decimal places (up to 6) that give v back. */
    double p = 1;
    for (int d = 0; d <= 6; d++, p *= 10) {
        double x = v * p;
        if (fabs(x - nearbyint(x)) <= 1e-9 * fmax(1.0, fabs(x))) return 0.5 / p;
    }
    return 0.5e-6;
}

/* Multipliers a published value can carry relative to numerator/denominator. */
static const double multipliers[] = { 1, 100, 1000, 10000, 100000 };

void fpc__post_file_checks(const char *path, const fpc_read_opts *o, fp_dataset *ds,
                           size_t from, size_t ind_from, size_t num_col, fpc_diags *d)
{
    fp_unit ou = FP_UNIT_UNKNOWN;
    double om = 1;
    fp_polarity op = FP_POLARITY_NONE;
    int have_ou = o && o->unit && fp_unit_parse(o->unit, &ou, &om) == FP_OK;
    int have_op = o && o->polarity && fp_polarity_parse(o->polarity, &op) == FP_OK;
    size_t ni = ds->n_indicators;
    /* Per indicator: how many rows match each multiplier, and how many rows
     * have a value, numerator and denominator at all. */
    size_t nm = sizeof multipliers / sizeof *multipliers;
    size_t *match = calloc(ni * nm + 1, sizeof *match);
    size_t *usable = calloc(ni + 1, sizeof *usable);
    char *above = calloc(ni + 1, 1);   /* some numerator above its denominator */
    char *touched = calloc(ni + 1, 1);
    if (!match || !usable || !above || !touched) {
        free(match); free(usable); free(above); free(touched);
        return;
    }
    for (size_t k = from; k < ds->n_obs; k++) {
        const fp_obs *ob = &ds->obs[k];
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        touched[ob->indicator] = 1;
        if ((ob->flags & (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR))
            != (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR) || ob->missing != FP_MISSING_NONE
            || ox->denominator <= 0)
            continue;
        if (ox->numerator > ox->denominator) above[ob->indicator] = 1;
        usable[ob->indicator]++;
        double q = ox->numerator / ox->denominator;
        double half = fpc__half_unit(ob->value);
        for (size_t m = 0; m < nm; m++) {
            double want = q * multipliers[m];
            /* Published values are rounded: allow 1%, or half a unit in the
             * last decimal place the value was published with (67 for a rate
             * of 66.8 per 10,000, 28.3 for 28.27%). */
            if (fabs(ob->value - want) <= fmax(0.01 * fabs(want), half) + 1e-9)
                match[ob->indicator * nm + m]++;
        }
    }
    (void)ind_from;
    for (size_t i = 0; i < ni; i++) {
        if (!touched[i]) continue;
        fp_indicator *ind = &ds->indicators[i];
        if (ind->unit == FP_UNIT_UNKNOWN && have_ou) {
            fp_indicator m = *ind;
            m.name = m.definition = m.source = NULL;
            m.unit_label = (char *)o->unit;
            m.unit = ou;
            m.multiplier = om;
            fp_dataset_indicator_set(ds, i, &m);
        }
        if (have_op && ind->polarity == FP_POLARITY_NONE) {
            fp_indicator m = *ind;
            m.name = m.unit_label = m.definition = m.source = NULL;
            m.polarity = op;
            fp_dataset_indicator_set(ds, i, &m);
        }
        if (ind->unit != FP_UNIT_UNKNOWN) continue;
        size_t best = nm, n_full = 0;
        for (size_t m = 0; m < nm; m++)
            if (usable[i] && match[i * nm + m] * 10 >= usable[i] * 9) { best = m; n_full++; }
        if (usable[i] && n_full == 1) {
            fp_indicator m = *ind;
            m.name = m.definition = m.source = NULL;
            double mult = multipliers[best];
            if (mult == 100) { m.unit = FP_UNIT_PERCENT; m.unit_label = "%"; }
            else if (mult == 1 && !above[i]) { m.unit = FP_UNIT_PROPORTION; m.unit_label = "proportion"; }
            else {
                m.unit = FP_UNIT_RATE;
                m.unit_label = mult == 1 ? "per 1" : mult == 1000 ? "per 1,000"
                             : mult == 10000 ? "per 10,000" : "per 100,000";
            }
            m.multiplier = mult;
            fp_dataset_indicator_set(ds, i, &m);
            fpc_diags_add(d, 0, path, 0, 0,
                          "indicator '%s': no unit given; inferred '%s' because value = %g x "
                          "numerator / denominator in %zu of %zu rows", ind->code,
                          ind->unit_label, mult, match[i * nm + best], usable[i]);
        } else {
            fpc_diags_add(d, 0, path, 0, 0,
                          "indicator '%s': no unit given and it cannot be inferred%s; "
                          "give it with a unit column or --unit", ind->code,
                          usable[i] ? " unambiguously from numerator and denominator"
                                    : " (no rows with value, numerator and denominator)");
        }
    }
    /* A proportion cannot have a numerator above its denominator: report
     * each such row and drop its numerator and denominator. */
    for (size_t k = from; k < ds->n_obs; k++) {
        fp_obs *ob = &ds->obs[k];
        const fp_obs_extra *ox = fp_dataset_obs_extra(ds, ob);
        fp_unit u = ds->indicators[ob->indicator].unit;
        if ((u == FP_UNIT_PERCENT || u == FP_UNIT_PROPORTION)
            && (ob->flags & FP_OBS_NUMERATOR) && (ob->flags & FP_OBS_DENOMINATOR)
            && ox->numerator > ox->denominator) {
            fpc_diags_add(d, 1, path, ob->line, num_col,
                          "numerator %g is above denominator %g for a proportion; "
                          "numerator and denominator ignored", ox->numerator, ox->denominator);
            ob->flags &= (uint8_t)~(FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR);
            ob->flags |= (uint8_t)FP_OBS_COUNTS_INVALID;   /* the numbers stay, for reasons only */
        }
    }
    free(match); free(usable); free(above); free(touched);
}

/* ------------------------------------------------------------ input sets */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fpc_format_pass(fpc_format f)
{
    if (f == FPC_FORMAT_AREAS || f == FPC_FORMAT_INDICATORS) return 0;
    if (f == FPC_FORMAT_DICTIONARY || f == FPC_FORMAT_LA_CODES
        || f == FPC_FORMAT_FINGERTIPS_META) return 1;
    if (fpc_format_is_neighbours(f)) return 3;
    return 2;
}

void fpc_apply_polarities(fp_dataset *ds, const fpc_read_opts *o, fpc_diags *d)
{
    if (!o) return;
    /* The command line's entries come first (fpc_read_setup) and win: a code
     * set by an earlier entry is not set again. */
    for (size_t k = 0; k < o->n_pols; k++) {
        size_t i, j;
        for (j = 0; j < k; j++)
            if (!strcmp(o->pols[j].code, o->pols[k].code)) break;
        if (j < k) continue;
        if (fp_dataset_find_indicator(ds, o->pols[k].code, &i) != FP_OK) {
            fpc_diags_add(d, 0, NULL, 0, 0, "--polarity %s: no such indicator in the data",
                          o->pols[k].code);
            continue;
        }
        fp_indicator m = ds->indicators[i];
        m.name = m.unit_label = m.definition = m.source = NULL;
        m.polarity = o->pols[k].polarity;
        fp_dataset_indicator_set(ds, i, &m);
    }
}

int fpc_read_setup(fpc_read_opts *lo, const fpc_read_opts *opts, char **list,
                   const fpc_format *fmts, size_t n, fpc_areas **areas, fpc_diags *diags)
{
    int rc = 0, have_areas = 0;
    if (opts) *lo = *opts; else fpc_read_opts_init(lo);
    /* The caller's mappings are copied (shallowly) so that files can add to
     * them; fpc_read_setup_free frees only what was added. */
    lo->ees = NULL; lo->n_ees = 0; lo->pols = NULL; lo->n_pols = 0;
    if (opts && opts->n_ees) {
        lo->ees = fpc_xmalloc(opts->n_ees * sizeof *lo->ees);
        memcpy(lo->ees, opts->ees, opts->n_ees * sizeof *lo->ees);
        lo->n_ees = opts->n_ees;
    }
    if (opts && opts->n_pols) {
        lo->pols = fpc_xmalloc(opts->n_pols * sizeof *lo->pols);
        memcpy(lo->pols, opts->pols, opts->n_pols * sizeof *lo->pols);
        lo->n_pols = opts->n_pols;
    }
    *areas = NULL;
    /* Identity files first (the shipped one when none is given), then ONS
     * lookups, which only add areas the identity does not know. */
    for (size_t i = 0; i < n; i++) {
        if (fmts[i] == FPC_FORMAT_AREAS && !fpc_areas_is_lookup(list[i])) {
            have_areas = 1;
            if (fpc_areas_read(list[i], areas, diags) != 0) rc = FPC_EXIT_DATA;
        } else if (fmts[i] == FPC_FORMAT_INDICATORS) {
            if (fpc_read_indicator_defs(list[i], lo, diags) != 0) rc = FPC_EXIT_DATA;
        }
    }
    if (!have_areas && !(opts && opts->areas) && fpc_areas_default(areas, diags) != 0)
        rc = FPC_EXIT_DATA;
    /* Area overlays (fetched area lists) on top of the identity, then the
     * EES definitions fetch wrote beside EES files (areas_overlay.c). An
     * identity handed in by the caller (opts->areas) is not changed. */
    if (!(opts && opts->areas) && fpc_areas_overlays_for(areas, list, fmts, n, diags) != 0)
        rc = FPC_EXIT_DATA;
    if (fpc_ees_defs_for(lo, list, fmts, n, diags) != 0) rc = FPC_EXIT_DATA;
    for (size_t i = 0; i < n; i++)
        if (fmts[i] == FPC_FORMAT_AREAS && fpc_areas_is_lookup(list[i])
            && !fpc_areas_is_overlay(list[i]) && fpc_areas_read(list[i], areas, diags) != 0)
            rc = FPC_EXIT_DATA;
    if (*areas) lo->areas = *areas;
    return rc;
}

void fpc_read_setup_free(fpc_read_opts *lo, const fpc_read_opts *opts, fpc_areas *areas)
{
    size_t ne = opts ? opts->n_ees : 0, np = opts ? opts->n_pols : 0;
    fpc_read_opts own;
    fpc_read_opts_init(&own);
    own.ees = lo->ees + ne; own.n_ees = lo->n_ees - ne;
    own.pols = lo->pols + np; own.n_pols = lo->n_pols - np;
    /* fpc_read_opts_free frees the arrays too: free the entries by hand. */
    fpc__read_opts_free_entries(&own);
    free(lo->ees);
    free(lo->pols);
    fpc_areas_free(areas);
    memset(lo, 0, sizeof *lo);
}

int fpc_inputs_load(fpc_inputs *in, char **paths, size_t n_paths, const fpc_read_opts *opts,
                    fpc_diags *diags)
{
    memset(in, 0, sizeof *in);
    in->ds = fp_dataset_alloc();
    if (!in->ds) { fpc_diags_add(diags, 1, NULL, 0, 0, "out of memory"); return FPC_EXIT_DATA; }
    int rc = 0;
    char **list = NULL;
    size_t n = 0;
    if (n_paths == 0) {
        const char *dir = fpc_datadir();
        if (!dir) {
            fpc_diags_add(diags, 1, NULL, 0, 0,
                          "no input files and no demo data directory (set FINGERPOST_DATA)");
            return FPC_EXIT_DATA;
        }
        DIR *dp = opendir(dir);
        if (!dp) {
            fpc_diags_add(diags, 1, dir, 0, 0, "cannot open the demo data directory");
            return FPC_EXIT_DATA;
        }
        struct dirent *de;
        while ((de = readdir(dp)) != NULL) {
            size_t len = strlen(de->d_name);
            if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0) continue;
            if (!strncmp(de->d_name, "scorecard", 9)) continue;
            list = fpc_xrealloc(list, (n + 1) * sizeof *list);
            size_t sz = strlen(dir) + len + 2;
            list[n] = fpc_xmalloc(sz);
            snprintf(list[n], sz, "%s/%s", dir, de->d_name);
            n++;
        }
        closedir(dp);
        qsort(list, n, sizeof *list, cmp_str);
    } else {
        list = fpc_xmalloc(n_paths * sizeof *list);
        for (size_t i = 0; i < n_paths; i++) list[i] = fpc_strdup(paths[i]);
        n = n_paths;
    }
    fpc_format *fmts = fpc_xmalloc((n ? n : 1) * sizeof *fmts);
    for (size_t i = 0; i < n; i++)
        if (detect(list[i], opts, &fmts[i], diags) != 0) { fmts[i] = FPC_FORMAT_AUTO; rc = FPC_EXIT_DATA; }
    fpc_read_opts lo;
    fpc_areas *areas = NULL;
    if (fpc_read_setup(&lo, opts, list, fmts, n, &areas, diags) != 0) rc = FPC_EXIT_DATA;
    for (int pass = 1; pass < 4; pass++)
        for (size_t i = 0; i < n; i++) {
            if (fmts[i] == FPC_FORMAT_AUTO || fpc_format_pass(fmts[i]) != pass) continue;
            if (pass < 3) {
                if (fpc_read_file(list[i], fmts[i], &lo, in->ds, diags) != 0) rc = FPC_EXIT_DATA;
            } else {
                fp_neighbours *nb;
                if (fpc_read_neighbours_ex(list[i], fmts[i], NULL, lo.areas, &nb, diags) != 0) {
                    rc = FPC_EXIT_DATA;
                    continue;
                }
                in->nbs = fpc_xrealloc(in->nbs, (in->n_nbs + 1) * sizeof *in->nbs);
                in->nbs[in->n_nbs++] = nb;
            }
        }
    /* Give each LA the exact name of its region area (the regions listed
     * once: a scan of every area per LA was quadratic in the areas). */
    fp_dataset *ds = in->ds;
    size_t *regions = fpc_xmalloc((ds->n_areas ? ds->n_areas : 1) * sizeof *regions), n_reg = 0;
    for (size_t b = 0; b < ds->n_areas; b++)
        if (ds->areas[b].kind == FP_AREA_REGION) regions[n_reg++] = b;
    for (size_t a = 0; a < ds->n_areas; a++) {
        if (ds->areas[a].kind != FP_AREA_LA || !*ds->areas[a].region) continue;
        for (size_t r = 0; r < n_reg; r++) {
            size_t b = regions[r];
            if (strcasecmp(ds->areas[a].region, ds->areas[b].name) == 0
                && strcmp(ds->areas[a].region, ds->areas[b].name) != 0) {
                size_t k;
                char *nm = fpc_strdup(ds->areas[b].name);
                fp_dataset_area(ds, ds->areas[a].code, NULL, FP_AREA_OTHER, nm, NULL, &k);
                free(nm);
                break;
            }
        }
    }
    free(regions);
    /* A region the data have no row of: the region above it in the
     * identity that they have (Inner or Outer London -> London), so an area
     * is compared with the region its data report (docs/methods.md,
     * "Assessment"). */
    for (size_t a = 0; lo.areas && a < ds->n_areas; a++) {
        size_t k;
        const char *rg = ds->areas[a].region;
        if (!*rg || ds->areas[a].kind == FP_AREA_REGION || fp_dataset_find_area(ds, rg, &k) == FP_OK)
            continue;
        const fpc_area_id *id = fpc_areas_find(lo.areas, rg);
        for (int depth = 0; id && *id->region && depth < 4; depth++) {
            if (fp_dataset_find_area(ds, id->region, &k) == FP_OK) {
                char *nm = fpc_strdup(ds->areas[k].name);
                fp_dataset_area(ds, ds->areas[a].code, NULL, FP_AREA_OTHER, nm, NULL, &k);
                free(nm);
                break;
            }
            id = fpc_areas_find(lo.areas, id->region);
        }
    }
    fpc_apply_polarities(ds, &lo, diags);
    in->areas = areas;      /* kept: fpc_inputs_free frees it */
    fpc_read_setup_free(&lo, opts, NULL);
    size_t dups = 0;
    if (fp_dataset_index(ds, &dups) != FP_OK) {
        fpc_diags_add(diags, 1, NULL, 0, 0, "cannot index the data (out of memory)");
        rc = FPC_EXIT_DATA;
    } else if (dups) {
        fpc_diags_add(diags, 0, NULL, 0, 0,
                      "%zu observations repeat an earlier (indicator, area, period); "
                      "the first is used", dups);
    }
    fpc_sources_close();
    fpc_diags_summary(diags);   /* before the answer: one line per kind of warning */
    for (size_t i = 0; i < n; i++) free(list[i]);
    free(list);
    free(fmts);
    return rc;
}

void fpc_inputs_free(fpc_inputs *in)
{
    if (!in) return;
    fp_dataset_free(in->ds);
    for (size_t i = 0; i < in->n_nbs; i++) fp_neighbours_free(in->nbs[i]);
    free(in->nbs);
    fpc_areas_free(in->areas);
    memset(in, 0, sizeof *in);
}
