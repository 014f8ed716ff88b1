/*
 * Unit tests for cli: the process set-up, identity and colour choice.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "herr.h"

static void
test_setup(void **state)
{
	struct sigaction sa;
	mode_t old;

	cli_setup();
	old = umask(0);
	assert_int_equal(old, 077);
	assert_int_equal(sigaction(SIGXFSZ, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_IGN);
}

static void
test_identity(void **state)
{
	char dir[] = "/tmp/hearth-test-cli.XXXXXX", path[256];
	struct identity id;
	struct herr e;
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(path, sizeof(path), "%s/hearth", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/hearth/config", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("name = ana\npartner = ben\n", fp);
	fclose(fp);
	unsetenv("HEARTH_AUTHOR");
	assert_int_equal(cli_identity(&id, &e), 0);
	assert_string_equal(id.author, "ana");
	assert_string_equal(id.partner, "ben");
	assert_string_equal(id.cfgpath, path);
	config_free(&id.cfg);
	setenv("HEARTH_AUTHOR", "cleo", 1);
	assert_int_equal(cli_identity(&id, &e), 0);
	assert_string_equal(id.author, "cleo");
	config_free(&id.cfg);
	setenv("HEARTH_AUTHOR", "Not Valid", 1);
	assert_int_equal(cli_identity(&id, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	config_free(&id.cfg);
	unsetenv("HEARTH_AUTHOR");
	unlink(path);
	snprintf(path, sizeof(path), "%s/hearth", dir);
	rmdir(path);
	rmdir(dir);
}

static void
test_color(void **state)
{
	int fd[2];

	assert_int_equal(pipe(fd), 0);
	unsetenv("NO_COLOR");
	assert_int_equal(cli_color(fd[1]), 0);	/* not a terminal */
	close(fd[0]);
	close(fd[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_color),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
