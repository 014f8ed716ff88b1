/*
 * soften: rules, and the scanner that applies them (soften.h says how).
 *
 * The file has four parts: the set's vectors and strings; parsing a rule
 * file (a stanza at a time, every line checked, the set rolled back on
 * any error); compiling the index (interned words, their classes, the
 * patterns each word begins); and scanning text (bytes to code points to
 * words and sentences, then matching, frames, overlaps and suggestions).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "soften.h"
#include "text.h"

const size_t soften_vec_size[SV_N] = {
	1, sizeof(struct sf_class), sizeof(struct sf_member),
	sizeof(struct sf_item), sizeof(struct sf_elem), sizeof(struct sf_pat),
	sizeof(uint32_t), sizeof(struct sf_cond), sizeof(struct sf_rule),
	sizeof(struct sf_word), sizeof(uint32_t), sizeof(uint32_t),
	sizeof(uint32_t), sizeof(struct sf_next)
};

#define STR(rs)		((char *)(rs)->v[SV_STR].p)
#define CLS(rs)		((struct sf_class *)(rs)->v[SV_CLASS].p)
#define MEM(rs)		((struct sf_member *)(rs)->v[SV_MEMBER].p)
#define ITEM(rs)	((struct sf_item *)(rs)->v[SV_ITEM].p)
#define ELEM(rs)	((struct sf_elem *)(rs)->v[SV_ELEM].p)
#define PAT(rs)		((struct sf_pat *)(rs)->v[SV_PAT].p)
#define MATCH(rs)	((uint32_t *)(rs)->v[SV_MATCH].p)
#define COND(rs)	((struct sf_cond *)(rs)->v[SV_COND].p)
#define RULE(rs)	((struct sf_rule *)(rs)->v[SV_RULE].p)
#define WORD(rs)	((struct sf_word *)(rs)->v[SV_WORD].p)
#define HASH(rs)	((uint32_t *)(rs)->v[SV_HASH].p)
#define ANCHOR(rs)	((uint32_t *)(rs)->v[SV_ANCHOR].p)
#define PREFIX(rs)	((uint32_t *)(rs)->v[SV_PREFIX].p)
#define NEXT(rs)	((struct sf_next *)(rs)->v[SV_NEXT].p)
#define N(rs, k)	((rs)->v[k].n)

static const char *const cat_names[SOFTEN_NCAT] = {
	"criticism", "contempt", "defensiveness", "stonewalling", "frame"
};

const char *
soften_cat_name(int cat)
{
	return cat >= 0 && cat < SOFTEN_NCAT ? cat_names[cat] : "?";
}

int
soften_cat_parse(const char *s)
{
	int i;

	for (i = 0; i < SOFTEN_NCAT; i++)
		if (strcmp(s, cat_names[i]) == 0)
			return i;
	return -1;
}

/* ---- vectors and strings ---- */

/*
 * Make every vector of the source part the set's own (copies of the
 * built-in tables), so that it can grow; the index is dropped, for
 * soften_compile to build again.
 */
static int
vec_own(struct soften_rules *rs)
{
	struct sf_vec *v;
	void *p;
	int k;

	for (k = 0; k < SV_N; k++) {
		v = &rs->v[k];
		if (v->cap > 0 || (k >= SV_WORD && v->n == 0))
			continue;
		if (k >= SV_WORD) {
			v->p = NULL;
			v->n = 0;
			continue;
		}
		if ((p = reallocarray(NULL, v->n + 16, soften_vec_size[k])) ==
		    NULL)
			return -1;
		if (v->n > 0)
			memcpy(p, v->p, v->n * soften_vec_size[k]);
		v->p = p;
		v->cap = v->n + 16;
	}
	if (N(rs, SV_STR) == 0) {
		STR(rs)[0] = '\0';	/* offset 0: the empty string */
		N(rs, SV_STR) = 1;
	}
	return 0;
}

/* Room for n more zeroed elements of vector k; NULL on ENOMEM. */
static void *
vec_add(struct soften_rules *rs, int k, size_t n)
{
	struct sf_vec *v = &rs->v[k];
	size_t size = soften_vec_size[k], cap;
	void *p;

	if (v->n + n > v->cap) {
		for (cap = v->cap ? v->cap : 64; cap < v->n + n; cap *= 2)
			;
		if ((p = reallocarray(v->p, cap, size)) == NULL)
			return NULL;
		v->p = p;
		v->cap = cap;
	}
	p = (char *)v->p + v->n * size;
	memset(p, 0, n * size);
	v->n += n;
	return p;
}

/* Add s[0..n) and a NUL to the pool: its offset, or SF_NONE. */
static uint32_t
str_add(struct soften_rules *rs, const char *s, size_t n)
{
	size_t off = N(rs, SV_STR);
	char *p;

	if (n == 0)
		return 0;
	if (off + n + 1 > UINT32_MAX / 2 ||
	    (p = vec_add(rs, SV_STR, n + 1)) == NULL)
		return SF_NONE;
	memcpy(p, s, n);
	p[n] = '\0';
	return (uint32_t)off;
}

const char *
soften_str(const struct soften_rules *rs, uint32_t off)
{
	return off < N(rs, SV_STR) ? STR(rs) + off : "";
}

void
soften_use_tables(struct soften_rules *rs, const struct sf_vec *v,
    size_t nbuiltin)
{
	int k;

	for (k = 0; k < SV_N; k++) {
		rs->v[k] = v[k];
		rs->v[k].cap = 0;
	}
	rs->nbuiltin = nbuiltin;
}

void
soften_free(struct soften_rules *rs)
{
	int k;

	for (k = 0; k < SV_N; k++)
		if (rs->v[k].cap > 0)
			free(rs->v[k].p);
	memset(rs, 0, sizeof(*rs));
}

size_t
soften_nrules(const struct soften_rules *rs)
{
	return N(rs, SV_RULE);
}

const struct sf_rule *
soften_rule(const struct soften_rules *rs, size_t i)
{
	return &RULE(rs)[i];
}

uint32_t
soften_match(const struct soften_rules *rs, const struct sf_rule *r, size_t i)
{
	return MATCH(rs)[r->mfirst + i];
}

const struct sf_rule *
soften_find(const struct soften_rules *rs, const char *id)
{
	size_t i;

	for (i = N(rs, SV_RULE); i-- > 0;)
		if (!RULE(rs)[i].off &&
		    strcmp(STR(rs) + RULE(rs)[i].id, id) == 0)
			return &RULE(rs)[i];
	return NULL;
}

