/* read_tidy.c -- placeholder, replaced below. */
#include "read_internal.h"
int fpc__read_tidy(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    (void)o; (void)ds;
    fpc_diags_add(d, 1, path, 0, 0, "tidy format not yet supported");
    return FPC_EXIT_DATA;
}
int fpc__read_fingertips(const char *path, const fpc_read_opts *o, fp_dataset *ds, fpc_diags *d)
{
    (void)o; (void)ds;
    fpc_diags_add(d, 1, path, 0, 0, "fingertips format not yet supported");
    return FPC_EXIT_DATA;
}
