/*
 * Unit tests for common/paths.c.  Each test starts from a clean
 * environment: HOME is a fresh temporary directory and every XDG_* and
 * HEARTH_* variable paths.c reads is unset.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "herr.h"
#include "paths.h"

#define HINT	"(use a-z, 0-9, '.', '_', '-')"

static char home[64];

static int
setup(void **state)
{
	strlcpy(home, "/tmp/hearth-test-paths.XXXXXX", sizeof(home));
	if (mkdtemp(home) == NULL)
		return -1;
	setenv("HOME", home, 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HEARTH_DIR");
	unsetenv("HEARTH_AUTHOR");
	return 0;
}

static int
teardown(void **state)
{
	return rmdir(home);
}

static void
want_path(int (*fn)(char *, size_t, struct herr *), const char *want)
{
	char buf[PATH_MAX];
	struct herr e = { 0, "" };

	assert_int_equal(fn(buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, want);
	assert_string_equal(e.msg, "");
}

static void
want_error(int (*fn)(char *, size_t, struct herr *), size_t len,
    const char *want)
{
	char buf[PATH_MAX];
	struct herr e = { 0, "" };

	assert_int_equal(fn(buf, len, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	assert_string_equal(e.msg, want);
}

static void
store_hearth_dir(void **state)
{
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("HEARTH_DIR", "/srv/us/hearth", 1);
	want_path(paths_store, "/srv/us/hearth");
	/* Used exactly as given. */
	setenv("HEARTH_DIR", "/srv/us/hearth/", 1);
	want_path(paths_store, "/srv/us/hearth/");
	/* Empty counts as unset. */
	setenv("HEARTH_DIR", "", 1);
	want_path(paths_store, "/data/hearth");
}

static void
store_xdg(void **state)
{
	setenv("XDG_DATA_HOME", "/data", 1);
	want_path(paths_store, "/data/hearth");
	setenv("XDG_DATA_HOME", "/data//", 1);
	want_path(paths_store, "/data/hearth");
	setenv("XDG_DATA_HOME", "/", 1);
	want_path(paths_store, "/hearth");
}

static void
store_home(void **state)
{
	char want[PATH_MAX];

	snprintf(want, sizeof(want), "%s/.local/share/hearth", home);
	want_path(paths_store, want);
	/* An empty XDG_DATA_HOME is unset; a relative one is refused. */
	setenv("XDG_DATA_HOME", "", 1);
	want_path(paths_store, want);
	setenv("XDG_DATA_HOME", "data", 1);
	want_error(paths_store, PATH_MAX, "XDG_DATA_HOME is a relative path "
	    "('data'); give an absolute one");
	unsetenv("XDG_DATA_HOME");
	setenv("HEARTH_DIR", "my/store", 1);
	want_error(paths_store, PATH_MAX, "HEARTH_DIR is a relative path "
	    "('my/store'); give an absolute one");
	unsetenv("HEARTH_DIR");
	setenv("HOME", "home/ana", 1);
	want_error(paths_store, PATH_MAX, "HOME is a relative path "
	    "('home/ana'); give an absolute one");
	setenv("HOME", "/home/ana/", 1);
	want_path(paths_store, "/home/ana/.local/share/hearth");
}

static void
store_no_home(void **state)
{
	struct passwd *pw = getpwuid(geteuid());
	char want[PATH_MAX];

	/* As under cron's env -i: the home of the passwd entry. */
	assert_non_null(pw);
	snprintf(want, sizeof(want), "%s/.local/share/hearth", pw->pw_dir);
	unsetenv("HOME");
	want_path(paths_store, want);
	setenv("HOME", "", 1);
	want_path(paths_store, want);
	/* HEARTH_DIR or XDG_DATA_HOME make HOME unneeded. */
	setenv("XDG_DATA_HOME", "/data", 1);
	want_path(paths_store, "/data/hearth");
	setenv("HEARTH_DIR", "/h", 1);
	want_path(paths_store, "/h");
}

static void
store_too_long(void **state)
{
	char buf[32];
	struct herr e = { 0, "" };

	setenv("HOME", "/home/ana", 1);
	/* "/home/ana/.local/share/hearth" is 29 bytes and a NUL. */
	assert_int_equal(paths_store(buf, 30, &e), 0);
	assert_string_equal(buf, "/home/ana/.local/share/hearth");
	want_error(paths_store, 29, "HOME: File name too long");
	want_error(paths_store, 0, "HOME: File name too long");
	setenv("XDG_DATA_HOME", "/a/very/long/data/home", 1);
	want_error(paths_store, 29, "XDG_DATA_HOME: File name too long");
	setenv("HEARTH_DIR", "/0123456789", 1);
	want_path(paths_store, "/0123456789");
	want_error(paths_store, 11, "HEARTH_DIR: File name too long");
}

