/*
 * shim.cc: the C interface to Xapian (see shim.h).
 *
 * The only C++ file of cfsearch and the only one that includes <xapian.h>.
 * Every exported function is extern "C", catches everything, and reports
 * through a cfs_status plus a message "Class: message (context)".
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <new>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "xapian/internal.h"

using namespace cfs;

namespace {

/* The words of s (defined with the queries' code). */
std::vector<std::string> words_of(const std::string &s);

} // namespace


namespace {

struct hit {
	double score;
	Xapian::docid did;
	std::string data;
	std::string vals[4];
	unsigned have;          /* bit s set: vals[s] is known */
	uint64_t collapsed;
};

} // namespace

struct cfs_mset {
	std::vector<hit> hits;
	uint64_t estimated;
	std::vector<std::string> words, unknown;
	std::vector<const char *> wordp, unknownp;
};


/* ---- queries ---- */

namespace {

typedef Xapian::Query Q;

/* A leaf term split into its parts: "Z" + prefix + stem, or prefix + word.
 * Prefixes are runs of capital ASCII letters; words are lowercase. */
struct term_parts {
	bool stemmed;
	std::string prefix, word;
};

term_parts split_term(const std::string &t)
{
	term_parts p;
	size_t i = 0;
	p.stemmed = !t.empty() && t[0] == 'Z';
	if (p.stemmed)
		i = 1;
	size_t j = i;
	while (j < t.size() && t[j] >= 'A' && t[j] <= 'Z')
		j++;
	p.prefix = t.substr(i, j - i);
	p.word = t.substr(j);
	return p;
}

bool variant_prefix(const std::string &p)
{
	return p.empty() || p == CFS_PREFIX_TITLE || p == CFS_PREFIX_SOURCE;
}

/* The words of s: runs of word characters, lowercased. */
std::vector<std::string> words_of(const std::string &s)
{
	std::vector<std::string> out;
	std::string cur;
	for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it) {
		unsigned ch = *it;
		if (Xapian::Unicode::is_wordchar(ch)) {
			Xapian::Unicode::append_utf8(cur, Xapian::Unicode::tolower(ch));
		} else if (!cur.empty()) {
			out.push_back(cur);
			cur.clear();
		}
	}
	if (!cur.empty())
		out.push_back(cur);
	return out;
}

/* The text inside "Query(...)". */
std::string inner_desc(const Q &q)
{
	std::string d = q.get_description();
	if (d.compare(0, 6, "Query(") == 0 && d.size() >= 7)
		return d.substr(6, d.size() - 7);
	return d;
}

/* Parameters the public API does not expose, read back from the
 * description: the window of OP_NEAR/OP_PHRASE ("(a@1 NEAR 11 b@2)"), the
 * size of OP_ELITE_SET, the factor of OP_SCALE_WEIGHT ("2.5 * a"). */
unsigned op_param(const Q &q, const char *opname)
{
	if (q.get_num_subqueries() == 0)
		return 0;
	std::string d = inner_desc(q);
	std::string s0 = inner_desc(q.get_subquery(0));
	std::string mid = std::string(" ") + opname + " ";
	size_t at = 1 + s0.size();
	if (d.size() > at + mid.size() && d.compare(at, mid.size(), mid) == 0)
		return static_cast<unsigned>(strtoul(d.c_str() + at + mid.size(), NULL, 10));
	return 0;
}

double scale_factor(const Q &q)
{
	std::string d = inner_desc(q);
	return strtod(d.c_str(), NULL);
}

Q rebuild(const Q &orig, const std::vector<Q> &subs)
{
	Q::op op = orig.get_type();
	switch (op) {
	case Q::OP_NEAR:
		return Q(op, subs.begin(), subs.end(), op_param(orig, "NEAR"));
	case Q::OP_PHRASE:
		return Q(op, subs.begin(), subs.end(), op_param(orig, "PHRASE"));
	case Q::OP_ELITE_SET:
		return Q(op, subs.begin(), subs.end(), op_param(orig, "ELITE_SET"));
	case Q::OP_SCALE_WEIGHT:
		return Q(op, subs.at(0), scale_factor(orig));
	default:
		return Q(op, subs.begin(), subs.end());
	}
}

/* The index terms a wildcard pattern matches: those starting with it.
 * Schema 2 indexes stems, so a wildcard typed as the start of a word
 * ("negotiat*", "presiden*") must also find stems shorter than it
 * ("negoti", "presid"): the stems of the pattern with one of these
 * endings ("market*" finds "market", never "mark"). */
struct wildcard_stems {
	std::string pat, scan;       /* scan: where the term scan starts */
	std::set<std::string> short_stems;

	wildcard_stems(const std::string &p, const Xapian::Stem &stem, int schema)
		: pat(p), scan(p)
	{
		if (schema < 2)
			return;
		static const char *const endings[] = {
			"", "e", "s", "t", "r", "y", "al", "ed", "er", "es", "ing", "ion",
			"ions", "ation", "ment", "ity", "ive", "ist", "ism", "ence", "ance", NULL
		};
		for (int i = 0; endings[i]; i++) {
			std::string t = stem(pat + endings[i]);
			if (t.size() < pat.size() && !t.empty()) {
				short_stems.insert(t);
				size_t k = 0;
				while (k < scan.size() && k < t.size() && scan[k] == t[k])
					k++;
				scan.erase(k);
			}
		}
	}
	bool matches(const std::string &t) const
	{
		return t.compare(0, pat.size(), pat) == 0 || short_stems.count(t) != 0;
	}
};

/* Schema 2's form of q: each text leaf (no prefix, title or source; a
 * Z-prefixed stem or a word as typed) becomes prefix + stem, keeping its
 * wqf.  Boolean terms, and wildcard expansions (OP_SYNONYM of terms read
 * from the index) are left alone. */
