/*
 * paths: where the store and the config live, and who is writing.
 *
 * The store is $HEARTH_DIR, else ${XDG_DATA_HOME:-$HOME/.local/share}/hearth.
 * The config is ${XDG_CONFIG_HOME:-$HOME/.config}/hearth/config.  Empty
 * variables count as unset, as the XDG base directory rules say; a
 * relative XDG path is ignored.  The author is HEARTH_AUTHOR when set and
 * not empty, else "name" from the config, else the login name.
 */
#ifndef HEARTH_PATHS_H
#define HEARTH_PATHS_H

#include <stddef.h>

struct herr;
struct config;

#define AUTHOR_MAX 32

/* Fill buf with the store's path.  HX_CONFIG when HOME is missing too. */
int	paths_store(char *buf, size_t len, struct herr *e);
/* Fill buf with the config file's path. */
int	paths_config(char *buf, size_t len, struct herr *e);
/* Whether name is a valid author name: [a-z0-9._-]{1,32}, not "." or "..". */
int	author_valid(const char *name);
/*
 * The author (see above) into buf (AUTHOR_MAX + 1 bytes).  cfg may be NULL.
 * An invalid name is HX_CONFIG, naming where it came from.
 */
int	paths_author(const struct config *cfg, char *buf, size_t len,
	    struct herr *e);

#endif
