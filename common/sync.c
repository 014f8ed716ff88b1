/*
 * sync: the steps of hearth sync (see sync.h for the design).
 *
 *	lock	.sync.lock in the store, so that one sync runs at a time
 *	repo	git init, hearth's .gitignore and .gitattributes, the
 *		remote and the branch (the remote's, or "main")
 *	mend	remove git's lock files that a killed run left behind
 *	commit	the author's own logs and the decks, under the folders'
 *		locks
 *	fetch	the remote's branch, with a time limit
 *	check	every commit that came, before anything is merged
 *	merge	hearth's merge, under the folders' locks
 *	modes	0700 folders, 0600 (or 0400) files, .git included
 *	push	and, when the remote moved on meanwhile, again from fetch
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "git.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "registry.h"
#include "store.h"
#include "sync.h"
#include "text.h"

#define TIMEOUT_DEFAULT	120.0
#define TRIES		3
#define BRANCH_MAX	100
#define OID_LEN		40

static const char gitignore[] =
    "# Written by hearth sync: what stays on this machine.\n"
    ".lock\n"
    "*.lock\n"
    "*.torn\n"
    ".*.log.*\n"
    ".*.XXXXXX\n"
    "/.sync*\n";

static const char gitattributes[] =
    "# Written by hearth sync: logs merge as a union, should git merge.\n"
    "*.log merge=union\n"
    "*.deck merge=union\n";

struct sync {
	struct store		*st;
	struct git		 g;
	const char		*author;
	char			 branch[BRANCH_MAX + 1];
	char			 theirs[OID_LEN + 1];	/* "" when none */
	int			 locks[64];
	size_t			 nlocks;
	struct sync_report	*rep;
};

/* ---- running git ---- */

/* git ARGS...; its output in out (reset first, may be NULL). */
static int
gitv(struct sync *s, struct buf *out, struct buf *err, struct herr *e,
    const char *const *args)
{
	if (out != NULL)
		buf_reset(out);
	if (err != NULL)
		buf_reset(err);
	return git_run(&s->g, args, NULL, 0, out, err, e);
}

/* git ARGS... that must succeed; its output in out (may be NULL). */
static int
git_ok(struct sync *s, struct buf *out, struct herr *e,
    const char *const *args)
{
	struct buf err = BUF_INIT;
	int r;

	if ((r = gitv(s, out, &err, e, args)) > 0)
		herr_set(e, HX_IOERR, "%s: git %s: %s", s->st->path, args[0],
		    git_reason(&err));
	buf_free(&err);
	return r == 0 ? 0 : -1;
}

#define GIT(s, out, e, ...) \
	git_ok((s), (out), (e), (const char *const []){ __VA_ARGS__, NULL })
#define GITV(s, out, err, e, ...) \
	gitv((s), (out), (err), (e), (const char *const []){ __VA_ARGS__, NULL })

/* The first line of out, without its LF, as a C string. */
static const char *
first_line(struct buf *out)
{
	char *nl;

	if (buf_nul(out) == -1)
		return "";
	if ((nl = strchr(out->p, '\n')) != NULL)
		*nl = '\0';
	return out->p;
}

/* ---- the store as a repository ---- */

