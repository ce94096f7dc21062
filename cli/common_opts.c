/* common_opts.c -- option and selection glue shared by the subcommands:
 * --area / --indicator values (which may be lists or names with commas),
 * turned into dataset indices with one wording of the "not in the data"
 * message and a "did you mean" suggestion. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fpc_parse_level(const char *s, double *level)
{
    double x;
    if (fpc_parse_double(s, 0, &x) != 0) return -1;
    if (x >= 1.0) x /= 100.0;            /* 95 -> 0.95; 0.95 stays */
    if (!(x > 0.0 && x < 1.0)) return -1;
    *level = x;
    return 0;
}

int fpc_opt_whole(const char *cmd, const char *opt, const char *arg, long min, long max, long *out)
{
    /* Decimal digits only: no sign, exponent, hexadecimal, spaces or
     * thousands separators, so "1e1", "0x2", " 3" and "2.0" are refused
     * alike by every command; 18 digits cannot overflow a long. */
    size_t n = strlen(arg);
    int ok = n > 0 && n <= 18 && strspn(arg, "0123456789") == n;
    long v = ok ? strtol(arg, NULL, 10) : 0;
    if (!ok || v < min || v > max) {
        if (max == LONG_MAX)
            return fpc_usage(cmd, "%s wants a whole number of at least %ld, not '%s'", opt, min, arg);
        return fpc_usage(cmd, "%s wants a whole number from %ld to %ld, not '%s'", opt, min, max, arg);
    }
    *out = v;
    return 0;
}

int fpc_opt_named(const char *cmd, const char *opt, const char *arg)
{
    if (*arg) return 0;
    return fpc_usage(cmd, "%s wants a name or code, not an empty one", opt);
}

int fpc_opt_period(const char *cmd, const char *opt, const char *arg)
{
    fp_period p;
    if (!strcmp(arg, "latest") || fp_period_parse(arg, &p) == FP_OK) return 0;
    return fpc_usage(cmd, "%s '%s' is not a period (latest, or e.g. 2024, 2024/25, 2024 Q1, "
                     "2024-03)", opt, arg);
}

int fpc_bad_option(const char *cmd, const char *optstring, char **argv)
{
    const char *arg = optind > 0 && argv[optind - 1] ? argv[optind - 1] : "";
    if (optopt && !strncmp(arg, "--", 2))   /* a known long option */
        return fpc_usage(cmd, strchr(arg, '=') ? "option '%s' takes no value"
                                               : "option '%s' needs a value", arg);
    if (optopt && optopt != ':' && strchr(optstring, optopt))
        return fpc_usage(cmd, "option '-%c' needs a value", optopt);
    if (optopt) return fpc_usage(cmd, "unknown option '-%c'", optopt);
    return fpc_usage(cmd, "unknown option '%s'", arg);
}

int fpc_parse_chart_timeout(const char *cmd, const char *arg, double *timeout)
{
    double s;
    if (fpc_parse_double(arg, 0, &s) != 0 || s < 0 || s > 1e6)
        return fpc_usage(cmd, "--chart-timeout wants seconds (0 for no limit), not '%s'", arg);
    *timeout = s > 0 ? s : -1.0;   /* fpp_render: < 0 is no limit */
    return 0;
}

void fpc_list_append(char ***v, size_t *n, const char *arg)
{
    if (!arg || !*arg) return;
    *v = fpc_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = fpc_strdup(arg);
}

typedef int (*find_fn)(const fp_dataset *ds, const char *key, size_t *index);

/* Report key as not found, with the nearest names of the data. */
static void not_found(const fp_dataset *ds, int areas, const char *key)
{
    fpc_suggest sg;
    fpc_suggest_init(&sg, key);
    if (areas) fpc_suggest_areas(&sg, ds); else fpc_suggest_indicators(&sg, ds);
    if (areas)
        fpc_error(NULL, 0, 0, "area '%s' is not in the data (give a name, code or old LA number)%s",
                  key, fpc_suggest_text(&sg));
    else
        fpc_error(NULL, 0, 0, "indicator '%s' is not in the data%s (list them with "
                  "'fingerpost indicators --search WORDS')", key, fpc_suggest_text(&sg));
    fpc_suggest_free(&sg);
}

/* Resolve one option value into v (indices), as documented for
 * fpc_select_areas: whole first, then as a comma list when every piece is
 * known. When some pieces are known, the unknown ones are reported; when
 * none is, the whole value is. Returns 0 or -1. */