static void
config_path(void **state)
{
	char want[PATH_MAX];

	snprintf(want, sizeof(want), "%s/.config/hearth/config", home);
	want_path(paths_config, want);
	setenv("XDG_CONFIG_HOME", "", 1);
	want_path(paths_config, want);
	setenv("XDG_CONFIG_HOME", "cfg", 1);
	want_error(paths_config, PATH_MAX, "XDG_CONFIG_HOME is a relative "
	    "path ('cfg'); give an absolute one");
	unsetenv("XDG_CONFIG_HOME");
	/* HEARTH_DIR moves the store, not the config. */
	setenv("HEARTH_DIR", "/h", 1);
	want_path(paths_config, want);
	setenv("XDG_CONFIG_HOME", "/cfg/", 1);
	want_path(paths_config, "/cfg/hearth/config");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/ana", 1);
	want_error(paths_config, 10, "HOME: File name too long");
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	want_error(paths_config, 10, "XDG_CONFIG_HOME: File name too long");
}

static void
author_names(void **state)
{
	assert_true(author_valid("ana"));
	assert_true(author_valid("a"));
	assert_true(author_valid("0"));
	assert_true(author_valid("ana.b"));
	assert_true(author_valid("a_b-c.9"));
	assert_true(author_valid("-"));
	assert_true(author_valid("..."));
	assert_true(author_valid("abcdefghijklmnopqrstuvwxyz012345"));
	assert_false(author_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	assert_false(author_valid(NULL));
	assert_false(author_valid(""));
	assert_false(author_valid("."));
	assert_false(author_valid(".."));
	assert_false(author_valid("Ana"));
	assert_false(author_valid("ana b"));
	assert_false(author_valid("ana/b"));
	assert_false(author_valid("ana\tb"));
	assert_false(author_valid("an\xc3\xa1"));
	assert_false(author_valid("ana\n"));
}

static void
author_env(void **state)
{
	char buf[AUTHOR_MAX + 1];
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	assert_int_equal(config_set(&cfg, "name", "bob"), 0);
	setenv("HEARTH_AUTHOR", "ana", 1);
	assert_int_equal(paths_author(&cfg, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "ana");
	assert_int_equal(paths_author(NULL, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "ana");
	/* Empty counts as unset: the config's name. */
	setenv("HEARTH_AUTHOR", "", 1);
	assert_int_equal(paths_author(&cfg, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "bob");
	unsetenv("HEARTH_AUTHOR");
	assert_int_equal(paths_author(&cfg, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "bob");
	assert_string_equal(e.msg, "");
	config_free(&cfg);
}

static void
author_login(void **state)
{
	char buf[AUTHOR_MAX + 1], want[LOGIN_NAME_MAX + 1];
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	struct passwd *pw;

	/* Without a usable login name there is nothing to compare. */
	if (getlogin_r(want, sizeof(want)) != 0 || want[0] == '\0') {
		if ((pw = getpwuid(geteuid())) == NULL)
			return;
		strlcpy(want, pw->pw_name, sizeof(want));
	}
	if (!author_valid(want))
		return;
	assert_int_equal(paths_author(NULL, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, want);
	/* A config without "name" falls through too. */
	assert_int_equal(config_set(&cfg, "partner", "bob"), 0);
	assert_int_equal(paths_author(&cfg, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, want);
	config_free(&cfg);
}

static void
author_invalid(void **state)
{
	char buf[AUTHOR_MAX + 1], key[] = "name", val[] = "Bob B";
	struct config_entry ent = { key, val };
	struct config cfg = { &ent, 1 };
	struct herr e = { 0, "" };

	setenv("HEARTH_AUTHOR", "Ana B", 1);
	assert_int_equal(paths_author(&cfg, buf, sizeof(buf), &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	assert_string_equal(e.msg,
	    "HEARTH_AUTHOR 'Ana B' is not a valid author name " HINT);
	/* The value is shown terminal-safe. */
	setenv("HEARTH_AUTHOR", "a\x1b[2J", 1);
	assert_int_equal(paths_author(NULL, buf, sizeof(buf), &e), -1);
	assert_string_equal(e.msg,
	    "HEARTH_AUTHOR 'a\\e[2J' is not a valid author name " HINT);
	setenv("HEARTH_AUTHOR", "..", 1);
	assert_int_equal(paths_author(NULL, buf, sizeof(buf), &e), -1);
	assert_string_equal(e.msg,
	    "HEARTH_AUTHOR '..' is not a valid author name " HINT);
	/* 33 characters. */
	setenv("HEARTH_AUTHOR", "abcdefghijklmnopqrstuvwxyz0123456", 1);
	assert_int_equal(paths_author(NULL, buf, sizeof(buf), &e), -1);
	assert_string_equal(e.msg, "HEARTH_AUTHOR "
	    "'abcdefghijklmnopqrstuvwxyz0123456' is not a valid author name "
	    HINT);
	unsetenv("HEARTH_AUTHOR");
	e.code = 0;
	assert_int_equal(paths_author(&cfg, buf, sizeof(buf), &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	assert_string_equal(e.msg,
	    "config name 'Bob B' is not a valid author name " HINT);
}

static void
author_long_value(void **state)
{
	char buf[AUTHOR_MAX + 1], v[300], want[200];
	struct herr e = { 0, "" };

	/* A long bad value is cut short in the message. */
	memset(v, 'X', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	setenv("HEARTH_AUTHOR", v, 1);
	assert_int_equal(paths_author(NULL, buf, sizeof(buf), &e), -1);
	/* The quote holds 79 bytes: 76 of the value and "...". */
	memcpy(want, "HEARTH_AUTHOR '", 15);
	memset(want + 15, 'X', 76);
	strlcpy(want + 15 + 76, "...' is not a valid author name " HINT,
	    sizeof(want) - 15 - 76);
	assert_string_equal(e.msg, want);
}

/*
 * A passwd file with every kind of line the parser must not take for an
 * entry, each before the entry it could be mistaken for.
 */
static const char passwd_fixture[] =
    "+::::::\n"				/* NIS compat: no uid */
    "+nis:x:0:0::/:/bin/sh\n"		/* NIS compat entries */
    "-nis:x:0:0::/:/bin/sh\n"
    "#comment:x:0:0::/:/bin/sh\n"		/* a comment */
    " space:x:0:0::/:/bin/sh\n"		/* a name starting blank */
    "root:x:0:0:root:/root:/bin/bash\n"
    "\n"
    "short:x:1001:1001::/home/short\n"	/* six fields */
    "long:x:1002:1002:::/home/long:/bin/sh\n"	/* eight fields */
    ":x:1003:1003::/:/bin/sh\n"		/* no name */
    "sign:x:+1006:1006::/:/bin/sh\n"		/* not a plain number */
    "blank:x: 1007:1007::/:/bin/sh\n"
    "hex:x:0x3f0:1008::/:/bin/sh\n"
    "trail:x:1009 :1009::/:/bin/sh\n"
    "empty:x::0::/:/bin/sh\n"
    "huge:x:99999999999:1::/:/bin/sh\n"	/* 1215752191 + 23 * 2^32 */
    "unset:x:4294967295:1::/:/bin/sh\n"	/* (uid_t)-1 */
    "nul\0:x:1010:1010::/:/bin/sh\n"		/* a NUL in the name */
    "gecos:x:1014:1014:a\0b:/:/bin/sh\n"	/* a NUL in a field */
    "wrap:x:18446744073709551617:1::/:/bin/sh\n"	/* 2^64 + 1 */
    "zero:x:01011:1011::/:/bin/sh\n"		/* leading zeros: 1011 */
    "ana:x:1000:1000:Ana,,,:/home/ana:/bin/bash\n"
    "ana2:x:1000:1000::/home/ana2:/bin/sh\n"	/* the first one wins */
    "dana:*:1012:1012:Dana \xc3\xa1:/home/d:\n"	/* an empty shell */
    "last:x:4242:4242::/home/last:/bin/sh";	/* no LF at the end */

/* Write p[0..len) to name in the temporary HOME; its path into path. */
static void
write_fixture(char *path, size_t size, const char *name, const char *p,
    size_t len)
{
	int fd;

	snprintf(path, size, "%s/%s", home, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* paths_passwd_name(path, uid) is want, or fails with errno err. */
static void
want_passwd(const char *path, uid_t uid, const char *want, int err)
{
	char buf[64];

	errno = 0;
	if (want != NULL) {
		assert_int_equal(paths_passwd_name(path, uid, buf,
		    sizeof(buf)), 0);
		assert_string_equal(buf, want);
	} else {
		assert_int_equal(paths_passwd_name(path, uid, buf,
		    sizeof(buf)), -1);
		assert_int_equal(errno, err);
	}
}

static void
passwd_entries(void **state)
{
	char path[PATH_MAX], buf[8];

	write_fixture(path, sizeof(path), "passwd", passwd_fixture,
	    sizeof(passwd_fixture) - 1);
	want_passwd(path, 0, "root", 0);
	want_passwd(path, 1000, "ana", 0);
	want_passwd(path, 1011, "zero", 0);
	want_passwd(path, 1012, "dana", 0);
	want_passwd(path, 4242, "last", 0);
	/* Malformed lines are no match, whatever their uid looks like. */
	want_passwd(path, 1001, NULL, ENOENT);
	want_passwd(path, 1002, NULL, ENOENT);
	want_passwd(path, 1003, NULL, ENOENT);
	want_passwd(path, 1006, NULL, ENOENT);
	want_passwd(path, 1007, NULL, ENOENT);
	want_passwd(path, 1008, NULL, ENOENT);
	want_passwd(path, 1009, NULL, ENOENT);
	want_passwd(path, 1010, NULL, ENOENT);
	want_passwd(path, 1014, NULL, ENOENT);
	want_passwd(path, 1215752191, NULL, ENOENT);
	want_passwd(path, (uid_t)-1, NULL, ENOENT);
	want_passwd(path, 1, NULL, ENOENT);
	want_passwd(path, 5, NULL, ENOENT);
	/* Homes: the sixth field, absolute. */
	{
		char dir[64];

		assert_int_equal(paths_passwd_home(path, 1000, dir,
		    sizeof(dir)), 0);
		assert_string_equal(dir, "/home/ana");
		assert_int_equal(paths_passwd_home(path, 0, dir,
		    sizeof(dir)), 0);
		assert_string_equal(dir, "/root");
		assert_int_equal(paths_passwd_home(path, 1001, dir,
		    sizeof(dir)), -1);
	}
	/* The name must fit with its NUL. */
	assert_int_equal(paths_passwd_name(path, 4242, buf, 5), 0);
	assert_string_equal(buf, "last");
	errno = 0;
	assert_int_equal(paths_passwd_name(path, 4242, buf, 4), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(unlink(path), 0);
}

static void
passwd_files(void **state)
{
	char path[PATH_MAX], *big;
	size_t n = 200 * 1024;
	const char *tail = ":x:1012:1012::/:/bin/sh\n"
	    "after:x:1013:1013::/:/bin/sh\n";

	/*
	 * A line longer than the reader's buffer comes in pieces; the last
	 * piece alone would look like an entry for 1012.
	 */
	big = malloc(n + strlen(tail));
	assert_non_null(big);
	memset(big, 'a', n);
	memcpy(big + n, tail, strlen(tail));
	write_fixture(path, sizeof(path), "passwd", big, n + strlen(tail));
	free(big);
	want_passwd(path, 1012, NULL, ENOENT);
	want_passwd(path, 1013, "after", 0);
	/* Empty, missing, a directory, larger than 16 MiB. */
	write_fixture(path, sizeof(path), "passwd", "", 0);
	want_passwd(path, 0, NULL, ENOENT);
	assert_int_equal(truncate(path, 16 * 1024 * 1024 + 1), 0);
	want_passwd(path, 0, NULL, EFBIG);
	assert_int_equal(unlink(path), 0);
	want_passwd(path, 0, NULL, ENOENT);
	want_passwd(home, 0, NULL, EINVAL);
}

static void
author_small_buffer(void **state)
{
	char buf[8];
	struct herr e = { 0, "" };

	setenv("HEARTH_AUTHOR", "ana", 1);
	assert_int_equal(paths_author(NULL, buf, 4, &e), 0);
	assert_string_equal(buf, "ana");
	assert_int_equal(paths_author(NULL, buf, 3, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	assert_string_equal(e.msg, "HEARTH_AUTHOR: File name too long");
}

int
main(void)
{
	const struct CMUnitTest paths[] = {
		cmocka_unit_test_setup_teardown(store_hearth_dir, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(store_xdg, setup, teardown),
		cmocka_unit_test_setup_teardown(store_home, setup, teardown),
		cmocka_unit_test_setup_teardown(store_no_home, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(store_too_long, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(config_path, setup, teardown),
		cmocka_unit_test(author_names),
		cmocka_unit_test_setup_teardown(author_env, setup, teardown),
		cmocka_unit_test_setup_teardown(author_login, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(author_invalid, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(author_long_value, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(author_small_buffer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(passwd_entries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(passwd_files, setup,
		    teardown),
	};

	return cmocka_run_group_tests(paths, NULL, NULL);
}
