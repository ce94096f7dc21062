/* gnuplot.c -- the batch renderer: writes each chart's .gp/.dat/.csv and
 * runs gnuplot (posix_spawnp, no shell) on batches of charts, one process
 * per core.
 *
 * Each chart is rendered to a hidden temporary name in the output
 * directory, then verified (a complete SVG or PNG) and renamed into place,
 * so no 0-byte or partial image is ever left under a chart's name. gnuplot
 * stops a script at its first fatal error, so when a batch exits the
 * renderer verifies its charts in order: those before the first bad one
 * are done; the first bad one is run again on its own (a second failure is
 * final and keeps gnuplot's error message); the rest of the batch goes back
 * to the queue. One bad chart therefore costs one extra gnuplot start and
 * never stops the others. */
#include "plots_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void fpp_result_clear(fpp_result *r)
{
    if (!r) return;
    free(r->image); free(r->script); free(r->data); free(r->table); free(r->alt);
    free(r->message);
    memset(r, 0, sizeof *r);
}

static char *path_join(const char *dir, const char *name, const char *suffix)
{
    fpp__buf b;
    fpp__buf_init(&b);
    fpp__buf_add(&b, dir);
    if (b.len && b.s[b.len - 1] != '/') fpp__buf_add(&b, "/");
    fpp__buf_add(&b, name);
    fpp__buf_add(&b, suffix);
    return fpp__buf_take(&b);
}

/* Write data to path through a temporary file and rename. 0 ok, -1 error. */
static int write_atomic(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return -1;
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int h;
    int fd = fpp_cleanup_mkstemp(tmp, &h);
    if (fd < 0) { free(tmp); return -1; }
    fchmod(fd, 0644);
    size_t off = 0;
    while (off < len) {
        ssize_t k = write(fd, data + off, len - off);
        if (k < 0) { if (errno == EINTR) continue; break; }
        off += (size_t)k;
    }
    int rc = off == len ? 0 : -1;
    if (close(fd) != 0) rc = -1;
    if (rc == 0 && rename(tmp, path) != 0) rc = -1;
    if (rc != 0) unlink(tmp);
    fpp_cleanup_remove(h);
    free(tmp);
    return rc;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fpp__buf b;
    fpp__buf_init(&b);
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) fpp__buf_addn(&b, chunk, k);
    int err = ferror(fp);
    fclose(fp);
    if (err) { fpp__buf_free(&b); return NULL; }
    *len = b.len;
    return fpp__buf_take(&b);
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static int svg_attr(const char *svg, const char *name, int *out)
{
    const char *tag = strstr(svg, "<svg");
    if (!tag) return -1;
    const char *end = strchr(tag, '>');
    char pat[32];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *p = strstr(tag, pat);
    if (!p || (end && p > end)) return -1;
    *out = atoi(p + strlen(pat));
    return 0;
}

int fpp_verify_image(const char *path, fpp_format f, int *width, int *height)
{
    size_t len = 0;
    char *s = read_all(path, &len);
    if (!s) return -1;
    int ok = 0, w = 0, h = 0;
    if (f == FPP_PNG) {
        const unsigned char *u = (const unsigned char *)s;
        static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
        static const unsigned char iend[8] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D' };
        if (len >= 8 + 25 + 12 && !memcmp(u, sig, 8) && !memcmp(u + 12, "IHDR", 4) &&
            !memcmp(u + len - 12, iend, 8)) {
            w = (int)be32(u + 16);
            h = (int)be32(u + 20);
            ok = w > 0 && h > 0;
        }
    } else {
        size_t e = len;
        while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == ' ')) e--;
        ok = len > 0 && (!strncmp(s, "<?xml", 5) || !strncmp(s, "<svg", 4)) && e >= 6 &&
             !memcmp(s + e - 6, "</svg>", 6) && svg_attr(s, "width", &w) == 0 &&
             svg_attr(s, "height", &h) == 0;
    }
    free(s);
    if (!ok) return -1;
    if (width) *width = w;
    if (height) *height = h;
    return 0;
}

