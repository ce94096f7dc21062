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
#include "fetch_jobs.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static void help(void)
{
    fputs(fpc_help_fetch, stdout);
}

enum { OPT_PROFILE = 256, OPT_DOMAIN, OPT_PARENT, OPT_DATASET, OPT_VERSION, OPT_CACHE,
       OPT_BASE, OPT_REFRESH, OPT_OFFLINE, OPT_TIMEOUT, OPT_RETRIES, OPT_RETRY_WAIT,
       OPT_MAX_SIZE };


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

/* The options that name what to fetch, checked against the source:
 * Fingertips' indicators or profile and area types, EES's data set, or the
 * lookups' area types. 0, or the exit status of a usage error (reported). */
static int check_source(const fetch_args *a)
{
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
    return check_source(a);
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
    size_t n = lookups ? fpf_lookups_jobs(&a, jobs, &types)
               : ees ? fpf_ees_jobs(&a, jobs, &stem) : fpf_fingertips_jobs(&a, jobs, &stem);
    if (lookups) stem = fpc_strdup("lookups");
    rc = FPC_EXIT_OK;
    /* Everything is fetched into the cache first; --out gets files only when
     * every download succeeded, so a failure leaves no half set. */
    for (size_t i = 0; i < n && rc == FPC_EXIT_OK; i++)
        if (fpf_get(&a.fo, jobs[i].url, jobs[i].kind, &jobs[i].e) != 0) rc = FPC_EXIT_DATA;
    made m;
    memset(&m, 0, sizeof m);
    if (rc == FPC_EXIT_OK) {
        char *name = fpf_xprintf("%s.areas.csv", stem);
        if (ees ? fpf_make_ees_defs(jobs, n, stem, &m) : fpf_make_overlay(jobs, n, name, &m))
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
        char *path = fpf_xprintf("%s/%s", a.out, jobs[i].name);
        if (fpf_install(&jobs[i].e, path) != 0) { rc = FPC_EXIT_DATA; free(path); break; }
        labels[n_written] = jobs[i].name;
        hashes[n_written] = jobs[i].e.hash;
        sizes[n_written] = jobs[i].e.bytes;
        hows[n_written] = jobs[i].e.how;
        written[n_written++] = path;
    }
    if (rc == FPC_EXIT_OK && m.text) {
        char *path = fpf_xprintf("%s/%s", a.out, m.name);
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
    if (rc == FPC_EXIT_OK && fpf_write_provenance(a.out, stem, jobs, n, &m, m.text ? 1 : 0) != 0)
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
        if (lookups && m.text && fpf_report_overlay(written[n_written - 1])) rc = FPC_EXIT_DATA;
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
