/*
 * query.cc: a cfs_qnode tree (src/shim.h) as a Xapian::Query.  Words are
 * stemmed here (the index holds stems); nothing else is changed, except
 * that an OR or AND that holds the same term twice holds it once with
 * twice the weight: the same scores, and Xapian 1.4.22 credits a phrase's
 * weight to passages without the phrase when an OR with a repeated term
 * is filtered (tests/fuzz/regress/query-bydate-*).
 */
#include "config.h"

#include <string.h>

#include <map>
#include <new>
#include <vector>

#include "internal.h"

namespace cfs {

typedef Xapian::Query Q;

/* A value range to filter by, as NOT (NOT range): the same passages.
 * Under a plain FILTER, Xapian 1.4.22 credits the phrase and NEAR boosts
 * (AND_MAYBE) to passages whose words are not in place, for a range that
 * leaves few passages: ((base FILTER date >= D) AND_MAYBE "not talk")
 * weighed a passage with "talks himself, chose not" as if it held the
 * phrase (the query fuzzer: tests/fuzz/regress/query-bydate-score-*).
 * On the negative side of AND_NOT the range is only checked. */
Xapian::Query value_filter(const Xapian::Query &range)
{
	return Q(Q::OP_AND_NOT, Q::MatchAll, Q(Q::OP_AND_NOT, Q::MatchAll, range));
}

namespace {

struct builder {
	const Xapian::Stem &stem;
	explicit builder(const Xapian::Stem &s) : stem(s) {}

	std::string term(const cfs_qnode *n) const
	{
		std::string w = n->word ? n->word : "";
		return std::string(n->prefix ? n->prefix : "") + (n->stemmed ? w : stem(w));
	}
	Q build(const cfs_qnode *n, bool positional) const;
	Q merged(const cfs_qnode *n, Q::op op) const;
	void flatten(const cfs_qnode *n, cfs_qop op, std::vector<const cfs_qnode *> &out) const;
};

/* The kids of n, with those of the same operator (the same kind of sum)
 * taken in. */
void builder::flatten(const cfs_qnode *n, cfs_qop op, std::vector<const cfs_qnode *> &out) const
{
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->op == op)
			flatten(n->kids[i], op, out);
		else
			out.push_back(n->kids[i]);
	}
}

/* OR and AND: a term that comes k times counts once, k times over. */
Q builder::merged(const cfs_qnode *n, Q::op op) const
{
	std::vector<const cfs_qnode *> kids;
	flatten(n, n->op, kids);
	std::vector<std::string> terms;
	std::map<std::string, unsigned> count;
	std::vector<Q> subs;
	for (size_t i = 0; i < kids.size(); i++) {
		if (kids[i]->op == CFS_QN_TERM && !(kids[i]->scale > 0)) {
			std::string t = term(kids[i]);
			if (count[t]++ == 0)
				terms.push_back(t);
		} else {
			subs.push_back(build(kids[i], false));
		}
	}
	std::vector<Q> all;
	for (size_t i = 0; i < terms.size(); i++) {
		unsigned k = count[terms[i]];
		all.push_back(k == 1 ? Q(terms[i]) : Q(Q::OP_SCALE_WEIGHT, Q(terms[i]), k));
	}
	all.insert(all.end(), subs.begin(), subs.end());
	if (all.size() == 1)
		return all[0];
	return Q(op, all.begin(), all.end());
}

Q builder::build(const cfs_qnode *n, bool positional) const
{
	std::vector<Q> subs;
	if (n->scale > 0) {
		cfs_qnode plain = *n;
		plain.scale = 0;
		return Q(Q::OP_SCALE_WEIGHT, build(&plain, positional), n->scale);
	}
	switch (n->op) {
	case CFS_QN_TERM: {
		std::string t = term(n);
		return t.size() > (n->prefix ? strlen(n->prefix) : 0) ? Q(t) : Q::MatchNothing;
	}
	case CFS_QN_PHRASE:
	case CFS_QN_NEAR:
		for (size_t i = 0; i < n->nkids; i++)
			subs.push_back(build(n->kids[i], true));
		if (subs.size() == 1)
			return subs[0];
		return Q(n->op == CFS_QN_PHRASE ? Q::OP_PHRASE : Q::OP_NEAR, subs.begin(),
			 subs.end(), n->window);
	case CFS_QN_OR:
		if (!positional)
			return merged(n, Q::OP_OR);
		/* under a phrase: the same word once */
		{
			std::map<std::string, unsigned> seen;
			for (size_t i = 0; i < n->nkids; i++) {
				if (n->kids[i]->op == CFS_QN_TERM && seen[term(n->kids[i])]++)
					continue;
				subs.push_back(build(n->kids[i], true));
			}
		}
		return subs.size() == 1 ? subs[0] : Q(Q::OP_OR, subs.begin(), subs.end());
	case CFS_QN_AND:
		return merged(n, Q::OP_AND);
	case CFS_QN_XOR:
	case CFS_QN_AND_NOT:
	case CFS_QN_AND_MAYBE:
	case CFS_QN_SYNONYM: {
		static const Q::op ops[] = { Q::OP_XOR, Q::OP_AND_NOT, Q::OP_AND_MAYBE, Q::OP_SYNONYM };
		Q::op op = ops[n->op == CFS_QN_XOR ? 0 : n->op == CFS_QN_AND_NOT ? 1 :
			       n->op == CFS_QN_AND_MAYBE ? 2 : 3];
		for (size_t i = 0; i < n->nkids; i++)
			subs.push_back(build(n->kids[i], positional));
		if (subs.size() == 1)
			return subs[0];
		return Q(op, subs.begin(), subs.end());
	}
	case CFS_QN_DATE: {
		/* days, against dates and times */
		std::string from = std::string(n->from) + "000000";
		std::string until = std::string(n->until) + "235959";
		if (n->from[0] && n->until[0])
			return value_filter(Q(Q::OP_VALUE_RANGE, CFS_SLOT_DATE, from, until));
		if (n->from[0])
			return value_filter(Q(Q::OP_VALUE_GE, CFS_SLOT_DATE, from));
		if (n->until[0])
			return value_filter(Q(Q::OP_VALUE_LE, CFS_SLOT_DATE, until));
		return Q::MatchAll;
	}
	case CFS_QN_NOTHING:
		return Q::MatchNothing;
	case CFS_QN_WILD:
		break;   /* cfs_search refuses such a tree */
	}
	throw Xapian::InvalidArgumentError("a query node that cannot run");
}

} // namespace

Q build_query(const cfs_qnode *n, const Xapian::Stem &stem)
{
	if (!n)
		throw Xapian::InvalidArgumentError("no query");
	return builder(stem).build(n, false);
}

} // namespace cfs
