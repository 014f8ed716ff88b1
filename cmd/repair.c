/*
 * repair: guided repair after a fight, and what was learned.
 *
 * A repair is what two people write once they are calm again: what each
 * felt, what happened as each lived it and what the other heard of it,
 * the old hurts it touched, each one's part and apology, and one thing
 * each will do differently next time.  Each partner appends to their
 * own log, <store>/repair/<author>.log (the records are in repair.h);
 * the repair's id is the record id of its open record, so two machines
 * join the parts of one repair without talking to each other.  The
 * rules (what counts, the reveal rule, what waits for whom, the turns
 * of a guided repair, the old hurts and how often they came back, the
 * document format) are common/repair.c's; what is here is the rest: the
 * terminal, the draft, the listings and the words people read.
 *
 * On a terminal, repair guides the two of them (or one, alone) turn by
 * turn, on /dev/tty in non-canonical mode, so that Esc is seen the
 * moment it is pressed.  The answers so far are a draft, a document in
 * the state folder written whole after every answer (a temp file,
 * fsync, rename, fsync of the folder), so a crash or a closed terminal
 * loses at most the line being typed; the next run goes on from it.
 * Esc twice leaves, throws the draft away and stores nothing.  Nothing
 * reaches the store until a stage ends: then every record of it goes in
 * one append, the open record first, its id computed under the lock.
 *
 * Without a terminal, the same steps come from options or from a
 * document (-f FILE, or standard input).  Everything printed from the
 * store goes through tool_safe.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "herr.h"
#include "io.h"
#include "json.h"
#include "paths.h"
#include "record.h"
#include "repair.h"
#include "store.h"
#include "text.h"
#include "tool.h"
#include "tty.h"

#define TOOL		REPAIR_DIR
#define TYPED_MAX	1900	/* bytes typed in one answer: a record's worth */
#define ESC_WAIT_MS	50	/* what follows Esc in a key's sequence */
#define HURTS_SHOWN	12	/* names of old hurts offered */
#define PEOPLE_MAX	8

/* Option flags; the signal flags are in tty.c. */
static int	 jflag;		/* --json */

struct ctx {
	struct identity	 id;
	struct store	 st;
	int		 have_store;
	struct hmoment	 now;
	struct repair_set set;
	int		 loaded;
};

/* What each step is called, and what a person is told of it. */
static const struct {
	const char	*label;		/* in show */
	const char	*explain;	/* before it is asked (%s: the other) */
	const char	*prompt;	/* %s: whose turn it is */
} steps[REPAIR_STEPS] = {
	[REPAIR_FELT] = { "felt",
	    "Pick the words for what you felt during the fight, not what "
	    "you feel now; as many as fit.",
	    "%s, what did you feel? Numbers or words, with commas:" },
	[REPAIR_ACCOUNT] = { "account",
	    "Tell what happened as you lived it, from your side: what you "
	    "saw, thought and needed; there is room for two true versions.",
	    "%s, what happened for you?" },
	[REPAIR_HEARD] = { "heard",
	    "Say back in your own words what %s told you, without adding to "
	    "it or answering it.",
	    "%s, what did you hear?" },
	[REPAIR_CONFIRM] = { "confirmed",
	    "If that is what you meant, say so; if something was missed, say "
	    "what, gently.",
	    "%s, is that it? y for yes, or say what was missed:" },
	[REPAIR_HURTS] = { "old hurts",
	    "Say whether this touched something older, from before the two "
	    "of you or from earlier between you.",
	    "%s, which old hurts did it touch? Numbers or names, with "
	    "commas:" },
	[REPAIR_PART] = { "own part",
	    "Name your own share in how it went, however small, without a "
	    "\"but\".",
	    "%s, what was your part?" },
	[REPAIR_APOLOGY] = { "apology",
	    "If you want to, say sorry for your part, plainly and without "
	    "explaining it away; it is fine to leave this.",
	    "%s, your apology:" },
	[REPAIR_NEXT] = { "next time",
	    "Name one thing you will do differently next time, small enough "
	    "that you will really do it.",
	    "%s, next time I will:" },
};

/* tmpl with its "%s" (one at most) made name, into dst. */
static void
fill(char *dst, size_t size, const char *tmpl, const char *name)
{
	const char *at = strstr(tmpl, "%s");

	if (at == NULL)
		snprintf(dst, size, "%s", tmpl);
	else
		snprintf(dst, size, "%.*s%s%s", (int)(at - tmpl), tmpl, name,
		    at + 2);
}

static const char usage_text[] =
	    "usage: repair [-at] [-i ID] [TOPIC...]\n"
	    "       repair [-i ID] -f FILE [TOPIC...]\n"
	    "       repair [-i ID] [--felt WORDS] [--felt-note TEXT] "
	    "[--account TEXT]\n"
	    "              [--heard TEXT] [--confirm yes|TEXT] "
	    "[--hurts NAMES]\n"
	    "              [--hurts-note TEXT] [--part TEXT] "
	    "[--apology TEXT]\n"
	    "              [--next TEXT] [TOPIC...]\n"
	    "       repair list [--json]\n"
	    "       repair show ID\n"
	    "       repair learnings [--hurts] [--json] [PATTERN]\n"
	    "       repair template\n";

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

/* The store's repairs, read once (an empty set when there is no store). */
static void
load(struct ctx *c)
{
	struct herr e;

	if (c->loaded)
		return;
	c->have_store = tool_store(&c->st, 0);
	if (repair_load(&c->set, c->have_store ? &c->st : NULL,
	    tool_warn_line, NULL, &e) == -1)
		tool_die(&e);
	c->loaded = 1;
}

/* Read again, after an append. */
static void
reload(struct ctx *c)
{
	repair_set_free(&c->set);
	if (c->have_store)
		store_close(&c->st);
	c->loaded = 0;
	load(c);
}

/* The repair ID names: dies when none or more than one does. */
static const struct repair *
find(struct ctx *c, const char *id)
{
	const struct repair *r;
	int ambiguous;

	if (!record_id_prefix_valid(id))
		tool_errx(HX_USAGE, "bad id '%s' (give at least %d of the hex "
		    "digits that list shows)", id, RECORD_ID_MIN);
	load(c);
	if ((r = repair_find(&c->set, id, &ambiguous)) != NULL)
		return r;
	if (ambiguous)
		tool_errx(HX_USAGE, "id prefix '%s' is ambiguous", id);
	tool_warnx("no repair '%s'", id);
	exit(tool_finish(HX_NO));
}

static const char *
topic_of(const struct repair *r)
{
	return r->topic[0] != '\0' ? tool_safez(r->topic) : "(no topic)";
}

/* ---- list ---- */

static void
list_json(struct ctx *c, const struct repair *r, const char **who, size_t n)
{
	struct buf out = BUF_INIT;
	size_t lens[PEOPLE_MAX], i;

	for (i = 0; i < n; i++)
		lens[i] = strlen(who[i]);
	xcheck(json_open(&out));
	xcheck(json_kv_strz(&out, "id", r->id));
	xcheck(json_kv_strz(&out, "day", r->day));
	xcheck(json_kv_strz(&out, "by", r->by[0] != '\0' ? r->by : NULL));
	xcheck(json_kv_strz(&out, "topic", r->topic));
	xcheck(json_kv_strv(&out, "parts", who, lens, n));
	xcheck(json_kv_bool(&out, "yours", repair_has_part(r,
	    c->id.author)));
	xcheck(json_kv_bool(&out, "waiting", repair_waiting(r,
	    c->id.author) != 0));
	xcheck(json_close(&out));
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

/* The people of r who have a part of their own, by name. */
static size_t
with_parts(const struct repair *r, const char **who)
{
	const char *all[PEOPLE_MAX];
	size_t i, n, np = 0;

	n = repair_people(r, all, PEOPLE_MAX);
	for (i = 0; i < n; i++)
		if (repair_has_part(r, all[i]))
			who[np++] = all[i];
	return np;
}

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct repair *r;
	const char *who[PEOPLE_MAX];
	size_t i, j, n;

	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'j':
			jflag = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	load(c);
	for (i = 0; i < c->set.n; i++) {
		r = &c->set.v[i];
		n = with_parts(r, who);
		if (jflag) {
			list_json(c, r, who, n);
			continue;
		}
		printf("%.*s\t%s\t", RECORD_ID_SHOW, r->id, r->day);
		for (j = 0; j < n; j++)
			printf("%s%s", j > 0 ? " " : "", tool_safez(who[j]));
		printf("%s\t%s\n", n == 0 ? "-" : "", topic_of(r));
	}
	return tool_finish(0);
}

