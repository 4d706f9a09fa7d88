/* cli.c: command line parsing and dispatch. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfsearch.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_PER_ARTICLE 2
#define DEFAULT_K1 0.6
#define DEFAULT_B 0.75
#define DEFAULT_TITLE_WEIGHT 0.3
#define DEFAULT_BATCH 2000

static const char cli_usage[] =
"usage: cfsearch [OPTIONS] QUERY...          search (the same as: cfsearch search)\n"
"       cfsearch index [OPTIONS] [PATH...]   index articles (no PATH: the remembered ones)\n"
"       cfsearch show [--json] FILE...       how the indexer reads a file\n"
"       cfsearch status [--json]             what the index holds\n"
"       cfsearch roots                       the remembered paths and excludes\n"
"       cfsearch forget ROOT...              forget a root and its articles\n"
"       cfsearch compact                     compact the index in place\n"
"\n"
"search options:\n"
"  -n, --limit N        show N hits (default 10)\n"
"      --offset N       skip the first N hits\n"
"      --json           one JSON object per hit per line\n"
"      --color WHEN     auto, always or never (default auto)\n"
"      --since DATE     only articles dated DATE or later\n"
"      --until DATE     only articles dated DATE or earlier\n"
"      --sort ORDER     relevance (default) or date (newest first)\n"
"      --per-article N  at most N passages per article (default 2, 0: no cap)\n"
"      --bm25 K1,B      BM25 parameters (default 0.6,0.75)\n"
"      --rank MODE      full (default) or plain (BM25 alone, no boosts or tiers)\n"
"      --no-variants    do not expand name variants\n"
"      --all            show near-duplicate passages separately\n"
"      --partial        with several databases, answer even if some are down\n"
"      --timeout SECS   time limit for remote databases (default 10)\n"
"common options:\n"
"      --db PATH        the database (repeatable for search; default $CFSEARCH_DB,\n"
"                       else $XDG_DATA_HOME/cfsearch)\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"index options:\n"
"  -q, --quiet          print nothing but errors\n"
"  -v, --verbose        print each file and what was done\n"
"      --exclude GLOB   skip matching files and directories (remembered)\n"
"      --wait SECS      wait for a running indexer instead of exiting with 75\n"
"      --retry-failed   read again the files that failed last time\n"
"      --rebuild        build a new index from the remembered roots, then swap it in\n"
"      --batch N        commit after every N changed files (default 2000)\n"
"      --shard K/N      index only shard K of N (by a hash of each file's path)\n"
"  -j, --jobs N         processes for a full build (default: one a CPU, up to 4)\n"
"See cfsearch(1) and cfsearch-query(7).\n";

static void
cli_usage_error(const char *fmt, const char *arg)
{
	fputs("cfsearch: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see cfsearch --help)\n", stderr);
}

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

static int
cli_uint(const char *opt, const char *arg, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v > 1000000) {
		fprintf(stderr, "cfsearch: %s: not a number from 0 to 1000000: '%s'\n", opt, arg);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
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

enum {
	OPT_JSON = 256, OPT_COLOR, OPT_DB, OPT_SINCE, OPT_UNTIL, OPT_SORT, OPT_PER_ARTICLE,
	OPT_BM25, OPT_NO_VARIANTS, OPT_ALL, OPT_PARTIAL, OPT_TIMEOUT, OPT_OFFSET,
	OPT_EXCLUDE, OPT_WAIT, OPT_RETRY, OPT_REBUILD, OPT_RANK, OPT_BATCH, OPT_SHARD
};

static const struct option cli_search_options[] = {
	{ "limit", required_argument, NULL, 'n' },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "db", required_argument, NULL, OPT_DB },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "per-article", required_argument, NULL, OPT_PER_ARTICLE },
	{ "bm25", required_argument, NULL, OPT_BM25 },
	{ "rank", required_argument, NULL, OPT_RANK },
	{ "no-variants", no_argument, NULL, OPT_NO_VARIANTS },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

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

static int
cli_search(int argc, char **argv)
{
	struct search_opts o;
	const char *color = "auto";
	char **dbs = NULL;
	size_t ndbs = 0;
	char since[9], until[9];
	double timeout = 10;
	int c, rc;

	memset(&o, 0, sizeof o);
	o.limit = DEFAULT_LIMIT;
	o.per_article = DEFAULT_PER_ARTICLE;
	o.k1 = DEFAULT_K1;
	o.b = DEFAULT_B;
	o.title_weight = DEFAULT_TITLE_WEIGHT;
	{
		const char *dbg = getenv("CFSEARCH_DEBUG");
		o.debug = dbg && *dbg && strcmp(dbg, "0") != 0;
	}
	optind = 1;
	opterr = 1;
	/* "+": stop at the first word, so a query may hold "-word" after "--" */
	while ((c = getopt_long(argc, argv, "+n:hV", cli_search_options, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_uint("--limit", optarg, &o.limit) != 0)
				goto usage;
			break;
		case OPT_OFFSET:
			if (cli_uint("--offset", optarg, &o.offset) != 0)
				goto usage;
			break;
		case OPT_JSON:
			o.json = 1;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never")) {
				cli_usage_error("--color: auto, always or never, not '%s'", optarg);
				goto usage;
			}
			color = optarg;
			break;
		case OPT_DB:
			dbs = xrealloc(dbs, (ndbs + 1) * sizeof *dbs);
			dbs[ndbs++] = optarg;
			break;
		case OPT_SINCE: {
			char hi[9];
			const char *why;
			if (date_period(optarg, time(NULL), since, hi, &why) != 0) {
				fprintf(stderr, "cfsearch: --since: %s: '%s'\n", why, optarg);
				goto usage;
			}
			o.since = since;
			break;
		}
		case OPT_UNTIL: {
			char lo[9];
			const char *why;
			if (date_period(optarg, time(NULL), lo, until, &why) != 0) {
				fprintf(stderr, "cfsearch: --until: %s: '%s'\n", why, optarg);
				goto usage;
			}
			o.until = until;
			break;
		}
		case OPT_SORT:
			if (strcmp(optarg, "date") == 0)
				o.sort_date = 1;
			else if (strcmp(optarg, "relevance") == 0)
				o.sort_date = 0;
			else {
				cli_usage_error("--sort: relevance or date, not '%s'", optarg);
				goto usage;
			}
			break;
		case OPT_PER_ARTICLE:
			if (cli_uint("--per-article", optarg, &o.per_article) != 0)
				goto usage;
			break;
		case OPT_BM25: {
			char *end;
			o.k1 = strtod(optarg, &end);
			if (*end != ',' || !(o.k1 >= 0) || o.k1 > 100)
				goto bad_bm25;
			o.b = strtod(end + 1, &end);
			if (*end || !(o.b >= 0 && o.b <= 1))
				goto bad_bm25;
			break;
		bad_bm25:
			cli_usage_error("--bm25: K1,B with K1 >= 0 and 0 <= B <= 1, not '%s'", optarg);
			goto usage;
		}
		case OPT_RANK:
			if (strcmp(optarg, "plain") == 0)
				o.rank_plain = 1, o.title_weight = 0;
			else if (strcmp(optarg, "full") != 0) {
				cli_usage_error("--rank: full or plain, not '%s'", optarg);
				goto usage;
			}
			break;
		case OPT_NO_VARIANTS:
			o.no_variants = 1;
			break;
		case OPT_ALL:
			o.no_dedup = 1;
			break;
		case OPT_PARTIAL:
			o.partial = 1;
			break;
		case OPT_TIMEOUT:
			if (cli_seconds("--timeout", optarg, &timeout) != 0)
				goto usage;
			break;
		case 'h':
			fputs(cli_usage, stdout);
			free(dbs);
			return CFS_EXIT_OK;
		case 'V':
			printf("cfsearch %s\n", PACKAGE_VERSION);
			free(dbs);
			return CFS_EXIT_OK;
		default:
			goto usage;
		}
	}
	if (optind >= argc) {
		fputs("cfsearch: no query (see cfsearch --help)\n", stderr);
		goto usage;
	}
	{
		struct buf q;
		buf_init(&q);
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				buf_addc(&q, ' ');
			buf_adds(&q, argv[i]);
		}
		char *query = buf_detach(&q);
		char *def = NULL;
		if (ndbs == 0) {
			def = cli_default_db();
			dbs = xrealloc(dbs, sizeof *dbs);
			dbs[ndbs++] = def;
		}
		o.dbs = (const char *const *)dbs;
		o.ndbs = ndbs;
		o.query = query;
		o.color = cli_color(color);
		o.timeout_ms = (unsigned)(timeout * 1000);
		rc = search_run(&o);
		free(query);
		free(def);
	}
	free(dbs);
	return rc;
