/* test_fetch_json.c -- the JSON reader and the generators of `fingerpost
 * fetch` (cli/fetch/json.c, derive.c). Expected parses follow RFC 8259 and
 * its escapes (U+00F4 is "\u00f4", U+1F600 the surrogate pair
 * "\ud83d\ude00", as Python's json.dumps writes them); malformed texts are
 * each rejected with the byte that broke them. The generators are checked
 * on small API-shaped inputs (the shapes of the Fingertips API source and
 * of EES's /meta; the end-to-end test, tests/cli/test_fetch_derived.sh,
 * uses eesyapi's recorded /meta). */
#include "fp_check.h"
#include "json.h"
#include "derive.h"

#include <stdlib.h>
#include <string.h>

static fpj *parse(const char *s)
{
    fpj *v = NULL;
    char err[128];
    ck_assert_msg(fpj_parse(s, strlen(s), &v, err, sizeof err) == 0, "'%s': %s", s, err);
    return v;
}

START_TEST(json_values)
{
    fpj *v = parse("\xEF\xBB\xBF { \"a\" : [1, -2.5e3, true, false, null, \"x\"], \"b\": {} }");
    const fpj *a = fpj_get(v, "a");
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->type, FPJ_ARRAY);
    ck_assert_uint_eq(a->n, 6);
    ck_assert_rel(a->kids[0]->number, 1, 1e-15);
    ck_assert_rel(a->kids[1]->number, -2500, 1e-15);
    ck_assert_int_eq(a->kids[2]->boolean, 1);
    ck_assert_int_eq(a->kids[3]->type, FPJ_BOOL);
    ck_assert_int_eq(a->kids[4]->type, FPJ_NULL);
    ck_assert_str_eq(fpj_str(a->kids[5]), "x");
    ck_assert_int_eq(fpj_get(v, "b")->type, FPJ_OBJECT);
    ck_assert_ptr_null(fpj_get(v, "c"));
    ck_assert_ptr_null(fpj_str(a));
    fpj_free(v);
}
END_TEST

START_TEST(json_escapes)
{
    fpj *v = parse("\"Ynys M\\u00f4n \\\"q\\\" \\\\ \\/ \\t \\ud83d\\ude00 \\ud800x\"");
    ck_assert_str_eq(fpj_str(v), "Ynys M\xC3\xB4n \"q\" \\ / \t \xF0\x9F\x98\x80 \xEF\xBF\xBDx");
    fpj_free(v);
}
END_TEST

START_TEST(json_malformed)
{
    const char *bad[] = {
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"abc", "\"\\x\"", "\"\\u12\"",
        "tru", "01x", "-", "[1] 2", "{1:2}", "\"a\nb\"", "<html>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fpj *v = (fpj *)1;
        char err[128] = "";
        ck_assert_msg(fpj_parse(bad[i], strlen(bad[i]), &v, err, sizeof err) == -1,
                      "'%s' accepted", bad[i]);
        ck_assert_ptr_null(v);
        ck_assert_msg(!strncmp(err, "byte ", 5), "'%s': message '%s'", bad[i], err);
    }
}
END_TEST

START_TEST(json_nul)
{
    /* A NUL byte is never part of a number or a string. */
    fpj *v = (fpj *)1;
    char err[128];
    ck_assert_int_eq(fpj_parse("1\0", 2, &v, err, sizeof err), -1);
    ck_assert_int_eq(fpj_parse("\"a\0\"", 4, &v, err, sizeof err), -1);
    /* Many members: a list of 50,000 areas. */
    size_t n = 50000;
    char *s = malloc(n * 2 + 2);
    s[0] = '[';
    for (size_t i = 0; i < n; i++) { s[1 + 2 * i] = '7'; s[2 + 2 * i] = ','; }
    s[2 * n] = ']';
    s[2 * n + 1] = '\0';
    ck_assert_int_eq(fpj_parse(s, strlen(s), &v, err, sizeof err), 0);
    ck_assert_uint_eq(v->n, n);
    fpj_free(v);
    free(s);
}
END_TEST

START_TEST(json_depth)
{
    /* Nesting beyond FPJ_MAX_DEPTH is refused, not followed down the stack. */
    size_t n = 100000;
    char *s = malloc(2 * n + 1);
    memset(s, '[', n);
    memset(s + n, ']', n);
    s[2 * n] = '\0';
    fpj *v = NULL;
    char err[128];
    ck_assert_int_eq(fpj_parse(s, 2 * n, &v, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "nested too deeply"));
    free(s);
    memset(err, 0, sizeof err);
    const char *ok = "[[[[[[[[[[1]]]]]]]]]]";
    ck_assert_int_eq(fpj_parse(ok, strlen(ok), &v, err, sizeof err), 0);
    fpj_free(v);
}
END_TEST

