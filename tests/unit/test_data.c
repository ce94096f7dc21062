/* test_data.c -- the data model: unit, polarity and missing-code parsing (labels
 * as published in DfE's LAIT data_dictionary.csv `y_axis_name` / `Polarity`
 * columns and the suppression codes of the GSS guidance on symbols in
 * tables: c, x, z, low, .., -, :), datasets with lookups, the series index,
 * and statistical-neighbour sets (DfE sn_*.csv semantics). */
#include "fp_check.h"
#include "fingerpost.h"

#include <stdio.h>
#include <string.h>

START_TEST(units)
{
    fp_unit u;
    double m;
    ck_assert_int_eq(fp_unit_parse("% of births", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_PERCENT); ck_assert_rel(m, 100, 0);
    ck_assert_int_eq(fp_unit_parse("Rate per 10,000", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATE); ck_assert_rel(m, 10000, 0);
    ck_assert_int_eq(fp_unit_parse("Rate per 1000 15 - 17 year olds", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATE); ck_assert_rel(m, 1000, 0);
    ck_assert_int_eq(fp_unit_parse("per 100,000", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATE); ck_assert_rel(m, 100000, 0);
    ck_assert_int_eq(fp_unit_parse("Average Point Score", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_MEAN);
    ck_assert_int_eq(fp_unit_parse("Score per pupil", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_SCORE); ck_assert_rel(m, 1, 0);
    ck_assert_int_eq(fp_unit_parse("Number of Children Looked After", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_COUNT);
    ck_assert_int_eq(fp_unit_parse("count", &u, NULL), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_COUNT);
    ck_assert_int_eq(fp_unit_parse("proportion", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_PROPORTION); ck_assert_rel(m, 1, 0);
    ck_assert_int_eq(fp_unit_parse("mean", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_MEAN);
    /* Ratios (ISR, SMR): x 100 when the label says so; "ratio of 1" stays a
     * proportion and "per 100" a rate. */
    ck_assert_int_eq(fp_unit_parse("ISR x 100", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATIO); ck_assert_rel(m, 100, 0);
    ck_assert_int_eq(fp_unit_parse("Indirectly standardised ratio", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATIO); ck_assert_rel(m, 1, 0);
    ck_assert_int_eq(fp_unit_parse("SMR", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATIO);
    ck_assert_int_eq(fp_unit_parse("ratio of 1", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_PROPORTION);
    ck_assert_int_eq(fp_unit_parse("Directly standardised rate per 100,000", &u, &m), FP_OK);
    ck_assert_int_eq(u, FP_UNIT_RATE);
    ck_assert_str_eq(fp_unit_name(FP_UNIT_RATIO), "ratio");
    ck_assert_int_eq(fp_unit_parse("Spend", &u, &m), FP_EFORMAT);
    ck_assert_int_eq(fp_unit_parse("", &u, &m), FP_EFORMAT);
    ck_assert_str_eq(fp_unit_name(FP_UNIT_RATE), "rate");
}
END_TEST

START_TEST(polarity)
{
    fp_polarity p;
    ck_assert_int_eq(fp_polarity_parse("High", &p), FP_OK); ck_assert_int_eq(p, FP_POLARITY_HIGH);
    ck_assert_int_eq(fp_polarity_parse(" lower ", &p), FP_OK); ck_assert_int_eq(p, FP_POLARITY_LOW);
    ck_assert_int_eq(fp_polarity_parse("-", &p), FP_OK); ck_assert_int_eq(p, FP_POLARITY_NONE);
    ck_assert_int_eq(fp_polarity_parse("", &p), FP_OK); ck_assert_int_eq(p, FP_POLARITY_NONE);
    ck_assert_int_eq(fp_polarity_parse("NA", &p), FP_OK); ck_assert_int_eq(p, FP_POLARITY_NONE);
    ck_assert_int_eq(fp_polarity_parse("sideways", &p), FP_EFORMAT);
    ck_assert_str_eq(fp_polarity_name(FP_POLARITY_LOW), "lower");
}
END_TEST

START_TEST(missing)
{
    struct { const char *s; fp_missing m; } ok[] = {
        { "", FP_MISSING_EMPTY }, { "  ", FP_MISSING_EMPTY }, { "c", FP_MISSING_SUPPRESSED },
        { "C", FP_MISSING_SUPPRESSED }, { "[c]", FP_MISSING_SUPPRESSED },
        { "x", FP_MISSING_NOT_AVAILABLE }, { "z", FP_MISSING_NOT_APPLICABLE },
        { "low", FP_MISSING_LOW }, { "LOW", FP_MISSING_LOW }, { "..", FP_MISSING_DOTS },
        { "-", FP_MISSING_DASH }, { " - ", FP_MISSING_DASH }, { ":", FP_MISSING_COLON },
        { "NA", FP_MISSING_NA }, { "NaN", FP_MISSING_NA },
    };
    fp_missing m;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        ck_assert_msg(fp_missing_parse(ok[i].s, &m) == FP_OK, "'%s'", ok[i].s);
        ck_assert_int_eq(m, ok[i].m);
    }
    ck_assert_int_eq(fp_missing_parse("12", &m), FP_ENOTFOUND);
    ck_assert_int_eq(fp_missing_parse("abc", &m), FP_ENOTFOUND);
    ck_assert_str_eq(fp_missing_code(FP_MISSING_SUPPRESSED), "c");
    ck_assert_str_eq(fp_missing_code(FP_MISSING_DOTS), "..");
}
END_TEST

static fp_obs mkobs(size_t i, size_t a, size_t p, double v)
{
    fp_obs o;
    memset(&o, 0, sizeof o);
    o.indicator = i; o.area = a; o.period = p; o.value = v;
    return o;
}

START_TEST(dataset_basic)
{
    fp_dataset *ds = fp_dataset_alloc();
    size_t i1, i2, a1, a2, a3, p1, p2, p3, k;
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(fp_dataset_indicator(ds, "LAC", &i1), FP_OK);
    ck_assert_int_eq(fp_dataset_indicator(ds, "CPP_rate", &i2), FP_OK);
    ck_assert_int_eq(fp_dataset_indicator(ds, "LAC", &k), FP_OK);
    ck_assert_uint_eq(k, i1);
    ck_assert_int_eq(ds->indicators[i1].dps, -1);
    fp_indicator meta = { 0 };
    meta.name = "Children looked after rate per 10,000";
    meta.unit = FP_UNIT_RATE; meta.multiplier = 10000; meta.polarity = FP_POLARITY_LOW;
    meta.dps = 0;
    ck_assert_int_eq(fp_dataset_indicator_set(ds, i1, &meta), FP_OK);
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "children LOOKED after rate per 10,000", &k), FP_OK);
    ck_assert_uint_eq(k, i1);
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "nope", &k), FP_ENOTFOUND);

    ck_assert_int_eq(fp_dataset_area(ds, "343", "Sefton", FP_AREA_LA, "North West", "343", &a1), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "970", "England", FP_AREA_COUNTRY, NULL, NULL, &a2), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "981", "North West", FP_AREA_REGION, NULL, NULL, &a3), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "343", NULL, FP_AREA_OTHER, NULL, NULL, &k), FP_OK);
    ck_assert_uint_eq(k, a1);
    ck_assert_int_eq(ds->areas[a1].kind, FP_AREA_LA);   /* OTHER does not overwrite */
    ck_assert_str_eq(ds->areas[a1].name, "Sefton");
    ck_assert_int_eq(fp_dataset_find_area(ds, " sefton ", &k), FP_OK);
    ck_assert_uint_eq(k, a1);
    ck_assert_int_eq(fp_dataset_find_area(ds, "ENGLAND", &k), FP_OK);
    ck_assert_uint_eq(k, a2);
    ck_assert_int_eq(fp_dataset_find_area(ds, "Knowsley", &k), FP_ENOTFOUND);

    ck_assert_int_eq(fp_dataset_period(ds, "2017", &p2), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2016", &p1), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2018 (Rev)", &p3), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2016", &k), FP_OK);
    ck_assert_uint_eq(k, p1);
    ck_assert_int_eq(fp_dataset_period(ds, "zero", &k), FP_EFORMAT);
    ck_assert_uint_eq(ds->n_periods, 3);

    /* Add out of order; index sorts by (indicator, area, period time order). */
    fp_obs o;
    o = mkobs(i1, a1, p3, 3); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(i2, a1, p1, 10); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(i1, a2, p1, 20); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(i1, a1, p1, 1); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(i1, a1, p2, 2); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(i1, a1, p2, 2.5); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(i1, 99, p2, 2.5); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_EINVAL);
    size_t dups = 0;
    ck_assert_int_eq(fp_dataset_index(ds, &dups), FP_OK);
    ck_assert_uint_eq(dups, 1);
    const fp_obs *first, *one;
    size_t n;
    ck_assert_int_eq(fp_dataset_series(ds, i1, a1, &first, &n), FP_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_rel(first[0].value, 1, 0);
    ck_assert_rel(first[1].value, 2, 0);     /* duplicates keep input order */
    ck_assert_rel(first[2].value, 2.5, 0);
    ck_assert_rel(first[3].value, 3, 0);
    ck_assert_int_eq(fp_dataset_series(ds, i2, a2, &first, &n), FP_ENOTFOUND);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fp_dataset_lookup(ds, i1, a2, p1, &one), FP_OK);
    ck_assert_rel(one->value, 20, 0);
    ck_assert_int_eq(fp_dataset_lookup(ds, i1, a1, p3, &one), FP_OK);
    ck_assert_rel(one->value, 3, 0);
    ck_assert_int_eq(fp_dataset_lookup(ds, i2, a1, p3, &one), FP_ENOTFOUND);
    ck_assert_int_eq(fp_dataset_set_version(ds, "test v1"), FP_OK);
    ck_assert_str_eq(ds->version, "test v1");
    fp_dataset_free(ds);
    fp_dataset_free(NULL);
}
END_TEST

/* Many areas and periods: the index must agree with a brute-force search. */
START_TEST(dataset_many)
{
    fp_dataset *ds = fp_dataset_alloc();
    char buf[32];
    size_t ni = 7, na = 300, np = 12;
    for (size_t i = 0; i < ni; i++) { size_t k; snprintf(buf, sizeof buf, "I%zu", i); fp_dataset_indicator(ds, buf, &k); }
    for (size_t a = 0; a < na; a++) { size_t k; snprintf(buf, sizeof buf, "E%06zu", a); fp_dataset_area(ds, buf, buf, FP_AREA_LA, NULL, NULL, &k); }
    for (size_t p = 0; p < np; p++) { size_t k; snprintf(buf, sizeof buf, "%zu", 2030 - p); fp_dataset_period(ds, buf, &k); }
    unsigned x = 12345;
    for (size_t k = 0; k < 20000; k++) {
        x = x * 1103515245u + 12345u;
        fp_obs o = mkobs((x >> 8) % ni, (x >> 12) % na, (x >> 4) % np, (double)k);
        ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    }
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    for (size_t k = 1; k < ds->n_obs; k++) {
        const fp_obs *a = &ds->obs[k - 1], *b = &ds->obs[k];
        ck_assert(a->indicator < b->indicator || (a->indicator == b->indicator &&
                  (a->area < b->area || (a->area == b->area &&
                   fp_period_compare(&ds->periods[a->period].period, &ds->periods[b->period].period) <= 0))));
    }
    size_t total = 0;
    for (size_t i = 0; i < ni; i++)
        for (size_t a = 0; a < na; a++) {
            const fp_obs *f; size_t n;
            if (fp_dataset_series(ds, i, a, &f, &n) == FP_OK) {
                total += n;
                for (size_t k = 0; k < n; k++) { ck_assert_uint_eq(f[k].indicator, i); ck_assert_uint_eq(f[k].area, a); }
            }
        }
    ck_assert_uint_eq(total, 20000);
    fp_dataset_free(ds);
}
END_TEST

/* Period queries: the latest period with a value anywhere (missing values do
 * not count, and areas may end at different periods), and lookup by label as
 * published or by parsed equality. Expected indices follow from the
 * construction. */
START_TEST(dataset_periods)
{
    fp_dataset *ds = fp_dataset_alloc();
    size_t ind, ind2, ind3, a1, a2, p15, p16, p17, p18, k = 999;
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(fp_dataset_indicator(ds, "LAC", &ind), FP_OK);
    ck_assert_int_eq(fp_dataset_indicator(ds, "CPP", &ind2), FP_OK);
    ck_assert_int_eq(fp_dataset_indicator(ds, "EMPTY", &ind3), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "343", "Sefton", FP_AREA_LA, NULL, NULL, &a1), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "344", "Wirral", FP_AREA_LA, NULL, NULL, &a2), FP_OK);
    /* Added out of time order so that index order differs from time order. */
    ck_assert_int_eq(fp_dataset_period(ds, "2017/18", &p17), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2015/16", &p15), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2018/19", &p18), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2016-17", &p16), FP_OK);

    fp_obs o;
    o = mkobs(ind, a1, p15, 1); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(ind, a1, p16, 2); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(ind, a2, p17, 3); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(ind, a1, p18, 0);
    o.missing = FP_MISSING_SUPPRESSED;           /* the only 2018/19 value is missing */
    ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(ind2, a2, p15, 5); ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    o = mkobs(ind3, a2, p18, 0);
    o.missing = FP_MISSING_NOT_AVAILABLE;
    ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);

    /* Not yet indexed: the query cannot use the series index. */
    ck_assert_int_eq(fp_dataset_latest_period(ds, ind, &k), FP_EINVAL);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);

    ck_assert_int_eq(fp_dataset_latest_period(ds, ind, &k), FP_OK);
    ck_assert_uint_eq(k, p17);                   /* Wirral's 2017/18, not Sefton's missing 2018/19 */
    ck_assert_int_eq(fp_dataset_latest_period(ds, ind2, &k), FP_OK);
    ck_assert_uint_eq(k, p15);
    k = 999;
    ck_assert_int_eq(fp_dataset_latest_period(ds, ind3, &k), FP_ENOTFOUND);
    ck_assert_uint_eq(k, 999);                   /* untouched when not found */
    ck_assert_int_eq(fp_dataset_latest_period(ds, 42, &k), FP_ENOTFOUND);
    ck_assert_int_eq(fp_dataset_latest_period(NULL, ind, &k), FP_EINVAL);
    ck_assert_int_eq(fp_dataset_latest_period(ds, ind, NULL), FP_EINVAL);

    /* By label as published, then by parsed equality in either direction. */
    ck_assert_int_eq(fp_dataset_find_period(ds, "2017/18", &k), FP_OK);
    ck_assert_uint_eq(k, p17);
    ck_assert_int_eq(fp_dataset_find_period(ds, "2016-17", &k), FP_OK);
    ck_assert_uint_eq(k, p16);
    ck_assert_int_eq(fp_dataset_find_period(ds, "2016/17", &k), FP_OK);
    ck_assert_uint_eq(k, p16);
    ck_assert_int_eq(fp_dataset_find_period(ds, "2015-16", &k), FP_OK);
    ck_assert_uint_eq(k, p15);
    /* Two labels of one period are one period (issue 22: "2016/17",
     * "2016-17" and "201617" were three, and compare picked one); the first
     * label seen is kept. */
    size_t p16b, n_before = ds->n_periods;
    ck_assert_int_eq(fp_dataset_period(ds, "2016/17", &p16b), FP_OK);
    ck_assert_uint_eq(p16b, p16);
    ck_assert_int_eq(fp_dataset_period(ds, "201617", &p16b), FP_OK);
    ck_assert_uint_eq(p16b, p16);
    ck_assert_uint_eq(ds->n_periods, n_before);
    ck_assert_str_eq(ds->periods[p16].label, "2016-17");
    ck_assert_int_eq(fp_dataset_find_period(ds, "2016/17", &k), FP_OK);
    ck_assert_uint_eq(k, p16);
    ck_assert_int_eq(fp_dataset_find_period(ds, "201617", &k), FP_OK);
    ck_assert_uint_eq(k, p16);
    ck_assert_int_eq(fp_dataset_find_period(ds, "2020/21", &k), FP_ENOTFOUND);
    ck_assert_int_eq(fp_dataset_find_period(ds, "latest", &k), FP_ENOTFOUND);
    ck_assert_int_eq(fp_dataset_find_period(ds, "", &k), FP_ENOTFOUND);
    ck_assert_int_eq(fp_dataset_find_period(ds, NULL, &k), FP_EINVAL);
    ck_assert_int_eq(fp_dataset_find_period(ds, "2015/16", NULL), FP_EINVAL);
    fp_dataset_free(ds);
}
END_TEST

