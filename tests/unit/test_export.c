/*
 * Unit tests for export: the store as JSON Lines and back, on temporary
 * stores: exact lines, exact round trips (tabs, newlines, backslashes,
 * CR, C1, DEL, U+2028, emoji, exact timestamp texts), idempotence, time
 * order against what a log holds, repeats in the input, and malformed
 * lines, anywhere in a file, that store nothing and are named by line.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "export.h"
#include "herr.h"
#include "record.h"
#include "registry.h"
#include "store.h"

struct fixture {
	char		 dir[PATH_MAX];
	char		 a[PATH_MAX], b[PATH_MAX];	/* two stores */
	struct store	 sa, sb;
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	strcpy(f->dir, "/tmp/hearth-test-export.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->a, sizeof(f->a), "%s/a", f->dir);
	snprintf(f->b, sizeof(f->b), "%s/b", f->dir);
	setenv("HOME", f->dir, 1);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HEARTH_LOCK_TIMEOUT");
	setenv("TZ", "UTC", 1);
	if (store_open(&f->sa, f->a, 1, NULL) == -1 ||
	    store_open(&f->sb, f->b, 1, NULL) == -1)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[PATH_MAX + 16];

	store_close(&f->sa);
	store_close(&f->sb);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Write <store>/<tool>/<author>.log as a tool would have left it. */
static void
put_log(const char *store, const char *tool, const char *author,
    const char *content)
{
	char path[PATH_MAX];
	size_t len = strlen(content);
	int fd;

	snprintf(path, sizeof(path), "%s/%s", store, tool);
	(void)mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/%s.log", store, tool, author);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
}

/* The bytes of <store>/<tool>/<author>.log, NUL-terminated; NULL if none. */
static char *
get_log(const char *store, const char *tool, const char *author)
{
	char path[PATH_MAX], *p;
	struct stat sb;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s.log", store, tool, author);
	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	assert_int_equal(fstat(fd, &sb), 0);
	p = malloc((size_t)sb.st_size + 1);
	assert_non_null(p);
	assert_int_equal(read(fd, p, (size_t)sb.st_size), sb.st_size);
	p[sb.st_size] = '\0';
	close(fd);
	return p;
}

static void
assert_log(const char *store, const char *tool, const char *author,
    const char *want)
{
	char *got = get_log(store, tool, author);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* How many entries a store's root holds (nothing stored: 0). */
static size_t
entries(const char *store)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	assert_non_null(d = opendir(store));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
emit_buf(void *arg, const char *line, size_t len)
{
	return buf_add(arg, line, len);
}

/* The export of st, NUL-terminated, in b (reset first). */
static void
export_to(struct store *st, struct buf *b)
{
	struct herr e;

	buf_reset(b);
	assert_int_equal(export_store(st, emit_buf, b, &e), 0);
	assert_int_equal(buf_nul(b), 0);
	if (b->p == NULL)
		assert_int_equal(buf_adds(b, ""), 0);
}

static void
import_ok(struct store *st, const char *data, size_t want_added,
    size_t want_skipped)
{
	struct herr e;
	size_t added = 99, skipped = 99;

	e.msg[0] = '\0';
	if (import_buf(st, "in.jsonl", data, strlen(data), &added, &skipped,
	    &e) != 0)
		fail_msg("import failed: %s", e.msg);
	assert_int_equal(added, want_added);
	assert_int_equal(skipped, want_skipped);
}

/*
 * The text of the gratitude: TAB, LF, backslash, CR, é, U+2028, U+0085
 * (C1), DEL, U+1F49B (four bytes), and a stored escape sequence.
 */
#define HARD_ESCAPED	"the soup\\tand\\nthe walk \\\\o/ caf\xc3\xa9 " \
			"\xe2\x80\xa8 sep \xc2\x85 \x7f \xf0\x9f\x92\x9b" \
			" \x1b[31m\\r"
#define HARD_JSON	"the soup\\tand\\nthe walk \\\\o/ caf\xc3\xa9 " \
			"\\u2028 sep \\u0085 \\u007f \xf0\x9f\x92\x9b" \
			" \\u001b[31m\\r"

#define ID	"0123456789abcdef"

#define G_ANA \
	"2026-11-25T21:03:11.000001+01:00\tana\tthanks\tben\t" \
	HARD_ESCAPED "\n" \
	"2026-11-26T08:00:00Z\tana\tthanks\tben\tcoffee, \\\\ twice\n"
#define G_BEN \
	"2026-11-25T14:00:00.123456789-05:30\tben\tthanks\tana\t\n"
#define A_ANA \
	"2026-11-24T10:00:00.000000+00:00\tana\tshown\t" ID "\ttalk\t" \
	"What has been on your mind?\n" \
	"2026-11-24T10:05:00.000000+00:00\tana\tanswer\t" ID "\t" \
	"work,\\nand you\n"
#define R_BEN \
	"2026-11-01T09:00:00.000000+01:00\tben\tdefine\twalk\tweekly sun\t\n" \
	"2026-11-02T09:00:00.000000+01:00\tben\tdone\twalk\t2026-11-02\t" \
	"r\xc3\xa4in\n" \
	"2026-11-03T09:00:00.000000+01:00\tben\tretire\twalk\n"
#define L_ANA \
	"2026-11-20T19:00:00.000000+01:00\tana\tsession\tfinished\t" \
	"\\ttabs\tspeak:ana:ben:180.000:175.250\n"

static void
fill(const char *store)
{
	put_log(store, "gratitude", "ana", G_ANA);
	put_log(store, "gratitude", "ben", G_BEN);
	put_log(store, "ask", "ana", A_ANA);
	put_log(store, "ritual", "ben", R_BEN);
	put_log(store, "listen", "ana", L_ANA);
	if (registry_by_dir("settings") != NULL)
		put_log(store, "settings", "ben",
		    "2026-11-05T10:00:00.000000+01:00\tben\tset\tweek_start"
		    "\tmonday\n");
}

static void
test_export_lines(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;

	fill(f->a);
	export_to(&f->sa, &out);
	/* One folder after another, as the registry lists them. */
	assert_non_null(strstr(out.p,
	    "{\"tool\":\"ask\",\"author\":\"ana\","
	    "\"time\":\"2026-11-24T10:00:00.000000+00:00\",\"kind\":\"shown\","
	    "\"fields\":[\"" ID "\",\"talk\",\"What has been on your mind?\"]}\n"
	    "{\"tool\":\"ask\",\"author\":\"ana\","
	    "\"time\":\"2026-11-24T10:05:00.000000+00:00\",\"kind\":\"answer\","
	    "\"fields\":[\"" ID "\",\"work,\\nand you\"]}\n"
	    "{\"tool\":\"gratitude\",\"author\":\"ben\","
	    "\"time\":\"2026-11-25T14:00:00.123456789-05:30\",\"kind\":\"thanks\","
	    "\"fields\":[\"ana\",\"\"]}\n"
	    "{\"tool\":\"gratitude\",\"author\":\"ana\","
	    "\"time\":\"2026-11-25T21:03:11.000001+01:00\",\"kind\":\"thanks\","
	    "\"fields\":[\"ben\",\"" HARD_JSON "\"]}\n"
	    "{\"tool\":\"gratitude\",\"author\":\"ana\","
	    "\"time\":\"2026-11-26T08:00:00Z\",\"kind\":\"thanks\","
	    "\"fields\":[\"ben\",\"coffee, \\\\ twice\"]}\n"
	    "{\"tool\":\"listen\",\"author\":\"ana\""));
	assert_non_null(strstr(out.p, "\"fields\":[\"finished\",\"\\ttabs\","
	    "\"speak:ana:ben:180.000:175.250\"]}\n"
	    "{\"tool\":\"ritual\",\"author\":\"ben\""));
	assert_non_null(strstr(out.p, "\"kind\":\"retire\","
	    "\"fields\":[\"walk\"]}\n"));
	if (registry_by_dir("settings") != NULL)
		assert_non_null(strstr(out.p, "{\"tool\":\"settings\","
		    "\"author\":\"ben\",\"time\":\"2026-11-05T10:00:00.000000"
		    "+01:00\",\"kind\":\"set\",\"fields\":[\"week_start\","
		    "\"monday\"]}\n"));
	buf_free(&out);
}

/* An export imported into an empty store gives the same logs. */
static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT, again = BUF_INIT;
	size_t n = registry_by_dir("settings") != NULL ? 10 : 9;

	fill(f->a);
	export_to(&f->sa, &out);
	import_ok(&f->sb, out.p, n, 0);
	assert_log(f->b, "gratitude", "ana", G_ANA);
	assert_log(f->b, "gratitude", "ben", G_BEN);
	assert_log(f->b, "ask", "ana", A_ANA);
	assert_log(f->b, "ritual", "ben", R_BEN);
	assert_log(f->b, "listen", "ana", L_ANA);
	export_to(&f->sb, &again);
	assert_string_equal(again.p, out.p);
	buf_free(&out);
	buf_free(&again);
}

static void
test_idempotent(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;
	size_t n = registry_by_dir("settings") != NULL ? 10 : 9;

	fill(f->a);
	export_to(&f->sa, &out);
	/* Into the store it came from: everything is there. */
	import_ok(&f->sa, out.p, 0, n);
	assert_log(f->a, "gratitude", "ana", G_ANA);
	import_ok(&f->sb, out.p, n, 0);
	import_ok(&f->sb, out.p, 0, n);
	assert_log(f->b, "gratitude", "ana", G_ANA);
	assert_log(f->b, "ritual", "ben", R_BEN);
	buf_free(&out);
}

/*
 * A log in several runs (a clock set back, a merge) comes back as one
 * run: the same lines, in time order, and the same reading.
 */
static void
test_runs(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT, again = BUF_INIT;

	put_log(f->a, "gratitude", "ana",
	    "2026-01-01T00:00:01Z\tana\tthanks\tben\tone\n"
	    "2026-01-01T00:00:03Z\tana\tthanks\tben\tthree\n"
	    "# a comment is not a record\n"
	    "2026-01-01T00:00:02Z\tana\tthanks\tben\ttwo\n");
	export_to(&f->sa, &out);
	import_ok(&f->sb, out.p, 3, 0);
	assert_log(f->b, "gratitude", "ana",
	    "2026-01-01T00:00:01Z\tana\tthanks\tben\tone\n"
	    "2026-01-01T00:00:02Z\tana\tthanks\tben\ttwo\n"
	    "2026-01-01T00:00:03Z\tana\tthanks\tben\tthree\n");
	export_to(&f->sb, &again);
	assert_string_equal(again.p, out.p);
	buf_free(&out);
	buf_free(&again);
}

#define J(t, who, text) "{\"tool\":\"gratitude\",\"author\":\"" who "\"," \
	"\"time\":\"" t "\",\"kind\":\"thanks\",\"fields\":[\"x\",\"" \
	text "\"]}\n"
#define L(t, who, text) t "\t" who "\tthanks\tx\t" text "\n"

/*
 * New records go after what the log holds, sorted by time, ties in
 * input order; what is there already is skipped, and nothing moves.
 */
static void
test_time_order(void **state)
{
	struct fixture *f = *state;

	put_log(f->b, "gratitude", "ana",
	    L("2026-01-01T00:00:05Z", "ana", "five")
	    L("2026-01-01T00:00:02Z", "ana", "two"));
	import_ok(&f->sb,
	    J("2026-01-01T00:00:07Z", "ana", "seven")
	    J("2026-01-01T00:00:02Z", "ana", "two")
	    J("2026-01-01T00:00:03Z", "ana", "three b")
	    J("2026-01-01T00:00:01Z", "ana", "one")
	    J("2026-01-01T00:00:03Z", "ana", "three a")
	    J("2026-01-01T00:00:06Z", "ben", "six"), 5, 1);
	assert_log(f->b, "gratitude", "ana",
	    L("2026-01-01T00:00:05Z", "ana", "five")
	    L("2026-01-01T00:00:02Z", "ana", "two")
	    L("2026-01-01T00:00:01Z", "ana", "one")
	    L("2026-01-01T00:00:03Z", "ana", "three b")
	    L("2026-01-01T00:00:03Z", "ana", "three a")
	    L("2026-01-01T00:00:07Z", "ana", "seven"));
	assert_log(f->b, "gratitude", "ben",
	    L("2026-01-01T00:00:06Z", "ben", "six"));
}

/*
 * Repeats in the input, however they are spelled in JSON (escapes, key
 * order, white space, CRLF), are one record.
 */
static void
test_repeats(void **state)
{
	struct fixture *f = *state;

	import_ok(&f->sb,
	    J("2026-01-01T00:00:01Z", "ana", "a\\tb")
	    "{ \"fields\" : [ \"x\" , \"a\\u0009b\" ] , \"kind\":\"thanks\","
	    "\"time\":\"2026-01-01T00:00:01Z\", \"author\":\"\\u0061na\","
	    "\"tool\":\"gratitude\" }\r\n"
	    J("2026-01-01T00:00:01Z", "ana", "a\\tb")
	    J("2026-01-01T00:00:01Z", "ana", "a\\\\tb"), 2, 2);
	assert_log(f->b, "gratitude", "ana",
	    L("2026-01-01T00:00:01Z", "ana", "a\\tb")
	    L("2026-01-01T00:00:01Z", "ana", "a\\\\tb"));
}

/* Every JSON escape, surrogate pairs, and a last line without LF. */
static void
test_escapes(void **state)
{
	struct fixture *f = *state;
	const char *in =
	    "{\"tool\":\"gratitude\",\"author\":\"ana\","
	    "\"time\":\"2026-01-01T00:00:01Z\",\"kind\":\"thanks\","
	    "\"fields\":[\"\\\"q\\\" \\/ \\b\\f\\n\\r\\t \\u00e9\\u00E9 "
	    "\\ud83d\\udc9B \\u2028\",\"\"]}";

	import_ok(&f->sb, in, 1, 0);
	assert_log(f->b, "gratitude", "ana",
	    "2026-01-01T00:00:01Z\tana\tthanks\t\"q\" / \b\f\\n\\r\\t "
	    "\xc3\xa9\xc3\xa9 \xf0\x9f\x92\x9b \xe2\x80\xa8\t\n");
}

/* A record of exactly RECORD_MAX bytes passes; one more does not. */
static void
test_longest(void **state)
{
	struct fixture *f = *state;
	const char *head = "{\"tool\":\"gratitude\",\"author\":\"ana\","
	    "\"time\":\"2026-01-01T00:00:01Z\",\"kind\":\"thanks\","
	    "\"fields\":[\"x\",\"";
	/* 2026-01-01T00:00:01Z TAB ana TAB thanks TAB x TAB text LF */
	size_t fixed = 20 + 1 + 3 + 1 + 6 + 1 + 1 + 1 + 1;
	size_t n = RECORD_MAX - fixed;
	struct buf in = BUF_INIT;
	struct herr e;
	size_t added, skipped;
	char *log;

	buf_adds(&in, head);
	for (size_t i = 0; i < n; i++)
		buf_addc(&in, 'a');
	buf_adds(&in, "\"]}\n");
	buf_nul(&in);
	import_ok(&f->sb, in.p, 1, 0);
	log = get_log(f->b, "gratitude", "ana");
	assert_int_equal(strlen(log), RECORD_MAX);
	free(log);

	/* A byte more, or an escape that doubles a byte, is too long. */
	buf_reset(&in);
	buf_adds(&in, head);
	for (size_t i = 0; i + 1 < n; i++)
		buf_addc(&in, 'b');
	buf_adds(&in, "\\\\\"]}\n");
	assert_int_equal(import_buf(&f->sb, "in", in.p, in.len, &added,
	    &skipped, &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, "in:1: record longer than 4096 bytes");
	buf_free(&in);
}

#define GOOD(n)	"{\"tool\":\"gratitude\",\"author\":\"ana\"," \
	"\"time\":\"2026-01-01T00:00:0" #n "Z\",\"kind\":\"thanks\"," \
	"\"fields\":[\"ben\",\"ok\"]}\n"
#define OBJ(tool, author, time, kind, fields) "{\"tool\":" tool \
	",\"author\":" author ",\"time\":" time ",\"kind\":" kind \
	",\"fields\":" fields "}"
#define T	"\"gratitude\""
#define A	"\"ana\""
#define TS	"\"2026-01-01T00:00:09Z\""
#define K	"\"thanks\""
#define F	"[\"ben\",\"ok\"]"

static const struct {
	const char	*line;
	const char	*why;
} bad[] = {
	{ "", "empty line" },
	{ "not json", "not a JSON object" },
	{ "[1]", "not a JSON object" },
	{ "\xef\xbb\xbf" OBJ(T, A, TS, K, F), "not a JSON object" },
	{ "{\"tool\":\"gratitude\",\"tool\":\"gratitude\"}",
	    "duplicate key 'tool'" },
	{ "{\"tool\":\"gratitude\",\"extra\":1}", "unknown key 'extra'" },
	{ "{\"tool\":\"gratitude\",\"author\":\"ana\","
	    "\"time\":\"2026-01-01T00:00:09Z\",\"kind\":\"thanks\"}",
	    "missing key 'fields'" },
	{ "{}", "missing key 'tool'" },
	{ OBJ(T, A, TS, K, F) " x", "trailing data after the object" },
	{ OBJ(T, A, TS, K, F) ",", "trailing data after the object" },
	{ "{\"tool\":\"gratitude\" \"author\":\"ana\"}",
	    "expected ',' or '}'" },
	{ "{\"tool\" \"gratitude\"}", "expected ':'" },
	{ "{\"tool\":\"gratitude\",}", "expected a string" },
	{ "{\"tool\":\"gratitude\"", "expected ',' or '}'" },
	{ "{\"tool\":\"gratitude", "unterminated string" },
	{ OBJ("\"nope\"", A, TS, K, F), "unknown tool 'nope'" },
	{ OBJ("\"gratitude/../x\"", A, TS, K, F),
	    "unknown tool 'gratitude/../x'" },
	{ OBJ("1", A, TS, K, F), "'tool' is not a string" },
	{ OBJ("null", A, TS, K, F), "'tool' is not a string" },
	{ OBJ(T, "{}", TS, K, F), "'author' is not a string" },
	{ OBJ(T, A, "true", K, F), "'time' is not a string" },
	{ OBJ(T, A, TS, "[]", F), "'kind' is not a string" },
	{ OBJ(T, A, TS, "\"hug\"", F),
	    "unknown kind of record 'hug' for gratitude" },
	{ OBJ(T, A, TS, "\"shown\"", F),
	    "unknown kind of record 'shown' for gratitude" },
	{ OBJ(T, A, TS, K, "[\"ben\"]"), "thanks of gratitude has 2 fields, "
	    "not 1" },
	{ OBJ(T, A, TS, K, "[\"a\",\"b\",\"c\"]"),
	    "thanks of gratitude has 2 fields, not 3" },
	{ OBJ(T, A, TS, K, "[]"), "thanks of gratitude has 2 fields, not 0" },
	{ OBJ(T, A, TS, K, "\"ben ok\""),
	    "'fields' is not an array of strings" },
	{ OBJ(T, A, TS, K, "[\"ben\",2]"),
	    "'fields' is not an array of strings" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"ok\""),
	    "'fields' is not an array of strings" },
	{ OBJ(T, A, TS, K, "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\","
	    "\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\"]"), "too many fields" },
	{ OBJ(T, "\"Ana\"", TS, K, F), "bad author name 'Ana'" },
	{ OBJ(T, "\"..\"", TS, K, F), "bad author name '..'" },
	{ OBJ(T, "\"\"", TS, K, F), "bad author name ''" },
	{ OBJ(T, "\"a\\tb\"", TS, K, F), "bad author name 'a\\tb'" },
	{ OBJ(T, "\"abcdefghijabcdefghijabcdefghijabc\"", TS, K, F),
	    "bad author name" },
	{ OBJ(T, A, "\"2026-02-30T00:00:00Z\"", K, F),
	    "impossible date '2026-02-30T00:00:00Z'" },
	{ OBJ(T, A, "\"2026-01-01 00:00:00Z\"", K, F),
	    "bad timestamp '2026-01-01 00:00:00Z'" },
	{ OBJ(T, A, "\"2026-01-01T00:00:00Z\\tx\"", K, F),
	    "bad timestamp '2026-01-01T00:00:00Z\\tx'" },
	{ OBJ(T, A, "\"2026-01-01T00:00:00.0000000000000000000000Z\"", K, F),
	    "bad timestamp" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\ud800\"]"),
	    "lone surrogate in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\udc00\\ud800\"]"),
	    "lone surrogate in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\ud800\\u0041\"]"),
	    "lone surrogate in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\u0000\"]"), "NUL in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\u12\"]"), "bad \\u escape" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\u12g4\"]"), "bad \\u escape" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\x41\"]"), "bad escape in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\\'\"]"), "bad escape in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"a\tb\"]"),
	    "control character in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"a\x01" "b\"]"),
	    "control character in a string" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\xff\"]"), "invalid UTF-8" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\xc0\xaf\"]"), "invalid UTF-8" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\xed\xa0\x80\"]"), "invalid UTF-8" },
	{ OBJ(T, A, TS, K, "[\"ben\",\"\xe2\x82\"]"), "invalid UTF-8" },
};

