/* rates_run.c -- one `rates` run over its CSV: each row handed to its
 * type, each group finished, the state freed. */
#include "cli.h"
#include "io.h"
#include "rates_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* The CSV layer's row callback: the header, then one data row (or age
 * band) at a time. Returns nonzero to stop reading (a header problem). */
static int rt_rates_row(void *ctx, fpc_csv *c, const fpc_row *r)
{
    rstate *s = ctx;
    (void)c;
    s->fptr = r->f;
    s->len = r->len;
    s->nf = r->n;
    s->line = r->line;
    s->direct = r->plain;
    if (r->is_header) {
        rt_header_row(s);
    } else {
        s->nrows++;
        if (s->op->type == T_DSR) rt_dsr_row(s);
        else if (s->op->type == T_LE) rt_le_row(s);
        else if (s->op->type == T_SII) rt_sii_row(s);
        else if (GROUPED(s->op->type)) rt_isr_row(s);
        else rt_data_row(s);
    }
    return s->fatal;
}

static void rt_free_state(rstate *s)
{
    for (size_t i = 0; i < s->nhead; i++) free(s->head[i]);
    free(s->head);
    for (size_t g = 0; g < s->ngroups; g++) {
        free(s->groups[g].key);
        free(s->groups[g].count);
        free(s->groups[g].pop);
        free(s->groups[g].std);
        free(s->groups[g].people);
        free(s->groups[g].xref);
        free(s->groups[g].nref);
        for (size_t i = 0; s->groups[g].agelab && i < s->groups[g].n; i++)
            free(s->groups[g].agelab[i]);
        free(s->groups[g].agelab);
        free(s->groups[g].age);
    }
    free(s->groups);
    free(s->ghash);
    free(s->ifreq);
}

/* Read file and write the results of the options op (checked, defaults
 * filled in). Returns the exit status. */
int rt_run(const ropts *o, const char *file)
{
    const ropts op = *o;
    int isr = op.type == T_ISR || op.type == T_ISRATE;
    rstate s;
    memset(&s, 0, sizeof s);
    s.op = &op;
    s.file = file;
    for (size_t l = 0; l < op.nlevels; l++) fp_level_init(&s.lv[l], op.levels[l]);
    fpc_out out;
    if (fpc_out_open(&out, op.output) != 0) return FPC_EXIT_DATA;
    s.outfp = out.fp;
    /* Problems the CSV layer finds (cannot open, binary, empty, an
     * unclosed quote, an overlong field or row) are printed as they come;
     * any of them fails the run with no output, as malformed CSV. */
    fpc_diags diags;
    fpc_diags_init(&diags);
    diags.echo = 1;
    diags.max_kept = 1;
    /* Row warnings go with the reader's (summarised per kind, as
     * --quiet / --verbose say). */
    s.diags = &diags;
    int rc = fpc_csv_each(file, &diags, rt_rates_row, &s);
    if (rc == 0 && diags.n_errors) rc = -1;
    fpc_diags_free(&diags);
    if (rc != 0 || s.fatal) {
        int usage = s.out.usage;
        if (s.have_header && (!s.fatal || usage)) rt_out_end(&s.out);   /* begun */
        fpc_out_abort(&out);
        rt_free_state(&s);
        return usage ? FPC_EXIT_USAGE : FPC_EXIT_DATA;
    }
    if (op.type == T_DSR) rt_dsr_finish(&s);
    else if (op.type == T_LE) rt_le_finish(&s);
    else if (op.type == T_SII) rt_sii_finish(&s);
    else if (isr) rt_isr_finish(&s);
    if (rt_out_end(&s.out) != 0) {
        fpc_out_abort(&out);
        rt_free_state(&s);
        return FPC_EXIT_DATA;
    }
    if (fpc_out_commit(&out) != 0) {
        rt_free_state(&s);
        return FPC_EXIT_DATA;
    }
    int exit_code = s.nbad ? FPC_EXIT_DATA : FPC_EXIT_OK;
    if (s.nbad)
        fpc_error(s.file, 0, 0, "%zu row%s had cells that are not numbers (noted in the output)",
                  s.nbad, s.nbad == 1 ? "" : "s");
    rt_free_state(&s);
    return exit_code;
}

