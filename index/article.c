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
/* ARTICLE_VALUE_MAX, ARTICLE_FIELD_MAX, ARTICLE_COST_MAX: cfsearch.h */

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
	struct cfs_article *a;
	struct lines ls;                /* the text's lines (lines.c) */
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

/* value cut to at most max bytes (at a space in its second half, else at
 * a character), "..." added; with warn, a warning names the header (key)
 * and its length.  Takes value over; returns it or its cut copy. */
static char *
article_bound(struct cfs_article *a, const char *key, char *value, size_t max, int warn)
{
	size_t n = strlen(value), cut = max - 3, sp;
	char len[32], *out;

	if (n <= max)
		return value;
	while (cut > 0 && ((unsigned char)value[cut] & 0xc0) == 0x80)
		cut--;   /* not inside a character */
	for (sp = cut; sp > max / 2 && value[sp] != ' '; sp--)
		;
	if (sp > max / 2)
		cut = sp;
	out = xasprintf("%.*s...", (int)cut, value);
	fmt_count(len, sizeof len, n);
	if (warn)
		article_warn(a, xasprintf("%s header of %s bytes: cut to %zu", key, len, max));
	free(value);
	return out;
}

/* Is line i "Key: value"?  *keylen gets the key's length. */
static int
article_header_line(const struct article_state *st, size_t i, size_t *keylen)
{
	const struct lines_line *l = &st->ls.l[i];
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
	const struct lines_line *l;
	struct cfs_date d;
	struct cfs_meta *m;
	size_t i = 0, k;
	const char *v;
	char *value;

	if (st->ls.n == 0 || !article_header_line(st, 0, &k) ||
	    !article_known_key(st->text + st->ls.l[0].tstart, k))
		return 0;
	for (; i < st->ls.n; i++) {
		l = &st->ls.l[i];
		if (i > 0 && l->line != st->ls.l[i - 1].line + 1)
			return i;       /* after a blank line */
		if (!article_header_line(st, i, &k))
			return i;
		v = st->text + l->tstart + k + 1;
		value = article_squeeze(v, (size_t)(st->text + l->tend - v));
		a->meta = article_grow(a->meta, a->nmeta, sizeof *a->meta);
		m = &a->meta[a->nmeta++];
		m->key = xstrndup(st->text + l->tstart, k);
		/* no header makes an article cost more than its share: title
		 * and source go with every passage */
		int field = *value != '\0' && ((strcasecmp(m->key, "title") == 0 && !a->title) ||
		    (strcasecmp(m->key, "source") == 0 && !a->source));
		if (field && tolower((unsigned char)m->key[0]) == 't')
			a->title = article_bound(a, m->key, xstrdup(value), ARTICLE_FIELD_MAX, 1);
		else if (field)
			a->source = article_bound(a, m->key, xstrdup(value), ARTICLE_FIELD_MAX, 1);
		value = article_bound(a, m->key, value, ARTICLE_VALUE_MAX, !field);
		m->value = value;
		if (*value == '\0' || field)
			continue;
		if (strcasecmp(m->key, "date") == 0 && a->date == NULL) {
			if (date_parse(value, &d) == 0)
				article_set_date(a, &d, DATE_HEADER);
			else
				article_warn(a, xasprintf("unreadable date '%s'", value));
		}
	}
	return i;
}

void
article_set_date(struct cfs_article *a, const struct cfs_date *d, enum date_source from)
{
	char iso[21];
	date_iso(d, iso);
	date_key(d, a->datekey);
	date_sortkey(d, a->datetime);
	free(a->date);
	a->date = xstrdup(iso);
	a->date_source = from;
}

