/* cmd_chart.c -- `fingerpost chart` (under construction). */
#include "cli.h"

#include <string.h>

int fpc_cmd_chart(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("Usage: fingerpost chart [OPTION]... FILE...\n(not yet implemented)\n");
        return FPC_EXIT_OK;
    }
    return fpc_usage("chart", "not yet implemented");
}
