/*
 * tty: the terminal that an interactive tool draws on, on the tool side.
 *
 * listen-timer, checkin and repair each read keys one at a time from
 * /dev/tty and draw on it, and each must put the terminal back as it was
 * on every way out: the end, exit(3) (register tty_restore with atexit), a
 * signal, and a suspend.  What they share lives here, once: the
 * descriptor, the terminal as it was, the raw mode, writing, and the
 * signal flags.  Where the tools differ the difference is a parameter: a
 * struct tty_mode says how keys are read (VMIN), when a change of mode
 * takes effect (TCSANOW keeps keys typed ahead, TCSAFLUSH drops them),
 * which input flags are cleared besides ICANON and ECHO, and what is
 * written on entering raw mode and before leaving it (an alternate
 * screen); the tool passes the signals it catches.  What a tool does on a
 * signal, and its words and screens, stay in the tool.
 *
 * The handler only sets flags (volatile sig_atomic_t, file-scope static
 * here): SIGTSTP asks for a suspend (tty_stop_pending, tty_suspend),
 * SIGWINCH only wakes a poll(2) so that the screen is redrawn, any other
 * is remembered for tty_signal.  No SA_RESTART: a signal ends the read(2)
 * or poll(2) that waits for a key.  A write to the terminal is best
 * effort: what fails is lost with the screen it was drawn for.
 */
#ifndef HEARTH_TTY_H
#define HEARTH_TTY_H

#include <stddef.h>
#include <termios.h>

struct tty_mode {
	int		 vmin;		/* 0: a read returns at once */
	int		 when;		/* TCSANOW, TCSADRAIN or TCSAFLUSH */
	tcflag_t	 iflag_off;	/* input flags cleared besides */
	const char	*enter;		/* written once raw, or NULL */
	const char	*leave;		/* written before putting back, or NULL */
};

/* Open /dev/tty for reading and writing: its descriptor, or -1. */
int	tty_open(void);
/* Close it (after tty_restore); tty_fileno is then -1. */
void	tty_close(void);
int	tty_fileno(void);

/*
 * Keys as they are typed, without echo, as mode says (kept for
 * tty_suspend; it must outlive the raw mode): 0, or -1 with errno.
 */
int	tty_raw_on(const struct tty_mode *mode);
/* Put the terminal back as it was, if raw; fit for atexit(3). */
void	tty_restore(void);
int	tty_is_raw(void);

void	tty_write(const char *p, size_t n);
void	tty_puts(const char *s);

/* Catch each of the n signals in sigs with the flag-setting handler. */
void	tty_catch(const int *sigs, size_t n);
/* The last signal caught to end on (not TSTP or WINCH), or 0. */
int	tty_signal(void);
/* Remember sig as if caught: a terminal gone is a hangup. */
void	tty_note_signal(int sig);
int	tty_stop_pending(void);
/*
 * Stop as the shell asked, with the terminal as it was, and take it
 * again, in the same mode, after SIGCONT.  SIGTSTP is left at SIG_DFL:
 * the caller catches its signals again.
 */
void	tty_suspend(void);

#endif
