/*
 * text.cc: what the C side needs of Xapian's text handling: Unicode
 * character classes (for src/words.c), the English stemmer, and Xapian's
 * own TermGenerator as the oracle that src/words.c is checked against.
 */
#include "config.h"

#include <string.h>

#include <algorithm>
#include <new>
#include <vector>

#include "internal.h"

using namespace cfs;

extern "C" {

int cfs_char_is_word(uint32_t c)
{
	return Xapian::Unicode::is_wordchar(c) ? 1 : 0;
}

uint32_t cfs_char_lower(uint32_t c)
{
	return Xapian::Unicode::tolower(c);
}

int cfs_char_is_digit(uint32_t c)
{
	return Xapian::Unicode::get_category(c) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

cfs_status cfs_stem(const char *word, size_t len, char **out)
{
	if (out)
		*out = NULL;
	if (!word || !out)
		return CFS_ERR_INVALID;
	try {
		static Xapian::Stem st("english");
		char *p = dup_string(st(std::string(word, len)));
		if (!p)
			return CFS_ERR_NOMEM;
		*out = p;
		return CFS_OK;
	} catch (...) {
		return translate(NULL);
	}
}

cfs_status cfs_xapian_words(const char *text, size_t len, cfs_word_fn fn, void *ctx)
{
	if (!text && len)
		return CFS_ERR_INVALID;
	try {
		Xapian::TermGenerator tg;
		Xapian::Document doc;
		tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
		tg.set_document(doc);
		tg.index_text(Xapian::Utf8Iterator(text, len));
		/* positions back into order */
		std::vector<std::pair<Xapian::termpos, std::string> > words;
		for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
			for (Xapian::PositionIterator p = t.positionlist_begin();
			     p != t.positionlist_end(); ++p)
				words.push_back(std::make_pair(*p, *t));
		std::sort(words.begin(), words.end());
		for (size_t i = 0; i < words.size(); i++)
			if (fn(ctx, words[i].second.c_str(), words[i].second.size(), words[i].first))
				break;
		return CFS_OK;
	} catch (...) {
		return translate(NULL);
	}
}

} // extern "C"
