/* msg.c -- messages on stderr ("fingerpost: FILE:LINE:COL: message"),
 * usage errors and progress, and fpc_term_puts, which makes text from data
 * safe for the terminal: every control character (C0, DEL and the C1 range
 * U+0080..U+009F, which some terminals take as CSI) is shown as a visible
 * escape ("\x1b", "\u009b") and bytes that are not valid UTF-8 become
 * U+FFFD, so an escape sequence in a data file cannot move the cursor,
 * clear the screen or retitle the window when a message quotes it. UTF-8 is
 * decoded by fpp_utf8_seq (plots/text.c), the program's one decoder. */
#include "cli.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define REPLACEMENT "\xEF\xBF\xBD"  /* U+FFFD */

int fpc_verbosity;

void fpc_term_puts(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t k = fpp_utf8_seq(p);
        if (k == 0) { fputs(REPLACEMENT, fp); p++; continue; }
        if (k == 1 && (*p < 0x20 || *p == 0x7f)) fprintf(fp, "\\x%02x", *p);
        else if (k == 2 && p[0] == 0xC2 && p[1] < 0xA0) fprintf(fp, "\\u%04x", p[1]);
        else fwrite(p, 1, k, fp);
        p += k;
    }
}

/* ------------------------------------------------------------ messages */

/* fmt and ap formatted into a malloc'd string (NULL on failure). */
char *fpc_vformat(const char *fmt, va_list ap)
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
    char *msg = fpc_vformat(fmt, ap);
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
    if (fpc_verbosity < 0) return;   /* --quiet */
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
    char *msg = fpc_vformat(fmt, ap);
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
