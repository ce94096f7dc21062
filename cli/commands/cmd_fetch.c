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
 *     as fingertipsR (fingertips_data, indicator_metadata) and fingertips_py call them;
 *   EES public API (base https://api.education.gov.uk/statistics):
 *     /v1/data-sets/ID/csv[?dataSetVersion=V] and /v1/data-sets/ID/meta[?dataSetVersion=V]
 *     as eesyapi's api_url("get-csv"/"get-meta") builds them.
 * Each data file X.csv gets X.meta.csv (Fingertips) or X.meta.json (EES)
 * beside it and X.provenance.txt saying where every file came from. The
 * Fingertips reader applies X.meta.csv by itself (read_ftmeta.c). */
#include "cli.h"
#include "fetch.h"
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
    printf(
"Usage: fingerpost fetch SOURCE [OPTION]...\n"
"Download data and its metadata into DIR (--out), through a cache that records\n"
"where and when every file came from. No other command touches the network.\n"
"\n"
"Sources:\n"
"  fingertips  OHID Fingertips: the API's CSV data (the web export's format) and\n"
"              the indicator metadata (definition, unit, value type, polarity,\n"
"              confidence interval details) beside it, which later commands use\n"
"              instead of inferring polarity and unit:\n"
"    -i, --indicator ID[,ID..]  indicator IDs (or --profile ID [--domain ID])\n"
"        --profile ID           every indicator of a profile\n"
"        --domain ID            only this domain (group) of the profile\n"
"    -t, --area-type ID         child area type (e.g. 402 upper-tier LAs 4/21-3/23,\n"
"                               502 from 4/23; 15 England, 6 regions)\n"
"        --parent-area-type ID  parent area type (default: the API's, regions)\n"
"  ees         DfE Explore Education Statistics public API: a data set's CSV and\n"
"              its metadata (filters, indicators, units) as JSON beside it:\n"
"        --data-set ID          the data set's ID (a GUID, from the EES data\n"
"                               catalogue)\n"
"        --version V            a data set version (default: the latest)\n"
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
"  ees_ID[_vV].csv, ees_ID[_vV].meta.json\n"
"  NAME.provenance.txt                 URL, time, ETag, Last-Modified, hash and\n"
"                                      size of each file\n"
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
"\n"
"Errors read 'fingerpost: fetch: URL: why' (the HTTP status, a timeout, an HTML\n"
"page or empty body refused); nothing partial is left. Exit status: 0 success,\n"
"1 download or data error, 2 usage error (also: built without libcurl).\n");
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
 * Fingertips' indicators or profile and area types, or EES's data set.
 * 0, or the exit status of a usage error (reported). */
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
    } else {
        return fpc_usage("fetch", "unknown source '%s' (fingertips or ees)", a->source);
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
    if (optind >= argc) return fpc_usage("fetch", "name a source: fingertips or ees");
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
    job jobs[2];
    memset(jobs, 0, sizeof jobs);
    size_t n = fpf_jobs(&a, jobs);
    rc = FPC_EXIT_OK;
    /* Everything is fetched into the cache first; --out gets files only when
     * every download succeeded, so a failure leaves no half set. */
    for (size_t i = 0; i < n && rc == FPC_EXIT_OK; i++)
        if (fpf_get(&a.fo, jobs[i].url, jobs[i].kind, &jobs[i].e) != 0) rc = FPC_EXIT_DATA;
    if (rc == FPC_EXIT_OK && fpf_mkdirs(a.out) != 0) {
        fpc_error(a.out, 0, 0, "cannot create the output folder: %s", strerror(errno));
        rc = FPC_EXIT_DATA;
    }
    char **written = fpc_xmalloc(n * sizeof *written);
    size_t n_written = 0;
    for (size_t i = 0; i < n && rc == FPC_EXIT_OK; i++) {
        char *path = fpf_xprintf("%s/%s", a.out, jobs[i].name);
        if (fpf_install(&jobs[i].e, path) != 0) { rc = FPC_EXIT_DATA; free(path); break; }
        written[n_written++] = path;
    }
    if (rc == FPC_EXIT_OK && fpf_write_provenance(a.out, jobs, n) != 0) rc = FPC_EXIT_DATA;
    if (rc != FPC_EXIT_OK) {
        /* Never a data file without its metadata (or the reverse). */
        for (size_t i = 0; i < n_written; i++) unlink(written[i]);
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s#%016llx\t%s\t%llu bytes\n", written[i], jobs[i].name,
                   (unsigned long long)jobs[i].e.hash, jobs[i].e.how,
                   (unsigned long long)jobs[i].e.bytes);
    }
    for (size_t i = 0; i < n_written; i++) free(written[i]);
    free(written);
    for (size_t i = 0; i < n; i++) {
        free(jobs[i].url); free(jobs[i].name);
        fpf_entry_free(&jobs[i].e);
    }
    return rc;
}

