/* output.c: hits as text (highlighted) or JSON lines; safe text output. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

#define COLOR_MATCH "\033[1;31m"
#define COLOR_TITLE "\033[1m"
#define COLOR_PATH  "\033[35m"
#define COLOR_DIM   "\033[2m"
#define COLOR_OFF   "\033[0m"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t
output_utf8_len(const unsigned char *s, size_t left)
{
	uint32_t c;
	return utf8_decode((const char *)s, left, &c);
}

void
output_text(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t n = output_utf8_len(p + i, len - i);
		if (n == 0) {
			fputs("\xef\xbf\xbd", f);   /* U+FFFD */
			i++;
		} else if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			if (p[i] == '\t' || p[i] == '\n')
				fputc(' ', f);
			else
				fprintf(f, "^%c", p[i] == 0x7f ? '?' : p[i] + 64);
			i++;
		} else if (n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) {
			fputs("\xef\xbf\xbd", f);   /* C1 controls (CSI...) */
			i += 2;
		} else {
			fwrite(p + i, 1, n, f);
			i += n;
		}
	}
}

/* ---- highlighting ---- */

/* The query's terms to show: what their stems are, and what the words of
 * a text must stem to (src/words.c splits them, as the index does). */
struct highlighter {
	char **stems;     /* sorted */
	size_t n;
};

static int
output_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct highlighter *
output_highlighter_new(const char *const *words)
{
	struct highlighter *h = xcalloc(1, sizeof *h);
	size_t n = 0;
	while (words && words[n])
		n++;
	/* each as given (a stem from the index) and stemmed (a word) */
	h->stems = xcalloc(2 * n + 1, sizeof *h->stems);
	for (size_t i = 0; i < n; i++) {
		char *stem = NULL;
		h->stems[h->n++] = xstrdup(words[i]);
		if (cfs_stem(words[i], strlen(words[i]), &stem) == CFS_OK &&
		    strcmp(stem, words[i]) != 0)
			h->stems[h->n++] = stem;
		else
			free(stem);
	}
	if (h->n > 1)
		qsort(h->stems, h->n, sizeof *h->stems, output_strcmp);
	return h;
}

void
output_highlighter_free(struct highlighter *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++)
		free(h->stems[i]);
	free(h->stems);
	free(h);
}

size_t
output_matches(const struct highlighter *h, const char *text, size_t len, size_t **out)
{
	size_t nm = 0, cap = 0;
	size_t *m = NULL;
	struct words w;
	struct word x;

	*out = NULL;
	if (h == NULL || h->n == 0)
		return 0;
	words_init(&w, text, len);
	while (words_next(&w, &x)) {
		char *stem = NULL;
		const char *key = x.term;
		if (cfs_stem(x.term, x.len, &stem) == CFS_OK)
			key = stem;
		if (bsearch(&key, h->stems, h->n, sizeof *h->stems, output_strcmp) != NULL) {
			if (nm + 2 > cap) {
				cap = cap ? cap * 2 : 16;
				m = xrealloc(m, cap * sizeof *m);
			}
			m[nm++] = x.start;
			m[nm++] = x.end;
		}
		free(stem);
	}
	words_free(&w);
	*out = m;
	return nm / 2;
}

/* A window of about width bytes of text around the first match, cut at
 * spaces, with "…" where it was cut. */
void
output_snippet(const char *text, size_t len, const size_t *m, size_t nm, size_t width,
	       struct buf *out)
{
	size_t start = 0, end = len;
	if (len > width) {
		size_t first = nm ? m[0] : 0;
		start = first > width / 3 ? first - width / 3 : 0;
		while (start > 0 && text[start - 1] != ' ')
			start--;
		end = start + width < len ? start + width : len;
		while (end < len && end > start && text[end] != ' ')
			end--;
		if (end <= start)
			end = start + width < len ? start + width : len;
		/* do not cut inside a UTF-8 sequence */
		while (end < len && ((unsigned char)text[end] & 0xc0) == 0x80)
			end++;
	}
	if (start > 0)
		buf_adds(out, "\xe2\x80\xa6");
	buf_add(out, text + start, end - start);
	if (end < len)
		buf_adds(out, "\xe2\x80\xa6");
}

