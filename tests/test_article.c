/* test_article.c: article_parse and the passages it makes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfsearch.h"
#include "tap.h"

/* The bytes of a file (NULL if unreadable). */
static char *
fixture(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char *path = xasprintf("%s/tests/fixtures/articles/%s", top ? top : ".", name);
	char *s = tap_slurp(path, len);

	free(path);
	return s;
}

/*
 * Every passage must point at its own text: byte and line ranges inside
 * the text, lines counted as the parser counts them, the first and last
 * bytes of the range those of the display text, which is trimmed, has
 * single spaces and is no longer than PASSAGE_MAX.  Returns 1 if all hold.
 */
static int
consistent(const char *text, size_t len, const struct cfs_article *a,
    const char **why)
{
	const struct cfs_passage *p;
	size_t i, k, *starts = NULL, nstarts = 0;
	char nl = '\n';
	unsigned l0, l1;

	if (memchr(text, '\n', len) == NULL && memchr(text, '\r', len) != NULL)
		nl = '\r';
	starts = xmalloc((len + 2) * sizeof *starts);
	starts[nstarts++] = 0;
	for (i = 0; i < len; i++) {
		if (text[i] == nl)
			starts[nstarts++] = i + 1;
	}
	*why = NULL;
	if (a->title == NULL)
		*why = "no title";
	for (i = 0; i < a->npassages && *why == NULL; i++) {
		p = &a->passages[i];
		if (p->len == 0 || p->len != strlen(p->text))
			*why = "length";
		else if (p->len > PASSAGE_MAX)
			*why = "longer than PASSAGE_MAX";
		else if (p->text[0] == ' ' || p->text[p->len - 1] == ' ' ||
		    strstr(p->text, "  ") != NULL)
			*why = "spacing";
		else if (p->byte_start >= p->byte_end || p->byte_end > len)
			*why = "byte range";
		else if (text[p->byte_start] != p->text[0] ||
		    text[p->byte_end - 1] != p->text[p->len - 1])
			*why = "range does not hold the text";
		else {
			for (k = 0; k + 1 < nstarts && starts[k + 1] <= p->byte_start; k++)
				;
			l0 = (unsigned)k + 1;
			for (; k + 1 < nstarts && starts[k + 1] <= p->byte_end - 1; k++)
				;
			l1 = (unsigned)k + 1;
			if (l0 != p->line_start || l1 != p->line_end)
				*why = "line range";
		}
	}
	free(starts);
	return *why == NULL;
}

/* Decode and parse s[0..len); returns the decoded text (to free). */
static char *
parse(const char *s, size_t len, struct cfs_article *a, size_t *outlen)
{
	char *out = NULL;
	size_t n = 0;
	const char *note, *why;

	if (text_decode(s, len, &out, &n, &note) != TEXT_OK) {
		out = xstrdup("");
		n = 0;
	}
	article_parse(out, n, a);
	if (!consistent(out, n, a, &why))
		printf("# inconsistent passages: %s\n", why);
	if (outlen != NULL)
		*outlen = n;
	return out;
}

/* Parse a fixture; returns 0 if it could not be read. */
static int
parse_fixture(const char *name, struct cfs_article *a)
{
	size_t len;
	char *raw = fixture(name, &len), *out;

	memset(a, 0, sizeof *a);
	if (!ok(raw != NULL, "fixture %s readable", name))
		return 0;
	out = parse(raw, len, a, NULL);
	free(out);
	free(raw);
	return 1;
}

static void
parse_str(const char *s, struct cfs_article *a)
{
	free(parse(s, strlen(s), a, NULL));
}

/* The first passage containing needle, or NULL. */
static const struct cfs_passage *
find(const struct cfs_article *a, const char *needle)
{
	size_t i;

	for (i = 0; i < a->npassages; i++) {
		if (strstr(a->passages[i].text, needle) != NULL)
			return &a->passages[i];
	}
	return NULL;
}

static int
any_passage_is(const struct cfs_article *a, const char *s)
{
	size_t i;

	for (i = 0; i < a->npassages; i++) {
		if (strcasecmp(a->passages[i].text, s) == 0)
			return 1;
	}
	return 0;
}

