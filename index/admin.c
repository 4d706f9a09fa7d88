/* admin.c: the commands status, roots, forget and compact. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
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
	struct record_counts n;
	int nknown;                   /* numbers META_COUNTS held (2: an older index) */
	uint64_t passages, size;      /* passages: Xapian's documents, as they are now */
	int schema;
	long indexer;                 /* the pid of an indexer running now, or 0 */
	double start, secs;           /* the last run (outcome "": none) */
	char outcome[32];
	char *summary;
	int have_counts;              /* the last run's counts (lastcounts) */
	uint64_t added, updated, removed, unchanged, skipped, failed;
	struct conf conf;
};

/* The pid of the indexer (index, forget, compact) running on dbdir now, or
 * 0: the lock file's pid, if that process lives.  The lock itself is not
 * tried: a status must never make an indexer fail with 75. */
static long
admin_indexer(const char *dbdir)
{
	char *path = xasprintf("%s/%s", dbdir, LOCK_FILE), buf[32];
	FILE *f = fopen(path, "r");
	long pid = 0;

	free(path);
	if (f == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) != NULL)
		pid = strtol(buf, NULL, 10);
	fclose(f);
	if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno != EPERM))
		return 0;
	return pid;
}

/* Read it.  0, or -1 after saying why. */
static int
admin_status_read(const char *dbdir, struct admin_status *s)
{
	cfs_rdb *db;
	char *last = NULL, *counts = NULL, *lc = NULL;

	memset(s, 0, sizeof *s);
	if (dbdir_open_read(dbdir, &db) != 0)
		return -1;
	cfs_rdb_doccount(db, &s->passages);
	cfs_rdb_get_meta(db, META_LASTRUN, &last, NULL);
	cfs_rdb_get_meta(db, META_COUNTS, &counts, NULL);
	cfs_rdb_get_meta(db, META_LASTCOUNTS, &lc, NULL);
	s->schema = cfs_rdb_schema(db);
	cfs_rdb_close(db);
	s->nknown = record_parse_counts(counts && *counts ? counts : NULL, &s->n);
	if (last && *last) {
		int off = 0;
		if (sscanf(last, "%lf %lf %31s %n", &s->start, &s->secs, s->outcome, &off) >= 3)
			s->summary = xstrdup(last + off);
		else
			s->outcome[0] = '\0';
	}
	s->have_counts = lc && sscanf(lc, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
				      " %" SCNu64 " %" SCNu64, &s->added, &s->updated,
				      &s->removed, &s->unchanged, &s->skipped, &s->failed) == 6;
	free(last);
	free(counts);
	free(lc);
	s->indexer = admin_indexer(dbdir);
	char *path = dbdir_xapian_path(dbdir), *real = realpath(path, NULL);
	s->size = admin_du(real ? real : path);
	free(real);
	free(path);
	return conf_load(dbdir, &s->conf);
}

