/*
 * query.c: the query language (cfsearch-query(7)) read into a tree of
 * cfs_qnode (src/shim.h) that the Xapian layer runs as it is.
 *
 *   query  := or
 *   or     := and { (OR | XOR) and }
 *   and    := list { (AND | AND NOT | NOT) list }
 *   list   := item { item }              the words of a search
 *   item   := [+ | -] near
 *   near   := atom { (NEAR | NEAR/n | ADJ | ADJ/n) atom }
 *   atom   := word | word* | "phrase" | field:word | field:"phrase"
 *           | date:range | ( or [ ) ]
 *
 * Words are split by src/words.c, as the index splits them; a token that
 * holds several words ("intelligence-sharing", "U.S.-brokered") is a
 * phrase.  In a list, items with + must occur, items with - must not, and
 * the others may: passages with more of them rank higher.  date: ranges
 * filter the whole query.  Anything that cannot be read as written is an
 * error with a one-line message saying what and how to write it: nothing
 * is silently searched as something else.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

#define QUERY_MAX_WORDS 1000
#define QUERY_NEAR_DEFAULT 10   /* NEAR: within 10 words (as Xapian) */
#define QUERY_NEAR_MAX 1000

struct query_block {
	struct query_block *next;
	size_t used, size;
	char mem[];
};

enum query_tok {
	TOK_END, TOK_WORD, TOK_PHRASE, TOK_LPAREN, TOK_RPAREN, TOK_AND, TOK_OR, TOK_NOT,
	TOK_XOR, TOK_NEAR, TOK_ADJ
};

struct query {
	struct query_block *blocks;
	cfs_qnode *root;
	cfs_qnode **filters;          /* date: ranges */
	size_t nfilters;
	int plain;                    /* a plain list of words, phrases and fields */
	size_t nwords;
	/* the parse */
	const char *s, *p;
	time_t now;
	char *err;
	enum query_tok tok;
	const char *ts;               /* the token's text */
	const char *tstart;           /* where the token starts, sign included */
	size_t tlen;
	int sign;                     /* '+', '-' or 0 before it */
	const struct field *field;    /* field:... */
	int is_date;                  /* date:... */
	unsigned dist;                /* NEAR/n, ADJ/n (0: not given) */
	int depth;
	struct words words;
	cfs_qnode **qnodes;           /* what quotation marks held, text only */
	size_t nqnodes;
	struct query_quote *quotes;   /* of those, what a passage should hold */
	size_t nquotes;
};

/* ---- memory: everything of a query lives as long as it ---- */

void *
query_alloc(struct query *q, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct query_block *b = q->blocks;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > 8192 ? n : 8192;
		b = xmalloc(sizeof *b + size);
		b->next = q->blocks;
		b->used = 0;
		b->size = size;
		q->blocks = b;
	}
	void *p = b->mem + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
