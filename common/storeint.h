/*
 * storeint: what store.c and storeread.c share, and nothing else uses.
 */
#ifndef HEARTH_STOREINT_H
#define HEARTH_STOREINT_H

#include <sys/types.h>

#include <stddef.h>

struct herr;
struct store;

int	store_check_fd(int fd, int want_dir, const char *path, struct herr *e);
void	store_file_path(const struct store *st, const char *tool,
	    const char *name, char *buf, size_t len);
int	store_tooldir(struct store *st, const char *tool, int create,
	    struct herr *e);
int	store_openat(int dfd, const char *name, int flags, const char *path,
	    struct herr *e);
int	store_lock_dir(struct store *st, int dfd, const char *tool,
	    struct herr *e);

#endif
