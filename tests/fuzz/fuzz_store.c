/*
 * fuzz_store: libFuzzer harness for the store reader (storeread.c).
 *
 * The input is written as <tmp>/store/gratitude/ana.log (<tmp> made once
 * by mkdtemp in $FUZZ_TMPDIR, else /dev/shm, else $TMPDIR or /tmp, and
 * removed at exit; HOME and XDG_CACHE_HOME point into it) and read back
 * through store_open, store_read_open and store_read_next, and the result
 * is compared with what the harness works out from the bytes itself:
 *
 *   - the records are exactly the LF-terminated lines that record_parse
 *     accepts for gratitude and whose author is "ana", each once, each
 *     parsing again;
 *   - they come in time order, ties in file order (a stable sort); a log
 *     cut into too many ordered runs (RUNS_MAX in storeread.c, 128 now)
 *     may come in file order instead, so file order is accepted too once
 *     the log has RUNS_MIN (64) runs or more;
 *   - a full read warns once for every other line that is not a comment
 *     (and for an unterminated last line), with its line number;
 *   - a since, until or needle bound gives exactly that subset, in the
 *     same order, and warns about no line but malformed ones.
 *
 * The log is first written in two parts, the second appended after a
 * read, so the run cache is extended the way an append extends it.  The
 * cache (every runs-* file in $XDG_CACHE_HOME/hearth) is removed before
 * each input, and checked to be gone, and to be back after the first
 * read: the file is rewritten in place (same inode), and a same-sized
 * rewrite within one mtime tick is not something hearth itself does.  An input that starts with "#pad\n"
 * gets ~140 KiB of ordered records put in front of it, so that --since
 * is found by binary search (which only starts above 64 KiB) and a
 * stream refills its buffer; "#padlong\n" adds a 260 KiB line in the
 * padding, longer than any buffer of the reader.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "herr.h"
#include "record.h"
#include "registry.h"
#include "store.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The fewest runs that may make the reader give up on time order; it
 * reads a log of fewer runs in time order whatever RUNS_MAX becomes.
 */
#define RUNS_MIN	64
#define PAD_RECORDS	300	/* about 140 KiB */
#define PAD_LONG	(260 * 1024)	/* longer than any read buffer */
#define PAD_SINCE	1767254400	/* 2026-01-01T08:00:00Z */

static char	tmpdir[1024];
static char	storedir[1100], tooldir[1200], logpath[1300], cachedir[1100];
static char	*pad;
static size_t	 padlen, padlong_at;

struct line {
	const char	*p;
	size_t		 len;
	size_t		 lineno;
	struct hmoment	 when;
};

struct warns {
	size_t	 n;
	size_t	 cap;
	size_t	*lineno;
	int	 bad_file;
};

static int
moment_cmp(const struct hmoment *a, const struct hmoment *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->usec != b->usec)
		return a->usec < b->usec ? -1 : 1;
	return 0;
}

