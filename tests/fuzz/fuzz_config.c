/*
 * libFuzzer harness for common/config.c.
 *
 * Each input is written to a file in a private temporary directory (on
 * /dev/shm when there is one, so that fsync costs nothing) and loaded.
 * A failure must be HX_CONFIG with a message and leave the config empty.
 * A success must satisfy what config.h promises: every value is one that
 * config_set accepts, and saving the config, over the file itself (lines
 * kept in place) or as a new file, gives a file that loads back to the
 * same entries in the same order.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "herr.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[64];
static char path[96];
static char fresh[96];

static void
cleanup(void)
{
	unlink(path);
	unlink(fresh);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct stat st;

	strlcpy(dir, stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ?
	    "/dev/shm/fuzz-config.XXXXXX" : "/tmp/fuzz-config.XXXXXX",
	    sizeof(dir));
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/config", dir);
	snprintf(fresh, sizeof(fresh), "%s/fresh", dir);
	atexit(cleanup);
	return 0;
}

static void
same(const struct config *a, const struct config *b)
{
	size_t i;

	if (a->n != b->n)
		abort();
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].key, b->v[i].key) != 0 ||
		    strcmp(a->v[i].value, b->v[i].value) != 0)
			abort();
}

/* Save cfg to p, load it back, compare. */
static void
round_trip(const struct config *cfg, const char *p)
{
	struct config back = CONFIG_INIT;
	struct herr e = { 0, "" };

	if (config_save(cfg, p, &e) == -1) {
		/* Rewritten lines can grow past the cap; nothing else. */
		if (strstr(e.msg, ": would be larger than 64 KiB") == NULL)
			abort();
		return;
	}
	if (config_load(&back, p, &e) == -1)
		abort();
	same(cfg, &back);
	config_free(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg = CONFIG_INIT, copy = CONFIG_INIT;
	struct herr e = { 0, "" };
	size_t i;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		abort();
	if (write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	unlink(fresh);

	if (config_load(&cfg, path, &e) == -1) {
		if (e.code != HX_CONFIG || e.msg[0] == '\0' || cfg.n != 0 ||
		    cfg.v != NULL)
			abort();
		return 0;
	}
	for (i = 0; i < cfg.n; i++) {
		if (config_get(&cfg, cfg.v[i].key) != cfg.v[i].value)
			abort();
		if (config_set(&copy, cfg.v[i].key, cfg.v[i].value) == -1)
			abort();
	}
	same(&cfg, &copy);
	round_trip(&cfg, path);
	round_trip(&cfg, fresh);
	config_free(&copy);
	config_free(&cfg);
	return 0;
}
