/* cmd_chart.c -- `fingerpost chart KIND`: draw trend, compare-areas, spine,
 * SPC and funnel charts with gnuplot for many areas and indicators at once.
 *
 * This file parses the options, loads and prepares the data and selects the
 * areas and indicators; the charts are built in cli/chart/ (chart.h: one
 * file per kind), which hands plain-array chart specs to the plots library
 * (plots/plots.h) that writes the .gp/.dat/.csv files and runs gnuplot in
 * batches. It finishes with DIR/manifest.csv: every file written, every
 * chart or series skipped and why, every chart that failed. */
#include "cli.h"
#include "help.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <errno.h>
#include <stdint.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void help(void)
{
    fputs(fpc_help_chart, stdout);
}

/* ------------------------------------------------------------ options */

static void ch_free_opts(ch_opts *o)
{
    for (size_t i = 0; i < o->n_areas; i++) free(o->areas[i]);
    for (size_t i = 0; i < o->n_inds; i++) free(o->inds[i]);
    for (size_t i = 0; i < o->n_targets; i++) free(o->targets[i].code);
    for (size_t i = 0; i < o->n_num; i++) free(o->num_codes[i]);
    for (size_t i = 0; i < o->n_den; i++) free(o->den_codes[i]);
    free(o->areas); free(o->inds); free(o->targets); free(o->num_codes); free(o->den_codes);
    fpc_prep_free(&o->prep);
    fpc_spc_opts_free(&o->spc);
}


/* Long-only options. */
enum { OPT_NUMCODE = 1000, OPT_DENCODE, OPT_TIMEOUT, OPT_STATISTIC };

/* One option: 0 done, 1 help, 2 usage error (printed), 3 unknown. */
static int handle_opt(int ch, const char *arg, ch_opts *o)
{
    long v;
    switch (ch) {
    case 'a':
        fpc_list_append(&o->areas, &o->n_areas, arg);
        return fpc_opt_named("chart", "--area", arg) ? 2 : 0;
    case 'A': o->all_areas = 1; return 0;
    case 'i':
        fpc_list_append(&o->inds, &o->n_inds, arg);
        return fpc_opt_named("chart", "--indicator", arg) ? 2 : 0;
    case 'I': return 0;
    case 'p': o->period = arg; return fpc_opt_period("chart", "--period", arg) ? 2 : 0;
    case 'n': o->nbver = arg; return fpc_opt_named("chart", "--neighbours", arg) ? 2 : 0;
    case 't': {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg) { fpc_usage("chart", "--target wants CODE=RULE, not '%s'", arg); return 2; }
        o->targets = fpc_xrealloc(o->targets, (o->n_targets + 1) * sizeof *o->targets);
        ch_target_opt *t = &o->targets[o->n_targets];
        t->code = fpc_xmalloc((size_t)(eq - arg) + 1);
        memcpy(t->code, arg, (size_t)(eq - arg));
        t->code[eq - arg] = '\0';
        o->n_targets++;
        if (fp_target_parse(eq + 1, &t->target) != FP_OK) {
            fpc_usage("chart", "cannot understand the target '%s'", eq + 1);
            return 2;
        }
        return 0;
    }
    case 'm':
        if (fpc_opt_whole("chart", "--min-points", arg, 2, 1000000, &v) != 0) return 2;
        o->min_points = (size_t)v;
        return 0;
    case 'P': o->render.style.format = FPP_PNG; return 0;
    case 'W': case 'H':
        if (fpc_opt_whole("chart", ch == 'W' ? "--width" : "--height", arg, 100, 10000, &v) != 0)
            return 2;
        if (ch == 'W') o->render.style.width = (int)v; else o->render.style.height = (int)v;
        return 0;
    case 'j':
        if (fpc_opt_whole("chart", "--jobs", arg, 1, 256, &v) != 0) return 2;
        o->render.jobs = (unsigned)v;
        return 0;
    case 'k':
        if (fpc_opt_whole("chart", "--per-process", arg, 0, LONG_MAX, &v) != 0) return 2;
        o->render.per_process = (size_t)v;
        return 0;
    case OPT_NUMCODE: case OPT_DENCODE: {
        const char *eq = strchr(arg, '=');
        if (!*arg || eq == arg || (eq && !eq[1])) {
            fpc_usage("chart", "--%s wants CODE or IND=CODE, not '%s'",
                      ch == OPT_NUMCODE ? "numerator-code" : "denominator-code", arg);
            return 2;
        }
        if (fpc_prep_opt(&o->prep, "chart", ch == OPT_NUMCODE ? FPC_OPT_NUMCODE : FPC_OPT_DENCODE,
                         arg) != 0)
            return 2;
        if (ch == OPT_NUMCODE) {
            o->num_codes = fpc_xrealloc(o->num_codes, (o->n_num + 1) * sizeof *o->num_codes);
            o->num_codes[o->n_num++] = fpc_strdup(arg);
        } else {
            o->den_codes = fpc_xrealloc(o->den_codes, (o->n_den + 1) * sizeof *o->den_codes);
            o->den_codes[o->n_den++] = fpc_strdup(arg);
        }
        return 0;
    }
    case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_SCORECARD:
        return fpc_prep_opt(&o->prep, "chart", ch, arg) ? 2 : 0;
    case FPC_OPT_SPC_REBASE: case FPC_OPT_SPC_FIX: case FPC_OPT_SPC_DIRECTION:
    case FPC_OPT_SPC_MIN:
        return fpc_spc_opt(&o->spc, "chart", ch, arg) ? 2 : 0;
    case OPT_TIMEOUT:
        return fpc_parse_chart_timeout("chart", arg, &o->render.timeout) ? 2 : 0;
    case FPC_OPT_OVERDISPERSION: case FPC_OPT_OD_TRIM: case FPC_OPT_OD_TRIM_BY: case FPC_OPT_OD_SCALE:
        return fpc_funnel_opt(&o->funnel, "chart", ch, arg) ? 2 : 0;
    case OPT_STATISTIC:
        if (!strcmp(arg, "proportion")) o->statistic = FP_FUNNEL_PROPORTION;
        else if (!strcmp(arg, "rate")) o->statistic = FP_FUNNEL_RATE;
        else if (!strcmp(arg, "ratio")) o->statistic = FP_FUNNEL_RATIO;
        else { fpc_usage("chart", "--statistic wants proportion, rate or ratio, not '%s'", arg); return 2; }
        return 0;
    case 'o':
        if (!*arg) { fpc_usage("chart", "--out wants a directory name, not an empty one"); return 2; }
        o->out = arg;
        return 0;
    case 'h': return 1;
    default: return 3;
    }
}