/* Put the chart's alt text into the SVG: gnuplot writes
 * <title>Gnuplot</title> and <desc>Produced by GNUPLOT ...</desc> right after
 * the <svg> tag; replace them (or insert after the tag when absent), add
 * role="img" and aria-labelledby, and write the result to `out`. */
static int svg_alt_text(const char *in, const char *out, const fpp_chart *c)
{
    size_t len;
    char *s = read_all(in, &len);
    if (!s) return -1;
    char *title = fpp_xml_escape(c->alt_title), *desc = fpp_xml_escape(c->alt_desc);
    int rc = -1;
    char *tag = strstr(s, "<svg");
    char *tag_end = tag ? strchr(tag, '>') : NULL;
    if (title && desc && tag_end) {
        fpp__buf b;
        fpp__buf_init(&b);
        fpp__buf_addn(&b, s, (size_t)(tag_end - s));
        if (tag_end > tag && tag_end[-1] == '/') { free(s); free(title); free(desc); fpp__buf_free(&b); return -1; }
        fpp__buf_add(&b, " role=\"img\" aria-labelledby=\"fp-title fp-desc\">\n<title id=\"fp-title\">");
        fpp__buf_add(&b, title);
        fpp__buf_add(&b, "</title>\n<desc id=\"fp-desc\">");
        fpp__buf_add(&b, desc);
        fpp__buf_add(&b, "</desc>");
        const char *rest = tag_end + 1;
        /* Drop gnuplot's own title and desc that follow the tag. */
        const char *p = rest;
        while (*p == '\n' || *p == ' ' || *p == '\r' || *p == '\t') p++;
        if (!strncmp(p, "<title>", 7)) {
            const char *e = strstr(p, "</title>");
            if (e) { rest = e + 8; p = rest; while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r') p++; }
        }
        if (!strncmp(p, "<desc>", 6)) {
            const char *e = strstr(p, "</desc>");
            if (e) rest = e + 7;
        }
        fpp__buf_add(&b, rest);
        if (!b.failed) rc = write_atomic(out, b.s, b.len);
        fpp__buf_free(&b);
    }
    free(s); free(title); free(desc);
    return rc;
}

/* The .alt.txt sidecar: the title on one line, a blank line, the
 * description, as UTF-8 text to paste into a word processor's alt-text box.
 * Returns a malloc'd string or NULL on allocation failure. */
static char *alt_text_file(const fpp_chart *c)
{
    fpp__buf b;
    fpp__buf_init(&b);
    fpp__buf_plain(&b, c->alt_title, 0);
    fpp__buf_add(&b, "\n\n");
    fpp__buf_plain(&b, c->alt_desc, 1);
    fpp__buf_add(&b, "\n");
    return fpp__buf_take(&b);
}

/* Put the chart's alt text into the PNG as iTXt "Title" and "Description"
 * chunks (png_text.c) and write the result to `out`. */
static int png_alt_text(const char *in, const char *out, const fpp_chart *c)
{
    size_t len;
    char *s = read_all(in, &len);
    if (!s) return -1;
    unsigned char *png = NULL;
    size_t n = 0;
    int rc = fpp__png_add_text((const unsigned char *)s, len, c->alt_title, c->alt_desc, &png, &n);
    free(s);
    if (rc != FP_OK) return -1;
    rc = write_atomic(out, (const char *)png, n);
    free(png);
    return rc;
}

/* ------------------------------------------------------------- workers */

typedef struct worker {
    size_t next, end;       /* its share of the job list still to run: [next, end) */
    size_t a, b;            /* the running batch: jobs [a, b) */
    int single;             /* the running batch is a retry of one chart */
    pid_t pid;              /* 0 when idle; also its process group */
    double started;         /* when the running batch started (monotonic s) */
    int h_group;            /* cleanup handles: the gnuplot group, */
    int h_script, h_err;    /* the batch script and the stderr capture */
    char *script, *err;     /* batch script and stderr capture paths */
    char *arg;              /* the script path as given to gnuplot */
} worker;

typedef struct render {
    fpp_chart *const *charts;
    fpp_result *results;
    const fpp_render_opts *o;
    fpp_style style;
    const char *dir, *gnuplot, *ext;
    size_t *jobs;           /* chart indices to render */
    char **tmp;             /* per chart: temporary image path */
    int *h_tmp;             /* per chart: its cleanup handle while rendering */
    size_t settled, total;
    double timeout;         /* seconds per batch; <= 0: none */
    int stalls;             /* batches in a row that timed out with no chart done */
    int spawn_failed;
    char spawn_msg[256];
} render;

/* After this many timeouts in a row with nothing finished, gnuplot is
 * taken to be stuck and the charts left are failed without a try. */
#define MAX_STALLS 3

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Unlink chart ci's temporary image and drop its cleanup entry. */
static void drop_tmp(render *R, size_t ci)
{
    if (R->tmp[ci]) unlink(R->tmp[ci]);
    fpp_cleanup_remove(R->h_tmp[ci]);
    R->h_tmp[ci] = 0;
}

static void settle(render *R)
{
    R->settled++;
    if (R->o->progress) R->o->progress(R->o->progress_ctx, R->settled, R->total);
}

/* Gnuplot's last meaningful stderr line (its error message). */
static char *last_error(const char *errpath)
{
    size_t len;
    char *s = read_all(errpath, &len);
    if (!s) return strdup("gnuplot failed");
    char *best = NULL;
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t') line++;
        if (!*line || *line == '^') continue;
        if (strstr(line, "line ")) best = line;    /* '"x.gp" line 12: message' */
        else if (!best) best = line;
    }
    char *r = strdup(best ? best : "gnuplot failed without a message");
    free(s);
    return r;
}

