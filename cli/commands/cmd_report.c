/* cmd_report.c -- `fingerpost report`: the scorecard report. Reads a scorecard
 * definition (default: the shipped Sefton Children and Young People's Plan
 * scorecard) and indicator data (default: the shipped LAIT subset), computes
 * every number through libfingerpost (intervals, comparisons, ranks,
 * quartiles, trends, targets), and writes scorecard.html, scorecard.csv,
 * scorecard.md and charts/ atomically into the output directory. */
#include "cli.h"
#include "io.h"
#include "report.h"
#include "plots.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>


static void help(void)
{
    printf(
        "Usage: fingerpost report [OPTION]...\n"
        "Build the scorecard report for one area (or many: --areas, --all-areas):\n"
        "every indicator of a scorecard definition with its latest value and 95%%\n"
        "confidence interval, England, region and statistical-neighbour values,\n"
        "significance, trend, rank, quartile band, target status and a trend chart; an\n"
        "overview of the area and its neighbours; and a methods-and-sources section.\n"
        "Figures the plan quotes are recomputed and their agreement shown. With no\n"
        "options it runs on the shipped demo data (the Sefton Children and Young\n"
        "People's Plan scorecard on DfE LAIT data).\n"
        "A line whose measure comes from several sources (the scorecard's lait_code\n"
        "and other_codes) shows the newest value any of them holds; when that one has\n"
        "no counts or interval, the newest tested value is shown beside it with its\n"
        "period. Each trend states its window (\"2021-2025, 5 points\") and whether\n"
        "the trend methods disagree. A plan's targets, milestones, published figures\n"
        "and title are its own area's (plan_area): other areas get its indicators.\n\n"
        "Writes into DIR (created if needed; every file written atomically):\n"
        "  scorecard.html   one self-contained accessible page (no network), print-ready\n"
        "  scorecard.csv    the same numbers, one row per scorecard indicator\n"
        "  scorecard.xlsx   a workbook: the scorecard sheet (the CSV's cells, full values\n"
        "                   shown with each indicator's decimals, verdicts filled), then\n"
        "                   targets, published_checks, time_series, neighbours, sources\n"
        "  scorecard.md     the same numbers as Markdown tables\n"
        "  charts/          a full-size trend chart per indicator (SVG, with .gp/.dat/.csv\n"
        "                   and .alt.txt alt text)\n\n"
        "Options:\n"
        "  -a, --area NAME         area name or code (default: Sefton)\n"
        "      --areas LIST        several areas (repeat, or NAME,NAME..; a name with a\n"
        "                          comma, as 'Bristol, City of', is never split): DIR\n"
        "                          gets a folder per area, CODE-Name (e.g.\n"
        "                          343-Sefton), holding the files above, and\n"
        "                          index.html linking them with each area's counts of\n"
        "                          indicators compared with England, better and worse\n"
        "      --all-areas         the same for every local authority in the data; the\n"
        "                          data is read once and all charts drawn in one batch\n"
        "                          run (progress on stderr when it is a terminal)\n"
        "  -s, --scorecard FILE    scorecard definition (default: the shipped\n"
        "                          datasets/scorecard_sefton.csv); columns in\n"
        "                          docs/data-formats.md, \"Scorecard definition\". A\n"
        "                          plan is its plan_area's: other areas get its\n"
        "                          indicators without its targets. Repeat for other\n"
        "                          councils' own plans: each such council's report\n"
        "                          follows its own plan\n"
        "  -d, --data FILE         a data file (LAIT, Fingertips, tidy, neighbour lists,\n"
        "                          data dictionary); repeatable; default: every data\n"
        "                          file of the shipped datasets/\n"
        "  -n, --neighbours VER    statistical-neighbour model version (default:\n"
        "                          sn_may_2025; also sn_april_2021)\n"
        "  -o, --out DIR           output directory (default: out)\n"
        "      --no-charts         do not run gnuplot for charts/\n"
        "      --chart-timeout S   seconds the gnuplot process may take before it is\n"
        "                          killed (default 120; 0 for no limit): the charts it\n"
        "                          did not finish are left out (with a warning)\n"
        "      --polarity, --unit, --numerator-code, --denominator-code\n"
        "                          the data preparation options of compare, trend and\n"
        "                          chart (see 'fingerpost compare --help'); the\n"
        "                          scorecard's own polarity and count columns apply first\n"
        "  -h, --help              show this help and exit\n\n"
        "Examples:\n"
        "  fingerpost report --out out\n"
        "  fingerpost report --area Wirral --neighbours sn_april_2021 --out wirral\n"
        "  fingerpost report --all-areas --out all\n"
        "  fingerpost report --areas Sefton,Knowsley --areas 'Bristol, City of' -o some\n"
        "  fingerpost report --scorecard my_plan.csv --data lait.csv --data dict.csv --out o\n\n"
        "Exit status: 0 success (lines without data are reported in the outputs),\n"
        "1 data error (unreadable files, unknown area), 2 usage error.\n");
}

/* ----------------------------------------------------------- small helpers */

static int mkdir_p(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == 0) {
            char c = buf[i];
            buf[i] = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            buf[i] = c;
        }
    }
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int find_period(const fp_dataset *ds, const char *label, size_t *index)
{
    fp_period p;
    if (!label || !*label || fp_period_parse(label, &p) != FP_OK) return FP_EFORMAT;
    for (size_t k = 0; k < ds->n_periods; k++)
        if (fp_period_compare(&ds->periods[k].period, &p) == 0) { *index = k; return FP_OK; }
    return FP_ENOTFOUND;
}

/* Decimal places written in a published figure ("85" -> 0, "-6.70" -> 2). */
static int published_dps(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot) return 0;
    int n = 0;
    for (const char *q = dot + 1; *q >= '0' && *q <= '9'; q++) n++;
    return n;
}

static int data_dps(double v, int dps);

/* Context shared by the lines of one report. Every number comes from the
 * assessment layer (fingerpost/assess.h): the report only chooses what to
 * show and formats it. */
typedef struct ctx {
    const fp_dataset *ds;
    fp_assess_context *ac;
    const fpc_prep *prep;
    size_t area;
    const fp_neighbour_list *nblist;
    const size_t *nb_area;  /* dataset index of each neighbour, or FP_ASSESS_NONE */
    size_t n_nb;
    rp_ineq *ineq;          /* the run's deprivation breakdowns (report_ineq.c) */
    size_t england;
} ctx;

/* The target of a scorecard row as fp_assess takes it. Returns 1 with *tg
 * set, 0 when the row has no target or it cannot be assessed (the reason
 * in the line's target note). */
static int row_target(rp_line *L, fp_target *tg)
{
    const rp_sc_row *s = L->sc;
    if (!s->target_rule[0] || !L->own_plan) return 0;   /* another area's plan */
    if (rp_sc_target(s, s->target_rule, tg) != 0) {
        /* Never quietly "no target": said on the line and on stderr. */
        snprintf(L->target_note, sizeof L->target_note, "target rule '%s' not understood",
                 s->target_rule);
        fpc_warn(L->sc_path, s->line, 0, "%s: target rule '%s' not understood (e.g. 70, "
                 "national, '75 or national higher', baseline+10%%)", s->number, s->target_rule);
        return 0;
    }
    /* A baseline rule needs a baseline, or a baseline period to read it at
     * (then the dated goal below judges it). */
    if ((tg->rule == FP_TARGET_BASELINE_PCT || tg->rule == FP_TARGET_BASELINE_POINTS)
        && isnan(tg->baseline) && !s->baseline_period[0]) {
        snprintf(L->target_note, sizeof L->target_note, "baseline not yet set");
        return 0;
    }
    return 1;
}

/* Decimal places of a data value: the indicator's, else as written. */
static int data_dps(double v, int dps)
{
    if (dps >= 0) return dps;
    for (int d = 0; d < 6; d++)
        if (fabs(v - fp_round_half_away(v, d)) < 1e-9 * (1 + fabs(v))) return d;
    return 6;
}

