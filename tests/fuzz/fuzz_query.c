/*
 * fuzz_query.c: libFuzzer harness for queries.
 *
 * Once, a small index is built in a temporary directory from tests/corpora
 * and tests/fixtures/articles (the source tree is $CFS_FUZZ_SRCDIR, else
 * FUZZ_SRCDIR given when compiling).  Each input is then a query string:
 * it is read, expanded and planned (src/plan.c), then run without and
 * with name variants, with options picked from the input's length, and
 * its hits are decoded, highlighted and printed (text and JSON) to
 * /dev/null.  A query that cannot be read is fine (one line of error); a
 * crash, a leak, a hang or a broken promise is not.
 *
 * Built by tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined);
 * tests/test_regress.c runs fuzz_query_check on tests/fuzz/regress/query-*.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfsearch.h"
#include "fuzz.h"

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_query: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

static FILE *fuzz_null;

int
fuzz_query_setup(struct fuzz_index *fi, const char *srcdir)
{
	const char *tmp = getenv("TMPDIR");
	char *paths[2];
	struct index_opts o;
	char *err = NULL, *skipped = NULL, *xdb;
	cfs_status st;
	int rc;

	memset(fi, 0, sizeof *fi);
	fi->tmpdir = xasprintf("%s/cfs-fuzz-query.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fi->tmpdir) == NULL) {
		perror(fi->tmpdir);
		return -1;
	}
	paths[0] = xasprintf("%s/tests/corpora", srcdir);
	paths[1] = xasprintf("%s/tests/fixtures/articles", srcdir);
	memset(&o, 0, sizeof o);
	o.db = fi->tmpdir;
	o.paths = (const char *const *)paths;
	o.npaths = 2;
	o.quiet = 1;
	o.batch_files = 2000;
	log_quiet = 1;
	rc = indexer_run(&o);
	free(paths[0]);
	free(paths[1]);
	if (rc != CFS_EXIT_OK) {
		fprintf(stderr, "fuzz_query: indexing %s failed (%d)\n", srcdir, rc);
		return -1;
	}
	xdb = dbdir_xapian_path(fi->tmpdir);
	st = cfs_rdb_open((const char *const *)&xdb, 1, 0, 0, &fi->db, &skipped, &err);
	free(xdb);
	free(skipped);
	if (st != CFS_OK) {
		fprintf(stderr, "fuzz_query: %s: %s\n", fi->tmpdir, err ? err : "cannot open");
		free(err);
		return -1;
	}
	fi->vars = variants_load(NULL, 0, 0);
	if (fuzz_null == NULL)
		fuzz_null = fopen("/dev/null", "w");
	return fuzz_null != NULL ? 0 : -1;
}

void
fuzz_query_teardown(struct fuzz_index *fi)
{
	cfs_rdb_close(fi->db);
	variants_free(fi->vars);
	if (fi->tmpdir != NULL)
		dbdir_rmtree(fi->tmpdir);
	free(fi->tmpdir);
	memset(fi, 0, sizeof *fi);
	if (fuzz_null != NULL)
		fclose(fuzz_null);
	fuzz_null = NULL;
}

/* The hits of m: decoded, highlighted, printed to /dev/null. */
static void
fuzz_hits(cfs_rdb *db, const cfs_query_opts *q, const struct planned *pl, cfs_mset *m)
{
	const char *const *stems = (const char *const *)pl->plan.stems;
	size_t n = cfs_mset_size(m);
	struct highlighter *hl;

	CHECK(stems != NULL, "no stems to highlight");
	for (size_t i = 0; stems[i] != NULL; i++)
		CHECK(stems[i][0] != '\0', "an empty stem to highlight");
	CHECK(n <= q->limit, "%zu hits for a limit of %u", n, q->limit);
	CHECK(cfs_mset_estimated(m) >= n, "estimate below the hits");
	hl = output_highlighter_new(stems);
	for (size_t i = 0; i < n; i++) {
		struct docdata d;
		char *store = NULL;
		size_t len, vlen, *mt = NULL, nm;
		const char *data = cfs_mset_data(m, i, &len);
		double score = cfs_mset_score(m, i);
		struct buf snip;

		CHECK(isfinite(score) && score >= 0, "hit %zu: score %g", i, score);
		(void)cfs_mset_value(m, i, CFS_SLOT_DATE, &vlen);
		CHECK(vlen == 0 || vlen == 14, "hit %zu: date value of %zu bytes", i, vlen);
		CHECK(q->values == 0 || (q->values & (1u << CFS_SLOT_DATE)) || vlen == 0,
		      "hit %zu: a date value not asked for", i);
		(void)cfs_mset_value(m, i, CFS_SLOT_ARTICLE, &vlen);
		CHECK(vlen == 16, "hit %zu: article key of %zu bytes", i, vlen);
		(void)cfs_mset_collapsed(m, i);
		CHECK(docdata_decode(data, len, &d, &store) == 0, "hit %zu: bad document data", i);
		nm = output_matches(hl, d.text, d.text_len, &mt);
		for (size_t k = 0; k < nm; k++) {
			CHECK(mt[2 * k] < mt[2 * k + 1] && mt[2 * k + 1] <= d.text_len,
			      "hit %zu: match %zu-%zu in %zu bytes", i, mt[2 * k],
			      mt[2 * k + 1], d.text_len);
			CHECK(k == 0 || mt[2 * k] >= mt[2 * k - 1], "hit %zu: matches overlap", i);
		}
		buf_init(&snip);
		output_snippet(d.text, d.text_len, mt, nm, 240, &snip);
		json_write_string(fuzz_null, snip.s ? snip.s : "", snip.len);
		buf_free(&snip);
		output_highlighted(fuzz_null, d.text, d.text_len, mt, nm, (int)(i & 1));
		{
			struct output_hit oh = { (unsigned)i + 1, score, 1, cfs_mset_collapsed(m, i), &d, NULL, 0 };
			{ struct output_style st = { (int)(i & 1), 80, 3, (int)(i & 2) }; output_hit_text(fuzz_null, &oh, hl, &st); output_hit_vimgrep(fuzz_null, &oh, hl); }
			output_hit_json(fuzz_null, &oh, hl);
		}
		free(mt);
		free(store);
	}
	output_highlighter_free(hl);
	for (size_t i = 0; i < pl->nunknown; i++) {
		uint64_t f = 1;
		char *st = NULL, *t;
		const char *w = pl->unknown[i].word;
		CHECK(cfs_stem(w, strlen(w), &st) == CFS_OK, "stem of '%s'", w);
		t = xasprintf("%s%s", pl->unknown[i].prefix, st);
		CHECK(cfs_rdb_termfreq(db, t, &f) == CFS_OK && f == 0, "unknown '%s' is known", t);
		free(t);
		free(st);
	}
}

