/*
 * expand.c: a parsed query made ready to run: name variants (Zelensky,
 * Zelenskyy, ...) become alternatives of each word, inside phrases too,
 * and a trailing * becomes the index terms it stands for.  Both are done
 * here, over all the databases at once, rather than by each remote shard:
 * the same terms, and so the same scores, as over a single index.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

#define EXPAND_MAX_COMBINATIONS 32   /* phrases made of multi-word variants */
#define EXPAND_UNIT_MAX 4            /* words of a multi-word name ("al assad") */

/* May the words of this field have variants (the text, titles, sources,
 * speakers)? */
static int
expand_variant_field(const char *prefix)
{
	return prefix[0] == '\0' || strcmp(prefix, CFS_PREFIX_TITLE) == 0 ||
	    strcmp(prefix, CFS_PREFIX_SOURCE) == 0 || strcmp(prefix, CFS_PREFIX_SPEAKER) == 0;
}

/* The variant group of w, w itself first (NULL-terminated in v, at most
 * max - 1); returns how many. */
static size_t
expand_group(const struct expand *e, const char *w, const char **v, size_t max)
{
	size_t n = 0;
	v[n++] = w;
	const char *const *g = e->variants ? variants_lookup(e->variants, w) : NULL;
	for (; g && *g && n + 1 < max; g++) {
		size_t k;
		for (k = 0; k < n && strcmp(v[k], *g) != 0; k++)
			;
		if (k == n)
			v[n++] = *g;
	}
	v[n] = NULL;
	return n;
}

/* The words of a variant spelling as TERM nodes; returns how many. */
static size_t
expand_words(struct query *q, const char *prefix, const char *s, cfs_qnode ***out)
{
	struct words w;
	struct word x;
	size_t n = 0;
	cfs_qnode **v = query_alloc(q, (strlen(s) + 1) * sizeof *v);

	words_init(&w, s, strlen(s));
	while (words_next(&w, &x))
		v[n++] = query_term(q, prefix, x.term, x.len);
	words_free(&w);
	*out = v;
	return n;
}

static size_t
expand_count_words(const char *s)
{
	struct words w;
	struct word x;
	size_t n = 0;
	words_init(&w, s, strlen(s));
	while (words_next(&w, &x))
		n++;
	words_free(&w);
	return n;
}

/* A word with its variants: an OR of the spellings (a multi-word one as a
 * phrase; in a phrase or NEAR, single words only), or the word alone. */
static cfs_qnode *
expand_term(struct query *q, const struct expand *e, cfs_qnode *t, int singles)
{
	const char *g[64];
	size_t ng, nalt = 0;
	cfs_qnode *alt[64];

	if (t->stemmed || !expand_variant_field(t->prefix))
		return t;
	ng = expand_group(e, t->word, g, 64);
	alt[nalt++] = t;
	for (size_t i = 1; i < ng; i++) {
		cfs_qnode **v;
		size_t n = expand_words(q, t->prefix, g[i], &v);
		if (n == 0 || (singles && n > 1))
			continue;
		cfs_qnode *a = n == 1 ? v[0] : query_join(q, CFS_QN_PHRASE, v, n);
		if (n > 1)
			a->window = (unsigned)n;
		/* the same words twice ("Zelensky" and "zelensky") count once */
		size_t k;
		for (k = 0; k < nalt; k++)
			if (n == 1 && alt[k]->op == CFS_QN_TERM && strcmp(alt[k]->word, v[0]->word) == 0)
				break;
		if (k == nalt && nalt < 64)
			alt[nalt++] = a;
	}
	return nalt == 1 ? t : query_join(q, CFS_QN_OR, alt, nalt);
}

/* A run of 2 to EXPAND_UNIT_MAX words of a phrase that has a variant group
 * of its own ("al assad", typed "al-assad" or quoted): its length, and its
 * group in g; 1 when the word at i stands alone. */
