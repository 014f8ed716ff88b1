/*
 * ask: questions that keep a couple talking.
 *
 * Prompts come from the decks compiled in (common/decks), from
 * $(DATADIR)/decks and from <store>/decks, a later deck replacing an
 * earlier one of the same name; or, with -f, from any file of lines.
 *
 * Memory is the author's "ask" log:
 *
 *	TIME TAB AUTHOR TAB shown  TAB ID TAB DECK TAB TEXT
 *	TIME TAB AUTHOR TAB star   TAB ID TAB DECK TAB TEXT
 *	TIME TAB AUTHOR TAB skip   TAB ID TAB DECK TAB TEXT
 *	TIME TAB AUTHOR TAB answer TAB ID TAB ANSWER
 *	TIME TAB AUTHOR TAB edit   TAB ID TAB ANSWER
 *	TIME TAB AUTHOR TAB unanswer TAB ID
 *
 * ID is the prompt's id (deck_id: a hash of its words), so memory follows
 * the words wherever they come from.  A pick prefers prompts never shown;
 * once every prompt that fits has been shown, the least recently shown
 * come first (the rule is pick_one's, in common/pick.c).  The log is read
 * into a table of the prompts it names, so memory grows with the prompts
 * seen, never with the log.
 *
 * Answers are events, never rewritten: an edit replaces every answer the
 * author gave the prompt before it, an unanswer takes them all back, and
 * what counts is the answers after the latest of those (the edit's own
 * text included).  "Latest" is by time, then author, then the record's
 * bytes, a total order, and the latest edit or unanswer is found in a
 * pass of its own before the answers are weighed against it, so the
 * result depends on no file's order and both machines agree on it.  An
 * answer without an id goes to the prompt last recorded as shown, never
 * to one the author has not seen.
 *
 * A pick from a file does not read the file: it takes the line under a
 * random byte offset and keeps it with chance 1/length, which makes every
 * line equally likely whatever its length, and costs a few preads.  A
 * line is recorded as it is picked, so a line that no reader would take
 * back (not UTF-8, a control character, more than 1024 bytes) is no
 * prompt: the first pick that lands on one reads the file once, and
 * reports each as FILE:LINE.  A file that changes while it is read gives
 * an error, never a line read half before and half after.
 *
 * Decks and logs may come from the partner's machine: a deck that cannot
 * be used is reported and skipped, and everything printed from a deck, a
 * record, a file name or an argument goes through tool_safe (or the
 * tool_warnx family); options are read by tool_getopt, whose messages
 * never echo an argument raw.
 *
 * The question of the day is the same on both partners' machines without
 * a network: a permutation of the fitting prompts, sorted by id, stepped
 * by the local date, and keyed by the couple's shared seed.  Its decks
 * and depth are the couple's settings (today_decks, today_depth) unless
 * -c or -d are given, so that neither machine needs the other's flags.
 *
 * main parses the options and looks the mode up in a table, which says
 * what the mode needs (who and when, the log, the decks) before its own
 * function runs.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <regex.h>
#include <stdarg.h>
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
#include "hrand.h"
#include "io.h"
#include "json.h"
#include "lines.h"
#include "paths.h"
#include "pick.h"
#include "record.h"
#include "settings.h"
#include "store.h"
#include "text.h"
#include "tool.h"

#define TOOL		"ask"
#define WEIGHTS_MAX	PICK_GROUPS_MAX
#define PICK_TRIES	20000	/* random offsets before a pick reads it all */
#define PICK_SEEN	64	/* lines already shown before it scans */
#define FILE_LINE_MAX	1024	/* bytes in a line of a -f file, at most */
#define LINE_PEEK	256	/* what a first look reads either side */
#define LINE_LOOK	2048	/* a second look: more than a prompt's line */
#define LABEL_MAX	256	/* bytes of a -f file's name kept as its deck */

/* Option flags. */
static int	 jflag;		/* --json */
static int	 xflag;		/* -x: do not record */

/*
 * What an author's answer, edit and unanswer records to one prompt come
 * to (book_read): the latest edit or unanswer, and the answers that
 * count, those after it.
 */
struct said {
	int		 reset;		/* 0, 'e' (edit) or 'u' (unanswer) */
	struct hmoment	 reset_when;
	char		*reset_line;	/* its bytes, for a tie in time */
	size_t		 reset_len;
	size_t		 live;		/* the answers that count */
	struct hmoment	 first;		/* the earliest of them */
	char		*first_stamp;	/* its time as stored */
};

/* One prompt the log names, with what the author did with it. */
struct seen {
	uint64_t	 id;
	struct hmoment	 last;		/* last shown */
	uint32_t	 shown;
	uint8_t		 starred, skipped, used;
	struct said	*said;		/* answers, when the book reads them */
};

struct memory {
	struct seen	*v;		/* open addressing on id */
	size_t		 cap, n;
	/* The newest "shown" record, for --star and --skip without an id. */
	int		 have_last;
	uint64_t	 last_id;
	struct buf	 last_deck, last_text;
};

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	struct deckset	 ds;
	struct memory	 mem;
};

/* A candidate prompt: from a deck, or a line of a -f file. */
struct cand {
	const char	*text;
	size_t		 len;
	uint64_t	 id;
	const char	*deck;
	int		 depth;		/* 0 for a line of a file */
	int		 group;		/* its index in the weights, or -1 */
};

/* -c and -d: the decks, their weights and the depths. */
struct filter {
	char	 name[WEIGHTS_MAX][DECK_NAME_MAX + 1];
	int	 percent[WEIGHTS_MAX];	/* PICK_REST: none given */
	size_t	 nw;
	int	 dmin, dmax;
};

/* What the command line asks for. */
struct opts {
	int		 mode;		/* the option naming it, or 0 */
	struct filter	 f;
	const char	*file, *pattern, *about, *markid;
	size_t		 count;
	int		 nset, verbose;
	int		 cset, dset;	/* -c, -d given */
	int		 all, edit;	/* answers --all, answer --edit */
};

static const char usage_text[] =
    "usage: ask [-vx] [-c [N%]DECK]... [-d DEPTH] [-n COUNT] [--json]\n"
    "       ask -f FILE [-x] [-n COUNT] [--json]\n"
    "       ask --today [-vx] [-c DECK]... [-d DEPTH] [--json]\n"
    "       ask -m PATTERN [-c DECK]... [-d DEPTH] [--json]\n"
    "       ask --list [--json] | --about DECK | --check FILE...\n"
    "       ask --star [ID] | --skip [ID]\n"
    "       ask --starred [--json] | --history [-n COUNT] [--json]\n"
    "       ask answer [ID] TEXT... | answer --edit ID TEXT...\n"
    "       ask unanswer ID | inbox [--json]\n"
    "       ask answers [--json] [--all | ID]\n";

static void NORETURN
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

enum { OPT_ABOUT = 256, OPT_ALL, OPT_CHECK, OPT_EDIT, OPT_HISTORY, OPT_JSON,
    OPT_LIST, OPT_SKIP, OPT_STAR, OPT_STARRED, OPT_TODAY };

/* The commands, for a word that is none of them. */
static const char *const commands[] = {
	"answer", "answers", "inbox", "unanswer", NULL
};

static const struct option longopts[] = {
	{ "about", required_argument, NULL, OPT_ABOUT },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "deck", required_argument, NULL, 'c' },
	{ "depth", required_argument, NULL, 'd' },
	{ "file", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "match", required_argument, NULL, 'm' },
	{ "skip", optional_argument, NULL, OPT_SKIP },
	{ "star", optional_argument, NULL, OPT_STAR },
	{ "starred", no_argument, NULL, OPT_STARRED },
	{ "today", no_argument, NULL, OPT_TODAY },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* ---- memory: what the author's log says ---- */

static struct seen *
mem_get(struct memory *m, uint64_t id, int add)
{
	struct seen *v;
	size_t i, cap;

	if (m->cap == 0 || (add && (m->n + 1) * 2 > m->cap)) {
		if (!add)
			return NULL;
		cap = m->cap ? m->cap * 2 : 256;
		v = xcalloc(cap, sizeof(*v));
		for (i = 0; i < m->cap; i++)
			if (m->v[i].used) {
				size_t j = (size_t)(m->v[i].id & (cap - 1));

				while (v[j].used)
					j = (j + 1) & (cap - 1);
				v[j] = m->v[i];
			}
		free(m->v);
		m->v = v;
		m->cap = cap;
	}
	for (i = (size_t)(id & (m->cap - 1)); m->v[i].used;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].id == id)
			return &m->v[i];
	if (!add)
		return NULL;
	m->v[i].used = 1;
	m->v[i].id = id;
	m->n++;
	return &m->v[i];
}

/*
 * The id field of an ask record into *id: 0, or -1 when it is not
 * DECK_ID_LEN lowercase hex digits (such a record names no prompt).
 */
static int
field_id(const struct record *r, uint64_t *id)
{
	char hex[DECK_ID_LEN + 1];

	if (r->nf <= RF_DATA || r->flen[RF_DATA] != DECK_ID_LEN)
		return -1;
	memcpy(hex, r->f[RF_DATA], DECK_ID_LEN);
	hex[DECK_ID_LEN] = '\0';
	if (strspn(hex, "0123456789abcdef") != DECK_ID_LEN)
		return -1;
	*id = strtoull(hex, NULL, 16);
	return 0;
}

static int
kind_is(const struct record *r, const char *kind)
{
	return r->flen[RF_KIND] == strlen(kind) &&
	    memcmp(r->f[RF_KIND], kind, r->flen[RF_KIND]) == 0;
}

/* A reader of author's log (every author's, for NULL). */
static void
reader_open(struct ctx *c, struct store_reader **rd, const char *author,
    int warn)
{
	struct store_query q = { 0 };
	struct herr e;

	q.tool = TOOL;
	q.author = author;
	q.warn = warn ? tool_warn_line : NULL;
	if (store_read_open(rd, &c->st, &q, &e) == -1)
		tool_die(&e);
}

