/*
 * fuzz_article.c: libFuzzer harness for reading articles.
 *
 * The input is a file's bytes.  It goes the way the indexer reads a file
 * (gzip when it starts with the magic, text_decode, article_parse), then
 * each passage through text_normalize and words.c (held to Xapian's
 * TermGenerator), and the first line through
 * date_parse, date_period and date_range.  What cfsearch.h and cfsearch(1) promise is
 * checked; a broken promise aborts.
 *
 * Built by tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined).
 * tests/test_regress.c runs the same checks (fuzz_article_check) on the
 * inputs kept in tests/fuzz/regress/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"
#include "fuzz.h"

/* A smaller limit than CFS_MAX_FILE_BYTES keeps a bomb cheap to refuse. */
#define FUZZ_INFLATE_MAX ((size_t)4 << 20)

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_article: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* The line breaks of a text, to number lines quickly. */
struct fuzz_lines {
	size_t *at;     /* offsets of the line-ending bytes, ascending */
	size_t n;
};

static void
fuzz_lines_init(struct fuzz_lines *fl, const char *text, size_t len, char nl)
{
	fl->at = xmalloc((len + 1) * sizeof *fl->at);
	fl->n = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == nl)
			fl->at[fl->n++] = i;
}

/* Line number (1-based) of byte off: one more than the breaks before it. */
static unsigned
fuzz_line_of(const struct fuzz_lines *fl, size_t off)
{
	size_t lo = 0, hi = fl->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fl->at[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

static int
fuzz_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void
fuzz_check_date(const char *s)
{
	struct cfs_date d, d2;
	char iso[21], key[9], key2[9], hi[9];
	const char *why = NULL;

	if (date_parse(s, &d) == 0) {
		CHECK(d.year >= 1000 && d.year <= 9999, "year %d", d.year);
		CHECK(d.month >= 1 && d.month <= 12, "month %d", d.month);
		CHECK(d.day >= 1 && d.day <= 31, "day %d", d.day);
		CHECK(d.hour == -1 || (d.hour >= 0 && d.hour <= 23), "hour %d", d.hour);
		if (d.hour >= 0) {
			CHECK(d.min >= 0 && d.min <= 59, "min %d", d.min);
			CHECK(d.sec >= 0 && d.sec <= 59, "sec %d", d.sec);
		}
		date_iso(&d, iso);
		date_key(&d, key);
		CHECK(strlen(key) == 8, "key '%s'", key);
		/* the ISO form reads back as the same date */
		CHECK(date_parse(iso, &d2) == 0, "'%s' does not parse back", iso);
		CHECK(d2.year == d.year && d2.month == d.month && d2.day == d.day &&
		      d2.hour == d.hour && d2.min == d.min && d2.sec == d.sec,
		      "'%s' parses back differently", iso);
		CHECK(date_period(iso, 0, key2, hi, &why) == 0 && strcmp(key, key2) == 0 &&
		      strcmp(hi, key) == 0, "date_period('%s') is not %s", iso, key);
	}
	if (date_range(s, 0, key, hi, &why) == 0) {
		CHECK(key[0] || hi[0], "date_range('%s'): no end", s);
		CHECK(!key[0] || !hi[0] || strcmp(key, hi) <= 0, "date_range('%s'): %s after %s",
		      s, key, hi);
		for (int i = 0; key[i]; i++)
			CHECK(key[i] >= '0' && key[i] <= '9' && strlen(key) == 8,
			      "date_range key '%s'", key);
	} else {
		CHECK(why != NULL && *why, "date_range('%s') fails without a reason", s);
	}
}

struct fuzz_terms {
	struct buf b;
	unsigned last;
	int gap;
};

static int
fuzz_term(void *ctx, const char *word, size_t len, unsigned pos)
{
	struct fuzz_terms *t = ctx;
	if (pos != t->last + 1)
		t->gap = 1;
	t->last = pos;
	buf_add(&t->b, word, len);
	buf_addc(&t->b, '\n');
	return 0;
}

/* The words of a passage (src/words.c) are the terms Xapian's
 * TermGenerator makes of its normalised text, in order; each word's bytes
 * are within the passage. */
static void
fuzz_check_words(const char *text, size_t len, const char *norm, size_t nlen, size_t i)
{
	struct fuzz_terms x;
	struct words w;
	struct word wd;
	struct buf ours;

	memset(&x, 0, sizeof x);
	buf_init(&x.b);
	CHECK(cfs_xapian_words(norm, nlen, fuzz_term, &x) == CFS_OK, "passage %zu: TermGenerator", i);
	buf_init(&ours);
	words_init(&w, text, len);
	while (words_next(&w, &wd)) {
		CHECK(wd.start < wd.end && wd.end <= len, "passage %zu: word at %zu-%zu of %zu", i,
		      wd.start, wd.end, len);
		buf_add(&ours, wd.term, wd.len);
		buf_addc(&ours, '\n');
	}
	words_free(&w);
	CHECK(!x.gap && x.b.len == ours.len && (ours.len == 0 || memcmp(x.b.s, ours.s, ours.len) == 0),
	      "passage %zu: words.c and Xapian's TermGenerator differ", i);
	buf_free(&x.b);
	buf_free(&ours);
}

static void
fuzz_check_article(const char *text, size_t len)
{
	struct cfs_article a;
	struct fuzz_lines fl;
	char nl = '\n';
	unsigned nlines;

	if (memchr(text, '\n', len) == NULL && memchr(text, '\r', len) != NULL)
		nl = '\r';
	fuzz_lines_init(&fl, text, len, nl);
	nlines = (unsigned)fl.n + 1;

	CHECK(article_parse(text, len, &a) == 0, "article_parse failed");
	CHECK(a.title != NULL, "no title");
	CHECK(utf8_valid(a.title, strlen(a.title)), "title not UTF-8");
	if (a.date != NULL) {
		struct cfs_date d;
		CHECK(date_parse(a.date, &d) == 0, "date '%s' does not parse", a.date);
		CHECK(strlen(a.datekey) == 8, "datekey '%s'", a.datekey);
	} else
		CHECK(a.datekey[0] == '\0', "datekey without a date");
	if (a.source != NULL)
		CHECK(utf8_valid(a.source, strlen(a.source)), "source not UTF-8");
	for (size_t i = 0; i < a.nmeta; i++) {
		CHECK(a.meta[i].key != NULL && a.meta[i].value != NULL, "meta %zu", i);
		CHECK(utf8_valid(a.meta[i].value, strlen(a.meta[i].value)),
		      "meta value not UTF-8");
	}
	for (size_t i = 0; i < a.nwarnings; i++)
		CHECK(a.warnings[i] != NULL, "warning %zu", i);
	CHECK(a.npassages <= PASSAGE_LIMIT, "%zu passages", a.npassages);
	CHECK(a.npassages > 0 || a.nwarnings > 0, "no passages and no warning");

	for (size_t i = 0; i < a.npassages; i++) {
		const struct cfs_passage *p = &a.passages[i];
		size_t nlen;
		char *norm;

		CHECK(p->text != NULL, "passage %zu: no text", i);
		CHECK(p->len > 0 && p->len == strlen(p->text),
		      "passage %zu: len %zu, strlen %zu", i, p->len, strlen(p->text));
		CHECK(p->len <= PASSAGE_MAX, "passage %zu: %zu bytes", i, p->len);
		CHECK(utf8_valid(p->text, p->len), "passage %zu: not UTF-8", i);
		CHECK(!fuzz_is_space((unsigned char)p->text[0]) &&
		      !fuzz_is_space((unsigned char)p->text[p->len - 1]),
		      "passage %zu: not trimmed", i);
		for (size_t k = 0; k < p->len; k++) {
			unsigned char c = (unsigned char)p->text[k];
			CHECK(c != '\n' && c != '\r' && c != '\t' && c != '\v' && c != '\f',
			      "passage %zu: white space other than ' ' at %zu", i, k);
			CHECK(!(c == ' ' && k > 0 && p->text[k - 1] == ' '),
			      "passage %zu: two spaces at %zu", i, k);
		}
		CHECK(p->line_start >= 1 && p->line_start <= p->line_end &&
		      p->line_end <= nlines, "passage %zu: lines %u-%u of %u", i,
		      p->line_start, p->line_end, nlines);
		CHECK(p->byte_start < p->byte_end && p->byte_end <= len,
		      "passage %zu: bytes %zu-%zu of %zu", i, p->byte_start,
		      p->byte_end, len);
		/* the ranges agree with each other and with the text */
		CHECK(fuzz_line_of(&fl, p->byte_start) == p->line_start,
		      "passage %zu: byte %zu is not on line %u", i, p->byte_start,
		      p->line_start);
		CHECK(fuzz_line_of(&fl, p->byte_end - 1) == p->line_end,
		      "passage %zu: byte %zu is not on line %u", i, p->byte_end - 1,
		      p->line_end);
		CHECK(text[p->byte_start] == p->text[0],
		      "passage %zu: starts with %02x, the file at %zu with %02x", i,
		      (unsigned char)p->text[0], p->byte_start,
		      (unsigned char)text[p->byte_start]);
		CHECK(text[p->byte_end - 1] == p->text[p->len - 1],
		      "passage %zu: ends with %02x, the file at %zu with %02x", i,
		      (unsigned char)p->text[p->len - 1], p->byte_end - 1,
		      (unsigned char)text[p->byte_end - 1]);
		if (i > 0)
			CHECK(p->byte_start >= a.passages[i - 1].byte_start,
			      "passage %zu starts before the one before it", i);

		norm = text_normalize(p->text, p->len, &nlen);
		CHECK(nlen <= p->len && nlen == strlen(norm),
		      "normalised passage %zu: %zu bytes from %zu", i, nlen, p->len);
		CHECK(utf8_valid(norm, nlen), "normalised passage %zu: not UTF-8", i);
		fuzz_check_words(p->text, p->len, norm, nlen, i);
		free(norm);
	}
	article_free(&a);
	free(fl.at);
}

void
fuzz_article_check(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	char *plain = NULL, *text = NULL, *first;
	size_t plainlen = 0, textlen = 0, n;
	const char *why = NULL, *note = NULL;
	enum text_kind k;

	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		if (gzip_inflate(in, size, FUZZ_INFLATE_MAX, &plain, &plainlen, &why) != 0) {
			CHECK(why != NULL && plain == NULL, "gzip failure without a cause");
			return;
		}
		CHECK(plainlen <= FUZZ_INFLATE_MAX, "inflated %zu bytes", plainlen);
		CHECK(plain[plainlen] == '\0', "inflated text not terminated");
		in = plain;
		size = plainlen;
	}

	/* the first line, as a date header's value might be */
	for (n = 0; n < size && n < 120 && in[n] != '\n'; n++)
		;
	first = xstrndup(in, n);
	fuzz_check_date(first);
	if (strncmp(first, "Date:", 5) == 0)
		fuzz_check_date(first + 5);
	free(first);

	k = text_decode(in, size, &text, &textlen, &note);
	if (k == TEXT_OK) {
		CHECK(text != NULL && textlen > 0, "TEXT_OK without text");
		CHECK(strlen(text) == textlen, "decoded text holds a NUL");
		CHECK(utf8_valid(text, textlen), "decoded text not UTF-8");
		if (note == NULL) {
			/* unconverted: the text is the file (a UTF-8 BOM aside) */
			size_t bom = size >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
			CHECK(textlen == size - bom && memcmp(text, in + bom, textlen) == 0,
			      "UTF-8 text changed by decoding");
		}
		fuzz_check_article(text, textlen);
	} else
		CHECK(text == NULL && textlen == 0, "text given with kind %d", (int)k);
	free(text);
	free(plain);
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_quiet = 1;
	fuzz_article_check(data, size);
	return 0;
}
#endif
