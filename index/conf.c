/* conf.c: what the index remembers, DBDIR/cfsearch.conf: lines
 * "root PATH", "exclude PATTERN" and "shard K/N".  It lives beside the
 * Xapian database, so that --rebuild works even when the database is
 * damaged.  A name may hold any byte but NUL: one that holds a control
 * character (a newline, a CR), or starts with a double quote, is written
 * in double quotes with C escapes (\\ \" \n \r \t \xHH).  Files written before
 * that (without the CONF_FORMAT line) hold every name raw and are read so.
 * The roots and excludes are lists of strings without duplicates
 * (conf_list_*), as are the roots a run walks. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfsearch.h"

#define CONF_FORMAT "# format 2: a value in double quotes holds C escapes"

void
conf_list_add(const char *s, char ***arr, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i], s) == 0)
			return;
	*arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
	(*arr)[(*n)++] = xstrdup(s);
}

void
conf_list_free(char **arr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(arr[i]);
	free(arr);
}

/* Does s need quotes to survive a line of the file? */
static int
conf_needs_quotes(const char *s)
{
	if (*s == '"' || *s == '\0')
		return 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static void
conf_put(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%s ", key);
	if (!conf_needs_quotes(s)) {
		fprintf(f, "%s\n", s);
		return;
	}
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\\': fputs("\\\\", f); break;
		case '"': fputs("\\\"", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else
				putc(*p, f);
		}
	}
	fputs("\"\n", f);
}

static int
conf_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The value v of a line as written by conf_put: in place.  0, or -1 when
 * quotes are not closed or NUL is escaped. */
static int
conf_unquote(char *v)
{
	size_t n = strlen(v), o = 0;

	if (n < 2 || v[0] != '"' || v[n - 1] != '"')
		return v[0] == '"' ? -1 : 0;
	for (size_t i = 1; i < n - 1; i++) {
		char c = v[i];
		if (c == '\\' && i + 1 < n - 1) {
			c = v[++i];
			if (c == 'n')
				c = '\n';
			else if (c == 'r')
				c = '\r';
			else if (c == 't')
				c = '\t';
			else if (c == 'x' && i + 2 < n - 1 && conf_hex(v[i + 1]) >= 0 &&
				 conf_hex(v[i + 2]) >= 0) {
				c = (char)(conf_hex(v[i + 1]) * 16 + conf_hex(v[i + 2]));
				i += 2;
			}
			if (c == '\0')
				return -1;
		}
		v[o++] = c;
	}
	v[o] = '\0';
	return 0;
}

int
conf_load(const char *dbdir, struct conf *c)
{
	char *path = xasprintf("%s/%s", dbdir, CONF_FILE);
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0, quoted = 0;

	memset(c, 0, sizeof *c);
	if (f == NULL) {
		if (errno != ENOENT) {
			log_error("%s: %s", path, strerror(errno));
			rc = -1;
		}
		free(path);
		return rc;
	}
	errno = 0;
	while ((got = getline(&line, &cap, f)) > 0) {
		size_t n = (size_t)got;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		/* a raw value never ends in CR in the new format; in an old
		 * file it was written as it is */
		if (quoted && n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strcmp(line, CONF_FORMAT) == 0) {
			quoted = 1;
			continue;
		}
		char *v = strchr(line, ' ');
		if (v == NULL || line[0] == '#')
			continue;
		*v++ = '\0';
		if (quoted && conf_unquote(v) != 0) {
			log_warn("%s: a line that cannot be read: %s %s", path, line, v);
			continue;
		}
		if (*v == '\0')
			continue;
		if (strcmp(line, "root") == 0)
			conf_list_add(v, &c->roots, &c->nroots);
		else if (strcmp(line, "exclude") == 0)
			conf_list_add(v, &c->excludes, &c->nexcludes);
		else if (strcmp(line, "shard") == 0)
			sscanf(v, "%u/%u", &c->shard_k, &c->shard_n);
	}
	if (ferror(f)) {
		/* half a conf would forget roots */
		log_error("%s: %s", path, strerror(errno));
		conf_free(c);
		rc = -1;
	}
	free(line);
	fclose(f);
	free(path);
	return rc;
}

int
conf_save(const char *dbdir, const struct conf *c)
{
	char *path = xasprintf("%s/%s", dbdir, CONF_FILE);
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc = 0;

	if (f == NULL) {
		rc = -1;
		goto out;
	}
	fputs("# remembered by 'cfsearch index': roots, exclude patterns, shard\n", f);
	fputs(CONF_FORMAT "\n", f);
	for (size_t i = 0; i < c->nroots; i++)
		conf_put(f, "root", c->roots[i]);
	for (size_t i = 0; i < c->nexcludes; i++)
		conf_put(f, "exclude", c->excludes[i]);
	if (c->shard_n)
		fprintf(f, "shard %u/%u\n", c->shard_k, c->shard_n);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
out:
	if (rc != 0) {
		int e = errno;
		unlink(tmp);
		log_error("%s: %s", path, strerror(e));
	}
	free(tmp);
	free(path);
	return rc;
}

void
conf_free(struct conf *c)
{
	conf_list_free(c->roots, c->nroots);
	conf_list_free(c->excludes, c->nexcludes);
	memset(c, 0, sizeof *c);
}
