/*
 * repair: the repairs after a fight (see repair.h).
 *
 * Settling sorts: the steps by repair, person, step and order, so that
 * the latest of each is the last of its run; the opens by id, so that a
 * repair's open record is found by bsearch; the repairs by time.  Each
 * repair's steps are a slice of one array of pointers, sorted by person
 * and step, so that a step is found by bsearch too.  Nothing grows with
 * the square of what a partner's log holds.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "herr.h"
#include "lines.h"
#include "record.h"
#include "repair.h"
#include "ritual.h"
#include "store.h"
#include "text.h"

/* One open record as fed. */
struct repair_open {
	char		 id[RECORD_ID_LEN + 1];
	struct hmoment	 when;
	char		 day[11];
	char		 by[AUTHOR_MAX + 1];
	char		*topic;
};

static const char *const step_names[REPAIR_STEPS] = {
	[REPAIR_FELT] = "felt",
	[REPAIR_ACCOUNT] = "account",
	[REPAIR_HEARD] = "heard",
	[REPAIR_CONFIRM] = "confirm",
	[REPAIR_HURTS] = "hurts",
	[REPAIR_PART] = "part",
	[REPAIR_APOLOGY] = "apology",
	[REPAIR_NEXT] = "next",
};

/* Feeling words, in groups of five; written for hearth. */
static const struct {
	const char	*group;
	const char	*words[5];
} feelings[] = {
	{ "hurt", { "hurt", "let down", "left out", "brushed off",
	    "unwanted" } },
	{ "angry", { "angry", "annoyed", "frustrated", "resentful",
	    "fed up" } },
	{ "afraid", { "scared", "anxious", "worried", "on edge",
	    "insecure" } },
	{ "sad", { "sad", "lonely", "disappointed", "hopeless", "heavy" } },
	{ "ashamed", { "ashamed", "embarrassed", "guilty", "small",
	    "exposed" } },
	{ "worn out", { "tired", "overwhelmed", "numb", "confused",
	    "drained" } },
	{ "unheard", { "unheard", "judged", "blamed", "cornered",
	    "dismissed" } },
	{ "mixed", { "jealous", "torn", "stuck", "sorry", "relieved" } },
};
#define FEELINGS	(sizeof(feelings) / sizeof(feelings[0]) * 5)

static const char *const hurt_examples[] = {
	"being left out", "not being believed", "being criticised",
	"being alone with it", "broken promises", "being compared",
	"not being good enough", "being shouted at", "being ignored",
	"being told what to do", NULL
};

static int
nomem(struct herr *e)
{
	return herr_errno(e, HX_IOERR, ENOMEM, "memory");
}

/* p, an array of n, with room for one more; NULL when memory ran out. */
static void *
grow(void *p, size_t n, size_t size)
{
	if ((n & (n - 1)) != 0 && n > 8)
		return p;
	return reallocarray(p, n < 8 ? 8 : n * 2, size);
}

/* qsort, for an array that may be empty (and NULL). */
static void
sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

const char *
repair_step_name(enum repair_step s)
{
	return (unsigned)s < REPAIR_STEPS ? step_names[s] : NULL;
}

int
repair_step_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; i < REPAIR_STEPS; i++)
		if (strlen(step_names[i]) == len &&
		    memcmp(step_names[i], s, len) == 0)
			return i;
	return -1;
}

int
repair_step_own(enum repair_step s)
{
	return s != REPAIR_HEARD && s != REPAIR_CONFIRM && s < REPAIR_STEPS;
}

const char *
repair_feeling(size_t i)
{
	return i < FEELINGS ? feelings[i / 5].words[i % 5] : NULL;
}

const char *
repair_feeling_group(size_t i)
{
	return i < FEELINGS ? feelings[i / 5].group : NULL;
}

int
repair_feeling_find(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < FEELINGS; i++)
		if (strlen(repair_feeling(i)) == len &&
		    strncasecmp(repair_feeling(i), s, len) == 0)
			return (int)i;
	return -1;
}

const char *
repair_hurt_example(size_t i)
{
	return i < sizeof(hurt_examples) / sizeof(hurt_examples[0]) ?
	    hurt_examples[i] : NULL;
}

/* ---- lists of words ---- */

int
repair_words_next(const char **p, const char *end, const char **w,
    size_t *wlen)
{
	const char *sep;

	if (*p >= end)
		return 0;
	sep = memmem(*p, (size_t)(end - *p), ", ", 2);
	*w = *p;
	*wlen = (size_t)((sep != NULL ? sep : end) - *p);
	*p = sep != NULL ? sep + 2 : end;
	return 1;
}

/* Whether s[0..len) is a name an old hurt may have. */
static const char *
hurt_name_bad(const char *s, size_t len)
{
	size_t i, bad;

	if (len > REPAIR_WORD_MAX)
		return "longer than 40 bytes";
	if (text_utf8_check(s, len, &bad) == -1)
		return "not valid UTF-8";
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "a control character";
	return NULL;
}

/* Whether out's list already holds w[0..len), as step s compares. */
static int
words_have(const struct buf *out, const char *w, size_t len)
{
	const char *p = out->p, *end = out->p + out->len, *x;
	size_t xlen;

	while (repair_words_next(&p, end, &x, &xlen) == 1)
		if (ritual_fold_cmp(x, xlen, w, len) == 0)
			return 1;
	return 0;
}

