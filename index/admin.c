/* admin.c: status, roots, forget and compact. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* Bytes in the files below dir (following the "index" link). */
static uint64_t
admin_du(const char *dir)
{
	admin_du_total = 0;
	nftw(dir, admin_du_one, 16, 0);
	return admin_du_total;
}

int
admin_status(const char *dbdir, int json)
{
	cfs_rdb *db;
	char *roots = NULL, *last = NULL, *counts = NULL, *path;
	uint64_t passages = 0, articles = 0, size;
	char when[64] = "never", outcome[32] = "", summary[256] = "";
	int schema;

	if (dbdir_open_read(dbdir, &db) != 0)
		return CFS_EXIT_ERROR;
	cfs_rdb_doccount(db, &passages);
	cfs_rdb_get_meta(db, META_LASTRUN, &last, NULL);
	cfs_rdb_get_meta(db, META_COUNTS, &counts, NULL);
	schema = cfs_rdb_schema(db);
	cfs_rdb_close(db);
	if (counts && *counts)
		articles = strtoull(counts, NULL, 10);
	if (last && *last) {
		double start = 0, secs = 0;
		int off = 0;
		if (sscanf(last, "%lf %lf %31s %n", &start, &secs, outcome, &off) >= 3) {
			time_t t = (time_t)start;
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm);
			snprintf(summary, sizeof summary, "%s", last + off);
		}
	}
	path = dbdir_xapian_path(dbdir);
	{
		char *real = realpath(path, NULL);
		size = admin_du(real ? real : path);
		free(real);
	}
	struct conf conf;
	conf_load(dbdir, &conf);
	char **list = conf.roots;
	size_t n = conf.nroots;
	if (json) {
		printf("{\"database\":");
		output_json_string(stdout, dbdir, strlen(dbdir));
		printf(",\"articles\":%" PRIu64 ",\"passages\":%" PRIu64 ",\"size\":%" PRIu64
		       ",\"schema\":%d,\"roots\":[", articles, passages, size, schema);
		for (size_t i = 0; i < n; i++) {
			if (i)
				putchar(',');
			output_json_string(stdout, list[i], strlen(list[i]));
		}
		printf("]");
		if (conf.shard_n)
			printf(",\"shard\":\"%u/%u\"", conf.shard_k, conf.shard_n);
		printf(",\"last_run\":");
		if (outcome[0]) {
			printf("{\"time\":");
			output_json_string(stdout, when, strlen(when));
			printf(",\"outcome\":");
			output_json_string(stdout, outcome, strlen(outcome));
			printf(",\"summary\":");
			output_json_string(stdout, summary, strlen(summary));
			printf("}");
		} else {
			printf("null");
		}
		printf("}\n");
	} else {
		char a[32], p[32];
		fmt_count(a, sizeof a, articles);
		fmt_count(p, sizeof p, passages);
		printf("database:  %s\n", dbdir);
		printf("articles:  %s\n", a);
		printf("passages:  %s\n", p);
		printf("size:      %.1f MB\n", size / 1e6);
		if (schema < CFS_SCHEMA)
			printf("schema:    %d (older: 'cfsearch index --rebuild' makes the index "
			       "smaller and lets phrases match other inflections)\n", schema);
		else
			printf("schema:    %d\n", schema);
		printf("roots:     %s\n", n ? list[0] : "(none)");
		for (size_t i = 1; i < n; i++)
			printf("           %s\n", list[i]);
		if (conf.shard_n)
			printf("shard:     %u of %u\n", conf.shard_k, conf.shard_n);
		if (outcome[0])
			printf("last run:  %s, %s: %s\n", when, outcome, summary);
		else
			printf("last run:  never\n");
	}
	conf_free(&conf);
	free(path);
	free(roots);
	free(last);
	free(counts);
	return CFS_EXIT_OK;
}

