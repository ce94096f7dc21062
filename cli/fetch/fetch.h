/* fetch.h -- downloads for `fingerpost fetch`: one HTTP GET through libcurl
 * into a cache with provenance (cli/fetch/fetch.c), and the copy of a
 * cached body into the output folder.
 *
 * The cache (default $XDG_CACHE_HOME/fingerpost, else ~/.cache/fingerpost):
 *   objects/HASH   every body ever downloaded (and every file made from
 *                  downloads: fpf_keep), named by its 64-bit FNV-1a
 *                  hash (16 hex digits) -- the same hash fingerpost prints
 *                  in every data version ("NAME.csv#HASH"), so the version
 *                  in an output names the cached bytes it was computed from;
 *   urls/KEY       the latest download of one URL (KEY the hash of the URL):
 *                  key=value lines url, fetched, etag, last_modified, hash,
 *                  bytes, content_type;
 *   log.tsv        one line per request: time, how (downloaded,
 *                  not-modified, offline), URL, hash, bytes, ETag,
 *                  Last-Modified.
 * Every file is written to a temporary name in its folder and renamed when
 * complete, so a cache entry is never partial. This module does no option
 * parsing and prints only "fingerpost: fetch: URL: why" errors and the
 * progress line (on a terminal). */
#ifndef FP_CLI_FETCH_H
#define FP_CLI_FETCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct fpf_opts {
    const char *cache;          /* cache folder (fpf_cache_default when NULL) */
    int refresh;                /* download again, ignoring the validators */
    int offline;                /* never touch the network: cache only */
    double timeout;             /* seconds to connect, and without receiving a byte */
    int retries;                /* further attempts after a failed one */
    double retry_wait;          /* seconds before the first retry (doubles each time) */
    uint64_t max_bytes;         /* refuse bodies larger than this */
} fpf_opts;

/* What is known of one download. Strings are owned (fpf_entry_free). */
typedef struct fpf_entry {
    char *url, *fetched, *etag, *last_modified, *content_type;
    char *object;               /* path of the body in the cache */
    uint64_t hash, bytes;
    const char *how;            /* "downloaded", "not-modified" or "offline" */
} fpf_entry;

void fpf_opts_init(fpf_opts *o);
void fpf_entry_free(fpf_entry *e);

/* Nonzero when this fingerpost was built with libcurl. */
int fpf_available(void);

/* The default cache folder, newly allocated: $XDG_CACHE_HOME/fingerpost,
 * else $HOME/.cache/fingerpost; NULL when neither variable is set. */
char *fpf_cache_default(void);

/* Make the body of url available in the cache and describe it in *e:
 * downloaded (or confirmed unchanged by a conditional request), or with
 * o->offline taken from the cache alone. kind says what the body must be:
 * "csv" or "json" (an HTML page or an empty body is refused for both).
 * Returns 0, or 1 after printing "fingerpost: fetch: URL: why". */
int fpf_get(const fpf_opts *o, const char *url, const char *kind, fpf_entry *e);

/* Copy the cached body of e to path atomically (temporary file + rename).
 * 0 ok, 1 error (message printed, nothing left at path). */
int fpf_install(const fpf_entry *e, const char *path);

/* Keep a file made from downloads (an area overlay, EES definitions) in the
 * cache as objects/HASH too, so every data version an output prints names
 * bytes the cache holds. hash is the file's (fpf_hash_file). 0 ok, 1 error
 * (message printed). */
int fpf_keep(const fpf_opts *o, const char *text, size_t len, uint64_t hash);

/* mkdir -p path (mode 0755). 0 ok, -1 with errno set. */
int fpf_mkdirs(const char *path);

/* The 64-bit FNV-1a hash fingerpost's CSV reader computes over a file
 * (8-byte words within 1 MiB blocks). 0 ok, -1 cannot read. */
int fpf_hash_file(const char *path, uint64_t *hash, uint64_t *bytes);

#endif
