/*
 * ritual: small rituals of connection, kept over time.
 *
 * Each partner's "ritual" log holds events:
 *
 *	TIME TAB AUTHOR TAB define TAB NAME TAB SCHEDULE TAB NOTE
 *	TIME TAB AUTHOR TAB done   TAB NAME TAB DATE TAB NOTE
 *	TIME TAB AUTHOR TAB skip   TAB NAME TAB DATE TAB WHY
 *	TIME TAB AUTHOR TAB undo   TAB NAME TAB ID
 *	TIME TAB AUTHOR TAB retire TAB NAME
 *	TIME TAB AUTHOR TAB suggested TAB ID TAB TEXT
 *
 * The couple's state is computed from both logs every time: ritual_load
 * streams the records into a ritual_set (common/ritual.h), which decides
 * which rituals there are, which of them the partners defined
 * differently, what is due and how long each streak is, in a way that
 * depends only on the set of records, never on their order.  What is
 * left here is the command line, the words and the printing.
 *
 * Options are read by tool_getopt, so -h and --help are help only where
 * an option may stand: "ritual add walk --every day --note -h" stores the
 * note "-h".  The week starts on the store's week_start (hearth set
 * week_start), else an older config's, else Monday.
 */
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "deck.h"
#include "herr.h"
#include "json.h"
#include "pick.h"
#include "record.h"
#include "ritual.h"
#include "schedule.h"
#include "settings.h"
#include "store.h"
#include "text.h"
#include "tool.h"

#define TOOL		RITUAL_DIR
#define NAME_MAX_LEN	100
#define TEXT_MAX_LEN	1000
#define WEEKS_DEFAULT	26
#define WEEKS_MAX	520

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	int64_t		 today;
	int		 wstart;
	struct ritual_set set;
	size_t		 namew;		/* widest name, for a terminal */
};

static const char usage_text[] =
	    "usage: ritual add NAME (--every SCHEDULE | --after Nd) "
	    "[--note TEXT]\n"
	    "       ritual list [--all] [--json]\n"
	    "       ritual done NAME [--on DATE] [--note TEXT]\n"
	    "       ritual skip NAME [--on DATE] [--why TEXT]\n"
	    "       ritual undo NAME\n"
	    "       ritual due [--days N]\n"
	    "       ritual streak [NAME]\n"
	    "       ritual cal [NAME] [--weeks N]\n"
	    "       ritual retire NAME\n"
	    "       ritual suggest [-n N]\n";

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

/* ---- reading the couple's state ---- */

/*
 * A malformed line, as every tool reports it; a definition whose
 * schedule cannot be read (line 0) by what ritual_feed says of it.
 */
static void
warn_load(void *arg, const char *file, size_t line, const char *why)
{
	if (line > 0) {
		tool_warn_line(arg, file, line, why);
		return;
	}
	tool_warnx("%s", why);
	tool_bad_data();
}

static void
load(struct ctx *c)
{
	struct herr e;

	if (ritual_load(&c->set, c->have_store ? &c->st : NULL, c->today,
	    warn_load, NULL, &e) == -1)
		tool_die(&e);
}

/*
 * The ritual NAME names: an exact name, else a unique prefix, without
 * regard to case.  Retired rituals only when all is set.
 */
static struct ritual *
lookup(struct ctx *c, const char *name, int all)
{
	struct ritual *hit, *other;

	if (*name == '\0')
		tool_errx(HX_USAGE, "empty ritual name");
	switch (ritual_lookup(&c->set, name, all, &hit, &other)) {
	case RITUAL_FOUND:
		break;
	case RITUAL_AMBIGUOUS:
		tool_errx(HX_USAGE, "'%s' is ambiguous: it begins '%s' and "
		    "'%s'", name, hit->name, other->name);
	case RITUAL_NONE:
		tool_errx(HX_DATAERR, "no ritual '%s' (ritual list shows them)",
		    name);
	}
	return hit;
}

/* ---- writing ---- */

