/* read_breaks.c -- methodology breaks: indicator metadata saying where a
 * series starts again because the method changed (docs/data-formats.md,
 * "Series breaks"). Columns `indicator`, `first_period` and optional
 * `reason`; each row calls fp_dataset_add_break, and the assessment layer
 * then keeps trends, SPC and projections from crossing the break. */
#include "cli.h"
#include "io.h"
#include "read_internal.h"

#include <string.h>

typedef struct breaks_ctx {
    fp_dataset *ds;
    long c_ind, c_first, c_reason;
    size_t need;
} breaks_ctx;

static const char *const B_IND[] = { "indicator", "indicator code", "code", NULL };
static const char *const B_FIRST[] = { "first_period", "first period", "from", NULL };
static const char *const B_REASON[] = { "reason", "note", NULL };

static int breaks_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    breaks_ctx *x = ctx;
    if (r->is_header) {
        x->c_ind = fpc__header_find(c, r, B_IND);
        x->c_first = fpc__header_find(c, r, B_FIRST);
        x->c_reason = fpc__header_find(c, r, B_REASON);
        if (x->c_ind < 0 || x->c_first < 0) {
            fpc_diags_add(c->diags, 1, c->path, r->line, 0,
                          "a breaks file needs the columns indicator and first_period");
            return 1;
        }
        x->need = (size_t)(x->c_ind > x->c_first ? x->c_ind : x->c_first) + 1;
        return 0;
    }
    if (fpc__row_blank(r) || fpc__row_short(c, r, x->need)) return 0;
    const char *code = r->f[x->c_ind], *first = r->f[x->c_first];
    const char *reason = x->c_reason >= 0 && (size_t)x->c_reason < r->n ? r->f[x->c_reason] : "";
    fp_period p;
    if (!*code) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_ind + 1,
                      "empty indicator code; row skipped");
        return 0;
    }
    if (fp_period_parse(first, &p) != FP_OK) {
        fpc_diags_add(c->diags, 1, c->path, r->line, (size_t)x->c_first + 1,
                      "'%s' is not a period (e.g. 2016, 2021/22); row skipped", first);
        return 0;
    }
    if (fp_dataset_add_break(x->ds, code, &p, reason) != FP_OK) {
        fpc_diags_add(c->diags, 1, c->path, r->line, 0, "out of memory");
        return 1;
    }
    return 0;
}

int fpc__read_breaks(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    (void)o;
    breaks_ctx x;
    memset(&x, 0, sizeof x);
    x.ds = ds;
    fpc_csv c;
    int rc = fpc__csv_read(&c, path, d, breaks_row, &x, 0);
    if (rc == 0) fpc__version_append(ds, path, c.hash);
    return rc;
}
