/* test_ingest.c -- the CLI readers on small files kept in the tree:
 * tests/data/malformed/ (the real-file traps), tests/data/fingertips_sample.csv
 * (rows in the column layout of an OHID Fingertips export) and
 * tests/data/tidy_sample.csv (the tidy format with other column names, read
 * through --map style options). Expected values are the cells of those files
 * as typed; inferred units follow from value = multiplier x count / denominator
 * (e.g. 100 x 1050 / 8015 = 13.10 for the Fingertips Sefton row). */
#include "fp_check.h"
#include "io.h"
#include "read_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const fpc_diag *find_diag(const fpc_diags *d, const char *substr)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].message, substr)) return &d->items[i];
    return NULL;
}

START_TEST(numbers)
{
    double v;
    ck_assert_int_eq(fpc__parse_number("1,234", &v), 0); ck_assert_rel(v, 1234, 0);
    ck_assert_int_eq(fpc__parse_number(" 12.5 ", &v), 0); ck_assert_rel(v, 12.5, 0);
    ck_assert_int_eq(fpc__parse_number("-3", &v), 0); ck_assert_rel(v, -3, 0);
    ck_assert_int_eq(fpc__parse_number("1e3", &v), 0); ck_assert_rel(v, 1000, 0);
    ck_assert_int_eq(fpc__parse_number("1,234,567.5", &v), 0); ck_assert_rel(v, 1234567.5, 0);
    ck_assert_int_eq(fpc__parse_number("-1,234", &v), 0); ck_assert_rel(v, -1234, 0);
    const char *bad[] = { "1,23", ",123", "1,2345", "0x10", "inf", "nan", "12abc", "", " ",
                          "abc", "1.2.3", "--1", "1,,234" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(fpc__parse_number(bad[i], &v) != 0, "'%s' parsed", bad[i]);
    fp_missing m;
    ck_assert_int_eq(fpc__parse_value("c", &v, &m), 1);
    ck_assert_int_eq(m, FP_MISSING_SUPPRESSED);
    ck_assert_int_eq(fpc__parse_value("abc", &v, &m), -1);
    ck_assert(fpc__utf8_ok("Ynys M\xc3\xb4n", 9));
    ck_assert(!fpc__utf8_ok("\xc3\x28", 2));
    ck_assert(!fpc__utf8_ok("a\0b", 3));
}
END_TEST

/* The strtod-free path for plain decimals must give the very double glibc's
 * strtod gives (correctly rounded): random decimals of 1 to 15 digits with
 * the point anywhere, signs, leading zeros, compared bit for bit. */
START_TEST(numbers_fast_exact)
{
    uint64_t x = 88172645463325252ULL;
    for (int k = 0; k < 300000; k++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        char buf[40];
        size_t n = 0;
        if (x % 5 == 0) buf[n++] = '-';
        else if (x % 17 == 0) buf[n++] = '+';
        int nd = 1 + (int)((x >> 8) % 15), point = (int)((x >> 16) % (nd + 2));
        uint64_t y = x * 6364136223846793005ULL + 1442695040888963407ULL;
        for (int i = 0; i < nd; i++) {
            if (i == point && i > 0) buf[n++] = '.';
            buf[n++] = (char)('0' + (y >> 59) % 10);
            y = y * 6364136223846793005ULL + 1442695040888963407ULL;
        }
        buf[n] = '\0';
        double v, w = strtod(buf, NULL);
        ck_assert_int_eq(fpc__parse_number(buf, &v), 0);
        ck_assert_msg(memcmp(&v, &w, sizeof v) == 0, "'%s': %.17g vs strtod %.17g", buf, v, w);
    }
    double v;
    ck_assert_int_eq(fpc__parse_number("5.", &v), 0); ck_assert_rel(v, 5, 0);
    ck_assert_int_eq(fpc__parse_number(".5", &v), 0); ck_assert_rel(v, 0.5, 0);
    ck_assert_int_eq(fpc__parse_number("0.1", &v), 0); ck_assert(v == 0.1);
    ck_assert_int_eq(fpc__parse_number("123456789012345.6", &v), 0);
    ck_assert(v == 123456789012345.6);
    ck_assert_int_eq(fpc__parse_number("-0", &v), 0); ck_assert(v == 0 && signbit(v));
    const char *bad[] = { ".", "-", "+", "-.", "1.2.", "..5", "5-" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(fpc__parse_number(bad[i], &v) != 0, "'%s' parsed", bad[i]);
}
END_TEST

START_TEST(names)
{
    fpc_format f;
    ck_assert_int_eq(fpc_format_parse("lait", &f), 0); ck_assert_int_eq(f, FPC_FORMAT_LAIT);
    ck_assert_int_eq(fpc_format_parse("pairs", &f), 0); ck_assert_int_eq(f, FPC_FORMAT_NEIGHBOURS_PAIRS);
    ck_assert_int_eq(fpc_format_parse("xml", &f), -1);
    ck_assert_str_eq(fpc_format_name(FPC_FORMAT_LA_CODES), "la-codes");
    ck_assert_str_eq(fpc_region_canonical("Inner London"), "London (Inner)");
    ck_assert_str_eq(fpc_region_canonical("Outer London"), "London (Outer)");
    ck_assert_str_eq(fpc_region_canonical("Yorkshire and The Humber"), "Yorkshire and the Humber");
    ck_assert_str_eq(fpc_region_canonical("London region"), "London");
    ck_assert_str_eq(fpc_region_canonical(" north west "), "North West");
    ck_assert_ptr_null(fpc_region_canonical("NA"));
    fpc_read_opts o;
    fpc_read_opts_init(&o);
    char spec[] = "value=Rate", bad[] = "colour=Red", none[] = "value";
    ck_assert_int_eq(fpc_read_opts_map(&o, spec), 0);
    ck_assert_str_eq(o.columns[FPC_COL_VALUE], "Rate");
    ck_assert_int_eq(fpc_read_opts_map(&o, bad), -1);
    ck_assert_int_eq(fpc_read_opts_map(&o, none), -1);
}
END_TEST

START_TEST(traps)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_read_file(fp_check_src("tests/data/malformed/traps_ok.csv"),
                                   FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(ds->n_obs, 3);
    ck_assert_uint_eq(ds->n_indicators, 1);
    ck_assert_str_eq(ds->indicators[0].name, "Children looked after, rate");
    ck_assert_int_eq(ds->indicators[0].unit, FP_UNIT_RATE);
    ck_assert_rel(ds->indicators[0].multiplier, 10000, 0);
    /* BOM, CRLF, a quoted newline: rows start on lines 2, 3 and 5. */
    ck_assert_uint_eq(ds->obs[0].line, 2);
    ck_assert_uint_eq(ds->obs[1].line, 3);
    ck_assert_uint_eq(ds->obs[2].line, 5);
    ck_assert_rel(fp_dataset_obs_extra(ds, &ds->obs[0])->numerator, 1234, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &ds->obs[0])->denominator, 200000, 0);
    ck_assert_rel(ds->obs[0].value, 61.7, 0);
    ck_assert_uint_eq(ds->obs[0].flags & (FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR),
                      FP_OBS_NUMERATOR | FP_OBS_DENOMINATOR);
    ck_assert_ptr_nonnull(find_diag(&d, "column 'value' repeated"));
    ck_assert_ptr_nonnull(strstr(ds->version, "traps_ok.csv#"));
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(truncated)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_read_file(fp_check_src("tests/data/malformed/truncated_quote.csv"),
                                   FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    const fpc_diag *g = find_diag(&d, "quoted field not closed");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->line, 3);
    ck_assert_uint_eq(g->col, 2);
    /* The line the open quote took (Knowsley, line 4) is read again as a
     * row (issue 22: it was lost). */
    ck_assert_ptr_nonnull(strstr(g->message, "(line 4 read again as a row)"));
    ck_assert_uint_eq(ds->n_obs, 2);
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(unusable)
{
    const char *files[] = { "binary.csv", "empty.csv", "blank.csv", "not_utf8.csv",
                            "unknown_format.csv" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "tests/data/malformed/%s", files[i]);
        fp_dataset *ds = fp_dataset_alloc();
        fpc_diags d;
        fpc_diags_init(&d);
        ck_assert_msg(fpc_read_file(fp_check_src(rel), FPC_FORMAT_AUTO, NULL, ds, &d)
                      == FPC_EXIT_DATA, "%s", files[i]);
        ck_assert_uint_ge(d.n_errors, 1);
        ck_assert_uint_eq(ds->n_obs, 0);
        fpc_diags_free(&d);
        fp_dataset_free(ds);
    }
}
END_TEST

START_TEST(fingertips)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_format f;
    const char *path = fp_check_src("tests/data/fingertips_sample.csv");
    ck_assert_int_eq(fpc_detect_format(path, &f, &d), 0);
    ck_assert_int_eq(f, FPC_FORMAT_FINGERTIPS);
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(ds->n_obs, 5);   /* the category row is a series of its own */
    ck_assert_ptr_nonnull(find_diag(&d, "1 rows break an indicator down by category"));
    size_t i, a, r, e;
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "92196", &i), FP_OK);
    ck_assert_int_eq(ds->indicators[i].unit, FP_UNIT_PERCENT);
    ck_assert_ptr_nonnull(find_diag(&d, "indicator '92196': no unit given; inferred '%'"));
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "90366/Male", &i), FP_OK);
    ck_assert_str_eq(ds->indicators[i].name, "Life expectancy at birth (Male)");
    ck_assert_int_eq(fp_dataset_find_area(ds, "E08000014", &a), FP_OK);
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_LA);
    ck_assert_str_eq(ds->areas[a].region, "North West");
    ck_assert_int_eq(fp_dataset_find_area(ds, "E12000002", &r), FP_OK);
    ck_assert_int_eq(ds->areas[r].kind, FP_AREA_REGION);
    ck_assert_str_eq(ds->areas[r].name, "North West");
    ck_assert_int_eq(fp_dataset_find_area(ds, "England", &e), FP_OK);
    ck_assert_int_eq(ds->areas[e].kind, FP_AREA_COUNTRY);
    ck_assert_int_eq(fp_dataset_index(ds, NULL), FP_OK);
    ck_assert_int_eq(fp_dataset_find_indicator(ds, "92196", &i), FP_OK);
    const fp_obs *s;
    size_t n;
    ck_assert_int_eq(fp_dataset_series(ds, i, a, &s, &n), FP_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_rel(s[0].value, 13.1, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[0])->numerator, 1050, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[0])->denominator, 8015, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[0])->lower95, 10.2, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &s[0])->upper998, 18.1, 0);
    ck_assert_uint_eq(s[0].flags & (FP_OBS_CI95 | FP_OBS_CI998), FP_OBS_CI95 | FP_OBS_CI998);
    ck_assert_int_eq(s[1].missing, FP_MISSING_SUPPRESSED);   /* from the Value note */
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(tidy_mapped)
{
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_read_opts o;
    fpc_read_opts_init(&o);
    char m1[] = "indicator=Measure", m2[] = "area=Place", m3[] = "area_code=Code",
         m4[] = "period=Year", m5[] = "numerator=Events", m6[] = "denominator=Population",
         m7[] = "value=Rate", m8[] = "lower95_0cl=LCL", m9[] = "upper95_0cl=UCL";
    char *maps[] = { m1, m2, m3, m4, m5, m6, m7, m8, m9 };
    for (size_t k = 0; k < 9; k++) ck_assert_int_eq(fpc_read_opts_map(&o, maps[k]), 0);
    const char *path = fp_check_src("tests/data/tidy_sample.csv");
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, &o, ds, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(ds->n_obs, 3);
    ck_assert_int_eq(ds->indicators[0].unit, FP_UNIT_RATE);
    ck_assert_rel(ds->indicators[0].multiplier, 1000, 0);
    ck_assert_int_eq(ds->indicators[0].polarity, FP_POLARITY_LOW);
    size_t a;
    ck_assert_int_eq(fp_dataset_find_area(ds, "970", &a), FP_OK);
    ck_assert_int_eq(ds->areas[a].kind, FP_AREA_COUNTRY);
    ck_assert_rel(fp_dataset_obs_extra(ds, &ds->obs[0])->numerator, 77, 0);
    ck_assert_rel(fp_dataset_obs_extra(ds, &ds->obs[0])->lower95, 12.5, 0);
    fpc_diags_free(&d);
    fp_dataset_free(ds);

    /* Without the mapping the file is not recognised. */
    ds = fp_dataset_alloc();
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, NULL, ds, &d), FPC_EXIT_DATA);
    ck_assert_ptr_nonnull(find_diag(&d, "cannot tell the format"));
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

