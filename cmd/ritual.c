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
 * The couple's state is computed from both logs every time, and depends
 * only on the set of events, never on their order: a ritual is named
 * without regard to case and its earliest definition gives its schedule
 * and its first day; an undo names the id of the done or skip it takes
 * back.  So two machines synced with git agree on every ritual, due date
 * and streak, whichever order their records arrive in.
 *
 * Periods and streaks are computed on day numbers (schedule.h): a done on a
 * day counts for the period that holds that day; a period is kept by a
 * done and excused by a skip; a streak counts kept periods in a row,
 * excused ones neither breaking nor lengthening it, and the current
 * period breaks nothing while it is still open.
 */
#include <sys/types.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "deck.h"
#include "herr.h"
#include "hrand.h"
#include "json.h"
#include "record.h"
#include "schedule.h"
#include "store.h"
#include "text.h"

#define TOOL		"ritual"
#define NAME_MAX_LEN	100
#define WEEKS_DEFAULT	26
#define WEEKS_MAX	520

static int	 jflag;		/* --json */

struct event {
	int64_t		 day;
	int		 skip;		/* 0 done, 1 skip */
	int		 undone;
	struct hmoment	 when;
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
};

struct ritual {
	char		*name;
	char		*note;
	struct sched	 s;
	char		 stext[SCHED_TEXT_MAX];
	int64_t		 d0;		/* the day it was added */
	struct hmoment	 defined;
	int		 retired;
	int64_t		 retired_on;	/* the day it was retired */
	struct event	*ev;
	size_t		 nev;
	/* Computed by assess(). */
	int		 due, overdue;
	int64_t		 occ;		/* the current period's day */
	int64_t		 next;		/* next occurrence on or after today */
	int64_t		 last;		/* last done, or -1 */
	char		 lastby[AUTHOR_MAX + 1];
	int		 streak, best;
};

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	int64_t		 today;
	int		 wstart;
	struct ritual	*r;
	size_t		 nr;
	char		(*undos)[RECORD_ID_LEN + 1];
	size_t		 nundos;
	size_t		 namew;		/* widest name, for a terminal */
	int		 bad_data;
};

static void __attribute__((noreturn))
usage_to(FILE *fp, int status)
{
	fprintf(fp,
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
	    "       ritual suggest [-n N]\n");
	if (status == 0) {
		struct herr e;

		if (cli_finish(&e) == -1)
			errx(e.code, "%s", e.msg);
	}
	exit(status);
}

static void __attribute__((noreturn))
usage(void)
{
	usage_to(stderr, HX_USAGE);
}

static int
finish(struct ctx *c, int status)
{
	struct herr e;

	if (cli_finish(&e) == -1)
		errx(e.code, "%s", e.msg);
	if (c->bad_data && status == 0)
		status = HX_DATAERR;
	return status;
}

static void
warn_line(void *arg, const char *file, size_t line, const char *why)
{
	struct ctx *c = arg;

	warnx("%s:%zu: %s", file, line, why);
	c->bad_data = 1;
}

/* The day a YYYY-MM-DD text names, or INT64_MIN. */
static int64_t
day_of(const char *s, size_t len)
{
	char ts[32];
	struct hmoment m;

	/* A real date, or none: 2026-02-31 is none. */
	if (len != 10)
		return INT64_MIN;
	memcpy(ts, s, 10);
	memcpy(ts + 10, "T00:00:00Z", 11);
	if (date_parse_rfc3339(ts, 20, &m, NULL) == -1)
		return INT64_MIN;
	return m.sec / 86400;
}

static void
day_text(int64_t day, char buf[11])
{
	date_day_text(day, buf);
}

static int
same_name(const char *a, const char *b)
{
	return text_casecmp(a, strlen(a), b, strlen(b)) == 0;
}

/* ---- loading the couple's state ---- */

static struct ritual *
find_exact(struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (same_name(c->r[i].name, name))
			return &c->r[i];
	return NULL;
}

