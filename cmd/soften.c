/*
 * soften: a linter for a message you are about to send or say.
 *
 * It reads text (-e TEXT, files, or standard input) and reports each
 * harsh phrase as FILE:LINE:COL: CATEGORY: "PHRASE"; try: SUGGESTION, or
 * as JSON Lines, and exits 1 when it found one, as linters do.  The
 * deciding is common/soften.c's: the built-in rules are compiled into the
 * binary, and <store>/rules/NAME.rules add to them or disable them.
 *
 * soften stores nothing and sends nothing: input is streamed through a
 * fixed buffer with read(2), a sentence at a time, and forgotten.  The
 * store is only opened to read the user's rules.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "herr.h"
#include "json.h"
#include "soften.h"
#include "store.h"
#include "tool.h"

#define READ_SIZE	(128 * 1024)

/* Option flags. */
static int	 jflag;		/* --json */
static int	 qflag;		/* -q: nothing printed, the status alone */

enum {
	OPT_CHECK = 256,
	OPT_EXPLAIN,
	OPT_JSON,
	OPT_LIST
};

static const char usage_text[] =
    "usage: soften [-q] [--json] [-e TEXT]... [FILE...]\n"
    "       soften --check FILE...\n"
    "       soften --explain CATEGORY\n"
    "       soften --list [--json]\n";

static const struct option longopts[] = {
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* What each category is, for --explain: plain words, and an example. */
static const char *const explanations[] = {
	"criticism: an attack on who someone is, where a complaint would be\n"
	"about one thing they did.  \"You always\", \"you never\" and words\n"
	"for a person's character (selfish, lazy, hopeless) turn a moment\n"
	"into a verdict, and a verdict can only be fought, not fixed.\n"
	"\n"
	"Instead, name the one thing, say how it felt, and ask for what you\n"
	"need: what happened, not what kind of person did it.\n"
	"\n"
	"  harsh:  You never think about anyone but yourself.\n"
	"  softer: I felt left out when you booked the weekend without me.\n"
	"          I'd like us to decide plans like that together.\n",

	"contempt: speaking from above: insults, names, mockery, sarcasm,\n"
	"a sneer or a roll of the eyes.  It tells the other person they are\n"
	"beneath you, and of all the harsh ways to speak it does the most\n"
	"damage, because it leaves nothing to answer but hurt.\n"
	"\n"
	"Instead, say what you feel and what you want, as an equal, and\n"
	"remember what you value in them; if you are too angry for that,\n"
	"take a break first.\n"
	"\n"
	"  harsh:  Oh well done, you managed to burn toast.\n"
	"  softer: I'm tired and hungry and the burnt smell got to me.\n"
	"          Can we start again with breakfast?\n",

	"defensiveness: protecting yourself instead of hearing the other\n"
	"person: an excuse, a counter-attack (\"what about you?\"), \"yes,\n"
	"but\", or the innocent victim (\"I can never do anything right\").\n"
	"It says that the problem is theirs, so nothing changes.\n"
	"\n"
	"Instead, find the part that is yours, even a small one, and say\n"
	"it: taking some responsibility lets both of you look at the rest.\n"
	"\n"
	"  harsh:  It's not my fault, you didn't remind me.\n"
	"  softer: I forgot, and I'm sorry.  I'll put it in my calendar.\n",

	"stonewalling: shutting down: \"whatever\", \"fine.\", \"I'm done\",\n"
	"leaving the room without a word, going quiet behind a screen.  It\n"
	"often comes from feeling flooded, but to the other person it looks\n"
	"like not caring at all.\n"
	"\n"
	"Instead, say that you need a break, for how long, and that you will\n"
	"come back: twenty minutes doing something calming helps more than\n"
	"an hour of silence.\n"
	"\n"
	"  harsh:  Whatever.  I'm done talking.\n"
	"  softer: I'm too wound up to talk well.  Can we take twenty minutes\n"
	"          and try again after?\n",
};

/* One input being read: its name for messages, and what was found. */
struct run {
	const char	*name;
	size_t		 line0;		/* lines before this text (-e) */
	size_t		 found;
	struct buf	 out;
};

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

static int
print_json(struct run *r, const struct soften_finding *f)
{
	return json_open(&r->out) == -1 ||
	    json_kv_strz(&r->out, "file", r->name) == -1 ||
	    json_kv_int(&r->out, "line", (int64_t)(r->line0 + f->line)) ==
	    -1 ||
	    json_kv_int(&r->out, "col", (int64_t)f->col) == -1 ||
	    json_kv_strz(&r->out, "category", soften_cat_name(f->cat)) ==
	    -1 ||
	    json_kv_str(&r->out, "phrase", f->phrase, f->phrase_len) == -1 ||
	    json_kv_str(&r->out, "suggestion", f->suggestion,
	    f->suggestion_len) == -1 ||
	    json_kv_strz(&r->out, "rule", f->rule) == -1 ||
	    json_close(&r->out) == -1 ? -1 : 0;
}

static int
found(void *arg, const struct soften_finding *f)
{
	struct run *r = arg;

	r->found++;
	if (qflag)
		return 1;	/* one is enough to know */
	buf_reset(&r->out);
	if (jflag)
		xcheck(print_json(r, f));
	else
		xcheck(buf_printf(&r->out, "%s:%zu:%zu: %s: \"%s\"; try: %s\n",
		    tool_safez(r->name), r->line0 + f->line, f->col,
		    soften_cat_name(f->cat), tool_safe(f->phrase,
		    f->phrase_len), tool_safe(f->suggestion,
		    f->suggestion_len)));
	fwrite(r->out.p, 1, r->out.len, stdout);
	return 0;
}

static struct soften_scan *
scan_new(const struct soften_rules *rs, struct run *r)
{
	struct soften_scan *sc;

	if ((sc = soften_scan_new(rs, found, r)) == NULL)
		xcheck(-1);
	return sc;
}

/*
 * Lint the file at path ("-": standard input), a buffer at a time.
 * Returns 0, or the status of its failure (already told).
 */
static int
lint_file(const struct soften_rules *rs, struct run *r, const char *path)
{
	static char buf[READ_SIZE];
	struct soften_scan *sc;
	ssize_t n;
	int fd = STDIN_FILENO, rv = 0;

	r->name = path;
	if (strcmp(path, "-") != 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		tool_warn("%s", path);
		return errno == ENOENT ? HX_NOINPUT : HX_IOERR;
	}
	sc = scan_new(rs, r);
	while (rv == 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			tool_warn("%s", path);
			rv = HX_IOERR;
			break;
		}
		rv = soften_scan_feed(sc, buf, (size_t)n);
	}
	if (rv == 0)
		rv = soften_scan_end(sc);
	if (rv == -1)
		xcheck(-1);
	soften_scan_free(sc);
	if (fd != STDIN_FILENO)
		close(fd);
	return rv == HX_IOERR ? rv : 0;
}

