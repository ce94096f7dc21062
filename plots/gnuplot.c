/* gnuplot.c -- writing gnuplot scripts and running gnuplot (under construction). */
#include "plots.h"
