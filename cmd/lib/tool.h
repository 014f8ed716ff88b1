/*
 * tool: what every command does the same way, on the tool side.
 *
 * common/ never prints and never exits; a command must do both.  The
 * printing and exiting that every tool shares lives here, once, so that a
 * tool's own file reads as its own logic: the usage text and where it
 * goes, dying on a library error, the warning for a malformed line (and
 * the exit status it leaves behind), opening the store, appending to it,
 * making text safe for a terminal, allocation that cannot fail, and the
 * last check of stdout.  Each tool keeps its own getopt loop and its own
 * words.
 *
 * A malformed line is a per-item failure (style habit 6): it is warned
 * about, remembered, and the run goes on; tool_finish turns a successful
 * status into HX_DATAERR when one was seen.  That flag is the only state
 * this module keeps besides the buffers of tool_safe.
 */
#ifndef HEARTH_TOOL_H
#define HEARTH_TOOL_H

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

struct buf;
struct herr;

#define NORETURN	__attribute__((noreturn))

/*
 * Print text (a usage message) and exit: to stdout with status 0 (for
 * -h; stdout is checked, so "--help >/dev/full" exits HX_IOERR), else to
 * stderr with status.
 */
void	tool_usage(const char *text, int status) NORETURN;

/*
 * The command of commands (NULL-terminated) that word is a typo of: one
 * edit away for a word of up to four letters, two for a longer one; NULL
 * when none is that near.
 */
const char	*tool_typo(const char *word, const char *const *commands);

/*
 * "unknown command 'anwser'; did you mean answer?" (the question only
 * when there is a near one), then the usage, exit HX_USAGE.
 */
void	tool_unknown_command(const char *word, const char *const *commands,
	    const char *usage) NORETURN;

/*
 * getopt_long, with the messages every tool gives: -h and --help (when
 * longopts has "help") print usage and exit 0; an unknown option, a
 * missing argument or an argument given to an option that takes none is
 * told (made safe: getopt's own messages echo what was typed, raw) and
 * is a usage error.  A leading '+' in shorts is kept.  Returns the next
 * option, or -1.
 */
int	tool_getopt(int argc, char **argv, const char *shorts,
	    const struct option *longopts, const char *usage);
/* The long options of a command that has none but --help. */
extern const struct option	tool_help_only[];

/* errx(e->code, "%s", e->msg). */
void	tool_die(const struct herr *e) NORETURN;

/*
 * Warn as err(3) does, with every %s argument taken as untrusted text:
 * the formatted message is passed through text_safe before it is
 * written, so no byte of it reaches the terminal raw.
 */
void	tool_warnx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
void	tool_errx(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3))) NORETURN;
/* As tool_warnx and tool_errx, with ": strerror(errno)" after. */
void	tool_warn(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
void	tool_err(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3))) NORETURN;

/*
 * The warn callback of a store_query: "file:line: why" on stderr, and
 * the run's status becomes HX_DATAERR (tool_finish).  arg is unused.
 */
void	tool_warn_line(void *arg, const char *file, size_t line,
	    const char *why);
/* Remember bad data found some other way; whether any was seen. */
void	tool_bad_data(void);
int	tool_had_bad_data(void);

/*
 * The end of every run: check that stdout got everything (a full disk,
 * /dev/full: HX_IOERR, quiet on EPIPE), then return status, or
 * HX_DATAERR for a status of 0 when a malformed line was reported.
 */
int	tool_finish(int status);

/*
 * Open the store.  With create, make it when it is missing.  Without,
 * return 0 when there is none yet (nothing to read) and 1 when it is
 * open.  Any other failure dies.
 */
int	tool_store(struct store *st, int create);

/*
 * store_append, reporting a torn tail moved aside as a warning and dying
 * on failure.
 */
void	tool_append(struct store *st, const char *tool, const char *author,
	    store_build_fn build, void *arg);

/*
 * store_read_open of q (its warn callback tool_warn_line unless it has
 * one) and store_read_next, dying on an error.
 */
struct store_reader	*tool_read_open(struct store *st,
			    struct store_query *q);
int	tool_read_next(struct store_reader *rd, struct record *r);

/*
 * The terminal-safe form of s[0..len) (text_safe), in one of a few
 * buffers that this module reuses in turn, so that two or three may
 * stand in one printf.  tool_safez takes a NUL-terminated string.
 */
const char	*tool_safe(const char *s, size_t len);
const char	*tool_safez(const char *s);

/* Allocation that exits with HX_IOERR "memory" instead of failing. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* Die for a buffer or JSON call that returned -1 (out of memory). */
void	xcheck(int rv);

#endif
