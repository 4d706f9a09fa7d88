/*
 * shim.h: the C interface to Xapian.
 *
 * The files of src/xapian/ are the only ones that include <xapian.h>.
 * Everything here is plain C: opaque handles, a status enum, a per-handle
 * error message, and the query tree the C side builds.  No function lets
 * an exception escape; each returns a status (or cannot fail).
 *
 * Ownership rules, stated once and repeated where it matters:
 *  - A handle returned through an out parameter belongs to the caller and is
 *    released with its matching *_close / *_free function (NULL is allowed).
 *  - "char **err" out parameters receive a malloc()ed message on failure
 *    (caller frees) and NULL on success.  err may itself be NULL.
 *  - *_errmsg() returns a string owned by the handle, valid until the next
 *    call on that handle; it is "" when the last call succeeded.
 *  - Strings returned through "char **out" are malloc()ed; the caller frees.
 *  - Pointers returned by cfs_mset_* accessors are owned by the mset and are
 *    valid until cfs_mset_free().
 */
#ifndef CFS_SHIM_H
#define CFS_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CFS_OK = 0,
	CFS_ERR_LOCK,       /* Xapian::DatabaseLockError: another writer holds it */
	CFS_ERR_MODIFIED,   /* Xapian::DatabaseModifiedError: reopen and retry */
	CFS_ERR_QUERY,      /* Xapian::QueryParserError: malformed query */
	CFS_ERR_NOT_FOUND,  /* Xapian::DatabaseNotFoundError / DatabaseOpeningError */
	CFS_ERR_CORRUPT,    /* Xapian::DatabaseCorruptError / DatabaseVersionError */
	CFS_ERR_NETWORK,    /* Xapian::NetworkError (incl. timeouts) */
	CFS_ERR_SCHEMA,     /* an index schema this cfsearch does not read */
	CFS_ERR_XAPIAN,     /* any other Xapian::Error */
	CFS_ERR_NOMEM,      /* std::bad_alloc */
	CFS_ERR_INVALID,    /* a bad argument from the caller */
	CFS_ERR_UNKNOWN     /* any other exception */
} cfs_status;

/* A short constant name for a status ("database locked", ...). Never NULL. */
const char *cfs_status_str(cfs_status st);

/* ---- Index schema shared by the indexer and the searcher ---- */

/* Term prefixes. */
#define CFS_PREFIX_TITLE   "S"    /* title words, positional */
#define CFS_PREFIX_SOURCE  "XS"   /* source words, positional */
#define CFS_PREFIX_SPEAKER "XQ"   /* speakers of the passage's statements (no positions) */
#define CFS_PREFIX_ARTICLE "XP"   /* boolean: article key (hash of path) */
/* the header fields' prefixes (src/fields.c): XL places, XT topics, XN
 * people, XO orgs, XD dateline, A author, K keywords; stemmed, without
 * positions */

/* The schema: how text becomes terms and values.  3: every word
 * (src/words.c) stemmed (English), with positions; the date value a
 * date and time.  Kept in the metadata key CFS_META_SCHEMA.  A database
 * of another schema (1: written by cfsearch 0.1.0 before 2026-12-01,
 * words as written plus stems without positions; 2: the date value a
 * day) is refused with CFS_ERR_SCHEMA, for reading and for writing: a
 * rebuild brings it to this one. */
#define CFS_SCHEMA        3
#define CFS_META_SCHEMA   "schema"

/* Value slots. */
#define CFS_SLOT_DATE     0  /* "YYYYMMDDhhmmss" (UTC; 000000 for a day without a
			      * time), absent when no date */
#define CFS_SLOT_ARTICLE  1  /* article key: collapse key for --per-article */
#define CFS_SLOT_DUP      2  /* exact-duplicate key: written before 2026-12-01, no longer
				* (search hashes the stored text, docdata_dupkey) */
#define CFS_SLOT_ORDER    3  /* tie-break: inverted date and time (14 digits),
			      * path, line (sorts ascending) */

/* ---- Writable database ---- */

typedef struct cfs_wdb cfs_wdb;