static char *
field_dup(const struct record *r, size_t i)
{
	struct buf b = BUF_INIT;

	if (record_text(r, i, &b) == -1)
		err(HX_IOERR, "memory");
	return b.p ? b.p : strdup("");
}

static void
add_event(struct ctx *c, const struct record *r, int skip)
{
	struct ritual *rt;
	struct event *ev;
	char *name;
	int64_t day;

	name = field_dup(r, RF_DATA);
	rt = find_exact(c, name);
	free(name);
	day = day_of(r->f[RF_DATA + 1], r->flen[RF_DATA + 1]);
	if (rt == NULL || day == INT64_MIN)
		return;		/* for a ritual this store never saw defined */
	if ((ev = reallocarray(rt->ev, rt->nev + 1, sizeof(*ev))) == NULL)
		err(HX_IOERR, "memory");
	rt->ev = ev;
	ev = &rt->ev[rt->nev++];
	memset(ev, 0, sizeof(*ev));
	ev->day = day;
	ev->skip = skip;
	ev->when = r->when;
	memcpy(ev->by, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	record_id(r->line, r->len, ev->id);
}

static void
define(struct ctx *c, const struct record *r)
{
	struct ritual *rt, *nr;
	char *name, *stext;
	struct sched s;

	name = field_dup(r, RF_DATA);
	stext = field_dup(r, RF_DATA + 1);
	if (sched_parse_stored(stext, &s) == -1) {
		warnx("ritual '%s' has a bad schedule '%s'; ignored", name,
		    stext);
		c->bad_data = 1;
		free(name);
		free(stext);
		return;
	}
	/* Records come in time order: the first definition is kept. */
	if (find_exact(c, name) != NULL) {
		free(name);
		free(stext);
		return;
	}
	if ((nr = reallocarray(c->r, c->nr + 1, sizeof(*nr))) == NULL)
		err(HX_IOERR, "memory");
	c->r = nr;
	rt = &c->r[c->nr++];
	memset(rt, 0, sizeof(*rt));
	rt->name = name;
	rt->note = field_dup(r, RF_DATA + 2);
	rt->s = s;
	sched_format(&s, rt->stext);
	rt->d0 = day_of(r->f[RF_TIME], 10);
	rt->defined = r->when;
	free(stext);
}

static void
load_record(struct ctx *c, const struct record *r, int pass)
{
	const char *k0 = r->f[RF_KIND];
	size_t kl = r->flen[RF_KIND];
	char *name, (*u)[RECORD_ID_LEN + 1];
	struct ritual *rt;

	if (kl == 6 && memcmp(k0, "define", 6) == 0) {
		if (pass == 0)
			define(c, r);
		return;
	}
	if (pass == 0)
		return;
	if (kl == 4 && memcmp(k0, "done", 4) == 0)
		add_event(c, r, 0);
	else if (kl == 4 && memcmp(k0, "skip", 4) == 0)
		add_event(c, r, 1);
	else if (kl == 4 && memcmp(k0, "undo", 4) == 0 &&
	    r->flen[RF_DATA + 1] == RECORD_ID_LEN) {
		if ((u = reallocarray(c->undos, c->nundos + 1, sizeof(*u))) ==
		    NULL)
			err(HX_IOERR, "memory");
		c->undos = u;
		memcpy(c->undos[c->nundos], r->f[RF_DATA + 1], RECORD_ID_LEN);
		c->undos[c->nundos++][RECORD_ID_LEN] = '\0';
	} else if (kl == 6 && memcmp(k0, "retire", 6) == 0) {
		name = field_dup(r, RF_DATA);
		if ((rt = find_exact(c, name)) != NULL && !rt->retired) {
			rt->retired = 1;
			rt->retired_on = day_of(r->f[RF_TIME], 10);
		}
		free(name);
	}
}

static void
load(struct ctx *c)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct herr e;
	size_t i, j, k;
	int n, pass;

	if (!c->have_store)
		return;
	q.tool = TOOL;
	q.warn = warn_line;
	q.warn_arg = c;
	/*
	 * Definitions first, then the rest: a partner's clock may date a
	 * done before the definition it names has a time.
	 */
	for (pass = 0; pass < 2; pass++) {
		if (store_read_open(&rd, &c->st, &q, &e) == -1)
			errx(e.code, "%s", e.msg);
		q.warn = NULL;	/* each bad line once */
		while ((n = store_read_next(rd, &r, &e)) == 1)
			load_record(c, &r, pass);
		if (n == -1)
			errx(e.code, "%s", e.msg);
		store_read_close(rd);
	}
	/* Undos apply whatever the order the records came in. */
	for (i = 0; i < c->nr; i++)
		for (j = 0; j < c->r[i].nev; j++)
			for (k = 0; k < c->nundos; k++)
				if (strcmp(c->r[i].ev[j].id, c->undos[k]) == 0)
					c->r[i].ev[j].undone = 1;
}