Q to_stems(const Q &q, const Xapian::Stem &stem)
{
	Q::op op = q.get_type();
	if (op == Q::LEAF_TERM) {
		Xapian::TermIterator t = q.get_terms_begin();
		if (t == q.get_terms_end())
			return q;
		term_parts p = split_term(*t);
		if (!variant_prefix(p.prefix))
			return q;
		std::string s = p.prefix + (p.stemmed ? p.word : stem(p.word));
		/* the wqf shows in the description as "term#N" */
		std::string d = inner_desc(q), term = *t;
		Xapian::termcount wqf = 1;
		if (d.size() > term.size() + 1 && d.compare(0, term.size(), term) == 0 &&
		    d[term.size()] == '#')
			wqf = static_cast<Xapian::termcount>(strtoul(d.c_str() + term.size() + 1,
								     NULL, 10));
		return Q(s, wqf ? wqf : 1);
	}
	if (op == Q::OP_SYNONYM)
		return q;
	size_t n = q.get_num_subqueries();
	if (n == 0)
		return q;
	std::vector<Q> subs;
	for (size_t i = 0; i < n; i++)
		subs.push_back(to_stems(q.get_subquery(i), stem));
	return rebuild(q, subs);
}

struct search_ctx {
	Xapian::Database *db;
	const cfs_query_opts *o;
	Xapian::Stem stem;
	/* stem -> the query's words with that stem */
	std::map<std::string, std::vector<std::string> > stem_words;
	/* for cfs_mset_words / cfs_mset_unknown_words */
	std::vector<std::string> hl_words;
	std::set<std::string> hl_seen;
	std::vector<std::string> query_words;
	std::set<std::string> qw_seen;

	int schema;   /* the database's: 2 stems every word */

	search_ctx() : db(NULL), o(NULL), stem("english"), schema(1) {}

	void add_hl(const std::string &w)
	{
		if (!w.empty() && hl_seen.insert(w).second)
			hl_words.push_back(w);
	}
	void add_hl_all(const std::string &v)
	{
		std::vector<std::string> ws = words_of(v);
		for (size_t i = 0; i < ws.size(); i++)
			add_hl(ws[i]);
	}
	void add_qword(const std::string &w)
	{
		if (!w.empty() && qw_seen.insert(w).second)
			query_words.push_back(w);
	}

	/* The variant group of word (word itself first), lowercased. */
	std::vector<std::string> variants(const std::string &word)
	{
		std::vector<std::string> g;
		g.push_back(word);
		if (!o->variants)
			return g;
		const char *const *v = o->variants(o->variants_ctx, word.c_str());
		for (; v && *v; v++) {
			std::string s = Xapian::Unicode::tolower(std::string(*v));
			if (!s.empty() && std::find(g.begin(), g.end(), s) == g.end())
				g.push_back(s);
		}
		return g;
	}

	/* The original words behind a leaf. */
	std::vector<std::string> originals(const term_parts &p)
	{
		if (!p.stemmed)
			return std::vector<std::string>(1, p.word);
		std::map<std::string, std::vector<std::string> >::const_iterator it =
			stem_words.find(p.word);
		if (it != stem_words.end())
			return it->second;
		return std::vector<std::string>(1, p.word);
	}

	/* The query for one variant v in the form of the leaf p. */
	Q variant_query(const std::string &v, const term_parts &p, bool positional,
			std::string *key)
	{
		std::vector<std::string> ws = words_of(v);
		if (ws.empty())
			ws.push_back(v);
		if (ws.size() == 1) {
			std::string t = p.stemmed && !positional ? "Z" + p.prefix + stem(ws[0])
								 : p.prefix + ws[0];
			*key = t;
			return Q(t);
		}
		std::vector<Q> subs;
		*key = "\"";
		for (size_t i = 0; i < ws.size(); i++) {
			subs.push_back(Q(p.prefix + ws[i]));
			*key += p.prefix + ws[i] + " ";
		}
		return Q(Q::OP_PHRASE, subs.begin(), subs.end(), static_cast<unsigned>(ws.size()));
	}

	/* A leaf with its variants: OR of the forms, or the leaf unchanged. */
	Q expand_leaf(const Q &leaf, const std::string &term, bool positional, bool neg,
		      bool singles_only)
	{
		term_parts p = split_term(term);
		if (!variant_prefix(p.prefix))
			return leaf;
		std::vector<std::string> orig = originals(p);
		std::vector<std::string> group;
		for (size_t i = 0; i < orig.size(); i++) {
			std::vector<std::string> g = variants(orig[i]);
			for (size_t j = 0; j < g.size(); j++)
				if (std::find(group.begin(), group.end(), g[j]) == group.end())
					group.push_back(g[j]);
		}
		std::vector<Q> subs;
		std::set<std::string> keys;
		std::string key;
		for (size_t i = 0; i < group.size(); i++) {
			if (singles_only && words_of(group[i]).size() > 1)
				continue;
			Q vq = variant_query(group[i], p, positional, &key);
			if (keys.insert(key).second) {
				subs.push_back(vq);
				if (!neg)
					add_hl_all(group[i]);
			}
		}
		if (!neg && p.prefix.empty())
			for (size_t i = 0; i < orig.size(); i++)
				add_qword(orig[i]);
		if (subs.size() <= 1)
			return leaf;
		return Q(Q::OP_OR, subs.begin(), subs.end());
	}

	Q expand_positional(const Q &q, bool neg);
	Q expand(const Q &q, bool neg, bool *changed);
};

const size_t MAX_COMBINATIONS = 32;

/* OP_PHRASE / OP_NEAR over leaf terms (as the QueryParser builds them).
 *
 * The words are cut into units: a run of 2-4 words that has a variant group
 * of its own ("al assad", typed "al-assad" or quoted) is one unit, any other
 * word is one.  When every unit and every variant is a single word, each
 * word becomes an OP_OR of its variants under the phrase (Xapian 1.4 allows
 * OR of terms there, but not OR of phrases: an OP_PHRASE under an OR under
 * a phrase silently fails to match).  Otherwise the result is an OR of one
 * phrase per combination of variants, bounded by MAX_COMBINATIONS, beyond
 * which multi-word variants are dropped. */