/* A field to index with positions: its words (as src/words.c makes them,
 * each NUL-terminated, one after the other) go in as terms with prefix
 * (may be ""), stemmed (English).  wdf_inc is the weight of each
 * occurrence (1 for body text).  Fields are 100 positions apart, so no
 * phrase spans two. */
typedef struct {
	const char *prefix;
	const char *words;
	size_t nwords;
	unsigned wdf_inc;
	int terms_only;         /* terms without positions or wdf (a list:
				 * places, topics, ...): they filter, and do
				 * not lengthen the passage */
} cfs_field;

typedef struct {
	unsigned slot;
	const char *val;
	size_t len;
} cfs_value;

/* One document (a passage).  All pointers are borrowed for the call. */
typedef struct {
	const char *data;              /* document data, stored as is */
	size_t data_len;
	const cfs_field *fields;
	size_t nfields;
	const char *const *bool_terms; /* boolean terms (no positions, wdf 0) */
	size_t nbool;
	const cfs_value *values;
	size_t nvalues;
} cfs_doc;

/* Open (creating it if need be) the database at dir for writing.  Takes
 * Xapian's writer lock: CFS_ERR_LOCK when another process has it.
 * CFS_ERR_SCHEMA when it holds passages of another schema. */
cfs_status cfs_wdb_open(const char *dir, cfs_wdb **out, char **err);
/* Commit pending changes and release the handle (NULL is allowed). */
cfs_status cfs_wdb_close(cfs_wdb *db);
const char *cfs_wdb_errmsg(const cfs_wdb *db);

cfs_status cfs_wdb_add(cfs_wdb *db, const cfs_doc *doc);
/* Delete every document indexed by term; *ndeleted (may be NULL) gets how
 * many were deleted. */
cfs_status cfs_wdb_delete_term(cfs_wdb *db, const char *term, unsigned *ndeleted);
/* Make everything added or deleted since the last commit durable, atomically. */
cfs_status cfs_wdb_commit(cfs_wdb *db);

/* User metadata (keys up to 200 bytes).  An empty value deletes the key.
 * get: *out is malloc()ed, "" when the key is absent; *outlen may be NULL. */
cfs_status cfs_wdb_set_meta(cfs_wdb *db, const char *key, const char *val, size_t len);
cfs_status cfs_wdb_get_meta(cfs_wdb *db, const char *key, char **out, size_t *outlen);
/* Call fn for every metadata key starting with prefix, in key order, with the
 * key and its value (borrowed for the call).  A non-zero return from fn
 * stops the walk. */
typedef int (*cfs_meta_fn)(void *ctx, const char *key, const char *val, size_t len);
cfs_status cfs_wdb_each_meta(cfs_wdb *db, const char *prefix, cfs_meta_fn fn, void *ctx);
cfs_status cfs_wdb_doccount(cfs_wdb *db, uint64_t *out);

/* Merge the databases in srcs into a new database at dst (Xapian
 * compaction: the result is compact and searchable as one). */
cfs_status cfs_compact(const char *const *srcs, size_t nsrcs, const char *dst, char **err);

/* ---- Read-only database (one or several, local or remote) ---- */

typedef struct cfs_rdb cfs_rdb;

/* Open the databases named by paths (a database directory or a Xapian stub
 * file, which may name remote shards) as one.  timeout_ms bounds remote
 * operations (0: Xapian's default).  With allow_partial, a database that
 * cannot be opened is left out and named in *skipped (malloc()ed list
 * "path: reason" lines, caller frees; NULL when none). */
cfs_status cfs_rdb_open(const char *const *paths, size_t npaths, unsigned timeout_ms,
			int allow_partial, cfs_rdb **out, char **skipped, char **err);
/* The same, leaving out the remote databases named in except (as their
 * stub lines name them: "remote HOST:PORT"), with --partial reported as
 * not answering. */
cfs_status cfs_rdb_open_except(const char *const *paths, size_t npaths, unsigned timeout_ms,
			       int allow_partial, const char *const *except, size_t nexcept,
			       cfs_rdb **out, char **skipped, char **err);
void cfs_rdb_close(cfs_rdb *db);
/* The remote database that failed the last search with a network error
 * (as opened: "remote HOST:PORT"), or "" when none or unknown. */
