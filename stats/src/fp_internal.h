/* fp_internal.h -- private helpers shared by libfingerpost's modules.
 * Not part of the public contract. Internal non-static names start fp__. */
#ifndef FP_INTERNAL_H
#define FP_INTERNAL_H

#include "fingerpost.h"

/* Every error the library returns goes through FP_ERROR so a single
 * breakpoint on fp__error catches them all (as GSL_ERROR does). */
int fp__error(int status);
#define FP_ERROR(status) return fp__error(status)

/* fp_assess's inequality step (assess_ineq.c). */
void fp__assess_inequality(const fp_dataset *ds, const fp_assess_options *opt,
                           fp_assessment *r);

#endif
