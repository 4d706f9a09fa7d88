/*
 * cfsearch.h: the one internal header.  Prototypes are grouped by the file
 * that defines them; functions are named after their file.
 */
#ifndef CFSEARCH_H
#define CFSEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "shim.h"

/* Exit statuses (documented in cfsearch(1), EXIT STATUS). */
#define CFS_EXIT_OK          0   /* search: something matched; index: all done */
#define CFS_EXIT_NOMATCH     1   /* search: nothing matched */
#define CFS_EXIT_ERROR       2   /* any error that stopped the command */
#define CFS_EXIT_PARTIAL     3   /* index: done, but some files could not be read */
#define CFS_EXIT_LOCKED      75  /* index: another indexer is running (EX_TEMPFAIL) */
#define CFS_EXIT_SIGINT      130 /* interrupted by SIGINT after committing */
#define CFS_EXIT_SIGTERM     143 /* interrupted by SIGTERM after committing */

#if defined(__GNUC__)
#define CFS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CFS_PRINTF(a, b)
#endif

/* ---- util.c ---- */
struct buf {
	char *s;      /* always NUL-terminated when len > 0 or after buf_* */
	size_t len;
	size_t cap;
};
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) CFS_PRINTF(1, 2);
void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) CFS_PRINTF(2, 3);
char *buf_detach(struct buf *b);
/* Messages on stderr prefixed "cfsearch: ", one line each, with what a
 * terminal would act on made visible (control characters in caret
 * notation, C1 controls and bytes that are not UTF-8 as \xHH). */
void log_error(const char *fmt, ...) CFS_PRINTF(1, 2);
void log_warn(const char *fmt, ...) CFS_PRINTF(1, 2);
/* The same without the prefix (a command's report: "forgot ..."). */
void log_info(const char *fmt, ...) CFS_PRINTF(1, 2);
/* s[0..n) made safe as those messages are, to f: every path or stored
 * string that a command prints goes through it. */
void log_text(FILE *f, const char *s, size_t n);
extern int log_quiet;            /* suppress warnings (not errors) */
extern int log_clear_line;       /* a progress line may be on stderr: each
				  * message clears it first */
uint64_t hash64(const void *p, size_t n, uint64_t seed);
/* 16 lowercase hex digits of h into out[17]. */
void hex64(uint64_t h, char out[17]);
double now_seconds(void);
/* "12,345" */
void fmt_count(char *out, size_t size, uint64_t n);

/* ---- utf8.c (src/) ---- */
/* The length (1-4) of the valid UTF-8 sequence at s[0..len), its code point
 * in *cp; 0 when there is none (overlong forms, surrogates, code points
 * above U+10FFFF and truncated sequences are invalid). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* c as UTF-8 at out (room for 4 bytes); returns the length. */
size_t utf8_encode(char *out, uint32_t c);
/* Is s[0..len) valid UTF-8? */
int utf8_valid(const char *s, size_t len);

/* ---- words.c (src/) ---- */
#define WORDS_MAX 64   /* bytes: a longer word is no word (as in Xapian) */
struct wcp;
/* A cursor over the words of a text. */
struct words {
	struct wcp *cp;     /* the normalised code points */
	size_t n, cap, pos;
	struct buf term;
	size_t skipped;     /* words longer than WORDS_MAX passed over since
			     * the last words_reset */
};
struct word {
	size_t start, end;  /* its bytes in the text */
	const char *term;   /* lowercased, as indexed before stemming; valid
			     * until the next call */
	size_t len;
};
void words_init(struct words *w, const char *s, size_t len);
/* The same cursor over another text (its memory reused). */
void words_reset(struct words *w, const char *s, size_t len);
/* The next word: 1, or 0 at the end. */
int words_next(struct words *w, struct word *out);
void words_free(struct words *w);
/* What code point c becomes before words are split: the 0 to 3 code
 * points put in out (curly quotes to straight ones, dashes and special
 * spaces to a space, soft hyphens and zero-width characters to nothing,
 * the ellipsis to three dots, anything else itself); returns how many. */
int words_fold(uint32_t c, uint32_t out[3]);
/* Append the words of s[0..len) to out, each NUL-terminated (a field's
 * words for cfs_wdb_add), with the cursor w (words_init'ed); returns how
 * many. */
size_t words_list(struct words *w, const char *s, size_t len, struct buf *out);

/* ---- text.c (index/) ---- */
enum text_kind { TEXT_OK, TEXT_EMPTY, TEXT_BINARY };
/* Decode raw file bytes into UTF-8.  Strips a UTF-8 BOM; converts UTF-16
 * (with a BOM, LE or BE) and, when the bytes are not valid UTF-8,
 * Windows-1252 (its five undefined bytes become U+FFFD).  Line ends are
 * left alone (CRLF stays CRLF), so for a UTF-8 file without a BOM the
 * decoded text is the file and offsets into it are file offsets.
 * *out is malloc()ed (NUL-terminated) and *outlen set, unless the result is
 * TEXT_EMPTY (nothing but white space) or TEXT_BINARY (NUL bytes), when
 * *out is NULL.  *note (may be NULL) gets a static string describing a
 * conversion made ("not valid UTF-8, read as Windows-1252",
 * "UTF-16LE, converted to UTF-8") or NULL. */
enum text_kind text_decode(const char *in, size_t len, char **out, size_t *outlen,
			   const char **note);
/* Why the indexer skips a file that decodes to k ("empty file", "binary
 * file (NUL bytes)"), or NULL for TEXT_OK. */
const char *text_skip_reason(enum text_kind k);
/* A copy of s normalised for indexing (not display): curly quotes,
 * apostrophes, primes and guillemets to ASCII ' and "; hyphens (U+2010,
 * U+2011), the figure dash and the minus sign to '-'; en and em dashes and
 * the horizontal bar to a space; no-break and other spaces to a space; soft
 * hyphens, zero-width characters and BOMs removed; the ellipsis to "...".
 * Never longer than s.  malloc()ed; *outlen (may be NULL) gets the length. */
char *text_normalize(const char *s, size_t len, size_t *outlen);

/* ---- date.c (src/) ---- */
struct cfs_date {
	int year, month, day;
	int hour, min, sec;   /* -1 when the date has no time */
};
/* Parse ISO 8601 ("2025-03-11", "2025-03-11T14:05:00+02:00"), RFC 2822
 * ("Tue, 11 Mar 2025 14:05:00 +0000") and common news forms ("March 11,
 * 2025", "11 Mar 2025", "2025/03/11").  A time with a zone is moved to UTC;
 * a time without one is taken as UTC; an unknown zone name drops the time.
 * Years 1000-9999.  Returns 0 on success, -1 if s is no date. */