static void add_check(rp_line *L, const char *what, const char *period, const char *published,
                      double computed, const char *missing_note)
{
    if (!published[0] || L->n_checks >= sizeof L->checks / sizeof *L->checks) return;
    rp_check *k = &L->checks[L->n_checks++];
    k->what = what;
    snprintf(k->period, sizeof k->period, "%s", period);
    snprintf(k->text, sizeof k->text, "%s", published);
    k->published = NAN;
    fpc_parse_double(published, 1, &k->published);
    k->computed = computed;
    k->note[0] = 0;
    if (isnan(computed)) {
        k->status = -1;
        snprintf(k->note, sizeof k->note, "%s", missing_note);
        return;
    }
    /* Agreement at the coarser of the two precisions: a published 61.7
     * agrees with data published to whole numbers as 62. */
    int dp = published_dps(published), dd = data_dps(computed, L->dps);
    int d = dp < dd ? dp : dd;
    k->status = fp_round_half_away(computed, d) == fp_round_half_away(k->published, d);
    if (k->status && d < dp)
        snprintf(k->note, sizeof k->note, "the data have %d decimal%s", d, d == 1 ? "" : "s");
}

/* The i-th ';'-separated item of s into buf ("" when absent). */
static const char *item(const char *s, size_t i, char *buf, size_t size)
{
    buf[0] = 0;
    for (size_t k = 0; k < i; k++) {
        s = strchr(s, ';');
        if (!s) return buf;
        s++;
    }
    size_t n = strcspn(s, ";");
    while (n && (*s == ' ')) { s++; n--; }
    while (n && s[n - 1] == ' ') n--;
    snprintf(buf, size, "%.*s", (int)n, s);
    return buf;
}

static void set_checks(rp_line *L, const ctx *c, const rp_report *r, size_t ind)
{
    const rp_sc_row *s = L->sc;
    /* The published figures are the plan's own area's: checked only in the
     * report on that area (a neighbour's report carries no Sefton checks). */
    if (!s->pub_period[0] || !L->own_plan) return;
    for (size_t i = 0;; i++) {
        char per[32], pa[32], pn[32], pe[32];
        item(s->pub_period, i, per, sizeof per);
        if (!per[0]) break;
        item(s->pub_area, i, pa, sizeof pa);
        item(s->pub_neighbours, i, pn, sizeof pn);
        item(s->pub_england, i, pe, sizeof pe);
        size_t p;
        int have = L->has_data && find_period(c->ds, per, &p) == FP_OK;
        char why[160];
        if (!L->has_data) snprintf(why, sizeof why, "%.150s", L->why_none);
        else snprintf(why, sizeof why, "period %s not in the data", per);
        /* The figures at the quoted period, by the same assessment. */
        fp_assessment A;
        double area = NAN, eng = NAN, nb = NAN;
        size_t u = 0, t = 0;
        if (have) {
            fp_assess_options ao;
            fp_assess_options_default(&ao);
            ao.period = p;
            fp_assess(c->ac, ind, c->area, &ao, &A);
            area = A.ci.value;
            eng = A.england.value;
            nb = A.neighbours.value;
            u = A.neighbours.n_used;
            t = A.neighbours.n_total;
        }
        size_t first = L->n_checks;
        add_check(L, r->area_name, per, pa, area, why);
        size_t before = L->n_checks;
        add_check(L, "statistical neighbours", per, pn, nb, why);
        if (L->n_checks > before && !isnan(nb)) {
            rp_check *k = &L->checks[L->n_checks - 1];
            size_t len = strlen(k->note);
            snprintf(k->note + len, sizeof k->note - len, "%smean of %zu of %zu, %s",
                     len ? "; " : "", u, t, r->neighbour_version);
        }
        add_check(L, "England", per, pe, eng, why);
        for (size_t k = first; k < L->n_checks; k++) L->checks[k].index = i;
    }
}

/* The line's series for the trend chart, from fp_assess_series. */
static void line_series(rp_line *L, const ctx *c, size_t ind, size_t period)
{
    fp_assess_point *pts;
    size_t n;
    if (fp_assess_series(c->ac, ind, c->area, period, FP_AGG_MEAN, &pts, &n) != FP_OK) n = 0;
    L->n_series = n;
    L->series = fpc_xmalloc((n ? n : 1) * sizeof *L->series);
    for (size_t i = 0; i < n; i++) {
        rp_point *pt = &L->series[i];
        pt->label = c->ds->periods[pts[i].period].label;
        pt->value = pts[i].ci.value;
        pt->lower = pts[i].ci.lower95;
        pt->upper = pts[i].ci.upper95;
        pt->england = pts[i].england;
        pt->region = pts[i].region;
        pt->neighbours = pts[i].neighbours;
    }
    fp_assess_points_free(pts);
}

/* The interval cells of the line from the assessment's interval. */
static void line_interval(rp_line *L, const ctx *c, const fp_assessment *A)
{
    const fp_assess_interval *iv = &A->ci;
    L->lower = iv->lower95; L->upper = iv->upper95;
    L->lower998 = iv->lower998; L->upper998 = iv->upper998;
    L->numerator = iv->numerator; L->denominator = iv->denominator;
    if (iv->source == FP_CI_SOURCE_PUBLISHED)
        snprintf(L->ci_method, sizeof L->ci_method, "published");
    else if (iv->source != FP_CI_SOURCE_NONE)
        snprintf(L->ci_method, sizeof L->ci_method, "%s", fp_ci_method_name(iv->method));
    else if (!strncmp(iv->reason, "no interval", 11))
        snprintf(L->ci_note, sizeof L->ci_note, "%s", iv->reason);
    else
        snprintf(L->ci_note, sizeof L->ci_note, "no interval: %s", iv->reason);
    if (iv->source == FP_CI_SOURCE_DERIVED
        || (isnan(iv->numerator) && L->sc->num_code[0] && !strcmp(L->code, L->sc->code))) {
        /* How the counts were derived (or why not), in the report's words. */
        const char *num, *den;
        double x, d;
        fpc_prep_partners(c->prep, L->code, &num, &den);
        fpc_derive_status st = fpc_derive_counts(c->ds, num, den, c->area, A->period, iv->value,
                                                 L->multiplier, &x, &d, L->den_note,
                                                 sizeof L->den_note);
        if (st != FPC_DERIVE_ZERO_VALUE && st >= FPC_DERIVE_NO_VALUE) L->den_note[0] = 0;
    }
}

/* The tartan rug: the neighbours at the line's period, each compared with
 * England (95%) and banded among all local authorities. */
static void line_rug(rp_line *L, const ctx *c, size_t ind, const fp_assessment *A)
{
    L->n_nb = c->n_nb;
    L->nb = fpc_xmalloc((c->n_nb ? c->n_nb : 1) * sizeof *L->nb);
    for (size_t j = 0; j < c->n_nb; j++) {
        rp_nbcell *cell = &L->nb[j];
        cell->value = NAN; cell->cmp = FP_CMP_NOT_COMPARED; cell->band = 0;
        if (c->nb_area[j] == FP_ASSESS_NONE) continue;
        fp_assess_interval iv;
        fp_assess_interval_at(c->ds, ind, c->nb_area[j], A->period, &iv);
        cell->value = iv.value;
        fp_compare_ci(iv.value, iv.lower95, iv.upper95, L->england, L->polarity, &cell->cmp, NULL);
        if (L->polarity != FP_POLARITY_NONE && !c->ds->indicators[ind].no_quartile
            && fp_quartile_band(iv.value, A->quartiles, L->polarity, &cell->band) != FP_OK)
            cell->band = 0;
    }
}

/* The line's milestones and dated target, each judged at its date by
 * fp_assess_goal. */
static void line_goals(rp_line *L, const ctx *c, size_t ind, const fp_assessment *A)
{
    (void)A;
    if (!L->own_plan) return;   /* another area's plan */
    char why[200];
    L->n_goals = rp_goals_of_row(L->sc, L->goals, sizeof L->goals / sizeof *L->goals, why,
                                 sizeof why);
    for (size_t k = 0; k < L->n_goals; k++)
        fp_assess_goal(c->ac, ind, c->area, &L->goals[k].goal, &L->goals[k].v);
    if (why[0] && !L->target_note[0]) {
        snprintf(L->target_note, sizeof L->target_note, "%s", why);
        fpc_warn(L->sc_path, L->sc->line, 0, "%s: %s", L->sc->number, why);
    }
}

/* A line without data still lists its milestones and dated target, each
 * "not assessed" with the reason. */
static void line_goals_without_data(rp_line *L)
{
    if (!L->own_plan) return;   /* another area's plan */
    L->n_goals = rp_goals_of_row(L->sc, L->goals, sizeof L->goals / sizeof *L->goals, NULL, 0);
    for (size_t k = 0; k < L->n_goals; k++) {
        fp_goal_verdict *v = &L->goals[k].v;
        v->status = FP_GOAL_NOT_ASSESSED;
        v->period = FP_ASSESS_NONE;
        v->target = v->value = v->lower = v->upper = v->baseline = NAN;
        snprintf(v->note, sizeof v->note, "%s", L->why_none);
        if (L->goals[k].goal.due_period) v->due = *L->goals[k].goal.due_period;
        else { memset(&v->due, 0, sizeof v->due); v->due.kind = FP_PERIOD_MONTH;
               v->due.year = L->goals[k].goal.due_year; v->due.sub = L->goals[k].goal.due_month; }
    }
}