/* Write the batch script for jobs [a, b) and start gnuplot on it. */
static int spawn_batch(render *R, worker *w)
{
    fpp__buf b;
    fpp__buf_init(&b);
    for (size_t j = w->a; j < w->b; j++) {
        size_t ci = R->jobs[j];
        char *sc = fpp_chart_script(R->charts[ci], &R->style, R->tmp[ci]);
        if (!sc) { fpp__buf_free(&b); return FP_ENOMEM; }
        fpp__buf_add(&b, "reset session\n");
        fpp__buf_add(&b, sc);
        free(sc);
        unlink(R->tmp[ci]);
        if (!R->h_tmp[ci]) R->h_tmp[ci] = fpp_cleanup_add_file(R->tmp[ci]);
    }
    if (b.failed || write_atomic(w->script, b.s ? b.s : "", b.len) != 0) {
        fpp__buf_free(&b);
        snprintf(R->spawn_msg, sizeof R->spawn_msg, "cannot write batch script %s: %s",
                 w->script, strerror(errno));
        return FP_EINVAL;
    }
    fpp__buf_free(&b);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, w->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    /* gnuplot gets a process group of its own, so a timeout or a signal
     * kills whatever it started too, with the default dispositions and an
     * empty signal mask. SIGINT and SIGTERM are blocked here from the spawn
     * until the group is registered, so a signal in between cannot leave
     * it running. */
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t none, dfl, blk, old;
    sigemptyset(&none);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGINT);
    sigaddset(&dfl, SIGTERM);
    sigaddset(&dfl, SIGPIPE);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                  POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &dfl);
    sigemptyset(&blk);
    sigaddset(&blk, SIGINT);
    sigaddset(&blk, SIGTERM);
    sigprocmask(SIG_BLOCK, &blk, &old);
    char *argv[] = { (char *)R->gnuplot, w->arg, NULL };
    int e = posix_spawnp(&w->pid, R->gnuplot, &fa, &at, argv, environ);
    if (e == 0) w->h_group = fpp_cleanup_add_group(w->pid);
    sigprocmask(SIG_SETMASK, &old, NULL);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        w->pid = 0;
        snprintf(R->spawn_msg, sizeof R->spawn_msg, "cannot run %s: %s", R->gnuplot, strerror(e));
        return FP_ENOTFOUND;
    }
    w->started = now_mono();
    return FP_OK;
}

