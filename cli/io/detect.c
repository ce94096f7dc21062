/* detect.c -- format names (--format) and the detection of a file's format
 * from its header row. */
#include "read_internal.h"

#include <string.h>

/* ------------------------------------------------------------- formats */

static const struct { const char *name; fpc_format f; } format_names[] = {
    { "auto", FPC_FORMAT_AUTO }, { "lait", FPC_FORMAT_LAIT },
    { "fingertips", FPC_FORMAT_FINGERTIPS }, { "tidy", FPC_FORMAT_TIDY },
    { "dictionary", FPC_FORMAT_DICTIONARY }, { "la-codes", FPC_FORMAT_LA_CODES },
    { "neighbours-dfe", FPC_FORMAT_NEIGHBOURS_DFE },
    { "neighbours-pairs", FPC_FORMAT_NEIGHBOURS_PAIRS },
    { "sn", FPC_FORMAT_NEIGHBOURS_DFE }, { "pairs", FPC_FORMAT_NEIGHBOURS_PAIRS },
    { "areas", FPC_FORMAT_AREAS }, { "ees", FPC_FORMAT_EES },
    { "indicators", FPC_FORMAT_INDICATORS }, { "breaks", FPC_FORMAT_BREAKS },
    { "fingertips-meta", FPC_FORMAT_FINGERTIPS_META },
};

int fpc_format_parse(const char *name, fpc_format *f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (!strcmp(name, format_names[i].name)) { *f = format_names[i].f; return 0; }
    return -1;
}

const char *fpc_format_name(fpc_format f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (format_names[i].f == f) return format_names[i].name;
    return "unknown";
}

int fpc_format_is_neighbours(fpc_format f)
{
    return f == FPC_FORMAT_NEIGHBOURS_DFE || f == FPC_FORMAT_NEIGHBOURS_PAIRS;
}

/* ------------------------------------------------------------ detection */

typedef struct detect_ctx {
    const fpc_read_opts *opts;
    fpc_format f;
    char first[256];
} detect_ctx;

static int has(const fpc_row *r, const char *name)
{
    char buf[256];
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        if (!strcmp(buf, name)) return 1;
    }
    return 0;
}

/* has() on squashed names ("IndicatorID", "Indicator_ID", "indicator id"). */
static int has_sq(const fpc_row *r, const char *squashed)
{
    char buf[256];
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_squash(r->f[i], buf, sizeof buf);
        if (!strcmp(buf, squashed)) return 1;
    }
    return 0;
}

/* An ONS lookup with upper-tier codes: "UTLA23CD". */
static int has_utla(const fpc_row *r)
{
    char buf[64];
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        if (strlen(buf) == 8 && !strncmp(buf, "utla", 4) && !strcmp(buf + 6, "cd")) return 1;
    }
    return 0;
}

static int has_col(const fpc_row *r, const fpc_read_opts *o, fpc_column col)
{
    char want[256];
    const char *name = (o && o->columns[col]) ? o->columns[col] : fpc_column_name(col);
    fpc__header_norm(name, want, sizeof want);
    return has(r, want);
}

/* Nonzero when column i of the header is name (normalised). */
static int col_is(const fpc_row *r, size_t i, const char *name)
{
    char buf[256];
    if (i >= r->n) return 0;
    fpc__header_norm(r->f[i], buf, sizeof buf);
    return !strcmp(buf, name);
}

static int detect_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    detect_ctx *x = ctx;
    (void)c;
    size_t k = 0;
    for (size_t i = 0; i < r->n && i < 4; i++)
        k += (size_t)snprintf(x->first + k, sizeof x->first - k, "%s%.40s", i ? "," : "", r->f[i]);
    if (has(r, "short desc") && has(r, "values")) x->f = FPC_FORMAT_LAIT;
    else if (has(r, "measure_short")) x->f = FPC_FORMAT_DICTIONARY;
    else if ((has(r, "la num") || has(r, "la number") || has(r, "old_la_code")) && has_sq(r, "sn1"))
        x->f = FPC_FORMAT_NEIGHBOURS_DFE;
    else if ((has(r, "la_number") && has(r, "ons_code")) || has_utla(r)
             || (has(r, "ons_code") && has(r, "area_type_id")))   /* an area overlay */
        x->f = FPC_FORMAT_AREAS;
    else if (has(r, "geographic_level") && has(r, "time_period"))
        x->f = FPC_FORMAT_EES;
    else if (has_sq(r, "indicatorid") && has_sq(r, "areacode") && has_sq(r, "timeperiod"))
        x->f = FPC_FORMAT_FINGERTIPS;
    else if (has_col(r, x->opts, FPC_COL_INDICATOR) && has_col(r, x->opts, FPC_COL_PERIOD)
             && (has_col(r, x->opts, FPC_COL_AREA) || has_col(r, x->opts, FPC_COL_AREA_CODE)))
        x->f = FPC_FORMAT_TIDY;
    else if ((has(r, "la number") || has(r, "la num")) && has(r, "la name"))
        x->f = FPC_FORMAT_LA_CODES;
    else if (col_is(r, 0, "area") && col_is(r, 1, "neighbour"))
        x->f = FPC_FORMAT_NEIGHBOURS_PAIRS;   /* `fingerpost neighbours` writes area,neighbour,rank,... */
    else if (has_sq(r, "indicatorid") && has(r, "polarity") && !has_sq(r, "timeperiod"))
        x->f = FPC_FORMAT_FINGERTIPS_META;
    else if (has(r, "indicator") && has(r, "first_period"))
        x->f = FPC_FORMAT_BREAKS;
    else if (has(r, "indicator") && !has(r, "period")
             && (has(r, "value") || has(r, "numerator") || has(r, "polarity")))
        x->f = FPC_FORMAT_INDICATORS;
    else if (r->n >= 2 && r->n <= 3) {
        char buf[256];
        for (size_t i = 0; i < r->n; i++) {
            fpc__header_norm(r->f[i], buf, sizeof buf);
            if (strstr(buf, "neighbour") || strstr(buf, "neighbor")) x->f = FPC_FORMAT_NEIGHBOURS_PAIRS;
        }
    }
    return 0;
}

int fpc__detect(const char *path, const fpc_read_opts *o, fpc_format *f, fpc_diags *d)
{
    detect_ctx x;
    memset(&x, 0, sizeof x);
    x.opts = o;
    x.f = FPC_FORMAT_AUTO;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, detect_row, &x, 1);
    if (rc) return rc;
    if (x.f == FPC_FORMAT_AUTO) {
        fpc__source_close(path);
        fpc_diags_add(d, 1, path, c.row_line ? c.row_line : 1, 0,
                      "cannot tell the format from the header ('%s'); name it with --format",
                      x.first);
        return FPC_EXIT_DATA;
    }
    *f = x.f;
    return 0;
}

int fpc_detect_format(const char *path, fpc_format *f, fpc_diags *diags)
{
    return fpc__detect(path, NULL, f, diags);
}

