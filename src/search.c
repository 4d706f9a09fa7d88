/* search.c: run a query, fold duplicates, print the hits. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfsearch.h"

#define SEARCH_RETRIES 5
#define SEARCH_OPEN_TRIES 3      /* opening again when the index moved or changed */
/* the most candidates fetched to make up a page after folding */
#define SEARCH_MAX_FETCH 2000
#define SEARCH_EXACT_BOOST 2.0   /* see search_exact */
#define SEARCH_EXACT_GROUP 100   /* see search_exact */
/* Feedback terms (feedback.c) for a plain query of 7 words or more (a
 * sentence: the paraphrase sets' queries have 8 to 16, the keyword sets'
 * 1 to 6), each weighing at most 0.2 of a query word.  Judged (make eval,
 * nDCG@10): para .1557 -> .1753, para-held .1548 -> .1860; with every
 * query expanded, corpora .8913 -> .8848 and reuters .6860 -> .6755.
 * A table of countries, peoples, capitals and seats of power (Kremlin,
 * Moscow, Russian) was tried and left out: at 0.2 a word, para .1763 (before ties were broken by the order key) ->
 * .2510 but para-held .1860 -> .1755, and corpora .8913 -> .8858 when
 * short queries took it too. */
#define SEARCH_EXPAND_WORDS 7
#define SEARCH_EXPAND_WEIGHT 0.2

/* The Xapian database for a --db argument: a cfsearch database directory
 * (holding the "index" link), a Xapian database directory or a stub file.
 * The link is resolved here, once: Xapian opens each table file by its
 * path, and a compaction that swapped the link between two of those opens
 * would pair one index's tables with another's ("EOF reading block"). */
char *
search_db_path(const char *arg)
{
	struct stat st;
	char *link = dbdir_xapian_path(arg);
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode) && lstat(link, &st) == 0) {
		char *real = realpath(link, NULL);
		if (real == NULL)
			return link;
		free(link);
		return real;
	}
	free(link);
	return xstrdup(arg);
}

struct hit {
	double score;
	int all_units;              /* cfs_mset_all_units */
	uint64_t more;              /* cfs_mset_collapsed */
	struct docdata d;
	char *store;
	char *fstore;               /* the first passage's, for its fields */
	char *title;                /* a derived title, whole (JSON) */
	char article[17];
	long dup_of;                /* index of the hit standing for it, or -1 */
	size_t pos;                 /* its place in the match */
	const struct docdata **also;
	size_t nalso;
};

/* Is h's article rep's, or already among those rep lists? */
static int
search_same_article_listed(const struct hit *rep, const struct hit *h)
{
	if (strcmp(rep->article, h->article) == 0)
		return 1;
	for (size_t k = 0; k < rep->nalso; k++)
		if (strcmp(rep->also[k]->path, h->d.path) == 0)
			return 1;
	return 0;
}

static const struct hit *search_sort_hits;

/* By article, then rank. */
static int
search_article_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(search_sort_hits[i].article, search_sort_hits[j].article);
	return c ? c : i < j ? -1 : i > j;
}

/* What the cap left out of an article, said once, at its first hit shown:
 * its matching passages less those shown (hits[i].more holds the
 * former; shown[i] says whether hit i is shown). */
