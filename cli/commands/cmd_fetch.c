/* cmd_fetch.c -- `fingerpost fetch`: download data with its metadata from
 * OHID Fingertips and DfE Explore Education Statistics (EES) into --out,
 * through the cache with provenance of cli/fetch/fetch.c.
 *
 * Endpoints (checked against the public APIs and their open-source clients;
 * docs/data-formats.md, "Fetching", says which version):
 *   Fingertips (base https://fingertips.phe.org.uk):
 *     /api/all_data/csv/by_indicator_id?indicator_ids=A%2CB&child_area_type_id=T[&parent_area_type_id=P]
 *     /api/all_data/csv/by_profile_id?child_area_type_id=T&profile_id=P[&parent_area_type_id=]
 *     /api/all_data/csv/by_group_id?child_area_type_id=T&group_id=D[&parent_area_type_id=]
 *     /api/indicator_metadata/csv/by_indicator_id?indicator_ids=..  (by_profile_id, by_group_id)
 *     /api/areas/by_area_type?area_type_id=T
 *     /api/parent_to_child_areas?child_area_type_id=T&parent_area_type_id=P
 *     as fingertipsR (fingertips_data, indicator_metadata, nearest_neighbours) and
 *     fingertips_py (get_areas_for_area_type) call them;
 *   EES public API (base https://api.education.gov.uk/statistics):
 *     /v1/data-sets/ID/csv[?dataSetVersion=V] and /v1/data-sets/ID/meta[?dataSetVersion=V]
 *     as eesyapi's api_url("get-csv"/"get-meta") builds them.
 * Each data file X.csv gets X.meta.csv (Fingertips) or X.meta.json (EES)
 * beside it and X.provenance.txt saying where every file came from. The
 * Fingertips reader applies X.meta.csv by itself (read_ftmeta.c). From the
 * JSON, cli/fetch/derive.c makes X.areas.csv (the Fingertips area
 * hierarchy) and X.indicators.csv (EES indicator definitions), which the
 * loader reads by itself (cli/io/areas_overlay.c); `fetch lookups` makes
 * lookups.areas.csv, an area overlay of whole area types. */
#include "cli.h"
#include "fetch.h"
#include "derive.h"
#include "io.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FT_BASE "https://fingertips.phe.org.uk"
#define EES_BASE "https://api.education.gov.uk/statistics"

