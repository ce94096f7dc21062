/* help.h -- the --help text of every command, one file each in cli/help/
 * (help_NAME.c), printed by the command's help() with fputs. The text is
 * data, not code: a command's file keeps its options and their handling.
 * fetch's is cli/fetch/fetch_help.c (fetch_jobs.h), with its library. */
#ifndef FP_CLI_HELP_H
#define FP_CLI_HELP_H

extern const char fpc_help_validate[];
extern const char fpc_help_indicators[];
extern const char fpc_help_areas[];
extern const char fpc_help_rates[];
extern const char fpc_help_compare[];
extern const char fpc_help_neighbours[];
extern const char fpc_help_trend[];
extern const char fpc_help_inequality[];
extern const char fpc_help_chart[];
extern const char fpc_help_report[];

#endif /* FP_CLI_HELP_H */
