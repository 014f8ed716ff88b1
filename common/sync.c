/*
 * sync: the steps of hearth sync (see sync.h for the design).
 *
 *	lock	.sync.lock in the store, so that one sync runs at a time
 *	mend	remove git's lock files that a killed run left behind,
 *		before any git run (git dies with hearth, so none is
 *		running still)
 *	repo	git init, hearth's .gitignore and .gitattributes, the
 *		remote and the branch (the one the remote's HEAD names,
 *		else its only branch, else "main"); a remote that cannot
 *		be reached leaves the branch HEAD names, for this run only
 *	commit	the author's own logs and the decks, under the folders'
 *		locks (and again before the merge, when they changed)
 *	fetch	the remote's branch, with a time limit
 *	check	every commit that came, before anything is merged
 *	merge	hearth's merge, under the folders' locks
 *	push	and, when the remote moved on meanwhile (a push that is
 *		not a fast forward, or that lost the race for the
 *		remote's ref), again from commit
 *	modes	0700 folders, 0600 (or 0400) files, .git included
 *
 * Each step costs git runs, and a sync runs from cron on small machines:
 * the config is read once, HEAD is kept rather than asked for again,
 * blobs come by pairs from one cat-file --batch, and what the merge
 * changed is added in one run.
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
	char			 head[OID_LEN + 1];	/* "" when none */
	char			 theirs[OID_LEN + 1];	/* "" when none */
	char			 theirs_tree[OID_LEN + 1];
	struct herr		 offline;	/* code 0, or why the remote
						   could not be reached */
	struct buf		 decks;		/* the decks git knows */
	int			 decks_known;
	struct buf		 stamp;		/* the own files as committed */
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

/*
 * Write a file at the store's root, whole or not at all; nothing is
 * written when it already holds data.  The temp file has a fixed name
 * (one sync runs at a time), so a killed run leaves none to pile up.
 */