static size_t
expand_unit(const struct expand *e, cfs_qnode *const *kids, size_t n, size_t i, const char **g,
	    size_t *ng, struct buf *hy, struct buf *sp)
{
	size_t max = n - i < EXPAND_UNIT_MAX ? n - i : EXPAND_UNIT_MAX;
	for (size_t l = max; l >= 2; l--) {
		buf_reset(hy);
		buf_reset(sp);
		for (size_t k = 0; k < l; k++) {
			buf_printf(hy, "%s%s", k ? "-" : "", kids[i + k]->word);
			buf_printf(sp, "%s%s", k ? " " : "", kids[i + k]->word);
		}
		*ng = expand_group(e, hy->s, g, 64);
		if (*ng <= 1)
			*ng = expand_group(e, sp->s, g, 64);
		if (*ng > 1) {
			g[0] = sp->s;
			return l;
		}
	}
	*ng = expand_group(e, kids[i]->word, g, 64);
	return 1;
}

struct expand_unit {
	size_t len;              /* words of the phrase it covers */
	char **spell;            /* its spellings, the first as typed */
	size_t nspell;
};

/* One phrase (or NEAR) per combination of the units' spellings, ORed. */
static cfs_qnode *
expand_combinations(struct query *q, const cfs_qnode *ph, const struct expand_unit *u,
		    size_t nu, size_t combos)
{
	cfs_qnode **alts = query_alloc(q, combos * sizeof *alts);
	size_t *idx = xcalloc(nu, sizeof *idx), na = 0;
	const char *prefix = ph->kids[0]->prefix;
	for (;;) {
		cfs_qnode **words = NULL;
		size_t nw = 0;
		for (size_t k = 0; k < nu; k++) {
			cfs_qnode **v;
			size_t n = expand_words(q, prefix, u[k].spell[idx[k]], &v);
			cfs_qnode **nv = query_alloc(q, (nw + n + 1) * sizeof *nv);
			if (nw)
				memcpy(nv, words, nw * sizeof *nv);
			memcpy(nv + nw, v, n * sizeof *v);
			words = nv;
			nw += n;
		}
		cfs_qnode *a = words[0];
		if (nw > 1) {
			a = query_join(q, ph->op, words, nw);
			a->window = (unsigned)nw;
			if (ph->op == CFS_QN_NEAR && ph->window > ph->nkids)
				a->window += ph->window - (unsigned)ph->nkids;
		}
		alts[na++] = a;
		size_t k = 0;
		while (k < nu && ++idx[k] == u[k].nspell)
			idx[k++] = 0;
		if (k == nu)
			break;
	}
	free(idx);
	return query_join(q, CFS_QN_OR, alts, na);
}

/* A phrase or NEAR of plain words, with variants.  When every unit and
 * every variant is a single word, each word becomes an OR of its variants
 * under the phrase (Xapian 1.4 allows OR of terms there, not OR of
 * phrases).  Otherwise an OR of one phrase per combination of variants,
 * bounded by EXPAND_MAX_COMBINATIONS, beyond which multi-word variants are
 * dropped. */