void
soften_pattern_text(const struct soften_rules *rs, uint32_t pat, char *buf,
    size_t len)
{
	const struct sf_pat *pt = &PAT(rs)[pat];
	const struct sf_elem *el;
	const struct sf_item *it;
	size_t k, i, n = 0;

	buf[0] = '\0';
	for (k = 0; k < pt->en && n < len; k++) {
		el = &ELEM(rs)[pt->efirst + k];
		n += (size_t)snprintf(buf + n, len - n, "%s%s", k ? " " : "",
		    el->kind == SE_START ? "^" : el->kind == SE_END ? "$" :
		    el->kind == SE_BREAK ? "," : el->kind == SE_ANY ?
		    (el->quoted ? "\"_" : "_") :
		    el->kind == SE_GAP ? ".." : el->neg ? "!" : "");
		if (el->kind == SE_GAP && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%d", el->max);
		for (i = 0; i < el->in && n < len; i++) {
			it = &ITEM(rs)[el->ifirst + i];
			n += (size_t)snprintf(buf + n, len - n, "%s%s%s",
			    i ? "|" : "", it->quoted ? "\"" : "",
			    STR(rs) + it->text);
		}
		if (el->opt && n < len)
			n += (size_t)snprintf(buf + n, len - n, "?");
	}
}

static int
class_find(const struct soften_rules *rs, const char *name, size_t n)
{
	size_t i;
	const char *s;

	for (i = 0; i < N(rs, SV_CLASS); i++) {
		s = STR(rs) + CLS(rs)[i].name;
		if (strlen(s) == n && memcmp(s, name, n) == 0)
			return (int)i;
	}
	return -1;
}

void
soften_counts(const struct soften_rules *rs, size_t *rules, size_t *classes,
    size_t *words)
{
	size_t i;

	*rules = 0;
	for (i = 0; i < N(rs, SV_RULE); i++)
		*rules += !RULE(rs)[i].off && RULE(rs)[i].cat != SOFTEN_FRAME;
	*classes = N(rs, SV_CLASS);
	*words = N(rs, SV_MEMBER);
}

/* ---- parsing a rule file ---- */

struct parse {
	struct soften_rules	*rs;
	const char		*file;
	size_t			 line;
	struct herr		*e;
	size_t			 mark[SV_N];	/* sizes before: the rollback */
	size_t			 rules0;	/* the first rule of this file */
	int			 cls;		/* the class stanza, or -1 */
	int			 rule;		/* the rule stanza, or -1 */
	uint32_t		 source;
	uint32_t		 disable[64];	/* ids to turn off at the end */
	size_t			 disline[64];
	size_t			 ndisable;
};

static int
perr(struct parse *p, const char *why, const char *what)
{
	return herr_set(p->e, HX_DATAERR, "%s:%zu: %s%s%s%s", p->file,
	    p->line, why, what ? " '" : "", what ? what : "", what ? "'" : "");
}

static int
nomem(struct parse *p)
{
	return herr_errno(p->e, HX_IOERR, ENOMEM, "%s", p->file);
}

static int
is_lower_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* [a-z0-9][a-z0-9.-]* of at most max bytes. */
static int
name_ok(const char *s, size_t n, size_t max, int dots)
{
	size_t i;

	if (n == 0 || n > max || !is_lower_alnum((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!is_lower_alnum((unsigned char)s[i]) && s[i] != '-' &&
		    !(dots && s[i] == '.'))
			return 0;
	return 1;
}

/*
 * Whether w (lower case already) is a word a pattern can name: letters,
 * digits, inner apostrophes and hyphens, or any non-ASCII byte.  A
 * contraction is refused, since the text's are expanded before matching.
 */
static const char *
word_problem(const char *w, size_t n)
{
	static const char *const tails[] = {
		"n't", "'re", "'ve", "'ll", "'d", "'m", NULL
	};
	size_t i, t;

	if (n == 2 && memcmp(w, "'s", 2) == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (!is_lower_alnum((unsigned char)w[i]) &&
		    (unsigned char)w[i] < 0x80 &&
		    !((w[i] == '\'' || w[i] == '-') && i > 0 && i + 1 < n))
			return "not a word";
	for (i = 0; tails[i] != NULL; i++) {
		t = strlen(tails[i]);
		if (n > t && memcmp(w + n - t, tails[i], t) == 0)
			return "a contraction (the text's are expanded: "
			    "write do not, you are, i am)";
	}
	if ((n > 2 && memcmp(w + n - 2, "'s", 2) == 0) ||
	    (n == 6 && memcmp(w, "cannot", 6) == 0))
		return "a contraction (the text's are expanded: "
		    "write it is, can not; 's alone is the possessive)";
	return NULL;
}

/* Lower-case ASCII of s[0..n) into out (n + 1 bytes). */
static void
lower(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i];
	out[n] = '\0';
}

static int
item_parse(struct parse *p, const char *s, size_t n, struct sf_item *it)
{
	char w[SOFTEN_LINE_MAX];
	const char *why;

	if (n > 0 && s[0] == '"') {
		it->quoted = 1;
		s++;
		n -= 1 + (n > 1 && s[n - 2] == '"');
	}
	if (n == 0 || n >= sizeof(w))
		return perr(p, "empty word in a pattern", NULL);
	lower(w, s, n);
	if ((it->text = str_add(p->rs, w, n)) == SF_NONE)
		return nomem(p);
	if (w[0] == '@') {
		if (!name_ok(w + 1, n - 1, SOFTEN_NAME_MAX, 0))
			return perr(p, "bad class name", w);
		it->kind = SI_CLASS;
		return 0;
	}
	if (w[n - 1] == '*') {
		if (n < 3 || word_problem(w, n - 1) != NULL)
			return perr(p, "a prefix is two or more letters, then *",
			    w);
		it->kind = SI_PREFIX;
		it->len = (uint32_t)(n - 1);
		it->ref = str_add(p->rs, w, n - 1);
		return it->ref == SF_NONE ? nomem(p) : 0;
	}
	if ((why = word_problem(w, n)) != NULL)
		return perr(p, why, w);
	it->kind = SI_WORD;
	return 0;
}

/* One element of a pattern: ^ $ , _ ..N or a set of items. */
static int
elem_parse(struct parse *p, const char *s, size_t n, struct sf_elem *el)
{
	struct sf_item *it;
	const char *bar;

	if (n > 1 && s[n - 1] == '?') {
		el->opt = 1;
		n--;
	}
	if ((n == 2 && memcmp(s, "\"_", 2) == 0) ||
	    (n == 3 && memcmp(s, "\"_\"", 3) == 0)) {
		el->kind = SE_ANY;
		el->quoted = 1;
		return 0;
	}
	if (n == 1 && (s[0] == '^' || s[0] == '$' || s[0] == ',' ||
	    s[0] == '_')) {
		el->kind = s[0] == '^' ? SE_START : s[0] == '$' ? SE_END :
		    s[0] == ',' ? SE_BREAK : SE_ANY;
		if (el->opt && (el->kind == SE_START || el->kind == SE_END))
			return perr(p, "^ and $ cannot be optional", NULL);
		return 0;
	}
	if (n == 3 && s[0] == '.' && s[1] == '.' && s[2] >= '1' &&
	    s[2] <= '9' && !el->opt) {
		el->kind = SE_GAP;
		el->max = (uint8_t)(s[2] - '0');
		return 0;
	}
	el->kind = SE_SET;
	if (s[0] == '!') {
		el->neg = 1;
		s++;
		n--;
		if (el->opt)
			return perr(p, "a !set cannot be optional", NULL);
	}
	el->ifirst = (uint32_t)N(p->rs, SV_ITEM);
	while (n > 0) {
		bar = memchr(s, '|', n);
		if ((it = vec_add(p->rs, SV_ITEM, 1)) == NULL)
			return nomem(p);
		el->in++;
		if (item_parse(p, s, bar ? (size_t)(bar - s) : n, it) == -1)
			return -1;
		if (bar == NULL)
			break;
		n -= (size_t)(bar - s) + 1;
		s = bar + 1;
		if (n == 0)
			return perr(p, "a pattern's | with nothing after it",
			    NULL);
	}
	return 0;
}

/*
 * Where its matches are looked for: the first set that must match (not
 * optional, not negated); what comes before it is tried backwards from
 * there (prefix_back).
 */
static int
pattern_anchor(struct parse *p, struct sf_pat *pt)
{
	const struct sf_elem *el = ELEM(p->rs) + pt->efirst;
	size_t i, j;

	for (i = 0; i < pt->en; i++)
		if (el[i].kind == SE_SET && !el[i].opt && !el[i].neg)
			break;
	if (i == pt->en)
		return perr(p, "a pattern needs a word or a class that must "
		    "match", NULL);
	for (j = 0; j < el[i].in; j++)
		if (ITEM(p->rs)[el[i].ifirst + j].kind == SI_PREFIX)
			return perr(p, "the first word that must match cannot "
			    "be a prefix", STR(p->rs) +
			    ITEM(p->rs)[el[i].ifirst + j].text);
	pt->anchor = (uint8_t)i;
	return 0;
}

/* Parse a pattern; its index in *pat.  A match pattern needs an anchor. */
static int
pattern_parse(struct parse *p, const char *s, int match, uint32_t *pat)
{
	struct sf_pat *pt;
	struct sf_elem *el;
	size_t n, i;

	*pat = (uint32_t)N(p->rs, SV_PAT);
	if ((pt = vec_add(p->rs, SV_PAT, 1)) == NULL)
		return nomem(p);
	pt->rule = (uint32_t)p->rule;
	pt->line = (uint32_t)p->line;
	pt->efirst = (uint32_t)N(p->rs, SV_ELEM);
	for (; *s != '\0'; s += n) {
		s += strspn(s, " \t");
		if ((n = strcspn(s, " \t")) == 0)
			break;
		if (pt->en == SOFTEN_ELEMS_MAX)
			return perr(p, "a pattern of more than 16 elements",
			    NULL);
		if ((el = vec_add(p->rs, SV_ELEM, 1)) == NULL)
			return nomem(p);
		pt = &PAT(p->rs)[*pat];
		pt->en++;
		if (elem_parse(p, s, n, el) == -1)
			return -1;
	}
	if (pt->en == 0)
		return perr(p, "an empty pattern", NULL);
	for (n = 0; n < pt->en; n++) {
		el = &ELEM(p->rs)[pt->efirst + n];
		pt->quoted |= el->quoted;
		for (i = 0; i < el->in; i++)
			pt->quoted |= ITEM(p->rs)[el->ifirst + i].quoted;
		if ((el->kind == SE_START && n != 0) ||
		    (el->kind == SE_END && n != pt->en - 1))
			return perr(p, "^ only first and $ only last", NULL);
	}
	if (!match) {
		pt->anchor = UINT8_MAX;
		return 0;
	}
	return pattern_anchor(p, pt);
}

/*
 * Check a feel, about or need text: {rest}, {object}, {word}, {gloss},
 * each with an optional |fallback.
 */
static int
template_check(struct parse *p, const char *s)
{
	const char *o, *c, *bar;
	size_t n;

	if (strlen(s) > SOFTEN_TEXT_MAX)
		return perr(p, "text longer than 300 bytes", NULL);
	for (;; s = c + 1) {
		o = strchr(s, '{');
		c = strchr(s, '}');
		if (o == NULL)
			return c == NULL ? 0 : perr(p, "a } without {", NULL);
		if (c == NULL || c < o || memchr(o + 1, '{',
		    (size_t)(c - o - 1)) != NULL)
			return perr(p, "a { without its }", NULL);
		bar = memchr(o, '|', (size_t)(c - o));
		n = (size_t)((bar ? bar : c) - o - 1);
		if (!((n == 4 && memcmp(o + 1, "rest", 4) == 0) ||
		    (n == 6 && memcmp(o + 1, "object", 6) == 0) ||
		    (n == 4 && memcmp(o + 1, "word", 4) == 0) ||
		    (n == 5 && memcmp(o + 1, "gloss", 5) == 0)))
			return perr(p, "unknown slot (use {rest}, {object}, "
			    "{word}, {gloss})", NULL);
	}
}

static int
perr_at(struct parse *p, size_t line, const char *why, const char *what)
{
	size_t keep = p->line;

	p->line = line;
	perr(p, why, what);
	p->line = keep;
	return -1;
}

/* The rule stanza that ends here is complete. */
static int
rule_end(struct parse *p)
{
	struct sf_rule *r;

	if (p->rule < 0)
		return 0;
	r = &RULE(p->rs)[p->rule];
	p->rule = -1;
	if (r->cat == SOFTEN_NCAT)
		return perr_at(p, r->line, "a rule without a category", NULL);
	if (r->mn == 0)
		return perr_at(p, r->line, "a rule without a match", NULL);
	if (r->cat == SOFTEN_FRAME) {
		if (r->cancels == 0)
			r->cancels = (1 << SOFTEN_FRAME) - 1;
		if (r->feel || r->about || r->need)
			return perr_at(p, r->line, "a frame has no feel, "
			    "about or need", NULL);
		return 0;
	}
	if (r->cancels != 0)
		return perr_at(p, r->line, "only a frame cancels", NULL);
	if (r->feel == 0 || r->about == 0 || r->need == 0)
		return perr_at(p, r->line, "a rule needs feel, about and need",
		    NULL);
	return 0;
}

static int
rule_begin(struct parse *p, const char *id)
{
	struct sf_rule *r;
	size_t i;

	if (!name_ok(id, strlen(id), SOFTEN_ID_MAX, 1))
		return perr(p, "bad rule id (a-z, 0-9, '.' and '-', at most "
		    "48)", id);
	for (i = p->rules0; i < N(p->rs, SV_RULE); i++)
		if (strcmp(STR(p->rs) + RULE(p->rs)[i].id, id) == 0)
			return perr(p, "a second rule", id);
	p->rule = (int)N(p->rs, SV_RULE);
	if ((r = vec_add(p->rs, SV_RULE, 1)) == NULL ||
	    (r->id = str_add(p->rs, id, strlen(id))) == SF_NONE)
		return nomem(p);
	r->source = p->source;
	r->line = (uint32_t)p->line;
	r->cat = SOFTEN_NCAT;
	r->mfirst = (uint32_t)N(p->rs, SV_MATCH);
	r->cfirst = (uint32_t)N(p->rs, SV_COND);
	return 0;
}

static int
class_begin(struct parse *p, const char *name)
{
	struct sf_class *c;

	if (!name_ok(name, strlen(name), SOFTEN_NAME_MAX, 0))
		return perr(p, "bad class name (a-z, 0-9 and '-', at most 32)",
		    name);
	if ((p->cls = class_find(p->rs, name, strlen(name))) >= 0)
		return 0;	/* more words for a class */
	if (N(p->rs, SV_CLASS) == SOFTEN_CLASSES_MAX)
		return perr(p, "more than 64 classes", NULL);
	p->cls = (int)N(p->rs, SV_CLASS);
	if ((c = vec_add(p->rs, SV_CLASS, 1)) == NULL ||
	    (c->name = str_add(p->rs, name, strlen(name))) == SF_NONE)
		return nomem(p);
	return 0;
}

/* One word of a class, with its gloss (NULL: none). */
static int
member_add(struct parse *p, const char *w, size_t n, const char *gloss)
{
	char low[SOFTEN_LINE_MAX];
	struct sf_member *m;
	const char *why;
	int prefix;

	lower(low, w, n);
	prefix = n > 2 && low[n - 1] == '*';
	if ((why = word_problem(low, n - prefix)) != NULL)
		return perr(p, why, low);
	if (gloss != NULL && (strlen(gloss) > SOFTEN_TEXT_MAX ||
	    strpbrk(gloss, "{}") != NULL))
		return perr(p, "a gloss is plain text of at most 300 bytes",
		    NULL);
	if ((m = vec_add(p->rs, SV_MEMBER, 1)) == NULL)
		return nomem(p);
	m->cls = (uint32_t)p->cls;
	m->prefix = (uint8_t)prefix;
	m->len = (uint32_t)(n - prefix);
	if ((m->text = str_add(p->rs, low, n - prefix)) == SF_NONE ||
	    (gloss != NULL &&
	    (m->gloss = str_add(p->rs, gloss, strlen(gloss))) == SF_NONE))
		return nomem(p);
	return 0;
}

static int
class_line(struct parse *p, const char *key, char *val)
{
	const char *gloss;
	size_t n;

	if (strcmp(key, "word") == 0) {
		n = strcspn(val, " \t");
		gloss = val + n + strspn(val + n, " \t");
		if (n == 0 || *gloss == '\0')
			return perr(p, "word takes a word and its gloss", NULL);
		return member_add(p, val, n, gloss);
	}
	if (strcmp(key, "words") != 0)
		return perr(p, "unknown key in a class", key);
	for (; *val != '\0'; val += n) {
		val += strspn(val, " \t");
		if ((n = strcspn(val, " \t")) > 0 &&
		    member_add(p, val, n, NULL) == -1)
			return -1;
	}
	return 0;
}

/* One condition: WHERE and its pattern (none for question). */
static int
cond_add(struct parse *p, const char *val, void *arg)
{
	static const char *const wheres[] = {
		"prev", "next", "before", "after", "anywhere", "question"
	};
	struct sf_cond *c;
	size_t n = strcspn(val, " \t"), w;
	uint32_t pat = SF_NONE;

	for (w = 0; w <= SW_QUESTION; w++)
		if (strlen(wheres[w]) == n && memcmp(val, wheres[w], n) == 0)
			break;
	if (w > SW_QUESTION)
		return perr(p, "if and unless take prev, next, before, after, "
		    "anywhere or question", NULL);
	val += n + strspn(val + n, " \t");
	if ((w == SW_QUESTION) != (*val == '\0'))
		return perr(p, w == SW_QUESTION ? "question takes no pattern" :
		    "a condition without a pattern", NULL);
	if (w != SW_QUESTION && pattern_parse(p, val, 0, &pat) == -1)
		return -1;
	if ((c = vec_add(p->rs, SV_COND, 1)) == NULL)
		return nomem(p);
	c->pat = pat;
	c->unless = (uint8_t)*(const int *)arg;
	c->where = (uint8_t)w;
	RULE(p->rs)[p->rule].cn++;
	return 0;
}

/* One match pattern of the rule. */
static int
match_add(struct parse *p, const char *val, void *arg)
{
	uint32_t pat, *m;

	if (pattern_parse(p, val, 1, &pat) == -1)
		return -1;
	if ((m = vec_add(p->rs, SV_MATCH, 1)) == NULL)
		return nomem(p);
	*m = pat;
	RULE(p->rs)[p->rule].mn++;
	return 0;
}

/*
 * Each way of reading the groups of s, (a b | c d) or (a b | c d)?, one
 * after the other: "x (a b | c) y" is "x a b y" and "x c y".  At most
 * SOFTEN_EXPANSIONS of them a line; groups do not nest.
 */
#define SOFTEN_EXPANSIONS	64
static int
groups(struct parse *p, const char *s, int (*fn)(struct parse *, const char *,
    void *), void *arg, int *count)
{
	char buf[SOFTEN_LINE_MAX];
	const char *o = strchr(s, '('), *c, *a, *bar;
	int opt;

	if (o == NULL)
		return ++*count > SOFTEN_EXPANSIONS ? perr(p, "more than 64 "
		    "patterns from one line's groups", NULL) : fn(p, s, arg);
	if ((c = strchr(o, ')')) == NULL ||
	    memchr(o + 1, '(', (size_t)(c - o - 1)) != NULL)
		return perr(p, "a ( without its ), or a group within a group",
		    NULL);
	opt = c[1] == '?';
	for (a = o + 1;; a = bar + 3) {
		if ((bar = strstr(a, " | ")) == NULL || bar > c)
			bar = c;
		snprintf(buf, sizeof(buf), "%.*s %.*s %s", (int)(o - s), s,
		    (int)(bar - a), a, c + 1 + opt);
		if (groups(p, buf, fn, arg, count) == -1)
			return -1;
		if (bar == c)
			break;
	}
	if (!opt)
		return 0;
	snprintf(buf, sizeof(buf), "%.*s %s", (int)(o - s), s, c + 2);
	return groups(p, buf, fn, arg, count);
}

/* if|unless WHERE PATTERN; an unless with groups is one unless a way. */
static int
cond_line(struct parse *p, int unless, const char *val)
{
	int count = 0;

	if (!unless && strchr(val, '(') != NULL)
		return perr(p, "groups only in match and unless lines", NULL);
	return groups(p, val, cond_add, &unless, &count);
}

static int
cancels_line(struct parse *p, struct sf_rule *r, char *val)
{
	size_t n;
	int cat;

	for (; *val != '\0'; val += n) {
		val += strspn(val, " \t");
		if ((n = strcspn(val, " \t")) == 0)
			break;
		if (val[n] != '\0')
			val[n++] = '\0';
		if ((cat = soften_cat_parse(val)) < 0 || cat == SOFTEN_FRAME)
			return perr(p, "unknown category", val);
		r->cancels |= (uint8_t)(1 << cat);
	}
	return 0;
}

static int
text_line(struct parse *p, uint32_t *field, const char *key, const char *val)
{
	if (*field != 0)
		return perr(p, "a second", key);
	if (*val == '\0')
		return perr(p, "empty", key);
	if (template_check(p, val) == -1)
		return -1;
	return (*field = str_add(p->rs, val, strlen(val))) == SF_NONE ?
	    nomem(p) : 0;
}

static int
rule_line(struct parse *p, const char *key, char *val)
{
	struct sf_rule *r = &RULE(p->rs)[p->rule];
	int cat, count = 0;

	if (strcmp(key, "category") == 0) {
		if ((cat = soften_cat_parse(val)) < 0)
			return perr(p, "unknown category", val);
		if (r->cat != SOFTEN_NCAT)
			return perr(p, "a second category", NULL);
		r->cat = (uint8_t)cat;
		return 0;
	}
	if (strcmp(key, "match") == 0)
		return groups(p, val, match_add, NULL, &count);
	if (strcmp(key, "if") == 0 || strcmp(key, "unless") == 0)
		return cond_line(p, key[0] == 'u', val);
	if (strcmp(key, "cancels") == 0)
		return cancels_line(p, r, val);
	if (strcmp(key, "feel") == 0)
		return text_line(p, &r->feel, key, val);
	if (strcmp(key, "about") == 0)
		return text_line(p, &r->about, key, val);
	if (strcmp(key, "need") == 0)
		return text_line(p, &r->need, key, val);
	return perr(p, "unknown key in a rule", key);
}

/* One line, its comments and blanks already gone: KEY VALUE. */
static int
line_parse(struct parse *p, char *l)
{
	char *val;
	size_t n = strcspn(l, " \t");

	val = l + n + strspn(l + n, " \t");
	l[n] = '\0';
	if (strcmp(l, "rule") == 0 || strcmp(l, "class") == 0 ||
	    strcmp(l, "disable") == 0) {
		if (rule_end(p) == -1)
			return -1;
		p->cls = -1;
		if (l[0] == 'r')
			return rule_begin(p, val);
		if (l[0] == 'c')
			return class_begin(p, val);
		if (p->ndisable == sizeof(p->disable) / sizeof(p->disable[0]))
			return perr(p, "more than 64 disable lines", NULL);
		p->disline[p->ndisable] = p->line;
		p->disable[p->ndisable] = str_add(p->rs, val, strlen(val));
		return p->disable[p->ndisable++] == SF_NONE ? nomem(p) : 0;
	}
	if (p->cls >= 0)
		return class_line(p, l, val);
	if (p->rule >= 0)
		return rule_line(p, l, val);
	return perr(p, "outside a rule or a class", l);
}

/* The classes that this file's patterns name, and their anchors. */
static int
resolve(struct parse *p)
{
	struct soften_rules *rs = p->rs;
	const struct sf_pat *pt;
	struct sf_item *it;
	size_t i, j, k, m;
	int c;

	for (i = p->mark[SV_PAT]; i < N(rs, SV_PAT); i++) {
		pt = &PAT(rs)[i];
		for (j = 0; j < pt->en; j++) {
			const struct sf_elem *el = &ELEM(rs)[pt->efirst + j];

			for (k = 0; k < el->in; k++) {
				it = &ITEM(rs)[el->ifirst + k];
				if (it->kind != SI_CLASS)
					continue;
				c = class_find(rs, STR(rs) + it->text + 1,
				    strlen(STR(rs) + it->text + 1));
				if (c < 0)
					return perr_at(p, pt->line,
					    "no such class", STR(rs) + it->text);
				it->ref = (uint32_t)c;
				if (j != pt->anchor)
					continue;
				for (m = 0; m < N(rs, SV_MEMBER); m++)
					if (MEM(rs)[m].cls == it->ref &&
					    MEM(rs)[m].prefix)
						return perr_at(p, pt->line,
						    "a class with prefixes "
						    "cannot begin a pattern",
						    STR(rs) + it->text);
			}
		}
	}
	return 0;
}

/*
 * The end of a file: its disables name rules in use, and a rule of the
 * same id as an earlier one replaces it.  Nothing changes before every
 * disable is known to be good.
 */
static int
finish(struct parse *p)
{
	struct soften_rules *rs = p->rs;
	const char *id;
	size_t i, j;

	if (rule_end(p) == -1 || resolve(p) == -1)
		return -1;
	for (i = 0; i < p->ndisable; i++) {
		id = STR(rs) + p->disable[i];
		for (j = 0; j < N(rs, SV_RULE); j++)
			if (!RULE(rs)[j].off &&
			    strcmp(STR(rs) + RULE(rs)[j].id, id) == 0)
				break;
		if (j == N(rs, SV_RULE))
			return perr_at(p, p->disline[i], "no rule to disable",
			    id);
	}
	for (i = p->rules0; i < N(rs, SV_RULE); i++)
		for (j = 0; j < p->rules0; j++)
			if (!RULE(rs)[j].off && strcmp(STR(rs) +
			    RULE(rs)[j].id, STR(rs) + RULE(rs)[i].id) == 0)
				RULE(rs)[j].off = 2;
	for (i = 0; i < p->ndisable; i++)
		for (j = 0; j < N(rs, SV_RULE); j++)
			if (strcmp(STR(rs) + RULE(rs)[j].id,
			    STR(rs) + p->disable[i]) == 0)
				RULE(rs)[j].off = 1;
	return 0;
}

/* A line as written: why it cannot be read, or NULL. */
static const char *
line_problem(const char *l, size_t n)
{
	size_t i, bad;

	if (n >= SOFTEN_LINE_MAX)
		return "a line longer than 4095 bytes";
	if (text_utf8_check(l, n, &bad) == -1)
		return "invalid UTF-8 or a NUL byte";
	for (i = 0; i < n; i++)
		if (((unsigned char)l[i] < 0x20 && l[i] != '\t' &&
		    l[i] != '\r') || l[i] == 0x7f)
			return "a control character";
	return NULL;
}

static int
parse_lines(struct parse *p, const char *text, size_t len)
{
	char buf[SOFTEN_LINE_MAX];
	const char *at = text, *l, *why;
	size_t n;

	while (line_next(&at, text + len, &l, &n, NULL) == 1) {
		p->line++;
		if ((why = line_problem(l, n)) != NULL)
			return perr(p, why, NULL);
		while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' ||
		    l[n - 1] == '\r'))
			n--;
		while (n > 0 && (*l == ' ' || *l == '\t')) {
			l++;
			n--;
		}
		if (n == 0 || *l == '#')
			continue;
		memcpy(buf, l, n);
		buf[n] = '\0';
		if (line_parse(p, buf) == -1)
			return -1;
	}
	return finish(p);
}

int
soften_parse(struct soften_rules *rs, const char *file, const char *text,
    size_t len, struct herr *e)
{
	struct parse p;
	int k;

	memset(&p, 0, sizeof(p));
	p.rs = rs;
	p.file = file;
	p.e = e;
	p.cls = p.rule = -1;
	if (vec_own(rs) == -1)
		return herr_errno(e, HX_IOERR, errno, "%s", file);
	for (k = 0; k < SV_N; k++)
		p.mark[k] = N(rs, k);
	p.rules0 = N(rs, SV_RULE);
	if ((p.source = str_add(rs, file, strlen(file))) != SF_NONE &&
	    parse_lines(&p, text, len) == 0)
		return 0;
	if (p.source == SF_NONE)
		nomem(&p);
	for (k = 0; k < SV_WORD; k++)
		rs->v[k].n = p.mark[k];
	return -1;
}

/* ---- loading files ---- */

/* Parse the file at path, of at most max bytes; *size: what it held. */
static int
load_file(struct soften_rules *rs, const char *path, off_t max, off_t *size,
    struct herr *e)
{
	struct stat sb;
	char *text;
	ssize_t r;
	int fd, ret;

	*size = 0;
	/* O_NONBLOCK: a FIFO is refused below, not waited on. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return herr_errno(e, errno == ENOENT ? HX_NOINPUT : HX_IOERR,
		    errno, "%s", path);
	if (fstat(fd, &sb) == -1) {
		close(fd);
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > max) {
		close(fd);
		return herr_set(e, HX_DATAERR, "%s: %s", path,
		    !S_ISREG(sb.st_mode) ? "not a regular file" :
		    sb.st_size > SOFTEN_FILE_MAX ? "larger than 1 MiB" :
		    "past the 16 MiB that the rules of a folder may take");
	}
	if ((text = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	}
	r = io_pread_all(fd, text, (size_t)sb.st_size, 0);
	close(fd);
	if (r != sb.st_size) {
		free(text);
		return r == -1 ? herr_errno(e, HX_IOERR, errno, "%s", path) :
		    herr_set(e, HX_IOERR, "%s: changed while it was read",
		    path);
	}
	*size = sb.st_size;
	ret = soften_parse(rs, path, text, (size_t)r, e);
	free(text);
	return ret;
}

int
soften_load_file(struct soften_rules *rs, const char *path, struct herr *e)
{
	off_t size;

	return load_file(rs, path, SOFTEN_FILE_MAX, &size, e);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME.rules of dir, sorted, into *names; at most SOFTEN_DIR_FILES. */
static int
rule_files(DIR *d, const char *dir, char ***names, size_t *n,
    struct herr *e)
{
	const struct dirent *de;
	char **more;
	size_t len;

	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 6 ||
		    strcmp(de->d_name + len - 6, ".rules") != 0)
			continue;
		if (*n == SOFTEN_DIR_FILES)
			return herr_set(e, HX_DATAERR, "%s: more than %d rule "
			    "files; none of them is read", dir,
			    SOFTEN_DIR_FILES);
		if ((more = reallocarray(*names, *n + 1, sizeof(*more))) ==
		    NULL || (more[*n] = strdup(de->d_name)) == NULL) {
			if (more != NULL)
				*names = more;
			return herr_errno(e, HX_IOERR, errno, "%s", dir);
		}
		*names = more;
		(*n)++;
	}
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), by_name);
	return 0;
}

