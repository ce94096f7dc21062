/* data_internal.h -- what the files of the data model share (not part of
 * the public contract): string helpers and the string-keyed hash map
 * (data_strings.c), and the private state of a dataset (data.c) that the
 * index (data_index.c) and the observation texts (data_texts.c) read. */
#ifndef FP_DATA_INTERNAL_H
#define FP_DATA_INTERNAL_H

#include "fp_internal.h"

#include <stdint.h>

/* ------------------------------------------------------------ strings */

/* c lower-cased when an ASCII capital (locale-free tolower). */
int fp__lower_ascii(int c);
/* ASCII case-insensitive equality of two NUL-terminated strings. */
int fp__eq_ci(const char *a, const char *b);
/* Trimmed view [*s, *e) of a string: spaces, tabs, CR and LF removed. */
void fp__trim_view(const char *text, const char **s, const char **e);
/* Case-insensitive comparison of the view [s, e) with a literal. */
int fp__view_is(const char *s, const char *e, const char *lit);
/* Case-insensitive search for a literal inside the view. */
const char *fp__view_find(const char *s, const char *e, const char *lit);
/* A malloc'd copy of s ("" for NULL); NULL when out of memory. */
char *fp__dup_str(const char *s);
/* Replace *dst by a copy of src; FP_ENOMEM leaves *dst unchanged. */
int fp__set_str(char **dst, const char *src);
/* Grow an array to hold at least need elements. */
int fp__grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ------------------------------------------------------- string maps */

/* An open-addressing hash table from a string key to an index. The keys are
 * not stored: the table holds index + 1 per slot and a key callback gives the
 * key of an index, so strings live only in the dataset. */
typedef const char *(*key_fn)(const void *owner, size_t index, int which);

typedef struct strmap {
    size_t *slots;     /* index + 1; 0 is empty */
    uint64_t *hashes;  /* hash per slot, to skip most string compares */
    size_t cap, n;
    int ci;            /* case-insensitive keys */
    int which;         /* passed to the key callback */
} strmap;

/* FNV-1a, 64 bit; lower-cased for case-insensitive maps. */
uint64_t fp__hash_str(const char *s, int ci);
/* fp__hash_str(ci = 1) of the characters [s, e), for keys that are views into
 * a longer string (trimmed area names). */
uint64_t fp__hash_view_ci(const char *s, const char *e);
/* Free the table and zero it (the keys belong to the owner). */
void fp__strmap_free(strmap *m);
/* Look key up: returns FP_OK and *index, or FP_ENOTFOUND. */
int fp__strmap_get(const strmap *m, const void *owner, key_fn key, const char *k,
                   size_t *index);
/* Put slot value v (index + 1) with hash h in the first free slot. */
void fp__strmap_place(strmap *m, uint64_t h, size_t v);
/* Make room for one more key: double the table (64 slots at first) once it
 * would pass 70% full. Growth only moves the stored hashes, so it serves
 * every map whatever its keys. 0 ok, -1 out of memory (the map unchanged). */
int fp__strmap_make_room(strmap *m);
/* Insert key -> index unless the key is already present (first wins). */
int fp__strmap_put(strmap *m, const void *owner, key_fn key, const char *k, size_t index);

/* ------------------------------------------------------------- datasets */

enum { KEY_IND_CODE, KEY_AREA_CODE, KEY_AREA_OLD, KEY_AREA_NAME, KEY_PERIOD, KEY_EXTRA,
       KEY_PERIOD_CANON };

/* A name given to an area with fp_dataset_area_alias. */
typedef struct extra_alias {
    char *text;          /* trimmed */
    size_t area;
} extra_alias;

typedef struct ds_priv {
    strmap ind_code, area_code, area_alias, period_label;
    strmap period_canon; /* canonical form (period_key) -> period */
    char **canon;        /* per period: its canonical form */
    strmap extra;        /* case-insensitive: alias text -> index into aliases */
    extra_alias *aliases; size_t n_aliases, cap_aliases;
    size_t cap_ind, cap_area, cap_period, cap_obs, cap_extra;
    /* Some area lost a name or old code it had (renamed): an alias another
     * area could not take while it held it may now be unreachable through
     * the alias map, so fp_dataset_find_area falls back to a scan. */
    int lost_alias;
    /* Built by fp_dataset_index. */
    int indexed;
    size_t *prank;       /* rank of each period in time order */
    size_t *ind_start;   /* n_indicators + 1 offsets into obs */
    /* Methodology breaks: indicator code, first period of the new series,
     * reason (fp_dataset_add_break). */
    char **brk_code, **brk_reason;
    fp_period *brk_first;
    size_t n_brk;
    /* Observation texts (fp_dataset_obs_text_set): entries, and an
     * open-addressing table of entry index + 1 by (kind, indicator, area,
     * period). */
    struct obs_text *texts; size_t n_texts, cap_texts;
    size_t *text_slots; size_t text_cap;
} ds_priv;

typedef struct obs_text {
    uint32_t indicator, area, period;   /* period UINT32_MAX: the latest code */
    uint32_t kind;
    uint32_t from;                      /* the "latest code" entry: its period */
    char *text;                         /* NULL once removed */
} obs_text;

#endif