/*
 * The -e texts, as the input named "-e": each is read on its own, and
 * the lines are counted on from one text to the next.
 */
static void
lint_texts(const struct soften_rules *rs, struct run *r, char **texts,
    int ntexts)
{
	const char *p;
	int i;

	r->name = "-e";
	for (i = 0; i < ntexts && !(qflag && r->found > 0); i++) {
		if (soften_text(rs, texts[i], strlen(texts[i]), found, r) == -1)
			xcheck(-1);
		for (p = texts[i], r->line0++; (p = strchr(p, '\n')) != NULL;
		    p++)
			r->line0++;
	}
	r->line0 = 0;
}

/* A rule file that cannot be used is told and skipped (then exit 65). */
static void
rules_warn(void *arg, const struct herr *e)
{
	tool_warnx("%s", e->msg);
	tool_bad_data();
}

/* The built-in rules, then those of <store>/rules. */
static void
load_rules(struct soften_rules *rs)
{
	char dir[PATH_MAX];
	struct store st;
	struct herr e;
	int n = 0;

	if (soften_load_builtin(rs, &e) == -1)
		tool_die(&e);
	if (!tool_store(&st, 0))
		return;
	if (snprintf(dir, sizeof(dir), "%s/rules", st.path) <
	    (int)sizeof(dir) &&
	    (n = soften_load_dir(rs, dir, rules_warn, NULL, &e)) == -1)
		tool_die(&e);
	store_close(&st);
	if (n > 0 && soften_compile(rs, &e) == -1)
		tool_die(&e);
}

static int
lint(int argc, char **argv, char **texts, int ntexts)
{
	struct soften_rules rs;
	struct run r = { NULL, 0, 0, BUF_INIT };
	int i, st, status = 0;

	if (argc == 0 && ntexts == 0 && isatty(STDIN_FILENO))
		tool_errx(HX_USAGE, "no text: give -e TEXT or a FILE, or pipe "
		    "the text in");
	memset(&rs, 0, sizeof(rs));
	load_rules(&rs);
	if (ntexts > 0)
		lint_texts(&rs, &r, texts, ntexts);
	for (i = 0; i < argc && !(qflag && r.found > 0); i++)
		if ((st = lint_file(&rs, &r, argv[i])) != 0 &&
		    (status == 0 || st == HX_IOERR))
			status = st;
	if (argc == 0 && ntexts == 0 &&
	    (st = lint_file(&rs, &r, "-")) != 0)
		status = st;
	buf_free(&r.out);
	soften_free(&rs);
	return tool_finish(status != 0 ? status : r.found > 0 ? HX_NO : 0);
}