static void
test_header(void)
{
	struct cfs_article a;
	static const char *keys[] = { "Title", "Date", "Source", "Dateline",
	    "Places", "Topics", "Commission" };
	size_t i;
	int inorder = 1;

	if (parse_fixture("wrapped.txt", &a)) {
		is_str(a.title, "MINISTERS AGREE TO RESUME TRADE TALKS", "header: Title");
		is_int(a.title_derived, 0, "header: title not derived");
		is_str(a.date, "1987-03-12T09:30:00Z", "header: Date");
		is_str(a.datekey, "19870312", "header: date key");
		is_str(a.source, "Wire", "header: Source");
		is_int(a.nmeta, 7, "header: every key kept as metadata");
		for (i = 0; i < a.nmeta && i < 7; i++)
			inorder &= strcmp(a.meta[i].key, keys[i]) == 0;
		ok(inorder, "header: metadata in file order");
		ok(a.nmeta == 7 && strcmp(a.meta[6].value, "none") == 0,
		    "header: unknown key Commission kept with its value");
		ok(find(&a, "Commission") == NULL && find(&a, "GENEVA, March 12") == NULL,
		    "header: header lines are not body text");
		is_int(a.nwarnings, 0, "header: no warnings");
	}
	article_free(&a);

	if (parse_fixture("header.txt", &a)) {
		is_str(a.title, "Talks on Water Sharing Stall",
		    "header: key case ignored, value trimmed");
		is_str(a.source, "Regional Observer", "header: Source trimmed");
		ok(a.date == NULL, "header: unreadable date gives no date");
		is_str(a.datekey, "", "header: unreadable date gives no key");
		is_int(a.nwarnings, 1, "header: unreadable date warns");
		if (a.nwarnings == 1)
			is_str(a.warnings[0], "unreadable date 'Tuesday'",
			    "header: warning text");
		ok(a.nmeta == 5 && strcmp(a.meta[4].key, "Editor-Note") == 0 &&
		    strcmp(a.meta[4].value, "checked against two sources") == 0,
		    "header: other keys are metadata");
		is_int(a.npassages, 1, "header: the body is read");
		ok(a.npassages == 1 && a.passages[0].line_start == 7,
		    "header: body line number counts the header");
	}
	article_free(&a);

	if (parse_fixture("blank.txt", &a)) {
		ok(a.date == NULL && a.datekey[0] == '\0', "no header: no date");
		ok(a.source == NULL && a.nmeta == 0, "no header: no source, no metadata");
	}
	article_free(&a);

	if (parse_fixture("mentions.txt", &a)) {
		is_int(a.nmeta, 0, "'Moscow: ...' first line is no header");
		is_str(a.title, "Moscow: talks resume in Geneva after a pause",
		    "'Moscow: ...' first line is the headline");
	}
	article_free(&a);

	parse_str("Title: A\nDate: 2025-03-11T14:05:00+02:00\n\nBody text here.\n", &a);
	is_str(a.date, "2025-03-11T12:05:00Z", "header: date with offset to UTC");
	article_free(&a);

	parse_str("Source: Daily Wire\nDate:\n\nNo title header. Just text.\n", &a);
	ok(a.date == NULL && a.nwarnings == 0, "header: empty Date is no date, no warning");
	is_int(a.title_derived, 1, "header: no Title key, title derived");
	article_free(&a);

	parse_str("Title: Truce Holds\nSummary: calm night\nBody starts without a blank line.\n", &a);
	is_int(a.nmeta, 2, "header: ends at a line that is no header");
	ok(find(&a, "Body starts") != NULL, "header: that line is body text");
	article_free(&a);
}

static void
test_titles(void)
{
	struct cfs_article a;
	struct buf b;
	int i;

	if (parse_fixture("blank.txt", &a)) {
		is_str(a.title, "Envoys Reach Outline of Grain Corridor Deal in Istanbul",
		    "headline: first line is the title");
		ok(!any_passage_is(&a, a.title), "headline: repeated headline not a passage");
		is_int(a.npassages, 3, "headline: kept once, three paragraphs");
		ok(a.npassages > 0 && a.passages[0].line_start == 5,
		    "headline: first passage on line 5");
	}
	article_free(&a);

	if (parse_fixture("period-headline.txt", &a)) {
		is_int(a.title_derived, 1, "headline with a period is no title");
		ok(any_passage_is(&a, "The delegations met again on Tuesday."),
		    "headline with a period stays a passage");
		is_str(a.title, "The delegations met again on Tuesday",
		    "derived title from a short first sentence");
	}
	article_free(&a);

	if (parse_fixture("perline.txt", &a)) {
		is_int(a.title_derived, 1, "no headline: title derived");
		is_str(a.title, "Foreign ministers from twelve countries gathered in "
		    "Vienna on Monday to discuss\xe2\x80\xa6",
		    "derived title cut at a word, ellipsis added");
		ok(strlen(a.title) <= 80 + 3, "derived title at most 80 bytes and the ellipsis");
	}
	article_free(&a);

	parse_str("Will the Truce Hold?\n\nBoth sides accused each other of violations.\n", &a);
	is_str(a.title, "Will the Truce Hold?", "headline ending in '?'");
	article_free(&a);
	parse_str("Deal Done!\n\nThe agreement was signed at noon.\n", &a);
	is_str(a.title, "Deal Done!", "headline ending in '!'");
	article_free(&a);
	parse_str("Talks end without a deal,\n\nThe agreement was not signed.\n", &a);
	is_int(a.title_derived, 1, "first line ending in ',' is no headline");
	article_free(&a);

	buf_init(&b);
	for (i = 0; i < 26; i++)
		buf_adds(&b, "word ");
	buf_adds(&b, "\n\nThe body follows.\n");
	parse_str(b.s, &a);
	is_int(a.title_derived, 1, "26-word first line is no headline");
	article_free(&a);
	buf_reset(&b);
	for (i = 0; i < 21; i++)
		buf_adds(&b, "Ministers ");
	buf_adds(&b, "\n\nThe body follows.\n");
	parse_str(b.s, &a);
	is_int(a.title_derived, 1, "first line over 200 bytes is no headline");
	article_free(&a);
	buf_free(&b);

	parse_str("Title: Talks Resume in Doha\n\ntalks   resume in  DOHA\n\nThe talks resumed.\n", &a);
	ok(!find(&a, "DOHA"), "Title header: equal first paragraph dropped (case, spaces)");
	is_int(a.npassages, 1, "Title header: the rest kept");
	article_free(&a);

	parse_str("Title: Talks Resume in Doha\n\nTalks resumed in Doha on Monday.\n", &a);
	is_int(a.npassages, 1, "Title header: different first paragraph kept");
	article_free(&a);

	parse_str("Russia\xe2\x80\x99s Reply Awaited\n\nRussia's Reply Awaited\n\nText.\n", &a);
	ok(!find(&a, "Reply Awaited"), "repeated headline matched across quote styles");
	article_free(&a);

	parse_str("Ceasefire Announced in Geneva\n", &a);
	is_str(a.title, "Ceasefire Announced in Geneva", "headline-only article: title");
	is_int(a.npassages, 1, "headline-only article: the headline is its text");
	article_free(&a);

	parse_str("", &a);
	ok(a.title != NULL && a.title[0] == '\0' && a.npassages == 0,
	    "empty text: empty title, no passages");
	article_free(&a);
}

