/* search.c: run a query, fold duplicates, print the hits. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cfsearch.h"

#define SEARCH_RETRIES 5
#define SEARCH_OPEN_TRIES 3      /* opening again when the index moved or changed */
/* the most candidates fetched to make up a page after folding */
#define SEARCH_MAX_FETCH 2000
#define DEDUP_SHINGLE 3          /* words per shingle */
#define DEDUP_JACCARD 0.6        /* this much shingle overlap: the same passage */

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

/* ---- near-duplicate folding ----
 * Two passages are the same when their exact-duplicate keys (a hash of their
 * lowercased words, punctuation ignored) are equal, when the sets of their
 * word 3-grams overlap by at least DEDUP_JACCARD (Jaccard), or when they
 * quote the same words: a quotation of DEDUP_QUOTE_WORDS words or more in
 * one whose 3-grams overlap a quotation in the other by DEDUP_JACCARD.  The
 * first (best ranked) stands for the group; the others are listed as "also
 * in". */
#define DEDUP_QUOTE_WORDS 8
struct shingles {
	uint64_t *h;
	size_t n;
};

static int
search_u64cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t
search_shingles(const char *text, size_t len, struct shingles *s)
{
	uint64_t words[DEDUP_SHINGLE];
	size_t nw = 0, cap = 0;
	size_t i = 0;

	s->h = NULL;
	s->n = 0;
	while (i < len) {
		while (i < len && !((unsigned char)text[i] >= 0x80 ||
				    (text[i] >= 'a' && text[i] <= 'z') ||
				    (text[i] >= 'A' && text[i] <= 'Z') ||
				    (text[i] >= '0' && text[i] <= '9')))
			i++;
		if (i >= len)
			break;
		uint64_t h = 0xcbf29ce484222325ULL;
		while (i < len && ((unsigned char)text[i] >= 0x80 ||
				   (text[i] >= 'a' && text[i] <= 'z') ||
				   (text[i] >= 'A' && text[i] <= 'Z') ||
				   (text[i] >= '0' && text[i] <= '9'))) {
			unsigned char c = (unsigned char)text[i++];
			if (c >= 'A' && c <= 'Z')
				c += 32;
			/* curly quotes inside words (U+2019) are not letters */
			h = (h ^ c) * 0x100000001b3ULL;
		}
		memmove(words, words + 1, sizeof words - sizeof words[0]);
		words[DEDUP_SHINGLE - 1] = h;
		if (++nw < DEDUP_SHINGLE)
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			s->h = xrealloc(s->h, cap * sizeof *s->h);
		}
		s->h[s->n++] = hash64(words, sizeof words, 3);
	}
	if (s->n == 0 && nw > 0) {   /* a passage shorter than one shingle */
		s->h = xmalloc(sizeof *s->h);
		s->h[0] = hash64(words + DEDUP_SHINGLE - nw, nw * sizeof words[0], 3);
		s->n = 1;
	}
	if (s->n > 1)
		qsort(s->h, s->n, sizeof *s->h, search_u64cmp);
	/* unique */
	size_t u = 0;
	for (size_t k = 0; k < s->n; k++)
		if (u == 0 || s->h[u - 1] != s->h[k])
			s->h[u++] = s->h[k];
	s->n = u;
	return nw;
}

/* Is s[i] the start of a quotation mark?  Returns its length, or 0. */
static size_t
search_quote_mark(const char *s, size_t len, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;
	if (p[0] == '"')
		return 1;
	if (len - i >= 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x9c || p[2] == 0x9d))
		return 3;   /* U+201C, U+201D */
	if (len - i >= 2 && p[0] == 0xc2 && (p[1] == 0xab || p[1] == 0xbb))
		return 2;   /* guillemets */
	return 0;
}

/* The shingles of each long quotation in text. */
static struct shingles *
search_quotes(const char *text, size_t len, size_t *n)
{
	struct shingles *q = NULL;
	size_t i = 0, start = 0;
	int open = 0;
	*n = 0;
	while (i < len) {
		size_t m = search_quote_mark(text, len, i);
		if (m == 0) {
			i++;
			continue;
		}
		if (!open) {
			open = 1;
			start = i + m;
		} else {
			struct shingles sh;
			open = 0;
			if (search_shingles(text + start, i - start, &sh) >= DEDUP_QUOTE_WORDS) {
				q = xrealloc(q, (*n + 1) * sizeof *q);
				q[(*n)++] = sh;
			} else {
				free(sh.h);
			}
		}
		i += m;
	}
	return q;
}

