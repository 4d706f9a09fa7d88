/* passage.c: a paragraph's display text, and its passages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

/* A sentence, or a piece of one too long to keep whole: [s, e) of the
 * display text. */
struct passage_unit {
	size_t s, e;
};

/* Where a paragraph's display text is in the source: the line j of the
 * paragraph, the byte p there (never white space) and its offset d in the
 * display text. */
struct passage_cursor {
	size_t j, p, d;
};

/* Words after which a period does not end a sentence. */
static const char *const passage_abbrevs[] = {
	"Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Col",
	"Lt", "Sgt", "Capt", "Maj", "Adm", "Cmdr", "Prof", "Jr", "Sr", "Rev",
	"Hon", "Pres", "Amb", "Fr", "Inc", "Co", "Corp", "Ltd", "Bros", "No",
	"Nos", "Vol", "Fig", "vs", "Mt", "Ft", "approx", "Jan", "Feb", "Mar",
	"Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", NULL
};

int
passage_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f' || c == '\0';
}

char *
passage_join(const char *text, const struct passage_line *lines, size_t n,
    size_t *len)
{
	struct buf b;
	size_t i, p, q;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		p = lines[i].start;
		while (p < lines[i].end) {
			if (passage_space((unsigned char)text[p])) {
				buf_addc(&b, ' ');
				while (p < lines[i].end &&
				    passage_space((unsigned char)text[p]))
					p++;
				continue;
			}
			q = p;
			while (q < lines[i].end &&
			    !passage_space((unsigned char)text[q]))
				q++;
			buf_add(&b, text + p, q - p);
			p = q;
		}
	}
	*len = b.len;
	return buf_detach(&b);
}

/* Length of a closing quote or bracket at s[0..len), 0 if none. */
static size_t
passage_closer(const unsigned char *s, size_t len)
{
	if (len >= 1 && (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']'))
		return 1;
	if (len >= 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x9d || s[2] == 0x99))
		return 3;       /* ” ’ */
	if (len >= 2 && s[0] == 0xc2 && s[1] == 0xbb)
		return 2;       /* » */
	return 0;
}

/* Can a sentence start at s[0..len)?  Capitals, digits, opening quotes. */
int
passage_sentence_start(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len == 0)
		return 0;
	if ((u[0] >= 'A' && u[0] <= 'Z') || (u[0] >= '0' && u[0] <= '9') ||
	    u[0] == '"' || u[0] == '\'' || u[0] == '(' || u[0] == '[')
		return 1;
	if (len < 2)
		return 0;
	if (u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0x9e && u[1] != 0x97)
		return 1;       /* À-Þ */
	if (u[0] == 0xd0 && u[1] >= 0x80 && u[1] <= 0xaf)
		return 1;       /* Cyrillic capitals */
	if (u[0] == 0xce && u[1] >= 0x91 && u[1] <= 0xa9)
		return 1;       /* Greek capitals */
	if (u[0] == 0xc2 && u[1] == 0xab)
		return 1;       /* « */
	if (len >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x9c || u[2] == 0x98))
		return 1;       /* “ ‘ */
	return 0;
}

/* Does the period at s[i] end an abbreviation or an initial? */
static int
passage_abbrev(const char *s, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t j = i, n, k, run;
	int dots = 0;

	while (j > 0 && u[j - 1] != ' ' && i - j <= 12)
		j--;
	if (i - j > 12)
		return 0;
	while (j < i && (u[j] == '(' || u[j] == '"' || u[j] == '\''))
		j++;
	if (i - j >= 3 && u[j] == 0xe2 && u[j + 1] == 0x80 &&
	    (u[j + 2] == 0x9c || u[j + 2] == 0x98))
		j += 3;
	n = i - j;
	if (n == 0)
		return 0;
	if (n == 1 && u[j] >= 'A' && u[j] <= 'Z')
		return 1;
	/* "U.S", "a.m", "Ph.D": letters in runs of one or two, between dots */
	run = 0;
	for (k = j; k < i; k++) {
		if (u[k] == '.') {
			if (run == 0)
				break;
			dots++;
			run = 0;
		} else if (((u[k] | 0x20) >= 'a' && (u[k] | 0x20) <= 'z') && run < 2)
			run++;
		else
			break;
	}
	if (k == i && dots > 0 && run > 0)
		return 1;
	if (n > 6)
		return 0;
	for (k = 0; passage_abbrevs[k] != NULL; k++) {
		if ((passage_abbrevs[k][0] | 0x20) == (u[j] | 0x20) &&
		    strlen(passage_abbrevs[k]) == n &&
		    strncasecmp(s + j, passage_abbrevs[k], n) == 0)
			return 1;
	}
	return 0;
}

