/* rates_opts.c -- the options of `fingerpost rates` checked against each
 * other (which apply to which --type) and each type's default columns and
 * multiplier filled in, as PHEindicatormethods names them. */
#include "cli.h"
#include "rates_cli.h"

#include <math.h>
#include <string.h>

int rt_check(ropts *o, int have_type, int n_files)
{
    ropts op = *o;
    if (!have_type)
        return fpc_usage("rates", "--type is required (rate, proportion, mean, dsr, isr, israte, "
                         "le or sii)");
    if (n_files != 1)
        return fpc_usage("rates", n_files <= 0 ? "no input FILE" : "only one input FILE is allowed");
    if (!isnan(op.multiplier) && !(op.multiplier > 0) && op.type != T_SII)
        return fpc_usage("rates", "--multiplier must be a positive number (a negative one only "
                         "with --type sii), not %g", op.multiplier);
    if (op.exact && op.type != T_PROPORTION)
        return fpc_usage("rates", "--exact applies to --type proportion only");
    if (isnan(op.multiplier))
        op.multiplier = op.type == T_PROPORTION ? 100
                      : op.type == T_MEAN || op.type == T_ISR || op.type == T_SII ? 1 : 100000;
    if (op.type == T_SII) {
        if (!op.dencol) op.dencol = "population";
        if (!op.qcol) op.qcol = "quantile";
        if (!op.valcol) op.valcol = "value";
        if (!op.secol) {
            if (!op.locol) op.locol = "lowercl";
            if (!op.hicol) op.hicol = "uppercl";
        } else if (op.locol || op.hicol) {
            return fpc_usage("rates", "give either --se or --lower-cl and --upper-cl, not both");
        }
        if (op.sii.transform && op.sii.value_type == FP_SII_NORMAL)
            return fpc_usage("rates", "--transform needs --value-type rate or proportion");
        if (op.sii.transform && op.secol)
            return fpc_usage("rates", "--transform takes the limits, not --se (as phe_sii)");
        if (op.nlevels > FP_SII_MAX_LEVELS)
            return fpc_usage("rates", "--type sii takes at most %d levels", FP_SII_MAX_LEVELS);
    } else if (op.sii_set || op.qcol || op.valcol || op.locol || op.hicol || op.secol) {
        return fpc_usage("rates", "--quantile, --value, --lower-cl, --upper-cl, --se, "
                         "--value-type, --transform, --repetitions, --seed and --sii-ci apply to "
                         "--type sii only");
    }
    if (op.type == T_LE) {
        if (!op.numcol) op.numcol = "deaths";
        if (!op.dencol) op.dencol = "pops";
        if (!op.agecol) op.agecol = "startage";
    } else if (op.agecol || op.le_ages || op.any_bands) {
        return fpc_usage("rates", "--age, --le-age and --any-bands apply to --type le only");
    }
    if (!op.numcol) op.numcol = op.type == T_MEAN ? "sum" : GROUPED(op.type) ? "count" : "numerator";
    if (!op.dencol) op.dencol = op.type == T_MEAN ? "count" : GROUPED(op.type) ? "pop" : "denominator";
    if (op.type == T_MEAN && !op.sdcol) op.sdcol = "sd";
    int isr = op.type == T_ISR || op.type == T_ISRATE;
    if (!GROUPED(op.type) && op.groupcol)
        return fpc_usage("rates", "--group applies to --type dsr, isr, israte, le and sii only");
    if (op.type != T_DSR && (op.stdcol || op.nfreq))
        return fpc_usage("rates", "--standard and --frequencies apply to --type dsr only");
    if (!isr && (op.xrefcol || op.nrefcol || op.ratecol || !isnan(op.rateper)))
        return fpc_usage("rates", "--x-ref, --n-ref, --ref-rate and --ref-rate-per apply to "
                         "--type isr and israte only");
    if (op.ratecol && (op.xrefcol || op.nrefcol))
        return fpc_usage("rates", "give either --ref-rate or --x-ref and --n-ref, not both");
    if (op.ratecol && op.type == T_ISRATE)
        return fpc_usage("rates", "--type israte needs --x-ref and --n-ref (the reference rate "
                         "is sum(x_ref)/sum(n_ref)), not --ref-rate");
    if (!isnan(op.rateper) && !op.ratecol)
        return fpc_usage("rates", "--ref-rate-per applies with --ref-rate only");
    if (isr && !op.ratecol) {
        if (!op.xrefcol) op.xrefcol = "refcount";
        if (!op.nrefcol) op.nrefcol = "refpop";
    }
    if (isnan(op.rateper)) op.rateper = 1;
    *o = op;
    return -1;
}
