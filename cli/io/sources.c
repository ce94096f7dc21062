/* sources.c -- the inputs of the CSV layer (read_csv.c).
 *
 * Every input is opened once and read once, so pipes, FIFOs, process
 * substitutions (<(...), /dev/fd/N) and standard input ("-") work like
 * files. Detecting a file's format reads its header (fpc__csv_read with
 * only_header) and leaves the input open, registered under its path, with
 * the bytes it read kept; the full read that follows replays those bytes
 * and then goes on reading the same descriptor, and closes it at the end.
 * Only the bytes up to the end of the header's block are kept (one read(),
 * at most 1 MiB), so memory stays bounded whatever the input. A source
 * detected but never read is closed by fpc_sources_close.
 *
 * A reader that needs two passes over a file (Fingertips: the main age of
 * each indicator first) reads it first with FPC_CSV_KEEP: a regular file
 * is then rewound for the second read; any other input (standard input, a
 * pipe, a FIFO) is kept in memory as it is read, and the second read
 * replays it -- so such an input costs its size in memory, and is still
 * opened once. */
#include "read_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

struct fpc_src {
    char *path;
    int fd;
    int own;                    /* close fd at the end (not standard input) */
    int regular;                /* a regular file (can be rewound) */
    size_t file_size;           /* a regular file's size when opened, else 0 */
    unsigned char *kept;        /* bytes read while detecting */
    size_t n_kept, cap_kept;
    size_t pos;                 /* next byte of kept to replay */
    int recording;              /* keep what is read (detection) */
};
typedef struct fpc_src src;

static src **srcs;
static size_t n_srcs;

static src *src_find(const char *path)
{
    for (size_t i = 0; i < n_srcs; i++)
        if (!strcmp(srcs[i]->path, path)) return srcs[i];
    return NULL;
}

/* Open path ("-": standard input) and register it; NULL with a
 * diagnostic when it cannot be opened. */
static src *src_open(const char *path, fpc_diags *diags)
{
    int own = strcmp(path, "-") != 0;
    int fd = own ? open(path, O_RDONLY) : STDIN_FILENO;
    if (fd < 0) {
        fpc_diags_add(diags, 1, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    src *s = fpc_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->path = fpc_strdup(path);
    s->fd = fd;
    s->own = own;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        s->file_size = (size_t)st.st_size;
        s->regular = 1;
    }
    srcs = fpc_xrealloc(srcs, (n_srcs + 1) * sizeof *srcs);
    srcs[n_srcs++] = s;
    return s;
}

static void src_close(src *s)
{
    for (size_t i = 0; i < n_srcs; i++)
        if (srcs[i] == s) {
            srcs[i] = srcs[--n_srcs];
            break;
        }
    if (s->own) close(s->fd);
    free(s->kept);
    free(s->path);
    free(s);
    if (!n_srcs) { free(srcs); srcs = NULL; }
}

void fpc__source_close(const char *path)
{
    src *s = src_find(path);
    if (s) src_close(s);
}

void fpc_sources_close(void)
{
    while (n_srcs) src_close(srcs[n_srcs - 1]);
}

ssize_t fpc__src_read(fpc_src *s, unsigned char *buf, size_t n)
{
    if (s->pos < s->n_kept) {
        size_t k = s->n_kept - s->pos < n ? s->n_kept - s->pos : n;
        memcpy(buf, s->kept + s->pos, k);
        s->pos += k;
        return (ssize_t)k;
    }
    ssize_t got = read(s->fd, buf, n);
    if (got > 0 && s->recording) {
        if (s->n_kept + (size_t)got > s->cap_kept) {
            s->cap_kept = s->n_kept + (size_t)got;
            s->kept = fpc_xrealloc(s->kept, s->cap_kept);
        }
        memcpy(s->kept + s->n_kept, buf, (size_t)got);
        s->n_kept += (size_t)got;
        s->pos = s->n_kept;
    }
    return got;
}

fpc_src *fpc__src_begin(const char *path, int only_header, int keep, size_t *file_size,
                        fpc_diags *diags)
{
    src *in = src_find(path);
    if (!in && !(in = src_open(path, diags))) return NULL;
    in->pos = 0;                /* replay what detection (or a first pass) read */
    in->recording = only_header || (keep && !in->regular);
    *file_size = in->file_size;
    return in;
}

void fpc__src_end(fpc_src *in, fpc_src_end how)
{
    if (how == FPC_SRC_LEAVE) {
        in->recording = 0;
    } else if (how == FPC_SRC_REWIND) {
        /* A first pass: the second read sees the same bytes (and so the
         * same problems, which it reports). A regular file is rewound and
         * read again; any other input replays what was kept. */
        in->recording = 0;
        if (in->regular && lseek(in->fd, 0, SEEK_SET) == 0) {
            free(in->kept);
            in->kept = NULL;
            in->n_kept = in->cap_kept = 0;
        }
        in->pos = 0;
    } else {
        src_close(in);
    }
}
