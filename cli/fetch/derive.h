/* derive.h -- files `fingerpost fetch` makes from the JSON the APIs serve
 * (cli/fetch/derive.c), written beside the data and read by the loader:
 *
 *   NAME.areas.csv        an area overlay (docs/data-formats.md, "Area
 *                         overlays"): the Fingertips areas of the fetched
 *                         area type with their region and parent, from
 *                         /api/areas/by_area_type and
 *                         /api/parent_to_child_areas;
 *   NAME.indicators.csv   indicator definitions for an EES data file (the
 *                         format of datasets/ees_indicators.csv), from the
 *                         data set's /meta.
 *
 * Both return the whole file as text (the caller frees *text), or -1 with
 * why (n bytes) saying what in the JSON was not as the API documents it. No
 * I/O and no printing. */
#ifndef FP_CLI_FETCH_DERIVE_H
#define FP_CLI_FETCH_DERIVE_H

#include "json.h"

#include <stddef.h>

/* One area type's part of an overlay: the areas of type_id (the JSON array
 * of {Code, Name, Short, AreaTypeId} objects /api/areas/by_area_type
 * serves), and for each the parent from a parent_to_child_areas mapping
 * (an object: parent code -> array of child codes) of parent type
 * parent_type_id, whose areas (names) are parents. regions and to_region
 * are the regions (area type 6) and the child-to-region mapping; when the
 * parent type is 6 they may be the same as parents/to_parent. */
typedef struct fpf_hierarchy {
    const char *type_id;
    const fpj *areas;
    const char *parent_type_id;
    const fpj *parents, *to_parent;
    const fpj *regions, *to_region;
} fpf_hierarchy;

/* The overlay CSV of n hierarchies (lookups may fetch several area types;
 * an area in more than one is written once, from the first). Columns:
 * ons_code, name, short_name, type, region, parent_code, parent_name,
 * area_type_id. The regions come first (type "region"). *n_areas counts
 * the rows. 0 ok, -1 (why). */
int fpf_hierarchy_csv(const fpf_hierarchy *h, size_t n, char **text, size_t *len,
                      size_t *n_areas, char *why, size_t whyn);

/* Indicator definitions for the EES data file named source (its base name)
 * from the data set's metadata: one per indicator, each filter pinned to
 * its aggregate option ("Total", isAggregate); a filter without one gives
 * one definition per option (code COLUMN/OPTION), up to 200 definitions in
 * all (beyond that such filters are left unpinned and *note says so).
 * Units: "%" and "pp" (as "percentage points") are kept; any other (£, £m)
 * is not a unit fingerpost compares by, so it is left empty and shown in
 * the name ("Spend per pupil [£]"). Polarity is left empty (EES publishes
 * none).
 * *n_defs counts the rows; *note (may be NULL) is static text. */
int fpf_ees_defs_csv(const fpj *meta, const char *source, char **text, size_t *len,
                     size_t *n_defs, const char **note, char *why, size_t whyn);

#endif
