/* run.c: one pass over roots into one database.
 *
 * The walk reads the files that are new or changed since their record
 * (record.c) and writes their passages; then the records of files that are
 * gone from a root walked to the end are swept, with their passages.  A file
 * whose size and mtime match its record is not read at all; one whose
 * content hash matches costs a read and a hash, not a reindex.  Changes are
 * committed every o->batch_files files, so that a run stopped by a signal
 * (caught: the walk stops at the next file) or killed keeps what it did.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfsearch.h"

#define TRUST_MARGIN_NS 2000000000LL   /* mtimes this close to "now" are not trusted */

/* ---- signals ---- */

static volatile sig_atomic_t run_caught;
static struct sigaction run_old_int, run_old_term;

static void
run_on_signal(int sig)
{
	run_caught = sig;
}

void
run_catch_signals(void)
{
	struct sigaction sa;
	run_caught = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = run_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &run_old_int);
	sigaction(SIGTERM, &sa, &run_old_term);
}

void
run_restore_signals(void)
{
	sigaction(SIGINT, &run_old_int, NULL);
	sigaction(SIGTERM, &run_old_term, NULL);
}

int
run_signal(void)
{
	return run_caught;
}

void
run_note_signal(int sig)
{
	if (run_caught == 0)
		run_caught = sig;
}

/* ---- the paths seen by the walk: hashes, sorted before the sweep ---- */

static void
run_seen_add(struct run_seen *s, uint64_t h)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->h = xrealloc(s->h, s->cap * sizeof *s->h);
	}
	s->h[s->n++] = h;
}

static int
run_seen_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int
run_seen_has(const struct run_seen *s, uint64_t h)
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

/* ---- the run ---- */

void
run_init(struct run *r, const struct index_opts *o)
{
	struct timespec ts;

	memset(r, 0, sizeof *r);
	r->o = o;
	r->start = now_seconds();
	clock_gettime(CLOCK_REALTIME, &ts);
	r->start_ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	buf_init(&r->doc);
}

void
run_free(struct run *r)
{
	free(r->seen.h);
	conf_list_free(r->bad_dirs, r->nbad_dirs);
	buf_free(&r->doc);
	memset(r, 0, sizeof *r);
}

void
run_counts_add(struct run_counts *to, const struct run_counts *c)
{
	to->added += c->added;
	to->updated += c->updated;
	to->removed += c->removed;
	to->unchanged += c->unchanged;
	to->failed += c->failed;
	to->skipped += c->skipped;
	to->files += c->files;
	for (int k = 0; k < RUN_NOTES; k++)
		to->notes[k] += c->notes[k];
}

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
	struct run_tally t = { r->n.files, r->n.added, r->n.updated };

	if (r->tally != NULL)
		*r->tally = t;   /* a worker: the parent shows the progress */
	if (r->progress_off)
		return;
	progress_show(r, &t, r->expected > t.files ? r->expected : t.files, final);
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

/* A record changed from old to new (either NULL: none): the counts that
 * go with every commit follow. */
static void
run_counted(struct run *r, const struct record *old, const struct record *new)
{
	if (old != NULL)
		record_counts_add(&r->counts, old, -1);
	if (new != NULL)
		record_counts_add(&r->counts, new, 1);
}

/* Commit what is pending, with the counts as they are now (status shows
 * them beside the passages, which are as they are now too). */
static int
run_commit(struct run *r)
{
	if (r->pending == 0)
		return 0;
	if (record_put_counts(r->db, &r->counts) != 0)
		return run_db_error(r, "committing", NULL);
	if (cfs_wdb_commit(r->db) != CFS_OK)
		return run_db_error(r, "committing", NULL);
	r->pending = 0;
	return 0;
}

/* The words of an article's fields, once for all its passages: title,
 * source and the header fields fields.c knows; and the text of the other
 * header keys (searchable as the first passage's text). */
struct run_fields {
	struct buf words[16];
	size_t nwords[16];
	const char *prefix[16];
	int present[16];          /* the value is not empty */
	int nopos[16];            /* a list: terms without positions */
	size_t n;
	struct buf other;         /* the words of the unknown header keys */
	size_t nother;
	struct docdata meta;      /* the header fields for the data */
};