static void
search_more_once(struct hit *hits, size_t n, const char *shown)
{
	size_t *order = xmalloc((n + 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	search_sort_hits = hits;
	qsort(order, n, sizeof *order, search_article_cmp);
	for (size_t k = 0; k < n;) {
		size_t end = k, first = n;
		uint64_t seen = 0;
		while (end < n && strcmp(hits[order[end]].article, hits[order[k]].article) == 0) {
			if (shown[order[end]]) {
				seen++;
				if (first == n)
					first = order[end];
			}
			end++;
		}
		uint64_t total = hits[order[k]].more;
		for (size_t j = k; j < end; j++)
			hits[order[j]].more = 0;
		if (first < n && total > seen)
			hits[first].more = total - seen;
		k = end;
	}
	free(order);
}

/* Fold each hit into the best ranked earlier one it is a near-duplicate
 * of (fold.c), listing it there. */
static void
search_fold(struct hit *hits, size_t n)
{
	struct fold *f = fold_new();
	for (size_t i = 0; i < n; i++) {
		hits[i].dup_of = fold_add(f, hits[i].d.text, hits[i].d.text_len, hits[i].article);
		if (hits[i].dup_of < 0)
			continue;
		struct hit *rep = &hits[hits[i].dup_of];
		if (!search_same_article_listed(rep, &hits[i])) {
			rep->also = xrealloc(rep->also, (rep->nalso + 1) * sizeof *rep->also);
			rep->also[rep->nalso++] = &hits[i].d;
		}
	}
	fold_free(f);
}

/* Report a damaged index (corrupt, or "modified" after every retry: a
 * table naming revisions it does not hold) with how to rebuild it.
 * Returns 0 when st is neither. */
static int
search_log_damage(cfs_status st, const char *msg, int tries)
{
	if (st == CFS_ERR_CORRUPT)
		log_error("%s; the index is damaged: rebuild it with 'cfsearch index --rebuild'",
			  msg);
	else if (st == CFS_ERR_SCHEMA)
		log_error("%s; rebuild it with 'cfsearch index --rebuild'", msg);
	else if (st == CFS_ERR_MODIFIED)
		log_error("%s; the index changed under each of %d tries: if no indexer is "
			  "running, it is damaged: rebuild it with 'cfsearch index --rebuild'",
			  msg, tries);
	else
		return 0;
	return 1;
}

/* Open the databases.  With partial, the ones that cannot be reached are
 * left out and named on stderr.  report: print errors. */
static cfs_status
search_open(const struct search_opts *o, int partial, const char *const *except,
	    size_t nexcept, cfs_rdb **db, int report)
{
	char **paths = xcalloc(o->ndbs, sizeof *paths);
	char *skipped = NULL, *err = NULL;
	cfs_status st;

	for (size_t i = 0; i < o->ndbs; i++)
		paths[i] = search_db_path(o->dbs[i]);
	for (int tries = 0;; tries++) {
		st = cfs_rdb_open_except((const char *const *)paths, o->ndbs, o->timeout_ms,
					 partial, except, nexcept, db, &skipped, &err);
		/* A compaction may have swapped another index in meanwhile, and
		 * be removing the one resolved (a table opened after that would
		 * be missing, the open failing or, with --partial, skipping
		 * it): open again when a link now names another. */
		int moved = 0;
		for (size_t i = 0; i < o->ndbs; i++) {
			char *again = search_db_path(o->dbs[i]);
			if (strcmp(again, paths[i]) != 0) {
				moved = 1;
				free(paths[i]);
				paths[i] = again;
			} else {
				free(again);
			}
		}
		/* "modified" while opening: an indexer committed; again */
		if ((!moved && st != CFS_ERR_MODIFIED) || tries + 1 >= SEARCH_OPEN_TRIES)
			break;
		if (st == CFS_OK) {
			cfs_rdb_close(*db);
			*db = NULL;
		}
		free(skipped);
		free(err);
		skipped = err = NULL;
	}
	if (st != CFS_OK && report &&
	    !search_log_damage(st, err ? err : cfs_status_str(st), SEARCH_OPEN_TRIES)) {
		size_t gone = o->ndbs;
		struct stat sb;
		for (size_t i = 0; i < o->ndbs && st == CFS_ERR_NOT_FOUND && gone == o->ndbs; i++)
			if (stat(paths[i], &sb) != 0)
				gone = i;
		if (st == CFS_ERR_NOT_FOUND && o->ndbs == 1)
			gone = 0;
		if (gone < o->ndbs)
			log_error("%s: no index here (run: cfsearch index PATH, or give --db)",
				  o->dbs[gone]);
		else if (st == CFS_ERR_NETWORK && !partial)
			log_error("%s (with --partial, the other databases would answer)",
				  err ? err : "a remote database cannot be reached");
		else
			log_error("%s", err ? err : cfs_status_str(st));
	}
	if (st == CFS_OK && skipped != NULL && report) {
		char *line = skipped, *nl;
		while (*line) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			if (*line)
				log_error(o->partial ? "partial results: left out %s" :
					  "not answering: %s", line);
			if (!nl)
				break;
			line = nl + 1;
		}
	}
	for (size_t i = 0; i < o->ndbs; i++)
		free(paths[i]);
	free(paths);
	free(skipped);
	free(err);
	return st;
}

/* The hits of m, decoded, with their shingles when duplicates are folded;
 * *nh gets their number. */
/* By score (raised for the quoted parts held as written), within the tier
 * of passages holding every part of the query when there are tiers; ties
 * in the match's order. */
static int search_exact_tiers;

static int
search_exact_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (search_exact_tiers && (x->all_units == 1) != (y->all_units == 1))
		return x->all_units == 1 ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Read the quoted parts of the query in each hit's text (exact.c): a hit
 * holding them all as written counts 1 + SEARCH_EXACT_BOOST times its
 * score, one holding some a share of that; then the hits in that order,
 * within fixed groups of the match's ranking (ranks 1-100, 101-200, ...),
 * so that pages cut with --offset and -n agree with one another (sorted
 * all together, the order depended on how many hits a page fetched).
 * (Judged: a strict "as written first" gave the quoted sets the same
 * figures, but cost Reuters' "Louvre accord", whose judges counted the
 * "Louvre accords" passages as answers: nDCG@10 .6852 -> .6731; times 3,
 * .6860.) */
static void
search_exact(struct hit *hits, size_t n, const struct planned *pl, struct variants *vars)
{
	size_t nq;
	const struct query_quote *qq = query_quotes(pl->query, &nq);
	struct exact e;
	int differ = 0;

	if (nq == 0 || n < 2)
		return;
	exact_init(&e, vars);
	for (size_t i = 0; i < n; i++) {
		unsigned x = exact_count(&e, qq, nq, hits[i].d.text, hits[i].d.text_len);
		hits[i].score *= 1 + SEARCH_EXACT_BOOST * x / (double)nq;
		hits[i].pos = i;
		differ |= x != 0;
	}
	exact_free(&e);
	search_exact_tiers = pl->plan.q.tiers;
	if (differ)
		for (size_t g = 0; g < n; g += SEARCH_EXACT_GROUP)
			qsort(hits + g, n - g < SEARCH_EXACT_GROUP ? n - g : SEARCH_EXACT_GROUP,
			      sizeof *hits, search_exact_cmp);
}

static struct hit *
search_hits(cfs_mset *m, const struct search_opts *o, const struct planned *pl,
	    struct variants *vars, size_t *nh)
{
	size_t n = cfs_mset_size(m);
	struct hit *hits = xcalloc(n ? n : 1, sizeof *hits);

	*nh = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len, vlen;
		const char *data = cfs_mset_data(m, i, &len);
		struct hit *h = &hits[*nh];
		if (docdata_decode(data, len, &h->d, &h->store) != 0) {
			free(h->store);
			h->store = NULL;
			continue;
		}
		h->score = cfs_mset_score(m, i);
		h->all_units = cfs_mset_all_units(m, i);
		h->more = cfs_mset_in_article(m, i);
		const char *v = cfs_mset_value(m, i, CFS_SLOT_ARTICLE, &vlen);
		snprintf(h->article, sizeof h->article, "%.*s", (int)(vlen < 16 ? vlen : 16), v);
		(*nh)++;
	}
	if (!o->sort_date && !o->rank_plain)
		search_exact(hits, *nh, pl, vars);
	if (!o->no_dedup && !o->files)
		search_fold(hits, *nh);
	else
		for (size_t i = 0; i < *nh; i++)
			hits[i].dup_of = -1;
	return hits;
}