int
soften_load_dir(struct soften_rules *rs, const char *dir, soften_warn_fn *warn,
    void *arg, struct herr *e)
{
	char path[4096], **names = NULL;
	off_t left = SOFTEN_DIR_BYTES, size;
	size_t n = 0, i;
	DIR *d;
	int ret = 0, listed;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		    herr_errno(e, HX_IOERR, errno, "%s", dir);
	if (!(listed = rule_files(d, dir, &names, &n, e) == 0)) {
		/* Too many: that costs no more than a warning. */
		if (warn != NULL && e->code == HX_DATAERR)
			warn(arg, e);
		else
			ret = -1;
	}
	for (i = 0; listed && i < n && ret >= 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (load_file(rs, path, left < SOFTEN_FILE_MAX ? left :
		    SOFTEN_FILE_MAX, &size, e) == 0)
			ret++;
		else if (warn == NULL)
			ret = -1;
		else
			warn(arg, e);
		left -= size;
	}
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

/* ---- the index ---- */

/* FNV-1a, 32 bits: the key of a word in the index. */
static uint32_t
hash32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The word s[0..n), or -1. */
static int32_t
word_find(const struct soften_rules *rs, const char *s, size_t n, uint32_t h)
{
	size_t mask = N(rs, SV_HASH) - 1, i;
	const struct sf_word *w;
	uint32_t x;

	if (N(rs, SV_HASH) == 0)
		return -1;
	for (i = h & mask; (x = HASH(rs)[i]) != 0; i = (i + 1) & mask) {
		w = &WORD(rs)[x - 1];
		if (w->hash == h && w->len == n &&
		    memcmp(STR(rs) + w->text, s, n) == 0)
			return (int32_t)(x - 1);
	}
	return -1;
}

/* The word whose text is at off in the pool, added when it is new. */
static int32_t
word_intern(struct soften_rules *rs, uint32_t off)
{
	const char *s = STR(rs) + off;
	size_t n = strlen(s), mask = N(rs, SV_HASH) - 1, i;
	uint32_t h = hash32(s, n);
	struct sf_word *w;
	int32_t id;

	if ((id = word_find(rs, s, n, h)) >= 0)
		return id;
	if ((w = vec_add(rs, SV_WORD, 1)) == NULL)
		return -1;
	w->text = off;
	w->len = (uint32_t)n;
	w->hash = h;
	for (i = h & mask; HASH(rs)[i] != 0; i = (i + 1) & mask)
		;
	HASH(rs)[i] = (uint32_t)N(rs, SV_WORD);
	return (int32_t)(N(rs, SV_WORD) - 1);
}

static int
intern_all(struct soften_rules *rs)
{
	struct sf_member *m;
	struct sf_item *it;
	size_t i, cap;
	int32_t id;

	for (cap = 64; cap < 2 * (N(rs, SV_MEMBER) + N(rs, SV_ITEM)); cap *= 2)
		;
	if (vec_add(rs, SV_HASH, cap) == NULL)
		return -1;
	for (i = 0; i < N(rs, SV_MEMBER); i++) {
		m = &MEM(rs)[i];
		if (m->prefix)
			continue;
		if ((id = word_intern(rs, m->text)) < 0)
			return -1;
		WORD(rs)[id].classes |= (uint64_t)1 << m->cls;
	}
	for (i = 0; i < N(rs, SV_ITEM); i++) {
		it = &ITEM(rs)[i];
		if (it->kind != SI_WORD)
			continue;
		if ((id = word_intern(rs, it->text)) < 0)
			return -1;
		it->ref = (uint32_t)id;
	}
	return 0;
}

/* Each class's prefix words, as a run of member indices. */
static int
prefix_lists(struct soften_rules *rs)
{
	struct sf_class *c;
	uint32_t *p;
	size_t i, m;

	for (i = 0; i < N(rs, SV_CLASS); i++) {
		c = &CLS(rs)[i];
		c->pfirst = (uint32_t)N(rs, SV_PREFIX);
		c->pn = 0;
		for (m = 0; m < N(rs, SV_MEMBER); m++) {
			if (MEM(rs)[m].cls != i || !MEM(rs)[m].prefix)
				continue;
			if ((p = vec_add(rs, SV_PREFIX, 1)) == NULL)
				return -1;
			*p = (uint32_t)m;
			CLS(rs)[i].pn++;
		}
	}
	return 0;
}

/*
 * One entry of the index: pattern pat begins with w1, then w2, then w3
 * (SF_NONE: any).
 */
struct tuple {
	uint32_t	w1, w2, w3, pat;
};

struct tuples {
	struct tuple	*t;
	size_t		 n, cap;
};

static int
tuple_add(struct tuples *tb, uint32_t w1, uint32_t w2, uint32_t w3,
    uint32_t pat)
{
	struct tuple *t;

	if (tb->n == tb->cap) {
		if ((t = reallocarray(tb->t, tb->cap ? tb->cap * 2 : 1024,
		    sizeof(*t))) == NULL)
			return -1;
		tb->t = t;
		tb->cap = tb->cap ? tb->cap * 2 : 1024;
	}
	tb->t[tb->n++] = (struct tuple){ w1, w2, w3, pat };
	return 0;
}

static int
tuple_cmp(const void *a, const void *b)
{
	const struct tuple *x = a, *y = b;

	if (x->w1 != y->w1)
		return x->w1 < y->w1 ? -1 : 1;
	if (x->w2 != y->w2)
		return x->w2 < y->w2 ? -1 : 1;
	if (x->w3 != y->w3)
		return x->w3 < y->w3 ? -1 : 1;
	return x->pat < y->pat ? -1 : x->pat > y->pat;
}

/*
 * Whether the words el can match can be listed: a set that must match,
 * of words and of classes without prefixes.
 */
static int
listable(const struct soften_rules *rs, const struct sf_elem *el)
{
	const struct sf_item *it;
	size_t i;

	if (el->kind != SE_SET || el->opt || el->neg)
		return 0;
	for (i = 0; i < el->in; i++) {
		it = &ITEM(rs)[el->ifirst + i];
		if (it->kind == SI_PREFIX || it->quoted ||
		    (it->kind == SI_CLASS && CLS(rs)[it->ref].pn > 0))
			return 0;
	}
	return 1;
}

/* Whether word w is one that el can match (el listable). */
static int
elem_has(const struct soften_rules *rs, const struct sf_elem *el, size_t w)
{
	const struct sf_item *it;
	size_t i;

	for (i = 0; i < el->in; i++) {
		it = &ITEM(rs)[el->ifirst + i];
		if (it->kind == SI_WORD ? it->ref == w :
		    (WORD(rs)[w].classes >> it->ref & 1))
			return 1;
	}
	return 0;
}

/* How many words el can match (el listable). */
static size_t
elem_count(const struct soften_rules *rs, const struct sf_elem *el)
{
	size_t w, n = 0;

	for (w = 0; w < N(rs, SV_WORD); w++)
		n += (size_t)elem_has(rs, el, w);
	return n;
}

/* The tuples of pattern pat with its first word w1, after that w2. */
static int
tuples_after(struct soften_rules *rs, uint32_t pat, size_t w1,
    const struct sf_elem *nx, const struct sf_elem *nx2, struct tuples *tb)
{
	size_t w2, w3, nw = N(rs, SV_WORD);

	for (w2 = 0; w2 < nw; w2++) {
		if (!elem_has(rs, nx, w2))
			continue;
		if (nx2 == NULL) {
			if (tuple_add(tb, (uint32_t)w1, (uint32_t)w2, SF_NONE,
			    pat) == -1)
				return -1;
			continue;
		}
		for (w3 = 0; w3 < nw; w3++)
			if (elem_has(rs, nx2, w3) && tuple_add(tb, (uint32_t)w1,
			    (uint32_t)w2, (uint32_t)w3, pat) == -1)
				return -1;
	}
	return 0;
}

/*
 * The tuples of pattern pat: for each word its anchor can be, with each
 * word the element after it can be when those can be listed (and the
 * element after that, when that is few enough), else once.
 */
static int
pattern_tuples(struct soften_rules *rs, uint32_t pat, struct tuples *tb)
{
	const struct sf_pat *pt = &PAT(rs)[pat];
	const struct sf_elem *a = &ELEM(rs)[pt->efirst + pt->anchor];
	const struct sf_elem *nx = pt->anchor + 1u < pt->en ? a + 1 : NULL;
	const struct sf_elem *nx2 = pt->anchor + 2u < pt->en ? a + 2 : NULL;
	size_t w1, nw = N(rs, SV_WORD);

	if (nx != NULL && !listable(rs, nx))
		nx = NULL;
	if (nx == NULL || nx2 == NULL || !listable(rs, nx2) ||
	    elem_count(rs, nx) * elem_count(rs, nx2) > 64)
		nx2 = NULL;
	for (w1 = 0; w1 < nw; w1++) {
		if (!elem_has(rs, a, w1))
			continue;
		if (nx != NULL ? tuples_after(rs, pat, w1, nx, nx2, tb) :
		    tuple_add(tb, (uint32_t)w1, SF_NONE, SF_NONE, pat))
			return -1;
	}
	return 0;
}

/* The tuples, sorted, as the words' ranges of anchors and nexts. */
static int
tuples_store(struct soften_rules *rs, const struct tuples *tb)
{
	const struct tuple *t;
	struct sf_word *w;
	struct sf_next *nx = NULL;
	uint32_t *an;
	size_t i;

	if (tb->n > 0 && vec_add(rs, SV_ANCHOR, tb->n) == NULL)
		return -1;
	an = ANCHOR(rs);
	for (i = 0; i < tb->n; i++) {
		t = &tb->t[i];
		an[i] = t->pat;
		w = &WORD(rs)[t->w1];
		if (t->w2 == SF_NONE) {
			if (w->an++ == 0)
				w->afirst = (uint32_t)i;
			continue;
		}
		if (w->nn == 0 || NEXT(rs)[w->nfirst + w->nn - 1].w != t->w2 ||
		    NEXT(rs)[w->nfirst + w->nn - 1].w3 != t->w3) {
			if ((nx = vec_add(rs, SV_NEXT, 1)) == NULL)
				return -1;
			if (w->nn++ == 0)
				w->nfirst = (uint32_t)(N(rs, SV_NEXT) - 1);
			nx->w = t->w2;
			nx->w3 = t->w3;
			nx->afirst = (uint32_t)i;
		}
		NEXT(rs)[w->nfirst + w->nn - 1].an++;
	}
	return 0;
}

/* For each word, the patterns it can begin, in the order of the rules. */
static int
anchors(struct soften_rules *rs)
{
	struct tuples tb = { NULL, 0, 0 };
	const struct sf_rule *r;
	size_t i, m, k;
	int rv = -1;

	for (i = 0; i < N(rs, SV_RULE); i++) {
		r = &RULE(rs)[i];
		for (m = 0; !r->off && m < r->mn; m++)
			if (pattern_tuples(rs, MATCH(rs)[r->mfirst + m], &tb) ==
			    -1)
				goto out;
	}
	if (tb.n > 1)
		qsort(tb.t, tb.n, sizeof(*tb.t), tuple_cmp);
	for (i = k = 0; i < tb.n; i++)	/* the same tuple once */
		if (k == 0 || tuple_cmp(&tb.t[k - 1], &tb.t[i]) != 0)
			tb.t[k++] = tb.t[i];
	tb.n = k;
	rv = tuples_store(rs, &tb);
out:
	free(tb.t);
	return rv;
}

int
soften_compile(struct soften_rules *rs, struct herr *e)
{
	int k;

	if (vec_own(rs) == -1)
		return herr_errno(e, HX_IOERR, errno, "rules");
	for (k = SV_WORD; k < SV_N; k++) {
		if (rs->v[k].cap > 0)
			free(rs->v[k].p);
		memset(&rs->v[k], 0, sizeof(rs->v[k]));
	}
	if (intern_all(rs) == -1 || prefix_lists(rs) == -1 ||
	    anchors(rs) == -1)
		return herr_errno(e, HX_IOERR, ENOMEM, "rules");
	return 0;
}

/* ---- scanning: characters to words and sentences ---- */

enum tok_kind { TK_WORD, TK_SOFT, TK_HARD };

struct tok {
	size_t		line, col;
	uint32_t	off, len;	/* in the sentence's text, as written */
	uint32_t	noff, nlen;	/* in its normalised words */
	int32_t		word;		/* in the rules' index, or -1 */
	uint8_t		kind, quoted, framed;
};

struct cand {
	uint32_t	pat;
	uint32_t	start, end;	/* tokens [start, end) */
	int32_t		cap;		/* the token a class matched, or -1 */
	uint32_t	capcls;
};

/* What a character is to the scanner. */
enum ch {
	C_OTHER, C_WORD, C_EMOJI, C_SPACE, C_NL, C_APOS, C_OPEN1, C_HYPHEN,
	C_DASH, C_DOT, C_ELLIPSIS, C_TERM, C_SOFT, C_HARD, C_DQ, C_OPEN2,
	C_CLOSE2
};

#define TEXT_CAP	(SOFTEN_SENTENCE_MAX + SOFTEN_WORD_MAX + 16)
#define NORM_CAP	(3 * TEXT_CAP)
#define TOK_MAX		1024
#define CAND_MAX	64

struct soften_scan {
	const struct soften_rules *rs;
	soften_found_fn	*fn;
	void		*arg;
	int		 stop;		/* what the callback returned */
	size_t		 line, col;	/* of the next character */
	/* the sentence */
	char		 text[TEXT_CAP];
	size_t		 tlen;
	char		 norm[NORM_CAP];
	size_t		 nlen;
	struct tok	 tok[TOK_MAX];
	size_t		 ntok, first, last;	/* its first and last words */
	int		 question, allquoted;
	/* the word being read */
	int		 inword, wquoted;
	size_t		 wstart, wbytes, wline, wcol;
	/* a ' - or . after a word: the word's only if a letter follows */
	int		 pend;
	size_t		 pendat, pendline, pendcol;
	/* a UTF-8 sequence being read */
	unsigned char	 u8[4];
	size_t		 u8n, u8want, u8line, u8col;
	/* between sentences */
	int		 ended;		/* . ! or ?: the end at the next blank */
	int		 ellipsis;	/* ...: the end only before a capital */
	int		 waiting;	/* a blank after an ellipsis */
	int		 newlines;	/* since the last visible character */
	int		 joinable;	/* a line may go on after this one */
	int		 dq, cq, sq, sqpend;	/* open quotation marks */
	/* matching */
	size_t		 maxend;	/* a condition's pattern ends here... */
	int		 exact;		/* ...or exactly here */
	int		 filler, reststop, preposition;	/* for {rest} */
	int32_t		 pos[SOFTEN_ELEMS_MAX];
	struct cand	 cand[CAND_MAX];
	size_t		 ncand;
	struct buf	 out;
};

static void	sentence_end(struct soften_scan *);

static const unsigned char ascii_class[128] = {
	['\t'] = C_SPACE, ['\n'] = C_NL, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
	['\r'] = C_SPACE, [' '] = C_SPACE, ['!'] = C_TERM, ['"'] = C_DQ,
	['\''] = C_APOS, ['('] = C_HARD, [')'] = C_HARD, [','] = C_SOFT,
	['-'] = C_HYPHEN, ['.'] = C_DOT, [':'] = C_HARD, [';'] = C_HARD,
	['?'] = C_TERM, ['['] = C_HARD, [']'] = C_HARD,
	['0'] = C_WORD, ['1'] = C_WORD, ['2'] = C_WORD, ['3'] = C_WORD,
	['4'] = C_WORD, ['5'] = C_WORD, ['6'] = C_WORD, ['7'] = C_WORD,
	['8'] = C_WORD, ['9'] = C_WORD,
#define L(c)	[c] = C_WORD, [c - 'a' + 'A'] = C_WORD
	L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'),
	L('i'), L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'),
	L('q'), L('r'), L('s'), L('t'), L('u'), L('v'), L('w'), L('x'),
	L('y'), L('z')
#undef L
};

static int
cp_class(uint32_t cp)
{
	switch (cp) {
	case 0xa0: case 0x2009: case 0x202f:
		return C_SPACE;
	case 0x2018:
		return C_OPEN1;
	case 0x2019:
		return C_APOS;
	case 0x201c: case 0xab:
		return C_OPEN2;
	case 0x201d: case 0xbb:
		return C_CLOSE2;
	case 0x2013: case 0x2014:
		return C_DASH;
	case 0x2026:
		return C_ELLIPSIS;
	}
	if (cp < 0xa0)
		return C_OTHER;		/* C1 controls */
	if ((cp >= 0x2600 && cp < 0x27c0) || (cp >= 0x1f000 && cp < 0x1fb00))
		return C_EMOJI;
	if (cp >= 0x2000 && cp < 0x2070)
		return C_OTHER;		/* other punctuation */
	return C_WORD;
}

static void
text_add(struct soften_scan *sc, const char *b, size_t n)
{
	if (!sc->inword && !sc->pend && sc->tlen + n > SOFTEN_SENTENCE_MAX)
		sentence_end(sc);	/* too long: cut here */
	if (sc->tlen + n <= TEXT_CAP) {
		memcpy(sc->text + sc->tlen, b, n);
		sc->tlen += n;
	}
}

static struct tok *
tok_add(struct soften_scan *sc, int kind, size_t line, size_t col)
{
	struct tok *t = &sc->tok[sc->ntok++];

	memset(t, 0, sizeof(*t));
	t->kind = (uint8_t)kind;
	t->line = line;
	t->col = col;
	t->word = -1;
	t->off = (uint32_t)sc->tlen;
	return t;
}

/* A clause break, one for a run of them. */
static void
break_add(struct soften_scan *sc, int kind, size_t line, size_t col)
{
	struct tok *t;

	if (sc->ntok >= TOK_MAX - 8)
		sentence_end(sc);
	if (sc->ntok == 0)
		return;
	t = &sc->tok[sc->ntok - 1];
	if (t->kind != TK_WORD) {
		if (kind == TK_HARD)
			t->kind = TK_HARD;
		return;
	}
	tok_add(sc, kind, line, col)->off = (uint32_t)(sc->tlen - 1);
}

/* One normalised word (norm[noff..noff+nlen)) of the word just read. */
static void
word_add(struct soften_scan *sc, size_t noff, size_t nlen)
{
	const struct soften_rules *rs = sc->rs;
	struct tok *t = tok_add(sc, TK_WORD, sc->wline, sc->wcol);

	t->off = (uint32_t)sc->wstart;
	t->len = (uint32_t)(sc->tlen - sc->wstart);
	t->noff = (uint32_t)noff;
	t->nlen = (uint32_t)nlen;
	t->quoted = (uint8_t)sc->wquoted;
	if (sc->wbytes <= SOFTEN_WORD_MAX)
		t->word = word_find(rs, sc->norm + noff, nlen,
		    hash32(sc->norm + noff, nlen));
}

/* Add s to the normalised words and make it a token of the word. */
static void
word_as(struct soften_scan *sc, const char *s, size_t n)
{
	size_t off = sc->nlen;

	memcpy(sc->norm + off, s, n);
	sc->nlen += n;
	word_add(sc, off, n);
}

static int
word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(w, *list, n) == 0)
			return 1;
	return 0;
}

