/*
 * test_words.c: the word tokeniser (src/words.c) and the UTF-8 decoder,
 * held to Xapian's own TermGenerator over tricky cases, the sample
 * articles and generated text.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"
#include "tap.h"

/* The words of text as one string: "term@start-end term@start-end". */
static char *
ours(const char *text)
{
	struct words w;
	struct word x;
	struct buf b;

	buf_init(&b);
	words_init(&w, text, strlen(text));
	while (words_next(&w, &x))
		buf_printf(&b, "%s%s@%zu-%zu", b.len ? " " : "", x.term, x.start, x.end);
	words_free(&w);
	return buf_detach(&b);
}

struct seq {
	struct buf b;
	unsigned last;
	int gap;
};

static int
collect(void *ctx, const char *word, size_t len, unsigned pos)
{
	struct seq *s = ctx;
	if (pos != s->last + 1)
		s->gap = 1;
	s->last = pos;
	buf_add(&s->b, word, len);
	buf_addc(&s->b, '\n');
	return 0;
}

/* Xapian's terms of text (normalised as the indexer did), one a line. */
static char *
xapian_terms(const char *text, size_t len, int *gap)
{
	struct seq s;
	size_t nlen;
	char *norm = text_normalize(text, len, &nlen);

	memset(&s, 0, sizeof s);
	buf_init(&s.b);
	if (cfs_xapian_words(norm, nlen, collect, &s) != CFS_OK)
		buf_adds(&s.b, "(error)");
	free(norm);
	*gap = s.gap;
	return buf_detach(&s.b);
}

/* Ours, one a line. */
static char *
our_terms(const char *text, size_t len)
{
	struct words w;
	struct word x;
	struct buf b;

	buf_init(&b);
	words_init(&w, text, len);
	while (words_next(&w, &x)) {
		buf_add(&b, x.term, x.len);
		buf_addc(&b, '\n');
	}
	words_free(&w);
	return buf_detach(&b);
}

static int
agrees(const char *text, size_t len, const char *what)
{
	int gap;
	char *x = xapian_terms(text, len, &gap), *o = our_terms(text, len);
	int same = strcmp(x, o) == 0 && !gap;
	if (!same) {
		/* the first difference, for the log */
		size_t i = 0;
		while (x[i] && x[i] == o[i])
			i++;
		size_t from = i > 40 ? i - 40 : 0;
		printf("# %s: differs at byte %zu\n#  xapian: %.80s\n#  ours:   %.80s\n", what, i,
		       x + from, o + from);
	}
	free(x);
	free(o);
	return same;
}

static void
test_cases(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Russia's stance", "russia's@0-8 stance@9-15" },
		{ "Russia\xe2\x80\x99s stance", "russia's@0-10 stance@11-17" },
		{ "Kyiv\xe2\x80\x99s", "kyiv's@0-8" },
		{ "d'Estaing", "d'estaing@0-9" },
		{ "the U.S. and the U.K.", "the@0-3 us@4-8 and@9-12 the@13-16 uk@17-21" },
		{ "U.S.-brokered", "us@0-4 brokered@5-13" },
		{ "intelligence-sharing", "intelligence@0-12 sharing@13-20" },
		{ "intelligence\xe2\x80\x91sharing", "intelligence@0-12 sharing@15-22" },
		{ "\xc2\xabpeace\xc2\xbb and \xe2\x80\x9cpeace\xe2\x80\x9d",
		  "peace@2-7 and@10-13 peace@17-22" },
		{ "1,000.5 km", "1,000.5@0-7 km@8-10" },
		{ "C++ and C#", "c++@0-3 and@4-7 c#@8-10" },
		{ "fish+chips", "fish@0-4 chips@5-10" },
		{ "AT&T", "at&t@0-4" },
		{ "peace\xc2\xadkeeping", "peacekeeping@0-14" },
		{ "Zelensky\xe2\x80\x94who", "zelensky@0-8 who@11-14" },
		{ "\xc3\x89LYS\xc3\x89" "E Palace", "\xc3\xa9lys\xc3\xa9" "e@0-8 palace@9-15" },
		{ "wait\xe2\x80\xa6 3\xe2\x80\xa6" "4", "wait@0-4 3@8-9 4@12-13" },
		{ "  ", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = ours(cases[i].in);
		is_str(got, cases[i].want, "words of '%s'", cases[i].in);
		free(got);
		ok(agrees(cases[i].in, strlen(cases[i].in), cases[i].in),
		   "Xapian's TermGenerator agrees on '%s'", cases[i].in);
	}
	/* a word longer than WORDS_MAX bytes is no word, and takes no place */
	{
		char text[200];
		memset(text, 'x', 70);
		strcpy(text + 70, " after");
		char *got = ours(text);
		is_str(got, "after@71-76", "a word of 70 bytes is skipped");
		free(got);
		ok(agrees(text, strlen(text), "a long word"), "Xapian skips it too");
	}
}