START_TEST(inputs_order)
{
    /* The LAIT file comes first on the command line, its dictionary second:
     * the dictionary is still read first, so the count check sees units. */
    char dict[64], data[64];
    snprintf(dict, sizeof dict, "/tmp/fp_test_ingest_dict_%ld.csv", (long)getpid());
    snprintf(data, sizeof data, "/tmp/fp_test_ingest_data_%ld.csv", (long)getpid());
    FILE *fp = fopen(dict, "w");
    fputs("Measure_short,Measure,Polarity,y_axis_name,dps,No_Quartile\n"
          "LACnum,Children looked after,-,Number of Children Looked After,0,NA\n"
          "LAC,\"Looked after, rate\",Low,\"Rate per 10,000\",0,N\n", fp);
    fclose(fp);
    fp = fopen(data, "w");
    fputs("Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n"
          "LACnum,,2016,Sefton,-5,343,North West\n"
          "LAC,,2016,Sefton,87,343,North West\n"
          "LAC,,2016,Camden,50,202,Inner London\n"
          "LAC,,2016,London (Inner),60,987,NA\n", fp);
    fclose(fp);
    char *paths[] = { data, dict };
    fpc_inputs in;
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_inputs_load(&in, paths, 2, NULL, &d), 0);
    ck_assert_ptr_nonnull(find_diag(&d, "negative count -5 for indicator 'LACnum'"));
    size_t i, a;
    ck_assert_int_eq(fp_dataset_find_indicator(in.ds, "LAC", &i), FP_OK);
    ck_assert_int_eq(in.ds->indicators[i].polarity, FP_POLARITY_LOW);
    ck_assert_int_eq(in.ds->indicators[i].dps, 0);
    ck_assert_int_eq(in.ds->indicators[i].no_quartile, 1);
    ck_assert_str_eq(in.ds->indicators[i].name, "Looked after, rate");
    ck_assert_int_eq(fp_dataset_find_area(in.ds, "202", &a), FP_OK);
    ck_assert_str_eq(in.ds->areas[a].region, "London (Inner)");
    ck_assert_int_eq(fp_dataset_find_area(in.ds, "987", &a), FP_OK);
    ck_assert_int_eq(in.ds->areas[a].kind, FP_AREA_REGION);
    ck_assert_uint_eq(in.ds->n_obs, 3);
    ck_assert_uint_eq(in.n_nbs, 0);
    fpc_inputs_free(&in);
    fpc_diags_free(&d);
    remove(dict);
    remove(data);
}
END_TEST

