/* test_util.c: util, docdata, variants, gzip, walk, lock, output. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "cfsearch.h"
#include "tap.h"

static char tmpdir[256];

static void
write_file(const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	free(path);
}

/* gzip-compress data[0..len) into a malloc()ed buffer */
static char *
gz(const char *data, size_t len, size_t *outlen)
{
	z_stream zs;
	size_t cap = len + 1024;
	char *out = xmalloc(cap);
	memset(&zs, 0, sizeof zs);
	deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)cap;
	deflate(&zs, Z_FINISH);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

static void
test_buf(void)
{
	struct buf b;
	char n[32];
	buf_init(&b);
	buf_adds(&b, "abc");
	buf_printf(&b, "-%d-", 42);
	buf_addc(&b, 'z');
	is_str(b.s, "abc-42-z", "buf: add, printf, addc");
	buf_reset(&b);
	is_int(b.len, 0, "buf: reset");
	buf_free(&b);
	fmt_count(n, sizeof n, 21562);
	is_str(n, "21,562", "fmt_count groups thousands");
	fmt_count(n, sizeof n, 999);
	is_str(n, "999", "fmt_count: no comma under 1000");
	ok(hash64("a", 1, 0) != hash64("b", 1, 0), "hash64 differs for different input");
	is_int(hash64("abc", 3, 0) == hash64("abc", 3, 0), 1, "hash64 is deterministic");
	char hex[17];
	hex64(0x0123456789abcdefULL, hex);
	is_str(hex, "0123456789abcdef", "hex64");
}

static void
test_docdata(void)
{
	struct docdata d = {
		.path = "/a/b.txt", .title = "Talks\nresume", .title_derived = 1,
		.date = "2025-03-11", .source = "Harbor Wire", .passage_no = 3,
		.line_start = 9, .line_end = 12, .byte_start = 100, .byte_end = 250,
		.text = "line one\nline two", .text_len = 17,
	}, e;
	struct buf b;
	char *store;
	buf_init(&b);
	docdata_encode(&d, &b);
	is_int(docdata_decode(b.s, b.len, &e, &store), 0, "docdata round trip decodes");
	is_str(e.path, "/a/b.txt", "docdata: path");
	is_str(e.title, "Talks resume", "docdata: a newline in a field becomes a space");
	is_int(e.title_derived, 1, "docdata: title_derived");
	is_str(e.date, "2025-03-11", "docdata: date");
	is_str(e.source, "Harbor Wire", "docdata: source");
	is_int(e.passage_no, 3, "docdata: passage number");
	is_int(e.line_start, 9, "docdata: line_start");
	is_int(e.line_end, 12, "docdata: line_end");
	is_int((long long)e.byte_start, 100, "docdata: byte_start");
	is_int((long long)e.byte_end, 250, "docdata: byte_end");
	ok(e.text_len == 17 && memcmp(e.text, "line one\nline two", 17) == 0,
	   "docdata: the text keeps its newline");
	free(store);
	is_int(docdata_decode("garbage", 7, &e, &store), -1, "docdata: malformed data fails");
	free(store);

	/* a path is exact, whatever bytes it holds */
	static const char *const paths[] = {
		"/a/new\nline.txt", "/a/back\\slash\\n.txt", "/a/cr\r.txt", "/a/end\\",
	};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		d.path = paths[i];
		buf_reset(&b);
		docdata_encode(&d, &b);
		ok(docdata_decode(b.s, b.len, &e, &store) == 0 && strcmp(e.path, paths[i]) == 0,
		   "docdata: path %zu comes back exactly", i);
		ok(e.text_len == 17 && strcmp(e.title, "Talks resume") == 0,
		   "docdata: and the rest with it (%zu)", i);
		free(store);
	}
	/* an index written before the escapes: a p= path is taken as it is */
	is_int(docdata_decode("p=/a/b\\n.txt\n\ntext", 18, &e, &store), 0,
	       "docdata: an old record decodes");
	is_str(e.path, "/a/b\\n.txt", "docdata: an old record's backslash is kept");
	free(store);
	buf_free(&b);

	/* the duplicate key: words and their order count, case and
	 * punctuation do not */
	const char *t1 = "Talks resume, in \"Geneva\".", *t2 = "talks  RESUME in Geneva";
	struct words w;
	words_init(&w, "", 0);
	ok(fold_exact_key(&w, t1, strlen(t1)) == fold_exact_key(&w, t2, strlen(t2)),
	   "dupkey: case, spacing and punctuation do not count");
	ok(fold_exact_key(&w, t1, strlen(t1)) != fold_exact_key(&w, "talks resume in Vienna", 22),
	   "dupkey: another word makes another key");
	ok(fold_exact_key(&w, "in talks resume", 15) != fold_exact_key(&w, "talks resume in", 15),
	   "dupkey: so does another order");
	ok(fold_exact_key(&w, "...", 3) == 0 && fold_exact_key(&w, "", 0) == 0,
	   "dupkey: no words, 0");
	words_free(&w);
}

