/*
 * listen-timer: speaker and listener turns, timed.
 *
 * A session is a list of phases: in each round, each partner speaks for a
 * turn while the other listens, and then the listener says back what they
 * heard (the reflect step).  Time is kept with CLOCK_MONOTONIC: a phase
 * ends at an absolute monotonic deadline, a pause moves the deadline, and
 * nothing but the deadline decides when a phase is over, so redraws and
 * keys cannot make the clock drift.
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
 */
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
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
#include "date.h"
#include "herr.h"
#include "json.h"
#include "record.h"
#include "store.h"
#include "text.h"

#define TOOL		"listen"
#define KIND		"session"
#define ROUNDS_MAX	8	/* what one record can hold */
#define PHASES_MAX	(4 * ROUNDS_MAX)
#define TOPIC_MAX	1024
#define DURATION_MAX	(24.0 * 3600)
#define REDRAW_MS	250
#define STEP		30.0	/* seconds added or taken by + and - */

extern char **environ;

/* Option flags and signal flags. */
static int	 bell = 1;
static int	 wait_key;
static int	 jflag;
static volatile sig_atomic_t got_signal;	/* INT, TERM or HUP */
static volatile sig_atomic_t got_tstp;
static volatile sig_atomic_t got_winch;

/* The terminal as it was, for every way out. */
static struct termios saved;
static int	 tty_fd = -1;
static int	 tty_raw;

enum phase_kind { SPEAK, REFLECT };

struct phase {
	enum phase_kind	 kind;
	const char	*speaker;	/* who has the floor */
	const char	*listener;
	double		 planned;	/* seconds */
	double		 actual;
};

struct session {
	struct phase	 p[PHASES_MAX];
	size_t		 n;
	char		 topic[TOPIC_MAX + 1];
	char		 names[2][AUTHOR_MAX + 1];
	const char	*exec;
	int		 ended_early;
	int		 out_errno;	/* the first failed write of a line */
	struct hmoment	 start;		/* wall clock, for the record */
	double		 mono0;		/* monotonic seconds at start */
	size_t		 rounds;
};

static const char *const rule[] = {
	[SPEAK] = "speak about your own feelings, in short pieces",
	[REFLECT] = "say back what you heard; the speaker corrects until it "
	    "is right",
};
static const char *const listen_rule =
    "listen fully, don't interrupt, don't defend";

static void __attribute__((noreturn))
usage_to(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: listen-timer [-t TURN] [-r REFLECT] [-n ROUNDS] "
	    "[-p NAME,NAME]\n"
	    "                    [--no-bell] [--wait] [--exec CMD] "
	    "[TOPIC...]\n"
	    "       listen-timer log [--since DATE] [--json]\n");
	if (status == 0) {
		struct herr e;

		if (cli_finish(&e) == -1)
			errx(e.code, "%s", e.msg);
	}
	exit(status);
}

static void __attribute__((noreturn))
usage(void)
{
	usage_to(stderr, HX_USAGE);
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
		errx(HX_USAGE, "empty %s duration", what);
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
		errx(HX_USAGE, "%s duration '%s' must be more than zero", what,
		    s);
	if (total > DURATION_MAX)
		errx(HX_USAGE, "%s duration '%s' is more than a day", what, s);
	return total;
bad:
	errx(HX_USAGE, "bad %s duration '%s' (use 90, 90s, 3m, 1m30s or "
	    "0.5s)", what, s);
}

/* ---- the terminal ---- */

static void
tty_restore(void)
{
	static const char leave[] = "\033[?25h\033[?1049l";

	if (tty_fd == -1 || !tty_raw)
		return;
	(void)write(tty_fd, leave, sizeof(leave) - 1);
	tcsetattr(tty_fd, TCSAFLUSH, &saved);
	tty_raw = 0;
}

