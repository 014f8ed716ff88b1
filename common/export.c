/*
 * export: the store as JSON Lines and back (see export.h).
 *
 * Export streams each folder with the store reader and writes each
 * record with json.c, so memory stays that of the reader's buffers.
 *
 * Import reads a whole file that is in memory already.  The parser is a
 * small recursive descent over one line for the one shape export
 * writes; it decodes strings into fixed buffers (a record is at most
 * RECORD_MAX bytes, and unescaped text is never longer than escaped), so
 * no input can make it allocate.  Each accepted line is rebuilt as a
 * store record with record_field, the escaper every tool uses, and the
 * result is checked by record_parse against the folder's kinds: what is
 * imported is exactly what the reader would read back.
 *
 * The records are then sorted by folder, author and bytes: repeats in
 * the input are neighbours, each log is one group, and a line already
 * in the log is found by binary search while the log is read under the
 * folder's lock (in store_append's build callback, so that no writer
 * can slip in between the check and the append).  Sorting, not hashing:
 * the input may come from anyone, and a sort costs O(n log n) whatever
 * its bytes.  The new records of a group go out sorted by time, ties in
 * input order, exactly as they were read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "export.h"
#include "herr.h"
#include "json.h"
#include "lines.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"
#include "text.h"

/* ---- export ---- */

int
export_record(struct buf *b, const char *dir, const struct record *r)
{
	char text[RECORD_MAX];
	const char *v[RECORD_FIELDS_MAX];
	size_t lens[RECORD_FIELDS_MAX], used = 0, i, n, old = b->len;

	if (r->nf < RF_DATA || r->nf > RECORD_FIELDS_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (i = RF_DATA; i < r->nf; i++) {
		/* Unescaped text is never longer than the escaped field. */
		if (r->flen[i] > sizeof(text) - used ||
		    (n = record_unescape(text + used, r->f[i], r->flen[i])) ==
		    (size_t)-1) {
			errno = EINVAL;
			return -1;
		}
		v[i - RF_DATA] = text + used;
		lens[i - RF_DATA] = n;
		used += n;
	}
	if (json_open(b) == -1 ||
	    json_kv_str(b, "tool", dir, strlen(dir)) == -1 ||
	    json_kv_str(b, "author", r->f[RF_AUTHOR], r->flen[RF_AUTHOR]) ==
	    -1 ||
	    json_kv_str(b, "time", r->f[RF_TIME], r->flen[RF_TIME]) == -1 ||
	    json_kv_str(b, "kind", r->f[RF_KIND], r->flen[RF_KIND]) == -1 ||
	    json_kv_strv(b, "fields", v, lens, r->nf - RF_DATA) == -1 ||
	    json_close(b) == -1) {
		b->len = old;
		return -1;
	}
	return 0;
}

int
export_store_warn(struct store *st,
    int (*emit)(void *arg, const char *line, size_t len), void *arg,
    export_warn_fn warn, void *warn_arg, struct herr *e)
{
	struct store_reader *rd;
	struct store_query q;
	struct buf b = BUF_INIT;
	struct record r;
	size_t t;
	int n, ret = -1;

	for (t = 0; t < registry_len; t++) {
		memset(&q, 0, sizeof(q));
		q.tool = registry[t].dir;
		q.warn = warn;
		q.warn_arg = warn_arg;
		if (store_read_open(&rd, st, &q, e) == -1)
			goto out;
		while ((n = store_read_next(rd, &r, e)) == 1) {
			buf_reset(&b);
			if (export_record(&b, q.tool, &r) == -1) {
				herr_errno(e, HX_IOERR, errno, "%s",
				    store_read_file(rd));
				n = -1;
				break;
			}
			if (emit(arg, b.p, b.len) == -1) {
				herr_errno(e, HX_IOERR, errno, "output");
				n = -1;
				break;
			}
		}
		store_read_close(rd);
		if (n == -1)
			goto out;
	}
	ret = 0;
out:
	buf_free(&b);
	return ret;
}

int
export_store(struct store *st,
    int (*emit)(void *arg, const char *line, size_t len), void *arg,
    struct herr *e)
{
	return export_store_warn(st, emit, arg, NULL, NULL, e);
}

/* ---- the parser of one line ---- */

enum { K_TOOL, K_AUTHOR, K_TIME, K_KIND, K_FIELDS, K_N };

static const char *const keys[K_N] = {
	"tool", "author", "time", "kind", "fields"
};

#define NAME_CAP	32	/* longest tool, kind or key looked up */
#define DATA_FIELDS	(RECORD_FIELDS_MAX - RF_DATA)

/* A line as parsed, before it is checked. */
struct jobj {
	char		 tool[NAME_CAP + 1], kind[NAME_CAP + 1];
	char		 author[AUTHOR_MAX + 1], time[DATE_RFC3339_MAX];
	size_t		 toollen, kindlen, authorlen, timelen;
	char		 text[RECORD_MAX];	/* the fields, end to end */
	size_t		 used;
	const char	*f[DATA_FIELDS];
	size_t		 flen[DATA_FIELDS];
	size_t		 nf;
	int		 seen[K_N];
};

struct jp {
	const unsigned char *p, *end;
	const char	*why;		/* static */
	char		*whybuf;	/* IMPORT_WHY_MAX, for formatted ones */
};

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\r'))
		j->p++;
}

