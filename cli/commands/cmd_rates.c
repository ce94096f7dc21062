/* cmd_rates.c -- `fingerpost rates`: rates, proportions, means, directly
 * standardised rates and indirectly standardised ratios and rates with
 * confidence intervals, for every row (or group of rows) of a CSV.
 *
 * Reads CSV through the shared streaming CSV layer (cli/io/read_csv.c:
 * quoted fields, embedded newlines, CRLF and a UTF-8 BOM are handled; binary
 * input, overlong fields and rows are refused), computes with libfingerpost's rates module and writes a
 * table (CSV by default) atomically to standard output or -o FILE. Rows that
 * cannot be computed get a `note` and the run goes on; see the --help text
 * for the exit status rules. */
#ifdef __linux__
#define _GNU_SOURCE             /* sync_file_range */
#endif
#include "cli.h"
#include "help.h"
#include "io.h"
#include "rates_cli.h"

#include <fcntl.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ options */

static void usage(FILE *fp)
{
    fputs(fpc_help_rates, fp);
}

static int parse_levels(const char *s, ropts *op)
{
    size_t n;
    char **v = fpc_split(s, ',', &n);
    int rc = 0;
    op->nlevels = 0;
    for (size_t i = 0; i < n; i++) {
        double x;
        if (op->nlevels == MAX_LEVELS || fpc_parse_level(v[i], &x) != 0) { rc = -1; break; }
        op->levels[op->nlevels++] = x;
    }
    fpc_free_strv(v);
    return rc == 0 && op->nlevels > 0 ? 0 : -1;
}

/* Long-only options of rates (sii). */
enum { OPT_QUANTILE = 0x400, OPT_VALUE, OPT_LOWERCL, OPT_UPPERCL, OPT_SE, OPT_VALUETYPE,
       OPT_TRANSFORM };

/* One option of rates into op: 0 to go on, -1 when help was shown, else
 * the exit status of a usage error (reported). optname is the option as
 * typed, for messages. */
static int rates_opt(int ch, const char *arg, const char *optname, ropts *op, int *have_type)
{
    switch (ch) {
    case 't':
        *have_type = 1;
        if (!strcmp(arg, "rate")) op->type = T_RATE;
        else if (!strcmp(arg, "proportion")) op->type = T_PROPORTION;
        else if (!strcmp(arg, "mean")) op->type = T_MEAN;
        else if (!strcmp(arg, "dsr")) op->type = T_DSR;
        else if (!strcmp(arg, "isr")) op->type = T_ISR;
        else if (!strcmp(arg, "israte")) op->type = T_ISRATE;
        else if (!strcmp(arg, "le")) op->type = T_LE;
        else if (!strcmp(arg, "sii")) op->type = T_SII;
        else return fpc_usage("rates", "unknown --type '%s' (rate, proportion, mean, dsr, isr, "
                              "israte, le or sii)", arg);
        return 0;
    case 'm':
        /* sii takes a negative multiplier (phe_sii); the others do not
         * (checked with the type, in rates_run). */
        if (fpc_parse_double(arg, 1, &op->multiplier) != 0 || op->multiplier == 0
            || !isfinite(op->multiplier))
            return fpc_usage("rates", "--multiplier must be a positive number, not '%s'", arg);
        return 0;
    case 'c':
        if (parse_levels(arg, op) != 0)
            return fpc_usage("rates", "--confidence takes up to %d levels such as 95,99.8, not '%s'",
                             MAX_LEVELS, arg);
        return 0;
    case 'n': op->numcol = arg; return 0;
    case 'd': op->dencol = arg; return 0;
    case 'S': op->sdcol = arg; return 0;
    case 'g': op->groupcol = arg; return 0;
    case 'W': op->stdcol = arg; return 0;
    case 'F': op->freqspec = arg; return 0;
    case 'X': op->xrefcol = arg; return 0;
    case 'N': op->nrefcol = arg; return 0;
    case 'R': op->ratecol = arg; return 0;
    case 'P':
        if (fpc_parse_double(arg, 1, &op->rateper) != 0 || !(op->rateper > 0) || isinf(op->rateper))
            return fpc_usage("rates", "--ref-rate-per must be a positive number, not '%s'", arg);
        return 0;
    case 'E': op->exact = 1; return 0;
    case 'A': op->agecol = arg; return 0;
    case 'L': {
        size_t n;
        char **v = fpc_split(arg, ',', &n);
        int okl = n > 0;
        for (size_t i = 0; i < n; i++) {
            double a;
            if (fpc_parse_double(v[i], 0, &a) != 0 || a < 0) okl = 0;
        }
        fpc_free_strv(v);
        if (!okl) return fpc_usage("rates", "--le-age takes start ages such as 0,65, not '%s'", arg);
        op->le_ages = arg;
        return 0;
    }
    case 'B': op->any_bands = 1; return 0;
    case OPT_QUANTILE: op->qcol = arg; return 0;
    case OPT_VALUE: op->valcol = arg; return 0;
    case OPT_LOWERCL: op->locol = arg; return 0;
    case OPT_UPPERCL: op->hicol = arg; return 0;
    case OPT_SE: op->secol = arg; return 0;
    case OPT_VALUETYPE:
        op->sii_set = 1;
        if (!strcmp(arg, "normal") || !strcmp(arg, "0")) op->sii.value_type = FP_SII_NORMAL;
        else if (!strcmp(arg, "rate") || !strcmp(arg, "1")) op->sii.value_type = FP_SII_RATE;
        else if (!strcmp(arg, "proportion") || !strcmp(arg, "2"))
            op->sii.value_type = FP_SII_PROPORTION;
        else return fpc_usage("rates", "--value-type must be normal, rate or proportion, not '%s'",
                              arg);
        return 0;
    case OPT_TRANSFORM: op->sii_set = 1; op->sii.transform = 1; return 0;
    case FPC_OPT_SII_REPS: case FPC_OPT_SII_SEED: case FPC_OPT_SII_CI:
        op->sii_set = 1;
        return fpc_sii_opt(&op->sii, "rates", ch, arg) ? FPC_EXIT_USAGE : 0;
    case 'D': {
        long v;
        if (fpc_opt_whole("rates", "--dp", arg, 0, 15, &v) != 0) return FPC_EXIT_USAGE;
        op->dp = (int)v;
        return 0;
    }
    case 'f':
        if (fpc_table_format_parse(arg, &op->format) != 0)
            return fpc_usage("rates", "unknown --format '%s' (csv, tsv, md, json or xlsx)", arg);
        return 0;
    case FPC_OPT_COLUMNS: op->columns = arg; return 0;
    case FPC_OPT_ALL_COLUMNS: op->all_columns = 1; return 0;
    case 'o':
        if (!*arg) return fpc_usage("rates", "--output wants a file name (or - for standard output), not an empty one");
        op->output = arg;
        return 0;
    case 'h': usage(stdout); return -1;
    case ':': return fpc_usage("rates", "option '%s' needs a value", optname);
    default: return fpc_usage("rates", "unknown option '%s'", optname);
    }
}