/* The directory chart ci is written to: its own (opts->dirs) or the
 * batch's. */
static const char *chart_dir(const render *R, size_t ci)
{
    return R->o->dirs && R->o->dirs[ci] ? R->o->dirs[ci] : R->dir;
}

/* Finish one chart whose temporary image verified: add the alt text and
 * write the image atomically under its final name. */
static int finish_chart(render *R, size_t ci)
{
    fpp_result *res = &R->results[ci];
    char *final = path_join(chart_dir(R, ci), R->charts[ci]->name, R->ext[0] == 's' ? ".svg" : ".png");
    if (!final) return -1;
    int rc;
    if (R->style.format == FPP_SVG) rc = svg_alt_text(R->tmp[ci], final, R->charts[ci]);
    else rc = png_alt_text(R->tmp[ci], final, R->charts[ci]);
    drop_tmp(R, ci);
    if (rc != 0) {
        free(final);
        res->outcome = FPP_FAILED;
        res->message = strdup("cannot write the image");
        return -1;
    }
    res->outcome = FPP_RENDERED;
    res->image = final;
    return 0;
}

/* A worker's gnuplot exited with `failed` nonzero when its exit status was
 * not 0: settle what it made and plan what is next. gnuplot stops at its
 * first error, so the first chart without a complete image is the bad one;
 * when every image is complete but gnuplot still failed, the error came
 * after the last chart's image was written and that chart is the bad one.
 * With timed_out, gnuplot was killed: the first chart without a complete
 * image is where it hung and fails at once (a retry would hang again). */
static void batch_done(render *R, worker *w, int failed, int timed_out)
{
    size_t bad = w->b;
    for (size_t j = w->a; j < w->b; j++)
        if (fpp_verify_image(R->tmp[R->jobs[j]], R->style.format, NULL, NULL) != 0) {
            bad = j;
            break;
        }
    if (bad == w->b && failed && !timed_out) bad = w->b - 1;
    for (size_t j = w->a; j < bad; j++) {
        finish_chart(R, R->jobs[j]);
        settle(R);
    }
    for (size_t j = bad; j < w->b; j++) drop_tmp(R, R->jobs[j]);
    if (timed_out) R->stalls = bad > w->a ? 0 : R->stalls + 1;
    else R->stalls = 0;
    if (bad == w->b) {
        w->next = w->b;
    } else if (timed_out) {
        size_t ci = R->jobs[bad];
        char msg[96];
        snprintf(msg, sizeof msg, "gnuplot did not finish within %g s (killed)", R->timeout);
        R->results[ci].outcome = FPP_FAILED;
        R->results[ci].message = strdup(msg);
        settle(R);
        w->next = bad + 1;
    } else if (w->single) {
        size_t ci = R->jobs[bad];
        R->results[ci].outcome = FPP_FAILED;
        R->results[ci].message = last_error(w->err);
        settle(R);
        w->next = bad + 1;
    } else {
        /* Run the bad chart on its own, then go on after it. */
        w->next = bad;
        w->single = 2;  /* next batch is a single retry */
        return;
    }
    w->single = 0;
}

