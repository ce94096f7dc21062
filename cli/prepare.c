/* prepare.c -- dataset preparation shared by compare, trend, chart and
 * report, so every command sees the same data: polarity and unit overrides,
 * counts derived from count indicators (or from a population indicator read
 * from a population file) for values published without them, the
 * overrides and count indicators of a scorecard definition, and the choice
 * of neighbour model. The options are spelled the same in every command
 * (FPC_PREP_LONGOPTS). Derived counts are written into the dataset
 * (fp_dataset_set_counts, flagged FP_OBS_DERIVED), so intervals, two-sample
 * tests, trends and funnels computed afterwards all use them. */
#include "cli.h"
#include "io.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void fpc_prep_init(fpc_prep *p)
{
    memset(p, 0, sizeof *p);
}

void fpc_prep_free(fpc_prep *p)
{
    for (size_t i = 0; i < p->n_polarity; i++) free(p->polarity[i]);
    for (size_t i = 0; i < p->n_unit; i++) free(p->unit[i]);
    for (size_t i = 0; i < p->n_num; i++) free(p->num[i]);
    for (size_t i = 0; i < p->n_den; i++) free(p->den[i]);
    free(p->polarity); free(p->unit); free(p->num); free(p->den);
    if (p->sc) rp_scorecard_free(p->sc);
    free(p->sc);
    memset(p, 0, sizeof *p);
}

static void push(char ***v, size_t *n, const char *s)
{
    *v = fpc_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = fpc_strdup(s);
}

int fpc_prep_opt(fpc_prep *p, const char *cmd, int ch, const char *arg)
{
    const char *eq = strchr(arg, '=');
    switch (ch) {
    case FPC_OPT_POLARITY: {
        fp_polarity pol;
        if (!eq || eq == arg || fp_polarity_parse(eq + 1, &pol) != FP_OK)
            return fpc_usage(cmd, "--polarity wants CODE=high|low|none, not '%s'", arg);
        push(&p->polarity, &p->n_polarity, arg);
        return 0;
    }
    case FPC_OPT_UNIT: {
        fp_unit u;
        double m;
        if (!eq || eq == arg || fp_unit_parse(eq + 1, &u, &m) != FP_OK)
            return fpc_usage(cmd, "--unit wants CODE=UNIT (%%, per 10,000, count, ...), not '%s'",
                             arg);
        push(&p->unit, &p->n_unit, arg);
        return 0;
    }
    case FPC_OPT_NUMCODE: case FPC_OPT_DENCODE:
        if (!*arg || eq == arg || (eq && !eq[1]))
            return fpc_usage(cmd, "--%s wants CODE or IND=CODE, not '%s'",
                             ch == FPC_OPT_NUMCODE ? "numerator-code" : "denominator-code", arg);
        if (ch == FPC_OPT_NUMCODE) push(&p->num, &p->n_num, arg);
        else push(&p->den, &p->n_den, arg);
        return 0;
    case FPC_OPT_SCORECARD:
        p->scorecard = arg;
        return 0;
    default:
        return fpc_usage(cmd, "unknown option");
    }
}

int fpc_prep_check(fpc_prep *p, const char *cmd, char *const *inds, size_t n_indicators_named)
{
    p->sole_key = n_indicators_named == 1 ? inds[0] : NULL;
    /* A count indicator without IND= would apply to every indicator: allowed
     * only when one indicator is asked for. */
    for (int w = 0; w < 2 && n_indicators_named != 1; w++) {
        char *const *v = w ? p->den : p->num;
        size_t nv = w ? p->n_den : p->n_num;
        for (size_t i = 0; i < nv; i++)
            if (!strchr(v[i], '='))
                return fpc_usage(cmd, "unless one --indicator is given, write --%s IND=CODE "
                                 "(which indicator is CODE the count of?)",
                                 w ? "denominator-code" : "numerator-code");
    }
    return 0;
}

/* The entry for indicator code in "IND=VALUE" / "VALUE" options: an
 * IND= entry for it wins over a plain one (the last of each kind counts).
 * NULL when none. */
static const char *lookup(char *const *v, size_t n, const char *code, int allow_plain)
{
    const char *any = NULL, *own = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(v[i], '=');
        if (!eq) { if (allow_plain) any = v[i]; }
        else if ((size_t)(eq - v[i]) == strlen(code) && !strncmp(v[i], code, (size_t)(eq - v[i])))
            own = eq + 1;
    }
    return own ? own : any;
}

void fpc_prep_partners(const fpc_prep *p, const char *code, const char **num, const char **den)
{
    int plain = p->sole && !strcmp(p->sole, code);
    *num = lookup(p->num, p->n_num, code, plain);
    *den = lookup(p->den, p->n_den, code, plain);
    if (*num && !strcmp(*num, code)) *num = NULL;
    if (*den && !strcmp(*den, code)) *den = NULL;
}

