/*
 * timeline.c: when a story happened.  cfsearch timeline QUERY (or
 * cfsearch --timeline QUERY) counts the passages that match, and their
 * articles, per day, week or month, and draws the counts as bars fitted to
 * the width (Unicode blocks, or '#' when the locale is not UTF-8), the
 * busiest periods labelled; --json gives the periods.  Articles dated by
 * their file's time are not counted (the chart says how many there were).
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfsearch.h"

#define TIMELINE_MAX_HITS 1000000u   /* passages read, at most */
#define TIMELINE_MAX_BARS 400        /* periods drawn, at most (coarser if more) */
#define TIMELINE_BUSIEST 3           /* periods labelled */

enum { BY_DAY, BY_WEEK, BY_MONTH };

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
timeline_days(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
static void
timeline_civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The period a day falls in: its day, its week's Monday, or its month
 * (as the day number of the month's first day). */
static long
timeline_period(long day, int by)
{
	int y, m, d;
	if (by == BY_DAY)
		return day;
	if (by == BY_WEEK)
		return day - ((day + 3) % 7 + 7) % 7;   /* 1970-01-01 was a Thursday */
	timeline_civil(day, &y, &m, &d);
	return timeline_days(y, m, 1);
}

static long
timeline_next(long period, int by)
{
	int y, m, d;
	if (by == BY_DAY)
		return period + 1;
	if (by == BY_WEEK)
		return period + 7;
	timeline_civil(period, &y, &m, &d);
	return m == 12 ? timeline_days(y + 1, 1, 1) : timeline_days(y, m + 1, 1);
}

static void
timeline_label(long period, int by, char out[16])
{
	int y, m, d;
	timeline_civil(period, &y, &m, &d);
	if (by == BY_MONTH)
		snprintf(out, 16, "%04d-%02d", y, m);
	else
		snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

struct timeline_hit {
	long day;
	char article[17];
};

static int
timeline_hit_cmp(const void *a, const void *b)
{
	const struct timeline_hit *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return strcmp(x->article, y->article);
}

int
timeline_by(const char *s)
{
	return strcmp(s, "day") == 0 ? BY_DAY : strcmp(s, "week") == 0 ? BY_WEEK :
	       strcmp(s, "month") == 0 ? BY_MONTH : -1;
}

/* Is the locale's character set UTF-8? */
static int
timeline_utf8(void)
{
	const char *saved = setlocale(LC_CTYPE, NULL);
	char *keep = saved ? xstrndup(saved, strlen(saved)) : NULL;
	int utf8 = 0;
	if (setlocale(LC_CTYPE, "") != NULL) {
		const char *cs = nl_langinfo(CODESET);
		utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
	}
	setlocale(LC_CTYPE, keep ? keep : "C");
	free(keep);
	return utf8;
}

/* A bar of v / max of width cells: full blocks and an eighth-block end, or
 * '#'s. */
static void
timeline_bar(FILE *f, uint64_t v, uint64_t max, size_t width, int utf8)
{
	static const char *const eighths[] = { "", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
		"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89" };
	uint64_t units = max ? (v * width * 8 + max / 2) / max : 0;
	if (v > 0 && units == 0)
		units = 1;   /* something is there: show it */
	size_t cells = 0;
	if (!utf8) {
		units = (units + 4) / 8 ? (units + 4) / 8 : (v > 0);
		for (; cells < units; cells++)
			fputc('#', f);
	} else {
		for (; units >= 8; units -= 8, cells++)
			fputs("\xe2\x96\x88", f);
		if (units) {
			fputs(eighths[units], f);
			cells++;
		}
	}
	for (; cells < width; cells++)
		fputc(' ', f);
}

struct timeline_bucket {
	long period;
	uint64_t passages, articles;
};

/* Count hits h[0..n) (sorted) into buckets from the first period to the
 * last; returns them (*nb). */
static struct timeline_bucket *
timeline_count(const struct timeline_hit *h, size_t n, int by, size_t *nb)
{
	long first = timeline_period(h[0].day, by), last = timeline_period(h[n - 1].day, by);
	size_t cap = 1;
	for (long p = first; p < last; p = timeline_next(p, by))
		cap++;
	struct timeline_bucket *b = xcalloc(cap, sizeof *b);
	size_t k = 0;
	b[0].period = first;
	for (size_t i = 0; i < n; i++) {
		long p = timeline_period(h[i].day, by);
		while (b[k].period < p) {
			b[k + 1].period = timeline_next(b[k].period, by);
			k++;
		}
		b[k].passages++;
		/* an article has one date: its passages are together */
		b[k].articles += i == 0 || h[i - 1].day != h[i].day ||
				 strcmp(h[i - 1].article, h[i].article) != 0;
	}
	*nb = cap;
	return b;
}

static void
timeline_print(FILE *f, const struct timeline_opts *to, const struct timeline_bucket *b,
	       size_t nb, int by, uint64_t passages, uint64_t articles, uint64_t filedated,
	       uint64_t undated)
{
	static const char *const byname[] = { "day", "week", "month" };
	if (to->json) {
		for (size_t i = 0; i < nb; i++) {
			char label[16];
			struct json j;
			timeline_label(b[i].period, by, label);
			json_init(&j, f);
			json_open(&j, '{');
			json_key(&j, "period");
			json_cstr(&j, label);
			json_key(&j, "passages");
			json_uint(&j, b[i].passages);
			json_key(&j, "articles");
			json_uint(&j, b[i].articles);
			json_close(&j);
		}
		return;
	}
	int utf8 = timeline_utf8();
	uint64_t max = 0;
	for (size_t i = 0; i < nb; i++)
		max = b[i].passages > max ? b[i].passages : max;
	/* the busiest periods, labelled */
	size_t top[TIMELINE_BUSIEST];
	size_t ntop = 0;
	for (size_t t = 0; t < TIMELINE_BUSIEST; t++) {
		size_t best = nb;
		for (size_t i = 0; i < nb; i++) {
			int taken = 0;
			for (size_t k = 0; k < ntop; k++)
				taken |= top[k] == i;
			if (!taken && b[i].passages > 0 && (best == nb || b[i].passages > b[best].passages))
				best = i;
		}
		if (best < nb)
			top[ntop++] = best;
	}
	char first[16], last[16];
	timeline_label(b[0].period, by, first);
	timeline_label(b[nb - 1].period, by, last);
	fprintf(f, "%llu passage%s in %llu article%s, by %s, %s to %s\n",
		(unsigned long long)passages, passages == 1 ? "" : "s",
		(unsigned long long)articles, articles == 1 ? "" : "s", byname[by], first, last);
	size_t label = by == BY_MONTH ? 7 : 10, digits = 1;
	for (uint64_t m = max; m >= 10; m /= 10)
		digits++;
	const char *mark = utf8 ? " \xe2\x97\x80 " : " <- ";
	size_t marklen = 4 + 7;   /* " <- " and "busiest" */
	size_t fixed = label + 2 + 1 + digits + marklen + 1;   /* not the last column */
	size_t width = to->width > fixed + 10 ? to->width - fixed : 10;
	for (size_t i = 0; i < nb; i++) {
		char l[16];
		timeline_label(b[i].period, by, l);
		fprintf(f, "%-*s  ", (int)label, l);
		timeline_bar(f, b[i].passages, max, width, utf8);
		fprintf(f, " %*llu", (int)digits, (unsigned long long)b[i].passages);
		for (size_t k = 0; k < ntop; k++)
			if (top[k] == i)
				fprintf(f, "%s%s", mark, k == 0 ? "busiest" : k == 1 ? "2nd" : "3rd");
		fputc('\n', f);
	}
	if (filedated)
		fprintf(f, "not counted: %llu passage%s of articles dated by their file's time\n",
			(unsigned long long)filedated, filedated == 1 ? "" : "s");
	if (undated)
		fprintf(f, "not counted: %llu passage%s of undated articles\n",
			(unsigned long long)undated, undated == 1 ? "" : "s");
}

/* Does a passage's data (docdata.c) say its date is the file's ("D=f")? */
static int
timeline_file_dated(const char *data, size_t len)
{
	for (size_t i = 0; data && i + 3 < len && data[i] != '\n'; ) {
		if (data[i] == 'D' && data[i + 1] == '=' && data[i + 2] == 'f' && data[i + 3] == '\n')
			return 1;
		const char *nl = memchr(data + i, '\n', len - i);
		if (nl == NULL)
			break;
		i = (size_t)(nl - data) + 1;
	}
	return 0;
}

int
timeline_run(const struct timeline_opts *to, cfs_rdb *db, const cfs_query_opts *q0)
{
	cfs_query_opts q = *q0;
	cfs_mset *m = NULL;
	q.limit = TIMELINE_MAX_HITS;
	q.offset = 0;
	q.per_article = 0;
	q.flags &= ~(unsigned)(CFS_Q_COUNT_ARTICLES | CFS_Q_SORT_DATE | CFS_Q_SORT_OLDEST);
	q.values = (1u << CFS_SLOT_DATE) | (1u << CFS_SLOT_ARTICLE);
	q.tiers = 0;
	q.nnear = 0;
	q.title = NULL;
	q.fields = NULL;
	if (cfs_search(db, &q, &m, NULL) != CFS_OK) {
		log_error("search failed: %s", cfs_rdb_errmsg(db));
		return CFS_EXIT_ERROR;
	}
	size_t n = cfs_mset_size(m), nh = 0;
	struct timeline_hit *h = xcalloc(n ? n : 1, sizeof *h);
	uint64_t filedated = 0, undated = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len, dl;
		const char *v = cfs_mset_value(m, i, CFS_SLOT_DATE, &len);
		const char *data = cfs_mset_data(m, i, &dl);
		int fromfile = timeline_file_dated(data, dl);
		if (len < 8) {
			undated++;
			continue;
		}
		if (fromfile) {
			filedated++;
			continue;
		}
		int y = atoi((char[]){ v[0], v[1], v[2], v[3], 0 });
		int mo = atoi((char[]){ v[4], v[5], 0 }), d = atoi((char[]){ v[6], v[7], 0 });
		h[nh].day = timeline_days(y, mo, d);
		const char *a = cfs_mset_value(m, i, CFS_SLOT_ARTICLE, &len);
		snprintf(h[nh].article, sizeof h[nh].article, "%.*s", (int)(len < 16 ? len : 16), a);
		nh++;
	}
	cfs_mset_free(m);
	if (nh == 0) {
		if (!to->json && (filedated || undated))
			printf("no dated passage matches (%llu dated by their file's time, %llu undated)\n",
			       (unsigned long long)filedated, (unsigned long long)undated);
		free(h);
		return CFS_EXIT_NOMATCH;
	}
	qsort(h, nh, sizeof *h, timeline_hit_cmp);
	long span = h[nh - 1].day - h[0].day;
	int by = to->by >= 0 ? to->by : span <= 62 ? BY_DAY : span <= 2 * 366 ? BY_WEEK : BY_MONTH;
	size_t nb;
	struct timeline_bucket *b = timeline_count(h, nh, by, &nb);
	while (nb > TIMELINE_MAX_BARS && by < BY_MONTH && !to->json) {
		free(b);
		b = timeline_count(h, nh, ++by, &nb);
	}
	uint64_t articles = 0;
	for (size_t i = 0; i < nb; i++)
		articles += b[i].articles;
	FILE *f = pager_start(to->pager && !to->json, to->pager_cmd);
	timeline_print(f, to, b, nb, by, nh, articles, filedated, undated);
	pager_end(f);
	free(b);
	free(h);
	return CFS_EXIT_OK;
}
