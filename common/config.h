/*
 * config: the "key = value" file.
 *
 * One setting a line; blank lines and lines whose first non-blank
 * character is '#' are ignored.  Keys are [a-z_][a-z0-9_]*; white space
 * around keys and values is dropped; a value may be empty.  A later line
 * with the same key wins.  Any other line is an error "file:line: reason"
 * (HX_CONFIG).  "name" and "partner", when present, must be valid author
 * names.  A missing file is an empty config, not an error.
 */
#ifndef HEARTH_CONFIG_H
#define HEARTH_CONFIG_H

#include <stddef.h>

struct herr;

struct config_entry {
	char	*key;
	char	*value;
};

struct config {
	struct config_entry	*v;
	size_t			 n;
};

#define CONFIG_INIT { NULL, 0 }

/* Read path into cfg.  Returns 0, or -1 with e set (cfg then empty). */
int	config_load(struct config *cfg, const char *path, struct herr *e);
/* The value of key, or NULL. */
const char *config_get(const struct config *cfg, const char *key);
/* Set key to value in memory (replacing an earlier value). */
int	config_set(struct config *cfg, const char *key, const char *value);
/*
 * Write cfg to path atomically (temp file in the same directory, fsync,
 * rename, fsync of the directory), mode 0600, creating the directory
 * (0700) when missing.  Comments and unknown keys already in the file are
 * kept in place; changed keys are rewritten where they stood, new keys are
 * appended.
 */
int	config_save(const struct config *cfg, const char *path, struct herr *e);
void	config_free(struct config *cfg);

#endif
