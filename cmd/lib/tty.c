/*
 * tty: the terminal of an interactive tool (see tty.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "io.h"
#include "tty.h"

/* The terminal as it was, for every way out, and the mode it is in. */
static struct termios saved;
static const struct tty_mode *cur_mode;
static int	 tty_fd = -1;
static int	 tty_raw;

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t got_tstp;

int
tty_open(void)
{
	return tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
}

void
tty_close(void)
{
	close(tty_fd);
	tty_fd = -1;
}

int
tty_fileno(void)
{
	return tty_fd;
}

int
tty_is_raw(void)
{
	return tty_raw;
}

/* What the terminal shows is best effort: a failed write loses a redraw. */
void
tty_write(const char *p, size_t n)
{
	(void)io_write_all(tty_fd, p, n);
}

void
tty_puts(const char *s)
{
	tty_write(s, strlen(s));
}

int
tty_raw_on(const struct tty_mode *mode)
{
	struct termios t;

	cur_mode = mode;
	if (tcgetattr(tty_fd, &saved) == -1)
		return -1;
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_iflag &= ~mode->iflag_off;
	t.c_cc[VMIN] = (cc_t)mode->vmin;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(tty_fd, mode->when, &t) == -1)
		return -1;
	tty_raw = 1;
	if (mode->enter != NULL)
		tty_puts(mode->enter);
	return 0;
}

void
tty_restore(void)
{
	if (tty_fd == -1 || !tty_raw)
		return;
	if (cur_mode->leave != NULL)
		tty_puts(cur_mode->leave);
	tcsetattr(tty_fd, cur_mode->when, &saved);
	tty_raw = 0;
}

static void
on_signal(int sig)
{
	/* SIGWINCH needs no flag: being caught, it wakes poll(2). */
	if (sig == SIGTSTP)
		got_tstp = 1;
	else if (sig != SIGWINCH)
		got_signal = sig;
}

void
tty_catch(const int *sigs, size_t n)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < n; i++)
		sigaction(sigs[i], &sa, NULL);
}

int
tty_signal(void)
{
	return got_signal;
}

void
tty_note_signal(int sig)
{
	got_signal = sig;
}

int
tty_stop_pending(void)
{
	return got_tstp;
}

void
tty_suspend(void)
{
	got_tstp = 0;
	tty_restore();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* Here again after SIGCONT. */
	(void)tty_raw_on(cur_mode);
}
