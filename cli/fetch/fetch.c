/* fetch.c -- one HTTP GET into the cache with provenance (see fetch.h).
 *
 * Behaviour on a bad network, as `fingerpost fetch --help` documents it:
 * a connection that does not open, or a transfer that receives nothing,
 * within the timeout is abandoned; 5xx, 408 and 429 answers, timeouts,
 * broken connections and bodies shorter than their Content-Length are
 * retried with exponential backoff; other 4xx answers are final. Redirects
 * are followed (at most 5, http and https only). A body larger than the
 * size limit, empty, or an HTML page (an error page served with 200) is
 * refused. The body goes to a temporary file in the cache's objects/
 * folder, registered for removal on SIGINT/SIGTERM (fpp_cleanup_add_file),
 * and is renamed to its hash only when complete and checked.
 *
 * Built without libcurl (FP_HAVE_CURL undefined), fpf_get only serves
 * --offline requests from the cache; fpf_available says which. */
#include "fetch.h"
#include "cli.h"
#include "io.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef FP_HAVE_CURL
#include <curl/curl.h>
#endif

#define FNV_OFFSET 1469598103934665603ULL
#define HASH_BLOCK ((size_t)1 << 20)

void fpf_opts_init(fpf_opts *o)
{
    memset(o, 0, sizeof *o);
    o->timeout = 30;
    o->retries = 3;
    o->retry_wait = 1;
    o->max_bytes = (uint64_t)1 << 30;
}

void fpf_entry_free(fpf_entry *e)
{
    if (!e) return;
    free(e->url); free(e->fetched); free(e->etag); free(e->last_modified);
    free(e->content_type); free(e->object);
    memset(e, 0, sizeof *e);
}

int fpf_available(void)
{
#ifdef FP_HAVE_CURL
    return 1;
#else
    return 0;
#endif
}