query_strdup(struct query *q, const char *s, size_t len)
{
	char *p = query_alloc(q, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

cfs_qnode *
query_node(struct query *q, cfs_qop op, size_t nkids)
{
	cfs_qnode *n = query_alloc(q, sizeof *n);
	n->op = op;
	n->prefix = "";
	n->nkids = nkids;
	if (nkids)
		n->kids = query_alloc(q, nkids * sizeof *n->kids);
	return n;
}

cfs_qnode *
query_term(struct query *q, const char *prefix, const char *word, size_t len)
{
	cfs_qnode *n = query_node(q, CFS_QN_TERM, 0);
	n->prefix = prefix;
	n->word = query_strdup(q, word, len);
	return n;
}

/* A node of op over the n nodes of v (one node: itself). */
cfs_qnode *
query_join(struct query *q, cfs_qop op, cfs_qnode *const *v, size_t n)
{
	if (n == 1 && op != CFS_QN_PHRASE && op != CFS_QN_NEAR)
		return v[0];
	cfs_qnode *j = query_node(q, op, n);
	memcpy(j->kids, v, n * sizeof *v);
	return j;
}

void
query_free(struct query *q)
{
	if (q == NULL)
		return;
	while (q->blocks) {
		struct query_block *b = q->blocks;
		q->blocks = b->next;
		free(b);
	}
	words_free(&q->words);
	free(q->qnodes);
	free(q->err);
	free(q);
}

const cfs_qnode *
query_root(const struct query *q)
{
	return q->root;
}

size_t
query_nwords(const struct query *q)
{
	return q->nwords;
}

int
query_is_plain(const struct query *q)
{
	return q->plain;
}

cfs_qnode *const *
query_filters(const struct query *q, size_t *n)
{
	*n = q->nfilters;
	return q->filters;
}

const struct query_quote *
query_quotes(const struct query *q, size_t *n)
{
	*n = q->nquotes;
	return q->quotes;
}

void
query_set_root(struct query *q, cfs_qnode *root)
{
	q->root = root;
}

/* ---- errors ---- */

static void query_fail(struct query *q, const char *fmt, ...) CFS_PRINTF(2, 3);

static void
query_fail(struct query *q, const char *fmt, ...)
{
	va_list ap;
	struct buf b;
	if (q->err != NULL)
		return;   /* the first error is the one to tell */
	buf_init(&b);
	va_start(ap, fmt);
	{
		va_list ap2;
		va_copy(ap2, ap);
		int n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		if (n > 0) {
			char *s = xmalloc((size_t)n + 1);
			vsnprintf(s, (size_t)n + 1, fmt, ap);
			buf_add(&b, s, (size_t)n);
			free(s);
		}
	}
	va_end(ap);
	/* one line, whatever the query quoted in it holds */
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.s[i] < 0x20 || b.s[i] == 0x7f)
			b.s[i] = ' ';
	q->err = buf_detach(&b);
}

/* The current token as written, for messages (bounded). */
static const char *
query_tok_text(struct query *q)
{
	size_t n = q->tlen > 60 ? 60 : q->tlen;
	return query_strdup(q, q->ts, n);
}

/* ---- tokens ---- */

static int
query_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The length of an opening or closing double quote at p ('"', U+201C,
 * U+201D, U+201E, guillemets), or 0. */
static size_t
query_quote(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (u[0] == '"')
		return 1;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x9c || u[2] == 0x9d || u[2] == 0x9e))
		return 3;
	if (u[0] == 0xc2 && (u[1] == 0xab || u[1] == 0xbb))
		return 2;
	return 0;
}

/* Does a raw token end at p? */
static int
query_token_end(const char *p)
{
	return *p == '\0' || query_space((unsigned char)*p) || *p == '(' || *p == ')' ||
	    query_quote(p) != 0;
}

/* NEAR, NEAR/n, ADJ, ADJ/n: the operator, or TOK_WORD. */
static enum query_tok
query_prox_op(struct query *q, const char *s, size_t n)
{
	enum query_tok t;
	size_t k;
	if (n >= 4 && strncmp(s, "NEAR", 4) == 0)
		t = TOK_NEAR, k = 4;
	else if (n >= 3 && strncmp(s, "ADJ", 3) == 0)
		t = TOK_ADJ, k = 3;
	else
		return TOK_WORD;
	q->dist = 0;
	if (k == n)
		return t;
	if (s[k] != '/')
		return TOK_WORD;   /* NEARBY, ADJUST */
	char *end;
	unsigned long d = strtoul(s + k + 1, &end, 10);
	if (end != s + n || end == s + k + 1 || d < 1 || d > QUERY_NEAR_MAX ||
	    !(s[k + 1] >= '0' && s[k + 1] <= '9')) {
		query_fail(q, "'%.*s': the distance must be a number from 1 to %d, "
			   "as in 'oil %s/5 gas'", (int)(n > 40 ? 40 : n), s, QUERY_NEAR_MAX,
			   t == TOK_NEAR ? "NEAR" : "ADJ");
		return TOK_END;
	}
	q->dist = (unsigned)d;
	return t;
}

