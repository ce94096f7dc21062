/* areas.c -- the area identity: one record per English local authority,
 * region and England, read from datasets/areas.csv (see docs/data-formats.md,
 * "Area identity"), through which every reader resolves the areas it meets.
 *
 * Publishers key the same council differently: LAIT by the old DfE LA number
 * (Sefton 343), Fingertips by the ONS code (E08000014), EES by both, and
 * names vary ("St Helens"/"St. Helens", "Bristol"/"Bristol, City of"). A
 * reader hands fpc__area whatever code and name a row gives; when the
 * identity knows the area, the dataset area is keyed by the LA number (the
 * key LAIT already uses), named as LAIT names it, and given every other
 * code and name as an alias (fp_dataset_area_alias), so any of them finds
 * it. Areas the identity does not know (ICBs, districts, users' own areas)
 * are keyed as the file gives them.
 *
 * Names are matched after normalisation: lower case, "&" read as "and",
 * every run of other characters than letters and digits one space, trimmed
 * ("St. Helens" and "st helens" are the same key). */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fpc_areas {
    fpc_area_id *ids;
    size_t n, cap;
    /* Open-addressing table: normalised key -> index into ids + 1. */
    char **keys;
    size_t *slots;
    size_t tcap, tn;
};

/* The base letter of a Latin letter with a diacritic, U+00C0 to U+017F
 * ('\0' for the two signs among them, U+00D7 and U+00F7). */