/* ---- periods, due dates and streaks ---- */

static int
cmpday(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->skip - y->skip;
}

static void
assess_after(struct ctx *c, struct ritual *rt)
{
	int64_t prev = INT64_MIN, step = INT64_MIN, gap = rt->s.n;
	size_t i;
	int chain = 0;

	rt->best = 0;
	for (i = 0; i < rt->nev; i++) {
		const struct event *ev = &rt->ev[i];

		if (ev->undone)
			continue;
		/* A chain holds while each comes within two periods. */
		if (prev != INT64_MIN && ev->day - prev > 2 * gap)
			chain = 0, step = INT64_MIN;
		/* One step a period: a second done in it adds nothing. */
		if (!ev->skip && (step == INT64_MIN || ev->day - step >= gap)) {
			chain++;
			step = ev->day;
		}
		if (chain > rt->best)
			rt->best = chain;
		prev = ev->day;
	}
	rt->occ = prev == INT64_MIN ? rt->d0 : prev + gap;
	rt->streak = prev != INT64_MIN && c->today - prev <= 2 * gap ?
	    chain : 0;
	rt->due = c->today >= rt->occ;
	/* Never done: due from the day it was added, late the day after. */
	rt->overdue = c->today > rt->occ;
	rt->next = rt->occ >= c->today ? rt->occ : c->today;
}

static void assess_until(struct ctx *, struct ritual *);

/* A retired ritual is seen as it stood the day it was retired. */
static void
assess(struct ctx *c, struct ritual *rt)
{
	int64_t today = c->today;

	if (rt->retired && rt->retired_on < today)
		c->today = rt->retired_on;
	assess_until(c, rt);
	if (rt->retired)
		rt->due = rt->overdue = 0;
	c->today = today;
}

static void
assess_until(struct ctx *c, struct ritual *rt)
{
	int64_t st, en, cur_st, cur_en, pst, pen;
	size_t i = 0;
	int kept, skipped, run = 0;

	if (rt->nev > 1)
		qsort(rt->ev, rt->nev, sizeof(*rt->ev), cmpday);
	rt->last = -1;
	for (i = 0; i < rt->nev; i++)
		if (!rt->ev[i].undone && !rt->ev[i].skip &&
		    rt->ev[i].day >= rt->last) {
			rt->last = rt->ev[i].day;
			strlcpy(rt->lastby, rt->ev[i].by, sizeof(rt->lastby));
		}
	if (rt->s.kind == SCHED_AFTER) {
		assess_after(c, rt);
		return;
	}
	sched_period(&rt->s, rt->d0, c->wstart, c->today, &cur_st, &cur_en);
	rt->best = 0;
	i = 0;
	sched_period(&rt->s, rt->d0, c->wstart, rt->d0, &st, &en);
	for (; st <= c->today || st == cur_st; st = en) {
		sched_period(&rt->s, rt->d0, c->wstart, st, &pst, &pen);
		en = pen;
		kept = skipped = 0;
		/* Events are sorted: take those of this period. */
		for (; i < rt->nev; i++) {
			const struct event *ev = &rt->ev[i];

			sched_period(&rt->s, rt->d0, c->wstart, ev->day, &pst,
			    &pen);
			if (pst > st)
				break;
			if (ev->undone || pst < st)
				continue;
			if (ev->skip)
				skipped = 1;
			else
				kept = 1;
		}
		if (kept)
			run++;
		else if (!skipped && st != cur_st)
			run = 0;
		if (run > rt->best)
			rt->best = run;
		if (st == cur_st) {
			rt->due = !kept && !skipped && st <= c->today;
			rt->overdue = rt->due && !sched_anyday(&rt->s) &&
			    c->today > st;
			break;
		}
	}
	rt->streak = run;
	rt->occ = cur_st;
	/* The next occurrence on or after today that still wants doing. */
	rt->next = cur_st >= c->today && (rt->due || cur_st > c->today) ?
	    cur_st : cur_en;
}