Q search_ctx::expand_positional(const Q &q, bool neg)
{
	Q::op op = q.get_type();
	size_t n = q.get_num_subqueries();
	unsigned window = op_param(q, op == Q::OP_PHRASE ? "PHRASE" : "NEAR");
	std::vector<term_parts> parts;
	for (size_t i = 0; i < n; i++) {
		Q s = q.get_subquery(i);
		if (s.get_type() != Q::LEAF_TERM)
			return q;
		parts.push_back(split_term(*s.get_terms_begin()));
		if (!variant_prefix(parts.back().prefix) || parts.back().prefix != parts[0].prefix ||
		    parts.back().stemmed)
			return q;
	}
	const std::string &prefix = parts[0].prefix;
	if (!neg && prefix.empty())
		for (size_t i = 0; i < n; i++)
			add_qword(parts[i].word);

	/* units */
	std::vector<std::vector<std::string> > groups; /* variants of each unit */
	std::vector<size_t> unit_len;
	bool multi = false;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		std::vector<std::string> g;
		if (op == Q::OP_PHRASE) {
			for (size_t l = std::min<size_t>(4, n - i); l >= 2; l--) {
				std::string hy, sp;
				for (size_t k = 0; k < l; k++) {
					hy += (k ? "-" : "") + parts[i + k].word;
					sp += (k ? " " : "") + parts[i + k].word;
				}
				g = variants(hy);
				if (g.size() <= 1)
					g = variants(sp);
				if (g.size() > 1) {
					g[0] = sp;
					len = l;
					break;
				}
			}
		}
		if (len == 1)
			g = variants(parts[i].word);
		for (size_t j = 0; j < g.size(); j++)
			if (words_of(g[j]).size() > 1)
				multi = true;
		groups.push_back(g);
		unit_len.push_back(len);
		i += len;
	}
	size_t combos = 1;
	for (size_t u = 0; u < groups.size() && combos <= MAX_COMBINATIONS; u++)
		combos *= groups[u].size();
	if (!neg)
		for (size_t u = 0; u < groups.size(); u++)
			for (size_t j = 0; j < groups[u].size(); j++)
				if (multi && combos <= MAX_COMBINATIONS ? true
				    : words_of(groups[u][j]).size() == 1)
					add_hl_all(groups[u][j]);

	if (multi && combos <= MAX_COMBINATIONS) {
		std::vector<Q> phrases;
		std::vector<size_t> idx(groups.size(), 0);
		for (;;) {
			std::vector<Q> subs;
			for (size_t u = 0; u < groups.size(); u++) {
				std::vector<std::string> ws = words_of(groups[u][idx[u]]);
				if (ws.empty())
					ws.push_back(groups[u][idx[u]]);
				for (size_t k = 0; k < ws.size(); k++)
					subs.push_back(Q(prefix + ws[k]));
			}
			unsigned w = static_cast<unsigned>(subs.size());
			if (op == Q::OP_NEAR && window > n)
				w += window - static_cast<unsigned>(n);
			phrases.push_back(subs.size() == 1 ? subs[0]
					  : Q(op, subs.begin(), subs.end(), w));
			size_t u = 0;
			while (u < groups.size() && ++idx[u] == groups[u].size())
				idx[u++] = 0;
			if (u == groups.size())
				break;
		}
		return phrases.size() == 1 ? phrases[0] : Q(Q::OP_OR, phrases.begin(), phrases.end());
	}

	/* word by word, single-word variants only */
	std::vector<Q> subs;
	bool changed = false;
	size_t i = 0;
	for (size_t u = 0; u < groups.size(); u++) {
		if (unit_len[u] > 1) {
			for (size_t k = 0; k < unit_len[u]; k++)
				subs.push_back(Q(prefix + parts[i + k].word));
			i += unit_len[u];
			continue;
		}
		std::vector<Q> alts;
		std::set<std::string> keys;
		for (size_t j = 0; j < groups[u].size(); j++) {
			std::vector<std::string> ws = words_of(groups[u][j]);
			if (ws.size() != 1)
				continue;
			if (keys.insert(ws[0]).second)
				alts.push_back(Q(prefix + ws[0]));
		}
		if (alts.size() > 1)
			changed = true;
		subs.push_back(alts.size() == 1 ? alts[0] : Q(Q::OP_OR, alts.begin(), alts.end()));
		i++;
	}
	if (!changed)
		return q;
	return Q(op, subs.begin(), subs.end(), window);
}

