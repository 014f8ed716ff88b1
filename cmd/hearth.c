/*
 * hearth: the store itself: a summary, the config, and a health check.
 *
 * The tools it summarises come from the registry (common/registry.c).
 * "doctor" prints what store_audit finds: the store read as an auditor,
 * not as a tool.  It never changes a byte unless asked to --fix, and
 * even then only modes and unterminated tails; records are never edited
 * or deleted.
 */
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
#include "adopt.h"
#include "config.h"
#include "export.h"
#include "herr.h"
#include "hrand.h"
#include "json.h"
#include "lines.h"
#include "news.h"
#include "paths.h"
#include "record.h"
#include "ritual.h"
#include "registry.h"
#include "settings.h"
#include "store.h"
#include "sync.h"
#include "tool.h"

static const char usage_text[] =
	    "usage: hearth\n"
	    "       hearth init [--name NAME] [--partner NAME] [--seed SEED]\n"
	    "                   [--adopt | --no-adopt]\n"
	    "       hearth set [KEY [VALUE]]\n"
	    "       hearth sync [-q] [URL]\n"
	    "       hearth news [--json]\n"
	    "       hearth export [--json]\n"
	    "       hearth import [FILE | -]\n"
	    "       hearth doctor [--fix]\n"
	    "       hearth path\n";

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

static void
quiet_line(void *arg, const char *file, size_t line, const char *why)
{
	size_t *bad = arg;

	(*bad)++;
}

/* ---- the summary ---- */

static void
summarize(struct store *st, const struct tooldef *t)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct herr e;
	char **authors, last[11] = "";
	size_t na, a, *count, total = 0, bad = 0;
	int n;

	q.tool = t->dir;
	q.warn = quiet_line;
	q.warn_arg = &bad;
	if (store_authors(st, q.tool, &authors, &e) == -1)
		tool_die(&e);
	for (na = 0; authors[na] != NULL; na++)
		;
	count = xcalloc(na + 1, sizeof(*count));
	if (store_read_open(&rd, st, &q, &e) == -1)
		tool_die(&e);
	while ((n = store_read_next(rd, &r, &e)) == 1) {
		for (a = 0; a < na; a++)
			if (r.flen[RF_AUTHOR] == strlen(authors[a]) &&
			    memcmp(r.f[RF_AUTHOR], authors[a],
			    r.flen[RF_AUTHOR]) == 0)
				count[a]++;
		total++;
		memcpy(last, r.f[RF_TIME], 10);
	}
	if (n == -1)
		tool_die(&e);
	store_read_close(rd);
	printf("%-13s", t->name);
	if (total == 0)
		printf("nothing yet");
	else {
		printf("%zu %s (", total, total == 1 ? t->one : t->many);
		for (a = 0; a < na; a++)
			printf("%s%s %zu", a ? ", " : "", tool_safez(authors[a]),
			    count[a]);
		printf("), last %s", last);
	}
	if (bad > 0)
		printf("; %zu malformed line%s (run hearth doctor)", bad,
		    bad == 1 ? "" : "s");
	putchar('\n');
	free(count);
	store_authors_free(authors);
}

static int
cmd_status(struct identity *id)
{
	struct store st;
	struct herr e;
	size_t t;

	printf("hearth %s: small tools for two people who want to stay "
	    "close\n\n", HEARTH_VERSION);
	for (t = 0; t < registry_len; t++)
		printf("  %-13s%s\n", registry[t].name, registry[t].what);
	putchar('\n');
	printf("%-13s%s\n", "author", id->author);
	printf("%-13s%s\n", "partner", id->partner ? id->partner :
	    "(not set; run hearth init)");
	if (store_open(&st, NULL, 0, &e) == -1) {
		if (e.code != HX_NOINPUT)
			tool_die(&e);
		printf("%-13s%s (nothing stored yet)\n", "store", st.path);
		return tool_finish(0);
	}
	printf("%-13s%s\n\n", "store", st.path);
	for (t = 0; t < registry_len; t++)
		summarize(&st, &registry[t]);
	store_close(&st);
	return tool_finish(0);
}

/* ---- init ---- */

/* The terminal, for the questions init asks: read and written apart. */
struct tty {
	FILE	*in, *out;
	char	*line;
	size_t	 cap;
};

