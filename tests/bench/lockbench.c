/*
 * lockbench: concurrent appends, hearth's store_append against the least
 * a writer can do, for tests/bench/lock.sh.
 *
 *	lockbench MODE STORE WRITERS APPENDS
 *
 * Forks WRITERS processes that start together and each append APPENDS
 * records of about 100 bytes to STORE/gratitude/ana.log, then prints
 * "MODE APPENDS_PER_SECOND P50_MS P99_MS": the throughput over the whole
 * run (wall time) and percentiles of the latency of one append (from the
 * call to its return, lock wait included).  MODE is one of:
 *
 *	base	 open STORE/gratitude/.lock, flock(LOCK_EX) (blocking),
 *		 open the log O_APPEND, one write(2), fdatasync, close both
 *		 (what tests/bench/append.c does, in a loop)
 *	lock	 base, but the lock taken and dropped by store_lock and
 *		 store_unlock (common/store.c): hearth's lock alone
 *	hearth	 store_append (common/store.c): the lock with its bounded
 *		 wait, the torn-tail check, the stamp, write, fdatasync
 *	backoff	 base, but the lock taken as hearth took it before: LOCK_NB
 *		 and a sleep of 1 ms doubling to 64 ms (for the record)
 *
 * Each writer opens the store once, as one process of a tool does.  Built
 * against libhearth.a (lock.sh says how).
 */
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "herr.h"
#include "record.h"
#include "store.h"

static const char text[] = "Thank you for the coffee this morning, and for "
    "waiting while I finished the call #care";

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
build(void *arg, const struct hmoment *last, struct buf *out, struct herr *e)
{
	struct hmoment now, when;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	if (record_begin(out, &when, "ana", "thanks") == -1 ||
	    record_field(out, "ben", 3) == -1 ||
	    record_field(out, text, sizeof(text) - 1) == -1 ||
	    record_end(out) == -1)
		return herr_errno(e, 74, errno, "record");
	return 0;
}

/* The lock as hearth took it before: LOCK_NB and a doubling sleep. */
static int
lock_backoff(int fd)
{
	struct timespec nap = { 0, 1000000 };

	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 64000000)
			nap.tv_nsec *= 2;
	}
	return 0;
}

/* The append of base, backoff and lock (st: lock's store, else NULL). */
static int
append_plain(const char *dir, int backoff, struct store *st)
{
	struct herr e;
	char rec[256];
	int dfd, lfd, fd, n, r;

	n = snprintf(rec, sizeof(rec), "2026-11-26T12:00:00.000000+01:00\t"
	    "ana\tthanks\tben\t%s\n", text);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if (st != NULL)
		r = (lfd = store_lock(st, "gratitude", &e)) == -1;
	else {
		lfd = openat(dfd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC |
		    O_NOFOLLOW, 0600);
		r = lfd == -1 || (backoff ? lock_backoff(lfd) :
		    flock(lfd, LOCK_EX));
	}
	if (r == 0) {
		fd = openat(dfd, "ana.log", O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC | O_NOFOLLOW, 0600);
		r = fd == -1 || write(fd, rec, (size_t)n) != n ||
		    fdatasync(fd) == -1 || close(fd) == -1;
	}
	if (st != NULL)
		store_unlock(lfd);
	else if (lfd != -1)
		close(lfd);
	close(dfd);
	return r ? -1 : 0;
}

/* One writer: wait for the start, append n times, note each latency. */
static int
writer(const char *mode, const char *root, int go, long n, double *lat)
{
	struct store st;
	struct herr e, warn;
	char dir[4096], c;
	double t0;
	long i;
	int r;

	snprintf(dir, sizeof(dir), "%s/gratitude", root);
	if ((strcmp(mode, "hearth") == 0 || strcmp(mode, "lock") == 0) &&
	    store_open(&st, root, 0, &e) == -1) {
		fprintf(stderr, "lockbench: %s\n", e.msg);
		return 1;
	}
	(void)read(go, &c, 1);	/* EOF: everyone starts */
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		if (strcmp(mode, "hearth") == 0)
			r = store_append(&st, "gratitude", "ana", build, NULL,
			    &warn, &e);
		else
			r = append_plain(dir, strcmp(mode, "backoff") == 0,
			    strcmp(mode, "lock") == 0 ? &st : NULL);
		if (r == -1) {
			fprintf(stderr, "lockbench: %s: append failed\n", mode);
			return 1;
		}
		lat[i] = now_ms() - t0;
	}
	return 0;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	long w, n, i, total;
	double *lat, t0, wall;
	int go[2], st, bad = 0;
	pid_t pid;

	if (argc != 5 || (strcmp(argv[1], "base") != 0 &&
	    strcmp(argv[1], "hearth") != 0 && strcmp(argv[1], "lock") != 0 &&
	    strcmp(argv[1], "backoff") != 0) ||
	    (w = atol(argv[3])) < 1 || (n = atol(argv[4])) < 1) {
		fprintf(stderr, "usage: lockbench base|lock|hearth|backoff "
		    "STORE WRITERS APPENDS\n");
		return 64;
	}
	total = w * n;
	lat = mmap(NULL, (size_t)total * sizeof(*lat), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (lat == MAP_FAILED || pipe(go) == -1) {
		perror("lockbench");
		return 74;
	}
	for (i = 0; i < w; i++) {
		if ((pid = fork()) == -1) {
			perror("lockbench: fork");
			return 74;
		}
		if (pid == 0) {
			close(go[1]);
			_exit(writer(argv[1], argv[2], go[0], n, lat + i * n));
		}
	}
	close(go[0]);
	usleep(100000);		/* every writer has opened its store */
	t0 = now_ms();
	close(go[1]);
	while (wait(&st) != -1)
		bad |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	wall = now_ms() - t0;
	if (bad)
		return 74;
	qsort(lat, (size_t)total, sizeof(*lat), cmpd);
	printf("%s %.1f %.3f %.3f\n", argv[1], (double)total / (wall / 1e3),
	    lat[total / 2], lat[(total * 99 + 99) / 100 - 1]);
	return 0;
}
