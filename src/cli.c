/* cli.c: the commands and their options (args.c reads the line). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfsearch.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_PER_ARTICLE 2
#define DEFAULT_K1 0.6
#define DEFAULT_B 0.75
#define DEFAULT_TITLE_WEIGHT 0.3
/* header fields (places:, topics:, ...): 0.05 is neutral or better on every
 * judged set; 0.2-0.3 cost corpora MRR .9800 -> .9778 and reuters nDCG
 * .6850 -> .6833 (make eval, tests/eval/README.md) */
#define DEFAULT_FIELDS_WEIGHT 0.05
#define DEFAULT_BATCH 2000

static const char cli_usage[] =
"usage: cfsearch [OPTIONS] QUERY...          search (the same as: cfsearch search)\n"
"       cfsearch index [OPTIONS] [PATH...]   index articles (no PATH: the remembered ones)\n"
"       cfsearch show [--json] FILE...       how the indexer reads a file\n"
"       cfsearch quotes [--speaker NAME] [QUERY...]  statements and who made them\n"
"       cfsearch speakers QUERY...          who is quoted most on a subject\n"
"       cfsearch timeline [--by PERIOD] QUERY...  matches per day, week or month\n"
"       cfsearch status [--json]             what the index holds\n"
"       cfsearch roots                       the remembered paths and excludes\n"
"       cfsearch forget ROOT...              forget roots and their articles\n"
"       cfsearch forget --exclude PAT        forget an exclude pattern\n"
"       cfsearch compact                     compact the index in place\n"
"\n"
"search options:\n"
"  -n, --limit N        show N hits (default 10)\n"
"      --offset N       skip the first N hits\n"
"      --json           one JSON object per hit per line\n"
"      --color WHEN     auto, always or never (default auto)\n"
"      --since DATE     only articles dated DATE or later\n"
"      --until DATE     only articles dated DATE or earlier\n"
"      --sort ORDER     relevance (default), date (newest first) or oldest\n"
"      --per-article N  at most N passages per article (default 2, 0: no cap)\n"
"      --bm25 K1,B      BM25 parameters (default 0.6,0.75)\n"
"      --rank MODE      full (default) or plain (BM25 alone, no boosts or tiers)\n"
"      --no-variants    do not expand name variants\n"
"      --all            show near-duplicate passages separately\n"
"      --all-words      only passages that hold every word and phrase of the query\n"
"      --full           whole passages, not snippets\n"
"      --no-json, --no-full, --no-all, --no-all-words, --no-vimgrep, --no-partial,\n"
"      --variants       undo the option of that name (or --no-variants) of the config\n"
"  -c, --count          only the number of passages and articles that match\n"
"  -l, --files-with-matches  only the path of each matching article, best first\n"
"      --vimgrep        one line a hit: path:line:column:text\n"
"      --no-pager       never page the output (a terminal's goes through $PAGER)\n"
"      --pager CMD      page a terminal's output with CMD\n"
"      --partial        with several databases, answer even if some are down\n"
"      --timeout SECS   time limit for remote databases (default 10)\n"
"quotes options (and the search options):\n"
"      --speaker NAME   only the statements of NAME (its words, name variants)\n"
"timeline options (and the search options):\n"
"      --timeline       search: draw the timeline instead of listing hits\n"
"      --by PERIOD      day, week or month (default: from the span)\n"
"common options:\n"
"      --db PATH        the database (repeatable for search; default $CFSEARCH_DB,\n"
"                       else $XDG_DATA_HOME/cfsearch)\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"index options:\n"
"  -q, --quiet          print nothing but errors\n"
"  -v, --verbose        print each file and what was done\n"
"      --exclude PAT    skip what PAT matches (.gitignore's patterns, from the\n"
"                       root; remembered: 'cfsearch forget --exclude PAT' drops it)\n"
"      --wait SECS      wait for a running indexer instead of exiting with 75\n"
"      --retry-failed   read again the files that failed last time\n"
"      --rebuild        build a new index from the remembered roots, then swap it in\n"
"      --batch N        commit after every N changed files (default 2000)\n"
"      --shard K/N      index only shard K of N (by a hash of each file's path)\n"
"  -j, --jobs N         processes for a full build (default: one a CPU, up to 4)\n"
"See cfsearch(1) and cfsearch-query(7).\n";