/*
 * The words of a contraction (norm[n0..n0+n), its last apostrophe at
 * apos), as the rules spell them: "don't" is "do not", "can't" "can
 * not", "you're" "you are"; "'s" is "is" after a pronoun and the
 * possessive "'s" after anything else.
 */
static void
contraction(struct soften_scan *sc, size_t n0, size_t n, size_t apos)
{
	static const char *const is_words[] = { "it", "that", "what", "he",
	    "she", "there", "here", "who", "where", "how", "this", "nobody",
	    "everything", "nothing", "something", "everyone", "somebody",
	    "someone", "anyone", "anything", "why", "when", NULL };
	static const char *const odd[][2] = { { "wo", "will" },
	    { "ca", "can" }, { "sha", "shall" }, { "ai", "is" } };
	static const char *const tails[][2] = { { "re", "are" },
	    { "ve", "have" }, { "ll", "will" }, { "d", "would" },
	    { "m", "am" } };
	const char *w = sc->norm + n0, *tail = w + apos + 1;
	size_t tn = n - apos - 1, i;

	if (tn == 1 && *tail == 't' && apos > 1 && w[apos - 1] == 'n') {
		for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
			if (strlen(odd[i][0]) == apos - 1 &&
			    memcmp(w, odd[i][0], apos - 1) == 0)
				break;
		if (i < sizeof(odd) / sizeof(odd[0]))
			word_as(sc, odd[i][1], strlen(odd[i][1]));
		else
			word_add(sc, n0, apos - 1);
		word_as(sc, "not", 3);
		return;
	}
	if (tn == 1 && *tail == 's') {
		word_add(sc, n0, apos);
		if (apos == 3 && memcmp(w, "let", 3) == 0)
			word_as(sc, "us", 2);
		else
			word_as(sc, word_in(w, apos, is_words) ? "is" : "'s", 2);
		return;
	}
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (strlen(tails[i][0]) == tn && memcmp(tail, tails[i][0], tn) ==
		    0)
			break;
	if (i == sizeof(tails) / sizeof(tails[0])) {
		word_add(sc, n0, n);	/* o'clock */
		return;
	}
	word_add(sc, n0, apos);
	word_as(sc, tails[i][1], strlen(tails[i][1]));
}

