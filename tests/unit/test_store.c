/*
 * Unit tests for store: append, rewrite, torn tails, refusals, locking,
 * and the merged, ordered, bounded reads.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
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

#include "buf.h"
#include "herr.h"
#include "record.h"
#include "store.h"

struct fixture {
	char		 dir[PATH_MAX];
	char		 store[PATH_MAX];
	struct store	 st;
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	strcpy(f->dir, "/tmp/hearth-test-store.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->store, sizeof(f->store), "%s/data/hearth", f->dir);
	setenv("HOME", f->dir, 1);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HEARTH_LOCK_TIMEOUT");
	setenv("TZ", "UTC", 1);
	umask(0);
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
	umask(022);
	return 0;
}

static void
put_file(struct fixture *f, const char *rel, const char *content,
    size_t len)
{
	char path[PATH_MAX], dir[PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%s/gratitude", f->store);
	(void)mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/%s", f->store, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
}

#define PUT(f, rel, s) put_file(f, rel, s, sizeof(s) - 1)

static char *
get_file(struct fixture *f, const char *rel, size_t *len)
{
	char path[PATH_MAX], *p;
	struct stat sb;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", f->store, rel);
	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	assert_int_equal(fstat(fd, &sb), 0);
	p = malloc((size_t)sb.st_size + 1);
	assert_non_null(p);
	assert_int_equal(read(fd, p, (size_t)sb.st_size), sb.st_size);
	p[sb.st_size] = '\0';
	*len = (size_t)sb.st_size;
	close(fd);
	return p;
}

static void
assert_file(struct fixture *f, const char *rel, const char *want)
{
	size_t len;
	char *got = get_file(f, rel, &len);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
}

static mode_t
mode_of(struct fixture *f, const char *rel)
{
	char path[PATH_MAX];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", f->store, rel);
	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_mode & 07777;
}

/* What a read gives: "author text" lines and the warnings. */
struct seen {
	struct buf	out;
	struct buf	warns;
};

static void
warned(void *arg, const char *file, size_t line, const char *why)
{
	struct seen *s = arg;
	const char *base = strrchr(file, '/');

	buf_printf(&s->warns, "%s:%zu: %s\n", base ? base + 1 : file, line,
	    why);
}

static void
read_all(struct fixture *f, struct store_query *q, struct seen *s)
{
	struct store_reader *rd;
	struct record r;
	struct herr e;
	int n;

	memset(s, 0, sizeof(*s));
	q->tool = "gratitude";
	q->warn = warned;
	q->warn_arg = s;
	assert_int_equal(store_read_open(&rd, &f->st, q, &e), 0);
	while ((n = store_read_next(rd, &r, &e)) == 1) {
		buf_add(&s->out, r.f[RF_AUTHOR], r.flen[RF_AUTHOR]);
		buf_addc(&s->out, ' ');
		buf_add(&s->out, r.f[RF_DATA + 1], r.flen[RF_DATA + 1]);
		buf_addc(&s->out, '\n');
	}
	assert_int_equal(n, 0);
	store_read_close(rd);
	buf_nul(&s->out);
	buf_nul(&s->warns);
}

static void
seen_free(struct seen *s)
{
	buf_free(&s->out);
	buf_free(&s->warns);
}

#define REC(t, a, text) t "\t" a "\tthanks\t\t" text "\n"

struct fixed {
	const char	*recs;
	size_t		 len;
	struct hmoment	 last;	/* what store_append said */
	int		 have_last;
};

static int
build_fixed(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct fixed *x = arg;

	x->have_last = last != NULL;
	if (last != NULL)
		x->last = *last;
	return buf_add(out, x->recs, x->len);
}

static int
append(struct fixture *f, const char *author, const char *recs, size_t len,
    struct herr *w, struct herr *e)
{
	struct fixed x = { recs, len, { 0, 0 }, 0 };

	return store_append(&f->st, "gratitude", author, build_fixed, &x, w,
	    e);
}

