/*
 * deck: parsing and holding the decks (see deck.h and hearth-deck(5)).
 *
 * A deck's text is copied once into a buffer of the set's; each line's
 * LF becomes a NUL, so every prompt is a C string inside that buffer and
 * nothing is allocated per prompt.  The prompts of all decks sit in one
 * array, each naming its deck; a deck replaced by a later one of the same
 * name is only marked, and its prompts are passed over by deck_find's
 * users.  The built-in decks are parsed and checked when the binary is
 * built (mkdecks.c), so at run time they cost nothing: the set points at
 * their tables until a deck from a file is added.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "deck.h"
#include "herr.h"
#include "io.h"
#include "lines.h"
#include "text.h"

#define DECK_FILE_MAX	(1024 * 1024)

int
deck_name_valid(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && n <= DECK_NAME_MAX && name[n] == '\0';
}

uint64_t
deck_id(const char *text, size_t len)
{
	return text_hash(text, len);
}

void
deck_id_hex(uint64_t id, char buf[DECK_ID_LEN + 1])
{
	snprintf(buf, DECK_ID_LEN + 1, "%016llx", (unsigned long long)id);
}

int
deck_find(const struct deckset *ds, const char *name)
{
	size_t i;

	for (i = ds->nd; i-- > 0; )
		if (!ds->d[i].replaced && strcmp(ds->d[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Append to *dst (a malloc'd string or NULL), with a space between. */
static int
join(char **dst, const char *s)
{
	size_t old = *dst ? strlen(*dst) : 0, n = strlen(s);
	char *p;

	if ((p = realloc(*dst, old + n + 2)) == NULL)
		return -1;
	if (old > 0)
		p[old++] = ' ';
	memcpy(p + old, s, n + 1);
	*dst = p;
	return 0;
}

const char *
deck_text_problem(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, bad;

	if (text_utf8_check(s, len, &bad) == -1)
		return s[bad] == '\0' ? "NUL byte" : "invalid UTF-8";
	/* Valid UTF-8: 0xc2 only ever leads, and 0xc2 0x80-0x9f is C1. */
	for (i = 0; i < len; i++)
		if (u[i] < 0x20 || u[i] == 0x7f || (u[i] == 0xc2 &&
		    u[i + 1] < 0xa0))
			return "control character";
	return NULL;
}

/* Check a prompt's text; NULL when good, else the reason. */
static const char *
text_problem(const char *s, size_t len)
{
	const char *why;

	if (len == 0)
		return "empty prompt";
	if (len > DECK_TEXT_MAX)
		return "prompt longer than 200 bytes";
	if (s[0] == ' ' || s[len - 1] == ' ')
		return "space at the start or end of the prompt";
	if ((why = deck_text_problem(s, len)) != NULL &&
	    strcmp(why, "control character") == 0)
		return "control character in the prompt";
	return why;
}

static int
add_prompt(struct deckset *ds, const char *text, size_t len, int depth,
    size_t deck)
{
	struct prompt *p;
	size_t cap;

	if (ds->np >= ds->pcap) {
		cap = ds->np > 512 ? ds->np * 2 : 1024;
		if (ds->pcap == 0 && ds->np > 0) {
			/* Still the built-in table: copy it before adding. */
			if ((p = reallocarray(NULL, cap, sizeof(*p))) == NULL)
				return -1;
			memcpy(p, ds->p, ds->np * sizeof(*p));
		} else if ((p = reallocarray(ds->p, cap, sizeof(*p))) == NULL)
			return -1;
		ds->p = p;
		ds->pcap = cap;
	}
	p = &ds->p[ds->np++];
	p->text = text;
	p->len = len;
	p->id = deck_id(text, len);
	p->deck = (uint16_t)deck;
	p->depth = (uint8_t)depth;
	return 0;
}

static int
grow_lines(size_t **lines, size_t *n)
{
	size_t cap = *n ? *n * 2 : 256, *p;

	if ((p = reallocarray(*lines, cap, sizeof(*p))) == NULL)
		return -1;
	*lines = p;
	*n = cap;
	return 0;
}

struct idline {
	uint64_t	 id;
	size_t		 i;
};

