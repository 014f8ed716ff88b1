/*
 * ritual: small rituals of connection, kept over time.
 *
 * Each partner's "ritual" log holds events:
 *
 *	TIME TAB AUTHOR TAB define   TAB NAME TAB SCHEDULE TAB NOTE
 *	TIME TAB AUTHOR TAB edit     TAB NAME TAB FIELD TAB VALUE
 *	TIME TAB AUTHOR TAB done     TAB NAME TAB DATE TAB NOTE
 *	TIME TAB AUTHOR TAB skip     TAB NAME TAB DATE TAB WHY
 *	TIME TAB AUTHOR TAB undo     TAB NAME TAB ID
 *	TIME TAB AUTHOR TAB retire   TAB NAME
 *	TIME TAB AUTHOR TAB unretire TAB NAME
 *	TIME TAB AUTHOR TAB suggested TAB ID TAB TEXT
 *
 * The couple's state is computed from both logs every time: ritual_load
 * streams the records into a ritual_set (common/ritual.h), which decides
 * which rituals there are, which of them the partners defined
 * differently, what is due and how long each streak is, in a way that
 * depends only on the set of records, never on their order.  What is
 * left here is the command line, the words and the printing.  A change
 * that takes several records (add with a grace, edit) writes them in one
 * append, a microsecond apart, so they are stored all or none.
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
/* The records one command may write at once. */
#define BATCH_MAX	4
/* The rituals a message names at most. */
#define NAMES_SHOWN	5

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
	    "[--grace Nd]\n"
	    "                  [--note TEXT]\n"
	    "       ritual list [--all] [--json]\n"
	    "       ritual done NAME [--on DATE] [--note TEXT]\n"
	    "       ritual skip NAME [--on DATE] [--why TEXT]\n"
	    "       ritual undo NAME [--on DATE]\n"
	    "       ritual due [--days N]\n"
	    "       ritual streak [NAME]\n"
	    "       ritual cal [NAME] [--weeks N]\n"
	    "       ritual edit NAME [--every SCHEDULE | --after Nd] "
	    "[--grace Nd]\n"
	    "                   [--note TEXT] [--rename NEW]\n"
	    "       ritual retire NAME\n"
	    "       ritual unretire NAME\n"
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

/* "'A', 'B' or 'C'" of rituals v[0..n), shown of total, into b. */
static void
say_names(struct buf *b, const struct ritual **v, size_t n, size_t total)
{
	size_t i;

	for (i = 0; i < n; i++)
		xcheck(buf_printf(b, "%s'%s'", i == 0 ? "" : i + 1 < n ||
		    total > n ? ", " : " or ", v[i]->name));
	if (total > n)
		xcheck(buf_printf(b, " or %zu more", total - n));
	xcheck(buf_nul(b));
}

/* The error for a name that finds no ritual, or several. */
static void __attribute__((noreturn))
not_found(struct ctx *c, const char *name, int scope, int ambiguous)
{
	const struct ritual *v[NAMES_SHOWN];
	struct buf b = BUF_INIT;
	size_t n;

	if (ambiguous) {
		n = ritual_candidates(&c->set, name, scope, v, NAMES_SHOWN);
		say_names(&b, v, n < NAMES_SHOWN ? n : NAMES_SHOWN, n);
		tool_errx(HX_USAGE, "'%s' is ambiguous: it could be %s", name,
		    b.p);
	}
	if ((n = ritual_nearest(&c->set, name, scope, v, NAMES_SHOWN)) > 0) {
		say_names(&b, v, n < NAMES_SHOWN ? n : NAMES_SHOWN, n);
		tool_errx(HX_DATAERR, "no ritual '%s'; did you mean %s?", name,
		    b.p);
	}
	tool_errx(HX_DATAERR, "no ritual '%s' (ritual list shows them)", name);
}

/*
 * The ritual NAME names (ritual_lookup): a whole name, else a word's
 * start, else a part of a name, without regard to case, among the
 * rituals scope sees.  What names none, several, or one out of scope is
 * an error that says so.
 */