static char latin_base(unsigned cp)
{
    static const char l1[] = "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUYTsaaaaaaaceeeeiiiidnooooo\0ouuuuyty";
    static const char ea[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLl"
                             "NnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    if (cp >= 0xC0 && cp <= 0xFF) return l1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) return ea[cp - 0x100];
    return 0;
}

void fpc__area_norm(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    int space = 0;
    if (!n) return;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 < n; p++) {
        unsigned char ch = *p;
        if (ch == '&') {
            if (k) buf[k++] = ' ';
            memcpy(buf + k, "and", 3);
            k += 3;
            space = 1;
            continue;
        }
        /* Unicode: combining diacritical marks (U+0300 to U+036F) are
         * dropped and Latin letters with diacritics read as their base
         * letter, so a name in composed (NFC) and decomposed (NFD) form,
         * "Ynys M\u00f4n" and "Ynys Mo\u0302n", is one key. */
        if (ch >= 0xC2 && ch <= 0xCD && (p[1] & 0xC0) == 0x80) {
            unsigned cp = ((unsigned)(ch & 0x1F) << 6) | (p[1] & 0x3F);
            if (cp >= 0x300 && cp <= 0x36F) { p++; continue; }
            char b = latin_base(cp);
            if (b) {
                p++;
                ch = (unsigned char)b;
            } else if (cp == 0xD7 || cp == 0xF7) {
                p++;
                space = 1;
                continue;
            }
        }
        int alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
                    || ch >= 0x80;
        if (!alnum) { space = 1; continue; }
        if (space && k) buf[k++] = ' ';
        space = 0;
        buf[k++] = (char)((ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch);
    }
    buf[k] = '\0';
}

static size_t table_find(const fpc_areas *a, const char *norm)
{
    if (!a->tcap) return 0;
    size_t mask = a->tcap - 1;
    for (size_t i = (size_t)fpc_hash_str(norm) & mask;; i = (i + 1) & mask) {
        if (!a->slots[i]) return 0;
        if (!strcmp(a->keys[i], norm)) return a->slots[i];
    }
}

static void table_put(fpc_areas *a, const char *norm, size_t v)
{
    if (!*norm || table_find(a, norm)) return;   /* first wins */
    if ((a->tn + 1) * 10 > a->tcap * 7) {
        size_t nc = a->tcap ? a->tcap * 2 : 512;
        char **nk = calloc(nc, sizeof *nk);
        size_t *ns = calloc(nc, sizeof *ns);
        if (!nk || !ns) { free(nk); free(ns); return; }
        for (size_t i = 0; i < a->tcap; i++) {
            if (!a->slots[i]) continue;
            size_t j = (size_t)fpc_hash_str(a->keys[i]) & (nc - 1);
            while (ns[j]) j = (j + 1) & (nc - 1);
            nk[j] = a->keys[i];
            ns[j] = a->slots[i];
        }
        free(a->keys); free(a->slots);
        a->keys = nk; a->slots = ns; a->tcap = nc;
    }
    size_t mask = a->tcap - 1;
    size_t i = (size_t)fpc_hash_str(norm) & mask;
    while (a->slots[i]) i = (i + 1) & mask;
    a->keys[i] = fpc_strdup(norm);
    a->slots[i] = v;
    a->tn++;
}

/* Point an existing key at v instead (a code wins over another area's
 * alias). */
static void table_repoint(fpc_areas *a, const char *norm, size_t v)
{
    if (!a->tcap || !*norm) return;
    size_t mask = a->tcap - 1;
    for (size_t i = (size_t)fpc_hash_str(norm) & mask; a->slots[i]; i = (i + 1) & mask)
        if (!strcmp(a->keys[i], norm)) { a->slots[i] = v; return; }
}

static void put_name(fpc_areas *a, const char *name, size_t v)
{
    char buf[512];
    fpc__area_norm(name, buf, sizeof buf);
    table_put(a, buf, v);
}

/* Put each item of a ';'-separated list. */
static void put_list(fpc_areas *a, const char *list, size_t v)
{
    size_t n;
    char **parts = fpc_split(list, ';', &n);
    for (size_t i = 0; i < n; i++) put_name(a, parts[i], v);
    fpc_free_strv(parts);
}

const fpc_area_id *fpc_areas_find(const fpc_areas *a, const char *text)
{
    char buf[512];
    if (!a || !text) return NULL;
    fpc__area_norm(text, buf, sizeof buf);
    if (!*buf) return NULL;
    size_t v = table_find(a, buf);
    return v ? &a->ids[v - 1] : NULL;
}

size_t fpc_areas_count(const fpc_areas *a)
{
    return a ? a->n : 0;
}

const fpc_area_id *fpc_areas_get(const fpc_areas *a, size_t i)
{
    return a && i < a->n ? &a->ids[i] : NULL;
}

void fpc_areas_free(fpc_areas *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->n; i++) {
        fpc_area_id *d = &a->ids[i];
        free(d->key); free(d->ons); free(d->name); free(d->type); free(d->region);
        free(d->valid_from); free(d->valid_to); free(d->predecessors); free(d->successors);
        free(d->former_ons); free(d->aliases); free(d->note);
    }
    for (size_t i = 0; i < a->tcap; i++) free(a->keys[i]);
    free(a->keys); free(a->slots); free(a->ids);
    free(a);
}

/* ------------------------------------------------------------- kinds */

int fpc_area_kind_of_code(const char *code, fp_area_kind *kind)
{
    /* ONS (GSS) entity codes: the letter and two digits name the kind of
     * area (ONS Register of Geographic Codes). */
    static const struct { const char *prefix; fp_area_kind kind; } tab[] = {
        { "E92", FP_AREA_COUNTRY },                          /* England */
        { "E12", FP_AREA_REGION }, { "E13", FP_AREA_REGION }, /* regions, Inner/Outer London */
        { "E40", FP_AREA_REGION },                           /* NHS England regions */
        { "E06", FP_AREA_LA }, { "E07", FP_AREA_LA }, { "E08", FP_AREA_LA },
        { "E09", FP_AREA_LA }, { "E10", FP_AREA_LA },        /* councils */
        { "E47", FP_AREA_COMBINED },                         /* combined authorities */
        { "E54", FP_AREA_ICB },                              /* integrated care boards */
        { "E38", FP_AREA_SUB_ICB },                          /* sub-ICB locations (CCGs) */
    };
    if (!code || strlen(code) != 9) return -1;
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++)
        if (!strncmp(code, tab[i].prefix, 3) && strspn(code + 3, "0123456789") == 6) {
            *kind = tab[i].kind;
            return 0;
        }
    return -1;
}