static int
fail(struct jp *j, const char *why)
{
	j->why = why;
	return -1;
}

/* After white space, the byte c: 1 (and past it), else 0. */
static int
next_is(struct jp *j, unsigned char c)
{
	ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return 1;
	}
	return 0;
}

static int
hex4(struct jp *j, unsigned *v)
{
	unsigned c, i;

	if (j->end - j->p < 4)
		return fail(j, "bad \\u escape");
	for (*v = 0, i = 0; i < 4; i++) {
		c = j->p[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return fail(j, "bad \\u escape");
		*v = *v << 4 | c;
	}
	j->p += 4;
	return 0;
}

/* The code point of a \u escape (j->p just past the 'u'), pairs joined. */
static int
uescape(struct jp *j, unsigned *cp)
{
	unsigned lo;

	if (hex4(j, cp) == -1)
		return -1;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return fail(j, "lone surrogate in a string");
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
			return fail(j, "lone surrogate in a string");
		j->p += 2;
		if (hex4(j, &lo) == -1)
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(j, "lone surrogate in a string");
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (*cp == 0)
		return fail(j, "NUL in a string");
	return 0;
}

/* The UTF-8 of cp into u; its length. */
static size_t
utf8_put(unsigned cp, unsigned char u[4])
{
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * A JSON string (after white space) decoded into dst[0..cap): 0 and *len,
 * or -1 with the reason; toolong when the text passes cap bytes.
 */
static int
jstring(struct jp *j, char *dst, size_t cap, size_t *len,
    const char *toolong)
{
	unsigned char u[4];
	const unsigned char *s;
	unsigned cp = 0;
	size_t n = 0, k;

	ws(j);
	if (j->p == j->end || *j->p != '"')
		return fail(j, "expected a string");
	j->p++;
	for (;;) {
		if (j->p == j->end)
			return fail(j, "unterminated string");
		s = j->p;
		if (*s == '"') {
			j->p++;
			break;
		}
		if (*s == '\\') {
			if (j->end - s < 2)
				return fail(j, "unterminated string");
			j->p += 2;
			switch (s[1]) {
			case '"': case '\\': case '/':
				u[0] = s[1];
				break;
			case 'b': u[0] = '\b'; break;
			case 'f': u[0] = '\f'; break;
			case 'n': u[0] = '\n'; break;
			case 'r': u[0] = '\r'; break;
			case 't': u[0] = '\t'; break;
			case 'u':
				if (uescape(j, &cp) == -1)
					return -1;
				break;
			default:
				return fail(j, "bad escape in a string");
			}
			k = s[1] == 'u' ? utf8_put(cp, u) : 1;
			s = u;
		} else if (*s < 0x20) {
			return fail(j, "control character in a string");
		} else if (*s < 0x80) {
			k = 1;
			j->p++;
		} else {
			if ((k = text_utf8_seq(s, (size_t)(j->end - s))) == 0)
				return fail(j, "invalid UTF-8");
			j->p += k;
		}
		if (k > cap - n)
			return fail(j, toolong);
		memcpy(dst + n, s, k);
		n += k;
	}
	*len = n;
	return 0;
}

static int
jfields(struct jp *j, struct jobj *o)
{
	const char *notarray = "'fields' is not an array of strings";

	if (!next_is(j, '['))
		return fail(j, notarray);
	if (next_is(j, ']'))
		return 0;
	do {
		ws(j);
		if (j->p == j->end || *j->p != '"')
			return fail(j, notarray);
		if (o->nf == DATA_FIELDS)
			return fail(j, "too many fields");
		if (jstring(j, o->text + o->used, sizeof(o->text) - o->used,
		    &o->flen[o->nf], "record longer than 4096 bytes") == -1)
			return -1;
		o->f[o->nf] = o->text + o->used;
		o->used += o->flen[o->nf++];
	} while (next_is(j, ','));
	if (!next_is(j, ']'))
		return fail(j, notarray);
	return 0;
}

/* The value of key k. */
static int
jvalue(struct jp *j, struct jobj *o, int k)
{
	static const char *const notstr[K_N] = {
		"'tool' is not a string", "'author' is not a string",
		"'time' is not a string", "'kind' is not a string", NULL
	};
	static const char *const toolong[K_N] = {
		"unknown tool", "bad author name", "bad timestamp",
		"unknown kind of record", NULL
	};
	char *const dst[K_N] = { o->tool, o->author, o->time, o->kind, NULL };
	const size_t cap[K_N] = {
		NAME_CAP, AUTHOR_MAX, sizeof(o->time) - 1, NAME_CAP, 0
	};
	size_t *const len[K_N] = {
		&o->toollen, &o->authorlen, &o->timelen, &o->kindlen, NULL
	};

	if (k == K_FIELDS)
		return jfields(j, o);
	ws(j);
	if (j->p == j->end || *j->p != '"')
		return fail(j, notstr[k]);
	if (jstring(j, dst[k], cap[k], len[k], toolong[k]) == -1)
		return -1;
	dst[k][*len[k]] = '\0';
	return 0;
}

/* The object of one line, syntax only. */
static int
jobject(struct jp *j, struct jobj *o)
{
	char key[NAME_CAP + 1], q[48];
	size_t klen;
	int k;

	if (!next_is(j, '{'))
		return fail(j, "not a JSON object");
	if (!next_is(j, '}')) {
		do {
			if (jstring(j, key, NAME_CAP, &klen, "unknown key") ==
			    -1)
				return -1;
			key[klen] = '\0';
			for (k = 0; k < K_N; k++)
				if (strlen(keys[k]) == klen &&
				    memcmp(keys[k], key, klen) == 0)
					break;
			if (k == K_N) {
				text_excerpt(q, sizeof(q), key, klen);
				snprintf(j->whybuf, IMPORT_WHY_MAX,
				    "unknown key '%s'", q);
				return fail(j, j->whybuf);
			}
			if (o->seen[k]) {
				snprintf(j->whybuf, IMPORT_WHY_MAX,
				    "duplicate key '%s'", keys[k]);
				return fail(j, j->whybuf);
			}
			o->seen[k] = 1;
			if (!next_is(j, ':'))
				return fail(j, "expected ':'");
			if (jvalue(j, o, k) == -1)
				return -1;
		} while (next_is(j, ','));
		if (!next_is(j, '}'))
			return fail(j, "expected ',' or '}'");
	}
	ws(j);
	if (j->p != j->end)
		return fail(j, "trailing data after the object");
	for (k = 0; k < K_N; k++)
		if (!o->seen[k]) {
			snprintf(j->whybuf, IMPORT_WHY_MAX,
			    "missing key '%s'", keys[k]);
			return fail(j, j->whybuf);
		}
	return 0;
}

/* ---- checking a parsed line and rebuilding its record ---- */

/* why = prefix 's' suffix, s[0..len) made safe and cut short. */
static int
why_set(char why[IMPORT_WHY_MAX], const char *prefix, const char *s,
    size_t len, const char *suffix)
{
	char q[48];

	text_excerpt(q, sizeof(q), s, len);
	snprintf(why, IMPORT_WHY_MAX, "%s'%s'%s", prefix, q, suffix);
	return -1;
}

static const struct record_kind *
kind_find(const struct record_kind *k, const char *name)
{
	for (; k->kind != NULL; k++)
		if (strcmp(k->kind, name) == 0)
			return k;
	return NULL;
}

/* Build r->line from o: the record as a tool writes it, LF included. */
static int
build(struct import_rec *r, const struct jobj *o, char why[IMPORT_WHY_MAX])
{
	struct buf *b = &r->line;
	size_t i;

	buf_reset(b);
	if (buf_add(b, o->time, o->timelen) == -1 || buf_addc(b, '\t') == -1 ||
	    buf_add(b, o->author, o->authorlen) == -1 ||
	    buf_addc(b, '\t') == -1 || buf_add(b, o->kind, o->kindlen) == -1)
		goto nomem;
	for (i = 0; i < o->nf; i++)
		if (record_field(b, o->f[i], o->flen[i]) == -1)
			goto nomem;
	if (record_end(b) == -1) {
		if (errno != E2BIG)
			goto nomem;
		strlcpy(why, "record longer than 4096 bytes", IMPORT_WHY_MAX);
		return -1;
	}
	return 0;
nomem:
	strlcpy(why, "out of memory", IMPORT_WHY_MAX);
	return -1;
}

/* The meaning of a line that parsed: the checks of export.h. */
static int
check(struct import_rec *r, const struct jobj *o, char why[IMPORT_WHY_MAX])
{
	const struct tooldef *t;
	const struct record_kind *k;
	struct record rec;
	const char *w;
	char pre[64];

	if ((t = registry_by_dir(o->tool)) == NULL)
		return why_set(why, "unknown tool ", o->tool, o->toollen, "");
	if ((k = kind_find(t->kinds, o->kind)) == NULL) {
		snprintf(pre, sizeof(pre), " for %s", t->dir);
		return why_set(why, "unknown kind of record ", o->kind,
		    o->kindlen, pre);
	}
	if (o->nf != (size_t)k->nfields) {
		snprintf(why, IMPORT_WHY_MAX, "%s of %s has %d field%s, "
		    "not %zu", k->kind, t->dir, k->nfields,
		    k->nfields == 1 ? "" : "s", o->nf);
		return -1;
	}
	if (!author_valid(o->author))
		return why_set(why, "bad author name ", o->author,
		    o->authorlen, "");
	if (date_parse_rfc3339(o->time, o->timelen, &r->when, &w) == -1) {
		snprintf(pre, sizeof(pre), "%s ", w);
		return why_set(why, pre, o->time, o->timelen, "");
	}
	if (build(r, o, why) == -1)
		return -1;
	/* What the reader would refuse (a kind's own checks too). */
	if (record_parse(&rec, r->line.p, r->line.len - 1, t->kinds, &w) ==
	    -1) {
		strlcpy(why, w, IMPORT_WHY_MAX);
		return -1;
	}
	r->tool = t;
	r->aoff = o->timelen + 1;
	r->alen = o->authorlen;
	return 0;
}

int
import_parse(struct import_rec *r, const char *line, size_t len,
    char why[IMPORT_WHY_MAX])
{
	struct jobj *o;
	struct jp j;
	int ret;

	r->tool = NULL;
	buf_reset(&r->line);
	if (len == 0) {
		strlcpy(why, "empty line", IMPORT_WHY_MAX);
		return -1;
	}
	/* About 4 KiB: kept off the stack of a caller's loop. */
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		strlcpy(why, "out of memory", IMPORT_WHY_MAX);
		return -1;
	}
	j.p = (const unsigned char *)line;
	j.end = j.p + len;
	j.why = NULL;
	j.whybuf = why;
	if ((ret = jobject(&j, o)) == -1) {
		if (j.why != why)
			strlcpy(why, j.why, IMPORT_WHY_MAX);
	} else
		ret = check(r, o, why);
	free(o);
	if (ret == -1)
		r->tool = NULL;
	return ret;
}

void
import_rec_free(struct import_rec *r)
{
	buf_free(&r->line);
	r->tool = NULL;
}

/* ---- importing a file ---- */

/* One record of the input. */
struct ent {
	const char	*p;		/* the line (LF follows), once parsed */
	size_t		 off, len;	/* in the records' buffer, no LF */
	size_t		 aoff, alen;
	size_t		 tool;		/* index in the registry */
	size_t		 lineno;
	struct hmoment	 when;
	enum { E_NEW, E_REPEAT, E_THERE } state;
};

struct input {
	struct buf	 recs;		/* every record, LF included */
	struct ent	*v;
	size_t		 n, cap;
};

static int
input_add(struct input *in, const struct import_rec *r, size_t lineno)
{
	struct ent *nv, *x;

	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 64;
		if ((nv = reallocarray(in->v, in->cap, sizeof(*nv))) == NULL)
			return -1;
		in->v = nv;
	}
	x = &in->v[in->n];
	x->p = NULL;
	x->off = in->recs.len;
	x->len = r->line.len - 1;
	x->aoff = r->aoff;
	x->alen = r->alen;
	x->tool = (size_t)(r->tool - registry);
	x->lineno = lineno;
	x->when = r->when;
	x->state = E_NEW;
	if (buf_add(&in->recs, r->line.p, r->line.len) == -1)
		return -1;
	in->n++;
	return 0;
}

