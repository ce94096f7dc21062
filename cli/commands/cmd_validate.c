/* cmd_validate.c -- `fingerpost validate`: read data, dictionary, LA-code and
 * neighbour files, say what was found and report every problem as
 * FILE:LINE:COL: message (or as one JSON object with --json, or as a table
 * of problems with --problems FMT through the shared table writer). */
#include "io.h"
#include "help.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs(fpc_help_validate, stdout);
}


/* Where each observation came from when several data files were read: the
 * (indicator, area, period) keys in reading order, taken before the dataset
 * is indexed (indexing reorders the observations), and the first
 * observation of each file. */
typedef struct obs_source {
    uint32_t (*key)[3];          /* NULL when one file gave every observation */
    size_t n;
    const char **file;           /* per data file, in reading order */
    size_t *first;               /* its first observation (reading order) */
    size_t n_files;
    const char *only;            /* the one file, when there is one */
} obs_source;

static int key_cmp(const uint32_t *a, const uint32_t *b)
{
    for (int i = 0; i < 3; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

static int flagged_cmp(const void *x, const void *y)
{
    return key_cmp(*(const uint32_t (*)[3])x, *(const uint32_t (*)[3])y);
}

/* The file of each flagged observation: fk[i][0..2] is its key, fk[i][3]
 * receives the index of its file (UINT32_MAX when not found). One pass over the reading-order keys with a
 * binary search among the few flagged ones. */
static void flagged_files(const obs_source *src, uint32_t (*fk)[4], size_t nf)
{
    qsort(fk, nf, sizeof *fk, flagged_cmp);
    size_t f = 0;
    for (size_t k = 0; k < src->n; k++) {
        while (f + 1 < src->n_files && k >= src->first[f + 1]) f++;
        size_t lo = 0, hi = nf;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (key_cmp(fk[mid], src->key[k]) < 0) lo = mid + 1; else hi = mid;
        }
        if (lo < nf && !key_cmp(fk[lo], src->key[k])) fk[lo][3] = (uint32_t)f;
    }
}

/* A flagged observation: its index, why, and the range it broke. */
struct flag {
    size_t k;
    fp_plausibility pl;
    double range[2];
};

/* Plausibility (docs/methods.md, "Assessment"): every value is checked
 * by fp_assess_plausible, the rule compare and report apply: percentages
 * outside 0-100, negative rates and counts, and England's or a region's
 * average outside the range of the values it averages (LAIT's first-time
 * entrants: England 1258 where every region lies between 131 and 230).
 * Each is a warning at the value's FILE:LINE saying why: such a value is
 * flagged and never used as a comparator. The bounds are built once per
 * indicator, so the sweep is linear in the observations. */
static void plausibility_sweep(const fp_dataset *ds, const obs_source *src, fpc_diags *d)
{
    fp_assess_context *ac;
    if (ds->n_obs == 0 || fp_assess_context_alloc(ds, NULL, &ac) != FP_OK) return;
    struct flag *fl = NULL;
    size_t nf = 0, capf = 0;
    for (size_t k = 0; k < ds->n_obs; k++) {
        fp_plausibility pl;
        double range[2];
        if (fp_assess_plausible_obs(ac, &ds->obs[k], &pl, range) != FP_OK || pl == FP_PLAUSIBLE)
            continue;
        if (nf == capf) {
            capf = capf ? 2 * capf : 16;
            fl = fpc_xrealloc(fl, capf * sizeof *fl);
        }
        fl[nf].k = k;
        fl[nf].pl = pl;
        fl[nf].range[0] = range[0];
        fl[nf].range[1] = range[1];
        nf++;
    }
    fp_assess_context_free(ac);
    /* The file of each. */
    uint32_t (*fk)[4] = NULL;
    if (src->key && nf) {
        fk = fpc_xmalloc(nf * sizeof *fk);
        for (size_t i = 0; i < nf; i++) {
            const fp_obs *o = &ds->obs[fl[i].k];
            fk[i][0] = o->indicator; fk[i][1] = o->area; fk[i][2] = o->period;
            fk[i][3] = UINT32_MAX;
        }
        flagged_files(src, fk, nf);
    }
    for (size_t i = 0; i < nf; i++) {
        const fp_obs *o = &ds->obs[fl[i].k];
        const char *file = src->only;
        if (fk) {
            uint32_t key[3] = { o->indicator, o->area, o->period };
            size_t lo = 0, hi = nf;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (key_cmp(fk[mid], key) < 0) lo = mid + 1; else hi = mid;
            }
            file = lo < nf && fk[lo][3] != UINT32_MAX ? src->file[fk[lo][3]] : NULL;
        }
        char why[200];
        fp_plausibility_explain(fl[i].pl, o->value, fl[i].range, why, sizeof why);
        fpc_diags_add(d, 0, file, file ? o->line : 0, 0, "implausible value: %s, %s, %s: %s; "
                      "it is flagged and not used as a comparator",
                      ds->indicators[o->indicator].code, ds->areas[o->area].name,
                      ds->periods[o->period].label, why);
    }
    free(fk);
    free(fl);
}