/* ---- name lookup ---- */

/*
 * The ritual NAME names: an exact name, else a unique prefix, without
 * regard to case.  Retired rituals only when all is set.
 */
static struct ritual *
lookup(struct ctx *c, const char *name, int all)
{
	struct ritual *hit = NULL;
	size_t i, n = strlen(name), found = 0;

	if (n == 0)
		errx(HX_USAGE, "empty ritual name");
	for (i = 0; i < c->nr; i++)
		if ((all || !c->r[i].retired) && same_name(c->r[i].name, name))
			return &c->r[i];
	for (i = 0; i < c->nr; i++) {
		if ((!all && c->r[i].retired) || strlen(c->r[i].name) < n ||
		    text_casecmp(c->r[i].name, n, name, n) != 0)
			continue;
		if (found++ > 0)
			errx(HX_USAGE, "'%s' is ambiguous: it begins '%s' and "
			    "'%s'", name, hit->name, c->r[i].name);
		hit = &c->r[i];
	}
	if (hit == NULL)
		errx(HX_DATAERR, "no ritual '%s' (ritual list shows them)",
		    name);
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

static void
append(struct ctx *c, const char *kind, const char *a, const char *b,
    const char *d)
{
	struct recjob j = { c, kind, { a, b, d }, 0 };
	struct herr e, warn;

	j.nf = a == NULL ? 0 : b == NULL ? 1 : d == NULL ? 2 : 3;
	if (!c->have_store) {
		if (store_open(&c->st, NULL, 1, &e) == -1)
			errx(e.code, "%s", e.msg);
		c->have_store = 1;
	}
	if (store_append(&c->st, TOOL, c->id.author, build, &j, &warn,
	    &e) == -1)
		errx(e.code, "%s", e.msg);
	if (warn.msg[0] != '\0')
		warnx("%s", warn.msg);
}

static void
check_text(const char *what, const char *s, size_t max, int empty_ok)
{
	size_t bad, i, n = strlen(s);

	if (text_utf8_check(s, n, &bad) == -1)
		errx(HX_DATAERR, "%s is not valid UTF-8 (byte %zu)", what,
		    bad + 1);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			errx(HX_DATAERR, "%s has a control character", what);
	if (!empty_ok && strspn(s, " ") == n)
		errx(HX_DATAERR, "%s is empty", what);
	if (n > max)
		errx(HX_DATAERR, "%s longer than %zu bytes", what, max);
}

/* ---- commands ---- */

static int
cmd_add(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "every", required_argument, NULL, 'e' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char *every = NULL, *after = NULL, *note = "";
	char stext[SCHED_TEXT_MAX];
	struct sched s;
	struct herr e;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
		errx(HX_USAGE, "give one of --every SCHEDULE or --after Nd");
	if (sched_parse(every ? every : after, after != NULL, &s, &e) == -1)
		errx(e.code, "%s", e.msg);
	check_text("the name", argv[0], NAME_MAX_LEN, 0);
	check_text("the note", note, 1000, 1);
	load(c);
	if (find_exact(c, argv[0]) != NULL)
		errx(HX_DATAERR, "there is a ritual '%s' already",
		    find_exact(c, argv[0])->name);
	sched_format(&s, stext);
	append(c, "define", argv[0], stext, note);
	return finish(c, 0);
}

/* The local day a --on DATE names (today when NULL). */
static int64_t
on_day(struct ctx *c, const char *arg)
{
	struct hmoment m;
	struct herr e;
	char buf[11];
	int whole;

	if (arg == NULL)
		return c->today;
	if (date_parse(arg, &c->now, &m, &whole, &e) == -1)
		errx(HX_USAGE, "%s", e.msg);
	date_day(&m, buf);
	return day_of(buf, 10);
}

static int
cmd_mark(struct ctx *c, int argc, char **argv, int skip)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "on", required_argument, NULL, 'o' },
		{ "why", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char *on = NULL, *note = "";
	struct ritual *rt;
	char day[11];
	int64_t d;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
		case 'w':
			if ((ch == 'w') != skip)
				usage();
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
	check_text(skip ? "the reason" : "the note", note, 1000, 1);
	load(c);
	rt = lookup(c, argv[0], 0);
	d = on_day(c, on);
	if (d > c->today)
		errx(HX_USAGE, "%s is in the future", on);
	if (d < rt->d0)
		errx(HX_USAGE, "'%s' was added after %s", rt->name, on);
	day_text(d, day);
	append(c, skip ? "skip" : "done", rt->name, day, note);
	return finish(c, 0);
}

