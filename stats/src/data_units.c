/* data_units.c -- units, polarity and missing-value codes: parsing and
 * names (fingerpost/data.h). No I/O. */
#include "data_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ units */

/* Read the number after "per": "1,000", "10000". 0 if none. */
static double per_number(const char *p, const char *e)
{
    double v = 0;
    int digits = 0;
    while (p < e && *p == ' ') p++;
    for (; p < e; p++) {
        if (*p >= '0' && *p <= '9') { v = v * 10 + (*p - '0'); digits++; }
        else if (*p == ',' && digits && p + 1 < e && isdigit((unsigned char)p[1])) continue;
        else break;
    }
    if (digits && p < e && (*p == 'k' || *p == 'K')) v *= 1000;
    return digits ? v : 0;
}

int fp_unit_parse(const char *label, fp_unit *unit, double *multiplier)
{
    const char *s, *e;
    fp_unit u;
    double m = 1;
    if (!label || !unit) FP_ERROR(FP_EINVAL);
    fp__trim_view(label, &s, &e);
    if (s == e) FP_ERROR(FP_EFORMAT);
    const char *per = fp__view_find(s, e, "per ");
    double pn = per ? per_number(per + 4, e) : 0;
    if (fp__view_find(s, e, "gap") || fp__view_find(s, e, "percentage point")) {
        /* LAIT's "% gap": a difference of percentages, which may be negative
         * and is no average of the authorities' gaps: compared by value. */
        u = FP_UNIT_OTHER; m = 1;
    } else if (*s == '%' || fp__view_find(s, e, "percent")) {
        u = FP_UNIT_PERCENT; m = 100;
    } else if (fp__view_is(s, e, "proportion") || fp__view_is(s, e, "ratio of 1")) {
        u = FP_UNIT_PROPORTION; m = 1;
    } else if (pn == 0 && (fp__view_find(s, e, "ratio") || fp__view_is(s, e, "isr") || fp__view_is(s, e, "smr")
               || (e - s > 4 && (fp__view_is(s, s + 4, "isr ") || fp__view_is(s, s + 4, "smr "))))) {
        /* "ratio", "indirectly standardised ratio x 100", "ISR x 100",
         * "SMR"; but "ratio of 1" is a proportion (above) and anything
         * "per 100" a rate. */
        u = FP_UNIT_RATIO; m = fp__view_find(s, e, "100") ? 100 : 1;
    } else if (pn > 0) {
        u = FP_UNIT_RATE; m = pn;
    } else if (fp__view_is(s, e, "mean") || fp__view_find(s, e, "average")) {
        u = FP_UNIT_MEAN;
    } else if (fp__view_find(s, e, "score")) {
        u = FP_UNIT_SCORE;
    } else if (fp__view_is(s, e, "count") || fp__view_is(s, e, "n") || fp__view_is(s, e, "entries")
               || fp__view_is(s, e, "total cases")
               || (e - s >= 6 && fp__view_is(s, s + 6, "number"))) {
        u = FP_UNIT_COUNT;
    } else {
        FP_ERROR(FP_EFORMAT);
    }
    *unit = u;
    if (multiplier) *multiplier = m;
    return FP_OK;
}

const char *fp_unit_name(fp_unit unit)
{
    switch (unit) {
    case FP_UNIT_PERCENT: return "percent";
    case FP_UNIT_PROPORTION: return "proportion";
    case FP_UNIT_RATE: return "rate";
    case FP_UNIT_COUNT: return "count";
    case FP_UNIT_MEAN: return "mean";
    case FP_UNIT_SCORE: return "score";
    case FP_UNIT_OTHER: return "other";
    case FP_UNIT_RATIO: return "ratio";
    default: return "unknown";
    }
}

int fp_polarity_parse(const char *text, fp_polarity *polarity)
{
    const char *s, *e;
    if (!text || !polarity) FP_ERROR(FP_EINVAL);
    fp__trim_view(text, &s, &e);
    if (fp__view_is(s, e, "high") || fp__view_is(s, e, "higher") || fp__view_is(s, e, "higher is better")
        || fp__view_is(s, e, "rag - high is good") || fp__view_is(s, e, "up"))
        *polarity = FP_POLARITY_HIGH;
    else if (fp__view_is(s, e, "low") || fp__view_is(s, e, "lower") || fp__view_is(s, e, "lower is better")
             || fp__view_is(s, e, "rag - low is good") || fp__view_is(s, e, "down"))
        *polarity = FP_POLARITY_LOW;
    else if (s == e || fp__view_is(s, e, "-") || fp__view_is(s, e, "none") || fp__view_is(s, e, "na")
             || fp__view_is(s, e, "n/a") || fp__view_is(s, e, "no judgement")
             || fp__view_is(s, e, "not applicable"))
        *polarity = FP_POLARITY_NONE;
    else
        FP_ERROR(FP_EFORMAT);
    return FP_OK;
}

