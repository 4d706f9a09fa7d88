/* output.c: hits as text (highlighted) or JSON lines; safe text output. */
#include "config.h"

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

/* One hit in the text format:
 *   RANK. TITLE  (DATE, SOURCE)
 *      PATH:LINE
 *      passage
 */
void
output_hit_text(FILE *f, const struct output_hit *hit, const struct highlighter *h,
		int color)
{
	const struct docdata *d = hit->d;
	size_t *m;
	size_t nm = output_matches(h, d->text, d->text_len, &m);

	fprintf(f, "%u. ", hit->rank);
	if (color)
		fputs(COLOR_TITLE, f);
	output_text(f, d->title, strlen(d->title));
	if (color)
		fputs(COLOR_OFF, f);
	if (d->date || d->source) {
		fputs(color ? "  " COLOR_DIM "(" : "  (", f);
		if (d->date)
			output_text(f, d->date, strnlen(d->date, 10));
		if (d->date && d->source)
			fputs(", ", f);
		if (d->source)
			output_text(f, d->source, strlen(d->source));
		fputs(color ? ")" COLOR_OFF : ")", f);
	}
	fputs("\n   ", f);
	if (color)
		fputs(COLOR_PATH, f);
	output_text(f, d->path, strlen(d->path));
	if (d->line_end > d->line_start)
		fprintf(f, ":%u-%u", d->line_start, d->line_end);
	else
		fprintf(f, ":%u", d->line_start);
	if (color)
		fputs(COLOR_OFF, f);
	fputs("\n   ", f);
	output_highlighted(f, d->text, d->text_len, m, nm, color);
	fputc('\n', f);
	if (hit->nalso > 0)
		fprintf(f, "   %s(also in %zu other article%s)%s\n", color ? COLOR_DIM : "",
			hit->nalso, hit->nalso == 1 ? "" : "s", color ? COLOR_OFF : "");
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
	json_key(&j, "source");
	json_cstr(&j, d->source);
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