/* The kind an identity row's type names: region, country, combined
 * authority (CA), ICB, sub-ICB; any other type (MD, UA, SC, OLB, ILB) is a
 * council; an empty type takes the kind of the ONS code. */
static fp_area_kind type_kind(const char *type, const char *ons)
{
    fp_area_kind k;
    if (!strcasecmp(type, "country")) return FP_AREA_COUNTRY;
    if (!strcasecmp(type, "region")) return FP_AREA_REGION;
    if (!strcasecmp(type, "CA") || !strcasecmp(type, "combined authority")) return FP_AREA_COMBINED;
    if (!strcasecmp(type, "ICB")) return FP_AREA_ICB;
    if (!strcasecmp(type, "sub-ICB") || !strcasecmp(type, "SICBL")) return FP_AREA_SUB_ICB;
    if (!*type && fpc_area_kind_of_code(ons, &k) == 0) return k;
    return FP_AREA_LA;
}

/* ------------------------------------------------------------- reading */

enum { A_NUM, A_ONS, A_NAME, A_TYPE, A_REGION, A_FROM, A_TO, A_PRE, A_SUC, A_FORMER,
       A_ALIASES, A_NOTE, A_N };
static const char *const a_cols[A_N] = {
    "la_number", "ons_code", "name", "type", "region", "valid_from", "valid_to",
    "predecessors", "successors", "former_ons_codes", "aliases", "note",
};

typedef struct areas_ctx {
    fpc_areas *a;
    long col[A_N];
    size_t need;
    int lookup;         /* an ONS lookup: rows repeat, known codes are skipped */
} areas_ctx;

/* Nonzero when text is one of id's codes: its key (LA number), ONS code
 * or a former ONS code. */
static int is_code_of(const fpc_area_id *id, const char *text)
{
    char a[512], b[512];
    fpc__area_norm(text, a, sizeof a);
    if (!*a) return 0;
    fpc__area_norm(id->key, b, sizeof b);
    if (!strcmp(a, b)) return 1;
    fpc__area_norm(id->ons, b, sizeof b);
    if (!strcmp(a, b)) return 1;
    size_t n;
    char **parts = fpc_split(id->former_ons, ';', &n);
    int hit = 0;
    for (size_t i = 0; i < n && !hit; i++) {
        fpc__area_norm(parts[i], b, sizeof b);
        hit = !strcmp(a, b);
    }
    fpc_free_strv(parts);
    return hit;
}

/* Identity collisions (issue 22): an alias of the row that is another
 * area's code or LA number, or a code of the row that an earlier area
 * gave as an alias, would silently give one area's rows to the other.
 * Each is an error naming both lines; the code keeps its own area (the
 * alias is not used). Returns nonzero when the row's own key is another
 * area's code (the row is then skipped). */