const char *fp_polarity_name(fp_polarity polarity)
{
    switch (polarity) {
    case FP_POLARITY_HIGH: return "higher";
    case FP_POLARITY_LOW: return "lower";
    default: return "none";
    }
}

/* -------------------------------------------------------- missing values */

int fp_missing_parse(const char *text, fp_missing *missing)
{
    const char *s, *e;
    fp_missing m;
    if (!text || !missing) FP_ERROR(FP_EINVAL);
    fp__trim_view(text, &s, &e);
    /* ONS's newer tables put the code in brackets: "[c]", "[x]", "[z]", "[low]". */
    if (e - s >= 3 && *s == '[' && e[-1] == ']') { s++; e--; }
    if (s == e) m = FP_MISSING_EMPTY;
    else if (fp__view_is(s, e, "c") || fp__view_is(s, e, "*") || fp__view_is(s, e, "supp")
             || fp__view_is(s, e, "suppressed")) m = FP_MISSING_SUPPRESSED;
    else if (fp__view_is(s, e, "x")) m = FP_MISSING_NOT_AVAILABLE;
    else if (fp__view_is(s, e, "z")) m = FP_MISSING_NOT_APPLICABLE;
    else if (fp__view_is(s, e, "low") || fp__view_is(s, e, "k")) m = FP_MISSING_LOW;
    else if (fp__view_is(s, e, "..") || fp__view_is(s, e, ".")) m = FP_MISSING_DOTS;
    else if (fp__view_is(s, e, "-") || fp__view_is(s, e, "\xe2\x80\x93")) m = FP_MISSING_DASH;
    else if (fp__view_is(s, e, ":")) m = FP_MISSING_COLON;
    else if (fp__view_is(s, e, "na") || fp__view_is(s, e, "nan") || fp__view_is(s, e, "n/a")) m = FP_MISSING_NA;
    else if (fp__view_is(s, e, "u")) m = FP_MISSING_UNRELIABLE;
    else return FP_ENOTFOUND;  /* not an error: the text is simply not a code */
    *missing = m;
    return FP_OK;
}

const char *fp_missing_code(fp_missing m)
{
    switch (m) {
    case FP_MISSING_NONE: return "";
    case FP_MISSING_EMPTY: return "";
    case FP_MISSING_SUPPRESSED: return "c";
    case FP_MISSING_NOT_AVAILABLE: return "x";
    case FP_MISSING_NOT_APPLICABLE: return "z";
    case FP_MISSING_LOW: return "low";
    case FP_MISSING_DOTS: return "..";
    case FP_MISSING_DASH: return "-";
    case FP_MISSING_COLON: return ":";
    case FP_MISSING_NA: return "NA";
    case FP_MISSING_UNRELIABLE: return "u";
    }
    return "";
}

const char *fp_missing_describe(fp_missing m)
{
    switch (m) {
    case FP_MISSING_NONE: return "present";
    case FP_MISSING_EMPTY: return "empty";
    case FP_MISSING_SUPPRESSED: return "suppressed (confidential)";
    case FP_MISSING_NOT_AVAILABLE: return "not available";
    case FP_MISSING_NOT_APPLICABLE: return "not applicable";
    case FP_MISSING_LOW: return "low (rounds to zero)";
    case FP_MISSING_DOTS: return "not available (..)";
    case FP_MISSING_DASH: return "missing (-)";
    case FP_MISSING_COLON: return "not available (:)";
    case FP_MISSING_NA: return "not available (NA)";
    case FP_MISSING_UNRELIABLE: return "low reliability (u)";
    }
    return "unknown";
}

const char *fp_area_kind_name(fp_area_kind kind)
{
    switch (kind) {
    case FP_AREA_LA: return "local authority";
    case FP_AREA_REGION: return "region";
    case FP_AREA_COUNTRY: return "country";
    case FP_AREA_COMBINED: return "combined authority";
    case FP_AREA_ICB: return "integrated care board";
    case FP_AREA_SUB_ICB: return "sub-ICB location";
    default: return "other";
    }
}
