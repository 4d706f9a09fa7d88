/* conf.c: what the index remembers, DBDIR/cfsearch.conf: lines
 * "root PATH", "exclude GLOB" and "shard K/N".  It lives beside the Xapian
 * database, so that --rebuild works even when the database is damaged.
 * The roots and excludes are lists of strings without duplicates
 * (conf_list_*), as are the roots a run walks. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfsearch.h"

void
conf_list_add(const char *s, char ***arr, size_t *n)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		if (len > 0) {
			int dup = 0;
			for (size_t i = 0; i < *n && !dup; i++)
				dup = strlen((*arr)[i]) == len && strncmp((*arr)[i], s, len) == 0;
			if (!dup) {
				*arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
				(*arr)[(*n)++] = xstrndup(s, len);
			}
		}
		s += len + (nl ? 1 : 0);
	}
}

void
conf_list_free(char **arr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(arr[i]);
	free(arr);
}

int
conf_load(const char *dbdir, struct conf *c)
{
	char *path = xasprintf("%s/%s", dbdir, CONF_FILE);
	FILE *f = fopen(path, "r");
	char line[8192];
	int rc = 0;

	memset(c, 0, sizeof *c);
	if (f == NULL) {
		if (errno != ENOENT) {
			log_error("%s: %s", path, strerror(errno));
			rc = -1;
		}
		free(path);
		return rc;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (strncmp(line, "root ", 5) == 0)
			conf_list_add(line + 5, &c->roots, &c->nroots);
		else if (strncmp(line, "exclude ", 8) == 0)
			conf_list_add(line + 8, &c->excludes, &c->nexcludes);
		else if (strncmp(line, "shard ", 6) == 0)
			sscanf(line + 6, "%u/%u", &c->shard_k, &c->shard_n);
	}
	if (ferror(f)) {
		/* half a conf would forget roots */
		log_error("%s: %s", path, strerror(errno));
		conf_free(c);
		rc = -1;
	}
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
	for (size_t i = 0; i < c->nroots; i++)
		fprintf(f, "root %s\n", c->roots[i]);
	for (size_t i = 0; i < c->nexcludes; i++)
		fprintf(f, "exclude %s\n", c->excludes[i]);
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
