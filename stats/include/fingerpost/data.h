/* fingerpost/data.h -- the indicator data model: indicators, areas, periods,
 * observations, datasets and statistical-neighbour sets.
 *
 * A dataset is an in-memory table of observations that refer to indicators and
 * areas by index. Readers (in the CLI) fill it; every analysis reads it. Strings
 * are copied into the dataset, which owns them: pointers into a dataset stay
 * valid until fp_dataset_free. Part of the public contract (see fingerpost.h). */
#ifndef FINGERPOST_DATA_H
#define FINGERPOST_DATA_H

#include <stddef.h>
#include <stdint.h>
#include "fingerpost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ units */

/* What kind of number an indicator's value is. */
typedef enum fp_unit {
    FP_UNIT_UNKNOWN = 0,
    FP_UNIT_PERCENT,     /* a proportion shown as a percentage (multiplier 100) */
    FP_UNIT_PROPORTION,  /* a proportion shown as 0..1 (multiplier 1) */
    FP_UNIT_RATE,        /* a crude rate per fp_indicator.multiplier */
    FP_UNIT_COUNT,       /* a plain count */
    FP_UNIT_MEAN,        /* a mean or average (e.g. an average score) */
    FP_UNIT_SCORE,       /* a score that may be negative (e.g. Progress 8) */
    FP_UNIT_OTHER,       /* anything else: compared by value only */
    FP_UNIT_RATIO        /* an indirectly standardised ratio (ISR, SMR):
                            observed / expected x multiplier (100 when the
                            label says so, as Fingertips shows them, else 1);
                            the numerator is the observed count and the
                            denominator the expected count */
} fp_unit;

/* Parse a unit label: "%", "percent", "proportion", "per 1,000", "per 10000",
 * "Rate per 100,000 ...", "count", "number", "mean", "average", "score",
 * "ratio", "ISR", "SMR", "standardised ratio x 100" (without "per N");
 * a gap ("% gap", "percentage points") is FP_UNIT_OTHER (a difference).
 * On success writes the unit and, for rates, percentages and ratios, the
 * multiplier (100 for percent, 1 for proportion, 1000 etc. for rates, 100
 * for a ratio whose label has "100", 1 otherwise).
 * Returns FP_EFORMAT when the label is not recognised. */
FP_API int fp_unit_parse(const char *label, fp_unit *unit, double *multiplier);

/* A short name for a unit: "percent", "rate", "count", ... Never NULL. */
FP_API const char *fp_unit_name(fp_unit unit);

/* Polarity: which direction is better. */
typedef enum fp_polarity {
    FP_POLARITY_NONE = 0,  /* no judgement: say higher/lower, never better/worse */
    FP_POLARITY_HIGH,      /* higher is better */
    FP_POLARITY_LOW        /* lower is better */
} fp_polarity;

/* Parse "High", "higher", "higher is better", "Low", "lower", "lower is
 * better", and for no judgement "-", "", "none", "NA", "n/a" (any case,
 * trimmed). Returns FP_EFORMAT for anything else. */
FP_API int fp_polarity_parse(const char *text, fp_polarity *polarity);
FP_API const char *fp_polarity_name(fp_polarity polarity);

/* -------------------------------------------------------- missing values */

/* Why a value is missing. FP_MISSING_NONE means the value is present. The
 * codes are those of DfE and ONS publications. */
typedef enum fp_missing {
    FP_MISSING_NONE = 0,
    FP_MISSING_EMPTY,          /* empty cell */
    FP_MISSING_SUPPRESSED,     /* "c": confidential / suppressed */
    FP_MISSING_NOT_AVAILABLE,  /* "x": not available */
    FP_MISSING_NOT_APPLICABLE, /* "z": not applicable */
    FP_MISSING_LOW,            /* "low": rounds to zero / fewer than 0.5 */
    FP_MISSING_DOTS,           /* "..": not available (ONS) */
    FP_MISSING_DASH,           /* "-": missing (LAIT) */
    FP_MISSING_COLON,          /* ":": not available (Eurostat/ONS) */
    FP_MISSING_NA,             /* "NA" (R), "NaN" */
    FP_MISSING_UNRELIABLE      /* "u": low reliability, withheld (DfE EES) */
} fp_missing;