/*
 * Parse every line; each record into in (when not NULL), each malformed
 * line to warn (when not NULL), the first one into *first and fwhy.
 * The number of malformed lines, or (size_t)-1 when memory ran out.
 */
static size_t
parse_all(const char *name, const char *data, size_t len, struct input *in,
    export_warn_fn warn, void *arg, size_t *first, char fwhy[IMPORT_WHY_MAX])
{
	struct import_rec r = IMPORT_REC_INIT;
	char why[IMPORT_WHY_MAX];
	const char *p = data, *line;
	size_t n, lineno = 0, bad = 0;

	*first = 0;
	while (line_next(&p, data + len, &line, &n, NULL) == 1) {
		lineno++;
		if (import_parse(&r, line, n, why) == -1) {
			if (bad++ == 0) {
				*first = lineno;
				strlcpy(fwhy, why, IMPORT_WHY_MAX);
			}
			if (warn != NULL)
				warn(arg, name, lineno, why);
			continue;
		}
		if (in != NULL && bad == 0 && input_add(in, &r, lineno) == -1) {
			import_rec_free(&r);
			return (size_t)-1;
		}
	}
	import_rec_free(&r);
	return bad;
}

size_t
import_check(const char *name, const char *data, size_t len,
    export_warn_fn warn, void *arg)
{
	char why[IMPORT_WHY_MAX];
	size_t first;

	return parse_all(name, data, len, NULL, warn, arg, &first, why);
}

