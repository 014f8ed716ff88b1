/*
 * sync: two machines, one couple, through git.
 *
 * The store is a git work tree.  A sync commits the author's own files,
 * fetches the remote, checks every commit that came (only regular files
 * of the store's layout, none executable, none oversized, no change to
 * hearth's ignore and attributes files, no log removed, and never a
 * line of the author's own logs removed or rewritten: the lines of the
 * old file must all be lines of the new one, in any order), merges, and
 * pushes.
 *
 * The merge is hearth's, not git merge's, so that no merge can stop for
 * a person: each log has one writer, so another author's log is taken
 * as it came; the author's own log (written on two devices) becomes the
 * union of its lines, the lines that came added after the local ones;
 * a deck changed on both sides becomes the union of its lines.  When
 * what came holds every line this machine has, it is taken as it came,
 * so that the machines end with the same bytes.  Files
 * are replaced the way the store rewrites (temp file, fsync, rename), with
 * the folder's lock held, and only then is the merge commit made (write-tree,
 * commit-tree, update-ref).  A kill at any moment leaves files that every
 * tool reads and HEAD at the old commit or the new; the next sync redoes
 * what was left, and no acknowledged entry is ever lost, since the
 * author's own logs only ever gain lines.
 *
 * Nothing waits for long: the folders' locks are held only while files
 * are committed or replaced, never during the network steps, and each
 * git run has a time limit (HEARTH_SYNC_TIMEOUT seconds, 120 when not
 * set).  After every sync every folder under the store, .git included,
 * is 0700 and every file 0600 (0400 where git made it read-only).
 */
#ifndef HEARTH_SYNC_H
#define HEARTH_SYNC_H

#include <stddef.h>

#include "buf.h"
#include "paths.h"

struct herr;
struct store;

/*
 * The largest file a sync takes in, in bytes; the environment variable
 * HEARTH_SYNC_FILE_MAX (a positive number of bytes) sets another.
 */
#define SYNC_FILE_MAX	(64L * 1024 * 1024)

/* The lines that arrived in one log of another author. */
struct sync_arrival {
	char		 dir[64];		/* the tool's folder */
	char		 author[AUTHOR_MAX + 1];
	struct buf	 lines;			/* each ends in LF */
	size_t		 n;
};

struct sync_report {
	int			 created;	/* the store became a repository */
	int			 joined;	/* a remote history was merged in
						   for the first time */
	int			 merged;	/* something came */
	int			 pushed;
	struct sync_arrival	*v;
	size_t			 n;
};

/*
 * Sync the store as author.  url names the remote the first time (and
 * changes it later); NULL uses the one set before.  Errors: HX_USAGE
 * when no remote was ever given (nothing is made then) or url is empty
 * or begins with '-', HX_UNAVAIL when git is missing or the remote
 * cannot be reached, HX_TEMPFAIL when another sync runs, a git run
 * timed out or the remote kept moving, HX_DATAERR when a commit that
 * came was refused (the store is left as it was outside .git, and the
 * reason is kept for sync_blocked until a sync completes).  Once the
 * store is a repository, the author's entries are committed locally in
 * every case (an unreachable remote included), for the next sync.
 */
int	sync_run(struct store *st, const char *author, const char *url,
	    struct sync_report *rep, struct herr *e);
void	sync_report_free(struct sync_report *rep);

/*
 * Why the last sync refused what came ("commit ...: path: reason"), into
 * buf: 1, or 0 when syncing is not blocked.
 */
int	sync_blocked(const struct store *st, char *buf, size_t len);

/* Whether the store is a git repository (hearth sync was run). */
int	sync_enabled(const struct store *st);

#endif
