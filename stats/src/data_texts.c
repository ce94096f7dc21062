/* data_texts.c -- texts kept beside single observations
 * (fp_dataset_obs_text_set, fingerpost/data.h). No I/O. */
#include "data_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------- observation texts */

static uint64_t text_hash(uint32_t kind, uint32_t ind, uint32_t area, uint32_t period)
{
    uint64_t h = 1469598103934665603ULL;
    uint32_t k[4] = { kind, ind, area, period };
    for (int i = 0; i < 4; i++) { h ^= k[i]; h *= 1099511628211ULL; h ^= h >> 29; }
    return h;
}

/* The entry for the key, or NULL. */
static obs_text *text_find(const ds_priv *p, uint32_t kind, uint32_t ind, uint32_t area,
                           uint32_t period)
{
    if (!p->text_cap) return NULL;
    size_t mask = p->text_cap - 1;
    for (size_t i = (size_t)text_hash(kind, ind, area, period) & mask;; i = (i + 1) & mask) {
        size_t v = p->text_slots[i];
        if (!v) return NULL;
        obs_text *t = &p->texts[v - 1];
        if (t->kind == kind && t->indicator == ind && t->area == area && t->period == period)
            return t;
    }
}

/* A new entry for the key (the caller checked it is absent); NULL when out
 * of memory. */
static obs_text *text_new(ds_priv *p, uint32_t kind, uint32_t ind, uint32_t area,
                          uint32_t period)
{
    if ((p->n_texts + 1) * 10 > p->text_cap * 7) {
        size_t nc = p->text_cap ? p->text_cap * 2 : 64;
        size_t *ns = calloc(nc, sizeof *ns);
        if (!ns) return NULL;
        for (size_t k = 0; k < p->n_texts; k++) {
            const obs_text *t = &p->texts[k];
            size_t i = (size_t)text_hash(t->kind, t->indicator, t->area, t->period) & (nc - 1);
            while (ns[i]) i = (i + 1) & (nc - 1);
            ns[i] = k + 1;
        }
        free(p->text_slots);
        p->text_slots = ns;
        p->text_cap = nc;
    }
    if (fp__grow((void **)&p->texts, &p->cap_texts, p->n_texts + 1, sizeof *p->texts)) return NULL;
    obs_text *t = &p->texts[p->n_texts];
    t->kind = kind; t->indicator = ind; t->area = area; t->period = period; t->text = NULL;
    t->from = 0;
    size_t mask = p->text_cap - 1;
    size_t i = (size_t)text_hash(kind, ind, area, period) & mask;
    while (p->text_slots[i]) i = (i + 1) & mask;
    p->text_slots[i] = ++p->n_texts;
    return t;
}

/* Keep text under the key (NULL or "" removes it). */
static int text_put(ds_priv *p, uint32_t kind, uint32_t ind, uint32_t area, uint32_t period,
                    const char *text)
{
    obs_text *t = text_find(p, kind, ind, area, period);
    if (!text || !*text) {
        if (t) { free(t->text); t->text = NULL; }
        return FP_OK;
    }
    if (t && t->text && !strcmp(t->text, text)) return FP_OK;
    char *copy = fp__dup_str(text);
    if (!copy) return FP_ENOMEM;
    if (!t && !(t = text_new(p, kind, ind, area, period))) { free(copy); return FP_ENOMEM; }
    free(t->text);
    t->text = copy;
    return FP_OK;
}

int fp_dataset_obs_text_set(fp_dataset *ds, size_t indicator, size_t area, size_t period,
                            fp_obs_text_kind kind, const char *text)
{
    if (!ds || indicator >= ds->n_indicators || area >= ds->n_areas || period >= ds->n_periods
        || (int)kind < 0 || kind >= FP_OBS_TEXT_N)
        FP_ERROR(FP_EINVAL);
    ds_priv *p = ds->priv;
    int st = text_put(p, kind, (uint32_t)indicator, (uint32_t)area, (uint32_t)period, text);
    if (st != FP_OK) FP_ERROR(st);
    if (kind != FP_OBS_TEXT_CODE || !text || !*text) return FP_OK;
    /* The latest period's code also answers for "any period": the entry
     * under UINT32_MAX keeps it and the period it came from. */
    obs_text *any = text_find(p, kind, (uint32_t)indicator, (uint32_t)area, UINT32_MAX);
    if (any && any->text && any->from < ds->n_periods
        && fp_period_compare(&ds->periods[any->from].period, &ds->periods[period].period) > 0)
        return FP_OK;
    if (text_put(p, kind, (uint32_t)indicator, (uint32_t)area, UINT32_MAX, text) != FP_OK)
        FP_ERROR(FP_ENOMEM);
    text_find(p, kind, (uint32_t)indicator, (uint32_t)area, UINT32_MAX)->from = (uint32_t)period;
    return FP_OK;
}

const char *fp_dataset_obs_text(const fp_dataset *ds, size_t indicator, size_t area,
                                size_t period, fp_obs_text_kind kind)
{
    if (!ds || indicator >= ds->n_indicators || area >= ds->n_areas || (int)kind < 0
        || kind >= FP_OBS_TEXT_N || (period >= ds->n_periods && period != (size_t)-1))
        return NULL;
    const ds_priv *p = ds->priv;
    const obs_text *t = text_find(p, kind, (uint32_t)indicator, (uint32_t)area,
                                  period == (size_t)-1 ? UINT32_MAX : (uint32_t)period);
    return t ? t->text : NULL;
}

const char *fp_dataset_area_code_for(const fp_dataset *ds, size_t indicator, size_t area,
                                     size_t period)
{
    if (!ds || area >= ds->n_areas) return NULL;
    const char *c = fp_dataset_obs_text(ds, indicator, area, period, FP_OBS_TEXT_CODE);
    if (c) return c;
    /* No row at the period (an area listed without a value): the code of
     * the indicator's latest row for the area. */
    const fp_obs *o;
    if (period != (size_t)-1 && fp_dataset_lookup(ds, indicator, area, period, &o) != FP_OK)
        c = fp_dataset_obs_text(ds, indicator, area, (size_t)-1, FP_OBS_TEXT_CODE);
    return c ? c : ds->areas[area].code;
}
