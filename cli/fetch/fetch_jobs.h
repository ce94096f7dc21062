/* fetch_jobs.h -- what `fingerpost fetch` downloads: the options
 * (parsed by cmd_fetch.c), the files to fetch with their URLs (as
 * fingertipsR and eesyapi build them; cmd_fetch.c says which endpoints) and
 * the provenance written beside them. Names start with fpf_ as fetch.h's. */
#ifndef FP_CLI_FETCH_JOBS_H
#define FP_CLI_FETCH_JOBS_H

#include <stddef.h>
#include "fetch.h"

#define FT_BASE "https://fingertips.phe.org.uk"
#define EES_BASE "https://api.education.gov.uk/statistics"

typedef struct fetch_args {
    const char *source, *out, *base;
    const char *indicators, *profile, *domain, *area_type, *parent;
    const char *data_set, *version;
    fpf_opts fo;
} fetch_args;

/* One file to fetch: its URL, what it must be, and its name in --out. */
typedef struct job {
    char *url, *name;
    const char *kind;
    fpf_entry e;
} job;

/* printf into a new string (caller frees). */
char *fpf_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The files of a's request (data, then its metadata) into jobs (room for
 * 2): their URLs and names in --out. Returns how many. */
size_t fpf_jobs(const fetch_args *a, job *jobs);
/* NAME.provenance.txt in out beside the data: one block per file of jobs.
 * 0 ok, 1 when it could not be written (reported). */
int fpf_write_provenance(const char *out, const job *jobs, size_t n);

#endif /* FP_CLI_FETCH_JOBS_H */
