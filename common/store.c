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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "herr.h"
#include "paths.h"
#include "store.h"
#include "storeint.h"

#define LOCK_TIMEOUT_DEFAULT	10.0	/* seconds */

ssize_t
store_write_all(int fd, const char *p, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t
store_pread_all(int fd, char *p, size_t len, off_t off)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, p + done, len - done, off + (off_t)done);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* mkdir -p with mode 0700 for every directory it makes. */
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
			if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
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
	st->dirfd = open(st->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd == -1) {
		if (errno == ENOENT)
			return herr_set(e, HX_NOINPUT,
			    "no store at %s yet", st->path);
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
		if (mkdirat(st->dirfd, tool, 0700) == -1 && errno != EEXIST)
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

	fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1)
		return open_error(errno, path, 0, e);
	if (store_check_fd(fd, 0, path, e) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static double
lock_timeout(void)
{
	const char *s;
	char *end;
	double t;

	if ((s = getenv("HEARTH_LOCK_TIMEOUT")) == NULL || *s == '\0')
		return LOCK_TIMEOUT_DEFAULT;
	t = strtod(s, &end);
	if (*end != '\0' || t < 0 || t > 86400)
		return LOCK_TIMEOUT_DEFAULT;
	return t;
}

/* Lock tool's directory (dfd): LOCK_NB with a bounded backoff. */
int
store_lock_dir(struct store *st, int dfd, const char *tool, struct herr *e)
{
	struct timespec start, now, nap = { 0, 1000000 };
	char path[PATH_MAX];
	double limit, waited;
	int fd;

	store_file_path(st, tool, ".lock", path, sizeof(path));
	if ((fd = store_openat(dfd, ".lock", O_RDWR | O_CREAT, path, e)) == -1)
		return -1;
	limit = lock_timeout();
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			herr_errno(e, HX_IOERR, errno, "cannot lock %s", path);
			close(fd);
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (double)(now.tv_sec - start.tv_sec) +
		    (double)(now.tv_nsec - start.tv_nsec) / 1e9;
		if (waited >= limit) {
			herr_set(e, HX_TEMPFAIL, "%s is held by another "
			    "process; try again", path);
			close(fd);
			return -1;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 64000000)
			nap.tv_nsec *= 2;
	}
	return fd;
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
	if (store_pread_all(fd, blk, 1, *size - 1) != 1)
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	if (blk[0] == '\n')
		return 0;
	/* Find the last LF, reading backwards a block at a time. */
	cut = 0;
	for (off = *size; off > 0; off -= n) {
		n = off < (off_t)sizeof(blk) ? (ssize_t)off :
		    (ssize_t)sizeof(blk);
		if (store_pread_all(fd, blk, (size_t)n, off - n) != n)
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
		if (store_pread_all(fd, blk, (size_t)n, off) != n ||
		    store_write_all(tfd, blk, (size_t)n) == -1)
			goto fail;
	}
	if (store_write_all(tfd, "\n", 1) == -1 || fsync(tfd) == -1)
		goto fail;
	close(tfd);
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

int
store_append(struct store *st, const char *tool, const char *author,
    const char *recs, size_t len, struct herr *warn, struct herr *e)
{
	char name[NAME_MAX + 1], path[PATH_MAX];
	const char *p, *end = recs + len, *nl;
	struct stat sb;
	size_t moved;
	off_t size;
	int dfd, lfd, fd = -1, errnum, ret = -1;

	tail_warning(warn, NULL, 0);
	snprintf(name, sizeof(name), "%s.log", author);
	store_file_path(st, tool, name, path, sizeof(path));
	if ((dfd = store_tooldir(st, tool, 1, e)) == -1)
		return -1;
	if ((lfd = store_lock_dir(st, dfd, tool, e)) == -1)
		goto out;
	fd = store_openat(dfd, name, O_RDWR | O_APPEND | O_CREAT, path, e);
	if (fd == -1)
		goto out;
	if (fstat(fd, &sb) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto out;
	}
	size = sb.st_size;
	if (move_tail(dfd, fd, name, path, &size, &moved, e) == -1)
		goto out;
	tail_warning(warn, path, moved);
	for (p = recs; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end - 1;	/* caller broke the contract */
		if (store_write_all(fd, p, (size_t)(nl - p) + 1) == -1)
			goto rollback;
	}
	if (fdatasync(fd) == -1)
		goto rollback;
	/* A new log's directory entry must reach the disk too. */
	if (size == 0 && fsync(dfd) == -1)
		goto rollback;
	ret = 0;
	goto out;
rollback:
	errnum = errno;
	if (ftruncate(fd, size) == 0)
		(void)fdatasync(fd);
	herr_errno(e, HX_IOERR, errnum, "%s", path);
out:
	if (fd != -1 && close(fd) == -1 && ret == 0)
		ret = herr_errno(e, HX_IOERR, errno, "%s", path);
	store_unlock(lfd);
	close(dfd);
	return ret;
}

int
store_fix_tail(struct store *st, const char *tool, const char *author,
    size_t *moved, struct herr *e)
{
	char name[NAME_MAX + 1], path[PATH_MAX];
	struct stat sb;
	off_t size;
	int dfd, lfd, fd = -1, ret = -1;

	*moved = 0;
	snprintf(name, sizeof(name), "%s.log", author);
	store_file_path(st, tool, name, path, sizeof(path));
	if ((dfd = store_tooldir(st, tool, 0, e)) == -1)
		return -1;
	if ((lfd = store_lock_dir(st, dfd, tool, e)) == -1)
		goto out;
	if ((fd = store_openat(dfd, name, O_RDWR, path, e)) == -1)
		goto out;
	if (fstat(fd, &sb) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto out;
	}
	size = sb.st_size;
	ret = move_tail(dfd, fd, name, path, &size, moved, e);
out:
	if (fd != -1)
		close(fd);
	store_unlock(lfd);
	close(dfd);
	return ret;
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
		if (store_write_all(w->fd, w->p, w->len) == -1)
			return -1;
		w->len = 0;
	}
	if (len > sizeof(w->p))
		return store_write_all(w->fd, p, len) == -1 ? -1 : 0;
	memcpy(w->p + w->len, p, len);
	w->len += len;
	return 0;
}