static void
cleanup(void)
{
	DIR *d;
	struct dirent *de;
	char p[1400];

	if (tmpdir[0] == '\0')
		return;
	(void)unlink(logpath);
	(void)rmdir(tooldir);
	(void)rmdir(storedir);
	if ((d = opendir(cachedir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			snprintf(p, sizeof(p), "%s/%s", cachedir, de->d_name);
			(void)unlink(p);
		}
		closedir(d);
	}
	(void)rmdir(cachedir);
	snprintf(p, sizeof(p), "%s/cache", tmpdir);
	(void)rmdir(p);
	(void)rmdir(tmpdir);
}

static void
make_pad(void)
{
	size_t i, cap = PAD_RECORDS * 600 + PAD_LONG + 64;
	int n;

	if ((pad = malloc(cap)) == NULL)
		abort();
	for (i = 0; i < PAD_RECORDS; i++) {
		if (i == PAD_RECORDS / 3) {
			/* Where "#padlong" puts its long line. */
			padlong_at = padlen;
		}
		/*
		 * Five groups of records with one time each, 00:00, 04:00,
		 * ... 16:00Z, so that the binary search's first probe lands
		 * in the middle of the records at 08:00, PAD_SINCE.
		 */
		n = snprintf(pad + padlen, cap - padlen,
		    "2026-01-01T%02zu:00:00.000000Z\tana\tthanks\tben\t"
		    "pad %zu %0*d\n", i / (PAD_RECORDS / 5) * 4, i,
		    (int)(400 + i % 100), 0);
		if (n < 0 || (size_t)n >= cap - padlen)
			abort();
		padlen += (size_t)n;
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base;

	(void)argc;
	(void)argv;
	/*
	 * tmpfs when there is one: creating the cache's files is most of
	 * the time an input takes on a disk file system.
	 */
	if ((base = getenv("FUZZ_TMPDIR")) == NULL || base[0] != '/' ||
	    strlen(base) > 900) {
		if (access("/dev/shm", W_OK | X_OK) == 0)
			base = "/dev/shm";
		else if ((base = getenv("TMPDIR")) == NULL ||
		    base[0] != '/' || strlen(base) > 900)
			base = "/tmp";
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/fuzz_store.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL)
		abort();
	atexit(cleanup);
	snprintf(storedir, sizeof(storedir), "%s/store", tmpdir);
	snprintf(tooldir, sizeof(tooldir), "%s/gratitude", storedir);
	snprintf(logpath, sizeof(logpath), "%s/ana.log", tooldir);
	snprintf(cachedir, sizeof(cachedir), "%s/cache/hearth", tmpdir);
	if (mkdir(storedir, 0700) == -1 || mkdir(tooldir, 0700) == -1 ||
	    chmod(storedir, 0700) == -1 || chmod(tooldir, 0700) == -1)
		abort();
	setenv("HOME", tmpdir, 1);
	{
		char cache[1100];

		snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
		setenv("XDG_CACHE_HOME", cache, 1);
	}
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	unsetenv("HEARTH_DIR");
	unsetenv("HEARTH_NOW");
	make_pad();
	return 0;
}

/* Write p[0..len) to the log, appending or from scratch. */
static void
write_log(const char *p, size_t len, int append)
{
	size_t done = 0;
	ssize_t n;
	int fd;

	fd = open(logpath, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
	    (append ? O_APPEND : O_TRUNC), 0600);
	if (fd == -1)
		abort();
	while (done < len) {
		if ((n = write(fd, p + done, len - done)) <= 0)
			abort();
		done += (size_t)n;
	}
	if (close(fd) == -1)
		abort();
}

/*
 * The run cache's entries (runs-*) in cachedir, where storeread.c keeps
 * them (${XDG_CACHE_HOME}/hearth); with rm set, each one is removed.
 */
static size_t
cache_entries(int rm)
{
	DIR *d;
	struct dirent *de;
	char p[1400];
	size_t n = 0;

	if ((d = opendir(cachedir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		abort();
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "runs-", 5) != 0)
			continue;
		n++;
		snprintf(p, sizeof(p), "%s/%s", cachedir, de->d_name);
		if (rm && unlink(p) == -1 && errno != ENOENT)
			abort();
	}
	closedir(d);
	return n;
}

/*
 * Remove the run cache, whatever its entries are named, and make sure it
 * is gone: the next read must work the runs out from the bytes alone.
 */
static void
drop_cache(void)
{
	(void)cache_entries(1);
	if (cache_entries(0) != 0) {
		fprintf(stderr, "fuzz_store: the run cache in %s is still "
		    "there\n", cachedir);
		abort();
	}
}

/* storeread.c's line_time: the timestamp that decides the runs. */
static int
line_time(const char *line, size_t len, struct hmoment *m)
{
	const char *tab;

	if (len == 0 || line[0] == '#')
		return -1;
	if ((tab = memchr(line, '\t', len < 48 ? len : 48)) == NULL)
		return -1;
	return date_parse_rfc3339(line, (size_t)(tab - line), m, NULL);
}

struct expect {
	struct line	*rec;		/* records in time order */
	struct line	*file;		/* the same in file order */
	size_t		 nrec;
	size_t		*bad;		/* line numbers of warnings */
	size_t		 nbad;
	int		 many_runs;	/* file order is acceptable too */
};

static int
line_cmp(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = moment_cmp(&x->when, &y->when);

	if (c != 0)
		return c;
	/* Stable: file order. */
	return x->lineno < y->lineno ? -1 : x->lineno > y->lineno;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Work out from f[0..len) what a full read must give. */
static void
expect_compute(struct expect *x, const char *f, size_t len)
{
	const char *p = f, *end = f + len, *nl, *why;
	struct hmoment m, last;
	struct record r;
	size_t lineno = 0, descents = 0;
	int have_last = 0;

	memset(x, 0, sizeof(*x));
	/* At most one record or warning for every LF, plus the tail. */
	x->rec = calloc(len / 2 + 2, sizeof(*x->rec));
	x->file = calloc(len / 2 + 2, sizeof(*x->file));
	x->bad = calloc(len + 2, sizeof(*x->bad));
	if (x->rec == NULL || x->file == NULL || x->bad == NULL)
		abort();
	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			x->bad[x->nbad++] = lineno;	/* unterminated */
			break;
		}
		if (line_time(p, (size_t)(nl - p), &m) == 0) {
			if (have_last && moment_cmp(&m, &last) < 0)
				descents++;
			last = m;
			have_last = 1;
		}
		if (nl == p)
			x->bad[x->nbad++] = lineno;
		else if (p[0] == '#')
			;
		else if (record_parse(&r, p, (size_t)(nl - p), registry_kinds("gratitude"),
		    &why) == -1 || r.flen[RF_AUTHOR] != 3 ||
		    memcmp(r.f[RF_AUTHOR], "ana", 3) != 0)
			x->bad[x->nbad++] = lineno;
		else {
			x->rec[x->nrec].p = p;
			x->rec[x->nrec].len = (size_t)(nl - p);
			x->rec[x->nrec].lineno = lineno;
			x->rec[x->nrec].when = r.when;
			x->nrec++;
		}
		p = nl + 1;
	}
	x->many_runs = descents + 1 >= RUNS_MIN;
	if (x->nrec > 0)
		memcpy(x->file, x->rec, x->nrec * sizeof(*x->rec));
	qsort(x->rec, x->nrec, sizeof(*x->rec), line_cmp);
}

static void
expect_free(struct expect *x)
{
	free(x->rec);
	free(x->file);
	free(x->bad);
}

static void
warn_cb(void *arg, const char *file, size_t line, const char *why)
{
	struct warns *w = arg;
	size_t *nv;

	if (strcmp(file, logpath) != 0 || why == NULL || *why == '\0')
		w->bad_file = 1;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		if ((nv = realloc(w->lineno, w->cap * sizeof(*nv))) == NULL)
			abort();
		w->lineno = nv;
	}
	w->lineno[w->n++] = line;
}

