/* suggest.c -- "did you mean": the nearest few of a set of candidate
 * strings to a key that was not found (an area or indicator name with a
 * typo, "St Helens" for "St. Helens", "Bristol" for "Bristol, City of").
 *
 * Generic on purpose: callers feed any candidates (codes, names, and later
 * aliases) and decide what to do with the answer. Strings are compared
 * after normalising both sides: ASCII letters lower-cased, every run of
 * characters that are not letters or digits (spaces, full stops, commas,
 * hyphens, apostrophes) made one space, and the ends trimmed, so
 * punctuation and case never count. Scores, lower is nearer:
 *   0  equal after normalising ("st helens" = "st. helens");
 *   1  the key is at least 3 characters and starts a word of the candidate
 *      ("bristol" in "bristol city of", "looked after" in "children looked
 *      after rate per 10 000");
 *   2 + d  otherwise, d the edit distance (insertions, deletions,
 *      substitutions and transpositions of adjacent characters each costing
 *      1: the optimal string alignment distance, after Levenshtein 1966 and
 *      Damerau 1964), kept only when d is at most a third of the longer
 *      string's length (and at most 5), so unrelated short codes are not
 *      offered. */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The normalised form of s (fresh string). */
static char *normalise(const char *s)
{
    size_t n = strlen(s);
    char *d = fpc_xmalloc(n + 1), *q = d;
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p >= 0x80) {   /* UTF-8 bytes kept as they are */
            if (gap && q > d) *q++ = ' ';
            gap = 0;
            *q++ = (char)(*p < 0x80 ? tolower(*p) : *p);
        } else {
            gap = 1;
        }
    }
    *q = '\0';
    return d;
}

/* Optimal-string-alignment distance of a and b (Levenshtein's insertions,
 * deletions and substitutions plus Damerau's transposition of two adjacent
 * characters, each costing 1: "PRJO" is 1 from "PROJ"), stopping early
 * above limit (returns limit + 1 then). Three rows of the table. */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t na = strlen(a), nb = strlen(b);
    if ((na > nb ? na - nb : nb - na) > limit) return limit + 1;
    size_t *pp = fpc_xmalloc((nb + 1) * sizeof *pp), *prev = fpc_xmalloc((nb + 1) * sizeof *prev),
           *cur = fpc_xmalloc((nb + 1) * sizeof *cur);
    for (size_t j = 0; j <= nb; j++) prev[j] = pp[j] = j;
    size_t d = limit + 1;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        size_t rowmin = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            if (ins < m) m = ins;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < m)
                m = pp[j - 2] + 1;
            cur[j] = m;
            if (m < rowmin) rowmin = m;
        }
        size_t *t = pp; pp = prev; prev = cur; cur = t;
        if (rowmin > limit) goto out;
    }
    d = prev[nb];
out:
    free(pp);
    free(prev);
    free(cur);
    return d;
}

/* Nonzero when key starts a word of cand (both normalised). */
static int starts_word(const char *cand, const char *key)
{
    for (const char *p = cand; (p = strstr(p, key)) != NULL; p++)
        if (p == cand || p[-1] == ' ') return 1;
    return 0;
}

void fpc_suggest_init(fpc_suggest *s, const char *key)
{
    memset(s, 0, sizeof *s);
    s->key = normalise(key ? key : "");
}

void fpc_suggest_add(fpc_suggest *s, const char *candidate, const char *shown)
{
    if (!candidate || !*candidate || !*s->key) return;
    if (!shown) shown = candidate;
    char *c = normalise(candidate);
    size_t klen = strlen(s->key), clen = strlen(c), score;
    if (!strcmp(c, s->key)) {
        score = 0;
    } else if (klen >= 3 && starts_word(c, s->key)) {
        score = 1;
    } else {
        size_t longer = klen > clen ? klen : clen, limit = longer / 3;
        if (limit > 5) limit = 5;
        size_t d = limit ? edit_distance(s->key, c, limit) : 1;
        if (d > limit) { free(c); return; }
        score = 2 + d;
    }
    free(c);
    /* The same suggestion reached twice (by name and by code) keeps its
     * better score. */
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->shown[i], shown) != 0) continue;
        if (s->score[i] <= score) return;
        for (size_t k = i; k + 1 < s->n; k++) { s->shown[k] = s->shown[k + 1]; s->score[k] = s->score[k + 1]; }
        s->n--;
        break;
    }
    /* Insert among the best FPC_SUGGEST_MAX, earlier arrivals first on ties. */
    size_t pos = s->n;
    while (pos > 0 && s->score[pos - 1] > score) pos--;
    if (pos >= FPC_SUGGEST_MAX) return;
    size_t last = s->n < FPC_SUGGEST_MAX ? s->n : FPC_SUGGEST_MAX - 1;
    for (size_t i = last; i > pos; i--) { s->shown[i] = s->shown[i - 1]; s->score[i] = s->score[i - 1]; }
    s->shown[pos] = shown;
    s->score[pos] = score;
    if (s->n < FPC_SUGGEST_MAX) s->n++;
}

const char *fpc_suggest_text(fpc_suggest *s)
{
    size_t len = 0;
    s->text[0] = '\0';
    for (size_t i = 0; i < s->n; i++) {
        int w = snprintf(s->text + len, sizeof s->text - len, "%s'%s'",
                         i == 0 ? "; did you mean " : (i + 1 == s->n ? " or " : ", "), s->shown[i]);
        if (w < 0 || (size_t)w >= sizeof s->text - len) break;
        len += (size_t)w;
    }
    if (s->n && len + 1 < sizeof s->text) { s->text[len++] = '?'; s->text[len] = '\0'; }
    return s->text;
}

void fpc_suggest_free(fpc_suggest *s)
{
    free(s->key);
    s->key = NULL;
}

void fpc_suggest_areas(fpc_suggest *s, const fp_dataset *ds)
{
    for (size_t a = 0; a < ds->n_areas; a++) {
        const fp_area *A = &ds->areas[a];
        fpc_suggest_add(s, A->name, *A->name ? A->name : A->code);
        fpc_suggest_add(s, A->code, *A->name ? A->name : A->code);
        if (A->old_code && *A->old_code) fpc_suggest_add(s, A->old_code, *A->name ? A->name : A->code);
    }
    /* Names from the area identity ("Hull", "Telford & Wrekin", former
     * names and codes), shown as the area's own name. */
    size_t n = fp_dataset_area_n_aliases(ds);
    for (size_t k = 0; k < n; k++) {
        const char *alias;
        size_t a;
        if (fp_dataset_area_alias_get(ds, k, &alias, &a) != FP_OK || a >= ds->n_areas) continue;
        const fp_area *A = &ds->areas[a];
        fpc_suggest_add(s, alias, *A->name ? A->name : A->code);
    }
}

void fpc_suggest_indicators(fpc_suggest *s, const fp_dataset *ds)
{
    for (size_t k = 0; k < ds->n_indicators; k++) {
        const fp_indicator *I = &ds->indicators[k];
        fpc_suggest_add(s, I->code, I->code);
        fpc_suggest_add(s, I->name, I->code);
    }
}
