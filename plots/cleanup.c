/* cleanup.c -- what to undo when the program is stopped by SIGINT or
 * SIGTERM: temporary files to remove and gnuplot process groups to kill.
 *
 * Writers of temporary files (the CLI's atomic outputs, the renderer's
 * sidecars, batch scripts and images) register each path while it exists,
 * and the renderer registers each gnuplot it starts (in a process group of
 * its own). The signal handler walks the registry with async-signal-safe
 * calls only (kill, waitpid, unlink, _exit), so the registry is changed with
 * SIGINT and SIGTERM blocked: the handler never sees it half-updated. It
 * lives in plots/ because both the renderer and the CLI use it and plots/
 * cannot use cli/. The program is single-threaded (sigprocmask). */
#include "plots.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct slot {
    char *path;     /* a temporary file to remove, or NULL */
    pid_t pgid;     /* a process group to kill (its leader is our child), or 0 */
} slot;

static slot *slots;
static size_t n_slots;

static void block(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_BLOCK, &s, old);
}

static void unblock(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

/* A free slot's index (growing the table when full), signals blocked; -1 on OOM. */
static long free_slot(void)
{
    for (size_t i = 0; i < n_slots; i++)
        if (!slots[i].path && !slots[i].pgid) return (long)i;
    size_t n = n_slots ? 2 * n_slots : 32;
    slot *s = realloc(slots, n * sizeof *s);
    if (!s) return -1;
    memset(s + n_slots, 0, (n - n_slots) * sizeof *s);
    long i = (long)n_slots;
    slots = s;
    n_slots = n;
    return i;
}

/* Put (p, pgid) in a free slot; signals must be blocked. Takes p (freed
 * when no slot can be had). Returns the handle, or 0. */
static int add_blocked(char *p, pid_t pgid)
{
    long i = free_slot();
    if (i < 0) { free(p); return 0; }
    slots[i].path = p;
    slots[i].pgid = pgid;
    return (int)i + 1;
}

static int add(const char *path, pid_t pgid)
{
    sigset_t old;
    char *p = path ? strdup(path) : NULL;
    if (path && !p) return 0;
    block(&old);
    int h = add_blocked(p, pgid);
    unblock(&old);
    return h;
}

int fpp_cleanup_mkstemp(char *tmpl, int *handle)
{
    /* The file is created and registered with SIGINT and SIGTERM blocked:
     * a signal that arrives in between waits until the path is in the
     * registry, so the handler removes it. */
    sigset_t old;
    *handle = 0;
    block(&old);
    int fd = mkstemp(tmpl);
    if (fd >= 0) {
        char *p = strdup(tmpl);
        *handle = p ? add_blocked(p, 0) : 0;
        if (!*handle) {
            unlink(tmpl);
            close(fd);
            fd = -1;
            errno = ENOMEM;
        }
    }
    int e = errno;
    unblock(&old);
    errno = e;
    return fd;
}

int fpp_cleanup_add_file(const char *path)
{
    return path ? add(path, 0) : 0;
}

int fpp_cleanup_add_group(pid_t pgid)
{
    return pgid > 0 ? add(NULL, pgid) : 0;
}

void fpp_cleanup_remove(int handle)
{
    if (handle <= 0 || (size_t)handle > n_slots) return;
    sigset_t old;
    block(&old);
    char *p = slots[handle - 1].path;
    slots[handle - 1].path = NULL;
    slots[handle - 1].pgid = 0;
    unblock(&old);
    free(p);
}

/* Kill every registered group (and reap its leader, so it cannot still be
 * writing), remove every registered file, exit with 128 + sig as a shell
 * reports a command stopped by a signal. */
static void on_signal(int sig)
{
    for (size_t i = 0; i < n_slots; i++)
        if (slots[i].pgid > 0) kill(-slots[i].pgid, SIGKILL);
    for (size_t i = 0; i < n_slots; i++)
        if (slots[i].pgid > 0) waitpid(slots[i].pgid, NULL, 0);
    for (size_t i = 0; i < n_slots; i++)
        if (slots[i].path) unlink(slots[i].path);
    _exit(128 + sig);
}

void fpp_cleanup_install(void)
{
    static const int sigs[] = { SIGINT, SIGTERM };
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) {
        struct sigaction sa, old;
        /* A signal ignored on entry (nohup, a background job of a
         * non-interactive shell) stays ignored. */
        if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaddset(&sa.sa_mask, SIGINT);
        sigaddset(&sa.sa_mask, SIGTERM);
        sigaction(sigs[k], &sa, NULL);
    }
}
