/* fp_check.h -- helpers for fingerpost's Check unit tests.
 * Check's ck_assert_double_eq_tol is absolute; numerical tests here compare
 * with a relative tolerance against values from named independent sources. */
#ifndef FP_CHECK_H
#define FP_CHECK_H

#include <check.h>
#include <stddef.h>

/* Nonzero when |got - want| <= rel * max(|want|, tiny), or both are NaN.
 * `tiny` (1e-300) only guards want == 0, where got must be 0 within rel. */
int fp_check_close(double got, double want, double rel);

#define ck_assert_rel(got, want, rel) do { \
    double g_ = (got), w_ = (want); \
    ck_assert_msg(fp_check_close(g_, w_, (rel)), \
        "%s = %.17g, want %.17g (rel tol %g)", #got, g_, w_, (double)(rel)); \
} while (0)

/* Run a suite and return the process exit status (0 when all pass). */
int fp_check_run(Suite *s);

/* Path to a file under the source tree, and under ../shared; the latter
 * returns NULL when ../shared is absent (tests then skip with exit 77). */
const char *fp_check_src(const char *rel);
const char *fp_check_shared(const char *rel);

#endif
