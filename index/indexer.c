/* indexer.c: the index command.
 *
 * A run takes the lock, settles what to walk from the options and what the
 * index remembers (conf.c), then either updates the live database in place
 * (run.c) or, when there is none yet or --rebuild was given, builds a new
 * one beside it (build.c) and swaps it in (dbdir.c).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfsearch.h"

int
indexer_read(const char *path, struct cfs_article *a, const char **why, const char **note)
{
	char *raw, *text;
	size_t rawlen, textlen;
	enum text_kind k;

	*note = NULL;
	if (gzip_read_file(path, CFS_MAX_FILE_BYTES, &raw, &rawlen, NULL, why) != 0)
		return -1;
	k = text_decode(raw, rawlen, &text, &textlen, note);
	free(raw);
	if (k != TEXT_OK) {
		*why = text_skip_reason(k);
		return 1;
	}
	article_parse(text, textlen, a);
	free(text);
	return 0;
}

/* What a run is to do: the conf with the options added, and the roots to
 * walk. */
struct index_plan {
	struct conf c;
	int changed;           /* the conf is to be saved */
	char **walk;           /* absolute */
	size_t nwalk;
	int missing;           /* PATHs given that do not exist */
	int missing_new;       /* of those, the ones not remembered */
};

/* The shard: given once, then remembered; changing it needs --rebuild.
 * 0 or -1. */
static int
indexer_take_shard(const struct index_opts *o, struct index_plan *p)
{
	struct conf *c = &p->c;

	if (o->shard_n == 0)
		return 0;
	if (c->shard_n && (c->shard_n != o->shard_n || c->shard_k != o->shard_k) &&
	    !o->rebuild) {
		log_error("%s: this index is shard %u/%u; to make it %u/%u, add --rebuild",
			  o->db, c->shard_k, c->shard_n, o->shard_k, o->shard_n);
		return -1;
	}
	p->changed |= c->shard_n != o->shard_n || c->shard_k != o->shard_k;
	c->shard_k = o->shard_k;
	c->shard_n = o->shard_n;
	return 0;
}

/* Is the directory path, or one above it, a database directory (ours or
 * another's)?  1 or 0. */
