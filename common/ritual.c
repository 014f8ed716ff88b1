/*
 * ritual: the couple's rituals, as both partners' logs make them (see
 * ritual.h).
 *
 * Records are taken in any order, so nothing is decided while feeding:
 * every good definition is kept as a candidate, and dones, skips,
 * retirements and undo ids are only kept, in flat arrays (a name each,
 * not a ritual: theirs may come later).  ritual_settle then decides, by
 * sorting, never by a scan per record: candidates are sorted by folded
 * name and age, and the definitions of each name are walked once, in
 * that order, to find the schedule that holds and a disagreement that
 * is open (settle_definitions); each mark finds its
 * ritual by binary search and is dropped when it is dated out of that
 * ritual's days; undone events are found by binary search in the sorted
 * undo ids.  Keys leave no tie to the order of arrival (a timestamp, then
 * an author, then a record id).  So a partner's log of 40,000 names
 * costs O(n log n), where a scan of the rituals per definition cost
 * O(n^2).
 *
 * Reading a ritual is linear in its events: a streak walks the events
 * period by period and counts the periods between two marked ones as
 * missed without visiting them (a ritual dated from year 0 has 740,000
 * daily periods), and a day of the calendar is a binary search.
 *
 * Arrays grow by doubling: one of n entries is reallocated when n is a
 * power of two, so no capacity is kept beside it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "herr.h"
#include "record.h"
#include "ritual.h"
#include "schedule.h"
#include "store.h"
#include "text.h"

/* The field indexes of the ritual kinds. */
#define F_NAME		RF_DATA
#define F_SCHED		(RF_DATA + 1)	/* define */
#define F_NOTE		(RF_DATA + 2)	/* define */
#define F_DAY		(RF_DATA + 1)	/* done, skip */
#define F_ID		(RF_DATA + 1)	/* undo */

static int
nomem(struct herr *e)
{
	return herr_errno(e, HX_IOERR, errno, "memory");
}

/* p, an array of n, with room for one more; NULL when memory ran out. */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;
	return reallocarray(p, n == 0 ? 1 : 2 * n, size);
}

/* The day a YYYY-MM-DD text names, or INT64_MIN when it names none. */
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

static int
kind_is(const struct record *r, const char *kind)
{
	size_t n = strlen(kind);

	return r->flen[RF_KIND] == n && memcmp(r->f[RF_KIND], kind, n) == 0;
}

static void
author_of(const struct record *r, char by[AUTHOR_MAX + 1])
{
	size_t n = r->flen[RF_AUTHOR];

	if (n > AUTHOR_MAX)
		n = AUTHOR_MAX;
	memcpy(by, r->f[RF_AUTHOR], n);
	by[n] = '\0';
}

/* Below, at or above 0 as (when, by, id) of a comes before, with or after b. */
static int
order(const struct hmoment *aw, const char *aby, const char *aid,
    const struct hmoment *bw, const char *bby, const char *bid)
{
	int c;

	if ((c = date_cmp(aw, bw)) != 0)
		return c;
	if ((c = strcmp(aby, bby)) != 0)
		return c;
	return strcmp(aid, bid);
}

/*
 * A done, skip or retirement read but not yet settled: the name it gives
 * (set->names[off..off+len)) is matched with the definitions only once
 * they are all in.
 */
struct ritual_mark {
	size_t			 off, len;
	int			 retire;
	struct ritual_event	 ev;	/* a retirement: its day and time */
};

void
ritual_set_init(struct ritual_set *set)
{
	memset(set, 0, sizeof(*set));
}

void
ritual_set_free(struct ritual_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++) {
		free(set->r[i].name);
		free(set->r[i].note);
		free(set->r[i].ev);
	}
	free(set->r);
	free(set->mark);
	free(set->undo);
	buf_free(&set->names);
	buf_free(&set->name);
	buf_free(&set->text);
	ritual_set_init(set);
}

