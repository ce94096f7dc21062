/* cmd_report.c -- `fingerpost report`: the scorecard report. Reads a scorecard
 * definition (default: the shipped Sefton Children and Young People's Plan
 * scorecard) and indicator data (default: the shipped LAIT subset), computes
 * every number through libfingerpost (intervals, comparisons, ranks,
 * quartiles, trends, targets), and writes scorecard.html, scorecard.csv,
 * scorecard.md and charts/ atomically into the output directory. */
#include "cli.h"
#include "help.h"
#include "io.h"
#include "report.h"
#include "report_run.h"
#include "goal_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs(fpc_help_report, stdout);
}

/* The options of one run: parse_options fills it, opts_free frees it. */
typedef struct report_opts {
    const char *area_key, *nbver, *outdir;
    int charts, all_areas, multi;
    double chart_timeout;           /* fpp_render's: 0 its default */
    char **area_list;
    size_t n_list, n_areas_opts;
    char **sc_paths;
    size_t n_sc_paths;
    const char **data;
    size_t ndata;
    char *sc_default;               /* the shipped scorecard's path, when used */
    fpc_prep prep;
    fpc_quantile_opts quant;        /* --quantiles, --quantile-within, --quantile-order */
    fpc_goal_opts gp;               /* --goal, --percentiles */
} report_opts;

static void opts_free(report_opts *o)
{
    for (size_t i = 0; i < o->n_list; i++) free(o->area_list[i]);
    free(o->area_list);
    fpc_prep_free(&o->prep);
    fpc_goal_opts_free(&o->gp);
    free(o->sc_default);
    for (size_t i = 0; i < o->n_sc_paths; i++) free(o->sc_paths[i]);
    free(o->sc_paths);
    free(o->data);
}

/* Parse the command line into o (initialised here). Returns -1 to go on,
 * else the exit status (0 after --help). */
