/*
 * io: whole reads and writes on descriptors.
 *
 * write(2) and pread(2) may do less than asked, and may be interrupted;
 * these loop until all of it is done, the end of the file is reached, or
 * a real error comes.  A write that makes no progress is an error (EIO),
 * never a loop without end.
 */
#ifndef HEARTH_IO_H
#define HEARTH_IO_H

#include <sys/types.h>

#include <stddef.h>

/* len, or -1 with errno set. */
ssize_t	io_write_all(int fd, const char *p, size_t len);
/* The bytes read (fewer than len only at the end of the file), or -1. */
ssize_t	io_pread_all(int fd, char *p, size_t len, off_t off);

/*
 * Make the directory path and any parents missing, each with mode
 * (a private folder of this machine's own, such as the state folder).
 * 0, or -1 with errno.
 */
int	io_mkdirs(const char *path, mode_t mode);

#endif