int
admin_roots(const char *dbdir)
{
	struct conf c;
	if (conf_load(dbdir, &c) != 0) {
		log_error("%s/%s: %s", dbdir, CONF_FILE, strerror(errno));
		return CFS_EXIT_ERROR;
	}
	for (size_t i = 0; i < c.nroots; i++)
		printf("%s\n", c.roots[i]);
	for (size_t i = 0; i < c.nexcludes; i++)
		printf("exclude %s\n", c.excludes[i]);
	if (c.shard_n)
		printf("shard %u/%u\n", c.shard_k, c.shard_n);
	conf_free(&c);
	return CFS_EXIT_OK;
}


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

int
admin_forget(const char *dbdir, const char *const *paths, size_t npaths, double wait_s)
{
	cfs_wdb *db;
	int lockfd, rc = CFS_EXIT_OK;
	struct conf conf;

	lockfd = dbdir_lock(dbdir, wait_s, &rc);
	if (lockfd < 0)
		return rc;
	if (dbdir_open(dbdir, 1, &db, &rc) != 0) {
		lock_release(lockfd);
		return rc;
	}
	conf_load(dbdir, &conf);
	char **roots = conf.roots;
	size_t nroots = conf.nroots;
	for (size_t i = 0; i < npaths && rc == CFS_EXIT_OK; i++) {
		char *abs = path_absolute(paths[i]);
		size_t j;
		for (j = 0; j < nroots && strcmp(roots[j], abs) != 0; j++)
			;
		if (j == nroots) {
			log_error("%s: not a remembered root (see: cfsearch roots)", paths[i]);
			rc = CFS_EXIT_ERROR;
			free(abs);
			break;
		}
		free(roots[j]);
		memmove(roots + j, roots + j + 1, (nroots - j - 1) * sizeof *roots);
		nroots--;
		struct forget f = { roots, nroots, abs };
		struct record_list drop;
		if (record_select(db, admin_forget_want, &f, &drop) != 0) {
			log_error("%s: %s", dbdir, cfs_wdb_errmsg(db));
			rc = CFS_EXIT_ERROR;
		}
		for (size_t k = 0; k < drop.n && rc == CFS_EXIT_OK; k++) {
			if (record_remove(db, drop.r[k].key) != 0) {
				log_error("%s: %s", dbdir, cfs_wdb_errmsg(db));
				rc = CFS_EXIT_ERROR;
			}
		}
		if (rc == CFS_EXIT_OK)
			fprintf(stderr, "forgot %s (%zu articles removed)\n", abs, drop.n);
		record_list_free(&drop);
		free(abs);
	}
	conf.nroots = nroots;
	if (rc == CFS_EXIT_OK && conf_save(dbdir, &conf) != 0)
		rc = CFS_EXIT_ERROR;
	if (rc == CFS_EXIT_OK &&
	    (record_save_counts(db) != 0 || cfs_wdb_commit(db) != CFS_OK)) {
		log_error("%s: %s", dbdir, cfs_wdb_errmsg(db));
		rc = CFS_EXIT_ERROR;
	}
	conf_free(&conf);
	cfs_wdb_close(db);
	lock_release(lockfd);
	return rc;
}

int
admin_compact(const char *dbdir, double wait_s)
{
	int lockfd;
	char *old, *name, *dst, *err = NULL;
	int rc = CFS_EXIT_OK;

	lockfd = dbdir_lock(dbdir, wait_s, &rc);
	if (lockfd < 0)
		return rc;
	old = dbdir_live_path(dbdir);
	if (old == NULL) {
		lock_release(lockfd);
		return CFS_EXIT_ERROR;
	}
	dbdir_clean_stale(dbdir);
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
		dbdir_rmtree(old);
		fprintf(stderr, "compacted %s: %.1f MB -> %.1f MB\n", dbdir, before / 1e6,
			after / 1e6);
	}
	free(err);
	free(name);
	free(dst);
	free(old);
	lock_release(lockfd);
	return rc;
}