/* Add item w[0..len) of step s to out; -1 with *why when refused. */
static int
words_add(enum repair_step s, struct buf *out, const char *w, size_t len,
    size_t *n, const char **why)
{
	int f;

	if (s == REPAIR_FELT) {
		if ((f = repair_feeling_find(w, len)) == -1) {
			*why = "not one of the feeling words";
			return -1;
		}
		w = repair_feeling((size_t)f);
		len = strlen(w);
	} else if ((*why = hurt_name_bad(w, len)) != NULL)
		return -1;
	if (words_have(out, w, len))
		return 0;
	if (++*n > REPAIR_WORDS_MAX) {
		*why = "more than 16 words";
		return -1;
	}
	if ((out->len > 0 && buf_add(out, ", ", 2) == -1) ||
	    buf_add(out, w, len) == -1) {
		*why = NULL;
		return -1;
	}
	return 0;
}

int
repair_words(enum repair_step s, const char *in, size_t len, struct buf *out,
    const char **bad, size_t *badlen, const char **why)
{
	const char *p = in, *end = in + len, *w, *comma;
	size_t wlen, n = 0;

	buf_reset(out);
	if (buf_nul(out) == -1) {
		*why = NULL;
		return -1;
	}
	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		w = p;
		wlen = (size_t)((comma != NULL ? comma : end) - p);
		p = comma != NULL ? comma + 1 : end;
		while (wlen > 0 && isspace((unsigned char)*w)) {
			w++;
			wlen--;
		}
		while (wlen > 0 && isspace((unsigned char)w[wlen - 1]))
			wlen--;
		if (wlen == 0)
			continue;
		*bad = w;
		*badlen = wlen;
		if (words_add(s, out, w, wlen, &n, why) == -1)
			return -1;
	}
	if (buf_nul(out) == -1) {
		*why = NULL;
		return -1;
	}
	return 0;
}

/* ---- the records ---- */

static int
kind_is(const struct record *r, const char *kind)
{
	return r->flen[RF_KIND] == strlen(kind) &&
	    memcmp(r->f[RF_KIND], kind, r->flen[RF_KIND]) == 0;
}