static void fetch_error(const char *url, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fetch_error(const char *url, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fingerpost: fetch: %s: ", url);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

char *fpf_cache_default(void)
{
    const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    const char *base = x && *x == '/' ? x : NULL;
    const char *tail = base ? "/fingerpost" : "/.cache/fingerpost";
    if (!base) base = h && *h ? h : NULL;
    if (!base) return NULL;
    size_t n = strlen(base) + strlen(tail) + 1;
    char *s = fpc_xmalloc(n);
    snprintf(s, n, "%s%s", base, tail);
    return s;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = fpc_xmalloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

int fpf_mkdirs(const char *path)
{
    char *p = fpc_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) { free(p); return -1; }
        *s = '/';
    }
    int rc = mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

/* The reader (cli/io/read_csv.c) hashes each read() of up to 1 MiB; a
 * regular file gives whole blocks but the last, so whole blocks are
 * assembled here too. */
int fpf_hash_file(const char *path, uint64_t *hash, uint64_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    unsigned char *buf = fpc_xmalloc(HASH_BLOCK);
    uint64_t h = FNV_OFFSET, total = 0;
    int rc = 0;
    for (;;) {
        size_t have = 0;
        while (have < HASH_BLOCK) {
            ssize_t got = read(fd, buf + have, HASH_BLOCK - have);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) { rc = -1; break; }
            if (got == 0) break;
            have += (size_t)got;
        }
        if (rc || have == 0) break;
        fpc_fnv_words(&h, buf, have);
        total += have;
        if (have < HASH_BLOCK) break;
    }
    free(buf);
    close(fd);
    *hash = h;
    if (bytes) *bytes = total;
    return rc;
}

#ifdef FP_HAVE_CURL
static char *now_iso(void)
{
    char buf[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return fpc_strdup(buf);
}
#endif

/* ------------------------------------------------------- cache entries */

static char *url_entry_path(const char *cache, const char *url)
{
    char name[40];
    snprintf(name, sizeof name, "urls/%016llx", (unsigned long long)fpc_hash_str(url));
    return join(cache, name);
}

static char *object_path(const char *cache, uint64_t hash)
{
    char name[40];
    snprintf(name, sizeof name, "objects/%016llx", (unsigned long long)hash);
    return join(cache, name);
}

/* Read the latest entry for url (0 found, -1 none or not this URL). */
static int entry_read(const char *cache, const char *url, fpf_entry *e)
{
    memset(e, 0, sizeof *e);
    char *p = url_entry_path(cache, url);
    FILE *fp = fopen(p, "r");
    free(p);
    if (!fp) return -1;
    char line[8192];
    int have_hash = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = '\0';
        const char *k = line, *v = eq + 1;
        char **dst = !strcmp(k, "url") ? &e->url : !strcmp(k, "fetched") ? &e->fetched
                   : !strcmp(k, "etag") ? &e->etag : !strcmp(k, "last_modified") ? &e->last_modified
                   : !strcmp(k, "content_type") ? &e->content_type : NULL;
        if (dst) { free(*dst); *dst = fpc_strdup(v); }
        else if (!strcmp(k, "hash")) have_hash = sscanf(v, "%" SCNx64, &e->hash) == 1;
        else if (!strcmp(k, "bytes")) sscanf(v, "%" SCNu64, &e->bytes);
    }
    fclose(fp);
    if (!e->url || strcmp(e->url, url) != 0 || !have_hash) { fpf_entry_free(e); return -1; }
    e->object = object_path(cache, e->hash);
    if (access(e->object, R_OK) != 0) { fpf_entry_free(e); return -1; }
    return 0;
}

static const char *nz(const char *s) { return s ? s : ""; }

#ifdef FP_HAVE_CURL
static int entry_write(const char *cache, const fpf_entry *e)
{
    char *p = url_entry_path(cache, e->url);
    size_t n = strlen(e->url) + strlen(nz(e->fetched)) + strlen(nz(e->etag))
             + strlen(nz(e->last_modified)) + strlen(nz(e->content_type)) + 200;
    char *text = fpc_xmalloc(n);
    int len = snprintf(text, n, "url=%s\nfetched=%s\netag=%s\nlast_modified=%s\nhash=%016llx\n"
                       "bytes=%llu\ncontent_type=%s\n", e->url, nz(e->fetched), nz(e->etag),
                       nz(e->last_modified), (unsigned long long)e->hash,
                       (unsigned long long)e->bytes, nz(e->content_type));
    int rc = fpc_write_file_atomic(p, text, (size_t)len);
    free(text);
    free(p);
    return rc;
}
#endif

/* One line of log.tsv, written with a single O_APPEND write. */
static void log_append(const char *cache, const fpf_entry *e)
{
    char *p = join(cache, "log.tsv");
    int fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    free(p);
    if (fd < 0) return;
    size_t n = strlen(e->url) + strlen(nz(e->etag)) + strlen(nz(e->last_modified)) + 128;
    char *line = fpc_xmalloc(n);
    int len = snprintf(line, n, "%s\t%s\t%s\t%016llx\t%llu\t%s\t%s\n", nz(e->fetched), e->how,
                       e->url, (unsigned long long)e->hash, (unsigned long long)e->bytes,
                       nz(e->etag), nz(e->last_modified));
    if (write(fd, line, (size_t)len) != len) { /* the log is informative only */ }
    free(line);
    close(fd);
}

#ifdef FP_HAVE_CURL
/* ------------------------------------------------------- body checks */

/* Nonzero when the body starts (after a BOM and white space) like HTML. */
static int looks_html(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i >= n || p[i] != '<') return 0;
    static const char *const tags[] = { "<!doctype html", "<html", "<head", "<body", "<!--", "<?xml", "<title" };
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
        size_t k = strlen(tags[t]);
        if (n - i >= k && strncasecmp((const char *)p + i, tags[t], k) == 0) return 1;
    }
    return 1;   /* any markup: neither CSV nor JSON starts with '<' */
}

/* Check the complete body at path: 0 usable, 1 refused (message printed). */
static int body_check(const char *url, const char *path, const char *kind, const char *ctype)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    unsigned char head[512];
    ssize_t got = fd >= 0 ? read(fd, head, sizeof head) : -1;
    if (fd >= 0) close(fd);
    if (got <= 0) {
        fetch_error(url, "the server sent an empty body; nothing was saved");
        return 1;
    }
    if ((ctype && strncasecmp(ctype, "text/html", 9) == 0) || looks_html(head, (size_t)got)) {
        fetch_error(url, "the server sent an HTML page (%s), not %s: an error or sign-in page; "
                    "nothing was saved", ctype && *ctype ? ctype : "no content type",
                    !strcmp(kind, "json") ? "JSON" : "CSV data");
        return 1;
    }
    if (!strcmp(kind, "json")) {
        size_t i = 0;
        while (i < (size_t)got && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) i++;
        if (i < (size_t)got && head[i] != '{' && head[i] != '[') {
            fetch_error(url, "the body is not JSON; nothing was saved");
            return 1;
        }
    }
    return 0;
}
#endif

/* ------------------------------------------------------------ transfer */