static int
reader_next(struct store_reader *rd, struct record *r)
{
	struct herr e;
	int n;

	if ((n = store_read_next(rd, r, &e)) == -1)
		tool_die(&e);
	return n;
}

/*
 * What the author's log says of the prompts it names: shown (and the
 * last one shown), starred, skipped.  Malformed lines are warned of when
 * warn is set.
 */
static void
load_memory(struct ctx *c, int warn)
{
	struct memory *m = &c->mem;
	struct store_reader *rd;
	struct record r;
	struct seen *s;
	uint64_t id;

	if (!c->have_store)
		return;
	reader_open(c, &rd, c->id.author, warn);
	while (reader_next(rd, &r) == 1) {
		if (field_id(&r, &id) == -1 || !(kind_is(&r, "shown") ||
		    kind_is(&r, "star") || kind_is(&r, "skip")))
			continue;
		s = mem_get(m, id, 1);
		if (kind_is(&r, "shown")) {
			s->shown++;
			s->last = r.when;
			m->have_last = 1;
			m->last_id = id;
			xcheck(record_text(&r, RF_DATA + 1, &m->last_deck));
			xcheck(record_text(&r, RF_DATA + 2, &m->last_text));
		} else if (kind_is(&r, "star"))
			s->starred = 1;
		else if (kind_is(&r, "skip"))
			s->skipped = 1;
	}
	store_read_close(rd);
}

/* ---- decks and candidates ---- */

/*
 * A deck that cannot be used, such as a bad one synced from the
 * partner's machine: named once, skipped, and the run exits 65 once it
 * has done its work (tool_finish).
 */
static void
deck_warn(void *arg, const struct herr *e)
{
	tool_warnx("%s", e->msg);
	tool_bad_data();
}

static void
load_decks(struct ctx *c)
{
	char dir[PATH_MAX];
	struct herr e;

	if (deck_load_builtin(&c->ds, &e) == -1 ||
	    deck_load_dir(&c->ds, HEARTH_DATADIR "/decks", deck_warn, NULL,
	    &e) == -1)
		tool_die(&e);
	if (c->have_store) {
		snprintf(dir, sizeof(dir), "%s/decks", c->st.path);
		if (deck_load_dir(&c->ds, dir, deck_warn, NULL, &e) == -1)
			tool_die(&e);
	}
}

/*
 * A bad -c or -d is a usage error; a bad value of the couple's setting
 * (today_decks, today_depth) is bad configuration, and says which.
 */
static void NORETURN __attribute__((format(printf, 2, 3)))
filter_error(const char *setting, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (setting != NULL)
		tool_errx(HX_CONFIG, "setting %s (hearth set): %s", setting,
		    msg);
	tool_errx(HX_USAGE, "%s", msg);
}

/* One [N%]DECK, of -c or of the setting named (NULL for -c). */
static void
parse_weight(struct filter *f, const char *arg, const char *setting)
{
	const char *pct, *errstr = NULL;
	char num[8];
	int *percent;

	if (f->nw == WEIGHTS_MAX)
		filter_error(setting, setting != NULL ? "more than %d decks" :
		    "too many -c options (%d at most)", WEIGHTS_MAX);
	percent = &f->percent[f->nw];
	*percent = PICK_REST;
	if ((pct = strchr(arg, '%')) != NULL) {
		if ((size_t)(pct - arg) < sizeof(num)) {
			memcpy(num, arg, (size_t)(pct - arg));
			num[pct - arg] = '\0';
			*percent = (int)strtonum(num, 0, 100, &errstr);
		} else
			errstr = "too long";
		if (errstr != NULL)
			filter_error(setting, "bad weight in '%s' (use 0%% to "
			    "100%%)", arg);
		arg = pct + 1;
	}
	if (!deck_name_valid(arg))
		filter_error(setting, "bad deck name '%s'", arg);
	strlcpy(f->name[f->nw++], arg, sizeof(f->name[0]));
}

/* The decks of a setting, as -c takes them, separated by commas. */
static void
parse_weights(struct filter *f, const char *list, const char *setting)
{
	char one[DECK_NAME_MAX + 8];
	size_t n;

	for (; *list != '\0'; list += n + (list[n] == ',')) {
		n = strcspn(list, ",");
		if (n >= sizeof(one))
			filter_error(setting, "bad deck name '%.*s'", (int)n,
			    list);
		memcpy(one, list, n);
		one[n] = '\0';
		parse_weight(f, one, setting);
	}
}

static void
parse_depth(struct filter *f, const char *arg, const char *setting)
{
	if (arg[0] >= '1' && arg[0] <= '3' && arg[1] == '\0')
		f->dmin = f->dmax = arg[0] - '0';
	else if (arg[0] >= '1' && arg[0] <= '3' && arg[1] == '-' &&
	    arg[2] >= arg[0] && arg[2] <= '3' && arg[3] == '\0') {
		f->dmin = arg[0] - '0';
		f->dmax = arg[2] - '0';
	} else
		filter_error(setting, "bad depth '%s' (use 1, 2, 3 or a range "
		    "such as 2-3)", arg);
}

/*
 * The weights must name decks that exist and add up to at most 100
 * (setting: where they come from, as for parse_weight).
 */
static void
check_weights(struct ctx *c, const struct filter *f, const char *setting)
{
	size_t w;
	int sum = 0;

	for (w = 0; w < f->nw; w++) {
		if (deck_find(&c->ds, f->name[w]) == -1)
			filter_error(setting, "no deck '%s' (ask --list shows "
			    "the decks)", f->name[w]);
		if (f->percent[w] > 0)
			sum += f->percent[w];
	}
	if (sum > 100)
		filter_error(setting, "the weights add up to %d%%, more than "
		    "100%%", sum);
}

/*
 * The prompts that pass the filter: the named decks, else every deck of
 * questions (every deck when all is set).
 */
static struct cand *
candidates(struct ctx *c, const struct filter *f, int all, size_t *np)
{
	struct cand *v;
	const struct prompt *p;
	const struct deck *d;
	size_t i, n = 0, w;
	int di;

	check_weights(c, f, NULL);
	v = xreallocarray(NULL, c->ds.np ? c->ds.np : 1, sizeof(*v));
	for (i = 0; i < c->ds.np; i++) {
		p = &c->ds.p[i];
		d = &c->ds.d[p->deck];
		if (d->replaced || p->depth < f->dmin || p->depth > f->dmax)
			continue;
		di = -1;
		for (w = 0; w < f->nw; w++)
			if (strcmp(f->name[w], d->name) == 0)
				di = (int)w;
		if (f->nw > 0 ? di == -1 : (!all && d->kind != DECK_QUESTIONS))
			continue;
		v[n].text = p->text;
		v[n].len = p->len;
		v[n].id = p->id;
		v[n].deck = d->name;
		v[n].depth = p->depth;
		v[n].group = di;
		n++;
	}
	*np = n;
	return v;
}

/* What memory says of each candidate, for pick_one. */
static struct pick_item *
pick_items(struct ctx *c, const struct cand *v, size_t n)
{
	struct pick_item *items;
	const struct seen *s;
	size_t i;

	items = xcalloc(n ? n : 1, sizeof(*items));
	for (i = 0; i < n; i++) {
		s = mem_get(&c->mem, v[i].id, 0);
		items[i].eligible = s == NULL || !s->skipped;
		items[i].shown = s != NULL && s->shown > 0;
		if (s != NULL)
			items[i].last = s->last;
		items[i].group = v[i].group;
	}
	return items;
}

/* ---- output ---- */

static void
print_prompt(const struct cand *k, int verbose)
{
	struct buf b = BUF_INIT;
	char hex[DECK_ID_LEN + 1];

	deck_id_hex(k->id, hex);
	if (jflag) {
		xcheck(json_open(&b));
		xcheck(json_kv_str(&b, "id", hex, DECK_ID_LEN));
		xcheck(json_kv_strz(&b, "deck", k->deck));
		xcheck(k->depth > 0 ? json_kv_int(&b, "depth", k->depth) :
		    json_kv_strz(&b, "depth", NULL));
		xcheck(json_kv_str(&b, "text", k->text, k->len));
		xcheck(json_close(&b));
		fwrite(b.p, 1, b.len, stdout);
		buf_free(&b);
	} else if (verbose)
		printf("%.*s\t%s\t%d\t%s\n", DECK_ID_SHOW, hex,
		    tool_safez(k->deck), k->depth, tool_safe(k->text, k->len));
	else
		printf("%s\n", tool_safe(k->text, k->len));
}

/* ---- recording ---- */

struct recjob {
	struct ctx	*c;
	const char	*kind;
	const struct cand *v;
	const size_t	*which;
	size_t		 n;
	const char	*answer;	/* for kind "answer" */
	size_t		 answer_len;
};

static int
build_records(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct recjob *j = arg;
	struct buf one = BUF_INIT;
	char hex[DECK_ID_LEN + 1];
	struct hmoment now, when;
	const struct cand *k;
	size_t i;
	int ret = 0;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	for (i = 0; i < j->n; i++, date_tick(&when)) {
		k = &j->v[j->which[i]];
		deck_id_hex(k->id, hex);
		xcheck(record_begin(&one, &when, j->c->id.author, j->kind));
		xcheck(record_field(&one, hex, DECK_ID_LEN));
		if (strcmp(j->kind, "unanswer") == 0)
			;	/* the id alone */
		else if (j->answer != NULL)
			xcheck(record_field(&one, j->answer, j->answer_len));
		else {
			xcheck(record_field(&one, k->deck, strlen(k->deck)));
			xcheck(record_field(&one, k->text, k->len));
		}
		if (record_end(&one) == -1) {
			ret = herr_set(e, HX_DATAERR, "%s too long to store",
			    j->answer ? "answer" : "prompt");
			break;
		}
		xcheck(buf_add(out, one.p, one.len));
	}
	buf_free(&one);
	return ret;
}

