/* table_xlsx.c -- the XLSX backend of the table writer (table.c), written
 * with libxlsxwriter (https://libxlsxwriter.github.io).
 *
 * The workbook analysts open in Excel: one worksheet with the table, the
 * header row bold and frozen with an autofilter over the data, numbers
 * stored as numbers (exactly the value the CSV shows, with the same number
 * of decimals as a number format when the command fixed them), text stored
 * as text (so codes such as "343" or a scorecard's "1.10" are never turned
 * into numbers), comparison verdicts and "#RRGGBB" cells filled with their
 * colour while the word stays in the cell, and a second sheet "sources"
 * with the metadata (methods_version, data_version split into one row per
 * source file).
 *
 * libxlsxwriter writes to a file name, not a stream, so the workbook goes to
 * a temporary file (constant-memory mode: rows are streamed to disk as they
 * come) and its bytes are copied to the table's stream at the end; the
 * caller's fpc_out then makes the final file appear atomically as for every
 * other format. Excel's limits apply: 1,048,576 rows, 16,384 columns and
 * 32,767 characters a cell (longer text is cut, with a warning). */
#include "table_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Excel's limit on the characters of a cell ("Total number of characters
 * that a cell can contain: 32,767", Excel specifications and limits).
 * Excel counts UTF-16 code units: a character beyond U+FFFF counts two. */
#define XLSX_CELL_MAX 32767

/* Text as a workbook can hold it: characters XML 1.0 forbids that
 * libxlsxwriter would write as they are (U+FFFE, U+FFFF) and bytes that
 * are not UTF-8 become U+FFFD (libxlsxwriter writes C0 controls as
 * _xHHHH_ escapes, which are valid); with ctrl nonzero C0 controls become
 * '_' as well (for sheet names, which libxlsxwriter does not escape). At
 * most max characters as Excel counts them (UTF-16 units), never cutting
 * one; *cut set to 1 when text was left out. Returns a malloc'd string. */
static char *xlsx_text(const char *s, size_t max, int ctrl, int *cut)
{
    size_t n = strlen(s ? s : ""), units = 0;
    char *d = fpc_xmalloc(3 * n + 1), *q = d;
    *cut = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t k = fpp_utf8_seq(p);
        size_t u = k == 4 ? 2 : 1;
        if (units + u > max) { *cut = 1; break; }
        units += u;
        if (k == 0 || (k > 1 && fpp_xml_forbidden(p, k))) {
            memcpy(q, "\xEF\xBF\xBD", 3);
            q += 3;
            p += k ? k : 1;
            continue;
        }
        if (ctrl && k == 1 && *p < 0x20) { *q++ = '_'; p++; continue; }
        memcpy(q, p, k);
        q += k;
        p += k;
    }
    *q = '\0';
    return d;
}

/* worksheet_write_string with the text made safe (xlsx_text) and cut to
 * Excel's limit; *cut counts the cells cut. */
static lxw_error write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text,
                            lxw_format *f, int *cut)
{
    int was_cut;
    char *t = xlsx_text(text, XLSX_CELL_MAX, 0, &was_cut);
    lxw_error e = worksheet_write_string(ws, r, c, t, f);
    free(t);
    if (was_cut && cut) (*cut)++;
    return e;
}

typedef struct xfmt {
    long rgb;            /* fill colour 0xRRGGBB, -1 none */
    int dp;              /* decimals, -1 General */
    lxw_format *f;
} xfmt;

struct fpc__xlsx {
    char path[4096];
    int cleanup;         /* cleanup handle of path (removed on a signal) */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    xfmt *fmts; size_t nfmts;
    size_t ncols;
    double *width;       /* widest cell per column, in characters */
    lxw_row_t row;       /* next row to write */
    int too_many_rows, cut_cells, failed;
};

/* "#RRGGBB" as 0xRRGGBB, or -1. */
static long parse_rgb(const char *s)
{
    if (!s || s[0] != '#' || strlen(s) != 7) return -1;
    char *end;
    long v = strtol(s + 1, &end, 16);
    return *end == '\0' ? v : -1;
}