static void
search_hits_free(struct hit *hits, size_t nh)
{
	for (size_t i = 0; hits != NULL && i < nh; i++) {
		free(hits[i].store);
		free(hits[i].fstore);
		free(hits[i].title);
		free(hits[i].also);
	}
	free(hits);
}

/* The header fields of the hits' articles: the index keeps them with each
 * article's first passage only; so is the sentence a derived title was
 * made of (the index keeps the title cut). */
static void
search_hits_fields(cfs_rdb *db, struct hit *hits, size_t nh)
{
	for (size_t i = 0; i < nh; i++) {
		struct hit *h = &hits[i];
		char term[32], *data = NULL;
		size_t len = 0;
		struct docdata first;
		const char *text = h->d.text;
		size_t text_len = h->d.text_len;
		if (h->d.passage_no > 1 && h->article[0] != '\0' &&
		    (h->d.nfields == 0 || h->d.title_derived)) {
			text = NULL;
			snprintf(term, sizeof term, "%s%s", CFS_PREFIX_ARTICLE, h->article);
			if (cfs_rdb_first_data(db, term, &data, &len) == CFS_OK && len > 0 &&
			    docdata_decode(data, len, &first, &h->fstore) == 0 &&
			    strcmp(first.path, h->d.path) == 0) {
				for (size_t k = 0; k < first.nfields && h->d.nfields == 0; k++)
					h->d.fields[k] = first.fields[k];
				if (h->d.nfields == 0)
					h->d.nfields = first.nfields;
				text = first.text;
				text_len = first.text_len;
			}
			free(data);
		}
		if (h->d.title_derived && text != NULL &&
		    (h->title = output_title_whole(h->d.title, text, text_len)) != NULL)
			h->d.title = h->title;
	}
}

