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

/*
 * Lines of fd in [off, stop), without their LF, for a rewrite or a check:
 * every byte is handed over, in a buffer of fixed size.  A line longer
 * than the buffer comes in pieces: 2 for each piece but the last, then 1
 * for the last one, with longline set throughout.  A last piece without
 * LF comes as a line too.
 */
#define LINEREADER_MAX	(128 * 1024)

struct linereader {
	int	 fd;
	off_t	 boff, stop;
	char	*buf;
	size_t	 cap, pos, end;
	int	 eof;
	int	 longline;	/* the line handed over is overlong */
	int	 ended;		/* the last call ended a line */
};

void	linereader_init(struct linereader *lr, int fd, off_t off, off_t stop);
/* 1 or 2 and a line, 0 at the end, -1 with errno on a read error. */
int	linereader_next(struct linereader *lr, const char **line, size_t *len);
void	linereader_free(struct linereader *lr);

#endif
