/* test_text.c: text_decode, text_normalize, date.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "cfsearch.h"
#include "tap.h"

/* The bytes of tests/fixtures/articles/name (NULL if unreadable). */
static char *
fixture(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char *path = xasprintf("%s/tests/fixtures/articles/%s", top ? top : ".", name);
	char *s = tap_slurp(path, len);
	free(path);
	return s;
}

static void
test_decode(void)
{
	const char *note = "unset";
	char *out, *raw;
	size_t n, len;
	enum text_kind k;

	k = text_decode("Talks \xe2\x80\x93 Geneva\n", 17, &out, &n, &note);
	is_int(k, TEXT_OK, "decode: UTF-8 passes");
	is_str(out, "Talks \xe2\x80\x93 Geneva\n", "decode: UTF-8 unchanged");
	ok(note == NULL, "decode: UTF-8 needs no note");
	free(out);

	k = text_decode("\xef\xbb\xbfKyiv\r\n", 9, &out, &n, &note);
	is_int(k, TEXT_OK, "decode: UTF-8 with BOM");
	is_str(out, "Kyiv\r\n", "decode: BOM stripped, CRLF kept");
	is_int(n, 6, "decode: length without the BOM");
	free(out);

	k = text_decode("abc\0def", 7, &out, &n, &note);
	is_int(k, TEXT_BINARY, "decode: NUL byte is binary");
	ok(out == NULL, "decode: binary gives no text");

	k = text_decode(" \t\r\n\n  ", 7, &out, &n, &note);
	is_int(k, TEXT_EMPTY, "decode: white space only is empty");
	k = text_decode("", 0, &out, &n, &note);
	is_int(k, TEXT_EMPTY, "decode: nothing is empty");
	k = text_decode("\xef\xbb\xbf\n\xc2\xa0\n", 7, &out, &n, &note);
	is_int(k, TEXT_EMPTY, "decode: BOM and no-break space only is empty");

	raw = fixture("cp1252.txt", &len);
	ok(raw != NULL, "cp1252 fixture readable");
	if (raw != NULL) {
		ok(!utf8_valid(raw, len), "cp1252 fixture is not UTF-8");
		k = text_decode(raw, len, &out, &n, &note);
		is_int(k, TEXT_OK, "decode: Windows-1252");
		is_str(note, "not valid UTF-8, read as Windows-1252",
		    "decode: Windows-1252 note");
		ok(out && strstr(out, "minister\xe2\x80\x99s d\xc3\xa9l\xc3\xa9gation"),
		    "decode: 0x92 is U+2019, 0xe9 is U+00E9");
		ok(out && strstr(out, "\xe2\x80\x9c" "framework\xe2\x80\x9d"),
		    "decode: 0x93/0x94 are curly double quotes");
		ok(out && strstr(out, "agreed \xe2\x82\xac"), "decode: 0x80 is the euro sign");
		ok(out && strstr(out, "byte \xef\xbf\xbd here"),
		    "decode: undefined 0x81 is U+FFFD");
		ok(out && utf8_valid(out, n), "decode: result is UTF-8");
		free(out);
		free(raw);
	}

	raw = fixture("utf16le.txt", &len);
	ok(raw != NULL, "UTF-16LE fixture readable");
	if (raw != NULL) {
		k = text_decode(raw, len, &out, &n, &note);
		is_int(k, TEXT_OK, "decode: UTF-16LE with BOM (has NUL bytes)");
		ok(note != NULL && strstr(note, "UTF-16LE"), "decode: UTF-16LE note");
		ok(out && strncmp(out, "Talks in Geneva \xe2\x80\x93 Day Two\n\n", 29) == 0,
		    "decode: UTF-16LE text");
		free(out);
		free(raw);
	}
	raw = fixture("utf16be.txt", &len);
	ok(raw != NULL, "UTF-16BE fixture readable");
	if (raw != NULL) {
		k = text_decode(raw, len, &out, &n, &note);
		is_int(k, TEXT_OK, "decode: UTF-16BE with BOM");
		ok(note != NULL && strstr(note, "UTF-16BE"), "decode: UTF-16BE note");
		ok(out && strstr(out, "d\xc3\xa9l\xc3\xa9gation"), "decode: UTF-16BE accents");
		ok(out && strstr(out, "Ceasefire \xf0\x9f\x95\x8a holds."),
		    "decode: UTF-16 surrogate pair");
		free(out);
		free(raw);
	}
	k = text_decode("\xff\xfe\x00\xd8\x41\x00", 6, &out, &n, &note);
	is_int(k, TEXT_OK, "decode: UTF-16 with a lone surrogate");
	is_str(out, "\xef\xbf\xbd" "A", "decode: lone surrogate is U+FFFD");
	free(out);

	ok(utf8_valid("caf\xc3\xa9", 5), "valid: two-byte sequence");
	ok(!utf8_valid("\xc0\xaf", 2), "valid: overlong rejected");
	ok(!utf8_valid("\xed\xa0\x80", 3), "valid: surrogate rejected");
	ok(!utf8_valid("\xe2\x80", 2), "valid: truncated rejected");
	ok(!utf8_valid("\xf4\x90\x80\x80", 4), "valid: above U+10FFFF rejected");
}

