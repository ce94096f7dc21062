/* read_fingertips.c -- what the tidy reader (read_tidy.c) does only for OHID
 * Fingertips exports: a first pass that finds each indicator's main age,
 * and at the end of the file the polarity OHID's own Better/Worse verdicts
 * against England imply. */
#include "read_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Fingertips and R write "NA" for an empty text cell. */
static int is_na(const char *s)
{
    return !strcmp(s, "NA");
}

static const char *cellp(const fpc_row *r, long col)
{
    return (col >= 0 && (size_t)col < r->n) ? r->f[col] : "";
}

/* First pass over a Fingertips file: count, per indicator ID, the ages of
 * its persons rows without a category. */
typedef struct age_ctx {
    fpc_ft_age *ages; size_t n_ages;
    long c_ind, c_sex, c_age, c_cat_type;
} age_ctx;

static int age_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    age_ctx *a = ctx;
    if (r->is_header) {
        a->c_ind = fpc__header_find_sq(c, r, "indicatorid");
        a->c_sex = fpc__header_find_sq(c, r, "sex");
        a->c_age = fpc__header_find_sq(c, r, "age");
        a->c_cat_type = fpc__header_find_sq(c, r, "categorytype");
        return a->c_ind < 0 || a->c_age < 0;
    }
    const char *id = cellp(r, a->c_ind), *sex = cellp(r, a->c_sex), *age = cellp(r, a->c_age);
    const char *ct = cellp(r, a->c_cat_type);
    if (!*id || !*age || is_na(age) || (*ct && !is_na(ct))) return 0;
    int persons = !*sex || is_na(sex) || !strcasecmp(sex, "Persons");
    for (size_t i = 0; i < a->n_ages; i++)
        if (!strcmp(a->ages[i].id, id) && !strcmp(a->ages[i].age, age)) {
            a->ages[i].n++;
            a->ages[i].n_persons += (size_t)persons;
            return 0;
        }
    a->ages = fpc_xrealloc(a->ages, (a->n_ages + 1) * sizeof *a->ages);
    a->ages[a->n_ages].id = fpc_strdup(id);
    a->ages[a->n_ages].age = fpc_strdup(age);
    a->ages[a->n_ages].n = 1;
    a->ages[a->n_ages].n_persons = (size_t)persons;
    a->n_ages++;
    return 0;
}

/* Keep, per indicator ID, only its most frequent age (the first seen on a
 * tie). */
static void main_ages(age_ctx *x)
{
    fpc_ft_age *keep = fpc_xmalloc((x->n_ages + 1) * sizeof *keep);
    size_t k = 0;
    for (size_t i = 0; i < x->n_ages; i++) {
        size_t j = 0;
        while (j < k && strcmp(keep[j].id, x->ages[i].id) != 0) j++;
        if (j == k) { keep[k++] = x->ages[i]; continue; }
        if (x->ages[i].n_persons > keep[j].n_persons
            || (x->ages[i].n_persons == keep[j].n_persons && x->ages[i].n > keep[j].n)) {
            free(keep[j].id); free(keep[j].age);
            keep[j] = x->ages[i];
        } else {
            free(x->ages[i].id); free(x->ages[i].age);
        }
    }
    free(x->ages);
    x->ages = keep;
    x->n_ages = k;
}

void fpc__ft_main_ages(const char *path, fpc_ft_age **ages, size_t *n)
{
    age_ctx a;
    memset(&a, 0, sizeof a);
    /* Only a quiet first pass: problems are reported by the second. */
    fpc_diags quiet;
    fpc_diags_init(&quiet);
    quiet.max_kept = 1;
    fpc_csv c;
    fpc__csv_read(&c, path, &quiet, age_row, &a, FPC_CSV_KEEP);
    fpc_diags_free(&quiet);
    main_ages(&a);
    *ages = a.ages;
    *n = a.n_ages;
}

void fpc__ft_ages_free(fpc_ft_age *ages, size_t n)
{
    for (size_t i = 0; i < n; i++) { free(ages[i].id); free(ages[i].age); }
    free(ages);
}

/* At the end of a Fingertips file: OHID's Better/Worse verdicts against
 * England say which direction OHID counts as better. With every verdict
 * agreeing, an indicator without a polarity gets it, and a diagnostic says
 * so; disagreeing verdicts are reported. */
void fpc__ft_infer_polarity(fp_dataset *ds, const fpc_ft_verdict *verdicts, size_t n_verdicts,
                            const fpc_seen *seen, const char *path, fpc_diags *d)
{
    size_t eng;
    if (!n_verdicts || fp_dataset_find_area(ds, "E92000001", &eng) != FP_OK) return;
    size_t ni = ds->n_indicators;
    size_t *hi = calloc(ni + 1, sizeof *hi), *lo = calloc(ni + 1, sizeof *lo);
    if (!hi || !lo) { free(hi); free(lo); return; }
    for (size_t k = 0; k < n_verdicts; k++) {
        const fp_obs *o = &ds->obs[verdicts[k].obs];
        fp_obs key = *o;
        key.area = (uint32_t)eng;
        size_t e;
        if (!fpc__seen_find(seen, ds, &key, &e) || ds->obs[e].missing != FP_MISSING_NONE)
            continue;
        double diff = o->value - ds->obs[e].value;
        if (diff == 0) continue;
        /* Better and above England, or worse and below: higher is better. */
        if ((diff > 0) == (verdicts[k].better == 1)) hi[o->indicator]++;
        else lo[o->indicator]++;
    }
    for (size_t i = 0; i < ni; i++) {
        if (!hi[i] && !lo[i]) continue;
        fp_indicator *ind = &ds->indicators[i];
        if (hi[i] && lo[i]) {
            fpc_diags_add(d, 0, path, 0, 0,
                          "indicator '%s': the export's Better/Worse labels disagree on the "
                          "direction (%zu say higher is better, %zu lower); no polarity inferred",
                          ind->code, hi[i], lo[i]);
            continue;
        }
        fp_polarity p = hi[i] ? FP_POLARITY_HIGH : FP_POLARITY_LOW;
        if (ind->polarity != FP_POLARITY_NONE) {
            if (ind->polarity != p)
                fpc_diags_add(d, 0, path, 0, 0,
                              "indicator '%s': polarity '%s' as given, although the export's "
                              "Better/Worse labels say %s is better", ind->code,
                              fp_polarity_name(ind->polarity), fp_polarity_name(p));
            continue;
        }
        fp_indicator m = *ind;
        m.name = m.unit_label = m.definition = m.source = NULL;
        m.polarity = p;
        fp_dataset_indicator_set(ds, i, &m);
        fpc_diags_add(d, 0, path, 0, 0,
                      "indicator '%s': polarity '%s is better' inferred from the export's own "
                      "Better/Worse labels against England (%zu rows agree)", ind->code,
                      fp_polarity_name(p), hi[i] + lo[i]);
    }
    free(hi);
    free(lo);
}
