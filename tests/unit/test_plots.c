/* test_plots.c -- the gnuplot chart library (plots/): golden scripts for
 * every chart kind, rendering with the real gnuplot (SVG and PNG size,
 * dimensions, alt text in SVG <title>/<desc>, PNG iTXt chunks and the
 * .alt.txt sidecar), the PNG text chunk writer and its CRC-32 against
 * Python's zlib, injection safety, skipped series, failure isolation in a
 * batch, and funnel limits.
 *
 * Golden scripts live in tests/data/golden/<kind>.gp; regenerate them after
 * an intended change with FP_UPDATE_GOLDEN=1 and review the diff.
 * Rendering tests skip (pass without checking) when gnuplot is absent. */
#include "fp_check.h"
#include "plots.h"
#include "plots_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

/* ------------------------------------------------------------ fixtures */

static const char *const periods[8] = { "2016/17", "2017/18", "2018/19", "2019/20",
                                        "2020/21", "2021/22", "2022/23", "2023/24" };
static const double tv[8] = { 85.0, 82.5, NAN, 79.1, 76.4, 77.9, 74.2, 71.0 };
static const double tl[8] = { 79.0, 76.7, NAN, 73.4, 70.8, 72.2, 68.7, 65.6 };
static const double tu[8] = { 91.3, 88.6, NAN, 85.1, 82.3, 83.9, 79.9, 76.7 };
static const fpp_sig tsig[8] = { FPP_SIG_WORSE, FPP_SIG_WORSE, FPP_SIG_NOT_COMPARED,
                                 FPP_SIG_WORSE, FPP_SIG_SIMILAR, FPP_SIG_WORSE,
                                 FPP_SIG_SIMILAR, FPP_SIG_BETTER };
static const double te[8] = { 60, 62, 64, 65, 67, 70, 71, 70 };
static const double tr[8] = { 70, 71, 73, 72, 74, 75, 76, 77 };
static const double tn[8] = { 73, 74, 74, 75, 77, 78, 79, 80 };

static fpp_trend trend_spec(void)
{
    fpp_trend t = { 0 };
    t.title = "Children looked after per 10,000";
    t.subtitle = "Sefton, 2016/17 to 2023/24";
    t.ylabel = "Rate per 10,000 children";
    t.area_name = "Sefton";
    t.n = 8;
    t.periods = periods;
    t.value = tv; t.lower = tl; t.upper = tu; t.sig = tsig;
    t.england = te; t.region = tr; t.region_name = "North West";
    t.neighbours = tn;
    t.target = 65;
    t.dps = 1;
    return t;
}

static const char *const cnames[6] = { "Sefton", "Wirral", "St. Helens", "Wigan", "England",
                                       "North West" };
static const double cv[6] = { 71.0, 99.0, 120.3, 64.0, 70.0, 97.0 };
static const double cl[6] = { 65.6, 93.1, 110.2, 58.9, NAN, NAN };
static const double cu[6] = { 76.7, 105.2, 130.9, 69.4, NAN, NAN };
static const fpp_sig csig[6] = { FPP_SIG_SIMILAR, FPP_SIG_WORSE, FPP_SIG_WORSE, FPP_SIG_BETTER,
                                 FPP_SIG_NOT_COMPARED, FPP_SIG_NOT_COMPARED };
static const int cbench[6] = { 0, 0, 0, 0, 1, 1 };

static fpp_compare compare_spec(void)
{
    fpp_compare s = { 0 };
    s.title = "Children looked after per 10,000, 2023/24";
    s.subtitle = "Sefton and its statistical neighbours";
    s.xlabel = "Rate per 10,000 children";
    s.n = 6; s.names = cnames; s.value = cv; s.lower = cl; s.upper = cu; s.sig = csig;
    s.benchmark = cbench; s.selected = 0; s.line = 70.0; s.dps = 1;
    return s;
}

static fpp_spine spine_spec(fpp_spine_row *rows)
{
    rows[0] = (fpp_spine_row){ "Children looked after per 10,000", 71.0, 70.0, 160.0, 95.0, 55.0,
                               25.0, FPP_SIG_SIMILAR, 1 };
    rows[1] = (fpp_spine_row){ "Good level of development (%)", 61.2, 67.7, 58.0, 64.0, 70.5, 77.0,
                               FPP_SIG_WORSE, 1 };
    rows[2] = (fpp_spine_row){ "Under-18 conceptions per 1,000", 12.1, 13.1, 25.0, 17.0, 10.5, 5.5,
                               FPP_SIG_BETTER, 1 };
    rows[3] = (fpp_spine_row){ "Pupils with SEN support (%)", 13.9, 13.0, 9.5, 11.9, 14.2, 17.0,
                               FPP_SIG_HIGHER, 1 };
    fpp_spine s = { 0 };
    s.title = "Sefton compared with England";
    s.subtitle = "Latest period of each indicator";
    s.area_name = "Sefton";
    s.n = 4;
    s.rows = rows;
    return s;
}

static const double sv[12] = { 40, 42, 39, 41, 43, 40, 44, 46, 47, 49, 50, 52 };
static const double sc[12] = { 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41 };
static const double sl[12] = { 35, 35, 35, 35, 35, 35, 35, 35, 35, 35, 35, 35 };
static const double su[12] = { 47, 47, 47, 47, 47, 47, 47, 47, 47, 47, 47, 47 };
static const fpp_spc_point sp[12] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 };
static const char *const months[12] = { "2023-04", "2023-05", "2023-06", "2023-07", "2023-08",
                                        "2023-09", "2023-10", "2023-11", "2023-12", "2024-01",
                                        "2024-02", "2024-03" };

static fpp_spc spc_spec(void)
{
    fpp_spc s = { 0 };
    s.title = "Care leavers in education, employment or training (%)";
    s.subtitle = "Sefton, monthly";
    s.ylabel = "%";
    s.n = 12; s.periods = months; s.value = sv; s.centre = sc; s.lcl = sl; s.ucl = su;
    s.point = sp; s.target = 50;
    s.variation = FPP_VAR_IMPROVING_HIGH;
    s.assurance = FPP_ASSURE_HIT_AND_MISS;
    s.dps = 1;
    return s;
}

static const char *const fnames[10] = { "Sefton", "Wirral", "Knowsley", "Liverpool", "Wigan",
                                        "Bolton", "Bury", "Oldham", "Halton", "Warrington" };
