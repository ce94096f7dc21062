/* cmd_compare.c -- `fingerpost compare`: where an area stands on each
 * indicator. One row per (area, indicator): the area's value and interval,
 * England, region and statistical-neighbour values, the Fingertips
 * significance rule at 95% and 99.8% against each comparator (with the
 * two-sample test beside it when counts exist), national rank, LAIT quartile
 * band, percentile, rank among neighbours, change over 1 and 3 periods,
 * deviation from England and target status. The statistics are all in
 * libfingerpost (fingerpost/compare.h, fingerpost/rates.h); this file
 * parses the options and selects the data; the table is
 * cli/compare/compare_table.c's. */
#include "cli.h"
#include "help.h"
#include "io.h"
#include "compare_cli.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    fputs(fpc_help_compare, stdout);
}

/* ------------------------------------------------------------ options */

/* Split "CODE=REST" at the first '='; NULL when there is none. */
static char *split_eq(char *s)
{
    char *eq = strchr(s, '=');
    if (!eq || eq == s) return NULL;
    *eq = '\0';
    return eq + 1;
}

/* One scorecard row's target tg on indicator code (add_scorecard_targets). */
static void add_scorecard_target(copts *o, const rp_scorecard *sc, const rp_sc_row *r,
                                 const char *code, const fp_target *tg)
{
    size_t n = strlen(code) + strlen(r->target_rule) + 2;
    char *s = fpc_xmalloc(n);
    snprintf(s, n, "%s=%s", code, r->target_rule);
    s[strlen(code)] = '\0';
    o->targets = fpc_xrealloc(o->targets, (o->n_targets + 1) * sizeof *o->targets);
    target_opt *t = &o->targets[o->n_targets++];
    t->code = s;
    t->rule_text = s + strlen(code) + 1;
    t->target = *tg;
    t->from_scorecard = 1;
    t->goal = NULL;
    t->plan_area = r->plan_area[0] ? fpc_strdup(r->plan_area) : NULL;
    t->plan = FP_ASSESS_NONE;
    if (r->target_date[0]) {
        /* Judged at its date, as the report does. */
        t->goal = fpc_xmalloc(sizeof *t->goal);
        int rc = rp_goal_parse(r, r->target_date, r->target_rule, t->goal);
        if (rc != 0) {
            if (rc == -3)
                fpc_warn(sc->path, r->line, 0, "target date '%s' of %s is out of range "
                         "(YYYY-MM, a year from 1900 to 9999): the target is not dated",
                         r->target_date, r->number);
            free(t->goal);
            t->goal = NULL;
        }
    }
}

/* Targets of a scorecard definition (--scorecard): each row's target_rule
 * and baseline, for indicators without a --target (the command line
 * wins; the first row of an indicator counts), on the row's code and its
 * other_codes (the line's measure from other sources, whichever the report
 * shows). A rule that cannot be read is reported as a warning and left
 * out. */
static void add_scorecard_targets(copts *o, const rp_scorecard *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        const rp_sc_row *r = &sc->rows[i];
        if (rp_sc_no_data(r) || !r->target_rule[0]) continue;
        fp_target tg;
        if (rp_sc_target(r, r->target_rule, &tg) != 0) {
            fpc_warn(sc->path, r->line, 0, "target rule '%s' of %s not understood: no target",
                     r->target_rule, r->number);
            continue;
        }
        char *codes[RP_MAX_SOURCES];
        size_t nc = rp_sc_codes(r, codes, RP_MAX_SOURCES);
        for (size_t k = 0; k < nc; k++) {
            if (!cp_find_target(o, codes[k])) add_scorecard_target(o, sc, r, codes[k], &tg);
            free(codes[k]);
        }
    }
}

/* One option of compare into o, prep or the --baseline list: 0 to go on,
 * -1 when help was shown, else the exit status of a usage error (reported).
 * optname is the option as typed, for messages. */
