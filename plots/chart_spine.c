/* chart_spine.c -- the spine chart (fpp_spine_chart): every indicator of an
 * area against the range of the local authorities.
 * Conventions: charts.c. */
#include "charts_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ spine */

/* A spine chart's indicator labels are wrapped to at most SPINE_LINE
 * characters a line and SPINE_LINES lines (the label column is 42% of the
 * width: about 48 characters of the default font at 800 pixels). */
#define SPINE_LINE 40
#define SPINE_LINES 3

/* Characters (code points) of the n bytes at s. */
static size_t n_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* The byte length of the first `chars` characters of s (all of s when shorter). */
static size_t char_bytes(const char *s, size_t chars)
{
    size_t i = 0;
    for (size_t k = 0; s[i] && k <= chars; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && k++ == chars) break;
    return i;
}

/* s wrapped greedily at spaces into lines of at most SPINE_LINE characters
 * (a longer word split at a character boundary), lines joined by '\n', in
 * b; the number of lines. */
static size_t wrap_lines(fpp__buf *b, const char *s)
{
    size_t lines = 0, col = 0;
    const char *p = s;
    while (*p == ' ') p++;
    while (*p) {
        size_t wl = strcspn(p, " ");
        size_t wc = n_chars(p, wl);
        if (col > 0 && col + 1 + wc > SPINE_LINE) { fpp__buf_add(b, "\n"); col = 0; }
        else if (col > 0) { fpp__buf_add(b, " "); col++; }
        if (col == 0) lines++;
        while (wc > SPINE_LINE) {     /* a word longer than a line */
            size_t cut = char_bytes(p, SPINE_LINE - col);
            fpp__buf_addn(b, p, cut);
            fpp__buf_add(b, "\n");
            lines++;
            p += cut; wl -= cut; wc = n_chars(p, wl); col = 0;
        }
        fpp__buf_addn(b, p, wl);
        col += wc;
        p += wl;
        while (*p == ' ') p++;
    }
    return lines;
}

/* The tic label of a spine row: label itself when it fits one line, else
 * wrapped onto at most SPINE_LINES lines; a label too long even for that
 * keeps its beginning and its end (where indicator numbers, codes and the
 * period are) with an ellipsis between, and with focus < its length also
 * the characters around character focus (where two labels first differ:
 * spine_layout asks for it when two shortened labels meet). Returns a
 * malloc'd string, or NULL (ENOMEM). */
static char *spine_tic(const char *label, size_t focus)
{
    size_t total = n_chars(label, strlen(label));
    for (size_t keep = total; ; keep = keep > 10 ? keep - 5 : 0) {
        fpp__buf t, b;
        fpp__buf_init(&t);
        if (keep >= total) {
            fpp__buf_add(&t, label);
        } else {
            /* Character ranges kept: [0, h), [ms, me) and [total - tl, total). */
            size_t h = focus < total ? keep / 3 : keep / 2, tl = h;
            size_t ms = h, me = h;
            if (focus < total) {
                size_t m = keep - h - tl;
                ms = focus > m / 3 ? focus - m / 3 : 0;
                if (ms < h) ms = h;
                me = ms + m < total - tl ? ms + m : total - tl;
            }
            fpp__buf_addn(&t, label, char_bytes(label, h));
            if (me > ms) {
                if (ms > h) fpp__buf_add(&t, " \xE2\x80\xA6 ");   /* U+2026 */
                size_t from = char_bytes(label, ms);
                fpp__buf_addn(&t, label + from, char_bytes(label, me) - from);
            }
            if (total - tl > (me > ms ? me : h)) fpp__buf_add(&t, " \xE2\x80\xA6 ");
            fpp__buf_add(&t, label + char_bytes(label, total - tl));
        }
        if (t.failed) { fpp__buf_free(&t); return NULL; }
        fpp__buf_init(&b);
        fpp__buf_add(&b, "");
        size_t lines = wrap_lines(&b, t.s);
        fpp__buf_free(&t);
        if (lines <= SPINE_LINES || keep == 0) return fpp__buf_take(&b);
        fpp__buf_free(&b);
    }
}