int date_parse(const char *s, struct cfs_date *out);
/* "YYYYMMDD" into out[9]. */
void date_key(const struct cfs_date *d, char out[9]);
/* "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ" into out[21]. */
void date_iso(const struct cfs_date *d, char out[21]);
/* "YYYYMMDDhhmmss" into out[15] (000000 for a date without a time): the
 * key articles are sorted and filtered by. */
void date_sortkey(const struct cfs_date *d, char out[15]);
/* The date of a time_t (UTC). */
void date_of_time(time_t t, struct cfs_date *d);
/* A date or period given by a user (--since, --until, date:), as its
 * first and last day "YYYYMMDD" in lo and hi: a day in any form date_parse
 * reads, or YYYYMMDD; a month ("2025-03", "March 2025") or a year ("2025");
 * today, yesterday, or so long before today: "7d", "2w", "3m", "1y".
 * Returns 0, or -1 with *why: "no such date" (1987-02-30) or "not a
 * date". */
int date_period(const char *s, time_t now, char lo[9], char hi[9], const char **why);
/* A range "A..B", "A..", "..B", or a period A alone: lo and hi get its first
 * and last day ("" for an open end).  Returns 0, or -1 with *why (as
 * date_period, or "the range ends before it starts"). */
int date_range(const char *s, time_t now, char lo[9], char hi[9], const char **why);

/* ---- article.c, lines.c, passage.c (index/) ---- */
struct cfs_meta {
	char *key;     /* as written in the file, e.g. "Dateline" */
	char *value;   /* trimmed, runs of white space made one space */
};
struct cfs_passage {
	char *text;              /* display text, UTF-8: the paragraph's lines
				    joined (hard wraps undone), trimmed */
	size_t len;
	unsigned line_start;     /* 1-based, inclusive, in the decoded text */
	unsigned line_end;
	size_t byte_start;       /* [byte_start, byte_end) in the decoded text */
	size_t byte_end;
};
struct cfs_article {
	char *title;             /* never NULL after article_parse() (may be "") */
	int title_derived;       /* title built from the first sentence */
	char *date;              /* ISO form (date_iso) or NULL */
	char datekey[9];         /* "YYYYMMDD" or "" */
	char datetime[15];       /* "YYYYMMDDhhmmss" (000000 without a time) or "" */
	enum date_source { DATE_NONE, DATE_HEADER, DATE_TEXT, DATE_FILE } date_source;
	char *source;            /* or NULL */
	struct cfs_meta *meta;   /* the header block, every key */
	size_t nmeta;
	struct cfs_passage *passages;
	size_t npassages;
	char **warnings;         /* e.g. "unreadable date 'Tuesday'" */
	size_t nwarnings;
};
/* Passage size bounds (bytes of display text). */
#define PASSAGE_MAX   1200   /* a longer paragraph is split at sentences */
#define PASSAGE_MIN    200   /* a split never leaves a piece shorter than this */
#define PASSAGE_LIMIT 20000   /* passages of one article, at most (warning) */
/* What one article may cost, whatever its shape (each with a warning). */
#define ARTICLE_VALUE_MAX 1000   /* bytes of a header value kept */
#define ARTICLE_FIELD_MAX  250   /* bytes of a Title or Source header (they go
				  * with every passage) */
#define ARTICLE_COST_MAX ((size_t)16 << 20)   /* bytes of passage text, with the
					 * title and source of each, at most */
/* Parse decoded UTF-8 text (NUL-terminated, len bytes) into *a.  Returns 0;
 * never fails on content (an article with no passages is possible).  Lines
 * end at LF (a CR before it counts as white space; a text without any LF
 * breaks lines at CR). */
int article_parse(const char *text, size_t len, struct cfs_article *a);
void article_free(struct cfs_article *a);

/* dateline.c: a full date near the top of a text ("MOSCOW, March 12, 2025
 * (Reuters) -", "on 12 March 2025", "2025-03-12"; not "March 12").
 * Returns 0 and *d, or -1. */
int dateline_find(const char *s, size_t len, struct cfs_date *d);
/* Set a's date from d, telling where it came from. */
void article_set_date(struct cfs_article *a, const struct cfs_date *d, enum date_source from);
/* When neither the header nor the text dates a, the file's time does. */
void article_date_from_file(struct cfs_article *a, time_t mtime);

/* passage.c: how a paragraph becomes passages (used by article.c). */
/* One line of a paragraph: text[start, end), trimmed and not empty, on
 * line number line (1-based). */
struct passage_line {
	size_t start, end;
	unsigned line;
};
/* White space, as article.c and passage.c see it (NUL included). */
int passage_space(int c);
/* Could a sentence start at s[0..len)?  A capital, a digit, an opening
 * quote or bracket. */
int passage_sentence_start(const char *s, size_t len);
/* The end of the sentence that starts at s[from] in display text (single
 * spaces): the offset just past its final punctuation and closing quotes,
 * or len; *next gets where the next sentence starts (or len). */
size_t passage_sentence_end(const char *s, size_t len, size_t from, size_t *next);
/* The display text of lines: joined with single spaces, each run of white
 * space made one space.  malloc()ed; *len gets its length. */
char *passage_join(const char *text, const struct passage_line *lines, size_t n,
		   size_t *len);
/* Add to a the passages of the paragraph made of lines, whose display text
 * (from passage_join, taken over and freed) is disp[0..len): one passage,
 * or when longer than PASSAGE_MAX several, cut at sentences, overlapping by
 * a sentence, each with its own line and byte range. */
void passage_add(struct cfs_article *a, const char *text,
		 const struct passage_line *lines, size_t n, char *disp, size_t len);

/* names.c: the people an article names (index/, for quotes.c). */
#define NAMES_MAX 256          /* names remembered per article */
#define NAMES_TOKENS 6         /* words of a name, at most */
/* A word of a text: s[start, end) (a possessive's 's cut off). */
struct nword {
	size_t start, end;
	int cap;        /* starts with a capital */
	int poss;       /* ended in 's */
	int stop;       /* punctuation after it (, ; : . ! ? ( ) or a mark) */
};
struct names {
	struct {
		char *full;             /* "Dmitry Peskov" */
		char *last;             /* "Peskov" */
		char role[24];          /* the role before it, folded ("spokes"), or "" */
	} v[NAMES_MAX];
	size_t n;
};
/* Is w[0..n) in the NULL-terminated list (case aside)? */
int names_in(const char *const *list, const char *w, size_t n);
/* A quotation mark at s[i]: its length (*open: 1 opening, 0 closing, -1
 * straight), else 0.  A dash (en, em, or a spaced hyphen): its length. */
