/* suggest.h -- "did you mean" suggestions (suggest.c). Part of the CLI's
 * shared helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_SUGGEST_H
#define FP_CLI_SUGGEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"
#include "out.h"
#include "table.h"
#include "safe_text.h"
#include "util.h"

/* ------------------------------------------ did you mean (suggest.c) */

/* The nearest candidates to a key that was not found, for "did you mean".
 * Generic: feed it any candidate strings (codes, names, aliases) with the
 * text to show for each; comparison ignores case and punctuation, a key
 * that starts a word of a candidate is near ("Bristol" -> "Bristol, City
 * of"), else the edit distance (with transpositions) must be at most a third of the length
 * (see suggest.c). The shown strings are kept by pointer: they must outlive
 * the fpc_suggest. */
#define FPC_SUGGEST_MAX 3
typedef struct fpc_suggest {
    char *key;                            /* normalised key (owned) */
    const char *shown[FPC_SUGGEST_MAX];   /* best first */
    size_t score[FPC_SUGGEST_MAX];
    size_t n;
    char text[512];
} fpc_suggest;

void fpc_suggest_init(fpc_suggest *s, const char *key);
void fpc_suggest_add(fpc_suggest *s, const char *candidate, const char *shown);
/* Every area's name, code and old code, and every name the area identity
 * gave it (fp_dataset_area_alias: ONS code, former codes and names,
 * aliases), shown as its name. */
void fpc_suggest_areas(fpc_suggest *s, const fp_dataset *ds);
/* Every indicator's code and name, shown as its code. */
void fpc_suggest_indicators(fpc_suggest *s, const fp_dataset *ds);
/* "; did you mean 'A', 'B' or 'C'?" (to append to a message), or "" when
 * nothing is near. Valid until the next call or fpc_suggest_free. */
const char *fpc_suggest_text(fpc_suggest *s);
void fpc_suggest_free(fpc_suggest *s);

#endif /* FP_CLI_SUGGEST_H */
