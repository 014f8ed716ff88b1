/*
 * tool: the printing and exiting every command shares (see tool.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "herr.h"
#include "store.h"
#include "text.h"
#include "tool.h"

#define SAFE_RING	4

static int	bad_data;	/* a malformed line was reported */

void
tool_usage(const char *text, int status)
{
	if (status == 0) {
		fputs(text, stdout);
		exit(tool_finish(0));
	}
	fputs(text, stderr);
	exit(status);
}

const struct option tool_help_only[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Tell what was wrong with the option getopt_long just refused. */
static void NORETURN
bad_option(int ch, const char *shorts, const struct option *lo,
    char **argv, const char *usage)
{
	const struct option *o;

	for (o = lo; o != NULL && o->name != NULL && o->val != optopt; o++)
		continue;
	if (ch == ':' && optopt > 0 && optopt < 256 && optind >= 1 &&
	    strncmp(argv[optind - 1], "--", 2) != 0)
		tool_warnx("option -%c needs an argument", optopt);
	else if (ch == ':' && o != NULL && o->name != NULL)
		tool_warnx("option --%s needs an argument", o->name);
	else if (optopt == 0 || optind < 1)
		tool_warnx("unknown option '%s'", argv[optind - 1]);
	else if (o != NULL && o->name != NULL &&
	    strncmp(argv[optind - 1], "--", 2) == 0)
		tool_warnx("option --%s takes no argument", o->name);
	else
		tool_warnx("unknown option -%c", optopt);
	tool_usage(usage, HX_USAGE);
}

int
tool_getopt(int argc, char **argv, const char *shorts,
    const struct option *longopts, const char *usage)
{
	char opts[128];
	int ch;

	snprintf(opts, sizeof(opts), "%s:%s", shorts[0] == '+' ? "+" : "",
	    shorts + (shorts[0] == '+'));
	opterr = 0;
	ch = getopt_long(argc, argv, opts, longopts, NULL);
	if (ch == 'h' && strchr(shorts, 'h') != NULL)
		tool_usage(usage, 0);
	if (ch == '?' || ch == ':')
		bad_option(ch, shorts, longopts, argv, usage);
	return ch;
}

const char *
tool_typo(const char *word, const char *const *commands)
{
	return text_nearest(word, commands, strlen(word) <= 4 ? 1 : 2);
}

void
tool_unknown_command(const char *word, const char *const *commands,
    const char *usage)
{
	const char *near = tool_typo(word, commands);

	if (near != NULL)
		tool_warnx("unknown command '%s'; did you mean %s?", word,
		    near);
	else
		tool_warnx("unknown command '%s'", word);
	tool_usage(usage, HX_USAGE);
}

void
tool_die(const struct herr *e)
{
	tool_errx(e->code, "%s", e->msg);
}

/* "tool: message" on stderr, the message made safe; errnum 0: none. */
static void
vsafe(int errnum, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vsafe(int errnum, const char *fmt, va_list ap)
{
	char msg[2048];
	int n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(msg))
		n = sizeof(msg) - 1;
	fflush(stdout);
	if (errnum != 0)
		fprintf(stderr, "%s: %s: %s\n", getprogname(),
		    tool_safe(msg, (size_t)n), strerror(errnum));
	else
		fprintf(stderr, "%s: %s\n", getprogname(),
		    tool_safe(msg, (size_t)n));
}

void
tool_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsafe(0, fmt, ap);
	va_end(ap);
}

void
tool_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsafe(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
tool_warn(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vsafe(errnum, fmt, ap);
	va_end(ap);
}

void
tool_err(int status, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vsafe(errnum, fmt, ap);
	va_end(ap);
	exit(status);
}

void
tool_warn_line(void *arg, const char *file, size_t line, const char *why)
{
	tool_warnx("%s:%zu: %s", file, line, why);
	bad_data = 1;
}

void
tool_bad_data(void)
{
	bad_data = 1;
}

int
tool_had_bad_data(void)
{
	return bad_data;
}

int
tool_finish(int status)
{
	struct herr e;

	if (cli_finish(&e) == -1)
		tool_die(&e);
	if (bad_data && status == 0)
		status = HX_DATAERR;
	return status;
}

int
tool_store(struct store *st, int create)
{
	struct herr e;

	if (store_open(st, NULL, create, &e) == 0)
		return 1;
	if (!create && e.code == HX_NOINPUT)
		return 0;
	tool_die(&e);
}

void
tool_append(struct store *st, const char *tool, const char *author,
    store_build_fn build, void *arg)
{
	struct herr warn, e;

	if (store_append(st, tool, author, build, arg, &warn, &e) == -1)
		tool_die(&e);
	if (warn.msg[0] != '\0')
		tool_warnx("%s", warn.msg);
}

struct store_reader *
tool_read_open(struct store *st, struct store_query *q)
{
	struct store_reader *rd;
	struct herr e;

	if (q->warn == NULL)
		q->warn = tool_warn_line;
	if (store_read_open(&rd, st, q, &e) == -1)
		tool_die(&e);
	return rd;
}

int
tool_read_next(struct store_reader *rd, struct record *r)
{
	struct herr e;
	int n;

	if ((n = store_read_next(rd, r, &e)) == -1)
		tool_die(&e);
	return n;
}

const char *
tool_safe(const char *s, size_t len)
{
	static struct buf ring[SAFE_RING];
	static size_t next;
	struct buf *b = &ring[next++ % SAFE_RING];
	size_t need;

	need = text_safe(NULL, 0, s, len) + 1;
	buf_reset(b);
	xcheck(buf_reserve(b, need));
	text_safe(b->p, need, s, len);
	return b->p;
}

const char *
tool_safez(const char *s)
{
	return tool_safe(s, strlen(s));
}

static void NORETURN
nomem(void)
{
	tool_err(HX_IOERR, "memory");
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		nomem();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		nomem();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if ((p = reallocarray(p, n == 0 ? 1 : n, size == 0 ? 1 : size)) ==
	    NULL)
		nomem();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		nomem();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if ((p = strndup(s, n)) == NULL)
		nomem();
	return p;
}

void
xcheck(int rv)
{
	if (rv == -1)
		nomem();
}
