/* admin.c: the commands status, roots, forget and compact. */
#include "config.h"

#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cfsearch.h"

static uint64_t admin_du_total;

static int
admin_du_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path; (void)ftw;
	if (flag == FTW_F)
		admin_du_total += (uint64_t)st->st_size;
	return 0;
}

/* Bytes in the files below dir (following symbolic links). */
static uint64_t
admin_du(const char *dir)
{
	admin_du_total = 0;
	nftw(dir, admin_du_one, 16, 0);
	return admin_du_total;
}

/* ---- status ---- */

/* What status shows. */
struct admin_status {
	uint64_t articles, passages, size;
	int schema;
	char when[64], outcome[32], summary[256];   /* the last run ("" outcome: none) */
	struct conf conf;
};

/* Read it.  0, or -1 after saying why. */
static int
admin_status_read(const char *dbdir, struct admin_status *s)
{
	cfs_rdb *db;
	char *last = NULL, *counts = NULL;

	memset(s, 0, sizeof *s);
	snprintf(s->when, sizeof s->when, "never");
	if (dbdir_open_read(dbdir, &db) != 0)
		return -1;
	cfs_rdb_doccount(db, &s->passages);
	cfs_rdb_get_meta(db, META_LASTRUN, &last, NULL);
	cfs_rdb_get_meta(db, META_COUNTS, &counts, NULL);
	s->schema = cfs_rdb_schema(db);
	cfs_rdb_close(db);
	if (counts && *counts)
		s->articles = strtoull(counts, NULL, 10);
	if (last && *last) {
		double start = 0, secs = 0;
		int off = 0;
		if (sscanf(last, "%lf %lf %31s %n", &start, &secs, s->outcome, &off) >= 3) {
			time_t t = (time_t)start;
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(s->when, sizeof s->when, "%Y-%m-%d %H:%M:%S %z", &tm);
			snprintf(s->summary, sizeof s->summary, "%s", last + off);
		}
	}
	free(last);
	free(counts);
	char *path = dbdir_xapian_path(dbdir), *real = realpath(path, NULL);
	s->size = admin_du(real ? real : path);
	free(real);
	free(path);
	return conf_load(dbdir, &s->conf);
}

static void
admin_status_json(const char *dbdir, const struct admin_status *s)
{
	printf("{\"database\":");
	json_write_string(stdout, dbdir, strlen(dbdir));
	printf(",\"articles\":%" PRIu64 ",\"passages\":%" PRIu64 ",\"size\":%" PRIu64
	       ",\"schema\":%d,\"roots\":[", s->articles, s->passages, s->size, s->schema);
	for (size_t i = 0; i < s->conf.nroots; i++) {
		if (i)
			putchar(',');
		json_write_string(stdout, s->conf.roots[i], strlen(s->conf.roots[i]));
	}
	printf("]");
	if (s->conf.shard_n)
		printf(",\"shard\":\"%u/%u\"", s->conf.shard_k, s->conf.shard_n);
	printf(",\"last_run\":");
	if (s->outcome[0]) {
		printf("{\"time\":");
		json_write_string(stdout, s->when, strlen(s->when));
		printf(",\"outcome\":");
		json_write_string(stdout, s->outcome, strlen(s->outcome));
		printf(",\"summary\":");
		json_write_string(stdout, s->summary, strlen(s->summary));
		printf("}");
	} else {
		printf("null");
	}
	printf("}\n");
}

/* LABEL then s made safe (log_text), a line. */
static void
admin_line(const char *label, const char *s)
{
	fputs(label, stdout);
	log_text(stdout, s, strlen(s));
	putchar('\n');
}

static void
admin_status_text(const char *dbdir, const struct admin_status *s)
{
	char a[32], p[32];
	char **roots = s->conf.roots;
	size_t n = s->conf.nroots;

	fmt_count(a, sizeof a, s->articles);
	fmt_count(p, sizeof p, s->passages);
	admin_line("database:  ", dbdir);
	printf("articles:  %s\n", a);
	printf("passages:  %s\n", p);
	printf("size:      %.1f MB\n", s->size / 1e6);
	if (s->schema < CFS_SCHEMA)
		printf("schema:    %d (older: 'cfsearch index --rebuild' makes the index "
		       "smaller and lets phrases match other inflections)\n", s->schema);
	else
		printf("schema:    %d\n", s->schema);
	admin_line("roots:     ", n ? roots[0] : "(none)");
	for (size_t i = 1; i < n; i++)
		admin_line("           ", roots[i]);
	if (s->conf.shard_n)
		printf("shard:     %u of %u\n", s->conf.shard_k, s->conf.shard_n);
	if (s->outcome[0]) {
		printf("last run:  %s, ", s->when);
		log_text(stdout, s->outcome, strlen(s->outcome));
		fputs(": ", stdout);
		admin_line("", s->summary);
	}
	else
		printf("last run:  never\n");
}

int
admin_status(const char *dbdir, int json)
{
	struct admin_status s;
	int rc = CFS_EXIT_ERROR;

	if (admin_status_read(dbdir, &s) == 0) {
		if (json)
			admin_status_json(dbdir, &s);
		else
			admin_status_text(dbdir, &s);
		rc = CFS_EXIT_OK;
	}
	conf_free(&s.conf);
	return rc;
}

