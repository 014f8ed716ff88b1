/*
 * cli: process set-up and stdout checks shared by the tools (see cli.h).
 */
#include <sys/stat.h>

#include <errno.h>
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
	return 0;
}

int
cli_finish(struct herr *e)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		return herr_errno(e, HX_IOERR, errno, "stdout");
	}
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