/* ---- show ---- */

/* Text, a line at a time, each indented and made safe, into b. */
static void
indented(struct buf *b, const char *text, const char *indent)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchrnul(p, '\n');
		xcheck(buf_printf(b, "%s%s\n", indent, tool_safe(p,
		    (size_t)(nl - p))));
		p = *nl != '\0' ? nl + 1 : nl;
	}
}

static void
print_text(const char *text, const char *indent)
{
	struct buf b = BUF_INIT;

	indented(&b, text, indent);
	if (b.len > 0)
		fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
}

/* One step of a block: its label, its words, its text. */
static void
print_step(const struct repair_entry *x, const char *label)
{
	if (x->step == REPAIR_CONFIRM) {
		printf("  %s %s\n", tool_safez(x->who), x->words[0] == 'y' ?
		    "confirmed: yes, that's it" : "corrected it:");
		print_text(x->text, "    ");
		return;
	}
	if (x->words[0] != '\0')
		printf("  %s: %s\n", label, tool_safez(x->words));
	else
		printf("  %s:\n", label);
	print_text(x->text, "    ");
}

/*
 * Step s of who's block: who's own, or for heard and confirm, what the
 * other heard of who's account and who's answer to it.  NULL for none.
 */
static const struct repair_entry *
block_step(const struct repair *r, const char *who, int s)
{
	const char *other = repair_other(r, who);

	if (s != REPAIR_HEARD && s != REPAIR_CONFIRM)
		return repair_get(r, who, (enum repair_step)s);
	if (other == NULL)
		return NULL;
	return s == REPAIR_HEARD ? repair_get(r, other, REPAIR_HEARD) :
	    repair_get(r, who, REPAIR_CONFIRM);
}

/* The block of who's part, as far as viewer may see it. */
static void
print_block(const struct repair *r, const char *who, const char *viewer)
{
	const struct repair_entry *x;
	char label[AUTHOR_MAX + 16];
	int s, any = 0, hidden = 0;

	for (s = 0; s < REPAIR_STEPS; s++)
		any |= block_step(r, who, s) != NULL;
	if (!any)
		return;		/* they only heard: that is in the other's */
	printf("\n%s\n", tool_safez(who));
	for (s = 0; s < REPAIR_STEPS; s++) {
		if ((x = block_step(r, who, s)) == NULL)
			continue;
		if (!repair_visible(r, x->who, viewer)) {
			hidden = 1;
			continue;
		}
		snprintf(label, sizeof(label), "%s%s", s == REPAIR_HEARD ?
		    "heard by " : steps[s].label, s == REPAIR_HEARD ?
		    x->who : "");
		print_step(x, label);
	}
	if (hidden)
		printf("  (shown once you have written your part: repair "
		    "--id %.*s)\n", RECORD_ID_SHOW, r->id);
}

static int
cmd_show(struct ctx *c, int argc, char **argv)
{
	const struct repair *r;
	const char *who[PEOPLE_MAX];
	size_t i, n;

	while (tool_getopt(argc, argv, "h", tool_help_only, usage_text) != -1)
		usage();
	if (argc - optind != 1)
		usage();
	r = find(c, argv[optind]);
	printf("repair %.*s, %s", RECORD_ID_SHOW, r->id, r->day);
	if (r->by[0] != '\0')
		printf(", begun by %s", tool_safez(r->by));
	printf("\n%s\n", topic_of(r));
	n = repair_people(r, who, PEOPLE_MAX);
	for (i = 0; i < n; i++)
		print_block(r, who[i], c->id.author);
	return tool_finish(0);
}

/* ---- learnings ---- */

/* What learnings prints: a regular expression, the hurts, the line. */
struct learn {
	regex_t			*re;
	struct repair_hurt	*hurts;		/* sorted by name */
	size_t			 nhurts;
	const struct repair_hurt *of[REPAIR_HURTS_OF_MAX];	/* one repair's */
	size_t			 nof;
	struct buf		 names, out;
};

/* The old hurts of r that viewer may see, each once, into l->of. */
static void
hurts_of(struct learn *l, const struct repair *r, const char *viewer)
{
	l->nof = repair_hurts_of(l->hurts, l->nhurts, r, viewer, l->of,
	    REPAIR_HURTS_OF_MAX);
}

/* l->of as "name (N), name (N)", or without the counts, in l->names. */
static void
hurt_names(struct learn *l, int counts)
{
	size_t i;

	buf_reset(&l->names);
	for (i = 0; i < l->nof; i++) {
		xcheck(buf_printf(&l->names, "%s%.*s", i > 0 ? ", " : "",
		    (int)l->of[i]->len, l->of[i]->name));
		if (counts)
			xcheck(buf_printf(&l->names, " (%zu)",
			    l->of[i]->count));
	}
	xcheck(buf_nul(&l->names));
}

static int
matches(const struct learn *l, const char *text)
{
	return l->re == NULL || regexec(l->re, text, 0, NULL, 0) == 0;
}

/* ,"hurts":[{"name":"...","count":N},...] */
static void
json_hurts(struct learn *l)
{
	size_t i;

	xcheck(buf_adds(&l->out, ",\"hurts\":["));
	for (i = 0; i < l->nof; i++) {
		xcheck(buf_adds(&l->out, i > 0 ? "," : ""));
		xcheck(json_open(&l->out));
		xcheck(json_kv_str(&l->out, "name", l->of[i]->name,
		    l->of[i]->len));
		xcheck(buf_printf(&l->out, ",\"count\":%zu}",
		    l->of[i]->count));
	}
	xcheck(buf_addc(&l->out, ']'));
}

/* One commitment: DAY TAB WHO TAB TEXT TAB HURTS, or a JSON object. */
static void
print_learning(struct learn *l, const struct repair *r,
    const struct repair_entry *x)
{
	buf_reset(&l->out);
	if (!jflag) {
		hurt_names(l, 1);
		xcheck(buf_printf(&l->out, "%s\t%s\t%s\t%s\n", x->day,
		    tool_safez(x->who), tool_safez(x->text),
		    tool_safez(l->names.p)));
	} else {
		xcheck(json_open(&l->out));
		xcheck(json_kv_strz(&l->out, "repair", r->id));
		xcheck(json_kv_strz(&l->out, "day", x->day));
		xcheck(json_kv_strz(&l->out, "who", x->who));
		xcheck(json_kv_strz(&l->out, "text", x->text));
		json_hurts(l);
		xcheck(json_close(&l->out));
	}
	fwrite(l->out.p, 1, l->out.len, stdout);
}

/* learnings: every "next time" viewer may see that matches. */
static size_t
learnings(struct ctx *c, struct learn *l)
{
	const struct repair *r;
	const struct repair_entry *x;
	size_t i, j, n = 0;

	for (i = 0; i < c->set.n; i++) {
		r = &c->set.v[i];
		hurts_of(l, r, c->id.author);
		hurt_names(l, 0);
		for (j = 0; j < r->ne; j++) {
			x = r->e[j];
			if (x->step != REPAIR_NEXT ||
			    !repair_visible(r, x->who, c->id.author) ||
			    (!matches(l, x->text) && !matches(l, l->names.p)))
				continue;
			print_learning(l, r, x);
			n++;
		}
	}
	return n;
}

/* One old hurt: COUNT TAB NAME TAB FIRST TAB LAST, or a JSON object. */
static void
print_hurt(struct learn *l, const struct repair_hurt *h, const char *name)
{
	buf_reset(&l->out);
	if (jflag) {
		xcheck(json_open(&l->out));
		xcheck(json_kv_strz(&l->out, "name", name));
		xcheck(json_kv_int(&l->out, "count", (int64_t)h->count));
		xcheck(json_kv_str(&l->out, "first", h->first, 10));
		xcheck(json_kv_str(&l->out, "last", h->last, 10));
		xcheck(json_close(&l->out));
	} else
		xcheck(buf_printf(&l->out, "%zu\t%s\t%.10s\t%.10s\n",
		    h->count, tool_safez(name), h->first, h->last));
	fwrite(l->out.p, 1, l->out.len, stdout);
}