/*
 * Simple case folding (CaseFolding.txt, status C and S, Unicode 14) of
 * the blocks ritual.h names, as ranges: code points first to last, every
 * stride-th of them, fold to themselves plus delta.  Sorted by first.
 */
static const struct fold_range {
	uint32_t	first, last;
	int32_t		delta;
	uint32_t	stride;
} fold_ranges[] = {
	/* Basic Latin, Latin-1 Supplement (micro sign to mu) */
	{ 0x0041, 0x005a, 32, 1 },
	{ 0x00b5, 0x00b5, 775, 1 },
	{ 0x00c0, 0x00d6, 32, 1 },
	{ 0x00d8, 0x00de, 32, 1 },
	/* Latin Extended-A (dotted capital I, U+0130, has no simple fold) */
	{ 0x0100, 0x012e, 1, 2 },
	{ 0x0132, 0x0136, 1, 2 },
	{ 0x0139, 0x0147, 1, 2 },
	{ 0x014a, 0x0176, 1, 2 },
	{ 0x0178, 0x0178, -121, 1 },
	{ 0x0179, 0x017d, 1, 2 },
	{ 0x017f, 0x017f, -268, 1 },
	/* Greek and Coptic (final sigma to sigma) */
	{ 0x0370, 0x0372, 1, 2 },
	{ 0x0376, 0x0376, 1, 1 },
	{ 0x037f, 0x037f, 116, 1 },
	{ 0x0386, 0x0386, 38, 1 },
	{ 0x0388, 0x038a, 37, 1 },
	{ 0x038c, 0x038c, 64, 1 },
	{ 0x038e, 0x038f, 63, 1 },
	{ 0x0391, 0x03a1, 32, 1 },
	{ 0x03a3, 0x03ab, 32, 1 },
	{ 0x03c2, 0x03c2, 1, 1 },
	{ 0x03cf, 0x03cf, 8, 1 },
	{ 0x03d0, 0x03d0, -30, 1 },
	{ 0x03d1, 0x03d1, -25, 1 },
	{ 0x03d5, 0x03d5, -15, 1 },
	{ 0x03d6, 0x03d6, -22, 1 },
	{ 0x03d8, 0x03ee, 1, 2 },
	{ 0x03f0, 0x03f0, -54, 1 },
	{ 0x03f1, 0x03f1, -48, 1 },
	{ 0x03f4, 0x03f4, -60, 1 },
	{ 0x03f5, 0x03f5, -64, 1 },
	{ 0x03f7, 0x03f7, 1, 1 },
	{ 0x03f9, 0x03f9, -7, 1 },
	{ 0x03fa, 0x03fa, 1, 1 },
	{ 0x03fd, 0x03ff, -130, 1 },
	/* Cyrillic, Cyrillic Supplement */
	{ 0x0400, 0x040f, 80, 1 },
	{ 0x0410, 0x042f, 32, 1 },
	{ 0x0460, 0x0480, 1, 2 },
	{ 0x048a, 0x04be, 1, 2 },
	{ 0x04c0, 0x04c0, 15, 1 },
	{ 0x04c1, 0x04cd, 1, 2 },
	{ 0x04d0, 0x052e, 1, 2 },
	/* Latin Extended Additional (capital sharp s to sharp s) */
	{ 0x1e00, 0x1e94, 1, 2 },
	{ 0x1e9b, 0x1e9b, -58, 1 },
	{ 0x1e9e, 0x1e9e, -7615, 1 },
	{ 0x1ea0, 0x1efe, 1, 2 },
};

static uint32_t
fold_cp(uint32_t cp)
{
	const struct fold_range *f;
	size_t lo = 0, hi = sizeof(fold_ranges) / sizeof(fold_ranges[0]), mid;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		f = &fold_ranges[mid];
		if (cp < f->first)
			hi = mid;
		else if (cp > f->last)
			lo = mid + 1;
		else
			return (cp - f->first) % f->stride == 0 ?
			    (uint32_t)((int32_t)cp + f->delta) : cp;
	}
	return cp;
}

