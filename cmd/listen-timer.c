/*
 * listen-timer: speaker and listener turns, timed.
 *
 * A session is a list of phases: in each round, each partner speaks for a
 * turn while the other listens, and then the listener says back what they
 * heard (the reflect step).  The plan and its clock are common/phase.c,
 * which never reads a clock itself: this file reads CLOCK_MONOTONIC and
 * hands it the time.  A phase ends at an absolute monotonic deadline, a
 * pause moves the deadline, and nothing but the deadline decides when a
 * phase is over, so redraws and keys cannot make the clock drift.  What
 * is here is the rest: the terminal, the keys, the signals, the hooks, the
 * lines and the screen.
 *
 * On a terminal the screen is redrawn at most four times a second from a
 * poll(2) on /dev/tty; between redraws the process sleeps.  The terminal
 * is put back as it was on every way out: the end, q, a signal (INT, TERM,
 * HUP), a suspend (TSTP, then CONT puts it back in raw mode and redraws),
 * and exit(3) itself.  Without a terminal, a line is printed at each
 * phase change and the session runs to its end.
 *
 * Each session is appended to the author's "listen" log:
 *
 *	TIME TAB AUTHOR TAB session TAB STATUS TAB TOPIC TAB PHASES
 *
 * STATUS is "finished" or "ended"; PHASES is one "phase:speaker:listener:
 * planned:actual" a phase, space-separated, in seconds.
 *
 * log lists the sessions of both partners.  The partner's arrive from
 * another machine, so a session is read only as phase_format writes it:
 * the store reader checks each with phase_record_check (the registry's
 * check of the kind), and skips any other as malformed, reporting it as
 * FILE:LINE: reason through tool_warn_line as it reads it.  A malformed
 * line dated outside --since is not read, so not reported.
 */
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "config.h"
#include "date.h"
#include "herr.h"
#include "json.h"
#include "phase.h"
#include "record.h"
#include "store.h"
#include "text.h"
#include "tool.h"
#include "tty.h"

#define TOOL		"listen"
#define KIND		"session"
#define TOPIC_MAX	1024
#define DURATION_MAX	PHASE_SECONDS_MAX	/* a day */
#define REDRAW_MS	250
#define HOOK_VARS	5

extern char **environ;

/* Option flags; the signal flags are in tty.c. */
static int	 bell = 1;
static int	 wait_key;
static int	 jflag;

/* Keys without waiting, on an alternate screen; typed-ahead keys dropped. */
static const struct tty_mode screen_mode = {
	.vmin = 0,
	.when = TCSAFLUSH,
	.iflag_off = 0,
	.enter = "\033[?1049h\033[?25l",
	.leave = "\033[?25h\033[?1049l",
};

struct session {
	struct phase_session ps;
	char		 topic[TOPIC_MAX + 1];
	char		 names[2][AUTHOR_MAX + 1];
	const char	*exec;
	int		 out_errno;	/* the first failed write of a line */
};

static const char *const rule[] = {
	[PHASE_SPEAK] = "speak about your own feelings, in short pieces",
	[PHASE_REFLECT] = "say back what you heard; the speaker corrects "
	    "until it is right",
};
static const char *const listen_rule[] = {
	[PHASE_SPEAK] = "listen fully, don't interrupt, don't defend",
	[PHASE_REFLECT] = "listen, then say what was missed or not quite "
	    "right",
};

/* What the hook is told, in its environment. */
static const char *const hook_var[HOOK_VARS] = {
	"HEARTH_PHASE", "HEARTH_SPEAKER", "HEARTH_LISTENER", "HEARTH_TOPIC",
	"HEARTH_SECONDS",
};

static const char usage_text[] =
	    "usage: listen-timer [-t TURN] [-r REFLECT] [-n ROUNDS] "
	    "[-p NAME,NAME]\n"
	    "                    [--no-bell] [--wait] [--exec CMD] "
	    "[TOPIC...]\n"
	    "       listen-timer log [--since DATE] [--json]\n";

