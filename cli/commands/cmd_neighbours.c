/* cmd_neighbours.c -- `fingerpost neighbours`: k nearest statistical
 * neighbours from a table of area characteristics (one row per area, one
 * numeric column per variable), written as the two-column neighbour pairs
 * form (area,neighbour,rank,distance) that `compare --neighbours` reads back.
 * The statistics are fp_knn (z-scores as R's scale(), optional weights,
 * Euclidean distance, ties by area code); see docs/methods.md. */
#include "cli.h"

#include <csv.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    printf(
        "Usage: fingerpost neighbours --k K [OPTION]... FILE\n"
        "Compute each area's K nearest neighbours from a CSV table of area\n"
        "characteristics (one row per area, a header row, numeric variables).\n"
        "Variables are standardised to z-scores (mean 0, sample SD 1, as R's\n"
        "scale()), weighted, and compared by Euclidean distance; an area is never\n"
        "its own neighbour; equal distances are ordered by area code.\n\n"
        "Options:\n"
        "  -k, --k K             number of neighbours per area (required, >= 1)\n"
        "  -w, --weights W1,W2.. one weight per variable (default all 1)\n"
        "  -i, --id COL          the column naming the area (default: the first)\n"
        "  -v, --vars A,B,..     the variable columns (default: every other column)\n"
        "  -V, --version NAME    model version recorded in the output (default:\n"
        "                        \"knn-\" and the input file's base name)\n"
        "  -f, --format FMT      csv (default), tsv, md, json or xlsx (a workbook)\n"
        "  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
        FPC_TABLE_OPTS_HELP
        "  -h, --help            show this help and exit\n\n"
        "Output: area,neighbour,rank,distance (closest first), then the\n"
        "methods_version, data_version, neighbours_version and neighbours_model\n"
        "columns. The CSV can be given as it is to 'fingerpost compare' and\n"
        "'fingerpost report' as a neighbour model (it is recognised by its first\n"
        "two columns, area and neighbour; keep them first with --columns).\n"
        "Rows with a missing or non-numeric variable are reported and left out.\n\n"
        "Examples:\n"
        "  fingerpost neighbours --k 10 characteristics.csv > my_neighbours.csv\n"
        "  fingerpost neighbours --k 5 --id code --vars imd,fsm,pop --weights 2,1,1 chars.csv\n\n"
        "Exit status: 0 success, 1 data error, 2 usage error.\n");
}

/* The table as read: a header and rows of strings. */
typedef struct table {
    char ***rows;      /* rows[r][c] */
    size_t *ncols;
    size_t *line;      /* physical line where the row starts */
    size_t n, cap;
    char **cur; size_t ncur, capcur;
    size_t cur_line, next_line;
} table;

static void on_field(void *s, size_t len, void *data)
{
    table *t = data;
    if (t->ncur == t->capcur) {
        t->capcur = t->capcur ? 2 * t->capcur : 16;
        t->cur = fpc_xrealloc(t->cur, t->capcur * sizeof *t->cur);
    }
    char *f = fpc_xmalloc(len + 1);
    memcpy(f, s ? s : "", len);
    f[len] = '\0';
    t->cur[t->ncur++] = f;
}

static void on_row(int c, void *data)
{
    (void)c;
    table *t = data;
    int blank = 1;
    for (size_t i = 0; i < t->ncur; i++)
        if (t->cur[i][strspn(t->cur[i], " \t")] != '\0') blank = 0;
    if (blank) {
        for (size_t i = 0; i < t->ncur; i++) free(t->cur[i]);
        t->ncur = 0;
        t->cur_line = t->next_line;
        return;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->rows = fpc_xrealloc(t->rows, t->cap * sizeof *t->rows);
        t->ncols = fpc_xrealloc(t->ncols, t->cap * sizeof *t->ncols);
        t->line = fpc_xrealloc(t->line, t->cap * sizeof *t->line);
    }
    t->rows[t->n] = fpc_xmalloc((t->ncur ? t->ncur : 1) * sizeof **t->rows);
    memcpy(t->rows[t->n], t->cur, t->ncur * sizeof *t->cur);
    t->ncols[t->n] = t->ncur;
    t->line[t->n] = t->cur_line;
    t->n++;
    t->ncur = 0;
    t->cur_line = t->next_line;
}

static void table_free(table *t)
{
    for (size_t r = 0; r < t->n; r++) {
        for (size_t c = 0; c < t->ncols[r]; c++) free(t->rows[r][c]);
        free(t->rows[r]);
    }
    for (size_t i = 0; i < t->ncur; i++) free(t->cur[i]);
    free(t->rows); free(t->ncols); free(t->line); free(t->cur);
}

