/*
 * Unit tests for common/config.c.  Every test works in a fresh temporary
 * directory (removed afterwards) and checks exact values, exact messages
 * and, after config_save, the exact bytes and modes of what is on disk.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "herr.h"

#define S(lit)	(lit), sizeof(lit) - 1

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	strlcpy(dir, "/tmp/hearth-test-config.XXXXXX", sizeof(dir));
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/config", dir);
	return 0;
}

static int
rm(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	if (flag == FTW_DP)
		chmod(p, 0700);
	return remove(p);
}

static int
teardown(void **state)
{
	return nftw(dir, rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void
put(const char *p, const char *s, size_t len)
{
	int fd;

	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, s, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* Assert that file p holds exactly want. */
static void
want_file(const char *p, const char *want)
{
	char got[4096];
	ssize_t n;
	int fd;

	fd = open(p, O_RDONLY);
	assert_true(fd != -1);
	n = read(fd, got, sizeof(got) - 1);
	assert_true(n >= 0);
	got[n] = '\0';
	close(fd);
	assert_string_equal(got, want);
}

static mode_t
mode_of(const char *p)
{
	struct stat st;

	assert_int_equal(lstat(p, &st), 0);
	return st.st_mode & 07777;
}

/* The number of entries of d, "." and ".." aside. */
static int
entries(const char *d)
{
	DIR *dp;
	struct dirent *de;
	int n = 0;

	assert_non_null(dp = opendir(d));
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

/* Load s as the file; assert the error message "<path>:<want>". */
static void
load_fails(const char *s, size_t len, const char *want)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char msg[PATH_MAX + 100];

	put(path, s, len);
	assert_int_equal(config_load(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(msg, sizeof(msg), "%s%s", path, want);
	assert_string_equal(e.msg, msg);
	assert_null(cfg.v);
	assert_int_equal(cfg.n, 0);
}

static void
load_missing(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 0);
	assert_null(config_get(&cfg, "name"));
	config_free(&cfg);
	/* A missing directory is a missing file too. */
	assert_int_equal(config_load(&cfg, "/nonexistent/hearth/config", &e),
	    0);
	assert_int_equal(cfg.n, 0);
}

static void
load_settings(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	put(path, S("# hearth\n\n   # indented comment = 1\n#\n"
	    "name = ana\n"
	    "partner=bob\n"
	    "  color_mode \t=   never  \n"
	    "empty =\n"
	    "url = a=b # not a comment\n"
	    "\tspaced\t=\tv a l\t\n"
	    "_x9 = \xc3\xa9t\xc3\xa9\n"
	    "crlf = yes\r\n"
	    "last = no newline"));
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 9);
	assert_string_equal(cfg.v[0].key, "name");
	assert_string_equal(cfg.v[0].value, "ana");
	assert_string_equal(cfg.v[1].key, "partner");
	assert_string_equal(cfg.v[2].key, "color_mode");
	assert_string_equal(cfg.v[8].key, "last");
	assert_string_equal(config_get(&cfg, "name"), "ana");
	assert_string_equal(config_get(&cfg, "partner"), "bob");
	assert_string_equal(config_get(&cfg, "color_mode"), "never");
	assert_string_equal(config_get(&cfg, "empty"), "");
	assert_string_equal(config_get(&cfg, "url"), "a=b # not a comment");
	assert_string_equal(config_get(&cfg, "spaced"), "v a l");
	assert_string_equal(config_get(&cfg, "_x9"), "\xc3\xa9t\xc3\xa9");
	assert_string_equal(config_get(&cfg, "crlf"), "yes");
	assert_string_equal(config_get(&cfg, "last"), "no newline");
	assert_null(config_get(&cfg, "nam"));
	assert_null(config_get(&cfg, "names"));
	config_free(&cfg);
	assert_null(cfg.v);
	assert_int_equal(cfg.n, 0);
	config_free(&cfg);
}

static void
load_later_wins(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	put(path, S("name = ana\ncolor = auto\nname = bob\n"));
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 2);
	assert_string_equal(cfg.v[0].key, "name");
	assert_string_equal(cfg.v[0].value, "bob");
	config_free(&cfg);
}

static void
load_empty_file(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	put(path, S(""));
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 0);
	put(path, S("\n \n\t\n"));
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 0);
}

