/* cmd_areas.c -- `fingerpost areas`: the areas in the data (local
 * authorities, regions, England), with their codes, old DfE LA numbers,
 * kind, region and how many indicators have a value for them. --search
 * keeps the areas whose fields contain every word; when none does, the
 * nearest names are suggested (fpc_suggest). One row per area through the
 * shared table writer (every format, --columns). */
#include "cli.h"
#include "help.h"
#include "io.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs(fpc_help_areas, stdout);
}

static const char *const cols[] = { "area_code", "area", "old_code", "kind", "region",
    "n_indicators", "ons_code" };

/* Nonzero for an ONS (GSS) code: a country letter and eight digits
 * ("E08000014"). */
/* The --kind value as an fp_area_kind, -1 when it names none. */
static int parse_kind(const char *s)
{
    static const char *const names[] = { "la", "region", "country", "combined", "icb",
                                         "sub-icb", "other" };
    static const int kinds[] = { FP_AREA_LA, FP_AREA_REGION, FP_AREA_COUNTRY, FP_AREA_COMBINED,
                                 FP_AREA_ICB, FP_AREA_SUB_ICB, FP_AREA_OTHER };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (!strcmp(s, names[k])) return kinds[k];
    return -1;
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
            if ((kind = parse_kind(optarg)) < 0)
                return fpc_usage("areas", "--kind must be la, region, country, combined, icb, "
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
    size_t *n_ind;
    const char **ons;
    fpc_area_facts(ds, &n_ind, &ons);
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
