/* report_load.c -- data loading for `fingerpost report`.
 *
 * rp_load() gathers the data files (the ones given, or every *.csv of the
 * shipped datasets/ except scorecard*), and reads them into one indexed
 * dataset and a list of neighbour models. It reads the four DfE LAIT formats
 * the shipped data uses (the long base data set, its data dictionary, the
 * statistical-neighbour lists and the LA code list), detected from the
 * header. This is a small stopgap reader for the report: when the shared
 * ingest module (cli/ingest.h, fpc_inputs_load) is available it replaces
 * this file's readers. */
#include "cli.h"
#include "report.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum fmt { FMT_UNKNOWN = 0, FMT_LAIT, FMT_DICT, FMT_SN, FMT_CODES };

typedef struct rd {
    char **cells; size_t n, cap;
    size_t rec;                 /* records seen (1 = header) */
    enum fmt fmt;
    int col[24];                /* column indices by role, -1 if absent */
    rp_inputs *in;
    fp_neighbours *nb;          /* for FMT_SN */
    int old_block;              /* FMT_SN: after the "Old SNs:" row */
    const char *path;
    fpc_diags *diags;
    int failed;
} rd;

static void on_field(void *s, size_t len, void *data)
{
    rd *r = data;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 32;
        r->cells = fpc_xrealloc(r->cells, r->cap * sizeof *r->cells);
    }
    char *d = fpc_xmalloc(len + 1);
    if (len) memcpy(d, s, len);
    d[len] = 0;
    r->cells[r->n++] = d;
}

static const char *cell(const rd *r, int k)
{
    return k >= 0 && (size_t)k < r->n ? r->cells[k] : "";
}

static int find_col(const rd *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *h = r->cells[i];
        if (i == 0 && (unsigned char)h[0] == 0xEF) h += 3;   /* BOM */
        if (!strcasecmp(h, name)) return (int)i;
    }
    return -1;
}

enum { C_CODE, C_NAME, C_YEARS, C_AREA, C_VALUE, C_LANUM, C_REGION,
       D_SHORT, D_MEASURE, D_POL, D_UNIT, D_DPS, D_NOQ, D_DESC, D_OWNER };

static void header(rd *r)
{
    for (int k = 0; k < 24; k++) r->col[k] = -1;
    if (find_col(r, "Short Desc") >= 0 && find_col(r, "Values") >= 0) {
        r->fmt = FMT_LAIT;
        r->col[C_CODE] = find_col(r, "Short Desc");
        r->col[C_NAME] = find_col(r, "Data item");
        r->col[C_YEARS] = find_col(r, "Years");
        r->col[C_AREA] = find_col(r, "LA and Regions");
        r->col[C_VALUE] = find_col(r, "Values");
        r->col[C_LANUM] = find_col(r, "LA Number");
        r->col[C_REGION] = find_col(r, "Region");
    } else if (find_col(r, "Measure_short") >= 0) {
        r->fmt = FMT_DICT;
        r->col[D_SHORT] = find_col(r, "Measure_short");
        r->col[D_MEASURE] = find_col(r, "Measure");
        r->col[D_POL] = find_col(r, "Polarity");
        r->col[D_UNIT] = find_col(r, "y_axis_name");
        r->col[D_DPS] = find_col(r, "dps");
        r->col[D_NOQ] = find_col(r, "No_Quartile");
        r->col[D_DESC] = find_col(r, "Description");
        r->col[D_OWNER] = find_col(r, "Data Owner (DO) /Supplier and Contact Details");
    } else if (find_col(r, "LA num") >= 0 && find_col(r, "SN1") >= 0) {
        r->fmt = FMT_SN;
    } else if (find_col(r, "LA Number") >= 0 && find_col(r, "Type") >= 0) {
        r->fmt = FMT_CODES;
    } else {
        r->fmt = FMT_UNKNOWN;
    }
}

