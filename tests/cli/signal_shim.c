/* signal_shim.c -- an LD_PRELOAD library for tests/cli/test_interrupts.sh:
 * it wraps mkstemp so that a test can stop fingerpost with a signal at the
 * exact moment a temporary file has just been created, the moment a
 * registry of files to remove can miss (created, not yet registered).
 *
 * Only a process named "fingerpost" is affected (gnuplot, started by it,
 * inherits LD_PRELOAD). Environment:
 *   FP_SHIM_RAISE_AT=N  raise the signal right after the N-th successful
 *                       mkstemp returns (1-based)
 *   FP_SHIM_RAISE_ON=TEXT  raise it right after the first successful
 *                       mkstemp whose file name contains TEXT
 *   FP_SHIM_SIGNAL=S    the signal number (default 15, SIGTERM)
 *   FP_SHIM_COUNT=FILE  at a normal exit, write the number of mkstemp
 *                       calls made to FILE (to choose N) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char *program_invocation_short_name;

static long calls;

static int active(void)
{
    return program_invocation_short_name && !strcmp(program_invocation_short_name, "fingerpost");
}

int mkstemp(char *tmpl)
{
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    if (!real) { errno = ENOSYS; return -1; }
    int fd = real(tmpl);
    if (fd < 0 || !active()) return fd;
    calls++;
    const char *at = getenv("FP_SHIM_RAISE_AT"), *on = getenv("FP_SHIM_RAISE_ON");
    static int raised;
    if ((at && atol(at) == calls) || (on && *on && !raised && strstr(tmpl, on))) {
        raised = 1;
        const char *s = getenv("FP_SHIM_SIGNAL");
        raise(s && *s ? atoi(s) : SIGTERM);
    }
    return fd;
}

__attribute__((destructor)) static void report_count(void)
{
    const char *f = getenv("FP_SHIM_COUNT");
    if (!f || !active()) return;
    FILE *fp = fopen(f, "w");
    if (!fp) return;
    fprintf(fp, "%ld\n", calls);
    fclose(fp);
}