static const double fv[10] = { 71.0, 99.0, 120.3, 101.0, 64.0, 90.0, 75.0, 95.0, 108.0, 58.0 };
static const double fd[10] = { 54000, 70000, 36000, 98000, 66000, 64000, 42000, 56000, 27000, 42000 };

static fpp_funnel funnel_spec(void)
{
    fpp_funnel s = { 0 };
    s.title = "Children looked after per 10,000, 2023/24";
    s.subtitle = "North West local authorities";
    s.xlabel = "Children aged under 18";
    s.ylabel = "Rate per 10,000 children";
    s.n = 10; s.names = fnames; s.value = fv; s.denominator = fd; s.selected = 0;
    s.type = FPP_FUNNEL_RATE; s.multiplier = 10000; s.centre = 70.0;
    s.polarity = FP_POLARITY_LOW; s.dps = 1;
    return s;
}

static fpp_chart *make_kind(const char *kind)
{
    fpp_chart *c = NULL;
    int rc = FP_EINVAL;
    if (!strcmp(kind, "trend")) { fpp_trend t = trend_spec(); rc = fpp_trend_chart(&t, "trend", &c); }
    else if (!strcmp(kind, "compare")) { fpp_compare s = compare_spec(); rc = fpp_compare_chart(&s, "compare", &c); }
    else if (!strcmp(kind, "spine")) {
        fpp_spine_row rows[4];
        fpp_spine s = spine_spec(rows);
        rc = fpp_spine_chart(&s, "spine", &c);
    }
    else if (!strcmp(kind, "spc")) { fpp_spc s = spc_spec(); rc = fpp_spc_chart(&s, "spc", &c); }
    else if (!strcmp(kind, "funnel")) { fpp_funnel s = funnel_spec(); rc = fpp_funnel_chart(&s, "funnel", &c); }
    ck_assert_int_eq(rc, FP_OK);
    ck_assert_ptr_nonnull(c);
    return c;
}

static const char *const kinds[5] = { "trend", "compare", "spine", "spc", "funnel" };

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t k = fread(s, 1, (size_t)n, fp);
    fclose(fp);
    s[k] = '\0';
    if (len) *len = k;
    return s;
}

static int have_gnuplot(void)
{
    return system("gnuplot --version >/dev/null 2>&1") == 0;
}