/* The edit distance of a and b, or more than 2. */
static unsigned
query_close(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned d[32][32];
	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned c = d[i - 1][j - 1] + ((a[i - 1] | 32) != (b[j - 1] | 32));
			unsigned x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
			d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
		}
	return d[la][lb];
}

/* "name:" at the start of a raw token: a field, date:, or (for a name
 * close to a field's) an error. */
static void
query_field_prefix(struct query *q)
{
	size_t n = 0;
	while ((q->ts[n] >= 'a' && q->ts[n] <= 'z') || (q->ts[n] >= 'A' && q->ts[n] <= 'Z'))
		n++;
	if (n == 0 || n >= q->tlen || q->ts[n] != ':')
		return;
	if (n == 4 && strncasecmp(q->ts, "date", 4) == 0) {
		q->is_date = 1;
	} else if ((q->field = field_named(q->ts, n)) == NULL) {
		const char *best = NULL;
		for (const struct field *f = field_all(); f->name; f++)
			if (query_close(q->ts, n, f->name, strlen(f->name)) <= (n > 4 ? 2 : 1))
				best = f->name;
		if (query_close(q->ts, n, "date", 4) <= 1)
			best = "date";
		if (best)
			query_fail(q, "unknown field '%.*s:' (did you mean '%s:'?)", (int)n, q->ts,
				   best);
		return;   /* "10:30", "http://...": words */
	}
	q->ts += n + 1;
	q->tlen -= n + 1;
}

static void
query_next(struct query *q)
{
	const char *p = q->p;
	size_t ql;

	q->sign = 0;
	q->field = NULL;
	q->is_date = 0;
	while (query_space((unsigned char)*p))
		p++;
	q->tstart = p;
	if (*p == '\0') {
		q->tok = TOK_END;
		q->p = p;
		return;
	}
	/* +word, -word, -"phrase", -(group): the sign goes with what follows;
	 * two signs ("--Putin", "+-Putin") are not read as one */
	{
		size_t k = 0;
		while (p[k] == '+' || p[k] == '-')
			k++;
		if (k >= 2 && p[k] != '\0' && !query_space((unsigned char)p[k]) && p[k] != ')') {
			size_t n = 0;
			while (!query_token_end(p + n) && n < 40)
				n++;
			query_fail(q, "'%.*s': one sign before a word: '+word' must occur, "
				   "'-word' must not", (int)n, p);
			q->tok = TOK_END;
			q->p = p + strlen(p);
			return;
		}
	}
	if ((*p == '+' || *p == '-') && p[1] != '\0' && !query_space((unsigned char)p[1]) &&
	    p[1] != ')' && p[1] != '-' && p[1] != '+')
		q->sign = *p++;
	q->ts = p;
	if (*p == '(' || *p == ')') {
		q->tok = *p == '(' ? TOK_LPAREN : TOK_RPAREN;
		q->tlen = 1;
		q->p = p + 1;
		return;
	}
	if ((ql = query_quote(p)) != 0) {
		/* a phrase runs to the closing quote, or to the end */
		const char *s = p + ql, *e = s;
		while (*e && query_quote(e) == 0)
			e++;
		q->tok = TOK_PHRASE;
		q->ts = s;
		q->tlen = (size_t)(e - s);
		q->p = *e ? e + query_quote(e) : e;
		return;
	}
	while (!query_token_end(p))
		p++;
	q->tlen = (size_t)(p - q->ts);
	q->p = p;
	q->tok = TOK_WORD;
	if (q->sign == 0) {
		static const struct { const char *w; enum query_tok t; } ops[] = {
			{ "AND", TOK_AND }, { "OR", TOK_OR }, { "NOT", TOK_NOT }, { "XOR", TOK_XOR },
		};
		for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
			if (q->tlen == strlen(ops[i].w) && strncmp(q->ts, ops[i].w, q->tlen) == 0) {
				q->tok = ops[i].t;
				return;
			}
		q->tok = query_prox_op(q, q->ts, q->tlen);
		if (q->tok != TOK_WORD)
			return;
	}
	query_field_prefix(q);
	if (q->is_date && query_quote(q->ts + q->tlen) != 0) {
		/* date:"March 1987", date:"1 Mar 1987".."2 Apr 1987": quotes
		 * hold spaces, and are left out of the range */
		struct buf b;
		const char *e = q->ts;
		int in = 0;
		buf_init(&b);
		while (*e && (in || !query_space((unsigned char)*e))) {
			if ((ql = query_quote(e)) != 0) {
				in = !in;
				e += ql;
				continue;
			}
			buf_addc(&b, *e++);
		}
		q->ts = query_strdup(q, b.s ? b.s : "", b.len);
		q->tlen = b.len;
		q->p = e;
		buf_free(&b);
		return;
	}
	if (q->field && q->tlen == 0 && (ql = query_quote(q->p)) != 0) {
		/* field:"a phrase" */
		const char *s = q->p + ql, *e = s;
		while (*e && query_quote(e) == 0)
			e++;
		q->tok = TOK_PHRASE;
		q->ts = s;
		q->tlen = (size_t)(e - s);
		q->p = *e ? e + query_quote(e) : e;
	}
}