/* The calendar year in which a period ends: sources label one school or
 * financial year "2025" (LAIT) or "2024/25" (EES), so periods of different
 * kinds are compared by it. */
static int period_end_year(const fp_period *p)
{
    switch (p->kind) {
    case FP_PERIOD_SPLIT: return p->year + 1;
    case FP_PERIOD_SPAN: return p->year + p->span - 1 + (p->sub ? 1 : 0);
    default: return p->year;
    }
}

/* Order of two periods from different sources: by the year each ends;
 * within that year by time for periods of one kind, else equal (a tie). */
static int period_cmp_across(const fp_period *a, const fp_period *b)
{
    int ya = period_end_year(a), yb = period_end_year(b);
    if (ya != yb) return ya < yb ? -1 : 1;
    return a->kind == b->kind ? fp_period_compare(a, b) : 0;
}

/* One source of a scorecard line's measure (its code or one of its
 * other_codes), assessed for the area. */
typedef struct source {
    size_t ind;
    int has_value;         /* the area has a value in some period */
    int tested;            /* ... with an interval: significance can be tested */
    fp_assessment A;
} source;

/* Is source a to be preferred to b for the line's headline? The newest
 * period first; at the same period one that can be tested; then the
 * scorecard's order (a comes first). */
static int source_better(const fp_dataset *ds, const source *a, const source *b)
{
    if (a->has_value != b->has_value) return a->has_value;
    if (!a->has_value) return 1;
    int k = period_cmp_across(&ds->periods[a->A.period].period, &ds->periods[b->A.period].period);
    if (k) return k > 0;
    return a->tested >= b->tested;
}

/* The line's sources assessed (ao: the target options), in scorecard order,
 * into *out (caller frees): how many are in the data. *missing receives
 * the first code that is not (or ""). */
static size_t line_sources(const rp_sc_row *s, const ctx *c, const fp_assess_options *ao,
                           source **out, char *missing, size_t size)
{
    char *codes[RP_MAX_SOURCES];
    size_t nc = rp_sc_codes(s, codes, RP_MAX_SOURCES), ns = 0;
    source *src = fpc_xmalloc((nc ? nc : 1) * sizeof *src);
    missing[0] = 0;
    for (size_t k = 0; k < nc; k++) {
        size_t ind;
        if (fp_dataset_find_indicator(c->ds, codes[k], &ind) != FP_OK) {
            if (!missing[0]) snprintf(missing, size, "%s", codes[k]);
            free(codes[k]);
            continue;
        }
        free(codes[k]);
        source *x = &src[ns++];
        x->ind = ind;
        fp_assess(c->ac, ind, c->area, ao, &x->A);
        const fp_obs *obs;
        size_t n;
        x->has_value = fp_dataset_series(c->ds, ind, c->area, &obs, &n) == FP_OK && n > 0
                       && x->A.period_choice != FP_PERIOD_CHOICE_NO_AREA_VALUE
                       && x->A.period != FP_ASSESS_NONE;
        x->tested = x->has_value && x->A.ci.source != FP_CI_SOURCE_NONE;
    }
    *out = src;
    return ns;
}

/* Where the line's newest value (source h) cannot be tested for
 * significance and another source of the measure can, at an older period:
 * that assessment beside it (L->tested), and the sources with their
 * periods (L->sources). */
static void line_other_sources(rp_line *L, const ctx *c, const source *src, size_t ns, size_t h)
{
    const fp_dataset *ds = c->ds;
    size_t len = 0;
    for (size_t k = 0; k < ns && ns > 1; k++) {
        if (!src[k].has_value || len + 2 >= sizeof L->sources) continue;
        len += (size_t)snprintf(L->sources + len, sizeof L->sources - len, "%s%s (%s)",
                                len ? ", " : "", ds->indicators[src[k].ind].code,
                                ds->periods[src[k].A.period].label);
        if (len >= sizeof L->sources) len = sizeof L->sources - 1;
    }
    if (src[h].tested) return;
    size_t t = ns;
    for (size_t k = 0; k < ns; k++)
        if (k != h && src[k].tested && (t == ns || source_better(ds, &src[k], &src[t]))) t = k;
    if (t == ns) return;
    const fp_assessment *T = &src[t].A;
    rp_tested *x = &L->tested;
    x->code = ds->indicators[src[t].ind].code;
    x->period = ds->periods[T->period].label;
    x->value = T->ci.value;
    x->lower = T->ci.lower95;
    x->upper = T->ci.upper95;
    x->england = T->england.value;
    x->cmp_england = T->england.cmp;
    x->cmp_region = T->region.cmp95;
    x->cmp_neighbours = T->neighbours.cmp95;
    snprintf(x->ci_method, sizeof x->ci_method, "%s",
             T->ci.source == FP_CI_SOURCE_PUBLISHED ? "published" : fp_ci_method_name(T->ci.method));
    snprintf(L->untested_note, sizeof L->untested_note, "not tested: no counts or interval for %s",
             ds->periods[src[h].A.period].label);
}

/* Fill one report line from the assessment of the area on its measure: of
 * its sources (code and other_codes), the one with the newest value
 * (source_better), with an older tested one beside it (line_other_sources). */