size_t
passage_sentence_end(const char *s, size_t len, size_t from, size_t *next)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k, c;

	for (i = from; i < len; i++) {
		if (u[i] == '.' || u[i] == '!' || u[i] == '?')
			k = i + 1;
		else if (u[i] == 0xe2 && i + 2 < len && u[i + 1] == 0x80 &&
		    u[i + 2] == 0xa6)
			k = i + 3;      /* … */
		else
			continue;
		while (k < len && (c = passage_closer(u + k, len - k)) > 0)
			k += c;
		if (k + 1 >= len || u[k] != ' ' ||
		    !passage_sentence_start(s + k + 1, len - k - 1))
			continue;
		if (u[i] == '.' && passage_abbrev(s, i))
			continue;
		*next = k + 1;
		return k;
	}
	*next = len;
	return len;
}

/* Grow an array that holds n elements of size bytes so it can take one
 * more: capacities are powers of two. */
static void *
passage_grow(void *p, size_t n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		p = xrealloc(p, (n ? n * 2 : 1) * size);
	return p;
}

#define PASSAGE_STR_(x) #x
#define PASSAGE_STR(x) PASSAGE_STR_(x)

/* Has a taken all the passages an article may have?  The first time it
 * has, a warning says so. */
static int
passage_full(struct cfs_article *a)
{
	static const char msg[] = "too long: only its first "
	    PASSAGE_STR(PASSAGE_LIMIT) " passages are indexed";

	if (a->npassages < PASSAGE_LIMIT)
		return 0;
	if (a->nwarnings == 0 || strcmp(a->warnings[a->nwarnings - 1], msg) != 0) {
		a->warnings = passage_grow(a->warnings, a->nwarnings,
		    sizeof *a->warnings);
		a->warnings[a->nwarnings++] = xstrdup(msg);
	}
	return 1;
}

static void
passage_push(struct cfs_article *a, char *text, size_t len, unsigned l0,
    unsigned l1, size_t b0, size_t b1)
{
	struct cfs_passage *ps;

	a->passages = passage_grow(a->passages, a->npassages, sizeof *a->passages);
	ps = &a->passages[a->npassages++];
	ps->text = text;
	ps->len = len;
	ps->line_start = l0;
	ps->line_end = l1;
	ps->byte_start = b0;
	ps->byte_end = b1;
}

/* Move c forward to display offset t, which holds no white space. */
static void
passage_seek(struct passage_cursor *c, const char *text,
    const struct passage_line *lines, size_t n, size_t t)
{
	while (c->d < t) {
		if (c->p + 1 >= lines[c->j].end) {
			if (c->j + 1 >= n)
				break;
			c->j++;
			c->p = lines[c->j].start;
			c->d += 2;
		} else if (passage_space((unsigned char)text[++c->p])) {
			while (passage_space((unsigned char)text[c->p]))
				c->p++;
			c->d += 2;
		} else
			c->d++;
	}
}

/* Cut the display text into sentences, cutting any sentence longer than
 * PASSAGE_MAX at word boundaries (or, in a word that long, at a character
 * boundary). */
