/* test_ingest_lait.c -- the readers on the real DfE LAIT files in
 * ../shared/data/lait (skipped with 77 when that folder is absent).
 * Expected values were read from the files with Python's csv module, e.g.
 *   rows = list(csv.reader(open('bds_long.csv', encoding='utf-8')))[1:]
 *   [r[4] for r in rows if r[0] == 'LAC' and r[5] == '343']
 *   -> 87 85 90 99 107 116 112 114 107 92 (2016..2025)
 * 641,070 data rows of which 170 have the period "0" (all "-"), leaving
 * 640,900 observations and 55 periods (64 labels: "2016-17" and "2016/17" are one
 * period); 93,883 "-" values, 93,713 outside
 * period "0"; sn_may_2025.csv: 153 current and 5 predecessor ("Old SNs:")
 * lists; sn_april_2021.csv: 152 and 4, plus Cumberland and Westmorland and
 * Furness with no neighbours ("-"). */
#include "fp_check.h"
#include "io.h"
#include "read_internal.h"

#include <string.h>

static const char *sh(const char *name)
{
    static char buf[8][1024];
    static int k;
    char rel[256];
    snprintf(rel, sizeof rel, "data/lait/%s", name);
    const char *p = fp_check_shared(rel);
    if (!p) return NULL;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s", p);
    return buf[k];
}

static fpc_inputs in;
static fpc_diags diags;

START_TEST(counts)
{
    fp_dataset *ds = in.ds;
    ck_assert_uint_eq(diags.n_errors, 0);
    ck_assert_uint_eq(ds->n_obs, 640900);
    ck_assert_uint_eq(ds->n_periods, 55);
    size_t missing = 0;
    for (size_t k = 0; k < ds->n_obs; k++) missing += ds->obs[k].missing != FP_MISSING_NONE;
    ck_assert_uint_eq(missing, 93713);
    size_t kinds[4] = { 0 };
    for (size_t a = 0; a < ds->n_areas; a++) kinds[ds->areas[a].kind]++;
    ck_assert_uint_eq(kinds[FP_AREA_COUNTRY], 1);
    ck_assert_uint_eq(kinds[FP_AREA_REGION], 11);
    ck_assert_uint_eq(kinds[FP_AREA_LA], 158);
    ck_assert_uint_eq(kinds[FP_AREA_OTHER], 1);   /* 1000 England (discontinued) */
}
END_TEST

START_TEST(series)
{
    fp_dataset *ds = in.ds;
    size_t i, a;
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "LAC", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_RATE);
    ck_assert_rel(ds->indicators[i].multiplier, 10000, 0);
    ck_assert_int_eq(ds->indicators[i].polarity, FP_POLARITY_NONE);  /* "-" in the dictionary */
    ck_assert_int_eq(ds->indicators[i].dps, -1);                     /* "NA" */
    ck_assert_str_eq(ds->indicators[i].name, "Children looked after rate per 10,000");
    ck_assert_int_eq(fp_dataset_find_area(ds, "Sefton", &a), FP_OK);
    ck_assert_str_eq(ds->areas[a].code, "343");
    ck_assert_str_eq(ds->areas[a].old_code, "343");
    ck_assert_str_eq(ds->areas[a].region, "North West");
    const fp_obs *s;
    size_t n;
    ck_assert_int_eq(fp_dataset_series(ds, i, a, &s, &n), FP_OK);
    ck_assert_uint_eq(n, 10);
    const double want[10] = { 87, 85, 90, 99, 107, 116, 112, 114, 107, 92 };
    for (size_t k = 0; k < n; k++) {
        ck_assert_rel(s[k].value, want[k], 0);
        ck_assert_int_eq(ds->periods[s[k].period].period.year, 2016 + (int)k);
        if (k) ck_assert(fp_period_is_next(&ds->periods[s[k - 1].period].period,
                                           &ds->periods[s[k].period].period));
    }
    /* Spans of academic years: "2013/14-15/16" ... */
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "Hosp_Adm_Alc_<18yrs", &i), FP_OK);
    ck_assert_int_eq(fp_dataset_series(ds, i, a, &s, &n), FP_OK);
    ck_assert_uint_eq(n, 9);
    ck_assert_str_eq(ds->periods[s[0].period].label, "2013/14-15/16");
    ck_assert_rel(s[0].value, 40.72, 0);
    ck_assert_rel(s[1].value, 47.13, 0);
}
END_TEST

START_TEST(regions)
{
    fp_dataset *ds = in.ds;
    size_t a;
    ck_assert_int_eq(fp_dataset_find_area(ds, "301", &a), FP_OK);   /* Barking and Dagenham */
    ck_assert_str_eq(ds->areas[a].region, "London (Outer)");
    ck_assert_int_eq(fp_dataset_find_area(ds, "202", &a), FP_OK);   /* Camden */
    ck_assert_str_eq(ds->areas[a].region, "London (Inner)");
    ck_assert_int_eq(fp_dataset_find_area(ds, "370", &a), FP_OK);   /* Barnsley */
    ck_assert_str_eq(ds->areas[a].region, "Yorkshire and the Humber");
    ck_assert_int_eq(fp_dataset_find_area(ds, "970", &a), FP_OK);
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_COUNTRY);
    ck_assert_int_eq(fp_dataset_find_area(ds, "986", &a), FP_OK);
    ck_assert_str_eq(ds->areas[a].name, "London");
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_REGION);
    /* Every LA's region is the exact name of a region area. */
    for (size_t k = 0; k < ds->n_areas; k++) {
        if (ds->areas[k].kind != FP_AREA_LA) continue;
        int found = 0;
        for (size_t r = 0; r < ds->n_areas; r++)
            if (ds->areas[r].kind == FP_AREA_REGION && !strcmp(ds->areas[r].name, ds->areas[k].region))
                found = 1;
        ck_assert_msg(found, "LA %s region '%s' is not a region area", ds->areas[k].code,
                      ds->areas[k].region);
    }
}
END_TEST

