/* scorecard.c -- read a scorecard definition file (CSV, one row per
 * scorecard indicator; columns in docs/data-formats.md, "Scorecard
 * definition"), and its targets and milestones as fp_assess goals. */
#include "io.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Column names, in the order of the rp_sc_row string fields. */
static const char *const colnames[] = {
    "number", "name", "theme", "priority", "lait_code", "numerator_code",
    "denominator_code", "polarity", "mapping_note", "baseline", "baseline_period",
    "milestones", "target_text", "target_rule", "target_date", "published_period",
    "published_area", "published_neighbours", "published_england", "published_source",
    "plan_area", "measures", "other_codes",
};
#define NCOLS (sizeof colnames / sizeof *colnames)

static char **row_field(rp_sc_row *r, size_t k)
{
    char **f[NCOLS] = {
        &r->number, &r->name, &r->theme, &r->priority, &r->code, &r->num_code,
        &r->den_code, &r->polarity, &r->note, &r->baseline, &r->baseline_period,
        &r->milestones, &r->target_text, &r->target_rule, &r->target_date,
        &r->pub_period, &r->pub_area, &r->pub_neighbours, &r->pub_england,
        &r->pub_source, &r->plan_area, &r->measures, &r->other_codes,
    };
    return f[k];
}

typedef struct reader {
    char **cells; size_t ncells, cap;  /* the current record */
    int map[64];                       /* file column -> colnames index or -1 */
    size_t nfile;                      /* columns in the header */
    int have_header;
    size_t line, rec_line;             /* current line and the record's first line */
    rp_scorecard *sc;
    const char *path;
    int failed;
} reader;

static char *trim_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    /* A line break inside a cell (Excel's wrapped text) becomes one space. */
    char *d = fpc_xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\n') {
            if (k && d[k - 1] != ' ') d[k++] = ' ';
            continue;
        }
        d[k++] = s[i];
    }
    d[k] = 0;
    return d;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *rd = data;
    if (rd->ncells == rd->cap) {
        rd->cap = rd->cap ? rd->cap * 2 : 32;
        rd->cells = fpc_xrealloc(rd->cells, rd->cap * sizeof *rd->cells);
    }
    rd->cells[rd->ncells++] = trim_dup(s ? s : "", s ? len : 0);
}

static void clear_cells(reader *rd)
{
    for (size_t i = 0; i < rd->ncells; i++) free(rd->cells[i]);
    rd->ncells = 0;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *rd = data;
    if (rd->failed) { clear_cells(rd); return; }
    size_t line = rd->rec_line;
    /* skip blank lines */
    int blank = 1;
    for (size_t i = 0; i < rd->ncells; i++) if (rd->cells[i][0]) blank = 0;
    if (blank) { clear_cells(rd); return; }
    if (!rd->have_header) {
        int seen_number = 0, seen_name = 0;
        rd->nfile = rd->ncells < 64 ? rd->ncells : 64;
        for (size_t i = 0; i < rd->nfile; i++) {
            const char *h = rd->cells[i];
            if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB
                && (unsigned char)h[2] == 0xBF) h += 3;   /* UTF-8 BOM */
            rd->map[i] = -1;
            for (size_t k = 0; k < NCOLS; k++)
                if (!strcasecmp(h, colnames[k])) { rd->map[i] = (int)k; break; }
            if (rd->map[i] == 0) seen_number = 1;
            if (rd->map[i] == 1) seen_name = 1;
        }
        if (!seen_number || !seen_name) {
            fpc_error(rd->path, line, 0, "not a scorecard definition: the header needs "
                      "'number' and 'name' columns (see docs/data-formats.md)");
            rd->failed = 1;
        }
        rd->have_header = 1;
        clear_cells(rd);
        return;
    }
    rp_scorecard *sc = rd->sc;
    sc->rows = fpc_xrealloc(sc->rows, (sc->n + 1) * sizeof *sc->rows);
    rp_sc_row *r = &sc->rows[sc->n];
    memset(r, 0, sizeof *r);
    r->line = line;
    for (size_t i = 0; i < rd->nfile && i < rd->ncells; i++)
        if (rd->map[i] >= 0 && !*row_field(r, (size_t)rd->map[i]))
            *row_field(r, (size_t)rd->map[i]) = fpc_strdup(rd->cells[i]);
    for (size_t k = 0; k < NCOLS; k++)
        if (!*row_field(r, k)) *row_field(r, k) = fpc_strdup("");
    sc->n++;
    if (!r->number[0]) {
        fpc_error(rd->path, line, 0, "scorecard row without a number");
        rd->failed = 1;
    } else if (!r->name[0]) {
        fpc_error(rd->path, line, 0, "scorecard row %s has no name", r->number);
        rd->failed = 1;
    } else {
        for (size_t j = 0; j + 1 < sc->n; j++)
            if (!strcmp(sc->rows[j].number, r->number)) {
                fpc_error(rd->path, line, 0, "duplicate scorecard number '%s' (first on line %zu)",
                          r->number, sc->rows[j].line);
                rd->failed = 1;
                break;
            }
    }
    clear_cells(rd);
}

