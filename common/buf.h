/*
 * buf: a growable byte buffer.
 *
 * Used to build a record or a line of output in memory before one
 * write(2).  Functions return -1 (errno ENOMEM) when memory runs out; the
 * buffer is then unchanged.
 */
#ifndef HEARTH_BUF_H
#define HEARTH_BUF_H

#include <stddef.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

int	buf_reserve(struct buf *b, size_t more);
int	buf_add(struct buf *b, const void *p, size_t n);
int	buf_addc(struct buf *b, char c);
int	buf_adds(struct buf *b, const char *s);
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A NUL after the contents (not counted in len). */
int	buf_nul(struct buf *b);
void	buf_reset(struct buf *b);
void	buf_free(struct buf *b);

#endif
