/* cmd_inequality.c -- `fingerpost inequality`: the slope and relative
 * indices of inequality of every deprivation breakdown in the data.
 *
 * Fingertips exports break many indicators down by deprivation decile or
 * quintile (Category Type "County & UA deprivation deciles in England
 * (IMD2019, 4/23 geography)", Category "Most deprived decile (IMD2019)",
 * ...); the reader keeps each category as a series of its own ("90284/
 * County & UA deprivation deciles ...: Most deprived decile (IMD2019)").
 * This command puts them back together: one inequality series per
 * indicator (and sex/age breakdown), category type, area and period, with
 * the quantiles ordered from the most to the least deprived, and computes
 * the SII and RII with their limits (fp_sii, fingerpost/sii.h: the
 * method of PHEindicatormethods' phe_sii) from each quantile's value, 95%
 * limits and denominator (the population). Rates are simulated on the log
 * scale, percentages as proportions (SII in percentage points), anything
 * else as normal values. One row per series; a series that cannot be
 * computed (a quantile missing, no limits, no denominator) gets its reason
 * and the run goes on. */
#include "cli.h"
#include "io.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    printf(
"Usage: fingerpost inequality [OPTION]... [DATA]...\n"
"The slope index of inequality (SII) and relative index of inequality (RII)\n"
"of every deprivation decile or quintile breakdown in DATA (Fingertips exports:\n"
"rows whose Category Type is a deprivation decile or quintile), one row per\n"
"indicator, category type, area and period, as PHEindicatormethods' phe_sii:\n"
"x runs from the most deprived (0) to the least deprived (1), so the SII is\n"
"the modelled gap from the most to the least deprived, in the indicator's\n"
"units (percentage points for percentages).\n"
"\n"
"Options:\n"
"  -i, --indicator ID      only breakdowns of this indicator (its ID, e.g. 90284)\n"
"  -f, --format FMT        csv (default), tsv, md, json or xlsx (a workbook)\n"
"  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
FPC_TABLE_OPTS_HELP
"      --repetitions N     simulation draws (default 100000; >= 1000)\n"
"      --seed N            the simulation's seed (default 1): R's own generator,\n"
"                          so set.seed(N); phe_sii(...) gives the same limits\n"
"      --sii-ci METHOD     simulation (default, as phe_sii) or analytic\n"
"  -h, --help              show this help and exit\n"
"\n"
"Columns (the default set is marked *): indicator*, indicator_name*,\n"
"category_type*, area_code*, area*, period*, quantiles*, value_type (normal,\n"
"rate or proportion), sii*, sii_lower95_0cl*, sii_upper95_0cl*,\n"
"sii_lower99_8cl, sii_upper99_8cl, rii*, rii_lower95_0cl*, rii_upper95_0cl*,\n"
"rii_lower99_8cl, rii_upper99_8cl, method, note*, methods_version,\n"
"data_version.\n"
"\n"
"Examples:\n"
"  fingerpost inequality datasets/fingertips_injuries_0to14_90284.csv\n"
"  fingerpost inequality -f xlsx -o sii.xlsx --seed 42 fingertips_export.csv\n"
"\n"
"Exit status: 0 success (including series that could only be given a note),\n"
"1 data error (unreadable data), 2 usage error.\n");
}

/* The rank of a deprivation category, 1 = most deprived, and how many
 * quantiles its kind has (10 deciles, 5 quintiles), from Fingertips'
 * wording: "Most deprived decile", "Second most deprived decile", "Third
 * more deprived decile", ..., "Fifth less deprived decile", "Second least
 * deprived decile", "Least deprived decile" (a suffix such as "(IMD2019)"
 * is ignored); for quintiles also "Middle quintile". 0 if not one. */
