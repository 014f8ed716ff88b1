/*
 * gratitude: a shared log of appreciations.
 *
 * Each partner appends "thanks" records to <store>/gratitude/<author>.log:
 *
 *	TIME TAB AUTHOR TAB thanks TAB TO TAB TEXT
 *
 * Tags are the #words of the text; they are read from it, not stored.
 * Every listing streams the merged logs through store_read_next, so it
 * runs in constant memory: "list -n N" counts in a first pass and prints
 * in a second, "random" keeps one reservoir entry, "stats" keeps a count
 * per week and author.  "rm" rewrites the author's own log atomically.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "herr.h"
#include "hrand.h"
#include "io.h"
#include "json.h"
#include "lines.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"
#include "storefast.h"
#include "text.h"
#include "tool.h"

#define TOOL		"gratitude"
#define KIND		"thanks"
#define F_TO		RF_DATA
#define F_TEXT		(RF_DATA + 1)
#define TAGS_MAX	32
#define WEEKS_DEFAULT	12
#define WEEKS_MAX	520
#define RECENT_DAYS	7

/* Option flags and the state every command shares. */
static int	 jflag;		/* --json */
static int	 vflag;		/* -v: show ids */

struct ctx {
	struct identity	 id;
	struct store	 st;
	struct hmoment	 now;
	struct buf	 text;	/* the current record's text, unescaped */
	const char	*tp;	/* that text: in text, or the record's own */
	size_t		 tlen;	/* bytes when it has no escape */
	struct buf	 out;
};

/* Filters of list and grep, tested on each record. */
struct filter {
	const char	*to;
	const char	*tag;
	const char	*fixed;		/* grep: fixed string */
	regex_t		*re;
};


static const char usage_text[] =
	    "usage: gratitude [add] [--to NAME [--new]] [TEXT...]\n"
	    "       gratitude list [-v] [--json] [-n N] [--since DATE] "
	    "[--until DATE]\n"
	    "                      [--by NAME] [--to NAME] [--tag TAG]\n"
	    "       gratitude grep [-iv] [-E] [--json] PATTERN\n"
	    "       gratitude random [-v] [--json]\n"
	    "       gratitude today [-v] [--json]\n"
	    "       gratitude stats [--weeks N]\n"
	    "       gratitude rm ID\n";

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

static void
need_name(const char *what, const char *s)
{
	if (!author_valid(s))
		tool_errx(HX_USAGE, "bad %s '%s' (use a-z, 0-9, '.', '_', '-')",
		    what, s);
}

static int
is_word_byte(unsigned char ch)
{
	return isalnum(ch) || ch == '_' || ch == '-' || ch >= 0x80;
}

/*
 * The #tags of text: a '#' at the start or after a character that is not
 * part of a word, followed by word characters.  Returns how many, each a
 * pointer into text and a length.
 */
static size_t
tags_of(const char *text, size_t len, const char **tag, size_t *tlen)
{
	size_t i, j, n = 0;

	for (i = 0; i < len && n < TAGS_MAX; i++) {
		if (text[i] != '#' ||
		    (i > 0 && is_word_byte((unsigned char)text[i - 1])))
			continue;
		for (j = i + 1; j < len && is_word_byte((unsigned char)text[j]);
		    j++)
			;
		if (j == i + 1)
			continue;
		tag[n] = text + i + 1;
		tlen[n++] = j - i - 1;
		i = j - 1;
	}
	return n;
}

static int
has_tag(const char *text, size_t len, const char *want)
{
	const char *tag[TAGS_MAX];
	size_t tlen[TAGS_MAX], i, n;

	if (*want == '#')
		want++;
	n = tags_of(text, len, tag, tlen);
	for (i = 0; i < n; i++)
		if (text_casecmp(tag[i], tlen[i], want, strlen(want)) == 0)
			return 1;
	return 0;
}

/*
 * The record's text, unescaped, in c->tp and c->tlen (valid as long as
 * the record); a bad escape is not parsed.  Most texts have no escape at
 * all: then it is the record's own bytes, not copied.
 */
static void
load_text(struct ctx *c, const struct record *r)
{
	if (memchr(r->f[F_TEXT], '\\', r->flen[F_TEXT]) != NULL) {
		xcheck(record_text(r, F_TEXT, &c->text));
		c->tp = c->text.p;
		c->tlen = c->text.len;
		return;
	}
	c->tp = r->f[F_TEXT];
	c->tlen = r->flen[F_TEXT];
}

/* The text as a C string (in c->text), for regexec. */
static const char *
text_cstr(struct ctx *c)
{
	if (c->tp != c->text.p) {
		buf_reset(&c->text);
		xcheck(buf_add(&c->text, c->tp, c->tlen));
		c->text.p[c->text.len] = '\0';	/* buf_add keeps room */
		c->tp = c->text.p;
	}
	return c->text.p;
}

/*
 * Whether s[0..len) is printable ASCII (0x20 to 0x7e), which text_safe
 * leaves as it is; today prints thousands of texts, so sixteen bytes at
 * a time where SSE2 is (on x86-64, always): a byte is printable when, as
 * a signed number, it is above 0x1f and below 0x7f.  Elsewhere eight at
 * a time: a byte under 0x20 or over 0x7e sets the high bit of its lane
 * in one of the tests (a borrow or a carry into the next lane only ever
 * follows a lane that is set).
 */