/* Optional numbers live apart from the observation (fp_obs_extra): only the
 * flagged fields are kept, the others read 0, an observation added without
 * them has none, and each keeps its own numbers through the sort of
 * fp_dataset_index. Expected values are the inputs. */
/* fp_dataset_index sorts each indicator's observations with insertion sort
 * (short segments), counting passes, or qsort (few observations against
 * many areas): each shape here reaches one of them, with duplicates. The
 * reference is the definition: consecutive observations are in (indicator,
 * area, period) order, and equal keys keep the order they were added in
 * (value = the order added), nothing lost (sum of values). */
static void check_index_shape(size_t ni, size_t na, size_t np, size_t nobs, int grouped)
{
    fp_dataset *ds = fp_dataset_alloc();
    char buf[32];
    for (size_t i = 0; i < ni; i++) { size_t k; snprintf(buf, sizeof buf, "I%zu", i); fp_dataset_indicator(ds, buf, &k); }
    for (size_t a = 0; a < na; a++) { size_t k; snprintf(buf, sizeof buf, "E%06zu", a); fp_dataset_area(ds, buf, buf, FP_AREA_LA, NULL, NULL, &k); }
    for (size_t p = 0; p < np; p++) { size_t k; snprintf(buf, sizeof buf, "%zu", 2030 - p); fp_dataset_period(ds, buf, &k); }
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    double sum = 0;
    for (size_t k = 0; k < nobs; k++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        size_t ind = grouped ? k * ni / nobs : (size_t)(x % ni);
        /* With many areas, draw from 37 of them so that keys repeat. */
        size_t area = na > 1000 ? ((x >> 20) % 37) * (na / 37) : (x >> 20) % na;
        fp_obs o = mkobs(ind, area, (x >> 40) % np, (double)k);
        sum += (double)k;
        ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    }
    size_t dups = 0, dups_seen = 0;
    ck_assert_int_eq(fp_dataset_index(ds, &dups), FP_OK);
    double got = ds->n_obs ? ds->obs[0].value : 0;
    for (size_t k = 1; k < ds->n_obs; k++) {
        const fp_obs *a = &ds->obs[k - 1], *b = &ds->obs[k];
        int c = (a->indicator > b->indicator) - (a->indicator < b->indicator);
        if (!c) c = (a->area > b->area) - (a->area < b->area);
        if (!c) c = fp_period_compare(&ds->periods[a->period].period, &ds->periods[b->period].period);
        ck_assert_msg(c < 0 || (c == 0 && a->value < b->value), "order at %zu (%zu %zu %zu)", k, ni, na, np);
        dups_seen += c == 0;
        got += b->value;
    }
    ck_assert_uint_eq(ds->n_obs, nobs);
    ck_assert_uint_eq(dups, dups_seen);
    ck_assert_rel(got, sum, 0);
    fp_dataset_free(ds);
}

