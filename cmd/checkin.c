/*
 * checkin: how each of you is, and what you need, week by week.
 *
 * Each partner's "checkin" log holds events (common/checkin.h):
 *
 *	TIME TAB AUTHOR TAB checkin TAB ME TAB CLOSE TAB NEED TAB NOTE
 *	TIME TAB AUTHOR TAB edit    TAB ID TAB ME TAB CLOSE TAB NEED TAB NOTE
 *	TIME TAB AUTHOR TAB undo    TAB ID
 *
 * Nothing is rewritten: edit and undo are appended, and what counts for
 * each author and week is computed from both logs every time by
 * checkin_load, in a way that depends only on the set of records.  What
 * is left here is the command line, the questions on the terminal, the
 * words and the printing.  The week begins on the couple's week_start
 * (hearth set week_start), else the config's, else Monday.
 *
 * The reveal rule is the library's (checkin_visible): a partner's
 * check-in of a week is shown, in a listing, a trend or after a check-in,
 * only once the author has checked in that week too; until then its
 * place is told, never its scores or words.
 *
 * On a terminal, a bare "checkin" asks its questions on /dev/tty in
 * non-canonical mode without echo: arrows or digits for a score, a line
 * of text for the need and the note, Enter to accept, Esc to cancel.  The
 * terminal is put back as it was on every way out: the end, Esc, an
 * error (atexit), a signal (INT, TERM, HUP, QUIT: put back, then raised
 * again) and a suspend (TSTP: put back, stopped; CONT: raw again and the
 * question drawn again).  Nothing is stored until every answer is in.
 */
#include <sys/ioctl.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "checkin.h"
#include "cli.h"
#include "config.h"
#include "date.h"
#include "herr.h"
#include "io.h"
#include "json.h"
#include "record.h"
#include "settings.h"
#include "store.h"
#include "text.h"
#include "tool.h"
#include "tty.h"

#define TOOL		CHECKIN_DIR
#define WEEKS_DEFAULT	8
#define WEEKS_MAX	520
#define ESC_WAIT_MS	50	/* a lone Esc, or the start of a key's code */

/* Option flags; the signal flags are in tty.c. */
static int	 jflag;		/* --json */

/* Keys one at a time, unechoed; TCSANOW keeps what was typed ahead. */
static const struct tty_mode key_mode = {
	.vmin = 1,
	.when = TCSANOW,
	.iflag_off = ICRNL | INLCR | IXON,
	.enter = NULL,
	.leave = NULL,
};

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	int64_t		 week;		/* this week's first day */
	int		 wstart;
	struct checkin_set set;
};

/* The values of one check-in, as given. */
struct values {
	int		 me, close;
	const char	*need, *note;
};

static const char usage_text[] =
	    "usage: checkin [--me N --close N --need TEXT [--note TEXT]]\n"
	    "       checkin -f FILE\n"
	    "       checkin --due\n"
	    "       checkin edit [--me N] [--close N] [--need TEXT] "
	    "[--note TEXT]\n"
	    "       checkin undo\n"
	    "       checkin list [--since DATE] [--by NAME] [--json]\n"
	    "       checkin trend [--weeks N] [--json]\n";

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

/* ---- reading ---- */

static void
load(struct ctx *c)
{
	struct herr e;

	checkin_set_free(&c->set);
	if (checkin_load(&c->set, c->have_store ? &c->st : NULL, c->wstart,
	    tool_warn_line, NULL, &e) == -1)
		tool_die(&e);
}

/* The author's check-in that counts this week, or NULL. */
static const struct checkin *
mine(struct ctx *c)
{
	return checkin_find(&c->set, c->id.author, c->week);
}

/* "the week of YYYY-MM-DD" of a week's first day. */
static const char *
week_text(int64_t week)
{
	static char text[32];
	char day[11];

	date_day_text(week, day);
	snprintf(text, sizeof(text), "the week of %s", day);
	return text;
}

/* ---- checking what is given ---- */

/* A score given on the command line: 1 to 10, else a usage error. */
static int
score_arg(const char *opt, const char *s)
{
	int v = checkin_score(s, strlen(s));

	if (v == -1)
		tool_errx(HX_USAGE, "bad %s '%s' (a whole number from 1 to 10)",
		    opt, s);
	return v;
}

/*
 * What is wrong with a need or a note s[0..n), or NULL; *status the
 * exit status it calls for (an empty need is a usage error).
 */
static const char *
text_problem(const char *s, size_t n, int need, int *status)
{
	size_t bad, i;

	*status = HX_DATAERR;
	if (text_utf8_check(s, n, &bad) == -1)
		return "is not valid UTF-8";
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "has a control character";
	if (need && strspn(s, " ") == n) {
		*status = HX_USAGE;
		return "is empty";
	}
	if (n > (need ? CHECKIN_NEED_MAX : CHECKIN_NOTE_MAX))
		return need ? "is longer than 300 bytes" :
		    "is longer than 1000 bytes";
	return NULL;
}