static void
norm(const char *in, const char *want, const char *what)
{
	size_t n;
	char *out = text_normalize(in, strlen(in), &n);

	is_str(out, want, "normalize: %s", what);
	ok(n == strlen(out), "normalize: %s: length", what);
	free(out);
}

static void
test_normalize(void)
{
	norm("Russia\xe2\x80\x99s", "Russia's", "right single quote");
	norm("\xe2\x80\x98no\xe2\x80\x99", "'no'", "single quotes");
	norm("\xe2\x80\x9cpeace\xe2\x80\x9d \xe2\x80\x9e" "Frieden\xe2\x80\x9c",
	    "\"peace\" \"Frieden\"", "double quotes");
	norm("\xc2\xabtr\xc3\xaave\xc2\xbb", "\"tr\xc3\xaave\"", "guillemets");
	norm("5\xe2\x80\xb2 6\xe2\x80\xb3", "5' 6\"", "primes");
	norm("intelligence\xe2\x80\x91sharing", "intelligence-sharing",
	    "non-breaking hyphen");
	norm("cease\xe2\x80\x90" "fire", "cease-fire", "hyphen U+2010");
	norm("sky\xe2\x80\x94missiles", "sky missiles", "em dash");
	norm("2022\xe2\x80\x93" "2023", "2022 2023", "en dash");
	norm("\xe2\x88\x92" "5", "-5", "minus sign");
	norm("30\xc2\xa0" "days", "30 days", "no-break space");
	norm("30\xe2\x80\xaf" "days\xe2\x80\x89now", "30 days now", "narrow and thin spaces");
	norm("cease\xc2\xad" "fire", "ceasefire", "soft hyphen removed");
	norm("Ky\xe2\x80\x8biv\xe2\x80\x8d\xef\xbb\xbf\xe2\x81\xa0", "Kyiv",
	    "zero-width characters removed");
	norm("wait\xe2\x80\xa6", "wait...", "ellipsis");
	norm("plain ASCII stays", "plain ASCII stays", "ASCII");
	norm("Zelensk\xc3\xbd \xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2", "Zelensk\xc3\xbd "
	    "\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2", "other letters untouched");
	norm("bad \xff\xe2\x80 bytes", "bad \xff\xe2\x80 bytes", "invalid bytes kept");
}

