/* spc_opts.c -- the SPC options that `trend --method spc` and `chart spc`
 * share, spelled as NHSRplotthedots' ptd_spc arguments: --rebase (period
 * labels where the limits are recalculated), --fix-after-n-points (a fixed
 * baseline), --improvement-direction (increase, decrease or neutral,
 * overriding the indicator's polarity) and --spc-min-points. The
 * statistics are the library's (fingerpost/spc.h); this file only parses
 * the options and turns rebase periods into point indices of a series. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void fpc_spc_opts_init(fpc_spc_opts *o)
{
    memset(o, 0, sizeof *o);
    o->direction = FP_POLARITY_NONE;
}

void fpc_spc_opts_free(fpc_spc_opts *o)
{
    free(o->rebase);
    o->rebase = NULL;
    o->n_rebase = 0;
}

int fpc_spc_opt(fpc_spc_opts *o, const char *cmd, int ch, const char *arg)
{
    switch (ch) {
    case FPC_OPT_SPC_REBASE: {
        size_t n;
        char **v = fpc_split(arg, ',', &n);
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++) {
            fp_period p;
            if (fp_period_parse(v[i], &p) != FP_OK) {
                rc = fpc_usage(cmd, "--rebase: '%s' is not a period (e.g. 2019, 2019/20, "
                               "2019 Q2, 2019-04)", v[i]);
                break;
            }
            o->rebase = fpc_xrealloc(o->rebase, (o->n_rebase + 1) * sizeof *o->rebase);
            o->rebase[o->n_rebase++] = p;
        }
        if (n == 0) rc = fpc_usage(cmd, "--rebase wants one or more periods, comma-separated");
        fpc_free_strv(v);
        return rc;
    }
    case FPC_OPT_SPC_FIX: {
        double v;
        if (fpc_parse_double(arg, 0, &v) != 0 || v != floor(v) || v < FP_SPC_MIN_BASELINE ||
            v > 1e9)
            return fpc_usage(cmd, "--fix-after-n-points must be a whole number of at least %d "
                             "(Making Data Count), not '%s'", FP_SPC_MIN_BASELINE, arg);
        o->fix_after = (size_t)v;
        return 0;
    }
    case FPC_OPT_SPC_DIRECTION:
        if (!strcmp(arg, "increase")) o->direction = FP_POLARITY_HIGH;
        else if (!strcmp(arg, "decrease")) o->direction = FP_POLARITY_LOW;
        else if (!strcmp(arg, "neutral")) o->direction = FP_POLARITY_NONE;
        else
            return fpc_usage(cmd, "--improvement-direction must be increase, decrease or "
                             "neutral, not '%s'", arg);
        o->direction_set = 1;
        return 0;
    case FPC_OPT_SPC_MIN: {
        double v;
        if (fpc_parse_double(arg, 0, &v) != 0 || v < 2 || v != floor(v) || v > 1e9)
            return fpc_usage(cmd, "--spc-min-points must be a whole number of at least 2, "
                             "not '%s'", arg);
        o->min_points = (size_t)v;
        return 0;
    }
    }
    return fpc_usage(cmd, "unknown SPC option");
}

size_t fpc_spc_apply(const fpc_spc_opts *o, fp_polarity polarity, const long *tindex, long cls,
                     size_t n, fp_spc_options *so, size_t *rebase)
{
    so->polarity = o->direction_set ? o->direction : polarity;
    if (o->fix_after) so->baseline = o->fix_after;
    if (o->min_points) so->min_points = o->min_points;
    /* Each rebase period that is a point of this series (not its first)
     * starts a segment; the others are ignored, as ptd_spc ignores rebase
     * dates that are not in the data. Kept ascending and unique. */
    size_t nr = 0;
    for (size_t k = 1; k < n; k++) {
        for (size_t j = 0; j < o->n_rebase; j++) {
            if (fp_period_class(&o->rebase[j]) != cls) continue;
            if (fp_period_index(&o->rebase[j]) == tindex[k]) { rebase[nr++] = k; break; }
        }
    }
    so->rebase = nr ? rebase : NULL;
    so->n_rebase = nr;
    return nr;
}
