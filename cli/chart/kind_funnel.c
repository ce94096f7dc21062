/* kind_funnel.c -- `chart funnel`: every local authority's value against
 * its denominator with control limits (overdispersion as FunnelPlotR). */
#include "cli.h"
#include "io.h"
#include "plots.h"
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The count indicators given for indicator code: an "IND=CODE" entry for
 * it wins over a plain "CODE" (the last of each kind counts). NULL when
 * none, or when the count indicator is the indicator itself. */
static const char *partner_code(char *const *v, size_t n, const char *code)
{
    const char *any = NULL, *own = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(v[i], '=');
        if (!eq) any = v[i];
        else if ((size_t)(eq - v[i]) == strlen(code) && !strncmp(v[i], code, (size_t)(eq - v[i])))
            own = eq + 1;
    }
    const char *r = own ? own : any;
    return r && strcmp(r, code) ? r : NULL;
}

/* The local authorities of one funnel chart, with where their
 * denominators came from. */
typedef struct funnel_data {
    const char **names;
    double *v, *den;          /* value and denominator of each of n areas */
    double *num;              /* each area's count: published, else value x den / mult */
    char **src;               /* where each denominator came from (NULL unless derived) */
    size_t n, selected;       /* areas; index of the selected one, or (size_t)-1 */
    size_t n_own, n_from_num, n_from_den, n_failed;   /* denominators by source */
    const char *ncode, *dcode;   /* the count indicators to derive from, or NULL */
    double mult;
} funnel_data;

/* The period, kind and centre (England's value) of indicator ind's funnel:
 * NULL, or why no chart can be made. */
static const char *funnel_setup(const ch_ctx *c, size_t ind, size_t *period, fpp_funnel_type *type,
                                double *eng)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    if (c->o->period && strcmp(c->o->period, "latest")) {
        if (fp_dataset_find_period(ds, c->o->period, period) != FP_OK) return "no such period";
    } else if (fp_dataset_latest_period(ds, ind, period) != FP_OK) {
        return "no values";
    }
    if (c->o->statistic >= 0)
        *type = c->o->statistic == FP_FUNNEL_PROPORTION ? FPP_FUNNEL_PROPORTION
              : c->o->statistic == FP_FUNNEL_RATIO ? FPP_FUNNEL_RATIO : FPP_FUNNEL_RATE;
    else if (ch_is_percent(in)) *type = FPP_FUNNEL_PROPORTION;
    else if (in->unit == FP_UNIT_RATE) *type = FPP_FUNNEL_RATE;
    else if (in->unit == FP_UNIT_RATIO) *type = FPP_FUNNEL_RATIO;
    else return "funnel plots need a rate, a proportion or a ratio (--statistic)";
    *eng = ch_lookup_value(ds, ind, c->england, *period);
    if (!isfinite(*eng)) return "no England value";
    return NULL;
}

/* Every local authority with a value in the period and a denominator: its
 * own (published), or derived from the count indicators (cli/counts.c, as
 * the report does) when --numerator-code or --denominator-code name one for
 * this indicator; an area whose denominator cannot be derived is kept with
 * none, so the builder lists it as skipped with why. */
static void funnel_collect(const ch_ctx *c, size_t ind, long sel, size_t period, funnel_data *f)
{
    const fp_dataset *ds = c->ds;
    int derive = f->ncode || f->dcode;
    size_t cap = ds->n_areas ? ds->n_areas : 1;
    f->names = fpc_xmalloc(cap * sizeof *f->names);
    f->v = fpc_xmalloc(3 * cap * sizeof *f->v);
    f->den = f->v + cap;
    f->num = f->den + cap;
    f->src = derive ? calloc(cap, sizeof *f->src) : NULL;
    if (derive && !f->src) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    f->selected = (size_t)-1;
    for (size_t a = 0; a < ds->n_areas; a++) {
        if (ds->areas[a].kind != FP_AREA_LA) continue;
        const fp_obs *o;
        if (fp_dataset_lookup(ds, ind, a, period, &o) != FP_OK) continue;
        if (o->missing != FP_MISSING_NONE) continue;
        size_t n = f->n;
        f->num[n] = NAN;
        if ((o->flags & FP_OBS_DENOMINATOR) && !(o->flags & FP_OBS_DERIVED)) {
            const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
            f->den[n] = x->denominator;
            if (o->flags & FP_OBS_NUMERATOR) f->num[n] = x->numerator;
            if (f->src) f->src[n] = fpc_strdup("published");
            f->n_own++;
        } else if (derive) {
            char note[300], why[360];
            double dn, dd;
            fpc_derive_status st = fpc_derive_counts(ds, f->ncode, f->dcode, a, period, o->value,
                                                     f->mult, &dn, &dd, note, sizeof note);
            if (st < FPC_DERIVE_NO_VALUE && isfinite(dd) && dd > 0) {
                f->den[n] = dd;
                f->src[n] = fpc_strdup(note);
                if (st == FPC_DERIVE_DENOMINATOR) f->n_from_num++; else f->n_from_den++;
            } else {
                snprintf(why, sizeof why, "denominator not derived: %s",
                         st < FPC_DERIVE_NO_VALUE ? "derived denominator not positive" : note);
                f->den[n] = NAN;
                f->src[n] = fpc_strdup(why);
                f->n_failed++;
            }
        } else {
            continue;
        }
        if ((long)a == sel) f->selected = n;
        f->names[n] = ds->areas[a].name;
        f->v[n] = o->value;
        if (isnan(f->num[n])) f->num[n] = o->value * f->den[n] / f->mult;
        f->n++;
    }
}

