/*
 * Unit tests for io: whole writes and reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io.h"

static void
test_write_and_pread(void **state)
{
	char path[] = "/tmp/hearth-test-io.XXXXXX", big[200000], back[200000];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 23);
	fd = mkstemp(path);
	assert_true(fd != -1);
	unlink(path);
	assert_int_equal(io_write_all(fd, big, sizeof(big)), sizeof(big));
	assert_int_equal(io_pread_all(fd, back, sizeof(back), 0),
	    sizeof(back));
	assert_memory_equal(back, big, sizeof(big));
	/* At the end of the file, fewer bytes than asked; past it, none. */
	assert_int_equal(io_pread_all(fd, back, 100, sizeof(big) - 10), 10);
	assert_memory_equal(back, big + sizeof(big) - 10, 10);
	assert_int_equal(io_pread_all(fd, back, 100, sizeof(big) + 5), 0);
	close(fd);
}

static void
test_errors(void **state)
{
	char b[16];
	int fd[2];

	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	assert_int_equal(io_write_all(fd[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	close(fd[1]);
	errno = 0;
	assert_int_equal(io_pread_all(-1, b, sizeof(b), 0), -1);
	assert_int_equal(errno, EBADF);
	fd[0] = open("/dev/full", O_WRONLY);
	assert_true(fd[0] != -1);
	assert_int_equal(io_write_all(fd[0], "x", 1), -1);
	assert_int_equal(errno, ENOSPC);
	close(fd[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_and_pread),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("io", tests, NULL, NULL);
}
