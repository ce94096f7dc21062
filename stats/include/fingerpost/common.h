/* fingerpost/common.h -- status codes, version (fingerpost/version.h) and
 * shared small types.
 * Part of the public contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_COMMON_H
#define FINGERPOST_COMMON_H

#include <stddef.h>

#include "fingerpost/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FP_BUILDING_LIBRARY)
#define FP_API __attribute__((visibility("default")))
#else
#define FP_API
#endif

/* The version of the statistical methods. It changes whenever any published
 * number could change for the same input, and is printed in every output so a
 * result can be traced to the methods that made it. */
#define FP_METHODS_VERSION "fingerpost-methods-1"

/* Status codes. Every public function that can fail returns one of these. */
enum fp_status_code {
    FP_OK = 0,        /* success */
    FP_EINVAL = 1,    /* an argument is invalid (NULL pointer, bad option) */
    FP_EDOM = 2,      /* an input is outside the domain (negative count,
                         numerator above denominator for a proportion) */
    FP_ENOMEM = 3,    /* memory allocation failed */
    FP_ENODATA = 4,   /* not enough data to compute the result */
    FP_EZERODIV = 5,  /* zero or missing denominator */
    FP_ENOTFOUND = 6, /* a lookup found nothing */
    FP_EFORMAT = 7,   /* a text could not be parsed */
    FP_ENOCONV = 8,   /* an iterative method did not converge */
    FP_ERANGE = 9     /* a result is outside the representable range */
};

/* A short, static, English description of a status code ("numerator above
 * denominator"). Never NULL; unknown codes give "unknown error". */
FP_API const char *fp_strerror(int status);

/* The version of the library the program runs with, e.g. "0.2.0": the same
 * as FP_VERSION_STRING (fingerpost/version.h) of the header it was compiled
 * with unless a different shared library is loaded at run time. Never fails;
 * the text is static. */
FP_API const char *fp_version(void);

/* The same as a number, FP_VERSION_NUMBER of the library that runs (major *
 * 10000 + minor * 100 + patch), as sqlite3_libversion_number. Never fails. */
FP_API int fp_version_number(void);

/* Round x to dp decimal places, half away from zero (as for display in
 * Fingertips and LAIT; note Excel's ROUND does the same, R's round() does not).
 * dp may be negative. NaN and infinities are returned unchanged. The rounding
 * corrects for binary representation: 2.675 rounds to 2.68. Cannot fail. */
FP_API double fp_round_half_away(double x, int dp);

/* The longest text fp_format_fixed writes, with its NUL. */
#define FP_FORMAT_FIXED_MAX 40

/* x rounded half away from zero (fp_round_half_away) to dp decimal places,
 * 0 <= dp <= 15 (clamped), as text in buf (size bytes): "%.*f", never "-0".
 * A number of magnitude 1e15 or more, where decimal places are below the
 * precision of a double, is written with 15 significant digits in exponent
 * form ("1e+200", not 201 digits), so the text never needs more than
 * FP_FORMAT_FIXED_MAX bytes and is never cut in a buffer that size. NaN and
 * infinities give "nan", "inf", "-inf". Returns the length of the text
 * (as snprintf: the text is cut only when size is smaller). No I/O. */
FP_API int fp_format_fixed(char *buf, size_t size, double x, int dp);

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_COMMON_H */
