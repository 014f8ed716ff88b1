/*
 * config: the "key = value" file (see config.h).
 *
 * The file is small and read whole with read(2) into one buffer, capped
 * at CONFIG_MAX bytes so that a wrong path (a log, a device) cannot make
 * a tool allocate without bound.  Entries keep the order in which their
 * keys first appeared (in the file, then through config_set), which is
 * the order config_save appends new keys in.  A value is everything after
 * the first '=', trimmed: '=' and '#' inside it are literal (there are no
 * inline comments).  config_load starts cfg afresh without freeing what
 * it held; config_free it first when reusing it.
 *
 * config_set accepts only what config_load would read back unchanged: a
 * valid key, a value of valid UTF-8 without LF and without white space at
 * either end, and a valid author name for "name" and "partner".
 * Anything else is EINVAL, so what config_save writes from cfg always
 * loads again.
 *
 * config_save never loses a user's line.  It reads the file as it is now
 * and copies every line through, in place: comments, blank lines, unknown
 * keys and even lines it cannot parse.  A setting line whose key cfg
 * holds with a different value is rewritten as "key = value" ("key =" for
 * an empty value); when a key appears on several lines, each of them is
 * rewritten, so the later line, which wins, says the same.  Keys of cfg
 * found on no line are appended.  A file that cannot be read (or is past
 * the cap) is not overwritten: the save fails.  Missing directories are
 * made, 0700 each, as mkdir -p does.  The result goes to a temp file in the
 * same directory (mkstemp: O_CREAT|O_EXCL, 0600), which is fsynced and
 * renamed over the file; then the directory is fsynced.  When the path is
 * a symbolic link (a dotfiles repository), the link's target is replaced
 * and the link kept.  Two concurrent saves do not corrupt the file; the
 * later rename wins.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "text.h"

#define CONFIG_MAX	65536	/* bytes in the file */
#define WS		" \t\r\f\v"

enum line_kind {
	LINE_SKIP,	/* blank or comment */
	LINE_SET,	/* key = value */
	LINE_NOEQ,	/* no '=' */
	LINE_NOKEY,	/* nothing before '=' */
	LINE_BADKEY	/* a key that is not [a-z_][a-z0-9_]* */
};

struct line {
	const char	*key;
	size_t		 klen;
	const char	*val;
	size_t		 vlen;
};

static int
is_ws(char c)
{
	return c != '\0' && strchr(WS, c) != NULL;
}

