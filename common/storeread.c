/*
 * storeread: reading the store in time order, in constant memory.
 *
 * Each log is cut into its ordered runs (one run for a log written in
 * time order, which is nearly every log).  Each run is a stream: a fixed
 * buffer filled with pread(2), from which whole lines are taken.  The
 * reader keeps one parsed record at the head of every stream and hands
 * out the earliest; the memory used is the streams' buffers, whatever the
 * size of the store.
 *
 * A run's first record at or after --since is found by binary search on
 * byte offsets, reading one line per probe; an --until bound ends a run at
 * its first later record.  With a needle, a stream skips with memmem(3)
 * from one candidate line to the next and parses only those.
 *
 * Run boundaries cost a full scan of the log, so they are cached in
 * ${XDG_CACHE_HOME:-~/.cache}/hearth/runs-HASH (a hash of the log's path,
 * so a log has one entry however often it is rewritten), with the
 * device, inode, size and mtime
 * they were computed for and a hash of the 64 bytes before the end of the
 * scanned part.  A log that has only grown since (an append) is scanned
 * from where the cache stopped; any other change rescans it.  The cache
 * holds byte offsets, times and a hash, nothing of what the records say.
 * The check also takes the inode's change time, which no tool can set
 * back, so a rewrite in place that keeps size, mtime and the last bytes
 * (rsync --inplace -t) is still seen.
 *
 * A log cut into more than RUNS_MAX runs (a hostile or broken one: a
 * clock that jumps back and forth) is read through an index instead: one
 * scan notes each line's time, offset and number, the index is sorted by
 * time (ties in file order), and each line is read back with pread(2).
 * The merge stays exact at any number of runs; such a log costs memory
 * in proportion to its lines (struct lineref), every other one costs the
 * streams' buffers alone.
 *
 * Malformed lines are handed to the caller's warn() with their line
 * number, which is counted lazily (only when a warning needs it), since a
 * stream that skips or seeks never sees most lines.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "herr.h"
#include "hrand.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"
#include "storefast.h"
#include "storeint.h"
#include "text.h"

/* The cache's tag names the release; a build without one (fuzz) too. */
#ifndef HEARTH_VERSION
#define HEARTH_VERSION	"?"
#endif

#define RUNS_MAX	128
#define STREAM_BUF_MAX	(256 * 1024)
#define STREAM_BUF_MIN	(8 * 1024)	/* two records at the least */
#define STREAMS_MEMORY	(1024 * 1024)	/* shared by all streams */
#define BSEARCH_STOP	(64 * 1024)
#define TAILHASH_LEN	64
#define FAST_FILL	4096		/* a window stream's first read, */
#define FAST_FILL_MAX	(32 * 1024)	/* doubling up to this */

struct runs {
	uint64_t	 bad;		/* malformed lines in [0, scanned) */
	uint64_t	 nrec;		/* records in [0, scanned) */
	struct hmoment	 late;		/* the latest record's time */
	long		 lateday;	/* its date as written, YYYYMMDD, or 0 */
	int32_t		 omin, omax;	/* the UTC offsets seen, in seconds */
	off_t		 size;		/* file size when scanned */
	int64_t		 mtime_ns;
	int64_t		 ctime_ns;
	off_t		 scanned;	/* end of the last whole line */
	uint64_t	 tailhash;
	struct hmoment	 last;		/* last timestamp seen */
	int		 have_last;
	size_t		 n;		/* 0: too many, read in file order */
	off_t		 off[RUNS_MAX];
};

struct log {
	int	 fd;
	char	*path;
	char	*author;
	off_t	 lnoff;		/* lazily counted line numbers: */
	size_t	 lnno;		/* the line at lnoff is number lnno */
};

/* A line of a log read through an index (a log of too many runs). */
struct lineref {
	struct hmoment	 when;
	off_t		 off;
	size_t		 lineno;
	size_t		 len;
	int		 kind;		/* LR_LINE, LR_LONG or LR_TORN */
};

#define LR_LINE		0
#define LR_LONG		1	/* longer than a record may be */
#define LR_TORN		2	/* the unterminated last line */

/* The day number of the last date text parsed, for time_trusted. */
struct daymemo {
	char	 day[10];
	int64_t	 days;
};

/* A clean log, as a fast path reads it (storefast.h). */
struct fastlog {
	struct runs	 ru;
	off_t		 size;		/* as fstat gave it: all clean */
};

/* store_fast_dates: the dates, and the window being read. */
struct datewin {
	const char	(*dates)[11];
	size_t		 n;
	size_t		 next;		/* the first date of the next window */
	size_t		 lo, hi;	/* the window's dates[lo..hi) */
	char		 stop[11];	/* a line dated this or later ends it */
	struct hmoment	 since;		/* where the window's runs are sought */
	int64_t		 end;		/* a line of this time or later too */
	struct hmoment	 first;		/* the earliest record */
	int32_t		 omin, omax;	/* the offsets any record has */
};

struct stream {
	struct log	*log;
	struct lineref	*idx;		/* the index, or NULL */
	size_t		 nidx, ii;
	size_t		 logi, runi;
	off_t		 stop;		/* -1: to the end of the file */
	int		 ordered;	/* the run is in time order */
	off_t		 boff;		/* file offset of buf[0] */
	char		*buf;
	size_t		 cap, pos, end;
	int		 eof, midline, done, has;
	int		 rechecked;	/* an unterminated tail, read twice */
	off_t		 start;		/* where the run starts */
	size_t		 fill;		/* 0, or at most this much a read */
	struct hmoment	 t0, t1;	/* a window's: its run's first and */
	int		 has_t0, has_t1;	/* last times, when known */
	struct hmoment	 prev;		/* the stream's last record's time */
	struct record	 rec;
};

struct store_reader {
	struct store_query	 q;
	int			 dfd;	/* the tool's directory */
	struct log		*logs;
	size_t			 nlogs;
	struct stream		*s;
	size_t			 ns;
	struct stream		*cur;	/* the stream of the last record */
	const struct record_kind *kinds;	/* the tool's, from the registry */
	struct fastlog		*fast;	/* fast paths: each log's runs */
	struct datewin		*win;	/* store_fast_dates: the dates */
	struct daymemo		 memo;	/* for time_trusted */
};

/* ---- run boundaries and their cache ---- */

static int
tail_hash(int fd, off_t end, uint64_t *h)
{
	char b[TAILHASH_LEN];
	off_t start = end > TAILHASH_LEN ? end - TAILHASH_LEN : 0;
	ssize_t n;

	n = io_pread_all(fd, b, (size_t)(end - start), start);
	if (n != end - start)
		return -1;
	*h = text_hash(b, (size_t)n);
	return 0;
}

/*
 * What the cache's verdict on lines depends on besides the log: the
 * release, and the kinds of records the tool reads (names and numbers of
 * fields), so that a hearth that reads lines another way rescans.
 */
static uint64_t
cache_tag(const struct record_kind *kinds)
{
	char b[64];
	uint64_t h = text_hash(HEARTH_VERSION, strlen(HEARTH_VERSION));

	for (; kinds != NULL && kinds->kind != NULL; kinds++) {
		snprintf(b, sizeof(b), "%.40s %d;", kinds->kind,
		    kinds->nfields);
		h = h * 31 + text_hash(b, strlen(b));
	}
	return h;
}

static int
cache_path(char *buf, size_t len, const char *log, int mkdir_it)
{
	char dir[PATH_MAX];

	if (paths_cache(dir, sizeof(dir), NULL) == -1)
		return -1;
	if (mkdir_it && io_mkdirs(dir, 0700) == -1)
		return -1;
	if ((size_t)snprintf(buf, len, "%s/runs-%016jx", dir,
	    (uintmax_t)text_hash(log, strlen(log))) >= len)
		return -1;
	return 0;
}

