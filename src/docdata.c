/* docdata.c: the data stored with each passage document.
 *
 * Format: "key=value" lines, a blank line, then the passage text.  Keys:
 * p path, t title, T title derived (1), d date (ISO), s source, n passage
 * number, l first-last line, b first-end byte, D where the date came from
 * (t: the text, f: the file's time; absent: the header), h a header field
 * as "name<TAB>value" (places, topics, ...: fields.c; one line each), q a
 * statement made in the passage as "kind<TAB>speaker<TAB>from-to" (kind d
 * direct or r reported; the speaker empty when none is named; its words
 * the bytes [from, to) of the passage text; one line each, in the order
 * of the text).  Values never hold a newline:
 * in titles and sources one becomes a space; a path that holds a newline, a
 * carriage return or a backslash is stored escaped under P instead of p
 * (\n, \r, \\), so that older indexes still read the same.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

static void
docdata_field(struct buf *out, char key, const char *val)
{
	if (val == NULL || *val == '\0')
		return;
	buf_addc(out, key);
	buf_addc(out, '=');
	for (const char *s = val; *s; s++)
		buf_addc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
	buf_addc(out, '\n');
}

/* A path is stored as it is, unless it holds a newline, a carriage return
 * or a backslash: then it is escaped and stored under P. */
static void
docdata_path(struct buf *out, const char *path)
{
	if (path == NULL || path[strcspn(path, "\n\r\\")] == '\0') {
		docdata_field(out, 'p', path);
		return;
	}
	buf_adds(out, "P=");
	for (const char *s = path; *s; s++) {
		if (*s == '\n')
			buf_adds(out, "\\n");
		else if (*s == '\r')
			buf_adds(out, "\\r");
		else if (*s == '\\')
			buf_adds(out, "\\\\");
		else
			buf_addc(out, *s);
	}
	buf_addc(out, '\n');
}

/* Undo docdata_path's escapes, in place. */
static void
docdata_unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* A value on one line, tabs made spaces too. */
static void
docdata_flat(struct buf *out, const char *v)
{
	for (; v && *v; v++)
		buf_addc(out, *v == '\n' || *v == '\r' || *v == '\t' ? ' ' : *v);
}

void
docdata_encode(const struct docdata *d, struct buf *out)
{
	docdata_path(out, d->path);
	docdata_field(out, 't', d->title);
	if (d->title_derived)
		docdata_field(out, 'T', "1");
	docdata_field(out, 'd', d->date);
	if (d->date && d->date_source == DATE_TEXT)
		docdata_field(out, 'D', "t");
	else if (d->date && d->date_source == DATE_FILE)
		docdata_field(out, 'D', "f");
	docdata_field(out, 's', d->source);
	for (size_t i = 0; i < d->nfields && i < DOCDATA_FIELDS; i++) {
		buf_adds(out, "h=");
		buf_adds(out, d->fields[i].name);
		buf_addc(out, '\t');
		for (const char *v = d->fields[i].value; *v; v++)
			buf_addc(out, *v == '\n' || *v == '\r' || *v == '\t' ? ' ' : *v);
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < d->nquotes && i < DOCDATA_QUOTES; i++) {
		buf_adds(out, "q=");
		buf_addc(out, d->quotes[i].kind);
		buf_addc(out, '\t');
		docdata_flat(out, d->quotes[i].speaker);
		buf_printf(out, "\t%zu-%zu\n", d->quotes[i].from, d->quotes[i].to);
	}
	buf_printf(out, "n=%u\nl=%u-%u\nb=%zu-%zu\n\n", d->passage_no, d->line_start,
		   d->line_end, d->byte_start, d->byte_end);
	buf_add(out, d->text, d->text_len);
}

int
docdata_decode(const char *data, size_t len, struct docdata *d, char **store)
{
	char *s = xstrndup(data, len), *p = s, *end = s + len;

	memset(d, 0, sizeof *d);
	*store = s;
	while (p < end && *p != '\n') {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL || nl - p < 2 || p[1] != '=')
			return -1;
		*nl = '\0';
		char key = p[0], *val = p + 2;
		switch (key) {
		case 'p': d->path = val; break;
		case 'P': docdata_unescape(val); d->path = val; break;
		case 't': d->title = val; break;
		case 'T': d->title_derived = 1; break;
		case 'd': d->date = val; break;
		case 'D': d->date_source = *val == 't' ? DATE_TEXT : *val == 'f' ? DATE_FILE : DATE_HEADER; break;
		case 's': d->source = val; break;
		case 'h': {
			char *tab = strchr(val, '\t');
			if (tab != NULL && d->nfields < DOCDATA_FIELDS) {
				*tab = '\0';
				d->fields[d->nfields].name = val;
				d->fields[d->nfields++].value = tab + 1;
			}
			break;
		}
		case 'q': {
			char *t1 = strchr(val, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			if (t2 != NULL && d->nquotes < DOCDATA_QUOTES) {
				*t1 = *t2 = '\0';
				d->quotes[d->nquotes].kind = *val;
				d->quotes[d->nquotes].speaker = t1[1] ? t1 + 1 : NULL;
				d->quotes[d->nquotes].from = (size_t)strtoull(t2 + 1, &t2, 10);
				d->quotes[d->nquotes++].to = *t2 == '-' ? (size_t)strtoull(t2 + 1, NULL, 10) : 0;
			}
			break;
		}
		case 'n': d->passage_no = (unsigned)strtoul(val, NULL, 10); break;
		case 'l':
			d->line_start = (unsigned)strtoul(val, &val, 10);
			if (*val == '-')
				d->line_end = (unsigned)strtoul(val + 1, NULL, 10);
			break;
		case 'b':
			d->byte_start = (size_t)strtoull(val, &val, 10);
			if (*val == '-')
				d->byte_end = (size_t)strtoull(val + 1, NULL, 10);
			break;
		default:
			break;   /* a key from a later version: ignore */
		}
		p = nl + 1;
	}
	if (p >= end)
		return -1;
	p++;   /* the blank line */
	d->text = p;
	d->text_len = (size_t)(end - p);
	for (size_t i = 0; i < d->nquotes; i++)   /* words outside the text: none */
		if (d->quotes[i].to > d->text_len || d->quotes[i].from > d->quotes[i].to)
			d->quotes[i].from = d->quotes[i].to = 0;
	if (d->path == NULL)
		d->path = "";
	if (d->title == NULL)
		d->title = "";
	if (d->date && d->date_source == DATE_NONE)
		d->date_source = DATE_HEADER;
	return 0;
}

const char *
docdata_date_source(int source)
{
	switch (source) {
	case DATE_HEADER: return "header";
	case DATE_TEXT: return "text";
	case DATE_FILE: return "file";
	}
	return NULL;
}
