/* regions.c -- the names of England's regions. Publishers name the same
 * region differently: LAIT's LA rows say "Inner London" and "Yorkshire and
 * The Humber" where its region areas are "London (Inner)" and "Yorkshire
 * and the Humber"; Fingertips says "London region". Every reader and the
 * area identity (areas.c) map them to LAIT's region-area names here. */
#include "read_internal.h"

#include <string.h>

const char *fpc_region_canonical(const char *text)
{
    static const struct { const char *alias, *name; } map[] = {
        { "north east", "North East" }, { "north west", "North West" },
        { "yorkshire and the humber", "Yorkshire and the Humber" },
        { "yorkshire and humber", "Yorkshire and the Humber" },
        { "yorkshire & the humber", "Yorkshire and the Humber" },
        { "yorkshire & humber", "Yorkshire and the Humber" },
        { "east midlands", "East Midlands" }, { "west midlands", "West Midlands" },
        { "east of england", "East of England" }, { "east", "East of England" },
        { "eastern", "East of England" },
        { "london", "London" },
        { "inner london", "London (Inner)" }, { "london (inner)", "London (Inner)" },
        { "outer london", "London (Outer)" }, { "london (outer)", "London (Outer)" },
        { "south east", "South East" }, { "south west", "South West" },
    };
    char buf[128];
    if (!text) return NULL;
    fpc__header_norm(text, buf, sizeof buf);
    size_t n = strlen(buf);
    /* Fingertips names regions "London region", "North West region". */
    if (n > 7 && strcmp(buf + n - 7, " region") == 0) buf[n - 7] = '\0';
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(buf, map[i].alias) == 0) return map[i].name;
    return NULL;
}