/* Same passages (text and lines) in both articles? */
static int
same_passages(const struct cfs_article *a, const struct cfs_article *b)
{
	size_t i;

	if (a->npassages != b->npassages || strcmp(a->title, b->title) != 0)
		return 0;
	for (i = 0; i < a->npassages; i++) {
		if (strcmp(a->passages[i].text, b->passages[i].text) != 0 ||
		    a->passages[i].line_start != b->passages[i].line_start ||
		    a->passages[i].line_end != b->passages[i].line_end)
			return 0;
	}
	return 1;
}

/* s with a BOM, CRLF line ends, trailing blanks and tabs for indents. */
static char *
messy(const char *s)
{
	struct buf b;
	int bol = 1;

	buf_init(&b);
	buf_adds(&b, "\xef\xbb\xbf");
	for (; *s != '\0'; s++) {
		if (bol && strncmp(s, "    ", 4) == 0) {
			buf_addc(&b, '\t');
			s += 3;
			bol = 0;
			continue;
		}
		bol = *s == '\n';
		if (*s == '\n')
			buf_adds(&b, " \t\r\n");
		else if (*s == ' ' && s[1] == 't' && s[2] == 'h' && s[3] == 'e' && s[4] == ' ')
			buf_adds(&b, " \t ");
		else
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

static void
test_styles(void)
{
	struct cfs_article a, b;
	const struct cfs_passage *p;
	static const char *names[] = { "blank.txt", "perline.txt", "wrapped.txt",
	    "mixed.txt", "long.txt", "leadin.txt" };
	char *raw, *m;
	size_t i, len;

	if (parse_fixture("perline.txt", &a)) {
		is_int(a.npassages, 5, "one paragraph per line: five passages");
		for (i = 0; i < a.npassages; i++) {
			if (a.passages[i].line_start != i + 1 || a.passages[i].line_end != i + 1)
				break;
		}
		ok(i == 5, "one paragraph per line: passage n on line n");
	}
	article_free(&a);

	if (parse_fixture("wrapped.txt", &a)) {
		is_int(a.npassages, 4, "hard-wrapped, indented: four paragraphs");
		if (a.npassages == 4) {
			ok(a.passages[0].line_start == 9 && a.passages[0].line_end == 12,
			    "hard-wrapped: unindented first paragraph, lines 9-12");
			ok(a.passages[1].line_start == 13 && a.passages[1].line_end == 15,
			    "hard-wrapped: indented paragraph, lines 13-15");
			ok(a.passages[3].line_start == 18 && a.passages[3].line_end == 19,
			    "hard-wrapped: last paragraph, lines 18-19");
			is_str(a.passages[3].text, "The U.S. delegation declined to give a "
			    "date for the first session.", "hard-wrapped: lines joined");
		}
		ok(!find(&a, "Reuter") && !find(&a, "&#3;"), "sign-off 'Reuter' and '&#3;' dropped");
	}
	article_free(&a);

	if (parse_fixture("mixed.txt", &a)) {
		is_int(a.npassages, 5, "mixed styles: five passages");
		p = find(&a, "The host government");
		ok(p && p->line_start == 6 && p->line_end == 10 &&
		    strstr(p->text, "code. Several delegations"),
		    "mixed: wrapped block with no indents is one paragraph");
		p = find(&a, "Analysts said");
		ok(p && p->line_start == 12 && p->line_end == 14 &&
		    strstr(p->text, "previous years. One regional"),
		    "mixed: indented paragraph, double space collapsed");
		p = find(&a, "Fishing communities");
		ok(p && p->line_start == 15, "mixed: split at the indented line");
		ok(find(&a, "The statement called") != find(&a, "Leaders of the coastal"),
		    "mixed: long lines are paragraphs each");
	}
	if (parse_fixture("mixed-crlf.txt", &b))
		ok(same_passages(&a, &b), "CRLF, BOM, tabs and trailing blanks: same passages");
	article_free(&a);
	article_free(&b);

	/* the same, made here for each style */
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		raw = fixture(names[i], &len);
		if (raw == NULL)
			continue;
		m = messy(raw);
		free(parse(raw, len, &a, NULL));
		free(parse(m, strlen(m), &b, NULL));
		ok(same_passages(&a, &b), "%s: BOM, CRLF, tabs make no difference", names[i]);
		article_free(&a);
		article_free(&b);
		free(m);
		free(raw);
	}

	parse_str("Line one of an\rold Mac file.\r\rSecond paragraph here.\r", &a);
	ok(a.npassages == 2 && a.passages[1].line_start == 4,
	    "lone CR ends lines in a text with no LF");
	article_free(&a);

	parse_str("Headline Without Blank Line\nThe body starts on the second line and goes "
	    "on for long enough to be a paragraph of its own, as pages often do.\n", &a);
	is_str(a.title, "Headline Without Blank Line", "headline right above the text");
	is_int(a.npassages, 1, "headline right above the text: not joined to it");
	article_free(&a);
}

static void
test_boilerplate(void)
{
	struct cfs_article a;

	if (parse_fixture("boilerplate.txt", &a)) {
		is_int(a.npassages, 3, "boilerplate: three real paragraphs");
		ok(!find(&a, "Advertisement"), "boilerplate: '- Advertisement -' lines dropped");
		ok(!find(&a, "Share this article"), "boilerplate: 'Share this article' dropped");
		ok(!find(&a, "Read more"), "boilerplate: 'Read more' dropped");
		ok(!any_passage_is(&a, "Author"), "boilerplate: 'Author' dropped");
		ok(!find(&a, "Recommended"), "boilerplate: 'Recommended news' dropped");
		ok(!find(&a, "Markets Rally") && !find(&a, "Analysts had expected"),
		    "boilerplate: everything after 'Recommended news' dropped");
		ok(!any_passage_is(&a, "Tags"), "boilerplate: trailing 'Tags' dropped");
	}
	article_free(&a);

	if (parse_fixture("mentions.txt", &a)) {
		is_int(a.npassages, 5, "mentions: every sentence kept");
		ok(find(&a, "the author of the draft"), "mentions: 'author' in a sentence kept");
		ok(find(&a, "Tags attached"), "mentions: 'Tags' opening a sentence kept");
		ok(find(&a, "told Reuters that"), "mentions: 'Reuters' in a sentence kept");
		ok(find(&a, "read more in the published"), "mentions: 'read more' kept");
		ok(find(&a, "The Reuter family archive"), "mentions: 'Reuter' in a sentence kept");
		ok(find(&a, "Share this article was"), "mentions: 'Share this article' in a sentence kept");
	}
	article_free(&a);

	parse_str("Title: T\n\nThe talks ended on Friday, officials said. REUTER\n", &a);
	ok(a.npassages == 1 && strcmp(a.passages[0].text,
	    "The talks ended on Friday, officials said.") == 0,
	    "sign-off: trailing 'REUTER' token dropped");
	article_free(&a);
	parse_str("Title: T\n\nThe text ends here, officials said.\nReuter...^M\n", &a);
	ok(a.npassages == 1 && !find(&a, "Reuter"), "sign-off: 'Reuter...^M' line dropped");
	article_free(&a);
	parse_str("Title: T\n\nThe minister said so, a spokesman told Reuters.\n", &a);
	ok(find(&a, "told Reuters."), "sign-off: 'told Reuters.' ending kept");
	article_free(&a);
	parse_str("Title: T\n\nThe minister spoke.\n\nTags: Ukraine, Russia, ceasefire\n", &a);
	ok(a.npassages == 1 && !find(&a, "Tags"), "trailing 'Tags: a, b' dropped");
	article_free(&a);
	parse_str("Title: T\n\nTags\n\nThe minister spoke.\n", &a);
	ok(find(&a, "Tags") != NULL, "'Tags' not at the end is kept");
	article_free(&a);
	parse_str("Title: T\n\nFirst paragraph.\n- Advertisement -\nSecond paragraph.\n", &a);
	ok(a.npassages == 2 && !find(&a, "Advertisement"),
	    "advertisement line between one-line paragraphs dropped");
	article_free(&a);
	parse_str("Title: T\n\n- Advertisement - The talks resumed on Monday in Doha.\n", &a);
	ok(find(&a, "The talks resumed"), "text after an advertisement marker kept");
	article_free(&a);
}

static void
test_leadin(void)
{
	struct cfs_article a;
	const struct cfs_passage *p;
	struct buf b;
	int i;

	if (parse_fixture("leadin.txt", &a)) {
		p = find(&a, "she said:");
		ok(p && strstr(p->text, "she said: \"Our message is simple"),
		    "lead-in: joined to the quote after it");
		ok(p && p->line_start == 5 && p->line_end == 7,
		    "lead-in: lines from the lead-in to the quote");
		p = find(&a, "He added:");
		ok(p && strstr(p->text, "He added: \"We cannot") && p->line_start == 11,
		    "lead-in: works with one-line paragraphs");
		is_int(a.npassages, 4, "lead-in: four passages");
	}
	article_free(&a);

	buf_init(&b);
	buf_adds(&b, "Title: T\n\n");
	for (i = 0; i < 12; i++)
		buf_adds(&b, "The spokesman spoke at length. ");
	buf_adds(&b, "Then he said:\n\n\"Nothing more.\"\n");
	parse_str(b.s, &a);
	ok(a.npassages == 1 && strstr(a.passages[0].text, "Then he said: \"Nothing more.\""),
	    "lead-in: a short last sentence ending in ':' joins the quote");
	ok(a.npassages == 1 && a.passages[0].line_start == 3 && a.passages[0].line_end == 5,
	    "lead-in: the passage runs from the paragraph to the quote");
	article_free(&a);

	buf_reset(&b);
	buf_adds(&b, "Title: T\n\nThe spokesman, who");
	for (i = 0; i < 12; i++)
		buf_adds(&b, " spoke at length and");
	buf_adds(&b, " then stopped, said:\n\n\"Nothing more.\"\n");
	parse_str(b.s, &a);
	is_int(a.npassages, 2, "lead-in: a long sentence ending in ':' stays apart");
	article_free(&a);

	buf_reset(&b);
	buf_adds(&b, "Title: T\n\nHe said:\n\n");
	for (i = 0; i < 60; i++)
		buf_adds(&b, "The quote goes on and on. ");
	buf_adds(&b, "\n");
	parse_str(b.s, &a);
	ok(a.npassages >= 2 && strncmp(a.passages[0].text, "He said: The quote", 18) == 0 &&
	    a.passages[0].line_start == 3, "lead-in: joined to a quote that is split");
	article_free(&a);
	buf_free(&b);

	parse_str("Title: T\n\nThe text ends with:\n", &a);
	is_int(a.npassages, 1, "lead-in: at the end it is kept alone");
	article_free(&a);
}

static void
test_sentences(void)
{
	static const struct {
		const char *s;
		size_t end;
		const char *what;
	} cases[] = {
		{ "Mr. Haddad arrived. He spoke.", 19, "after Mr." },
		{ "The U.S. Senate voted. Then", 22, "after U.S." },
		{ "J. K. Smith wrote. It", 18, "after initials" },
		{ "It was in 2022. The war", 15, "a year then a capital" },
		{ "He said so. \"We will\"", 11, "before a quote" },
		{ "At 9 a.m. Monday talks. X", 23, "after a.m." },
		{ "Really? Yes.", 7, "question mark" },
		{ "\"Is it over?\" Then no", 13, "closing quote kept" },
		{ "\xe2\x80\x9cOver.\xe2\x80\x9d Then", 11, "curly closing quote kept" },
		{ "lower case. and on", 18, "lowercase after a period" },
		{ "Version 3.5 is out", 18, "decimal point" },
		{ "Gen. Okafor and Dr. Moreau met. Then", 31, "Gen. and Dr." },
	};
	size_t i, next, end;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		end = passage_sentence_end(cases[i].s, strlen(cases[i].s), 0, &next);
		is_int(end, cases[i].end, "sentence end: %s", cases[i].what);
	}
}

