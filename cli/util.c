/* util.c -- messages, diagnostics, atomic outputs and small helpers shared
 * by every fingerpost subcommand (the table writer is in table.c). */
/* realpath() is an XSI function of POSIX.1-2008. */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

/* ------------------------------------------------------------ messages */

/* The formatted message, malloc'd (NULL on failure). */
static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int k = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (k < 0) return NULL;
    char *s = malloc((size_t)k + 1);
    if (s) vsnprintf(s, (size_t)k + 1, fmt, ap);
    return s;
}

/* Messages quote file names and data: both go through fpc_term_puts, so
 * escape sequences and bytes that are not UTF-8 never reach the terminal. */
static void vmsg(const char *kind, const char *file, size_t line, size_t col,
                 const char *fmt, va_list ap)
{
    char *msg = vformat(fmt, ap);
    fputs("fingerpost: ", stderr);
    if (file) {
        fpc_term_puts(stderr, file);
        if (line) fprintf(stderr, ":%zu", line);
        if (line && col) fprintf(stderr, ":%zu", col);
        fputs(": ", stderr);
    }
    if (kind) fputs(kind, stderr);
    fpc_term_puts(stderr, msg ? msg : fmt);
    fputc('\n', stderr);
    free(msg);
}

void fpc_error(const char *file, size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(NULL, file, line, col, fmt, ap);
    va_end(ap);
}

void fpc_warn(const char *file, size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", file, line, col, fmt, ap);
    va_end(ap);
}

int fpc_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fingerpost%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    fpc_term_puts(stderr, msg ? msg : fmt);
    free(msg);
    fprintf(stderr, "\nTry 'fingerpost%s%s --help' for more information.\n",
            cmd ? " " : "", cmd ? cmd : "");
    return FPC_EXIT_USAGE;
}

int fpc_progress_enabled(void)
{
    static int enabled = -1;
    if (enabled < 0) enabled = isatty(STDERR_FILENO) && !getenv("FINGERPOST_NO_PROGRESS");
    return enabled;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void fpc_progress(const char *label, size_t done, size_t total)
{
    static double start, last;
    static const char *cur;
    if (!fpc_progress_enabled()) return;
    double t = now_seconds();
    if (cur != label || done == 0) { cur = label; start = t; last = 0; }
    if (done < total && t - last < 0.1) return;
    last = t;
    double el = t - start, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\r%s: %zu/%zu (%.0f/s, %.0fs left)   ", label, done, total, rate, eta);
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

/* ------------------------------------------------------------- helpers */

void *fpc_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    return p;
}

void *fpc_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { fpc_error(NULL, 0, 0, "out of memory"); exit(FPC_EXIT_DATA); }
    return q;
}

char *fpc_strdup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = fpc_xmalloc(n);
    memcpy(d, s ? s : "", n);
    return d;
}

int fpc_parse_double(const char *s, int thousands, double *out)
{
    char tmp[128];
    size_t k = 0;
    while (*s == ' ' || *s == '\t') s++;
    for (; *s && k + 1 < sizeof tmp; s++) {
        if (thousands && *s == ',') continue;
        tmp[k++] = *s;
    }
    if (*s) return -1;                       /* too long to be a number */
    while (k > 0 && (tmp[k - 1] == ' ' || tmp[k - 1] == '\t')) k--;
    tmp[k] = '\0';
    if (k == 0) return -1;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (*end != '\0' || errno == ERANGE || isnan(v) || isinf(v)) return -1;
    *out = v;
    return 0;
}

uint64_t fpc_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        h ^= *q;
        h *= 1099511628211ULL;
    }
    return h;
}

char **fpc_split(const char *s, char sep, size_t *n)
{
    size_t cnt = 1;
    for (const char *p = s; *p; p++) cnt += (*p == sep);
    char **v = fpc_xmalloc((cnt + 1) * sizeof *v);
    size_t i = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == sep || *p == '\0') {
            size_t len = (size_t)(p - start);
            v[i] = fpc_xmalloc(len + 1);
            memcpy(v[i], start, len);
            v[i][len] = '\0';
            i++;
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    v[i] = NULL;
    if (n) *n = i;
    return v;
}

void fpc_free_strv(char **v)
{
    if (!v) return;
    for (char **p = v; *p; p++) free(*p);
    free(v);
}

const char *fpc_datadir(void)
{
    static char buf[4096];
    const char *env = getenv("FINGERPOST_DATA");
    struct stat st;
    if (env && *env) return env;
    const char *cands[] = { FP_SOURCE_DATADIR, FP_DATADIR };
    for (size_t i = 0; i < sizeof cands / sizeof *cands; i++) {
        snprintf(buf, sizeof buf, "%s/README.md", cands[i]);
        if (stat(buf, &st) == 0) return cands[i];
    }
    return NULL;
}

/* --------------------------------------------------- diagnostics list */

void fpc_diags_init(fpc_diags *d)
{
    memset(d, 0, sizeof *d);
}

void fpc_diags_free(fpc_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

void fpc_diags_add(fpc_diags *d, int is_error, const char *file, size_t line,
                   size_t col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_error) d->n_errors++; else d->n_warnings++;
    if (d->echo) {
        if (is_error) fpc_error(file, line, col, "%s", msg);
        else fpc_warn(file, line, col, "%s", msg);
    }
    if (d->max_kept && d->n >= d->max_kept) return;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 16;
        d->items = fpc_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    fpc_diag *it = &d->items[d->n++];
    it->file = fpc_strdup(file ? file : "");
    it->line = line;
    it->col = col;
    it->is_error = is_error;
    it->message = fpc_strdup(msg);
}