/* No files: the demo data in datasets/ (every *.csv but scorecard*): 50,490
 * rows of lait_scorecard.csv (Python: len(list(csv.reader(f))) - 1) and
 * 12,065 observations of the files with counts (6,505 of the Fingertips
 * export after its 703 exact repeats, 5,560 of the EES files as
 * datasets/ees_indicators.csv defines them: `fingerpost validate` on each);
 * 33 LAIT indicators and 92 others (82 Fingertips series by sex and
 * category, 10 EES definitions), the 111 rows of 8 indicators of the
 * illustrative local SEND KPI file (local_send_kpis.csv), both neighbour
 * files. */
START_TEST(demo)
{
    setenv("FINGERPOST_DATA", fp_check_src("datasets"), 1);
    fpc_inputs in;
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_inputs_load(&in, NULL, 0, NULL, &d), 0);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(in.ds->n_obs, 50490 + 12065 + 111);
    ck_assert_uint_eq(in.ds->n_indicators, 33 + 92 + 8);
    ck_assert_uint_eq(in.n_nbs, 2);
    ck_assert_ptr_nonnull(strstr(in.ds->version, "lait_scorecard.csv#"));
    ck_assert_ptr_null(strstr(in.ds->version, "scorecard_sefton"));
    fpc_inputs_free(&in);
    fpc_diags_free(&d);
}
END_TEST

