/*
 * git: running the system's git(1) for hearth sync.
 *
 * hearth links no git library: sync runs the git that is installed, so
 * every remote git reaches works (a path, ssh, a hosting service,
 * git-remote-gcrypt).  Each run is git -C STORE with a fixed set of
 * -c options and an environment that can never wait on a person: no
 * terminal prompt (GIT_TERMINAL_PROMPT=0, ssh in batch mode unless the
 * user set GIT_SSH_COMMAND), no editor, no pager, messages in English,
 * and the commits named after the author, so that a machine where git
 * was never configured syncs all the same.  Variables that would point
 * git at another repository (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE ...)
 * are removed.
 *
 * A run has a time limit; past it git's process group is killed and the
 * run fails with HX_TEMPFAIL, so a cron job never hangs on a network
 * that does not answer.  git dies with hearth (PR_SET_PDEATHSIG), so a
 * sync that is killed leaves no git behind to race the next one.  Standard input is the bytes given (or
 * /dev/null), standard output and error are kept in buffers.
 */
#ifndef HEARTH_GIT_H
#define HEARTH_GIT_H

#include <stddef.h>

struct buf;
struct herr;

struct git {
	const char	*dir;		/* the work tree: the store */
	const char	*author;	/* whose commits */
	double		 timeout;	/* seconds a run may take */
};

/*
 * Run git with args (NULL-terminated, without "git"), in given as its
 * standard input (inlen bytes; NULL for none).  Its standard output is
 * appended to out and its standard error to err (either may be NULL to
 * drop it).  Returns git's exit status, or -1 with e set: HX_UNAVAIL
 * when no git is installed, HX_TEMPFAIL past the time limit, HX_IOERR
 * otherwise.
 */
int	git_run(const struct git *g, const char *const *args, const char *in,
	    size_t inlen, struct buf *out, struct buf *err, struct herr *e);

/*
 * The first line of err, made short, for a message ("git failed" when
 * it is empty).  The text is git's: the caller makes it safe to show.
 */
const char	*git_reason(struct buf *err);

#endif
