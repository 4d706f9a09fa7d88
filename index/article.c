/* article.c: an article's header, title, date and paragraphs. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

#define ARTICLE_HEADLINE_MAX   200   /* bytes in a headline, at most */
#define ARTICLE_HEADLINE_WORDS  25
#define ARTICLE_LEADIN_MAX     160   /* bytes of a lead-in ending with ':' */
#define ARTICLE_TITLE_MAX       80   /* bytes of a title made from a sentence */
#define ARTICLE_LONG_LINE      100   /* a line this long is a paragraph */
#define ARTICLE_KEY_MAX         40   /* bytes in a header key */
#define ARTICLE_CAP      100000000   /* columns counted, at most */
#define ARTICLE_MAX_LINES   1000000   /* lines read, at most (memory bound) */

/* A line that is not blank (blank lines are not kept: a gap between the
 * numbers of two lines is a blank line). */
struct article_line {
	size_t tstart, tend;    /* the text of the line, white space trimmed */
	unsigned cols;          /* characters in [tstart, tend) (capped) */
	unsigned indent;        /* leading white space, a tab counting 4 (capped) */
	unsigned line;          /* its number, 1-based */
	int gone;               /* page boilerplate: read as a blank line */
};

struct article_para {
	size_t off, n;          /* lines: plines[off .. off + n) */
	char *disp;             /* display text, or NULL until needed */
	size_t len;
};

/*
 * The parse.  Paragraphs are made block by block and turned into passages
 * as soon as what follows them is known, so only a few are held at once.
 */
struct article_state {
	const char *text;
	size_t len;
	struct cfs_article *a;
	struct article_line *lines;
	size_t nlines;
	struct passage_line *plines;    /* the lines of the paragraphs held */
	size_t nplines;
	struct article_para *paras;     /* paragraphs [done, nparas) are waiting */
	size_t nparas;
	size_t done;
	size_t made;                    /* paragraphs made so far */
	int titled;                     /* the title is settled */
	struct buf acc;                 /* a lead-in waiting for what follows */
	size_t acc_off, acc_n;          /* its lines */
	struct article_para head;       /* the headline paragraph, dropped */
	struct passage_line *head_lines;
};

/* Header keys that may open a header block. */
static const char *const article_keys[] = {
	"Title", "Date", "Source", "URL", "Author", "Dateline", "Places",
	"Topics", "People", "Orgs", "Language", NULL
};

/* A line that ends the article: it and everything after it are dropped. */
static const char *const article_enders[] = {
	"Recommended news", "Recommended articles", "Related news",
	"Related articles", NULL
};

/* Lines dropped when they stand alone. */
static const char *const article_alone[] = {
	"Author", "Share this article", "Share this story", "Read more", NULL
};

static void *
article_grow(void *p, size_t n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		p = xrealloc(p, (n ? n * 2 : 1) * size);
	return p;
}

static void
article_warn(struct cfs_article *a, char *msg)
{
	a->warnings = article_grow(a->warnings, a->nwarnings, sizeof *a->warnings);
	a->warnings[a->nwarnings++] = msg;
}

/* s[0..n) with runs of white space made single spaces, trimmed. */
static char *
article_squeeze(const char *s, size_t n)
{
	struct buf b;
	size_t i = 0, j;

	buf_init(&b);
	while (i < n) {
		if (passage_space((unsigned char)s[i])) {
			while (i < n && passage_space((unsigned char)s[i]))
				i++;
			if (b.len > 0 && i < n)
				buf_addc(&b, ' ');
			continue;
		}
		for (j = i; j < n && !passage_space((unsigned char)s[j]); j++)
			;
		buf_add(&b, s + i, j - i);
		i = j;
	}
	return buf_detach(&b);
}

/* Split the text into lines: at '\n' (a '\r' before it is trimmed away
 * with the white space), or at '\r' in a file with no '\n' at all. */
