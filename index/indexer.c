/* indexer.c: walk the roots, read what changed, write passages.
 *
 * Each file has a record (record.c).  A file whose size and mtime match its
 * record is not read at all; one whose content hash matches costs a read and
 * a hash, not a reindex.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cfsearch.h"

#define TRUST_MARGIN_NS 2000000000LL   /* mtimes this close to "now" are not trusted */

static volatile sig_atomic_t indexer_signal;

static void
indexer_on_signal(int sig)
{
	indexer_signal = sig;
}

/* Catch SIGINT and SIGTERM (no SA_RESTART: a blocked read returns EINTR). */
static void
indexer_catch_signals(struct sigaction *oldint, struct sigaction *oldterm)
{
	struct sigaction sa;
	indexer_signal = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = indexer_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, oldint);
	sigaction(SIGTERM, &sa, oldterm);
}

static void
indexer_restore_signals(const struct sigaction *oldint, const struct sigaction *oldterm)
{
	sigaction(SIGINT, oldint, NULL);
	sigaction(SIGTERM, oldterm, NULL);
}

int
indexer_read(const char *path, struct cfs_article *a, const char **why, const char **note)
{
	char *raw, *text;
	size_t rawlen, textlen;
	int gz;
	enum text_kind k;

	*note = NULL;
	if (gzip_read_file(path, CFS_MAX_FILE_BYTES, &raw, &rawlen, &gz, why) != 0)
		return -1;
	k = text_decode(raw, rawlen, &text, &textlen, note);
	free(raw);
	if (k == TEXT_EMPTY) {
		*why = "empty file";
		return 1;
	}
	if (k == TEXT_BINARY) {
		*why = "binary file (NUL bytes)";
		return 1;
	}
	article_parse(text, textlen, a);
	free(text);
	return 0;
}

/* ---- the run ---- */

struct seen {
	uint64_t *h;
	size_t n, cap;
};

static void
seen_add(struct seen *s, uint64_t h)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->h = xrealloc(s->h, s->cap * sizeof *s->h);
	}
	s->h[s->n++] = h;
}