static void compute_line(rp_line *L, const ctx *c, const rp_report *r)
{
    const rp_sc_row *s = L->sc;
    const fp_dataset *ds = c->ds;
    L->tested.value = L->tested.lower = L->tested.upper = L->tested.england = NAN;
    L->value = L->lower = L->upper = L->lower998 = L->upper998 = NAN;
    L->numerator = L->denominator = NAN;
    L->england = L->region = L->neighbours = NAN;
    L->change_abs = L->change_pct = NAN;
    L->target_value = NAN;
    L->dps = -1;
    L->trend_dir = 2;
    L->tword = fp_target_status_name(FP_TSTATUS_NO_TARGET);
    if (rp_sc_no_data(s)) {
        snprintf(L->why_none, sizeof L->why_none, "no public data");
        set_checks(L, c, r, 0);
        return;
    }
    fp_target tg;
    fp_assess_options ao;
    fp_assess_options_default(&ao);
    ao.target = row_target(L, &tg) ? &tg : NULL;
    ao.inequality = c->ineq ? c->ineq->q.g : NULL;
    ao.n_inequality = c->ineq ? c->ineq->q.n : 0;
    source *src;
    char missing[128];
    size_t ns = line_sources(s, c, &ao, &src, missing, sizeof missing);
    if (ns == 0) {
        snprintf(L->why_none, sizeof L->why_none, "indicator %s not in the data", s->code);
        free(src);
        set_checks(L, c, r, 0);
        return;
    }
    size_t h = 0;
    for (size_t k = 1; k < ns; k++)
        if (!source_better(ds, &src[h], &src[k])) h = k;
    size_t ind = src[h].ind;
    const char *code = ds->indicators[ind].code;
    fp_assessment A = src[h].A;
    if (src[h].has_value) line_other_sources(L, c, src, ns, h);
    free(src);
    const fp_indicator *I = &ds->indicators[ind];
    L->code = I->code;
    L->ind_name = I->name;
    L->unit_label = I->unit_label;
    L->unit = I->unit;
    L->multiplier = I->multiplier;
    L->dps = I->dps;
    L->polarity = I->polarity;   /* the scorecard's polarity, applied by fpc_prep_apply */

    const fp_obs *obs;
    size_t n;
    if (fp_dataset_series(ds, ind, c->area, &obs, &n) != FP_OK || n == 0) {
        snprintf(L->why_none, sizeof L->why_none, "no %s values for %s", code, r->area_name);
        set_checks(L, c, r, ind);
        return;
    }
    if (A.period_choice == FP_PERIOD_CHOICE_NO_AREA_VALUE || A.period == FP_ASSESS_NONE) {
        snprintf(L->why_none, sizeof L->why_none, "every %s value for %s is missing",
                 code, r->area_name);
        set_checks(L, c, r, ind);
        return;
    }
    L->has_data = 1;
    line_series(L, c, ind, A.period);
    if (L->dps < 0) {
        /* No decimals in the dictionary: show as many as the area's values
         * have (at most 2), so comparators line up with the value. */
        int d = 0;
        for (size_t i = 0; i < L->n_series; i++)
            if (!isnan(L->series[i].value)) {
                int k = data_dps(L->series[i].value, -1);
                if (k > d) d = k;
            }
        L->dps = d > 2 ? 2 : d;
    }
    L->period = ds->periods[A.period].label;
    L->value = A.ci.value;
    if (c->ineq) rp_line_inequality(L, ds, c->ineq, &A, ind, c->england, A.period);
    line_interval(L, c, &A);
    L->england = A.england.value;
    L->region = A.region.value;
    L->region_name = A.region.area != FP_ASSESS_NONE ? ds->areas[A.region.area].name : NULL;
    L->neighbours = A.neighbours.value;
    L->nb_used = A.neighbours.n_used;
    L->nb_total = A.neighbours.n_total;
    L->cmp_england = A.england.cmp;
    if (L->cmp_england == FP_CMP_NOT_COMPARED)
        snprintf(L->cmp_note, sizeof L->cmp_note, "%s", fp_cmp_reason_name(A.england.reason));
    L->cmp_region = A.region.cmp95;
    L->cmp_neighbours = A.neighbours.cmp95;
    L->rank = A.rank;
    L->n_ranked = A.n_ranked;
    L->band = A.quartile;
    if (L->polarity == FP_POLARITY_NONE)
        snprintf(L->band_note, sizeof L->band_note, "no polarity: not ranked");
    else if (I->no_quartile)
        snprintf(L->band_note, sizeof L->band_note, "publisher: not banded");
    line_rug(L, c, ind, &A);
    L->change_abs = A.change1;
    L->change_pct = A.change1_pct;
    snprintf(L->trend, sizeof L->trend, "%s", A.trend_text);
    snprintf(L->trend_method, sizeof L->trend_method, "%s", A.trend_method_text);
    snprintf(L->trend_window, sizeof L->trend_window, "%s", A.trend_window);
    snprintf(L->trend_disagree, sizeof L->trend_disagree, "%s", A.trend_disagree);
    L->trend_dir = A.trend == FP_TREND_INCREASING ? 1 : A.trend == FP_TREND_DECREASING ? -1
                 : A.trend == FP_TREND_NO_CHANGE ? 0 : 2;
    L->tword = fp_target_status_name(FP_TSTATUS_NO_TARGET);
    line_goals(L, c, ind, &A);
    if (ao.target && L->n_goals && !strcmp(L->goals[L->n_goals - 1].kind, "target")) {
        /* A target with a date is judged at that date (met / missed), or,
         * not yet due in the data, by the projection: never "on track"
         * from the latest change alone. */
        const fp_goal_verdict *v = &L->goals[L->n_goals - 1].v;
        L->tword = fp_goal_status_name(v->status);
        L->tstatus = v->status == FP_GOAL_MET ? FP_TSTATUS_MET
                   : v->status == FP_GOAL_ON_TRACK ? FP_TSTATUS_ON_TRACK
                   : v->status == FP_GOAL_MISSED || v->status == FP_GOAL_NOT_ON_TRACK
                       ? FP_TSTATUS_OFF_TRACK : FP_TSTATUS_NO_TARGET;
        L->target_value = v->target;
        snprintf(L->target_note, sizeof L->target_note, "%s", v->note);
    } else if (ao.target) {
        L->tstatus = A.target_status;
        L->tword = fp_target_status_name(L->tstatus);
        L->target_value = A.target_value;
        if (isnan(A.target_value) && isnan(A.england.value)
            && (tg.rule == FP_TARGET_NATIONAL || tg.rule == FP_TARGET_NATIONAL_HIGHER
                || tg.rule == FP_TARGET_NATIONAL_LOWER || tg.rule == FP_TARGET_NATIONAL_BETTER))
            snprintf(L->target_note, sizeof L->target_note, "no England value to set the target");
        else if (s->target_date[0])
            snprintf(L->target_note, sizeof L->target_note, "due %s", s->target_date);
    }
    set_checks(L, c, r, ind);
}

/* ----------------------------------------------------------------- charts */

/* The chart name of scorecard line `number`: "indicator_NUMBER", made
 * unique among the n file names already used (as fpp_safe_name turns them
 * into files): numbers that map to one file name ("1/1" and "1 1", or long
 * numbers sharing the first 120 characters) get "_2", "_3", ... so no
 * chart, alt text or table overwrites another's. */