int
store_rewrite(struct store *st, const char *tool, const char *author,
    int (*keep)(void *arg, const char *line, size_t len), void *arg,
    size_t *removed, struct herr *warn, struct herr *e)
{
	char name[NAME_MAX + 1], path[PATH_MAX], tmp[NAME_MAX + 1];
	char tpath[PATH_MAX + NAME_MAX];
	struct linereader lr;
	struct wbuf *w = NULL;
	struct stat sb;
	const char *line;
	size_t len, moved;
	off_t size;
	int dfd, lfd, fd = -1, tfd = -1, k, r, ret = -1, i;

	*removed = 0;
	linereader_init(&lr, -1, 0, 0);
	tail_warning(warn, NULL, 0);
	snprintf(name, sizeof(name), "%s.log", author);
	store_file_path(st, tool, name, path, sizeof(path));
	if ((dfd = store_tooldir(st, tool, 1, e)) == -1)
		return -1;
	if ((lfd = store_lock_dir(st, dfd, tool, e)) == -1)
		goto out;
	if ((fd = store_openat(dfd, name, O_RDWR, path, e)) == -1)
		goto out;
	if (fstat(fd, &sb) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto out;
	}
	size = sb.st_size;
	if (move_tail(dfd, fd, name, path, &size, &moved, e) == -1)
		goto out;
	tail_warning(warn, path, moved);
	if ((w = malloc(sizeof(*w))) == NULL) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto out;
	}
	for (i = 0; ; i++) {
		snprintf(tmp, sizeof(tmp), ".%s.%ld.%d", name, (long)getpid(),
		    i);
		tfd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (tfd != -1 || errno != EEXIST || i == 100)
			break;
	}
	snprintf(tpath, sizeof(tpath), "%s/%s/%s", st->path, tool, tmp);
	if (tfd == -1) {
		herr_errno(e, herr_code_for(errno), errno, "%s", tpath);
		goto out;
	}
	w->fd = tfd;
	w->len = 0;
	linereader_init(&lr, fd, 0, size);
	while ((r = linereader_next(&lr, &line, &len)) == 1) {
		if ((k = keep(arg, line, len)) == -1) {
			herr_set(e, HX_DATAERR, "%s: rewrite aborted", path);
			goto unlink;
		}
		if (k == 0) {
			(*removed)++;
			continue;
		}
		if (wbuf_add(w, line, len) == -1 || wbuf_add(w, "\n", 1) == -1)
			goto tmperr;
	}
	if (r == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto unlink;
	}
	if (*removed == 0) {
		ret = 0;
		goto unlink;
	}
	if (store_write_all(tfd, w->p, w->len) == -1 || fsync(tfd) == -1)
		goto tmperr;
	if (close(tfd) == -1) {
		tfd = -1;
		goto tmperr;
	}
	tfd = -1;
	if (renameat(dfd, tmp, dfd, name) == -1) {
		herr_errno(e, HX_IOERR, errno, "cannot rename %s", tpath);
		goto unlink;
	}
	if (fsync(dfd) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s/%s", st->path, tool);
		goto out;
	}
	ret = 0;
	goto out;
tmperr:
	herr_errno(e, HX_IOERR, errno, "%s", tpath);
unlink:
	unlinkat(dfd, tmp, 0);
out:
	linereader_free(&lr);
	free(w);
	if (tfd != -1)
		close(tfd);
	if (fd != -1)
		close(fd);
	store_unlock(lfd);
	close(dfd);
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