static size_t deprivation_rank(const char *cat, size_t *of)
{
    char s[160];
    size_t n = strlen(cat);
    if (n >= sizeof s) return 0;
    for (size_t i = 0; i <= n; i++) s[i] = (char)((cat[i] >= 'A' && cat[i] <= 'Z') ? cat[i] + 32 : cat[i]);
    if (strstr(s, "decile")) *of = 10;
    else if (strstr(s, "quintile")) *of = 5;
    else return 0;
    static const char *const ord[] = { "first", "second", "third", "fourth", "fifth" };
    size_t k = 1;
    for (size_t i = 0; i < 5; i++)
        if (!strncmp(s, ord[i], strlen(ord[i]))) k = i + 1;
    if (strstr(s, "middle")) return *of == 5 ? 3 : 0;
    if (strstr(s, "most deprived") || strstr(s, "more deprived")) return k <= *of ? k : 0;
    if (strstr(s, "least deprived") || strstr(s, "less deprived")) return k <= *of ? *of + 1 - k : 0;
    return 0;
}

/* A deprivation breakdown of an indicator: "BASE/TYPE: CATEGORY" with TYPE
 * naming deprivation deciles or quintiles. Sets base_len (BASE is the
 * indicator ID with any sex/age breakdown), the type and the rank. */
static int split_code(const char *code, size_t *base_len, const char **type, size_t *type_len,
                      size_t *rank, size_t *of)
{
    const char *colon = strstr(code, ": ");
    if (!colon) return 0;
    /* The type starts after the last '/' before the colon that begins a
     * text mentioning deprivation deciles or quintiles: after a sex or age
     * breakdown ("90284/Male/County & UA deprivation deciles ...") but not
     * inside the type, which may hold a '/' itself ("4/23 geography"). */
    const char *start = NULL;
    for (const char *p = code; p < colon; p++)
        if (*p == '/') {
            const char *q = p + 1;
            size_t len = (size_t)(colon - q);
            char buf[256];
            if (len >= sizeof buf) continue;
            for (size_t i = 0; i < len; i++) buf[i] = (char)((q[i] >= 'A' && q[i] <= 'Z') ? q[i] + 32 : q[i]);
            buf[len] = 0;
            if (strstr(buf, "deprivation") && (strstr(buf, "decile") || strstr(buf, "quintile"))
                && !strchr(buf, ':'))
                start = p;
        }
    if (!start) return 0;
    *rank = deprivation_rank(colon + 2, of);
    if (!*rank) return 0;
    *base_len = (size_t)(start - code);
    *type = start + 1;
    *type_len = (size_t)(colon - start - 1);
    return 1;
}

/* One quantile series: an indicator of the data that is a deprivation
 * category, with its group (base + type) and rank. */
typedef struct qser {
    size_t ind, rank, of, group;
} qser;

typedef struct iopts {
    const char *indicator, *output;
    fpc_table_opts tab;
    fp_sii_options sii;
} iopts;

static int parse_args(int argc, char **argv, iopts *o)
{
    static const struct option longopts[] = {
        { "indicator", required_argument, NULL, 'i' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        FPC_TABLE_LONGOPTS,
        FPC_SII_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    fpc_table_opts_init(&o->tab);
    fp_sii_options_init(&o->sii);
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":i:f:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i': o->indicator = optarg; break;
        case 'o': o->output = optarg; break;
        case FPC_OPT_SII_REPS: case FPC_OPT_SII_SEED: case FPC_OPT_SII_CI:
            if (fpc_sii_opt(&o->sii, "inequality", ch, optarg)) return FPC_EXIT_USAGE;
            break;
        case 'h': help(); return FPC_EXIT_OK;
        case ':': return fpc_usage("inequality", "option '%s' needs a value", argv[optind - 1]);
        default: {
            int h = fpc_table_opts_last(&o->tab, "inequality", ch, optarg, argv[optind - 1]);
            if (h) return h;
        }
        }
    }
    int rc = fpc_table_opts_check(&o->tab, "inequality", o->output);
    return rc ? rc : -1;
}

/* The value of indicator ind for area a in period p, with its extras, or
 * NULL. Observations are sorted by (indicator, area, period): binary
 * search. */
static const fp_obs *find_obs(const fp_dataset *ds, size_t ind, size_t a, size_t p)
{
    size_t lo = 0, hi = ds->n_obs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const fp_obs *o = &ds->obs[mid];
        int less = o->indicator < ind || (o->indicator == ind && (o->area < a
                   || (o->area == a && o->period < p)));
        if (less) lo = mid + 1; else hi = mid;
    }
    if (lo < ds->n_obs && ds->obs[lo].indicator == ind && ds->obs[lo].area == a
        && ds->obs[lo].period == p)
        return &ds->obs[lo];
    return NULL;
}

