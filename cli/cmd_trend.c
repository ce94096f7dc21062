/* cmd_trend.c -- `fingerpost trend` (under construction). */
#include "cli.h"

#include <string.h>

int fpc_cmd_trend(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("Usage: fingerpost trend [OPTION]... FILE...\n(not yet implemented)\n");
        return FPC_EXIT_OK;
    }
    return fpc_usage("trend", "not yet implemented");
}
