/*
 * hrand: random choices (see hrand.h).
 *
 * Without HEARTH_SEED every number comes from arc4random(3), which needs
 * no seeding and no state here.  With HEARTH_SEED set and not empty, the
 * numbers come from xoshiro256** (Blackman and Vigna), whose state is
 * filled by splitmix64 from a 64-bit FNV-1a hash of the seed string.  The
 * generator is set up on the first call and kept in the file-scope state
 * below, the only mutable global of libhearth: the sequence for a given
 * seed is part of what scripts and tests rely on, so it must not change
 * between releases (a test pins its first values).
 *
 * hrand_uniform draws 32-bit numbers (the high half of each 64-bit output,
 * the better bits of xoshiro) and throws away those below 2^32 mod bound,
 * so every result in [0, bound) is equally likely: no modulo bias.  This
 * is the method of OpenBSD's arc4random_uniform.  Not thread-safe; the
 * tools are single-threaded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hrand.h"
#include "text.h"

static struct {
	int		ready;	/* HEARTH_SEED was looked at */
	int		seeded;	/* ... and was set */
	uint64_t	s[4];
} gen;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
xoshiro(void)
{
	uint64_t *s = gen.s, r, t;

	r = rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

static void
setup(void)
{
	const char *p;
	uint64_t h;
	int i;

	gen.ready = 1;
	p = getenv("HEARTH_SEED");
	if (p == NULL || *p == '\0') {
		gen.seeded = 0;
		return;
	}
	h = text_hash(p, strlen(p));
	/* splitmix64 outputs are distinct, so the state is never all 0. */
	for (i = 0; i < 4; i++)
		gen.s[i] = splitmix64(&h);
	gen.seeded = 1;
}

uint32_t
hrand_uniform(uint32_t bound)
{
	uint32_t r, min;

	if (bound < 2)
		return 0;
	if (!gen.ready)
		setup();
	if (!gen.seeded)
		return arc4random_uniform(bound);
	min = -bound % bound;		/* 2^32 mod bound */
	do
		r = (uint32_t)(xoshiro() >> 32);
	while (r < min);
	return r % bound;
}

uint64_t
hrand_u64(void)
{
	uint64_t v;

	if (!gen.ready)
		setup();
	if (gen.seeded)
		return xoshiro();
	arc4random_buf(&v, sizeof(v));
	return v;
}

void
hrand_reset(void)
{
	gen.ready = 0;
	gen.seeded = 0;
}