static int
seen_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int
seen_has(const struct seen *s, uint64_t h)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->h[mid] == h)
			return 1;
		if (s->h[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* What a run did, file by file. */
struct run_counts {
	uint64_t added, updated, removed, unchanged, failed, skipped, files;
};

static void
run_counts_add(struct run_counts *to, const struct run_counts *c)
{
	to->added += c->added;
	to->updated += c->updated;
	to->removed += c->removed;
	to->unchanged += c->unchanged;
	to->failed += c->failed;
	to->skipped += c->skipped;
	to->files += c->files;
}

struct run {
	const struct index_opts *o;
	cfs_wdb *db;
	long long start_ns;
	double start;
	struct seen seen;
	char **roots;            /* absolute */
	size_t nroots;
	char **excludes;
	size_t nexcludes;
	char **bad_dirs;         /* directories that could not be read */
	size_t nbad_dirs;
	unsigned pending;        /* files changed since the last commit */
	struct run_counts n;
	uint64_t passages_added;
	uint64_t expected;       /* files known from the last run, for progress */
	double last_progress;
	int fatal;               /* a database error: stop */
	unsigned shard_k, shard_n;  /* index only shard K of N (1-based); N 0: all */
	unsigned worker, nworkers;  /* a parallel build's worker: files hashing to it */
	int run_progress_off;       /* another worker shows the progress */
	const char *cur_root;    /* the root being walked */
	struct buf doc;
	struct buf norm;
};

/* Does path (found under root) belong to this index's shard?  The hash is of
 * the path relative to its root, so machines that mount a shared archive in
 * different places agree. */
static int
run_in_shard(const struct run *r, const char *path)
{
	if (r->shard_n == 0)
		return 1;
	size_t n = strlen(r->cur_root);
	const char *rel = path;
	if (strncmp(path, r->cur_root, n) == 0 && path[n] == '/')
		rel = path + n + 1;
	else if (strrchr(path, '/'))
		rel = strrchr(path, '/') + 1;
	return hash64(rel, strlen(rel), 0x5ead) % r->shard_n == r->shard_k - 1;
}

static void
run_progress(struct run *r, int final)
{
	double now = now_seconds();
	if (!r->o->progress || r->run_progress_off ||
	    (!final && now - r->last_progress < 0.2))
		return;
	r->last_progress = now;
	double el = now - r->start;
	double rate = el > 0 ? r->n.files / el : 0;
	char files[32], left[32] = "";
	fmt_count(files, sizeof files, r->n.files);
	if (r->expected > r->n.files && rate > 0)
		snprintf(left, sizeof left, ", %.0f s left", (r->expected - r->n.files) / rate);
	fprintf(stderr, "\r\033[K%s files (%llu new, %llu updated), %.0f files/s%s",
		files, (unsigned long long)r->n.added, (unsigned long long)r->n.updated,
		rate, left);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* A write to the database failed (a full disk, say): the message names
 * the database, then what was being done. */
static int
run_db_error(struct run *r, const char *doing, const char *path)
{
	if (path != NULL)
		log_error("%s: %s (%s %s)", r->o->db, cfs_wdb_errmsg(r->db), doing, path);
	else
		log_error("%s: %s (%s)", r->o->db, cfs_wdb_errmsg(r->db), doing);
	r->fatal = 1;
	return -1;
}

static int
run_commit(struct run *r)
{
	if (r->pending == 0)
		return 0;
	if (cfs_wdb_commit(r->db) != CFS_OK)
		return run_db_error(r, "committing", NULL);
	r->pending = 0;
	return 0;
}

static int
run_write_article(struct run *r, const char *path, const char *key,
		  const struct cfs_article *a)
{
	char xp[32];
	const char *bools[1];
	struct buf order, title_norm, source_norm;
	int rc = 0;

	record_article_term(key, xp);
	bools[0] = xp;
	buf_init(&order);
	buf_init(&title_norm);
	buf_init(&source_norm);
	{
		size_t n;
		char *t = text_normalize(a->title, strlen(a->title), &n);
		buf_add(&title_norm, t, n);
		free(t);
		if (a->source != NULL) {
			t = text_normalize(a->source, strlen(a->source), &n);
			buf_add(&source_norm, t, n);
			free(t);
		}
	}
	for (size_t i = 0; i < a->npassages && rc == 0; i++) {
		const struct cfs_passage *p = &a->passages[i];
		struct docdata d = {
			.path = path, .title = a->title, .title_derived = a->title_derived,
			.date = a->date, .source = a->source, .passage_no = (unsigned)i + 1,
			.line_start = p->line_start, .line_end = p->line_end,
			.byte_start = p->byte_start, .byte_end = p->byte_end,
			.text = p->text, .text_len = p->len,
		};
		size_t normlen;
		char *norm = text_normalize(p->text, p->len, &normlen);
		cfs_field fields[3];
		cfs_value values[4];
		size_t nf = 0, nv = 0;

		buf_reset(&r->doc);
		docdata_encode(&d, &r->doc);
		fields[nf++] = (cfs_field){ "", norm, normlen, 1 };
		if (title_norm.len)
			fields[nf++] = (cfs_field){ CFS_PREFIX_TITLE, title_norm.s, title_norm.len, 1 };
		if (source_norm.len)
			fields[nf++] = (cfs_field){ CFS_PREFIX_SOURCE, source_norm.s, source_norm.len, 1 };
		if (a->datekey[0])
			values[nv++] = (cfs_value){ CFS_SLOT_DATE, a->datekey, 8 };
		values[nv++] = (cfs_value){ CFS_SLOT_ARTICLE, key, 16 };
		/* newest first, then path, then line: invert the date */
		buf_reset(&order);
		if (a->datekey[0])
			buf_printf(&order, "%08ld", 99999999L - strtol(a->datekey, NULL, 10));
		else
			buf_adds(&order, "99999999");
		buf_adds(&order, path);
		buf_addc(&order, '\0');
		buf_printf(&order, "%010u", p->line_start);
		values[nv++] = (cfs_value){ CFS_SLOT_ORDER, order.s, order.len };

		cfs_doc doc = {
			.data = r->doc.s, .data_len = r->doc.len,
			.fields = fields, .nfields = nf,
			.bool_terms = bools, .nbool = 1,
			.values = values, .nvalues = nv,
		};
		if (cfs_wdb_add(r->db, &doc) != CFS_OK)
			rc = run_db_error(r, "indexing", path);
		free(norm);
		r->passages_added++;
	}
	buf_free(&order);
	buf_free(&title_norm);
	buf_free(&source_norm);
	return rc;
}

static void
run_verbose(struct run *r, const char *what, const char *path, const char *extra)
{
	if (r->o->verbose && !r->o->quiet) {
		if (r->o->progress)
			fputs("\r\033[K", stderr);
		/* file names may hold anything: never raw to the terminal */
		fprintf(stderr, "%s ", what);
		output_text(stderr, path, strlen(path));
		fprintf(stderr, "%s\n", extra ? extra : "");
	}
}

/* Write a file's record; it counts as a change to commit. */
static void
run_set_record(struct run *r, const struct record *rec)
{
	if (record_set(r->db, rec) != 0)
		run_db_error(r, "recording", rec->path);
	r->pending++;
}

static int
run_file(void *ctx, const char *path, const struct stat *st)
{
	struct run *r = ctx;
	char key[17];
	struct record rec, now;
	int have;
	long long mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	long long trusted_ns = mtime_ns < r->start_ns - TRUST_MARGIN_NS ? mtime_ns : 0;

	if (!run_in_shard(r, path))
		return indexer_signal != 0;   /* another shard's: unseen, so swept */
	if (r->nworkers > 1 && hash64(path, strlen(path), 0x30b) % r->nworkers != r->worker)
		return indexer_signal != 0;   /* another worker's */
	record_article_key(path, key);
	seen_add(&r->seen, hash64(path, strlen(path), 0));
	r->n.files++;

	if (record_get(r->db, key, path, &rec, &have) != 0)
		return run_db_error(r, "looking up", path);
	memset(&now, 0, sizeof now);
	memcpy(now.key, key, sizeof now.key);
	now.size = (unsigned long long)st->st_size;
	now.path = path;

	if (have && rec.mtime_ns != 0 && rec.mtime_ns == mtime_ns &&
	    rec.size == (unsigned long long)st->st_size &&
	    (rec.status != RECORD_FAILED || !r->o->retry_failed)) {
		r->n.unchanged++;
		run_verbose(r, "unchanged", path, NULL);
		run_progress(r, 0);
		return indexer_signal != 0;
	}

	/* read it */
	char *raw = NULL, *text = NULL;
	size_t rawlen, textlen;
	const char *why = NULL, *note = NULL;
	int gz;

	if (gzip_read_file(path, CFS_MAX_FILE_BYTES, &raw, &rawlen, &gz, &why) != 0) {
		log_error("%s: %s", path, why);
		r->n.failed++;
		/* keep what was indexed before; remember the failure, so that
		 * the file is tried again when it changes (or --retry-failed) */
		now.mtime_ns = mtime_ns;
		now.hash = have ? rec.hash : 0;
		now.passages = have ? rec.passages : 0;
		now.status = RECORD_FAILED;
		run_set_record(r, &now);
		goto out;
	}
	now.mtime_ns = trusted_ns;
	now.hash = hash64(raw, rawlen, 0);
	if (have && rec.hash == now.hash && rec.status != RECORD_FAILED) {
		/* same content, new mtime: just remember the mtime */
		now.passages = rec.passages;
		now.status = rec.status;
		run_set_record(r, &now);
		r->n.unchanged++;
		run_verbose(r, "unchanged", path, " (content)");
		goto out;
	}

	struct cfs_article a;
	enum text_kind k = text_decode(raw, rawlen, &text, &textlen, &note);
	memset(&a, 0, sizeof a);
	if (have && record_remove_passages(r->db, key) != 0) {
		run_db_error(r, "replacing", path);
		goto out;
	}
	if (k == TEXT_EMPTY || k == TEXT_BINARY) {
		log_warn("%s: skipped: %s", path, k == TEXT_EMPTY ? "empty file" :
			 "binary file (NUL bytes)");
		now.status = RECORD_SKIPPED;
		r->n.skipped++;
	} else {
		if (note != NULL)
			log_warn("%s: %s", path, note);
		article_parse(text, textlen, &a);
		for (size_t i = 0; i < a.nwarnings; i++)
			log_warn("%s: %s", path, a.warnings[i]);
		now.passages = (unsigned)a.npassages;
		now.status = RECORD_INDEXED;
		if (run_write_article(r, path, key, &a) != 0) {
			article_free(&a);
			goto out;
		}
		article_free(&a);
		if (have && rec.status == RECORD_INDEXED)
			r->n.updated++;
		else
			r->n.added++;
		char extra[48];
		snprintf(extra, sizeof extra, " (%u passages)", now.passages);
		run_verbose(r, have && rec.status == RECORD_INDEXED ? "updated" : "added", path,
			    extra);
	}
	run_set_record(r, &now);
out:
	free(raw);
	free(text);
	if (!r->fatal && r->pending >= r->o->batch_files)
		run_commit(r);
	run_progress(r, 0);
	return r->fatal || indexer_signal != 0;
}

static void
run_walk_error(void *ctx, const char *path, const char *why)
{
	struct run *r = ctx;
	/* every worker of a parallel build walks the whole tree: one reports */
	if (r->worker == 0) {
		log_error("%s: %s", path, why);
		r->n.failed++;
	}
	r->bad_dirs = xrealloc(r->bad_dirs, (r->nbad_dirs + 1) * sizeof *r->bad_dirs);
	r->bad_dirs[r->nbad_dirs++] = xstrdup(path);
}

/* Remove the records (and passages) of files under a walked root that the
 * walk did not see, except under directories that could not be read. */
struct sweep {
	struct run *r;
	const char *const *roots;   /* roots walked completely */
	size_t nroots;
};

static int
run_sweep_gone(void *ctx, const struct record *rec)
{
	struct sweep *s = ctx;
	int gone = 0;

	if (seen_has(&s->r->seen, hash64(rec->path, strlen(rec->path), 0)))
		return 0;
	for (size_t i = 0; i < s->nroots && !gone; i++)
		gone = path_under(rec->path, s->roots[i]);
	for (size_t i = 0; i < s->r->nbad_dirs && gone; i++)
		if (path_under(rec->path, s->r->bad_dirs[i]))
			gone = 0;
	return gone;
}

static void
run_sweep(struct run *r, const char *const *roots, size_t nroots)
{
	struct sweep s = { r, roots, nroots };
	struct record_list gone;

	if (nroots == 0)
		return;
	if (record_select(r->db, run_sweep_gone, &s, &gone) != 0)
		run_db_error(r, "listing files", NULL);
	for (size_t i = 0; i < gone.n && !r->fatal; i++) {
		if (record_remove(r->db, gone.r[i].key) != 0) {
			run_db_error(r, "removing", gone.r[i].path);
		} else {
			r->n.removed++;
			r->pending++;
			run_verbose(r, "removed", gone.r[i].path, NULL);
		}
	}
	record_list_free(&gone);
}

/* The summary line, also kept as the last run. */
static void
run_summary(struct run *r)
{
	char a[32], u[32], d[32], n[32];
	struct buf sum;
	double el = now_seconds() - r->start;

	fmt_count(a, sizeof a, r->n.added);
	fmt_count(u, sizeof u, r->n.updated);
	fmt_count(d, sizeof d, r->n.removed);
	fmt_count(n, sizeof n, r->n.unchanged);
	buf_init(&sum);
	buf_printf(&sum, "%s added, %s updated, %s removed, %s unchanged", a, u, d, n);
	if (r->n.skipped)
		buf_printf(&sum, ", %llu skipped", (unsigned long long)r->n.skipped);
	if (r->n.failed)
		buf_printf(&sum, ", %llu failed", (unsigned long long)r->n.failed);
	buf_printf(&sum, " in %.1f s", el);
	if (indexer_signal)
		log_error("interrupted: committed the work done so far (%s); run again to finish",
			  sum.s);
	else if (!r->o->quiet && !r->fatal)
		fprintf(stderr, "%s\n", sum.s);
	if (!r->fatal) {
		const char *outcome = indexer_signal ? "interrupted" : r->n.failed ? "partial" : "ok";
		char *last = xasprintf("%.0f %.3f %s %s", r->start, el, outcome, sum.s);
		if (cfs_wdb_set_meta(r->db, META_LASTRUN, last, strlen(last)) != CFS_OK ||
		    record_save_counts(r->db) != 0 || cfs_wdb_commit(r->db) != CFS_OK)
			run_db_error(r, "saving the run's summary", NULL);
		free(last);
	}
	buf_free(&sum);
}

/* Walk the roots (additions and updates), then sweep what is gone. */
static void
run_roots(struct run *r, char **roots, size_t nroots, char **excludes, size_t nexcludes)
{
	char **complete = NULL;
	size_t ncomplete = 0;
	struct sigaction oldint, oldterm;

	struct record_counts known;
	if (record_count(r->db, &known) == 0)
		r->expected = known.files;
	indexer_catch_signals(&oldint, &oldterm);

	/* additions and updates first, then removals: a moved file is never
	 * missing from the index */
	for (size_t i = 0; i < nroots && !r->fatal && !indexer_signal; i++) {
		struct stat rst;
		if (stat(roots[i], &rst) != 0) {
			/* an unmounted disk must not empty the index */
			if (r->worker == 0) {   /* each worker of a build gets here */
				log_error("%s: %s (its articles are kept)", roots[i],
					  strerror(errno));
				r->n.failed++;
			}
			continue;
		}
		if (walk_is_empty_dir(roots[i]) && record_any_under(r->db, roots[i])) {
			/* an unmounted disk's mount point: keep its articles */
			if (r->worker == 0) {
				log_error("%s: empty directory (a disk not mounted?): its articles "
					  "are kept ('cfsearch forget' drops them)", roots[i]);
				r->n.failed++;
			}
			continue;
		}
		r->cur_root = roots[i];
		int stopped = walk(roots[i], (const char *const *)excludes, nexcludes,
				   run_file, run_walk_error, r);
		/* a root walked to the end is swept; the directories that could
		 * not be read keep their articles */
		if (!stopped) {
			complete = xrealloc(complete, (ncomplete + 1) * sizeof *complete);
			complete[ncomplete++] = roots[i];
		}
	}
	if (!r->fatal && !indexer_signal) {
		if (r->seen.n > 1)
			qsort(r->seen.h, r->seen.n, sizeof *r->seen.h, seen_cmp);
		run_sweep(r, (const char *const *)complete, ncomplete);
	}
	free(complete);
	if (!r->fatal)
		run_commit(r);
	run_progress(r, 1);
	if (r->nworkers <= 1)
		run_summary(r);
	indexer_restore_signals(&oldint, &oldterm);
}

static int
run_status(const struct run *r)
{
	if (r->fatal)
		return CFS_EXIT_ERROR;
	if (indexer_signal == SIGINT)
		return CFS_EXIT_SIGINT;
	if (indexer_signal == SIGTERM)
		return CFS_EXIT_SIGTERM;
	return r->n.failed ? CFS_EXIT_PARTIAL : CFS_EXIT_OK;
}


/* What a worker reports to the parent of a parallel build. */
struct worker_report {
	struct run_counts n;
	int fatal;
	int sig;
};

/* A full build: nworkers processes each index the files that hash to them
 * into a part of their own, then the parts are merged with Xapian's
 * compactor into dbdir/NAME, which is compact from the start.  Returns 0,
 * or -1 when nothing usable was built. */
static int
run_full_build(struct run *r, const char *name, char **roots, size_t nroots,
	       char **excludes, size_t nexcludes, unsigned nworkers)
{
	const struct index_opts *o = r->o;
	char **parts = xcalloc(nworkers, sizeof *parts);
	pid_t *pids = xcalloc(nworkers, sizeof *pids);
	int *fds = xcalloc(nworkers, sizeof *fds);
	struct sigaction oldint, oldterm;
	int rc = 0;

	indexer_catch_signals(&oldint, &oldterm);
	fflush(stderr);
	for (unsigned w = 0; w < nworkers; w++) {
		int p[2];
		parts[w] = xasprintf("%s/%s.part%u", o->db, name, w);
		dbdir_rmtree(parts[w]);
		if (pipe(p) != 0) {
			log_error("pipe: %s", strerror(errno));
			rc = -1;
			break;
		}
		pids[w] = fork();
		if (pids[w] < 0) {
			log_error("fork: %s", strerror(errno));
			close(p[0]);
			close(p[1]);
			rc = -1;
			break;
		}
		if (pids[w] == 0) {
			struct worker_report rep;
			char *err = NULL;
#ifdef __linux__
			/* die with the parent: a killed build leaves no orphan
			 * holding the lock */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(1);
#endif
			close(p[0]);
			r->worker = w;
			r->nworkers = nworkers;
			if (w > 0)
				r->run_progress_off = 1;
			cfs_status cs = cfs_wdb_open(parts[w], &r->db, &err);
			if (cs != CFS_OK) {
				log_error("%s: %s", parts[w], err ? err : cfs_status_str(cs));
				r->fatal = 1;
			} else {
				run_roots(r, roots, nroots, excludes, nexcludes);
				if (cfs_wdb_close(r->db) != CFS_OK)
					r->fatal = 1;
			}
			memset(&rep, 0, sizeof rep);
			rep.n = r->n;
			rep.fatal = r->fatal;
			rep.sig = indexer_signal;
			(void)!write(p[1], &rep, sizeof rep);
			_exit(0);
		}
		close(p[1]);
		fds[w] = p[0];
	}
	for (unsigned w = 0; w < nworkers; w++) {
		struct worker_report rep;
		int status;
		if (pids[w] <= 0)
			continue;
		memset(&rep, 0, sizeof rep);
		ssize_t n;
		for (;;) {
			n = read(fds[w], &rep, sizeof rep);
			if (n >= 0 || errno != EINTR)
				break;
			/* SIGINT or SIGTERM to this process: pass it on, so that
			 * each worker commits its batch and stops */
			for (unsigned k = 0; k < nworkers; k++)
				if (pids[k] > 0 && indexer_signal)
					kill(pids[k], indexer_signal);
		}
		close(fds[w]);
		while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
			;
		if (n != (ssize_t)sizeof rep || !WIFEXITED(status)) {
			log_error("indexing worker %u died", w);
			rc = -1;
			continue;
		}
		run_counts_add(&r->n, &rep.n);
		if (rep.fatal)
			rc = -1;
		if (rep.sig && !indexer_signal)
			indexer_signal = rep.sig;
	}
	if (r->o->progress)
		fputs("\r\033[K", stderr);
	if (rc == 0) {
		/* merge what the workers committed, even after a signal: the
		 * next run completes the work */
		char *dst = xasprintf("%s/%s", o->db, name), *err = NULL;
		cfs_status cs = cfs_compact((const char *const *)parts, nworkers, dst, &err);
		if (cs != CFS_OK) {
			log_error("%s: merging the parts failed: %s", dst,
				  err ? err : cfs_status_str(cs));
			dbdir_rmtree(dst);
			rc = -1;
		} else {
			cs = cfs_wdb_open(dst, &r->db, &err);
			if (cs != CFS_OK) {
				log_error("%s: %s", dst, err ? err : cfs_status_str(cs));
				rc = -1;
			} else {
				r->nworkers = 1;
				run_summary(r);
			}
		}
		free(err);
		free(dst);
	}
	for (unsigned w = 0; w < nworkers; w++) {
		if (parts[w])
			dbdir_rmtree(parts[w]);
		free(parts[w]);
	}
	free(parts);
	free(pids);
	free(fds);
	indexer_restore_signals(&oldint, &oldterm);
	return rc;
}

int
indexer_run(const struct index_opts *o)
{
	struct run r;
	struct conf c;
	int lockfd, status = CFS_EXIT_OK, changed = 0, missing = 0, missing_new = 0;
	char *err = NULL, *link, *old = NULL, *newname = NULL, *newdir = NULL;
	char **walk_roots = NULL;
	size_t nwalk = 0;
	struct stat st;

	memset(&r, 0, sizeof r);
	r.o = o;
	r.start = now_seconds();
	{
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		r.start_ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
	for (size_t i = 0; i < o->npaths; i++) {
		if (strchr(o->paths[i], '\n') != NULL) {
			log_error("%s: a root's name may not hold a newline", o->paths[i]);
			return CFS_EXIT_ERROR;
		}
	}
	lockfd = dbdir_lock(o->db, o->wait_s, &status);
	if (lockfd < 0)
		return status;
	/* what a killed build or compaction left behind */
	dbdir_clean_stale(o->db);
	if (conf_load(o->db, &c) != 0) {
		log_error("%s/%s: %s", o->db, CONF_FILE, strerror(errno));
		lock_release(lockfd);
		return CFS_EXIT_ERROR;
	}
	/* the shard: given once, then remembered; changing it needs --rebuild */
	if (o->shard_n) {
		if (c.shard_n && (c.shard_n != o->shard_n || c.shard_k != o->shard_k) &&
		    !o->rebuild) {
			log_error("%s: this index is shard %u/%u; to make it %u/%u, add --rebuild",
				  o->db, c.shard_k, c.shard_n, o->shard_k, o->shard_n);
			status = CFS_EXIT_ERROR;
			goto out;
		}
		changed |= c.shard_n != o->shard_n || c.shard_k != o->shard_k;
		c.shard_k = o->shard_k;
		c.shard_n = o->shard_n;
	}
	r.shard_k = c.shard_k;
	r.shard_n = c.shard_n;
	/* roots and excludes: the remembered ones plus the new ones */
	for (size_t i = 0; i < o->npaths; i++) {
		char *abs = path_absolute(o->paths[i]);
		size_t before = c.nroots;
		struct stat pst;
		if (stat(abs, &pst) != 0) {
			int known = 0;
			for (size_t k = 0; k < c.nroots && !known; k++)
				known = strcmp(c.roots[k], abs) == 0;
			/* a new root must exist: a typo is not remembered; a
			 * remembered one (an unmounted disk) keeps its articles */
			log_error("%s: %s (%s)", o->paths[i], strerror(errno),
				  known ? "its articles are kept" : "not indexed, not remembered");
			missing++;
			missing_new += !known;
			free(abs);
			continue;
		}
		conf_list_add(abs, &c.roots, &c.nroots);
		changed |= c.nroots != before;
		conf_list_add(abs, &walk_roots, &nwalk);
		free(abs);
	}
	for (size_t i = 0; i < o->nexcludes; i++) {
		size_t before = c.nexcludes;
		conf_list_add(o->excludes[i], &c.excludes, &c.nexcludes);
		changed |= c.nexcludes != before;
	}
	if (o->npaths == 0 || o->rebuild) {
		for (size_t i = 0; i < c.nroots; i++)
			conf_list_add(c.roots[i], &walk_roots, &nwalk);
	}
	if (nwalk == 0) {
		if (missing == 0)
			log_error("nothing to index: give a PATH (it is remembered for later runs)");
		/* only remembered roots that are away (an unmounted disk): what
		 * a run without PATH says of them, 3; a new PATH that is not
		 * there is a mistake, 2 */
		status = missing > 0 && missing_new == 0 ? CFS_EXIT_PARTIAL : CFS_EXIT_ERROR;
		/* the run is done, as far as it can be: what it was told to
		 * remember (--exclude) holds from now on */
		if (status == CFS_EXIT_PARTIAL && changed && conf_save(o->db, &c) != 0)
			status = CFS_EXIT_ERROR;
		goto out;
	}
	if (o->rebuild) {
		/* the new index replaces the old one whole: a root that is not
		 * there now (an unmounted disk) would lose its articles */
		for (size_t i = 0; i < nwalk; i++) {
			struct stat rst;
			if (stat(walk_roots[i], &rst) != 0) {
				log_error("%s: %s; not rebuilding, the index is untouched (mount it, "
					  "or drop it with 'cfsearch forget')", walk_roots[i],
					  strerror(errno));
				status = CFS_EXIT_ERROR;
			} else if (walk_is_empty_dir(walk_roots[i])) {
				log_error("%s: empty directory (a disk not mounted?); not rebuilding, "
					  "the index is untouched (mount it, or drop it with "
					  "'cfsearch forget')", walk_roots[i]);
				status = CFS_EXIT_ERROR;
			}
		}
		if (status != CFS_EXIT_OK)
			goto out;
	}
	if (changed && conf_save(o->db, &c) != 0) {
		status = CFS_EXIT_ERROR;
		goto out;
	}

	link = dbdir_xapian_path(o->db);
	buf_init(&r.doc);
	buf_init(&r.norm);
	int fresh = lstat(link, &st) != 0;
	if (!fresh && !o->rebuild) {
		if (dbdir_open(o->db, 0, &r.db, &status) != 0) {
			free(link);
			goto out;
		}
		uint64_t docs = 1;
		cfs_wdb_doccount(r.db, &docs);
		if (docs == 0) {
			/* empty (a first build that was stopped): build it whole */
			cfs_wdb_close(r.db);
			r.db = NULL;
			fresh = 1;
		}
	}
	if (fresh && lstat(link, &st) != 0) {
		/* an empty database first, so that the directory is searchable
		 * (and a stopped build leaves a valid index) */
		if (dbdir_open(o->db, 1, &r.db, &status) != 0) {
			free(link);
			goto out;
		}
		cfs_wdb_close(r.db);
		r.db = NULL;
	}
	free(link);
	if (fresh || o->rebuild) {
		/* a full build beside the live database, swapped in at the end */
		unsigned jobs = o->jobs;
		if (jobs == 0) {
			long n = sysconf(_SC_NPROCESSORS_ONLN);
			jobs = n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
		}
		char *linkp = dbdir_xapian_path(o->db);
		old = realpath(linkp, NULL);
		free(linkp);
		newname = dbdir_next_name(o->db);
		if (run_full_build(&r, newname, walk_roots, nwalk, c.excludes, c.nexcludes,
				   jobs) != 0) {
			status = CFS_EXIT_ERROR;
			if (o->rebuild)
				log_error("%s: rebuild not completed; the old index is untouched",
					  o->db);
		} else {
			status = run_status(&r);
			if (cfs_wdb_close(r.db) != CFS_OK && status == CFS_EXIT_OK)
				status = CFS_EXIT_ERROR;
			r.db = NULL;
			if (o->rebuild && indexer_signal) {
				log_error("%s: rebuild not completed; the old index is untouched",
					  o->db);
				newdir = xasprintf("%s/%s", o->db, newname);
				dbdir_rmtree(newdir);
			} else if (dbdir_swap(o->db, newname) != 0) {
				status = CFS_EXIT_ERROR;
			} else if (old != NULL) {
				dbdir_rmtree(old);
			}
		}
	} else {
		run_roots(&r, walk_roots, nwalk, c.excludes, c.nexcludes);
		status = run_status(&r);
		if (cfs_wdb_close(r.db) != CFS_OK && status == CFS_EXIT_OK) {
			log_error("%s: closing the database failed", o->db);
			status = CFS_EXIT_ERROR;
		}
		r.db = NULL;
	}
	buf_free(&r.doc);
	buf_free(&r.norm);
	if (missing && status == CFS_EXIT_OK)
		status = CFS_EXIT_PARTIAL;
out:
	lock_release(lockfd);
	conf_free(&c);
	conf_list_free(r.bad_dirs, r.nbad_dirs);
	conf_list_free(walk_roots, nwalk);
	free(r.seen.h);
	free(err);
	free(old);
	free(newname);
	free(newdir);
	return status;
}
