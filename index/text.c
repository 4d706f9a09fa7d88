/* text.c: raw file bytes to UTF-8, and the normalisation used for indexing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

/* Windows-1252 0x80-0x9f; 0 marks the five undefined bytes (read as U+FFFD). */
static const unsigned short text_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Is s[0..len) nothing but white space (ASCII or Unicode spaces, BOMs)? */
static int
text_blank(const char *s, size_t len)
{
	uint32_t c;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &c);
		if (n == 0)
			return 0;
		switch (c) {
		case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		case 0xa0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
		case 0xfeff: case 0x2028: case 0x2029:
			break;
		default:
			if (c < 0x2000 || c > 0x200b)
				return 0;
			break;
		}
		i += n;
	}
	return 1;
}

/* UTF-16 (big_endian or not) without its BOM to UTF-8; bad surrogates
 * become U+FFFD, an odd last byte is dropped. */
static char *
text_from_utf16(const unsigned char *u, size_t len, int big_endian, size_t *outlen)
{
	char *out, *p;
	uint32_t c, c2;
	size_t i;

	/* each 2-byte unit gives at most 3 bytes; a pair of units at most 4 */
	out = xmalloc((len / 2) * 3 + 1);
	p = out;
	for (i = 0; i + 1 < len; i += 2) {
		c = big_endian ? (uint32_t)u[i] << 8 | u[i + 1] :
		    (uint32_t)u[i + 1] << 8 | u[i];
		if (c >= 0xd800 && c <= 0xdbff && i + 3 < len) {
			c2 = big_endian ? (uint32_t)u[i + 2] << 8 | u[i + 3] :
			    (uint32_t)u[i + 3] << 8 | u[i + 2];
			if (c2 >= 0xdc00 && c2 <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
				i += 2;
			} else
				c = 0xfffd;
		} else if (c >= 0xd800 && c <= 0xdfff)
			c = 0xfffd;
		p += utf8_encode(p, c);
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return out;
}

/* Windows-1252 to UTF-8: every byte maps to one character. */
static char *
text_from_cp1252(const unsigned char *u, size_t len, size_t *outlen)
{
	char *out, *p;
	uint32_t c;
	size_t i;

	out = xmalloc(len * 3 + 1);
	p = out;
	for (i = 0; i < len; i++) {
		c = u[i];
		if (c >= 0x80 && c <= 0x9f) {
			c = text_cp1252[c - 0x80];
			if (c == 0)
				c = 0xfffd;
		}
		p += utf8_encode(p, c);
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return out;
}

enum text_kind
text_decode(const char *in, size_t len, char **out, size_t *outlen,
	    const char **note)
{
	const unsigned char *u = (const unsigned char *)in;
	const char *why = NULL;
	char *s;
	size_t n;

	*out = NULL;
	*outlen = 0;
	if (note != NULL)
		*note = NULL;

	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		int be = u[0] == 0xfe;
		s = text_from_utf16(u + 2, len - 2, be, &n);
		why = be ? "UTF-16BE, converted to UTF-8" :
		    "UTF-16LE, converted to UTF-8";
	} else {
		if (memchr(in, '\0', len) != NULL)
			return TEXT_BINARY;
		if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
			u += 3;
			len -= 3;
		}
		if (utf8_valid((const char *)u, len))
			s = xstrndup((const char *)u, len), n = len;
		else {
			s = text_from_cp1252(u, len, &n);
			why = "not valid UTF-8, read as Windows-1252";
		}
	}
	if (memchr(s, '\0', n) != NULL) {
		free(s);
		return TEXT_BINARY;
	}
	if (text_blank(s, n)) {
		free(s);
		return TEXT_EMPTY;
	}
	*out = s;
	*outlen = n;
	if (note != NULL)
		*note = why;
	return TEXT_OK;
}

const char *
text_skip_reason(enum text_kind k)
{
	return k == TEXT_EMPTY ? "empty file" : k == TEXT_BINARY ? "binary file (NUL bytes)" : NULL;
}

char *
text_normalize(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, f[3];
	char *out, *p;
	size_t i = 0, n;

	/* no replacement is longer than what it replaces */
	out = xmalloc(len + 1);
	p = out;
	while (i < len) {
		if (u[i] < 0x80 || (n = utf8_decode(s + i, len - i, &c)) == 0) {
			*p++ = (char)u[i++];
			continue;
		}
		int nf = words_fold(c, f);
		for (int k = 0; k < nf; k++)
			p += utf8_encode(p, f[k]);
		i += n;
	}
	*p = '\0';
	if (outlen != NULL)
		*outlen = (size_t)(p - out);
	return out;
}