static void
text_arg(const char *what, const char *s, int need)
{
	const char *why;
	int status;

	if ((why = text_problem(s, strlen(s), need, &status)) != NULL)
		tool_errx(status, "the %s %s", what, why);
}

/* ---- writing ---- */

/* What a build appends: check-ins, an edit or an undo. */
struct job {
	struct ctx		*c;
	const char		*kind;
	const char		*target;	/* edit, undo */
	const struct values	*v;		/* checkin, edit */
	size_t			 n;
};

static int
build(void *arg, const struct hmoment *last, struct buf *out, struct herr *e)
{
	struct job *j = arg;
	struct hmoment now, when;
	struct buf one = BUF_INIT;
	const struct values *v;
	char s[2][4];
	size_t i;
	int rv = 0;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	for (i = 0; i < j->n && rv == 0; i++, date_tick(&when)) {
		v = j->v != NULL ? &j->v[i] : NULL;
		if (record_begin(&one, &when, j->c->id.author, j->kind) == -1 ||
		    (j->target != NULL && record_field(&one, j->target,
		    strlen(j->target)) == -1))
			rv = herr_errno(e, HX_IOERR, errno, "memory");
		else if (v != NULL && (snprintf(s[0], 4, "%d", v->me) < 0 ||
		    snprintf(s[1], 4, "%d", v->close) < 0 ||
		    record_field(&one, s[0], strlen(s[0])) == -1 ||
		    record_field(&one, s[1], strlen(s[1])) == -1 ||
		    record_field(&one, v->need, strlen(v->need)) == -1 ||
		    record_field(&one, v->note, strlen(v->note)) == -1))
			rv = herr_errno(e, HX_IOERR, errno, "memory");
		else if (record_end(&one) == -1)
			rv = herr_set(e, HX_DATAERR, "check-in too long to "
			    "store");
		else if (buf_add(out, one.p, one.len) == -1)
			rv = herr_errno(e, HX_IOERR, errno, "memory");
	}
	buf_free(&one);
	return rv;
}

static void
append(struct ctx *c, const char *kind, const char *target,
    const struct values *v, size_t n)
{
	struct job j = { c, kind, target, v, n };

	if (!c->have_store)
		c->have_store = tool_store(&c->st, 1);
	tool_append(&c->st, TOOL, c->id.author, build, &j);
}

/* ---- printing ---- */

/* ,"key":n or ,"key":null for a score of 0. */
static void
json_score(struct buf *b, const char *key, int v)
{
	xcheck(v > 0 ? json_kv_int(b, key, v) : json_kv_strz(b, key, NULL));
}

static void
print_json(struct ctx *c, const struct checkin *k, int shown)
{
	struct buf b = BUF_INIT;
	char week[11], day[11];

	date_day_text(k->week, week);
	date_day_text(k->day, day);
	xcheck(json_open(&b));
	xcheck(json_kv_strz(&b, "id", k->id));
	xcheck(json_kv_str(&b, "time", k->stamp, k->stamp_len));
	xcheck(json_kv_strz(&b, "week", week));
	xcheck(json_kv_strz(&b, "date", day));
	xcheck(json_kv_strz(&b, "author", k->by));
	json_score(&b, "me", shown ? k->me : 0);
	json_score(&b, "close", shown ? k->close : 0);
	xcheck(json_kv_strz(&b, "need", shown ? k->need : NULL));
	xcheck(json_kv_strz(&b, "note", shown ? k->note : NULL));
	xcheck(json_kv_bool(&b, "edited", shown && k->edited));
	xcheck(json_kv_bool(&b, "hidden", !shown));
	xcheck(json_close(&b));
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
}

/* One check-in: DATE TAB AUTHOR TAB ME TAB CLOSE TAB NEED TAB NOTE. */
static void
print_checkin(struct ctx *c, const struct checkin *k)
{
	char day[11];
	int shown = checkin_visible(&c->set, k, c->id.author);

	if (jflag) {
		print_json(c, k, shown);
		return;
	}
	date_day_text(k->day, day);
	if (!shown)
		printf("%s\t%s\t%s\n", day, k->by, k->week >= c->week ?
		    "(check in yourself to see it)" :
		    "(private: you did not check in that week)");
	else
		printf("%s\t%s\t%d\t%d\t%s\t%s\n", day, k->by, k->me,
		    k->close, tool_safez(k->need), tool_safez(k->note));
}

