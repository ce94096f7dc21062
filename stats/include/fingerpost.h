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
 * Thread safety. Every function is reentrant: none keeps state between calls
 * in static or global variables (the only statics are read-only tables, such
 * as fp_esp2013's and the names of the fp_*_name functions), so calls on
 * different objects may run in parallel threads. Objects are not locked:
 *  - An fp_dataset or fp_neighbours may be read by any number of threads at
 *    once (functions taking a const pointer: look-ups, fp_assess_context_alloc,
 *    fp_trend_*, ...) once it is built and indexed (fp_dataset_index); while
 *    one thread changes it (fp_dataset_add_*, fp_dataset_index, ...) no other
 *    thread may use it. Indexing different datasets in parallel is safe (its
 *    sort keeps its context in a thread-local variable).
 *  - An fp_assess_context writes caches inside fp_assess, fp_assess_series,
 *    fp_assess_goal and fp_assess_plausible*: make one per thread (they may
 *    share one dataset).
 *  - fp_level and the options structs are plain values the caller owns; a
 *    const one may be shared.
 *  - Random numbers (fp_sii's simulation, fp_rnorm_r) come from a generator
 *    that lives in the call and is seeded from the seed given each time, so a
 *    seed gives the same numbers in any thread and in any order of calls;
 *    there is no shared generator to seed.
 *  - GSL reports errors through one process-wide handler
 *    (gsl_set_error_handler), whose default aborts. The library never changes
 *    it; a program should turn it off once (gsl_set_error_handler_off(), as
 *    fingerpost's main does) before it starts threads, since changing the
 *    handler is not itself thread-safe.
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