size_t names_mark(const char *s, size_t len, size_t i, int *open);
size_t names_dash(const char *s, size_t len, size_t i);
/* The words of s[from, to), at most max into v; how many. */
size_t names_words(const char *s, size_t from, size_t to, struct nword *v, size_t max);
/* Is the word lit (case aside)?  A particle of a name (de, van)?  A title,
 * role or nationality?  Does w[0..n) look like a person's name? */
int names_is(const char *s, const struct nword *w, const char *lit);
int names_particle(const char *s, const struct nword *w);
int names_is_role(const char *s, const struct nword *w);
int names_personlike(const char *s, const struct nword *w, size_t n);
/* The first word of a capitalised run w[0..n) that is of the name (its
 * titles and roles dropped, its last two capitalised words kept). */
size_t names_strip(const char *s, const struct nword *w, size_t n);
/* Remember the full names in s[0..len). */
void names_collect(struct names *nm, const char *s, size_t len);
/* The fullest name that ends in the words w[0..n), when one person only
 * has it; the one name that a role (a word) was given; else NULL. */
const char *names_resolve(struct names *nm, const char *s, const struct nword *w, size_t n);
const char *names_role(struct names *nm, const char *w, size_t n);
void names_free(struct names *nm);

/* quotes.c: who said what in an article (index/).  Statements: direct
 * quotations with an attribution, and reported speech; the speaker is the
 * article's fullest name for the person, or NULL when none is certain. */
enum { QUOTE_DIRECT = 1, QUOTE_REPORTED = 2 };
struct quote {
	size_t passage;          /* index into the article's passages */
	size_t from, to;         /* the words: [from, to) of its text */
	int kind;                /* QUOTE_DIRECT or QUOTE_REPORTED */
	char *speaker;           /* or NULL */
	char *text;              /* the quoted or reported words */
	int pending;             /* (while reading: the speaker is to come) */
};
struct quotes {
	struct quote *v;
	size_t n, cap;
};
void quotes_find(const struct cfs_article *a, struct quotes *out);
void quotes_free(struct quotes *q);
const char *quotes_kind_name(int kind);
/* Is extraction switched off ($CFSEARCH_NO_STATEMENTS, for measuring)? */
int quotes_disabled(void);

/* lines.c: an article's lines, and the page furniture among them (used by
 * article.c). */
#define LINES_CAP  100000000   /* columns and indents counted, at most */
#define LINES_MAX    1000000   /* lines read, at most (memory bound) */
/* A line that is not blank (blank lines are not kept: a gap between the
 * numbers of two lines is a blank line). */
struct lines_line {
	size_t tstart, tend;    /* the text of the line, white space trimmed */
	unsigned cols;          /* characters in [tstart, tend) (capped) */
	unsigned indent;        /* leading white space, a tab counting 4 (capped) */
	unsigned line;          /* its number, 1-based */
	int gone;               /* page furniture: read as a blank line */
};
struct lines {
	const char *text;
	size_t len;
	struct lines_line *l;
	size_t n;
};
/* Split text into its lines: at '\n' (a '\r' before it is trimmed away
 * with the white space), or at '\r' in a text with no '\n' at all.  0, or
 * -1 when it has more than LINES_MAX lines (the first ones are kept). */
int lines_split(struct lines *ls, const char *text, size_t len);
void lines_free(struct lines *ls);
/* Mark the page furniture of lines [first, n) as gone. */
void lines_furniture(struct lines *ls, size_t first);
/* Is line i gone (page furniture)? */
int lines_blank(const struct lines *ls, size_t i);
/* Does line i + 1 follow line i directly, both kept? */
int lines_follows(const struct lines *ls, size_t i);
/* Does line i end a sentence and line i + 1 start one? */
int lines_sentence_break(const struct lines *ls, size_t i);

/* ---- gzip.c (index/) ---- */
#define CFS_MAX_FILE_BYTES ((size_t)256 << 20)  /* refuse larger (decompressed) */
/* Read a whole file, gunzipping it when it starts with gzip magic (multi-member
 * streams included), refusing more than max bytes of content.  Returns 0 and a
 * malloc()ed NUL-terminated *out, or -1 with a static cause in *why.
 * *was_gzip (may be NULL) says whether it was gunzipped. */
int gzip_read_file(const char *path, size_t max, char **out, size_t *outlen,
		   int *was_gzip, const char **why);
int gzip_inflate(const char *in, size_t len, size_t max, char **out, size_t *outlen,
		 const char **why);

/* ---- walk.c (index/) ---- */
struct stat;
/* Called for each regular file; return non-zero to stop the walk. */
typedef int (*walk_fn)(void *ctx, const char *path, const struct stat *st);
/* Called for each path that could not be read, with the cause. */
typedef void (*walk_err_fn)(void *ctx, const char *path, const char *why);
struct walk_opts {
	const char *const *excludes;  /* patterns (walk_match) */
	size_t nexcludes;
	unsigned long *hits;          /* per pattern: paths it excluded (or NULL) */
	const char *const *roots;     /* every root: a link into one is not followed */
	size_t nroots;
};
/* Walk root (file or directory) depth-first in name order, skipping names
 * starting with '.', database directories (walk_is_database) and paths
 * that an exclude pattern matches; symbolic links are followed, except
 * into a root (what they name is reached there) and round a loop; a file
 * reached twice is given to fn once.  Returns non-zero if fn stopped it. */
int walk(const char *root, const struct walk_opts *o, walk_fn fn, walk_err_fn err,
	 void *ctx);
/* Does the exclude pattern match the path (rel: relative to its root, path:
 * in full)?  gitignore's patterns: a trailing '/' matches directories only;
 * one without a '/' matches a name at any depth; one with a '/' matches from
 * the root ("drafts/old", "/drafts"), '*' and '?' within a component, and a
 * component "**" any number of components; as before, one also matches the
 * full path (an fnmatch glob). */
