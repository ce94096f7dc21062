/* common.c -- status strings, version and display rounding. */
#include "fp_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const char *fp_strerror(int status)
{
    switch (status) {
    case FP_OK: return "success";
    case FP_EINVAL: return "invalid argument";
    case FP_EDOM: return "input outside the domain";
    case FP_ENOMEM: return "out of memory";
    case FP_ENODATA: return "not enough data";
    case FP_EZERODIV: return "zero or missing denominator";
    case FP_ENOTFOUND: return "not found";
    case FP_EFORMAT: return "not in a recognised format";
    case FP_ENOCONV: return "did not converge";
    case FP_ERANGE: return "result out of range";
    default: return "unknown error";
    }
}

const char *fp_version(void)
{
    return FP_VERSION_STRING;
}

int fp_version_number(void)
{
    return FP_VERSION_NUMBER;
}

/* Half away from zero at dp places. x * 10^dp is formed exactly enough for
 * display purposes by going through the shortest decimal representation of x
 * (%.15g), so 2.675 (binary 2.67499999...) rounds to 2.68 as a person expects. */
double fp_round_half_away(double x, int dp)
{
    char buf[64], *end;
    if (isnan(x) || isinf(x)) return x;
    snprintf(buf, sizeof buf, "%.15e", x);
    double y = strtod(buf, &end);
    double p = pow(10.0, dp);
    double s = y * p;
    /* Remove the representation error of the scaled value before rounding. */
    snprintf(buf, sizeof buf, "%.15g", s);
    s = strtod(buf, &end);
    double r = (s < 0) ? -floor(-s + 0.5) : floor(s + 0.5);
    return r / p;
}

int fp_format_fixed(char *buf, size_t size, double x, int dp)
{
    if (dp < 0) dp = 0;
    if (dp > 15) dp = 15;
    if (isnan(x)) return snprintf(buf, size, "nan");
    if (isinf(x)) return snprintf(buf, size, x < 0 ? "-inf" : "inf");
    if (fabs(x) >= 1e15) return snprintf(buf, size, "%.15g", x);
    double r = fp_round_half_away(x, dp);
    if (r == 0) r = 0;   /* no "-0" */
    return snprintf(buf, size, "%.*f", dp, r);
}

/* A function, not a macro, so a debugger can break on it. */
int fp__error(int status)
{
    return status;
}