static int
cache_load(struct runs *ru, const char *log, const struct stat *sb,
    uint64_t tag)
{
	char path[PATH_MAX], b[RUNS_MAX * 24 + 256], head[40], *p, *end;
	long long v[19];
	ssize_t n;
	size_t i;
	int fd;

	if (cache_path(path, sizeof(path), log, 0) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	/* One read: a cache file is small, and a short one is only a miss. */
	n = pread(fd, b, sizeof(b) - 1, 0);
	close(fd);
	if (n <= 0)
		return -1;
	b[n] = '\0';
	snprintf(head, sizeof(head), "hearth-runs 4 %016jx", (uintmax_t)tag);
	if (strncmp(b, head, strlen(head)) != 0)
		return -1;
	p = b + strlen(head);
	for (i = 0; i < 19; i++) {
		errno = 0;
		v[i] = strtoll(p, &end, 10);
		if (end == p || errno != 0)
			return -1;
		p = end;
	}
	if ((uintmax_t)v[0] != (uintmax_t)sb->st_dev ||
	    (uintmax_t)v[1] != (uintmax_t)sb->st_ino)
		return -1;	/* another file by that name now */
	ru->size = (off_t)v[2];
	ru->mtime_ns = v[3];
	ru->scanned = (off_t)v[4];
	ru->tailhash = (uint64_t)v[5];
	ru->last.sec = v[6];
	ru->last.usec = (int32_t)v[7];
	ru->have_last = (int)v[8];
	ru->n = (size_t)v[9];
	ru->ctime_ns = v[10];
	ru->bad = (uint64_t)v[11];
	ru->omin = (int32_t)v[12];
	ru->omax = (int32_t)v[13];
	ru->nrec = (uint64_t)v[14];
	ru->late.sec = v[15];
	ru->late.usec = (int32_t)v[16];
	ru->lateday = (long)v[17];
	if (v[18] != 0 || v[11] < 0 || v[12] < -86399 || v[13] > 86399 ||
	    v[14] < 0 || v[17] < 0 || v[17] > 99991231 ||
	    ru->n > RUNS_MAX || ru->size < 0 || ru->scanned < 0 ||
	    ru->scanned > ru->size || ru->size > sb->st_size)
		return -1;
	for (i = 0; i < ru->n; i++) {
		errno = 0;
		ru->off[i] = (off_t)strtoll(p, &end, 10);
		if (end == p || errno != 0 || ru->off[i] < 0 ||
		    ru->off[i] > ru->scanned ||
		    (i > 0 && ru->off[i] <= ru->off[i - 1]))
			return -1;
		p = end;
	}
	return ru->n == 0 || ru->off[0] == 0 ? 0 : -1;
}

/* Best effort: a cache that cannot be written is recomputed next time. */
static void
cache_save(const struct runs *ru, const char *log, const struct stat *sb,
    uint64_t tag)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32], b[RUNS_MAX * 24 + 256];
	size_t i, len;
	int fd;

	if (cache_path(path, sizeof(path), log, 1) == -1)
		return;
	len = (size_t)snprintf(b, sizeof(b),
	    "hearth-runs 4 %016jx %lld %lld %lld %lld %lld %lld %lld %d %d "
	    "%zu %lld %lld %d %d %lld %lld %d %ld 0\n", (uintmax_t)tag,
	    (long long)sb->st_dev, (long long)sb->st_ino,
	    (long long)ru->size, (long long)ru->mtime_ns,
	    (long long)ru->scanned, (long long)ru->tailhash,
	    (long long)ru->last.sec, (int)ru->last.usec, ru->have_last,
	    ru->n, (long long)ru->ctime_ns, (long long)ru->bad, (int)ru->omin,
	    (int)ru->omax, (long long)ru->nrec, (long long)ru->late.sec,
	    (int)ru->late.usec, ru->lateday);
	for (i = 0; i < ru->n; i++)
		len += (size_t)snprintf(b + len, sizeof(b) - len, "%lld\n",
		    (long long)ru->off[i]);
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return;
	if (io_write_all(fd, b, len) == -1 || close(fd) == -1 ||
	    rename(tmp, path) == -1)
		(void)unlink(tmp);
}

/* The timestamp at the start of line[0..len), or -1. */
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

/* The number of two digits (checked by the caller). */
static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Days since 1970-01-01 of a YYYY-MM-DD text (checked by the caller). */
static int64_t
text_days(const char *s)
{
	return date_days_from_civil(two(s) * 100 + two(s + 2),
	    (unsigned)two(s + 5), (unsigned)two(s + 8));
}

/*
 * Note a whole line of the scan: where a new run starts, and whether it
 * is one every reader takes (a record of the log's author, or a comment).
 */
static void
runs_line(struct runs *ru, off_t at, const char *line, size_t len,
    const struct record_kind *kinds, const char *author)
{
	struct record r;
	const char *why;
	struct hmoment m;
	int32_t off;

	switch (record_read_line(&r, line, len, kinds, author, &why)) {
	case -1:
		ru->bad++;
		break;
	case 1:
		/* The latest: of equal times, the last in the file. */
		if (ru->nrec++ == 0 || date_cmp(&r.when, &ru->late) >= 0) {
			ru->late = r.when;
			ru->lateday = two(line) * 1000000L + two(line + 2) *
			    10000L + two(line + 5) * 100L + two(line + 8);
		}
		break;
	}
	if (line_time(line, len, &m) == -1)
		return;
	/* The offset: the written time, read as UTC, less the moment. */
	off = (int32_t)(text_days(line) * 86400 + two(line + 11) * 3600 +
	    two(line + 14) * 60 + two(line + 17) - m.sec);
	if (!ru->have_last || off < ru->omin)
		ru->omin = off;
	if (!ru->have_last || off > ru->omax)
		ru->omax = off;
	if (ru->have_last && ru->n > 0 && date_cmp(&m, &ru->last) < 0) {
		if (ru->n == RUNS_MAX)
			ru->n = 0;	/* give up */
		else
			ru->off[ru->n++] = at;
	}
	ru->last = m;
	ru->have_last = 1;
}

/* Scan fd from ru->scanned to size, extending ru. */
static int
runs_scan(struct runs *ru, int fd, off_t size,
    const struct record_kind *kinds, const char *author)
{
	char *buf, *p, *end, *nl;
	off_t boff = ru->scanned;
	size_t have = 0, cap = STREAM_BUF_MAX;
	int midline = 0;
	ssize_t n;

	if ((buf = malloc(cap)) == NULL)
		return -1;
	while (boff + (off_t)have < size) {
		size_t want = cap - have;

		if ((off_t)want > size - boff - (off_t)have)
			want = (size_t)(size - boff - (off_t)have);
		n = io_pread_all(fd, buf + have, want, boff + (off_t)have);
		if (n <= 0)
			break;
		have += (size_t)n;
		p = buf;
		end = buf + have;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			if (!midline)
				runs_line(ru, boff + (p - buf), p,
				    (size_t)(nl - p), kinds, author);
			midline = 0;
			p = nl + 1;
			ru->scanned = boff + (p - buf);
		}
		if (p == buf && have == cap) {
			/* A line longer than the buffer: skip it. */
			midline = 1;
			ru->bad++;
			p = end;
		}
		memmove(buf, p, (size_t)(end - p));
		boff += p - buf;
		have = (size_t)(end - p);
	}
	free(buf);
	return 0;
}

static void
runs_get(struct runs *ru, int fd, const struct log *l, const struct stat *sb,
    const struct record_kind *kinds)
{
	const char *log = l->path;
	uint64_t tag = cache_tag(kinds);
	int64_t mt = (int64_t)sb->st_mtim.tv_sec * 1000000000 +
	    sb->st_mtim.tv_nsec;
	int64_t ct = (int64_t)sb->st_ctim.tv_sec * 1000000000 +
	    sb->st_ctim.tv_nsec;
	uint64_t h;
	int ok, gave_up;

	ok = cache_load(ru, log, sb, tag) == 0;
	if (ok && ru->size == sb->st_size && ru->mtime_ns == mt &&
	    ru->ctime_ns == ct &&
	    (ru->n == 0 || (tail_hash(fd, ru->scanned, &h) == 0 &&
	    h == ru->tailhash)))
		return;
	gave_up = ok && ru->n == 0;
	/* Only a log that grew may be scanned from where the cache ends. */
	if (!ok || gave_up || sb->st_size <= ru->size ||
	    tail_hash(fd, ru->scanned, &h) == -1 || h != ru->tailhash) {
		memset(ru, 0, sizeof(*ru));
		ru->n = 1;	/* off[0] = 0 */
	}
	if (ru->n == 0)
		return;
	(void)runs_scan(ru, fd, sb->st_size, kinds, l->author);
	ru->size = sb->st_size;
	ru->mtime_ns = mt;
	ru->ctime_ns = ct;
	if (ru->n == 0 || tail_hash(fd, ru->scanned, &ru->tailhash) == 0)
		cache_save(ru, log, sb, tag);
}

/* ---- streams ---- */