/* ---- atoms ---- */

/* The words of text as TERM nodes of prefix; returns how many. */
static size_t
query_words(struct query *q, const char *prefix, const char *text, size_t len,
	    cfs_qnode ***out, size_t *wild_end)
{
	struct word w;
	size_t n = 0, cap = 0;
	cfs_qnode **v = NULL;

	words_reset(&q->words, text, len);
	while (words_next(&q->words, &w)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			cfs_qnode **nv = query_alloc(q, cap * sizeof *nv);
			if (n)
				memcpy(nv, v, n * sizeof *v);
			v = nv;
		}
		v[n++] = query_term(q, prefix, w.term, w.len);
		if (wild_end)
			*wild_end = w.end;
	}
	if (q->words.skipped)
		query_fail(q, "'%.*s': a word of more than %d bytes is not indexed, so it "
			   "cannot be found; search for other words", (int)(len > 40 ? 40 : len),
			   text, WORDS_MAX);
	q->nwords += n;
	*out = v;
	return n;
}

static cfs_qnode *
query_phrase(struct query *q, cfs_qnode **v, size_t n)
{
	if (n == 1)
		return v[0];
	const struct field *f = field_of_prefix(v[0]->prefix);
	if (f != NULL && !f->positions)   /* a list field: its words, anywhere */
		return query_join(q, CFS_QN_AND, v, n);
	cfs_qnode *ph = query_join(q, CFS_QN_PHRASE, v, n);
	ph->window = (unsigned)n;
	return ph;
}

static cfs_qnode *
query_date(struct query *q)
{
	const char *why;
	char *spec = query_strdup(q, q->ts, q->tlen);
	cfs_qnode *d = query_node(q, CFS_QN_DATE, 0);
	if (date_range(spec, q->now, d->from, d->until, &why) != 0) {
		query_fail(q, "date:%s: %s (write date:2025-03-11, date:2025-03, "
			   "date:\"March 2025\", date:2025-03-01..2025-03-15, date:2025-03.. or "
			   "date:7d..)", spec, why);
		return NULL;
	}
	q->filters = xrealloc(q->filters, (q->nfilters + 1) * sizeof *q->filters);
	q->filters[q->nfilters++] = d;
	return d;
}

/* How many '*' s[0..len) holds. */
static size_t
query_stars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '*';
	return n;
}

/* A word token: a word, a wildcard, a phrase of several words, or
 * nothing (punctuation). */