static void
test_variants(void)
{
	char *path = xasprintf("%s/variants.txt", tmpdir);
	const char *paths[2] = { path, "/nonexistent/variants.txt" };
	FILE *f = fopen(path, "w");
	fputs("# a comment\nZelenskyy | Zelenskyj   # new spelling joins the group\n"
	      "foo | bar\n\nlonely\n\xd0\x97\xd0\x95\xd0\x9b\xd0\x95\xd0\x9d\xd0\xa1\xd0\x9a\xd0\x98\xd0\x99 | "
	      "\xd0\x97\xd0\xb5\xd0\xbb\xd0\xb5\xd0\xbd\xd1\x81\xd1\x8c\xd0\xba\xd0\xb8\xd0\xb9\n", f);
	fclose(f);
	struct variants *v = variants_load(paths, 2, 2);
	const char *const *g = variants_lookup(v, "zelensky");
	int n = 0, has_kiev = 0, has_new = 0;
	for (; g && g[n]; n++)
		has_new |= strcmp(g[n], "zelenskyj") == 0;
	ok(g != NULL && n >= 4, "built-in group for zelensky");
	ok(has_new, "a user file extends a built-in group");
	g = variants_lookup(v, "kyiv");
	for (int i = 0; g && g[i]; i++)
		has_kiev |= strcmp(g[i], "kiev") == 0;
	ok(has_kiev, "kyiv and kiev are one group");
	g = variants_lookup(v, "bar");
	ok(g && g[0] && g[1] && !g[2], "a new group from a user file");
	ok(variants_lookup(v, "lonely") == NULL, "a line with one spelling is no group");
	ok(variants_lookup(v, "ceasefire") == NULL, "ordinary words have no variants");
	/* "ЗЕЛЕНСКИЙ | Зеленський" in the file, looked up as words.c lowercases */
	g = variants_lookup(v, "\xd0\xb7\xd0\xb5\xd0\xbb\xd0\xb5\xd0\xbd\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9");
	ok(g && g[0] && g[1], "a Cyrillic spelling is matched whatever its case");
	g = variants_lookup(v, "kiev's");
	has_kiev = 0;
	for (int i = 0; g && g[i]; i++)
		has_kiev |= strcmp(g[i], "kyiv") == 0;
	ok(has_kiev, "a possessive has its name's variants (kiev's: kyiv)");
	int same = 0;
	for (const char *const *names = (const char *const[]){ "vladimir", "dmitry", "alexander",
	     NULL }; *names; names++) {
		g = variants_lookup(v, *names);
		for (int i = 0; g && g[i]; i++)
			same |= strcmp(g[i], "volodymyr") == 0 || strcmp(g[i], "dmytro") == 0 ||
			    strcmp(g[i], "oleksandr") == 0;
	}
	ok(!same, "Russian and Ukrainian given names are different people's");
	ok(variants_count(v) >= 50, "the built-in list has several dozen groups");
	variants_free(v);
	free(path);
}

static void
test_gzip(void)
{
	const char *text = "Title: One\n\nBody text.\n";
	size_t n1, n2, len;
	char *a = gz(text, strlen(text), &n1), *b = gz("Second member.\n", 15, &n2);
	char *both = xmalloc(n1 + n2), *out;
	const char *why;
	int was;

	memcpy(both, a, n1);
	memcpy(both + n1, b, n2);
	is_int(gzip_inflate(a, n1, 1000, &out, &len, &why), 0, "gzip: one member");
	ok(len == strlen(text) && memcmp(out, text, len) == 0, "gzip: content");
	free(out);
	is_int(gzip_inflate(both, n1 + n2, 1000, &out, &len, &why), 0, "gzip: two members");
	ok(len == strlen(text) + 15, "gzip: both members' content");
	free(out);
	is_int(gzip_inflate(a, n1 / 2, 1000, &out, &len, &why), -1, "gzip: truncated fails");
	a[n1 / 2] ^= 0x55;
	a[n1 / 2 + 1] ^= 0x55;
	is_int(gzip_inflate(a, n1, 1000, &out, &len, &why), -1, "gzip: corrupt fails");
	/* a bomb: 10 MB of zeros refused at a 1 MB limit */
	char *zeros = xcalloc(10 << 20, 1);
	char *bomb = gz(zeros, 10 << 20, &n1);
	is_int(gzip_inflate(bomb, n1, 1 << 20, &out, &len, &why), -1,
	       "gzip: a bomb is refused past the limit");
	ok(why && strstr(why, "limit"), "gzip: the cause says so (%s)", why ? why : "");
	free(bomb);
	free(zeros);

	/* files: magic bytes, not names */
	write_file("plain.gz", text, strlen(text));
	char *p = xasprintf("%s/packed.txt", tmpdir);
	FILE *f = fopen(p, "wb");
	fwrite(b, 1, n2, f);
	fclose(f);
	is_int(gzip_read_file(p, 1000, &out, &len, &was, &why), 0, "gzip_read_file: gzip by magic");
	ok(was && len == 15, "gzip_read_file: a .txt holding gzip is decompressed");
	free(out);
	free(p);
	p = xasprintf("%s/plain.gz", tmpdir);
	is_int(gzip_read_file(p, 1000, &out, &len, &was, &why), 0, "gzip_read_file: plain text");
	ok(!was && len == strlen(text), "gzip_read_file: a .gz name holding text is read as is");
	free(out);
	is_int(gzip_read_file(p, 5, &out, &len, &was, &why), -1, "gzip_read_file: size limit");
	free(p);
	is_int(gzip_read_file("/nonexistent/x", 1000, &out, &len, &was, &why), -1,
	       "gzip_read_file: missing file");
	ok(why && strstr(why, "No such file"), "gzip_read_file: cause from errno");
	free(a);
	free(b);
	free(both);
}