static double
search_jaccard(const struct shingles *a, const struct shingles *b)
{
	size_t i = 0, j = 0, common = 0;
	if (a->n == 0 || b->n == 0)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->h[i] == b->h[j])
			common++, i++, j++;
		else if (a->h[i] < b->h[j])
			i++;
		else
			j++;
	}
	return (double)common / (double)(a->n + b->n - common);
}

struct hit {
	double score;
	struct docdata d;
	char *store;
	char dupkey[17];
	char article[17];
	struct shingles sh;
	struct shingles *quotes;
	size_t nquotes;
	int dup_of;                 /* index of the hit standing for it, or -1 */
	const struct docdata **also;
	size_t nalso;
};

static int
search_same_article_listed(const struct hit *rep, const struct hit *h, const struct hit *hits)
{
	(void)hits;
	if (strcmp(rep->article, h->article) == 0)
		return 1;
	for (size_t k = 0; k < rep->nalso; k++)
		if (strcmp(rep->also[k]->path, h->d.path) == 0)
			return 1;
	return 0;
}

static int
search_same_quote(const struct hit *a, const struct hit *b)
{
	for (size_t i = 0; i < a->nquotes; i++)
		for (size_t j = 0; j < b->nquotes; j++)
			if (search_jaccard(&a->quotes[i], &b->quotes[j]) >= DEDUP_JACCARD)
				return 1;
	return 0;
}

static void
search_fold(struct hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		hits[i].dup_of = -1;
		for (size_t j = 0; j < i; j++) {
			struct hit *rep = &hits[j];
			if (rep->dup_of >= 0)
				continue;
			if (strcmp(rep->article, hits[i].article) == 0)
				continue;   /* the overlap of split passages is not a copy */
			if ((rep->dupkey[0] && strcmp(rep->dupkey, hits[i].dupkey) == 0) ||
			    search_jaccard(&rep->sh, &hits[i].sh) >= DEDUP_JACCARD ||
			    search_same_quote(rep, &hits[i])) {
				hits[i].dup_of = (int)j;
				if (!search_same_article_listed(rep, &hits[i], hits)) {
					rep->also = xrealloc(rep->also, (rep->nalso + 1) *
							     sizeof *rep->also);
					rep->also[rep->nalso++] = &hits[i].d;
				}
				break;
			}
		}
	}
}

/* ---- "did you mean" ---- */

static unsigned
search_distance(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
	unsigned row[64], prev, tmp;
	if (la >= 63 || lb >= 63)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned)i;
		unsigned best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			tmp = row[j];
			unsigned sub = prev + (a[i - 1] != b[j - 1]);
			unsigned del = row[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}

struct suggest {
	const char *word;
	size_t len;
	unsigned max, best;
	uint64_t bestfreq;
	char *term;
};

static int
search_suggest_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
	struct suggest *s = ctx;
	unsigned d = search_distance(s->word, s->len, term, len, s->max);
	if (d <= s->max && d > 0 && (d < s->best || (d == s->best && freq > s->bestfreq))) {
		free(s->term);
		s->term = xstrndup(term, len);
		s->best = d;
		s->bestfreq = freq;
	}
	return 0;
}

/* The closest indexed word to an unknown one, or NULL.  Schema 2 indexes
 * stems: the word's stem is compared with them, and the closest one is
 * shown as a word of a passage that holds it. */
static char *
search_suggest(cfs_rdb *db, const char *word, int schema)
{
	char *stem = NULL, *shown = NULL;
	if (schema >= 2) {
		if (cfs_stem(word, strlen(word), &stem) != CFS_OK) {
			free(stem);
			return NULL;
		}
		word = stem;
	}
	size_t len = strlen(word);
	char prefix[2] = { word[0], 0 };
	struct suggest s = { word, len, len <= 4 ? 1 : 2, 99, 0, NULL };
	if (len < 3 || (unsigned char)word[0] < 'a' || (unsigned char)word[0] > 'z' ||
	    cfs_rdb_each_term(db, prefix, search_suggest_term, &s) != CFS_OK) {
		free(s.term);
		free(stem);
		return NULL;
	}
	free(stem);
	if (schema < 2 || s.term == NULL)
		return s.term;
	if (cfs_rdb_word_for_stem(db, s.term, &shown) != CFS_OK || *shown == '\0') {
		free(shown);
		shown = NULL;
	}
	free(s.term);
	return shown;
}

