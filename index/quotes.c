/*
 * quotes.c: who said what in an article.  Direct quotations (in quotation
 * marks, or set off after a lead-in ending in a colon) with an attribution
 * next to them, and reported speech ("X said that ...", "according to X,
 * ...", "..., X said.").  A speaker is a person the article names: a name
 * of two words or more, or a surname, a role ("the Kremlin spokesman") or
 * a pronoun that the article ties to one such name without doubt; else the
 * statement has no speaker.  What is not certain is left out: a wrong
 * speaker is worse than none.
 *
 * The text is read as bytes: quotation marks are '"' and U+201C/U+201D;
 * words are runs of ASCII letters, digits, '.', '-' and apostrophes, and
 * any byte of a multi-byte character.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"
/* Verbs that introduce what someone said. */
static const char *const quotes_verbs[] = {
	"said", "says", "say", "stated", "states", "added", "adds", "told", "tells",
	"noted", "notes", "commented", "comments", "emphasized", "emphasised",
	"stressed", "explained", "wrote", "writes", "declared", "insisted",
	"warned", "argued", "remarked", "observed", "asserted", "claimed",
	"announced", "confirmed", "mentioned", "conveyed", "replied", "responded",
	"continued", "concluded", "acknowledged", "admitted", "reiterated",
	"suggested", "asked", "urged", "informed", "predicted", "underlined",
	"highlighted", "recalled", "cautioned", "pointed", "stating", "saying", "noting",
	"adding", "warning", "insisting", "arguing", "emphasizing", "emphasising",
	"stressing", NULL
};

/* The speaker of a statement the article gives to no one by name ("a
 * trader said", "analysts said"): not NULL, which is a speaker not known
 * for certain (and the statement is left out). */
static const char quotes_unnamed[] = "";

struct qctx {
	const struct cfs_article *a;
	struct names names;
	struct quotes *out;
	const char *last_speaker;     /* of the previous statement, for he/she */
	size_t last_passage, last_end;
	size_t passage;               /* the one being read */
	size_t sentence_start;        /* where its current sentence starts */
	size_t sentence_no;           /* and its number, from 0 */
	char leadin[128];             /* a lead-in's speaker: the next passage is his */
	const char *prev_sentence;    /* the speaker of the previous sentence's statement */
	int open_quote;               /* the previous passage ended inside a quotation */
};

/* ---- attribution ---- */

/* He or she at s[at]: the previous statement's speaker, when it was made
 * in this passage or the one before and no other person is named between
 * it and the pronoun; else NULL. */
static const char *
quotes_pronoun(struct qctx *c, const char *s, size_t at)
{
	if (c->last_speaker == NULL ||
	    (c->last_passage != c->passage && c->last_passage + 1 != c->passage))
		return NULL;
	if (c->last_passage != c->passage && c->sentence_no > 0)
		return NULL;   /* in a later paragraph, only its first sentence */
	size_t from = c->last_passage == c->passage && c->last_end < at ? c->last_end : 0;
	size_t max = (at - from) / 2 + 2;
	struct nword *w = xcalloc(max, sizeof *w);
	size_t n = names_words(s, from, at, w, max);
	const char *r = c->last_speaker;
	for (size_t i = 0; i < n && r; i++) {
		if (!w[i].cap || names_is_role(s, &w[i]))
			continue;
		const char *who = names_resolve(&c->names, s, &w[i], 1);
		if (who != NULL && strcmp(who, c->last_speaker) != 0)
			r = NULL;
		if (who == NULL && i + 1 < n && w[i + 1].cap) {
			const char *two = names_resolve(&c->names, s, &w[i], 2);
			if (two != NULL && strcmp(two, c->last_speaker) != 0)
				r = NULL;
		}
	}
	free(w);
	return r;
}

/* Is w[0..n) someone unnamed: "a senior trader", "one dealer", "analysts"? */
static int
quotes_is_unnamed(const char *s, const struct nword *w, size_t n)
{
	static const char *const people[] = { "analysts", "traders", "dealers",
		"economists", "officials", "sources", "brokers", "diplomats", "observers",
		"experts", "bankers", "executives", "observers", "critics", NULL };
	if (n == 0 || n > 10)
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i].stop)
			return 0;
	if (names_is(s, &w[0], "a") || names_is(s, &w[0], "an") || names_is(s, &w[0], "one") ||
	    names_is(s, &w[0], "another"))
		return n >= 2;
	return names_in(people, s + w[n - 1].start, w[n - 1].end - w[n - 1].start) &&
	       !w[0].cap;
}