/* ------------------------------------------------------ atomic outputs */

/* Where an output to path goes: 0 with *target (malloc'd) the file to
 * replace by rename, 1 with *target the existing non-regular file to write
 * through to, -1 on error (message printed). A symbolic link resolves to
 * its target's real path, so the rename replaces the file and keeps the
 * link. */
static int out_target(const char *path, char **target)
{
    struct stat st;
    *target = NULL;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) { fpc_error(path, 0, 0, "cannot write output: %s", strerror(errno)); return -1; }
        *target = fpc_strdup(path);
        return 0;
    }
    if (S_ISLNK(st.st_mode)) {
        if (stat(path, &st) != 0) {
            fpc_error(path, 0, 0, "is a symbolic link to a missing file: refusing to write through it");
            return -1;
        }
        /* A link to a device, FIFO or pipe (/dev/stdout is one) is written
         * through by its own name: /proc's links to pipes have no path. */
        char *real = S_ISREG(st.st_mode) ? realpath(path, NULL) : NULL;
        if (S_ISREG(st.st_mode) && !real) {
            fpc_error(path, 0, 0, "cannot write output: %s", strerror(errno));
            return -1;
        }
        *target = fpc_strdup(real ? real : path);
        free(real);
    } else {
        *target = fpc_strdup(path);
    }
    if (S_ISDIR(st.st_mode)) {
        fpc_error(path, 0, 0, "is a directory");
        free(*target);
        *target = NULL;
        return -1;
    }
    return S_ISREG(st.st_mode) ? 0 : 1;
}

int fpc_out_open(fpc_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    char *target = NULL;
    int kind = path && strcmp(path, "-") != 0 ? out_target(path, &target) : 1;
    if (kind < 0) return -1;
    if (kind == 1) {
        /* Spool to an anonymous temporary file (not memory: outputs can be
         * larger than the input by several times) and copy on commit, to
         * stdout or through to the non-regular file. */
        o->fp = tmpfile();
        if (!o->fp) {
            fpc_error(NULL, 0, 0, "cannot buffer output: %s", strerror(errno));
            free(target);
            return -1;
        }
        o->path = target;
        return 0;
    }
    o->path = target;
    size_t n = strlen(target) + 16;
    o->tmp = fpc_xmalloc(n);
    snprintf(o->tmp, n, "%s.tmpXXXXXX", target);
    int fd = fpp_cleanup_mkstemp(o->tmp, &o->cleanup);
    if (fd < 0) {
        fpc_error(path, 0, 0, "cannot create output: %s", strerror(errno));
        free(o->path); free(o->tmp); o->path = o->tmp = NULL;
        return -1;
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd); unlink(o->tmp);
        fpp_cleanup_remove(o->cleanup);
        free(o->path); free(o->tmp); o->path = o->tmp = NULL;
        return -1;
    }
    return 0;
}

/* Copy the spool to dst. 0 ok, -1 error. */
static int spool_copy(FILE *spool, FILE *dst)
{
    char chunk[1 << 16];
    size_t got;
    if (fflush(spool) != 0 || ferror(spool) || fseek(spool, 0, SEEK_SET) != 0) return -1;
    while ((got = fread(chunk, 1, sizeof chunk, spool)) > 0)
        if (fwrite(chunk, 1, got, dst) != got) return -1;
    return ferror(spool) ? -1 : 0;
}

int fpc_out_commit(fpc_out *o)
{
    int rc = 0;
    if (!o->fp) return -1;
    if (o->path && !o->tmp) {
        /* Write through to an existing non-regular file, never replacing
         * it: no O_CREAT, no O_TRUNC (a device or FIFO has no length). */
        int fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        FILE *dst = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!dst) {
            if (fd >= 0) close(fd);
            rc = -1;
        } else {
            if (spool_copy(o->fp, dst) != 0) rc = -1;
            if (fclose(dst) != 0) rc = -1;
        }
        if (rc != 0) fpc_error(o->path, 0, 0, "cannot write output: %s", strerror(errno));
        fclose(o->fp);
        o->fp = NULL;
        free(o->path);
        o->path = NULL;
    } else if (o->path) {
        if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) rc = -1;
        if (fclose(o->fp) != 0) rc = -1;
        o->fp = NULL;
        if (rc == 0 && rename(o->tmp, o->path) != 0) rc = -1;
        if (rc != 0) {
            fpc_error(o->path, 0, 0, "cannot write output: %s", strerror(errno));
            unlink(o->tmp);
        }
        fpp_cleanup_remove(o->cleanup);
        free(o->path); free(o->tmp);
        o->path = o->tmp = NULL;
    } else {
        if (spool_copy(o->fp, stdout) != 0) rc = -1;
        fclose(o->fp);
        o->fp = NULL;
        if (rc == 0 && fflush(stdout) != 0) rc = -1;
        if (rc != 0) fpc_error(NULL, 0, 0, "cannot write to standard output: %s", strerror(errno));
    }
    return rc;
}

void fpc_out_abort(fpc_out *o)
{
    if (o->fp) fclose(o->fp);
    o->fp = NULL;
    if (o->tmp) unlink(o->tmp);
    fpp_cleanup_remove(o->cleanup);
    free(o->path); free(o->tmp);
    o->path = o->tmp = NULL;
    o->cleanup = 0;
}

int fpc_write_file_atomic(const char *path, const char *data, size_t len)
{
    fpc_out o;
    if (fpc_out_open(&o, path) != 0) return -1;
    if (len && fwrite(data, 1, len, o.fp) != len) { fpc_out_abort(&o); return -1; }
    return fpc_out_commit(&o);
}
