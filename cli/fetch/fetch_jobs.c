/* fetch_jobs.c -- what `fingerpost fetch` downloads and makes: the files of
 * each request with their URLs and names (as fingertipsR and eesyapi build
 * them; cmd_fetch.c says which endpoints), the area overlay and EES
 * definitions made from them, and the provenance written beside them. */
#include "cli.h"
#include "fetch.h"
#include "fetch_jobs.h"
#include "derive.h"
#include "io.h"
#include "json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
static char *fpf_base_of(const char *given, const char *def)
{
    char *b = fpc_strdup(given ? given : def);
    size_t n = strlen(b);
    while (n > 8 && b[n - 1] == '/') b[--n] = '\0';
    return b;
}

/* "90284,93203" -> "90284%2C93203" (as fingertipsR sends it) or "90284-93203". */
static char *fpf_ids_with(const char *ids, const char *sep)
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

static void fpf_add_job(job *jobs, size_t *n, char *url, const char *kind, job_role role,
                        const char *type_id, char *name)
{
    jobs[*n].url = url;
    jobs[*n].kind = kind;
    jobs[*n].role = role;
    jobs[*n].type_id = type_id;
    jobs[*n].name = name;
    (*n)++;
}

/* The Fingertips area lists and mappings for child area type t: its areas,
 * the parents of type p (regions, 6, when p is NULL) and which child lies
 * in which parent, and, when p is not the regions, the regions too
 * (fingertips_py get_areas_for_area_type; fingertipsR's
 * parent_to_child_areas calls). */
static void fpf_hierarchy_jobs(const char *base, const char *t, const char *p, job *jobs, size_t *n)
{
    if (!p) p = "6";
    fpf_add_job(jobs, n, fpf_xprintf("%s/api/areas/by_area_type?area_type_id=%s", base, t), "json",
            R_AREAS, t, NULL);
    fpf_add_job(jobs, n, fpf_xprintf("%s/api/areas/by_area_type?area_type_id=%s", base, p), "json",
            R_PARENTS, p, NULL);
    fpf_add_job(jobs, n, fpf_xprintf("%s/api/parent_to_child_areas?child_area_type_id=%s&parent_area_type_id=%s",
                             base, t, p), "json", R_TO_PARENT, t, NULL);
    if (strcmp(p, "6") != 0) {
        fpf_add_job(jobs, n, fpf_xprintf("%s/api/areas/by_area_type?area_type_id=6", base), "json",
                R_REGIONS, "6", NULL);
        fpf_add_job(jobs, n, fpf_xprintf("%s/api/parent_to_child_areas?child_area_type_id=%s&parent_area_type_id=6",
                                 base, t), "json", R_TO_REGION, t, NULL);
    }
}