/* The shared CSV layer's row callback: each field as on_field would
 * receive it, then the record. */
static int sc_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    reader *rd = ctx;
    (void)c;
    rd->rec_line = r->line;
    for (size_t i = 0; i < r->n; i++) on_field(r->f[i], r->len[i], rd);
    on_record(0, rd);
    return 0;
}

int rp_sc_no_data(const rp_sc_row *r)
{
    return !r->code[0] || !strcasecmp(r->code, "no public data");
}

size_t rp_sc_codes(const rp_sc_row *r, char **codes, size_t max)
{
    size_t n = 0;
    if (rp_sc_no_data(r) || max == 0) return 0;
    codes[n++] = fpc_strdup(r->code);
    for (const char *s = r->other_codes; *s && n < max;) {
        size_t len = strcspn(s, ";");
        const char *a = s, *e = s + len;
        while (a < e && (*a == ' ' || *a == '\t')) a++;
        while (e > a && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (e > a) {
            char *c = fpc_xmalloc((size_t)(e - a) + 1);
            memcpy(c, a, (size_t)(e - a));
            c[e - a] = 0;
            codes[n++] = c;
        }
        s += len;
        if (*s == ';') s++;
    }
    return n;
}

void rp_scorecard_free(rp_scorecard *sc)
{
    if (!sc) return;
    for (size_t i = 0; i < sc->n; i++)
        for (size_t k = 0; k < NCOLS; k++) free(*row_field(&sc->rows[i], k));
    free(sc->rows);
    free(sc->path);
    memset(sc, 0, sizeof *sc);
}

char *fpc_scorecard_default(void)
{
    const char *dd = fpc_datadir();
    if (!dd) return NULL;
    size_t n = strlen(dd) + sizeof FPC_SCORECARD_DEFAULT + 1;
    char *p = fpc_xmalloc(n);
    snprintf(p, n, "%s/%s", dd, FPC_SCORECARD_DEFAULT);
    return p;
}

int rp_scorecard_read(const char *path, rp_scorecard *sc)
{
    memset(sc, 0, sizeof *sc);
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.sc = sc;
    rd.path = path;
    rd.line = 1;
    rd.rec_line = 1;
    sc->path = fpc_strdup(path);
    /* The shared CSV layer (binary check, field and row limits, "-" for
     * standard input); its problems are printed and fail the definition. */
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    diags.max_kept = 1;
    if (fpc_csv_each(path, &diags, sc_row, &rd) != 0 || diags.n_errors) rd.failed = 1;
    fpc_diags_free(&diags);
    clear_cells(&rd);
    free(rd.cells);
    if (!rd.failed && !rd.have_header) {
        fpc_error(path, 0, 0, "empty scorecard definition");
        rd.failed = 1;
    }
    if (!rd.failed && sc->n == 0) {
        fpc_error(path, 0, 0, "scorecard definition has no rows");
        rd.failed = 1;
    }
    if (rd.failed) { rp_scorecard_free(sc); return -1; }
    return 0;
}

/* ------------------------------------------------ targets and milestones */

int rp_sc_target(const rp_sc_row *r, const char *rule, fp_target *tg)
{
    memset(tg, 0, sizeof *tg);
    tg->baseline = NAN;
    /* "england" is the plan's word for the national value. */
    const char *rt = !strcasecmp(rule, "england") ? "national" : rule;
    if (fp_target_parse(rt, tg) != FP_OK) return -1;
    if (r->baseline[0]) fpc_parse_double(r->baseline, 1, &tg->baseline);
    return 0;
}

int rp_goal_parse(const rp_sc_row *r, const char *due, const char *rule, rp_goal *g)
{
    memset(g, 0, sizeof *g);
    snprintf(g->due, sizeof g->due, "%s", due);
    snprintf(g->rule, sizeof g->rule, "%s", rule);
    if (rp_sc_target(r, rule, &g->goal.target) != 0) return -1;
    if (r->baseline_period[0] && fp_period_parse(r->baseline_period, &g->base_period) == FP_OK)
        g->goal.baseline_period = &g->base_period;
    /* The due date: YYYY-MM (a month of the plan), else a period label. The
     * year is read with its range checked: sscanf's %d overflowed on
     * 99999999999999 and the goal was "projected" to year 276447231. */
    const char *p = due;
    while (*p == ' ') p++;
    size_t nd = strspn(p, "0123456789");
    const char *q = p + nd + (p[nd] == '-');
    size_t nm = strspn(q, "0123456789");
    const char *rest = q + nm;
    while (*rest == ' ') rest++;
    if (nd > 4 && (!p[nd] || p[nd] == '-' || p[nd] == ' ')) return -3;   /* a year past 9999 */
    if (nd == 4 && p[nd] == '-' && nm >= 1 && nm <= 2 && !*rest) {
        long y = strtol(p, NULL, 10), m = strtol(q, NULL, 10);
        if (m >= 1 && m <= 12) {
            if (y < 1900) return -3;
            g->goal.due_year = (int)y;
            g->goal.due_month = (int)m;
            return 0;
        }
        /* "2019-20": a period label */
    }
    if (fp_period_parse(due, &g->due_period) == FP_OK) {
        g->goal.due_period = &g->due_period;
    } else {
        return -2;
    }
    return 0;
}

size_t rp_goals_of_row(const rp_sc_row *r, rp_goal *g, size_t max, char *why, size_t why_size)
{
    size_t n = 0;
    if (why && why_size) why[0] = 0;
    for (const char *s = r->milestones; *s && n + 1 < max;) {
        size_t len = strcspn(s, ";");
        char item[160];
        snprintf(item, sizeof item, "%.*s", (int)len, s);
        s += len + (s[len] == ';');
        char *eq = strchr(item, '=');
        if (!eq) continue;
        *eq = 0;
        char *d = item, *ru = eq + 1;
        while (*d == ' ') d++;
        while (*ru == ' ') ru++;
        int rc = rp_goal_parse(r, d, ru, &g[n]);
        if (rc == 0) {
            snprintf(g[n].kind, sizeof g[n].kind, "milestone");
            n++;
        } else if (why && why_size && !why[0]) {
            if (rc == -3)
                snprintf(why, why_size, "milestone '%s=%s': the date is out of range (YYYY-MM, "
                         "a year from 1900 to 9999 and a month 1 to 12)", d, ru);
            else
                snprintf(why, why_size, "milestone '%s=%s' not understood", d, ru);
        }
    }
    if (r->target_rule[0] && r->target_date[0] && n < max) {
        int rc = rp_goal_parse(r, r->target_date, r->target_rule, &g[n]);
        if (rc == 0) {
            snprintf(g[n].kind, sizeof g[n].kind, "target");
            n++;
        } else if (why && why_size && !why[0]) {
            if (rc == -3)
                snprintf(why, why_size, "target '%s' due '%s': the date is out of range "
                         "(YYYY-MM, a year from 1900 to 9999 and a month 1 to 12)",
                         r->target_rule, r->target_date);
            else
                snprintf(why, why_size, "target '%s' due '%s' not understood", r->target_rule,
                         r->target_date);
        }
    }
    return n;
}