/* validate's options. */
typedef struct vopts {
    fpc_format fmt;               /* --format, or FPC_FORMAT_AUTO */
    int json, problems;
    const char *output;
    fpc_table_opts topt;
    fpc_read_opts read;
    char **files; size_t n;
} vopts;

/* Handle one option but --help (getopt's c and optarg): 0 to go on, else
 * the exit status of a usage error (reported). */
static int handle_opt(vopts *o, int c, char **argv)
{
    switch (c) {
    case 'f':
        if (fpc_format_parse(optarg, &o->fmt) != 0)
            return fpc_usage("validate", "unknown format '%s'", optarg);
        return 0;
    case 'j': o->json = 1; return 0;
    case 'm':
        if (fpc_read_opts_map(&o->read, optarg) != 0)
            return fpc_usage("validate", "bad --map '%s' (want FIELD=COLUMN, FIELD one of "
                             "indicator, area, area_code, period, value, ...)", optarg);
        return 0;
    case 'u': {
        fp_unit u; double m;
        if (fp_unit_parse(optarg, &u, &m) != FP_OK)
            return fpc_usage("validate", "unknown unit '%s'", optarg);
        o->read.unit = optarg;
        return 0;
    }
    case 'p': {
        fp_polarity p;
        if (strchr(optarg, '=')) {
            if (fpc_read_opts_polarity(&o->read, optarg) != 0)
                return fpc_usage("validate", "bad --polarity '%s' (want CODE=high|low|none)",
                                 optarg);
            return 0;
        }
        if (fp_polarity_parse(optarg, &p) != FP_OK)
            return fpc_usage("validate", "unknown polarity '%s'", optarg);
        o->read.polarity = optarg;
        return 0;
    }
    case 'e': {
        const char *why;
        if (fpc_read_opts_ees(&o->read, optarg, &why) != 0)
            return fpc_usage("validate", "bad --ees-indicator '%s': %s", optarg, why);
        return 0;
    }
    case 'P':
        if (fpc_table_format_parse(optarg, &o->topt.format) != 0)
            return fpc_usage("validate", "unknown --problems format '%s' (csv, tsv, md, json, xlsx)",
                             optarg);
        o->problems = 1;
        return 0;
    case 'o':
        if (!*optarg) return fpc_usage("validate", "--output wants a file name (or - for standard output), not an empty one");
        o->output = optarg;
        return 0;
    case FPC_OPT_COLUMNS: o->topt.columns = optarg; return 0;
    case FPC_OPT_ALL_COLUMNS: o->topt.all_columns = 1; return 0;
    default: return fpc_bad_option("validate", "f:m:o:h", argv);
    }
}

/* Parse the command line into o: -1 to go on, else the exit status (o's
 * reading options freed). */