/* Whether s[0..len), escaped, holds only blanks (or nothing). */
static int
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (s[i] == '\\' && i + 1 < len && strchr("tnr", s[i + 1]) !=
		    NULL && s[i + 1] != '\0') {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

/* The TOPIC of an open: one line without control characters. */
static const char *
open_check(const struct record *r)
{
	const char *s = r->f[RF_DATA];
	size_t len = r->flen[RF_DATA], i, n = 0;

	for (i = 0; i < len; i++, n++) {
		if (s[i] == '\\' && s[++i] != '\\')
			return "a control character in the topic";
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "a control character in the topic";
	}
	return n > REPAIR_TOPIC_MAX ? "topic longer than 200 bytes" : NULL;
}

/* The WORDS of a felt or hurts step, in their stored form exactly. */
static const char *
words_check(enum repair_step s, const char *w, size_t len)
{
	char raw[RECORD_MAX];
	struct buf canon = BUF_INIT;
	const char *bad, *why = NULL;
	size_t n, badlen;

	if ((n = record_unescape(raw, w, len)) == (size_t)-1)
		return "bad escape";
	if (repair_words(s, raw, n, &canon, &bad, &badlen, &why) == -1)
		why = why != NULL ? why : "out of memory";
	else if (canon.len != n || memcmp(canon.p, raw, n) != 0)
		why = "words not in their stored form";
	buf_free(&canon);
	return why;
}

/* The WORDS and TEXT of step s. */
static const char *
content_check(enum repair_step s, const struct record *r)
{
	const char *w = r->f[REPAIR_F_WORDS], *t = r->f[REPAIR_F_TEXT];
	size_t wlen = r->flen[REPAIR_F_WORDS], tlen = r->flen[REPAIR_F_TEXT];

	switch (s) {
	case REPAIR_FELT:
	case REPAIR_HURTS:
		if (wlen == 0 && blank(t, tlen))
			return "empty step";
		return wlen > 0 ? words_check(s, w, wlen) : NULL;
	case REPAIR_CONFIRM:
		if (wlen == 3 && memcmp(w, "yes", 3) == 0)
			return tlen == 0 ? NULL : "text after yes";
		if (wlen == 9 && memcmp(w, "corrected", 9) == 0)
			return blank(t, tlen) ? "empty correction" : NULL;
		return "confirm is neither yes nor corrected";
	default:
		if (wlen > 0)
			return "words in a step that has none";
		return blank(t, tlen) ? "empty step" : NULL;
	}
}

static const char *
step_check(const struct record *r)
{
	char who[AUTHOR_MAX + 1];
	int s;

	if (!record_id_valid(r->f[REPAIR_F_ID], r->flen[REPAIR_F_ID]))
		return "bad repair id";
	if (r->flen[REPAIR_F_WHO] > AUTHOR_MAX)
		return "bad name";
	memcpy(who, r->f[REPAIR_F_WHO], r->flen[REPAIR_F_WHO]);
	who[r->flen[REPAIR_F_WHO]] = '\0';
	if (!author_valid(who))
		return "bad name";
	if ((s = repair_step_parse(r->f[REPAIR_F_STEP],
	    r->flen[REPAIR_F_STEP])) == -1)
		return "unknown step";
	return content_check((enum repair_step)s, r);
}

const char *
repair_record_check(const struct record *r)
{
	if (kind_is(r, "open"))
		return r->nf != RF_DATA + 1 ? "bad number of fields" :
		    open_check(r);
	if (kind_is(r, "step"))
		return r->nf != REPAIR_F_TEXT + 1 ? "bad number of fields" :
		    step_check(r);
	return "unknown kind";
}

/* ---- feeding and settling ---- */

/* Field i of r unescaped, NUL-terminated; NULL when memory ran out. */
static char *
field_copy(const struct record *r, size_t i)
{
	struct buf b = BUF_INIT;

	if (record_text(r, i, &b) == -1 || buf_nul(&b) == -1) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

static void
copy_name(char *dst, const char *s, size_t len)
{
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static int
feed_open(struct repair_set *set, const struct record *r, struct herr *e)
{
	struct repair_open *o;

	if ((o = grow(set->open, set->nopen, sizeof(*o))) == NULL)
		return nomem(e);
	set->open = o;
	o += set->nopen;
	memset(o, 0, sizeof(*o));
	record_id(r->line, r->len, o->id);
	o->when = r->when;
	copy_name(o->day, r->f[RF_TIME], 10);
	copy_name(o->by, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	if ((o->topic = field_copy(r, RF_DATA)) == NULL)
		return nomem(e);
	set->nopen++;
	return 0;
}

static int
feed_step(struct repair_set *set, const struct record *r, struct herr *e)
{
	struct repair_entry *x;

	if ((x = grow(set->raw, set->nraw, sizeof(*x))) == NULL)
		return nomem(e);
	set->raw = x;
	x += set->nraw;
	memset(x, 0, sizeof(*x));
	x->step = (enum repair_step)repair_step_parse(r->f[REPAIR_F_STEP],
	    r->flen[REPAIR_F_STEP]);
	copy_name(x->who, r->f[REPAIR_F_WHO], r->flen[REPAIR_F_WHO]);
	copy_name(x->by, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	copy_name(x->target, r->f[REPAIR_F_ID], RECORD_ID_LEN);
	copy_name(x->day, r->f[RF_TIME], 10);
	x->when = r->when;
	record_id(r->line, r->len, x->id);
	x->words = field_copy(r, REPAIR_F_WORDS);
	x->text = field_copy(r, REPAIR_F_TEXT);
	set->nraw++;
	if (x->words == NULL || x->text == NULL)
		return nomem(e);
	return 0;
}

int
repair_feed(struct repair_set *set, const struct record *r, struct herr *e)
{
	const char *why;

	if (!kind_is(r, "open") && !kind_is(r, "step"))
		return 0;
	if ((why = repair_record_check(r)) != NULL)
		return herr_set(e, HX_DATAERR, "%s", why);
	return kind_is(r, "open") ? feed_open(set, r, e) :
	    feed_step(set, r, e);
}

static int
entry_order(const struct repair_entry *a, const struct repair_entry *b)
{
	return record_order(&a->when, a->by, a->id, &b->when, b->by, b->id);
}

/* Steps by repair, person, step, then order. */
static int
cmp_raw(const void *a, const void *b)
{
	const struct repair_entry *x = a, *y = b;
	int c;

	if ((c = strcmp(x->target, y->target)) != 0)
		return c;
	if ((c = strcmp(x->who, y->who)) != 0)
		return c;
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return entry_order(x, y);
}

static int
cmp_open(const void *a, const void *b)
{
	const struct repair_open *x = a, *y = b;

	return strcmp(x->id, y->id);
}

static int
cmp_repair(const void *a, const void *b)
{
	const struct repair *x = a, *y = b;
	int c;

	if ((c = date_cmp(&x->when, &y->when)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

/* The steps that count, in set->keep, each the last of its run. */
static size_t
keep_latest(struct repair_set *set)
{
	struct repair_entry *x, *y;
	size_t i, n = 0;

	for (i = 0; i < set->nraw; i++) {
		x = &set->raw[i];
		y = i + 1 < set->nraw ? &set->raw[i + 1] : NULL;
		if (y != NULL && strcmp(x->target, y->target) == 0 &&
		    strcmp(x->who, y->who) == 0 && x->step == y->step)
			continue;
		set->keep[n++] = x;
	}
	return n;
}

/* A repair from its open record (o, maybe NULL) and steps k[0..n). */
static void
make_repair(struct repair *r, const struct repair_open *o,
    struct repair_entry **k, size_t n)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->e = k;
	r->ne = n;
	r->topic = "";
	if (o != NULL) {
		memcpy(r->id, o->id, sizeof(r->id));
		r->opened = 1;
		r->when = o->when;
		memcpy(r->day, o->day, sizeof(r->day));
		memcpy(r->by, o->by, sizeof(r->by));
		r->topic = o->topic;
		return;
	}
	memcpy(r->id, k[0]->target, sizeof(r->id));
	r->when = k[0]->when;
	memcpy(r->day, k[0]->day, sizeof(r->day));
	for (i = 1; i < n; i++)
		if (date_cmp(&k[i]->when, &r->when) < 0) {
			r->when = k[i]->when;
			memcpy(r->day, k[i]->day, sizeof(r->day));
		}
}

/* Merge the opens (sorted by id, each once) and the steps into set->v. */
static void
make_repairs(struct repair_set *set, size_t nkeep)
{
	struct repair_open *o = set->open, *oend = set->open + set->nopen;
	struct repair_entry **k = set->keep, **kend = set->keep + nkeep, **j;
	int c;

	set->n = 0;
	while (o < oend || k < kend) {
		c = o == oend ? 1 : k == kend ? -1 : strcmp(o->id,
		    (*k)->target);
		for (j = k; c >= 0 && j < kend &&
		    strcmp((*j)->target, (*k)->target) == 0; j++)
			;
		make_repair(&set->v[set->n++], c <= 0 ? o : NULL, k,
		    c >= 0 ? (size_t)(j - k) : 0);
		if (c >= 0)
			k = j;
		if (c <= 0)
			o++;
	}
}

int
repair_settle(struct repair_set *set, struct herr *e)
{
	size_t i, n, nkeep;

	free(set->keep);
	free(set->v);
	set->keep = NULL;
	set->v = NULL;
	set->n = 0;
	sort(set->raw, set->nraw, sizeof(*set->raw), cmp_raw);
	sort(set->open, set->nopen, sizeof(*set->open), cmp_open);
	/* Identical open records (a union merge keeps both) are one. */
	for (i = n = 0; i < set->nopen; i++) {
		if (n > 0 && strcmp(set->open[n - 1].id, set->open[i].id) ==
		    0) {
			free(set->open[i].topic);
			continue;
		}
		set->open[n++] = set->open[i];
	}
	set->nopen = n;
	set->keep = reallocarray(NULL, set->nraw + 1, sizeof(*set->keep));
	set->v = reallocarray(NULL, set->nraw + set->nopen + 1,
	    sizeof(*set->v));
	if (set->keep == NULL || set->v == NULL)
		return nomem(e);
	nkeep = keep_latest(set);
	make_repairs(set, nkeep);
	sort(set->v, set->n, sizeof(*set->v), cmp_repair);
	return 0;
}

static int
feed_one(void *arg, const struct record *r, struct herr *e)
{
	/* The reader checked r with repair_record_check (the registry's). */
	if (repair_feed(arg, r, e) == -1 && e->code != HX_DATAERR)
		return -1;
	return 0;
}

int
repair_load(struct repair_set *set, struct store *st,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct herr *e)
{
	if (st != NULL && store_feed(st, REPAIR_DIR, feed_one, set, warn,
	    warn_arg, e) == -1)
		return -1;
	return repair_settle(set, e);
}

void
repair_set_free(struct repair_set *set)
{
	size_t i;

	for (i = 0; i < set->nraw; i++) {
		free(set->raw[i].words);
		free(set->raw[i].text);
	}
	for (i = 0; i < set->nopen; i++)
		free(set->open[i].topic);
	free(set->raw);
	free(set->open);
	free(set->keep);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* ---- looking at a repair ---- */

const struct repair *
repair_find(const struct repair_set *set, const char *prefix,
    int *ambiguous)
{
	const struct repair *found = NULL;
	size_t i, len = strlen(prefix);

	*ambiguous = 0;
	for (i = 0; i < set->n; i++) {
		if (strncmp(set->v[i].id, prefix, len) != 0)
			continue;
		if (found != NULL) {
			*ambiguous = 1;
			return NULL;
		}
		found = &set->v[i];
	}
	return found;
}

/* The index of who's first step in r->e, or r->ne when none. */
static size_t
first_of(const struct repair *r, const char *who)
{
	size_t lo = 0, hi = r->ne, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(r->e[mid]->who, who) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->ne && strcmp(r->e[lo]->who, who) == 0 ? lo : r->ne;
}

const struct repair_entry *
repair_get(const struct repair *r, const char *who, enum repair_step s)
{
	size_t i;

	for (i = first_of(r, who); i < r->ne && strcmp(r->e[i]->who, who) ==
	    0; i++)
		if (r->e[i]->step == s)
			return r->e[i];
	return NULL;
}

int
repair_has_part(const struct repair *r, const char *who)
{
	size_t i;

	for (i = first_of(r, who); i < r->ne && strcmp(r->e[i]->who, who) ==
	    0; i++)
		if (repair_step_own(r->e[i]->step))
			return 1;
	return 0;
}

size_t
repair_people(const struct repair *r, const char **who, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->ne && n < max; i++)
		if (i == 0 || strcmp(r->e[i]->who, r->e[i - 1]->who) != 0)
			who[n++] = r->e[i]->who;
	return n;
}

const char *
repair_other(const struct repair *r, const char *me)
{
	size_t i;

	for (i = 0; i < r->ne; i++)
		if (strcmp(r->e[i]->who, me) != 0)
			return r->e[i]->who;
	return NULL;
}

int
repair_visible(const struct repair *r, const char *who, const char *viewer)
{
	return strcmp(who, viewer) == 0 || repair_has_part(r, viewer);
}

unsigned
repair_waiting(const struct repair *r, const char *me)
{
	const struct repair_entry *h, *c;
	const char *other;
	unsigned w = 0;

	if (r == NULL || (other = repair_other(r, me)) == NULL)
		return 0;
	if (!repair_has_part(r, me))
		return repair_has_part(r, other) ? REPAIR_WAIT_PART : 0;
	if (repair_get(r, other, REPAIR_ACCOUNT) != NULL &&
	    repair_get(r, me, REPAIR_HEARD) == NULL)
		w |= REPAIR_WAIT_HEARD;
	if (repair_get(r, me, REPAIR_ACCOUNT) != NULL &&
	    (h = repair_get(r, other, REPAIR_HEARD)) != NULL &&
	    ((c = repair_get(r, me, REPAIR_CONFIRM)) == NULL ||
	    entry_order(c, h) < 0))
		w |= REPAIR_WAIT_CONFIRM;
	return w;
}

size_t
repair_plan(const char *a, const char *b, const struct repair *r,
    struct repair_turn *turn)
{
	static const enum repair_step own[] = {
		REPAIR_FELT, REPAIR_ACCOUNT, REPAIR_HURTS, REPAIR_PART,
		REPAIR_APOLOGY, REPAIR_NEXT
	};
	/* Together: 0 is a, 1 is b. */
	static const struct { int b; enum repair_step s; } both[] = {
		{ 0, REPAIR_FELT }, { 1, REPAIR_FELT },
		{ 0, REPAIR_ACCOUNT }, { 1, REPAIR_HEARD },
		{ 0, REPAIR_CONFIRM },
		{ 1, REPAIR_ACCOUNT }, { 0, REPAIR_HEARD },
		{ 1, REPAIR_CONFIRM },
		{ 0, REPAIR_HURTS }, { 1, REPAIR_HURTS },
		{ 0, REPAIR_PART }, { 0, REPAIR_APOLOGY },
		{ 1, REPAIR_PART }, { 1, REPAIR_APOLOGY },
		{ 0, REPAIR_NEXT }, { 1, REPAIR_NEXT },
	};
	size_t i, n = 0;
	unsigned w;

	if (b != NULL) {
		for (i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
			turn[n].who = both[i].b ? b : a;
			turn[n++].step = both[i].s;
		}
		return n;
	}
	if (r == NULL || !repair_has_part(r, a)) {
		for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
			turn[n].who = a;
			turn[n++].step = own[i];
		}
		return n;
	}
	w = repair_waiting(r, a);
	if (w & REPAIR_WAIT_HEARD)
		turn[n++] = (struct repair_turn){ a, REPAIR_HEARD };
	if (w & REPAIR_WAIT_CONFIRM)
		turn[n++] = (struct repair_turn){ a, REPAIR_CONFIRM };
	return n;
}

/* ---- old hurts ---- */

/* One name of a hurt as it came up: in which repair and step. */
struct mention {
	const char	*name;
	size_t		 len, repair;
	const struct repair_entry *x;
};

static int
cmp_mention(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;
	int c;

	if ((c = ritual_fold_cmp(x->name, x->len, y->name, y->len)) != 0)
		return c;
	if (x->repair != y->repair)
		return x->repair < y->repair ? -1 : 1;
	/* Named twice in one repair: the one written first, first. */
	if (x->x != y->x)
		return entry_order(x->x, y->x);
	return x->name < y->name ? -1 : x->name > y->name;
}

/* The names of old hurts in one repair that a viewer may see, in turn. */
struct hurt_iter {
	const struct repair	*r;
	const char		*viewer;
	size_t			 j;		/* the step after this one */
	const char		*p, *end;	/* what is left of its words */
};

/* The next name: 1 with *w, *wlen and its step *x, 0 at the end. */
static int
hurt_next(struct hurt_iter *it, const char **w, size_t *wlen,
    const struct repair_entry **x)
{
	const struct repair_entry *e;

	for (;;) {
		if (it->p != NULL && repair_words_next(&it->p, it->end, w,
		    wlen) == 1) {
			*x = it->r->e[it->j - 1];
			return 1;
		}
		if (it->j == it->r->ne)
			return 0;
		e = it->r->e[it->j++];
		it->p = NULL;
		if (e->step == REPAIR_HURTS &&
		    repair_visible(it->r, e->who, it->viewer)) {
			it->p = e->words;
			it->end = e->words + strlen(e->words);
		}
	}
}

/* Every name of a hurt viewer may see, in *m. */
static int
mentions(const struct repair_set *set, const char *viewer,
    struct mention **m, size_t *nm)
{
	struct hurt_iter it;
	const struct repair_entry *e;
	struct mention *x;
	const char *w;
	size_t i, wlen;

	*m = NULL;
	*nm = 0;
	for (i = 0; i < set->n; i++) {
		it = (struct hurt_iter){ &set->v[i], viewer, 0, NULL, NULL };
		while (hurt_next(&it, &w, &wlen, &e) == 1) {
			if ((x = grow(*m, *nm, sizeof(*x))) == NULL)
				return -1;
			*m = x;
			x[(*nm)++] = (struct mention){ w, wlen, i, e };
		}
	}
	return 0;
}

int
repair_hurts(const struct repair_set *set, const char *viewer,
    struct repair_hurt **v, size_t *n, struct herr *e)
{
	struct mention *m;
	struct repair_hurt *h;
	size_t i, nm;

	*v = NULL;
	*n = 0;
	if (mentions(set, viewer, &m, &nm) == -1) {
		free(m);
		return nomem(e);
	}
	sort(m, nm, sizeof(*m), cmp_mention);
	if ((*v = reallocarray(NULL, nm + 1, sizeof(**v))) == NULL) {
		free(m);
		return nomem(e);
	}
	for (i = 0; i < nm; i++) {
		h = *n > 0 ? &(*v)[*n - 1] : NULL;
		if (h == NULL || ritual_fold_cmp(h->name, h->len, m[i].name,
		    m[i].len) != 0) {
			h = &(*v)[(*n)++];
			*h = (struct repair_hurt){ m[i].name, m[i].len, 0,
			    set->v[m[i].repair].day, NULL };
		} else if (m[i].repair == m[i - 1].repair)
			continue;	/* both named it: one repair */
		h->count++;
		/* Repairs are in time order, so the last one is latest. */
		h->last = set->v[m[i].repair].day;
	}
	free(m);
	return 0;
}

const struct repair_hurt *
repair_hurt_find(const struct repair_hurt *v, size_t n, const char *name,
    size_t len)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = ritual_fold_cmp(v[mid].name, v[mid].len, name, len);
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t
repair_hurts_of(const struct repair_hurt *v, size_t n,
    const struct repair *r, const char *viewer,
    const struct repair_hurt **of, size_t max)
{
	struct hurt_iter it = { r, viewer, 0, NULL, NULL };
	const struct repair_entry *e;
	const struct repair_hurt *h;
	const char *w;
	size_t k, nof = 0, wlen;

	while (nof < max && hurt_next(&it, &w, &wlen, &e) == 1) {
		if ((h = repair_hurt_find(v, n, w, wlen)) == NULL)
			continue;
		for (k = 0; k < nof && of[k] != h; k++)
			;
		if (k == nof)
			of[nof++] = h;
	}
	return nof;
}

static int
cmp_count(const void *a, const void *b)
{
	const struct repair_hurt *x = a, *y = b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = strcmp(y->last, x->last)) != 0)
		return c;
	return ritual_fold_cmp(x->name, x->len, y->name, y->len);
}

void
repair_hurts_by_count(struct repair_hurt *v, size_t n)
{
	sort(v, n, sizeof(*v), cmp_count);
}

/* ---- documents ---- */

/* The answer of who's step s in d, made when missing; NULL for ENOMEM. */
static struct repair_answer *
doc_put(struct repair_doc *d, const char *who, enum repair_step s,
    const char *words, const char *text)
{
	struct repair_answer *a = (struct repair_answer *)repair_doc_get(d,
	    who, s);
	char *w, *t;

	if ((w = strdup(words)) == NULL || (t = strdup(text)) == NULL) {
		free(w);
		return NULL;
	}
	if (a == NULL) {
		if ((a = grow(d->a, d->n, sizeof(*a))) == NULL) {
			free(w);
			free(t);
			return NULL;
		}
		d->a = a;
		a += d->n++;
		memset(a, 0, sizeof(*a));
		strlcpy(a->who, who, sizeof(a->who));
		a->step = s;
	} else {
		free(a->words);
		free(a->text);
	}
	a->words = w;
	a->text = t;
	return a;
}

int
repair_doc_set(struct repair_doc *d, const char *who, enum repair_step s,
    const char *words, const char *text)
{
	return doc_put(d, who, s, words, text) == NULL ? -1 : 0;
}

const struct repair_answer *
repair_doc_get(const struct repair_doc *d, const char *who,
    enum repair_step s)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->a[i].step == s && strcmp(d->a[i].who, who) == 0)
			return &d->a[i];
	return NULL;
}

void
repair_doc_free(struct repair_doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->a[i].words);
		free(d->a[i].text);
	}
	free(d->a);
	free(d->topic);
	memset(d, 0, sizeof(*d));
}

