/* cmd_indicators.c -- `fingerpost indicators`: the indicators in the data,
 * with what an analyst needs to pick one: code, name, unit, polarity,
 * decimal places, the periods covered (first, last, how many), coverage
 * (areas with a value, overall and in the latest period) and the source.
 * --search keeps the indicators whose fields contain every word given; when
 * none does, the nearest names are suggested (fpc_suggest). One row per
 * indicator through the shared table writer (every format, --columns). */
#include "cli.h"
#include "io.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf(
"Usage: fingerpost indicators [OPTION]... [DATA]...\n"
"List the indicators in DATA (the shipped demo data when none is given): code,\n"
"name, unit, polarity, the periods with a value and how many areas have one.\n"
"Use the code (or the whole name) with --indicator in the other commands.\n"
"\n"
"Options:\n"
"  -s, --search WORDS      only indicators whose code, name, unit, definition\n"
"                          or source contains every word (any case)\n"
"  -f, --format FMT        csv (default), tsv, md, json or xlsx (a workbook)\n"
"  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
FPC_TABLE_OPTS_HELP
"  -h, --help              show this help and exit\n"
"\n"
"Columns (the default set is marked *): indicator*, name*, unit*, polarity*,\n"
"dps (decimal places, empty when unknown), first_period*, last_period*,\n"
"n_periods* (periods with a value), n_areas* (areas with a value in any\n"
"period), latest_areas (areas with a value in the last period), definition,\n"
"source*; and methods_version, data_version.\n"
"\n"
"Examples:\n"
"  fingerpost indicators --search \"looked after\"\n"
"  fingerpost indicators -f md --columns indicator,name,last_period\n"
"\n"
"Exit status: 0 success (a search with no match says so on standard error),\n"
"1 data error, 2 usage error.\n");
}

/* ASCII case-insensitive: does hay contain needle? */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0) return 1;
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && (p[i] | 0x20) == (needle[i] | 0x20)
               && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') || p[i] == needle[i]))
            i++;
        if (i == n) return 1;
    }
    return 0;
}

int fpc_search_match(char *const *words, size_t n_words, const char *const *fields, size_t n_fields)
{
    for (size_t w = 0; w < n_words; w++) {
        int found = 0;
        for (size_t f = 0; f < n_fields && !found; f++)
            found = fields[f] && contains_ci(fields[f], words[w]);
        if (!found) return 0;
    }
    return 1;
}

char **fpc_search_words(const char *search, size_t *n)
{
    *n = 0;
    char **v = fpc_xmalloc((strlen(search ? search : "") / 2 + 2) * sizeof *v);
    for (const char *p = search ? search : ""; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (p > s) {
            v[*n] = fpc_xmalloc((size_t)(p - s) + 1);
            memcpy(v[*n], s, (size_t)(p - s));
            v[*n][p - s] = '\0';
            (*n)++;
        }
    }
    v[*n] = NULL;
    return v;
}

void fpc_search_none(const char *what, const char *search, char *const *words, size_t n_words,
                     const char *const *texts, size_t n_texts)
{
    /* The words of every text, kept until the message is written (the
     * suggestions point into them). */
    size_t cap = 64, n = 0;
    char **tok = fpc_xmalloc(cap * sizeof *tok);
    for (size_t i = 0; i < n_texts; i++) {
        const char *p = texts[i] ? texts[i] : "";
        while (*p) {
            while (*p && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && !(*p >= '0' && *p <= '9')) p++;
            const char *b = p;
            while (*p && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) p++;
            if (p - b < 3) continue;
            if (n == cap) { cap *= 2; tok = fpc_xrealloc(tok, cap * sizeof *tok); }
            tok[n] = fpc_xmalloc((size_t)(p - b) + 1);
            memcpy(tok[n], b, (size_t)(p - b));
            tok[n][p - b] = '\0';
            n++;
        }
    }
    /* The search is quoted once (cut, and said to be, past 200 bytes); each
     * word no text has gets a line with suggestions, the first 10 of them,
     * then a count: the output stays bounded however long the search. */
    enum { SHOW_WORDS = 10, SHOW_SEARCH = 200 };
    size_t slen = strlen(search), unknown = 0;
    for (size_t w = 0; w < n_words; w++) {
        const char *one[] = { words[w] };
        int anywhere = 0;
        for (size_t i = 0; i < n_texts && !anywhere; i++)
            anywhere = texts[i] && fpc_search_match((char *const *)one, 1, &texts[i], 1);
        if (anywhere) continue;
        if (unknown++ == 0)
            fpc_warn(NULL, 0, 0, "no %s matches '%.*s'%s", what, (int)(slen > SHOW_SEARCH ? SHOW_SEARCH : slen),
                     search, slen > SHOW_SEARCH ? "... (the search cut here)" : "");
        if (unknown > SHOW_WORDS) continue;
        fpc_suggest sg;
        fpc_suggest_init(&sg, words[w]);
        for (size_t k = 0; k < n; k++) fpc_suggest_add(&sg, tok[k], tok[k]);
        fpc_warn(NULL, 0, 0, "no %s has the word '%s'%s", what, words[w], fpc_suggest_text(&sg));
        fpc_suggest_free(&sg);
    }
    if (unknown > SHOW_WORDS)
        fpc_warn(NULL, 0, 0, "and %zu more words that no %s has", unknown - SHOW_WORDS, what);
    if (!unknown)
        fpc_warn(NULL, 0, 0, "no %s matches all of '%.*s'%s", what,
                 (int)(slen > SHOW_SEARCH ? SHOW_SEARCH : slen), search,
                 slen > SHOW_SEARCH ? "... (the search cut here)" : "");
    for (size_t k = 0; k < n; k++) free(tok[k]);
    free(tok);
}

int fpc_load_quiet(fpc_inputs *in, char **paths, size_t n_paths, const fpc_read_opts *ropts,
                   fpc_diags *diags)
{
    fpc_diags_init(diags);
    diags->max_kept = 1;
    /* The data's problems are shown as they are found, as in every command
     * that reads data: errors always; warnings as --quiet / --verbose say
     * (by default the first of each kind per file, then a count: issue 22,
     * these commands showed no warning at all, even with --verbose). */
    diags->echo = 1;
    memset(in, 0, sizeof *in);
    int lrc = fpc_inputs_load(in, paths, n_paths, ropts, diags);
    fpc_diags_summary(diags);
    return lrc != 0 || !in->ds ? FPC_EXIT_DATA : 0;
}

int fpc_load_listing(fpc_inputs *in, char **paths, size_t n_paths, fpc_diags *diags)
{
    if (fpc_load_quiet(in, paths, n_paths, NULL, diags) == 0) return 0;
    fpc_inputs_free(in);
    fpc_diags_free(diags);
    return FPC_EXIT_DATA;
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