usage:
	free(dbs);
	return CFS_EXIT_ERROR;
}

static const struct option cli_index_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "retry-failed", no_argument, NULL, OPT_RETRY },
	{ "rebuild", no_argument, NULL, OPT_REBUILD },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "jobs", required_argument, NULL, 'j' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Options of the commands other than search; "allowed" lists which. */
struct cli_common {
	char *db;
	int quiet, verbose, json;
	double wait_s;
	int retry_failed, rebuild;
	unsigned batch;
	unsigned shard_k, shard_n;
	unsigned jobs;
	char **excludes;
	size_t nexcludes;
};

static int
cli_parse_common(int argc, char **argv, const char *cmd, const char *allowed,
		 struct cli_common *c)
{
	int ch;
	memset(c, 0, sizeof *c);
	c->batch = DEFAULT_BATCH;
	optind = 1;
	opterr = 1;
	while ((ch = getopt_long(argc, argv, "qvhj:", cli_index_options, NULL)) != -1) {
		const char *name = NULL;
		for (const struct option *o = cli_index_options; o->name; o++)
			if (o->val == ch)
				name = o->name;
		if (ch != '?' && ch != 'h' && name && !strstr(allowed, name)) {
			fprintf(stderr, "cfsearch %s: --%s does not apply here (see cfsearch --help)\n",
				cmd, name);
			return -1;
		}
		switch (ch) {
		case OPT_DB: c->db = optarg; break;
		case 'q': c->quiet = 1; break;
		case 'v': c->verbose = 1; break;
		case OPT_JSON: c->json = 1; break;
		case OPT_EXCLUDE:
			c->excludes = xrealloc(c->excludes, (c->nexcludes + 1) * sizeof *c->excludes);
			c->excludes[c->nexcludes++] = optarg;
			break;
		case OPT_WAIT:
			if (cli_seconds("--wait", optarg, &c->wait_s) != 0)
				return -1;
			break;
		case OPT_RETRY: c->retry_failed = 1; break;
		case OPT_REBUILD: c->rebuild = 1; break;
		case OPT_BATCH:
			if (cli_uint("--batch", optarg, &c->batch) != 0 || c->batch == 0)
				return -1;
			break;
		case 'j':
			if (cli_uint("--jobs", optarg, &c->jobs) != 0 || c->jobs == 0 || c->jobs > 64) {
				fprintf(stderr, "cfsearch %s: --jobs: from 1 to 64\n", cmd);
				return -1;
			}
			break;
		case OPT_SHARD: {
			char extra;
			if (sscanf(optarg, "%u/%u%c", &c->shard_k, &c->shard_n, &extra) != 2 ||
			    c->shard_n == 0 || c->shard_n > 1024 || c->shard_k == 0 ||
			    c->shard_k > c->shard_n) {
				fprintf(stderr, "cfsearch %s: --shard: K/N with 1 <= K <= N <= 1024, "
					"not '%s'\n", cmd, optarg);
				return -1;
			}
			break;
		}
		case 'h':
			fputs(cli_usage, stdout);
			return 1;
		default:
			return -1;
		}
	}
	return 0;
}