/* By date, the boosts weighed from the page's last date on give the same
 * hits and scores as weighed for every match. */
static void
fuzz_one_pass(cfs_rdb *db, const char *query, const cfs_query_opts *q, const cfs_mset *m)
{
	cfs_query_opts q1 = *q;
	cfs_mset *m1 = NULL;

	q1.flags = (q->flags & ~CFS_Q_DEBUG) | CFS_Q_ONE_PASS;
	CHECK(cfs_search(db, &q1, &m1, NULL) == CFS_OK, "'%s' in one pass: %s", query,
	      cfs_rdb_errmsg(db));
	CHECK(cfs_mset_size(m1) == cfs_mset_size(m), "'%s': %zu hits in one pass, %zu in two",
	      query, cfs_mset_size(m1), cfs_mset_size(m));
	for (size_t i = 0; i < cfs_mset_size(m); i++) {
		size_t l0, l1;
		const char *d0 = cfs_mset_data(m, i, &l0), *d1 = cfs_mset_data(m1, i, &l1);
		CHECK(l0 == l1 && memcmp(d0, d1, l0) == 0, "'%s': hit %zu differs", query, i);
		CHECK(cfs_mset_score(m, i) == cfs_mset_score(m1, i), "'%s': score %zu differs",
		      query, i);
	}
	/* the estimates are Xapian's, of the plain query and of the boosted
	 * one: with the per-article cap they may differ (50 and 40) */
	CHECK(cfs_mset_estimated(m) >= q->offset + cfs_mset_size(m), "'%s': estimate %llu too low",
	      query, (unsigned long long)cfs_mset_estimated(m));
	cfs_mset_free(m1);
}

