/*
 * config.c: the user's defaults for the options people always type.  The
 * file is $CFSEARCH_CONFIG, else $XDG_CONFIG_HOME/cfsearch/config, else
 * ~/.config/cfsearch/config: one option a line, written as on the command
 * line (--db=/srv/news, --per-article=3, --full, --no-pager), blank lines
 * and lines starting with '#' ignored.  The command line overrides it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfsearch.h"

char *
config_path(void)
{
	const char *env = getenv("CFSEARCH_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg)
		return xasprintf("%s/cfsearch/config", xdg);
	if (home && *home)
		return xasprintf("%s/.config/cfsearch/config", home);
	return NULL;
}

int
config_read(struct config *c)
{
	char *path = config_path();
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;

	memset(c, 0, sizeof *c);
	if (path == NULL)
		return 0;
	f = fopen(path, "r");
	if (f == NULL) {
		int e = errno;
		struct stat st;
		/* none at the usual place (or a place this user cannot look
		 * into: another user's HOME): no defaults */
		if (getenv("CFSEARCH_CONFIG") == NULL &&
		    (e == ENOENT || e == ENOTDIR || (e == EACCES && stat(path, &st) != 0))) {
			free(path);
			return 0;
		}
		log_error("%s: %s", path, strerror(e));
		free(path);
		return -1;
	}
	c->path = path;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
				 line[n - 1] == '\t'))
			line[--n] = '\0';
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		c->opts = xrealloc(c->opts, (c->n + 1) * sizeof *c->opts);
		c->lines = xrealloc(c->lines, (c->n + 1) * sizeof *c->lines);
		c->opts[c->n] = xstrdup(s);
		c->lines[c->n++] = lineno;
	}
	free(line);
	if (ferror(f)) {
		log_error("%s: %s", path, strerror(errno));
		fclose(f);
		config_free(c);
		return -1;
	}
	fclose(f);
	return 0;
}

void
config_free(struct config *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->opts[i]);
	free(c->opts);
	free(c->lines);
	free(c->path);
	memset(c, 0, sizeof *c);
}
