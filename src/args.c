/*
 * args.c: the command line, read as ripgrep, git and notmuch users expect
 * it: options anywhere among the words, "--" ends them, "--name=value" or
 * "--name value", "-n5" or "-n 5", short flags together ("-qv"), options
 * of every command (such as --db) also before the command's name.  An
 * unknown option is an error naming the closest real one; an option of
 * another command is an error naming the commands it belongs to.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"

static const char *const args_commands[] = {
	"search", "index", "show", "status", "roots", "forget", "compact", "quotes",
	"speakers", "timeline", NULL
};

int
args_command(const char *name)
{
	for (int i = 0; args_commands[i]; i++)
		if (strcmp(args_commands[i], name) == 0)
			return i;
	return -1;
}

static const struct arg_opt *
args_long(const struct arg_opt *table, const char *name, size_t n)
{
	for (const struct arg_opt *o = table; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

static const struct arg_opt *
args_short(const struct arg_opt *table, char c)
{
	for (const struct arg_opt *o = table; o->name; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

/* Edit distance, bounded: more than 3 is 4. */
static unsigned
args_distance(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned d[40][40];
	if (la >= 40 || lb >= 40)
		return 4;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			unsigned x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
			d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
		}
	return d[la][lb] > 4 ? 4 : d[la][lb];
}

/* The option of table whose name is closest to name (a typo), or NULL. */
static const struct arg_opt *
args_closest(const struct arg_opt *table, const char *name, size_t n, unsigned cmd)
{
	const struct arg_opt *best = NULL;
	unsigned bd = 3;
	for (const struct arg_opt *o = table; o->name; o++) {
		unsigned d = args_distance(name, n, o->name, strlen(o->name));
		/* a prefix of a real name is close too (--per, --retry) */
		if (n >= 3 && strncmp(o->name, name, n) == 0)
			d = 1;
		if (d < bd || (d == bd && best && !(best->commands & (1u << cmd)) &&
			       (o->commands & (1u << cmd)))) {
			best = o;
			bd = d;
		}
	}
	return bd <= 2 ? best : NULL;
}

/* The commands an option belongs to, for a message. */
static void
args_commands_of(const struct arg_opt *o, char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; args_commands[i]; i++)
		if (o->commands & (1u << i))
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? ", " : "",
				 args_commands[i]);
}

static void
args_add(struct args *a, const struct arg_opt *o, const char *value, const char *written)
{
	a->opts = xrealloc(a->opts, (a->nopts + 1) * sizeof *a->opts);
	a->opts[a->nopts].opt = o;
	a->opts[a->nopts].value = value;
	a->opts[a->nopts].written = written;
	a->opts[a->nopts].from_config = 0;
	a->nopts++;
}

static void
args_add_word(struct args *a, char *w)
{
	a->words = xrealloc(a->words, (a->nwords + 1) * sizeof *a->words);
	a->words[a->nwords++] = w;
}

/* Check that o applies to cmd; print why not.  Returns 0 or -1. */
static int
args_applies(const struct arg_opt *o, unsigned cmd, const char *written)
{
	char cmds[128];
	if (o->commands & (1u << cmd))
		return 0;
	args_commands_of(o, cmds, sizeof cmds);
	fprintf(stderr, "cfsearch %s: %s does not apply here (it is an option of: %s)\n",
		args_commands[cmd], written, cmds);
	return -1;
}

static int
args_unknown(const struct arg_opt *table, unsigned cmd, const char *arg, const char *name,
	     size_t n)
{
	const struct arg_opt *c = arg[1] == '-' ? args_closest(table, name, n, cmd) : NULL;
	if (c)
		fprintf(stderr, "cfsearch: unknown option '%s' (did you mean '--%s'?)\n", arg,
			c->name);
	else if (arg[1] != '-' && cmd == 0)
		fprintf(stderr, "cfsearch: unknown option '%s' (to exclude a word, quote the "
			"whole query, as in: cfsearch 'gas %s', or put it after --)\n", arg, arg);
	else
		fprintf(stderr, "cfsearch: unknown option '%s' (see cfsearch --help)\n", arg);
	return -1;
}

/* A long option at argv[*i]. */
static int
args_long_opt(const struct arg_opt *table, unsigned cmd, int argc, char **argv, int *i,
	      struct args *a)
{
	const char *arg = argv[*i], *name = arg + 2, *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	const struct arg_opt *o = args_long(table, name, n);
	if (o == NULL)
		return args_unknown(table, cmd, arg, name, n);
	if (args_applies(o, cmd, arg) != 0)
		return -1;
	if (!o->takes_value) {
		if (eq) {
			fprintf(stderr, "cfsearch: --%s takes no value ('%s')\n", o->name, arg);
			return -1;
		}
		args_add(a, o, NULL, arg);
		return 0;
	}
	if (eq) {
		args_add(a, o, eq + 1, arg);
		return 0;
	}
	if (*i + 1 >= argc) {
		fprintf(stderr, "cfsearch: --%s needs a value (see cfsearch --help)\n", o->name);
		return -1;
	}
	args_add(a, o, argv[++*i], arg);
	return 0;
}