/*
 * Each malformed line, first, in the middle or last of a file of good
 * ones: the file stores nothing, and the message names file and line.
 */
static void
test_malformed(void **state)
{
	struct fixture *f = *state;
	struct buf in = BUF_INIT, want = BUF_INIT;
	struct herr e;
	size_t i, at, added, skipped, line;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (at = 0; at < 3; at++) {
			buf_reset(&in);
			if (at > 0)
				buf_adds(&in, GOOD(1) GOOD(2));
			buf_adds(&in, bad[i].line);
			buf_addc(&in, '\n');
			if (at < 2)
				buf_adds(&in, GOOD(3) GOOD(4));
			line = at > 0 ? 3 : 1;
			buf_reset(&want);
			buf_printf(&want, "dir/x.jsonl:%zu: %s", line,
			    bad[i].why);
			buf_nul(&want);
			added = skipped = 7;
			memset(&e, 0, sizeof(e));
			if (import_buf(&f->sb, "dir/x.jsonl", in.p, in.len,
			    &added, &skipped, &e) != -1)
				fail_msg("accepted: %s", bad[i].line);
			assert_int_equal(e.code, HX_DATAERR);
			assert_string_equal(e.msg, want.p);
			assert_int_equal(added, 0);
			assert_int_equal(skipped, 0);
			assert_int_equal(entries(f->b), 0);
		}
	buf_free(&in);
	buf_free(&want);
}

