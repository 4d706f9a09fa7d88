/* tap.h: a few TAP helpers for the C unit tests (header only). */
#ifndef CFS_TAP_H
#define CFS_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) do { long long g_ = (got), w_ = (want); \
	if (!ok(g_ == w_, __VA_ARGS__)) \
		printf("#   got %lld, want %lld\n", g_, w_); } while (0)
#define is_str(got, want, ...) do { const char *g_ = (got), *w_ = (want); \
	if (!ok(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, __VA_ARGS__)) \
		printf("#   got \"%s\"\n#  want \"%s\"\n", g_ ? g_ : "(null)", \
		       w_ ? w_ : "(null)"); } while (0)

static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), unused));
#include <stdarg.h>
static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	printf("%sok %d - ", pass ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

/* The whole file at path, NUL-terminated (malloc()ed; NULL if it cannot be
 * opened); *len gets its length. */
static inline char *tap_slurp(const char *path, size_t *len)
{
	char *s = NULL;
	size_t n = 0, cap = 0, r;
	FILE *f;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	do {
		if (n + 4096 > cap) {
			cap = cap * 2 + 4096;
			if ((s = realloc(s, cap)) == NULL)
				abort();
		}
		r = fread(s + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

static int __attribute__((unused)) tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
