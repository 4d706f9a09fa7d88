/* statements.c: score who-said-what extraction against a judged list.
 *
 *   statements [-v] [-x OTHER.tsv] ROOT LIST.tsv [ROOT2 ...]
 *
 * Each file the list names is read (relative to the first ROOT that holds
 * it) as the indexer reads it, and its statements found (index/quotes.c).
 * An extracted statement matches a judged one of the same kind when it is
 * in a passage holding the judged line and its words begin with the judged
 * words (case, quotation marks, apostrophes and white space folded); each
 * matches at most one.  Printed per kind and overall:
 *
 *   KIND judged N extracted N matched N right N precision P recall R wrong W
 *
 * precision: right speaker / extracted (in the files listed); recall: right
 * speaker / judged; wrong: wrong speaker / matched.  A file the list names
 * that no ROOT holds is counted under "missing" (and left out).  -v lists
 * every statement judged or extracted with its outcome.  -x: a statement
 * that matches one judged in OTHER (the other third of the judgments) is
 * left out of the figures: it is judged, only not in this list.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfsearch.h"

struct judged {
	char *file, *kind, *speaker, *words;
	unsigned line;
	int matched;
};

/* Fold for comparing: lower case, curly quotes and apostrophes straight,
 * quotation marks dropped, white space squeezed. */
static char *
fold(const char *s)
{
	struct buf b;
	buf_init(&b);
	buf_addc(&b, ' ');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
			buf_addc(&b, '\'');
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x9c || p[2] == 0x9d)) {
			p += 2;
		} else if (*p == '"') {
			continue;
		} else if (isspace(*p)) {
			if (b.s[b.len - 1] != ' ')
				buf_addc(&b, ' ');
		} else {
			buf_addc(&b, (char)tolower(*p));
		}
	}
	char *r = xstrndup(b.s + 1, b.len - 1);
	buf_free(&b);
	return r;
}

static int
same_speaker(const char *judged, const char *found)
{
	if (strcmp(judged, "-") == 0)
		return found == NULL;
	return found != NULL && strcasecmp(judged, found) == 0;
}

static struct judged *other;
static size_t nother;

/* Does an extracted statement match a judged one of js? */
static struct judged *
find(struct judged *js, size_t nj, const char *name, const char *kind,
     const struct cfs_passage *p, const char *w)
{
	for (size_t k = 0; k < nj; k++) {
		struct judged *j = &js[k];
		if (j->matched || strcmp(j->file, name) != 0 || strcmp(j->kind, kind) != 0 ||
		    j->line < p->line_start || j->line > p->line_end ||
		    strncmp(w, j->words, strlen(j->words)) != 0)
			continue;
		return j;
	}
	return NULL;
}

struct tally {
	unsigned judged, extracted, matched, right;
};

static void
print(const char *kind, const struct tally *t)
{
	printf("%-8s judged %3u extracted %3u matched %3u right %3u precision %.3f recall %.3f wrong %.3f\n",
	       kind, t->judged, t->extracted, t->matched, t->right,
	       t->extracted ? (double)t->right / t->extracted : 0.0,
	       t->judged ? (double)t->right / t->judged : 0.0,
	       t->matched ? (double)(t->matched - t->right) / t->matched : 0.0);
}

static size_t
load(const char *list, struct judged **out)
{
	FILE *f = fopen(list, "r");
	char line[4096];
	size_t n = 0;
	*out = NULL;
	if (f == NULL) {
		perror(list);
		exit(2);
	}
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		char *v[5];
		char *p = line;
		size_t k = 0;
		for (; k < 5 && p; k++) {
			v[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k < 5)
			continue;
		*out = xrealloc(*out, (n + 1) * sizeof **out);
		struct judged *j = &(*out)[n++];
		j->file = xstrndup(v[0], strlen(v[0]));
		j->line = (unsigned)strtoul(v[1], NULL, 10);
		j->kind = xstrndup(v[2], strlen(v[2]));
		j->speaker = xstrndup(v[3], strlen(v[3]));
		j->words = fold(v[4]);
		j->matched = 0;
	}
	fclose(f);
	return n;
}

static void
unload(struct judged *js, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(js[i].file);
		free(js[i].kind);
		free(js[i].speaker);
		free(js[i].words);
	}
	free(js);
}