/* "the ROLE": the one person the article gave that role; someone unnamed
 * when no one has it and it is a trade (the broker, the trader); else
 * NULL. */
static const char *
quotes_the(struct qctx *c, const char *s, const struct nword *role)
{
	static const char *const trades[] = { "broker", "trader", "dealer", "analyst",
		"economist", "banker", "source", "official", "diplomat", "spokesman",
		"spokeswoman", "spokesperson", "executive", NULL };
	const char *who = names_role(&c->names, s + role->start, role->end - role->start);
	if (who == NULL && names_in(trades, s + role->start, role->end - role->start)) {
		for (size_t i = 0; i < c->names.n; i++)
			if (c->names.v[i].role[0] != '\0' &&
			    strncasecmp(c->names.v[i].role, s + role->start, 6) == 0)
				return NULL;   /* someone has a like role: not certain */
		return quotes_unnamed;
	}
	return who;
}

/* A subject that starts with a name followed by "from", "of", "at" or
 * "with" ("Peter Dickinson from the Atlantic Council"): the person, or
 * NULL. */
static const char *
quotes_lead_run(struct qctx *c, const char *s, const struct nword *w, size_t n)
{
	static const char *const preps[] = { "from", "of", "at", "with", NULL };
	size_t j = 0;
	while (j < n && w[j].cap && !w[j].stop && !w[j].poss)
		j++;
	if (j < 2 || j >= n || !names_in(preps, s + w[j].start, w[j].end - w[j].start))
		return NULL;
	size_t k = names_strip(s, w, j);
	return k < j ? names_resolve(&c->names, s, w + k, j - k) : NULL;
}

/* The speaker named by the words w[0..n), which end just before a speech
 * verb (or, after = 1, start just after one): a name, a role with "the",
 * or he/she when the previous statement's speaker is the last person
 * named.  NULL when none is certain. */
static const char *
quotes_subject(struct qctx *c, const char *s, const struct nword *w, size_t n, int after)
{
	if (n == 0)
		return NULL;
	if (!after) {
		/* the capitalised run that ends at the verb */
		size_t i = n;
		for (size_t k = n; k > 0 && n - k < 10 && !w[k - 1].stop; k--)
			if ((k == 1 || w[k - 2].stop) && quotes_is_unnamed(s, w + k - 1, n - k + 1))
				return quotes_unnamed;
		if (names_is(s, &w[n - 1], "he") || names_is(s, &w[n - 1], "she"))
			return quotes_pronoun(c, s, w[n - 1].start);
		while (i > 0 && (w[i - 1].cap || (i >= 2 && w[i - 2].cap &&
				 names_particle(s, &w[i - 1]))) &&
		       !(i < n && (w[i - 1].stop || w[i - 1].poss)) && n - i < NAMES_TOKENS)
			i--;
		const char *lead = quotes_lead_run(c, s, w, n);
		if (lead)
			return lead;
		if (i == n) {
			/* "the Kremlin spokesman said" */
			if (n >= 2 && !w[n - 1].cap)
				for (size_t k = n - 1; k > 0 && n - k < 4; k--)
					if (names_is(s, &w[k - 1], "the"))
						return quotes_the(c, s, &w[n - 1]);
			return NULL;
		}
		size_t k = i + names_strip(s, w + i, n - i);
		if (i > 0 && (w[i - 1].poss || (k == i && names_is(s, &w[i - 1], "of"))))
			return NULL;
		if (k >= n || w[n - 1].poss)
			return NULL;
		return names_resolve(&c->names, s, w + k, n - k);
	}
	/* after the verb: "said Peskov", "said Kremlin spokesman Dmitry Peskov" */
	if (names_is(s, &w[0], "he") || names_is(s, &w[0], "she"))
		return quotes_pronoun(c, s, w[0].start);
	size_t i = 0;
	for (size_t k = 1; k <= n && k < 10; k++)
		if (w[k - 1].stop || k == n) {
			if (quotes_is_unnamed(s, w, k))
				return quotes_unnamed;
			break;
		}
	if (names_is(s, &w[0], "the")) {
		for (size_t k = 1; k < n && k < 4; k++)
			if (w[k].stop || k + 1 == n)
				return w[k].cap ? NULL : quotes_the(c, s, &w[k]);
		return NULL;
	}
	while (i < n && !w[i].cap)
		i++;   /* a lower-case role: "said spokesman Dmitry Peskov" */
	if (i > 2 || i >= n)
		return NULL;
	size_t j = i;
	while (j < n && j - i < NAMES_TOKENS && (w[j].cap ||
	       (names_particle(s, &w[j]) &&
		j + 1 < n && w[j + 1].cap))) {
		j++;
		if (w[j - 1].stop || w[j - 1].poss)
			break;
	}
	static const char *const then[] = { "at", "of", "from", "in", "who", "with", "a", "an",
		"the", "for", "on", "to", "and", NULL };
	if (j < n && !w[j - 1].stop &&
	    !names_in(then, s + w[j].start, w[j].end - w[j].start))
		return NULL;   /* "said Peskov aides" */
	if (w[j - 1].poss)
		return NULL;
	size_t k = i + names_strip(s, w + i, j - i);
	if (k >= j)
		return NULL;
	return names_resolve(&c->names, s, w + k, j - k);
}