static void
cli_show_json(const char *path, const struct cfs_article *a)
{
	struct json j;
	json_init(&j, stdout);
	json_open(&j, '{');
	json_key(&j, "path");
	json_cstr(&j, path);
	json_key(&j, "title");
	json_cstr(&j, a->title);
	json_key(&j, "title_derived");
	json_bool(&j, a->title_derived);
	json_key(&j, "date");
	json_cstr(&j, a->date);
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
	json_close(&j);
}

static void
cli_show_text(const char *path, const struct cfs_article *a)
{
	printf("file:     ");
	output_text(stdout, path, strlen(path));
	printf("\ntitle:    ");
	output_text(stdout, a->title, strlen(a->title));
	printf("%s\n", a->title_derived ? "  (derived from the first sentence)" : "");
	printf("date:     %s\n", a->date ? a->date : "(none)");
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
}

static int
cli_show(int argc, char **argv)
{
	struct cli_common c;
	int rc = cli_parse_common(argc, argv, "show", "json", &c), status = CFS_EXIT_OK;
	if (rc != 0)
		return rc > 0 ? CFS_EXIT_OK : CFS_EXIT_ERROR;
	if (optind >= argc) {
		fputs("cfsearch show: no file given\n", stderr);
		return CFS_EXIT_ERROR;
	}
	for (int i = optind; i < argc; i++) {
		struct cfs_article a;
		const char *why = NULL, *note = NULL;
		memset(&a, 0, sizeof a);
		int r = indexer_read(argv[i], &a, &why, &note);
		if (r != 0) {
			log_error("%s: %s%s", argv[i], r > 0 ? "skipped: " : "", why);
			status = CFS_EXIT_ERROR;
			continue;
		}
		if (note)
			log_warn("%s: %s", argv[i], note);
		if (c.json)
			cli_show_json(argv[i], &a);
		else {
			if (i > optind)
				printf("\n");
			cli_show_text(argv[i], &a);
		}
		article_free(&a);
	}
	return status;
}