/* The character index at which a and b first differ. */
static size_t first_difference(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i]) i++;
    return n_chars(a, i);
}

/* A spine chart's rows as plotted. */
typedef struct spine_lay {
    double *rows;          /* n x 7: y, x of worst, q25, q75, best, value; significance */
    const char **labels;   /* each indicator's label as given */
    char **short_lab;      /* the tic labels: wrapped, '\n' between lines (spine_tic) */
    size_t max_lines;      /* the most lines of any tic label */
    char **rtext;          /* the right-hand labels: "value (England value)" */
    double *pos;           /* the y of each row */
    int present[FPP_SIG_COUNT];
    int n_marked, n_range; /* rows with a value marker; with an England range */
} spine_lay;

static void spine_lay_free(spine_lay *l, size_t n)
{
    if (l->rtext) for (size_t i = 0; i < n; i++) free(l->rtext[i]);
    if (l->short_lab) for (size_t i = 0; i < n; i++) free(l->short_lab[i]);
    free(l->rows); free(l->labels); free(l->rtext); free(l->pos); free(l->short_lab);
}

/* Place each row's worst, quartiles, best and value on a common scale:
 * England at 0.5, the farthest point from it at 0 or 1, better always to
 * the right. A row without a value or without an England range is listed
 * as skipped. FP_OK, or an error with l freed. */
static int spine_layout(builder *B, const fpp_spine *s, spine_lay *l)
{
    size_t n = s->n;
    int rc = FP_OK;
    memset(l, 0, sizeof *l);
    l->rows = calloc(n * 7, sizeof *l->rows);
    l->labels = calloc(n, sizeof *l->labels);
    l->rtext = calloc(n, sizeof *l->rtext);
    l->pos = calloc(n, sizeof *l->pos);
    l->short_lab = calloc(n, sizeof *l->short_lab);
    if (!l->rows || !l->labels || !l->rtext || !l->pos || !l->short_lab) {
        spine_lay_free(l, n);
        return FP_ENOMEM;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const fpp_spine_row *r = &s->rows[i];
        double *o = l->rows + i * 7;
        int have_range = isfinite(r->worst) && isfinite(r->best);
        double c = isfinite(r->england) ? r->england
                 : have_range ? (r->worst + r->best) / 2 : r->value;
        double sgn = have_range && r->best < r->worst ? -1 : 1;
        double dmax = 0;
        double raw[5] = { r->worst, r->q25, r->q75, r->best, r->value };
        for (int j = 0; j < 5; j++)
            if (isfinite(raw[j])) dmax = fmax(dmax, fabs(raw[j] - c));
        if (!(dmax > 0)) dmax = 1;
        o[0] = (double)(n - i);
        for (int j = 0; j < 5; j++)
            o[1 + j] = isfinite(raw[j]) && isfinite(c) ? 0.5 + 0.5 * sgn * (raw[j] - c) / dmax : NAN;
        fpp_sig sg = fpp__sig_ok(r->sig);
        o[6] = (double)sg;
        l->labels[i] = r->label ? r->label : "";
        l->pos[i] = o[0];
        /* The tic label: wrapped, never cut so that rows look alike (the
         * full name also stays in the .csv table and the alt text). */
        l->short_lab[i] = spine_tic(l->labels[i], (size_t)-1);
        if (!l->short_lab[i]) { rc = FP_ENOMEM; break; }
        size_t lines = 1;
        for (const char *q = l->short_lab[i]; *q; q++) lines += *q == '\n';
        if (lines > l->max_lines) l->max_lines = lines;
        if (isfinite(o[5])) { l->present[sg] = 1; l->n_marked++; }
        else rc = fpp__skip(B, l->labels[i], "all values missing");
        if (!rc && !have_range) rc = fpp__skip(B, l->labels[i], "no England range");
        l->n_range += have_range;
        char v1[64], v2[64], buf[160];
        snprintf(buf, sizeof buf, "%s (England %s)", fpp__fmt(v1, sizeof v1, r->value, r->dps),
                 fpp__fmt(v2, sizeof v2, r->england, r->dps));
        l->rtext[i] = strdup(buf);
        if (!l->rtext[i]) rc = FP_ENOMEM;
    }
    /* Two rows whose labels differ only in what the ellipsis left out
     * would look alike: both are shortened again keeping where they first
     * differ; if they still meet, both get their row number. */
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = i + 1; j < n && !rc; j++) {
            if (strcmp(l->short_lab[i], l->short_lab[j]) || !strcmp(l->labels[i], l->labels[j]))
                continue;
            size_t k[2] = { i, j }, focus = first_difference(l->labels[i], l->labels[j]);
            for (int m = 0; m < 2 && !rc; m++) {
                char *t = spine_tic(l->labels[k[m]], focus);
                if (!t) { rc = FP_ENOMEM; break; }
                free(l->short_lab[k[m]]);
                l->short_lab[k[m]] = t;
            }
            for (int m = 0; m < 2 && !rc && !strcmp(l->short_lab[i], l->short_lab[j]); m++) {
                fpp__buf b;
                fpp__buf_init(&b);
                fpp__buf_printf(&b, "%s [#%zu]", l->short_lab[k[m]], k[m] + 1);
                char *t = fpp__buf_take(&b);
                if (!t) { rc = FP_ENOMEM; break; }
                free(l->short_lab[k[m]]);
                l->short_lab[k[m]] = t;
            }
        }
    if (rc) spine_lay_free(l, n);
    return rc;
}