static int
quotes_is_verb(const char *s, const struct nword *w)
{
	return names_in(quotes_verbs, s + w->start, w->end - w->start);
}

/* ---- statements ---- */

static void
quotes_add(struct qctx *c, size_t passage, int kind, const char *speaker,
	   const char *s, size_t from, size_t to)
{
	while (from < to && (s[from] == ' ' || s[from] == ','))
		from++;
	while (to > from && strchr(" ,;:", s[to - 1]))
		to--;
	if (to - from < 8)
		return;
	struct quotes *q = c->out;
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->v = xrealloc(q->v, q->cap * sizeof *q->v);
	}
	struct quote *o = &q->v[q->n++];
	o->passage = passage;
	o->kind = kind;
	o->speaker = speaker && *speaker ? xstrndup(speaker, strlen(speaker)) : NULL;
	o->text = xstrndup(s + from, to - from);
	o->from = from;
	o->to = to;
	o->pending = 0;
	if (kind == QUOTE_DIRECT || o->speaker) {
		c->last_speaker = o->speaker ? o->speaker : quotes_unnamed;
		c->last_passage = passage;
		c->last_end = to;
	}
}


/* ---- quotation marks and sentences ---- */

struct qspan {
	size_t open;      /* the opening mark */
	size_t from, to;  /* the words quoted */
	size_t after;     /* past the closing mark (len when unclosed) */
	int closed;
};

/* The quotations of s[0..len): straight marks pair in turn, curly ones
 * open and close; one left open runs to the end. */
static size_t
quotes_spans(const char *s, size_t len, struct qspan *v, size_t max)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = 0; i < len && n < max;) {
		int open;
		size_t m = names_mark(s, len, i, &open);
		if (m == 0) {
			i++;
			continue;
		}
		if (!in && open != 0) {
			v[n].open = i;
			v[n].from = i + m;
			v[n].to = v[n].after = len;
			v[n].closed = 0;
			in = 1;
		} else if (in && open != 1) {
			v[n].to = i;
			v[n].after = i + m;
			v[n].closed = 1;
			n++;
			in = 0;
		}
		i += m;
	}
	if (in && n < max)
		n++;
	return n;
}

/* Does a sentence end at s[i] ('.', '!' or '?', not of an abbreviation or
 * an initial) with another starting after it? */
static int
quotes_boundary(const char *s, size_t len, size_t i)
{
	if (s[i] != '.' && s[i] != '!' && s[i] != '?')
		return 0;
	if (i + 1 < len && s[i + 1] != ' ')
		return 0;
	if (s[i] == '.') {
		size_t k = i;
		while (k > 0 && isalpha((unsigned char)s[k - 1]))
			k--;
		if (i - k == 1 && isupper((unsigned char)s[k]))
			return 0;   /* an initial: U.S., J. Smith */
		static const char *const abbr[] = { "Mr", "Mrs", "Ms", "Dr", "St", "Gen",
			"Sen", "Rep", "Lt", "Col", "Gov", "Prof", "Jr", "Sr", "No", "Lord", NULL };
		if (names_in(abbr, s + k, i - k))
			return 0;
	}
	return 1;
}

