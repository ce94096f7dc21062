/* series.h -- an area's series and its projection (series.c). Part of the
 * CLI's shared helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_SERIES_H
#define FP_CLI_SERIES_H

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

/* ------------------------------------ series and projection (series.c) */

/* "linear" or "loglinear"/"log-linear". 0 ok, -1 unknown. */
int fpc_projection_parse(const char *s, fp_projection_model *m);

#endif /* FP_CLI_SERIES_H */
