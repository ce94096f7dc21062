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
#include "help.h"
#include "io.h"
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
    fputs(fpc_help_trend, stdout);
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
