/* rates_le.c -- `rates --type le`: life expectancy at every age band of
 * each group (Chiang II, Silcocks; fingerpost/lifetable.h). */
#include "cli.h"
#include "rates_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One row of life-expectancy input (one age band of one group): its start
 * age (the first number in the cell: "0", "1-4", "90+", as
 * PHEindicatormethods reads age_contents), deaths and population. */
void rt_le_row(rstate *s)
{
    char note[512];
    note[0] = '\0';
    int bad = 0;
    double x = rt_get_num(s, s->inum, "deaths", note, sizeof note, &bad);
    double n = rt_get_num(s, s->iden, "population", note, sizeof note, &bad);
    const char *lab = s->iage < s->nf ? rt_field(s, s->iage) : "";
    const char *d = lab;
    while (*d && (*d < '0' || *d > '9')) d++;
    double age = *d ? strtod(d, NULL) : NAN;
    if (isnan(age)) {
        fpc_diags_add(s->diags, 0, s->file, s->line, s->iage + 1, "start age '%.40s' has no number", lab);
        bad = 1;
    }
    if (bad) s->nbad++;
    struct dgroup *G = rt_row_group(s);
    if (G->n == G->cap) {
        rt_group_grow(G, 0, 1);
        G->age = fpc_xrealloc(G->age, G->cap * sizeof *G->age);
        G->agelab = fpc_xrealloc(G->agelab, G->cap * sizeof *G->agelab);
    }
    G->count[G->n] = x;
    G->pop[G->n] = n;
    G->age[G->n] = age;
    G->agelab[G->n] = fpc_strdup(lab);
    G->n++;
    if (bad) G->bad = 1;
}

/* Whether --le-age keeps the band starting at age (all without it). */
static int rt_le_age_wanted(const ropts *op, double age)
{
    if (!op->le_ages) return 1;
    size_t n;
    char **v = fpc_split(op->le_ages, ',', &n);
    int keep = 0;
    for (size_t i = 0; i < n && !keep; i++) keep = strtod(v[i], NULL) == age;
    fpc_free_strv(v);
    return keep;
}

/* One output row per band of each group: life expectancy at its start age
 * (fp_life_expectancy) with its limits at each level, the population and
 * deaths at that age and above, and a note for a table or a value that the
 * package's rules withhold. Bands are put in age order first. */
void rt_le_finish(rstate *s)
{
    const ropts *op = s->op;
    for (size_t g = 0; g < s->ngroups; g++) {
        struct dgroup *G = &s->groups[g];
        size_t n = G->n;
        size_t *ord = fpc_xmalloc((n ? n : 1) * sizeof *ord);
        double *age = fpc_xmalloc((n ? n : 1) * 3 * sizeof *age), *dth = age + n, *pop = age + 2 * n;
        fp_le_row *rows = fpc_xmalloc((n ? n : 1) * MAX_LEVELS * sizeof *rows);
        for (size_t i = 0; i < n; i++) ord[i] = i;
        for (size_t i = 1; i < n; i++)            /* insertion sort: 20 bands */
            for (size_t j = i; j > 0 && G->age[ord[j - 1]] > G->age[ord[j]]; j--) {
                size_t t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
            }
        for (size_t i = 0; i < n; i++) {
            age[i] = G->age[ord[i]]; dth[i] = G->count[ord[i]]; pop[i] = G->pop[ord[i]];
        }
        char note[256];
        note[0] = '\0';
        fp_le_reason why = FP_LE_OK;
        int st = FP_OK;
        if (G->bad)
            snprintf(note, sizeof note, "cells that are not numbers (reported on stderr)");
        else if (!op->any_bands && !fp_le_bands_standard(age, n))
            snprintf(note, sizeof note, "%zu age bands: life expectancy needs the 20 bands 0, "
                     "1-4, 5-9, ..., 85-89, 90+ (or --any-bands)", n);
        else {
            for (size_t l = 0; l < op->nlevels && st == FP_OK; l++)
                st = fp_life_expectancy(age, dth, pop, n, op->levels[l], rows + l * n, &why);
            if (st != FP_OK)
                snprintf(note, sizeof note, "age bands must start at 0 and differ");
            else if (why != FP_LE_OK)
                snprintf(note, sizeof note, "%s", fp_le_reason_text(why));
        }
        int ok = note[0] == '\0';
        double pc = 0, dc = 0;
        for (size_t i = n; i-- > 0;) {            /* used counts, also when not computed */
            pc += pop[i]; dc += dth[i];
            if (!ok) { rows[i].pops_used = pc; rows[i].deaths_used = dc; }
        }
        for (size_t i = 0; i < n; i++) {
            if (!rt_le_age_wanted(op, age[i])) continue;
            rt_out_cstr(&s->out, G->key);
            rt_out_cstr(&s->out, G->agelab[ord[i]]);
            rt_out_num(&s->out, rows[i].pops_used, -1);
            rt_out_num(&s->out, rows[i].deaths_used, -1);
            rt_out_num(&s->out, ok ? rows[i].value : NAN, op->dp);
            for (size_t l = 0; l < op->nlevels; l++) {
                rt_out_num(&s->out, ok ? rows[l * n + i].lower : NAN, op->dp);
                rt_out_num(&s->out, ok ? rows[l * n + i].upper : NAN, op->dp);
            }
            rt_out_cstr(&s->out, "Chiang, using Silcocks et al for confidence limits");
            rt_out_cstr(&s->out, ok ? fp_le_reason_text(rows[i].reason) : note);
            rt_out_endrow(&s->out);
        }
        free(ord); free(age); free(rows);
    }
}