/* ISO 8601, UTC, into out[32]. */
static void
admin_iso(double t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* What the last run's outcome means: NULL (none), "running",
 * "unfinished" or what it said ("ok", "partial", "interrupted"). */
static const char *
admin_outcome(const struct admin_status *s)
{
	if (s->outcome[0] == '\0')
		return NULL;
	if (strcmp(s->outcome, "unfinished") == 0)
		return s->indexer ? "running" : "unfinished";
	return s->outcome;
}

static void
admin_json_count(struct json *j, const char *key, uint64_t v, int known)
{
	json_key(j, key);
	if (known)
		json_uint(j, v);
	else
		json_null(j);
}

/* "last_run": null or its object. */
static void
admin_json_last(struct json *j, const struct admin_status *s)
{
	const char *outcome = admin_outcome(s);
	char iso[32];

	json_key(j, "last_run");
	if (outcome == NULL) {
		json_null(j);
		return;
	}
	int done = strcmp(s->outcome, "unfinished") != 0, c = done && s->have_counts;
	admin_iso(s->start, iso);
	json_open(j, '{');
	json_key(j, "start");
	json_cstr(j, iso);
	json_key(j, "seconds");
	if (done)
		json_double(j, s->secs);
	else
		json_null(j);
	json_key(j, "outcome");
	json_cstr(j, outcome);
	json_key(j, "finished");
	json_bool(j, done);
	admin_json_count(j, "added", s->added, c);
	admin_json_count(j, "updated", s->updated, c);
	admin_json_count(j, "removed", s->removed, c);
	admin_json_count(j, "unchanged", s->unchanged, c);
	admin_json_count(j, "skipped", s->skipped, c);
	admin_json_count(j, "failed", s->failed, c);
	json_key(j, "summary");
	json_cstr(j, done ? s->summary : NULL);
	json_close(j);
}

static void
admin_status_json(const char *dbdir, const struct admin_status *s)
{
	struct json j;
	int all = s->nknown >= 6;

	json_init(&j, stdout);
	json_open(&j, '{');
	json_key(&j, "database");
	json_cstr(&j, dbdir);
	admin_json_count(&j, "indexer_pid", (uint64_t)s->indexer, s->indexer != 0);
	admin_json_count(&j, "files", s->n.files, all);
	admin_json_count(&j, "articles", s->n.articles, 1);
	admin_json_count(&j, "no_text", s->n.no_text, all);
	admin_json_count(&j, "skipped", s->n.skipped, all);
	admin_json_count(&j, "unreadable", s->n.failed, all);
	admin_json_count(&j, "passages", s->passages, 1);
	admin_json_count(&j, "size", s->size, 1);
	admin_json_count(&j, "schema", (uint64_t)s->schema, 1);
	json_key(&j, "roots");
	json_open(&j, '[');
	for (size_t i = 0; i < s->conf.nroots; i++)
		json_cstr(&j, s->conf.roots[i]);
	json_close(&j);
	json_key(&j, "excludes");
	json_open(&j, '[');
	for (size_t i = 0; i < s->conf.nexcludes; i++)
		json_cstr(&j, s->conf.excludes[i]);
	json_close(&j);
	json_key(&j, "shard");
	if (s->conf.shard_n) {
		json_open(&j, '{');
		admin_json_count(&j, "k", s->conf.shard_k, 1);
		admin_json_count(&j, "n", s->conf.shard_n, 1);
		json_close(&j);
	} else {
		json_null(&j);
	}
	admin_json_last(&j, s);
	json_close(&j);
}

/* LABEL then s made safe (log_text), a line. */
static void
admin_line(const char *label, const char *s)
{
	fputs(label, stdout);
	log_text(stdout, s, strlen(s));
	putchar('\n');
}

/* "files:", "articles:" and "passages:", saying what each counts. */
static void
admin_status_counts(const struct admin_status *s)
{
	char f[32], a[32], h[32], k[32], u[32], p[32];

	fmt_count(f, sizeof f, s->n.files);
	fmt_count(a, sizeof a, s->n.articles);
	fmt_count(h, sizeof h, s->n.no_text);
	fmt_count(k, sizeof k, s->n.skipped);
	fmt_count(u, sizeof u, s->n.failed);
	fmt_count(p, sizeof p, s->passages);
	if (s->nknown >= 6) {
		printf("files:     %s seen by the indexer: %s with text, %s with no text "
		       "(only a header)", f, a, h);
		if (s->n.skipped)
			printf(", %s skipped (empty or binary)", k);
		if (s->n.failed)
			printf(", %s unreadable", u);
		putchar('\n');
	}
	printf("articles:  %s (files with text: what searches find)\n", a);
	printf("passages:  %s (what searches rank: paragraphs, long ones cut)\n", p);
}

/* "last run:" */
static void
admin_status_last(const struct admin_status *s)
{
	char when[64];
	time_t t = (time_t)s->start;
	struct tm tm;
	const char *outcome = admin_outcome(s);

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm);
	if (outcome == NULL) {
		printf("last run:  never%s\n", s->indexer ? " (the first is under way)" : "");
	} else if (strcmp(outcome, "running") == 0) {
		printf("last run:  under way since %s\n", when);
	} else if (strcmp(outcome, "unfinished") == 0) {
		printf("last run:  %s, did not finish (killed?): the counts are those of its last "
		       "commit; 'cfsearch index' completes the work\n", when);
	} else {
		printf("last run:  %s, ", when);
		log_text(stdout, outcome, strlen(outcome));
		fputs(": ", stdout);
		admin_line("", s->summary ? s->summary : "");
	}
}

static void
admin_status_text(const char *dbdir, const struct admin_status *s)
{
	char **roots = s->conf.roots;
	size_t n = s->conf.nroots;

	admin_line("database:  ", dbdir);
	if (s->indexer)
		printf("indexer:   running now (pid %ld)\n", s->indexer);
	admin_status_counts(s);
	printf("size:      %.1f MB\n", s->size / 1e6);
	if (s->schema < CFS_SCHEMA)
		printf("schema:    %d (older: 'cfsearch index --rebuild' makes the index "
		       "smaller and lets phrases match other inflections)\n", s->schema);
	else
		printf("schema:    %d\n", s->schema);
	admin_line("roots:     ", n ? roots[0] : "(none)");
	for (size_t i = 1; i < n; i++)
		admin_line("           ", roots[i]);
	for (size_t i = 0; i < s->conf.nexcludes; i++)
		admin_line(i ? "           " : "excludes:  ", s->conf.excludes[i]);
	if (s->conf.shard_n)
		printf("shard:     %u of %u\n", s->conf.shard_k, s->conf.shard_n);
	admin_status_last(s);
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
	free(s.summary);
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
	if (c.nroots == 0 && c.nexcludes == 0 && dbdir_require(dbdir) != 0) {
		conf_free(&c);
		return CFS_EXIT_ERROR;   /* nothing remembered, and no index: a wrong --db */
	}
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
 * are below no other root (not committed).  *removed gets how many of them
 * were articles (files with passages).  0 (also when it was forgotten
 * already: given twice), or -1 after saying why. */
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
	/* articles: files skipped or unreadable held none */
	for (size_t k = 0; k < drop.n; k++)
		*removed += drop.r[k].passages > 0;
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
			log_info("forgot %s (%zu article%s removed)", names[i], removed[i],
				 removed[i] == 1 ? "" : "s");
		else if (removed[i] > 0)
			log_info("forgot %s (not a remembered root: %zu article%s that no root held "
				 "removed)", paths[i], removed[i], removed[i] == 1 ? "" : "s");
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
