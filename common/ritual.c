/*
 * ritual: the couple's rituals, as both partners' logs make them (see
 * ritual.h).
 *
 * Records are taken in any order, so nothing is decided while feeding:
 * every record that may count is kept in one flat array (a name each,
 * not a ritual: theirs may come later), its texts in one buffer, and
 * undo ids in another array.  ritual_settle then decides, by sorting,
 * never by a scan per record.  First every name the records give (and
 * the new names of renames) is sorted by its folded form and numbered,
 * so that names that fold together share a number.  Then the records
 * are sorted into time order (a timestamp, a definition first, an
 * author, a record id: no tie is left to the order of arrival) and
 * swept once, with a table from name number to the ritual that name
 * gives at that point: a definition of a name that names nothing makes
 * a ritual, any other record finds its ritual in the table, and a
 * rename moves the ritual to its new number, leaving the old one
 * pointing at it until a definition takes it.  Undone events are found
 * by binary search in the sorted undo ids.  So a partner's log of
 * 40,000 names costs O(n log n), where a scan of the rituals per
 * definition cost O(n^2).
 *
 * Reading a ritual is linear in its events: a streak walks the events
 * period by period and counts the periods between two marked ones as
 * missed without visiting them (a ritual dated from year 0 has 740,000
 * daily periods; only pauses, found by binary search, are stepped
 * over), and a day of the calendar is a binary search.
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
#define F_FIELD		(RF_DATA + 1)	/* edit */
#define F_VALUE		(RF_DATA + 2)	/* edit */

/* Names longer than this are not compared as typos. */
#define NEAR_NAME_MAX	200

/* The kinds of record a ritual_mark holds. */
enum mark_kind {
	M_DEFINE,
	M_EDIT,
	M_RETIRE,
	M_UNRETIRE,
	M_EVENT			/* a done or skip */
};

/* The fields an edit changes, as stored. */
enum edit_field {
	E_SCHEDULE,
	E_NOTE,
	E_GRACE,
	E_NAME
};

static const char *const edit_fields[] = { "schedule", "note", "grace",
	"name", NULL };

/*
 * A record read but not yet settled.  Its name is set->names[off..
 * off+len); its value (a definition's note, an edit's note or new name)
 * set->names[voff..voff+vlen).  ev holds its time, author and id, and
 * its day: a done's or skip's DATE, else the date of its timestamp.
 */