/* Recognise a status code in a cell (after trimming spaces; case-insensitive
 * for letters). Returns FP_OK and sets *missing when the text is a known code
 * (the empty string gives FP_MISSING_EMPTY); FP_ENOTFOUND otherwise. Also
 * accepted: the bracketed forms of newer ONS tables ("[c]", "[x]", "[z]",
 * "[low]"), "*" and "supp" for suppressed, "." for "..", an en dash for "-",
 * "NaN" and "n/a" for NA, "u" (EES: low reliability), "k" (EES: rounds to
 * zero) for low. */
FP_API int fp_missing_parse(const char *text, fp_missing *missing);
/* The code as published ("c", "x", "..", "" for empty), and a description
 * ("suppressed (confidential)"). Static text, never NULL; for a value outside
 * the enum "" and "unknown". */
FP_API const char *fp_missing_code(fp_missing m);
FP_API const char *fp_missing_describe(fp_missing m);

/* ---------------------------------------------------------------- periods */

typedef enum fp_period_kind {
    FP_PERIOD_YEAR = 0,   /* calendar year "2016" */
    FP_PERIOD_SPLIT,      /* financial or academic year "2016/17", "2016-17",
                             "201617"; fp_period.label_suffix keeps "(OT)" */
    FP_PERIOD_SPAN,       /* rolling multi-year span "2014-16", "2014 - 2016" */
    FP_PERIOD_QUARTER,    /* "2016 Q1", "2016/17 Q2", "Q1 2016" */
    FP_PERIOD_MONTH       /* "2016-03", "Mar 2016", "March 2016" */
} fp_period_kind;

/* A parsed period. Periods order by the time they cover: see
 * fp_period_compare. */
typedef struct fp_period {
    fp_period_kind kind;
    int year;        /* first calendar year (2016 for "2016/17", 2014 for "2014-16") */
    int span;        /* years covered: 1 for a year or split year, 3 for "2014-16";
                        0 for quarters and months */
    int sub;         /* quarter 1..4 or month 1..12; for spans, 1 when the span is of
                        split years ("2013/14-15/16": year 2013, span 3, sub 1);
                        0 otherwise. Financial quarters are stored as calendar
                        quarters ("2016/17 Q1" is 2016 Q2) */
    int variant;     /* 0 normally; nonzero when the label carried a note, so
                        "2016-17" and "2016-17 (OT)" are different periods:
                        1 "(OT)", 2 "(Rev)", 3 "(Final)", 4 "(prov)", 99 other.
                        fp_period_is_next ignores it (2017 -> 2018 (Rev)). */
} fp_period;

/* Parse a period label. Accepts the forms listed in fp_period_kind, with
 * surrounding spaces, and a trailing parenthesised note such as "(OT)" which
 * sets variant. Split years must be consecutive ("2016/18" is FP_EFORMAT);
 * spans must run forward. Returns FP_OK or FP_EFORMAT. */
FP_API int fp_period_parse(const char *label, fp_period *period);

/* Total order: negative, zero or positive like strcmp, by the time a
 * period covers: the one ending later is later, of two ending in the same
 * month the one starting later ("2020 Q1" < "2020-05" < "2020 Q4"; "2020" <
 * "2020 Q4" < "2020-12"), then by kind and fields. Split years count as
 * April to March here. Zero only for equal periods: "2019/20", "2019-20"
 * and "201920" are one period, so are "Jun-19" and "2019-06". Cannot fail;
 * a and b must not be NULL (as for strcmp). */
FP_API int fp_period_compare(const fp_period *a, const fp_period *b);