/* One line of a section as read: where it is, and its number. */
struct docline {
	const char	*p;
	size_t		 len, line;
};

enum { SEC_NONE = -1, SEC_TOPIC = REPAIR_STEPS, SEC_ID, SEC_WITH };

/* The state of a parse: the section being read. */
struct docparse {
	struct repair_doc *d;
	const char	*me, *name;
	struct herr	*e;
	int		 sec;		/* SEC_*, or a step */
	char		 who[AUTHOR_MAX + 1];
	size_t		 line;		/* its header's */
	struct docline	*l;		/* its lines */
	size_t		 nl;
};

static int
doc_err(struct docparse *dp, size_t line, const char *why, const char *s,
    size_t len)
{
	char quoted[64];

	if (s == NULL)
		return herr_set(dp->e, HX_DATAERR, "%s:%zu: %s", dp->name, line,
		    why);
	text_excerpt(quoted, sizeof(quoted), s, len);
	return herr_set(dp->e, HX_DATAERR, "%s:%zu: %s '%s'", dp->name, line,
	    why, quoted);
}

static int
blank_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * The lines l[*from..*to) with blank lines at both ends left out,
 * joined with LF into b, each without the backslash that may begin it.
 */
static int
doc_join(struct docline *l, size_t from, size_t to, struct buf *b,
    const char *sep)
{
	size_t i, skip;

	buf_reset(b);
	while (from < to && blank_line(l[from].p, l[from].len))
		from++;
	while (to > from && blank_line(l[to - 1].p, l[to - 1].len))
		to--;
	for (i = from; i < to; i++) {
		skip = l[i].len > 0 && l[i].p[0] == '\\';
		if ((i > from && buf_adds(b, sep) == -1) ||
		    buf_add(b, l[i].p + skip, l[i].len - skip) == -1)
			return -1;
	}
	return buf_nul(b);
}

