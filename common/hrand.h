/*
 * hrand: random choices.
 *
 * Every random choice goes through hrand: one generator per process,
 * seeded once, from HEARTH_SEED when it is set (the same choices on every
 * run, for tests and scripts), else from the kernel's entropy.  A draw
 * after that costs no system call.
 */
#ifndef HEARTH_HRAND_H
#define HEARTH_HRAND_H

#include <stdint.h>

/* A uniform number in [0, bound); 0 when bound < 2. */
uint32_t	hrand_uniform(uint32_t bound);
/* A uniform number in [0, bound) of 64 bits; 0 when bound < 2. */
uint64_t	hrand_uniform64(uint64_t bound);
/* A uniform 64-bit number. */
uint64_t	hrand_u64(void);
/*
 * Forget the generator, so that the next call seeds it again, reading
 * HEARTH_SEED (for tests that change it).  A child made by fork(2) does
 * this by itself, so that it never repeats its parent's numbers.
 */
void		hrand_reset(void);

#endif