static void
test_append_modes(void **state)
{
	struct fixture *f = *state;
	struct herr e, w;
	const char recs[] = REC("2026-01-01T10:00:00Z", "ana", "one")
	    REC("2026-01-01T10:00:01Z", "ana", "two");

	assert_int_equal(mode_of(f, ""), 0700);
	assert_int_equal(append(f, "ana", recs, sizeof(recs) - 1, &w, &e), 0);
	assert_string_equal(w.msg, "");
	assert_file(f, "gratitude/ana.log", recs);
	assert_int_equal(mode_of(f, "gratitude"), 0700);
	assert_int_equal(mode_of(f, "gratitude/ana.log"), 0600);
	assert_int_equal(mode_of(f, "gratitude/.lock"), 0600);
}

static void
test_torn_tail_moved(void **state)
{
	struct fixture *f = *state;
	struct herr e, w;
	const char one[] = REC("2026-01-01T10:00:00Z", "ana", "one");
	const char two[] = REC("2026-01-01T10:00:02Z", "ana", "two");
	struct seen s;

	PUT(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana", "one")
	    "2026-01-01T10:00:01Z\tana\tthan");
	read_all(f, &(struct store_query){ 0 }, &s);
	assert_string_equal(s.out.p, "ana one\n");
	assert_string_equal(s.warns.p, "ana.log:2: unterminated last line\n");
	seen_free(&s);
	assert_int_equal(append(f, "ana", two, sizeof(two) - 1, &w, &e), 0);
	assert_non_null(strstr(w.msg, "moved an unterminated last line "
	    "(29 bytes)"));
	assert_file(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana",
	    "one") REC("2026-01-01T10:00:02Z", "ana", "two"));
	assert_file(f, "gratitude/ana.log.torn",
	    "2026-01-01T10:00:01Z\tana\tthan\n");
	(void)one;
}

static void
test_whole_file_torn(void **state)
{
	struct fixture *f = *state;
	struct herr e, w;
	const char two[] = REC("2026-01-01T10:00:02Z", "ana", "two");

	PUT(f, "gratitude/ana.log", "no newline at all");
	assert_int_equal(append(f, "ana", two, sizeof(two) - 1, &w, &e), 0);
	assert_file(f, "gratitude/ana.log", two);
	assert_file(f, "gratitude/ana.log.torn", "no newline at all\n");
}

static void
test_refuse_readable_root(void **state)
{
	struct fixture *f = *state;
	struct store st;
	struct herr e;

	assert_int_equal(chmod(f->store, 0755), 0);
	assert_int_equal(store_open(&st, f->store, 0, &e), -1);
	assert_int_equal(e.code, HX_CONFIG);
	assert_non_null(strstr(e.msg, "is readable by others; run chmod 700"));
	assert_int_equal(chmod(f->store, 0700), 0);
	assert_int_equal(store_open(&st, f->store, 0, &e), 0);
	store_close(&st);
}

static void
test_missing_store(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct store st;
	struct herr e;

	snprintf(path, sizeof(path), "%s/none", f->dir);
	assert_int_equal(store_open(&st, path, 0, &e), -1);
	assert_int_equal(e.code, HX_NOINPUT);
}

static void
test_refuse_symlink(void **state)
{
	struct fixture *f = *state;
	char target[PATH_MAX], link[PATH_MAX];
	struct herr e, w;
	struct store_reader *rd;
	struct store_query q = { .tool = "gratitude" };
	const char rec[] = REC("2026-01-01T10:00:00Z", "ana", "x");
	struct stat before, after;
	int fd;

	snprintf(target, sizeof(target), "%s/outside", f->dir);
	fd = open(target, O_WRONLY | O_CREAT, 0600);
	assert_int_equal(write(fd, "secret\n", 7), 7);
	close(fd);
	assert_int_equal(stat(target, &before), 0);
	PUT(f, "gratitude/keep", "");
	snprintf(link, sizeof(link), "%s/gratitude/ana.log", f->store);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(append(f, "ana", rec, sizeof(rec) - 1, &w, &e), -1);
	assert_non_null(strstr(e.msg, "symbolic link"));
	assert_int_equal(store_read_open(&rd, &f->st, &q, &e), -1);
	assert_non_null(strstr(e.msg, "symbolic link"));
	assert_int_equal(stat(target, &after), 0);
	assert_int_equal(after.st_size, 7);
	assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
}

