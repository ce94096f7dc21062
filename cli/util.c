/* util.c -- diagnostics, atomic outputs and small helpers shared by every
 * fingerpost subcommand (messages are in msg.c, the table writer in
 * table.c). */
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
    fpc_diags_summary(d);
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    free(d->groups);
    memset(d, 0, sizeof *d);
}

/* A message's kind, for the summary line: its format with every conversion
 * shown as "..." ("indicator '...': no unit given ..."). */
static void kind_text(const char *fmt, char *buf, size_t n)
{
    size_t k = 0;
    /* At most about 80 bytes, cut after a word. */
    if (n > 84) n = 84;
    for (const char *p = fmt; *p && k + 4 < n; p++) {
        if (*p != '%') { buf[k++] = *p; continue; }
        if (p[1] == '%') { buf[k++] = '%'; p++; continue; }
        p++;
        while (*p && !strchr("diouxXeEfgGcsp", *p)) p++;
        if (!*p) break;
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    if (strlen(fmt) > k + 4) {   /* cut: end at a space, and say so */
        char *sp = strrchr(buf, ' ');
        if (sp && sp > buf) k = (size_t)(sp - buf);
        memcpy(buf + k, " ...", 5);
    }
}

void fpc_diags_summary(fpc_diags *d)
{
    for (size_t i = 0; i < d->n_groups; i++) {
        fpc_diag_group *g = &d->groups[i];
        if (g->count > 1) {
            char kind[400];
            kind_text(g->fmt, kind, sizeof kind);
            fpc_warn(*g->file ? g->file : NULL, 0, 0, "%zu more warning%s of this kind: %s "
                     "(--verbose shows each)", g->count - 1, g->count == 2 ? "" : "s", kind);
        }
        free(g->file);
    }
    d->n_groups = 0;
}

/* Echo a warning unless it repeats the kind (file and message format) of
 * one already shown: 1 to show it. Groups are few (one per format per
 * file), so a linear scan is enough. */
static int warning_shown(fpc_diags *d, const char *file, const char *fmt)
{
    if (fpc_verbosity < 0) return 0;
    if (fpc_verbosity > 0) return 1;
    for (size_t i = 0; i < d->n_groups; i++) {
        fpc_diag_group *g = &d->groups[i];
        if (g->fmt == fmt && !strcmp(g->file, file ? file : "")) {
            g->count++;
            return 0;
        }
    }
    if (d->n_groups == d->cap_groups) {
        d->cap_groups = d->cap_groups ? 2 * d->cap_groups : 16;
        d->groups = fpc_xrealloc(d->groups, d->cap_groups * sizeof *d->groups);
    }
    d->groups[d->n_groups++] = (fpc_diag_group){ fpc_strdup(file), fmt, 1 };
    return 1;
}

/* Messages quote data: a longer one is cut (at a UTF-8 character
 * boundary), and says so. */
#define DIAG_MAX 2000

void fpc_diags_add(fpc_diags *d, int is_error, const char *file, size_t line,
                   size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = fpc_vformat(fmt, ap);
    va_end(ap);
    if (!msg) msg = fpc_strdup(fmt);
    size_t len = strlen(msg);
    if (len > DIAG_MAX) {
        size_t k = DIAG_MAX;
        while (k > 0 && ((unsigned char)msg[k] & 0xC0) == 0x80) k--;
        char tail[96];
        snprintf(tail, sizeof tail, "... (message cut: %zu bytes in all)", len);
        msg = fpc_xrealloc(msg, k + strlen(tail) + 1);
        memcpy(msg + k, tail, strlen(tail) + 1);
    }
    if (is_error) d->n_errors++; else d->n_warnings++;
    if (d->echo) {
        if (is_error) fpc_error(file, line, col, "%s", msg);
        else if (warning_shown(d, file, fmt)) fpc_warn(file, line, col, "%s", msg);
    }
    if (d->max_kept && d->n >= d->max_kept) { free(msg); return; }
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 16;
        d->items = fpc_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    fpc_diag *it = &d->items[d->n++];
    it->file = fpc_strdup(file ? file : "");
    it->line = line;
    it->col = col;
    it->is_error = is_error;
    it->message = msg;
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
