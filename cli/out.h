/* out.h -- outputs written atomically (util.c): a temporary file renamed
 * into place. Part of the CLI's shared helpers (cli.h includes every
 * one); names start with fpc_. */
#ifndef FP_CLI_OUT_H
#define FP_CLI_OUT_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"
#include "msg.h"

/* ------------------------------------------------------ atomic outputs */

/* An output that appears only when complete: a regular file is written to a
 * temporary file in the same directory and renamed over the target on
 * fpc_out_commit; stdout ("-" or NULL path) is spooled to an anonymous
 * temporary file and copied out on commit, so a failed run never leaves partial output.
 * A target that exists and is not a regular file (/dev/null, a FIFO, a
 * character device) is never replaced: the output is spooled the same way
 * and written through to it on commit. A symbolic link is followed: the
 * regular file it points to is replaced atomically and the link stays; a
 * link to anything else (/dev/stdout) is written through; a link to
 * nothing is refused. A directory is refused. The temporary file is
 * registered for removal on SIGINT/SIGTERM (fpp_cleanup_add_file).
 * fpc_out_abort discards everything. */
typedef struct fpc_out {
    FILE *fp;           /* write here */
    char *path;         /* target path (a link's target), NULL for stdout */
    char *tmp;          /* temporary path, NULL when spooled */
    int cleanup;        /* cleanup handle of tmp */
} fpc_out;

int fpc_out_open(fpc_out *o, const char *path);   /* 0 ok, -1 error (message printed) */
int fpc_out_commit(fpc_out *o);                   /* 0 ok, -1 error (message printed) */
void fpc_out_abort(fpc_out *o);

/* Write a whole string to path atomically. 0 ok, -1 error (message printed). */
int fpc_write_file_atomic(const char *path, const char *data, size_t len);

#endif /* FP_CLI_OUT_H */