/* ---- roots ---- */

int
admin_roots(const char *dbdir)
{
	struct conf c;
	if (conf_load(dbdir, &c) != 0)
		return CFS_EXIT_ERROR;
	for (size_t i = 0; i < c.nroots; i++)
		admin_line("", c.roots[i]);
	for (size_t i = 0; i < c.nexcludes; i++)
		admin_line("exclude ", c.excludes[i]);
	if (c.shard_n)
		printf("shard %u/%u\n", c.shard_k, c.shard_n);
	conf_free(&c);
	return CFS_EXIT_OK;
}

/* ---- forget ---- */

struct forget {
	char **roots;        /* remaining roots */
	size_t nroots;
	const char *gone;    /* the root being forgotten */
};

/* Is the file of r below the root forgotten, and below no other root? */
static int
admin_forget_want(void *ctx, const struct record *r)
{
	struct forget *f = ctx;
	int drop = path_under(r->path, f->gone);
	for (size_t i = 0; i < f->nroots && drop; i++)
		if (path_under(r->path, f->roots[i]))
			drop = 0;
	return drop;
}

/* The remembered root that path names: its index in c->roots, or -1.
 * A root is remembered as its real path, so a link to it names it too. */
static long
admin_root_index(const struct conf *c, const char *path)
{
	char *abs = path_absolute(path), *real = realpath(path, NULL);
	long found = -1;

	for (size_t j = 0; j < c->nroots && found < 0; j++)
		if (strcmp(c->roots[j], abs) == 0 || (real && strcmp(c->roots[j], real) == 0))
			found = (long)j;
	free(abs);
	free(real);
	return found;
}

/* Are there articles below path that are below no remembered root (left
 * by a forget killed in an earlier version)?  1 or 0. */
static int
admin_forget_orphans(cfs_wdb *db, const struct conf *c, const char *path)
{
	char *abs = path_absolute(path);
	struct forget f = { c->roots, c->nroots, abs };
	struct record_list l;
	int any = record_select(db, admin_forget_want, &f, &l) == 0 && l.n > 0;

	record_list_free(&l);
	free(abs);
	return any;
}

/* Is every path given a remembered root, or the place of articles that no
 * root holds?  0, or -1 after naming each that is neither. */
static int
admin_forget_check(cfs_wdb *db, const struct conf *c, const char *const *paths, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (admin_root_index(c, paths[i]) < 0 && !admin_forget_orphans(db, c, paths[i])) {
			log_error("%s: not a remembered root (see: cfsearch roots)", paths[i]);
			rc = -1;
		}
	}
	return rc;
}

/* Forget the root path: drop it from c, and remove the files below it that
 * are below no other root (not committed).  *removed gets how many.  0
 * (also when it was forgotten already: given twice), or -1 after saying
 * why. */
static int
admin_forget_root(const char *dbdir, cfs_wdb *db, struct conf *c, const char *path,
		  size_t *removed)
{
	struct record_list drop;
	long j = admin_root_index(c, path);
	char *gone;
	int rc;

	*removed = 0;
	if (j >= 0) {
		gone = c->roots[j];
		memmove(c->roots + j, c->roots + j + 1,
			(c->nroots - (size_t)j - 1) * sizeof *c->roots);
		c->nroots--;
	} else {
		gone = path_absolute(path);   /* articles no root holds */
	}
	struct forget f = { c->roots, c->nroots, gone };
	rc = record_select(db, admin_forget_want, &f, &drop);
	for (size_t k = 0; k < drop.n && rc == 0; k++)
		rc = record_remove(db, drop.r[k].key);
	if (rc != 0)
		log_error("%s: %s", dbdir, cfs_wdb_errmsg(db));
	*removed = drop.n;
	record_list_free(&drop);
	free(gone);
	return rc;
}

/* Drop the exclude patterns ex from c.  0, or -1 after naming each that
 * is not remembered (then c is left as it was). */
static int
admin_forget_excludes(struct conf *c, const char *const *ex, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		int known = 0;
		for (size_t j = 0; j < c->nexcludes && !known; j++)
			known = strcmp(c->excludes[j], ex[i]) == 0;
		if (!known) {
			log_error("'%s': not a remembered exclude pattern (see: cfsearch roots)",
				  ex[i]);
			rc = -1;
		}
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		for (size_t j = 0; j < c->nexcludes; j++) {
			if (strcmp(c->excludes[j], ex[i]) != 0)
				continue;
			free(c->excludes[j]);
			memmove(c->excludes + j, c->excludes + j + 1,
				(c->nexcludes - j - 1) * sizeof *c->excludes);
			c->nexcludes--;
			break;
		}
	}
	return rc;
}

/* The roots' articles are removed and committed before the conf forgets
 * them: a forget killed on the way leaves the roots remembered (forget
 * them again, or index them again); never articles that no root holds. */