/* Append a record of kind for each of v[which[0..n)]. */
static void
record(struct ctx *c, const char *kind, const struct cand *v,
    const size_t *which, size_t n, const char *answer, size_t alen)
{
	struct recjob j = { c, kind, v, which, n, answer, alen };

	if (n == 0)
		return;
	if (!c->have_store)
		c->have_store = tool_store(&c->st, 1);
	tool_append(&c->st, TOOL, c->id.author, build_records, &j);
}

/*
 * Pick up to count of v[0..n) (by the weights of f, when not NULL),
 * record them as shown (unless -x) and print them.  A prompt comes once
 * in a run, however many candidates carry its words.  The number picked.
 */
static size_t
show_picks(struct ctx *c, const struct cand *v, size_t n,
    const struct filter *f, size_t count, int verbose)
{
	struct pick_item *items = pick_items(c, v, n);
	size_t i, j, *which;
	ssize_t k;

	which = xreallocarray(NULL, count, sizeof(*which));
	for (i = 0; i < count; i++) {
		if ((k = pick_one(items, n, f ? f->percent : NULL,
		    f ? f->nw : 0)) == -1)
			break;
		for (j = 0; j < n; j++)
			if (v[j].id == v[k].id)
				items[j].eligible = 0;
		which[i] = (size_t)k;
	}
	/* Recorded before it is printed: a writer commits first. */
	if (!xflag)
		record(c, "shown", v, which, i, NULL, 0);
	for (j = 0; j < i; j++)
		print_prompt(&v[which[j]], verbose);
	free(which);
	free(items);
	return i;
}

/* ---- picking from a file (-f) ---- */

/*
 * Why line[0..len) of a -f file (its CR gone) can be no prompt, or
 * NULL.  A prompt is recorded in the log, and a record must be one that
 * every reader takes: the rule of a deck's text, and a length that
 * always fits in a record.
 */
static const char *
line_problem(const char *line, size_t len)
{
	if (len > FILE_LINE_MAX)
		return "line longer than 1024 bytes";
	return deck_text_problem(line, len);
}

/* A line that is no prompt: "file:line: why", and the run exits 65. */
static void
bad_line(const char *file, size_t lineno, const char *why)
{
	tool_warnx("%s:%zu: %s", file, lineno, why);
	tool_bad_data();
}

/*
 * The lines of stdin that may be prompts, as candidates (pointing into
 * all); the others are reported as stdin:LINE.  An empty line is none,
 * quietly.
 */
static struct cand *
lines_of_stdin(struct buf *all, size_t *np)
{
	struct cand *v = NULL;
	const char *p, *line, *why;
	char b[65536];
	size_t n = 0, cap = 0, len, lineno = 0;
	ssize_t r;

	while ((r = read(STDIN_FILENO, b, sizeof(b))) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			tool_err(HX_IOERR, "stdin");
		}
		xcheck(buf_add(all, b, (size_t)r));
	}
	p = all->p;
	while (all->len > 0 && line_next(&p, all->p + all->len, &line, &len,
	    NULL)) {
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		if ((why = line_problem(line, len)) != NULL) {
			bad_line("stdin", lineno, why);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].text = line;
		v[n].len = len;
		v[n].id = deck_id(line, len);
		v[n].deck = "-";
		v[n].depth = 0;
		v[n].group = -1;
		n++;
	}
	*np = n;
	return v;
}

/* A regular file that lines are picked from (-f FILE). */
struct pickfile {
	const char	*path;
	int		 fd;
	struct stat	 sb;		/* as it was when opened */
	int		 warned;	/* a scan has reported its bad lines */
};

/*
 * A file that changed while it was read: whatever was read of it may be
 * neither the old lines nor the new, so nothing is picked.
 */
static void NORETURN
file_changed(const struct pickfile *pf)
{
	tool_errx(HX_TEMPFAIL, "%s: changed while it was read; try again",
	    pf->path);
}

/*
 * The line of pf that holds byte off, read into b (2 * LINE_LOOK bytes):
 * in *line and *len (without LF), its offset in *start.  A look of
 * LINE_PEEK bytes either side finds most lines; a longer one takes a
 * second look of LINE_LOOK.  -1 for a line longer than that, which is no
 * prompt.  A file found shorter than it was is file_changed.
 */
static int
line_at(const struct pickfile *pf, off_t off, char *b, const char **line,
    size_t *len, off_t *start)
{
	off_t size = pf->sb.st_size, from, half;
	const char *s, *e;
	size_t want, at;
	ssize_t n;

	for (half = LINE_PEEK; ; half = LINE_LOOK) {
		from = off >= half ? off - half : 0;
		want = (size_t)(size - from < 2 * half ? size - from :
		    2 * half);
		if ((n = io_pread_all(pf->fd, b, want, from)) == -1)
			tool_err(HX_IOERR, "%s", pf->path);
		if ((size_t)n != want)
			file_changed(pf);
		/* off < size and off - from <= half: off is in b. */
		at = (size_t)(off - from);
		s = memrchr(b, '\n', at);
		e = memchr(b + at, '\n', want - at);
		if ((s != NULL || from == 0) &&
		    (e != NULL || from + (off_t)want == size))
			break;
		if (half == LINE_LOOK)
			return -1;
	}
	s = s != NULL ? s + 1 : b;
	if (e == NULL)
		e = b + want;
	*line = s;
	*len = (size_t)(e - s);
	*start = from + (s - b);
	return 0;
}

struct filepick {
	char	 text[FILE_LINE_MAX + 1];
	size_t	 len;
};

/* Whether a line of a file may be picked: not skipped, not picked yet. */
static int
line_fits(struct ctx *c, uint64_t id, const struct cand *done, size_t ndone,
    const struct seen **s)
{
	size_t i;

	for (i = 0; i < ndone; i++)
		if (done[i].id == id)
			return 0;
	*s = mem_get(&c->mem, id, 0);
	return *s == NULL || !(*s)->skipped;
}

/*
 * A uniform pick from the file's lines that are neither shown, skipped
 * nor picked already: a random byte, its line kept with chance 1/length.
 * Returns 1 and fills fp, or 0 when PICK_TRIES found nothing, or when it
 * lands on a line that is no prompt before a scan has reported it.
 */
static int
pick_by_offset(struct ctx *c, struct pickfile *pf, const struct cand *done,
    size_t ndone, struct filepick *fp)
{
	char b[2 * LINE_LOOK];
	const struct seen *s;
	const char *line;
	off_t size = pf->sb.st_size, start;
	size_t len, all, tries, seen = 0;
	int bad;

	/* Mostly shown already: reading the file once is cheaper. */
	for (tries = 0; tries < PICK_TRIES && seen < PICK_SEEN; tries++) {
		bad = line_at(pf, (off_t)(hrand_u64() % (uint64_t)size), b,
		    &line, &len, &start) == -1;
		all = bad ? 0 : len;
		if (!bad && len > 0 && line[len - 1] == '\r')
			len--;
		if (!bad && len == 0)
			continue;
		/* Reported with its number by a scan, then passed over. */
		if (bad || line_problem(line, len) != NULL) {
			if (!pf->warned)
				return 0;
			continue;
		}
		/* Kept with chance 1/(the bytes the line takes, LF too). */
		if (hrand_uniform((uint32_t)all +
		    (start + (off_t)all < size ? 1 : 0)) != 0)
			continue;
		memcpy(fp->text, line, len);
		fp->text[len] = '\0';
		fp->len = len;
		if (!line_fits(c, deck_id(fp->text, len), done, ndone, &s) ||
		    (s != NULL && s->shown > 0)) {
			seen++;
			continue;
		}
		return 1;
	}
	return 0;
}

/*
 * Read the file once, with the same rule as every pick (pick_stream):
 * when the random picks keep landing on lines already shown, or on a
 * line that is no prompt.  The first scan reports every such line as
 * FILE:LINE.
 */
static int
pick_by_scan(struct ctx *c, struct pickfile *pf, const struct cand *done,
    size_t ndone, struct filepick *fp)
{
	struct pick_stream ps = PICK_STREAM_INIT;
	struct linereader lr;
	const struct seen *s;
	const char *line, *why;
	size_t len, lineno = 0;
	int n, found = 0;

	linereader_init(&lr, pf->fd, 0, pf->sb.st_size);
	while ((n = linereader_next(&lr, &line, &len)) > 0) {
		if (n == 2)
			continue;	/* a piece of an overlong line */
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (!lr.longline && len == 0)
			continue;
		why = lr.longline ? "line longer than 1024 bytes" :
		    line_problem(line, len);
		if (why != NULL) {
			if (!pf->warned)
				bad_line(pf->path, lineno, why);
			continue;
		}
		if (!line_fits(c, deck_id(line, len), done, ndone, &s))
			continue;
		if (pick_stream_offer(&ps, s != NULL && s->shown > 0,
		    s != NULL ? &s->last : NULL)) {
			memcpy(fp->text, line, len);
			fp->text[len] = '\0';
			fp->len = len;
			found = 1;
		}
	}
	if (n == -1)
		tool_err(HX_IOERR, "%s", pf->path);
	/* The reader stops at the end of the file, if it came early. */
	if (lr.boff + (off_t)lr.end < pf->sb.st_size)
		file_changed(pf);
	linereader_free(&lr);
	pf->warned = 1;
	return found;
}

/* -f -: every line of stdin read, then picked as the decks' are. */
static int
file_stdin(struct ctx *c, size_t count)
{
	struct buf all = BUF_INIT;
	struct cand *v;
	size_t n, picked;

	v = lines_of_stdin(&all, &n);
	picked = show_picks(c, v, n, NULL, count, 0);
	free(v);
	buf_free(&all);
	return tool_finish(picked > 0 ? 0 : HX_NO);
}

/*
 * The deck a line of path is recorded with: its base name, or, when
 * that is no text a prompt could hold (a name need not be UTF-8), its
 * terminal-safe form, so that the record is one every reader takes.
 */
