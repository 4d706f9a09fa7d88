/* lines.c: an article's lines, and the page furniture among them.
 *
 * Used by article.c.  A line is kept with its text trimmed, its indent and
 * its width; blank lines are not kept (a gap between the numbers of two
 * lines is a blank line).  Page furniture (adverts, "Tags:", "Share this
 * article", a news agency's sign-off, "Related articles" and what follows)
 * is marked gone: read as a blank line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

/* A line that ends the article: it and everything after it are dropped. */
static const char *const lines_enders[] = {
	"Recommended news", "Recommended articles", "Related news",
	"Related articles", NULL
};

/* Lines dropped when they stand alone. */
static const char *const lines_alone_words[] = {
	"Author", "Share this article", "Share this story", "Read more", NULL
};

int
lines_split(struct lines *ls, const char *text, size_t len)
{
	const char *q;
	struct lines_line *l;
	size_t pos = 0, end, i, cap = 0;
	unsigned line = 0;
	unsigned indent;
	char nl = '\n';

	memset(ls, 0, sizeof *ls);
	ls->text = text;
	ls->len = len;

	if (memchr(text, '\n', ls->len) == NULL &&
	    memchr(text, '\r', ls->len) != NULL)
		nl = '\r';
	while (pos < ls->len) {
		q = memchr(text + pos, nl, ls->len - pos);
		end = q != NULL ? (size_t)(q - text) : ls->len;
		i = pos;
		pos = q != NULL ? end + 1 : ls->len;
		line++;
		indent = 0;
		for (; i < end && passage_space((unsigned char)text[i]); i++) {
			if (indent < LINES_CAP)
				indent += text[i] == '\t' ? 4 : 1;
		}
		if (i == end)
			continue;
		if (ls->n == LINES_MAX)
			return -1;
		if (ls->n == cap) {
			cap = cap ? cap * 2 : 64;
			ls->l = xrealloc(ls->l, cap * sizeof *ls->l);
		}
		l = &ls->l[ls->n++];
		l->line = line;
		l->indent = indent;
		l->tstart = i;
		while (end > i && passage_space((unsigned char)text[end - 1]))
			end--;
		l->tend = end;
		l->cols = 0;
		for (; i < end; i++) {
			if (((unsigned char)text[i] & 0xc0) != 0x80 &&
			    l->cols < LINES_CAP)
				l->cols++;
		}
		l->gone = 0;
	}
	return 0;
}

void
lines_free(struct lines *ls)
{
	free(ls->l);
	memset(ls, 0, sizeof *ls);
}

/* Is line i page boilerplate, so read as blank? */
int
lines_blank(const struct lines *ls, size_t i)
{
	return ls->l[i].gone;
}

/* Does line i + 1 follow line i directly, both kept? */
int
lines_follows(const struct lines *ls, size_t i)
{
	return i + 1 < ls->n && ls->l[i + 1].line == ls->l[i].line + 1 &&
	    !ls->l[i].gone && !ls->l[i + 1].gone;
}

/* Is line i, trimmed, word (ASCII case ignored), perhaps with a ':' after? */
static int
lines_is(const struct lines *ls, size_t i, const char *word)
{
	const struct lines_line *l = &ls->l[i];
	size_t n = strlen(word), len = l->tend - l->tstart;

	if (len > 0 && ls->text[l->tend - 1] == ':')
		len--;
	return len == n && strncasecmp(ls->text + l->tstart, word, n) == 0;
}

static int
lines_in(const struct lines *ls, size_t i,
    const char *const *words)
{
	for (; *words != NULL; words++) {
		if (lines_is(ls, i, *words))
			return 1;
	}
	return 0;
}

/* Does s[0..n) end like a sentence (or a lead-in): . ! ? : or an ellipsis,
 * perhaps followed by closing quotes or brackets? */
static int
lines_ends_sentence(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	while (n > 0) {
		if (u[n - 1] == '"' || u[n - 1] == '\'' || u[n - 1] == ')' ||
		    u[n - 1] == ']')
			n--;
		else if (n >= 3 && u[n - 3] == 0xe2 && u[n - 2] == 0x80 &&
		    (u[n - 1] == 0x9d || u[n - 1] == 0x99))
			n -= 3;
		else if (n >= 2 && u[n - 2] == 0xc2 && u[n - 1] == 0xbb)
			n -= 2;
		else
			break;
	}
	if (n == 0)
		return 0;
	if (u[n - 1] == '.' || u[n - 1] == '!' || u[n - 1] == '?' || u[n - 1] == ':')
		return 1;
	return n >= 3 && u[n - 3] == 0xe2 && u[n - 2] == 0x80 && u[n - 1] == 0xa6;
}

/* Line i ends a sentence and line i + 1 starts one. */
int
lines_sentence_break(const struct lines *ls, size_t i)
{
	const struct lines_line *l = &ls->l[i], *m = &ls->l[i + 1];

	return lines_ends_sentence(ls->text + l->tstart, l->tend - l->tstart) &&
	    passage_sentence_start(ls->text + m->tstart, m->tend - m->tstart);
}