#ifdef FP_HAVE_CURL
typedef struct xfer {
    int fd;
    uint64_t bytes, max;
    int too_big, write_failed, write_errno;
    char *etag, *last_modified, *content_type;
    const char *url;
    double last_shown;
} xfer;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    xfer *x = ctx;
    size_t len = size * n;
    if (x->bytes + len > x->max) { x->too_big = 1; return 0; }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(x->fd, p + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) { x->write_failed = 1; x->write_errno = errno; return 0; }
        off += (size_t)w;
    }
    x->bytes += len;
    return len;
}

static char *header_value(const char *p, size_t len, const char *name)
{
    size_t k = strlen(name);
    if (len <= k || strncasecmp(p, name, k) != 0 || p[k] != ':') return NULL;
    const char *v = p + k + 1, *e = p + len;
    while (v < e && (*v == ' ' || *v == '\t')) v++;
    while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ')) e--;
    size_t n = (size_t)(e - v);
    if (n > 1000) n = 1000;
    char *s = fpc_xmalloc(n + 1);
    memcpy(s, v, n);
    s[n] = '\0';
    for (char *q = s; *q; q++) if (*q == '\t') *q = ' ';
    return s;
}

/* Headers of every response pass here; a new status line (after a
 * redirect) forgets the previous response's validators. */
static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    xfer *x = ctx;
    size_t len = size * n;
    char *v;
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
        free(x->etag); free(x->last_modified); free(x->content_type);
        x->etag = x->last_modified = x->content_type = NULL;
    } else if ((v = header_value(p, len, "etag"))) {
        free(x->etag); x->etag = v;
    } else if ((v = header_value(p, len, "last-modified"))) {
        free(x->last_modified); x->last_modified = v;
    } else if ((v = header_value(p, len, "content-type"))) {
        free(x->content_type); x->content_type = v;
    }
    return len;
}

static int on_progress(void *ctx, curl_off_t total, curl_off_t now, curl_off_t ut, curl_off_t un)
{
    xfer *x = ctx;
    (void)ut; (void)un;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
    if (t - x->last_shown < 0.2) return 0;
    x->last_shown = t;
    if (total > 0)
        fprintf(stderr, "\rfetch: %.1f of %.1f MB  ", (double)now / 1e6, (double)total / 1e6);
    else
        fprintf(stderr, "\rfetch: %.1f MB  ", (double)now / 1e6);
    fflush(stderr);
    return 0;
}

/* Outcome of one attempt. */
enum { ATT_OK, ATT_NOT_MODIFIED, ATT_RETRY, ATT_FAIL };

static int attempt(const fpf_opts *o, const char *url, const char *kind, const fpf_entry *old,
                   xfer *x, long *status, char *why, size_t why_n)
{
    CURL *h = curl_easy_init();
    if (!h) { snprintf(why, why_n, "cannot start libcurl"); return ATT_FAIL; }
    struct curl_slist *hdrs = NULL;
    char buf[1200];
    hdrs = curl_slist_append(hdrs, !strcmp(kind, "json") ? "Accept: application/json"
                                                          : "Accept: text/csv, */*;q=0.5");
    if (old && old->etag && *old->etag) {
        snprintf(buf, sizeof buf, "If-None-Match: %s", old->etag);
        hdrs = curl_slist_append(hdrs, buf);
    }
    if (old && old->last_modified && *old->last_modified) {
        snprintf(buf, sizeof buf, "If-Modified-Since: %s", old->last_modified);
        hdrs = curl_slist_append(hdrs, buf);
    }
    long tmo = o->timeout < 1 ? 1 : (long)o->timeout;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "fingerpost/" FP_VERSION_STRING);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, tmo);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, tmo);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    if (fpc_progress_enabled()) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
    }
    CURLcode cc = curl_easy_perform(h);
    if (fpc_progress_enabled() && x->last_shown > 0) fputs("\r\033[K", stderr);
    *status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_off_t want = -1;
    curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &want);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);

    if (x->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(why, why_n, "the body is larger than the limit of %llu bytes (--max-size); "
                 "nothing was saved", (unsigned long long)o->max_bytes);
        return ATT_FAIL;
    }
    if (x->write_failed) {
        snprintf(why, why_n, "cannot write to the cache: %s; nothing was saved",
                 strerror(x->write_errno));
        return ATT_FAIL;
    }
    if (cc == CURLE_PARTIAL_FILE) {
        snprintf(why, why_n, "the transfer ended early (%llu of %lld bytes)",
                 (unsigned long long)x->bytes, (long long)want);
        return ATT_RETRY;
    }
    if (cc == CURLE_OPERATION_TIMEDOUT) {
        snprintf(why, why_n, "timed out (nothing received for %ld s; --timeout)", tmo);
        return ATT_RETRY;
    }
    if (cc == CURLE_TOO_MANY_REDIRECTS || cc == CURLE_UNSUPPORTED_PROTOCOL
        || cc == CURLE_URL_MALFORMAT) {
        snprintf(why, why_n, "%s", curl_easy_strerror(cc));
        return ATT_FAIL;
    }
    if (cc != CURLE_OK) {
        snprintf(why, why_n, "%s", curl_easy_strerror(cc));
        return ATT_RETRY;
    }
    if (*status == 304 && old) return ATT_NOT_MODIFIED;
    if (*status >= 500 || *status == 408 || *status == 429) {
        snprintf(why, why_n, "HTTP %ld", *status);
        return ATT_RETRY;
    }
    if (*status != 200) {
        snprintf(why, why_n, "HTTP %ld%s", *status,
                 *status == 404 ? " (not found: check the IDs and --base-url)" : "");
        return ATT_FAIL;
    }
    if (want >= 0 && (uint64_t)want != x->bytes) {
        snprintf(why, why_n, "the transfer ended early (%llu of %lld bytes)",
                 (unsigned long long)x->bytes, (long long)want);
        return ATT_RETRY;
    }
    return ATT_OK;
}

