/*
 * words.c: the one word tokeniser.  Indexing, queries, highlighting and
 * duplicate folding all see text as the words this file finds.
 *
 * Text is first normalised code point by code point (words_fold: curly
 * quotes and apostrophes to ASCII, dashes and special spaces to a space,
 * soft hyphens and zero-width characters dropped), then split the way
 * Xapian 1.4's TermGenerator splits it, so that the terms are those Xapian
 * would make: runs of word characters (letters, marks, digits, '_'),
 * lowercased; an apostrophe or '&' between two word characters stays in
 * the word ("russia's", "at&t"); ',', '.' and ';' between two digits too
 * ("1,000.5"); capitals separated by dots are one word ("U.S." is "us");
 * up to three '+' or '#' after a word belong to it ("c++") unless a word
 * character follows.  A word longer than WORDS_MAX bytes is no word (Xapian
 * skips it, and it takes no position).  Every word keeps the byte range it
 * came from, so a match can be shown where it stands.
 * tests/test_words.c checks all this against Xapian's own TermGenerator.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

/* One code point of the normalised text, with the bytes it came from
 * (offsets into one passage or field: 32 bits are plenty). */
struct wcp {
	uint32_t c;
	uint32_t start, end;
};

#define WORDS_IGNORE 0xffffffffu

int
words_fold(uint32_t c, uint32_t out[3])
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
	case 0x2039: case 0x203a:
		out[0] = '\'';
		return 1;
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
	case 0x00ab: case 0x00bb:
		out[0] = '"';
		return 1;
	case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xfe63:
	case 0xff0d:
		out[0] = '-';
		return 1;
	case 0x2013: case 0x2014: case 0x2015: case 0x2e3a: case 0x2e3b:
	case 0x00a0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
		out[0] = ' ';
		return 1;
	case 0x00ad: case 0x200b: case 0x200c: case 0x200d: case 0x200e:
	case 0x200f: case 0x2060: case 0xfeff:
		return 0;
	case 0x2026:
		out[0] = out[1] = out[2] = '.';
		return 3;
	}
	if (c >= 0x2000 && c <= 0x200a) {
		out[0] = ' ';
		return 1;
	}
	out[0] = c;
	return 1;
}

/* The normalised code points of s into v (room for len: no character
 * gives more code points than it has bytes); returns their number.  A
 * byte that does not start valid UTF-8 stands for itself (as Xapian
 * reads it). */
static size_t
words_decode(const char *s, size_t len, struct wcp *v)
{
	size_t i = 0, k = 0;

	while (i < len) {
		uint32_t c, f[3];
		size_t l;
		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i];
			l = 1;
		} else if ((l = utf8_decode(s + i, len - i, &c)) == 0) {
			c = (unsigned char)s[i];
			l = 1;
		}
		int nf = words_fold(c, f);
		for (int j = 0; j < nf; j++)
			v[k++] = (struct wcp){ f[j], (uint32_t)i, (uint32_t)(i + l) };
		i += l;
	}
	return k;
}

static int
words_is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_';
	return cfs_char_is_word(c);
}

/* The word character c lowercased, or 0 when it is none. */
static uint32_t
words_char(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return words_is_word(c) ? c : 0;
	}
	return cfs_char_is_word(c) ? cfs_char_lower(c) : 0;
}

static int
words_is_digit(uint32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return cfs_char_is_digit(c);
}

static int
words_is_upper(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

/* What joins two word characters into one word: the character to keep
 * (0: none; WORDS_IGNORE: join, keeping nothing). */
static uint32_t
words_infix(uint32_t c, int digits)
{
	if (digits) {
		switch (c) {
		case ',': case '.': case ';': case 0x037e: case 0x0589: case 0x060d:
		case 0x07f8: case 0x2044: case 0xfe10: case 0xfe13: case 0xfe14:
			return c;
		}
	} else {
		if (c == '\'' || c == '&' || c == 0xb7 || c == 0x5f4 || c == 0x2027)
			return c;
		if (c == 0x2019 || c == 0x201b)
			return '\'';
	}
	if (c >= 0x200b && (c <= 0x200d || c == 0x2060 || c == 0xfeff))
		return WORDS_IGNORE;
	return 0;
}

static void
words_put(struct buf *b, uint32_t c)
{
	char u[4];
	buf_add(b, u, utf8_encode(u, c));
}

void
words_init(struct words *w, const char *s, size_t len)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->term);
	words_reset(w, s, len);
}