/* Print text with the matched ranges highlighted (colour) or plain. */
void
output_highlighted(FILE *f, const char *text, size_t len, const size_t *m, size_t nm,
		   int color)
{
	size_t pos = 0;
	for (size_t k = 0; k < nm; k++) {
		size_t s = m[2 * k], e = m[2 * k + 1];
		output_text(f, text + pos, s - pos);
		if (color)
			fputs(COLOR_MATCH, f);
		output_text(f, text + s, e - s);
		if (color)
			fputs(COLOR_OFF, f);
		pos = e;
	}
	output_text(f, text + pos, len - pos);
}

/* Print s[0..len) safely, cut to at most cols characters ("…" where cut). */
static void
output_cut(FILE *f, const char *s, size_t len, size_t cols)
{
	if (snippet_width(s, len) <= cols) {
		output_text(f, s, len);
		return;
	}
	size_t i = 0, n = 0;
	while (i < len && n + 1 < cols) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	output_text(f, s, i);
	fputs("\xe2\x80\xa6", f);
}

/* The part of the matches m (nm pairs) within [start, end), as offsets
 * from start, into out (room for nm pairs); returns how many. */
static size_t
output_matches_in(const size_t *m, size_t nm, size_t start, size_t end, size_t *out)
{
	size_t n = 0;
	for (size_t k = 0; k < nm; k++) {
		size_t s = m[2 * k], e = m[2 * k + 1];
		if (e <= start || s >= end)
			continue;
		out[2 * n] = (s > start ? s : start) - start;
		out[2 * n + 1] = (e < end ? e : end) - start;
		n++;
	}
	return n;
}

/* The hit's header: rank and title (cut to the width; a title made from
 * the first sentence says so), then date, source and path:line. */
static void
output_hit_head(FILE *f, const struct output_hit *hit, const struct output_style *st)
{
	const struct docdata *d = hit->d;
	char rank[24];
	int n = snprintf(rank, sizeof rank, "%u. ", hit->rank);
	const char *mark = d->title_derived ? " (from the text)" : "";
	size_t room = st->width > (size_t)n + 10 ? st->width - (size_t)n : 10;
	size_t mw = strlen(mark);

	fputs(rank, f);
	if (st->color)
		fputs(COLOR_TITLE, f);
	output_cut(f, d->title, strlen(d->title), room > mw + 10 ? room - mw : 10);
	if (st->color)
		fputs(COLOR_OFF, f);
	if (*mark)
		fprintf(f, "%s%s%s", st->color ? COLOR_DIM : "", mark, st->color ? COLOR_OFF : "");
	fputs("\n   ", f);
	if (st->color)
		fputs(COLOR_DIM, f);
	/* date · source · path:line, path:line on a line of its own when the
	 * three do not fit (a path is never cut: editors take it as it is) */
	char ln[16];
	size_t src = d->source ? snippet_width(d->source, strlen(d->source)) : 0;
	size_t used = 3 + (d->date ? 13 : 0) + (src ? (src > 40 ? 40 : src) + 3 : 0);
	used += snippet_width(d->path, strlen(d->path)) +
		(size_t)snprintf(ln, sizeof ln, ":%u", d->line_start);
	const char *sep = used > st->width ? "\n   " : " \xc2\xb7 ";
	if (d->date) {
		output_text(f, d->date, strnlen(d->date, 10));
		fputs(d->source ? " \xc2\xb7 " : sep, f);
	}
	if (d->source) {
		output_cut(f, d->source, strlen(d->source), 40);
		fputs(sep, f);
	}
	if (st->color)
		fputs(COLOR_OFF COLOR_PATH, f);
	output_text(f, d->path, strlen(d->path));
	fprintf(f, ":%u", d->line_start);
	if (st->color)
		fputs(COLOR_OFF, f);
	fputc('\n', f);
}