static void
article_lines(struct article_state *st)
{
	const char *text = st->text, *q;
	struct article_line *l;
	size_t pos = 0, end, i;
	unsigned line = 0;
	unsigned indent;
	char nl = '\n';

	if (memchr(text, '\n', st->len) == NULL &&
	    memchr(text, '\r', st->len) != NULL)
		nl = '\r';
	while (pos < st->len) {
		q = memchr(text + pos, nl, st->len - pos);
		end = q != NULL ? (size_t)(q - text) : st->len;
		i = pos;
		pos = q != NULL ? end + 1 : st->len;
		line++;
		indent = 0;
		for (; i < end && passage_space((unsigned char)text[i]); i++) {
			if (indent < ARTICLE_CAP)
				indent += text[i] == '\t' ? 4 : 1;
		}
		if (i == end)
			continue;
		if (st->nlines == ARTICLE_MAX_LINES) {
			article_warn(st->a, xasprintf("too long: only its first %u "
			    "lines are read", (unsigned)ARTICLE_MAX_LINES));
			break;
		}
		st->lines = article_grow(st->lines, st->nlines, sizeof *st->lines);
		l = &st->lines[st->nlines++];
		l->line = line;
		l->indent = indent;
		l->tstart = i;
		while (end > i && passage_space((unsigned char)text[end - 1]))
			end--;
		l->tend = end;
		l->cols = 0;
		for (; i < end; i++) {
			if (((unsigned char)text[i] & 0xc0) != 0x80 &&
			    l->cols < ARTICLE_CAP)
				l->cols++;
		}
		l->gone = 0;
	}
}

/* Is line i page boilerplate, so read as blank? */
static int
article_blank(const struct article_state *st, size_t i)
{
	return st->lines[i].gone;
}

/* Does line i + 1 follow line i directly, both kept? */
static int
article_follows(const struct article_state *st, size_t i)
{
	return i + 1 < st->nlines && st->lines[i + 1].line == st->lines[i].line + 1 &&
	    !st->lines[i].gone && !st->lines[i + 1].gone;
}

/* Is line i, trimmed, word (ASCII case ignored), perhaps with a ':' after? */
static int
article_line_is(const struct article_state *st, size_t i, const char *word)
{
	const struct article_line *l = &st->lines[i];
	size_t n = strlen(word), len = l->tend - l->tstart;

	if (len > 0 && st->text[l->tend - 1] == ':')
		len--;
	return len == n && strncasecmp(st->text + l->tstart, word, n) == 0;
}

static int
article_line_in(const struct article_state *st, size_t i,
    const char *const *words)
{
	for (; *words != NULL; words++) {
		if (article_line_is(st, i, *words))
			return 1;
	}
	return 0;
}

/* Does s[0..n) end like a sentence (or a lead-in): . ! ? : or an ellipsis,
 * perhaps followed by closing quotes or brackets? */
static int
article_ends_sentence(const char *s, size_t n)
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
static int
article_sentence_break(const struct article_state *st, size_t i)
{
	const struct article_line *l = &st->lines[i], *m = &st->lines[i + 1];

	return article_ends_sentence(st->text + l->tstart, l->tend - l->tstart) &&
	    passage_sentence_start(st->text + m->tstart, m->tend - m->tstart);
}

/* Does line i stand alone: no sentence runs into it or out of it? */
static int
article_alone_line(const struct article_state *st, size_t i, size_t first)
{
	if (i > first && article_follows(st, i - 1) &&
	    !article_ends_sentence(st->text + st->lines[i - 1].tstart,
	    st->lines[i - 1].tend - st->lines[i - 1].tstart))
		return 0;
	if (article_follows(st, i) &&
	    !passage_sentence_start(st->text + st->lines[i + 1].tstart,
	    st->lines[i + 1].tend - st->lines[i + 1].tstart))
		return 0;
	return 1;
}