/*
 * The folded code point at s[*i..len), and *i moved past it; a byte of
 * no valid sequence is 0x110000 plus its value, which no character is.
 */
static uint32_t
fold_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	uint32_t cp;
	size_t n, k;

	if ((n = text_utf8_seq(u, len - *i)) == 0) {
		(*i)++;
		return 0x110000 + u[0];
	}
	cp = n == 1 ? u[0] : u[0] & (0x7fu >> n);
	for (k = 1; k < n; k++)
		cp = cp << 6 | (u[k] & 0x3f);
	*i += n;
	return fold_cp(cp);
}

int
ritual_fold_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	uint32_t x, y;

	while (i < alen && j < blen) {
		x = fold_next(a, alen, &i);
		y = fold_next(b, blen, &j);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (i < alen) - (j < blen);
}

/* Whether p[0..plen), folded, begins s[0..slen), folded. */
static int
fold_prefix(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t i = 0, j = 0;

	while (i < plen && j < slen)
		if (fold_next(p, plen, &i) != fold_next(s, slen, &j))
			return 0;
	return i == plen;
}

static int
feed_define(struct ritual_set *set, const struct record *r, struct herr *e)
{
	struct ritual *rt;
	struct sched s;
	char *name, *note;

	if (record_text(r, F_NAME, &set->name) == -1 ||
	    record_text(r, F_SCHED, &set->text) == -1)
		return nomem(e);
	if (sched_parse_stored(set->text.p, &s) == -1)
		return herr_set(e, HX_DATAERR, "ritual '%s' has a bad schedule "
		    "'%s'; ignored", set->name.p, set->text.p);
	/* A candidate: which definition of a name wins is settled last. */
	if (record_text(r, F_NOTE, &set->text) == -1 ||
	    (name = strdup(set->name.p)) == NULL)
		return nomem(e);
	if ((note = strdup(set->text.p)) == NULL ||
	    (rt = grow(set->r, set->nr, sizeof(*rt))) == NULL) {
		free(name);
		free(note);
		return nomem(e);
	}
	set->r = rt;
	rt = &set->r[set->nr++];
	memset(rt, 0, sizeof(*rt));
	rt->name = name;
	rt->note = note;
	rt->s = s;
	sched_format(&s, rt->stext);
	rt->d0 = day_of(r->f[RF_TIME], 10);
	rt->defined_at = r->when;
	author_of(r, rt->definer);
	record_id(r->line, r->len, rt->defid);
	return 0;
}

/* Keep a done, skip or retirement (on day) for ritual_settle. */
static int
feed_mark(struct ritual_set *set, const struct record *r, int retire,
    int skip, int64_t day, struct herr *e)
{
	struct ritual_mark *m;

	if ((m = grow(set->mark, set->nmark, sizeof(*m))) == NULL)
		return nomem(e);
	set->mark = m;
	m = &set->mark[set->nmark];
	memset(m, 0, sizeof(*m));
	m->off = set->names.len;
	if (record_text(r, F_NAME, &set->name) == -1 ||
	    buf_add(&set->names, set->name.p, set->name.len) == -1)
		return nomem(e);
	m->len = set->name.len;
	m->retire = retire;
	m->ev.day = day;
	m->ev.skip = skip;
	m->ev.when = r->when;
	author_of(r, m->ev.by);
	record_id(r->line, r->len, m->ev.id);
	set->nmark++;
	return 0;
}

static int
feed_undo(struct ritual_set *set, const struct record *r, struct herr *e)
{
	char (*u)[RECORD_ID_LEN + 1];

	if (r->flen[F_ID] != RECORD_ID_LEN)
		return 0;
	if ((u = grow(set->undo, set->nundo, sizeof(*u))) == NULL)
		return nomem(e);
	set->undo = u;
	memcpy(set->undo[set->nundo], r->f[F_ID], RECORD_ID_LEN);
	set->undo[set->nundo++][RECORD_ID_LEN] = '\0';
	return 0;
}

