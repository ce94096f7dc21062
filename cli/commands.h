/* commands.h -- the subcommands, one fpc_cmd_NAME per
 * cli/commands/cmd_NAME.c. Part of the CLI's shared helpers (cli.h
 * includes every one); names start with fpc_. */
#ifndef FP_CLI_COMMANDS_H
#define FP_CLI_COMMANDS_H

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

/* ------------------------------------------------------------- commands */

typedef int (*fpc_command_fn)(int argc, char **argv);

int fpc_cmd_validate(int argc, char **argv);
int fpc_cmd_rates(int argc, char **argv);
int fpc_cmd_compare(int argc, char **argv);
int fpc_cmd_neighbours(int argc, char **argv);
int fpc_cmd_trend(int argc, char **argv);
int fpc_cmd_chart(int argc, char **argv);
int fpc_cmd_report(int argc, char **argv);
int fpc_cmd_indicators(int argc, char **argv);
int fpc_cmd_areas(int argc, char **argv);
int fpc_cmd_inequality(int argc, char **argv);
int fpc_cmd_fetch(int argc, char **argv);

#endif /* FP_CLI_COMMANDS_H */
