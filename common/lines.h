/*
 * lines: the one way hearth splits text into lines.
 *
 * Two readers, one rule: a line is what lies before an LF, handed over
 * without it, and a last piece without an LF is a line too (the caller
 * learns which from *ended / lr->ended and can call it torn).
 * line_next walks a buffer already in memory; linereader reads a file
 * with pread(2) in a buffer of fixed size, so memory stays bounded
 * however long the file or its lines are.
 */
#ifndef HEARTH_LINES_H
#define HEARTH_LINES_H

#include <sys/types.h>

#include <stddef.h>

/*
 * The next line of [*p, end): 1 with *line and *len set (no LF) and *p
 * past it, *ended 1 when the line had its LF (else it is the last
 * piece); 0 when *p == end.  ended may be NULL.
 */
int	line_next(const char **p, const char *end, const char **line,
	    size_t *len, int *ended);

/*
 * Lines of fd in [off, stop), without their LF, for a rewrite, a check
 * or any file read a line at a time: every byte is handed over, in a
 * buffer of fixed size.  A line longer than the buffer comes in pieces: 2 for each piece but the last, then 1
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