static void
test_utf8(void)
{
	uint32_t c = 0;
	char out[4];
	is_int(utf8_decode("\xc3\xa9", 2, &c), 2, "decode: two bytes");
	is_int(c, 0xe9, "decode: U+00E9");
	is_int(utf8_decode("\xf0\x9f\x98\x80", 4, &c), 4, "decode: four bytes");
	is_int(c, 0x1f600, "decode: U+1F600");
	is_int(utf8_decode("\xc0\xaf", 2, &c), 0, "decode: overlong");
	is_int(utf8_decode("\xed\xa0\x80", 3, &c), 0, "decode: surrogate");
	is_int(utf8_decode("\xe2\x80", 2, &c), 0, "decode: truncated");
	is_int(utf8_decode("\xf4\x90\x80\x80", 4, &c), 0, "decode: above U+10FFFF");
	is_int(utf8_encode(out, 0x20ac), 3, "encode: U+20AC is three bytes");
	ok(memcmp(out, "\xe2\x82\xac", 3) == 0, "encode: U+20AC");
}

/* Every file below dir (the bundled articles, the seeds). */
static void
test_dir(const char *dir, const char *what)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, same = 0;

	if (d == NULL) {
		ok(1, "# SKIP %s: %s not found", what, dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		char *raw = NULL, *text = NULL;
		size_t rawlen, len;
		int gz;
		const char *why, *note;
		if (gzip_read_file(path, 1 << 24, &raw, &rawlen, &gz, &why) == 0 &&
		    text_decode(raw, rawlen, &text, &len, &note) == TEXT_OK) {
			n++;
			same += agrees(text, len, path);
		}
		free(raw);
		free(text);
		free(path);
	}
	closedir(d);
	ok(n > 0 && same == n, "%s: Xapian agrees on %zu of %zu files", what, same, n);
}

/* Text made of pieces that tokenisers disagree on, at random. */
static void
test_generated(void)
{
	static const char *const bits[] = {
		"a", "B", "z9", "Kyiv", "U", "S", ".", ",", ";", "'", "\xe2\x80\x99", "&", "+", "#",
		"-", "\xe2\x80\x91", "\xe2\x80\x94", " ", " ", "\n", "1", "0", "\xc2\xad",
		"\xe2\x80\x8b", "\xc2\xa0", "\xe2\x80\xa6", "\"", "\xc3\xa9", "\xc3\x89", "_",
		"\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2", "\xe4\xb8\xad", "\xcc\x81", "\xc2\xb7",
		"\xd9\xa3", "(", ")", ":", "\xe2\x80\x9b", "\xef\xbb\xbf",
	};
	size_t nb = sizeof bits / sizeof bits[0], same = 0, runs = 3000;
	unsigned long r = 12345;
	for (size_t t = 0; t < runs; t++) {
		struct buf b;
		buf_init(&b);
		size_t len = 1 + t % 40;
		for (size_t k = 0; k < len; k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			buf_adds(&b, bits[(r >> 33) % nb]);
		}
		same += agrees(b.s, b.len, "generated");
		buf_free(&b);
	}
	ok(same == runs, "generated text: Xapian agrees on %zu of %zu", same, runs);
}

int
main(void)
{
	const char *src = getenv("top_srcdir");
	const char *shared = getenv("SHARED_DIR");
	char *corpora = xasprintf("%s/tests/corpora", src ? src : ".");
	char *fixtures = xasprintf("%s/tests/fixtures/articles", src ? src : ".");
	char *seeds = xasprintf("%s/seeds", shared ? shared : "../shared");

	test_utf8();
	test_cases();
	test_dir(corpora, "sample articles");
	test_dir(fixtures, "reader fixtures");
	test_dir(seeds, "seed articles");
	test_generated();
	free(corpora);
	free(fixtures);
	free(seeds);
	return tap_done();
}