static void
load_bad_lines(void **state)
{
	load_fails(S("name = ana\njunk\n"), ":2: missing '='");
	load_fails(S("\n\n  just words  "), ":3: missing '='");
	load_fails(S("Foo = 1\n"), ":1: bad key 'Foo'");
	load_fails(S("my key = 1\n"), ":1: bad key 'my key'");
	load_fails(S("9lives = 1\n"), ":1: bad key '9lives'");
	load_fails(S("a-b = 1\n"), ":1: bad key 'a-b'");
	load_fails(S("\xc3\xa9 = 1\n"), ":1: bad key '\xc3\xa9'");
	load_fails(S("\x1b[2J = 1\n"), ":1: bad key '\\e[2J'");
	load_fails(S(" = 1\n"), ":1: missing key");
	load_fails(S("=\n"), ":1: missing key");
}

static void
load_bad_names(void **state)
{
	load_fails(S("name = Ana B\n"), ":1: bad name 'Ana B'");
	load_fails(S("# me\npartner = ..\n"), ":2: bad name '..'");
	load_fails(S("name =\n"), ":1: bad name ''");
	load_fails(S("name = abcdefghijklmnopqrstuvwxyz0123456\n"),
	    ":1: bad name 'abcdefghijklmnopqrstuvwxyz0123456'");
	load_fails(S("partner = b\xc3\xb8\n"), ":1: bad name 'b\xc3\xb8'");
}

static void
load_bad_bytes(void **state)
{
	load_fails(S("a = 1\nb = 2\nc = \xff\n"), ":3: invalid UTF-8");
	load_fails(S("# \xed\xa0\x80\n"), ":1: invalid UTF-8");
	load_fails(S("a = 1\nb\0 = 2\n"), ":2: NUL byte");
	load_fails(S("\0"), ":1: NUL byte");
}

static void
load_size_cap(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char *big;

	/* Exactly 64 KiB of comment loads; one byte more does not. */
	big = malloc(65537);
	assert_non_null(big);
	memset(big, '#', 65537);
	big[65535] = '\n';
	put(path, big, 65536);
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 0);
	load_fails(big, 65537, ": larger than 64 KiB");
	free(big);
}

