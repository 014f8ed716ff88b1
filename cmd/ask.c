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
 * come first.  The log is read into a table of the prompts it names, so
 * memory grows with the prompts seen, never with the log.
 *
 * A pick from a file does not read the file: it takes the line under a
 * random byte offset and keeps it with chance 1/length, which makes every
 * line equally likely whatever its length, and costs a few preads.
 *
 * The question of the day is the same on both partners' machines without
 * a network: a permutation of the fitting prompts, sorted by id, stepped
 * by the local date, and keyed by the couple's shared seed.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <err.h>
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
#include "paths.h"
#include "record.h"
#include "store.h"
#include "text.h"

#define TOOL		"ask"
#define WEIGHTS_MAX	32
#define PICK_TRIES	20000	/* random offsets before a pick scans the file */
#define PICK_SEEN	64	/* lines already shown before it scans */
#define LINE_BLOCK	4096	/* longer lines of a -f file are no prompts */
#define LINE_PEEK	256	/* what a first look reads either side */

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
	struct buf	 last_line;	/* the newest "shown" record */
};

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	struct deckset	 ds;
	struct memory	 mem;
	int		 bad_data;
};

/* A candidate prompt: from a deck, or a line of a -f file. */
struct cand {
	const char	*text;
	size_t		 len;
	uint64_t	 id;
	const char	*deck;
	int		 depth;		/* 0 for a line of a file */
	int		 group;		/* index in the weights, or -1 */
	int		 picked;
};

struct weight {
	char	name[DECK_NAME_MAX + 1];
	int	percent;		/* -1: none given */
};

struct filter {
	struct weight	 w[WEIGHTS_MAX];
	size_t		 nw;
	int		 dmin, dmax;
};

static void __attribute__((noreturn))
usage_to(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: ask [-vx] [-c [N%%]DECK]... [-d DEPTH] [-n COUNT] "
	    "[--json]\n"
	    "       ask -f FILE [-x] [-n COUNT] [--json]\n"
	    "       ask --today [-vx] [-c DECK]... [-d DEPTH] [--json]\n"
	    "       ask -m PATTERN [-c DECK]... [-d DEPTH] [--json]\n"
	    "       ask --list [--json] | --about DECK | --check FILE...\n"
	    "       ask --star [ID] | --skip [ID]\n"
	    "       ask --starred [--json] | --history [-n COUNT] [--json]\n"
	    "       ask answer [ID] TEXT...\n"
	    "       ask answers [--json] [ID]\n");
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

static void __attribute__((noreturn))
die(const struct herr *e)
{
	errx(e->code, "%s", e->msg);
}