static void help(void)
{
    printf(
"Usage: fingerpost fetch SOURCE [OPTION]...\n"
"Download data and its metadata into DIR (--out), through a cache that records\n"
"where and when every file came from. No other command touches the network.\n"
"\n"
"Sources:\n"
"  fingertips  OHID Fingertips: the API's CSV data (the web export's format),\n"
"              the indicator metadata (definition, unit, value type, polarity,\n"
"              confidence interval details) and the area hierarchy (the areas of\n"
"              the area type, their regions and parents) beside it, which later\n"
"              commands use instead of inferring polarity, unit and region:\n"
"    -i, --indicator ID[,ID..]  indicator IDs (or --profile ID [--domain ID])\n"
"        --profile ID           every indicator of a profile\n"
"        --domain ID            only this domain (group) of the profile\n"
"    -t, --area-type ID         child area type (e.g. 402 upper-tier LAs 4/21-3/23,\n"
"                               502 from 4/23; 15 England, 6 regions)\n"
"        --parent-area-type ID  parent area type (default: the API's, regions);\n"
"                               the hierarchy gets these parents and the regions\n"
"  ees         DfE Explore Education Statistics public API: a data set's CSV, its\n"
"              metadata (filters, indicators, units) as JSON, and indicator\n"
"              definitions made from it, which the loader uses by itself:\n"
"        --data-set ID          the data set's ID (a GUID, from the EES data\n"
"                               catalogue)\n"
"        --version V            a data set version (default: the latest)\n"
"  lookups     Fingertips' lists of areas with their regions, as an area overlay\n"
"              that keeps the area identity current (new codes and names,\n"
"              boundary changes) without editing datasets/areas.csv; standard\n"
"              output also lists what it adds to and changes in the shipped\n"
"              identity:\n"
"    -t, --area-type ID[,ID..]  area types (default 502, counties and UAs from\n"
"                               4/23; an area in several is written once)\n"
"\n"
"Options:\n"
"  -o, --out DIR          where the files go (created; default: the current folder)\n"
"      --cache DIR        the cache (default: $XDG_CACHE_HOME/fingerpost, else\n"
"                         ~/.cache/fingerpost)\n"
"      --base-url URL     the API's address (default " FT_BASE "\n"
"                         for fingertips, " EES_BASE " for ees)\n"
"      --refresh          download again even if the cached copy is current\n"
"      --offline          use only the cache; never touch the network\n"
"      --timeout S        seconds to connect and without receiving a byte (30)\n"
"      --retries N        attempts after a failed one (3), waiting 1, 2, 4 s...\n"
"      --retry-wait S     the first wait (1; it doubles each time)\n"
"      --max-size MB      refuse a body larger than this (1024)\n"
"  -h, --help             show this help and exit\n"
"\n"
"Files written (each atomically: a temporary name, renamed when complete):\n"
"  fingertips_IDS_atT[_ptP].csv        data (IDS: the IDs joined by '-', or\n"
"                                      profileP[_domainD])\n"
"  fingertips_IDS_atT[_ptP].meta.csv   indicator metadata, read automatically\n"
"  fingertips_IDS_atT[_ptP].areas.csv  the area hierarchy (an area overlay: areas,\n"
"                                      regions, parents), read automatically\n"
"  ees_ID[_vV].csv, ees_ID[_vV].meta.json\n"
"  ees_ID[_vV].indicators.csv          indicator definitions (the format of\n"
"                                      datasets/ees_indicators.csv: one per\n"
"                                      indicator, filters at their total), read\n"
"                                      automatically unless definitions for the\n"
"                                      file are given\n"
"  lookups.areas.csv                   the area overlay of `fetch lookups`, read\n"
"                                      with any data file in the same folder\n"
"  NAME.provenance.txt                 URL, time, ETag, Last-Modified, hash and\n"
"                                      size of each download and file made\n"
"The hash is the one every output's data version shows (NAME.csv#HASH): the\n"
"cache keeps that body as CACHE/objects/HASH, so an old run can be repeated.\n"
"A second fetch asks the server whether the file changed (If-None-Match,\n"
"If-Modified-Since) and re-uses the cached copy when it did not.\n"
"Standard output lists each file written with its data version.\n"
"\n"
"Examples:\n"
"  fingerpost fetch fingertips --indicator 90284 --area-type 402 --out data\n"
"  fingerpost report --area Sefton --data data/fingertips_90284_at402.csv --out out\n"
"  fingerpost fetch ees --data-set e1ae9201-2fff-d376-8fa3-bd3c3660d4c8 --out data\n"
"  fingerpost fetch lookups --out data\n"
"\n"
"Errors read 'fingerpost: fetch: URL: why' (the HTTP status, a timeout, an HTML\n"
"page or empty body refused); nothing partial is left. Exit status: 0 success,\n"
"1 download or data error (also: lookups conflicting with the area identity,\n"
"each named with both lines; the overlay is still written), 2 usage error (also:\n"
"built without libcurl).\n");
}

enum { OPT_PROFILE = 256, OPT_DOMAIN, OPT_PARENT, OPT_DATASET, OPT_VERSION, OPT_CACHE,
       OPT_BASE, OPT_REFRESH, OPT_OFFLINE, OPT_TIMEOUT, OPT_RETRIES, OPT_RETRY_WAIT,
       OPT_MAX_SIZE };

typedef struct fetch_args {
    const char *source, *out, *base;
    const char *indicators, *profile, *domain, *area_type, *parent;
    const char *data_set, *version;
    fpf_opts fo;
} fetch_args;