/* The sentence ends of s: sentences never end inside a quotation (a mark
 * closing after the final stop ends the sentence with it).  Returns how
 * many ends went into e (the last is len). */
static size_t
quotes_sentences(const char *s, size_t len, const struct qspan *sp, size_t nsp,
		 size_t *e, size_t max)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < len && n + 1 < max;) {
		if (k < nsp && i == sp[k].open) {
			i = sp[k].after;
			size_t t = sp[k].to;
			while (t > sp[k].from && s[t - 1] == ' ')
				t--;
			if (sp[k].closed && t > sp[k].from && strchr(".!?", s[t - 1]) &&
			    i + 1 < len && s[i] == ' ' && (isupper((unsigned char)s[i + 1]) ||
							   (unsigned char)s[i + 1] >= 0x80 || s[i + 1] == '"'))
				e[n++] = i;
			k++;
			continue;
		}
		if (quotes_boundary(s, len, i))
			e[n++] = i + 1;
		i++;
	}
	e[n++] = len;
	return n;
}

/* ---- direct quotations ---- */

/* The words of a quotation, at least three of them (a partial quotation
 * of one or two words is not a statement). */
static int
quotes_long_enough(const char *s, const struct qspan *q)
{
	struct nword w[3];
	return names_words(s, q->from, q->to, w, 3) == 3;
}

/* The attribution after a quotation: "," Peskov said', '" said Peskov',
 * '" – Dmitry Peskov', '," according to X'.  1 with *who (maybe NULL:
 * someone unnamed), or 0 when none follows. */
static int
quotes_after(struct qctx *c, const char *s, size_t len, size_t at, size_t end,
	     const char **who)
{
	struct nword w[14];
	size_t i = at;
	while (i < end && (s[i] == ' ' || s[i] == ','))
		i++;
	size_t d = i < len ? names_dash(s, len, i) : 0;
	if (d) {
		size_t n = names_words(s, i + d, end, w, 14);
		*who = n ? quotes_subject(c, s, w, n, 1) : NULL;
		return *who != NULL;
	}
	if (i >= end || (i > at && s[i - 1] != ' ' && s[i - 1] != ','))
		return 0;
	size_t n = names_words(s, i, end, w, 14);
	if (n == 0 || w[0].start != i)
		return 0;
	if (n >= 3 && names_is(s, &w[0], "according") && names_is(s, &w[1], "to")) {
		*who = quotes_subject(c, s, w + 2, n - 2, 1);
		return 1;
	}
	if (quotes_is_verb(s, &w[0])) {
		*who = n > 1 && !w[0].stop ? quotes_subject(c, s, w + 1, n - 1, 1) : NULL;
		return 1;
	}
	for (size_t v = 1; v < n && v < 10; v++) {
		if (w[v - 1].stop)
			return 0;
		if (quotes_is_verb(s, &w[v])) {
			*who = quotes_subject(c, s, w, v, 0);
			return 1;
		}
	}
	return 0;
}

/* The attribution before a quotation in its sentence: 'Rubio said: "',
 * 'He stated, "', 'X described the plan as "'.  As quotes_after. */
static int
quotes_before(struct qctx *c, const char *s, size_t from, size_t at, const char **who)
{
	struct nword w[48];
	size_t n = names_words(s, from, at, w, 48);
	if (n == 0 || n == 48)
		return 0;
	size_t v = n - 1;
	if (names_is(s, &w[v], "that"))
		return 0;   /* reported speech holding a quotation */
	if (!quotes_is_verb(s, &w[v]) && w[v].stop && strchr(":,", s[w[v].end]) != NULL)
		/* told reporters: ", said in a statement: " */
		for (size_t k = v; k > 0 && v - k < 4 && !w[k - 1].stop; k--)
			if (quotes_is_verb(s, &w[k - 1]) &&
			    (k == v || !w[k].cap || v - k < 2)) {
				v = k - 1;
				break;
			}
	if (!quotes_is_verb(s, &w[v])) {
		/* "described the proposal as" */
		if (!names_is(s, &w[v], "as") || n < 3)
			return 0;
		size_t k = v;
		while (k > 0 && v - k < 5 && !names_is(s, &w[k - 1], "described") && !w[k - 1].stop)
			k--;
		if (k == 0 || !names_is(s, &w[k - 1], "described"))
			return 0;
		v = k - 1;
	}
	/* the subject's run ends at the verb; nothing else of the sentence
	 * may stand between them but an adverb */
	if (v == 0)
		return 0;
	*who = quotes_subject(c, s, w, v, 0);
	return 1;
}