static int
cmpid(const void *a, const void *b)
{
	const struct idline *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The line of the first prompt that repeats an earlier one of the same
 * deck, or 0.  Sorting by id keeps this O(n log n) for a large deck.
 */
static size_t
repeated(const struct prompt *p, size_t n, const size_t *lines)
{
	struct idline *v;
	size_t i, line = 0;

	if ((v = reallocarray(NULL, n, sizeof(*v))) == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		v[i].id = p[i].id;
		v[i].i = i;
	}
	qsort(v, n, sizeof(*v), cmpid);
	for (i = 1; i < n; i++)
		if (v[i].id == v[i - 1].id &&
		    strcmp(p[v[i].i].text, p[v[i - 1].i].text) == 0 &&
		    (line == 0 || lines[v[i].i] < line))
			line = lines[v[i].i];
	free(v);
	return line;
}

/* One deck being parsed. */
struct parse {
	struct deckset	*ds;
	struct deck	 d;
	size_t		 first;		/* its first prompt in ds->p */
	size_t		*lines;		/* the line of each of its prompts */
	size_t		 nlines;
	int		 have_kind;
	int		 check;
};

/* A "key: value" line; NULL, or why it is wrong (errno ENOMEM: memory). */
static const char *
parse_header(struct parse *ps, char *line)
{
	char *v;

	errno = 0;
	if ((v = strchr(line, ':')) == NULL || v[1] != ' ' || v[2] == '\0')
		return line[0] >= '0' && line[0] <= '9' ?
		    "bad depth (use 1, 2 or 3, then a space)" :
		    "not a prompt, a comment or a 'key: value' line";
	*v = '\0';
	v += 2;
	if (ps->ds->np > ps->first)
		return "a header line after the first prompt";
	if (text_problem(v, strlen(v)) != NULL)
		return "bad text in a header line";
	if (strcmp(line, "title") == 0) {
		if (ps->d.title != NULL)
			return "a second title: line";
		if ((ps->d.title = strdup(v)) == NULL)
			return "";
	} else if (strcmp(line, "about") == 0) {
		if (join(&ps->d.about, v) == -1)
			return "";
	} else if (strcmp(line, "kind") == 0) {
		if (ps->have_kind++ > 0)
			return "a second kind: line";
		if (strcmp(v, "questions") == 0)
			ps->d.kind = DECK_QUESTIONS;
		else if (strcmp(v, "ideas") == 0)
			ps->d.kind = DECK_IDEAS;
		else
			return "kind must be questions or ideas";
	} else
		return "unknown key (use title, kind or about)";
	return NULL;
}

/* A "DEPTH text" line; NULL, or why it is wrong ("" for memory). */
static const char *
parse_prompt(struct parse *ps, const char *line, size_t n, size_t lineno)
{
	struct deckset *ds = ps->ds;
	const char *why;

	if (ps->d.title == NULL)
		return "a prompt before the title: line";
	if (ps->check && (why = text_problem(line + 2, n - 2)) != NULL)
		return why;
	if (add_prompt(ds, line + 2, n - 2, line[0] - '0', ds->nd) == -1 ||
	    (ds->np - ps->first > ps->nlines &&
	    grow_lines(&ps->lines, &ps->nlines) == -1))
		return "";
	ps->lines[ds->np - ps->first - 1] = lineno;
	ps->d.count[line[0] - '0']++;
	return NULL;
}

/*
 * Every line of buf[0..len) (NUL-terminated in place); 0 when the deck
 * is whole, else -1 with e set.
 */
static int
parse_lines(struct parse *ps, const char *file, char *buf, size_t len,
    struct herr *e)
{
	const char *p = buf, *l, *why;
	char *line;
	size_t lineno = 0, n;

	while (line_next(&p, buf + len, &l, &n, NULL) == 1) {
		lineno++;
		line = buf + (l - buf);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		/* The header's words are C strings: a NUL would cut them. */
		if (memchr(line, '\0', n) != NULL)
			why = "NUL byte";
		else if (line[0] >= '1' && line[0] <= '3' && line[1] == ' ')
			why = parse_prompt(ps, line, n, lineno);
		else
			why = parse_header(ps, line);
		if (why != NULL && *why == '\0')
			return herr_errno(e, HX_IOERR, ENOMEM, "%s", file);
		if (why != NULL)
			return herr_set(e, HX_DATAERR, "%s:%zu: %s", file,
			    lineno, why);
	}
	return 0;
}

/* What a whole deck must have, once its lines are read. */
static int
parse_whole(struct parse *ps, const char *file, struct herr *e)
{
	struct deckset *ds = ps->ds;
	size_t lineno;

	if (ps->d.title == NULL)
		return herr_set(e, HX_DATAERR, "%s: no title: line", file);
	if (ds->np == ps->first)
		return herr_set(e, HX_DATAERR, "%s: no prompts", file);
	if (ps->check && (lineno = repeated(ds->p + ps->first,
	    ds->np - ps->first, ps->lines)) != 0)
		return herr_set(e, HX_DATAERR, "%s:%zu: the same prompt twice",
		    file, lineno);
	return 0;
}

/* Keep the deck's own copy of its text, which its prompts point into. */
static char *
keep_text(struct deckset *ds, const char *text, size_t len)
{
	char *buf, **nt;

	/* Room for the NUL after the last line, LF or not. */
	if ((buf = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if ((nt = reallocarray(ds->texts, ds->ntexts + 1, sizeof(*nt))) ==
	    NULL) {
		free(buf);
		return NULL;
	}
	ds->texts = nt;
	ds->texts[ds->ntexts++] = buf;
	return buf;
}

/*
 * check: validate every prompt.  The built-in decks are checked by the
 * tests when they are built (test_deck), so ask does not check them again
 * on every run.  A deck that fails leaves the set as it was.
 */
static int
parse(struct deckset *ds, const char *name, const char *file,
    const char *text, size_t len, int check, struct herr *e)
{
	struct parse ps;
	struct deck *nd;
	char *buf;
	int old;

	memset(&ps, 0, sizeof(ps));
	ps.ds = ds;
	ps.first = ds->np;
	ps.check = check;
	if (!deck_name_valid(name))
		return herr_set(e, HX_DATAERR, "%s: bad deck name '%s' (use "
		    "a-z, 0-9 and '-')", file, name);
	if (ds->nd >= UINT16_MAX)
		return herr_set(e, HX_DATAERR, "%s: too many decks", file);
	if ((buf = keep_text(ds, text, len)) == NULL)
		return herr_errno(e, HX_IOERR, errno, "%s", file);
	strlcpy(ps.d.name, name, sizeof(ps.d.name));
	if (parse_lines(&ps, file, buf, len, e) == -1 ||
	    parse_whole(&ps, file, e) == -1)
		goto fail;
	if ((ps.d.source = strdup(file)) == NULL ||
	    (nd = reallocarray(ds->d, ds->nd + 1, sizeof(*nd))) == NULL) {
		herr_errno(e, HX_IOERR, errno, "%s", file);
		goto fail;
	}
	ds->d = nd;
	if ((old = deck_find(ds, name)) != -1)
		ds->d[old].replaced = 1;
	ds->d[ds->nd++] = ps.d;
	free(ps.lines);
	return 0;
fail:
	/* Leave the set as it was: drop this deck's prompts and text. */
	free(ps.lines);
	ds->np = ps.first;
	free(ds->texts[--ds->ntexts]);
	free(ps.d.title);
	free(ps.d.about);
	free(ps.d.source);
	return -1;
}

int
deck_parse(struct deckset *ds, const char *name, const char *file,
    const char *text, size_t len, struct herr *e)
{
	return parse(ds, name, file, text, len, 1, e);
}

int
deck_use_tables(struct deckset *ds, const struct deck *d, size_t nd,
    const struct prompt *p, size_t np, struct herr *e)
{
	if (ds->nd != 0 || ds->np != 0)
		return herr_set(e, HX_DATAERR, "built-in decks go first");
	if (nd == 0)
		return 0;
	if ((ds->d = reallocarray(NULL, nd, sizeof(*ds->d))) == NULL)
		return herr_errno(e, HX_IOERR, errno, "memory");
	memcpy(ds->d, d, nd * sizeof(*ds->d));
	ds->nd = nd;
	/* Read only, until a deck is added (add_prompt copies it then). */
	ds->p = (struct prompt *)(uintptr_t)p;
	ds->np = np;
	ds->pcap = 0;
	return 0;
}

/*
 * Read and parse path, a file of at most max bytes (DECK_FILE_MAX or
 * less); its size in *size.
 */
static int
load_file(struct deckset *ds, const char *path, off_t max, off_t *size,
    struct herr *e)
{
	char name[DECK_NAME_MAX + 8], *buf;
	const char *base;
	struct stat sb;
	size_t n;
	ssize_t r;
	int fd, ret;

	*size = 0;
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".deck") == 0)
		n -= 5;
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, base, n);
	name[n] = '\0';
	/* O_NONBLOCK: a FIFO is refused below, not waited on. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return herr_errno(e, herr_code_for(errno) == HX_NOINPUT ?
		    HX_NOINPUT : HX_IOERR, errno, "%s", path);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return herr_set(e, HX_DATAERR, "%s: not a regular file", path);
	}
	if (sb.st_size > max) {
		close(fd);
		return herr_set(e, HX_DATAERR, sb.st_size > DECK_FILE_MAX ?
		    "%s: larger than 1 MiB" : "%s: past the 16 MiB that the "
		    "decks of one folder may take", path);
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return herr_errno(e, HX_IOERR, errno, "%s", path);
	}
	r = io_pread_all(fd, buf, (size_t)sb.st_size, 0);
	close(fd);
	if (r != sb.st_size) {
		free(buf);
		return r == -1 ? herr_errno(e, HX_IOERR, errno, "%s", path) :
		    herr_set(e, HX_IOERR, "%s: changed while it was read",
		    path);
	}
	*size = sb.st_size;	/* read: it counts, good or bad */
	ret = deck_parse(ds, name, path, buf, (size_t)r, e);
	free(buf);
	return ret;
}