static void unique_chart_name(const char *number, char *const *used, size_t n, char *name,
                              size_t size)
{
    for (size_t k = 1;; k++) {
        if (k == 1) snprintf(name, size, "indicator_%.100s", number);
        else snprintf(name, size, "indicator_%.100s_%zu", number, k);
        char *safe = fpp_safe_name(name);
        size_t i = 0;
        while (i < n && strcmp(used[i], safe)) i++;
        free(safe);
        if (i == n) return;
    }
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = fpc_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* One chart to draw: the report and line it belongs to. */
typedef struct chart_job {
    rp_report *r;
    size_t line;
} chart_job;

/* Make the trend chart of every line of r with a series (not yet drawn):
 * appended to charts/jobs/dirs (grown through *cap), each to be written to
 * dir. Chart names are unique within the report (unique_chart_name). */
static void add_charts(rp_report *r, const char *dir, fpp_chart ***charts, chart_job **jobs,
                       const char ***dirs, size_t *nc, size_t *cap)
{
    char **used = fpc_xmalloc((r->n ? r->n : 1) * sizeof *used);
    size_t nu = 0;
    for (size_t i = 0; i < r->n; i++) {
        rp_line *L = &r->lines[i];
        if (!L->has_data || !L->n_series) continue;
        size_t m = L->n_series;
        const char **per = fpc_xmalloc(m * sizeof *per);
        double *v = fpc_xmalloc(m * sizeof *v), *lo = fpc_xmalloc(m * sizeof *lo),
               *hi = fpc_xmalloc(m * sizeof *hi), *en = fpc_xmalloc(m * sizeof *en),
               *rg = fpc_xmalloc(m * sizeof *rg), *nbv = fpc_xmalloc(m * sizeof *nbv);
        fpp_sig *sig = fpc_xmalloc(m * sizeof *sig);
        for (size_t k = 0; k < m; k++) {
            const rp_point *p = &L->series[k];
            per[k] = p->label; v[k] = p->value; lo[k] = p->lower; hi[k] = p->upper;
            en[k] = p->england; rg[k] = p->region; nbv[k] = p->neighbours;
            fp_cmp cm;
            fp_compare_ci(p->value, p->lower, p->upper, p->england, L->polarity, &cm, NULL);
            sig[k] = fpp_sig_from_cmp(cm);
        }
        char title[400], sub[300], name[160];
        snprintf(title, sizeof title, "%s %s", L->sc->number, L->sc->name);
        snprintf(sub, sizeof sub, "%s, %s (%s)", r->area_name, L->code,
                 L->unit_label ? L->unit_label : "");
        unique_chart_name(L->sc->number, used, nu, name, sizeof name);
        fpp_trend spec;
        memset(&spec, 0, sizeof spec);
        spec.title = title;
        spec.subtitle = sub;
        spec.ylabel = L->unit_label;
        spec.area_name = r->area_name;
        spec.n = m;
        spec.periods = per;
        spec.value = v; spec.lower = lo; spec.upper = hi; spec.sig = sig;
        spec.england = en; spec.region = rg; spec.region_name = L->region_name;
        spec.neighbours = nbv;
        spec.target = L->target_value;
        spec.dps = L->dps;
        spec.count = L->unit == FP_UNIT_COUNT;
        fpp_chart *ch = NULL;
        if (fpp_trend_chart(&spec, name, &ch) == FP_OK && ch) {
            if (*nc == *cap) {
                *cap = *cap * 2 + 16;
                *charts = fpc_xrealloc(*charts, *cap * sizeof **charts);
                *jobs = fpc_xrealloc(*jobs, *cap * sizeof **jobs);
                *dirs = fpc_xrealloc(*dirs, *cap * sizeof **dirs);
            }
            used[nu++] = fpp_safe_name(name);
            (*charts)[*nc] = ch;
            (*jobs)[*nc] = (chart_job){ r, i };
            (*dirs)[*nc] = dir;
            (*nc)++;
        }
        free(per); free(v); free(lo); free(hi); free(en); free(rg); free(nbv); free(sig);
    }
    for (size_t k = 0; k < nu; k++) free(used[k]);
    free(used);
}

static void chart_progress(void *label, size_t done, size_t total)
{
    fpc_progress(label, done, total);
}

/* Draw the charts of n reports, report k into outdirs[k]/charts/, in ONE
 * batch run of the renderer (fpp_render with a folder per chart): gnuplot
 * starts once per FPP_PER_PROCESS charts on every core, not once per
 * report. Each line drawn gets its chart file name (L->chart). The batch
 * scripts are written to batchdir. Charts that cannot be drawn are
 * warnings: the report is written without them. timeout is
 * fpp_render_opts.timeout (0 the default, < 0 no limit). Returns how many
 * charts were drawn. */
static size_t make_charts(rp_report *reps, char *const *outdirs, size_t n, const char *batchdir,
                          double timeout)
{
    size_t drawn = 0;
    fpp_chart **charts = NULL;
    chart_job *jobs = NULL;
    const char **dirs = NULL;
    char **cdirs = fpc_xmalloc((n ? n : 1) * sizeof *cdirs);
    size_t nc = 0, cap = 0;
    for (size_t k = 0; k < n; k++) {
        cdirs[k] = join_path(outdirs[k], "charts");
        if (mkdir_p(cdirs[k]) != 0) {
            fpc_warn(cdirs[k], 0, 0, "cannot create the charts directory: %s", strerror(errno));
            continue;
        }
        add_charts(&reps[k], cdirs[k], &charts, &jobs, &dirs, &nc, &cap);
    }
    const char *bdir = batchdir ? batchdir : n ? cdirs[0] : ".";
    fpp_result *res = fpc_xmalloc((nc ? nc : 1) * sizeof *res);
    fpp_render_opts ro;
    memset(&ro, 0, sizeof ro);
    /* One report's dozen charts: one gnuplot; many reports: every core. */
    ro.jobs = n > 1 ? 0 : 1;
    ro.timeout = timeout;
    ro.dirs = dirs;
    ro.progress = n > 1 ? chart_progress : NULL;
    ro.progress_ctx = (void *)"report: charts";
    int st = nc ? fpp_render(charts, nc, bdir, &ro, res) : FP_OK;
    if (st != FP_OK) {
        fpc_warn(NULL, 0, 0, "charts not drawn: %s%s", fp_strerror(st),
                 st == FP_ENOTFOUND ? " (is gnuplot installed?)" : "");
    } else {
        for (size_t k = 0; k < nc; k++) {
            rp_line *L = &jobs[k].r->lines[jobs[k].line];
            if (res[k].outcome == FPP_RENDERED && res[k].image) {
                drawn++;
                const char *slash = strrchr(res[k].image, '/');
                snprintf(L->chart, sizeof L->chart, "%s", slash ? slash + 1 : res[k].image);
            } else if (res[k].outcome == FPP_FAILED) {
                fpc_warn(NULL, 0, 0, "chart for %s%s%s failed: %s", L->sc->number,
                         n > 1 ? " of " : "", n > 1 ? jobs[k].r->area_name : "",
                         res[k].message ? res[k].message : "gnuplot error");
            }
            fpp_result_clear(&res[k]);
        }
    }
    for (size_t k = 0; k < nc; k++) fpp_chart_free(charts[k]);
    for (size_t k = 0; k < n; k++) free(cdirs[k]);
    free(charts); free(jobs); free(dirs); free(res); free(cdirs);
    return drawn;
}

/* ------------------------------------------------------------------ main */

static int write_output(const char *dir, const char *name, const rp_report *r,
                        void (*fn)(FILE *, const rp_report *))
{
    char *path = join_path(dir, name);
    fpc_out o;
    int rc = -1;
    if (fpc_out_open(&o, path) == 0) {
        fn(o.fp, r);
        rc = fpc_out_commit(&o);
    }
    free(path);
    return rc;
}

/* One scorecard definition (a council's plan) and whose plan each of its
 * rows is (plan_area): PLAN_ANY when the row names none (it applies to
 * every area), PLAN_NOWHERE when its area is not in the data, else the
 * area's index. area is the scorecard's (its first row naming one), name
 * as the scorecard writes it. */
typedef struct plan {
    const char *path;
    rp_scorecard sc;
    size_t *row_plan;
    size_t area;
    const char *name;
} plan;

/* What every area's report shares, loaded and prepared once: the
 * scorecards, the data (with the preparation options applied), the
 * neighbour model and the assessment context. plans[0] is the first
 * --scorecard: its indicators are every area's that has no plan of its
 * own among the others. */
typedef struct run {
    plan *plans;
    size_t n_plans;
    rp_inputs in;
    fpc_diags diags;
    fpc_prep *prep;
    const fp_neighbours *nb;
    fp_assess_context *ac;
    rp_ineq *ineq;              /* deprivation breakdowns, England's SIIs cached */
    char *dver;                 /* the data version shown */
    int shipped;                /* the shipped datasets/ */
    char generated[64];         /* the stamp of every report */
} run;

#define PLAN_ANY FP_ASSESS_NONE
#define PLAN_NOWHERE (FP_ASSESS_NONE - 1)

/* Whose plan each row of P is (plan.row_plan, area, name): a plan's
 * targets, milestones, published figures and title belong to its area
 * (docs/methods.md, "Scorecard report"). */
static void resolve_plan(const run *R, plan *P)
{
    P->row_plan = fpc_xmalloc((P->sc.n ? P->sc.n : 1) * sizeof *P->row_plan);
    P->area = PLAN_ANY;
    P->name = NULL;
    for (size_t i = 0; i < P->sc.n; i++) {
        const rp_sc_row *s = &P->sc.rows[i];
        size_t a;
        if (!s->plan_area[0]) P->row_plan[i] = PLAN_ANY;
        else if (fpc_find_area_any(R->in.ds, s->plan_area, &a) == FP_OK) P->row_plan[i] = a;
        else P->row_plan[i] = PLAN_NOWHERE;
        if (s->plan_area[0] && !P->name) {
            P->name = s->plan_area;
            P->area = P->row_plan[i];
            if (P->area == PLAN_NOWHERE)
                fpc_warn(P->path, s->line, 0, "plan_area '%s' is not in the data: the "
                         "plan's targets and published figures apply to no area", s->plan_area);
        }
    }
}

/* Every scorecard's plan (resolve_plan). A further --scorecard must be a
 * council's own plan, for a council no earlier one is for: otherwise it
 * is left out, with a warning. */
static void resolve_plans(run *R)
{
    for (size_t k = 0; k < R->n_plans; k++) resolve_plan(R, &R->plans[k]);
    for (size_t k = 1; k < R->n_plans; k++) {
        plan *P = &R->plans[k];
        const char *why = P->area == PLAN_ANY ? "it names no plan_area"
                        : P->area == PLAN_NOWHERE ? "its plan_area is not in the data" : NULL;
        for (size_t j = 0; j < k && !why; j++)
            if (R->plans[j].area == P->area) why = "an earlier --scorecard is that area's plan";
        if (why) {
            fpc_warn(P->path, 0, 0, "not used: %s (a further --scorecard is one council's "
                     "own plan)", why);
            P->area = PLAN_NOWHERE;
        }
    }
}

/* The plan area a's report follows: its own among the scorecards, else
 * the first (whose targets then apply only if it is a's or names none). */
static const plan *plan_of(const run *R, size_t a)
{
    for (size_t k = 1; k < R->n_plans; k++)
        if (R->plans[k].area == a) return &R->plans[k];
    return &R->plans[0];
}

/* Step 1: read the scorecard and the data once and prepare them. Returns
 * FPC_EXIT_OK, or FPC_EXIT_DATA with the reason printed; *fatal is set
 * when nothing can be reported (then run_free only). */
static int run_load(run *R, const char *const *data, size_t ndata, const char *dd,
                    const char *nbver, int *fatal)
{
    *fatal = 1;
    fpc_diags_init(&R->diags);
    /* The data's problems are shown as they are found, as in every command
     * that reads data: errors always, warnings as --quiet / --verbose say
     * (issue 22: report showed none, even with --verbose). */
    R->diags.echo = 1;
    R->diags.max_kept = 1;
    for (size_t k = 0; k < R->n_plans; k++)
        if (rp_scorecard_read(R->plans[k].path, &R->plans[k].sc) != 0) return FPC_EXIT_DATA;
    int lrc = rp_load(&R->in, data, ndata, dd, &R->diags);
    fpc_diags_summary(&R->diags);
    if (lrc != 0) return FPC_EXIT_DATA;
    if (R->diags.n_errors)
        fpc_warn(NULL, 0, 0, "%zu problems in the data files (run 'fingerpost validate' for "
                 "details); continuing", R->diags.n_errors);
    int rc = FPC_EXIT_OK;
    fp_dataset *ds = R->in.ds;
    for (size_t k = 0; k < R->n_plans; k++) fpc_prep_use_scorecard(R->prep, &R->plans[k].sc);
    if (fpc_prep_apply(R->prep, ds) != 0) rc = FPC_EXIT_DATA;
    for (size_t k = 0; k < R->in.n_nbs; k++)
        if (R->in.nbs[k] && R->in.nbs[k]->version && !strcmp(R->in.nbs[k]->version, nbver))
            R->nb = R->in.nbs[k];
    if (!R->nb)
        fpc_warn(NULL, 0, 0, "statistical neighbour model '%s' not loaded: no neighbour values",
                 nbver);
    if (fp_assess_context_alloc(ds, R->nb, &R->ac) != FP_OK) {
        fpc_error(NULL, 0, 0, "out of memory");
        return FPC_EXIT_DATA;
    }
    R->ineq = fpc_xmalloc(sizeof *R->ineq);
    rp_ineq_init(R->ineq, ds);
    const char *v = ds->version && *ds->version ? ds->version : "";
    const char *pre = ndata ? "" : "DfE LAIT (April 2026), DfE EES and OHID Fingertips extracts, "
                                   "illustrative local example (shipped datasets/): ";
    size_t m = strlen(pre) + strlen(v) + 1;
    R->dver = fpc_xmalloc(m);
    snprintf(R->dver, m, "%s%s", pre, v);
    R->shipped = ndata == 0;
    resolve_plans(R);
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the stamp, so the
     * same data and scorecard give byte-identical reports. */
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long e = strtoll(sde, &end, 10);
        if (*end == '\0' && e >= 0) now = (time_t)e;
    }
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(R->generated, sizeof R->generated, "%Y-%m-%d %H:%M UTC", &tmv);
    *fatal = 0;
    return rc;
}

