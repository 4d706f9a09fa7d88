/*
 * plan.c: what a search runs, cut out of an expanded query.  A plain list
 * of words ranks in tiers (passages with every part first) and gets the
 * boosts of its words standing together; its field parts beside words
 * filter rather than weigh; the title's part re-ranks the hits; date:
 * ranges, --since and --until filter.  Also: the stems to highlight, and
 * the words the index does not hold.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

/* The term a TERM node stands for (prefix + stem), malloc()ed. */
static char *
plan_term(const cfs_qnode *t)
{
	char *st = NULL, *r;
	if (t->stemmed)
		return xasprintf("%s%s", t->prefix, t->word);
	if (cfs_stem(t->word, strlen(t->word), &st) != CFS_OK) {
		free(st);
		return xasprintf("%s%s", t->prefix, t->word);
	}
	r = xasprintf("%s%s", t->prefix, st);
	free(st);
	return r;
}

/* Does the index hold a passage that n could match (a word: its term; OR
 * and SYNONYM: any part; AND and positional: every part)?  -1 when the
 * database failed. */
static int
plan_exists(cfs_rdb *db, const cfs_qnode *n)
{
	switch (n->op) {
	case CFS_QN_TERM: {
		uint64_t f = 0;
		char *t = plan_term(n);
		cfs_status st = cfs_rdb_termfreq(db, t, &f);
		free(t);
		return st != CFS_OK ? -1 : f > 0;
	}
	case CFS_QN_OR:
	case CFS_QN_SYNONYM:
		for (size_t i = 0; i < n->nkids; i++) {
			int e = plan_exists(db, n->kids[i]);
			if (e != 0)
				return e;
		}
		return 0;
	case CFS_QN_AND:
	case CFS_QN_PHRASE:
	case CFS_QN_NEAR:
		for (size_t i = 0; i < n->nkids; i++) {
			int e = plan_exists(db, n->kids[i]);
			if (e != 1)
				return e;
		}
		return 1;
	case CFS_QN_NOTHING:
		return 0;
	default:
		return 1;
	}
}

/* Is every term of n a field's (not the text's)? */
static int
plan_is_field(const cfs_qnode *n)
{
	if (n->op == CFS_QN_TERM)
		return n->prefix[0] != '\0';
	if (n->nkids == 0)
		return 0;
	for (size_t i = 0; i < n->nkids; i++)
		if (!plan_is_field(n->kids[i]))
			return 0;
	return 1;
}

struct plan_terms {
	char **v;
	size_t n;
};

static void
plan_terms_add(struct plan_terms *t, char *s)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i], s) == 0) {
			free(s);
			return;
		}
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n++] = s;
}

/* The terms of the TERM leaves of n that add to a match (not under the
 * excluded side of AND_NOT); with text_only, of the text's words only. */
static void
plan_positive(const cfs_qnode *n, int text_only, struct plan_terms *t)
{
	if (n->op == CFS_QN_TERM) {
		if (!text_only || n->prefix[0] == '\0')
			plan_terms_add(t, plan_term(n));
		return;
	}
	size_t k = n->op == CFS_QN_AND_NOT && n->nkids ? 1 : n->nkids;
	for (size_t i = 0; i < k; i++)
		plan_positive(n->kids[i], text_only, t);
}

static int
plan_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A unit's words for the phrase and near boosts: a word of the text, or
 * its single-word variants; NULL for anything else. */
static const cfs_qnode *
plan_near_word(struct query *q, const cfs_qnode *u)
{
	if (u->op == CFS_QN_TERM)
		return u->prefix[0] == '\0' ? u : NULL;
	if (u->op != CFS_QN_OR || u->nkids == 0 || u->kids[0]->op != CFS_QN_TERM ||
	    u->kids[0]->prefix[0] != '\0')
		return NULL;
	cfs_qnode **v = query_alloc(q, u->nkids * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < u->nkids; i++)
		if (u->kids[i]->op == CFS_QN_TERM)
			v[n++] = u->kids[i];
	return query_join(q, CFS_QN_OR, v, n);
}

/* The title's part (prefix CFS_PREFIX_TITLE) or the header fields' (NULL:
 * every field's but the title's and the source's): the text's words as
 * terms of the field. */
