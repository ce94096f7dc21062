/* fingerpost/version.h -- the library's version, in one place.
 * Part of the public contract of libfingerpost (see fingerpost.h).
 *
 * This is the only place the version is written: CMakeLists.txt reads the
 * three FP_VERSION_MAJOR/MINOR/PATCH lines below (file(STRINGS) and a regular
 * expression, so keep each one `#define NAME NUMBER` on its own line) for the
 * project version, the shared library's VERSION/SOVERSION and fingerpost.pc;
 * FP_VERSION_STRING and FP_VERSION_NUMBER are made from them. To release,
 * change these lines and the version in docs/fingerpost.1's .TH line (the
 * unit test test_common checks they agree). */
#ifndef FINGERPOST_VERSION_H
#define FINGERPOST_VERSION_H

#define FP_VERSION_MAJOR 0
#define FP_VERSION_MINOR 2
#define FP_VERSION_PATCH 0

/* The version as one integer that grows with every release, for compile-time
 * tests such as `#if FP_VERSION_NUMBER >= 300` (0.3.0 or later): major *
 * 10000 + minor * 100 + patch, as SQLITE_VERSION_NUMBER. Minor and patch stay
 * below 100. */
#define FP_VERSION_NUMBER \
    (FP_VERSION_MAJOR * 10000 + FP_VERSION_MINOR * 100 + FP_VERSION_PATCH)

#define FP_VERSION_STR_(x) #x
#define FP_VERSION_XSTR_(x) FP_VERSION_STR_(x)
/* The version as text, "MAJOR.MINOR.PATCH" (e.g. "0.2.0"). */
#define FP_VERSION_STRING FP_VERSION_XSTR_(FP_VERSION_MAJOR) "." \
    FP_VERSION_XSTR_(FP_VERSION_MINOR) "." FP_VERSION_XSTR_(FP_VERSION_PATCH)

#endif /* FINGERPOST_VERSION_H */
