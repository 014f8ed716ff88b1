/*
 * goals: shared goals and their progress.
 *
 * Each partner appends events to <store>/goals/<author>.log (goals.h has
 * the records): a goal added, a note on it with or without a percentage,
 * done, dropped, an event taken back.  A goal is the couple's, so either
 * partner's notes move it and either may close it.  Every command reads
 * both logs into a goal_set (common/goals.c), which decides where each
 * goal stands from the records alone, in any order; what is left here
 * is the command line, the words and the printing.
 *
 * GOAL, on the command line, is a prefix of a goal's id or a part of its
 * text, without regard to ASCII case (goals_match).  One that names no
 * goal, or several, ends the run with the goals it could have meant, so
 * that the next try can name one.
 *
 * The review of a month is for cron: it prints nothing and exits 1 when
 * nothing moved, nothing is stuck and nothing is due.  Otherwise it
 * ends with a question from ask's future deck (the deck built in),
 * picked as ask picks (pick_one: never shown first, then the least
 * recently shown) from what your ask log remembers, and recorded there
 * as shown, with ask's own record, before anything is printed; so ask
 * does not ask it again soon.
 *
 * Options are read by tool_getopt, so "-h" is help only where an option
 * may stand; "goals note walk -- -h" stores the note "-h".
 */
#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "deck.h"
#include "goals.h"
#include "herr.h"
#include "json.h"
#include "pick.h"
#include "record.h"
#include "store.h"
#include "tool.h"

#define TOOL		GOALS_DIR
#define ASK_DIR		"ask"
#define QUESTION_DECK	"future"
#define SHOW_MAX	10	/* goals a message lists */

static int	 jflag;		/* --json */

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	int64_t		 today;
	struct goal_set	 set;
};

static const char usage_text[] =
	    "usage: goals [list] [--all] [--json]\n"
	    "       goals add TEXT... [--by DATE] [--every-month]\n"
	    "       goals note GOAL [TEXT...] [--pct N]\n"
	    "       goals done GOAL\n"
	    "       goals drop GOAL [--why TEXT]\n"
	    "       goals undo GOAL\n"
	    "       goals review [--month YYYY-MM]\n";

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

/* A usage error that says what is missing first. */
static void __attribute__((noreturn))
usage_error(const char *why)
{
	tool_warnx("%s", why);
	usage();
}

/* ---- reading ---- */

static void
load(struct ctx *c, const struct hmoment *until)
{
	struct herr e;

	if (goals_load(&c->set, c->have_store ? &c->st : NULL, until,
	    tool_warn_line, NULL, &e) == -1)
		tool_die(&e);
}

static const char *
state_word(enum goal_state s)
{
	return s == GOAL_REACHED ? "done" : s == GOAL_DROPPED ? "dropped" :
	    "open";
}

/* "by 2026-06-30", "monthly", "monthly, by 2026-06-30" or "-". */
static void
when_text(const struct goal *g, char *out, size_t size)
{
	char day[11];

	if (g->by != GOALS_NO_DAY)
		date_day_text(g->by, day);
	snprintf(out, size, "%s%s%s%s", g->every_month ? "monthly" : "",
	    g->every_month && g->by != GOALS_NO_DAY ? ", " : "",
	    g->by != GOALS_NO_DAY ? "by " : "",
	    g->by != GOALS_NO_DAY ? day : g->every_month ? "" : "-");
}

static void
print_json(const struct goal *g)
{
	struct buf b = BUF_INIT;
	char day[11];

	if (g->by != GOALS_NO_DAY)
		date_day_text(g->by, day);
	if (json_open(&b) == -1 ||
	    json_kv_str(&b, "id", g->rec.id, RECORD_ID_LEN) == -1 ||
	    json_kv_strz(&b, "text", g->text) == -1 ||
	    json_kv_strz(&b, "by", g->by != GOALS_NO_DAY ? day : NULL) ==
	    -1 ||
	    json_kv_strz(&b, "every", g->every_month ? "month" : NULL) ==
	    -1 ||
	    json_kv_int(&b, "pct", goals_pct(&g->st)) == -1 ||
	    json_kv_strz(&b, "state", state_word(g->st.state)) == -1 ||
	    json_kv_int(&b, "notes", (int64_t)g->st.notes) == -1 ||
	    json_kv_strz(&b, "author", g->rec.by) == -1 ||
	    json_kv_str(&b, "added", g->rec.line,
	    strcspn(g->rec.line, "\t")) == -1 ||
	    json_close(&b) == -1)
		xcheck(-1);
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
}

