/*
 * pager.c: long output on a terminal through a pager, as git does:
 * $CFSEARCH_PAGER, else $PAGER, else "less -FRX" (which quits at once when
 * the output fits the screen).  An empty command or "cat" is no pager.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cfsearch.h"

/* Is prog (the first word of cmd) on the PATH? */
static int
pager_found(const char *cmd)
{
	size_t n = strcspn(cmd, " \t");
	const char *path = getenv("PATH");
	if (memchr(cmd, '/', n))
		return access(cmd, X_OK) == 0 || n < strlen(cmd);
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t l = strcspn(p, ":");
		char *f = xasprintf("%.*s/%.*s", (int)l, p, (int)n, cmd);
		int ok = access(f, X_OK) == 0;
		free(f);
		if (ok)
			return 1;
		p += l;
		if (*p == ':')
			p++;
	}
	return 0;
}

FILE *
pager_start(int wanted, const char *cmd)
{
	FILE *f;

	if (!wanted || !isatty(STDOUT_FILENO))
		return stdout;
	if (cmd == NULL)
		cmd = getenv("CFSEARCH_PAGER");
	if (cmd == NULL)
		cmd = getenv("PAGER");
	if (cmd == NULL) {
		cmd = "less -FRX";
		if (!pager_found(cmd))
			return stdout;
	}
	if (*cmd == '\0' || strcmp(cmd, "cat") == 0)
		return stdout;
	if (getenv("LESS") == NULL)
		setenv("LESS", "FRX", 1);
	fflush(stdout);
	f = popen(cmd, "w");
	if (f == NULL)
		return stdout;
	/* a reader who quits the pager early is no error */
	signal(SIGPIPE, SIG_IGN);
	return f;
}

int
pager_end(FILE *f)
{
	if (f == stdout || f == NULL)
		return 0;
	fflush(f);
	pclose(f);
	return 0;
}

size_t
pager_width(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (isatty(STDOUT_FILENO) && c && atoi(c) > 0)
		return (size_t)atoi(c);
	return 80;
}