void
article_date_from_file(struct cfs_article *a, time_t mtime)
{
	struct cfs_date d;
	if (a->date != NULL)
		return;
	date_of_time(mtime, &d);
	article_set_date(a, &d, DATE_FILE);
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
		pl->start = st->ls.l[i].tstart;
		pl->end = st->ls.l[i].tend;
		pl->line = st->ls.l[i].line;
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
	const struct lines_line *l = &st->ls.l[i];
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
	const struct lines_line *l;
	size_t n = last - first + 1, i, start;
	size_t nsent = 0, nlong = 0, nwide = 0;
	unsigned long long maxcols = 0, minind = LINES_CAP * 2ULL;
	int indents = 0, split;

	for (i = first; i <= last; i++) {
		l = &st->ls.l[i];
		if (l->cols > maxcols)
			maxcols = l->cols;
		if (l->indent < minind)
			minind = l->indent;
		if (l->cols > ARTICLE_LONG_LINE)
			nlong++;
		if (i < last && lines_sentence_break(&st->ls, i))
			nsent++;
	}
	for (i = first; i < last; i++) {
		if (st->ls.l[i].cols * 5ULL >= maxcols * 4)
			nwide++;
	}
	if (n > 1 && (2 * nsent >= n - 1 ||
	    (2 * nlong >= n && !(4 * nwide >= 3 * (n - 1) && 4 * nsent < n - 1)))) {
		for (i = first; i <= last; i++)
			article_add_para(st, i, i);
		return;
	}

	for (i = first + 1; i <= last; i++) {
		if (st->ls.l[i].indent >= minind + 2)
			indents = 1;
	}
	start = first;
	for (i = first; i < last; i++) {
		l = &st->ls.l[i];
		if (indents)
			split = st->ls.l[i + 1].indent >= minind + 2;
		else {
			split = (l->cols + 1ULL + article_first_word(st, i + 1)) *
			    100 <= maxcols * 85;
			if (split && !lines_sentence_break(&st->ls, i))
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

/* What the article costs the index, bounded: its passages' text, and the
 * title and source that each passage carries, at most ARTICLE_COST_MAX
 * bytes; the passages past that are dropped, with a warning. */
static void
article_cost(struct cfs_article *a)
{
	size_t each = (a->title ? strlen(a->title) : ARTICLE_TITLE_MAX) +
	    (a->source ? strlen(a->source) : 0);
	size_t cost = 0, i;

	for (i = 0; i < a->npassages; i++) {
		cost += a->passages[i].len + each;
		if (cost > ARTICLE_COST_MAX)
			break;
	}
	if (i == a->npassages)
		return;
	article_warn(a, xasprintf("too costly to index whole: only its first %zu passages "
	    "are indexed (%u MiB of text with the title and source they carry)", i,
	    (unsigned)(ARTICLE_COST_MAX >> 20)));
	for (size_t k = i; k < a->npassages; k++)
		free(a->passages[k].text);
	a->npassages = i;
}

int
article_parse(const char *text, size_t len, struct cfs_article *a)
{
	struct article_state st;
	size_t body, i, first, k;

	memset(a, 0, sizeof *a);
	memset(&st, 0, sizeof st);
	st.text = text;
	st.a = a;
	buf_init(&st.acc);
	if (lines_split(&st.ls, text, len) != 0)
		article_warn(a, xasprintf("too long: only its first %u lines are read",
		    (unsigned)LINES_MAX));
	body = article_header(&st, a);
	lines_furniture(&st.ls, body);

	/* paragraphs, block by block */
	for (i = body; i < st.ls.n; i++) {
		if (lines_blank(&st.ls, i))
			continue;
		first = i;
		while (lines_follows(&st.ls, i))
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

	/* no Date header: a full date near the top of the text */
	for (size_t p = 0; a->date == NULL && p < a->npassages && p < 2; p++) {
		struct cfs_date d;
		if (dateline_find(a->passages[p].text, a->passages[p].len, &d) == 0)
			article_set_date(a, &d, DATE_TEXT);
	}

	if (a->npassages == 0)
		article_warn(a, xstrdup(body > 0 && body == st.ls.n ?
		    "only a header, no text: nothing to index" :
		    "no text once page furniture is left out: nothing to index"));

	article_cost(a);
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
	lines_free(&st.ls);
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
