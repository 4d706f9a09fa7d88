/* build.c: a full build, in parallel.
 *
 * nworkers processes each walk every root but index only the files that
 * hash to them (run.c), into a part of their own, DBDIR/NAME.partK; the
 * parent then merges the parts with Xapian's compactor into DBDIR/NAME,
 * which is compact from the start, and removes them.  A signal to the
 * parent is passed on to the workers, which commit their batch and stop;
 * what they committed is merged all the same (the next run completes it).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cfsearch.h"

/* What a worker reports to the parent. */
struct build_report {
	struct run_counts n;
	int fatal;
	int sig;
};

/* The roots to walk and the parts to write. */
struct build {
	struct run *r;
	char **roots;
	size_t nroots;
	char **excludes;
	size_t nexcludes;
	unsigned nworkers;
	char **parts;
	pid_t *pids;
	int *fds;       /* the read ends of the workers' report pipes */
	struct run_tally *tallies;   /* each worker's progress, shared (or NULL) */
	uint64_t total; /* files to look at (0: not counted yet) */
};

/* A worker (in the child): index its share into its part, report on fd,
 * exit. */
static void
build_worker(struct build *b, unsigned w, int fd)
{
	struct run *r = b->r;
	struct build_report rep;
	char *err = NULL;

#ifdef __linux__
	/* die with the parent: a killed build leaves no orphan holding the
	 * lock */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
#endif
	r->worker = w;
	r->nworkers = b->nworkers;
	r->progress_off = 1;   /* the parent shows the progress of all */
	r->tally = b->tallies ? &b->tallies[w] : NULL;
	cfs_status cs = cfs_wdb_open(b->parts[w], &r->db, &err);
	if (cs != CFS_OK) {
		log_error("%s: %s", b->parts[w], err ? err : cfs_status_str(cs));
		r->fatal = 1;
	} else {
		run_roots(r, b->roots, b->nroots, b->excludes, b->nexcludes);
		if (cfs_wdb_close(r->db) != CFS_OK)
			r->fatal = 1;
	}
	memset(&rep, 0, sizeof rep);
	rep.n = r->n;
	rep.fatal = r->fatal;
	rep.sig = run_signal();
	(void)!write(fd, &rep, sizeof rep);
	_exit(0);
}

/* Start the workers.  Returns 0, or -1 when one could not be started
 * (those started are waited for all the same). */
static int
build_start(struct build *b, const char *name)
{
	const char *db = b->r->o->db;

	fflush(stderr);
	for (unsigned w = 0; w < b->nworkers; w++) {
		int p[2];
		b->parts[w] = xasprintf("%s/%s.part%u", db, name, w);
		dbdir_rmtree(b->parts[w]);
		if (pipe(p) != 0) {
			log_error("pipe: %s", strerror(errno));
			return -1;
		}
		b->pids[w] = fork();
		if (b->pids[w] < 0) {
			log_error("fork: %s", strerror(errno));
			close(p[0]);
			close(p[1]);
			return -1;
		}
		if (b->pids[w] == 0) {
			close(p[0]);
			build_worker(b, w, p[1]);
		}
		close(p[1]);
		b->fds[w] = p[0];
	}
	return 0;
}

/* The workers' progress, added up, on the progress line. */
static void
build_progress(struct build *b, int final)
{
	struct run_tally sum = { 0, 0, 0 };

	if (!b->r->o->progress || b->tallies == NULL)
		return;
	for (unsigned w = 0; w < b->nworkers; w++) {
		sum.files += b->tallies[w].files;
		sum.added += b->tallies[w].added;
		sum.updated += b->tallies[w].updated;
	}
	/* the count may lag behind the walk of a worker */
	progress_show(b->r, &sum, b->total >= sum.files ? b->total : 0, final);
}

/* Read worker w's report, reap it and add up its counts.  0, or -1 when
 * it died or failed. */