static void run_free(run *R)
{
    rp_ineq_free(R->ineq);
    free(R->ineq);
    fp_assess_context_free(R->ac);
    rp_inputs_free(&R->in);   /* also what a failed rp_load read */
    fpc_diags_free(&R->diags);
    for (size_t k = 0; k < R->n_plans; k++) {
        rp_scorecard_free(&R->plans[k].sc);
        free(R->plans[k].row_plan);
    }
    free(R->plans);
    free(R->dver);
}

/* Step 2: one area's report model: every scorecard line computed through
 * the assessment layer (compute_line). Free with report_free. */
static void report_build(const run *R, size_t area, rp_report *r)
{
    const fp_dataset *ds = R->in.ds;
    ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.ac = R->ac;
    c.ineq = R->ineq;
    c.england = fp_assess_england(R->ac);
    c.prep = R->prep;
    c.area = area;
    const fp_area *A = &ds->areas[area];
    c.nblist = fp_assess_neighbours(c.ac, c.area, &c.nb_area);
    if (R->nb && !c.nblist)
        fpc_warn(NULL, 0, 0, "%s has no neighbour list in %s", A->name, R->nb->version);
    size_t region = fp_assess_region(c.ac, c.area);
    memset(r, 0, sizeof *r);
    if (c.nblist) {
        c.n_nb = c.nblist->n;
        r->nb_names = fpc_xmalloc((c.n_nb ? c.n_nb : 1) * sizeof *r->nb_names);
        r->nb_codes = fpc_xmalloc((c.n_nb ? c.n_nb : 1) * sizeof *r->nb_codes);
        for (size_t j = 0; j < c.n_nb; j++) {
            r->nb_codes[j] = c.nblist->neighbours[j];
            r->nb_names[j] = c.nb_area[j] != FP_ASSESS_NONE ? ds->areas[c.nb_area[j]].name
                                                            : c.nblist->neighbours[j];
        }
        r->n_nb = c.n_nb;
    }
    r->area_name = A->name;
    r->area_code = A->code;
    r->region_name = region != FP_ASSESS_NONE ? ds->areas[region].name : NULL;
    const plan *P = plan_of(R, area);
    r->scorecard_path = P->path;
    r->scorecard_title = "Children's Strategy Score Card";
    /* The plan's title is its own area's; another area gets the same
     * indicators under its own name. */
    r->own_plan = P->area == PLAN_ANY || P->area == area;
    if (r->own_plan)
        snprintf(r->heading, sizeof r->heading, "%s: %s", r->scorecard_title, A->name);
    else
        snprintf(r->heading, sizeof r->heading, "Indicators for %s (%s's scorecard set)",
                 A->name, P->area != PLAN_NOWHERE ? ds->areas[P->area].name : P->name);
    r->data_version = R->dver;
    r->neighbour_version = R->nb ? R->nb->version : "none";
    r->data_files = R->in.files;
    r->n_data_files = R->in.n_files;
    r->data_shipped = R->shipped;
    snprintf(r->generated, sizeof r->generated, "%s", R->generated);
    r->n = P->sc.n;
    r->lines = fpc_xmalloc((r->n ? r->n : 1) * sizeof *r->lines);
    memset(r->lines, 0, (r->n ? r->n : 1) * sizeof *r->lines);
    for (size_t i = 0; i < r->n; i++) {
        r->lines[i].sc = &P->sc.rows[i];
        r->lines[i].sc_path = P->path;
        r->lines[i].own_plan = P->row_plan[i] == PLAN_ANY || P->row_plan[i] == area;
        compute_line(&r->lines[i], &c, r);
        if (!r->lines[i].has_data) line_goals_without_data(&r->lines[i]);
    }
}

static void report_free(rp_report *r)
{
    for (size_t i = 0; i < r->n; i++) { free(r->lines[i].series); free(r->lines[i].nb); }
    free(r->lines);
    free(r->nb_names);
    free(r->nb_codes);
    memset(r, 0, sizeof *r);
}

/* Step 3: write one report's files into dir (which exists; charts drawn
 * already): scorecard.csv, scorecard.xlsx, scorecard.md, scorecard.html.
 * 0 ok, -1 (message printed). */
static int report_write(const char *dir, const rp_report *r)
{
    char *xlsx = join_path(dir, "scorecard.xlsx");
    int rc = 0;
    if (write_output(dir, "scorecard.csv", r, rp_write_csv) != 0 || rp_write_xlsx(xlsx, r) != 0
        || write_output(dir, "scorecard.md", r, rp_write_md) != 0
        || write_output(dir, "scorecard.html", r, rp_write_html) != 0)
        rc = -1;
    free(xlsx);
    return rc;
}

/* The folder of an area's report under --areas/--all-areas: "CODE-Name"
 * made safe as chart names are (fpp_safe_name: [A-Za-z0-9._-]), e.g.
 * "343-Sefton", "E06000053-Isles_of_Scilly"; the name alone when the
 * area has no code. Names that clean to one folder ("A B", "A/B" and "A_B";
 * "." and "..") would share it, the last report overwriting the others:
 * a folder already used (compared without case, as on case-insensitive
 * file systems; "index.html" is the index's) gets "_2", "_3", ... as
 * chart names do. used holds the n folders given so far. Caller frees. */
static char *area_folder(const fp_area *A, char *const *used, size_t n)
{
    /* A tidy file without codes keys an area by its name: no "Name-Name". */
    int code = A->code && *A->code && strcmp(A->code, A->name);
    size_t len = strlen(A->code ? A->code : "") + strlen(A->name) + 2;
    char *s = fpc_xmalloc(len);
    snprintf(s, len, "%s%s%s", code ? A->code : "", code ? "-" : "", A->name);
    char *safe = fpp_safe_name(s);
    free(s);
    size_t m = strlen(safe) + 24;
    char *name = fpc_xmalloc(m);
    for (size_t k = 1;; k++) {
        if (k == 1) snprintf(name, m, "%s", safe);
        else snprintf(name, m, "%s_%zu", safe, k);
        int taken = !strcasecmp(name, "index.html");
        for (size_t i = 0; i < n && !taken; i++) taken = !strcasecmp(used[i], name);
        if (!taken) break;
    }
    free(safe);
    return name;
}

/* The area identity's row of area a when it records that the council has
 * ceased (a valid_to date not after the report's date: 835 "Dorset (Pre
 * LG)", 2019-03-31), else NULL. */
