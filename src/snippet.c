/*
 * snippet.c: the part of a passage a reader sees: a window of at most a
 * few lines around where the query's words cluster, cut at spaces,
 * wrapped to the terminal's width.
 *
 * Widths are counted in characters (code points), one column each; marks
 * and the like are rare in news text and never make a line wider than
 * it says.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

/* The number of characters of s[0..len). */
size_t
snippet_width(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* The byte offset of the start of the character cols characters after
 * from (or len). */
static size_t
snippet_advance(const char *s, size_t len, size_t from, size_t cols)
{
	size_t i = from, n = 0;
	while (i < len) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == cols)
				break;
			n++;
		}
		i++;
	}
	return i;
}

/* Where the best window of cols characters starts: the one that holds
 * the most matches (m: nm start/end pairs), the earliest of those; at a
 * space, a little before the first match it holds. */
static size_t
snippet_start(const char *text, size_t len, const size_t *m, size_t nm, size_t cols)
{
	size_t best = 0, bestn = 0;
	for (size_t k = 0; k < nm; k++) {
		size_t start = m[2 * k], end = snippet_advance(text, len, start, cols);
		size_t n = 0;
		for (size_t j = k; j < nm && m[2 * j + 1] <= end; j++)
			n++;
		if (n > bestn) {
			bestn = n;
			best = start;
		}
	}
	if (bestn == 0 || snippet_width(text, len) <= cols)
		return 0;
	/* some words of context before the first match, up to a sixth */
	size_t back = cols / 6, i = best, n = 0;
	while (i > 0 && n < back) {
		i--;
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			n++;
	}
	while (i > 0 && text[i - 1] != ' ')
		i--;
	/* and no room left unused at the end */
	size_t tail = snippet_width(text + i, len - i);
	if (tail < cols) {
		size_t total = snippet_width(text, len);
		i = snippet_advance(text, len, 0, total - cols);
		while (i < len && i > 0 && text[i - 1] != ' ')
			i++;
	}
	return i;
}

void
snippet_lines(const char *text, size_t len, const size_t *m, size_t nm, size_t width,
	      size_t maxlines, struct snippet *out)
{
	size_t room = width > 8 ? width : 8;
	/* the window: maxlines lines less what wrapping at spaces wastes */
	size_t cols = maxlines * room - (maxlines > 1 ? maxlines * room / 8 : 0);
	size_t start = snippet_start(text, len, m, nm, cols);
	size_t end = snippet_advance(text, len, start, cols);

	memset(out, 0, sizeof *out);
	if (end < len)
		while (end > start && text[end] != ' ')
			end--;
	if (end <= start)
		end = snippet_advance(text, len, start, cols);
	out->cut_start = start > 0;
	out->cut_end = end < len;
	/* wrap [start, end) at spaces, room characters a line (the marks of
	 * a cut take one each) */
	size_t i = start;
	if (maxlines > SNIPPET_MAX_LINES)
		maxlines = SNIPPET_MAX_LINES;
	while (i < end && out->n < maxlines) {
		size_t avail = room - (out->n == 0 && out->cut_start ? 2 : 0);
		size_t stop = snippet_advance(text, end, i, avail);
		if (stop < end) {
			size_t sp = stop;
			while (sp > i && text[sp] != ' ')
				sp--;
			if (sp > i)
				stop = sp;
		}
		out->line[out->n].start = i;
		out->line[out->n].end = stop;
		out->n++;
		i = stop;
		while (i < end && text[i] == ' ')
			i++;
	}
	if (i < end)
		out->cut_end = 1;
}

size_t
snippet_wrap(const char *text, size_t len, size_t from, size_t width)
{
	size_t stop = snippet_advance(text, len, from, width > 8 ? width : 8);
	if (stop < len) {
		size_t sp = stop;
		while (sp > from && text[sp] != ' ')
			sp--;
		if (sp > from)
			stop = sp;
	}
	return stop;
}