int
ritual_feed(struct ritual_set *set, const struct record *r, struct herr *e)
{
	int64_t day;

	/* A record without the fields of its kind is left alone. */
	if (kind_is(r, "define") && r->nf > F_NOTE)
		return feed_define(set, r, e);
	if ((kind_is(r, "done") || kind_is(r, "skip")) && r->nf > F_DAY) {
		/* A day that is no date marks nothing. */
		if ((day = day_of(r->f[F_DAY], r->flen[F_DAY])) == INT64_MIN)
			return 0;
		return feed_mark(set, r, 0, kind_is(r, "skip"), day, e);
	}
	if (kind_is(r, "undo") && r->nf > F_ID)
		return feed_undo(set, r, e);
	if (kind_is(r, "retire") && r->nf > F_NAME)
		return feed_mark(set, r, 1, 0, day_of(r->f[RF_TIME], 10), e);
	return 0;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Day order, dones before skips, then as they were written. */
static int
cmp_event(const void *a, const void *b)
{
	const struct ritual_event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->skip != y->skip)
		return x->skip - y->skip;
	return order(&x->when, x->by, x->id, &y->when, y->by, y->id);
}

static int
cmp_defined(const void *a, const void *b)
{
	const struct ritual *x = a, *y = b;

	return order(&x->defined_at, x->definer, x->defid, &y->defined_at,
	    y->definer, y->defid);
}

/* By folded name, then the earliest definition first. */
static int
cmp_candidate(const void *a, const void *b)
{
	const struct ritual *x = a, *y = b;
	int c;

	if ((c = ritual_fold_cmp(x->name, strlen(x->name), y->name,
	    strlen(y->name))) != 0)
		return c;
	return cmp_defined(a, b);
}

/* A name to find among rituals sorted by folded name. */
struct name_key {
	const char	*p;
	size_t		 len;
};

static int
cmp_key(const void *k, const void *r)
{
	const struct name_key *key = k;
	const struct ritual *rt = r;

	return ritual_fold_cmp(key->p, key->len, rt->name, strlen(rt->name));
}

/* The definition candidate rt was, as a ritual_def. */
static void
def_of(const struct ritual *rt, struct ritual_def *d)
{
	d->when = rt->defined_at;
	memcpy(d->by, rt->definer, sizeof(d->by));
	memcpy(d->id, rt->defid, sizeof(d->id));
	memcpy(d->stext, rt->stext, sizeof(d->stext));
}

/*
 * Make one ritual, in g[0], of the definitions of one name, g[0..k) in
 * time order (ritual.h): the first gives the name and first day; a later
 * one with the schedule that holds changes nothing; one with another
 * opens a disagreement, and the next one settles it.  The others are
 * freed.
 */
static void
settle_definitions(struct ritual *g, size_t k)
{
	struct ritual *holds = &g[0], *rt;
	struct ritual_def def;
	size_t j;

	g[0].disputed = 0;
	for (j = 1; j < k; j++) {
		rt = &g[j];
		if (g[0].disputed) {
			holds = rt;
			g[0].disputed = 0;
		} else if (strcmp(rt->stext, holds->stext) != 0) {
			def_of(rt, &g[0].rival);
			g[0].disputed = 1;
		}
	}
	def_of(holds, &def);
	g[0].def = def;
	if (holds != &g[0]) {
		free(g[0].note);
		g[0].note = holds->note;
		holds->note = NULL;
		g[0].s = holds->s;
		memcpy(g[0].stext, holds->stext, sizeof(g[0].stext));
	}
	for (j = 1; j < k; j++) {
		free(g[j].name);
		free(g[j].note);
	}
}

/*
 * One ritual for each name (candidates sorted by cmp_candidate), in
 * place.
 */
static void
settle_names(struct ritual_set *set)
{
	struct ritual *rt;
	size_t i, j, n = 0;

	for (i = 0; i < set->nr; i = j) {
		rt = &set->r[i];
		for (j = i + 1; j < set->nr && ritual_fold_cmp(rt->name,
		    strlen(rt->name), set->r[j].name,
		    strlen(set->r[j].name)) == 0; j++)
			continue;
		settle_definitions(rt, j - i);
		set->r[n++] = *rt;
	}
	set->nr = n;
}