int
sync_enabled(const struct store *st)
{
	struct stat sb;

	return fstatat(st->dirfd, ".git", &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(sb.st_mode);
}

/* Write a file at the store's root, whole or not at all. */
static int
root_file(struct store *st, const char *name, const char *data,
    struct herr *e)
{
	char tmp[NAME_MAX + 1], path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", st->path, name);
	snprintf(tmp, sizeof(tmp), ".sync-%s.%ld", name + 1, (long)getpid());
	fd = openat(st->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s", path);
	if (io_write_all(fd, data, strlen(data)) == -1 || fsync(fd) == -1) {
		herr_errno(e, herr_code_for(errno), errno, "%s", path);
		close(fd);
		unlinkat(st->dirfd, tmp, 0);
		return -1;
	}
	close(fd);
	if (renameat(st->dirfd, tmp, st->dirfd, name) == -1) {
		herr_errno(e, herr_code_for(errno), errno, "%s", path);
		unlinkat(st->dirfd, tmp, 0);
		return -1;
	}
	return 0;
}

/*
 * The branch the remote has (its HEAD), or "" for an empty remote; -1
 * when the remote cannot be reached.
 */
static int
remote_branch(struct sync *s, char *branch, struct herr *e)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *p, *end;
	int r;

	r = GITV(s, &out, &err, e, "ls-remote", "--symref", "origin", "HEAD");
	if (r > 0)
		herr_set(e, HX_UNAVAIL, "cannot reach the remote: %s",
		    git_reason(&err));
	if (r != 0) {
		buf_free(&out);
		buf_free(&err);
		return -1;
	}
	branch[0] = '\0';
	if (buf_nul(&out) == 0 &&
	    (p = strstr(out.p, "ref: refs/heads/")) != NULL) {
		p += 16;
		if ((end = strchr(p, '\t')) != NULL &&
		    (size_t)(end - p) <= BRANCH_MAX) {
			memcpy(branch, p, (size_t)(end - p));
			branch[end - p] = '\0';
		}
	}
	buf_free(&out);
	buf_free(&err);
	return 0;
}

/* Whether name can be a branch of ours: letters, digits, "._-/". */
static int
branch_valid(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= BRANCH_MAX && name[0] != '-' && name[0] != '.' &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-/") == n && strstr(name, "..") == NULL;
}

/* The remote: set to url, or the one set before (HX_USAGE: none). */
static int
set_remote(struct sync *s, const char *url, struct herr *e)
{
	struct buf out = BUF_INIT;
	int had, r;

	had = GITV(s, &out, NULL, e, "remote", "get-url", "origin") == 0;
	buf_free(&out);
	if (url == NULL) {
		if (!had)
			return herr_set(e, HX_USAGE, "no remote yet: run "
			    "hearth sync URL once");
		return 0;
	}
	if (had)
		r = GIT(s, NULL, e, "remote", "set-url", "origin", url);
	else
		r = GIT(s, NULL, e, "remote", "add", "origin", url);
	return r;
}

/* Our branch: the one kept in the config, else the remote's, else main. */
static int
set_branch(struct sync *s, int ask, struct herr *e)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	char ref[BRANCH_MAX + 16];
	int r = -1;

	if (!ask && GITV(s, &out, NULL, e, "config", "hearth.branch") == 0 &&
	    branch_valid(first_line(&out)))
		strlcpy(s->branch, out.p, sizeof(s->branch));
	else {
		if (remote_branch(s, s->branch, e) == -1)
			goto out;
		if (!branch_valid(s->branch))
			strlcpy(s->branch, "main", sizeof(s->branch));
		if (GIT(s, NULL, e, "config", "hearth.branch", s->branch) ==
		    -1)
			goto out;
	}
	snprintf(ref, sizeof(ref), "refs/heads/%s", s->branch);
	/* HEAD names the branch, whether or not it has a commit yet. */
	if (GITV(s, &out, &err, e, "symbolic-ref", "HEAD") != 0 ||
	    strcmp(first_line(&out), ref) != 0) {
		if (GITV(s, NULL, NULL, e, "rev-parse", "-q", "--verify",
		    "HEAD") == 0) {
			if (GIT(s, NULL, e, "branch", "-M", s->branch) == -1)
				goto out;
		} else if (GIT(s, NULL, e, "symbolic-ref", "HEAD", ref) == -1)
			goto out;
	}
	r = 0;
out:
	buf_free(&out);
	buf_free(&err);
	return r;
}

static int
ensure_repo(struct sync *s, const char *url, struct herr *e)
{
	int fresh = !sync_enabled(s->st);

	if (fresh) {
		if (GIT(s, NULL, e, "init", "-q") == -1)
			return -1;
		s->rep->created = 1;
	}
	if (root_file(s->st, ".gitignore", gitignore, e) == -1 ||
	    root_file(s->st, ".gitattributes", gitattributes, e) == -1 ||
	    GIT(s, NULL, e, "config", "core.symlinks", "false") == -1 ||
	    GIT(s, NULL, e, "config", "core.fileMode", "true") == -1 ||
	    GIT(s, NULL, e, "config", "gc.autoDetach", "false") == -1 ||
	    set_remote(s, url, e) == -1)
		return -1;
	return set_branch(s, fresh || url != NULL, e);
}

/* ---- what a killed run leaves ---- */

static int
unlink_lock(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	size_t n = strlen(path);

	if (flag == FTW_F && n > 5 && strcmp(path + n - 5, ".lock") == 0)
		(void)unlink(path);
	return 0;
}

/*
 * git's lock files are left behind by a run that was killed; with the
 * sync lock held no other run of ours is going on, so they are stale.
 */
static void
mend(struct sync *s)
{
	static const char *const top[] = {
		"index.lock", "HEAD.lock", "config.lock", "packed-refs.lock",
		"ORIG_HEAD.lock", "FETCH_HEAD.lock", "shallow.lock",
	};
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		snprintf(path, sizeof(path), "%s/.git/%s", s->st->path, top[i]);
		(void)unlink(path);
	}
	snprintf(path, sizeof(path), "%s/.git/refs", s->st->path);
	(void)nftw(path, unlink_lock, 16, FTW_PHYS);
}

/* ---- the folders and their locks ---- */

/* The folders a sync writes, in the order they are locked. */
static size_t
folders(const char **v, size_t max)
{
	size_t n = 0, i;

	for (i = 0; i < registry_len && n < max - 1; i++)
		v[n++] = registry[i].dir;
	v[n++] = "decks";
	return n;
}

