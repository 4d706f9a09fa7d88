/* test_quotes.c: who said what (index/quotes.c), form by form. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfsearch.h"
#include "tap.h"

/* The statements of an article made of text (paragraphs apart by blank
 * lines), as "kind|speaker|words" lines (speaker "-" for none).
 * malloc()ed. */
static char *
found(const char *text)
{
	struct cfs_article a;
	struct quotes q;
	struct buf b;
	char *t = xasprintf("Title: a test\n\n%s\n", text);

	memset(&a, 0, sizeof a);
	article_parse(t, strlen(t), &a);
	quotes_find(&a, &q);
	buf_init(&b);
	for (size_t i = 0; i < q.n; i++)
		buf_printf(&b, "%s%s|%s|%s", i ? "\n" : "", q.v[i].kind == QUOTE_DIRECT ?
			   "d" : "r", q.v[i].speaker ? q.v[i].speaker : "-", q.v[i].text);
	if (b.s == NULL)
		buf_adds(&b, "");
	quotes_free(&q);
	article_free(&a);
	free(t);
	return buf_detach(&b);
}

static void
check(const char *text, const char *want, const char *what)
{
	char *got = found(text);
	is_str(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	/* direct, attributed after */
	check("Kremlin spokesman Dmitry Peskov spoke on Monday.\n\n"
	      "\"Contacts with the Americans are planned,\" Peskov said.",
	      "d|Dmitry Peskov|Contacts with the Americans are planned", "\"...,\" Surname said: the full name");
	check("Dmitry Peskov was asked.\n\n\xe2\x80\x9cThe negotiators are flying in,\xe2\x80\x9d said Peskov.",
	      "d|Dmitry Peskov|The negotiators are flying in", "curly quotes, said Surname");
	check("\"If such a need arises, it will be organized quickly,\" \xe2\x80\x93 Dmitry Peskov",
	      "d|Dmitry Peskov|If such a need arises, it will be organized quickly", "a dash before the name");
	check("Marco Rubio flew home.\n\n\"We all eagerly await the Russian response,\" Rubio commented.",
	      "d|Marco Rubio|We all eagerly await the Russian response", "Surname commented");
	check("In Russia, the \xe2\x80\x9c" "ceasefire agreement will not work,\xe2\x80\x9d according to "
	      "Alexander Dugin, a philosopher.",
	      "d|Alexander Dugin|ceasefire agreement will not work", "according to after a quotation");
	/* attributed before */
	check("Marco Rubio mentioned that it was Moscow's decision. He stated, \xe2\x80\x9cUkraine is "
	      "prepared to cease hostilities.\xe2\x80\x9d",
	      "r|Marco Rubio|it was Moscow's decision.\nd|Marco Rubio|Ukraine is prepared to cease hostilities.", "He stated, \"...\": the speaker just named");
	check("Belgian Transport Minister Herman de Croo told reporters: \"I fear the dead could be "
	      "in hundreds.\"",
	      "d|Herman de Croo|I fear the dead could be in hundreds.", "told reporters: \"...\", a particle in the name");
	/* spanning sentences and paragraphs */
	check("Gustavo Petricioli spoke.\n\n\"The first part runs on. And on\n\n"
	      "\"the second part ends here,\" Petricioli said.",
	      "d|Gustavo Petricioli|The first part runs on. And on\nd|Gustavo Petricioli|the second part ends here",
	      "a quotation over two paragraphs: the speaker comes at its end");
	/* lead-ins */
	check("Peter Dickinson noted:\n\n\"If Putin decides not to support the push, it will alter "
	      "the optics.\"",
	      "d|Peter Dickinson|If Putin decides not to support the push, it will alter the optics.", "a lead-in colon, the quotation next");
	check("President Volodymyr Zelensky spoke.\n\nFor his part, Zelensky said:\n\n"
	      "Our proposal was three things: peace in the sky and silence at sea.",
	      "d|Volodymyr Zelensky|Our proposal was three things: peace in the sky and silence at sea.", "a lead-in colon, a paragraph without marks");
	/* reported speech */
	check("Russian Foreign Ministry Spokesperson Maria Zakharova stated that Russia would not be "
	      "coerced into action.",
	      "r|Maria Zakharova|Russia would not be coerced into action.", "X stated that ..., the roles dropped");
	check("Kremlin spokesperson Dmitry Peskov informed the press that they were reviewing the "
	      "statements.",
	      "r|Dmitry Peskov|they were reviewing the statements.", "X informed the press that ...");
	check("Paul Temperton is an economist.\n\nThe Bank must hold out until it sees the Budget, said "
	      "Temperton.",
	      "r|Paul Temperton|The Bank must hold out until it sees the Budget", "..., said X.");
	check("According to Alexander Dugin, the truce will not hold for long.",
	      "r|Alexander Dugin|the truce will not hold for long.", "according to X, ...");
	check("President Volodymyr Zelenskyy, while suggesting the truce, emphasized the need for "
	      "guarantees.",
	      "r|Volodymyr Zelenskyy|the need for guarantees.", "X, while ..., emphasized the ...: the name before the commas");
	check("The Kremlin was cautious, with spokesperson Dmitry Peskov stating that Russia awaits "
	      "details.",
	      "r|Dmitry Peskov|Russia awaits details.", "with X stating that ...");
	check("Peter Dickinson from the Atlantic Council highlighted the risks: \"If Putin says no, "
	      "the optics change.\"",
	      "d|Peter Dickinson|If Putin says no, the optics change.", "X from Y highlighted ...: \"...\" in one paragraph");
	check("Marco Rubio spoke. Ukrainian officials said the exchange, which Rubio said would take "
	      "place soon, was agreed.", "", "a relative clause is no statement");
	check("The crew of the Herald of Free Enterprise said that 345 had been rescued.", "",
	      "a ship after 'of' is no person");
	/* pronouns */
	check("Maria Zakharova stated that Russia would not be coerced. \"Our position is formed at "
	      "home,\" she emphasized.",
	      "r|Maria Zakharova|Russia would not be coerced.\nd|Maria Zakharova|Our position is formed at home",
	      "she: the speaker of the sentence before");
	check("Maria Zakharova stated that Russia would not be coerced. Sergey Lavrov met envoys. "
	      "\"Our position is formed at home,\" she said.",
	      "r|Maria Zakharova|Russia would not be coerced.",
	      "she after another person is named: left out");
	check("Dmitri Peskov said the order had been given.\n\nThe Russian leader set out conditions. "
	      "He said a real settlement would require an end to aid.",
	      "r|Dmitri Peskov|the order had been given.",
	      "he in a later paragraph's second sentence: left out");
	/* roles, organisations, unnamed speakers, doubt */
	check("Kremlin spokesman Dmitry Peskov arrived. \"We will see what happens next,\" the Kremlin "
	      "spokesman said.",
	      "d|Dmitry Peskov|We will see what happens next", "the spokesman: the one named so");
	check("\"The talks will go on for some days,\" the Foreign Ministry said.", "",
	      "an organisation: left out");
	check("\"It's just disguised cheating,\" one Japanese trader said.",
	      "d|-|It's just disguised cheating", "someone unnamed: no speaker");
	check("\"People expect a correction next week,\" the Sanyo broker said.",
	      "d|-|People expect a correction next week", "the broker, no one named so: someone unnamed");
	check("David Steel spoke.\n\n\"We think the doors were open, he said.\n\nSteel told the "
	      "tribunal more.", "", "a quotation left open and not taken up: left out");
	check("John Moore and Alan Moore met. \"Nothing is agreed yet at all,\" Moore said.", "",
	      "two persons of one surname: left out");
	check("\"We lost time, and time is lives,\" he said.", "", "he with nobody before: left out");
	check("Russia stated that the talks would go on.", "", "a country is no speaker");
	check("Ms Mary Jones called the plan \"a trap\".", "", "a partial quotation of two words is no statement");
	/* the switch for measuring */
	setenv("CFSEARCH_NO_STATEMENTS", "1", 1);
	ok(quotes_disabled(), "CFSEARCH_NO_STATEMENTS=1 switches extraction off");
	setenv("CFSEARCH_NO_STATEMENTS", "0", 1);
	ok(!quotes_disabled(), "CFSEARCH_NO_STATEMENTS=0 does not");
	return tap_done();
}
