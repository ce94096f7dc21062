/* fuzz_json.c -- libFuzzer harness for the JSON reader of `fingerpost fetch`
 * and the two generators fed by it (cli/fetch/json.c, derive.c): the input
 * is parsed; when it parses, it is given to the EES definitions generator as
 * a data set's /meta and to the overlay generator as every part of an area
 * hierarchy (areas, parents, regions and both mappings). Errors are
 * expected; a crash, leak or sanitizer report is a bug. */
#include "json.h"
#include "derive.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fpj *v = NULL;
    char why[128];
    if (fpj_parse((const char *)data, size, &v, why, sizeof why) != 0) return 0;
    char *text = NULL;
    size_t len, rows;
    const char *note;
    if (fpf_ees_defs_csv(v, "x.csv", &text, &len, &rows, &note, why, sizeof why) == 0) free(text);
    fpf_hierarchy h = { "502", v, "6", v, v, v, v };
    if (fpf_hierarchy_csv(&h, 1, &text, &len, &rows, why, sizeof why) == 0) free(text);
    fpj_free(v);
    return 0;
}