static int
lock_all(struct sync *s, struct herr *e)
{
	const char *dirs[64];
	size_t n, i;
	int fd;

	n = folders(dirs, 64);
	for (i = 0; i < n; i++) {
		if ((fd = store_lock(s->st, dirs[i], e)) == -1) {
			while (s->nlocks > 0)
				store_unlock(s->locks[--s->nlocks]);
			return -1;
		}
		s->locks[s->nlocks++] = fd;
	}
	return 0;
}

static void
unlock_all(struct sync *s)
{
	while (s->nlocks > 0)
		store_unlock(s->locks[--s->nlocks]);
}

/* ---- commit ---- */

/* Whether path is one of the store's logs; its folder and author then. */
static int
is_log(const char *path, char *dir, size_t dlen, char *author)
{
	const char *slash = strchr(path, '/'), *dirs[64];
	size_t n, i, alen;

	if (slash == NULL || strchr(slash + 1, '/') != NULL ||
	    (size_t)(slash - path) >= dlen)
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	alen = strlen(slash + 1);
	if (alen <= 4 || alen - 4 > AUTHOR_MAX ||
	    strcmp(slash + 1 + alen - 4, ".log") != 0)
		return 0;
	memcpy(author, slash + 1, alen - 4);
	author[alen - 4] = '\0';
	if (!author_valid(author))
		return 0;
	n = folders(dirs, 64);
	for (i = 0; i < n; i++)
		if (strcmp(dirs[i], "decks") != 0 && strcmp(dirs[i], dir) == 0)
			return 1;
	return 0;
}

static int
is_deck(const char *path)
{
	char name[NAME_MAX + 1];
	size_t n;

	if (strncmp(path, "decks/", 6) != 0)
		return 0;
	path += 6;
	n = strlen(path);
	if (n <= 5 || n - 5 >= sizeof(name) || strchr(path, '/') != NULL ||
	    strcmp(path + n - 5, ".deck") != 0)
		return 0;
	memcpy(name, path, n - 5);
	name[n - 5] = '\0';
	return name[0] != '\0' && strspn(name,
	    "abcdefghijklmnopqrstuvwxyz0123456789-") == n - 5;
}


/* Add path (a C string) to the NUL-separated list. */
static int
add_path(struct buf *paths, const char *path)
{
	return buf_add(paths, path, strlen(path) + 1);
}

/*
 * What a commit of this machine's entries takes: hearth's two files, the
 * author's own logs and every deck, those that are here and those git
 * knows (a deck removed here is removed from the history too).
 */