static char *make_tmpdir(void)
{
    char *d = strdup("/tmp/fp_test_plots_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

static void rm_rf(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* Files in dir whose names contain `part`, counted. */
static int count_files(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    int k = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, part)) k++;
    if (d) closedir(d);
    return k;
}

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

/* ------------------------------------------------------------ tests */

START_TEST(quote_and_names)
{
    char *q = fpp_quote("it's `x`\n@y; system(\"z\")\\");
    ck_assert_str_eq(q, "'it''s `x` @y; system(\"z\")\\'");
    free(q);
    q = fpp_quote(NULL);
    ck_assert_str_eq(q, "''");
    free(q);
    char *n = fpp_safe_name("../E06000001 / LAC rate's");
    ck_assert_str_eq(n, "_E06000001_LAC_rate_s");
    free(n);
    n = fpp_safe_name("");
    ck_assert_str_eq(n, "chart");
    free(n);
    /* Bytes that are not UTF-8 become U+FFFD; valid UTF-8 is kept. */
    q = fpp_quote("Caf\xE9 \xC3\xA9 \xE2\x96\xB6 \xC0\xAF");
    ck_assert_str_eq(q, "'Caf\xEF\xBF\xBD \xC3\xA9 \xE2\x96\xB6 \xEF\xBF\xBD\xEF\xBF\xBD'");
    free(q);
    char *x = fpp_xml_escape("\xE9t\xC3\xA9");
    ck_assert_str_eq(x, "\xEF\xBF\xBDt\xC3\xA9");
    free(x);
    x = fpp_xml_escape("a<b & 'c' \"d\"\n");
    ck_assert_str_eq(x, "a&lt;b &amp; &apos;c&apos; &quot;d&quot; ");
    free(x);
    ck_assert_str_eq(fpp_sig_colour(FPP_SIG_BETTER), "#92D050");
    ck_assert_str_eq(fpp_sig_colour(FPP_SIG_SIMILAR), "#FFC000");
    ck_assert_str_eq(fpp_sig_colour(FPP_SIG_WORSE), "#C00000");
    ck_assert_str_eq(fpp_sig_colour(FPP_SIG_HIGHER), "#BED2FF");
    ck_assert_str_eq(fpp_sig_colour(FPP_SIG_LOWER), "#5555E6");
    ck_assert_str_eq(fpp_sig_colour(FPP_SIG_NOT_COMPARED), "#C9C9C9");
    /* Distinct marker shapes for every category. */
    for (int a = 0; a < FPP_SIG_COUNT; a++)
        for (int b = a + 1; b < FPP_SIG_COUNT; b++)
            ck_assert_int_ne(fpp_sig_point((fpp_sig)a), fpp_sig_point((fpp_sig)b));
    ck_assert_int_eq(fpp_sig_from_cmp(FP_CMP_BETTER_998), FPP_SIG_BETTER);
    ck_assert_int_eq(fpp_sig_from_cmp(FP_CMP_LOWER), FPP_SIG_LOWER);
}
END_TEST

/* Each kind's script matches its golden file byte for byte. */
/* A shortened label never splits a UTF-8 character: "Wylfa Môn" has the two
 * bytes C3 B4 for "ô" at offsets 7-8. */
START_TEST(utf8_prefix)
{
    ck_assert_uint_eq(fpp_utf8_prefix("abc", 10), 3);
    ck_assert_uint_eq(fpp_utf8_prefix("abcdef", 4), 4);
    ck_assert_uint_eq(fpp_utf8_prefix("Wylfa M\xc3\xb4n", 8), 7);
    ck_assert_uint_eq(fpp_utf8_prefix("Wylfa M\xc3\xb4n", 9), 9);
    ck_assert_uint_eq(fpp_utf8_prefix("\xc3\xb4", 1), 0);
}
END_TEST

START_TEST(golden_scripts)
{
    const char *kind = kinds[_i];
    fpp_chart *c = make_kind(kind);
    char *script = fpp_chart_script(c, NULL, c->name);
    ck_assert_ptr_nonnull(script);
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/golden/%s.gp", kind);
    const char *path = fp_check_src(rel);
    if (getenv("FP_UPDATE_GOLDEN")) {
        FILE *fp = fopen(path, "w");
        ck_assert_ptr_nonnull(fp);
        fputs(script, fp);
        fclose(fp);
    }
    char *want = slurp(path, NULL);
    ck_assert_msg(want != NULL, "missing golden %s (run with FP_UPDATE_GOLDEN=1)", path);
    ck_assert_msg(strcmp(script, want) == 0, "%s differs from the generated script:\n%s", path, script);
    /* Alt text says what the chart is. */
    ck_assert_ptr_nonnull(strstr(c->alt_title, kind[0] == 'c' ? "Compare" : ""));
    ck_assert(strlen(c->alt_desc) > 40);
    ck_assert_int_eq(c->empty, 0);
    free(want);
    free(script);
    fpp_chart_free(c);
}
END_TEST

START_TEST(trend_content)
{
    fpp_chart *c = make_kind("trend");
    /* Gap as NaN, categorical axis, noenhanced, the datablock, a target. */
    ck_assert_ptr_nonnull(strstr(c->body, "3 NaN NaN NaN 64 73 74 0\n"));
    ck_assert_ptr_nonnull(strstr(c->body, "set xtics ('2016/17' 1, '2017/18' 2"));
    ck_assert_ptr_nonnull(strstr(c->body, "$data << EOD\n"));
    ck_assert_ptr_nonnull(strstr(c->body, "65 with lines"));
    ck_assert_ptr_nonnull(strstr(c->body, "title 'Target: 65.0'"));
    ck_assert_ptr_nonnull(strstr(c->data, "# x value lower95 upper95"));
    ck_assert_ptr_nonnull(strstr(c->csv, "2016/17,85,79,91.3,60,70,73,Worse\n"));
    ck_assert_ptr_nonnull(strstr(c->alt_desc, "Latest value 71.0 in 2023/24 (95% confidence "
                                              "interval 65.6 to 76.7), better than England."));
    ck_assert_int_eq((int)c->n_skipped, 0);
    fpp_chart_free(c);
}
END_TEST

START_TEST(empty_series_skipped)
{
    double nan8[8];
    for (int i = 0; i < 8; i++) nan8[i] = NAN;
    fpp_trend t = trend_spec();
    t.england = nan8;
    t.neighbours = nan8;
    fpp_chart *c = NULL;
    ck_assert_int_eq(fpp_trend_chart(&t, "t", &c), FP_OK);
    ck_assert_int_eq((int)c->n_skipped, 2);
    ck_assert_str_eq(c->skipped_series[0], "England");
    ck_assert_str_eq(c->skipped_reasons[0], "all values missing");
    ck_assert_str_eq(c->skipped_series[1], "Statistical neighbours");
    ck_assert_ptr_null(strstr(c->body, "using 1:5"));
    ck_assert_ptr_null(strstr(c->body, "using 1:7"));
    ck_assert_int_eq(c->empty, 0);
    fpp_chart_free(c);
    /* Nothing at all: the chart is empty and lists every series. */
    t.value = nan8; t.region = nan8; t.lower = t.upper = NULL;
    ck_assert_int_eq(fpp_trend_chart(&t, "t", &c), FP_OK);
    ck_assert_int_eq(c->empty, 1);
    ck_assert_int_eq((int)c->n_skipped, 4);
    fpp_chart_free(c);
    /* Bad arguments. */
    ck_assert_int_eq(fpp_trend_chart(NULL, "t", &c), FP_EINVAL);
    t.n = 0;
    ck_assert_int_eq(fpp_trend_chart(&t, "t", &c), FP_EINVAL);
}
END_TEST

/* Spine rows: better is always to the right whatever the polarity. */
START_TEST(spine_scaling)
{
    fpp_spine_row rows[4];
    fpp_spine s = spine_spec(rows);
    fpp_chart *c = NULL;
    ck_assert_int_eq(fpp_spine_chart(&s, "s", &c), FP_OK);
    /* Row 1 (low is better: worst 160, best 25, England 70): D = 90;
     * worst -> 0.5 - 0.5*(160-70)/90 = 0, best -> 0.5 + 0.5*45/90 = 0.75;
     * value 71 -> 0.5 - 0.5/90. */
    double y, xw, x25, x75, xb, xv, cat;
    const char *p = strstr(c->data, "\n4 ");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(sscanf(p, "%lf %lf %lf %lf %lf %lf %lf", &y, &xw, &x25, &x75, &xb, &xv, &cat), 7);
    ck_assert_rel(xw, 0.0, 1e-9);
    ck_assert_rel(xb, 0.75, 1e-9);
    ck_assert_rel(xv, 0.5 - 0.5 / 90, 1e-9);
    ck_assert(xb > xw);
    /* Row 2 (high is better): worst 58 left of best 77. */
    p = strstr(c->data, "\n3 ");
    ck_assert_int_eq(sscanf(p, "%lf %lf %lf %lf %lf %lf %lf", &y, &xw, &x25, &x75, &xb, &xv, &cat), 7);
    ck_assert(xb > xw);
    ck_assert_rel(xb, 0.5 + 0.5 * (77 - 67.7) / 9.7, 1e-9);
    fpp_chart_free(c);
}
END_TEST


/* ------------------------------------------------------ PNG alt text */

/* A tiny PNG and what fpp__png_add_text must make of it, both generated
 * with Python's zlib (an independent CRC-32) by this exact code:
 *
 *   import struct, zlib
 *   def chunk(t, data):
 *       return struct.pack('>I', len(data)) + t + data + struct.pack('>I', zlib.crc32(t + data))
 *   def itxt(key, text):
 *       return chunk(b'iTXt', key + b'\0\0\0' + b'en-GB\0' + b'\0' + text.encode('utf-8'))
 *   sig = b'\x89PNG\r\n\x1a\n'
 *   ihdr = chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 0, 0, 0, 0))
 *   idat = chunk(b'IDAT', zlib.compress(b'\x00\x00', 9))
 *   inp = sig + ihdr + chunk(b'tEXt', b'Title\0old') + idat + chunk(b'tEXt', b'Software\0gnuplot') + chunk(b'IEND', b'')
 *   title = 'Ynys M\u00f4n "Q" <a & b>\nline 2'
 *   desc = 'Rate 5.0 & falling.\nNext'
 *   out = sig + ihdr + idat + chunk(b'tEXt', b'Software\0gnuplot') + itxt(b'Title', title) + itxt(b'Description', desc) + chunk(b'IEND', b'')
 *   t = itxt(b'Title', title); d = itxt(b'Description', desc)
 *   print('0x%08x 0x%08x 0x%08x' % (zlib.crc32(t[4:-4]), zlib.crc32(d[4:-4]), zlib.crc32(b'123456789')))
 *   # and the bytes of inp and out as C arrays, 12 a line
 *
 * The input has an old tEXt "Title" (dropped) and a tEXt "Software" (kept);
 * the description is given with CR LF, which becomes LF. */
static const unsigned char png_in[116] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00,
    0x09, 0x74, 0x45, 0x58, 0x74, 0x54, 0x69, 0x74, 0x6c, 0x65, 0x00, 0x6f,
    0x6c, 0x64, 0xf6, 0xe3, 0xec, 0xca, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44,
    0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
    0xe5, 0x27, 0xde, 0xfc, 0x00, 0x00, 0x00, 0x10, 0x74, 0x45, 0x58, 0x74,
    0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x00, 0x67, 0x6e, 0x75,
    0x70, 0x6c, 0x6f, 0x74, 0x67, 0x2c, 0x9a, 0x75, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};