/* The first other author whose check-in this week is hidden, or NULL. */
static const char *
hidden_this_week(struct ctx *c)
{
	const struct checkin *k;
	size_t i, n;

	if ((k = checkin_week(&c->set, c->week, &n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (!checkin_visible(&c->set, &k[i], c->id.author))
			return k[i].by;
	return NULL;
}

/*
 * After a check-in is stored, on a terminal: the week it counts for and
 * the others' check-ins of the week, which it has just opened.
 */
static void
tell_stored(struct ctx *c, const char *what)
{
	const struct checkin *k;
	size_t i, n, others = 0;

	if (!isatty(STDOUT_FILENO))
		return;
	printf("%s %s\n", what, week_text(c->week));
	k = checkin_week(&c->set, c->week, &n);
	for (i = 0; i < n; i++)
		if (strcmp(k[i].by, c->id.author) != 0) {
			if (others++ == 0)
				printf("\n");
			print_checkin(c, &k[i]);
		}
	if (others == 0 && c->id.partner != NULL)
		printf("%s has not checked in yet this week\n",
		    c->id.partner);
}

/* ---- the terminal ---- */

/* INT, TERM, HUP and QUIT end the run; TSTP suspends it. */
static void
catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
	    SIGTSTP };

	tty_catch(sigs, sizeof(sigs) / sizeof(sigs[0]));
}

/* Stop as the shell asked, with the terminal as it was; resume raw. */
static void
suspend(void)
{
	tty_suspend();
	catch_signals();
}

/* A signal to end on: the terminal put back, then the signal's own way. */
static void
die_of_signal(void)
{
	int sig = tty_signal();

	tty_puts("\n");
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

enum key {
	K_NONE, K_CHAR, K_ENTER, K_CANCEL, K_LEFT, K_RIGHT, K_BACK, K_KILL,
	K_REDRAW
};

/* One byte within ms milliseconds (-1: wait): 1, 0 when none came. */
static int
tty_byte(unsigned char *ch, int ms)
{
	struct pollfd p = { tty_fileno(), POLLIN, 0 };
	ssize_t n;
	int rv;

	for (;;) {
		if (tty_signal())
			die_of_signal();
		if (tty_stop_pending())
			return -2;
		if ((rv = poll(&p, 1, ms)) == 0)
			return 0;
		if (rv == -1 && errno == EINTR)
			continue;
		if (rv == -1 || (n = read(tty_fileno(), ch, 1)) == 0)
			return -1;
		if (n == 1)
			return 1;
		if (errno != EINTR)
			return -1;
	}
}

/* The rest of a key's escape sequence: an arrow, or nothing. */
static enum key
escape_key(void)
{
	unsigned char ch;
	int i, rv;

	if ((rv = tty_byte(&ch, ESC_WAIT_MS)) == 0)
		return K_CANCEL;	/* Esc alone */
	if (rv < 0)
		return rv == -2 ? K_REDRAW : K_CANCEL;
	if (ch != '[' && ch != 'O')
		return K_NONE;
	/* Parameters, then a final byte from '@' to '~'. */
	for (i = 0; i < 16; i++) {
		if ((rv = tty_byte(&ch, ESC_WAIT_MS)) != 1)
			return K_NONE;
		if (ch >= '@' && ch <= '~')
			break;
	}
	return ch == 'C' || ch == 'A' ? K_RIGHT :
	    ch == 'D' || ch == 'B' ? K_LEFT : K_NONE;
}

static enum key
read_key(unsigned char *ch)
{
	int rv;

	if ((rv = tty_byte(ch, -1)) == -2) {
		suspend();
		return K_REDRAW;
	}
	if (rv != 1)
		return K_CANCEL;	/* the terminal went away */
	switch (*ch) {
	case '\r':
	case '\n':
		return K_ENTER;
	case 0x1b:
		return escape_key();
	case 0x03:	/* ^C, ^D, ^G: as Esc */
	case 0x04:
	case 0x07:
		return K_CANCEL;
	case 0x7f:
	case 0x08:
		return K_BACK;
	case 0x15:
		return K_KILL;
	}
	return *ch >= 0x20 ? K_CHAR : K_NONE;
}

/* The scale, with v marked: "  1  2 [3] 4 ...". */
static void
draw_scale(int v)
{
	struct buf b = BUF_INIT;
	int i;

	xcheck(buf_adds(&b, "\r\033[K "));
	for (i = CHECKIN_SCORE_MIN; i <= CHECKIN_SCORE_MAX; i++)
		xcheck(buf_printf(&b, i == v ? "[%d]" : " %d ", i));
	tty_write(b.p, b.len);
	buf_free(&b);
}

/* Ask for a score, starting at v: 1 to 10, or 0 when cancelled. */
static int
ask_score(const char *question, int v)
{
	unsigned char ch;

	tty_puts(question);
	tty_puts("\n");
	for (;;) {
		draw_scale(v);
		switch (read_key(&ch)) {
		case K_ENTER:
			tty_puts("\n");
			return v;
		case K_CANCEL:
			tty_puts("\n");
			return 0;
		case K_LEFT:
			v -= v > CHECKIN_SCORE_MIN;
			break;
		case K_RIGHT:
			v += v < CHECKIN_SCORE_MAX;
			break;
		case K_CHAR:
			/* 1 to 9; 0, or 1 then 0, for 10. */
			if (ch == '0')
				v = 10;
			else if (ch >= '1' && ch <= '9')
				v = ch - '0';
			break;
		default:
			break;
		}
	}
}

/* Where to start showing s[0..len) so that its end fits in cols. */
static size_t
tail_start(const char *s, size_t len, size_t cols)
{
	size_t start = len, w = 0, k;

	while (start > 0) {
		for (k = start - 1; k > 0 &&
		    ((unsigned char)s[k] & 0xc0) == 0x80; k--)
			;
		w += text_width(s + k, start - k);
		if (w >= cols)
			break;
		start = k;
	}
	return start;
}

static void
draw_text(const struct buf *b)
{
	struct winsize ws;
	size_t cols = 80, from;

	if (ioctl(tty_fileno(), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 8)
		cols = ws.ws_col;
	from = tail_start(b->p, b->len, cols - 3);
	tty_puts("\r\033[K> ");
	tty_write(b->p + from, b->len - from);
}

/* Take one key into a line of text; 1 when it ends the line. */
static int
edit_line(struct buf *b, enum key k, unsigned char ch, int need, size_t max)
{
	int status;

	switch (k) {
	case K_CHAR:
		if (b->len < max)
			xcheck(buf_addc(b, (char)ch));
		else
			tty_puts("\a");
		return 0;
	case K_BACK:
		while (b->len > 0 &&
		    ((unsigned char)b->p[--b->len] & 0xc0) == 0x80)
			;
		return 0;
	case K_KILL:
		b->len = 0;
		return 0;
	case K_ENTER:
		if (text_problem(b->p ? b->p : "", b->len, need, &status) ==
		    NULL)
			return 1;
		tty_puts("\a");
		return 0;
	default:
		return 0;
	}
}

/* Ask for a line of text into b (its start shown): 1, or 0 if cancelled. */
static int
ask_text(const char *question, struct buf *b, int need)
{
	size_t max = need ? CHECKIN_NEED_MAX : CHECKIN_NOTE_MAX;
	unsigned char ch;
	enum key k;

	tty_puts(question);
	tty_puts("\n");
	for (;;) {
		draw_text(b);
		if ((k = read_key(&ch)) == K_CANCEL) {
			tty_puts("\n");
			return 0;
		}
		if (edit_line(b, k, ch, need, max)) {
			tty_puts("\n");
			xcheck(buf_nul(b));
			return 1;
		}
	}
}

/*
 * The four questions, starting from v.  1 with v filled (its need and
 * note then in need and note, which the caller frees), 0 when cancelled;
 * the terminal is back as it was either way.
 */
static int
ask_all(struct ctx *c, struct values *v, const char *title,
    struct buf *need, struct buf *note)
{
	struct buf q = BUF_INIT;
	int ok;

	if (tty_open() == -1)
		tool_err(HX_NOINPUT, "/dev/tty");
	setlocale(LC_CTYPE, "");
	if (tty_raw_on(&key_mode) == -1)
		tool_err(HX_IOERR, "/dev/tty");
	atexit(tty_restore);
	catch_signals();
	xcheck(buf_adds(need, v->need));
	xcheck(buf_adds(note, v->note));
	xcheck(buf_nul(note));
	xcheck(buf_printf(&q, "How close do you feel to %s? 1 is far apart, "
	    "10 is very close.", c->id.partner ? c->id.partner :
	    "your partner"));
	xcheck(buf_nul(&q));
	tty_puts(title);
	tty_puts("Arrows or digits (0 is 10), Enter to go on, Esc to cancel: "
	    "nothing is kept until the end.\n\n");
	ok = (v->me = ask_score("How are you this week? 1 is low, 10 is "
	    "great.", v->me)) != 0 &&
	    (v->close = ask_score(q.p, v->close)) != 0 &&
	    ask_text("One thing you need this week:", need, 1) &&
	    ask_text("A note, if you like (Enter leaves it out):", note, 0);
	tty_restore();
	tty_close();
	v->need = need->p;
	v->note = note->p;
	buf_free(&q);
	return ok;
}

/* ---- checking in ---- */

/* Store the check-ins v[0..n) and say what became of them. */
static int
store_checkins(struct ctx *c, const struct values *v, size_t n)
{
	int replaced = mine(c) != NULL;

	append(c, "checkin", NULL, v, n);
	load(c);
	if (replaced)
		tool_warnx("this replaces your earlier check-in of this week "
		    "(checkin undo brings it back)");
	tell_stored(c, "checked in for");
	return tool_finish(0);
}

/* Ask on the terminal, starting from the author's last scores. */
static int
checkin_tty(struct ctx *c)
{
	struct values v = { 5, 5, "", "" };
	struct buf need = BUF_INIT, note = BUF_INIT;
	char title[80];
	int status;

	load(c);
	if (c->set.n > 0) {
		size_t i = c->set.n;

		while (i-- > 0)
			if (strcmp(c->set.v[i].by, c->id.author) == 0) {
				v.me = c->set.v[i].me;
				v.close = c->set.v[i].close;
				break;
			}
	}
	snprintf(title, sizeof(title), "Check-in for %s. ",
	    week_text(c->week));
	if (!ask_all(c, &v, title, &need, &note))
		tool_errx(HX_NO, "cancelled; nothing stored");
	status = store_checkins(c, &v, 1);
	buf_free(&need);
	buf_free(&note);
	return status;
}

/* One line of a -f file: ME TAB CLOSE TAB NEED [TAB NOTE]. */
static const char *
parse_line(char *l, struct values *v, int *status)
{
	char *f[5];
	size_t n = 0;
	const char *why;

	f[n++] = l;
	while (n < 5 && (l = strchr(l, '\t')) != NULL) {
		*l++ = '\0';
		f[n++] = l;
	}
	if (n < 3 || n > 4)
		return "expected ME, CLOSE, NEED and maybe NOTE, separated "
		    "by tabs";
	if ((v->me = checkin_score(f[0], strlen(f[0]))) == -1)
		return "bad ME (a whole number from 1 to 10)";
	if ((v->close = checkin_score(f[1], strlen(f[1]))) == -1)
		return "bad CLOSE (a whole number from 1 to 10)";
	if ((why = text_problem(f[2], strlen(f[2]), 1, status)) != NULL)
		return strcmp(why, "is empty") == 0 ? "empty NEED" :
		    "bad NEED (UTF-8 text of at most 300 bytes)";
	if (n == 4 && text_problem(f[3], strlen(f[3]), 0, status) != NULL)
		return "bad NOTE (UTF-8 text of at most 1000 bytes)";
	v->need = xstrdup(f[2]);
	v->note = xstrdup(n == 4 ? f[3] : "");
	return NULL;
}

/* Read every check-in of fp; each bad line is told, then nothing stored. */
static struct values *
read_lines(FILE *fp, const char *name, size_t *np)
{
	struct values *v = NULL;
	char *l = NULL;
	size_t cap = 0, lineno = 0, n = 0, bad = 0;
	ssize_t len;
	const char *why;
	int status;

	while ((len = getline(&l, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && l[len - 1] == '\n')
			l[--len] = '\0';
		if (len > 0 && l[len - 1] == '\r')
			l[--len] = '\0';
		if (len == 0 || l[0] == '#' || strspn(l, " ") == (size_t)len)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		if ((size_t)len != strlen(l))
			why = "a NUL byte";
		else
			why = parse_line(l, &v[n], &status);
		if (why != NULL) {
			tool_warnx("%s:%zu: %s", name, lineno, why);
			bad++;
		} else
			n++;
	}
	if (ferror(fp))
		tool_err(HX_IOERR, "%s", name);
	free(l);
	if (bad > 0)
		tool_errx(HX_DATAERR, "%s: %zu bad line%s; nothing stored", name,
		    bad, bad == 1 ? "" : "s");
	if (n == 0)
		tool_errx(HX_DATAERR, "%s: no check-in; nothing stored", name);
	*np = n;
	return v;
}

static int
checkin_file(struct ctx *c, const char *path)
{
	struct values *v;
	FILE *fp = stdin;
	size_t i, n;
	int status;

	if (strcmp(path, "-") != 0 && (fp = fopen(path, "re")) == NULL)
		tool_err(errno == ENOENT ? HX_NOINPUT : HX_IOERR, "%s", path);
	v = read_lines(fp, fp == stdin ? "stdin" : path, &n);
	if (fp != stdin)
		fclose(fp);
	load(c);
	status = store_checkins(c, v, n);
	for (i = 0; i < n; i++) {
		free((char *)v[i].need);
		free((char *)v[i].note);
	}
	free(v);
	return status;
}

/* checkin --due: a reminder and 0, or nothing and 1. */
static int
checkin_due(struct ctx *c)
{
	const char *who;

	load(c);
	if (mine(c) != NULL)
		return tool_finish(HX_NO);
	printf("no check-in from you yet for %s: run checkin\n",
	    week_text(c->week));
	if ((who = hidden_this_week(c)) != NULL)
		printf("%s has checked in; theirs opens once yours is in\n",
		    who);
	return tool_finish(0);
}

/* The options of a check-in or an edit; which were given in *given. */
static int
value_option(int ch, struct values *v, int *given)
{
	switch (ch) {
	case 'm':
		v->me = score_arg("--me", optarg);
		break;
	case 'c':
		v->close = score_arg("--close", optarg);
		break;
	case 'n':
		text_arg("need", optarg, 1);
		v->need = optarg;
		break;
	case 'o':
		text_arg("note", optarg, 0);
		v->note = optarg;
		break;
	default:
		return 0;
	}
	*given |= ch == 'm' ? 1 : ch == 'c' ? 2 : ch == 'n' ? 4 : 8;
	return 1;
}

#define VALUE_OPTIONS \
	{ "close", required_argument, NULL, 'c' }, \
	{ "me", required_argument, NULL, 'm' }, \
	{ "need", required_argument, NULL, 'n' }, \
	{ "note", required_argument, NULL, 'o' }

/* After a command's options: no operand may follow. */
static void
no_operands(const char *cmd, int argc, char **argv)
{
	if (optind < argc) {
		tool_warnx("%s: unexpected operand '%s'", cmd, argv[optind]);
		usage();
	}
}

static const char *const command_names[] = {
	"edit", "list", "trend", "undo", NULL
};

/* checkin [--me N --close N --need TEXT [--note TEXT]] | -f FILE | --due */
static int
cmd_bare(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		VALUE_OPTIONS,
		{ "due", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct values v = { 0, 0, NULL, "" };
	const char *file = NULL;
	int ch, given = 0, due = 0;

	while ((ch = tool_getopt(argc, argv, "f:h", opts, usage_text)) != -1)
		if (ch == 'f')
			file = optarg;
		else if (ch == 'd')
			due = 1;
		else if (!value_option(ch, &v, &given))
			usage();
	if (optind < argc)
		tool_unknown_command(argv[optind], command_names, usage_text);
	if ((due && (file != NULL || given)) || (file != NULL && given))
		tool_errx(HX_USAGE, "--due, -f and the scores go alone");
	if (due)
		return checkin_due(c);
	if (file != NULL)
		return checkin_file(c, file);
	if (given == 0 && isatty(STDIN_FILENO))
		return checkin_tty(c);
	if (given == 0)
		tool_errx(HX_USAGE, "no terminal to ask on: give --me N "
		    "--close N --need TEXT, or -f - with lines on stdin");
	if (!(given & 1))
		tool_errx(HX_USAGE, "--me is missing (how you are, 1 to 10)");
	if (!(given & 2))
		tool_errx(HX_USAGE, "--close is missing (how close you feel, "
		    "1 to 10)");
	if (!(given & 4))
		tool_errx(HX_USAGE, "--need is missing (one thing you need "
		    "this week)");
	load(c);
	return store_checkins(c, &v, 1);
}

/* ---- edit and undo ---- */

/* Your check-in of this week, as the options or the questions change it. */
static int
edit_values(struct ctx *c, const struct checkin *k, struct values *v,
    int given, struct buf *need, struct buf *note)
{
	struct values was = { k->me, k->close, k->need, k->note };
	char title[80];

	if (given == 0 && !isatty(STDIN_FILENO))
		tool_errx(HX_USAGE, "no terminal to ask on: give --me, --close, "
		    "--need or --note");
	if (given == 0) {
		snprintf(title, sizeof(title), "Your check-in for %s. ",
		    week_text(c->week));
		*v = was;
		if (!ask_all(c, v, title, need, note))
			tool_errx(HX_NO, "cancelled; nothing changed");
	}
	v->me = given & 1 || given == 0 ? v->me : was.me;
	v->close = given & 2 || given == 0 ? v->close : was.close;
	v->need = given & 4 || given == 0 ? v->need : was.need;
	v->note = given & 8 || given == 0 ? v->note : was.note;
	return v->me != was.me || v->close != was.close ||
	    strcmp(v->need, was.need) != 0 || strcmp(v->note, was.note) != 0;
}

static int
cmd_edit(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		VALUE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf need = BUF_INIT, note = BUF_INIT;
	const struct checkin *k;
	struct values v = { 0, 0, NULL, NULL };
	char id[RECORD_ID_LEN + 1];
	int ch, given = 0;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1)
		if (!value_option(ch, &v, &given))
			usage();
	no_operands("edit", argc, argv);
	load(c);
	if ((k = mine(c)) == NULL)
		tool_errx(HX_NO, "you have not checked in this week; nothing "
		    "to edit (run checkin)");
	if (!edit_values(c, k, &v, given, &need, &note)) {
		tool_warnx("nothing to change");
		return tool_finish(0);
	}
	memcpy(id, k->id, sizeof(id));
	append(c, "edit", id, &v, 1);
	buf_free(&need);
	buf_free(&note);
	load(c);
	tell_stored(c, "changed your check-in for");
	return tool_finish(0);
}

static int
cmd_undo(struct ctx *c, int argc, char **argv)
{
	const struct checkin *k;
	char target[RECORD_ID_LEN + 1];
	int edited;

	while (tool_getopt(argc, argv, "h", tool_help_only, usage_text) != -1)
		usage();
	no_operands("undo", argc, argv);
	load(c);
	if ((k = mine(c)) == NULL)
		tool_errx(HX_NO, "nothing of yours to undo %s", "this week");
	memcpy(target, k->last, sizeof(target));
	edited = k->edited;
	append(c, "undo", target, NULL, 1);
	load(c);
	if ((k = mine(c)) == NULL)
		tool_warnx("took back your check-in for %s", week_text(c->week));
	else if (edited)
		tool_warnx("took back your change; your check-in for this week "
		    "is again: me %d, close %d", k->me, k->close);
	else
		tool_warnx("took back your check-in; your earlier one for this "
		    "week counts again: me %d, close %d", k->me, k->close);
	return tool_finish(0);
}

/* ---- list ---- */

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct hmoment since = { INT64_MIN, 0 };
	const char *by = NULL, *who;
	struct herr e;
	size_t i;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'b':
			if (!author_valid(optarg))
				tool_errx(HX_USAGE, "bad name '%s' (use a-z, "
				    "0-9, '.', '_', '-')", optarg);
			by = optarg;
			break;
		case 'j':
			jflag = 1;
			break;
		case 's':
			if (date_parse(optarg, &c->now, &since, NULL, &e) == -1)
				tool_die(&e);
			break;
		default:
			usage();
		}
	}
	no_operands("list", argc, argv);
	load(c);
	for (i = 0; i < c->set.n; i++)
		if (date_cmp(&c->set.v[i].when, &since) >= 0 &&
		    (by == NULL || strcmp(c->set.v[i].by, by) == 0))
			print_checkin(c, &c->set.v[i]);
	if ((who = hidden_this_week(c)) != NULL &&
	    (by == NULL || strcmp(by, who) == 0))
		tool_warnx("%s has checked in this week; check in yourself to "
		    "see it: checkin", who);
	return tool_finish(0);
}

/* ---- trend ---- */

static const char *const bars[8] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};