/* One goal as list shows it: ID, STATE or PCT, WHEN, TEXT. */
static void
print_goal(const struct goal *g)
{
	char when[40], pct[8];

	if (jflag) {
		print_json(g);
		return;
	}
	when_text(g, when, sizeof(when));
	snprintf(pct, sizeof(pct), "%d%%", g->st.pct);
	printf("%.*s\t%s\t%s\t%s\n", RECORD_ID_SHOW, g->rec.id,
	    g->st.state == GOAL_OPEN ? pct : state_word(g->st.state), when,
	    tool_safez(g->text));
}

/* Goals for a message, on stderr: the first shown of n. */
static void
show_goals(const struct goal *const *g, size_t shown, size_t n)
{
	size_t i;

	for (i = 0; i < shown; i++)
		fprintf(stderr, "  %.*s  %s\n", RECORD_ID_SHOW, g[i]->rec.id,
		    tool_safez(g[i]->text));
	if (n > shown)
		fprintf(stderr, "  and %zu more (goals list --all shows "
		    "them)\n", n - shown);
}

/*
 * The goals a GOAL that named none could have meant: the open ones
 * when it wanted an open one and there are some (*open set), else every
 * one.
 */
static size_t
goals_meant(const struct ctx *c, int open_first, const struct goal **g,
    size_t max, int *open)
{
	size_t i, n = 0;

	*open = 0;
	for (i = 0; i < c->set.ng; i++)
		*open |= open_first && c->set.g[i].st.state == GOAL_OPEN;
	for (i = 0; i < c->set.ng; i++) {
		if (*open && c->set.g[i].st.state != GOAL_OPEN)
			continue;
		if (n < max)
			g[n] = &c->set.g[i];
		n++;
	}
	return n;
}

/*
 * The goal what names, or the end of the run: an ambiguous GOAL lists
 * the goals it names (exit 64), an unknown one the goals it could have
 * meant (exit 1).
 */
static const struct goal *
lookup(struct ctx *c, const char *what, int open_first)
{
	const struct goal *hit[SHOW_MAX];
	size_t n;
	int open;

	if (*what == '\0')
		tool_errx(HX_USAGE, "empty GOAL (give a part of its text or "
		    "its id)");
	n = goals_match(&c->set, what, open_first, hit, SHOW_MAX);
	if (n == 1)
		return hit[0];
	if (n > 1) {
		tool_warnx("'%s' could be any of %zu goals; give more of its "
		    "text or its id:", what, n);
		show_goals(hit, n < SHOW_MAX ? n : SHOW_MAX, n);
		exit(tool_finish(HX_USAGE));
	}
	if ((n = goals_meant(c, open_first, hit, SHOW_MAX, &open)) == 0)
		tool_errx(HX_NO, "no goal '%s' (there are none yet; goals add "
		    "TEXT adds one)", what);
	tool_warnx("no goal '%s'; the %sgoals are:", what, open ? "open " :
	    "");
	show_goals(hit, n < SHOW_MAX ? n : SHOW_MAX, n);
	exit(tool_finish(HX_NO));
}

/* ---- writing ---- */

/* Records of one kind: nrec of them, nf fields each, in f. */
struct recjob {
	struct ctx	*c;
	const char	*kind;
	const char	*const *f;
	size_t		 nrec, nf;
	struct buf	 stored;	/* the records as written */
};

