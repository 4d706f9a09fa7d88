/* path.c: paths as the index compares them: the absolute form a root is
 * remembered in, and whether a path lies below a directory. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "cfsearch.h"

char *
path_absolute(const char *path)
{
	struct buf b;
	char cwd[4096];

	buf_init(&b);
	if (path[0] != '/') {
		if (getcwd(cwd, sizeof cwd) == NULL)
			return xstrdup(path);
		buf_adds(&b, cwd);
	}
	/* add components, dropping "." and empty ones, resolving ".." lexically */
	const char *p = path;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			char *last = b.len ? strrchr(b.s, '/') : NULL;
			if (last != NULL) {
				b.len = (size_t)(last - b.s);
				b.s[b.len] = '\0';
			}
		} else {
			buf_addc(&b, '/');
			buf_add(&b, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (b.len == 0)
		buf_addc(&b, '/');
	return buf_detach(&b);
}

int
path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strncmp(path, dir, n) != 0)
		return 0;
	return path[n] == '\0' || path[n] == '/' || (n > 0 && dir[n - 1] == '/');
}