static void
test_lock_timeout(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	const char rec[] = REC("2026-01-01T10:00:00Z", "ana", "x");
	struct herr e, w;
	int fd, pipefd[2], status;
	pid_t pid;
	char c;

	PUT(f, "gratitude/.lock", "");
	snprintf(path, sizeof(path), "%s/gratitude/.lock", f->store);
	assert_int_equal(pipe(pipefd), 0);
	if ((pid = fork()) == 0) {
		fd = open(path, O_RDWR);
		flock(fd, LOCK_EX);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		alarm(60);	/* should the test fail before it kills */
		pause();	/* holds the lock until killed */
		_exit(0);
	}
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	setenv("HEARTH_LOCK_TIMEOUT", "0.2", 1);
	assert_int_equal(append(f, "ana", rec, sizeof(rec) - 1, &w, &e), -1);
	assert_int_equal(e.code, HX_TEMPFAIL);
	assert_non_null(strstr(e.msg, "held by another process"));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_int_equal(append(f, "ana", rec, sizeof(rec) - 1, &w, &e), 0);
	unsetenv("HEARTH_LOCK_TIMEOUT");
}

static int
drop_two(void *arg, const char *line, size_t len)
{
	return memmem(line, len, "two", 3) == NULL;
}

static void
test_rewrite(void **state)
{
	struct fixture *f = *state;
	struct herr e, w;
	size_t removed;

	PUT(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana", "one")
	    "# a comment\n" "garbage line\n"
	    REC("2026-01-01T10:00:01Z", "ana", "two")
	    REC("2026-01-01T10:00:02Z", "ana", "three"));
	assert_int_equal(store_rewrite(&f->st, "gratitude", "ana", drop_two,
	    NULL, &removed, &w, &e), 0);
	assert_int_equal(removed, 1);
	assert_file(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana",
	    "one") "# a comment\n" "garbage line\n"
	    REC("2026-01-01T10:00:02Z", "ana", "three"));
	assert_int_equal(mode_of(f, "gratitude/ana.log"), 0600);
	/* Nothing to drop: nothing written, no temp file left behind. */
	assert_int_equal(store_rewrite(&f->st, "gratitude", "ana", drop_two,
	    NULL, &removed, &w, &e), 0);
	assert_int_equal(removed, 0);
	assert_int_equal(system("test $(ls -A \"$HOME\"/data/hearth/gratitude"
	    " | wc -l) -eq 2"), 0);
}

static void
test_merge_and_warnings(void **state)
{
	struct fixture *f = *state;
	struct seen s;

	PUT(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana", "a1")
	    REC("2026-01-01T10:00:02Z", "ana", "a2")
	    "2026-01-01T10:00:03Z\tana\tthanks\t\n"
	    "# comment\n"
	    REC("2026-01-01T10:00:03Z", "ben", "wrong file")
	    REC("2026-01-01T11:00:04+01:00", "ana", "a3 same instant as b3"));
	PUT(f, "gratitude/ben.log", REC("2026-01-01T10:00:01Z", "ben", "b1")
	    REC("2026-01-01T10:00:04Z", "ben", "b3")
	    "\n"
	    REC("2026-01-01T10:00:05Z", "ben", "b4"));
	PUT(f, "gratitude/Bad Name.log", REC("2026-01-01T10:00:00Z", "ana",
	    "ignored"));
	read_all(f, &(struct store_query){ 0 }, &s);
	assert_string_equal(s.out.p, "ana a1\nben b1\nana a2\n"
	    "ana a3 same instant as b3\nben b3\nben b4\n");
	assert_string_equal(s.warns.p, "ana.log:3: missing fields\n"
	    "ana.log:5: author does not match the file\n"
	    "ben.log:3: empty line\n");
	seen_free(&s);
	read_all(f, &(struct store_query){ .author = "ben" }, &s);
	assert_string_equal(s.out.p, "ben b1\nben b3\nben b4\n");
	seen_free(&s);
	read_all(f, &(struct store_query){ .author = "nobody" }, &s);
	assert_string_equal(s.out.p, "");
	seen_free(&s);
}

