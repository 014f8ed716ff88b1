/*
 * gen: write a synthetic gratitude store for the benchmarks.
 *
 *	gen DIR NOW N DAYS
 *
 * Writes DIR/ana.log and DIR/ben.log (mode 0600), N/2 records each, in
 * time order, spread over the DAYS days before NOW (seconds since the
 * epoch).  Timestamps carry the local offset of $TZ (localtime_r), with
 * microseconds, as hearth writes them.  Texts are 60-100 bytes built from
 * word lists; about one record in 50,000 holds the word "zeppelin".  The
 * output is the same for the same arguments and TZ.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const openers[] = {
	"Today you", "Grateful you", "So glad you", "Loved that you",
	"It meant a lot that you", "Thank you: you", "I noticed you",
	"Still smiling because you", "Happy you", "You were kind and",
};
static const char *const verbs[] = {
	"made", "brought", "fixed", "cooked", "planned", "found", "cleaned",
	"carried", "booked", "wrote", "picked up", "remembered", "shared",
	"listened to", "walked", "packed", "baked", "watered", "called",
	"sorted",
};
static const char *const objects[] = {
	"soup", "coffee", "the bike", "dinner", "the laundry", "my notes",
	"the tickets", "a letter", "the plants", "breakfast", "the groceries",
	"the dog", "my worries", "a playlist", "the kitchen", "the car",
	"bread", "the photos", "a picnic", "the garden", "the map", "tea",
	"the umbrella", "my mother", "the sofa", "our budget", "the trip",
};
static const char *const extras[] = {
	"this morning", "when I was ill", "after a long day", "without asking",
	"in the rain", "before work", "late at night", "on the weekend",
	"with a smile", "so patiently", "even though you were tired",
	"and it was perfect", "just because", "while I slept",
	"at the market", "by the river", "for the whole family",
	"and made me laugh", "right on time", "with extra cheese",
	"and hummed the whole time", "in the old blue bowl",
};
static const char *const tags[] = {
	"#care", "#home", "#food", "#fun", "#travel", "#kids", "#work",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static const char *
pick(const char *const *list, size_t n)
{
	return list[rng() % n];
}

static size_t
put(char *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	memcpy(p + len, s, n);
	return len + n;
}

/* One text of 60-100 bytes (no TAB, no LF, ASCII). */
static size_t
text(char *p)
{
	size_t len = 0, want = 60 + rng() % 31;
	int rare = rng() % 50000 == 0;

	len = put(p, len, pick(openers, NELEM(openers)));
	len = put(p, len, " ");
	len = put(p, len, pick(verbs, NELEM(verbs)));
	len = put(p, len, " ");
	len = put(p, len, pick(objects, NELEM(objects)));
	if (rare)
		len = put(p, len, " like a zeppelin");
	while (len < want) {
		len = put(p, len, rng() % 3 ? " " : ", ");
		len = put(p, len, pick(extras, NELEM(extras)));
	}
	if (rng() % 8 == 0) {
		len = put(p, len, " ");
		len = put(p, len, pick(tags, NELEM(tags)));
	}
	/* Cut at a word boundary to at most 100 bytes. */
	while (len > 100) {
		while (p[len - 1] != ' ')
			len--;
		len--;
	}
	while (p[len - 1] == ' ' || p[len - 1] == ',')
		len--;
	return len;
}

static void
gen(const char *dir, const char *author, const char *partner,
    int64_t start_us, int64_t step_us, long n)
{
	char path[4096], *buf, *p, rec[512];
	struct tm tm;
	size_t cap = 1 << 20, used = 0, len;
	int64_t t;
	time_t sec;
	long i, off;
	int fd;

	snprintf(path, sizeof(path), "%s/%s.log", dir, author);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1) {
		perror(path);
		exit(1);
	}
	if ((buf = malloc(cap)) == NULL)
		exit(1);
	for (i = 0; i < n; i++) {
		/* Strictly increasing: one record in each step. */
		t = start_us + i * step_us + (int64_t)(rng() % (uint64_t)step_us);
		sec = (time_t)(t / 1000000);
		localtime_r(&sec, &tm);
		off = tm.tm_gmtoff / 60;
		len = (size_t)snprintf(rec, sizeof(rec),
		    "%04d-%02d-%02dT%02d:%02d:%02d.%06ld%c%02ld:%02ld\t%s\t"
		    "thanks\t%s\t", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    (long)(t % 1000000), off < 0 ? '-' : '+',
		    labs(off) / 60, labs(off) % 60, author,
		    rng() % 10 == 0 ? "" : partner);
		len += text(rec + len);
		rec[len++] = '\n';
		if (used + len > cap) {
			for (p = buf; used > 0; ) {
				ssize_t w = write(fd, p, used);
				if (w == -1) {
					perror(path);
					exit(1);
				}
				p += w;
				used -= (size_t)w;
			}
		}
		memcpy(buf + used, rec, len);
		used += len;
	}
	for (p = buf; used > 0; ) {
		ssize_t w = write(fd, p, used);
		if (w == -1) {
			perror(path);
			exit(1);
		}
		p += w;
		used -= (size_t)w;
	}
	if (close(fd) == -1) {
		perror(path);
		exit(1);
	}
	free(buf);
}

int
main(int argc, char **argv)
{
	int64_t now, days, n, span_us, step_us;

	if (argc != 5) {
		fprintf(stderr, "usage: gen DIR NOW N DAYS\n");
		return 64;
	}
	now = strtoll(argv[2], NULL, 10);
	n = strtoll(argv[3], NULL, 10) / 2;
	days = strtoll(argv[4], NULL, 10);
	if (now <= 0 || n <= 0 || days <= 0) {
		fprintf(stderr, "gen: bad arguments\n");
		return 64;
	}
	tzset();
	span_us = days * 86400 * INT64_C(1000000);
	/* Leave a margin so that ben's shifted records end before NOW too. */
	step_us = (span_us - 600 * INT64_C(1000000)) / n;
	/* Both authors end before NOW; ben's records interleave with ana's. */
	gen(argv[1], "ana", "ben", (now - days * 86400) * 1000000, step_us, n);
	gen(argv[1], "ben", "ana", (now - days * 86400) * 1000000 + step_us / 3,
	    step_us, n);
	return 0;
}