static void lait_row(rd *r)
{
    fp_dataset *ds = r->in->ds;
    const char *code = cell(r, r->col[C_CODE]), *area = cell(r, r->col[C_AREA]);
    const char *lanum = cell(r, r->col[C_LANUM]), *region = cell(r, r->col[C_REGION]);
    const char *years = cell(r, r->col[C_YEARS]), *val = cell(r, r->col[C_VALUE]);
    if (!*code || !*area) return;
    size_t ind, a, p;
    if (fp_dataset_indicator(ds, code, &ind) != FP_OK) return;
    const char *nm = cell(r, r->col[C_NAME]);
    if (*nm && !ds->indicators[ind].name[0]) {
        fp_indicator meta = ds->indicators[ind];
        meta.name = (char *)nm;
        meta.unit_label = NULL; meta.definition = NULL; meta.source = NULL;
        fp_dataset_indicator_set(ds, ind, &meta);
    }
    fp_area_kind kind = FP_AREA_LA;
    int is_na = !*region || !strcasecmp(region, "NA");
    if (!strcasecmp(area, "England")) kind = FP_AREA_COUNTRY;
    else if (is_na) kind = FP_AREA_REGION;
    const char *key = *lanum ? lanum : area;
    if (fp_dataset_area(ds, key, area, kind, kind == FP_AREA_LA ? region : "",
                        kind == FP_AREA_LA ? lanum : "", &a) != FP_OK) return;
    if (fp_dataset_period(ds, years, &p) != FP_OK) {
        fpc_diags_add(r->diags, 0, r->path, r->rec, 0, "period '%s' not understood", years);
        return;
    }
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = ind; o.area = a; o.period = p; o.line = r->rec;
    double v;
    if (fpc_parse_double(val, 1, &v) == 0 && isfinite(v)) {
        o.value = v;
        o.missing = FP_MISSING_NONE;
    } else if (fp_missing_parse(val, &o.missing) != FP_OK) {
        fpc_diags_add(r->diags, 1, r->path, r->rec, 0, "value '%s' is not a number", val);
        return;
    }
    fp_dataset_add_obs(ds, &o);
}

static void dict_row(rd *r)
{
    fp_dataset *ds = r->in->ds;
    const char *code = cell(r, r->col[D_SHORT]);
    if (!*code) return;
    size_t ind;
    if (fp_dataset_indicator(ds, code, &ind) != FP_OK) return;
    fp_indicator meta = ds->indicators[ind];
    if (meta.unit_label && meta.unit_label[0]) return;   /* first dictionary row wins */
    meta.name = (char *)cell(r, r->col[D_MEASURE]);
    meta.unit_label = (char *)cell(r, r->col[D_UNIT]);
    meta.definition = (char *)cell(r, r->col[D_DESC]);
    meta.source = (char *)cell(r, r->col[D_OWNER]);
    fp_polarity pol;
    meta.polarity = fp_polarity_parse(cell(r, r->col[D_POL]), &pol) == FP_OK ? pol
                    : FP_POLARITY_NONE;
    double dps;
    meta.dps = fpc_parse_double(cell(r, r->col[D_DPS]), 0, &dps) == 0 ? (int)dps : -1;
    const char *nq = cell(r, r->col[D_NOQ]);
    meta.no_quartile = *nq && strcasecmp(nq, "NA") && strcmp(nq, "0") && strcasecmp(nq, "FALSE")
                       && strcmp(nq, "-");
    fp_unit u;
    double m;
    if (fp_unit_parse(meta.unit_label, &u, &m) == FP_OK) { meta.unit = u; meta.multiplier = m; }
    fp_dataset_indicator_set(ds, ind, &meta);
}

static void sn_row(rd *r)
{
    const char *la = cell(r, 0);
    if (!strncasecmp(la, "Old SN", 6)) { r->old_block = 1; return; }
    if (!*la) return;
    for (size_t k = 5; k + 1 < r->n || k < r->n; k += 2) {
        const char *n = cell(r, (int)k);
        if (!*n) continue;
        fp_neighbours_add(r->nb, la, cell(r, 1), r->old_block, n, cell(r, (int)k + 1));
    }
}

static void on_record(int c, void *data)
{
    (void)c;
    rd *r = data;
    r->rec++;
    if (r->rec == 1) header(r);
    else if (r->fmt == FMT_LAIT) lait_row(r);
    else if (r->fmt == FMT_DICT) dict_row(r);
    else if (r->fmt == FMT_SN) sn_row(r);
    for (size_t i = 0; i < r->n; i++) free(r->cells[i]);
    r->n = 0;
}

