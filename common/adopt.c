/*
 * adopt: one author's entries taken over by another (adopt.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adopt.h"
#include "buf.h"
#include "export.h"
#include "herr.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"

/* An adopted record's old id and new one. */
struct idmap {
	char	old[RECORD_ID_LEN + 1];
	char	new[RECORD_ID_LEN + 1];
};

static int
cmpmap(const void *a, const void *b)
{
	return strcmp(((const struct idmap *)a)->old,
	    ((const struct idmap *)b)->old);
}

/* line with its author field replaced by to, into out (reset first). */
static int
rewrite(const struct record *r, const char *to, struct buf *out)
{
	const char *rest = r->f[RF_KIND];

	buf_reset(out);
	return buf_add(out, r->line, r->flen[RF_TIME] + 1) == -1 ||
	    buf_adds(out, to) == -1 || buf_addc(out, '\t') == -1 ||
	    buf_add(out, rest, (size_t)(r->line + r->len - rest)) == -1 ?
	    -1 : 0;
}

/* The lines of from's log in dir, rewritten as to's, in lines. */
static int
collect(struct store *st, const char *dir, const char *from, const char *to,
    struct buf *lines, struct idmap **map, size_t *nmap, struct herr *e)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct buf one = BUF_INIT;
	struct record r;
	struct idmap *m;
	int n;

	q.tool = dir;
	q.author = from;
	if (store_read_open(&rd, st, &q, e) == -1)
		return -1;
	while ((n = store_read_next(rd, &r, e)) == 1) {
		if (rewrite(&r, to, &one) == -1 ||
		    buf_add(lines, one.p, one.len) == -1 ||
		    buf_addc(lines, '\n') == -1 ||
		    (m = reallocarray(*map, *nmap + 1, sizeof(**map))) == NULL) {
			n = herr_errno(e, HX_IOERR, ENOMEM, "memory");
			break;
		}
		*map = m;
		record_id(r.line, r.len, m[*nmap].old);
		record_id(one.p, one.len, m[*nmap].new);
		(*nmap)++;
	}
	store_read_close(rd);
	buf_free(&one);
	return n == -1 ? -1 : 0;
}

/*
 * The export lines of the rewritten records of dir; a ritual undo's ID
 * that names an adopted record is given its new id.
 */
static int
to_json(const char *dir, struct buf *lines, struct idmap *map, size_t nmap,
    struct buf *json, struct herr *e)
{
	const struct record_kind *kinds = registry_kinds(dir);
	struct idmap key, *hit;
	struct record r;
	const char *why;
	char *p, *nl;

	if (nmap > 1)
		qsort(map, nmap, sizeof(*map), cmpmap);
	for (p = lines->p; p < lines->p + lines->len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(lines->p + lines->len - p));
		if (record_parse(&r, p, (size_t)(nl - p), kinds, &why) == -1)
			continue;
		if (r.flen[RF_KIND] == 4 && memcmp(r.f[RF_KIND], "undo", 4) ==
		    0 && r.nf == RF_DATA + 2 &&
		    r.flen[RF_DATA + 1] == RECORD_ID_LEN) {
			memcpy(key.old, r.f[RF_DATA + 1], RECORD_ID_LEN);
			key.old[RECORD_ID_LEN] = '\0';
			/* The field points into lines, which are ours. */
			if (nmap > 0 && (hit = bsearch(&key, map, nmap,
			    sizeof(*map), cmpmap)) != NULL)
				memcpy((char *)(uintptr_t)r.f[RF_DATA + 1],
				    hit->new, RECORD_ID_LEN);
		}
		if (export_record(json, dir, &r) == -1)
			return herr_errno(e, HX_IOERR, ENOMEM, "memory");
	}
	return 0;
}

int
adopt_count(struct store *st, const char *from, size_t *n, struct herr *e)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	size_t i;
	int k;

	*n = 0;
	for (i = 0; i < registry_len; i++) {
		q.tool = registry[i].dir;
		q.author = from;
		if (store_read_open(&rd, st, &q, e) == -1)
			return -1;
		while ((k = store_read_next(rd, &r, e)) == 1)
			(*n)++;
		store_read_close(rd);
		if (k == -1)
			return -1;
	}
	return 0;
}

/* Remove from's log of dir, under the folder's lock. */
static int
remove_log(struct store *st, const char *dir, const char *from,
    struct herr *e)
{
	char name[AUTHOR_MAX + 8];
	int lk, dfd;

	if ((lk = store_lock(st, dir, e)) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.log", from);
	dfd = openat(st->dirfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (dfd != -1) {
		if (unlinkat(dfd, name, 0) == 0)
			(void)fsync(dfd);
		close(dfd);
	}
	store_unlock(lk);
	return 0;
}

int
adopt_author(struct store *st, const char *from, const char *to,
    size_t *moved, struct herr *e)
{
	struct buf lines = BUF_INIT, json = BUF_INIT;
	struct idmap *map = NULL;
	size_t nmap, i, added, skipped;
	int r = -1;

	*moved = 0;
	for (i = 0; i < registry_len; i++) {
		buf_reset(&lines);
		buf_reset(&json);
		nmap = 0;
		if (collect(st, registry[i].dir, from, to, &lines, &map,
		    &nmap, e) == -1 ||
		    to_json(registry[i].dir, &lines, map, nmap, &json,
		    e) == -1)
			goto out;
		if (json.len > 0 && import_buf(st, from, json.p, json.len,
		    &added, &skipped, e) == -1)
			goto out;
		if (nmap > 0 && remove_log(st, registry[i].dir, from, e) == -1)
			goto out;
		*moved += nmap;
	}
	r = 0;
out:
	buf_free(&lines);
	buf_free(&json);
	free(map);
	return r;
}
