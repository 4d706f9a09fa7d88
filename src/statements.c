/*
 * statements.c: who said what, as users see it: the statements show finds
 * in an article, and those stored with the passages a search finds
 * (cfsearch quotes, cfsearch speakers).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

/* The line of the article where a statement starts: its passage's first
 * line, counted on by the line breaks of the text before it (the display
 * text joins lines with one space, so this is an estimate). */
static unsigned
statements_line(const struct cfs_passage *p, size_t from)
{
	(void)from;
	return p->line_start;
}

void
statements_show(FILE *f, const struct cfs_article *a)
{
	struct quotes q;
	quotes_find(a, &q);
	fprintf(f, "\nstatements: %zu\n", q.n);
	for (size_t i = 0; i < q.n; i++) {
		const struct quote *s = &q.v[i];
		fprintf(f, "[%zu] line %u, %s, ", s->passage + 1,
			statements_line(&a->passages[s->passage], s->from), quotes_kind_name(s->kind));
		if (s->speaker)
			output_text(f, s->speaker, strlen(s->speaker));
		else
			fputs("(no speaker)", f);
		fputs(": ", f);
		output_text(f, s->text, strlen(s->text));
		fputc('\n', f);
	}
	quotes_free(&q);
}

void
statements_json(struct json *j, const struct cfs_article *a)
{
	struct quotes q;
	quotes_find(a, &q);
	json_key(j, "statements");
	json_open(j, '[');
	for (size_t i = 0; i < q.n; i++) {
		const struct quote *s = &q.v[i];
		json_open(j, '{');
		json_key(j, "passage");
		json_uint(j, s->passage + 1);
		json_key(j, "line");
		json_uint(j, statements_line(&a->passages[s->passage], s->from));
		json_key(j, "kind");
		json_cstr(j, quotes_kind_name(s->kind));
		json_key(j, "speaker");
		json_cstr(j, s->speaker);
		json_key(j, "quote");
		json_cstr(j, s->text);
		json_close(j);
	}
	json_close(j);
	quotes_free(&q);
}

/* ---- the statements of the passages a search found ---- */

/* The passages with statements: the filter's term (run.c adds it). */
const cfs_qnode *
statements_filter(struct query *q, const cfs_qnode *filter)
{
	cfs_qnode *t = query_term(q, CFS_PREFIX_SPEAKER, STATEMENTS_TERM, 1);
	t->stemmed = 1;
	if (filter == NULL)
		return t;
	cfs_qnode *v[2] = { (cfs_qnode *)filter, t };
	return query_join(q, CFS_QN_AND, v, 2);
}

/* The folded words of a name, one a line of out (lower case; the
 * built-in name variants' groups of a word given as their first word). */
static void
statements_name_words(struct words *w, const char *name, struct variants *vars,
		      struct buf *out)
{
	struct buf b;
	buf_init(&b);
	size_t n = words_list(w, name, strlen(name), &b);
	const char *p = b.s;
	for (size_t i = 0; i < n; i++) {
		const char *const *g = vars ? variants_lookup(vars, p) : NULL;
		buf_adds(out, g && g[0] ? g[0] : p);
		buf_addc(out, '\n');
		p += strlen(p) + 1;
	}
	buf_free(&b);
}

/* Is every word of want (statements_name_words) one of the speaker's? */
static int
statements_speaker_is(struct words *w, const char *speaker, const char *want,
		      struct variants *vars)
{
	if (want == NULL)
		return 1;
	if (speaker == NULL)
		return 0;
	struct buf have;
	buf_init(&have);
	buf_addc(&have, '\n');
	statements_name_words(w, speaker, vars, &have);
	int all = 1;
	for (const char *p = want; *p && all;) {
		const char *nl = strchr(p, '\n');
		char *needle = xasprintf("\n%.*s\n", (int)(nl - p), p);
		all = strstr(have.s, needle) != NULL;
		free(needle);
		p = nl + 1;
	}
	buf_free(&have);
	return all;
}

static void
statements_one_text(FILE *f, const struct statements_opts *so, const struct docdata *d,
		    size_t k)
{
	const char *sp = d->quotes[k].speaker;
	const char *dim = so->color ? "\033[2m" : "", *bold = so->color ? "\033[1m" : "",
		*off = so->color ? "\033[0m" : "";
	fprintf(f, "%s", bold);
	output_text(f, sp ? sp : "(no speaker)", strlen(sp ? sp : "(no speaker)"));
	fprintf(f, "%s%s, %s%s%s\n", off, dim, d->quotes[k].kind == 'd' ? "direct" : "reported",
		d->date ? ", " : "", d->date ? d->date : "");
	fputs(off, f);
	fputs("  ", f);
	fputs(d->quotes[k].kind == 'd' ? "\xe2\x80\x9c" : "", f);
	output_text(f, d->text + d->quotes[k].from, d->quotes[k].to - d->quotes[k].from);
	fputs(d->quotes[k].kind == 'd' ? "\xe2\x80\x9d\n" : "\n", f);
	fprintf(f, "  %s", dim);
	output_text(f, d->path, strlen(d->path));
	fprintf(f, ":%u", d->line_start);
	if (d->title[0]) {
		fputs("  ", f);
		output_text(f, d->title, strlen(d->title));
	}
	fprintf(f, "%s\n\n", off);
}

