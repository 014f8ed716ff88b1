/*
 * goals: the couple's goals, as both partners' logs make them (see
 * goals.h).
 *
 * Records come in any order, so feeding only keeps them, in three flat
 * arrays: the adds, the events (a goal id each, not a goal: its add may
 * come later) and the ids that undos take back.  goals_settle sorts the
 * adds into the order of records, the events by goal and then by the
 * same order, and the undos by id; copies of one record end up side by
 * side and are dropped; each event learns whether it is taken back by a
 * binary search of the undos, and each goal finds its slice of events
 * by a binary search of the events.  A goal's status is then one walk
 * of its slice, the walk that goals_status_at does for any moment.
 *
 * Every key comes from the records themselves (a timestamp, an author,
 * the bytes), never from the order of arrival, so two machines that hold
 * the same records agree.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "goals.h"
#include "herr.h"
#include "record.h"
#include "store.h"
#include "text.h"

/* The fields of each kind. */
#define F_TEXT		RF_DATA		/* add */
#define F_BY		(RF_DATA + 1)	/* add */
#define F_EVERY		(RF_DATA + 2)	/* add */
#define F_GOAL		RF_DATA		/* note, done, drop, undo */
#define F_PCT		(RF_DATA + 1)	/* note */
#define F_NOTE		(RF_DATA + 2)	/* note */
#define F_WHY		(RF_DATA + 1)	/* drop */
#define F_ID		(RF_DATA + 1)	/* undo */

enum { K_ADD, K_NOTE, K_DONE, K_DROP, K_UNDO, K_NONE };

static const struct {
	const char	*name;
	int		 nfields;
} kinds[] = {
	{ "add", 3 },
	{ "note", 3 },
	{ "done", 1 },
	{ "drop", 2 },
	{ "undo", 2 },
};

static int
kind_of(const struct record *r)
{
	int k;

	for (k = 0; k < K_NONE; k++)
		if (r->flen[RF_KIND] == strlen(kinds[k].name) &&
		    memcmp(r->f[RF_KIND], kinds[k].name, r->flen[RF_KIND]) ==
		    0)
			return r->nf == (size_t)(RF_DATA + kinds[k].nfields) ?
			    k : K_NONE;
	return K_NONE;
}