static const char *quotes_leadin(struct qctx *c, const char *s, size_t ss, size_t colon);

/* Leave out the statements still waiting for their speaker (the last ones). */
static void
quotes_drop_pending(struct quotes *q)
{
	while (q->n > 0 && q->v[q->n - 1].pending) {
		q->n--;
		free(q->v[q->n].speaker);
		free(q->v[q->n].text);
	}
}

/* A direct statement for each quotation of s[ss, se) with an attribution. */
static int
quotes_direct(struct qctx *c, const char *s, size_t len, size_t ss, size_t se,
	      const struct qspan *sp, size_t nsp, int *pending)
{
	int found = 0;
	for (size_t k = 0; k < nsp; k++) {
		const struct qspan *q = &sp[k];
		if (q->open < ss || q->open >= se)
			continue;
		const char *who = NULL;
		int has = 0;
		if (q->closed)
			has = quotes_after(c, s, len, q->after, se, &who);
		if (!has && q->open == 0 && c->leadin[0]) {
			who = c->leadin;
			has = 1;
		}
		if (!has)
			has = quotes_before(c, s, ss, q->open, &who);
		size_t b = q->open;
		while (b > ss && s[b - 1] == ' ')
			b--;
		if (!has && b > ss && s[b - 1] == ':' &&
		    (who = quotes_leadin(c, s, ss, b - 1)) != NULL)
			has = 1;   /* "X highlighted the consequences: "..."" */
		if (!has && q->closed && q->open == ss && q->after + 2 >= se && c->prev_sentence) {
			/* a quotation standing alone after X's statement: X's */
			who = c->prev_sentence;
			has = 1;
		}
		if (!has && !q->closed && q->open == 0 && quotes_long_enough(s, q)) {
			/* a quotation going on in the next paragraph: its
			 * speaker is said there */
			*pending = 1;
			quotes_add(c, c->passage, QUOTE_DIRECT, NULL, s, q->from, q->to);
			c->out->v[c->out->n - 1].pending = 1;
			found = 1;
			continue;
		}
		if (!has || who == NULL || !quotes_long_enough(s, q))
			continue;   /* no attribution, or none certain */
		/* a quotation going on from the previous paragraph */
		if (q->open == 0)
			for (size_t i = c->out->n; *who && i > 0 && c->out->v[i - 1].pending; i--) {
				c->out->v[i - 1].speaker = xstrndup(who, strlen(who));
				c->out->v[i - 1].pending = 0;
			}
		quotes_add(c, c->passage, QUOTE_DIRECT, who, s, q->from, q->to);
		found = 1;
	}
	return found;
}

/* ---- reported speech ---- */

/* Words after a verb that come before its "that": told reporters, in a
 * statement, on Tuesday.  The clause after "that", or for said and told
 * the clause right after them; 0 when there is none. */
static size_t
quotes_clause(const char *s, const struct nword *w, size_t n, size_t v)
{
	for (size_t k = v + 1; k < n && k < v + 9; k++) {
		if (names_is(s, &w[k], "that"))
			return k + 1 < n ? w[k + 1].start : 0;
		if (w[k - 1].stop)
			return 0;
	}
	if (v + 1 >= n || w[v].stop)
		return 0;
	static const char *const preps[] = { "on", "in", "at", "after", "during", "with",
		"to", "of", "late", "earlier", "later", "by", "from", "last", "this", "yesterday",
		"today", "in", "for", "as", "would", "will", "could", "should", "might", "may",
		"about", "and", "but", "so", "so-called", NULL };
	if (names_is(s, &w[v], "said") || names_is(s, &w[v], "says"))
		return names_in(preps, s + w[v + 1].start,
				 w[v + 1].end - w[v + 1].start) ? 0 : w[v + 1].start;
	static const char *const starts[] = { "the", "a", "an", "it", "there", "they", "he",
		"she", "we", "this", "its", "his", "her", "their", NULL };
	static const char *const verbs[] = { "warned", "added", "argued", "insisted",
		"stressed", "noted", "predicted", "believes", "thinks", "emphasized",
		"emphasised", "underlined", "reiterated", NULL };
	if (names_in(verbs, s + w[v].start, w[v].end - w[v].start) &&
	    names_in(starts, s + w[v + 1].start, w[v + 1].end - w[v + 1].start))
		return w[v + 1].start;
	return 0;
}

