/* cmd_neighbours.c -- `fingerpost neighbours`: k nearest statistical
 * neighbours from a table of area characteristics (one row per area, one
 * numeric column per variable), written as the two-column neighbour pairs
 * form (area,neighbour,rank,distance) that `compare --neighbours` reads back.
 * The statistics are fp_knn (z-scores as R's scale(), optional weights,
 * Euclidean distance, ties by area code); see docs/methods.md. */
#include "cli.h"
#include "help.h"
#include "io.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    fputs(fpc_help_neighbours, stdout);
}

/* What is kept of the characteristics table, read row by row through the
 * shared CSV layer (binary check, field and row limits): the header's
 * names, the chosen columns, and for each usable row its area code and its
 * variables. Nothing else of a row outlives its callback. */
typedef struct chars {
    const char *path, *idcol, *vstr;
    char **head; size_t nh;          /* header names */
    long id; long *vars; size_t p;   /* the area column and the variables */
    int header_bad;                  /* a named column is missing */
    double *x; char **codes; size_t n, cap;   /* usable rows */
    size_t bad;                      /* rows left out */
} chars;

static long find_col(const chars *t, const char *name)
{
    for (size_t c = 0; c < t->nh; c++) {
        const char *h = t->head[c];
        while (*h == ' ') h++;
        size_t len = strlen(h);
        while (len && h[len - 1] == ' ') len--;
        if (len == strlen(name) && !strncasecmp(h, name, len)) return (long)c;
    }
    return -1;
}

/* The header: find the area column and the variables. */
static int chars_header(chars *t, const fpc_row *r)
{
    t->nh = r->n;
    t->head = fpc_xmalloc(r->n * sizeof *t->head);
    for (size_t i = 0; i < r->n; i++) t->head[i] = fpc_strdup(r->f[i]);
    t->id = 0;
    if (t->idcol && (t->id = find_col(t, t->idcol)) < 0) {
        fpc_error(t->path, r->line, 0, "no column '%s' in the header", t->idcol);
        t->header_bad = 1;
        return 1;
    }
    t->vars = fpc_xmalloc(t->nh * sizeof *t->vars);
    if (t->vstr) {
        size_t nv;
        char **names = fpc_split(t->vstr, ',', &nv);
        for (size_t i = 0; i < nv; i++) {
            long c = find_col(t, names[i]);
            if (c < 0) {
                fpc_error(t->path, r->line, 0, "no column '%s' in the header", names[i]);
                t->header_bad = 1;
            } else if (c == t->id) {
                fpc_error(t->path, r->line, (size_t)c + 1, "'%s' is the area column, not a variable",
                          names[i]);
                t->header_bad = 1;
            } else t->vars[t->p++] = c;
        }
        fpc_free_strv(names);
    } else {
        for (size_t c = 0; c < t->nh; c++)
            if ((long)c != t->id) t->vars[t->p++] = (long)c;
    }
    if (!t->header_bad && t->p == 0) {
        fpc_error(t->path, r->line, 0,
                  "no variable columns: the table needs an area column and at least one variable");
        t->header_bad = 1;
    }
    return t->header_bad;
}

/* One area: keep it when it has an area code and every variable is a
 * number, and the code has not been seen before. */
static int chars_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    chars *t = ctx;
    (void)c;
    if (r->is_header) return chars_header(t, r);
    size_t id = (size_t)t->id;
    if (id >= r->n || r->f[id][strspn(r->f[id], " ")] == '\0') {
        fpc_error(t->path, r->line, id + 1, "no area code: row left out");
        t->bad++;
        return 0;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->x = fpc_xrealloc(t->x, t->cap * t->p * sizeof *t->x);
        t->codes = fpc_xrealloc(t->codes, t->cap * sizeof *t->codes);
    }
    double *x = t->x + t->n * t->p;
    for (size_t j = 0; j < t->p; j++) {
        size_t col = (size_t)t->vars[j];
        if (col >= r->n || fpc_parse_double(r->f[col], 1, &x[j]) != 0) {
            fpc_error(t->path, r->line, col + 1, "'%s' is not a number (column '%s'): area %s left out",
                      col < r->n ? r->f[col] : "", t->head[col], r->f[id]);
            t->bad++;
            return 0;
        }
    }
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->codes[i], r->f[id])) {
            fpc_error(t->path, r->line, id + 1, "area %s appears twice: second row left out",
                      r->f[id]);
            t->bad++;
            return 0;
        }
    t->codes[t->n++] = fpc_strdup(r->f[id]);
    return 0;
}

