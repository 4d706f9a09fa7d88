/* date.c: the dates of articles and of command-line arguments. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfsearch.h"

struct date_zone {
	const char *name;
	int minutes;    /* east of UTC */
};

/* Zone names RFC 2822 knows, and a few common in news feeds. */
static const struct date_zone date_zones[] = {
	{ "Z", 0 }, { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	{ "BST", 60 }, { "CET", 60 }, { "CEST", 120 }, { "EET", 120 },
	{ "EEST", 180 }, { "MSK", 180 }, { "WET", 0 }, { "WEST", 60 },
	{ NULL, 0 }
};

static const char *const date_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const date_weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* A parse in progress. */
struct date_in {
	const char *p;
	struct cfs_date d;
	int has_zone;
	int zone;       /* minutes east of UTC */
};

static int
date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_mdays(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && date_leap(y))
		return 29;
	return days[m - 1];
}

static int
date_valid(const struct cfs_date *d)
{
	if (d->year < 1000 || d->year > 9999 || d->month < 1 || d->month > 12)
		return 0;
	if (d->day < 1 || d->day > date_mdays(d->year, d->month))
		return 0;
	if (d->hour < 0)
		return 1;
	return d->hour <= 23 && d->min >= 0 && d->min <= 59 && d->sec >= 0 &&
	    d->sec <= 59;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long
date_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
date_civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
date_skip_space(struct date_in *in)
{
	while (*in->p == ' ' || *in->p == '\t')
		in->p++;
}

/* Read 1 to max digits; returns how many were read (0: none). */
static int
date_digits(struct date_in *in, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)in->p[n])) {
		v = v * 10 + (in->p[n] - '0');
		n++;
	}
	if (n == 0 || isdigit((unsigned char)in->p[n]))
		return 0;
	in->p += n;
	*out = v;
	return n;
}

/* Length of the run of letters at p. */
static size_t
date_word(const char *p)
{
	size_t n = 0;

	while (isalpha((unsigned char)p[n]))
		n++;
	return n;
}

/* Month number (1-12) of a name or its abbreviation (3 letters, or
 * "Sept"), 0 if w[0..n) is neither. */
static int
date_month(const char *w, size_t n)
{
	int i;

	if (n == 4 && strncasecmp(w, "sept", 4) == 0)
		return 9;
	for (i = 0; i < 12; i++) {
		if ((n == 3 || n == strlen(date_months[i])) &&
		    strncasecmp(w, date_months[i], n) == 0)
			return i + 1;
	}
	return 0;
}

static int
date_weekday(const char *w, size_t n)
{
	int i;

	for (i = 0; i < 7; i++) {
		if ((n == 3 || n == strlen(date_weekdays[i])) &&
		    strncasecmp(w, date_weekdays[i], n) == 0)
			return 1;
	}
	return 0;
}

/* A month name with an optional period after it. */
static int
date_read_month(struct date_in *in)
{
	size_t n = date_word(in->p);
	int m = date_month(in->p, n);

	if (m == 0)
		return 0;
	in->p += n;
	if (*in->p == '.')
		in->p++;
	return m;
}

/* "+02:00", "+0200", "+02", "-0500". */
static int
date_read_offset(struct date_in *in)
{
	int sign, h, m = 0, n;

	if (*in->p != '+' && *in->p != '-')
		return -1;
	sign = *in->p == '-' ? -1 : 1;
	in->p++;
	n = date_digits(in, 4, &h);
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n == 2 || n == 1) {
		if (*in->p == ':') {
			in->p++;
			if (date_digits(in, 2, &m) != 2)
				return -1;
		}
	} else
		return -1;
	if (h > 18 || m > 59)
		return -1;
	in->has_zone = 1;
	in->zone = sign * (h * 60 + m);
	return 0;
}

/* A zone: "Z", an offset, or a name (perhaps followed by an offset, as
 * "GMT+2").  An unknown name drops the time (the date is kept). */
static int
date_read_zone(struct date_in *in)
{
	const struct date_zone *z;
	size_t n;

	if (*in->p == '+' || *in->p == '-')
		return date_read_offset(in);
	n = date_word(in->p);
	if (n == 0)
		return 0;
	if (n > 5)
		return -1;
	for (z = date_zones; z->name != NULL; z++) {
		if (strlen(z->name) == n && strncasecmp(in->p, z->name, n) == 0)
			break;
	}
	in->p += n;
	if (z->name == NULL) {
		in->d.hour = in->d.min = in->d.sec = -1;
		return 0;
	}
	in->has_zone = 1;
	in->zone = z->minutes;
	if (z->minutes == 0 && (*in->p == '+' || *in->p == '-'))
		return date_read_offset(in);
	return 0;
}