struct warns {
	struct buf	b;
	size_t		n;
};

static void
warned(void *arg, const char *file, size_t line, const char *why)
{
	struct warns *w = arg;

	buf_printf(&w->b, "%s:%zu: %s\n", file, line, why);
	w->n++;
}

/* Several malformed lines: import_check names each; import the first. */
static void
test_check_all(void **state)
{
	struct fixture *f = *state;
	const char *in = GOOD(1) "x\n" GOOD(2) "\n" GOOD(3)
	    OBJ(T, A, TS, "\"hug\"", F) "\n";
	struct warns w = { BUF_INIT, 0 };
	struct herr e;
	size_t added, skipped;

	assert_int_equal(import_check("-", in, strlen(in), warned, &w), 3);
	buf_nul(&w.b);
	assert_string_equal(w.b.p,
	    "-:2: not a JSON object\n"
	    "-:4: empty line\n"
	    "-:6: unknown kind of record 'hug' for gratitude\n");
	assert_int_equal(import_check("-", GOOD(1), strlen(GOOD(1)), NULL,
	    NULL), 0);
	assert_int_equal(import_buf(&f->sb, "-", in, strlen(in), &added,
	    &skipped, &e), -1);
	assert_string_equal(e.msg,
	    "-:2: not a JSON object (and 2 more malformed lines)");
	assert_int_equal(entries(f->b), 0);
	buf_free(&w.b);
}

