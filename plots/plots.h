/* plots.h -- gnuplot chart generation for fingerpost (under construction). */
#ifndef FP_PLOTS_H
#define FP_PLOTS_H
#include "fingerpost.h"
#endif