static void
test_long(void)
{
	struct cfs_article a;
	const struct cfs_passage *p, *q;
	size_t i, n = 0, end, next;
	int sizes = 1, overlap = 1, ranges = 1, mins = 1;
	char *raw, *out;
	size_t len, olen;

	raw = fixture("long.txt", &len);
	if (!ok(raw != NULL, "long fixture readable"))
		return;
	out = parse(raw, len, &a, &olen);
	for (i = 0; i < a.npassages; i++) {
		p = &a.passages[i];
		if (p->line_end >= 41)
			continue;       /* the short last paragraph */
		n++;
		sizes &= p->len <= PASSAGE_MAX;
		mins &= p->len >= PASSAGE_MIN;
		if (i + 1 < a.npassages && a.passages[i + 1].line_end < 41) {
			q = &a.passages[i + 1];
			/* q starts with p's last sentence */
			end = passage_sentence_end(q->text, q->len, 0, &next);
			overlap &= end < q->len && end < p->len &&
			    p->text[p->len - end - 1] == ' ' &&
			    memcmp(p->text + p->len - end, q->text, end) == 0;
			ranges &= q->line_start <= p->line_end && q->byte_start < p->byte_end &&
			    q->byte_start > p->byte_start;
		}
	}
	ok(n >= 2, "long paragraph: split into %zu passages", n);
	ok(sizes, "long paragraph: every piece at most PASSAGE_MAX");
	ok(mins, "long paragraph: no piece under PASSAGE_MIN");
	ok(overlap, "long paragraph: each piece starts with the last sentence of the one before");
	ok(ranges, "long paragraph: line and byte ranges follow the pieces");
	ok(a.npassages > 0 && a.passages[0].line_start == 3 && a.passages[0].line_end < 39,
	    "long paragraph: first piece's range covers just that piece");
	ok(!find(&a, "Haddad, a veteran") || strncmp(find(&a, "Haddad, a veteran")->text,
	    "Haddad", 6) != 0, "long paragraph: no cut after 'Mr.'");
	p = find(&a, "The next round");
	ok(p && p->line_start == 41, "long paragraph: the next paragraph follows");
	article_free(&a);
	free(out);
	free(raw);
}