static int compare_opt(int ch, const char *arg, const char *optname, copts *o, fpc_prep *prep,
                       char **baselines, size_t *n_base)
{
    switch (ch) {
    case 'a': o->area = arg; return fpc_opt_named("compare", "--area", arg);
    case 'A': o->all_areas = 1; return 0;
    case 'i':
        fpc_list_append(&o->inds, &o->n_inds, arg);
        return fpc_opt_named("compare", "--indicator", arg);
    case 'p': o->period = arg; return fpc_opt_period("compare", "--period", arg);
    case 'n': o->nbver = arg; return fpc_opt_named("compare", "--neighbours", arg);
    case 's':
        if (fp_agg_parse(arg, &o->stat) != FP_OK)
            return fpc_usage("compare", "unknown --neighbour-stat '%s' (mean, median, pooled)", arg);
        return 0;
    case 't': {
        char *s = fpc_strdup(arg), *rule = split_eq(s);
        target_opt *tg = &o->targets[o->n_targets];
        memset(tg, 0, sizeof *tg);
        tg->plan = FP_ASSESS_NONE;   /* a --target is for every area */
        tg->target.baseline = NAN;
        if (!rule || fp_target_parse(rule, &tg->target) != FP_OK) {
            free(s);
            return fpc_usage("compare", "cannot read target '%s' (CODE=RULE, e.g. LAC=60, KS2=50 or "
                             "national higher, X=baseline+10%%)", arg);
        }
        tg->code = s;
        tg->rule_text = rule;
        o->n_targets++;
        return 0;
    }
    case 'b': baselines[(*n_base)++] = (char *)arg; return 0;
    case 'q':
        if (fp_qmethod_parse(arg, &o->qmethod) != FP_OK)
            return fpc_usage("compare", "unknown --quintiles method '%s' (type7, ntile, phe)", arg);
        return 0;
    case 'o':
        if (!*arg) return fpc_usage("compare", "--output wants a file name (or - for standard output), not an empty one");
        o->out = arg;
        return 0;
    case 'v': o->versus = arg; return fpc_opt_named("compare", "--versus", arg);
    case 'B':
        if (fp_period_parse(arg, &o->target_by_p) != FP_OK)
            return fpc_usage("compare", "--target-by '%s' is not a period (e.g. 2026, 2026/27, "
                             "2026 Q1)", arg);
        o->target_by = arg;
        return 0;
    case 'M':
        if (fpc_projection_parse(arg, &o->projection) != 0)
            return fpc_usage("compare", "--projection must be linear, logit or loglinear, not '%s'", arg);
        return 0;
    case FPC_OPT_OVERDISPERSION: case FPC_OPT_OD_TRIM: case FPC_OPT_OD_TRIM_BY: case FPC_OPT_OD_SCALE:
        return fpc_funnel_opt(&o->funnel, "compare", ch, arg) ? FPC_EXIT_USAGE : 0;
    case FPC_OPT_SII_REPS: case FPC_OPT_SII_SEED: case FPC_OPT_SII_CI:
        return fpc_sii_opt(&o->sii, "compare", ch, arg) ? FPC_EXIT_USAGE : 0;
    case FPC_OPT_QUANTILES: case FPC_OPT_QWITHIN: case FPC_OPT_QORDER:
        return fpc_quantile_opt(&o->quant, "compare", ch, arg) ? FPC_EXIT_USAGE : 0;
    case FPC_OPT_GOAL: case FPC_OPT_PERCENTILES:
        return fpc_goal_option(&o->gp, "compare", ch, arg);
    case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE:
    case FPC_OPT_SCORECARD:
        return fpc_prep_opt(prep, "compare", ch, arg);
    case 'h': help(); return -1;
    case ':': return fpc_usage("compare", "option '%s' needs a value", optname);
    default:   /* -f, --columns, --all-columns, --dp: the shared table options */
        return fpc_table_opts_last(&o->tab, "compare", ch, arg, optname);
    }
}

/* Each --baseline CODE=NUMBER onto the --target of that indicator: 0, or
 * the exit status of a usage error (reported). */
static int apply_baselines(copts *o, char *const *baselines, size_t n_base)
{
    for (size_t i = 0; i < n_base; i++) {
        char *s = fpc_strdup(baselines[i]), *val = split_eq(s);
        double x;
        int found = 0;
        if (!val || fpc_parse_double(val, 1, &x) != 0) {
            free(s);
            return fpc_usage("compare", "cannot read baseline '%s' (CODE=NUMBER)", baselines[i]);
        }
        for (size_t j = 0; j < o->n_targets; j++)
            if (!strcmp(o->targets[j].code, s)) { o->targets[j].target.baseline = x; found = 1; }
        free(s);
        if (!found)
            return fpc_usage("compare", "--baseline '%s' has no --target for that indicator",
                             baselines[i]);
    }
    return 0;
}

/* What parse_args and the run allocate in o. */
static void free_copts(copts *o)
{
    fpc_goal_opts_free(&o->gp);
    for (size_t i = 0; i < o->n_inds; i++) free(o->inds[i]);
    for (size_t i = 0; i < o->n_targets; i++) {
        free(o->targets[i].code);
        free(o->targets[i].goal);
        free(o->targets[i].plan_area);
    }
    free(o->inds); free(o->targets); free(o->vs_areas);
}

/* Parse the command line into o and prep, with the defaults of compare and
 * the checks that need no data. Returns -1 to go on (DATA operands start at
 * optind), else the exit status (help shown or a usage error reported), o
 * and prep then freed. */
