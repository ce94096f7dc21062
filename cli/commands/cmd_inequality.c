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
#include "help.h"
#include "io.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    fputs(fpc_help_inequality, stdout);
}

typedef struct iopts {
    const char *indicator, *output;
    fpc_table_opts tab;
    fp_sii_options sii;
} iopts;

/* The output's columns, and the default set. */
static const char *const cols[] = { "indicator", "indicator_name", "category_type",
    "area_code", "area", "period", "quantiles", "value_type", "sii", "sii_lower95_0cl",
    "sii_upper95_0cl", "sii_lower99_8cl", "sii_upper99_8cl", "rii", "rii_lower95_0cl",
    "rii_upper95_0cl", "rii_lower99_8cl", "rii_upper99_8cl", "method", "note" };
static const char *const defaults[] = { "indicator", "indicator_name", "category_type",
    "area_code", "area", "period", "quantiles", "sii", "sii_lower95_0cl", "sii_upper95_0cl",
    "rii", "rii_lower95_0cl", "rii_upper95_0cl", "note", NULL };

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
    /* Every option is checked before any data are read. */
    int rc = fpc_table_opts_check(&o->tab, "inequality", o->output);
    if (rc == 0) rc = fpc_table_columns_check(&o->tab, "inequality", cols, sizeof cols / sizeof *cols);
    return rc ? rc : -1;
}

/* One output row: the SII of breakdown g (of q) for area a, period p
 * (fp_assess_inequality); none when the area has no quantile then. */
static void series_row(fpc_table *t, const fp_dataset *ds, const fpc_ineq *q, size_t g,
                       size_t a, size_t p, const iopts *o)
{
    fp_ineq_result res;
    if (fp_assess_inequality(ds, &q->g[g], a, p, &o->sii, &res) != FP_OK) return;
    int ok = res.status == FP_OK;
    const fp_indicator *B = q->g[g].indicator == FP_ASSESS_NONE ? NULL
                          : &ds->indicators[q->g[g].indicator];
    char method[96];
    if (o->sii.ci_method == FP_SII_CI_ANALYTIC) snprintf(method, sizeof method, "analytic");
    else snprintf(method, sizeof method, "simulation %zu reps, seed %lu", o->sii.repetitions,
                  o->sii.seed);
    static const char *const vt[] = { "normal", "rate", "proportion" };
    fpc_table_str(t, q->base[g]);
    fpc_table_str(t, B ? B->name : NULL);
    fpc_table_str(t, q->type[g]);
    fpc_table_str(t, ds->areas[a].code);
    fpc_table_str(t, ds->areas[a].name);
    fpc_table_str(t, ds->periods[p].label);
    fpc_table_int(t, (long)q->g[g].n);
    fpc_table_str(t, vt[res.value_type]);
    fpc_table_num(t, ok ? res.sii.sii : NAN);
    for (int l = 0; l < 2; l++) {
        fpc_table_num(t, ok ? res.sii.sii_lower[l] : NAN);
        fpc_table_num(t, ok ? res.sii.sii_upper[l] : NAN);
    }
    fpc_table_num(t, ok ? res.sii.rii : NAN);
    for (int l = 0; l < 2; l++) {
        fpc_table_num(t, ok ? res.sii.rii_lower[l] : NAN);
        fpc_table_num(t, ok ? res.sii.rii_upper[l] : NAN);
    }
    fpc_table_str(t, method);
    fpc_table_str(t, res.reason[0] ? res.reason : NULL);
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

    /* The deprivation breakdowns (same base and type). */
    fpc_ineq q;
    fpc_ineq_find(ds, o.indicator, &q);

    fpc_out out;
    fpc_table t;
    rc = FPC_EXIT_OK;
    if (fpc_out_open(&out, o.output) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if ((rc = fpc_table_open(&t, out.fp, &o.tab, "inequality", cols, sizeof cols / sizeof *cols,
                             defaults, ds->version)) != 0) {
        fpc_out_abort(&out);
        goto done;
    }
    for (size_t g = 0; g < q.n; g++)
        for (size_t a = 0; a < ds->n_areas; a++)
            for (size_t p = 0; p < ds->n_periods; p++)
                series_row(&t, ds, &q, g, a, p, &o);
    if (fpc_table_end(&t) != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; goto done; }
    if (fpc_out_commit(&out) != 0) { rc = FPC_EXIT_DATA; goto done; }
    if (q.n == 0) fpc_warn(NULL, 0, 0, "no deprivation decile or quintile breakdowns in the data");
done:
    fpc_ineq_free(&q);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    return rc;
}
