/*
 * store: the append, rewrite and read protocols of the hearth store.
 *
 * Layout: <store>/<tool>/<author>.log, one append-only log per tool and
 * author, and <store>/<tool>/.lock, a file that is never renamed and that
 * every writer of the tool's logs holds an exclusive flock(2) on.
 *
 * Opening.  The root is opened once (O_DIRECTORY) and must be
 * a directory owned by the user that nobody else can read; every file is
 * opened relative to it with O_NOFOLLOW and checked with fstat(2) to be a
 * regular file owned by the user.  Directories are created 0700 and files
 * 0600, whatever the umask.
 *
 * Appending.  Under the lock: open the log O_APPEND, note its size; if its
 * last byte is not LF, move the unterminated tail to <author>.log.torn and
 * cut it off; stamp the records (store_build_fn); write them with one
 * write(2); fdatasync; on any failure ftruncate back to the size noted and
 * report the error.  A batch over RECORD_MAX bytes is committed as a
 * rewrite is instead.  Records
 * are capped at RECORD_MAX bytes, so a kill cannot tear one in practice,
 * and a torn one is never glued to the next.
 *
 * Rewriting.  Under the lock: copy the kept lines to a temp file in the
 * same directory, fsync it, rename it over the log, fsync the directory.
 *
 * Reading never changes a byte of the store.  It streams each log with
 * read(2) in bounded buffers and merges all authors' records in time
 * order.  A log is written in time order, but a clock change or a git
 * merge can leave it as several ordered runs; the run boundaries of each
 * log are kept in a small cache outside the store (keyed by device and
 * inode, checked against size, mtime and the last bytes), so every run is
 * merged as its own stream and the merge is exact in constant memory.  A
 * --since bound is found in each run by binary search with pread(2).
 */
#ifndef HEARTH_STORE_H
#define HEARTH_STORE_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>

#include "date.h"
#include "record.h"

struct herr;

struct store {
	int	dirfd;
	char	path[PATH_MAX];
};

/*
 * Open the store at path (paths_store when path is NULL).  With create,
 * make it (0700, parents too) when it is missing.  HX_NOINPUT when it is
 * missing and create is 0; HX_CONFIG when it is readable by others, not
 * owned by the user, or not a directory.
 */
int	store_open(struct store *st, const char *path, int create,
	    struct herr *e);
void	store_close(struct store *st);

struct buf;

/*
 * Builds the records to append, called with the lock held: last is the
 * time of the log's last record (NULL when it has none).  It fills out
 * with one or more whole records, each ending in LF and at most RECORD_MAX
 * bytes, or returns -1 with e set to append nothing.  Stamping records
 * here, under the lock, keeps each log in time order however many
 * writers race, and store_stamp keeps two records from sharing a time.
 */
typedef int	(*store_build_fn)(void *arg, const struct hmoment *last,
		    struct buf *out, struct herr *e);

/*
 * Append what build() makes to <tool>/<author>.log, under the tool's lock
 * (waiting at most HEARTH_LOCK_TIMEOUT seconds, default 10, then
 * HX_TEMPFAIL).  All of the records reach the log or none do, even when
 * the process is killed: a batch of at most RECORD_MAX bytes goes out in
 * one write(2), which a kill cannot tear, and a larger one is committed
 * by copying the log to a temp file, adding the batch, and renaming it
 * over.  When 0 is returned the records have reached the disk.  When an unterminated tail was
 * moved aside, warn->msg says so (else it is empty).
 */
int	store_append(struct store *st, const char *tool, const char *author,
	    store_build_fn build, void *arg, struct herr *warn,
	    struct herr *e);

/*
 * The time to give a new record: now, unless that falls in the same
 * second as the log's last record and not after it (a fixed HEARTH_NOW, a
 * coarse clock); then one microsecond after the last record.  Times in
 * another second are kept, so an entry can still be dated in the past.
 */
void	store_stamp(const struct hmoment *now, const struct hmoment *last,
	    struct hmoment *out);