/* The fast path for unquoted lines (read_csv.c) must make of every line what
 * libcsv makes of it. Each file is read twice, with the fast path and with
 * every line through libcsv, and the rows (line number and fields) and the
 * diagnostics must be identical. The reference is libcsv 3.0.3 itself. The
 * generated file holds what the fast path must get right or hand over:
 * spaces and tabs around fields, empty and trailing fields, CRLF, a bare CR
 * ending a row in mid-line, blank and whitespace-only lines, quoted fields,
 * a NUL byte, a last line without a newline. */
typedef struct rec_ctx {
    char *s; size_t n, cap;
} rec_ctx;

static void rec_put(rec_ctx *x, const char *p, size_t n)
{
    if (x->n + n + 1 > x->cap) {
        x->cap = 2 * (x->n + n + 1);
        x->s = realloc(x->s, x->cap);
    }
    memcpy(x->s + x->n, p, n);
    x->n += n;
    x->s[x->n] = '\0';
}

static int rec_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    (void)c;
    rec_ctx *x = ctx;
    char head[64];
    snprintf(head, sizeof head, "%zu%s:", r->line, r->is_header ? "H" : "");
    rec_put(x, head, strlen(head));
    for (size_t i = 0; i < r->n; i++) {
        rec_put(x, "[", 1);
        rec_put(x, r->f[i], r->len[i]);
        rec_put(x, "]", 1);
    }
    rec_put(x, "\n", 1);
    return 0;
}

