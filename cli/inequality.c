/* inequality.c -- the deprivation breakdowns of a dataset as inequality
 * groups (fp_ineq_group, fingerpost/assess.h), for `inequality`, `compare`
 * and the report.
 *
 * Fingertips exports break many indicators down by deprivation decile or
 * quintile (Category Type "County & UA deprivation deciles in England
 * (IMD2019, 4/23 geography)", Category "Most deprived decile (IMD2019)",
 * ...); the reader keeps each category as a series of its own ("90284/
 * County & UA deprivation deciles ...: Most deprived decile (IMD2019)").
 * fpc_ineq_find puts them back together: one group per indicator (and
 * sex/age breakdown) and category type, with the quantiles ordered from the
 * most to the least deprived. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* The rank of a deprivation category, 1 = most deprived, and how many
 * quantiles its kind has (10 deciles, 5 quintiles), from Fingertips'
 * wording: "Most deprived decile", "Second most deprived decile", "Third
 * more deprived decile", ..., "Fifth less deprived decile", "Second least
 * deprived decile", "Least deprived decile" (a suffix such as "(IMD2019)"
 * is ignored); for quintiles also "Middle quintile". 0 if not one. */
static size_t deprivation_rank(const char *cat, size_t *of)
{
    char s[160];
    size_t n = strlen(cat);
    if (n >= sizeof s) return 0;
    for (size_t i = 0; i <= n; i++) s[i] = (char)((cat[i] >= 'A' && cat[i] <= 'Z') ? cat[i] + 32 : cat[i]);
    if (strstr(s, "decile")) *of = 10;
    else if (strstr(s, "quintile")) *of = 5;
    else return 0;
    static const char *const ord[] = { "first", "second", "third", "fourth", "fifth" };
    size_t k = 1;
    for (size_t i = 0; i < 5; i++)
        if (!strncmp(s, ord[i], strlen(ord[i]))) k = i + 1;
    if (strstr(s, "middle")) return *of == 5 ? 3 : 0;
    if (strstr(s, "most deprived") || strstr(s, "more deprived")) return k <= *of ? k : 0;
    if (strstr(s, "least deprived") || strstr(s, "less deprived")) return k <= *of ? *of + 1 - k : 0;
    return 0;
}

/* A deprivation breakdown of an indicator: "BASE/TYPE: CATEGORY" with TYPE
 * naming deprivation deciles or quintiles. Sets base_len (BASE is the
 * indicator ID with any sex/age breakdown), the type and the rank. */
static int split_code(const char *code, size_t *base_len, const char **type, size_t *type_len,
                      size_t *rank, size_t *of)
{
    const char *colon = strstr(code, ": ");
    if (!colon) return 0;
    /* The type starts after the last '/' before the colon that begins a
     * text mentioning deprivation deciles or quintiles: after a sex or age
     * breakdown ("90284/Male/County & UA deprivation deciles ...") but not
     * inside the type, which may hold a '/' itself ("4/23 geography"). */
    const char *start = NULL;
    for (const char *p = code; p < colon; p++)
        if (*p == '/') {
            const char *q = p + 1;
            size_t len = (size_t)(colon - q);
            char buf[256];
            if (len >= sizeof buf) continue;
            for (size_t i = 0; i < len; i++) buf[i] = (char)((q[i] >= 'A' && q[i] <= 'Z') ? q[i] + 32 : q[i]);
            buf[len] = 0;
            if (strstr(buf, "deprivation") && (strstr(buf, "decile") || strstr(buf, "quintile"))
                && !strchr(buf, ':'))
                start = p;
        }
    if (!start) return 0;
    *rank = deprivation_rank(colon + 2, of);
    if (!*rank) return 0;
    *base_len = (size_t)(start - code);
    *type = start + 1;
    *type_len = (size_t)(colon - start - 1);
    return 1;
}

int fpc_ineq_find(const fp_dataset *ds, const char *only, fpc_ineq *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = ds->n_indicators + 1;
    out->g = fpc_xmalloc(cap * sizeof *out->g);
    out->base = fpc_xmalloc(cap * sizeof *out->base);
    out->type = fpc_xmalloc(cap * sizeof *out->type);
    for (size_t k = 0; k < ds->n_indicators; k++) {
        size_t bl, tl, rank, of;
        const char *tp;
        const char *code = ds->indicators[k].code;
        if (!split_code(code, &bl, &tp, &tl, &rank, &of)) continue;
        if (only && (strlen(only) > bl || strncmp(code, only, strlen(only))
                     || (code[strlen(only)] != '/')))
            continue;
        size_t g = 0;
        while (g < out->n && !(strlen(out->base[g]) == bl && !strncmp(out->base[g], code, bl)
                               && strlen(out->type[g]) == tl && !strncmp(out->type[g], tp, tl)))
            g++;
        if (g == out->n) {
            fp_ineq_group *G = &out->g[g];
            memset(G, 0, sizeof *G);
            G->n = of;
            for (size_t i = 0; i < FP_INEQ_MAX_QUANTILES; i++) G->quantile[i] = FP_ASSESS_NONE;
            out->base[g] = fpc_xmalloc(bl + 1);
            memcpy(out->base[g], code, bl);
            out->base[g][bl] = 0;
            out->type[g] = fpc_xmalloc(tl + 1);
            memcpy(out->type[g], tp, tl);
            out->type[g][tl] = 0;
            G->type = out->type[g];
            size_t bi;
            G->indicator = fp_dataset_find_indicator(ds, out->base[g], &bi) == FP_OK
                           ? bi : FP_ASSESS_NONE;
            out->n++;
        }
        /* A rank seen twice in a group is a quantile the data do not give
         * unambiguously: left out (FP_INEQ_DUP until the end). */
        fp_ineq_group *G = &out->g[g];
        if (rank > G->n) continue;
        G->quantile[rank - 1] = G->quantile[rank - 1] == FP_ASSESS_NONE ? k : FPC_INEQ_DUP;
    }
    for (size_t g = 0; g < out->n; g++)
        for (size_t i = 0; i < out->g[g].n; i++)
            if (out->g[g].quantile[i] == FPC_INEQ_DUP) out->g[g].quantile[i] = FP_ASSESS_NONE;
    return 0;
}

void fpc_ineq_free(fpc_ineq *q)
{
    if (!q) return;
    for (size_t g = 0; g < q->n; g++) { free(q->base[g]); free(q->type[g]); }
    free(q->g);
    free(q->base);
    free(q->type);
    memset(q, 0, sizeof *q);
}
