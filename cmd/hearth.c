/*
 * hearth: the store itself: a summary, the config, and a health check.
 *
 * "doctor" reads the store as an auditor, not as a tool: it opens what
 * the tools would refuse (a store others can read, a file with the wrong
 * mode) so that it can say what is wrong.  It never follows a symlink and
 * never changes a byte unless asked to --fix, and even then it only
 * corrects modes and moves unterminated tails aside; records are never
 * edited or deleted.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "config.h"
#include "herr.h"
#include "hrand.h"
#include "io.h"
#include "lines.h"
#include "paths.h"
#include "record.h"
#include "store.h"
#include "storeint.h"
#include "text.h"

/* The tools of the toolkit that keep logs in the store. */
static const struct {
	const char	*name;
	const char	*dir;		/* its logs in the store */
	const char	*what;
	const char	*one, *unit;
} tools[] = {
	{ "ask", "ask", "questions that keep you talking", "record",
	    "records" },
	{ "gratitude", "gratitude", "a shared log of appreciations", "entry",
	    "entries" },
	{ "listen-timer", "listen", "speaker and listener turns, timed",
	    "session", "sessions" },
	{ "ritual", "ritual", "small rituals of connection, kept over time",
	    "record", "records" },
};
#define NTOOLS (sizeof(tools) / sizeof(tools[0]))

static int	 fixflag;	/* doctor --fix */

static void __attribute__((noreturn))
usage_to(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hearth\n"
	    "       hearth init [--name NAME] [--partner NAME] [--seed SEED]\n"
	    "       hearth doctor [--fix]\n"
	    "       hearth path\n");
	exit(status);
}

static void __attribute__((noreturn))
usage(void)
{
	usage_to(stderr, HX_USAGE);
}

static void __attribute__((noreturn))
die(const struct herr *e)
{
	errx(e->code, "%s", e->msg);
}

static int
finish(int status)
{
	struct herr e;

	if (cli_finish(&e) == -1)
		die(&e);
	return status;
}

static void
quiet_line(void *arg, const char *file, size_t line, const char *why)
{
	size_t *bad = arg;

	(*bad)++;
}

/* ---- the summary ---- */