struct ritual_mark {
	unsigned char		 kind;		/* enum mark_kind */
	unsigned char		 field;		/* an edit's enum edit_field */
	int			 grace;		/* an edit of the grace */
	struct sched		 s;		/* a define, a schedule edit */
	size_t			 off, len;
	size_t			 voff, vlen;
	size_t			 nameidx;	/* the numbers of the names */
	size_t			 validx;	/* a rename's new one */
	struct ritual_event	 ev;
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

/* A string of the len bytes at p (p may be NULL when len is 0). */
static char *
dup_text(const char *p, size_t len)
{
	char *s;

	if ((s = malloc(len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
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

/* Whether s[0..len) is the text of word. */
static int
is_word(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

static int
kind_is(const struct record *r, const char *kind)
{
	return is_word(r->f[RF_KIND], r->flen[RF_KIND], kind);
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
		free(set->r[i].pause);
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

/*
 * s[0..len) folded into out, which has room for 3 * len bytes: each
 * character as UTF-8, each byte of no valid sequence as it is.  Returns
 * the length.  (No folding here lengthens a character past 3 bytes.)
 */
static size_t
fold_copy(const char *s, size_t len, char *out)
{
	size_t i = 0, o = 0;
	uint32_t cp;

	while (i < len) {
		cp = fold_next(s, len, &i);
		if (cp >= 0x110000)
			out[o++] = (char)(cp - 0x110000);
		else if (cp < 0x80)
			out[o++] = (char)cp;
		else if (cp < 0x800) {
			out[o++] = (char)(0xc0 | cp >> 6);
			out[o++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			out[o++] = (char)(0xe0 | cp >> 12);
			out[o++] = (char)(0x80 | (cp >> 6 & 0x3f));
			out[o++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[o++] = (char)(0xf0 | cp >> 18);
			out[o++] = (char)(0x80 | (cp >> 12 & 0x3f));
			out[o++] = (char)(0x80 | (cp >> 6 & 0x3f));
			out[o++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	return o;
}

/*
 * Whether byte c ends a word: an ASCII byte that is no letter or digit
 * (a blank, a hyphen, a quote), the same in every locale.
 */
static int
word_break(char c)
{
	unsigned char u = (unsigned char)c;

	return u < 0x80 && !((u >= '0' && u <= '9') || (u >= 'a' &&
	    u <= 'z') || (u >= 'A' && u <= 'Z'));
}

/*
 * A new mark of kind for record r, its name and ev filled (ev.day the
 * date of its timestamp), or NULL when memory ran out.  It counts once
 * the caller adds one to set->nmark.
 */
static struct ritual_mark *
new_mark(struct ritual_set *set, const struct record *r, int kind,
    struct herr *e)
{
	struct ritual_mark *m;

	if ((m = grow(set->mark, set->nmark, sizeof(*m))) == NULL) {
		nomem(e);
		return NULL;
	}
	set->mark = m;
	m = &set->mark[set->nmark];
	memset(m, 0, sizeof(*m));
	m->kind = (unsigned char)kind;
	m->off = set->names.len;
	if (record_text(r, F_NAME, &set->name) == -1 ||
	    buf_add(&set->names, set->name.p, set->name.len) == -1) {
		nomem(e);
		return NULL;
	}
	m->len = set->name.len;
	m->ev.day = day_of(r->f[RF_TIME], 10);
	m->ev.when = r->when;
	author_of(r, m->ev.by);
	record_id(r->line, r->len, m->ev.id);
	return m;
}

/* Keep set->text as m's value. */
static int
keep_value(struct ritual_set *set, struct ritual_mark *m, struct herr *e)
{
	m->voff = set->names.len;
	m->vlen = set->text.len;
	if (buf_add(&set->names, set->text.p, set->text.len) == -1)
		return nomem(e);
	set->nmark++;
	return 0;
}

static int
feed_define(struct ritual_set *set, const struct record *r, struct herr *e)
{
	struct ritual_mark *m;
	struct sched s;

	if (record_text(r, F_NAME, &set->name) == -1 ||
	    record_text(r, F_SCHED, &set->text) == -1)
		return nomem(e);
	if (sched_parse_stored(set->text.p, &s) == -1)
		return herr_set(e, HX_DATAERR, "ritual '%s' has a bad schedule "
		    "'%s'; ignored", set->name.p, set->text.p);
	if ((m = new_mark(set, r, M_DEFINE, e)) == NULL ||
	    record_text(r, F_NOTE, &set->text) == -1)
		return m == NULL ? -1 : nomem(e);
	m->s = s;
	return keep_value(set, m, e);
}

/* An edit of a field this version knows; one it does not is left alone. */
static int
feed_edit(struct ritual_set *set, const struct record *r, struct herr *e)
{
	struct ritual_mark *m;
	struct sched s;
	int field, grace = 0;

	for (field = 0; edit_fields[field] != NULL; field++)
		if (is_word(r->f[F_FIELD], r->flen[F_FIELD],
		    edit_fields[field]))
			break;
	if (edit_fields[field] == NULL)
		return 0;
	if (record_text(r, F_NAME, &set->name) == -1 ||
	    record_text(r, F_VALUE, &set->text) == -1)
		return nomem(e);
	memset(&s, 0, sizeof(s));
	if (field == E_SCHEDULE && sched_parse_stored(set->text.p, &s) == -1)
		return herr_set(e, HX_DATAERR, "ritual '%s' has a bad schedule "
		    "'%s'; ignored", set->name.p, set->text.p);
	if (field == E_GRACE && ritual_grace_parse(set->text.p, &grace) == -1)
		return herr_set(e, HX_DATAERR, "ritual '%s' has a bad grace "
		    "'%s'; ignored", set->name.p, set->text.p);
	/* No ritual is renamed to nothing. */
	if (field == E_NAME && set->text.len == 0)
		return 0;
	if ((m = new_mark(set, r, M_EDIT, e)) == NULL)
		return -1;
	m->field = (unsigned char)field;
	m->s = s;
	m->grace = grace;
	return keep_value(set, m, e);
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

/* A done or skip, a retire or an unretire. */
static int
feed_mark(struct ritual_set *set, const struct record *r, int kind,
    struct herr *e)
{
	struct ritual_mark *m;
	int64_t day = 0;

	/* A day that is no date marks nothing. */
	if (kind == M_EVENT && (day = day_of(r->f[F_DAY],
	    r->flen[F_DAY])) == INT64_MIN)
		return 0;
	if ((m = new_mark(set, r, kind, e)) == NULL)
		return -1;
	if (kind == M_EVENT) {
		m->ev.day = day;
		m->ev.skip = kind_is(r, "skip");
	}
	set->nmark++;
	return 0;
}

int
ritual_feed(struct ritual_set *set, const struct record *r, struct herr *e)
{
	/* A record without the fields of its kind is left alone. */
	if (kind_is(r, "define") && r->nf > F_NOTE)
		return feed_define(set, r, e);
	if ((kind_is(r, "done") || kind_is(r, "skip")) && r->nf > F_DAY)
		return feed_mark(set, r, M_EVENT, e);
	if (kind_is(r, "undo") && r->nf > F_ID)
		return feed_undo(set, r, e);
	if (kind_is(r, "retire") && r->nf > F_NAME)
		return feed_mark(set, r, M_RETIRE, e);
	if (kind_is(r, "unretire") && r->nf > F_NAME)
		return feed_mark(set, r, M_UNRETIRE, e);
	if (kind_is(r, "edit") && r->nf > F_VALUE)
		return feed_edit(set, r, e);
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
	int c;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->skip != y->skip)
		return x->skip - y->skip;
	if ((c = date_cmp(&x->when, &y->when)) != 0)
		return c;
	if ((c = strcmp(x->by, y->by)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

/* Time order (ritual.h): timestamp, a definition first, author, id. */
static int
cmp_mark(const void *a, const void *b)
{
	const struct ritual_mark *x = a, *y = b;
	int c;

	if ((c = date_cmp(&x->ev.when, &y->ev.when)) != 0)
		return c;
	if ((x->kind == M_DEFINE) != (y->kind == M_DEFINE))
		return x->kind == M_DEFINE ? -1 : 1;
	if ((c = strcmp(x->ev.by, y->ev.by)) != 0)
		return c;
	return strcmp(x->ev.id, y->ev.id);
}

/* A name of a mark, and where its number goes. */
struct name_ref {
	const char	*p;
	size_t		 len;
	size_t		*num;
};

static int
cmp_ref(const void *a, const void *b)
{
	const struct name_ref *x = a, *y = b;

	return ritual_fold_cmp(x->p, x->len, y->p, y->len);
}

/*
 * Number the names of the marks (and the new names of renames), names
 * that fold together alike, from 0; *count, how many numbers.
 */
static int
number_names(struct ritual_set *set, size_t *count, struct herr *e)
{
	struct ritual_mark *m;
	struct name_ref *ref;
	size_t i, n = 0;

	*count = 0;
	if ((ref = reallocarray(NULL, 2 * set->nmark + 1,
	    sizeof(*ref))) == NULL)
		return nomem(e);
	for (i = 0; i < set->nmark; i++) {
		m = &set->mark[i];
		ref[n].p = set->names.p + m->off;
		ref[n].len = m->len;
		ref[n++].num = &m->nameidx;
		if (m->kind != M_EDIT || m->field != E_NAME)
			continue;
		ref[n].p = set->names.p + m->voff;
		ref[n].len = m->vlen;
		ref[n++].num = &m->validx;
	}
	if (n > 1)
		qsort(ref, n, sizeof(*ref), cmp_ref);
	for (i = 0; i < n; i++) {
		if (i > 0 && cmp_ref(&ref[i - 1], &ref[i]) != 0)
			(*count)++;
		*ref[i].num = *count;
	}
	if (n > 0)
		(*count)++;
	free(ref);
	return 0;
}

/* Which ritual a name gives, at a point of the sweep. */
struct owner {
	size_t		 r;		/* SIZE_MAX: none */
	int		 old;		/* a name it was renamed from */
};

static void
def_of(const struct ritual_mark *m, const char *stext, struct ritual_def *d)
{
	d->when = m->ev.when;
	memcpy(d->by, m->ev.by, sizeof(d->by));
	memcpy(d->id, m->ev.id, sizeof(d->id));
	strlcpy(d->stext, stext, sizeof(d->stext));
}

/* The schedule of definition or edit m holds for rt from now on. */
static void
hold(struct ritual *rt, const struct ritual_mark *m)
{
	rt->s = m->s;
	sched_format(&m->s, rt->stext);
	def_of(m, rt->stext, &rt->def);
	rt->disputed = 0;
}

/* Note text (set->names[off..off+len)) for rt. */
static int
set_note(struct ritual_set *set, struct ritual *rt, size_t off, size_t len,
    struct herr *e)
{
	char *note;

	if ((note = dup_text(set->names.p + off, len)) == NULL)
		return nomem(e);
	free(rt->note);
	rt->note = note;
	return 0;
}

/*
 * A definition: a new ritual when its name gives none (or only one it
 * was renamed from), else another definition of the one it gives: the
 * same schedule changes nothing, another opens a disagreement, and one
 * while a disagreement is open settles it.
 */
static int
sweep_define(struct ritual_set *set, struct owner *own,
    const struct ritual_mark *m, struct herr *e)
{
	struct owner *o = &own[m->nameidx];
	struct ritual *rt;
	char stext[SCHED_TEXT_MAX];

	sched_format(&m->s, stext);
	if (o->r != SIZE_MAX && !o->old) {
		rt = &set->r[o->r];
		if (rt->disputed) {
			hold(rt, m);
			return set_note(set, rt, m->voff, m->vlen, e);
		}
		if (strcmp(stext, rt->stext) != 0) {
			def_of(m, stext, &rt->rival);
			rt->disputed = 1;
		}
		return 0;
	}
	if ((rt = grow(set->r, set->nr, sizeof(*rt))) == NULL)
		return nomem(e);
	set->r = rt;
	rt = &set->r[set->nr];
	memset(rt, 0, sizeof(*rt));
	if ((rt->name = dup_text(set->names.p + m->off, m->len)) == NULL ||
	    set_note(set, rt, m->voff, m->vlen, e) == -1) {
		free(rt->name);
		return nomem(e);
	}
	hold(rt, m);
	rt->d0 = m->ev.day;
	rt->defined_at = m->ev.when;
	memcpy(rt->definer, m->ev.by, sizeof(rt->definer));
	memcpy(rt->defid, m->ev.id, sizeof(rt->defid));
	rt->nameidx = m->nameidx;
	o->r = set->nr++;
	o->old = 0;
	return 0;
}

/*
 * Rename ritual ri: unless another ritual has the new name, the ritual
 * takes it, and its old name is one it was renamed from.
 */
static int
sweep_rename(struct ritual_set *set, struct owner *own, size_t ri,
    const struct ritual_mark *m, struct herr *e)
{
	struct owner *to = &own[m->validx];
	struct ritual *rt = &set->r[ri];
	char *name;

	if (to->r != SIZE_MAX && !to->old && to->r != ri)
		return 0;
	if ((name = dup_text(set->names.p + m->voff, m->vlen)) == NULL)
		return nomem(e);
	free(rt->name);
	rt->name = name;
	if (rt->nameidx != m->validx)
		own[rt->nameidx].old = 1;
	to->r = ri;
	to->old = 0;
	rt->nameidx = m->validx;
	return 0;
}

/* Bring rt back on day: the days since it was retired are a pause. */
static int
sweep_unretire(struct ritual *rt, int64_t day, struct herr *e)
{
	struct ritual_pause *p, *last;
	int64_t from = rt->retired_on, cum = 0;

	rt->retired = 0;
	if (rt->npause > 0) {
		last = &rt->pause[rt->npause - 1];
		cum = last->cum + last->to - last->from;
		if (from < last->to)
			from = last->to;
	}
	if (day <= from)
		return 0;
	if ((p = grow(rt->pause, rt->npause, sizeof(*p))) == NULL)
		return nomem(e);
	rt->pause = p;
	p = &rt->pause[rt->npause++];
	p->from = from;
	p->to = day;
	p->cum = cum;
	return 0;
}

/* A done or skip: kept unless an undo took it back. */
static int
sweep_event(struct ritual_set *set, struct ritual *rt,
    const struct ritual_mark *m, struct herr *e)
{
	struct ritual_event *ev;

	if (set->nundo > 0 && bsearch(m->ev.id, set->undo, set->nundo,
	    sizeof(*set->undo), cmp_id) != NULL)
		return 0;
	if ((ev = grow(rt->ev, rt->nev, sizeof(*ev))) == NULL)
		return nomem(e);
	rt->ev = ev;
	rt->ev[rt->nev++] = m->ev;
	return 0;
}

/*
 * Any record but a definition, on ritual ri, which its name gives; what
 * is dated before the ritual's first day or after today is left out.
 */
static int
sweep_other(struct ritual_set *set, struct owner *own, size_t ri,
    const struct ritual_mark *m, int64_t today, struct herr *e)
{
	struct ritual *rt = &set->r[ri];

	if (m->ev.day < rt->d0 || m->ev.day > today)
		return 0;
	switch (m->kind) {
	case M_EVENT:
		return sweep_event(set, rt, m, e);
	case M_RETIRE:
		if (!rt->retired) {
			rt->retired = 1;
			rt->retired_on = m->ev.day;
			rt->retired_at = m->ev.when;
		}
		return 0;
	case M_UNRETIRE:
		return rt->retired ? sweep_unretire(rt, m->ev.day, e) : 0;
	}
	switch (m->field) {
	case E_SCHEDULE:
		hold(rt, m);
		return 0;
	case E_NOTE:
		return set_note(set, rt, m->voff, m->vlen, e);
	case E_GRACE:
		rt->grace = m->grace;
		return 0;
	}
	return sweep_rename(set, own, ri, m, e);
}

/* The marks, in time order, one at a time. */
static int
sweep(struct ritual_set *set, struct owner *own, int64_t today,
    struct herr *e)
{
	const struct ritual_mark *m;
	size_t i, ri;

	for (i = 0; i < set->nmark; i++) {
		m = &set->mark[i];
		if (m->kind == M_DEFINE) {
			if (sweep_define(set, own, m, e) == -1)
				return -1;
			continue;
		}
		/* What names no defined ritual is left out. */
		if ((ri = own[m->nameidx].r) != SIZE_MAX &&
		    sweep_other(set, own, ri, m, today, e) == -1)
			return -1;
	}
	return 0;
}

int
ritual_settle(struct ritual_set *set, int64_t today, struct herr *e)
{
	struct owner *own = NULL;
	struct ritual *rt;
	size_t i, count;
	int rv = -1;

	if (set->nundo > 1)
		qsort(set->undo, set->nundo, sizeof(*set->undo), cmp_id);
	if (number_names(set, &count, e) == -1)
		goto out;
	if (count > 0 && (own = reallocarray(NULL, count,
	    sizeof(*own))) == NULL) {
		nomem(e);
		goto out;
	}
	for (i = 0; i < count; i++) {
		own[i].r = SIZE_MAX;
		own[i].old = 0;
	}
	if (set->nmark > 1)
		qsort(set->mark, set->nmark, sizeof(*set->mark), cmp_mark);
	if (sweep(set, own, today, e) == -1)
		goto out;
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if (rt->nev > 1)
			qsort(rt->ev, rt->nev, sizeof(*rt->ev), cmp_event);
		/* Once it is retired, there is nothing left to agree on. */
		if (rt->retired)
			rt->disputed = 0;
	}
	rv = 0;
out:
	free(own);
	free(set->mark);
	set->mark = NULL;
	set->nmark = 0;
	buf_free(&set->names);
	return rv;
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
			/* A bad schedule costs its record, not the run. */
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

int
ritual_tied(const struct sched *s)
{
	return !sched_anyday(s) && s->kind != SCHED_AFTER;
}

int
ritual_grace_parse(const char *s, int *days)
{
	size_t i, len = strlen(s);
	int v = 0;

	/* 0d to 3650d: at most four digits, then d. */
	if (len < 2 || len > 5 || s[len - 1] != 'd')
		return -1;
	for (i = 0; i + 1 < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > RITUAL_GRACE_MAX)
		return -1;
	*days = v;
	return 0;
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

static int
in_scope(const struct ritual *rt, int scope)
{
	if (scope == RITUAL_SEE_ALL)
		return 1;
	return (scope == RITUAL_SEE_RETIRED) == (rt->retired != 0);
}

/*
 * How name[0..n) finds the name s: 2 at the start of one of its words, 1
 * within a word, 0 not at all; folded.
 */
static int
name_match(const char *name, size_t n, const char *s)
{
	size_t i, slen = strlen(s);
	int how = 0;

	for (i = 0; i < slen && how < 2; i++) {
		/* From a character's first byte only. */
		if (((unsigned char)s[i] & 0xc0) == 0x80 ||
		    !fold_prefix(name, n, s + i, slen - i))
			continue;
		how = i == 0 || word_break(s[i - 1]) ? 2 : 1;
	}
	return how;
}

/*
 * The rituals scope sees that name finds the best way it finds any (2
 * at a word's start, 1 within a word): the first max in out[0..max),
 * and *count, how many.  Returns that way, or 0 when it finds none.
 */
static int
matches(const struct ritual_set *set, const char *name, int scope,
    const struct ritual **out, size_t max, size_t *count)
{
	const struct ritual *rt;
	size_t i, n = strlen(name);
	int best = 0, how;

	*count = 0;
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if (!in_scope(rt, scope) ||
		    (how = name_match(name, n, rt->name)) < best || how == 0)
			continue;
		if (how > best) {
			best = how;
			*count = 0;
		}
		if (*count < max)
			out[*count] = rt;
		(*count)++;
	}
	return best;
}

enum ritual_found
ritual_lookup(const struct ritual_set *set, const char *name, int scope,
    struct ritual **hit, struct ritual **other)
{
	const struct ritual *two[2];
	size_t count;

	*hit = *other = NULL;
	/* A whole name, in any scope. */
	if ((*hit = ritual_find(set, name)) != NULL)
		return in_scope(*hit, scope) ? RITUAL_FOUND :
		    RITUAL_OUT_OF_SCOPE;
	if (matches(set, name, scope, two, 2, &count) != 0) {
		*hit = (struct ritual *)two[0];
		if (count == 1)
			return RITUAL_FOUND;
		*other = (struct ritual *)two[1];
		return RITUAL_AMBIGUOUS;
	}
	/* Only out of scope: say which, when it is only one. */
	if (scope != RITUAL_SEE_ALL && matches(set, name, RITUAL_SEE_ALL,
	    two, 2, &count) != 0 && count == 1) {
		*hit = (struct ritual *)two[0];
		return RITUAL_OUT_OF_SCOPE;
	}
	return RITUAL_NONE;
}

size_t
ritual_candidates(const struct ritual_set *set, const char *name,
    int scope, const struct ritual **out, size_t max)
{
	size_t count;

	matches(set, name, scope, out, max, &count);
	return count;
}

/*
 * The distance (text_distance, at most lim + 1) from in[0..inlen) to
 * s[0..len) or to the nearest of its words, both folded.
 */
static size_t
word_distance(const char *in, size_t inlen, const char *s, size_t len,
    size_t lim)
{
	size_t d, w, i = 0, j;

	d = text_distance(in, inlen, s, len, lim);
	while (i < len) {
		while (i < len && word_break(s[i]))
			i++;
		for (j = i; j < len && !word_break(s[j]); j++)
			continue;
		if (j > i && (w = text_distance(in, inlen, s + i, j - i,
		    lim)) < d)
			d = w;
		i = j;
	}
	return d;
}

size_t
ritual_nearest(const struct ritual_set *set, const char *name, int scope,
    const struct ritual **out, size_t max)
{
	char in[3 * NEAR_NAME_MAX], fn[3 * NEAR_NAME_MAX];
	const struct ritual *rt;
	size_t i, n = strlen(name), inlen, len, d, lim, best, count = 0;

	if (n > NEAR_NAME_MAX)
		return 0;
	/* As a typo of a command: one edit for four letters, else two. */
	inlen = fold_copy(name, n, in);
	lim = inlen <= 4 ? 1 : 2;
	best = lim;
	for (i = 0; i < set->nr; i++) {
		rt = &set->r[i];
		if (!in_scope(rt, scope) ||
		    (len = strlen(rt->name)) > NEAR_NAME_MAX)
			continue;
		len = fold_copy(rt->name, len, fn);
		if ((d = word_distance(in, inlen, fn, len, lim)) > best)
			continue;
		if (d < best) {
			best = d;
			count = 0;
		}
		if (count < max)
			out[count] = rt;
		count++;
	}
	return count;
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

/* How many pauses of rt begin before day d. */
static size_t
pauses_before(const struct ritual *rt, int64_t d)
{
	size_t lo = 0, hi = rt->npause, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rt->pause[mid].from < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The pause of rt that holds day d, or NULL. */
static const struct ritual_pause *
pause_at(const struct ritual *rt, int64_t d)
{
	size_t j = pauses_before(rt, d + 1);

	return j > 0 && d < rt->pause[j - 1].to ? &rt->pause[j - 1] : NULL;
}

/* The days of rt's pauses before day d. */
static int64_t
paused_before(const struct ritual *rt, int64_t d)
{
	const struct ritual_pause *p;
	size_t j = pauses_before(rt, d);

	if (j == 0)
		return 0;
	p = &rt->pause[j - 1];
	return p->cum + (d < p->to ? d : p->to) - p->from;
}

/* The days from a to b, pauses left out. */
static int64_t
unpaused_days(const struct ritual *rt, int64_t a, int64_t b)
{
	return b - a - (paused_before(rt, b) - paused_before(rt, a));
}

/* The day n days after day base, pauses left out. */
static int64_t
unpaused_after(const struct ritual *rt, int64_t base, int64_t n)
{
	int64_t x = base + n;
	size_t j;

	for (j = pauses_before(rt, base + 1); j > 0 &&
	    rt->pause[j - 1].to > base + 1; j--)
		continue;
	for (; j < rt->npause && rt->pause[j].from <= x; j++)
		x += rt->pause[j].to - (rt->pause[j].from > base ?
		    rt->pause[j].from : base + 1);
	return x;
}

/*
 * A period of a calendar schedule: [st, en), whose occurrence day is st,
 * and its window [lo, we), the days whose dones and skips count for it.
 */
struct period {
	int64_t		 st, en;
	int64_t		 lo, we;
};

/* The states of a period, on a given day. */
enum period_state {
	P_OPEN,			/* its window is still open, unkept */
	P_KEPT,
	P_EXCUSED,		/* skipped, or its day fell in a pause */
	P_MISSED
};

static void
period_of(const struct ritual *rt, int wstart, int64_t d, struct period *p)
{
	int64_t first, unused;

	sched_period(&rt->s, rt->d0, wstart, d, &p->st, &p->en);
	/* The first period's window holds the days before it: done early. */
	sched_period(&rt->s, rt->d0, wstart, rt->d0, &first, &unused);
	p->lo = p->st == first ? rt->d0 : p->st;
	p->we = p->en;
	if (ritual_tied(&rt->s) && rt->grace < p->en - p->st - 1)
		p->we = p->st + rt->grace + 1;
}

/*
 * The state of period p on day today, by the events from *i to those
 * of its end (events up to n, in day order), *i moved past them.
 */
static int
period_state(const struct ritual *rt, const struct period *p,
    int64_t today, size_t *i, size_t n)
{
	int kept = 0, skipped = 0;

	for (; *i < n && rt->ev[*i].day < p->en; (*i)++) {
		if (rt->ev[*i].day < p->lo || rt->ev[*i].day >= p->we)
			continue;
		if (rt->ev[*i].skip)
			skipped = 1;
		else
			kept = 1;
	}
	if (kept)
		return P_KEPT;
	if (skipped)
		return P_EXCUSED;
	if (today < p->we)
		return P_OPEN;
	return pause_at(rt, p->st) != NULL ? P_EXCUSED : P_MISSED;
}

/*
 * Whether a period that begins on a day from a (where one begins) to
 * before b, none of which holds an event, was missed: whether one of
 * them begins outside every pause.  Pauses are stepped over, not days.
 */
static int
missed_between(const struct ritual *rt, int wstart, int64_t a, int64_t b)
{
	const struct ritual_pause *pz;
	struct period p;

	while (a < b) {
		if ((pz = pause_at(rt, a)) == NULL)
			return 1;
		if (pz->to >= b)
			return 0;
		period_of(rt, wstart, pz->to, &p);
		a = p.st >= pz->to ? p.st : p.en;
	}
	return 0;
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
		if (prev != INT64_MIN &&
		    unpaused_days(rt, prev, ev->day) > 2 * gap) {
			chain = 0;
			step = INT64_MIN;
		}
		/* One step a period: a second done in it adds nothing. */
		if (!ev->skip && (step == INT64_MIN ||
		    unpaused_days(rt, step, ev->day) >= gap)) {
			chain++;
			step = ev->day;
		}
		if (chain > st->best)
			st->best = chain;
		prev = ev->day;
	}
	/* Never done: due from the day it was added, late N days on. */
	st->occ = unpaused_after(rt, prev == INT64_MIN ? rt->d0 : prev, gap);
	st->due = today >= (prev == INT64_MIN ? rt->d0 : st->occ);
	st->overdue = today > st->occ;
	st->streak = prev != INT64_MIN &&
	    unpaused_days(rt, prev, today) <= 2 * gap ? chain : 0;
	st->next = st->due ? today : prev == INT64_MIN ? rt->d0 : st->occ;
}

/*
 * Periods in turn, only those that hold events (each looked at once):
 * the periods between two of them, or between the last of them and the
 * current one, hold none, and were missed unless paused.
 */
static void
assess_calendar(const struct ritual *rt, int64_t today, int wstart,
    struct ritual_status *st)
{
	struct period cur, p;
	int64_t next_st;
	size_t i = 0, n = events_upto(rt, today, 1);
	int state, cur_state = -1, run = 0;

	period_of(rt, wstart, today, &cur);
	/* next_st: where the first period not yet looked at starts. */
	period_of(rt, wstart, rt->d0, &p);
	next_st = p.st;
	while (i < n) {
		period_of(rt, wstart, rt->ev[i].day, &p);
		if (p.st > next_st && missed_between(rt, wstart, next_st, p.st))
			run = 0;
		state = period_state(rt, &p, today, &i, n);
		if (state == P_KEPT)
			run++;
		else if (state == P_MISSED)
			run = 0;
		if (run > st->best)
			st->best = run;
		next_st = p.en;
		if (p.st == cur.st)
			cur_state = state;
	}
	if (cur_state == -1) {
		if (next_st < cur.st && missed_between(rt, wstart, next_st,
		    cur.st))
			run = 0;
		if ((cur_state = period_state(rt, &cur, today, &i, n)) ==
		    P_MISSED)
			run = 0;
	}
	/* A window still open breaks nothing. */
	st->streak = run;
	st->occ = cur.st;
	st->due = cur_state == P_OPEN && cur.st <= today;
	st->overdue = st->due && !sched_anyday(&rt->s) && today > cur.st;
	/* The next occurrence on or after today that still wants doing. */
	st->next = cur.st >= today && (st->due || cur.st > today) ? cur.st :
	    cur.en;
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
	struct ritual_status st;
	struct period p;
	size_t i;

	if (d > today)
		return RITUAL_NOT_DUE;
	/* Events are in day order, dones first. */
	i = events_upto(rt, d, 0);
	if (i < rt->nev && rt->ev[i].day == d)
		return rt->ev[i].skip ? RITUAL_SKIPPED : RITUAL_DONE;
	if (d == today) {
		ritual_assess(rt, today, wstart, &st);
		return st.due ? RITUAL_DUE : RITUAL_NOT_DUE;
	}
	if (rt->s.kind == SCHED_AFTER || d < rt->d0 ||
	    (rt->retired && d >= rt->retired_on) || pause_at(rt, d) != NULL)
		return RITUAL_NOT_DUE;
	/* An occurrence whose window passed unkept is missed on its day. */
	period_of(rt, wstart, d, &p);
	if (p.st != d || today < p.we)
		return RITUAL_NOT_DUE;
	i = events_upto(rt, p.lo, 0);
	return period_state(rt, &p, today, &i, events_upto(rt, today, 1)) ==
	    P_MISSED ? RITUAL_MISSED : RITUAL_NOT_DUE;
}

int
ritual_counts_on(const struct ritual *rt, int64_t d, int wstart, int64_t *occ)
{
	struct period p;

	*occ = d;
	if (rt->s.kind == SCHED_AFTER)
		return 1;
	period_of(rt, wstart, d, &p);
	*occ = p.st;
	return d >= p.lo && d < p.we;
}

int64_t
ritual_period_first(const struct ritual *rt, int64_t today, int wstart)
{
	struct period p;

	if (rt->s.kind == SCHED_AFTER)
		return today - rt->s.n + 1;
	period_of(rt, wstart, today, &p);
	return p.lo;
}

const struct ritual_event *
ritual_undoable(const struct ritual *rt, const char *author, int64_t first,
    int64_t last)
{
	const struct ritual_event *ev, *mine = NULL;
	size_t i;

	for (i = events_upto(rt, first, 0); i < rt->nev &&
	    rt->ev[i].day <= last; i++) {
		ev = &rt->ev[i];
		if (strcmp(ev->by, author) == 0 &&
		    (mine == NULL || date_cmp(&ev->when, &mine->when) > 0))
			mine = ev;
	}
	return mine;
}
