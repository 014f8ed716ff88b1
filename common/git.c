/*
 * git: running git(1) with a clean environment and a time limit (git.h).
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "git.h"
#include "herr.h"

extern char **environ;

#define ARGS_MAX	96
#define ENV_MAX		512

/* Variables that would make git use another repository or ask a person. */
static const char *const dropped[] = {
	"GIT_DIR=", "GIT_WORK_TREE=", "GIT_INDEX_FILE=",
	"GIT_OBJECT_DIRECTORY=", "GIT_ALTERNATE_OBJECT_DIRECTORIES=",
	"GIT_CEILING_DIRECTORIES=", "GIT_NAMESPACE=", "GIT_COMMON_DIR=",
	"GIT_EDITOR=", "GIT_SEQUENCE_EDITOR=", "GIT_PAGER=", "GIT_ASKPASS=",
	"SSH_ASKPASS=", "GIT_TERMINAL_PROMPT=", "GIT_AUTHOR_", "GIT_COMMITTER_",
	"GIT_CONFIG_PARAMETERS=", "GIT_CONFIG_COUNT=", "LC_ALL=", "LANG=",
	"LANGUAGE=", "EMAIL=",
};

static int
is_dropped(const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		if (strncmp(v, dropped[i], strlen(dropped[i])) == 0)
			return 1;
	return 0;
}

/* The environment of a run, in env (ENV_MAX entries) and its strings. */
static int
make_env(const struct git *g, char **env, struct buf *s)
{
	static const char *const fixed[] = {
		"GIT_TERMINAL_PROMPT=0", "GIT_EDITOR=true",
		"GIT_SEQUENCE_EDITOR=true", "GIT_PAGER=cat",
		"GIT_MERGE_AUTOEDIT=no", "LC_ALL=C", "GIT_ASKPASS=true",
		"SSH_ASKPASS=true",
	};
	size_t n = 0, i, off[8];
	int k = 0;

	for (i = 0; environ[i] != NULL && n < ENV_MAX - 16; i++)
		if (!is_dropped(environ[i]))
			env[n++] = environ[i];
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		env[n++] = (char *)(uintptr_t)fixed[i];
	buf_reset(s);
	off[k++] = s->len;
	if (buf_printf(s, "GIT_AUTHOR_NAME=%s", g->author) == -1 ||
	    buf_addc(s, '\0') == -1)
		return -1;
	off[k++] = s->len;
	if (buf_printf(s, "GIT_COMMITTER_NAME=%s", g->author) == -1 ||
	    buf_addc(s, '\0') == -1)
		return -1;
	off[k++] = s->len;
	if (buf_printf(s, "GIT_AUTHOR_EMAIL=%s@hearth", g->author) == -1 ||
	    buf_addc(s, '\0') == -1)
		return -1;
	off[k++] = s->len;
	if (buf_printf(s, "GIT_COMMITTER_EMAIL=%s@hearth", g->author) == -1 ||
	    buf_addc(s, '\0') == -1)
		return -1;
	if (getenv("GIT_SSH_COMMAND") == NULL && getenv("GIT_SSH") == NULL) {
		off[k++] = s->len;
		if (buf_adds(s, "GIT_SSH_COMMAND=ssh -o BatchMode=yes") ==
		    -1 || buf_addc(s, '\0') == -1)
			return -1;
	}
	for (i = 0; i < (size_t)k; i++)
		env[n++] = s->p + off[i];
	env[n] = NULL;
	return 0;
}

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Take what fd has into b (NULL: drop it); 0 at its end. */
static ssize_t
drain(int fd, struct buf *b)
{
	char chunk[16384];
	ssize_t n;

	n = read(fd, chunk, sizeof(chunk));
	if (n > 0 && b != NULL && buf_add(b, chunk, (size_t)n) == -1)
		return -1;
	return n;
}

struct child {
	pid_t		 pid;
	int		 in, out, err;	/* our ends, -1 when closed */
	const char	*data;
	size_t		 left;
};

