/*
 * fold.c: near-duplicate passages folded together, in time proportional
 * to the hits.
 *
 * Two passages of different articles are the same when their words
 * (src/words.c's, so case and punctuation do not count) are the same,
 * when the sets of their word 3-grams overlap by at least FOLD_JACCARD
 * (Jaccard), or when they quote the same words: a quotation of
 * FOLD_QUOTE_WORDS words or more in one whose 3-grams overlap a quotation
 * in the other by FOLD_JACCARD.  Hits come in rank order; a hit folds into
 * the best ranked earlier one it is the same as.
 *
 * Comparing each hit with every earlier one is quadratic in the hits
 * (-n 5000 over Reuters: 5.8 s).  Instead each set is indexed by its
 * prefix: its smallest hashes, |S| - ceil(FOLD_JACCARD * |S|) + 1 of them.
 * Two sets whose Jaccard resemblance reaches FOLD_JACCARD share a hash of
 * their prefixes (prefix filtering, as in set-similarity joins), so only
 * the hits sharing one are compared, and no pair is missed.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

#define FOLD_SHINGLE 3          /* words per shingle */
#define FOLD_JACCARD 0.6        /* this much shingle overlap: the same passage */
#define FOLD_QUOTE_WORDS 8      /* a quotation this long can make two the same */

struct fold_set {
	uint64_t *h;     /* sorted, unique */
	size_t n;
};

/* One representative hit: what it is compared by. */
struct fold_rep {
	size_t hit;                 /* its number among the hits added */
	uint64_t key;               /* fold_exact_key (0: no words) */
	char article[17];
	struct fold_set sh;
	struct fold_set *quotes;
	size_t nquotes;
};

/* A multimap of 64-bit keys to representatives (chained). */
struct fold_map {
	struct fold_entry { uint64_t key; size_t rep; size_t next; } *e;
	size_t n, cap;
	size_t *heads;      /* bucket -> entry + 1 (0: none) */
	size_t nbuckets;
};

struct fold {
	struct fold_rep *reps;
	size_t nreps, nhits;
	struct fold_map exact;      /* the words' hash */
	struct fold_map shingles;   /* prefix hashes of the shingles */
	struct fold_map quotes;     /* prefix hashes of the quotations */
	struct words words;
	size_t *cand;               /* candidates of the hit being added */
	size_t ncand, capcand;
};

static void
fold_map_grow(struct fold_map *m)
{
	size_t nb = m->nbuckets ? m->nbuckets * 2 : 256;
	free(m->heads);
	m->heads = xcalloc(nb, sizeof *m->heads);
	m->nbuckets = nb;
	for (size_t i = 0; i < m->n; i++) {
		size_t b = (size_t)(m->e[i].key & (nb - 1));
		m->e[i].next = m->heads[b];
		m->heads[b] = i + 1;
	}
}

static void
fold_map_add(struct fold_map *m, uint64_t key, size_t rep)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->e = xrealloc(m->e, m->cap * sizeof *m->e);
	}
	if (m->n + 1 > m->nbuckets)
		fold_map_grow(m);
	size_t b = (size_t)(key & (m->nbuckets - 1));
	m->e[m->n] = (struct fold_entry){ key, rep, m->heads[b] };
	m->heads[b] = ++m->n;
}

static void
fold_map_free(struct fold_map *m)
{
	free(m->e);
	free(m->heads);
}

/* Add the representatives that key maps to, to the candidates. */
static void
fold_candidates(struct fold *f, const struct fold_map *m, uint64_t key)
{
	if (m->nbuckets == 0)
		return;
	for (size_t i = m->heads[key & (m->nbuckets - 1)]; i; i = m->e[i - 1].next) {
		if (m->e[i - 1].key != key)
			continue;
		if (f->ncand == f->capcand) {
			f->capcand = f->capcand ? f->capcand * 2 : 64;
			f->cand = xrealloc(f->cand, f->capcand * sizeof *f->cand);
		}
		f->cand[f->ncand++] = m->e[i - 1].rep;
	}
}

static int
fold_u64cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int
fold_sizecmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The shingles of text into s; returns the number of words. */
static size_t
fold_shingles(struct words *w, const char *text, size_t len, struct fold_set *s)
{
	uint64_t win[FOLD_SHINGLE];
	size_t nw = 0, cap = 0;
	struct word x;

	s->h = NULL;
	s->n = 0;
	words_reset(w, text, len);
	while (words_next(w, &x)) {
		memmove(win, win + 1, sizeof win - sizeof win[0]);
		win[FOLD_SHINGLE - 1] = hash64(x.term, x.len, 0);
		if (++nw < FOLD_SHINGLE)
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			s->h = xrealloc(s->h, cap * sizeof *s->h);
		}
		s->h[s->n++] = hash64(win, sizeof win, 3);
	}
	if (s->n == 0 && nw > 0) {   /* shorter than one shingle */
		s->h = xmalloc(sizeof *s->h);
		s->h[0] = hash64(win + FOLD_SHINGLE - nw, nw * sizeof win[0], 3);
		s->n = 1;
	}
	if (s->n > 1)
		qsort(s->h, s->n, sizeof *s->h, fold_u64cmp);
	size_t u = 0;
	for (size_t k = 0; k < s->n; k++)
		if (u == 0 || s->h[u - 1] != s->h[k])
			s->h[u++] = s->h[k];
	s->n = u;
	return nw;
}