/*
 * Put mark m on its ritual rt, seen on day today; what is dated before
 * the definition (by timestamp or by day) or after today is left out.
 */
static int
settle_mark(struct ritual_set *set, struct ritual *rt,
    const struct ritual_mark *m, int64_t today, struct herr *e)
{
	struct ritual_event *ev;
	int c;

	if (date_cmp(&m->ev.when, &rt->defined_at) < 0 || m->ev.day < rt->d0 ||
	    m->ev.day > today)
		return 0;
	/* The earliest retirement counts; at one instant, the earlier day. */
	if (m->retire) {
		if (rt->retired && ((c = date_cmp(&m->ev.when,
		    &rt->retired_at)) > 0 || (c == 0 &&
		    m->ev.day >= rt->retired_on)))
			return 0;
		rt->retired = 1;
		rt->retired_on = m->ev.day;
		rt->retired_at = m->ev.when;
		return 0;
	}
	/* What an undo took back counts for nothing. */
	if (set->nundo > 0 && bsearch(m->ev.id, set->undo, set->nundo,
	    sizeof(*set->undo), cmp_id) != NULL)
		return 0;
	if ((ev = grow(rt->ev, rt->nev, sizeof(*ev))) == NULL)
		return nomem(e);
	rt->ev = ev;
	rt->ev[rt->nev++] = m->ev;
	return 0;
}

int
ritual_settle(struct ritual_set *set, int64_t today, struct herr *e)
{
	const struct ritual_mark *m;
	struct name_key key;
	struct ritual *rt;
	size_t i;

	if (set->nr > 1)
		qsort(set->r, set->nr, sizeof(*set->r), cmp_candidate);
	settle_names(set);
	if (set->nundo > 1)
		qsort(set->undo, set->nundo, sizeof(*set->undo), cmp_id);
	for (i = 0; i < set->nmark; i++) {
		m = &set->mark[i];
		key.p = set->names.p + m->off;
		key.len = m->len;
		/* What names no defined ritual is left out. */
		if (set->nr > 0 && (rt = bsearch(&key, set->r, set->nr,
		    sizeof(*set->r), cmp_key)) != NULL &&
		    settle_mark(set, rt, m, today, e) == -1)
			return -1;
	}
	free(set->mark);
	set->mark = NULL;
	set->nmark = 0;
	buf_free(&set->names);
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if (rt->nev > 1)
			qsort(rt->ev, rt->nev, sizeof(*rt->ev), cmp_event);
		/* Once it is retired, there is nothing left to agree on. */
		if (rt->retired)
			rt->disputed = 0;
	}
	if (set->nr > 1)
		qsort(set->r, set->nr, sizeof(*set->r), cmp_defined);
	return 0;
}

int
ritual_load(struct ritual_set *set, struct store *st, int64_t today,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct herr *e)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	int n;

	if (st != NULL) {
		q.tool = RITUAL_DIR;
		q.warn = warn;
		q.warn_arg = warn_arg;
		if (store_read_open(&rd, st, &q, e) == -1)
			return -1;
		while ((n = store_read_next(rd, &r, e)) == 1) {
			if (ritual_feed(set, &r, e) == 0)
				continue;
			if (e->code != HX_DATAERR) {
				n = -1;
				break;
			}
			/* A bad schedule costs its ritual, not the run. */
			if (warn != NULL)
				warn(warn_arg, store_read_file(rd), 0, e->msg);
		}
		store_read_close(rd);
		if (n == -1)
			return -1;
	}
	/* What a partner's log dates after today counts for nothing. */
	return ritual_settle(set, today, e);
}

size_t
ritual_disputes(const struct ritual_set *set, const struct ritual **out,
    size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < set->nr; i++)
		if (set->r[i].disputed) {
			if (n < max)
				out[n] = &set->r[i];
			n++;
		}
	return n;
}