/* Newlines in fd's [from, to). */
static size_t
count_lines(int fd, off_t from, off_t to)
{
	char b[65536];
	size_t lines = 0;
	ssize_t n, i;

	for (; from < to; from += n) {
		n = to - from < (off_t)sizeof(b) ? (ssize_t)(to - from) :
		    (ssize_t)sizeof(b);
		if ((n = io_pread_all(fd, b, (size_t)n, from)) <= 0)
			break;
		for (i = 0; i < n; i++)
			if (b[i] == '\n')
				lines++;
	}
	return lines;
}

/*
 * Report a malformed line at off.  Its number is counted from the last
 * one the log reported, forwards or backwards, so a log's warnings cost
 * one pass over it whatever the order its runs come in.
 */
static void
warn_at(struct store_reader *rd, struct stream *s, off_t off,
    const char *why)
{
	struct log *l = s->log;

	if (rd->q.warn == NULL)
		return;
	if (off >= l->lnoff)
		l->lnno += count_lines(l->fd, l->lnoff, off);
	else
		l->lnno -= count_lines(l->fd, off, l->lnoff);
	l->lnoff = off;
	rd->q.warn(rd->q.warn_arg, l->path, l->lnno, why);
}

/*
 * Whether no writer holds the tool's lock, waiting a little (a writer
 * holds it for well under a millisecond) before saying no.
 */
static int
writers_done(struct store_reader *rd)
{
	struct timespec nap = { 0, 1000000 };
	int fd, i, done = 0;

	fd = openat(rd->dfd, ".lock", O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);
	if (fd == -1)
		return 1;	/* nobody has ever written here */
	for (i = 0; i < 200 && !done; i++) {
		if (flock(fd, LOCK_SH | LOCK_NB) == 0)
			done = 1;
		else
			nanosleep(&nap, NULL);
	}
	close(fd);	/* and with it the shared lock */
	return done;
}

/* 1: more data, 0: end of the stream's range, -1: read error. */
static int
stream_fill(struct stream *s)
{
	size_t want;
	ssize_t n;

	if (s->eof)
		return 0;
	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, s->end - s->pos);
		s->boff += (off_t)s->pos;
		s->end -= s->pos;
		s->pos = 0;
	}
	want = s->cap - s->end;
	if (s->fill != 0 && want > s->fill)
		want = s->fill;
	if (s->stop != -1 && (off_t)want > s->stop - s->boff - (off_t)s->end)
		want = (size_t)(s->stop - s->boff - (off_t)s->end);
	if (want == 0 && s->end == s->cap)
		return 1;	/* full: the caller handles a long line */
	n = want ? io_pread_all(s->log->fd, s->buf + s->end, want,
	    s->boff + (off_t)s->end) : 0;
	if (n == -1)
		return -1;
	if (n == 0) {
		s->eof = 1;
		return 0;
	}
	s->end += (size_t)n;
	/*
	 * A window's reads are small, to read little past its end, and
	 * stay so: what a stream reads is taken before its next read, so
	 * the buffer's first pages are used again, and no more are touched
	 * (each new page is a page fault, which costs about what a read
	 * of 16 KiB does).
	 */
	if (s->fill != 0 && s->fill < FAST_FILL_MAX)
		s->fill *= 2;
	return 1;
}

/* Past the rest of an overlong line: 1 to go on, else stream_fill's. */
static int
stream_skip_long(struct stream *s)
{
	const char *nl;

	nl = memchr(s->buf + s->pos, '\n', s->end - s->pos);
	if (nl != NULL) {
		s->pos = (size_t)(nl - s->buf) + 1;
		s->midline = 0;
		return 1;
	}
	s->pos = s->end;
	return stream_fill(s);
}

/* No line of the data we have holds the needle: drop them, read more. */
static int
stream_skip_needless(struct stream *s)
{
	const char *nl;

	nl = s->end > s->pos ? memrchr(s->buf + s->pos, '\n',
	    s->end - s->pos) : NULL;
	if (nl != NULL)
		s->pos = (size_t)(nl - s->buf) + 1;
	else if (s->pos == 0 && s->end == s->cap) {
		s->midline = 1;
		s->pos = s->end;
	}
	return stream_fill(s);
}

/*
 * The line that starts at ls goes past the data we have: read more.  1
 * to go on, 0 at the end of the stream, -1 on an error.
 */
static int
stream_more(struct store_reader *rd, struct stream *s, const char *ls)
{
	int r;

	s->pos = (size_t)(ls - s->buf);
	if (s->pos == 0 && s->end == s->cap) {
		warn_at(rd, s, s->boff, "line longer than 4096 bytes");
		s->midline = 1;
		s->pos = s->end;
	}
	if ((r = stream_fill(s)) == -1)
		return -1;
	if (r == 0 && s->end > s->pos && s->stop == -1 && !s->rechecked) {
		/*
		 * An unterminated tail is an append in progress while a
		 * writer holds the lock; once none does, read again, since
		 * the append may have just completed.
		 */
		s->rechecked = 1;
		if (writers_done(rd)) {
			s->eof = 0;
			return 1;
		}
	} else if (r == 0 && s->end > s->pos && s->stop == -1)
		warn_at(rd, s, s->boff + (off_t)s->pos,
		    "unterminated last line");
	if (r == 0) {
		s->pos = s->end;
		return 0;
	}
	return 1;
}

/* ---- the index of a log of too many runs ---- */