static int
root_file(struct store *st, const char *name, const char *data,
    struct herr *e)
{
	char tmp[NAME_MAX + 1], path[PATH_MAX], old[1024];
	size_t len = strlen(data);
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", st->path, name);
	snprintf(tmp, sizeof(tmp), ".sync-%s.tmp", name + 1);
	if ((fd = openat(st->dirfd, name, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		n = io_pread_all(fd, old, sizeof(old), 0);
		close(fd);
	}
	if (n == (ssize_t)len && memcmp(old, data, len) == 0)
		return 0;
	fd = openat(st->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s", path);
	if (io_write_all(fd, data, len) == -1 || fsync(fd) == -1) {
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

/* Whether name can be a branch of ours: letters, digits, "._-/". */
static int
branch_valid(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= BRANCH_MAX && name[0] != '-' && name[0] != '.' &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-/") == n && strstr(name, "..") == NULL &&
	    name[n - 1] != '/' && strstr(name, "//") == NULL &&
	    (n < 5 || strcmp(name + n - 5, ".lock") != 0);
}

/*
 * The branch to use of what git ls-remote --symref printed: the one the
 * remote's HEAD names when the remote has it, else its only branch, else
 * main (an empty remote, or one with several branches and no HEAD).
 */
static void
pick_branch(const char *out, char *branch)
{
	const char *p, *end;
	char head[BRANCH_MAX + 1] = "", only[BRANCH_MAX + 1] = "";
	char want[BRANCH_MAX + 32];
	int heads = 0;

	if ((p = strstr(out, "ref: refs/heads/")) != NULL && (p == out ||
	    p[-1] == '\n') && (end = strchr(p + 16, '\t')) != NULL &&
	    (size_t)(end - p - 16) <= BRANCH_MAX) {
		memcpy(head, p + 16, (size_t)(end - p - 16));
		head[end - p - 16] = '\0';
	}
	for (p = out; (p = strstr(p, "\trefs/heads/")) != NULL; p = end) {
		p += 12;
		end = p + strcspn(p, "\n");
		if ((size_t)(end - p) > BRANCH_MAX)
			continue;
		heads++;
		memcpy(only, p, (size_t)(end - p));
		only[end - p] = '\0';
	}
	snprintf(want, sizeof(want), "\trefs/heads/%s\n", head);
	if (head[0] != '\0' && branch_valid(head) && strstr(out, want) != NULL)
		strlcpy(branch, head, BRANCH_MAX + 1);
	else if (heads == 1 && branch_valid(only))
		strlcpy(branch, only, BRANCH_MAX + 1);
	else
		strlcpy(branch, "main", BRANCH_MAX + 1);
}

/* The branch of the remote to sync with (pick_branch); -1 unreachable. */
static int
remote_branch(struct sync *s, char *branch, struct herr *e)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int r;

	r = GITV(s, &out, &err, e, "ls-remote", "--symref", "origin");
	if (r > 0)
		herr_set(e, HX_UNAVAIL, "cannot reach the remote: %s; your "
		    "entries are committed here and go with the next sync",
		    git_reason(&err));
	if (r == 0 && buf_nul(&out) == -1)
		r = herr_errno(e, HX_IOERR, ENOMEM, "memory");
	if (r == 0)
		pick_branch(out.p, branch);
	buf_free(&out);
	buf_free(&err);
	return r == 0 ? 0 : -1;
}

/* What the repository's config says of hearth's settings. */
struct repo_config {
	int	 set;			/* core.symlinks, core.fileMode and
					   gc.autoDetach as hearth sets them */
	int	 remote;		/* remote.origin.url is set */
	int	 same;			/* and is the url given */
	char	 branch[BRANCH_MAX + 1]; /* hearth.branch, "" when not set */
};

/* One "key\nvalue" of git config -z -l into rc. */
static void
config_entry(const char *kv, const char *url, struct repo_config *rc)
{
	const char *nl = strchr(kv, '\n'), *v = nl != NULL ? nl + 1 : "";
	size_t k = nl != NULL ? (size_t)(nl - kv) : strlen(kv);

#define KEY(name) (k == sizeof(name) - 1 && memcmp(kv, name, k) == 0)
	if (KEY("core.symlinks") && strcmp(v, "false") == 0)
		rc->set |= 1;
	else if (KEY("core.filemode") && strcmp(v, "true") == 0)
		rc->set |= 2;
	else if (KEY("gc.autodetach") && strcmp(v, "false") == 0)
		rc->set |= 4;
	else if (KEY("remote.origin.url")) {
		rc->remote = 1;
		rc->same = url != NULL && strcmp(v, url) == 0;
	} else if (KEY("hearth.branch") && branch_valid(v))
		strlcpy(rc->branch, v, sizeof(rc->branch));
#undef KEY
}

static int
read_config(struct sync *s, const char *url, struct repo_config *rc,
    struct herr *e)
{
	struct buf out = BUF_INIT;
	const char *p;

	memset(rc, 0, sizeof(*rc));
	if (GIT(s, &out, e, "config", "-z", "--local", "-l") == -1) {
		buf_free(&out);
		return -1;
	}
	if (buf_nul(&out) == -1) {
		buf_free(&out);
		return herr_errno(e, HX_IOERR, ENOMEM, "memory");
	}
	for (p = out.p; p < out.p + out.len; p += strlen(p) + 1)
		config_entry(p, url, rc);
	buf_free(&out);
	return 0;
}

/* The branch HEAD names, from .git/HEAD, into name ("" when none). */
static void
head_branch(struct sync *s, char *name)
{
	char b[BRANCH_MAX + 32];
	ssize_t n = -1;
	int fd;

	name[0] = '\0';
	if ((fd = openat(s->st->dirfd, ".git/HEAD", O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		n = io_pread_all(fd, b, sizeof(b) - 1, 0);
		close(fd);
	}
	if (n < 17 || memcmp(b, "ref: refs/heads/", 16) != 0 ||
	    b[n - 1] != '\n')
		return;
	b[n - 1] = '\0';
	if (branch_valid(b + 16))
		strlcpy(name, b + 16, BRANCH_MAX + 1);
}

/*
 * Our branch: the one kept in the config, unless ask; else the remote's
 * (kept for next time).  A remote that cannot be reached leaves the
 * branch HEAD names (or main) for this run, and s->offline set, so that
 * the entries are committed all the same.  HEAD then names the branch.
 */
static int
set_branch(struct sync *s, const struct repo_config *rc, int ask,
    struct herr *e)
{
	char ref[BRANCH_MAX + 16], now[BRANCH_MAX + 1];

	head_branch(s, now);
	if (!ask && rc->branch[0] != '\0')
		strlcpy(s->branch, rc->branch, sizeof(s->branch));
	else if (remote_branch(s, s->branch, e) == -1) {
		if (e->code != HX_UNAVAIL)
			return -1;
		s->offline = *e;
		strlcpy(s->branch, now[0] != '\0' ? now : "main",
		    sizeof(s->branch));
	} else if (strcmp(s->branch, rc->branch) != 0 &&
	    GIT(s, NULL, e, "config", "hearth.branch", s->branch) == -1)
		return -1;
	if (strcmp(now, s->branch) == 0)
		return 0;
	snprintf(ref, sizeof(ref), "refs/heads/%s", s->branch);
	/* HEAD names the branch, whether or not it has a commit yet. */
	if (s->head[0] != '\0')
		return GIT(s, NULL, e, "branch", "-M", s->branch);
	return GIT(s, NULL, e, "symbolic-ref", "HEAD", ref);
}

/* HEAD's commit into s->head ("" when there is none yet). */
static int
read_head(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT;
	int r;

	s->head[0] = '\0';
	r = GITV(s, &out, NULL, e, "rev-parse", "-q", "--verify", "HEAD");
	if (r == 0)
		strlcpy(s->head, first_line(&out), sizeof(s->head));
	buf_free(&out);
	return r == -1 ? -1 : 0;
}

/*
 * The store as hearth's repository: made when it is not one, hearth's
 * two files, its settings, the remote (url, or the one set before:
 * HX_USAGE when there is none) and the branch.
 */
static int
ensure_repo(struct sync *s, const char *url, struct herr *e)
{
	struct repo_config rc;
	int fresh = !sync_enabled(s->st);

	/* Nothing is made of a store that has nowhere to sync to. */
	if (fresh && url == NULL)
		return herr_set(e, HX_USAGE, "no remote yet: run hearth sync "
		    "URL once");
	if (url != NULL && (*url == '\0' || *url == '-'))
		return herr_set(e, HX_USAGE, "bad remote URL '%s'", url);
	if (fresh) {
		if (GIT(s, NULL, e, "init", "-q") == -1)
			return -1;
		s->rep->created = 1;
	}
	if (root_file(s->st, ".gitignore", gitignore, e) == -1 ||
	    root_file(s->st, ".gitattributes", gitattributes, e) == -1 ||
	    read_config(s, url, &rc, e) == -1 || read_head(s, e) == -1)
		return -1;
	if (rc.set != 7 && (GIT(s, NULL, e, "config", "core.symlinks",
	    "false") == -1 || GIT(s, NULL, e, "config", "core.fileMode",
	    "true") == -1 || GIT(s, NULL, e, "config", "gc.autoDetach",
	    "false") == -1))
		return -1;
	if (url == NULL && !rc.remote)
		return herr_set(e, HX_USAGE, "no remote yet: run hearth sync "
		    "URL once");
	if (url != NULL && !rc.same && GIT(s, NULL, e, "remote",
	    rc.remote ? "set-url" : "add", "--", "origin", url) == -1)
		return -1;
	return set_branch(s, &rc, fresh || (url != NULL && !rc.same), e);
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

/* The decks git knows, NUL-separated, once a round (git ls-files). */
static int
known_decks(struct sync *s, struct herr *e)
{
	if (s->decks_known)
		return 0;
	if (GIT(s, &s->decks, e, "ls-files", "-z", "--", "decks") == -1)
		return -1;
	s->decks_known = 1;
	return 0;
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
	struct dirent *de;
	struct stat sb;
	size_t n, i;
	DIR *d;
	int fd;

	if (known_decks(s, e) == -1)
		return -1;
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
	if (buf_add(paths, s->decks.p, s->decks.len) == -1)
		goto nomem;
	return 0;
nomem:
	return herr_errno(e, HX_IOERR, ENOMEM, "memory");
}

/* What fstatat says of each path (NUL-separated), into stamp. */
static int
own_stamp(struct sync *s, const struct buf *paths, struct buf *stamp)
{
	const char *p;
	struct stat sb;

	buf_reset(stamp);
	for (p = paths->p; p < paths->p + paths->len; p += strlen(p) + 1) {
		if (fstatat(s->st->dirfd, p, &sb, AT_SYMLINK_NOFOLLOW) == -1)
			memset(&sb, 0, sizeof(sb));
		if (buf_printf(stamp, "%s %lld %lld.%09ld %llu %o\n", p,
		    (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
		    sb.st_mtim.tv_nsec, (unsigned long long)sb.st_ino,
		    (unsigned)sb.st_mode) == -1)
			return -1;
	}
	return 0;
}

/* git add and git commit of paths; 1 when there was nothing to commit. */
static int
add_commit(struct sync *s, const struct buf *paths, struct herr *e)
{
	static const char *const add[] = { "add", "-A",
	    "--pathspec-from-file=-", "--pathspec-file-nul", NULL };
	struct buf out = BUF_INIT, err = BUF_INIT, msg = BUF_INIT;
	int r;

	r = git_run(&s->g, add, paths->p, paths->len, NULL, &err, e);
	if (r > 0)
		herr_set(e, HX_IOERR, "%s: git add: %s", s->st->path,
		    git_reason(&err));
	if (r == 0 && (buf_printf(&msg, "%s: entries of this machine",
	    s->author) == -1 || buf_nul(&msg) == -1))
		r = herr_errno(e, HX_IOERR, ENOMEM, "memory");
	if (r == 0)
		r = GITV(s, &out, &err, e, "commit", "-q", "--no-verify",
		    "-m", msg.p);
	/* Nothing staged: git says so on stdout, and exits 1. */
	if (r == 1 && buf_nul(&out) == 0 && (strstr(out.p, "nothing") ||
	    strstr(out.p, "no changes")))
		r = 1;
	else if (r > 0)
		r = herr_set(e, HX_IOERR, "%s: git commit: %s", s->st->path,
		    git_reason(&err));
	buf_free(&out);
	buf_free(&err);
	buf_free(&msg);
	return r;
}

/*
 * Commit the author's own logs, the decks and hearth's files.  again:
 * nothing is done when none of them changed since the last commit of
 * this run (the folders' locks are held, so none can change meanwhile).
 */
static int
commit_own(struct sync *s, int again, struct herr *e)
{
	struct buf paths = BUF_INIT, stamp = BUF_INIT;
	int r = -1;

	if (own_paths(s, &paths, e) == -1)
		goto out;
	if (own_stamp(s, &paths, &stamp) == -1) {
		herr_errno(e, HX_IOERR, ENOMEM, "memory");
		goto out;
	}
	if (again && stamp.len == s->stamp.len &&
	    memcmp(stamp.p, s->stamp.p, stamp.len) == 0) {
		r = 0;
		goto out;
	}
	if ((r = add_commit(s, &paths, e)) == -1)
		goto out;
	buf_reset(&s->stamp);
	if (buf_add(&s->stamp, stamp.p, stamp.len) == -1) {
		r = herr_errno(e, HX_IOERR, ENOMEM, "memory");
		goto out;
	}
	r = r == 1 ? 0 : read_head(s, e);
out:
	buf_free(&paths);
	buf_free(&stamp);
	return r;
}

/* ---- fetch ---- */

/* Fetch the remote's branch; s->theirs its commit, "" when it has none. */
static int
fetch(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	char spec[2 * BRANCH_MAX + 40], ref[BRANCH_MAX + 32];
	char tree[BRANCH_MAX + 40];
	const char *nl;
	int r;

	snprintf(spec, sizeof(spec), "+refs/heads/%s:refs/remotes/origin/%s",
	    s->branch, s->branch);
	snprintf(ref, sizeof(ref), "refs/remotes/origin/%s", s->branch);
	snprintf(tree, sizeof(tree), "%s^{tree}", ref);
	s->theirs[0] = s->theirs_tree[0] = '\0';
	r = GITV(s, &out, &err, e, "fetch", "-q", "--no-tags",
	    "--no-write-fetch-head", "origin", spec);
	if (r > 0 && buf_nul(&err) == 0 &&
	    strstr(err.p, "couldn't find remote ref") != NULL)
		r = 0;		/* an empty remote, or one without our branch */
	else if (r > 0)
		herr_set(e, HX_UNAVAIL, "cannot reach the remote: %s; your "
		    "entries are committed here and go with the next sync",
		    git_reason(&err));
	/* Their commit and its tree; none when the remote has no commit. */
	if (r == 0 && GITV(s, &out, NULL, e, "rev-parse", ref, tree) == 0 &&
	    buf_nul(&out) == 0 && (nl = strchr(out.p, '\n')) != NULL &&
	    nl - out.p == OID_LEN && strlen(nl + 1) > OID_LEN) {
		strlcpy(s->theirs, out.p, sizeof(s->theirs));
		strlcpy(s->theirs_tree, nl + 1, sizeof(s->theirs_tree));
	}
	buf_free(&out);
	buf_free(&err);
	return r == 0 ? 0 : -1;
}

/* ---- lines: sets and unions ---- */

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

/*
 * Whether every line of a[0..alen) is a line of b[0..blen): 1 or 0, -1
 * out of memory.  Order and repeats do not count.
 */
static int
lines_within(const char *a, size_t alen, const char *b, size_t blen)
{
	struct lineset ls = { NULL, 0, 0 };
	const char *p = a, *l;
	size_t n;
	int r = 1;

	if (set_fill(&ls, b, blen) == -1)
		return -1;
	while (r == 1 && line_next(&p, a + alen, &l, &n, NULL) == 1)
		if (!set_has(&ls, l, n, text_hash(l, n)))
			r = 0;
	free(ls.v);
	return r;
}

/* ---- blobs ---- */

static int
null_oid(const char *oid)
{
	return oid == NULL || strspn(oid, "0") == strlen(oid);
}

/*
 * The contents of two blobs of the repository, ids a and b, into ba
 * and bb, with one git cat-file --batch; an id that is NULL or all
 * zeros (no file) gives an empty buffer.
 */
static int
blobs(struct sync *s, const char *a, struct buf *ba, const char *b,
    struct buf *bb, struct herr *e)
{
	static const char *const args[] = { "cat-file", "--batch", NULL };
	struct buf in = BUF_INIT, out = BUF_INIT;
	const char *ids[2] = { a, b }, *p, *nl, *sp;
	struct buf *to[2] = { ba, bb };
	unsigned long long size;
	int i, r = -1;

	for (i = 0; i < 2; i++) {
		buf_reset(to[i]);
		if (!null_oid(ids[i]) && buf_printf(&in, "%s\n", ids[i]) == -1)
			goto nomem;
	}
	if (in.len == 0)
		return 0;
	if (git_run(&s->g, args, in.p, in.len, &out, NULL, e) != 0) {
		if (e->code == 0 || out.len > 0)
			herr_set(e, HX_IOERR, "%s: git cat-file failed",
			    s->st->path);
		goto out;
	}
	p = out.p;
	for (i = 0; i < 2; i++) {
		if (null_oid(ids[i]))
			continue;
		if ((nl = memchr(p, '\n', out.len - (size_t)(p - out.p))) ==
		    NULL || (sp = memrchr(p, ' ', (size_t)(nl - p))) == NULL ||
		    (size = strtoull(sp + 1, NULL, 10)) > (size_t)(out.p +
		    out.len - nl - 1) || memcmp(sp - 5, " blob", 5) != 0) {
			herr_set(e, HX_IOERR, "%s: git cat-file: no blob %s",
			    s->st->path, ids[i]);
			goto out;
		}
		if (buf_add(to[i], nl + 1, (size_t)size) == -1)
			goto nomem;
		p = nl + 1 + size + (nl + 1 + size < out.p + out.len);
	}
	r = 0;
	goto out;
nomem:
	herr_errno(e, HX_IOERR, ENOMEM, "memory");
out:
	buf_free(&in);
	buf_free(&out);
	return r;
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

/*
 * The object ids of hearth's two files as this machine has them (as
 * ensure_repo wrote them), with one git hash-object.
 */
static int
our_oids(struct sync *s, char ign[OID_LEN + 1], char attr[OID_LEN + 1],
    struct herr *e)
{
	struct buf out = BUF_INIT;
	const char *nl;
	int r = -1;

	if (GIT(s, &out, e, "hash-object", "--", ".gitignore",
	    ".gitattributes") == -1)
		goto out;
	if (buf_nul(&out) == -1 || (nl = strchr(out.p, '\n')) == NULL ||
	    nl - out.p != OID_LEN || strlen(nl + 1) < OID_LEN) {
		herr_set(e, HX_IOERR, "%s: git hash-object failed",
		    s->st->path);
		goto out;
	}
	strlcpy(ign, out.p, OID_LEN + 1);
	strlcpy(attr, nl + 1, OID_LEN + 1);
	r = 0;
out:
	buf_free(&out);
	return r;
}

/*
 * Whether a change of the author's own log (from the blob src to dst)
 * keeps every line of it: 1 or 0, -1 with e set.  The lines may come in
 * another order (the union of two devices' logs) but none may go.
 */
static int
own_lines_kept(struct sync *s, const char *src, const char *dst,
    struct herr *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int r = -1;

	if (blobs(s, src, &a, dst, &b, e) == 0 &&
	    (r = lines_within(a.p, a.len, b.p, b.len)) == -1)
		herr_errno(e, HX_IOERR, ENOMEM, "memory");
	buf_free(&a);
	buf_free(&b);
	return r;
}

/*
 * Why change c may not come in, or NULL: what its path and mode say.
 * The sizes and the lines of the author's own logs are checked after.
 */
static const char *
refused(const struct change *c, const char *ign, const char *attr)
{
	char dir[64], author[AUTHOR_MAX + 1];

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

/* The largest file a sync takes in: HEARTH_SYNC_FILE_MAX, else SYNC_FILE_MAX. */
static long long
file_max(void)
{
	const char *v = getenv("HEARTH_SYNC_FILE_MAX");
	long long n;
	char *end;

	if (v == NULL || *v == '\0')
		return SYNC_FILE_MAX;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || errno != 0 || n < 1)
		return SYNC_FILE_MAX;
	return n;
}

/*
 * Whether an object that came is larger than file_max(): oids holds
 * lines "OID COMMIT PATH"; the commit and path of the first too large
 * go to which ("COMMIT PATH").  "" with e set when git failed.
 */
static const char *
oversized(struct sync *s, const struct buf *oids, struct buf *which,
    struct herr *e)
{
	static const char *const args[] = { "cat-file",
	    "--batch-check=%(objectsize) %(rest)", NULL };
	struct buf out = BUF_INIT;
	const char *p, *l, *sp, *why = NULL;
	long long max = file_max();
	size_t n;
	int r;

	r = git_run(&s->g, args, oids->p, oids->len, &out, NULL, e);
	if (r > 0)
		herr_set(e, HX_IOERR, "%s: git cat-file failed", s->st->path);
	if (r != 0)
		why = "";
	p = out.p;
	while (why == NULL && line_next(&p, out.p + out.len, &l, &n,
	    NULL) == 1) {
		if ((sp = memchr(l, ' ', n)) == NULL ||
		    strtoll(l, NULL, 10) <= max)
			continue;
		buf_reset(which);
		why = "an oversized file";
		if (buf_add(which, sp + 1, n - (size_t)(sp + 1 - l)) == -1 ||
		    buf_nul(which) == -1) {
			herr_errno(e, HX_IOERR, ENOMEM, "memory");
			why = "";
		}
	}
	buf_free(&out);
	return why;
}

/*
 * Whether each change of the author's own logs keeps every line: owns
 * holds lines "SRC DST COMMIT PATH"; the commit and path of the first
 * that does not go to which.  "" with e set when git failed.
 */
static const char *
own_removed(struct sync *s, const struct buf *owns, struct buf *which,
    struct herr *e)
{
	const char *p = owns->p, *l;
	char src[OID_LEN + 1], dst[OID_LEN + 1];
	size_t n;
	int r;

	while (line_next(&p, owns->p + owns->len, &l, &n, NULL) == 1) {
		if (n < 2 * OID_LEN + 2)
			continue;
		memcpy(src, l, OID_LEN);
		src[OID_LEN] = '\0';
		memcpy(dst, l + OID_LEN + 1, OID_LEN);
		dst[OID_LEN] = '\0';
		if ((r = own_lines_kept(s, src, dst, e)) == -1)
			return "";
		if (r == 1)
			continue;
		buf_reset(which);
		if (buf_add(which, l + 2 * OID_LEN + 2, n - 2 * OID_LEN - 2) ==
		    -1 || buf_nul(which) == -1) {
			herr_errno(e, HX_IOERR, ENOMEM, "memory");
			return "";
		}
		return "removes or rewrites a line of your own log";
	}
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
 * The changes of the commits in range, each checked by refused(); those
 * that add a file go to oids ("OID COMMIT PATH"), those that change the
 * author's own logs to owns ("SRC DST COMMIT PATH").  The reason of the
 * first refused, with c naming it, or NULL; "" with e set on an error.
 */
static const char *
changes(struct sync *s, const char *range, struct buf *out, struct change *c,
    struct buf *oids, struct buf *owns, struct herr *e)
{
	char ign[OID_LEN + 1], attr[OID_LEN + 1], dir[64];
	char author[AUTHOR_MAX + 1];
	const char *why = NULL;
	char *p;

	if (our_oids(s, ign, attr, e) == -1 ||
	    GIT(s, out, e, "log", "-z", "--raw", "-m", "--root",
	    "--no-renames", "--no-abbrev", "--format=%x01%H", range) == -1)
		return "";
	if (buf_nul(out) == -1)
		goto nomem;
	memset(c, 0, sizeof(*c));
	c->commit = "";
	p = out->p;
	while (why == NULL && next_change(&p, out->p + out->len, c)) {
		if ((why = refused(c, ign, attr)) != NULL || c->status == 'D')
			continue;
		if (buf_printf(oids, "%s %s %s\n", c->dst, c->commit,
		    c->path) == -1)
			goto nomem;
		if (c->status == 'M' && is_log(c->path, dir, sizeof(dir),
		    author) && strcmp(author, s->author) == 0 &&
		    buf_printf(owns, "%s %s %s %s\n", c->src, c->dst, c->commit,
		    c->path) == -1)
			goto nomem;
	}
	return why;
nomem:
	herr_errno(e, HX_IOERR, ENOMEM, "memory");
	return "";
}

/*
 * Check every change of every commit that came.  A refusal names the
 * commit and the path, is kept for sync_blocked, and is HX_DATAERR.
 */
static int
check(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT, oids = BUF_INIT, owns = BUF_INIT;
	struct buf which = BUF_INIT;
	char range[2 * OID_LEN + 8], *sp;
	struct change c;
	const char *why;
	int r = -1;

	if (s->theirs[0] == '\0')
		return 0;
	if (s->head[0] != '\0')
		snprintf(range, sizeof(range), "%s..%s", s->head, s->theirs);
	else
		snprintf(range, sizeof(range), "%s", s->theirs);
	why = changes(s, range, &out, &c, &oids, &owns, e);
	if (why == NULL && oids.len > 0)
		why = oversized(s, &oids, &which, e);
	if (why == NULL && owns.len > 0)
		why = own_removed(s, &owns, &which, e);
	if (why != NULL && *why == '\0')
		goto out;
	if (why != NULL && which.len > 0) {
		if ((sp = strchr(which.p, ' ')) == NULL)
			goto out;
		*sp = '\0';
		c.commit = which.p;
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
	buf_free(&owns);
	buf_free(&which);
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
	int other, within = 0, r = -1;

	other = is_log(path, dir, sizeof(dir), author) &&
	    strcmp(author, s->author) != 0;
	if (read_worktree(s, path, &mine, e) == -1 ||
	    blobs(s, oid, &theirs, ours_oid, &head, e) == -1)
		goto done;
	if (other && (a = arrival(s, dir, author)) == NULL)
		goto nomem;
	if (line_union(&mine, &theirs, &out, a ? &a->lines : &none.lines,
	    a ? &a->n : &none.n) == -1)
		goto nomem;
	/*
	 * Theirs as it came when this machine has nothing of another
	 * author's log but what was committed, or no line that theirs
	 * lacks: so two machines end with the same bytes, not each with
	 * its own order of the same lines.
	 */
	if ((other && mine.len == head.len && (mine.len == 0 ||
	    memcmp(mine.p, head.p, mine.len) == 0)) ||
	    (within = lines_within(mine.p, mine.len, theirs.p,
	    theirs.len)) == 1) {
		buf_reset(&out);
		if (buf_add(&out, theirs.p, theirs.len) == -1)
			goto nomem;
	} else if (within == -1)
		goto nomem;
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

/*
 * Make the commit that joins ours and theirs, or move to theirs when it
 * holds all of ours.  The index is the new tree already: write-tree made
 * the tree from it.
 */
static int
merge_commit(struct sync *s, struct herr *e)
{
	struct buf tree = BUF_INIT, c = BUF_INIT, msg = BUF_INIT;
	char ref[BRANCH_MAX + 16], to[OID_LEN + 1];
	int r = -1;

	snprintf(ref, sizeof(ref), "refs/heads/%s", s->branch);
	if (GIT(s, &tree, e, "write-tree") == -1)
		goto out;
	if (strcmp(first_line(&tree), s->theirs_tree) == 0)
		strlcpy(to, s->theirs, sizeof(to));
	else {
		if (buf_printf(&msg, "%s: merge", s->author) == -1 ||
		    buf_nul(&msg) == -1) {
			herr_errno(e, HX_IOERR, ENOMEM, "memory");
			goto out;
		}
		if ((s->head[0] != '\0' ? GIT(s, &c, e, "commit-tree", tree.p,
		    "-p", s->head, "-p", s->theirs, "-m", msg.p) :
		    GIT(s, &c, e, "commit-tree", tree.p, "-p", s->theirs,
		    "-m", msg.p)) == -1)
			goto out;
		strlcpy(to, first_line(&c), sizeof(to));
	}
	if (s->head[0] != '\0')
		r = GIT(s, NULL, e, "update-ref", ref, to, s->head);
	else
		r = GIT(s, NULL, e, "update-ref", ref, to);
	if (r == 0) {
		strlcpy(s->head, to, sizeof(s->head));
		s->rep->merged = 1;
	}
out:
	buf_free(&tree);
	buf_free(&c);
	buf_free(&msg);
	return r;
}

/*
 * Whether theirs has anything that HEAD lacks: 1 when it does, 0 when
 * HEAD holds it already, -1 on an error.  A history with nothing in
 * common with ours (a first sync) is a join.
 */
static int
news_came(struct sync *s, struct herr *e)
{
	struct buf out = BUF_INIT;
	int r;

	if (s->head[0] == '\0') {
		s->rep->joined = 1;
		return 1;
	}
	r = GITV(s, &out, NULL, e, "merge-base", s->head, s->theirs);
	if (r == 0 && strcmp(first_line(&out), s->theirs) == 0)
		r = 0;		/* theirs is in our history */
	else if (r == 0)
		r = 1;
	else if (r == 1) {
		s->rep->joined = 1;	/* unrelated histories */
		r = 1;
	} else if (r > 1)
		r = herr_set(e, HX_IOERR, "%s: git merge-base failed",
		    s->st->path);
	buf_free(&out);
	return r;
}

/*
 * Merge what came: each file theirs changed, then the commit.  Called
 * with the folders' locks held.
 */
static int
merge(struct sync *s, struct herr *e)
{
	static const char *const add[] = { "add", "--pathspec-from-file=-",
	    "--pathspec-file-nul", NULL };
	struct buf out = BUF_INIT, paths = BUF_INIT;
	struct change c;
	char *p;
	int r;

	if (s->theirs[0] == '\0' || (r = news_came(s, e)) <= 0)
		return s->theirs[0] == '\0' ? 0 : r;
	r = -1;
	if (GIT(s, &out, e, "diff", "-z", "--raw", "--no-renames",
	    "--no-abbrev", s->head[0] != '\0' ? s->head :
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
		if (add_path(&paths, c.path) == -1) {
			herr_errno(e, HX_IOERR, ENOMEM, "memory");
			goto out;
		}
	}
	if (paths.len > 0 && (r = git_run(&s->g, add, paths.p, paths.len,
	    NULL, NULL, e)) != 0) {
		if (r > 0)
			herr_set(e, HX_IOERR, "%s: git add failed",
			    s->st->path);
		r = -1;
		goto out;
	}
	r = merge_commit(s, e);
out:
	buf_free(&out);
	buf_free(&paths);
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
	/*
	 * The hub moved on since the fetch: a push that is not a fast
	 * forward, or one that lost the race for the hub's ref to another
	 * push (the hub's ref lock, or its old value, changed under it).
	 */
	if (r > 0) {
		if (buf_nul(&err) == 0 && (strstr(err.p, "[rejected]") ||
		    strstr(err.p, "fetch first") ||
		    strstr(err.p, "non-fast-forward") ||
		    strstr(err.p, "cannot lock ref") ||
		    strstr(err.p, "failed to update ref") ||
		    strstr(err.p, "incorrect old value")))
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

/* Commit the own files under the folders' locks (commit_own). */
static int
commit_locked(struct sync *s, int again, struct herr *e)
{
	int r;

	if (lock_all(s, e) == -1)
		return -1;
	r = commit_own(s, again, e);
	unlock_all(s);
	return r;
}

/* One round: commit, fetch, check, merge, push; 1 to go round again. */
static int
round_trip(struct sync *s, struct herr *e)
{
	int r;

	s->decks_known = 0;
	if (commit_locked(s, 0, e) == -1 || fetch(s, e) == -1 ||
	    check(s, e) == -1)
		return -1;
	if (lock_all(s, e) == -1)
		return -1;
	r = commit_own(s, 1, e) == -1 || merge(s, e) == -1 ? -1 : 0;
	unlock_all(s);
	if (r == -1)
		return -1;
	if (s->theirs[0] != '\0' && strcmp(s->head, s->theirs) == 0)
		return 0;	/* the remote has our HEAD already */
	return push(s, e);
}

/* The rounds, once the repository is ready. */
static int
rounds(struct sync *s, struct herr *e)
{
	int r = -1, i;

	if (s->offline.code != 0) {
		/* The entries are committed, for the next sync. */
		if (commit_locked(s, 0, e) == 0)
			*e = s->offline;
		return -1;
	}
	for (i = 0; i < TRIES && (r = round_trip(s, e)) == 1; i++)
		;
	if (r == 1)
		r = herr_set(e, HX_TEMPFAIL, "the remote kept moving while "
		    "this machine synced; try again");
	return r;
}

int
sync_run(struct store *st, const char *author, const char *url,
    struct sync_report *rep, struct herr *e)
{
	struct sync s;
	int lk, r = -1;

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
	/* Before any git run: a killed run's locks would stop it. */
	mend(&s);
	if (ensure_repo(&s, url, e) == 0 && (r = rounds(&s, e)) == 0)
		(void)unlinkat(st->dirfd, ".git/hearth-blocked", 0);
	fix_modes(&s);
	buf_free(&s.decks);
	buf_free(&s.stamp);
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
