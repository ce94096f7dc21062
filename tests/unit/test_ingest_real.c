/* test_ingest_real.c -- the readers for the formats analysts download, on
 * small files kept in tests/data/real/ (rows of real exports, OGL):
 *   fingertipsR_sample.csv        the first 3 rows of a fingertipsR
 *                                 write.csv(fingertips_data(...)) file
 *                                 (JamesRoutledgeTHF/Asthma_Prescribing) and
 *                                 a made-up ICB row with Value NA and a
 *                                 suppression note;
 *   fingertips_tidied_sample.csv  25 rows of the Fingertips injuries export
 *                                 (indicator 90284, England and Sefton,
 *                                 2022/23-2023/24, a deprivation decile) with
 *                                 the header tidied to Lower_CI_95.0_limit
 *                                 style, plus a made-up 0-9 yrs row, a
 *                                 "Modelled estimate" row and an exact repeat;
 *   fingertips_conflict.csv       one row and the same key with another value;
 *   ees_sample.csv                a made-up EES file in DfE's layout with the
 *                                 codes c x z low u : and a district row;
 *   sn_wide_sample.csv            the first 3 rows of DfE's wide re-export of
 *                                 the 2025 neighbours (sn_model_2025_wide.csv
 *                                 of dfe-analytical-services/
 *                                 CSC_outcomes_and_enablers at 2f5d11a4);
 * and the shipped area identity datasets/areas.csv. Expected values are the
 * cells of those files as typed (and, for the tidied export, counts of its
 * rows by Python's csv module: 25 rows, 19 distinct (series, area, period)). */
#include "fp_check.h"
#include "io.h"
#include "read_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const fpc_diag *find_diag(const fpc_diags *d, const char *substr)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].message, substr)) return &d->items[i];
    return NULL;
}

/* The observation of (indicator code, area key, period label), or NULL. */
static const fp_obs *obs_of(fp_dataset *ds, const char *ind, const char *area, const char *per)
{
    size_t i, a, p;
    const fp_obs *o;
    if (fp_dataset_find_indicator(ds, ind, &i) != FP_OK || fp_dataset_find_area(ds, area, &a) != FP_OK
        || fp_dataset_find_period(ds, per, &p) != FP_OK)
        return NULL;
    if (fp_dataset_index(ds, NULL) != FP_OK) return NULL;
    return fp_dataset_lookup(ds, i, a, p, &o) == FP_OK ? o : NULL;
}