static int
finish(struct ctx *c, int status)
{
	struct herr e;

	if (cli_finish(&e) == -1)
		die(&e);
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
		if ((v = calloc(cap, sizeof(*v))) == NULL)
			err(HX_IOERR, "memory");
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

/* The id field of an ask record, or 0 with *ok unset. */
static uint64_t
field_id(const struct record *r, int *ok)
{
	char hex[DECK_ID_LEN + 1], *end;
	uint64_t id;

	*ok = 0;
	if (r->flen[RF_DATA] != DECK_ID_LEN)
		return 0;
	memcpy(hex, r->f[RF_DATA], DECK_ID_LEN);
	hex[DECK_ID_LEN] = '\0';
	id = strtoull(hex, &end, 16);
	*ok = *end == '\0';
	return id;
}

static int
kind_is(const struct record *r, const char *kind)
{
	return r->flen[RF_KIND] == strlen(kind) &&
	    memcmp(r->f[RF_KIND], kind, r->flen[RF_KIND]) == 0;
}

static void
reader_open(struct ctx *c, struct store_reader **rd, const char *author)
{
	struct store_query q = { 0 };
	struct herr e;

	q.tool = TOOL;
	q.author = author;
	q.warn = warn_line;
	q.warn_arg = c;
	if (store_read_open(rd, &c->st, &q, &e) == -1)
		die(&e);
}

static int
reader_next(struct store_reader *rd, struct record *r)
{
	struct herr e;
	int n;

	if ((n = store_read_next(rd, r, &e)) == -1)
		die(&e);
	return n;
}

static void
load_memory(struct ctx *c)
{
	struct store_reader *rd;
	struct record r;
	struct seen *s;
	uint64_t id;
	int ok;

	if (!c->have_store)
		return;
	reader_open(c, &rd, c->id.author);
	while (reader_next(rd, &r) == 1) {
		id = field_id(&r, &ok);
		if (!ok || kind_is(&r, "answer"))
			continue;
		s = mem_get(&c->mem, id, 1);
		if (kind_is(&r, "shown")) {
			s->shown++;
			s->last = r.when;
			buf_reset(&c->mem.last_line);
			if (buf_add(&c->mem.last_line, r.line, r.len) == -1)
				err(HX_IOERR, "memory");
		} else if (kind_is(&r, "star"))
			s->starred = 1;
		else if (kind_is(&r, "skip"))
			s->skipped = 1;
	}
	store_read_close(rd);
}

/* ---- decks and candidates ---- */

static void
load_decks(struct ctx *c)
{
	char dir[PATH_MAX];
	struct herr e;

	if (deck_load_builtin(&c->ds, &e) == -1 ||
	    deck_load_dir(&c->ds, HEARTH_DATADIR "/decks", &e) == -1)
		die(&e);
	if (c->have_store) {
		snprintf(dir, sizeof(dir), "%s/decks", c->st.path);
		if (deck_load_dir(&c->ds, dir, &e) == -1)
			die(&e);
	}
}

static void
parse_weight(struct filter *f, const char *arg)
{
	struct weight *w;
	const char *pct, *errstr;
	char num[8];

	if (f->nw == WEIGHTS_MAX)
		errx(HX_USAGE, "too many -c options");
	w = &f->w[f->nw++];
	w->percent = -1;
	if ((pct = strchr(arg, '%')) != NULL) {
		if ((size_t)(pct - arg) >= sizeof(num))
			errx(HX_USAGE, "bad weight in '%s'", arg);
		memcpy(num, arg, (size_t)(pct - arg));
		num[pct - arg] = '\0';
		w->percent = (int)strtonum(num, 0, 100, &errstr);
		if (errstr != NULL)
			errx(HX_USAGE, "bad weight in '%s' (use 0%% to 100%%)",
			    arg);
		arg = pct + 1;
	}
	if (!deck_name_valid(arg))
		errx(HX_USAGE, "bad deck name '%s'", arg);
	strlcpy(w->name, arg, sizeof(w->name));
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
		errx(HX_USAGE, "bad depth '%s' (use 1, 2, 3 or a range such "
		    "as 2-3)", arg);
}

/*
 * The prompts that pass the filter: the named decks, else every deck of
 * questions (every deck when all is set).  The weights must name decks
 * that exist and add up to at most 100.
 */
static struct cand *
candidates(struct ctx *c, const struct filter *f, int all, size_t *np)
{
	struct cand *v;
	const struct prompt *p;
	const struct deck *d;
	size_t i, n = 0, w;
	int sum = 0, di;

	for (w = 0; w < f->nw; w++) {
		if (deck_find(&c->ds, f->w[w].name) == -1)
			errx(HX_USAGE, "no deck '%s' (ask --list shows the "
			    "decks)", f->w[w].name);
		if (f->w[w].percent > 0)
			sum += f->w[w].percent;
	}
	if (sum > 100)
		errx(HX_USAGE, "the weights add up to %d%%, more than 100%%",
		    sum);
	if ((v = reallocarray(NULL, c->ds.np ? c->ds.np : 1, sizeof(*v))) ==
	    NULL)
		err(HX_IOERR, "memory");
	for (i = 0; i < c->ds.np; i++) {
		p = &c->ds.p[i];
		d = &c->ds.d[p->deck];
		if (d->replaced || p->depth < f->dmin || p->depth > f->dmax)
			continue;
		di = -1;
		for (w = 0; w < f->nw; w++)
			if (strcmp(f->w[w].name, d->name) == 0)
				di = (int)w;
		if (f->nw > 0 ? di == -1 : (!all && d->kind != DECK_QUESTIONS))
			continue;
		v[n].text = p->text;
		v[n].len = p->len;
		v[n].id = p->id;
		v[n].deck = d->name;
		v[n].depth = p->depth;
		v[n].group = di;
		v[n].picked = 0;
		n++;
	}
	*np = n;
	return v;
}

/* Whether a candidate may be picked now, and whether it is unseen. */
static int
pickable(struct ctx *c, const struct cand *k, const struct seen **s)
{
	*s = mem_get(&c->mem, k->id, 0);
	return !k->picked && (*s == NULL || !(*s)->skipped);
}

static int
moment_before(const struct hmoment *a, const struct hmoment *b)
{
	return a->sec < b->sec || (a->sec == b->sec && a->usec < b->usec);
}

/*
 * Pick among the candidates of group g (or all, when g is -2): a prompt
 * never shown, uniformly; when there is none, the least recently shown
 * (ties at random).  -1 when nothing can be picked.
 */
static ssize_t
pick_in(struct ctx *c, struct cand *v, size_t n, int g)
{
	const struct seen *s, *best = NULL;
	size_t i, unseen = 0, ties = 0, k;

	/* Count, then draw once: a random number costs a system call. */
	for (i = 0; i < n; i++)
		if ((g == -2 || v[i].group == g) && pickable(c, &v[i], &s) &&
		    (s == NULL || s->shown == 0))
			unseen++;
	if (unseen > 0) {
		k = hrand_uniform((uint32_t)unseen);
		for (i = 0; i < n; i++)
			if ((g == -2 || v[i].group == g) &&
			    pickable(c, &v[i], &s) &&
			    (s == NULL || s->shown == 0) && k-- == 0)
				return (ssize_t)i;
	}
	/* All shown: the least recently shown, ties drawn at random. */
	for (i = 0; i < n; i++) {
		if ((g != -2 && v[i].group != g) || !pickable(c, &v[i], &s))
			continue;
		if (best == NULL || moment_before(&s->last, &best->last)) {
			best = s;
			ties = 1;
		} else if (s->last.sec == best->last.sec &&
		    s->last.usec == best->last.usec)
			ties++;
	}
	if (best == NULL)
		return -1;
	k = hrand_uniform((uint32_t)ties);
	for (i = 0; i < n; i++)
		if ((g == -2 || v[i].group == g) && pickable(c, &v[i], &s) &&
		    s->last.sec == best->last.sec &&
		    s->last.usec == best->last.usec && k-- == 0)
			return (ssize_t)i;
	return -1;
}

/*
 * One pick.  With weights, a group is drawn first (N% of the time for a
 * deck given N%, the rest shared by the others in proportion to their
 * prompts, as fortune(6) does), then a prompt within it.
 */
static ssize_t
pick(struct ctx *c, const struct filter *f, struct cand *v, size_t n)
{
	size_t left[WEIGHTS_MAX] = { 0 }, i, total = 0, unweighted = 0;
	const struct seen *s;
	double share[WEIGHTS_MAX], sum = 0, r;
	int weighted = 0, g;

	for (i = 0; i < f->nw; i++)
		weighted |= f->w[i].percent >= 0;
	if (!weighted)
		return pick_in(c, v, n, -2);
	/*
	 * A deck with nothing new gives its share to the others while any
	 * fitting prompt is unseen; after that, every deck has its share.
	 */
	for (i = 0; i < n; i++)
		if (pickable(c, &v[i], &s) && (s == NULL || s->shown == 0)) {
			left[v[i].group]++;
			total++;
		}
	if (total == 0)
		for (i = 0; i < n; i++)
			if (pickable(c, &v[i], &s)) {
				left[v[i].group]++;
				total++;
			}
	if (total == 0)
		return -1;
	for (i = 0; i < f->nw; i++)
		if (f->w[i].percent < 0)
			unweighted += left[i];
	for (i = 0; i < f->nw; i++) {
		if (left[i] == 0)
			share[i] = 0;
		else if (f->w[i].percent >= 0)
			share[i] = f->w[i].percent;
		else {
			int rest = 100;
			size_t w;

			for (w = 0; w < f->nw; w++)
				if (f->w[w].percent > 0)
					rest -= f->w[w].percent;
			share[i] = (double)rest * (double)left[i] /
			    (double)unweighted;
		}
		sum += share[i];
	}
	if (sum <= 0)
		return pick_in(c, v, n, -2);
	r = (double)hrand_uniform(1000000) / 1000000.0 * sum;
	for (g = 0; g < (int)f->nw - 1; g++) {
		if (r < share[g] && share[g] > 0)
			break;
		r -= share[g];
	}
	while (share[g] <= 0)	/* the rounding left us on an empty one */
		g--;
	return pick_in(c, v, n, g);
}

/* ---- output ---- */

static void
print_prompt(struct ctx *c, const struct cand *k, int verbose)
{
	struct buf b = BUF_INIT;
	char hex[DECK_ID_LEN + 1];
	size_t need = k->len * 6 + 1;
	char *safe;

	deck_id_hex(k->id, hex);
	if (jflag) {
		if (json_open(&b) == -1 ||
		    json_kv_str(&b, "id", hex, DECK_ID_LEN) == -1 ||
		    json_kv_strz(&b, "deck", k->deck) == -1 ||
		    (k->depth > 0 ? json_kv_int(&b, "depth", k->depth) :
		    json_kv_strz(&b, "depth", NULL)) == -1 ||
		    json_kv_str(&b, "text", k->text, k->len) == -1 ||
		    json_close(&b) == -1)
			err(HX_IOERR, "memory");
		fwrite(b.p, 1, b.len, stdout);
		buf_free(&b);
		return;
	}
	if ((safe = malloc(need)) == NULL)
		err(HX_IOERR, "memory");
	text_safe(safe, need, k->text, k->len);
	if (verbose)
		printf("%.*s\t%s\t%d\t%s\n", DECK_ID_SHOW, hex, k->deck,
		    k->depth, safe);
	else
		printf("%s\n", safe);
	free(safe);
}

/* ---- recording ---- */

struct recjob {
	struct ctx	*c;
	const char	*kind;
	struct cand	*v;
	size_t		*which;
	size_t		 n;
	const char	*answer;	/* for kind "answer" */
	size_t		 answer_len;
};

static void
tick(struct hmoment *m)
{
	if (++m->usec == 1000000) {
		m->usec = 0;
		m->sec++;
	}
}

static int
build_records(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct recjob *j = arg;
	struct buf one = BUF_INIT;
	char hex[DECK_ID_LEN + 1];
	struct hmoment now, when;
	struct cand *k;
	size_t i;
	int ret = 0;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	for (i = 0; i < j->n; i++, tick(&when)) {
		k = &j->v[j->which[i]];
		deck_id_hex(k->id, hex);
		if (record_begin(&one, &when, j->c->id.author, j->kind) == -1 ||
		    record_field(&one, hex, DECK_ID_LEN) == -1 ||
		    (j->answer != NULL ?
		    record_field(&one, j->answer, j->answer_len) :
		    (record_field(&one, k->deck, strlen(k->deck)) == -1 ||
		    record_field(&one, k->text, k->len) == -1 ? -1 : 0)) == -1)
			err(HX_IOERR, "memory");
		if (record_end(&one) == -1) {
			ret = herr_set(e, HX_DATAERR, "%s too long to store",
			    j->answer ? "answer" : "prompt");
			break;
		}
		if (buf_add(out, one.p, one.len) == -1)
			err(HX_IOERR, "memory");
	}
	buf_free(&one);
	return ret;
}

static void
record(struct ctx *c, const char *kind, struct cand *v, size_t *which,
    size_t n, const char *answer, size_t alen)
{
	struct recjob j = { c, kind, v, which, n, answer, alen };
	struct herr e, warn;

	if (n == 0)
		return;
	if (!c->have_store) {
		if (store_open(&c->st, NULL, 1, &e) == -1)
			die(&e);
		c->have_store = 1;
	}
	if (store_append(&c->st, TOOL, c->id.author, build_records, &j, &warn,
	    &e) == -1)
		die(&e);
	if (warn.msg[0] != '\0')
		warnx("%s", warn.msg);
}

/* ---- picking from a file (-f) ---- */

/* The lines of stdin, as candidates. */
static struct cand *
lines_of_stdin(struct buf *all, size_t *np)
{
	struct cand *v = NULL;
	char b[65536], *p, *end, *nl;
	size_t n = 0, cap = 0;
	ssize_t r;

	while ((r = read(STDIN_FILENO, b, sizeof(b))) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			err(HX_IOERR, "stdin");
		}
		if (buf_add(all, b, (size_t)r) == -1)
			err(HX_IOERR, "memory");
	}
	if (buf_nul(all) == -1)
		err(HX_IOERR, "memory");
	end = all->p + all->len;
	for (p = all->p; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((v = reallocarray(v, cap, sizeof(*v))) == NULL)
				err(HX_IOERR, "memory");
		}
		v[n].text = p;
		v[n].len = strlen(p);
		v[n].id = deck_id(p, v[n].len);
		v[n].deck = "-";
		v[n].depth = 0;
		v[n].group = -1;
		v[n].picked = 0;
		n++;
	}
	*np = n;
	return v;
}