static int
cli_index(int argc, char **argv)
{
	struct cli_common c;
	struct index_opts o;
	int rc = cli_parse_common(argc, argv, "index",
				  "db quiet verbose exclude wait retry-failed rebuild batch shard jobs", &c);
	if (rc != 0) {
		free(c.excludes);
		return rc > 0 ? CFS_EXIT_OK : CFS_EXIT_ERROR;
	}
	char *db = c.db ? xstrdup(c.db) : cli_default_db();
	memset(&o, 0, sizeof o);
	o.db = db;
	o.paths = (const char *const *)(argv + optind);
	o.npaths = (size_t)(argc - optind);
	o.excludes = (const char *const *)c.excludes;
	o.nexcludes = c.nexcludes;
	o.verbose = c.verbose;
	o.quiet = c.quiet;
	o.progress = !c.quiet && !c.verbose && isatty(STDERR_FILENO);
	o.wait_s = c.wait_s;
	o.retry_failed = c.retry_failed;
	o.rebuild = c.rebuild;
	o.batch_files = c.batch;
	o.jobs = c.jobs;
	o.shard_k = c.shard_k;
	o.shard_n = c.shard_n;
	log_quiet = c.quiet;
	rc = indexer_run(&o);
	free(db);
	free(c.excludes);
	return rc;
}

static int
cli_admin(int argc, char **argv, const char *cmd)
{
	struct cli_common c;
	const char *allowed = strcmp(cmd, "status") == 0 ? "db json" :
	    strcmp(cmd, "roots") == 0 ? "db" : "db wait";
	int rc = cli_parse_common(argc, argv, cmd, allowed, &c);
	if (rc != 0)
		return rc > 0 ? CFS_EXIT_OK : CFS_EXIT_ERROR;
	char *db = c.db ? xstrdup(c.db) : cli_default_db();
	if (strcmp(cmd, "forget") == 0) {
		if (optind >= argc) {
			fputs("cfsearch forget: no root given (see: cfsearch roots)\n", stderr);
			rc = CFS_EXIT_ERROR;
		} else {
			rc = admin_forget(db, (const char *const *)(argv + optind),
					  (size_t)(argc - optind), c.wait_s);
		}
	} else if (optind < argc) {
		fprintf(stderr, "cfsearch %s: unexpected argument '%s'\n", cmd, argv[optind]);
		rc = CFS_EXIT_ERROR;
	} else if (strcmp(cmd, "status") == 0) {
		rc = admin_status(db, c.json);
	} else if (strcmp(cmd, "roots") == 0) {
		rc = admin_roots(db);
	} else {
		rc = admin_compact(db, c.wait_s);
	}
	free(db);
	return rc;
}

int
cli_main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd == NULL) {
		fputs(cli_usage, stderr);
		return CFS_EXIT_ERROR;
	}
	if (strcmp(cmd, "search") == 0)
		return cli_search(argc - 1, argv + 1);
	if (strcmp(cmd, "index") == 0)
		return cli_index(argc - 1, argv + 1);
	if (strcmp(cmd, "show") == 0)
		return cli_show(argc - 1, argv + 1);
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "roots") == 0 ||
	    strcmp(cmd, "forget") == 0 || strcmp(cmd, "compact") == 0)
		return cli_admin(argc - 1, argv + 1, cmd);
	if (strcmp(cmd, "help") == 0) {
		fputs(cli_usage, stdout);
		return CFS_EXIT_OK;
	}
	return cli_search(argc, argv);
}
