/*
 * feedback.cc: pseudo-relevance feedback (cfs_feedback).  The best
 * passages of a query, one an article, are taken as relevant and Xapian's
 * ESet names the terms that set them apart: other words the answers use
 * for what the query asks.  src/feedback.c decides when and how much they
 * weigh.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <new>
#include <set>
#include <utility>
#include <vector>

#include "internal.h"

using namespace cfs;

namespace {

typedef Xapian::Query Q;

/* Text terms only (no prefix: prefixes are capitals), of three bytes or
 * more, not a number, not the query's, not in every twentieth passage. */
class decider : public Xapian::ExpandDecider {
	const Xapian::Database &db;
	const std::set<std::string> &query;
	Xapian::doccount common;

public:
	decider(const Xapian::Database &d, const std::set<std::string> &q)
		: db(d), query(q), common(d.get_doccount() / 20 + 1) {}

	bool operator()(const std::string &t) const
	{
		if (t.size() < 3 || (t[0] >= 'A' && t[0] <= 'Z') || query.count(t))
			return false;
		if (t.find_first_not_of("0123456789.,") == std::string::npos)
			return false;
		return db.get_termfreq(t) < common;
	}
};

} // namespace

extern "C" {

cfs_status cfs_feedback(cfs_rdb *db, const cfs_query_opts *o, unsigned ndocs, unsigned nterms,
			char ***terms, double **weights, size_t *n)
{
	if (terms)
		*terms = NULL;
	if (weights)
		*weights = NULL;
	if (n)
		*n = 0;
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!o || !o->query || !terms || !weights || !n) {
		set_msg(&db->errmsg, "cfs_feedback: no query");
		return CFS_ERR_INVALID;
	}
	char **tv = NULL;
	double *wv = NULL;
	size_t k = 0;
	try {
		Xapian::Stem stem("english");
		Q q = build_query(o->query, stem);
		if (o->filter)
			q = Q(Q::OP_FILTER, q, build_query(o->filter, stem));
		Xapian::Enquire enq(db->db);
		enq.set_weighting_scheme(Xapian::BM25Weight(o->k1, 0, 1, o->b, 0.5));
		/* ties by the order key, as the search: not by document
		 * number, which depends on how the index was built; and the
		 * best passage of each article picked here, in that order
		 * (Xapian's collapse keeps one of two equal passages by
		 * document number) */
		enq.set_sort_by_relevance_then_value(CFS_SLOT_ORDER, false);
		enq.set_query(q);
		Xapian::MSet ms = enq.get_mset(0, ndocs * 5);
		if (ms.empty())
			return CFS_OK;
		Xapian::RSet rs;
		std::set<std::string> arts;
		for (Xapian::MSetIterator it = ms.begin(); it != ms.end() && rs.size() < ndocs; ++it)
			if (arts.insert(it.get_document().get_value(CFS_SLOT_ARTICLE)).second)
				rs.add_document(*it);
		std::set<std::string> own(q.get_terms_begin(), q.get_terms_end());
		decider d(db->db, own);
		/* many terms weigh the same (a rare word of one passage):
		 * Xapian orders such ties as it meets them, which depends on
		 * the document numbers, so take more and order the ties by
		 * the term itself */
		Xapian::ESet es = enq.get_eset(nterms * 4, rs, &d);
		std::vector<std::pair<double, std::string> > v;
		for (Xapian::ESetIterator it = es.begin(); it != es.end(); ++it)
			v.push_back(std::make_pair(-it.get_weight(), *it));
		std::sort(v.begin(), v.end());
		if (v.size() > nterms)
			v.resize(nterms);
		tv = static_cast<char **>(calloc(v.size() + 1, sizeof *tv));
		wv = static_cast<double *>(calloc(v.size() + 1, sizeof *wv));
		if (!tv || !wv)
			throw std::bad_alloc();
		for (size_t i = 0; i < v.size(); i++) {
			if (!(tv[k] = dup_string(v[i].second)))
				throw std::bad_alloc();
			wv[k++] = -v[i].first;
		}
		*terms = tv;
		*weights = wv;
		*n = k;
		return CFS_OK;
	} catch (...) {
		cfs_status st = translate(&db->errmsg);
		for (size_t i = 0; tv && i < k; i++)
			free(tv[i]);
		free(tv);
		free(wv);
		return st;
	}
}

} // extern "C"