/* Expand the name variants throughout q. */
Q search_ctx::expand(const Q &q, bool neg, bool *changed)
{
	Q::op op = q.get_type();
	if (op == Q::LEAF_TERM) {
		Xapian::TermIterator t = q.get_terms_begin();
		if (t == q.get_terms_end())
			return q;
		Q e = expand_leaf(q, *t, false, neg, false);
		if (e.get_type() != Q::LEAF_TERM)
			*changed = true;
		return e;
	}
	if (op == Q::OP_WILDCARD) {
		/* Expand here, over all the databases at once, rather than let
		 * each remote shard expand it with its own term statistics: the
		 * same terms, and so the same scores, as over a single index. */
		std::string d = q.get_description();
		std::string::size_type sp = d.find("WILDCARD ");
		if (sp == std::string::npos)
			return q;
		sp = d.find(' ', sp + 9);
		if (sp == std::string::npos)
			return q;
		std::string pat = d.substr(sp + 1);
		if (!pat.empty() && pat[pat.size() - 1] == ')')
			pat.erase(pat.size() - 1);
		std::vector<std::pair<Xapian::doccount, std::string> > found;
		wildcard_stems ws(pat, stem, schema);
		for (Xapian::TermIterator t = db->allterms_begin(ws.scan);
		     t != db->allterms_end(ws.scan); ++t)
			if (ws.matches(*t))
				found.push_back(std::make_pair(t.get_termfreq(), *t));
		/* the most frequent first, then in byte order: bounded */
		std::sort(found.begin(), found.end(),
			  [](const std::pair<Xapian::doccount, std::string> &a,
			     const std::pair<Xapian::doccount, std::string> &b) {
				  return a.first != b.first ? a.first > b.first : a.second < b.second;
			  });
		unsigned lim = o->wildcard_limit ? o->wildcard_limit : 100;
		std::vector<Q> terms;
		for (size_t i = 0; i < found.size() && i < lim; i++)
			terms.push_back(Q(found[i].second));
		*changed = true;
		if (terms.empty())
			return Q::MatchNothing;
		return Q(Q::OP_SYNONYM, terms.begin(), terms.end());
	}
	if (op == Q::OP_PHRASE || op == Q::OP_NEAR) {
		Q e = expand_positional(q, neg);
		if (e.get_description() != q.get_description())
			*changed = true;
		return e;
	}
	size_t n = q.get_num_subqueries();
	if (n == 0)
		return q;
	std::vector<Q> subs;
	bool ch = false;
	for (size_t i = 0; i < n; i++) {
		bool sub_neg = neg || (op == Q::OP_AND_NOT && i > 0);
		subs.push_back(expand(q.get_subquery(i), sub_neg, &ch));
	}
	if (!ch)
		return q;
	*changed = true;
	return rebuild(q, subs);
}

/* Is every term of q a title: or source: term (S, XS, or stemmed ZS, ZXS)? */
bool is_field_unit(const Q &q)
{
	bool any = false;
	for (Xapian::TermIterator t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
		const std::string &s = *t;
		std::string::size_type i = (!s.empty() && s[0] == 'Z') ? 1 : 0;
		bool field = s.compare(i, 1, CFS_PREFIX_TITLE) == 0 ||
			     s.compare(i, 2, CFS_PREFIX_SOURCE) == 0;
		if (!field)
			return false;
		any = true;
	}
	return any;
}

/* Does anything in q occur in the database? (OR: any part; AND and
 * positional: every part.) */
bool exists(Xapian::Database &db, const Q &q)
{
	Q::op op = q.get_type();
	size_t n = q.get_num_subqueries();
	if (op == Q::LEAF_TERM) {
		Xapian::TermIterator t = q.get_terms_begin();
		return t == q.get_terms_end() || db.get_termfreq(*t) > 0;
	}
	if (op == Q::OP_OR || op == Q::OP_SYNONYM || op == Q::OP_MAX) {
		for (size_t i = 0; i < n; i++)
			if (exists(db, q.get_subquery(i)))
				return true;
		return false;
	}
	if (op == Q::OP_AND || op == Q::OP_PHRASE || op == Q::OP_NEAR) {
		for (size_t i = 0; i < n; i++)
			if (!exists(db, q.get_subquery(i)))
				return false;
		return true;
	}
	return true;
}

/* Positive leaf terms of q (not under the right side of AND_NOT). */
void positive_terms(const Q &q, std::vector<std::string> &out)
{
	Q::op op = q.get_type();
	if (op == Q::LEAF_TERM) {
		Xapian::TermIterator t = q.get_terms_begin();
		if (t != q.get_terms_end())
			out.push_back(*t);
		return;
	}
	size_t n = q.get_num_subqueries();
	if (op == Q::OP_AND_NOT)
		n = n ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		positive_terms(q.get_subquery(i), out);
}

/* Did the user write an explicit boolean operator? */
bool explicit_ops(const std::string &qs)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL};
	size_t i = 0;
	while (i < qs.size()) {
		while (i < qs.size() && qs[i] == ' ')
			i++;
		size_t j = i;
		while (j < qs.size() && qs[j] != ' ')
			j++;
		std::string tok = qs.substr(i, j - i);
		if (!tok.empty()) {
			if (tok[0] == '+' || tok[0] == '-' || tok[0] == '(')
				return true;
			for (int k = 0; ops[k]; k++)
				if (tok == ops[k] || tok.compare(0, strlen(ops[k]) + 1,
							std::string(ops[k]) + "/") == 0)
					return true;
		}
		i = j;
	}
	return qs.find('(') != std::string::npos;
}

/* q with its base (the query's own part: the first subquery down its
 * chain of boosts, AND_MAYBE, and filters, FILTER) replaced by f(base). */
template <class F> Q at_base(const Q &q, F f)
{
	Q::op op = q.get_type();
	if ((op != Q::OP_AND_MAYBE && op != Q::OP_FILTER) || q.get_num_subqueries() < 2)
		return f(q);
	std::vector<Q> subs;
	subs.push_back(at_base(q.get_subquery(0), f));
	for (size_t i = 1; i < q.get_num_subqueries(); i++)
		subs.push_back(q.get_subquery(i));
	return rebuild(q, subs);
}

/* q filtered by f: the filter goes on its base, under the boosts.  The
 * same matches and weights as Q(OP_FILTER, q, f), but that form makes
 * Xapian 1.4 credit a phrase boost under a near boost to passages without
 * the phrase when f is a value range (a date). */
Q with_filter(const Q &q, const Q &f)
{
	return at_base(q, [&](const Q &base) { return Q(Q::OP_FILTER, base, f); });
}

/* q without its boosts: the same matches, weighed by the base alone. */
Q without_boosts(const Q &q)
{
	if (q.get_type() == Q::OP_AND_MAYBE && q.get_num_subqueries() >= 2)
		return without_boosts(q.get_subquery(0));
	if (q.get_type() != Q::OP_FILTER || q.get_num_subqueries() < 2)
		return q;
	std::vector<Q> subs;
	subs.push_back(without_boosts(q.get_subquery(0)));
	for (size_t i = 1; i < q.get_num_subqueries(); i++)
		subs.push_back(q.get_subquery(i));
	return rebuild(q, subs);
}