/* One line: the record it gives, and where its author stands. */
static void
test_parse_one(void **state)
{
	struct import_rec r = IMPORT_REC_INIT;
	char why[IMPORT_WHY_MAX];
	const char *cr = OBJ(T, A, TS, K, "[\"ben\",\"\\r\"]");

	(void)state;
	/* A CR is stored escaped, so the reader takes it. */
	assert_int_equal(import_parse(&r, cr, strlen(cr), why), 0);
	assert_int_equal(r.line.len, strlen("2026-01-01T00:00:09Z\tana\t"
	    "thanks\tben\t\\r\n"));
	assert_memory_equal(r.line.p, "2026-01-01T00:00:09Z\tana\tthanks\t"
	    "ben\t\\r\n", r.line.len);
	assert_ptr_equal(r.tool, registry_by_dir("gratitude"));
	assert_int_equal(r.aoff, 21);
	assert_int_equal(r.alen, 3);
	assert_int_equal(r.when.sec, 1767225609);
	import_rec_free(&r);
}

/*
 * A kind's own checks, where the registry has them (ask's prompt id):
 * import refuses exactly what the reader would, for the same reason.
 */
static void
test_reader_checks(void **state)
{
	static const char *const ids[] = { ID, "nothex", "0123456789ABCDEF",
	    "" };
	struct import_rec r = IMPORT_REC_INIT;
	struct buf in = BUF_INIT, rec = BUF_INIT;
	struct record parsed;
	char why[IMPORT_WHY_MAX];
	const char *w;
	size_t i;
	int want;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		buf_reset(&in);
		buf_printf(&in, "{\"tool\":\"ask\",\"author\":\"ana\","
		    "\"time\":\"2026-01-01T00:00:09Z\",\"kind\":\"answer\","
		    "\"fields\":[\"%s\",\"yes\"]}", ids[i]);
		buf_reset(&rec);
		buf_printf(&rec, "2026-01-01T00:00:09Z\tana\tanswer\t%s\tyes",
		    ids[i]);
		want = record_parse(&parsed, rec.p, rec.len,
		    registry_kinds("ask"), &w);
		assert_int_equal(import_parse(&r, in.p, in.len, why), want);
		if (want == -1)
			assert_string_equal(why, w);
	}
	/* The well-formed id is taken whatever the registry checks. */
	buf_reset(&in);
	buf_printf(&in, "{\"tool\":\"ask\",\"author\":\"ana\","
	    "\"time\":\"2026-01-01T00:00:09Z\",\"kind\":\"answer\","
	    "\"fields\":[\"%s\",\"yes\"]}", ID);
	assert_int_equal(import_parse(&r, in.p, in.len, why), 0);
	import_rec_free(&r);
	buf_free(&in);
	buf_free(&rec);
}

