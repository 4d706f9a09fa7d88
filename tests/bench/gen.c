/* gen.c: a deterministic generator of news-like articles.
 *
 *   gen [-s SEED] [-p PER_DIR] N DIR
 *
 * writes N articles as DIR/DDDD/article-NNNNNNN.txt (PER_DIR a directory,
 * default 1000).  Each has a Title/Date/Source header block and 4-14
 * paragraphs of 1-6 sentences.  Words come from a Zipf-distributed
 * synthetic vocabulary (s = 1.07, 50,000 words) mixed with a diplomatic
 * lexicon, so that term statistics look like real news.  The same seed
 * gives the same bytes on every machine.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VOCAB 50000

static const char *const lexicon[] = {
	"ceasefire", "talks", "negotiations", "delegation", "envoy", "minister",
	"foreign", "security", "guarantees", "sanctions", "withdrawal", "troops",
	"frontline", "truce", "agreement", "summit", "president", "Kremlin",
	"Kyiv", "Moscow", "Washington", "Brussels", "Ankara", "Jeddah", "Istanbul",
	"Kursk", "Donetsk", "Zaporizhzhia", "Kherson", "Odesa", "Kharkiv",
	"Black", "Sea", "grain", "corridor", "prisoner", "exchange", "drone",
	"missile", "energy", "infrastructure", "moratorium", "peacekeepers",
	"NATO", "European", "Union", "United", "Nations", "Zelensky", "Putin",
	"Lavrov", "Rubio", "Witkoff", "Peskov", "Yermak", "Erdogan", "mediator",
	"humanitarian", "aid", "occupation", "territory", "referendum", "border",
	"offensive", "counteroffensive", "shelling", "evacuation", "diplomat",
	"spokesperson", "statement", "proposal", "framework", "memorandum",
	"hostilities", "escalation", "de-escalation", "monitoring", "observers",
	"Gaza", "Hamas", "hostages", "Qatar", "Egypt", "Iran", "nuclear",
	"enrichment", "inspectors", "Armenia", "Azerbaijan", "treaty", "Sudan",
};
#define NLEX (sizeof lexicon / sizeof lexicon[0])

static const char *const sources[] = {
	"Harbor Wire", "Danube Dispatch", "Steppe Herald", "Bosporus Daily",
	"Northern Ledger", "Meridian Press",
};

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
rnd(void)
{
	return (rng() >> 11) * (1.0 / 9007199254740992.0);
}

static char vocab[VOCAB][12];
static double cdf[VOCAB];

static void
make_vocab(void)
{
	static const char cons[] = "bcdfghjklmnprstvwz", vow[] = "aeiou";
	double sum = 0;
	for (int i = 0; i < VOCAB; i++) {
		int syll = 1 + (int)(rng() % 3) + (i > 2000) + (i > 20000);
		char *w = vocab[i];
		int n = 0;
		for (int s = 0; s < syll && n < 9; s++) {
			w[n++] = cons[rng() % (sizeof cons - 1)];
			w[n++] = vow[rng() % (sizeof vow - 1)];
		}
		if (rng() % 3 == 0 && n < 11)
			w[n++] = cons[rng() % (sizeof cons - 1)];
		w[n] = '\0';
		sum += 1.0 / pow(i + 1, 1.07);
		cdf[i] = sum;
	}
	for (int i = 0; i < VOCAB; i++)
		cdf[i] /= sum;
}

static const char *
word(void)
{
	if (rng() % 8 == 0)
		return lexicon[rng() % NLEX];
	double u = rnd();
	int lo = 0, hi = VOCAB - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocab[lo];
}

static void
sentence(FILE *f)
{
	int n = 6 + (int)(rng() % 22);
	for (int i = 0; i < n; i++) {
		const char *w = word();
		if (i == 0)
			fprintf(f, "%c%s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], w + 1);
		else
			fprintf(f, " %s", w);
		if (i < n - 1 && rng() % 12 == 0)
			fputc(',', f);
	}
	fputc('.', f);
}

int
main(int argc, char **argv)
{
	unsigned long long seed = 1987, n;
	unsigned per = 1000;
	int i = 1;
	while (i + 1 < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-s") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-p") == 0)
			per = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else
			break;
		i += 2;
	}
	if (argc - i != 2 || per == 0) {
		fprintf(stderr, "usage: gen [-s SEED] [-p PER_DIR] N DIR\n");
		return 2;
	}
	n = strtoull(argv[i], NULL, 10);
	const char *dir = argv[i + 1];
	rng_state = seed;
	make_vocab();
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	for (unsigned long long a = 0; a < n; a++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%04llu", dir, a / per);
		if (a % per == 0 && mkdir(path, 0777) != 0 && errno != EEXIST) {
			perror(path);
			return 1;
		}
		snprintf(path, sizeof path, "%s/%04llu/article-%07llu.txt", dir, a / per, a);
		FILE *f = fopen(path, "w");
		if (f == NULL) {
			perror(path);
			return 1;
		}
		fputs("Title: ", f);
		int tw = 4 + (int)(rng() % 7);
		for (int k = 0; k < tw; k++) {
			const char *w = word();
			fprintf(f, "%s%c%s", k ? " " : "",
				w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], w + 1);
		}
		fprintf(f, "\nDate: 20%02d-%02d-%02d\nSource: %s\n\n", 20 + (int)(rng() % 6),
			1 + (int)(rng() % 12), 1 + (int)(rng() % 28),
			sources[rng() % (sizeof sources / sizeof sources[0])]);
		int paras = 4 + (int)(rng() % 11);
		for (int p = 0; p < paras; p++) {
			int sents = 1 + (int)(rng() % 6);
			for (int s = 0; s < sents; s++) {
				if (s)
					fputc(' ', f);
				sentence(f);
			}
			fputs(p + 1 < paras ? "\n\n" : "\n", f);
		}
		if (fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