/* learnings --hurts: every old hurt that matches, the most frequent first. */
static size_t
hurts(struct learn *l)
{
	size_t i, n = 0;
	char *name;

	repair_hurts_by_count(l->hurts, l->nhurts);
	for (i = 0; i < l->nhurts; i++) {
		name = xstrndup(l->hurts[i].name, l->hurts[i].len);
		if (matches(l, name)) {
			print_hurt(l, &l->hurts[i], name);
			n++;
		}
		free(name);
	}
	return n;
}

static int
cmd_learnings(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hurts", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct learn l = { NULL, NULL, 0, { NULL }, 0, BUF_INIT, BUF_INIT };
	struct herr e;
	regex_t re;
	char msg[256];
	size_t n;
	int ch, rc, hflag = 0;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'H':
			hflag = 1;
			break;
		case 'j':
			jflag = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind > 1)
		usage();
	if (argc - optind == 1) {
		setlocale(LC_CTYPE, "");
		if ((rc = regcomp(&re, argv[optind], REG_EXTENDED | REG_NOSUB |
		    REG_ICASE)) != 0) {
			regerror(rc, &re, msg, sizeof(msg));
			tool_errx(HX_USAGE, "bad pattern '%s': %s", argv[optind],
			    msg);
		}
		l.re = &re;
	}
	load(c);
	if (repair_hurts(&c->set, c->id.author, &l.hurts, &l.nhurts, &e) ==
	    -1)
		tool_die(&e);
	n = hflag ? hurts(&l) : learnings(c, &l);
	if (l.re != NULL)
		regfree(&re);
	free(l.hurts);
	buf_free(&l.names);
	buf_free(&l.out);
	return tool_finish(n > 0 ? 0 : HX_NO);
}

/* ---- template ---- */

/*
 * text wrapped at width bytes (the words are ASCII), each line after
 * indent, into out.
 */
static void
wrap(struct buf *out, const char *text, size_t width, const char *indent)
{
	const char *p = text, *end = text + strlen(text), *brk;

	while (p < end) {
		if ((size_t)(end - p) <= width)
			brk = end;
		else {
			for (brk = p + width; brk > p && *brk != ' '; brk--)
				;
			if (brk == p)
				brk = strchrnul(p + width, ' ');
		}
		xcheck(buf_printf(out, "%s%.*s\n", indent, (int)(brk - p), p));
		p = *brk == ' ' ? brk + 1 : brk;
	}
}

/* text as comment lines of a document. */
static void
comment(const char *text)
{
	struct buf b = BUF_INIT;

	wrap(&b, text, 70, "# ");
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
}

static void
template_words(void)
{
	const char *g = NULL;
	size_t i;

	for (i = 0; repair_feeling(i) != NULL; i++) {
		if (g != repair_feeling_group(i)) {
			g = repair_feeling_group(i);
			printf("%s#   %s: %s", i > 0 ? "\n" : "", g,
			    repair_feeling(i));
		} else
			printf(", %s", repair_feeling(i));
	}
	printf("\n");
}

static int
cmd_template(struct ctx *c, int argc, char **argv)
{
	char explain[256];
	int s;

	while (tool_getopt(argc, argv, "h", tool_help_only, usage_text) != -1)
		usage();
	if (optind != argc)
		usage();
	comment("A repair, one step a section. Write what you want to under "
	    "each heading, leave the rest empty, and give the file to "
	    "repair -f. Lines that begin with # are left out; repair(1) "
	    "says more. To add your part to your partner's repair, put its "
	    "id in an [id] section instead of a topic.");
	printf("\n[topic]\n");
	comment("What was it about, in a few words?");
	for (s = 0; s < REPAIR_STEPS; s++) {
		printf("\n[%s]\n", repair_step_name((enum repair_step)s));
		fill(explain, sizeof(explain), steps[s].explain,
		    "your partner");
		comment(explain);
		if (s == REPAIR_FELT) {
			comment("Give the words on a line that begins with "
			    "\"words:\", then say more if you like. The "
			    "words:");
			template_words();
			printf("words:\n");
		} else if (s == REPAIR_HURTS) {
			comment("Name them on a line that begins with "
			    "\"words:\", separated by commas, the same way "
			    "each time, so that you can see when one comes "
			    "back; then say more if you like.");
			printf("words:\n");
		} else if (s == REPAIR_HEARD || s == REPAIR_CONFIRM)
			comment(s == REPAIR_HEARD ? "Only once you can read "
			    "your partner's account." : "Write yes, or what "
			    "was missed: only once your partner has said back "
			    "what they heard.");
	}
	return tool_finish(0);
}

/* ---- writing ---- */

/* What a write stores: the document and the repair's id. */
struct job {
	struct ctx		*c;
	const struct repair_doc	*d;
	char			 id[RECORD_ID_LEN + 1];	/* "" when new */
	struct buf		 one;
	size_t			 steps;		/* how many are stored */
};

static int
answer_empty(const struct repair_answer *a)
{
	return a->words[0] == '\0' && a->text[0] == '\0';
}

static int
format_open(struct job *j, const struct hmoment *when)
{
	const char *t = j->d->topic != NULL ? j->d->topic : "";

	xcheck(record_begin(&j->one, when, j->c->id.author, "open"));
	xcheck(record_field(&j->one, t, strlen(t)));
	return record_end(&j->one);
}

/* The record of a; -1 with errno E2BIG when it is too long. */
static int
format_step(struct job *j, const struct hmoment *when,
    const struct repair_answer *a)
{
	const char *name = repair_step_name(a->step);

	xcheck(record_begin(&j->one, when, j->c->id.author, "step"));
	xcheck(record_field(&j->one, j->id[0] != '\0' ? j->id :
	    "0000000000000000000000000000000000000000", RECORD_ID_LEN));
	xcheck(record_field(&j->one, a->who, strlen(a->who)));
	xcheck(record_field(&j->one, name, strlen(name)));
	xcheck(record_field(&j->one, a->words, strlen(a->words)));
	xcheck(record_field(&j->one, a->text, strlen(a->text)));
	return record_end(&j->one);
}

/* The records, stamped under the lock: the open first, then the steps. */
static int
build(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct job *j = arg;
	struct hmoment now, when;
	size_t i;

	if (date_now(&now, e) == -1)
		return -1;
	store_stamp(&now, last, &when);
	if (j->id[0] == '\0') {
		if (format_open(j, &when) == -1 ||
		    buf_add(out, j->one.p, j->one.len) == -1)
			return herr_errno(e, HX_IOERR, errno, "record");
		record_id(j->one.p, j->one.len - 1, j->id);
		date_tick(&when);
	}
	for (i = 0; i < j->d->n; i++) {
		if (answer_empty(&j->d->a[i]))
			continue;
		if (format_step(j, &when, &j->d->a[i]) == -1 ||
		    buf_add(out, j->one.p, j->one.len) == -1)
			return herr_errno(e, HX_IOERR, errno, "record");
		date_tick(&when);
	}
	return 0;
}

/*
 * Check what d would store, before anything is: whose words each step
 * holds (the author's or the partner's), that each record fits, that
 * there is something to store.  name: the document's, for messages.
 */
static void
check_doc(struct job *j, const char *name)
{
	const struct repair_answer *a;
	const char *partner = j->c->id.partner;
	char where[PATH_MAX + 32];
	size_t i;

	for (i = 0; i < j->d->n; i++) {
		a = &j->d->a[i];
		where[0] = '\0';
		if (a->line > 0)
			snprintf(where, sizeof(where), "%s:%zu: ", name,
			    a->line);
		if (strcmp(a->who, j->c->id.author) != 0 &&
		    (partner == NULL || strcmp(a->who, partner) != 0))
			tool_errx(HX_USAGE, "%s'%s' is neither you nor your "
			    "partner (%s)", where, a->who, partner != NULL ?
			    partner : "none is set: hearth init --partner "
			    "NAME");
		if (answer_empty(a))
			continue;
		j->steps++;
		if (format_step(j, &j->c->now, a) == -1)
			tool_errx(HX_DATAERR, "%s%s too long (%zu bytes; the "
			    "limit is %d per record)", where,
			    repair_step_name(a->step), j->one.len + 1,
			    RECORD_MAX);
	}
	if (j->steps == 0)
		tool_errx(HX_NO, "nothing to store: every step is empty");
}

/* The repair a document adds to: its full id in j->id, or "" for new. */
static void
resolve(struct job *j)
{
	const struct repair *r;

	j->id[0] = '\0';
	if (j->d->id[0] == '\0')
		return;
	if (j->d->topic != NULL)
		tool_errx(HX_USAGE, "a topic begins a new repair; an id adds "
		    "to one (give one or the other)");
	r = find(j->c, j->d->id);
	memcpy(j->id, r->id, sizeof(j->id));
}

