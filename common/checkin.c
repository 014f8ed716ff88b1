/*
 * checkin: the couple's weekly check-ins, as both partners' logs make
 * them (see checkin.h).
 *
 * Records come in any order, so nothing is decided while feeding: every
 * check-in and edit is kept in one flat array, every undo in another.
 * checkin_settle then decides by sorting, never by a scan per record:
 * the undos are sorted by the id they name (and author), so that whether
 * a record was taken back is a binary search; the check-ins are indexed
 * by id, so that each edit finds its check-in by binary search and the
 * latest edit of each is kept; and the check-ins are sorted by author,
 * week and order, so that the last of each run is the one that counts.
 * A partner's log of 40,000 records costs O(n log n).
 *
 * Arrays grow by doubling: one of n entries is reallocated when n is a
 * power of two, so no capacity is kept beside it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checkin.h"
#include "date.h"
#include "herr.h"
#include "record.h"
#include "store.h"

/* The fields of each kind, after KIND. */
#define F_ME		RF_DATA			/* checkin */
#define F_ID		RF_DATA			/* edit, undo */
#define NF_CHECKIN	(RF_DATA + 4)
#define NF_EDIT		(RF_DATA + 5)
#define NF_UNDO		(RF_DATA + 1)

/* One check-in, edit or undo as fed. */
struct checkin_raw {
	int		 edit;		/* 1 for an edit */
	struct hmoment	 when;
	char		*stamp;
	size_t		 stamp_len;
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
	char		 target[RECORD_ID_LEN + 1];	/* edit, undo */
	int64_t		 day, week;
	int		 me, close;
	char		*need, *note;
	int		 gone;		/* an undo took it back */
	struct checkin_raw *best;	/* a check-in's latest edit */
};

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

int64_t
checkin_week_of(int64_t day, int wstart)
{
	return day - (date_weekday(day) - wstart + 7) % 7;
}

int
checkin_week_start(const char *setting, const char *config)
{
	if (setting != NULL)
		return date_weekday_parse(setting, strlen(setting));
	if (config != NULL && *config != '\0')
		return date_weekday_parse(config, strlen(config));
	return 1;
}

int
checkin_score(const char *s, size_t len)
{
	if (len == 1 && s[0] >= '1' && s[0] <= '9')
		return s[0] - '0';
	if (len == 2 && s[0] == '1' && s[1] == '0')
		return 10;
	return -1;
}

/* The bytes field i of r has once unescaped, or (size_t)-1. */
static size_t
text_len(const struct record *r, size_t i)
{
	char tmp[RECORD_MAX];

	if (r->flen[i] > sizeof(tmp))
		return (size_t)-1;
	return record_unescape(tmp, r->f[i], r->flen[i]);
}

/* Why the values from field f (ME CLOSE NEED NOTE) are wrong, or NULL. */
static const char *
values_check(const struct record *r, size_t f)
{
	size_t n;

	if (checkin_score(r->f[f], r->flen[f]) == -1 ||
	    checkin_score(r->f[f + 1], r->flen[f + 1]) == -1)
		return "bad score (not 1 to 10)";
	if ((n = text_len(r, f + 2)) == (size_t)-1)
		return "bad escape";
	if (n == 0)
		return "empty need";
	if (n > CHECKIN_NEED_MAX)
		return "need too long";
	if ((n = text_len(r, f + 3)) == (size_t)-1)
		return "bad escape";
	if (n > CHECKIN_NOTE_MAX)
		return "note too long";
	return NULL;
}

static int
kind_is(const struct record *r, const char *kind)
{
	return r->flen[RF_KIND] == strlen(kind) &&
	    memcmp(r->f[RF_KIND], kind, r->flen[RF_KIND]) == 0;
}

const char *
checkin_record_check(const struct record *r)
{
	if (kind_is(r, "checkin"))
		return r->nf != NF_CHECKIN ? "bad number of fields" :
		    values_check(r, F_ME);
	if (kind_is(r, "edit")) {
		if (r->nf != NF_EDIT)
			return "bad number of fields";
		if (!record_id_valid(r->f[F_ID], r->flen[F_ID]))
			return "bad record id";
		return values_check(r, F_ID + 1);
	}
	if (kind_is(r, "undo")) {
		if (r->nf != NF_UNDO)
			return "bad number of fields";
		return record_id_valid(r->f[F_ID], r->flen[F_ID]) ? NULL :
		    "bad record id";
	}
	return "unknown kind";
}