static const cfs_qnode *
plan_field_words(struct query *q, const cfs_qnode *base, const char *prefix)
{
	struct plan_terms t = { NULL, 0 };
	cfs_qnode *r = NULL;
	plan_positive(base, 1, &t);
	if (t.n) {
		const struct field *all = field_all();
		size_t nf = 0, n = 0;
		while (all[nf].name)
			nf++;
		cfs_qnode **v = query_alloc(q, t.n * nf * sizeof *v);
		for (const struct field *f = all; f->name; f++) {
			if (prefix ? strcmp(f->prefix, prefix) != 0 :
			    f->positions || f->keys[0] == NULL)   /* the title and the
						* source; speaker, a passage's */
				continue;
			for (size_t i = 0; i < t.n; i++) {
				v[n] = query_term(q, f->prefix, t.v[i], strlen(t.v[i]));
				v[n++]->stemmed = 1;
			}
		}
		r = query_join(q, CFS_QN_OR, v, n);
	}
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i]);
	free(t.v);
	return r;
}

/* The words of a plain query's parts, for a message: kursk "security
 * guarantee" (as read: lowercased, before variants). */
static char *
plan_parts_text(cfs_qnode *const *v, size_t n)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		const cfs_qnode *u = v[i];
		if (u->op == CFS_QN_OR && u->nkids)   /* a word and its variants */
			u = u->kids[0];
		if (b.len)
			buf_addc(&b, ' ');
		if (u->op == CFS_QN_TERM || u->op == CFS_QN_WILD) {
			buf_printf(&b, "%s%s", u->word, u->op == CFS_QN_WILD ? "*" : "");
		} else if (u->op == CFS_QN_PHRASE) {
			buf_addc(&b, '"');
			for (size_t k = 0; k < u->nkids; k++) {
				const cfs_qnode *w = u->kids[k];
				if (w->op == CFS_QN_OR && w->nkids)
					w = w->kids[0];
				buf_printf(&b, "%s%s", k ? " " : "", w->op == CFS_QN_TERM ? w->word : "?");
			}
			buf_addc(&b, '"');
		} else {
			buf_adds(&b, "(...)");
		}
	}
	return buf_detach(&b);
}

/* Units, near words and filters of a plain list. */
static int
plan_plain(struct query *q, cfs_rdb *db, const struct plan_opts *po, struct plan *p,
	   cfs_qnode ***filters, size_t *nf)
{
	/* a plain query is an OR of its units, one or more */
	cfs_qnode *root = (cfs_qnode *)query_root(q);
	cfs_qnode *const *units = root->kids;
	size_t nu = root->nkids, nx = 0, nfield = 0, nn = 0;
	cfs_qnode **text = query_alloc(q, nu * sizeof *text);
	cfs_qnode **fields = query_alloc(q, nu * sizeof *fields);
	const cfs_qnode **near = query_alloc(q, nu * sizeof *near);

	for (size_t i = 0; i < nu; i++) {
		if (plan_is_field(units[i]))
			fields[nfield++] = units[i];
		else
			text[nx++] = units[i];
	}
	/* fields beside other words filter; alone, they are the query, and
	 * each must match as beside words ('places:iran topics:crude': the
	 * stories of both, not of either) */
	if (nx == 0) {
		p->q.query = query_join(q, CFS_QN_AND, fields, nfield);
		return 0;
	}
	if (nfield) {
		*filters = xrealloc(*filters, (*nf + 1) * sizeof **filters);
		(*filters)[(*nf)++] = query_join(q, CFS_QN_AND, fields, nfield);
	}
	p->q.query = query_join(q, CFS_QN_OR, text, nx);
	if (!po->no_boosts)
		for (size_t i = 0; i < nx; i++)
			if ((near[nn] = plan_near_word(q, text[i])) != NULL)
				nn++;
	if (nn >= 2) {
		p->q.near = near;
		p->q.nnear = nn;
	}
	if (nx < 2)
		return 0;
	/* the parts the index holds: each hit says whether it has them all,
	 * and (ranking by relevance) those with all come first */
	const cfs_qnode **have = query_alloc(q, nx * sizeof *have);
	size_t nh = 0;
	for (size_t i = 0; i < nx; i++) {
		int e = plan_exists(db, text[i]);
		if (e < 0)
			return -1;
		if (e)
			have[nh++] = text[i];
	}
	p->nparts = nx;
	p->nmissing = nx - nh;
	p->parts = plan_parts_text(text, nx);
	if (po->all_words) {
		/* only passages with every part (none, when one is not there) */
		p->q.query = nh < nx ? query_node(q, CFS_QN_NOTHING, 0)
				     : query_join(q, CFS_QN_AND, text, nx);
		return 0;
	}
	if (nh >= 2) {
		p->q.units = have;
		p->q.nunits = nh;
		p->q.tiers = !po->no_tiers && !po->sort_date;
	}
	return 0;
}

