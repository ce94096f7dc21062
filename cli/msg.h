/* msg.h -- messages and exit statuses (msg.c): "fingerpost:
 * FILE:LINE:COL: what", usage errors, progress. Part of the CLI's shared
 * helpers (cli.h includes every one); names start with fpc_. */
#ifndef FP_CLI_MSG_H
#define FP_CLI_MSG_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include "fingerpost.h"
#include "plots.h"

/* Exit codes: 0 ok, 1 data error, 2 usage error. */
enum { FPC_EXIT_OK = 0, FPC_EXIT_DATA = 1, FPC_EXIT_USAGE = 2 };

/* ------------------------------------------------------ messages (msg.c) */

/* Print "fingerpost: FILE:LINE:COL: message" to stderr. line or col 0 are
 * left out ("FILE:LINE: message", "FILE: message"); file NULL leaves out the
 * location entirely. */
void fpc_error(const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with "warning: " before the message. */
void fpc_warn(const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "fingerpost CMD: message" and "Try 'fingerpost CMD --help'." on stderr;
 * returns FPC_EXIT_USAGE so callers can `return fpc_usage(...)`. */
int fpc_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message fmt and ap make, malloc'd (caller frees), or NULL when it
 * cannot be made. */
char *fpc_vformat(const char *fmt, va_list ap);

/* Nonzero when stderr is a terminal (progress is shown only then). */
int fpc_progress_enabled(void);
/* Show "label: done/total (rate/s, ETA)" on stderr, at most ~10 times a
 * second; done == total finishes the line. No-op unless enabled. */
void fpc_progress(const char *label, size_t done, size_t total);
/* s for a terminal (messages on stderr): control characters (C0, DEL, C1)
 * shown as visible escapes "\x1b", "\u009b", so escape sequences from data
 * never reach the terminal. NULL writes nothing. */
void fpc_term_puts(FILE *fp, const char *s);

/* --------------------------------------------------- diagnostics list */

/* Problems found while reading, kept so they can be reported together
 * (and as JSON by `validate --json`). */
typedef struct fpc_diag {
    char *file;
    size_t line, col;
    int is_error;       /* 1 error, 0 warning */
    char *message;
} fpc_diag;

/* Warnings echoed so far of one kind: one file, one message format. */
typedef struct fpc_diag_group {
    char *file;         /* a copy; "" for none */
    const char *fmt;    /* the format string (a literal) */
    size_t count;
} fpc_diag_group;

typedef struct fpc_diags {
    fpc_diag *items;
    size_t n, cap;
    size_t n_errors, n_warnings;
    size_t max_kept;    /* keep at most this many (0 = unlimited); counts go on */
    int echo;           /* nonzero: print each error as it is added (fpc_error
                           format), and each warning as fpc_verbosity says */
    fpc_diag_group *groups;   /* warnings echoed, by kind (for the summary) */
    size_t n_groups, cap_groups;
} fpc_diags;

/* How many warnings are echoed: 0 (the default) the first of each kind
 * (file and message format) and then one summary line per kind with a
 * count (fpc_diags_summary); 1 (--verbose) every one; -1 (--quiet) none.
 * Errors are always echoed. Set by main() from --verbose / --quiet, which
 * every command takes. */
extern int fpc_verbosity;

void fpc_diags_init(fpc_diags *d);
/* Prints the pending summary lines (fpc_diags_summary) and frees d. */
void fpc_diags_free(fpc_diags *d);
/* For each kind of echoed warning seen more than once since the last call:
 * "FILE: warning: N more warnings like that: KIND (--verbose shows each)". */
void fpc_diags_summary(fpc_diags *d);
void fpc_diags_add(fpc_diags *d, int is_error, const char *file, size_t line,
                   size_t col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif /* FP_CLI_MSG_H */
