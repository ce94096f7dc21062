/* report_files.c -- the report's files: folders, the four outputs of one
 * report written atomically, and the folder name of each area's report. */
#include "cli.h"
#include "report.h"
#include "report_run.h"
#include "plots.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int rp_mkdir_p(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == 0) {
            char c = buf[i];
            buf[i] = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            buf[i] = c;
        }
    }
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

char *rp_join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = fpc_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int write_output(const char *dir, const char *name, const rp_report *r,
                        void (*fn)(FILE *, const rp_report *))
{
    char *path = rp_join_path(dir, name);
    fpc_out o;
    int rc = -1;
    if (fpc_out_open(&o, path) == 0) {
        fn(o.fp, r);
        rc = fpc_out_commit(&o);
    }
    free(path);
    return rc;
}

/* Step 3: write one report's files into dir (which exists; charts drawn
 * already): scorecard.csv, scorecard.xlsx, scorecard.md, scorecard.html.
 * 0 ok, -1 (message printed). */
int rp_report_write(const char *dir, const rp_report *r)
{
    char *xlsx = rp_join_path(dir, "scorecard.xlsx");
    int rc = 0;
    if (write_output(dir, "scorecard.csv", r, rp_write_csv) != 0 || rp_write_xlsx(xlsx, r) != 0
        || write_output(dir, "scorecard.md", r, rp_write_md) != 0
        || write_output(dir, "scorecard.html", r, rp_write_html) != 0)
        rc = -1;
    free(xlsx);
    return rc;
}

/* The folder of an area's report under --areas/--all-areas: "CODE-Name"
 * made safe as chart names are (fpp_safe_name: [A-Za-z0-9._-]), e.g.
 * "343-Sefton", "E06000053-Isles_of_Scilly"; the name alone when the
 * area has no code. Names that clean to one folder ("A B", "A/B" and "A_B";
 * "." and "..") would share it, the last report overwriting the others:
 * a folder already used (compared without case, as on case-insensitive
 * file systems; "index.html" is the index's) gets "_2", "_3", ... as
 * chart names do. used holds the n folders given so far. Caller frees. */
char *rp_area_folder(const fp_area *A, char *const *used, size_t n)
{
    /* A tidy file without codes keys an area by its name: no "Name-Name". */
    int code = A->code && *A->code && strcmp(A->code, A->name);
    size_t len = strlen(A->code ? A->code : "") + strlen(A->name) + 2;
    char *s = fpc_xmalloc(len);
    snprintf(s, len, "%s%s%s", code ? A->code : "", code ? "-" : "", A->name);
    char *safe = fpp_safe_name(s);
    free(s);
    size_t m = strlen(safe) + 24;
    char *name = fpc_xmalloc(m);
    for (size_t k = 1;; k++) {
        if (k == 1) snprintf(name, m, "%s", safe);
        else snprintf(name, m, "%s_%zu", safe, k);
        int taken = !strcasecmp(name, "index.html");
        for (size_t i = 0; i < n && !taken; i++) taken = !strcasecmp(used[i], name);
        if (!taken) break;
    }
    free(safe);
    return name;
}