int
plan_make(struct query *q, cfs_rdb *db, const struct plan_opts *po, struct plan *p)
{
	size_t nqf, nf = 0;
	cfs_qnode *const *qf = query_filters(q, &nqf);
	cfs_qnode **filters = xmalloc((nqf + 3) * sizeof *filters);
	int rc = 0;

	memset(p, 0, sizeof *p);
	if (nqf)
		memcpy(filters, qf, nqf * sizeof *filters);
	nf = nqf;
	if ((po->since && *po->since) || (po->until && *po->until)) {
		cfs_qnode *d = query_node(q, CFS_QN_DATE, 0);
		snprintf(d->from, sizeof d->from, "%s", po->since ? po->since : "");
		snprintf(d->until, sizeof d->until, "%s", po->until ? po->until : "");
		filters[nf++] = d;
	}
	if (query_is_plain(q))
		rc = plan_plain(q, db, po, p, &filters, &nf);
	else
		p->q.query = query_root(q);
	if (nf)
		p->q.filter = query_join(q, CFS_QN_AND, filters, nf);
	free(filters);
	if (!po->no_boosts && po->title_weight > 0) {
		p->q.title = plan_field_words(q, p->q.query, CFS_PREFIX_TITLE);
		p->q.title_weight = po->title_weight;
	}
	if (!po->no_boosts && po->fields_weight > 0) {
		p->q.fields = plan_field_words(q, p->q.query, NULL);
		p->q.fields_weight = po->fields_weight;
	}
	/* highlight what adds to a match, fields' words included */
	struct plan_terms t = { NULL, 0 };
	plan_positive(p->q.query, 0, &t);
	if (p->q.filter)
		plan_positive(p->q.filter, 0, &t);
	for (size_t i = 0; i < t.n; i++) {
		/* the stem without its field's prefix (capitals) */
		char *s = t.v[i];
		size_t k = 0;
		while (s[k] >= 'A' && s[k] <= 'Z')
			k++;
		memmove(s, s + k, strlen(s + k) + 1);
	}
	if (t.n > 1)
		qsort(t.v, t.n, sizeof *t.v, plan_cmp);
	t.v = xrealloc(t.v, (t.n + 1) * sizeof *t.v);
	t.v[t.n] = NULL;
	p->stems = t.v;
	p->nstems = t.n;
	return rc;
}

void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->nstems; i++)
		free(p->stems[i]);
	free(p->stems);
	free(p->parts);
	memset(p, 0, sizeof *p);
}

/* ---- words the index does not hold ---- */

struct plan_unknown_ctx {
	cfs_rdb *db;
	struct variants *vars;
	struct plan_word *v;
	size_t n;
};

/* Does the index hold word (of prefix), or a variant of it? */
static int
plan_known(struct plan_unknown_ctx *c, const char *prefix, const char *word)
{
	cfs_qnode t;
	memset(&t, 0, sizeof t);
	t.op = CFS_QN_TERM;
	t.prefix = prefix;
	t.word = word;
	if (plan_exists(c->db, &t) != 0)
		return 1;
	const char *const *g = c->vars ? variants_lookup(c->vars, word) : NULL;
	for (; g && *g; g++) {
		struct words w;
		struct word x;
		int all = 1, any = 0;
		words_init(&w, *g, strlen(*g));
		while (all && words_next(&w, &x)) {
			char *s = xstrndup(x.term, x.len);
			t.word = s;
			any = 1;
			all = plan_exists(c->db, &t) != 0;
			free(s);
		}
		words_free(&w);
		if (any && all)
			return 1;
	}
	return 0;
}