static void
test_runs_out_of_order(void **state)
{
	struct fixture *f = *state;
	struct hmoment since = { 1767261602, 0 };	/* 10:00:02Z */
	struct herr e, w;
	struct seen s;
	const char late[] = REC("2026-01-01T09:59:00Z", "ana", "clock back");

	/* A clock change, then a union merge: three ordered runs. */
	PUT(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana", "r1a")
	    REC("2026-01-01T10:00:03Z", "ana", "r1b")
	    REC("2026-01-01T10:00:01Z", "ana", "r2a")
	    REC("2026-01-01T10:00:04Z", "ana", "r2b")
	    REC("2026-01-01T10:00:02Z", "ana", "r3a")
	    REC("2026-01-01T10:00:05Z", "ana", "r3b"));
	read_all(f, &(struct store_query){ 0 }, &s);
	assert_string_equal(s.out.p, "ana r1a\nana r2a\nana r3a\nana r1b\n"
	    "ana r2b\nana r3b\n");
	assert_string_equal(s.warns.p, "");
	seen_free(&s);
	read_all(f, &(struct store_query){ .since = &since }, &s);
	assert_string_equal(s.out.p, "ana r3a\nana r1b\nana r2b\nana r3b\n");
	seen_free(&s);
	/* The cache is extended by an append that goes back in time. */
	assert_int_equal(append(f, "ana", late, sizeof(late) - 1, &w, &e), 0);
	read_all(f, &(struct store_query){ 0 }, &s);
	assert_string_equal(s.out.p, "ana clock back\nana r1a\nana r2a\n"
	    "ana r3a\nana r1b\nana r2b\nana r3b\n");
	seen_free(&s);
}

/* A big log: the since bound found by binary search, needles, until. */
static void
test_big_log_bounds(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT;
	struct hmoment since, until;
	struct store_reader *rd;
	struct store_query q = { .tool = "gratitude" };
	struct record r;
	struct herr e;
	struct seen s;
	size_t i, n = 0;
	int64_t t0 = 1700000000;
	char ts[64];

	for (i = 0; i < 200000; i++) {
		struct hmoment m = { t0 + (int64_t)i * 60, 0 };

		date_format(&m, 1, ts);
		if (i == 150000)
			buf_adds(&b, "malformed line\n");
		buf_printf(&b, "%s\tana\tthanks\t\tentry %zu%s\n", ts, i,
		    i % 50000 == 7 ? " zeppelin" : "");
	}
	put_file(f, "gratitude/ana.log", b.p, b.len);
	buf_free(&b);
	since.sec = t0 + 199990 * 60;
	since.usec = 0;
	q.since = &since;
	assert_int_equal(store_read_open(&rd, &f->st, &q, &e), 0);
	assert_int_equal(store_read_next(rd, &r, &e), 1);
	assert_memory_equal(r.f[RF_DATA + 1], "entry 199990", 12);
	for (n = 1; store_read_next(rd, &r, &e) == 1; n++)
		;
	assert_int_equal(n, 10);
	store_read_close(rd);
	/* until ends the run early; since and until together. */
	since.sec = t0 + 100 * 60;
	until.sec = t0 + 110 * 60;
	until.usec = 0;
	read_all(f, &(struct store_query){ .since = &since, .until = &until },
	    &s);
	assert_string_equal(s.out.p, "ana entry 100\nana entry 101\n"
	    "ana entry 102\nana entry 103\nana entry 104\nana entry 105\n"
	    "ana entry 106\nana entry 107\nana entry 108\nana entry 109\n");
	seen_free(&s);
	/* A needle parses only candidate lines; warnings keep line numbers. */
	read_all(f, &(struct store_query){ .needle = "zeppelin",
	    .needle_len = 8 }, &s);
	assert_string_equal(s.out.p, "ana entry 7 zeppelin\n"
	    "ana entry 50007 zeppelin\nana entry 100007 zeppelin\n"
	    "ana entry 150007 zeppelin\n");
	seen_free(&s);
	read_all(f, &(struct store_query){ .needle = "malformed",
	    .needle_len = 9 }, &s);
	assert_string_equal(s.warns.p, "ana.log:150001: missing fields\n");
	seen_free(&s);
	read_all(f, &(struct store_query){ .since = &since }, &s);
	assert_string_equal(s.warns.p, "ana.log:150001: missing fields\n");
	seen_free(&s);
}

