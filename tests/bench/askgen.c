/*
 * askgen: synthetic input for the ask benchmarks.
 *
 *	askgen lines N
 *	askgen log N NOW DAYS <PROMPTS
 *
 * lines: writes N prompt-like lines to stdout, 30-140 bytes, built from
 * word lists, never "%" alone (so they make a fortune file too).
 *
 * log: reads prompts as `ask -m .` prints them (ID TAB DECK TAB DEPTH TAB
 * TEXT) and writes N "shown" records of author ana to stdout, in the ask
 * log format:
 *
 *	TIME TAB ana TAB shown TAB ID TAB DECK TAB TEXT
 *
 * ID is computed here from TEXT (64-bit FNV-1a, 16 hex digits), as ask
 * does.  The records go through the prompts in a new shuffled order each
 * round, as ask shows them (none again until all have been shown), in
 * time order, spread evenly over the DAYS days before NOW (seconds since
 * the epoch), in UTC with microseconds.  The output is the same for the same
 * arguments and input.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const starts[] = {
	"What is one", "Which", "When did you last notice a",
	"How would you describe a", "What would make a", "Tell me about a",
	"If you could change one", "What do you remember about a",
	"Where would you like to find a", "Who taught you about a",
};
static const char *const adjs[] = {
	"small", "quiet", "brave", "silly", "tender", "hard", "new", "old",
	"shared", "secret", "surprising", "ordinary", "kind", "lost",
	"favourite", "difficult", "lazy", "perfect", "forgotten", "warm",
};
static const char *const nouns[] = {
	"habit", "memory", "morning", "promise", "place", "song", "meal",
	"conversation", "trip", "gift", "worry", "dream", "ritual", "friend",
	"mistake", "weekend", "letter", "question", "evening", "plan",
	"holiday", "photo", "apology", "routine", "book", "walk", "joke",
};
static const char *const tails[] = {
	"", " of ours", " from your childhood", " you keep coming back to",
	" that made you feel close to me", " we should try this year",
	" you never told me about", " that still makes you laugh",
	" you would like more of", " when things were hard",
	" that changed how you see us", " you hope we share when we are old",
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

#define PICK(a)		((a)[rng() % NELEM(a)])

static uint64_t
fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static long long
number(const char *s, const char *what)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 0) {
		fprintf(stderr, "askgen: bad %s '%s'\n", what, s);
		exit(64);
	}
	return n;
}

static int
lines(long long n)
{
	long long i;

	for (i = 0; i < n; i++)
		printf("%s %s %s%s?\n", PICK(starts), PICK(adjs),
		    PICK(nouns), PICK(tails));
	return fflush(stdout) == 0 ? 0 : 74;
}

struct prompt {
	char	*deck, *text;
	char	 id[17];
};

static int
logfile(long long n, long long now, long long days)
{
	struct prompt *v = NULL, t;
	char *line = NULL, *f[4], *p, stamp[32];
	size_t cap = 0, np = 0, vcap = 0, k, j;
	ssize_t len;
	long long i, span = days * 86400LL * 1000000LL, step, jitter, us;
	time_t secs;
	struct tm tm;
	int m;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		for (m = 0, p = line; m < 4; m++) {
			f[m] = p;
			if (m < 3 && (p = strchr(p, '\t')) == NULL)
				break;
			if (m < 3)
				*p++ = '\0';
		}
		if (m < 4) {
			fprintf(stderr, "askgen: bad prompt line\n");
			return 65;
		}
		if (np == vcap) {
			vcap = vcap ? vcap * 2 : 1024;
			if ((v = reallocarray(v, vcap, sizeof(*v))) == NULL)
				return 74;
		}
		v[np].deck = strdup(f[1]);
		v[np].text = strdup(f[3]);
		if (v[np].deck == NULL || v[np].text == NULL)
			return 74;
		snprintf(v[np].id, sizeof(v[np].id), "%016llx",
		    (unsigned long long)fnv1a(f[3], strlen(f[3])));
		np++;
	}
	if (np == 0) {
		fprintf(stderr, "askgen: no prompts on stdin\n");
		return 65;
	}
	step = n > 0 ? span / n : 0;
	jitter = step < 1000000 ? step : 1000000;
	for (i = 0; i < n; i++) {
		k = (size_t)(i % (long long)np);
		if (k == 0)		/* a new round: shuffle */
			for (j = np - 1; j > 0; j--) {
				size_t r = (size_t)(rng() % (j + 1));

				t = v[j];
				v[j] = v[r];
				v[r] = t;
			}
		/* Oldest first, one a step apart. */
		us = now * 1000000LL - span + step * i +
		    (jitter > 0 ? (long long)(rng() % (uint64_t)jitter) : 0);
		secs = (time_t)(us / 1000000);
		gmtime_r(&secs, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		printf("%s.%06lld+00:00\tana\tshown\t%s\t%s\t%s\n", stamp,
		    us % 1000000, v[k].id, v[k].deck, v[k].text);
	}
	return fflush(stdout) == 0 ? 0 : 74;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "lines") == 0)
		return lines(number(argv[2], "count"));
	if (argc == 5 && strcmp(argv[1], "log") == 0)
		return logfile(number(argv[2], "count"),
		    number(argv[3], "time"), number(argv[4], "days"));
	fprintf(stderr, "usage: askgen lines N\n"
	    "       askgen log N NOW DAYS <PROMPTS\n");
	return 64;
}