START_TEST(hierarchy_csv)
{
    fpj *areas = parse("[{\"Code\":\"E06000023\",\"Name\":\"Bristol, City of\",\"Short\":\"Bristol\","
                       "\"AreaTypeId\":502},{\"Code\":\"E08000014\",\"Name\":\"Sefton\",\"AreaTypeId\":502}]");
    fpj *regions = parse("[{\"Code\":\"E12000009\",\"Name\":\"South West region\",\"Short\":\"South West\"},"
                         "{\"Code\":\"E12000002\",\"Name\":\"North West region\"}]");
    fpj *map = parse("{\"E12000009\":[\"E06000023\"],\"E12000002\":[\"E08000014\"]}");
    fpf_hierarchy h = { "502", areas, "6", regions, map, regions, map };
    char *text = NULL, why[128];
    size_t len, rows;
    ck_assert_int_eq(fpf_hierarchy_csv(&h, 1, &text, &len, &rows, why, sizeof why), 0);
    ck_assert_uint_eq(rows, 4);
    ck_assert_str_eq(text,
        "ons_code,name,short_name,type,region,parent_code,parent_name,area_type_id\r\n"
        "E12000009,South West region,South West,region,,E92000001,England,6\r\n"
        "E12000002,North West region,,region,,E92000001,England,6\r\n"
        "E06000023,\"Bristol, City of\",Bristol,,South West region,E12000009,South West region,502\r\n"
        "E08000014,Sefton,,,North West region,E12000002,North West region,502\r\n");
    free(text);
    /* A list that is not a list of areas is refused with a reason. */
    fpf_hierarchy bad = { "502", map, "6", regions, map, regions, map };
    ck_assert_int_eq(fpf_hierarchy_csv(&bad, 1, &text, &len, &rows, why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "not a JSON array"));
    fpj_free(areas); fpj_free(regions); fpj_free(map);
}
END_TEST

START_TEST(ees_defs)
{
    /* One filter with a total, one without (broken down by its options). */
    fpj *meta = parse(
        "{\"filters\":[{\"column\":\"phase\",\"options\":[{\"label\":\"Primary\"},"
        "{\"label\":\"Total\",\"isAggregate\":true}]},"
        "{\"column\":\"sex\",\"options\":[{\"label\":\"Boys\"},{\"label\":\"Girls\"}]}],"
        "\"indicators\":[{\"column\":\"pct_absent\",\"label\":\"Absence rate\",\"unit\":\"%\"},"
        "{\"column\":\"spend\",\"label\":\"Spend\",\"unit\":\"\u00a3\"},"
        "{\"column\":\"gap\",\"label\":\"Gap\",\"unit\":\"pp\"}]}");
    char *text = NULL, why[128];
    size_t len, rows;
    const char *note;
    ck_assert_int_eq(fpf_ees_defs_csv(meta, "x.csv", &text, &len, &rows, &note, why, sizeof why), 0);
    ck_assert_uint_eq(rows, 6);
    ck_assert_ptr_null(note);
    /* "%" kept; "pp" as fingerpost's "percentage points"; "\u00a3" (pounds)
     * not a unit fingerpost compares by: left empty, shown in the name. */
    ck_assert_str_eq(text,
        "indicator,name,source,value,numerator,denominator,lower95,upper95,filter,"
        "denominator_filter,unit,polarity\r\n"
        "pct_absent/Boys,Absence rate (Boys),x.csv,pct_absent,,,,,phase=Total;sex=Boys,,%,\r\n"
        "pct_absent/Girls,Absence rate (Girls),x.csv,pct_absent,,,,,phase=Total;sex=Girls,,%,\r\n"
        "spend/Boys,Spend [\xC2\xA3] (Boys),x.csv,spend,,,,,phase=Total;sex=Boys,,,\r\n"
        "spend/Girls,Spend [\xC2\xA3] (Girls),x.csv,spend,,,,,phase=Total;sex=Girls,,,\r\n"
        "gap/Boys,Gap (Boys),x.csv,gap,,,,,phase=Total;sex=Boys,,percentage points,\r\n"
        "gap/Girls,Gap (Girls),x.csv,gap,,,,,phase=Total;sex=Girls,,percentage points,\r\n");
    free(text);
    fpj_free(meta);
    fpj *none = parse("{\"filters\":[],\"indicators\":[]}");
    ck_assert_int_eq(fpf_ees_defs_csv(none, "x.csv", &text, &len, &rows, &note, why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "no indicators"));
    fpj_free(none);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fetch_json");
    TCase *tc = tcase_create("json");
    tcase_add_test(tc, json_values);
    tcase_add_test(tc, json_escapes);
    tcase_add_test(tc, json_malformed);
    tcase_add_test(tc, json_nul);
    tcase_add_test(tc, json_depth);
    tcase_add_test(tc, hierarchy_csv);
    tcase_add_test(tc, ees_defs);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