static int
cmd_undo(struct ctx *c, int argc, char **argv)
{
	struct ritual *rt;
	struct event *mine = NULL;
	size_t i;

	if (argc != 2)
		usage();
	load(c);
	rt = lookup(c, argv[1], 1);
	/* Your own last done or skip, by when it was written. */
	for (i = 0; i < rt->nev; i++)
		if (!rt->ev[i].undone && strcmp(rt->ev[i].by, c->id.author) ==
		    0 && (mine == NULL || rt->ev[i].when.sec > mine->when.sec ||
		    (rt->ev[i].when.sec == mine->when.sec &&
		    rt->ev[i].when.usec > mine->when.usec)))
			mine = &rt->ev[i];
	if (mine == NULL)
		errx(HX_NO, "nothing of yours to undo for '%s'", rt->name);
	append(c, "undo", rt->name, mine->id, NULL);
	{
		char day[11];

		char safe[NAME_MAX_LEN * 6 + 1];

		day_text(mine->day, day);
		text_safe(safe, sizeof(safe), rt->name, strlen(rt->name));
		fprintf(stderr, "ritual: took back the %s of %s on %s\n",
		    mine->skip ? "skip" : "done", safe, day);
	}
	return finish(c, 0);
}

static int
cmd_retire(struct ctx *c, int argc, char **argv)
{
	struct ritual *rt;

	if (argc != 2)
		usage();
	load(c);
	rt = lookup(c, argv[1], 0);
	append(c, "retire", rt->name, NULL, NULL);
	return finish(c, 0);
}

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

static void
safe_print(const char *s)
{
	char buf[NAME_MAX_LEN * 6 + 1024 * 6];

	text_safe(buf, sizeof(buf), s, strlen(s));
	fputs(buf, stdout);
}

/*
 * A ritual's name as the first column: on a terminal padded to the widest
 * name, so the columns line up; in a pipe as it is, for cut and awk.
 */