static int start_next(render *R, worker *w)
{
    if (w->next >= w->end) return 0;
    if (R->stalls >= MAX_STALLS) {
        snprintf(R->spawn_msg, sizeof R->spawn_msg,
                 "not rendered: gnuplot timed out %d times in a row without finishing a chart",
                 MAX_STALLS);
        return 0;
    }
    size_t per = R->o->per_process ? R->o->per_process : FPP_PER_PROCESS;
    w->a = w->next;
    if (w->single == 2) {
        w->b = w->a + 1;
        w->single = 1;
    } else {
        w->b = w->a + per < w->end ? w->a + per : w->end;
        w->single = w->b - w->a == 1;
    }
    int rc = spawn_batch(R, w);
    return rc;
}

/* Refuse an output directory (or a per-chart one) whose name gnuplot would
 * misread: every result gets the message. FP_OK or FP_EINVAL. */
static int check_dirs(size_t n, const char *dir, const fpp_render_opts *opts,
                      fpp_result *results)
{
    const char *why = fpp_path_problem(dir);
    for (size_t i = 0; !why && opts->dirs && i < n; i++)
        if (opts->dirs[i]) why = fpp_path_problem(opts->dirs[i]);
    if (!why) return FP_OK;
    char msg[160];
    snprintf(msg, sizeof msg, "the output directory's name %s (gnuplot would write elsewhere)", why);
    for (size_t i = 0; i < n; i++) results[i].message = strdup(msg);
    return FP_EINVAL;
}

/* Set up the render of n charts: options, gnuplot's name, the job list
 * and the temporary paths. FP_OK or FP_ENOMEM (nothing to free). */
static int render_init(render *R, fpp_chart *const *charts, size_t n, const char *dir,
                       const fpp_render_opts *opts, fpp_result *results)
{
    memset(R, 0, sizeof *R);
    R->charts = charts;
    R->results = results;
    R->o = opts;
    R->style = opts->style;
    R->dir = dir;
    R->ext = fpp_format_ext(R->style.format);
    R->gnuplot = opts->gnuplot ? opts->gnuplot : getenv("FINGERPOST_GNUPLOT");
    if (!R->gnuplot || !*R->gnuplot) R->gnuplot = "gnuplot";
    R->total = n;
    if (opts->progress) opts->progress(opts->progress_ctx, 0, n);
    R->timeout = opts->timeout == 0 ? FPP_TIMEOUT : opts->timeout;
    R->jobs = malloc((n ? n : 1) * sizeof *R->jobs);
    R->tmp = calloc(n ? n : 1, sizeof *R->tmp);
    R->h_tmp = calloc(n ? n : 1, sizeof *R->h_tmp);
    if (!R->jobs || !R->tmp || !R->h_tmp) {
        free(R->jobs); free(R->tmp); free(R->h_tmp);
        return FP_ENOMEM;
    }
    return FP_OK;
}

/* Write chart i's sidecars (script, data, table, alt text) into cdir.
 * FP_OK; FP_ENOMEM; or 1 when a file could not be written (the chart has
 * failed and is settled). */
static int write_sidecars(render *R, size_t i, const char *cdir, const char *ext_dot)
{
    fpp_chart *c = R->charts[i];
    fpp_result *res = &R->results[i];
    int rc = FP_OK;
    char *image_name = path_join("", c->name, ext_dot);
    char *sc = image_name ? fpp_chart_script(c, &R->style, image_name) : NULL;
    res->script = path_join(cdir, c->name, ".gp");
    res->data = path_join(cdir, c->name, ".dat");
    res->table = path_join(cdir, c->name, ".csv");
    res->alt = path_join(cdir, c->name, ".alt.txt");
    char *alt = alt_text_file(c);
    if (!sc || !res->script || !res->data || !res->table || !res->alt || !alt) rc = FP_ENOMEM;
    else if (write_atomic(res->script, sc, strlen(sc)) != 0 ||
             write_atomic(res->data, c->data, strlen(c->data)) != 0 ||
             write_atomic(res->table, c->csv, strlen(c->csv)) != 0 ||
             write_atomic(res->alt, alt, strlen(alt)) != 0) {
        res->outcome = FPP_FAILED;
        char msg[512];
        snprintf(msg, sizeof msg, "cannot write files in %s: %s", cdir, strerror(errno));
        res->message = strdup(msg);
        free(res->script); free(res->data); free(res->table); free(res->alt);
        res->script = res->data = res->table = res->alt = NULL;
        settle(R);
        rc = 1;
    }
    free(sc); free(image_name); free(alt);
    return rc;
}