/* The fill of a text cell with no explicit fill: a comparison verdict
 * gets the library's colour for it, a "#RRGGBB" cell its own colour. */
static long auto_fill(const char *text)
{
    for (int r = FP_CMP_NOT_COMPARED; r <= FP_CMP_WORSE_998; r++)
        if (!strcmp(text, fp_cmp_name((fp_cmp)r))) return parse_rgb(fp_cmp_colour((fp_cmp)r));
    return parse_rgb(text);
}

/* The format for (fill, decimals), made once. Text on a dark fill is white
 * (relative luminance below one half, ITU-R BT.709 weights). */
static lxw_format *format_for(fpc__xlsx *x, long rgb, int dp)
{
    if (rgb < 0 && dp < 0) return NULL;
    for (size_t i = 0; i < x->nfmts; i++)
        if (x->fmts[i].rgb == rgb && x->fmts[i].dp == dp) return x->fmts[i].f;
    lxw_format *f = workbook_add_format(x->wb);
    if (dp >= 0) {
        char nf[24] = "0";
        if (dp > 0) {
            nf[1] = '.';
            memset(nf + 2, '0', (size_t)dp);
            nf[2 + dp] = '\0';
        }
        format_set_num_format(f, nf);
    }
    if (rgb >= 0) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, (lxw_color_t)rgb);
        double lum = (0.2126 * (double)((rgb >> 16) & 255) + 0.7152 * (double)((rgb >> 8) & 255)
                      + 0.0722 * (double)(rgb & 255)) / 255.0;
        if (lum < 0.5) format_set_font_color(f, LXW_COLOR_WHITE);
    }
    x->fmts = fpc_xrealloc(x->fmts, (x->nfmts + 1) * sizeof *x->fmts);
    x->fmts[x->nfmts++] = (xfmt){ rgb, dp, f };
    return f;
}