/* Score the statements of one file against the judged ones for it. */
static void
score_file(const char *path, const char *name, struct judged *js, size_t nj,
	   struct tally t[3], int verbose)
{
	struct cfs_article a;
	const char *why = NULL, *note = NULL;
	memset(&a, 0, sizeof a);
	if (indexer_read(path, &a, &why, &note) != 0) {
		fprintf(stderr, "statements: %s: %s\n", path, why ? why : "unreadable");
		return;
	}
	struct quotes q;
	memset(&q, 0, sizeof q);
	if (!quotes_disabled())   /* CFSEARCH_NO_STATEMENTS: time the reading alone */
		quotes_find(&a, &q);
	for (size_t i = 0; i < q.n; i++) {
		const struct quote *s = &q.v[i];
		const struct cfs_passage *p = &a.passages[s->passage];
		const char *kind = quotes_kind_name(s->kind);
		char *w = fold(s->text);
		int outcome = 0;   /* 0 unmatched, 1 right, 2 wrong speaker */
		const char *want = NULL;
		struct judged *j = find(js, nj, name, kind, p, w);
		if (j != NULL) {
			j->matched = 1;
			outcome = same_speaker(j->speaker, s->speaker) ? 1 : 2;
			want = j->speaker;
		} else if ((j = find(other, nother, name, kind, p, w)) != NULL) {
			j->matched = 1;   /* judged in the other list */
			free(w);
			continue;
		}
		for (int k = 0; k < 3; k++) {
			if (k == 1 && s->kind != QUOTE_DIRECT)
				continue;
			if (k == 2 && s->kind != QUOTE_REPORTED)
				continue;
			t[k].extracted++;
			t[k].matched += outcome > 0;
			t[k].right += outcome == 1;
		}
		if (verbose)
			printf("%s %s:%u %s [%s]%s%s%s %.60s\n",
			       outcome == 1 ? "ok   " : outcome == 2 ? "WRONG" : "extra", name,
			       p->line_start, kind, s->speaker ? s->speaker : "-",
			       want ? " (judged " : "", want ? want : "", want ? ")" : "", s->text);
		free(w);
	}
	quotes_free(&q);
	article_free(&a);
}

int
main(int argc, char **argv)
{
	int verbose = 0;
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc > 2 && strcmp(argv[1], "-x") == 0) {
		nother = load(argv[2], &other);
		argv += 2;
		argc -= 2;
	}
	if (argc < 3) {
		fputs("usage: statements [-v] [-x OTHER.tsv] ROOT LIST.tsv [ROOT...]\n", stderr);
		return 2;
	}
	struct judged *js;
	size_t nj = load(argv[2], &js);
	struct tally t[3];
	unsigned missing = 0;
	memset(t, 0, sizeof t);
	for (size_t i = 0; i < nj; i++) {
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(js[k].file, js[i].file) == 0;
		if (seen)
			continue;
		char *path = NULL;
		for (int r = 1; r < argc; r = r == 1 ? 3 : r + 1) {
			char *p = xasprintf("%s/%s", argv[r], js[i].file);
			if (access(p, R_OK) == 0) {
				path = p;
				break;
			}
			free(p);
		}
		if (path == NULL) {
			for (size_t k = i; k < nj; k++)
				missing += strcmp(js[k].file, js[i].file) == 0;
			for (size_t k = i; k < nj; k++)
				if (strcmp(js[k].file, js[i].file) == 0)
					js[k].matched = -1;
			continue;
		}
		score_file(path, js[i].file, js, nj, t, verbose);
		free(path);
	}
	for (size_t i = 0; i < nj; i++) {
		if (js[i].matched < 0)
			continue;
		int k = strcmp(js[i].kind, "direct") == 0 ? 1 : 2;
		t[0].judged++;
		t[k].judged++;
		if (verbose && !js[i].matched)
			printf("missed %s:%u %s [%s] %s\n", js[i].file, js[i].line, js[i].kind,
			       js[i].speaker, js[i].words);
	}
	print("direct", &t[1]);
	print("reported", &t[2]);
	print("all", &t[0]);
	if (missing)
		printf("missing  %u judged statements (their files are not here)\n", missing);
	unload(js, nj);
	unload(other, nother);
	return 0;
}