struct recjob {
	struct ctx	*c;
	const char	*kind;
	const char	*f[3];
	size_t		 nf;
};

static int
build(void *arg, const struct hmoment *last, struct buf *out, struct herr *e)
{
	struct recjob *j = arg;
	struct hmoment now, when;
	size_t i;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	if (record_begin(out, &when, j->c->id.author, j->kind) == -1)
		return herr_errno(e, HX_IOERR, errno, "memory");
	for (i = 0; i < j->nf; i++)
		if (record_field(out, j->f[i], strlen(j->f[i])) == -1)
			return herr_errno(e, HX_IOERR, errno, "memory");
	if (record_end(out) == -1)
		return herr_set(e, HX_DATAERR, "text too long to store");
	return 0;
}

/* Append a record of kind with the fields a, b, d (up to the first NULL). */
static void
append(struct ctx *c, const char *kind, const char *a, const char *b,
    const char *d)
{
	struct recjob j = { c, kind, { a, b, d }, 0 };

	j.nf = a == NULL ? 0 : b == NULL ? 1 : d == NULL ? 2 : 3;
	if (!c->have_store)
		c->have_store = tool_store(&c->st, 1);
	tool_append(&c->st, TOOL, c->id.author, build, &j);
}

static void
check_text(const char *what, const char *s, size_t max, int empty_ok)
{
	size_t bad, i, n = strlen(s);

	if (text_utf8_check(s, n, &bad) == -1)
		tool_errx(HX_DATAERR, "%s is not valid UTF-8 (byte %zu)", what,
		    bad + 1);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			tool_errx(HX_DATAERR, "%s has a control character",
			    what);
	if (!empty_ok && strspn(s, " ") == n)
		tool_errx(HX_DATAERR, "%s is empty", what);
	if (n > max)
		tool_errx(HX_DATAERR, "%s longer than %zu bytes", what, max);
}

/* ---- commands that write ---- */

/*
 * Settle the disagreement about rt with a definition of schedule stext:
 * it holds once it is recorded after both (ritual.h), which a partner's
 * clock running ahead can keep from being so yet.
 */
static void
settle(struct ctx *c, const struct ritual *rt, const char *stext,
    const char *note)
{
	char words[RITUAL_WORDS_MAX];

	if (date_cmp(&c->now, &rt->rival.when) <= 0)
		tool_errx(HX_USAGE, "'%s' was added after now", rt->name);
	append(c, "define", rt->name, stext, note);
	ritual_schedule_words(stext, words);
	tool_warnx("settled: '%s' is %s for both of you", rt->name, words);
}

static int
cmd_add(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "every", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char *every = NULL, *after = NULL, *note = "";
	const struct ritual *had;
	char stext[SCHED_TEXT_MAX];
	struct sched s;
	struct herr e;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'a':
			after = optarg;
			break;
		case 'e':
			every = optarg;
			break;
		case 'n':
			note = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	if ((every == NULL) == (after == NULL))
		tool_errx(HX_USAGE, "give one of --every SCHEDULE or "
		    "--after Nd");
	if (sched_parse(every ? every : after, after != NULL, &s, &e) == -1)
		tool_die(&e);
	check_text("the name", argv[0], NAME_MAX_LEN, 0);
	check_text("the note", note, TEXT_MAX_LEN, 1);
	load(c);
	sched_format(&s, stext);
	if ((had = ritual_find(&c->set, argv[0])) == NULL)
		append(c, "define", argv[0], stext, note);
	else if (had->disputed)
		settle(c, had, stext, note);
	else
		tool_errx(HX_DATAERR, "there is a ritual '%s' already",
		    had->name);
	return tool_finish(0);
}

/* The local day a --on DATE names (today when NULL). */
static int64_t
on_day(struct ctx *c, const char *arg)
{
	struct hmoment m;
	struct herr e;
	int whole;

	if (arg == NULL)
		return c->today;
	if (date_parse(arg, &c->now, &m, &whole, &e) == -1)
		tool_errx(HX_USAGE, "%s", e.msg);
	return date_local_day(&m);
}

