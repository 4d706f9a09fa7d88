/*
 * suggest.c: "did you mean": for each word of a query that the index does
 * not hold, the closest word it holds (an edit or two away, the commoner
 * first), or, for a word of a field that only the text holds, that it is
 * in no such field.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"


/* The edit distance of a and b, an adjacent transposition counting as
 * one edit ("gorbahcev"), or max + 1 when it is more than max. */
static unsigned
suggest_distance(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
	unsigned d[64][64];
	if (la >= 63 || lb >= 63)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned best = d[i][0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			unsigned del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			unsigned v = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return d[la][lb];
}

struct suggest {
	const char *word;        /* prefix + stem */
	size_t len;
	unsigned max, best;
	uint64_t bestfreq;
	uint64_t common;         /* the frequency of a common term */
	char *term;
};

/* A suggestion must be close (one edit, or two for longer words) and
 * common enough: in at least SUGGEST_MIN1 passages for one edit (a name
 * spelt one letter off, "Khomeni", is worth telling even when rare), and
 * for two edits in SUGGEST_MIN2 and one passage in SUGGEST_SHARE ("Kursk"
 * is not "kaske", in ten passages of two of Reuters' 21,578 stories).  The
 * closest wins, then the more frequent. */
#define SUGGEST_MIN1 3
#define SUGGEST_MIN2 10
#define SUGGEST_SHARE 2000

static int
suggest_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
	struct suggest *s = ctx;
	unsigned d = suggest_distance(s->word, s->len, term, len, s->max);
	if (d == 0 || d > s->max || freq < (d == 1 ? SUGGEST_MIN1 : SUGGEST_MIN2) ||
	    (d > 1 && freq < s->common))
		return 0;
	if (d < s->best || (d == s->best && freq > s->bestfreq)) {
		free(s->term);
		s->term = xstrndup(term, len);
		s->best = d;
		s->bestfreq = freq;
	}
	return 0;
}

/* A word of the first passage indexed by the body term stem, lowercased:
 * the index holds stems, and a suggestion is shown as a word.  NULL when
 * there is none. */
static char *
suggest_word_for_stem(cfs_rdb *db, const char *stem)
{
	char *data = NULL, *store = NULL, *found = NULL;
	size_t len;
	struct docdata d;

	if (cfs_rdb_first_data(db, stem, &data, &len) == CFS_OK && len > 0 &&
	    docdata_decode(data, len, &d, &store) == 0) {
		struct words w;
		struct word x;
		words_init(&w, d.text, d.text_len);
		/* a possessive ("gorbachev's") only if there is no plain word */
		while ((found == NULL || strchr(found, '\'')) && words_next(&w, &x)) {
			char *st = NULL;
			if (cfs_stem(x.term, x.len, &st) == CFS_OK && strcmp(st, stem) == 0 &&
			    (found == NULL || memchr(x.term, '\'', x.len) == NULL)) {
				free(found);
				found = xstrndup(x.term, x.len);
			}
			free(st);
		}
		words_free(&w);
		size_t fl = found ? strlen(found) : 0;
		if (fl > 2 && strcmp(found + fl - 2, "'s") == 0)
			found[fl - 2] = '\0';
	}
	free(store);
	free(data);
	return found;
}

/* The closest indexed word of its field to an unknown one, or NULL.  The
 * index holds stems: the word's stem is compared with them; a body stem is
 * shown as a word of a passage that holds it. */
static char *
suggest_word(cfs_rdb *db, const struct plan_word *u)
{
	char *stem = NULL, *shown, *key;
	size_t pre = strlen(u->prefix);
	if (cfs_stem(u->word, strlen(u->word), &stem) != CFS_OK) {
		free(stem);
		return NULL;
	}
	key = xasprintf("%s%s", u->prefix, stem);
	size_t len = strlen(stem);
	char *scan = xstrndup(key, pre + 1);
	uint64_t docs = 0;
	cfs_rdb_doccount(db, &docs);
	struct suggest s = { key, strlen(key), len <= 4 ? 1 : 2, 99, 0, docs / SUGGEST_SHARE, NULL };
	free(stem);
	if (len < 3 || (unsigned char)key[pre] < 'a' || (unsigned char)key[pre] > 'z' ||
	    cfs_rdb_each_term(db, scan, suggest_term, &s) != CFS_OK || s.term == NULL) {
		free(s.term);
		free(scan);
		free(key);
		return NULL;
	}
	free(scan);
	free(key);
	shown = pre == 0 ? suggest_word_for_stem(db, s.term) : xstrdup(s.term + pre);
	free(s.term);
	return shown;
}

/* ---- running it ---- */

/* Is the word of a field (title:putin) in the text of some passage? */
static int
suggest_in_text(cfs_rdb *db, const struct plan_word *u)
{
	char *stem = NULL;
	uint64_t freq = 0;
	if (*u->prefix == '\0' || field_of_prefix(u->prefix) == NULL)
		return 0;
	if (cfs_stem(u->word, strlen(u->word), &stem) == CFS_OK)
		cfs_rdb_termfreq(db, stem, &freq);
	free(stem);
	return freq > 0;
}

/* Offer the closest indexed words to those the index does not hold (at
 * most SUGGEST_LINES of them: a long query has many); a word of a field
 * that the text holds is said to be in no such field, not misspelt. */
#define SUGGEST_LINES 5
void
suggest_print(cfs_rdb *db, const struct plan_word *u, size_t nu, int debug)
{
	size_t said = 0, more = 0;
	for (size_t i = 0; i < nu; i++) {
		if (said >= SUGGEST_LINES) {
			more++;
			continue;
		}
		if (suggest_in_text(db, &u[i])) {
			const char *name = field_of_prefix(u[i].prefix)->name;
			log_warn("\"%s\" is in no %s (it is in the text: search for it without "
				 "%s:)", u[i].word, name, name);
			said++;
			continue;
		}
		char *s = suggest_word(db, &u[i]);
		if (s) {
			log_warn("\"%s\" is not in the index; did you mean \"%s\"?", u[i].word, s);
			said++;
		} else if (debug) {
			log_warn("\"%s\" is not in the index", u[i].word);
			said++;
		}
		free(s);
	}
	if (more)
		log_warn("(%zu more word%s of the query not in the index)", more,
			 more == 1 ? "" : "s");
}