int fpc_cmd_rates(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "type", required_argument, NULL, 't' },
        { "multiplier", required_argument, NULL, 'm' },
        { "confidence", required_argument, NULL, 'c' },
        { "numerator", required_argument, NULL, 'n' },
        { "denominator", required_argument, NULL, 'd' },
        { "sd", required_argument, NULL, 'S' },
        { "group", required_argument, NULL, 'g' },
        { "standard", required_argument, NULL, 'W' },
        { "frequencies", required_argument, NULL, 'F' },
        { "x-ref", required_argument, NULL, 'X' },
        { "n-ref", required_argument, NULL, 'N' },
        { "ref-rate", required_argument, NULL, 'R' },
        { "ref-rate-per", required_argument, NULL, 'P' },
        { "exact", no_argument, NULL, 'E' },
        { "age", required_argument, NULL, 'A' },
        { "le-age", required_argument, NULL, 'L' },
        { "any-bands", no_argument, NULL, 'B' },
        { "quantile", required_argument, NULL, OPT_QUANTILE },
        { "value", required_argument, NULL, OPT_VALUE },
        { "lower-cl", required_argument, NULL, OPT_LOWERCL },
        { "upper-cl", required_argument, NULL, OPT_UPPERCL },
        { "se", required_argument, NULL, OPT_SE },
        { "value-type", required_argument, NULL, OPT_VALUETYPE },
        { "transform", no_argument, NULL, OPT_TRANSFORM },
        FPC_SII_LONGOPTS,
        { "dp", required_argument, NULL, 'D' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "columns", required_argument, NULL, FPC_OPT_COLUMNS },
        { "all-columns", no_argument, NULL, FPC_OPT_ALL_COLUMNS },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    ropts op;
    memset(&op, 0, sizeof op);
    op.multiplier = NAN;
    op.rateper = NAN;
    op.levels[0] = 0.95;
    op.levels[1] = 0.998;
    op.nlevels = 2;
    op.dp = -1;
    op.format = FPC_TABLE_CSV;
    fp_sii_options_init(&op.sii);
    int have_type = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":t:m:c:n:d:g:f:o:h", longopts, NULL)) != -1) {
        int h = rates_opt(c, optarg, argv[optind - 1], &op, &have_type);
        if (h < 0) return FPC_EXIT_OK;
        if (h > 0) return h;
    }
    if (op.freqspec) {
        op.freqcols = fpc_split(op.freqspec, ',', &op.nfreq);
        if (op.nfreq > 64) {
            fpc_free_strv(op.freqcols);
            return fpc_usage("rates", "--frequencies takes at most 64 columns");
        }
    }
    fpc_table_opts chk;
    fpc_table_opts_init(&chk);
    chk.format = op.format;
    chk.columns = op.columns;
    chk.all_columns = op.all_columns;
    int rc = fpc_table_opts_check(&chk, "rates", op.output);
    if (rc) { fpc_free_strv(op.freqcols); return rc; }
    rc = rt_check(&op, have_type, argc - optind);
    if (rc < 0) rc = rt_run(&op, argv[optind]);
    fpc_free_strv(op.freqcols);
    return rc;
}