static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* Print b without the blanks at its end, then a newline; reset b. */
static void
put_line(struct buf *b)
{
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
	fwrite(b->p, 1, b->len, stdout);
	putchar('\n');
	buf_reset(b);
}

/* The chart's two lines of labels: months where they begin, days. */
static void
chart_labels(const struct checkin_trend *t, int lw, struct buf *b)
{
	int64_t y;
	unsigned m, d, pm = 0;
	size_t w;

	xcheck(buf_printf(b, "%*s", lw, ""));
	for (w = 0; w < t->weeks; w++) {
		date_civil_from_days(t->first + 7 * (int64_t)w, &y, &m, &d);
		xcheck(buf_printf(b, " %-3s", m != pm ? months[m - 1] : ""));
		pm = m;
	}
	put_line(b);
	xcheck(buf_printf(b, "%*s", lw, ""));
	for (w = 0; w < t->weeks; w++) {
		date_civil_from_days(t->first + 7 * (int64_t)w, &y, &m, &d);
		xcheck(buf_printf(b, "  %02u", d));
	}
	put_line(b);
}

/* One row: a bar and the score a week, then the mean. */
static void
chart_row(const char *label, int lw, const int *v, size_t weeks,
    struct buf *b)
{
	size_t w;
	int mean;

	xcheck(buf_printf(b, "%-*s", lw, label));
	for (w = 0; w < weeks; w++)
		if (v[w] > 0)
			xcheck(buf_printf(b, " %s%2d", bars[checkin_level(v[w])],
			    v[w]));
		else
			xcheck(buf_adds(b, v[w] == CHECKIN_HIDDEN ?
			    "   ?" : "   \xc2\xb7"));
	if ((mean = checkin_mean10(v, weeks)) != -1)
		xcheck(buf_printf(b, "   mean %d.%d", mean / 10, mean % 10));
	put_line(b);
}