int
goals_parse_pct(const char *s, size_t len)
{
	int v = 0;
	size_t i;

	if (len == 0 || len > 3 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 100 ? v : -1;
}

int
goals_parse_day(const char *s, size_t len, int64_t *day)
{
	static const char shape[] = "dddd-dd-dd";
	unsigned y = 0, m, d;
	size_t i;

	if (len != 10)
		return -1;
	for (i = 0; i < len; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (unsigned)(s[i] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (m < 1 || m > 12 || d < 1 || (int)d > date_days_in_month(y, m))
		return -1;
	*day = date_days_from_civil(y, m, d);
	return 0;
}

const char *
goals_text_problem(const char *s, size_t len, size_t max, int empty_ok)
{
	size_t bad, i;

	if (text_utf8_check(s, len, &bad) == -1)
		return "is not valid UTF-8";
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    ((unsigned char)s[i] == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f))
			return "has a control character";
	for (i = 0; i < len && s[i] == ' '; i++)
		;
	if (!empty_ok && i == len)
		return "is empty";
	return len > max ? "is too long" : NULL;
}

const char *
goals_record_check(const struct record *r)
{
	int64_t day;

	switch (kind_of(r)) {
	case K_ADD:
		if (r->flen[F_TEXT] == 0)
			return "empty goal";
		if (r->flen[F_BY] > 0 &&
		    goals_parse_day(r->f[F_BY], r->flen[F_BY], &day) == -1)
			return "bad day";
		if (r->flen[F_EVERY] > 0 && (r->flen[F_EVERY] != 5 ||
		    memcmp(r->f[F_EVERY], "month", 5) != 0))
			return "bad every";
		return NULL;
	case K_NOTE:
		if (r->flen[F_PCT] > 0 &&
		    goals_parse_pct(r->f[F_PCT], r->flen[F_PCT]) == -1)
			return "bad percentage";
		/* FALLTHROUGH */
	case K_DONE:
	case K_DROP:
		return record_id_valid(r->f[F_GOAL], r->flen[F_GOAL]) ? NULL :
		    "bad goal id";
	case K_UNDO:
		if (!record_id_valid(r->f[F_GOAL], r->flen[F_GOAL]))
			return "bad goal id";
		return record_id_valid(r->f[F_ID], r->flen[F_ID]) ? NULL :
		    "bad record id";
	default:
		return "unknown kind";
	}
}

/* ---- feeding ---- */

void
goals_init(struct goal_set *set)
{
	memset(set, 0, sizeof(*set));
}

void
goals_free(struct goal_set *set)
{
	size_t i;

	for (i = 0; i < set->ng; i++) {
		free(set->g[i].rec.line);
		free(set->g[i].text);
	}
	for (i = 0; i < set->nev; i++) {
		free(set->ev[i].rec.line);
		free(set->ev[i].text);
	}
	free(set->g);
	free(set->ev);
	free(set->undo);
	buf_free(&set->scratch);
	goals_init(set);
}

static int
nomem(struct herr *e)
{
	return herr_errno(e, HX_IOERR, errno, "memory");
}

/* p, an array of n with room for *cap, with room for one more, or NULL. */
static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *q;

	if (n < *cap)
		return p;
	ncap = *cap ? *cap * 2 : 16;
	if ((q = reallocarray(p, ncap, size)) == NULL)
		return NULL;
	*cap = ncap;
	return q;
}

static int
rec_fill(struct goal_rec *rec, const struct record *r)
{
	rec->when = r->when;
	memcpy(rec->by, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	rec->by[r->flen[RF_AUTHOR]] = '\0';
	record_id(r->line, r->len, rec->id);
	if ((rec->line = malloc(r->len + 1)) == NULL)
		return -1;
	memcpy(rec->line, r->line, r->len);
	rec->line[r->len] = '\0';
	rec->len = r->len;
	return 0;
}

/* Field i of r unescaped, in memory of its own; NULL when none is left. */
static char *
field_text(struct goal_set *set, const struct record *r, size_t i)
{
	if (record_text(r, i, &set->scratch) == -1 ||
	    buf_nul(&set->scratch) == -1)
		return NULL;
	return strdup(set->scratch.p);
}

static int
feed_goal(struct goal_set *set, const struct record *r, struct herr *e)
{
	struct goal *g;
	void *p;

	if ((p = grow(set->g, &set->gcap, set->ng, sizeof(*set->g))) == NULL)
		return nomem(e);
	set->g = p;
	g = &set->g[set->ng];
	memset(g, 0, sizeof(*g));
	g->by = GOALS_NO_DAY;
	if (r->flen[F_BY] > 0)
		(void)goals_parse_day(r->f[F_BY], r->flen[F_BY], &g->by);
	g->every_month = r->flen[F_EVERY] > 0;
	if ((g->text = field_text(set, r, F_TEXT)) == NULL ||
	    rec_fill(&g->rec, r) == -1) {
		free(g->text);
		return nomem(e);
	}
	set->ng++;
	return 0;
}

static int
feed_event(struct goal_set *set, const struct record *r, int k,
    struct herr *e)
{
	struct goal_event *ev;
	void *p;

	if ((p = grow(set->ev, &set->evcap, set->nev, sizeof(*set->ev))) ==
	    NULL)
		return nomem(e);
	set->ev = p;
	ev = &set->ev[set->nev];
	memset(ev, 0, sizeof(*ev));
	memcpy(ev->goal, r->f[F_GOAL], RECORD_ID_LEN);
	ev->kind = k == K_NOTE ? GOAL_NOTE : k == K_DONE ? GOAL_DONE :
	    GOAL_DROP;
	ev->pct = k == K_NOTE && r->flen[F_PCT] > 0 ?
	    goals_parse_pct(r->f[F_PCT], r->flen[F_PCT]) : -1;
	if ((k != K_DONE && (ev->text = field_text(set, r,
	    k == K_NOTE ? F_NOTE : F_WHY)) == NULL) ||
	    rec_fill(&ev->rec, r) == -1) {
		free(ev->text);
		return nomem(e);
	}
	set->nev++;
	return 0;
}

int
goals_feed(struct goal_set *set, const struct record *r, struct herr *e)
{
	struct goal_undo *u;
	int k;

	if (goals_record_check(r) != NULL || r->flen[RF_AUTHOR] > AUTHOR_MAX)
		return 0;
	switch (k = kind_of(r)) {
	case K_ADD:
		return feed_goal(set, r, e);
	case K_UNDO:
		if ((u = grow(set->undo, &set->ucap, set->nundo,
		    sizeof(*set->undo))) == NULL)
			return nomem(e);
		set->undo = u;
		u = &set->undo[set->nundo++];
		memcpy(u->goal, r->f[F_GOAL], RECORD_ID_LEN);
		u->goal[RECORD_ID_LEN] = '\0';
		memcpy(u->id, r->f[F_ID], RECORD_ID_LEN);
		u->id[RECORD_ID_LEN] = '\0';
		return 0;
	default:
		return feed_event(set, r, k, e);
	}
}

/* ---- settling ---- */

/* The order of records: time, then author, then bytes. */
static int
rec_cmp(const struct goal_rec *a, const struct goal_rec *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if ((c = date_cmp(&a->when, &b->when)) != 0)
		return c;
	if ((c = strcmp(a->by, b->by)) != 0)
		return c;
	if ((c = memcmp(a->line, b->line, n)) != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
cmp_goal(const void *a, const void *b)
{
	return rec_cmp(&((const struct goal *)a)->rec,
	    &((const struct goal *)b)->rec);
}

static int
cmp_event(const void *a, const void *b)
{
	const struct goal_event *x = a, *y = b;
	int c;

	if ((c = strcmp(x->goal, y->goal)) != 0)
		return c;
	return rec_cmp(&x->rec, &y->rec);
}

static int
cmp_undo(const void *a, const void *b)
{
	return strcmp(((const struct goal_undo *)a)->id,
	    ((const struct goal_undo *)b)->id);
}

/* Drop the second of two copies of a record, the arrays being sorted. */
static void
dedupe(struct goal_set *set)
{
	size_t i, n;

	for (i = n = 0; i < set->ng; i++) {
		if (n > 0 && rec_cmp(&set->g[n - 1].rec, &set->g[i].rec) == 0) {
			free(set->g[i].rec.line);
			free(set->g[i].text);
		} else
			set->g[n++] = set->g[i];
	}
	set->ng = n;
	for (i = n = 0; i < set->nev; i++) {
		if (n > 0 && cmp_event(&set->ev[n - 1], &set->ev[i]) == 0) {
			free(set->ev[i].rec.line);
			free(set->ev[i].text);
		} else
			set->ev[n++] = set->ev[i];
	}
	set->nev = n;
}

/* Whether an undo of ev's goal names ev's record. */
static int
taken_back(const struct goal_set *set, const struct goal_event *ev)
{
	size_t lo = 0, hi = set->nundo, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(set->undo[mid].id, ev->rec.id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < set->nundo && strcmp(set->undo[lo].id, ev->rec.id) == 0;
	    lo++)
		if (strcmp(set->undo[lo].goal, ev->goal) == 0)
			return 1;
	return 0;
}

/* The first event of the goal with id, or of the next goal. */
static size_t
first_event(const struct goal_set *set, const char *id)
{
	size_t lo = 0, hi = set->nev, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(set->ev[mid].goal, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
goals_settle(struct goal_set *set, struct herr *e)
{
	struct goal *g;
	size_t i, j;

	if (set->ng > 0)
		qsort(set->g, set->ng, sizeof(*set->g), cmp_goal);
	if (set->nev > 0)
		qsort(set->ev, set->nev, sizeof(*set->ev), cmp_event);
	if (set->nundo > 0)
		qsort(set->undo, set->nundo, sizeof(*set->undo), cmp_undo);
	dedupe(set);
	for (i = 0; i < set->nev; i++)
		set->ev[i].undone = taken_back(set, &set->ev[i]);
	for (i = 0; i < set->ng; i++) {
		g = &set->g[i];
		j = first_event(set, g->rec.id);
		g->ev = set->ev + j;
		while (j < set->nev && strcmp(set->ev[j].goal, g->rec.id) == 0)
			j++;
		g->nev = (size_t)(set->ev + j - g->ev);
		goals_status_at(g, NULL, &g->st);
	}
	return 0;
}

/* What goals_load feeds: the set, and the moment records stop counting. */
struct feeding {
	struct goal_set		*set;
	const struct hmoment	*until;
};

static int
feed_until(void *arg, const struct record *r, struct herr *e)
{
	struct feeding *f = arg;

	if (f->until != NULL && date_cmp(&r->when, f->until) >= 0)
		return 0;
	return goals_feed(f->set, r, e);
}

int
goals_load(struct goal_set *set, struct store *st,
    const struct hmoment *until,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct herr *e)
{
	struct feeding f = { set, until };

	if (st != NULL && store_feed(st, GOALS_DIR, feed_until, &f, warn,
	    warn_arg, e) == -1)
		return -1;
	return goals_settle(set, e);
}

/* ---- reading ---- */

void
goals_status_at(const struct goal *g, const struct hmoment *at,
    struct goal_status *st)
{
	const struct goal_event *ev;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->state = GOAL_OPEN;
	/* Events are in time order: the first at or after at ends it. */
	for (i = 0; i < g->nev; i++) {
		ev = &g->ev[i];
		if (at != NULL && date_cmp(&ev->rec.when, at) >= 0)
			break;
		if (ev->undone)
			continue;
		switch (ev->kind) {
		case GOAL_NOTE:
			st->notes++;
			st->last_note = ev;
			if (ev->pct >= 0) {
				st->pct = ev->pct;
				st->has_pct = 1;
			}
			break;
		case GOAL_DONE:
		case GOAL_DROP:
			st->state = ev->kind == GOAL_DONE ? GOAL_REACHED :
			    GOAL_DROPPED;
			st->closed = ev;
			break;
		}
	}
}

int
goals_pct(const struct goal_status *st)
{
	return st->state == GOAL_REACHED ? 100 : st->pct;
}

static char
ascii_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/*
 * How g answers to what (low: folded, of length wlen; idq: whether it
 * can be an id prefix): 2 by its id or its whole text, 1 by a part of
 * its text, 0 not at all.
 */
static int
named(const struct goal *g, const char *low, size_t wlen, int idq)
{
	char text[RECORD_MAX];	/* a text is shorter than its record */
	size_t i, n = strlen(g->text);

	if (idq && strncmp(g->rec.id, low, wlen) == 0)
		return 2;
	if (n >= sizeof(text))
		return 0;
	for (i = 0; i < n; i++)
		text[i] = ascii_lower(g->text[i]);
	if (n == wlen && memcmp(text, low, n) == 0)
		return 2;
	return memmem(text, n, low, wlen) != NULL;
}

size_t
goals_match(const struct goal_set *set, const char *what, int open_first,
    const struct goal **hit, size_t max)
{
	char low[RECORD_MAX];
	size_t i, n = 0, wlen = strlen(what);
	int how, idq, open = 0, whole = 0, whole_open = 0, only_open;
	int need_whole;

	if (wlen == 0 || wlen >= sizeof(low))
		return 0;
	for (i = 0; i <= wlen; i++)
		low[i] = ascii_lower(what[i]);
	idq = record_id_prefix_valid(low);
	for (i = 0; i < set->ng; i++) {
		if ((how = named(&set->g[i], low, wlen, idq)) == 0)
			continue;
		open |= set->g[i].st.state == GOAL_OPEN;
		whole |= how == 2;
		whole_open |= how == 2 && set->g[i].st.state == GOAL_OPEN;
	}
	only_open = open_first && open;
	need_whole = only_open ? whole_open : whole;
	for (i = 0; i < set->ng; i++) {
		how = named(&set->g[i], low, wlen, idq);
		if (how == 0 || (need_whole && how != 2) ||
		    (only_open && set->g[i].st.state != GOAL_OPEN))
			continue;
		if (n < max)
			hit[n] = &set->g[i];
		n++;
	}
	return n;
}

const struct goal_event *
goals_undoable(const struct goal *g, const char *author)
{
	size_t i;

	if (g->st.state != GOAL_OPEN)
		return g->st.closed;
	for (i = g->nev; i-- > 0;)
		if (!g->ev[i].undone && g->ev[i].kind == GOAL_NOTE &&
		    strcmp(g->ev[i].rec.by, author) == 0)
			return &g->ev[i];
	return NULL;
}

enum goal_state
goals_state_without(const struct goal *g, const struct goal_event *ev)
{
	enum goal_state state = GOAL_OPEN;
	size_t i;

	for (i = 0; i < g->nev; i++)
		if (!g->ev[i].undone && &g->ev[i] != ev &&
		    g->ev[i].kind != GOAL_NOTE)
			state = g->ev[i].kind == GOAL_DONE ? GOAL_REACHED :
			    GOAL_DROPPED;
	return state;
}

/* ---- the review ---- */

static int
in_period(const struct goal_event *ev, const struct hmoment *from,
    const struct hmoment *to)
{
	return !ev->undone && date_cmp(&ev->rec.when, from) >= 0 &&
	    date_cmp(&ev->rec.when, to) < 0;
}

/* Whether g moved in [from, to), and how, into *m. */
static int
moved_in(const struct goal *g, const struct hmoment *from,
    const struct hmoment *to, struct goal_move *m)
{
	const struct goal_event *ev;
	size_t i, w;
	int any = 0;

	memset(m, 0, sizeof(*m));
	m->g = g;
	for (i = 0; i < g->nev; i++) {
		ev = &g->ev[i];
		if (!in_period(ev, from, to))
			continue;
		any = 1;
		if (ev->kind != GOAL_NOTE)
			continue;
		m->notes++;
		m->last_note = ev;
		for (w = 0; w < m->nwho &&
		    strcmp(m->who[w].by, ev->rec.by) != 0; w++)
			;
		if (w == m->nwho && w < GOALS_WHO_MAX)
			m->who[m->nwho++].by = ev->rec.by;
		if (w < m->nwho)
			m->who[w].n++;
	}
	if (!any)
		return 0;
	goals_status_at(g, from, &m->before);
	goals_status_at(g, to, &m->after);
	return 1;
}

int
goals_moved(const struct goal_set *set, const struct hmoment *from,
    const struct hmoment *to, struct goal_move **out, size_t *n,
    struct herr *e)
{
	struct goal_move m, *v = NULL, *p;
	size_t i, cap = 0, k = 0;

	for (i = 0; i < set->ng; i++) {
		if (!moved_in(&set->g[i], from, to, &m))
			continue;
		if ((p = grow(v, &cap, k, sizeof(*v))) == NULL) {
			free(v);
			return nomem(e);
		}
		v = p;
		v[k++] = m;
	}
	*out = v;
	*n = k;
	return 0;
}

/* Whether g has a note that counts in [from, to). */
static int
noted_in(const struct goal *g, const struct hmoment *from,
    const struct hmoment *to)
{
	size_t i;

	for (i = 0; i < g->nev; i++)
		if (g->ev[i].kind == GOAL_NOTE &&
		    in_period(&g->ev[i], from, to))
			return 1;
	return 0;
}

static int
cmp_due(const void *a, const void *b)
{
	const struct goal_due *x = a, *y = b;
	int64_t kx = x->soon ? x->g->by : INT64_MAX;
	int64_t ky = y->soon ? y->g->by : INT64_MAX;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	/* Then in the order added: both point into one array. */
	return x->g < y->g ? -1 : x->g > y->g;
}

/* Put g in the stuck and due lists of rv when it belongs there. */
static void
review_goal(const struct goal *g, const struct hmoment *from,
    const struct hmoment *to, int64_t today, struct goal_review *rv)
{
	struct goal_stuck *s = &rv->stuck[rv->nstuck];
	struct goal_due *d = &rv->due[rv->ndue];
	const struct goal_event *last = g->st.last_note;

	s->g = g;
	s->noted = last != NULL;
	s->since = date_local_day(last != NULL ? &last->rec.when :
	    &g->rec.when);
	if (today - s->since >= GOALS_STUCK_DAYS)
		rv->nstuck++;
	d->g = g;
	d->soon = g->by != GOALS_NO_DAY && g->by - today <= GOALS_SOON_DAYS;
	d->days = d->soon ? g->by - today : 0;
	d->monthly = g->every_month && !noted_in(g, from, to);
	if (d->soon || d->monthly)
		rv->ndue++;
}

int
goals_review(const struct goal_set *set, const struct hmoment *from,
    const struct hmoment *to, int64_t today, struct goal_review *rv,
    struct herr *e)
{
	size_t i, n = set->ng ? set->ng : 1;

	memset(rv, 0, sizeof(*rv));
	if (goals_moved(set, from, to, &rv->moved, &rv->nmoved, e) == -1)
		return -1;
	rv->stuck = calloc(n, sizeof(*rv->stuck));
	rv->due = calloc(n, sizeof(*rv->due));
	if (rv->stuck == NULL || rv->due == NULL) {
		goals_review_free(rv);
		return nomem(e);
	}
	for (i = 0; i < set->ng; i++)
		if (set->g[i].st.state == GOAL_OPEN)
			review_goal(&set->g[i], from, to, today, rv);
	if (rv->ndue > 1)
		qsort(rv->due, rv->ndue, sizeof(*rv->due), cmp_due);
	return 0;
}

int
goals_review_empty(const struct goal_review *rv)
{
	return rv->nmoved == 0 && rv->nstuck == 0 && rv->ndue == 0;
}

void
goals_review_free(struct goal_review *rv)
{
	free(rv->moved);
	free(rv->stuck);
	free(rv->due);
	memset(rv, 0, sizeof(*rv));
}
