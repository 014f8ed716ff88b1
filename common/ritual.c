/*
 * ritual: the couple's rituals, as both partners' logs make them (see
 * ritual.h).
 *
 * Records are taken in any order, so little is decided while feeding:
 * a definition makes its ritual or replaces a later one of the same
 * name, while dones, skips, retirements and undo ids are only kept, in
 * flat arrays (a name each, not a ritual: theirs may come later).
 * ritual_settle then decides: each mark goes to the ritual it names or
 * is dropped, undone events are marked, and everything is sorted by keys
 * that leave no tie to the order of arrival (a timestamp, then an
 * author, then a record id).  So a partner's log full of names never
 * defined costs a pass over the definitions each, as it always did, and
 * never a ritual.
 *
 * Arrays grow by doubling: one of n entries is reallocated when n is a
 * power of two, so no capacity is kept beside it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "herr.h"
#include "record.h"
#include "ritual.h"
#include "schedule.h"
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

/* The ritual named name[0..len) without regard to case, or NULL. */
static struct ritual *
named(const struct ritual_set *set, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		if (text_casecmp(set->r[i].name, strlen(set->r[i].name), name,
		    len) == 0)
			return &set->r[i];
	return NULL;
}

static int
feed_define(struct ritual_set *set, const struct record *r, struct herr *e)
{
	struct ritual *rt;
	struct sched s;
	char by[AUTHOR_MAX + 1], id[RECORD_ID_LEN + 1], *name, *note;

	if (record_text(r, F_NAME, &set->name) == -1 ||
	    record_text(r, F_SCHED, &set->text) == -1)
		return nomem(e);
	if (sched_parse_stored(set->text.p, &s) == -1)
		return herr_set(e, HX_DATAERR, "ritual '%s' has a bad schedule "
		    "'%s'; ignored", set->name.p, set->text.p);
	author_of(r, by);
	record_id(r->line, r->len, id);
	/* The earliest definition is kept, whenever it arrives. */
	if ((rt = named(set, set->name.p, set->name.len)) != NULL &&
	    order(&r->when, by, id, &rt->defined_at, rt->definer,
	    rt->defid) >= 0)
		return 0;
	if (record_text(r, F_NOTE, &set->text) == -1 ||
	    (name = strdup(set->name.p)) == NULL)
		return nomem(e);
	if ((note = strdup(set->text.p)) == NULL) {
		free(name);
		return nomem(e);
	}
	if (rt == NULL) {
		if ((rt = grow(set->r, set->nr, sizeof(*rt))) == NULL) {
			free(name);
			free(note);
			return nomem(e);
		}
		set->r = rt;
		rt = &set->r[set->nr++];
		memset(rt, 0, sizeof(*rt));
	}
	free(rt->name);
	free(rt->note);
	rt->name = name;
	rt->note = note;
	rt->s = s;
	sched_format(&s, rt->stext);
	rt->d0 = day_of(r->f[RF_TIME], 10);
	rt->defined_at = r->when;
	memcpy(rt->definer, by, sizeof(by));
	memcpy(rt->defid, id, sizeof(id));
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

/* Put mark m on its ritual rt. */
static int
settle_mark(struct ritual_set *set, struct ritual *rt,
    const struct ritual_mark *m, struct herr *e)
{
	struct ritual_event *ev;
	int c;

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
	if ((ev = grow(rt->ev, rt->nev, sizeof(*ev))) == NULL)
		return nomem(e);
	rt->ev = ev;
	ev = &rt->ev[rt->nev++];
	*ev = m->ev;
	ev->undone = set->nundo > 0 && bsearch(ev->id, set->undo, set->nundo,
	    sizeof(*set->undo), cmp_id) != NULL;
	return 0;
}

int
ritual_settle(struct ritual_set *set, struct herr *e)
{
	const struct ritual_mark *m;
	struct ritual *rt;
	size_t i;

	if (set->nundo > 1)
		qsort(set->undo, set->nundo, sizeof(*set->undo), cmp_id);
	for (i = 0; i < set->nmark; i++) {
		m = &set->mark[i];
		/* What names no defined ritual is left out. */
		if ((rt = named(set, set->names.p + m->off, m->len)) != NULL &&
		    settle_mark(set, rt, m, e) == -1)
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
	}
	if (set->nr > 1)
		qsort(set->r, set->nr, sizeof(*set->r), cmp_defined);
	return 0;
}

struct ritual *
ritual_find(const struct ritual_set *set, const char *name)
{
	return named(set, name, strlen(name));
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
		if ((all || !rt->retired) && text_casecmp(rt->name,
		    strlen(rt->name), name, n) == 0) {
			*hit = rt;
			return RITUAL_FOUND;
		}
	}
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if ((!all && rt->retired) || strlen(rt->name) < n ||
		    text_casecmp(rt->name, n, name, n) != 0)
			continue;
		if (*hit != NULL) {
			*other = rt;
			return RITUAL_AMBIGUOUS;
		}
		*hit = rt;
	}
	return *hit != NULL ? RITUAL_FOUND : RITUAL_NONE;
}