static void
run_fields_make(struct run_fields *f, struct words *w, const struct cfs_article *a)
{
	memset(f, 0, sizeof *f);
	buf_init(&f->other);
	f->prefix[f->n] = CFS_PREFIX_TITLE;
	f->present[f->n] = a->title[0] != '\0';
	buf_init(&f->words[f->n]);
	f->nwords[f->n] = words_list(w, a->title, strlen(a->title), &f->words[f->n]);
	f->n++;
	if (a->source != NULL) {
		f->prefix[f->n] = CFS_PREFIX_SOURCE;
		f->present[f->n] = a->source[0] != '\0';
		buf_init(&f->words[f->n]);
		f->nwords[f->n] = words_list(w, a->source, strlen(a->source), &f->words[f->n]);
		f->n++;
	}
	for (size_t i = 0; i < a->nmeta; i++) {
		const struct cfs_meta *m = &a->meta[i];
		const struct field *fd = field_of_header(m->key);
		if (fd == NULL) {
			/* a key of its own: its words are the first passage's */
			if (strcasecmp(m->key, "date") != 0 && strcasecmp(m->key, "url") != 0 &&
			    strcasecmp(m->key, "language") != 0)
				f->nother += words_list(w, m->value, strlen(m->value), &f->other);
			continue;
		}
		if (strcmp(fd->prefix, CFS_PREFIX_TITLE) == 0 ||
		    strcmp(fd->prefix, CFS_PREFIX_SOURCE) == 0 || f->n >= 16)
			continue;
		f->prefix[f->n] = fd->prefix;
		f->nopos[f->n] = !fd->positions;
		f->present[f->n] = m->value[0] != '\0';
		buf_init(&f->words[f->n]);
		f->nwords[f->n] = words_list(w, m->value, strlen(m->value), &f->words[f->n]);
		f->n++;
		int seen = 0;   /* a key given twice: its first value */
		for (size_t k = 0; k < f->meta.nfields; k++)
			seen |= strcmp(f->meta.fields[k].name, fd->name) == 0;
		if (!seen && f->meta.nfields < DOCDATA_FIELDS) {
			f->meta.fields[f->meta.nfields].name = fd->name;
			f->meta.fields[f->meta.nfields++].value = m->value;
		}
	}
}

static void
run_fields_free(struct run_fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		buf_free(&f->words[i]);
	buf_free(&f->other);
}