/* Store d: every record in one append. */
static void
store(struct job *j)
{
	struct ctx *c = j->c;

	if (!c->have_store)
		c->have_store = tool_store(&c->st, 1);
	tool_append(&c->st, TOOL, c->id.author, build, j);
	buf_free(&j->one);
}

/* A document, checked and stored; what is said on a terminal. */
static int
write_doc(struct ctx *c, const struct repair_doc *d, const char *name)
{
	struct job j = { c, d, "", BUF_INIT, 0 };
	const struct repair *r;
	const char *other;
	int before = 0;

	resolve(&j);
	if (j.id[0] != '\0')
		before = repair_has_part(find(c, j.id), c->id.author);
	check_doc(&j, name);
	store(&j);
	if (!isatty(STDOUT_FILENO))
		return tool_finish(0);
	printf("repair %.*s: %zu step%s stored\n", RECORD_ID_SHOW, j.id,
	    j.steps, j.steps == 1 ? "" : "s");
	reload(c);
	r = find(c, j.id);
	other = repair_other(r, c->id.author);
	if (!before && other != NULL && repair_has_part(r, other) &&
	    repair_has_part(r, c->id.author))
		printf("%s's part is open to you now: repair show %.*s\n",
		    tool_safez(other), RECORD_ID_SHOW, j.id);
	return tool_finish(0);
}

/* ---- options and documents ---- */

enum {
	O_FELT = 256, O_FELT_NOTE, O_HURTS, O_HURTS_NOTE, O_TEXT
};

/* The options of a write. */
struct wopts {
	int		 alone, timed, any;
	const char	*file, *id;
	const char	*felt, *felt_note, *hurts, *hurts_note;
	const char	*text[REPAIR_STEPS];	/* the other steps' */
};

static const struct option write_opts[] = {
	{ "account", required_argument, NULL, O_TEXT + REPAIR_ACCOUNT },
	{ "alone", no_argument, NULL, 'a' },
	{ "apology", required_argument, NULL, O_TEXT + REPAIR_APOLOGY },
	{ "confirm", required_argument, NULL, O_TEXT + REPAIR_CONFIRM },
	{ "felt", required_argument, NULL, O_FELT },
	{ "felt-note", required_argument, NULL, O_FELT_NOTE },
	{ "file", required_argument, NULL, 'f' },
	{ "heard", required_argument, NULL, O_TEXT + REPAIR_HEARD },
	{ "hurts", required_argument, NULL, O_HURTS },
	{ "hurts-note", required_argument, NULL, O_HURTS_NOTE },
	{ "id", required_argument, NULL, 'i' },
	{ "next", required_argument, NULL, O_TEXT + REPAIR_NEXT },
	{ "part", required_argument, NULL, O_TEXT + REPAIR_PART },
	{ "timed", no_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
write_option(struct wopts *w, int ch)
{
	w->any |= ch >= O_FELT;
	switch (ch) {
	case 'a':
		w->alone = 1;
		break;
	case 'f':
		w->file = optarg;
		break;
	case 'i':
		w->id = optarg;
		break;
	case 't':
		w->timed = 1;
		break;
	case O_FELT:
		w->felt = optarg;
		break;
	case O_FELT_NOTE:
		w->felt_note = optarg;
		break;
	case O_HURTS:
		w->hurts = optarg;
		break;
	case O_HURTS_NOTE:
		w->hurts_note = optarg;
		break;
	default:
		if (ch < O_TEXT || ch >= O_TEXT + REPAIR_STEPS)
			usage();
		w->text[ch - O_TEXT] = optarg;
	}
}

static void
need_utf8(const char *what, const char *s)
{
	size_t bad;

	if (s != NULL && text_utf8_check(s, strlen(s), &bad) == -1)
		tool_errx(HX_DATAERR, "%s: not valid UTF-8 (byte %zu)", what,
		    bad + 1);
}

/* The words of --felt or --hurts; dies for one that is not allowed. */
static void
flag_words(enum repair_step s, const char *in, struct buf *out)
{
	const char *bad, *why;
	size_t badlen;

	need_utf8(s == REPAIR_FELT ? "--felt" : "--hurts", in);
	if (repair_words(s, in, strlen(in), out, &bad, &badlen, &why) == 0)
		return;
	if (why == NULL)
		xcheck(-1);
	tool_errx(HX_USAGE, "--%s: '%.*s': %s%s", repair_step_name(s),
	    (int)badlen, bad, why, s == REPAIR_FELT ? " (repair template "
	    "lists them)" : "");
}

/* A step given by --felt or --hurts and its note. */
static void
flag_listed(struct ctx *c, struct repair_doc *d, enum repair_step s,
    const char *words, const char *note)
{
	struct buf w = BUF_INIT;

	if (words == NULL && note == NULL)
		return;
	flag_words(s, words != NULL ? words : "", &w);
	need_utf8(s == REPAIR_FELT ? "--felt-note" : "--hurts-note", note);
	if (w.p[0] == '\0' && (note == NULL || note[strspn(note,
	    " \t\n")] == '\0'))
		tool_errx(HX_USAGE, "empty --%s", repair_step_name(s));
	xcheck(repair_doc_set(d, c->id.author, s, w.p, note != NULL ? note :
	    ""));
	buf_free(&w);
}

/* The steps the options give, in their order. */
static void
doc_from_flags(struct ctx *c, const struct wopts *w, struct repair_doc *d)
{
	const char *t, *yes;
	char what[32];
	int s;

	for (s = 0; s < REPAIR_STEPS; s++) {
		if (s == REPAIR_FELT || s == REPAIR_HURTS) {
			flag_listed(c, d, (enum repair_step)s, s == REPAIR_FELT ?
			    w->felt : w->hurts, s == REPAIR_FELT ?
			    w->felt_note : w->hurts_note);
			continue;
		}
		if ((t = w->text[s]) == NULL)
			continue;
		snprintf(what, sizeof(what), "--%s", repair_step_name(
		    (enum repair_step)s));
		need_utf8(what, t);
		if (t[strspn(t, " \t\n")] == '\0')
			tool_errx(HX_USAGE, "empty %s", what);
		yes = s != REPAIR_CONFIRM ? "" : strcasecmp(t + strspn(t,
		    " "), "yes") == 0 ? "yes" : "corrected";
		xcheck(repair_doc_set(d, c->id.author, (enum repair_step)s,
		    yes, *yes == 'y' ? "" : t));
	}
}

/* The topic of the words given: one line, at most REPAIR_TOPIC_MAX. */
static char *
topic_of_words(int argc, char **argv)
{
	struct buf b = BUF_INIT;
	size_t i;
	int k;

	for (k = 0; k < argc; k++)
		xcheck(buf_printf(&b, "%s%s", k > 0 ? " " : "", argv[k]));
	xcheck(buf_nul(&b));
	need_utf8("topic", b.p);
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.p[i] < 0x20 || b.p[i] == 0x7f)
			tool_errx(HX_DATAERR, "a control character in the "
			    "topic");
	if (b.len > REPAIR_TOPIC_MAX)
		tool_errx(HX_DATAERR, "topic too long (%zu bytes; at most %d)",
		    b.len, REPAIR_TOPIC_MAX);
	return b.p;
}

/* A whole document from fd, at most REPAIR_DOC_MAX bytes. */
static void
read_doc(int fd, const char *name, struct buf *b)
{
	ssize_t n;

	for (;;) {
		xcheck(buf_reserve(b, 65536));
		if ((n = read(fd, b->p + b->len, 65536)) == -1) {
			if (errno == EINTR)
				continue;
			tool_err(HX_IOERR, "%s", name);
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > REPAIR_DOC_MAX)
			tool_errx(HX_DATAERR, "%s: larger than %d KiB", name,
			    REPAIR_DOC_MAX / 1024);
	}
}

/* The document of -f FILE, or of standard input ("-"). */
static void
doc_from_file(struct ctx *c, const char *file, struct repair_doc *d)
{
	struct buf b = BUF_INIT;
	struct herr e;
	const char *name = strcmp(file, "-") == 0 ? "stdin" : file;
	int fd = STDIN_FILENO;

	if (strcmp(file, "-") != 0 && (fd = open(file, O_RDONLY |
	    O_CLOEXEC)) == -1)
		tool_err(HX_NOINPUT, "%s", file);
	read_doc(fd, name, &b);
	if (fd != STDIN_FILENO)
		close(fd);
	if (repair_doc_parse(d, b.p != NULL ? b.p : "", b.len, c->id.author,
	    name, &e) == -1)
		tool_die(&e);
	buf_free(&b);
}

/* A topic and an id from the options, against a document's own. */
static void
doc_meta(struct repair_doc *d, const struct wopts *w, int argc,
    char **argv)
{
	char *topic;

	if (w->id != NULL) {
		if (!record_id_prefix_valid(w->id))
			tool_errx(HX_USAGE, "bad id '%s' (give at least %d of "
			    "the hex digits that list shows)", w->id,
			    RECORD_ID_MIN);
		if (d->id[0] != '\0' && strcmp(d->id, w->id) != 0)
			tool_errx(HX_USAGE, "two ids: '%s' and '%s'", d->id,
			    w->id);
		strlcpy(d->id, w->id, sizeof(d->id));
	}
	if (argc == 0)
		return;
	topic = topic_of_words(argc, argv);
	if (d->topic != NULL && strcmp(d->topic, topic) != 0)
		tool_errx(HX_USAGE, "two topics: '%s' and '%s'", d->topic,
		    topic);
	free(d->topic);
	d->topic = topic;
}

/* ---- the terminal ---- */

/* Keys as they are typed, without echo; signals as usual. */
static const struct tty_mode key_mode = {
	.vmin = 1,
	/* Keys typed ahead are kept: TCSADRAIN, never TCSAFLUSH. */
	.when = TCSADRAIN,
	.iflag_off = 0,
	.enter = NULL,
	.leave = NULL,
};

#define KEY_ESC		0x1b
#define KEY_NONE	(-2)	/* the rest of a key's sequence: unused */
#define KEY_REDRAW	(-3)	/* back from a suspend: draw it again */

/* One guided repair on the terminal. */
struct flow {
	struct ctx		*c;
	const char		*me;
	int			 timed, timer_ran;
	struct repair_doc	 doc;
	char			 draft[PATH_MAX];
	int			 pending;	/* a key read ahead, or -1 */
	struct buf		 line;		/* the answer being typed */
};

static void __attribute__((format(printf, 1, 2)))
tty_printf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	xcheck(buf_reserve(&b, (size_t)n + 1));
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tty_write(b.p, (size_t)n);
	buf_free(&b);
}