int walk_match(const char *pattern, const char *rel, const char *path, int is_dir);
/* Is dir a Xapian or cfsearch database directory (iamglass, cfsearch.conf
 * or cfsearch.lock in it)? */
int walk_is_database(const char *dir);
int walk_is_empty_dir(const char *path);

/* ---- lock.c (index/) ---- */
#define LOCK_FILE "cfsearch.lock"
/* Take the indexer's lock in dbdir (creating dbdir).  Waits up to wait_s
 * seconds (0: not at all).  Returns a file descriptor, or -1 with *holder set
 * to the pid holding it (0 if unknown) and errno set. */
int lock_take(const char *dbdir, double wait_s, long *holder);
void lock_release(int fd);

/* ---- path.c (index/) ---- */
/* The absolute form of path, "." and ".." resolved lexically (symbolic
 * links are not resolved): how roots are remembered.  malloc()ed. */
char *path_absolute(const char *path);
/* Is path dir itself or below it (whole components only)? */
int path_under(const char *path, const char *dir);

/* ---- conf.c (index/) ---- */
/* What the database directory remembers (CONF_FILE). */
#define CONF_FILE "cfsearch.conf"
struct conf {
	char **roots;
	size_t nroots;
	char **excludes;
	size_t nexcludes;
	unsigned shard_k, shard_n;
};
/* Load (an absent file is an empty conf) and save (atomically): 0, or -1
 * after saying "DBDIR/cfsearch.conf: cause" (a conf that cannot be read
 * whole is not taken as empty).  Free. */
int conf_load(const char *dbdir, struct conf *c);
int conf_save(const char *dbdir, const struct conf *c);
void conf_free(struct conf *c);
/* Lists of strings: add s when it is not in the list yet, free. */
void conf_list_add(const char *s, char ***arr, size_t *n);
void conf_list_free(char **arr, size_t n);

/* ---- record.c (index/) ---- */
/* A file's record: what the indexer knew of it after its last look (the
 * format is at the top of record.c).  Functions that touch the database
 * return 0, or -1 with the message left in the handle (cfs_wdb_errmsg). */
#define RECORD_INDEXED 'i'
#define RECORD_SKIPPED 's'   /* empty or binary */
#define RECORD_FAILED  'e'   /* could not be read */
struct record {
	char key[17];            /* the article key: a hash of the path, in hex */
	long long mtime_ns;      /* 0: to be hashed again (changed during a run) */
	unsigned long long size;
	uint64_t hash;           /* of the file's bytes */
	unsigned passages;
	char status;             /* RECORD_* */
	long long ctime_ns;      /* RECORD_FAILED: the inode's change time */
	const char *path;        /* borrowed */
};
/* The article key of a path, and the boolean term its passages carry. */
void record_article_key(const char *path, char out[17]);
void record_article_term(const char *key, char out[32]);
/* The record of path (key: its article key) into *r; *found is 0 when there
 * is none (r->path is then path). */
int record_get(cfs_wdb *db, const char *key, const char *path, struct record *r,
	       int *found);
int record_set(cfs_wdb *db, const struct record *r);
/* Delete the passages of the article key (before it is indexed again). */
int record_remove_passages(cfs_wdb *db, const char *key);
/* Delete its passages and its record (a file gone or forgotten). */
int record_remove(cfs_wdb *db, const char *key);
/* The walk: fn for each record, in key order, until it returns non-zero
 * (r and its path are borrowed for the call). */
typedef int (*record_fn)(void *ctx, const struct record *r);
int record_each(cfs_wdb *db, record_fn fn, void *ctx);
/* The records for which want returns non-zero, copied (paths malloc()ed). */
struct record_list {
	struct record *r;
	size_t n;
};
int record_select(cfs_wdb *db, record_fn want, void *ctx, struct record_list *l);
void record_list_free(struct record_list *l);
/* Is any file below dir (or dir itself) recorded?  1 or 0. */
int record_any_under(cfs_wdb *db, const char *dir);
#define META_COUNTS   "counts"    /* "ARTICLES PASSAGES FILES NO_TEXT SKIPPED
				   * FAILED" (before 2026-12: the first two) */
struct record_counts {
	uint64_t files;          /* records */
	uint64_t articles;       /* records with passages: what searches find */
	uint64_t passages;
	uint64_t no_text;        /* read, nothing to index (only a header) */
	uint64_t skipped;        /* empty or binary */
	uint64_t failed;         /* could not be read */
};
int record_count(cfs_wdb *db, struct record_counts *c);
/* Add r to c (sign 1), or take it away (sign -1). */
void record_counts_add(struct record_counts *c, const struct record *r, int sign);
/* Count the records into META_COUNTS (not committed); or write c there. */
int record_save_counts(cfs_wdb *db);
int record_put_counts(cfs_wdb *db, const struct record_counts *c);
/* META_COUNTS's value (NULL: none) into c: how many numbers it held. */
int record_parse_counts(const char *val, struct record_counts *c);

/* ---- dbdir.c (index/) ---- */
/* The database directory holds cfsearch.lock, cfsearch.conf and "index", a
 * symbolic link to the live Xapian database ("index.N"), so that compaction
 * and rebuilds can swap a new one in atomically. */
#define DBDIR_LINK "index"
/* The Xapian database inside a database directory (the link).  malloc()ed. */
char *dbdir_xapian_path(const char *dbdir);
/* The name the link gives the live database ("index.N"), or NULL when there
 * is no link.  malloc()ed. */
char *dbdir_live_name(const char *dbdir);
/* The live database's path, the link resolved, or NULL after saying there
 * is no index in dbdir yet.  malloc()ed. */
char *dbdir_live_path(const char *dbdir);
/* Is there an index in dbdir?  0, or -1 after saying there is none yet
 * (nothing is made). */
int dbdir_require(const char *dbdir);
/* The next unused "index.N" name in dbdir, after the live one.  malloc()ed. */
char *dbdir_next_name(const char *dbdir);
/* Point the link at name (in dbdir), atomically. */
int dbdir_swap(const char *dbdir, const char *name);
/* Remove a directory tree (best effort: -1 if something stayed). */
int dbdir_rmtree(const char *dir);
/* Remove the database name of dbdir, swapped out: its tree, or when name is
 * a link (the index moved to another disk), the link and the tree it names
 * (best effort). */
