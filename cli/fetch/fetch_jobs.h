/* fetch_jobs.h -- the downloads of one `fingerpost fetch` request (cli/fetch/
 * fetch_jobs.c): the options (parsed by cmd_fetch.c), the files to fetch,
 * what is made from them, their provenance. Names start with fpf_, as
 * fetch.h's. */
#ifndef FP_CLI_FETCH_JOBS_H
#define FP_CLI_FETCH_JOBS_H

#include <stddef.h>
#include <stdint.h>
#include "fetch.h"

#define FT_BASE "https://fingertips.phe.org.uk"
#define EES_BASE "https://api.education.gov.uk/statistics"

/* The options of one request (parsed by cmd_fetch.c). */
typedef struct fetch_args {
    const char *source, *out, *base;
    const char *indicators, *profile, *domain, *area_type, *parent;
    const char *data_set, *version;
    fpf_opts fo;
} fetch_args;

/* What a download is for. The area lists and mappings are not copied
 * into --out: the area overlay is made from them (cli/fetch/derive.c). */
typedef enum job_role {
    R_DATA, R_META, R_AREAS, R_PARENTS, R_TO_PARENT, R_REGIONS, R_TO_REGION
} job_role;

/* One file to fetch: its URL, what it must be, its role and area type,
 * and its name in --out (NULL when it stays in the cache). */
typedef struct job {
    char *url, *name;
    const char *kind;
    job_role role;
    const char *type_id;
    fpf_entry e;
} job;

#define MAX_JOBS 64

/* A file made from downloads (the area overlay, the EES definitions). */
typedef struct made {
    char *name, *text;
    size_t len;
    uint64_t hash, bytes;
} made;

/* ------------------------------------------------ fetch_jobs.c */

/* printf into a new string (caller frees). */
char *fpf_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The files of a Fingertips (or EES) request into jobs (room for
 * MAX_JOBS), *stem_out the base of their names (caller frees). Returns
 * how many. */
size_t fpf_fingertips_jobs(const fetch_args *a, job *jobs, char **stem_out);
/* `fetch lookups`: the area lists of each area type with their regions. */
size_t fpf_lookups_jobs(const fetch_args *a, job *jobs, char ***types_out);
size_t fpf_ees_jobs(const fetch_args *a, job *jobs, char **stem_out);
/* NAME.provenance.txt beside the data: one block per download (those kept
 * only in the cache say what was made from them), then one per file made. */
int fpf_write_provenance(const char *out, const char *stem, const job *jobs, size_t n,
                         const made *m, size_t nm);
/* The area overlay from the area lists and mappings among the downloads:
 * one hierarchy per child area type. 0 ok (m->text NULL when there is
 * nothing to make), 1 after an error message. */
int fpf_make_overlay(const job *jobs, size_t n, const char *name, made *m);
/* The EES indicator definitions from the data set's metadata. */
int fpf_make_ees_defs(const job *jobs, size_t n, const char *stem, made *m);
/* `fetch lookups`: what the overlay adds to and changes in the shipped
 * area identity, one line each on standard output; a conflict is an error
 * on standard error naming both lines. Returns the number of conflicts. */
size_t fpf_report_overlay(const char *path);

/* The text of `fingerpost fetch --help` (fetch_help.c). */
extern const char fpc_help_fetch[];

#endif /* FP_CLI_FETCH_JOBS_H */