static cfs_qnode *
query_word_token(struct query *q)
{
	const char *prefix = q->field ? q->field->prefix : "";
	cfs_qnode **v;
	size_t wend = 0;
	size_t stars = query_stars(q->ts, q->tlen);
	size_t n = query_words(q, prefix, q->ts, q->tlen, &v, &wend);

	if (q->err)
		return NULL;
	if (stars) {
		/* a wildcard: one '*', right after the one word of the token */
		if (stars == 1 && n == 1 && q->ts[q->tlen - 1] == '*' && wend == q->tlen - 1) {
			v[0]->op = CFS_QN_WILD;
			return v[0];
		}
		query_fail(q, "'%.*s': a wildcard is one '*' at the end of a word, as in "
			   "'negotiat*'; '*' elsewhere is not understood",
			   (int)(q->tlen > 40 ? 40 : q->tlen), q->ts);
		return NULL;
	}
	if (n == 0) {
		if (q->field)
			query_fail(q, "%s: needs a word or a \"phrase\" after it", q->field->name);
		return NULL;
	}
	return query_phrase(q, v, n);
}

static cfs_qnode *query_or(struct query *q);

static cfs_qnode *
query_atom(struct query *q)
{
	cfs_qnode *n = NULL;
	switch (q->tok) {
	case TOK_LPAREN:
		q->plain = 0;
		if (++q->depth > 100) {
			query_fail(q, "brackets nested too deeply");
			return NULL;
		}
		query_next(q);
		n = query_or(q);
		if (q->err)
			return NULL;
		if (n == NULL && q->tok == TOK_RPAREN)
			query_fail(q, "'()' holds nothing to look for");
		if (q->tok == TOK_RPAREN)
			query_next(q);   /* a missing ')' is assumed at the end */
		q->depth--;
		return n;
	case TOK_PHRASE: {
		cfs_qnode **v;
		const char *prefix = q->field ? q->field->prefix : "";
		if (query_stars(q->ts, q->tlen)) {
			query_fail(q, "'*' inside a \"phrase\": a phrase holds whole words; "
				   "write a wildcard outside quotes, as in 'negotiat*'");
			return NULL;
		}
		size_t k = query_words(q, prefix, q->ts, q->tlen, &v, NULL);
		query_next(q);
		n = k ? query_phrase(q, v, k) : NULL;
		if (n && *prefix == '\0') {
			q->qnodes = xrealloc(q->qnodes, (q->nqnodes + 1) * sizeof *q->qnodes);
			q->qnodes[q->nqnodes++] = n;
		}
		return n;
	}
	case TOK_WORD:
		if (q->is_date) {
			n = query_date(q);
			query_next(q);
			return n;
		}
		n = query_word_token(q);
		query_next(q);
		return n;
	default:
		return NULL;
	}
}

/* Can n take part in NEAR (words and phrases of one field)? */
static int
query_near_operand(const cfs_qnode *n)
{
	return n && (n->op == CFS_QN_TERM || n->op == CFS_QN_WILD ||
		     n->op == CFS_QN_PHRASE);
}

/* The words of the NEAR operands, in order; phrases also required. */
static cfs_qnode *
query_near_build(struct query *q, cfs_qnode **ops, size_t nops, enum query_tok op,
		 unsigned dist)
{
	size_t nw = 0, k = 0, nph = 0;
	for (size_t i = 0; i < nops; i++)
		nw += ops[i]->op == CFS_QN_PHRASE ? ops[i]->nkids : 1;
	cfs_qnode *near = query_node(q, op == TOK_NEAR ? CFS_QN_NEAR : CFS_QN_PHRASE, nw);
	cfs_qnode **phrases = query_alloc(q, (nops + 1) * sizeof *phrases);
	for (size_t i = 0; i < nops; i++) {
		if (ops[i]->op == CFS_QN_PHRASE) {
			for (size_t j = 0; j < ops[i]->nkids; j++)
				near->kids[k++] = ops[i]->kids[j];
			phrases[nph++] = ops[i];
		} else {
			near->kids[k++] = ops[i];
		}
	}
	/* as Xapian: NEAR/n allows n words between each, so the window of
	 * the whole is n plus the words */
	near->window = (dist ? dist : QUERY_NEAR_DEFAULT) + (unsigned)nw;
	if (nph == 0)
		return near;
	/* a phrase beside NEAR: its words within the window, and the phrase
	 * itself where they are */
	phrases[nph++] = near;
	return query_join(q, CFS_QN_AND, phrases, nph);
}

