/* arith_floor.h: pair 4's exact arithmetic alone (arith_floor.c). */
#ifndef NORM_ARITH_FLOOR_H
#define NORM_ARITH_FLOOR_H

/* Runs the per-row arithmetic of a sliding z-score over x[0..n) with a frame
** of `frame` rows, its first `stages` steps: 1 adding and removing rows, 2
** and finishing and writing the state, 3 and reading it back, 4 and the std
** and z-score (all of it). Returns a sum of what it computed (so nothing is
** optimised away). */
double arith_floor_run(const double *x, long n, long frame, int stages);

#endif