static int
build(void *arg, const struct hmoment *last, struct buf *out, struct herr *e)
{
	struct recjob *j = arg;
	struct buf one = BUF_INIT;
	struct hmoment now, when;
	const char *s;
	size_t i, k;
	int ret = 0;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	for (i = 0; i < j->nrec && ret == 0; i++, date_tick(&when)) {
		xcheck(record_begin(&one, &when, j->c->id.author, j->kind));
		for (k = 0; k < j->nf; k++) {
			s = j->f[i * j->nf + k];
			xcheck(record_field(&one, s, strlen(s)));
		}
		if (record_end(&one) == -1)
			ret = herr_set(e, HX_DATAERR, "text too long to store");
		else
			xcheck(buf_add(out, one.p, one.len));
	}
	buf_reset(&j->stored);
	if (ret == 0)
		xcheck(buf_add(&j->stored, out->p, out->len));
	buf_free(&one);
	return ret;
}

/* Append j's records to the author's log of folder dir. */
static void
append(struct ctx *c, const char *dir, struct recjob *j)
{
	if (!c->have_store)
		c->have_store = tool_store(&c->st, 1);
	tool_append(&c->st, dir, c->id.author, build, j);
}

/* Append one record of kind with the fields a, b and d (up to a NULL). */
static void
append_one(struct ctx *c, const char *kind, const char *a, const char *b,
    const char *d)
{
	const char *f[3] = { a, b, d };
	struct recjob j = { c, kind, f, 1, 0, BUF_INIT };

	j.nf = b == NULL ? 1 : d == NULL ? 2 : 3;
	append(c, TOOL, &j);
	buf_free(&j.stored);
}

/* Refuse text that cannot be stored as what (where: "" or "stdin:N: "). */
static void
need_text(const char *where, const char *what, const char *s, size_t max,
    int empty_ok)
{
	const char *why;

	if ((why = goals_text_problem(s, strlen(s), max, empty_ok)) == NULL)
		return;
	if (strlen(s) > max && strcmp(why, "is too long") == 0)
		tool_errx(HX_DATAERR, "%s%s is too long (%zu bytes; at most "
		    "%zu)", where, what, strlen(s), max);
	tool_errx(HX_DATAERR, "%s%s %s", where, what, why);
}

/* The words of argv[0..argc) joined by spaces, into b (NUL ended). */
static void
join(struct buf *b, int argc, char **argv)
{
	int i;

	buf_reset(b);
	for (i = 0; i < argc; i++)
		xcheck(buf_printf(b, "%s%s", i > 0 ? " " : "", argv[i]));
	xcheck(buf_nul(b));
}

/* ---- add ---- */

/* One goal a line of standard input, into texts (each NUL ended). */
static size_t
texts_from_stdin(struct buf *texts)
{
	char where[64], *l = NULL;
	size_t lineno = 0, cap = 0, n = 0, i;
	ssize_t len;

	while ((len = getline(&l, &cap, stdin)) != -1) {
		lineno++;
		if (len > 0 && l[len - 1] == '\n')
			l[--len] = '\0';
		if (len > 0 && l[len - 1] == '\r')
			l[--len] = '\0';
		for (i = 0; i < (size_t)len && l[i] == ' '; i++)
			;
		if (i == (size_t)len)
			continue;
		snprintf(where, sizeof(where), "stdin:%zu: ", lineno);
		need_text(where, "the goal", l, GOALS_TEXT_MAX, 0);
		xcheck(buf_add(texts, l, (size_t)len + 1));
		n++;
	}
	if (ferror(stdin))
		tool_err(HX_IOERR, "stdin");
	free(l);
	if (n == 0)
		tool_errx(HX_DATAERR, "stdin: no goal given");
	return n;
}

/* The goals just written, as list shows them (their ids above all). */
static void
print_stored(const struct buf *stored)
{
	struct goal_set set;
	struct record r;
	struct herr e;
	const char *p = stored->p, *end = stored->p + stored->len, *nl, *why;
	size_t i;

	goals_init(&set);
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (record_parse(&r, p, (size_t)(nl - p), NULL, &why) == -1)
			tool_errx(HX_IOERR, "internal error: %s", why);
		if (goals_feed(&set, &r, &e) == -1)
			tool_die(&e);
	}
	if (goals_settle(&set, &e) == -1)
		tool_die(&e);
	for (i = 0; i < set.ng; i++)
		print_goal(&set.g[i]);
	goals_free(&set);
}

