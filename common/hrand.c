/*
 * hrand: random choices (see hrand.h).
 *
 * Every number comes from xoshiro256** (Blackman and Vigna), one
 * generator per process, set up on the first call and kept in the
 * file-scope state below, the only mutable global of libhearth.  With
 * HEARTH_SEED set and not empty, its state is filled by splitmix64 from
 * a 64-bit FNV-1a hash of the seed string: the sequence for a given seed
 * is part of what scripts and tests rely on, so it must not change
 * between releases (a test pins its first values).  Without it, the
 * state is 256 bits from one getrandom(2) (arc4random_buf(3) where that
 * fails), so a run's choices cannot be foretold from another's.
 *
 * Why not arc4random_uniform(3) for every draw: libbsd's checks the
 * process id with a getpid(2) system call at every call, to notice a
 * fork; gratitude random made about two million of them on a store of a
 * million entries (0.2 s of system time).  Here a fork is noticed once,
 * by pthread_atfork(3): the child forgets the generator and seeds its
 * own, so a parent and its child never share numbers.
 *
 * hrand_uniform draws 32-bit numbers (the high half of each 64-bit output,
 * the better bits of xoshiro) and throws away those below 2^32 mod bound,
 * so every result in [0, bound) is equally likely: no modulo bias.  This
 * is the method of OpenBSD's arc4random_uniform.  hrand_uniform64 does
 * the same with whole 64-bit outputs.  Not thread-safe; the tools are
 * single-threaded.
 */
#include <sys/random.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hrand.h"
#include "text.h"

static struct {
	int		ready;	/* seeded, in this process */
	int		atfork;	/* the fork handler is registered */
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
forked(void)
{
	gen.ready = 0;
}

/* The state from the kernel: 256 bits, never all zero. */
static void
seed_entropy(void)
{
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(gen.s)) {
		n = getrandom((char *)gen.s + got, sizeof(gen.s) - got, 0);
		if (n <= 0)
			break;	/* EINTR, ENOSYS: the fallback below */
		got += (size_t)n;
	}
	if (got < sizeof(gen.s))
		arc4random_buf(gen.s, sizeof(gen.s));
	if ((gen.s[0] | gen.s[1] | gen.s[2] | gen.s[3]) == 0)
		gen.s[0] = 1;
}

static void
setup(void)
{
	const char *p;
	uint64_t h;
	int i;

	if (!gen.atfork && pthread_atfork(NULL, NULL, forked) == 0)
		gen.atfork = 1;
	gen.ready = 1;
	p = getenv("HEARTH_SEED");
	if (p == NULL || *p == '\0') {
		seed_entropy();
		return;
	}
	h = text_hash(p, strlen(p));
	/* splitmix64 outputs are distinct, so the state is never all 0. */
	for (i = 0; i < 4; i++)
		gen.s[i] = splitmix64(&h);
}

uint32_t
hrand_uniform(uint32_t bound)
{
	uint32_t r, min;

	if (bound < 2)
		return 0;
	if (!gen.ready)
		setup();
	min = -bound % bound;		/* 2^32 mod bound */
	do
		r = (uint32_t)(xoshiro() >> 32);
	while (r < min);
	return r % bound;
}

uint64_t
hrand_uniform64(uint64_t bound)
{
	uint64_t r, min;

	if (bound < 2)
		return 0;
	if (!gen.ready)
		setup();
	min = -bound % bound;		/* 2^64 mod bound */
	do
		r = xoshiro();
	while (r < min);
	return r % bound;
}

uint64_t
hrand_u64(void)
{
	if (!gen.ready)
		setup();
	return xoshiro();
}

void
hrand_reset(void)
{
	gen.ready = 0;
}