/* The commands, as bits of arg_opt.commands (in args.c's order). */
#define C_SEARCH  (1u << 0 | 1u << 7 | 1u << 8 | 1u << 9)   /* search, quotes,
							     * speakers, timeline */
#define C_INDEX   (1u << 1)
#define C_SHOW    (1u << 2)
#define C_STATUS  (1u << 3)
#define C_ROOTS   (1u << 4)
#define C_FORGET  (1u << 5)
#define C_COMPACT (1u << 6)
#define C_QUOTES  (1u << 7)
#define C_TIMELINE (1u << 0 | 1u << 9)
#define C_ALL     0x3ffu

enum {
	O_LIMIT = 1, O_OFFSET, O_JSON, O_COLOR, O_DB, O_SINCE, O_UNTIL, O_SORT, O_PER_ARTICLE,
	O_BM25, O_RANK, O_NO_VARIANTS, O_NO_EXPAND, O_ALL, O_PARTIAL, O_TIMEOUT, O_HELP, O_VERSION,
	O_QUIET, O_VERBOSE, O_EXCLUDE, O_WAIT, O_RETRY, O_REBUILD, O_BATCH, O_SHARD, O_JOBS,
	O_ALL_WORDS, O_FULL, O_VIMGREP, O_FILES, O_COUNT, O_NO_PAGER, O_PAGER,
	O_NO_JSON, O_NO_FULL, O_NO_ALL, O_NO_ALL_WORDS, O_NO_VIMGREP, O_NO_PARTIAL, O_VARIANTS, O_EXPAND, O_SPEAKER,
	O_TIMELINE, O_BY
};

static const struct arg_opt cli_options[] = {
	{ "limit", 'n', 1, C_SEARCH, O_LIMIT },
	{ "offset", 0, 1, C_SEARCH, O_OFFSET },
	{ "json", 0, 0, C_SEARCH | C_SHOW | C_STATUS, O_JSON },
	{ "color", 0, 1, C_SEARCH, O_COLOR },
	{ "colour", 0, 1, C_SEARCH, O_COLOR },
	{ "db", 0, 1, C_ALL, O_DB },
	{ "since", 0, 1, C_SEARCH, O_SINCE },
	{ "until", 0, 1, C_SEARCH, O_UNTIL },
	{ "sort", 0, 1, C_SEARCH, O_SORT },
	{ "per-article", 0, 1, C_SEARCH, O_PER_ARTICLE },
	{ "bm25", 0, 1, C_SEARCH, O_BM25 },
	{ "rank", 0, 1, C_SEARCH, O_RANK },
	{ "no-variants", 0, 0, C_SEARCH, O_NO_VARIANTS },
	{ "no-expand", 0, 0, C_SEARCH, O_NO_EXPAND },
	{ "all", 0, 0, C_SEARCH, O_ALL },
	{ "all-words", 0, 0, C_SEARCH, O_ALL_WORDS },
	{ "full", 0, 0, C_SEARCH, O_FULL },
	{ "vimgrep", 0, 0, C_SEARCH, O_VIMGREP },
	{ "files-with-matches", 'l', 0, C_SEARCH, O_FILES },
	{ "count", 'c', 0, C_SEARCH, O_COUNT },
	{ "no-pager", 0, 0, C_SEARCH, O_NO_PAGER },
	{ "pager", 0, 1, C_SEARCH, O_PAGER },
	{ "partial", 0, 0, C_SEARCH, O_PARTIAL },
	{ "timeout", 0, 1, C_SEARCH, O_TIMEOUT },
	{ "help", 'h', 0, C_ALL, O_HELP },
	{ "version", 'V', 0, C_ALL, O_VERSION },
	{ "quiet", 'q', 0, C_INDEX, O_QUIET },
	{ "verbose", 'v', 0, C_INDEX, O_VERBOSE },
	{ "exclude", 0, 1, C_INDEX | C_FORGET, O_EXCLUDE },
	{ "wait", 0, 1, C_INDEX | C_FORGET | C_COMPACT, O_WAIT },
	{ "retry-failed", 0, 0, C_INDEX, O_RETRY },
	{ "rebuild", 0, 0, C_INDEX, O_REBUILD },
	{ "batch", 0, 1, C_INDEX, O_BATCH },
	{ "shard", 0, 1, C_INDEX, O_SHARD },
	{ "jobs", 'j', 1, C_INDEX, O_JOBS },
	/* to undo a default of the config file */
	{ "no-json", 0, 0, C_SEARCH | C_SHOW | C_STATUS, O_NO_JSON },
	{ "no-full", 0, 0, C_SEARCH, O_NO_FULL },
	{ "no-all", 0, 0, C_SEARCH, O_NO_ALL },
	{ "no-all-words", 0, 0, C_SEARCH, O_NO_ALL_WORDS },
	{ "no-vimgrep", 0, 0, C_SEARCH, O_NO_VIMGREP },
	{ "no-partial", 0, 0, C_SEARCH, O_NO_PARTIAL },
	{ "variants", 0, 0, C_SEARCH, O_VARIANTS },
	{ "expand", 0, 0, C_SEARCH, O_EXPAND },
	{ "speaker", 0, 1, C_QUOTES, O_SPEAKER },
	{ "timeline", 0, 0, C_TIMELINE, O_TIMELINE },
	{ "by", 0, 1, C_TIMELINE, O_BY },
	{ NULL, 0, 0, 0, 0 }
};

