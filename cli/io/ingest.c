/* ingest.c -- the fpc_read_file dispatcher and the loading of whole input
 * sets (fpc_inputs_load). Format names and detection are in detect.c, the
 * neighbour readers in read_neighbours.c, the checks after each data file
 * in post_checks.c, the reading options in read_opts.c. */
#include "read_internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ one file */

int fpc_read_file(const char *path, fpc_format fmt, const fpc_read_opts *opts,
                  fp_dataset *ds, fpc_diags *diags)
{
    fpc_read_opts defaults;
    if (!opts) { fpc_read_opts_init(&defaults); opts = &defaults; }
    if (fmt == FPC_FORMAT_AUTO) {
        int rc = fpc__detect(path, opts, &fmt, diags);
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

int fpc_data_files(const char *dir, char ***files, size_t *n)
{
    *files = NULL;
    *n = 0;
    DIR *dp = opendir(dir);
    if (!dp) return -1;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcasecmp(de->d_name + len - 4, ".csv") != 0) continue;
        if (!strncasecmp(de->d_name, "scorecard", 9)) continue;
        *files = fpc_xrealloc(*files, (*n + 1) * sizeof **files);
        size_t sz = strlen(dir) + len + 2;
        (*files)[*n] = fpc_xmalloc(sz);
        snprintf((*files)[*n], sz, "%s/%s", dir, de->d_name);
        (*n)++;
    }
    closedir(dp);
    if (*n) qsort(*files, *n, sizeof **files, cmp_str);
    return 0;
}

/* The files to load: copies of paths, or with none the shipped demo data
 * (fpc_data_files of fpc_datadir()). 0 ok, FPC_EXIT_DATA (reported) when
 * there is no demo data folder to read. */
static int input_list(char **paths, size_t n_paths, char ***list, size_t *n, fpc_diags *diags)
{
    if (n_paths) {
        *list = fpc_xmalloc(n_paths * sizeof **list);
        for (size_t i = 0; i < n_paths; i++) (*list)[i] = fpc_strdup(paths[i]);
        *n = n_paths;
        return 0;
    }
    *list = NULL;
    *n = 0;
    const char *dir = fpc_datadir();
    if (!dir) {
        fpc_diags_add(diags, 1, NULL, 0, 0,
                      "no input files and no demo data directory (set FINGERPOST_DATA)");
        return FPC_EXIT_DATA;
    }
    if (fpc_data_files(dir, list, n) != 0) {
        fpc_diags_add(diags, 1, dir, 0, 0, "cannot open the demo data directory");
        return FPC_EXIT_DATA;
    }
    return 0;
}

/* Read the files of each pass after the first (fpc_format_pass: 1
 * dictionaries and code lists, 2 data, 3 neighbours) into in; what each
 * gave into got (may be NULL). 0 when every file was usable, else
 * FPC_EXIT_DATA. */
static int read_passes(fpc_inputs *in, char **list, const fpc_format *fmts, size_t n,
                       const fpc_read_opts *lo, fpc_input_got *got, fpc_diags *diags)
{
    int rc = 0;
    for (int pass = 1; pass < 4; pass++)
        for (size_t i = 0; i < n; i++) {
            if (fmts[i] == FPC_FORMAT_AUTO || fpc_format_pass(fmts[i]) != pass) continue;
            if (pass < 3) {
                size_t before = in->ds->n_obs;
                if (fpc_read_file(list[i], fmts[i], lo, in->ds, diags) != 0) rc = FPC_EXIT_DATA;
                if (got) { got[i].first = before; got[i].count = in->ds->n_obs - before; }
            } else {
                fp_neighbours *nb;
                if (fpc_read_neighbours_ex(list[i], fmts[i], NULL, lo->areas, &nb, diags) != 0) {
                    rc = FPC_EXIT_DATA;
                    continue;
                }
                in->nbs = fpc_xrealloc(in->nbs, (in->n_nbs + 1) * sizeof *in->nbs);
                in->nbs[in->n_nbs++] = nb;
                if (got) got[i].count = nb->n_lists;
            }
        }
    return rc;
}

/* Give each LA the exact name of its region area (the regions listed
 * once: a scan of every area per LA was quadratic in the areas). */
static void region_names_exact(fp_dataset *ds)
{
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
}

