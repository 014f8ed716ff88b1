/*
 * Unit tests for lines: splitting a buffer and reading a file a line at
 * a time, overlong lines and unterminated last lines included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io.h"
#include "lines.h"

static void
test_line_next(void **state)
{
	static const char text[] = "one\n\nthree\nlast";
	const char *p = text, *end = text + sizeof(text) - 1, *l;
	size_t n;
	int ended;

	assert_int_equal(line_next(&p, end, &l, &n, &ended), 1);
	assert_int_equal(n, 3);
	assert_memory_equal(l, "one", 3);
	assert_int_equal(ended, 1);
	/* An empty line is a line. */
	assert_int_equal(line_next(&p, end, &l, &n, &ended), 1);
	assert_int_equal(n, 0);
	assert_int_equal(ended, 1);
	assert_int_equal(line_next(&p, end, &l, &n, NULL), 1);
	assert_int_equal(n, 5);
	assert_memory_equal(l, "three", 5);
	/* The last piece without LF is a line, and says so. */
	assert_int_equal(line_next(&p, end, &l, &n, &ended), 1);
	assert_int_equal(n, 4);
	assert_memory_equal(l, "last", 4);
	assert_int_equal(ended, 0);
	assert_int_equal(line_next(&p, end, &l, &n, &ended), 0);
	assert_ptr_equal(p, end);
}

static void
test_line_next_edges(void **state)
{
	static const char lf[] = "\n";
	const char *p = lf, *l;
	size_t n;
	int ended;

	/* Nothing at all: no line. */
	assert_int_equal(line_next(&p, lf, &l, &n, &ended), 0);
	/* One LF: one empty line, and then nothing (no line after it). */
	assert_int_equal(line_next(&p, lf + 1, &l, &n, &ended), 1);
	assert_int_equal(n, 0);
	assert_int_equal(ended, 1);
	assert_int_equal(line_next(&p, lf + 1, &l, &n, &ended), 0);
}

/* A temporary file holding len bytes of s; its descriptor. */
static int
file_of(const char *s, size_t len)
{
	char path[] = "/tmp/hearth-test-lines.XXXXXX";
	int fd;

	fd = mkstemp(path);
	assert_true(fd != -1);
	unlink(path);
	assert_int_equal(io_write_all(fd, s, len), (ssize_t)len);
	return fd;
}

static void
test_linereader(void **state)
{
	static const char text[] = "alpha\nbeta\n\ngamma";
	struct linereader lr;
	const char *l;
	size_t n;
	int fd = file_of(text, sizeof(text) - 1);

	linereader_init(&lr, fd, 0, sizeof(text) - 1);
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_int_equal(n, 5);
	assert_memory_equal(l, "alpha", 5);
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_memory_equal(l, "beta", 4);
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_int_equal(n, 0);
	/* The unterminated last line, then the end. */
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_int_equal(n, 5);
	assert_memory_equal(l, "gamma", 5);
	assert_true(lr.eof && lr.pos == lr.end);
	assert_int_equal(linereader_next(&lr, &l, &n), 0);
	linereader_free(&lr);
	/* A window of the file: from "beta" up to the empty line. */
	linereader_init(&lr, fd, 6, 12);
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_memory_equal(l, "beta", 4);
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(linereader_next(&lr, &l, &n), 0);
	linereader_free(&lr);
	close(fd);
}

static void
test_linereader_overlong(void **state)
{
	size_t len = LINEREADER_MAX * 2 + 100, n, total = 0, pieces = 0;
	char *text = malloc(len + 4);
	struct linereader lr;
	const char *l;
	int fd, r;

	assert_non_null(text);
	memset(text, 'x', len);
	memcpy(text + len, "\nok\n", 4);
	fd = file_of(text, len + 4);
	linereader_init(&lr, fd, 0, (off_t)(len + 4));
	/* Two full pieces (2), then the rest of the line (1). */
	while ((r = linereader_next(&lr, &l, &n)) == 2) {
		assert_true(lr.longline);
		assert_int_equal(n, LINEREADER_MAX);
		total += n;
		pieces++;
	}
	assert_int_equal(r, 1);
	assert_true(lr.longline);
	assert_int_equal(pieces, 2);
	assert_int_equal(total + n, len);
	/* The next line is whole again. */
	assert_int_equal(linereader_next(&lr, &l, &n), 1);
	assert_false(lr.longline);
	assert_int_equal(n, 2);
	assert_memory_equal(l, "ok", 2);
	assert_int_equal(linereader_next(&lr, &l, &n), 0);
	linereader_free(&lr);
	close(fd);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_next),
		cmocka_unit_test(test_line_next_edges),
		cmocka_unit_test(test_linereader),
		cmocka_unit_test(test_linereader_overlong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
