/* derive.c -- the area overlay and the EES indicator definitions that
 * `fingerpost fetch` writes beside the data, made from the JSON the APIs
 * serve (see derive.h). */
#include "derive.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing text; on out-of-memory it stops growing and says so. */
typedef struct text {
    char *s;
    size_t len, cap;
    int oom;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->oom) return;
    if (t->len + n + 1 > t->cap) {
        size_t nc = t->cap ? t->cap : 4096;
        while (nc < t->len + n + 1) nc *= 2;
        char *ns = realloc(t->s, nc);
        if (!ns) { t->oom = 1; return; }
        t->s = ns;
        t->cap = nc;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

/* One CSV field, quoted when it holds a comma, quote or line break (RFC
 * 4180), preceded by a comma unless first. */
static void field(text *t, const char *s, int first)
{
    if (!first) put(t, ",", 1);
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) { puts_(t, s); return; }
    put(t, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') put(t, "\"", 1);
        put(t, p, 1);
    }
    put(t, "\"", 1);
}

static int why_(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int why_(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (n) vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return -1;
}

/* ------------------------------------------------------------ areas */

/* The parent code of child in a parent_to_child_areas mapping, or NULL. */
static const char *parent_of(const fpj *map, const char *child)
{
    if (!map || map->type != FPJ_OBJECT) return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const fpj *kids = map->kids[i];
        if (kids->type != FPJ_ARRAY) continue;
        for (size_t j = 0; j < kids->n; j++) {
            const char *c = fpj_str(kids->kids[j]);
            if (c && !strcmp(c, child)) return map->keys[i];
        }
    }
    return NULL;
}

/* The name of the area with this code in an area list, or NULL. */
static const char *name_of(const fpj *areas, const char *code)
{
    if (!areas || !code || areas->type != FPJ_ARRAY) return NULL;
    for (size_t i = 0; i < areas->n; i++) {
        const char *c = fpj_str(fpj_get(areas->kids[i], "Code"));
        if (c && !strcmp(c, code)) return fpj_str(fpj_get(areas->kids[i], "Name"));
    }
    return NULL;
}

static int check_list(const fpj *areas, const char *what, char *why, size_t n)
{
    if (!areas || areas->type != FPJ_ARRAY)
        return why_(why, n, "the %s are not a JSON array of areas", what);
    for (size_t i = 0; i < areas->n; i++)
        if (!fpj_str(fpj_get(areas->kids[i], "Code")) || !fpj_str(fpj_get(areas->kids[i], "Name")))
            return why_(why, n, "area %zu of the %s has no Code or Name", i + 1, what);
    return 0;
}

/* Nonzero when code was already written (a small list: a few hundred areas). */
static int seen(char ***codes, size_t *n, const char *code)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*codes)[i], code)) return 1;
    char **nc = realloc(*codes, (*n + 1) * sizeof *nc);
    if (!nc) return 1;
    *codes = nc;
    (*codes)[(*n)++] = (char *)code;
    return 0;
}

static void area_row(text *t, const fpj *a, const char *type, const char *region,
                     const char *pcode, const char *pname, const char *type_id)
{
    field(t, fpj_str(fpj_get(a, "Code")), 1);
    field(t, fpj_str(fpj_get(a, "Name")), 0);
    field(t, fpj_str(fpj_get(a, "Short")), 0);
    field(t, type, 0);
    field(t, region, 0);
    field(t, pcode, 0);
    field(t, pname, 0);
    field(t, type_id, 0);
    put(t, "\r\n", 2);
}