void
output_hit_text(FILE *f, const struct output_hit *hit, const struct highlighter *h,
		const struct output_style *st)
{
	const struct docdata *d = hit->d;
	size_t *m;
	size_t nm = output_matches(h, d->text, d->text_len, &m);

	output_hit_head(f, hit, st);
	if (st->full) {
		/* the whole passage, wrapped to the width */
		size_t *part = xmalloc((nm + 1) * 2 * sizeof *part);
		size_t room = st->width > 11 ? st->width - 3 : 8, i = 0;
		while (i < d->text_len) {
			size_t stop = snippet_wrap(d->text, d->text_len, i, room);
			size_t np = output_matches_in(m, nm, i, stop, part);
			fputs("   ", f);
			output_highlighted(f, d->text + i, stop - i, part, np, st->color);
			fputc('\n', f);
			i = stop;
			while (i < d->text_len && d->text[i] == ' ')
				i++;
		}
		free(part);
	} else {
		struct snippet sn;
		size_t *part = xmalloc((nm + 1) * 2 * sizeof *part);
		snippet_lines(d->text, d->text_len, m, nm, st->width > 3 ? st->width - 3 : 8,
			      st->lines ? st->lines : 3, &sn);
		for (size_t l = 0; l < sn.n; l++) {
			size_t a = sn.line[l].start, b = sn.line[l].end;
			size_t np = output_matches_in(m, nm, a, b, part);
			fputs(l == 0 && sn.cut_start ? "   \xe2\x80\xa6 " : "   ", f);
			output_highlighted(f, d->text + a, b - a, part, np, st->color);
			if (l + 1 == sn.n && sn.cut_end)
				fputs(" \xe2\x80\xa6", f);
			fputc('\n', f);
		}
		free(part);
	}
	if (hit->more || hit->nalso) {
		fprintf(f, "   %s", st->color ? COLOR_DIM : "");
		if (hit->more)
			fprintf(f, "(+%llu more in this article)", (unsigned long long)hit->more);
		if (hit->more && hit->nalso)
			fputc(' ', f);
		if (hit->nalso)
			fprintf(f, "(also in %zu other article%s)", hit->nalso,
				hit->nalso == 1 ? "" : "s");
		fprintf(f, "%s\n", st->color ? COLOR_OFF : "");
	}
	fputc('\n', f);
	free(m);
}

char *
output_title_whole(const char *title, const char *text, size_t len)
{
	size_t tl = strlen(title), next, end;
	if (tl < 3 || memcmp(title + tl - 3, "\xe2\x80\xa6", 3) != 0)
		return NULL;   /* not cut */
	tl -= 3;
	if (tl > len || memcmp(title, text, tl) != 0)
		return NULL;
	end = passage_sentence_end(text, len, 0, &next);
	while (end > tl && text[end - 1] == '.')
		end--;
	return end > tl ? xstrndup(text, end) : NULL;
}

/* Where byte off of a passage's text is in its file: line and column
 * (from 1; the column in bytes of the UTF-8 text, as vim and grep -b
 * count).  The text is the file's from byte_start with its runs of
 * white space (line breaks, indentation) made one space, so the two are
 * walked side by side.  Returns 0, or -1 when the file cannot be read or
 * no longer holds the passage (then the passage's first line is all
 * there is to go by). */
static int
output_locate(const struct docdata *d, size_t off, unsigned *line, size_t *col)
{
	char *raw = NULL, *text = NULL;
	size_t rawlen, len;
	const char *why, *note;
	int rc = -1;

	if (gzip_read_file(d->path, CFS_MAX_FILE_BYTES, &raw, &rawlen, NULL, &why) != 0 ||
	    text_decode(raw, rawlen, &text, &len, &note) != TEXT_OK || d->byte_start > len)
		goto out;
	size_t i = d->byte_start, k = 0, lstart = d->byte_start;
	unsigned l = d->line_start;
	while (lstart > 0 && text[lstart - 1] != '\n')
		lstart--;
	while (k < off && i < len) {
		if (d->text[k] == ' ') {
			while (k < off && d->text[k] == ' ')
				k++;
			if (i < len && !isspace((unsigned char)text[i]))
				goto out;
			while (i < len && isspace((unsigned char)text[i])) {
				if (text[i] == '\n') {
					l++;
					lstart = i + 1;
				}
				i++;
			}
		} else if (text[i] == d->text[k]) {
			i++;
			k++;
		} else {
			goto out;
		}
	}
	*line = l;
	*col = i - lstart + 1;   /* in bytes, as vim counts a quickfix column */
	rc = 0;
out:
	free(raw);
	free(text);
	return rc;
}