static void
load_not_a_file(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char p[PATH_MAX + 100];

	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(config_load(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(p, sizeof(p), "%s: not a regular file", path);
	assert_string_equal(e.msg, p);
	assert_int_equal(rmdir(path), 0);

	/* A FIFO: refused without blocking on it. */
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(config_load(&cfg, path, &e), -1);
	assert_string_equal(e.msg, p);
}

static void
load_unreadable(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char p[PATH_MAX], want[PATH_MAX + 100];

	/* A path through a regular file: ENOTDIR, not "missing". */
	put(path, S("name = ana\n"));
	snprintf(p, sizeof(p), "%s/config", path);
	assert_int_equal(config_load(&cfg, p, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(want, sizeof(want), "%s: Not a directory", p);
	assert_string_equal(e.msg, want);

	/* No permission (root reads anything, so only as a user). */
	if (geteuid() == 0)
		return;
	assert_int_equal(chmod(path, 0), 0);
	assert_int_equal(config_load(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(want, sizeof(want), "%s: Permission denied", path);
	assert_string_equal(e.msg, want);
}

static void
set_values(void **state)
{
	struct config cfg = CONFIG_INIT;

	assert_int_equal(config_set(&cfg, "partner", "bob"), 0);
	assert_int_equal(config_set(&cfg, "name", "ana"), 0);
	assert_int_equal(config_set(&cfg, "empty", ""), 0);
	assert_int_equal(config_set(&cfg, "partner", "cleo"), 0);
	assert_int_equal(config_set(&cfg, "inner", "a  b\tc = d"), 0);
	assert_int_equal(cfg.n, 4);
	assert_string_equal(cfg.v[0].key, "partner");
	assert_string_equal(cfg.v[0].value, "cleo");
	assert_string_equal(cfg.v[1].key, "name");
	assert_string_equal(cfg.v[2].key, "empty");
	assert_string_equal(config_get(&cfg, "empty"), "");
	assert_string_equal(config_get(&cfg, "inner"), "a  b\tc = d");
	config_free(&cfg);
}

static void
set_refuses(void **state)
{
	struct config cfg = CONFIG_INIT;
	static const char *bad[][2] = {
		{ "Name", "x" }, { "", "x" }, { "9a", "x" }, { "a b", "x" },
		{ "a=b", "x" }, { "k", "two\nlines" }, { "k", " lead" },
		{ "k", "trail\t" }, { "k", "cr\r" }, { "k", "\xff" },
		{ "k", "\xed\xa0\x80" }, { "name", "Ana B" }, { "name", "" },
		{ "partner", ".." },
	};
	size_t i;

	/* What config_load would not read back is refused. */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_int_equal(config_set(&cfg, bad[i][0], bad[i][1]), -1);
		assert_int_equal(errno, EINVAL);
	}
	assert_int_equal(cfg.n, 0);
}

static void
save_new(void **state)
{
	struct config cfg = CONFIG_INIT, back = CONFIG_INIT;
	struct herr e = { 0, "" };
	char p[PATH_MAX], d[PATH_MAX];
	mode_t old;

	/* Missing parents are made, 0700 each, even under umask 0777. */
	snprintf(p, sizeof(p), "%s/x/y/hearth/config", dir);
	assert_int_equal(config_set(&cfg, "name", "ana"), 0);
	assert_int_equal(config_set(&cfg, "partner", "bob"), 0);
	assert_int_equal(config_set(&cfg, "empty", ""), 0);
	old = umask(0777);
	assert_int_equal(config_save(&cfg, p, &e), 0);
	umask(old);
	want_file(p, "name = ana\npartner = bob\nempty =\n");
	assert_int_equal(mode_of(p), 0600);
	snprintf(d, sizeof(d), "%s/x", dir);
	assert_int_equal(mode_of(d), 0700);
	snprintf(d, sizeof(d), "%s/x/y", dir);
	assert_int_equal(mode_of(d), 0700);
	snprintf(d, sizeof(d), "%s/x/y/hearth", dir);
	assert_int_equal(mode_of(d), 0700);
	assert_int_equal(entries(d), 1);

	assert_int_equal(config_load(&back, p, &e), 0);
	assert_int_equal(back.n, 3);
	assert_string_equal(config_get(&back, "partner"), "bob");
	assert_string_equal(config_get(&back, "empty"), "");
	config_free(&back);
	config_free(&cfg);
}

static void
save_existing_dir_mode_kept(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	/* An existing directory is not chmod'ed; an old file becomes 0600. */
	assert_int_equal(chmod(dir, 0755), 0);
	put(path, S("name = ana\n"));
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(config_set(&cfg, "name", "ana"), 0);
	assert_int_equal(config_save(&cfg, path, &e), 0);
	assert_int_equal(mode_of(dir), 0755);
	assert_int_equal(mode_of(path), 0600);
	want_file(path, "name = ana\n");
	assert_int_equal(entries(dir), 1);
	config_free(&cfg);
}

static void
save_preserves(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	put(path, S("# hearth config\n"
	    "name=ana\n"
	    "\n"
	    "   # who I share with\n"
	    "partner=bob   \n"
	    "color   =  never\n"
	    "unknown_key = keep me\n"
	    "this line is not a setting\n"));
	/* A config that does not hold every key of the file. */
	assert_int_equal(config_set(&cfg, "new_one", "x"), 0);
	assert_int_equal(config_set(&cfg, "partner", "cleo"), 0);
	assert_int_equal(config_set(&cfg, "name", "ana"), 0);
	assert_int_equal(config_set(&cfg, "another", ""), 0);
	assert_int_equal(config_set(&cfg, "color", "always"), 0);
	assert_int_equal(config_save(&cfg, path, &e), 0);
	want_file(path, "# hearth config\n"
	    "name=ana\n"
	    "\n"
	    "   # who I share with\n"
	    "partner = cleo\n"
	    "color = always\n"
	    "unknown_key = keep me\n"
	    "this line is not a setting\n"
	    "new_one = x\n"
	    "another =\n");
	config_free(&cfg);
}

static void
save_round_trip(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };

	put(path, S("# mine\r\nname = ana\r\nname = bob\ntail = t"));
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_string_equal(config_get(&cfg, "name"), "bob");
	/* Unchanged: the dead line is made to agree; the rest is kept. */
	assert_int_equal(config_save(&cfg, path, &e), 0);
	want_file(path, "# mine\r\nname = bob\nname = bob\ntail = t\n");
	assert_int_equal(config_set(&cfg, "partner", "cleo"), 0);
	assert_int_equal(config_set(&cfg, "tail", "u"), 0);
	assert_int_equal(config_save(&cfg, path, &e), 0);
	want_file(path, "# mine\r\nname = bob\nname = bob\ntail = u\n"
	    "partner = cleo\n");
	config_free(&cfg);
	assert_int_equal(config_load(&cfg, path, &e), 0);
	assert_int_equal(cfg.n, 3);
	assert_string_equal(config_get(&cfg, "partner"), "cleo");
	assert_string_equal(config_get(&cfg, "tail"), "u");
	config_free(&cfg);
}

static void
save_symlink(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char target[PATH_MAX];
	struct stat st;

	/* A dotfiles link stays a link; its target gets the new text. */
	snprintf(target, sizeof(target), "%s/dotfiles", dir);
	assert_int_equal(mkdir(target, 0700), 0);
	strlcat(target, "/hearth.conf", sizeof(target));
	put(target, S("# from dotfiles\nname = ana\n"));
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(config_set(&cfg, "partner", "bob"), 0);
	assert_int_equal(config_save(&cfg, path, &e), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(mode_of(target), 0600);
	assert_int_equal(entries(dir), 2);
	want_file(target, "# from dotfiles\nname = ana\npartner = bob\n");
	config_free(&cfg);
}

static void
save_errors(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char p[PATH_MAX], want[PATH_MAX + 100], *big;

	assert_int_equal(config_set(&cfg, "name", "ana"), 0);

	/* A parent that is a file. */
	snprintf(p, sizeof(p), "%s/file", dir);
	put(p, S("x"));
	strlcat(p, "/sub/config", sizeof(p));
	assert_int_equal(config_save(&cfg, p, &e), -1);
	assert_int_equal(e.code, HX_CANTCREAT);
	snprintf(want, sizeof(want), "%s/file: Not a directory", dir);
	assert_string_equal(e.msg, want);

	/* The file is a directory. */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(config_save(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(want, sizeof(want), "%s: not a regular file", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(rmdir(path), 0);

	/* The old file is too big to be read and kept. */
	big = malloc(70000);
	assert_non_null(big);
	memset(big, '#', 70000);
	put(path, big, 70000);
	assert_int_equal(config_save(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(want, sizeof(want), "%s: larger than 64 KiB", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(unlink(path), 0);

	/* The new text would be too big to load again. */
	big[69999] = '\0';
	assert_int_equal(config_set(&cfg, "long", big), 0);
	assert_int_equal(config_save(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	snprintf(want, sizeof(want), "%s: would be larger than 64 KiB",
	    path);
	assert_string_equal(e.msg, want);
	free(big);

	/* Nothing was left behind. */
	assert_int_equal(entries(dir), 1);
	config_free(&cfg);
}

static void
save_read_only_dir(void **state)
{
	struct config cfg = CONFIG_INIT;
	struct herr e = { 0, "" };
	char want[PATH_MAX + 100];

	/*
	 * Root writes anywhere, so this runs only as a user.  (No skip():
	 * cmocka's TAP output reports a skip as "not ok".)
	 */
	if (geteuid() == 0)
		return;
	assert_int_equal(config_set(&cfg, "name", "ana"), 0);
	assert_int_equal(chmod(dir, 0500), 0);
	assert_int_equal(config_save(&cfg, path, &e), -1);
	assert_int_equal(e.code, HX_CANTCREAT);
	snprintf(want, sizeof(want), "%s: Permission denied", path);
	assert_string_equal(e.msg, want);
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest config[] = {
		cmocka_unit_test_setup_teardown(load_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(load_settings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_later_wins, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_empty_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_bad_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_bad_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_bad_bytes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_size_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_not_a_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(load_unreadable, setup,
		    teardown),
		cmocka_unit_test(set_values),
		cmocka_unit_test(set_refuses),
		cmocka_unit_test_setup_teardown(save_new, setup, teardown),
		cmocka_unit_test_setup_teardown(save_existing_dir_mode_kept,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(save_preserves, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(save_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(save_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(save_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(save_read_only_dir, setup,
		    teardown),
	};

	return cmocka_run_group_tests(config, NULL, NULL);
}