static cfs_qnode *
query_near(struct query *q)
{
	cfs_qnode *first = query_atom(q);
	if (q->err || (q->tok != TOK_NEAR && q->tok != TOK_ADJ))
		return first;
	enum query_tok op = q->tok;
	unsigned dist = q->dist;
	const char *opname = op == TOK_NEAR ? "NEAR" : "ADJ";
	cfs_qnode **ops = xmalloc(sizeof *ops);
	size_t n = 0;
	ops[n++] = first;
	q->plain = 0;
	while (!q->err && (q->tok == TOK_NEAR || q->tok == TOK_ADJ)) {
		if (q->tok != op || q->dist != dist) {
			query_fail(q, "'%s' after '%s': one chain of NEAR or ADJ takes one "
				   "operator and one distance; use brackets and AND for more",
				   query_tok_text(q), opname);
			break;
		}
		query_next(q);
		if (q->sign) {
			query_fail(q, "'%c' inside %s: write 'a %s b' and exclude words apart "
				   "('-c')", q->sign, opname, opname);
			break;
		}
		cfs_qnode *a = query_atom(q);
		ops = xrealloc(ops, (n + 1) * sizeof *ops);
		ops[n++] = a;
	}
	cfs_qnode *r = NULL;
	if (!q->err) {
		for (size_t i = 0; i < n && !q->err; i++) {
			const struct field *f = ops[i] && ops[i]->op != CFS_QN_PHRASE &&
				ops[i]->prefix ? field_of_prefix(ops[i]->prefix) : NULL;
			if (ops[i] == NULL)
				query_fail(q, "%s needs a word or a \"phrase\" on each side, as in "
					   "'oil %s gas'", opname, opname);
			else if (f != NULL && !f->positions)
				query_fail(q, "%s: a list, without word positions: %s cannot "
					   "join its words", f->name, opname);
			else if (!query_near_operand(ops[i]))
				query_fail(q, "%s joins words and \"phrases\", not brackets, "
					   "dates or operators", opname);
			else if (strcmp(ops[i]->prefix ? ops[i]->prefix : "",
					ops[0]->prefix ? ops[0]->prefix : "") != 0 ||
				 (ops[i]->op == CFS_QN_PHRASE &&
				  strcmp(ops[i]->kids[0]->prefix, ops[0]->op == CFS_QN_PHRASE ?
					 ops[0]->kids[0]->prefix : ops[0]->prefix) != 0))
				query_fail(q, "%s joins words of one field", opname);
		}
	}
	if (!q->err)
		r = query_near_build(q, ops, n, op, dist);
	free(ops);
	return r;
}

/* ---- lists and operators ---- */

struct query_list {
	cfs_qnode **v[3];     /* optional, required (+), excluded (-) */
	size_t n[3];
	int dates;
};

static void
query_list_add(struct query *q, struct query_list *l, int which, cfs_qnode *n)
{
	cfs_qnode **nv = query_alloc(q, (l->n[which] + 1) * sizeof *nv);
	if (l->n[which])
		memcpy(nv, l->v[which], l->n[which] * sizeof *nv);
	nv[l->n[which]++] = n;
	l->v[which] = nv;
}

static int
query_list_end(enum query_tok t)
{
	return t == TOK_END || t == TOK_RPAREN || t == TOK_AND || t == TOK_OR ||
	    t == TOK_NOT || t == TOK_XOR;
}

/* The items of a list up to an operator, a ')' or the end.  *empty is set
 * when it held nothing at all. */