static void
test_giants(void)
{
	struct cfs_article a;
	struct buf b;
	size_t i, total = 0;
	int sizes = 1, valid = 1;
	const char *why;

	/* one sentence of 6000 bytes: cut at words */
	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "talks ");
	buf_adds(&b, "end.\n");
	article_parse(b.s, b.len, &a);
	for (i = 0; i < a.npassages; i++) {
		sizes &= a.passages[i].len <= PASSAGE_MAX;
		total += a.passages[i].len;
	}
	ok(a.npassages >= 5 && sizes, "one long sentence: cut into pieces <= PASSAGE_MAX");
	ok(total + a.npassages - 1 == b.len - 1, "one long sentence: no overlap repeats it");
	ok(consistent(b.s, b.len, &a, &why), "one long sentence: ranges consistent");
	article_free(&a);

	/* a word of 4000 bytes of two-byte characters: cut between characters */
	buf_reset(&b);
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "\xc3\xa9");
	article_parse(b.s, b.len, &a);
	for (i = 0; i < a.npassages; i++) {
		sizes &= a.passages[i].len <= PASSAGE_MAX;
		valid &= utf8_valid(a.passages[i].text, a.passages[i].len);
	}
	ok(a.npassages >= 4 && sizes && valid, "one huge word: cut at character boundaries");
	ok(strlen(a.title) <= 80 + 3 && utf8_valid(a.title, strlen(a.title)),
	    "one huge word: derived title cut at a character");
	article_free(&a);

	/* a line of 1 MB of sentences */
	buf_reset(&b);
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "The envoy met Mr. Lee in the U.S. capital today. ");
	article_parse(b.s, b.len, &a);
	ok(a.npassages > 800 && consistent(b.s, b.len, &a, &why), "1 MB line: consistent passages");
	article_free(&a);
	buf_free(&b);
}

