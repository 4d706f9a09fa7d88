/*
 * Exact wording: inside quotation marks a reader means the words as
 * written.  The index holds stems, so "peacekeepers" matches passages
 * about peacekeeping as well; here a passage's stored text is read again
 * for the quoted parts, word for word (case and the apostrophe's form
 * aside, as words.c splits and lowercases them; name variants count as the
 * same word), and the hits that hold more of them as written go first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

/* Are a (from the query) and b (from the text) the same word as written? */
static int
exact_same(struct variants *vars, const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1;
	if (vars == NULL)
		return 0;
	const char *const *ga = variants_lookup(vars, a);
	return ga != NULL && ga == variants_lookup(vars, b);
}

/* Does the text's words (e->words.s at e->offs[0..n)) hold qq as written? */
static int
exact_holds(const struct exact *e, const struct query_quote *qq, size_t n)
{
	for (size_t i = 0; i + qq->n <= n; i++) {
		size_t k = 0;
		while (k < qq->n && exact_same(e->vars, qq->words[k], e->text.s + e->offs[i + k]))
			k++;
		if (k == qq->n)
			return 1;
	}
	return 0;
}

unsigned
exact_count(struct exact *e, const struct query_quote *qq, size_t nq, const char *text,
	    size_t len)
{
	struct word w;
	size_t n = 0;
	unsigned held = 0;

	buf_reset(&e->text);
	words_reset(&e->words, text, len);
	while (words_next(&e->words, &w)) {
		if (n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 256;
			e->offs = xrealloc(e->offs, e->cap * sizeof *e->offs);
		}
		e->offs[n++] = e->text.len;
		buf_add(&e->text, w.term, w.len);
		buf_addc(&e->text, '\0');
	}
	for (size_t i = 0; i < nq; i++)
		held += (unsigned)exact_holds(e, &qq[i], n);
	return held;
}

void
exact_init(struct exact *e, struct variants *vars)
{
	memset(e, 0, sizeof *e);
	e->vars = vars;
	words_init(&e->words, "", 0);
	buf_init(&e->text);
}

void
exact_free(struct exact *e)
{
	words_free(&e->words);
	buf_free(&e->text);
	free(e->offs);
}
