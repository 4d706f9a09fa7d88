/*
 * names.c: the people an article names, for quotes.c.  The words of a
 * text (runs of ASCII letters, digits, '.', '-' and apostrophes, and any
 * byte of a multi-byte character; quotation marks and dashes apart), runs
 * of capitalised words, the titles and roles before a name, and the
 * fullest name an article gives a person ("Peskov": "Dmitry Peskov").
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

/* Words of a capitalised run that are a title, a role or a nationality,
 * not part of a person's name (dropped from the front of a name). */
static const char *const names_roles[] = {
	"president", "vice", "prime", "minister", "foreign", "defence", "defense",
	"secretary", "state", "spokesperson", "spokesman", "spokeswoman", "press",
	"ministry", "kremlin", "senator", "senators", "chancellor", "deputy", "chief",
	"director", "general", "governor", "ambassador", "envoy", "special",
	"national", "security", "advisor", "adviser", "chairman", "chairwoman",
	"finance", "trade", "economy", "interior", "analyst", "professor", "dr.",
	"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr", "senior", "fellow", "former",
	"acting", "executive", "managing", "head", "leader", "speaker", "house",
	"transport", "treasury", "energy", "oil", "central", "bank", "governor",
	"u.s.", "us", "uk", "u.k.", "eu", "un", "nato", "russian", "ukrainian",
	"american", "british", "french", "german", "iranian", "malaysian",
	"japanese", "mexican", "chinese", "belgian", "dutch", "saudi", "israeli",
	"european", "turkish", "polish", "italian", "spanish", "indian", "canadian",
	"australian", "democrat", "republican", "labour", "liberal", "conservative",
	"texas", "kuwaiti", "iraqi", "syrian", "egyptian", "swiss", "swedish",
	/* words that start a sentence */
	"the", "a", "an", "and", "but", "or", "however", "meanwhile", "in", "on",
	"at", "for", "after", "before", "while", "when", "as", "if", "then", "also",
	"earlier", "later", "yesterday", "today", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "contrarily", "despite",
	"separately", "speaking", "asked", "instead", "still", "now", "both",
	NULL
};

/* Words that make a capitalised run an organisation or a place. */
static const char *const names_orgs[] = {
	"ministry", "department", "office", "house", "bank", "council", "committee",
	"commission", "agency", "union", "party", "government", "parliament",
	"senate", "congress", "court", "kremlin", "pentagon", "reuters", "times",
	"post", "news", "service", "services", "corp", "corp.", "corporation", "inc",
	"inc.", "ltd", "ltd.", "co", "co.", "group", "association", "federation",
	"organization", "organisation", "board", "authority", "institute",
	"university", "fund", "exchange", "company", "airlines", "forces", "army",
	"navy", "command", "states", "nations", "kingdom", "arabia", "republic",
	"administration", "embassy", "centre", "center", "foundation", "trust",
	"bureau", "motors", "industries", "securities", "street", "york", "kong",
	"russia", "ukraine", "moscow", "kyiv", "washington", "america", "europe",
	"china", "iran", "israel", "britain", "france", "germany", "japan",
	"international", "ministers", "officials", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "ltd", "plc", "ag",
	"telegram", "x", "twitter", "facebook", "tass", "interfax", "ria", "bhd",
	"berhad", "gmbh", "sa", "nv", "llc", "holdings", "enterprise", NULL
};

/* Lower-case words inside a name (Herman de Croo). */
static const char *const names_particles[] = {
	"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", NULL
};

int
names_in(const char *const *list, const char *w, size_t n)
{
	int c0 = n ? tolower((unsigned char)w[0]) : 0;
	for (size_t i = 0; list[i]; i++)
		if (list[i][0] == c0 && strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
			return 1;
	return 0;
}

/* ---- words of the text ---- */

static int
names_wordbyte(unsigned char c)
{
	return isalnum(c) || c == '\'' || c == '-' || c == '.' || c >= 0x80;
}

/* Is s[i] the start of a quotation mark?  Its length, else 0; *open gets 1
 * for an opening mark, 0 for a closing one, -1 for a straight one. */
size_t
names_mark(const char *s, size_t len, size_t i, int *open)
{
	if (s[i] == '"') {
		*open = -1;
		return 1;
	}
	if (i + 2 < len + 0 && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x9c || (unsigned char)s[i + 2] == 0x9d)) {
		*open = (unsigned char)s[i + 2] == 0x9c;
		return 3;
	}
	return 0;
}

/* Is s[i] the start of a dash (–, — or a hyphen between spaces)?  Its
 * length, else 0. */
