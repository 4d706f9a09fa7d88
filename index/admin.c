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

static int
admin_open_read(const char *dbdir, cfs_rdb **db)
{
	char *path = indexer_xapian_path(dbdir), *err = NULL;
	const char *paths[1] = { path };
	cfs_status st = cfs_rdb_open(paths, 1, 0, 0, db, NULL, &err);
	if (st != CFS_OK) {
		if (st == CFS_ERR_NOT_FOUND)
			log_error("%s: no index here yet (run: cfsearch index PATH)", dbdir);
		else if (st == CFS_ERR_CORRUPT)
			log_error("%s: %s; the index is damaged: rebuild it with "
				  "'cfsearch index --rebuild'", dbdir, err ? err : "");
		else
			log_error("%s: %s", dbdir, err ? err : cfs_status_str(st));
	}
	free(err);
	free(path);
	return st == CFS_OK ? 0 : -1;
}

int
admin_status(const char *dbdir, int json)
{
	cfs_rdb *db;
	char *roots = NULL, *last = NULL, *counts = NULL, *path;
	uint64_t passages = 0, articles = 0, size;
	char when[64] = "never", outcome[32] = "", summary[256] = "";
	int schema;

	if (admin_open_read(dbdir, &db) != 0)
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
	path = indexer_xapian_path(dbdir);
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

/* Take the lock and open for writing; on failure report and return the exit
 * status to use. */
static int
admin_open_write(const char *dbdir, double wait_s, int *lockfd, cfs_wdb **db)
{
	long holder;
	char *err = NULL;

	*lockfd = lock_take(dbdir, wait_s, &holder);
	if (*lockfd < 0) {
		if (errno == EWOULDBLOCK) {
			log_error("%s: an indexer is running (pid %ld)", dbdir, holder);
			return CFS_EXIT_LOCKED;
		}
		log_error("%s: %s", dbdir, strerror(errno));
		return CFS_EXIT_ERROR;
	}
	cfs_status st = indexer_open_db(dbdir, db, &err);
	if (st != CFS_OK) {
		log_error("%s: %s", dbdir, err ? err : cfs_status_str(st));
		free(err);
		lock_release(*lockfd);
		return st == CFS_ERR_LOCK ? CFS_EXIT_LOCKED : CFS_EXIT_ERROR;
	}
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
	int lockfd, rc;
	struct conf conf;

	rc = admin_open_write(dbdir, wait_s, &lockfd, &db);
	if (rc != CFS_EXIT_OK)
		return rc;
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

static int
admin_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove a directory tree. */
int
admin_rmtree(const char *dir)
{
	return nftw(dir, admin_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Point the "index" link at target (a name inside dbdir), atomically. */
int
admin_swap(const char *dbdir, const char *target)
{
	char *link = indexer_xapian_path(dbdir);
	char *tmp = xasprintf("%s.new-link", link);
	int rc = 0;
	unlink(tmp);
	if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
		log_error("%s: %s", link, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	free(link);
	return rc;
}

/* Remove what an interrupted build or compaction left in dbdir: every
 * "index.N" or "index.N.partK" that the "index" link does not point at.
 * Called with the lock held, so nothing is writing them.  Returns how many
 * were removed. */
int
admin_clean_stale(const char *dbdir)
{
	char *link = indexer_xapian_path(dbdir);
	char target[PATH_MAX];
	const char *livename = NULL;
	size_t plen = strlen(INDEXER_LINK);
	struct dirent *e;
	struct stat st;
	DIR *d;
	int n = 0;

	/* the live one is what the link names (its last component): not
	 * resolved further, so an index.N that is itself a link to another
	 * disk is still the live one */
	if (lstat(link, &st) == 0) {
		ssize_t len = readlink(link, target, sizeof target - 1);
		if (len <= 0) {
			free(link);
			return 0;   /* cannot tell which is live: touch nothing */
		}
		target[len] = '\0';
		while (len > 1 && target[len - 1] == '/')
			target[--len] = '\0';
		livename = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	}
	d = opendir(dbdir);

	while (d != NULL && (e = readdir(d)) != NULL) {
		const char *p = e->d_name;
		if (strncmp(p, INDEXER_LINK ".", plen + 1) != 0)
			continue;
		p += plen + 1;
		if (*p < '0' || *p > '9')
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		if (strncmp(p, ".part", 5) == 0 && p[5] >= '0' && p[5] <= '9') {
			p += 5;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (*p != '\0' || (livename && strcmp(e->d_name, livename) == 0))
			continue;
		char *full = xasprintf("%s/%s", dbdir, e->d_name);
		if (admin_rmtree(full) == 0)
			n++;
		free(full);
	}
	if (d != NULL)
		closedir(d);
	free(link);
	return n;
}

/* The next free "index.N" name in dbdir.  malloc()ed. */
char *
admin_next_name(const char *dbdir)
{
	char *link = indexer_xapian_path(dbdir);
	char *real = realpath(link, NULL);
	unsigned long n = 1;
	if (real != NULL) {
		const char *dot = strrchr(real, '.');
		if (dot != NULL)
			n = strtoul(dot + 1, NULL, 10);
	}
	free(real);
	free(link);
	for (;;) {
		char *name = xasprintf("%s.%lu", INDEXER_LINK, ++n);
		char *full = xasprintf("%s/%s", dbdir, name);
		struct stat st;
		int exists = lstat(full, &st) == 0;
		free(full);
		if (!exists)
			return name;
		free(name);
	}
}

int
admin_compact(const char *dbdir, double wait_s)
{
	long holder;
	int lockfd;
	char *link, *old, *name, *dst, *err = NULL;
	int rc = CFS_EXIT_OK;

	lockfd = lock_take(dbdir, wait_s, &holder);
	if (lockfd < 0) {
		if (errno == EWOULDBLOCK) {
			log_error("%s: an indexer is running (pid %ld)", dbdir, holder);
			return CFS_EXIT_LOCKED;
		}
		log_error("%s: %s", dbdir, strerror(errno));
		return CFS_EXIT_ERROR;
	}
	link = indexer_xapian_path(dbdir);
	old = realpath(link, NULL);
	if (old == NULL) {
		log_error("%s: no index here yet (run: cfsearch index PATH)", dbdir);
		free(link);
		lock_release(lockfd);
		return CFS_EXIT_ERROR;
	}
	admin_clean_stale(dbdir);
	name = admin_next_name(dbdir);
	dst = xasprintf("%s/%s", dbdir, name);
	uint64_t before = admin_du(old);
	const char *srcs[1] = { old };
	cfs_status st = cfs_compact(srcs, 1, dst, &err);
	if (st != CFS_OK) {
		log_error("%s: compaction failed: %s", dbdir, err ? err : cfs_status_str(st));
		admin_rmtree(dst);
		rc = CFS_EXIT_ERROR;
	} else if (admin_swap(dbdir, name) != 0) {
		admin_rmtree(dst);
		rc = CFS_EXIT_ERROR;
	} else {
		uint64_t after = admin_du(dst);
		/* searches that still have the old one open keep reading their
		 * open files; new ones follow the link */
		admin_rmtree(old);
		fprintf(stderr, "compacted %s: %.1f MB -> %.1f MB\n", dbdir, before / 1e6,
			after / 1e6);
	}
	free(err);
	free(name);
	free(dst);
	free(old);
	free(link);
	lock_release(lockfd);
	return rc;
}
