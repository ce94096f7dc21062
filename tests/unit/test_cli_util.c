/* test_cli_util.c -- shared CLI helpers in cli/util.c: the CSV formula-
 * injection guard (fpc_csv_guard_needed) and its use by the table writer.
 * Expected decisions follow OWASP's CSV injection advice (a cell starting
 * with =, +, - or @ is run as a formula by Excel, LibreOffice and Google
 * Sheets; its example payloads include "=HYPERLINK(...)",
 * "+cmd|' /C calc'!A0" and "-2+3+cmd|' /C calc'!A0") with numbers and a
 * lone sign, which spreadsheets read as values or text, left alone. */
#include "fp_check.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int guard(const char *s)
{
    return fpc_csv_guard_needed(s, strlen(s));
}

START_TEST(guard_formulas)
{
    const char *yes[] = {
        "=HYPERLINK(\"http://x\",\"y\")", "=1+2", "=", "@SUM(A1)", "@",
        "+cmd|' /C calc'!A0", "-2+3", "-2+3+cmd|' /C calc'!A0", "+1-1", "-1*2",
        "-x", "+ 5", "--1", "-.", "-,", "-1e", "-1e+", "-1e5x", "-1%%", "-1.2.3",
        "-1 ", "+A1", "-SUM(A1)",
        /* OWASP also lists a leading tab and carriage return (issue 14). */
        "\t=cmd", "\tx", "\r=cmd", "\r", "\t",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        ck_assert_msg(guard(yes[i]) == 1, "'%s' should be guarded", yes[i]);
}
END_TEST

START_TEST(guard_values)
{
    const char *no[] = {
        "", "-", "+", "-0.41", "+5", "-5", "-.5", "-5.", "-1,234.5", "-1.5e-05",
        "-1.5E+3", "+2e10", "-12%", "-0", "Bristol, City of", "E06000023",
        "2023/24", "1+2", "'=already", " =x", "a=b",
    };
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(guard(no[i]) == 0, "'%s' should be left alone", no[i]);
}
END_TEST

/* Only the first n bytes count: a number followed by more text elsewhere in
 * a buffer (cells that are not NUL-terminated) is still a number. */
START_TEST(guard_length)
{
    ck_assert_int_eq(fpc_csv_guard_needed("-2+3", 2), 0);
    ck_assert_int_eq(fpc_csv_guard_needed("-2+3", 4), 1);
    ck_assert_int_eq(fpc_csv_guard_needed("-x", 1), 0);
    ck_assert_int_eq(fpc_csv_guard_needed("=x", 0), 0);
    ck_assert_int_eq(fpc_csv_guard_needed("=x", 1), 1);
}
END_TEST

/* The lead-byte test never rules out a cell that needs the guard. */
START_TEST(guard_lead)
{
    for (int c = 0; c < 256; c++) {
        char s[3] = { (char)c, 'x', '\0' };
        if (fpc_csv_guard_needed(s, 2)) ck_assert(fpc_csv_guard_lead((unsigned char)c));
    }
    ck_assert(fpc_csv_guard_lead('\t') && fpc_csv_guard_lead('\r'));
    ck_assert(!fpc_csv_guard_lead('0'));
    ck_assert(!fpc_csv_guard_lead('\''));
}
END_TEST

/* Write a 1-column table with text cells and return the text (free it). */
static char *table_text(fpc_table_format f, const char *const *cells, size_t n)
{
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    fpc_table t;
    const char *names[] = { "area" };
    fpc_table_begin(&t, fp, f, names, 1);
    for (size_t i = 0; i < n; i++) fpc_table_str(&t, cells[i]);
    fpc_table_end(&t);
    long len = ftell(fp);
    rewind(fp);
    char *buf = calloc((size_t)len + 1, 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    return buf;
}

START_TEST(table_uses_guard)
{
    const char *cells[] = { "=HYPERLINK(\"http://x\",\"y\")", "-2+3", "-0.41", "-",
                            "Bristol, City of" };
    char *csv = table_text(FPC_TABLE_CSV, cells, 5);
    ck_assert_str_eq(csv, "area\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n\"'-2+3\"\n"
                          "-0.41\n-\n\"Bristol, City of\"\n");
    free(csv);
    char *tsv = table_text(FPC_TABLE_TSV, cells, 5);
    ck_assert_str_eq(tsv, "area\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n\"'-2+3\"\n"
                          "-0.41\n-\nBristol, City of\n");
    free(tsv);
}
END_TEST

/* What a writer of text.c put on a stream (free it). */
static char *written(void (*fn)(FILE *, const char *), const char *s)
{
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    fn(fp, s);
    long len = ftell(fp);
    rewind(fp);
    char *buf = calloc((size_t)len + 1, 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    return buf;
}

/* Issue 14: text from data in JSON, tables, HTML and terminal messages.
 * Expected outputs follow RFC 8259 (JSON: control characters escaped, the
 * text valid UTF-8) and the Unicode standard's U+FFFD substitution of each
 * byte that does not start a valid sequence. */
START_TEST(text_sanitiser)
{
    char *s = written(fpc_json_string, "a\"b\\c\x1b[2J\xff\xc2\x9b\xc3\xa9\x7f");
    ck_assert_str_eq(s, "\"a\\\"b\\\\c\\u001b[2J\xef\xbf\xbd\\u009b\xc3\xa9\\u007f\"");
    free(s);
    s = written(fpc_term_puts, "x\x1b]0;t\x07\xc2\x9b\xed\xa0\x80 \xc3\xa9");
    ck_assert_str_eq(s, "x\\x1b]0;t\\x07\\u009b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xc3\xa9");
    free(s);
    s = written(fpc_html_puts, "<a href='x'>&\x01\xfe");
    ck_assert_str_eq(s, "&lt;a href=&apos;x&apos;&gt;&amp; \xef\xbf\xbd");
    free(s);
    ck_assert_ptr_null(fpc_utf8_clean("plain \xc3\xa9"));
    ck_assert_ptr_null(fpc_utf8_clean(NULL));
    s = fpc_utf8_clean("Caf\xe9");          /* Latin-1 e-acute */
    ck_assert_str_eq(s, "Caf\xef\xbf\xbd");
    free(s);
    /* fpc_utf8_clean_n reads no byte past its n: the input is a heap
     * buffer of exactly n bytes ending in a cut sequence (E2 82 of the
     * euro sign), so AddressSanitizer catches any over-read. */
    static const char cut[] = { 'C', 'a', 'f', '\xc3', '\xa9', ' ', '\xe2', '\x82' };
    char *in = malloc(sizeof cut), out[3 * sizeof cut];
    ck_assert_ptr_nonnull(in);
    memcpy(in, cut, sizeof cut);
    size_t m = fpc_utf8_clean_n(out, in, sizeof cut);
    ck_assert_uint_eq(m, 6 + 6);
    ck_assert_int_eq(memcmp(out, "Caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd", m), 0);
    ck_assert_uint_eq(fpc_utf8_clean_n(out, in, 5), 5);   /* a whole e-acute: kept */
    ck_assert_uint_eq(fpc_utf8_clean_n(out, in, 4), 6);   /* C3 alone: U+FFFD */
    free(in);
    ck_assert(fpc_ascii("0123456789abcdefg", 17));
    ck_assert(!fpc_ascii("0123456789abcde\x80g", 17));   /* in the 8-byte words */
    ck_assert(!fpc_ascii("0123456789abcdef\xff", 17));   /* in the tail */
    /* Short cells (fewer than 8 bytes) from 8-byte buffers. */
    static const char sh[][8] = { "Byar", "", "ab", "ab\x80", "a\x80" "cde", "abcdef\xc3" };
    ck_assert(fpc_ascii(sh[0], 4) && fpc_ascii(sh[1], 0) && fpc_ascii(sh[2], 2));
    ck_assert(!fpc_ascii(sh[3], 3) && !fpc_ascii(sh[4], 5) && !fpc_ascii(sh[5], 7));
    const char *cells[] = { "Caf\xe9" };
    s = table_text(FPC_TABLE_CSV, cells, 1);
    ck_assert_str_eq(s, "area\nCaf\xef\xbf\xbd\n");
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_util");
    TCase *tc = tcase_create("csv_guard");
    tcase_add_test(tc, guard_formulas);
    tcase_add_test(tc, guard_values);
    tcase_add_test(tc, guard_length);
    tcase_add_test(tc, guard_lead);
    tcase_add_test(tc, table_uses_guard);
    tcase_add_test(tc, text_sanitiser);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