static char *read_both_ways(const char *path, int fast)
{
    rec_ctx x = { NULL, 0, 0 };
    rec_put(&x, "", 0);
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_csv c;
    fpc__csv_fast = fast;
    int rc = fpc__csv_read(&c, path, &d, rec_row, &x, 0);
    fpc__csv_fast = 1;
    char tail[64];
    snprintf(tail, sizeof tail, "rc=%d rows=%zu\n", rc, c.rows);
    rec_put(&x, tail, strlen(tail));
    for (size_t i = 0; i < d.n; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%zu:%zu:%s\n", d.items[i].line, d.items[i].col,
                 d.items[i].message);
        rec_put(&x, buf, strlen(buf));
    }
    fpc_diags_free(&d);
    return x.s;
}

START_TEST(fast_path_same_as_libcsv)
{
    static const char tricky[] =
        "\xEF\xBB\xBF" "a , b,\tc\t,d\n"
        "1,2,3,4\r\n"
        "  x  ,\t\t, , \n"
        "\n"
        "   \n"
        "\t\r\n"
        ",,,\n"
        "p,q\rr,s\n"
        "\"quoted, field\",2, 3 ,4\n"
        " \"lead\" ,x,\"a\"\"b\",z\n"
        "one\n"
        "e,f,g,h,\n";
    /* NUL bytes are caught in the first 1 MiB block before any parsing, so
     * the NUL line comes after 1.1 MB of padding. */
    static const char pad[] = "padding,to leave the first block , 0123456789abcdefghij\n";
    static const char end[] = "n,\0,u,l\nlast,line,no,newline";
    char path[] = "/tmp/fp_test_fast_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, tricky, sizeof tricky - 1), (ssize_t)(sizeof tricky - 1));
    for (int k = 0; k < 20000; k++)
        ck_assert_int_eq(write(fd, pad, sizeof pad - 1), (ssize_t)(sizeof pad - 1));
    ck_assert_int_eq(write(fd, end, sizeof end - 1), (ssize_t)(sizeof end - 1));
    close(fd);
    const char *files[] = { path, "tests/data/malformed/traps_ok.csv",
                            "tests/data/malformed/truncated_quote.csv",
                            "tests/data/malformed/short_row.csv",
                            "tests/data/malformed/bad_value.csv",
                            "tests/data/fingertips_sample.csv", "tests/data/tidy_sample.csv",
                            "datasets/lait_scorecard.csv", "datasets/data_dictionary.csv",
                            "datasets/sn_may_2025.csv", "datasets/la_code_list.csv" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *f = i == 0 ? path : fp_check_src(files[i]);
        char *fast = read_both_ways(f, 1), *slow = read_both_ways(f, 0);
        ck_assert_msg(strcmp(fast, slow) == 0, "%s differs:\n--- fast\n%.2000s\n--- libcsv\n%.2000s",
                      files[i], fast, slow);
        if (i == 0) {
            /* And what that is, by hand: fields trimmed, bare CR ends a row. */
            ck_assert_ptr_nonnull(strstr(fast, "1H:[a][b][c][d]\n"));
            ck_assert_ptr_nonnull(strstr(fast, "3:[x][][][]\n"));
            ck_assert_ptr_nonnull(strstr(fast, "8:[p][q]\n8:[r][s]\n"));
            ck_assert_ptr_nonnull(strstr(fast, "12:[e][f][g][h][]\n"));
            ck_assert_ptr_nonnull(strstr(fast, "binary data (NUL byte) in field"));
            ck_assert_ptr_nonnull(strstr(fast, ":[last][line][no][newline]\n"));
        }
        free(fast);
        free(slow);
    }
    unlink(path);
}
END_TEST


