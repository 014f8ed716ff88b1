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
 *
 * ID is the prompt's id (deck_id: a hash of its words), so memory follows
 * the words wherever they come from.  A pick prefers prompts never shown;
 * once every prompt that fits has been shown, the least recently shown
 * come first (the rule is pick_one's, in common/pick.c).  The log is read
 * into a table of the prompts it names, so memory grows with the prompts
 * seen, never with the log.
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
 * tool_warnx family); getopt's own messages, which would echo an
 * argument raw, are replaced by ask's.
 *
 * The question of the day is the same on both partners' machines without
 * a network: a permutation of the fitting prompts, sorted by id, stepped
 * by the local date, and keyed by the couple's shared seed.
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

/* One prompt the log names, with what the author did with it. */
struct seen {
	uint64_t	 id;
	struct hmoment	 last;		/* last shown */
	uint32_t	 shown;
	uint8_t		 starred, skipped, used;
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
};

static const char usage_text[] =
    "usage: ask [-vx] [-c [N%]DECK]... [-d DEPTH] [-n COUNT] [--json]\n"
    "       ask -f FILE [-x] [-n COUNT] [--json]\n"
    "       ask --today [-vx] [-c DECK]... [-d DEPTH] [--json]\n"
    "       ask -m PATTERN [-c DECK]... [-d DEPTH] [--json]\n"
    "       ask --list [--json] | --about DECK | --check FILE...\n"
    "       ask --star [ID] | --skip [ID]\n"
    "       ask --starred [--json] | --history [-n COUNT] [--json]\n"
    "       ask answer [ID] TEXT...\n"
    "       ask answers [--json] [ID]\n";

static void NORETURN
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

enum { OPT_ABOUT = 256, OPT_CHECK, OPT_HISTORY, OPT_JSON, OPT_LIST, OPT_SKIP,
    OPT_STAR, OPT_STARRED, OPT_TODAY };

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