static cfs_qnode *
expand_positional(struct query *q, const struct expand *e, cfs_qnode *ph)
{
	size_t n = ph->nkids, nu = 0, combos = 1;
	int multi = 0;
	struct buf hy, sp;

	for (size_t i = 0; i < n; i++) {
		cfs_qnode *k = ph->kids[i];
		if (k->op != CFS_QN_TERM || k->stemmed || !expand_variant_field(k->prefix) ||
		    strcmp(k->prefix, ph->kids[0]->prefix) != 0)
			return ph;
	}
	struct expand_unit *u = xcalloc(n, sizeof *u);
	buf_init(&hy);
	buf_init(&sp);
	for (size_t i = 0; i < n; nu++) {
		const char *g[64];
		size_t ng;
		size_t len = ph->op == CFS_QN_PHRASE ?
		    expand_unit(e, ph->kids, n, i, g, &ng, &hy, &sp) :
		    (ng = expand_group(e, ph->kids[i]->word, g, 64), 1);
		u[nu].len = len;
		u[nu].spell = query_alloc(q, ng * sizeof *u[nu].spell);
		for (size_t j = 0; j < ng; j++) {
			u[nu].spell[j] = query_strdup(q, g[j], strlen(g[j]));
			if (expand_count_words(g[j]) > 1)
				multi = 1;
		}
		u[nu].nspell = ng;
		i += len;
	}
	buf_free(&hy);
	buf_free(&sp);
	for (size_t k = 0; k < nu && combos <= EXPAND_MAX_COMBINATIONS; k++)
		combos *= u[k].nspell;
	cfs_qnode *r = ph;
	if (multi && combos <= EXPAND_MAX_COMBINATIONS) {
		r = expand_combinations(q, ph, u, nu, combos);
	} else {
		/* word by word, single-word variants only */
		int changed = 0;
		cfs_qnode *x = query_node(q, ph->op, n);
		x->window = ph->window;
		for (size_t k = 0, i = 0; k < nu; k++) {
			for (size_t j = 0; j < u[k].len; j++, i++) {
				x->kids[i] = u[k].len > 1 ? ph->kids[i] : expand_term(q, e, ph->kids[i], 1);
				changed |= x->kids[i] != ph->kids[i];
			}
		}
		if (changed)
			r = x;
	}
	free(u);
	return r;
}

/* ---- wildcards ---- */

struct expand_wild {
	const char *pat;        /* prefix + pattern */
	size_t patlen;
	const char *prefix;
	char **short_stems;     /* stems shorter than the pattern (prefixed) */
	size_t nshort;
	char **terms;
	uint64_t *freqs;
	size_t n;
};

static int
expand_wild_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
	struct expand_wild *w = ctx;
	int match = len >= w->patlen && memcmp(term, w->pat, w->patlen) == 0;
	for (size_t i = 0; !match && i < w->nshort; i++)
		match = strlen(w->short_stems[i]) == len && memcmp(w->short_stems[i], term, len) == 0;
	if (match) {
		w->terms = xrealloc(w->terms, (w->n + 1) * sizeof *w->terms);
		w->freqs = xrealloc(w->freqs, (w->n + 1) * sizeof *w->freqs);
		w->terms[w->n] = xstrndup(term, len);
		w->freqs[w->n++] = freq;
	}
	return 0;
}

static struct expand_wild *expand_sort_ctx;

static int
expand_wild_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct expand_wild *w = expand_sort_ctx;
	if (w->freqs[i] != w->freqs[j])
		return w->freqs[i] > w->freqs[j] ? -1 : 1;
	return strcmp(w->terms[i], w->terms[j]);
}

/* The index holds stems, so a wildcard typed as the start of a word
 * ("negotiat*", "presiden*") must also find stems shorter than it
 * ("negoti", "presid"): the stems of the pattern with one of these
 * endings ("market*" finds "market", never "mark"). */
static void
expand_short_stems(struct expand_wild *w, const char *pattern, struct buf *scan)
{
	static const char *const endings[] = {
		"", "e", "s", "t", "r", "y", "al", "ed", "er", "es", "ing", "ion",
		"ions", "ation", "ment", "ity", "ive", "ist", "ism", "ence", "ance", NULL
	};
	size_t plen = strlen(pattern), pre = strlen(w->prefix);
	for (int i = 0; endings[i]; i++) {
		char *word = xasprintf("%s%s", pattern, endings[i]), *st = NULL;
		if (cfs_stem(word, strlen(word), &st) == CFS_OK && st[0] && strlen(st) < plen) {
			char *t = xasprintf("%s%s", w->prefix, st);
			/* the scan starts where the pattern and the stem agree */
			size_t c = 0;
			while (c < scan->len && c < pre + strlen(st) && scan->s[c] == t[c])
				c++;
			scan->len = c;
			scan->s[c] = '\0';
			size_t k;
			for (k = 0; k < w->nshort && strcmp(w->short_stems[k], t) != 0; k++)
				;
			if (k == w->nshort) {
				w->short_stems = xrealloc(w->short_stems,
							  (w->nshort + 1) * sizeof *w->short_stems);
				w->short_stems[w->nshort++] = t;
			} else {
				free(t);
			}
		}
		free(st);
		free(word);
	}
}