/* Whether e passes the query's bounds. */
static int
wanted(const struct line *e, const struct store_query *q)
{
	if (q->since != NULL && moment_cmp(&e->when, q->since) < 0)
		return 0;
	if (q->until != NULL && moment_cmp(&e->when, q->until) >= 0)
		return 0;
	if (q->needle != NULL &&
	    memmem(e->p, e->len, q->needle, q->needle_len) == NULL)
		return 0;
	return 1;
}

/*
 * Whether got[0..n) is exactly the records of want[0..nwant) that pass
 * q's bounds, in that order.
 */
static int
same_records(const struct line *got, size_t n, const struct line *want,
    size_t nwant, const struct store_query *q)
{
	size_t i, j = 0;

	for (i = 0; i < n; i++, j++) {
		while (j < nwant && !wanted(&want[j], q))
			j++;
		if (j == nwant)
			return 0;	/* one too many */
		if (got[i].len != want[j].len ||
		    memcmp(got[i].p, want[j].p, got[i].len) != 0 ||
		    moment_cmp(&got[i].when, &want[j].when) != 0)
			return 0;	/* out of order, or not the record */
	}
	while (j < nwant && !wanted(&want[j], q))
		j++;
	return j == nwant;	/* else one missing */
}

/*
 * Read with q and compare with x.  check_warns: 1 to check the warnings
 * are exactly those of x, 0 to check they are among them, -1 for none
 * (line numbers are counted lazily for each run from the start of the
 * file, which is slow enough to matter here).
 */