static const unsigned char png_out[207] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00,
    0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x01, 0xe5, 0x27, 0xde, 0xfc, 0x00, 0x00, 0x00, 0x10, 0x74,
    0x45, 0x58, 0x74, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x00,
    0x67, 0x6e, 0x75, 0x70, 0x6c, 0x6f, 0x74, 0x67, 0x2c, 0x9a, 0x75, 0x00,
    0x00, 0x00, 0x2b, 0x69, 0x54, 0x58, 0x74, 0x54, 0x69, 0x74, 0x6c, 0x65,
    0x00, 0x00, 0x00, 0x65, 0x6e, 0x2d, 0x47, 0x42, 0x00, 0x00, 0x59, 0x6e,
    0x79, 0x73, 0x20, 0x4d, 0xc3, 0xb4, 0x6e, 0x20, 0x22, 0x51, 0x22, 0x20,
    0x3c, 0x61, 0x20, 0x26, 0x20, 0x62, 0x3e, 0x0a, 0x6c, 0x69, 0x6e, 0x65,
    0x20, 0x32, 0xf7, 0xc5, 0x4d, 0xb3, 0x00, 0x00, 0x00, 0x2d, 0x69, 0x54,
    0x58, 0x74, 0x44, 0x65, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x69, 0x6f,
    0x6e, 0x00, 0x00, 0x00, 0x65, 0x6e, 0x2d, 0x47, 0x42, 0x00, 0x00, 0x52,
    0x61, 0x74, 0x65, 0x20, 0x35, 0x2e, 0x30, 0x20, 0x26, 0x20, 0x66, 0x61,
    0x6c, 0x6c, 0x69, 0x6e, 0x67, 0x2e, 0x0a, 0x4e, 0x65, 0x78, 0x74, 0x0a,
    0x8d, 0x79, 0xde, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82
};
static const char png_title[] = "Ynys M\xc3\xb4n \"Q\" <a & b>\nline 2";
static const char png_desc_crlf[] = "Rate 5.0 & falling.\r\nNext";

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walk a PNG's chunks (written here, not taken from png_text.c): count
 * chunks whose CRC does not match, and return the text of the iTXt chunk
 * with this keyword (malloc'd; NULL when absent) after checking that it is
 * uncompressed. *n_key counts the text chunks (any type) with the keyword. */
static char *png_itxt(const unsigned char *p, size_t len, const char *key, int *bad_crc, int *n_key)
{
    char *found = NULL;
    *bad_crc = 0;
    *n_key = 0;
    ck_assert(len >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8));
    size_t off = 8, klen = strlen(key);
    int end = 0;
    while (!end) {
        ck_assert_msg(off + 12 <= len, "chunk header past the end at %zu", off);
        uint32_t n = rd32(p + off);
        ck_assert_msg(off + 12 + n <= len, "chunk data past the end at %zu", off);
        const unsigned char *type = p + off + 4, *d = p + off + 8;
        if (fpp__crc32(0, type, 4 + (size_t)n) != rd32(d + n)) (*bad_crc)++;
        int text = !memcmp(type, "iTXt", 4) || !memcmp(type, "tEXt", 4) || !memcmp(type, "zTXt", 4);
        if (text && n > klen && !memcmp(d, key, klen) && d[klen] == 0) {
            (*n_key)++;
            if (!memcmp(type, "iTXt", 4)) {
                ck_assert_int_eq(d[klen + 1], 0);   /* compression flag */
                ck_assert_int_eq(d[klen + 2], 0);   /* compression method */
                const unsigned char *q = d + klen + 3, *e = d + n;
                const unsigned char *z = memchr(q, 0, (size_t)(e - q));   /* language tag */
                ck_assert_ptr_nonnull(z);
                ck_assert_int_eq((int)(z - q), 5);
                ck_assert(!memcmp(q, "en-GB", 5));
                q = z + 1;
                z = memchr(q, 0, (size_t)(e - q));                       /* translated keyword */
                ck_assert_ptr_nonnull(z);
                q = z + 1;
                free(found);
                found = malloc((size_t)(e - q) + 1);
                memcpy(found, q, (size_t)(e - q));
                found[e - q] = '\0';
            }
        }
        end = !memcmp(type, "IEND", 4);
        off += 12 + (size_t)n;
    }
    ck_assert_int_eq(off, len);   /* IEND is last */
    return found;
}

/* CRC-32 check value of the PNG/zlib CRC: Python zlib.crc32(b'123456789')
 * == 0xcbf43926 (also the catalogue value for CRC-32/ISO-HDLC). */
