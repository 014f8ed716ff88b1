/*
 * paths: where the store and the config live, and who is writing (see
 * paths.h).
 *
 * Every answer is computed from the environment on each call; nothing is
 * cached, so a test can change a variable and ask again.  Empty variables
 * count as unset, as the XDG base directory specification says, and a
 * relative HEARTH_DIR, XDG_* value or HOME is refused.  Trailing slashes
 * of a base directory are dropped before "/hearth" is added, so messages
 * show tidy paths; HEARTH_DIR is used exactly as given.  A path that does
 * not fit the caller's buffer is an error (ENAMETOOLONG), never a silent
 * cut.
 *
 * An author name becomes a file name (<store>/<tool>/<author>.log), so it
 * is checked here, wherever it comes from, and a bad one is reported with
 * its source so that the user knows what to fix.
 *
 * The login name is looked up in /etc/passwd by this file, not through
 * getlogin(3) or getpwuid(3): the tools are linked statically, and glibc's
 * NSS in a static program loads the shared libraries of the glibc it was
 * built with, at run time.  The login name is the name of the audit login
 * uid (/proc/self/loginuid, what getlogin(3) reads, so su(1) keeps it),
 * else of the effective uid.  A user that only NSS knows (LDAP, sssd) is
 * told to set a name, as is anyone whose login name is not a valid author.
 * The file is a stranger's as much as ours: each line is parsed strictly
 * (seven fields, a decimal uid), a malformed line is no match, and it is
 * read in a buffer of fixed size; a file larger than PASSWD_MAX is not
 * read at all.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "text.h"

#define AUTHOR_HINT	"(use a-z, 0-9, '.', '_', '-')"
#define PASSWD		"/etc/passwd"
#define PASSWD_MAX	(16 * 1024 * 1024)
#define LOGINUID	"/proc/self/loginuid"
#define UID_UNSET	4294967295U	/* the kernel's (uid_t)-1: no login */

/* The value of name when it is set and not empty, else NULL. */
static const char *
env(const char *name)
{
	const char *s = getenv(name);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* buf = base (without trailing slashes) + tail; var names base. */
static int
join(char *buf, size_t len, const char *base, const char *tail,
    const char *var, struct herr *e)
{
	size_t n = strlen(base), t = strlen(tail);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (n >= len || t >= len - n) {
		errno = ENAMETOOLONG;
		return herr_errno(e, HX_CONFIG, ENAMETOOLONG, "%s", var);
	}
	memcpy(buf, base, n);
	memcpy(buf + n, tail, t + 1);
	return 0;
}

/*
 * A relative path in var (HEARTH_DIR, an XDG variable, HOME) is refused:
 * the XDG rules call it invalid, and the store would move with the
 * working directory.
 */
static int
relative(const char *var, const char *s, struct herr *e)
{
	return herr_set(e, HX_CONFIG, "%s is a relative path ('%s'); give an "
	    "absolute one", var, s);
}

/* The XDG variable var + tail when set, else HOME + home_tail. */
static int
xdg_path(char *buf, size_t len, const char *var, const char *tail,
    const char *home_tail, struct herr *e)
{
	char home[PATH_MAX];
	const char *s;

	if ((s = env(var)) != NULL)
		return s[0] == '/' ? join(buf, len, s, tail, var, e) :
		    relative(var, s, e);
	if ((s = env("HOME")) == NULL) {
		/* cron's bare environment (env -i): the passwd entry's home. */
		if (paths_passwd_home(PASSWD, geteuid(), home, sizeof(home)) ==
		    -1)
			return herr_set(e, HX_CONFIG, "HOME is not set");
		s = home;
	}
	if (s[0] != '/')
		return relative("HOME", s, e);
	return join(buf, len, s, home_tail, "HOME", e);
}

int
paths_store(char *buf, size_t len, struct herr *e)
{
	const char *s;

	if ((s = env("HEARTH_DIR")) != NULL) {
		if (s[0] != '/')
			return relative("HEARTH_DIR", s, e);
		if (strlcpy(buf, s, len) >= len) {
			errno = ENAMETOOLONG;
			return herr_errno(e, HX_CONFIG, ENAMETOOLONG,
			    "HEARTH_DIR");
		}
		return 0;
	}
	return xdg_path(buf, len, "XDG_DATA_HOME", "/hearth",
	    "/.local/share/hearth", e);
}

int
paths_state(char *buf, size_t len, struct herr *e)
{
	return xdg_path(buf, len, "XDG_STATE_HOME", "/hearth",
	    "/.local/state/hearth", e);
}

int
paths_cache(char *buf, size_t len, struct herr *e)
{
	return xdg_path(buf, len, "XDG_CACHE_HOME", "/hearth",
	    "/.cache/hearth", e);
}

int
paths_config(char *buf, size_t len, struct herr *e)
{
	return xdg_path(buf, len, "XDG_CONFIG_HOME", "/hearth/config",
	    "/.config/hearth/config", e);
}

int
author_valid(const char *name)
{
	size_t i;

	if (name == NULL || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		if (i >= AUTHOR_MAX)
			return 0;
		if ((name[i] < 'a' || name[i] > 'z') &&
		    (name[i] < '0' || name[i] > '9') &&
		    name[i] != '.' && name[i] != '_' && name[i] != '-')
			return 0;
	}
	return i > 0;
}

/*
 * The uid spelled by s[0..len): decimal digits only, no sign, no space,
 * below UID_UNSET.  0, or -1 when it is not one.
 */
static int
parse_uid(const char *s, size_t len, uid_t *uid)
{
	unsigned long long v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		/* v stays below 2^32, so this never wraps. */
		v = v * 10 + (unsigned long long)(s[i] - '0');
		if (v >= UID_UNSET)
			return -1;
	}
	*uid = (uid_t)v;
	return 0;
}

