/*
 * cli: the start and the end of every tool's run.
 *
 * cli_setup makes the process safe to write the store: descriptors 0 to
 * 2 open (on /dev/null when the caller closed them), umask 077 before
 * anything is created, SIGXFSZ ignored so that a file size limit turns
 * into EFBIG (reported and rolled back) instead of a silent kill, and a
 * large stdout buffer.  cli_identity loads the config and works out who
 * the author is.  cli_finish checks that everything written to stdout
 * reached it (a full disk, /dev/full), as sbase's fshut does; the tool
 * prints the error.
 */
#ifndef HEARTH_CLI_H
#define HEARTH_CLI_H

#include <stddef.h>

#include "config.h"
#include "paths.h"

struct herr;

struct identity {
	struct config	cfg;
	char		cfgpath[4096];
	char		author[AUTHOR_MAX + 1];
	const char	*partner;	/* from the config, or NULL */
};

void	cli_setup(void);
int	cli_identity(struct identity *id, struct herr *e);
int	cli_finish(struct herr *e);
/* Whether colour may be used on fd: a terminal, NO_COLOR unset. */
int	cli_color(int fd);

#endif
