/* cmd_indicators.c -- `fingerpost indicators`: the indicators in the data,
 * with what an analyst needs to pick one: code, name, unit, polarity,
 * decimal places, the periods covered (first, last, how many), coverage
 * (areas with a value, overall and in the latest period) and the source.
 * --search keeps the indicators whose fields contain every word given; when
 * none does, the nearest names are suggested (fpc_suggest). One row per
 * indicator through the shared table writer (every format, --columns). */
#include "cli.h"
#include "help.h"
#include "io.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs(fpc_help_indicators, stdout);
}


/* What the data hold for one indicator. */
typedef struct ind_stats {
    long first, last;          /* period indices with a value, -1 none */
    size_t n_periods, n_areas, latest_areas;
} ind_stats;

/* One pass over the observations (sorted by indicator, area, period). */
static void indicator_stats(const fp_dataset *ds, ind_stats *st)
{
    unsigned char *seen = fpc_xmalloc(ds->n_periods + 1);
    size_t i = 0;
    for (size_t k = 0; k < ds->n_indicators; k++) {
        ind_stats *s = &st[k];
        memset(s, 0, sizeof *s);
        s->first = s->last = -1;
        memset(seen, 0, ds->n_periods + 1);
        size_t latest;
        int have_latest = fp_dataset_latest_period(ds, k, &latest) == FP_OK;
        while (i < ds->n_obs && ds->obs[i].indicator < k) i++;
        while (i < ds->n_obs && ds->obs[i].indicator == k) {
            size_t a = ds->obs[i].area;
            int any = 0, in_latest = 0;
            for (; i < ds->n_obs && ds->obs[i].indicator == k && ds->obs[i].area == a; i++) {
                const fp_obs *o = &ds->obs[i];
                if (o->missing != FP_MISSING_NONE || isnan(o->value)) continue;
                any = 1;
                if (have_latest && o->period == latest) in_latest = 1;
                if (!seen[o->period]) { seen[o->period] = 1; s->n_periods++; }
                const fp_period *p = &ds->periods[o->period].period;
                if (s->first < 0 || fp_period_compare(p, &ds->periods[s->first].period) < 0)
                    s->first = (long)o->period;
                if (s->last < 0 || fp_period_compare(p, &ds->periods[s->last].period) > 0)
                    s->last = (long)o->period;
            }
            s->n_areas += (size_t)any;
            s->latest_areas += (size_t)in_latest;
        }
    }
    free(seen);
}

static const char *const cols[] = { "indicator", "name", "unit", "polarity", "dps",
    "first_period", "last_period", "n_periods", "n_areas", "latest_areas", "definition", "source" };

int fpc_cmd_indicators(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "search", required_argument, NULL, 's' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        FPC_TABLE_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    fpc_table_opts topt;
    fpc_table_opts_init(&topt);
    const char *search = NULL, *output = NULL;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":s:f:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 's': search = optarg; break;
        case 'o':
            if (!*optarg) return fpc_usage("indicators", "--output wants a file name (or - for standard output), not an empty one");
            output = optarg;
            break;
        case 'h': help(); return FPC_EXIT_OK;
        case ':': return fpc_usage("indicators", "option '%s' needs a value", argv[optind - 1]);
        default: {
            int h = fpc_table_opts_last(&topt, "indicators", ch, optarg, argv[optind - 1]);
            if (h) return h;
        }
        }
    }
    int rc = fpc_table_opts_check(&topt, "indicators", output);
    if (rc == 0) rc = fpc_table_columns_check(&topt, "indicators", cols, sizeof cols / sizeof *cols);
    if (rc) return rc;

    fpc_inputs in;
    fpc_diags diags;
    if (fpc_load_listing(&in, argv + optind, (size_t)(argc - optind), &diags) != 0)
        return FPC_EXIT_DATA;
    const fp_dataset *ds = in.ds;
    ind_stats *st = fpc_xmalloc((ds->n_indicators + 1) * sizeof *st);
    indicator_stats(ds, st);
    size_t nw;
    char **words = fpc_search_words(search, &nw);

    static const char *const defaults[] = { "indicator", "name", "unit", "polarity",
        "first_period", "last_period", "n_periods", "n_areas", "source", NULL };
    fpc_out out;
    fpc_table t;
    size_t nrows = 0;
    if (fpc_out_open(&out, output) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if ((rc = fpc_table_open(&t, out.fp, &topt, "indicators", cols, sizeof cols / sizeof *cols,
                             defaults, ds->version)) != 0) {
        fpc_out_abort(&out);
        goto done;
    }
    for (size_t k = 0; k < ds->n_indicators; k++) {
        const fp_indicator *I = &ds->indicators[k];
        const char *unit = I->unit_label && *I->unit_label ? I->unit_label : fp_unit_name(I->unit);
        const char *fields[] = { I->code, I->name, unit, I->definition, I->source };
        if (!fpc_search_match(words, nw, fields, 5)) continue;
        const ind_stats *s = &st[k];
        fpc_table_str(&t, I->code);
        fpc_table_str(&t, I->name);
        fpc_table_str(&t, unit);
        fpc_table_str(&t, fp_polarity_name(I->polarity));
        if (I->dps >= 0) fpc_table_int(&t, I->dps); else fpc_table_str(&t, NULL);
        fpc_table_str(&t, s->first >= 0 ? ds->periods[s->first].label : NULL);
        fpc_table_str(&t, s->last >= 0 ? ds->periods[s->last].label : NULL);
        fpc_table_int(&t, (long)s->n_periods);
        fpc_table_int(&t, (long)s->n_areas);
        fpc_table_int(&t, (long)s->latest_areas);
        fpc_table_str(&t, I->definition);
        fpc_table_str(&t, I->source);
        nrows++;
    }
    if (fpc_table_end(&t) != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; goto done; }
    if (fpc_out_commit(&out) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if (nrows == 0 && search) {
        const char **texts = fpc_xmalloc((2 * ds->n_indicators + 1) * sizeof *texts);
        for (size_t k = 0; k < ds->n_indicators; k++) {
            texts[2 * k] = ds->indicators[k].code;
            texts[2 * k + 1] = ds->indicators[k].name;
        }
        fpc_search_none("indicator", search, words, nw, texts, 2 * ds->n_indicators);
        free(texts);
    }
done:
    fpc_free_strv(words);
    free(st);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    return rc;
}