/* The sidecars of every chart and the list of charts to render (with
 * their temporary image paths) in R->jobs[0..*njobs). FP_OK or FP_ENOMEM. */
static int prepare_jobs(render *R, size_t n, size_t *njobs)
{
    int rc = FP_OK;
    char sfx[64];
    snprintf(sfx, sizeof sfx, ".tmp%ld.%s", (long)getpid(), R->ext);
    char ext_dot[8];
    snprintf(ext_dot, sizeof ext_dot, ".%s", R->ext);
    for (size_t i = 0; i < n && rc == FP_OK; i++) {
        fpp_chart *c = R->charts[i];
        const char *cdir = chart_dir(R, i);
        if (c->empty) { R->results[i].outcome = FPP_SKIPPED; settle(R); continue; }
        if (!R->o->no_sidecars) {
            int e = write_sidecars(R, i, cdir, ext_dot);
            if (e == 1) continue;
            rc = e;   /* FP_ENOMEM: this chart is still listed, the loop ends */
        }
        fpp__buf b;
        fpp__buf_init(&b);
        fpp__buf_add(&b, cdir);
        if (b.len && b.s[b.len - 1] != '/') fpp__buf_add(&b, "/");
        fpp__buf_add(&b, ".");
        fpp__buf_add(&b, c->name);
        fpp__buf_add(&b, sfx);
        R->tmp[i] = fpp__buf_take(&b);
        if (!R->tmp[i]) rc = FP_ENOMEM;
        R->jobs[(*njobs)++] = i;
    }
    return rc;
}

/* Give each of nw workers a contiguous share of the njobs jobs and its
 * batch script and stderr paths in dir. FP_OK or FP_ENOMEM. */
static int workers_init(worker *W, size_t nw, size_t njobs, const char *dir)
{
    for (size_t k = 0; k < nw; k++) {
        W[k].next = njobs * k / nw;
        W[k].end = njobs * (k + 1) / nw;
        char name[96];
        snprintf(name, sizeof name, ".fp-batch-%ld-%zu.gp", (long)getpid(), k);
        W[k].script = path_join(dir, name, "");
        snprintf(name, sizeof name, ".fp-batch-%ld-%zu.err", (long)getpid(), k);
        W[k].err = path_join(dir, name, "");
        /* A directory beginning with '-' would make the script path look
         * like an option to gnuplot: "./-dir/..." cannot. */
        W[k].arg = W[k].script && W[k].script[0] == '-' ? path_join("./", W[k].script, "")
                 : W[k].script ? strdup(W[k].script) : NULL;
        if (!W[k].script || !W[k].err || !W[k].arg) return FP_ENOMEM;
        W[k].h_script = fpp_cleanup_add_file(W[k].script);
        W[k].h_err = fpp_cleanup_add_file(W[k].err);
    }
    return FP_OK;
}

/* Reap worker k if its batch has ended (killing it, and its whole process
 * group, when past its time) and start its next batch unless *rc is set.
 * 1 when reaped, else 0; *running is kept. */