/*
 * Refuse to write a done, skip or retire of rt for day d (given as on,
 * or today when NULL) that would count for nothing: one dated before the
 * day it was added, or written before its definition (hearth-store(5)).
 * Either happens when a partner's clock dated the definition ahead.
 */
static void
check_defined(struct ctx *c, const struct ritual *rt, int64_t d,
    const char *on)
{
	if (d < rt->d0)
		tool_errx(HX_USAGE, "'%s' was added after %s", rt->name,
		    on != NULL ? on : "today");
	if (date_cmp(&c->now, &rt->defined_at) < 0)
		tool_errx(HX_USAGE, "'%s' was added after now", rt->name);
}

static int
cmd_mark(struct ctx *c, int argc, char **argv, int skip)
{
	/* done takes --note, skip --why: the text kept with the record. */
	static const struct option done_opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "note", required_argument, NULL, 'n' },
		{ "on", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	}, skip_opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "on", required_argument, NULL, 'o' },
		{ "why", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char *on = NULL, *note = "";
	struct ritual *rt;
	char day[11];
	int64_t d;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", skip ? skip_opts : done_opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'n':
			note = optarg;
			break;
		case 'o':
			on = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	check_text(skip ? "the reason" : "the note", note, TEXT_MAX_LEN, 1);
	load(c);
	rt = lookup(c, argv[0], 0);
	d = on_day(c, on);
	if (d > c->today)
		tool_errx(HX_USAGE, "%s is in the future", on);
	check_defined(c, rt, d, on);
	date_day_text(d, day);
	append(c, skip ? "skip" : "done", rt->name, day, note);
	return tool_finish(0);
}

/* The operands of a command that takes no option but -h and --help. */
static void
name_only(int *argc, char ***argv)
{
	while (tool_getopt(*argc, *argv, "h", tool_help_only, usage_text) !=
	    -1)
		usage();
	*argc -= optind;
	*argv += optind;
}

static int
cmd_undo(struct ctx *c, int argc, char **argv)
{
	const struct ritual_event *mine;
	struct ritual *rt;
	char day[11];

	name_only(&argc, &argv);
	if (argc != 1)
		usage();
	load(c);
	rt = lookup(c, argv[0], 1);
	if ((mine = ritual_undoable(rt, c->id.author)) == NULL)
		tool_errx(HX_NO, "nothing of yours to undo for '%s'", rt->name);
	append(c, "undo", rt->name, mine->id, NULL);
	date_day_text(mine->day, day);
	tool_warnx("took back the %s of %s on %s", mine->skip ? "skip" :
	    "done", rt->name, day);
	return tool_finish(0);
}

static int
cmd_retire(struct ctx *c, int argc, char **argv)
{
	struct ritual *rt;

	name_only(&argc, &argv);
	if (argc != 1)
		usage();
	load(c);
	rt = lookup(c, argv[0], 0);
	check_defined(c, rt, c->today, NULL);
	append(c, "retire", rt->name, NULL, NULL);
	return tool_finish(0);
}

/* ---- commands that read ---- */

static const char *
unit_of(const struct ritual *rt, int n)
{
	switch (rt->s.kind) {
	case SCHED_DAY:
		return n == 1 ? "day" : "days";
	case SCHED_WEEK:
		return n == 1 ? "week" : "weeks";
	case SCHED_MONTH:
	case SCHED_MONTHDAY:
		return n == 1 ? "month" : "months";
	default:
		return n == 1 ? "time" : "times";
	}
}

/* The columns a name takes on a terminal, as print_name shows it. */
static size_t
name_width(const char *name)
{
	const char *safe = tool_safez(name);

	return text_width(safe, strlen(safe));
}

/*
 * A ritual's name as the first column, made safe for a terminal: on a
 * terminal padded to the widest name as shown, so the columns line up;
 * in a pipe as it is, for cut and awk.
 */
