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

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "herr.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"
#include "storeint.h"
#include "text.h"

#define RUNS_MAX	128
#define STREAM_BUF_MAX	(256 * 1024)
#define STREAM_BUF_MIN	(8 * 1024)	/* two records at the least */
#define STREAMS_MEMORY	(1024 * 1024)	/* shared by all streams */
#define BSEARCH_STOP	(64 * 1024)
#define TAILHASH_LEN	64

struct runs {
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
cache_load(struct runs *ru, const char *log, const struct stat *sb)
{
	char path[PATH_MAX], b[RUNS_MAX * 24 + 256], *p, *end;
	long long v[12];
	ssize_t n;
	size_t i;
	int fd;

	if (cache_path(path, sizeof(path), log, 0) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	n = io_pread_all(fd, b, sizeof(b) - 1, 0);
	close(fd);
	if (n <= 0)
		return -1;
	b[n] = '\0';
	if (strncmp(b, "hearth-runs 3", 13) != 0)
		return -1;
	p = b + 13;
	for (i = 0; i < 12; i++) {
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
	if (v[11] != 0 || ru->n > RUNS_MAX || ru->size < 0 || ru->scanned < 0 ||
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
cache_save(const struct runs *ru, const char *log, const struct stat *sb)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32], b[RUNS_MAX * 24 + 256];
	size_t i, len;
	int fd;

	if (cache_path(path, sizeof(path), log, 1) == -1)
		return;
	len = (size_t)snprintf(b, sizeof(b),
	    "hearth-runs 3 %lld %lld %lld %lld %lld %lld %lld %d %d %zu "
	    "%lld 0\n", (long long)sb->st_dev, (long long)sb->st_ino,
	    (long long)ru->size, (long long)ru->mtime_ns,
	    (long long)ru->scanned, (long long)ru->tailhash,
	    (long long)ru->last.sec, (int)ru->last.usec, ru->have_last,
	    ru->n, (long long)ru->ctime_ns);
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

/* Scan fd from ru->scanned to size, extending ru. */
static int
runs_scan(struct runs *ru, int fd, off_t size)
{
	char *buf, *p, *end, *nl;
	off_t boff = ru->scanned;
	size_t have = 0, cap = STREAM_BUF_MAX;
	struct hmoment m;
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
			if (!midline && line_time(p, (size_t)(nl - p), &m) == 0) {
				if (ru->have_last && ru->n > 0 &&
				    date_cmp(&m, &ru->last) < 0) {
					if (ru->n == RUNS_MAX)
						ru->n = 0;	/* give up */
					else
						ru->off[ru->n++] =
						    boff + (p - buf);
				}
				ru->last = m;
				ru->have_last = 1;
			}
			midline = 0;
			p = nl + 1;
			ru->scanned = boff + (p - buf);
		}
		if (p == buf && have == cap) {
			/* A line longer than the buffer: skip it. */
			midline = 1;
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
runs_get(struct runs *ru, int fd, const char *log, const struct stat *sb)
{
	int64_t mt = (int64_t)sb->st_mtim.tv_sec * 1000000000 +
	    sb->st_mtim.tv_nsec;
	int64_t ct = (int64_t)sb->st_ctim.tv_sec * 1000000000 +
	    sb->st_ctim.tv_nsec;
	uint64_t h;
	int ok, gave_up;

	ok = cache_load(ru, log, sb) == 0;
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
	(void)runs_scan(ru, fd, sb->st_size);
	ru->size = sb->st_size;
	ru->mtime_ns = mt;
	ru->ctime_ns = ct;
	if (ru->n == 0 || tail_hash(fd, ru->scanned, &ru->tailhash) == 0)
		cache_save(ru, log, sb);
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

/* Parse the next record that passes the query into s->rec. */
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
		r = record_read_line(&s->rec, line, len, rd->kinds,
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

/* The first line start in [lo, hi) after a binary search for since. */
static off_t
seek_since(int fd, off_t lo, off_t hi, const struct hmoment *since)
{
	char b[4096], *nl;
	struct hmoment m;
	off_t mid, s;
	ssize_t n;

	while (hi - lo > BSEARCH_STOP) {
		mid = lo + (hi - lo) / 2;
		n = io_pread_all(fd, b, sizeof(b), mid - 1);
		if (n <= 0 || (nl = memchr(b, '\n', (size_t)n)) == NULL)
			break;
		s = mid + (nl - b);
		if (s >= hi)
			break;
		n = io_pread_all(fd, b, 48, s);
		if (n <= 0 || line_time(b, (size_t)n, &m) == -1)
			break;
		if (date_cmp(&m, since) < 0)
			lo = s;
		else
			hi = s;
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
	runs_get(&ru, l->fd, l->path, &sb);
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
			    stop == -1 ? ru.scanned : stop, rd->q.since);
		if (add_stream(rd, i, j, start, stop, 1) == -1)
			return herr_errno(e, HX_IOERR, errno, "memory");
	}
	return 0;
}

/* The streams' buffers: STREAMS_MEMORY shared, within the bounds. */
static int
stream_buffers(struct store_reader *rd)
{
	size_t i, bufsz;

	bufsz = rd->ns ? STREAMS_MEMORY / rd->ns : STREAM_BUF_MAX;
	if (bufsz > STREAM_BUF_MAX)
		bufsz = STREAM_BUF_MAX;
	if (bufsz < STREAM_BUF_MIN)
		bufsz = STREAM_BUF_MIN;
	for (i = 0; i < rd->ns; i++) {
		if ((rd->s[i].buf = malloc(bufsz)) == NULL)
			return -1;
		rd->s[i].cap = bufsz;
	}
	return 0;
}

int
store_read_open(struct store_reader **rdp, struct store *st,
    const struct store_query *q, struct herr *e)
{
	struct store_reader *rd;
	char **authors = NULL, *one[2];
	size_t i;
	int dfd = -1;

	*rdp = NULL;
	if ((rd = calloc(1, sizeof(*rd))) == NULL)
		return herr_errno(e, HX_IOERR, errno, "memory");
	rd->q = *q;
	rd->kinds = registry_kinds(q->tool);
	rd->dfd = -1;
	if (q->author != NULL) {
		one[0] = (char *)q->author;
		one[1] = NULL;
	} else if (store_authors(st, q->tool, &authors, e) == -1)
		goto fail;
	if ((dfd = store_tooldir(st, q->tool, 0, e)) == -1) {
		if (e->code != HX_NOINPUT)
			goto fail;
		*rdp = rd;	/* nothing written yet */
		store_authors_free(authors);
		return 0;
	}
	if (q->author != NULL) {
		char name[NAME_MAX + 1];

		/* A missing log is empty; a symlink is left to open_logs. */
		snprintf(name, sizeof(name), "%s.log", q->author);
		if (faccessat(dfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == -1 &&
		    errno == ENOENT)
			one[0] = NULL;
	}
	if (open_logs(rd, st, dfd, authors ? authors : one, e) == -1)
		goto fail;
	for (i = 0; i < rd->nlogs; i++)
		if (log_streams(rd, i, e) == -1)
			goto fail;
	if (stream_buffers(rd) == -1) {
		herr_errno(e, HX_IOERR, errno, "memory");
		goto fail;
	}
	rd->dfd = dfd;
	dfd = -1;
	for (i = 0; i < rd->ns; i++)
		if (stream_advance(rd, &rd->s[i], e) == -1)
			goto fail;
	store_authors_free(authors);
	*rdp = rd;
	return 0;
fail:
	if (dfd != -1)
		close(dfd);
	store_authors_free(authors);
	store_read_close(rd);
	return -1;
}

int
store_read_next(struct store_reader *rd, struct record *r, struct herr *e)
{
	struct stream *best = NULL, *s;
	size_t i;

	if (rd->cur != NULL && stream_advance(rd, rd->cur, e) == -1)
		return -1;
	rd->cur = NULL;
	for (i = 0; i < rd->ns; i++) {
		s = &rd->s[i];
		if (!s->has)
			continue;
		if (best == NULL || date_cmp(&s->rec.when, &best->rec.when) < 0)
			best = s;	/* ties keep the earlier stream */
	}
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