static int
cmpref(const void *a, const void *b)
{
	const struct lineref *x = a, *y = b;
	int c = date_cmp(&x->when, &y->when);

	if (c != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int
index_add(struct stream *s, size_t *cap, const struct lineref *ref)
{
	struct lineref *v;

	if (s->nidx == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		if ((v = reallocarray(s->idx, *cap, sizeof(*v))) == NULL)
			return -1;
		s->idx = v;
	}
	s->idx[s->nidx++] = *ref;
	return 0;
}

/*
 * Note every line of the stream's log: its time (a line without one
 * takes the time of the line before, so it is read, and reported, where
 * it stands), offset and number; then sort by time, ties in file order.
 */
static int
index_build(struct stream *s, off_t size)
{
	struct linereader lr;
	struct lineref ref;
	const char *line;
	size_t len, cap = 0, lineno = 0;
	off_t off = 0;
	int n, torn, inlong = 0, r = -1;
	char last;

	torn = size > 0 && (io_pread_all(s->log->fd, &last, 1, size - 1) !=
	    1 || last != '\n');
	memset(&ref, 0, sizeof(ref));
	ref.when.sec = INT64_MIN;
	linereader_init(&lr, s->log->fd, 0, size);
	while ((n = linereader_next(&lr, &line, &len)) > 0) {
		if (!inlong) {
			ref.off = off;
			ref.lineno = ++lineno;
			ref.len = len;
			if (lr.longline || len >= RECORD_MAX)
				ref.kind = LR_LONG;
			else if (torn && off + (off_t)len == size)
				ref.kind = LR_TORN;
			else
				ref.kind = LR_LINE;
			(void)line_time(line, len, &ref.when);
			if (index_add(s, &cap, &ref) == -1)
				goto out;
		}
		off += (off_t)len + (n == 2 ? 0 : 1);
		inlong = n == 2;
	}
	if (n == 0) {
		qsort(s->idx, s->nidx, sizeof(*s->idx), cmpref);
		r = 0;
	}
out:
	linereader_free(&lr);
	return r;
}

/* The next line of an indexed stream, as stream_line gives it. */
static int
index_line(struct store_reader *rd, struct stream *s, const char **line,
    size_t *len, off_t *off)
{
	const struct lineref *ref;
	struct log *l = s->log;

	while (s->ii < s->nidx) {
		ref = &s->idx[s->ii++];
		/* Line numbers are known: warn_at has nothing to count. */
		l->lnoff = ref->off;
		l->lnno = ref->lineno;
		if (ref->kind != LR_LINE) {
			warn_at(rd, s, ref->off, ref->kind == LR_LONG ?
			    "line longer than 4096 bytes" :
			    "unterminated last line");
			continue;
		}
		if (io_pread_all(l->fd, s->buf, ref->len, ref->off) !=
		    (ssize_t)ref->len)
			return -1;
		*line = s->buf;
		*len = ref->len;
		*off = ref->off;
		return 1;
	}
	return 0;
}

/*
 * The next whole line of the stream (with the needle, the next one that
 * holds it).  1: *line, *len, *off set; 0: none left; -1: read error.
 */
static int
stream_line(struct store_reader *rd, struct stream *s, const char **line,
    size_t *len, off_t *off)
{
	const char *base, *h, *nl, *ls;
	int r;

	if (s->idx != NULL)
		return index_line(rd, s, line, len, off);
	for (;;) {
		base = s->buf + s->pos;
		if (s->midline) {
			if ((r = stream_skip_long(s)) <= 0)
				return r;
			continue;
		}
		if (rd->q.needle != NULL) {
			h = memmem(base, s->end - s->pos, rd->q.needle,
			    rd->q.needle_len);
			if (h == NULL) {
				if ((r = stream_skip_needless(s)) <= 0)
					return r;
				continue;
			}
			ls = h > base ? memrchr(base, '\n', (size_t)(h - base))
			    : NULL;
			ls = ls ? ls + 1 : base;
			nl = memchr(h, '\n', (size_t)(s->buf + s->end - h));
		} else {
			ls = base;
			nl = memchr(base, '\n', s->end - s->pos);
		}
		if (nl != NULL) {
			*line = ls;
			*len = (size_t)(nl - ls);
			*off = s->boff + (ls - s->buf);
			s->pos = (size_t)(nl - s->buf) + 1;
			return 1;
		}
		if ((r = stream_more(rd, s, ls)) <= 0)
			return r;
	}
}

/* Whether line has a time outside the query's --since and --until. */
static int
outside(const struct store_query *q, const char *line, size_t len)
{
	struct hmoment m;

	if (q->since == NULL && q->until == NULL)
		return 0;
	if (line_time(line, len, &m) == -1)
		return 0;
	return (q->since != NULL && date_cmp(&m, q->since) < 0) ||
	    (q->until != NULL && date_cmp(&m, q->until) >= 0);
}

/* Whether two dates as written (10 bytes) are the same: two loads. */
static int
same_day(const char *a, const char *b)
{
	uint64_t x, y;

	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	return x == y && a[8] == b[8] && a[9] == b[9];
}

/*
 * store_fast_dates: 1 when line is dated one of the window's dates, 0
 * when not, -1 when it is dated past the window (in an ordered run, so
 * is every later line).  Only the date text is looked at: every line of
 * a clean log is a record or a comment.
 */
static int
in_window(const struct datewin *w, const char *line, size_t len)
{
	struct hmoment m;
	size_t i;

	if (len < 10 || line[0] == '#')
		return 0;
	for (i = w->lo; i < w->hi; i++)
		if (same_day(line, w->dates[i]))
			return 1;
	if (memcmp(line, w->stop, 10) >= 0)
		return -1;
	/* Dated after the window's last date, but perhaps not later. */
	if (memcmp(line, w->dates[w->hi - 1], 10) > 0 &&
	    line_time(line, len, &m) == 0 && m.sec >= w->end)
		return -1;
	return 0;
}

/*
 * The time of a timestamp of a clean log, which date_parse_rfc3339
 * passed when the run cache scanned it: as hearth writes them
 * (YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM), the same sums without the checks,
 * the day number kept from the last one; any other form is parsed.
 */
static int
time_trusted(const char *s, size_t len, struct hmoment *m, struct daymemo *dm)
{
	int64_t off;
	int i;

	if (len != 32 || s[19] != '.' || (s[26] != '+' && s[26] != '-') ||
	    s[29] != ':' || dm == NULL)
		return date_parse_rfc3339(s, len, m, NULL);
	if (!same_day(s, dm->day)) {
		memcpy(dm->day, s, 10);
		dm->days = text_days(s);
	}
	off = two(s + 27) * 3600 + two(s + 30) * 60;
	m->sec = dm->days * 86400 + two(s + 11) * 3600 + two(s + 14) * 60 +
	    two(s + 17) - (s[26] == '-' ? -off : off);
	m->usec = 0;
	for (i = 20; i < 26; i++)
		m->usec = m->usec * 10 + (s[i] - '0');
	return 0;
}

/*
 * A line of a clean log (the fast paths): split at its TABs and its time
 * parsed, without the checks of record_read_line, which the run cache
 * made of every line when it scanned it (the cache holds only while the
 * log's bytes are as they were then).  A line that does not split as a
 * record of the log's author and of a known kind goes to
 * record_read_line after all, which says why.
 */
static int
record_trusted(struct record *r, const char *line, size_t len,
    const struct record_kind *kinds, const char *author, const char **why,
    struct daymemo *dm)
{
	const char *p = line, *end = line + len, *tab;
	const struct record_kind *k = kinds;
	size_t alen = strlen(author);

	r->line = line;
	r->len = len;
	r->nf = 0;
	if (len == 0 || line[0] == '#')
		goto full;
	/* As hearth writes it: a 32-byte time, TAB, the author, TAB. */
	if (len > 33 + alen && line[32] == '\t' && line[33 + alen] == '\t') {
		r->f[0] = line;
		r->flen[0] = 32;
		r->f[1] = line + 33;
		r->flen[1] = alen;
		r->nf = 2;
		p = line + 34 + alen;
	}
	do {
		if (r->nf == RECORD_FIELDS_MAX)
			goto full;
		tab = memchr(p, '\t', (size_t)(end - p));
		r->f[r->nf] = p;
		r->flen[r->nf++] = (size_t)((tab != NULL ? tab : end) - p);
		p = tab + 1;
	} while (tab != NULL);
	if (r->nf < 3 || r->flen[RF_AUTHOR] != alen ||
	    memcmp(r->f[RF_AUTHOR], author, alen) != 0 ||
	    time_trusted(r->f[RF_TIME], r->flen[RF_TIME], &r->when, dm) == -1)
		goto full;
	for (; k != NULL && k->kind != NULL; k++)
		if (strncmp(k->kind, r->f[RF_KIND], r->flen[RF_KIND]) == 0 &&
		    k->kind[r->flen[RF_KIND]] == '\0')
			break;
	if (kinds == NULL || (k->kind != NULL &&
	    r->nf == (size_t)(RF_DATA + k->nfields)))
		return 1;
full:
	return record_read_line(r, line, len, kinds, author, why);
}

/* Parse the next record that passes the query into s->rec. */
static int
stream_advance(struct store_reader *rd, struct stream *s, struct herr *e)
{
	const struct store_query *q = &rd->q;
	const char *line = NULL, *why;
	size_t len = 0;
	off_t off = 0;
	int r;

	s->has = 0;
	while (!s->done) {
		r = stream_line(rd, s, &line, &len, &off);
		if (r == -1)
			return herr_errno(e, HX_IOERR, errno, "%s",
			    s->log->path);
		if (r == 0) {
			s->done = 1;
			break;
		}
		if (rd->win != NULL && (r = in_window(rd->win, line, len)) != 1) {
			if (r == -1 && s->ordered)
				s->done = 1;
			continue;
		}
		r = rd->fast != NULL ? record_trusted(&s->rec, line, len,
		    rd->kinds, s->log->author, &why, &rd->memo) :
		    record_read_line(&s->rec, line, len, rd->kinds,
		    s->log->author, &why);
		if (r == 0)
			continue;
		if (r == -1) {
			/* A line dated outside the range is not read. */
			if (!outside(q, line, len))
				warn_at(rd, s, off, why);
			continue;
		}
		/*
		 * A run that goes back in time after all (a log edited in
		 * place since its runs were cached) is no longer trusted to
		 * end at --until.
		 */
		if (s->ordered && date_cmp(&s->rec.when, &s->prev) < 0)
			s->ordered = 0;
		s->prev = s->rec.when;
		if (q->since != NULL && date_cmp(&s->rec.when, q->since) < 0)
			continue;
		if (q->until != NULL &&
		    date_cmp(&s->rec.when, q->until) >= 0) {
			if (s->ordered)
				s->done = 1;
			continue;
		}
		s->has = 1;
		return 0;
	}
	return 0;
}

/*
 * The line that starts first after byte mid - 1 of fd, before hi: its
 * offset in *s and its time in *m; -1 when there is none, or no time.
 * A probe reads 512 bytes, and 4096 when no line ends in them; it reads
 * the line's time in the same read when it fits.
 */
static int
probe(int fd, off_t mid, off_t hi, off_t *s, struct hmoment *m)
{
	char b[4096], *nl, *t;
	ssize_t n;

	n = io_pread_all(fd, b, 512, mid - 1);
	if (n == 512 && memchr(b, '\n', (size_t)n) == NULL)
		n = io_pread_all(fd, b, sizeof(b), mid - 1);
	if (n <= 0 || (nl = memchr(b, '\n', (size_t)n)) == NULL)
		return -1;
	if ((*s = mid + (nl - b)) >= hi)
		return -1;
	t = nl + 1;
	if (b + n - t < 48) {
		t = b;
		n = io_pread_all(fd, b, 48, *s);
	} else
		n = b + n - t;
	if (n <= 0 || line_time(t, (size_t)(n < 48 ? n : 48), m) == -1)
		return -1;
	return 0;
}

/*
 * The first line start in [lo, hi) after a search for since, down to gap
 * bytes.  A probe is placed where since would be if the times between
 * the bounds were spread evenly (a log is written about evenly over
 * time); when such a guess does not halve the range, the next probe
 * does: a few probes find the place in a large log, and never more than
 * twice those of a binary search.  t0 and t1, when not NULL, are the times of the lines at lo
 * and of the last line before hi, known to the caller: no probe is made
 * when since is outside them.
 */
static off_t
seek_since(int fd, off_t lo, off_t hi, const struct hmoment *since,
    off_t gap, const struct hmoment *t0, const struct hmoment *t1)
{
	struct hmoment m, tlo = { INT64_MIN, 0 }, thi = { INT64_MIN, 0 };
	double f;
	off_t mid, s, last = 0;
	int guess = 0;

	if (t0 != NULL && date_cmp(since, t0) <= 0)
		return lo;
	if (t1 != NULL && date_cmp(since, t1) > 0)
		return hi;	/* every line of the range is earlier */
	if (t0 != NULL)
		tlo = *t0;
	if (t1 != NULL)
		thi = *t1;
	while (hi - lo > gap) {
		mid = lo + (hi - lo) / 2;
		guess = (!guess || (hi - lo) * 2 <= last) &&
		    tlo.sec != INT64_MIN && thi.sec > tlo.sec;
		last = hi - lo;
		if (guess) {
			f = ((double)(since->sec - tlo.sec) + 1e-6 *
			    (double)(since->usec - tlo.usec)) /
			    (double)(thi.sec - tlo.sec);
			f = f < 0.0625 ? 0.0625 : f > 0.9375 ? 0.9375 : f;
			mid = lo + (off_t)(f * (double)(hi - lo));
		}
		if (probe(fd, mid, hi, &s, &m) == -1) {
			if (guess)
				continue;	/* halve the range instead */
			break;
		}
		if (date_cmp(&m, since) < 0) {
			lo = s;
			tlo = m;
		} else {
			hi = s;
			thi = m;
		}
	}
	return lo;
}

static int
add_stream(struct store_reader *rd, size_t logi, size_t runi, off_t start,
    off_t stop, int ordered)
{
	struct stream *s, *ns;

	if ((ns = reallocarray(rd->s, rd->ns + 1, sizeof(*rd->s))) == NULL)
		return -1;
	rd->s = ns;
	s = &rd->s[rd->ns++];
	memset(s, 0, sizeof(*s));
	s->log = &rd->logs[logi];
	s->logi = logi;
	s->runi = runi;
	s->boff = start;
	s->stop = stop;
	s->ordered = ordered;
	s->prev.sec = INT64_MIN;
	return 0;
}

static int
open_logs(struct store_reader *rd, struct store *st, int dfd, char **authors,
    struct herr *e)
{
	char name[NAME_MAX + 1], path[PATH_MAX];
	size_t i, n;

	for (n = 0; authors[n] != NULL; n++)
		;
	if ((rd->logs = calloc(n ? n : 1, sizeof(*rd->logs))) == NULL)
		return herr_errno(e, HX_IOERR, errno, "memory");
	for (i = 0; i < n; i++) {
		struct log *l = &rd->logs[i];

		snprintf(name, sizeof(name), "%s.log", authors[i]);
		store_file_path(st, rd->q.tool, name, path, sizeof(path));
		l->lnno = 1;
		l->fd = store_openat(dfd, name, O_RDONLY, path, e);
		if (l->fd == -1)
			return -1;
		rd->nlogs++;
		if ((l->path = strdup(path)) == NULL ||
		    (l->author = strdup(authors[i])) == NULL)
			return herr_errno(e, HX_IOERR, errno, "memory");
	}
	return 0;
}

/* A stream for each run of log i, each starting at --since. */
static int
log_streams(struct store_reader *rd, size_t i, struct herr *e)
{
	const struct log *l = &rd->logs[i];
	struct runs ru;
	struct stat sb;
	off_t start, stop;
	size_t j;

	if (fstat(l->fd, &sb) == -1)
		return herr_errno(e, HX_IOERR, errno, "%s", l->path);
	runs_get(&ru, l->fd, l, &sb, rd->kinds);
	if (ru.n == 0) {
		/* Too many runs to stream: one stream, through an index. */
		if (add_stream(rd, i, 0, 0, -1, 1) == -1 ||
		    index_build(&rd->s[rd->ns - 1], sb.st_size) == -1)
			return herr_errno(e, HX_IOERR, errno, "%s", l->path);
		return 0;
	}
	for (j = 0; j < ru.n; j++) {
		start = ru.off[j];
		stop = j + 1 < ru.n ? ru.off[j + 1] : -1;
		if (rd->q.since != NULL)
			start = seek_since(l->fd, start,
			    stop == -1 ? ru.scanned : stop, rd->q.since,
			    BSEARCH_STOP, NULL, NULL);
		if (add_stream(rd, i, j, start, stop, 1) == -1)
			return herr_errno(e, HX_IOERR, errno, "memory");
	}
	return 0;
}

/* The streams' buffers: STREAMS_MEMORY shared, within max and the bounds. */
static int
stream_buffers(struct store_reader *rd, size_t max)
{
	size_t i, bufsz;

	bufsz = rd->ns ? STREAMS_MEMORY / rd->ns : max;
	if (bufsz > max)
		bufsz = max;
	if (bufsz < STREAM_BUF_MIN)
		bufsz = STREAM_BUF_MIN;
	for (i = 0; i < rd->ns; i++) {
		if ((rd->s[i].buf = malloc(bufsz)) == NULL)
			return -1;
		rd->s[i].cap = bufsz;
	}
	return 0;
}

/*
 * Open the logs rd->q reads into rd (rd->dfd too): 1, or 0 when the tool
 * has no folder yet (nothing written), or -1 with e set.
 */
static int
reader_logs(struct store_reader *rd, struct store *st, struct herr *e)
{
	const struct store_query *q = &rd->q;
	char **authors = NULL, *one[2], name[NAME_MAX + 1];
	int r;

	if (q->author != NULL) {
		one[0] = (char *)q->author;
		one[1] = NULL;
	} else if (store_authors(st, q->tool, &authors, e) == -1)
		return -1;
	if ((rd->dfd = store_tooldir(st, q->tool, 0, e)) == -1) {
		store_authors_free(authors);
		return e->code == HX_NOINPUT ? 0 : -1;
	}
	if (q->author != NULL) {
		/* A missing log is empty; a symlink is left to open_logs. */
		snprintf(name, sizeof(name), "%s.log", q->author);
		if (faccessat(rd->dfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == -1 &&
		    errno == ENOENT)
			one[0] = NULL;
	}
	r = open_logs(rd, st, rd->dfd, authors ? authors : one, e);
	store_authors_free(authors);
	return r == -1 ? -1 : 1;
}

static struct store_reader *
reader_new(const struct store_query *q)
{
	struct store_reader *rd;

	if ((rd = calloc(1, sizeof(*rd))) == NULL)
		return NULL;
	rd->q = *q;
	rd->kinds = registry_kinds(q->tool);
	rd->dfd = -1;
	return rd;
}

int
store_read_open(struct store_reader **rdp, struct store *st,
    const struct store_query *q, struct herr *e)
{
	struct store_reader *rd;
	size_t i;
	int r;

	*rdp = NULL;
	if ((rd = reader_new(q)) == NULL)
		return herr_errno(e, HX_IOERR, errno, "memory");
	if ((r = reader_logs(rd, st, e)) == -1)
		goto fail;
	if (r == 0) {
		*rdp = rd;	/* nothing written yet */
		return 0;
	}
	for (i = 0; i < rd->nlogs; i++)
		if (log_streams(rd, i, e) == -1)
			goto fail;
	if (stream_buffers(rd, STREAM_BUF_MAX) == -1) {
		herr_errno(e, HX_IOERR, errno, "memory");
		goto fail;
	}
	for (i = 0; i < rd->ns; i++)
		if (stream_advance(rd, &rd->s[i], e) == -1)
			goto fail;
	*rdp = rd;
	return 0;
fail:
	store_read_close(rd);
	return -1;
}

/* The stream whose record comes next (ties keep the earlier stream). */
static struct stream *
earliest(struct store_reader *rd)
{
	struct stream *best = NULL, *s;
	size_t i;

	for (i = 0; i < rd->ns; i++) {
		s = &rd->s[i];
		if (!s->has)
			continue;
		if (best == NULL || date_cmp(&s->rec.when, &best->rec.when) < 0)
			best = s;
	}
	return best;
}

static int	window_next(struct store_reader *rd, struct herr *e);

int
store_read_next(struct store_reader *rd, struct record *r, struct herr *e)
{
	struct stream *best;
	int w;

	if (rd->cur != NULL && stream_advance(rd, rd->cur, e) == -1)
		return -1;
	rd->cur = NULL;
	/* store_fast_dates: a window read to its end, then the next. */
	while ((best = earliest(rd)) == NULL && rd->win != NULL)
		if ((w = window_next(rd, e)) <= 0)
			return w;
	if (best == NULL)
		return 0;
	rd->cur = best;
	*r = best->rec;
	return 1;
}

const char *
store_read_file(const struct store_reader *rd)
{
	return rd->cur != NULL ? rd->cur->log->path : NULL;
}

void
store_read_close(struct store_reader *rd)
{
	size_t i;

	if (rd == NULL)
		return;
	if (rd->dfd != -1)
		close(rd->dfd);
	for (i = 0; i < rd->ns; i++) {
		free(rd->s[i].buf);
		free(rd->s[i].idx);
	}
	free(rd->s);
	for (i = 0; i < rd->nlogs; i++) {
		close(rd->logs[i].fd);
		free(rd->logs[i].path);
		free(rd->logs[i].author);
	}
	free(rd->logs);
	free(rd->fast);
	free(rd->win);
	free(rd);
}

int
store_feed(struct store *st, const char *tool,
    int (*feed)(void *arg, const struct record *r, struct herr *e),
    void *arg, void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct herr *e)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	int n;

	q.tool = tool;
	q.warn = warn;
	q.warn_arg = warn_arg;
	if (store_read_open(&rd, st, &q, e) == -1)
		return -1;
	while ((n = store_read_next(rd, &r, e)) == 1)
		if (feed(arg, &r, e) == -1) {
			n = -1;
			break;
		}
	store_read_close(rd);
	return n == -1 ? -1 : 0;
}

/* ---- fast paths (storefast.h) ---- */

#define TAIL_FIRST	4096		/* the first block read backwards, */
#define TAIL_BLOCK	(64 * 1024)	/* doubling up to this */

/* Whether fast paths are off: HEARTH_SLOW, a test aid (gratitude.1). */
static int
fast_off(void)
{
	const char *p = getenv("HEARTH_SLOW");

	return p != NULL && *p != '\0';
}

/*
 * Open q's logs for a fast path: 1 with *rdp a reader without streams,
 * each log's runs in rd->fast; 0 (nothing open) when a log is not clean
 * or anything fails, so that the full read does it and says what.  With
 * bad_too, malformed lines are taken (the cache counts them): a log is
 * refused only for a torn tail or too many runs.
 */
static int
fast_open(struct store_reader **rdp, struct store *st,
    const struct store_query *q, int bad_too)
{
	struct store_reader *rd;
	struct fastlog *f;
	struct stat sb;
	struct herr e;
	size_t i;

	*rdp = NULL;
	if (fast_off() || q->needle != NULL || (rd = reader_new(q)) == NULL)
		return 0;
	if (reader_logs(rd, st, &e) != 1 ||
	    (rd->fast = calloc(rd->nlogs + 1, sizeof(*rd->fast))) == NULL)
		goto no;
	for (i = 0; i < rd->nlogs; i++) {
		f = &rd->fast[i];
		if (fstat(rd->logs[i].fd, &sb) == -1)
			goto no;
		runs_get(&f->ru, rd->logs[i].fd, &rd->logs[i], &sb, rd->kinds);
		if (f->ru.n == 0 || (f->ru.bad != 0 && !bad_too) ||
		    f->ru.scanned != sb.st_size || f->ru.size != sb.st_size)
			goto no;
		f->size = sb.st_size;
	}
	*rdp = rd;
	return 1;
no:
	store_read_close(rd);
	return 0;
}

/* Where run j of log i ends: the next run's start, or the log's size. */
static off_t
run_end(const struct fastlog *f, size_t j)
{
	return j + 1 < f->ru.n ? f->ru.off[j + 1] : f->size;
}

/*
 * The fewest bytes a record of author's log can take, LF included: the
 * shortest timestamp (YYYY-MM-DDTHH:MM:SSZ), the author, the shortest
 * kind with its TABs, the other fields empty.
 */
static size_t
record_min(const struct record_kind *kinds, const char *author)
{
	size_t k = SIZE_MAX, v;

	for (; kinds != NULL && kinds->kind != NULL; kinds++)
		if ((v = strlen(kinds->kind) + (size_t)kinds->nfields) < k)
			k = v;
	if (k == SIZE_MAX)
		k = 1;		/* any kind: one byte at the least */
	return 20 + 1 + strlen(author) + 1 + k + 1;
}

/*
 * The line of a clean log that holds byte off (size bytes), read into b:
 * *line and *len (no LF).  Every line of a clean log ends in LF and is
 * under RECORD_MAX bytes, so one read of RECORD_MAX - 1 bytes either
 * side finds it; -1 when it does not (a log changed under us).
 */
static int
line_around(int fd, off_t size, off_t off, char b[2 * RECORD_MAX],
    const char **line, size_t *len)
{
	off_t from = off >= RECORD_MAX - 1 ? off - (RECORD_MAX - 1) : 0;
	size_t want = (size_t)(size - from < 2 * RECORD_MAX - 1 ?
	    size - from : 2 * RECORD_MAX - 1), at = (size_t)(off - from);
	const char *s, *nl;

	if (io_pread_all(fd, b, want, from) != (ssize_t)want)
		return -1;
	s = at > 0 ? memrchr(b, '\n', at) : NULL;
	if (s == NULL && from > 0)
		return -1;
	s = s != NULL ? s + 1 : b;
	if ((nl = memchr(b + at, '\n', want - at)) == NULL)
		return -1;
	*line = s;
	*len = (size_t)(nl - s);
	return 0;
}

/*
 * One try of store_fast_pick at byte off of log i: 1 picked (into out),
 * 0 to try again, -1 to give up (the full read will pick).  A line is
 * kept with chance minlen / (its length with LF), which no record's
 * length is under: each record has the same chance, minlen / total.
 */
static int
pick_try(struct store_reader *rd, size_t i, off_t off, size_t minlen,
    store_want_fn want, void *arg, struct buf *out)
{
	char b[2 * RECORD_MAX];
	const char *line, *why;
	struct record r;
	size_t len;

	if (line_around(rd->logs[i].fd, rd->fast[i].size, off, b, &line,
	    &len) == -1)
		return -1;
	if (len == 0 || line[0] == '#')
		return 0;
	if (hrand_uniform((uint32_t)len + 1) >= minlen)
		return 0;
	if (len + 1 < minlen || record_read_line(&r, line, len, rd->kinds,
	    rd->logs[i].author, &why) != 1)
		return -1;	/* cannot be, in a clean log */
	if (!want(arg, &r))
		return 0;
	buf_reset(out);
	return buf_add(out, line, len) == -1 ? -1 : 1;
}

int
store_fast_pick(struct store *st, const struct store_query *q,
    store_want_fn want, void *arg, struct buf *out)
{
	struct store_reader *rd;
	uint64_t total = 0, u;
	size_t i, minlen = SIZE_MAX, m, tries;
	int r = 0;

	if (fast_open(&rd, st, q, 0) != 1)
		return 0;
	for (i = 0; i < rd->nlogs; i++) {
		total += (uint64_t)rd->fast[i].size;
		if ((m = record_min(rd->kinds, rd->logs[i].author)) < minlen)
			minlen = m;
	}
	for (tries = 0; r == 0 && total > 0 && tries < STORE_PICK_TRIES;
	    tries++) {
		u = hrand_uniform64(total);
		for (i = 0; u >= (uint64_t)rd->fast[i].size; i++)
			u -= (uint64_t)rd->fast[i].size;
		r = pick_try(rd, i, (off_t)u, minlen, want, arg, out);
	}
	store_read_close(rd);
	return r == 1;
}

/* store_fast_tail: a record kept, by where it is. */
struct tailref {
	struct hmoment	 when;
	size_t		 stream;	/* the reader's order: log, then run */
	size_t		 log;
	off_t		 off;
	size_t		 len;
};

/* The last records so far: a heap with the earliest on top. */
struct tail {
	struct tailref	*v;
	size_t		 n, max;
};

/* The full read's order: time, then stream, then place in the file. */
static int
tailcmp(const struct tailref *a, const struct tailref *b)
{
	int c = date_cmp(&a->when, &b->when);

	if (c != 0)
		return c;
	if (a->stream != b->stream)
		return a->stream < b->stream ? -1 : 1;
	return a->off < b->off ? -1 : a->off > b->off;
}

static int
tailcmp_v(const void *a, const void *b)
{
	return tailcmp(a, b);
}

/* Add ref, dropping the earliest once there are t->max. */
static void
tail_keep(struct tail *t, const struct tailref *ref)
{
	struct tailref tmp;
	size_t i, c;

	if (t->n < t->max) {
		for (i = t->n++; i > 0 && tailcmp(ref, &t->v[(i - 1) / 2]) < 0;
		    i = (i - 1) / 2)
			t->v[i] = t->v[(i - 1) / 2];
		t->v[i] = *ref;
		return;
	}
	t->v[0] = *ref;
	for (i = 0; (c = 2 * i + 1) < t->n; i = c) {
		if (c + 1 < t->n && tailcmp(&t->v[c + 1], &t->v[c]) < 0)
			c++;
		if (tailcmp(&t->v[c], &t->v[i]) >= 0)
			break;
		tmp = t->v[i];
		t->v[i] = t->v[c];
		t->v[c] = tmp;
	}
}

/*
 * One line of a run read backwards (ref has its place): 1 to go on, 0
 * when no earlier line of the run can be among the last, -1 when the
 * line is no record after all.
 */
static int
tail_line(struct store_reader *rd, struct tail *t, struct tailref *ref,
    const char *line, store_want_fn want, void *arg)
{
	const struct store_query *q = &rd->q;
	struct record r;
	const char *why;

	if (ref->len == 0 || line[0] == '#')
		return 1;
	if (line_time(line, ref->len, &ref->when) == -1)
		return -1;
	if ((t->n == t->max && tailcmp(ref, &t->v[0]) < 0) ||
	    (q->since != NULL && date_cmp(&ref->when, q->since) < 0))
		return 0;
	if (q->until != NULL && date_cmp(&ref->when, q->until) >= 0)
		return 1;
	if (record_trusted(&r, line, ref->len, rd->kinds,
	    rd->logs[ref->log].author, &why, &rd->memo) != 1)
		return -1;
	if (want(arg, &r))
		tail_keep(t, ref);
	return 1;
}

/*
 * Run j of log i, from its end backwards, a block at a time: each block
 * ends where the last one's earliest whole line began.  0 when done, -1
 * when a line is not as a clean log's must be.
 */
static int
tail_run(struct store_reader *rd, struct tail *t, size_t i, size_t j,
    size_t stream, char *b, store_want_fn want, void *arg)
{
	const struct fastlog *f = &rd->fast[i];
	off_t lo = f->ru.off[j], hi = run_end(f, j), from, blk = TAIL_FIRST;
	struct tailref ref = { { 0, 0 }, stream, i, 0, 0 };
	const char *ls, *nl, *last;
	int r;

	for (; hi > lo; blk = blk < TAIL_BLOCK ? blk * 2 : TAIL_BLOCK) {
		from = hi - lo > blk ? hi - blk : lo;
		if (io_pread_all(rd->logs[i].fd, b, (size_t)(hi - from),
		    from) != hi - from || b[hi - from - 1] != '\n')
			return -1;
		last = nl = b + (hi - from) - 1;	/* the last line's LF */
		for (;;) {
			ls = nl > b ? memrchr(b, '\n', (size_t)(nl - b)) : NULL;
			if (ls == NULL && from > lo)
				break;	/* it may begin in the block before */
			ls = ls != NULL ? ls + 1 : b;
			ref.off = from + (ls - b);
			ref.len = (size_t)(nl - ls);
			if ((r = tail_line(rd, t, &ref, ls, want, arg)) <= 0)
				return r;
			if (ls == b)
				return 0;	/* the run's first line */
			nl = ls - 1;
		}
		if (nl != last)
			hi = from + (nl - b) + 1;
		else if (blk >= TAIL_BLOCK)
			return -1;	/* a line longer than a block */
	}
	return 0;
}

/* Read back every run, then hand the records kept to emit in order. */
static int
tail_emit(struct store_reader *rd, struct tail *t,
    int (*emit)(void *arg, const struct record *r, struct herr *e),
    void *arg, struct herr *e)
{
	char b[RECORD_MAX];
	const struct tailref *ref;
	const char *why;
	struct record r;
	size_t i;

	qsort(t->v, t->n, sizeof(*t->v), tailcmp_v);
	for (i = 0; i < t->n; i++) {
		ref = &t->v[i];
		if (io_pread_all(rd->logs[ref->log].fd, b, ref->len, ref->off) !=
		    (ssize_t)ref->len)
			return herr_errno(e, HX_IOERR, errno ? errno : EIO, "%s",
			    rd->logs[ref->log].path);
		if (record_read_line(&r, b, ref->len, rd->kinds,
		    rd->logs[ref->log].author, &why) != 1)
			return herr_set(e, HX_TEMPFAIL, "%s: changed while it "
			    "was read; try again", rd->logs[ref->log].path);
		if (emit(arg, &r, e) == -1)
			return -1;
	}
	return 0;
}

int
store_fast_tail(struct store *st, const struct store_query *q, size_t n,
    store_want_fn want,
    int (*emit)(void *arg, const struct record *r, struct herr *e),
    void *arg, struct herr *e)
{
	struct store_reader *rd;
	struct tail t = { NULL, 0, n };
	size_t i, j, stream = 0;
	char *b = NULL;
	int r = 0;

	if (n == 0 || n > STORE_TAIL_MAX || fast_open(&rd, st, q, 0) != 1)
		return 0;
	if ((t.v = reallocarray(NULL, n, sizeof(*t.v))) == NULL ||
	    (b = malloc(TAIL_BLOCK)) == NULL)
		goto out;
	for (i = 0; i < rd->nlogs; i++)
		for (j = 0; j < rd->fast[i].ru.n; j++)
			if (tail_run(rd, &t, i, j, stream++, b, want, arg) == -1)
				goto out;
	r = tail_emit(rd, &t, emit, arg, e) == -1 ? -1 : 1;
out:
	free(b);
	free(t.v);
	store_read_close(rd);
	return r;
}

/* store_fast_days: the day being counted, of one author. */
struct daycount {
	void	(*count)(void *arg, const char *author, const char *day,
		    size_t n);
	void	 *arg;
	const char *author;
	char	 day[10];
	size_t	 n;
};

static void
day_flush(struct daycount *dc)
{
	if (dc->n > 0)
		dc->count(dc->arg, dc->author, dc->day, dc->n);
	dc->n = 0;
}

/* Count run j of log i from since: the date text of each record. */
static int
days_run(struct store_reader *rd, size_t i, size_t j, struct daycount *dc)
{
	const struct hmoment *since = rd->q.since;
	const struct fastlog *f = &rd->fast[i];
	struct linereader lr;
	struct hmoment m;
	const char *line;
	off_t lo = f->ru.off[j], hi = run_end(f, j);
	size_t len;
	int n, before = since != NULL;

	if (since != NULL)
		lo = seek_since(rd->logs[i].fd, lo, hi, since, 4096, NULL,
		    NULL);
	linereader_init(&lr, rd->logs[i].fd, lo, hi);
	while ((n = linereader_next(&lr, &line, &len)) == 1) {
		if (len < 10 || line[0] == '#')
			continue;
		/* A run is in time order: past since once, past it for good. */
		if (before) {
			if (line_time(line, len, &m) == 0 &&
			    date_cmp(&m, since) < 0)
				continue;
			before = 0;
		}
		if (dc->n > 0 && memcmp(line, dc->day, 10) == 0) {
			dc->n++;
			continue;
		}
		day_flush(dc);
		memcpy(dc->day, line, 10);
		dc->n = 1;
	}
	linereader_free(&lr);
	return n == 0 ? 0 : -1;
}

int
store_fast_days(struct store *st, const struct store_query *q,
    void (*count)(void *arg, const char *author, const char *day, size_t n),
    void *arg, struct herr *e)
{
	struct store_reader *rd;
	struct daycount dc = { count, arg, NULL, { 0 }, 0 };
	size_t i, j;
	int r = 1;

	if (q->until != NULL || fast_open(&rd, st, q, 0) != 1)
		return 0;
	for (i = 0; r == 1 && i < rd->nlogs; i++) {
		dc.author = rd->logs[i].author;
		for (j = 0; j < rd->fast[i].ru.n; j++)
			if (days_run(rd, i, j, &dc) == -1) {
				r = herr_errno(e, HX_IOERR, errno, "%s",
				    rd->logs[i].path);
				break;
			}
		day_flush(&dc);
	}
	store_read_close(rd);
	return r;
}

/* ---- store_fast_dates ---- */

/* Whether s is a date YYYY-MM-DD that can be (and nothing after). */
static int
date_text_ok(const char *s)
{
	int64_t y;
	int i, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	if (s[10] != '\0')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_days_in_month(y, (unsigned)m);
}

/* The time of the first record of [lo, hi) of fd, or -1 when none. */
static int
first_time(int fd, off_t lo, off_t hi, struct hmoment *m)
{
	char b[RECORD_MAX];
	const char *nl;
	ssize_t n;

	while (lo < hi) {
		n = io_pread_all(fd, b, (size_t)(hi - lo < RECORD_MAX ?
		    hi - lo : RECORD_MAX), lo);
		if (n <= 0 || (nl = memchr(b, '\n', (size_t)n)) == NULL)
			return -1;
		if (b[0] != '#')
			return line_time(b, (size_t)(nl - b), m);
		lo += nl - b + 1;
	}
	return -1;
}

/*
 * Seek every stream to the next window of dates that can hold a record:
 * 1, 0 when none is left, -1 on a read error (e set).  A record written
 * on day D (00:00 UTC of it, in seconds) with an offset o has a time in
 * [D - o, D + 1 day - o); the logs' offsets are in [omin, omax] (the run
 * cache notes them), so the records dated D1..D2 lie in [D1 - omax,
 * D2 + 1 day - omin): a window starts there, and ends at a line of that
 * time or later, or dated so late (stop) that its time must be.  Dates
 * less than three days apart share a window.
 */
static int
window_next(struct store_reader *rd, struct herr *e)
{
	struct datewin *w = rd->win;
	struct stream *s;
	int64_t d0, d1;
	size_t i;

	while (w->next < w->n) {
		w->lo = w->next;
		d0 = d1 = text_days(w->dates[w->lo]);
		for (w->hi = w->lo + 1; w->hi < w->n &&
		    text_days(w->dates[w->hi]) - d1 < 3; w->hi++)
			d1 = text_days(w->dates[w->hi]);
		w->next = w->hi;
		w->since.sec = d0 * 86400 - w->omax;
		w->since.usec = 0;
		w->end = (d1 + 1) * 86400 - w->omin;
		/* D' - omax >= end once D' >= D2 + 1 + (omax - omin) / day. */
		date_day_text(d1 + 1 + (w->omax - w->omin + 86399) / 86400,
		    w->stop);
		for (i = 0; i < rd->ns; i++) {
			s = &rd->s[i];
			s->boff = seek_since(s->log->fd, s->start, s->stop,
			    &w->since, 4096, s->has_t0 ? &s->t0 : NULL,
			    s->has_t1 ? &s->t1 : NULL);
			s->pos = s->end = 0;
			s->eof = s->done = s->midline = s->has = 0;
			s->prev.sec = INT64_MIN;
			s->fill = FAST_FILL;
			if (stream_advance(rd, s, e) == -1)
				return -1;
		}
		return 1;
	}
	return 0;
}

/*
 * The first of the dates whose window can hold a record: a window of
 * day D ends at D + 1 day - omin (window_next), so none before the day
 * of the earliest record's time plus omin can.
 */
static size_t
dates_skip(const struct datewin *w)
{
	char day[11];
	size_t lo = 0, hi = w->n, mid;
	int64_t t = w->first.sec + w->omin;

	if (w->first.sec == INT64_MAX)
		return w->n;	/* no record at all */
	date_day_text((t >= 0 ? t : t - 86399) / 86400, day);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strncmp(w->dates[mid], day, 10) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A stream for each run of each log, and the earliest record's time. */
static int
dates_streams(struct store_reader *rd)
{
	const struct fastlog *f;
	struct stream *s;
	size_t i, j;

	rd->win->first.sec = INT64_MAX;
	rd->win->omin = 86399;
	rd->win->omax = -86399;
	for (i = 0; i < rd->nlogs; i++) {
		f = &rd->fast[i];
		if (f->ru.have_last && f->ru.omin < rd->win->omin)
			rd->win->omin = f->ru.omin;
		if (f->ru.have_last && f->ru.omax > rd->win->omax)
			rd->win->omax = f->ru.omax;
		for (j = 0; j < f->ru.n; j++) {
			if (add_stream(rd, i, j, f->ru.off[j], run_end(f, j),
			    1) == -1)
				return -1;
			s = &rd->s[rd->ns - 1];
			s->start = f->ru.off[j];
			/* The last run ends with the log's last time. */
			s->t1 = f->ru.last;
			s->has_t1 = j + 1 == f->ru.n && f->ru.have_last;
			if (first_time(rd->logs[i].fd, f->ru.off[j],
			    run_end(f, j), &s->t0) == -1)
				continue;
			s->has_t0 = 1;
			if (date_cmp(&s->t0, &rd->win->first) < 0)
				rd->win->first = s->t0;
		}
	}
	if (rd->win->omin > rd->win->omax) {
		rd->win->omin = -86399;	/* no record: any offset */
		rd->win->omax = 86399;
	}
	/* A window's reads are at most FAST_FILL_MAX (stream_fill). */
	return stream_buffers(rd, 2 * FAST_FILL_MAX);
}

int
store_fast_dates(struct store_reader **rdp, struct store *st,
    const struct store_query *q, const char (*dates)[11], size_t n)
{
	struct store_reader *rd;
	struct store_query qq = *q;
	size_t i;

	*rdp = NULL;
	qq.since = qq.until = NULL;
	if (fast_open(&rd, st, &qq, 0) != 1)
		return 0;
	if ((rd->win = calloc(1, sizeof(*rd->win))) == NULL ||
	    dates_streams(rd) == -1) {
		store_read_close(rd);
		return 0;
	}
	rd->win->dates = dates;
	rd->win->n = n;
	rd->win->next = dates_skip(rd->win);
	/* Those before the earliest record are never looked at. */
	for (i = rd->win->next; i < n; i++)
		if (!date_text_ok(dates[i]) || (i > rd->win->next &&
		    strcmp(dates[i - 1], dates[i]) >= 0)) {
			store_read_close(rd);
			return 0;
		}
	rd->q.since = &rd->win->since;
	*rdp = rd;
	return 1;
}

/* ---- store_fast_counts ---- */

int
store_fast_counts(struct store *st, const struct store_query *q,
    void (*count)(void *arg, const struct store_logcount *c), void *arg)
{
	struct store_reader *rd;
	struct store_logcount c;
	const struct runs *ru;
	size_t i;

	if (q->since != NULL || q->until != NULL ||
	    fast_open(&rd, st, q, 1) != 1)
		return 0;
	for (i = 0; i < rd->nlogs; i++) {
		ru = &rd->fast[i].ru;
		memset(&c, 0, sizeof(c));
		c.author = rd->logs[i].author;
		c.records = (size_t)ru->nrec;
		c.malformed = (size_t)ru->bad;
		if (ru->nrec > 0) {
			c.latest = ru->late;
			snprintf(c.latest_day, sizeof(c.latest_day),
			    "%04ld-%02ld-%02ld", ru->lateday / 10000,
			    ru->lateday / 100 % 100, ru->lateday % 100);
		}
		count(arg, &c);
	}
	store_read_close(rd);
	return 1;
}