char *
cli_default_db(void)
{
	const char *env = getenv("CFSEARCH_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg)
		return xasprintf("%s/cfsearch", xdg);
	if (home && *home)
		return xasprintf("%s/.local/share/cfsearch", home);
	return xstrdup(".cfsearch");
}

/* Is $CFSEARCH_DB set?  It comes before a config file's --db. */
static int
cli_env_db(void)
{
	const char *env = getenv("CFSEARCH_DB");
	return env && *env;
}

/* A whole number from min to max ("-n", "--offset", ...). */
static int
cli_uint_in(const char *opt, const char *arg, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v > max || v < min) {
		fprintf(stderr, "cfsearch: %s: not a whole number from %u to %u: '%s'\n", opt,
			min, max, arg);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int
cli_uint(const char *opt, const char *arg, unsigned min, unsigned *out)
{
	return cli_uint_in(opt, arg, min, 1000000, out);
}

static int
cli_seconds(const char *opt, const char *arg, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= 0) || v > 1e6) {
		fprintf(stderr, "cfsearch: %s: not a number of seconds: '%s'\n", opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int
cli_color(const char *when)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	if (nc && *nc)
		return 0;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

/* One of the words of choices (space separated), or -1 with a message. */
static int
cli_choice(const char *opt, const char *arg, const char *choices)
{
	const char *p = choices;
	for (int i = 0; *p; i++) {
		size_t n = strcspn(p, " ");
		if (strlen(arg) == n && strncmp(arg, p, n) == 0)
			return i;
		p += n;
		while (*p == ' ')
			p++;
	}
	fprintf(stderr, "cfsearch: %s: one of %s, not '%s'\n", opt, choices, arg);
	return -1;
}

/* A date option: its first day (--since) or its last (--until). */
static int
cli_date(const char *opt, const char *arg, int last, char out[9])
{
	char lo[9], hi[9];
	const char *why;
	if (date_period(arg, time(NULL), lo, hi, &why) != 0) {
		fprintf(stderr, "cfsearch: %s: %s: '%s' (write 2025-03-11, 2025-03, 2025, "
			"yesterday or 7d)\n", opt, why, arg);
		return -1;
	}
	memcpy(out, last ? hi : lo, 9);
	return 0;
}

/* The search options of a, into o.  Returns 0 or -1. */
static int
cli_search_opts(const struct args *a, struct search_opts *o, char since[9], char until[9],
		const char **color, double *timeout)
{
	for (size_t i = 0; i < a->nopts; i++) {
		const char *v = a->opts[i].value, *w = a->opts[i].written;
		int c;
		switch (a->opts[i].opt->id) {
		case O_LIMIT:
			if (cli_uint("--limit", v, 1, &o->limit) != 0)
				return -1;
			break;
		case O_OFFSET:
			if (cli_uint("--offset", v, 0, &o->offset) != 0)
				return -1;
			break;
		case O_JSON: o->json = 1; break;
		case O_SPEAKER: o->speaker = v; break;
		case O_TIMELINE: o->timeline = 1; break;
		case O_BY:
			if ((o->timeline_by = timeline_by(v)) < 0) {
				fprintf(stderr, "cfsearch: --by: '%s' is not day, week or month\n", v);
				return -1;
			}
			break;
		case O_COLOR:
			if (cli_choice(w, v, "auto always never") < 0)
				return -1;
			*color = v;
			break;
		case O_SINCE:
			if (cli_date("--since", v, 0, since) != 0)
				return -1;
			o->since = since;
			break;
		case O_UNTIL:
			if (cli_date("--until", v, 1, until) != 0)
				return -1;
			o->until = until;
			break;
		case O_SORT:
			if ((c = cli_choice("--sort", v, "relevance date oldest")) < 0)
				return -1;
			o->sort_date = c >= 1;
			o->sort_oldest = c == 2;
			break;
		case O_PER_ARTICLE:
			if (cli_uint("--per-article", v, 0, &o->per_article) != 0)
				return -1;
			break;
		case O_BM25: {
			char *end;
			o->k1 = strtod(v, &end);
			if (*end != ',' || !(o->k1 >= 0) || o->k1 > 100)
				goto bad_bm25;
			o->b = strtod(end + 1, &end);
			if (*end || !(o->b >= 0 && o->b <= 1))
				goto bad_bm25;
			break;
		bad_bm25:
			fprintf(stderr, "cfsearch: --bm25: K1,B with K1 >= 0 and 0 <= B <= 1, "
				"not '%s'\n", v);
			return -1;
		}
		case O_RANK:
			if ((c = cli_choice("--rank", v, "full plain")) < 0)
				return -1;
			o->rank_plain = c == 1;
			o->title_weight = c == 1 ? 0 : DEFAULT_TITLE_WEIGHT;
			o->fields_weight = c == 1 ? 0 : DEFAULT_FIELDS_WEIGHT;
			break;
		case O_NO_VARIANTS: o->no_variants = 1; break;
		case O_NO_EXPAND: o->no_expand = 1; break;
		case O_VARIANTS: o->no_variants = 0; break;
		case O_EXPAND: o->no_expand = 0; break;
		case O_ALL: o->no_dedup = 1; break;
		case O_NO_ALL: o->no_dedup = 0; break;
		case O_ALL_WORDS: o->all_words = 1; break;
		case O_NO_ALL_WORDS: o->all_words = 0; break;
		case O_FULL: o->full = 1; break;
		case O_NO_FULL: o->full = 0; break;
		case O_VIMGREP: o->vimgrep = 1; break;
		case O_NO_VIMGREP: o->vimgrep = 0; break;
		case O_NO_JSON: o->json = 0; break;
		case O_NO_PARTIAL: o->partial = 0; break;
		case O_FILES: o->files = 1; break;
		case O_COUNT: o->count = 1; break;
		case O_NO_PAGER: o->pager = 0; break;
		case O_PAGER:
			o->pager = 1;
			o->pager_cmd = v;
			break;
		case O_PARTIAL: o->partial = 1; break;
		case O_TIMEOUT:
			if (cli_seconds("--timeout", v, timeout) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

/* Is db among the n of v, by its real path (a database given twice, or
 * through a link, would give every hit twice)? */
static int
cli_db_listed(const char *const *v, size_t n, const char *db)
{
	char *real = realpath(db, NULL);
	int found = 0;
	for (size_t i = 0; i < n && !found; i++) {
		char *r = realpath(v[i], NULL);
		found = real && r ? strcmp(real, r) == 0 : strcmp(db, v[i]) == 0;
		free(r);
	}
	free(real);
	return found;
}

static int
cli_search(const struct args *a)
{
	struct search_opts o;
	const char *color = "auto";
	const char **dbs = NULL;
	size_t ndbs = 0;
	char since[9], until[9];
	double timeout = 10;
	int rc;

	memset(&o, 0, sizeof o);
	o.limit = 0;   /* not given */
	o.pager = 1;
	o.per_article = DEFAULT_PER_ARTICLE;
	o.k1 = DEFAULT_K1;
	o.b = DEFAULT_B;
	o.title_weight = DEFAULT_TITLE_WEIGHT;
	o.fields_weight = DEFAULT_FIELDS_WEIGHT;
	{
		const char *dbg = getenv("CFSEARCH_DEBUG");
		o.debug = dbg && *dbg && strcmp(dbg, "0") != 0;
	}
	o.timeline_by = -1;
	if (cli_search_opts(a, &o, since, until, &color, &timeout) != 0)
		return CFS_EXIT_ERROR;
	o.timeline |= a->cmd == 9;
	o.statements = a->cmd == 7 ? 1 : a->cmd == 8 ? 2 : 0;   /* quotes, speakers */
	if (o.json + o.vimgrep + o.files > 1 || (o.count && (o.vimgrep || o.files))) {
		fputs("cfsearch: --json, --vimgrep, -l and --count do not go together (except "
		      "--count --json)\n", stderr);
		return CFS_EXIT_ERROR;
	}
	/* -l lists every matching article unless told how many */
	if (o.limit == 0)
		o.limit = o.files ? 1000000 : DEFAULT_LIMIT;
	if (a->nwords == 0 && !(o.statements == 1 && o.speaker)) {
		fputs("cfsearch: no query (see cfsearch --help)\n", stderr);
		return CFS_EXIT_ERROR;
	}
	/* --db on the command line replaces the defaults', and so does
	 * $CFSEARCH_DB (command line, then environment, then config) */
	int cmdline_db = cli_env_db();
	for (size_t i = 0; i < a->nopts; i++)
		cmdline_db |= a->opts[i].opt->id == O_DB && !a->opts[i].from_config;
	for (size_t i = 0; i < a->nopts; i++)
		if (a->opts[i].opt->id == O_DB && (!cmdline_db || !a->opts[i].from_config) &&
		    !cli_db_listed(dbs, ndbs, a->opts[i].value)) {
			dbs = xrealloc(dbs, (ndbs + 1) * sizeof *dbs);
			dbs[ndbs++] = a->opts[i].value;
		}
	struct buf q;
	buf_init(&q);
	for (size_t i = 0; i < a->nwords; i++) {
		if (i)
			buf_addc(&q, ' ');
		buf_adds(&q, a->words[i]);
	}
	char *query = buf_detach(&q);
	if (o.statements && o.speaker) {
		char *sq = statements_query(o.speaker, query);
		free(query);
		query = sq;
	}
	char *def = NULL;
	if (ndbs == 0) {
		def = cli_default_db();
		dbs = xrealloc(dbs, sizeof *dbs);
		dbs[ndbs++] = def;
	}
	o.dbs = dbs;
	o.ndbs = ndbs;
	o.query = query;
	o.color = cli_color(color);
	o.timeout_ms = (unsigned)(timeout * 1000);
	o.width = pager_width();
	o.totals = isatty(STDOUT_FILENO) && !o.json && !o.vimgrep && !o.files;
	rc = search_run(&o);
	free(query);
	free(def);
	free(dbs);
	return rc;
}

/* Options of the commands other than search. */
struct cli_common {
	const char *db;
	int quiet, verbose, json;
	double wait_s;
	int retry_failed, rebuild;
	unsigned batch;
	unsigned shard_k, shard_n;
	unsigned jobs;
	const char **excludes;
	size_t nexcludes;
};

static int
cli_common(const struct args *a, struct cli_common *c)
{
	memset(c, 0, sizeof *c);
	c->batch = DEFAULT_BATCH;
	for (size_t i = 0; i < a->nopts; i++) {
		const char *v = a->opts[i].value;
		switch (a->opts[i].opt->id) {
		case O_DB:
			if (!a->opts[i].from_config || !cli_env_db())
				c->db = v;
			break;
		case O_QUIET: c->quiet = 1; break;
		case O_VERBOSE: c->verbose = 1; break;
		case O_JSON: c->json = 1; break;
		case O_NO_JSON: c->json = 0; break;
		case O_EXCLUDE:
			c->excludes = xrealloc(c->excludes, (c->nexcludes + 1) * sizeof *c->excludes);
			c->excludes[c->nexcludes++] = v;
			break;
		case O_WAIT:
			if (cli_seconds("--wait", v, &c->wait_s) != 0)
				return -1;
			break;
		case O_RETRY: c->retry_failed = 1; break;
		case O_REBUILD: c->rebuild = 1; break;
		case O_BATCH:
			if (cli_uint("--batch", v, 1, &c->batch) != 0)
				return -1;
			break;
		case O_JOBS:
			if (cli_uint_in("--jobs", v, 1, 64, &c->jobs) != 0)
				return -1;
			break;
		case O_SHARD: {
			char extra;
			if (sscanf(v, "%u/%u%c", &c->shard_k, &c->shard_n, &extra) != 2 ||
			    c->shard_n == 0 || c->shard_n > 1024 || c->shard_k == 0 ||
			    c->shard_k > c->shard_n) {
				fprintf(stderr, "cfsearch index: --shard: K/N with 1 <= K <= N <= 1024, "
					"not '%s'\n", v);
				return -1;
			}
			break;
		}
		}
	}
	return 0;
}

static void
cli_show_json(const char *path, const struct cfs_article *a, const char *note)
{
	struct json j;
	json_init(&j, stdout);
	json_open(&j, '{');
	json_key(&j, "path");
	json_cstr(&j, path);
	char *whole = a->title_derived && a->npassages > 0 ?
		output_title_whole(a->title, a->passages[0].text, a->passages[0].len) : NULL;
	json_key(&j, "title");
	json_cstr(&j, whole ? whole : a->title);
	free(whole);
	json_key(&j, "title_derived");
	json_bool(&j, a->title_derived);
	json_key(&j, "date");
	json_cstr(&j, a->date);
	json_key(&j, "date_source");
	json_cstr(&j, docdata_date_source(a->date_source));
	json_key(&j, "source");
	json_cstr(&j, a->source);
	json_key(&j, "meta");
	json_open(&j, '{');
	for (size_t i = 0; i < a->nmeta; i++) {
		json_key(&j, a->meta[i].key);
		json_cstr(&j, a->meta[i].value);
	}
	json_close(&j);
	json_key(&j, "warnings");
	json_open(&j, '[');
	if (note)
		json_cstr(&j, note);
	for (size_t i = 0; i < a->nwarnings; i++)
		json_cstr(&j, a->warnings[i]);
	json_close(&j);
	json_key(&j, "passages");
	json_open(&j, '[');
	for (size_t i = 0; i < a->npassages; i++) {
		const struct cfs_passage *p = &a->passages[i];
		json_open(&j, '{');
		json_key(&j, "line_start");
		json_uint(&j, p->line_start);
		json_key(&j, "line_end");
		json_uint(&j, p->line_end);
		json_key(&j, "byte_start");
		json_uint(&j, p->byte_start);
		json_key(&j, "byte_end");
		json_uint(&j, p->byte_end);
		json_key(&j, "text");
		json_str(&j, p->text, p->len);
		json_close(&j);
	}
	json_close(&j);
	statements_json(&j, a);
	json_close(&j);
}

static void
cli_show_text(const char *path, const struct cfs_article *a, const char *note)
{
	printf("file:     ");
	output_text(stdout, path, strlen(path));
	printf("\ntitle:    ");
	output_text(stdout, a->title, strlen(a->title));
	printf("%s\n", a->title_derived ? "  (derived from the first sentence)" : "");
	printf("date:     %s  (from the %s)\n", a->date ? a->date : "(none)",
	       a->date_source == DATE_TEXT ? "text" : a->date_source == DATE_FILE ?
	       "file's modification time" : "header");
	printf("source:   ");
	if (a->source)
		output_text(stdout, a->source, strlen(a->source));
	else
		printf("(none)");
	putchar('\n');
	for (size_t i = 0; i < a->nmeta; i++) {
		printf("header:   ");
		output_text(stdout, a->meta[i].key, strlen(a->meta[i].key));
		printf(": ");
		output_text(stdout, a->meta[i].value, strlen(a->meta[i].value));
		putchar('\n');
	}
	if (note) {
		printf("warning:  ");
		output_text(stdout, note, strlen(note));
		putchar('\n');
	}
	for (size_t i = 0; i < a->nwarnings; i++) {
		printf("warning:  ");
		output_text(stdout, a->warnings[i], strlen(a->warnings[i]));
		putchar('\n');
	}
	printf("passages: %zu\n", a->npassages);
	for (size_t i = 0; i < a->npassages; i++) {
		const struct cfs_passage *p = &a->passages[i];
		printf("\n[%zu] lines %u-%u, bytes %zu-%zu\n", i + 1, p->line_start, p->line_end,
		       p->byte_start, p->byte_end);
		output_text(stdout, p->text, p->len);
		putchar('\n');
	}
	statements_show(stdout, a);
}

static int
cli_show(const struct args *a, const struct cli_common *c)
{
	int status = CFS_EXIT_OK;
	if (a->nwords == 0) {
		fputs("cfsearch show: no file given\n", stderr);
		return CFS_EXIT_ERROR;
	}
	for (size_t i = 0; i < a->nwords; i++) {
		struct cfs_article art;
		const char *why = NULL, *note = NULL;
		memset(&art, 0, sizeof art);
		int r = indexer_read(a->words[i], &art, &why, &note);
		if (r != 0) {
			log_error("%s: %s%s", a->words[i], r > 0 ? "skipped: " : "", why);
			status = CFS_EXIT_ERROR;
			continue;
		}
		struct stat st;
		if (stat(a->words[i], &st) == 0)
			article_date_from_file(&art, st.st_mtim.tv_sec);
		/* how the bytes were read (Windows-1252) is among the warnings */
		if (c->json) {
			cli_show_json(a->words[i], &art, note);
		} else {
			if (i > 0)
				printf("\n");
			cli_show_text(a->words[i], &art, note);
		}
		article_free(&art);
	}
	return status;
}

static int
cli_index(const struct args *a, const struct cli_common *c)
{
	struct index_opts o;
	char *db = c->db ? xstrdup(c->db) : cli_default_db();
	int rc;
	memset(&o, 0, sizeof o);
	o.db = db;
	o.paths = (const char *const *)a->words;
	o.npaths = a->nwords;
	o.excludes = c->excludes;
	o.nexcludes = c->nexcludes;
	o.verbose = c->verbose;
	o.quiet = c->quiet;
	o.progress = !c->quiet && !c->verbose && isatty(STDERR_FILENO);
	o.wait_s = c->wait_s;
	o.retry_failed = c->retry_failed;
	o.rebuild = c->rebuild;
	o.batch_files = c->batch;
	o.jobs = c->jobs;
	o.shard_k = c->shard_k;
	o.shard_n = c->shard_n;
	log_quiet = c->quiet;
	rc = indexer_run(&o);
	free(db);
	return rc;
}

static int
cli_admin(const struct args *a, const struct cli_common *c)
{
	const char *cmd = args_command_name(a->cmd);
	char *db = c->db ? xstrdup(c->db) : cli_default_db();
	int rc;
	if (a->cmd == 5) {   /* forget */
		if (a->nwords == 0 && c->nexcludes == 0) {
			fputs("cfsearch forget: no root or --exclude given (see: cfsearch roots)\n",
			      stderr);
			rc = CFS_EXIT_ERROR;
		} else {
			rc = admin_forget(db, (const char *const *)a->words, a->nwords,
					  c->excludes, c->nexcludes, c->wait_s);
		}
	} else if (a->nwords > 0) {
		fprintf(stderr, "cfsearch %s: unexpected argument '%s'\n", cmd, a->words[0]);
		rc = CFS_EXIT_ERROR;
	} else if (a->cmd == 3) {
		rc = admin_status(db, c->json);
	} else if (a->cmd == 4) {
		rc = admin_roots(db);
	} else {
		rc = admin_compact(db, c->wait_s);
	}
	free(db);
	return rc;
}

int
cli_main(int argc, char **argv)
{
	struct args a;
	struct cli_common c;
	int rc;

	if (argc < 2) {
		fputs(cli_usage, stderr);
		return CFS_EXIT_ERROR;
	}
	if (argc == 2 && strcmp(argv[1], "help") == 0) {
		fputs(cli_usage, stdout);
		return CFS_EXIT_OK;
	}
	if (args_parse(cli_options, argc, argv, &a) != 0) {
		args_free(&a);
		return CFS_EXIT_ERROR;
	}
	/* --help and --version whatever the config file holds */
	for (size_t i = 0; i < a.nopts; i++) {
		if (a.opts[i].opt->id == O_HELP) {
			fputs(cli_usage, stdout);
			args_free(&a);
			return CFS_EXIT_OK;
		}
		if (a.opts[i].opt->id == O_VERSION) {
			printf("cfsearch %s\n", PACKAGE_VERSION);
			args_free(&a);
			return CFS_EXIT_OK;
		}
	}
	struct config conf;
	if (config_read(&conf) != 0 || args_defaults(cli_options, &conf, &a) != 0) {
		config_free(&conf);
		args_free(&a);
		return CFS_EXIT_ERROR;
	}
	if (a.cmd == 0 || a.cmd >= 7) {   /* search, quotes, speakers, timeline */
		rc = cli_search(&a);
	} else if (cli_common(&a, &c) != 0) {
		rc = CFS_EXIT_ERROR;
	} else {
		rc = a.cmd == 1 ? cli_index(&a, &c) : a.cmd == 2 ? cli_show(&a, &c) : cli_admin(&a, &c);
		free(c.excludes);
	}
	args_free(&a);
	config_free(&conf);
	return rc;
}
