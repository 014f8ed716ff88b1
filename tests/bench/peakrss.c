/*
 * peakrss: run a command and print its peak resident set size.
 *
 *	peakrss COMMAND [ARG]...
 *
 * The command runs with stdin and stdout on /dev/null (stderr is kept).
 * Prints "KIB STATUS" on stdout: ru_maxrss of the child from wait4(2), in
 * KiB, and its exit status (128+N when killed by signal N).  Exits 0 once
 * the command has run, whatever its status; 127 when it cannot be run.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;
	int status, fd;

	if (argc < 2) {
		fprintf(stderr, "usage: peakrss COMMAND [ARG]...\n");
		return 64;
	}
	if ((pid = fork()) == -1) {
		perror("peakrss: fork");
		return 127;
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) == -1 ||
		    dup2(fd, STDIN_FILENO) == -1 ||
		    dup2(fd, STDOUT_FILENO) == -1) {
			perror("peakrss: /dev/null");
			_exit(127);
		}
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("peakrss: wait4");
		return 127;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 127;
	printf("%ld %d\n", ru.ru_maxrss, WIFEXITED(status) ?
	    WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