static cfs_qnode *
query_list(struct query *q, int *empty)
{
	struct query_list l;
	const char *start = q->tstart;

	memset(&l, 0, sizeof l);
	*empty = 1;
	while (!q->err && !query_list_end(q->tok)) {
		int sign = q->sign;
		if (q->tok == TOK_NEAR || q->tok == TOK_ADJ) {
			query_fail(q, "%s needs a word or a \"phrase\" before it, as in 'oil %s gas'",
				   q->tok == TOK_NEAR ? "NEAR" : "ADJ",
				   q->tok == TOK_NEAR ? "NEAR" : "ADJ");
			break;
		}
		*empty = 0;
		if (sign)
			q->plain = 0;
		int was_date = q->is_date;
		cfs_qnode *n = query_near(q);
		if (n == NULL || q->err)
			continue;
		if (was_date && n->op == CFS_QN_DATE) {
			if (sign == '-')
				query_fail(q, "'-date:' cannot exclude dates; use date:..A or date:B..");
			l.dates++;
			continue;
		}
		query_list_add(q, &l, sign == '+' ? 1 : sign == '-' ? 2 : 0, n);
	}
	if (q->err || *empty)
		return NULL;
	if (l.n[0] + l.n[1] == 0) {
		size_t len = (size_t)(q->tstart - start);
		while (len > 0 && query_space((unsigned char)start[len - 1]))
			len--;
		if (l.n[2])
			query_fail(q, "nothing to look for: '%.*s' only excludes; add a word to look "
				   "for, as in 'gas -oil'", (int)(len > 60 ? 60 : len), start);
		return NULL;
	}
	cfs_qnode *r;
	if (l.n[1]) {
		r = query_join(q, CFS_QN_AND, l.v[1], l.n[1]);
		if (l.n[0]) {
			cfs_qnode *pair[2] = { r, query_join(q, CFS_QN_OR, l.v[0], l.n[0]) };
			r = query_join(q, CFS_QN_AND_MAYBE, pair, 2);
		}
	} else {
		r = query_join(q, CFS_QN_OR, l.v[0], l.n[0]);
	}
	if (l.n[2]) {
		cfs_qnode *pair[2] = { r, query_join(q, CFS_QN_OR, l.v[2], l.n[2]) };
		r = query_join(q, CFS_QN_AND_NOT, pair, 2);
	}
	return r;
}

static const char *
query_op_name(enum query_tok t)
{
	switch (t) {
	case TOK_AND: return "AND";
	case TOK_OR: return "OR";
	case TOK_NOT: return "NOT";
	case TOK_XOR: return "XOR";
	default: return "?";
	}
}

/* One side of a binary operator that held nothing. */
static void
query_missing(struct query *q, enum query_tok op, int before, int only_dates)
{
	if (only_dates)
		query_fail(q, "%s beside date: alone: date: filters the whole query, write it "
			   "beside the words", query_op_name(op));
	else if (op == TOK_NOT && before)
		query_fail(q, "nothing to look for: NOT only excludes; add a word to look for, "
			   "as in 'gas NOT oil'");
	else
		query_fail(q, "%s needs a word or a \"phrase\" %s it, as in 'oil %s gas'",
			   query_op_name(op), before ? "before" : "after", query_op_name(op));
}

static cfs_qnode *
query_and(struct query *q)
{
	int empty;
	size_t f0 = q->nfilters;
	cfs_qnode *left = query_list(q, &empty);
	while (!q->err && (q->tok == TOK_AND || q->tok == TOK_NOT)) {
		enum query_tok op = q->tok;
		q->plain = 0;
		if (left == NULL) {
			query_missing(q, op, 1, !empty && q->nfilters > f0);
			return NULL;
		}
		query_next(q);
		if (op == TOK_AND && q->tok == TOK_NOT) {
			op = TOK_NOT;
			query_next(q);
		}
		size_t f1 = q->nfilters;
		cfs_qnode *right = query_list(q, &empty);
		if (q->err)
			return NULL;
		if (right == NULL) {
			query_missing(q, op, 0, !empty && q->nfilters > f1);
			return NULL;
		}
		cfs_qnode *pair[2] = { left, right };
		left = query_join(q, op == TOK_AND ? CFS_QN_AND : CFS_QN_AND_NOT, pair, 2);
	}
	return left;
}

