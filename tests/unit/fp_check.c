/* fp_check.c -- relative-tolerance comparisons and a suite runner. */
#include "fp_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>

int fp_check_close(double got, double want, double rel)
{
    if (isnan(got) && isnan(want)) return 1;
    if (isnan(got) || isnan(want)) return 0;
    if (isinf(want)) return got == want;
    double scale = fabs(want);
    if (scale == 0) return fabs(got) <= rel;
    return fabs(got - want) <= rel * scale;
}

int fp_check_run(Suite *s)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static char pathbuf[8][4096];
static int pathslot;

const char *fp_check_src(const char *rel)
{
    char *b = pathbuf[pathslot++ % 8];
    snprintf(b, 4096, "%s/%s", FP_TEST_SRCDIR, rel);
    return b;
}

const char *fp_check_shared(const char *rel)
{
    struct stat st;
    char *b = pathbuf[pathslot++ % 8];
    snprintf(b, 4096, "%s/%s", FP_TEST_SHARED, rel);
    return stat(b, &st) == 0 ? b : NULL;
}