struct walked {
	struct buf paths;
	struct buf errors;
};

static int
walked_file(void *ctx, const char *path, const struct stat *st)
{
	struct walked *w = ctx;
	(void)st;
	buf_adds(&w->paths, path + strlen(tmpdir));
	buf_addc(&w->paths, ' ');
	return 0;
}

static void
walked_error(void *ctx, const char *path, const char *why)
{
	struct walked *w = ctx;
	buf_printf(&w->errors, "%s: %s\n", path + strlen(tmpdir), why);
}

static void
test_walk(void)
{
	char *d = xasprintf("%s/tree", tmpdir);
	char *cmd = xasprintf("mkdir -p %s/b %s/a/c %s/.hidden && touch %s/b/2.txt %s/a/1.txt "
			      "%s/a/c/3.txt %s/skip.log %s/.hidden/x %s/.dot && "
			      "ln -s .. %s/a/c/loop", d, d, d, d, d, d, d, d, d, d);
	struct walked w;
	const char *ex[1] = { "*.log" };
	const char *roots[1] = { d };
	struct walk_opts wo = { ex, 1, NULL, roots, 1 };
	ok(system(cmd) == 0, "walk: make a tree");
	buf_init(&w.paths);
	buf_init(&w.errors);
	walk(d, &wo, walked_file, walked_error, &w);
	is_str(w.paths.s, "/tree/a/1.txt /tree/a/c/3.txt /tree/b/2.txt ",
	       "walk: name order, hidden and excluded skipped");
	ok(w.errors.s == NULL || w.errors.s[0] == '\0',
	   "walk: a link into the root is not followed (what it names is reached there)");
	buf_free(&w.paths);
	buf_free(&w.errors);
	/* the same link from a root below it leads out of the root, and back */
	char *c = xasprintf("%s/a/c", d);
	roots[0] = c;
	walk(c, &wo, walked_file, walked_error, &w);
	ok(w.errors.s && strstr(w.errors.s, "loop/c: symbolic link loop"),
	   "walk: a symlink loop is reported, not followed forever");
	buf_free(&w.paths);
	buf_free(&w.errors);
	free(c);
	free(cmd);
	free(d);
}

static void
test_walk_match(void)
{
	static const struct {
		const char *pat, *rel;
		int dir, want;
	} t[] = {
		{ "drafts/", "news/drafts", 1, 1 },        /* a directory at any depth */
		{ "drafts/", "news/drafts", 0, 0 },        /* not a file */
		{ "drafts", "news/drafts", 0, 1 },
		{ "corpora/drafts", "corpora/drafts", 1, 1 },
		{ "corpora/drafts", "x/corpora/drafts", 1, 0 },   /* from the root */
		{ "/corpora", "corpora", 1, 1 },
		{ "/corpora", "x/corpora", 1, 0 },
		{ "**/corpora/1*", "a/b/corpora/12.txt", 0, 1 },
		{ "**/corpora/1*", "corpora/12.txt", 0, 1 },
		{ "*/corpora/1*", "x/corpora/12.txt", 0, 1 },
		{ "*/corpora/1*", "x/y/corpora/12.txt", 0, 0 },
		{ "a/**/b", "a/b", 1, 1 },
		{ "a/**/b", "a/x/y/b", 1, 1 },
		{ "a/**", "a/x/y", 0, 1 },
		{ "a/**", "a", 1, 0 },
		{ "*.log", "x/y.log", 0, 1 },
		{ "x/[0-9]?.txt", "x/12.txt", 0, 1 },
		{ "x/[!0-9]*", "x/12.txt", 0, 0 },
		{ "x/\\*", "x/*", 0, 1 },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char *path = xasprintf("/root/%s", t[i].rel);
		char *desc = xasprintf("walk_match: '%s' %s '%s'%s", t[i].pat,
				       t[i].want ? "matches" : "does not match", t[i].rel,
				       t[i].dir ? " (a directory)" : "");
		ok(walk_match(t[i].pat, t[i].rel, path, t[i].dir) == t[i].want, "%s", desc);
		free(desc);
		free(path);
	}
	ok(walk_match("/root/x/*.txt", "x/a.txt", "/root/x/a.txt", 0),
	   "walk_match: a full path, as patterns were written before");
}