static int
tty_open(struct tty *t)
{
	memset(t, 0, sizeof(*t));
	if (!isatty(STDIN_FILENO))
		return 0;
	if ((t->in = fopen("/dev/tty", "r")) == NULL)
		return 0;
	if ((t->out = fopen("/dev/tty", "w")) == NULL) {
		fclose(t->in);
		t->in = NULL;
		return 0;
	}
	return 1;
}

static void
tty_close(struct tty *t)
{
	if (t->in != NULL)
		fclose(t->in);
	if (t->out != NULL)
		fclose(t->out);
	free(t->line);
}

/*
 * Ask for a name on the terminal: the answer (in t->line), or def when
 * it is left empty or the terminal closes.  A name that is not one (too
 * long, or with other characters) is refused and asked again.
 */
static const char *
tty_name(struct tty *t, const char *question, const char *def)
{
	ssize_t n;

	for (;;) {
		fprintf(t->out, "%s%s%s%s: ", question, def ? " [" : "",
		    def ? tool_safez(def) : "", def ? "]" : "");
		fflush(t->out);
		if ((n = getline(&t->line, &t->cap, t->in)) == -1) {
			fputc('\n', t->out);
			return def;
		}
		if (n > 0 && t->line[n - 1] == '\n')
			t->line[--n] = '\0';
		if (n == 0)
			return def;
		if (author_valid(t->line))
			return t->line;
		fprintf(t->out, "use 1 to %d of a-z, 0-9, '.', '_', '-'\n",
		    AUTHOR_MAX);
	}
}

struct names {
	const char	*name, *partner, *seed;
	int		 adopt;		/* 1 --adopt, 0 --no-adopt, -1 ask */
	char		 have[SETTING_MAX + 1];	/* the store's seed */
	char		 nbuf[AUTHOR_MAX + 1], pbuf[AUTHOR_MAX + 1];
	char		 sbuf[17];
};

