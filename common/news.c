/*
 * news: the partner's records not yet told (news.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "herr.h"
#include "io.h"
#include "news.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "store.h"
#include "text.h"

#define SEEN_MAX	(16 * 1024 * 1024)	/* ids kept, at the most */

struct seen {
	uint64_t	*v;
	size_t		 n, cap;
};

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
state_path(struct store *st, const char *self, char *buf, size_t len,
    int make)
{
	char dir[PATH_MAX], key[PATH_MAX + AUTHOR_MAX + 2];

	if (paths_state(dir, sizeof(dir), NULL) == -1)
		return -1;
	if (make && io_mkdirs(dir, 0700) == -1)
		return -1;
	snprintf(key, sizeof(key), "%s\n%s", st->path, self);
	if ((size_t)snprintf(buf, len, "%s/news-%016" PRIx64, dir,
	    text_hash(key, strlen(key))) >= len)
		return -1;
	return 0;
}

/* The ids told before: a file of 16-digit hex ids, one a line. */
static int
seen_load(const char *path, struct seen *s)
{
	char line[32];
	FILE *fp;
	uint64_t *v;

	if ((fp = fopen(path, "re")) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), fp) != NULL && s->n < SEEN_MAX) {
		if (strlen(line) != 17 || line[16] != '\n')
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 1024;
			if ((v = reallocarray(s->v, s->cap, sizeof(*v))) ==
			    NULL) {
				fclose(fp);
				return -1;
			}
			s->v = v;
		}
		s->v[s->n++] = strtoull(line, NULL, 16);
	}
	fclose(fp);
	qsort(s->v, s->n, sizeof(*s->v), cmp64);
	return 0;
}

static int
seen_add(struct seen *s, uint64_t id)
{
	uint64_t *v;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		if ((v = reallocarray(s->v, s->cap, sizeof(*v))) == NULL)
			return -1;
		s->v = v;
	}
	s->v[s->n++] = id;
	return 0;
}

/* Write the ids, whole or not at all. */
static int
seen_save(const char *path, struct seen *s, struct herr *e)
{
	char tmp[PATH_MAX + 32];
	struct buf b = BUF_INIT;
	size_t i;
	int fd, r = -1;

	qsort(s->v, s->n, sizeof(*s->v), cmp64);
	for (i = 0; i < s->n; i++)
		if ((i == 0 || s->v[i] != s->v[i - 1]) &&
		    buf_printf(&b, "%016" PRIx64 "\n", s->v[i]) == -1)
			goto out;
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		goto out;
	if (io_write_all(fd, b.p, b.len) == -1 || fsync(fd) == -1 ||
	    close(fd) == -1 || rename(tmp, path) == -1) {
		(void)unlink(tmp);
		goto out;
	}
	r = 0;
out:
	if (r == -1)
		herr_errno(e, HX_CANTCREAT, errno ? errno : ENOMEM, "%s", path);
	buf_free(&b);
	return r;
}

static uint64_t
id64(const struct record *r)
{
	char id[RECORD_ID_LEN + 1];

	record_id(r->line, r->len, id);
	id[16] = '\0';
	return strtoull(id, NULL, 16);
}

/* One tool's records of other authors, not told before, into rep. */
static int
collect_dir(struct store *st, const char *dir, const char *self,
    struct seen *told, struct seen *now,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct sync_report *rep, struct herr *e)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct sync_arrival *a;
	struct record r;
	uint64_t id;
	char author[AUTHOR_MAX + 1];
	size_t i;
	int n;

	q.tool = dir;
	q.warn = warn;
	q.warn_arg = warn_arg;
	if (store_read_open(&rd, st, &q, e) == -1)
		return -1;
	while ((n = store_read_next(rd, &r, e)) == 1) {
		if (r.flen[RF_AUTHOR] > AUTHOR_MAX)
			continue;
		memcpy(author, r.f[RF_AUTHOR], r.flen[RF_AUTHOR]);
		author[r.flen[RF_AUTHOR]] = '\0';
		if (strcmp(author, self) == 0)
			continue;
		id = id64(&r);
		if (seen_add(now, id) == -1)
			goto nomem;
		if (told->n > 0 && bsearch(&id, told->v, told->n,
		    sizeof(id), cmp64) != NULL)
			continue;
		for (i = 0; i < rep->n; i++)
			if (strcmp(rep->v[i].dir, dir) == 0 &&
			    strcmp(rep->v[i].author, author) == 0)
				break;
		if (i == rep->n) {
			a = reallocarray(rep->v, rep->n + 1, sizeof(*a));
			if (a == NULL)
				goto nomem;
			rep->v = a;
			memset(&rep->v[i], 0, sizeof(rep->v[i]));
			strlcpy(rep->v[i].dir, dir, sizeof(rep->v[i].dir));
			strlcpy(rep->v[i].author, author,
			    sizeof(rep->v[i].author));
			rep->n++;
		}
		if (buf_add(&rep->v[i].lines, r.line, r.len) == -1 ||
		    buf_addc(&rep->v[i].lines, '\n') == -1)
			goto nomem;
		rep->v[i].n++;
	}
	store_read_close(rd);
	return n == -1 ? -1 : 0;
nomem:
	store_read_close(rd);
	return herr_errno(e, HX_IOERR, ENOMEM, "memory");
}

int
news_collect(struct store *st, const char *self, int mark,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct sync_report *rep, struct herr *e)
{
	struct seen told = { NULL, 0, 0 }, now = { NULL, 0, 0 };
	char path[PATH_MAX];
	size_t i;
	int r = -1, have;

	memset(rep, 0, sizeof(*rep));
	have = state_path(st, self, path, sizeof(path), mark) == 0;
	if (have && seen_load(path, &told) == -1) {
		herr_errno(e, HX_IOERR, errno, "%s", path);
		goto out;
	}
	for (i = 0; i < registry_len; i++)
		if (collect_dir(st, registry[i].dir, self, &told, &now, warn,
		    warn_arg, rep, e) == -1)
			goto out;
	r = 0;
	if (mark && have && rep->n > 0)
		r = seen_save(path, &now, e);
out:
	free(told.v);
	free(now.v);
	return r;
}