/* The user's variant files and the built-in list (NULL with --no-variants). */
static struct variants *
search_variants(const struct search_opts *o)
{
	const char *vpaths[2];
	size_t nv = 0;
	char *user = NULL;
	const char *env = getenv("CFSEARCH_VARIANTS");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct variants *vars;

	if (o->no_variants)
		return NULL;
	if (xdg && *xdg)
		user = xasprintf("%s/cfsearch/variants.txt", xdg);
	else if (home && *home)
		user = xasprintf("%s/.config/cfsearch/variants.txt", home);
	if (user)
		vpaths[nv++] = user;
	if (env && *env)
		vpaths[nv++] = env;
	vars = variants_load(vpaths, nv, user ? 1 : 0);
	free(user);
	return vars;
}

/* Run q, with retries: an indexer that committed meanwhile (reopen), a
 * remote database that stalled or went away (with --partial, go on
 * without it: it is named and left out; without, the search fails).
 * Returns the status of the last try; *reported is set when its error
 * was said. */
static cfs_status
search_try(const struct search_opts *o, cfs_rdb **db, cfs_query_opts *q, cfs_mset **m,
	   char **desc, int *reported)
{
	cfs_status st;
	char **except = NULL;
	size_t nexcept = 0;
	*reported = 0;
	for (int attempt = 0;; attempt++) {
		free(*desc);
		*desc = NULL;
		st = cfs_search(*db, q, m, o->debug ? desc : NULL);
		if (st == CFS_ERR_NETWORK) {
			const char *f = cfs_rdb_failed(*db);
			if (!o->partial || *f == '\0' || nexcept >= o->ndbs + 64) {
				log_error("search failed: %s%s", cfs_rdb_errmsg(*db), o->partial ? "" :
					  " (with --partial, the other databases would answer)");
				*reported = 1;
				break;
			}
			except = xrealloc(except, (nexcept + 1) * sizeof *except);
			except[nexcept++] = xstrdup(f);
			cfs_rdb_close(*db);
			*db = NULL;
			st = search_open(o, 1, (const char *const *)except, nexcept, db, 1);
			if (st != CFS_OK) {
				*reported = 1;
				break;
			}
			continue;
		}
		if (st != CFS_ERR_MODIFIED || attempt >= SEARCH_RETRIES)
			break;
		/* the indexer committed meanwhile: reopen and try again */
		if (cfs_rdb_reopen(*db) != CFS_OK) {
			cfs_rdb_close(*db);
			*db = NULL;
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			st = search_open(o, o->partial, (const char *const *)except, nexcept, db,
					 attempt + 1 >= SEARCH_RETRIES);
			if (st != CFS_OK) {
				*reported = 1;
				break;
			}
		}
	}
	for (size_t i = 0; i < nexcept; i++)
		free(except[i]);
	free(except);
	return st;
}

/* One hit in the form asked for. */
static void
search_print_hit(FILE *f, const struct search_opts *o, const struct output_hit *oh,
		 const struct highlighter *hl)
{
	struct output_style st = { o->color, o->width, 3, o->full };
	if (o->files)
		fprintf(f, "%s\n", oh->d->path);
	else if (o->json)
		output_hit_json(f, oh, hl);
	else if (o->vimgrep)
		output_hit_vimgrep(f, oh, hl);
	else
		output_hit_text(f, oh, hl, &st);
}

/* Print the hits not folded into others, from the offset on; returns how
 * many were shown. */