/* Text after a closing quote ("Bville"x) is an error at the row's line and
 * field, and the rows after it are still read (issue 22: libcsv's lenient
 * mode took it as part of the quoted field, which then swallowed the rows up
 * to the next quote). An escaped quote ("") and spaces before the comma stay
 * legal; a stray quote inside an unquoted field is read as written. The last
 * case puts the 1 MiB block boundary between the closing quote and the text
 * after it. */
START_TEST(text_after_quote)
{
    static const char head[] =
        "a,b,c\n"
        "I1,\"Bville\"x,2\n"
        "A1,X,3\n"
        "A2,\"q\" \"r\",4\n"
        "A3,\"a\"\"b\" ,5\n"
        "A4,\"multi\nline\"z,6\n"
        "A5,5\" disk,7\n"
        "A6,\"ok\",8\n";
    char path[] = "/tmp/fp_test_quote_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, head, sizeof head - 1), (ssize_t)(sizeof head - 1));
    /* Pad with one-byte-per-line rows up to the boundary minus the quoted field. */
    static const char tail[] = "B1,\"q\"";
    size_t at = sizeof head - 1, block = (size_t)1 << 20;
    size_t fill = block - at - (sizeof tail - 1);
    char *pad = malloc(fill);
    for (size_t i = 0; i < fill; i++) pad[i] = (i % 2) ? '\n' : 'p';
    pad[fill - 1] = '\n';
    ck_assert_int_eq(write(fd, pad, fill), (ssize_t)fill);
    free(pad);
    static const char after[] = "  y,9\nB2,Z,10\n";
    ck_assert_int_eq(write(fd, tail, sizeof tail - 1), (ssize_t)(sizeof tail - 1));
    ck_assert_int_eq(write(fd, after, sizeof after - 1), (ssize_t)(sizeof after - 1));
    close(fd);
    char *got = read_both_ways(path, 1);
    ck_assert_ptr_nonnull(strstr(got, "2:2:text ('x') after the closing quote of a quoted field; row skipped"));
    ck_assert_ptr_nonnull(strstr(got, "\n3:[A1][X][3]\n"));
    ck_assert_ptr_nonnull(strstr(got, "4:2:text ('\"') after the closing quote"));
    ck_assert_ptr_nonnull(strstr(got, "\n5:[A3][a\"b][5]\n"));
    ck_assert_ptr_nonnull(strstr(got, "6:2:text ('z') after the closing quote of a quoted field (on line 7)"));
    ck_assert_ptr_nonnull(strstr(got, "\n8:[A5][5\" disk][7]\n"));
    ck_assert_ptr_nonnull(strstr(got, "\n9:[A6][ok][8]\n"));
    ck_assert_ptr_nonnull(strstr(got, ":2:text ('y') after the closing quote"));
    ck_assert_ptr_nonnull(strstr(got, ":[B2][Z][10]\n"));
    ck_assert_ptr_null(strstr(got, "[I1]"));
    ck_assert_ptr_null(strstr(got, "[B1]"));
    free(got);
    unlink(path);
}
END_TEST

