/*
 * store: the append, rewrite and read protocols (see store.h for the
 * rules; RELIABILITY.md for the measurements behind them).
 *
 * Every file is reached through a directory descriptor: the root is
 * opened once, a tool's directory relative to it with O_NOFOLLOW, and
 * files relative to that, again with O_NOFOLLOW, then checked with
 * fstat(2).  A symlink anywhere below the root is refused, so a partner's
 * commit cannot point a log at another file.
 *
 * Writers hold an exclusive flock(2) on <tool>/.lock, a file that is never
 * renamed, for the whole of an append or a rewrite, and open the log only
 * once the lock is held: a log renamed over by a rewrite is then never
 * written through a stale descriptor.  Store files are written with
 * write(2) alone, never stdio, and every result is checked.
 *
 * The reader is in storeread.c.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "store.h"
#include "storeint.h"

#define LOCK_TIMEOUT_DEFAULT	10.0	/* seconds */

/* fsync the directory that holds path, so a new entry in it is durable. */
static int
fsync_parent(const char *path)
{
	char dir[PATH_MAX], *slash;
	int fd, r;

	strlcpy(dir, path, sizeof(dir));
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* mkdir -p with mode 0700 for every directory it makes, each durable. */
static int
mkdirs(const char *path, struct herr *e)
{
	char tmp[PATH_MAX], *p;

	if (strlcpy(tmp, path, sizeof(tmp)) >= sizeof(tmp))
		return herr_errno(e, HX_CANTCREAT, ENAMETOOLONG, "%s", path);
	for (p = tmp + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(tmp, 0700) == 0) {
				if (fsync_parent(tmp) == -1)
					return herr_errno(e, HX_IOERR, errno,
					    "%s", tmp);
			} else if (errno != EEXIST)
				return herr_errno(e, herr_code_for(errno),
				    errno, "cannot create %s", tmp);
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	return 0;
}

int
store_check_fd(int fd, int want_dir, const char *path, struct herr *e)
{
	struct stat sb;

	if (fstat(fd, &sb) == -1)
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	if (want_dir ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode))
		return herr_set(e, HX_DATAERR, "%s is not a %s; refusing it",
		    path, want_dir ? "directory" : "regular file");
	if (sb.st_uid != geteuid())
		return herr_set(e, HX_DATAERR,
		    "%s is owned by another user; refusing it", path);
	return 0;
}

/* Explain a failed O_NOFOLLOW open. */
static int
open_error(int errnum, const char *path, int code, struct herr *e)
{
	if (errnum == ELOOP || errnum == ENOTDIR)
		return herr_set(e, HX_DATAERR,
		    "%s is a symbolic link or not a %s; refusing it", path,
		    errnum == ENOTDIR ? "directory" : "regular file");
	return herr_errno(e, code ? code : herr_code_for(errnum), errnum,
	    "%s", path);
}

/*
 * The store root is a symbolic link: refused like every other link in
 * the store, with the target to use instead.
 */
static int
link_refused(const char *path, struct herr *e)
{
	char target[PATH_MAX];

	if (realpath(path, target) == NULL)
		return herr_set(e, HX_CONFIG, "store %s is a symbolic link; "
		    "refusing it", path);
	return herr_set(e, HX_CONFIG, "store %s is a symbolic link; refusing "
	    "it (set HEARTH_DIR to its target, %s)", path, target);
}

