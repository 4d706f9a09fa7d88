/* dbdir.c: the database directory.
 *
 * DBDIR holds cfsearch.lock (lock.c), cfsearch.conf (conf.c) and "index", a
 * symbolic link to the live Xapian database, "index.N".  A full build or a
 * compaction writes the next generation beside it (the parts of a parallel
 * build are "index.N.partK") and swaps the link over atomically; searches
 * that have the old one open go on reading it.  What a killed build or
 * compaction leaves behind is removed by the next writer, under the lock.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfsearch.h"

/* ---- the names ---- */

char *
dbdir_xapian_path(const char *dbdir)
{
	return xasprintf("%s/%s", dbdir, DBDIR_LINK);
}

char *
dbdir_live_name(const char *dbdir)
{
	char *link = dbdir_xapian_path(dbdir);
	char target[PATH_MAX];
	ssize_t len = readlink(link, target, sizeof target - 1);

	free(link);
	if (len <= 0)
		return NULL;
	target[len] = '\0';
	while (len > 1 && target[len - 1] == '/')
		target[--len] = '\0';
	return xstrdup(strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
}

static void
dbdir_no_index(const char *dbdir)
{
	log_error("%s: no index here yet (run: cfsearch index PATH)", dbdir);
}

char *
dbdir_live_path(const char *dbdir)
{
	char *link = dbdir_xapian_path(dbdir);
	char *real = realpath(link, NULL);

	if (real == NULL)
		dbdir_no_index(dbdir);
	free(link);
	return real;
}

int
dbdir_require(const char *dbdir)
{
	char *live = dbdir_live_path(dbdir);
	int rc = live != NULL ? 0 : -1;

	free(live);
	return rc;
}

char *
dbdir_next_name(const char *dbdir)
{
	char *live = dbdir_live_name(dbdir);
	unsigned long n = 1;
	if (live != NULL) {
		const char *dot = strrchr(live, '.');
		if (dot != NULL)
			n = strtoul(dot + 1, NULL, 10);
	}
	free(live);
	for (;;) {
		char *name = xasprintf("%s.%lu", DBDIR_LINK, ++n);
		char *full = xasprintf("%s/%s", dbdir, name);
		struct stat st;
		int exists = lstat(full, &st) == 0;
		free(full);
		if (!exists)
			return name;
		free(name);
	}
}

/* ---- generations ---- */

int
dbdir_swap(const char *dbdir, const char *name)
{
	char *link = dbdir_xapian_path(dbdir);
	char *tmp = xasprintf("%s.new-link", link);
	int rc = 0;
	unlink(tmp);
	if (symlink(name, tmp) != 0 || rename(tmp, link) != 0) {
		log_error("%s: %s", link, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	free(link);
	return rc;
}

static int
dbdir_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int
dbdir_rmtree(const char *dir)
{
	return nftw(dir, dbdir_rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

int
dbdir_drop(const char *dbdir, const char *name)
{
	char *full = xasprintf("%s/%s", dbdir, name);
	struct stat st;
	int rc = 0;

	if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* an index moved to another disk and linked back */
		char *real = realpath(full, NULL);
		if (real != NULL)
			rc = dbdir_rmtree(real);
		free(real);
		if (unlink(full) != 0)
			rc = -1;
	} else {
		rc = dbdir_rmtree(full);
	}
	free(full);
	return rc;
}

/* Is name "index.N" or "index.N.partK"? */
static int
dbdir_is_generation(const char *name)
{
	size_t plen = strlen(DBDIR_LINK);
	const char *p = name;

	if (strncmp(p, DBDIR_LINK ".", plen + 1) != 0)
		return 0;
	p += plen + 1;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (strncmp(p, ".part", 5) == 0 && p[5] >= '0' && p[5] <= '9') {
		p += 5;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* An "index" that is a directory, not a link (moved by hand, or copied
 * without -P): made a generation of its own and linked, so that swaps
 * work again.  Searches that open it meanwhile may miss it for a moment. */
static void
dbdir_adopt(const char *dbdir)
{
	char *link = dbdir_xapian_path(dbdir), *name, *full;
	struct stat st;

	if (lstat(link, &st) != 0 || !S_ISDIR(st.st_mode)) {
		free(link);
		return;
	}
	name = dbdir_next_name(dbdir);
	full = xasprintf("%s/%s", dbdir, name);
	if (rename(link, full) != 0 || symlink(name, link) != 0)
		log_error("%s: a directory, not a link to the index: %s (move it to %s and "
			  "run: ln -s %s %s)", link, strerror(errno), full, name, link);
	else
		log_warn("%s: a directory, not a link to the index: moved to %s and linked",
			 link, name);
	free(full);
	free(name);
	free(link);
}

void
dbdir_clean_stale(const char *dbdir)
{
	char *link = dbdir_xapian_path(dbdir);
	/* the live one is what the link names (its last component): not
	 * resolved further, so an index.N that is itself a link to another
	 * disk is still the live one */
	char *live;
	struct dirent *e;
	struct stat st;
	DIR *d = NULL;

	dbdir_adopt(dbdir);
	live = dbdir_live_name(dbdir);
	if (live != NULL || lstat(link, &st) != 0)   /* else: cannot tell which is live */
		d = opendir(dbdir);
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (!dbdir_is_generation(e->d_name) || (live && strcmp(e->d_name, live) == 0))
			continue;
		char *full = xasprintf("%s/%s", dbdir, e->d_name);
		dbdir_rmtree(full);
		free(full);
	}
	if (d != NULL)
		closedir(d);
	free(live);
	free(link);
}

/* ---- the lock, opening ---- */

int
dbdir_lock(const char *dbdir, double wait_s, int *status)
{
	long holder;
	int fd = lock_take(dbdir, wait_s, &holder);

	if (fd >= 0)
		return fd;
	if (errno == EWOULDBLOCK) {
		if (holder > 0)
			log_error("%s: another indexer is running (pid %ld)", dbdir, holder);
		else
			log_error("%s: another indexer is running", dbdir);
		*status = CFS_EXIT_LOCKED;
	} else {
		log_error("%s: %s", dbdir, strerror(errno));
		*status = CFS_EXIT_ERROR;
	}
	return -1;
}

/* Say why the database of dbdir did not open (it exists: a part of it
 * that cannot be opened is damage too). */
static void
dbdir_open_error(const char *dbdir, cfs_status cs, const char *err)
{
	if (cs == CFS_ERR_CORRUPT || cs == CFS_ERR_NOT_FOUND)
		log_error("%s: %s; the index is damaged: rebuild it with "
			  "'cfsearch index --rebuild'", dbdir, err ? err : "");
	else if (cs == CFS_ERR_SCHEMA)
		log_error("%s; rebuild it with 'cfsearch index --rebuild'", err ? err : "");
	else
		log_error("%s: %s", dbdir, err ? err : cfs_status_str(cs));
}

int
dbdir_open(const char *dbdir, int create, cfs_wdb **db, int *status)
{
	char *link = dbdir_xapian_path(dbdir), *err = NULL;
	struct stat st;
	cfs_status cs;

	*db = NULL;
	if (lstat(link, &st) == 0) {
		cs = cfs_wdb_open(link, db, &err);
	} else if (!create) {
		dbdir_no_index(dbdir);
		*status = CFS_EXIT_ERROR;
		free(link);
		return -1;
	} else {
		/* a new database: index.1, and the link to it */
		char *first = xasprintf("%s/%s.1", dbdir, DBDIR_LINK);
		cs = cfs_wdb_open(first, db, &err);
		if (cs == CFS_OK && symlink(DBDIR_LINK ".1", link) != 0) {
			err = xasprintf("%s: %s", link, strerror(errno));
			cfs_wdb_close(*db);
			*db = NULL;
			cs = CFS_ERR_INVALID;
		}
		free(first);
	}
	if (cs != CFS_OK) {
		dbdir_open_error(dbdir, cs, err);
		*status = cs == CFS_ERR_LOCK ? CFS_EXIT_LOCKED : CFS_EXIT_ERROR;
	}
	free(err);
	free(link);
	return cs == CFS_OK ? 0 : -1;
}

int
dbdir_open_read(const char *dbdir, cfs_rdb **db)
{
	char *path = dbdir_xapian_path(dbdir), *err = NULL;
	const char *paths[1] = { path };
	cfs_status cs = cfs_rdb_open(paths, 1, 0, 0, db, NULL, &err);
	struct stat st;

	if (cs == CFS_ERR_NOT_FOUND && lstat(path, &st) != 0)
		dbdir_no_index(dbdir);
	else if (cs != CFS_OK)
		dbdir_open_error(dbdir, cs, err);
	free(err);
	free(path);
	return cs == CFS_OK ? 0 : -1;
}