static void
init_options(struct names *nm, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "partner", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "adopt", no_argument, NULL, 'a' },
		{ "no-adopt", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'n':
			nm->name = optarg;
			break;
		case 'p':
			nm->partner = optarg;
			break;
		case 's':
			nm->seed = optarg;
			break;
		case 'a':
		case 'A':
			nm->adopt = ch == 'a';
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

static void
init_check(const struct names *nm)
{
	const char *seed = nm->seed;

	if (seed != NULL && (strlen(seed) < 4 || strlen(seed) > 64 ||
	    strspn(seed, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") != strlen(seed)))
		tool_errx(HX_USAGE, "bad seed '%s' (use 4 to 64 letters, "
		    "digits, '_' or '-')", seed);
	if (nm->name != NULL && !author_valid(nm->name))
		tool_errx(HX_USAGE, "bad name '%s' (use a-z, 0-9, '.', '_', "
		    "'-')", nm->name);
	if (nm->partner != NULL && !author_valid(nm->partner))
		tool_errx(HX_USAGE, "bad partner '%s' (use a-z, 0-9, '.', "
		    "'_', '-')", nm->partner);
	if (nm->name != NULL && nm->partner != NULL &&
	    strcmp(nm->name, nm->partner) == 0)
		tool_errx(HX_USAGE, "your name and your partner's are both "
		    "'%s'", nm->name);
}

/*
 * What the flags left out: asked on a terminal, else kept from the
 * config.  The names are copied, since config_set frees the values
 * that the config's own pointers point at.
 */
static void
init_ask(struct names *nm, struct identity *id)
{
	const char *old;
	struct tty t;
	int tty = 0;

	if (nm->name == NULL || nm->partner == NULL)
		tty = tty_open(&t);
	old = config_get(&id->cfg, "name");
	if (nm->name == NULL && tty)
		nm->name = tty_name(&t, "Your name", old ? old : id->author);
	if (nm->name == NULL)
		nm->name = old ? old : id->author;
	strlcpy(nm->nbuf, nm->name, sizeof(nm->nbuf));
	nm->name = nm->nbuf;
	old = config_get(&id->cfg, "partner");
	if (nm->partner == NULL && tty)
		nm->partner = tty_name(&t, "Your partner's name", old);
	if (nm->partner == NULL)
		nm->partner = old;
	if (nm->partner != NULL) {
		strlcpy(nm->pbuf, nm->partner, sizeof(nm->pbuf));
		nm->partner = nm->pbuf;
	}
	if (tty)
		tty_close(&t);
}

/* Whether to adopt n entries written as login: the flag, else asked. */
static int
adopt_wanted(const struct names *nm, const char *login, size_t n)
{
	struct tty t;
	const char *a;
	int yes;

	if (nm->adopt != -1)
		return nm->adopt;
	if (!tty_open(&t)) {
		tool_warnx("%zu entr%s written here as '%s' before you named "
		    "yourself were left as they are; run hearth init --adopt to "
		    "store them as '%s' (or --no-adopt)", n, n == 1 ? "y" : "ies",
		    login, nm->name);
		return 0;
	}
	fprintf(t.out, "%zu entr%s written here as '%s' before you named "
	    "yourself. Store them as '%s'? [Y/n] ", n, n == 1 ? "y was" :
	    "ies were", login, nm->name);
	fflush(t.out);
	a = getline(&t.line, &t.cap, t.in) == -1 ? "n" : t.line;
	yes = a[0] != 'n' && a[0] != 'N';
	tty_close(&t);
	return yes;
}

/*
 * Entries written under the login name before a name was configured
 * (make run, a first try) would show up as a third person after the
 * first sync: adopt them under the name, when the login is neither of
 * the couple.
 */
static void
init_adopt(struct store *st, const struct names *nm)
{
	char login[AUTHOR_MAX + 1];
	struct herr e;
	size_t n, moved;

	if (paths_login(login, sizeof(login)) == -1 ||
	    !author_valid(login) || strcmp(login, nm->name) == 0 ||
	    (nm->partner != NULL && strcmp(login, nm->partner) == 0))
		return;
	if (adopt_count(st, login, &n, &e) == -1)
		tool_die(&e);
	if (n == 0 || !adopt_wanted(nm, login, n))
		return;
	if (adopt_author(st, login, nm->name, &moved, &e) == -1)
		tool_die(&e);
	tool_warnx("%zu entr%s of '%s' now stored as '%s'", moved,
	    moved == 1 ? "y" : "ies", login, nm->name);
}

/*
 * The couple's shared seed, which makes ask --today the same on both
 * machines, is a setting in the store, so that it syncs: --seed records
 * it; else one the store has stays; else an older config's is moved into
 * the store; else a new one is made.  The seed in effect goes to seed.
 */
static void
init_seed(struct store *st, const struct identity *id, struct names *nm,
    const char **seed)
{
	struct settings set;
	struct herr e;
	const char *have, *old;

	if (settings_load(st, &set, tool_warn_line, NULL, &e) == -1)
		tool_die(&e);
	have = settings_get(&set, "seed");
	old = config_get(&id->cfg, "seed");
	if (nm->seed == NULL && have != NULL) {
		/* set goes when this returns: keep a copy. */
		strlcpy(nm->have, have, sizeof(nm->have));
		*seed = nm->have;
		return;
	}
	if (nm->seed == NULL && old != NULL && *old != '\0' &&
	    settings_check("seed", old) == NULL)
		nm->seed = old;
	if (nm->seed == NULL) {
		snprintf(nm->sbuf, sizeof(nm->sbuf), "%016llx",
		    (unsigned long long)hrand_u64());
		nm->seed = nm->sbuf;
	}
	if ((have == NULL || strcmp(have, nm->seed) != 0) &&
	    settings_set(st, nm->name, "seed", nm->seed, &e) == -1)
		tool_die(&e);
	*seed = nm->seed;
}

static int
cmd_init(struct identity *id, int argc, char **argv)
{
	struct names nm = { NULL, NULL, NULL, -1, "", "", "", "" };
	struct store st;
	struct herr e;
	const char *seed;

	init_options(&nm, argc, argv);
	init_check(&nm);
	init_ask(&nm, id);
	xcheck(config_set(&id->cfg, "name", nm.name));
	if (nm.partner != NULL)
		xcheck(config_set(&id->cfg, "partner", nm.partner));
	if (config_save(&id->cfg, id->cfgpath, &e) == -1)
		tool_die(&e);
	tool_store(&st, 1);
	init_adopt(&st, &nm);
	init_seed(&st, id, &nm, &seed);
	printf("config  %s\nstore   %s\nname    %s\npartner %s\nseed    %s\n",
	    tool_safez(id->cfgpath), tool_safez(st.path), nm.name,
	    nm.partner ? nm.partner : "(not set)", tool_safez(seed));
	if (nm.seed == nm.sbuf)
		tool_warnx("a new shared seed; it reaches your partner's "
		    "machine with hearth sync (or run there: hearth init "
		    "--seed %s)", nm.seed);
	store_close(&st);
	return tool_finish(0);
}

/* ---- the couple's disagreements ---- */

/*
 * Each ritual both partners defined with different schedules before
 * their machines synced, one sentence each, to fn.
 */
static void
ritual_disagreements(struct store *st, void (*fn)(void *, const char *),
    void *arg)
{
	const struct ritual *v[32];
	struct ritual_set set;
	struct buf b = BUF_INIT;
	struct hmoment now;
	struct herr e;
	size_t i, n;

	ritual_set_init(&set);
	if (date_now(&now, &e) == 0 &&
	    ritual_load(&set, st, date_local_day(&now), NULL, NULL, &e) == 0) {
		n = ritual_disputes(&set, v, 32);
		for (i = 0; i < n && i < 32; i++) {
			buf_reset(&b);
			xcheck(buf_printf(&b, "ritual '%s': ", v[i]->name));
			xcheck(ritual_dispute_text(v[i], &b));
			xcheck(buf_adds(&b, "; 'ritual add' of it settles it"));
			xcheck(buf_nul(&b));
			fn(arg, b.p);
		}
	}
	buf_free(&b);
	ritual_set_free(&set);
}

/* ---- doctor ---- */

struct doctor {
	size_t	findings;
	size_t	fixed;
};

static void
finding(void *arg, const char *path, size_t line, const char *msg,
    int fixed)
{
	struct doctor *d = arg;

	if (line > 0)
		printf("%s:%zu: %s\n", tool_safez(path), line,
		    tool_safez(msg));
	else
		printf("%s: %s\n", tool_safez(path), tool_safez(msg));
	if (fixed)
		d->fixed++;
	else
		d->findings++;
}

struct doctor_at {
	struct doctor	*d;
	const char	*path;
};

static void
doctor_ritual(void *arg, const char *msg)
{
	struct doctor_at *at = arg;

	finding(at->d, at->path, 0, msg, 0);
}

/*
 * A sync that refused what came is blocked until the remote mends; a
 * ritual defined twice is the couple's to settle.
 */
static void
doctor_sync(struct doctor *d)
{
	char why[1024], msg[1100];
	struct doctor_at at;
	struct store st;
	struct herr e;

	if (store_open(&st, NULL, 0, &e) == -1)
		return;
	if (sync_blocked(&st, why, sizeof(why))) {
		snprintf(msg, sizeof(msg), "syncing is blocked: %s", why);
		finding(d, st.path, 0, msg, 0);
	}
	at.d = d;
	at.path = st.path;
	ritual_disagreements(&st, doctor_ritual, &at);
	store_close(&st);
}

static int
cmd_doctor(struct identity *unused, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fix", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct doctor d = { 0, 0 };
	struct identity id;
	char path[PATH_MAX];
	const char *self;
	struct herr e;
	int ch, fix = 0;

	while ((ch = tool_getopt(argc, argv, "h", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'f':
			fix = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/*
	 * Only your own logs are mended; with a config that cannot be
	 * read, none are, and the config is the first finding.
	 */
	if (cli_identity(&id, &e) == -1) {
		finding(&d, "config", 0, e.msg, 0);
		self = NULL;
	} else
		self = id.author;
	if (store_audit(self, fix, finding, &d, path, sizeof(path),
	    &e) == -1) {
		if (e.code != HX_NOINPUT)
			tool_die(&e);
		tool_warnx("no store at %s yet", path);
		return tool_finish(0);
	}
	doctor_sync(&d);
	/* Quiet from cron when all is well; a person at a terminal is told. */
	if (d.findings == 0 && isatty(STDERR_FILENO))
		tool_warnx("%s is in good health%s", path,
		    d.fixed ? " now" : "");
	return tool_finish(d.findings ? HX_NO : 0);
}

/* ---- the couple's settings ---- */

static void
print_setting(const struct settings *set, const char *key)
{
	const struct setting *v = settings_find(set, key);
	char day[11];

	if (v == NULL) {
		printf("%-12s (not set)\n", key);
		return;
	}
	date_day(&v->when, day);
	printf("%-12s %s\t(%s, %s)\n", key, tool_safez(v->value),
	    tool_safez(v->by), day);
}

/*
 * hearth set: list the settings; hearth set KEY: its value alone (exit
 * 1 when unset); hearth set KEY VALUE: record it.
 */
static int
cmd_set(struct identity *id, int argc, char **argv)
{
	struct settings set;
	struct store st;
	struct herr e;
	const char *v;
	size_t i;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", tool_help_only,
	    usage_text)) != -1)
		usage();
	argc -= optind;
	argv += optind;
	if (argc > 2)
		usage();
	if (argc == 2) {
		tool_store(&st, 1);
		if (settings_set(&st, id->author, argv[0], argv[1], &e) == -1)
			tool_die(&e);
		store_close(&st);
		return tool_finish(0);
	}
	if (argc == 1 && settings_check(argv[0], "") == settings_unknown)
		tool_errx(HX_USAGE, "unknown setting '%s' (%s)", argv[0],
		    settings_unknown);
	memset(&set, 0, sizeof(set));
	if (tool_store(&st, 0)) {
		if (settings_load(&st, &set, tool_warn_line, NULL, &e) == -1)
			tool_die(&e);
		store_close(&st);
	}
	if (argc == 1) {
		if ((v = settings_get(&set, argv[0])) == NULL)
			return tool_finish(HX_NO);
		printf("%s\n", tool_safez(v));
		return tool_finish(0);
	}
	for (i = 0; settings_keys[i] != NULL; i++)
		print_setting(&set, settings_keys[i]);
	return tool_finish(0);
}

/* ---- sync ---- */

/* What came of one kind, for the news. */
struct told {
	const struct record_kind *k;
	size_t		 count;
	struct buf	 names;		/* "walk, tea" */
	size_t		 nnames;
};

#define NAMES_MAX	5

/* Count one line that came; names kept for kinds that have them. */
static void
tell_line(struct told *t, size_t nt, const char *dir, const char *line,
    size_t len)
{
	const struct record_kind *k = registry_kinds(dir);
	struct buf name = BUF_INIT;
	struct record r;
	const char *why;
	size_t i;

	if (k == NULL || record_parse(&r, line, len, k, &why) == -1)
		return;
	while (k->kind != NULL && (r.flen[RF_KIND] != strlen(k->kind) ||
	    memcmp(r.f[RF_KIND], k->kind, r.flen[RF_KIND]) != 0))
		k++;
	for (i = 0; i < nt && t[i].k != k; i++)
		;
	if (i == nt)
		return;		/* not news */
	t[i].count++;
	if (k->named == 0 || t[i].nnames == NAMES_MAX)
		return;
	xcheck(record_text(&r, (size_t)k->named, &name));
	xcheck(buf_nul(&name));
	xcheck(buf_nul(&t[i].names));
	if (strstr(t[i].names.p, tool_safez(name.p)) == NULL) {
		xcheck(buf_printf(&t[i].names, "%s%s", t[i].nnames ? ", " :
		    "", tool_safez(name.p)));
		t[i].nnames++;
	}
	buf_free(&name);
}

/* "from ben: 3 gratitudes, 1 answer, 2 rituals kept (walk, tea)" */
static void
tell_author(const struct sync_report *rep, const char *author)
{
	struct told t[64];
	const struct record_kind *k;
	const char *p, *l;
	size_t nt = 0, i, j, n, said = 0;

	for (i = 0; i < rep->n; i++) {
		if (strcmp(rep->v[i].author, author) != 0 ||
		    (k = registry_kinds(rep->v[i].dir)) == NULL)
			continue;
		for (; k->kind != NULL && nt < 64; k++)
			if (k->one != NULL) {
				memset(&t[nt], 0, sizeof(t[nt]));
				t[nt++].k = k;
			}
		p = rep->v[i].lines.p;
		while (line_next(&p, rep->v[i].lines.p + rep->v[i].lines.len,
		    &l, &n, NULL) == 1)
			tell_line(t, nt, rep->v[i].dir, l, n);
	}
	for (j = 0; j < nt; j++) {
		if (t[j].count == 0)
			continue;
		printf("%s%zu %s", said++ ? ", " : "", t[j].count,
		    t[j].count == 1 ? t[j].k->one : t[j].k->many);
		if (t[j].nnames > 0 && buf_nul(&t[j].names) == 0)
			printf(" (%s)", t[j].names.p);
	}
	for (j = 0; j < nt; j++)
		buf_free(&t[j].names);
	if (said > 0)
		putchar('\n');
}

static void
tell(const struct sync_report *rep)
{
	size_t i, j;

	for (i = 0; i < rep->n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(rep->v[j].author, rep->v[i].author) == 0)
				break;
		if (j < i || rep->v[i].n == 0)
			continue;
		printf("from %s: ", tool_safez(rep->v[i].author));
		tell_author(rep, rep->v[i].author);
	}
}

static void
say_line(void *unused, const char *msg)
{
	printf("%s\n", tool_safez(msg));
}

static int
cmd_sync(struct identity *id, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sync_report rep;
	struct store st;
	struct herr e;
	int ch, quiet = 0, r;

	while ((ch = tool_getopt(argc, argv, "hq", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	tool_store(&st, 1);
	r = sync_run(&st, id->author, argc == 1 ? argv[0] : NULL, &rep, &e);
	if (r == 0 && !quiet) {
		if (rep.created)
			printf("the store is now a git repository, synced with "
			    "%s\n", tool_safez(argv[0]));
		tell(&rep);
		ritual_disagreements(&st, say_line, NULL);
	}
	sync_report_free(&rep);
	store_close(&st);
	if (r == -1)
		tool_die(&e);
	return tool_finish(0);
}

/* ---- news ---- */

/* One JSON line a record that came: tool, author, time, kind, id. */
static void
news_json(const struct sync_report *rep)
{
	struct buf out = BUF_INIT;
	struct record r;
	const char *p, *l, *why;
	char id[RECORD_ID_LEN + 1];
	size_t i, n;

	for (i = 0; i < rep->n; i++) {
		p = rep->v[i].lines.p;
		while (line_next(&p, rep->v[i].lines.p + rep->v[i].lines.len,
		    &l, &n, NULL) == 1) {
			if (record_parse(&r, l, n, NULL, &why) == -1)
				continue;
			record_id(l, n, id);
			buf_reset(&out);
			if (json_open(&out) == -1 ||
			    json_kv_strz(&out, "tool", rep->v[i].dir) == -1 ||
			    json_kv_str(&out, "author", r.f[RF_AUTHOR],
			    r.flen[RF_AUTHOR]) == -1 ||
			    json_kv_str(&out, "time", r.f[RF_TIME],
			    r.flen[RF_TIME]) == -1 ||
			    json_kv_str(&out, "kind", r.f[RF_KIND],
			    r.flen[RF_KIND]) == -1 ||
			    json_kv_str(&out, "id", id, RECORD_ID_LEN) == -1 ||
			    json_close(&out) == -1)
				xcheck(-1);
			fwrite(out.p, 1, out.len, stdout);
		}
	}
	buf_free(&out);
}

/* hearth news: what the partner added since you last looked (exit 1: none). */
static int
cmd_news(struct identity *id, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sync_report rep;
	struct store st;
	struct herr e;
	int ch, json = 0, r;

	while ((ch = tool_getopt(argc, argv, "h", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!tool_store(&st, 0))
		return tool_finish(HX_NO);
	if (news_collect(&st, id->author, 1, tool_warn_line, NULL, &rep,
	    &e) == -1)
		tool_die(&e);
	if (json)
		news_json(&rep);
	else
		tell(&rep);
	r = rep.n > 0 ? 0 : HX_NO;
	sync_report_free(&rep);
	store_close(&st);
	return tool_finish(r);
}

/* ---- export and import ---- */

/* export_store's emit: one JSON line to stdout. */
static int
emit_stdout(void *arg, const char *line, size_t len)
{
	return fwrite(line, 1, len, stdout) == len ? 0 : -1;
}

/*
 * hearth export [--json]: every record of the store, both partners',
 * as JSON Lines on stdout (the only format; --json says so in scripts).
 */
static int
cmd_export(struct identity *id, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct store st;
	struct herr e;
	int ch;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1)
		if (ch != 'j')
			usage();
	if (optind != argc)
		usage();
	if (!tool_store(&st, 0))
		return tool_finish(0);	/* no store yet: nothing to export */
	if (export_store_warn(&st, emit_stdout, NULL, tool_warn_line, NULL,
	    &e) == -1) {
		if (ferror(stdout))
			return tool_finish(0);	/* it reports stdout */
		tool_die(&e);
	}
	store_close(&st);
	return tool_finish(0);
}

/*
 * hearth import [FILE | -]: read an export back into the store.  Every
 * malformed line is reported and then nothing is stored; records the
 * store holds already are skipped, so importing twice adds nothing.
 */
static int
cmd_import(struct identity *id, int argc, char **argv)
{
	struct store st;
	struct herr e;
	const char *name;
	size_t added, skipped;
	int ch, fd, r;

	while ((ch = tool_getopt(argc, argv, "h", tool_help_only,
	    usage_text)) != -1)
		usage();
	argc -= optind;
	argv += optind;
	if (argc > 1 || (argc == 0 && isatty(STDIN_FILENO)))
		usage();
	name = argc == 1 ? argv[0] : "-";
	if (strcmp(name, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(name, O_RDONLY | O_CLOEXEC)) == -1)
		tool_err(errno == ENOENT ? HX_NOINPUT : herr_code_for(errno),
		    "%s", name);
	tool_store(&st, 1);
	r = import_fd(&st, name, fd, tool_warn_line, NULL, &added, &skipped,
	    &e);
	if (fd != STDIN_FILENO)
		close(fd);
	store_close(&st);
	if (r == -1) {
		if (added > 0)
			tool_warnx("%zu record%s imported before the error",
			    added, added == 1 ? "" : "s");
		tool_die(&e);
	}
	tool_warnx("%zu record%s imported, %zu already in the store", added,
	    added == 1 ? "" : "s", skipped);
	return tool_finish(0);
}

/* hearth path: the store's path, for scripts. */
static int
cmd_path(struct identity *id, int argc, char **argv)
{
	char path[PATH_MAX];
	struct herr e;

	while (tool_getopt(argc, argv, "h", tool_help_only, usage_text) != -1)
		usage();
	if (optind != argc)
		usage();
	if (paths_store(path, sizeof(path), &e) == -1)
		tool_die(&e);
	printf("%s\n", path);
	return tool_finish(0);
}

/* Each command; doctor and path run without an identity. */
static const struct {
	const char	*name;
	int		(*fn)(struct identity *, int, char **);
	int		 identity;
} commands[] = {
	{ "init", cmd_init, 1 },
	{ "sync", cmd_sync, 1 },
	{ "news", cmd_news, 1 },
	{ "set", cmd_set, 1 },
	{ "export", cmd_export, 1 },
	{ "import", cmd_import, 1 },
	{ "doctor", cmd_doctor, 0 },
	{ "path", cmd_path, 0 },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

int
main(int argc, char *argv[])
{
	const char *names[NCOMMANDS + 1];
	struct identity id;
	struct herr e;
	size_t i;

	cli_setup();
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		tool_usage(usage_text, 0);
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("hearth %s\n", HEARTH_VERSION);
		return tool_finish(0);
	}
	optind = 0;
	for (i = 0; i < NCOMMANDS; i++) {
		names[i] = commands[i].name;
		if (argc < 2 || strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (commands[i].identity && cli_identity(&id, &e) == -1)
			tool_die(&e);
		argv[1] = argv[0];	/* getopt's messages name the tool */
		return commands[i].fn(&id, argc - 1, argv + 1);
	}
	names[NCOMMANDS] = NULL;
	if (argc > 1)
		tool_unknown_command(argv[1], names, usage_text);
	if (cli_identity(&id, &e) == -1)
		tool_die(&e);
	return cmd_status(&id);
}