START_TEST(png_crc32)
{
    ck_assert_uint_eq(fpp__crc32(0, "123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(fpp__crc32(fpp__crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
    ck_assert_uint_eq(fpp__crc32(0, "", 0), 0u);
    /* The IEND chunk's CRC, the same in every PNG. */
    ck_assert_uint_eq(fpp__crc32(0, "IEND", 4), 0xAE426082u);
}
END_TEST

/* fpp__png_add_text makes exactly the bytes Python makes (so the chunk
 * layout and both CRCs agree with zlib's), and handles its edge cases. */
START_TEST(png_text_chunks)
{
    unsigned char *out = NULL;
    size_t n = 0;
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in, png_title, png_desc_crlf, &out, &n), FP_OK);
    ck_assert_uint_eq(n, sizeof png_out);
    ck_assert(memcmp(out, png_out, n) == 0);
    /* The chunk CRCs, from the Python above: Title 0xf7c54db3 at bytes
     * 134..137, Description 0x0a8d79de at 191..194. */
    ck_assert_uint_eq(rd32(out + 134), 0xf7c54db3u);
    ck_assert_uint_eq(rd32(out + 191), 0x0a8d79deu);
    int bad, nk;
    char *t = png_itxt(out, n, "Title", &bad, &nk);
    ck_assert_int_eq(bad, 0);
    ck_assert_int_eq(nk, 1);
    ck_assert_str_eq(t, png_title);    /* quotes, <, &, newline, ô round-trip */
    free(t);
    char *d = png_itxt(out, n, "Description", &bad, &nk);
    ck_assert_str_eq(d, "Rate 5.0 & falling.\nNext");
    free(d);

    /* Adding again replaces its own chunks: the same bytes. */
    unsigned char *again = NULL;
    size_t n2 = 0;
    ck_assert_int_eq(fpp__png_add_text(out, n, png_title, png_desc_crlf, &again, &n2), FP_OK);
    ck_assert_uint_eq(n2, n);
    ck_assert(memcmp(again, out, n) == 0);
    free(again);
    free(out);

    /* No text: the input without its old Title chunk (21 bytes). */
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in, NULL, "", &out, &n), FP_OK);
    ck_assert_uint_eq(n, sizeof png_in - 21);
    t = png_itxt(out, n, "Title", &bad, &nk);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(nk, 0);
    ck_assert_int_eq(bad, 0);
    free(out);

    /* Bytes that are not UTF-8 become U+FFFD; a tab becomes a space. */
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in, "a\xff" "b\tc", NULL, &out, &n), FP_OK);
    t = png_itxt(out, n, "Title", &bad, &nk);
    ck_assert_str_eq(t, "a\xef\xbf\xbd" "b c");
    ck_assert_int_eq(bad, 0);
    free(t);
    free(out);

    /* Anything after IEND is dropped. */
    unsigned char tail[sizeof png_in + 3];
    memcpy(tail, png_in, sizeof png_in);
    memcpy(tail + sizeof png_in, "xyz", 3);
    ck_assert_int_eq(fpp__png_add_text(tail, sizeof tail, png_title, png_desc_crlf, &out, &n), FP_OK);
    ck_assert_uint_eq(n, sizeof png_out);
    ck_assert(memcmp(out, png_out, n) == 0);
    free(out);

    /* Errors: not a PNG, truncated (no IEND), a chunk running past the
     * end, NULL arguments. *out is NULL after an error. */
    unsigned char bad_png[sizeof png_in];
    memcpy(bad_png, png_in, sizeof png_in);
    bad_png[1] = 'X';
    out = (unsigned char *)1;
    ck_assert_int_eq(fpp__png_add_text(bad_png, sizeof bad_png, "t", "d", &out, &n), FP_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in - 12, "t", "d", &out, &n), FP_EINVAL);
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in - 1, "t", "d", &out, &n), FP_EINVAL);
    memcpy(bad_png, png_in, sizeof png_in);
    bad_png[36] = 0x7f;   /* the old tEXt chunk claims 0x7f000009 bytes */
    ck_assert_int_eq(fpp__png_add_text(bad_png, sizeof bad_png, "t", "d", &out, &n), FP_EINVAL);
    ck_assert_int_eq(fpp__png_add_text(png_in, 10, "t", "d", &out, &n), FP_EINVAL);
    ck_assert_int_eq(fpp__png_add_text(NULL, 0, "t", "d", &out, &n), FP_EINVAL);
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in, "t", "d", NULL, &n), FP_EINVAL);
    ck_assert_int_eq(fpp__png_add_text(png_in, sizeof png_in, "t", "d", &out, NULL), FP_EINVAL);
}
END_TEST

/* The .alt.txt sidecar of chart c at path: title on one line (newlines
 * as spaces), blank line, description, newline. */
static void check_alt_file(const char *path, const fpp_chart *c)
{
    ck_assert_ptr_nonnull(path);
    char *got = slurp(path, NULL);
    ck_assert_msg(got != NULL, "no %s", path);
    size_t tlen = strlen(c->alt_title), dlen = strlen(c->alt_desc);
    char *want = malloc(tlen + dlen + 4);
    memcpy(want, c->alt_title, tlen);
    for (size_t i = 0; i < tlen; i++)
        if (want[i] == '\n') want[i] = ' ';
    memcpy(want + tlen, "\n\n", 2);
    memcpy(want + tlen + 2, c->alt_desc, dlen);
    memcpy(want + tlen + 2 + dlen, "\n", 2);
    ck_assert_str_eq(got, want);
    free(want);
    free(got);
}