/* Tier 1 of q: its base, the OR of the query's units, replaced by all, the
 * AND of the units the index has.  Where all matches, the OR weighs the
 * same as the AND; filtering the OR by the AND made Xapian evaluate each
 * unit twice (at 100,000 articles, a phrase of two common words beside a
 * third word took 362 ms instead of 69). */
Q tier1_of(const Q &q, const Q &all)
{
	return at_base(q, [&](const Q &) { return all; });
}

/* By relevance, ties by the order key (which is then each hit's sort key);
 * else by date. */
bool sorts_by_order(const cfs_query_opts *o)
{
	return !(o->flags & CFS_Q_SORT_DATE);
}

void setup_enquire(Xapian::Enquire &enq, const cfs_query_opts *o)
{
	enq.set_weighting_scheme(Xapian::BM25Weight(o->k1, 0, 1, o->b, 0.5));
	if (sorts_by_order(o))
		enq.set_sort_by_relevance_then_value(CFS_SLOT_ORDER, false);
	else
		enq.set_sort_by_value_then_relevance(CFS_SLOT_DATE, true);
	if (o->per_article)
		enq.set_collapse_key(CFS_SLOT_ARTICLE, o->per_article);
}

/* The title's part of the score, added after the match: as a term of the
 * query (under AND_MAYBE) it raised every passage's possible weight, so
 * Xapian could stop early far less often (a phrase of two very common words
 * took 620 ms instead of 80 at 100,000 articles).  The weights are Xapian's
 * own: the title query is run again over the passages of the articles
 * fetched (their XP terms filter it), with the same weighting scheme and
 * the statistics of the whole database. */
struct title_rerank {
	Xapian::Database *db;
	const cfs_query_opts *o;
	Q title;
	bool on;
};

bool hit_before(const hit &a, const hit &b)
{
	if (a.score != b.score)
		return a.score > b.score;
	return a.vals[CFS_SLOT_ORDER] < b.vals[CFS_SLOT_ORDER];
}

/* Add each hit's title weight. */
void add_title_weights(const title_rerank &tr, std::vector<hit> &hits)
{
	if (!tr.on || hits.empty())
		return;
	std::set<std::string> arts;
	for (size_t i = 0; i < hits.size(); i++)
		if (!hits[i].vals[CFS_SLOT_ARTICLE].empty())
			arts.insert(CFS_PREFIX_ARTICLE + hits[i].vals[CFS_SLOT_ARTICLE]);
	std::vector<Q> xp(arts.begin(), arts.end());
	Xapian::Enquire enq(*tr.db);
	setup_enquire(enq, tr.o);
	enq.set_collapse_key(Xapian::BAD_VALUENO);
	enq.set_query(Q(Q::OP_FILTER, tr.title, Q(Q::OP_OR, xp.begin(), xp.end())));
	Xapian::MSet ms = enq.get_mset(0, tr.db->get_doccount());
	std::map<Xapian::docid, double> w;
	for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
		w[*it] = it.get_weight();
	for (size_t i = 0; i < hits.size(); i++) {
		std::map<Xapian::docid, double>::const_iterator f = w.find(hits[i].did);
		if (f != w.end())
			hits[i].score += f->second;
	}
}

/* The hits of ms, with what the match already knows of them: the order key
 * (the sort key when sorting by relevance) and the article (the collapse
 * key).  Reading a value costs a B-tree lookup (at 100,000 articles, four
 * values of twenty hits were half of a query's reads); the rest is read
 * by complete_hit, for the hits handed out only. */
void collect_hits(Xapian::Database &db, const Xapian::MSet &ms, const cfs_query_opts *o,
		  bool need_article, std::vector<hit> &all)
{
	all.clear();
	for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it) {
		hit h;
		h.score = it.get_weight();
		h.did = *it;
		h.have = 0;
		if (sorts_by_order(o)) {
			h.vals[CFS_SLOT_ORDER] = it.get_sort_key();
			h.have |= 1u << CFS_SLOT_ORDER;
		}
		if (o->per_article) {
			h.vals[CFS_SLOT_ARTICLE] = it.get_collapse_key();
			h.have |= 1u << CFS_SLOT_ARTICLE;
		} else if (need_article) {
			h.vals[CFS_SLOT_ARTICLE] = db.get_document(h.did, Xapian::DOC_ASSUME_VALID)
						       .get_value(CFS_SLOT_ARTICLE);
			h.have |= 1u << CFS_SLOT_ARTICLE;
		}
		h.collapsed = it.get_collapse_count();
		all.push_back(h);
	}
}

/* Read a hit's data and the values asked for (mask; 0: all) that the match
 * did not give. */
void complete_hit(Xapian::Database &db, hit &h, unsigned mask)
{
	Xapian::Document doc = db.get_document(h.did, Xapian::DOC_ASSUME_VALID);
	h.data = doc.get_data();
	if (mask == 0)
		mask = 0xf;
	for (unsigned s = 0; s < 4; s++)
		if ((mask & ~h.have) & (1u << s))
			h.vals[s] = doc.get_value(s);
}

/* Hits are re-ranked by title within fixed groups of the ranking by the
 * query alone: ranks 1-20, 21-40, ...  A passage can rise at most 19 places
 * by its title; in exchange the pages agree (a page and the next are cut
 * from the same groups whatever the offset), and Xapian is asked for few
 * hits.  Placing the title exactly costs too much: every passage within the
 * most a title can add of the n-th has to be fetched (at 100,000 articles,
 * p50 7.7 -> 13.3 ms). */
#define RERANK_GROUP 20

/* The best n hits of enq's query, re-ranked with the title's weight; append
 * them to m, skipping the first skip, until m holds max.  Returns the MSet
 * fetched (whole groups: it may hold more than n). */