static void
trend_chart(struct ctx *c, const struct checkin_trend *t)
{
	struct buf b = BUF_INIT;
	char label[AUTHOR_MAX + 8], from[11], to[11];
	size_t a;
	int lw = 0;

	for (a = 0; a < t->na; a++)
		if ((int)strlen(t->authors[a]) > lw)
			lw = (int)strlen(t->authors[a]);
	lw += 6;
	date_day_text(t->first, from);
	date_day_text(t->first + 7 * (int64_t)(t->weeks - 1), to);
	printf("the weeks of %s to %s (weeks begin on %s); scores 1 to 10\n",
	    from, to, date_weekday_name(c->wstart));
	chart_labels(t, lw, &b);
	for (a = 0; a < t->na; a++) {
		snprintf(label, sizeof(label), "%s me", t->authors[a]);
		chart_row(label, lw, t->me + a * t->weeks, t->weeks, &b);
		snprintf(label, sizeof(label), "%s close", t->authors[a]);
		chart_row(label, lw, t->close + a * t->weeks, t->weeks, &b);
	}
	printf("\xc2\xb7 no check-in   ? private until you check in that "
	    "week\n");
	buf_free(&b);
}

/* A score for a pipe: the number, or nothing. */
static void
tsv_score(int v)
{
	if (v > 0)
		printf("\t%d", v);
	else
		putchar('\t');
}

