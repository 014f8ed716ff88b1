/*
 * lines: splitting text into lines, in memory and from a file (lines.h).
 */
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "lines.h"

int
line_next(const char **p, const char *end, const char **line, size_t *len,
    int *ended)
{
	const char *nl;

	if (*p >= end)
		return 0;
	*line = *p;
	if ((nl = memchr(*p, '\n', (size_t)(end - *p))) != NULL) {
		*len = (size_t)(nl - *p);
		*p = nl + 1;
	} else {
		*len = (size_t)(end - *p);
		*p = end;
	}
	if (ended != NULL)
		*ended = nl != NULL;
	return 1;
}

void
linereader_init(struct linereader *lr, int fd, off_t off, off_t stop)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->boff = off;
	lr->stop = stop;
}

int
linereader_next(struct linereader *lr, const char **line, size_t *len)
{
	char *nl, *p;
	ssize_t n;
	size_t want;

	if (lr->longline && lr->ended)
		lr->longline = lr->ended = 0;
	for (;;) {
		nl = lr->pos < lr->end ? memchr(lr->buf + lr->pos, '\n',
		    lr->end - lr->pos) : NULL;
		if (nl != NULL || (lr->eof && lr->pos < lr->end)) {
			*line = lr->buf + lr->pos;
			*len = nl ? (size_t)(nl - *line) : lr->end - lr->pos;
			lr->pos = nl ? (size_t)(nl - lr->buf) + 1 : lr->end;
			lr->ended = 1;
			return 1;
		}
		if (lr->eof)
			return 0;
		if (lr->pos == 0 && lr->end == LINEREADER_MAX) {
			/* An overlong line: hand it over a piece at a time. */
			*line = lr->buf;
			*len = lr->end;
			lr->boff += (off_t)lr->end;
			lr->pos = lr->end = 0;
			lr->longline = 1;
			return 2;
		}
		/* Keep the partial line, make room, read more. */
		if (lr->end > lr->pos)
			memmove(lr->buf, lr->buf + lr->pos, lr->end - lr->pos);
		lr->boff += (off_t)lr->pos;
		lr->end -= lr->pos;
		lr->pos = 0;
		if (lr->cap < LINEREADER_MAX) {
			if ((p = realloc(lr->buf, LINEREADER_MAX)) == NULL)
				return -1;
			lr->buf = p;
			lr->cap = LINEREADER_MAX;
		}
		want = lr->cap - lr->end;
		if ((off_t)want > lr->stop - (lr->boff + (off_t)lr->end))
			want = (size_t)(lr->stop - (lr->boff + (off_t)lr->end));
		n = want ? io_pread_all(lr->fd, lr->buf + lr->end, want,
		    lr->boff + (off_t)lr->end) : 0;
		if (n == -1)
			return -1;
		if (n == 0)
			lr->eof = 1;
		lr->end += (size_t)n;
	}
}

void
linereader_free(struct linereader *lr)
{
	free(lr->buf);
	lr->buf = NULL;
}