Xapian::MSet take_ranked(Xapian::Enquire &enq, Xapian::doccount n, size_t skip, size_t max,
			 Xapian::doccount check, cfs_mset *m, const title_rerank &tr)
{
	if (tr.on)
		n = (n + RERANK_GROUP - 1) / RERANK_GROUP * RERANK_GROUP;
	Xapian::MSet ms = enq.get_mset(0, n, check);
	std::vector<hit> all;
	collect_hits(*tr.db, ms, tr.o, tr.on, all);
	if (tr.on) {
		add_title_weights(tr, all);
		for (size_t g = 0; g < all.size(); g += RERANK_GROUP)
			std::stable_sort(all.begin() + g,
					 all.begin() + std::min(all.size(), g + RERANK_GROUP),
					 hit_before);
	}
	for (size_t i = skip; i < all.size() && m->hits.size() < max; i++) {
		complete_hit(*tr.db, all[i], tr.o->values);
		m->hits.push_back(all[i]);
	}
	return ms;
}

cfs_status run_search(cfs_rdb *db, const cfs_query_opts *o, cfs_mset *m, std::string *desc)
{
	search_ctx cx;
	cx.db = &db->db;
	cx.o = o;
	cx.schema = CFS_SCHEMA;
	std::string qs = o->query ? o->query : "";

	/* The raw words, to map stems back to the words typed. */
	std::vector<std::string> raw = words_of(qs);
	/* Xapian's matcher slows down quadratically with thousands of
	 * subqueries (10,000 phrases: over 40 s): refuse such a query. */
	if (raw.size() > 1000)
		throw Xapian::QueryParserError("query too long: " +
		    std::to_string(raw.size()) + " words (at most 1000)");
	for (size_t i = 0; i < raw.size(); i++) {
		std::vector<std::string> &v = cx.stem_words[cx.stem(raw[i])];
		if (std::find(v.begin(), v.end(), raw[i]) == v.end())
			v.push_back(raw[i]);
	}

	Xapian::QueryParser qp;
	qp.set_stemmer(cx.stem);
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_default_op(Q::OP_OR);
	qp.set_database(db->db);
	qp.add_prefix("title", CFS_PREFIX_TITLE);
	qp.add_prefix("source", CFS_PREFIX_SOURCE);
	qp.add_rangeprocessor((new Xapian::DateRangeProcessor(CFS_SLOT_DATE, "date:"))->release());
	if (o->wildcard_limit)
		qp.set_max_expansion(o->wildcard_limit, Q::WILDCARD_LIMIT_MOST_FREQUENT);
	unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
			 Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
			 Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;
	Q parsed = qp.parse_query(qs, flags);

	/* Peel filters (date: ranges) off the top. */
	Q core = parsed;
	std::vector<Q> filters;
	while (core.get_type() == Q::OP_FILTER && core.get_num_subqueries() >= 2) {
		for (size_t i = 1; i < core.get_num_subqueries(); i++)
			filters.push_back(core.get_subquery(i));
		core = core.get_subquery(0);
	}

	/* A plain list of words and phrases? */
	bool plain = !explicit_ops(qs);
	std::vector<Q> units;
	if (core.get_type() == Q::OP_OR) {
		for (size_t i = 0; i < core.get_num_subqueries(); i++) {
			Q s = core.get_subquery(i);
			if (s.get_type() != Q::LEAF_TERM && s.get_type() != Q::OP_PHRASE)
				plain = false;
			units.push_back(s);
		}
	} else {
		if (core.get_type() != Q::LEAF_TERM && core.get_type() != Q::OP_PHRASE)
			plain = false;
		units.push_back(core);
	}

	/* (a) name variants */
	bool changed = false;
	Q base;
	std::vector<Q> xunits;
	if (plain) {
		/* title: and source: units beside other words filter; alone,
		 * they are the query */
		std::vector<Q> fields;
		for (size_t i = 0; i < units.size(); i++) {
			Q e = cx.expand(units[i], false, &changed);
			if (is_field_unit(units[i]))
				fields.push_back(e);
			else
				xunits.push_back(e);
		}
		if (xunits.empty())
			xunits.swap(fields);
		if (!fields.empty()) {
			filters.push_back(fields.size() == 1 ? fields[0]
					  : Q(Q::OP_AND, fields.begin(), fields.end()));
			changed = true;
		}
		base = xunits.size() == 1 ? xunits[0]
		       : Q(Q::OP_OR, xunits.begin(), xunits.end());
	} else {
		base = cx.expand(core, false, &changed);
	}

	/* Highlight words also from leaves the expansion left alone (e.g.
	 * title:/source: words) and wildcard expansions (the terms expand()
	 * put under OP_SYNONYM). */
	{
		std::vector<std::string> terms;
		positive_terms(base, terms);
		for (size_t i = 0; i < terms.size(); i++) {
			term_parts p = split_term(terms[i]);
			if (!p.stemmed)
				cx.add_hl(p.word);
			std::vector<std::string> orig = cx.originals(p);
			if (p.stemmed)
				for (size_t j = 0; j < orig.size(); j++)
					cx.add_hl(orig[j]);
		}
	}

	/* Words of the query not in the index. */
	{
		std::vector<std::string> terms;
		positive_terms(core, terms);
		for (size_t i = 0; i < terms.size(); i++) {
			term_parts p = split_term(terms[i]);
			std::vector<std::string> orig = cx.originals(p);
			for (size_t j = 0; j < orig.size(); j++) {
				const std::string &w = orig[j];
				bool known = cx.schema >= 2
					? db->db.get_termfreq(p.prefix + cx.stem(w)) > 0
					: db->db.get_termfreq("Z" + p.prefix + cx.stem(w)) > 0 ||
					  db->db.get_termfreq(p.prefix + w) > 0;
				if (!known &&
				    std::find(m->unknown.begin(), m->unknown.end(), w) == m->unknown.end())
					m->unknown.push_back(w);
			}
		}
	}

	Q q = base;
	Q q_apart;   /* without the phrase and near boosts: for tier 2 */
	title_rerank tr;
	tr.db = &db->db;
	tr.o = o;
	tr.on = false;
	bool boosts = !(o->flags & CFS_Q_NO_BOOSTS);
	bool positional = false;   /* q holds the phrase and near boosts */
	q_apart = base;
	/* (b) phrase and near boosts over the plain words (unprefixed terms
	 * directly under a top-level OR or AND). */
	if (boosts && (core.get_type() == Q::OP_OR || core.get_type() == Q::OP_AND)) {
		std::vector<Q> ph;
		for (size_t i = 0; i < core.get_num_subqueries(); i++) {
			Q u = core.get_subquery(i);
			if (u.get_type() != Q::LEAF_TERM)
				continue;
			term_parts p = split_term(*u.get_terms_begin());
			if (!p.prefix.empty())
				continue;
			std::string w = cx.originals(p)[0];
			std::vector<std::string> g = cx.variants(w);
			std::vector<Q> alts;
			for (size_t j = 0; j < g.size(); j++) {
				std::vector<std::string> ws = words_of(g[j]);
				if (ws.size() == 1)
					alts.push_back(Q(ws[0]));
			}
			if (alts.empty())
				alts.push_back(Q(w));
			ph.push_back(alts.size() == 1 ? alts[0]
				     : Q(Q::OP_OR, alts.begin(), alts.end()));
		}
		if (ph.size() >= 2) {
			unsigned nw = static_cast<unsigned>(ph.size());
			Q phrase(Q::OP_PHRASE, ph.begin(), ph.end(), nw);
			Q near(Q::OP_NEAR, ph.begin(), ph.end(), 2 * nw + 4);
			/* Each boost under its own AND_MAYBE: an OR of both under
			 * one AND_MAYBE credits the phrase's weight to passages
			 * that match only the NEAR (Xapian 1.4). */
			q = Q(Q::OP_AND_MAYBE, Q(Q::OP_AND_MAYBE, q, phrase), near);
			positional = true;
		}
	}
	/* (c) title boost */
	if (boosts && o->title_weight > 0) {
		std::vector<std::string> terms;
		positive_terms(base, terms);
		std::vector<Q> tq;
		std::set<std::string> seen;
		for (size_t i = 0; i < terms.size(); i++) {
			term_parts p = split_term(terms[i]);
			if (!p.prefix.empty())
				continue;
			std::string t = (p.stemmed ? "Z" : "") + std::string(CFS_PREFIX_TITLE) + p.word;
			if (seen.insert(t).second)
				tq.push_back(Q(t));
		}
		if (!tq.empty()) {
			Q title(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, tq.begin(), tq.end()),
				o->title_weight);
			if (o->flags & CFS_Q_SORT_DATE) {
				/* by date, relevance only breaks ties: cost is no
				 * matter, keep it in the query */
				q = Q(Q::OP_AND_MAYBE, q, title);
				q_apart = Q(Q::OP_AND_MAYBE, q_apart, title);
			} else {
				tr.title = title;
				tr.on = true;
			}
		}
	}
	/* (e) date filters */
	if (o->since && *o->since && o->until && *o->until)
		filters.push_back(Q(Q::OP_VALUE_RANGE, CFS_SLOT_DATE, o->since, o->until));
	else if (o->since && *o->since)
		filters.push_back(Q(Q::OP_VALUE_GE, CFS_SLOT_DATE, o->since));
	else if (o->until && *o->until)
		filters.push_back(Q(Q::OP_VALUE_LE, CFS_SLOT_DATE, o->until));
	if (!filters.empty()) {
		Q f = filters.size() == 1 ? filters[0] : Q(Q::OP_AND, filters.begin(), filters.end());
		q = with_filter(q, f);
		q_apart = with_filter(q_apart, f);
	}

	/* Everything above is in schema 1's terms: make it schema 2's. */
	if (cx.schema >= 2) {
		q = to_stems(q, cx.stem);
		q_apart = to_stems(q_apart, cx.stem);
		if (tr.on)
			tr.title = to_stems(tr.title, cx.stem);
		for (size_t i = 0; i < xunits.size(); i++)
			xunits[i] = to_stems(xunits[i], cx.stem);
	}

	/* (d) tiers: passages with all the (existing) words first. */
	Q all;
	bool tiers = false;
	if (plain && !(o->flags & (CFS_Q_NO_TIERS | CFS_Q_SORT_DATE)) && xunits.size() >= 2) {
		std::vector<Q> have;
		for (size_t i = 0; i < xunits.size(); i++)
			if (exists(db->db, xunits[i]))
				have.push_back(xunits[i]);
		if (have.size() >= 2) {
			all = Q(Q::OP_AND, have.begin(), have.end());
			tiers = true;
		}
	}

	size_t want = o->limit;
	Xapian::Enquire enq(db->db);
	setup_enquire(enq, o);
	if (!tiers) {
		Xapian::doccount end = o->offset + o->limit;
		std::string from;
		uint64_t est = 0;
		if ((o->flags & CFS_Q_SORT_DATE) && positional && !(o->flags & CFS_Q_ONE_PASS) &&
		    end > 0) {
			/* By date, the boosts only order the passages of one date,
			 * but checking the phrase and near boosts' positions in
			 * every match costs (three words at 100,000 articles: up
			 * to 7.6 s instead of 0.15).  The plain query has the same
			 * matches, so it tells the date the page ends at; only
			 * passages of that date or newer can be on it.  The
			 * per-article cap keeps the same number of passages of
			 * each article whichever ones it keeps, so that date does
			 * not depend on the boosts.  (The title boost alone is
			 * cheap, and the date filter is not: it reads the date of
			 * every match.) */
			Xapian::Enquire pe(db->db);
			setup_enquire(pe, o);
			pe.set_query(without_boosts(q));
			Xapian::MSet pm = pe.get_mset(0, end);
			est = pm.get_matches_estimated();
			if (pm.size() == end) {
				Xapian::MSetIterator last = pm[end - 1];
				from = last.get_sort_key();
				if (!from.empty())
					q = with_filter(q, Q(Q::OP_VALUE_GE, CFS_SLOT_DATE, from));
			}
		}
		enq.set_query(q);
		Xapian::MSet ms = take_ranked(enq, end, o->offset, want, 0, m, tr);
		m->estimated = from.empty() ? ms.get_matches_estimated() : est;
		if (desc)
			*desc = q.get_description();
	} else {
		Q q1 = tier1_of(q, all);
		/* a phrase or near boost needs every word: none in tier 2,
		 * where evaluating them only costs time */
		Q q2(Q::OP_AND_NOT, q_apart, all);
		Xapian::doccount end = o->offset + o->limit;
		enq.set_query(q1);
		/* Whole first page of tier 1 from 0: its size tells where tier 2
		 * starts, and its article counts feed the per-article cap. */
		Xapian::MSet m1 = take_ranked(enq, end, o->offset, want, end, m, tr);
		uint64_t est1 = m1.get_matches_estimated();
		uint64_t est2 = 0;
		std::string d2;
		if (m1.size() < end) {
			/* tier 1 exhausted: m1 holds all of it */
			Xapian::doccount n1 = m1.size();
			Xapian::doccount off2 = o->offset > n1 ? o->offset - n1 : 0;
			Xapian::doccount lim2 = static_cast<Xapian::doccount>(want - m->hits.size());
			if (o->per_article) {
				std::map<std::string, unsigned> per;
				for (Xapian::MSetIterator it = m1.begin(); it != m1.end(); ++it)
					per[it.get_collapse_key()]++;
				std::vector<Q> full;
				for (std::map<std::string, unsigned>::const_iterator it = per.begin();
				     it != per.end(); ++it)
					if (it->second >= o->per_article && !it->first.empty())
						full.push_back(Q(CFS_PREFIX_ARTICLE + it->first));
				if (!full.empty())
					q2 = Q(Q::OP_AND_NOT, q2, Q(Q::OP_OR, full.begin(), full.end()));
			}
			enq.set_query(q2);
			Xapian::MSet m2 = take_ranked(enq, off2 + lim2, off2, want, 0, m, tr);
			est1 = n1;
			est2 = m2.get_matches_estimated();
			d2 = q2.get_description();
		} else {
			enq.set_query(q2);
			Xapian::MSet m2 = enq.get_mset(0, 0);
			est2 = m2.get_matches_estimated();
			d2 = q2.get_description();
		}
		m->estimated = est1 + est2;
		if (desc)
			*desc = "tier 1: " + q1.get_description() + "\ntier 2: " + d2;
	}
	if (desc && tr.on)
		*desc += "\ntitle, re-ranking the hits: " + tr.title.get_description();
	m->words = cx.hl_words;
	return CFS_OK;
}

} // namespace

