/*
 * hrand: random choices.
 *
 * Every random choice goes through hrand_uniform: arc4random_uniform(3),
 * unless HEARTH_SEED is set, in which case a fixed generator seeded from
 * it gives the same choices on every run (for tests and scripts).
 */
#ifndef HEARTH_HRAND_H
#define HEARTH_HRAND_H

#include <stdint.h>

/* A uniform number in [0, bound); 0 when bound < 2. */
uint32_t	hrand_uniform(uint32_t bound);
/* A uniform 64-bit number. */
uint64_t	hrand_u64(void);
/*
 * Forget the generator, so that the next call reads HEARTH_SEED again
 * (for tests that change it).
 */
void		hrand_reset(void);

#endif