int dbdir_drop(const char *dbdir, const char *name);
/* Remove what an interrupted build or compaction left in dbdir: every
 * "index.N" or "index.N.partK" but the live one (with the lock held); an
 * "index" that is a directory, not a link, is first moved to an "index.N"
 * and linked. */
void dbdir_clean_stale(const char *dbdir);
/* Take the writers' lock of dbdir (creating dbdir), waiting up to wait_s
 * seconds: a descriptor for lock_release, or -1 after the one message
 * ("DBDIR: another indexer is running (pid N)") with *status the exit
 * status to use (CFS_EXIT_LOCKED, CFS_EXIT_ERROR). */
int dbdir_lock(const char *dbdir, double wait_s, int *status);
/* Open the database of dbdir for writing (with the lock held); with create,
 * a new one when there is none.  -1 after saying why, with *status as for
 * dbdir_lock (Xapian's own lock held: CFS_EXIT_LOCKED). */
int dbdir_open(const char *dbdir, int create, cfs_wdb **db, int *status);
/* Open it for reading.  -1 after saying why. */
int dbdir_open_read(const char *dbdir, cfs_rdb **db);

/* ---- indexer.c (index/) ---- */
struct index_opts {
	const char *db;
	const char *const *paths;     /* roots given on the command line */
	size_t npaths;
	const char **excludes;        /* added to the remembered ones */
	size_t nexcludes;
	int verbose;                  /* -v */
	int quiet;                    /* --quiet */
	int progress;                 /* progress line on stderr (a terminal) */
	double wait_s;                /* --wait */
	int retry_failed;
	int rebuild;
	unsigned batch_files;         /* files per commit */
	unsigned shard_k, shard_n;    /* --shard K/N (N 0: not given) */
	unsigned jobs;                /* processes for a full build (0: one a CPU, up to 4) */
};
/* The command index: its exit status. */
int indexer_run(const struct index_opts *o);
/* Read and parse one article file as the indexer does.  Returns 0, 1 when the
 * file is skipped (empty or binary; *why says so) or -1 when it cannot be
 * read (*why).  *note gets an encoding note or NULL. */
int indexer_read(const char *path, struct cfs_article *a, const char **why,
		 const char **note);

/* ---- run.c (index/) ---- */
/* One pass over roots into one database (used by indexer.c for an update,
 * by each worker of build.c for a full build). */
#define RUN_NOTES 7               /* kinds of routine notices (run.c) */
struct run_counts {               /* what a run did, file by file */
	uint64_t added, updated, removed, unchanged, failed, skipped, files;
	uint64_t notes[RUN_NOTES];    /* routine notices, by kind */
};
struct run_tally {                /* progress: files looked at, added, updated */
	uint64_t files, added, updated;
};
struct run_seen {                 /* hashes of the paths walked */
	uint64_t *h;
	size_t n, cap;
};
struct run {
	const struct index_opts *o;
	cfs_wdb *db;                  /* opened by the caller, closed by run_close */
	double start;                 /* now_seconds() at the start */
	double waited;                /* seconds of it spent waiting for the lock */
	long long start_ns;           /* the clock, for trusting mtimes */
	unsigned shard_k, shard_n;    /* index only shard K of N (1-based); N 0: all */
	unsigned worker, nworkers;    /* a parallel build's worker: files hashing to it */
	int progress_off;             /* another process shows the progress */
	struct run_tally *tally;      /* a worker's, shared with the parent (or NULL) */
	char *const *known;           /* every remembered root, with sweep_orphans: */
	size_t nknown;
	int sweep_orphans;            /* remove the articles below none of them */
	struct run_counts n;
	int fatal;                    /* a database error (said): stop */
	/* run.c's own */
	struct run_seen seen;
	char **bad_dirs;              /* paths that could not be read */
	size_t nbad_dirs;
	unsigned pending;             /* files changed since the last commit */
	uint64_t expected;            /* files known before the run, for progress */
	double last_progress;
	const char *cur_root;         /* the root being walked */
	struct record_counts counts;  /* the records' counts, kept up to date */
	struct buf doc;
};
#define META_LASTRUN  "lastrun"   /* "START SECONDS OUTCOME SUMMARY", by run_summary;
				   * "START 0 unfinished" while a run is under way */
#define META_LASTCOUNTS "lastcounts" /* "ADDED UPDATED REMOVED UNCHANGED SKIPPED FAILED" */
/* Start a run now (the caller sets the shard). */
void run_init(struct run *r, const struct index_opts *o);
void run_free(struct run *r);
/* Walk the roots (additions and updates), then sweep the files gone from
 * those walked to the end (and with r->sweep_orphans, those below no
 * remembered root), and commit.  A root that is missing, or empty
 * while files under it are recorded (a disk not mounted), keeps its
 * articles and counts as failed.  Errors are said; r->fatal stops it. */
void run_roots(struct run *r, char **roots, size_t nroots, char **excludes,
	       size_t nexcludes);
/* How many files a run over roots would look at (in its shard), for the
 * progress of a full build; stops early on a signal. */
uint64_t run_count_files(struct run *r, char **roots, size_t nroots, char **excludes,
			 size_t nexcludes);
/* The summary line on stderr, also kept (with the counts) in the database,
 * committed. */
void run_summary(struct run *r);
/* The exit status of the run: CFS_EXIT_ERROR, _SIGINT, _SIGTERM, _PARTIAL
 * or _OK. */
int run_status(const struct run *r);
/* Close r->db; -1 after saying it failed. */
int run_close(struct run *r);
void run_counts_add(struct run_counts *to, const struct run_counts *c);
/* SIGINT and SIGTERM are caught from run_catch_signals to
 * run_restore_signals (no SA_RESTART: a blocked read returns EINTR; not
 * nested); run_signal is the one caught (0: none), run_note_signal notes
 * one that another process caught. */
void run_catch_signals(void);
void run_restore_signals(void);
int run_signal(void);
void run_note_signal(int sig);

/* ---- progress.c (index/) ---- */
/* The progress line on stderr (r->o->progress: a terminal) for t of total
 * files (0: not known yet), cut to the terminal's width; at most every
 * 0.2 s, except the final one. */
void progress_show(struct run *r, const struct run_tally *t, uint64_t total, int final);

/* ---- build.c (index/) ---- */
/* A full build into DBDIR/name by nworkers processes, each indexing the
 * files that hash to it into a part of its own, merged at the end.  Returns
 * 0 with r->db open on the new database, its summary said and committed
 * (r->n sums the workers'), or -1 when nothing usable was built. */
