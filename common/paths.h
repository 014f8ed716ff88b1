/*
 * paths: where the store and the config live, and who is writing.
 *
 * The store is $HEARTH_DIR, else ${XDG_DATA_HOME:-$HOME/.local/share}/hearth.
 * The config is ${XDG_CONFIG_HOME:-$HOME/.config}/hearth/config.  Empty
 * variables count as unset, as the XDG base directory rules say; a
 * relative HEARTH_DIR, XDG path or HOME is refused (HX_CONFIG).  The
 * author is HEARTH_AUTHOR when set and not empty, else "name" from the
 * config, else the login name, read from /etc/passwd without NSS (the
 * tools are static).
 */
#ifndef HEARTH_PATHS_H
#define HEARTH_PATHS_H

#include <sys/types.h>

#include <stddef.h>

struct herr;
struct config;

#define AUTHOR_MAX 32

/* Fill buf with the store's path.  HX_CONFIG when HOME is missing too. */
int	paths_store(char *buf, size_t len, struct herr *e);
/* The folders of what this machine keeps for itself: state, cache. */
int	paths_state(char *buf, size_t len, struct herr *e);
int	paths_cache(char *buf, size_t len, struct herr *e);
/* Fill buf with the config file's path. */
int	paths_config(char *buf, size_t len, struct herr *e);
/* Whether name is a valid author name: [a-z0-9._-]{1,32}, not "." or "..". */
int	author_valid(const char *name);
/* The login name (from /etc/passwd, without NSS), or -1. */
int	paths_login(char *buf, size_t len);
/*
 * The author (see above) into buf (AUTHOR_MAX + 1 bytes).  cfg may be NULL.
 * An invalid name is HX_CONFIG, naming where it came from.
 */
int	paths_author(const struct config *cfg, char *buf, size_t len,
	    struct herr *e);
/*
 * The name of the first entry for uid in the passwd(5) file at path, into
 * buf, without NSS.  Only lines name:passwd:uid:gid:gecos:dir:shell with
 * a decimal uid and a name without blanks or control characters count;
 * an empty name, a comment ("#") and a NIS "+"/"-" entry do not.  0,
 * or -1 with errno ENOENT (no such entry), ENAMETOOLONG (the name does not
 * fit in len bytes), EINVAL (not a regular file), EFBIG (larger than
 * 16 MiB) or the error of open(2) or read(2).
 */
int	paths_passwd_name(const char *path, uid_t uid, char *buf, size_t len);
/* The same for uid's home, an absolute path: HOME when it is not set. */
int	paths_passwd_home(const char *path, uid_t uid, char *buf, size_t len);

#endif
