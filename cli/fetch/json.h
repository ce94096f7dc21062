/* json.h -- a small JSON reader for the API responses `fingerpost fetch`
 * turns into files (cli/fetch/json.c): the Fingertips area lists and
 * parent-to-child mappings, and the EES data set metadata. RFC 8259: the
 * whole text is parsed into a tree; strings are decoded to UTF-8 (\uXXXX
 * escapes and surrogate pairs included); numbers are kept as doubles.
 * Nesting is limited (FPJ_MAX_DEPTH) so a hostile body cannot exhaust the
 * stack. No I/O and no printing. */
#ifndef FP_CLI_FETCH_JSON_H
#define FP_CLI_FETCH_JSON_H

#include <stddef.h>

#define FPJ_MAX_DEPTH 64

typedef enum fpj_type { FPJ_NULL, FPJ_BOOL, FPJ_NUMBER, FPJ_STRING, FPJ_ARRAY, FPJ_OBJECT } fpj_type;

/* One value. An array's items and an object's members are kids[0..n-1];
 * an object's member names are keys[0..n-1] (NULL for an array). */
typedef struct fpj {
    fpj_type type;
    int boolean;
    double number;
    char *str;                  /* FPJ_STRING: the decoded text */
    struct fpj **kids;
    char **keys;
    size_t n;
    size_t cap;                 /* room in kids (and keys) */
} fpj;

/* Parse len bytes of text into *out (the caller frees it with fpj_free).
 * 0 ok; -1 malformed, with "byte N: why" written to err (errn bytes). */
int fpj_parse(const char *text, size_t len, fpj **out, char *err, size_t errn);
void fpj_free(fpj *v);

/* The member named key of an object (the first), or NULL (also when v is
 * not an object, or NULL). */
const fpj *fpj_get(const fpj *v, const char *key);
/* The text of a string value, or NULL when v is not a string. */
const char *fpj_str(const fpj *v);

#endif