static int
plain_ascii(const char *s, size_t len)
{
	size_t i = 0;
	int bad = 0;
#ifdef __SSE2__
	const __m128i lo = _mm_set1_epi8(0x1f), hi = _mm_set1_epi8(0x7f);
	__m128i v;

	for (; i + 16 <= len && !bad; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		bad = _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, lo),
		    _mm_cmplt_epi8(v, hi))) != 0xffff;
	}
#else
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t w, b = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		b |= ((w - 0x20 * ones) | (w + ones) | w) & high;
	}
	bad = b != 0;
#endif
	for (; i < len && !bad; i++)
		bad = (unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f;
	return !bad;
}

static int
field_is(const struct record *r, size_t i, const char *s)
{
	return r->flen[i] == strlen(s) && memcmp(r->f[i], s, r->flen[i]) == 0;
}

static int
matches(struct ctx *c, const struct record *r, const struct filter *f)
{
	if (f->to != NULL && !field_is(r, F_TO, f->to))
		return 0;
	load_text(c, r);
	if (f->tag != NULL && !has_tag(c->tp, c->tlen, f->tag))
		return 0;
	if (f->fixed != NULL && memmem(c->tp, c->tlen, f->fixed,
	    strlen(f->fixed)) == NULL)
		return 0;
	if (f->re != NULL && regexec(f->re, text_cstr(c), 0, NULL, 0) != 0)
		return 0;
	return 1;
}

/*
 * Add DATE TAB AUTHOR TAB TEXT LF to c->out: the writer's local date, as
 * the timestamp says it, and the text made safe for a terminal.  A line
 * of a listing is built with one reservation: today can print thousands.
 */
static void
entry_line(struct ctx *c, const struct record *r)
{
	const char *text = c->tp;
	size_t tlen = c->tlen, alen = r->flen[RF_AUTHOR];
	char *p;

	if (!plain_ascii(text, tlen)) {
		text = tool_safe(text, tlen);
		tlen = strlen(text);
	}
	xcheck(buf_reserve(&c->out, 10 + alen + tlen + 3));
	p = c->out.p + c->out.len;
	memcpy(p, r->f[RF_TIME], 10);
	p[10] = '\t';
	memcpy(p + 11, r->f[RF_AUTHOR], alen);
	p[11 + alen] = '\t';
	memcpy(p + 12 + alen, text, tlen);
	p[12 + alen + tlen] = '\n';
	c->out.len += 13 + alen + tlen;
}

/* Print one entry (its text already loaded: load_text). */
static void
print_entry(struct ctx *c, const struct record *r)
{
	char id[RECORD_ID_LEN + 1];
	const char *tag[TAGS_MAX];
	size_t tlen[TAGS_MAX], n;

	buf_reset(&c->out);
	if (jflag) {
		record_id(r->line, r->len, id);
		n = tags_of(c->tp, c->tlen, tag, tlen);
		if (json_open(&c->out) == -1 ||
		    json_kv_str(&c->out, "id", id, RECORD_ID_LEN) == -1 ||
		    json_kv_str(&c->out, "time", r->f[RF_TIME],
		    r->flen[RF_TIME]) == -1 ||
		    json_kv_str(&c->out, "author", r->f[RF_AUTHOR],
		    r->flen[RF_AUTHOR]) == -1 ||
		    (r->flen[F_TO] == 0 ?
		    json_kv_strz(&c->out, "to", NULL) :
		    json_kv_str(&c->out, "to", r->f[F_TO], r->flen[F_TO])) ==
		    -1 ||
		    json_kv_str(&c->out, "text", c->tp, c->tlen) == -1 ||
		    json_kv_strv(&c->out, "tags", tag, tlen, n) == -1 ||
		    json_close(&c->out) == -1)
			xcheck(-1);
	} else {
		if (vflag) {
			record_id(r->line, r->len, id);
			xcheck(buf_printf(&c->out, "%.*s\t", RECORD_ID_SHOW,
			    id));
		}
		entry_line(c, r);
	}
	fwrite_unlocked(c->out.p, 1, c->out.len, stdout);
}

static struct store_reader *
reader_open(struct ctx *c, struct store_query *q)
{
	q->tool = TOOL;
	return tool_read_open(&c->st, q);
}

static void
quiet_line(void *arg, const char *file, size_t line, const char *why)
{
}

/* list -n N read backwards (store_fast_tail): the filter, and a count. */
struct lastn {
	struct ctx		*c;
	const struct filter	*f;
	size_t			 n;
};

static int
lastn_want(void *arg, const struct record *r)
{
	struct lastn *l = arg;

	return matches(l->c, r, l->f);
}

static int
lastn_print(void *arg, const struct record *r, struct herr *e)
{
	struct lastn *l = arg;

	load_text(l->c, r);
	print_entry(l->c, r);
	l->n++;
	return 0;
}

