/* main.c -- the fingerpost command-line driver: dispatches to subcommands.
 * Kept thin on purpose (after GNU datamash): each subcommand lives in its own
 * cmd_*.c and uses only libfingerpost's public header for statistics. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

struct command {
    const char *name;
    fpc_command_fn fn;
    const char *summary;
};

static const struct command commands[] = {
    { "validate",   fpc_cmd_validate,   "check data files and report every problem" },
    { "indicators", fpc_cmd_indicators, "list and search the indicators in the data" },
    { "areas",      fpc_cmd_areas,      "list and search the areas in the data" },
    { "rates",      fpc_cmd_rates,      "rates, proportions, means and DSRs with confidence intervals" },
    { "compare",    fpc_cmd_compare,    "compare an area with England, its region and neighbours" },
    { "neighbours", fpc_cmd_neighbours, "compute nearest neighbours from area characteristics" },
    { "trend",      fpc_cmd_trend,      "trend tests, SPC and projections for each series" },
    { "inequality", fpc_cmd_inequality, "SII and RII of deprivation decile/quintile breakdowns" },
    { "chart",      fpc_cmd_chart,      "draw charts with gnuplot (trend, compare, spine, spc, funnel)" },
    { "report",     fpc_cmd_report,     "the scorecard report (HTML, CSV, Markdown, charts)" },
    { "fetch",      fpc_cmd_fetch,      "download Fingertips or EES data with its metadata (cached)" },
};

static void usage(FILE *fp)
{
    fprintf(fp,
        "Usage: fingerpost COMMAND [OPTION]... [FILE]...\n"
        "Where a local authority stands: significance against England, region and\n"
        "statistical neighbours, trends, SPC, targets, charts and scorecards.\n\n"
        "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(fp, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp,
        "\nRun 'fingerpost COMMAND --help' for a command's options.\n"
        "With no command, 'fingerpost report' runs on the shipped demo data.\n\n"
        "Options:\n"
        "  -h, --help     show this help and exit\n"
        "  -V, --version  show version, methods version and exit\n\n"
        "Every command also takes:\n"
        "  --quiet        no warnings about the data (errors are still shown)\n"
        "  --verbose      every warning; by default the first of each kind per file\n"
        "                 is shown, then one line with the count of the rest\n\n"
        "Exit status: 0 success, 1 data error, 2 usage error.\n"
        "Report bugs through the project's issue tracker.\n");
}

/* --quiet and --verbose go with every command (how many warnings are
 * shown, fpc_verbosity): taken out of the command's arguments here, up to a
 * "--" that ends the options; the last one given wins. */
static void take_verbosity(int *argc, char **argv)
{
    int k = 2;
    for (int i = 2; i < *argc; i++) {
        if (!strcmp(argv[i], "--")) {
            while (i < *argc) argv[k++] = argv[i++];
            break;
        }
        if (!strcmp(argv[i], "--quiet")) { fpc_verbosity = -1; continue; }
        if (!strcmp(argv[i], "--verbose")) { fpc_verbosity = 1; continue; }
        argv[k++] = argv[i];
    }
    argv[k] = NULL;
    *argc = k;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; the library reports through status codes. */
    gsl_set_error_handler_off();
    /* SIGINT and SIGTERM remove temporary files and kill the gnuplot
     * processes started, then exit with 128 + the signal (plots/cleanup.c). */
    fpp_cleanup_install();

    if (argc < 2) {
        char *def[] = { "report", NULL };
        return fpc_cmd_report(1, def);
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return FPC_EXIT_OK;
    }
    if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
        printf("fingerpost %s (library %s, methods %s)\n"
               "Copyright (C) 2026 the fingerpost authors.\n"
               "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n",
               FP_VERSION_STRING, fp_version(), FP_METHODS_VERSION);
        return FPC_EXIT_OK;
    }
    take_verbosity(&argc, argv);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            if (fflush(stdout) != 0 || ferror(stdout)) {
                fpc_error(NULL, 0, 0, "write error on standard output");
                return rc ? rc : FPC_EXIT_DATA;
            }
            return rc;
        }
    fprintf(stderr, "fingerpost: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return FPC_EXIT_USAGE;
}