START_TEST(dataset_index_shapes)
{
    check_index_shape(7, 300, 12, 20000, 0);      /* counting passes, shuffled */
    check_index_shape(7, 300, 12, 20000, 1);      /* counting passes, grouped */
    check_index_shape(5000, 40, 6, 20000, 0);     /* insertion sort, ~4 per indicator */
    check_index_shape(3, 30000, 5, 900, 0);       /* qsort: 300 per indicator, 30,000 areas */
    check_index_shape(1, 3, 2, 5000, 0);          /* one indicator, mostly duplicates */
    check_index_shape(4, 1, 1, 7, 0);
}
END_TEST

START_TEST(dataset_extras)
{
    ck_assert_uint_eq(sizeof(fp_obs), 32);
    fp_dataset *ds = fp_dataset_alloc();
    size_t i, a, p[3];
    ck_assert_int_eq(fp_dataset_indicator(ds, "SELF_HARM", &i), FP_OK);
    ck_assert_int_eq(fp_dataset_area(ds, "343", "Sefton", FP_AREA_LA, "North West", NULL, &a), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2021/22", &p[2]), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2019/20", &p[0]), FP_OK);
    ck_assert_int_eq(fp_dataset_period(ds, "2020/21", &p[1]), FP_OK);
    fp_obs_extra e = { 30, 500, 4.1, 8.4, 3.5, 9.9, 1.5 };
    /* 2021/22: counts and 95% limits, but not the 99.8% ones or the SD. */
    fp_obs o = mkobs(i, a, p[2], 6);
    o.flags = FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR | FP_OBS_CI95;
    ck_assert_int_eq(fp_dataset_add_obs_extra(ds, &o, &e), FP_OK);
    /* 2019/20: flags given to fp_dataset_add_obs are cleared. */
    o = mkobs(i, a, p[0], 5);
    o.flags = FP_OBS_NUMERATOR;
    ck_assert_int_eq(fp_dataset_add_obs(ds, &o), FP_OK);
    /* 2020/21: the SD only. */
    o = mkobs(i, a, p[1], 7);
    o.flags = FP_OBS_SD;
    ck_assert_int_eq(fp_dataset_add_obs_extra(ds, &o, &e), FP_OK);
    ck_assert_uint_eq(ds->n_extras, 2);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    const fp_obs *s;
    size_t n;
    ck_assert_int_eq(fp_dataset_series(ds, i, a, &s, &n), FP_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_rel(s[0].value, 5, 0);
    ck_assert_uint_eq(s[0].flags, 0);
    ck_assert_uint_eq(s[0].extra, FP_OBS_NO_EXTRA);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[0])->numerator, 0, 0);
    ck_assert_rel(s[1].value, 7, 0);
    ck_assert_uint_eq(s[1].flags, FP_OBS_SD);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[1])->sd, 1.5, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[1])->numerator, 0, 0);
    ck_assert_rel(s[2].value, 6, 0);
    const fp_obs_extra *x = fp_dataset_obs_extra(ds, &s[2]);
    ck_assert_rel(x->numerator, 30, 0);
    ck_assert_rel(x->denominator, 500, 0);
    ck_assert_rel(x->lower95, 4.1, 0);
    ck_assert_rel(x->upper95, 8.4, 0);
    ck_assert_rel(x->lower998, 0, 0);
    ck_assert_rel(x->sd, 0, 0);
    ck_assert_ptr_nonnull(fp_dataset_obs_extra(NULL, &s[2]));
    fp_dataset_free(ds);
}
END_TEST