static int
cmd_add(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "every-month", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct recjob j = { c, "add", NULL, 0, 3, BUF_INIT };
	struct buf texts = BUF_INIT;
	const char *by = "", *every = "", **f, *t;
	char day[11];
	int64_t d;
	size_t i;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'b':
			if (goals_parse_day(optarg, strlen(optarg), &d) == -1)
				tool_errx(HX_USAGE, "bad --by '%s' (use "
				    "YYYY-MM-DD)", optarg);
			date_day_text(d, day);
			by = day;
			break;
		case 'm':
			every = "month";
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		join(&texts, argc, argv);
		need_text("", "the goal", texts.p, GOALS_TEXT_MAX, 0);
		texts.len++;		/* its NUL */
		j.nrec = 1;
	} else if (isatty(STDIN_FILENO))
		usage_error("give the goal's text");
	else
		j.nrec = texts_from_stdin(&texts);
	f = xreallocarray(NULL, j.nrec * 3, sizeof(*f));
	for (i = 0, t = texts.p; i < j.nrec; i++, t += strlen(t) + 1) {
		f[3 * i] = t;
		f[3 * i + 1] = by;
		f[3 * i + 2] = every;
	}
	j.f = f;
	append(c, TOOL, &j);
	print_stored(&j.stored);
	free(f);
	buf_free(&texts);
	buf_free(&j.stored);
	return tool_finish(0);
}

/* ---- note, done, drop, undo ---- */

static int
cmd_note(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "pct", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf text = BUF_INIT;
	const struct goal *g;
	const char *pct = "";
	char num[8];
	size_t n;
	int ch, v;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		if (ch != 'p')
			usage();
		/* "40" or "40%". */
		n = strlen(optarg);
		if (n > 0 && optarg[n - 1] == '%')
			n--;
		if ((v = goals_parse_pct(optarg, n)) == -1)
			tool_errx(HX_USAGE, "bad --pct '%s' (use a whole "
			    "number from 0 to 100)", optarg);
		snprintf(num, sizeof(num), "%d", v);
		pct = num;
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage_error("give the GOAL and the note");
	join(&text, argc - 1, argv + 1);
	if (text.len == 0 && *pct == '\0')
		usage_error("give the note's text, or --pct N");
	need_text("", "the note", text.p, GOALS_NOTE_MAX, *pct != '\0');
	load(c, NULL);
	g = lookup(c, argv[0], 1);
	append_one(c, "note", g->rec.id, pct, text.p);
	buf_free(&text);
	return tool_finish(0);
}

/* The operand of a command that takes one GOAL and the options opts. */
static const char *
one_goal(int argc, char **argv, const struct option *opts,
    const char **why)
{
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		if (ch != 'w')
			usage();
		*why = optarg;
	}
	if (argc - optind != 1)
		usage_error(argc - optind == 0 ? "give the GOAL" :
		    "give the GOAL as one word, or in quotes");
	return argv[optind];
}

/* done GOAL, drop GOAL [--why TEXT]: close a goal still open. */
static int
cmd_close(struct ctx *c, int argc, char **argv, int drop)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "why", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const struct goal *g;
	const char *what, *why = "";

	what = one_goal(argc, argv, drop ? opts : tool_help_only, &why);
	need_text("", "the reason", why, GOALS_NOTE_MAX, 1);
	load(c, NULL);
	g = lookup(c, what, 1);
	if (g->st.state != GOAL_OPEN)
		tool_errx(HX_NO, "'%s' is %s already (goals undo opens it "
		    "again)", g->text, state_word(g->st.state));
	if (drop)
		append_one(c, "drop", g->rec.id, why, NULL);
	else
		append_one(c, "done", g->rec.id, NULL, NULL);
	return tool_finish(0);
}

static int
cmd_done(struct ctx *c, int argc, char **argv)
{
	return cmd_close(c, argc, argv, 0);
}

static int
cmd_drop(struct ctx *c, int argc, char **argv)
{
	return cmd_close(c, argc, argv, 1);
}