/* Nonzero when b is the period immediately after a in a series of the same
 * kind and span (2016 -> 2017, 2016/17 -> 2017/18, 2014-16 -> 2015-17,
 * 2016 Q4 -> 2017 Q1, Dec 2016 -> Jan 2017). 0 for periods of different
 * kinds. Cannot fail; a and b must not be NULL. */
FP_API int fp_period_is_next(const fp_period *a, const fp_period *b);

/* Steps from a to b in the period's natural unit (years, quarters, months);
 * only meaningful for periods of the same kind and span. Used as the time
 * axis of trend fits. Cannot fail; p must not be NULL. */
FP_API long fp_period_index(const fp_period *p);

/* Format a period canonically ("2016", "2016/17", "2014-16", "2016 Q1",
 * "2016-03"; "(OT)" variants get " (OT)" only if the caller keeps the label,
 * so datasets keep the original label too). Writes at most size bytes
 * including the NUL; returns FP_ERANGE if it did not fit. */
FP_API int fp_period_format(const fp_period *p, char *buf, size_t size);

/* The class of a period: series are analysed within one class (years with
 * years, "2016/17" with "2016/17", 3-year spans with 3-year spans, "(OT)"
 * variants apart). Equal classes mean fp_period_index values are comparable
 * steps on one time axis. Cannot fail; p must not be NULL. */
FP_API long fp_period_class(const fp_period *p);

/* The period after p in its class (2024 -> 2025, 2024/25 -> 2025/26,
 * 2014-16 -> 2015-17, 2024 Q4 -> 2025 Q1, 2024-12 -> 2025-01). Cannot fail;
 * p and next must not be NULL (they may be the same period). */
FP_API void fp_period_next(const fp_period *p, fp_period *next);

/* ------------------------------------------------------------- indicators */

typedef struct fp_indicator {
    char *code;          /* short code, e.g. "LAC", "CPP_rate" (unique key) */
    char *name;          /* full name; may be "" */
    fp_unit unit;
    double multiplier;   /* 100 for percent, 10000 for "per 10,000", 1 otherwise */
    fp_polarity polarity;
    int dps;             /* decimal places for display; -1 when unknown */
    char *unit_label;    /* the unit as published, e.g. "Rate per 10,000 children" */
    char *definition;    /* may be "" */
    char *source;        /* may be "" */
    int no_quartile;     /* nonzero when the publisher says not to band it */
    int year_start;      /* the month (1-12) its split years ("2024/25") start:
                            9 for academic years (September to August), 4 for
                            financial years (April to March); 0 when not known
                            (read as April). fp_dataset_indicator_set leaves it
                            unchanged when meta's is 0. */
} fp_indicator;

/* --------------------------------------------------------------- areas */

typedef enum fp_area_kind {
    FP_AREA_LA = 0,      /* upper-tier local authority */
    FP_AREA_REGION,      /* government office region (incl. Inner/Outer London) */
    FP_AREA_COUNTRY,     /* England */
    FP_AREA_OTHER,
    FP_AREA_COMBINED,    /* combined authority (ONS E47) */
    FP_AREA_ICB,         /* integrated care board (E54) */
    FP_AREA_SUB_ICB      /* sub-ICB location (E38) */
} fp_area_kind;

typedef struct fp_area {
    char *code;          /* the key: ONS code (E06000001) or old DfE LA number ("343") */
    char *name;          /* "Sefton", "Bristol, City of" */
    fp_area_kind kind;
    char *region;        /* name of the parent region; "" when none or unknown */
    char *old_code;      /* the old 3-digit DfE LA number when known, else "" */
} fp_area;

/* "local authority", "region", "country", "combined authority", "integrated
 * care board", "sub-ICB location"; "other" for FP_AREA_OTHER and any value
 * outside the enum. Static text, never NULL. */
FP_API const char *fp_area_kind_name(fp_area_kind kind);

/* --------------------------------------------------------- observations */