/* Read a whole CSV file; 0 ok, -1 error (printed). */
static int read_table(const char *path, table *t)
{
    memset(t, 0, sizeof *t);
    t->cur_line = t->next_line = 1;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fpc_error(path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[65536];
    size_t n;
    int first = 1, rc = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        char *s = buf;
        if (first && n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF) { s += 3; n -= 3; }
        first = 0;
        /* Feed line by line so each row knows the line it starts on. */
        while (n > 0) {
            char *nl = memchr(s, '\n', n);
            size_t chunk = nl ? (size_t)(nl - s) + 1 : n;
            if (nl) t->next_line++;
            if (csv_parse(&p, s, chunk, on_field, on_row, t) != chunk) {
                fpc_error(path, t->cur_line, 0, "CSV parse error: %s",
                          csv_strerror(csv_error(&p)));
                rc = -1;
                break;
            }
            s += chunk;
            n -= chunk;
        }
        if (rc) break;
    }
    if (ferror(fp)) { fpc_error(path, 0, 0, "read error: %s", strerror(errno)); rc = -1; }
    fclose(fp);
    if (rc == 0) csv_fini(&p, on_field, on_row, t);
    csv_free(&p);
    if (rc == 0 && t->n == 0) {
        fpc_error(path, 0, 0, "empty file: a header row and one row per area are needed");
        rc = -1;
    }
    return rc;
}