static struct ritual *
lookup(struct ctx *c, const char *name, int scope)
{
	struct ritual *hit, *other;

	if (*name == '\0')
		tool_errx(HX_USAGE, "empty ritual name");
	switch (ritual_lookup(&c->set, name, scope, &hit, &other)) {
	case RITUAL_FOUND:
		break;
	case RITUAL_OUT_OF_SCOPE:
		if (hit->retired)
			tool_errx(HX_DATAERR, "'%s' is retired (ritual "
			    "unretire '%s' brings it back)", hit->name,
			    hit->name);
		tool_errx(HX_DATAERR, "'%s' is not retired", hit->name);
	case RITUAL_AMBIGUOUS:
		not_found(c, name, scope, 1);
	case RITUAL_NONE:
		not_found(c, name, scope, 0);
	}
	return hit;
}

/* ---- writing ---- */

/* Records to append at once, each of kind with the fields f[0..nf). */
struct recjob {
	struct ctx	*c;
	size_t		 nrec;
	struct {
		const char	*kind;
		const char	*f[3];
		size_t		 nf;
	}		 rec[BATCH_MAX];
};

/* Each record a microsecond after the one before, in the order given. */
static int
build(void *arg, const struct hmoment *last, struct buf *out, struct herr *e)
{
	struct recjob *j = arg;
	struct buf one = BUF_INIT;
	struct hmoment now, when;
	size_t i, k;
	int rv = -1;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	buf_reset(out);
	for (k = 0; k < j->nrec; k++, date_tick(&when)) {
		if (record_begin(&one, &when, j->c->id.author,
		    j->rec[k].kind) == -1)
			goto nomem;
		for (i = 0; i < j->rec[k].nf; i++)
			if (record_field(&one, j->rec[k].f[i],
			    strlen(j->rec[k].f[i])) == -1)
				goto nomem;
		if (record_end(&one) == -1) {
			herr_set(e, HX_DATAERR, "text too long to store");
			goto out;
		}
		if (buf_add(out, one.p, one.len) == -1)
			goto nomem;
	}
	rv = 0;
	goto out;
nomem:
	herr_errno(e, HX_IOERR, errno, "memory");
out:
	buf_free(&one);
	return rv;
}

/* Add a record of kind with the fields a, b, d (up to the first NULL). */
static void
batch(struct recjob *j, const char *kind, const char *a, const char *b,
    const char *d)
{
	/* No command asks for more: BATCH_MAX is theirs. */
	if (j->nrec == BATCH_MAX)
		abort();
	j->rec[j->nrec].kind = kind;
	j->rec[j->nrec].f[0] = a;
	j->rec[j->nrec].f[1] = b;
	j->rec[j->nrec].f[2] = d;
	j->rec[j->nrec++].nf = a == NULL ? 0 : b == NULL ? 1 : d == NULL ? 2 :
	    3;
}

/* Append the records of j, all or none. */
static void
write_batch(struct recjob *j)
{
	struct ctx *c = j->c;

	if (j->nrec == 0)
		return;
	if (!c->have_store)
		c->have_store = tool_store(&c->st, 1);
	tool_append(&c->st, TOOL, c->id.author, build, j);
}