int fpf_hierarchy_csv(const fpf_hierarchy *h, size_t n, char **out, size_t *len,
                      size_t *n_areas, char *why, size_t whyn)
{
    for (size_t k = 0; k < n; k++) {
        if (check_list(h[k].areas, "areas", why, whyn) || check_list(h[k].regions, "regions", why, whyn)
            || check_list(h[k].parents, "parent areas", why, whyn))
            return -1;
        if (!h[k].to_region || h[k].to_region->type != FPJ_OBJECT
            || !h[k].to_parent || h[k].to_parent->type != FPJ_OBJECT)
            return why_(why, whyn, "the parent-to-child mapping is not a JSON object");
    }
    text t = { 0 };
    char **codes = NULL;
    size_t n_codes = 0, rows = 0;
    puts_(&t, "ons_code,name,short_name,type,region,parent_code,parent_name,area_type_id\r\n");
    /* The regions first, so an area's region is a name the overlay knows. */
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < h[k].regions->n; i++) {
            const fpj *a = h[k].regions->kids[i];
            if (seen(&codes, &n_codes, fpj_str(fpj_get(a, "Code")))) continue;
            area_row(&t, a, "region", "", "E92000001", "England", "6");
            rows++;
        }
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < h[k].areas->n; i++) {
            const fpj *a = h[k].areas->kids[i];
            const char *code = fpj_str(fpj_get(a, "Code"));
            if (seen(&codes, &n_codes, code)) continue;
            const char *rc = parent_of(h[k].to_region, code);
            const char *pc = parent_of(h[k].to_parent, code);
            area_row(&t, a, "", name_of(h[k].regions, rc), pc, name_of(h[k].parents, pc),
                     h[k].type_id);
            rows++;
        }
    free(codes);
    if (t.oom) { free(t.s); return why_(why, whyn, "out of memory"); }
    *out = t.s;
    *len = t.len;
    *n_areas = rows;
    return 0;
}

/* ------------------------------------------------------------ EES */

#define MAX_DEFS 200

/* The option of a filter to pin it to: the aggregate one (isAggregate
 * true), or NULL. */
static const fpj *aggregate_option(const fpj *filter)
{
    const fpj *opts = fpj_get(filter, "options");
    if (!opts || opts->type != FPJ_ARRAY) return NULL;
    for (size_t i = 0; i < opts->n; i++) {
        const fpj *agg = fpj_get(opts->kids[i], "isAggregate");
        if (agg && agg->type == FPJ_BOOL && agg->boolean) return opts->kids[i];
    }
    return NULL;
}

/* A filter's column and options, and the option chosen for the definition
 * being written. */
typedef struct efilter {
    const char *column;
    const fpj *options;   /* NULL when pinned or left unpinned */
    const char *pinned;   /* the aggregate option's label, or NULL */
    size_t at;            /* the option of this definition */
} efilter;

static int usable_label(const char *s)
{
    return s && *s && !strpbrk(s, ";=");
}

/* fingerpost's unit for an EES indicator unit (the API's IndicatorUnit:
 * "", "%", "pp", "£", "£m", ...): "%" and percentage points map; any other
 * is not one fingerpost can compare by (NULL: the unit is left empty and
 * shown in the name instead). */
static const char *ees_unit(const char *u)
{
    if (!u || !*u) return "";
    if (!strcmp(u, "%")) return "%";
    if (!strcmp(u, "pp")) return "percentage points";
    return NULL;
}

static void one_def(text *t, const fpj *ind, const efilter *f, size_t nf, const char *source)
{
    const char *col = fpj_str(fpj_get(ind, "column"));
    const char *label = fpj_str(fpj_get(ind, "label"));
    const char *given = fpj_str(fpj_get(ind, "unit"));
    const char *unit = ees_unit(given);
    text code = { 0 }, name = { 0 }, filt = { 0 };
    puts_(&code, col);
    puts_(&name, label && *label ? label : col);
    if (!unit) {
        puts_(&name, " [");
        puts_(&name, given);
        puts_(&name, "]");
    }
    int paren = 0;
    for (size_t k = 0; k < nf; k++) {
        const char *v = f[k].pinned;
        if (f[k].options) {
            v = fpj_str(fpj_get(f[k].options->kids[f[k].at], "label"));
            puts_(&code, "/");
            puts_(&code, v);
            puts_(&name, paren ? ", " : " (");
            puts_(&name, v);
            paren = 1;
        }
        if (!v) continue;
        if (filt.len) puts_(&filt, ";");
        puts_(&filt, f[k].column);
        puts_(&filt, "=");
        puts_(&filt, v);
    }
    if (paren) puts_(&name, ")");
    field(t, code.s, 1);
    field(t, name.s, 0);
    field(t, source, 0);
    field(t, col, 0);                       /* value */
    for (int k = 0; k < 4; k++) field(t, "", 0);   /* numerator .. upper95 */
    field(t, filt.s ? filt.s : "", 0);
    field(t, "", 0);                        /* denominator_filter */
    field(t, unit ? unit : "", 0);          /* the loader infers or asks when empty */
    field(t, "", 0);                        /* polarity: EES publishes none */
    put(t, "\r\n", 2);
    if (code.oom || name.oom || filt.oom) t->oom = 1;
    free(code.s); free(name.s); free(filt.s);
}