/* The first line of l[0..n) that is not blank, or n. */
static size_t
first_text(const struct docline *l, size_t n)
{
	size_t i;

	for (i = 0; i < n && blank_line(l[i].p, l[i].len); i++)
		;
	return i;
}

/* A [topic], [id] or [with] section. */
static int
doc_meta(struct docparse *dp, struct buf *b)
{
	struct repair_doc *d = dp->d;
	size_t i;

	if (doc_join(dp->l, 0, dp->nl, b, dp->sec == SEC_TOPIC ? " " : "\n")
	    == -1)
		return nomem(dp->e);
	if (dp->sec == SEC_TOPIC) {
		if (b->len > REPAIR_TOPIC_MAX)
			return doc_err(dp, dp->line, "topic longer than 200 "
			    "bytes", NULL, 0);
		for (i = 0; i < b->len; i++)
			if ((unsigned char)b->p[i] < 0x20 || b->p[i] == 0x7f)
				return doc_err(dp, dp->line, "a control "
				    "character in the topic", NULL, 0);
		if ((d->topic = strdup(b->p)) == NULL)
			return nomem(dp->e);
		return 0;
	}
	if (dp->sec == SEC_ID) {
		if (!record_id_prefix_valid(b->p))
			return doc_err(dp, dp->line, "bad repair id", b->p,
			    b->len);
		strlcpy(d->id, b->p, sizeof(d->id));
		return 0;
	}
	if (!author_valid(b->p))
		return doc_err(dp, dp->line, "bad name", b->p, b->len);
	strlcpy(d->with, b->p, sizeof(d->with));
	return 0;
}