static void pause_for(double s)
{
    if (s <= 0) return;
    struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) { }
}

/* A complete download in the temporary file t (its cleanup entry ch) made
 * an object of the cache, named by its hash, and described in e (x's
 * headers move to it). ATT_OK, or ATT_FAIL with t removed and the reason
 * in why (empty when body_check reported it). */
static int keep_download(const char *cache, const char *url, const char *kind, const char *t,
                         int ch, xfer *x, fpf_entry *e, char *why, size_t why_size)
{
    if (body_check(url, t, kind, x->content_type) != 0) {
        unlink(t);
        fpp_cleanup_remove(ch);
        why[0] = '\0';
        return ATT_FAIL;
    }
    uint64_t hash, bytes;
    if (fpf_hash_file(t, &hash, &bytes) != 0) {
        snprintf(why, why_size, "cannot read back the download: %s", strerror(errno));
        unlink(t); fpp_cleanup_remove(ch);
        return ATT_FAIL;
    }
    char *obj = object_path(cache, hash);
    if (rename(t, obj) != 0) {
        snprintf(why, why_size, "cannot write to the cache: %s", strerror(errno));
        unlink(t); fpp_cleanup_remove(ch); free(obj);
        return ATT_FAIL;
    }
    fpp_cleanup_remove(ch);
    memset(e, 0, sizeof *e);
    e->url = fpc_strdup(url);
    e->fetched = now_iso();
    e->etag = x->etag; e->last_modified = x->last_modified; e->content_type = x->content_type;
    x->etag = x->last_modified = x->content_type = NULL;
    e->object = obj;
    e->hash = hash;
    e->bytes = bytes;
    e->how = "downloaded";
    return ATT_OK;
}

/* Download into the cache; 0 ok (e filled), 1 failed (message printed). */
static int download(const fpf_opts *o, const char *cache, const char *url, const char *kind,
                    fpf_entry *old, fpf_entry *e)
{
    static int curl_ready;
    if (!curl_ready) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
            fetch_error(url, "cannot initialise libcurl");
            return 1;
        }
        curl_ready = 1;
    }
    char *objdir = join(cache, "objects");
    char *tmp = join(objdir, ".partXXXXXX");
    free(objdir);
    char why[512] = "";
    long status = 0;
    int outcome = ATT_FAIL;
    xfer x;
    memset(&x, 0, sizeof x);
    for (int k = 0; k <= o->retries; k++) {
        if (k > 0) {
            double wait = o->retry_wait;
            for (int j = 1; j < k; j++) wait *= 2;
            fprintf(stderr, "fingerpost: fetch: %s: %s; retrying in %g s (%d of %d)\n", url, why,
                    wait, k, o->retries);
            pause_for(wait);
        }
        free(x.etag); free(x.last_modified); free(x.content_type);
        memset(&x, 0, sizeof x);
        x.url = url;
        x.max = o->max_bytes;
        char *t = fpc_strdup(tmp);
        x.fd = mkstemp(t);
        if (x.fd < 0) {
            fetch_error(url, "cannot write to the cache %s: %s", cache, strerror(errno));
            free(t); free(tmp);
            return 1;
        }
        int ch = fpp_cleanup_add_file(t);
        outcome = attempt(o, url, kind, o->refresh ? NULL : old, &x, &status, why, sizeof why);
        if (outcome == ATT_OK && fsync(x.fd) != 0) {
            snprintf(why, sizeof why, "cannot write to the cache: %s; nothing was saved",
                     strerror(errno));
            outcome = ATT_FAIL;
        }
        if (close(x.fd) != 0 && outcome == ATT_OK) {
            snprintf(why, sizeof why, "cannot write to the cache: %s; nothing was saved",
                     strerror(errno));
            outcome = ATT_FAIL;
        }
        if (outcome == ATT_OK) {
            outcome = keep_download(cache, url, kind, t, ch, &x, e, why, sizeof why);
            free(t);
            break;
        }
        unlink(t);
        fpp_cleanup_remove(ch);
        free(t);
        if (outcome == ATT_NOT_MODIFIED) {
            *e = *old;
            memset(old, 0, sizeof *old);
            free(e->fetched);
            e->fetched = now_iso();
            e->how = "not-modified";
            break;
        }
        if (outcome == ATT_FAIL) break;
    }
    free(x.etag); free(x.last_modified); free(x.content_type);
    free(tmp);
    if (outcome == ATT_OK || outcome == ATT_NOT_MODIFIED) return 0;
    if (why[0]) {
        if (outcome == ATT_RETRY)
            fetch_error(url, "%s (gave up after %d attempts)", why, o->retries + 1);
        else
            fetch_error(url, "%s", why);
    }
    return 1;
}
#endif