void
ritual_schedule_words(const char *stext, char out[RITUAL_WORDS_MAX])
{
	if (strncmp(stext, "after:", 6) == 0)
		snprintf(out, RITUAL_WORDS_MAX, "after %s", stext + 6);
	else
		snprintf(out, RITUAL_WORDS_MAX, "every %s", stext);
}

int
ritual_dispute_text(const struct ritual *rt, struct buf *b)
{
	char held[RITUAL_WORDS_MAX], other[RITUAL_WORDS_MAX];

	ritual_schedule_words(rt->def.stext, held);
	ritual_schedule_words(rt->rival.stext, other);
	return buf_printf(b, "schedules differ: %s %s, %s %s", rt->def.by,
	    held, rt->rival.by, other);
}

struct ritual *
ritual_find(const struct ritual_set *set, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < set->nr; i++)
		if (ritual_fold_cmp(set->r[i].name, strlen(set->r[i].name),
		    name, n) == 0)
			return &set->r[i];
	return NULL;
}

enum ritual_found
ritual_lookup(const struct ritual_set *set, const char *name, int all,
    struct ritual **hit, struct ritual **other)
{
	struct ritual *rt;
	size_t i, n = strlen(name);

	*hit = *other = NULL;
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if ((all || !rt->retired) && ritual_fold_cmp(rt->name,
		    strlen(rt->name), name, n) == 0) {
			*hit = rt;
			return RITUAL_FOUND;
		}
	}
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if ((!all && rt->retired) ||
		    !fold_prefix(name, n, rt->name, strlen(rt->name)))
			continue;
		if (*hit != NULL) {
			*other = rt;
			return RITUAL_AMBIGUOUS;
		}
		*hit = rt;
	}
	return *hit != NULL ? RITUAL_FOUND : RITUAL_NONE;
}

/*
 * How many events of rt are dated before day d, or on it too when
 * inclusive is set (events are in day order).
 */
static size_t
events_upto(const struct ritual *rt, int64_t d, int inclusive)
{
	size_t lo = 0, hi = rt->nev, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rt->ev[mid].day < d || (inclusive && rt->ev[mid].day == d))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The last day it was done by today, and by whom: the last written that
 * day.
 */
static void
assess_last(const struct ritual *rt, int64_t today, struct ritual_status *st)
{
	const struct ritual_event *ev;
	size_t i;

	for (i = events_upto(rt, today, 1); i > 0; i--) {
		ev = &rt->ev[i - 1];
		/* Dones come first in a day: take the last of them. */
		if (ev->skip)
			continue;
		st->has_last = 1;
		st->last = ev->day;
		memcpy(st->lastby, ev->by, sizeof(st->lastby));
		return;
	}
}

static void
assess_after(const struct ritual *rt, int64_t today,
    struct ritual_status *st)
{
	const struct ritual_event *ev;
	int64_t prev = INT64_MIN, step = INT64_MIN, gap = rt->s.n;
	size_t i, n = events_upto(rt, today, 1);
	int chain = 0;

	for (i = 0; i < n; i++) {
		ev = &rt->ev[i];
		/* A chain holds while each comes within two periods. */
		if (prev != INT64_MIN && ev->day - prev > 2 * gap) {
			chain = 0;
			step = INT64_MIN;
		}
		/* One step a period: a second done in it adds nothing. */
		if (!ev->skip && (step == INT64_MIN || ev->day - step >= gap)) {
			chain++;
			step = ev->day;
		}
		if (chain > st->best)
			st->best = chain;
		prev = ev->day;
	}
	st->occ = prev == INT64_MIN ? rt->d0 : prev + gap;
	st->streak = prev != INT64_MIN && today - prev <= 2 * gap ? chain : 0;
	st->due = today >= st->occ;
	/* Never done: due from the day it was added, late the day after. */
	st->overdue = today > st->occ;
	st->next = st->occ >= today ? st->occ : today;
}