static cfs_qnode *
query_or(struct query *q)
{
	size_t f0 = q->nfilters;
	cfs_qnode *left = query_and(q);
	while (!q->err && (q->tok == TOK_OR || q->tok == TOK_XOR)) {
		enum query_tok op = q->tok;
		q->plain = 0;
		if (left == NULL) {
			query_missing(q, op, 1, q->nfilters > f0);
			return NULL;
		}
		query_next(q);
		size_t f1 = q->nfilters;
		cfs_qnode *right = query_and(q);
		if (q->err)
			return NULL;
		if (right == NULL) {
			query_missing(q, op, 0, q->nfilters > f1);
			return NULL;
		}
		cfs_qnode *pair[2] = { left, right };
		left = query_join(q, op == TOK_OR ? CFS_QN_OR : CFS_QN_XOR, pair, 2);
	}
	return left;
}

/* The quoted parts under n that a passage is asked to hold (not those
 * under NOT or after AND NOT), as their words. */
static void
query_quotes_walk(struct query *q, const cfs_qnode *n)
{
	for (size_t i = 0; i < q->nqnodes; i++) {
		if (q->qnodes[i] != n)
			continue;
		struct query_quote *qq = query_alloc(q, sizeof *qq);
		size_t k = n->op == CFS_QN_PHRASE ? n->nkids : 1;
		qq->words = query_alloc(q, k * sizeof *qq->words);
		for (size_t j = 0; j < k; j++)
			qq->words[j] = k == 1 && n->op == CFS_QN_TERM ? n->word : n->kids[j]->word;
		qq->n = k;
		struct query_quote *v = query_alloc(q, (q->nquotes + 1) * sizeof *v);
		if (q->nquotes)
			memcpy(v, q->quotes, q->nquotes * sizeof *v);
		v[q->nquotes++] = *qq;
		q->quotes = v;
		return;
	}
	if (n->op == CFS_QN_PHRASE || n->op == CFS_QN_TERM)
		return;
	size_t nk = n->op == CFS_QN_AND_NOT ? 1 : n->nkids;
	for (size_t i = 0; i < nk; i++)
		query_quotes_walk(q, n->kids[i]);
}

struct query *
query_parse(const char *s, time_t now, char **err)
{
	struct query *q = xcalloc(1, sizeof *q);

	*err = NULL;
	q->s = q->p = s;
	q->now = now;
	q->plain = 1;
	words_init(&q->words, "", 0);
	query_next(q);
	q->root = query_or(q);
	if (!q->err && q->tok == TOK_RPAREN)
		query_fail(q, "')' without '('");
	else if (!q->err && q->tok != TOK_END)
		query_fail(q, "'%s' was not expected here", query_tok_text(q));
	if (!q->err && q->nwords > QUERY_MAX_WORDS)
		query_fail(q, "query too long: %zu words (at most %d)", q->nwords,
			   QUERY_MAX_WORDS);
	if (!q->err && q->root == NULL)
		query_fail(q, q->nfilters ? "nothing to look for: date: only narrows a search; add "
			   "a word to look for" : "nothing to look for");
	if (q->err) {
		*err = q->err;
		q->err = NULL;
		free(q->filters);
		q->filters = NULL;
		query_free(q);
		return NULL;
	}
	query_quotes_walk(q, q->root);
	/* a plain list is an OR of its units, even of one */
	if (q->plain && q->root->op != CFS_QN_OR) {
		cfs_qnode *r = query_node(q, CFS_QN_OR, 1);
		r->kids[0] = q->root;
		q->root = r;
	}
	/* the filters live in the arena with the rest */
	if (q->nfilters) {
		cfs_qnode **f = query_alloc(q, q->nfilters * sizeof *f);
		memcpy(f, q->filters, q->nfilters * sizeof *f);
		free(q->filters);
		q->filters = f;
	}
	return q;
}
