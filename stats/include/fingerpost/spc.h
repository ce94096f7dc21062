/* fingerpost/spc.h -- (module under construction). Part of the public
 * contract of libfingerpost (see fingerpost.h). */
#ifndef FINGERPOST_SPC_H
#define FINGERPOST_SPC_H

#include <stddef.h>
#include "fingerpost/common.h"
#include "fingerpost/data.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* FINGERPOST_SPC_H */