/* Characters of UTF-8 text (continuation bytes not counted). */
static double text_width(const char *s)
{
    double n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

/* A worksheet named as Excel accepts: at most 31 characters (as Excel
 * counts them), none of []:*?/\ or a control character; "table" when
 * nothing is left. */
static lxw_worksheet *add_sheet(lxw_workbook *wb, const char *sheet)
{
    int cut;
    char *name = xlsx_text(sheet, 31, 1, &cut);
    for (char *p = name; *p; p++)
        if (strchr("[]:*?/\\", *p)) *p = '_';
    lxw_worksheet *ws = workbook_add_worksheet(wb, *name ? name : "table");
    free(name);
    return ws;
}

/* Start worksheet `sheet` with the header row names[0..n-1] (bold; widths
 * measured from here on). 0 ok, -1 (message printed). */
static int start_sheet(fpc__xlsx *x, const char *sheet, const char *const *names, size_t n)
{
    if (n > LXW_COL_MAX) {
        fpc_error(NULL, 0, 0, "%zu columns are more than a worksheet holds (%d)", n, LXW_COL_MAX);
        return -1;
    }
    x->ws = add_sheet(x->wb, sheet);
    if (!x->ws) {
        fpc_error(NULL, 0, 0, "cannot add the worksheet '%s' (libxlsxwriter)", sheet);
        return -1;
    }
    x->ncols = n;
    free(x->width);
    x->width = fpc_xmalloc((n ? n : 1) * sizeof *x->width);
    for (size_t j = 0; j < n; j++) {
        write_text(x->ws, 0, (lxw_col_t)j, names[j], x->bold, NULL);
        x->width[j] = text_width(names[j]) + 3;  /* room for the filter button */
    }
    x->row = 1;
    return 0;
}

/* Finish the current worksheet: the header row frozen, filters over the
 * table, each column as wide as its widest cell (at most 50). */
static void finish_sheet(fpc__xlsx *x)
{
    if (!x->ws || !x->ncols) return;
    worksheet_freeze_panes(x->ws, 1, 0);
    worksheet_autofilter(x->ws, 0, 0, x->row - 1, (lxw_col_t)(x->ncols - 1));
    for (size_t j = 0; j < x->ncols; j++) {
        double w = x->width[j] > 50 ? 50 : x->width[j] + 1;
        worksheet_set_column(x->ws, (lxw_col_t)j, (lxw_col_t)j, w, NULL);
    }
}

int fpc__xlsx_sheet(fpc__xlsx *x, const char *sheet, const char *const *names, size_t n)
{
    finish_sheet(x);
    if (start_sheet(x, sheet, names, n) != 0) {
        x->failed = 1;
        x->ws = NULL;
        x->ncols = 0;
        return -1;
    }
    return 0;
}

fpc__xlsx *fpc__xlsx_open(const char *sheet, const char *const *names, size_t n)
{
    fpc__xlsx *x = fpc_xmalloc(sizeof *x);
    memset(x, 0, sizeof *x);
    const char *tmp = getenv("TMPDIR");
    snprintf(x->path, sizeof x->path, "%s/fingerpost-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    /* Created and registered for removal on SIGINT/SIGTERM in one step,
     * so no signal can leave it behind. */
    int fd = fpp_cleanup_mkstemp(x->path, &x->cleanup);
    if (fd < 0) {
        fpc_error(x->path, 0, 0, "cannot create a temporary workbook: %s", strerror(errno));
        free(x);
        return NULL;
    }
    close(fd);
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
    x->wb = workbook_new_opt(x->path, &opt);
    /* The workbook's creation time is the current time, unless
     * SOURCE_DATE_EPOCH (reproducible-builds.org) fixes it, as it fixes the
     * report's stamp: then the same inputs give a byte-identical workbook
     * (libxlsxwriter's zip entries carry no clock time). */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (x->wb && sde && *sde) {
        char *end;
        long long e = strtoll(sde, &end, 10);
        if (*end == '\0' && e >= 0) {
            lxw_doc_properties props;
            memset(&props, 0, sizeof props);
            props.created = (time_t)e;
            workbook_set_properties(x->wb, &props);
        }
    }
    if (x->wb) {
        x->bold = workbook_add_format(x->wb);
        format_set_bold(x->bold);
    }
    if (!x->wb || start_sheet(x, sheet, names, n) != 0) {
        if (!x->wb) fpc_error(NULL, 0, 0, "cannot start a workbook (libxlsxwriter)");
        if (x->wb) workbook_close(x->wb);
        unlink(x->path);
        fpp_cleanup_remove(x->cleanup);
        free(x->width);
        free(x);
        return NULL;
    }
    return x;
}

void fpc__xlsx_row(fpc__xlsx *x, const fpc__cell *const *cells, size_t n)
{
    if (!x->ws) return;
    if (x->row >= LXW_ROW_MAX) { x->too_many_rows = 1; return; }
    for (size_t j = 0; j < n && j < x->ncols; j++) {
        const fpc__cell *c = cells[j];
        lxw_col_t col = (lxw_col_t)j;
        long rgb = parse_rgb(c->fill);
        lxw_error e = LXW_NO_ERROR;
        if (c->kind == FPC__CELL_NULL) {
            if (rgb >= 0) e = worksheet_write_blank(x->ws, x->row, col, format_for(x, rgb, -1));
        } else if (c->kind == FPC__CELL_NUM) {
            /* The full value, shown with the cell's decimals (its number
             * format): Excel computes with what the data hold. */
            double v = isnan(c->value) ? strtod(c->text, NULL) : c->value;
            e = worksheet_write_number(x->ws, x->row, col, v, format_for(x, rgb, c->dp));
        } else {
            if (rgb < 0) rgb = auto_fill(c->text);
            e = write_text(x->ws, x->row, col, c->text, format_for(x, rgb, -1), &x->cut_cells);
        }
        if (e != LXW_NO_ERROR && !x->failed) {
            fpc_error(NULL, 0, 0, "workbook row %u: %s", (unsigned)x->row + 1, lxw_strerror(e));
            x->failed = 1;
        }
        if (c->kind != FPC__CELL_NULL) {
            double w = text_width(c->text);
            if (w > x->width[j]) x->width[j] = w;
        }
    }
    x->row++;
}

void fpc__xlsx_discard(fpc__xlsx *x)
{
    if (!x) return;
    workbook_close(x->wb);
    unlink(x->path);
    fpp_cleanup_remove(x->cleanup);
    free(x->fmts);
    free(x->width);
    free(x);
}

/* Copy the file at path to fp. 0 ok, -1 error (message printed). */
static int copy_file(const char *path, FILE *fp)
{
    FILE *in = fopen(path, "rb");
    if (!in) { fpc_error(path, 0, 0, "cannot read the workbook back: %s", strerror(errno)); return -1; }
    char buf[1 << 16];
    size_t got;
    int rc = 0;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, fp) != got) { rc = -1; break; }
    if (ferror(in)) rc = -1;
    fclose(in);
    if (rc != 0) fpc_error(NULL, 0, 0, "cannot write the workbook: %s", strerror(errno));
    return rc;
}