/* Say on the chart (its x label), in its alt text (note) and in its CSV
 * (the denominator_source column) that denominators were derived, from
 * what, for how many areas, and how many were left out. Sets s->xlabel and
 * s->note into the buffers given when there is anything to say. */
static void funnel_note(const funnel_data *f, fpp_funnel *s, char *xlabel, size_t xsz,
                        char *note, size_t nsz)
{
    if (!(f->ncode || f->dcode)) return;
    if (f->n_from_num + f->n_from_den) {
        snprintf(xlabel, xsz, "Denominator (%s from %s)",
                 f->n_from_num ? "derived" : "taken", f->n_from_num ? f->ncode : f->dcode);
        s->xlabel = xlabel;
        size_t k = 0;
        k += (size_t)snprintf(note, nsz, "Denominators");
        if (f->n_from_num && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, " derived from the count "
                                  "indicator %s as count x %g / value for %zu area%s",
                                  f->ncode, f->mult, f->n_from_num, f->n_from_num == 1 ? "" : "s");
        if (f->n_from_den && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, "%s taken from the indicator %s "
                                  "for %zu area%s", f->n_from_num ? ";" : "", f->dcode, f->n_from_den,
                                  f->n_from_den == 1 ? "" : "s");
        if (f->n_own && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, "; published with the data for "
                                  "%zu area%s", f->n_own, f->n_own == 1 ? "" : "s");
        if (f->n_from_num && k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, "; derived denominators are "
                                  "approximate because published values are rounded");
        if (k < nsz)
            k += (size_t)snprintf(note + k, nsz - k, ".");
        if (f->n_failed && k < nsz)
            snprintf(note + k, nsz - k, " %zu area%s left out: no denominator could "
                     "be derived.", f->n_failed, f->n_failed == 1 ? "" : "s");
        s->note = note;
    } else if (f->n_failed) {
        snprintf(note, nsz, "%zu area%s left out: no denominator could be derived.",
                 f->n_failed, f->n_failed == 1 ? "" : "s");
        s->note = note;
    }
}

/* The chart's category of a funnel flag, by the indicator's polarity. */
static fpp_sig flag_category(fp_funnel_sig g, fp_polarity pol)
{
    int high = g == FP_FUNNEL_HIGH_2S || g == FP_FUNNEL_HIGH_3S;
    int low = g == FP_FUNNEL_LOW_2S || g == FP_FUNNEL_LOW_3S;
    if (g == FP_FUNNEL_NOT_SIGNIFICANT) return FPP_SIG_SIMILAR;
    if (!high && !low) return FPP_SIG_NOT_COMPARED;
    if (pol == FP_POLARITY_HIGH) return high ? FPP_SIG_BETTER : FPP_SIG_WORSE;
    if (pol == FP_POLARITY_LOW) return high ? FPP_SIG_WORSE : FPP_SIG_BETTER;
    return high ? FPP_SIG_HIGHER : FPP_SIG_LOWER;
}

/* The overdispersion fit of the funnel's areas around England (the
 * library's fp_funnel_od_fit; *fit keeps the kind and target, with phi NaN,
 * when it cannot be made, so OHID's limits and flags still apply), each
 * area's flag (fp_funnel_od_sig) and chart category, and the sentence on
 * the limits. */