/* ---- running it ---- */

/* Report a damaged index (corrupt, or "modified" after every retry: a
 * table naming revisions it does not hold) with how to rebuild it.
 * Returns 0 when st is neither. */
static int
search_log_damage(cfs_status st, const char *msg, int tries)
{
	if (st == CFS_ERR_CORRUPT)
		log_error("%s; the index is damaged: rebuild it with 'cfsearch index --rebuild'",
			  msg);
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
search_open(const struct search_opts *o, int partial, cfs_rdb **db, int report)
{
	char **paths = xcalloc(o->ndbs, sizeof *paths);
	char *skipped = NULL, *err = NULL;
	cfs_status st;

	for (size_t i = 0; i < o->ndbs; i++)
		paths[i] = search_db_path(o->dbs[i]);
	for (int tries = 0;; tries++) {
		st = cfs_rdb_open((const char *const *)paths, o->ndbs, o->timeout_ms, partial, db,
				  &skipped, &err);
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
		if (st == CFS_ERR_NOT_FOUND && o->ndbs == 1)
			log_error("%s: no index here (run: cfsearch index PATH, or give --db)",
				  o->dbs[0]);
		else if (st == CFS_ERR_NETWORK)
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
static struct hit *
search_hits(cfs_mset *m, const struct search_opts *o, size_t *nh)
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
		const char *v = cfs_mset_value(m, i, CFS_SLOT_ARTICLE, &vlen);
		snprintf(h->article, sizeof h->article, "%.*s", (int)(vlen < 16 ? vlen : 16), v);
		if (!o->no_dedup) {
			/* from the text (the value slot would cost a lookup);
			 * a passage without words has none */
			uint64_t dk = docdata_dupkey(h->d.text, h->d.text_len);
			if (dk)
				hex64(dk, h->dupkey);
			search_shingles(h->d.text, h->d.text_len, &h->sh);
			h->quotes = search_quotes(h->d.text, h->d.text_len, &h->nquotes);
		}
		(*nh)++;
	}
	if (!o->no_dedup)
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
		free(hits[i].sh.h);
		for (size_t k = 0; k < hits[i].nquotes; k++)
			free(hits[i].quotes[k].h);
		free(hits[i].quotes);
		free(hits[i].also);
	}
	free(hits);
}