static void
print_name(struct ctx *c, const struct ritual *rt)
{
	size_t i, w;

	fputs(tool_safez(rt->name), stdout);
	if (!isatty(STDOUT_FILENO))
		return;
	if (c->namew == 0)
		for (i = 0; i < c->set.nr; i++)
			if ((w = name_width(c->set.r[i].name)) > c->namew)
				c->namew = w;
	for (w = name_width(rt->name); w < c->namew; w++)
		putchar(' ');
}

/* "key":{"by":AUTHOR,"schedule":SCHEDULE} */
static void
json_def(struct buf *b, const char *key, const struct ritual_def *d)
{
	xcheck(buf_printf(b, "\"%s\":", key));
	xcheck(json_open(b));
	xcheck(json_kv_strz(b, "by", d->by));
	xcheck(json_kv_strz(b, "schedule", d->stext));
	xcheck(buf_addc(b, '}'));
}

/*
 * ,"disagreement":null, or the two definitions that disagree: the one
 * that holds and the other.
 */
static void
json_dispute(struct buf *b, const struct ritual *rt)
{
	if (!rt->disputed) {
		xcheck(json_kv_strz(b, "disagreement", NULL));
		return;
	}
	xcheck(buf_adds(b, ",\"disagreement\":{"));
	json_def(b, "holds", &rt->def);
	xcheck(buf_addc(b, ','));
	json_def(b, "other", &rt->rival);
	xcheck(buf_addc(b, '}'));
}

static void
print_json(const struct ritual *rt, const struct ritual_status *st,
    struct buf *b)
{
	char last[11], next[11];

	if (st->has_last)
		date_day_text(st->last, last);
	date_day_text(st->next, next);
	buf_reset(b);
	xcheck(json_open(b));
	xcheck(json_kv_strz(b, "name", rt->name));
	xcheck(json_kv_strz(b, "schedule", rt->stext));
	xcheck(json_kv_strz(b, "last", st->has_last ? last : NULL));
	xcheck(json_kv_strz(b, "last_by", st->has_last ? st->lastby : NULL));
	xcheck(json_kv_strz(b, "next", next));
	xcheck(json_kv_bool(b, "due", st->due));
	xcheck(json_kv_bool(b, "overdue", st->overdue));
	xcheck(json_kv_int(b, "streak", st->streak));
	xcheck(json_kv_int(b, "best", st->best));
	xcheck(json_kv_bool(b, "retired", rt->retired));
	xcheck(json_kv_strz(b, "note", rt->note));
	json_dispute(b, rt);
	xcheck(json_close(b));
	fwrite(b->p, 1, b->len, stdout);
}

static void
print_line(struct ctx *c, const struct ritual *rt,
    const struct ritual_status *st, struct buf *b)
{
	char day[11];

	print_name(c, rt);
	printf("\t%s\t", rt->stext);
	if (st->has_last) {
		date_day_text(st->last, day);
		printf("last %s by %s", day, st->lastby);
	} else
		fputs("never done", stdout);
	if (rt->retired)
		fputs("\tretired", stdout);
	else if (st->overdue) {
		date_day_text(st->occ, day);
		printf("\toverdue since %s", day);
	} else if (st->due)
		fputs("\tdue", stdout);
	else {
		date_day_text(st->next, day);
		printf("\tnext %s", day);
	}
	if (rt->disputed) {
		buf_reset(b);
		xcheck(ritual_dispute_text(rt, b));
		printf("\t%s", tool_safe(b->p, b->len));
	}
	putchar('\n');
}

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf b = BUF_INIT;
	struct ritual_status st;
	const struct ritual *rt;
	size_t i, n = 0;
	int ch, all = 0, json = 0;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	load(c);
	for (i = 0; i < c->set.nr; i++) {
		rt = &c->set.r[i];
		if (rt->retired && !all)
			continue;
		ritual_assess(rt, c->today, c->wstart, &st);
		if (json)
			print_json(rt, &st, &b);
		else
			print_line(c, rt, &st, &b);
		n++;
	}
	buf_free(&b);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