/* A reported statement in the sentence s[ss, se) (one with no quotation
 * of its own): "X stated that ...", "according to X, ...", "..., X said." */
static void
quotes_reported(struct qctx *c, const char *s, size_t ss, size_t se)
{
	struct nword w[128];
	size_t n = names_words(s, ss, se, w, 128);
	if (n < 4 || n == 128)
		return;
	/* according to X, ... / ..., according to X. */
	for (size_t k = 0; k + 2 < n; k++) {
		if (!names_is(s, &w[k], "according") || !names_is(s, &w[k + 1], "to"))
			continue;
		size_t j = k + 2;
		while (j < n && !w[j].stop)
			j++;
		if (j >= n)
			return;
		const char *who = quotes_subject(c, s, w + k + 2, j - k - 1, 1);
		if (who == NULL || *who == '\0')
			return;
		if (k == 0 && j + 1 < n)
			quotes_add(c, c->passage, QUOTE_REPORTED, who, s, w[j + 1].start, se);
		else if (k > 3 && j + 1 >= n && w[k - 1].stop)
			quotes_add(c, c->passage, QUOTE_REPORTED, who, s, ss, w[k - 1].end);
		return;
	}
	/* ..., X said. / ..., said X. */
	size_t v = n - 1;
	if (n > 4) {
		size_t k = v;
		while (k > 0 && !w[k - 1].stop && v - k < 5)
			k--;
		if (k > 3 && k < v && w[k - 1].stop && s[w[k - 1].end] == ',') {
			const char *who = NULL;
			if (quotes_is_verb(s, &w[v]))
				who = quotes_subject(c, s, w + k, v - k, 0);
			else if (quotes_is_verb(s, &w[k]))
				who = quotes_subject(c, s, w + k + 1, v - k, 1);
			if (who != NULL && *who) {
				quotes_add(c, c->passage, QUOTE_REPORTED, who, s, ss, w[k - 1].end);
				return;
			}
		}
	}
	/* X said (that) ... */
	static const char *const adverbs[] = { "later", "also", "again", "then", "previously",
		"himself", "herself", "earlier", "further", "repeatedly", "has", "had",
		"have", "recently", "once", "separately", NULL };
	for (v = 1; v < n; v++) {
		if (!quotes_is_verb(s, &w[v]))
			continue;
		size_t from = quotes_clause(s, w, n, v);
		if (from == 0)
			continue;
		int open;
		if (names_mark(s, se, from, &open))
			return;   /* a quotation: direct */
		size_t e = v;   /* the subject ends before e */
		while (e > 0 && !w[e - 1].stop && !w[e - 1].cap &&
		       names_in(adverbs, s + w[e - 1].start, w[e - 1].end - w[e - 1].start))
			e--;
		if (e == 0)
			return;
		size_t k = e;
		if (w[e - 1].stop && s[w[e - 1].end] == ',') {
			/* "The Kremlin's spokesman, Dmitry Peskov, told" */
			k = e - 1;
			while (k > 0 && !w[k - 1].stop)
				k--;
			if (k == 0 || s[w[k - 1].end] != ',')
				return;
		} else if (w[e - 1].stop) {
			return;
		} else {
			while (k > 0 && !w[k - 1].stop)
				k--;
		}
		const char *who = quotes_subject(c, s, w + k, e - k, 0);
		if (who == NULL && k < e && w[e - 1].stop && k > 0 && w[k - 1].cap) {
			/* "President Zelenskyy, while suggesting a truce, emphasized" */
			size_t k2 = k - 1;
			while (k2 > 0 && !w[k2 - 1].stop)
				k2--;
			who = quotes_subject(c, s, w + k2, k - k2, 0);
		}
		if (who != NULL && *who)
			quotes_add(c, c->passage, QUOTE_REPORTED, who, s, from, se);
		return;
	}
}

/* ---- passages ---- */

/* The speaker of a lead-in s[ss, colon) ending in a colon: "Zelensky
 * said:", "Peter Dickinson highlighted the consequences:".  NULL if none. */