static int collisions(areas_ctx *x, fpc_csv *c, const fpc_row *r, const char *const *f,
                      const char *key)
{
    const fpc_areas *a = x->a;
    /* The row's LA number or ONS code is an earlier area's alias. */
    const char *own[] = { key, f[A_ONS] };
    const long ocol[] = { *f[A_NUM] ? x->col[A_NUM] : x->col[A_ONS], x->col[A_ONS] };
    for (int k = 0; k < 2; k++) {
        const fpc_area_id *o = *own[k] ? fpc_areas_find(a, own[k]) : NULL;
        if (!o) continue;
        if (is_code_of(o, own[k])) {
            if (k == 1 && !strcmp(o->key, key)) continue;
            fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)ocol[k] + 1,
                          "code %s is already area %s's (%s, line %zu); row skipped", own[k],
                          o->key, o->name, o->line);
            return 1;
        }
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)ocol[k] + 1,
                      "code %s of %s is an alias of area %s (%s) on line %zu; the alias is "
                      "not used: %s names %s", own[k], f[A_NAME], o->key, o->name, o->line,
                      own[k], f[A_NAME]);
    }
    /* An alias or former code of the row is an earlier area's code. */
    const int lists[] = { A_FORMER, A_ALIASES };
    for (int l = 0; l < 2; l++) {
        size_t n;
        char **parts = fpc_split(f[lists[l]], ';', &n);
        for (size_t i = 0; i < n; i++) {
            const fpc_area_id *o = fpc_areas_find(a, parts[i]);
            if (o && is_code_of(o, parts[i]))
                fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[lists[l]] + 1,
                              "%s '%s' of area %s (%s) is the code of area %s (%s, line %zu); "
                              "it is not used as %s's", l ? "alias" : "former code", parts[i],
                              key, f[A_NAME], o->key, o->name, o->line, f[A_NAME]);
        }
        fpc_free_strv(parts);
    }
    return 0;
}

/* Append a copy of src (its strings copied; the kind from its type and
 * code; the region made canonical) and index its codes and names. */
const fpc_area_id *fpc__areas_add(fpc_areas *a, const fpc_area_id *src)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->ids = fpc_xrealloc(a->ids, a->cap * sizeof *a->ids);
    }
    fpc_area_id *d = &a->ids[a->n];
    memset(d, 0, sizeof *d);
    d->key = fpc_strdup(src->key);
    d->ons = fpc_strdup(src->ons);
    d->name = fpc_strdup(src->name);
    d->type = fpc_strdup(src->type);
    const char *rg = fpc_region_canonical(src->region);
    d->region = fpc_strdup(rg ? rg : src->region);
    d->valid_from = fpc_strdup(src->valid_from);
    d->valid_to = fpc_strdup(src->valid_to);
    d->predecessors = fpc_strdup(src->predecessors);
    d->successors = fpc_strdup(src->successors);
    d->former_ons = fpc_strdup(src->former_ons);
    d->aliases = fpc_strdup(src->aliases);
    d->note = fpc_strdup(src->note);
    d->kind = type_kind(d->type, d->ons);
    d->line = src->line;
    size_t v = ++a->n;
    /* An area's own codes win over an earlier area's alias (reported by
     * collisions()). */
    const char *own[] = { d->key, d->ons };
    for (int k = 0; k < 2; k++) {
        char nb[512];
        fpc__area_norm(own[k], nb, sizeof nb);
        table_repoint(a, nb, v);
    }
    put_name(a, d->key, v);
    put_name(a, d->ons, v);
    put_name(a, d->name, v);
    put_list(a, d->former_ons, v);
    put_list(a, d->aliases, v);
    return d;
}