static int
bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* By folder, author, bytes, then input order. */
static int
ent_cmp(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;
	int c;

	if (a->tool != b->tool)
		return a->tool < b->tool ? -1 : 1;
	if ((c = bytes_cmp(a->p + a->aoff, a->alen, b->p + b->aoff,
	    b->alen)) != 0)
		return c;
	if ((c = bytes_cmp(a->p, a->len, b->p, b->len)) != 0)
		return c;
	return a->lineno < b->lineno ? -1 : a->lineno > b->lineno;
}

/* By time, then input order. */
static int
ent_time_cmp(const void *x, const void *y)
{
	const struct ent *a = *(const struct ent *const *)x;
	const struct ent *b = *(const struct ent *const *)y;
	int c;

	if ((c = date_cmp(&a->when, &b->when)) != 0)
		return c;
	return a->lineno < b->lineno ? -1 : a->lineno > b->lineno;
}

/* One log's records: v[0..n), sorted by bytes. */
struct group {
	struct store	*st;
	const char	*dir;
	char		 author[AUTHOR_MAX + 1];
	struct ent	*v;
	size_t		 n;
};

/* The first of g's records with the bytes line[0..len), or NULL. */
static struct ent *
group_find(struct group *g, const char *line, size_t len)
{
	size_t lo = 0, hi = g->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (bytes_cmp(g->v[mid].p, g->v[mid].len, line, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->n && bytes_cmp(g->v[lo].p, g->v[lo].len, line, len) == 0)
		return &g->v[lo];
	return NULL;
}

/*
 * store_append's build callback, under the folder's lock: mark what the
 * log holds already, then the rest in time order, verbatim.
 */
static int
group_build(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct group *g = arg;
	struct store_reader *rd;
	struct store_query q;
	struct record r;
	struct ent *x, **fresh;
	size_t i, nf = 0;
	int n;

	memset(&q, 0, sizeof(q));
	q.tool = g->dir;
	q.author = g->author;
	if (store_read_open(&rd, g->st, &q, e) == -1)
		return -1;
	while ((n = store_read_next(rd, &r, e)) == 1)
		if ((x = group_find(g, r.line, r.len)) != NULL &&
		    x->state == E_NEW)
			x->state = E_THERE;
	store_read_close(rd);
	if (n == -1)
		return -1;
	if ((fresh = reallocarray(NULL, g->n + 1, sizeof(*fresh))) == NULL)
		return herr_errno(e, HX_IOERR, errno, "memory");
	for (i = 0; i < g->n; i++)
		if (g->v[i].state == E_NEW)
			fresh[nf++] = &g->v[i];
	qsort(fresh, nf, sizeof(*fresh), ent_time_cmp);
	for (i = 0; i < nf; i++)
		if (buf_add(out, fresh[i]->p, fresh[i]->len + 1) == -1) {
			free(fresh);
			return herr_errno(e, HX_IOERR, errno, "memory");
		}
	free(fresh);
	return 0;
}

/* Append each group of in to its log. */
static int
import_groups(struct store *st, struct input *in, size_t *added,
    size_t *skipped, struct herr *e)
{
	struct group g;
	struct herr warn;
	size_t i, j, k;

	g.st = st;
	for (i = 0; i < in->n; i = j) {
		for (j = i + 1; j < in->n && in->v[j].tool == in->v[i].tool &&
		    bytes_cmp(in->v[j].p + in->v[j].aoff, in->v[j].alen,
		    in->v[i].p + in->v[i].aoff, in->v[i].alen) == 0; j++)
			;
		g.dir = registry[in->v[i].tool].dir;
		memcpy(g.author, in->v[i].p + in->v[i].aoff, in->v[i].alen);
		g.author[in->v[i].alen] = '\0';
		g.v = &in->v[i];
		g.n = j - i;
		/*
		 * A torn tail that store_append moves aside is left for
		 * hearth doctor to report, as the .torn file it becomes.
		 */
		if (store_append(st, g.dir, g.author, group_build, &g, &warn,
		    e) == -1)
			return -1;
		for (k = i; k < j; k++)
			if (in->v[k].state == E_NEW)
				(*added)++;
			else
				(*skipped)++;
	}
	return 0;
}

int
import_buf(struct store *st, const char *name, const char *data,
    size_t len, size_t *added, size_t *skipped, struct herr *e)
{
	struct input in;
	char why[IMPORT_WHY_MAX];
	size_t bad, first, i;
	int ret = -1;

	*added = *skipped = 0;
	memset(&in, 0, sizeof(in));
	bad = parse_all(name, data, len, &in, NULL, NULL, &first, why);
	if (bad == (size_t)-1) {
		herr_errno(e, HX_IOERR, errno, "memory");
		goto out;
	}
	if (bad > 0) {
		if (bad == 1)
			herr_set(e, HX_DATAERR, "%s:%zu: %s", name, first, why);
		else
			herr_set(e, HX_DATAERR, "%s:%zu: %s (and %zu more "
			    "malformed line%s)", name, first, why, bad - 1,
			    bad == 2 ? "" : "s");
		goto out;
	}
	for (i = 0; i < in.n; i++)
		in.v[i].p = in.recs.p + in.v[i].off;
	if (in.n > 0)
		qsort(in.v, in.n, sizeof(*in.v), ent_cmp);
	/* Repeats in the input are neighbours now: keep the first. */
	for (i = 1; i < in.n; i++)
		if (in.v[i].tool == in.v[i - 1].tool &&
		    bytes_cmp(in.v[i].p, in.v[i].len, in.v[i - 1].p,
		    in.v[i - 1].len) == 0)
			in.v[i].state = E_REPEAT;
	ret = import_groups(st, &in, added, skipped, e);
out:
	buf_free(&in.recs);
	free(in.v);
	return ret;
}

int
import_fd(struct store *st, const char *name, int fd, export_warn_fn warn,
    void *warn_arg, size_t *added, size_t *skipped, struct herr *e)
{
	struct buf b = BUF_INIT;
	const char *data;
	ssize_t n;
	size_t bad;
	int ret;

	*added = *skipped = 0;
	for (;;) {
		if (buf_reserve(&b, 65536) == -1) {
			herr_errno(e, HX_IOERR, errno, "%s", name);
			buf_free(&b);
			return -1;
		}
		n = read(fd, b.p + b.len, b.cap - b.len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			herr_errno(e, HX_IOERR, errno, "%s", name);
			buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
	}
	data = b.p != NULL ? b.p : "";
	if (warn != NULL &&
	    (bad = import_check(name, data, b.len, warn, warn_arg)) > 0) {
		buf_free(&b);
		return herr_set(e, HX_DATAERR, "%s: %zu malformed line%s; "
		    "nothing imported", name, bad, bad == 1 ? "" : "s");
	}
	ret = import_buf(st, name, data, b.len, added, skipped, e);
	buf_free(&b);
	return ret;
}
