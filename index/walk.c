/* walk.c: walk files and directories in a stable order.
 *
 * Names starting with '.' are skipped, as are the directories of Xapian
 * and cfsearch databases.  Exclude patterns are gitignore's (walk_match).
 * A symbolic link is followed unless it leads into one of the roots (what
 * it names is reached there, under its own path) or back up the path it
 * was found on (a loop, reported); a file reached twice (two links to it
 * from outside the roots, or hard links) is given to the callback once,
 * under the first path in walk order.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfsearch.h"

struct walk_state {
	const struct walk_opts *o;
	const char *root;
	size_t rootlen;
	walk_fn fn;
	walk_err_fn err;
	void *ctx;
	dev_t *devs;      /* directories on the current path, for loops */
	ino_t *inos;
	size_t depth, cap;
	uint64_t *files;  /* (dev, ino) hashes of files that may be reached twice */
	size_t nfiles, fcap;
};

/* ---- patterns ---- */

/* The end of the bracket expression at p ('['), or NULL when it is not
 * closed (then '[' is itself). */
static const char *
walk_bracket_end(const char *p)
{
	const char *q = p + 1;
	if (*q == '!' || *q == '^')
		q++;
	if (*q == ']')
		q++;
	while (*q && *q != ']')
		q++;
	return *q == ']' ? q : NULL;
}

/* gitignore's glob: '*' and '?' never match '/', "**" as a whole
 * component matches any number of components; p0 is the whole pattern. */
static int
walk_glob(const char *p0, const char *p, const char *s)
{
	for (;;) {
		if (*p == '\0')
			return *s == '\0';
		if (p[0] == '*' && p[1] == '*' && (p == p0 || p[-1] == '/') &&
		    (p[2] == '/' || p[2] == '\0')) {
			if (p[2] == '\0')
				return 1;
			p += 3;
			for (;;) {
				if (walk_glob(p0, p, s))
					return 1;
				s = strchr(s, '/');
				if (s == NULL)
					return 0;
				s++;
			}
		}
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (;;) {
				if (walk_glob(p0, p, s))
					return 1;
				if (*s == '\0' || *s == '/')
					return 0;
				s++;
			}
		}
		if (*s == '\0')
			return 0;
		if (*p == '?') {
			if (*s == '/')
				return 0;
		} else if (*p == '[' && walk_bracket_end(p) != NULL) {
			const char *e = walk_bracket_end(p);
			char *br = xstrndup(p, (size_t)(e - p + 1));
			char one[2] = { *s, '\0' };
			int m = *s != '/' && fnmatch(br, one, 0) == 0;
			free(br);
			if (!m)
				return 0;
			p = e;
		} else {
			if (*p == '\\' && p[1] != '\0')
				p++;
			if (*p != *s)
				return 0;
		}
		p++;
		s++;
	}
}

int
walk_match(const char *pattern, const char *rel, const char *path, int is_dir)
{
	size_t n = strlen(pattern);
	char *pat;
	int m;

	if (n > 1 && pattern[n - 1] == '/') {
		if (!is_dir)
			return 0;
		n--;
	}
	pat = xstrndup(pattern, n);
	if (strchr(pat, '/') == NULL) {
		/* a name, at any depth */
		const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		m = fnmatch(pat, name, 0) == 0;
	} else {
		/* relative to the root; as written before, also the full path */
		const char *anchored = pat[0] == '/' ? pat + 1 : pat;
		m = walk_glob(anchored, anchored, rel) ||
		    (pat[0] == '/' && walk_glob(pat, pat, path)) ||
		    fnmatch(pat, path, FNM_PATHNAME) == 0;
	}
	free(pat);
	return m;
}

static int
walk_excluded(const struct walk_state *w, const char *path, int is_dir)
{
	const char *rel = path + w->rootlen;
	while (*rel == '/')
		rel++;
	for (size_t i = 0; i < w->o->nexcludes; i++) {
		if (walk_match(w->o->excludes[i], rel, path, is_dir)) {
			if (w->o->hits != NULL)
				w->o->hits[i]++;
			return 1;
		}
	}
	return 0;
}

/* ---- what is not walked ---- */

int
walk_is_database(const char *dir)
{
	static const char *const marks[] = { "iamglass", CONF_FILE, LOCK_FILE };
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
		char *probe = xasprintf("%s/%s", dir, marks[i]);
		int there = access(probe, F_OK) == 0;
		free(probe);
		if (there)
			return 1;
	}
	return 0;
}

/* Was the file st met before (reached again by another path)?  Notes it
 * (an open-addressing set of (dev, ino) hashes). */