static void __attribute__((noreturn))
usage(void)
{
	tool_usage(usage_text, HX_USAGE);
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- durations ---- */

/*
 * "90", "90s", "3m", "1m30s", "0.5s", "1h": a positive number of seconds,
 * at most a day.  Units come largest first, each once.
 */
static double
parse_duration(const char *what, const char *s, int zero_ok)
{
	const char *p = s, *units = "hms";
	double total = 0, v, scale;
	int last = -1, i, digits;

	if (*s == '\0')
		tool_errx(HX_USAGE, "empty %s duration", what);
	while (*p != '\0') {
		/* Digits, and a fraction: nothing else strtod would take. */
		for (v = 0, digits = 0; *p >= '0' && *p <= '9'; p++, digits++)
			v = v * 10 + (*p - '0');
		if (*p == '.')
			for (p++, scale = 0.1; *p >= '0' && *p <= '9';
			    p++, digits++, scale /= 10)
				v += (*p - '0') * scale;
		if (digits == 0 || v > 1e9)
			goto bad;
		if (*p == '\0') {
			if (last != -1)
				goto bad;	/* "1m30" */
			total += v;
			break;
		}
		for (i = 0; units[i] != '\0' && units[i] != *p; i++)
			;
		if (units[i] == '\0' || i <= last)
			goto bad;
		last = i;
		total += v * (i == 0 ? 3600 : i == 1 ? 60 : 1);
		p++;
	}
	if (total <= 0 && !zero_ok)
		tool_errx(HX_USAGE, "%s duration '%s' must be more than zero",
		    what, s);
	if (total > DURATION_MAX)
		tool_errx(HX_USAGE, "%s duration '%s' is more than a day", what,
		    s);
	return total;
bad:
	tool_errx(HX_USAGE, "bad %s duration '%s' (use 90, 90s, 3m, 1m30s or "
	    "0.5s)", what, s);
}

/* ---- the terminal ---- */

/* INT, TERM and HUP end the session; WINCH wakes poll(2) to redraw. */
static void
catch_signals(void)
{
	/* TSTP last: caught only on a raw terminal, to put it back. */
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH,
	    SIGTSTP };
	size_t n = sizeof(sigs) / sizeof(sigs[0]);

	tty_catch(sigs, tty_is_raw() ? n : n - 1);
}

/* Stop as the shell asked, with the terminal as it was; resume raw. */
static void
suspend(void)
{
	tty_suspend();
	catch_signals();
}