static int
own_paths(struct sync *s, struct buf *paths, struct herr *e)
{
	const char *dirs[64];
	char name[NAME_MAX + 72];
	struct buf known = BUF_INIT;
	struct dirent *de;
	struct stat sb;
	size_t n, i;
	DIR *d;
	int fd;

	if (add_path(paths, ".gitignore") == -1 ||
	    add_path(paths, ".gitattributes") == -1)
		goto nomem;
	n = folders(dirs, 64);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s/%s.log", dirs[i], s->author);
		if (strcmp(dirs[i], "decks") != 0 && fstatat(s->st->dirfd,
		    name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(sb.st_mode) && add_path(paths, name) == -1)
			goto nomem;
	}
	if ((fd = openat(s->st->dirfd, "decks", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) != -1 && (d = fdopendir(fd)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			snprintf(name, sizeof(name), "decks/%s", de->d_name);
			if (is_deck(name) && add_path(paths, name) == -1) {
				closedir(d);
				goto nomem;
			}
		}
		closedir(d);
	} else if (fd != -1)
		close(fd);
	if (GIT(s, &known, e, "ls-files", "-z", "--", "decks") == -1)
		return -1;
	if (buf_add(paths, known.p, known.len) == -1)
		goto nomem;
	buf_free(&known);
	return 0;
nomem:
	buf_free(&known);
	return herr_errno(e, HX_IOERR, ENOMEM, "memory");
}

/* Commit the author's own logs, the decks and hearth's files. */
static int
commit_own(struct sync *s, struct herr *e)
{
	static const char *const add[] = { "add", "-A",
	    "--pathspec-from-file=-", "--pathspec-file-nul", NULL };
	struct buf paths = BUF_INIT, msg = BUF_INIT, err = BUF_INIT;
	int r;

	if (own_paths(s, &paths, e) == -1) {
		buf_free(&paths);
		return -1;
	}
	r = git_run(&s->g, add, paths.p, paths.len, NULL, &err, e);
	if (r > 0)
		herr_set(e, HX_IOERR, "%s: git add: %s", s->st->path,
		    git_reason(&err));
	buf_free(&paths);
	buf_free(&err);
	if (r != 0)
		return -1;
	r = GITV(s, NULL, NULL, e, "diff", "--cached", "--quiet");
	if (r == -1)
		return -1;
	if (r == 0)
		return 0;
	if (buf_printf(&msg, "%s: entries of this machine", s->author) == -1 ||
	    buf_nul(&msg) == -1) {
		buf_free(&msg);
		return herr_errno(e, HX_IOERR, errno, "memory");
	}
	r = GIT(s, NULL, e, "commit", "-q", "--no-verify", "-m", msg.p);
	buf_free(&msg);
	return r;
}

/* ---- fetch ---- */

/* Fetch the remote's branch; s->theirs its commit, "" when it has none. */
static int
fetch(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	char spec[2 * BRANCH_MAX + 40], ref[BRANCH_MAX + 32];
	int r;

	snprintf(spec, sizeof(spec), "+refs/heads/%s:refs/remotes/origin/%s",
	    s->branch, s->branch);
	snprintf(ref, sizeof(ref), "refs/remotes/origin/%s", s->branch);
	s->theirs[0] = '\0';
	r = GITV(s, &out, &err, e, "fetch", "-q", "--no-tags",
	    "--no-write-fetch-head", "origin", spec);
	if (r > 0 && buf_nul(&err) == 0 &&
	    strstr(err.p, "couldn't find remote ref") != NULL)
		r = 0;		/* an empty remote, or one without our branch */
	else if (r > 0)
		herr_set(e, HX_UNAVAIL, "cannot reach the remote: %s; your "
		    "entries are committed here and go with the next sync",
		    git_reason(&err));
	if (r == 0 && GITV(s, &out, NULL, e, "rev-parse", "-q", "--verify",
	    ref) == 0)
		strlcpy(s->theirs, first_line(&out), sizeof(s->theirs));
	buf_free(&out);
	buf_free(&err);
	return r == 0 ? 0 : -1;
}

/* ---- check: what came, before anything is merged ---- */

/* One change of a commit, from git log --raw. */
struct change {
	const char	*commit;
	const char	*dstmode;
	const char	*src, *dst;	/* object ids */
	char		 status;
	const char	*path;
};

/* The object id our own copy of a root file of hearth's has. */
static int
our_oid(struct sync *s, const char *data, char oid[OID_LEN + 1],
    struct herr *e)
{
	static const char *const args[] = { "hash-object", "--stdin", NULL };
	struct buf out = BUF_INIT;
	int r;

	r = git_run(&s->g, args, data, strlen(data), &out, NULL, e);
	if (r == 0)
		strlcpy(oid, first_line(&out), OID_LEN + 1);
	buf_free(&out);
	return r == 0 ? 0 : -1;
}

/* Lines a change of the author's own log removes (git diff --numstat). */
static long
removed_lines(struct sync *s, const struct change *c, struct herr *e)
{
	struct buf out = BUF_INIT;
	char *tab;
	long n = 0;

	if (GIT(s, &out, e, "diff", "--numstat", c->src, c->dst) == -1) {
		buf_free(&out);
		return -1;
	}
	if (buf_nul(&out) == 0 && (tab = strchr(out.p, '\t')) != NULL)
		n = strtol(tab + 1, NULL, 10);
	if (n == 0 && out.len > 0 && out.p[0] == '-')
		n = 1;		/* "binary": not lines at all */
	buf_free(&out);
	return n;
}

/* Why change c may not come in, or NULL. */
static const char *
refused(struct sync *s, const struct change *c, const char *ign,
    const char *attr, struct herr *e)
{
	char dir[64], author[AUTHOR_MAX + 1];
	long n;

	if (strcmp(c->path, ".gitignore") == 0 ||
	    strcmp(c->path, ".gitattributes") == 0) {
		if (c->status == 'D' || strcmp(c->dst, strcmp(c->path,
		    ".gitignore") == 0 ? ign : attr) != 0)
			return "a change to hearth's own file";
		return NULL;
	}
	if (!is_log(c->path, dir, sizeof(dir), author) && !is_deck(c->path))
		return "a file outside the store's layout";
	if (c->status == 'D')
		return is_deck(c->path) ? NULL : "removes a log";
	if (strcmp(c->dstmode, "120000") == 0)
		return "a symbolic link";
	if (strcmp(c->dstmode, "160000") == 0)
		return "a submodule";
	if (strcmp(c->dstmode, "100755") == 0)
		return "an executable file";
	if (strcmp(c->dstmode, "100644") != 0)
		return "not a regular file";
	if (c->status == 'M' && is_log(c->path, dir, sizeof(dir), author) &&
	    strcmp(author, s->author) == 0) {
		if ((n = removed_lines(s, c, e)) == -1)
			return "";
		if (n > 0)
			return "removes or rewrites a line of your own log";
	}
	return NULL;
}

/* Parse the next change of git log -z --raw output at *p; 0 at the end. */
static int
next_change(char **p, char *end, struct change *c)
{
	char *tok, *meta;

	while (*p < end) {
		tok = *p;
		*p += strlen(tok) + 1;
		while (*tok == '\n')
			tok++;
		if (*tok == '\001') {
			c->commit = tok + 1;
			continue;
		}
		if (*tok != ':' || *p >= end)
			continue;
		/* :srcmode dstmode src dst status */
		meta = tok + 1;
		c->path = *p;
		*p += strlen(*p) + 1;
		if (strlen(meta) < 14 + 2 * OID_LEN + 2)
			continue;
		meta[6] = meta[13] = meta[14 + OID_LEN] =
		    meta[15 + 2 * OID_LEN] = '\0';
		c->dstmode = meta + 7;
		c->src = meta + 14;
		c->dst = meta + 15 + OID_LEN;
		c->status = meta[16 + 2 * OID_LEN];
		return 1;
	}
	return 0;
}

/*
 * Whether an object that came is larger than SYNC_FILE_MAX: oids holds
 * lines "OID COMMIT PATH"; the commit and path of the first too large
 * go to which ("COMMIT PATH").
 */
static const char *
oversized(struct sync *s, struct buf *oids, struct buf *which,
    struct herr *e)
{
	static const char *const args[] = { "cat-file",
	    "--batch-check=%(objectsize) %(rest)", NULL };
	struct buf out = BUF_INIT;
	const char *p, *l, *sp;
	size_t n;
	int r;

	r = git_run(&s->g, args, oids->p, oids->len, &out, NULL, e);
	if (r != 0) {
		buf_free(&out);
		return "";
	}
	p = out.p;
	while (line_next(&p, out.p + out.len, &l, &n, NULL) == 1) {
		if ((sp = memchr(l, ' ', n)) == NULL ||
		    strtoll(l, NULL, 10) <= SYNC_FILE_MAX)
			continue;
		buf_reset(which);
		if (buf_add(which, sp + 1, n - (size_t)(sp + 1 - l)) == -1 ||
		    buf_nul(which) == -1)
			return "";
		buf_free(&out);
		return "an oversized file";
	}
	buf_free(&out);
	return NULL;
}

static void
block(struct sync *s, const char *why)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/.git/hearth-blocked", s->st->path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd != -1) {
		(void)io_write_all(fd, why, strlen(why));
		close(fd);
	}
}