/* The words of a felt or hurts section, when its first line gives them. */
static int
doc_words(struct docparse *dp, size_t *from, struct buf *words)
{
	struct docline *l;
	const char *bad, *why;
	size_t badlen;

	*from = first_text(dp->l, dp->nl);
	l = &dp->l[*from];
	if (*from == dp->nl || l->len < 6 || memcmp(l->p, "words:", 6) != 0)
		return buf_nul(words) == -1 ? nomem(dp->e) : 0;
	(*from)++;
	if (repair_words((enum repair_step)dp->sec, l->p + 6, l->len - 6,
	    words, &bad, &badlen, &why) == 0)
		return 0;
	if (why == NULL)
		return nomem(dp->e);
	return doc_err(dp, l->line, why, bad, badlen);
}

/* Whether s[0..len) is "yes", blanks around it and case aside. */
static int
is_yes(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len == 3 && strncasecmp(s, "yes", 3) == 0;
}

/* Whether a confirm section is a "yes": one line that says it. */
static int
doc_yes(const struct docparse *dp)
{
	size_t i = first_text(dp->l, dp->nl), j;

	if (i == dp->nl || !is_yes(dp->l[i].p, dp->l[i].len))
		return 0;
	for (j = i + 1; j < dp->nl; j++)
		if (!blank_line(dp->l[j].p, dp->l[j].len))
			return 0;
	return 1;
}