void
words_reset(struct words *w, const char *s, size_t len)
{
	if (len > 0xffffffffu)
		len = 0xffffffffu;   /* never so long: passages and fields are short */
	if (len + 1 > w->cap) {
		w->cap = len + 1 > 2 * w->cap ? len + 1 : 2 * w->cap;
		w->cp = xrealloc(w->cp, w->cap * sizeof *w->cp);
	}
	w->n = words_decode(s, len, w->cp);
	w->pos = 0;
	w->skipped = 0;
}

void
words_free(struct words *w)
{
	free(w->cp);
	buf_free(&w->term);
	memset(w, 0, sizeof *w);
}

/* Initials separated by dots ("U.S.", "P.T.O") from i: the end of the
 * acronym, or 0 when there is none (then term is left empty). */
static size_t
words_acronym(struct words *w, size_t i)
{
	const struct wcp *v = w->cp;
	size_t p = i;

	do {
		words_put(&w->term, v[p].c + 32);
		p++;
	} while (p < w->n && v[p].c == '.' && ++p < w->n && words_is_upper(v[p].c));
	if (w->term.len > 1 && (p == w->n || !words_is_word(v[p].c)))
		return p;
	buf_reset(&w->term);
	return 0;
}

/* The word starting at the word character at i: returns where the scan
 * goes on; *tend gets the end of what the term holds. */
static size_t
words_scan(struct words *w, size_t i, size_t *tend)
{
	const struct wcp *v = w->cp;
	uint32_t ch = words_char(v[i].c), prev;

	for (;;) {
		do {
			words_put(&w->term, ch);
			prev = ch;
			if (++i == w->n)
				return *tend = i;
			ch = words_char(v[i].c);
		} while (ch);
		if (i + 1 == w->n)
			break;
		uint32_t next = words_char(v[i + 1].c);
		if (!next)
			break;
		uint32_t in = words_infix(v[i].c, words_is_digit(prev) &&
					  words_is_digit(v[i + 1].c));
		if (!in)
			break;
		if (in != WORDS_IGNORE)
			words_put(&w->term, in);
		ch = next;
		i++;
	}
	/* '+' and '#' after a word: "c++", "c#" (not "fish+chips") */
	size_t keep = w->term.len;
	unsigned count = 0;
	*tend = i;
	while (v[i].c == '+' || v[i].c == '#') {
		if (++count > 3) {
			w->term.len = keep;
			return i;
		}
		words_put(&w->term, v[i].c);
		if (++i == w->n)
			return *tend = i;
	}
	if (words_is_word(v[i].c))
		w->term.len = keep;
	else
		*tend = i;
	return i;
}

int
words_next(struct words *w, struct word *out)
{
	for (;;) {
		size_t i = w->pos, end;
		while (i < w->n && !words_char(w->cp[i].c))
			i++;
		if (i == w->n) {
			w->pos = i;
			return 0;
		}
		buf_reset(&w->term);
		end = words_is_upper(w->cp[i].c) ? words_acronym(w, i) : 0;
		if (end == 0)
			w->pos = words_scan(w, i, &end);
		else
			w->pos = end;
		w->term.s[w->term.len] = '\0';
		if (w->term.len > WORDS_MAX) {
			w->skipped++;
			continue;
		}
		out->start = w->cp[i].start;
		out->end = w->cp[end - 1].end;
		out->term = w->term.s;
		out->len = w->term.len;
		return 1;
	}
}

size_t
words_list(struct words *w, const char *s, size_t len, struct buf *out)
{
	struct word x;
	size_t n = 0;

	words_reset(w, s, len);
	while (words_next(w, &x)) {
		buf_add(out, x.term, x.len + 1);
		n++;
	}
	return n;
}
