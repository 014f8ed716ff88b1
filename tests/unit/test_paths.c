/*
 * Unit tests for common/paths.c.  Each test starts from a clean
 * environment: HOME is a fresh temporary directory and every XDG_* and
 * HEARTH_* variable paths.c reads is unset.
 */
#include <sys/types.h>

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
	setenv("HEARTH_DIR", "rel/store/", 1);
	want_path(paths_store, "rel/store/");
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
	/* Empty and relative XDG_DATA_HOME are ignored. */
	setenv("XDG_DATA_HOME", "", 1);
	want_path(paths_store, want);
	setenv("XDG_DATA_HOME", "data", 1);
	want_path(paths_store, want);
	setenv("HOME", "/home/ana/", 1);
	want_path(paths_store, "/home/ana/.local/share/hearth");
}

static void
store_no_home(void **state)
{
	unsetenv("HOME");
	want_error(paths_store, PATH_MAX, "HOME is not set");
	setenv("HOME", "", 1);
	want_error(paths_store, PATH_MAX, "HOME is not set");
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
	want_path(paths_config, want);
	/* HEARTH_DIR moves the store, not the config. */
	setenv("HEARTH_DIR", "/h", 1);
	want_path(paths_config, want);
	setenv("XDG_CONFIG_HOME", "/cfg/", 1);
	want_path(paths_config, "/cfg/hearth/config");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	want_error(paths_config, PATH_MAX, "HOME is not set");
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
	};

	return cmocka_run_group_tests(paths, NULL, NULL);
}