static void
test_long_line(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT;
	struct seen s;

	buf_adds(&b, REC("2026-01-01T10:00:00Z", "ana", "before"));
	while (b.len < 1024 * 1024)
		buf_adds(&b, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	buf_adds(&b, "\n" REC("2026-01-01T10:00:01Z", "ana", "after"));
	put_file(f, "gratitude/ana.log", b.p, b.len);
	buf_free(&b);
	read_all(f, &(struct store_query){ 0 }, &s);
	assert_string_equal(s.out.p, "ana before\nana after\n");
	assert_string_equal(s.warns.p,
	    "ana.log:2: line longer than 4096 bytes\n");
	seen_free(&s);
}

static void
test_authors(void **state)
{
	struct fixture *f = *state;
	char **a;
	struct herr e;

	assert_int_equal(store_authors(&f->st, "gratitude", &a, &e), 0);
	assert_null(a[0]);
	store_authors_free(a);
	PUT(f, "gratitude/ben.log", "");
	PUT(f, "gratitude/ana.log", "");
	PUT(f, "gratitude/ana.log.torn", "");
	PUT(f, "gratitude/UPPER.log", "");
	PUT(f, "gratitude/.lock", "");
	assert_int_equal(store_authors(&f->st, "gratitude", &a, &e), 0);
	assert_string_equal(a[0], "ana");
	assert_string_equal(a[1], "ben");
	assert_null(a[2]);
	store_authors_free(a);
}


static void
test_stamp(void **state)
{
	struct hmoment now = { 100, 5 }, last = { 100, 9 }, out;

	store_stamp(&now, NULL, &out);
	assert_true(out.sec == 100 && out.usec == 5);
	/* The same second and not after the last record: just after it. */
	store_stamp(&now, &last, &out);
	assert_true(out.sec == 100 && out.usec == 10);
	last.usec = 999999;
	store_stamp(&now, &last, &out);
	assert_true(out.sec == 101 && out.usec == 0);
	/* After the last record, or in another second: kept as it is. */
	last.usec = 4;
	store_stamp(&now, &last, &out);
	assert_true(out.sec == 100 && out.usec == 5);
	last.sec = 200;
	store_stamp(&now, &last, &out);
	assert_true(out.sec == 100 && out.usec == 5);
}

static int
build_fails(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	buf_adds(out, "half a record\n");
	return herr_set(e, HX_DATAERR, "no, thank you");
}

static void
test_build_sees_last(void **state)
{
	struct fixture *f = *state;
	struct fixed x = { REC("2026-01-01T10:00:01.000002Z", "ana", "b"),
	    0, { 0, 0 }, 0 };
	struct herr e, w;

	x.len = strlen(x.recs);
	PUT(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana", "a")
	    "2026-01-01T10:00:01.000001+00:00\tana\tthanks\t\tz\n");
	assert_int_equal(store_append(&f->st, "gratitude", "ana", build_fixed,
	    &x, &w, &e), 0);
	assert_int_equal(x.have_last, 1);
	assert_int_equal(x.last.sec, 1767261601);
	assert_int_equal(x.last.usec, 1);
	assert_int_equal(store_append(&f->st, "gratitude", "ana", build_fails,
	    NULL, &w, &e), -1);
	assert_string_equal(e.msg, "no, thank you");
	assert_file(f, "gratitude/ana.log", REC("2026-01-01T10:00:00Z", "ana",
	    "a") "2026-01-01T10:00:01.000001+00:00\tana\tthanks\t\tz\n"
	    REC("2026-01-01T10:00:01.000002Z", "ana", "b"));
	/* An empty log has no last record. */
	assert_int_equal(store_append(&f->st, "gratitude", "ben", build_fixed,
	    &x, &w, &e), 0);
	assert_int_equal(x.have_last, 0);
}

static void
test_fifo_refused(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct store_reader *rd;
	struct store_query q = { .tool = "gratitude" };
	struct herr e, w;
	const char rec[] = REC("2026-01-01T10:00:00Z", "ana", "x");

	PUT(f, "gratitude/.lock", "");
	snprintf(path, sizeof(path), "%s/gratitude/ana.log", f->store);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(store_read_open(&rd, &f->st, &q, &e), -1);
	assert_non_null(strstr(e.msg, "is not a regular file"));
	assert_int_equal(append(f, "ana", rec, sizeof(rec) - 1, &w, &e), -1);
	assert_non_null(strstr(e.msg, "is not a regular file"));
}

static void
test_edit_in_place(void **state)
{
	struct fixture *f = *state;
	struct hmoment until = { 1798761600, 0 };	/* 2027-01-01 */
	char path[PATH_MAX];
	struct seen s;
	int fd;

	PUT(f, "gratitude/ana.log", REC("2026-03-01T10:00:00Z", "ana", "1")
	    REC("2026-03-02T10:00:00Z", "ana", "2")
	    REC("2026-03-03T10:00:00Z", "ana", "3"));
	read_all(f, &(struct store_query){ .until = &until }, &s);
	assert_string_equal(s.out.p, "ana 1\nana 2\nana 3\n");
	seen_free(&s);
	/* An editor that saves in place: same size, new mtime. */
	snprintf(path, sizeof(path), "%s/gratitude/ana.log", f->store);
	fd = open(path, O_WRONLY);
	assert_int_equal(pwrite(fd, "2027", 4, 35), 4);
	close(fd);
	assert_int_equal(system("touch -d '+1 minute' \"$HOME\"/data/hearth/"
	    "gratitude/ana.log"), 0);
	read_all(f, &(struct store_query){ .until = &until }, &s);
	assert_string_equal(s.out.p, "ana 1\nana 3\n");
	seen_free(&s);
	read_all(f, &(struct store_query){ 0 }, &s);
	assert_string_equal(s.out.p, "ana 1\nana 3\nana 2\n");
	seen_free(&s);
}

static void
test_rewrite_long_line(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT, want = BUF_INIT;
	struct herr e, w;
	size_t removed, len;
	char *got;

	buf_adds(&b, REC("2026-01-01T10:00:00Z", "ana", "one"));
	while (b.len < 1024 * 1024)
		buf_adds(&b, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
	buf_adds(&b, "\n");
	buf_add(&want, b.p, b.len);
	buf_adds(&b, REC("2026-01-01T10:00:01Z", "ana", "two"));
	buf_adds(&b, REC("2026-01-01T10:00:02Z", "ana", "three"));
	buf_adds(&want, REC("2026-01-01T10:00:02Z", "ana", "three"));
	put_file(f, "gratitude/ana.log", b.p, b.len);
	assert_int_equal(store_rewrite(&f->st, "gratitude", "ana", drop_two,
	    NULL, &removed, &w, &e), 0);
	assert_int_equal(removed, 1);
	got = get_file(f, "gratitude/ana.log", &len);
	assert_int_equal(len, want.len);
	assert_memory_equal(got, want.p, len);
	free(got);
	buf_free(&b);
	buf_free(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_modes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail_moved, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_whole_file_torn, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refuse_readable_root,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_store, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refuse_symlink, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock_timeout, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rewrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_and_warnings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_runs_out_of_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_big_log_bounds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_authors, setup, teardown),
		cmocka_unit_test(test_stamp),
		cmocka_unit_test_setup_teardown(test_build_sees_last, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fifo_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_edit_in_place, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_long_line, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