static int prep_scorecard(fpc_prep *p, const rp_scorecard *sc);

/* Take polarity overrides and count indicators from the scorecard
 * definition's rows (options given on the command line win: they come
 * later in the lists). */
void fpc_prep_use_scorecard(fpc_prep *p, const struct rp_scorecard *sc)
{
    prep_scorecard(p, sc);
    p->scorecard_read = 1;
}

static int prep_scorecard(fpc_prep *p, const rp_scorecard *sc)
{
    char buf[512];
    size_t n0 = p->n_polarity, u0 = p->n_num, d0 = p->n_den;
    for (size_t i = 0; i < sc->n; i++) {
        const rp_sc_row *r = &sc->rows[i];
        if (rp_sc_no_data(r)) continue;
        if (r->polarity[0]) {
            /* The line's polarity is its measure's, whichever source
             * (other_codes) gives the value. */
            fp_polarity pol;
            if (fp_polarity_parse(r->polarity, &pol) == FP_OK) {
                char *codes[RP_MAX_SOURCES];
                size_t nc = rp_sc_codes(r, codes, RP_MAX_SOURCES);
                for (size_t k = 0; k < nc; k++) {
                    snprintf(buf, sizeof buf, "%s=%s", codes[k], r->polarity);
                    push(&p->polarity, &p->n_polarity, buf);
                    free(codes[k]);
                }
            }
        }
        if (r->num_code[0]) {
            snprintf(buf, sizeof buf, "%s=%s", r->code, r->num_code);
            push(&p->num, &p->n_num, buf);
        }
        if (r->den_code[0]) {
            snprintf(buf, sizeof buf, "%s=%s", r->code, r->den_code);
            push(&p->den, &p->n_den, buf);
        }
    }
    /* Move the scorecard's entries before the command line's. */
    char ***lists[3] = { &p->polarity, &p->num, &p->den };
    size_t *ns[3] = { &p->n_polarity, &p->n_num, &p->n_den }, firsts[3] = { n0, u0, d0 };
    for (int k = 0; k < 3; k++) {
        char **v = *lists[k];
        size_t f = firsts[k], n = *ns[k];
        if (!f || f == n) continue;
        char **tmp = fpc_xmalloc(n * sizeof *tmp);
        memcpy(tmp, v + f, (n - f) * sizeof *tmp);
        memcpy(tmp + (n - f), v, f * sizeof *tmp);
        memcpy(v, tmp, n * sizeof *tmp);
        free(tmp);
    }
    return 0;
}

/* Apply "CODE=X" overrides of one kind to the dataset. */
static int apply_overrides(fp_dataset *ds, char *const *v, size_t n, int is_unit)
{
    int rc = 0;
    size_t absent = 0;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(v[i], '=');
        if (!eq) continue;
        char code[256];
        snprintf(code, sizeof code, "%.*s", (int)(eq - v[i]), v[i]);
        size_t ind;
        if (fp_dataset_find_indicator(ds, code, &ind) != FP_OK) {
            /* The first, then a count (a scorecard's 48 polarities against
             * a file of one indicator), unless --verbose. */
            if (absent++ == 0 || fpc_verbosity > 0)
                fpc_warn(NULL, 0, 0, "--%s: indicator '%s' is not in the data",
                         is_unit ? "unit" : "polarity", code);
            continue;
        }
        fp_indicator meta = ds->indicators[ind];
        meta.name = meta.unit_label = meta.definition = meta.source = NULL;
        if (is_unit) {
            if (fp_unit_parse(eq + 1, &meta.unit, &meta.multiplier) != FP_OK) { rc = -1; continue; }
            meta.unit_label = (char *)(eq + 1);
        } else if (fp_polarity_parse(eq + 1, &meta.polarity) != FP_OK) {
            rc = -1;
            continue;
        }
        fp_dataset_indicator_set(ds, ind, &meta);
    }
    if (absent > 1 && fpc_verbosity == 0)
        fpc_warn(NULL, 0, 0, "--%s: %zu more indicators are not in the data (--verbose names each)",
                 is_unit ? "unit" : "polarity", absent - 1);
    return rc;
}

/* Derive the counts of every value of indicator ind published without them
 * (fpc_derive_counts, the rule of docs/methods.md "Derived counts"). */