const char *cfs_rdb_failed(const cfs_rdb *db);
const char *cfs_rdb_errmsg(const cfs_rdb *db);
/* Bring the handle up to the latest committed revision. */
cfs_status cfs_rdb_reopen(cfs_rdb *db);
/* The index schema of the databases opened: CFS_SCHEMA (cfs_rdb_open
 * refuses any other, with CFS_ERR_SCHEMA). */
int cfs_rdb_schema(const cfs_rdb *db);
cfs_status cfs_rdb_doccount(cfs_rdb *db, uint64_t *out);
cfs_status cfs_rdb_termfreq(cfs_rdb *db, const char *term, uint64_t *out);
cfs_status cfs_rdb_get_meta(cfs_rdb *db, const char *key, char **out, size_t *outlen);
/* Call fn for every term starting with prefix (in byte order) with its
 * term frequency.  A non-zero return from fn stops the walk. */
typedef int (*cfs_term_fn)(void *ctx, const char *term, size_t len, uint64_t termfreq);
cfs_status cfs_rdb_each_term(cfs_rdb *db, const char *prefix, cfs_term_fn fn, void *ctx);
/* The document data of the first document indexed by term (malloc()ed in
 * *out, *len its length; "" when there is none). */
cfs_status cfs_rdb_first_data(cfs_rdb *db, const char *term, char **out, size_t *len);

/* ---- Queries ---- */

/* A query is a tree of these, built by the C side (src/query.c parses the
 * user's query, src/expand.c adds variants and wildcard expansions,
 * src/plan.c cuts it into the parts below) and run as it is. */
typedef enum {
	CFS_QN_TERM,       /* prefix + word: a word of a field, stemmed here; with
			    * stemmed set, word is a term as indexed */
	CFS_QN_PHRASE,     /* kids (TERMs, or ORs of TERMs) in order, within window */
	CFS_QN_NEAR,       /* kids (likewise) in any order, within window */
	CFS_QN_AND,
	CFS_QN_OR,
	CFS_QN_XOR,
	CFS_QN_AND_NOT,    /* kids[0], without what any other kid matches */
	CFS_QN_AND_MAYBE,  /* kids[0], weighed also by the other kids */
	CFS_QN_SYNONYM,    /* kids as one term (a wildcard's expansions) */
	CFS_QN_WILD,       /* prefix + word*, before expansion: never run */
	CFS_QN_DATE,       /* articles dated from..until, days ("" for an open end) */
	CFS_QN_NOTHING     /* matches nothing */
} cfs_qop;

typedef struct cfs_qnode {
	cfs_qop op;
	const char *prefix;        /* TERM, WILD: the field's term prefix ("": text) */
	const char *word;          /* TERM, WILD */
	int stemmed;               /* TERM: word is a stem already */
	unsigned window;           /* PHRASE, NEAR: positions the kids fit in */
	double scale;              /* > 0: its weight multiplied by scale */
	char from[9], until[9];    /* DATE: YYYYMMDD or "" */
	struct cfs_qnode **kids;
	size_t nkids;
} cfs_qnode;

enum {
	CFS_Q_DEBUG = 1,        /* fill *description with the queries that ran */
	CFS_Q_SORT_DATE = 2,    /* newest first, relevance breaks ties */
	CFS_Q_ONE_PASS = 4,     /* with CFS_Q_SORT_DATE, weigh the boosts for every
				 * match, not only from the date the page ends at
				 * (the same hits, slower: for tests) */
	CFS_Q_COUNT_ARTICLES = 8, /* under a per-article cap, count each hit's
				   * article's matching passages */
	CFS_Q_SORT_OLDEST = 16   /* with CFS_Q_SORT_DATE: oldest first, the
				  * undated last */
};