/* Does line i stand alone: no sentence runs into it or out of it? */
static int
lines_alone(const struct lines *ls, size_t i, size_t first)
{
	if (i > first && lines_follows(ls, i - 1) &&
	    !lines_ends_sentence(ls->text + ls->l[i - 1].tstart,
	    ls->l[i - 1].tend - ls->l[i - 1].tstart))
		return 0;
	if (lines_follows(ls, i) &&
	    !passage_sentence_start(ls->text + ls->l[i + 1].tstart,
	    ls->l[i + 1].tend - ls->l[i + 1].tstart))
		return 0;
	return 1;
}

/* "- Advertisement -", "Advertisement", "- Advertisement -spot_img". */
static int
lines_advert(const struct lines *ls, size_t i)
{
	const char *s = ls->text + ls->l[i].tstart;
	const char *e = ls->text + ls->l[i].tend;

	while (s < e && (*s == '-' || *s == ' '))
		s++;
	if (e - s < 13 || strncasecmp(s, "advertisement", 13) != 0)
		return 0;
	s += 13;
	while (s < e && (*s == '-' || *s == ' '))
		s++;
	if (e - s > 40)
		return 0;
	for (; s < e; s++) {
		if (passage_space((unsigned char)*s))
			return 0;
	}
	return 1;
}

/* "Tags", "Tags:", "Tags: Ukraine, Russia". */
static int
lines_tags(const struct lines *ls, size_t i)
{
	const struct lines_line *l = &ls->l[i];
	size_t n = l->tend - l->tstart;

	if (n < 4 || strncasecmp(ls->text + l->tstart, "tags", 4) != 0)
		return 0;
	return n == 4 || ls->text[l->tstart + 4] == ':';
}

/* A Reuters sign-off: "Reuter", "REUTER", "Reuters", "Reuter...". */
static int
lines_signoff(const char *s, size_t n)
{
	/* after the word: periods, and a carriage return as written out
	 * ("^M") or as an SGML entity ("&#13;"), or an end-of-text "&#3;" */
	for (;;) {
		if (n > 0 && s[n - 1] == '.')
			n--;
		else if (n >= 2 && memcmp(s + n - 2, "^M", 2) == 0)
			n -= 2;
		else if (n >= 4 && memcmp(s + n - 4, "&#3;", 4) == 0)
			n -= 4;
		else if (n >= 5 && memcmp(s + n - 5, "&#13;", 5) == 0)
			n -= 5;
		else
			break;
	}
	if (n > 0 && (s[n - 1] == 's' || s[n - 1] == 'S'))
		n--;
	return n == 6 && strncasecmp(s, "reuter", 6) == 0;
}

/* Is line i a trailing piece of page furniture? */
static int
lines_trailer(const struct lines *ls, size_t i, size_t first)
{
	const struct lines_line *l = &ls->l[i];
	size_t n = l->tend - l->tstart;

	if (lines_signoff(ls->text + l->tstart, n) || lines_advert(ls, i))
		return 1;
	if (n == 4 && memcmp(ls->text + l->tstart, "&#3;", 4) == 0)
		return 1;
	return (lines_tags(ls, i) || lines_in(ls, i, lines_alone_words)) &&
	    lines_alone(ls, i, first);
}

/* Drop "Reuter" (or "REUTERS" after a sentence) ending line i's text. */
static void
lines_strip_signoff(struct lines *ls, size_t i)
{
	struct lines_line *l = &ls->l[i];
	const char *s = ls->text;
	size_t w = l->tend;

	while (w > l->tstart && !passage_space((unsigned char)s[w - 1]))
		w--;
	if (w == l->tstart || !lines_signoff(s + w, l->tend - w))
		return;
	if ((s[w + 6] == 's' || s[w + 6] == 'S') &&
	    !lines_ends_sentence(s + l->tstart, w - 1 - l->tstart))
		return;
	while (w > l->tstart && passage_space((unsigned char)s[w - 1]))
		w--;
	l->tend = w;
}

/* Mark the page boilerplate of lines [first, nlines) as gone. */
void
lines_furniture(struct lines *ls, size_t first)
{
	size_t i, last;

	for (i = first; i < ls->n; i++) {
		if (lines_blank(ls, i))
			continue;
		if (lines_in(ls, i, lines_enders) &&
		    lines_alone(ls, i, first)) {
			for (; i < ls->n; i++)
				ls->l[i].gone = 1;
			break;
		}
		if (lines_advert(ls, i))
			ls->l[i].gone = 1;
	}

	/* from the end: sign-offs, tags, furniture */
	last = ls->n;
	while (last > first) {
		if (lines_blank(ls, last - 1))
			last--;
		else if (lines_trailer(ls, last - 1, first))
			ls->l[--last].gone = 1;
		else
			break;
	}
	if (last > first)
		lines_strip_signoff(ls, last - 1);

	/* furniture standing alone within the text */
	for (i = first; i < last; i++) {
		if (!lines_blank(ls, i) && lines_in(ls, i, lines_alone_words) &&
		    lines_alone(ls, i, first))
			ls->l[i].gone = 1;
	}
}
