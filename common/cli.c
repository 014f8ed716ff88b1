/*
 * cli: process set-up and stdout checks shared by the tools (see cli.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "herr.h"

void
cli_setup(void)
{
	static char outbuf[65536];
	int fd;

	/*
	 * A descriptor of 0, 1 or 2 closed by the caller ("<&- >&-") would
	 * be the next file opened: a store log would receive what is
	 * printed.  Each closed one reads and writes /dev/null instead.
	 */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDWR) == -1)
			abort();
	umask(077);
	signal(SIGXFSZ, SIG_IGN);
	if (isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOLBF, 0);
	else
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
}

int
cli_identity(struct identity *id, struct herr *e)
{
	const char *p;

	memset(id, 0, sizeof(*id));
	if (paths_config(id->cfgpath, sizeof(id->cfgpath), e) == -1)
		return -1;
	if (config_load(&id->cfg, id->cfgpath, e) == -1)
		return -1;
	if (paths_author(&id->cfg, id->author, sizeof(id->author), e) == -1)
		return -1;
	p = config_get(&id->cfg, "partner");
	id->partner = p != NULL && *p != '\0' ? p : NULL;
	/*
	 * On one computer shared by two, HEARTH_AUTHOR may name the
	 * configured partner: the other one is then the configured name.
	 */
	if (id->partner != NULL && strcmp(id->partner, id->author) == 0) {
		p = config_get(&id->cfg, "name");
		id->partner = p != NULL && *p != '\0' &&
		    strcmp(p, id->author) != 0 ? p : NULL;
	}
	return 0;
}

int
cli_finish(struct herr *e)
{
	errno = 0;
	if (fflush(stdout) == EOF) {
		if (errno == EPIPE)
			return 0;
		return herr_errno(e, HX_IOERR, errno, "stdout");
	}
	/* An earlier write failed; its errno is long gone. */
	if (ferror(stdout))
		return herr_set(e, HX_IOERR, "stdout: write error");
	if (fclose(stdout) == EOF && errno != EPIPE)
		return herr_errno(e, HX_IOERR, errno, "stdout");
	return 0;
}

int
cli_color(int fd)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fd) && (nc == NULL || *nc == '\0');
}