void
fuzz_query_check(struct fuzz_index *fi, const uint8_t *data, size_t size)
{
	char *query = xstrndup((const char *)data, size);   /* up to a NUL */
	unsigned pick = (unsigned)size;

	json_write_string(fuzz_null, query, strlen(query));
	output_text(fuzz_null, query, strlen(query));
	for (int pass = 0; pass < 2; pass++) {
		struct plan_opts po;
		struct planned pl;
		cfs_query_opts q;
		cfs_mset *m = NULL;
		char *desc = NULL, *err = NULL;
		cfs_status st;
		int r;

		memset(&po, 0, sizeof po);
		po.now = 1741600000;   /* 2025-03-10: relative dates stay put */
		po.title_weight = pass ? 0.3 : (pick & 8 ? 0 : 0.3);
		po.sort_date = (pick & 1) != 0;
		po.no_boosts = (pick & 2) != 0;
		po.no_tiers = (pick & 4) != 0;
		if (pick & 32)
			po.since = "20000101";
		if (pick & 64)
			po.until = "20991231";
		struct query *pq = query_parse(query, po.now, &err);
		if (pq == NULL) {
			CHECK(err != NULL && *err && strchr(err, '\n') == NULL,
			      "query '%s': not one line of error", query);
			free(err);
			continue;
		}
		r = plan_query(pq, fi->db, pass == 1 ? fi->vars : NULL, 100, &po, &pl);
		CHECK(r == 0, "query '%s': the database failed: %s", query, cfs_rdb_errmsg(fi->db));
		q = pl.plan.q;
		q.limit = 10 + pick % 7;
		q.k1 = 1.2;
		q.b = 0.75;
		q.per_article = pick & 16 ? 0 : 2;
		q.values = pick & 128 ? 1u << CFS_SLOT_ARTICLE : 0;   /* as search.c */
		q.flags = CFS_Q_DEBUG | (po.sort_date ? CFS_Q_SORT_DATE : 0);
		st = cfs_search(fi->db, &q, &m, &desc);
		CHECK(st == CFS_OK, "query '%s': status %s: %s", query, cfs_status_str(st),
		      cfs_rdb_errmsg(fi->db));
		CHECK(m != NULL, "CFS_OK without an mset");
		CHECK(desc != NULL, "no description with CFS_Q_DEBUG");
		output_text(fuzz_null, desc, strlen(desc));
		fuzz_hits(fi->db, &q, &pl, m);
		if (q.flags & CFS_Q_SORT_DATE)
			fuzz_one_pass(fi->db, query, &q, m);
		free(desc);
		cfs_mset_free(m);
		plan_query_free(&pl);
	}
	free(query);
}
#ifndef FUZZ_NO_MAIN
#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fuzz_index fuzz_index;

static void
fuzz_atexit(void)
{
	fuzz_query_teardown(&fuzz_index);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("CFS_FUZZ_SRCDIR");

	(void)argc;
	(void)argv;
	if (fuzz_query_setup(&fuzz_index, src && *src ? src : FUZZ_SRCDIR) != 0)
		exit(1);
	atexit(fuzz_atexit);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_query_check(&fuzz_index, data, size);
	return 0;
}
#endif