static void
test_dates(void)
{
	struct cfs_date d;
	char *tab, *raw, *line, *next, iso[21], key[9];
	size_t len;
	int n = 0;

	raw = fixture("dates.tsv", &len);
	ok(raw != NULL, "dates table readable");
	for (line = raw; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (*line == '#' || (tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		n++;
		if (strcmp(tab, "-") == 0) {
			ok(date_parse(line, &d) != 0, "date: '%s' rejected", line);
			continue;
		}
		if (!ok(date_parse(line, &d) == 0, "date: '%s' read", line))
			continue;
		date_iso(&d, iso);
		is_str(iso, tab, "date: '%s' is %s", line, tab);
	}
	ok(n >= 40, "dates table has %d rows", n);
	free(raw);

	ok(date_parse("2025-03-11", &d) == 0 && d.hour == -1, "date: no time is -1");
	date_key(&d, key);
	is_str(key, "20250311", "date_key");
	ok(date_parse("2025-03-11T14:05:09Z", &d) == 0, "date with time");
	date_iso(&d, iso);
	is_str(iso, "2025-03-11T14:05:09Z", "date_iso with time");

	{
		/* 2025-03-15 12:00 local time */
		struct tm tm = { .tm_year = 125, .tm_mon = 2, .tm_mday = 15, .tm_hour = 12,
				 .tm_isdst = -1 };
		time_t now = mktime(&tm);
		static const struct { const char *in, *lo, *hi; } periods[] = {
			{ "2025-03-11", "20250311", "20250311" },
			{ "20250311", "20250311", "20250311" },
			{ "2025-03", "20250301", "20250331" },
			{ "2024-02", "20240201", "20240229" },
			{ "2025", "20250101", "20251231" },
			{ "March 2025", "20250301", "20250331" },
			{ "11 Mar 2025", "20250311", "20250311" },
			{ "Tue, 11 Mar 2025 23:30:00 -0200", "20250312", "20250312" },
			{ "today", "20250315", "20250315" },
			{ "yesterday", "20250314", "20250314" },
			{ "7d", "20250308", "20250308" },
			{ "2w", "20250301", "20250301" },
			{ "1m", "20250215", "20250215" },
			{ "1y", "20240315", "20240315" },
		};
		for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
			char lo[9] = "", hi[9] = "";
			const char *why = NULL;
			ok(date_period(periods[i].in, now, lo, hi, &why) == 0, "period '%s' reads",
			   periods[i].in);
			is_str(lo, periods[i].lo, "period %zu: its first day", i);
			is_str(hi, periods[i].hi, "period %zu: its last day", i);
		}
		static const struct { const char *in, *why; } bad[] = {
			{ "2025-13", "not a date" }, { "2025-02-30", "no such date" },
			{ "1987-03-99", "no such date" }, { "19870230", "no such date" },
			{ "0999", "not a date" }, { "202503", "not a date" },
			{ "last week", "not a date" }, { "", "not a date" }, { "7x", "not a date" },
		};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			char lo[9], hi[9];
			const char *why = NULL;
			ok(date_period(bad[i].in, now, lo, hi, &why) != 0, "period '%s' rejected",
			   bad[i].in);
			is_str(why, bad[i].why, "period '%s': %s", bad[i].in, bad[i].why);
		}
		static const struct { const char *in, *lo, *hi, *why; } ranges[] = {
			{ "1987-04..1987-04", "19870401", "19870430", NULL },
			{ "1987-04..", "19870401", "", NULL },
			{ "..1987-04", "", "19870430", NULL },
			{ "2025-03..today", "20250301", "20250315", NULL },
			{ "1987-04-01", "19870401", "19870401", NULL },
			{ "1987-05..1987-04", "", "", "the range ends before it starts" },
			{ "1987-02-30..", "", "", "no such date" },
			{ "1987-03-02..1987-03-99", "", "", "no such date" },
			{ "..", "", "", "a range needs at least one end" },
		};
		for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
			char lo[9] = "", hi[9] = "";
			const char *why = NULL;
			int r = date_range(ranges[i].in, now, lo, hi, &why);
			if (ranges[i].why) {
				ok(r != 0, "range '%s' rejected", ranges[i].in);
				is_str(why, ranges[i].why, "range '%s': %s", ranges[i].in,
				       ranges[i].why);
			} else {
				ok(r == 0, "range '%s' reads", ranges[i].in);
				is_str(lo, ranges[i].lo, "range %zu: its first day", i);
				is_str(hi, ranges[i].hi, "range %zu: its last day", i);
			}
		}
	}
}

int
main(void)
{
	test_decode();
	test_normalize();
	test_dates();
	return tap_done();
}