static int parse_args(int argc, char **argv, copts *o, fpc_prep *prep)
{
    static const struct option longopts[] = {
        { "area", required_argument, NULL, 'a' },
        { "all-areas", no_argument, NULL, 'A' },
        { "indicator", required_argument, NULL, 'i' },
        { "period", required_argument, NULL, 'p' },
        { "neighbours", required_argument, NULL, 'n' },
        { "neighbour-stat", required_argument, NULL, 's' },
        { "target", required_argument, NULL, 't' },
        { "baseline", required_argument, NULL, 'b' },
        { "quintiles", required_argument, NULL, 'q' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        FPC_TABLE_LONGOPTS,
        { "versus", required_argument, NULL, 'v' },
        { "target-by", required_argument, NULL, 'B' },
        { "projection", required_argument, NULL, 'M' },
        FPC_PREP_LONGOPTS,
        FPC_FUNNEL_LONGOPTS,
        FPC_SII_LONGOPTS,
        FPC_QUANTILE_LONGOPTS,
        FPC_GOAL_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    fpc_prep_init(prep);
    o->stat = FP_AGG_MEAN;
    o->qmethod = FP_QMETHOD_TYPE7;
    fpc_table_opts_init(&o->tab);
    fpc_funnel_opts_init(&o->funnel);
    fp_sii_options_init(&o->sii);
    o->projection = FP_PROJECT_LINEAR;
    char **baselines = fpc_xmalloc((size_t)(argc + 1) * sizeof *baselines);
    size_t n_base = 0;
    o->inds = fpc_xmalloc(sizeof *o->inds);
    o->targets = fpc_xmalloc((size_t)(argc + 1) * sizeof *o->targets);
    int rc = -1, ch;
    optind = 1;
    opterr = 0;
    while (rc < 0 && (ch = getopt_long(argc, argv, ":a:Ai:p:n:s:t:b:q:f:o:v:h", longopts, NULL)) != -1) {
        int h = compare_opt(ch, optarg, argv[optind - 1], o, prep, baselines, &n_base);
        if (h < 0) rc = FPC_EXIT_OK;
        else if (h > 0) rc = h;
    }
    if (rc < 0) {
        int trc = fpc_table_opts_check(&o->tab, "compare", o->out);
        if (trc == 0) trc = fpc_table_columns_check(&o->tab, "compare", cp_columns, cp_n_columns);
        if (trc != 0) rc = trc;
    }
    if (rc < 0 && !o->area && !o->all_areas)
        rc = fpc_usage("compare", "give --area NAME|CODE or --all-areas");
    if (rc < 0 && o->area && o->all_areas)
        rc = fpc_usage("compare", "--area and --all-areas cannot be used together");
    if (rc < 0) {
        int prc = fpc_prep_check(prep, "compare", o->inds, o->n_inds);
        if (prc != 0) rc = prc;
    }
    if (rc < 0 && fpc_funnel_check(&o->funnel, "compare") != 0) rc = FPC_EXIT_USAGE;
    if (rc < 0) fpc_funnel_spec(&o->funnel, FP_FUNNEL_RATE, NAN, &o->fspec);
    if (rc < 0) {
        int brc = apply_baselines(o, baselines, n_base);
        if (brc != 0) rc = brc;
    }
    free(baselines);
    if (rc >= 0) {
        fpc_prep_free(prep);
        free_copts(o);
    }
    return rc;
}

/* The --versus areas into o->vs_areas: FPC_EXIT_OK, or FPC_EXIT_DATA with
 * each area not in the data reported (the others are kept). */
static int resolve_versus(const fp_dataset *ds, copts *o)
{
    if (!o->versus) return FPC_EXIT_OK;
    int rc = FPC_EXIT_OK;
    size_t k;
    char **v = fpc_split(o->versus, ',', &k);
    o->vs_areas = fpc_xmalloc((k ? k : 1) * sizeof *o->vs_areas);
    for (size_t j = 0; j < k; j++) {
        size_t a;
        if (fp_dataset_find_area(ds, v[j], &a) != FP_OK) {
            fpc_error(NULL, 0, 0, "--versus: area '%s' is not in the data", v[j]);
            rc = FPC_EXIT_DATA;
            continue;
        }
        o->vs_areas[o->n_vs++] = a;
    }
    fpc_free_strv(v);
    return rc;
}

/* The assessment options compare's own options ask for (the period is set
 * by the caller). */
static void assess_options(const copts *o, fp_assess_options *ao)
{
    fp_assess_options_default(ao);
    ao->neighbour_stat = o->stat;
    ao->quintile_method = o->qmethod;
    ao->versus = o->vs_areas;
    ao->n_versus = o->n_vs;
    ao->projection = o->projection;
    ao->target_by = o->target_by ? &o->target_by_p : NULL;
    ao->funnel = &o->fspec;
    ao->funnel_method = o->funnel.method;
    ao->sii = &o->sii;
    ao->quantiles = o->quant.k;
    ao->quantile_within_region = o->quant.within_region;
    ao->quantile_order = o->quant.order;
    ao->percentiles = o->gp.percentiles;
}

/* The targets against the data: a --target for an indicator not in the
 * data is warned of (a scorecard's are not: the scorecard names them all),
 * and each plan area is found (ds->n_areas: not in the data, so no area). */
static void resolve_targets(const fp_dataset *ds, copts *o)
{
    for (size_t i = 0; i < o->n_targets; i++) {
        size_t k;
        if (fp_dataset_find_indicator(ds, o->targets[i].code, &k) != FP_OK
            && !o->targets[i].from_scorecard)
            fpc_warn(NULL, 0, 0, "--target: indicator '%s' is not in the data", o->targets[i].code);
        if (o->targets[i].plan_area
            && fpc_find_area_any(ds, o->targets[i].plan_area, &o->targets[i].plan) != FP_OK)
            o->targets[i].plan = ds->n_areas;
    }
}

int fpc_cmd_compare(int argc, char **argv)
{
    /* Step 1: the options. */
    copts o;
    fpc_prep prep;
    int rc = parse_args(argc, argv, &o, &prep);
    if (rc >= 0) return rc;
    rc = FPC_EXIT_OK;

    /* Step 2: the data, prepared as in every analysis command, with the
     * scorecard's targets, the neighbour model and the --versus areas. */
    fpc_inputs in;
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    fpc_read_opts ropts;
    fpc_read_opts_init(&ropts);
    size_t npaths = (size_t)(argc - optind);
    int lrc = fpc_inputs_load(&in, argv + optind, npaths, &ropts, &diags);
    if (lrc != 0) rc = FPC_EXIT_DATA;
    fp_dataset *ds = in.ds;
    size_t *areas = NULL, n_areas = 0, *inds = NULL, n_inds = 0;
    fp_assess_context *ac = NULL;
    fpc_ineq ineq = { 0 };   /* the deprivation breakdowns (sii columns) */
    prep.shipped = npaths == 0;
    if (prep.scorecard) {
        /* Read once (it may be standard input): its preparation and its targets. */
        if (fpc_prep_read_scorecard(&prep) != 0) {
            rc = FPC_EXIT_DATA;
            goto cleanup_in;
        }
        add_scorecard_targets(&o, fpc_prep_scorecard(&prep));
    }
    if (fpc_prep_apply(&prep, ds) != 0) rc = FPC_EXIT_DATA;
    const fp_neighbours *nb = NULL;
    if (fpc_prep_neighbours(in.nbs, in.n_nbs, o.nbver, &nb) != 0) {
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    if (resolve_versus(ds, &o) != FPC_EXIT_OK) rc = FPC_EXIT_DATA;

    /* Step 3: the areas, indicators, targets and period. */
    if (fpc_select_areas(ds, &o.area, 1, o.all_areas, &areas, &n_areas) != 0) {
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    if (fpc_select_indicators(ds, (const char *const *)o.inds, o.n_inds, &inds, &n_inds) != 0)
        rc = FPC_EXIT_DATA;
    resolve_targets(ds, &o);
    fp_assess_options ao;
    assess_options(&o, &ao);
    fpc_ineq_find(ds, NULL, &ineq);
    ao.inequality = ineq.g;
    ao.n_inequality = ineq.n;
    if (o.period && strcmp(o.period, "latest")
        && fp_dataset_find_period(ds, o.period, &ao.period) != FP_OK) {
        fpc_error(NULL, 0, 0, "period '%s' is not in the data", o.period);
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    if (fp_assess_context_alloc(ds, nb, &ac) != FP_OK) {
        fpc_error(NULL, 0, 0, "out of memory");
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }

    /* Step 4: the table, written atomically. */
    fpc_out out;
    if (fpc_out_open(&out, o.out) != 0) {
        rc = FPC_EXIT_DATA;
        goto cleanup_in;
    }
    fpc_table t;
    int trc = fpc_table_open(&t, out.fp, &o.tab, "compare", cp_columns, cp_n_columns, cp_default_columns,
                             ds->version);
    if (trc != 0) {
        fpc_out_abort(&out);
        rc = trc;
        goto cleanup_in;
    }
    if (cp_write_table(&t, ds, nb, &o, ac, &ao, areas, n_areas, inds, n_inds) != FPC_EXIT_OK)
        rc = FPC_EXIT_DATA;
    if (fpc_table_end(&t) != 0) {
        fpc_out_abort(&out);
        rc = FPC_EXIT_DATA;
    } else if (fpc_out_commit(&out) != 0) {
        rc = FPC_EXIT_DATA;
    }
cleanup_in:
    fpc_ineq_free(&ineq);
    fp_assess_context_free(ac);
    free(inds);
    free(areas);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    fpc_prep_free(&prep);
    free_copts(&o);
    return rc;
}