static int
key_valid(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || !((k[0] >= 'a' && k[0] <= 'z') || k[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return 0;
	return 1;
}

/* Trim s[0..*n) at both ends; returns the new start. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && is_ws(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && is_ws(s[*n - 1]))
		(*n)--;
	return s;
}

/* Classify the line s[0..n) (no LF) and find its key and value. */
static enum line_kind
parse_line(const char *s, size_t n, struct line *l)
{
	const char *eq;

	s = trim(s, &n);
	if (n == 0 || s[0] == '#')
		return LINE_SKIP;
	if ((eq = memchr(s, '=', n)) == NULL)
		return LINE_NOEQ;
	l->klen = (size_t)(eq - s);
	l->key = trim(s, &l->klen);
	l->vlen = n - (size_t)(eq - s) - 1;
	l->val = trim(eq + 1, &l->vlen);
	if (l->klen == 0)
		return LINE_NOKEY;
	if (!key_valid(l->key, l->klen))
		return LINE_BADKEY;
	return LINE_SET;
}

/*
 * Read path whole into *data (*len bytes, NUL-terminated).  A missing
 * file sets *data to NULL and returns 0.
 */
static int
read_file(const char *path, char **data, size_t *len, struct herr *e)
{
	struct stat st;
	char *p;
	size_t n = 0;
	ssize_t r;
	int fd, saved;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1) {
		if (errno == ENOENT)
			return 0;
		return herr_errno(e, HX_CONFIG, errno, "%s", path);
	}
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		return herr_errno(e, HX_CONFIG, saved, "%s", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return herr_set(e, HX_CONFIG, "%s: not a regular file", path);
	}
	if (st.st_size > CONFIG_MAX) {
		close(fd);
		return herr_set(e, HX_CONFIG, "%s: larger than 64 KiB", path);
	}
	if ((p = malloc(CONFIG_MAX + 2)) == NULL) {
		saved = errno;
		close(fd);
		return herr_errno(e, HX_CONFIG, saved, "%s", path);
	}
	/* Read one byte past the cap to see a file that grew meanwhile. */
	while (n <= CONFIG_MAX) {
		r = read(fd, p + n, CONFIG_MAX + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			saved = errno;
			free(p);
			close(fd);
			return herr_errno(e, HX_CONFIG, saved, "%s", path);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > CONFIG_MAX) {
		free(p);
		return herr_set(e, HX_CONFIG, "%s: larger than 64 KiB", path);
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

static int
find(const struct config *cfg, const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < cfg->n; i++)
		if (strncmp(cfg->v[i].key, key, klen) == 0 &&
		    cfg->v[i].key[klen] == '\0')
			return (int)i;
	return -1;
}

/* Set key[0..klen) to val[0..vlen), unchecked.  -1 on ENOMEM. */
static int
set(struct config *cfg, const char *key, size_t klen, const char *val,
    size_t vlen)
{
	struct config_entry *v;
	char *k, *s;
	int i;

	if ((s = strndup(val, vlen)) == NULL)
		return -1;
	if ((i = find(cfg, key, klen)) != -1) {
		free(cfg->v[i].value);
		cfg->v[i].value = s;
		return 0;
	}
	if ((k = strndup(key, klen)) == NULL ||
	    (v = reallocarray(cfg->v, cfg->n + 1, sizeof(*v))) == NULL) {
		free(k);
		free(s);
		return -1;
	}
	cfg->v = v;
	v[cfg->n].key = k;
	v[cfg->n].value = s;
	cfg->n++;
	return 0;
}

/* Whether key must hold an author name. */
static int
is_name_key(const char *key, size_t klen)
{
	return (klen == 4 && memcmp(key, "name", 4) == 0) ||
	    (klen == 7 && memcmp(key, "partner", 7) == 0);
}

static int
parse(struct config *cfg, const char *path, const char *data, size_t len,
    struct herr *e)
{
	const char *p = data, *s;
	struct line l;
	char q[80], name[AUTHOR_MAX + 1];
	size_t lineno = 0, n, bad;

	while (line_next(&p, data + len, &s, &n, NULL) == 1) {
		lineno++;
		if (text_utf8_check(s, n, &bad) == -1)
			return herr_set(e, HX_CONFIG, "%s:%zu: %s", path,
			    lineno, s[bad] == '\0' ? "NUL byte" :
			    "invalid UTF-8");
		switch (parse_line(s, n, &l)) {
		case LINE_SKIP:
			continue;
		case LINE_NOEQ:
			return herr_set(e, HX_CONFIG, "%s:%zu: missing '='",
			    path, lineno);
		case LINE_NOKEY:
			return herr_set(e, HX_CONFIG, "%s:%zu: missing key",
			    path, lineno);
		case LINE_BADKEY:
			text_excerpt(q, sizeof(q), l.key, l.klen);
			return herr_set(e, HX_CONFIG, "%s:%zu: bad key '%s'",
			    path, lineno, q);
		case LINE_SET:
			break;
		}
		if (is_name_key(l.key, l.klen)) {
			name[0] = '\0';
			if (l.vlen < sizeof(name)) {
				memcpy(name, l.val, l.vlen);
				name[l.vlen] = '\0';
			}
			if (!author_valid(name)) {
				text_excerpt(q, sizeof(q), l.val, l.vlen);
				return herr_set(e, HX_CONFIG,
				    "%s:%zu: bad name '%s'", path, lineno, q);
			}
		}
		if (set(cfg, l.key, l.klen, l.val, l.vlen) == -1)
			return herr_errno(e, HX_CONFIG, errno, "%s", path);
	}
	return 0;
}

int
config_load(struct config *cfg, const char *path, struct herr *e)
{
	char *data;
	size_t len;
	int r;

	cfg->v = NULL;
	cfg->n = 0;
	if (read_file(path, &data, &len, e) == -1)
		return -1;
	if (data == NULL)
		return 0;
	r = parse(cfg, path, data, len, e);
	free(data);
	if (r == -1)
		config_free(cfg);
	return r;
}

const char *
config_get(const struct config *cfg, const char *key)
{
	int i;

	if ((i = find(cfg, key, strlen(key))) == -1)
		return NULL;
	return cfg->v[i].value;
}

int
config_set(struct config *cfg, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);

	if (!key_valid(key, klen) || strchr(value, '\n') != NULL ||
	    text_utf8_check(value, vlen, NULL) == -1 ||
	    (vlen > 0 && (is_ws(value[0]) || is_ws(value[vlen - 1]))) ||
	    (is_name_key(key, klen) && !author_valid(value))) {
		errno = EINVAL;
		return -1;
	}
	return set(cfg, key, klen, value, vlen);
}

void
config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n; i++) {
		free(cfg->v[i].key);
		free(cfg->v[i].value);
	}
	free(cfg->v);
	cfg->v = NULL;
	cfg->n = 0;
}

static int
add_setting(struct buf *b, const struct config_entry *ce)
{
	if (ce->value[0] == '\0')
		return buf_printf(b, "%s =\n", ce->key);
	return buf_printf(b, "%s = %s\n", ce->key, ce->value);
}

/* The new text of the file: old[0..oldlen) with cfg merged in. */
static int
merge(struct buf *b, const struct config *cfg, const char *old,
    size_t oldlen)
{
	const char *p = old, *s;
	struct line l;
	char *seen;
	size_t i, n;
	int j, r = -1;

	if ((seen = calloc(cfg->n + 1, 1)) == NULL)
		return -1;
	while (line_next(&p, old + oldlen, &s, &n, NULL) == 1) {
		if (parse_line(s, n, &l) == LINE_SET &&
		    (j = find(cfg, l.key, l.klen)) != -1) {
			seen[j] = 1;
			if (strlen(cfg->v[j].value) != l.vlen ||
			    memcmp(cfg->v[j].value, l.val, l.vlen) != 0) {
				if (add_setting(b, &cfg->v[j]) == -1)
					goto out;
				continue;
			}
		}
		if (buf_add(b, s, n) == -1 || buf_addc(b, '\n') == -1)
			goto out;
	}
	for (i = 0; i < cfg->n; i++)
		if (!seen[i] && add_setting(b, &cfg->v[i]) == -1)
			goto out;
	r = 0;
out:
	free(seen);
	return r;
}