static unsigned
search_print(FILE *f, const struct search_opts *o, struct hit *hits, size_t nh,
	     const struct plan *p, int *any_all)
{
	struct highlighter *hl = output_highlighter_new((const char *const *)p->stems);
	unsigned rank = 0, shown = 0;
	char *on = xcalloc(nh + 1, 1);
	/* which are shown: not folded, past the offset, within the limit */
	for (size_t i = 0; i < nh && shown < o->limit; i++) {
		if (hits[i].dup_of >= 0)
			continue;
		if (rank++ < o->offset)
			continue;
		on[i] = 1;
		shown++;
	}
	search_more_once(hits, nh, on);
	rank = o->offset;
	shown = 0;
	for (size_t i = 0; i < nh && !ferror(f); i++) {
		if (!on[i])
			continue;
		int all = p->nparts < 2 ? 1 : p->nmissing ? 0 : hits[i].all_units != 0;
		struct output_hit oh = { ++rank, hits[i].score, all, hits[i].more, &hits[i].d,
					 hits[i].also, hits[i].nalso };
		*any_all |= all;
		search_print_hit(f, o, &oh, hl);
		shown++;
	}
	free(on);
	output_highlighter_free(hl);
	return shown;
}

/* quotes and speakers: the statements of the hits not folded (statements.c). */
static int
search_statements(const struct search_opts *o, struct hit *hits, size_t nh)
{
	const struct docdata **d = xcalloc(nh + 1, sizeof *d);
	double *score = xcalloc(nh + 1, sizeof *score);
	size_t n = 0;
	for (size_t i = 0; i < nh; i++)
		if (hits[i].dup_of < 0) {
			d[n] = &hits[i].d;
			score[n++] = hits[i].score;
		}
	struct statements_opts so = { o->statements == 2, o->speaker, NULL, o->json, o->color,
				      o->limit, o->offset };
	so.variants = o->speaker || o->statements == 2 ? search_variants(o) : NULL;
	FILE *f = pager_start(o->pager && !o->json, o->pager_cmd);
	unsigned shown = statements_list(f, &so, d, score, n);
	int failed = ferror(f);
	pager_end(f);
	variants_free(so.variants);
	free(d);
	free(score);
	if (failed && f == stdout) {
		log_error("writing the results: %s", strerror(errno));
		return CFS_EXIT_ERROR;
	}
	return shown > 0 ? CFS_EXIT_OK : CFS_EXIT_NOMATCH;
}

/* The totals: "10 of about 2,345 passages in 812 articles" (after hits),
 * or for --count the counts alone. */
static int
search_totals(FILE *f, const struct search_opts *o, cfs_rdb *db, const cfs_query_opts *q,
	      unsigned shown)
{
	uint64_t passages, articles;
	char p[32], a[32];
	if (cfs_count(db, q, o->count, &passages, &articles) != CFS_OK) {
		log_error("counting failed: %s", cfs_rdb_errmsg(db));
		return -1;
	}
	fmt_count(p, sizeof p, passages);
	fmt_count(a, sizeof a, articles);
	if (o->count && o->json) {
		struct json j;
		json_init(&j, f);
		json_open(&j, '{');
		json_key(&j, "passages");
		json_uint(&j, passages);
		json_key(&j, "articles");
		json_uint(&j, articles);
		json_close(&j);
	} else if (o->count) {
		fprintf(f, "%s passage%s in %s article%s\n", p, passages == 1 ? "" : "s", a,
			articles == 1 ? "" : "s");
	} else {
		fprintf(f, "%s%u of about %s passage%s in %s article%s%s\n",
			o->color ? "\033[2m" : "", shown, p, passages == 1 ? "" : "s", a,
			articles == 1 ? "" : "s", o->color ? "\033[0m" : "");
	}
	return passages > 0 ? 1 : 0;
}

/* Do the date: ranges of q, --since and --until leave any day?  They
 * all filter, so no article could match when they do not: an error
 * rather than a silent nothing.  Returns 0 or -1. */
static int
search_dates_meet(const struct search_opts *o, const struct query *q)
{
	size_t n;
	cfs_qnode *const *f = query_filters(q, &n);
	const char *lo = o->since && *o->since ? o->since : "";
	const char *hi = o->until && *o->until ? o->until : "";
	for (size_t i = 0; i < n; i++) {
		if (f[i]->op != CFS_QN_DATE)
			continue;
		if (*f[i]->from && strcmp(f[i]->from, lo) > 0)
			lo = f[i]->from;
		if (*f[i]->until && (*hi == '\0' || strcmp(f[i]->until, hi) < 0))
			hi = f[i]->until;
	}
	if (*lo == '\0' || *hi == '\0' || strcmp(lo, hi) <= 0)
		return 0;
	log_error("the dates given leave no day: from %.4s-%.2s-%.2s (--since or date:) to "
		  "%.4s-%.2s-%.2s (--until or date:); they all apply at once", lo, lo + 4,
		  lo + 6, hi, hi + 4, hi + 6);
	return -1;
}