/* Nonzero when s is a non-empty list of digits separated by commas. */
static int id_list_ok(const char *s)
{
    if (!s || !*s) return 0;
    int digit = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s)) digit = 1;
        else if (*s == ',' && digit) digit = 0;
        else return 0;
    }
    return digit;
}

static int number_ok(const char *s)
{
    return id_list_ok(s) && !strchr(s, ',');
}

/* An EES data set ID or version: letters, digits, '-' and '.' only, so it
 * can go into a URL path and a file name unchanged. */
static int token_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 100) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.') return 0;
    return 1;
}

static int parse_args(int argc, char **argv, fetch_args *a)
{
    static const struct option longopts[] = {
        { "indicator", required_argument, NULL, 'i' },
        { "profile", required_argument, NULL, OPT_PROFILE },
        { "domain", required_argument, NULL, OPT_DOMAIN },
        { "area-type", required_argument, NULL, 't' },
        { "parent-area-type", required_argument, NULL, OPT_PARENT },
        { "data-set", required_argument, NULL, OPT_DATASET },
        { "version", required_argument, NULL, OPT_VERSION },
        { "out", required_argument, NULL, 'o' },
        { "cache", required_argument, NULL, OPT_CACHE },
        { "base-url", required_argument, NULL, OPT_BASE },
        { "refresh", no_argument, NULL, OPT_REFRESH },
        { "offline", no_argument, NULL, OPT_OFFLINE },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "retries", required_argument, NULL, OPT_RETRIES },
        { "retry-wait", required_argument, NULL, OPT_RETRY_WAIT },
        { "max-size", required_argument, NULL, OPT_MAX_SIZE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(a, 0, sizeof *a);
    fpf_opts_init(&a->fo);
    a->out = ".";
    optind = 1;
    opterr = 0;
    int ch;
    double v;
    while ((ch = getopt_long(argc, argv, ":i:t:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i': a->indicators = optarg; break;
        case OPT_PROFILE: a->profile = optarg; break;
        case OPT_DOMAIN: a->domain = optarg; break;
        case 't': a->area_type = optarg; break;
        case OPT_PARENT: a->parent = optarg; break;
        case OPT_DATASET: a->data_set = optarg; break;
        case OPT_VERSION: a->version = optarg; break;
        case 'o': a->out = optarg; break;
        case OPT_CACHE: a->fo.cache = optarg; break;
        case OPT_BASE: a->base = optarg; break;
        case OPT_REFRESH: a->fo.refresh = 1; break;
        case OPT_OFFLINE: a->fo.offline = 1; break;
        case OPT_TIMEOUT:
            if (fpc_parse_double(optarg, 0, &v) != 0 || v <= 0 || v > 86400)
                return fpc_usage("fetch", "--timeout wants seconds (> 0), not '%s'", optarg);
            a->fo.timeout = v;
            break;
        case OPT_RETRIES:
            if (fpc_parse_double(optarg, 0, &v) != 0 || v < 0 || v > 20 || v != (int)v)
                return fpc_usage("fetch", "--retries wants a whole number 0-20, not '%s'", optarg);
            a->fo.retries = (int)v;
            break;
        case OPT_RETRY_WAIT:
            if (fpc_parse_double(optarg, 0, &v) != 0 || v < 0 || v > 600)
                return fpc_usage("fetch", "--retry-wait wants seconds (0-600), not '%s'", optarg);
            a->fo.retry_wait = v;
            break;
        case OPT_MAX_SIZE:
            if (fpc_parse_double(optarg, 0, &v) != 0 || v <= 0 || v > 1e6)
                return fpc_usage("fetch", "--max-size wants megabytes (> 0), not '%s'", optarg);
            a->fo.max_bytes = (uint64_t)(v * 1048576.0);
            if (a->fo.max_bytes == 0) a->fo.max_bytes = 1;
            break;
        case 'h': help(); return -1;
        case ':': return fpc_usage("fetch", "option '%s' needs a value", argv[optind - 1]);
        default: return fpc_usage("fetch", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) return fpc_usage("fetch", "name a source: fingertips, ees or lookups");
    a->source = argv[optind];
    if (optind + 1 < argc)
        return fpc_usage("fetch", "unexpected argument '%s'", argv[optind + 1]);
    if (a->fo.refresh && a->fo.offline)
        return fpc_usage("fetch", "--refresh and --offline contradict each other");
    if (a->base && strncmp(a->base, "http://", 7) != 0 && strncmp(a->base, "https://", 8) != 0)
        return fpc_usage("fetch", "--base-url wants an http:// or https:// address, not '%s'", a->base);
    if (!strcmp(a->source, "fingertips")) {
        if (!!a->indicators + !!a->profile != 1)
            return fpc_usage("fetch", "fingertips wants --indicator ID[,ID..] or --profile ID");
        if (a->indicators && !id_list_ok(a->indicators))
            return fpc_usage("fetch", "--indicator wants numbers separated by commas, not '%s'",
                             a->indicators);
        if (a->profile && !number_ok(a->profile))
            return fpc_usage("fetch", "--profile wants a number, not '%s'", a->profile);
        if (a->domain && (!a->profile || !number_ok(a->domain)))
            return fpc_usage("fetch", "--domain wants a number, with --profile");
        if (!number_ok(a->area_type))
            return fpc_usage("fetch", "fingertips wants --area-type ID (a number)");
        if (a->parent && !number_ok(a->parent))
            return fpc_usage("fetch", "--parent-area-type wants a number, not '%s'", a->parent);
        if (a->data_set || a->version)
            return fpc_usage("fetch", "--data-set and --version are for ees");
    } else if (!strcmp(a->source, "ees")) {
        if (!token_ok(a->data_set))
            return fpc_usage("fetch", "ees wants --data-set ID (letters, digits and '-')");
        if (a->version && !token_ok(a->version))
            return fpc_usage("fetch", "--version wants a version such as 1.0, not '%s'", a->version);
        if (a->indicators || a->profile || a->domain || a->area_type || a->parent)
            return fpc_usage("fetch", "--indicator, --profile, --domain and the area types are "
                             "for fingertips");
    } else if (!strcmp(a->source, "lookups")) {
        if (a->area_type && !id_list_ok(a->area_type))
            return fpc_usage("fetch", "--area-type wants numbers separated by commas, not '%s'",
                             a->area_type);
        if (a->indicators || a->profile || a->domain || a->parent || a->data_set || a->version)
            return fpc_usage("fetch", "lookups takes only --area-type ID[,ID..] besides the "
                             "common options");
    } else {
        return fpc_usage("fetch", "unknown source '%s' (fingertips, ees or lookups)", a->source);
    }
    return 0;
}

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

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
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

static void add_job(job *jobs, size_t *n, char *url, const char *kind, job_role role,
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
static void hierarchy_jobs(const char *base, const char *t, const char *p, job *jobs, size_t *n)
{
    if (!p) p = "6";
    add_job(jobs, n, xprintf("%s/api/areas/by_area_type?area_type_id=%s", base, t), "json",
            R_AREAS, t, NULL);
    add_job(jobs, n, xprintf("%s/api/areas/by_area_type?area_type_id=%s", base, p), "json",
            R_PARENTS, p, NULL);
    add_job(jobs, n, xprintf("%s/api/parent_to_child_areas?child_area_type_id=%s&parent_area_type_id=%s",
                             base, t, p), "json", R_TO_PARENT, t, NULL);
    if (strcmp(p, "6") != 0) {
        add_job(jobs, n, xprintf("%s/api/areas/by_area_type?area_type_id=6", base), "json",
                R_REGIONS, "6", NULL);
        add_job(jobs, n, xprintf("%s/api/parent_to_child_areas?child_area_type_id=%s&parent_area_type_id=6",
                                 base, t), "json", R_TO_REGION, t, NULL);
    }
}

static size_t fingertips_jobs(const fetch_args *a, job *jobs, char **stem_out)
{
    char *base = base_of(a->base, FT_BASE);
    char *parent = a->parent ? xprintf("&parent_area_type_id=%s", a->parent) : fpc_strdup("");
    char *stem, *data, *meta;
    if (a->indicators) {
        char *q = ids_with(a->indicators, "%2C"), *f = ids_with(a->indicators, "-");
        data = xprintf("%s/api/all_data/csv/by_indicator_id?indicator_ids=%s&child_area_type_id=%s%s",
                       base, q, a->area_type, parent);
        meta = xprintf("%s/api/indicator_metadata/csv/by_indicator_id?indicator_ids=%s", base, q);
        stem = xprintf("fingertips_%s", f);
        free(q); free(f);
    } else if (a->domain) {
        data = xprintf("%s/api/all_data/csv/by_group_id?child_area_type_id=%s&group_id=%s%s",
                       base, a->area_type, a->domain, parent);
        meta = xprintf("%s/api/indicator_metadata/csv/by_group_id?group_id=%s", base, a->domain);
        stem = xprintf("fingertips_profile%s_domain%s", a->profile, a->domain);
    } else {
        data = xprintf("%s/api/all_data/csv/by_profile_id?child_area_type_id=%s&profile_id=%s%s",
                       base, a->area_type, a->profile, parent);
        meta = xprintf("%s/api/indicator_metadata/csv/by_profile_id?profile_id=%s", base, a->profile);
        stem = xprintf("fingertips_profile%s", a->profile);
    }
    char *full = a->parent ? xprintf("%s_at%s_pt%s", stem, a->area_type, a->parent)
                           : xprintf("%s_at%s", stem, a->area_type);
    size_t n = 0;
    add_job(jobs, &n, data, "csv", R_DATA, a->area_type, xprintf("%s.csv", full));
    add_job(jobs, &n, meta, "csv", R_META, NULL, xprintf("%s.meta.csv", full));
    /* England (15) and the regions (6) have no hierarchy worth keeping. */
    if (strcmp(a->area_type, "15") != 0 && strcmp(a->area_type, "6") != 0)
        hierarchy_jobs(base, a->area_type, a->parent, jobs, &n);
    *stem_out = full;
    free(stem); free(parent); free(base);
    return n;
}

/* `fetch lookups`: the area lists of each area type with their regions. */
static size_t lookups_jobs(const fetch_args *a, job *jobs, char ***types_out)
{
    char *base = base_of(a->base, FT_BASE);
    size_t nt;
    char **types = fpc_split(a->area_type ? a->area_type : "502", ',', &nt);
    size_t n = 0;
    add_job(jobs, &n, xprintf("%s/api/areas/by_area_type?area_type_id=6", base), "json",
            R_REGIONS, "6", NULL);
    for (size_t i = 0; i < nt && n + 2 <= MAX_JOBS; i++) {
        add_job(jobs, &n, xprintf("%s/api/areas/by_area_type?area_type_id=%s", base, types[i]),
                "json", R_AREAS, types[i], NULL);
        add_job(jobs, &n, xprintf("%s/api/parent_to_child_areas?child_area_type_id=%s&parent_area_type_id=6",
                                  base, types[i]), "json", R_TO_REGION, types[i], NULL);
    }
    *types_out = types;
    free(base);
    return n;
}

static size_t ees_jobs(const fetch_args *a, job *jobs, char **stem_out)
{
    char *base = base_of(a->base, EES_BASE);
    char *q = a->version ? xprintf("?dataSetVersion=%s", a->version) : fpc_strdup("");
    char *stem = a->version ? xprintf("ees_%s_v%s", a->data_set, a->version)
                            : xprintf("ees_%s", a->data_set);
    size_t n = 0;
    add_job(jobs, &n, xprintf("%s/v1/data-sets/%s/csv%s", base, a->data_set, q), "csv", R_DATA,
            NULL, xprintf("%s.csv", stem));
    add_job(jobs, &n, xprintf("%s/v1/data-sets/%s/meta%s", base, a->data_set, q), "json", R_META,
            NULL, xprintf("%s.meta.json", stem));
    *stem_out = stem;
    free(q); free(base);
    return n;
}

/* A file made from downloads (the area overlay, the EES definitions). */
typedef struct made {
    char *name, *text;
    size_t len;
    uint64_t hash, bytes;
} made;

/* NAME.provenance.txt beside the data: one block per download (those kept
 * only in the cache say what was made from them), then one per file made. */
static int write_provenance(const char *out, const char *stem, const job *jobs, size_t n,
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
    char *path = xprintf("%s/%s.provenance.txt", out, stem);
    int rc = fpc_write_file_atomic(path, text, len) == 0 ? 0 : 1;
    free(path);
    free(text);
    return rc;
}

/* The parsed JSON body of a download (NULL after an error message). */
static fpj *job_json(const job *j)
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

static const job *find_job(const job *jobs, size_t n, job_role role, const char *type_id)
{
    for (size_t i = 0; i < n; i++)
        if (jobs[i].role == role && (!type_id || !strcmp(jobs[i].type_id, type_id)))
            return &jobs[i];
    return NULL;
}

/* The area overlay from the area lists and mappings among the downloads:
 * one hierarchy per child area type. 0 ok (m->text NULL when there is
 * nothing to make), 1 after an error message. */
static int make_overlay(const job *jobs, size_t n, const char *name, made *m)
{
    fpj *parsed[MAX_JOBS] = { 0 };
    fpf_hierarchy h[MAX_JOBS];
    size_t nh = 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        if (!strcmp(jobs[i].kind, "json") && jobs[i].role != R_META && !(parsed[i] = job_json(&jobs[i])))
            rc = 1;
    const job *regions = find_job(jobs, n, R_REGIONS, NULL);
    for (size_t i = 0; i < n && !rc; i++) {
        if (jobs[i].role != R_AREAS) continue;
        const job *par = find_job(jobs, n, R_PARENTS, NULL);
        const job *tp = find_job(jobs, n, R_TO_PARENT, jobs[i].type_id);
        const job *tr = find_job(jobs, n, R_TO_REGION, jobs[i].type_id);
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
static int make_ees_defs(const job *jobs, size_t n, const char *stem, made *m)
{
    const job *meta = find_job(jobs, n, R_META, NULL), *data = find_job(jobs, n, R_DATA, NULL);
    fpj *v = meta ? job_json(meta) : NULL;
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
        m->name = xprintf("%s.indicators.csv", stem);
        if (note) fprintf(stderr, "fingerpost: fetch: %s: warning: %s\n", meta->url, note);
    }
    fpj_free(v);
    return 0;
}

/* `fetch lookups`: what the overlay adds to and changes in the shipped
 * area identity, one line each on standard output; a conflict is an error
 * on standard error naming both lines. Returns the number of conflicts. */
static size_t report_overlay(const char *path)
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

int fpc_cmd_fetch(int argc, char **argv)
{
    fetch_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc < 0) return FPC_EXIT_OK;
    if (rc) return rc;
    if (!fpf_available() && !a.fo.offline) {
        fprintf(stderr, "fingerpost: fetch: this fingerpost was built without libcurl. To enable "
                "fetch, install libcurl4-openssl-dev (scripts/deps.sh does) and rebuild: cmake "
                "finds it. --offline still reads the cache.\n");
        return FPC_EXIT_USAGE;
    }
    /* A file size limit (ulimit -f) must fail a write, not kill the
     * process before it can remove its temporary files. */
    signal(SIGXFSZ, SIG_IGN);
    job jobs[MAX_JOBS];
    memset(jobs, 0, sizeof jobs);
    char *stem = NULL, **types = NULL;
    int lookups = !strcmp(a.source, "lookups"), ees = !strcmp(a.source, "ees");
    size_t n = lookups ? lookups_jobs(&a, jobs, &types)
               : ees ? ees_jobs(&a, jobs, &stem) : fingertips_jobs(&a, jobs, &stem);
    if (lookups) stem = fpc_strdup("lookups");
    rc = FPC_EXIT_OK;
    /* Everything is fetched into the cache first; --out gets files only when
     * every download succeeded, so a failure leaves no half set. */
    for (size_t i = 0; i < n && rc == FPC_EXIT_OK; i++)
        if (fpf_get(&a.fo, jobs[i].url, jobs[i].kind, &jobs[i].e) != 0) rc = FPC_EXIT_DATA;
    made m;
    memset(&m, 0, sizeof m);
    if (rc == FPC_EXIT_OK) {
        char *name = xprintf("%s.areas.csv", stem);
        if (ees ? make_ees_defs(jobs, n, stem, &m) : make_overlay(jobs, n, name, &m))
            rc = FPC_EXIT_DATA;
        free(name);
    }
    if (rc == FPC_EXIT_OK && fpf_mkdirs(a.out) != 0) {
        fpc_error(a.out, 0, 0, "cannot create the output folder: %s", strerror(errno));
        rc = FPC_EXIT_DATA;
    }
    char **written = fpc_xmalloc((n + 1) * sizeof *written);
    const char **labels = fpc_xmalloc((n + 1) * sizeof *labels);
    uint64_t *hashes = fpc_xmalloc((n + 1) * sizeof *hashes), *sizes = fpc_xmalloc((n + 1) * sizeof *sizes);
    const char **hows = fpc_xmalloc((n + 1) * sizeof *hows);
    size_t n_written = 0;
    for (size_t i = 0; i < n && rc == FPC_EXIT_OK; i++) {
        if (!jobs[i].name) continue;
        char *path = xprintf("%s/%s", a.out, jobs[i].name);
        if (fpf_install(&jobs[i].e, path) != 0) { rc = FPC_EXIT_DATA; free(path); break; }
        labels[n_written] = jobs[i].name;
        hashes[n_written] = jobs[i].e.hash;
        sizes[n_written] = jobs[i].e.bytes;
        hows[n_written] = jobs[i].e.how;
        written[n_written++] = path;
    }
    if (rc == FPC_EXIT_OK && m.text) {
        char *path = xprintf("%s/%s", a.out, m.name);
        if (fpc_write_file_atomic(path, m.text, m.len) != 0
            || fpf_hash_file(path, &m.hash, &m.bytes) != 0
            || fpf_keep(&a.fo, m.text, m.len, m.hash) != 0) {
            rc = FPC_EXIT_DATA;
            unlink(path);
            free(path);
        } else {
            labels[n_written] = m.name;
            hashes[n_written] = m.hash;
            sizes[n_written] = m.bytes;
            hows[n_written] = "made";
            written[n_written++] = path;
        }
    }
    if (rc == FPC_EXIT_OK && write_provenance(a.out, stem, jobs, n, &m, m.text ? 1 : 0) != 0)
        rc = FPC_EXIT_DATA;
    if (rc != FPC_EXIT_OK) {
        /* Never a data file without its metadata (or the reverse). */
        for (size_t i = 0; i < n_written; i++) unlink(written[i]);
    } else {
        for (size_t i = 0; i < n_written; i++)
            printf("%s\t%s#%016llx\t%s\t%llu bytes\n", written[i], labels[i],
                   (unsigned long long)hashes[i], hows[i], (unsigned long long)sizes[i]);
        /* The overlay is kept (it is what the source says), but a conflict
         * with the identity is a data error every later command will meet. */
        if (lookups && m.text && report_overlay(written[n_written - 1])) rc = FPC_EXIT_DATA;
    }
    for (size_t i = 0; i < n_written; i++) free(written[i]);
    free(written); free(labels); free(hashes); free(sizes); free(hows);
    free(m.name); free(m.text);
    for (size_t i = 0; i < n; i++) {
        free(jobs[i].url); free(jobs[i].name);
        fpf_entry_free(&jobs[i].e);
    }
    free(stem);
    fpc_free_strv(types);
    return rc;
}