/* The axes (indicator labels left, values right, fixed margins so the plot
 * keeps the middle of the image whatever the labels' length), England's
 * centre line, the data block and the plot: England's range, the middle
 * half, the area's markers and the key. FP_OK or FP_ENOMEM. */
static int spine_plot(builder *B, const fpp_spine *s, const spine_lay *l)
{
    size_t n = s->n;
    static const char *const cols[] = { "y", "x_worst", "x_q25", "x_q75", "x_best", "x_value",
                                        "significance" };
    fpp__buf *b = &B->body;
    fpp__buf_printf(b, "set xrange [-0.02:1.02]\nset yrange [0.4:%zu.6]\nset y2range [0.4:%zu.6]\n", n, n);
    fpp__buf_add(b, "unset xtics\nset border 0\nset y2tics scale 0\n"
                    "set key below center horizontal maxrows 2 samplen 2\n"
                    "set xlabel 'Worst (or lowest)  <-  England  ->  Best (or highest)'\n");
    fpp__buf_add(b, "set lmargin at screen 0.42\nset rmargin at screen 0.76\n");
    /* The indicator labels are labels, not tics: gnuplot runs a tic label
     * holding '%' through its number formatter, which cuts it to 50 bytes
     * ("% achieving a good level of de"). Right-aligned just left of the
     * plot, one line per wrapped line (spine_tic). */
    fpp__buf_add(b, "unset ytics\n");
    for (size_t i = 0; i < n; i++) {
        fpp__buf_add(b, "set label ");
        fpp__buf_quote_lines(b, l->short_lab[i]);
        fpp__buf_add(b, " at graph -0.02, first ");
        fpp__buf_num(b, l->pos[i]);
        fpp__buf_add(b, " right noenhanced\n");
    }
    fpp__category_tics(B, "y2tics", (const char *const *)l->rtext, n, 1, l->pos);
    fpp__buf_add(b, "set arrow 1 from first 0.5, graph 0 to first 0.5, graph 1 nohead lw 2 "
                    "lc rgb '#000000' front\n");
    fpp__datablock(B, "$data", cols, 7, l->rows, n);
    if (l->n_range) {
        fpp__clause(B);
        fpp__buf_add(b, "$data using (($2+$5)/2):1:2:5:($1-0.3):($1+0.3) with boxxyerror "
                        "fs solid 1.0 noborder fc rgb '#D9D9D9'");
        fpp__clause_title(B, "England range: worst to best");
        fpp__clause(B);
        fpp__buf_add(b, "$data using (($3+$4)/2):1:3:4:($1-0.3):($1+0.3) with boxxyerror "
                        "fs solid 1.0 noborder fc rgb '#8C8C8C'");
        fpp__clause_title(B, "25th to 75th percentile");
    }
    fpp__sig_markers(B, "6", 1, 7, l->present, 1.6);
    for (int c = 0; c < FPP_SIG_COUNT; c++)
        if (l->present[c]) {
            char lab[1024];
            snprintf(lab, sizeof lab, "%s: %s", fpp__nz(s->area_name, "Area"), fpp_sig_label((fpp_sig)c));
            fpp__sig_keyentry(B, (fpp_sig)c, lab);
        }
    fpp__clause(B);
    fpp__buf_add(b, "keyentry with lines lw 2 lc rgb '#000000' title 'England'\n");
    return FP_OK;
}