extern "C" {

cfs_status cfs_search(cfs_rdb *db, const cfs_query_opts *opts, cfs_mset **out,
		      char **description)
{
	if (out)
		*out = NULL;
	if (description)
		*description = NULL;
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!opts || !out || !opts->query) {
		set_msg(&db->errmsg, "cfs_search: no query");
		return CFS_ERR_INVALID;
	}
	cfs_mset *m = NULL;
	try {
		std::string desc;
		for (int attempt = 0;; attempt++) {
			m = new cfs_mset;
			m->estimated = 0;
			try {
				run_search(db, opts, m, &desc);
				break;
			} catch (const Xapian::DatabaseModifiedError &) {
				delete m;
				m = NULL;
				if (attempt >= 1)
					throw;
				try {
					db->db.reopen();
				} catch (const Xapian::Error &) {
					/* the index was replaced and removed (a
					 * compaction, a rebuild): the caller opens
					 * the new one */
					set_msg(&db->errmsg, "the database was replaced while "
						"being searched");
					return CFS_ERR_MODIFIED;
				}
			}
		}
		for (size_t i = 0; i < m->words.size(); i++)
			m->wordp.push_back(m->words[i].c_str());
		m->wordp.push_back(NULL);
		for (size_t i = 0; i < m->unknown.size(); i++)
			m->unknownp.push_back(m->unknown[i].c_str());
		m->unknownp.push_back(NULL);
		if (description && (opts->flags & CFS_Q_DEBUG)) {
			*description = dup_string(desc);
			if (!*description)
				throw std::bad_alloc();
		}
		*out = m;
		return CFS_OK;
	} catch (...) {
		delete m;
		return translate(&db->errmsg);
	}
}

