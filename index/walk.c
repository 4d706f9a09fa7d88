/* walk.c: walk files and directories in a stable order. */
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
	const char *const *excludes;
	size_t nexcludes;
	walk_fn fn;
	walk_err_fn err;
	void *ctx;
	dev_t *devs;      /* directories on the current path, for loops */
	ino_t *inos;
	size_t depth, cap;
};

static int
walk_excluded(const struct walk_state *w, const char *path, const char *name)
{
	for (size_t i = 0; i < w->nexcludes; i++) {
		if (fnmatch(w->excludes[i], name, 0) == 0 ||
		    fnmatch(w->excludes[i], path, FNM_PATHNAME) == 0)
			return 1;
	}
	return 0;
}

static int
walk_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_path(struct walk_state *w, const char *path, int top);

static int
walk_dir(struct walk_state *w, const char *path, const struct stat *st)
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
	/* A Xapian database (such as our own index) is never an article. */
	{
		char *probe = xasprintf("%s/iamglass", path);
		int isdb = access(probe, F_OK) == 0;
		free(probe);
		if (isdb)
			return 0;
	}
	d = opendir(path);
	if (d == NULL) {
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
			if (!walk_excluded(w, child, names[i]))
				stop = walk_path(w, child, 0);
			free(child);
		}
		free(names[i]);
	}
	w->depth--;
	free(names);
	return stop;
}

static int
walk_path(struct walk_state *w, const char *path, int top)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == ELOOP)
			w->err(w->ctx, path, "symbolic link loop");
		else if (errno == ENOENT && !top && lstat(path, &st) == 0)
			w->err(w->ctx, path, "dangling symbolic link");
		else
			w->err(w->ctx, path, strerror(errno));
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(w, path, &st);
	if (S_ISREG(st.st_mode))
		return w->fn(w->ctx, path, &st);
	if (top)
		w->err(w->ctx, path, "not a regular file or directory");
	return 0;
}

int
walk(const char *root, const char *const *excludes, size_t nexcludes,
     walk_fn fn, walk_err_fn err, void *ctx)
{
	struct walk_state w;
	int stop;

	memset(&w, 0, sizeof w);
	w.excludes = excludes;
	w.nexcludes = nexcludes;
	w.fn = fn;
	w.err = err;
	w.ctx = ctx;
	stop = walk_path(&w, root, 1);
	free(w.devs);
	free(w.inos);
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
