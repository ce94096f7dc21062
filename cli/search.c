/* search.c -- what the listing commands (areas, indicators, inequality)
 * share: --search words matched against an item's fields, the warning when
 * nothing matched (with the nearest words), and loading the data with its
 * errors printed. Declared in cli.h, "listing helpers". */
#include "cli.h"
#include "io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ASCII case-insensitive: does hay contain needle? */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0) return 1;
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && (p[i] | 0x20) == (needle[i] | 0x20)
               && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') || p[i] == needle[i]))
            i++;
        if (i == n) return 1;
    }
    return 0;
}

int fpc_search_match(char *const *words, size_t n_words, const char *const *fields, size_t n_fields)
{
    for (size_t w = 0; w < n_words; w++) {
        int found = 0;
        for (size_t f = 0; f < n_fields && !found; f++)
            found = fields[f] && contains_ci(fields[f], words[w]);
        if (!found) return 0;
    }
    return 1;
}

char **fpc_search_words(const char *search, size_t *n)
{
    *n = 0;
    char **v = fpc_xmalloc((strlen(search ? search : "") / 2 + 2) * sizeof *v);
    for (const char *p = search ? search : ""; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (p > s) {
            v[*n] = fpc_xmalloc((size_t)(p - s) + 1);
            memcpy(v[*n], s, (size_t)(p - s));
            v[*n][p - s] = '\0';
            (*n)++;
        }
    }
    v[*n] = NULL;
    return v;
}

void fpc_search_none(const char *what, const char *search, char *const *words, size_t n_words,
                     const char *const *texts, size_t n_texts)
{
    /* The words of every text, kept until the message is written (the
     * suggestions point into them). */
    size_t cap = 64, n = 0;
    char **tok = fpc_xmalloc(cap * sizeof *tok);
    for (size_t i = 0; i < n_texts; i++) {
        const char *p = texts[i] ? texts[i] : "";
        while (*p) {
            while (*p && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && !(*p >= '0' && *p <= '9')) p++;
            const char *b = p;
            while (*p && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) p++;
            if (p - b < 3) continue;
            if (n == cap) { cap *= 2; tok = fpc_xrealloc(tok, cap * sizeof *tok); }
            tok[n] = fpc_xmalloc((size_t)(p - b) + 1);
            memcpy(tok[n], b, (size_t)(p - b));
            tok[n][p - b] = '\0';
            n++;
        }
    }
    /* The search is quoted once (cut, and said to be, past 200 bytes); each
     * word no text has gets a line with suggestions, the first 10 of them,
     * then a count: the output stays bounded however long the search. */
    enum { SHOW_WORDS = 10, SHOW_SEARCH = 200 };
    size_t slen = strlen(search), unknown = 0;
    for (size_t w = 0; w < n_words; w++) {
        const char *one[] = { words[w] };
        int anywhere = 0;
        for (size_t i = 0; i < n_texts && !anywhere; i++)
            anywhere = texts[i] && fpc_search_match((char *const *)one, 1, &texts[i], 1);
        if (anywhere) continue;
        if (unknown++ == 0)
            fpc_warn(NULL, 0, 0, "no %s matches '%.*s'%s", what, (int)(slen > SHOW_SEARCH ? SHOW_SEARCH : slen),
                     search, slen > SHOW_SEARCH ? "... (the search cut here)" : "");
        if (unknown > SHOW_WORDS) continue;
        fpc_suggest sg;
        fpc_suggest_init(&sg, words[w]);
        for (size_t k = 0; k < n; k++) fpc_suggest_add(&sg, tok[k], tok[k]);
        fpc_warn(NULL, 0, 0, "no %s has the word '%s'%s", what, words[w], fpc_suggest_text(&sg));
        fpc_suggest_free(&sg);
    }
    if (unknown > SHOW_WORDS)
        fpc_warn(NULL, 0, 0, "and %zu more words that no %s has", unknown - SHOW_WORDS, what);
    if (!unknown)
        fpc_warn(NULL, 0, 0, "no %s matches all of '%.*s'%s", what,
                 (int)(slen > SHOW_SEARCH ? SHOW_SEARCH : slen), search,
                 slen > SHOW_SEARCH ? "... (the search cut here)" : "");
    for (size_t k = 0; k < n; k++) free(tok[k]);
    free(tok);
}

int fpc_load_quiet(fpc_inputs *in, char **paths, size_t n_paths, const fpc_read_opts *ropts,
                   fpc_diags *diags)
{
    fpc_diags_init(diags);
    diags->max_kept = 1;
    /* The data's problems are shown as they are found, as in every command
     * that reads data: errors always; warnings as --quiet / --verbose say
     * (by default the first of each kind per file, then a count: issue 22,
     * these commands showed no warning at all, even with --verbose). */
    diags->echo = 1;
    memset(in, 0, sizeof *in);
    int lrc = fpc_inputs_load(in, paths, n_paths, ropts, diags);
    fpc_diags_summary(diags);
    return lrc != 0 || !in->ds ? FPC_EXIT_DATA : 0;
}

int fpc_load_listing(fpc_inputs *in, char **paths, size_t n_paths, fpc_diags *diags)
{
    if (fpc_load_quiet(in, paths, n_paths, NULL, diags) == 0) return 0;
    fpc_inputs_free(in);
    fpc_diags_free(diags);
    return FPC_EXIT_DATA;
}

static int is_ons(const char *s)
{
    return s && strlen(s) == 9 && strchr("EWSN", s[0]) && s[0]
           && strspn(s + 1, "0123456789") == 8;
}

void fpc_area_facts(const fp_dataset *ds, size_t **n_ind_out, const char ***ons_out)
{
    /* Per area: the indicators with a value. Observations are sorted by
     * (indicator, area, period), so an (indicator, area) run counts once. */
    size_t *n_ind = calloc(ds->n_areas + 1, sizeof *n_ind);
    if (!n_ind) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    for (size_t i = 0; i < ds->n_obs;) {
        size_t k = ds->obs[i].indicator, a = ds->obs[i].area;
        int any = 0;
        for (; i < ds->n_obs && ds->obs[i].indicator == k && ds->obs[i].area == a; i++)
            any |= ds->obs[i].missing == FP_MISSING_NONE && !isnan(ds->obs[i].value);
        n_ind[a] += (size_t)any;
    }
    /* Per area: its ONS (GSS) code -- its key when that is one, else the
     * first alias that is one (the identity gives the current ONS code
     * first), so an area keyed by its LA number lists both. */
    const char **ons = calloc(ds->n_areas + 1, sizeof *ons);
    if (!ons) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    for (size_t a = 0; a < ds->n_areas; a++)
        if (is_ons(ds->areas[a].code)) ons[a] = ds->areas[a].code;
    for (size_t k = 0; k < fp_dataset_area_n_aliases(ds); k++) {
        const char *al;
        size_t a;
        if (fp_dataset_area_alias_get(ds, k, &al, &a) == FP_OK && a < ds->n_areas && !ons[a]
            && is_ons(al))
            ons[a] = al;
    }
    *n_ind_out = n_ind;
    *ons_out = ons;
}