/* Append one record of kind with the fields a, b, d. */
static void
append(struct ctx *c, const char *kind, const char *a, const char *b,
    const char *d)
{
	struct recjob j = { c, 0, { { NULL, { NULL }, 0 } } };

	batch(&j, kind, a, b, d);
	write_batch(&j);
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
 * Refuse a definition or an edit of rt's schedule that could not settle
 * its disagreement: it holds once it is recorded after both (ritual.h),
 * which a partner's clock running ahead can keep from being so yet.
 */
static void
check_settles(struct ctx *c, const struct ritual *rt)
{
	if (rt->disputed && date_cmp(&c->now, &rt->rival.when) <= 0)
		tool_errx(HX_USAGE, "'%s' was added after now", rt->name);
}

static void
say_settled(const struct ritual *rt, const char *stext)
{
	char words[RITUAL_WORDS_MAX];

	ritual_schedule_words(stext, words);
	tool_warnx("settled: '%s' is %s for both of you", rt->name, words);
}

/* The days of a --grace Nd, and that schedule s can have one. */
static int
grace_of(const char *arg, const struct sched *s)
{
	int days;

	if (ritual_grace_parse(arg, &days) == -1)
		tool_errx(HX_USAGE, "bad --grace '%s' (use Nd, such as 2d, "
		    "from 0d to %dd)", arg, RITUAL_GRACE_MAX);
	if (!ritual_tied(s))
		tool_errx(HX_USAGE, "--grace is for a schedule tied to days "
		    "(day, weekdays, Nd, Nw, month:DAY): a week, month or "
		    "--after ritual is due until its period ends");
	return days;
}

/* The schedule of --every or --after (one of them, at most). */
static int
schedule_of(const char *every, const char *after, struct sched *s,
    char stext[SCHED_TEXT_MAX])
{
	struct herr e;

	if (every != NULL && after != NULL)
		tool_errx(HX_USAGE, "give one of --every SCHEDULE or "
		    "--after Nd");
	if (every == NULL && after == NULL)
		return 0;
	if (sched_parse(every ? every : after, after != NULL, s, &e) == -1)
		tool_die(&e);
	sched_format(s, stext);
	return 1;
}

/* The options of add and edit. */
struct defopts {
	const char	*every, *after, *grace, *note, *rename;
};

static void
def_options(int argc, char **argv, int edit, struct defopts *o)
{
	static const struct option opts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "every", required_argument, NULL, 'e' },
		{ "grace", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "note", required_argument, NULL, 'n' },
		{ "rename", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	}, add_opts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "every", required_argument, NULL, 'e' },
		{ "grace", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	while ((ch = tool_getopt(argc, argv, "h", edit ? opts : add_opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'a':
			o->after = optarg;
			break;
		case 'e':
			o->every = optarg;
			break;
		case 'g':
			o->grace = optarg;
			break;
		case 'n':
			o->note = optarg;
			break;
		case 'r':
			o->rename = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
}

static int
cmd_add(struct ctx *c, int argc, char **argv)
{
	struct recjob j = { c, 0, { { NULL, { NULL }, 0 } } };
	struct defopts o;
	const struct ritual *had;
	const char *name;
	char stext[SCHED_TEXT_MAX], gtext[16];
	struct sched s;
	int grace = 0;

	def_options(argc, argv, 0, &o);
	name = argv[optind];
	if (!schedule_of(o.every, o.after, &s, stext))
		tool_errx(HX_USAGE, "give one of --every SCHEDULE or "
		    "--after Nd");
	if (o.grace != NULL)
		grace = grace_of(o.grace, &s);
	check_text("the name", name, NAME_MAX_LEN, 0);
	check_text("the note", o.note ? o.note : "", TEXT_MAX_LEN, 1);
	load(c);
	if ((had = ritual_find(&c->set, name)) != NULL && had->retired)
		tool_errx(HX_DATAERR, "there is a retired ritual '%s' (ritual "
		    "unretire '%s' brings it back)", had->name, had->name);
	if (had != NULL && !had->disputed)
		tool_errx(HX_DATAERR, "there is a ritual '%s' already",
		    had->name);
	if (had != NULL)
		check_settles(c, had);
	/* A settling definition names the ritual as it is named. */
	batch(&j, "define", had ? had->name : name, stext, o.note ? o.note :
	    "");
	snprintf(gtext, sizeof(gtext), "%dd", grace);
	if (grace > 0 || (had != NULL && o.grace != NULL &&
	    grace != had->grace))
		batch(&j, "edit", had ? had->name : name, "grace", gtext);
	write_batch(&j);
	if (had != NULL)
		say_settled(had, stext);
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
 * Refuse to write a record of rt for day d (given as on, or today when
 * NULL) that would count for nothing: one dated before the day it was
 * added, or written before its definition (hearth-store(5)).  Either
 * happens when a partner's clock dated the definition ahead.
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

/*
 * The edits that make rt what o says, into j, their values kept in
 * stext and gtext; whether the schedule's settles a disagreement.
 */
static int
edits(struct ctx *c, const struct ritual *rt, const struct defopts *o,
    struct recjob *j, char stext[SCHED_TEXT_MAX], char gtext[16])
{
	struct sched s = rt->s;
	int grace, settles = 0, has;

	if ((has = schedule_of(o->every, o->after, &s, stext)) &&
	    (rt->disputed || strcmp(stext, rt->stext) != 0)) {
		check_settles(c, rt);
		settles = rt->disputed;
		batch(j, "edit", rt->name, "schedule", stext);
	}
	if (o->grace != NULL && (grace = grace_of(o->grace, &s)) !=
	    rt->grace) {
		snprintf(gtext, 16, "%dd", grace);
		batch(j, "edit", rt->name, "grace", gtext);
	}
	if (o->note != NULL && strcmp(o->note, rt->note) != 0)
		batch(j, "edit", rt->name, "note", o->note);
	/* Last: the edits before it name the ritual by its old name. */
	if (o->rename != NULL && strcmp(o->rename, rt->name) != 0)
		batch(j, "edit", rt->name, "name", o->rename);
	return settles;
}

static int
cmd_edit(struct ctx *c, int argc, char **argv)
{
	struct recjob j = { c, 0, { { NULL, { NULL }, 0 } } };
	struct defopts o;
	const struct ritual *rt, *other;
	const char *name;
	char stext[SCHED_TEXT_MAX], gtext[16];
	int settles;

	def_options(argc, argv, 1, &o);
	name = argv[optind];
	if (o.every == NULL && o.after == NULL && o.grace == NULL &&
	    o.note == NULL && o.rename == NULL)
		tool_errx(HX_USAGE, "give what to change: --every, --after, "
		    "--grace, --note or --rename");
	if (o.note != NULL)
		check_text("the note", o.note, TEXT_MAX_LEN, 1);
	if (o.rename != NULL)
		check_text("the new name", o.rename, NAME_MAX_LEN, 0);
	load(c);
	rt = lookup(c, name, RITUAL_SEE_ALL);
	check_defined(c, rt, c->today, NULL);
	if (o.rename != NULL && (other = ritual_find(&c->set,
	    o.rename)) != NULL && other != rt)
		tool_errx(HX_DATAERR, "there is a ritual '%s' already",
		    other->name);
	settles = edits(c, rt, &o, &j, stext, gtext);
	if (j.nrec == 0)
		tool_warnx("'%s' is so already: nothing changed", rt->name);
	write_batch(&j);
	if (settles)
		say_settled(rt, stext);
	return tool_finish(0);
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
	int64_t d, occ;
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
	rt = lookup(c, argv[0], RITUAL_SEE_ACTIVE);
	d = on_day(c, on);
	if (d > c->today)
		tool_errx(HX_USAGE, "%s is in the future", on);
	check_defined(c, rt, d, on);
	date_day_text(d, day);
	append(c, skip ? "skip" : "done", rt->name, day, note);
	/* Kept, but it changes nothing: say so, as a streak will not. */
	if (!ritual_counts_on(rt, d, c->wstart, &occ)) {
		date_day_text(occ, day);
		tool_warnx("'%s' was due on %s: this %s, past its day%s, "
		    "counts for no occurrence", rt->name, day, skip ? "skip" :
		    "done", rt->grace > 0 ? " and grace" : "");
	}
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

/*
 * undo: your own done or skip written last, of the current period (the
 * days its window holds, up to today), or of the day --on names.
 */
static int
cmd_undo(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "on", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const struct ritual_event *mine;
	const char *on = NULL;
	struct ritual *rt;
	char day[11];
	int64_t first, last;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'o':
			on = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	load(c);
	rt = lookup(c, argv[optind], RITUAL_SEE_ALL);
	last = on == NULL ? c->today : on_day(c, on);
	first = on == NULL ? ritual_period_first(rt, c->today, c->wstart) :
	    last;
	date_day_text(first, day);
	if ((mine = ritual_undoable(rt, c->id.author, first, last)) == NULL &&
	    on != NULL)
		tool_errx(HX_NO, "nothing of yours on %s to undo for '%s'", day,
		    rt->name);
	if (mine == NULL)
		tool_errx(HX_NO, "nothing of yours to undo for '%s' since %s "
		    "(undo --on DATE takes back an earlier one)", rt->name,
		    day);
	append(c, "undo", rt->name, mine->id, NULL);
	date_day_text(mine->day, day);
	tool_warnx("took back the %s of %s on %s", mine->skip ? "skip" :
	    "done", rt->name, day);
	return tool_finish(0);
}

/*
 * retire: an active ritual ends, for both of you, from today; unretire:
 * a retired one is back, from today.
 */
static int
retirement(struct ctx *c, int argc, char **argv, int back)
{
	struct ritual *rt;

	name_only(&argc, &argv);
	if (argc != 1)
		usage();
	load(c);
	rt = lookup(c, argv[0], back ? RITUAL_SEE_RETIRED : RITUAL_SEE_ACTIVE);
	check_defined(c, rt, c->today, NULL);
	if (back && date_cmp(&c->now, &rt->retired_at) <= 0)
		tool_errx(HX_USAGE, "'%s' was retired after now", rt->name);
	append(c, back ? "unretire" : "retire", rt->name, NULL, NULL);
	return tool_finish(0);
}

static int
cmd_retire(struct ctx *c, int argc, char **argv)
{
	return retirement(c, argc, argv, 0);
}

static int
cmd_unretire(struct ctx *c, int argc, char **argv)
{
	return retirement(c, argc, argv, 1);
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

/*
 * A column on a terminal: text padded with spaces to w columns, so that
 * the TAB after it reaches the same stop on every line; in a pipe, as
 * it is, for cut and awk.  text is ASCII.
 */
static void
print_col(const char *text, size_t w)
{
	size_t n = strlen(text);

	fputs(text, stdout);
	if (isatty(STDOUT_FILENO))
		for (; n < w; n++)
			putchar(' ');
}

/* The widest of w and text. */
static void
widen(size_t *w, const char *text)
{
	if (strlen(text) > *w)
		*w = strlen(text);
}

/* A line of list: the ritual, where it stands, its columns as text. */
struct listrow {
	const struct ritual	*rt;
	struct ritual_status	 st;
	char			 sched[SCHED_TEXT_MAX + 24];
	char			 last[AUTHOR_MAX + 24];
	char			 when[32];
};

/* The columns of list, after the name. */
#define LIST_COLS	3

static void
list_row(struct ctx *c, const struct ritual *rt, struct listrow *row,
    size_t w[LIST_COLS])
{
	const struct ritual_status *st = &row->st;
	char day[11];

	row->rt = rt;
	ritual_assess(rt, c->today, c->wstart, &row->st);
	if (ritual_tied(&rt->s) && rt->grace > 0)
		snprintf(row->sched, sizeof(row->sched), "%s grace %dd",
		    rt->stext, rt->grace);
	else
		strlcpy(row->sched, rt->stext, sizeof(row->sched));
	date_day_text(st->last, day);
	if (st->has_last)
		snprintf(row->last, sizeof(row->last), "last %s by %s", day,
		    st->lastby);
	else
		strlcpy(row->last, "never done", sizeof(row->last));
	date_day_text(st->overdue ? st->occ : st->next, day);
	if (rt->retired)
		strlcpy(row->when, "retired", sizeof(row->when));
	else if (st->overdue)
		snprintf(row->when, sizeof(row->when), "overdue since %s", day);
	else if (st->due)
		strlcpy(row->when, "due", sizeof(row->when));
	else
		snprintf(row->when, sizeof(row->when), "next %s", day);
	widen(&w[0], row->sched);
	widen(&w[1], row->last);
	widen(&w[2], row->when);
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
	/* A grace is a number of days, for a schedule that has one. */
	if (ritual_tied(&rt->s))
		xcheck(json_kv_int(b, "grace", rt->grace));
	else
		xcheck(json_kv_strz(b, "grace", NULL));
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

/* A line of list, its columns padded to w on a terminal. */
static void
print_line(struct ctx *c, const struct listrow *row,
    const size_t w[LIST_COLS], struct buf *b)
{
	print_name(c, row->rt);
	putchar('\t');
	print_col(row->sched, w[0]);
	putchar('\t');
	print_col(row->last, w[1]);
	putchar('\t');
	if (!row->rt->disputed) {
		printf("%s\n", row->when);
		return;
	}
	print_col(row->when, w[2]);
	buf_reset(b);
	xcheck(ritual_dispute_text(row->rt, b));
	printf("\t%s\n", tool_safe(b->p, b->len));
}

/*
 * On a terminal, when there is nothing to list, what to do instead of
 * nothing (on standard error: standard output has only rituals).
 */
static void
hint_empty(const struct ctx *c, int all)
{
	if (!isatty(STDOUT_FILENO))
		return;
	if (c->set.nr > 0 && !all) {
		tool_warnx("no active rituals: ritual list --all shows the "
		    "retired ones, ritual unretire NAME brings one back");
		return;
	}
	fputs("No rituals yet.  Start one, for example:\n"
	    "    ritual add 'Evening walk' --every day\n"
	    "    ritual add 'Sunday dinner' --every sun\n"
	    "    ritual add 'Date night' --after 10d\n"
	    "ritual suggest gives ideas; ritual --help shows every "
	    "command.\n", stderr);
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
	struct listrow *rows;
	size_t i, n = 0, w[LIST_COLS] = { 0, 0, 0 };
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
	rows = xcalloc(c->set.nr + 1, sizeof(*rows));
	for (i = 0; i < c->set.nr; i++)
		if (all || !c->set.r[i].retired)
			list_row(c, &c->set.r[i], &rows[n++], w);
	for (i = 0; i < n; i++) {
		if (json)
			print_json(rows[i].rt, &rows[i].st, &b);
		else
			print_line(c, &rows[i], w, &b);
	}
	if (n == 0 && !json)
		hint_empty(c, all);
	free(rows);
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

/* A line of streak: the ritual, and its streaks as text. */
struct streakrow {
	const struct ritual	*rt;
	char			 cur[32], best[40];
};

static int
cmd_streak(struct ctx *c, int argc, char **argv)
{
	struct ritual_status st;
	struct streakrow *rows;
	const struct ritual *rt, *only = NULL;
	size_t i, n = 0, w = 0;

	name_only(&argc, &argv);
	if (argc > 1)
		usage();
	load(c);
	if (argc == 1)
		only = lookup(c, argv[0], RITUAL_SEE_ALL);
	rows = xcalloc(c->set.nr + 1, sizeof(*rows));
	for (i = 0; i < c->set.nr; i++) {
		rt = &c->set.r[i];
		if ((only != NULL && rt != only) || (only == NULL &&
		    rt->retired))
			continue;
		ritual_assess(rt, c->today, c->wstart, &st);
		rows[n].rt = rt;
		snprintf(rows[n].cur, sizeof(rows[n].cur), "%d %s", st.streak,
		    unit_of(rt, st.streak));
		snprintf(rows[n].best, sizeof(rows[n].best), "best %d %s",
		    st.best, unit_of(rt, st.best));
		widen(&w, rows[n++].cur);
	}
	for (i = 0; i < n; i++) {
		print_name(c, rows[i].rt);
		putchar('\t');
		print_col(rows[i].cur, w);
		printf("\t%s\n", rows[i].best);
	}
	free(rows);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

/*
 * What day d was, for the one ritual only or, when it is NULL, the
 * strongest state any active ritual has that day; today, due while any
 * of them is.
 */
static enum ritual_day_state
cal_state(struct ctx *c, const struct ritual *only, int64_t d)
{
	enum ritual_day_state state = RITUAL_NOT_DUE, s;
	const struct ritual *rt;
	size_t i;
	int due = 0;

	for (i = 0; i < c->set.nr; i++) {
		rt = &c->set.r[i];
		if (only != NULL ? rt != only : rt->retired)
			continue;
		if ((s = ritual_day(rt, d, c->today, c->wstart)) > state)
			state = s;
		if (s == RITUAL_DUE)
			due = 1;
	}
	return due ? RITUAL_DUE : state;
}

/* The calendar in a pipe: a line a day, from first to today. */
static void
cal_lines(struct ctx *c, const struct ritual *only, int64_t first)
{
	static const char *const word[] = { "not-due", "due", "missed",
	    "skipped", "done" };
	char day[11];
	int64_t d;

	for (d = first; d <= c->today; d++) {
		date_day_text(d, day);
		printf("%s\t%s\n", day, word[cal_state(c, only, d)]);
	}
}

/* The month (1 to 12) of day d, and whether d is its first day. */
static unsigned
month_of(int64_t d, int *first)
{
	int64_t y;
	unsigned m, day;

	date_civil_from_days(d, &y, &m, &day);
	*first = day == 1;
	return m;
}

/*
 * Over the grid, the name of each month above the week its first day
 * falls in, and of the first week's month above it unless the next
 * name would touch it.  Week w's column is 4 + 2w.
 */
static void
cal_months(int64_t first, int weeks)
{
	static const char *const name[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	unsigned m, label[WEEKS_MAX] = { 0 };
	int w, k, one, col = 0, shown = 0;

	for (w = 0; w < weeks; w++) {
		label[w] = 0;
		for (k = 0; k < 7; k++)
			if ((m = month_of(first + 7 * w + k, &one)) && one)
				label[w] = m;
	}
	if (label[0] == 0 && (weeks < 2 || label[1] == 0))
		label[0] = month_of(first, &one);
	for (w = 0; w < weeks; w++) {
		if (label[w] == 0)
			continue;
		for (; col < 4 + 2 * w; col++)
			putchar(' ');
		fputs(name[label[w] - 1], stdout);
		col += 3;
		shown++;
	}
	if (shown > 0)
		putchar('\n');
}

/*
 * The calendar on a terminal: the months over the columns, a row a
 * weekday, a column a week, today between brackets.
 */
static void
cal_grid(struct ctx *c, const struct ritual *only, int64_t first, int weeks)
{
	static const char *const cell[] = { ".", "!", "x", "~", "#" };
	static const char *const colour[] = { "\033[2m", "\033[1;36m",
	    "\033[31m", "\033[33m", "\033[32m" };
	const char *wd, *on[5], *off;
	int64_t d;
	int row, w, color, s;

	color = cli_color(STDOUT_FILENO);
	for (s = 0; s < 5; s++)
		on[s] = color ? colour[s] : "";
	off = color ? "\033[0m" : "";
	cal_months(first, weeks);
	for (row = 0; row < 7; row++) {
		wd = date_weekday_abbr(c->wstart + row);
		printf("%c%s", toupper((unsigned char)wd[0]), wd + 1);
		for (w = 0; w < weeks && (d = first + 7 * w + row) <=
		    c->today; w++) {
			s = cal_state(c, only, d);
			printf("%c%s%s%s%s", d == c->today ? '[' : ' ', on[s],
			    cell[s], off, d == c->today ? "]" : "");
		}
		putchar('\n');
	}
	printf("\n%s# done%s  %s~ skipped%s  %sx missed%s  %s! due%s  "
	    "%s. not due%s  [ ] today\n", on[RITUAL_DONE], off,
	    on[RITUAL_SKIPPED], off, on[RITUAL_MISSED], off, on[RITUAL_DUE],
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
		only = lookup(c, argv[0], RITUAL_SEE_ALL);
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
	{ "edit", cmd_edit },
	{ "list", cmd_list },
	{ "retire", cmd_retire },
	{ "skip", cmd_skip },
	{ "streak", cmd_streak },
	{ "suggest", cmd_suggest },
	{ "undo", cmd_undo },
	{ "unretire", cmd_unretire },
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
		/*
		 * A bare ritual does its most common job: the list (which, on
		 * a terminal, says how to begin when there is nothing).
		 */
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