/* What one article may cost, whatever its shape. */
static void
test_bounds(void)
{
	struct cfs_article a;
	struct buf b;
	size_t i;
	int warned = 0;

	/* a Title, a Source and an Author of 15,000 words, 500 paragraphs */
	buf_init(&b);
	for (const char *const *k = (const char *const[]){ "Title", "Source", "Author", NULL };
	     *k; k++) {
		buf_printf(&b, "%s:", *k);
		for (i = 0; i < 15000; i++)
			buf_printf(&b, " w%zu\xc3\xa9", i);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < 500; i++)
		buf_printf(&b, "\nParagraph %zu of the article.\n", i);
	article_parse(b.s, b.len, &a);
	ok(strlen(a.title) <= ARTICLE_FIELD_MAX && utf8_valid(a.title, strlen(a.title)),
	   "a title of 15,000 words: cut to ARTICLE_FIELD_MAX bytes (%zu)", strlen(a.title));
	ok(a.source && strlen(a.source) <= ARTICLE_FIELD_MAX, "a long source: cut likewise");
	ok(a.nmeta == 3 && strlen(a.meta[2].value) <= ARTICLE_VALUE_MAX,
	   "a long Author header: kept up to ARTICLE_VALUE_MAX bytes");
	for (i = 0; i < a.nwarnings; i++)
		warned += strstr(a.warnings[i], "header of ") != NULL;
	ok(warned == 3, "a warning for each header cut (%d)", warned);
	ok(a.npassages == 500, "the paragraphs are all there");
	article_free(&a);

	/* 15,000 paragraphs of 1,150 bytes: more than ARTICLE_COST_MAX */
	buf_reset(&b);
	buf_adds(&b, "Title: Costly\n\n");
	for (i = 0; i < 15000; i++) {
		for (size_t k = 0; k < 115; k++)
			buf_adds(&b, k ? " word word" : "Word word.");
		buf_adds(&b, ".\n\n");
	}
	article_parse(b.s, b.len, &a);
	size_t cost = 0;
	for (i = 0; i < a.npassages; i++)
		cost += a.passages[i].len + strlen(a.title);
	ok(a.npassages < 15000 && cost <= ARTICLE_COST_MAX,
	   "a costly article: cut to ARTICLE_COST_MAX bytes (%zu passages)", a.npassages);
	ok(a.nwarnings == 1 && strstr(a.warnings[0], "too costly to index whole"),
	   "a costly article: a warning says so");
	article_free(&a);
	buf_free(&b);
}

