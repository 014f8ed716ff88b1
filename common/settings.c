/*
 * settings: the couple's settings, records in the store (settings.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "herr.h"
#include "record.h"
#include "registry.h"
#include "settings.h"
#include "store.h"

const char settings_unknown[] =
    "use seed, today_decks, today_depth or week_start";

const char *const settings_keys[] = {
	"seed", "today_decks", "today_depth", "week_start", NULL
};

static int
key_index(const char *key, size_t len)
{
	size_t i;

	for (i = 0; settings_keys[i] != NULL; i++)
		if (strlen(settings_keys[i]) == len &&
		    memcmp(settings_keys[i], key, len) == 0)
			return (int)i;
	return -1;
}

static int
only(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

static const char *
depth_problem(const char *v)
{
	if (strlen(v) == 1 && v[0] >= '1' && v[0] <= '3')
		return NULL;
	if (strlen(v) == 3 && v[0] >= '1' && v[0] <= '3' && v[1] == '-' &&
	    v[2] >= v[0] && v[2] <= '3')
		return NULL;
	return "use 1, 2, 3 or a range such as 1-2";
}

static const char *
decks_problem(const char *v)
{
	const char *p;

	if (*v == '\0' || !only(v, "abcdefghijklmnopqrstuvwxyz0123456789-,%"))
		return "use deck names separated by commas, as ask -c "
		    "takes them";
	for (p = v; *p != '\0'; p++)
		if (*p == ',' && (p == v || p[1] == ',' || p[1] == '\0'))
			return "use deck names separated by commas, as ask -c "
			    "takes them";
	return NULL;
}

const char *
settings_check(const char *key, const char *value)
{
	size_t n = strlen(value);

	switch (key_index(key, strlen(key))) {
	case 0:
		if (n < 4 || n > 64 || !only(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789_-"))
			return "use 4 to 64 letters, digits, '_' or '-'";
		return NULL;
	case 1:
		return decks_problem(value);
	case 2:
		return depth_problem(value);
	case 3:
		if (date_weekday_parse(value, n) == -1)
			return "use a weekday, such as monday";
		return NULL;
	default:
		return settings_unknown;
	}
}

/* Take record r into s when it is later than what s has for its key. */
static const char *
take(struct settings *s, const struct record *r, struct buf *val)
{
	struct setting *v;
	const char *why;
	int k;

	if ((k = key_index(r->f[RF_DATA], r->flen[RF_DATA])) == -1)
		return "unknown setting";
	if (record_text(r, RF_DATA + 1, val) == -1 || buf_nul(val) == -1)
		return "";
	if (val->len > SETTING_MAX)
		return "value too long";
	if ((why = settings_check(settings_keys[k], val->p)) != NULL)
		return why;
	v = &s->v[k];
	if (v->set) {
		int c = date_cmp(&r->when, &v->when);

		if (c < 0 || (c == 0 && (r->flen[RF_AUTHOR] < strlen(v->by) ||
		    memcmp(r->f[RF_AUTHOR], v->by, r->flen[RF_AUTHOR]) < 0)))
			return NULL;
	}
	v->set = 1;
	v->when = r->when;
	memcpy(v->value, val->p, val->len + 1);
	memcpy(v->by, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	v->by[r->flen[RF_AUTHOR]] = '\0';
	return NULL;
}

struct take_arg {
	struct settings	*s;
	struct buf	 val;
};

static int
feed_setting(void *arg, const struct record *r, struct herr *e)
{
	struct take_arg *t = arg;
	const char *why;

	/*
	 * The reader checked the record with the registry's kind check:
	 * only memory can fail here.
	 */
	if ((why = take(t->s, r, &t->val)) != NULL && *why == '\0')
		return herr_errno(e, HX_IOERR, ENOMEM, "memory");
	return 0;
}

int
settings_load(struct store *st, struct settings *s,
    void (*warn)(void *, const char *, size_t, const char *),
    void *warn_arg, struct herr *e)
{
	struct take_arg t = { s, BUF_INIT };
	size_t i;
	int r;

	memset(s, 0, sizeof(*s));
	for (i = 0; settings_keys[i] != NULL; i++)
		s->v[i].key = settings_keys[i];
	r = store_feed(st, SETTINGS_DIR, feed_setting, &t, warn, warn_arg, e);
	buf_free(&t.val);
	return r;
}

const struct setting *
settings_find(const struct settings *s, const char *key)
{
	int k = key_index(key, strlen(key));

	return k == -1 || !s->v[k].set ? NULL : &s->v[k];
}

const char *
settings_get(const struct settings *s, const char *key)
{
	const struct setting *v = settings_find(s, key);

	return v != NULL ? v->value : NULL;
}

struct setjob {
	const char	*author, *key, *value;
};

static int
build_set(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct setjob *j = arg;
	struct hmoment now, when;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	if (record_begin(out, &when, j->author, "set") == -1 ||
	    record_field(out, j->key, strlen(j->key)) == -1 ||
	    record_field(out, j->value, strlen(j->value)) == -1 ||
	    record_end(out) == -1)
		return herr_errno(e, HX_IOERR, errno, "memory");
	return 0;
}

int
settings_set(struct store *st, const char *author, const char *key,
    const char *value, struct herr *e)
{
	struct setjob j = { author, key, value };
	struct herr warn;
	const char *why;

	if ((why = settings_check(key, value)) == settings_unknown)
		return herr_set(e, HX_USAGE, "unknown setting '%s' (%s)", key,
		    why);
	if (why != NULL)
		return herr_set(e, HX_USAGE, "bad %s '%s' (%s)", key, value,
		    why);
	if (strlen(value) > SETTING_MAX)
		return herr_set(e, HX_USAGE, "bad %s: longer than %d bytes",
		    key, SETTING_MAX);
	return store_append(st, SETTINGS_DIR, author, build_set, &j, &warn, e);
}