/* "14:05", "14:05:00", "14:05:00.250", "2:05 pm", then a zone. */
static int
date_read_time(struct date_in *in)
{
	int h, m, s = 0, f;
	size_t n;

	if (date_digits(in, 2, &h) == 0 || *in->p != ':')
		return -1;
	in->p++;
	if (date_digits(in, 2, &m) != 2)
		return -1;
	if (*in->p == ':') {
		in->p++;
		if (date_digits(in, 2, &s) != 2)
			return -1;
		if ((*in->p == '.' || *in->p == ',') &&
		    isdigit((unsigned char)in->p[1])) {
			in->p++;
			while (isdigit((unsigned char)*in->p))
				in->p++;
		}
	}
	if (s == 60)
		s = 59;         /* a leap second */
	date_skip_space(in);
	n = date_word(in->p);
	f = 0;
	if (n == 2 && strncasecmp(in->p, "am", 2) == 0)
		f = 1, in->p += 2;
	else if (n == 2 && strncasecmp(in->p, "pm", 2) == 0)
		f = 2, in->p += 2;
	else if (n == 1 && strncasecmp(in->p, "a.m.", 4) == 0)
		f = 1, in->p += 4;
	else if (n == 1 && strncasecmp(in->p, "p.m.", 4) == 0)
		f = 2, in->p += 4;
	if (f != 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (f == 2 ? 12 : 0);
	}
	in->d.hour = h;
	in->d.min = m;
	in->d.sec = s;
	date_skip_space(in);
	return date_read_zone(in);
}

/* What may follow a date: nothing, or a time (after "T", a space, a comma
 * or "at"), then perhaps a "(comment)". */
static int
date_read_tail(struct date_in *in, int iso)
{
	const char *p;

	if (iso && (*in->p == 'T' || *in->p == 't') &&
	    isdigit((unsigned char)in->p[1])) {
		in->p++;
		if (date_read_time(in) != 0)
			return -1;
	} else {
		p = in->p;
		date_skip_space(in);
		if (*in->p == ',') {
			in->p++;
			date_skip_space(in);
		}
		if (strncasecmp(in->p, "at ", 3) == 0) {
			in->p += 3;
			date_skip_space(in);
		}
		if (isdigit((unsigned char)*in->p)) {
			if (in->p == p)
				return -1;
			if (date_read_time(in) != 0)
				return -1;
		}
	}
	date_skip_space(in);
	if (*in->p == '(') {
		p = strchr(in->p, ')');
		if (p == NULL)
			return -1;
		in->p = p + 1;
		date_skip_space(in);
	}
	return *in->p == '\0' ? 0 : -1;
}

/* "2025-03-11", "2025/03/11", "2025.03.11", "20250311". */
static int
date_read_ymd(struct date_in *in)
{
	char sep;
	int n;

	n = date_digits(in, 8, &in->d.year);
	if (n == 8) {
		in->d.day = in->d.year % 100;
		in->d.month = in->d.year / 100 % 100;
		in->d.year /= 10000;
		return date_read_tail(in, 1);
	}
	if (n != 4)
		return -1;
	sep = *in->p;
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	in->p++;
	if (date_digits(in, 2, &in->d.month) == 0 || *in->p != sep)
		return -1;
	in->p++;
	if (date_digits(in, 2, &in->d.day) == 0)
		return -1;
	return date_read_tail(in, 1);
}

/* Between a day, a month and a year: with dash, a '-' alone; else punct
 * (when there) and spaces. */
static void
date_read_sep(struct date_in *in, int dash, char punct)
{
	if (dash && *in->p == '-') {
		in->p++;
		return;
	}
	if (*in->p == punct)
		in->p++;
	date_skip_space(in);
}

/* The year that ends a date written with the month as a word, and what
 * follows it. */
static int
date_read_year_tail(struct date_in *in)
{
	if (date_digits(in, 4, &in->d.year) != 4)
		return -1;
	return date_read_tail(in, 0);
}

/* "11 March 2025", "11 Mar 2025 14:05:00 +0000", "11-Mar-2025". */
static int
date_read_dmy(struct date_in *in)
{
	if (date_digits(in, 2, &in->d.day) == 0)
		return -1;
	date_read_sep(in, 1, '.');
	if ((in->d.month = date_read_month(in)) == 0)
		return -1;
	date_read_sep(in, 1, ',');
	return date_read_year_tail(in);
}

/* "March 11, 2025", "Mar. 11 2025", "March 11th, 2025". */
static int
date_read_mdy(struct date_in *in)
{
	size_t n;

	if ((in->d.month = date_read_month(in)) == 0)
		return -1;
	date_skip_space(in);
	if (date_digits(in, 2, &in->d.day) == 0)
		return -1;
	n = date_word(in->p);
	if (n == 2 && (strncasecmp(in->p, "st", 2) == 0 ||
	    strncasecmp(in->p, "nd", 2) == 0 || strncasecmp(in->p, "rd", 2) == 0 ||
	    strncasecmp(in->p, "th", 2) == 0))
		in->p += 2;
	date_read_sep(in, 0, ',');
	return date_read_year_tail(in);
}