/* Random texts made of the pieces articles are made of. */
static void
test_fuzz(void)
{
	static const char *bits[] = {
		"Title: ", "Date: ", "Source: ", "Topics: x", "Key: v", "\n", "\n", "\n",
		"\r\n", "\r", " ", "    ", "\t", ".", ". ", "Mr. ", "U.S. ", "Reuter",
		" REUTER", "Tags", "Author", "- Advertisement -", "Recommended news",
		"Read more", ":", "\"", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xc3\xa9", "\xff",
		"A", "word ", "The talks ", "said. ", "Ceasefire? ", "&#3;", "2025-03-11",
		"\xe2\x80\xa6", "\xef\xbb\xbf", "\0",
	};
	struct cfs_article a;
	struct buf b;
	unsigned long seed = 12345;
	size_t i, k, n, nbits = sizeof bits / sizeof bits[0], blen;
	int good = 1;
	const char *why = NULL;

	buf_init(&b);
	for (i = 0; i < 3000 && good; i++) {
		buf_reset(&b);
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		n = (seed >> 33) % 400;
		for (k = 0; k < n; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			blen = (seed >> 33) % nbits;
			buf_add(&b, bits[blen], blen == nbits - 1 ? 1 : strlen(bits[blen]));
		}
		if (b.s == NULL)
			buf_add(&b, "", 0);
		article_parse(b.s, b.len, &a);
		if (!consistent(b.s, b.len, &a, &why)) {
			good = 0;
			printf("# fuzz case %zu: %s\n", i, why);
		}
		article_free(&a);
	}
	ok(good, "3000 random articles parse with consistent passages");
	buf_free(&b);
}

static void
test_encodings(void)
{
	struct cfs_article a;

	if (parse_fixture("cp1252.txt", &a))
		is_str(a.title, "Talks in Geneva \xe2\x80\x93 Day Two", "Windows-1252 article: title");
	article_free(&a);
	if (parse_fixture("utf16le.txt", &a))
		ok(find(&a, "minister\xe2\x80\x99s") != NULL, "UTF-16LE article: text");
	article_free(&a);
}

/* ---- the seeds in ../shared, when present ---- */

static const char *
shared_dir(void)
{
	static char *dir;
	const char *top = getenv("top_srcdir"), *s = getenv("SHARED_DIR");

	if (dir == NULL)
		dir = s != NULL ? xstrdup(s) : xasprintf("%s/../shared", top ? top : ".");
	return dir;
}

/* Parse the seed whose name starts with prefix; 0 if absent. */
static int
seed(const char *prefix, struct cfs_article *a, char **text, size_t *len)
{
	static const char *names[] = {
		"000_9bb23d8d162aa324.txt", "001_f5a34bb60f6aa08b.txt",
		"002_f1e7fb6887eaebe9.txt", "003_5b85843cd14942e9.txt",
		"004_c0c8beb42b10acaf.txt"
	};
	char *path, *raw;
	size_t i, n;

	*text = NULL;
	*len = 0;
	for (i = 0; i < 5; i++) {
		if (strncmp(names[i], prefix, strlen(prefix)) == 0)
			break;
	}
	if (i == 5)
		return 0;
	path = xasprintf("%s/seeds/%s", shared_dir(), names[i]);
	raw = tap_slurp(path, &n);
	free(path);
	if (raw == NULL)
		return 0;
	*text = parse(raw, n, a, len);
	free(raw);
	return 1;
}