/* Which optional fields of an observation are present. */
enum fp_obs_flags {
    FP_OBS_NUMERATOR   = 1u << 0,
    FP_OBS_DENOMINATOR = 1u << 1,
    FP_OBS_CI95        = 1u << 2,   /* lower95 and upper95 */
    FP_OBS_CI998       = 1u << 3,   /* lower998 and upper998 */
    FP_OBS_SD          = 1u << 4,   /* standard deviation (for means) */
    /* Not a number but a marker: the publisher says the value is a modelled
     * or synthetic estimate (OHID's value note), which OHID does not compare
     * with benchmarks; comparisons should say "not compared: modelled
     * estimate" rather than test it. */
    FP_OBS_MODELLED    = 1u << 5,
    FP_OBS_DERIVED     = 1u << 6    /* numerator and denominator were derived from
                                       count indicators (fp_dataset_set_counts), not
                                       published with the value: approximate, since
                                       published values are rounded */,
    /* A numerator and denominator were given but are invalid (a negative
     * count, a zero denominator, a numerator above the denominator of a
     * proportion): FP_OBS_NUMERATOR and FP_OBS_DENOMINATOR are clear, so
     * nothing computes with them, and the numbers are kept in the extra
     * numbers only so that a method that needed them can give the real
     * reason ("a count is negative or above its denominator") rather than
     * "missing values". */
    FP_OBS_COUNTS_INVALID = 1u << 7
};

/* The optional numbers of an observation, stored apart from it: most files
 * (LAIT, values only) have none, and an observation without them is then 32
 * bytes instead of 88 -- the observation array is most of a dataset's
 * memory and of the time to load it. Fields not flagged in fp_obs.flags are
 * 0. Read them with fp_dataset_obs_extra. */
typedef struct fp_obs_extra {
    double numerator, denominator;
    double lower95, upper95, lower998, upper998;
    double sd;
} fp_obs_extra;

/* fp_obs.extra when the observation has no optional numbers. */
#define FP_OBS_NO_EXTRA UINT32_MAX

typedef struct fp_obs {
    /* Indices and the line number are 32-bit to keep an observation at 32
     * bytes (a dataset holds millions); a dataset is limited to 2^32 - 1
     * indicators, areas, periods and observations with optional numbers
     * (adding more returns FP_ERANGE), and readers store line numbers above
     * that as 0 ("unknown"). */
    uint32_t indicator;  /* index into fp_dataset.indicators */
    uint32_t area;       /* index into fp_dataset.areas */
    uint32_t period;     /* index into fp_dataset.periods */
    uint32_t line;       /* source line (1-based) for messages; 0 if none */
    uint32_t extra;      /* index into fp_dataset.extras, or FP_OBS_NO_EXTRA;
                          * set by the library, ignored on input */
    uint8_t missing;     /* an fp_missing: FP_MISSING_NONE when value holds a number */
    uint8_t flags;       /* fp_obs_flags: which optional numbers are set */
    double value;        /* the published or computed value (unset if missing) */
} fp_obs;

/* ------------------------------------------------------------- datasets */

/* A period as stored in a dataset: the parsed form and the label as published. */
typedef struct fp_period_entry {
    fp_period period;
    char *label;
} fp_period_entry;

/* A dataset. The arrays are read-only for callers: change a dataset only
 * through the functions below. After fp_dataset_index, obs is sorted by
 * (indicator, area, period) and series can be looked up. */
typedef struct fp_dataset {
    fp_indicator *indicators; size_t n_indicators;
    fp_area *areas;           size_t n_areas;
    fp_period_entry *periods; size_t n_periods;
    fp_obs *obs;              size_t n_obs;
    fp_obs_extra *extras;     size_t n_extras;   /* see fp_dataset_obs_extra */
    char *version;            /* data version / provenance text, e.g. "LAIT April 2026" */
    void *priv;               /* internal: hash tables, string storage */
} fp_dataset;

/* A new, empty dataset, freed with fp_dataset_free; NULL when out of memory. */
FP_API fp_dataset *fp_dataset_alloc(void);
/* Free a dataset and every string and array it owns; NULL is a no-op. */
FP_API void fp_dataset_free(fp_dataset *ds);