/*
 * A contraction written without its apostrophe ("dont", "youre"), or a
 * texting short form ("u"): its words, as contraction() gives them.
 * Forms that are also words ("wont", "ill", "lets", "were") are left.
 */
static int
unspelt(struct soften_scan *sc, size_t n0, size_t n)
{
#define F(s, a, b)	{ s, sizeof(s) - 1, a, b }
	static const struct {
		const char	*form;
		size_t		 n;
		const char	*a, *b;
	} forms[] = {
		F("dont", "do", "not"), F("doesnt", "does", "not"),
		F("didnt", "did", "not"), F("cant", "can", "not"),
		F("cannot", "can", "not"), F("isnt", "is", "not"),
		F("arent", "are", "not"), F("wasnt", "was", "not"),
		F("werent", "were", "not"), F("havent", "have", "not"),
		F("hasnt", "has", "not"), F("hadnt", "had", "not"),
		F("couldnt", "could", "not"), F("wouldnt", "would", "not"),
		F("shouldnt", "should", "not"), F("aint", "is", "not"),
		F("youre", "you", "are"), F("youve", "you", "have"),
		F("youll", "you", "will"), F("youd", "you", "would"),
		F("im", "i", "am"), F("ive", "i", "have"),
		F("thats", "that", "is"), F("whats", "what", "is"),
		F("theres", "there", "is"), F("theyre", "they", "are"),
		F("its", "it", "is"), F("dunno", "do", "not"),
		F("u", "you", NULL), F("ur", "your", NULL),
	};
#undef F
	const char *w = sc->norm + n0;
	size_t i;

	if (n > 8)
		return 0;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (forms[i].n == n && forms[i].form[0] == w[0] &&
		    memcmp(w, forms[i].form, n) == 0)
			break;
	if (i == sizeof(forms) / sizeof(forms[0]))
		return 0;
	word_as(sc, forms[i].a, strlen(forms[i].a));
	if (forms[i].b != NULL)
		word_as(sc, forms[i].b, strlen(forms[i].b));
	return 1;
}

