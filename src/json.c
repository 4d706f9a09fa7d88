/*
 * json.c: the one JSON writer of every --json output: objects and arrays
 * nested, commas and quoting done here, strings valid JSON whatever bytes
 * they hold (invalid UTF-8 becomes U+FFFD).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cfsearch.h"

void
json_write_string(FILE *f, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t c;

	fputc('"', f);
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x80) {
			if ((n = utf8_decode(s + i, len - i, &c)) == 0) {
				fputs("\\ufffd", f);
				i++;
			} else {
				fwrite(s + i, 1, n, f);
				i += n;
			}
			continue;
		}
		switch (b) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (b < 0x20 || b == 0x7f)
				fprintf(f, "\\u%04x", b);
			else
				fputc(b, f);
		}
		i++;
	}
	fputc('"', f);
}

void
json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof *j);
	j->f = f;
}

/* Before a value: the comma after the one before, unless after a key. */
static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0 && j->count[j->depth - 1]++ > 0)
		fputc(',', j->f);
}

void
json_open(struct json *j, char kind)
{
	json_sep(j);
	fputc(kind, j->f);
	if (j->depth < (int)sizeof j->kind) {
		j->kind[j->depth] = kind;
		j->count[j->depth] = 0;
	}
	j->depth++;
}

void
json_close(struct json *j)
{
	if (j->depth == 0)
		return;
	j->depth--;
	fputc(j->depth < (int)sizeof j->kind && j->kind[j->depth] == '[' ? ']' : '}', j->f);
	if (j->depth == 0)
		fputc('\n', j->f);   /* one object a line */
}

void
json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_write_string(j->f, key, strlen(key));
	fputc(':', j->f);
	j->after_key = 1;
}

void
json_str(struct json *j, const char *s, size_t len)
{
	json_sep(j);
	if (s == NULL)
		fputs("null", j->f);
	else
		json_write_string(j->f, s, len);
}

void
json_cstr(struct json *j, const char *s)
{
	json_str(j, s, s ? strlen(s) : 0);
}

void
json_uint(struct json *j, uint64_t v)
{
	json_sep(j);
	fprintf(j->f, "%" PRIu64, v);
}

void
json_double(struct json *j, double v)
{
	json_sep(j);
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else
		fputs("null", j->f);
}

void
json_bool(struct json *j, int v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
}

void
json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->f);
}