/* Find or add an indicator by code. When added, the other fields take defaults
 * (unit unknown, multiplier 1, no polarity, dps -1, empty strings); set them
 * with fp_dataset_indicator_set. *index receives the indicator's index.
 * FP_EINVAL for NULL arguments, FP_ENOMEM, FP_ERANGE beyond 2^32 - 1
 * indicators (fp_obs keeps 32-bit indices); *index is unchanged on failure. */
FP_API int fp_dataset_indicator(fp_dataset *ds, const char *code, size_t *index);
/* Copy the non-NULL strings and the scalar fields of *meta into indicator i
 * (meta->code is ignored). Strings are copied. */
FP_API int fp_dataset_indicator_set(fp_dataset *ds, size_t i, const fp_indicator *meta);
/* Find an indicator by code (exact) or, failing that, by name
 * (case-insensitive). FP_ENOTFOUND when absent. */
FP_API int fp_dataset_find_indicator(const fp_dataset *ds, const char *key, size_t *index);

/* Find or add an area by code. name, region and old_code may be NULL or ""
 * (kept as they were, or "" when new); non-empty values replace the stored
 * ones. kind FP_AREA_OTHER leaves an existing area's kind unchanged. */
FP_API int fp_dataset_area(fp_dataset *ds, const char *code, const char *name,
                           fp_area_kind kind, const char *region,
                           const char *old_code, size_t *index);
/* Find an area by code, old code, name or alias (case-insensitive, ignoring
 * surrounding spaces). FP_ENOTFOUND when absent. */
FP_API int fp_dataset_find_area(const fp_dataset *ds, const char *key, size_t *index);

/* Give area `index` another name by which fp_dataset_find_area finds it: a
 * former or current ONS code beside a DfE LA number key ("E08000014" for
 * "343"), a spelling ("St. Helens"), a short name ("Hull"). The alias is
 * copied, trimmed; matching is case-insensitive. An alias that already finds
 * an area (as its code, old code, name or an earlier alias) is left with that
 * area and FP_OK returned. FP_EINVAL for a bad index. */
FP_API int fp_dataset_area_alias(fp_dataset *ds, size_t index, const char *alias);
/* The aliases given with fp_dataset_area_alias, in the order given: their
 * number, and alias k with its area (for listings and "did you mean"). The
 * string belongs to the dataset. FP_ENOTFOUND for k out of range. */
FP_API size_t fp_dataset_area_n_aliases(const fp_dataset *ds);
FP_API int fp_dataset_area_alias_get(const fp_dataset *ds, size_t k, const char **alias,
                                     size_t *area);

/* Find or add a period by label (the label is parsed; FP_EFORMAT if it is
 * not a period). Equal labels map to one entry. */
FP_API int fp_dataset_period(fp_dataset *ds, const char *label, size_t *index);

/* Make room for at least n_obs observations in total, so that a reader that
 * knows roughly how many rows are coming avoids repeated reallocation. Only a
 * hint: reserving more than is used costs address space, not memory.
 * FP_EINVAL for a NULL ds, FP_ENOMEM (the dataset is then unchanged). */
FP_API int fp_dataset_reserve(fp_dataset *ds, size_t n_obs);

/* Append a copy of *obs. Its indicator, area and period must be valid indices.
 * Invalidates any index built by fp_dataset_index. The observation has no
 * optional numbers: its flags are cleared (use fp_dataset_add_obs_extra).
 * FP_ERANGE when the dataset already holds 2^32 - 1 observations. */
FP_API int fp_dataset_add_obs(fp_dataset *ds, const fp_obs *obs);

/* Append a copy of *obs with its optional numbers: the fields of *extra
 * named by obs->flags are kept (the others read as 0); with no flag set, or
 * extra NULL, this is fp_dataset_add_obs. */
FP_API int fp_dataset_add_obs_extra(fp_dataset *ds, const fp_obs *obs,
                                    const fp_obs_extra *extra);

