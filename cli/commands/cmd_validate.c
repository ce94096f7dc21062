/* cmd_validate.c -- `fingerpost validate`: read data, dictionary, LA-code and
 * neighbour files, say what was found and report every problem as
 * FILE:LINE:COL: message (or as one JSON object with --json, or as a table
 * of problems with --problems FMT through the shared table writer). */
#include "ingest.h"
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

int fpc_cmd_validate(int argc, char **argv)
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
    fpc_format fmt = FPC_FORMAT_AUTO;
    int json = 0, problems = 0;
    const char *output = NULL;
    fpc_table_opts topt;
    fpc_table_opts_init(&topt);
    fpc_read_opts opts;
    fpc_read_opts_init(&opts);
    int c;
    optind = 1;
    opterr = 0;   /* our message, not getopt's */
    /* validate reports every problem: every warning unless --quiet (the
     * other commands show the first of each kind and a count). */
    if (fpc_verbosity == 0) fpc_verbosity = 1;
    while ((c = getopt_long(argc, argv, "f:m:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (fpc_format_parse(optarg, &fmt) != 0)
                return fpc_usage("validate", "unknown format '%s'", optarg);
            break;
        case 'j': json = 1; break;
        case 'm':
            if (fpc_read_opts_map(&opts, optarg) != 0)
                return fpc_usage("validate", "bad --map '%s' (want FIELD=COLUMN, FIELD one of "
                                 "indicator, area, area_code, period, value, ...)", optarg);
            break;
        case 'u': {
            fp_unit u; double m;
            if (fp_unit_parse(optarg, &u, &m) != FP_OK)
                return fpc_usage("validate", "unknown unit '%s'", optarg);
            opts.unit = optarg;
            break;
        }
        case 'p': {
            fp_polarity p;
            if (strchr(optarg, '=')) {
                if (fpc_read_opts_polarity(&opts, optarg) != 0) {
                    fpc_read_opts_free(&opts);
                    return fpc_usage("validate", "bad --polarity '%s' (want CODE=high|low|none)",
                                     optarg);
                }
                break;
            }
            if (fp_polarity_parse(optarg, &p) != FP_OK) {
                fpc_read_opts_free(&opts);
                return fpc_usage("validate", "unknown polarity '%s'", optarg);
            }
            opts.polarity = optarg;
            break;
        }
        case 'e': {
            const char *why;
            if (fpc_read_opts_ees(&opts, optarg, &why) != 0) {
                fpc_read_opts_free(&opts);
                return fpc_usage("validate", "bad --ees-indicator '%s': %s", optarg, why);
            }
            break;
        }
        case 'P':
            if (fpc_table_format_parse(optarg, &topt.format) != 0) {
                fpc_read_opts_free(&opts);
                return fpc_usage("validate", "unknown --problems format '%s' (csv, tsv, md, json, xlsx)",
                                 optarg);
            }
            problems = 1;
            break;
        case 'o':
            if (!*optarg) return fpc_usage("validate", "--output wants a file name (or - for standard output), not an empty one");
            output = optarg;
            break;
        case FPC_OPT_COLUMNS: topt.columns = optarg; break;
        case FPC_OPT_ALL_COLUMNS: topt.all_columns = 1; break;
        case 'h': fpc_read_opts_free(&opts); help(); return FPC_EXIT_OK;
        default:
            fpc_read_opts_free(&opts);
            return fpc_bad_option("validate", "f:m:o:h", argv);
        }
    }
    int urc = 0;
    if ((output || topt.columns || topt.all_columns) && !problems)
        urc = fpc_usage("validate", "--output and --columns go with --problems FMT");
    else if (problems && json)
        urc = fpc_usage("validate", "--problems and --json cannot be used together");
    else if (problems)
        urc = fpc_table_opts_check(&topt, "validate", output);
    if (!urc && optind >= argc) urc = fpc_usage("validate", "no FILE given");
    if (urc) { fpc_read_opts_free(&opts); return urc; }
    size_t n = (size_t)(argc - optind);
    char **files = argv + optind;

    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = !json && !problems;
    if (json) diags.max_kept = 10000;
    if (problems) diags.max_kept = 1000000;
    fp_dataset *ds = fp_dataset_alloc();
    if (!ds) { fpc_error(NULL, 0, 0, "out of memory"); return FPC_EXIT_DATA; }
    fpc_format *fmts = fpc_xmalloc(n * sizeof *fmts);
    size_t *file_obs = fpc_xmalloc(n * sizeof *file_obs);
    size_t n_lists = 0, n_models = 0, n_unusable = 0;
    for (size_t i = 0; i < n; i++) {
        fmts[i] = fmt;
        file_obs[i] = 0;
        if (fmt == FPC_FORMAT_AUTO && fpc_detect_format(files[i], &fmts[i], &diags) != 0)
            fmts[i] = FPC_FORMAT_AUTO;
        if (fmts[i] == FPC_FORMAT_AUTO) n_unusable++;
    }
    /* Area identities and indicator definitions first, then dictionaries and
     * code lists, so units are known when data rows are checked; then data;
     * then neighbour files. */
    fpc_read_opts lo;
    fpc_areas *areas = NULL;
    if (fpc_read_setup(&lo, &opts, files, fmts, n, &areas, &diags) != 0) n_unusable++;
    for (size_t i = 0; i < n; i++)
        if (fmts[i] == FPC_FORMAT_AREAS) file_obs[i] = 0;
    obs_source src = { NULL, 0, fpc_xmalloc(n * sizeof *src.file),
                       fpc_xmalloc(n * sizeof *src.first), 0, NULL };
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = 0; i < n; i++) {
            if (fmts[i] == FPC_FORMAT_AUTO || fpc_format_pass(fmts[i]) != pass) continue;
            if (pass == 0) continue;   /* read by fpc_read_setup */
            if (pass < 3) {
                size_t before = ds->n_obs;
                if (fpc_read_file(files[i], fmts[i], &lo, ds, &diags) != 0) n_unusable++;
                file_obs[i] = ds->n_obs - before;
                if (file_obs[i]) {
                    src.file[src.n_files] = files[i];
                    src.first[src.n_files++] = before;
                }
            } else {
                fp_neighbours *nb;
                if (fpc_read_neighbours_ex(files[i], fmts[i], NULL, lo.areas, &nb, &diags) != 0) {
                    n_unusable++;
                    continue;
                }
                n_models++;
                n_lists += nb->n_lists;
                file_obs[i] = nb->n_lists;
                fp_neighbours_free(nb);
            }
        }
    fpc_apply_polarities(ds, &lo, &diags);
    size_t n_identity = fpc_areas_count(areas);
    fpc_read_setup_free(&lo, &opts, areas);
    fpc_read_opts_free(&opts);
    fpc_sources_close();   /* inputs detected but not read */
    /* Indexing reorders the observations: keep their keys when more than
     * one file gave them, so a flag can name its file. */
    if (src.n_files == 1) src.only = src.file[0];
    else if (src.n_files > 1) {
        src.n = ds->n_obs;
        src.key = fpc_xmalloc((src.n ? src.n : 1) * sizeof *src.key);
        for (size_t k = 0; k < src.n; k++) {
            src.key[k][0] = ds->obs[k].indicator;
            src.key[k][1] = ds->obs[k].area;
            src.key[k][2] = ds->obs[k].period;
        }
    }
    size_t dups = 0;
    if (fp_dataset_index(ds, &dups) == FP_OK && dups)
        fpc_diags_add(&diags, 0, NULL, 0, 0,
                      "%zu observations repeat an earlier (indicator, area, period)", dups);
    plausibility_sweep(ds, &src, &diags);
    free(src.key);
    free(src.file);
    free(src.first);
    size_t missing = 0, used_ind = 0;
    for (size_t k = 0; k < ds->n_obs; k++) missing += ds->obs[k].missing != FP_MISSING_NONE;
    {
        char *seen = calloc(ds->n_indicators + 1, 1);
        for (size_t k = 0; seen && k < ds->n_obs; k++) seen[ds->obs[k].indicator] = 1;
        for (size_t i = 0; seen && i < ds->n_indicators; i++) used_ind += seen[i];
        free(seen);
    }
    size_t kinds[4] = { 0, 0, 0, 0 };
    for (size_t a = 0; a < ds->n_areas; a++) kinds[ds->areas[a].kind < 3 ? ds->areas[a].kind : 3]++;

    fpc_out out;
    int rc = (diags.n_errors || n_unusable) ? FPC_EXIT_DATA : FPC_EXIT_OK;
    if (fpc_out_open(&out, problems ? output : NULL) != 0) rc = FPC_EXIT_DATA;
    else {
        FILE *fp = out.fp;
        if (problems) {
            static const char *const cols[] = { "file", "line", "column", "severity", "message" };
            fpc_table t;
            int trc = fpc_table_open(&t, fp, &topt, "validate", cols, 5, NULL, ds->version);
            if (trc != 0) {
                fpc_out_abort(&out);
                rc = trc;
                goto done;
            }
            /* Errors first, then warnings, each in the order found. */
            for (int pass = 0; pass < 2; pass++)
                for (size_t k = 0; k < diags.n; k++) {
                    const fpc_diag *dg = &diags.items[k];
                    if (dg->is_error != (pass == 0)) continue;
                    fpc_table_str(&t, dg->file);
                    if (dg->line) fpc_table_int(&t, (long)dg->line); else fpc_table_str(&t, NULL);
                    if (dg->col) fpc_table_int(&t, (long)dg->col); else fpc_table_str(&t, NULL);
                    fpc_table_str(&t, dg->is_error ? "error" : "warning");
                    fpc_table_str(&t, dg->message);
                }
            if (diags.n_errors + diags.n_warnings > diags.n)
                fpc_warn(NULL, 0, 0, "%zu more problems not listed",
                         diags.n_errors + diags.n_warnings - diags.n);
            if (fpc_table_end(&t) != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; goto done; }
        } else if (json) {
            fprintf(fp, "{\"methods_version\": ");
            fpc_json_string(fp, FP_METHODS_VERSION);
            fprintf(fp, ", \"data_version\": ");
            fpc_json_string(fp, ds->version);
            fprintf(fp, ",\n \"files\": [");
            for (size_t i = 0; i < n; i++) {
                fprintf(fp, "%s{\"file\": ", i ? ", " : "");
                fpc_json_string(fp, files[i]);
                fprintf(fp, ", \"format\": ");
                if (fmts[i] == FPC_FORMAT_AUTO) fputs("null", fp);
                else fpc_json_string(fp, fpc_format_name(fmts[i]));
                fprintf(fp, ", \"%s\": %zu}", fpc_format_is_neighbours(fmts[i]) ? "lists" : "rows",
                        file_obs[i]);
            }
            fprintf(fp, "],\n \"usable\": %s, \"rows\": %zu, \"indicators\": %zu, "
                    "\"indicators_described\": %zu, \"areas\": %zu, \"local_authorities\": %zu, "
                    "\"regions\": %zu, \"countries\": %zu, \"periods\": %zu, \"missing\": %zu, "
                    "\"duplicates\": %zu, \"neighbour_models\": %zu, \"neighbour_lists\": %zu, "
                    "\"error_count\": %zu, \"warning_count\": %zu,\n",
                    rc == 0 ? "true" : "false", ds->n_obs, used_ind, ds->n_indicators,
                    ds->n_areas, kinds[FP_AREA_LA], kinds[FP_AREA_REGION], kinds[FP_AREA_COUNTRY],
                    ds->n_periods, missing, dups, n_models, n_lists, diags.n_errors,
                    diags.n_warnings);
            for (int pass = 0; pass < 2; pass++) {
                int want_err = pass == 0;
                fprintf(fp, " \"%s\": [", want_err ? "errors" : "warnings");
                int first = 1;
                for (size_t k = 0; k < diags.n; k++) {
                    const fpc_diag *dg = &diags.items[k];
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
        } else {
            for (size_t i = 0; i < n; i++) {
                if (fmts[i] == FPC_FORMAT_AUTO) continue;
                if (fmts[i] == FPC_FORMAT_AREAS)
                    fprintf(fp, "%s: areas, %zu areas in the identity\n", files[i], n_identity);
                else if (fmts[i] == FPC_FORMAT_INDICATORS)
                    fprintf(fp, "%s: indicators\n", files[i]);
                else
                    fprintf(fp, "%s: %s, %zu %s\n", files[i], fpc_format_name(fmts[i]),
                            file_obs[i], fpc_format_is_neighbours(fmts[i]) ? "neighbour lists" : "rows");
            }
            fprintf(fp, "rows: %zu\nindicators: %zu (%zu described)\n"
                    "areas: %zu (%zu local authorities, %zu regions, %zu countries, %zu other)\n"
                    "periods: %zu\nmissing: %zu\nduplicates: %zu\nneighbour lists: %zu in %zu models\n"
                    "data version: %s\nmethods version: %s\n"
                    "errors: %zu\nwarnings: %zu\nresult: %s\n",
                    ds->n_obs, used_ind, ds->n_indicators, ds->n_areas, kinds[FP_AREA_LA],
                    kinds[FP_AREA_REGION], kinds[FP_AREA_COUNTRY], kinds[FP_AREA_OTHER],
                    ds->n_periods, missing, dups, n_lists, n_models, ds->version,
                    FP_METHODS_VERSION, diags.n_errors, diags.n_warnings,
                    rc == 0 ? "usable" : "errors found");
        }
        if (fpc_out_commit(&out) != 0) rc = FPC_EXIT_DATA;
    }
done:
    free(fmts);
    free(file_obs);
    fp_dataset_free(ds);
    fpc_diags_free(&diags);
    return rc;
}
