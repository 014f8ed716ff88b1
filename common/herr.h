/*
 * herr: how the library reports a failure.
 *
 * Nothing in common/ prints or exits.  A function that can fail for a
 * reason the user must read fills a struct herr with the exit status the
 * tool should use (the sysexits values of DESIGN.md) and a message in the
 * err(3) style: lowercase, no full stop, "path: reason" for files and
 * "file:line: reason" for data.  It then returns -1.  The tool decides
 * whether to errx(e.code, "%s", e.msg) or to warn and go on.
 */
#ifndef HEARTH_HERR_H
#define HEARTH_HERR_H

#include <stddef.h>

/* Exit statuses shared by every tool (DESIGN.md). */
#define HX_OK		0
#define HX_NO		1	/* a "no" answer: nothing due, no match, findings */
#define HX_USAGE	64
#define HX_DATAERR	65
#define HX_NOINPUT	66
#define HX_UNAVAIL	69
#define HX_CANTCREAT	73
#define HX_IOERR	74
#define HX_TEMPFAIL	75	/* lock timeout: try again */
#define HX_CONFIG	78

struct herr {
	int	code;
	char	msg[768];
};

/* Fill e (when not NULL) and return -1. */
int	herr_set(struct herr *e, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Same, with ": strerror(errnum)" appended. */
int	herr_errno(struct herr *e, int code, int errnum, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* The status an errno value maps to: EX_IOERR, EX_CANTCREAT, ... */
int	herr_code_for(int errnum);

#endif