/* The word just read ends: its normalised words become tokens. */
static void
word_end(struct soften_scan *sc)
{
	const unsigned char *w = (const unsigned char *)sc->text + sc->wstart;
	size_t n = sc->tlen - sc->wstart, n0 = sc->nlen, i, o = 0;
	size_t apos = SIZE_MAX;
	char *out = sc->norm + n0;

	sc->inword = 0;
	for (i = 0; i < n; i++) {
		if (w[i] == 0xe2 && i + 2 < n && w[i + 1] == 0x80 &&
		    w[i + 2] == 0x99) {
			i += 2;
			out[o] = '\'';
		} else
			out[o] = (char)(w[i] >= 'A' && w[i] <= 'Z' ?
			    w[i] - 'A' + 'a' : w[i]);
		if (out[o++] == '\'')
			apos = o - 1;
	}
	sc->nlen += o;
	if (apos != SIZE_MAX && sc->wbytes <= SOFTEN_WORD_MAX)
		contraction(sc, n0, o, apos);
	else if (!unspelt(sc, n0, o))
		word_add(sc, n0, o);
}

static void
word_begin(struct soften_scan *sc, size_t line, size_t col)
{
	if (sc->ntok >= TOK_MAX - 8 || sc->tlen >= SOFTEN_SENTENCE_MAX)
		sentence_end(sc);
	if (sc->sqpend)
		sc->sq = 1;
	sc->sqpend = 0;
	sc->inword = 1;
	sc->wquoted = sc->dq || sc->cq || sc->sq;
	sc->wstart = sc->tlen;
	sc->wbytes = 0;
	sc->wline = line;
	sc->wcol = col;
}

/* Bytes of the word being read; past SOFTEN_WORD_MAX they are dropped. */
static void
word_bytes(struct soften_scan *sc, const char *b, size_t n)
{
	sc->wbytes += n;
	if (sc->wbytes <= SOFTEN_WORD_MAX) {
		memcpy(sc->text + sc->tlen, b, n);
		sc->tlen += n;
	}
}

/*
 * A visible character: a sentence that ended in an ellipsis ends only
 * before a capital; a line break ends one unless the line before could
 * go on (it ended in a word or a comma) and this one begins in lower
 * case; two line breaks always do, and no quotation stays open past them.
 */
static void
visible(struct soften_scan *sc, int cls, unsigned char b0)
{
	if (sc->waiting) {
		sc->waiting = sc->ended = sc->ellipsis = 0;
		if ((b0 >= 'A' && b0 <= 'Z') || cls == C_DQ || cls == C_OPEN2)
			sentence_end(sc);
		else
			break_add(sc, TK_HARD, sc->line, sc->col);
	}
	if (sc->newlines > 0) {
		if (sc->newlines > 1 || !sc->joinable || b0 < 'a' ||
		    b0 > 'z') {
			sentence_end(sc);
			sc->dq = sc->cq = 0;
		} else if (sc->tlen > 0 && sc->text[sc->tlen - 1] != ' ')
			text_add(sc, " ", 1);
		sc->newlines = 0;
	}
}

/* A blank: the end of a sentence whose . ! or ? came before it. */
static void
blank(struct soften_scan *sc, int cls)
{
	sc->sqpend = 0;
	if (sc->ended && !sc->ellipsis) {
		sentence_end(sc);
		if (cls == C_NL)
			sc->dq = sc->cq = 0;
	} else if (sc->ellipsis)
		sc->waiting = 1;
	if (cls == C_NL)
		sc->newlines++;
	else if (sc->tlen > 0 && sc->text[sc->tlen - 1] != ' ')
		text_add(sc, " ", 1);
}

/* Whether the word before a full stop is a title ("Mr."), not an end. */
static int
title_before(const struct soften_scan *sc)
{
	static const char *const titles[] = { "mr", "mrs", "ms", "dr", "st",
	    "prof", "vs", "jr", "sr", NULL };
	const struct tok *t;

	if (sc->ntok == 0)
		return 0;
	t = &sc->tok[sc->ntok - 1];
	return t->kind == TK_WORD &&
	    word_in(sc->norm + t->noff, t->nlen, titles);
}

/* A terminator: . ! ? or an ellipsis (not within quotation marks). */
static void
terminator(struct soften_scan *sc, int cls, unsigned char b0, int after)
{
	if (b0 == '?')
		sc->question = 1;
	if (sc->dq || sc->cq)
		return;		/* "You never listen!" she said. */
	if (cls == C_ELLIPSIS || (cls == C_DOT && sc->ended &&
	    sc->tlen >= 2 && sc->text[sc->tlen - 2] == '.'))
		sc->ellipsis = 1;
	else if (cls == C_DOT && after && title_before(sc))
		return;
	else if (cls == C_TERM)
		sc->ellipsis = 0;
	sc->ended = 1;
}

/*
 * Any character but a letter within a word; after: it came right after a
 * word (an apostrophe there closes a quotation, or is a plural's).
 */
static void
punct(struct soften_scan *sc, int cls, const char *b, size_t n, size_t line,
    size_t col, int after)
{
	if (cls == C_SPACE || cls == C_NL) {
		blank(sc, cls);
		return;
	}
	visible(sc, cls, (unsigned char)b[0]);
	sc->sqpend = 0;
	if (cls == C_EMOJI) {
		word_begin(sc, line, col);
		word_bytes(sc, b, n);
		word_end(sc);
		sc->joinable = 0;
		return;
	}
	text_add(sc, b, n);
	if (cls == C_APOS && (after || sc->sq))
		sc->sq = 0;
	else if (cls == C_APOS || cls == C_OPEN1)
		sc->sqpend = 1;
	else if (cls == C_DQ)
		sc->dq = !sc->dq;
	else if (cls == C_OPEN2 || cls == C_CLOSE2)
		sc->cq = cls == C_OPEN2;
	else if (cls == C_DOT || cls == C_ELLIPSIS || cls == C_TERM)
		terminator(sc, cls, (unsigned char)b[0], after);
	else if (cls == C_SOFT || cls == C_DASH || cls == C_HYPHEN)
		break_add(sc, TK_SOFT, line, col);
	else if (cls == C_HARD)
		break_add(sc, TK_HARD, line, col);
	sc->joinable = cls == C_SOFT;
}

/* The character after a pending ' - or . decides whose it is. */
static void
pend_resolve(struct soften_scan *sc, int cls)
{
	char b[4];
	size_t n = sc->tlen - sc->pendat;
	int p = sc->pend;

	sc->pend = 0;
	if (cls == C_WORD)
		return;		/* don't, washing-up, 3.5 */
	if (n > sizeof(b))
		n = sizeof(b);
	memcpy(b, sc->text + sc->pendat, n);
	sc->wbytes -= n;
	sc->tlen = sc->pendat;
	word_end(sc);
	punct(sc, p, b, n, sc->pendline, sc->pendcol, 1);
}

static void
step(struct soften_scan *sc, int cls, const char *b, size_t n, size_t line,
    size_t col)
{
	if (sc->pend)
		pend_resolve(sc, cls);
	if (cls == C_WORD) {
		if (!sc->inword) {
			visible(sc, cls, (unsigned char)b[0]);
			word_begin(sc, line, col);
		}
		word_bytes(sc, b, n);
		sc->joinable = 1;
		return;
	}
	if (sc->inword) {
		if ((cls == C_APOS || cls == C_HYPHEN || cls == C_DOT) &&
		    sc->wbytes + n <= SOFTEN_WORD_MAX) {
			sc->pend = cls;
			sc->pendat = sc->tlen;
			sc->pendline = line;
			sc->pendcol = col;
			word_bytes(sc, b, n);
			return;
		}
		word_end(sc);
	}
	punct(sc, cls, b, n, line, col, 0);
}

/* ---- scanning: matching a sentence ---- */

static size_t
skip_soft(const struct soften_scan *sc, size_t i)
{
	while (i < sc->ntok && sc->tok[i].kind == TK_SOFT)
		i++;
	return i;
}

static int
in_class(const struct soften_scan *sc, uint32_t cls, const struct tok *t)
{
	const struct soften_rules *rs = sc->rs;
	const struct sf_class *c = &CLS(rs)[cls];
	const struct sf_member *m;
	size_t i;

	if (t->word >= 0 && (WORD(rs)[t->word].classes >> cls & 1))
		return 1;
	for (i = 0; i < c->pn; i++) {
		m = &MEM(rs)[PREFIX(rs)[c->pfirst + i]];
		if (m->len <= t->nlen && memcmp(STR(rs) + m->text,
		    sc->norm + t->noff, m->len) == 0)
			return 1;
	}
	return 0;
}