static void
plan_unknown_walk(struct plan_unknown_ctx *c, const cfs_qnode *n)
{
	if (n->op == CFS_QN_TERM) {
		if (n->stemmed || plan_known(c, n->prefix, n->word))
			return;
		for (size_t i = 0; i < c->n; i++)
			if (strcmp(c->v[i].word, n->word) == 0 && strcmp(c->v[i].prefix, n->prefix) == 0)
				return;
		c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
		c->v[c->n].word = xstrdup(n->word);
		c->v[c->n++].prefix = xstrdup(n->prefix);
		return;
	}
	/* a headline's word (plan_titles_walk): known */
	if (n->op == CFS_QN_OR && n->nkids == 2 && n->kids[0]->op == CFS_QN_TERM &&
	    n->kids[1]->op == CFS_QN_TERM && n->kids[1]->prefix[0] != '\0' &&
	    strcmp(n->kids[0]->word, n->kids[1]->word) == 0)
		return;
	size_t k = n->op == CFS_QN_AND_NOT && n->nkids ? 1 : n->nkids;
	for (size_t i = 0; i < k; i++)
		plan_unknown_walk(c, n->kids[i]);
}

/* A word of the text that no passage's text holds, nor a variant of it,
 * but a title does (a headline's word: "Dilemma"), is looked for in the
 * titles: passages of those articles rather than nothing.  Not inside a
 * phrase or NEAR, whose words stand in one field.  Returns -1 when the
 * database failed. */
static int
plan_titles_walk(struct plan_unknown_ctx *c, struct query *q, cfs_qnode *n, const char *title)
{
	if (n->op == CFS_QN_PHRASE || n->op == CFS_QN_NEAR)
		return 0;
	if (n->op == CFS_QN_TERM) {
		if (n->stemmed || n->prefix[0] != '\0' || plan_known(c, "", n->word))
			return 0;
		cfs_qnode t = *n;
		t.prefix = title;
		int e = plan_exists(c->db, &t);
		if (e == 1) {
			/* the word, or the word in a title: a word of the query
			 * still, not a filter as title:word would be */
			cfs_qnode *kids[2] = { query_term(q, "", n->word, strlen(n->word)),
					       query_term(q, title, n->word, strlen(n->word)) };
			cfs_qnode *or = query_join(q, CFS_QN_OR, kids, 2);
			*n = *or;
		}
		return e < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < n->nkids; i++)
		if (plan_titles_walk(c, q, n->kids[i], title) != 0)
			return -1;
	return 0;
}

struct plan_word *
plan_unknown(const struct query *q, cfs_rdb *db, struct variants *vars, size_t *n)
{
	struct plan_unknown_ctx c = { db, vars, NULL, 0 };
	plan_unknown_walk(&c, query_root(q));
	*n = c.n;
	return c.v;
}

void
plan_words_free(struct plan_word *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].word);
		free(v[i].prefix);
	}
	free(v);
}

/* ---- all of it ---- */

int
plan_query(struct query *q, cfs_rdb *db, struct variants *vars, unsigned wildcard_limit,
	   const struct plan_opts *po, struct planned *p)
{
	struct expand e = { db, vars, wildcard_limit, 0 };

	memset(p, 0, sizeof *p);
	p->query = q;
	struct plan_unknown_ctx c = { db, vars, NULL, 0 };
	const struct field *title = field_named("title", 5);
	if (title && plan_titles_walk(&c, q, (cfs_qnode *)query_root(q), title->prefix) != 0)
		return -1;
	p->unknown = plan_unknown(p->query, db, vars, &p->nunknown);
	if (expand_query(p->query, &e) != 0 || plan_make(p->query, db, po, &p->plan) != 0)
		return -1;
	return 0;
}

void
plan_query_free(struct planned *p)
{
	plan_free(&p->plan);
	plan_words_free(p->unknown, p->nunknown);
	query_free(p->query);
	memset(p, 0, sizeof *p);
}