/*
 * Check every change of every commit that came.  A refusal names the
 * commit and the path, is kept for sync_blocked, and is HX_DATAERR.
 */
static int
check(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT, oids = BUF_INIT, big = BUF_INIT;
	char range[2 * OID_LEN + 8], ign[OID_LEN + 1], attr[OID_LEN + 1];
	char *p, *sp;
	struct change c;
	const char *why = NULL;
	int r = -1;

	if (s->theirs[0] == '\0')
		return 0;
	snprintf(range, sizeof(range), "%s", s->theirs);
	if (GITV(s, NULL, NULL, e, "rev-parse", "-q", "--verify", "HEAD") == 0)
		snprintf(range, sizeof(range), "HEAD..%s", s->theirs);
	if (our_oid(s, gitignore, ign, e) == -1 ||
	    our_oid(s, gitattributes, attr, e) == -1 ||
	    GIT(s, &out, e, "log", "-z", "--raw", "-m", "--no-renames",
	    "--no-abbrev", "--format=%x01%H", range) == -1 ||
	    buf_nul(&out) == -1)
		goto out;
	memset(&c, 0, sizeof(c));
	c.commit = "";
	p = out.p;
	while (why == NULL && next_change(&p, out.p + out.len, &c))
		if ((why = refused(s, &c, ign, attr, e)) == NULL &&
		    c.status != 'D' && buf_printf(&oids, "%s %s %s\n", c.dst,
		    c.commit, c.path) == -1)
			goto out;
	if (why != NULL && *why == '\0')
		goto out;
	if (why == NULL && oids.len > 0 &&
	    (why = oversized(s, &oids, &big, e)) != NULL) {
		if (*why == '\0' || (sp = strchr(big.p, ' ')) == NULL)
			goto out;
		*sp = '\0';
		c.commit = big.p;
		c.path = sp + 1;
	}
	if (why != NULL) {
		herr_set(e, HX_DATAERR, "refused what came from the remote: "
		    "commit %.12s: %s: %s; nothing was merged", c.commit,
		    c.path, why);
		block(s, e->msg);
		goto out;
	}
	r = 0;
out:
	buf_free(&out);
	buf_free(&oids);
	buf_free(&big);
	return r;
}

