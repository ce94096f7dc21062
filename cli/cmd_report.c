/* cmd_report.c -- `fingerpost report` (under construction). */
#include "cli.h"

#include <string.h>

int fpc_cmd_report(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("Usage: fingerpost report [OPTION]... FILE...\n(not yet implemented)\n");
        return FPC_EXIT_OK;
    }
    return fpc_usage("report", "not yet implemented");
}
