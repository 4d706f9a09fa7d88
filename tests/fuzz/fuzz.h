/* fuzz.h: the checks of the fuzz harnesses, shared with tests/test_regress.c. */
#ifndef CFS_FUZZ_H
#define CFS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "cfsearch.h"

/* fuzz_article.c: read data as an article file; abort() on a broken promise. */
void fuzz_article_check(const uint8_t *data, size_t size);

/* fuzz_query.c: index tests/corpora and tests/fixtures/articles under
 * srcdir into a new directory below $TMPDIR (removed at exit); returns the
 * database opened for searching, or NULL with a message on stderr. */
struct fuzz_index {
	char *tmpdir;
	cfs_rdb *db;
	struct variants *vars;
};
int fuzz_query_setup(struct fuzz_index *fi, const char *srcdir);
void fuzz_query_teardown(struct fuzz_index *fi);
/* Run data as a query (with and without name variants) and print its hits
 * to /dev/null; abort() on a broken promise. */
void fuzz_query_check(struct fuzz_index *fi, const uint8_t *data, size_t size);

#endif