static int parse_args(int argc, char **argv, vopts *o)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "json", no_argument, NULL, 'j' },
        { "map", required_argument, NULL, 'm' },
        { "unit", required_argument, NULL, 'u' },
        { "polarity", required_argument, NULL, 'p' },
        { "ees-indicator", required_argument, NULL, 'e' },
        { "problems", required_argument, NULL, 'P' },
        { "output", required_argument, NULL, 'o' },
        { "columns", required_argument, NULL, FPC_OPT_COLUMNS },
        { "all-columns", no_argument, NULL, FPC_OPT_ALL_COLUMNS },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    o->fmt = FPC_FORMAT_AUTO;
    fpc_table_opts_init(&o->topt);
    fpc_read_opts_init(&o->read);
    int c, urc = 0;
    optind = 1;
    opterr = 0;   /* our message, not getopt's */
    while (!urc && (c = getopt_long(argc, argv, "f:m:o:h", longopts, NULL)) != -1) {
        if (c == 'h') { fpc_read_opts_free(&o->read); help(); return FPC_EXIT_OK; }
        urc = handle_opt(o, c, argv);
    }
    if (urc) { fpc_read_opts_free(&o->read); return urc; }
    if ((o->output || o->topt.columns || o->topt.all_columns) && !o->problems)
        urc = fpc_usage("validate", "--output and --columns go with --problems FMT");
    else if (o->problems && o->json)
        urc = fpc_usage("validate", "--problems and --json cannot be used together");
    else if (o->problems)
        urc = fpc_table_opts_check(&o->topt, "validate", o->output);
    if (!urc && optind >= argc) urc = fpc_usage("validate", "no FILE given");
    if (urc) { fpc_read_opts_free(&o->read); return urc; }
    o->n = (size_t)(argc - optind);
    o->files = argv + optind;
    return -1;
}

/* What the files held. */
typedef struct vread {
    fpc_inputs in;
    fpc_format *fmts;
    fpc_input_got *got;          /* per file: rows, or neighbour lists */
    size_t n_unusable, n_lists, dups, missing, used_ind, n_identity;
    size_t kinds[4];             /* areas by kind: LA, region, country, other */
} vread;

/* The data files in reading order (those that gave observations) with their
 * first observation, and with several of them every observation's key
 * before indexing reorders them: so a flag can name its file. */
static void sources(const vopts *o, const vread *v, obs_source *src)
{
    memset(src, 0, sizeof *src);
    src->file = fpc_xmalloc((o->n ? o->n : 1) * sizeof *src->file);
    src->first = fpc_xmalloc((o->n ? o->n : 1) * sizeof *src->first);
    for (size_t i = 0; i < o->n; i++) {
        if (fpc_format_is_neighbours(v->fmts[i]) || !v->got[i].count) continue;
        size_t k = src->n_files++;   /* insertion by first observation: reading order */
        while (k > 0 && src->first[k - 1] > v->got[i].first) {
            src->file[k] = src->file[k - 1];
            src->first[k] = src->first[k - 1];
            k--;
        }
        src->file[k] = o->files[i];
        src->first[k] = v->got[i].first;
    }
    const fp_dataset *ds = v->in.ds;
    if (src->n_files == 1) src->only = src->file[0];
    else if (src->n_files > 1) {
        src->n = ds->n_obs;
        src->key = fpc_xmalloc((src->n ? src->n : 1) * sizeof *src->key);
        for (size_t k = 0; k < src->n; k++) {
            src->key[k][0] = ds->obs[k].indicator;
            src->key[k][1] = ds->obs[k].area;
            src->key[k][2] = ds->obs[k].period;
        }
    }
}

/* Read the files in the loader's passes (fpc_inputs_detect,
 * fpc_inputs_read), index, sweep for implausible values and count what
 * they hold. 0, or FPC_EXIT_DATA when out of memory. */