/* The last day it was done, and by whom: the last written that day. */
static void
assess_last(const struct ritual *rt, struct ritual_status *st)
{
	const struct ritual_event *ev;
	size_t i;

	for (i = 0; i < rt->nev; i++) {
		ev = &rt->ev[i];
		if (ev->undone || ev->skip)
			continue;
		st->has_last = 1;
		st->last = ev->day;
		memcpy(st->lastby, ev->by, sizeof(st->lastby));
	}
}

static void
assess_after(const struct ritual *rt, int64_t today,
    struct ritual_status *st)
{
	const struct ritual_event *ev;
	int64_t prev = INT64_MIN, step = INT64_MIN, gap = rt->s.n;
	size_t i;
	int chain = 0;

	for (i = 0; i < rt->nev; i++) {
		ev = &rt->ev[i];
		if (ev->undone)
			continue;
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
 * Whether the events from *i on keep (*kept) or excuse (*skipped) the
 * period that starts on st; *i moves past them.  Events are in day order
 * and periods are taken in turn, so each event is looked at once.
 */
static void
period_marks(const struct ritual *rt, int wstart, int64_t st, size_t *i,
    int *kept, int *skipped)
{
	const struct ritual_event *ev;
	int64_t pst, pen;

	*kept = *skipped = 0;
	for (; *i < rt->nev; (*i)++) {
		ev = &rt->ev[*i];
		sched_period(&rt->s, rt->d0, wstart, ev->day, &pst, &pen);
		if (pst > st)
			break;
		if (ev->undone || pst < st)
			continue;
		if (ev->skip)
			*skipped = 1;
		else
			*kept = 1;
	}
}

static void
assess_calendar(const struct ritual *rt, int64_t today, int wstart,
    struct ritual_status *st)
{
	int64_t ps, pe, unused, cur_st, cur_en;
	size_t i = 0;
	int kept, skipped, run = 0;

	sched_period(&rt->s, rt->d0, wstart, today, &cur_st, &cur_en);
	sched_period(&rt->s, rt->d0, wstart, rt->d0, &ps, &pe);
	/* Every period from the first to the current one, in turn. */
	for (; ps <= today || ps == cur_st; ps = pe) {
		sched_period(&rt->s, rt->d0, wstart, ps, &unused, &pe);
		period_marks(rt, wstart, ps, &i, &kept, &skipped);
		if (kept)
			run++;
		else if (!skipped && ps != cur_st)
			run = 0;	/* missed; an open one breaks nothing */
		if (run > st->best)
			st->best = run;
		if (ps == cur_st) {
			st->due = !kept && !skipped && ps <= today;
			st->overdue = st->due && !sched_anyday(&rt->s) &&
			    today > ps;
			break;
		}
	}
	st->streak = run;
	st->occ = cur_st;
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
	assess_last(rt, st);
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
	enum ritual_day_state state = RITUAL_NOT_DUE;
	int64_t st, en, pst, pen;
	size_t i;

	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].undone || rt->ev[i].day != d)
			continue;
		if (!rt->ev[i].skip)
			state = RITUAL_DONE;
		else if (state < RITUAL_SKIPPED)
			state = RITUAL_SKIPPED;
	}
	if (state != RITUAL_NOT_DUE || rt->s.kind == SCHED_AFTER ||
	    d < rt->d0 || (rt->retired && d >= rt->retired_on))
		return state;
	sched_period(&rt->s, rt->d0, wstart, d, &st, &en);
	/* A period that ended unkept is missed on its occurrence day. */
	if (st != d || en > today)
		return RITUAL_NOT_DUE;
	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].undone)
			continue;
		sched_period(&rt->s, rt->d0, wstart, rt->ev[i].day, &pst,
		    &pen);
		if (pst == st)
			return RITUAL_NOT_DUE;
	}
	return RITUAL_MISSED;
}

const struct ritual_event *
ritual_undoable(const struct ritual *rt, const char *author)
{
	const struct ritual_event *ev, *mine = NULL;
	size_t i;

	for (i = 0; i < rt->nev; i++) {
		ev = &rt->ev[i];
		if (!ev->undone && strcmp(ev->by, author) == 0 &&
		    (mine == NULL || date_cmp(&ev->when, &mine->when) > 0))
			mine = ev;
	}
	return mine;
}