static const char *
quotes_leadin(struct qctx *c, const char *s, size_t ss, size_t colon)
{
	struct nword w[48];
	size_t n = names_words(s, ss, colon, w, 48);
	if (n < 2 || n == 48)
		return NULL;
	for (size_t v = 1; v < n; v++) {
		if (!quotes_is_verb(s, &w[v]))
			continue;
		size_t k = v;
		while (k > 0 && !w[k - 1].stop)
			k--;
		const char *who = quotes_subject(c, s, w + k, v - k, 0);
		return who && *who ? who : NULL;
	}
	return NULL;
}

/* A colon in s[ss, se) outside quotations, followed by a space: where, or 0. */
static size_t
quotes_colon(const char *s, size_t len, size_t ss, size_t se, const struct qspan *sp,
	     size_t nsp)
{
	for (size_t i = ss; i < se; i++) {
		int in = 0;
		for (size_t k = 0; k < nsp; k++)
			in |= i >= sp[k].open && i < sp[k].after;
		if (!in && s[i] == ':' && (i + 1 == len || s[i + 1] == ' '))
			return i;
	}
	return 0;
}

static void
quotes_passage(struct qctx *c, const char *s, size_t len)
{
	struct qspan sp[64];
	size_t e[256];
	size_t nsp = quotes_spans(s, len, sp, 64);
	int pending = 0;

	if (c->leadin[0] && (nsp == 0 || sp[0].open > 0)) {
		/* set off after a lead-in, without marks */
		quotes_add(c, c->passage, QUOTE_DIRECT, c->leadin, s, 0, len);
		c->leadin[0] = '\0';
		return;
	}
	size_t ne = quotes_sentences(s, len, sp, nsp, e, 256);
	c->prev_sentence = NULL;
	for (size_t i = 0, ss = 0; i < ne; ss = e[i++]) {
		while (ss < len && s[ss] == ' ')
			ss++;
		if (ss >= e[i])
			continue;
		c->sentence_start = ss;
		c->sentence_no = i;
		size_t before = c->out->n;
		int direct = quotes_direct(c, s, len, ss, e[i], sp, nsp, &pending);
		c->leadin[0] = '\0';
		int quoted = 0;
		for (size_t k = 0; k < nsp; k++)
			quoted |= sp[k].open >= ss && sp[k].open < e[i];
		size_t colon = quotes_colon(s, len, ss, e[i], sp, nsp);
		const char *lead = colon ? quotes_leadin(c, s, ss, colon) : NULL;
		if (lead && colon + 1 >= len) {
			/* the quotation is the next paragraph */
			snprintf(c->leadin, sizeof c->leadin, "%s", lead);
			break;
		}
		int mark;
		if (lead && !quoted && !names_mark(s, len, colon + 2, &mark)) {
			/* "Zelensky said: Our proposal ..." to the end */
			quotes_add(c, c->passage, QUOTE_DIRECT, lead, s, colon + 1, len);
			break;
		}
		if (!direct && !quoted)
			quotes_reported(c, s, ss, e[i]);
		c->prev_sentence = c->out->n > before && c->out->v[c->out->n - 1].speaker ?
			c->out->v[c->out->n - 1].speaker : NULL;
	}
	if (!pending)   /* the quotation did not go on: its speaker is not known */
		quotes_drop_pending(c->out);
}

int
quotes_disabled(void)
{
	const char *v = getenv("CFSEARCH_NO_STATEMENTS");
	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

void
quotes_find(const struct cfs_article *a, struct quotes *out)
{
	struct qctx *c = xcalloc(1, sizeof *c);

	memset(out, 0, sizeof *out);
	c->a = a;
	c->out = out;
	for (size_t i = 0; i < a->npassages; i++)
		names_collect(&c->names, a->passages[i].text, a->passages[i].len);
	for (size_t i = 0; i < a->npassages; i++) {
		c->passage = i;
		quotes_passage(c, a->passages[i].text, a->passages[i].len);
	}
	quotes_drop_pending(out);   /* a quotation whose speaker never came */
	names_free(&c->names);
	free(c);
}

void
quotes_free(struct quotes *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->v[i].speaker);
		free(q->v[i].text);
	}
	free(q->v);
	memset(q, 0, sizeof *q);
}

const char *
quotes_kind_name(int kind)
{
	return kind == QUOTE_DIRECT ? "direct" : "reported";
}
