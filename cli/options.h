/* options.h -- the options several commands share (common_opts.c,
 * spc_opts.c). Part of the CLI's shared helpers (cli.h includes every
 * one); names start with fpc_. */
#ifndef FP_CLI_OPTIONS_H
#define FP_CLI_OPTIONS_H

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

/* ------------------------------------------- shared option handling */

/* Append an --area or --indicator option value, as given, to the array *v
 * of *n fresh strings, growing it (*v may be NULL at first); an empty value
 * is skipped. The value is not split here: names may contain commas ("rate
 * per 10,000", "Bristol, City of"), so fpc_select_areas and
 * fpc_select_indicators decide against the data (see there). The caller
 * frees each string and the array. */
void fpc_list_append(char ***v, size_t *n, const char *arg);

/* The areas a command works on: with all_las every local authority (areas of
 * kind FP_AREA_LA, names ignored), else each of the n_names names looked up by
 * fpc_find_area_any (so also as the area identity normalises names). A name
 * is first looked up whole; only when it is not an area and contains commas
 * is it taken as a list, and then only when
 * every non-empty piece is an area ("Sefton,Knowsley"), so "Bristol, City
 * of" is never split. A name not in the data is reported with fpc_error,
 * with "did you mean" (fpc_suggest), and skipped. *out (free it) receives
 * the indices in order, *n_out their count. Returns 0 when every name was
 * found, -1 otherwise. */
int fpc_select_areas(const fp_dataset *ds, const char *const *names, size_t n_names,
                     int all_las, size_t **out, size_t *n_out);

/* fp_dataset_find_area, then the same with the key normalised as the area
 * identity does ("Telford & Wrekin" -> "telford and wrekin", "St Helens"):
 * areas resolved through the identity carry their normalised names as
 * aliases. FP_OK or FP_ENOTFOUND. */
int fpc_find_area_any(const fp_dataset *ds, const char *key, size_t *index);

/* The indicators a command works on: every indicator when n_names is 0, else
 * each name looked up by fp_dataset_find_indicator (code, then name), with
 * commas treated as for fpc_select_areas ("LAC,CPP_rate" is two indicators,
 * "Children looked after rate per 10,000" one). Missing names are reported
 * with "did you mean" and skipped; *out, *n_out and the result as for
 * fpc_select_areas. */
int fpc_select_indicators(const fp_dataset *ds, const char *const *names, size_t n_names,
                          size_t **out, size_t *n_out);

/* Parse a confidence level given either as a fraction or as a percentage:
 * values of 1 or more are percentages ("95" and "0.95" both give 0.95,
 * "99.8" gives 0.998). 0 ok, -1 unless the level is strictly between 0
 * and 1 (0% and 100%). `rates -c` and `trend -c` share this rule. */
int fpc_parse_level(const char *s, double *level);
/* The one parser for whole-number options (--dp, --k, --threads, --jobs,
 * --width, ...): decimal digits only, in [min, max]. 0 with *out, else the
 * usage error "OPT wants a whole number from MIN to MAX, not 'ARG'" is
 * printed and FPC_EXIT_USAGE returned. */
/* The usage error for getopt_long's '?' (with opterr = 0): "unknown option
 * '--bogus'" or "option '--map' needs a value", from optopt, the
 * command's optstring and argv[optind - 1]. Returns FPC_EXIT_USAGE. */
int fpc_bad_option(const char *cmd, const char *optstring, char **argv);
int fpc_opt_whole(const char *cmd, const char *opt, const char *arg, long min, long max, long *out);
/* Checks made before any data are read (issue 22): an area, indicator or
 * model option given an empty value ("OPT wants a name or code, not an
 * empty one"), and a --period that is neither "latest" nor a period any
 * data could hold. 0, or FPC_EXIT_USAGE with the message printed. */
int fpc_opt_named(const char *cmd, const char *opt, const char *arg);
int fpc_opt_period(const char *cmd, const char *opt, const char *arg);

/* Parse the value of --chart-timeout (seconds one gnuplot process may run;
 * 0 for no limit) for command cmd into *timeout in fpp_render_opts' terms
 * (< 0 is no limit). Reports a usage error and returns FPC_EXIT_USAGE on a
 * value that is not a number from 0 to 1e6 seconds; 0 on success. */
int fpc_parse_chart_timeout(const char *cmd, const char *arg, double *timeout);

/* Find the shipped demo data directory: $FINGERPOST_DATA, then the source
 * tree's datasets/, then the installed share/fingerpost. NULL if none. */
const char *fpc_datadir(void);

#endif /* FP_CLI_OPTIONS_H */
