/*
 * herr: filling in a failure for the tool to report (see herr.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "herr.h"

int
herr_set(struct herr *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
herr_errno(struct herr *e, int code, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (e == NULL)
		return -1;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, ": %s", strerror(errnum));
	return -1;
}

int
herr_code_for(int errnum)
{
	switch (errnum) {
	case EACCES:
	case EPERM:
	case EROFS:
	case EEXIST:
	case ENOTDIR:
	case EISDIR:
		return HX_CANTCREAT;
	case ENOENT:
		return HX_NOINPUT;
	default:
		return HX_IOERR;
	}
}
