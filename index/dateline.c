/*
 * dateline.c: the date of an article whose header gives none, from its
 * text: a full date written near the top, as datelines have it
 * ("MOSCOW, March 12, 2025 (Reuters) -") or the first paragraph
 * ("on 12 March 2025", "2025-03-12").  A date without its year is none.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

#define DATELINE_LOOK 400     /* bytes of the text looked at */

static const char *const dateline_months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", NULL
};

/* The month (1-12) whose name or three-letter abbreviation is the word at
 * s (n letters), or 0. */
static int
dateline_month(const char *s, size_t n)
{
	for (int m = 0; dateline_months[m]; m++) {
		size_t l = strlen(dateline_months[m]);
		if ((n == l || (n == 3 && l > 3) || (n == 4 && m == 8)) &&
		    strncasecmp(s, dateline_months[m], n) == 0)
			return m + 1;
	}
	return 0;
}

/* Digits at s: their value, and *n their number (0: none). */
static int
dateline_number(const char *s, size_t *n)
{
	int v = 0;
	*n = 0;
	while (isdigit((unsigned char)s[*n]) && *n < 5)
		v = v * 10 + (s[(*n)++] - '0');
	return v;
}

static const char *
dateline_skip(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == ',' || *p == '.'))
		p++;
	return p;
}

/* A date starting at p: "Month D, YYYY", "D Month YYYY" or "YYYY-MM-DD".
 * Returns 0 and *d, or -1. */
static int
dateline_at(const char *p, const char *end, struct cfs_date *d)
{
	char buf[64];
	size_t n, k;
	int day, month, year;

	if (isdigit((unsigned char)*p) && end - p >= 10 && p[4] == '-' && p[7] == '-') {
		snprintf(buf, sizeof buf, "%.10s", p);
		return date_parse(buf, d);
	}
	if (isalpha((unsigned char)*p)) {
		for (n = 0; p + n < end && isalpha((unsigned char)p[n]); n++)
			;
		if ((month = dateline_month(p, n)) == 0)
			return -1;
		p = dateline_skip(p + n, end);
		day = dateline_number(p, &k);
		if (k < 1 || k > 2)
			return -1;
		p = dateline_skip(p + k, end);
	} else {
		day = dateline_number(p, &k);
		if (k < 1 || k > 2)
			return -1;
		p = dateline_skip(p + k, end);
		for (n = 0; p + n < end && isalpha((unsigned char)p[n]); n++)
			;
		if ((month = dateline_month(p, n)) == 0)
			return -1;
		p = dateline_skip(p + n, end);
	}
	year = dateline_number(p, &k);
	if (k != 4)
		return -1;
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
	return date_parse(buf, d);
}

int
dateline_find(const char *s, size_t len, struct cfs_date *d)
{
	const char *end = s + (len < DATELINE_LOOK ? len : DATELINE_LOOK);
	for (const char *p = s; p < end; p++) {
		/* at the start of a word */
		if (p > s && isalnum((unsigned char)p[-1]))
			continue;
		if (dateline_at(p, s + len, d) == 0)
			return 0;
	}
	return -1;
}