static void
statements_one_json(FILE *f, const struct docdata *d, size_t k, double score, unsigned rank)
{
	struct json j;
	json_init(&j, f);
	json_open(&j, '{');
	json_key(&j, "rank");
	json_uint(&j, rank);
	json_key(&j, "speaker");
	json_cstr(&j, d->quotes[k].speaker);
	json_key(&j, "quote");
	json_str(&j, d->text + d->quotes[k].from, d->quotes[k].to - d->quotes[k].from);
	json_key(&j, "kind");
	json_cstr(&j, d->quotes[k].kind == 'd' ? "direct" : "reported");
	json_key(&j, "score");
	json_double(&j, score);
	json_key(&j, "path");
	json_cstr(&j, d->path);
	json_key(&j, "title");
	json_cstr(&j, d->title);
	json_key(&j, "date");
	json_cstr(&j, d->date);
	json_key(&j, "date_source");
	json_cstr(&j, d->date ? docdata_date_source(d->date_source) : NULL);
	json_key(&j, "source");
	json_cstr(&j, d->source);
	json_key(&j, "passage");
	json_uint(&j, d->passage_no);
	json_key(&j, "line_start");
	json_uint(&j, d->line_start);
	json_key(&j, "line_end");
	json_uint(&j, d->line_end);
	json_key(&j, "text");
	json_str(&j, d->text, d->text_len);
	json_close(&j);
}

/* A speaker and how often they are quoted. */
struct statements_count {
	char *name, *key;
	unsigned direct, reported, articles;
	char last_path[64];
};

static int
statements_count_cmp(const void *a, const void *b)
{
	const struct statements_count *x = a, *y = b;
	unsigned nx = x->direct + x->reported, ny = y->direct + y->reported;
	if (nx != ny)
		return nx < ny ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* cfsearch speakers: who is quoted most in the passages d[0..n); names
 * that are variants of each other (Dmitry, Dmitri Peskov) are one
 * speaker, shown as first met. */
static unsigned
statements_speakers(FILE *f, const struct statements_opts *so,
		    const struct docdata *const *d, size_t n)
{
	struct statements_count *c = NULL;
	size_t nc = 0;
	struct words w;
	struct buf key;
	words_init(&w, "", 0);
	buf_init(&key);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < d[i]->nquotes; k++) {
			const char *sp = d[i]->quotes[k].speaker;
			if (sp == NULL)
				continue;
			buf_reset(&key);
			statements_name_words(&w, sp, so->variants, &key);
			size_t x = 0;
			while (x < nc && strcmp(c[x].key, key.s ? key.s : "") != 0)
				x++;
			if (x == nc) {
				c = xrealloc(c, (nc + 1) * sizeof *c);
				memset(&c[nc], 0, sizeof *c);
				c[nc].key = xstrndup(key.s ? key.s : "", key.len);
				c[nc++].name = xstrndup(sp, strlen(sp));
			}
			if (d[i]->quotes[k].kind == 'd')
				c[x].direct++;
			else
				c[x].reported++;
			char key[64];
			snprintf(key, sizeof key, "%s", d[i]->path);
			if (strcmp(key, c[x].last_path) != 0) {
				c[x].articles++;   /* hits come article by article mostly */
				memcpy(c[x].last_path, key, sizeof key);
			}
		}
	qsort(c, nc, sizeof *c, statements_count_cmp);
	unsigned shown = 0;
	for (size_t x = 0; x < nc && shown < so->limit; x++, shown++) {
		if (so->json) {
			struct json j;
			json_init(&j, f);
			json_open(&j, '{');
			json_key(&j, "speaker");
			json_cstr(&j, c[x].name);
			json_key(&j, "statements");
			json_uint(&j, c[x].direct + c[x].reported);
			json_key(&j, "direct");
			json_uint(&j, c[x].direct);
			json_key(&j, "reported");
			json_uint(&j, c[x].reported);
			json_close(&j);
		} else {
			fprintf(f, "%5u  ", c[x].direct + c[x].reported);
			output_text(f, c[x].name, strlen(c[x].name));
			fprintf(f, "  (%u direct, %u reported)\n", c[x].direct, c[x].reported);
		}
	}
	for (size_t x = 0; x < nc; x++) {
		free(c[x].name);
		free(c[x].key);
	}
	free(c);
	buf_free(&key);
	words_free(&w);
	return shown;
}

unsigned
statements_list(FILE *f, const struct statements_opts *so, const struct docdata *const *d,
		const double *score, size_t n)
{
	if (so->speakers)
		return statements_speakers(f, so, d, n);
	struct words w;
	struct buf want;
	unsigned rank = 0, shown = 0;
	words_init(&w, "", 0);
	buf_init(&want);
	if (so->speaker)
		statements_name_words(&w, so->speaker, so->variants, &want);
	for (size_t i = 0; i < n && shown < so->limit; i++)
		for (size_t k = 0; k < d[i]->nquotes && shown < so->limit; k++) {
			if (d[i]->quotes[k].to <= d[i]->quotes[k].from ||
			    !statements_speaker_is(&w, d[i]->quotes[k].speaker,
						   so->speaker ? want.s : NULL, so->variants))
				continue;
			if (rank++ < so->offset)
				continue;
			if (so->json)
				statements_one_json(f, d[i], k, score[i], rank);
			else
				statements_one_text(f, so, d[i], k);
			shown++;
		}
	buf_free(&want);
	words_free(&w);
	return shown;
}

char *
statements_query(const char *speaker, const char *query)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "speaker:\"");
	for (const char *p = speaker; *p; p++)
		buf_addc(&b, *p == '"' ? ' ' : *p);
	buf_adds(&b, "\" ");
	buf_adds(&b, query);
	return buf_detach(&b);
}
