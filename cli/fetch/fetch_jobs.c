/* fetch_jobs.c -- the files `fingerpost fetch` downloads: their URLs and
 * names (fetch_jobs.h), and the provenance written beside them. */
#include "cli.h"
#include "fetch_jobs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


char *fpf_xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = fpc_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* The base URL without trailing slashes (a copy). */
static char *base_of(const char *given, const char *def)
{
    char *b = fpc_strdup(given ? given : def);
    size_t n = strlen(b);
    while (n > 8 && b[n - 1] == '/') b[--n] = '\0';
    return b;
}

/* "90284,93203" -> "90284%2C93203" (as fingertipsR sends it) or "90284-93203". */
static char *ids_with(const char *ids, const char *sep)
{
    size_t n = strlen(ids) * 3 + 1;
    char *s = fpc_xmalloc(n);
    s[0] = '\0';
    for (const char *p = ids; *p; p++) {
        if (*p == ',') strcat(s, sep);
        else { size_t k = strlen(s); s[k] = *p; s[k + 1] = '\0'; }
    }
    return s;
}

static size_t fingertips_jobs(const fetch_args *a, job *jobs)
{
    char *base = base_of(a->base, FT_BASE);
    char *parent = a->parent ? fpf_xprintf("&parent_area_type_id=%s", a->parent) : fpc_strdup("");
    char *stem, *data, *meta;
    if (a->indicators) {
        char *q = ids_with(a->indicators, "%2C"), *f = ids_with(a->indicators, "-");
        data = fpf_xprintf("%s/api/all_data/csv/by_indicator_id?indicator_ids=%s&child_area_type_id=%s%s",
                       base, q, a->area_type, parent);
        meta = fpf_xprintf("%s/api/indicator_metadata/csv/by_indicator_id?indicator_ids=%s", base, q);
        stem = fpf_xprintf("fingertips_%s", f);
        free(q); free(f);
    } else if (a->domain) {
        data = fpf_xprintf("%s/api/all_data/csv/by_group_id?child_area_type_id=%s&group_id=%s%s",
                       base, a->area_type, a->domain, parent);
        meta = fpf_xprintf("%s/api/indicator_metadata/csv/by_group_id?group_id=%s", base, a->domain);
        stem = fpf_xprintf("fingertips_profile%s_domain%s", a->profile, a->domain);
    } else {
        data = fpf_xprintf("%s/api/all_data/csv/by_profile_id?child_area_type_id=%s&profile_id=%s%s",
                       base, a->area_type, a->profile, parent);
        meta = fpf_xprintf("%s/api/indicator_metadata/csv/by_profile_id?profile_id=%s", base, a->profile);
        stem = fpf_xprintf("fingertips_profile%s", a->profile);
    }
    char *full = a->parent ? fpf_xprintf("%s_at%s_pt%s", stem, a->area_type, a->parent)
                           : fpf_xprintf("%s_at%s", stem, a->area_type);
    jobs[0].url = data; jobs[0].kind = "csv"; jobs[0].name = fpf_xprintf("%s.csv", full);
    jobs[1].url = meta; jobs[1].kind = "csv"; jobs[1].name = fpf_xprintf("%s.meta.csv", full);
    free(full); free(stem); free(parent); free(base);
    return 2;
}

static size_t ees_jobs(const fetch_args *a, job *jobs)
{
    char *base = base_of(a->base, EES_BASE);
    char *q = a->version ? fpf_xprintf("?dataSetVersion=%s", a->version) : fpc_strdup("");
    char *stem = a->version ? fpf_xprintf("ees_%s_v%s", a->data_set, a->version)
                            : fpf_xprintf("ees_%s", a->data_set);
    jobs[0].url = fpf_xprintf("%s/v1/data-sets/%s/csv%s", base, a->data_set, q);
    jobs[0].kind = "csv";
    jobs[0].name = fpf_xprintf("%s.csv", stem);
    jobs[1].url = fpf_xprintf("%s/v1/data-sets/%s/meta%s", base, a->data_set, q);
    jobs[1].kind = "json";
    jobs[1].name = fpf_xprintf("%s.meta.json", stem);
    free(stem); free(q); free(base);
    return 2;
}

int fpf_write_provenance(const char *out, const job *jobs, size_t n)
{
    size_t cap = 256;
    for (size_t i = 0; i < n; i++)
        cap += strlen(jobs[i].url) + strlen(jobs[i].name) + 300
             + (jobs[i].e.etag ? strlen(jobs[i].e.etag) : 0)
             + (jobs[i].e.last_modified ? strlen(jobs[i].e.last_modified) : 0);
    char *text = fpc_xmalloc(cap);
    size_t len = (size_t)snprintf(text, cap, "# fingerpost fetch %s: where each file came from\n",
                                  FP_VERSION_STRING);
    for (size_t i = 0; i < n; i++) {
        const fpf_entry *e = &jobs[i].e;
        len += (size_t)snprintf(text + len, cap - len,
                                "\nfile=%s\nurl=%s\nfetched=%s\nhow=%s\netag=%s\nlast_modified=%s\n"
                                "hash=%016llx\nbytes=%llu\n", jobs[i].name, jobs[i].url,
                                e->fetched ? e->fetched : "", e->how,
                                e->etag ? e->etag : "", e->last_modified ? e->last_modified : "",
                                (unsigned long long)e->hash, (unsigned long long)e->bytes);
    }
    const char *dot = strrchr(jobs[0].name, '.');
    size_t stem = dot ? (size_t)(dot - jobs[0].name) : strlen(jobs[0].name);
    char *path = fpf_xprintf("%s/%.*s.provenance.txt", out, (int)stem, jobs[0].name);
    int rc = fpc_write_file_atomic(path, text, len) == 0 ? 0 : 1;
    free(path);
    free(text);
    return rc;
}

size_t fpf_jobs(const fetch_args *a, job *jobs)
{
    return !strcmp(a->source, "fingertips") ? fingertips_jobs(a, jobs) : ees_jobs(a, jobs);
}