static int resolve(const fp_dataset *ds, int areas, const char *key, size_t **v, size_t *n,
                   size_t *cap)
{
    /* Areas are also found by the name normalised as the area identity
     * normalises it ("Telford & Wrekin", "St Helens"). */
    find_fn find = areas ? fpc_find_area_any : fp_dataset_find_indicator;
    size_t idx;
    int whole = find(ds, key, &idx) == FP_OK;
    if (whole || !strchr(key, ',')) {
        if (!whole) { not_found(ds, areas, key); return -1; }
        if (*n == *cap) { *cap = *cap * 2 + 8; *v = fpc_xrealloc(*v, *cap * sizeof **v); }
        (*v)[(*n)++] = idx;
        return 0;
    }
    size_t np, known = 0;
    char **parts = fpc_split(key, ',', &np);
    for (size_t i = 0; i < np; i++) {
        /* Pieces are trimmed: "Sefton, Knowsley" is two areas. */
        char *p = parts[i];
        while (*p == ' ') memmove(p, p + 1, strlen(p));
        size_t l = strlen(p);
        while (l && p[l - 1] == ' ') p[--l] = '\0';
        if (!*p) continue;
        known += find(ds, p, &idx) == FP_OK;
    }
    int rc = 0;
    if (known == 0) {
        not_found(ds, areas, key);
        rc = -1;
    } else {
        for (size_t i = 0; i < np; i++) {
            if (!*parts[i]) continue;
            if (find(ds, parts[i], &idx) != FP_OK) { not_found(ds, areas, parts[i]); rc = -1; continue; }
            if (*n == *cap) { *cap = *cap * 2 + 8; *v = fpc_xrealloc(*v, *cap * sizeof **v); }
            (*v)[(*n)++] = idx;
        }
    }
    fpc_free_strv(parts);
    return rc;
}

int fpc_select_areas(const fp_dataset *ds, const char *const *names, size_t n_names,
                     int all_las, size_t **out, size_t *n_out)
{
    size_t cap = ds->n_areas + n_names + 1, n = 0;
    size_t *v = fpc_xmalloc(cap * sizeof *v);
    int rc = 0;
    if (all_las) {
        for (size_t a = 0; a < ds->n_areas; a++)
            if (ds->areas[a].kind == FP_AREA_LA) v[n++] = a;
    } else {
        for (size_t i = 0; i < n_names; i++)
            if (resolve(ds, 1, names[i], &v, &n, &cap) != 0) rc = -1;
    }
    *out = v;
    *n_out = n;
    return rc;
}

int fpc_select_indicators(const fp_dataset *ds, const char *const *names, size_t n_names,
                          size_t **out, size_t *n_out)
{
    size_t cap = ds->n_indicators + n_names + 1, n = 0;
    size_t *v = fpc_xmalloc(cap * sizeof *v);
    int rc = 0;
    if (n_names == 0) {
        for (size_t k = 0; k < ds->n_indicators; k++) v[n++] = k;
    } else {
        for (size_t i = 0; i < n_names; i++)
            if (resolve(ds, 0, names[i], &v, &n, &cap) != 0) rc = -1;
    }
    *out = v;
    *n_out = n;
    return rc;
}

/* ------------------------------------------------------------ funnels */

void fpc_funnel_opts_init(fpc_funnel_opts *f)
{
    f->method = FP_OD_NONE;
    f->trim = FP_OD_WINSORISE;
    f->trim_by = 0.1;
    f->scale = FP_OD_SCALE_LOG;
}

int fpc_sii_opt(fp_sii_options *o, const char *cmd, int ch, const char *arg)
{
    double x;
    switch (ch) {
    case FPC_OPT_SII_REPS:
        if (fpc_parse_double(arg, 1, &x) != 0 || x != floor(x) || x < 1000 || x > 1e8)
            return fpc_usage(cmd, "--repetitions must be a whole number from 1000 to "
                             "100,000,000, not '%s'", arg);
        o->repetitions = (size_t)x;
        return 0;
    case FPC_OPT_SII_SEED:
        if (fpc_parse_double(arg, 0, &x) != 0 || x != floor(x) || fabs(x) > 2147483647.0)
            return fpc_usage(cmd, "--seed must be a whole number (as R's set.seed), not '%s'",
                             arg);
        /* As R: set.seed takes an integer, used modulo 2^32. */
        o->seed = (unsigned long)(uint32_t)(int32_t)x;
        return 0;
    default: /* FPC_OPT_SII_CI */
        if (!strcmp(arg, "simulation")) o->ci_method = FP_SII_CI_SIMULATION;
        else if (!strcmp(arg, "analytic")) o->ci_method = FP_SII_CI_ANALYTIC;
        else return fpc_usage(cmd, "--sii-ci must be simulation or analytic, not '%s'", arg);
        return 0;
    }
}

int fpc_quantile_opt(fpc_quantile_opts *q, const char *cmd, int ch, const char *arg)
{
    double x;
    switch (ch) {
    case FPC_OPT_QUANTILES:
        if (fpc_parse_double(arg, 0, &x) != 0 || x != floor(x) || x < 1 || x > 100)
            return fpc_usage(cmd, "--quantiles wants a whole number of groups from 1 to 100 "
                             "(10: deciles), not '%s'", arg);
        q->k = (int)x;
        return 0;
    case FPC_OPT_QWITHIN:
        if (!strcmp(arg, "england")) q->within_region = 0;
        else if (!strcmp(arg, "region")) q->within_region = 1;
        else return fpc_usage(cmd, "--quantile-within wants england or region, not '%s'", arg);
        return 0;
    default: /* FPC_OPT_QORDER */
        if (!strcmp(arg, "best")) q->order = FP_QORDER_BEST;
        else if (!strcmp(arg, "high")) q->order = FP_QORDER_HIGH;
        else if (!strcmp(arg, "low")) q->order = FP_QORDER_LOW;
        else return fpc_usage(cmd, "--quantile-order wants best, high or low, not '%s'", arg);
        return 0;
    }
}