/* Feed, read and wait, within the deadline; 1 past it. */
static int
pump(struct child *c, double deadline, struct buf *out, struct buf *err)
{
	struct pollfd p[3];
	ssize_t n;
	int left_ms, i;

	while (c->out != -1 || c->err != -1) {
		left_ms = (int)((deadline - now_mono()) * 1000);
		if (left_ms <= 0)
			return 1;
		p[0].fd = c->in;
		p[0].events = POLLOUT;
		p[1].fd = c->out;
		p[1].events = POLLIN;
		p[2].fd = c->err;
		p[2].events = POLLIN;
		if (poll(p, 3, left_ms) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (c->in != -1 && (p[0].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			n = c->left > 0 ? write(c->in, c->data, c->left) : 0;
			if (n > 0) {
				c->data += n;
				c->left -= (size_t)n;
			}
			if (c->left == 0 || (n == -1 && errno != EINTR &&
			    errno != EAGAIN)) {
				close(c->in);
				c->in = -1;
			}
		}
		for (i = 1; i <= 2; i++) {
			int *fd = i == 1 ? &c->out : &c->err;

			if (*fd == -1 || !(p[i].revents & (POLLIN | POLLHUP |
			    POLLERR)))
				continue;
			n = drain(*fd, i == 1 ? out : err);
			if (n == 0 || (n == -1 && errno != EINTR &&
			    errno != EAGAIN)) {
				close(*fd);
				*fd = -1;
			}
		}
	}
	return 0;
}

static void
close_ends(struct child *c)
{
	if (c->in != -1)
		close(c->in);
	if (c->out != -1)
		close(c->out);
	if (c->err != -1)
		close(c->err);
	c->in = c->out = c->err = -1;
}

/*
 * The git that PATH names, in path: the first regular file called git
 * that may be run.  -1 when there is none.
 */
static int
find_git(char *path, size_t len)
{
	const char *p = getenv("PATH"), *end;
	struct stat sb;

	if (p == NULL || *p == '\0')
		p = "/usr/local/bin:/usr/bin:/bin";
	for (;;) {
		end = strchrnul(p, ':');
		if (end == p)
			snprintf(path, len, "./git");
		else
			snprintf(path, len, "%.*s/git", (int)(end - p), p);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(path, X_OK) == 0)
			return 0;
		if (*end == '\0')
			return -1;
		p = end + 1;
	}
}

/*
 * In the child: a process group of its own, so that a time-out ends
 * git's children too, and death with hearth, so that a killed sync
 * leaves no git running on behind it (the next sync would find its
 * lock files and its half-made refs).  Only async-signal-safe calls.
 */
static void
child(const char *path, char **argv, char **env, pid_t parent, int in,
    int out, int err)
{
	setpgid(0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(127);
	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	execve(path, argv, env);
	_exit(127);
}

/* Start git with argv and env; our ends of its pipes in c. */
static int
start(struct child *c, char **argv, char **env, struct herr *e)
{
	char path[PATH_MAX];
	int pin[2], pout[2], perr[2];
	pid_t parent = getpid();

	if (find_git(path, sizeof(path)) == -1)
		return herr_set(e, HX_UNAVAIL, "git is not installed; "
		    "hearth sync needs it (apt-get install git)");
	if (pipe2(pin, O_CLOEXEC) == -1)
		return herr_errno(e, HX_IOERR, errno, "pipe");
	if (pipe2(pout, O_CLOEXEC) == -1) {
		close(pin[0]);
		close(pin[1]);
		return herr_errno(e, HX_IOERR, errno, "pipe");
	}
	if (pipe2(perr, O_CLOEXEC) == -1) {
		close(pin[0]);
		close(pin[1]);
		close(pout[0]);
		close(pout[1]);
		return herr_errno(e, HX_IOERR, errno, "pipe");
	}
	if ((c->pid = fork()) == 0)
		child(path, argv, env, parent, pin[0], pout[1], perr[1]);
	if (c->pid > 0)
		(void)setpgid(c->pid, c->pid);	/* whichever runs first */
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	c->in = pin[1];
	c->out = pout[0];
	c->err = perr[0];
	if (c->pid == -1) {
		close_ends(c);
		return herr_errno(e, HX_IOERR, errno, "cannot run git");
	}
	fcntl(c->in, F_SETFL, O_NONBLOCK);
	return 0;
}

int
git_run(const struct git *g, const char *const *args, const char *in,
    size_t inlen, struct buf *out, struct buf *err, struct herr *e)
{
	/*
	 * What a person's own configuration could change of what hearth
	 * asks of git: no signing (a key would ask for its passphrase), no
	 * monitor daemon (it would hold the pipes open), no conversion of
	 * line ends, no submodules, plumbing output as hearth parses it.
	 */
	static const char *const pre[] = {
		"git", "-c", "core.symlinks=false", "-c", "core.quotePath=false",
		"-c", "gc.autoDetach=false", "-c", "advice.detachedHead=false",
		"-c", "color.ui=false", "-c", "core.hooksPath=/dev/null",
		"-c", "commit.gpgSign=false", "-c", "log.showSignature=false",
		"-c", "core.fsmonitor=false", "-c", "core.autocrlf=false",
		"-c", "core.eol=lf", "-c", "submodule.recurse=false",
		"-c", "fetch.recurseSubmodules=false",
		"-c", "diff.ignoreSubmodules=none", "-c", "log.showRoot=true",
		"-c", "user.useConfigOnly=false", "-C",
	};
	char *argv[ARGS_MAX], *env[ENV_MAX];
	struct buf envs = BUF_INIT;
	struct child c = { -1, -1, -1, -1, in, in != NULL ? inlen : 0 };
	void (*old)(int);
	size_t n = 0, i;
	int st, late, r = -1;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		argv[n++] = (char *)(uintptr_t)pre[i];
	argv[n++] = (char *)(uintptr_t)g->dir;
	for (i = 0; args[i] != NULL && n < ARGS_MAX - 1; i++)
		argv[n++] = (char *)(uintptr_t)args[i];
	argv[n] = NULL;
	if (make_env(g, env, &envs) == -1) {
		herr_errno(e, HX_IOERR, errno, "memory");
		goto out;
	}
	old = signal(SIGPIPE, SIG_IGN);
	if (start(&c, argv, env, e) == -1) {
		signal(SIGPIPE, old);
		goto out;
	}
	if (c.left == 0) {
		close(c.in);
		c.in = -1;
	}
	late = pump(&c, now_mono() + (g->timeout > 0 ? g->timeout : 3600),
	    out, err);
	if (late != 0)
		kill(-c.pid, SIGKILL);
	close_ends(&c);
	while (waitpid(c.pid, &st, 0) == -1 && errno == EINTR)
		;
	signal(SIGPIPE, old);
	if (late == 1)
		herr_set(e, HX_TEMPFAIL, "git %s took longer than %g "
		    "second%s (HEARTH_SYNC_TIMEOUT); try again", args[0],
		    g->timeout, g->timeout == 1 ? "" : "s");
	else if (late == -1)
		herr_errno(e, HX_IOERR, errno, "git %s", args[0]);
	else if (WIFEXITED(st))
		r = WEXITSTATUS(st);
	else
		herr_set(e, HX_IOERR, "git %s was killed by signal %d",
		    args[0], WTERMSIG(st));
out:
	buf_free(&envs);
	return r;
}

const char *
git_reason(struct buf *err)
{
	char *nl;

	if (err == NULL || err->len == 0 || buf_nul(err) == -1)
		return "git failed";
	if ((nl = strchr(err->p, '\n')) != NULL)
		*nl = '\0';
	if (strlen(err->p) > 300)
		err->p[300] = '\0';
	return strncmp(err->p, "fatal: ", 7) == 0 ? err->p + 7 : err->p;
}