void
output_hit_vimgrep(FILE *f, const struct output_hit *hit, const struct highlighter *h)
{
	const struct docdata *d = hit->d;
	size_t *m;
	size_t nm = output_matches(h, d->text, d->text_len, &m);
	struct snippet sn;
	unsigned line = d->line_start;
	size_t col = 1;

	/* the first match's line and column in the file */
	if (nm == 0 || output_locate(d, m[0], &line, &col) != 0) {
		line = d->line_start;
		col = 1;
	}
	snippet_lines(d->text, d->text_len, m, nm, 200, 1, &sn);
	output_text(f, d->path, strlen(d->path));
	fprintf(f, ":%u:%zu:", line, col);
	if (sn.n > 0) {
		if (sn.cut_start)
			fputs("\xe2\x80\xa6", f);
		output_text(f, d->text + sn.line[0].start, sn.line[0].end - sn.line[0].start);
		if (sn.cut_end)
			fputs("\xe2\x80\xa6", f);
	}
	fputc('\n', f);
	free(m);
}

void
output_hit_json(FILE *f, const struct output_hit *hit, const struct highlighter *h)
{
	const struct docdata *d = hit->d;
	size_t *m;
	size_t nm = output_matches(h, d->text, d->text_len, &m);
	struct buf snip;
	struct json j;

	json_init(&j, f);
	json_open(&j, '{');
	json_key(&j, "rank");
	json_uint(&j, hit->rank);
	json_key(&j, "score");
	json_double(&j, hit->score);
	json_key(&j, "all_words");
	json_bool(&j, hit->all_words);
	json_key(&j, "path");
	json_cstr(&j, d->path);
	json_key(&j, "title");
	json_cstr(&j, d->title);
	json_key(&j, "title_derived");
	json_bool(&j, d->title_derived);
	json_key(&j, "date");
	json_cstr(&j, d->date);
	json_key(&j, "date_source");
	json_cstr(&j, docdata_date_source(d->date_source));
	json_key(&j, "source");
	json_cstr(&j, d->source);
	json_key(&j, "fields");
	json_open(&j, '{');
	for (size_t k = 0; k < d->nfields; k++) {
		json_key(&j, d->fields[k].name);
		json_cstr(&j, d->fields[k].value);
	}
	json_close(&j);
	json_key(&j, "passage");
	json_uint(&j, d->passage_no);
	json_key(&j, "line_start");
	json_uint(&j, d->line_start);
	json_key(&j, "line_end");
	json_uint(&j, d->line_end);
	json_key(&j, "byte_start");
	json_uint(&j, d->byte_start);
	json_key(&j, "byte_end");
	json_uint(&j, d->byte_end);
	json_key(&j, "text");
	json_str(&j, d->text, d->text_len);
	buf_init(&snip);
	output_snippet(d->text, d->text_len, m, nm * 2, 240, &snip);
	json_key(&j, "snippet");
	json_str(&j, snip.s ? snip.s : "", snip.len);
	buf_free(&snip);
	json_key(&j, "matches");
	json_open(&j, '[');
	for (size_t k = 0; k < nm; k++) {
		json_open(&j, '[');
		json_uint(&j, m[2 * k]);
		json_uint(&j, m[2 * k + 1]);
		json_close(&j);
	}
	json_close(&j);
	json_key(&j, "more_in_article");
	json_uint(&j, hit->more);
	json_key(&j, "also_in_count");
	json_uint(&j, hit->nalso);
	json_key(&j, "also_in");
	json_open(&j, '[');
	for (size_t k = 0; k < hit->nalso; k++) {
		const struct docdata *o = hit->also[k];
		json_open(&j, '{');
		json_key(&j, "path");
		json_cstr(&j, o->path);
		json_key(&j, "title");
		json_cstr(&j, o->title);
		json_key(&j, "line_start");
		json_uint(&j, o->line_start);
		json_key(&j, "line_end");
		json_uint(&j, o->line_end);
		json_close(&j);
	}
	json_close(&j);
	json_close(&j);
	free(m);
}