/* Open the databases, read the query and make it ready to run.  Returns
 * 0, or an exit status.  (The query is read once the databases are open:
 * its wildcards and tiers depend on what they hold.) */
static int
search_prepare(const struct search_opts *o, struct variants *vars, cfs_rdb **db,
	       struct planned *pl)
{
	char *err = NULL;
	struct plan_opts po;
	struct query *q;

	memset(&po, 0, sizeof po);
	po.now = time(NULL);
	po.no_tiers = o->rank_plain;
	po.no_boosts = o->rank_plain;
	po.sort_date = o->sort_date;
	po.all_words = o->all_words;
	po.title_weight = o->title_weight;
	po.fields_weight = o->fields_weight;
	po.since = o->since;
	po.until = o->until;
	if ((q = query_parse(o->query, po.now, &err)) == NULL) {
		log_error("bad query: %s", err);
		free(err);
		return CFS_EXIT_ERROR;
	}
	if (search_dates_meet(o, q) != 0) {
		query_free(q);
		return CFS_EXIT_ERROR;
	}
	if (search_open(o, o->partial, NULL, 0, db, 1) != CFS_OK) {
		query_free(q);
		return CFS_EXIT_ERROR;
	}
	if (plan_query(q, *db, vars, 100, &po, pl) != 0) {
		if (!search_log_damage(CFS_ERR_CORRUPT, cfs_rdb_errmsg(*db), 1))
			log_error("%s", cfs_rdb_errmsg(*db));
		return CFS_EXIT_ERROR;
	}
	size_t nquotes;
	query_quotes(pl->query, &nquotes);
	if (!o->no_expand && !o->sort_date && !o->rank_plain && query_is_plain(pl->query) &&
	    nquotes == 0 && query_nwords(pl->query) >= SEARCH_EXPAND_WORDS &&
	    feedback_expand(pl, *db, SEARCH_EXPAND_WEIGHT, o->debug) != 0) {
		log_error("%s", cfs_rdb_errmsg(*db));
		return CFS_EXIT_ERROR;
	}
	return 0;
}