static void
print_name(struct ctx *c, const struct ritual *rt)
{
	size_t i, w;

	safe_print(rt->name);
	if (!isatty(STDOUT_FILENO))
		return;
	if (c->namew == 0)
		for (i = 0; i < c->nr; i++)
			if ((w = text_width(c->r[i].name,
			    strlen(c->r[i].name))) > c->namew)
				c->namew = w;
	for (w = text_width(rt->name, strlen(rt->name)); w < c->namew; w++)
		putchar(' ');
}

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf b = BUF_INIT;
	struct ritual *rt;
	char last[11], next[11];
	size_t i, n = 0;
	int ch, all = 0;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'j':
			jflag = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	load(c);
	for (i = 0; i < c->nr; i++) {
		rt = &c->r[i];
		if (rt->retired && !all)
			continue;
		assess(c, rt);
		n++;
		if (rt->last >= 0)
			day_text(rt->last, last);
		day_text(rt->next, next);
		if (jflag) {
			buf_reset(&b);
			if (json_open(&b) == -1 ||
			    json_kv_strz(&b, "name", rt->name) == -1 ||
			    json_kv_strz(&b, "schedule", rt->stext) == -1 ||
			    json_kv_strz(&b, "last", rt->last >= 0 ? last :
			    NULL) == -1 ||
			    json_kv_strz(&b, "last_by", rt->last >= 0 ?
			    rt->lastby : NULL) == -1 ||
			    json_kv_strz(&b, "next", next) == -1 ||
			    json_kv_bool(&b, "due", rt->due) == -1 ||
			    json_kv_bool(&b, "overdue", rt->overdue) == -1 ||
			    json_kv_int(&b, "streak", rt->streak) == -1 ||
			    json_kv_int(&b, "best", rt->best) == -1 ||
			    json_kv_bool(&b, "retired", rt->retired) == -1 ||
			    json_kv_strz(&b, "note", rt->note) == -1 ||
			    json_close(&b) == -1)
				err(HX_IOERR, "memory");
			fwrite(b.p, 1, b.len, stdout);
			continue;
		}
		print_name(c, rt);
		printf("\t%s\t", rt->stext);
		if (rt->last >= 0)
			printf("last %s by %s", last, rt->lastby);
		else
			printf("never done");
		if (rt->retired)
			printf("\tretired\n");
		else if (rt->overdue) {
			day_text(rt->occ, next);
			printf("\toverdue since %s\n", next);
		} else if (rt->due)
			printf("\tdue\n");
		else
			printf("\tnext %s\n", next);
	}
	buf_free(&b);
	return finish(c, n > 0 ? 0 : HX_NO);
}

static int
cmd_due(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "days", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct ritual *rt;
	const char *errstr;
	char day[11];
	size_t i, n = 0;
	int ch, days = -1;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			days = (int)strtonum(optarg, 0, 3650, &errstr);
			if (errstr != NULL)
				errx(HX_USAGE, "bad number of days '%s'",
				    optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	load(c);
	for (i = 0; i < c->nr; i++) {
		rt = &c->r[i];
		if (rt->retired)
			continue;
		assess(c, rt);
		if (rt->due) {
			day_text(rt->occ, day);
			print_name(c, rt);
			if (rt->overdue)
				printf("\toverdue since %s\n", day);
			else
				printf("\tdue\n");
			n++;
		} else if (days >= 0 && rt->next <= c->today + days) {
			day_text(rt->next, day);
			print_name(c, rt);
			printf("\tdue %s\n", day);
			n++;
		}
	}
	/* Nothing due: quiet, and 1, so cron mail stays away. */
	return finish(c, n > 0 ? 0 : HX_NO);
}

static int
cmd_streak(struct ctx *c, int argc, char **argv)
{
	struct ritual *rt, *only = NULL;
	size_t i, n = 0;

	if (argc > 2)
		usage();
	load(c);
	if (argc == 2)
		only = lookup(c, argv[1], 1);
	for (i = 0; i < c->nr; i++) {
		rt = &c->r[i];
		if ((only != NULL && rt != only) || (only == NULL &&
		    rt->retired))
			continue;
		assess(c, rt);
		print_name(c, rt);
		printf("\t%d %s\tbest %d %s\n", rt->streak,
		    unit_of(rt, rt->streak), rt->best, unit_of(rt, rt->best));
		n++;
	}
	return finish(c, n > 0 ? 0 : HX_NO);
}

/* What a day was for one ritual: 0 not due, 1 missed, 2 skipped, 3 done. */
static int
day_state(struct ctx *c, const struct ritual *rt, int64_t d)
{
	int64_t st, en, pst, pen;
	size_t i;
	int state = 0, kept = 0;

	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].undone || rt->ev[i].day != d)
			continue;
		state = rt->ev[i].skip ? (state > 2 ? state : 2) : 3;
	}
	if (state != 0 || rt->s.kind == SCHED_AFTER || d < rt->d0 ||
	    (rt->retired && d >= rt->retired_on))
		return state;
	sched_period(&rt->s, rt->d0, c->wstart, d, &st, &en);
	/* A period that ended unkept is missed on its occurrence day. */
	if (st != d || en > c->today)
		return 0;
	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].undone)
			continue;
		sched_period(&rt->s, rt->d0, c->wstart, rt->ev[i].day, &pst,
		    &pen);
		if (pst == st)
			kept = 1;
	}
	return kept ? 0 : 1;
}

