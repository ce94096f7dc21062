/* cmd_areas.c -- `fingerpost areas`: the areas in the data (local
 * authorities, regions, England), with their codes, old DfE LA numbers,
 * kind, region and how many indicators have a value for them. --search
 * keeps the areas whose fields contain every word; when none does, the
 * nearest names are suggested (fpc_suggest). One row per area through the
 * shared table writer (every format, --columns). */
#include "cli.h"
#include "io.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf(
"Usage: fingerpost areas [OPTION]... [DATA]...\n"
"List the areas in DATA (the shipped demo data when none is given): name, code,\n"
"old LA number, kind, region and how many indicators have a value there. Any\n"
"of name, code or old LA number can be given to --area in the other commands.\n"
"\n"
"Options:\n"
"  -s, --search WORDS      only areas whose name, code, old LA number, region or\n"
"                          ONS code contains every word (any case)\n"
"  -k, --kind KIND         only areas of this kind: la (councils), region,\n"
"                          country, combined (combined authorities), icb,\n"
"                          sub-icb or other\n"
"  -f, --format FMT        csv (default), tsv, md, json or xlsx (a workbook)\n"
"  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
FPC_TABLE_OPTS_HELP
"  -h, --help              show this help and exit\n"
"\n"
"Columns (all in the default set): area_code (the area's key: the DfE LA\n"
"number where the area identity knows it, else the code the file gave), area,\n"
"old_code (the DfE LA number), kind (local authority, region, country,\n"
"combined authority, integrated care board, sub-ICB location, other; by the\n"
"identity, the file's area type or the ONS code prefix), region, n_indicators\n"
"(indicators with a value for the area in any period), ons_code (the current\n"
"ONS/GSS code); and methods_version, data_version.\n"
"\n"
"Examples:\n"
"  fingerpost areas --search bristol\n"
"  fingerpost areas --kind region -f md\n"
"\n"
"Exit status: 0 success (a search with no match says so on standard error),\n"
"1 data error, 2 usage error.\n");
}

static const char *const cols[] = { "area_code", "area", "old_code", "kind", "region",
    "n_indicators", "ons_code" };

/* Nonzero for an ONS (GSS) code: a country letter and eight digits
 * ("E08000014"). */
static int is_ons(const char *s)
{
    return s && strlen(s) == 9 && strchr("EWSN", s[0]) && s[0]
           && strspn(s + 1, "0123456789") == 8;
}

int fpc_cmd_areas(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "search", required_argument, NULL, 's' },
        { "kind", required_argument, NULL, 'k' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        FPC_TABLE_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    fpc_table_opts topt;
    fpc_table_opts_init(&topt);
    const char *search = NULL, *output = NULL;
    int kind = -1;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":s:k:f:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 's': search = optarg; break;
        case 'k':
            if (!strcmp(optarg, "la")) kind = FP_AREA_LA;
            else if (!strcmp(optarg, "region")) kind = FP_AREA_REGION;
            else if (!strcmp(optarg, "country")) kind = FP_AREA_COUNTRY;
            else if (!strcmp(optarg, "combined")) kind = FP_AREA_COMBINED;
            else if (!strcmp(optarg, "icb")) kind = FP_AREA_ICB;
            else if (!strcmp(optarg, "sub-icb")) kind = FP_AREA_SUB_ICB;
            else if (!strcmp(optarg, "other")) kind = FP_AREA_OTHER;
            else return fpc_usage("areas", "--kind must be la, region, country, combined, icb, "
                                  "sub-icb or other, not '%s'", optarg);
            break;
        case 'o':
            if (!*optarg) return fpc_usage("areas", "--output wants a file name (or - for standard output), not an empty one");
            output = optarg;
            break;
        case 'h': help(); return FPC_EXIT_OK;
        case ':': return fpc_usage("areas", "option '%s' needs a value", argv[optind - 1]);
        default: {
            int h = fpc_table_opts_last(&topt, "areas", ch, optarg, argv[optind - 1]);
            if (h) return h;
        }
        }
    }
    int rc = fpc_table_opts_check(&topt, "areas", output);
    if (rc == 0) rc = fpc_table_columns_check(&topt, "areas", cols, sizeof cols / sizeof *cols);
    if (rc) return rc;

    fpc_inputs in;
    fpc_diags diags;
    if (fpc_load_listing(&in, argv + optind, (size_t)(argc - optind), &diags) != 0)
        return FPC_EXIT_DATA;
    const fp_dataset *ds = in.ds;
    /* Per area: the indicators with a value. Observations are sorted by
     * (indicator, area, period), so an (indicator, area) run counts once. */
    size_t *n_ind = calloc(ds->n_areas + 1, sizeof *n_ind);
    if (!n_ind) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    for (size_t i = 0; i < ds->n_obs;) {
        size_t k = ds->obs[i].indicator, a = ds->obs[i].area;
        int any = 0;
        for (; i < ds->n_obs && ds->obs[i].indicator == k && ds->obs[i].area == a; i++)
            any |= ds->obs[i].missing == FP_MISSING_NONE && !isnan(ds->obs[i].value);
        n_ind[a] += (size_t)any;
    }
    /* Per area: its ONS (GSS) code -- its key when that is one, else the
     * first alias that is one (the identity gives the current ONS code
     * first), so an area keyed by its LA number lists both. */
    const char **ons = calloc(ds->n_areas + 1, sizeof *ons);
    if (!ons) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    for (size_t a = 0; a < ds->n_areas; a++)
        if (is_ons(ds->areas[a].code)) ons[a] = ds->areas[a].code;
    for (size_t k = 0; k < fp_dataset_area_n_aliases(ds); k++) {
        const char *al;
        size_t a;
        if (fp_dataset_area_alias_get(ds, k, &al, &a) == FP_OK && a < ds->n_areas && !ons[a]
            && is_ons(al))
            ons[a] = al;
    }
    size_t nw;
    char **words = fpc_search_words(search, &nw);
    fpc_out out;
    fpc_table t;
    size_t nrows = 0;
    if (fpc_out_open(&out, output) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if ((rc = fpc_table_open(&t, out.fp, &topt, "areas", cols, sizeof cols / sizeof *cols,
                             NULL, ds->version)) != 0) {
        fpc_out_abort(&out);
        goto done;
    }
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_area *A = &ds->areas[a];
        if (kind >= 0 && (int)A->kind != kind) continue;
        const char *fields[] = { A->code, A->name, A->old_code, A->region, ons[a] ? ons[a] : "" };
        if (!fpc_search_match(words, nw, fields, 5)) continue;
        fpc_table_str(&t, A->code);
        fpc_table_str(&t, A->name);
        fpc_table_str(&t, A->old_code && *A->old_code ? A->old_code : NULL);
        fpc_table_str(&t, fp_area_kind_name(A->kind));
        fpc_table_str(&t, A->region && *A->region ? A->region : NULL);
        fpc_table_int(&t, (long)n_ind[a]);
        fpc_table_str(&t, ons[a]);
        nrows++;
    }
    if (fpc_table_end(&t) != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; goto done; }
    if (fpc_out_commit(&out) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if (nrows == 0 && search) {
        const char **texts = fpc_xmalloc((2 * ds->n_areas + 1) * sizeof *texts);
        for (size_t a = 0; a < ds->n_areas; a++) {
            texts[2 * a] = ds->areas[a].code;
            texts[2 * a + 1] = ds->areas[a].name;
        }
        fpc_search_none("area", search, words, nw, texts, 2 * ds->n_areas);
        free(texts);
    }
done:
    fpc_free_strv(words);
    free(n_ind);
    free(ons);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    return rc;
}