static void
read_check(struct store_query *q, const struct expect *x, int check_warns)
{
	struct store st;
	struct store_reader *rd;
	struct record r, again;
	struct line *got;
	struct warns w;
	struct herr e;
	const char *why;
	const char *file;
	size_t i, n = 0;
	char *copy;
	int rc;

	memset(&w, 0, sizeof(w));
	memset(&e, 0, sizeof(e));
	q->tool = "gratitude";
	q->warn = check_warns >= 0 ? warn_cb : NULL;
	q->warn_arg = &w;
	if ((got = calloc(x->nrec + 1, sizeof(*got))) == NULL)
		abort();
	if (store_open(&st, storedir, 0, &e) != 0)
		abort();
	if (store_read_open(&rd, &st, q, &e) != 0)
		abort();
	for (;;) {
		rc = store_read_next(rd, &r, &e);
		if (rc == 0)
			break;
		if (rc != 1 || n > x->nrec)
			abort();	/* an error, or more than there are */
		/* It parses again, by itself, and says the same. */
		if (record_parse(&again, r.line, r.len,
		    registry_kinds("gratitude"), &why) != 0 ||
		    moment_cmp(&again.when, &r.when) != 0 ||
		    r.flen[RF_AUTHOR] != 3 ||
		    memcmp(r.f[RF_AUTHOR], "ana", 3) != 0)
			abort();
		if ((file = store_read_file(rd)) == NULL ||
		    strcmp(file, logpath) != 0)
			abort();
		if ((copy = malloc(r.len + 1)) == NULL)
			abort();
		memcpy(copy, r.line, r.len);
		got[n].p = copy;
		got[n].len = r.len;
		got[n].when = r.when;
		n++;
	}
	if (!same_records(got, n, x->rec, x->nrec, q) &&
	    !(x->many_runs && same_records(got, n, x->file, x->nrec, q)))
		abort();
	for (i = 0; i < n; i++)
		free((char *)got[i].p);
	free(got);
	store_read_close(rd);
	store_close(&st);
	if (w.bad_file)
		abort();
	if (w.n > 0)
		qsort(w.lineno, w.n, sizeof(*w.lineno), size_cmp);
	if (check_warns == 1) {
		if (w.n != x->nbad)
			abort();
		for (i = 0; i < w.n; i++)
			if (w.lineno[i] != x->bad[i])
				abort();
	} else if (check_warns == 0) {
		/* A bounded read skips lines but never blames a good one. */
		for (i = 0; i < w.n; i++)
			if (bsearch(&w.lineno[i], x->bad, x->nbad,
			    sizeof(*x->bad), size_cmp) == NULL)
				abort();
	}
	free(w.lineno);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_query q;
	struct expect x;
	struct hmoment since1, since2, until;
	char *f;
	size_t len, split;
	const char *needle;
	size_t needle_len;

	/* The log's bytes: the input, maybe after the padding. */
	len = size;
	if (size >= 5 && memcmp(data, "#pad\n", 5) == 0)
		len += padlen;
	else if (size >= 9 && memcmp(data, "#padlong\n", 9) == 0)
		len += padlen + PAD_LONG + 1;
	if ((f = malloc(len ? len : 1)) == NULL)
		return 0;
	if (len == size + padlen)
		memcpy(f, pad, padlen);
	else if (len > size) {
		memcpy(f, pad, padlong_at);
		memset(f + padlong_at, 'x', PAD_LONG);
		f[padlong_at + PAD_LONG] = '\n';
		memcpy(f + padlong_at + PAD_LONG + 1, pad + padlong_at,
		    padlen - padlong_at);
	}
	if (size > 0)
		memcpy(f + (len - size), data, size);

	write_log("", 0, 0);
	drop_cache();

	/* First part, read, then the rest appended, as a writer would. */
	split = len - size / 2;
	write_log(f, split, 0);
	expect_compute(&x, f, split);
	memset(&q, 0, sizeof(q));
	read_check(&q, &x, 1);
	expect_free(&x);
	/*
	 * The read saved the log's runs where drop_cache looks for them;
	 * were the cache elsewhere, dropping it would prove nothing.
	 */
	if (cache_entries(0) == 0) {
		fprintf(stderr, "fuzz_store: a read left no run cache in %s\n",
		    cachedir);
		abort();
	}

	write_log(f + split, len - split, 1);
	expect_compute(&x, f, len);
	memset(&q, 0, sizeof(q));
	read_check(&q, &x, 1);

	/* Bounds taken from the records themselves, and a fixed one. */
	since1.sec = PAD_SINCE;
	since1.usec = 0;
	if (x.nrec > 0) {
		since2 = x.rec[x.nrec / 2].when;
		until = x.rec[x.nrec - 1 - x.nrec / 4].when;
	} else {
		since2.sec = 0;
		since2.usec = 0;
		until = since1;
	}

	memset(&q, 0, sizeof(q));
	q.since = &since1;
	read_check(&q, &x, 0);

	memset(&q, 0, sizeof(q));
	q.since = &since2;
	read_check(&q, &x, -1);

	memset(&q, 0, sizeof(q));
	q.needle = "a";
	q.needle_len = 1;
	read_check(&q, &x, 0);

	/* A needle from the middle of the input, and both bounds. */
	needle = (const char *)data + size / 2;
	needle_len = size - size / 2 < 3 ? size - size / 2 : 3;
	if (needle_len > 0 && memchr(needle, '\n', needle_len) == NULL) {
		memset(&q, 0, sizeof(q));
		q.author = "ana";
		q.since = &since2;
		q.until = &until;
		q.needle = needle;
		q.needle_len = needle_len;
		read_check(&q, &x, -1);
	}
	memset(&q, 0, sizeof(q));
	q.since = &since2;
	q.until = &until;
	q.needle = "a";
	q.needle_len = 1;
	since2.usec++;		/* just after a record */
	if (since2.usec > 999999) {
		since2.usec = 0;
		since2.sec++;
	}
	read_check(&q, &x, -1);

	expect_free(&x);
	free(f);
	return 0;
}