START_TEST(area_identity)
{
    fpc_areas *a = NULL;
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_areas_read(fp_check_src("datasets/areas.csv"), &a, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(fpc_areas_count(a), 170);
    static const struct { const char *key, *num; } cases[] = {
        { "E08000014", "343" }, { "Sefton", "343" }, { "343", "343" }, { " sefton ", "343" },
        { "St Helens", "342" }, { "St. Helens", "342" }, { "Hull", "810" },
        { "Kingston upon Hull, City of", "810" }, { "Bristol", "801" }, { "Bristol, City of", "801" },
        { "Herefordshire, County of", "884" }, { "E10000023", "815" }, { "E06000065", "815" },
        { "E10000002", "825" }, { "Telford & Wrekin", "894" }, { "North West region", "981" },
        { "E12000002", "981" }, { "E13000001", "987" }, { "E92000001", "970" }, { "BCP", "839" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const fpc_area_id *id = fpc_areas_find(a, cases[i].key);
        ck_assert_msg(id != NULL, "'%s' not found", cases[i].key);
        ck_assert_str_eq(id->key, cases[i].num);
    }
    ck_assert_ptr_null(fpc_areas_find(a, "Nowhere"));
    const fpc_area_id *id = fpc_areas_find(a, "Dorset");
    ck_assert_str_eq(id->key, "838");          /* the current unitary, not the former county */
    ck_assert_str_eq(id->predecessors, "835");
    ck_assert_str_eq(id->valid_from, "2019-04-01");
    id = fpc_areas_find(a, "Cumbria");
    ck_assert_str_eq(id->successors, "942;943");
    ck_assert_str_eq(id->valid_to, "2023-03-31");
    ck_assert_int_eq(id->kind, FP_AREA_LA);
    ck_assert_str_eq(fpc_areas_find(a, "Sefton")->region, "North West");
    ck_assert_int_eq(fpc_areas_find(a, "England")->kind, FP_AREA_COUNTRY);
    fpc_areas_free(a);
    fpc_diags_free(&d);
}
END_TEST

START_TEST(dataset_alias)
{
    fp_dataset *ds = fp_dataset_alloc();
    size_t s, w, k;
    ck_assert_int_eq(fp_dataset_area(ds, "343", "Sefton", FP_AREA_LA, "North West", "343", &s), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "344", "Wirral", FP_AREA_LA, "North West", "344", &w), FP_OK);
    ck_assert_int_eq(fp_dataset_area_alias(ds, s, "E08000014"), FP_OK);
    ck_assert_int_eq(fp_dataset_area_alias(ds, s, " Sefton MBC "), FP_OK);
    ck_assert_int_eq(fp_dataset_find_area(ds, "e08000014", &k), FP_OK); ck_assert_uint_eq(k, s);
    ck_assert_int_eq(fp_dataset_find_area(ds, "sefton mbc", &k), FP_OK); ck_assert_uint_eq(k, s);
    /* A name that already names an area stays with it. */
    ck_assert_int_eq(fp_dataset_area_alias(ds, s, "Wirral"), FP_OK);
    ck_assert_int_eq(fp_dataset_find_area(ds, "Wirral", &k), FP_OK); ck_assert_uint_eq(k, w);
    ck_assert_int_eq(fp_dataset_area_alias(ds, w, "E08000014"), FP_OK);
    ck_assert_int_eq(fp_dataset_find_area(ds, "E08000014", &k), FP_OK); ck_assert_uint_eq(k, s);
    ck_assert_uint_eq(fp_dataset_area_n_aliases(ds), 2);
    const char *al;
    ck_assert_int_eq(fp_dataset_area_alias_get(ds, 1, &al, &k), FP_OK);
    ck_assert_str_eq(al, "Sefton MBC");
    ck_assert_int_eq(fp_dataset_area_alias_get(ds, 2, &al, &k), FP_ENOTFOUND);
    ck_assert_int_eq(fp_dataset_area_alias(ds, 7, "x"), FP_EINVAL);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(fingertipsr)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_format f;
    const char *path = fp_check_src("tests/data/real/fingertipsR_sample.csv");
    ck_assert_int_eq(fpc_detect_format(path, &f, &d), 0);
    ck_assert_int_eq(f, FPC_FORMAT_FINGERTIPS);
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(ds->n_obs, 4);
    size_t i;
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "90933", &i), FP_OK);   /* "NA" age/category: no suffix */
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_PERCENT);
    const fp_obs *o = obs_of(ds, "90933", "E54000008", "2023/24");
    ck_assert_ptr_nonnull(o);
    ck_assert_rel(o->value, 7.03062, 1e-12);
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, o);
    ck_assert_rel(x->lower95, 6.99972, 1e-12);
    ck_assert_rel(x->numerator, 184139, 0);
    o = obs_of(ds, "90933", "E54999999", "2023/24");
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(o->missing, FP_MISSING_SUPPRESSED);
    size_t a;
    ck_assert_int_eq(fp_dataset_find_area(ds, "E54000008", &a), FP_OK);
    /* An ICB (ONS E54, Area Type "ICBs") is its own kind: ranked among ICBs,
     * never among councils. */
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_ICB);
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

/* The tidied export through the area identity (fpc_inputs_load with the
 * identity file first): Sefton is keyed 343 and found by every name. */