/*
 * Print the entries the query and filter select; with last > 0 only the
 * last ones: read backwards when the logs allow it, else a first, quiet
 * pass counts them.  Returns how many.
 */
static size_t
print_selected(struct ctx *c, struct store_query *q, const struct filter *f,
    size_t last)
{
	struct store_reader *rd;
	struct store_query qq;
	struct record r;
	struct lastn ln = { c, f, 0 };
	struct herr e;
	size_t total = 0, skip = 0, n = 0;
	int done;

	q->tool = TOOL;
	if (last > 0 && (done = store_fast_tail(&c->st, q, last, lastn_want,
	    lastn_print, &ln, &e)) != 0) {
		if (done == -1)
			tool_die(&e);
		return ln.n;
	}
	if (last > 0) {
		qq = *q;
		qq.warn = quiet_line;
		rd = reader_open(c, &qq);
		while (tool_read_next(rd, &r) == 1)
			total += matches(c, &r, f);
		store_read_close(rd);
		skip = total > last ? total - last : 0;
	}
	rd = reader_open(c, q);
	while (tool_read_next(rd, &r) == 1) {
		if (!matches(c, &r, f))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		print_entry(c, &r);
		/* Entries added since the first pass are not "the last N". */
		if (++n == last)
			break;
	}
	store_read_close(rd);
	return n;
}


/* ---- add ---- */

/* What add stores: texts already checked, stamped under the lock. */
struct addjob {
	struct ctx	*c;
	const char	*to;
	struct buf	 texts;		/* each text followed by a NUL */
	struct buf	 one;
	struct buf	 stored;	/* the records as written */
};

/* Format the record of one text in a->one; -1 with errno E2BIG if long. */
static int
format_record(struct addjob *a, const struct hmoment *when, const char *text,
    size_t len)
{
	if (record_begin(&a->one, when, a->c->id.author, KIND) == -1 ||
	    record_field(&a->one, a->to ? a->to : "",
	    a->to ? strlen(a->to) : 0) == -1 ||
	    record_field(&a->one, text, len) == -1)
		xcheck(-1);
	return record_end(&a->one);
}

/* Check one text (where: "" or "stdin:N: ") and keep it for the batch. */
static void
check_text(struct addjob *a, const char *text, size_t len, const char *where)
{
	size_t bad, i;

	for (i = 0; i < len && isspace((unsigned char)text[i]); i++)
		;
	if (text_utf8_check(text, len, &bad) == -1)
		tool_errx(HX_DATAERR, "%s%s (byte %zu)", where, text[bad] == '\0' ?
		    "text contains a NUL byte" : "text is not valid UTF-8",
		    bad + 1);
	if (i == len)
		tool_errx(HX_DATAERR, "%sempty text", where);
	/* Every stamp has the same width, so now measures it exactly. */
	if (format_record(a, &a->c->now, text, len) == -1) {
		if (errno == E2BIG)
			tool_errx(HX_DATAERR, "%stext too long (%zu bytes; the "
			    "limit is %d per record)", where, a->one.len + 1,
			    RECORD_MAX);
		xcheck(-1);
	}
	xcheck(buf_add(&a->texts, text, len));
	xcheck(buf_addc(&a->texts, '\0'));
}

static int
build_thanks(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct addjob *a = arg;
	struct hmoment now, when;
	const char *t, *end = a->texts.p + a->texts.len;
	size_t len;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	for (t = a->texts.p; t < end; t += len + 1, date_tick(&when)) {
		len = strlen(t);
		if (format_record(a, &when, t, len) == -1 ||
		    buf_add(out, a->one.p, a->one.len) == -1)
			return herr_errno(e, HX_IOERR, errno, "record");
	}
	buf_reset(&a->stored);
	if (buf_add(&a->stored, out->p, out->len) == -1)
		return herr_errno(e, HX_IOERR, errno, "record");
	return 0;
}

/* Whether name was ever a gratitude's author or recipient here. */
static int
name_seen(struct ctx *c, const char *name, struct buf *known)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	char **authors = NULL;
	struct herr e;
	size_t i;
	int seen = 0;

	if (!tool_store(&c->st, 0))
		return 0;
	if (store_authors(&c->st, TOOL, &authors, &e) == -1)
		tool_die(&e);
	for (i = 0; authors[i] != NULL; i++) {
		seen |= strcmp(authors[i], name) == 0;
		if (known->len == 0 || strstr(known->p, authors[i]) == NULL)
			xcheck(buf_printf(known, "%s%s", known->len ? ", " : "",
			    authors[i]));
	}
	store_authors_free(authors);
	q.warn = quiet_line;
	rd = reader_open(c, &q);
	while (!seen && tool_read_next(rd, &r) == 1)
		seen = field_is(&r, F_TO, name);
	store_read_close(rd);
	store_close(&c->st);
	return seen;
}

/*
 * A recipient must be one of the couple or someone thanked before, so
 * that a typo ("bne") does not make a third person; --new says it is
 * someone new.
 */
