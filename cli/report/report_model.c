/* report_model.c -- the scorecard report's model: every line of a
 * scorecard filled from the assessment of one area (fingerpost/assess.h),
 * with the published figures checked, the neighbours' tartan rug, the
 * trend chart's series and the milestones judged. Every number comes from
 * the assessment layer: the model only chooses what to show; the renderers
 * (report_render.h) format it. */
#include "cli.h"
#include "report.h"
#include "report_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    const fpc_quantile_opts *quant; /* --quantiles.. (k 0: none) */
    const fpc_goal_opts *gp;        /* --goal, --percentiles */
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
        int have = L->has_data && fp_dataset_find_period(c->ds, per, &p) == FP_OK;
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
        pt->cmp_england = pts[i].cmp_england;
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
 * England (95%) and banded among all local authorities
 * (fp_assess_neighbour_values). */
static void line_rug(rp_line *L, const ctx *c, size_t ind, const fp_assessment *A)
{
    fp_assess_neighbour *v;
    size_t n;
    if (fp_assess_neighbour_values(c->ac, ind, c->area, A, &v, &n) != FP_OK) n = 0;
    L->n_nb = c->n_nb;
    L->nb = fpc_xmalloc((c->n_nb ? c->n_nb : 1) * sizeof *L->nb);
    for (size_t j = 0; j < c->n_nb; j++) {
        rp_nbcell *cell = &L->nb[j];
        cell->value = j < n ? v[j].ci.value : NAN;
        cell->cmp = j < n ? v[j].cmp_england : FP_CMP_NOT_COMPARED;
        cell->band = j < n ? v[j].band : 0;
    }
    fp_assess_neighbour_values_free(v);
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

/* The line's sources assessed (ao: the target options; each source's
 * --goal is set here), in scorecard order,
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
        fp_assess_options o = *ao;
        const fpc_goal_opt *g = c->gp ? fpc_goal_find(c->gp, c->ds->indicators[ind].code) : NULL;
        o.goal_benchmark = g ? &g->g : NULL;
        fp_assess(c->ac, ind, c->area, &o, &x->A);
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

/* A line before it is filled: every number missing, no trend, no target. */
static void line_reset(rp_line *L)
{
    L->tested.value = L->tested.lower = L->tested.upper = L->tested.england = NAN;
    L->value = L->lower = L->upper = L->lower998 = L->upper998 = NAN;
    L->numerator = L->denominator = NAN;
    L->england = L->region = L->neighbours = NAN;
    L->change_abs = L->change_pct = NAN;
    L->target_value = NAN;
    L->dps = -1;
    L->trend_dir = 2;
    L->tword = fp_target_status_name(FP_TSTATUS_NO_TARGET);
}

/* The line's indicator: its code, name, unit, decimals and polarity (the
 * scorecard's, applied by fpc_prep_apply). */
static void line_indicator(rp_line *L, const fp_indicator *I)
{
    L->code = I->code;
    L->ind_name = I->name;
    L->unit_label = I->unit_label;
    L->unit = I->unit;
    L->multiplier = I->multiplier;
    L->dps = I->dps;
    L->polarity = I->polarity;
}

/* No decimals in the dictionary: show as many as the area's values have
 * (at most 2), so comparators line up with the value. */
static void line_decimals(rp_line *L)
{
    if (L->dps >= 0) return;
    int d = 0;
    for (size_t i = 0; i < L->n_series; i++)
        if (!isnan(L->series[i].value)) {
            int k = data_dps(L->series[i].value, -1);
            if (k > d) d = k;
        }
    L->dps = d > 2 ? 2 : d;
}

/* The comparators, verdicts, rank and band of the line from A. */
static void line_comparators(rp_line *L, const fp_dataset *ds, const fp_indicator *I,
                             const fp_assessment *A)
{
    L->england = A->england.value;
    L->region = A->region.value;
    L->region_name = A->region.area != FP_ASSESS_NONE ? ds->areas[A->region.area].name : NULL;
    L->neighbours = A->neighbours.value;
    L->nb_used = A->neighbours.n_used;
    L->nb_total = A->neighbours.n_total;
    L->cmp_england = A->england.cmp;
    if (L->cmp_england == FP_CMP_NOT_COMPARED)
        snprintf(L->cmp_note, sizeof L->cmp_note, "%s", fp_cmp_reason_name(A->england.reason));
    L->cmp_region = A->region.cmp95;
    L->cmp_neighbours = A->neighbours.cmp95;
    L->rank = A->rank;
    L->n_ranked = A->n_ranked;
    L->band = A->quartile;
    if (L->polarity == FP_POLARITY_NONE)
        snprintf(L->band_note, sizeof L->band_note, "no polarity: not ranked");
    else if (I->no_quartile)
        snprintf(L->band_note, sizeof L->band_note, "publisher: not banded");
}

/* The line's change and trend from A. */
static void line_trend(rp_line *L, const fp_assessment *A)
{
    L->change_abs = A->change1;
    L->change_pct = A->change1_pct;
    snprintf(L->trend, sizeof L->trend, "%s", A->trend_text);
    snprintf(L->trend_method, sizeof L->trend_method, "%s", A->trend_method_text);
    snprintf(L->trend_window, sizeof L->trend_window, "%s", A->trend_window);
    snprintf(L->trend_disagree, sizeof L->trend_disagree, "%s", A->trend_disagree);
    L->trend_dir = A->trend == FP_TREND_INCREASING ? 1 : A->trend == FP_TREND_DECREASING ? -1
                 : A->trend == FP_TREND_NO_CHANGE ? 0 : 2;
}

/* The line's target status (tg: the row's target, NULL for none) after its
 * goals (line_goals): a target with a date is judged at that date (met /
 * missed), or, not yet due in the data, by the projection: never "on
 * track" from the latest change alone. */
static void line_target(rp_line *L, const fp_target *tg, const fp_assessment *A)
{
    const rp_sc_row *s = L->sc;
    L->tword = fp_target_status_name(FP_TSTATUS_NO_TARGET);
    if (tg && L->n_goals && !strcmp(L->goals[L->n_goals - 1].kind, "target")) {
        const fp_goal_verdict *v = &L->goals[L->n_goals - 1].v;
        L->tword = fp_goal_status_name(v->status);
        L->tstatus = v->status == FP_GOAL_MET ? FP_TSTATUS_MET
                   : v->status == FP_GOAL_ON_TRACK ? FP_TSTATUS_ON_TRACK
                   : v->status == FP_GOAL_MISSED || v->status == FP_GOAL_NOT_ON_TRACK
                       ? FP_TSTATUS_OFF_TRACK : FP_TSTATUS_NO_TARGET;
        L->target_value = v->target;
        snprintf(L->target_note, sizeof L->target_note, "%s", v->note);
    } else if (tg) {
        L->tstatus = A->target_status;
        L->tword = fp_target_status_name(L->tstatus);
        L->target_value = A->target_value;
        if (isnan(A->target_value) && isnan(A->england.value)
            && (tg->rule == FP_TARGET_NATIONAL || tg->rule == FP_TARGET_NATIONAL_HIGHER
                || tg->rule == FP_TARGET_NATIONAL_LOWER || tg->rule == FP_TARGET_NATIONAL_BETTER))
            snprintf(L->target_note, sizeof L->target_note, "no England value to set the target");
        else if (s->target_date[0])
            snprintf(L->target_note, sizeof L->target_note, "due %s", s->target_date);
    }
}

/* The line's quantile group, "compared to goal" and "compared with
 * percentiles" from its assessment A of indicator code (as compare's
 * columns: the group within England, or within A's region). */
static void line_bench(rp_line *L, const ctx *c, const char *code, const fp_assessment *A)
{
    L->quantile = A->quantile;
    L->quantile_k = A->quantile_k;
    L->quantile_within = !A->quantile_k ? NULL
                         : c->quant && c->quant->within_region ? A->quantile_region : "England";
    const fpc_goal_opt *g = c->gp ? fpc_goal_find(c->gp, code) : NULL;
    L->goal_spec = g ? g->spec : NULL;
    L->vs_goal = A->vs_goal;
    L->vs_percentiles = A->vs_percentiles;
}

/* Fill one report line from the assessment of the area on its measure: of
 * its sources (code and other_codes), the one with the newest value
 * (source_better), with an older tested one beside it (line_other_sources). */
static void compute_line(rp_line *L, const ctx *c, const rp_report *r)
{
    const rp_sc_row *s = L->sc;
    const fp_dataset *ds = c->ds;
    line_reset(L);
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
    if (c->quant) {
        ao.quantiles = c->quant->k;
        ao.quantile_within_region = c->quant->within_region;
        ao.quantile_order = c->quant->order;
    }
    ao.percentiles = c->gp ? c->gp->percentiles : 0;
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
    line_indicator(L, I);

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
    line_decimals(L);
    L->period = ds->periods[A.period].label;
    L->value = A.ci.value;
    line_bench(L, c, code, &A);
    if (c->ineq) rp_line_inequality(L, ds, c->ineq, &A, ind, c->england, A.period);
    line_interval(L, c, &A);
    line_comparators(L, ds, I, &A);
    line_rug(L, c, ind, &A);
    line_trend(L, &A);
    L->tword = fp_target_status_name(FP_TSTATUS_NO_TARGET);
    line_goals(L, c, ind, &A);
    line_target(L, ao.target, &A);
    set_checks(L, c, r, ind);
}

/* Step 2: one area's report model: every scorecard line computed through
 * the assessment layer (compute_line). Free with rp_report_free. */
void rp_report_build(const rp_run *R, size_t area, rp_report *r)
{
    const fp_dataset *ds = R->in.ds;
    ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.ac = R->ac;
    c.ineq = R->ineq;
    c.quant = R->quant;
    c.gp = R->gp;
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
    const rp_plan *P = rp_plan_of(R, area);
    r->scorecard_path = P->path;
    r->scorecard_title = "Children's Strategy Score Card";
    /* The plan's title is its own area's; another area gets the same
     * indicators under its own name. */
    r->own_plan = P->area == RP_PLAN_ANY || P->area == area;
    if (r->own_plan)
        snprintf(r->heading, sizeof r->heading, "%s: %s", r->scorecard_title, A->name);
    else
        snprintf(r->heading, sizeof r->heading, "Indicators for %s (%s's scorecard set)",
                 A->name, P->area != RP_PLAN_NOWHERE ? ds->areas[P->area].name : P->name);
    r->data_version = R->dver;
    r->neighbour_version = R->nb ? R->nb->version : "none";
    r->data_files = R->in.files;
    r->n_data_files = R->in.n_files;
    r->data_shipped = R->shipped;
    snprintf(r->generated, sizeof r->generated, "%s", R->generated);
    r->quant = R->quant;
    r->gp = R->gp;
    r->n = P->sc.n;
    r->lines = fpc_xmalloc((r->n ? r->n : 1) * sizeof *r->lines);
    memset(r->lines, 0, (r->n ? r->n : 1) * sizeof *r->lines);
    for (size_t i = 0; i < r->n; i++) {
        r->lines[i].sc = &P->sc.rows[i];
        r->lines[i].sc_path = P->path;
        r->lines[i].own_plan = P->row_plan[i] == RP_PLAN_ANY || P->row_plan[i] == area;
        compute_line(&r->lines[i], &c, r);
        if (!r->lines[i].has_data) line_goals_without_data(&r->lines[i]);
    }
}

void rp_report_free(rp_report *r)
{
    for (size_t i = 0; i < r->n; i++) { free(r->lines[i].series); free(r->lines[i].nb); }
    free(r->lines);
    free(r->nb_names);
    free(r->nb_codes);
    memset(r, 0, sizeof *r);
}
