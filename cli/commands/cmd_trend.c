/* cmd_trend.c -- `fingerpost trend`: trend tests, SPC and projections for
 * every series (indicator x area) of the data.
 *
 * Loads the data with the ingest module (fpc_inputs_load; the shipped demo
 * data when no file is given), builds each series in period order, and runs
 * the methods asked for: the Fingertips recent trend, Mann-Kendall with
 * Sen's slope, the annual percentage change (Poisson / binomial / log-linear),
 * joinpoint with the average APC, SPC (the spc module's XmR, p- or u-chart)
 * and a projection to a target period. One row per series; a series that
 * cannot be analysed gets its reason in the row and the batch goes on.
 * Output is atomic (fpc_out_*) and carries the methods and data versions.
 * This file parses the options and loads the data; the series and the
 * table are cli/trend/'s (trend_cli.h). */
#include "cli.h"
#include "ingest.h"
#include "trend_cli.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_THREADS = 0x3100 };

static void help(void)
{
    printf(
"Usage: fingerpost trend [OPTION]... [DATA]...\n"
"Trend tests for every series (indicator x area) in DATA: is it getting better\n"
"or worse, and is that real? One row per series with each method's statistic,\n"
"p-value or limits, a label in plain words (\"increasing and getting worse\") and,\n"
"when a result cannot be calculated, the reason. Gaps in a series are counted\n"
"and reported; the recent trend never joins across them. With no DATA the\n"
"shipped demo data are used.\n"
"\n"
"Methods (--method, comma-separated; default all):\n"
"  recent     Fingertips recent trend: last 5 consecutive points, weighted\n"
"             regression (weights 1/SE^2, SE from the 95%% CI, or from counts),\n"
"             chi2 > 9.5495 (99.8%%) and a slope that keeps its sign when any\n"
"             one point is left out; proportions with counts use the\n"
"             chi-squared test for trend (R prop.trend.test)\n"
"  mk         Mann-Kendall test (exact p for short untied series), Kendall's\n"
"             tau, Sen's slope with its confidence interval\n"
"  apc        annual percentage change: Poisson (counts with population),\n"
"             binomial (proportions with counts) or log-linear (values only)\n"
"  joinpoint  piecewise log-linear fit, up to 2 joinpoints chosen by BIC, with\n"
"             the average annual percentage change (AAPC); at most 240 points\n"
"  spc        statistical process control (Making Data Count): XmR chart on\n"
"             values, p-chart or u-chart with counts; latest variation icon\n"
"  project    projection to --project-to with a prediction interval and,\n"
"             with --target, whether the target will be met\n"
"  all        every method above (project only when --project-to is given)\n"
"\n"
"Options:\n"
"  -m, --method LIST       methods to run (default all)\n"
"  -a, --area KEY          only this area (code, old LA number or name);\n"
"                          repeat or comma-separate for several\n"
"  -i, --indicator KEY     only this indicator (code or name); repeatable, or\n"
"                          comma-separated codes (a name with a comma such as\n"
"                          \"rate per 10,000\" is never split)\n"
"  -f, --format FMT        csv (default), tsv, md, json or xlsx (a workbook)\n"
"  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
"      --wide              periods across: one row per indicator x area with a\n"
"                          column of values per period, then the trend verdicts\n"
FPC_TABLE_OPTS_HELP
"  -c, --confidence LEVEL  level for MK, Sen, APC, joinpoint, projection (0.95;\n"
"                          95 also accepted: values of 1 or more are percentages)\n"
"      --se METHOD         recent-trend SE from a 95%% CI: 392 (width/3.92, Fingertips,\n"
"                          default) or z (width/(2 x 1.959964), PHEindicatormethods)\n"
"      --join-gaps         recent trend: treat the last 5 points as consecutive\n"
"                          even across a gap (as PHEindicatormethods); default: no\n"
"      --dispersion MODE   APC/joinpoint with counts: floor (max(1, phi), default),\n"
"                          quasi (R quasipoisson/quasibinomial) or none (phi = 1)\n"
"      --project-to PERIOD target period for projection, e.g. 2025 or 2025/26\n"
"      --target VALUE      target value for projection and the SPC assurance icon\n"
"      --projection MODEL  linear (default; a percentage or proportion is fitted\n"
"                          on the logit scale, so it stays within its bounds),\n"
"                          logit or loglinear\n"
FPC_SPC_HELP
"      --spc-points        instead of one row per series, one row per point of\n"
"                          its SPC chart (as NHSRplotthedots' ptd_spc data):\n"
"                          period, value, segment, centre and limits, the\n"
"                          special-cause rule and the point type\n"
"      --ees-indicator CODE=value:COL,numerator:COL,denominator:COL,filter:COL=VAL\n"
"                          read indicator CODE from EES files (see\n"
"                          docs/data-formats.md); repeatable\n"
"Data preparation (the same options in compare, trend, chart and report;\n"
"on the shipped data the shipped scorecard's polarity and counts apply):\n"
FPC_PREP_HELP
"      --threads N         series are independent: compute them in N threads\n"
"                          (default: every core); the output is the same bytes\n"
"                          whatever N\n"
"  -h, --help              show this help and exit\n"
"\n"
"Columns (the default set is marked *; --all-columns writes all):\n"
"indicator*, indicator_name*, area_code* (the code the file gave), area*,\n"
"polarity*, unit*,\n"
"first_period*, last_period*, n_points*, n_missing, n_breaks (absent periods\n"
"inside the series), series_break* (\"from P: reason\" when a declared\n"
"methodology break starts the series, as datasets/series_breaks.csv); with --wide, one column per period (named by its label,\n"
"all in the default set) follows; then per method: recent_test, recent_chi2, recent_p,\n"
"recent_slope, recent_label*, recent_reason; mk_n, mk_s, mk_tau, mk_p*,\n"
"mk_p_method, sen_slope*, sen_lower, sen_upper, mk_label*, mk_reason; apc_family,\n"
"apc*, apc_lower*, apc_upper*, apc_p, apc_dispersion, apc_label*, apc_reason;\n"
"jp_joinpoints, jp_segments, aapc*, aapc_lower, aapc_upper, jp_label*, jp_reason;\n"
"spc_chart, spc_segments, spc_centre, spc_lower, spc_upper, spc_special,\n"
"spc_improvement, spc_concern, spc_rule (the latest point's special-cause rule,\n"
"as NHSRplotthedots words it: \"Above UCL\", \"7 Point Trend (Increasing)\", \"2 in 3\n"
"Below CL\", \"7 Points Above CL\", \"Common Cause\"), spc_variation*,\n"
"spc_variation_type (common_cause, special_cause_improvement,\n"
"special_cause_concern, special_cause_neutral_high, special_cause_neutral_low),\n"
"spc_assurance*, spc_assurance_type (consistent_pass, consistent_fail,\n"
"inconsistent), spc_reason; project_period*, project_fit*, project_lower*,\n"
"project_upper*, project_outlook*, project_reason*; la_number (the DfE LA\n"
"number); and methods_version,\n"
"data_version (always). A label says \"cannot be calculated: why\" when a\n"
"method cannot be used; the *_reason columns repeat the why alone. Values in\n"
"the indicator's units (--wide values, SPC limits, projections) are written\n"
"at the indicator's decimal places when the data dictionary gives them.\n""With --spc-points the columns are indicator*, indicator_name, area_code*,\n"
"area*, period*, value*, segment* (0 before the first rebase), chart, centre*,\n"
"lower*, upper*, lower2, upper2 (2-sigma lines), moving_range, baseline (1 if\n"
"the point made the limits), special_cause_type*, rule, point_type*,\n"
"variation, reason (why a segment has no limits).\n"
"\n"
"Examples:\n"
"  fingerpost trend\n"
"  fingerpost trend --method recent,mk --indicator LAC --area Sefton bds_long.csv\n"
"  fingerpost trend -m project --project-to 2025 --target 60 -i LAC -a Sefton -f md\n"
"  fingerpost trend --wide -m recent -a Sefton -f xlsx -o sefton_trends.xlsx\n"
"  fingerpost trend --columns indicator,area,mk_label,sen_slope -a Sefton\n"
"  fingerpost trend -m spc --rebase 2020-04 --improvement-direction decrease \\\n"
"      --spc-points -i AE -a RRK monthly.csv\n"
"\n"
"Exit status: 0 success (including series whose trend cannot be calculated:\n"
"their rows say why), 1 data error (unreadable data, unknown area or\n"
"indicator), 2 usage error.\n");
}