int
sync_blocked(const struct store *st, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = openat(st->dirfd, ".git/hearth-blocked", O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return 0;
	n = io_pread_all(fd, buf, len - 1, 0);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return 1;
}

/* ---- merge ---- */

/* A set of lines, for unions: open addressing on text_hash. */
struct lineset {
	struct {
		uint64_t	 h;
		const char	*p;
		size_t		 n;
	}		*v;
	size_t		 cap, n;
};

static int
set_has(const struct lineset *ls, const char *p, size_t n, uint64_t h)
{
	size_t i;

	if (ls->cap == 0)
		return 0;
	for (i = h & (ls->cap - 1); ls->v[i].p != NULL;
	    i = (i + 1) & (ls->cap - 1))
		if (ls->v[i].h == h && ls->v[i].n == n &&
		    memcmp(ls->v[i].p, p, n) == 0)
			return 1;
	return 0;
}

/* The lines of text[0..len) into ls (sized for them). */
static int
set_fill(struct lineset *ls, const char *text, size_t len)
{
	const char *p = text, *l;
	size_t n, lines = 0, i;
	uint64_t h;

	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	for (ls->cap = 16; ls->cap < 2 * (lines + 1); ls->cap *= 2)
		;
	if ((ls->v = calloc(ls->cap, sizeof(*ls->v))) == NULL)
		return -1;
	while (line_next(&p, text + len, &l, &n, NULL) == 1) {
		h = text_hash(l, n);
		if (set_has(ls, l, n, h))
			continue;
		for (i = h & (ls->cap - 1); ls->v[i].p != NULL;
		    i = (i + 1) & (ls->cap - 1))
			;
		ls->v[i].h = h;
		ls->v[i].p = l;
		ls->v[i].n = n;
		ls->n++;
	}
	return 0;
}

/*
 * out = the lines of mine, then those of theirs that mine does not have,
 * in their order; new gets those added lines too (may be NULL).  A last
 * line without LF gets one.
 */
static int
line_union(const struct buf *mine, const struct buf *theirs,
    struct buf *out, struct buf *added, size_t *nadded)
{
	struct lineset ls = { NULL, 0, 0 };
	const char *p = theirs->p, *l;
	size_t n;
	int r = -1;

	buf_reset(out);
	if (set_fill(&ls, mine->p, mine->len) == -1 ||
	    buf_add(out, mine->p, mine->len) == -1 ||
	    (out->len > 0 && out->p[out->len - 1] != '\n' &&
	    buf_addc(out, '\n') == -1))
		goto done;
	while (line_next(&p, theirs->p + theirs->len, &l, &n, NULL) == 1) {
		if (n == 0 || set_has(&ls, l, n, text_hash(l, n)))
			continue;
		if (buf_add(out, l, n) == -1 || buf_addc(out, '\n') == -1 ||
		    (added != NULL && (buf_add(added, l, n) == -1 ||
		    buf_addc(added, '\n') == -1)))
			goto done;
		if (nadded != NULL)
			(*nadded)++;
	}
	r = 0;
done:
	free(ls.v);
	return r;
}

/* The bytes of the store's file path (none when it is missing). */
static int
read_worktree(struct sync *s, const char *path, struct buf *b,
    struct herr *e)
{
	char chunk[65536];
	ssize_t n;
	int fd;

	buf_reset(b);
	fd = openat(s->st->dirfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? 0 : herr_errno(e,
		    herr_code_for(errno), errno, "%s/%s", s->st->path, path);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_add(b, chunk, (size_t)n) == -1)
			break;
	close(fd);
	if (n != 0)
		return herr_errno(e, HX_IOERR, errno ? errno : ENOMEM, "%s/%s",
		    s->st->path, path);
	return 0;
}

static struct sync_arrival *
arrival(struct sync *s, const char *dir, const char *author)
{
	struct sync_report *rep = s->rep;
	struct sync_arrival *v;
	size_t i;

	for (i = 0; i < rep->n; i++)
		if (strcmp(rep->v[i].dir, dir) == 0 &&
		    strcmp(rep->v[i].author, author) == 0)
			return &rep->v[i];
	if ((v = reallocarray(rep->v, rep->n + 1, sizeof(*v))) == NULL)
		return NULL;
	rep->v = v;
	v = &rep->v[rep->n++];
	memset(v, 0, sizeof(*v));
	strlcpy(v->dir, dir, sizeof(v->dir));
	strlcpy(v->author, author, sizeof(v->author));
	return v;
}

/*
 * The new content of path, which came as theirs: another author's log
 * is taken as it came, unless this machine has lines of it that are not
 * committed (a shared computer, or a sync killed half way); the author's
 * own log and a deck become the union of their lines.
 */
static int
merge_file(struct sync *s, const char *path, const char *ours_oid,
    const char *oid, struct herr *e)
{
	struct buf mine = BUF_INIT, theirs = BUF_INIT, head = BUF_INIT;
	struct buf out = BUF_INIT;
	struct sync_arrival *a = NULL, none = { "", "", BUF_INIT, 0 };
	char dir[64], author[AUTHOR_MAX + 1];
	const char *slash = strchr(path, '/');
	int other, r = -1;

	other = is_log(path, dir, sizeof(dir), author) &&
	    strcmp(author, s->author) != 0;
	if (read_worktree(s, path, &mine, e) == -1 ||
	    GIT(s, &theirs, e, "cat-file", "blob", oid) == -1 ||
	    (strcmp(ours_oid, "0000000000000000000000000000000000000000") !=
	    0 && GIT(s, &head, e, "cat-file", "blob", ours_oid) == -1))
		goto done;
	if (other && (a = arrival(s, dir, author)) == NULL)
		goto nomem;
	if (line_union(&mine, &theirs, &out, a ? &a->lines : &none.lines,
	    a ? &a->n : &none.n) == -1)
		goto nomem;
	if (other && mine.len == head.len && (mine.len == 0 ||
	    memcmp(mine.p, head.p, mine.len) == 0)) {
		/* Nothing of it here but what was committed: theirs. */
		buf_reset(&out);
		if (buf_add(&out, theirs.p, theirs.len) == -1)
			goto nomem;
	}
	r = 0;
	if (out.len != mine.len || memcmp(out.p, mine.p, out.len) != 0) {
		char folder[64];

		memcpy(folder, path, (size_t)(slash - path));
		folder[slash - path] = '\0';
		r = store_replace(s->st, folder, slash + 1, out.p, out.len, e);
	}
	goto done;
nomem:
	herr_errno(e, HX_IOERR, ENOMEM, "memory");
done:
	buf_free(&mine);
	buf_free(&theirs);
	buf_free(&head);
	buf_free(&out);
	buf_free(&none.lines);
	return r;
}

/* Make the commit that joins ours and theirs, or move to theirs. */
static int
merge_commit(struct sync *s, const char *head, struct herr *e)
{
	struct buf tree = BUF_INIT, ttree = BUF_INIT, c = BUF_INIT;
	struct buf msg = BUF_INIT;
	char ref[BRANCH_MAX + 16], treeid[OID_LEN + 1], theirs_tree[64];
	const char *to;
	int r = -1;

	snprintf(ref, sizeof(ref), "refs/heads/%s", s->branch);
	snprintf(theirs_tree, sizeof(theirs_tree), "%s^{tree}", s->theirs);
	if (GIT(s, &tree, e, "write-tree") == -1 ||
	    GIT(s, &ttree, e, "rev-parse", theirs_tree) == -1)
		goto out;
	strlcpy(treeid, first_line(&tree), sizeof(treeid));
	if (strcmp(treeid, first_line(&ttree)) == 0)
		to = s->theirs;		/* theirs holds all of ours */
	else {
		if (buf_printf(&msg, "%s: merge", s->author) == -1 ||
		    buf_nul(&msg) == -1) {
			herr_errno(e, HX_IOERR, ENOMEM, "memory");
			goto out;
		}
		if ((head[0] != '\0' ? GIT(s, &c, e, "commit-tree", treeid,
		    "-p", head, "-p", s->theirs, "-m", msg.p) :
		    GIT(s, &c, e, "commit-tree", treeid, "-p", s->theirs,
		    "-m", msg.p)) == -1)
			goto out;
		to = first_line(&c);
	}
	if (head[0] != '\0')
		r = GIT(s, NULL, e, "update-ref", ref, to, head);
	else
		r = GIT(s, NULL, e, "update-ref", ref, to);
	if (r == 0 && (r = GIT(s, NULL, e, "read-tree", "HEAD")) == 0)
		s->rep->merged = 1;
out:
	buf_free(&tree);
	buf_free(&ttree);
	buf_free(&c);
	buf_free(&msg);
	return r;
}

/*
 * Merge what came: each file theirs changed, then the commit.  Called
 * with the folders' locks held.
 */
static int
merge(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT, h = BUF_INIT;
	struct change c;
	char head[OID_LEN + 1] = "", *p;
	const char *args[4];
	int r = -1;

	if (s->theirs[0] == '\0')
		return 0;
	if (GITV(s, &h, NULL, e, "rev-parse", "-q", "--verify", "HEAD") == 0)
		strlcpy(head, first_line(&h), sizeof(head));
	if (head[0] != '\0' && GITV(s, NULL, NULL, e, "merge-base",
	    "--is-ancestor", s->theirs, "HEAD") == 0) {
		buf_free(&h);
		return 0;	/* nothing new */
	}
	if (head[0] == '\0')
		s->rep->joined = 1;
	else if (GITV(s, NULL, NULL, e, "merge-base", head, s->theirs) != 0)
		s->rep->joined = 1;	/* unrelated histories */
	if (GIT(s, &out, e, "diff", "-z", "--raw", "--no-renames",
	    "--no-abbrev", head[0] != '\0' ? "HEAD" :
	    "4b825dc642cb6eb9a060e54bf8d69288fbee4904", s->theirs) == -1 ||
	    buf_nul(&out) == -1)
		goto out;
	memset(&c, 0, sizeof(c));
	p = out.p;
	while (next_change(&p, out.p + out.len, &c)) {
		if (c.status == 'D' || strcmp(c.path, ".gitignore") == 0 ||
		    strcmp(c.path, ".gitattributes") == 0)
			continue;	/* theirs lacks it: ours stays */
		if (merge_file(s, c.path, c.src, c.dst, e) == -1)
			goto out;
		args[0] = "add";
		args[1] = "--";
		args[2] = c.path;
		args[3] = NULL;
		if (git_ok(s, NULL, e, args) == -1)
			goto out;
	}
	r = merge_commit(s, head, e);
out:
	buf_free(&out);
	buf_free(&h);
	return r;
}

/* ---- modes ---- */

static int
fix_mode(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	mode_t want;

	if (flag == FTW_D || flag == FTW_DP)
		want = 0700;
	else if (flag == FTW_F)
		want = (sb->st_mode & 0200) ? 0600 : 0400;
	else
		return 0;	/* a link is never followed, nor changed */
	if ((sb->st_mode & 07777) != want)
		(void)chmod(path, want);
	return 0;
}

/* Every folder 0700 and every file 0600 or 0400, .git included. */
static void
fix_modes(struct sync *s)
{
	(void)nftw(s->st->path, fix_mode, 32, FTW_PHYS);
}

/* ---- push ---- */

/* 0 pushed, 1 the remote moved on meanwhile, -1 an error. */
static int
push(struct sync *s, struct herr *e)
{
	struct buf err = BUF_INIT;
	char spec[BRANCH_MAX + 32];
	int r;

	snprintf(spec, sizeof(spec), "HEAD:refs/heads/%s", s->branch);
	r = GITV(s, NULL, &err, e, "push", "-q", "origin", spec);
	if (r > 0) {
		if (buf_nul(&err) == 0 && (strstr(err.p, "[rejected]") ||
		    strstr(err.p, "fetch first") ||
		    strstr(err.p, "non-fast-forward")))
			r = 1;
		else {
			herr_set(e, HX_UNAVAIL, "cannot push to the remote: "
			    "%s; your entries are committed here and go with "
			    "the next sync", git_reason(&err));
			r = -1;
		}
	} else if (r == 0)
		s->rep->pushed = 1;
	buf_free(&err);
	return r;
}

/* Whether the remote already has our HEAD. */
static int
pushed_already(struct sync *s, struct herr *e)
{
	struct buf h = BUF_INIT;
	int same;

	same = GITV(s, &h, NULL, e, "rev-parse", "-q", "--verify", "HEAD") ==
	    0 && s->theirs[0] != '\0' && strcmp(first_line(&h), s->theirs) == 0;
	buf_free(&h);
	return same;
}

/* ---- the whole ---- */

static double
sync_timeout(void)
{
	const char *v = getenv("HEARTH_SYNC_TIMEOUT");
	char *end;
	double t;

	if (v == NULL || *v == '\0')
		return TIMEOUT_DEFAULT;
	t = strtod(v, &end);
	if (*end != '\0' || !(t > 0) || t > 86400)
		return TIMEOUT_DEFAULT;
	return t;
}

/* One round: commit, fetch, check, merge, push; 1 to go round again. */
static int
round_trip(struct sync *s, struct herr *e)
{
	int r;

	if (lock_all(s, e) == -1)
		return -1;
	r = commit_own(s, e);
	unlock_all(s);
	if (r == -1 || fetch(s, e) == -1 || check(s, e) == -1)
		return -1;
	if (lock_all(s, e) == -1)
		return -1;
	r = commit_own(s, e) == -1 || merge(s, e) == -1 ? -1 : 0;
	unlock_all(s);
	if (r == -1)
		return -1;
	if (pushed_already(s, e))
		return 0;
	return push(s, e);
}

int
sync_run(struct store *st, const char *author, const char *url,
    struct sync_report *rep, struct herr *e)
{
	struct sync s;
	char path[PATH_MAX];
	int lk, r = -1, i;

	memset(&s, 0, sizeof(s));
	memset(rep, 0, sizeof(*rep));
	s.st = st;
	s.author = author;
	s.rep = rep;
	s.g.dir = st->path;
	s.g.author = author;
	s.g.timeout = sync_timeout();
	lk = openat(st->dirfd, ".sync.lock", O_RDWR | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (lk == -1)
		return herr_errno(e, herr_code_for(errno), errno,
		    "%s/.sync.lock", st->path);
	if (flock(lk, LOCK_EX | LOCK_NB) == -1) {
		close(lk);
		return herr_set(e, HX_TEMPFAIL, "another hearth sync is "
		    "running; try again");
	}
	if (ensure_repo(&s, url, e) == -1)
		goto out;
	mend(&s);
	for (i = 0; i < TRIES && (r = round_trip(&s, e)) == 1; i++)
		;
	if (r == 1) {
		herr_set(e, HX_TEMPFAIL, "the remote kept moving while this "
		    "machine synced; try again");
		r = -1;
	}
	if (r == 0) {
		snprintf(path, sizeof(path), "%s/.git/hearth-blocked",
		    st->path);
		(void)unlink(path);
	}
out:
	fix_modes(&s);
	close(lk);
	return r;
}

void
sync_report_free(struct sync_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		buf_free(&rep->v[i].lines);
	free(rep->v);
	rep->v = NULL;
	rep->n = 0;
}
