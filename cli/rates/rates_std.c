/* rates_std.c -- `rates --type dsr, isr, israte`: rows gathered into
 * groups (--group) of age bands, then each group's directly standardised
 * rate or indirectly standardised ratio or rate (fingerpost/rates.h). */
#include "cli.h"
#include "rates_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The slot of key in the group index: where it is, or the empty slot where
 * it would go. The index is kept at most half full. */
static size_t rt_group_slot(const rstate *s, const char *key)
{
    size_t mask = s->ghcap - 1, i = (size_t)fpc_hash_str(key) & mask;
    while (s->ghash[i] && strcmp(s->groups[s->ghash[i] - 1].key, key)) i = (i + 1) & mask;
    return i;
}

/* The group of the current row (by the --group column, "all" without one),
 * added when new. Rows usually come grouped, so the last group is tried
 * first; otherwise a hash index finds it, so many groups (thousands of
 * small areas) cost no more per row than few. New groups are appended, so
 * the output keeps the input order. */
struct dgroup *rt_row_group(rstate *s)
{
    const char *key = s->igroup != SIZE_MAX && s->igroup < s->nf ? rt_field(s, s->igroup) : "all";
    size_t g = s->lastgroup;
    if (g >= s->ngroups || strcmp(s->groups[g].key, key)) {
        if (2 * (s->ngroups + 1) > s->ghcap) {
            free(s->ghash);
            s->ghcap = s->ghcap ? 2 * s->ghcap : 64;
            s->ghash = fpc_xmalloc(s->ghcap * sizeof *s->ghash);
            memset(s->ghash, 0, s->ghcap * sizeof *s->ghash);
            for (size_t k = 0; k < s->ngroups; k++)
                s->ghash[rt_group_slot(s, s->groups[k].key)] = k + 1;
        }
        size_t slot = rt_group_slot(s, key);
        if (s->ghash[slot]) {
            g = s->ghash[slot] - 1;
        } else {
            g = s->ngroups;
            if (s->ngroups == s->capgroups) {
                s->capgroups = s->capgroups ? 2 * s->capgroups : 16;
                s->groups = fpc_xrealloc(s->groups, s->capgroups * sizeof *s->groups);
            }
            memset(&s->groups[g], 0, sizeof s->groups[g]);
            s->groups[g].key = fpc_strdup(key);
            s->groups[g].line = s->line;
            s->ngroups++;
            s->ghash[slot] = g + 1;
        }
        s->lastgroup = g;
    }
    return &s->groups[g];
}

/* Double a group's band arrays: counts and populations, then the standard
 * populations and per-person event counts (nfreq a band) of a DSR, or the
 * reference counts and populations of an ISR. */
void rt_group_grow(struct dgroup *G, size_t nfreq, int isr)
{
    G->cap = G->cap ? 2 * G->cap : 32;
    G->count = fpc_xrealloc(G->count, G->cap * sizeof *G->count);
    G->pop = fpc_xrealloc(G->pop, G->cap * sizeof *G->pop);
    if (isr) {
        G->xref = fpc_xrealloc(G->xref, G->cap * sizeof *G->xref);
        G->nref = fpc_xrealloc(G->nref, G->cap * sizeof *G->nref);
        return;
    }
    G->std = fpc_xrealloc(G->std, G->cap * sizeof *G->std);
    if (nfreq) G->people = fpc_xrealloc(G->people, G->cap * nfreq * sizeof *G->people);
}

/* One row of DSR input: add to its group. */
void rt_dsr_row(rstate *s)
{
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double x = rt_get_num(s, s->inum, "count", note, sizeof note, &bad);
    double n = rt_get_num(s, s->iden, "population", note, sizeof note, &bad);
    double w = s->istd != SIZE_MAX ? rt_get_num(s, s->istd, "standard population", note,
                                              sizeof note, &bad) : NAN;
    double people[64];
    for (size_t k = 0; k < s->op->nfreq; k++)
        people[k] = rt_get_num(s, s->ifreq[k], s->op->freqcols[k], note, sizeof note, &bad);
    if (bad) s->nbad++;
    struct dgroup *G = rt_row_group(s);
    if (G->n == G->cap) rt_group_grow(G, s->op->nfreq, 0);
    for (size_t k = 0; k < s->op->nfreq; k++) G->people[G->n * s->op->nfreq + k] = people[k];
    G->count[G->n] = x;
    G->pop[G->n] = n;
    G->std[G->n] = w;
    G->n++;
}

void rt_dsr_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        fp_ci ci[MAX_LEVELS];
        double total = NAN, pop = 0;
        char note[256];
        note[0] = '\0';
        for (size_t i = 0; i < G->n; i++) pop += G->pop[i];
        const double *std = s->istd != SIZE_MAX ? G->std : NULL;
        for (size_t l = 0; l < op->nlevels; l++) {
            if (op->nfreq)
                fp_dsr_ci_nonindependent(G->people, op->nfreq, G->pop, std, G->n,
                                         op->multiplier, op->levels[l], &ci[l], &total);
            else
                fp_dsr_ci(G->count, G->pop, std, G->n, op->multiplier, op->levels[l],
                          &ci[l], &total);
        }
        if (ci[0].status != FP_OK) {
            if (s->istd == SIZE_MAX && G->n != FP_ESP2013_BANDS)
                snprintf(note, sizeof note, "%zu age bands: the 2013 European Standard "
                         "Population needs 19 (0-4 to 90+), or give --standard", G->n);
            else
                snprintf(note, sizeof note, "%s", fp_ci_reason(&ci[0]));
        }
        rt_out_cstr(&s->out, G->key);
        rt_out_num(&s->out, total, -1);
        rt_out_num(&s->out, pop, -1);
        rt_out_num(&s->out, ci[0].value, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            rt_out_num(&s->out, ci[l].lower, op->dp);
            rt_out_num(&s->out, ci[l].upper, op->dp);
        }
        rt_out_cstr(&s->out, fp_ci_method_name(ci[0].method));
        rt_out_cstr(&s->out, note);
        rt_out_endrow(&s->out);
    }
}