/*
 * The line of fd (size bytes) that holds byte off: its start and length
 * (without LF) in *start and *len.  A look of LINE_PEEK bytes either side
 * finds most lines; a longer one takes a second look of LINE_BLOCK.  -1
 * for a line longer than LINE_BLOCK, which is no prompt.
 */
static int
line_at(int fd, off_t size, off_t off, char *b, off_t *start, size_t *len)
{
	off_t from, half;
	ssize_t n;
	char *s, *e;

	for (half = LINE_PEEK; ; half = LINE_BLOCK) {
		from = off >= half ? off - half : 0;
		if ((n = io_pread_all(fd, b, (size_t)(2 * half), from)) <= 0)
			return -1;
		s = memrchr(b, '\n', (size_t)(off - from));
		e = memchr(b + (off - from), '\n', (size_t)(n - (off - from)));
		if ((s != NULL || from == 0) && (e != NULL || from + n == size))
			break;
		if (half == LINE_BLOCK)
			return -1;
	}
	s = s ? s + 1 : b;
	if (e == NULL)
		e = b + n;
	if (e - s > LINE_BLOCK)
		return -1;
	*start = from + (s - b);
	*len = (size_t)(e - s);
	return 0;
}

struct filepick {
	char	 text[LINE_BLOCK + 1];
	size_t	 len;
};