/*
 * Periods in turn, only those that hold events (each looked at once):
 * a period between two of them, or between the last of them and the
 * current one, holds none and was missed.
 */
static void
assess_calendar(const struct ritual *rt, int64_t today, int wstart,
    struct ritual_status *st)
{
	int64_t next_st, pst, pen, cur_st, cur_en;
	size_t i = 0, n = events_upto(rt, today, 1);
	int kept, skipped, cur_kept = 0, cur_skipped = 0, run = 0;

	sched_period(&rt->s, rt->d0, wstart, today, &cur_st, &cur_en);
	/* next_st: where the first period not yet looked at starts. */
	sched_period(&rt->s, rt->d0, wstart, rt->d0, &next_st, &pen);
	while (i < n) {
		sched_period(&rt->s, rt->d0, wstart, rt->ev[i].day, &pst,
		    &pen);
		kept = skipped = 0;
		for (; i < n && rt->ev[i].day < pen; i++) {
			if (rt->ev[i].skip)
				skipped = 1;
			else
				kept = 1;
		}
		if (pst > next_st)
			run = 0;	/* missed the ones before it */
		if (kept)
			run++;
		if (run > st->best)
			st->best = run;
		next_st = pen;
		if (pst == cur_st) {
			cur_kept = kept;
			cur_skipped = skipped;
		}
	}
	/* The current period breaks nothing while it is open. */
	if (next_st < cur_st)
		run = 0;
	st->streak = run;
	st->occ = cur_st;
	st->due = !cur_kept && !cur_skipped && cur_st <= today;
	st->overdue = st->due && !sched_anyday(&rt->s) && today > cur_st;
	/* The next occurrence on or after today that still wants doing. */
	st->next = cur_st >= today && (st->due || cur_st > today) ? cur_st :
	    cur_en;
}

void
ritual_assess(const struct ritual *rt, int64_t today, int wstart,
    struct ritual_status *st)
{
	memset(st, 0, sizeof(*st));
	/* A retired ritual is seen as it stood the day it was retired. */
	if (rt->retired && rt->retired_on < today)
		today = rt->retired_on;
	assess_last(rt, today, st);
	if (rt->s.kind == SCHED_AFTER)
		assess_after(rt, today, st);
	else
		assess_calendar(rt, today, wstart, st);
	if (rt->retired)
		st->due = st->overdue = 0;
}

enum ritual_day_state
ritual_day(const struct ritual *rt, int64_t d, int64_t today, int wstart)
{
	int64_t st, en, first, unused;
	size_t i;

	if (d > today)
		return RITUAL_NOT_DUE;
	/* Events are in day order, dones first. */
	i = events_upto(rt, d, 0);
	if (i < rt->nev && rt->ev[i].day == d)
		return rt->ev[i].skip ? RITUAL_SKIPPED : RITUAL_DONE;
	if (rt->s.kind == SCHED_AFTER || d < rt->d0 ||
	    (rt->retired && d >= rt->retired_on))
		return RITUAL_NOT_DUE;
	sched_period(&rt->s, rt->d0, wstart, d, &st, &en);
	/* A period that ended unkept is missed on its occurrence day. */
	if (st != d || en > today)
		return RITUAL_NOT_DUE;
	/* The first period also holds the days before it (done early). */
	sched_period(&rt->s, rt->d0, wstart, rt->d0, &first, &unused);
	i = events_upto(rt, st == first ? rt->d0 : st, 0);
	return i < rt->nev && rt->ev[i].day < en ? RITUAL_NOT_DUE :
	    RITUAL_MISSED;
}

const struct ritual_event *
ritual_undoable(const struct ritual *rt, const char *author)
{
	const struct ritual_event *ev, *mine = NULL;
	size_t i;

	for (i = 0; i < rt->nev; i++) {
		ev = &rt->ev[i];
		if (strcmp(ev->by, author) == 0 &&
		    (mine == NULL || date_cmp(&ev->when, &mine->when) > 0))
			mine = ev;
	}
	return mine;
}