static int
run_write_article(struct run *r, const char *path, const char *key,
		  const struct cfs_article *a)
{
	char xp[32];
	const char *bools[2];
	struct buf order, body;
	struct words w;
	struct run_fields rf;
	int rc = 0;

	snprintf(xp, sizeof xp, "%s%s", CFS_PREFIX_ARTICLE, key);
	bools[0] = xp;
	bools[1] = CFS_PREFIX_SPEAKER STATEMENTS_TERM;   /* a passage with statements */
	buf_init(&order);
	buf_init(&body);
	words_init(&w, "", 0);
	run_fields_make(&rf, &w, a);
	struct quotes qs;
	struct buf spk;
	size_t qi = 0;
	buf_init(&spk);
	memset(&qs, 0, sizeof qs);
	if (!quotes_disabled())
		quotes_find(a, &qs);
	for (size_t i = 0; i < a->npassages && rc == 0; i++) {
		const struct cfs_passage *p = &a->passages[i];
		struct docdata d = rf.meta;
		d.path = path;
		d.title = a->title;
		d.title_derived = a->title_derived;
		d.date = a->date;
		d.date_source = a->date_source;
		d.source = a->source;
		d.passage_no = (unsigned)i + 1;
		d.line_start = p->line_start;
		d.line_end = p->line_end;
		d.byte_start = p->byte_start;
		d.byte_end = p->byte_end;
		d.text = p->text;
		d.text_len = p->len;
		if (i > 0)
			d.nfields = 0;   /* the first passage keeps them */
		/* its statements, and their speakers' words as the speaker field */
		size_t nspk = 0;
		buf_reset(&spk);
		for (; qi < qs.n && qs.v[qi].passage < i; qi++)
			;
		for (; qi < qs.n && qs.v[qi].passage == i; qi++) {
			const struct quote *q = &qs.v[qi];
			if (d.nquotes < DOCDATA_QUOTES) {
				d.quotes[d.nquotes].kind = q->kind == QUOTE_DIRECT ? 'd' : 'r';
				d.quotes[d.nquotes].speaker = q->speaker;
				d.quotes[d.nquotes].from = q->from;
				d.quotes[d.nquotes++].to = q->to;
			}
			if (q->speaker)
				nspk += words_list(&w, q->speaker, strlen(q->speaker), &spk);
		}
		cfs_field fields[19];
		cfs_value values[4];
		size_t nf = 0, nv = 0;

		buf_reset(&r->doc);
		docdata_encode(&d, &r->doc);
		buf_reset(&body);
		size_t nbody = words_list(&w, p->text, p->len, &body);
		fields[nf++] = (cfs_field){ "", body.s, nbody, 1, 0 };
		if (i == 0 && rf.nother)
			fields[nf++] = (cfs_field){ "", rf.other.s, rf.nother, 1, 0 };
		for (size_t k = 0; k < rf.n; k++)
			if (rf.present[k])
				fields[nf++] = (cfs_field){ rf.prefix[k], rf.words[k].s,
							    rf.nwords[k], 1, rf.nopos[k] };
		if (nspk)
			fields[nf++] = (cfs_field){ CFS_PREFIX_SPEAKER, spk.s, nspk, 1, 1 };
		if (a->datetime[0])
			values[nv++] = (cfs_value){ CFS_SLOT_DATE, a->datetime, 14 };
		values[nv++] = (cfs_value){ CFS_SLOT_ARTICLE, key, 16 };
		/* newest first, then path, then line: invert the date and time */
		buf_reset(&order);
		if (a->datetime[0])
			buf_printf(&order, "%014lld", 99999999999999LL - strtoll(a->datetime, NULL, 10));
		else
			buf_adds(&order, "99999999999999");
		buf_adds(&order, path);
		buf_addc(&order, '\0');
		buf_printf(&order, "%010u", p->line_start);
		values[nv++] = (cfs_value){ CFS_SLOT_ORDER, order.s, order.len };

		cfs_doc doc = {
			.data = r->doc.s, .data_len = r->doc.len,
			.fields = fields, .nfields = nf,
			.bool_terms = bools, .nbool = d.nquotes ? 2 : 1,
			.values = values, .nvalues = nv,
		};
		if (cfs_wdb_add(r->db, &doc) != CFS_OK)
			rc = run_db_error(r, "indexing", path);
	}
	buf_free(&order);
	buf_free(&body);
	buf_free(&spk);
	quotes_free(&qs);
	run_fields_free(&rf);
	words_free(&w);
	return rc;
}

static void
run_verbose(struct run *r, const char *what, const char *path, const char *extra)
{
	/* file names may hold anything: never raw to the terminal */
	if (r->o->verbose && !r->o->quiet)
		log_info("%s %s%s", what, path, extra ? extra : "");
}

/* Write a file's record (old: the one it replaces, or NULL); it counts as
 * a change to commit. */
static void
run_set_record(struct run *r, const struct record *old, const struct record *rec)
{
	if (record_set(r->db, rec) != 0)
		run_db_error(r, "recording", rec->path);
	run_counted(r, old, rec);
	r->pending++;
}

/* The notices that are routine in an archive: counted, summarised at the
 * end of the run in a line each, listed with -v. */
static const struct {
	const char *match;     /* the start of the notice */
	const char *one, *many;
} run_notes[RUN_NOTES] = {
	{ "only a header, no text", "file had only a header, no text",
	  "files had only a header, no text" },
	{ "no text once page furniture", "file had no text once page furniture was left out",
	  "files had no text once page furniture was left out" },
	{ "skipped: empty file", "file was skipped as empty", "files were skipped as empty" },
	{ "skipped: binary file", "file was skipped as binary (NUL bytes)",
	  "files were skipped as binary (NUL bytes)" },
	{ "not valid UTF-8", "file was not valid UTF-8 (read as Windows-1252)",
	  "files were not valid UTF-8 (read as Windows-1252)" },
	{ "UTF-16", "file was UTF-16 (converted to UTF-8)",
	  "files were UTF-16 (converted to UTF-8)" },
	{ "unreadable date", "file had a date that could not be read (indexed without one)",
	  "files had a date that could not be read (indexed without one)" },
};

/* A notice about path: a routine one counted (listed with -v), any other
 * (a part of the file left out) said. */
static void
run_notice(struct run *r, const char *path, const char *msg)
{
	for (int k = 0; k < RUN_NOTES; k++) {
		if (strncmp(msg, run_notes[k].match, strlen(run_notes[k].match)) == 0) {
			r->n.notes[k]++;
			if (r->o->verbose)
				log_warn("%s: %s", path, msg);
			return;
		}
	}
	log_warn("%s: %s", path, msg);
}