/* Write n bytes of s to a new temporary file (path filled in). */
static void write_tmp(char *path, const char *s, size_t n)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, s, n), (ssize_t)n);
    close(fd);
}

/* Read path both ways (fast path and libcsv only), check both give the same
 * rows and diagnostics, and return the record. */
static char *read_checked(const char *path)
{
    char *fast = read_both_ways(path, 1), *slow = read_both_ways(path, 0);
    ck_assert_msg(strcmp(fast, slow) == 0, "differs:\n--- fast\n%.3000s\n--- libcsv\n%.3000s",
                  fast, slow);
    free(slow);
    return fast;
}

/* The text as a file, read both ways: the record must be want exactly. */
static void expect_read(const char *text, const char *want)
{
    char path[] = "/tmp/fp_test_read_XXXXXX";
    write_tmp(path, text, strlen(text));
    char *got = read_checked(path);
    ck_assert_str_eq(got, want);
    free(got);
    unlink(path);
}

/* A file whose lines end in CR alone (old Mac) is numbered line by line
 * (issue 22: every row was line 1), also when the 1 MiB block boundary falls
 * between a CR and the next line, or between the CR and LF of a CRLF; a
 * quoted field over two CR lines counts both. A file whose first line ends
 * in LF or CRLF keeps LF numbering: a CR alone inside a line ends a row
 * (libcsv) but not the line, as in the real LAIT data dictionary, whose
 * quoted fields hold CR CR LF. */
START_TEST(cr_lines)
{
    size_t block = (size_t)1 << 20;
    static const char head[] = "a,b\r1,x\r2,\"q\rr\"\r3,y\r";   /* lines 1-5 */
    /* The block boundary falls j bytes into the tail: 2 mid-line, 4 between
     * the CR and LF of "4,z\r\n" or after the lone CR of "4,z\r", 5 just
     * after the LF. */
    static const struct { const char *tail; size_t j; } cases[] = {
        { "4,z\r\n5,w\r6,v", 2 }, { "4,z\r\n5,w\r6,v", 4 }, { "4,z\r\n5,w\r6,v", 5 },
        { "4,z\r5,w\r6,v", 4 }, { "4,z\r5,w\r6,v\r", 3 },
    };
    for (size_t t = 0; t < sizeof cases / sizeof *cases; t++) {
        size_t hn = sizeof head - 1, pad = block - cases[t].j - hn, r = pad % 4;
        size_t tn = strlen(cases[t].tail), n = 0;
        char *buf = malloc(block + tn);
        memcpy(buf, head, hn);
        n = hn;
        memset(buf + n, 'p', 1 + r);   /* one longer padding line, then "p,1\r" lines */
        memcpy(buf + n + 1 + r, ",1\r", 3);
        n += 4 + r;
        size_t lines = 5 + 1;
        while (n < block - cases[t].j) { memcpy(buf + n, "p,1\r", 4); n += 4; lines++; }
        ck_assert_uint_eq(n, block - cases[t].j);
        memcpy(buf + n, cases[t].tail, tn);
        n += tn;
        char path[] = "/tmp/fp_test_cr_XXXXXX";
        write_tmp(path, buf, n);
        free(buf);
        char *got = read_checked(path);
        ck_assert_ptr_nonnull(strstr(got, "1H:[a][b]\n2:[1][x]\n3:[2][q\rr]\n5:[3][y]\n6:[p"));
        char want[160];
        snprintf(want, sizeof want, "\n%zu:[4][z]\n%zu:[5][w]\n%zu:[6][v]\nrc=0 rows=%zu\n",
                 lines + 1, lines + 2, lines + 3, lines + 1);
        ck_assert_msg(strstr(got, want) != NULL, "case %zu: want '%s' in\n%s", t, want,
                      got + strlen(got) - 120);
        free(got);
        unlink(path);
    }
    /* LF files: a CR alone does not count as a line. */
    static const char lf[] = "a,b\r\n1,\"x\r\r\ny\"\r\n2,p\rq,r\n3,s\n";
    expect_read(lf, "1H:[a][b]\n2:[1][x\r\r\ny]\n4:[2][p]\n4:[q][r]\n5:[3][s]\nrc=0 rows=4\n"
                "4:0:a CR alone ends a row inside this line; the text after it is read as another "
                "row (an old Mac line end in a file of LF lines?)\n");
    /* No warning for CRLF, a CR before CRLF, a CR alone before a blank rest
     * of line, or a CR inside a quoted field. */
    expect_read("a,b\r\n1,x\r\r\n2,y\r  \r\n3,\"q\rr\"\r\n",
                "1H:[a][b]\n2:[1][x]\n3:[2][y]\n4:[3][q\rr]\nrc=0 rows=3\n");
    /* A multi-line row ended by a CR alone: the next row is on the line of
     * the CR, not the line where the first row started. */
    expect_read("a,b\n1,\"x\ny\"\r2,z\n",
                "1H:[a][b]\n2:[1][x\ny]\n3:[2][z]\nrc=0 rows=2\n3:0:a CR alone ends a row inside "
                "this line; the text after it is read as another row (an old Mac line end in a "
                "file of LF lines?)\n");
}
END_TEST

