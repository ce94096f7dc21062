/* test_table.c -- the table writer's numbers and column choice (cli/table.c)
 * and "did you mean" (cli/suggest.c).
 * Expected values: 0.1 + 0.2 * 259.4 = 51.980000000000004 in IEEE double
 * (Python: repr(0.1 + 0.2 * 259.4)), which %.15g prints as 51.98; the
 * optimal-string-alignment distance of "PRJO" and "PROJ" is 1 (one
 * transposition), of "Seftn" and "Sefton" 1 (one insertion). */
#include "fp_check.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The CSV text of a table written by fill(t). */
static char *run(void (*fill)(fpc_table *), const char *const *names, size_t n,
                 const char *columns, int dp)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    fpc_table t;
    fpc_table_begin(&t, fp, FPC_TABLE_CSV, names, n);
    t.dp = dp;
    ck_assert_int_eq(fpc_table_select(&t, "test", columns, 0, NULL), 0);
    fill(&t);
    fpc_table_end(&t);
    fclose(fp);
    return buf;
}

static void numbers(fpc_table *t)
{
    fpc_table_num(t, 0.1 + 0.2 * 259.4);
    fpc_table_num(t, 2.8333333333333335);
    fpc_table_num(t, -0.0);
    fpc_table_num_dp(t, 2.675, 2);
    fpc_table_int(t, 7);
}

static const char *const num_names[] = { "a", "b", "c", "d", "e" };

START_TEST(no_binary_noise)
{
    char *s = run(numbers, num_names, 5, NULL, -1);
    ck_assert_str_eq(s, "a,b,c,d,e\n51.98,2.83333333333333,0,2.68,7\n");
    free(s);
}
END_TEST

START_TEST(forced_dp)
{
    /* --dp 1 applies to every non-integer number, dps or not. */
    char *s = run(numbers, num_names, 5, NULL, 1);
    ck_assert_str_eq(s, "a,b,c,d,e\n52.0,2.8,0.0,2.7,7\n");
    free(s);
}
END_TEST

START_TEST(select_order)
{
    char *s = run(numbers, num_names, 5, "e, a", -1);
    ck_assert_str_eq(s, "e,a\n7,51.98\n");
    free(s);
    /* A column named twice would be a repeated key in JSON (issue 22):
     * refused in every format, as fpc_table_columns_check refuses it
     * before any data are read. */
    fpc_table t;
    FILE *fp = tmpfile();
    fpc_table_begin(&t, fp, FPC_TABLE_JSON, num_names, 5);
    ck_assert_int_eq(fpc_table_select(&t, "test", "e,a,e", 0, NULL), FPC_EXIT_USAGE);
    fpc_table_opts o;
    fpc_table_opts_init(&o);
    o.columns = "a, a";
    ck_assert_int_eq(fpc_table_columns_check(&o, "test", num_names, 5), FPC_EXIT_USAGE);
    o.columns = "e,zz";
    ck_assert_int_eq(fpc_table_columns_check(&o, "test", num_names, 5), FPC_EXIT_USAGE);
    o.columns = "e,a";
    ck_assert_int_eq(fpc_table_columns_check(&o, "test", num_names, 5), 0);
    fpc_table_end(&t);
    fclose(fp);
}
END_TEST

/* Formatting never cuts a number (issue 22: --dp 2 on 1e200 wrote 63 of its
 * 201 digits): 1e15 and more in exponent form, 15 significant digits. */
START_TEST(huge_numbers)
{
    char buf[FP_FORMAT_FIXED_MAX];
    ck_assert_int_eq(fp_format_fixed(buf, sizeof buf, 1e200, 2), 6);
    ck_assert_str_eq(buf, "1e+200");
    fp_format_fixed(buf, sizeof buf, -1.7976931348623157e308, 15);
    ck_assert_str_eq(buf, "-1.79769313486232e+308");
    fp_format_fixed(buf, sizeof buf, 999999999999999.4, 15);   /* below 1e15: fixed */
    ck_assert_uint_lt(strlen(buf), sizeof buf);
    ck_assert_int_eq(strncmp(buf, "999999999999999.", 16), 0);
    fp_format_fixed(buf, sizeof buf, 2.675, 2);
    ck_assert_str_eq(buf, "2.68");
    fp_format_fixed(buf, sizeof buf, -0.001, 2);
    ck_assert_str_eq(buf, "0.00");
    static const char *const one[] = { "x" };
    fpc_table t;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    fpc_table_begin(&t, fp, FPC_TABLE_CSV, one, 1);
    t.dp = 2;
    fpc_table_num(&t, 1e200);
    fpc_table_num_dp(&t, -3e300, 4);
    fpc_table_end(&t);
    fclose(fp);
    ck_assert_str_eq(text, "x\n1e+200\n-3e+300\n");
    free(text);
}
END_TEST

