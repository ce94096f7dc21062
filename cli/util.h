/* util.h -- small helpers (util.c): memory, strings, numbers, files. Part
 * of the CLI's shared helpers (cli.h includes every one); names start
 * with fpc_. */
#ifndef FP_CLI_UTIL_H
#define FP_CLI_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"
#include "out.h"
#include "table.h"
#include "safe_text.h"

/* ------------------------------------------------------------- helpers */

char *fpc_strdup(const char *s);            /* aborts the program on OOM */
void *fpc_xmalloc(size_t n);
void *fpc_xrealloc(void *p, size_t n);
/* Parse a whole string as a double (leading/trailing spaces allowed, "1,234"
 * thousands separators allowed when `thousands` is nonzero). 0 ok, -1 not a number. */
int fpc_parse_double(const char *s, int thousands, double *out);
/* FNV-1a (64-bit) of a NUL-terminated string: the key hash of the CLI's
 * small hash tables and caches. */
uint64_t fpc_hash_str(const char *s);
/* Split "a,b,c" into a NULL-terminated array of fresh strings. */
char **fpc_split(const char *s, char sep, size_t *n);
void fpc_free_strv(char **v);

#endif /* FP_CLI_UTIL_H */