/*
 * Rewrite <tool>/<author>.log keeping the lines for which keep() returns
 * 1 (comments and unparsable lines are passed to it too; line has no LF).
 * keep() returning -1 aborts the rewrite and leaves the log as it was.
 * *removed counts the lines dropped; nothing is written when it is 0.
 */
int	store_rewrite(struct store *st, const char *tool, const char *author,
	    int (*keep)(void *arg, const char *line, size_t len), void *arg,
	    size_t *removed, struct herr *warn, struct herr *e);

/*
 * The lock of tool's folder (made when missing), held until
 * store_unlock: what every writer of the folder's logs waits for, with
 * the same bounded wait.  The descriptor, or -1 with e set.
 */
int	store_lock(struct store *st, const char *tool, struct herr *e);
void	store_unlock(int lockfd);

/*
 * Make <tool>/<name> hold exactly data[0..len): a temp file in the same
 * folder, fsync, rename over, fsync of the folder, so that a kill leaves
 * the old file or the new one.  The caller holds the folder's lock.
 */
int	store_replace(struct store *st, const char *tool, const char *name,
	    const char *data, size_t len, struct herr *e);

/* Move an unterminated tail aside, under the lock (for doctor --fix). */
int	store_fix_tail(struct store *st, const char *tool, const char *author,
	    size_t *moved, struct herr *e);

/* What to read. */
struct store_query {
	const char	*tool;
	const char	*author;	/* only this author's log, or NULL */
	const struct hmoment *since;	/* records at or after, or NULL */
	const struct hmoment *until;	/* records before, or NULL */
	const char	*needle;	/* only lines containing these bytes */
	size_t		 needle_len;
	/* Called once for each malformed line read; NULL to stay quiet. */
	void		(*warn)(void *arg, const char *file, size_t line,
			    const char *why);
	void		*warn_arg;
};

struct store_reader;

/*
 * Start reading.  A tool without a directory yet reads as empty.  The
 * reader holds no lock: a concurrent append is either seen whole or not
 * at all, and a concurrent rewrite is seen as the old file.
 */
int	store_read_open(struct store_reader **rd, struct store *st,
	    const struct store_query *q, struct herr *e);
/*
 * The next record in time order (ties by author, then file order): 1 and
 * *r filled (valid until the next call), 0 at the end, -1 on an I/O error.
 */
int	store_read_next(struct store_reader *rd, struct record *r,
	    struct herr *e);
/* The file r came from, for messages ("<store>/<tool>/<author>.log"). */
const char *store_read_file(const struct store_reader *rd);
void	store_read_close(struct store_reader *rd);

/*
 * Read every record of tool, in time order, and hand each to feed (which
 * returns 0, or -1 with e set to stop).  Malformed lines go to warn (as
 * a store_query's; may be NULL).  A tool without a folder reads as empty.
 */
int	store_feed(struct store *st, const char *tool,
	    int (*feed)(void *arg, const struct record *r, struct herr *e),
	    void *arg, void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct herr *e);

/*
 * The authors that have a log of tool, sorted, as a NULL-terminated array
 * to free with store_authors_free.
 */
int	store_authors(struct store *st, const char *tool, char ***authors,
	    struct herr *e);
void	store_authors_free(char **authors);

/*
 * A finding of store_audit: the path, the line when it is about a line
 * of data (else 0), what is wrong (or, with fixed set, what was done).
 */
typedef void	(*store_audit_fn)(void *arg, const char *path, size_t line,
		    const char *msg, int fixed);

/*
 * Audit the store (paths_store, its path copied into path): modes and
 * owners of the root, the tools' folders and their files, symbolic
 * links and files that are not regular, leftovers of rewrites and torn
 * lines, and every line of every log as the tools would read it.  It
 * opens what the tools would refuse so that it can say what is wrong,
 * and never follows a link.  With fix, modes are corrected and the
 * unterminated tails of self's logs moved aside; nothing else is
 * changed (another author's torn log is only reported).  -1 only when
 * the audit could not start (HX_NOINPUT: no store yet).
 */
int	store_audit(const char *self, int fix, store_audit_fn fn, void *arg,
	    char *path, size_t pathlen, struct herr *e);

#endif
