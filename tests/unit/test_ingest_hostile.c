/* test_ingest_hostile.c -- the CSV layer and the readers on hostile input
 * (issue 14): inputs read once (pipes, "-" for standard input, /dev/fd
 * paths as made by a shell's <(...)), rows past the field-count limit, and
 * the checks that turn silent acceptance into warnings: a published
 * interval whose lower limit is above its upper limit or that does not hold
 * its own value (dropped, with a FILE:LINE:COL warning), and a row shorter
 * than the header (a FILE:LINE warning; its missing cells read as empty).
 * Expected values are the cells of the small files written here. */
#include "fp_check.h"
#include "io.h"
#include "read_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const fpc_diag *find_diag(const fpc_diags *d, const char *substr)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].message, substr)) return &d->items[i];
    return NULL;
}

static const char tidy[] =
    "indicator,area,area_code,period,numerator,denominator,value,unit,lower95_0cl,upper95_0cl,"
    "lower99_8cl,upper99_8cl\n"
    "P,England,E92000001,2023,620,1000,62,%,59.0,64.9,57.1,66.6\n"
    "P,Sefton,E08000014,2023,,,45,%,70,40,30,60\n"
    "P,Wirral,E08000015,2023,,,45,%,50,70,,\n"
    "P,Knowsley,E08000011,2023,,,45,%\n";

/* A pipe holding text (which must fit the pipe's buffer), write end
 * closed; returns the read end. */
static int pipe_with(const char *text)
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    size_t n = strlen(text);
    ck_assert_int_eq(write(fd[1], text, n), (ssize_t)n);
    close(fd[1]);
    return fd[0];
}

static const fp_obs *obs_of(const fp_dataset *ds, const char *area_code)
{
    size_t a;
    if (fp_dataset_find_area(ds, area_code, &a) != FP_OK) return NULL;
    for (size_t k = 0; k < ds->n_obs; k++)
        if (ds->obs[k].area == a) return &ds->obs[k];
    return NULL;
}

START_TEST(intervals_and_short_rows)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fp_test_hostile_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(tidy, f);
    fclose(f);
    fp_dataset *ds = fp_dataset_alloc();
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_read_file(path, FPC_FORMAT_AUTO, NULL, ds, &d), 0);
    unlink(path);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(ds->n_obs, 4);

    /* Line 3, Sefton: 95% lower 70 above upper 40 -> warning at the lower
     * limit's column (9), 95% interval dropped; its 99.8% interval [30, 60]
     * holds 45 and stays. */
    const fpc_diag *g = find_diag(&d, "95% lower limit 70 is above the upper limit 40");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->is_error, 0);
    ck_assert_uint_eq(g->line, 3);
    ck_assert_uint_eq(g->col, 9);
    const fp_obs *o = obs_of(ds, "E08000014");
    ck_assert_ptr_nonnull(o);
    ck_assert(!(o->flags & FP_OBS_CI95));
    ck_assert(o->flags & FP_OBS_CI998);
    ck_assert_rel(fp_dataset_obs_extra(ds, o)->lower998, 30, 0);

    /* Line 4, Wirral: value 45 outside [50, 70] -> warning at the value's
     * column (7), interval dropped, value kept. */
    g = find_diag(&d, "value 45 is outside its own 95% interval [50, 70]");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->line, 4);
    ck_assert_uint_eq(g->col, 7);
    o = obs_of(ds, "E08000015");
    ck_assert_ptr_nonnull(o);
    ck_assert(!(o->flags & FP_OBS_CI95));
    ck_assert_int_eq(o->missing, FP_MISSING_NONE);
    ck_assert_rel(o->value, 45, 0);

    /* Line 5, Knowsley: 8 fields of 12 -> a warning with the line; the
     * observation is read with no interval. */
    g = find_diag(&d, "row has 8 fields, the header has 12; the missing cells are read as empty");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->is_error, 0);
    ck_assert_uint_eq(g->line, 5);
    o = obs_of(ds, "E08000011");
    ck_assert_ptr_nonnull(o);
    ck_assert(!(o->flags & (FP_OBS_CI95 | FP_OBS_CI998)));

    /* England's interval is sound: kept. */
    o = obs_of(ds, "E92000001");
    ck_assert(o->flags & FP_OBS_CI95);
    ck_assert_uint_eq(d.n_warnings, 3 + 0);
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