int
deck_load_file(struct deckset *ds, const char *path, struct herr *e)
{
	off_t size;

	return load_file(ds, path, DECK_FILE_MAX, &size, e);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names of the NAME.deck files of d, sorted, in *names (*n of them):
 * 0, or -1 with e set (memory, or more than DECK_DIR_FILES).
 */
static int
deck_names(DIR *d, const char *dir, char ***names, size_t *n,
    struct herr *e)
{
	struct dirent *de;
	size_t len;
	char **nn;

	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".deck") != 0 ||
		    de->d_name[0] == '.')
			continue;
		if (*n == DECK_DIR_FILES)
			return herr_set(e, HX_DATAERR, "%s: more than %d "
			    "decks; none of them is read", dir,
			    DECK_DIR_FILES);
		if ((nn = reallocarray(*names, *n + 1, sizeof(*nn))) == NULL)
			return herr_errno(e, HX_IOERR, errno, "%s", dir);
		*names = nn;
		if ((nn[*n] = strdup(de->d_name)) == NULL)
			return herr_errno(e, HX_IOERR, errno, "%s", dir);
		(*n)++;
	}
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), cmpstr);
	return 0;
}

int
deck_load_dir(struct deckset *ds, const char *dir, deck_warn_fn *warn,
    void *arg, struct herr *e)
{
	char path[PATH_MAX], **names = NULL;
	off_t left = DECK_DIR_BYTES, size;
	size_t n = 0, i;
	DIR *d;
	int ret = 0;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		    herr_errno(e, HX_IOERR, errno, "%s", dir);
	if (deck_names(d, dir, &names, &n, e) == -1) {
		/* Too many: each one costs no more than a warning. */
		if (warn != NULL && e->code == HX_DATAERR)
			warn(arg, e);
		else
			ret = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (load_file(ds, path, left < DECK_FILE_MAX ? left :
		    DECK_FILE_MAX, &size, e) == -1) {
			if (warn == NULL) {
				ret = -1;
				break;
			}
			warn(arg, e);
		}
		left -= size;
	}
out:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

void
deck_free(struct deckset *ds)
{
	size_t i;

	for (i = 0; i < ds->nd; i++) {
		if (ds->d[i].builtin)
			continue;
		free(ds->d[i].title);
		free(ds->d[i].about);
		free(ds->d[i].source);
	}
	for (i = 0; i < ds->ntexts; i++)
		free(ds->texts[i]);
	free(ds->d);
	if (ds->pcap > 0)
		free(ds->p);
	free(ds->texts);
	memset(ds, 0, sizeof(*ds));
}
