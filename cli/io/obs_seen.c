/* obs_seen.c -- repeated rows within one file: the observations a reader
 * added, indexed by (indicator, area, period), so that a row repeating an
 * earlier key is dropped when it says the same (one warning counts them) and
 * reported as an error naming both lines when it does not. Used by the
 * Fingertips/tidy and EES readers. */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t key_hash(const fp_obs *o)
{
    uint64_t h = (uint64_t)o->indicator * 0x9E3779B97F4A7C15ULL;
    h ^= (uint64_t)o->area * 0xC2B2AE3D27D4EB4FULL + (h << 6) + (h >> 2);
    h ^= (uint64_t)o->period * 0x165667B19E3779F9ULL + (h << 6) + (h >> 2);
    return h ^ (h >> 29);
}

/* A slot holds the observation's index + 1 in its high half and the key
 * hash's low 32 bits in its low half: a probe compares the tags and looks
 * at the observation itself (a random access into ds->obs, a cache miss on
 * a large file) only when they match, and growing the table places every
 * slot again from its tag alone. The table's position is tag & mask. */
static uint32_t key_tag(const fp_obs *o)
{
    return (uint32_t)key_hash(o);
}

int fpc__seen_find(const fpc_seen *s, const fp_dataset *ds, const fp_obs *o, size_t *prev)
{
    if (!s->cap) return 0;
    size_t mask = s->cap - 1;
    uint32_t tag = key_tag(o);
    for (size_t i = (size_t)tag & mask;; i = (i + 1) & mask) {
        uint64_t v = s->slots[i];
        if (!v) return 0;
        if ((uint32_t)v != tag) continue;
        const fp_obs *p = &ds->obs[(v >> 32) - 1];
        if (p->indicator == o->indicator && p->area == o->area && p->period == o->period) {
            *prev = (size_t)(v >> 32) - 1;
            return 1;
        }
    }
}

static void place(uint64_t *slots, size_t cap, uint64_t v)
{
    size_t mask = cap - 1;
    size_t i = (size_t)(uint32_t)v & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = v;
}

static void put(fpc_seen *s, const fp_dataset *ds, size_t k)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *ns = calloc(nc, sizeof *ns);
        if (!ns) return;   /* repeats then go unnoticed; fp_dataset_index still counts them */
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i]) place(ns, nc, s->slots[i]);
        free(s->slots);
        s->slots = ns;
        s->cap = nc;
    }
    place(s->slots, s->cap, (uint64_t)(k + 1) << 32 | key_tag(&ds->obs[k]));
    s->n++;
}

/* Equal observations: the same value (or missing code) and the same
 * optional numbers. */
static int same_obs(const fp_dataset *ds, const fp_obs *p, const fp_obs *o, const fp_obs_extra *e)
{
    const unsigned numbers = FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR | FP_OBS_CI95 | FP_OBS_CI998
                             | FP_OBS_SD;
    if (p->missing != o->missing || (p->flags & numbers) != (o->flags & numbers)) return 0;
    if (p->missing == FP_MISSING_NONE && p->value != o->value) return 0;
    const fp_obs_extra *pe = fp_dataset_obs_extra(ds, p);
    if ((o->flags & FP_OBS_NUMERATOR) && pe->numerator != e->numerator) return 0;
    if ((o->flags & FP_OBS_DENOMINATOR) && pe->denominator != e->denominator) return 0;
    if ((o->flags & FP_OBS_CI95) && (pe->lower95 != e->lower95 || pe->upper95 != e->upper95)) return 0;
    if ((o->flags & FP_OBS_CI998) && (pe->lower998 != e->lower998 || pe->upper998 != e->upper998))
        return 0;
    return 1;
}

int fpc__seen_add(fpc_seen *s, fp_dataset *ds, const char *path, fpc_diags *d, const fp_obs *o,
                  const fp_obs_extra *e)
{
    static const fp_obs_extra none;
    size_t prev;
    if (!e) e = &none;
    if (fpc__seen_find(s, ds, o, &prev)) {
        const fp_obs *p = &ds->obs[prev];
        if (same_obs(ds, p, o, e)) {
            if (!s->n_same++) s->first_same_line = o->line;
            return 1;
        }
        s->n_conflicts++;
        fpc_diags_add(d, 1, path, o->line, 0,
                      "indicator '%s', area '%s', period '%s' is already given on line %u with "
                      "different numbers; this row is skipped", ds->indicators[o->indicator].code,
                      ds->areas[o->area].code, ds->periods[o->period].label, (unsigned)p->line);
        return 2;
    }
    if (fp_dataset_add_obs_extra(ds, o, e) != FP_OK) return -1;
    put(s, ds, ds->n_obs - 1);
    return 0;
}

void fpc__seen_report(const fpc_seen *s, const char *path, fpc_diags *d)
{
    if (s->n_same)
        fpc_diags_add(d, 0, path, s->first_same_line, 0,
                      "%zu rows repeat an earlier row exactly (first on this line); the "
                      "repeats are dropped", s->n_same);
}

void fpc__seen_free(fpc_seen *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}