static void
trend_tsv(const struct checkin_trend *t)
{
	char day[11];
	size_t a, w;

	fputs("week", stdout);
	for (a = 0; a < t->na; a++)
		printf("\t%s me\t%s close", t->authors[a], t->authors[a]);
	putchar('\n');
	for (w = 0; w < t->weeks; w++) {
		date_day_text(t->first + 7 * (int64_t)w, day);
		fputs(day, stdout);
		for (a = 0; a < t->na; a++) {
			tsv_score(t->me[a * t->weeks + w]);
			tsv_score(t->close[a * t->weeks + w]);
		}
		putchar('\n');
	}
}

static void
trend_json(const struct checkin_trend *t)
{
	struct buf b = BUF_INIT;
	char day[11];
	size_t a, w, i;

	for (w = 0; w < t->weeks; w++) {
		date_day_text(t->first + 7 * (int64_t)w, day);
		for (a = 0; a < t->na; a++) {
			i = a * t->weeks + w;
			buf_reset(&b);
			xcheck(json_open(&b));
			xcheck(json_kv_strz(&b, "week", day));
			xcheck(json_kv_strz(&b, "author", t->authors[a]));
			json_score(&b, "me", t->me[i]);
			json_score(&b, "close", t->close[i]);
			xcheck(json_kv_bool(&b, "hidden",
			    t->me[i] == CHECKIN_HIDDEN));
			xcheck(json_close(&b));
			fwrite(b.p, 1, b.len, stdout);
		}
	}
	buf_free(&b);
}