static struct passage_unit *
passage_units(const char *s, size_t len, size_t *nunits)
{
	const unsigned char *u = (const unsigned char *)s;
	struct passage_unit *units = NULL;
	size_t n = 0, pos = 0, end, next, cut;

	while (pos < len) {
		end = passage_sentence_end(s, len, pos, &next);
		while (end - pos > PASSAGE_MAX) {
			cut = pos + PASSAGE_MAX;
			while (cut > pos && u[cut] != ' ')
				cut--;
			units = passage_grow(units, n, sizeof *units);
			if (cut > pos) {
				units[n].s = pos;
				units[n++].e = cut;
				pos = cut + 1;
				continue;
			}
			cut = pos + PASSAGE_MAX;
			while (cut > pos && (u[cut] & 0xc0) == 0x80)
				cut--;
			if (cut == pos)
				cut = pos + PASSAGE_MAX;
			units[n].s = pos;
			units[n++].e = cut;
			pos = cut;
		}
		if (end > pos) {
			units = passage_grow(units, n, sizeof *units);
			units[n].s = pos;
			units[n++].e = end;
		}
		pos = next;
	}
	*nunits = n;
	return units;
}

/*
 * Group units into pieces of at most PASSAGE_MAX bytes, each starting with
 * the last unit of the one before (when that still fits), the last piece
 * made at least PASSAGE_MIN long if its neighbour can spare units.  pieces
 * gets pairs of unit indices (first, last).
 */
static size_t *
passage_pack(const struct passage_unit *u, size_t nu, size_t *npieces)
{
	size_t *pc = NULL, n = 0, a = 0, b, k;

	while (a < nu) {
		b = a;
		while (b + 1 < nu && u[b + 1].e - u[a].s <= PASSAGE_MAX)
			b++;
		pc = passage_grow(pc, n, 2 * sizeof *pc);
		pc[2 * n] = a;
		pc[2 * n + 1] = b;
		n++;
		if (b + 1 >= nu)
			break;
		if (b > a && u[b + 1].e - u[b].s <= PASSAGE_MAX)
			a = b;
		else
			a = b + 1;
	}

	/* a short last piece that overlaps its neighbour takes units from it */
	if (n >= 2) {
		size_t *prev = &pc[2 * (n - 2)], *last = &pc[2 * (n - 1)];
		k = last[0];
		if (prev[1] == k) {
			while (u[nu - 1].e - u[k].s < PASSAGE_MIN && k - 1 > prev[0] &&
			    u[nu - 1].e - u[k - 1].s <= PASSAGE_MAX)
				k--;
			prev[1] = k;
			last[0] = k;
		}
	}
	*npieces = n;
	return pc;
}

void
passage_add(struct cfs_article *a, const char *text,
    const struct passage_line *lines, size_t n, char *disp, size_t len)
{
	struct passage_unit *units;
	struct passage_cursor c0, c1;
	size_t nunits, npieces, i, s, e, *pc;

	if (n == 0 || len == 0 || passage_full(a)) {
		free(disp);
		return;
	}
	if (len <= PASSAGE_MAX) {
		passage_push(a, disp, len, lines[0].line, lines[n - 1].line,
		    lines[0].start, lines[n - 1].end);
		return;
	}

	units = passage_units(disp, len, &nunits);
	pc = passage_pack(units, nunits, &npieces);
	c0.j = c1.j = 0;
	c0.p = c1.p = lines[0].start;
	c0.d = c1.d = 0;
	for (i = 0; i < npieces && !passage_full(a); i++) {
		s = units[pc[2 * i]].s;
		e = units[pc[2 * i + 1]].e;
		passage_seek(&c0, text, lines, n, s);
		passage_seek(&c1, text, lines, n, e - 1);
		passage_push(a, xstrndup(disp + s, e - s), e - s,
		    lines[c0.j].line, lines[c1.j].line, c0.p, c1.p + 1);
	}
	free(pc);
	free(units);
	free(disp);
}