START_TEST(fingertips_tidied)
{
    char *paths[] = { (char *)fp_check_src("datasets/areas.csv"),
                      (char *)fp_check_src("tests/data/real/fingertips_tidied_sample.csv") };
    paths[0] = strdup(paths[0]);
    paths[1] = strdup(fp_check_src("tests/data/real/fingertips_tidied_sample.csv"));
    fpc_inputs in;
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_inputs_load(&in, paths, 2, NULL, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    fp_dataset *ds = in.ds;
    ck_assert_uint_eq(ds->n_obs, 19);
    ck_assert_ptr_nonnull(find_diag(&d, "6 rows repeat an earlier row exactly"));
    ck_assert_ptr_nonnull(find_diag(&d, "break an indicator down by category"));
    ck_assert_ptr_nonnull(find_diag(&d, "1 values are modelled or synthetic estimates"));
    ck_assert_ptr_nonnull(find_diag(&d, "indicator '90284': polarity 'lower is better' inferred"));
    size_t i, a, k;
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "90284", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].polarity, FP_POLARITY_LOW);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_RATE);
    ck_assert_rel(ds->indicators[i].multiplier, 10000, 0);
    /* 0-9 yrs is its own series, not a duplicate of <15 yrs (the main age). */
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "90284/0-9 yrs", &k), FP_OK);
    ck_assert_ptr_nonnull(strstr(ds->indicators[k].name, "(0-9 yrs)"));
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "90284/Male", &k), FP_OK);
    ck_assert_int_eq(fp_dataset_find_indicator(ds,
        "90284/County & UA deprivation deciles in England (IMD2019, 4/23 geography): "
        "Most deprived decile (IMD2019)", &k), FP_OK);
    ck_assert_int_eq(fp_dataset_find_area(ds, "E08000014", &a), FP_OK);
    ck_assert_str_eq(ds->areas[a].code, "343");
    ck_assert_str_eq(ds->areas[a].name, "Sefton");
    ck_assert_str_eq(ds->areas[a].old_code, "343");
    ck_assert_str_eq(ds->areas[a].region, "North West");
    ck_assert_int_eq(fp_dataset_find_area(ds, "Sefton", &k), FP_OK); ck_assert_uint_eq(k, a);
    ck_assert_int_eq(fp_dataset_find_area(ds, "343", &k), FP_OK); ck_assert_uint_eq(k, a);
    const fp_obs *o = obs_of(ds, "90284", "343", "2023/24");
    ck_assert_ptr_nonnull(o);
    ck_assert_rel(o->value, 92.78719, 1e-12);
    ck_assert_rel(fp_dataset_obs_extra(ds, o)->numerator, 415, 0);
    o = obs_of(ds, "90284", "Sefton", "2021/22");
    ck_assert_ptr_nonnull(o);
    ck_assert_uint_eq(o->flags & FP_OBS_MODELLED, FP_OBS_MODELLED);
    o = obs_of(ds, "90284/0-9 yrs", "E08000014", "2023/24");
    ck_assert_ptr_nonnull(o);
    ck_assert_rel(o->value, 80.5, 1e-12);
    fpc_inputs_free(&in);
    fpc_diags_free(&d);
    free(paths[0]);
    free(paths[1]);
}
END_TEST