static void
file_label(const char *path, char label[LABEL_MAX])
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base);

	if (n < LABEL_MAX && deck_text_problem(base, n) == NULL)
		memcpy(label, base, n + 1);
	else
		text_excerpt(label, LABEL_MAX, base, n);
}

/* Whether the file is still as it was opened. */
static void
file_unchanged(const struct pickfile *pf)
{
	struct stat sb;

	if (fstat(pf->fd, &sb) == -1)
		tool_err(HX_IOERR, "%s", pf->path);
	if (sb.st_size != pf->sb.st_size ||
	    sb.st_mtim.tv_sec != pf->sb.st_mtim.tv_sec ||
	    sb.st_mtim.tv_nsec != pf->sb.st_mtim.tv_nsec ||
	    sb.st_ctim.tv_sec != pf->sb.st_ctim.tv_sec ||
	    sb.st_ctim.tv_nsec != pf->sb.st_ctim.tv_nsec)
		file_changed(pf);
}

/*
 * -f FILE: a few random lines of a regular file, never all of it; none
 * when the file changed while it was read.
 */
static int
file_regular(struct ctx *c, const char *path, size_t count)
{
	struct pickfile pf = { .path = path };
	char label[LABEL_MAX];
	struct cand *done;
	struct filepick *fp;
	size_t n, i, *which;

	if ((pf.fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		tool_err(errno == ENOENT ? HX_NOINPUT : HX_IOERR, "%s", path);
	if (fstat(pf.fd, &pf.sb) == -1)
		tool_err(HX_IOERR, "%s", path);
	if (!S_ISREG(pf.sb.st_mode))
		tool_errx(HX_USAGE, "%s: not a regular file (use -f - for a "
		    "pipe)", path);
	file_label(path, label);
	which = xreallocarray(NULL, count, sizeof(*which));
	done = xreallocarray(NULL, count, sizeof(*done));
	fp = xreallocarray(NULL, count, sizeof(*fp));
	for (i = 0; i < count && pf.sb.st_size > 0; i++) {
		if (!pick_by_offset(c, &pf, done, i, &fp[i]) &&
		    !pick_by_scan(c, &pf, done, i, &fp[i]))
			break;
		done[i].text = fp[i].text;
		done[i].len = fp[i].len;
		done[i].id = deck_id(fp[i].text, fp[i].len);
		done[i].deck = label;
		done[i].depth = 0;
		done[i].group = -1;
		which[i] = i;
	}
	file_unchanged(&pf);
	close(pf.fd);
	if (!xflag)
		record(c, "shown", done, which, i, NULL, 0);
	for (n = 0; n < i; n++)
		print_prompt(&done[n], 0);
	free(done);
	free(fp);
	free(which);
	return tool_finish(i > 0 ? 0 : HX_NO);
}

/* ---- the question of the day ---- */

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int
cmpcand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* The couple's settings, read from the store once (none: all unset). */
static const struct settings *
couple_settings(struct ctx *c)
{
	static struct settings set;
	static int loaded;
	struct herr e;

	if (!loaded && c->have_store &&
	    settings_load(&c->st, &set, tool_warn_line, NULL, &e) == -1)
		tool_die(&e);
	loaded = 1;
	return &set;
}

/*
 * The couple's shared seed: the store's setting, which syncs (hearth
 * set seed), else an older config's "seed".
 */
static const char *
shared_seed(struct ctx *c)
{
	const char *seed = settings_get(couple_settings(c), "seed");

	return seed != NULL ? seed : config_get(&c->id.cfg, "seed");
}

/* Today's prompt among v (sorted here), or -1 with no seed. */
static ssize_t
today_index(struct ctx *c, struct cand *v, size_t n)
{
	const char *seed = shared_seed(c);
	int y, m, d, wd;
	uint64_t h, a, b, day;

	if (seed == NULL || *seed == '\0')
		tool_errx(HX_CONFIG, "no shared seed for the question of the "
		    "day: run 'hearth init' to make one, or 'hearth init "
		    "--seed SEED' with your partner's");
	if (n == 0)
		return -1;
	qsort(v, n, sizeof(*v), cmpcand);
	date_fields(&c->now, &y, &m, &d, &wd);
	day = (uint64_t)date_days_from_civil(y, (unsigned)m, (unsigned)d);
	h = deck_id(seed, strlen(seed));
	/* Day after day, a step coprime to n visits every prompt once. */
	a = n > 1 ? 1 + (h % (n - 1)) : 1;
	while (gcd(a, n) != 1)
		a = a % (n - 1) + 1;
	b = (h >> 32) % n;
	return (ssize_t)((a * (day % n) + b) % n);
}

/*
 * The filter of the question of the day: -c and -d as given, else the
 * couple's settings today_decks and today_depth, each on its own.
 */
static void
today_filter(struct ctx *c, const struct opts *o, struct filter *f)
{
	const struct settings *set = couple_settings(c);
	const char *v;

	*f = o->f;
	if (!o->cset && (v = settings_get(set, "today_decks")) != NULL) {
		parse_weights(f, v, "today_decks");
		check_weights(c, f, "today_decks");
	}
	if (!o->dset && (v = settings_get(set, "today_depth")) != NULL)
		parse_depth(f, v, "today_depth");
}

/* ---- ids given on the command line ---- */

/* The prompts of the decks an id prefix names: how many, the first in k. */
static size_t
id_in_decks(struct ctx *c, const char *prefix, struct cand *k)
{
	char hex[DECK_ID_LEN + 1];
	const struct prompt *p;
	size_t i, found = 0;

	for (i = 0; i < c->ds.np; i++) {
		p = &c->ds.p[i];
		if (c->ds.d[p->deck].replaced)
			continue;
		deck_id_hex(p->id, hex);
		if (strncmp(hex, prefix, strlen(prefix)) != 0 ||
		    (found && p->id == k->id))
			continue;
		if (found++)
			tool_errx(HX_USAGE, "id prefix '%s' is ambiguous",
			    prefix);
		k->id = p->id;
		k->text = p->text;
		k->len = p->len;
		k->deck = c->ds.d[p->deck].name;
		k->depth = p->depth;
	}
	return found;
}

/* The same among the prompts the log has shown (lines of files). */
static size_t
id_in_log(struct ctx *c, const char *prefix, struct cand *k,
    struct buf *hold, struct buf *deck)
{
	struct store_reader *rd;
	struct record r;
	size_t found = 0;
	uint64_t id;

	/* Quietly: the memory or a listing reports a malformed line. */
	reader_open(c, &rd, c->id.author, 0);
	while (reader_next(rd, &r) == 1) {
		if (!kind_is(&r, "shown") || field_id(&r, &id) == -1 ||
		    memcmp(r.f[RF_DATA], prefix, strlen(prefix)) != 0 ||
		    (found && id == k->id))
			continue;
		if (found++)
			tool_errx(HX_USAGE, "id prefix '%s' is ambiguous",
			    prefix);
		k->id = id;
		xcheck(record_text(&r, RF_DATA + 1, deck));
		xcheck(record_text(&r, RF_DATA + 2, hold));
	}
	store_read_close(rd);
	if (found) {
		k->text = hold->p;
		k->len = hold->len;
		k->deck = deck->p;
		k->depth = 0;
	}
	return found;
}

/*
 * The prompt an id prefix names, among the decks and the prompts the log
 * has seen (for lines of files), in k; the log's words are kept in hold
 * and deck.  Exits on several; on none, exits when must is set, else -1.
 */
static int
resolve_id(struct ctx *c, const char *prefix, struct cand *k, struct buf *hold,
    struct buf *deck, int must)
{
	size_t plen = strlen(prefix), found;

	if (plen < DECK_ID_MIN || plen > DECK_ID_LEN ||
	    strspn(prefix, "0123456789abcdef") != plen)
		tool_errx(HX_DATAERR, "bad id '%s' (give at least %d of the "
		    "hex digits that ask -v shows)", prefix, DECK_ID_MIN);
	found = id_in_decks(c, prefix, k);
	if (found == 0 && c->have_store)
		found = id_in_log(c, prefix, k, hold, deck);
	if (found == 0) {
		if (!must)
			return -1;
		tool_errx(HX_NO, "no prompt '%s'", prefix);
	}
	k->group = -1;
	return 0;
}

/* The last prompt shown, from the log. */
static void
last_shown(struct ctx *c, struct cand *k)
{
	const struct memory *m = &c->mem;

	if (!m->have_last)
		tool_errx(HX_NO, "nothing has been shown yet; give an id");
	k->id = m->last_id;
	k->text = m->last_text.p;
	k->len = m->last_text.len;
	k->deck = m->last_deck.p;
	k->depth = 0;
	k->group = -1;
}

/* ---- the modes ---- */

/* --star and --skip. */
static int
mode_mark(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct buf text = BUF_INIT, deck = BUF_INIT;
	const char *kind = o->mode == OPT_STAR ? "star" : "skip";
	const struct seen *s;
	struct cand k;
	size_t which = 0;

	if (o->markid != NULL)
		resolve_id(c, o->markid, &k, &text, &deck, 1);
	else
		last_shown(c, &k);
	s = mem_get(&c->mem, k.id, 0);
	if (s != NULL && (o->mode == OPT_STAR ? s->starred : s->skipped))
		tool_warnx("already %s", o->mode == OPT_STAR ? "starred" :
		    "skipped");
	else
		record(c, kind, &k, &which, 1, NULL, 0);
	buf_free(&text);
	buf_free(&deck);
	return tool_finish(0);
}

/* One line of --starred or --history. */
static void
print_logged(const struct record *r, uint64_t id, const struct buf *deck,
    const struct buf *text)
{
	struct buf out = BUF_INIT;
	char hex[DECK_ID_LEN + 1];

	deck_id_hex(id, hex);
	if (!jflag) {
		printf("%s\t%.*s\t%s\t%s\n", tool_safe(r->f[RF_TIME],
		    r->flen[RF_TIME] < 10 ? r->flen[RF_TIME] : 10),
		    DECK_ID_SHOW, hex, tool_safe(deck->p, deck->len),
		    tool_safe(text->p, text->len));
		return;
	}
	xcheck(json_open(&out));
	xcheck(json_kv_str(&out, "time", r->f[RF_TIME], r->flen[RF_TIME]));
	xcheck(json_kv_str(&out, "id", hex, DECK_ID_LEN));
	xcheck(json_kv_str(&out, "deck", deck->p, deck->len));
	xcheck(json_kv_str(&out, "text", text->p, text->len));
	xcheck(json_close(&out));
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

/* The author's records of one kind, the last last of them (0: all). */
static int
list_log(struct ctx *c, const char *kind, size_t last)
{
	struct store_reader *rd;
	struct record r;
	struct buf deck = BUF_INIT, text = BUF_INIT;
	size_t total = 0, skip, n = 0;
	uint64_t id;
	int pass;

	if (!c->have_store)
		return tool_finish(HX_NO);
	for (pass = last > 0 ? 0 : 1; pass < 2; pass++) {
		skip = total > last ? total - last : 0;
		/* A malformed line is reported once: by the printing pass. */
		reader_open(c, &rd, c->id.author, pass == 1);
		while (reader_next(rd, &r) == 1) {
			if (!kind_is(&r, kind) || field_id(&r, &id) == -1)
				continue;
			if (pass == 0)
				total++;
			else if (skip > 0)
				skip--;
			else {
				xcheck(record_text(&r, RF_DATA + 1, &deck));
				xcheck(record_text(&r, RF_DATA + 2, &text));
				print_logged(&r, id, &deck, &text);
				n++;
			}
		}
		store_read_close(rd);
	}
	buf_free(&deck);
	buf_free(&text);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

static int
mode_starred(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	return list_log(c, "star", 0);
}

static int
mode_history(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	return list_log(c, "shown", o->nset ? o->count : 0);
}

/* ---- the book of answers ---- */

/*
 * Every author's answers as their logs say: a memory table for each
 * author, whose prompts carry a said (only prompt id when one is set).
 */
struct book {
	char		**authors;	/* sorted, NULL-terminated */
	struct memory	*mem;		/* one for each author */
	size_t		 n;
	ssize_t		 me;		/* the author's index, or -1 */
	int		 one;
	uint64_t	 id;
};

static int
is_answer_kind(const struct record *r)
{
	return kind_is(r, "answer") || kind_is(r, "edit") ||
	    kind_is(r, "unanswer");
}

/*
 * The said of r's author for r's prompt (made when add is set), its
 * author's index in *a; NULL for a record that is no answer, edit or
 * unanswer, or not of the book's prompt.
 */
static struct said *
said_of(struct book *b, const struct record *r, int add, ssize_t *a)
{
	struct seen *s;
	uint64_t id;
	size_t i;

	if (!is_answer_kind(r) || field_id(r, &id) == -1 ||
	    (b->one && id != b->id))
		return NULL;
	for (i = 0; i < b->n; i++)
		if (strlen(b->authors[i]) == r->flen[RF_AUTHOR] &&
		    memcmp(b->authors[i], r->f[RF_AUTHOR],
		    r->flen[RF_AUTHOR]) == 0)
			break;
	if (i == b->n || (s = mem_get(&b->mem[i], id, add)) == NULL)
		return NULL;
	if (s->said == NULL)
		s->said = xcalloc(1, sizeof(*s->said));
	*a = (ssize_t)i;
	return s->said;
}

/*
 * Whether r comes after the latest edit or unanswer of d: by time, then
 * by the bytes of the records (their author is the same).
 */
static int
after_reset(const struct said *d, const struct record *r)
{
	size_t n = r->len < d->reset_len ? r->len : d->reset_len;
	int c;

	if (d->reset == 0)
		return 1;
	if ((c = date_cmp(&r->when, &d->reset_when)) != 0)
		return c > 0;
	if ((c = memcmp(r->line, d->reset_line, n)) != 0)
		return c > 0;
	return r->len > d->reset_len;
}

/* Whether r is an answer that counts: its author's index in *a. */
static int
counts(struct book *b, const struct record *r, ssize_t *a)
{
	const struct said *d = said_of(b, r, 0, a);

	if (d == NULL)
		return 0;
	if (kind_is(r, "answer"))
		return after_reset(d, r);
	return kind_is(r, "edit") && d->reset == 'e' &&
	    r->len == d->reset_len && memcmp(r->line, d->reset_line,
	    r->len) == 0;
}

/* The first pass: each author's latest edit or unanswer of each prompt. */
static void
book_resets(struct ctx *c, struct book *b, const char *author, int warn)
{
	struct store_reader *rd;
	struct record r;
	struct said *d;
	ssize_t a;

	reader_open(c, &rd, author, warn);
	while (reader_next(rd, &r) == 1) {
		if ((d = said_of(b, &r, 1, &a)) == NULL ||
		    kind_is(&r, "answer") || !after_reset(d, &r))
			continue;
		d->reset = kind_is(&r, "edit") ? 'e' : 'u';
		d->reset_when = r.when;
		free(d->reset_line);
		d->reset_line = xstrndup(r.line, r.len);
		d->reset_len = r.len;
	}
	store_read_close(rd);
}

/* The answers that count: an edit's text, then the answers after it. */
static void
book_count(struct ctx *c, struct book *b, const char *author)
{
	struct store_reader *rd;
	struct record r;
	struct said *d;
	size_t i, j;
	ssize_t a;

	for (i = 0; i < b->n; i++)
		for (j = 0; j < b->mem[i].cap; j++)
			if ((d = b->mem[i].v[j].said) != NULL &&
			    d->reset == 'e') {
				d->live = 1;
				d->first = d->reset_when;
				d->first_stamp = xstrndup(d->reset_line,
				    strcspn(d->reset_line, "\t"));
			}
	reader_open(c, &rd, author, 0);
	while (reader_next(rd, &r) == 1)
		if (kind_is(&r, "answer") && counts(b, &r, &a) &&
		    (d = said_of(b, &r, 0, &a))->live++ == 0) {
			d->first = r.when;
			d->first_stamp = xstrndup(r.f[RF_TIME],
			    r.flen[RF_TIME]);
		}
	store_read_close(rd);
}

/*
 * Read the book: every author's answers (the author's alone with
 * only_me), of every prompt, or of prompt id when one is set.  Malformed
 * lines are warned of when warn is set.
 */
static void
book_read(struct ctx *c, struct book *b, int only_me, int one, uint64_t id,
    int warn)
{
	const char *author = only_me ? c->id.author : NULL;
	struct herr e;

	memset(b, 0, sizeof(*b));
	b->me = -1;
	b->one = one;
	b->id = id;
	if (!c->have_store)
		return;
	if (store_authors(&c->st, TOOL, &b->authors, &e) == -1)
		tool_die(&e);
	while (b->authors[b->n] != NULL)
		if (strcmp(b->authors[b->n++], c->id.author) == 0)
			b->me = (ssize_t)b->n - 1;
	b->mem = xcalloc(b->n ? b->n : 1, sizeof(*b->mem));
	book_resets(c, b, author, warn);
	book_count(c, b, author);
}

/* How many of author a's answers to id count. */
static size_t
book_live(struct book *b, ssize_t a, uint64_t id)
{
	const struct seen *s;

	if (a < 0 || (s = mem_get(&b->mem[a], id, 0)) == NULL ||
	    s->said == NULL)
		return 0;
	return s->said->live;
}

static void
book_free(struct book *b)
{
	struct said *d;
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		for (j = 0; j < b->mem[i].cap; j++)
			if ((d = b->mem[i].v[j].said) != NULL) {
				free(d->reset_line);
				free(d->first_stamp);
				free(d);
			}
		free(b->mem[i].v);
	}
	free(b->mem);
	store_authors_free(b->authors);
}

/* ---- answers ---- */

/* Whether the first word of ask answer is an id rather than text. */
static int
looks_like_id(const char *s)
{
	size_t len = strlen(s);

	/* An id has a digit, so "faded" or "cafe" is text. */
	return len >= DECK_ID_MIN && len <= DECK_ID_LEN &&
	    strspn(s, "0123456789abcdef") == len &&
	    strpbrk(s, "0123456789") != NULL;
}

/* What was wrong with the command line, then the usage: exit 64. */
static void NORETURN
usage_error(const char *why)
{
	tool_warnx("%s", why);
	usage();
}

/* The words of an answer joined by single spaces, checked. */
static void
answer_text(int argc, char **argv, struct buf *text)
{
	size_t bad;
	int i;

	for (i = 0; i < argc; i++) {
		if (i > 0)
			xcheck(buf_addc(text, ' '));
		xcheck(buf_adds(text, argv[i]));
	}
	xcheck(buf_nul(text));
	if (text_utf8_check(text->p, text->len, &bad) == -1)
		tool_errx(HX_DATAERR, "the answer is not valid UTF-8 (byte "
		    "%zu)", bad + 1);
	if (strspn(text->p, " \t\n") == text->len)
		tool_errx(HX_DATAERR, "empty answer");
}

/*
 * Say what was done to which question ("answered 1a2b3c4d5e: What..."):
 * on a terminal on stdout, else on stderr, so that a script's stdout
 * stays empty.
 */
static void
tell_done(const char *what, const struct cand *k)
{
	char hex[DECK_ID_LEN + 1];

	deck_id_hex(k->id, hex);
	if (isatty(STDOUT_FILENO))
		printf("%s %.*s: %s\n", what, DECK_ID_SHOW, hex,
		    tool_safe(k->text, k->len));
	else
		tool_warnx("%s %.*s: %.*s", what, DECK_ID_SHOW, hex,
		    (int)k->len, k->text);
}

/* How many of the author's own answers to id count (their log alone). */
static size_t
own_answers(struct ctx *c, uint64_t id, int warn)
{
	struct book b;
	size_t n;

	book_read(c, &b, 1, 1, id, warn);
	n = book_live(&b, b.me, id);
	book_free(&b);
	return n;
}

/*
 * ask answer ID TEXT... or ask answer TEXT...: the prompt last recorded
 * as shown, never one the author has not seen.  With --edit, ID TEXT...:
 * an edit record, which replaces every answer the author gave the
 * prompt, refused when there is none.
 */
static int
mode_answer(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct buf text = BUF_INIT, hold = BUF_INIT, deck = BUF_INIT;
	char hex[DECK_ID_LEN + 1];
	struct cand k;
	size_t which = 0;
	int a;

	if (argc < 1)
		usage_error(o->edit ? "answer --edit: no id given" :
		    "answer: no text given");
	if (o->edit && argc < 2)
		usage_error("answer --edit: no text given");
	/* A first word that names no prompt is the answer's first word. */
	a = o->edit ? resolve_id(c, argv[0], &k, &hold, &deck, 1) == 0 :
	    argc >= 2 && looks_like_id(argv[0]) &&
	    resolve_id(c, argv[0], &k, &hold, &deck, 0) == 0;
	if (!a)
		last_shown(c, &k);
	answer_text(argc - a, argv + a, &text);
	deck_id_hex(k.id, hex);
	if (o->edit && own_answers(c, k.id, 0) == 0)
		tool_errx(HX_NO, "you have not answered %.*s, so there is "
		    "nothing to change: ask answer %.*s TEXT", DECK_ID_SHOW,
		    hex, DECK_ID_SHOW, hex);
	record(c, o->edit ? "edit" : "answer", &k, &which, 1, text.p,
	    text.len);
	tell_done(o->edit ? "changed your answer to" : "answered", &k);
	buf_free(&text);
	buf_free(&hold);
	buf_free(&deck);
	return tool_finish(0);
}

/* ask unanswer ID: every answer of the author to the prompt taken back. */
static int
mode_unanswer(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct buf hold = BUF_INIT, deck = BUF_INIT;
	char hex[DECK_ID_LEN + 1];
	struct cand k;
	size_t which = 0;

	if (argc == 0)
		usage_error("unanswer: no id given");
	if (argc > 1) {
		tool_warnx("unanswer: unexpected operand '%s'", argv[1]);
		usage();
	}
	resolve_id(c, argv[0], &k, &hold, &deck, 1);
	deck_id_hex(k.id, hex);
	if (own_answers(c, k.id, 1) == 0)
		tool_errx(HX_NO, "you have no answer to %.*s to take back",
		    DECK_ID_SHOW, hex);
	record(c, "unanswer", &k, &which, 1, NULL, 0);
	tell_done("took back your answer to", &k);
	buf_free(&hold);
	buf_free(&deck);
	return tool_finish(0);
}

/* What stands for the words of a prompt that no deck or log has. */
#define NO_TEXT		"(a prompt in none of your decks)"

/* ,"key":"s" or ,"key":null for a NULL s. */
static void
json_kv_strn(struct buf *b, const char *key, const char *s, size_t len)
{
	xcheck(s != NULL ? json_kv_str(b, key, s, len) :
	    json_kv_strz(b, key, NULL));
}

/*
 * One answer of a listing, to prompt k: DATE TAB AUTHOR TAB ANSWER, or a
 * JSON object; an answer the reveal rule hides (text NULL) is told by
 * a placeholder, or null.
 */
static void
print_answer(const struct cand *k, const char *stamp, size_t slen,
    const char *author, size_t alen, const char *text, size_t tlen)
{
	struct buf out = BUF_INIT;
	char hex[DECK_ID_LEN + 1];

	if (!jflag) {
		printf("%s\t%s\t%s\n", tool_safe(stamp, slen < 10 ? slen : 10),
		    tool_safe(author, alen), text != NULL ?
		    tool_safe(text, tlen) : "(answer it yourself to see it)");
		return;
	}
	deck_id_hex(k->id, hex);
	xcheck(json_open(&out));
	xcheck(json_kv_str(&out, "id", hex, DECK_ID_LEN));
	json_kv_strn(&out, "prompt", k->text, k->len);
	xcheck(json_kv_str(&out, "time", stamp, slen));
	xcheck(json_kv_str(&out, "author", author, alen));
	json_kv_strn(&out, "answer", text, tlen);
	xcheck(json_close(&out));
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

/* The question line of a listing. */
static void
print_question(const struct cand *k)
{
	printf("%s\n", k->text != NULL ? tool_safe(k->text, k->len) :
	    NO_TEXT);
}

/* The other author who answered id first, or -1. */
static ssize_t
first_other(struct book *b, uint64_t id)
{
	const struct seen *s;
	ssize_t a, who = -1;

	for (a = 0; a < (ssize_t)b->n; a++) {
		if (a == b->me || book_live(b, a, id) == 0)
			continue;
		s = mem_get(&b->mem[a], id, 0);
		if (who == -1 || date_cmp(&s->said->first,
		    &mem_get(&b->mem[who], id, 0)->said->first) < 0)
			who = a;
	}
	return who;
}

/*
 * Print the answers to k that count and that the author may see: their
 * own, and the others' once they have answered too.  The number printed.
 */
static size_t
answers_print(struct ctx *c, struct book *b, const struct cand *k)
{
	struct store_reader *rd;
	struct record r;
	struct buf text = BUF_INIT;
	int mine = book_live(b, b->me, k->id) > 0;
	size_t n = 0;
	ssize_t a;

	reader_open(c, &rd, NULL, 0);
	while (reader_next(rd, &r) == 1) {
		if (!counts(b, &r, &a) || (a != b->me && !mine))
			continue;
		if (n++ == 0 && !jflag)
			print_prompt(k, 0);
		xcheck(record_text(&r, RF_DATA + 1, &text));
		print_answer(k, r.f[RF_TIME], r.flen[RF_TIME],
		    r.f[RF_AUTHOR], r.flen[RF_AUTHOR], text.p, text.len);
	}
	store_read_close(rd);
	buf_free(&text);
	return n;
}

/* ask answers [ID]: the answers to one prompt, by the reveal rule. */
static int
answers_one(struct ctx *c, const struct cand *k)
{
	struct book b;
	char hex[DECK_ID_LEN + 1];
	size_t n;
	ssize_t who;

	if (!c->have_store)
		return tool_finish(HX_NO);
	deck_id_hex(k->id, hex);
	book_read(c, &b, 0, 1, k->id, 1);
	n = answers_print(c, &b, k);
	who = first_other(&b, k->id);
	if (book_live(&b, b.me, k->id) == 0 && who != -1)
		tool_warnx("%s answered; answer it yourself to see it: ask "
		    "answer %.*s TEXT", b.authors[who], DECK_ID_SHOW, hex);
	else if (n == 0 && !jflag) {
		print_prompt(k, 0);
		tool_warnx("no answers yet: ask answer %.*s TEXT",
		    DECK_ID_SHOW, hex);
	}
	book_free(&b);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

/* A prompt somebody's answers count for: answers --all and inbox. */
struct question {
	uint64_t	 id;
	struct hmoment	 first;		/* the earliest answer that counts */
	ssize_t		 who;		/* the other author who answered first */
	int		 mine;		/* the author has answered */
	size_t		 rank;		/* its place in a listing */
	struct cand	 k;		/* k.text NULL while unknown */
	struct buf	 hold, deck;	/* the words, from a log */
};

static int
cmpqid(const void *a, const void *b)
{
	const struct question *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Listed by their first answer, oldest first (ties by id). */
static int
cmpqfirst(const void *a, const void *b)
{
	const struct question *x = *(struct question *const *)a;
	const struct question *y = *(struct question *const *)b;
	int c = date_cmp(&x->first, &y->first);

	return c != 0 ? c : cmpqid(x, y);
}

static struct question *
question_find(struct question *q, size_t n, uint64_t id)
{
	struct question key;

	key.id = id;
	return n > 0 ? bsearch(&key, q, n, sizeof(*q), cmpqid) : NULL;
}

/* Who answered q, when first, and its rank among the n of v. */
static void
question_facts(struct book *b, struct question *v, size_t n)
{
	struct question **by = xcalloc(n ? n : 1, sizeof(*by));
	const struct seen *s;
	size_t i, a;
	int have;

	for (i = 0; i < n; i++) {
		v[i].mine = book_live(b, b->me, v[i].id) > 0;
		v[i].who = first_other(b, v[i].id);
		v[i].k.id = v[i].id;
		v[i].k.group = -1;
		for (a = 0, have = 0; a < b->n; a++) {
			if (book_live(b, (ssize_t)a, v[i].id) == 0)
				continue;
			s = mem_get(&b->mem[a], v[i].id, 0);
			if (!have++ || date_cmp(&s->said->first,
			    &v[i].first) < 0)
				v[i].first = s->said->first;
		}
		by[i] = &v[i];
	}
	qsort(by, n, sizeof(*by), cmpqfirst);
	for (i = 0; i < n; i++)
		by[i]->rank = i;
	free(by);
}

/* The prompts any author's answers count for, sorted by id. */
static struct question *
questions(struct book *b, size_t *np)
{
	struct question *v = NULL;
	const struct seen *s;
	size_t a, j, n = 0, cap = 0, i, out = 0;

	for (a = 0; a < b->n; a++)
		for (j = 0; j < b->mem[a].cap; j++) {
			s = &b->mem[a].v[j];
			if (!s->used || s->said == NULL || s->said->live == 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			memset(&v[n], 0, sizeof(v[n]));
			v[n++].id = s->id;
		}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmpqid);
	for (i = 0; i < n; i++)
		if (out == 0 || v[out - 1].id != v[i].id)
			v[out++] = v[i];
	question_facts(b, v, out);
	*np = out;
	return v;
}

/*
 * The words of each question: from the decks in use, else from a shown
 * record in any author's log (a line of a file).
 */
static void
question_texts(struct ctx *c, struct question *q, size_t n)
{
	const struct prompt *p;
	struct store_reader *rd;
	struct question *x;
	struct record r;
	size_t i, missing = 0;
	uint64_t id;

	for (i = 0; i < c->ds.np; i++) {
		p = &c->ds.p[i];
		if (c->ds.d[p->deck].replaced ||
		    (x = question_find(q, n, p->id)) == NULL ||
		    x->k.text != NULL)
			continue;
		x->k.text = p->text;
		x->k.len = p->len;
		x->k.deck = c->ds.d[p->deck].name;
		x->k.depth = p->depth;
	}
	for (i = 0; i < n; i++)
		missing += q[i].k.text == NULL;
	if (missing == 0)
		return;
	reader_open(c, &rd, NULL, 0);
	while (reader_next(rd, &r) == 1) {
		if (!kind_is(&r, "shown") || field_id(&r, &id) == -1 ||
		    (x = question_find(q, n, id)) == NULL || x->k.text != NULL)
			continue;
		xcheck(record_text(&r, RF_DATA + 1, &x->deck));
		xcheck(record_text(&r, RF_DATA + 2, &x->hold));
		xcheck(buf_nul(&x->deck));
		xcheck(buf_nul(&x->hold));
		x->k.text = x->hold.p;
		x->k.len = x->hold.len;
		x->k.deck = x->deck.p;
	}
	store_read_close(rd);
}

static void
questions_free(struct question *q, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_free(&q[i].hold);
		buf_free(&q[i].deck);
	}
	free(q);
}

/* One answer of answers --all, held until they are in order. */
struct held {
	struct question	*q;
	size_t		 seq;		/* in time order */
	char		*stamp, *author, *text;	/* text NULL: hidden */
	size_t		 slen, alen, tlen;
};

static int
cmpheld(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	if (x->q->rank != y->q->rank)
		return x->q->rank < y->q->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Every answer that counts, its text where the reveal rule allows. */
static struct held *
answers_gather(struct ctx *c, struct book *b, struct question *q, size_t nq,
    size_t *np)
{
	struct store_reader *rd;
	struct buf text = BUF_INIT;
	struct held *h = NULL, *x;
	struct question *found;
	struct record r;
	size_t n = 0, cap = 0;
	uint64_t id;
	ssize_t a;

	reader_open(c, &rd, NULL, 0);
	while (reader_next(rd, &r) == 1) {
		if (!counts(b, &r, &a) || field_id(&r, &id) == -1 ||
		    (found = question_find(q, nq, id)) == NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			h = xreallocarray(h, cap, sizeof(*h));
		}
		x = &h[n];
		x->q = found;
		x->seq = n++;
		x->stamp = xstrndup(r.f[RF_TIME], x->slen = r.flen[RF_TIME]);
		x->author = xstrndup(r.f[RF_AUTHOR],
		    x->alen = r.flen[RF_AUTHOR]);
		x->text = NULL;
		x->tlen = 0;
		if (a == b->me || x->q->mine) {
			xcheck(record_text(&r, RF_DATA + 1, &text));
			x->text = xstrndup(text.p ? text.p : "", text.len);
			x->tlen = text.len;
		}
	}
	store_read_close(rd);
	buf_free(&text);
	*np = n;
	return h;
}

/*
 * ask answers --all: every prompt an answer counts for, oldest first,
 * each with the answers to it in time order; those the reveal rule
 * hides are told, not shown.
 */
static int
answers_all(struct ctx *c)
{
	struct book b;
	struct question *q;
	struct held *h;
	size_t nq, n, i;

	book_read(c, &b, 0, 0, 0, 1);
	q = questions(&b, &nq);
	question_texts(c, q, nq);
	h = answers_gather(c, &b, q, nq, &n);
	if (n > 0)
		qsort(h, n, sizeof(*h), cmpheld);
	for (i = 0; i < n; i++) {
		if (!jflag && (i == 0 || h[i].q != h[i - 1].q)) {
			if (i > 0)
				putchar('\n');
			print_question(&h[i].q->k);
		}
		print_answer(&h[i].q->k, h[i].stamp, h[i].slen, h[i].author,
		    h[i].alen, h[i].text, h[i].tlen);
		free(h[i].stamp);
		free(h[i].author);
		free(h[i].text);
	}
	free(h);
	questions_free(q, nq);
	book_free(&b);
	return tool_finish(nq > 0 ? 0 : HX_NO);
}

/* ask answers [--all | ID]. */
static int
mode_answers(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct buf hold = BUF_INIT, deck = BUF_INIT;
	struct cand k;
	int status;

	if (o->all && argc > 0) {
		tool_warnx("answers --all: unexpected operand '%s'", argv[0]);
		usage();
	}
	if (o->all)
		return answers_all(c);
	if (argc > 1) {
		tool_warnx("answers: unexpected operand '%s'", argv[1]);
		usage();
	}
	if (argc == 1)
		resolve_id(c, argv[0], &k, &hold, &deck, 1);
	else {
		/* Quietly: the book warns of the author's malformed lines. */
		load_memory(c, 0);
		last_shown(c, &k);
	}
	status = answers_one(c, &k);
	buf_free(&hold);
	buf_free(&deck);
	return status;
}

/* One line of ask inbox: DATE TAB ID TAB AUTHOR TAB QUESTION, or JSON. */
static void
print_inbox(struct book *b, const struct question *x)
{
	const struct said *d = mem_get(&b->mem[x->who], x->id, 0)->said;
	const char *who = b->authors[x->who];
	size_t slen = strlen(d->first_stamp);
	char hex[DECK_ID_LEN + 1];
	struct buf out = BUF_INIT;

	deck_id_hex(x->id, hex);
	if (!jflag) {
		printf("%s\t%.*s\t%s\t%s\n", tool_safe(d->first_stamp,
		    slen < 10 ? slen : 10), DECK_ID_SHOW, hex, tool_safez(who),
		    x->k.text != NULL ? tool_safe(x->k.text, x->k.len) :
		    NO_TEXT);
		return;
	}
	xcheck(json_open(&out));
	xcheck(json_kv_str(&out, "id", hex, DECK_ID_LEN));
	json_kv_strn(&out, "prompt", x->k.text, x->k.len);
	xcheck(json_kv_str(&out, "time", d->first_stamp, slen));
	xcheck(json_kv_strz(&out, "author", who));
	xcheck(json_close(&out));
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

/*
 * ask inbox: the prompts another author has answered and the author has
 * not, oldest first, without the answers (the reveal rule).
 */
static int
mode_inbox(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct book b;
	struct question *q, **by;
	size_t nq, i, n = 0;

	book_read(c, &b, 0, 0, 0, 1);
	q = questions(&b, &nq);
	question_texts(c, q, nq);
	by = xcalloc(nq ? nq : 1, sizeof(*by));
	for (i = 0; i < nq; i++)
		by[q[i].rank] = &q[i];
	for (i = 0; i < nq; i++)
		if (!by[i]->mine && by[i]->who != -1) {
			print_inbox(&b, by[i]);
			n++;
		}
	free(by);
	questions_free(q, nq);
	book_free(&b);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

/* ---- listings of the decks ---- */

static void
print_deck_json(const struct deck *d)
{
	struct buf b = BUF_INIT;

	xcheck(json_open(&b));
	xcheck(json_kv_strz(&b, "deck", d->name));
	xcheck(json_kv_strz(&b, "title", d->title));
	xcheck(json_kv_strz(&b, "kind", d->kind == DECK_IDEAS ? "ideas" :
	    "questions"));
	xcheck(json_kv_int(&b, "depth1", (int64_t)d->count[1]));
	xcheck(json_kv_int(&b, "depth2", (int64_t)d->count[2]));
	xcheck(json_kv_int(&b, "depth3", (int64_t)d->count[3]));
	xcheck(json_kv_int(&b, "total", (int64_t)(d->count[1] +
	    d->count[2] + d->count[3])));
	xcheck(json_kv_strz(&b, "source", d->source));
	xcheck(json_close(&b));
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
}

static int
mode_list(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	const struct deck *d;
	const char *kind;
	size_t i, shown = 0;
	int tty = isatty(STDOUT_FILENO);

	for (i = 0; i < c->ds.nd; i++) {
		d = &c->ds.d[i];
		if (d->replaced)
			continue;
		shown++;
		kind = d->kind == DECK_IDEAS ? "ideas" : "questions";
		if (jflag)
			print_deck_json(d);
		else if (tty)
			printf("%-14s %-9s %3zu %3zu %3zu  %s\n",
			    tool_safez(d->name), kind, d->count[1],
			    d->count[2], d->count[3], tool_safez(d->title));
		else
			printf("%s\t%s\t%zu\t%zu\t%zu\t%s\n",
			    tool_safez(d->name), kind, d->count[1],
			    d->count[2], d->count[3], tool_safez(d->title));
	}
	return tool_finish(shown > 0 ? 0 : HX_NO);
}

static int
mode_about(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	const struct deck *d;
	const char *p, *word;
	size_t col = 0, n;
	int i;

	if ((i = deck_find(&c->ds, o->about)) == -1)
		tool_errx(HX_USAGE, "no deck '%s' (ask --list shows the "
		    "decks)", o->about);
	d = &c->ds.d[i];
	printf("%s\n\n", tool_safez(d->title));
	/* The note, folded at 72 columns. */
	for (p = d->about ? d->about : ""; *p != '\0'; p += n) {
		p += strspn(p, " ");
		word = p;
		n = strcspn(p, " ");
		if (n == 0)
			break;
		if (col > 0 && col + 1 + n > 72) {
			putchar('\n');
			col = 0;
		} else if (col > 0) {
			putchar(' ');
			col++;
		}
		fputs(tool_safe(word, n), stdout);
		col += n;
	}
	if (col > 0)
		putchar('\n');
	return tool_finish(0);
}

static int
mode_match(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct cand *v;
	char msg[256];
	regex_t re;
	size_t n, i, hits = 0;
	int rc;

	setlocale(LC_CTYPE, "");
	if ((rc = regcomp(&re, o->pattern, REG_EXTENDED | REG_ICASE |
	    REG_NOSUB)) != 0) {
		regerror(rc, &re, msg, sizeof(msg));
		tool_errx(HX_USAGE, "bad pattern '%s': %s", o->pattern, msg);
	}
	v = candidates(c, &o->f, 1, &n);
	for (i = 0; i < n; i++)
		if (regexec(&re, v[i].text, 0, NULL, 0) == 0) {
			print_prompt(&v[i], 1);
			hits++;
		}
	regfree(&re);
	free(v);
	return tool_finish(hits > 0 ? 0 : HX_NO);
}

static int
mode_check(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct deckset ds = { 0 };
	struct herr e;
	const struct deck *d;
	size_t n;
	int i, status = 0;

	if (argc == 0)
		usage_error("--check: no file given");
	for (i = 0; i < argc; i++) {
		if (deck_load_file(&ds, argv[i], &e) == -1) {
			tool_warnx("%s", e.msg);
			status = e.code;
			continue;
		}
		d = &ds.d[ds.nd - 1];
		n = d->count[1] + d->count[2] + d->count[3];
		printf("%s: %s, %zu prompt%s (%zu, %zu, %zu by depth)\n",
		    tool_safez(argv[i]), tool_safez(d->title), n,
		    n == 1 ? "" : "s", d->count[1], d->count[2], d->count[3]);
	}
	deck_free(&ds);
	return tool_finish(status);
}

/* ---- picking from the decks ---- */

static int
mode_pick(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct cand *v;
	size_t n;

	v = candidates(c, &o->f, 0, &n);
	if (show_picks(c, v, n, &o->f, o->count, o->verbose) == 0)
		tool_errx(HX_NO, "no prompt fits (every one that does was "
		    "skipped)");
	free(v);
	return tool_finish(0);
}

static int
mode_file(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	const struct filter *f = &o->f;

	if (o->mode != 0 || f->nw > 0 || f->dmin != 1 || f->dmax != 3)
		tool_errx(HX_USAGE, "-f takes no -c, -d or other mode");
	if (strcmp(o->file, "-") == 0)
		return file_stdin(c, o->count);
	return file_regular(c, o->file, o->count);
}

/*
 * --today: recorded as shown once a day, and again when another prompt
 * was recorded since, so that the last prompt shown, which an answer
 * without an id goes to, is the one in front of the author.
 */
static int
mode_today(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct filter f;
	struct cand *v;
	const struct seen *s;
	char day[11], shown[11];
	size_t n, which;
	ssize_t i;

	today_filter(c, o, &f);
	v = candidates(c, &f, 0, &n);
	if ((i = today_index(c, v, n)) == -1)
		tool_errx(HX_NO, "no prompt fits");
	s = mem_get(&c->mem, v[i].id, 0);
	date_day(&c->now, day);
	if (s != NULL)
		date_day(&s->last, shown);
	if (!xflag && (s == NULL || s->shown == 0 || strcmp(day, shown) != 0 ||
	    c->mem.last_id != v[i].id)) {
		which = (size_t)i;
		record(c, "shown", v, &which, 1, NULL, 0);
	}
	print_prompt(&v[i], o->verbose);
	free(v);
	return tool_finish(0);
}

/* ---- the command line ---- */

#define M_SETUP		0x01	/* who, when, and the store if any */
#define M_ARGS		0x02	/* takes operands */
#define M_MEMORY	0x04	/* reads the author's log first */
#define M_DECKS		0x08	/* loads the decks */
#define M_CATALOG	(M_SETUP | M_DECKS)
#define M_ALL		(M_SETUP | M_MEMORY | M_DECKS)

/* The options of the commands, between the word and its operands. */
static const struct option answer_opts[] = {
	{ "edit", no_argument, NULL, OPT_EDIT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};
static const struct option answers_opts[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};
static const struct option inbox_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

/*
 * The modes, in the order they are looked for: the option that names
 * one, or, with none, the first operand; -f with any mode but --check;
 * the option, or none.  A command (word) has options of its own.
 */
static const struct mode {
	int		 opt;
	const char	*word;
	int		(*fn)(struct ctx *, const struct opts *, int, char **);
	int		 needs;		/* M_* */
	const struct option *wordopts;
} modes[] = {
	{ OPT_CHECK, NULL, mode_check, M_ARGS, NULL },
	{ 0, "answer", mode_answer, M_ALL | M_ARGS, answer_opts },
	{ 0, "answers", mode_answers, M_CATALOG | M_ARGS, answers_opts },
	{ 0, "inbox", mode_inbox, M_CATALOG, inbox_opts },
	{ 0, "unanswer", mode_unanswer, M_CATALOG | M_ARGS, tool_help_only },
	{ 'f', NULL, mode_file, M_SETUP | M_MEMORY, NULL },
	{ 0, NULL, mode_pick, M_ALL, NULL },
	{ 'm', NULL, mode_match, M_CATALOG, NULL },
	{ OPT_ABOUT, NULL, mode_about, M_CATALOG, NULL },
	{ OPT_LIST, NULL, mode_list, M_CATALOG, NULL },
	{ OPT_TODAY, NULL, mode_today, M_ALL, NULL },
	{ OPT_STAR, NULL, mode_mark, M_ALL, NULL },
	{ OPT_SKIP, NULL, mode_mark, M_ALL, NULL },
	{ OPT_STARRED, NULL, mode_starred, M_SETUP, NULL },
	{ OPT_HISTORY, NULL, mode_history, M_SETUP, NULL },
};

#define SHORTOPTS	"+c:d:f:hm:n:vVx"

/* The options that name no mode; the others set o->mode. */
static void
parse_option(struct opts *o, int ch)
{
	const char *errstr;

	switch (ch) {
	case 'c':
		parse_weight(&o->f, optarg, NULL);
		o->cset = 1;
		break;
	case 'd':
		parse_depth(&o->f, optarg, NULL);
		o->dset = 1;
		break;
	case 'f':
		o->file = optarg;
		break;
	case 'n':
		o->count = (size_t)strtonum(optarg, 1, 10000, &errstr);
		if (errstr != NULL)
			tool_errx(HX_USAGE, "bad count '%s'", optarg);
		o->nset = 1;
		break;
	case 'v':
		o->verbose = 1;
		break;
	case 'V':
		printf("ask %s\n", HEARTH_VERSION);
		exit(tool_finish(0));
	case 'x':
		xflag = 1;
		break;
	case OPT_JSON:
		jflag = 1;
		break;
	default:
		o->mode = ch;
	}
}

/*
 * The options before the first operand ("+": a word ends them, so that
 * the words of an answer are never options).
 */
static void
parse_options(struct opts *o, int *argcp, char ***argvp)
{
	int ch;

	while ((ch = tool_getopt(*argcp, *argvp, SHORTOPTS, longopts,
	    usage_text)) != -1) {
		parse_option(o, ch);
		if (ch == 'm')
			o->pattern = optarg;
		else if (ch == OPT_ABOUT)
			o->about = optarg;
		else if (ch == OPT_SKIP || ch == OPT_STAR)
			o->markid = optarg;
	}
	*argcp -= optind;
	*argvp += optind;
	/* --star ID as well as --star=ID. */
	if ((o->mode == OPT_STAR || o->mode == OPT_SKIP) && o->markid == NULL &&
	    *argcp == 1) {
		o->markid = (*argvp)[0];
		(*argcp)--;
		(*argvp)++;
	}
}

/*
 * The options of a command, between its word and its operands: -h and
 * --help, and those of the command's table.  "+": the first word that is
 * not an option begins the text, and -h after it is a word.
 */
static void
word_options(const struct mode *m, struct opts *o, int *argcp,
    char ***argvp)
{
	int ch;

	optind = 0;	/* again, from (*argvp)[1]: [0] is the word */
	while ((ch = tool_getopt(*argcp, *argvp, "+h", m->wordopts,
	    usage_text)) != -1) {
		if (ch == OPT_JSON)
			jflag = 1;
		else if (ch == OPT_ALL)
			o->all = 1;
		else if (ch == OPT_EDIT)
			o->edit = 1;
	}
	*argcp -= optind;
	*argvp += optind;
}

static const struct mode *
find_mode(const struct opts *o, int argc, char **argv)
{
	size_t i;
	int opt = o->file != NULL && o->mode != OPT_CHECK ? 'f' : o->mode;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].word != NULL ? o->mode == 0 && argc > 0 &&
		    strcmp(argv[0], modes[i].word) == 0 : modes[i].opt == opt)
			return &modes[i];
	usage();
}

/*
 * An operand where the mode takes none: a word that is no command (and
 * the command it may be a typo of), or one too many.
 */
static void NORETURN
operand_error(const struct mode *m, const char *word)
{
	if (m->fn == mode_pick)
		tool_unknown_command(word, commands, usage_text);
	if (m->word != NULL)
		tool_warnx("%s: unexpected operand '%s'", m->word, word);
	else
		tool_warnx("unexpected operand '%s'", word);
	usage();
}

int
main(int argc, char *argv[])
{
	static struct ctx ctx;
	struct ctx *c = &ctx;
	struct opts o = { .f = { .dmin = 1, .dmax = 3 }, .count = 1 };
	const struct mode *m;
	struct herr e;

	cli_setup();
	parse_options(&o, &argc, &argv);
	m = find_mode(&o, argc, argv);
	if (m->word != NULL)
		word_options(m, &o, &argc, &argv);
	if (!(m->needs & M_ARGS) && argc > 0)
		operand_error(m, argv[0]);
	if (m->needs & M_SETUP) {
		if (cli_identity(&c->id, &e) == -1 ||
		    date_now(&c->now, &e) == -1)
			tool_die(&e);
		c->have_store = tool_store(&c->st, 0);
	}
	if (m->needs & M_MEMORY)
		load_memory(c, 1);
	if (m->needs & M_DECKS)
		load_decks(c);
	return m->fn(c, &o, argc, argv);
}