int build_full(struct run *r, const char *name, char **roots, size_t nroots,
	       char **excludes, size_t nexcludes, unsigned nworkers);

/* ---- admin.c (index/) ---- */
/* The commands status, roots, forget and compact: each returns its exit
 * status. */
int admin_status(const char *dbdir, int json);
int admin_roots(const char *dbdir);
/* forget: the roots paths[0..n) and their articles, the exclude patterns
 * ex[0..nex). */
int admin_forget(const char *dbdir, const char *const *paths, size_t n,
		 const char *const *ex, size_t nex, double wait_s);
int admin_compact(const char *dbdir, double wait_s);

/* ---- docdata.c (src/) ---- */
/* The document data stored with each passage. */
#define DOCDATA_FIELDS 8
#define DOCDATA_QUOTES 32   /* statements kept with a passage, at most */
struct docdata {
	const char *path;
	const char *title;
	int title_derived;
	const char *date;       /* ISO or NULL */
	int date_source;        /* enum date_source */
	const char *source;     /* or NULL */
	struct {                /* the article's header fields but title and
				 * source (fields.c names them) */
		const char *name, *value;
	} fields[DOCDATA_FIELDS];
	size_t nfields;
	struct {                /* the statements made in the passage */
		char kind;              /* 'd' direct, 'r' reported */
		const char *speaker;    /* or NULL */
		size_t from, to;        /* the words: text[from, to) */
	} quotes[DOCDATA_QUOTES];
	size_t nquotes;
	unsigned passage_no;
	unsigned line_start, line_end;
	size_t byte_start, byte_end;
	const char *text;
	size_t text_len;
};
void docdata_encode(const struct docdata *d, struct buf *out);
/* "header", "text", "file", or NULL for no date. */
const char *docdata_date_source(int source);
/* Decode in place into d (pointers into a private copy held in *store,
 * malloc()ed; free it when done).  Returns 0, or -1 if malformed. */
int docdata_decode(const char *data, size_t len, struct docdata *d, char **store);

/* ---- variants.c (src/) ---- */
struct variants;
/* Load the built-in list, then each of paths: the first optional of them
 * may be absent (the user's usual file); any other that cannot be read,
 * and a line of a file that is no group, are warned about. */
struct variants *variants_load(const char *const *paths, size_t npaths, size_t optional);
void variants_free(struct variants *v);
const char *const *variants_lookup(void *v, const char *word);
size_t variants_count(const struct variants *v);

/* ---- suggest.c (src/) ---- */
struct plan_word;
/* Say, on standard error, the closest indexed word to each of the n words
 * the index does not hold (at most five lines; with debug, also those
 * with none close). */
void suggest_print(cfs_rdb *db, const struct plan_word *u, size_t n, int debug);

/* ---- feedback.c (src/) ---- */
struct planned;
/* Add to pl's query the terms that set its best passages apart, each
 * weighing at most weight times a query word (see feedback.c).  Returns
 * 0, or -1 when the database failed (cfs_rdb_errmsg says why). */
int feedback_expand(struct planned *pl, cfs_rdb *db, double weight, int debug);

/* ---- exact.c (src/) ---- */
struct query_quote;
/* Quoted words as written: how many of a query's quoted parts a passage's
 * text holds word for word (case, apostrophes and name variants aside). */
struct exact {
	struct variants *vars;        /* or NULL */
	struct words words;
	struct buf text;              /* the text's words, each NUL-ended */
	size_t *offs;
	size_t cap;
};
void exact_init(struct exact *e, struct variants *vars);
void exact_free(struct exact *e);
unsigned exact_count(struct exact *e, const struct query_quote *qq, size_t nq, const char *text,
		     size_t len);

/* ---- fields.c (src/) ---- */
/* A field of an article: its name in queries and output, its term prefix,
 * the header keys that fill it (case does not matter). */
struct field {
	const char *name;
	const char *prefix;
	int positions;          /* indexed with positions: phrases and NEAR work */
	const char *keys[5];
};
/* Every field, ending with a NULL name. */
const struct field *field_all(void);
/* The field a query names (name[0..n), or an alias: by, tags), or NULL. */
const struct field *field_named(const char *name, size_t n);
/* The field a header key fills ("Places": places), or NULL. */
const struct field *field_of_header(const char *key);
/* The field of a term prefix, or NULL (the text's ""). */
const struct field *field_of_prefix(const char *prefix);

/* ---- query.c (src/) ---- */
/* A query read (cfsearch-query(7)): a tree of cfs_qnode and what it owns. */
struct query;
/* Read s (now: for relative dates).  NULL with a one-line message in *err
 * (malloc()ed) when it cannot be read as written: what was not understood
 * and how to write it. */
struct query *query_parse(const char *s, time_t now, char **err);
void query_free(struct query *q);
const cfs_qnode *query_root(const struct query *q);
void query_set_root(struct query *q, cfs_qnode *root);
/* A quoted part of a query (a word or a phrase in the text, not under
 * NOT): its words, lowercased, as words.c splits them. */
struct query_quote {
	const char **words;
	size_t n;
};
const struct query_quote *query_quotes(const struct query *q, size_t *n);
/* Is the query a plain list of words, phrases and fields (no operators,
 * brackets, signs or NEAR)?  Such a list ranks passages with all of its
 * parts first; its root is an OR of them (of one, or more). */
int query_is_plain(const struct query *q);
/* How many words it holds (in every field, before variants). */
size_t query_nwords(const struct query *q);
/* Its date: ranges (DATE nodes), which filter the whole query. */
cfs_qnode *const *query_filters(const struct query *q, size_t *n);
/* Nodes and strings that live as long as q. */
void *query_alloc(struct query *q, size_t n);
char *query_strdup(struct query *q, const char *s, size_t len);
cfs_qnode *query_node(struct query *q, cfs_qop op, size_t nkids);
cfs_qnode *query_term(struct query *q, const char *prefix, const char *word, size_t len);
/* A node of op over v[0..n) (or v[0] itself when n is 1 and op is not
 * positional). */
cfs_qnode *query_join(struct query *q, cfs_qop op, cfs_qnode *const *v, size_t n);

/* ---- expand.c (src/) ---- */
struct expand {
	cfs_rdb *db;                  /* wildcards are expanded against it */
	struct variants *variants;    /* NULL: no name variants */
	unsigned wildcard_limit;      /* terms a wildcard stands for, at most */
	int failed;                   /* the database could not be read */
};
/* Name variants and wildcards, in place.  Returns 0, or -1 when the
 * database failed (cfs_rdb_errmsg says why). */