/* One row of ISR input (one age band of one group): add to its group.
 * The reference is kept as a count and a population per band; a reference
 * rate r per --ref-rate-per people is kept as r/per of 1. */
void rt_isr_row(rstate *s)
{
    const ropts *op = s->op;
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double x = rt_get_num(s, s->inum, "count", note, sizeof note, &bad);
    double n = rt_get_num(s, s->iden, "population", note, sizeof note, &bad);
    double xr, nr;
    if (s->irate != SIZE_MAX) {
        xr = rt_get_num(s, s->irate, "reference rate", note, sizeof note, &bad) / op->rateper;
        nr = 1.0;
    } else {
        xr = rt_get_num(s, s->ixref, "reference count", note, sizeof note, &bad);
        nr = rt_get_num(s, s->inref, "reference population", note, sizeof note, &bad);
    }
    int cells_bad = bad;
    if (s->nf != s->nhead) {
        fpc_diags_add(s->diags, 0, s->file, s->line, 0, "row has %zu fields, the header has %zu", s->nf, s->nhead);
        bad = 1;
    }
    if (bad) s->nbad++;
    struct dgroup *G = rt_row_group(s);
    if (G->n == G->cap) rt_group_grow(G, 0, 1);
    G->count[G->n] = x;
    G->pop[G->n] = n;
    G->xref[G->n] = xr;
    G->nref[G->n] = nr;
    G->n++;
    /* bad: 1 a cell that is not a number, 2 only a row of the wrong length */
    if (cells_bad) G->bad = 1;
    else if (bad && !G->bad) G->bad = 2;
    /* Missing counts, populations and reference counts count as 0, as in
     * PHEindicatormethods (a missing reference population is an error). */
    if (isnan(x) || isnan(n) || isnan(xr)) G->nmissing++;
    if (x < 0) G->negative = 1;
}

/* One output row per ISR group: observed O = sum of counts, expected E =
 * fp_isr_expected, value and limits from fp_isr_ci with scale the
 * multiplier (ratio, as calculate_ISRatio's refvalue) or the group's
 * reference rate sum(x_ref)/sum(n_ref) x multiplier (rate, as
 * calculate_ISRate). A group that cannot be computed has empty value and
 * limits and its reason in note; a computed group with missing values
 * says how many bands counted them as 0. */
void rt_isr_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        fp_ci ci[MAX_LEVELS];
        double obs = 0, expected = NAN, xrs = 0, nrs = 0;
        char note[256];
        note[0] = '\0';
        for (size_t i = 0; i < G->n; i++) {
            if (!isnan(G->count[i])) obs += G->count[i];
            if (!isnan(G->xref[i])) xrs += G->xref[i];
            nrs += G->nref[i];
        }
        double ref_rate = nrs > 0 && xrs >= 0 ? xrs / nrs * op->multiplier : NAN;
        double scale = op->type == T_ISRATE ? ref_rate : op->multiplier;
        int st = fp_isr_expected(G->pop, G->xref, G->nref, G->n, &expected);
        for (size_t l = 0; l < op->nlevels; l++) {
            ci[l] = (fp_ci){ NAN, NAN, NAN, op->levels[l], FP_CI_NONE, st, "" };
            if (st == FP_OK && !G->bad && !G->negative)
                fp_isr_ci(obs, expected, scale, op->levels[l], &ci[l]);
        }
        if (G->bad)
            snprintf(note, sizeof note, "%s (reported on stderr)", G->bad == 1
                     ? "cells that are not numbers" : "a row with the wrong number of fields");
        else if (G->negative)
            snprintf(note, sizeof note, "negative count");
        else if (st == FP_EZERODIV)
            snprintf(note, sizeof note, "zero or missing reference population");
        else if (st != FP_OK)
            snprintf(note, sizeof note, "negative population or reference value");
        else if (!(expected > 0))
            snprintf(note, sizeof note, "zero or missing expected count");
        else if (ci[0].status != FP_OK)
            snprintf(note, sizeof note, "%s", fp_ci_reason(&ci[0]));
        else if (G->nmissing)
            snprintf(note, sizeof note, "missing values in %zu age band%s counted as 0",
                     G->nmissing, G->nmissing == 1 ? "" : "s");
        rt_out_cstr(&s->out, G->key);
        rt_out_num(&s->out, obs, -1);
        rt_out_num(&s->out, st == FP_OK ? expected : NAN, op->dp);
        if (op->type == T_ISRATE) rt_out_num(&s->out, ref_rate, op->dp);
        rt_out_num(&s->out, ci[0].value, op->dp);
        for (size_t l = 0; l < op->nlevels; l++) {
            rt_out_num(&s->out, ci[l].lower, op->dp);
            rt_out_num(&s->out, ci[l].upper, op->dp);
        }
        rt_out_cstr(&s->out, ci[0].status == FP_OK ? fp_ci_method_name(ci[0].method) : "");
        rt_out_cstr(&s->out, note);
        rt_out_endrow(&s->out);
    }
}
