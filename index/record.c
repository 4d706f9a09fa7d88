/* record.c: the indexer's file records, and the one walk over them.
 *
 * Each file the indexer has met has a record in the database's metadata,
 * key "F" + its article key (a 64-bit hash of its absolute path, in hex):
 *     "MTIME_NS SIZE CONTENT_HASH PASSAGES STATUS[ CTIME_NS]\nPATH"
 * STATUS is i (indexed), s (skipped: empty or binary) or e (could not be
 * read); a file that could not be read has its CTIME_NS too, so that a
 * change of its mode or owner (chmod, chown) has it read again.  MTIME_NS is 0 when the file changed too close to the run's start
 * to trust its mtime (filesystem timestamps are coarse): the next run
 * hashes it again.  The article's passages carry the boolean term
 * CFS_PREFIX_ARTICLE + article key.
 *
 * On a database error these functions return -1 and leave the message in
 * the handle (cfs_wdb_errmsg): the caller names the database and what it
 * was doing.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

#define RECORD_PREFIX "F"

void
record_article_key(const char *path, char out[17])
{
	hex64(hash64(path, strlen(path), 0), out);
}

void
record_article_term(const char *key, char out[32])
{
	snprintf(out, 32, "%s%s", CFS_PREFIX_ARTICLE, key);
}

/* The metadata key of the record of article key. */
static void
record_meta_key(const char *key, char out[19])
{
	snprintf(out, 19, "%s%s", RECORD_PREFIX, key);
}

/* Parse a record's text in place (the newline becomes a NUL); r->path
 * points into it.  Returns 0, or -1 when it is no record. */
static int
record_parse(char *val, struct record *r)
{
	char *nl = strchr(val, '\n');
	if (nl == NULL)
		return -1;
	*nl = '\0';
	r->ctime_ns = 0;
	if (sscanf(val, "%lld %llu %" SCNx64 " %u %c %lld", &r->mtime_ns, &r->size, &r->hash,
		   &r->passages, &r->status, &r->ctime_ns) < 5)
		return -1;
	r->path = nl + 1;
	return 0;
}

int
record_get(cfs_wdb *db, const char *key, const char *path, struct record *r, int *found)
{
	char mkey[19];
	char *val = NULL;
	size_t len = 0;

	*found = 0;
	record_meta_key(key, mkey);
	if (cfs_wdb_get_meta(db, mkey, &val, &len) != CFS_OK) {
		free(val);
		return -1;
	}
	/* another path with the same hash is not this file's record */
	if (len > 0 && record_parse(val, r) == 0 && strcmp(r->path, path) == 0) {
		*found = 1;
		snprintf(r->key, sizeof r->key, "%s", key);
		r->path = path;
	}
	free(val);
	return 0;
}

int
record_set(cfs_wdb *db, const struct record *r)
{
	char mkey[19];
	char ctime[32] = "";
	if (r->status == RECORD_FAILED)
		snprintf(ctime, sizeof ctime, " %lld", r->ctime_ns);
	char *val = xasprintf("%lld %llu %016" PRIx64 " %u %c%s\n%s", r->mtime_ns, r->size,
			      r->hash, r->passages, r->status, ctime, r->path);
	record_meta_key(r->key, mkey);
	int rc = cfs_wdb_set_meta(db, mkey, val, strlen(val)) == CFS_OK ? 0 : -1;
	free(val);
	return rc;
}

int
record_remove_passages(cfs_wdb *db, const char *key)
{
	char term[32];
	record_article_term(key, term);
	return cfs_wdb_delete_term(db, term, NULL) == CFS_OK ? 0 : -1;
}

int
record_remove(cfs_wdb *db, const char *key)
{
	char mkey[19];
	record_meta_key(key, mkey);
	if (record_remove_passages(db, key) != 0)
		return -1;
	return cfs_wdb_set_meta(db, mkey, "", 0) == CFS_OK ? 0 : -1;
}