START_TEST(select_unknown)
{
    fpc_table t;
    FILE *fp = tmpfile();
    fpc_table_begin(&t, fp, FPC_TABLE_CSV, num_names, 5);
    ck_assert_int_eq(fpc_table_select(&t, "test", "a,zz", 0, NULL), FPC_EXIT_USAGE);
    static const char *const defs[] = { "c", "missing", "a", NULL };
    ck_assert_int_eq(fpc_table_select(&t, "test", NULL, 0, defs), 0);
    numbers(&t);
    fpc_table_end(&t);
    rewind(fp);
    char line[64];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    ck_assert_str_eq(line, "c,a\n");
    fclose(fp);
}
END_TEST

START_TEST(suggestions)
{
    fpc_suggest s;
    fpc_suggest_init(&s, "PRJO");
    fpc_suggest_add(&s, "PROJ", NULL);
    fpc_suggest_add(&s, "LAC", NULL);
    ck_assert_str_eq(fpc_suggest_text(&s), "; did you mean 'PROJ'?");
    fpc_suggest_free(&s);

    fpc_suggest_init(&s, "St Helens");
    fpc_suggest_add(&s, "Sefton", NULL);
    fpc_suggest_add(&s, "St. Helens", NULL);
    fpc_suggest_add(&s, "Bristol, City of", NULL);
    ck_assert_str_eq(fpc_suggest_text(&s), "; did you mean 'St. Helens'?");
    fpc_suggest_free(&s);

    /* Ranked: equal after normalising, then a word start, then distance. */
    fpc_suggest_init(&s, "bristol");
    fpc_suggest_add(&s, "Bristel", NULL);
    fpc_suggest_add(&s, "Bristol, City of", NULL);
    fpc_suggest_add(&s, "BRISTOL", "Bristol (old)");
    ck_assert_str_eq(fpc_suggest_text(&s),
                     "; did you mean 'Bristol (old)', 'Bristol, City of' or 'Bristel'?");
    fpc_suggest_free(&s);

    fpc_suggest_init(&s, "zzz");
    fpc_suggest_add(&s, "Sefton", NULL);
    ck_assert_str_eq(fpc_suggest_text(&s), "");
    fpc_suggest_free(&s);
}
END_TEST

/* A workbook written to a path: it appears complete (a ZIP file, "PK")
 * and no temporary file is left beside it. Its cells are checked against
 * the CSV by tests/cli/test_tables.sh (openpyxl). */
START_TEST(xlsx_to_file)
{
    char dir[] = "/tmp/fp_test_tableXXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/scorecard.xlsx", dir);
    static const char *const cols[] = { "code", "value", "status" };
    fpc_table t;
    fpc_out o;
    ck_assert_int_eq(fpc_table_to_file(&t, &o, path, FPC_TABLE_XLSX, cols, 3), 0);
    fpc_table_sheet(&t, "scorecard");
    fpc_table_meta(&t, "methods_version", FP_METHODS_VERSION);
    fpc_table_str(&t, "343");
    fpc_table_str(&t, "1.10");
    fpc_table_fill(&t, "#92D050");
    fpc_table_str(&t, "met");
    ck_assert_int_eq(fpc_table_close_file(&t, &o), 0);
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    char magic[2] = { 0, 0 };
    ck_assert_uint_eq(fread(magic, 1, 2, fp), 2);
    fclose(fp);
    ck_assert(magic[0] == 'P' && magic[1] == 'K');
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test \"$(ls %s | wc -l)\" = 1", dir);
    ck_assert_int_eq(system(cmd), 0);
    remove(path);
    rmdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("table");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, no_binary_noise);
    tcase_add_test(tc, forced_dp);
    tcase_add_test(tc, select_order);
    tcase_add_test(tc, huge_numbers);
    tcase_add_test(tc, select_unknown);
    tcase_add_test(tc, suggestions);
    tcase_add_test(tc, xlsx_to_file);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