/* A step's section. */
static int
doc_step(struct docparse *dp, struct buf *b)
{
	struct buf words = BUF_INIT;
	struct repair_answer *a;
	size_t from = 0;
	const char *w = "";
	int rc = -1;

	if (dp->sec == REPAIR_FELT || dp->sec == REPAIR_HURTS) {
		if (doc_words(dp, &from, &words) == -1)
			goto out;
		w = words.p;
	}
	if (doc_join(dp->l, from, dp->nl, b, "\n") == -1) {
		nomem(dp->e);
		goto out;
	}
	if (dp->sec == REPAIR_CONFIRM && b->len > 0) {
		w = doc_yes(dp) ? "yes" : "corrected";
		if (*w == 'y') {
			buf_reset(b);
			if (buf_nul(b) == -1) {
				nomem(dp->e);
				goto out;
			}
		}
	}
	if ((a = doc_put(dp->d, dp->who, (enum repair_step)dp->sec, w,
	    b->p)) == NULL)
		nomem(dp->e);
	else {
		a->line = dp->line;
		rc = 0;
	}
out:
	buf_free(&words);
	return rc;
}

/* Finish the section being read. */
static int
doc_end(struct docparse *dp)
{
	struct buf b = BUF_INIT;
	int rc;

	if (dp->sec == SEC_NONE)
		return 0;
	rc = dp->sec >= SEC_TOPIC ? doc_meta(dp, &b) : doc_step(dp, &b);
	buf_free(&b);
	dp->nl = 0;
	return rc;
}

/* Whether line[0..len) has the shape of a header: [...], blanks after. */
static int
header_shape(const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	return len >= 2 && line[0] == '[' && line[len - 1] == ']';
}

/*
 * The section that the header line[0..len) begins (dp->sec, dp->who):
 * 1, or -1 with e set for one that is not a section.
 */