static void
test_import_fd(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct herr e;
	size_t added, skipped;
	int fd;

	snprintf(path, sizeof(path), "%s/in.jsonl", f->dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, GOOD(1) GOOD(2), strlen(GOOD(1) GOOD(2))),
	    (ssize_t)strlen(GOOD(1) GOOD(2)));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(import_fd(&f->sb, path, fd, NULL, NULL, &added, &skipped,
	    &e), 0);
	assert_int_equal(added, 2);
	assert_int_equal(skipped, 0);
	close(fd);
	assert_log(f->b, "gratitude", "ana",
	    "2026-01-01T00:00:01Z\tana\tthanks\tben\tok\n"
	    "2026-01-01T00:00:02Z\tana\tthanks\tben\tok\n");
	/* An empty input imports nothing and is no error. */
	fd = open("/dev/null", O_RDONLY);
	assert_int_equal(import_fd(&f->sb, "-", fd, NULL, NULL, &added, &skipped,
	    &e), 0);
	assert_int_equal(added + skipped, 0);
	close(fd);
	/* With warn: every malformed line, then how many. */
	{
		struct warns w = { BUF_INIT, 0 };
		int p[2];

		assert_int_equal(pipe(p), 0);
		assert_int_equal(write(p[1], "x\n" GOOD(5) "{}\n", 2 +
		    strlen(GOOD(5)) + 3), (ssize_t)(5 + strlen(GOOD(5))));
		close(p[1]);
		assert_int_equal(import_fd(&f->sb, "-", p[0], warned, &w,
		    &added, &skipped, &e), -1);
		close(p[0]);
		assert_int_equal(e.code, HX_DATAERR);
		assert_string_equal(e.msg,
		    "-: 2 malformed lines; nothing imported");
		buf_nul(&w.b);
		assert_string_equal(w.b.p, "-:1: not a JSON object\n"
		    "-:3: missing key 'tool'\n");
		buf_free(&w.b);
	}
	/* A directory cannot be read. */
	fd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_int_equal(import_fd(&f->sb, "d", fd, NULL, NULL, &added, &skipped,
	    &e), -1);
	assert_int_equal(e.code, HX_IOERR);
	close(fd);
}