int fpf_ees_defs_csv(const fpj *meta, const char *source, char **out, size_t *len,
                     size_t *n_defs, const char **note, char *why, size_t whyn)
{
    const fpj *filters = fpj_get(meta, "filters"), *inds = fpj_get(meta, "indicators");
    if (note) *note = NULL;
    if (!inds || inds->type != FPJ_ARRAY || !inds->n)
        return why_(why, whyn, "the metadata lists no indicators");
    if (filters && filters->type != FPJ_ARRAY)
        return why_(why, whyn, "the metadata's filters are not an array");
    for (size_t i = 0; i < inds->n; i++)
        if (!fpj_str(fpj_get(inds->kids[i], "column")))
            return why_(why, whyn, "indicator %zu of the metadata has no column", i + 1);
    size_t nf = filters ? filters->n : 0;
    efilter *f = calloc(nf ? nf : 1, sizeof *f);
    if (!f) return why_(why, whyn, "out of memory");
    /* Each filter is pinned to its aggregate option, or broken down by its
     * options while the number of definitions stays within MAX_DEFS. */
    size_t combos = 1;
    for (size_t k = 0; k < nf; k++) {
        const fpj *flt = filters->kids[k];
        f[k].column = fpj_str(fpj_get(flt, "column"));
        if (!f[k].column) continue;
        const fpj *agg = aggregate_option(flt);
        const char *al = agg ? fpj_str(fpj_get(agg, "label")) : NULL;
        if (usable_label(al)) { f[k].pinned = al; continue; }
        const fpj *opts = fpj_get(flt, "options");
        int ok = opts && opts->type == FPJ_ARRAY && opts->n > 0;
        for (size_t i = 0; ok && i < opts->n; i++)
            ok = usable_label(fpj_str(fpj_get(opts->kids[i], "label")));
        if (ok && combos * opts->n * inds->n <= MAX_DEFS) {
            f[k].options = opts;
            combos *= opts->n;
        } else if (note) {
            *note = "a filter without a total option was left unpinned (too many options, or "
                    "labels with ';' or '='): its rows repeat each area and period, and only the "
                    "first is used; write a definition for it by hand";
        }
    }
    text t = { 0 };
    puts_(&t, "indicator,name,source,value,numerator,denominator,lower95,upper95,filter,"
              "denominator_filter,unit,polarity\r\n");
    size_t rows = 0;
    for (size_t i = 0; i < inds->n; i++) {
        for (size_t k = 0; k < nf; k++) f[k].at = 0;
        int done = 0;
        while (!done) {
            one_def(&t, inds->kids[i], f, nf, source);
            rows++;
            /* The next combination of broken-down options (an odometer). */
            done = 1;
            for (size_t k = nf; k-- > 0;) {
                if (!f[k].options) continue;
                if (++f[k].at < f[k].options->n) { done = 0; break; }
                f[k].at = 0;
            }
        }
    }
    free(f);
    if (t.oom) { free(t.s); return why_(why, whyn, "out of memory"); }
    *out = t.s;
    *len = t.len;
    *n_defs = rows;
    return 0;
}