/* The optional numbers of an observation of ds (a pointer into ds->extras,
 * or to a static all-zero record when it has none). Which are meaningful is
 * said by obs->flags. obs must be one of ds->obs or a copy of one (its
 * extra field indexes ds->extras; an fp_obs built by the caller has no
 * meaningful extra). Never NULL for a non-NULL obs. */
FP_API const fp_obs_extra *fp_dataset_obs_extra(const fp_dataset *ds, const fp_obs *obs);

/* Set the dataset's data version (fp_dataset.version, printed in every
 * output; e.g. "lait_scorecard.csv sha256:..."), a copy of version.
 * FP_EINVAL for NULL arguments, FP_ENOMEM (the old version is then kept). */
FP_API int fp_dataset_set_version(fp_dataset *ds, const char *version);

/* Methodology breaks (indicator metadata): the indicator with this code
 * changed method, so `first` is the first period of a new series (the
 * 2021/22 EYFS reform, the 2016 KS2 assessment change, the return after a
 * pandemic gap); reason says why (may be NULL). The code need not be in the
 * dataset yet (breaks files may be read before the data). Strings are
 * copied. FP_EINVAL, FP_ENOMEM. */
FP_API int fp_dataset_add_break(fp_dataset *ds, const char *code, const fp_period *first,
                                const char *reason);
/* How many breaks, and the k-th: its indicator code, first period and
 * reason ("" when none); pointers owned by the dataset. FP_EINVAL for k out
 * of range or NULL. */
FP_API size_t fp_dataset_n_breaks(const fp_dataset *ds);
FP_API int fp_dataset_break(const fp_dataset *ds, size_t k, const char **code,
                            fp_period *first, const char **reason);

/* Give observation ds->obs[i] a numerator and denominator it was published
 * without (dataset preparation: counts derived from count indicators, see
 * docs/methods.md "Derived counts"). Sets FP_OBS_NUMERATOR and
 * FP_OBS_DENOMINATOR, and FP_OBS_DERIVED when `derived` is nonzero; other
 * optional numbers are kept. Does not disturb the index (observations keep
 * their order). FP_EINVAL for a bad index or a non-finite count; FP_ERANGE
 * or FP_ENOMEM when the extras cannot grow. */
FP_API int fp_dataset_set_counts(fp_dataset *ds, size_t i, double numerator,
                                 double denominator, int derived);

/* Text a source gave about one observation, beside its numbers: kept for
 * the few observations that have it (most have none), keyed by
 * (indicator, area, period), so it survives fp_dataset_index. */
typedef enum fp_obs_text_kind {
    FP_OBS_TEXT_CODE = 0,     /* the area code the source gave on this row when it
                                 differs from the area's key ("E08000014" for an
                                 area keyed "343"): what outputs call area_code */
    FP_OBS_TEXT_NOTE,         /* the publisher's note on the value (Fingertips
                                 "Value note") */
    FP_OBS_TEXT_NOT_COMPARED, /* why the value is not compared with benchmarks
                                 (set with FP_OBS_MODELLED): "allocated the rate
                                 of the police force area" */
    FP_OBS_TEXT_PARENT,       /* the code of the parent area the source gives
                                 (Fingertips "Parent Code"): the region the
                                 value is compared with */
    FP_OBS_TEXT_PARENT_NAME,  /* its name (Fingertips "Parent Name") */
    FP_OBS_TEXT_N
} fp_obs_text_kind;

/* Keep text (copied) of kind for (indicator, area, period), replacing any
 * kept before; "" or NULL removes it. FP_EINVAL for bad indices or kind,
 * FP_ENOMEM. */
FP_API int fp_dataset_obs_text_set(fp_dataset *ds, size_t indicator, size_t area,
                                   size_t period, fp_obs_text_kind kind, const char *text);
/* The text of kind kept for (indicator, area, period), or NULL when none
 * (or for bad arguments). The string belongs to the dataset. */
FP_API const char *fp_dataset_obs_text(const fp_dataset *ds, size_t indicator, size_t area,
                                       size_t period, fp_obs_text_kind kind);