/* The table beside the chart (full labels) and the long description. */
static void spine_csv_desc(builder *B, const fpp_spine *s, const spine_lay *l)
{
    size_t n = s->n;
    static const char *const ccols[] = { "indicator", "value", "england", "worst", "q25", "q75",
                                         "best", "significance" };
    fpp__csv_header(B, ccols, 8);
    for (size_t i = 0; i < n; i++) {
        const fpp_spine_row *r = &s->rows[i];
        fpp__buf_csv(&B->csv, l->labels[i]);
        double v[6] = { r->value, r->england, r->worst, r->q25, r->q75, r->best };
        for (int j = 0; j < 6; j++) { fpp__buf_add(&B->csv, ","); fpp__buf_csvnum(&B->csv, v[j]); }
        fpp__buf_add(&B->csv, ",");
        if (isfinite(r->value)) fpp__buf_csv(&B->csv, fpp_sig_label(r->sig));
        fpp__buf_add(&B->csv, "\n");
    }
    fpp__buf *d = &B->desc;
    fpp__buf_printf(d, "Spine chart of %zu indicators for %s: each row shows the range of English "
                       "areas from worst (left) to best (right), the middle half shaded darker, "
                       "England at the centre line and %s's value as a marker.",
                    n, fpp__nz(s->area_name, "the area"), fpp__nz(s->area_name, "the area"));
    int cnt[FPP_SIG_COUNT] = { 0 };
    for (size_t i = 0; i < n; i++)
        if (isfinite(s->rows[i].value)) cnt[fpp__sig_ok(s->rows[i].sig)]++;
    fpp__sig_counts_desc(d, cnt);
}

int fpp_spine_chart(const fpp_spine *s, const char *name, fpp_chart **out)
{
    if (!s || !out || s->n == 0 || !s->rows) return FP_EINVAL;
    builder B;
    int rc = fpp__builder_init(&B, "spine", name);
    if (rc) return rc;
    size_t n = s->n;
    spine_lay l;
    if ((rc = spine_layout(&B, s, &l)) != FP_OK) { fpp__builder_discard(&B); return rc; }
    /* Room for every row's label: 28 pixels a one-line row, 17 more for
     * each further line (at the default 800x450 a one-line chart of up to
     * 12 rows fits as it is). */
    int row_px = 28 + 17 * (int)(l.max_lines - 1);
    if (n > 12 || l.max_lines > 1) B.c->min_height = (int)(row_px * (int)n + 160);
    B.c->empty = l.n_marked == 0 && l.n_range == 0;
    fpp__begin(&B, s->title, s->subtitle);
    if ((rc = spine_plot(&B, s, &l)) != FP_OK) {
        spine_lay_free(&l, n);
        fpp__builder_discard(&B);
        return rc;
    }
    spine_csv_desc(&B, s, &l);
    char alt[1024];
    snprintf(alt, sizeof alt, "Spine chart: %s", fpp__nz(s->area_name, "area"));
    spine_lay_free(&l, n);
    return fpp__builder_finish(&B, alt, out);
}