/* How many of a set's smallest hashes index it. */
static size_t
fold_prefix(const struct fold_set *s)
{
	size_t need = (size_t)ceil(FOLD_JACCARD * (double)s->n - 1e-9);
	return s->n - need + 1 < s->n ? s->n - need + 1 : s->n;
}

static double
fold_jaccard(const struct fold_set *a, const struct fold_set *b)
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

/* Is s[i] the start of a quotation mark?  Returns its length, or 0. */
static size_t
fold_quote_mark(const char *s, size_t len, size_t i)
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
static struct fold_set *
fold_quotes(struct words *w, const char *text, size_t len, size_t *n)
{
	struct fold_set *q = NULL;
	size_t i = 0, start = 0;
	int open = 0;
	*n = 0;
	while (i < len) {
		size_t m = fold_quote_mark(text, len, i);
		if (m == 0) {
			i++;
			continue;
		}
		if (!open) {
			open = 1;
			start = i + m;
		} else {
			struct fold_set sh;
			open = 0;
			if (fold_shingles(w, text + start, i - start, &sh) >= FOLD_QUOTE_WORDS) {
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

uint64_t
fold_exact_key(struct words *w, const char *text, size_t len)
{
	struct word x;
	uint64_t h = 0;
	int any = 0;
	words_reset(w, text, len);
	while (words_next(w, &x)) {
		/* the words in order, a space between */
		h = hash64(x.term, x.len, h ^ 0x9e3779b97f4a7c15ULL);
		any = 1;
	}
	return any ? (h ? h : 1) : 0;
}

struct fold *
fold_new(void)
{
	struct fold *f = xcalloc(1, sizeof *f);
	words_init(&f->words, "", 0);
	return f;
}

void
fold_free(struct fold *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nreps; i++) {
		free(f->reps[i].sh.h);
		for (size_t k = 0; k < f->reps[i].nquotes; k++)
			free(f->reps[i].quotes[k].h);
		free(f->reps[i].quotes);
	}
	free(f->reps);
	fold_map_free(&f->exact);
	fold_map_free(&f->shingles);
	fold_map_free(&f->quotes);
	words_free(&f->words);
	free(f->cand);
	free(f);
}

/* Is r the same passage as the one of (key, sh, q)? */
static int
fold_same(const struct fold_rep *r, uint64_t key, const struct fold_set *sh,
	  const struct fold_set *q, size_t nq)
{
	if (key && key == r->key)
		return 1;
	if (fold_jaccard(&r->sh, sh) >= FOLD_JACCARD)
		return 1;
	for (size_t i = 0; i < r->nquotes; i++)
		for (size_t j = 0; j < nq; j++)
			if (fold_jaccard(&r->quotes[i], &q[j]) >= FOLD_JACCARD)
				return 1;
	return 0;
}

long
fold_add(struct fold *f, const char *text, size_t len, const char *article)
{
	struct fold_set sh, *q;
	size_t nq;
	uint64_t key = fold_exact_key(&f->words, text, len);
	long found = -1;

	fold_shingles(&f->words, text, len, &sh);
	q = fold_quotes(&f->words, text, len, &nq);
	/* the candidates: representatives sharing the exact key or a prefix
	 * hash, best ranked first */
	f->ncand = 0;
	if (key)
		fold_candidates(f, &f->exact, key);
	for (size_t i = 0; i < fold_prefix(&sh); i++)
		fold_candidates(f, &f->shingles, sh.h[i]);
	for (size_t j = 0; j < nq; j++)
		for (size_t i = 0; i < fold_prefix(&q[j]); i++)
			fold_candidates(f, &f->quotes, q[j].h[i]);
	if (f->ncand > 1)
		qsort(f->cand, f->ncand, sizeof *f->cand, fold_sizecmp);
	for (size_t c = 0; c < f->ncand && found < 0; c++) {
		if (c > 0 && f->cand[c] == f->cand[c - 1])
			continue;
		const struct fold_rep *r = &f->reps[f->cand[c]];
		/* the overlap of split passages of one article is no copy */
		if (strcmp(r->article, article) == 0)
			continue;
		if (fold_same(r, key, &sh, q, nq))
			found = (long)r->hit;
	}
	size_t hit = f->nhits++;
	if (found >= 0) {
		free(sh.h);
		for (size_t j = 0; j < nq; j++)
			free(q[j].h);
		free(q);
		return found;
	}
	/* a representative of its own */
	f->reps = xrealloc(f->reps, (f->nreps + 1) * sizeof *f->reps);
	struct fold_rep *r = &f->reps[f->nreps];
	r->hit = hit;
	r->key = key;
	snprintf(r->article, sizeof r->article, "%s", article);
	r->sh = sh;
	r->quotes = q;
	r->nquotes = nq;
	if (key)
		fold_map_add(&f->exact, key, f->nreps);
	for (size_t i = 0; i < fold_prefix(&sh); i++)
		fold_map_add(&f->shingles, sh.h[i], f->nreps);
	for (size_t j = 0; j < nq; j++)
		for (size_t i = 0; i < fold_prefix(&q[j]); i++)
			fold_map_add(&f->quotes, q[j].h[i], f->nreps);
	f->nreps++;
	return -1;
}
