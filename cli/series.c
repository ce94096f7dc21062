/* series.c -- option parsing for projections, shared by `fingerpost trend`
 * (the project method) and the commands that judge targets. The projection
 * itself is the library's (fp_trend_project_period, stats/src/
 * trend_project.c). */
#include "cli.h"

#include <math.h>
#include <string.h>

int fpc_projection_parse(const char *s, fp_projection_model *m)
{
    if (!strcmp(s, "linear")) *m = FP_PROJECT_LINEAR;
    else if (!strcmp(s, "loglinear") || !strcmp(s, "log-linear")) *m = FP_PROJECT_LOGLINEAR;
    else if (!strcmp(s, "logit")) *m = FP_PROJECT_LOGIT;
    else return -1;
    return 0;
}