static void
term_size(int *cols, int *rows)
{
	struct winsize ws;

	*cols = 80;
	*rows = 24;
	if (ioctl(tty_fileno(), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/* Digits five rows high, three columns wide: 1 is a full block. */
static const char *const font[11][5] = {
	{ "111", "1 1", "1 1", "1 1", "111" },	/* 0 */
	{ " 1 ", "11 ", " 1 ", " 1 ", "111" },
	{ "111", "  1", "111", "1  ", "111" },
	{ "111", "  1", "111", "  1", "111" },
	{ "1 1", "1 1", "111", "  1", "  1" },
	{ "111", "1  ", "111", "  1", "111" },
	{ "111", "1  ", "111", "1 1", "111" },
	{ "111", "  1", "  1", "  1", "  1" },
	{ "111", "1 1", "111", "1 1", "111" },
	{ "111", "1 1", "111", "  1", "111" },
	{ "   ", " 1 ", "   ", " 1 ", "   " },	/* : */
};

static void
put_line(struct buf *b, const char *s, size_t len, int cols, int center)
{
	size_t w, pad = 0;

	/* Cut to the window, on a character: a wrapped line would scroll. */
	while (len > 0 && (w = text_width(s, len)) > (size_t)cols) {
		len--;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	w = text_width(s, len);
	if (center && w < (size_t)cols)
		pad = ((size_t)cols - w) / 2;
	while (pad-- > 0)
		buf_addc(b, ' ');
	buf_add(b, s, len);
	buf_adds(b, "\033[K\r\n");
}


/* The end of a group of lines: an empty line. */
static void
gap(struct buf *b)
{
	buf_adds(b, "\033[K\r\n");
}

/* The time left in digits five rows high, or in one line when small. */
static void
draw_clock(struct buf *b, struct buf *line, const char *clock, int cols,
    int rows)
{
	int r, k;
	size_t n, j;

	if (rows < 19 || cols < 32) {
		put_line(b, clock, strlen(clock), cols, 1);
		return;
	}
	for (r = 0; r < 5; r++) {
		buf_reset(line);
		for (n = 0; clock[n] != '\0'; n++) {
			k = clock[n] == ':' ? 10 : clock[n] - '0';
			for (j = 0; j < 3; j++)
				buf_adds(line, font[k][r][j] == '1' ?
				    "\xe2\x96\x88" : " ");
			buf_addc(line, ' ');
		}
		put_line(b, line->p, line->len, cols, 1);
	}
}

/* The bar: how much of the phase has gone. */
static void
draw_bar(struct buf *b, struct buf *line, double gone, int cols)
{
	int k, fill = (int)(gone * (cols - 2) + 0.5);

	buf_reset(line);
	buf_addc(line, '[');
	for (k = 0; k < cols - 2; k++)
		buf_adds(line, k < fill ? "\xe2\x96\x88" : "\xe2\x96\x91");
	buf_addc(line, ']');
	put_line(b, line->p, line->len, cols, 0);
}

/*
 * Who has the floor in ph, and who listens to them: in a reflect phase
 * the listener has the floor, to say back what they heard.
 */
static void
roles(const struct phase *ph, const char **who, const char **other)
{
	*who = ph->kind == PHASE_SPEAK ? ph->speaker : ph->listener;
	*other = ph->kind == PHASE_SPEAK ? ph->listener : ph->speaker;
}

static void
draw_who(struct buf *b, struct buf *line, const struct phase *ph, int cols)
{
	const char *who, *other;

	roles(ph, &who, &other);
	buf_reset(line);
	if (ph->kind == PHASE_SPEAK)
		buf_printf(line, "%s speaks  ·  %s listens", who, other);
	else
		buf_printf(line, "%s says back what they heard  ·  %s "
		    "listens", who, other);
	put_line(b, line->p, line->len, cols, 1);
}

/* A reminder for each of the two. */
static void
draw_rules(struct buf *b, struct buf *line, const struct phase *ph,
    int cols)
{
	const char *who, *other;

	roles(ph, &who, &other);
	buf_reset(line);
	buf_printf(line, "%s: %s", who, rule[ph->kind]);
	put_line(b, line->p, line->len, cols, 1);
	buf_reset(line);
	buf_printf(line, "%s: %s", other, listen_rule[ph->kind]);
	put_line(b, line->p, line->len, cols, 1);
}

static void
draw_topic(struct buf *b, struct buf *line, const char *topic, int cols)
{
	size_t n, j;

	buf_reset(line);
	buf_printf(line, "topic: %s", tool_safez(topic));
	/* Cut to as many characters as columns first: put_line then has
	 * less to measure. */
	for (n = 0, j = 0; j < line->len && (int)n < cols; j++)
		if (((unsigned char)line->p[j] & 0xc0) != 0x80)
			n++;
	while (j < line->len && ((unsigned char)line->p[j] & 0xc0) == 0x80)
		j++;
	put_line(b, line->p, j, cols, 1);
}

/* The screen of the current phase at now; note in place of the keys. */
static void
draw(const struct session *s, double now, const char *note)
{
	static const char keys[] = "space pause  ·  n next  ·  + / - 30 s  ·  "
	    "q quit";
	const struct phase_session *ps = &s->ps;
	struct buf b = BUF_INIT, line = BUF_INIT;
	char clock[PHASE_CLOCK_MAX];
	int cols, rows;

	term_size(&cols, &rows);
	buf_adds(&b, "\033[H");
	buf_printf(&line, "round %zu of %zu  ·  phase %zu of %zu%s",
	    phase_round(ps), ps->rounds, ps->cur + 1, ps->n,
	    phase_paused(ps) ? "  ·  PAUSED" : "");
	put_line(&b, line.p, line.len, cols, 0);
	gap(&b);
	draw_who(&b, &line, phase_current(ps), cols);
	gap(&b);
	phase_clock(phase_left(ps, now), clock);
	draw_clock(&b, &line, clock, cols, rows);
	gap(&b);
	draw_bar(&b, &line, phase_gone(ps, now), cols);
	gap(&b);
	draw_rules(&b, &line, phase_current(ps), cols);
	gap(&b);
	if (s->topic[0] != '\0') {
		draw_topic(&b, &line, s->topic, cols);
		gap(&b);
	}
	if (note != NULL)
		put_line(&b, note, strlen(note), cols, 1);
	else
		put_line(&b, keys, sizeof(keys) - 1, cols, 1);
	/* No line feed after the last line: it would scroll the top away. */
	if (b.len >= 2 && b.p[b.len - 2] == '\r' && b.p[b.len - 1] == '\n')
		b.len -= 2;
	buf_adds(&b, "\033[J");
	tty_write(b.p, b.len);
	buf_free(&b);
	buf_free(&line);
}

/* ---- hooks ---- */

/*
 * Report the hooks that have ended.  With wait, give those still running
 * two seconds more, then leave them be: a hook that hangs must not hang
 * the timer, which may be running from cron.
 */
static void
reap_hooks(const char *cmd, int wait)
{
	struct timespec nap = { 0, 10000000 };
	pid_t pid;
	int status, tries = wait ? 200 : 0;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid == 0 && tries-- > 0) {
			nanosleep(&nap, NULL);
			continue;
		}
		if (pid <= 0)
			break;
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			tool_warnx("hook '%s' failed: exit %d", cmd,
			    WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			tool_warnx("hook '%s' killed by signal %d", cmd,
			    WTERMSIG(status));
	}
}

/* Whether the environment entry env sets one of the hook's variables. */
static int
is_hook_var(const char *env)
{
	size_t i, n;

	for (i = 0; i < HOOK_VARS; i++) {
		n = strlen(hook_var[i]);
		if (strncmp(env, hook_var[i], n) == 0 && env[n] == '=')
			return 1;
	}
	return 0;
}

/*
 * The hook's environment: ours without the hook's variables, then those
 * set to value[], allocated from env[*ours] on.
 */
static char **
hook_env(const char *const value[HOOK_VARS], size_t *ours)
{
	char **env;
	size_t i, n = 0, len;

	for (i = 0; environ[i] != NULL; i++)
		continue;
	env = xcalloc(i + HOOK_VARS + 1, sizeof(*env));
	for (i = 0; environ[i] != NULL; i++)
		if (!is_hook_var(environ[i]))
			env[n++] = environ[i];
	*ours = n;
	for (i = 0; i < HOOK_VARS; i++, n++) {
		len = strlen(hook_var[i]) + 1 + strlen(value[i]) + 1;
		env[n] = xmalloc(len);
		snprintf(env[n], len, "%s=%s", hook_var[i], value[i]);
	}
	env[n] = NULL;
	return env;
}

/*
 * Run the hook without a shell: CMD split on blanks, the session's state
 * in HEARTH_* variables.  It runs beside the timer; a failure is reported
 * when it is reaped and never stops the session.
 */
static void
run_hook(const struct session *s, const char *phase, const char *speaker,
    const char *listener, double seconds)
{
	char *args[64], *copy, *tok, *save, **env, num[32];
	const char *value[HOOK_VARS] = { phase, speaker, listener, s->topic,
	    num };
	posix_spawn_file_actions_t fa;
	size_t n = 0, ours, i;
	pid_t pid;
	int r;

	if (s->exec == NULL)
		return;
	reap_hooks(s->exec, 0);
	copy = xstrdup(s->exec);
	for (tok = strtok_r(copy, " \t", &save); tok != NULL && n < 63;
	    tok = strtok_r(NULL, " \t", &save))
		args[n++] = tok;
	args[n] = NULL;
	snprintf(num, sizeof(num), "%.3f", seconds);
	env = hook_env(value, &ours);
	/*
	 * Not our stdin (the keys, or a pipe), and not our stdout: a hook
	 * that lingers must not hold a pipeline open.
	 */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
	if (n == 0)
		tool_warnx("empty --exec command");
	else if ((r = posix_spawnp(&pid, args[0], &fa, NULL, args, env)) !=
	    0)
		tool_warnx("hook '%s': %s", args[0], strerror(r));
	posix_spawn_file_actions_destroy(&fa);
	for (i = ours; env[i] != NULL; i++)
		free(env[i]);
	free(env);
	free(copy);
}

/*
 * The hook's program must be there before the session starts, not fail
 * at every change: a name with a slash must be executable, a bare name
 * must be found in PATH, as posix_spawnp would look for it.
 */
static void
check_hook(const char *cmd)
{
	char prog[PATH_MAX], path[PATH_MAX], *dirs, *dir, *save;
	size_t n = strcspn(cmd + strspn(cmd, " \t"), " \t");
	const char *p = getenv("PATH");
	int found = 0;

	cmd += strspn(cmd, " \t");
	if (n == 0)
		tool_errx(HX_USAGE, "empty --exec command");
	if (n >= sizeof(prog))
		tool_errx(HX_USAGE, "--exec command too long");
	memcpy(prog, cmd, n);
	prog[n] = '\0';
	if (strchr(prog, '/') != NULL)
		found = access(prog, X_OK) == 0;
	else {
		dirs = xstrdup(p != NULL && *p != '\0' ? p : "/usr/bin:/bin");
		for (dir = strtok_r(dirs, ":", &save); dir != NULL && !found;
		    dir = strtok_r(NULL, ":", &save)) {
			snprintf(path, sizeof(path), "%s/%s", *dir ? dir : ".",
			    prog);
			found = access(path, X_OK) == 0;
		}
		free(dirs);
	}
	if (!found)
		tool_errx(HX_UNAVAIL, "--exec: '%s' is not a program that can "
		    "run here (not found, or not executable)", prog);
}

/* ---- the session ---- */

/* A line without a terminal: the time, the phase and its planned time. */
static void
stamp_line(struct session *s, const char *phase, const char *speaker,
    const char *listener, double seconds)
{
	struct hmoment m;
	char ts[DATE_RFC3339_MAX];

	if (s->out_errno != 0)
		return;		/* the reader is gone, or the disk full */
	phase_stamp(&s->ps, mono(), &m);
	date_format(&m, 1, ts);
	printf("%s\t%s\t%s\t%s\t%.3f\n", ts, phase, speaker, listener,
	    seconds);
	errno = 0;
	if (fflush(stdout) == EOF)
		s->out_errno = errno ? errno : EIO;
}

/* Stop as ^Z asked; the time stopped does not count, as a pause. */
static void
suspend_phase(struct phase_session *ps)
{
	int was_paused = phase_paused(ps);

	phase_pause(ps, mono());
	suspend();
	if (!was_paused)
		phase_resume(ps, mono());
}

/* Wait for a key on the terminal before a phase (--wait); 0 on q. */
static int
wait_for_key(struct session *s)
{
	const struct phase *ph = phase_current(&s->ps);
	struct pollfd pfd = { tty_fileno(), POLLIN, 0 };
	const char *who, *other;
	char c, note[128];

	roles(ph, &who, &other);
	snprintf(note, sizeof(note), "press a key when %s is ready to %s  "
	    "(q quits)", who, phase_name(ph->kind));
	for (;;) {
		draw(s, mono(), note);
		if (poll(&pfd, 1, -1) == -1) {
			if (tty_signal())
				return 0;
			if (tty_stop_pending())
				suspend_phase(&s->ps);
			continue;
		}
		if (read(tty_fileno(), &c, 1) == 1)
			return c != 'q';
	}
}

/* The keys read on the terminal, each acted on at once. */
static void
read_keys(struct phase_session *ps)
{
	char keys[16];
	ssize_t n, k;

	if ((n = read(tty_fileno(), keys, sizeof(keys))) <= 0)
		return;
	for (k = 0; k < n; k++) {
		switch (keys[k]) {
		case ' ':
			if (phase_paused(ps))
				phase_resume(ps, mono());
			else
				phase_pause(ps, mono());
			break;
		case 'n':
		case 'N':
			phase_end(ps, mono());
			return;		/* the rest was meant for this phase */
		case '+':
			phase_add(ps, PHASE_STEP);
			break;
		case '-':
			phase_add(ps, -PHASE_STEP);
			break;
		case 'q':
		case 'Q':
			phase_quit(ps, mono());
			return;
		}
	}
}

/* One phase on the terminal; 0 when the session should stop. */
static int
run_phase_tty(struct session *s)
{
	struct phase_session *ps = &s->ps;
	struct pollfd pfd = { tty_fileno(), POLLIN, 0 };
	size_t i = ps->cur;
	double now, left;
	int ms;

	phase_start(ps, mono());
	while (phase_current(ps) != NULL && ps->cur == i) {
		now = mono();
		if (phase_due(ps, now)) {
			phase_end(ps, now);
			break;
		}
		draw(s, now, NULL);
		/* Sleep until the next redraw or the deadline, whichever first. */
		left = phase_left(ps, now);
		ms = phase_paused(ps) ? -1 : left * 1000 < REDRAW_MS ?
		    (int)ceil(left * 1000) : REDRAW_MS;
		if (poll(&pfd, 1, ms) == -1 && errno != EINTR)
			tool_err(HX_IOERR, "poll");
		if (tty_signal()) {
			phase_quit(ps, mono());
			break;
		}
		if (tty_stop_pending())
			suspend_phase(ps);
		if (pfd.revents & POLLIN)
			read_keys(ps);
	}
	return phase_current(ps) != NULL || phase_finished(ps);
}

/* One phase without a terminal: sleep to the deadline. */
static int
run_phase_plain(struct session *s)
{
	struct phase_session *ps = &s->ps;
	struct timespec ts;
	double deadline;

	phase_start(ps, mono());
	deadline = phase_deadline(ps);
	ts.tv_sec = (time_t)deadline;
	ts.tv_nsec = (long)((deadline - floor(deadline)) * 1e9);
	/* A signal that came before the sleep ends the session too. */
	while (!tty_signal() && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
	    &ts, NULL) == EINTR)
		continue;
	if (tty_signal()) {
		phase_quit(ps, mono());
		return 0;
	}
	phase_end(ps, mono());
	return 1;
}

/* ---- the record ---- */

struct recjob {
	const struct session	*s;
	const struct hmoment	*start;
	const char		*author;
	struct buf		 phases;
};

static int
build_session(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct recjob *j = arg;
	const char *status = phase_status(&j->s->ps);
	struct hmoment when;

	store_stamp(j->start, last, &when);
	if (record_begin(out, &when, j->author, KIND) == -1 ||
	    record_field(out, status, strlen(status)) == -1 ||
	    record_field(out, j->s->topic, strlen(j->s->topic)) == -1 ||
	    record_field(out, j->phases.p, j->phases.len) == -1)
		return herr_errno(e, HX_IOERR, errno, "memory");
	if (record_end(out) == -1)
		return herr_set(e, HX_DATAERR, "the session is too long to "
		    "record");
	return 0;
}

/*
 * Append the session to the author's log.  The PHASES field is made
 * before, in the caller's buffer, so that no way out of the append can
 * lose it.
 */
static void
record_session(const struct session *s, const struct hmoment *start,
    const char *author)
{
	struct recjob j = { s, start, author, BUF_INIT };
	struct store st;

	xcheck(phase_format(&s->ps, &j.phases));
	tool_store(&st, 1);
	tool_append(&st, TOOL, author, build_session, &j);
	store_close(&st);
	buf_free(&j.phases);
}

/* The topic: the words given, else the first line of a piped stdin. */
static void
read_topic(struct session *s, int argc, char **argv)
{
	size_t len = 0, bad;
	ssize_t n;
	char c;
	int i;

	s->topic[0] = '\0';
	if (argc > 0) {
		for (i = 0; i < argc; i++) {
			if (i > 0)
				strlcat(s->topic, " ", sizeof(s->topic));
			strlcat(s->topic, argv[i], sizeof(s->topic));
		}
	} else if (!isatty(STDIN_FILENO)) {
		/* One byte at a time: what follows the line is not ours. */
		while (len < TOPIC_MAX && (n = read(STDIN_FILENO, &c, 1)) != 0) {
			if (n == -1) {
				if (errno == EINTR)
					continue;
				tool_err(HX_IOERR, "stdin");
			}
			if (c == '\n')
				break;
			s->topic[len++] = c;
		}
		if (len > 0 && s->topic[len - 1] == '\r')
			len--;
		s->topic[len] = '\0';
	}
	/* A topic cut at TOPIC_MAX must not end inside a character. */
	len = strlen(s->topic);
	if (len == TOPIC_MAX) {
		while (len > 0 && ((unsigned char)s->topic[len - 1] & 0xc0) ==
		    0x80)
			len--;
		if (len > 0 && (unsigned char)s->topic[len - 1] >= 0xc0)
			len--;
		s->topic[len] = '\0';
	}
	if (text_utf8_check(s->topic, strlen(s->topic), &bad) == -1)
		tool_errx(HX_DATAERR, "the topic is not valid UTF-8 (byte %zu)",
		    bad + 1);
}

static void
set_names(struct session *s, const struct identity *id, const char *arg)
{
	const char *comma;

	if (arg != NULL) {
		if ((comma = strchr(arg, ',')) == NULL ||
		    (size_t)(comma - arg) > AUTHOR_MAX ||
		    strlen(comma + 1) > AUTHOR_MAX || comma == arg ||
		    comma[1] == '\0' || strchr(comma + 1, ',') != NULL)
			tool_errx(HX_USAGE, "bad names '%s' (use -p NAME,NAME)",
			    arg);
		memcpy(s->names[0], arg, (size_t)(comma - arg));
		s->names[0][comma - arg] = '\0';
		strlcpy(s->names[1], comma + 1, sizeof(s->names[1]));
		if (!author_valid(s->names[0]) || !author_valid(s->names[1]))
			tool_errx(HX_USAGE, "bad names '%s' (use a-z, 0-9, '.', "
			    "'_' and '-')", arg);
		return;
	}
	strlcpy(s->names[0], id->author, sizeof(s->names[0]));
	strlcpy(s->names[1], id->partner ? id->partner : "partner",
	    sizeof(s->names[1]));
}

/* Run the phases, on the terminal or as lines, until the session is over. */
static void
run_phases(struct session *s, int on_tty)
{
	const struct phase *ph;

	while ((ph = phase_current(&s->ps)) != NULL) {
		if (on_tty && wait_key && !wait_for_key(s)) {
			phase_quit(&s->ps, mono());
			break;
		}
		run_hook(s, phase_name(ph->kind), ph->speaker, ph->listener,
		    ph->planned);
		if (!on_tty)
			stamp_line(s, phase_name(ph->kind), ph->speaker,
			    ph->listener, ph->planned);
		if (!(on_tty ? run_phase_tty(s) : run_phase_plain(s)))
			break;
		if (bell && on_tty)
			tty_write("\a", 1);
	}
}

static int
run_session(struct session *s, const struct hmoment *start,
    const char *author)
{
	const char *end;
	int on_tty, sig;

	on_tty = isatty(STDOUT_FILENO) &&
	    tty_open() != -1 &&
	    tty_raw_on(&screen_mode) == 0;
	atexit(tty_restore);
	catch_signals();
	/* A reader that goes away must not cost the session its record. */
	signal(SIGPIPE, SIG_IGN);
	phase_begin(&s->ps, start, mono());
	run_phases(s, on_tty);
	tty_restore();
	end = phase_finished(&s->ps) ? "done" : "ended";
	if (!on_tty)
		stamp_line(s, end, "", "", 0);
	run_hook(s, end, "", "", 0);
	record_session(s, start, author);
	if (s->exec != NULL)
		reap_hooks(s->exec, 1);
	if ((sig = tty_signal()) != 0) {
		signal(sig, SIG_DFL);
		fflush(stdout);
		raise(sig);
	}
	/* The session is recorded; now say what became of its lines. */
	if (s->out_errno != 0 && s->out_errno != EPIPE) {
		errno = s->out_errno;
		tool_err(HX_IOERR, "stdout");
	}
	return s->out_errno == 0 ? tool_finish(0) : 0;
}

/* ---- log ---- */

/*
 * One session of the log: its topic, its PHASES field cut up into p[]
 * (the names point into phases), and the line or object to print.
 */
struct logline {
	struct buf	 topic;
	char		 phases[RECORD_MAX];
	struct phase	 p[PHASE_MAX];
	size_t		 n;
	struct buf	 out;
};

static void
json_phases(struct buf *out, const struct phase *p, size_t n)
{
	size_t i;

	xcheck(buf_adds(out, ",\"phases\":["));
	for (i = 0; i < n; i++) {
		if (i > 0)
			xcheck(buf_addc(out, ','));
		xcheck(json_open(out));
		xcheck(json_kv_strz(out, "phase", phase_name(p[i].kind)));
		xcheck(json_kv_strz(out, "speaker", p[i].speaker));
		xcheck(json_kv_strz(out, "listener", p[i].listener));
		xcheck(buf_printf(out, ",\"planned\":%.3f,\"actual\":%.3f}",
		    p[i].planned, p[i].actual));
	}
	xcheck(buf_addc(out, ']'));
}

/*
 * Print a session that phase_record_parse took into l: the time and the
 * status as it checked them, the rest made safe (JSON escapes its own).
 */
static void
print_session(struct logline *l, const struct record *r)
{
	const char *status = r->f[PHASE_RF_STATUS];
	int slen = (int)r->flen[PHASE_RF_STATUS];
	double total = 0;
	size_t i;

	xcheck(record_text(r, PHASE_RF_TOPIC, &l->topic));
	for (i = 0; i < l->n; i++)
		total += l->p[i].actual;
	buf_reset(&l->out);
	if (jflag) {
		xcheck(json_open(&l->out));
		xcheck(json_kv_str(&l->out, "time", r->f[RF_TIME],
		    r->flen[RF_TIME]));
		xcheck(json_kv_str(&l->out, "author", r->f[RF_AUTHOR],
		    r->flen[RF_AUTHOR]));
		xcheck(json_kv_str(&l->out, "status", status, (size_t)slen));
		xcheck(json_kv_str(&l->out, "topic", l->topic.p, l->topic.len));
		json_phases(&l->out, l->p, l->n);
		xcheck(json_close(&l->out));
	} else
		xcheck(buf_printf(&l->out,
		    "%.10s\t%.*s\t%.1f min\t%s, %s\t%s\n", r->f[RF_TIME],
		    slen, status, total / 60,
		    tool_safez(l->p[0].speaker), tool_safez(l->p[0].listener),
		    tool_safe(l->topic.p, l->topic.len)));
	fwrite(l->out.p, 1, l->out.len, stdout);
}

static void
log_options(int argc, char **argv, struct store_query *q,
    struct hmoment *since)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct hmoment now;
	struct herr e;
	int ch, whole;

	while ((ch = tool_getopt(argc, argv, "h", opts, usage_text)) != -1) {
		switch (ch) {
		case 'j':
			jflag = 1;
			break;
		case 's':
			if (date_now(&now, &e) == -1 ||
			    date_parse(optarg, &now, since, &whole, &e) == -1)
				tool_errx(HX_USAGE, "%s", e.msg);
			q->since = since;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

static int
cmd_log(int argc, char **argv)
{
	struct logline l = { .topic = BUF_INIT, .out = BUF_INIT };
	struct store_query q = { 0 };
	struct store_reader *rd;
	struct hmoment since;
	struct record r;
	struct store st;
	const char *why;
	int n = 0;

	log_options(argc, argv, &q, &since);
	if (!tool_store(&st, 0))
		return HX_NO;
	q.tool = TOOL;
	rd = tool_read_open(&st, &q);
	while (tool_read_next(rd, &r) == 1) {
		/*
		 * The reader has checked the session (the registry's check,
		 * phase_record_check, is this parse) and reported it as
		 * FILE:LINE when malformed, so this cannot refuse it; if it
		 * ever did, the session is still not printed.
		 */
		if (phase_record_parse(&r, l.phases, sizeof(l.phases), l.p,
		    &l.n, &why) == -1) {
			tool_warnx("%s: %s", store_read_file(rd), why);
			tool_bad_data();
			continue;
		}
		print_session(&l, &r);
		n++;
	}
	store_read_close(rd);
	store_close(&st);
	buf_free(&l.topic);
	buf_free(&l.out);
	/* A malformed line makes it 65 (tool_finish), sessions or none. */
	return tool_finish(n > 0 || tool_had_bad_data() ? 0 : HX_NO);
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "exec", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-bell", no_argument, NULL, 'B' },
		{ "version", no_argument, NULL, 'V' },
		{ "wait", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	static struct session s;
	struct identity id;
	struct hmoment start;
	struct herr e;
	const char *errstr, *names = NULL;
	double turn = 180, reflect = 60;
	size_t rounds = 1;
	int ch;

	cli_setup();
	if (argc > 1 && strcmp(argv[1], "log") == 0)
		return cmd_log(argc - 1, argv + 1);
	while ((ch = tool_getopt(argc, argv, "+hn:p:r:t:V", opts,
	    usage_text)) != -1) {
		switch (ch) {
		case 'B':
			bell = 0;
			break;
		case 'e':
			check_hook(optarg);
			s.exec = optarg;
			break;
		case 'n':
			rounds = (size_t)strtonum(optarg, 1, PHASE_ROUNDS_MAX,
			    &errstr);
			if (errstr != NULL)
				tool_errx(HX_USAGE, "bad number of rounds '%s' "
				    "(1 to %d)", optarg, PHASE_ROUNDS_MAX);
			break;
		case 'p':
			names = optarg;
			break;
		case 'r':
			/* 0 (or 0s) leaves the reflect step out. */
			reflect = parse_duration("reflect", optarg, 1);
			break;
		case 't':
			turn = parse_duration("turn", optarg, 0);
			break;
		case 'V':
			printf("listen-timer %s\n", HEARTH_VERSION);
			return tool_finish(0);
		case 'w':
			wait_key = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (cli_identity(&id, &e) == -1 || date_now(&start, &e) == -1)
		tool_die(&e);
	set_names(&s, &id, names);
	config_free(&id.cfg);
	read_topic(&s, argc, argv);
	if (phase_plan(&s.ps, s.names[0], s.names[1], turn, reflect,
	    rounds) == -1)
		usage();
	return run_session(&s, &start, id.author);
}