/* HUP, INT and TERM end the run, the draft kept; TSTP suspends it. */
static void
catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGTSTP };

	tty_catch(sigs, sizeof(sigs) / sizeof(sigs[0]));
}

/* The width of the terminal, in columns. */
static size_t
tty_cols(void)
{
	struct winsize ws;

	if (ioctl(tty_fileno(), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/*
 * A signal while waiting for a key: a stop puts the terminal back as it
 * was, and takes it again on the way back; any other ends the run with
 * the draft kept (it holds every answer given).
 */
static int
signals(struct flow *f)
{
	int sig;

	if (tty_stop_pending()) {
		tty_suspend();
		catch_signals();
		return 1;
	}
	if ((sig = tty_signal()) == 0)
		return 0;
	tty_printf("\nYour draft is kept; run repair to go on.\n");
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
	exit(128 + sig);
}

/* Read one byte of the terminal; a terminal gone is a hangup. */
static unsigned char
tty_byte(struct flow *f, int *redraw)
{
	unsigned char ch;
	ssize_t n;

	for (;;) {
		if ((n = read(tty_fileno(), &ch, 1)) == 1)
			return ch;
		if (n == 0 || errno != EINTR)
			tty_note_signal(SIGHUP);
		if (signals(f))
			*redraw = 1;
	}
}

/*
 * The next key: a byte, KEY_ESC for Esc pressed alone, KEY_NONE for a
 * key that sends a sequence (an arrow), KEY_REDRAW after a suspend.
 */
static int
key(struct flow *f)
{
	struct pollfd pfd = { tty_fileno(), POLLIN, 0 };
	unsigned char ch;
	int redraw = 0;

	if (f->pending != -1) {
		ch = (unsigned char)f->pending;
		f->pending = -1;
		return ch;
	}
	ch = tty_byte(f, &redraw);
	if (redraw)
		f->pending = ch;
	if (redraw || ch != KEY_ESC)
		return redraw ? KEY_REDRAW : ch;
	if (poll(&pfd, 1, ESC_WAIT_MS) != 1)
		return KEY_ESC;
	ch = tty_byte(f, &redraw);
	if (ch == KEY_ESC) {
		f->pending = KEY_ESC;	/* Esc twice, quickly */
		return KEY_ESC;
	}
	if (ch == '[')
		while ((ch = tty_byte(f, &redraw)) < 0x40 || ch > 0x7e)
			;
	else if (ch == 'O')
		(void)tty_byte(f, &redraw);
	return KEY_NONE;
}

/* ---- the draft ---- */

/*
 * The draft's path: the state folder, the author and the store, so that
 * a draft for one store is never resumed in another.
 */
static void
draft_path(struct flow *f)
{
	char dir[PATH_MAX], store[PATH_MAX];
	struct herr e;

	if (paths_state(dir, sizeof(dir), &e) == -1 ||
	    paths_store(store, sizeof(store), &e) == -1)
		tool_die(&e);
	if ((size_t)snprintf(f->draft, sizeof(f->draft),
	    "%s/repair-%s-%016" PRIx64 ".draft", dir, f->me,
	    text_hash(store, strlen(store))) >= sizeof(f->draft))
		tool_errx(HX_CANTCREAT, "%s: path too long", dir);
}

/* Make path hold b, whole or not at all; -1 with errno. */
static int
write_whole(const char *path, const struct buf *b)
{
	char tmp[PATH_MAX + 16], dir[PATH_MAX];
	int fd, dfd, saved_errno;

	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return -1;
	if (fchmod(fd, 0600) == -1 || io_write_all(fd, b->p, b->len) == -1 ||
	    fsync(fd) == -1 || close(fd) == -1 || rename(tmp, path) == -1) {
		saved_errno = errno;
		(void)unlink(tmp);
		errno = saved_errno;
		return -1;
	}
	strlcpy(dir, path, sizeof(dir));
	*strrchr(dir, '/') = '\0';
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	saved_errno = fsync(dfd) == -1 ? errno : 0;
	close(dfd);
	errno = saved_errno;
	return saved_errno == 0 ? 0 : -1;
}

/* Keep the answers so far; a draft that cannot be kept is told. */
static void
draft_save(struct flow *f)
{
	struct buf b = BUF_INIT;
	char dir[PATH_MAX];

	xcheck(buf_adds(&b, "# A repair in progress: repair goes on from "
	    "here.  Remove this file\n# to begin again.\n\n"));
	xcheck(repair_doc_format(&f->doc, f->me, &b));
	strlcpy(dir, f->draft, sizeof(dir));
	*strrchr(dir, '/') = '\0';
	if (io_mkdirs(dir, 0700) == -1 || write_whole(f->draft, &b) == -1)
		tty_printf("  (your draft could not be kept: %s: %s)\n",
		    tool_safez(f->draft), strerror(errno));
	buf_free(&b);
}

static void
draft_remove(struct flow *f)
{
	if (unlink(f->draft) == -1 && errno != ENOENT)
		tool_warn("%s", f->draft);
}

/*
 * The draft, when there is one: 1 and f->doc filled.  One that cannot
 * be read is moved aside, and the run begins afresh.
 */
static int
draft_load(struct flow *f)
{
	struct buf b = BUF_INIT;
	char bad[PATH_MAX + 8];
	struct herr e;
	int fd, rc = 1;

	if ((fd = open(f->draft, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			tool_err(HX_NOINPUT, "%s", f->draft);
		return 0;
	}
	read_doc(fd, f->draft, &b);
	close(fd);
	if (repair_doc_parse(&f->doc, b.p != NULL ? b.p : "", b.len, f->me,
	    f->draft, &e) == -1) {
		snprintf(bad, sizeof(bad), "%s.bad", f->draft);
		tool_warnx("%s; moved aside to %s", e.msg, bad);
		if (rename(f->draft, bad) == -1)
			tool_err(HX_CANTCREAT, "%s", bad);
		repair_doc_free(&f->doc);
		rc = 0;
	}
	buf_free(&b);
	return rc;
}

/* Esc twice: leave, with nothing stored and the draft thrown away. */
static void __attribute__((noreturn))
leave(struct flow *f, const char *what)
{
	draft_remove(f);
	tty_printf("%s\n", what);
	tty_restore();
	exit(tool_finish(HX_NO));
}

/* ---- the line being typed ---- */

/* The columns f->line takes after the "> " before it. */
static size_t
line_width(struct flow *f)
{
	size_t bad, len = f->line.len;

	if (text_utf8_check(f->line.p, len, &bad) == -1)
		len = bad;
	return 2 + text_width(f->line.p, len);
}

/* Draw "> " and the line again, over what took width columns. */
static void
redraw(struct flow *f, size_t width)
{
	size_t cols = tty_cols(), up = width > 0 ? (width - 1) / cols : 0;

	if (up > 0)
		tty_printf("\r\033[%zuA", up);
	tty_printf("\r\033[J> ");
	tty_write(f->line.p, f->line.len);
}

/* Take back the last character (or, with word, the last word). */
static void
rub_out(struct flow *f, int word)
{
	size_t width = line_width(f);
	struct buf *l = &f->line;

	while (word && l->len > 0 && l->p[l->len - 1] == ' ')
		l->len--;
	do {
		while (l->len > 0 && ((unsigned char)l->p[--l->len] & 0xc0) ==
		    0x80)
			;
	} while (word && l->len > 0 && l->p[l->len - 1] != ' ');
	redraw(f, width);
}

/* How many bytes the store writes for f->line. */
static size_t
stored_len(const struct flow *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->line.len; i++)
		n += f->line.p[i] == '\\' ? 2 : 1;
	return n;
}

/* Esc once: ask before throwing anything away.  1 to leave. */
static int
confirm_leave(struct flow *f)
{
	tty_printf("\n  Esc again leaves and throws this repair away; any "
	    "other key goes on.\n");
	if (key(f) == KEY_ESC)
		return 1;
	tty_printf("> ");
	tty_write(f->line.p, f->line.len);
	return 0;
}

/*
 * An answer into f->line (NUL-terminated, at most max bytes as stored,
 * valid UTF-8): 1 when it is entered, 0 when the person leaves.
 */
static int
edit(struct flow *f, size_t max)
{
	size_t bad;
	int k;

	buf_reset(&f->line);
	tty_printf("> ");
	for (;;) {
		k = key(f);
		if (k == '\r' || k == '\n') {
			tty_printf("\n");
			if (text_utf8_check(f->line.p, f->line.len, &bad) == 0)
				break;
			tty_printf("  That was not valid UTF-8; please type it "
			    "again.\n> ");
			buf_reset(&f->line);
		} else if (k == KEY_ESC) {
			if (confirm_leave(f))
				return 0;
		} else if (k == KEY_REDRAW)
			redraw(f, 0);
		else if (k == 0x7f || k == '\b' || k == 0x17)
			rub_out(f, k == 0x17);
		else if (k == 0x15) {
			bad = line_width(f);
			buf_reset(&f->line);
			redraw(f, bad);
		} else if (k >= 0x20 || k == '\t') {
			if (k == '\t')
				k = ' ';
			if (stored_len(f) + (k == '\\' ? 2 : 1) > max) {
				tty_write("\a", 1);
				continue;
			}
			xcheck(buf_addc(&f->line, (char)k));
			tty_write(f->line.p + f->line.len - 1, 1);
		}
	}
	xcheck(buf_nul(&f->line));
	return 1;
}

/* A key for a question: Enter, a letter; Esc leaves with nothing stored. */
static int
choose(struct flow *f, const char *text)
{
	int k;

	tty_printf("%s\n", text);
	while ((k = key(f)) == KEY_NONE || k == KEY_REDRAW)
		;
	if (k == KEY_ESC)
		leave(f, "Nothing stored.");
	return k == '\r' ? '\n' : k;
}

/* ---- the turns ---- */

/* The other one of the two, or "your partner". */
static const char *
other_of(const struct flow *f, const char *who)
{
	const char *p = f->doc.with[0] != '\0' ? f->doc.with :
	    f->c->id.partner;

	if (strcmp(who, f->me) != 0)
		return f->me;
	return p != NULL ? p : "your partner";
}

/* The step's explanation, wrapped, then its question. */
static void
explain(struct flow *f, const char *who, enum repair_step s)
{
	struct buf b = BUF_INIT;
	char text[512];
	size_t cols = tty_cols();

	fill(text, sizeof(text), steps[s].explain, other_of(f, who));
	xcheck(buf_addc(&b, '\n'));
	wrap(&b, text, (cols > 78 ? 78 : cols) - 2, "");
	fill(text, sizeof(text), steps[s].prompt, who);
	xcheck(buf_printf(&b, "%s\n", text));
	tty_write(b.p, b.len);
	buf_free(&b);
}

/* What was written before, shown before an answer to it. */
static void
quote(const char *label, const char *who, const char *text)
{
	struct buf b = BUF_INIT;

	xcheck(buf_printf(&b, "\n%s%s:\n", tool_safez(who), label));
	indented(&b, text, "    ");
	tty_write(b.p, b.len);
	buf_free(&b);
}

/* The feeling words, a group a line, numbered from 1. */
static void
show_feelings(void)
{
	const char *g = NULL;
	size_t i;

	for (i = 0; repair_feeling(i) != NULL; i++) {
		if (g != repair_feeling_group(i)) {
			g = repair_feeling_group(i);
			tty_printf("%s  %-9s", i > 0 ? "\n" : "", g);
		}
		tty_printf(" %2zu %s ", i + 1, repair_feeling(i));
	}
	tty_printf("\n");
}

/*
 * The names of old hurts to offer: those viewer has seen before, most
 * often first, with how often; then common ones not among them.
 */
static size_t
offer_hurts(struct flow *f, const char **name)
{
	struct repair_hurt *byname, *bycount;
	struct buf b = BUF_INIT;
	struct herr e;
	const char *x;
	size_t i, nh, n = 0;

	if (repair_hurts(&f->c->set, f->me, &byname, &nh, &e) == -1)
		tool_die(&e);
	bycount = xreallocarray(NULL, nh, sizeof(*bycount));
	memcpy(bycount, byname, nh * sizeof(*bycount));
	repair_hurts_by_count(bycount, nh);
	for (i = 0; i < nh && n < HURTS_SHOWN; i++, n++) {
		name[n] = xstrndup(bycount[i].name, bycount[i].len);
		xcheck(buf_printf(&b, " %2zu %s (%zu) ", n + 1,
		    tool_safez(name[n]), bycount[i].count));
	}
	for (i = 0; (x = repair_hurt_example(i)) != NULL && n < HURTS_SHOWN;
	    i++)
		if (repair_hurt_find(byname, nh, x, strlen(x)) == NULL) {
			name[n] = xstrdup(x);
			xcheck(buf_printf(&b, " %2zu %s ", n + 1, x));
			n++;
		}
	xcheck(buf_nul(&b));
	tty_printf("%s\n", b.p);
	free(byname);
	free(bycount);
	buf_free(&b);
	return n;
}

/*
 * f->line with each number of the list (offered[0..n), or the feeling
 * words) swapped for its word, into out: 0, or not 0 when a number
 * is not in the list.
 */
static long
numbers_to_words(struct flow *f, const char **offered, size_t n,
    struct buf *out)
{
	const char *p = f->line.p, *item, *word;
	size_t len, k;
	char *end;
	long v;

	buf_reset(out);
	while (*p != '\0') {
		item = p + strspn(p, " ");
		len = strcspn(item, ",");
		p = item[len] == ',' ? item + len + 1 : item + len;
		/* "3 7 12": numbers between blanks, one after another. */
		for (k = 0; k < len && strchr("0123456789 ", item[k]) != NULL;
		    k++)
			;
		if (k < len || len == 0) {
			xcheck(buf_printf(out, "%.*s,", (int)len, item));
			continue;
		}
		for (end = (char *)item; end < item + len; ) {
			v = strtol(end, &end, 10);
			if (v < 1 || v > 1000)
				return -1;
			word = offered != NULL ? ((size_t)v <= n ?
			    offered[v - 1] : NULL) : repair_feeling((size_t)v -
			    1);
			if (word == NULL)
				return v;
			xcheck(buf_printf(out, "%s,", word));
			end += strspn(end, " ");
		}
	}
	xcheck(buf_nul(out));
	return 0;
}

/*
 * The words of felt or hurts, typed as words or numbers of the list, and
 * then what else the person says: 0 when they leave.
 */
static int
turn_listed(struct flow *f, const struct repair_turn *t)
{
	const char *offered[HURTS_SHOWN], *bad, *why;
	struct buf words = BUF_INIT, canon = BUF_INIT;
	size_t n = 0, badlen, i;
	int ok = 1;

	explain(f, t->who, t->step);
	if (t->step == REPAIR_FELT)
		show_feelings();
	else
		n = offer_hurts(f, offered);
	for (;;) {
		if (!(ok = edit(f, 700)))
			break;
		if (numbers_to_words(f, t->step == REPAIR_FELT ? NULL :
		    offered, n, &words) != 0)
			tty_printf("  That number is not in the list.\n");
		else if (repair_words(t->step, words.p, words.len, &canon,
		    &bad, &badlen, &why) == 0)
			break;
		else if (why == NULL)
			xcheck(-1);
		else if (t->step == REPAIR_FELT)
			tty_printf("  '%s' is not in the list; you can say it "
			    "in your own words next.\n", tool_safe(bad, badlen));
		else
			tty_printf("  '%s': %s.\n", tool_safe(bad, badlen),
			    why);
	}
	if (ok) {
		tty_printf("%s\n", t->step == REPAIR_FELT ? "Anything more "
		    "about how you felt?" : "Anything you want to say about "
		    "them?");
		if ((ok = edit(f, RECORD_MAX - 300 - 2 * canon.len)))
			xcheck(repair_doc_set(&f->doc, t->who, t->step,
			    canon.p, f->line.p));
	}
	for (i = 0; i < n; i++)
		free((char *)offered[i]);
	buf_free(&words);
	buf_free(&canon);
	return ok;
}

/*
 * What the other said that this turn answers: their account (alone,
 * before a heard) or what they heard (before a confirm).  NULL when
 * there is nothing to answer.
 */
static const char *
answered(struct flow *f, const struct repair_turn *t, const char **other)
{
	const struct repair_answer *a;
	const struct repair_entry *x;
	const struct repair *r;
	int ambiguous;

	*other = other_of(f, t->who);
	if (f->doc.with[0] != '\0') {
		if (t->step != REPAIR_CONFIRM)
			return "";	/* heard, just now, at this terminal */
		a = repair_doc_get(&f->doc, *other, REPAIR_HEARD);
		return a != NULL && a->text[0] != '\0' ? a->text : NULL;
	}
	if ((r = repair_find(&f->c->set, f->doc.id, &ambiguous)) == NULL)
		return NULL;
	x = repair_get(r, *other, t->step == REPAIR_HEARD ? REPAIR_ACCOUNT :
	    REPAIR_HEARD);
	return x != NULL ? x->text : NULL;
}

/* An answer in words: 0 when the person leaves. */
static int
turn_text(struct flow *f, const struct repair_turn *t)
{
	const char *words = "", *said, *other;

	if (t->step == REPAIR_HEARD || t->step == REPAIR_CONFIRM) {
		/* Nothing to say back, or to confirm: a step skipped. */
		if ((said = answered(f, t, &other)) == NULL) {
			xcheck(repair_doc_set(&f->doc, t->who, t->step, "",
			    ""));
			return 1;
		}
		if (*said != '\0')
			quote(t->step == REPAIR_HEARD ? "'s account" :
			    " heard", other, said);
	}
	explain(f, t->who, t->step);
	if (!edit(f, RECORD_MAX - 300))
		return 0;
	if (t->step == REPAIR_CONFIRM && f->line.len > 0)
		words = strcasecmp(f->line.p, "y") == 0 ||
		    strcasecmp(f->line.p, "yes") == 0 ? "yes" : "corrected";
	xcheck(repair_doc_set(&f->doc, t->who, t->step, words,
	    *words == 'y' ? "" : f->line.p));
	return 1;
}

/* listen-timer for the accounts, with the terminal as it was. */
static void
run_timer(struct flow *f)
{
	struct sigaction ign, oint, oquit;
	char names[2 * AUTHOR_MAX + 2];
	const char *topic = f->doc.topic != NULL && *f->doc.topic != '\0' ?
	    f->doc.topic : "what happened";
	pid_t pid;
	int st;

	tty_printf("\nNow each of you tells what happened, and the other "
	    "says back what they heard,\nwhile listen-timer keeps the turns. "
	    "Then you write it down.\n");
	snprintf(names, sizeof(names), "%s,%s", f->me, f->doc.with);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	tty_restore();
	if ((pid = fork()) == -1)
		tool_err(HX_IOERR, "fork");
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execlp("listen-timer", "listen-timer", "-n", "1", "-p", names,
		    "--", topic, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	if (tty_raw_on(&key_mode) == -1)
		tool_err(HX_IOERR, "/dev/tty");
	f->timer_ran = 1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		tty_printf("listen-timer could not be run; go on without "
		    "it.\n");
}

/*
 * Every turn of turn[0..n) the draft has no answer to, the draft kept
 * after each: 0 when the person leaves.
 */
static int
run_turns(struct flow *f, const struct repair_turn *turn, size_t n)
{
	const struct repair_turn *t;
	size_t i;
	int ok;

	for (i = 0; i < n; i++) {
		t = &turn[i];
		if (repair_doc_get(&f->doc, t->who, t->step) != NULL)
			continue;
		if (f->timed && !f->timer_ran && t->step == REPAIR_ACCOUNT &&
		    f->doc.with[0] != '\0')
			run_timer(f);
		ok = t->step == REPAIR_FELT || t->step == REPAIR_HURTS ?
		    turn_listed(f, t) : turn_text(f, t);
		if (!ok)
			return 0;
		draft_save(f);
	}
	return 1;
}

/* ---- a guided repair ---- */

/* Whether PATH has a program called name, as execlp would look. */
static int
on_path(const char *name)
{
	const char *p = getenv("PATH"), *end;
	char path[PATH_MAX];
	struct stat sb;

	if (p == NULL || *p == '\0')
		p = "/usr/local/bin:/usr/bin:/bin";
	for (;; p = end + 1) {
		end = strchrnul(p, ':');
		snprintf(path, sizeof(path), "%.*s/%s", end == p ? 1 :
		    (int)(end - p), end == p ? "." : p, name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(path, X_OK) == 0)
			return 1;
		if (*end == '\0')
			return 0;
	}
}

/* The latest repair with something waiting for me, or NULL. */
static const struct repair *
latest_waiting(struct ctx *c)
{
	size_t i;

	for (i = c->set.n; i-- > 0; )
		if (repair_waiting(&c->set.v[i], c->id.author) != 0)
			return &c->set.v[i];
	return NULL;
}

/* Offer what is waiting in r: 1 to go on with it, 0 for a new repair. */
static int
offer(struct flow *f, const struct repair *r)
{
	unsigned w = repair_waiting(r, f->me);
	const char *other = tool_safez(repair_other(r, f->me));
	char what[512];

	if (w & REPAIR_WAIT_PART)
		snprintf(what, sizeof(what), "%s has written their part of a "
		    "repair, and yours is not there yet", other);
	else if (w & REPAIR_WAIT_HEARD)
		snprintf(what, sizeof(what), "%s's account is open to you "
		    "now, for you to say back what you heard", other);
	else
		snprintf(what, sizeof(what), "%s has said back what they "
		    "heard of your account", other);
	tty_printf("%s: %s (%s).\n", what, topic_of(r), r->day);
	return choose(f, "Enter: go on with it  n: begin a new repair  Esc: "
	    "leave") != 'n';
}

/* The topic of a new repair, asked for when the words gave none. */
static void
ask_topic(struct flow *f)
{
	tty_printf("What was it about, in a few words? (It names the "
	    "repair; Enter leaves it blank.)\n");
	if (!edit(f, REPAIR_TOPIC_MAX))
		leave(f, "Nothing stored.");
	f->doc.topic = xstrdup(f->line.p);
	draft_save(f);
}

/* A new repair, or what waits in one: f->doc begun. */
static void
begin(struct flow *f, const struct wopts *w, int argc, char **argv)
{
	const struct repair *r;
	const char *partner = f->c->id.partner;

	if (w->id != NULL) {
		r = find(f->c, w->id);
		memcpy(f->doc.id, r->id, sizeof(f->doc.id));
		return;
	}
	if (argc == 0 && !w->alone && !w->timed &&
	    (r = latest_waiting(f->c)) != NULL && offer(f, r)) {
		memcpy(f->doc.id, r->id, sizeof(f->doc.id));
		return;
	}
	if (!w->alone && partner != NULL)
		strlcpy(f->doc.with, partner, sizeof(f->doc.with));
	else if (!w->alone)
		tty_printf("No partner is set (hearth init --partner NAME), "
		    "so this is your part alone.\n");
	if (argc > 0) {
		f->doc.topic = topic_of_words(argc, argv);
		draft_save(f);
	} else
		ask_topic(f);
}

static void
intro(struct flow *f, int resumed, int own)
{
	struct buf b = BUF_INIT;
	const char *t = f->doc.topic != NULL ? f->doc.topic : "";
	char text[1024];

	if (resumed)
		snprintf(text, sizeof(text), "Going on with your repair%s%s%s "
		    "from where you left it.", *t ? " (" : "", tool_safez(t),
		    *t ? ")" : "");
	else if (f->doc.with[0] != '\0')
		snprintf(text, sizeof(text), "A repair for %s and %s, "
		    "together. Take it slowly: you are here to understand "
		    "each other, not to settle who was right.", f->me,
		    f->doc.with);
	else if (own)
		snprintf(text, sizeof(text), "Your part of a repair. Take it "
		    "slowly: you are here to understand, not to settle who "
		    "was right.");
	else
		snprintf(text, sizeof(text), "More of the repair%s%s%s, for "
		    "you to answer.", *t ? " (" : "", tool_safez(t), *t ? ")" :
		    "");
	wrap(&b, text, 76, "");
	wrap(&b, "Enter on an empty line skips a step; Esc leaves and stores "
	    "nothing. If you stop before the end, your draft is kept for "
	    "next time.", 76, "");
	tty_write(b.p, b.len);
	buf_free(&b);
}

/* Store the answers; what is said after.  0 when nothing was given. */
static int
flow_store(struct flow *f, int own)
{
	struct job j = { f->c, &f->doc, "", BUF_INIT, 0 };
	size_t i, n = 0;

	for (i = 0; i < f->doc.n; i++)
		n += !answer_empty(&f->doc.a[i]);
	if (n == 0)
		return 0;
	resolve(&j);
	check_doc(&j, f->draft);
	store(&j);
	draft_remove(f);
	memcpy(f->doc.id, j.id, sizeof(f->doc.id));
	if (f->doc.with[0] != '\0')
		tty_printf("\nStored as repair %.*s. Thank you, both of you: "
		    "that took courage.\n", RECORD_ID_SHOW, j.id);
	else if (own)
		tty_printf("\nYour part is stored (repair %.*s). %s sees it "
		    "once they have written theirs.\n", RECORD_ID_SHOW, j.id,
		    tool_safez(other_of(f, f->me)));
	else
		tty_printf("\nStored.\n");
	return 1;
}

/* After my part: what waits for me now, asked for.  0 when nothing. */
static int
follow_up(struct flow *f)
{
	const struct repair *r;
	char id[RECORD_ID_LEN + 1], text[256];
	int ambiguous;

	reload(f->c);
	memcpy(id, f->doc.id, sizeof(id));
	if ((r = repair_find(&f->c->set, id, &ambiguous)) == NULL ||
	    repair_waiting(r, f->me) == 0)
		return 0;
	snprintf(text, sizeof(text), "%s's part is open to you now.\nEnter: "
	    "answer it now  Esc: not now", tool_safez(repair_other(r,
	    f->me)));
	if (choose(f, text) == KEY_ESC)
		return 0;
	repair_doc_free(&f->doc);
	memcpy(f->doc.id, id, sizeof(f->doc.id));
	return 1;
}

/* repair on a terminal: the guided repair. */
static int
flow(struct ctx *c, const struct wopts *w, int argc, char **argv)
{
	struct flow f = { c, c->id.author, w->timed, 0, REPAIR_DOC_INIT, "",
	    -1, BUF_INIT };
	struct repair_turn turn[REPAIR_TURNS_MAX];
	const struct repair *r;
	size_t n;
	int resumed, own, ambiguous;

	if (w->timed && (w->alone || w->id != NULL || c->id.partner == NULL))
		tool_errx(HX_USAGE, "--timed is for the two of you together "
		    "(with a partner set: hearth init --partner NAME)");
	if (w->timed && !on_path("listen-timer"))
		tool_errx(HX_UNAVAIL, "--timed: listen-timer is not on PATH");
	setlocale(LC_CTYPE, "");
	if (tty_open() == -1 || tty_raw_on(&key_mode) == -1)
		tool_err(HX_NOINPUT, "/dev/tty");
	atexit(tty_restore);
	catch_signals();
	load(c);
	draft_path(&f);
	if (!(resumed = draft_load(&f)))
		begin(&f, w, argc, argv);
	for (;;) {
		r = f.doc.id[0] != '\0' ? repair_find(&c->set, f.doc.id,
		    &ambiguous) : NULL;
		own = r == NULL || !repair_has_part(r, f.me);
		n = repair_plan(f.me, f.doc.with[0] != '\0' ? f.doc.with :
		    NULL, r, turn);
		if (n == 0)
			leave(&f, "Nothing is waiting for you in this repair.");
		intro(&f, resumed, own);
		resumed = 0;
		if (!run_turns(&f, turn, n))
			leave(&f, own ? "Nothing stored." : "Nothing more "
			    "stored.");
		if (!flow_store(&f, own))
			leave(&f, "Every step was skipped, so nothing is "
			    "stored.");
		if (f.doc.with[0] != '\0' || !own || !follow_up(&f))
			break;
	}
	tty_restore();
	repair_doc_free(&f.doc);
	buf_free(&f.line);
	return tool_finish(0);
}

/* ---- repair: write ---- */

/*
 * repair [options] [TOPIC...]: a guided repair on a terminal, else the
 * steps the options or a document give.  Options may stand anywhere,
 * as the topic's words may.
 */
static int
cmd_write(struct ctx *c, int argc, char **argv)
{
	struct repair_doc d = REPAIR_DOC_INIT;
	struct wopts w = { 0 };
	int ch, rc;

	while ((ch = tool_getopt(argc, argv, "af:hi:t", write_opts,
	    usage_text)) != -1)
		write_option(&w, ch);
	argc -= optind;
	argv += optind;
	if (w.file != NULL && w.any)
		tool_errx(HX_USAGE, "-f and the options of steps do not go "
		    "together");
	if (w.file == NULL && !w.any && isatty(STDIN_FILENO))
		return flow(c, &w, argc, argv);
	if (w.alone || w.timed)
		tool_errx(HX_USAGE, "%s is for a repair on a terminal",
		    w.alone ? "--alone" : "--timed");
	if (w.any)
		doc_from_flags(c, &w, &d);
	else
		doc_from_file(c, w.file != NULL ? w.file : "-", &d);
	doc_meta(&d, &w, argc, argv);
	rc = write_doc(c, &d, w.file != NULL && strcmp(w.file, "-") != 0 ?
	    w.file : "stdin");
	repair_doc_free(&d);
	return rc;
}

/* ---- main ---- */

static const char *const command_names[] = {
	"learnings", "list", "show", "template", NULL
};

static const struct {
	const char	*name;
	int		(*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "learnings", cmd_learnings },
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "template", cmd_template },
};

/*
 * "repair lsit" is a typo of a command, not a topic: a first word near
 * a command, alone or before options, is refused with the command meant.
 */
static void
bare_typo(int argc, char **argv)
{
	const char *near;

	if (argc < 2 || argv[1][0] == '-' ||
	    (argc > 2 && argv[2][0] != '-') ||
	    (near = tool_typo(argv[1], command_names)) == NULL)
		return;
	tool_errx(HX_USAGE, "unknown command '%s'; did you mean %s? (for a "
	    "repair about it: repair -- %s)", argv[1], near, argv[1]);
}

int
main(int argc, char *argv[])
{
	static struct ctx ctx;
	struct ctx *c = &ctx;
	static char name[] = "repair";
	struct herr e;
	size_t i;

	cli_setup();
	argv[0] = name;		/* getopt's messages name the tool */
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("repair %s\n", HEARTH_VERSION);
		return tool_finish(0);
	}
	if (cli_identity(&c->id, &e) == -1 || date_now(&c->now, &e) == -1)
		tool_die(&e);
	optind = 0;
	for (i = 0; argc > 1 && i < sizeof(commands) / sizeof(commands[0]);
	    i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			argv[1] = argv[0];
			return commands[i].fn(c, argc - 1, argv + 1);
		}
	bare_typo(argc, argv);
	return cmd_write(c, argc, argv);
}