/* The index terms a wildcard stands for: the most frequent first, at most
 * e->wildcard_limit; a SYNONYM of them (an OR in a phrase or NEAR), or
 * NOTHING. */
static cfs_qnode *
expand_wildcard(struct query *q, struct expand *e, cfs_qnode *wn, int positional)
{
	struct expand_wild w;
	struct buf scan;
	cfs_qnode *r;

	memset(&w, 0, sizeof w);
	w.prefix = wn->prefix;
	w.pat = query_strdup(q, "", 0);
	buf_init(&scan);
	buf_printf(&scan, "%s%s", wn->prefix, wn->word);
	w.pat = query_strdup(q, scan.s, scan.len);
	w.patlen = scan.len;
	expand_short_stems(&w, wn->word, &scan);
	if (cfs_rdb_each_term(e->db, scan.s, expand_wild_term, &w) != CFS_OK)
		e->failed = 1;
	buf_free(&scan);
	size_t lim = e->wildcard_limit ? e->wildcard_limit : 100;
	size_t *order = xmalloc((w.n + 1) * sizeof *order);
	for (size_t i = 0; i < w.n; i++)
		order[i] = i;
	expand_sort_ctx = &w;
	qsort(order, w.n, sizeof *order, expand_wild_cmp);
	size_t n = w.n < lim ? w.n : lim, pre = strlen(wn->prefix);
	if (n == 0) {
		r = query_node(q, CFS_QN_NOTHING, 0);
	} else {
		r = query_node(q, positional ? CFS_QN_OR : CFS_QN_SYNONYM, n);
		for (size_t i = 0; i < n; i++) {
			const char *t = w.terms[order[i]];
			cfs_qnode *tn = query_term(q, wn->prefix, t + pre, strlen(t + pre));
			tn->stemmed = 1;
			r->kids[i] = tn;
		}
		if (n == 1)
			r = r->kids[0];
	}
	for (size_t i = 0; i < w.n; i++)
		free(w.terms[i]);
	for (size_t i = 0; i < w.nshort; i++)
		free(w.short_stems[i]);
	free(w.short_stems);
	free(w.terms);
	free(w.freqs);
	free(order);
	return r;
}

/* ---- the walk ---- */

static cfs_qnode *
expand_node(struct query *q, struct expand *e, cfs_qnode *n, int positional)
{
	switch (n->op) {
	case CFS_QN_TERM:
		return positional ? n : expand_term(q, e, n, 0);
	case CFS_QN_WILD:
		return expand_wildcard(q, e, n, positional);
	case CFS_QN_PHRASE:
	case CFS_QN_NEAR: {
		int words = 1;
		for (size_t i = 0; i < n->nkids; i++)
			if (n->kids[i]->op != CFS_QN_TERM)
				words = 0;
		if (words)
			return expand_positional(q, e, n);
		for (size_t i = 0; i < n->nkids; i++)
			n->kids[i] = expand_node(q, e, n->kids[i], 1);
		return n;
	}
	default:
		for (size_t i = 0; i < n->nkids; i++)
			n->kids[i] = expand_node(q, e, n->kids[i], positional);
		return n;
	}
}

int
expand_query(struct query *q, struct expand *e)
{
	e->failed = 0;
	query_set_root(q, expand_node(q, e, (cfs_qnode *)query_root(q), 0));
	return e->failed ? -1 : 0;
}