static int
cmd_undo(struct ctx *c, int argc, char **argv)
{
	const struct goal_event *ev;
	const struct goal *g;
	const char *what, *unused = NULL;
	char day[11];

	what = one_goal(argc, argv, tool_help_only, &unused);
	load(c, NULL);
	g = lookup(c, what, 0);
	if ((ev = goals_undoable(g, c->id.author)) == NULL)
		tool_errx(HX_NO, "nothing of yours to undo on '%s'", g->text);
	append_one(c, "undo", g->rec.id, ev->rec.id, NULL);
	date_day(&ev->rec.when, day);
	if (ev->kind == GOAL_NOTE)
		tool_warnx("took back your note of %s on '%s'", day, g->text);
	else
		tool_warnx("took back %s's %s of '%s' (%s); it is %s again",
		    ev->rec.by, ev->kind == GOAL_DONE ? "done" : "drop",
		    g->text, day, state_word(goals_state_without(g, ev)));
	return tool_finish(0);
}

/* ---- list ---- */

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	size_t i;
	int ch, all = 0;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
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
	load(c, NULL);
	for (i = 0; i < c->set.ng; i++)
		if (all || c->set.g[i].st.state == GOAL_OPEN)
			print_goal(&c->set.g[i]);
	return tool_finish(0);
}

/* ---- review ---- */

/* A prompt's id and its place among the items to pick from. */
struct byid {
	uint64_t	 id;
	size_t		 i;
};

static int
cmp_byid(const void *a, const void *b)
{
	const struct byid *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void
quiet_line(void *arg, const char *file, size_t line, const char *why)
{
}

static int
kind_is(const struct record *r, const char *kind)
{
	return r->flen[RF_KIND] == strlen(kind) &&
	    memcmp(r->f[RF_KIND], kind, r->flen[RF_KIND]) == 0;
}

/*
 * Mark items, the prompts of ids[0..n) (sorted), with what the author's
 * ask log remembers of them as ask reads it: when each was last shown,
 * and those skipped, never to be asked again.  A bad line there is
 * ask's to report, not the review's.
 */
static void
ask_memory(struct ctx *c, const struct byid *ids, size_t n,
    struct pick_item *items)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct byid key;
	const struct byid *hit;
	struct pick_item *it;
	char hex[DECK_ID_LEN + 1];

	if (!c->have_store)
		return;
	q.tool = ASK_DIR;
	q.author = c->id.author;
	q.warn = quiet_line;
	rd = tool_read_open(&c->st, &q);
	while (tool_read_next(rd, &r) == 1) {
		/* The store reader checked the id of these kinds. */
		if ((!kind_is(&r, "shown") && !kind_is(&r, "skip")) ||
		    r.flen[RF_DATA] != DECK_ID_LEN)
			continue;
		memcpy(hex, r.f[RF_DATA], DECK_ID_LEN);
		hex[DECK_ID_LEN] = '\0';
		key.id = strtoull(hex, NULL, 16);
		if ((hit = bsearch(&key, ids, n, sizeof(*ids), cmp_byid)) ==
		    NULL)
			continue;
		it = &items[hit->i];
		if (kind_is(&r, "skip"))
			it->eligible = 0;
		else if (!it->shown || date_cmp(&r.when, &it->last) > 0) {
			it->shown = 1;
			it->last = r.when;
		}
	}
	store_read_close(rd);
}

/*
 * A question of ask's future deck in ds, recorded as shown in the
 * author's ask log with ask's own record; NULL when none is left to ask.
 */
