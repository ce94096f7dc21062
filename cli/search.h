/* search.h -- what the listing commands share (search.c): --search,
 * loading with the data's problems shown. Part of the CLI's shared
 * helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_SEARCH_H
#define FP_CLI_SEARCH_H

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
#include "suggest.h"
#include "options.h"
#include "series.h"
#include "counts.h"
#include "prepare.h"
#include "wide.h"
#include "commands.h"

/* ---------------------------------------- listing helpers (search.c) */

/* The words of a --search value (split at spaces and tabs; NULL gives
 * none), as a NULL-terminated array for fpc_free_strv. */
char **fpc_search_words(const char *search, size_t *n);
/* Nonzero when every word occurs, ignoring ASCII case, in at least one of
 * the fields (NULL fields are skipped); no words match everything. */
int fpc_search_match(char *const *words, size_t n_words, const char *const *fields, size_t n_fields);
/* Warn that a --search of the n_words words found nothing ("no WHAT
 * matches ..."), naming each word that no text contains with the nearest
 * words of the texts (fpc_suggest over their words). */
void fpc_search_none(const char *what, const char *search, char *const *words, size_t n_words,
                     const char *const *texts, size_t n_texts);
struct fpc_inputs;
/* fpc_inputs_load with the data's problems printed as they are found
 * (errors always, warnings as fpc_verbosity says, their summary lines
 * before it returns): what the listing commands and trend need. diags is
 * initialised here; free both in and diags. 0 ok, FPC_EXIT_DATA when the
 * data could not be read. */
struct fpc_read_opts;
int fpc_load_quiet(struct fpc_inputs *in, char **paths, size_t n_paths,
                   const struct fpc_read_opts *ropts, fpc_diags *diags);
/* fpc_load_quiet with the default reading options for the listing commands
 * (areas, indicators, inequality): on failure in and diags are freed here and
 * FPC_EXIT_DATA is returned; on success (0) the caller frees both. */
int fpc_load_listing(struct fpc_inputs *in, char **paths, size_t n_paths, fpc_diags *diags);
/* What `areas` lists of each area a of ds: (*n_ind)[a] the indicators with
 * a value (observations are sorted by indicator, area, period, so an
 * (indicator, area) run counts once), and (*ons)[a] its ONS (GSS) code --
 * its key when that is one, else the first alias that is one (the identity
 * gives the current ONS code first), or NULL. Caller frees both arrays. */
void fpc_area_facts(const fp_dataset *ds, size_t **n_ind, const char ***ons);

#endif /* FP_CLI_SEARCH_H */
