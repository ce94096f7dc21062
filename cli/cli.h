/* cli.h -- the CLI's shared helpers, one small header per module (each
 * can be included alone):
 *   msg.h        messages, exit statuses, the diagnostics list
 *   out.h        outputs written atomically
 *   table.h      the table writer (CSV, TSV, Markdown, JSON, XLSX)
 *   safe_text.h  text from data made safe (UTF-8, JSON, HTML, terminal)
 *   util.h       memory, strings, numbers, files
 *   suggest.h    "did you mean"
 *   options.h    options several commands share
 *   series.h     an area's series and its projection
 *   counts.h     counts derived from another indicator
 *   prepare.h    the data preparation of every analysis command
 *   wide.h       periods across (--wide)
 *   commands.h   fpc_cmd_NAME of every subcommand
 *   search.h     the listing commands' --search and loading
 * Names: fpc_ for what every part of the CLI shares (these headers,
 * cli/io/'s io header); a module folder's private names carry its own
 * prefix (rp_ cli/report/, ch_ cli/chart/, rt_ cli/rates/, tr_ cli/trend/,
 * cp_ cli/compare/, fpf_ cli/fetch/): docs/architecture.md, "Names". */
#ifndef FP_CLI_H
#define FP_CLI_H

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
#include "search.h"

#endif /* FP_CLI_H */
