/* fingerpost.h -- the public contract of libfingerpost.
 *
 * libfingerpost computes the statistics a local authority needs to say where it
 * stands on an indicator: rates and proportions with confidence intervals,
 * comparisons with England, the region and statistical neighbours, trends and
 * statistical process control, ranks and quantiles.
 *
 * Conventions (shared by every module, after GSL and SQLite):
 *  - Every public name starts with fp_ or FP_.
 *  - Functions return a status code (FP_OK on success) and write results
 *    through out-pointers. Out-pointers are left unspecified on failure unless
 *    the function says otherwise.
 *  - The library does no I/O, never exits, never prints and never changes
 *    global state (it does not install a GSL error handler; callers that use
 *    GSL directly should call gsl_set_error_handler_off() themselves).
 *  - Memory: objects are made with fp_X_alloc and released with fp_X_free;
 *    fp_X_free(NULL) is a no-op. Each header says who owns returned memory.
 *  - Arrays are plain C arrays of double with a size_t length.
 *  - Missing numeric inputs are NaN where a function says it accepts them;
 *    results that cannot be computed carry a reason code, never a silent NaN.
 *
 * Copyright (C) 2026 the fingerpost authors.
 * This program is free software: you can redistribute it and/or modify it under
 * the terms of the GNU General Public License as published by the Free Software
 * Foundation, either version 3 of the License, or (at your option) any later
 * version.
 */
#ifndef FINGERPOST_H
#define FINGERPOST_H

#include "fingerpost/common.h"
#include "fingerpost/data.h"
#include "fingerpost/rates.h"
#include "fingerpost/funnel.h"
#include "fingerpost/compare.h"
#include "fingerpost/trend.h"
#include "fingerpost/spc.h"
#include "fingerpost/assess.h"
#include "fingerpost/lifetable.h"
#include "fingerpost/sii.h"

#endif /* FINGERPOST_H */