static const struct prompt *
pick_question(struct ctx *c, struct deckset *ds)
{
	const struct prompt **p, *picked = NULL;
	struct pick_item *items;
	struct byid *ids;
	struct herr e;
	char hex[DECK_ID_LEN + 1];
	const char *f[3] = { hex, QUESTION_DECK, NULL };
	struct recjob j = { c, "shown", f, 1, 3, BUF_INIT };
	size_t i, n = 0;
	ssize_t k;
	int di;

	if (deck_load_builtin(ds, &e) == -1)
		tool_die(&e);
	if ((di = deck_find(ds, QUESTION_DECK)) == -1)
		return NULL;
	p = xcalloc(ds->np, sizeof(*p));
	items = xcalloc(ds->np, sizeof(*items));
	ids = xcalloc(ds->np, sizeof(*ids));
	for (i = 0; i < ds->np; i++)
		if (ds->p[i].deck == di) {
			p[n] = &ds->p[i];
			items[n].group = -1;
			items[n].eligible = 1;
			ids[n].id = ds->p[i].id;
			ids[n].i = n;
			n++;
		}
	qsort(ids, n, sizeof(*ids), cmp_byid);
	ask_memory(c, ids, n, items);
	if ((k = pick_one(items, n, NULL, 0)) >= 0) {
		picked = p[k];
		deck_id_hex(picked->id, hex);
		f[2] = picked->text;
		append(c, ASK_DIR, &j);
	}
	buf_free(&j.stored);
	free(ids);
	free(items);
	free(p);
	return picked;
}

static void
print_move(const struct goal_move *m)
{
	const struct goal_event *cl = m->after.closed;
	struct buf b = BUF_INIT;
	char day[11];
	size_t i;

	if (m->after.state != GOAL_OPEN && cl != m->before.closed) {
		date_day(&cl->rec.when, day);
		xcheck(buf_printf(&b, "%s on %s", state_word(m->after.state),
		    day));
		if (cl->kind == GOAL_DROP && cl->text[0] != '\0')
			xcheck(buf_printf(&b, " (%s)", tool_safez(cl->text)));
	} else if (m->after.pct != m->before.pct)
		xcheck(buf_printf(&b, "%d%% to %d%%", m->before.pct,
		    m->after.pct));
	else if (m->after.has_pct)
		xcheck(buf_printf(&b, "at %d%%", m->after.pct));
	if (m->notes > 0) {
		xcheck(buf_printf(&b, "%s%zu note%s (", b.len ? ", " : "",
		    m->notes, m->notes == 1 ? "" : "s"));
		for (i = 0; i < m->nwho; i++)
			xcheck(buf_printf(&b, "%s%s %zu", i ? ", " : "",
			    m->who[i].by, m->who[i].n));
		xcheck(buf_addc(&b, ')'));
	}
	xcheck(buf_nul(&b));
	printf("  %s: %s\n", tool_safez(m->g->text), b.p);
	buf_free(&b);
}

static void
print_stuck(const struct goal_stuck *s, int64_t today)
{
	char day[11];

	date_day_text(s->since, day);
	if (s->noted)
		printf("  %s: last note on %s, %lld days ago\n",
		    tool_safez(s->g->text), day, (long long)(today - s->since));
	else
		printf("  %s: added on %s, no note since\n",
		    tool_safez(s->g->text), day);
}

static void
print_due(const struct goal_due *d, int month)
{
	char day[11];
	long long n = d->days < 0 ? -d->days : d->days;

	printf("  %s: ", tool_safez(d->g->text));
	if (d->soon) {
		date_day_text(d->g->by, day);
		if (d->days == 0)
			printf("by %s, today", day);
		else
			printf("by %s, %s%lld day%s%s", day, d->days > 0 ?
			    "in " : "", n, n == 1 ? "" : "s", d->days < 0 ?
			    " ago" : "");
	}
	if (d->monthly)
		printf("%smonthly, no note in %s", d->soon ? "; " : "",
		    month_names[month - 1]);
	putchar('\n');
}

static void
print_review(const struct goal_review *rv, int y, int m, int64_t today,
    const struct prompt *q)
{
	size_t i;

	printf("Goals, %s %d\n", month_names[m - 1], y);
	if (rv->nmoved > 0)
		printf("\nMoved\n");
	for (i = 0; i < rv->nmoved; i++)
		print_move(&rv->moved[i]);
	if (rv->nstuck > 0)
		printf("\nStuck, no note for %d days or more\n",
		    GOALS_STUCK_DAYS);
	for (i = 0; i < rv->nstuck; i++)
		print_stuck(&rv->stuck[i], today);
	if (rv->ndue > 0)
		printf("\nDue soon\n");
	for (i = 0; i < rv->ndue; i++)
		print_due(&rv->due[i], m);
	if (q != NULL)
		printf("\nTo talk about\n  %s\n", tool_safe(q->text, q->len));
}