/*
 * A uniform pick from the file's lines that are neither shown, skipped
 * nor picked already: a random byte, its line kept with chance 1/length.
 * Returns 1 and fills fp, or 0 when PICK_TRIES found nothing.
 */
static int
pick_by_offset(struct ctx *c, int fd, off_t size, struct cand *done,
    size_t ndone, struct filepick *fp)
{
	char b[2 * LINE_BLOCK];
	const struct seen *s;
	uint64_t id;
	off_t start;
	size_t len, i, tries, seen = 0;

	/* Mostly shown already: reading the file once is cheaper. */
	for (tries = 0; tries < PICK_TRIES && seen < PICK_SEEN; tries++) {
		if (line_at(fd, size, (off_t)(hrand_u64() % (uint64_t)size), b,
		    &start, &len) == -1 || len == 0)
			continue;
		/* Kept with chance 1/(the bytes the line takes, LF too). */
		if (hrand_uniform((uint32_t)len +
		    (start + (off_t)len < size ? 1 : 0)) != 0)
			continue;
		if (io_pread_all(fd, fp->text, len, start) != (ssize_t)len)
			continue;
		if (len > 0 && fp->text[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		fp->text[len] = '\0';
		fp->len = len;
		id = deck_id(fp->text, len);
		for (i = 0; i < ndone && done[i].id != id; i++)
			;
		if (i < ndone || ((s = mem_get(&c->mem, id, 0)) != NULL &&
		    (s->shown > 0 || s->skipped))) {
			seen++;
			continue;
		}
		return 1;
	}
	return 0;
}

/*
 * When the random picks keep landing on lines already shown, read the
 * file once: a line never shown by reservoir sampling, else the least
 * recently shown one.
 */
static int
pick_by_scan(struct ctx *c, int fd, struct cand *done, size_t ndone,
    struct filepick *fp)
{
	struct linereader_min {
		char	b[65536];
	} *rb;
	struct filepick best;
	const struct seen *s, *lru = NULL;
	struct buf line = BUF_INIT;
	uint32_t unseen = 0;
	uint64_t id;
	off_t off = 0;
	ssize_t n, i;
	size_t k, len;
	int found = 0;

	if ((rb = malloc(sizeof(*rb))) == NULL)
		err(HX_IOERR, "memory");
	best.len = 0;
	for (;;) {
		n = io_pread_all(fd, rb->b, sizeof(rb->b), off);
		if (n < 0)
			err(HX_IOERR, "read");
		for (i = 0; i <= n; i++) {
			if (i < n && rb->b[i] != '\n') {
				if (line.len <= LINE_BLOCK &&
				    buf_addc(&line, rb->b[i]) == -1)
					err(HX_IOERR, "memory");
				continue;
			}
			if (i == n && n > 0)
				break;
			len = line.len;
			if (len > 0 && line.p[len - 1] == '\r')
				len--;
			if (len > 0 && len <= LINE_BLOCK) {
				id = deck_id(line.p, len);
				for (k = 0; k < ndone && done[k].id != id; k++)
					;
				s = mem_get(&c->mem, id, 0);
				if (k == ndone && (s == NULL || !s->skipped)) {
					int take = 0;

					if (s == NULL || s->shown == 0)
						take = hrand_uniform(++unseen)
						    == 0;
					else if (unseen == 0 && (lru == NULL ||
					    moment_before(&s->last,
					    &lru->last))) {
						lru = s;
						take = 1;
					}
					if (take) {
						memcpy(best.text, line.p, len);
						best.text[len] = '\0';
						best.len = len;
						found = 1;
					}
				}
			}
			buf_reset(&line);
		}
		if (n == 0)
			break;
		off += n;
	}
	free(rb);
	buf_free(&line);
	if (found)
		*fp = best;
	return found;
}

static int
cmd_file(struct ctx *c, const char *path, size_t count)
{
	struct cand *v, *done;
	struct buf all = BUF_INIT;
	struct filepick *fp;
	struct stat sb;
	size_t n, i, *which;
	const char *base;
	ssize_t k;
	int fd;

	if ((which = reallocarray(NULL, count, sizeof(*which))) == NULL)
		err(HX_IOERR, "memory");
	if (strcmp(path, "-") == 0) {
		v = lines_of_stdin(&all, &n);
		for (i = 0; i < count; i++) {
			size_t j;

			if ((k = pick_in(c, v, n, -2)) == -1)
				break;
			/* The same line twice is one prompt. */
			for (j = 0; j < n; j++)
				if (v[j].id == v[k].id)
					v[j].picked = 1;
			which[i] = (size_t)k;
		}
		/* Recorded before it is printed: a writer commits first. */
		if (!xflag)
			record(c, "shown", v, which, i, NULL, 0);
		for (k = 0; k < (ssize_t)i; k++)
			print_prompt(c, &v[which[k]], 0);
		free(v);
		free(which);
		buf_free(&all);
		return finish(c, i > 0 ? 0 : HX_NO);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		err(errno == ENOENT ? HX_NOINPUT : HX_IOERR, "%s", path);
	if (fstat(fd, &sb) == -1)
		err(HX_IOERR, "%s", path);
	if (!S_ISREG(sb.st_mode))
		errx(HX_USAGE, "%s: not a regular file (use -f - for a pipe)",
		    path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if ((done = reallocarray(NULL, count, sizeof(*done))) == NULL ||
	    (fp = reallocarray(NULL, count, sizeof(*fp))) == NULL)
		err(HX_IOERR, "memory");
	for (i = 0; i < count && sb.st_size > 0; i++) {
		if (!pick_by_offset(c, fd, sb.st_size, done, i, &fp[i]) &&
		    !pick_by_scan(c, fd, done, i, &fp[i]))
			break;
		done[i].text = fp[i].text;
		done[i].len = fp[i].len;
		done[i].id = deck_id(fp[i].text, fp[i].len);
		done[i].deck = base;
		done[i].depth = 0;
		done[i].group = -1;
		done[i].picked = 1;
		which[i] = i;
	}
	close(fd);
	if (!xflag)
		record(c, "shown", done, which, i, NULL, 0);
	for (n = 0; n < i; n++)
		print_prompt(c, &done[n], 0);
	free(done);
	free(fp);
	free(which);
	return finish(c, i > 0 ? 0 : HX_NO);
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

/* Today's prompt among v (sorted here), or -1 with no seed. */
static ssize_t
today_index(struct ctx *c, struct cand *v, size_t n)
{
	const char *seed = config_get(&c->id.cfg, "seed");
	int y, m, d, wd;
	uint64_t h, a, b, day;

	if (seed == NULL || *seed == '\0')
		errx(HX_CONFIG, "no shared seed for the question of the day: "
		    "run 'hearth init' to make one, or 'hearth init --seed "
		    "SEED' with your partner's");
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

/* ---- ids given on the command line ---- */

/*
 * The prompt an id prefix names, among the decks and the prompts the log
 * has seen (for lines of files).  Fills k; exits on none or several.
 */
static int
resolve_id(struct ctx *c, const char *prefix, struct cand *k, struct buf *hold,
    struct buf *deck, int must)
{
	struct store_reader *rd;
	struct record r;
	char hex[DECK_ID_LEN + 1];
	size_t plen = strlen(prefix), i, found = 0;
	uint64_t id = 0;
	const struct prompt *p;
	int ok;

	if (plen < DECK_ID_MIN || plen > DECK_ID_LEN ||
	    strspn(prefix, "0123456789abcdef") != plen)
		errx(HX_DATAERR, "bad id '%s' (give at least %d of the hex "
		    "digits that ask -v shows)", prefix, DECK_ID_MIN);
	for (i = 0; i < c->ds.np; i++) {
		p = &c->ds.p[i];
		if (c->ds.d[p->deck].replaced)
			continue;
		deck_id_hex(p->id, hex);
		if (strncmp(hex, prefix, plen) != 0 || (found && p->id == id))
			continue;
		if (found++)
			errx(HX_USAGE, "id prefix '%s' is ambiguous", prefix);
		id = p->id;
		k->text = p->text;
		k->len = p->len;
		k->deck = c->ds.d[p->deck].name;
		k->depth = p->depth;
	}
	if (found == 0 && c->have_store) {
		reader_open(c, &rd, c->id.author);
		while (reader_next(rd, &r) == 1) {
			if (!kind_is(&r, "shown") || r.flen[RF_DATA] !=
			    DECK_ID_LEN || memcmp(r.f[RF_DATA], prefix, plen))
				continue;
			field_id(&r, &ok);
			if (found && field_id(&r, &ok) == id)
				continue;
			if (found++)
				errx(HX_USAGE, "id prefix '%s' is ambiguous",
				    prefix);
			id = field_id(&r, &ok);
			if (record_text(&r, RF_DATA + 1, deck) == -1 ||
			    record_text(&r, RF_DATA + 2, hold) == -1)
				err(HX_IOERR, "memory");
		}
		store_read_close(rd);
		if (found) {
			k->text = hold->p;
			k->len = hold->len;
			k->deck = deck->p;
			k->depth = 0;
		}
	}
	if (found == 0) {
		if (!must)
			return -1;
		errx(HX_NO, "no prompt '%s'", prefix);
	}
	k->id = id;
	k->group = -1;
	k->picked = 0;
	return 0;
}

/* The last prompt shown, from the log. */
static void
last_shown(struct ctx *c, struct cand *k, struct buf *text, struct buf *deck)
{
	struct record r;
	const char *why;
	int ok;

	if (c->mem.last_line.len == 0)
		errx(HX_NO, "nothing has been shown yet; give an id");
	if (record_parse(&r, c->mem.last_line.p, c->mem.last_line.len, TOOL,
	    &why) == -1)
		errx(HX_DATAERR, "the last shown record: %s", why);
	k->id = field_id(&r, &ok);
	if (record_text(&r, RF_DATA + 1, deck) == -1 ||
	    record_text(&r, RF_DATA + 2, text) == -1)
		err(HX_IOERR, "memory");
	k->text = text->p;
	k->len = text->len;
	k->deck = deck->p;
	k->depth = 0;
	k->group = -1;
	k->picked = 0;
}

static int
cmd_mark(struct ctx *c, const char *kind, const char *id)
{
	struct buf text = BUF_INIT, deck = BUF_INIT;
	struct cand k;
	const struct seen *s;
	size_t which = 0;

	if (id != NULL)
		resolve_id(c, id, &k, &text, &deck, 1);
	else
		last_shown(c, &k, &text, &deck);
	s = mem_get(&c->mem, k.id, 0);
	if (s != NULL && (strcmp(kind, "star") == 0 ? s->starred : s->skipped))
		warnx("already %s", strcmp(kind, "star") == 0 ? "starred" :
		    "skipped");
	else
		record(c, kind, &k, &which, 1, NULL, 0);
	buf_free(&text);
	buf_free(&deck);
	return finish(c, 0);
}

/* --starred and --history: the author's records of one kind. */
static int
cmd_listlog(struct ctx *c, const char *kind, size_t last)
{
	struct store_reader *rd;
	struct record r;
	struct buf deck = BUF_INIT, text = BUF_INIT, out = BUF_INIT;
	struct cand k;
	size_t total = 0, skip = 0, pass, n = 0, need;
	char *safe;

	if (!c->have_store)
		return finish(c, HX_NO);
	for (pass = last > 0 ? 0 : 1; pass < 2; pass++) {
		reader_open(c, &rd, c->id.author);
		while (reader_next(rd, &r) == 1) {
			int ok;

			if (!kind_is(&r, kind))
				continue;
			if (pass == 0) {
				total++;
				continue;
			}
			if (skip > 0) {
				skip--;
				continue;
			}
			k.id = field_id(&r, &ok);
			if (record_text(&r, RF_DATA + 1, &deck) == -1 ||
			    record_text(&r, RF_DATA + 2, &text) == -1)
				err(HX_IOERR, "memory");
			n++;
			if (jflag) {
				char hex[DECK_ID_LEN + 1];

				deck_id_hex(k.id, hex);
				buf_reset(&out);
				if (json_open(&out) == -1 ||
				    json_kv_str(&out, "time", r.f[RF_TIME],
				    r.flen[RF_TIME]) == -1 ||
				    json_kv_str(&out, "id", hex, DECK_ID_LEN) ==
				    -1 || json_kv_str(&out, "deck", deck.p,
				    deck.len) == -1 || json_kv_str(&out, "text",
				    text.p, text.len) == -1 ||
				    json_close(&out) == -1)
					err(HX_IOERR, "memory");
				fwrite(out.p, 1, out.len, stdout);
				continue;
			}
			need = text.len * 6 + 1;
			if ((safe = malloc(need)) == NULL)
				err(HX_IOERR, "memory");
			text_safe(safe, need, text.p, text.len);
			printf("%.10s\t%.*s\t%s\t%s\n", r.f[RF_TIME],
			    DECK_ID_SHOW, r.f[RF_DATA], deck.p, safe);
			free(safe);
		}
		store_read_close(rd);
		if (pass == 0)
			skip = total > last ? total - last : 0;
	}
	buf_free(&deck);
	buf_free(&text);
	buf_free(&out);
	return finish(c, n > 0 ? 0 : HX_NO);
}

/* ---- answers ---- */

static void
today_prompt(struct ctx *c, struct cand *k)
{
	struct filter f = { .dmin = 1, .dmax = 3 };
	struct cand *v;
	size_t n;
	ssize_t i;

	v = candidates(c, &f, 0, &n);
	if ((i = today_index(c, v, n)) == -1)
		errx(HX_NO, "no prompts");
	*k = v[i];
	free(v);
}

static int
cmd_answer(struct ctx *c, int argc, char **argv)
{
	struct buf text = BUF_INIT, hold = BUF_INIT, deck = BUF_INIT;
	struct cand k;
	size_t which = 0, bad, i;
	int a;

	if (argc < 1)
		usage();
	/*
	 * ask answer ID TEXT... or ask answer TEXT... (today's).  An id has
	 * a digit, so a first word such as "faded" or "cafe" is text.
	 */
	a = argc >= 2 && strlen(argv[0]) >= DECK_ID_MIN &&
	    strlen(argv[0]) <= DECK_ID_LEN &&
	    strspn(argv[0], "0123456789abcdef") == strlen(argv[0]) &&
	    strpbrk(argv[0], "0123456789") != NULL;
	/* A first word that names no prompt is the answer's first word. */
	if (a && resolve_id(c, argv[0], &k, &hold, &deck, 0) == -1)
		a = 0;
	if (!a)
		today_prompt(c, &k);
	for (i = (size_t)a; i < (size_t)argc; i++)
		if ((i > (size_t)a && buf_addc(&text, ' ') == -1) ||
		    buf_adds(&text, argv[i]) == -1)
			err(HX_IOERR, "memory");
	if (text_utf8_check(text.p, text.len, &bad) == -1)
		errx(HX_DATAERR, "the answer is not valid UTF-8 (byte %zu)",
		    bad + 1);
	if (strspn(text.p, " \t\n") == text.len)
		errx(HX_DATAERR, "empty answer");
	record(c, "answer", &k, &which, 1, text.p, text.len);
	{
		/* Say which question it went to: past midnight, a new one. */
		char hex[DECK_ID_LEN + 1], *safe;
		size_t need = k.len * 6 + 1;

		deck_id_hex(k.id, hex);
		if ((safe = malloc(need)) == NULL)
			err(HX_IOERR, "memory");
		text_safe(safe, need, k.text, k.len);
		fprintf(stderr, "ask: answered %.*s: %s\n", DECK_ID_SHOW, hex,
		    safe);
		free(safe);
	}
	buf_free(&text);
	buf_free(&hold);
	buf_free(&deck);
	return finish(c, 0);
}

static int
cmd_answers(struct ctx *c, int argc, char **argv)
{
	struct store_reader *rd;
	struct record r;
	struct buf hold = BUF_INIT, text = BUF_INIT, out = BUF_INIT;
	struct buf deck = BUF_INIT;
	struct cand k;
	char hex[DECK_ID_LEN + 1], **who = NULL;
	size_t mine = 0, others = 0, n = 0, need, i, nwho = 0;
	int pass, ok, is_me;
	char *safe;

	if (argc > 1)
		usage();
	if (argc == 1)
		resolve_id(c, argv[0], &k, &hold, &deck, 1);
	else
		today_prompt(c, &k);
	deck_id_hex(k.id, hex);
	if (!c->have_store)
		return finish(c, HX_NO);
	for (pass = 0; pass < 2; pass++) {
		struct store_query q = { 0 };
		struct herr e;

		q.tool = TOOL;
		q.warn = pass ? warn_line : NULL;
		q.warn_arg = c;
		if (store_read_open(&rd, &c->st, &q, &e) == -1)
			die(&e);
		while (reader_next(rd, &r) == 1) {
			if (!kind_is(&r, "answer") || field_id(&r, &ok) !=
			    k.id || !ok)
				continue;
			is_me = r.flen[RF_AUTHOR] == strlen(c->id.author) &&
			    memcmp(r.f[RF_AUTHOR], c->id.author,
			    r.flen[RF_AUTHOR]) == 0;
			if (pass == 0) {
				if (is_me)
					mine++;
				else {
					others++;
					if ((who = reallocarray(who, nwho + 1,
					    sizeof(*who))) == NULL ||
					    (who[nwho++] = strndup(
					    r.f[RF_AUTHOR],
					    r.flen[RF_AUTHOR])) == NULL)
						err(HX_IOERR, "memory");
				}
				continue;
			}
			if (mine == 0 && !is_me)
				continue;
			if (record_text(&r, RF_DATA + 1, &text) == -1)
				err(HX_IOERR, "memory");
			n++;
			if (jflag) {
				buf_reset(&out);
				if (json_open(&out) == -1 ||
				    json_kv_str(&out, "id", hex, DECK_ID_LEN) ==
				    -1 || json_kv_str(&out, "prompt", k.text,
				    k.len) == -1 || json_kv_str(&out, "time",
				    r.f[RF_TIME], r.flen[RF_TIME]) == -1 ||
				    json_kv_str(&out, "author", r.f[RF_AUTHOR],
				    r.flen[RF_AUTHOR]) == -1 ||
				    json_kv_str(&out, "answer", text.p,
				    text.len) == -1 || json_close(&out) == -1)
					err(HX_IOERR, "memory");
				fwrite(out.p, 1, out.len, stdout);
				continue;
			}
			if (n == 1)
				print_prompt(c, &k, 0);
			need = text.len * 6 + 1;
			if ((safe = malloc(need)) == NULL)
				err(HX_IOERR, "memory");
			text_safe(safe, need, text.p, text.len);
			printf("%.10s\t%.*s\t%s\n", r.f[RF_TIME],
			    (int)r.flen[RF_AUTHOR], r.f[RF_AUTHOR], safe);
			free(safe);
		}
		store_read_close(rd);
	}
	if (mine == 0 && others > 0)
		warnx("%s answered; answer it yourself to see it: ask answer "
		    "%.*s TEXT", who[0], DECK_ID_SHOW, hex);
	else if (mine == 0 && others == 0 && !jflag) {
		print_prompt(c, &k, 0);
		warnx("no answers yet: ask answer %.*s TEXT", DECK_ID_SHOW,
		    hex);
	}
	for (i = 0; i < nwho; i++)
		free(who[i]);
	free(who);
	buf_free(&hold);
	buf_free(&deck);
	buf_free(&text);
	buf_free(&out);
	return finish(c, n > 0 ? 0 : HX_NO);
}

/* ---- listings of the decks ---- */

static int
cmd_list(struct ctx *c)
{
	struct buf b = BUF_INIT;
	const struct deck *d;
	size_t i, shown = 0;
	int tty = isatty(STDOUT_FILENO);

	for (i = 0; i < c->ds.nd; i++) {
		d = &c->ds.d[i];
		if (d->replaced)
			continue;
		shown++;
		if (jflag) {
			buf_reset(&b);
			if (json_open(&b) == -1 ||
			    json_kv_strz(&b, "deck", d->name) == -1 ||
			    json_kv_strz(&b, "title", d->title) == -1 ||
			    json_kv_strz(&b, "kind", d->kind == DECK_IDEAS ?
			    "ideas" : "questions") == -1 ||
			    json_kv_int(&b, "depth1", (int64_t)d->count[1]) ==
			    -1 || json_kv_int(&b, "depth2",
			    (int64_t)d->count[2]) == -1 ||
			    json_kv_int(&b, "depth3", (int64_t)d->count[3]) ==
			    -1 || json_kv_int(&b, "total", (int64_t)(d->count[1]
			    + d->count[2] + d->count[3])) == -1 ||
			    json_kv_strz(&b, "source", d->source) == -1 ||
			    json_close(&b) == -1)
				err(HX_IOERR, "memory");
			fwrite(b.p, 1, b.len, stdout);
		} else if (tty)
			printf("%-14s %-9s %3zu %3zu %3zu  %s\n", d->name,
			    d->kind == DECK_IDEAS ? "ideas" : "questions",
			    d->count[1], d->count[2], d->count[3], d->title);
		else
			printf("%s\t%s\t%zu\t%zu\t%zu\t%s\n", d->name,
			    d->kind == DECK_IDEAS ? "ideas" : "questions",
			    d->count[1], d->count[2], d->count[3], d->title);
	}
	buf_free(&b);
	return finish(c, shown > 0 ? 0 : HX_NO);
}

static int
cmd_about(struct ctx *c, const char *name)
{
	const struct deck *d;
	const char *p, *word;
	size_t col = 0, n;
	int i;

	if ((i = deck_find(&c->ds, name)) == -1)
		errx(HX_USAGE, "no deck '%s' (ask --list shows the decks)",
		    name);
	d = &c->ds.d[i];
	printf("%s\n\n", d->title);
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
		fwrite(word, 1, n, stdout);
		col += n;
	}
	if (col > 0)
		putchar('\n');
	return finish(c, 0);
}

static int
cmd_match(struct ctx *c, const struct filter *f, const char *pattern)
{
	struct cand *v;
	char msg[256];
	regex_t re;
	size_t n, i, hits = 0;
	int rc;

	setlocale(LC_CTYPE, "");
	if ((rc = regcomp(&re, pattern, REG_EXTENDED | REG_ICASE |
	    REG_NOSUB)) != 0) {
		regerror(rc, &re, msg, sizeof(msg));
		errx(HX_USAGE, "bad pattern '%s': %s", pattern, msg);
	}
	v = candidates(c, f, 1, &n);
	for (i = 0; i < n; i++)
		if (regexec(&re, v[i].text, 0, NULL, 0) == 0) {
			print_prompt(c, &v[i], 1);
			hits++;
		}
	regfree(&re);
	free(v);
	return finish(c, hits > 0 ? 0 : HX_NO);
}

static int
cmd_check(struct ctx *c, int argc, char **argv)
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
			warnx("%s", e.msg);
			status = e.code;
			continue;
		}
		d = &ds.d[ds.nd - 1];
		n = d->count[1] + d->count[2] + d->count[3];
		printf("%s: %s, %zu prompt%s (%zu, %zu, %zu by depth)\n",
		    argv[i], d->title, n, n == 1 ? "" : "s", d->count[1],
		    d->count[2], d->count[3]);
	}
	deck_free(&ds);
	return finish(c, status);
}

/* ---- picking from the decks ---- */

static int
cmd_pick(struct ctx *c, const struct filter *f, size_t count, int verbose)
{
	struct cand *v;
	size_t n, i, *which;
	ssize_t k;

	v = candidates(c, f, 0, &n);
	if ((which = reallocarray(NULL, count, sizeof(*which))) == NULL)
		err(HX_IOERR, "memory");
	for (i = 0; i < count; i++) {
		if ((k = pick(c, f, v, n)) == -1)
			break;
		v[k].picked = 1;
		which[i] = (size_t)k;
	}
	if (i == 0)
		errx(HX_NO, "no prompt fits (every one that does was skipped)");
	/* Recorded before it is printed: a writer commits first. */
	if (!xflag)
		record(c, "shown", v, which, i, NULL, 0);
	for (n = 0; n < i; n++)
		print_prompt(c, &v[which[n]], verbose);
	free(which);
	free(v);
	return finish(c, 0);
}

static int
cmd_today(struct ctx *c, const struct filter *f, int verbose)
{
	struct cand *v;
	const struct seen *s;
	char day[11], shown[11];
	size_t n, which;
	ssize_t i;

	v = candidates(c, f, 0, &n);
	if ((i = today_index(c, v, n)) == -1)
		errx(HX_NO, "no prompt fits");
	/* Recorded once a day, however often it is asked. */
	s = mem_get(&c->mem, v[i].id, 0);
	date_day(&c->now, day);
	if (s != NULL)
		date_day(&s->last, shown);
	if (!xflag && (s == NULL || s->shown == 0 || strcmp(day, shown) != 0)) {
		which = (size_t)i;
		record(c, "shown", v, &which, 1, NULL, 0);
	}
	print_prompt(c, &v[i], verbose);
	free(v);
	return finish(c, 0);
}

int
main(int argc, char *argv[])
{
	enum { OPT_ABOUT = 256, OPT_CHECK, OPT_HISTORY, OPT_JSON, OPT_LIST,
	    OPT_SKIP, OPT_STAR, OPT_STARRED, OPT_TODAY };
	static const struct option opts[] = {
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
	static struct ctx ctx;
	struct ctx *c = &ctx;
	struct filter f = { .dmin = 1, .dmax = 3 };
	const char *file = NULL, *pattern = NULL, *about = NULL, *errstr;
	const char *markid = NULL, *mark = NULL;
	size_t count = 1;
	int ch, mode = 0, nset = 0, verbose = 0;
	struct herr e;

	cli_setup();
	if (cli_wants_help(argc, argv))
		usage_to(stdout, 0);
	while ((ch = getopt_long(argc, argv, "+c:d:f:hm:n:vVx", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			parse_weight(&f, optarg);
			break;
		case 'd':
			parse_depth(&f, optarg);
			break;
		case 'f':
			file = optarg;
			break;
		case 'h':
			usage_to(stdout, 0);
		case 'm':
			pattern = optarg;
			mode = ch;
			break;
		case 'n':
			count = (size_t)strtonum(optarg, 1, 10000, &errstr);
			if (errstr != NULL)
				errx(HX_USAGE, "bad count '%s'", optarg);
			nset = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			printf("ask %s\n", HEARTH_VERSION);
			return finish(c, 0);
		case 'x':
			xflag = 1;
			break;
		case OPT_ABOUT:
			about = optarg;
			mode = ch;
			break;
		case OPT_JSON:
			jflag = 1;
			break;
		case OPT_SKIP:
		case OPT_STAR:
			mark = ch == OPT_STAR ? "star" : "skip";
			markid = optarg;
			mode = ch;
			break;
		case OPT_CHECK:
		case OPT_HISTORY:
		case OPT_LIST:
		case OPT_STARRED:
		case OPT_TODAY:
			mode = ch;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (mode == OPT_CHECK)
		return cmd_check(c, argc, argv);
	if (cli_identity(&c->id, &e) == -1 || date_now(&c->now, &e) == -1)
		die(&e);
	if (store_open(&c->st, NULL, 0, &e) == 0)
		c->have_store = 1;
	else if (e.code != HX_NOINPUT)
		die(&e);
	if (mode == 0 && argc > 0 && strcmp(argv[0], "answer") == 0) {
		load_decks(c);
		return cmd_answer(c, argc - 1, argv + 1);
	}
	if (mode == 0 && argc > 0 && strcmp(argv[0], "answers") == 0) {
		/* ask answers --json [ID] too, as the other listings take it. */
		if (argc > 1 && strcmp(argv[1], "--json") == 0) {
			jflag = 1;
			argv++;
			argc--;
		}
		load_decks(c);
		return cmd_answers(c, argc - 1, argv + 1);
	}
	if ((mode == OPT_STAR || mode == OPT_SKIP) && markid == NULL &&
	    argc == 1) {
		markid = argv[0];
		argc--;
	}
	if (argc > 0)
		usage();
	if (mode != OPT_LIST && mode != OPT_ABOUT && mode != 'm')
		load_memory(c);
	if (file != NULL) {
		if (mode != 0 || f.nw > 0 || f.dmin != 1 || f.dmax != 3)
			errx(HX_USAGE, "-f takes no -c, -d or other mode");
		return cmd_file(c, file, count);
	}
	load_decks(c);
	switch (mode) {
	case 0:
		return cmd_pick(c, &f, count, verbose);
	case 'm':
		return cmd_match(c, &f, pattern);
	case OPT_ABOUT:
		return cmd_about(c, about);
	case OPT_LIST:
		return cmd_list(c);
	case OPT_TODAY:
		return cmd_today(c, &f, verbose);
	case OPT_STAR:
	case OPT_SKIP:
		return cmd_mark(c, mark, markid);
	case OPT_STARRED:
		return cmd_listlog(c, "star", 0);
	case OPT_HISTORY:
		return cmd_listlog(c, "shown", nset ? count : 0);
	}
	usage();
}
