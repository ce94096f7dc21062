/* help_indicators.c -- the text of `fingerpost indicators --help` (printed by
 * cmd_indicators.c; docs/fingerpost.1 is its long form). */
#include "cli.h"
#include "help.h"

const char fpc_help_indicators[] =
    "Usage: fingerpost indicators [OPTION]... [DATA]...\n"
    "List the indicators in DATA (the shipped demo data when none is given): code,\n"
    "name, unit, polarity, the periods with a value and how many areas have one.\n"
    "Use the code (or the whole name) with --indicator in the other commands.\n"
    "\n"
    "Options:\n"
    "  -s, --search WORDS      only indicators whose code, name, unit, definition\n"
    "                          or source contains every word (any case)\n"
    "  -f, --format FMT        csv (default), tsv, md, json or xlsx (a workbook)\n"
    "  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
    FPC_TABLE_OPTS_HELP
    "  -h, --help              show this help and exit\n"
    "\n"
    "Columns (the default set is marked *): indicator*, name*, unit*, polarity*,\n"
    "dps (decimal places, empty when unknown), first_period*, last_period*,\n"
    "n_periods* (periods with a value), n_areas* (areas with a value in any\n"
    "period), latest_areas (areas with a value in the last period), definition,\n"
    "source*; and methods_version, data_version.\n"
    "\n"
    "Examples:\n"
    "  fingerpost indicators --search \"looked after\"\n"
    "  fingerpost indicators -f md --columns indicator,name,last_period\n"
    "\n"
    "Exit status: 0 success (a search with no match says so on standard error),\n"
    "1 data error, 2 usage error.\n";