static int
doc_header(struct docparse *dp, const char *line, size_t len, size_t n)
{
	static const char *const meta[] = { "topic", "id", "with" };
	const char *in, *sp;
	size_t inlen, i;
	int s;

	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	in = line + 1;
	inlen = len - 2;
	strlcpy(dp->who, dp->me, sizeof(dp->who));
	if ((sp = memchr(in, ' ', inlen)) != NULL) {
		if ((size_t)(sp - in) > AUTHOR_MAX)
			return doc_err(dp, n, "bad name", in, (size_t)(sp - in));
		memcpy(dp->who, in, (size_t)(sp - in));
		dp->who[sp - in] = '\0';
		if (!author_valid(dp->who))
			return doc_err(dp, n, "bad name", in, (size_t)(sp - in));
		inlen -= (size_t)(sp + 1 - in);
		in = sp + 1;
	}
	if ((s = repair_step_parse(in, inlen)) != -1) {
		dp->sec = s;
		if (repair_doc_get(dp->d, dp->who, (enum repair_step)s) != NULL)
			return doc_err(dp, n, "a second section", line, len);
		return 1;
	}
	for (i = 0; sp == NULL && i < 3; i++)
		if (strlen(meta[i]) == inlen && memcmp(meta[i], in, inlen) == 0)
			break;
	if (sp != NULL || i == 3)
		return doc_err(dp, n, "unknown section", line, len);
	dp->sec = SEC_TOPIC + (int)i;
	if ((dp->sec == SEC_TOPIC && dp->d->topic != NULL) ||
	    (dp->sec == SEC_ID && dp->d->id[0] != '\0') ||
	    (dp->sec == SEC_WITH && dp->d->with[0] != '\0'))
		return doc_err(dp, n, "a second section", line, len);
	return 1;
}

/* Take one line of the document. */
static int
doc_line(struct docparse *dp, const char *line, size_t len, size_t n)
{
	struct docline *l;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > 0 && line[0] == '#')
		return 0;
	if (header_shape(line, len)) {
		if (doc_end(dp) == -1 || doc_header(dp, line, len, n) == -1)
			return -1;
		dp->line = n;
		return 0;
	}
	if (dp->sec == SEC_NONE) {
		if (blank_line(line, len))
			return 0;
		return doc_err(dp, n, "text before the first section (a "
		    "section begins with a line such as [account])", NULL, 0);
	}
	if ((l = grow(dp->l, dp->nl, sizeof(*l))) == NULL)
		return nomem(dp->e);
	dp->l = l;
	dp->l[dp->nl++] = (struct docline){ line, len, n };
	return 0;
}

int
repair_doc_parse(struct repair_doc *d, const char *text, size_t len,
    const char *me, const char *name, struct herr *e)
{
	struct docparse dp = { d, me, name, e, SEC_NONE, "", 0, NULL, 0 };
	const char *p = text, *line;
	size_t n = 0, bad, ll, i;
	int rc = 0;

	if (text_utf8_check(text, len, &bad) == -1) {
		for (i = 0, n = 1; i < bad; i++)
			n += text[i] == '\n';
		return herr_set(e, HX_DATAERR, "%s:%zu: %s", name, n,
		    text[bad] == '\0' ? "a NUL byte" : "not valid UTF-8");
	}
	while (rc == 0 && line_next(&p, text + len, &line, &ll, NULL) == 1)
		rc = doc_line(&dp, line, ll, ++n);
	if (rc == 0)
		rc = doc_end(&dp);
	free(dp.l);
	return rc;
}

/* Add text to b a line at a time, escaping what would read otherwise. */
static int
doc_text(struct buf *b, const char *text, int first_special)
{
	const char *p = text, *end = text + strlen(text), *l;
	size_t len;
	int esc;

	while (line_next(&p, end, &l, &len, NULL) == 1) {
		esc = len > 0 && strchr("#[\\", l[0]) != NULL;
		if (first_special && l == text)
			esc = 1;
		if ((esc && buf_addc(b, '\\') == -1) || buf_add(b, l, len) ==
		    -1 || buf_addc(b, '\n') == -1)
			return -1;
	}
	return 0;
}

/* One answer as a section. */
static int
doc_answer(struct buf *b, const struct repair_answer *a, const char *me)
{
	int special = 0;

	if (strcmp(a->who, me) == 0) {
		if (buf_printf(b, "[%s]\n", repair_step_name(a->step)) == -1)
			return -1;
	} else if (buf_printf(b, "[%s %s]\n", a->who,
	    repair_step_name(a->step)) == -1)
		return -1;
	if ((a->step == REPAIR_FELT || a->step == REPAIR_HURTS) &&
	    a->words[0] != '\0' && buf_printf(b, "words: %s\n", a->words) ==
	    -1)
		return -1;
	if (a->step == REPAIR_FELT || a->step == REPAIR_HURTS)
		special = strncmp(a->text, "words:", 6) == 0;
	if (a->step == REPAIR_CONFIRM) {
		if (strcmp(a->words, "yes") == 0 && buf_adds(b, "yes\n") == -1)
			return -1;
		special = is_yes(a->text, strlen(a->text));
	}
	if (doc_text(b, a->text, special) == -1)
		return -1;
	return buf_addc(b, '\n');
}

int
repair_doc_format(const struct repair_doc *d, const char *me, struct buf *b)
{
	size_t i;

	if (d->topic != NULL && (buf_adds(b, "[topic]\n") == -1 ||
	    doc_text(b, d->topic, 0) == -1 || buf_addc(b, '\n') == -1))
		return -1;
	if (d->id[0] != '\0' && buf_printf(b, "[id]\n%s\n\n", d->id) == -1)
		return -1;
	if (d->with[0] != '\0' && buf_printf(b, "[with]\n%s\n\n", d->with) ==
	    -1)
		return -1;
	for (i = 0; i < d->n; i++)
		if (doc_answer(b, &d->a[i], me) == -1)
			return -1;
	return 0;
}
