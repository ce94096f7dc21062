/* areas_overlay.h -- area overlays: files that keep the area identity
 * current without editing datasets/areas.csv (cli/io/areas_overlay.c).
 *
 * An overlay has the columns ons_code, name, short_name, type, region,
 * parent_code, parent_name, area_type_id (the last marks it); `fingerpost
 * fetch` writes them: NAME.areas.csv beside a Fingertips file (its areas
 * and their parents) and lookups.areas.csv (`fetch lookups`). The loader
 * applies them on top of the identity files (docs/data-formats.md, "Area
 * overlays", says the precedence): per row, a code the identity knows gets
 * the row's name as another name and the row's region; a known name with a
 * new code gets the code (its old one kept as a former code); anything
 * else is a new area. A row whose code is one area's and whose name is
 * another's, or a new code for an area that was abolished, is an error
 * naming both lines, and is not used. */
#ifndef FP_CLI_IO_AREAS_OVERLAY_H
#define FP_CLI_IO_AREAS_OVERLAY_H

#include "ingest.h"

/* What one overlay did to the identity. */
typedef struct fpc_overlay_counts {
    size_t areas, codes, names, regions_set, regions_changed, conflicts;
} fpc_overlay_counts;

/* Nonzero when path is an area overlay (its header has ons_code and
 * area_type_id and no la_number). */
int fpc_areas_is_overlay(const char *path);

/* Apply the overlay at path to *areas (allocated when NULL). verbose: each
 * addition and change is a warning of its own; otherwise one summary
 * warning. Conflicts are errors. *counts (may be NULL) gets the tally.
 * 0 ok (conflicts included), FPC_EXIT_DATA when the file is unusable. */
int fpc_areas_overlay(fpc_areas **areas, const char *path, int verbose, fpc_diags *d,
                      fpc_overlay_counts *counts);

/* The overlays that go with a list of input files, applied in this order
 * on top of *areas: overlays named in the list, lookups.areas.csv in the
 * folder of each data file, then each data file's NAME.areas.csv (so the
 * most specific comes last and wins). Each file once. 0 ok, FPC_EXIT_DATA
 * when one is unusable. */
int fpc_areas_overlays_for(fpc_areas **areas, char **list, const fpc_format *fmts, size_t n,
                           fpc_diags *d);

/* The EES indicator definitions fetch writes beside an EES file
 * (NAME.indicators.csv), read into o for each EES file in the list that no
 * definition names as its source yet; their source becomes the data
 * file's base name. 0 ok, FPC_EXIT_DATA when one is unusable. */
int fpc_ees_defs_for(fpc_read_opts *o, char **list, const fpc_format *fmts, size_t n,
                     fpc_diags *d);

/* After a data file at path (of format fmt) is read into ds: add the
 * files read beside it (lookups.areas.csv, NAME.areas.csv, an EES file's
 * NAME.indicators.csv) to the data version, each once, as "NAME#HASH". */
void fpc_sidecar_versions(fp_dataset *ds, const char *path, fpc_format fmt);

/* Internals shared with areas.c (which owns the records). */
fpc_areas *fpc__areas_new(void);   /* an empty identity (aborts on OOM) */
const fpc_area_id *fpc__areas_add(fpc_areas *a, const fpc_area_id *src);
void fpc__areas_add_name(fpc_areas *a, const fpc_area_id *id, const char *name);
void fpc__areas_set_code(fpc_areas *a, const fpc_area_id *id, const char *code);
void fpc__areas_set_region(fpc_areas *a, const fpc_area_id *id, const char *region);

#endif