static int
in_item(const struct soften_scan *sc, const struct sf_item *it,
    const struct tok *t)
{
	const char *pre;
	size_t n;

	if (it->quoted && !t->quoted)
		return 0;
	switch (it->kind) {
	case SI_WORD:
		return t->word >= 0 && (uint32_t)t->word == it->ref;
	case SI_CLASS:
		return in_class(sc, it->ref, t);
	default:
		pre = STR(sc->rs) + it->ref;
		n = it->len;
		return n <= t->nlen && memcmp(pre, sc->norm + t->noff, n) == 0;
	}
}

/* The item of a set that token t is, or -1. */
static int
set_item(const struct soften_scan *sc, const struct sf_elem *el,
    const struct tok *t)
{
	size_t i;

	for (i = 0; i < el->in; i++)
		if (in_item(sc, &ITEM(sc->rs)[el->ifirst + i], t))
			return (int)i;
	return -1;
}

static int	match_elems(struct soften_scan *, const struct sf_elem *,
		    size_t, size_t, size_t, size_t *);

/* A one-word element (a set or _) at token i, else skipped if optional. */
static int
match_word(struct soften_scan *sc, const struct sf_elem *el, size_t k,
    size_t ne, size_t i, size_t *end)
{
	size_t j = skip_soft(sc, i);
	const struct tok *t = &sc->tok[j];

	if (j < sc->ntok && t->kind == TK_WORD && (el[k].kind == SE_ANY ?
	    t->quoted || !el[k].quoted :
	    (set_item(sc, &el[k], t) >= 0) != el[k].neg)) {
		sc->pos[k] = (int32_t)j;
		if (match_elems(sc, el, k + 1, ne, j + 1, end))
			return 1;
	}
	if (!el[k].opt)
		return 0;
	sc->pos[k] = -1;
	return match_elems(sc, el, k + 1, ne, i, end);
}

/*
 * Elements k.. of a pattern from token i; *end: the token after the
 * match.  A word element passes over commas and dashes; a gap does not
 * pass a harder break.
 */
static int
match_elems(struct soften_scan *sc, const struct sf_elem *el, size_t k,
    size_t ne, size_t i, size_t *end)
{
	size_t g, j;

	if (k == ne) {
		if (i > sc->maxend || (sc->exact &&
		    skip_soft(sc, i) != sc->maxend))
			return 0;
		*end = i;
		return 1;
	}
	sc->pos[k] = -1;
	switch (el[k].kind) {
	case SE_START:
		return i <= sc->first && match_elems(sc, el, k + 1, ne, i, end);
	case SE_END:
		return (i > sc->last || sc->first > sc->last) &&
		    match_elems(sc, el, k + 1, ne, i, end);
	case SE_BREAK:
		if (i < sc->ntok && sc->tok[i].kind != TK_WORD &&
		    match_elems(sc, el, k + 1, ne, i + 1, end))
			return 1;
		return el[k].opt && match_elems(sc, el, k + 1, ne, i, end);
	case SE_GAP:
		for (g = 0, j = i;; g++) {
			if (match_elems(sc, el, k + 1, ne, j, end))
				return 1;
			j = skip_soft(sc, j);
			if (g == el[k].max || j >= sc->ntok ||
			    sc->tok[j].kind != TK_WORD)
				return 0;
			j++;
		}
	default:
		return match_word(sc, el, k, ne, i, end);
	}
}

/* Pattern pat from token i, ending by maxend (exactly, with exact). */
static int
pattern_at(struct soften_scan *sc, uint32_t pat, size_t i, size_t maxend,
    int exact, size_t *end)
{
	const struct sf_pat *pt = &PAT(sc->rs)[pat];

	sc->maxend = maxend;
	sc->exact = exact;
	return match_elems(sc, ELEM(sc->rs) + pt->efirst, 0, pt->en, i, end);
}

static int
cond_holds(struct soften_scan *sc, const struct sf_cond *c, size_t start,
    size_t end)
{
	size_t i, from = 0, to = sc->ntok, e;

	switch (c->where) {
	case SW_QUESTION:
		return sc->question;
	case SW_NEXT:
		return pattern_at(sc, c->pat, end, SIZE_MAX, 0, &e);
	case SW_PREV:
	case SW_BEFORE:
		to = start;
		break;
	case SW_AFTER:
		from = end;
		break;
	}
	for (i = from; i < to; i++)
		if (pattern_at(sc, c->pat, i, c->where == SW_PREV ||
		    c->where == SW_BEFORE ? start : SIZE_MAX,
		    c->where == SW_PREV, &e))
			return 1;
	return 0;
}

/*
 * The last word of the match that a class matched, for {word} and
 * {gloss}: in "you are so selfish", selfish, not so.
 */
static void
capture(struct soften_scan *sc, const struct sf_pat *pt, struct cand *c)
{
	const struct sf_elem *el = ELEM(sc->rs) + pt->efirst;
	const struct sf_item *it;
	size_t k;
	int i;

	c->cap = -1;
	for (k = pt->en; k-- > 0;) {
		if (sc->pos[k] < 0 || el[k].kind != SE_SET || el[k].neg)
			continue;
		if ((i = set_item(sc, &el[k], &sc->tok[sc->pos[k]])) < 0)
			continue;
		it = &ITEM(sc->rs)[el[k].ifirst + (size_t)i];
		if (it->kind == SI_CLASS) {
			c->cap = sc->pos[k];
			c->capcls = it->ref;
			return;
		}
	}
}

/*
 * How many tokens before its anchor a match of pt may begin: 0 when only
 * ^ comes before it.  A word may have a comma after it.
 */
static size_t
prefix_back(const struct soften_rules *rs, const struct sf_pat *pt)
{
	const struct sf_elem *el = ELEM(rs) + pt->efirst;
	size_t k, back = 0;

	for (k = 0; k < pt->anchor; k++)
		back += el[k].kind == SE_START ? 0 : el[k].kind == SE_GAP ?
		    2 * (size_t)el[k].max : 2;
	return back;
}

/*
 * Pattern pt with its anchor at token i: 1 and [*start, *end) when it
 * matches.
 */
static int
match_at_anchor(struct soften_scan *sc, uint32_t pat, size_t i,
    size_t *start, size_t *end)
{
	const struct sf_pat *pt = &PAT(sc->rs)[pat];
	size_t back = prefix_back(sc->rs, pt), s, k;

	for (s = i > back ? i - back : 0; s <= i; s++) {
		if (!pattern_at(sc, pat, s, SIZE_MAX, 0, end) ||
		    sc->pos[pt->anchor] != (int32_t)i)
			continue;
		for (k = 0; k < pt->anchor && sc->pos[k] < 0; k++)
			;
		*start = k < pt->anchor ? (size_t)sc->pos[k] : i;
		return 1;
	}
	return 0;
}

/*
 * Words in quotation marks are someone else's, unless all of the
 * sentence's are: a match that uses one is not the writer's, but for
 * the words a pattern wants quoted ("_, "help).
 */
static int
quoted_out(const struct soften_scan *sc, const struct sf_pat *pt)
{
	const struct sf_elem *el = ELEM(sc->rs) + pt->efirst;
	const struct sf_item *it;
	size_t k, i;
	int q;

	if (sc->allquoted)
		return pt->quoted;
	for (k = 0; k < pt->en; k++) {
		if (sc->pos[k] < 0 || !sc->tok[sc->pos[k]].quoted)
			continue;
		q = el[k].quoted;
		for (i = 0; i < el[k].in; i++) {
			it = &ITEM(sc->rs)[el[k].ifirst + i];
			q |= it->quoted && in_item(sc, it, &sc->tok[sc->pos[k]]);
		}
		if (!q)
			return 1;
	}
	return 0;
}

/* Try pattern pat at token i; a match that holds becomes a candidate. */
static void
try_pattern(struct soften_scan *sc, uint32_t pat, size_t i)
{
	const struct soften_rules *rs = sc->rs;
	const struct sf_pat *pt = &PAT(rs)[pat];
	const struct sf_rule *r = &RULE(rs)[pt->rule];
	const struct sf_cond *c;
	struct cand *cd;
	size_t start, end, j;

	if (r->off || sc->ncand == CAND_MAX ||
	    !match_at_anchor(sc, pat, i, &start, &end))
		return;
	if (quoted_out(sc, pt))
		return;
	cd = &sc->cand[sc->ncand];
	cd->pat = pat;
	cd->start = (uint32_t)start;
	cd->end = (uint32_t)end;
	capture(sc, pt, cd);
	for (j = 0; j < r->cn; j++) {
		c = &COND(rs)[r->cfirst + j];
		if (cond_holds(sc, c, start, end) == c->unless)
			return;
	}
	sc->ncand++;
}

static const struct sf_rule *
cand_rule(const struct soften_scan *sc, const struct cand *c)
{
	return &RULE(sc->rs)[PAT(sc->rs)[c->pat].rule];
}

/*
 * The patterns word w begins when the next two words are w2 and w3
 * (w3 SF_NONE: those for any third word), or NULL.
 */