static void
load_memory(struct ctx *c)
{
	struct memory *m = &c->mem;
	struct store_reader *rd;
	struct record r;
	struct seen *s;
	uint64_t id;

	if (!c->have_store)
		return;
	reader_open(c, &rd, c->id.author, 1);
	while (reader_next(rd, &r) == 1) {
		if (field_id(&r, &id) == -1 || kind_is(&r, "answer"))
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

static void
parse_weight(struct filter *f, const char *arg)
{
	const char *pct, *errstr;
	char num[8];
	int *percent;

	if (f->nw == WEIGHTS_MAX)
		tool_errx(HX_USAGE, "too many -c options");
	percent = &f->percent[f->nw];
	*percent = PICK_REST;
	if ((pct = strchr(arg, '%')) != NULL) {
		if ((size_t)(pct - arg) >= sizeof(num))
			tool_errx(HX_USAGE, "bad weight in '%s'", arg);
		memcpy(num, arg, (size_t)(pct - arg));
		num[pct - arg] = '\0';
		*percent = (int)strtonum(num, 0, 100, &errstr);
		if (errstr != NULL)
			tool_errx(HX_USAGE, "bad weight in '%s' (use 0%% to "
			    "100%%)", arg);
		arg = pct + 1;
	}
	if (!deck_name_valid(arg))
		tool_errx(HX_USAGE, "bad deck name '%s'", arg);
	strlcpy(f->name[f->nw++], arg, sizeof(f->name[0]));
}

static void
parse_depth(struct filter *f, const char *arg)
{
	if (arg[0] >= '1' && arg[0] <= '3' && arg[1] == '\0')
		f->dmin = f->dmax = arg[0] - '0';
	else if (arg[0] >= '1' && arg[0] <= '3' && arg[1] == '-' &&
	    arg[2] >= arg[0] && arg[2] <= '3' && arg[3] == '\0') {
		f->dmin = arg[0] - '0';
		f->dmax = arg[2] - '0';
	} else
		tool_errx(HX_USAGE, "bad depth '%s' (use 1, 2, 3 or a range "
		    "such as 2-3)", arg);
}

/* The weights must name decks that exist and add up to at most 100. */
static void
check_weights(struct ctx *c, const struct filter *f)
{
	size_t w;
	int sum = 0;

	for (w = 0; w < f->nw; w++) {
		if (deck_find(&c->ds, f->name[w]) == -1)
			tool_errx(HX_USAGE, "no deck '%s' (ask --list shows "
			    "the decks)", f->name[w]);
		if (f->percent[w] > 0)
			sum += f->percent[w];
	}
	if (sum > 100)
		tool_errx(HX_USAGE, "the weights add up to %d%%, more than "
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

	check_weights(c, f);
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
		if (j->answer != NULL)
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

/*
 * The couple's shared seed: the store's setting, which syncs (hearth
 * set seed), else an older config's "seed".
 */
static const char *
shared_seed(struct ctx *c)
{
	static struct settings set;
	struct store st;
	struct herr e;
	const char *seed;

	if (tool_store(&st, 0)) {
		if (settings_load(&st, &set, tool_warn_line, NULL, &e) == -1)
			tool_die(&e);
		store_close(&st);
		if ((seed = settings_get(&set, "seed")) != NULL)
			return seed;
	}
	return config_get(&c->id.cfg, "seed");
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

static void
today_prompt(struct ctx *c, struct cand *k)
{
	struct filter f = { .dmin = 1, .dmax = 3 };
	struct cand *v;
	size_t n;
	ssize_t i;

	v = candidates(c, &f, 0, &n);
	if ((i = today_index(c, v, n)) == -1)
		tool_errx(HX_NO, "no prompts");
	*k = v[i];
	free(v);
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

/* ask answer ID TEXT... or ask answer TEXT... (today's prompt). */
static int
mode_answer(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct buf text = BUF_INIT, hold = BUF_INIT, deck = BUF_INIT;
	char hex[DECK_ID_LEN + 1];
	struct cand k;
	size_t which = 0, bad, i;
	int a;

	if (argc < 1)
		usage();
	/* A first word that names no prompt is the answer's first word. */
	a = argc >= 2 && looks_like_id(argv[0]) &&
	    resolve_id(c, argv[0], &k, &hold, &deck, 0) == 0;
	if (!a)
		today_prompt(c, &k);
	for (i = (size_t)a; i < (size_t)argc; i++) {
		if (i > (size_t)a)
			xcheck(buf_addc(&text, ' '));
		xcheck(buf_adds(&text, argv[i]));
	}
	if (text_utf8_check(text.p, text.len, &bad) == -1)
		tool_errx(HX_DATAERR, "the answer is not valid UTF-8 (byte "
		    "%zu)", bad + 1);
	if (strspn(text.p, " \t\n") == text.len)
		tool_errx(HX_DATAERR, "empty answer");
	record(c, "answer", &k, &which, 1, text.p, text.len);
	/* Say which question it went to: past midnight, a new one. */
	deck_id_hex(k.id, hex);
	tool_warnx("answered %.*s: %.*s", DECK_ID_SHOW, hex, (int)k.len,
	    k.text);
	buf_free(&text);
	buf_free(&hold);
	buf_free(&deck);
	return tool_finish(0);
}

/* What ask answers found for one prompt. */
struct answers {
	struct cand	 k;
	char		 hex[DECK_ID_LEN + 1];
	size_t		 mine, others, n;
	char		*who;		/* the first other to answer */
	struct buf	 text;
};

/* Whether r answers the prompt, and whether it is the author's. */
static int
answers_it(struct ctx *c, const struct answers *a, const struct record *r,
    int *is_me)
{
	uint64_t id;

	if (!kind_is(r, "answer") || field_id(r, &id) == -1 || id != a->k.id)
		return 0;
	*is_me = r->flen[RF_AUTHOR] == strlen(c->id.author) &&
	    memcmp(r->f[RF_AUTHOR], c->id.author, r->flen[RF_AUTHOR]) == 0;
	return 1;
}

static void
print_answer(struct answers *a, const struct record *r)
{
	struct buf out = BUF_INIT;

	if (!jflag) {
		if (a->n == 1)
			print_prompt(&a->k, 0);
		printf("%s\t%s\t%s\n", tool_safe(r->f[RF_TIME],
		    r->flen[RF_TIME] < 10 ? r->flen[RF_TIME] : 10),
		    tool_safe(r->f[RF_AUTHOR], r->flen[RF_AUTHOR]),
		    tool_safe(a->text.p, a->text.len));
		return;
	}
	xcheck(json_open(&out));
	xcheck(json_kv_str(&out, "id", a->hex, DECK_ID_LEN));
	xcheck(json_kv_str(&out, "prompt", a->k.text, a->k.len));
	xcheck(json_kv_str(&out, "time", r->f[RF_TIME], r->flen[RF_TIME]));
	xcheck(json_kv_str(&out, "author", r->f[RF_AUTHOR],
	    r->flen[RF_AUTHOR]));
	xcheck(json_kv_str(&out, "answer", a->text.p, a->text.len));
	xcheck(json_close(&out));
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

/*
 * Who has answered (pass 0, quietly), then every answer, once the author
 * has answered too (pass 1, warning of malformed lines).
 */
static void
answers_read(struct ctx *c, struct answers *a, int pass)
{
	struct store_reader *rd;
	struct record r;
	int is_me;

	reader_open(c, &rd, NULL, pass);
	while (reader_next(rd, &r) == 1) {
		if (!answers_it(c, a, &r, &is_me))
			continue;
		if (pass == 0) {
			if (is_me)
				a->mine++;
			else if (a->others++ == 0)
				a->who = xstrndup(r.f[RF_AUTHOR],
				    r.flen[RF_AUTHOR]);
		} else if (is_me || a->mine > 0) {
			xcheck(record_text(&r, RF_DATA + 1, &a->text));
			a->n++;
			print_answer(a, &r);
		}
	}
	store_read_close(rd);
}

/* ask answers [--json] [ID]: a partner's answers once you have answered. */
static int
mode_answers(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct buf hold = BUF_INIT, deck = BUF_INIT;
	struct answers a = { .text = BUF_INIT };

	if (argc > 1)
		usage();
	if (argc == 1)
		resolve_id(c, argv[0], &a.k, &hold, &deck, 1);
	else
		today_prompt(c, &a.k);
	deck_id_hex(a.k.id, a.hex);
	if (!c->have_store)
		return tool_finish(HX_NO);
	answers_read(c, &a, 0);
	answers_read(c, &a, 1);
	if (a.mine == 0 && a.others > 0)
		tool_warnx("%s answered; answer it yourself to see it: ask "
		    "answer %.*s TEXT", a.who, DECK_ID_SHOW, a.hex);
	else if (a.mine == 0 && a.others == 0 && !jflag) {
		print_prompt(&a.k, 0);
		tool_warnx("no answers yet: ask answer %.*s TEXT",
		    DECK_ID_SHOW, a.hex);
	}
	free(a.who);
	buf_free(&a.text);
	buf_free(&hold);
	buf_free(&deck);
	return tool_finish(a.n > 0 ? 0 : HX_NO);
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
		usage();
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

static int
mode_today(struct ctx *c, const struct opts *o, int argc, char **argv)
{
	struct cand *v;
	const struct seen *s;
	char day[11], shown[11];
	size_t n, which;
	ssize_t i;

	v = candidates(c, &o->f, 0, &n);
	if ((i = today_index(c, v, n)) == -1)
		tool_errx(HX_NO, "no prompt fits");
	/* Recorded once a day, however often it is asked. */
	s = mem_get(&c->mem, v[i].id, 0);
	date_day(&c->now, day);
	if (s != NULL)
		date_day(&s->last, shown);
	if (!xflag && (s == NULL || s->shown == 0 || strcmp(day, shown) != 0)) {
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

/*
 * The modes, in the order they are looked for: the option that names
 * one, or, with none, the first operand; -f with any mode but --check;
 * the option, or none.
 */
static const struct mode {
	int		 opt;
	const char	*word;
	int		(*fn)(struct ctx *, const struct opts *, int, char **);
	int		 needs;		/* M_* */
} modes[] = {
	{ OPT_CHECK, NULL, mode_check, M_ARGS },
	{ 0, "answer", mode_answer, M_CATALOG | M_ARGS },
	{ 0, "answers", mode_answers, M_CATALOG | M_ARGS },
	{ 'f', NULL, mode_file, M_SETUP | M_MEMORY },
	{ 0, NULL, mode_pick, M_ALL },
	{ 'm', NULL, mode_match, M_CATALOG },
	{ OPT_ABOUT, NULL, mode_about, M_CATALOG },
	{ OPT_LIST, NULL, mode_list, M_CATALOG },
	{ OPT_TODAY, NULL, mode_today, M_ALL },
	{ OPT_STAR, NULL, mode_mark, M_ALL },
	{ OPT_SKIP, NULL, mode_mark, M_ALL },
	{ OPT_STARRED, NULL, mode_starred, M_SETUP },
	{ OPT_HISTORY, NULL, mode_history, M_SETUP },
};

#define SHORTOPTS	"c:d:f:hm:n:vVx"

/*
 * getopt's complaint, in ask's words: opterr is 0, since getopt would
 * print what was typed as it is, and an argument may hold anything.
 */
static void NORETURN
bad_option(int ch, const char *shorts, const struct option *lo, char **argv)
{
	const struct option *o;

	for (o = lo; o->name != NULL && o->val != optopt; o++)
		continue;
	if (ch == ':' && optopt < 256)
		tool_warnx("option -%c needs an argument", optopt);
	else if (ch == ':' && o->name != NULL)
		tool_warnx("option --%s needs an argument", o->name);
	else if (optopt == 0)
		tool_warnx("unknown option '%s'", argv[optind - 1]);
	else if (o->name != NULL && (optopt >= 256 ||
	    strchr(shorts, optopt) != NULL))
		tool_warnx("option --%s takes no argument", o->name);
	else
		tool_warnx("unknown option -%c", optopt);
	usage();
}

static void
parse_options(struct opts *o, int *argcp, char ***argvp)
{
	const char *errstr;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(*argcp, *argvp, "+:" SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			parse_weight(&o->f, optarg);
			break;
		case 'd':
			parse_depth(&o->f, optarg);
			break;
		case 'f':
			o->file = optarg;
			break;
		case 'h':
			tool_usage(usage_text, 0);
		case 'm':
			o->pattern = optarg;
			o->mode = ch;
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
		case OPT_ABOUT:
			o->about = optarg;
			o->mode = ch;
			break;
		case OPT_JSON:
			jflag = 1;
			break;
		case OPT_SKIP:
		case OPT_STAR:
			o->markid = optarg;
			o->mode = ch;
			break;
		case OPT_CHECK:
		case OPT_HISTORY:
		case OPT_LIST:
		case OPT_STARRED:
		case OPT_TODAY:
			o->mode = ch;
			break;
		default:
			bad_option(ch, SHORTOPTS, longopts, *argvp);
		}
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
 * The options of answer and answers, between the word and the text:
 * -h and --help, and --json for answers.  "+": the first word that is
 * not an option begins the text, and -h after it is a word.
 */
static void
word_options(const struct mode *m, int *argcp, char ***argvp)
{
	static const struct option wordopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	optind = 0;	/* again, from (*argvp)[1]: [0] is the word */
	while ((ch = getopt_long(*argcp, *argvp, "+:h", wordopts, NULL)) !=
	    -1) {
		if (ch == 'h')
			tool_usage(usage_text, 0);
		else if (ch == OPT_JSON && m->fn == mode_answers)
			jflag = 1;
		else
			bad_option(ch, "h", wordopts, *argvp);
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
		word_options(m, &argc, &argv);
	if (m->needs & M_SETUP) {
		if (cli_identity(&c->id, &e) == -1 ||
		    date_now(&c->now, &e) == -1)
			tool_die(&e);
		c->have_store = tool_store(&c->st, 0);
	}
	if (!(m->needs & M_ARGS) && argc > 0)
		usage();
	if (m->needs & M_MEMORY)
		load_memory(c);
	if (m->needs & M_DECKS)
		load_decks(c);
	return m->fn(c, &o, argc, argv);
}