size_t
names_dash(const char *s, size_t len, size_t i)
{
	if (i + 2 < len && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	if (s[i] == '-' && i + 1 < len && s[i + 1] == ' ' && (i == 0 || s[i - 1] == ' '))
		return 1;
	return 0;
}

/* The words of s[from, to): at most max, into v; returns how many. */
size_t
names_words(const char *s, size_t from, size_t to, struct nword *v, size_t max)
{
	size_t n = 0, i = from;
	while (i < to && n < max) {
		while (i < to && !names_wordbyte((unsigned char)s[i]))
			i++;
		if (i >= to)
			break;
		/* a multi-byte quotation mark or dash is no word */
		int o;
		size_t skip = names_mark(s, to, i, &o);
		if (skip == 0)
			skip = names_dash(s, to, i);
		if (skip == 0 && (unsigned char)s[i] == 0xe2 && i + 2 < to &&
		    (unsigned char)s[i + 1] == 0x80)
			skip = 3;   /* other punctuation: … ‘ ’ */
		if (skip) {
			if (n > 0)
				v[n - 1].stop = 1;
			i += skip;
			continue;
		}
		size_t st = i;
		while (i < to && names_wordbyte((unsigned char)s[i])) {
			if (names_mark(s, to, i, &o) || names_dash(s, to, i))
				break;
			if ((unsigned char)s[i] == 0xe2 && i + 2 < to &&
			    (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
				i += 3;   /* ’ */
				continue;
			}
			i++;
		}
		struct nword *w = &v[n];
		w->start = st;
		w->end = i;
		w->poss = 0;
		/* a full stop ends the word unless it is an initial (U.S., Mr.) */
		if (w->end - w->start > 1 && s[w->end - 1] == '.') {
			size_t k = w->end - 1, dots = 0;
			for (size_t j = w->start; j < w->end; j++)
				dots += s[j] == '.';
			if (dots == 1 && !names_in(names_roles, s + w->start, w->end - w->start))
				w->end = k;
		}
		if (w->end - w->start > 2 && s[w->end - 1] == 's' &&
		    (s[w->end - 2] == '\'' || (w->end - w->start > 4 && (unsigned char)s[w->end - 2] == 0x99 &&
		     (unsigned char)s[w->end - 4] == 0xe2))) {
			w->poss = 1;
			w->end -= s[w->end - 2] == '\'' ? 2 : 4;
		}
		w->cap = isupper((unsigned char)s[w->start]) != 0;
		size_t k = i;
		while (k < to && s[k] == ' ')
			k++;
		w->stop = k < to && strchr(",;:.!?()", s[k]) != NULL;
		if (w->end > w->start && s[w->end - 1] == '.' && w->end == i)
			w->stop |= 0;
		if (w->end > w->start)
			n++;
	}
	return n;
}

/* A role word, folded so that spokesman and spokesperson are one. */
static void
names_role_key(const char *w, size_t n, char out[24])
{
	if (n >= 6 && strncasecmp(w, "spokes", 6) == 0)
		n = 6;
	if (n > 23)
		n = 23;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)w[i]);
	out[n] = '\0';
}

/* Does a run of capitalised words look like a person's name (after its
 * roles are dropped)?  Two words at least, none of an organisation, none
 * in capitals only. */
int
names_personlike(const char *s, const struct nword *w, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = w[i].end - w[i].start;
		if (names_in(names_orgs, s + w[i].start, l))
			return 0;
		if (!w[i].cap)
			continue;
		int upper = 0;
		for (size_t k = w[i].start; k < w[i].end; k++)
			upper += isupper((unsigned char)s[k]) != 0 || s[k] == '.';
		if (l > 1 && (size_t)upper == l)
			return 0;   /* UAW, NATO, U.S. */
	}
	return 1;
}

/* Join words into a name (malloc()ed). */
static char *
names_join(const char *s, const struct nword *w, size_t n)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_add(&b, s + w[i].start, w[i].end - w[i].start);
	}
	return buf_detach(&b);
}

/* Remember a name the article gives in full, with the role before it. */
static void
names_remember(struct names *nm, const char *s, const struct nword *w, size_t n,
		const struct nword *role)
{
	char *full = names_join(s, w, n);
	for (size_t i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i].full, full) == 0) {
			if (role && nm->v[i].role[0] == '\0')
				names_role_key(s + role->start, role->end - role->start,
						nm->v[i].role);
			free(full);
			return;
		}
	if (nm->n >= NAMES_MAX) {
		free(full);
		return;
	}
	size_t x = nm->n++;
	nm->v[x].full = full;
	nm->v[x].last = xstrndup(s + w[n - 1].start, w[n - 1].end - w[n - 1].start);
	nm->v[x].role[0] = '\0';
	if (role)
		names_role_key(s + role->start, role->end - role->start, nm->v[x].role);
}