/* The routine notices of the run, a line for each kind. */
static void
run_notices(const struct run *r)
{
	for (int k = 0; k < RUN_NOTES; k++) {
		char n[32];
		if (r->n.notes[k] == 0)
			continue;
		fmt_count(n, sizeof n, r->n.notes[k]);
		log_warn("%s %s%s", n, r->n.notes[k] == 1 ? run_notes[k].one : run_notes[k].many,
			 r->o->verbose ? "" : " ('cfsearch index -v' lists them)");
	}
}

static long long
run_ctime(const struct stat *st)
{
	return (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
}

/* Read a file that is new or changed (rec: its record, if have) and index
 * it anew, unless its content is what the record says. */
static void
run_reindex(struct run *r, const char *path, const struct stat *st,
	    const struct record *rec, int have)
{
	long long mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	char *raw = NULL, *text = NULL;
	size_t rawlen, textlen;
	const char *why = NULL, *note = NULL;
	struct record now;
	struct cfs_article a;

	memset(&now, 0, sizeof now);
	record_article_key(path, now.key);
	now.size = (unsigned long long)st->st_size;
	now.path = path;
	if (gzip_read_file(path, CFS_MAX_FILE_BYTES, &raw, &rawlen, NULL, &why) != 0) {
		struct stat gone;
		if (stat(path, &gone) != 0 && errno == ENOENT) {
			/* deleted since the walk saw it: a removal, not a failure */
			if (have && record_remove(r->db, now.key) != 0) {
				run_db_error(r, "removing", path);
			} else if (have) {
				run_counted(r, rec, NULL);
				r->n.removed++;
				r->pending++;
				run_verbose(r, "removed", path, NULL);
			}
			return;
		}
		log_error("%s: %s", path, why);
		r->n.failed++;
		/* keep what was indexed before; remember the failure, so that
		 * the file is tried again when it changes (or --retry-failed) */
		now.mtime_ns = mtime_ns;
		now.ctime_ns = run_ctime(st);
		now.hash = have ? rec->hash : 0;
		now.passages = have ? rec->passages : 0;
		now.status = RECORD_FAILED;
		run_set_record(r, have ? rec : NULL, &now);
		return;
	}
	now.mtime_ns = mtime_ns < r->start_ns - TRUST_MARGIN_NS ? mtime_ns : 0;
	now.hash = hash64(raw, rawlen, 0);
	if (have && rec->hash == now.hash && rec->status != RECORD_FAILED) {
		/* same content, new mtime: just remember the mtime */
		now.passages = rec->passages;
		now.status = rec->status;
		run_set_record(r, have ? rec : NULL, &now);
		r->n.unchanged++;
		run_verbose(r, "unchanged", path, " (content)");
		free(raw);
		return;
	}

	enum text_kind k = text_decode(raw, rawlen, &text, &textlen, &note);
	free(raw);
	if (have && record_remove_passages(r->db, now.key) != 0) {
		run_db_error(r, "replacing", path);
		free(text);
		return;
	}
	if (k != TEXT_OK) {
		char *why_skipped = xasprintf("skipped: %s", text_skip_reason(k));
		run_notice(r, path, why_skipped);
		free(why_skipped);
		now.status = RECORD_SKIPPED;
		r->n.skipped++;
		run_set_record(r, have ? rec : NULL, &now);
		return;
	}
	if (note != NULL)
		run_notice(r, path, note);
	memset(&a, 0, sizeof a);
	article_parse(text, textlen, &a);
	free(text);
	for (size_t i = 0; i < a.nwarnings; i++)
		run_notice(r, path, a.warnings[i]);
	now.passages = (unsigned)a.npassages;
	now.status = RECORD_INDEXED;
	article_date_from_file(&a, st->st_mtim.tv_sec);
	int written = run_write_article(r, path, now.key, &a) == 0;
	article_free(&a);
	if (!written)
		return;
	int updated = have && rec->status == RECORD_INDEXED;
	if (updated)
		r->n.updated++;
	else
		r->n.added++;
	char extra[48];
	snprintf(extra, sizeof extra, " (%u passage%s)", now.passages,
		 now.passages == 1 ? "" : "s");
	run_verbose(r, updated ? "updated" : "added", path, extra);
	run_set_record(r, have ? rec : NULL, &now);
}

/* The walk's callback: a file whose size and mtime are those of its record
 * is unchanged; any other is read. */
static int
run_file(void *ctx, const char *path, const struct stat *st)
{
	struct run *r = ctx;
	char key[17];
	struct record rec;
	int have;
	long long mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;

	if (!run_in_shard(r, path))
		return run_caught != 0;   /* another shard's: unseen, so swept */
	if (r->nworkers > 1 && hash64(path, strlen(path), 0x30b) % r->nworkers != r->worker)
		return run_caught != 0;   /* another worker's */
	record_article_key(path, key);
	run_seen_add(&r->seen, hash64(path, strlen(path), 0));
	r->n.files++;

	if (record_get(r->db, key, path, &rec, &have) != 0)
		return run_db_error(r, "looking up", path);
	/* a file that could not be read is tried again when it changes, its
	 * mode or owner included (its ctime), or with --retry-failed */
	if (have && rec.mtime_ns != 0 && rec.mtime_ns == mtime_ns &&
	    rec.size == (unsigned long long)st->st_size &&
	    (rec.status != RECORD_FAILED ||
	     (!r->o->retry_failed && rec.ctime_ns == run_ctime(st)))) {
		r->n.unchanged++;
		run_verbose(r, "unchanged", path, NULL);
	} else {
		run_reindex(r, path, st, &rec, have);
		if (!r->fatal && r->pending >= r->o->batch_files)
			run_commit(r);
	}
	run_progress(r, 0);
	return r->fatal || run_caught != 0;
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

/* Is path below no remembered root (an article left behind by a forget
 * that was killed in an earlier version, or by a conf edited by hand)? */
static int
run_orphan(const struct run *r, const char *path)
{
	if (!r->sweep_orphans)
		return 0;
	for (size_t i = 0; i < r->nknown; i++)
		if (path_under(path, r->known[i]))
			return 0;
	return 1;
}

static int
run_sweep_gone(void *ctx, const struct record *rec)
{
	struct sweep *s = ctx;
	int gone = 0;

	if (run_orphan(s->r, rec->path))
		return 1;
	if (run_seen_has(&s->r->seen, hash64(rec->path, strlen(rec->path), 0)))
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

	if (nroots == 0 && !r->sweep_orphans)
		return;
	if (record_select(r->db, run_sweep_gone, &s, &gone) != 0)
		run_db_error(r, "listing files", NULL);
	for (size_t i = 0; i < gone.n && !r->fatal; i++) {
		if (record_remove(r->db, gone.r[i].key) != 0) {
			run_db_error(r, "removing", gone.r[i].path);
		} else {
			run_counted(r, &gone.r[i], NULL);
			r->n.removed++;
			r->pending++;
			run_verbose(r, "removed", gone.r[i].path, NULL);
		}
	}
	record_list_free(&gone);
}

void
run_summary(struct run *r)
{
	char a[32], u[32], d[32], n[32];
	struct buf sum;
	double el = now_seconds() - r->start - r->waited;

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
	if (r->waited >= 0.1)
		buf_printf(&sum, " (after waiting %.1f s for another indexer)", r->waited);
	run_notices(r);
	if (run_caught)
		log_error("interrupted: committed the work done so far (%s); run again to finish",
			  sum.s);
	else if (!r->o->quiet && !r->fatal)
		log_info("%s", sum.s);
	if (!r->fatal) {
		const char *outcome = run_caught ? "interrupted" : r->n.failed ? "partial" : "ok";
		char *last = xasprintf("%.0f %.3f %s %s", r->start, el, outcome, sum.s);
		char *lc = xasprintf("%llu %llu %llu %llu %llu %llu",
				     (unsigned long long)r->n.added, (unsigned long long)r->n.updated,
				     (unsigned long long)r->n.removed,
				     (unsigned long long)r->n.unchanged,
				     (unsigned long long)r->n.skipped, (unsigned long long)r->n.failed);
		if (cfs_wdb_set_meta(r->db, META_LASTRUN, last, strlen(last)) != CFS_OK ||
		    cfs_wdb_set_meta(r->db, META_LASTCOUNTS, lc, strlen(lc)) != CFS_OK ||
		    record_save_counts(r->db) != 0 || cfs_wdb_commit(r->db) != CFS_OK)
			run_db_error(r, "saving the run's summary", NULL);
		free(last);
		free(lc);
	}
	buf_free(&sum);
}

/* run_count_files: the walk's callback and its error callback */
static int
run_count_one(void *ctx, const char *path, const struct stat *st)
{
	struct run *r = ctx;
	(void)st;
	if (run_in_shard(r, path))
		r->expected++;
	return run_caught != 0;
}

static void
run_count_error(void *ctx, const char *path, const char *why)
{
	(void)ctx; (void)path; (void)why;   /* the workers say them */
}

uint64_t
run_count_files(struct run *r, char **roots, size_t nroots, char **excludes,
		size_t nexcludes)
{
	struct walk_opts wo = {
		(const char *const *)excludes, nexcludes, NULL,
		r->nknown ? (const char *const *)r->known : (const char *const *)roots,
		r->nknown ? r->nknown : nroots,
	};

	r->expected = 0;
	for (size_t i = 0; i < nroots && !run_caught; i++) {
		r->cur_root = roots[i];
		walk(roots[i], &wo, run_count_one, run_count_error, r);
	}
	return r->expected;
}

/* Say which exclude patterns excluded nothing: those given now, and with
 * every root walked (all), the remembered ones. */
static void
run_excludes_unused(const struct run *r, const struct walk_opts *wo, int all)
{
	if (r->worker != 0)
		return;   /* every worker of a build walks the whole tree: one says */
	for (size_t i = 0; i < wo->nexcludes; i++) {
		int given = 0;
		for (size_t k = 0; k < r->o->nexcludes && !given; k++)
			given = strcmp(r->o->excludes[k], wo->excludes[i]) == 0;
		if (wo->hits[i] == 0 && (given || all))
			log_warn("--exclude '%s' matched nothing (a pattern with a '/' is relative "
				 "to the root; 'cfsearch forget --exclude' drops it)", wo->excludes[i]);
	}
}

void
run_roots(struct run *r, char **roots, size_t nroots, char **excludes, size_t nexcludes)
{
	char **complete = NULL;
	size_t ncomplete = 0;

	struct walk_opts wo = {
		(const char *const *)excludes, nexcludes, xcalloc(nexcludes, sizeof *wo.hits),
		r->nknown ? (const char *const *)r->known : (const char *const *)roots,
		r->nknown ? r->nknown : nroots,
	};

	if (record_count(r->db, &r->counts) != 0) {
		run_db_error(r, "counting files", NULL);
		free(wo.hits);
		return;
	}
	r->expected = r->counts.files;
	/* until run_summary says how it ended, the run did not finish: what
	 * status says of one that was killed (this goes with the first
	 * commit) */
	if (r->worker == 0 && r->nworkers <= 1) {
		char *mark = xasprintf("%.0f 0 unfinished", r->start);
		if (cfs_wdb_set_meta(r->db, META_LASTRUN, mark, strlen(mark)) != CFS_OK)
			run_db_error(r, "starting", NULL);
		free(mark);
	}

	/* additions and updates first, then removals: a moved file is never
	 * missing from the index */
	for (size_t i = 0; i < nroots && !r->fatal && !run_caught; i++) {
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
		int stopped = walk(roots[i], &wo, run_file, run_walk_error, r);
		/* a root walked to the end is swept; the directories that could
		 * not be read keep their articles */
		if (!stopped) {
			complete = xrealloc(complete, (ncomplete + 1) * sizeof *complete);
			complete[ncomplete++] = roots[i];
		}
	}
	if (!r->fatal && !run_caught) {
		if (r->seen.n > 1)
			qsort(r->seen.h, r->seen.n, sizeof *r->seen.h, run_seen_cmp);
		run_sweep(r, (const char *const *)complete, ncomplete);
		run_excludes_unused(r, &wo, nroots > 0 && nroots >= r->nknown);
	}
	free(wo.hits);
	free(complete);
	if (!r->fatal)
		run_commit(r);
	run_progress(r, 1);
}

int
run_status(const struct run *r)
{
	if (r->fatal)
		return CFS_EXIT_ERROR;
	if (run_caught == SIGINT)
		return CFS_EXIT_SIGINT;
	if (run_caught == SIGTERM)
		return CFS_EXIT_SIGTERM;
	return r->n.failed ? CFS_EXIT_PARTIAL : CFS_EXIT_OK;
}

int
run_close(struct run *r)
{
	int rc = 0;
	if (cfs_wdb_close(r->db) != CFS_OK) {
		log_error("%s: closing the database failed", r->o->db);
		rc = -1;
	}
	r->db = NULL;
	return rc;
}