static void funnel_flags(const ch_ctx *c, const funnel_data *f, fpp_funnel_type type, double eng,
                         fp_polarity pol, fp_od_fit *fit, fpp_sig *cat, const char **flag,
                         char *note, size_t nsz)
{
    const fpc_funnel_opts *fo = &c->o->funnel;
    fp_funnel_kind kind = type == FPP_FUNNEL_PROPORTION ? FP_FUNNEL_PROPORTION
                        : type == FPP_FUNNEL_RATIO ? FP_FUNNEL_RATIO : FP_FUNNEL_RATE;
    fp_od_spec sp;
    fpc_funnel_spec(fo, kind, eng / f->mult, &sp);
    int st = fp_funnel_od_fit(&sp, f->num, f->den, f->n, NULL, fit);
    if (st != FP_OK) {
        memset(fit, 0, sizeof *fit);
        fit->kind = kind;
        fit->scale = sp.scale;
        fit->target = eng / f->mult;
        fit->phi = fit->tau2 = NAN;
        snprintf(note, nsz, "Overdispersion could not be estimated (%s): OHID's limits are drawn.",
                 fp_strerror(st));
    } else {
        fpc_funnel_note(fo, fit, note, nsz);
    }
    for (size_t i = 0; i < f->n; i++) {
        fp_funnel_sig g = FP_FUNNEL_NOT_APPLICABLE;
        if (isfinite(f->v[i]) && f->den[i] > 0) fp_funnel_od_sig(fit, fo->method, f->num[i], f->den[i], &g);
        cat[i] = flag_category(g, pol);
        flag[i] = g == FP_FUNNEL_NOT_APPLICABLE ? "" : fp_funnel_sig_name(g);
    }
}

/* One funnel chart: indicator ind in its period (--period or its latest),
 * every local authority against its denominator, area sel (or none, -1)
 * highlighted. */
void ch_build_funnel(ch_ctx *c, size_t ind, long sel)
{
    const fp_dataset *ds = c->ds;
    const fp_indicator *in = &ds->indicators[ind];
    const char *sel_code = sel >= 0 ? ds->areas[sel].code : NULL;
    size_t period;
    fpp_funnel_type type;
    double eng;
    const char *why = funnel_setup(c, ind, &period, &type, &eng);
    if (why) { ch_not_made(c, in->code, sel_code, why); return; }
    funnel_data f;
    memset(&f, 0, sizeof f);
    f.mult = in->multiplier > 0 ? in->multiplier : (type == FPP_FUNNEL_PROPORTION ? 100 : 1);
    f.ncode = partner_code(c->o->num_codes, c->o->n_num, in->code);
    f.dcode = partner_code(c->o->den_codes, c->o->n_den, in->code);
    funnel_collect(c, ind, sel, period, &f);
    if (f.n_own + f.n_from_num + f.n_from_den == 0) {
        if (f.ncode || f.dcode) {
            char msg[400];
            snprintf(msg, sizeof msg, "no local authority has a denominator, and none could be "
                     "derived from %s%s%s", f.ncode ? f.ncode : "", f.ncode && f.dcode ? " or " : "",
                     f.dcode ? f.dcode : "");
            ch_not_made(c, in->code, sel_code, msg);
        } else {
            ch_not_made(c, in->code, sel_code, "no local authority has a denominator");
        }
    } else {
        char title[600], name[512], xlabel[300], note[1200], lnote[400];
        fp_od_fit fit;
        fpp_sig *cat = fpc_xmalloc((f.n ? f.n : 1) * sizeof *cat);
        const char **flag = fpc_xmalloc((f.n ? f.n : 1) * sizeof *flag);
        funnel_flags(c, &f, type, eng, in->polarity, &fit, cat, flag, lnote, sizeof lnote);
        snprintf(title, sizeof title, "%s, %s", ch_ind_title(in), ds->periods[period].label);
        fpp_funnel s = { 0 };
        s.title = title;
        s.subtitle = "Local authorities in England";
        s.xlabel = "Denominator";
        funnel_note(&f, &s, xlabel, sizeof xlabel, note, sizeof note);
        s.ylabel = ch_unit_text(in);
        s.n = f.n; s.names = f.names; s.value = f.v; s.denominator = f.den; s.selected = f.selected;
        s.den_source = (const char *const *)f.src;
        s.type = type;
        s.multiplier = f.mult;
        s.centre = eng;
        s.polarity = in->polarity;
        s.dps = in->dps;
        s.sig = cat;
        s.flag = flag;
        s.limits_note = lnote;
        if (c->o->funnel.method != FP_OD_NONE && isfinite(fit.phi)) {
            s.od = &fit;
            s.od_method = c->o->funnel.method;
        }
        if (type == FPP_FUNNEL_RATIO && !strcmp(s.xlabel, "Denominator")) s.xlabel = "Expected count";
        ch_chart_name(name, sizeof name, "funnel", in->code, sel_code);
        fpp_chart *ch = NULL;
        int st = fpp_funnel_chart(&s, name, &ch);
        free(cat);
        free(flag);
        if (st == FP_OK) ch_keep(c, ch, in->code, sel_code);
        else ch_not_made(c, in->code, sel_code, "cannot build the chart (England value outside the unit's range?)");
    }
    if (f.src) for (size_t i = 0; i < f.n; i++) free(f.src[i]);
    free(f.src);
    free(f.names); free(f.v);
}