void cfs_mset_free(cfs_mset *m)
{
	delete m;
}

size_t cfs_mset_size(const cfs_mset *m)
{
	return m ? m->hits.size() : 0;
}

uint64_t cfs_mset_estimated(const cfs_mset *m)
{
	return m ? m->estimated : 0;
}

double cfs_mset_score(const cfs_mset *m, size_t i)
{
	return m && i < m->hits.size() ? m->hits[i].score : 0.0;
}

const char *cfs_mset_data(const cfs_mset *m, size_t i, size_t *len)
{
	if (!m || i >= m->hits.size()) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = m->hits[i].data.size();
	return m->hits[i].data.c_str();
}

const char *cfs_mset_value(const cfs_mset *m, size_t i, unsigned slot, size_t *len)
{
	if (!m || i >= m->hits.size() || slot >= 4) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = m->hits[i].vals[slot].size();
	return m->hits[i].vals[slot].c_str();
}

uint64_t cfs_mset_collapsed(const cfs_mset *m, size_t i)
{
	return m && i < m->hits.size() ? m->hits[i].collapsed : 0;
}

const char *const *cfs_mset_words(const cfs_mset *m)
{
	static const char *const none[] = {NULL};
	return m && !m->wordp.empty() ? &m->wordp[0] : none;
}

const char *const *cfs_mset_unknown_words(const cfs_mset *m)
{
	static const char *const none[] = {NULL};
	return m && !m->unknownp.empty() ? &m->unknownp[0] : none;
}

} // extern "C"