/* --check: each file parsed on top of the built-in rules. */
static int
check(int argc, char **argv)
{
	struct soften_rules rs;
	struct herr e;
	size_t before, after, classes, words;
	int i, status = 0;

	if (argc == 0)
		tool_errx(HX_USAGE, "--check: no file given");
	memset(&rs, 0, sizeof(rs));
	if (soften_load_builtin(&rs, &e) == -1)
		tool_die(&e);
	for (i = 0; i < argc; i++) {
		soften_counts(&rs, &before, &classes, &words);
		if (soften_load_file(&rs, argv[i], &e) == -1) {
			tool_warnx("%s", e.msg);
			status = e.code;
			continue;
		}
		soften_counts(&rs, &after, &classes, &words);
		printf("%s: ok, %zu rule%s in use (%+ld)\n", tool_safez(argv[i]),
		    after, after == 1 ? "" : "s", (long)after - (long)before);
	}
	if (soften_compile(&rs, &e) == -1)
		tool_die(&e);
	soften_free(&rs);
	return tool_finish(status);
}

static int
explain(const char *name)
{
	int cat = soften_cat_parse(name);

	if (cat < 0 || cat == SOFTEN_FRAME)
		tool_errx(HX_USAGE, "unknown category '%s' (criticism, contempt, "
		    "defensiveness or stonewalling)", name);
	fputs(explanations[cat], stdout);
	return tool_finish(0);
}

/* --list: the rules in use, ID TAB CATEGORY TAB PATTERN (the first). */
static int
list(void)
{
	struct soften_rules rs;
	const struct sf_rule *r;
	struct buf out = BUF_INIT;
	char pat[1024];
	size_t i, m;

	memset(&rs, 0, sizeof(rs));
	load_rules(&rs);
	for (i = 0; i < soften_nrules(&rs); i++) {
		r = soften_rule(&rs, i);
		if (r->off)
			continue;
		buf_reset(&out);
		if (!jflag) {
			soften_pattern_text(&rs, soften_match(&rs, r, 0), pat,
			    sizeof(pat));
			xcheck(buf_printf(&out, "%s\t%s\t%s\n", soften_str(&rs,
			    r->id), soften_cat_name(r->cat), tool_safez(pat)));
			fwrite(out.p, 1, out.len, stdout);
			continue;
		}
		xcheck(json_open(&out));
		xcheck(json_kv_strz(&out, "rule", soften_str(&rs, r->id)));
		xcheck(json_kv_strz(&out, "category", soften_cat_name(r->cat)));
		xcheck(buf_adds(&out, ",\"match\":["));
		for (m = 0; m < r->mn; m++) {
			soften_pattern_text(&rs, soften_match(&rs, r, m), pat,
			    sizeof(pat));
			xcheck(buf_adds(&out, m ? "," : ""));
			xcheck(json_str(&out, pat, strlen(pat)));
		}
		xcheck(buf_adds(&out, "]"));
		xcheck(json_kv_strz(&out, "source", soften_str(&rs,
		    r->source)));
		xcheck(json_kv_int(&out, "line", r->line));
		xcheck(json_close(&out));
		fwrite(out.p, 1, out.len, stdout);
	}
	buf_free(&out);
	soften_free(&rs);
	return tool_finish(0);
}

int
main(int argc, char *argv[])
{
	static char name[] = "soften";
	char **texts = NULL;
	const char *topic = NULL;
	int ch, mode = 0, ntexts = 0, rv;

	cli_setup();
	argv[0] = name;		/* getopt's messages name the tool */
	while ((ch = tool_getopt(argc, argv, "e:hqV", longopts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'e':
			texts = xreallocarray(texts, (size_t)ntexts + 1,
			    sizeof(*texts));
			texts[ntexts++] = optarg;
			break;
		case 'q':
			qflag = 1;
			break;
		case 'V':
			printf("soften %s\n", HEARTH_VERSION);
			return tool_finish(0);
		case OPT_JSON:
			jflag = 1;
			break;
		case OPT_EXPLAIN:
			topic = optarg;
			/* FALLTHROUGH */
		case OPT_CHECK:
		case OPT_LIST:
			if (mode != 0 && mode != ch)
				usage();
			mode = ch;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (mode != 0 && (ntexts > 0 || qflag ||
	    (jflag && mode != OPT_LIST) || (mode != OPT_CHECK && argc > 0)))
		usage();
	if (mode == OPT_CHECK)
		rv = check(argc, argv);
	else if (mode == OPT_EXPLAIN)
		rv = explain(topic);
	else if (mode == OPT_LIST)
		rv = list();
	else
		rv = lint(argc, argv, texts, ntexts);
	free(texts);
	return rv;
}