int
store_open(struct store *st, const char *path, int create, struct herr *e)
{
	struct stat sb;

	st->dirfd = -1;
	if (path == NULL) {
		if (paths_store(st->path, sizeof(st->path), e) == -1)
			return -1;
	} else if (strlcpy(st->path, path, sizeof(st->path)) >=
	    sizeof(st->path))
		return herr_errno(e, HX_USAGE, ENAMETOOLONG, "%s", path);
	if (create && mkdirs(st->path, e) == -1)
		return -1;
	st->dirfd = open(st->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (st->dirfd == -1) {
		if (errno == ENOENT)
			return herr_set(e, HX_NOINPUT,
			    "no store at %s yet", st->path);
		if ((errno == ELOOP || errno == ENOTDIR) &&
		    lstat(st->path, &sb) == 0 && S_ISLNK(sb.st_mode))
			return link_refused(st->path, e);
		return herr_errno(e, herr_code_for(errno), errno, "%s",
		    st->path);
	}
	if (fstat(st->dirfd, &sb) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", st->path);
		goto fail;
	}
	if (sb.st_uid != geteuid()) {
		herr_set(e, HX_CONFIG, "store %s is owned by another user",
		    st->path);
		goto fail;
	}
	if ((sb.st_mode & 077) != 0) {
		herr_set(e, HX_CONFIG, "store %s is readable by others; "
		    "run chmod 700 %s", st->path, st->path);
		goto fail;
	}
	return 0;
fail:
	close(st->dirfd);
	st->dirfd = -1;
	return -1;
}

void
store_close(struct store *st)
{
	if (st->dirfd != -1)
		close(st->dirfd);
	st->dirfd = -1;
}

void
store_file_path(const struct store *st, const char *tool, const char *name,
    char *buf, size_t len)
{
	if (name == NULL)
		snprintf(buf, len, "%s/%s", st->path, tool);
	else
		snprintf(buf, len, "%s/%s/%s", st->path, tool, name);
}

int
store_tooldir(struct store *st, const char *tool, int create, struct herr *e)
{
	char path[PATH_MAX];
	int fd;

	store_file_path(st, tool, NULL, path, sizeof(path));
	for (;;) {
		fd = openat(st->dirfd, tool,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd != -1)
			break;
		if (errno != ENOENT || !create)
			return open_error(errno, path, 0, e);
		if (mkdirat(st->dirfd, tool, 0700) == 0) {
			/* The new directory's entry must survive a crash. */
			if (fsync(st->dirfd) == -1)
				return herr_errno(e, HX_IOERR, errno, "%s",
				    st->path);
		} else if (errno != EEXIST)
			return herr_errno(e, herr_code_for(errno), errno,
			    "cannot create %s", path);
	}
	if (store_check_fd(fd, 1, path, e) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
store_openat(int dfd, const char *name, int flags, const char *path,
    struct herr *e)
{
	int fd;

	/* O_NONBLOCK: a FIFO put in the store must not hang the open. */
	fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
	    0600);
	if (fd == -1)
		return open_error(errno, path, 0, e);
	if (store_check_fd(fd, 0, path, e) == -1) {
		close(fd);
		return -1;
	}
	if (fcntl(fd, F_SETFL, flags & O_APPEND) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * HEARTH_LOCK_TIMEOUT in seconds, or the default; -1 when it is not a
 * finite number from 0 to a day (nan, inf, -1, 1e999 would wait forever
 * or not at all, so cron could hang).
 */
static double
lock_timeout(void)
{
	const char *s;
	char *end;
	double t;

	if ((s = getenv("HEARTH_LOCK_TIMEOUT")) == NULL || *s == '\0')
		return LOCK_TIMEOUT_DEFAULT;
	errno = 0;
	t = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(t) || !(t >= 0) ||
	    t > 86400)
		return -1;
	return t;
}

/*
 * Waiting for the lock.  A blocking flock(2) is woken the moment the
 * holder lets go, where LOCK_NB and a sleep left the lock idle for up to
 * the length of the sleep: under eight writers that backoff lost most of
 * the throughput a blocking flock keeps (tests/bench/lock.sh).  The wait
 * is bounded by a timer: SIGALRM, with a handler that does nothing,
 * installed without SA_RESTART, makes flock return EINTR at the
 * deadline.  The timer goes off again every LOCK_TICK after it, so a
 * signal that lands between the check of the clock and the flock call
 * (it would be lost, and the flock wait for ever) is followed by
 * another.  The caller's SIGALRM action and mask are put back, and the
 * timer deleted, before the function returns.
 */
#define LOCK_TICK_NS	10000000	/* 10 ms */

struct lockwait {
	timer_t			timer;
	struct sigaction	old;
	sigset_t		oldmask;	/* when SIGALRM was blocked */
	int			blocked;
};

static void
lock_alarm(int sig)
{
	(void)sig;	/* only to interrupt flock */
}

static struct timespec
lock_ts(double sec)
{
	struct timespec ts;

	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)((sec - (double)ts.tv_sec) * 1e9);
	if (ts.tv_sec == 0 && ts.tv_nsec == 0)
		ts.tv_nsec = 1;	/* 0 would disarm the timer */
	return ts;
}

/*
 * Delete the timer first: no SIGALRM of ours comes after the handler
 * goes.  The lock is held by then, so the mask is set back only when it
 * was changed (hardly ever): two system calls, not three.
 */
static void
lock_wait_end(struct lockwait *w)
{
	int saved = errno;

	timer_delete(w->timer);
	sigaction(SIGALRM, &w->old, NULL);
	if (w->blocked)
		sigprocmask(SIG_SETMASK, &w->oldmask, NULL);
	errno = saved;
}

/* Arm the timer to go off in sec seconds, then every LOCK_TICK_NS. */
static int
lock_wait_start(struct lockwait *w, double sec)
{
	struct sigevent ev;
	struct sigaction sa;
	struct itimerspec its;
	sigset_t alrm;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lock_alarm;	/* no SA_RESTART: flock gets EINTR */
	sigemptyset(&sa.sa_mask);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGALRM;
	if (timer_create(CLOCK_MONOTONIC, &ev, &w->timer) == -1)
		return -1;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigaction(SIGALRM, &sa, &w->old);
	sigprocmask(SIG_UNBLOCK, &alrm, &w->oldmask);
	w->blocked = sigismember(&w->oldmask, SIGALRM) == 1;
	its.it_value = lock_ts(sec);
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = LOCK_TICK_NS;
	if (timer_settime(w->timer, 0, &its, NULL) == -1) {
		lock_wait_end(w);
		return -1;
	}
	return 0;
}

static double
lock_elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/*
 * Wait for the exclusive flock of fd at most limit seconds: 0 when held,
 * 1 when the time ran out, -1 on another error (errno set).
 */
static int
lock_wait(int fd, double limit)
{
	struct timespec start;
	struct lockwait w;
	int r;

	while ((r = flock(fd, LOCK_EX | LOCK_NB)) == -1 && errno == EINTR)
		;
	if (r == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return -1;
	if (limit <= 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (lock_wait_start(&w, limit) == -1)
		return -1;
	for (;;) {
		if ((r = flock(fd, LOCK_EX)) == 0)
			break;
		if (errno != EINTR)
			break;
		/* The timer, or another signal: is the time up? */
		if (lock_elapsed(&start) >= limit) {
			r = 1;
			break;
		}
	}
	lock_wait_end(&w);
	return r;
}

/* Lock tool's directory (dfd), waiting at most HEARTH_LOCK_TIMEOUT. */
int
store_lock_dir(struct store *st, int dfd, const char *tool, struct herr *e)
{
	char path[PATH_MAX];
	double limit;
	int fd, r;

	store_file_path(st, tool, ".lock", path, sizeof(path));
	if ((fd = store_openat(dfd, ".lock", O_RDWR | O_CREAT, path, e)) == -1)
		return -1;
	if ((limit = lock_timeout()) < 0) {
		close(fd);
		return herr_set(e, HX_CONFIG, "bad HEARTH_LOCK_TIMEOUT '%s' "
		    "(use a number of seconds from 0 to 86400)",
		    getenv("HEARTH_LOCK_TIMEOUT"));
	}
	if ((r = lock_wait(fd, limit)) == 0)
		return fd;
	if (r == 1)
		herr_set(e, HX_TEMPFAIL, "%s is held by another process; try "
		    "again", path);
	else
		herr_errno(e, HX_IOERR, errno, "cannot lock %s", path);
	close(fd);
	return -1;
}

void
store_unlock(int lockfd)
{
	if (lockfd != -1)
		close(lockfd);	/* closing drops the flock */
}

/*
 * If the log (fd, size *size) does not end in LF, append its unterminated
 * tail to <name>.torn (fsynced), then cut it off the log.  The tail is
 * copied before it is cut, so a crash in between leaves it in both places
 * rather than in neither.  *moved is the tail's length (0: none).
 */
static int
move_tail(int dfd, int fd, const char *name, const char *path, off_t *size,
    size_t *moved, struct herr *e)
{
	char blk[4096], tname[NAME_MAX + 1], tpath[PATH_MAX + 8];
	off_t cut, off;
	ssize_t n;
	char *nl;
	int tfd;

	*moved = 0;
	if (*size == 0)
		return 0;
	if (io_pread_all(fd, blk, 1, *size - 1) != 1)
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	if (blk[0] == '\n')
		return 0;
	/* Find the last LF, reading backwards a block at a time. */
	cut = 0;
	for (off = *size; off > 0; off -= n) {
		n = off < (off_t)sizeof(blk) ? (ssize_t)off :
		    (ssize_t)sizeof(blk);
		if (io_pread_all(fd, blk, (size_t)n, off - n) != n)
			return herr_errno(e, HX_IOERR, errno, "%s", path);
		if ((nl = memrchr(blk, '\n', (size_t)n)) != NULL) {
			cut = off - n + (nl - blk) + 1;
			break;
		}
	}
	snprintf(tname, sizeof(tname), "%s.torn", name);
	snprintf(tpath, sizeof(tpath), "%s.torn", path);
	tfd = store_openat(dfd, tname, O_WRONLY | O_APPEND | O_CREAT, tpath, e);
	if (tfd == -1)
		return -1;
	for (off = cut; off < *size; off += n) {
		n = *size - off < (off_t)sizeof(blk) ? (ssize_t)(*size - off) :
		    (ssize_t)sizeof(blk);
		if (io_pread_all(fd, blk, (size_t)n, off) != n ||
		    io_write_all(tfd, blk, (size_t)n) == -1)
			goto fail;
	}
	if (io_write_all(tfd, "\n", 1) == -1 || fsync(tfd) == -1)
		goto fail;
	close(tfd);
	/* The .torn file may be new: its entry must be on disk first. */
	if (fsync(dfd) == -1)
		return herr_errno(e, HX_IOERR, errno, "%s", tpath);
	if (ftruncate(fd, cut) == -1 || fdatasync(fd) == -1)
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	*moved = (size_t)(*size - cut);
	*size = cut;
	return 0;
fail:
	herr_errno(e, herr_code_for(errno), errno, "%s", tpath);
	close(tfd);
	return -1;
}

static void
tail_warning(struct herr *warn, const char *path, size_t moved)
{
	if (warn == NULL)
		return;
	if (moved == 0) {
		warn->code = 0;
		warn->msg[0] = '\0';
		return;
	}
	herr_set(warn, 0, "%s: moved an unterminated last line (%zu bytes) "
	    "to %s.torn", path, moved, path);
}

/* A log opened for writing, under its tool's lock. */
struct wlog {
	int	dfd, lfd, fd;
	off_t	size;		/* after any torn tail was moved aside */
	size_t	moved;		/* the length of that tail */
	char	name[NAME_MAX + 1];
	char	path[PATH_MAX];
};

static void
wlog_close(struct wlog *w)
{
	if (w->fd != -1)
		close(w->fd);	/* data already synced: nothing to report */
	store_unlock(w->lfd);
	if (w->dfd != -1)
		close(w->dfd);
}

/*
 * Take the lock of tool, open <author>.log with flags, and move an
 * unterminated tail aside (saying so in warn).  Everything a writer does
 * starts here, so no writer ever touches a log without the lock.
 */
static int
wlog_open(struct wlog *w, struct store *st, const char *tool,
    const char *author, int flags, struct herr *warn, struct herr *e)
{
	struct stat sb;

	w->dfd = w->lfd = w->fd = -1;
	tail_warning(warn, NULL, 0);
	snprintf(w->name, sizeof(w->name), "%s.log", author);
	store_file_path(st, tool, w->name, w->path, sizeof(w->path));
	if ((w->dfd = store_tooldir(st, tool, flags & O_CREAT, e)) == -1)
		return -1;
	if ((w->lfd = store_lock_dir(st, w->dfd, tool, e)) == -1)
		goto fail;
	if ((w->fd = store_openat(w->dfd, w->name, flags, w->path, e)) == -1)
		goto fail;
	if (fstat(w->fd, &sb) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", w->path);
		goto fail;
	}
	w->size = sb.st_size;
	if (move_tail(w->dfd, w->fd, w->name, w->path, &w->size, &w->moved,
	    e) == -1)
		goto fail;
	tail_warning(warn, w->path, w->moved);
	return 0;
fail:
	wlog_close(w);
	return -1;
}

/* The time of the last record of w's log, when it has a readable one. */
static int
last_time(struct wlog *w, struct hmoment *m)
{
	char b[RECORD_MAX + 1], *start, *tab;
	off_t from;
	ssize_t n;

	if (w->size == 0)
		return -1;
	from = w->size > RECORD_MAX ? w->size - RECORD_MAX : 0;
	n = io_pread_all(w->fd, b, (size_t)(w->size - from), from);
	if (n <= 1)
		return -1;
	b[n - 1] = '\0';	/* the last LF */
	start = memrchr(b, '\n', (size_t)n - 1);
	start = start ? start + 1 : b;
	if ((tab = strchr(start, '\t')) == NULL)
		return -1;
	return date_parse_rfc3339(start, (size_t)(tab - start), m, NULL);
}

void
store_stamp(const struct hmoment *now, const struct hmoment *last,
    struct hmoment *out)
{
	*out = *now;
	if (last == NULL || out->sec != last->sec || out->usec > last->usec)
		return;
	/* The same second as the last record, and not after it. */
	*out = *last;
	date_tick(out);
}

/*
 * Whether name is exactly a temp file of the log: the prefix ".<log>.",
 * then digits, '.', digits and nothing else.  An author may be named
 * ".ana.log.1", whose log ".ana.log.1.log" starts with ana's prefix too:
 * it ends in ".log", so it is never taken for one.
 */
static int
is_tmp_name(const char *name, const char *prefix, size_t plen)
{
	size_t pid, n;

	if (strncmp(name, prefix, plen) != 0)
		return 0;
	name += plen;
	pid = strspn(name, "0123456789");
	if (pid == 0 || name[pid] != '.')
		return 0;
	n = strspn(name + pid + 1, "0123456789");
	return n > 0 && name[pid + 1 + n] == '\0';
}

/*
 * A temp file beside w's log, for a commit by rename: .<name>.<pid>.<n>.
 * Temp files of killed commits (only ever copies, made under the lock we
 * now hold) are removed first, so they do not pile up.
 */
static int
tmp_open(struct wlog *w, const char *tooldir, char tmp[NAME_MAX + 1],
    char *tpath, size_t tlen, struct herr *e)
{
	char prefix[NAME_MAX + 1];
	struct dirent *de;
	size_t plen;
	DIR *d;
	int fd, i;

	plen = (size_t)snprintf(prefix, sizeof(prefix), ".%s.", w->name);
	if ((fd = dup(w->dfd)) != -1 && (d = fdopendir(fd)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (is_tmp_name(de->d_name, prefix, plen))
				(void)unlinkat(w->dfd, de->d_name, 0);
		closedir(d);
	} else if (fd != -1)
		close(fd);
	for (i = 0; ; i++) {
		snprintf(tmp, NAME_MAX + 1, "%s%ld.%d", prefix, (long)getpid(),
		    i);
		snprintf(tpath, tlen, "%s/%s", tooldir, tmp);
		fd = openat(w->dfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd != -1 || errno != EEXIST || i == 100)
			break;
	}
	if (fd == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s", tpath);
	return fd;
}

/* Make the temp file the log: fsync, rename over, fsync the directory. */
static int
tmp_commit(struct wlog *w, int tfd, const char *tmp, const char *tpath,
    struct herr *e)
{
	if (fsync(tfd) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", tpath);
		close(tfd);
		goto fail;
	}
	if (close(tfd) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", tpath);
		goto fail;
	}
	if (renameat(w->dfd, tmp, w->dfd, w->name) == -1) {
		herr_errno(e, HX_IOERR, errno, "cannot rename %s", tpath);
		goto fail;
	}
	if (fsync(w->dfd) == -1)
		return herr_errno(e, HX_IOERR, errno, "%s", w->path);
	return 0;
fail:
	unlinkat(w->dfd, tmp, 0);
	return -1;
}

/*
 * Commit a batch too big for one write(2) as a new log: the old one's
 * bytes and the batch in a temp file, renamed over.  A kill leaves the old
 * log or the new one, never a part of the batch.
 */
static int
append_by_copy(struct wlog *w, const char *tooldir, const char *recs,
    size_t len, struct herr *e)
{
	char tmp[NAME_MAX + 1], tpath[PATH_MAX + NAME_MAX + 2], b[65536];
	off_t off;
	ssize_t n;
	int tfd;

	if ((tfd = tmp_open(w, tooldir, tmp, tpath, sizeof(tpath), e)) == -1)
		return -1;
	for (off = 0; off < w->size; off += n) {
		n = w->size - off < (off_t)sizeof(b) ? (ssize_t)(w->size - off) :
		    (ssize_t)sizeof(b);
		if ((n = io_pread_all(w->fd, b, (size_t)n, off)) <= 0) {
			herr_errno(e, HX_IOERR, n == 0 ? EIO : errno, "%s",
			    w->path);
			goto fail;
		}
		if (io_write_all(tfd, b, (size_t)n) == -1)
			goto werr;
	}
	if (io_write_all(tfd, recs, len) == -1)
		goto werr;
	return tmp_commit(w, tfd, tmp, tpath, e);
werr:
	herr_errno(e, HX_IOERR, errno, "%s", tpath);
fail:
	close(tfd);
	unlinkat(w->dfd, tmp, 0);
	return -1;
}

int
store_append(struct store *st, const char *tool, const char *author,
    store_build_fn build, void *arg, struct herr *warn, struct herr *e)
{
	char tooldir[PATH_MAX];
	struct buf recs = BUF_INIT;
	struct hmoment last;
	struct wlog w;
	int errnum, ret = -1;

	if (wlog_open(&w, st, tool, author, O_RDWR | O_APPEND | O_CREAT, warn,
	    e) == -1)
		return -1;
	if (build(arg, last_time(&w, &last) == 0 ? &last : NULL, &recs,
	    e) == -1)
		goto out;
	if (recs.len > RECORD_MAX) {
		store_file_path(st, tool, NULL, tooldir, sizeof(tooldir));
		ret = append_by_copy(&w, tooldir, recs.p, recs.len, e);
		goto out;
	}
	/* A kill cannot tear a write this small: it lands whole or not. */
	if (io_write_all(w.fd, recs.p, recs.len) == -1 ||
	    fdatasync(w.fd) == -1)
		goto rollback;
	/* A new log's directory entry must reach the disk too. */
	if (w.size == 0 && fsync(w.dfd) == -1)
		goto rollback;
	ret = 0;
	goto out;
rollback:
	errnum = errno;
	if (ftruncate(w.fd, w.size) == 0)
		(void)fdatasync(w.fd);
	herr_errno(e, HX_IOERR, errnum, "%s", w.path);
out:
	buf_free(&recs);
	wlog_close(&w);
	return ret;
}

int
store_fix_tail(struct store *st, const char *tool, const char *author,
    size_t *moved, struct herr *e)
{
	struct wlog w;

	*moved = 0;
	if (wlog_open(&w, st, tool, author, O_RDWR, NULL, e) == -1)
		return -1;
	*moved = w.moved;
	wlog_close(&w);
	return 0;
}

/* Buffered writer for the temp file of a rewrite. */
struct wbuf {
	int	fd;
	size_t	len;
	char	p[65536];
};

static int
wbuf_add(struct wbuf *w, const char *p, size_t len)
{
	if (w->len + len > sizeof(w->p)) {
		if (io_write_all(w->fd, w->p, w->len) == -1)
			return -1;
		w->len = 0;
	}
	if (len > sizeof(w->p))
		return io_write_all(w->fd, p, len) == -1 ? -1 : 0;
	memcpy(w->p + w->len, p, len);
	w->len += len;
	return 0;
}

int
store_rewrite(struct store *st, const char *tool, const char *author,
    int (*keep)(void *arg, const char *line, size_t len), void *arg,
    size_t *removed, struct herr *warn, struct herr *e)
{
	char tmp[NAME_MAX + 1], tpath[PATH_MAX + NAME_MAX + 2];
	char tooldir[PATH_MAX];
	struct linereader lr;
	struct wbuf *wb = NULL;
	struct wlog w;
	const char *line;
	size_t len;
	int tfd = -1, k, r, ret = -1;

	*removed = 0;
	linereader_init(&lr, -1, 0, 0);
	if (wlog_open(&w, st, tool, author, O_RDWR, warn, e) == -1)
		return -1;
	if ((wb = malloc(sizeof(*wb))) == NULL) {
		herr_errno(e, HX_IOERR, errno, "%s", w.path);
		goto out;
	}
	store_file_path(st, tool, NULL, tooldir, sizeof(tooldir));
	if ((tfd = tmp_open(&w, tooldir, tmp, tpath, sizeof(tpath), e)) == -1)
		goto out;
	wb->fd = tfd;
	wb->len = 0;
	linereader_init(&lr, w.fd, 0, w.size);
	while ((r = linereader_next(&lr, &line, &len)) > 0) {
		/* A piece of an overlong line is no record: copy it. */
		k = r == 2 || lr.longline ? 1 : keep(arg, line, len);
		if (k == -1) {
			herr_set(e, HX_DATAERR, "%s: rewrite aborted", w.path);
			goto unlink;
		}
		if (k == 0) {
			(*removed)++;
			continue;
		}
		if (wbuf_add(wb, line, len) == -1 ||
		    (r == 1 && wbuf_add(wb, "\n", 1) == -1))
			goto tmperr;
	}
	if (r == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", w.path);
		goto unlink;
	}
	if (*removed == 0) {
		ret = 0;
		goto unlink;
	}
	if (io_write_all(tfd, wb->p, wb->len) == -1)
		goto tmperr;
	ret = tmp_commit(&w, tfd, tmp, tpath, e);
	tfd = -1;
	goto out;
tmperr:
	herr_errno(e, HX_IOERR, errno, "%s", tpath);
unlink:
	close(tfd);
	tfd = -1;
	unlinkat(w.dfd, tmp, 0);
out:
	linereader_free(&lr);
	free(wb);
	wlog_close(&w);
	return ret;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
store_authors(struct store *st, const char *tool, char ***authors,
    struct herr *e)
{
	char path[PATH_MAX], name[NAME_MAX + 1], **v = NULL, **nv;
	struct dirent *de;
	size_t n = 0, cap = 0, len;
	DIR *d;
	int dfd;

	*authors = NULL;
	if ((dfd = store_tooldir(st, tool, 0, e)) == -1) {
		if (e->code != HX_NOINPUT)
			return -1;
		/* No directory yet: nobody has written. */
		if ((*authors = calloc(1, sizeof(char *))) == NULL)
			return herr_errno(e, HX_IOERR, errno, "memory");
		return 0;
	}
	store_file_path(st, tool, NULL, path, sizeof(path));
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 4 || len - 4 > AUTHOR_MAX ||
		    strcmp(de->d_name + len - 4, ".log") != 0)
			continue;
		memcpy(name, de->d_name, len - 4);
		name[len - 4] = '\0';
		if (!author_valid(name))
			continue;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL)
				goto nomem;
			v = nv;
		}
		if ((v[n] = strdup(name)) == NULL)
			goto nomem;
		v[++n] = NULL;
	}
	if (errno != 0) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto fail;
	}
	closedir(d);
	if (v == NULL && (v = calloc(1, sizeof(char *))) == NULL)
		return herr_errno(e, HX_IOERR, errno, "memory");
	qsort(v, n, sizeof(*v), cmpstr);
	*authors = v;
	return 0;
nomem:
	herr_errno(e, HX_IOERR, errno, "memory");
fail:
	closedir(d);
	if (v != NULL)
		v[n] = NULL;
	store_authors_free(v);
	return -1;
}

void
store_authors_free(char **authors)
{
	char **p;

	if (authors == NULL)
		return;
	for (p = authors; *p != NULL; p++)
		free(*p);
	free(authors);
}

int
store_lock(struct store *st, const char *tool, struct herr *e)
{
	int dfd, fd;

	if ((dfd = store_tooldir(st, tool, 1, e)) == -1)
		return -1;
	fd = store_lock_dir(st, dfd, tool, e);
	close(dfd);
	return fd;
}

int
store_replace(struct store *st, const char *tool, const char *name,
    const char *data, size_t len, struct herr *e)
{
	char tmp[NAME_MAX + 1], tpath[PATH_MAX + NAME_MAX + 2];
	char tooldir[PATH_MAX];
	struct wlog w;
	int tfd;

	memset(&w, 0, sizeof(w));
	w.fd = w.lfd = -1;
	if (strlen(name) > NAME_MAX - 24)
		return herr_errno(e, HX_DATAERR, ENAMETOOLONG, "%s", name);
	strlcpy(w.name, name, sizeof(w.name));
	store_file_path(st, tool, name, w.path, sizeof(w.path));
	store_file_path(st, tool, NULL, tooldir, sizeof(tooldir));
	if ((w.dfd = store_tooldir(st, tool, 1, e)) == -1)
		return -1;
	if ((tfd = tmp_open(&w, tooldir, tmp, tpath, sizeof(tpath), e)) ==
	    -1) {
		close(w.dfd);
		return -1;
	}
	if (io_write_all(tfd, data, len) == -1) {
		herr_errno(e, herr_code_for(errno), errno, "%s", tpath);
		close(tfd);
		unlinkat(w.dfd, tmp, 0);
		close(w.dfd);
		return -1;
	}
	if (tmp_commit(&w, tfd, tmp, tpath, e) == -1) {
		close(w.dfd);
		return -1;
	}
	close(w.dfd);
	return 0;
}