static void chars_free(chars *t)
{
    for (size_t i = 0; i < t->nh; i++) free(t->head[i]);
    for (size_t i = 0; i < t->n; i++) free(t->codes[i]);
    free(t->head); free(t->vars); free(t->x); free(t->codes);
}

/* Read the table (path "-": standard input). 0 ok; -1 when the file is
 * unusable (message printed): cannot be read, empty, not text, or a named
 * column missing. A row the CSV layer rejects is reported and counted as
 * left out, like a row with a bad number. */
static int read_chars(chars *t)
{
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    diags.max_kept = 1;
    int rc = fpc_csv_each(t->path, &diags, chars_row, t);
    t->bad += diags.n_errors;   /* rows the CSV layer skipped are left out too */
    fpc_diags_free(&diags);
    return rc != 0 || t->header_bad ? -1 : 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The output's columns. */
static const char *const cols[] = { "area", "neighbour", "rank", "distance" };

/* The options of one run. */
typedef struct nopts {
    const char *kstr, *wstr, *idcol, *vstr, *version, *out_path, *path;
    long k;
    fpc_table_opts topt;
} nopts;

/* Parse the command line into o: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, nopts *o)
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
    memset(o, 0, sizeof *o);
    fpc_table_opts_init(&o->topt);
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":k:w:i:v:V:f:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'k': o->kstr = optarg; break;
        case 'w': o->wstr = optarg; break;
        case 'i': o->idcol = optarg; break;
        case 'v': o->vstr = optarg; break;
        case 'V': o->version = optarg; break;
        case 'o':
            if (!*optarg) return fpc_usage("neighbours", "--output wants a file name (or - for standard output), not an empty one");
            o->out_path = optarg;
            break;
        case 'h': help(); return FPC_EXIT_OK;
        case ':': return fpc_usage("neighbours", "option '%s' needs a value", argv[optind - 1]);
        default: {
            int h = fpc_table_opts_last(&o->topt, "neighbours", ch, optarg, argv[optind - 1]);
            if (h) return h;
        }
        }
    }
    int urc = fpc_table_opts_check(&o->topt, "neighbours", o->out_path);
    if (urc) return urc;
    if (!o->kstr) return fpc_usage("neighbours", "--k is required");
    if (fpc_opt_whole("neighbours", "--k", o->kstr, 1, 100000, &o->k) != 0) return FPC_EXIT_USAGE;
    if (optind + 1 != argc)
        return fpc_usage("neighbours", optind >= argc ? "one FILE of area characteristics is needed"
                                                      : "only one FILE is accepted");
    o->path = argv[optind];
    if ((urc = fpc_table_columns_check(&o->topt, "neighbours", cols, 4)) != 0) return urc;
    return -1;
}

/* --weights into *w (*nw of them; caller frees), read before the data:
 * their count is checked against --vars (vstr) now, or against the file's
 * variables once its header is read. 0, or the exit status of a usage
 * error (reported). */
static int parse_weights(const char *wstr, const char *vstr, double **w, size_t *nw)
{
    char **ws = fpc_split(wstr, ',', nw);
    *w = fpc_xmalloc((*nw ? *nw : 1) * sizeof **w);
    for (size_t j = 0; j < *nw; j++)
        if (fpc_parse_double(ws[j], 0, &(*w)[j]) != 0 || (*w)[j] < 0) {
            /* Report before freeing: the message quotes ws[j]. */
            fpc_usage("neighbours", "weight '%s' is not a number >= 0", ws[j]);
            free(*w); *w = NULL; fpc_free_strv(ws);
            return FPC_EXIT_USAGE;
        }
    fpc_free_strv(ws);
    size_t nv = 0;
    char **vs = vstr ? fpc_split(vstr, ',', &nv) : NULL;
    fpc_free_strv(vs);
    if (vstr && *nw != nv) {
        free(*w); *w = NULL;
        return fpc_usage("neighbours", "--weights gives %zu weights for %zu variables", *nw, nv);
    }
    return 0;
}

/* The model's table: each area's k nearest (idx, dist) with the model's
 * version (--version, else "knn-" and the file's base name) and
 * description. FPC_EXIT_OK, FPC_EXIT_DATA, or fpc_table_open's status. */
static int write_model(const nopts *o, const chars *t, const size_t *idx, const double *dist)
{
    const char **codes = (const char **)t->codes;
    size_t n = t->n;
    long k = o->k;
    fpc_out out;
    if (fpc_out_open(&out, o->out_path) != 0) return FPC_EXIT_DATA;
    fpc_table tb;
    char ver[512];
    if (o->version) snprintf(ver, sizeof ver, "%s", o->version);
    else {
        const char *b = strcmp(o->path, "-") ? base_name(o->path) : "stdin";
        size_t bl = strlen(b);
        if (bl > 4 && !strcasecmp(b + bl - 4, ".csv")) bl -= 4;
        snprintf(ver, sizeof ver, "knn-%.*s", (int)bl, b);
    }
    char model[256];
    snprintf(model, sizeof model, "k=%ld; z-scores; weighted Euclidean; %zu variables; %zu areas",
             k, t->p, n);
    int orc = fpc_table_open(&tb, out.fp, &o->topt, "neighbours", cols, 4, NULL,
                             base_name(o->path));
    if (orc != 0) {
        fpc_out_abort(&out);
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
    if (fpc_table_end(&tb) != 0) { fpc_out_abort(&out); return FPC_EXIT_DATA; }
    return fpc_out_commit(&out) != 0 ? FPC_EXIT_DATA : FPC_EXIT_OK;
}

int fpc_cmd_neighbours(int argc, char **argv)
{
    nopts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) return rc;
    double *w = NULL;
    size_t nw = 0;
    if (o.wstr && (rc = parse_weights(o.wstr, o.vstr, &w, &nw)) != 0) return rc;
    chars t;
    memset(&t, 0, sizeof t);
    t.path = o.path;
    t.idcol = o.idcol;
    t.vstr = o.vstr;
    rc = FPC_EXIT_OK;
    if (read_chars(&t) != 0) rc = FPC_EXIT_DATA;
    if (rc == FPC_EXIT_OK && w && nw != t.p) {
        free(w); chars_free(&t);
        return fpc_usage("neighbours", "--weights gives %zu weights for %zu variables", nw, t.p);
    }
    size_t n = t.n;
    if (rc == FPC_EXIT_OK && (size_t)o.k >= n) {
        fpc_error(o.path, 0, 0, "%zu usable areas: --k %ld needs at least %ld", n, o.k, o.k + 1);
        rc = FPC_EXIT_DATA;
    }
    size_t *idx = NULL;
    double *dist = NULL;
    if (rc == FPC_EXIT_OK) {
        idx = fpc_xmalloc(n * (size_t)o.k * sizeof *idx);
        dist = fpc_xmalloc(n * (size_t)o.k * sizeof *dist);
        int st = fp_knn(t.x, n, t.p, w, (const char **)t.codes, (size_t)o.k, idx, dist);
        if (st != FP_OK) {
            fpc_error(o.path, 0, 0, "cannot compute neighbours: %s", fp_strerror(st));
            rc = FPC_EXIT_DATA;
        }
    }
    if (rc == FPC_EXIT_OK) rc = write_model(&o, &t, idx, dist);
    if (rc == FPC_EXIT_OK && t.bad) rc = FPC_EXIT_DATA;   /* output written, but rows were left out */
    free(idx); free(dist); free(w);
    chars_free(&t);
    return rc;
}