static long find_col(const table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols[0]; c++) {
        const char *h = t->rows[0][c];
        while (*h == ' ') h++;
        size_t len = strlen(h);
        while (len && h[len - 1] == ' ') len--;
        if (len == strlen(name) && !strncasecmp(h, name, len)) return (long)c;
    }
    return -1;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int fpc_cmd_neighbours(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "k", required_argument, NULL, 'k' },
        { "weights", required_argument, NULL, 'w' },
        { "id", required_argument, NULL, 'i' },
        { "vars", required_argument, NULL, 'v' },
        { "version", required_argument, NULL, 'V' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        FPC_TABLE_LONGOPTS,
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *kstr = NULL, *wstr = NULL, *idcol = NULL, *vstr = NULL, *version = NULL;
    const char *out_path = NULL;
    fpc_table_opts topt;
    fpc_table_opts_init(&topt);
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":k:w:i:v:V:f:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'k': kstr = optarg; break;
        case 'w': wstr = optarg; break;
        case 'i': idcol = optarg; break;
        case 'v': vstr = optarg; break;
        case 'V': version = optarg; break;
        case 'o': out_path = optarg; break;
        case 'h': help(); return FPC_EXIT_OK;
        case ':': return fpc_usage("neighbours", "option '%s' needs a value", argv[optind - 1]);
        default: {
            int h = fpc_table_opts_handle(&topt, "neighbours", ch, optarg);
            if (h == FPC_EXIT_USAGE) return h;
            if (h == 0) return fpc_usage("neighbours", "unknown option '%s'", argv[optind - 1]);
        }
        }
    }
    int urc = fpc_table_opts_check(&topt, "neighbours", out_path);
    if (urc) return urc;
    if (!kstr) return fpc_usage("neighbours", "--k is required");
    char *end;
    errno = 0;
    long k = strtol(kstr, &end, 10);
    if (*end || errno || k < 1) return fpc_usage("neighbours", "--k must be a whole number >= 1, not '%s'", kstr);
    if (optind + 1 != argc)
        return fpc_usage("neighbours", optind >= argc ? "one FILE of area characteristics is needed"
                                                      : "only one FILE is accepted");
    const char *path = argv[optind];

    table t;
    if (read_table(path, &t) != 0) { table_free(&t); return FPC_EXIT_DATA; }
    int rc = FPC_EXIT_OK;
    size_t nh = t.ncols[0];
    long id = 0;
    if (idcol && (id = find_col(&t, idcol)) < 0) {
        fpc_error(path, 1, 0, "no column '%s' in the header", idcol);
        table_free(&t);
        return FPC_EXIT_DATA;
    }
    /* Variable columns. */
    size_t p = 0;
    long *vars = fpc_xmalloc((nh ? nh : 1) * sizeof *vars);
    if (vstr) {
        size_t nv;
        char **names = fpc_split(vstr, ',', &nv);
        for (size_t i = 0; i < nv; i++) {
            long c = find_col(&t, names[i]);
            if (c < 0) {
                fpc_error(path, 1, 0, "no column '%s' in the header", names[i]);
                rc = FPC_EXIT_DATA;
            } else if (c == id) {
                fpc_error(path, 1, (size_t)c + 1, "'%s' is the area column, not a variable", names[i]);
                rc = FPC_EXIT_DATA;
            } else vars[p++] = c;
        }
        fpc_free_strv(names);
    } else {
        for (size_t c = 0; c < nh; c++)
            if ((long)c != id) vars[p++] = (long)c;
    }
    if (rc == FPC_EXIT_OK && p == 0) {
        fpc_error(path, 1, 0, "no variable columns: the table needs an area column and at least one variable");
        rc = FPC_EXIT_DATA;
    }
    double *w = NULL;
    if (rc == FPC_EXIT_OK && wstr) {
        size_t nw;
        char **ws = fpc_split(wstr, ',', &nw);
        if (nw != p) {
            free(vars); fpc_free_strv(ws); table_free(&t);
            return fpc_usage("neighbours", "--weights gives %zu weights for %zu variables", nw, p);
        }
        w = fpc_xmalloc(p * sizeof *w);
        for (size_t j = 0; j < p; j++)
            if (fpc_parse_double(ws[j], 0, &w[j]) != 0 || w[j] < 0) {
                free(vars); free(w); fpc_free_strv(ws); table_free(&t);
                return fpc_usage("neighbours", "weight '%s' is not a number >= 0", ws[j]);
            }
        fpc_free_strv(ws);
    }
    /* Rows: keep those with an area code and every variable numeric. */
    size_t n = 0;
    double *x = fpc_xmalloc((t.n ? t.n : 1) * (p ? p : 1) * sizeof *x);
    const char **codes = fpc_xmalloc((t.n ? t.n : 1) * sizeof *codes);
    size_t bad = 0;
    for (size_t r = 1; rc == FPC_EXIT_OK && r < t.n; r++) {
        if ((size_t)id >= t.ncols[r] || t.rows[r][id][strspn(t.rows[r][id], " ")] == '\0') {
            fpc_error(path, t.line[r], (size_t)id + 1, "no area code: row left out");
            bad++;
            continue;
        }
        int ok = 1;
        for (size_t j = 0; j < p && ok; j++) {
            long c = vars[j];
            if ((size_t)c >= t.ncols[r] || fpc_parse_double(t.rows[r][c], 1, &x[n * p + j]) != 0) {
                fpc_error(path, t.line[r], (size_t)c + 1, "'%s' is not a number (column '%s'): area %s left out",
                          (size_t)c < t.ncols[r] ? t.rows[r][c] : "", t.rows[0][c], t.rows[r][id]);
                ok = 0;
            }
        }
        if (!ok) { bad++; continue; }
        for (size_t i = 0; i < n; i++)
            if (!strcmp(codes[i], t.rows[r][id])) {
                fpc_error(path, t.line[r], (size_t)id + 1, "area %s appears twice: second row left out",
                          t.rows[r][id]);
                ok = 0;
                break;
            }
        if (!ok) { bad++; continue; }
        codes[n++] = t.rows[r][id];
    }
    if (rc == FPC_EXIT_OK && (size_t)k >= n) {
        fpc_error(path, 0, 0, "%zu usable areas: --k %ld needs at least %ld", n, k, k + 1);
        rc = FPC_EXIT_DATA;
    }
    size_t *idx = NULL;
    double *dist = NULL;
    if (rc == FPC_EXIT_OK) {
        idx = fpc_xmalloc(n * (size_t)k * sizeof *idx);
        dist = fpc_xmalloc(n * (size_t)k * sizeof *dist);
        int st = fp_knn(x, n, p, w, codes, (size_t)k, idx, dist);
        if (st != FP_OK) {
            fpc_error(path, 0, 0, "cannot compute neighbours: %s", fp_strerror(st));
            rc = FPC_EXIT_DATA;
        }
    }
    if (rc == FPC_EXIT_OK) {
        fpc_out o;
        if (fpc_out_open(&o, out_path) != 0) rc = FPC_EXIT_DATA;
        else {
            static const char *const cols[] = { "area", "neighbour", "rank", "distance" };
            fpc_table tb;
            char ver[512];
            if (version) snprintf(ver, sizeof ver, "%s", version);
            else {
                const char *b = base_name(path);
                size_t bl = strlen(b);
                if (bl > 4 && !strcasecmp(b + bl - 4, ".csv")) bl -= 4;
                snprintf(ver, sizeof ver, "knn-%.*s", (int)bl, b);
            }
            char model[256];
            snprintf(model, sizeof model, "k=%ld; z-scores; weighted Euclidean; %zu variables; %zu areas",
                     k, p, n);
            int orc = fpc_table_open(&tb, o.fp, &topt, "neighbours", cols, 4, NULL, base_name(path));
            if (orc != 0) {
                fpc_out_abort(&o);
                free(idx); free(dist); free(x); free(codes); free(vars); free(w);
                table_free(&t);
                return orc;
            }
            fpc_table_meta(&tb, "neighbours_version", ver);
            fpc_table_meta(&tb, "neighbours_model", model);
            for (size_t a = 0; a < n; a++)
                for (long r = 0; r < k; r++) {
                    fpc_table_str(&tb, codes[a]);
                    fpc_table_str(&tb, codes[idx[a * (size_t)k + (size_t)r]]);
                    fpc_table_int(&tb, r + 1);
                    fpc_table_num(&tb, dist[a * (size_t)k + (size_t)r]);
                }
            if (fpc_table_end(&tb) != 0) { fpc_out_abort(&o); rc = FPC_EXIT_DATA; }
            else if (fpc_out_commit(&o) != 0) rc = FPC_EXIT_DATA;
        }
    }
    if (rc == FPC_EXIT_OK && bad) rc = FPC_EXIT_DATA;   /* output written, but rows were left out */
    free(idx); free(dist); free(x); free(codes); free(vars); free(w);
    table_free(&t);
    return rc;
}