/* A copy of field i of r, unescaped, NUL-terminated; NULL on ENOMEM. */
static char *
text_copy(const struct record *r, size_t i)
{
	struct buf b = BUF_INIT;

	if (record_text(r, i, &b) == -1 || buf_nul(&b) == -1) {
		buf_free(&b);
		return NULL;
	}
	return b.p != NULL ? b.p : strdup("");
}

/* What every record keeps: when, by whom, which record, which target. */
static void
raw_common(struct checkin_raw *x, const struct record *r, int target)
{
	memset(x, 0, sizeof(*x));
	x->when = r->when;
	memcpy(x->by, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	record_id(r->line, r->len, x->id);
	if (target)
		memcpy(x->target, r->f[F_ID], RECORD_ID_LEN);
}

/* The values of a check-in or an edit, from field f. */
static int
raw_values(struct checkin_raw *x, const struct record *r, size_t f)
{
	const char *t = r->f[RF_TIME];

	x->me = checkin_score(r->f[f], r->flen[f]);
	x->close = checkin_score(r->f[f + 1], r->flen[f + 1]);
	/* The day the timestamp shows: record_parse checked its date. */
	x->day = date_days_from_civil((t[0] - '0') * 1000 +
	    (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0'),
	    (unsigned)((t[5] - '0') * 10 + (t[6] - '0')),
	    (unsigned)((t[8] - '0') * 10 + (t[9] - '0')));
	x->stamp = strndup(t, r->flen[RF_TIME]);
	x->stamp_len = r->flen[RF_TIME];
	x->need = text_copy(r, f + 2);
	x->note = text_copy(r, f + 3);
	if (x->stamp == NULL || x->need == NULL || x->note == NULL) {
		free(x->stamp);
		free(x->need);
		free(x->note);
		return -1;
	}
	return 0;
}

int
checkin_feed(struct checkin_set *set, const struct record *r,
    struct herr *e)
{
	struct checkin_raw *p, x;
	const char *why;

	if (!kind_is(r, "checkin") && !kind_is(r, "edit") &&
	    !kind_is(r, "undo"))
		return 0;
	if ((why = checkin_record_check(r)) != NULL)
		return herr_set(e, HX_DATAERR, "%s", why);
	raw_common(&x, r, !kind_is(r, "checkin"));
	x.edit = kind_is(r, "edit");
	if (kind_is(r, "undo")) {
		if ((p = grow(set->undo, set->nundo, sizeof(*p))) == NULL)
			return nomem(e);
		set->undo = p;
		set->undo[set->nundo++] = x;
		return 0;
	}
	if ((p = grow(set->raw, set->nraw, sizeof(*p))) == NULL)
		return nomem(e);
	set->raw = p;
	if (raw_values(&x, r, x.edit ? F_ID + 1 : F_ME) == -1)
		return nomem(e);
	set->raw[set->nraw++] = x;
	return 0;
}

/* The order of records: timestamp, then author, then record id. */
static int
order(const struct checkin_raw *a, const struct checkin_raw *b)
{
	return record_order(&a->when, a->by, a->id, &b->when, b->by, b->id);
}

/* Undos by the id they name, then author. */
static int
cmp_undo(const void *a, const void *b)
{
	const struct checkin_raw *x = a, *y = b;
	int c = strcmp(x->target, y->target);

	return c != 0 ? c : strcmp(x->by, y->by);
}

/* Check-ins and edits by id; a check-in before an edit of the same id. */
static int
cmp_id(const void *a, const void *b)
{
	const struct checkin_raw *x = *(struct checkin_raw *const *)a;
	const struct checkin_raw *y = *(struct checkin_raw *const *)b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : x->edit - y->edit;
}

/* Check-ins by author, week, then order. */
static int
cmp_group(const void *a, const void *b)
{
	const struct checkin_raw *x = *(struct checkin_raw *const *)a;
	const struct checkin_raw *y = *(struct checkin_raw *const *)b;
	int c = strcmp(x->by, y->by);

	if (c != 0)
		return c;
	if (x->week != y->week)
		return x->week < y->week ? -1 : 1;
	return order(x, y);
}

/* What counts: by week, then order. */
static int
cmp_counts(const void *a, const void *b)
{
	const struct checkin *x = a, *y = b;

	if (x->week != y->week)
		return x->week < y->week ? -1 : 1;
	return record_order(&x->when, x->by, x->id, &y->when, y->by, y->id);
}

/* Mark what an undo of the same author took back. */
static void
mark_gone(struct checkin_set *set)
{
	struct checkin_raw key;
	size_t i;

	if (set->nundo > 1)
		qsort(set->undo, set->nundo, sizeof(*set->undo), cmp_undo);
	for (i = 0; i < set->nraw; i++) {
		memcpy(key.target, set->raw[i].id, sizeof(key.target));
		memcpy(key.by, set->raw[i].by, sizeof(key.by));
		set->raw[i].gone = set->nundo > 0 &&
		    bsearch(&key, set->undo, set->nundo, sizeof(*set->undo),
		    cmp_undo) != NULL;
		set->raw[i].best = NULL;
	}
}

/* The check-in with id, fed; NULL when there is none. */
static struct checkin_raw *
find_checkin(struct checkin_raw **byid, size_t n, const char *id)
{
	struct checkin_raw key, *kp = &key, **hit;

	memcpy(key.id, id, sizeof(key.id));
	key.edit = 0;
	hit = n > 0 ? bsearch(&kp, byid, n, sizeof(*byid), cmp_id) : NULL;
	return hit != NULL ? *hit : NULL;
}

/* Give each check-in its latest edit that counts. */
static int
apply_edits(struct checkin_set *set, struct herr *e)
{
	struct checkin_raw **byid, *x, *c;
	size_t i;

	if ((byid = reallocarray(NULL, set->nraw ? set->nraw : 1,
	    sizeof(*byid))) == NULL)
		return nomem(e);
	for (i = 0; i < set->nraw; i++)
		byid[i] = &set->raw[i];
	qsort(byid, set->nraw, sizeof(*byid), cmp_id);
	for (i = 0; i < set->nraw; i++) {
		x = &set->raw[i];
		if (!x->edit || x->gone ||
		    (c = find_checkin(byid, set->nraw, x->target)) == NULL ||
		    c->gone || strcmp(c->by, x->by) != 0)
			continue;
		if (c->best == NULL || order(c->best, x) < 0)
			c->best = x;
	}
	free(byid);
	return 0;
}

/* The check-in that counts, as raw c and its latest edit make it. */
static void
counted(struct checkin *out, const struct checkin_raw *c)
{
	const struct checkin_raw *v = c->best != NULL ? c->best : c;

	memset(out, 0, sizeof(*out));
	out->week = c->week;
	out->day = c->day;
	out->when = c->when;
	out->stamp = c->stamp;
	out->stamp_len = c->stamp_len;
	memcpy(out->by, c->by, sizeof(out->by));
	memcpy(out->id, c->id, sizeof(out->id));
	out->me = v->me;
	out->close = v->close;
	out->need = v->need;
	out->note = v->note;
	out->edited = c->best != NULL;
	memcpy(out->last, v->id, sizeof(out->last));
}

int
checkin_settle(struct checkin_set *set, int wstart, struct herr *e)
{
	struct checkin_raw **g;
	size_t i, n = 0;

	free(set->v);
	set->v = NULL;
	set->n = 0;
	mark_gone(set);
	if (apply_edits(set, e) == -1)
		return -1;
	if ((g = reallocarray(NULL, set->nraw ? set->nraw : 1,
	    sizeof(*g))) == NULL)
		return nomem(e);
	for (i = 0; i < set->nraw; i++)
		if (!set->raw[i].edit && !set->raw[i].gone) {
			set->raw[i].week = checkin_week_of(set->raw[i].day,
			    wstart);
			g[n++] = &set->raw[i];
		}
	qsort(g, n, sizeof(*g), cmp_group);
	if ((set->v = reallocarray(NULL, n ? n : 1, sizeof(*set->v))) ==
	    NULL) {
		free(g);
		return nomem(e);
	}
	/* The last of each run of one author and week counts. */
	for (i = 0; i < n; i++)
		if (i + 1 == n || strcmp(g[i]->by, g[i + 1]->by) != 0 ||
		    g[i]->week != g[i + 1]->week)
			counted(&set->v[set->n++], g[i]);
	free(g);
	qsort(set->v, set->n, sizeof(*set->v), cmp_counts);
	return 0;
}

/*
 * store_feed's feed: the reader checked the record with the registry's
 * checkin_record_check, so only memory can fail here.
 */
static int
feed_checkin(void *arg, const struct record *r, struct herr *e)
{
	if (checkin_feed(arg, r, e) == -1 && e->code != HX_DATAERR)
		return -1;
	return 0;
}

int
checkin_load(struct checkin_set *set, struct store *st, int wstart,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct herr *e)
{
	if (st != NULL && store_feed(st, CHECKIN_DIR, feed_checkin, set, warn,
	    warn_arg, e) == -1)
		return -1;
	return checkin_settle(set, wstart, e);
}

void
checkin_set_free(struct checkin_set *set)
{
	size_t i;

	for (i = 0; i < set->nraw; i++) {
		free(set->raw[i].stamp);
		free(set->raw[i].need);
		free(set->raw[i].note);
	}
	free(set->raw);
	free(set->undo);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

const struct checkin *
checkin_week(const struct checkin_set *set, int64_t week, size_t *n)
{
	size_t lo = 0, hi = set->n, end;

	/* The first check-in of a week at or after week. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->v[mid].week < week)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < set->n && set->v[end].week == week; end++)
		;
	*n = end - lo;
	return end > lo ? &set->v[lo] : NULL;
}

const struct checkin *
checkin_find(const struct checkin_set *set, const char *author,
    int64_t week)
{
	const struct checkin *c;
	size_t i, n;

	if ((c = checkin_week(set, week, &n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(c[i].by, author) == 0)
			return &c[i];
	return NULL;
}

int
checkin_visible(const struct checkin_set *set, const struct checkin *c,
    const char *viewer)
{
	return strcmp(c->by, viewer) == 0 ||
	    checkin_find(set, viewer, c->week) != NULL;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The authors of a trend: every author in set, and the viewer. */
static int
trend_authors(const struct checkin_set *set, const char *viewer,
    struct checkin_trend *t, struct herr *e)
{
	size_t i, n = 0;

	if ((t->authors = reallocarray(NULL, set->n + 1,
	    sizeof(*t->authors))) == NULL)
		return nomem(e);
	strlcpy(t->authors[n++], viewer, sizeof(*t->authors));
	for (i = 0; i < set->n; i++)
		strlcpy(t->authors[n++], set->v[i].by, sizeof(*t->authors));
	qsort(t->authors, n, sizeof(*t->authors), cmp_name);
	for (i = 0, t->na = 0; i < n; i++)
		if (t->na == 0 || strcmp(t->authors[t->na - 1],
		    t->authors[i]) != 0)
			memmove(t->authors[t->na++], t->authors[i],
			    sizeof(*t->authors));
	return 0;
}

int
checkin_trend(const struct checkin_set *set, const char *viewer,
    int64_t last_week, size_t weeks, struct checkin_trend *t,
    struct herr *e)
{
	const struct checkin *c;
	size_t i, a, w;

	memset(t, 0, sizeof(*t));
	if (weeks == 0)
		return herr_set(e, HX_USAGE, "no weeks");
	t->weeks = weeks;
	t->first = last_week - 7 * (int64_t)(weeks - 1);
	if (trend_authors(set, viewer, t, e) == -1)
		return -1;
	t->me = calloc(t->na * weeks, sizeof(*t->me));
	t->close = calloc(t->na * weeks, sizeof(*t->close));
	if (t->me == NULL || t->close == NULL) {
		checkin_trend_free(t);
		return nomem(e);
	}
	for (i = 0; i < set->n; i++) {
		c = &set->v[i];
		if (c->week < t->first || c->week > last_week)
			continue;
		w = (size_t)((c->week - t->first) / 7);
		for (a = 0; strcmp(t->authors[a], c->by) != 0; a++)
			;
		if (checkin_visible(set, c, viewer)) {
			t->me[a * weeks + w] = c->me;
			t->close[a * weeks + w] = c->close;
		} else {
			t->me[a * weeks + w] = CHECKIN_HIDDEN;
			t->close[a * weeks + w] = CHECKIN_HIDDEN;
		}
	}
	return 0;
}

void
checkin_trend_free(struct checkin_trend *t)
{
	free(t->authors);
	free(t->me);
	free(t->close);
	memset(t, 0, sizeof(*t));
}

int
checkin_mean10(const int *v, size_t n)
{
	int64_t sum = 0, k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] >= CHECKIN_SCORE_MIN && v[i] <= CHECKIN_SCORE_MAX) {
			sum += v[i];
			k++;
		}
	if (k == 0)
		return -1;
	return (int)((20 * sum + k) / (2 * k));
}

int
checkin_level(int score)
{
	if (score < CHECKIN_SCORE_MIN)
		score = CHECKIN_SCORE_MIN;
	if (score > CHECKIN_SCORE_MAX)
		score = CHECKIN_SCORE_MAX;
	return ((score - 1) * 14 + 9) / 18;
}
