/* measure.c: run a command, report its wall time and peak RSS.
 *
 *   measure [-q] OUT -- CMD [ARG...]
 *
 * fork/execs CMD, waits for it with wait4(), and appends one line
 *
 *   SECONDS<TAB>PEAK_RSS_KB<TAB>STATUS
 *
 * to the file OUT ("-" writes it to standard output).  SECONDS is the
 * wall-clock time from just before fork() to the return of wait4(), on
 * CLOCK_MONOTONIC.  PEAK_RSS_KB is ru_maxrss of getrusage(RUSAGE_CHILDREN)
 * after the wait: the largest resident set of CMD and of every
 * descendant it waited for (Linux reports the maximum over the tree, not
 * the sum).  STATUS is CMD's exit status, or 128+N if it died of signal N.
 * With -q, CMD's standard output and error go to /dev/null.
 *
 * measure exits with CMD's status, so that callers can notice failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fputs("usage: measure [-q] OUT -- CMD [ARG...]\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	int quiet = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-q") == 0) {
		quiet = 1;
		i++;
	}
	if (argc - i < 3 || strcmp(argv[i + 1], "--") != 0)
		usage();
	const char *out = argv[i];
	char **cmd = argv + i + 2;

	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
				if (fd > 2)
					close(fd);
			}
		}
		execvp(cmd[0], cmd);
		fprintf(stderr, "measure: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	int st = 0;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return 2;
		}
	}
	double wall = now() - t0;
	/* RUSAGE_CHILDREN now includes the child and the grandchildren it
	 * waited for; the wait4() figure covers the child alone. */
	struct rusage all;
	if (getrusage(RUSAGE_CHILDREN, &all) == 0 && all.ru_maxrss > ru.ru_maxrss)
		ru.ru_maxrss = all.ru_maxrss;
	int status = WIFEXITED(st) ? WEXITSTATUS(st)
		: WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 255;

	FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "a");
	if (f == NULL) {
		fprintf(stderr, "measure: %s: %s\n", out, strerror(errno));
		return 2;
	}
	fprintf(f, "%.6f\t%ld\t%d\n", wall, ru.ru_maxrss, status);
	if (f != stdout ? fclose(f) != 0 : fflush(f) != 0) {
		fprintf(stderr, "measure: %s: %s\n", out, strerror(errno));
		return 2;
	}
	return status;
}