START_TEST(fingertips_conflict)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    const char *path = fp_check_src("tests/data/real/fingertips_conflict.csv");
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    ck_assert_uint_eq(d.n_errors, 1);
    const fpc_diag *g = find_diag(&d, "is already given on line 2 with different numbers");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->line, 3);
    ck_assert_uint_eq(ds->n_obs, 1);
    ck_assert_rel(ds->obs[0].value, 80.02892, 1e-12);   /* the first is kept */
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(ees_automatic)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_format f;
    const char *path = fp_check_src("tests/data/real/ees_sample.csv");
    ck_assert_int_eq(fpc_detect_format(path, &f, &d), 0);
    ck_assert_int_eq(f, FPC_FORMAT_EES);
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    /* 6 measure columns x 6 rows at kept levels (the district row skipped). */
    ck_assert_uint_eq(ds->n_obs, 36);
    ck_assert_ptr_nonnull(find_diag(&d, "1 rows at geographic levels other than"));
    size_t i;
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "t_pupils (CLA)", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_COUNT);
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "pt_met (CIN)", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_PERCENT);
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "avg_score (CLA)", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_MEAN);
    const fp_obs *o = obs_of(ds, "t_met (CLA)", "E92000001", "2018/19");
    ck_assert_ptr_nonnull(o);
    ck_assert_rel(o->value, 400, 0);
    size_t a;
    ck_assert_int_eq(fp_dataset_find_area(ds, "E92000001", &a), FP_OK);
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_COUNTRY);
    ck_assert_int_eq(fp_dataset_find_area(ds, "E12000002", &a), FP_OK);
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_REGION);
    ck_assert_str_eq(ds->areas[a].name, "North West");
    ck_assert_int_eq(obs_of(ds, "t_met (CLA)", "E08000013", "2018/19")->missing, FP_MISSING_SUPPRESSED);
    ck_assert_int_eq(obs_of(ds, "avg_score (CLA)", "E08000013", "2018/19")->missing,
                     FP_MISSING_NOT_AVAILABLE);
    ck_assert_int_eq(obs_of(ds, "t_met (CLA)", "E08000011", "2018/19")->missing, FP_MISSING_LOW);
    ck_assert_int_eq(obs_of(ds, "pt_met (CLA)", "E08000011", "2018/19")->missing,
                     FP_MISSING_NOT_APPLICABLE);
    ck_assert_int_eq(obs_of(ds, "avg_score (CLA)", "E08000011", "2018/19")->missing,
                     FP_MISSING_UNRELIABLE);
    ck_assert_int_eq(obs_of(ds, "avg_score_lower_CI (CLA)", "E08000011", "2018/19")->missing,
                     FP_MISSING_COLON);
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(ees_defined)
{
    fpc_read_opts o;
    fpc_read_opts_init(&o);
    const char *why;
    ck_assert_int_eq(fpc_read_opts_ees(&o, "CLA_MET=numerator:t_met,denominator:t_pupils,"
                                           "filter:social_care_group=CLA,polarity:high", &why), 0);
    ck_assert_int_eq(fpc_read_opts_ees(&o, "CLA_SCORE=value:avg_score,lower95:avg_score_lower_CI,"
                                           "upper95:avg_score_upper_CI,filter:social_care_group=CLA,"
                                           "unit:score", &why), 0);
    ck_assert_int_eq(fpc_read_opts_ees(&o, "BAD=numerator:t_met", &why), -1);
    ck_assert_int_eq(fpc_read_opts_ees(&o, "BAD=wibble:t_met", &why), -1);
    ck_assert_int_eq(fpc_read_opts_ees(&o, "=value:x", &why), -1);
    ck_assert_int_eq(fpc_read_opts_polarity(&o, "CLA_SCORE=high"), 0);
    ck_assert_int_eq(fpc_read_opts_polarity(&o, "CLA_SCORE=sideways"), -1);
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    const char *path = fp_check_src("tests/data/real/ees_sample.csv");
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, &o, ds, &d), 0);
    fpc_apply_polarities(ds, &o, &d);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(ds->n_indicators, 2);
    ck_assert_uint_eq(ds->n_obs, 10);   /* 5 CLA rows at kept levels, 2 indicators */
    size_t i;
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "CLA_MET", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_PERCENT);
    ck_assert_int_eq(ds->indicators[i].polarity, FP_POLARITY_HIGH);
    const fp_obs *ob = obs_of(ds, "CLA_MET", "E08000014", "2018/19");
    ck_assert_ptr_nonnull(ob);
    ck_assert_rel(ob->value, 45, 1e-12);   /* 100 x 9 / 20 */
    ck_assert_rel(fp_dataset_obs_extra(ds, ob)->denominator, 20, 0);
    ck_assert_int_eq(obs_of(ds, "CLA_MET", "E08000013", "2018/19")->missing, FP_MISSING_SUPPRESSED);
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "CLA_SCORE", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_SCORE);
    ck_assert_int_eq(ds->indicators[i].polarity, FP_POLARITY_HIGH);
    ob = obs_of(ds, "CLA_SCORE", "E08000014", "2018/19");
    ck_assert_uint_eq(ob->flags & FP_OBS_CI95, FP_OBS_CI95);
    ck_assert_rel(fp_dataset_obs_extra(ds, ob)->lower95, -2.0, 1e-12);
    fpc_read_opts_free(&o);
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(neighbours_wide)
{
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_format f;
    const char *path = fp_check_src("tests/data/real/sn_wide_sample.csv");
    ck_assert_int_eq(fpc_detect_format(path, &f, &d), 0);
    ck_assert_int_eq(f, FPC_FORMAT_NEIGHBOURS_DFE);
    fp_neighbours *nb;
    ck_assert_int_eq(fpc_read_neighbours(path, FPC_FORMAT_AUTO, NULL, &nb, &d), 0);
    ck_assert_uint_eq(nb->n_lists, 3);
    const fp_neighbour_list *l;
    ck_assert_int_eq(fp_neighbours_find(nb, "301", &l), FP_OK);
    ck_assert_str_eq(l->name, "Barking and Dagenham");
    ck_assert_uint_eq(l->n, 10);
    ck_assert_str_eq(l->neighbours[0], "308");
    ck_assert_str_eq(l->bands[0], "close");       /* "Close " trimmed, lower case */
    ck_assert_str_eq(l->neighbours[9], "203");
    fp_neighbours_free(nb);
    fpc_diags_free(&d);
}
END_TEST

START_TEST(half_unit)
{
    ck_assert_rel(fpc__half_unit(67), 0.5, 1e-12);
    ck_assert_rel(fpc__half_unit(28.3), 0.05, 1e-12);
    ck_assert_rel(fpc__half_unit(28.27), 0.005, 1e-12);
    ck_assert_rel(fpc__half_unit(92.78719), 0.000005, 1e-12);
    ck_assert_rel(fpc__half_unit(-1.5), 0.05, 1e-12);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_real");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, area_identity);
    tcase_add_test(tc, dataset_alias);
    tcase_add_test(tc, fingertipsr);
    tcase_add_test(tc, fingertips_tidied);
    tcase_add_test(tc, fingertips_conflict);
    tcase_add_test(tc, ees_automatic);
    tcase_add_test(tc, ees_defined);
    tcase_add_test(tc, neighbours_wide);
    tcase_add_test(tc, half_unit);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