/*
 * The month arg names (YYYY-MM; NULL: this one) into *y and *m, its
 * first moment into from and the next month's into to.
 */
static void
month_bounds(struct ctx *c, const char *arg, int *y, int *m,
    struct hmoment *from, struct hmoment *to)
{
	char s[16];
	struct herr e;
	int64_t d;
	int day, wd, whole;

	if (arg == NULL)
		date_fields(&c->now, y, m, &day, &wd);
	else {
		snprintf(s, sizeof(s), "%.8s-01", arg);
		if (strlen(arg) != 7 || goals_parse_day(s, strlen(s), &d) ==
		    -1)
			tool_errx(HX_USAGE, "bad --month '%s' (use YYYY-MM)",
			    arg);
		*y = atoi(s);
		*m = atoi(s + 5);
	}
	snprintf(s, sizeof(s), "%04d-%02d-01", *y, *m);
	if (date_parse(s, &c->now, from, &whole, &e) == -1)
		tool_die(&e);
	snprintf(s, sizeof(s), "%04d-%02d-01", *m == 12 ? *y + 1 : *y,
	    *m == 12 ? 1 : *m + 1);
	if (date_parse(s, &c->now, to, &whole, &e) == -1)
		tool_die(&e);
}

static int
cmd_review(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "month", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct deckset ds = { 0 };
	struct goal_review rv;
	struct hmoment from, to;
	const struct prompt *q;
	const char *month = NULL;
	struct herr e;
	int64_t today;
	int ch, y, m, current;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		if (ch != 'm')
			usage();
		month = optarg;
	}
	if (optind != argc)
		usage();
	month_bounds(c, month, &y, &m, &from, &to);
	if (date_cmp(&from, &c->now) > 0)
		tool_errx(HX_USAGE, "%s has not begun", month);
	/* A past month is reviewed as it stood at its end. */
	current = date_cmp(&c->now, &to) < 0;
	today = current ? c->today : date_local_day(&to) - 1;
	load(c, current ? NULL : &to);
	if (goals_review(&c->set, &from, &to, today, &rv, &e) == -1)
		tool_die(&e);
	if (goals_review_empty(&rv)) {
		goals_review_free(&rv);
		return tool_finish(HX_NO);
	}
	/* Recorded before anything is printed: a writer commits first. */
	q = pick_question(c, &ds);
	print_review(&rv, y, m, today, q);
	goals_review_free(&rv);
	deck_free(&ds);
	return tool_finish(0);
}

/* ---- main ---- */

static const char *const command_names[] = {
	"add", "done", "drop", "list", "note", "review", "undo", NULL
};

static const struct {
	const char	*name;
	int		(*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "add", cmd_add },
	{ "done", cmd_done },
	{ "drop", cmd_drop },
	{ "list", cmd_list },
	{ "note", cmd_note },
	{ "review", cmd_review },
	{ "undo", cmd_undo },
};

int
main(int argc, char *argv[])
{
	static struct ctx ctx;
	struct ctx *c = &ctx;
	static char name[] = "goals";
	struct herr e;
	size_t i;
	int rc;

	cli_setup();
	argv[0] = name;		/* getopt's messages name the tool */
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("goals %s\n", HEARTH_VERSION);
		return tool_finish(0);
	}
	if (cli_identity(&c->id, &e) == -1)
		tool_die(&e);
	if (date_now(&c->now, &e) == -1)
		tool_die(&e);
	c->today = date_local_day(&c->now);
	c->have_store = tool_store(&c->st, 0);
	goals_init(&c->set);
	optind = 0;
	/* Bare, or with list's options only: list. */
	if (argc == 1 || argv[1][0] == '-')
		return cmd_list(c, argc, argv);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			argv[1] = argv[0];
			rc = commands[i].fn(c, argc - 1, argv + 1);
			goals_free(&c->set);
			return rc;
		}
	tool_unknown_command(argv[1], command_names, usage_text);
}
