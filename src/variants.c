/* variants.c: name variants (Zelensky = Zelenskyy = Zelenskiy ...).
 *
 * The list is built in (data/variants.txt, compiled into variants-data.c) and
 * extended by files: one group per line, spellings separated by '|', '#'
 * starts a comment, case does not matter.  A spelling that shares a group
 * with a word already known joins that word's group.  cfsearch expands query
 * words itself (not with Xapian's synonym table), so it works over remote
 * shards too.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

extern const char variants_builtin[];

struct variants_group {
	char **words;       /* NULL-terminated */
	size_t n;
};

struct variants {
	struct variants_group *groups;
	size_t ngroups, capgroups;
	/* open addressing: word -> group index + 1 */
	char **keys;
	size_t *vals;
	size_t nslots, nkeys;
};

static size_t
variants_slot(const struct variants *v, const char *w)
{
	size_t i = (size_t)hash64(w, strlen(w), 0) & (v->nslots - 1);
	while (v->keys[i] != NULL && strcmp(v->keys[i], w) != 0)
		i = (i + 1) & (v->nslots - 1);
	return i;
}

static void
variants_grow(struct variants *v)
{
	char **okeys = v->keys;
	size_t *ovals = v->vals, on = v->nslots;

	v->nslots = on ? on * 2 : 256;
	v->keys = xcalloc(v->nslots, sizeof *v->keys);
	v->vals = xcalloc(v->nslots, sizeof *v->vals);
	for (size_t i = 0; i < on; i++) {
		if (okeys[i] == NULL)
			continue;
		size_t j = variants_slot(v, okeys[i]);
		v->keys[j] = okeys[i];
		v->vals[j] = ovals[i];
	}
	free(okeys);
	free(ovals);
}

static size_t
variants_find(const struct variants *v, const char *w)
{
	if (v->nslots == 0)
		return 0;
	size_t i = variants_slot(v, w);
	return v->keys[i] ? v->vals[i] : 0;
}

static void
variants_add_word(struct variants *v, size_t g, const char *w)
{
	struct variants_group *grp = &v->groups[g];
	if (variants_find(v, w) != 0)
		return;
	if ((v->nkeys + 1) * 2 > v->nslots)
		variants_grow(v);
	size_t i = variants_slot(v, w);
	v->keys[i] = xstrdup(w);
	v->vals[i] = g + 1;
	v->nkeys++;
	grp->words = xrealloc(grp->words, (grp->n + 2) * sizeof *grp->words);
	grp->words[grp->n++] = v->keys[i];
	grp->words[grp->n] = NULL;
}

/* s lowercased as words.c lowercases (Cyrillic and Greek too), in place:
 * the lowercase of a letter is never longer in UTF-8 in these scripts;
 * when one would be, the letter is kept. */
static void
variants_lower(char *s)
{
	char *out = s;
	const char *p = s;
	while (*p) {
		uint32_t c;
		size_t l = (unsigned char)*p < 0x80 ? 1 : utf8_decode(p, strlen(p), &c);
		if ((unsigned char)*p < 0x80) {
			*out++ = (char)tolower((unsigned char)*p++);
			continue;
		}
		if (l == 0) {
			*out++ = *p++;
			continue;
		}
		char u[4];
		size_t m = utf8_encode(u, cfs_char_lower(c));
		if (m > l) {
			memmove(out, p, l);
			m = l;
		} else {
			memcpy(out, u, m);
		}
		out += m;
		p += l;
	}
	*out = '\0';
}

/* Parse one line: "a | b | c".  from names the file (NULL: the built-in
 * list), for a warning about a line that is no group. */
static void
variants_line(struct variants *v, char *line, const char *from, unsigned lineno)
{
	char *words[64];
	size_t n = 0;
	char *hash = strchr(line, '#');
	if (hash != NULL)
		*hash = '\0';
	if (from && line[strspn(line, " \t\r")] != '\0' && strchr(line, '|') == NULL)
		log_warn("%s:%u: no '|' between spellings; the line is ignored (write: "
			 "kyiv | kiev)", from, lineno);
	for (char *tok = strtok(line, "|"); tok != NULL && n < 64; tok = strtok(NULL, "|")) {
		while (isspace((unsigned char)*tok))
			tok++;
		size_t len = strlen(tok);
		while (len > 0 && isspace((unsigned char)tok[len - 1]))
			tok[--len] = '\0';
		if (len == 0)
			continue;
		variants_lower(tok);
		words[n++] = tok;
	}
	if (n < 2)
		return;
	size_t g = 0;
	for (size_t i = 0; i < n && g == 0; i++)
		g = variants_find(v, words[i]);
	if (g == 0) {
		if (v->ngroups == v->capgroups) {
			v->capgroups = v->capgroups ? v->capgroups * 2 : 64;
			v->groups = xrealloc(v->groups, v->capgroups * sizeof *v->groups);
		}
		v->groups[v->ngroups].words = NULL;
		v->groups[v->ngroups].n = 0;
		g = ++v->ngroups;
	}
	for (size_t i = 0; i < n; i++)
		variants_add_word(v, g - 1, words[i]);
}

static void
variants_parse(struct variants *v, const char *text, const char *from)
{
	const char *p = text;
	unsigned lineno = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		variants_line(v, line, from, ++lineno);
		free(line);
		p += len + (nl ? 1 : 0);
	}
}

struct variants *
variants_load(const char *const *paths, size_t npaths, size_t optional)
{
	struct variants *v = xcalloc(1, sizeof *v);
	variants_parse(v, variants_builtin, NULL);
	for (size_t i = 0; i < npaths; i++) {
		FILE *f = fopen(paths[i], "r");
		struct buf b;
		char chunk[4096];
		size_t n;
		if (f == NULL) {
			if (errno != ENOENT || i >= optional)
				log_warn("%s: %s; its name variants are not used", paths[i],
					 strerror(errno));
			continue;
		}
		buf_init(&b);
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, n);
		if (ferror(f))
			log_warn("%s: read error", paths[i]);
		fclose(f);
		if (b.s != NULL)
			variants_parse(v, b.s, paths[i]);
		buf_free(&b);
	}
	return v;
}

void
variants_free(struct variants *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->nslots; i++)
		free(v->keys[i]);
	for (size_t i = 0; i < v->ngroups; i++)
		free(v->groups[i].words);
	free(v->keys);
	free(v->vals);
	free(v->groups);
	free(v);
}

const char *const *
variants_lookup(void *ctx, const char *word)
{
	struct variants *v = ctx;
	size_t g = variants_find(v, word);
	size_t n = strlen(word);
	if (g == 0 && n > 2 && strcmp(word + n - 2, "'s") == 0) {
		/* a possessive ("kiev's"): its name's variants, whose stems
		 * are the possessive's (the stemmer drops the 's) */
		char *base = xstrndup(word, n - 2);
		g = variants_find(v, base);
		free(base);
	}
	return g ? (const char *const *)v->groups[g - 1].words : NULL;
}

size_t
variants_count(const struct variants *v)
{
	return v->ngroups;
}
