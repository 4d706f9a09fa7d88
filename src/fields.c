/*
 * fields.c: the fields of an article a query can name, the header keys
 * that fill them and their term prefixes.  The indexer, the query reader
 * and the output share this one table.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "cfsearch.h"

static const struct field fields[] = {
	{ "title", CFS_PREFIX_TITLE, 1, { "Title", NULL } },
	{ "source", CFS_PREFIX_SOURCE, 1, { "Source", NULL } },
	{ "places", "XL", 0, { "Places", "Place", "Countries", NULL } },
	{ "topics", "XT", 0, { "Topics", "Topic", "Subjects", NULL } },
	{ "people", "XN", 0, { "People", "Persons", NULL } },
	{ "orgs", "XO", 0, { "Orgs", "Organizations", "Organisations", NULL } },
	{ "dateline", "XD", 0, { "Dateline", NULL } },
	{ "author", "A", 0, { "Author", "By", "Byline", "Authors", NULL } },
	{ "keywords", "K", 0, { "Keywords", "Tags", NULL } },
	/* no header fills it: the speakers of the passage's statements */
	{ "speaker", CFS_PREFIX_SPEAKER, 0, { NULL } },
	{ NULL, NULL, 0, { NULL } }
};

/* Other names a query may use for a field. */
static const struct { const char *alias, *name; } field_aliases[] = {
	{ "by", "author" }, { "tags", "keywords" }, { "place", "places" },
	{ "topic", "topics" }, { "org", "orgs" }, { NULL, NULL }
};

const struct field *
field_all(void)
{
	return fields;
}

const struct field *
field_named(const char *name, size_t n)
{
	for (size_t i = 0; field_aliases[i].alias; i++)
		if (strlen(field_aliases[i].alias) == n &&
		    strncasecmp(field_aliases[i].alias, name, n) == 0) {
			name = field_aliases[i].name;
			n = strlen(name);
			break;
		}
	for (const struct field *f = fields; f->name; f++)
		if (strlen(f->name) == n && strncasecmp(f->name, name, n) == 0)
			return f;
	return NULL;
}

const struct field *
field_of_header(const char *key)
{
	for (const struct field *f = fields; f->name; f++)
		for (size_t i = 0; f->keys[i]; i++)
			if (strcasecmp(f->keys[i], key) == 0)
				return f;
	return NULL;
}

const struct field *
field_of_prefix(const char *prefix)
{
	for (const struct field *f = fields; f->name; f++)
		if (strcmp(f->prefix, prefix) == 0)
			return f;
	return NULL;
}