static int
cmd_cal(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "weeks", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cell[] = { ".", "x", "~", "#" };
	static const char *const colour[] = { "\033[2m", "\033[31m",
	    "\033[33m", "\033[32m" };
	static const char *const word[] = { "not-due", "missed", "skipped",
	    "done" };
	const char *errstr;
	struct ritual *only = NULL;
	int64_t first, d;
	size_t i;
	char day[11];
	int ch, weeks = WEEKS_DEFAULT, row, w, state, s, tty, color;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			weeks = (int)strtonum(optarg, 1, WEEKS_MAX, &errstr);
			if (errstr != NULL)
				errx(HX_USAGE, "bad number of weeks '%s'",
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
	tty = isatty(STDOUT_FILENO);
	color = cli_color(STDOUT_FILENO);
	first = c->today - (date_weekday(c->today) - c->wstart + 7) % 7 -
	    7 * (int64_t)(weeks - 1);
	if (!tty) {
		for (d = first; d <= c->today; d++) {
			for (state = 0, i = 0; i < c->nr; i++)
				if ((only == NULL && !c->r[i].retired) ||
				    only == &c->r[i])
					if ((s = day_state(c, &c->r[i], d)) >
					    state)
						state = s;
			day_text(d, day);
			printf("%s\t%s\n", day, word[state]);
		}
		return finish(c, 0);
	}
	for (row = 0; row < 7; row++) {
		static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed",
		    "Thu", "Fri", "Sat" };

		printf("%s ", wd[(c->wstart + row) % 7]);
		for (w = 0; w < weeks; w++) {
			d = first + 7 * w + row;
			if (d > c->today) {
				fputs("  ", stdout);
				continue;
			}
			for (state = 0, i = 0; i < c->nr; i++)
				if ((only == NULL && !c->r[i].retired) ||
				    only == &c->r[i])
					if ((s = day_state(c, &c->r[i], d)) >
					    state)
						state = s;
			printf("%s%s%s ", color ? colour[state] : "",
			    cell[state], color ? "\033[0m" : "");
		}
		putchar('\n');
	}
	printf("\n%s# done%s  %s~ skipped%s  %sx missed%s  %s. not due%s\n",
	    color ? colour[3] : "", color ? "\033[0m" : "",
	    color ? colour[2] : "", color ? "\033[0m" : "",
	    color ? colour[1] : "", color ? "\033[0m" : "",
	    color ? colour[0] : "", color ? "\033[0m" : "");
	return finish(c, 0);
}