int expand_query(struct query *q, struct expand *e);

/* ---- plan.c (src/) ---- */
struct plan_opts {
	time_t now;                   /* for relative dates */
	int no_tiers, no_boosts;      /* --rank=plain */
	int sort_date;
	int all_words;                /* --all-words: passages with every part only */
	double title_weight;
	double fields_weight;         /* of the header fields' words (0: none) */
	const char *since, *until;    /* YYYYMMDD or NULL */
};
struct plan {
	cfs_query_opts q;             /* what cfs_search runs (the rest is the caller's) */
	size_t nparts;                /* parts of a plain query (words, phrases) */
	size_t nmissing;              /* of them, those the index does not hold */
	char *parts;                  /* their words, for a message (malloc()ed) */
	char **stems;                 /* terms to highlight (stems), sorted,
				       * NULL-terminated */
	size_t nstems;
};
/* Cut an expanded query into what cfs_search runs (tiers, boosts, title,
 * filters) and the stems to highlight.  Returns 0, or -1 when the database
 * failed. */
int plan_make(struct query *q, cfs_rdb *db, const struct plan_opts *po, struct plan *p);
void plan_free(struct plan *p);
/* A word of a query and the field it is looked for in. */
struct plan_word {
	char *word;
	char *prefix;
};
/* The words of q (call it before expand_query) that the index holds in
 * no form, nor through a name variant: malloc()ed, *n of them. */
struct plan_word *plan_unknown(const struct query *q, cfs_rdb *db, struct variants *vars,
			       size_t *n);
void plan_words_free(struct plan_word *v, size_t n);
/* A query read and made ready to run. */
struct planned {
	struct query *query;
	struct plan plan;             /* plan.q: what cfs_search runs */
	struct plan_word *unknown;    /* words the index does not hold */
	size_t nunknown;
};
/* All of the above for the query q (read by query_parse; p takes it
 * over) over db: note the words the index does not hold, expand variants
 * (vars may be NULL) and wildcards, plan.  Returns 0, or -1 when the
 * database failed (cfs_rdb_errmsg). */
int plan_query(struct query *q, cfs_rdb *db, struct variants *vars, unsigned wildcard_limit,
	       const struct plan_opts *po, struct planned *p);
void plan_query_free(struct planned *p);

/* ---- pager.c (src/) ---- */
/* Where text output goes: when wanted and standard output is a terminal,
 * a pager (cmd, else $CFSEARCH_PAGER, $PAGER, less -FRX); else stdout. */
FILE *pager_start(int wanted, const char *cmd);
/* Close the pager (after it quits); returns 0. */
int pager_end(FILE *f);
/* The terminal's width (80 when standard output is no terminal). */
size_t pager_width(void);

/* ---- snippet.c (src/) ---- */
#define SNIPPET_MAX_LINES 8
/* A snippet: lines of a passage, as byte ranges of its text. */
struct snippet {
	struct { size_t start, end; } line[SNIPPET_MAX_LINES];
	size_t n;
	int cut_start, cut_end;       /* text left out before, after */
};
/* The best window of text around its matches m (nm start/end pairs),
 * wrapped at spaces into at most maxlines lines of width characters. */
void snippet_lines(const char *text, size_t len, const size_t *m, size_t nm, size_t width,
		   size_t maxlines, struct snippet *out);
/* The number of characters of s[0..len). */
size_t snippet_width(const char *s, size_t len);
/* Where the line of text that starts at from ends, wrapped at a space to
 * at most width characters (a word longer than that is cut). */
size_t snippet_wrap(const char *text, size_t len, size_t from, size_t width);

/* ---- json.c (src/) ---- */
/* A JSON writer: values, keys, objects and arrays; the commas between
 * them are its business.  An outermost object or array ends its line. */