/* Standard input as "-": detected, then read from the same stream (the
 * bytes detection took are replayed), all four rows arrive. */
START_TEST(stdin_read_once)
{
    int fd = pipe_with(tidy);
    ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    close(fd);
    fpc_format fmt;
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_detect_format("-", &fmt, &d), 0);
    ck_assert_int_eq(fmt, FPC_FORMAT_TIDY);
    fp_dataset *ds = fp_dataset_alloc();
    ck_assert_int_eq(fpc_read_file("-", fmt, NULL, ds, &d), 0);
    ck_assert_uint_eq(ds->n_obs, 4);
    /* The version hash covers every byte, as for the same bytes in a file. */
    ck_assert_ptr_nonnull(strstr(ds->version, "stdin#"));
    fpc_diags_free(&d);
    fp_dataset_free(ds);
}
END_TEST

/* A pipe named by /dev/fd/N, as bash's <(...) passes it: opening the path
 * twice used to give the detection the data and the reader an empty pipe. */
START_TEST(dev_fd_read_once)
{
    int fd = pipe_with(tidy);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    fpc_inputs in;
    fpc_diags d;
    fpc_diags_init(&d);
    char *paths[] = { path };
    ck_assert_int_eq(fpc_inputs_load(&in, paths, 1, NULL, &d), 0);
    ck_assert_uint_eq(in.ds->n_obs, 4);
    fpc_inputs_free(&in);
    fpc_diags_free(&d);
    close(fd);
}
END_TEST

/* A format detected but never read is closed by fpc_sources_close (the
 * sanitizer build's leak check would see the kept bytes otherwise). */
START_TEST(detect_then_close)
{
    int fd = pipe_with(tidy);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    fpc_format fmt;
    fpc_diags d;
    fpc_diags_init(&d);
    ck_assert_int_eq(fpc_detect_format(path, &fmt, &d), 0);
    fpc_sources_close();
    fpc_diags_free(&d);
    close(fd);
}
END_TEST

typedef struct rows_seen { size_t n, last_line; } rows_seen;

static int count_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    rows_seen *x = ctx;
    (void)c;
    if (!r->is_header) { x->n++; x->last_line = r->line; }
    return 0;
}

/* A row of more than FPC_MAX_FIELDS fields is an error and skipped; the
 * rows after it are read. */
START_TEST(too_many_fields)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fp_test_hostile_f_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("a,b\n1,2\n", f);
    for (size_t i = 0; i < FPC_MAX_FIELDS + 10; i++) fputs("1,", f);
    fputs("1\n3,4\n", f);
    fclose(f);
    fpc_diags d;
    fpc_diags_init(&d);
    rows_seen x = { 0, 0 };
    fpc_csv c;
    ck_assert_int_eq(fpc__csv_read(&c, path, &d, count_row, &x, 0), 0);
    unlink(path);
    ck_assert_uint_eq(x.n, 2);
    ck_assert_uint_eq(x.last_line, 4);
    const fpc_diag *g = find_diag(&d, "row has more than 65536 fields");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->line, 3);
    ck_assert_uint_eq(g->col, FPC_MAX_FIELDS + 1);
    fpc_diags_free(&d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_hostile");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, intervals_and_short_rows);
    tcase_add_test(tc, stdin_read_once);
    tcase_add_test(tc, dev_fd_read_once);
    tcase_add_test(tc, detect_then_close);
    tcase_add_test(tc, too_many_fields);
    suite_add_tcase(s, tc);
    return fp_check_run(s);
}