static int parse_options(int argc, char **argv, report_opts *o)
{
    static const struct option longopts[] = {
        { "area", required_argument, NULL, 'a' },
        { "areas", required_argument, NULL, 'L' },
        { "all-areas", no_argument, NULL, 'A' },
        { "scorecard", required_argument, NULL, 's' },
        { "data", required_argument, NULL, 'd' },
        { "neighbours", required_argument, NULL, 'n' },
        { "out", required_argument, NULL, 'o' },
        { "no-charts", no_argument, NULL, 'C' },
        { "chart-timeout", required_argument, NULL, 'T' },
        { "polarity", required_argument, NULL, FPC_OPT_POLARITY },
        { "unit", required_argument, NULL, FPC_OPT_UNIT },
        { "numerator-code", required_argument, NULL, FPC_OPT_NUMCODE },
        { "denominator-code", required_argument, NULL, FPC_OPT_DENCODE },
        FPC_QUANTILE_LONGOPTS,
        FPC_GOAL_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    o->nbver = "sn_may_2025";
    o->outdir = "out";
    o->charts = 1;
    fpc_prep_init(&o->prep);
    o->data = fpc_xmalloc((size_t)(argc + 1) * sizeof *o->data);
    optind = 1;
    opterr = 0;
    int ch;
#define USAGE(...) return fpc_usage("report", __VA_ARGS__)
    while ((ch = getopt_long(argc, argv, ":a:s:d:n:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a':
            if (!*optarg) USAGE("--area wants a name or code, not an empty one");
            o->area_key = optarg;
            break;
        case 'L': fpc_list_append(&o->area_list, &o->n_list, optarg); o->n_areas_opts++; break;
        case 'A': o->all_areas = 1; break;
        case 's':
            if (!*optarg) USAGE("--scorecard wants a file name");
            fpc_list_append(&o->sc_paths, &o->n_sc_paths, optarg);
            break;
        case 'd': o->data[o->ndata++] = optarg; break;
        case 'n':
            if (!*optarg) USAGE("--neighbours wants a model version, not an empty one");
            o->nbver = optarg;
            break;
        case 'o':
            if (!*optarg) USAGE("--out wants a directory name, not an empty one");
            o->outdir = optarg;
            break;
        case 'C': o->charts = 0; break;
        case 'T':
            if (fpc_parse_chart_timeout("report", optarg, &o->chart_timeout) != 0)
                return FPC_EXIT_USAGE;
            break;
        case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE: {
            int rc = fpc_prep_opt(&o->prep, "report", ch, optarg);
            if (rc != 0) return rc;
            break;
        }
        case FPC_OPT_QUANTILES: case FPC_OPT_QWITHIN: case FPC_OPT_QORDER:
            if (fpc_quantile_opt(&o->quant, "report", ch, optarg) != 0) return FPC_EXIT_USAGE;
            break;
        case FPC_OPT_GOAL: case FPC_OPT_PERCENTILES:
            if (fpc_goal_option(&o->gp, "report", ch, optarg) != 0) return FPC_EXIT_USAGE;
            break;
        case 'h': help(); return FPC_EXIT_OK;
        case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
        default: USAGE("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) USAGE("unexpected argument '%s' (data files go after --data)", argv[optind]);
    if ((o->area_key != NULL) + (o->n_areas_opts != 0) + o->all_areas > 1)
        USAGE("give one of --area, --areas and --all-areas");
    /* "--areas ''" names no area: never the default area's report. */
    if (o->n_areas_opts && !o->n_list) USAGE("--areas names no area");
#undef USAGE
    o->multi = o->n_areas_opts != 0 || o->all_areas;
    return -1;
}

/* The scorecards of the run into R->plans: those given, else the shipped
 * one in dd. Returns -1 to go on, else the exit status. */
static int set_plans(report_opts *o, const char *dd, rp_run *R)
{
    if (!o->n_sc_paths) {
        if (!dd) {
            fpc_error(NULL, 0, 0, "no --scorecard given and the shipped datasets/ folder was not "
                      "found (set FINGERPOST_DATA)");
            return FPC_EXIT_DATA;
        }
        o->sc_default = fpc_scorecard_default();   /* dd is not NULL: neither is it */
        fpc_list_append(&o->sc_paths, &o->n_sc_paths, o->sc_default);
    }
    R->plans = fpc_xmalloc(o->n_sc_paths * sizeof *R->plans);
    memset(R->plans, 0, o->n_sc_paths * sizeof *R->plans);
    R->n_plans = o->n_sc_paths;
    for (size_t k = 0; k < o->n_sc_paths; k++) R->plans[k].path = o->sc_paths[k];
    return -1;
}

/* The areas to report on into *areas (*n_areas, caller frees) and the
 * former councils --all-areas leaves out into *former, with the output
 * directory made. *rc becomes FPC_EXIT_DATA when an area is not found.
 * Returns 0 to go on, else the exit status. */
static int choose_areas(const report_opts *o, const rp_run *R, int *rc, size_t **areas,
                        size_t *n_areas, size_t **former, size_t *n_former)
{
    const char *one = o->area_key ? o->area_key : "Sefton";
    if (fpc_select_areas(R->in.ds, o->multi ? (const char *const *)o->area_list : &one,
                         o->multi ? o->n_list : 1, o->all_areas, areas, n_areas) != 0)
        *rc = FPC_EXIT_DATA;
    if (!o->multi && *n_areas > 1)
        /* "--area Sefton,Knowsley": several areas need a folder each. */
        return fpc_usage("report", "--area '%s' names %zu areas: give them with --areas", one,
                         *n_areas);
    *n_areas = rp_drop_repeated_areas(R->in.ds, *areas, *n_areas);
    if (o->all_areas) *n_areas = rp_drop_former(R, *areas, *n_areas, former, n_former);
    if (*n_areas == 0) {
        if (o->all_areas) fpc_error(NULL, 0, 0, "no local authority in the data");
        return FPC_EXIT_DATA;
    }
    if (rp_mkdir_p(o->outdir) != 0) {
        fpc_error(o->outdir, 0, 0, "cannot create the output directory: %s", strerror(errno));
        return FPC_EXIT_DATA;
    }
    return 0;
}

int fpc_cmd_report(int argc, char **argv)
{
    report_opts o;
    rp_run R;
    memset(&R, 0, sizeof R);
    size_t *areas = NULL, n_areas = 0, *former = NULL, n_former = 0;
    int rc = parse_options(argc, argv, &o);
    const char *dd = rc < 0 ? fpc_datadir() : NULL;
    if (rc < 0) rc = set_plans(&o, dd, &R);
    if (rc >= 0) goto done_opts;
    rc = FPC_EXIT_OK;
    R.prep = &o.prep;
    R.quant = &o.quant;
    R.gp = &o.gp;

    /* 1. Load and prepare once. */
    int fatal;
    rc = rp_run_load(&R, o.data, o.ndata, dd, o.nbver, &fatal);
    if (fatal) goto done;
    int st = choose_areas(&o, &R, &rc, &areas, &n_areas, &former, &n_former);
    if (st != 0) { rc = st; goto done; }

    /* 2. Every area's model, and its folder; 3. the charts and files. */
    rp_set_opts so = { o.outdir, o.multi, o.charts, o.chart_timeout };
    rp_set x;
    rp_build_set(&R, areas, n_areas, &so, &x, &rc);
    rp_write_set(&R, &x, n_areas, &so, former, n_former, &rc);
    rp_set_free(&x);
done:
    rp_run_free(&R);
done_opts:
    free(areas);
    free(former);
    opts_free(&o);
    return rc;
}