/* A region the data have no row of: the region above it in the identity
 * that they have (Inner or Outer London -> London), so an area is compared
 * with the region its data report (docs/methods.md, "Assessment"). */
static void regions_reported(fp_dataset *ds, const fpc_areas *areas)
{
    for (size_t a = 0; areas && a < ds->n_areas; a++) {
        size_t k;
        const char *rg = ds->areas[a].region;
        if (!*rg || ds->areas[a].kind == FP_AREA_REGION || fp_dataset_find_area(ds, rg, &k) == FP_OK)
            continue;
        const fpc_area_id *id = fpc_areas_find(areas, rg);
        for (int depth = 0; id && *id->region && depth < 4; depth++) {
            if (fp_dataset_find_area(ds, id->region, &k) == FP_OK) {
                char *nm = fpc_strdup(ds->areas[k].name);
                fp_dataset_area(ds, ds->areas[a].code, NULL, FP_AREA_OTHER, nm, NULL, &k);
                free(nm);
                break;
            }
            id = fpc_areas_find(areas, id->region);
        }
    }
}

/* Index the dataset; a repeated observation is a warning. 0 ok,
 * FPC_EXIT_DATA (reported) when out of memory. */
static int index_data(fp_dataset *ds, fpc_diags *diags)
{
    size_t dups = 0;
    if (fp_dataset_index(ds, &dups) != FP_OK) {
        fpc_diags_add(diags, 1, NULL, 0, 0, "cannot index the data (out of memory)");
        return FPC_EXIT_DATA;
    }
    if (dups)
        fpc_diags_add(diags, 0, NULL, 0, 0,
                      "%zu observations repeat an earlier (indicator, area, period); "
                      "the first is used", dups);
    return 0;
}

size_t fpc_inputs_detect(char **files, size_t n, fpc_format given, const fpc_read_opts *opts,
                         fpc_format *fmts, fpc_diags *diags)
{
    size_t unknown = 0;
    for (size_t i = 0; i < n; i++) {
        fmts[i] = given;
        if (given == FPC_FORMAT_AUTO && fpc__detect(files[i], opts, &fmts[i], diags) != 0)
            fmts[i] = FPC_FORMAT_AUTO;
        if (fmts[i] == FPC_FORMAT_AUTO) unknown++;
    }
    return unknown;
}

int fpc_inputs_read(fpc_inputs *in, char **files, const fpc_format *fmts, size_t n,
                    const fpc_read_opts *opts, fpc_input_got *got, fpc_diags *diags)
{
    int rc = 0;
    if (got) memset(got, 0, n * sizeof *got);
    fpc_read_opts lo;
    fpc_areas *areas = NULL;
    if (fpc_read_setup(&lo, opts, files, fmts, n, &areas, diags) != 0) rc = FPC_EXIT_DATA;
    if (read_passes(in, files, fmts, n, &lo, got, diags) != 0) rc = FPC_EXIT_DATA;
    fpc_apply_polarities(in->ds, &lo, diags);
    in->areas = areas;      /* kept: fpc_inputs_free frees it */
    fpc_read_setup_free(&lo, opts, NULL);
    fpc_sources_close();    /* inputs detected but not read */
    return rc;
}

int fpc_inputs_load(fpc_inputs *in, char **paths, size_t n_paths, const fpc_read_opts *opts,
                    fpc_diags *diags)
{
    memset(in, 0, sizeof *in);
    in->ds = fp_dataset_alloc();
    if (!in->ds) { fpc_diags_add(diags, 1, NULL, 0, 0, "out of memory"); return FPC_EXIT_DATA; }
    char **list;
    size_t n;
    if (input_list(paths, n_paths, &list, &n, diags) != 0) return FPC_EXIT_DATA;
    int rc = 0;
    fpc_format *fmts = fpc_xmalloc((n ? n : 1) * sizeof *fmts);
    if (fpc_inputs_detect(list, n, FPC_FORMAT_AUTO, opts, fmts, diags)) rc = FPC_EXIT_DATA;
    if (fpc_inputs_read(in, list, fmts, n, opts, NULL, diags) != 0) rc = FPC_EXIT_DATA;
    region_names_exact(in->ds);
    regions_reported(in->ds, in->areas ? in->areas : opts ? opts->areas : NULL);
    if (index_data(in->ds, diags) != 0) rc = FPC_EXIT_DATA;
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