START_TEST(neighbours)
{
    ck_assert_uint_eq(in.n_nbs, 2);
    const fp_neighbours *may = NULL, *apr = NULL;
    for (size_t k = 0; k < in.n_nbs; k++) {
        if (!strcmp(in.nbs[k]->version, "sn_may_2025")) may = in.nbs[k];
        if (!strcmp(in.nbs[k]->version, "sn_april_2021")) apr = in.nbs[k];
    }
    ck_assert_ptr_nonnull(may);
    ck_assert_ptr_nonnull(apr);
    ck_assert_uint_eq(may->n_lists, 158);
    ck_assert_uint_eq(apr->n_lists, 156);
    size_t pred = 0;
    for (size_t k = 0; k < may->n_lists; k++) pred += may->lists[k].predecessor != 0;
    ck_assert_uint_eq(pred, 5);
    const fp_neighbour_list *l;
    ck_assert_int_eq(fp_neighbours_find(may, "343", &l), FP_OK);
    ck_assert_uint_eq(l->n, 10);
    ck_assert_str_eq(l->neighbours[0], "344");
    ck_assert_str_eq(l->bands[0], "very close");
    ck_assert_str_eq(l->neighbours[1], "342");
    ck_assert_str_eq(l->bands[1], "close");
    ck_assert_str_eq(l->name, "Sefton");
    ck_assert_int_eq(fp_neighbours_find(may, "835", &l), FP_OK);
    ck_assert_int_eq(l->predecessor, 1);
    ck_assert_str_eq(l->neighbours[0], "893");
    ck_assert_str_eq(l->bands[0], "extremely close");
    ck_assert_int_eq(fp_neighbours_find(apr, "942", &l), FP_ENOTFOUND);
}
END_TEST

/* The whole 40 MB file read again with every line through libcsv
 * (fpc__csv_fast = 0) must give the very same dataset as the fast path:
 * every observation's indicator, area, period, value (bit for bit),
 * missing code and line, in the same order. libcsv is the reference. */
START_TEST(fast_path_whole_file)
{
    fp_dataset *two[2];
    for (int fast = 0; fast < 2; fast++) {
        fpc_diags d;
        fpc_diags_init(&d);
        two[fast] = fp_dataset_alloc();
        fpc__csv_fast = fast;
        int rc = fpc_read_file(sh("bds_long.csv"), FPC_FORMAT_AUTO, NULL, two[fast], &d);
        fpc__csv_fast = 1;
        ck_assert_int_eq(rc, 0);
        ck_assert_uint_eq(d.n_errors, 0);
        ck_assert_uint_eq(d.n, 1);   /* the warning about period '0' */
        ck_assert_int_eq(fp_dataset_index(two[fast], NULL), FP_OK);
        fpc_diags_free(&d);
    }
    const fp_dataset *ds = two[0], *f = two[1];
    ck_assert_uint_eq(ds->n_obs, 640900);
    ck_assert_uint_eq(ds->n_obs, f->n_obs);
    ck_assert_uint_eq(ds->n_indicators, f->n_indicators);
    ck_assert_uint_eq(ds->n_areas, f->n_areas);
    size_t differ = 0, first = 0;
    for (size_t k = 0; k < ds->n_obs; k++) {
        const fp_obs *a = &ds->obs[k], *b = &f->obs[k];
        int same = !strcmp(ds->indicators[a->indicator].code, f->indicators[b->indicator].code)
                   && !strcmp(ds->areas[a->area].code, f->areas[b->area].code)
                   && !strcmp(ds->areas[a->area].name, f->areas[b->area].name)
                   && !strcmp(ds->periods[a->period].label, f->periods[b->period].label)
                   && a->missing == b->missing && a->line == b->line
                   && memcmp(&a->value, &b->value, sizeof a->value) == 0;
        if (!same && differ++ == 0) first = k;
    }
    ck_assert_msg(differ == 0, "%zu observations differ, the first at sorted position %zu (line %u)",
                  differ, first, differ ? ds->obs[first].line : 0);
    fp_dataset_free(two[0]);
    fp_dataset_free(two[1]);
}
END_TEST

int main(void)
{
    const char *files[] = { sh("bds_long.csv"), sh("data_dictionary.csv"), sh("la_code_list.csv"),
                            sh("sn_may_2025.csv"), sh("sn_april_2021.csv") };
    for (size_t k = 0; k < 5; k++)
        if (!files[k]) return 77;
    char *paths[5];
    for (size_t k = 0; k < 5; k++) paths[k] = (char *)files[k];
    fpc_diags_init(&diags);
    if (fpc_inputs_load(&in, paths, 5, NULL, &diags) != 0) return 1;
    Suite *s = suite_create("ingest_lait");
    TCase *tc = tcase_create("core");
    /* Reading the 40 MB file twice takes seconds under the sanitizers. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, counts);
    tcase_add_test(tc, series);
    tcase_add_test(tc, regions);
    tcase_add_test(tc, neighbours);
    tcase_add_test(tc, fast_path_whole_file);
    suite_add_tcase(s, tc);
    int rc = fp_check_run(s);
    fpc_inputs_free(&in);
    fpc_diags_free(&diags);
    return rc;
}