int fpc__xlsx_close(fpc__xlsx *x, FILE *fp, char *const *meta_keys,
                    char *const *meta_vals, size_t nmeta)
{
    if (!x) return -1;
    int rc = x->failed ? -1 : 0;
    if (x->too_many_rows) {
        fpc_error(NULL, 0, 0, "the table has more rows than a worksheet holds (%d): "
                  "use --format csv or select fewer rows", LXW_ROW_MAX - 1);
        rc = -1;
    }
    finish_sheet(x);
    /* The sources sheet: one row per metadata item; a data_version that
     * lists several files ("a.csv#hash; b.csv#hash") gets a row for each. */
    lxw_worksheet *src = workbook_add_worksheet(x->wb, "sources");
    if (src) {
        worksheet_write_string(src, 0, 0, "key", x->bold);
        worksheet_write_string(src, 0, 1, "value", x->bold);
        lxw_row_t r = 1;
        double w = 12;
        for (size_t i = 0; i < nmeta; i++) {
            int split = !strcmp(meta_keys[i], "data_version") && strstr(meta_vals[i], "; ");
            if (!split) {
                write_text(src, r++, 0, meta_keys[i], NULL, &x->cut_cells);
                write_text(src, r - 1, 1, meta_vals[i], NULL, &x->cut_cells);
                if (text_width(meta_vals[i]) > w) w = text_width(meta_vals[i]);
                continue;
            }
            write_text(src, r++, 0, meta_keys[i], NULL, &x->cut_cells);
            write_text(src, r - 1, 1, meta_vals[i], NULL, &x->cut_cells);
            size_t n;
            char **parts = fpc_split(meta_vals[i], ';', &n);
            for (size_t k = 0; k < n; k++) {
                const char *p = parts[k];
                while (*p == ' ') p++;
                write_text(src, r++, 0, "source", NULL, &x->cut_cells);
                write_text(src, r - 1, 1, p, NULL, &x->cut_cells);
                if (text_width(p) > w) w = text_width(p);
            }
            fpc_free_strv(parts);
        }
        worksheet_set_column(src, 0, 0, 18, NULL);
        worksheet_set_column(src, 1, 1, w > 100 ? 100 : w + 1, NULL);
    }
    if (x->cut_cells)
        fpc_warn(NULL, 0, 0, "%d workbook cells were longer than Excel's %d characters and were cut",
                 x->cut_cells, XLSX_CELL_MAX);
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (e != LXW_NO_ERROR) {
        fpc_error(NULL, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
        rc = -1;
    }
    if (rc == 0) rc = copy_file(x->path, fp);
    unlink(x->path);
    fpp_cleanup_remove(x->cleanup);
    free(x->fmts);
    free(x->width);
    free(x);
    return rc;
}