typedef struct {
	const cfs_qnode *query;        /* what a passage must match, and its weight */
	const cfs_qnode *filter;       /* what it must also match, without weight
					* (NULL: nothing more) */
	const cfs_qnode *const *units; /* the parts of a plain query that the
					* index holds (fewer than 2: none): each
					* hit says whether it matches them all */
	size_t nunits;
	int tiers;               /* rank passages matching all the units first */
	const cfs_qnode *const *near;  /* words (TERMs, or ORs of TERMs) whose
					* standing together as a phrase, or near
					* each other, adds weight (fewer than 2:
					* no such boost) */
	size_t nnear;
	const cfs_qnode *title;        /* the title's part of the weight (NULL:
					* none), scaled by title_weight */
	double title_weight;
	const cfs_qnode *fields;       /* the header fields' part (NULL: none):
					* an OR of TERMs; each adds
					* fields_weight * log(N / termfreq) to
					* the passages of the articles it is in */
	double fields_weight;
	unsigned offset;
	unsigned limit;          /* hits wanted */
	double k1, b;            /* BM25 parameters */
	unsigned per_article;    /* at most this many passages per article (0: no cap) */
	unsigned flags;          /* CFS_Q_* */
	unsigned values;         /* the value slots to read for each hit returned,
				  * bit s for slot s; 0: all four.  A slot not
				  * asked for may come back "", except the order
				  * key when sorting by relevance and the article
				  * under a per-article cap (the match has them). */
} cfs_query_opts;

typedef struct cfs_mset cfs_mset;

/* Run a search.  CFS_ERR_INVALID for a tree that cannot run (a WILD left
 * in it).  *description (may be NULL) receives a malloc()ed text form of
 * the queries that ran when CFS_Q_DEBUG is set. */
cfs_status cfs_search(cfs_rdb *db, const cfs_query_opts *opts, cfs_mset **out,
		      char **description);
/* How many passages and articles match opts's query and filter (the
 * boosts and tiers aside): estimates, unless exact (which reads every
 * match). */
cfs_status cfs_count(cfs_rdb *db, const cfs_query_opts *opts, int exact, uint64_t *passages,
		     uint64_t *articles);
/* Pseudo-relevance feedback: the text terms (stems) that best tell the
 * best ndocs passages of opts's query (one an article) from the others,
 * Xapian's ESet, at most nterms, none of the query's own and none held by
 * more than a twentieth of the passages.  *terms and each of its strings
 * are malloc()ed; *weights (malloc()ed) are the ESet's weights, highest
 * first. */
cfs_status cfs_feedback(cfs_rdb *db, const cfs_query_opts *opts, unsigned ndocs, unsigned nterms,
			char ***terms, double **weights, size_t *n);
void cfs_mset_free(cfs_mset *m);
size_t cfs_mset_size(const cfs_mset *m);
uint64_t cfs_mset_estimated(const cfs_mset *m);
double cfs_mset_score(const cfs_mset *m, size_t i);
/* Document data of hit i (borrowed from the mset). */
const char *cfs_mset_data(const cfs_mset *m, size_t i, size_t *len);
/* A value slot of hit i ("" when unset; borrowed from the mset). */
const char *cfs_mset_value(const cfs_mset *m, size_t i, unsigned slot, size_t *len);
/* Number of hits of i's article that the per-article cap left out. */
uint64_t cfs_mset_collapsed(const cfs_mset *m, size_t i);
/* With CFS_Q_COUNT_ARTICLES, how many passages of hit i's article match
 * (0 otherwise). */
uint64_t cfs_mset_in_article(const cfs_mset *m, size_t i);
/* Does hit i match all the units: 1, 0, or -1 when there were none. */
int cfs_mset_all_units(const cfs_mset *m, size_t i);

/* ---- Text (src/xapian/text.cc) ---- */

/* English stem of a lowercase UTF-8 word into a malloc()ed string. */
cfs_status cfs_stem(const char *word, size_t len, char **out);
/* Unicode character classes, as Xapian has them (src/words.c splits words
 * with them): a word character (letter, mark, digit, connector), its
 * lowercase form, a decimal digit. */
int cfs_char_is_word(uint32_t c);
uint32_t cfs_char_lower(uint32_t c);
int cfs_char_is_digit(uint32_t c);
/* The words Xapian's TermGenerator makes of text (unstemmed, in order, with
 * their positions from 1): the oracle tests/test_words.c holds src/words.c
 * to.  A non-zero return from fn stops. */
typedef int (*cfs_word_fn)(void *ctx, const char *word, size_t len, unsigned pos);
cfs_status cfs_xapian_words(const char *text, size_t len, cfs_word_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