START_TEST(neighbours)
{
    fp_neighbours *nb = fp_neighbours_alloc("sn_may_2025");
    const fp_neighbour_list *l;
    ck_assert_ptr_nonnull(nb);
    ck_assert_int_eq(fp_neighbours_add(nb, "835", "Dorset (Pre LG)", 1, "893", "Extremely Close"), FP_OK);
    ck_assert_int_eq(fp_neighbours_add(nb, "343", "Sefton", 0, "344", "Very close "), FP_OK);
    ck_assert_int_eq(fp_neighbours_add(nb, "343", "Sefton", 0, "340", NULL), FP_OK);
    ck_assert_int_eq(fp_neighbours_add(nb, "835", "Dorset", 0, "800", "Close"), FP_OK);
    ck_assert_int_eq(fp_neighbours_find(nb, "343", &l), FP_OK);
    ck_assert_uint_eq(l->n, 2);
    ck_assert_str_eq(l->neighbours[0], "344");
    ck_assert_str_eq(l->bands[0], "very close");
    ck_assert_str_eq(l->bands[1], "");
    ck_assert_int_eq(fp_neighbours_find(nb, "835", &l), FP_OK);
    ck_assert_int_eq(l->predecessor, 0);            /* current preferred */
    ck_assert_str_eq(l->neighbours[0], "800");
    ck_assert_int_eq(fp_neighbours_find(nb, "999", &l), FP_ENOTFOUND);
    ck_assert_uint_eq(nb->n_lists, 3);
    ck_assert_str_eq(nb->version, "sn_may_2025");
    fp_neighbours_free(nb);
    fp_neighbours_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("data");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, units);
    tcase_add_test(tc, polarity);
    tcase_add_test(tc, missing);
    tcase_add_test(tc, dataset_basic);
    tcase_add_test(tc, dataset_many);
    tcase_add_test(tc, dataset_periods);
    tcase_add_test(tc, dataset_index_shapes);
    tcase_add_test(tc, dataset_extras);
    tcase_add_test(tc, neighbours);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