static int check_opts(ch_opts *o);

/* Parse the command line into o: the options, the chart kind and the checks
 * that need no data. Returns -1 to go on (DATA operands start at *first),
 * else the exit status (help shown or a usage error reported); o is freed
 * unless -1 is returned. */
static int parse_args(int argc, char **argv, ch_opts *o, int *first)
{
    static const struct option longopts[] = {
        { "area", required_argument, NULL, 'a' },
        { "all-areas", no_argument, NULL, 'A' },
        { "indicator", required_argument, NULL, 'i' },
        { "all-indicators", no_argument, NULL, 'I' },
        { "period", required_argument, NULL, 'p' },
        { "neighbours", required_argument, NULL, 'n' },
        { "target", required_argument, NULL, 't' },
        { "min-points", required_argument, NULL, 'm' },
        FPC_SPC_LONGOPTS,
        { "png", no_argument, NULL, 'P' },
        { "width", required_argument, NULL, 'W' },
        { "height", required_argument, NULL, 'H' },
        { "jobs", required_argument, NULL, 'j' },
        { "per-process", required_argument, NULL, 'k' },
        { "numerator-code", required_argument, NULL, OPT_NUMCODE },
        { "denominator-code", required_argument, NULL, OPT_DENCODE },
        { "polarity", required_argument, NULL, FPC_OPT_POLARITY },
        { "unit", required_argument, NULL, FPC_OPT_UNIT },
        { "scorecard", required_argument, NULL, FPC_OPT_SCORECARD },
        { "chart-timeout", required_argument, NULL, OPT_TIMEOUT },
        { "statistic", required_argument, NULL, OPT_STATISTIC },
        FPC_FUNNEL_LONGOPTS,
        { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    memset(o, 0, sizeof *o);
    fpc_funnel_opts_init(&o->funnel);
    o->statistic = -1;
    fpc_spc_opts_init(&o->spc);
    int ch;
    optind = 1;
    opterr = 0;
    /* GNU getopt moves the operands (KIND, then DATA...) to the end, so
     * options may come before or after the kind. */
    while ((ch = getopt_long(argc, argv, "a:Ai:Ip:n:t:j:o:h", longopts, NULL)) != -1) {
        int h = handle_opt(ch, optarg, o);
        if (h == 1) { help(); ch_free_opts(o); return FPC_EXIT_OK; }
        if (h == 2) { ch_free_opts(o); return FPC_EXIT_USAGE; }
        if (h == 3) {
            ch_free_opts(o);
            return fpc_usage("chart", "unknown option or missing argument '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) { ch_free_opts(o); return fpc_usage("chart", "which chart? trend, compare, spine, spc or funnel"); }
    const char *kind = argv[optind++];
    int kk;
    for (kk = 0; kk < 5; kk++) if (!strcmp(kind, ch_kind_names[kk])) break;
    if (kk == 5) { ch_free_opts(o); return fpc_usage("chart", "unknown chart kind '%s' (trend, compare, spine, spc, funnel)", kind); }
    o->kind = (ch_kind)kk;
    *first = optind;
    int rc = check_opts(o);
    if (rc >= 0) ch_free_opts(o);
    return rc;
}

/* The checks of the options that need no data: -1 when they pass, else
 * FPC_EXIT_USAGE (reported). */
static int check_opts(ch_opts *o)
{
    if (!o->out) return fpc_usage("chart", "--out DIR is required");
    const char *why = fpp_path_problem(o->out);
    if (why) return fpc_usage("chart", "--out DIR %s (gnuplot would write elsewhere)", why);
    if (o->kind != CH_FUNNEL && !o->all_areas && o->n_areas == 0)
        return fpc_usage("chart", "give --area NAME or --all-areas");
    if (o->all_areas && o->n_areas) return fpc_usage("chart", "--area and --all-areas exclude each other");
    if (fpc_funnel_check(&o->funnel, "chart") != 0) return FPC_EXIT_USAGE;
    if (fpc_prep_check(&o->prep, "chart", o->inds, o->n_inds) != 0) return FPC_EXIT_USAGE;
    /* A count indicator without IND= would apply to every indicator charted:
     * allowed only when one indicator is asked for. */
    for (int w = 0; w < 2 && o->n_inds != 1; w++) {
        char **v = w ? o->den_codes : o->num_codes;
        size_t nv = w ? o->n_den : o->n_num;
        for (size_t i = 0; i < nv; i++)
            if (!strchr(v[i], '='))
                return fpc_usage("chart", "unless one --indicator is given, write --%s "
                                 "IND=CODE (which indicator is CODE the count of?)",
                                 w ? "denominator-code" : "numerator-code");
    }
    return -1;
}

int fpc_cmd_chart(int argc, char **argv)
{
    /* Step 1: the options, the kind and the output directory. */
    ch_opts o;
    int first = 1;
    int rc = parse_args(argc, argv, &o, &first);
    if (rc >= 0) return rc;
    rc = FPC_EXIT_OK;
    if (ch_make_out_dir(o.out) != 0) { ch_free_opts(&o); return FPC_EXIT_DATA; }

    /* Step 2: the data, prepared as in every analysis command. */
    fpc_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    diags.max_kept = 1;
    fpc_read_opts ropts;
    fpc_read_opts_init(&ropts);
    int lrc = fpc_inputs_load(&in, argv + first, (size_t)(argc - first), &ropts, &diags);
    if (lrc != 0) rc = FPC_EXIT_DATA;
    fp_dataset *ds = in.ds;
    o.prep.shipped = argc == first;
    if (ds && fpc_prep_apply(&o.prep, ds) != 0) rc = FPC_EXIT_DATA;
    if (!ds || ds->n_obs == 0) {
        fpc_error(NULL, 0, 0, "no data to chart");
        fpc_inputs_free(&in);
        fpc_diags_free(&diags);
        ch_free_opts(&o);
        return FPC_EXIT_DATA;
    }

    /* Step 3: the context, the count indicators, the areas and indicators. */
    ch_ctx c;
    if (ch_init_context(&c, ds, &o, &in) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;
    if (ch_check_count_codes(ds, &o) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;
    size_t *areas, n_areas, *inds, n_inds;
    if (fpc_select_areas(ds, (const char *const *)o.areas, o.n_areas, o.all_areas,
                         &areas, &n_areas) != 0)
        rc = FPC_EXIT_DATA;
    if (fpc_select_indicators(ds, (const char *const *)o.inds, o.n_inds, &inds, &n_inds) != 0)
        rc = FPC_EXIT_DATA;

    /* Step 4: the manifest; rows for charts not made are written while building. */
    char *mpath;
    fpc_out mo;
    fpc_table mt;
    if (ch_open_manifest(&c, ds, n_areas, n_inds, &o.render, &mt, &mo, &mpath) != 0) {
        free(areas); free(inds);
        fpc_inputs_free(&in); fpc_diags_free(&diags); ch_free_opts(&o);
        return FPC_EXIT_DATA;
    }

    /* Step 5: build and render the charts, then close the manifest. */
    ch_build_all(&c, areas, n_areas, inds, n_inds);
    if (ch_finish(&c, &mt, &mo, mpath) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;
    ch_free_context(&c);
    free(mpath); free(areas); free(inds);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    ch_free_opts(&o);
    return rc;
}