/* One output row: the SII of group g's quantiles for area a, period p. */
static void series_row(fpc_table *t, const fp_dataset *ds, const qser *qs, size_t nq,
                       size_t g, size_t a, size_t p, const iopts *o)
{
    const qser *first = NULL;
    size_t of = 0;
    for (size_t k = 0; k < nq; k++) if (qs[k].group == g) { first = &qs[k]; of = qs[k].of; break; }
    const fp_indicator *I = &ds->indicators[first->ind];
    double v[10], lo[10], hi[10], pop[10], se[10];
    int have[10] = { 0 };
    char note[200] = "";
    for (size_t k = 0; k < nq; k++) {
        if (qs[k].group != g) continue;
        const fp_obs *ob = find_obs(ds, qs[k].ind, a, p);
        size_t r = qs[k].rank - 1;
        if (!ob || ob->missing != FP_MISSING_NONE || isnan(ob->value)) continue;
        const fp_obs_extra *x = fp_dataset_obs_extra(ds, ob);
        if (!(ob->flags & FP_OBS_CI95)) { snprintf(note, sizeof note, "a quantile has no 95%% limits"); continue; }
        if (!(ob->flags & FP_OBS_DENOMINATOR)) { snprintf(note, sizeof note, "a quantile has no denominator (population)"); continue; }
        v[r] = ob->value; lo[r] = x->lower95; hi[r] = x->upper95; pop[r] = x->denominator;
        have[r]++;
    }
    size_t got = 0;
    for (size_t r = 0; r < of; r++) got += have[r] == 1;
    if (got == 0) return;   /* this area has no breakdown in this period */
    fp_sii_options so = o->sii;
    int pct = I->unit == FP_UNIT_PERCENT || I->unit == FP_UNIT_PROPORTION;
    so.value_type = pct ? FP_SII_PROPORTION : I->unit == FP_UNIT_RATE ? FP_SII_RATE : FP_SII_NORMAL;
    double scale = I->unit == FP_UNIT_PERCENT ? 100.0 : 1.0;
    so.multiplier = scale;
    for (size_t r = 0; r < of; r++) { v[r] /= scale; lo[r] /= scale; hi[r] /= scale; }
    static const double levels[2] = { 0.95, 0.998 };
    fp_sii_result res;
    int ok = 0;
    if (got < of) {
        char why[200];
        snprintf(why, sizeof why, "%s", note);
        snprintf(note, sizeof note, "%zu of %zu quantiles have a value%s%.120s", got, of,
                 why[0] ? "; " : "", why);
    } else {
        fp_sii_se_from_ci(lo, hi, of, so.value_type, se);
        int st = fp_sii(v, se, pop, of, &so, levels, 2, &res);
        if (st == FP_OK) { ok = 1; note[0] = 0; }
        else snprintf(note, sizeof note, "%s", st == FP_EDOM
                      ? "a quantile with a population of 0 or less, missing limits or a value "
                        "outside its scale" : fp_strerror(st));
    }
    char type[256];
    size_t bl, tl, rk, of2;
    const char *tp;
    split_code(I->code, &bl, &tp, &tl, &rk, &of2);
    char base[128];
    snprintf(base, sizeof base, "%.*s", (int)(bl < sizeof base ? bl : sizeof base - 1), I->code);
    snprintf(type, sizeof type, "%.*s", (int)(tl < sizeof type ? tl : sizeof type - 1), tp);
    /* The indicator's name without its category in brackets. */
    const fp_indicator *B = NULL;
    size_t bi;
    if (fp_dataset_find_indicator(ds, base, &bi) == FP_OK) B = &ds->indicators[bi];
    char method[96];
    if (so.ci_method == FP_SII_CI_ANALYTIC) snprintf(method, sizeof method, "analytic");
    else snprintf(method, sizeof method, "simulation %zu reps, seed %lu", so.repetitions, so.seed);
    static const char *const vt[] = { "normal", "rate", "proportion" };
    fpc_table_str(t, base);
    fpc_table_str(t, B ? B->name : NULL);
    fpc_table_str(t, type);
    fpc_table_str(t, ds->areas[a].code);
    fpc_table_str(t, ds->areas[a].name);
    fpc_table_str(t, ds->periods[p].label);
    fpc_table_int(t, (long)of);
    fpc_table_str(t, vt[so.value_type]);
    fpc_table_num(t, ok ? res.sii : NAN);
    for (int l = 0; l < 2; l++) {
        fpc_table_num(t, ok ? res.sii_lower[l] : NAN);
        fpc_table_num(t, ok ? res.sii_upper[l] : NAN);
    }
    fpc_table_num(t, ok ? res.rii : NAN);
    for (int l = 0; l < 2; l++) {
        fpc_table_num(t, ok ? res.rii_lower[l] : NAN);
        fpc_table_num(t, ok ? res.rii_upper[l] : NAN);
    }
    fpc_table_str(t, method);
    fpc_table_str(t, note[0] ? note : NULL);
}