/* An unterminated tail is moved aside first: never glued to a record. */
static void
test_torn_tail(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct stat sb;

	put_log(f->b, "gratitude", "ana",
	    L("2026-01-01T00:00:01Z", "ana", "one")
	    "2026-01-01T00:00:02Z\tana\tthan");
	import_ok(&f->sb, GOOD(3), 1, 0);
	assert_log(f->b, "gratitude", "ana",
	    L("2026-01-01T00:00:01Z", "ana", "one")
	    "2026-01-01T00:00:03Z\tana\tthanks\tben\tok\n");
	snprintf(path, sizeof(path), "%s/gratitude/ana.log.torn", f->b);
	assert_int_equal(stat(path, &sb), 0);
}

/*
 * A folder whose lock is held: the folders before it are imported, the
 * rest are not (HX_TEMPFAIL), and the same import again finishes.
 */
static void
test_lock_held(void **state)
{
	struct fixture *f = *state;
	const char *in = GOOD(1)
	    "{\"tool\":\"ask\",\"author\":\"ben\","
	    "\"time\":\"2026-01-01T00:00:01Z\",\"kind\":\"answer\","
	    "\"fields\":[\"" ID "\",\"yes\"]}\n";
	struct herr e;
	size_t added, skipped;
	char *log;
	int fd;

	setenv("HEARTH_LOCK_TIMEOUT", "0.2", 1);
	assert_true((fd = store_lock(&f->sb, "gratitude", &e)) != -1);
	assert_int_equal(import_buf(&f->sb, "in", in, strlen(in), &added,
	    &skipped, &e), -1);
	assert_int_equal(e.code, HX_TEMPFAIL);
	assert_int_equal(added, 1);
	assert_int_equal(skipped, 0);
	assert_null(log = get_log(f->b, "gratitude", "ana"));
	store_unlock(fd);
	unsetenv("HEARTH_LOCK_TIMEOUT");
	import_ok(&f->sb, in, 1, 1);
	assert_log(f->b, "gratitude", "ana",
	    "2026-01-01T00:00:01Z\tana\tthanks\tben\tok\n");
	assert_log(f->b, "ask", "ben",
	    "2026-01-01T00:00:01Z\tben\tanswer\t" ID "\tyes\n");
}