static void
test_lock(void)
{
	char *d = xasprintf("%s/lockdb/sub", tmpdir);
	long holder = 0;
	int fd = lock_take(d, 0, &holder), st;
	ok(fd >= 0, "lock: the first taker gets it (creating the directory)");
	pid_t pid = fork();
	if (pid == 0) {
		long h = 0;
		int fd2 = lock_take(d, 0.3, &h);
		_exit(fd2 < 0 && errno == EWOULDBLOCK && h == (long)getppid() ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "lock: a second taker fails after waiting and learns the holder's pid");
	lock_release(fd);
	fd = lock_take(d, 0, &holder);
	ok(fd >= 0, "lock: free again after release");
	lock_release(fd);
	free(d);
}

static void
test_output(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_write_string(f, "a\"b\\\n\x01\xff\xc3\xa9", 9);
	fclose(f);
	is_str(buf, "\"a\\\"b\\\\\\n\\u0001\\ufffd\xc3\xa9\"",
	       "json strings: escapes, control characters, invalid UTF-8");
	free(buf);
	f = open_memstream(&buf, &len);
	const char *ctl = "red\x1b[31m\xc2\x9b" "x\ty";
	output_text(f, ctl, strlen(ctl));
	fclose(f);
	is_str(buf, "red^[[31m\xef\xbf\xbdx y", "terminal text: ESC and C1 controls neutralised");
	free(buf);

	const char *words[] = { "guarantees", "russia", NULL };
	struct highlighter *h = output_highlighter_new(words);
	const char *text = "Russia\xe2\x80\x99s guarantee of security, guaranteed.";
	size_t *m, n = output_matches(h, text, strlen(text), &m);
	is_int(n, 3, "highlight: the word, a stemmed form and a curly-apostrophe form");
	ok(n >= 1 && m[0] == 0 && m[1] == 10, "highlight: Russia's covers the apostrophe-s");
	free(m);
	output_highlighter_free(h);

	/* guillemets and curly quotes around a word are not part of it: both
	 * are highlighted (the highlighter split words its own way, and
	 * took the first for part of a longer word) */
	const char *peace[] = { "peace", NULL };
	h = output_highlighter_new(peace);
	text = "\xc2\xabpeace\xc2\xbb and \xe2\x80\x9cpeace\xe2\x80\x9d";
	n = output_matches(h, text, strlen(text), &m);
	is_int(n, 2, "highlight: \xc2\xabpeace\xc2\xbb and \xe2\x80\x9cpeace\xe2\x80\x9d: both");
	ok(n == 2 && m[0] == 2 && m[1] == 7 && m[2] == 17 && m[3] == 22,
	   "highlight: the words alone, not their quotes");
	free(m);
	output_highlighter_free(h);

	/* a stem among the words (a wildcard's expansion in a schema 2
	 * index): "agre" stems again to "agr", "agreed" stems to "agre" */
	const char *stems[] = { "agre", NULL };
	h = output_highlighter_new(stems);
	text = "They agreed.";
	n = output_matches(h, text, strlen(text), &m);
	is_int(n, 1, "highlight: a word whose stem is one of the words");
	free(m);
	output_highlighter_free(h);
}

static void
test_abspath(void)
{
	char *p = path_absolute("/a/./b//c/../d/");
	is_str(p, "/a/b/d", "abspath: dots, doubled and trailing slashes");
	free(p);
	p = path_absolute("/");
	is_str(p, "/", "abspath: the root");
	free(p);
	ok(path_under("/a/b/c", "/a/b") && !path_under("/a/bc", "/a/b") && path_under("/a/b", "/a/b"),
	   "path_under: whole components only");
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/cfsearch-util.XXXXXX", t && *t ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_buf();
	test_docdata();
	test_variants();
	test_gzip();
	test_walk();
	test_walk_match();
	test_lock();
	test_output();
	test_abspath();
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return tap_done();
}