int fpc_cmd_inequality(int argc, char **argv)
{
    iopts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) return rc;
    fpc_inputs in;
    fpc_diags diags;
    if (fpc_load_listing(&in, argv + optind, (size_t)(argc - optind), &diags) != 0)
        return FPC_EXIT_DATA;
    const fp_dataset *ds = in.ds;

    /* The quantile series and their groups (same base and type). */
    qser *qs = fpc_xmalloc((ds->n_indicators + 1) * sizeof *qs);
    char **gkey = fpc_xmalloc((ds->n_indicators + 1) * sizeof *gkey);
    size_t nq = 0, ng = 0;
    for (size_t k = 0; k < ds->n_indicators; k++) {
        size_t bl, tl, rank, of;
        const char *tp;
        const char *code = ds->indicators[k].code;
        if (!split_code(code, &bl, &tp, &tl, &rank, &of)) continue;
        if (o.indicator && (strlen(o.indicator) > bl || strncmp(code, o.indicator, strlen(o.indicator))
                            || (code[strlen(o.indicator)] != '/')))
            continue;
        size_t klen = (size_t)(tp + tl - code);
        size_t g = 0;
        while (g < ng && (strlen(gkey[g]) != klen || strncmp(gkey[g], code, klen))) g++;
        if (g == ng) {
            gkey[ng] = fpc_xmalloc(klen + 1);
            memcpy(gkey[ng], code, klen);
            gkey[ng][klen] = 0;
            ng++;
        }
        qs[nq++] = (qser){ k, rank, of, g };
    }

    static const char *const cols[] = { "indicator", "indicator_name", "category_type",
        "area_code", "area", "period", "quantiles", "value_type", "sii", "sii_lower95_0cl",
        "sii_upper95_0cl", "sii_lower99_8cl", "sii_upper99_8cl", "rii", "rii_lower95_0cl",
        "rii_upper95_0cl", "rii_lower99_8cl", "rii_upper99_8cl", "method", "note" };
    static const char *const defaults[] = { "indicator", "indicator_name", "category_type",
        "area_code", "area", "period", "quantiles", "sii", "sii_lower95_0cl", "sii_upper95_0cl",
        "rii", "rii_lower95_0cl", "rii_upper95_0cl", "note", NULL };
    fpc_out out;
    fpc_table t;
    rc = FPC_EXIT_OK;
    if (fpc_out_open(&out, o.output) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if ((rc = fpc_table_open(&t, out.fp, &o.tab, "inequality", cols, sizeof cols / sizeof *cols,
                             defaults, ds->version)) != 0) {
        fpc_out_abort(&out);
        goto done;
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t a = 0; a < ds->n_areas; a++)
            for (size_t p = 0; p < ds->n_periods; p++)
                series_row(&t, ds, qs, nq, g, a, p, &o);
    if (fpc_table_end(&t) != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; goto done; }
    if (fpc_out_commit(&out) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if (ng == 0) fpc_warn(NULL, 0, 0, "no deprivation decile or quintile breakdowns in the data");
done:
    for (size_t g = 0; g < ng; g++) free(gkey[g]);
    free(gkey);
    free(qs);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    return rc;
}