static void
test_seeds(void)
{
	struct cfs_article a;
	const struct cfs_passage *p, *q;
	char *text, *first, *path;
	const char *why;
	size_t len, i, j;
	struct stat sb;
	int clean;
	static const char *const furniture[] = { "Tags", "Author", "Recommended news" };

	path = xasprintf("%s/seeds", shared_dir());
	i = stat(path, &sb) == 0;
	free(path);
	if (!i) {
		printf("ok %d - seeds # SKIP no ../shared/seeds\n", ++tap_n);
		return;
	}

	for (i = 0; i < 5; i++) {
		char pre[4];
		snprintf(pre, sizeof pre, "%03zu", i);
		if (!ok(seed(pre, &a, &text, &len), "seed %s readable", pre))
			continue;
		ok(consistent(text, len, &a, &why), "seed %s: passages consistent", pre);
		clean = 1;
		for (j = 0; j < a.npassages; j++) {
			for (size_t f = 0; f < 3; f++)
				clean &= strcasecmp(a.passages[j].text, furniture[f]) != 0;
			clean &= strstr(a.passages[j].text, "Advertisement") == NULL;
			clean &= strstr(a.passages[j].text, "Recommended news") == NULL;
		}
		ok(clean, "seed %s: no page furniture in passages", pre);
		if (i < 2) {
			first = xstrndup(text, strcspn(text, "\r\n"));
			is_str(a.title, first, "seed %s: title is the headline", pre);
			ok(!any_passage_is(&a, first), "seed %s: headline kept once", pre);
			is_int(a.title_derived, 0, "seed %s: title not derived", pre);
			free(first);
		}
		if (i == 2 || i == 4) {
			is_int(a.title_derived, 1, "seed %s: no headline, title derived", pre);
			ok(strlen(a.title) > 20 && strlen(a.title) <= 83,
			    "seed %s: derived title length", pre);
		}
		if (i == 2) {
			p = find(&a, "Kursk region have reportedly conducted a controlled withdrawal");
			ok(p && p->line_start == 9 && p->line_end == 9,
			    "seed 002: passage on line 9");
			is_int(a.npassages, 16, "seed 002: one passage per line");
		}
		if (i == 3) {
			ok(a.npassages > 0 && find(&a, "Alexander Dugin") ==
			    &a.passages[a.npassages - 1],
			    "seed 003: text ends before the furniture");
		}
		if (i == 0) {
			p = find(&a, "Peter Dickinson noted:");
			q = find(&a, "At the same time, he knows");
			ok(p && p == q, "seed 000: paragraph ending in a short lead-in joins the quote");
		}
		if (i == 4) {
			p = find(&a, "For his part, Zelensky said:");
			q = find(&a, "Our Ukrainian proposal");
			ok(p && p == q, "seed 004: lead-in in the passage of the quote");
			ok(p && p->line_start == 4 && p->line_end == 5,
			    "seed 004: lead-in passage lines 4-5");
		}
		article_free(&a);
		free(text);
	}
}

/* A few Reuters stories, unpacked here from ../shared when present;
 * checked against their own header and layout. */
static void
test_reuters(void)
{
	static const char *members[] = {
		"reuters21578/1987/02/26/reuters-00001.txt",
		"reuters21578/1987/02/26/reuters-00002.txt",
		"reuters21578/1987/03/11/reuters-03539.txt",
	};
	struct cfs_article a;
	char *tgz, *dir, *cmd, *path, *raw, *text, *line, *title;
	const char *why;
	size_t i, j, len, tlen, indented, nl;
	struct stat sb;
	int good;

	tgz = xasprintf("%s/corpora/reuters21578.tar.gz", shared_dir());
	if (stat(tgz, &sb) != 0) {
		printf("ok %d - reuters # SKIP no reuters21578.tar.gz\n", ++tap_n);
		free(tgz);
		return;
	}
	dir = xstrdup("/tmp/cfs-test-reuters.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		printf("ok %d - reuters # SKIP no temporary directory\n", ++tap_n);
		free(dir);
		free(tgz);
		return;
	}
	cmd = xasprintf("tar -xzf '%s' -C '%s' %s %s %s 2>/dev/null", tgz, dir,
	    members[0], members[1], members[2]);
	good = system(cmd) == 0;
	free(cmd);
	for (i = 0; good && i < 3; i++) {
		path = xasprintf("%s/%s", dir, members[i]);
		raw = tap_slurp(path, &len);
		unlink(path);
		free(path);
		if (!ok(raw != NULL, "reuters %zu readable", i))
			continue;
		text = parse(raw, len, &a, &tlen);
		ok(consistent(text, tlen, &a, &why), "reuters %zu: consistent", i);
		line = strstr(raw, "Title: ");
		title = line ? xstrndup(line + 7, strcspn(line + 7, "\n")) : xstrdup("");
		is_str(a.title, title, "reuters %zu: title from the header", i);
		ok(a.date != NULL && strncmp(a.date, strstr(raw, "Date: ") + 6, 20) == 0,
		    "reuters %zu: date from the header", i);
		/* one passage per indented paragraph, plus the first */
		indented = 0;
		nl = 1;
		for (j = 0; j < len; j++) {
			if (raw[j] == '\n') {
				nl = 1;
				continue;
			}
			if (nl && strncmp(raw + j, "    ", 4) == 0 && raw[j + 4] != ' ')
				indented++;
			nl = 0;
		}
		ok(a.npassages == indented + 1, "reuters %zu: %zu paragraphs", i, indented + 1);
		ok(a.npassages > 0 && !strstr(a.passages[a.npassages - 1].text, "REUTER") &&
		    !strstr(a.passages[a.npassages - 1].text, "Reuter\0"),
		    "reuters %zu: sign-off dropped", i);
		good = 1;
		for (j = 1; j < a.npassages; j++) {
			size_t b = a.passages[j].byte_start;
			good &= b >= 4 && strncmp(text + b - 4, "    ", 4) == 0;
		}
		ok(good, "reuters %zu: paragraphs start at the indents", i);
		free(title);
		article_free(&a);
		free(text);
		free(raw);
	}
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	free(dir);
	free(tgz);
}

int
main(void)
{
	test_header();
	test_titles();
	test_styles();
	test_boilerplate();
	test_leadin();
	test_sentences();
	test_long();
	test_giants();
	test_bounds();
	test_fuzz();
	test_encodings();
	test_seeds();
	test_reuters();
	return tap_done();
}