/*
 * Whether line[0..len) is a passwd entry name:passwd:uid:gid:gecos:dir:shell
 * for uid; *name and *namelen are its name.  A line of another shape, a
 * NUL anywhere, a comment ("#"), a NIS "+"/"-" entry, or a name that is
 * empty or holds a blank or a control character is no match.
 */
static int
passwd_match(const char *line, size_t len, uid_t uid, int field,
    const char **name, size_t *namelen)
{
	const char *f[7], *p = line, *end = line + len, *c;
	size_t flen[7], i;
	uid_t u;

	if (memchr(line, '\0', len) != NULL)
		return 0;
	for (i = 0; i < 7; i++) {
		c = memchr(p, ':', (size_t)(end - p));
		if ((c == NULL) != (i == 6))
			return 0;
		if (c == NULL)
			c = end;
		f[i] = p;
		flen[i] = (size_t)(c - p);
		p = c + 1;
	}
	if (flen[0] == 0 || f[0][0] == '+' || f[0][0] == '-' ||
	    f[0][0] == '#' || parse_uid(f[2], flen[2], &u) == -1 || u != uid)
		return 0;
	for (i = 0; i < flen[0]; i++)
		if ((unsigned char)f[0][i] <= ' ' || f[0][i] == 0x7f)
			return 0;
	/* A home is an absolute path without control characters. */
	if (field == 5 && (flen[5] == 0 || f[5][0] != '/'))
		return 0;
	for (i = 0; field == 5 && i < flen[5]; i++)
		if ((unsigned char)f[5][i] < ' ' || f[5][i] == 0x7f)
			return 0;
	*name = f[field];
	*namelen = flen[field];
	return 1;
}

/* Field field (0: the name, 5: the home) of uid's passwd entry. */
static int
passwd_field(const char *path, uid_t uid, int field, char *buf, size_t len)
{
	struct linereader lr;
	struct stat sb;
	const char *line, *name = NULL;
	size_t n, namelen = 0;
	int fd, r, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > PASSWD_MAX) {
		close(fd);
		errno = S_ISREG(sb.st_mode) ? EFBIG : EINVAL;
		return -1;
	}
	linereader_init(&lr, fd, 0, sb.st_size);
	while ((r = linereader_next(&lr, &line, &n)) > 0) {
		/* An overlong line, every piece of it, is nobody's. */
		if (!lr.longline &&
		    passwd_match(line, n, uid, field, &name, &namelen))
			break;
	}
	saved = r == -1 ? errno : name == NULL ? ENOENT :
	    namelen >= len ? ENAMETOOLONG : 0;
	if (saved == 0) {
		memcpy(buf, name, namelen);
		buf[namelen] = '\0';
	}
	linereader_free(&lr);
	close(fd);
	if (saved != 0) {
		errno = saved;
		return -1;
	}
	return 0;
}

int
paths_passwd_name(const char *path, uid_t uid, char *buf, size_t len)
{
	return passwd_field(path, uid, 0, buf, len);
}

int
paths_passwd_home(const char *path, uid_t uid, char *buf, size_t len)
{
	return passwd_field(path, uid, 5, buf, len);
}

/* The audit login uid, or -1 when there is none (a daemon, a container). */
static int
login_uid(uid_t *uid)
{
	char b[16];
	ssize_t n;
	int fd;

	if ((fd = open(LOGINUID, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = io_pread_all(fd, b, sizeof(b), 0);
	close(fd);
	if (n <= 0 || (size_t)n == sizeof(b))
		return -1;
	if (b[n - 1] == '\n')
		n--;
	return parse_uid(b, (size_t)n, uid);
}

/* The login name (see the top of the file) into buf, or -1. */
static int
login_name(char *buf, size_t len)
{
	uid_t uid;

	if (login_uid(&uid) == 0 &&
	    paths_passwd_name(PASSWD, uid, buf, len) == 0)
		return 0;
	return paths_passwd_name(PASSWD, geteuid(), buf, len);
}

int
paths_login(char *buf, size_t len)
{
	return login_name(buf, len);
}

int
paths_author(const struct config *cfg, char *buf, size_t len,
    struct herr *e)
{
	char login[LOGIN_NAME_MAX + 1], q[80];
	const char *s, *src, *hint = "";

	if ((s = env("HEARTH_AUTHOR")) != NULL)
		src = "HEARTH_AUTHOR";
	else if (cfg != NULL && (s = config_get(cfg, "name")) != NULL)
		src = "config name";
	else {
		src = "login name";
		hint = "; set name in the config";
		if (login_name(login, sizeof(login)) == 0)
			s = login;
		else
			return herr_set(e, HX_CONFIG, "cannot find the login "
			    "name; set HEARTH_AUTHOR or name in the config");
	}
	if (!author_valid(s)) {
		text_excerpt(q, sizeof(q), s, strlen(s));
		return herr_set(e, HX_CONFIG,
		    "%s '%s' is not a valid author name " AUTHOR_HINT "%s",
		    src, q, hint);
	}
	if (strlcpy(buf, s, len) >= len) {
		errno = ENAMETOOLONG;
		return herr_errno(e, HX_CONFIG, ENAMETOOLONG, "%s", src);
	}
	return 0;
}