/* Malformed lines of the store are skipped and reported, not exported. */
static void
test_export_warns(void **state)
{
	struct fixture *f = *state;
	struct warns w = { BUF_INIT, 0 };
	struct buf out = BUF_INIT;
	struct herr e;
	const char *base;

	put_log(f->a, "gratitude", "ana",
	    L("2026-01-01T00:00:01Z", "ana", "one")
	    "garbage\n"
	    L("2026-01-01T00:00:02Z", "ben", "not ana's"));
	assert_int_equal(export_store_warn(&f->sa, emit_buf, &out, warned, &w,
	    &e), 0);
	buf_nul(&out);
	assert_string_equal(out.p, J("2026-01-01T00:00:01Z", "ana", "one"));
	assert_int_equal(w.n, 2);
	buf_nul(&w.b);
	base = strstr(w.b.p, "gratitude/ana.log:2: ");
	assert_non_null(base);
	assert_non_null(strstr(w.b.p, "gratitude/ana.log:3: "));
	buf_free(&w.b);
	buf_free(&out);
}

static int
emit_fail(void *arg, const char *line, size_t len)
{
	size_t *n = arg;

	if ((*n)++ == 1) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}

static void
test_export_emit_error(void **state)
{
	struct fixture *f = *state;
	struct herr e;
	size_t n = 0;

	fill(f->a);
	assert_int_equal(export_store(&f->sa, emit_fail, &n, &e), -1);
	assert_int_equal(e.code, HX_IOERR);
	assert_int_equal(n, 2);
	assert_non_null(strstr(e.msg, "output: "));
}

/* An empty store exports nothing. */
static void
test_export_empty(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;

	export_to(&f->sb, &out);
	assert_string_equal(out.p, "");
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_repeats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_longest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_check_all, setup,
		    teardown),
		cmocka_unit_test(test_parse_one),
		cmocka_unit_test(test_reader_checks),
		cmocka_unit_test_setup_teardown(test_import_fd, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock_held, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_warns, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_emit_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_empty, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
