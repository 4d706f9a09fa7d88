/* test_regress.c: the fuzzers' checks, replayed on the inputs they found.
 *
 * Every file of tests/fuzz/regress/ goes through the checks of the libFuzzer
 * harnesses (tests/fuzz/fuzz_article.c, fuzz_query.c, built here without
 * libFuzzer): files named query-* as queries against a small index of
 * tests/corpora, the others as article files.  The fixtures and the seed
 * queries (tests/fuzz/queries.txt) go through them too.  A broken check
 * abort()s, which fails the test with the file named just before.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"
#include "fuzz.h"
#include "tap.h"

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (sorted, hidden ones left out); NULL if unreadable. */
static char **
names(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

/* Run each file of dir through the article checks (or, for names starting
 * with "query-" when fi is given, the query checks). */
static void
replay_dir(const char *dir, struct fuzz_index *fi, const char *what)
{
	size_t n, len;
	char **v = names(dir, &n);

	ok(v != NULL || n == 0, "%s: %s readable", what, dir);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, v[i]);
		char *data = tap_slurp(path, &len);
		int query = strncmp(v[i], "query-", 6) == 0;

		printf("# %s\n", path);
		fflush(stdout);
		if (data == NULL)
			ok(0, "%s: %s readable", what, v[i]);
		else if (query && fi != NULL) {
			fuzz_query_check(fi, (const uint8_t *)data, len);
			ok(1, "%s: query %s", what, v[i]);
		} else if (!query) {
			fuzz_article_check((const uint8_t *)data, len);
			ok(1, "%s: article %s", what, v[i]);
		}
		free(data);
		free(path);
		free(v[i]);
	}
	free(v);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	struct fuzz_index fi;
	char *dir, *qfile, *qs;
	size_t qlen;

	if (top == NULL)
		top = ".";
	log_quiet = 1;

	dir = xasprintf("%s/tests/fixtures/articles", top);
	replay_dir(dir, NULL, "fixtures");
	free(dir);
	dir = xasprintf("%s/tests/corpora", top);
	replay_dir(dir, NULL, "corpora");
	free(dir);

	if (!ok(fuzz_query_setup(&fi, top) == 0, "a small index of tests/corpora")) {
		fuzz_query_teardown(&fi);
		return tap_done();
	}
	/* the seed queries, one a line */
	qfile = xasprintf("%s/tests/fuzz/queries.txt", top);
	qs = tap_slurp(qfile, &qlen);
	ok(qs != NULL, "%s readable", qfile);
	if (qs != NULL) {
		size_t nq = 0;
		for (const char *p = qs; *p != '\0';) {
			size_t n = strcspn(p, "\n");
			fuzz_query_check(&fi, (const uint8_t *)p, n);
			nq++;
			p += n;
			if (*p == '\n')
				p++;
		}
		ok(nq >= 50, "%zu seed queries ran", nq);
	}
	free(qs);
	free(qfile);

	dir = xasprintf("%s/tests/fuzz/regress", top);
	replay_dir(dir, &fi, "regress");
	free(dir);
	fuzz_query_teardown(&fi);
	return tap_done();
}