static int areas_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    areas_ctx *x = ctx;
    if (r->is_header) {
        for (int k = 0; k < A_N; k++) {
            const char *names[] = { a_cols[k], NULL };
            x->col[k] = fpc__header_find(c, r, names);
            if (x->col[k] >= 0 && (size_t)x->col[k] + 1 > x->need) x->need = (size_t)x->col[k] + 1;
        }
        /* An ONS lookup (LTLA23CD, ..., UTLA23CD, UTLA23NM): its upper-tier
         * codes and names, for areas the identity does not already know. */
        if (x->col[A_NUM] < 0 && x->col[A_ONS] < 0) {
            char b[64];
            for (size_t i = 0; i < r->n; i++) {
                fpc__header_norm(r->f[i], b, sizeof b);
                size_t n = strlen(b);
                if (n == 8 && !strncmp(b, "utla", 4) && !strcmp(b + 6, "cd")) {
                    x->col[A_ONS] = (long)i;
                    x->lookup = 1;
                }
                if (n == 8 && !strncmp(b, "utla", 4) && !strcmp(b + 6, "nm")) x->col[A_NAME] = (long)i;
            }
            for (int k = 0; k < A_N; k++)
                if (x->col[k] >= 0 && (size_t)x->col[k] + 1 > x->need) x->need = (size_t)x->col[k] + 1;
        }
        if (x->col[A_NUM] < 0 && x->col[A_ONS] < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column 'la_number' or 'ons_code'");
            return 1;
        }
        if (x->col[A_NAME] < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0, "missing column 'name'");
            return 1;
        }
        return 0;
    }
    if (fpc__row_short(c, r, x->need)) return 0;
    const char *f[A_N];
    for (int k = 0; k < A_N; k++) f[k] = x->col[k] >= 0 ? r->f[x->col[k]] : "";
    const char *key = *f[A_NUM] ? f[A_NUM] : f[A_ONS];
    if (!*key) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->col[A_NUM] + 1,
                      "area with neither an LA number nor an ONS code; row skipped");
        return 0;
    }
    const fpc_area_id *dup = fpc_areas_find(x->a, key);
    if (dup && x->lookup) return 0;
    if (dup && !strcmp(dup->key, key)) {
        fpc_diags_add(c->diags, 0, c->path, r->line, (size_t)x->col[A_NUM] + 1,
                      "area %s is described again; the first description is kept", key);
        return 0;
    }
    if (!x->lookup && collisions(x, c, r, f, key)) return 0;
    fpc_area_id src = {
        .key = (char *)key, .ons = (char *)f[A_ONS], .name = (char *)f[A_NAME],
        .type = (char *)f[A_TYPE], .region = (char *)f[A_REGION], .valid_from = (char *)f[A_FROM],
        .valid_to = (char *)f[A_TO], .predecessors = (char *)f[A_PRE],
        .successors = (char *)f[A_SUC], .former_ons = (char *)f[A_FORMER],
        .aliases = (char *)f[A_ALIASES], .note = (char *)f[A_NOTE], .line = r->line,
    };
    fpc__areas_add(x->a, &src);
    return 0;
}

/* Which columns an areas file's header has: la_number (an identity; an
 * ONS lookup has none), ons_code and area_type_id (with ons_code and no
 * la_number, an area overlay). */
enum { H_LA = 1, H_ONS = 2, H_TYPE_ID = 4 };

static int header_flags(void *ctx, fpc_csv *c, const fpc_row *r)
{
    (void)c;
    char buf[64];
    if (!r->is_header) return 0;
    for (size_t i = 0; i < r->n; i++) {
        fpc__header_norm(r->f[i], buf, sizeof buf);
        if (!strcmp(buf, "la_number")) *(int *)ctx |= H_LA;
        if (!strcmp(buf, "ons_code")) *(int *)ctx |= H_ONS;
        if (!strcmp(buf, "area_type_id")) *(int *)ctx |= H_TYPE_ID;
    }
    return 0;
}

/* The header flags of path, or -1 when it cannot be read. */
static int areas_header(const char *path)
{
    /* A header-only read through the CSV layer: it replays what format
     * detection kept and leaves the input open for the full read, so
     * standard input, pipes and FIFOs are still read once. */
    int flags = 0;
    fpc_diags quiet;
    fpc_diags_init(&quiet);
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, &quiet, header_flags, &flags, 1);
    fpc_diags_free(&quiet);
    return rc == 0 ? flags : -1;
}

int fpc_areas_is_lookup(const char *path)
{
    int f = areas_header(path);
    return f >= 0 && !(f & H_LA);
}

int fpc_areas_is_overlay(const char *path)
{
    int f = areas_header(path);
    return f >= 0 && (f & H_ONS) && (f & H_TYPE_ID) && !(f & H_LA);
}