static int
tty_enter(void)
{
	static const char enter[] = "\033[?1049h\033[?25l";
	struct termios t;

	if (tcgetattr(tty_fd, &saved) == -1)
		return -1;
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(tty_fd, TCSAFLUSH, &t) == -1)
		return -1;
	tty_raw = 1;
	(void)write(tty_fd, enter, sizeof(enter) - 1);
	return 0;
}

static void
on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGTSTP)
		got_tstp = 1;
	else
		got_signal = sig;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal wakes poll(2) and the sleeps. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	if (tty_raw)
		sigaction(SIGTSTP, &sa, NULL);
}

/* Stop as the shell asked, with the terminal as it was; resume raw. */
static void
suspend(void)
{
	got_tstp = 0;
	tty_restore();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* Here again after SIGCONT. */
	tty_enter();
	catch_signals();
	got_winch = 1;
}

static void
term_size(int *cols, int *rows)
{
	struct winsize ws;

	*cols = 80;
	*rows = 24;
	if (ioctl(tty_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
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

static void
draw(const struct session *s, size_t i, double left, int paused,
    const char *note)
{
	const struct phase *ph = &s->p[i];
	struct buf b = BUF_INIT, line = BUF_INIT;
	char clock[16], safe[TOPIC_MAX * 4 + 1];
	int cols, rows, r, k, mins, secs, fill;
	double frac;
	size_t n, j;

	term_size(&cols, &rows);
	secs = (int)ceil(left);
	mins = secs / 60;
	secs %= 60;
	if (mins >= 60)
		snprintf(clock, sizeof(clock), "%d:%02d:%02d", mins / 60,
		    mins % 60, secs);
	else
		snprintf(clock, sizeof(clock), "%02d:%02d", mins, secs);
	buf_adds(&b, "\033[H");
	buf_printf(&line, "round %zu of %zu  ·  phase %zu of %zu%s",
	    i / (s->n / s->rounds) + 1, s->rounds, i + 1, s->n,
	    paused ? "  ·  PAUSED" : "");
	put_line(&b, line.p, line.len, cols, 0);
	buf_adds(&b, "\033[K\r\n");
	buf_reset(&line);
	if (ph->kind == SPEAK)
		buf_printf(&line, "%s speaks  ·  %s listens", ph->speaker,
		    ph->listener);
	else
		buf_printf(&line, "%s says back what they heard  ·  %s "
		    "listens", ph->listener, ph->speaker);
	put_line(&b, line.p, line.len, cols, 1);
	buf_adds(&b, "\033[K\r\n");
	if (rows >= 19 && cols >= 32) {
		for (r = 0; r < 5; r++) {
			buf_reset(&line);
			for (n = 0; clock[n] != '\0'; n++) {
				k = clock[n] == ':' ? 10 : clock[n] - '0';
				for (j = 0; j < 3; j++)
					buf_adds(&line, font[k][r][j] == '1' ?
					    "\xe2\x96\x88" : " ");
				buf_addc(&line, ' ');
			}
			put_line(&b, line.p, line.len, cols, 1);
		}
	} else
		put_line(&b, clock, strlen(clock), cols, 1);
	buf_adds(&b, "\033[K\r\n");
	/* The bar: how much of the phase has gone. */
	frac = ph->planned > 0 ? 1.0 - left / ph->planned : 1;
	frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
	buf_reset(&line);
	fill = (int)(frac * (cols - 2) + 0.5);
	buf_addc(&line, '[');
	for (k = 0; k < cols - 2; k++)
		buf_adds(&line, k < fill ? "\xe2\x96\x88" : "\xe2\x96\x91");
	buf_addc(&line, ']');
	put_line(&b, line.p, line.len, cols, 0);
	buf_adds(&b, "\033[K\r\n");
	buf_reset(&line);
	buf_printf(&line, "%s: %s", ph->kind == SPEAK ? ph->speaker :
	    ph->listener, rule[ph->kind]);
	put_line(&b, line.p, line.len, cols, 1);
	buf_reset(&line);
	buf_printf(&line, "%s: %s", ph->kind == SPEAK ? ph->listener :
	    ph->speaker, ph->kind == SPEAK ? listen_rule :
	    "listen, then say what was missed or not quite right");
	put_line(&b, line.p, line.len, cols, 1);
	buf_adds(&b, "\033[K\r\n");
	if (s->topic[0] != '\0') {
		text_safe(safe, sizeof(safe), s->topic, strlen(s->topic));
		buf_reset(&line);
		buf_printf(&line, "topic: %s", safe);
		/* Cut to the width, on a character boundary. */
		for (n = 0, j = 0; j < line.len && (int)n < cols; j++)
			if (((unsigned char)line.p[j] & 0xc0) != 0x80)
				n++;
		while (j < line.len && ((unsigned char)line.p[j] & 0xc0) ==
		    0x80)
			j++;
		put_line(&b, line.p, j, cols, 1);
		buf_adds(&b, "\033[K\r\n");
	}
	if (note != NULL)
		put_line(&b, note, strlen(note), cols, 1);
	else {
		static const char keys[] = "space pause  ·  n next  ·  + / - "
		    "30 s  ·  q quit";

		put_line(&b, keys, sizeof(keys) - 1, cols, 1);
	}
	/* No line feed after the last line: it would scroll the top away. */
	if (b.len >= 2 && b.p[b.len - 2] == '\r' && b.p[b.len - 1] == '\n')
		b.len -= 2;
	buf_adds(&b, "\033[J");
	(void)write(tty_fd, b.p, b.len);
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
			warnx("hook '%s' failed: exit %d", cmd,
			    WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			warnx("hook '%s' killed by signal %d", cmd,
			    WTERMSIG(status));
	}
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
	char *vars[5];
	posix_spawn_file_actions_t fa;
	size_t n = 0, ne = 0, i;
	pid_t pid;
	int r;

	if (s->exec == NULL)
		return;
	reap_hooks(s->exec, 0);
	if ((copy = strdup(s->exec)) == NULL)
		err(HX_IOERR, "memory");
	for (tok = strtok_r(copy, " \t", &save); tok != NULL && n < 63;
	    tok = strtok_r(NULL, " \t", &save))
		args[n++] = tok;
	args[n] = NULL;
	for (i = 0; environ[i] != NULL; i++)
		ne++;
	if ((env = calloc(ne + 6, sizeof(*env))) == NULL)
		err(HX_IOERR, "memory");
	snprintf(num, sizeof(num), "%.3f", seconds);
	if (asprintf(&vars[0], "HEARTH_PHASE=%s", phase) == -1 ||
	    asprintf(&vars[1], "HEARTH_SPEAKER=%s", speaker) == -1 ||
	    asprintf(&vars[2], "HEARTH_LISTENER=%s", listener) == -1 ||
	    asprintf(&vars[3], "HEARTH_TOPIC=%s", s->topic) == -1 ||
	    asprintf(&vars[4], "HEARTH_SECONDS=%s", num) == -1)
		err(HX_IOERR, "memory");
	for (i = 0, ne = 0; environ[i] != NULL; i++)
		if (strncmp(environ[i], "HEARTH_PHASE=", 13) &&
		    strncmp(environ[i], "HEARTH_SPEAKER=", 15) &&
		    strncmp(environ[i], "HEARTH_LISTENER=", 16) &&
		    strncmp(environ[i], "HEARTH_TOPIC=", 13) &&
		    strncmp(environ[i], "HEARTH_SECONDS=", 15))
			env[ne++] = environ[i];
	for (i = 0; i < 5; i++)
		env[ne++] = vars[i];
	env[ne] = NULL;
	/*
	 * Not our stdin (the keys, or a pipe), and not our stdout: a hook
	 * that lingers must not hold a pipeline open.
	 */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
	if (n == 0)
		warnx("empty --exec command");
	else if ((r = posix_spawnp(&pid, args[0], &fa, NULL, args, env)) !=
	    0)
		warnx("hook '%s': %s", args[0], strerror(r));
	posix_spawn_file_actions_destroy(&fa);
	for (i = 0; i < 5; i++)
		free(vars[i]);
	free(env);
	free(copy);
}

/* ---- the session ---- */

static void
stamp_line(struct session *s, const char *phase, const char *speaker,
    const char *listener, double seconds)
{
	struct hmoment m = s->start;
	char ts[DATE_RFC3339_MAX];
	double el = mono() - s->mono0;

	m.sec += (int64_t)el;
	m.usec += (int32_t)((el - floor(el)) * 1e6);
	if (m.usec >= 1000000) {
		m.usec -= 1000000;
		m.sec++;
	}
	date_format(&m, 1, ts);
	if (s->out_errno != 0)
		return;		/* the reader is gone, or the disk full */
	printf("%s\t%s\t%s\t%s\t%.3f\n", ts, phase, speaker, listener,
	    seconds);
	errno = 0;
	if (fflush(stdout) == EOF)
		s->out_errno = errno ? errno : EIO;
}

/* Wait for a key on the terminal before a phase (--wait); 0 on q. */
static int
wait_for_key(const struct session *s, size_t i)
{
	struct pollfd pfd = { tty_fd, POLLIN, 0 };
	char c, note[128];

	snprintf(note, sizeof(note), "press a key when %s is ready to %s  "
	    "(q quits)", s->p[i].kind == SPEAK ? s->p[i].speaker :
	    s->p[i].listener, s->p[i].kind == SPEAK ? "speak" : "reflect");
	for (;;) {
		draw(s, i, s->p[i].planned, 0, note);
		if (poll(&pfd, 1, -1) == -1) {
			if (got_signal)
				return 0;
			if (got_tstp)
				suspend();
			continue;
		}
		if (read(tty_fd, &c, 1) == 1)
			return c != 'q';
	}
}

/* One phase on the terminal; 0 when the session should stop. */
static int
run_phase_tty(struct session *s, size_t i)
{
	struct phase *ph = &s->p[i];
	struct pollfd pfd = { tty_fd, POLLIN, 0 };
	double start = mono(), deadline = start + ph->planned, now, left;
	double paused_at = 0, paused_total = 0, wait_ms;
	int paused = 0, cont = 1;
	char keys[16];
	ssize_t n, k;

	for (;;) {
		now = mono();
		left = paused ? deadline - paused_at : deadline - now;
		if (!paused && left <= 0)
			break;
		draw(s, i, left > 0 ? left : 0, paused, NULL);
		/* Sleep until the next redraw or the deadline, whichever first. */
		wait_ms = paused ? -1 : left * 1000 < REDRAW_MS ?
		    ceil(left * 1000) : REDRAW_MS;
		if (poll(&pfd, 1, paused ? -1 : (int)wait_ms) == -1 &&
		    errno != EINTR)
			err(HX_IOERR, "poll");
		if (got_signal) {
			cont = 0;
			break;
		}
		if (got_tstp) {
			double t0 = mono();

			suspend();
			/* A suspend is a pause; a pause already covers it. */
			if (!paused) {
				deadline += mono() - t0;
				paused_total += mono() - t0;
			}
		}
		if (!(pfd.revents & POLLIN))
			continue;
		if ((n = read(tty_fd, keys, sizeof(keys))) <= 0)
			continue;
		for (k = 0; k < n; k++) {
			switch (keys[k]) {
			case ' ':
				if (paused) {
					deadline += mono() - paused_at;
					paused_total += mono() - paused_at;
				} else
					paused_at = mono();
				paused = !paused;
				break;
			case 'n':
			case 'N':
				if (paused)
					paused_total += mono() - paused_at;
				paused = 0;
				deadline = mono();
				break;
			case '+':
				deadline += STEP;
				ph->planned += STEP;
				break;
			case '-':
				deadline -= STEP;
				ph->planned = ph->planned > STEP ?
				    ph->planned - STEP : 0;
				break;
			case 'q':
			case 'Q':
				cont = 0;
				goto out;
			}
		}
	}
out:
	if (paused && cont == 0)
		paused_total += mono() - paused_at;
	ph->actual = mono() - start - paused_total;
	if (ph->actual < 0)
		ph->actual = 0;
	return cont;
}

/* One phase without a terminal: sleep to the deadline. */
static int
run_phase_plain(struct session *s, size_t i)
{
	struct phase *ph = &s->p[i];
	double start = mono(), deadline = start + ph->planned;
	struct timespec ts;

	ts.tv_sec = (time_t)deadline;
	ts.tv_nsec = (long)((deadline - floor(deadline)) * 1e9);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		if (got_signal)
			break;
	ph->actual = mono() - start;
	return !got_signal;
}

/* ---- the record ---- */

struct recjob {
	const struct session	*s;
	const char		*author;
};

static int
build_session(void *arg, const struct hmoment *last, struct buf *out,
    struct herr *e)
{
	struct recjob *j = arg;
	const struct session *s = j->s;
	struct buf phases = BUF_INIT;
	struct hmoment when;
	size_t i;

	store_stamp(&s->start, last, &when);
	for (i = 0; i < s->n; i++)
		buf_printf(&phases, "%s%s:%s:%s:%.3f:%.3f", i ? " " : "",
		    s->p[i].kind == SPEAK ? "speak" : "reflect",
		    s->p[i].speaker, s->p[i].listener, s->p[i].planned,
		    s->p[i].actual);
	if (record_begin(out, &when, j->author, KIND) == -1 ||
	    record_field(out, s->ended_early ? "ended" : "finished",
	    s->ended_early ? 5 : 8) == -1 ||
	    record_field(out, s->topic, strlen(s->topic)) == -1 ||
	    record_field(out, phases.p ? phases.p : "", phases.len) == -1)
		return herr_errno(e, HX_IOERR, errno, "memory");
	buf_free(&phases);
	if (record_end(out) == -1)
		return herr_set(e, HX_DATAERR, "the session is too long to "
		    "record");
	return 0;
}

static void
record_session(const struct session *s, const char *author)
{
	struct recjob j = { s, author };
	struct store st;
	struct herr e, warn;

	if (store_open(&st, NULL, 1, &e) == -1 ||
	    store_append(&st, TOOL, author, build_session, &j, &warn,
	    &e) == -1)
		errx(e.code, "%s", e.msg);
	if (warn.msg[0] != '\0')
		warnx("%s", warn.msg);
	store_close(&st);
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
				err(HX_IOERR, "stdin");
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
		errx(HX_DATAERR, "the topic is not valid UTF-8 (byte %zu)",
		    bad + 1);
}

static void
plan(struct session *s, double turn, double reflect, size_t rounds)
{
	size_t r, k;

	s->n = 0;
	s->rounds = rounds;
	for (r = 0; r < rounds; r++)
		for (k = 0; k < 2; k++) {
			struct phase *ph = &s->p[s->n++];

			ph->kind = SPEAK;
			ph->speaker = s->names[k];
			ph->listener = s->names[1 - k];
			ph->planned = turn;
			if (reflect <= 0)
				continue;
			ph = &s->p[s->n++];
			ph->kind = REFLECT;
			ph->speaker = s->names[k];
			ph->listener = s->names[1 - k];
			ph->planned = reflect;
		}
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
			errx(HX_USAGE, "bad names '%s' (use -p NAME,NAME)", arg);
		memcpy(s->names[0], arg, (size_t)(comma - arg));
		s->names[0][comma - arg] = '\0';
		strlcpy(s->names[1], comma + 1, sizeof(s->names[1]));
		if (!author_valid(s->names[0]) || !author_valid(s->names[1]))
			errx(HX_USAGE, "bad names '%s' (use a-z, 0-9, '.', '_' "
			    "and '-')", arg);
		return;
	}
	strlcpy(s->names[0], id->author, sizeof(s->names[0]));
	strlcpy(s->names[1], id->partner ? id->partner : "partner",
	    sizeof(s->names[1]));
}

static int
run_session(struct session *s, const char *author)
{
	struct herr e;
	size_t i;
	int on_tty, cont = 1, started = 0;

	on_tty = isatty(STDOUT_FILENO) &&
	    (tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) != -1 &&
	    tty_enter() == 0;
	atexit(tty_restore);
	catch_signals();
	/* A reader that goes away must not cost the session its record. */
	signal(SIGPIPE, SIG_IGN);
	s->mono0 = mono();
	for (i = 0; i < s->n && cont; i++) {
		struct phase *ph = &s->p[i];

		if (on_tty && wait_key && !(cont = wait_for_key(s, i)))
			break;
		started = 1;
		run_hook(s, ph->kind == SPEAK ? "speak" : "reflect",
		    ph->speaker, ph->listener, ph->planned);
		if (!on_tty)
			stamp_line(s, ph->kind == SPEAK ? "speak" : "reflect",
			    ph->speaker, ph->listener, ph->planned);
		cont = on_tty ? run_phase_tty(s, i) : run_phase_plain(s, i);
		if (bell && on_tty && cont)
			(void)write(tty_fd, "\a", 1);
	}
	s->ended_early = !cont || i < s->n;
	if (!started)
		s->ended_early = 1;
	tty_restore();
	if (!on_tty)
		stamp_line(s, s->ended_early ? "ended" : "done", "", "", 0);
	run_hook(s, s->ended_early ? "ended" : "done", "", "", 0);
	record_session(s, author);
	if (s->exec != NULL)
		reap_hooks(s->exec, 1);
	if (got_signal) {
		signal(got_signal, SIG_DFL);
		fflush(stdout);
		raise(got_signal);
	}
	/* The session is recorded; now say what became of its lines. */
	if (s->out_errno != 0 && s->out_errno != EPIPE)
		errc(HX_IOERR, s->out_errno, "stdout");
	if (s->out_errno == 0 && cli_finish(&e) == -1)
		errx(e.code, "%s", e.msg);
	return 0;
}

/* ---- log ---- */

static void
warn_line(void *arg, const char *file, size_t line, const char *why)
{
	int *bad = arg;

	warnx("%s:%zu: %s", file, line, why);
	*bad = 1;
}

/* A number of seconds from a record; 0 when it is not one. */
static double
number(const char *s)
{
	char *end;
	double v;

	v = strtod(s, &end);
	return end == s || *end != '\0' || !isfinite(v) ? 0 : v;
}

static int
cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_reader *rd;
	struct store_query q = { 0 };
	struct hmoment now, since;
	struct record r;
	struct store st;
	struct herr e;
	struct buf topic = BUF_INIT, phases = BUF_INIT, out = BUF_INIT;
	double total;
	char *p, *f[5], *save, *tok, safe[TOPIC_MAX * 4 + 1];
	char names[2 * AUTHOR_MAX + 3];
	int ch, whole, bad = 0, n, k;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			jflag = 1;
			break;
		case 's':
			if (date_now(&now, &e) == -1 ||
			    date_parse(optarg, &now, &since, &whole, &e) == -1)
				errx(HX_USAGE, "%s", e.msg);
			q.since = &since;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (store_open(&st, NULL, 0, &e) == -1) {
		if (e.code == HX_NOINPUT)
			return 1;
		errx(e.code, "%s", e.msg);
	}
	q.tool = TOOL;
	q.warn = warn_line;
	q.warn_arg = &bad;
	if (store_read_open(&rd, &st, &q, &e) == -1)
		errx(e.code, "%s", e.msg);
	n = 0;
	while ((k = store_read_next(rd, &r, &e)) == 1) {
		if (record_text(&r, RF_DATA + 1, &topic) == -1 ||
		    record_text(&r, RF_DATA + 2, &phases) == -1)
			err(HX_IOERR, "memory");
		n++;
		buf_reset(&out);
		if (jflag) {
			json_open(&out);
			json_kv_str(&out, "time", r.f[RF_TIME], r.flen[RF_TIME]);
			json_kv_str(&out, "author", r.f[RF_AUTHOR],
			    r.flen[RF_AUTHOR]);
			json_kv_str(&out, "status", r.f[RF_DATA],
			    r.flen[RF_DATA]);
			json_kv_str(&out, "topic", topic.p, topic.len);
			buf_adds(&out, ",\"phases\":[");
		}
		total = 0;
		names[0] = '\0';
		for (tok = strtok_r(phases.p, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			for (k = 0, p = tok; k < 5 && p != NULL; k++) {
				f[k] = p;
				if ((p = strchr(p, ':')) != NULL)
					*p++ = '\0';
			}
			if (k < 5)
				continue;
			total += number(f[4]);
			if (names[0] == '\0')
				snprintf(names, sizeof(names), "%s, %s", f[1],
				    f[2]);
			if (!jflag)
				continue;
			if (out.p[out.len - 1] != '[')
				buf_addc(&out, ',');
			json_open(&out);
			json_kv_strz(&out, "phase", f[0]);
			json_kv_strz(&out, "speaker", f[1]);
			json_kv_strz(&out, "listener", f[2]);
			buf_printf(&out, ",\"planned\":%.3f,\"actual\":%.3f}",
			    number(f[3]), number(f[4]));
		}
		if (jflag) {
			buf_adds(&out, "]");
			json_close(&out);
		} else {
			text_safe(safe, sizeof(safe), topic.p, topic.len);
			buf_printf(&out, "%.10s\t%.*s\t%.1f min\t%s\t%s\n",
			    r.f[RF_TIME], (int)r.flen[RF_DATA], r.f[RF_DATA],
			    total / 60, names, safe);
		}
		fwrite(out.p, 1, out.len, stdout);
	}
	if (k == -1)
		errx(e.code, "%s", e.msg);
	store_read_close(rd);
	buf_free(&topic);
	buf_free(&phases);
	buf_free(&out);
	if (cli_finish(&e) == -1)
		errx(e.code, "%s", e.msg);
	return bad ? HX_DATAERR : n > 0 ? 0 : HX_NO;
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
	struct herr e;
	const char *errstr, *names = NULL;
	double turn = 180, reflect = 60;
	size_t rounds = 1;
	int ch;

	cli_setup();
	if (cli_wants_help(argc, argv))
		usage_to(stdout, 0);
	if (argc > 1 && strcmp(argv[1], "log") == 0) {
		argv[1] = argv[0];	/* getopt's messages name the tool */
		return cmd_log(argc - 1, argv + 1);
	}
	while ((ch = getopt_long(argc, argv, "+hn:p:r:t:V", opts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'B':
			bell = 0;
			break;
		case 'e':
			s.exec = optarg;
			break;
		case 'h':
			usage_to(stdout, 0);
		case 'n':
			rounds = (size_t)strtonum(optarg, 1, ROUNDS_MAX,
			    &errstr);
			if (errstr != NULL)
				errx(HX_USAGE, "bad number of rounds '%s' (1 to "
				    "%d)", optarg, ROUNDS_MAX);
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
			if (cli_finish(&e) == -1)
				errx(e.code, "%s", e.msg);
			return 0;
		case 'w':
			wait_key = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (cli_identity(&id, &e) == -1 || date_now(&s.start, &e) == -1)
		errx(e.code, "%s", e.msg);
	set_names(&s, &id, names);
	read_topic(&s, argc, argv);
	plan(&s, turn, reflect, rounds);
	return run_session(&s, id.author);
}