int
search_run(const struct search_opts *o)
{
	cfs_rdb *db = NULL;
	cfs_mset *m = NULL;
	struct variants *vars = search_variants(o);
	struct planned pl;
	char *desc = NULL;
	cfs_status st;
	unsigned want = o->offset + o->limit;
	/* Folding needs more candidates than hits shown; the fewer fetched,
	 * the sooner Xapian stops (for a page of 10, fetching 50 instead of
	 * 20 cost about 9 ms at 100,000 articles).  So fetch half a page more
	 * than shown, and more only when folding leaves too few. */
	unsigned fetch = o->no_dedup || o->files ? want : want + want / 2 + 5;
	size_t nquotes = 0;
	struct hit *hits = NULL;
	size_t nh = 0;
	int rc, shown_query = 0;

	memset(&pl, 0, sizeof pl);
	rc = search_prepare(o, vars, &db, &pl);
	if (rc != 0)
		goto out;
	rc = CFS_EXIT_ERROR;
	cfs_query_opts q = pl.plan.q;
	q.offset = 0;
	/* quoted words: the passages held as written may stand lower in the
	 * match (exact.c): read whole groups of the hits that compete */
	query_quotes(pl.query, &nquotes);
	int exact_groups = nquotes && !o->sort_date && !o->rank_plain;
	if (exact_groups)
		fetch = (fetch + SEARCH_EXACT_GROUP - 1) / SEARCH_EXACT_GROUP * SEARCH_EXACT_GROUP;
	q.k1 = o->k1;
	q.b = o->b;
	q.per_article = o->per_article;
	q.values = 1u << CFS_SLOT_ARTICLE;   /* the rest is in the data */
	q.flags = (o->debug ? CFS_Q_DEBUG : 0) | (o->sort_date ? CFS_Q_SORT_DATE : 0) |
		  (o->sort_oldest ? CFS_Q_SORT_OLDEST : 0) | (o->files ? 0 : CFS_Q_COUNT_ARTICLES);
	if (o->files)
		q.per_article = 1;   /* one hit an article */
	if (o->statements) {   /* quotes, speakers: passages with statements */
		q.filter = statements_filter(pl.query, q.filter);
		q.per_article = o->statements == 2 ? 0 : q.per_article;
		fetch = o->statements == 2 ? SEARCH_MAX_FETCH : fetch * 2;
	}
	if (o->timeline) {
		struct timeline_opts to = { o->timeline_by, o->json, o->width, o->pager,
					    o->pager_cmd };
		rc = timeline_run(&to, db, &q);
		goto out;
	}
	if (o->count && o->debug) {
		/* the query, as a search would show it */
		int reported;
		q.limit = 1;
		if (search_try(o, &db, &q, &m, &desc, &reported) == CFS_OK && desc)
			fprintf(stderr, "cfsearch: query: %s\n", desc);
		cfs_mset_free(m);
		m = NULL;
		if (db == NULL)
			goto out;
	}
	if (o->count) {
		int r = search_totals(stdout, o, db, &q, 0);
		rc = r < 0 ? CFS_EXIT_ERROR : r > 0 ? CFS_EXIT_OK : CFS_EXIT_NOMATCH;
		suggest_print(db, pl.unknown, pl.nunknown, o->debug);
		goto out;
	}
	for (;;) {
		q.limit = fetch;
		int reported;
		st = search_try(o, &db, &q, &m, &desc, &reported);
		if (o->debug && desc && !shown_query) {
			fprintf(stderr, "cfsearch: query: %s\n", desc);
			shown_query = 1;   /* not again when more hits are fetched */
		}
		if (st != CFS_OK) {
			if (!reported && db != NULL &&
			    !search_log_damage(st, cfs_rdb_errmsg(db), SEARCH_RETRIES + 1))
				log_error("search failed: %s", cfs_rdb_errmsg(db));
			goto out;
		}
		hits = search_hits(m, o, &pl, vars, &nh);
		if (o->no_dedup || o->files || cfs_mset_size(m) < fetch ||
		    fetch >= SEARCH_MAX_FETCH)
			break;
		size_t kept = 0;
		for (size_t i = 0; i < nh; i++)
			kept += hits[i].dup_of < 0;
		if (kept >= want)
			break;
		/* folding left too few: fetch more */
		search_hits_free(hits, nh);
		hits = NULL;
		nh = 0;
		cfs_mset_free(m);
		m = NULL;
		fetch = fetch < (SEARCH_MAX_FETCH - 20) / 4 ? fetch * 4 + 20 : SEARCH_MAX_FETCH;
		if (exact_groups)
			fetch = (fetch + SEARCH_EXACT_GROUP - 1) / SEARCH_EXACT_GROUP *
				SEARCH_EXACT_GROUP;
	}
	if (o->statements) {
		rc = search_statements(o, hits, nh);
		goto out;
	}
	if (o->json)
		search_hits_fields(db, hits, nh);
	FILE *f = pager_start(o->pager && !o->json && !o->vimgrep && !o->files, o->pager_cmd);
	int any_all = 0, counted = 0;
	unsigned shown = search_print(f, o, hits, nh, &pl.plan, &any_all);
	if (o->totals && shown > 0)
		counted = search_totals(f, o, db, &q, shown);
	int failed = ferror(f);
	pager_end(f);
	if (shown > 0 && !any_all && pl.plan.nparts >= 2 && o->offset == 0 &&
	    isatty(STDERR_FILENO))
		log_warn("no passage has all of: %s; showing passages with some of them",
			 pl.plan.parts);
	suggest_print(db, pl.unknown, pl.nunknown, o->debug);
	rc = counted < 0 ? CFS_EXIT_ERROR : shown > 0 ? CFS_EXIT_OK : CFS_EXIT_NOMATCH;
	if (failed && f == stdout) {
		log_error("writing the results: %s", strerror(errno));
		rc = CFS_EXIT_ERROR;
	}
out:
	search_hits_free(hits, nh);
	free(desc);
	cfs_mset_free(m);
	cfs_rdb_close(db);
	plan_query_free(&pl);
	variants_free(vars);
	return rc;
}