/* Short options at argv[*i]: "-n5", "-n 5", "-qv". */
static int
args_short_opts(const struct arg_opt *table, unsigned cmd, int argc, char **argv, int *i,
		struct args *a)
{
	const char *arg = argv[*i];
	for (const char *p = arg + 1; *p; p++) {
		const struct arg_opt *o = args_short(table, *p);
		char written[3] = { '-', *p, '\0' };
		if (o == NULL)
			return args_unknown(table, cmd, arg, p, p == arg + 1 ? strlen(p) : 1);
		if (args_applies(o, cmd, written) != 0)
			return -1;
		if (!o->takes_value) {
			args_add(a, o, NULL, arg);
			continue;
		}
		if (p[1]) {
			args_add(a, o, p + 1, arg);
			return 0;
		}
		if (*i + 1 >= argc) {
			fprintf(stderr, "cfsearch: -%c needs a value (see cfsearch --help)\n", *p);
			return -1;
		}
		args_add(a, o, argv[++*i], arg);
		return 0;
	}
	return 0;
}

int
args_parse(const struct arg_opt *table, int argc, char **argv, struct args *a)
{
	int cmd = -1, ended = 0;

	memset(a, 0, sizeof *a);
	/* the command: the first word that is not an option or its value */
	for (int i = 1; i < argc && cmd < 0; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			const struct arg_opt *o = NULL;
			if (argv[i][1] == '-')
				o = strchr(argv[i], '=') ? NULL :
				    args_long(table, argv[i] + 2, strlen(argv[i] + 2));
			else if (argv[i][2] == '\0')
				o = args_short(table, argv[i][1]);
			if (o && o->takes_value)
				i++;
			continue;
		}
		cmd = args_command(argv[i]);
		if (cmd >= 0)
			a->cmd_at = i;
		break;
	}
	a->cmd = cmd < 0 ? 0 : (unsigned)cmd;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (cmd >= 0 && i == a->cmd_at)
			continue;
		if (ended || arg[0] != '-' || arg[1] == '\0') {
			args_add_word(a, argv[i]);
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			ended = 1;
			continue;
		}
		int r = arg[1] == '-' ? args_long_opt(table, a->cmd, argc, argv, &i, a)
				      : args_short_opts(table, a->cmd, argc, argv, &i, a);
		if (r != 0)
			return -1;
	}
	return 0;
}

int
args_defaults(const struct arg_opt *table, const struct config *c, struct args *a)
{
	size_t n0 = a->nopts;
	for (size_t i = 0; i < c->n; i++) {
		/* as on the command line: --name=value, --name value, -n 3, -n3,
		 * --flag, -c */
		const char *s = c->opts[i], *name, *rest, *val = NULL;
		const struct arg_opt *o = NULL;
		char shown[64];
		if (strncmp(s, "--", 2) == 0 && s[2] != '\0') {
			name = s + 2;
			size_t n = strcspn(name, "= \t");
			o = args_long(table, name, n);
			rest = name + n;
			snprintf(shown, sizeof shown, "--%.*s", (int)(n > 40 ? 40 : n), name);
		} else if (s[0] == '-' && s[1] != '\0' && s[1] != '-' && s[1] != ' ') {
			o = args_short(table, s[1]);
			rest = s + 2;
			snprintf(shown, sizeof shown, "-%c", s[1]);
		} else {
			fprintf(stderr, "cfsearch: %s:%u: not an option: '%s' (write --name, "
				"--name=value or --name value)\n", c->path, c->lines[i], s);
			return -1;
		}
		if (o == NULL) {
			fprintf(stderr, "cfsearch: %s:%u: unknown option '%s'\n", c->path, c->lines[i],
				s);
			return -1;
		}
		if (*rest == '=')
			val = rest + 1;
		else if (*rest == ' ' || *rest == '\t' || (*rest && s[1] != '-'))
			val = rest + strspn(rest, " \t");
		if (o->takes_value != (val != NULL) || (val && *val == '\0' && *rest != '=')) {
			fprintf(stderr, "cfsearch: %s:%u: %s %s\n", c->path, c->lines[i], shown,
				o->takes_value ? "needs a value (--name=value or --name value)" :
				"takes no value");
			return -1;
		}
		if (!(o->commands & (1u << a->cmd)))
			continue;   /* another command's default */
		args_add(a, o, val, s);
		a->opts[a->nopts - 1].from_config = 1;
	}
	/* before the command line's, which override them */
	size_t nd = a->nopts - n0;
	if (nd && n0) {
		void *tmp = xmalloc(nd * sizeof *a->opts);
		memcpy(tmp, a->opts + n0, nd * sizeof *a->opts);
		memmove(a->opts + nd, a->opts, n0 * sizeof *a->opts);
		memcpy(a->opts, tmp, nd * sizeof *a->opts);
		free(tmp);
	}
	return 0;
}

void
args_free(struct args *a)
{
	free(a->opts);
	free(a->words);
	memset(a, 0, sizeof *a);
}

const char *
args_command_name(unsigned cmd)
{
	return args_commands[cmd];
}
