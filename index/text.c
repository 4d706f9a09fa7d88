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

/* Append code point c as UTF-8 at p; returns the number of bytes (1-4). */
static size_t
text_put(char *p, unsigned long c)
{
	unsigned char *u = (unsigned char *)p;

	if (c < 0x80) {
		u[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | (c >> 18));
	u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * Length of the valid UTF-8 sequence at s[0..len), or 0 if there is none
 * (overlong forms, surrogates and code points above U+10FFFF are invalid).
 * *cp gets the code point.
 */
static size_t
text_seq(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned long c;
	size_t n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long c;
	size_t i = 0, n;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = text_seq(u + i, len - i, &c)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* Is s[0..len) nothing but white space (ASCII or Unicode spaces, BOMs)? */
static int
text_blank(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long c;
	size_t i = 0, n;

	while (i < len) {
		n = text_seq(u + i, len - i, &c);
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
	unsigned long c, c2;
	size_t i;

	/* each 2-byte unit gives at most 3 bytes; a pair of units at most 4 */
	out = xmalloc((len / 2) * 3 + 1);
	p = out;
	for (i = 0; i + 1 < len; i += 2) {
		c = big_endian ? (unsigned long)u[i] << 8 | u[i + 1] :
		    (unsigned long)u[i + 1] << 8 | u[i];
		if (c >= 0xd800 && c <= 0xdbff && i + 3 < len) {
			c2 = big_endian ? (unsigned long)u[i + 2] << 8 | u[i + 3] :
			    (unsigned long)u[i + 3] << 8 | u[i + 2];
			if (c2 >= 0xdc00 && c2 <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
				i += 2;
			} else
				c = 0xfffd;
		} else if (c >= 0xd800 && c <= 0xdfff)
			c = 0xfffd;
		p += text_put(p, c);
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
	unsigned long c;
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
		p += text_put(p, c);
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
		if (text_valid_utf8((const char *)u, len))
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

/*
 * What text_normalize does with code point c: returns the replacement (""
 * to remove it) or NULL to keep it as it is.
 */
static const char *
text_norm_map(unsigned long c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
	case 0x2039: case 0x203a:
		return "'";
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
	case 0x00ab: case 0x00bb:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xfe63:
	case 0xff0d:
		return "-";
	case 0x2013: case 0x2014: case 0x2015: case 0x2e3a: case 0x2e3b:
		return " ";
	case 0x00a0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
		return " ";
	case 0x00ad: case 0x200b: case 0x200c: case 0x200d: case 0x200e:
	case 0x200f: case 0x2060: case 0xfeff:
		return "";
	case 0x2026:
		return "...";
	}
	if (c >= 0x2000 && c <= 0x200a)
		return " ";
	return NULL;
}

char *
text_normalize(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *r;
	unsigned long c;
	char *out, *p;
	size_t i = 0, n, rn;

	/* no replacement is longer than what it replaces */
	out = xmalloc(len + 1);
	p = out;
	while (i < len) {
		if (u[i] < 0x80) {
			*p++ = (char)u[i++];
			continue;
		}
		n = text_seq(u + i, len - i, &c);
		if (n == 0) {
			*p++ = (char)u[i++];
			continue;
		}
		r = text_norm_map(c);
		if (r == NULL) {
			memcpy(p, u + i, n);
			p += n;
		} else {
			rn = strlen(r);
			memcpy(p, r, rn);
			p += rn;
		}
		i += n;
	}
	*p = '\0';
	if (outlen != NULL)
		*outlen = (size_t)(p - out);
	return out;
}
