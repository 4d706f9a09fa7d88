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

/* Can the program of cmd (its first word) be run: a path to an
 * executable, or one on the PATH?  A command the shell must read first
 * (VAR=x less, a quoted name) is taken as it is. */
static int
pager_found(const char *cmd)
{
	size_t n = strcspn(cmd, " \t");
	const char *path = getenv("PATH");
	char *prog = xstrndup(cmd, n);
	int ok = 0;
	if (strpbrk(prog, "=\"'$`\\;|&<>(){}*?~") != NULL) {
		ok = 1;
	} else if (strchr(prog, '/')) {
		ok = access(prog, X_OK) == 0;
	} else {
		for (const char *p = path ? path : "/usr/bin:/bin"; *p && !ok;) {
			size_t l = strcspn(p, ":");
			char *f = xasprintf("%.*s/%s", (int)l, p, prog);
			ok = access(f, X_OK) == 0;
			free(f);
			p += l;
			if (*p == ':')
				p++;
		}
	}
	free(prog);
	return ok;
}

FILE *
pager_start(int wanted, const char *cmd)
{
	FILE *f;
	const char *from = "--pager";

	if (!wanted || !isatty(STDOUT_FILENO))
		return stdout;
	if (cmd == NULL && (cmd = getenv("CFSEARCH_PAGER")) != NULL)
		from = "CFSEARCH_PAGER";
	if (cmd == NULL && (cmd = getenv("PAGER")) != NULL)
		from = "PAGER";
	if (cmd == NULL) {
		cmd = "less -FRX";
		if (!pager_found(cmd))
			return stdout;
	}
	if (*cmd == '\0' || strcmp(cmd, "cat") == 0)
		return stdout;
	if (!pager_found(cmd)) {
		/* the output is not lost to a pager that never started */
		log_warn("%s: cannot run '%.*s'; printing without a pager", from,
			 (int)strcspn(cmd, " \t"), cmd);
		return stdout;
	}
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