static const fpc_area_id *former_council(const run *R, size_t a)
{
    const fp_area *A = &R->in.ds->areas[a];
    if (!R->in.areas || A->kind != FP_AREA_LA) return NULL;
    const fpc_area_id *id = fpc_areas_find(R->in.areas, A->code);
    if (!id && A->old_code && *A->old_code) id = fpc_areas_find(R->in.areas, A->old_code);
    if (!id || !*id->valid_to) return NULL;
    /* R->generated starts "YYYY-MM-DD": ISO dates compare as text. */
    return strncmp(id->valid_to, R->generated, 10) <= 0 ? id : NULL;
}

/* --all-areas: councils that no longer exist are left out (their "latest"
 * figures are years old), moved from areas (n) to *former (*n_former,
 * caller frees). Returns the areas kept. */
static size_t drop_former(const run *R, size_t *areas, size_t n, size_t **former,
                          size_t *n_former)
{
    size_t kept = 0;
    *former = fpc_xmalloc((n ? n : 1) * sizeof **former);
    *n_former = 0;
    for (size_t k = 0; k < n; k++) {
        if (former_council(R, areas[k])) (*former)[(*n_former)++] = areas[k];
        else areas[kept++] = areas[k];
    }
    return kept;
}

/* An area named twice in --areas ("Sefton,343", or --areas Sefton
 * --areas Sefton) is reported once, in its first place, with a warning.
 * Returns the areas kept. */
static size_t drop_repeated_areas(const fp_dataset *ds, size_t *areas, size_t n)
{
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = 0;
        while (j < kept && areas[j] != areas[k]) j++;
        if (j < kept) {
            fpc_warn(NULL, 0, 0, "area %s named more than once: reported once",
                     ds->areas[areas[k]].name);
            continue;
        }
        areas[kept++] = areas[k];
    }
    return kept;
}

/* Lines compared with England, and how many of them were better or worse
 * (at 95% or 99.8%): the one-line summary of the index page. */
static void england_counts(const rp_report *r, size_t *tested, size_t *better, size_t *worse)
{
    *tested = *better = *worse = 0;
    for (size_t i = 0; i < r->n; i++) {
        const rp_line *L = &r->lines[i];
        if (!L->has_data || L->cmp_england == FP_CMP_NOT_COMPARED) continue;
        (*tested)++;
        *better += L->cmp_england == FP_CMP_BETTER || L->cmp_england == FP_CMP_BETTER_998;
        *worse += L->cmp_england == FP_CMP_WORSE || L->cmp_england == FP_CMP_WORSE_998;
    }
}

/* index.html of --areas/--all-areas: one accessible page (a table with a
 * caption and header cells, no scripts) linking each area's scorecard with
 * its summary. */
