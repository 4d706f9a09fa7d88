/*
 * feedback.c: other words for what the query asks.  A reader who writes
 * "Kremlin wants more information before deciding" will not find "Kremlin
 * officials requesting more details" by the query's words alone.  The best
 * passages of the query (one an article) are taken as answers, and the
 * terms that set them apart (cfs_feedback: Xapian's ESet) join the query
 * with a small weight, so that passages using them rise, and passages that
 * use them instead of the query's words are found at all.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

#define FEEDBACK_DOCS 10     /* passages taken as answers */
#define FEEDBACK_TERMS 10    /* terms added */

int
feedback_expand(struct planned *pl, cfs_rdb *db, double weight, int debug)
{
	char **terms;
	double *w;
	size_t n;

	if (weight <= 0 || pl->plan.q.query == NULL)
		return 0;
	if (cfs_feedback(db, &pl->plan.q, FEEDBACK_DOCS, FEEDBACK_TERMS, &terms, &w, &n) != CFS_OK)
		return -1;
	if (n == 0) {
		free(terms);
		free(w);
		return 0;
	}
	struct query *q = pl->query;
	cfs_qnode *or = query_node(q, CFS_QN_OR, 1 + n);
	or->kids[0] = (cfs_qnode *)pl->plan.q.query;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		cfs_qnode *t = query_term(q, "", terms[i], strlen(terms[i]));
		t->stemmed = 1;
		t->scale = weight * w[i] / w[0];
		or->kids[1 + i] = t;
		if (debug)
			buf_printf(&b, "%s%s %.2f", i ? ", " : "", terms[i], t->scale);
		free(terms[i]);
	}
	free(terms);
	free(w);
	pl->plan.q.query = or;
	if (debug)
		fprintf(stderr, "cfsearch: expanded with: %s\n", b.s);
	buf_free(&b);
	return 0;
}
