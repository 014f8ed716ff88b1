/*
 * replay: run a libFuzzer harness over saved inputs without libFuzzer.
 *
 *	replay FILE|DIR...
 *
 * Linked with one harness of tests/fuzz and the sources of common,
 * built by any C compiler with or without sanitizers, so that `make
 * check` replays the corpora kept in tests/fuzz/corpus/.  Every file named, and every file
 * directly inside a directory named (in name order, dot files skipped),
 * is read into a buffer of exactly its size and handed to
 * LLVMFuzzerTestOneInput, after LLVMFuzzerInitialize when the harness has
 * one.  A harness reports a broken invariant by aborting, so reaching the
 * end means every input passed.  Exit 1 when an argument cannot be read
 * or names no input at all.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static size_t	ninputs;

static int
run_file(const char *path)
{
	struct stat sb;
	uint8_t *p;
	size_t done = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	/* Exactly the input's size, so a read past it is caught. */
	if ((p = malloc(sb.st_size > 0 ? (size_t)sb.st_size : 1)) == NULL) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		close(fd);
		return -1;
	}
	while (done < (size_t)sb.st_size) {
		n = read(fd, p + done, (size_t)sb.st_size - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "replay: %s: %s\n", path,
			    n == 0 ? "file shrank" : strerror(errno));
			free(p);
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	close(fd);
	if (getenv("REPLAY_VERBOSE") != NULL)
		fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(p, done);
	free(p);
	ninputs++;
	return 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir)
{
	struct dirent *de;
	struct stat sb;
	char **names = NULL, **nv, path[4096];
	size_t n = 0, cap = 0, i;
	int rc = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(names, cap * sizeof(*nv))) == NULL)
				abort();
			names = nv;
		}
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    run_file(path) == -1)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct stat sb;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: replay file|dir...\n");
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(sb.st_mode) ? run_dir(argv[i]) == -1 :
		    run_file(argv[i]) == -1)
			rc = 1;
	}
	fprintf(stderr, "replay: %zu inputs\n", ninputs);
	if (ninputs == 0)
		rc = 1;
	return rc;
}