static int
walk_seen_file(struct walk_state *w, const struct stat *st)
{
	uint64_t key[2] = { (uint64_t)st->st_dev, (uint64_t)st->st_ino };
	uint64_t h = hash64(key, sizeof key, 0x11) | 1;   /* 0: an empty slot */
	size_t i;

	if (2 * (w->nfiles + 1) > w->fcap) {
		size_t cap = w->fcap ? w->fcap * 2 : 64;
		uint64_t *t = xcalloc(cap, sizeof *t);
		for (size_t k = 0; k < w->fcap; k++) {
			if (w->files[k] == 0)
				continue;
			for (i = w->files[k] & (cap - 1); t[i] != 0; i = (i + 1) & (cap - 1))
				;
			t[i] = w->files[k];
		}
		free(w->files);
		w->files = t;
		w->fcap = cap;
	}
	for (i = h & (w->fcap - 1); w->files[i] != 0; i = (i + 1) & (w->fcap - 1))
		if (w->files[i] == h)
			return 1;
	w->files[i] = h;
	w->nfiles++;
	return 0;
}

/* A symbolic link at path: does it lead into one of the roots (then it is
 * not followed)? */
static int
walk_link_into_root(const struct walk_state *w, const char *path)
{
	char *real = realpath(path, NULL);
	int in = 0;

	if (real == NULL)
		return 0;
	for (size_t i = 0; i < w->o->nroots && !in; i++)
		in = path_under(real, w->o->roots[i]);
	free(real);
	return in;
}

/* ---- the walk ---- */

static int
walk_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_path(struct walk_state *w, const char *path, int top, int linked);

static int
walk_dir(struct walk_state *w, const char *path, const struct stat *st, int linked)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int stop = 0;

	for (size_t i = 0; i < w->depth; i++) {
		if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino) {
			w->err(w->ctx, path, "symbolic link loop");
			return 0;
		}
	}
	/* a database (such as our own index) is never an article */
	if (walk_is_database(path))
		return 0;
	d = opendir(path);
	if (d == NULL) {
		if (errno != ENOENT)   /* gone since it was seen: not an error */
			w->err(w->ctx, path, strerror(errno));
		return 0;
	}
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;   /* ".", "..", and hidden files */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	if (errno != 0)
		w->err(w->ctx, path, strerror(errno));
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, walk_cmp);

	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->devs = xrealloc(w->devs, w->cap * sizeof *w->devs);
		w->inos = xrealloc(w->inos, w->cap * sizeof *w->inos);
	}
	w->devs[w->depth] = st->st_dev;
	w->inos[w->depth] = st->st_ino;
	w->depth++;
	for (size_t i = 0; i < n; i++) {
		if (!stop) {
			size_t plen = strlen(path);
			char *child = plen > 0 && path[plen - 1] == '/' ?
			    xasprintf("%s%s", path, names[i]) :
			    xasprintf("%s/%s", path, names[i]);
			stop = walk_path(w, child, 0, linked);
			free(child);
		}
		free(names[i]);
	}
	w->depth--;
	free(names);
	return stop;
}

static int
walk_path(struct walk_state *w, const char *path, int top, int linked)
{
	struct stat st, lst;

	if (!top && lstat(path, &lst) != 0)
		return 0;   /* gone since the directory was read: not an error */
	if (!top && S_ISLNK(lst.st_mode)) {
		if (walk_link_into_root(w, path))
			return 0;   /* reached under its own path */
		linked = 1;
	}
	if (stat(path, &st) != 0) {
		if (errno == ELOOP)
			w->err(w->ctx, path, "symbolic link loop");
		else if (errno == ENOENT && !top && S_ISLNK(lst.st_mode))
			w->err(w->ctx, path, "dangling symbolic link");
		else if (errno != ENOENT || top)
			w->err(w->ctx, path, strerror(errno));
		return 0;
	}
	if (!top && walk_excluded(w, path, S_ISDIR(st.st_mode)))
		return 0;
	if (S_ISDIR(st.st_mode))
		return walk_dir(w, path, &st, linked);
	if (S_ISREG(st.st_mode)) {
		if ((linked || st.st_nlink > 1) && walk_seen_file(w, &st))
			return 0;
		return w->fn(w->ctx, path, &st);
	}
	if (top)
		w->err(w->ctx, path, "not a regular file or directory");
	return 0;
}

int
walk(const char *root, const struct walk_opts *o, walk_fn fn, walk_err_fn err, void *ctx)
{
	struct walk_state w;
	int stop;

	memset(&w, 0, sizeof w);
	w.o = o;
	w.root = root;
	w.rootlen = strlen(root);
	w.fn = fn;
	w.err = err;
	w.ctx = ctx;
	stop = walk_path(&w, root, 1, 0);
	free(w.devs);
	free(w.inos);
	free(w.files);
	return stop;
}

/* Is path a directory that holds nothing the walk would see (no name but
 * hidden ones)?  An unmounted disk's mount point looks like that. */
int
walk_is_empty_dir(const char *path)
{
	struct dirent *e;
	DIR *d = opendir(path);
	int empty = 1;

	if (d == NULL)
		return 0;
	while (empty && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			empty = 0;
	closedir(d);
	return empty;
}