static void write_index(FILE *fp, const rp_report *reps, char *const *folders, size_t n,
                        const run *R, const size_t *former, size_t n_former)
{
    const rp_report *r0 = n ? &reps[0] : NULL;
    /* The plan is one area's: "Sefton's Children's Strategy Score Card set". */
    char title[512];
    const plan *P0 = &R->plans[0];
    const char *owner = P0->area == PLAN_ANY ? NULL
                      : P0->area == PLAN_NOWHERE ? P0->name : R->in.ds->areas[P0->area].name;
    if (owner)
        snprintf(title, sizeof title, "%s's %s set", owner, r0 ? r0->scorecard_title : "scorecard");
    else snprintf(title, sizeof title, "%s", r0 ? r0->scorecard_title : "Scorecards");
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", fp);
    fpc_html_puts(fp, title);
    fputs(": every area</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:60rem;"
          "margin:1rem auto;padding:0 1rem;color:#0b0c0c}\ntable{border-collapse:collapse;width:100%}\n"
          "th,td{border-bottom:1px solid #b1b4b6;padding:.4rem;text-align:left}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}\na{color:#1d70b8}\n"
          "a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\n"
          ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
          "white-space:nowrap}\n</style>\n</head>\n"
          "<body>\n<main>\n<h1>", fp);
    fpc_html_puts(fp, title);
    fprintf(fp, ": %zu areas</h1>\n", n);
    if (owner) {
        fputs("<p>The plan's targets, milestones and published figures are ", fp);
        fpc_html_puts(fp, owner);
        fputs("'s: only its scorecard judges them.", fp);
        int any = 0;
        for (size_t k = 1; k < R->n_plans; k++) {
            const plan *P = &R->plans[k];
            if (P->area == PLAN_ANY || P->area == PLAN_NOWHERE) continue;
            fputs(any ? ", " : " Councils reported on their own plan: ", fp);
            fpc_html_puts(fp, R->in.ds->areas[P->area].name);
            any = 1;
        }
        fputs(any ? ". " : " ", fp);
        fputs("Every other area's page shows the same indicators with their comparisons, ranks "
              "and trends.</p>\n", fp);
    }
    fputs("<p>Data: ", fp);
    fpc_html_puts(fp, r0 && r0->data_version ? r0->data_version : "");
    fputs(". Statistical neighbours: ", fp);
    fpc_html_puts(fp, r0 ? r0->neighbour_version : "none");
    fprintf(fp, ". Methods: fingerpost %s, %s. Generated %s.</p>\n", FP_VERSION_STRING,
            FP_METHODS_VERSION, r0 ? r0->generated : "");
    fputs("<p>Each area's indicators compared with England by the Fingertips rule "
          "(the England value outside the area's 95% confidence interval): how many "
          "could be compared, and how many were significantly better or worse.</p>\n"
          "<table>\n<caption>Scorecards by area</caption>\n<thead><tr><th scope=\"col\">Area</th>"
          "<th scope=\"col\">Code</th><th scope=\"col\">Region</th>"
          "<th scope=\"col\">Compared with England</th><th scope=\"col\">Better</th>"
          "<th scope=\"col\">Worse</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>\n", fp);
    for (size_t k = 0; k < n; k++) {
        const rp_report *r = &reps[k];
        size_t tested, better, worse;
        england_counts(r, &tested, &better, &worse);
        fputs("<tr><th scope=\"row\"><a href=\"", fp);
        fpc_html_puts(fp, folders[k]);
        fputs("/scorecard.html\">", fp);
        fpc_html_puts(fp, r->area_name);
        fputs("</a></th><td>", fp);
        fpc_html_puts(fp, r->area_code ? r->area_code : "");
        fputs("</td><td>", fp);
        fpc_html_puts(fp, r->region_name ? r->region_name : "");
        fprintf(fp, "</td><td class=\"n\">%zu of %zu</td><td class=\"n\">%zu</td>"
                "<td class=\"n\">%zu</td><td>", tested, r->n, better, worse);
        static const char *const files[] = { "scorecard.csv", "scorecard.xlsx", "scorecard.md" };
        for (size_t f = 0; f < 3; f++) {
            fputs(f ? ", <a href=\"" : "<a href=\"", fp);
            fpc_html_puts(fp, folders[k]);
            fprintf(fp, "/%s\">%s<span class=\"vh\"> for ", files[f],
                    files[f] + 10);
            fpc_html_puts(fp, r->area_name);
            fputs("</span></a>", fp);
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
    if (n_former) {
        /* The councils --all-areas left out, so none is lost without a word. */
        fputs("<h2>Former councils</h2>\n<p>These councils no longer exist (their latest "
              "figures are from before they were abolished or merged), so they have no "
              "scorecard here. Name one with <code>--areas</code> to report on it.</p>\n"
              "<table>\n<caption>Former councils, not reported</caption>\n<thead><tr>"
              "<th scope=\"col\">Area</th><th scope=\"col\">Code</th>"
              "<th scope=\"col\">Until</th><th scope=\"col\">What happened</th></tr></thead>\n"
              "<tbody>\n", fp);
        for (size_t k = 0; k < n_former; k++) {
            const fp_area *A = &R->in.ds->areas[former[k]];
            const fpc_area_id *id = former_council(R, former[k]);
            fputs("<tr><th scope=\"row\">", fp);
            fpc_html_puts(fp, A->name);
            fputs("</th><td>", fp);
            fpc_html_puts(fp, A->code ? A->code : "");
            fputs("</td><td>", fp);
            fpc_html_puts(fp, id ? id->valid_to : "");
            fputs("</td><td>", fp);
            fpc_html_puts(fp, id ? id->note : "");
            fputs("</td></tr>\n", fp);
        }
        fputs("</tbody>\n</table>\n", fp);
    }
    fputs("</main>\n</body>\n</html>\n", fp);
}

int fpc_cmd_report(int argc, char **argv)
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
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *area_key = NULL, *nbver = "sn_may_2025", *outdir = "out";
    int charts = 1, all_areas = 0;
    double chart_timeout = 0;   /* fpp_render's default */
    char **area_list = NULL;
    size_t n_list = 0, n_areas_opts = 0, n_sc_paths = 0;
    char **sc_paths = NULL;
    fpc_prep prep;
    fpc_prep_init(&prep);
    run R;
    memset(&R, 0, sizeof R);
    R.prep = &prep;
    const char **data = fpc_xmalloc((size_t)(argc + 1) * sizeof *data);
    size_t ndata = 0;
    char *sc_default = NULL;
    size_t *areas = NULL, n_areas = 0, *former = NULL, n_former = 0;
    int rc = FPC_EXIT_OK;
    optind = 1;
    opterr = 0;
    int ch;
#define USAGE(...) do { rc = fpc_usage("report", __VA_ARGS__); goto done_opts; } while (0)
    while ((ch = getopt_long(argc, argv, ":a:s:d:n:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a':
            if (!*optarg) USAGE("--area wants a name or code, not an empty one");
            area_key = optarg;
            break;
        case 'L': fpc_list_append(&area_list, &n_list, optarg); n_areas_opts++; break;
        case 'A': all_areas = 1; break;
        case 's':
            if (!*optarg) USAGE("--scorecard wants a file name");
            fpc_list_append(&sc_paths, &n_sc_paths, optarg);
            break;
        case 'd': data[ndata++] = optarg; break;
        case 'n':
            if (!*optarg) USAGE("--neighbours wants a model version, not an empty one");
            nbver = optarg;
            break;
        case 'o':
            if (!*optarg) USAGE("--out wants a directory name, not an empty one");
            outdir = optarg;
            break;
        case 'C': charts = 0; break;
        case 'T':
            if ((rc = fpc_parse_chart_timeout("report", optarg, &chart_timeout)) != 0) {
                rc = FPC_EXIT_USAGE;
                goto done_opts;
            }
            break;
        case FPC_OPT_POLARITY: case FPC_OPT_UNIT: case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE:
            if ((rc = fpc_prep_opt(&prep, "report", ch, optarg)) != 0) goto done_opts;
            break;
        case 'h': help(); goto done_opts;
        case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
        default: USAGE("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) USAGE("unexpected argument '%s' (data files go after --data)", argv[optind]);
    if ((area_key != NULL) + (n_areas_opts != 0) + all_areas > 1)
        USAGE("give one of --area, --areas and --all-areas");
    /* "--areas ''" names no area: never the default area's report. */
    if (n_areas_opts && !n_list) USAGE("--areas names no area");
    const char *dd = fpc_datadir();
    if (!n_sc_paths) {
        if (!dd) {
            fpc_error(NULL, 0, 0, "no --scorecard given and the shipped datasets/ folder was not "
                      "found (set FINGERPOST_DATA)");
            rc = FPC_EXIT_DATA;
            goto done_opts;
        }
        sc_default = fpc_scorecard_default();   /* dd is not NULL: neither is it */
        fpc_list_append(&sc_paths, &n_sc_paths, sc_default);
    }
    R.plans = fpc_xmalloc(n_sc_paths * sizeof *R.plans);
    memset(R.plans, 0, n_sc_paths * sizeof *R.plans);
    R.n_plans = n_sc_paths;
    for (size_t k = 0; k < n_sc_paths; k++) R.plans[k].path = sc_paths[k];
    int multi = n_areas_opts != 0 || all_areas, fatal;

    /* 1. Load and prepare once. */
    rc = run_load(&R, data, ndata, dd, nbver, &fatal);
    if (fatal) goto done;
    const char *one = area_key ? area_key : "Sefton";
    if (fpc_select_areas(R.in.ds, multi ? (const char *const *)area_list : &one,
                         multi ? n_list : 1, all_areas, &areas, &n_areas) != 0)
        rc = FPC_EXIT_DATA;
    if (!multi && n_areas > 1) {
        /* "--area Sefton,Knowsley": several areas need a folder each. */
        rc = fpc_usage("report", "--area '%s' names %zu areas: give them with --areas", one, n_areas);
        goto done;
    }
    n_areas = drop_repeated_areas(R.in.ds, areas, n_areas);
    if (all_areas) n_areas = drop_former(&R, areas, n_areas, &former, &n_former);
    if (n_areas == 0) {
        if (all_areas) fpc_error(NULL, 0, 0, "no local authority in the data");
        rc = FPC_EXIT_DATA;
        goto done;
    }
    if (mkdir_p(outdir) != 0) {
        fpc_error(outdir, 0, 0, "cannot create the output directory: %s", strerror(errno));
        rc = FPC_EXIT_DATA;
        goto done;
    }

    /* 2. Every area's model, and its folder. */
    rp_report *reps = fpc_xmalloc(n_areas * sizeof *reps);
    char **folders = fpc_xmalloc(n_areas * sizeof *folders);
    char **dirs = fpc_xmalloc(n_areas * sizeof *dirs);
    size_t nr = 0;
    for (size_t k = 0; k < n_areas; k++) {
        if (multi) fpc_progress("report: areas", k, n_areas);
        const fp_area *A = &R.in.ds->areas[areas[k]];
        folders[nr] = multi ? area_folder(A, folders, nr) : NULL;
        dirs[nr] = multi ? join_path(outdir, folders[nr]) : fpc_strdup(outdir);
        if (multi && mkdir_p(dirs[nr]) != 0) {
            fpc_error(dirs[nr], 0, 0, "cannot create the output directory: %s", strerror(errno));
            rc = FPC_EXIT_DATA;
            free(folders[nr]);
            free(dirs[nr]);
            continue;
        }
        report_build(&R, areas[k], &reps[nr]);
        nr++;
    }
    if (multi) fpc_progress("report: areas", n_areas, n_areas);

    /* 3. Every chart in one batch run, then every area's files. The
     * closing line says only what was written: "with charts" when some
     * chart was drawn, the folders whose files were all written, and no
     * "wrote index.html" when the index failed (full disk). */
    size_t drawn = charts ? make_charts(reps, dirs, nr, multi ? outdir : NULL, chart_timeout) : 0;
    size_t written = 0;
    for (size_t k = 0; k < nr; k++) {
        if (multi) fpc_progress("report: files", k, nr);
        if (report_write(dirs[k], &reps[k]) != 0) {
            rc = FPC_EXIT_DATA;
            continue;
        }
        written++;
        if (!multi)
            fprintf(stderr, "fingerpost: wrote %s/scorecard.html, scorecard.csv, scorecard.xlsx, "
                    "scorecard.md%s (%zu indicators, %s)\n", dirs[k],
                    drawn ? " and charts/" : charts ? "; no chart could be drawn" : "", reps[k].n,
                    reps[k].area_name);
    }
    if (multi) {
        fpc_progress("report: files", nr, nr);
        char *path = join_path(outdir, "index.html");
        fpc_out o;
        int index_ok = 0;
        if (fpc_out_open(&o, path) == 0) {
            write_index(o.fp, reps, folders, nr, &R, former, n_former);
            index_ok = fpc_out_commit(&o) == 0;
        }
        if (!index_ok) rc = FPC_EXIT_DATA;
        char folders_done[64];
        if (written == n_areas) snprintf(folders_done, sizeof folders_done, "%zu", written);
        else snprintf(folders_done, sizeof folders_done, "%zu of %zu", written, n_areas);
        fprintf(stderr, "fingerpost: %s%s %s %s scorecard folders%s (%zu indicators %s)\n",
                index_ok ? "wrote " : "", index_ok ? path : "index.html NOT written;",
                index_ok ? "and" : "wrote", folders_done,
                drawn ? " with charts" : charts ? " without charts (none could be drawn)" : "",
                R.plans[0].sc.n, R.n_plans > 1 ? "in the first scorecard's set" : "each");
        free(path);
    }
    for (size_t k = 0; k < nr; k++) {
        report_free(&reps[k]);
        free(folders[k]);
        free(dirs[k]);
    }
    free(reps); free(folders); free(dirs);
done:
    run_free(&R);
done_opts:
#undef USAGE
    free(areas);
    free(former);
    for (size_t i = 0; i < n_list; i++) free(area_list[i]);
    free(area_list);
    fpc_prep_free(&prep);
    free(sc_default);
    for (size_t i = 0; i < n_sc_paths; i++) free(sc_paths[i]);
    free(sc_paths);
    free(data);
    return rc;
}