/* suggest: ideas from the rituals deck, never repeating until all shown. */
static int
cmd_suggest(struct ctx *c, int argc, char **argv)
{
	struct deckset ds = { 0 };
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct herr e;
	const struct prompt *p;
	char hex[DECK_ID_LEN + 1];
	const char *errstr;
	size_t i, k, n = 1, np = 0, shown, unseen;
	struct hmoment *last = NULL;
	uint8_t *seen = NULL, *picked = NULL;
	int di, ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			n = (size_t)strtonum(optarg, 1, 100, &errstr);
			if (errstr != NULL)
				errx(HX_USAGE, "bad count '%s'", optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (deck_load_builtin(&ds, &e) == -1)
		errx(e.code, "%s", e.msg);
	if ((di = deck_find(&ds, "rituals")) == -1)
		errx(HX_UNAVAIL, "no rituals deck in this build");
	np = ds.np;
	if ((seen = calloc(np, 1)) == NULL || (picked = calloc(np, 1)) ==
	    NULL || (last = calloc(np, sizeof(*last))) == NULL)
		err(HX_IOERR, "memory");
	if (c->have_store) {
		q.tool = TOOL;
		q.author = c->id.author;
		q.warn = warn_line;
		q.warn_arg = c;
		if (store_read_open(&rd, &c->st, &q, &e) == -1)
			errx(e.code, "%s", e.msg);
		while ((k = (size_t)store_read_next(rd, &r, &e)) == 1) {
			if (r.flen[RF_KIND] != 9 || memcmp(r.f[RF_KIND],
			    "suggested", 9) != 0)
				continue;
			for (i = 0; i < np; i++) {
				deck_id_hex(ds.p[i].id, hex);
				if (r.flen[RF_DATA] == DECK_ID_LEN &&
				    memcmp(r.f[RF_DATA], hex, DECK_ID_LEN) ==
				    0) {
					seen[i] = 1;
					last[i] = r.when;
				}
			}
		}
		if (k != 0)
			errx(e.code, "%s", e.msg);
		store_read_close(rd);
	}
	for (shown = 0; shown < n; shown++) {
		ssize_t pick = -1;

		for (unseen = 0, i = 0; i < np; i++)
			if (ds.p[i].deck == di && !seen[i] && !picked[i])
				unseen++;
		if (unseen > 0) {
			k = hrand_uniform((uint32_t)unseen);
			for (i = 0; i < np; i++)
				if (ds.p[i].deck == di && !seen[i] &&
				    !picked[i] && k-- == 0) {
					pick = (ssize_t)i;
					break;
				}
		} else {
			/* All shown: the least recently shown first. */
			for (i = 0; i < np; i++)
				if (ds.p[i].deck == di && !picked[i] &&
				    (pick == -1 || last[i].sec <
				    last[pick].sec || (last[i].sec ==
				    last[pick].sec && last[i].usec <
				    last[pick].usec)))
					pick = (ssize_t)i;
		}
		if (pick == -1)
			break;
		picked[pick] = 1;
		p = &ds.p[pick];
		deck_id_hex(p->id, hex);
		append(c, "suggested", hex, p->text, NULL);
		printf("%s\n", p->text);
	}
	free(seen);
	free(picked);
	free(last);
	deck_free(&ds);
	return finish(c, shown > 0 ? 0 : HX_NO);
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

int
main(int argc, char *argv[])
{
	static struct ctx ctx;
	struct ctx *c = &ctx;
	struct herr e;
	const char *ws;
	char day[11];
	size_t i;
	int w;

	cli_setup();
	/* Names match without regard to case in any language. */
	setlocale(LC_CTYPE, "");

	if (cli_wants_help(argc, argv))
		usage_to(stdout, 0);
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("ritual %s\n", HEARTH_VERSION);
		return finish(c, 0);
	}
	if (cli_identity(&c->id, &e) == -1 || date_now(&c->now, &e) == -1)
		errx(e.code, "%s", e.msg);
	date_day(&c->now, day);
	c->today = day_of(day, 10);
	c->wstart = 1;
	if ((ws = config_get(&c->id.cfg, "week_start")) != NULL &&
	    *ws != '\0') {
		if ((w = date_weekday_parse(ws, strlen(ws))) == -1)
			errx(HX_CONFIG, "%s: bad week_start '%s' (a weekday, "
			    "such as mon or sun)", c->id.cfgpath, ws);
		c->wstart = w;
	}
	if (store_open(&c->st, NULL, 0, &e) == 0)
		c->have_store = 1;
	else if (e.code != HX_NOINPUT)
		errx(e.code, "%s", e.msg);
	if (argc < 2) {
		/* A bare ritual does its most common job: the list. */
		optind = 1;
		return cmd_list(c, 1, argv);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			/* getopt's messages then name the tool. */
			argv[1] = argv[0];
			optind = 1;
			return commands[i].fn(c, argc - 1, argv + 1);
		}
	warnx("unknown command '%s'", argv[1]);
	usage();
}