/* Move a date with a time and a zone to UTC. */
static void
date_to_utc(struct date_in *in)
{
	struct cfs_date *d = &in->d;
	long days, mins;

	if (!in->has_zone || in->zone == 0 || d->hour < 0)
		return;
	days = date_days(d->year, d->month, d->day);
	mins = d->hour * 60L + d->min - in->zone;
	while (mins < 0) {
		mins += 1440;
		days--;
	}
	while (mins >= 1440) {
		mins -= 1440;
		days++;
	}
	date_civil(days, &d->year, &d->month, &d->day);
	d->hour = (int)(mins / 60);
	d->min = (int)(mins % 60);
}

int
date_parse(const char *s, struct cfs_date *out)
{
	struct date_in in;
	size_t n, len;
	char tmp[128];
	int r;

	/* trim; anything long is no date */
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strlen(s);
	while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL)
		len--;
	if (len == 0 || len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';

	memset(&in, 0, sizeof in);
	in.p = tmp;
	in.d.hour = in.d.min = in.d.sec = -1;
	n = date_word(in.p);
	if (n > 0 && date_weekday(in.p, n)) {
		in.p += n;
		if (*in.p == '.')
			in.p++;
		date_read_sep(&in, 0, ',');
	}
	if (isdigit((unsigned char)*in.p)) {
		if (isdigit((unsigned char)in.p[1]) &&
		    isdigit((unsigned char)in.p[2]) && isdigit((unsigned char)in.p[3]))
			r = date_read_ymd(&in);
		else
			r = date_read_dmy(&in);
	} else
		r = date_read_mdy(&in);
	if (r != 0 || !date_valid(&in.d))
		return -1;
	date_to_utc(&in);
	if (!date_valid(&in.d))
		return -1;
	*out = in.d;
	return 0;
}