static int
indexer_in_database(const char *path)
{
	char *dir = xstrdup(path), *slash;
	int in = 0;

	while (!in && dir[0] != '\0') {
		in = walk_is_database(dir);
		slash = strrchr(dir, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
	}
	free(dir);
	return in;
}

/* Roots and excludes: the remembered ones plus the new ones; what to walk:
 * the PATHs given, else (and with --rebuild) every remembered root. */
static void
indexer_add_roots(const struct index_opts *o, struct index_plan *p)
{
	struct conf *c = &p->c;

	for (size_t i = 0; i < o->npaths; i++) {
		/* a root is remembered as its real path: reached through a
		 * link, it is the same root with the same articles */
		char *abs = realpath(o->paths[i], NULL);
		size_t before = c->nroots;
		struct stat st;
		if (abs == NULL)
			abs = path_absolute(o->paths[i]);
		if (indexer_in_database(abs)) {
			log_error("%s: a database directory, or inside one: not indexed, not "
				  "remembered", o->paths[i]);
			p->missing++;
			p->missing_new++;
			free(abs);
			continue;
		}
		if (stat(abs, &st) != 0) {
			int known = 0;
			for (size_t k = 0; k < c->nroots && !known; k++)
				known = strcmp(c->roots[k], abs) == 0;
			/* a new root must exist: a typo is not remembered; a
			 * remembered one (an unmounted disk) keeps its articles */
			log_error("%s: %s (%s)", o->paths[i], strerror(errno),
				  known ? "its articles are kept" : "not indexed, not remembered");
			p->missing++;
			p->missing_new += !known;
			free(abs);
			continue;
		}
		conf_list_add(abs, &c->roots, &c->nroots);
		p->changed |= c->nroots != before;
		conf_list_add(abs, &p->walk, &p->nwalk);
		free(abs);
	}
	for (size_t i = 0; i < o->nexcludes; i++) {
		size_t before = c->nexcludes;
		conf_list_add(o->excludes[i], &c->excludes, &c->nexcludes);
		p->changed |= c->nexcludes != before;
	}
	if (o->npaths == 0 || o->rebuild) {
		for (size_t i = 0; i < c->nroots; i++)
			conf_list_add(c->roots[i], &p->walk, &p->nwalk);
	}
}

/* Nothing to walk: the exit status. */
static int
indexer_nothing_to_walk(const struct index_opts *o, const struct index_plan *p)
{
	int status;

	if (p->missing == 0)
		log_error("nothing to index: give a PATH (it is remembered for later runs)");
	/* only remembered roots that are away (an unmounted disk): what a run
	 * without PATH says of them, 3; a new PATH that is not there is a
	 * mistake, 2 */
	status = p->missing > 0 && p->missing_new == 0 ? CFS_EXIT_PARTIAL : CFS_EXIT_ERROR;
	/* the run is done, as far as it can be: what it was told to remember
	 * (--exclude) holds from now on */
	if (status == CFS_EXIT_PARTIAL && p->changed && conf_save(o->db, &p->c) != 0)
		status = CFS_EXIT_ERROR;
	return status;
}

/* The new index replaces the old one whole: a root that is not there now
 * (an unmounted disk) would lose its articles.  0, or -1 after naming each
 * root that is away. */
static int
indexer_rebuild_ready(const struct index_plan *p)
{
	int rc = 0;

	for (size_t i = 0; i < p->nwalk; i++) {
		struct stat st;
		if (stat(p->walk[i], &st) != 0) {
			log_error("%s: %s; not rebuilding, the index is untouched (mount it, "
				  "or drop it with 'cfsearch forget')", p->walk[i], strerror(errno));
			rc = -1;
		} else if (walk_is_empty_dir(p->walk[i])) {
			log_error("%s: empty directory (a disk not mounted?); not rebuilding, "
				  "the index is untouched (mount it, or drop it with "
				  "'cfsearch forget')", p->walk[i]);
			rc = -1;
		}
	}
	return rc;
}

/* Open the live database for an update (r->db), or leave r->db NULL when
 * the run is to be a full build: --rebuild, no database yet (an empty one
 * is made first, so that the directory is searchable and a stopped build
 * leaves a valid index) or an empty one (a first build that was stopped).
 * 0, or -1 with *status. */
static int
indexer_open_live(const struct index_opts *o, struct run *r, int *status)
{
	char *link = dbdir_xapian_path(o->db);
	struct stat st;
	int exists = lstat(link, &st) == 0;

	free(link);
	if (!exists) {
		if (dbdir_open(o->db, 1, &r->db, status) != 0)
			return -1;
		/* status says a first build that was killed did not finish */
		char *mark = xasprintf("%.0f 0 unfinished", r->start);
		if (cfs_wdb_set_meta(r->db, META_LASTRUN, mark, strlen(mark)) != CFS_OK ||
		    cfs_wdb_commit(r->db) != CFS_OK)
			log_warn("%s: %s", o->db, cfs_wdb_errmsg(r->db));
		free(mark);
		cfs_wdb_close(r->db);
		r->db = NULL;
		return 0;
	}
	if (o->rebuild)
		return 0;
	if (dbdir_open(o->db, 0, &r->db, status) != 0)
		return -1;
	uint64_t docs = 1;
	cfs_wdb_doccount(r->db, &docs);
	if (docs == 0) {
		cfs_wdb_close(r->db);
		r->db = NULL;
	}
	return 0;
}

/* With no root remembered, are there articles all the same (a forget
 * killed in an earlier version left them)?  1 with r->db open for an update
 * that removes them, 0, or -1 with *status. */
static int
indexer_orphans(const struct index_opts *o, struct run *r, int *status)
{
	char *link = dbdir_xapian_path(o->db);
	struct stat st;
	struct record_counts n;
	int exists = lstat(link, &st) == 0;

	free(link);
	if (!exists)
		return 0;
	if (dbdir_open(o->db, 0, &r->db, status) != 0)
		return -1;
	if (record_count(r->db, &n) != 0) {
		log_error("%s: %s", o->db, cfs_wdb_errmsg(r->db));
		*status = CFS_EXIT_ERROR;
	} else if (n.files > 0) {
		return 1;
	}
	cfs_wdb_close(r->db);
	r->db = NULL;
	return *status == CFS_EXIT_OK ? 0 : -1;
}

/* Update the live database in place.  The exit status. */
static int
indexer_update(struct run *r, const struct index_plan *p)
{
	int status;

	r->sweep_orphans = 1;
	run_catch_signals();
	run_roots(r, p->walk, p->nwalk, p->c.excludes, p->c.nexcludes);
	run_summary(r);
	run_restore_signals();
	status = run_status(r);
	if (run_close(r) != 0 && status == CFS_EXIT_OK)
		status = CFS_EXIT_ERROR;
	return status;
}

/* A full build beside the live database, swapped in at the end.  The exit
 * status. */
static int
indexer_build(const struct index_opts *o, struct run *r, const struct index_plan *p)
{
	unsigned jobs = o->jobs;
	char *old = dbdir_live_name(o->db);
	char *name = dbdir_next_name(o->db);
	int status;

	if (jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
	}
	if (build_full(r, name, p->walk, p->nwalk, p->c.excludes, p->c.nexcludes, jobs) != 0) {
		status = CFS_EXIT_ERROR;
		if (o->rebuild)
			log_error("%s: rebuild not completed; the old index is untouched", o->db);
	} else {
		status = run_status(r);
		if (run_close(r) != 0 && status == CFS_EXIT_OK)
			status = CFS_EXIT_ERROR;
		if (o->rebuild && run_signal()) {
			log_error("%s: rebuild not completed; the old index is untouched", o->db);
			char *dir = xasprintf("%s/%s", o->db, name);
			dbdir_rmtree(dir);
			free(dir);
		} else if (dbdir_swap(o->db, name) != 0) {
			status = CFS_EXIT_ERROR;
		} else if (old != NULL) {
			dbdir_drop(o->db, old);
		}
	}
	free(name);
	free(old);
	return status;
}

/* With the lock held: settle the plan, then update or build. */
static int
indexer_locked(const struct index_opts *o, struct index_plan *p, struct run *r)
{
	int status = CFS_EXIT_OK;

	/* what a killed build or compaction left behind */
	dbdir_clean_stale(o->db);
	if (conf_load(o->db, &p->c) != 0)
		return CFS_EXIT_ERROR;
	if (indexer_take_shard(o, p) != 0)
		return CFS_EXIT_ERROR;
	indexer_add_roots(o, p);
	if (p->nwalk == 0 && (p->missing || indexer_orphans(o, r, &status) <= 0))
		return status != CFS_EXIT_OK ? status : indexer_nothing_to_walk(o, p);
	if (p->nwalk == 0)   /* no root, but articles: remove them */
		return indexer_update(r, p);
	if (o->rebuild && indexer_rebuild_ready(p) != 0)
		return CFS_EXIT_ERROR;
	if (p->changed && conf_save(o->db, &p->c) != 0)
		return CFS_EXIT_ERROR;

	r->shard_k = p->c.shard_k;
	r->shard_n = p->c.shard_n;
	r->known = p->c.roots;
	r->nknown = p->c.nroots;
	if (indexer_open_live(o, r, &status) == 0)
		status = r->db != NULL ? indexer_update(r, p) : indexer_build(o, r, p);
	if (p->missing && status == CFS_EXIT_OK)
		status = CFS_EXIT_PARTIAL;
	return status;
}

int
indexer_run(const struct index_opts *o)
{
	struct index_plan p;
	struct run r;
	int lockfd, status;

	log_clear_line = o->progress;   /* no message is glued to the progress line */
	run_init(&r, o);   /* the run's time counts from here, a wait included */
	lockfd = dbdir_lock(o->db, o->wait_s, &status);
	if (lockfd < 0) {
		run_free(&r);
		return status;
	}
	r.waited = now_seconds() - r.start;   /* --wait: not the run's time */
	memset(&p, 0, sizeof p);
	status = indexer_locked(o, &p, &r);
	lock_release(lockfd);
	run_free(&r);
	conf_free(&p.c);
	conf_list_free(p.walk, p.nwalk);
	return status;
}