static void
check_recipient(struct ctx *c, const char *to, int isnew)
{
	struct buf known = BUF_INIT;

	need_name("name", to);
	if (isnew || strcmp(to, c->id.author) == 0 ||
	    (c->id.partner != NULL && strcmp(to, c->id.partner) == 0))
		return;
	xcheck(buf_printf(&known, "%s%s%s", c->id.author,
	    c->id.partner ? ", " : "", c->id.partner ? c->id.partner : ""));
	if (name_seen(c, to, &known)) {
		buf_free(&known);
		return;
	}
	tool_errx(HX_USAGE, "unknown recipient '%s' (known: %s); to thank "
	    "someone new, add --new", to, known.p);
}

/* Run $VISUAL or $EDITOR on a draft; its lines (not '#') into a. */
static int
text_from_editor(struct addjob *a, const char *editor)
{
	static const char draft_note[] = "\n# What do you appreciate? One "
	    "entry a line; lines that start with # are left out.\n";
	char dir[PATH_MAX], path[PATH_MAX + 32], *l = NULL;
	struct herr e;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	FILE *fp;
	pid_t pid;
	int fd, st;

	if (paths_state(dir, sizeof(dir), &e) == -1)
		tool_die(&e);
	if (io_mkdirs(dir, 0700) == -1)
		tool_err(HX_CANTCREAT, "%s", dir);
	snprintf(path, sizeof(path), "%s/gratitude-draft.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1)
		tool_err(HX_CANTCREAT, "%s", path);
	(void)io_write_all(fd, draft_note, strlen(draft_note));
	close(fd);
	if ((pid = fork()) == -1)
		tool_err(HX_IOERR, "fork");
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", editor, path,
		    (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if ((fp = fopen(path, "r")) == NULL)
		tool_err(HX_NOINPUT, "%s", path);
	while ((n = getline(&l, &cap, fp)) != -1) {
		lineno++;
		while (n > 0 && (l[n - 1] == '\n' || l[n - 1] == '\r'))
			n--;
		if (n == 0 || l[0] == '#' || strspn(l, " \t") == (size_t)n)
			continue;
		check_text(a, l, (size_t)n, "");
	}
	fclose(fp);
	free(l);
	unlink(path);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		tool_errx(HX_NO, "the editor failed; nothing stored");
	return 0;
}

/* No text given on a terminal: the editor, else a line asked for. */
static void
text_from_terminal(struct addjob *a)
{
	const char *ed = getenv("VISUAL");
	char *l = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *tty;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed != NULL && *ed != '\0') {
		text_from_editor(a, ed);
		return;
	}
	if ((tty = fopen("/dev/tty", "r+")) == NULL)
		tool_err(HX_NOINPUT, "/dev/tty");
	fputs("What do you appreciate? ", tty);
	fflush(tty);
	n = getline(&l, &cap, tty);
	fclose(tty);
	while (n > 0 && (l[n - 1] == '\n' || l[n - 1] == '\r'))
		n--;
	if (n > 0 && strspn(l, " \t") != (size_t)n)
		check_text(a, l, (size_t)n, "");
	free(l);
}

/* One entry a line of standard input. */
static void
text_from_stdin(struct addjob *a)
{
	char where[64], *l = NULL;
	size_t lineno = 0, cap = 0;
	ssize_t n;
	int i;

	while ((n = getline(&l, &cap, stdin)) != -1) {
		lineno++;
		if (n > 0 && l[n - 1] == '\n')
			n--;
		if (n > 0 && l[n - 1] == '\r')
			n--;
		for (i = 0; i < n && isspace((unsigned char)l[i]); i++)
			;
		if (i == n)
			continue;
		snprintf(where, sizeof(where), "stdin:%zu: ", lineno);
		check_text(a, l, (size_t)n, where);
	}
	if (ferror(stdin))
		tool_err(HX_IOERR, "stdin");
	free(l);
	if (a->texts.len == 0)
		tool_errx(HX_DATAERR, "stdin: empty text");
}

/* On a terminal: what was stored, to whom, with its id. */
static void
tell_stored(const struct addjob *a)
{
	const char *p = a->stored.p, *l;
	char id[RECORD_ID_LEN + 1];
	size_t n;

	if (!isatty(STDOUT_FILENO))
		return;
	while (line_next(&p, a->stored.p + a->stored.len, &l, &n, NULL) ==
	    1) {
		record_id(l, n, id);
		printf("thanks %s%s stored (%.*s)\n", a->to ? "to " : "",
		    a->to ? a->to : "", RECORD_ID_SHOW, id);
	}
}

/*
 * gratitude [add] [--to NAME [--new]] [TEXT...].  In the bare form
 * (bare set), options may stand anywhere, so an unknown one is an error,
 * not words of a thank-you.
 */
static int
add(struct ctx *c, int argc, char **argv, int bare)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "new", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct addjob a = { c, c->id.partner, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf line = BUF_INIT;
	int ch, i, isnew = 0;

	while ((ch = tool_getopt(argc, argv, bare ? "ht:" : "+ht:", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 't':
			a.to = optarg;
			break;
		case 'N':
			isnew = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (a.to != NULL)
		check_recipient(c, a.to, isnew);
	if (argc > 0) {
		for (i = 0; i < argc; i++)
			xcheck(buf_printf(&line, "%s%s", i > 0 ? " " : "",
			    argv[i]));
		check_text(&a, line.p, line.len, "");
	} else if (isatty(STDIN_FILENO))
		text_from_terminal(&a);
	else
		text_from_stdin(&a);
	if (a.texts.len == 0)
		tool_errx(HX_NO, "no text given; nothing stored");
	tool_store(&c->st, 1);
	tool_append(&c->st, TOOL, c->id.author, build_thanks, &a);
	tell_stored(&a);
	buf_free(&a.texts);
	buf_free(&a.one);
	buf_free(&a.stored);
	buf_free(&line);
	return tool_finish(0);
}

static int
cmd_add(struct ctx *c, int argc, char **argv)
{
	return add(c, argc, argv, 0);
}

/* ---- list and grep ---- */

static void
parse_date(struct ctx *c, const char *s, int end, struct hmoment *m)
{
	struct herr e;
	int whole;

	if (date_parse(s, &c->now, m, &whole, &e) == -1)
		tool_errx(HX_USAGE, "%s", e.msg);
	if (end) {
		/* --until includes the day, or the very moment, given. */
		if (whole) {
			m->sec = date_day_start(m, 1);
			m->usec = 0;
		} else
			date_tick(m);
	}
}

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "tag", required_argument, NULL, 'g' },
		{ "to", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_query q = { 0 };
	struct filter f = { 0 };
	struct hmoment since, until;
	const char *errstr;
	size_t last = 0;
	int ch;

	while ((ch = tool_getopt(argc, argv, "hn:v", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'b':
			need_name("name", optarg);
			q.author = optarg;
			break;
		case 'g':
			f.tag = optarg;
			setlocale(LC_CTYPE, "");
			break;
		case 'j':
			jflag = 1;
			break;
		case 'n':
			last = (size_t)strtonum(optarg, 1, INT_MAX, &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad count '%s'", optarg);
			break;
		case 's':
			parse_date(c, optarg, 0, &since);
			q.since = &since;
			break;
		case 't':
			need_name("name", optarg);
			f.to = optarg;
			break;
		case 'u':
			parse_date(c, optarg, 1, &until);
			q.until = &until;
			break;
		case 'v':
			vflag = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (tool_store(&c->st, 0))
		print_selected(c, &q, &f, last);
	return tool_finish(0);
}

/* The needle that prefilters lines: the pattern as the log escapes it. */
static void
escaped_needle(struct store_query *q, struct buf *b, const char *pat)
{
	xcheck(record_field(b, pat, strlen(pat)));
	q->needle = b->p + 1;	/* after the TAB record_field puts first */
	q->needle_len = b->len - 1;
}

static int
cmd_grep(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_query q = { 0 };
	struct filter f = { 0 };
	struct buf needle = BUF_INIT, lit = BUF_INIT;
	const char *pat, *p;
	char msg[256];
	regex_t re;
	int ch, eflag = 0, iflag = 0, rc;

	while ((ch = tool_getopt(argc, argv, "Ehiv", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'E':
			eflag = 1;
			break;
		case 'i':
			iflag = 1;
			break;
		case 'j':
			jflag = 1;
			break;
		case 'v':
			vflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	pat = argv[0];
	if (pat[0] == '\0')
		tool_errx(HX_USAGE, "empty pattern");
	if (!eflag && !iflag) {
		f.fixed = pat;
		escaped_needle(&q, &needle, pat);
	} else {
		setlocale(LC_CTYPE, "");
		if (!eflag) {
			/* -i: the literal as a regex, so case folds in UTF-8. */
			for (p = pat; *p != '\0'; p++)
				xcheck(buf_printf(&lit, "%s%c",
				    strchr("\\^$.|?*+()[]{}", *p) != NULL ?
				    "\\" : "", *p));
			xcheck(buf_nul(&lit));
			pat = lit.p;
		}
		rc = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB |
		    (iflag ? REG_ICASE : 0));
		if (rc != 0) {
			regerror(rc, &re, msg, sizeof(msg));
			tool_errx(HX_USAGE, "bad pattern '%s': %s", argv[0], msg);
		}
		f.re = &re;
	}
	rc = tool_store(&c->st, 0) && print_selected(c, &q, &f, 0) > 0 ? 0 : HX_NO;
	if (f.re != NULL)
		regfree(&re);
	buf_free(&needle);
	buf_free(&lit);
	return tool_finish(rc);
}

/* ---- random and today ---- */

/* Keep a copy of a record so that it outlives the reader. */
static void
keep_copy(struct buf *b, const struct record *r)
{
	buf_reset(b);
	xcheck(buf_add(b, r->line, r->len));
}

static void
keep_copy_buf(struct buf *b, const struct buf *from)
{
	buf_reset(b);
	xcheck(buf_add(b, from->p, from->len));
}

static int
print_copy(struct ctx *c, struct buf *b)
{
	struct record r;
	const char *why;

	if (record_parse(&r, b->p, b->len, registry_kinds(TOOL), &why) == -1)
		tool_errx(HX_IOERR, "internal error: %s", why);
	load_text(c, &r);
	print_entry(c, &r);
	return 0;
}

static void
no_options(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = tool_getopt(argc, argv, "hv", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'j':
			jflag = 1;
			break;
		case 'v':
			vflag = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

/* Whether an entry is older than the time arg points to. */
static int
older(void *arg, const struct record *r)
{
	return r->when.sec < *(const int64_t *)arg;
}

/*
 * The full read's pick: reservoir sampling, each entry kept with chance
 * 1/seen, of the old ones and of all; the old one wins.  0 when none.
 */
static int
pick_by_reading(struct ctx *c, int64_t recent, struct buf *out)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct buf any = BUF_INIT;
	struct record r;
	uint32_t nold = 0, nany = 0;

	rd = reader_open(c, &q);
	while (tool_read_next(rd, &r) == 1) {
		if (r.when.sec < recent && hrand_uniform(++nold) == 0)
			keep_copy(out, &r);
		if (hrand_uniform(++nany) == 0)
			keep_copy(&any, &r);
	}
	store_read_close(rd);
	if (nold == 0 && nany > 0)
		keep_copy_buf(out, &any);
	buf_free(&any);
	return nany > 0;
}

/*
 * An entry older than a week, else any, uniformly: drawn by offset
 * (store_fast_pick) when the logs allow, else by reading them all.
 */
static int
cmd_random(struct ctx *c, int argc, char **argv)
{
	struct store_query q = { 0 };
	struct buf pick = BUF_INIT;
	int64_t recent;
	int found;

	no_options(argc, argv);
	recent = date_day_start(&c->now, -RECENT_DAYS);
	q.tool = TOOL;
	found = tool_store(&c->st, 0) &&
	    (store_fast_pick(&c->st, &q, older, &recent, &pick) == 1 ||
	    pick_by_reading(c, recent, &pick));
	if (!found) {
		tool_warnx("nothing to remember yet");
		return tool_finish(HX_NO);
	}
	print_copy(c, &pick);
	buf_free(&pick);
	return tool_finish(0);
}

/*
 * The dates today looks for, ascending: this month and day in every year
 * before this one that has it, and 02-29 too on the 28th of February of
 * a common year.  Returns how many (in a new array).
 */
static size_t
today_dates(int year, const char *mmdd, int also29, char (**dates)[11])
{
	char (*v)[11];
	size_t n = 0;
	int y, k, leapday = strcmp(mmdd, "02-29") == 0;

	v = xreallocarray(NULL, (size_t)year * 2 + 1, sizeof(*v));
	for (y = 0; y < year; y++)
		for (k = 0; k < 1 + also29; k++) {
			if ((k == 1 || leapday) && !date_is_leap(y))
				continue;
			v[n][0] = (char)('0' + y / 1000);
			v[n][1] = (char)('0' + y / 100 % 10);
			v[n][2] = (char)('0' + y / 10 % 10);
			v[n][3] = (char)('0' + y % 10);
			v[n][4] = '-';
			memcpy(v[n] + 5, k == 1 ? "02-29" : mmdd, 6);
			n++;
		}
	*dates = v;
	return n;
}

/*
 * Entries written on this day in earlier years: only the days around
 * those dates are read (store_fast_dates) when the logs allow it, else
 * every entry; the test below is the same either way.
 */
static int
cmd_today(struct ctx *c, int argc, char **argv)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct filter f = { 0 };
	struct record r;
	char day[11], mmdd[6], (*dates)[11];
	size_t ndates;
	int y, m, d, wd, also29, n = 0;

	no_options(argc, argv);
	if (!tool_store(&c->st, 0))
		return tool_finish(HX_NO);
	date_fields(&c->now, &y, &m, &d, &wd);
	date_day(&c->now, day);
	memcpy(mmdd, day + 5, 5);
	mmdd[5] = '\0';
	also29 = m == 2 && d == 28 && !date_is_leap(y);
	ndates = today_dates(y, mmdd, also29, &dates);
	q.tool = TOOL;
	q.warn = tool_warn_line;
	if (store_fast_dates(&rd, &c->st, &q, (const char (*)[11])dates,
	    ndates) != 1)
		rd = reader_open(c, &q);
	while (tool_read_next(rd, &r) == 1) {
		/* The day as the writer lived it: the timestamp's own date. */
		if (memcmp(r.f[RF_TIME], day, 4) >= 0)
			continue;
		if (memcmp(r.f[RF_TIME] + 5, mmdd, 5) != 0 &&
		    !(also29 && memcmp(r.f[RF_TIME] + 5, "02-29", 5) == 0))
			continue;
		if (matches(c, &r, &f)) {
			print_entry(c, &r);
			n++;
		}
	}
	store_read_close(rd);
	free(dates);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

/* ---- stats ---- */

static int64_t
week_of(const char *ts)
{
	int64_t days;

	days = date_days_from_civil((ts[0] - '0') * 1000 + (ts[1] - '0') * 100 +
	    (ts[2] - '0') * 10 + (ts[3] - '0'),
	    (unsigned)((ts[5] - '0') * 10 + (ts[6] - '0')),
	    (unsigned)((ts[8] - '0') * 10 + (ts[9] - '0')));
	/* 1970-01-01 was a Thursday; weeks start on Monday. */
	return (days + 3) >= 0 ? (days + 3) / 7 : (days + 3 - 6) / 7;
}

static void
print_spark(const char *name, const size_t *count, size_t weeks, size_t max)
{
	static const char *const bars[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	size_t i, total = 0;

	printf("%-12s ", name);
	for (i = 0; i < weeks; i++) {
		total += count[i];
		if (count[i] == 0)
			fputs(" ", stdout);
		else
			fputs(bars[(count[i] * 8 - 1) / max], stdout);
	}
	printf("  %zu\n", total);
}

/* The weekly counts of stats: a row of weeks for each author. */
struct stats {
	char		**authors;
	size_t		  na, weeks, max, *count;
	struct hmoment	  since;	/* the first week's start */
	int64_t		  week0;	/* its number (week_of) */
};

/* n entries of author written on day (store_fast_days), to their week. */
static void
stats_day(void *arg, const char *author, const char *day, size_t n)
{
	struct stats *st = arg;
	int64_t wk = week_of(day);
	size_t a, *cell;

	if (wk < st->week0 || (size_t)(wk - st->week0) >= st->weeks)
		return;
	for (a = 0; a < st->na; a++)
		if (strcmp(author, st->authors[a]) == 0)
			break;
	if (a == st->na)
		return;
	cell = &st->count[a * st->weeks + (size_t)(wk - st->week0)];
	if ((*cell += n) > st->max)
		st->max = *cell;
}

static void
stats_count(struct ctx *c, struct stats *st)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct herr e;
	char first[11];
	int64_t week0, wk;
	size_t a;
	int fast;

	date_day(&st->since, first);
	week0 = week_of(first);
	q.since = &st->since;
	q.tool = TOOL;
	st->week0 = week0;
	if ((fast = store_fast_days(&c->st, &q, stats_day, st, &e)) == -1)
		tool_die(&e);
	if (fast == 1)
		return;
	rd = reader_open(c, &q);
	while (tool_read_next(rd, &r) == 1) {
		wk = week_of(r.f[RF_TIME]);
		if (wk < week0 || (size_t)(wk - week0) >= st->weeks)
			continue;
		for (a = 0; a < st->na; a++)
			if (field_is(&r, RF_AUTHOR, st->authors[a]))
				break;
		if (a < st->na && ++st->count[a * st->weeks +
		    (size_t)(wk - week0)] > st->max)
			st->max = st->count[a * st->weeks +
			    (size_t)(wk - week0)];
	}
	store_read_close(rd);
}

static void
stats_print(struct ctx *c, const struct stats *st)
{
	struct hmoment m = { 0, 0 };
	char first[11], day[11];
	size_t a, i;

	if (isatty(STDOUT_FILENO)) {
		date_day(&st->since, first);
		m.sec = date_week_start(&c->now);
		date_day(&m, day);
		printf("%-12s weeks of %s to %s\n", "", first, day);
		for (a = 0; a < st->na; a++)
			print_spark(st->authors[a], st->count + a * st->weeks,
			    st->weeks, st->max);
		return;
	}
	fputs("week", stdout);
	for (a = 0; a < st->na; a++)
		printf("\t%s", st->authors[a]);
	putchar('\n');
	for (i = 0; i < st->weeks; i++) {
		m.sec = date_day_start(&st->since, 7 * (int)i);
		date_day(&m, day);
		fputs(day, stdout);
		for (a = 0; a < st->na; a++)
			printf("\t%zu", st->count[a * st->weeks + i]);
		putchar('\n');
	}
}

static int
cmd_stats(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "weeks", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct stats st = { NULL, 0, WEEKS_DEFAULT, 1, NULL, { 0, 0 }, 0 };
	struct herr e;
	const char *errstr;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'w':
			st.weeks = (size_t)strtonum(optarg, 1, WEEKS_MAX,
			    &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad number of weeks '%s'",
				    optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!tool_store(&c->st, 0))
		return tool_finish(0);	/* nothing to count yet */
	if (store_authors(&c->st, TOOL, &st.authors, &e) == -1)
		tool_die(&e);
	for (st.na = 0; st.authors[st.na] != NULL; st.na++)
		;
	st.count = xcalloc(st.weeks * (st.na ? st.na : 1), sizeof(*st.count));
	st.since.sec = date_week_start(&c->now);
	st.since.sec = date_day_start(&st.since, -7 * (int)(st.weeks - 1));
	stats_count(c, &st);
	stats_print(c, &st);
	free(st.count);
	store_authors_free(st.authors);
	return tool_finish(0);
}

/* ---- rm ---- */

struct rm_arg {
	char	id[RECORD_ID_LEN + 1];
};

static int
keep_line(void *arg, const char *line, size_t len)
{
	struct rm_arg *a = arg;
	char id[RECORD_ID_LEN + 1];

	record_id(line, len, id);
	return strcmp(id, a->id) != 0;
}

static int
cmd_rm(struct ctx *c, int argc, char **argv)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct rm_arg a;
	struct record r;
	struct herr e, warn;
	char id[RECORD_ID_LEN + 1], by[AUTHOR_MAX + 1];
	size_t found = 0, removed, plen;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", tool_help_only,
	    usage_text)) != -1)
		usage();
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	if (!record_id_prefix_valid(argv[0]))
		tool_errx(HX_DATAERR, "bad id '%s' (give at least %d of the hex "
		    "digits that list -v shows)", argv[0], RECORD_ID_MIN);
	plen = strlen(argv[0]);
	if (!tool_store(&c->st, 0)) {
		tool_warnx("no entry '%s'", argv[0]);
		return tool_finish(HX_NO);
	}
	q.warn = quiet_line;	/* rm's status is about rm alone */
	rd = reader_open(c, &q);
	while (tool_read_next(rd, &r) == 1) {
		record_id(r.line, r.len, id);
		if (strncmp(id, argv[0], plen) != 0)
			continue;
		/* Copies of one record (the same bytes) are one entry. */
		if (found++ > 0 && strcmp(id, a.id) != 0)
			tool_errx(HX_USAGE, "id prefix '%s' is ambiguous",
			    argv[0]);
		memcpy(a.id, id, sizeof(a.id));
		memcpy(by, r.f[RF_AUTHOR], r.flen[RF_AUTHOR]);
		by[r.flen[RF_AUTHOR]] = '\0';
	}
	store_read_close(rd);
	if (found == 0) {
		tool_warnx("no entry '%s'", argv[0]);
		return tool_finish(HX_NO);
	}
	if (strcmp(by, c->id.author) != 0)
		tool_errx(HX_DATAERR, "entry %s is by %s; only its author can "
		    "remove it", argv[0], by);
	if (store_rewrite(&c->st, TOOL, c->id.author, keep_line, &a,
	    &removed, &warn, &e) == -1)
		tool_die(&e);
	if (warn.msg[0] != '\0')
		tool_warnx("%s", warn.msg);
	if (removed == 0)
		tool_errx(HX_NO, "no entry '%s' in %s's log", argv[0],
		    c->id.author);
	if (removed > 1)
		tool_warnx("removed %zu identical copies of entry %.*s",
		    removed, RECORD_ID_SHOW, a.id);
	return tool_finish(0);
}

/* Whether any entry is stored, by anyone. */
static int
has_entries(struct ctx *c)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	int n;

	if (!tool_store(&c->st, 0))
		return 0;
	q.warn = quiet_line;
	rd = reader_open(c, &q);
	n = tool_read_next(rd, &r);
	store_read_close(rd);
	store_close(&c->st);
	return n == 1;
}

static const char *const command_names[] = {
	"add", "grep", "list", "random", "rm", "stats", "today", NULL
};

/*
 * "gratitude lsit" or "gratitude lits --since 1w" is a typo of a
 * command, not a thank-you: a first word near a command, alone or
 * followed by options, is refused with the command meant.
 */
static void
bare_typo(int argc, char **argv)
{
	const char *near;

	if (argc < 2 || argv[1][0] == '-' ||
	    (argc > 2 && argv[2][0] != '-') ||
	    (near = tool_typo(argv[1], command_names)) == NULL)
		return;
	tool_errx(HX_USAGE, "unknown command '%s'; did you mean %s? (to "
	    "store it as a thank-you: gratitude add %s)", argv[1], near,
	    argv[1]);
}

static const struct {
	const char	*name;
	int		(*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "add", cmd_add },
	{ "grep", cmd_grep },
	{ "list", cmd_list },
	{ "random", cmd_random },
	{ "rm", cmd_rm },
	{ "stats", cmd_stats },
	{ "today", cmd_today },
};

int
main(int argc, char *argv[])
{
	static struct ctx ctx;
	struct ctx *c = &ctx;
	static char name[] = "gratitude", recent1[] = "-n", recent2[] = "10";
	char *recent[] = { name, recent1, recent2, NULL };
	struct herr e;
	size_t i;

	cli_setup();
	argv[0] = name;		/* getopt's messages name the tool */
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("gratitude %s\n", HEARTH_VERSION);
		return tool_finish(0);
	}
	if (cli_identity(&c->id, &e) == -1)
		tool_die(&e);
	if (date_now(&c->now, &e) == -1)
		tool_die(&e);
	optind = 0;
	if (argc == 1 && isatty(STDIN_FILENO) && !has_entries(c) &&
	    isatty(STDOUT_FILENO)) {
		printf("Nothing stored yet. Begin with what you appreciate:\n"
		    "  gratitude 'You made soup when I was ill #care'\n");
		return tool_finish(0);
	}
	if (argc == 1 && isatty(STDIN_FILENO))
		return cmd_list(c, 3, recent);
	for (i = 0; argc > 1 && i < sizeof(commands) / sizeof(commands[0]);
	    i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			/* getopt's messages then name the tool. */
			argv[1] = argv[0];
			return commands[i].fn(c, argc - 1, argv + 1);
		}
	bare_typo(argc, argv);
	/* gratitude [--to NAME] TEXT...: the same as add. */
	return add(c, argc, argv, 1);
}