/* The area code to show for (indicator, area, period): the code the source
 * gave on that row (FP_OBS_TEXT_CODE), else the area's key; with no row at
 * the period (after fp_dataset_index), or period (size_t)-1 ("any"), the
 * code of the indicator's latest row for the area that has one, else the
 * key. Never NULL for a valid area. */
FP_API const char *fp_dataset_area_code_for(const fp_dataset *ds, size_t indicator, size_t area,
                                            size_t period);

/* Sort observations by (indicator, area, period order) and build the series
 * index. Duplicate (indicator, area, period) keys are kept; *n_duplicates (may
 * be NULL) receives how many observations repeat an earlier key. */
FP_API int fp_dataset_index(fp_dataset *ds, size_t *n_duplicates);

/* After fp_dataset_index: the observations of one indicator in one area, in
 * period order, as a pointer into ds->obs and a count. A series with no
 * observations gives *n = 0 and FP_ENOTFOUND. */
FP_API int fp_dataset_series(const fp_dataset *ds, size_t indicator, size_t area,
                             const fp_obs **first, size_t *n);

/* After fp_dataset_index: the observation for one indicator, area and period,
 * or FP_ENOTFOUND. */
FP_API int fp_dataset_lookup(const fp_dataset *ds, size_t indicator, size_t area,
                             size_t period, const fp_obs **obs);

/* After fp_dataset_index: the latest period (in fp_period_compare order) in
 * which any area has a non-missing value of the indicator; *period receives
 * its index into ds->periods. FP_ENOTFOUND when the indicator has no value
 * anywhere (or is not an index); FP_EINVAL for NULL arguments or a dataset
 * not yet indexed. */
FP_API int fp_dataset_latest_period(const fp_dataset *ds, size_t indicator, size_t *period);

/* Find a period by label: first a period whose label as published equals
 * label exactly, then the first period (in ds->periods order) equal to the
 * parsed label under fp_period_compare, so "2016-17" finds "2016/17".
 * FP_ENOTFOUND when there is none or label is not a period; FP_EINVAL for
 * NULL arguments. Works before or after fp_dataset_index. */
FP_API int fp_dataset_find_period(const fp_dataset *ds, const char *label, size_t *period);

/* ---------------------------------------------------- statistical neighbours */

/* A versioned, directed neighbour model: for each area, its neighbours in
 * order of closeness. Area keys are the codes used in the source (for the DfE
 * lists, old 3-digit LA numbers). */
typedef struct fp_neighbour_list {
    char *area;              /* area key */
    char *name;              /* area name as given, may be "" */
    int predecessor;         /* nonzero for lists of predecessor authorities */
    size_t n;                /* number of neighbours */
    char **neighbours;       /* neighbour keys, closest first */
    char **bands;            /* closeness band per neighbour, normalised to
                                lower case and trimmed ("very close"); may be "" */
} fp_neighbour_list;

typedef struct fp_neighbours {
    char *version;           /* e.g. "sn_may_2025" */
    fp_neighbour_list *lists;
    size_t n_lists;
    void *priv;              /* internal: lookup tables */
} fp_neighbours;

/* A new, empty neighbour model named version (copied; NULL gives ""),
 * freed with fp_neighbours_free; NULL when out of memory. */
FP_API fp_neighbours *fp_neighbours_alloc(const char *version);
/* Free a neighbour model and its lists; NULL is a no-op. */
FP_API void fp_neighbours_free(fp_neighbours *nb);
/* Add an (area, neighbour, band) link; lists are created on first use and
 * neighbours keep the order added. band may be NULL. */
FP_API int fp_neighbours_add(fp_neighbours *nb, const char *area, const char *name,
                             int predecessor, const char *neighbour, const char *band);
/* The list for an area key, or FP_ENOTFOUND. Current (non-predecessor)
 * lists are preferred when a key has both. */
FP_API int fp_neighbours_find(const fp_neighbours *nb, const char *area,
                              const fp_neighbour_list **list);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_DATA_H */