int fpc_funnel_opt(fpc_funnel_opts *f, const char *cmd, int ch, const char *arg)
{
    switch (ch) {
    case FPC_OPT_OVERDISPERSION:
        if (!strcmp(arg, "none")) f->method = FP_OD_NONE;
        else if (!strcmp(arg, "multiplicative")) f->method = FP_OD_MULTIPLICATIVE;
        else if (!strcmp(arg, "additive")) f->method = FP_OD_ADDITIVE;
        else return fpc_usage(cmd, "--overdispersion wants none, multiplicative or additive, not '%s'", arg);
        return 0;
    case FPC_OPT_OD_TRIM:
        if (!strcmp(arg, "winsorise") || !strcmp(arg, "winsorize")) f->trim = FP_OD_WINSORISE;
        else if (!strcmp(arg, "truncate")) f->trim = FP_OD_TRUNCATE;
        else return fpc_usage(cmd, "--od-trim wants winsorise or truncate, not '%s'", arg);
        return 0;
    case FPC_OPT_OD_TRIM_BY: {
        double x;
        if (fpc_parse_double(arg, 0, &x) != 0 || !(x >= 0 && x < 0.5))
            return fpc_usage(cmd, "--od-trim-by wants a fraction from 0 to below 0.5 (0.1 is 10%% "
                             "each tail), not '%s'", arg);
        f->trim_by = x;
        return 0;
    }
    case FPC_OPT_OD_SCALE:
        if (!strcmp(arg, "log")) f->scale = FP_OD_SCALE_LOG;
        else if (!strcmp(arg, "sqrt")) f->scale = FP_OD_SCALE_SQRT;
        else return fpc_usage(cmd, "--od-scale wants log or sqrt, not '%s'", arg);
        return 0;
    default:
        return fpc_usage(cmd, "unknown funnel option");
    }
}

int fpc_funnel_check(const fpc_funnel_opts *f, const char *cmd)
{
    if (f->trim == FP_OD_TRUNCATE) {
        double k = f->trim_by > 0 ? 1.0 / f->trim_by : 0;
        if (!(k >= 3) || fabs(k - nearbyint(k)) > 1e-9 * k)
            return fpc_usage(cmd, "--od-trim truncate groups the areas into 1/F groups: "
                             "--od-trim-by must be 1/3, 0.25, 0.2, 0.1, 0.05, ...");
    }
    return 0;
}

void fpc_funnel_spec(const fpc_funnel_opts *f, fp_funnel_kind kind, double target,
                     fp_od_spec *sp)
{
    sp->kind = kind;
    sp->scale = kind == FP_FUNNEL_PROPORTION ? FP_OD_SCALE_ARCSINE : f->scale;
    sp->trim = f->trim;
    sp->trim_by = f->trim_by;
    sp->target = target;
}

void fpc_funnel_note(const fpc_funnel_opts *f, const fp_od_fit *fit, char *buf, size_t size)
{
    char how[120];
    snprintf(how, sizeof how, "z-scores on the %s scale %s %g%% each tail",
             fp_od_scale_name(fit->scale), f->trim == FP_OD_TRUNCATE ? "truncated" : "Winsorised",
             100 * f->trim_by);
    char p[40];
    if (fit->p_value < 0.001) snprintf(p, sizeof p, "p < 0.001");
    else snprintf(p, sizeof p, "p %.2g", fit->p_value);
    if (f->method == FP_OD_MULTIPLICATIVE && fit->phi > 1)
        snprintf(buf, size, "Limits adjusted for overdispersion (multiplicative: phi %.4g; %s; "
                 "%zu areas).", fit->phi, how, fit->n);
    else if (f->method == FP_OD_ADDITIVE && fit->phi > 1)
        snprintf(buf, size, "Limits adjusted for overdispersion (additive: tau^2 %.4g, phi %.4g; "
                 "%s; %zu areas).", fit->tau2, fit->phi, how, fit->n);
    else if (f->method != FP_OD_NONE)
        snprintf(buf, size, "No overdispersion (phi %.4g <= 1; %s): OHID's limits are drawn.",
                 fit->phi, how);
    else if (fit->phi > 1 && fit->p_value < 0.05)
        snprintf(buf, size, "The areas vary more than chance allows (overdispersion phi %.4g, "
                 "%s; %s): --overdispersion additive or multiplicative widens the limits.",
                 fit->phi, p, how);
    else
        snprintf(buf, size, "No evidence of overdispersion (phi %.4g, %s).", fit->phi, p);
}