static int
cmd_trend(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "weeks", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct checkin_trend t;
	const char *errstr;
	struct herr e;
	size_t weeks = WEEKS_DEFAULT;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'j':
			jflag = 1;
			break;
		case 'w':
			weeks = (size_t)strtonum(optarg, 1, WEEKS_MAX, &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad number of weeks '%s' "
				    "(1 to %d)", optarg, WEEKS_MAX);
			break;
		default:
			usage();
		}
	}
	no_operands("trend", argc, argv);
	load(c);
	if (checkin_trend(&c->set, c->id.author, c->week, weeks, &t, &e) ==
	    -1)
		tool_die(&e);
	if (jflag)
		trend_json(&t);
	else if (isatty(STDOUT_FILENO))
		trend_chart(c, &t);
	else
		trend_tsv(&t);
	checkin_trend_free(&t);
	return tool_finish(0);
}

/* ---- main ---- */

/*
 * The first day of the couple's week: the store's week_start (hearth
 * set), else the config's, else Monday.
 */
static int
week_start(struct ctx *c)
{
	struct settings set;
	struct herr e;
	const char *ws = NULL, *cf;
	int wd;

	if (c->have_store) {
		if (settings_load(&c->st, &set, tool_warn_line, NULL,
		    &e) == -1)
			tool_die(&e);
		ws = settings_get(&set, "week_start");
	}
	cf = config_get(&c->id.cfg, "week_start");
	if ((wd = checkin_week_start(ws, cf)) == -1)
		tool_errx(HX_CONFIG, "%s: bad week_start '%s' (a weekday, "
		    "such as mon or sun)", c->id.cfgpath, cf);
	return wd;
}

static void
setup(struct ctx *c)
{
	struct herr e;

	if (cli_identity(&c->id, &e) == -1 || date_now(&c->now, &e) == -1)
		tool_die(&e);
	c->have_store = tool_store(&c->st, 0);
	c->wstart = week_start(c);
	c->week = checkin_week_of(date_local_day(&c->now), c->wstart);
}

static const struct {
	const char	*name;
	int		(*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "edit", cmd_edit },
	{ "list", cmd_list },
	{ "trend", cmd_trend },
	{ "undo", cmd_undo },
};

int
main(int argc, char *argv[])
{
	static struct ctx ctx;
	static char name[] = "checkin";
	struct ctx *c = &ctx;
	size_t i;

	cli_setup();
	argv[0] = name;		/* getopt's messages name the tool */
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("checkin %s\n", HEARTH_VERSION);
		return tool_finish(0);
	}
	setup(c);
	optind = 0;
	for (i = 0; argc > 1 && i < sizeof(commands) / sizeof(commands[0]);
	    i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			argv[1] = argv[0];
			return commands[i].fn(c, argc - 1, argv + 1);
		}
	return cmd_bare(c, argc, argv);
}
