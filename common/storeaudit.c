/*
 * storeaudit: the store read as an auditor reads it (see store.h).
 *
 * The tools refuse what is wrong (a store others can read, a symbolic
 * link, a file with the wrong owner); the audit opens what it safely can
 * so that it can say what is wrong.  It never follows a symbolic link.
 * Every log is read line by line as the tools read it, with the tool's
 * kinds from the registry, and every problem is handed to the caller as
 * a finding: a path, a line number when it is about data, and a message.
 * With fix, it corrects modes and moves the unterminated tails of the
 * caller's own logs aside (and says so as a finding marked fixed); it
 * never edits or deletes a record, and never changes a byte of another
 * author's log: that log comes from the partner's machine, which mends
 * it, so here it is only reported.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"
#include "storeint.h"

struct audit {
	struct store	*st;
	struct hmoment	 soon;	/* a record after this is from the future */
	const char	*self;	/* whose logs may be mended, or NULL */
	int		 fix;
	store_audit_fn	 fn;
	void		*arg;
};

static void
say(struct audit *a, const char *path, size_t line, int fixed,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
say(struct audit *a, const char *path, size_t line, int fixed,
    const char *fmt, ...)
{
	char msg[PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->fn(a->arg, path, line, msg, fixed);
}

/* Check (and with fix, correct) the mode and owner of fd. */
static void
check_mode(struct audit *a, int fd, const char *path, mode_t want)
{
	struct stat sb;
	unsigned mode;

	if (fstat(fd, &sb) == -1) {
		say(a, path, 0, 0, "%s", strerror(errno));
		return;
	}
	if (sb.st_uid != geteuid())
		say(a, path, 0, 0, "owned by uid %u, not by you",
		    (unsigned)sb.st_uid);
	mode = (unsigned)(sb.st_mode & 07777);
	if (mode == want)
		return;
	if (a->fix && fchmod(fd, want) == 0)
		say(a, path, 0, 1, "mode %04o, set to %04o", mode,
		    (unsigned)want);
	else
		say(a, path, 0, 0, "mode %04o, should be %04o", mode,
		    (unsigned)want);
}

/* The unterminated last line of a log: moved aside with fix, else told. */
static void
torn_tail(struct audit *a, const char *tool, const char *author,
    const char *path, size_t lineno, size_t len)
{
	struct herr e;
	size_t moved;

	if (a->self == NULL || strcmp(author, a->self) != 0)
		say(a, path, lineno, 0, "unterminated last line (%zu bytes); "
		    "%s's own machine mends it", len, author);
	else if (a->fix && store_fix_tail(a->st, tool, author, &moved,
	    &e) == 0)
		say(a, path, lineno, 1, "moved an unterminated last line "
		    "(%zu bytes) to %s.torn", moved, path);
	else
		say(a, path, lineno, 0, "unterminated last line (%zu bytes)",
		    len);
}

/* Every line of an open log, as the tools will read it. */
static void
check_lines(struct audit *a, int fd, off_t size, const char *tool,
    const char *author, const char *path)
{
	const struct record_kind *kinds = registry_kinds(tool);
	struct linereader lr;
	struct record r;
	const char *line, *why;
	size_t len, lineno = 0;
	int n, rv, torn, inlong = 0;
	char last;

	torn = size > 0 && (io_pread_all(fd, &last, 1, size - 1) != 1 ||
	    last != '\n');
	linereader_init(&lr, fd, 0, size);
	while ((n = linereader_next(&lr, &line, &len)) > 0) {
		if (lr.longline) {
			/* Reported once, at its first piece. */
			if (!inlong)
				say(a, path, ++lineno, 0,
				    "line longer than 4096 bytes");
			inlong = n == 2;
			continue;
		}
		lineno++;
		if (torn && lr.eof && lr.pos == lr.end) {
			torn_tail(a, tool, author, path, lineno, len);
			break;
		}
		rv = record_read_line(&r, line, len, kinds, author, &why);
		if (rv == -1)
			say(a, path, lineno, 0, "%s", why);
		else if (rv == 1 && date_cmp(&r.when, &a->soon) > 0)
			say(a, path, lineno, 0, "dated %.10s, more than a day "
			    "ahead of this machine's clock; the tools count it "
			    "only once its time has come", r.f[RF_TIME]);
	}
	if (n == -1)
		say(a, path, 0, 0, "%s", strerror(errno));
	linereader_free(&lr);
}

static void
check_log(struct audit *a, int dfd, const char *tool, const char *name,
    const char *path)
{
	char author[NAME_MAX + 1];
	struct stat sb;
	struct herr e;
	size_t alen;
	int fd;

	alen = strlen(name) - 4;
	memcpy(author, name, alen);
	author[alen] = '\0';
	if ((fd = store_openat(dfd, name, O_RDONLY, path, &e)) == -1) {
		say(a, path, 0, 0, "%s", e.msg);
		return;
	}
	check_mode(a, fd, path, 0600);
	if (fstat(fd, &sb) == -1)
		say(a, path, 0, 0, "%s", strerror(errno));
	else
		check_lines(a, fd, sb.st_size, tool, author, path);
	close(fd);
}

static int
is_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* A file of a tool's folder that is not a log. */
static void
check_other(struct audit *a, int dfd, const char *name, const char *path,
    const struct stat *sb)
{
	struct herr e;
	int fd;

	if ((fd = store_openat(dfd, name, O_RDONLY, path, &e)) == -1) {
		say(a, path, 0, 0, "%s", e.msg);
		return;
	}
	check_mode(a, fd, path, 0600);
	close(fd);
	if (is_suffix(name, ".torn") && sb->st_size > 0)
		say(a, path, 0, 0, "%jd bytes set aside from unterminated "
		    "lines; read them, then delete the file",
		    (intmax_t)sb->st_size);
	else if (name[0] == '.' && strcmp(name, ".lock") != 0)
		say(a, path, 0, 0, "left over from an interrupted rewrite; "
		    "compare it with the log, then delete it");
}

static void
check_entry(struct audit *a, int dfd, const char *tool, const char *name,
    const char *path)
{
	struct stat sb;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		say(a, path, 0, 0, "%s", strerror(errno));
	else if (S_ISLNK(sb.st_mode))
		say(a, path, 0, 0, "a symbolic link; the tools refuse it");
	else if (!S_ISREG(sb.st_mode))
		say(a, path, 0, 0, "not a regular file");
	else if (is_suffix(name, ".log"))
		check_log(a, dfd, tool, name, path);
	else
		check_other(a, dfd, name, path, &sb);
}

static void
check_tooldir(struct audit *a, const char *tool)
{
	char path[PATH_MAX], fpath[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int dfd;

	snprintf(path, sizeof(path), "%s/%s", a->st->path, tool);
	dfd = openat(a->st->dirfd, tool, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	if (dfd == -1) {
		say(a, path, 0, 0, "%s", strerror(errno));
		return;
	}
	check_mode(a, dfd, path, 0700);
	if ((dir = fdopendir(dfd)) == NULL) {
		say(a, path, 0, 0, "%s", strerror(errno));
		close(dfd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(fpath, sizeof(fpath), "%s/%s", path, de->d_name);
		check_entry(a, dfd, tool, de->d_name, fpath);
	}
	closedir(dir);
}

int
store_audit(const char *self, int fix, store_audit_fn fn, void *arg,
    char *path, size_t pathlen, struct herr *e)
{
	struct store st;
	struct audit a = { &st, { 0, 0 }, self, fix, fn, arg };
	char fpath[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *dir;
	int fd;

	if (paths_store(st.path, sizeof(st.path), e) == -1 ||
	    date_now(&a.soon, e) == -1)
		return -1;
	a.soon.sec += 86400;
	snprintf(path, pathlen, "%s", st.path);
	if (lstat(st.path, &sb) == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s",
		    st.path);
	if (S_ISLNK(sb.st_mode)) {
		/* Nothing behind it is read: the tools would not read it. */
		say(&a, st.path, 0, 0, "a symbolic link; the tools refuse it "
		    "(set HEARTH_DIR to its target)");
		return 0;
	}
	if ((st.dirfd = open(st.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s",
		    st.path);
	check_mode(&a, st.dirfd, st.path, 0700);
	if ((fd = dup(st.dirfd)) == -1 || (dir = fdopendir(fd)) == NULL) {
		herr_errno(e, HX_IOERR, errno, "%s", st.path);
		if (fd != -1)
			close(fd);
		close(st.dirfd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* ., .., and .git when synced */
		if (fstatat(st.dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ==
		    -1)
			continue;
		snprintf(fpath, sizeof(fpath), "%s/%s", st.path, de->d_name);
		if (S_ISLNK(sb.st_mode))
			say(&a, fpath, 0, 0, "a symbolic link; the tools "
			    "refuse it");
		else if (S_ISDIR(sb.st_mode))
			check_tooldir(&a, de->d_name);
	}
	closedir(dir);
	close(st.dirfd);
	return 0;
}