static const struct sf_next *
next_find(const struct soften_rules *rs, const struct sf_word *w,
    uint32_t w2, uint32_t w3)
{
	const struct sf_next *nx = NEXT(rs) + w->nfirst;
	size_t lo = 0, hi = w->nn, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (nx[mid].w == w2 && nx[mid].w3 == w3)
			return &nx[mid];
		if (nx[mid].w < w2 || (nx[mid].w == w2 && nx[mid].w3 < w3))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The word of the next word token from i, or SF_NONE. */
static uint32_t
next_word(const struct soften_scan *sc, size_t i, size_t *at)
{
	*at = skip_soft(sc, i);
	return *at < sc->ntok && sc->tok[*at].kind == TK_WORD &&
	    sc->tok[*at].word >= 0 ? (uint32_t)sc->tok[*at].word : SF_NONE;
}

/* Try the patterns that token i may begin, as the index lists them. */
static void
try_anchor(struct soften_scan *sc, size_t i)
{
	const struct soften_rules *rs = sc->rs;
	const struct sf_word *w = &WORD(rs)[sc->tok[i].word];
	const struct sf_next *nx[2];
	uint32_t w2, w3;
	size_t a, j, k, n;

	for (a = 0; a < w->an; a++)
		try_pattern(sc, ANCHOR(rs)[w->afirst + a], i);
	if (w->nn == 0 || (w2 = next_word(sc, i + 1, &j)) == SF_NONE)
		return;
	w3 = next_word(sc, j + 1, &k);
	nx[0] = next_find(rs, w, w2, SF_NONE);
	nx[1] = w3 == SF_NONE ? NULL : next_find(rs, w, w2, w3);
	for (n = 0; n < 2; n++)
		for (a = 0; nx[n] != NULL && a < nx[n]->an; a++)
			try_pattern(sc, ANCHOR(rs)[nx[n]->afirst + a], i);
}

/* Every candidate of the sentence, in token order, then frames applied. */
static void
candidates(struct soften_scan *sc)
{
	const struct sf_rule *r;
	struct cand *c;
	size_t i, t;

	sc->ncand = 0;
	for (i = 0; i < sc->ntok; i++)
		if (sc->tok[i].word >= 0)
			try_anchor(sc, i);
	for (i = 0; i < sc->ncand; i++) {
		c = &sc->cand[i];
		r = cand_rule(sc, c);
		if (r->cat != SOFTEN_FRAME)
			continue;
		for (t = c->end; t < sc->ntok && sc->tok[t].kind == TK_WORD;
		    t++)
			sc->tok[t].framed |= r->cancels;
	}
}

/* Whether token t is a word of class cls (a class the rules may lack). */
static int
tok_is(const struct soften_scan *sc, int cls, const struct tok *t)
{
	return cls >= 0 && t->kind == TK_WORD && in_class(sc, (uint32_t)cls, t);
}

/*
 * {rest}: the words after the match to the end of its clause (a break,
 * a word of the class rest-stop), without words of the class filler at
 * either end; empty when none are left or more than SOFTEN_REST_MAX.
 * {object} is the same without a first word of the class preposition.
 */
static void
rest_span(const struct soften_scan *sc, const struct cand *c, int object,
    size_t *off, size_t *len)
{
	size_t a = c->end, b;

	*len = 0;
	while (a < sc->ntok && (sc->tok[a].kind == TK_SOFT ||
	    tok_is(sc, sc->filler, &sc->tok[a])))
		a++;
	for (b = a; b < sc->ntok && sc->tok[b].kind == TK_WORD &&
	    !tok_is(sc, sc->reststop, &sc->tok[b]); b++)
		;
	while (b > a && tok_is(sc, sc->filler, &sc->tok[b - 1]))
		b--;
	if (object && a < b && tok_is(sc, sc->preposition, &sc->tok[a]))
		a++;
	if (a == b || b - a > SOFTEN_REST_MAX)
		return;
	*off = sc->tok[a].off;
	*len = sc->tok[b - 1].off + sc->tok[b - 1].len - *off;
}

/*
 * Text of a slot, as written: in lower case when it was all capitals,
 * with each control character (a NUL among them) made a blank.
 */
static void
slot_add(struct soften_scan *sc, const char *s, size_t n)
{
	size_t i, upper = 0, lower = 0;
	int low;
	char c;

	for (i = 0; i < n; i++) {
		upper += s[i] >= 'A' && s[i] <= 'Z';
		lower += s[i] >= 'a' && s[i] <= 'z';
	}
	low = upper >= 2 && lower == 0;
	for (i = 0; i < n; i++) {
		c = s[i];
		if (((unsigned char)c < 0x20 || c == 0x7f))
			c = ' ';
		else if (low && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf_addc(&sc->out, c);
	}
}

/* The gloss of the captured word in its class, or NULL. */
static const char *
gloss_of(const struct soften_scan *sc, const struct cand *c)
{
	const struct soften_rules *rs = sc->rs;
	const struct tok *t = &sc->tok[c->cap];
	const struct sf_member *m;
	size_t i, n;

	for (i = 0; i < N(rs, SV_MEMBER); i++) {
		m = &MEM(rs)[i];
		if (m->cls != c->capcls || m->gloss == 0)
			continue;
		n = strlen(STR(rs) + m->text);
		if ((m->prefix ? n <= t->nlen : n == t->nlen) &&
		    memcmp(STR(rs) + m->text, sc->norm + t->noff, n) == 0)
			return STR(rs) + m->gloss;
	}
	return NULL;
}

/*
 * One {slot|fallback}, s just after its {; returns its }.  {rest} and
 * {object} are words of the text, {word} the word a class matched,
 * {gloss} that word's gloss; the fallback when there is none (for
 * {gloss}, then the word itself).
 */
static const char *
slot(struct soften_scan *sc, const struct cand *c, const char *s)
{
	const char *close = strchr(s, '}'), *bar, *g = NULL;
	size_t off = 0, len = 0;

	bar = memchr(s, '|', (size_t)(close - s));
	if (s[0] == 'r' || s[0] == 'o') {
		rest_span(sc, c, s[0] == 'o', &off, &len);
		if (len > 0) {
			slot_add(sc, sc->text + off, len);
			return close;
		}
	} else if (c->cap >= 0 && (s[0] == 'w' ||
	    (g = gloss_of(sc, c)) != NULL || bar == NULL)) {
		if (g != NULL)
			buf_adds(&sc->out, g);
		else
			buf_add(&sc->out, sc->norm + sc->tok[c->cap].noff,
			    sc->tok[c->cap].nlen);
		return close;
	}
	if (bar != NULL)
		buf_add(&sc->out, bar + 1, (size_t)(close - bar - 1));
	return close;
}

static void
expand(struct soften_scan *sc, const struct cand *c, uint32_t tmpl)
{
	const char *s = STR(sc->rs) + tmpl, *o;

	for (; (o = strchr(s, '{')) != NULL; s = slot(sc, c, o + 1) + 1)
		buf_add(&sc->out, s, (size_t)(o - s));
	buf_adds(&sc->out, s);
}

/* "I feel FEEL about ABOUT. I need NEED." */
static int
suggest(struct soften_scan *sc, const struct cand *c)
{
	const struct sf_rule *r = cand_rule(sc, c);

	buf_reset(&sc->out);
	buf_adds(&sc->out, "I feel ");
	expand(sc, c, r->feel);
	buf_adds(&sc->out, " about ");
	expand(sc, c, r->about);
	buf_adds(&sc->out, ". I need ");
	expand(sc, c, r->need);
	if (sc->out.len > 0 && strchr(".!?", sc->out.p[sc->out.len - 1]) ==
	    NULL)
		buf_addc(&sc->out, '.');
	return buf_nul(&sc->out);
}

static void
emit(struct soften_scan *sc, const struct cand *c)
{
	const struct sf_rule *r = cand_rule(sc, c);
	const struct tok *first = &sc->tok[c->start], *last;
	struct soften_finding f;
	size_t i = c->end;

	while (i > c->start + 1 && sc->tok[i - 1].kind != TK_WORD)
		i--;
	last = &sc->tok[i - 1];
	if (suggest(sc, c) == -1) {
		sc->stop = -1;
		return;
	}
	f.line = first->line;
	f.col = first->col;
	f.cat = r->cat;
	f.rule = STR(sc->rs) + r->id;
	f.phrase = sc->text + first->off;
	f.phrase_len = last->off + last->len - first->off;
	f.suggestion = sc->out.p;
	f.suggestion_len = sc->out.len;
	sc->stop = sc->fn(sc->arg, &f);
}

/* The order of candidates: by start, the longer first, then the rules'. */
static int
cand_before(const struct cand *a, const struct cand *b)
{
	if (a->start != b->start)
		return a->start < b->start;
	if (a->end != b->end)
		return a->end > b->end;
	return a->pat < b->pat;
}

static void
analyse(struct soften_scan *sc)
{
	const struct cand *c;
	struct cand tmp;
	size_t i, j, done = 0;
	int cat;

	sc->first = sc->ntok;
	sc->last = 0;
	sc->allquoted = 1;
	for (i = 0; i < sc->ntok; i++) {
		if (sc->tok[i].kind != TK_WORD)
			continue;
		if (sc->first == sc->ntok)
			sc->first = i;
		sc->last = i;
		sc->allquoted &= sc->tok[i].quoted;
	}
	if (sc->first == sc->ntok)
		return;
	candidates(sc);
	for (i = 1; i < sc->ncand; i++)
		for (j = i; j > 0 && cand_before(&sc->cand[j],
		    &sc->cand[j - 1]); j--) {
			tmp = sc->cand[j];
			sc->cand[j] = sc->cand[j - 1];
			sc->cand[j - 1] = tmp;
		}
	for (i = 0; i < sc->ncand && sc->stop == 0; i++) {
		c = &sc->cand[i];
		cat = cand_rule(sc, c)->cat;
		if (cat == SOFTEN_FRAME || c->start < done ||
		    (sc->tok[c->start].framed >> cat & 1))
			continue;
		done = c->end;
		emit(sc, c);
	}
}

static void
sentence_end(struct soften_scan *sc)
{
	if (sc->ntok > 0 && sc->stop == 0)
		analyse(sc);
	sc->tlen = sc->nlen = sc->ntok = 0;
	sc->question = sc->ended = sc->ellipsis = sc->waiting = 0;
	sc->sq = sc->sqpend = 0;
}

/* ---- scanning: the stream ---- */

static int
class_named(const struct soften_rules *rs, const char *name)
{
	return class_find(rs, name, strlen(name));
}

struct soften_scan *
soften_scan_new(const struct soften_rules *rs, soften_found_fn *fn,
    void *arg)
{
	struct soften_scan *sc;

	if ((sc = calloc(1, sizeof(*sc))) == NULL)
		return NULL;
	sc->rs = rs;
	sc->fn = fn;
	sc->arg = arg;
	sc->line = sc->col = 1;
	sc->filler = class_named(rs, "filler");
	sc->reststop = class_named(rs, "rest-stop");
	sc->preposition = class_named(rs, "preposition");
	return sc;
}

void
soften_scan_free(struct soften_scan *sc)
{
	if (sc == NULL)
		return;
	buf_free(&sc->out);
	free(sc);
}

/* The UTF-8 sequence read so far is a character (or a broken one). */
static void
u8_done(struct soften_scan *sc, int broken)
{
	const unsigned char *u = sc->u8;
	uint32_t cp = 0;

	if (broken)
		cp = 0xfffd;
	else if (sc->u8n == 2)
		cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	else if (sc->u8n == 3)
		cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) <<
		    6 | (u[2] & 0x3f);
	else
		cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) <<
		    12 | (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
	sc->u8want = 0;
	step(sc, broken ? C_OTHER : cp_class(cp), (const char *)u, sc->u8n,
	    sc->u8line, sc->u8col);
}

static void
byte_in(struct soften_scan *sc, unsigned char c)
{
	char b = (char)c;
	size_t line = sc->line, col = sc->col;

	if (sc->u8want > 0) {
		if ((c & 0xc0) == 0x80) {
			sc->u8[sc->u8n++] = c;
			if (sc->u8n == sc->u8want)
				u8_done(sc, 0);
			return;
		}
		u8_done(sc, 1);
	}
	sc->col++;
	if (c < 0x80) {
		if (c == '\n') {
			sc->line++;
			sc->col = 1;
		}
		step(sc, ascii_class[c], &b, 1, line, col);
		return;
	}
	sc->u8[0] = c;
	sc->u8n = 1;
	sc->u8line = line;
	sc->u8col = col;
	sc->u8want = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 :
	    c >= 0xc2 && c < 0xe0 ? 2 : 0;
	if (sc->u8want == 0)
		u8_done(sc, 1);
}

int
soften_scan_feed(struct soften_scan *sc, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n && sc->stop == 0; i++) {
		/* Most bytes are letters within a word. */
		if (s[i] < 0x80 && ascii_class[s[i]] == C_WORD && sc->inword &&
		    !sc->pend && sc->u8want == 0 &&
		    sc->wbytes < SOFTEN_WORD_MAX) {
			sc->text[sc->tlen++] = (char)s[i];
			sc->wbytes++;
			sc->col++;
			continue;
		}
		byte_in(sc, s[i]);
	}
	return sc->stop;
}

int
soften_scan_end(struct soften_scan *sc)
{
	if (sc->u8want > 0)
		u8_done(sc, 1);
	if (sc->pend)
		pend_resolve(sc, C_SPACE);
	if (sc->inword)
		word_end(sc);
	sentence_end(sc);
	sc->dq = sc->cq = 0;
	return sc->stop;
}

int
soften_text(const struct soften_rules *rs, const char *p, size_t n,
    soften_found_fn *fn, void *arg)
{
	struct soften_scan *sc;
	int rv;

	if ((sc = soften_scan_new(rs, fn, arg)) == NULL)
		return -1;
	rv = soften_scan_feed(sc, p, n);
	if (rv == 0)
		rv = soften_scan_end(sc);
	soften_scan_free(sc);
	return rv;
}
