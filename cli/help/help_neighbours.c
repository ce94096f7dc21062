/* help_neighbours.c -- the text of `fingerpost neighbours --help` (printed by
 * cmd_neighbours.c; docs/fingerpost.1 is its long form). */
#include "cli.h"
#include "help.h"

const char fpc_help_neighbours[] =
    "Usage: fingerpost neighbours --k K [OPTION]... FILE\n"
    "Compute each area's K nearest neighbours from a CSV table of area\n"
    "characteristics (one row per area, a header row, numeric variables; FILE\n"
    "may be - for standard input).\n"
    "Variables are standardised to z-scores (mean 0, sample SD 1, as R's\n"
    "scale()), weighted, and compared by Euclidean distance; an area is never\n"
    "its own neighbour; equal distances are ordered by area code.\n\n"
    "Options:\n"
    "  -k, --k K             number of neighbours per area (required, >= 1)\n"
    "  -w, --weights W1,W2.. one weight per variable (default all 1)\n"
    "  -i, --id COL          the column naming the area (default: the first)\n"
    "  -v, --vars A,B,..     the variable columns (default: every other column)\n"
    "  -V, --version NAME    model version recorded in the output (default:\n"
    "                        \"knn-\" and the input file's base name)\n"
    "  -f, --format FMT      csv (default), tsv, md, json or xlsx (a workbook)\n"
    "  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
    FPC_TABLE_OPTS_HELP
    "  -h, --help            show this help and exit\n\n"
    "Output: area,neighbour,rank,distance (closest first), then the\n"
    "methods_version, data_version, neighbours_version and neighbours_model\n"
    "columns. The CSV can be given as it is to 'fingerpost compare' and\n"
    "'fingerpost report' as a neighbour model (it is recognised by its first\n"
    "two columns, area and neighbour; keep them first with --columns).\n"
    "Rows with a missing or non-numeric variable are reported and left out.\n\n"
    "Examples:\n"
    "  fingerpost neighbours --k 10 characteristics.csv > my_neighbours.csv\n"
    "  fingerpost neighbours --k 5 --id code --vars imd,fsm,pop --weights 2,1,1 chars.csv\n\n"
    "Exit status: 0 success, 1 data error, 2 usage error.\n";
