/* series.c -- period helpers and the projection of a series to a target
 * period, shared by `fingerpost trend` (the project method) and `fingerpost
 * compare` (the target outlook), so both judge "will it meet the target" by
 * the same rules. The statistics are fp_trend_project's (stats/src/
 * trend_project.c); this file only decides whether a projection can be asked
 * for and says why not. */
#include "cli.h"

#include <math.h>
#include <string.h>

long fpc_period_class(const fp_period *p)
{
    return ((long)p->kind * 100 + p->span) * 10 + p->variant * 2
           + (p->kind == FP_PERIOD_SPAN ? p->sub : 0) * 4;
}

void fpc_period_next(const fp_period *p, fp_period *next)
{
    *next = *p;
    switch (p->kind) {
    case FP_PERIOD_QUARTER:
        if (++next->sub > 4) { next->sub = 1; next->year++; }
        break;
    case FP_PERIOD_MONTH:
        if (++next->sub > 12) { next->sub = 1; next->year++; }
        break;
    default:            /* years, split years and rolling spans move by a year */
        next->year++;
        break;
    }
}

int fpc_projection_parse(const char *s, fp_projection_model *m)
{
    if (!strcmp(s, "linear")) *m = FP_PROJECT_LINEAR;
    else if (!strcmp(s, "loglinear") || !strcmp(s, "log-linear")) *m = FP_PROJECT_LOGLINEAR;
    else return -1;
    return 0;
}

const char *fpc_project(const fp_trend_series *s, long series_class, const fp_period *to,
                        fp_projection_model model, double target, fp_polarity polarity,
                        const fp_trend_options *tr, fp_projection *p)
{
    memset(p, 0, sizeof *p);
    p->model = model;
    p->slope = p->intercept = p->fit = p->lower = p->upper = NAN;
    p->meets_target = -1;
    p->outlook = FP_OUTLOOK_NONE;
    if (fpc_period_class(to) != series_class)
        return "the target period is not of the same kind as the series";
    p->t_target = (double)fp_period_index(to);
    if (fp_trend_project(s, model, p->t_target, target, polarity, tr, p) != FP_OK)
        return "invalid projection";
    if (p->reason != FP_TREND_REASON_NONE && p->reason != FP_TREND_REASON_NO_POLARITY)
        return fp_trend_reason_string(p->reason);
    return NULL;
}