/* Write v (clamped to its width) as width digits at p; returns p + width. */
static char *
date_put(char *p, int v, int width)
{
	int i;

	if (v < 0)
		v = 0;
	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* The year, month and day of d at p, sep between them (0: none); returns
 * the end. */
static char *
date_put_ymd(char *p, const struct cfs_date *d, char sep)
{
	p = date_put(p, d->year, 4);
	if (sep)
		*p++ = sep;
	p = date_put(p, d->month, 2);
	if (sep)
		*p++ = sep;
	return date_put(p, d->day, 2);
}

void
date_key(const struct cfs_date *d, char out[9])
{
	*date_put_ymd(out, d, 0) = '\0';
}

void
date_iso(const struct cfs_date *d, char out[21])
{
	char *p = date_put_ymd(out, d, '-');

	if (d->hour >= 0) {
		*p++ = 'T';
		p = date_put(p, d->hour, 2);
		*p++ = ':';
		p = date_put(p, d->min, 2);
		*p++ = ':';
		p = date_put(p, d->sec, 2);
		*p++ = 'Z';
	}
	*p = '\0';
}

/* The day `days` days since 1970-01-01 as YYYYMMDD. */
static void
date_key_of_days(long days, char out[9])
{
	struct cfs_date d;
	memset(&d, 0, sizeof d);
	date_civil(days, &d.year, &d.month, &d.day);
	d.hour = -1;
	date_key(&d, out);
}

/* A month or a year ("2025-03", "2025/03", "March 2025", "Mar. 2025",
 * "2025"): its first and last day.  Returns 0, or -1. */
static int
date_month_or_year(const char *s, struct cfs_date *first, struct cfs_date *last)
{
	struct date_in in;
	int year_only = 0;

	memset(&in, 0, sizeof in);
	in.p = s;
	date_skip_space(&in);
	in.d.hour = in.d.min = in.d.sec = -1;
	in.d.day = 1;
	in.d.month = 1;
	if (isdigit((unsigned char)*in.p)) {
		if (date_digits(&in, 4, &in.d.year) != 4)
			return -1;
		if (*in.p == '-' || *in.p == '/') {
			in.p++;
			if (date_digits(&in, 2, &in.d.month) == 0)
				return -1;
		} else {
			year_only = 1;
		}
	} else {
		if ((in.d.month = date_read_month(&in)) == 0)
			return -1;
		date_read_sep(&in, 0, ',');
		if (date_digits(&in, 4, &in.d.year) != 4)
			return -1;
	}
	date_skip_space(&in);
	if (*in.p != '\0' || !date_valid(&in.d))
		return -1;
	*first = *last = in.d;
	if (year_only)
		last->month = 12;
	last->day = date_mdays(last->year, last->month);
	return 0;
}

/* "7d", "2w", "3m", "1y" (that long before today), "today", "yesterday":
 * the day meant, in days since 1970-01-01.  Returns 0, or -1. */
static int
date_relative(const char *s, time_t now, long *days)
{
	struct tm tm;
	char *end;
	long n;
	long today;

	localtime_r(&now, &tm);
	today = date_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (strcasecmp(s, "today") == 0) {
		*days = today;
		return 0;
	}
	if (strcasecmp(s, "yesterday") == 0) {
		*days = today - 1;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || n > 100000 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (end[0]) {
	case 'd': *days = today - n; return 0;
	case 'w': *days = today - 7 * n; return 0;
	case 'm': case 'y': {
		/* the same day n months or years ago, or the month's last */
		long months = (tm.tm_year + 1900) * 12L + tm.tm_mon - (end[0] == 'y' ? 12 * n : n);
		int y = (int)(months / 12), m = (int)(months % 12) + 1;
		if (y < 1000)
			return -1;
		int d = tm.tm_mday > date_mdays(y, m) ? date_mdays(y, m) : tm.tm_mday;
		*days = date_days(y, m, d);
		return 0;
	}
	}
	return -1;
}

/* Does s look like a day written with numbers (YYYY-MM-DD, YYYY/MM/DD,
 * YYYYMMDD), valid or not? */
static int
date_looks_numeric(const char *s)
{
	size_t n = strlen(s), digits = strspn(s, "0123456789");
	if (digits == 8 && n == 8)
		return 1;
	if (digits != 4 || (s[4] != '-' && s[4] != '/'))
		return 0;
	const char *p = s + 5;
	size_t m = strspn(p, "0123456789");
	if (m < 1 || m > 2 || p[m] != s[4])
		return 0;
	p += m + 1;
	m = strspn(p, "0123456789");
	return m >= 1 && m <= 2 && p[m] == '\0';
}

int
date_period(const char *s, time_t now, char lo[9], char hi[9], const char **why)
{
	struct cfs_date d, first, last;
	char buf[128];
	long days;
	size_t n;

	*why = "not a date";
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n == 8 && strspn(buf, "0123456789") == 8) {
		/* YYYYMMDD */
		memset(&d, 0, sizeof d);
		d.year = atoi((char[]){ buf[0], buf[1], buf[2], buf[3], 0 });
		d.month = atoi((char[]){ buf[4], buf[5], 0 });
		d.day = atoi((char[]){ buf[6], buf[7], 0 });
		d.hour = -1;
		if (!date_valid(&d)) {
			*why = "no such date";
			return -1;
		}
		date_key(&d, lo);
		memcpy(hi, lo, 9);
		return 0;
	}
	if (date_relative(buf, now, &days) == 0) {
		date_key_of_days(days, lo);
		memcpy(hi, lo, 9);
		return 0;
	}
	if (date_month_or_year(buf, &first, &last) == 0) {
		date_key(&first, lo);
		date_key(&last, hi);
		return 0;
	}
	if (date_parse(buf, &d) == 0) {
		date_key(&d, lo);
		memcpy(hi, lo, 9);
		return 0;
	}
	if (date_looks_numeric(buf))
		*why = "no such date";
	return -1;
}

int
date_range(const char *s, time_t now, char lo[9], char hi[9], const char **why)
{
	const char *dots = strstr(s, "..");
	char a[128], l2[9], h2[9];

	lo[0] = hi[0] = '\0';
	if (dots == NULL)
		return date_period(s, now, lo, hi, why);
	if ((size_t)(dots - s) >= sizeof a) {
		*why = "not a date";
		return -1;
	}
	memcpy(a, s, (size_t)(dots - s));
	a[dots - s] = '\0';
	if (a[0] != '\0' && date_period(a, now, lo, h2, why) != 0)
		return -1;
	if (dots[2] != '\0' && date_period(dots + 2, now, l2, hi, why) != 0)
		return -1;
	if (a[0] == '\0' && dots[2] == '\0') {
		*why = "a range needs at least one end";
		return -1;
	}
	if (lo[0] && hi[0] && strcmp(lo, hi) > 0) {
		*why = "the range ends before it starts";
		return -1;
	}
	return 0;
}

void
date_sortkey(const struct cfs_date *d, char out[15])
{
	date_key(d, out);
	if (d->hour < 0) {
		memcpy(out + 8, "000000", 7);
		return;
	}
	char *p = out + 8;
	p = date_put(p, d->hour, 2);
	p = date_put(p, d->min, 2);
	p = date_put(p, d->sec, 2);
	*p = '\0';
}

void
date_of_time(time_t t, struct cfs_date *d)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
	d->hour = tm.tm_hour;
	d->min = tm.tm_min;
	d->sec = tm.tm_sec;
}