static int
build_reap(struct build *b, unsigned w)
{
	struct run *r = b->r;
	struct build_report rep;
	int status;
	ssize_t n;

	memset(&rep, 0, sizeof rep);
	while ((n = read(b->fds[w], &rep, sizeof rep)) < 0 && errno == EINTR)
		;
	close(b->fds[w]);
	b->fds[w] = -1;
	while (waitpid(b->pids[w], &status, 0) < 0 && errno == EINTR)
		;
	b->pids[w] = 0;
	if (n != (ssize_t)sizeof rep || !WIFEXITED(status)) {
		log_error("indexing worker %u died", w);
		return -1;
	}
	run_counts_add(&r->n, &rep.n);
	if (rep.sig)
		run_note_signal(rep.sig);
	return rep.fatal ? -1 : 0;
}

/* Count the files to look at, then wait for the workers, showing their
 * progress, adding up their counts.  Returns 0, or -1 when one died or
 * failed. */
static int
build_wait(struct build *b)
{
	struct run *r = b->r;
	struct pollfd *pf = xcalloc(b->nworkers, sizeof *pf);
	unsigned left = 0;
	int rc = 0, passed = 0;

	for (unsigned w = 0; w < b->nworkers; w++)
		left += b->pids[w] > 0;
	if (r->o->progress)
		b->total = run_count_files(r, b->roots, b->nroots, b->excludes, b->nexcludes);
	while (left > 0) {
		nfds_t n = 0;
		for (unsigned w = 0; w < b->nworkers; w++)
			if (b->pids[w] > 0)
				pf[n++] = (struct pollfd){ b->fds[w], POLLIN, 0 };
		int got = poll(pf, n, 200);
		if (got < 0 && errno == EINTR && run_signal() && !passed) {
			/* SIGINT or SIGTERM to this process: pass it on, so that
			 * each worker commits its batch and stops */
			for (unsigned k = 0; k < b->nworkers; k++)
				if (b->pids[k] > 0)
					kill(b->pids[k], run_signal());
			passed = 1;
		}
		for (nfds_t i = 0; got > 0 && i < n; i++) {
			if (pf[i].revents == 0)
				continue;
			for (unsigned w = 0; w < b->nworkers; w++) {
				if (b->pids[w] > 0 && b->fds[w] == pf[i].fd) {
					if (build_reap(b, w) != 0)
						rc = -1;
					left--;
				}
			}
		}
		build_progress(b, left == 0);
	}
	free(pf);
	return rc;
}

/* Merge the parts into DBDIR/name, open it and summarise the build. */
static int
build_merge(struct build *b, const char *name)
{
	struct run *r = b->r;
	char *dst = xasprintf("%s/%s", r->o->db, name), *err = NULL;
	int rc = 0;
	cfs_status cs = cfs_compact((const char *const *)b->parts, b->nworkers, dst, &err);

	if (cs != CFS_OK) {
		log_error("%s: merging the parts failed: %s", dst, err ? err : cfs_status_str(cs));
		dbdir_rmtree(dst);
		rc = -1;
	} else if ((cs = cfs_wdb_open(dst, &r->db, &err)) != CFS_OK) {
		log_error("%s: %s", dst, err ? err : cfs_status_str(cs));
		rc = -1;
	} else {
		run_summary(r);
	}
	free(err);
	free(dst);
	return rc;
}

int
build_full(struct run *r, const char *name, char **roots, size_t nroots,
	   char **excludes, size_t nexcludes, unsigned nworkers)
{
	struct build b = {
		r, roots, nroots, excludes, nexcludes, nworkers,
		xcalloc(nworkers, sizeof *b.parts), xcalloc(nworkers, sizeof *b.pids),
		xcalloc(nworkers, sizeof *b.fds), NULL, 0,
	};
	size_t tsize = nworkers * sizeof *b.tallies;
	int rc;

	if (r->o->progress) {
		void *m = mmap(NULL, tsize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			       -1, 0);
		b.tallies = m == MAP_FAILED ? NULL : m;
	}

	run_catch_signals();
	rc = build_start(&b, name);
	if (build_wait(&b) != 0)
		rc = -1;
	/* merge what the workers committed, even after a signal: the next
	 * run completes the work */
	if (rc == 0)
		rc = build_merge(&b, name);
	for (unsigned w = 0; w < nworkers; w++) {
		if (b.parts[w])
			dbdir_rmtree(b.parts[w]);
		free(b.parts[w]);
	}
	free(b.parts);
	free(b.pids);
	free(b.fds);
	if (b.tallies != NULL)
		munmap(b.tallies, tsize);
	run_restore_signals();
	return rc;
}
