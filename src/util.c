/* util.c: memory, growable buffers, messages, hashing. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfsearch.h"

int log_quiet;
int log_clear_line;

static void
util_oom(void)
{
	fputs("cfsearch: out of memory\n", stderr);
	exit(CFS_EXIT_ERROR);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		util_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		util_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		util_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	int n;

	buf_init(&b);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		util_oom();
	b.s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.s;
}

void
buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

static void
buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (need < b->len)
		util_oom();
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	buf_init(b);
	return s;
}

/* Add s[0..n) to b with what a terminal would act on made harmless (file
 * names and messages may hold anything): control characters in caret
 * notation, C1 controls and bytes that are not UTF-8 as \xHH. */
static void
log_safe(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t c;

	while (i < n) {
		if (u[i] < 0x20 || u[i] == 0x7f) {
			buf_addc(b, '^');
			buf_addc(b, u[i] == 0x7f ? '?' : (char)(u[i] + 64));
			k = 1;
		} else if ((k = utf8_decode(s + i, n - i, &c)) == 0 || (c >= 0x80 && c < 0xa0)) {
			buf_printf(b, "\\x%02x", u[i]);
			k = 1;
		} else {
			buf_add(b, s + i, k);
		}
		i += k;
	}
}

void
log_text(FILE *f, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b);
	log_safe(&b, s, n);
	if (b.len)
		fwrite(b.s, 1, b.len, f);
	buf_free(&b);
}

static void
log_v(const char *prefix, const char *fmt, va_list ap)
{
	struct buf b, msg;
	buf_init(&b);
	buf_init(&msg);
	if (log_clear_line)
		buf_adds(&b, "\r\033[K");   /* never into a progress line */
	buf_adds(&b, prefix);
	{
		va_list ap2;
		int n;
		va_copy(ap2, ap);
		n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		if (n > 0) {
			buf_grow(&msg, (size_t)n);
			vsnprintf(msg.s, (size_t)n + 1, fmt, ap);
			msg.len = (size_t)n;
			log_safe(&b, msg.s, msg.len);
		}
	}
	buf_free(&msg);
	buf_addc(&b, '\n');
	/* one write, so lines from concurrent processes do not interleave */
	fwrite(b.s, 1, b.len, stderr);
	fflush(stderr);
	buf_free(&b);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("cfsearch: ", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	if (log_quiet)
		return;
	va_start(ap, fmt);
	log_v("cfsearch: ", fmt, ap);
	va_end(ap);
}

/* FNV-1a, 64 bits, then a final avalanche (splitmix64's). */
uint64_t
hash64(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

void
hex64(uint64_t h, char out[17])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--) {
		out[i] = digits[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}

double
now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
fmt_count(char *out, size_t size, uint64_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	size_t o = 0;
	for (int i = 0; i < len && o + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 2 < size)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}