struct json {
	FILE *f;
	int depth;
	int after_key;
	char kind[32];          /* '{' or '[' of each open level */
	unsigned count[32];     /* values written at each level */
};
void json_init(struct json *j, FILE *f);
void json_open(struct json *j, char kind);   /* '{' or '[' */
void json_close(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s, size_t len);   /* NULL: null */
void json_cstr(struct json *j, const char *s);              /* NULL: null */
void json_uint(struct json *j, uint64_t v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* s as a JSON string (quotes included); invalid UTF-8 becomes U+FFFD. */
void json_write_string(FILE *f, const char *s, size_t len);

/* ---- fold.c (src/) ---- */
/* Near-duplicate passages of different articles, folded: add the hits in
 * rank order; each is compared only with the earlier ones that may be
 * the same. */
struct fold;
struct fold *fold_new(void);
/* Add the next hit; returns the number (from 0, in the order added) of
 * the earlier hit it is the same as, or -1 when it stands for itself. */
long fold_add(struct fold *f, const char *text, size_t len, const char *article);
void fold_free(struct fold *f);
/* The key of a text for exact duplicates: a hash of its words in order
 * (case and punctuation do not count); 0 when it has none. */
uint64_t fold_exact_key(struct words *w, const char *text, size_t len);

/* ---- search.c (src/) ---- */
struct search_opts {
	const char **dbs;
	size_t ndbs;
	const char *query;
	unsigned limit;
	unsigned offset;
	int json;
	int color;
	double k1, b;
	double title_weight;
	double fields_weight;
	int rank_plain;              /* --rank=plain: BM25 alone */
	unsigned per_article;
	const char *since, *until;   /* YYYYMMDD */
	int sort_date;
	int sort_oldest;             /* with sort_date: oldest first */
	int partial;
	unsigned timeout_ms;
	int debug;
	int no_variants;
	int no_expand;               /* --no-expand: no feedback terms */
	int no_dedup;
	int all_words;               /* --all-words */
	int full;                    /* --full: whole passages */
	int vimgrep;                 /* --vimgrep: path:line:column:text */
	int files;                   /* -l: one path per matching article */
	int count;                   /* --count: the totals only */
	int pager;                   /* page text output on a terminal */
	const char *pager_cmd;       /* --pager (NULL: the environment's) */
	int totals;                  /* a line of totals after the hits */
	size_t width;                /* of text output */
	int statements;              /* 1: quotes, 2: speakers (statements.c) */
	int timeline;                /* --timeline, timeline (timeline.c) */
	int timeline_by;             /* --by (-1: from the span) */
	const char *speaker;         /* quotes --speaker NAME */
};
int search_run(const struct search_opts *o);
/* The Xapian database for a --db argument.  malloc()ed. */
char *search_db_path(const char *arg);

/* ---- output.c (src/) ---- */
/* Write s[0..len) with control characters made visible and invalid UTF-8
 * replaced, so article text never reaches a terminal raw. */
void output_text(FILE *f, const char *s, size_t len);
struct highlighter;
/* Matches the query's words as written or stemmed (English). */
struct highlighter *output_highlighter_new(const char *const *words);
void output_highlighter_free(struct highlighter *h);
/* The byte ranges of text's words that match: *out (malloc()ed) holds
 * start,end pairs; returns how many ranges. */
size_t output_matches(const struct highlighter *h, const char *text, size_t len,
		      size_t **out);
/* A window of about width bytes around the first match (m: nm offsets). */
void output_snippet(const char *text, size_t len, const size_t *m, size_t nm,
		    size_t width, struct buf *out);
void output_highlighted(FILE *f, const char *text, size_t len, const size_t *m,
			size_t nm, int color);
struct output_hit {
	unsigned rank;
	double score;
	int all_words;                /* the passage holds every part of the query */
	uint64_t more;                /* its article's passages the cap left out */
	const struct docdata *d;
	const struct docdata **also;  /* near-duplicates in other articles */
	size_t nalso;
};
/* How text output looks. */
struct output_style {
	int color;
	size_t width;                 /* columns (80 when not a terminal) */
	unsigned lines;               /* of a snippet (0: 3) */
	int full;                     /* whole passages, not snippets */
};
void output_hit_text(FILE *f, const struct output_hit *hit, const struct highlighter *h,
		     const struct output_style *st);
/* path:line:column:text, the text a snippet on one line (vim -q, fzf). */
void output_hit_vimgrep(FILE *f, const struct output_hit *hit, const struct highlighter *h);
void output_hit_json(FILE *f, const struct output_hit *hit, const struct highlighter *h);
/* A title made from the first sentence is kept cut (at 80 bytes, with
 * "\u2026"): the whole sentence, from text (the article's first passage),
 * malloc()ed; NULL when the title is not cut or text does not start with
 * it. */
char *output_title_whole(const char *title, const char *text, size_t len);

/* ---- statements.c (src/) ---- */
/* The statements quotes.c finds in a, for show (text, and JSON members). */
void statements_show(FILE *f, const struct cfs_article *a);
void statements_json(struct json *j, const struct cfs_article *a);
/* The boolean term of every passage holding a statement (run.c), under
 * CFS_PREFIX_SPEAKER. */
#define STATEMENTS_TERM "#"
/* filter (may be NULL) and: the passage holds a statement. */
const cfs_qnode *statements_filter(struct query *q, const cfs_qnode *filter);
/* cfsearch quotes and cfsearch speakers. */
struct statements_opts {
	int speakers;                 /* speakers: who, with counts */
	const char *speaker;          /* --speaker NAME: theirs only */
	struct variants *variants;    /* for NAME (may be NULL) */
	int json, color;
	unsigned limit, offset;
};
/* The query for quotes --speaker NAME QUERY: NAME's words in the speaker
 * field, and the query.  malloc()ed. */
char *statements_query(const char *speaker, const char *query);
/* The statements of the passages d[0..n) (in rank order, score[i] each)
 * or, for speakers, their speakers; returns how many were shown. */
unsigned statements_list(FILE *f, const struct statements_opts *so,
			 const struct docdata *const *d, const double *score, size_t n);

/* ---- timeline.c (src/) ---- */
struct timeline_opts {
	int by;                       /* 0 day, 1 week, 2 month; -1: from the span */
	int json;
	size_t width;                 /* of the chart */
	int pager;
	const char *pager_cmd;
};
/* "day", "week", "month": 0, 1, 2; else -1. */
int timeline_by(const char *s);
/* Count the passages (and articles) that q matches in db per period and
 * print the chart or, with json, the periods.  Returns the exit status. */
int timeline_run(const struct timeline_opts *to, cfs_rdb *db, const cfs_query_opts *q);

/* ---- config.c (src/) ---- */
/* The user's defaults: options, one a line of the file, as written. */
struct config {
	char *path;
	char **opts;
	unsigned *lines;              /* where each is in the file */
	size_t n;
};
/* $CFSEARCH_CONFIG, else $XDG_CONFIG_HOME/cfsearch/config, else
 * ~/.config/cfsearch/config (NULL when none can be made).  malloc()ed. */
char *config_path(void);
/* Read the file (none at the usual place is no error).  Returns 0, or -1
 * after a message naming it. */
int config_read(struct config *c);
void config_free(struct config *c);

/* ---- args.c (src/) ---- */
/* An option: its long name, short letter (or 0), whether it takes a
 * value, the commands it applies to (bit i: args_command_name(i)). */
struct arg_opt {
	const char *name;
	char short_name;
	int takes_value;
	unsigned commands;
	int id;
};
struct args {
	unsigned cmd;                 /* the command (0: search) */
	int cmd_at;                   /* its place in argv (0: not named) */
	struct {
		const struct arg_opt *opt;
		const char *value;        /* NULL for a flag */
		const char *written;      /* as given */
		int from_config;          /* a default of the user's */
	} *opts;
	size_t nopts;
	char **words;                 /* the rest, in order */
	size_t nwords;
};
/* Read argv (argv[0] is the program) against table: the command is the
 * first word that is not an option; options may come anywhere, "--" ends
 * them.  Returns 0, or -1 after one line on stderr. */
int args_parse(const struct arg_opt *table, int argc, char **argv, struct args *a);
/* Add the user's defaults (config_read) that apply to a's command before
 * its options.  Returns 0, or -1 after a message naming the file and line
 * of an option that is unknown or takes no value given. */
int args_defaults(const struct arg_opt *table, const struct config *c, struct args *a);
void args_free(struct args *a);
/* The number of a command's name ("index": 1), or -1. */
int args_command(const char *name);
const char *args_command_name(unsigned cmd);

/* ---- cli.c (src/) ---- */
int cli_main(int argc, char **argv);
/* The database directory: --db, else $CFSEARCH_DB, else
 * $XDG_DATA_HOME/cfsearch, else ~/.local/share/cfsearch.  malloc()ed. */
char *cli_default_db(void);

#endif