static int parse_methods(const char *s, unsigned *m)
{
    size_t n;
    char **v = fpc_split(s, ',', &n);
    *m = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const char *w = v[i];
        if (!strcmp(w, "recent")) *m |= M_RECENT;
        else if (!strcmp(w, "mk") || !strcmp(w, "mann-kendall")) *m |= M_MK;
        else if (!strcmp(w, "apc")) *m |= M_APC;
        else if (!strcmp(w, "joinpoint")) *m |= M_JOIN;
        else if (!strcmp(w, "spc")) *m |= M_SPC;
        else if (!strcmp(w, "project") || !strcmp(w, "projection")) *m |= M_PROJECT;
        else if (!strcmp(w, "all")) *m |= M_RECENT | M_MK | M_APC | M_JOIN | M_SPC | (1u << 30);
        else rc = -1;
    }
    fpc_free_strv(v);
    return rc;
}


/* One option of trend into o, prep, the reader's options or sel: 0 to go
 * on, -1 when help was shown, else the exit status of a usage error
 * (reported). optname is the option as typed, for messages. */
static int trend_opt(int ch, const char *arg, const char *optname, topts *o, fpc_prep *prep,
                     fpc_read_opts *ropts, selection *sel)
{
    switch (ch) {
    case 'm': {
        unsigned m;
        if (parse_methods(arg, &m) != 0)
            return fpc_usage("trend", "unknown method in '%s' (recent, mk, apc, joinpoint, spc, "
                             "project, all)", arg);
        o->methods |= m;
        return 0;
    }
    case 'a':
        sel->areas[sel->nareas++] = (char *)arg;
        return fpc_opt_named("trend", "--area", arg);
    case 'i':
        sel->inds[sel->ninds++] = (char *)arg;
        return fpc_opt_named("trend", "--indicator", arg);
    case 'W': o->wide = 1; return 0;
    case OPT_THREADS:
        return fpc_opt_whole("trend", "--threads", arg, 1, 256, &o->threads) ? FPC_EXIT_USAGE : 0;
    case 'o':
        if (!*arg) return fpc_usage("trend", "--output wants a file name (or - for standard output), not an empty one");
        o->output = arg;
        return 0;
    case 'c': {
        double c;
        if (fpc_parse_level(arg, &c) != 0)
            return fpc_usage("trend", "--confidence must be a level such as 0.95 or 95, not '%s'", arg);
        o->tr.confidence = c;
        return 0;
    }
    case 'S':
        if (!strcmp(arg, "392") || !strcmp(arg, "3.92")) o->tr.recent_se = FP_RECENT_SE_392;
        else if (!strcmp(arg, "z")) o->tr.recent_se = FP_RECENT_SE_Z;
        else return fpc_usage("trend", "--se must be 392 or z, not '%s'", arg);
        return 0;
    case 'J': o->tr.join_gaps = 1; return 0;
    case 'D':
        if (!strcmp(arg, "floor")) o->tr.dispersion = FP_DISPERSION_FLOOR;
        else if (!strcmp(arg, "quasi")) o->tr.dispersion = FP_DISPERSION_QUASI;
        else if (!strcmp(arg, "none")) o->tr.dispersion = FP_DISPERSION_NONE;
        else return fpc_usage("trend", "--dispersion must be floor, quasi or none, not '%s'", arg);
        return 0;
    case 'P':
        if (fp_period_parse(arg, &o->project_period) != FP_OK)
            return fpc_usage("trend", "--project-to '%s' is not a period (e.g. 2025, 2025/26, "
                             "2025 Q1)", arg);
        o->project_to = arg;
        return 0;
    case 'T':
        if (fpc_parse_double(arg, 1, &o->target) != 0)
            return fpc_usage("trend", "--target '%s' is not a number", arg);
        return 0;
    case 'M':
        if (fpc_projection_parse(arg, &o->projection) != 0)
            return fpc_usage("trend", "--projection must be linear, logit or loglinear, not '%s'", arg);
        return 0;
    case FPC_OPT_SPC_REBASE: case FPC_OPT_SPC_FIX: case FPC_OPT_SPC_DIRECTION:
    case FPC_OPT_SPC_MIN:
        return fpc_spc_opt(&o->spc, "trend", ch, arg);
    case 'Q': o->spc_points = 1; return 0;
    case 'E': {
        const char *why;
        if (fpc_read_opts_ees(ropts, arg, &why) != 0)
            return fpc_usage("trend", "bad --ees-indicator '%s': %s", arg, why);
        return 0;
    }
    case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE:
    case FPC_OPT_SCORECARD:
        return fpc_prep_opt(prep, "trend", ch, arg);
    case 'h': help(); return -1;
    case ':': return fpc_usage("trend", "option '%s' needs a value", optname);
    default:   /* -f, --columns, --all-columns, --dp: the shared table options */
        return fpc_table_opts_last(&o->tab, "trend", ch, arg, optname);
    }
}