static int read_files(const vopts *o, vread *v, fpc_diags *d)
{
    memset(v, 0, sizeof *v);
    v->in.ds = fp_dataset_alloc();
    if (!v->in.ds) { fpc_error(NULL, 0, 0, "out of memory"); return FPC_EXIT_DATA; }
    v->fmts = fpc_xmalloc((o->n ? o->n : 1) * sizeof *v->fmts);
    v->got = fpc_xmalloc((o->n ? o->n : 1) * sizeof *v->got);
    v->n_unusable = fpc_inputs_detect(o->files, o->n, o->fmt, NULL, v->fmts, d);
    if (fpc_inputs_read(&v->in, o->files, v->fmts, o->n, &o->read, v->got, d) != 0)
        v->n_unusable++;
    fp_dataset *ds = v->in.ds;
    for (size_t k = 0; k < v->in.n_nbs; k++) v->n_lists += v->in.nbs[k]->n_lists;
    v->n_identity = fpc_areas_count(v->in.areas);
    obs_source src;
    sources(o, v, &src);
    if (fp_dataset_index(ds, &v->dups) == FP_OK && v->dups)
        fpc_diags_add(d, 0, NULL, 0, 0,
                      "%zu observations repeat an earlier (indicator, area, period)", v->dups);
    plausibility_sweep(ds, &src, d);
    free(src.key);
    free(src.file);
    free(src.first);
    for (size_t k = 0; k < ds->n_obs; k++) v->missing += ds->obs[k].missing != FP_MISSING_NONE;
    char *seen = calloc(ds->n_indicators + 1, 1);
    for (size_t k = 0; seen && k < ds->n_obs; k++) seen[ds->obs[k].indicator] = 1;
    for (size_t i = 0; seen && i < ds->n_indicators; i++) v->used_ind += seen[i];
    free(seen);
    for (size_t a = 0; a < ds->n_areas; a++) v->kinds[ds->areas[a].kind < 3 ? ds->areas[a].kind : 3]++;
    return 0;
}

/* --problems FMT: every problem as a table row, errors first. 0, or the
 * exit status of a table that could not be written. */
