/*
 * Unit tests for the fast paths of the store reader (storefast.h):
 * store_fast_counts against a full read of the same logs, as the counts
 * of hearth's summary would be.  The other fast paths are compared with
 * the full read through gratitude, in tests/cli/fastpath.t.
 */
#include <sys/stat.h>

#include <fcntl.h>
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

#include "herr.h"
#include "record.h"
#include "store.h"
#include "storefast.h"

struct fixture {
	char		 dir[PATH_MAX];
	char		 store[PATH_MAX];
	struct store	 st;
};

/* What a read found: per author (ana, ben), and the last record's day. */
struct tally {
	size_t	 records[2];
	size_t	 malformed[2];
	char	 last[11];
	int	 calls;
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	strcpy(f->dir, "/tmp/hearth-test-storefast.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->store, sizeof(f->store), "%s/data/hearth", f->dir);
	setenv("HOME", f->dir, 1);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HEARTH_SLOW");
	setenv("TZ", "UTC", 1);
	if (store_open(&f->st, f->store, 1, NULL) == -1)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[PATH_MAX + 16];

	store_close(&f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	unsetenv("HEARTH_SLOW");
	return 0;
}

/* Write (or, with append, add to) <store>/gratitude/NAME. */
static void
put(struct fixture *f, const char *name, const char *content, int append)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/gratitude", f->store);
	(void)mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/gratitude/%s", f->store, name);
	fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC),
	    0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, content, strlen(content)),
	    (ssize_t)strlen(content));
	close(fd);
}

static int
who(const char *file)
{
	return strstr(file, "/ben.log") != NULL;
}

static void
warned(void *arg, const char *file, size_t line, const char *why)
{
	((struct tally *)arg)->malformed[who(file)]++;
}

/* The full read's tally. */
static void
full(struct fixture *f, struct tally *t)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct herr e;

	memset(t, 0, sizeof(*t));
	q.tool = "gratitude";
	q.warn = warned;
	q.warn_arg = t;
	assert_int_equal(store_read_open(&rd, &f->st, &q, &e), 0);
	while (store_read_next(rd, &r, &e) == 1) {
		t->records[who(store_read_file(rd))]++;
		memcpy(t->last, r.f[RF_TIME], 10);
	}
	store_read_close(rd);
}

static void
counted(void *arg, const struct store_logcount *c)
{
	struct tally *t = arg;
	static struct hmoment latest;
	int a = strcmp(c->author, "ben") == 0;

	if (t->calls++ == 0)
		latest.sec = INT64_MIN;
	t->records[a] = c->records;
	t->malformed[a] = c->malformed;
	if (c->records > 0 && date_cmp(&c->latest, &latest) >= 0) {
		latest = c->latest;
		memcpy(t->last, c->latest_day, 11);
	}
}

/* The fast tally; 1 when store_fast_counts answered. */
static int
fast(struct fixture *f, struct tally *t)
{
	struct store_query q = { 0 };

	memset(t, 0, sizeof(*t));
	q.tool = "gratitude";
	return store_fast_counts(&f->st, &q, counted, t);
}

static void
same(struct fixture *f)
{
	struct tally a, b;

	full(f, &a);
	assert_int_equal(fast(f, &b), 1);
	assert_int_equal(b.calls, 2);
	assert_int_equal(a.records[0], b.records[0]);
	assert_int_equal(a.records[1], b.records[1]);
	assert_int_equal(a.malformed[0], b.malformed[0]);
	assert_int_equal(a.malformed[1], b.malformed[1]);
	assert_string_equal(a.last, b.last);
}

static const char ana[] =
    "2026-03-01T10:00:00.000000+01:00\tana\tthanks\tben\tone\n"
    "# a comment\n"
    "2026-03-05T23:30:00.000000-05:00\tana\tthanks\tben\ttwo\n"
    "not a record\n"
    "2026-03-02T10:00:00.000000+01:00\tana\tthanks\tben\tan older run\n"
    "2026-03-06T04:30:00.000000+00:00\tana\tthanks\tben\tsame time\n";
static const char ben[] =
    "2026-03-05T23:30:00.000000-05:00\tben\tthanks\tana\tsame time too\n"
    "2026-03-01T09:00:00.000000+01:00\tben\tthanks\tana\tbad \\q\n"
    "\n"
    "2026-03-01T09:00:00.000000+01:00\tana\tthanks\tana\tnot ben's\n";

static void
counts_as_the_full_read(void **state)
{
	struct fixture *f = *state;
	struct tally t;

	put(f, "ana.log", ana, 0);
	put(f, "ben.log", ben, 0);
	same(f);
	/*
	 * Three records at one time, two of ana's in two runs, then ben's,
	 * which is the last: its date is written 2026-03-05.
	 */
	assert_int_equal(fast(f, &t), 1);
	assert_int_equal(t.records[0], 4);
	assert_int_equal(t.records[1], 1);
	assert_int_equal(t.malformed[0], 1);
	assert_int_equal(t.malformed[1], 3);
	assert_string_equal(t.last, "2026-03-05");
	/* From the cache, then after an append (scanned on its own). */
	same(f);
	put(f, "ben.log", "2027-01-01T00:00:00.000000+14:00\tben\tthanks\t"
	    "ana\tlater\n", 1);
	same(f);
	assert_int_equal(fast(f, &t), 1);
	assert_string_equal(t.last, "2027-01-01");
}

static void
refuses_what_it_cannot_count(void **state)
{
	struct fixture *f = *state;
	struct tally t;

	put(f, "ana.log", ana, 0);
	put(f, "ben.log", "2026-03-06T05:30:00.000000+01:00\tben\tthanks\t"
	    "ana\ttorn", 0);
	assert_int_equal(fast(f, &t), 0);
	assert_int_equal(t.calls, 0);
	put(f, "ben.log", "\n", 1);
	assert_int_equal(fast(f, &t), 1);
	setenv("HEARTH_SLOW", "1", 1);
	assert_int_equal(fast(f, &t), 0);
}

static void
no_logs(void **state)
{
	struct fixture *f = *state;
	struct tally t;

	assert_int_equal(fast(f, &t), 0);	/* no folder: the full read */
	put(f, "ana.log", "", 0);
	assert_int_equal(fast(f, &t), 1);
	assert_int_equal(t.calls, 1);
	assert_int_equal(t.records[0], 0);
	assert_string_equal(t.last, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(counts_as_the_full_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(refuses_what_it_cannot_count,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(no_logs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
