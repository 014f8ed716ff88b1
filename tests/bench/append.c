/*
 * append: the least a process can do to append one gratitude record, as
 * the baseline for `gratitude add` (built static, like the tools).
 *
 *	append STORE AUTHOR TEXT
 *
 * Takes an exclusive flock(2) on STORE/gratitude/.lock, opens
 * STORE/gratitude/AUTHOR.log O_WRONLY|O_APPEND|O_CREAT, writes one record
 * stamped with the local time (microseconds and offset, as hearth writes
 * it) in one write(2), fdatasyncs it and closes.  The text is written as
 * given (no escaping, no checks).
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/time.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char path[4096], rec[4096];
	struct timeval tv;
	struct tm tm;
	long off;
	int dfd, lfd, fd, n;

	if (argc != 4) {
		fprintf(stderr, "usage: append STORE AUTHOR TEXT\n");
		return 64;
	}
	snprintf(path, sizeof(path), "%s/gratitude", argv[1]);
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (lfd = openat(dfd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1 || flock(lfd, LOCK_EX) == -1) {
		perror(path);
		return 74;
	}
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	off = tm.tm_gmtoff / 60;
	n = snprintf(rec, sizeof(rec),
	    "%04d-%02d-%02dT%02d:%02d:%02d.%06ld%c%02ld:%02ld\t%s\tthanks\t\t"
	    "%s\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)tv.tv_usec, off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60, argv[2], argv[3]);
	if (n < 0 || (size_t)n >= sizeof(rec)) {
		fprintf(stderr, "append: text too long\n");
		return 65;
	}
	snprintf(path, sizeof(path), "%s.log", argv[2]);
	if ((fd = openat(dfd, path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1 || write(fd, rec, (size_t)n) != n ||
	    fdatasync(fd) == -1 || close(fd) == -1) {
		perror(path);
		return 74;
	}
	close(lfd);
	close(dfd);
	return 0;
}
