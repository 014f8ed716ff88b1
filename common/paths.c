/*
 * paths: where the store and the config live, and who is writing (see
 * paths.h).
 *
 * Every answer is computed from the environment on each call; nothing is
 * cached, so a test can change a variable and ask again.  Empty variables
 * count as unset and a relative XDG_* value is ignored, as the XDG base
 * directory specification says.  Trailing slashes of a base directory are
 * dropped before "/hearth" is added, so messages show tidy paths;
 * HEARTH_DIR is used exactly as given.  A path that does not fit the
 * caller's buffer is an error (ENAMETOOLONG), never a silent cut.
 *
 * An author name becomes a file name (<store>/<tool>/<author>.log), so it
 * is checked here, wherever it comes from, and a bad one is reported with
 * its source so that the user knows what to fix.
 */
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "herr.h"
#include "paths.h"
#include "text.h"

#define AUTHOR_HINT	"(use a-z, 0-9, '.', '_', '-')"

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

/* The XDG variable var + tail when usable, else HOME + home_tail. */
static int
xdg_path(char *buf, size_t len, const char *var, const char *tail,
    const char *home_tail, struct herr *e)
{
	const char *s;

	if ((s = env(var)) != NULL && s[0] == '/')
		return join(buf, len, s, tail, var, e);
	if ((s = env("HOME")) == NULL)
		return herr_set(e, HX_CONFIG, "HOME is not set");
	return join(buf, len, s, home_tail, "HOME", e);
}

int
paths_store(char *buf, size_t len, struct herr *e)
{
	const char *s;

	if ((s = env("HEARTH_DIR")) != NULL) {
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

int
paths_author(const struct config *cfg, char *buf, size_t len,
    struct herr *e)
{
	char login[LOGIN_NAME_MAX + 1], q[80];
	const char *s, *src, *hint = "";
	struct passwd *pw;

	if ((s = env("HEARTH_AUTHOR")) != NULL)
		src = "HEARTH_AUTHOR";
	else if (cfg != NULL && (s = config_get(cfg, "name")) != NULL)
		src = "config name";
	else {
		src = "login name";
		hint = "; set name in the config";
		if (getlogin_r(login, sizeof(login)) == 0 && login[0] != '\0')
			s = login;
		else if ((pw = getpwuid(geteuid())) != NULL &&
		    pw->pw_name != NULL && pw->pw_name[0] != '\0')
			s = pw->pw_name;
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