int
search_run(const struct search_opts *o)
{
	cfs_rdb *db = NULL;
	cfs_mset *m = NULL;
	struct variants *vars = NULL;
	char *desc = NULL;
	cfs_status st;
	int rc = CFS_EXIT_ERROR;
	unsigned want = o->offset + o->limit;
	/* Folding needs more candidates than hits shown; the fewer fetched,
	 * the sooner Xapian stops (for a page of 10, fetching 50 instead of
	 * 20 cost about 9 ms at 100,000 articles).  So fetch half a page more
	 * than shown, and more only when folding leaves too few. */
	unsigned fetch = o->no_dedup ? want : want + want / 2 + 5;
	struct hit *hits = NULL;
	size_t nh = 0;
	int shown_query = 0;

	if (!o->no_variants) {
		const char *vpaths[2];
		size_t nv = 0;
		char *user = NULL;
		const char *env = getenv("CFSEARCH_VARIANTS");
		const char *xdg = getenv("XDG_CONFIG_HOME");
		const char *home = getenv("HOME");
		if (xdg && *xdg)
			user = xasprintf("%s/cfsearch/variants.txt", xdg);
		else if (home && *home)
			user = xasprintf("%s/.config/cfsearch/variants.txt", home);
		if (user)
			vpaths[nv++] = user;
		if (env && *env)
			vpaths[nv++] = env;
		vars = variants_load(vpaths, nv);
		free(user);
	}

	cfs_query_opts q;
	memset(&q, 0, sizeof q);
	q.query = o->query;
	q.offset = 0;
	q.limit = fetch;
	q.k1 = o->k1;
	q.b = o->b;
	q.title_weight = o->title_weight;
	q.per_article = o->per_article;
	q.since = o->since;
	q.until = o->until;
	q.wildcard_limit = 100;
	q.values = 1u << CFS_SLOT_ARTICLE;   /* the rest is in the data */
	q.flags = (o->debug ? CFS_Q_DEBUG : 0) | (o->sort_date ? CFS_Q_SORT_DATE : 0) |
	    o->qflags;
	q.variants = vars ? variants_lookup : NULL;
	q.variants_ctx = vars;

	st = search_open(o, o->partial, &db, 1);
	if (st != CFS_OK)
		goto out;
again:
	q.limit = fetch;
	for (int attempt = 0;; attempt++) {
		free(desc);
		desc = NULL;
		st = cfs_search(db, &q, &m, o->debug ? &desc : NULL);
		if (st == CFS_ERR_NETWORK && attempt == 0) {
			/* a remote database went away or is too slow: find out which
			 * (opening again leaves out the ones that do not answer) */
			log_error("%s", cfs_rdb_errmsg(db));
			cfs_rdb_close(db);
			db = NULL;
			st = search_open(o, 1, &db, 1);
			if (st != CFS_OK || !o->partial) {
				if (!o->partial)
					log_error("search failed: a remote database did not answer "
						  "(with --partial, the others would)");
				st = CFS_ERR_NETWORK;
				goto out;
			}
			continue;
		}
		if (st != CFS_ERR_MODIFIED || attempt >= SEARCH_RETRIES)
			break;
		/* the indexer committed meanwhile: reopen and try again */
		if (cfs_rdb_reopen(db) != CFS_OK) {
			cfs_rdb_close(db);
			db = NULL;
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			if (search_open(o, o->partial, &db, attempt + 1 >= SEARCH_RETRIES) != CFS_OK)
				goto out;
		}
	}
	if (o->debug && desc && !shown_query) {
		fprintf(stderr, "cfsearch: query: %s\n", desc);
		shown_query = 1;   /* not again when more hits are fetched */
	}
	if (st != CFS_OK) {
		if (st == CFS_ERR_QUERY)
			log_error("bad query: %s", cfs_rdb_errmsg(db));
		else if (!search_log_damage(st, cfs_rdb_errmsg(db), SEARCH_RETRIES + 1))
			log_error("search failed: %s", cfs_rdb_errmsg(db));
		goto out;
	}

	hits = search_hits(m, o, &nh);
	if (!o->no_dedup && cfs_mset_size(m) == fetch && fetch < SEARCH_MAX_FETCH) {
		size_t kept = 0;
		for (size_t i = 0; i < nh; i++)
			kept += hits[i].dup_of < 0;
		if (kept < want) {
			/* folding left too few: fetch more */
			search_hits_free(hits, nh);
			hits = NULL;
			nh = 0;
			cfs_mset_free(m);
			m = NULL;
			fetch = fetch < (SEARCH_MAX_FETCH - 20) / 4 ? fetch * 4 + 20 : SEARCH_MAX_FETCH;
			goto again;
		}
	}

	struct highlighter *hl = output_highlighter_new(cfs_mset_words(m));
	unsigned rank = 0, shown = 0;
	for (size_t i = 0; i < nh && shown < o->limit; i++) {
		if (hits[i].dup_of >= 0)
			continue;
		if (rank++ < o->offset)
			continue;
		struct output_hit oh = { rank, hits[i].score, &hits[i].d, hits[i].also,
					 hits[i].nalso };
		if (o->json)
			output_hit_json(stdout, &oh, hl);
		else
			output_hit_text(stdout, &oh, hl, o->color);
		shown++;
	}
	output_highlighter_free(hl);
	fflush(stdout);

	/* words the index does not have: offer the closest ones it has */
	const char *const *unknown = cfs_mset_unknown_words(m);
	int schema = cfs_rdb_schema(db);
	for (size_t i = 0; unknown && unknown[i]; i++) {
		char *s = search_suggest(db, unknown[i], schema);
		if (s)
			log_warn("\"%s\" is not in the index; did you mean \"%s\"?", unknown[i], s);
		else if (o->debug)
			log_warn("\"%s\" is not in the index", unknown[i]);
		free(s);
	}

	rc = shown > 0 ? CFS_EXIT_OK : CFS_EXIT_NOMATCH;
	if (ferror(stdout)) {
		log_error("writing the results: %s", strerror(errno));
		rc = CFS_EXIT_ERROR;
	}
out:
	search_hits_free(hits, nh);
	free(desc);
	cfs_mset_free(m);
	cfs_rdb_close(db);
	variants_free(vars);
	return rc;
}