size_t fpf_fingertips_jobs(const fetch_args *a, job *jobs, char **stem_out)
{
    char *base = fpf_base_of(a->base, FT_BASE);
    char *parent = a->parent ? fpf_xprintf("&parent_area_type_id=%s", a->parent) : fpc_strdup("");
    char *stem, *data, *meta;
    if (a->indicators) {
        char *q = fpf_ids_with(a->indicators, "%2C"), *f = fpf_ids_with(a->indicators, "-");
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
    size_t n = 0;
    fpf_add_job(jobs, &n, data, "csv", R_DATA, a->area_type, fpf_xprintf("%s.csv", full));
    fpf_add_job(jobs, &n, meta, "csv", R_META, NULL, fpf_xprintf("%s.meta.csv", full));
    /* England (15) and the regions (6) have no hierarchy worth keeping. */
    if (strcmp(a->area_type, "15") != 0 && strcmp(a->area_type, "6") != 0)
        fpf_hierarchy_jobs(base, a->area_type, a->parent, jobs, &n);
    *stem_out = full;
    free(stem); free(parent); free(base);
    return n;
}

/* `fetch lookups`: the area lists of each area type with their regions. */
size_t fpf_lookups_jobs(const fetch_args *a, job *jobs, char ***types_out)
{
    char *base = fpf_base_of(a->base, FT_BASE);
    size_t nt;
    char **types = fpc_split(a->area_type ? a->area_type : "502", ',', &nt);
    size_t n = 0;
    fpf_add_job(jobs, &n, fpf_xprintf("%s/api/areas/by_area_type?area_type_id=6", base), "json",
            R_REGIONS, "6", NULL);
    for (size_t i = 0; i < nt && n + 2 <= MAX_JOBS; i++) {
        fpf_add_job(jobs, &n, fpf_xprintf("%s/api/areas/by_area_type?area_type_id=%s", base, types[i]),
                "json", R_AREAS, types[i], NULL);
        fpf_add_job(jobs, &n, fpf_xprintf("%s/api/parent_to_child_areas?child_area_type_id=%s&parent_area_type_id=6",
                                  base, types[i]), "json", R_TO_REGION, types[i], NULL);
    }
    *types_out = types;
    free(base);
    return n;
}

size_t fpf_ees_jobs(const fetch_args *a, job *jobs, char **stem_out)
{
    char *base = fpf_base_of(a->base, EES_BASE);
    char *q = a->version ? fpf_xprintf("?dataSetVersion=%s", a->version) : fpc_strdup("");
    char *stem = a->version ? fpf_xprintf("ees_%s_v%s", a->data_set, a->version)
                            : fpf_xprintf("ees_%s", a->data_set);
    size_t n = 0;
    fpf_add_job(jobs, &n, fpf_xprintf("%s/v1/data-sets/%s/csv%s", base, a->data_set, q), "csv", R_DATA,
            NULL, fpf_xprintf("%s.csv", stem));
    fpf_add_job(jobs, &n, fpf_xprintf("%s/v1/data-sets/%s/meta%s", base, a->data_set, q), "json", R_META,
            NULL, fpf_xprintf("%s.meta.json", stem));
    *stem_out = stem;
    free(q); free(base);
    return n;
}

/* NAME.provenance.txt beside the data: one block per download (those kept
 * only in the cache say what was made from them), then one per file made. */
int fpf_write_provenance(const char *out, const char *stem, const job *jobs, size_t n,
                         const made *m, size_t nm)
{
    size_t cap = 256;
    for (size_t i = 0; i < n; i++)
        cap += strlen(jobs[i].url) + (jobs[i].name ? strlen(jobs[i].name) : 0) + 400
             + (jobs[i].e.etag ? strlen(jobs[i].e.etag) : 0)
             + (jobs[i].e.last_modified ? strlen(jobs[i].e.last_modified) : 0);
    for (size_t i = 0; i < nm; i++) cap += strlen(m[i].name) * 2 + 200;
    char *text = fpc_xmalloc(cap);
    size_t len = (size_t)snprintf(text, cap, "# fingerpost fetch %s: where each file came from\n",
                                  FP_VERSION_STRING);
    for (size_t i = 0; i < n; i++) {
        const fpf_entry *e = &jobs[i].e;
        char file[300];
        if (jobs[i].name) snprintf(file, sizeof file, "%s", jobs[i].name);
        else snprintf(file, sizeof file, "(kept in the cache; %s is made from it)",
                      nm ? m[0].name : "nothing");
        len += (size_t)snprintf(text + len, cap - len,
                                "\nfile=%s\nurl=%s\nfetched=%s\nhow=%s\netag=%s\nlast_modified=%s\n"
                                "hash=%016llx\nbytes=%llu\n", file, jobs[i].url,
                                e->fetched ? e->fetched : "", e->how,
                                e->etag ? e->etag : "", e->last_modified ? e->last_modified : "",
                                (unsigned long long)e->hash, (unsigned long long)e->bytes);
    }
    for (size_t i = 0; i < nm; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "\nfile=%s\nmade_by=fingerpost fetch, from the downloads above\n"
                                "hash=%016llx\nbytes=%llu\n", m[i].name,
                                (unsigned long long)m[i].hash, (unsigned long long)m[i].bytes);
    char *path = fpf_xprintf("%s/%s.provenance.txt", out, stem);
    int rc = fpc_write_file_atomic(path, text, len) == 0 ? 0 : 1;
    free(path);
    free(text);
    return rc;
}

/* The parsed JSON body of a download (NULL after an error message). */
static fpj *fpf_job_json(const job *j)
{
    FILE *fp = fopen(j->e.object, "rb");
    if (!fp) {
        fprintf(stderr, "fingerpost: fetch: %s: cannot read the cached body %s: %s\n", j->url,
                j->e.object, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, len = 0, k;
    char *buf = fpc_xmalloc(cap);
    while ((k = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += k;
        if (len == cap) buf = fpc_xrealloc(buf, cap *= 2);
    }
    fclose(fp);
    fpj *v = NULL;
    char why[128];
    if (fpj_parse(buf, len, &v, why, sizeof why) != 0)
        fprintf(stderr, "fingerpost: fetch: %s: not JSON as the API serves it (%s)\n", j->url, why);
    free(buf);
    return v;
}

static const job *fpf_find_job(const job *jobs, size_t n, job_role role, const char *type_id)
{
    for (size_t i = 0; i < n; i++)
        if (jobs[i].role == role && (!type_id || !strcmp(jobs[i].type_id, type_id)))
            return &jobs[i];
    return NULL;
}

/* The area overlay from the area lists and mappings among the downloads:
 * one hierarchy per child area type. 0 ok (m->text NULL when there is
 * nothing to make), 1 after an error message. */
int fpf_make_overlay(const job *jobs, size_t n, const char *name, made *m)
{
    fpj *parsed[MAX_JOBS] = { 0 };
    fpf_hierarchy h[MAX_JOBS];
    size_t nh = 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        if (!strcmp(jobs[i].kind, "json") && jobs[i].role != R_META && !(parsed[i] = fpf_job_json(&jobs[i])))
            rc = 1;
    const job *regions = fpf_find_job(jobs, n, R_REGIONS, NULL);
    for (size_t i = 0; i < n && !rc; i++) {
        if (jobs[i].role != R_AREAS) continue;
        const job *par = fpf_find_job(jobs, n, R_PARENTS, NULL);
        const job *tp = fpf_find_job(jobs, n, R_TO_PARENT, jobs[i].type_id);
        const job *tr = fpf_find_job(jobs, n, R_TO_REGION, jobs[i].type_id);
        const job *rg = regions ? regions : par;
        if (!tr) tr = tp;
        if (!par) { par = rg; tp = tr; }
        if (!rg || !tr) continue;
        h[nh].type_id = jobs[i].type_id;
        h[nh].areas = parsed[i];
        h[nh].parent_type_id = par->type_id;
        h[nh].parents = parsed[par - jobs];
        h[nh].to_parent = parsed[tp - jobs];
        h[nh].regions = parsed[rg - jobs];
        h[nh].to_region = parsed[tr - jobs];
        nh++;
    }
    if (!rc && nh) {
        char why[200];
        size_t rows;
        if (fpf_hierarchy_csv(h, nh, &m->text, &m->len, &rows, why, sizeof why) != 0) {
            fprintf(stderr, "fingerpost: fetch: %s: %s\n", jobs[0].url, why);
            rc = 1;
        } else {
            m->name = fpc_strdup(name);
        }
    }
    for (size_t i = 0; i < n; i++) fpj_free(parsed[i]);
    return rc;
}

/* The EES indicator definitions from the data set's metadata. */
int fpf_make_ees_defs(const job *jobs, size_t n, const char *stem, made *m)
{
    const job *meta = fpf_find_job(jobs, n, R_META, NULL), *data = fpf_find_job(jobs, n, R_DATA, NULL);
    fpj *v = meta ? fpf_job_json(meta) : NULL;
    if (!v) return 1;
    char why[200];
    size_t rows;
    const char *note;
    if (fpf_ees_defs_csv(v, data->name, &m->text, &m->len, &rows, &note, why, sizeof why) != 0) {
        /* The data and metadata are still good: only the definitions are
         * missing, and --ees-indicator can give them. */
        fprintf(stderr, "fingerpost: fetch: %s: warning: no indicator definitions made: %s\n",
                meta->url, why);
    } else {
        m->name = fpf_xprintf("%s.indicators.csv", stem);
        if (note) fprintf(stderr, "fingerpost: fetch: %s: warning: %s\n", meta->url, note);
    }
    fpj_free(v);
    return 0;
}

/* `fetch lookups`: what the overlay adds to and changes in the shipped
 * area identity, one line each on standard output; a conflict is an error
 * on standard error naming both lines. Returns the number of conflicts. */
size_t fpf_report_overlay(const char *path)
{
    fpc_diags d;
    fpc_diags_init(&d);
    fpc_areas *areas = NULL;
    fpc_overlay_counts n;
    fpc_areas_default(&areas, &d);
    size_t before = d.n;
    fpc_areas_overlay(&areas, path, 1, &d, &n);
    for (size_t i = before; i < d.n; i++) {
        const fpc_diag *it = &d.items[i];
        if (it->is_error) fpc_error(it->file, it->line, it->col, "%s", it->message);
        else printf("%s:%zu: %s\n", *it->file ? it->file : path, it->line, it->message);
    }
    printf("%s: against the shipped area identity: %zu new areas, %zu new codes, %zu more names, "
           "%zu regions given, %zu regions changed, %zu conflicts\n", path, n.areas, n.codes,
           n.names, n.regions_set, n.regions_changed, n.conflicts);
    fpc_areas_free(areas);
    fpc_diags_free(&d);
    return n.conflicts;
}