int fpf_get(const fpf_opts *o, const char *url, const char *kind, fpf_entry *e)
{
    memset(e, 0, sizeof *e);
    char *cache = o->cache ? fpc_strdup(o->cache) : fpf_cache_default();
    if (!cache) {
        fetch_error(url, "no cache folder: set XDG_CACHE_HOME or HOME, or give --cache DIR");
        return 1;
    }
    char *objdir = join(cache, "objects"), *urldir = join(cache, "urls");
    int ok = fpf_mkdirs(objdir) == 0 && fpf_mkdirs(urldir) == 0;
    int saved = errno;
    free(objdir); free(urldir);
    if (!ok) {
        fetch_error(url, "cannot create the cache folder %s: %s", cache, strerror(saved));
        free(cache);
        return 1;
    }
    fpf_entry old;
    int have_old = entry_read(cache, url, &old) == 0;
    int rc = 1;
    if (o->offline) {
        if (!have_old) {
            fetch_error(url, "not in the cache %s (--offline: no download was tried)", cache);
        } else {
            *e = old;
            memset(&old, 0, sizeof old);
            e->how = "offline";
            rc = 0;
        }
    } else {
#ifdef FP_HAVE_CURL
        rc = download(o, cache, url, kind, have_old ? &old : NULL, e);
        if (rc == 0 && entry_write(cache, e) != 0) rc = 1;
#else
        (void)kind;
        fetch_error(url, "this fingerpost was built without libcurl: install libcurl4-openssl-dev "
                    "(scripts/deps.sh does) and rebuild; --offline still reads the cache");
#endif
    }
    if (rc == 0) log_append(cache, e);
    if (have_old) fpf_entry_free(&old);
    free(cache);
    return rc;
}

int fpf_install(const fpf_entry *e, const char *path)
{
    int in = open(e->object, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        fpc_error(e->object, 0, 0, "cannot read the cached download: %s", strerror(errno));
        return 1;
    }
    fpc_out o;
    if (fpc_out_open(&o, path) != 0) { close(in); return 1; }
    char *buf = fpc_xmalloc(1 << 16);
    int rc = 0;
    for (;;) {
        ssize_t got = read(in, buf, 1 << 16);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) { rc = 1; break; }
        if (got == 0) break;
        if (fwrite(buf, 1, (size_t)got, o.fp) != (size_t)got) { rc = 1; break; }
    }
    free(buf);
    close(in);
    if (rc == 0 && fflush(o.fp) != 0) rc = 1;
    if (rc != 0) {
        fpc_error(path, 0, 0, "cannot write: %s; nothing was saved", strerror(errno));
        fpc_out_abort(&o);
        return 1;
    }
    return fpc_out_commit(&o) == 0 ? 0 : 1;
}

int fpf_keep(const fpf_opts *o, const char *text, size_t len, uint64_t hash)
{
    char *cache = o->cache ? fpc_strdup(o->cache) : fpf_cache_default();
    if (!cache) return 1;
    char *objdir = join(cache, "objects");
    char *path = object_path(cache, hash);
    struct stat st;
    int rc = 0;
    /* Objects are never rewritten: the same hash is the same bytes. */
    if (stat(path, &st) != 0)
        rc = fpf_mkdirs(objdir) == 0 && fpc_write_file_atomic(path, text, len) == 0 ? 0 : 1;
    free(path); free(objdir); free(cache);
    return rc;
}