/* Make directory p unless it is one; a new one is 0700 whatever the umask. */
static int
make_dir(const char *p, struct herr *e)
{
	struct stat st;

	if (stat(p, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return herr_errno(e, HX_CANTCREAT, ENOTDIR, "%s", p);
		return 0;
	}
	if (errno != ENOENT)
		return herr_errno(e, herr_code_for(errno), errno, "%s", p);
	if (mkdir(p, 0700) == -1) {
		if (errno == EEXIST)	/* made meanwhile */
			return 0;
		return herr_errno(e, herr_code_for(errno), errno, "%s", p);
	}
	/* A strict umask (0777) must not take the owner's own bits. */
	if (chmod(p, 0700) == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s", p);
	return 0;
}

/* mkdir -p dir. */
static int
make_dirs(const char *dir, struct herr *e)
{
	char p[PATH_MAX];
	size_t i, n;

	if ((n = strlcpy(p, dir, sizeof(p))) >= sizeof(p))
		return herr_errno(e, HX_CANTCREAT, ENAMETOOLONG, "%s", dir);
	for (i = 1; i <= n; i++) {
		if ((p[i] != '/' && p[i] != '\0') || p[i - 1] == '/')
			continue;
		p[i] = '\0';
		if (make_dir(p, e) == -1)
			return -1;
		if (i < n)
			p[i] = '/';
	}
	return 0;
}

/*
 * Where to write path: the target of a symbolic link (which is kept, and
 * its target replaced), else path itself; its directory and base name.
 */
static int
save_target(const char *path, char target[PATH_MAX], char dir[PATH_MAX],
    const char **base, struct herr *e)
{
	struct stat st;
	const char *slash;

	if (lstat(path, &st) == -1 || !S_ISLNK(st.st_mode) ||
	    realpath(path, target) == NULL) {
		if (strlcpy(target, path, PATH_MAX) >= PATH_MAX)
			return herr_errno(e, HX_CANTCREAT, ENAMETOOLONG, "%s",
			    path);
	}
	if ((slash = strrchr(target, '/')) == NULL) {
		strlcpy(dir, ".", PATH_MAX);
		*base = target;
	} else {
		if (slash == target)
			strlcpy(dir, "/", PATH_MAX);
		else {
			memcpy(dir, target, (size_t)(slash - target));
			dir[slash - target] = '\0';
		}
		*base = slash + 1;
	}
	if (**base == '\0')
		return herr_errno(e, HX_CANTCREAT, EISDIR, "%s", path);
	return 0;
}

/*
 * Replace target with b's bytes: a temp file in dir, fsync, rename over,
 * fsync of dir.  Errors name path.
 */
static int
replace_file(const struct buf *b, const char *target, const char *dir,
    const char *base, const char *path, struct herr *e)
{
	char tmp[PATH_MAX];
	int fd, dfd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base) >=
	    sizeof(tmp))
		return herr_errno(e, HX_CANTCREAT, ENAMETOOLONG, "%s", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s", path);
	if (fchmod(fd, 0600) == -1 || io_write_all(fd, b->p, b->len) == -1 ||
	    fsync(fd) == -1) {
		herr_errno(e, herr_code_for(errno), errno, "%s", path);
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, target) == -1) {
		herr_errno(e, herr_code_for(errno), errno, "%s", path);
		unlink(tmp);
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return herr_errno(e, herr_code_for(errno), errno, "%s", dir);
	saved = fsync(dfd) == -1 ? errno : 0;
	close(dfd);
	if (saved != 0)
		return herr_errno(e, HX_IOERR, saved, "%s", dir);
	return 0;
}

int
config_save(const struct config *cfg, const char *path, struct herr *e)
{
	char target[PATH_MAX], dir[PATH_MAX];
	struct buf b = BUF_INIT;
	const char *base = NULL;
	char *old = NULL;
	size_t oldlen;
	int r = -1;

	if (save_target(path, target, dir, &base, e) == -1 ||
	    make_dirs(dir, e) == -1 ||
	    read_file(target, &old, &oldlen, e) == -1)
		return -1;
	if (merge(&b, cfg, old != NULL ? old : "", oldlen) == -1)
		herr_errno(e, HX_IOERR, errno, "%s", path);
	else if (b.len > CONFIG_MAX)
		herr_set(e, HX_CONFIG, "%s: would be larger than 64 KiB",
		    path);
	else
		r = replace_file(&b, target, dir, base, path, e);
	free(old);
	buf_free(&b);
	return r;
}