int fpc_areas_read(const char *path, fpc_areas **areas, fpc_diags *d)
{
    if (!*areas) *areas = calloc(1, sizeof **areas);
    if (!*areas) { fpc_diags_add(d, 1, path, 0, 0, "out of memory"); return FPC_EXIT_DATA; }
    areas_ctx x;
    memset(&x, 0, sizeof x);
    x.a = *areas;
    fpc_csv c;
    return fpc__csv_read(&c, path, d, areas_row, &x, 0);
}

int fpc_areas_default(fpc_areas **areas, fpc_diags *d)
{
    const char *dir = fpc_datadir();
    if (!dir) return 0;
    size_t n = strlen(dir) + sizeof "/areas.csv";
    char *p = fpc_xmalloc(n);
    snprintf(p, n, "%s/areas.csv", dir);
    FILE *fp = fopen(p, "rb");
    int rc = 0;
    if (fp) {
        fclose(fp);
        rc = fpc_areas_read(p, areas, d);
    }
    free(p);
    return rc;
}

/* ------------------------------------------------------------ resolving */

/* An alias and its normalised form ("st helens" for "St. Helens"), so that
 * fpc_find_area_any finds punctuation variants through the dataset. */
static int alias2(fp_dataset *ds, size_t i, const char *name)
{
    char buf[512];
    if (fp_dataset_area_alias(ds, i, name) != FP_OK) return -1;
    fpc__area_norm(name, buf, sizeof buf);
    return fp_dataset_area_alias(ds, i, buf) == FP_OK ? 0 : -1;
}

/* Give dataset area i every code and name of its identity, except those
 * by which the identity finds another area (a colliding alias, reported
 * when the identity was read). */
static int add_aliases(fp_dataset *ds, size_t i, const fpc_area_id *id, const fpc_areas *reg)
{
    if (fp_dataset_area_alias(ds, i, id->ons) != FP_OK) return -1;
    if (alias2(ds, i, id->name)) return -1;
    const char *lists[] = { id->former_ons, id->aliases };
    for (size_t k = 0; k < 2; k++) {
        size_t n;
        char **parts = fpc_split(lists[k], ';', &n);
        for (size_t j = 0; j < n; j++)
            if (fpc_areas_find(reg, parts[j]) == id && alias2(ds, i, parts[j])) {
                fpc_free_strv(parts);
                return -1;
            }
        fpc_free_strv(parts);
    }
    return 0;
}

int fpc_find_area_any(const fp_dataset *ds, const char *key, size_t *index)
{
    char buf[512];
    if (fp_dataset_find_area(ds, key, index) == FP_OK) return FP_OK;
    fpc__area_norm(key, buf, sizeof buf);
    if (!*buf) return FP_ENOTFOUND;
    return fp_dataset_find_area(ds, buf, index);
}

int fpc__area_codes_disagree(const fpc_read_opts *o, const char *code, const char *old_code,
                             char *why, size_t n)
{
    const fpc_areas *reg = o ? o->areas : NULL;
    if (!reg || !code || !*code || !old_code || !*old_code || !strcmp(code, old_code)) return 0;
    const fpc_area_id *a = fpc_areas_find(reg, code), *b = fpc_areas_find(reg, old_code);
    if (!a || !b || a == b) return 0;
    snprintf(why, n, "new code %s is %s (LA %s, area identity line %zu) but old code %s is %s "
             "(line %zu)", code, a->name, a->key, a->line, old_code, b->name, b->line);
    return 1;
}