static int
cmd_due(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "days", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ritual_status st;
	const struct ritual *rt;
	const char *errstr;
	char day[11];
	size_t i, n = 0;
	int ch, days = -1;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'd':
			days = (int)strtonum(optarg, 0, 3650, &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad number of days '%s'",
				    optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	load(c);
	for (i = 0; i < c->set.nr; i++) {
		rt = &c->set.r[i];
		if (rt->retired)
			continue;
		ritual_assess(rt, c->today, c->wstart, &st);
		if (st.due) {
			date_day_text(st.occ, day);
			print_name(c, rt);
			if (st.overdue)
				printf("\toverdue since %s\n", day);
			else
				fputs("\tdue\n", stdout);
			n++;
		} else if (days >= 0 && st.next <= c->today + days) {
			date_day_text(st.next, day);
			print_name(c, rt);
			printf("\tdue %s\n", day);
			n++;
		}
	}
	/* Nothing due: quiet, and 1, so cron mail stays away. */
	return tool_finish(n > 0 ? 0 : HX_NO);
}

static int
cmd_streak(struct ctx *c, int argc, char **argv)
{
	struct ritual_status st;
	const struct ritual *rt, *only = NULL;
	size_t i, n = 0;

	name_only(&argc, &argv);
	if (argc > 1)
		usage();
	load(c);
	if (argc == 1)
		only = lookup(c, argv[0], 1);
	for (i = 0; i < c->set.nr; i++) {
		rt = &c->set.r[i];
		if ((only != NULL && rt != only) || (only == NULL &&
		    rt->retired))
			continue;
		ritual_assess(rt, c->today, c->wstart, &st);
		print_name(c, rt);
		printf("\t%d %s\tbest %d %s\n", st.streak,
		    unit_of(rt, st.streak), st.best, unit_of(rt, st.best));
		n++;
	}
	return tool_finish(n > 0 ? 0 : HX_NO);
}

/*
 * What day d was, for the one ritual only or, when it is NULL, the
 * strongest state any active ritual has that day.
 */
static enum ritual_day_state
cal_state(struct ctx *c, const struct ritual *only, int64_t d)
{
	enum ritual_day_state state = RITUAL_NOT_DUE, s;
	const struct ritual *rt;
	size_t i;

	for (i = 0; i < c->set.nr; i++) {
		rt = &c->set.r[i];
		if (only != NULL ? rt != only : rt->retired)
			continue;
		if ((s = ritual_day(rt, d, c->today, c->wstart)) > state)
			state = s;
	}
	return state;
}

/* The calendar in a pipe: a line a day, from first to today. */
static void
cal_lines(struct ctx *c, const struct ritual *only, int64_t first)
{
	static const char *const word[] = { "not-due", "missed", "skipped",
	    "done" };
	char day[11];
	int64_t d;

	for (d = first; d <= c->today; d++) {
		date_day_text(d, day);
		printf("%s\t%s\n", day, word[cal_state(c, only, d)]);
	}
}

/* The calendar on a terminal: a row a weekday, a column a week. */
static void
cal_grid(struct ctx *c, const struct ritual *only, int64_t first, int weeks)
{
	static const char *const cell[] = { ".", "x", "~", "#" };
	static const char *const colour[] = { "\033[2m", "\033[31m",
	    "\033[33m", "\033[32m" };
	const char *wd, *on[4], *off;
	int64_t d;
	int row, w, color, s;

	color = cli_color(STDOUT_FILENO);
	for (s = 0; s < 4; s++)
		on[s] = color ? colour[s] : "";
	off = color ? "\033[0m" : "";
	for (row = 0; row < 7; row++) {
		wd = date_weekday_abbr(c->wstart + row);
		printf("%c%s ", toupper((unsigned char)wd[0]), wd + 1);
		for (w = 0; w < weeks; w++) {
			d = first + 7 * w + row;
			if (d > c->today) {
				fputs("  ", stdout);
				continue;
			}
			s = cal_state(c, only, d);
			printf("%s%s%s ", on[s], cell[s], off);
		}
		putchar('\n');
	}
	printf("\n%s# done%s  %s~ skipped%s  %sx missed%s  %s. not due%s\n",
	    on[RITUAL_DONE], off, on[RITUAL_SKIPPED], off, on[RITUAL_MISSED],
	    off, on[RITUAL_NOT_DUE], off);
}

static int
cmd_cal(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "weeks", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const struct ritual *only = NULL;
	const char *errstr;
	int64_t first;
	int ch, weeks = WEEKS_DEFAULT;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'w':
			weeks = (int)strtonum(optarg, 1, WEEKS_MAX, &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad number of weeks '%s'",
				    optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	load(c);
	if (argc == 1)
		only = lookup(c, argv[0], 1);
	/* From the first day of the week weeks - 1 weeks ago. */
	first = c->today - (date_weekday(c->today) - c->wstart + 7) % 7 -
	    7 * (int64_t)(weeks - 1);
	if (isatty(STDOUT_FILENO))
		cal_grid(c, only, first, weeks);
	else
		cal_lines(c, only, first);
	return tool_finish(0);
}

/* A prompt of the rituals deck, by id. */
struct prompt_ref {
	uint64_t	 id;
	size_t		 i;
};

static int
cmp_ref(const void *a, const void *b)
{
	const struct prompt_ref *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The id 16 lowercase hex digits s[0..len) give, or -1. */
static int
prompt_id(const char *s, size_t len, uint64_t *id)
{
	size_t i;

	if (len != DECK_ID_LEN)
		return -1;
	*id = 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			*id = *id << 4 | (uint64_t)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			*id = *id << 4 | (uint64_t)(s[i] - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

/* Mark the prompts of refs[0..n) with id as suggested at when. */
static void
mark_suggested(const struct prompt_ref *refs, size_t n, uint64_t id,
    const struct hmoment *when, struct pick_item *items)
{
	struct pick_item *it;
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (refs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && refs[lo].id == id; lo++) {
		it = &items[refs[lo].i];
		if (!it->shown || date_cmp(when, &it->last) > 0) {
			it->shown = 1;
			it->last = *when;
		}
	}
}

/*
 * The prompts of deck di as items to pick from, each marked with when it
 * was last suggested to you (the suggested records of your own log): a
 * binary search a record, so a long log costs O(n log n).
 */
static void
suggested(struct ctx *c, const struct deckset *ds, int di,
    struct pick_item *items)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct prompt_ref *refs;
	struct record r;
	uint64_t id;
	size_t i, n = 0;

	refs = xcalloc(ds->np, sizeof(*refs));
	for (i = 0; i < ds->np; i++) {
		items[i].group = -1;
		items[i].eligible = ds->p[i].deck == di;
		if (items[i].eligible) {
			refs[n].id = ds->p[i].id;
			refs[n++].i = i;
		}
	}
	qsort(refs, n, sizeof(*refs), cmp_ref);
	if (c->have_store) {
		q.tool = TOOL;
		q.author = c->id.author;
		rd = tool_read_open(&c->st, &q);
		while (tool_read_next(rd, &r) == 1)
			if (r.nf > RF_DATA && r.flen[RF_KIND] == 9 &&
			    memcmp(r.f[RF_KIND], "suggested", 9) == 0 &&
			    prompt_id(r.f[RF_DATA], r.flen[RF_DATA], &id) == 0)
				mark_suggested(refs, n, id, &r.when, items);
		store_read_close(rd);
	}
	free(refs);
}

/* suggest: ideas from the rituals deck, never repeating until all shown. */
static int
cmd_suggest(struct ctx *c, int argc, char **argv)
{
	struct deckset ds = { 0 };
	struct pick_item *items;
	struct herr e;
	const char *errstr;
	char hex[DECK_ID_LEN + 1];
	size_t n = 1, shown;
	ssize_t k;
	int di, ch;

	while ((ch = tool_getopt(argc, argv, "hn:", tool_help_only,
	    usage_text)) != -1) {
		switch (ch) {
		case 'n':
			n = (size_t)strtonum(optarg, 1, 100, &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad count '%s'", optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (deck_load_builtin(&ds, &e) == -1)
		tool_die(&e);
	if ((di = deck_find(&ds, "rituals")) == -1)
		tool_errx(HX_UNAVAIL, "no rituals deck in this build");
	items = xcalloc(ds.np, sizeof(*items));
	suggested(c, &ds, di, items);
	/* The rule is ask's: never shown first, then the least recent. */
	for (shown = 0; shown < n; shown++) {
		if ((k = pick_one(items, ds.np, NULL, 0)) == -1)
			break;
		items[k].eligible = 0;
		deck_id_hex(ds.p[k].id, hex);
		append(c, "suggested", hex, ds.p[k].text, NULL);
		printf("%s\n", tool_safez(ds.p[k].text));
	}
	free(items);
	deck_free(&ds);
	return tool_finish(shown > 0 ? 0 : HX_NO);
}

static int
cmd_skip(struct ctx *c, int argc, char **argv)
{
	return cmd_mark(c, argc, argv, 1);
}

static int
cmd_done(struct ctx *c, int argc, char **argv)
{
	return cmd_mark(c, argc, argv, 0);
}

/*
 * The first day of the couple's week: the store's week_start (hearth
 * set), else an older config's, else Monday.
 */
static int
week_start(struct ctx *c)
{
	struct settings set;
	struct herr e;
	const char *ws = NULL;
	int wd;

	if (c->have_store) {
		if (settings_load(&c->st, &set, tool_warn_line, NULL,
		    &e) == -1)
			tool_die(&e);
		ws = settings_get(&set, "week_start");
	}
	/* settings_load took only a weekday. */
	if (ws != NULL)
		return date_weekday_parse(ws, strlen(ws));
	ws = config_get(&c->id.cfg, "week_start");
	if (ws == NULL || *ws == '\0')
		return 1;
	if ((wd = date_weekday_parse(ws, strlen(ws))) == -1)
		tool_errx(HX_CONFIG, "%s: bad week_start '%s' (a weekday, "
		    "such as mon or sun)", c->id.cfgpath, ws);
	return wd;
}

static const struct {
	const char	*name;
	int		(*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "add", cmd_add },
	{ "cal", cmd_cal },
	{ "done", cmd_done },
	{ "due", cmd_due },
	{ "list", cmd_list },
	{ "retire", cmd_retire },
	{ "skip", cmd_skip },
	{ "streak", cmd_streak },
	{ "suggest", cmd_suggest },
	{ "undo", cmd_undo },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ctx ctx;
	struct ctx *c = &ctx;
	const char *names[NCOMMANDS + 1];
	struct herr e;
	size_t i;
	int ch;

	cli_setup();
	/*
	 * For the width of names on a terminal only: names match the same
	 * way in every locale (ritual_fold_cmp).
	 */
	setlocale(LC_CTYPE, "");
	/* Options before the command: -h, -V. */
	while ((ch = tool_getopt(argc, argv, "+hV", opts, usage_text)) != -1) {
		switch (ch) {
		case 'V':
			printf("ritual %s\n", HEARTH_VERSION);
			return tool_finish(0);
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (cli_identity(&c->id, &e) == -1 || date_now(&c->now, &e) == -1)
		tool_die(&e);
	c->today = date_local_day(&c->now);
	c->have_store = tool_store(&c->st, 0);
	c->wstart = week_start(c);
	ritual_set_init(&c->set);
	/* Each command reads its own options from a fresh start. */
	optind = 0;
	if (argc == 0) {
		/* A bare ritual does its most common job: the list. */
		static char list[] = "list";
		char *bare[] = { list, NULL };

		return cmd_list(c, 1, bare);
	}
	for (i = 0; i < NCOMMANDS; i++) {
		names[i] = commands[i].name;
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].fn(c, argc, argv);
	}
	names[NCOMMANDS] = NULL;
	tool_unknown_command(argv[0], names, usage_text);
}