static int write_problems(FILE *fp, const vopts *o, const vread *v, const fpc_diags *d)
{
    static const char *const cols[] = { "file", "line", "column", "severity", "message" };
    fpc_table t;
    int trc = fpc_table_open(&t, fp, &o->topt, "validate", cols, 5, NULL, v->in.ds->version);
    if (trc != 0) return trc;
    /* Errors first, then warnings, each in the order found. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < d->n; k++) {
            const fpc_diag *dg = &d->items[k];
            if (dg->is_error != (pass == 0)) continue;
            fpc_table_str(&t, dg->file);
            if (dg->line) fpc_table_int(&t, (long)dg->line); else fpc_table_str(&t, NULL);
            if (dg->col) fpc_table_int(&t, (long)dg->col); else fpc_table_str(&t, NULL);
            fpc_table_str(&t, dg->is_error ? "error" : "warning");
            fpc_table_str(&t, dg->message);
        }
    if (d->n_errors + d->n_warnings > d->n)
        fpc_warn(NULL, 0, 0, "%zu more problems not listed", d->n_errors + d->n_warnings - d->n);
    return fpc_table_end(&t) != 0 ? FPC_EXIT_DATA : 0;
}

/* --json: one object with the counts, each file and every problem. */
static void write_json(FILE *fp, const vopts *o, const vread *v, const fpc_diags *d, int rc)
{
    const fp_dataset *ds = v->in.ds;
    fprintf(fp, "{\"methods_version\": ");
    fpc_json_string(fp, FP_METHODS_VERSION);
    fprintf(fp, ", \"data_version\": ");
    fpc_json_string(fp, ds->version);
    fprintf(fp, ",\n \"files\": [");
    for (size_t i = 0; i < o->n; i++) {
        fprintf(fp, "%s{\"file\": ", i ? ", " : "");
        fpc_json_string(fp, o->files[i]);
        fprintf(fp, ", \"format\": ");
        if (v->fmts[i] == FPC_FORMAT_AUTO) fputs("null", fp);
        else fpc_json_string(fp, fpc_format_name(v->fmts[i]));
        fprintf(fp, ", \"%s\": %zu}", fpc_format_is_neighbours(v->fmts[i]) ? "lists" : "rows",
                v->got[i].count);
    }
    fprintf(fp, "],\n \"usable\": %s, \"rows\": %zu, \"indicators\": %zu, "
            "\"indicators_described\": %zu, \"areas\": %zu, \"local_authorities\": %zu, "
            "\"regions\": %zu, \"countries\": %zu, \"periods\": %zu, \"missing\": %zu, "
            "\"duplicates\": %zu, \"neighbour_models\": %zu, \"neighbour_lists\": %zu, "
            "\"error_count\": %zu, \"warning_count\": %zu,\n",
            rc == 0 ? "true" : "false", ds->n_obs, v->used_ind, ds->n_indicators,
            ds->n_areas, v->kinds[FP_AREA_LA], v->kinds[FP_AREA_REGION], v->kinds[FP_AREA_COUNTRY],
            ds->n_periods, v->missing, v->dups, v->in.n_nbs, v->n_lists, d->n_errors,
            d->n_warnings);
    for (int pass = 0; pass < 2; pass++) {
        int want_err = pass == 0;
        fprintf(fp, " \"%s\": [", want_err ? "errors" : "warnings");
        int first = 1;
        for (size_t k = 0; k < d->n; k++) {
            const fpc_diag *dg = &d->items[k];
            if (dg->is_error != want_err) continue;
            fprintf(fp, "%s\n  {\"file\": ", first ? "" : ",");
            first = 0;
            fpc_json_string(fp, dg->file);
            fprintf(fp, ", \"line\": %zu, \"column\": %zu, \"message\": ", dg->line, dg->col);
            fpc_json_string(fp, dg->message);
            fputc('}', fp);
        }
        fprintf(fp, "]%s\n", pass == 0 ? "," : "");
    }
    fprintf(fp, "}\n");
}

/* The text summary: a line per file, then the counts and the result. */
static void write_text(FILE *fp, const vopts *o, const vread *v, const fpc_diags *d, int rc)
{
    const fp_dataset *ds = v->in.ds;
    for (size_t i = 0; i < o->n; i++) {
        fpc_format f = v->fmts[i];
        if (f == FPC_FORMAT_AUTO) continue;
        if (f == FPC_FORMAT_AREAS)
            fprintf(fp, "%s: areas, %zu areas in the identity\n", o->files[i], v->n_identity);
        else if (f == FPC_FORMAT_INDICATORS)
            fprintf(fp, "%s: indicators\n", o->files[i]);
        else
            fprintf(fp, "%s: %s, %zu %s\n", o->files[i], fpc_format_name(f), v->got[i].count,
                    fpc_format_is_neighbours(f) ? "neighbour lists" : "rows");
    }
    fprintf(fp, "rows: %zu\nindicators: %zu (%zu described)\n"
            "areas: %zu (%zu local authorities, %zu regions, %zu countries, %zu other)\n"
            "periods: %zu\nmissing: %zu\nduplicates: %zu\nneighbour lists: %zu in %zu models\n"
            "data version: %s\nmethods version: %s\n"
            "errors: %zu\nwarnings: %zu\nresult: %s\n",
            ds->n_obs, v->used_ind, ds->n_indicators, ds->n_areas, v->kinds[FP_AREA_LA],
            v->kinds[FP_AREA_REGION], v->kinds[FP_AREA_COUNTRY], v->kinds[FP_AREA_OTHER],
            ds->n_periods, v->missing, v->dups, v->n_lists, v->in.n_nbs, ds->version,
            FP_METHODS_VERSION, d->n_errors, d->n_warnings, rc == 0 ? "usable" : "errors found");
}

int fpc_cmd_validate(int argc, char **argv)
{
    /* validate reports every problem: every warning unless --quiet (the
     * other commands show the first of each kind and a count). */
    if (fpc_verbosity == 0) fpc_verbosity = 1;
    vopts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) return rc;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = !o.json && !o.problems;
    if (o.json) diags.max_kept = 10000;
    if (o.problems) diags.max_kept = 1000000;
    vread v;
    if (read_files(&o, &v, &diags) != 0) { fpc_read_opts_free(&o.read); return FPC_EXIT_DATA; }
    fpc_read_opts_free(&o.read);
    fpc_out out;
    rc = (diags.n_errors || v.n_unusable) ? FPC_EXIT_DATA : FPC_EXIT_OK;
    if (fpc_out_open(&out, o.problems ? o.output : NULL) != 0) {
        rc = FPC_EXIT_DATA;
    } else {
        int wrc = 0;
        if (o.problems) wrc = write_problems(out.fp, &o, &v, &diags);
        else if (o.json) write_json(out.fp, &o, &v, &diags, rc);
        else write_text(out.fp, &o, &v, &diags, rc);
        if (wrc) { fpc_out_abort(&out); rc = wrc; }
        else if (fpc_out_commit(&out) != 0) rc = FPC_EXIT_DATA;
    }
    free(v.fmts);
    free(v.got);
    fpc_inputs_free(&v.in);
    fpc_diags_free(&diags);
    return rc;
}