static int
admin_forget_locked(const char *dbdir, const char *const *paths, size_t npaths,
		    const char *const *ex, size_t nex)
{
	cfs_wdb *db;
	struct conf conf;
	int rc = CFS_EXIT_OK;
	size_t *removed = xcalloc(npaths, sizeof *removed);
	char **names = xcalloc(npaths, sizeof *names);

	if (conf_load(dbdir, &conf) != 0) {
		free(removed);
		free(names);
		return CFS_EXIT_ERROR;
	}
	if (admin_forget_excludes(&conf, ex, nex) != 0) {
		rc = CFS_EXIT_ERROR;
		goto out;
	}
	if (npaths == 0) {
		if (conf_save(dbdir, &conf) != 0)
			rc = CFS_EXIT_ERROR;
		goto out;
	}
	if (dbdir_open(dbdir, 0, &db, &rc) != 0)
		goto out;
	/* all or nothing: a root that is not remembered stops it before
	 * anything is removed */
	if (admin_forget_check(db, &conf, paths, npaths) != 0)
		rc = CFS_EXIT_ERROR;
	for (size_t i = 0; i < npaths && rc == CFS_EXIT_OK; i++) {
		long j = admin_root_index(&conf, paths[i]);
		names[i] = j >= 0 ? xstrdup(conf.roots[j]) : NULL;
		if (admin_forget_root(dbdir, db, &conf, paths[i], &removed[i]) != 0)
			rc = CFS_EXIT_ERROR;
	}
	if (rc == CFS_EXIT_OK &&
	    (record_save_counts(db) != 0 || cfs_wdb_commit(db) != CFS_OK)) {
		log_error("%s: %s", dbdir, cfs_wdb_errmsg(db));
		rc = CFS_EXIT_ERROR;
	}
	cfs_wdb_close(db);
	if (rc == CFS_EXIT_OK && conf_save(dbdir, &conf) != 0)
		rc = CFS_EXIT_ERROR;
	for (size_t i = 0; i < npaths && rc == CFS_EXIT_OK; i++) {
		if (names[i] != NULL)
			log_info("forgot %s (%zu articles removed)", names[i], removed[i]);
		else if (removed[i] > 0)
			log_info("forgot %s (not a remembered root: %zu articles that no root held "
				 "removed)", paths[i], removed[i]);
	}
out:
	for (size_t i = 0; i < nex && rc == CFS_EXIT_OK; i++)
		log_info("forgot exclude '%s' (the next 'cfsearch index' indexes what it excluded)",
			 ex[i]);
	for (size_t i = 0; i < npaths; i++)
		free(names[i]);
	free(names);
	free(removed);
	conf_free(&conf);
	return rc;
}

int
admin_forget(const char *dbdir, const char *const *paths, size_t npaths,
	     const char *const *ex, size_t nex, double wait_s)
{
	int lockfd, rc = CFS_EXIT_OK;

	/* no index, nothing to forget: make no directory, lock or index */
	if (dbdir_require(dbdir) != 0)
		return CFS_EXIT_ERROR;
	lockfd = dbdir_lock(dbdir, wait_s, &rc);
	if (lockfd < 0)
		return rc;
	rc = admin_forget_locked(dbdir, paths, npaths, ex, nex);
	lock_release(lockfd);
	return rc;
}

/* ---- compact ---- */

int
admin_compact(const char *dbdir, double wait_s)
{
	int lockfd;
	char *old, *live, *name, *dst, *err = NULL;
	int rc = CFS_EXIT_OK;

	/* no index, nothing to compact: make no directory or lock */
	if (dbdir_require(dbdir) != 0)
		return CFS_EXIT_ERROR;
	lockfd = dbdir_lock(dbdir, wait_s, &rc);
	if (lockfd < 0)
		return rc;
	dbdir_clean_stale(dbdir);
	old = dbdir_live_path(dbdir);
	live = dbdir_live_name(dbdir);
	if (old == NULL || live == NULL) {
		if (old != NULL)
			log_error("%s: the index is not a link to an index.N", dbdir);
		free(old);
		free(live);
		lock_release(lockfd);
		return CFS_EXIT_ERROR;
	}
	name = dbdir_next_name(dbdir);
	dst = xasprintf("%s/%s", dbdir, name);
	uint64_t before = admin_du(old);
	const char *srcs[1] = { old };
	cfs_status st = cfs_compact(srcs, 1, dst, &err);
	if (st != CFS_OK) {
		log_error("%s: compaction failed: %s", dbdir, err ? err : cfs_status_str(st));
		dbdir_rmtree(dst);
		rc = CFS_EXIT_ERROR;
	} else if (dbdir_swap(dbdir, name) != 0) {
		dbdir_rmtree(dst);
		rc = CFS_EXIT_ERROR;
	} else {
		uint64_t after = admin_du(dst);
		/* searches that still have the old one open keep reading their
		 * open files; new ones follow the link */
		dbdir_drop(dbdir, live);
		log_info("compacted %s: %.1f MB -> %.1f MB", dbdir, before / 1e6, after / 1e6);
	}
	free(err);
	free(name);
	free(dst);
	free(old);
	free(live);
	lock_release(lockfd);
	return rc;
}