/* Drop the roles from the front of the run w[0..n): returns the first
 * word kept. */
int
names_is_role(const char *s, const struct nword *w)
{
	size_t l = w->end - w->start;
	return names_in(names_roles, s + w->start, l) ||
	       (l > 3 && s[w->start + l - 1] == 's' && names_in(names_roles, s + w->start, l - 1));
}

size_t
names_strip(const char *s, const struct nword *w, size_t n)
{
	size_t i = 0, caps = 0;
	while (i < n && (names_is_role(s, &w[i]) || !w[i].cap))
		i++;
	/* a name is its last two capitalised words (Lloyds Treasurer Alan
	 * Moore: Alan Moore), with the particles between them */
	for (size_t k = n; k > i; k--)
		if (w[k - 1].cap && ++caps == 2 && k - 1 > i)
			return k - 1;
	return i;
}

/* Collect the names the article gives in full: every run of capitalised
 * words (particles allowed inside) that, its roles dropped, is person-like. */
void
names_collect(struct names *nm, const char *s, size_t len)
{
	struct nword *w = xcalloc(len / 2 + 2, sizeof *w);
	size_t n = names_words(s, 0, len, w, len / 2 + 1);
	for (size_t i = 0; i < n;) {
		if (!w[i].cap) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && !w[j - 1].stop && !w[j - 1].poss &&
		       (w[j].cap || (names_in(names_particles, s + w[j].start,
					       w[j].end - w[j].start) && j + 1 < n && w[j + 1].cap)) &&
		       w[j].start - w[j - 1].end <= 1)
			j++;
		size_t k = i + names_strip(s, w + i, j - i);
		/* "Herald of Free Enterprise", not "Secretary of State Marco Rubio" */
		int of = i > 0 && k == i && names_is(s, &w[i - 1], "of");
		if (!of && j - k >= 2 && j - k <= NAMES_TOKENS && names_personlike(s, w + k, j - k)) {
			const struct nword *role = NULL;
			if (k > i)
				role = &w[k - 1];
			else if (i > 0 && !w[i - 1].cap && !w[i - 1].stop)
				role = &w[i - 1];
			names_remember(nm, s, w + k, j - k, role);
		}
		i = j;
	}
	free(w);
}

/* The person a mention names (words w[0..n) of a capitalised run, roles
 * dropped): the article's fullest name ending in it, when there is one
 * person only; else NULL. */
const char *
names_resolve(struct names *nm, const char *s, const struct nword *w, size_t n)
{
	if (n == 0 || n > NAMES_TOKENS)
		return NULL;
	char *m = names_join(s, w, n);
	const char *best = NULL;
	size_t ml = strlen(m), bl = 0;
	int clash = 0;
	for (size_t i = 0; i < nm->n; i++) {
		const char *f = nm->v[i].full;
		size_t fl = strlen(f);
		if (fl < ml || strcmp(f + fl - ml, m) != 0 || (fl > ml && f[fl - ml - 1] != ' '))
			continue;
		if (best == NULL || fl > bl) {
			/* a fuller name holds the shorter one: the same person */
			if (best != NULL && strstr(f, best) == NULL)
				clash = 1;
			best = f;
			bl = fl;
		} else if (strstr(best, f) == NULL) {
			clash = 1;
		}
	}
	free(m);
	if (clash)
		return NULL;
	if (best == NULL && n >= 2 && names_personlike(s, w, n)) {
		/* a full name not collected (too many names): take it as it is */
		return NULL;
	}
	return best;
}

/* The person a role names ("the Kremlin spokesman"): the one name the
 * article gave that role, else NULL. */
const char *
names_role(struct names *nm, const char *w, size_t n)
{
	char key[24];
	const char *found = NULL;
	names_role_key(w, n, key);
	for (size_t i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i].role, key) == 0) {
			if (found && strcmp(found, nm->v[i].full) != 0)
				return NULL;
			found = nm->v[i].full;
		}
	return found;
}

int
names_is(const char *s, const struct nword *w, const char *lit)
{
	size_t n = strlen(lit);
	return w->end - w->start == n && strncasecmp(s + w->start, lit, n) == 0;
}

int
names_particle(const char *s, const struct nword *w)
{
	return names_in(names_particles, s + w->start, w->end - w->start);
}

void
names_free(struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++) {
		free(nm->v[i].full);
		free(nm->v[i].last);
	}
	nm->n = 0;
}