static void
summarize(struct store *st, size_t t)
{
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct record r;
	struct herr e;
	char **authors, last[11] = "";
	size_t na, a, *count, total = 0, bad = 0;
	int n;

	q.tool = tools[t].dir;
	q.warn = quiet_line;
	q.warn_arg = &bad;
	if (store_authors(st, q.tool, &authors, &e) == -1)
		die(&e);
	for (na = 0; authors[na] != NULL; na++)
		;
	if ((count = calloc(na + 1, sizeof(*count))) == NULL)
		err(HX_IOERR, "memory");
	if (store_read_open(&rd, st, &q, &e) == -1)
		die(&e);
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
		die(&e);
	store_read_close(rd);
	printf("%-13s", tools[t].name);
	if (total == 0)
		printf("nothing yet");
	else {
		printf("%zu %s (", total, total == 1 ? tools[t].one :
		    tools[t].unit);
		for (a = 0; a < na; a++)
			printf("%s%s %zu", a ? ", " : "", authors[a], count[a]);
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
	for (t = 0; t < NTOOLS; t++)
		printf("  %-13s%s\n", tools[t].name, tools[t].what);
	putchar('\n');
	printf("%-13s%s\n", "author", id->author);
	printf("%-13s%s\n", "partner", id->partner ? id->partner :
	    "(not set; run hearth init)");
	if (store_open(&st, NULL, 0, &e) == -1) {
		if (e.code != HX_NOINPUT)
			die(&e);
		printf("%-13s%s (nothing stored yet)\n", "store", st.path);
		return finish(0);
	}
	printf("%-13s%s\n\n", "store", st.path);
	for (t = 0; t < NTOOLS; t++)
		summarize(&st, t);
	store_close(&st);
	return finish(0);
}

/* ---- init ---- */

/* Ask on the terminal; the answer, or def when it is left empty. */
static const char *
ask(FILE *tty, const char *question, const char *def, char *buf, size_t len)
{
	char *nl;

	for (;;) {
		fprintf(tty, "%s%s%s%s: ", question, def ? " [" : "",
		    def ? def : "", def ? "]" : "");
		fflush(tty);
		if (fgets(buf, (int)len, tty) == NULL) {
			fputc('\n', tty);
			return def;
		}
		if ((nl = strchr(buf, '\n')) != NULL)
			*nl = '\0';
		if (buf[0] == '\0')
			return def;
		if (author_valid(buf))
			return buf;
		fprintf(tty, "use 1 to 32 of a-z, 0-9, '.', '_', '-'\n");
	}
}

static int
cmd_init(struct identity *id, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "partner", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name = NULL, *partner = NULL, *seed = NULL, *old;
	char nbuf[64], pbuf[64], sbuf[17];
	struct store st;
	struct herr e;
	FILE *tty = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 'p':
			partner = optarg;
			break;
		case 's':
			seed = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (seed != NULL && (strlen(seed) < 4 || strlen(seed) > 64 ||
	    strspn(seed, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") != strlen(seed)))
		errx(HX_USAGE, "bad seed '%s' (use 4 to 64 letters, digits, "
		    "'_' or '-')", seed);
	/*
	 * The couple's shared seed makes ask --today the same on both
	 * machines; one is made when the config has none.
	 */
	if (seed == NULL && ((old = config_get(&id->cfg, "seed")) == NULL ||
	    *old == '\0')) {
		snprintf(sbuf, sizeof(sbuf), "%016llx",
		    (unsigned long long)hrand_u64());
		seed = sbuf;
	}
	if (name != NULL && !author_valid(name))
		errx(HX_USAGE, "bad name '%s' (use a-z, 0-9, '.', '_', '-')",
		    name);
	if (partner != NULL && !author_valid(partner))
		errx(HX_USAGE, "bad partner '%s' (use a-z, 0-9, '.', '_', "
		    "'-')", partner);
	if (name != NULL && partner != NULL && strcmp(name, partner) == 0)
		errx(HX_USAGE, "your name and your partner's are both '%s'",
		    name);
	if ((name == NULL || partner == NULL) && isatty(STDIN_FILENO))
		tty = fopen("/dev/tty", "r+");
	old = config_get(&id->cfg, "name");
	if (name == NULL && tty != NULL)
		name = ask(tty, "Your name", old ? old : id->author, nbuf,
		    sizeof(nbuf));
	if (name == NULL)
		name = old ? old : id->author;
	old = config_get(&id->cfg, "partner");
	if (partner == NULL && tty != NULL)
		partner = ask(tty, "Your partner's name", old, pbuf,
		    sizeof(pbuf));
	if (tty != NULL)
		fclose(tty);
	/* Copies: config_set frees the values that old pointed at. */
	if (name != nbuf)
		strlcpy(nbuf, name, sizeof(nbuf));
	name = nbuf;
	if (partner != NULL && partner != pbuf)
		strlcpy(pbuf, partner, sizeof(pbuf));
	partner = partner != NULL ? pbuf : NULL;
	if (config_set(&id->cfg, "name", name) == -1 ||
	    (partner != NULL && config_set(&id->cfg, "partner", partner) ==
	    -1) || (seed != NULL && config_set(&id->cfg, "seed", seed) == -1))
		err(HX_IOERR, "memory");
	if (config_save(&id->cfg, id->cfgpath, &e) == -1)
		die(&e);
	if (store_open(&st, NULL, 1, &e) == -1)
		die(&e);
	printf("config  %s\nstore   %s\nname    %s\npartner %s\nseed    %s\n",
	    id->cfgpath, st.path, name, partner ? partner : "(not set)",
	    config_get(&id->cfg, "seed"));
	if (seed == sbuf)
		fprintf(stderr, "hearth: a new shared seed; on your partner's "
		    "machine run: hearth init --seed %s\n", seed);
	store_close(&st);
	return finish(0);
}

/* ---- doctor ---- */

struct doctor {
	size_t	findings;
	size_t	fixed;
};

static void
finding(struct doctor *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
finding(struct doctor *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	d->findings++;
}

/* Check (and with --fix, correct) the mode and owner of fd. */
static void
check_mode(struct doctor *d, int fd, const char *path, mode_t want)
{
	struct stat sb;

	if (fstat(fd, &sb) == -1) {
		finding(d, "%s: %s", path, strerror(errno));
		return;
	}
	if (sb.st_uid != geteuid())
		finding(d, "%s: owned by uid %u, not by you", path,
		    (unsigned)sb.st_uid);
	if ((sb.st_mode & 07777) == want)
		return;
	if (fixflag && fchmod(fd, want) == 0) {
		printf("%s: mode %04o, set to %04o\n", path,
		    (unsigned)(sb.st_mode & 07777), (unsigned)want);
		d->fixed++;
		return;
	}
	finding(d, "%s: mode %04o, should be %04o", path,
	    (unsigned)(sb.st_mode & 07777), (unsigned)want);
}

/* Every line of a log, as the tools will read it. */
static void
check_log(struct doctor *d, struct store *st, int dfd, const char *tool,
    const char *name, const char *path)
{
	struct linereader lr;
	struct record r;
	struct stat sb;
	struct herr e;
	const char *line, *why;
	char author[NAME_MAX + 1];
	size_t len, lineno = 0, moved, alen;
	int fd, n, known, torn, inlong = 0;
	char last;

	alen = strlen(name) - 4;
	memcpy(author, name, alen);
	author[alen] = '\0';
	if ((fd = store_openat(dfd, name, O_RDONLY, path, &e)) == -1) {
		finding(d, "%s", e.msg);
		return;
	}
	check_mode(d, fd, path, 0600);
	if (fstat(fd, &sb) == -1) {
		finding(d, "%s: %s", path, strerror(errno));
		close(fd);
		return;
	}
	known = record_tool_known(tool);
	torn = sb.st_size > 0 && (io_pread_all(fd, &last, 1,
	    sb.st_size - 1) != 1 || last != '\n');
	linereader_init(&lr, fd, 0, sb.st_size);
	while ((n = linereader_next(&lr, &line, &len)) > 0) {
		if (lr.longline) {
			/* Reported once, at its first piece. */
			if (!inlong)
				finding(d, "%s:%zu: line longer than 4096 bytes",
				    path, ++lineno);
			inlong = n == 2;
			continue;
		}
		lineno++;
		if (torn && lr.eof && lr.pos == lr.end) {
			if (fixflag && store_fix_tail(st, tool, author, &moved,
			    &e) == 0) {
				printf("%s:%zu: moved an unterminated last line "
				    "(%zu bytes) to %s.torn\n", path, lineno,
				    moved, path);
				d->fixed++;
			} else
				finding(d, "%s:%zu: unterminated last line "
				    "(%zu bytes)", path, lineno, len);
			break;
		}
		if (record_read_line(&r, line, len, known ? tool : NULL,
		    author, &why) == -1)
			finding(d, "%s:%zu: %s", path, lineno, why);
	}
	if (n == -1)
		finding(d, "%s: %s", path, strerror(errno));
	linereader_free(&lr);
	close(fd);
}

static int
is_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static void
check_tooldir(struct doctor *d, struct store *st, const char *tool)
{
	char path[PATH_MAX], fpath[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	struct herr e;
	DIR *dir;
	int dfd, fd;

	snprintf(path, sizeof(path), "%s/%s", st->path, tool);
	dfd = openat(st->dirfd, tool, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (dfd == -1) {
		finding(d, "%s: %s", path, strerror(errno));
		return;
	}
	check_mode(d, dfd, path, 0700);
	if ((dir = fdopendir(dfd)) == NULL) {
		finding(d, "%s: %s", path, strerror(errno));
		close(dfd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(fpath, sizeof(fpath), "%s/%s", path, de->d_name);
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
			finding(d, "%s: %s", fpath, strerror(errno));
			continue;
		}
		if (S_ISLNK(sb.st_mode)) {
			finding(d, "%s: a symbolic link; the tools refuse it",
			    fpath);
			continue;
		}
		if (!S_ISREG(sb.st_mode)) {
			finding(d, "%s: not a regular file", fpath);
			continue;
		}
		if (is_suffix(de->d_name, ".log")) {
			check_log(d, st, dfd, tool, de->d_name, fpath);
			continue;
		}
		if ((fd = store_openat(dfd, de->d_name, O_RDONLY, fpath,
		    &e)) == -1) {
			finding(d, "%s", e.msg);
			continue;
		}
		check_mode(d, fd, fpath, 0600);
		close(fd);
		if (is_suffix(de->d_name, ".torn") && sb.st_size > 0)
			finding(d, "%s: %jd bytes set aside from unterminated "
			    "lines; read them, then delete the file", fpath,
			    (intmax_t)sb.st_size);
		else if (de->d_name[0] == '.' && strcmp(de->d_name, ".lock"))
			finding(d, "%s: left over from an interrupted rewrite; "
			    "compare it with the log, then delete it", fpath);
	}
	closedir(dir);
}

static int
cmd_doctor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fix", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct doctor d = { 0, 0 };
	struct dirent *de;
	struct stat sb;
	struct store st;
	struct herr e;
	DIR *dir;
	int ch, fd;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			fixflag = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (paths_store(st.path, sizeof(st.path), &e) == -1)
		die(&e);
	if (lstat(st.path, &sb) == -1) {
		if (errno == ENOENT) {
			fprintf(stderr, "hearth: no store at %s yet\n",
			    st.path);
			return finish(0);
		}
		err(HX_IOERR, "%s", st.path);
	}
	if ((st.dirfd = open(st.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		err(herr_code_for(errno), "%s", st.path);
	check_mode(&d, st.dirfd, st.path, 0700);
	if ((fd = dup(st.dirfd)) == -1 || (dir = fdopendir(fd)) == NULL)
		err(HX_IOERR, "%s", st.path);
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* ., .., and .git when synced */
		if (fstatat(st.dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ==
		    -1)
			continue;
		if (S_ISLNK(sb.st_mode))
			finding(&d, "%s/%s: a symbolic link; the tools refuse "
			    "it", st.path, de->d_name);
		else if (S_ISDIR(sb.st_mode))
			check_tooldir(&d, &st, de->d_name);
	}
	closedir(dir);
	close(st.dirfd);
	/* Quiet from cron when all is well; a person at a terminal is told. */
	if (d.findings == 0 && isatty(STDERR_FILENO))
		fprintf(stderr, "hearth: %s is in good health%s\n", st.path,
		    d.fixed ? " now" : "");
	return finish(d.findings ? HX_NO : 0);
}

int
main(int argc, char *argv[])
{
	struct identity id;
	struct herr e;
	char path[PATH_MAX];

	cli_setup();
	if (cli_wants_help(argc, argv))
		usage_to(stdout, 0);
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("hearth %s\n", HEARTH_VERSION);
		return finish(0);
	}
	optind = 0;
	if (argc > 1 && strcmp(argv[1], "doctor") == 0) {
		argv[1] = argv[0];	/* getopt's messages name the tool */
		return cmd_doctor(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "path") == 0) {
		if (argc != 2)
			usage();
		if (paths_store(path, sizeof(path), &e) == -1)
			die(&e);
		printf("%s\n", path);
		return finish(0);
	}
	if (cli_identity(&id, &e) == -1)
		die(&e);
	if (argc == 1)
		return cmd_status(&id);
	if (strcmp(argv[1], "init") == 0) {
		argv[1] = argv[0];
		return cmd_init(&id, argc - 1, argv + 1);
	}
	warnx("unknown command '%s'", argv[1]);
	usage();
}