int fpc__area(fp_dataset *ds, const fpc_read_opts *o, const char *code, const char *name,
              fp_area_kind kind, const char *region, const char *old_code, size_t *index)
{
    const fpc_area_id *id = NULL;
    const fpc_areas *reg = o ? o->areas : NULL;
    if (reg) {
        if (code && *code) id = fpc_areas_find(reg, code);
        if (!id && old_code && *old_code) id = fpc_areas_find(reg, old_code);
        /* A name alone identifies an area only when no code was given: a code
         * the identity does not know (an ICB's) is a different area even if a
         * council has the same name. */
        if (!id && (!code || !*code) && name && *name) id = fpc_areas_find(reg, name);
    }
    if (!id) {
        /* An area known only by its name: one area for every spelling that
         * normalises alike (case, punctuation, Unicode composition). */
        if ((!code || !*code) && name && *name && fpc_find_area_any(ds, name, index) == FP_OK)
            return fp_dataset_area(ds, ds->areas[*index].code, NULL, kind, region, old_code,
                                   index) == FP_OK ? 0 : -1;
        const char *key = code && *code ? code : name;
        size_t before = ds->n_areas;
        if (fp_dataset_area(ds, key, name, kind, region, old_code, index) != FP_OK) return -1;
        if (ds->n_areas > before && (!code || !*code) && name && *name) {
            char buf[512];
            fpc__area_norm(name, buf, sizeof buf);
            if (*buf && fp_dataset_area_alias(ds, *index, buf) != FP_OK) return -1;
        }
        return 0;
    }
    size_t before = ds->n_areas;
    /* The identity's LA number is also the area's old code (LAIT's key). */
    const char *num = id->kind == FP_AREA_LA || id->kind == FP_AREA_COUNTRY
                      || id->kind == FP_AREA_REGION ? id->key : NULL;
    int numeric = num && *num && strspn(num, "0123456789") == strlen(num);
    if (fp_dataset_area(ds, id->key, id->name, id->kind, *id->region ? id->region : NULL,
                        numeric ? num : NULL, index) != FP_OK)
        return -1;
    if (ds->n_areas > before) {
        if (add_aliases(ds, *index, id, reg)) return -1;
    }
    /* The file's own spelling finds the area too. */
    if (code && *code && fp_dataset_area_alias(ds, *index, code) != FP_OK) return -1;
    if (name && *name && fp_dataset_area_alias(ds, *index, name) != FP_OK) return -1;
    return 0;
}

/* ------------------------------------------------ overlay support */

fpc_areas *fpc__areas_new(void)
{
    fpc_areas *a = fpc_xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    return a;
}

/* The writable record of id (which must be one of a's). */
static fpc_area_id *own_record(fpc_areas *a, const fpc_area_id *id)
{
    return id >= a->ids && id < a->ids + a->n ? &a->ids[id - a->ids] : NULL;
}

/* Append item to a ';'-separated list (owned). */
static void list_append(char **list, const char *item)
{
    size_t n = strlen(*list), k = strlen(item);
    char *s = fpc_xmalloc(n + k + 2);
    memcpy(s, *list, n);
    if (n) s[n++] = ';';
    memcpy(s + n, item, k + 1);
    free(*list);
    *list = s;
}

void fpc__areas_add_name(fpc_areas *a, const fpc_area_id *id, const char *name)
{
    fpc_area_id *d = own_record(a, id);
    if (!d || !*name || fpc_areas_find(a, name)) return;
    list_append(&d->aliases, name);
    put_name(a, name, (size_t)(d - a->ids) + 1);
}

void fpc__areas_set_code(fpc_areas *a, const fpc_area_id *id, const char *code)
{
    fpc_area_id *d = own_record(a, id);
    if (!d || !*code) return;
    if (*d->ons) list_append(&d->former_ons, d->ons);
    free(d->ons);
    d->ons = fpc_strdup(code);
    char nb[512];
    size_t v = (size_t)(d - a->ids) + 1;
    fpc__area_norm(code, nb, sizeof nb);
    table_repoint(a, nb, v);
    table_put(a, nb, v);
}

void fpc__areas_set_region(fpc_areas *a, const fpc_area_id *id, const char *region)
{
    fpc_area_id *d = own_record(a, id);
    if (!d) return;
    const char *rg = fpc_region_canonical(region);
    free(d->region);
    d->region = fpc_strdup(rg ? rg : region);
}
