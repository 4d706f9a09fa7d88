/* lock.c: one indexer at a time per database. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfsearch.h"

/* mkdir -p */
static int
lock_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

static long
lock_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int
lock_take(const char *dbdir, double wait_s, long *holder)
{
	char *path;
	int fd, saved;
	double deadline = now_seconds() + wait_s;

	*holder = 0;
	if (lock_mkdirs(dbdir) != 0)
		return -1;
	path = xasprintf("%s/%s", dbdir, LOCK_FILE);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	saved = errno;
	free(path);
	if (fd < 0) {
		errno = saved;
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (now_seconds() >= deadline) {
			*holder = lock_holder(fd);
			close(fd);
			errno = EWOULDBLOCK;
			return -1;
		}
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, pid, (size_t)n, 0);  /* informative only */
	return fd;
}

void
lock_release(int fd)
{
	if (fd < 0)
		return;
	(void)!ftruncate(fd, 0);  /* informative only */
	flock(fd, LOCK_UN);
	close(fd);
}