/* A quoted field left open at the end of the file: the error is at the line
 * and field where its quote opened, and every line after that one is read
 * again as rows with its own line number (issue 22: they were dropped with
 * the row). The quote here opens on the second line of a row whose first
 * field spans two lines; the lines it took straddle the 1 MiB block
 * boundary; in a CR file the same. A quote left open in the header is the
 * file's end (its columns are unknown). */
START_TEST(unclosed_quote_rereads)
{
    size_t block = (size_t)1 << 20;
    for (int cr = 0; cr < 2; cr++) {
        const char *nl = cr ? "\r" : "\n";
        char head[128];
        snprintf(head, sizeof head, "a,b,c%s1,x,y%s\"two%slines\",\"open,3%s4,z,w%s",
                 nl, nl, nl, nl, nl);
        size_t n = strlen(head), cap = block + 4096;
        char *buf = malloc(cap);
        memcpy(buf, head, n);
        size_t rows = 0;
        while (n < block + 100) {
            n += (size_t)snprintf(buf + n, cap - n, "r%zu,%s%s", rows, "u,v", nl);
            rows++;
        }
        n += (size_t)snprintf(buf + n, cap - n, "last,a\"\"q,e");
        char path[] = "/tmp/fp_test_open_XXXXXX";
        write_tmp(path, buf, n);
        free(buf);
        char *got = read_checked(path);
        char want[160];
        snprintf(want, sizeof want, "4:2:quoted field not closed before the end of the file; "
                 "row dropped (lines 5 to %zu read again as rows)\n", 6 + rows);
        ck_assert_msg(strstr(got, want) != NULL, "want '%s' in\n%.400s", want, got);
        ck_assert_ptr_nonnull(strstr(got, "\n2:[1][x][y]\n5:[4][z][w]\n6:[r0][u][v]\n"));
        snprintf(want, sizeof want, "\n%zu:[r%zu][u][v]\n%zu:[last][a\"\"q][e]\n", 5 + rows,
                 rows - 1, 6 + rows);
        ck_assert_msg(strstr(got, want) != NULL, "want '%s'", want);
        snprintf(want, sizeof want, "rc=0 rows=%zu\n", rows + 3);
        ck_assert_ptr_nonnull(strstr(got, want));
        ck_assert_ptr_null(strstr(got, "[two"));
        free(got);
        unlink(path);
    }
    static const char hdr[] = "a,\"b,c\n1,2,3\n4,5,6\n";
    expect_read(hdr, "rc=1 rows=0\n"
                "1:2:quoted field in the header not closed before the end of the file\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, numbers_fast_exact);
    tcase_add_test(tc, names);
    tcase_add_test(tc, traps);
    tcase_add_test(tc, truncated);
    tcase_add_test(tc, unusable);
    tcase_add_test(tc, fingertips);
    tcase_add_test(tc, tidy_mapped);
    tcase_add_test(tc, inputs_order);
    tcase_add_test(tc, demo);
    tcase_add_test(tc, fast_path_same_as_libcsv);
    tcase_add_test(tc, text_after_quote);
    tcase_add_test(tc, cr_lines);
    tcase_add_test(tc, unclosed_quote_rereads);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