static const char *base_name(const char *path, char *buf, size_t size)
{
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    snprintf(buf, size, "%s", s);
    char *dot = strrchr(buf, '.');
    if (dot && !strcasecmp(dot, ".csv")) *dot = 0;
    return buf;
}

static int read_file(rp_inputs *in, const char *path, fpc_diags *diags)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fpc_diags_add(diags, 1, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct csv_parser p;
    csv_init(&p, 0);
    rd r;
    memset(&r, 0, sizeof r);
    r.in = in; r.path = path; r.diags = diags;
    char ver[256];
    r.nb = fp_neighbours_alloc(base_name(path, ver, sizeof ver));
    char buf[65536];
    size_t got;
    int bad = 0;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        if (csv_parse(&p, buf, got, on_field, on_record, &r) != got) { bad = 1; break; }
    if (!bad) csv_fini(&p, on_field, on_record, &r);
    else fpc_diags_add(diags, 1, path, r.rec, 0, "CSV error: %s", csv_strerror(csv_error(&p)));
    csv_free(&p);
    for (size_t i = 0; i < r.n; i++) free(r.cells[i]);
    free(r.cells);
    fclose(fp);
    if (r.fmt == FMT_SN && r.nb) {
        in->nbs = fpc_xrealloc(in->nbs, (in->n_nbs + 1) * sizeof *in->nbs);
        in->nbs[in->n_nbs++] = r.nb;
    } else {
        fp_neighbours_free(r.nb);
    }
    if (r.fmt == FMT_UNKNOWN) {
        fpc_diags_add(diags, 1, path, 1, 0, "format not recognised from the header");
        return -1;
    }
    return bad ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int rp_load(rp_inputs *in, const char *const *paths, size_t n, const char *datadir,
            fpc_diags *diags)
{
    memset(in, 0, sizeof *in);
    if (n) {
        in->files = fpc_xmalloc(n * sizeof *in->files);
        for (size_t i = 0; i < n; i++) in->files[in->n_files++] = fpc_strdup(paths[i]);
    } else {
        if (!datadir) {
            fpc_diags_add(diags, 1, NULL, 0, 0, "no --data given and the shipped datasets/ "
                          "folder was not found (set FINGERPOST_DATA)");
            return -1;
        }
        DIR *d = opendir(datadir);
        if (!d) {
            fpc_diags_add(diags, 1, datadir, 0, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t len = strlen(e->d_name);
            if (len < 5 || strcasecmp(e->d_name + len - 4, ".csv")) continue;
            if (!strncasecmp(e->d_name, "scorecard", 9)) continue;
            size_t m = strlen(datadir) + len + 2;
            char *p = fpc_xmalloc(m);
            snprintf(p, m, "%s/%s", datadir, e->d_name);
            in->files = fpc_xrealloc(in->files, (in->n_files + 1) * sizeof *in->files);
            in->files[in->n_files++] = p;
        }
        closedir(d);
        qsort(in->files, in->n_files, sizeof *in->files, cmp_str);
    }
    in->ds = fp_dataset_alloc();
    int ok = 0;
    for (size_t i = 0; i < in->n_files; i++)
        if (read_file(in, in->files[i], diags) == 0) ok++;
    if (!ok || in->ds->n_obs == 0) {
        if (in->ds->n_obs == 0)
            fpc_diags_add(diags, 1, NULL, 0, 0, "no indicator values in the data files");
        return -1;
    }
    if (!n) fp_dataset_set_version(in->ds, "DfE LAIT snapshot April 2026 (shipped subset)");
    else fp_dataset_set_version(in->ds, "user data");
    fp_dataset_index(in->ds, NULL);
    return 0;
}

void rp_inputs_free(rp_inputs *in)
{
    fp_dataset_free(in->ds);
    for (size_t i = 0; i < in->n_nbs; i++) fp_neighbours_free(in->nbs[i]);
    free(in->nbs);
    for (size_t i = 0; i < in->n_files; i++) free(in->files[i]);
    free(in->files);
    memset(in, 0, sizeof *in);
}