static int reap_worker(render *R, worker *w, size_t *running, int *rc)
{
    int status, timed_out = 0;
    pid_t pid = waitpid(w->pid, &status, WNOHANG);
    if (pid == 0 && R->timeout > 0 && now_mono() - w->started > R->timeout) {
        kill(-w->pid, SIGKILL);
        while ((pid = waitpid(w->pid, &status, 0)) < 0 && errno == EINTR) {}
        timed_out = 1;
    }
    if (pid == 0) return 0;
    if (pid < 0 && errno == EINTR) return 0;
    int failed = pid < 0 || !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* The group may outlive its leader (a helper gnuplot started): kill
     * what is left of it, then forget it. */
    kill(-w->pid, SIGKILL);
    fpp_cleanup_remove(w->h_group);
    w->h_group = 0;
    w->pid = 0;
    (*running)--;
    batch_done(R, w, failed, timed_out);
    if (*rc == FP_OK) {
        int e = start_next(R, w);
        if (e) *rc = e;
        *running += w->pid != 0;
    }
    return 1;
}

/* Start the workers and run them until every batch has ended. Waits for
 * our own children only (never waitpid(-1), which could reap a child the
 * caller started): polls each worker, sleeping 1 ms between rounds; a
 * batch takes far longer than that. Returns rc, or the first error. */
static int run_workers(render *R, worker *W, size_t nw, int rc)
{
    size_t running = 0;
    for (size_t k = 0; k < nw && rc == FP_OK; k++) {
        int e = start_next(R, &W[k]);
        if (e) { rc = e; break; }
        running += W[k].pid != 0;
    }
    while (running > 0) {
        int reaped = 0;
        for (size_t k = 0; k < nw; k++)
            if (W[k].pid != 0) reaped |= reap_worker(R, &W[k], &running, &rc);
        if (!reaped) {
            struct timespec ts = { 0, 1000000 };
            nanosleep(&ts, NULL);
        }
    }
    return rc;
}

/* Fail what was not settled (gnuplot could not be started), remove the
 * batch files and free the workers and the render's lists. */
static void render_finish(render *R, worker *W, size_t nw, size_t njobs, size_t n)
{
    for (size_t j = 0; j < njobs; j++) {
        size_t ci = R->jobs[j];
        if (R->results[ci].outcome != FPP_FAILED || R->results[ci].message) continue;
        R->results[ci].outcome = FPP_FAILED;
        R->results[ci].message = strdup(R->spawn_msg[0] ? R->spawn_msg : "not rendered");
        drop_tmp(R, ci);
        settle(R);
    }
    for (size_t k = 0; k < nw && W; k++) {
        if (W[k].script) unlink(W[k].script);
        if (W[k].err) unlink(W[k].err);
        fpp_cleanup_remove(W[k].h_script);
        fpp_cleanup_remove(W[k].h_err);
        free(W[k].script); free(W[k].err); free(W[k].arg);
    }
    free(W);
    for (size_t i = 0; i < n; i++) { fpp_cleanup_remove(R->h_tmp[i]); free(R->tmp[i]); }
    free(R->tmp); free(R->jobs); free(R->h_tmp);
}

int fpp_render(fpp_chart *const *charts, size_t n, const char *dir,
               const fpp_render_opts *opts, fpp_result *results)
{
    if ((!charts && n) || !dir || !opts || (!results && n)) return FP_EINVAL;
    for (size_t i = 0; i < n; i++) {
        memset(&results[i], 0, sizeof results[i]);
        results[i].outcome = FPP_FAILED;  /* until rendered or skipped */
    }
    if (check_dirs(n, dir, opts, results) != FP_OK) return FP_EINVAL;
    render R;
    if (render_init(&R, charts, n, dir, opts, results) != FP_OK) return FP_ENOMEM;
    size_t njobs = 0;
    int rc = prepare_jobs(&R, n, &njobs);

    /* Workers: contiguous shares of the job list. */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nw = opts->jobs ? opts->jobs : (ncpu > 0 ? (size_t)ncpu : 1);
    if (nw > njobs) nw = njobs;
    worker *W = calloc(nw ? nw : 1, sizeof *W);
    if (!W) rc = FP_ENOMEM;
    if (rc == FP_OK) rc = workers_init(W, nw, njobs, dir);
    rc = run_workers(&R, W, nw, rc);
    render_finish(&R, W, nw, njobs, n);
    return rc;
}