/* "- Advertisement -", "Advertisement", "- Advertisement -spot_img". */
static int
article_advert(const struct article_state *st, size_t i)
{
	const char *s = st->text + st->lines[i].tstart;
	const char *e = st->text + st->lines[i].tend;

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
article_tags(const struct article_state *st, size_t i)
{
	const struct article_line *l = &st->lines[i];
	size_t n = l->tend - l->tstart;

	if (n < 4 || strncasecmp(st->text + l->tstart, "tags", 4) != 0)
		return 0;
	return n == 4 || st->text[l->tstart + 4] == ':';
}

/* A Reuters sign-off: "Reuter", "REUTER", "Reuters", "Reuter...". */
static int
article_signoff(const char *s, size_t n)
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
article_trailer(const struct article_state *st, size_t i, size_t first)
{
	const struct article_line *l = &st->lines[i];
	size_t n = l->tend - l->tstart;

	if (article_signoff(st->text + l->tstart, n) || article_advert(st, i))
		return 1;
	if (n == 4 && memcmp(st->text + l->tstart, "&#3;", 4) == 0)
		return 1;
	return (article_tags(st, i) || article_line_in(st, i, article_alone)) &&
	    article_alone_line(st, i, first);
}

/* Drop "Reuter" (or "REUTERS" after a sentence) ending line i's text. */
static void
article_strip_signoff(struct article_state *st, size_t i)
{
	struct article_line *l = &st->lines[i];
	const char *s = st->text;
	size_t w = l->tend;

	while (w > l->tstart && !passage_space((unsigned char)s[w - 1]))
		w--;
	if (w == l->tstart || !article_signoff(s + w, l->tend - w))
		return;
	if ((s[w + 6] == 's' || s[w + 6] == 'S') &&
	    !article_ends_sentence(s + l->tstart, w - 1 - l->tstart))
		return;
	while (w > l->tstart && passage_space((unsigned char)s[w - 1]))
		w--;
	l->tend = w;
}

/* Mark the page boilerplate of lines [first, nlines) as gone. */
static void
article_boilerplate(struct article_state *st, size_t first)
{
	size_t i, last;

	for (i = first; i < st->nlines; i++) {
		if (article_blank(st, i))
			continue;
		if (article_line_in(st, i, article_enders) &&
		    article_alone_line(st, i, first)) {
			for (; i < st->nlines; i++)
				st->lines[i].gone = 1;
			break;
		}
		if (article_advert(st, i))
			st->lines[i].gone = 1;
	}

	/* from the end: sign-offs, tags, furniture */
	last = st->nlines;
	while (last > first) {
		if (article_blank(st, last - 1))
			last--;
		else if (article_trailer(st, last - 1, first))
			st->lines[--last].gone = 1;
		else
			break;
	}
	if (last > first)
		article_strip_signoff(st, last - 1);

	/* furniture standing alone within the text */
	for (i = first; i < last; i++) {
		if (!article_blank(st, i) && article_line_in(st, i, article_alone) &&
		    article_alone_line(st, i, first))
			st->lines[i].gone = 1;
	}
}

/* Is line i "Key: value"?  *keylen gets the key's length. */
static int
article_header_line(const struct article_state *st, size_t i, size_t *keylen)
{
	const struct article_line *l = &st->lines[i];
	const char *s = st->text + l->tstart;
	size_t n = l->tend - l->tstart, k;

	if (l->indent > 0 || n == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	for (k = 0; k < n && k <= ARTICLE_KEY_MAX; k++) {
		if (s[k] == ':')
			break;
		if (!isalnum((unsigned char)s[k]) && s[k] != '-' && s[k] != '_' &&
		    s[k] != ' ')
			return 0;
	}
	if (k == n || k > ARTICLE_KEY_MAX || s[k - 1] == ' ')
		return 0;
	*keylen = k;
	return 1;
}

static int
article_known_key(const char *s, size_t n)
{
	size_t i;

	for (i = 0; article_keys[i] != NULL; i++) {
		if (strlen(article_keys[i]) == n &&
		    strncasecmp(s, article_keys[i], n) == 0)
			return 1;
	}
	return 0;
}

/* Read the header block, if any; returns the first line of the body. */
static size_t
article_header(struct article_state *st, struct cfs_article *a)
{
	const struct article_line *l;
	struct cfs_date d;
	struct cfs_meta *m;
	size_t i = 0, k;
	char iso[21];
	const char *v;
	char *value;

	if (st->nlines == 0 || !article_header_line(st, 0, &k) ||
	    !article_known_key(st->text + st->lines[0].tstart, k))
		return 0;
	for (; i < st->nlines; i++) {
		l = &st->lines[i];
		if (i > 0 && l->line != st->lines[i - 1].line + 1)
			return i;       /* after a blank line */
		if (!article_header_line(st, i, &k))
			return i;
		v = st->text + l->tstart + k + 1;
		value = article_squeeze(v, (size_t)(st->text + l->tend - v));
		a->meta = article_grow(a->meta, a->nmeta, sizeof *a->meta);
		m = &a->meta[a->nmeta++];
		m->key = xstrndup(st->text + l->tstart, k);
		m->value = value;
		if (*value == '\0')
			continue;
		if (strcasecmp(m->key, "title") == 0 && a->title == NULL)
			a->title = xstrdup(value);
		else if (strcasecmp(m->key, "source") == 0 && a->source == NULL)
			a->source = xstrdup(value);
		else if (strcasecmp(m->key, "date") == 0 && a->date == NULL) {
			if (date_parse(value, &d) == 0) {
				date_iso(&d, iso);
				date_key(&d, a->datekey);
				a->date = xstrdup(iso);
			} else
				article_warn(a, xasprintf("unreadable date '%s'", value));
		}
	}
	return i;
}

static void article_flush(struct article_state *, int);

static void
article_add_para(struct article_state *st, size_t first, size_t last)
{
	struct article_para *p;
	struct passage_line *pl;
	size_t i;

	st->paras = article_grow(st->paras, st->nparas, sizeof *st->paras);
	p = &st->paras[st->nparas++];
	p->off = st->nplines;
	p->n = last - first + 1;
	for (i = first; i <= last; i++) {
		st->plines = article_grow(st->plines, st->nplines, sizeof *st->plines);
		pl = &st->plines[st->nplines++];
		pl->start = st->lines[i].tstart;
		pl->end = st->lines[i].tend;
		pl->line = st->lines[i].line;
	}
	p->disp = NULL;
	p->len = 0;
	st->made++;
	article_flush(st, 0);
}

/* The display text of paragraph k (made when first needed). */
static struct article_para *
article_para_text(struct article_state *st, size_t k)
{
	struct article_para *p = &st->paras[k];

	if (p->disp == NULL)
		p->disp = passage_join(st->text, st->plines + p->off, p->n, &p->len);
	return p;
}

/* Characters in the first word of line i. */
static unsigned
article_first_word(const struct article_state *st, size_t i)
{
	const struct article_line *l = &st->lines[i];
	size_t p;
	unsigned n = 0;

	for (p = l->tstart; p < l->tend && !passage_space((unsigned char)st->text[p]); p++) {
		if (((unsigned char)st->text[p] & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* Could s[0..n) be a headline? */
static int
article_headline(const char *s, size_t n)
{
	size_t i, words = 0;
	int alpha = 0;

	if (n == 0 || n > ARTICLE_HEADLINE_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			words++;
		if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			alpha = 1;
	}
	if (!alpha || words > ARTICLE_HEADLINE_WORDS)
		return 0;
	if (strchr(".,;:", s[n - 1]) != NULL)
		return 0;
	return !(n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0);
}

/*
 * Make paragraphs of the block of non-blank lines [first, last].  Long
 * lines, or lines that end sentences, are one paragraph each; otherwise the
 * lines are hard-wrapped text, and a paragraph starts at a line indented
 * more than the others, or (when none is) after a short line that ends a
 * sentence (or, first in the text, after a headline).
 */
static void
article_block(struct article_state *st, size_t first, size_t last, int top)
{
	const struct article_line *l;
	size_t n = last - first + 1, i, start;
	size_t nsent = 0, nlong = 0, nwide = 0;
	unsigned long long maxcols = 0, minind = ARTICLE_CAP * 2ULL;
	int indents = 0, split;

	for (i = first; i <= last; i++) {
		l = &st->lines[i];
		if (l->cols > maxcols)
			maxcols = l->cols;
		if (l->indent < minind)
			minind = l->indent;
		if (l->cols > ARTICLE_LONG_LINE)
			nlong++;
		if (i < last && article_sentence_break(st, i))
			nsent++;
	}
	for (i = first; i < last; i++) {
		if (st->lines[i].cols * 5ULL >= maxcols * 4)
			nwide++;
	}
	if (n > 1 && (2 * nsent >= n - 1 ||
	    (2 * nlong >= n && !(4 * nwide >= 3 * (n - 1) && 4 * nsent < n - 1)))) {
		for (i = first; i <= last; i++)
			article_add_para(st, i, i);
		return;
	}

	for (i = first + 1; i <= last; i++) {
		if (st->lines[i].indent >= minind + 2)
			indents = 1;
	}
	start = first;
	for (i = first; i < last; i++) {
		l = &st->lines[i];
		if (indents)
			split = st->lines[i + 1].indent >= minind + 2;
		else {
			split = (l->cols + 1ULL + article_first_word(st, i + 1)) *
			    100 <= maxcols * 85;
			if (split && !article_sentence_break(st, i))
				split = top && i == first && article_headline(st->text +
				    l->tstart, l->tend - l->tstart);
		}
		if (split) {
			article_add_para(st, start, i);
			start = i + 1;
		}
	}
	article_add_para(st, start, last);
}

/* Compare two texts as titles: case, quotes and spacing aside. */
static int
article_same(const char *a, size_t alen, const char *b, size_t blen)
{
	char *na, *nb, *sa, *sb;
	size_t n;
	int same;

	if (blen > 2 * alen + 16 || alen > 2 * blen + 16)
		return 0;
	na = text_normalize(a, alen, &n);
	sa = article_squeeze(na, n);
	nb = text_normalize(b, blen, &n);
	sb = article_squeeze(nb, n);
	same = strcasecmp(sa, sb) == 0;
	free(na);
	free(nb);
	free(sa);
	free(sb);
	return same;
}

/* A title from the start of the first sentence of s. */
static char *
article_derive_title(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t end, next, cut;
	struct buf b;

	end = passage_sentence_end(s, len, 0, &next);
	if (end <= ARTICLE_TITLE_MAX) {
		while (end > 0 && s[end - 1] == '.')
			end--;
		return xstrndup(s, end);
	}
	cut = ARTICLE_TITLE_MAX;
	while (cut > 0 && u[cut] != ' ')
		cut--;
	if (cut == 0) {
		cut = ARTICLE_TITLE_MAX;
		while (cut > 0 && (u[cut] & 0xc0) == 0x80)
			cut--;
	}
	for (;;) {
		if (cut > 0 && s[cut - 1] != '\0' && strchr(" ,;:-", s[cut - 1]) != NULL)
			cut--;
		else if (cut >= 3 && u[cut - 3] == 0xe2 && u[cut - 2] == 0x80 &&
		    u[cut - 1] >= 0x93 && u[cut - 1] <= 0x95)
			cut -= 3;       /* – — ― */
		else
			break;
	}
	buf_init(&b);
	buf_add(&b, s, cut);
	buf_adds(&b, "\xe2\x80\xa6");
	return buf_detach(&b);
}

/*
 * Does the paragraph s[0..len) lead in to q, as "He said:" before a quote?
 * It ends with a colon and is short, or its last sentence is short and the
 * two together still make one passage.
 */
static int
article_leadin(const char *s, size_t len, const struct article_para *q)
{
	size_t start, next, end;

	if (len == 0 || s[len - 1] != ':')
		return 0;
	if (len <= ARTICLE_LEADIN_MAX)
		return 1;
	if (len + 1 + q->len > PASSAGE_MAX)
		return 0;
	/* where does the last sentence start?  Look near the end only. */
	start = len > ARTICLE_LEADIN_MAX + 16 ? len - ARTICLE_LEADIN_MAX - 16 : 0;
	for (;;) {
		end = passage_sentence_end(s, len, start, &next);
		if (end >= len || next >= len)
			break;
		start = next;
	}
	return len - start <= ARTICLE_LEADIN_MAX;
}

/*
 * Settle the title: the header's, or a headline as first paragraph.  A
 * repeat of it opening the text is dropped.
 */
static void
article_title(struct article_state *st)
{
	struct cfs_article *a = st->a;
	struct article_para *p;
	size_t skip = 0, k;

	if (a->title == NULL && st->nparas > 0 && st->paras[0].n == 1) {
		p = article_para_text(st, 0);
		if (article_headline(p->disp, p->len)) {
			a->title = xstrdup(p->disp);
			skip = 1;
		}
	}
	if (a->title != NULL && skip < st->nparas) {
		p = article_para_text(st, skip);
		if (article_same(a->title, strlen(a->title), p->disp, p->len))
			skip++;
	}
	if (skip > 0) {
		/* kept in case nothing else is left */
		st->head = st->paras[0];
		st->head_lines = xmalloc(st->head.n * sizeof *st->head_lines);
		memcpy(st->head_lines, st->plines + st->head.off,
		    st->head.n * sizeof *st->head_lines);
		st->paras[0].disp = NULL;
	}
	for (k = 0; k < skip; k++) {
		free(st->paras[k].disp);
		st->paras[k].disp = NULL;
	}
	st->done = skip;
	st->titled = 1;
}

/*
 * Turn the waiting paragraphs into passages, all of them if last, else
 * those whose successor is known (a lead-in joins what follows it).
 */
static void
article_flush(struct article_state *st, int last)
{
	struct article_para *p;
	struct buf *acc = &st->acc;
	size_t k, keep;

	if (!st->titled) {
		if (!last && st->nparas < 2)
			return;
		article_title(st);
	}
	for (; st->done < st->nparas; st->done++) {
		k = st->done;
		if (k + 1 == st->nparas && !last)
			break;
		p = article_para_text(st, k);
		if (acc->s == NULL) {
			acc->s = p->disp;
			acc->len = p->len;
			acc->cap = p->len + 1;
			st->acc_off = p->off;
			st->acc_n = p->n;
		} else {
			buf_addc(acc, ' ');
			buf_add(acc, p->disp, p->len);
			free(p->disp);
			st->acc_n += p->n;
		}
		p->disp = NULL;
		if (k + 1 < st->nparas &&
		    article_leadin(acc->s, acc->len, article_para_text(st, k + 1)))
			continue;
		passage_add(st->a, st->text, st->plines + st->acc_off, st->acc_n,
		    acc->s, acc->len);
		buf_init(acc);
	}

	/* drop what is done once it is the larger part */
	if (st->done < 64 || st->done * 2 < st->nparas)
		return;
	keep = st->done < st->nparas ? st->paras[st->done].off : st->nplines;
	if (acc->s != NULL && st->acc_off < keep)
		keep = st->acc_off;
	memmove(st->plines, st->plines + keep,
	    (st->nplines - keep) * sizeof *st->plines);
	st->nplines -= keep;
	st->acc_off -= acc->s != NULL ? keep : 0;
	memmove(st->paras, st->paras + st->done,
	    (st->nparas - st->done) * sizeof *st->paras);
	st->nparas -= st->done;
	st->done = 0;
	for (k = 0; k < st->nparas; k++)
		st->paras[k].off -= keep;
}

int
article_parse(const char *text, size_t len, struct cfs_article *a)
{
	struct article_state st;
	size_t body, i, first, k;

	memset(a, 0, sizeof *a);
	memset(&st, 0, sizeof st);
	st.text = text;
	st.len = len;
	st.a = a;
	buf_init(&st.acc);
	article_lines(&st);
	body = article_header(&st, a);
	article_boilerplate(&st, body);

	/* paragraphs, block by block */
	for (i = body; i < st.nlines; i++) {
		if (article_blank(&st, i))
			continue;
		first = i;
		while (article_follows(&st, i))
			i++;
		article_block(&st, first, i, st.made == 0);
	}
	article_flush(&st, 1);

	/* an article that is nothing but its headline keeps it as text */
	if (a->npassages == 0 && st.head_lines != NULL) {
		passage_add(a, text, st.head_lines, st.head.n, st.head.disp,
		    st.head.len);
		st.head.disp = NULL;
	}

	if (a->npassages == 0)
		article_warn(a, xstrdup(body > 0 && body == st.nlines ?
		    "only a header, no text: nothing to index" :
		    "no text once page furniture is left out: nothing to index"));

	if (a->title == NULL) {
		if (a->npassages > 0) {
			a->title = article_derive_title(a->passages[0].text,
			    a->passages[0].len);
			a->title_derived = 1;
		} else
			a->title = xstrdup("");
	}

	for (k = 0; k < st.nparas; k++)
		free(st.paras[k].disp);
	free(st.head.disp);
	free(st.head_lines);
	buf_free(&st.acc);
	free(st.paras);
	free(st.plines);
	free(st.lines);
	return 0;
}

void
article_free(struct cfs_article *a)
{
	size_t i;

	free(a->title);
	free(a->date);
	free(a->source);
	for (i = 0; i < a->nmeta; i++) {
		free(a->meta[i].key);
		free(a->meta[i].value);
	}
	free(a->meta);
	for (i = 0; i < a->npassages; i++)
		free(a->passages[i].text);
	free(a->passages);
	for (i = 0; i < a->nwarnings; i++)
		free(a->warnings[i]);
	free(a->warnings);
	memset(a, 0, sizeof *a);
}