/* Parse the command line into o, prep, ropts and sel (set up here, freed by
 * the caller in any case), with the defaults of trend and the checks that
 * need no data; the methods default to every one (the projection when
 * --project-to is given). Returns -1 to go on (DATA operands start at
 * optind), else the exit status (help shown or a usage error reported). */
static int parse_args(int argc, char **argv, topts *o, fpc_prep *prep, fpc_read_opts *ropts,
                      selection *sel)
{
    static const struct option longopts[] = {
        { "method", required_argument, NULL, 'm' },
        { "area", required_argument, NULL, 'a' },
        { "indicator", required_argument, NULL, 'i' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "confidence", required_argument, NULL, 'c' },
        { "se", required_argument, NULL, 'S' },
        { "join-gaps", no_argument, NULL, 'J' },
        { "dispersion", required_argument, NULL, 'D' },
        { "project-to", required_argument, NULL, 'P' },
        { "target", required_argument, NULL, 'T' },
        { "projection", required_argument, NULL, 'M' },
        FPC_SPC_LONGOPTS,
        { "spc-points", no_argument, NULL, 'Q' },
        { "ees-indicator", required_argument, NULL, 'E' },
        FPC_PREP_LONGOPTS,
        { "wide", no_argument, NULL, 'W' },
        { "threads", required_argument, NULL, OPT_THREADS },
        FPC_TABLE_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    fpc_prep_init(prep);
    fp_trend_options_default(&o->tr);
    o->methods = 0;
    o->target = NAN;
    fpc_table_opts_init(&o->tab);
    o->projection = FP_PROJECT_LINEAR;
    fpc_spc_opts_init(&o->spc);
    sel->areas = fpc_xmalloc((size_t)(argc + 1) * sizeof *sel->areas);
    sel->inds = fpc_xmalloc((size_t)(argc + 1) * sizeof *sel->inds);
    sel->nareas = sel->ninds = 0;
    fpc_read_opts_init(ropts);
    optind = 1;
    opterr = 0;
    int ch, rc;
    while ((ch = getopt_long(argc, argv, ":m:a:i:f:o:c:h", longopts, NULL)) != -1) {
        int h = trend_opt(ch, optarg, argv[optind - 1], o, prep, ropts, sel);
        if (h < 0) return FPC_EXIT_OK;
        if (h > 0) return h;
    }
    if ((rc = fpc_prep_check(prep, "trend", sel->inds, sel->ninds)) != 0) return rc;
    if ((rc = fpc_table_opts_check(&o->tab, "trend", o->output)) != 0) return rc;
    if (o->methods == 0) o->methods = M_RECENT | M_MK | M_APC | M_JOIN | M_SPC | (1u << 30);
    if (o->methods & (1u << 30)) {
        o->methods &= ~(1u << 30);
        if (o->project_to) o->methods |= M_PROJECT;
    }
    if ((o->methods & M_PROJECT) && !o->project_to)
        return fpc_usage("trend", "--method project needs --project-to PERIOD");
    if (o->spc_points && o->wide)
        return fpc_usage("trend", "--spc-points and --wide cannot be combined");
    if (o->spc_points) o->methods = M_SPC;
    return -1;
}

/* Load the DATA operands into in, printing every error kept and a count of
 * the rest. Returns the dataset, or NULL when it could not be read. */
static fp_dataset *load_data(fpc_inputs *in, fpc_diags *diags, char **paths, size_t n,
                             const fpc_read_opts *ropts)
{
    return fpc_load_quiet(in, paths, n, ropts, diags) != 0 ? NULL : in->ds;
}

int fpc_cmd_trend(int argc, char **argv)
{
    /* Step 1: the options. */
    topts o;
    fpc_prep prep;
    fpc_read_opts ropts;
    selection sel;
    int rc = parse_args(argc, argv, &o, &prep, &ropts, &sel);
    if (rc >= 0) goto out_args;
    if (!o.wide) {
        /* --columns checked before the data are read (with --wide the
         * period columns come from the data). */
        fpc_wide none;
        memset(&none, 0, sizeof none);
        const char *chk[80];
        size_t nchk = tr_column_names(&o, &none, chk);
        if ((rc = fpc_table_columns_check(&o.tab, "trend", chk, nchk)) != 0) goto out_args;
    }
    rc = FPC_EXIT_OK;

    /* Step 2: the data, prepared as in every analysis command, and the
     * series selected. */
    fpc_inputs in;
    fpc_diags diags;
    fp_dataset *ds = load_data(&in, &diags, argv + optind, (size_t)(argc - optind), &ropts);
    if (!ds) { rc = FPC_EXIT_DATA; goto out_data; }
    prep.shipped = argc == optind;
    if (fpc_prep_apply(&prep, ds) != 0) rc = FPC_EXIT_DATA;
    unsigned char *amask = calloc(ds->n_areas + 1, 1), *imask = calloc(ds->n_indicators + 1, 1);
    if (!amask || !imask) { fpc_error(NULL, 0, 0, "out of memory"); rc = FPC_EXIT_DATA; goto out_masks; }
    if (tr_select_masks(ds, &sel, amask, imask) != 0) { rc = FPC_EXIT_DATA; goto out_masks; }
    fpc_wide wide;
    memset(&wide, 0, sizeof wide);
    if (o.wide && fpc_wide_init(&wide, ds, sel.ninds ? imask : NULL, sel.nareas ? amask : NULL) != 0) {
        fpc_error(NULL, 0, 0, "out of memory");
        rc = FPC_EXIT_DATA;
        goto out_masks;
    }

    /* Step 3: the columns and the table, written atomically. */
    const char **names = fpc_xmalloc((80 + wide.n) * sizeof *names);
    const char **defaults = fpc_xmalloc((81 + wide.n) * sizeof *defaults);
    size_t nc = tr_column_names(&o, &wide, names);
    tr_default_columns(&o, &wide, defaults);
    fpc_out out;
    if (fpc_out_open(&out, o.output) != 0) { rc = FPC_EXIT_DATA; goto out_names; }
    fpc_table tab;
    if ((rc = fpc_table_open(&tab, out.fp, &o.tab, "trend", names, nc, defaults, ds->version)) != 0) {
        fpc_out_abort(&out);
        goto out_names;
    }
    size_t nrows = tr_write_rows(&tab, ds, &o, &sel, amask, imask, &wide);
    int trc = fpc_table_end(&tab);
    if (trc != 0) { fpc_out_abort(&out); rc = FPC_EXIT_DATA; }
    else if (fpc_out_commit(&out) != 0) rc = FPC_EXIT_DATA;
    else if (nrows == 0) fpc_warn(NULL, 0, 0, "no series matched");

out_names:
    free(names);
    free(defaults);
    fpc_wide_free(&wide);
out_masks:
    free(amask);
    free(imask);
out_data:
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
out_args:
    fpc_read_opts_free(&ropts);
    fpc_prep_free(&prep);
    fpc_spc_opts_free(&o.spc);
    free(sel.areas);
    free(sel.inds);
    return rc;
}