/* Render every kind in one batch: SVG complete, 800x450, alt text, sidecars. */
START_TEST(render_svg_all_kinds)
{
    if (!have_gnuplot()) return;
    char *dir = make_tmpdir();
    fpp_chart *cs[5];
    fpp_result rs[5];
    for (int k = 0; k < 5; k++) cs[k] = make_kind(kinds[k]);
    fpp_render_opts o = { 0 };
    o.jobs = 2;
    ck_assert_int_eq(fpp_render(cs, 5, dir, &o, rs), FP_OK);
    for (int k = 0; k < 5; k++) {
        ck_assert_msg(rs[k].outcome == FPP_RENDERED, "%s: %s", kinds[k], rs[k].message ? rs[k].message : "");
        int w = 0, h = 0;
        ck_assert_int_eq(fpp_verify_image(rs[k].image, FPP_SVG, &w, &h), 0);
        ck_assert_int_eq(w, 800);
        ck_assert_int_eq(h, 450);
        ck_assert(file_size(rs[k].image) > 1000);
        char *svg = slurp(rs[k].image, NULL);
        char *want = fpp_xml_escape(cs[k]->alt_title);
        ck_assert_ptr_nonnull(strstr(svg, "<title id=\"fp-title\">"));
        ck_assert_ptr_nonnull(strstr(svg, want));
        ck_assert_ptr_nonnull(strstr(svg, "<desc id=\"fp-desc\">"));
        ck_assert_ptr_null(strstr(svg, "<title>Gnuplot</title>"));
        free(want);
        free(svg);
        ck_assert(file_size(rs[k].script) > 0);
        ck_assert(file_size(rs[k].data) > 0);
        ck_assert(file_size(rs[k].table) > 0);
        check_alt_file(rs[k].alt, cs[k]);
        fpp_result_clear(&rs[k]);
        fpp_chart_free(cs[k]);
    }
    /* No temporary files are left behind. */
    ck_assert_int_eq(count_files(dir, ".tmp"), 0);
    ck_assert_int_eq(count_files(dir, ".fp-batch"), 0);
    /* The standalone .gp re-renders the chart from its directory. */
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cd '%s' && rm -f trend.svg && gnuplot trend.gp 2>/dev/null", dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/trend.svg", dir);
    ck_assert_int_eq(fpp_verify_image(cmd, FPP_SVG, NULL, NULL), 0);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(render_png)
{
    if (!have_gnuplot()) return;
    char *dir = make_tmpdir();
    fpp_chart *c = make_kind("compare");
    fpp_result r;
    fpp_render_opts o = { 0 };
    o.style.format = FPP_PNG;
    ck_assert_int_eq(fpp_render(&c, 1, dir, &o, &r), FP_OK);
    ck_assert_int_eq(r.outcome, FPP_RENDERED);
    int w = 0, h = 0;
    ck_assert_int_eq(fpp_verify_image(r.image, FPP_PNG, &w, &h), 0);
    ck_assert_int_eq(w, 1000);
    ck_assert_int_eq(h, 562);
    ck_assert(file_size(r.image) > 1000);
    ck_assert_ptr_nonnull(strstr(r.image, ".png"));
    /* The alt text is in the PNG as iTXt Title and Description, once each,
     * and every chunk's CRC verifies. */
    size_t len = 0;
    unsigned char *png = (unsigned char *)slurp(r.image, &len);
    int bad, nk;
    char *t = png_itxt(png, len, "Title", &bad, &nk);
    ck_assert_int_eq(bad, 0);
    ck_assert_int_eq(nk, 1);
    ck_assert_str_eq(t, c->alt_title);
    free(t);
    t = png_itxt(png, len, "Description", &bad, &nk);
    ck_assert_int_eq(nk, 1);
    ck_assert_str_eq(t, c->alt_desc);
    free(t);
    free(png);
    check_alt_file(r.alt, c);
    ck_assert_int_eq(count_files(dir, ".tmp"), 0);
    fpp_result_clear(&r);
    fpp_chart_free(c);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* A title with quotes, a newline, '<', '&' and non-ASCII text reaches the
 * PNG's Title chunk unchanged, the SVG's <title> XML-escaped and the
 * .alt.txt sidecar on one line, for both formats in one directory. */
START_TEST(alt_text_roundtrip)
{
    if (!have_gnuplot()) return;
    char *dir = make_tmpdir();
    fpp_trend spec = trend_spec();
    spec.title = "Ynys M\xc3\xb4n \"rate\" <per 10,000> & 'more'\nsecond line";
    spec.area_name = "Ynys M\xc3\xb4n";
    for (int f = 0; f < 2; f++) {
        fpp_chart *c = NULL;
        ck_assert_int_eq(fpp_trend_chart(&spec, "ynys", &c), FP_OK);
        ck_assert_ptr_nonnull(strstr(c->alt_title, spec.title));
        fpp_result r;
        fpp_render_opts o = { 0 };
        o.style.format = f ? FPP_PNG : FPP_SVG;
        ck_assert_int_eq(fpp_render(&c, 1, dir, &o, &r), FP_OK);
        ck_assert_msg(r.outcome == FPP_RENDERED, "%s", r.message ? r.message : "");
        ck_assert_int_eq(fpp_verify_image(r.image, o.style.format, NULL, NULL), 0);
        size_t len = 0;
        char *img = slurp(r.image, &len);
        if (f) {
            int bad, nk;
            char *t = png_itxt((unsigned char *)img, len, "Title", &bad, &nk);
            ck_assert_int_eq(bad, 0);
            ck_assert_str_eq(t, c->alt_title);
            ck_assert_ptr_nonnull(strstr(t, "Ynys M\xc3\xb4n \"rate\" <per 10,000> & 'more'\nsecond line"));
            free(t);
            t = png_itxt((unsigned char *)img, len, "Description", &bad, &nk);
            ck_assert_str_eq(t, c->alt_desc);
            free(t);
        } else {
            ck_assert_ptr_nonnull(strstr(img, "Ynys M\xc3\xb4n &quot;rate&quot; &lt;per 10,000&gt; "
                                              "&amp; &apos;more&apos; second line"));
        }
        free(img);
        check_alt_file(r.alt, c);
        char *alt = slurp(r.alt, NULL);
        ck_assert_ptr_nonnull(strstr(alt, "Ynys M\xc3\xb4n \"rate\" <per 10,000> & 'more' second line, Ynys M\xc3\xb4n\n\n"));
        free(alt);
        fpp_result_clear(&r);
        fpp_chart_free(c);
    }
    char p[4200];
    snprintf(p, sizeof p, "%s/ynys.svg", dir);
    ck_assert_int_eq(access(p, F_OK), 0);
    snprintf(p, sizeof p, "%s/ynys.png", dir);
    ck_assert_int_eq(access(p, F_OK), 0);
    snprintf(p, sizeof p, "%s/ynys.alt.txt", dir);
    ck_assert_int_eq(access(p, F_OK), 0);
    ck_assert_int_eq(count_files(dir, ".tmp"), 0);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* Names from data with quotes, backquotes, system(), ';', '@' macros and
 * newlines are shown literally and never executed. */
START_TEST(injection)
{
    if (!have_gnuplot()) return;
    char *dir = make_tmpdir();
    char pwn[1024], evil_area[8192], evil_title[8192];
    snprintf(pwn, sizeof pwn, "%s/pwned", dir);
    snprintf(evil_area, sizeof evil_area,
             "O'Brien \"x\" `touch %s` ; system(\"touch %s\")\nset output '%s.svg' @GPVAL_PWD", pwn, pwn, pwn);
    snprintf(evil_title, sizeof evil_title, "Rate'; system('touch %s'); print '\n`touch %s`", pwn, pwn);
    const char *names[2] = { evil_area, "Wirral" };
    double v[2] = { 10, 12 }, d[2] = { 1000, 2000 };
    fpp_trend t = trend_spec();
    t.title = evil_title; t.area_name = evil_area; t.region_name = evil_area;
    const char *evil_periods[12];
    for (int i = 0; i < 12; i++) evil_periods[i] = i == 3 ? evil_area : i < 8 ? periods[i] : months[i];
    t.periods = evil_periods;
    fpp_compare s = compare_spec();
    s.title = evil_title;
    const char *cn[6];
    for (int i = 0; i < 6; i++) cn[i] = i == 0 ? evil_area : cnames[i];
    s.names = cn;
    fpp_funnel f = funnel_spec();
    f.title = evil_title; f.n = 2; f.names = names; f.value = v; f.denominator = d; f.selected = 0;
    fpp_spine_row rows[4];
    fpp_spine spn = spine_spec(rows);
    rows[1].label = evil_area;
    spn.area_name = evil_area;
    fpp_spc spc = spc_spec();
    spc.title = evil_title;
    spc.periods = evil_periods;
    fpp_chart *cs[5];
    ck_assert_int_eq(fpp_trend_chart(&t, evil_area, &cs[0]), FP_OK);
    ck_assert_int_eq(fpp_compare_chart(&s, "c", &cs[1]), FP_OK);
    ck_assert_int_eq(fpp_funnel_chart(&f, "f", &cs[2]), FP_OK);
    ck_assert_int_eq(fpp_spine_chart(&spn, "s", &cs[3]), FP_OK);
    ck_assert_int_eq(fpp_spc_chart(&spc, "p", &cs[4]), FP_OK);
    /* The file name is safe. */
    ck_assert_ptr_null(strchr(cs[0]->name, '/'));
    ck_assert_ptr_null(strchr(cs[0]->name, '\''));
    fpp_result rs[5];
    fpp_render_opts o = { 0 };
    ck_assert_int_eq(fpp_render(cs, 5, dir, &o, rs), FP_OK);
    for (int k = 0; k < 5; k++) {
        ck_assert_msg(rs[k].outcome == FPP_RENDERED, "chart %d: %s", k, rs[k].message ? rs[k].message : "");
        char *svg = slurp(rs[k].image, NULL);
        /* The title text appears literally (gnuplot XML-escapes quotes and
         * ampersands; the newline became a space). */
        const char *lit = k == 3 ? "O&apos;Brien" : "Rate&apos;; system(&apos;touch";
        ck_assert_msg(strstr(svg, lit) != NULL, "chart %d lacks literal text", k);
        free(svg);
        fpp_result_clear(&rs[k]);
        fpp_chart_free(cs[k]);
    }
    /* Also run the standalone scripts through gnuplot directly. */
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd '%s' && for f in *.gp; do gnuplot \"$f\" >/dev/null 2>&1; done", dir);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_msg(access(pwn, F_OK) != 0, "injected command was executed");
    snprintf(cmd, sizeof cmd, "%s.svg", pwn);
    ck_assert_msg(access(cmd, F_OK) != 0, "injected set output was executed");
    if (!getenv("FP_KEEP")) rm_rf(dir);
    free(dir);
}
END_TEST

/* Issue 14: the .csv tables beside the charts guard every text cell
 * against formula injection with the shared rule (fpp_csv_guard_needed;
 * OWASP's payload "=cmd|' /C calc'!A0" as an area name) and replace bytes
 * that are not UTF-8 by U+FFFD. */
START_TEST(chart_csv_guard)
{
    const char *evil = "=cmd|' /C calc'!A0";
    const char *cn[6];
    for (int i = 0; i < 6; i++) cn[i] = cnames[i];
    cn[1] = evil;
    cn[2] = "\tTab";
    cn[3] = "Bad \xff byte";
    fpp_compare s = compare_spec();
    s.names = cn;
    fpp_chart *c = NULL;
    ck_assert_int_eq(fpp_compare_chart(&s, "c", &c), FP_OK);
    ck_assert_ptr_nonnull(strstr(c->csv, "\"'=cmd|' /C calc'!A0\""));
    ck_assert_ptr_nonnull(strstr(c->csv, "\"'\tTab\""));
    ck_assert_ptr_nonnull(strstr(c->csv, "Bad \xEF\xBF\xBD byte"));
    ck_assert_ptr_null(strstr(c->csv, "\n=cmd"));
    ck_assert_ptr_null(strstr(c->csv, "\xff"));
    fpp_chart_free(c);
    const char *fn[2] = { "-2+3+cmd|' /C calc'!A0", "@SUM(A1)" };
    double v[2] = { 10, 12 }, d[2] = { 1000, 2000 };
    fpp_funnel f = funnel_spec();
    f.n = 2; f.names = fn; f.value = v; f.denominator = d;
    ck_assert_int_eq(fpp_funnel_chart(&f, "f", &c), FP_OK);
    ck_assert_ptr_nonnull(strstr(c->csv, "\"'-2+3+cmd|' /C calc'!A0\""));
    ck_assert_ptr_nonnull(strstr(c->csv, "\"'@SUM(A1)\""));
    fpp_chart_free(c);
    fpp_spine_row rows[4];
    fpp_spine spn = spine_spec(rows);
    rows[0].label = "+HYPERLINK(\"x\")";
    ck_assert_int_eq(fpp_spine_chart(&spn, "s", &c), FP_OK);
    ck_assert_ptr_nonnull(strstr(c->csv, "\"'+HYPERLINK(\"\"x\"\")\""));
    fpp_chart_free(c);
}
END_TEST

/* Issue 14: paths reach gnuplot byte for byte (a Latin-1 byte is not
 * turned into U+FFFD, which would change the path), and a control
 * character, which would end the command, is refused by fpp_render. */
START_TEST(output_paths)
{
    ck_assert_ptr_null(fpp_path_problem("-dir/sub"));
    ck_assert_ptr_null(fpp_path_problem("d\xe9j\xe0"));
    ck_assert_ptr_nonnull(fpp_path_problem("a\nb"));
    ck_assert_ptr_nonnull(fpp_path_problem("a\tb"));
    ck_assert_ptr_nonnull(fpp_path_problem("a\x1b[2Jb"));
    fpp_chart *c = make_kind("spc");
    fpp_style st = { 0 };
    char *scr = fpp_chart_script(c, &st, "d\xe9/it's.svg");
    ck_assert_ptr_nonnull(strstr(scr, "set output 'd\xe9/it''s.svg'"));
    free(scr);
    scr = fpp_chart_script(c, &st, "x\nsystem('touch y')");
    ck_assert_ptr_nonnull(strstr(scr, "set output 'x?system(''touch y'')'"));
    free(scr);
    fpp_result r;
    fpp_render_opts o = { 0 };
    ck_assert_int_eq(fpp_render(&c, 1, "out\ndir", &o, &r), FP_EINVAL);
    ck_assert_int_eq(r.outcome, FPP_FAILED);
    ck_assert_ptr_nonnull(strstr(r.message, "control character"));
    fpp_result_clear(&r);
    fpp_chart_free(c);
}
END_TEST

/* Issue 15: charts of several folders in one batch (fpp_render_opts.dirs,
 * as report --all-areas): each chart and its sidecars land in its own
 * folder, a NULL entry in dir, the batch scripts in dir are removed, and a
 * folder with a control character is refused like dir. Two charts of the
 * same name in two folders do not collide. */
START_TEST(render_dirs)
{
    if (!have_gnuplot()) return;
    char *dir = make_tmpdir();
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    ck_assert_int_eq(mkdir(a, 0777), 0);
    ck_assert_int_eq(mkdir(b, 0777), 0);
    fpp_chart *cs[3] = { make_kind("trend"), make_kind("trend"), make_kind("spc") };
    const char *dirs[3] = { a, b, NULL };
    fpp_result rs[3];
    fpp_render_opts o = { 0 };
    o.jobs = 2;
    o.dirs = dirs;
    ck_assert_int_eq(fpp_render(cs, 3, dir, &o, rs), FP_OK);
    const char *want[3] = { a, b, dir };
    for (int k = 0; k < 3; k++) {
        ck_assert_msg(rs[k].outcome == FPP_RENDERED, "%d: %s", k, rs[k].message ? rs[k].message : "");
        ck_assert_int_eq(strncmp(rs[k].image, want[k], strlen(want[k])), 0);
        ck_assert_ptr_null(strchr(rs[k].image + strlen(want[k]) + 1, '/'));
        ck_assert_int_eq(fpp_verify_image(rs[k].image, FPP_SVG, NULL, NULL), 0);
        ck_assert_int_eq(strncmp(rs[k].script, want[k], strlen(want[k])), 0);
        ck_assert(file_size(rs[k].alt) > 0);
        fpp_result_clear(&rs[k]);
    }
    ck_assert_int_eq(count_files(dir, ".fp-batch"), 0);
    ck_assert_int_eq(count_files(a, ".tmp"), 0);
    ck_assert_int_eq(count_files(b, ".tmp"), 0);
    const char *bad[3] = { a, "b\nc", NULL };
    o.dirs = bad;
    ck_assert_int_eq(fpp_render(cs, 3, dir, &o, rs), FP_EINVAL);
    ck_assert_ptr_nonnull(strstr(rs[0].message, "control character"));
    for (int k = 0; k < 3; k++) { fpp_result_clear(&rs[k]); fpp_chart_free(cs[k]); }
    rm_rf(dir);
    free(dir);
}
END_TEST

/* A chart that makes gnuplot fail in the middle of a batch fails alone:
 * the others render, and it leaves no file (no 0-byte image). */
START_TEST(failure_isolated)
{
    if (!have_gnuplot()) return;
    char *dir = make_tmpdir();
    enum { N = 7 };
    fpp_chart *cs[N];
    fpp_result rs[N];
    for (int k = 0; k < N; k++) {
        fpp_trend t = trend_spec();
        char name[32];
        snprintf(name, sizeof name, "t%d", k);
        ck_assert_int_eq(fpp_trend_chart(&t, name, &cs[k]), FP_OK);
    }
    /* Break chart 2 and chart 5 the way a bad series would: a fatal
     * gnuplot error after `set output`. */
    for (int k = 2; k < N; k += 3) {
        size_t len = strlen(cs[k]->body);
        char *b = malloc(len + 64);
        strcpy(b, "plot NaN notitle\n");
        strcat(b, cs[k]->body);
        free(cs[k]->body);
        cs[k]->body = b;
    }
    fpp_render_opts o = { 0 };
    /* _i = 0: one process for all 7 charts, so a failure interrupts a
     * batch; _i = 1: two processes, 2 charts per batch. */
    o.jobs = _i == 0 ? 1 : 2;
    o.per_process = _i == 0 ? 0 : 2;
    ck_assert_int_eq(fpp_render(cs, N, dir, &o, rs), FP_OK);
    for (int k = 0; k < N; k++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/t%d.svg", dir, k);
        if (k == 2 || k == 5) {
            ck_assert_int_eq(rs[k].outcome, FPP_FAILED);
            ck_assert_ptr_nonnull(rs[k].message);
            ck_assert_msg(strstr(rs[k].message, "undefined") != NULL, "message: %s", rs[k].message);
            ck_assert_int_eq(access(p, F_OK), -1);
        } else {
            ck_assert_msg(rs[k].outcome == FPP_RENDERED, "t%d", k);
            ck_assert(file_size(p) > 1000);
        }
        fpp_result_clear(&rs[k]);
        fpp_chart_free(cs[k]);
    }
    ck_assert_int_eq(count_files(dir, ".tmp"), 0);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* A missing gnuplot fails every chart with a message and no files. */
START_TEST(no_gnuplot)
{
    char *dir = make_tmpdir();
    fpp_chart *c = make_kind("spc");
    fpp_result r;
    fpp_render_opts o = { 0 };
    o.gnuplot = "/nonexistent/gnuplot-fp";
    o.no_sidecars = 1;
    int rc = fpp_render(&c, 1, dir, &o, &r);
    ck_assert(rc == FP_ENOTFOUND || rc == FP_OK);
    ck_assert_int_eq(r.outcome, FPP_FAILED);
    ck_assert_ptr_nonnull(r.message);
    ck_assert_int_eq(count_files(dir, "spc"), 0);
    fpp_result_clear(&r);
    fpp_chart_free(c);
    rm_rf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plots");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, quote_and_names);
    tcase_add_test(tc, utf8_prefix);
    tcase_add_loop_test(tc, golden_scripts, 0, 5);
    tcase_add_test(tc, trend_content);
    tcase_add_test(tc, empty_series_skipped);
    tcase_add_test(tc, spine_scaling);
    tcase_add_test(tc, render_svg_all_kinds);
    tcase_add_test(tc, png_crc32);
    tcase_add_test(tc, png_text_chunks);
    tcase_add_test(tc, render_png);
    tcase_add_test(tc, alt_text_roundtrip);
    tcase_add_test(tc, injection);
    tcase_add_test(tc, chart_csv_guard);
    tcase_add_test(tc, output_paths);
    tcase_add_test(tc, render_dirs);
    tcase_add_loop_test(tc, failure_isolated, 0, 2);
    tcase_add_test(tc, no_gnuplot);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