static size_t derive_indicator(fp_dataset *ds, size_t ind, const char *num, const char *den)
{
    const fp_indicator *I = &ds->indicators[ind];
    size_t n = 0;
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_obs *first;
        size_t ns;
        if (fp_dataset_series(ds, ind, a, &first, &ns) != FP_OK) continue;
        for (size_t k = 0; k < ns; k++) {
            const fp_obs *o = &first[k];
            if (o->missing != FP_MISSING_NONE) continue;
            if ((o->flags & FP_OBS_NUMERATOR) && (o->flags & FP_OBS_DENOMINATOR)) continue;
            if (o->flags & FP_OBS_COUNTS_INVALID) continue;   /* published, but invalid */
            double x, d;
            fpc_derive_status st = fpc_derive_counts(ds, num, den, a, o->period, o->value,
                                                     I->multiplier, &x, &d, NULL, 0);
            if (st < FPC_DERIVE_NO_VALUE && isfinite(x) && isfinite(d)
                && fp_dataset_set_counts(ds, (size_t)(o - ds->obs), x, d, 1) == FP_OK)
                n++;
        }
    }
    return n;
}

int fpc_prep_read_scorecard(fpc_prep *p)
{
    if (p->scorecard_read) return 0;
    /* The shipped demo data come with the shipped scorecard's preparation
     * (polarity and count indicators), so every command on them agrees
     * with the report. */
    char *shipped = !p->scorecard && p->shipped ? fpc_scorecard_default() : NULL;
    const char *path = p->scorecard ? p->scorecard : shipped;
    if (!path) return 0;
    rp_scorecard *sc = fpc_xmalloc(sizeof *sc);
    int st = rp_scorecard_read(path, sc);
    free(shipped);
    if (st != 0) { free(sc); return FPC_EXIT_DATA; }
    prep_scorecard(p, sc);
    p->scorecard_read = 1;
    p->sc = sc;
    return 0;
}

const struct rp_scorecard *fpc_prep_scorecard(const fpc_prep *p)
{
    return p->sc;
}

int fpc_prep_apply(fpc_prep *p, fp_dataset *ds)
{
    int rc = 0;
    if (fpc_prep_read_scorecard(p) != 0) return FPC_EXIT_DATA;
    size_t sole;
    p->sole = p->sole_key && fp_dataset_find_indicator(ds, p->sole_key, &sole) == FP_OK
                  ? ds->indicators[sole].code : NULL;
    if (apply_overrides(ds, p->polarity, p->n_polarity, 0) != 0) rc = FPC_EXIT_DATA;
    if (apply_overrides(ds, p->unit, p->n_unit, 1) != 0) rc = FPC_EXIT_DATA;
    if (!p->n_num && !p->n_den) return rc;
    /* Each indicator named with IND= (or, for plain CODE entries, the one
     * --indicator: fpc_prep_check allows them only then) gets its counts
     * derived. */
    for (size_t ind = 0; ind < ds->n_indicators; ind++) {
        const char *num, *den;
        fpc_prep_partners(p, ds->indicators[ind].code, &num, &den);
        if (!num && !den) continue;
        if (ds->indicators[ind].unit != FP_UNIT_RATE && ds->indicators[ind].unit != FP_UNIT_PERCENT
            && ds->indicators[ind].unit != FP_UNIT_PROPORTION)
            continue;
        size_t k;
        if (num && fp_dataset_find_indicator(ds, num, &k) != FP_OK)
            fpc_warn(NULL, 0, 0, "count indicator '%s' (numerator of %s) is not in the data", num,
                     ds->indicators[ind].code);
        if (den && fp_dataset_find_indicator(ds, den, &k) != FP_OK)
            fpc_warn(NULL, 0, 0, "count indicator '%s' (denominator of %s) is not in the data",
                     den, ds->indicators[ind].code);
        derive_indicator(ds, ind, num, den);
    }
    return rc;
}

/* The year in a neighbour model version ("sn_may_2025" -> 2025), 0 if none. */
static int version_year(const char *v)
{
    int best = 0;
    for (const char *p = v; *p; p++)
        if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            (p == v || !isdigit((unsigned char)p[-1])) && !isdigit((unsigned char)p[4])) {
            int y = atoi(p);
            if (y > best) best = y;
        }
    return best;
}

int fpc_prep_neighbours(fp_neighbours *const *nbs, size_t n, const char *version,
                        const fp_neighbours **out)
{
    *out = NULL;
    if (version) {
        for (size_t i = 0; i < n; i++)
            if (nbs[i] && nbs[i]->version && !strcmp(nbs[i]->version, version)) *out = nbs[i];
        if (!*out) {
            fpc_error(NULL, 0, 0, "no neighbour model '%s' was loaded (%zu loaded%s)", version, n,
                      n ? ": give its file as data" : "");
            return FPC_EXIT_DATA;
        }
        return 0;
    }
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        int y = version_year(nbs[i]->version ? nbs[i]->version : "");
        if (y >= best) { best = y; *out = nbs[i]; }
    }
    return 0;
}