/* ---- the walk ---- */

struct record_walk {
	record_fn fn;
	void *ctx;
};

static int
record_each_meta(void *ctx, const char *key, const char *val, size_t len)
{
	struct record_walk *w = ctx;
	char *copy = xstrndup(val, len);
	struct record r;
	int stop = 0;

	if (record_parse(copy, &r) == 0) {
		snprintf(r.key, sizeof r.key, "%s", key + strlen(RECORD_PREFIX));
		stop = w->fn(w->ctx, &r);
	}
	free(copy);
	return stop;
}

int
record_each(cfs_wdb *db, record_fn fn, void *ctx)
{
	struct record_walk w = { fn, ctx };
	return cfs_wdb_each_meta(db, RECORD_PREFIX, record_each_meta, &w) == CFS_OK ? 0 : -1;
}

void
record_counts_add(struct record_counts *c, const struct record *r, int sign)
{
	uint64_t one = sign < 0 ? (uint64_t)-1 : 1;   /* wraps back: counts stay exact */

	c->files += one;
	if (r->status == RECORD_FAILED)
		c->failed += one;
	else if (r->status == RECORD_SKIPPED)
		c->skipped += one;
	else if (r->passages == 0)
		c->no_text += one;
	if (r->passages > 0) {
		c->articles += one;
		c->passages += sign < 0 ? (uint64_t)0 - r->passages : r->passages;
	}
}

static int
record_count_one(void *ctx, const struct record *r)
{
	record_counts_add(ctx, r, 1);
	return 0;
}

int
record_count(cfs_wdb *db, struct record_counts *c)
{
	memset(c, 0, sizeof *c);
	return record_each(db, record_count_one, c);
}

int
record_put_counts(cfs_wdb *db, const struct record_counts *c)
{
	char *val = xasprintf("%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			      " %" PRIu64, c->articles, c->passages, c->files, c->no_text,
			      c->skipped, c->failed);
	int rc = cfs_wdb_set_meta(db, META_COUNTS, val, strlen(val)) == CFS_OK ? 0 : -1;
	free(val);
	return rc;
}

int
record_save_counts(cfs_wdb *db)
{
	struct record_counts c;

	if (record_count(db, &c) != 0)
		return -1;
	return record_put_counts(db, &c);
}

int
record_parse_counts(const char *val, struct record_counts *c)
{
	memset(c, 0, sizeof *c);
	if (val == NULL)
		return 0;
	return sscanf(val, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		      " %" SCNu64, &c->articles, &c->passages, &c->files, &c->no_text,
		      &c->skipped, &c->failed);
}

struct record_under {
	const char *dir;
	int found;
};

static int
record_under_one(void *ctx, const struct record *r)
{
	struct record_under *u = ctx;
	u->found = path_under(r->path, u->dir);
	return u->found;
}

int
record_any_under(cfs_wdb *db, const char *dir)
{
	struct record_under u = { dir, 0 };
	record_each(db, record_under_one, &u);
	return u.found;
}

struct record_select {
	record_fn want;
	void *ctx;
	struct record_list *l;
};

static int
record_select_one(void *ctx, const struct record *r)
{
	struct record_select *s = ctx;
	if (s->want(s->ctx, r)) {
		struct record_list *l = s->l;
		l->r = xrealloc(l->r, (l->n + 1) * sizeof *l->r);
		l->r[l->n] = *r;
		l->r[l->n].path = xstrdup(r->path);
		l->n++;
	}
	return 0;
}

int
record_select(cfs_wdb *db, record_fn want, void *ctx, struct record_list *l)
{
	struct record_select s = { want, ctx, l };
	memset(l, 0, sizeof *l);
	return record_each(db, record_select_one, &s);
}

void
record_list_free(struct record_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free((char *)l->r[i].path);
	free(l->r);
	memset(l, 0, sizeof *l);
}
