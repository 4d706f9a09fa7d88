/*
 * rank.cc: running a search (cfs_search): BM25 over passages, passages
 * with every part of a plain query first (tiers), boosts where its words
 * stand together, the title's part added after the match, the per-article
 * cap, and the order by date.
 *
 * A search is composed of parts kept apart (struct parts), so that each
 * query that runs is built from them rather than taken apart again:
 *     compose(base) = ((base FILTER filters) AND_MAYBE phrase) AND_MAYBE near
 *                     [AND_MAYBE title, when sorting by date]
 * The filters sit under the boosts: above them, Xapian 1.4 credits a
 * phrase boost to passages without the phrase when a filter is a value
 * range.
 */
#include "config.h"

#include <string.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <new>
#include <set>
#include <vector>

#include "internal.h"

using namespace cfs;

namespace {

typedef Xapian::Query Q;

struct hit {
	double score;
	Xapian::docid did;
	std::string data;
	std::string vals[4];
	unsigned have;          /* bit s set: vals[s] is known */
	uint64_t collapsed;
	uint64_t in_article;    /* passages of its article that match */
	int all;                /* matches all the units: 1, 0; -1 unknown */
};

} // namespace

struct cfs_mset {
	std::vector<hit> hits;
	uint64_t estimated;
};

namespace {

/* The parts of a search. */
struct parts {
	Q base;                 /* what must match, weighed */
	std::vector<Q> filters; /* what must also match, not weighed */
	Q phrase, near;         /* the boosts (none: empty queries) */
	Q title;                /* the title's part, scaled */
	bool title_in_query;    /* by date: relevance only orders one date, so
				 * the title is part of the query */
	bool tiers;
	Q all;                  /* the AND of the units: tier 1's base */
};

Q with_filters(const Q &base, const std::vector<Q> &filters)
{
	if (filters.empty())
		return base;
	Q f = filters.size() == 1 ? filters[0] : Q(Q::OP_AND, filters.begin(), filters.end());
	return Q(Q::OP_FILTER, base, f);
}

/* The query of the parts over base, with or without the boosts. */
Q compose(const parts &p, const Q &base, bool boosts, const std::vector<Q> *more = NULL)
{
	std::vector<Q> f = p.filters;
	if (more)
		f.insert(f.end(), more->begin(), more->end());
	Q q = with_filters(base, f);
	if (boosts && !p.phrase.empty()) {
		/* each boost under its own AND_MAYBE: both under one credits
		 * the phrase's weight to passages with only the NEAR */
		q = Q(Q::OP_AND_MAYBE, Q(Q::OP_AND_MAYBE, q, p.phrase), p.near);
	}
	if (boosts && p.title_in_query)
		q = Q(Q::OP_AND_MAYBE, q, p.title);
	return q;
}

/* The header fields' part: the terms of o->fields that the index holds,
 * each scaled by fields_weight * log(N / termfreq).  The terms have no
 * wdf (they do not lengthen the passages), so BM25 cannot weigh them: a
 * matching term counts once, by its rarity. */
Q make_fields(Xapian::Database &db, const cfs_query_opts *o)
{
	if (!o->fields || o->fields_weight <= 0)
		return Q();
	double n = db.get_doccount();
	std::vector<Q> v;
	for (size_t i = 0; i < o->fields->nkids; i++) {
		const cfs_qnode *t = o->fields->kids[i];
		if (t->op != CFS_QN_TERM || !t->stemmed)
			continue;
		std::string term = std::string(t->prefix) + t->word;
		Xapian::doccount tf = db.get_termfreq(term);
		if (tf == 0 || n <= tf)
			continue;
		v.push_back(Q(Q::OP_SCALE_WEIGHT, Q(term), o->fields_weight * log(n / tf)));
	}
	return v.empty() ? Q() : Q(Q::OP_OR, v.begin(), v.end());
}

parts make_parts(const cfs_query_opts *o)
{
	Xapian::Stem stem("english");
	parts p;
	p.base = build_query(o->query, stem);
	if (o->filter)
		p.filters.push_back(build_query(o->filter, stem));
	if (o->nnear >= 2) {
		std::vector<Q> w;
		for (size_t i = 0; i < o->nnear; i++)
			w.push_back(build_query(o->near[i], stem));
		unsigned n = static_cast<unsigned>(w.size());
		p.phrase = Q(Q::OP_PHRASE, w.begin(), w.end(), n);
		p.near = Q(Q::OP_NEAR, w.begin(), w.end(), 2 * n + 4);
	}
	if (o->title && o->title_weight > 0)
		p.title = Q(Q::OP_SCALE_WEIGHT, build_query(o->title, stem), o->title_weight);
	p.title_in_query = !p.title.empty() && (o->flags & CFS_Q_SORT_DATE);
	p.tiers = o->nunits >= 2 && o->tiers && !(o->flags & CFS_Q_SORT_DATE);
	if (o->nunits >= 2) {
		/* build the AND through the merging of repeated terms */
		std::vector<cfs_qnode *> kids;
		for (size_t i = 0; i < o->nunits; i++)
			kids.push_back(const_cast<cfs_qnode *>(o->units[i]));
		cfs_qnode all;
		memset(&all, 0, sizeof all);
		all.op = CFS_QN_AND;
		all.prefix = "";
		all.kids = kids.data();
		all.nkids = kids.size();
		p.all = build_query(&all, stem);
	}
	return p;
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
	if (sorts_by_order(o)) {
		enq.set_sort_by_relevance_then_value(CFS_SLOT_ORDER, false);
	} else if (o->flags & CFS_Q_SORT_OLDEST) {
		/* the undated last: their empty value counts as "~" */
		Xapian::MultiValueKeyMaker *km = new Xapian::MultiValueKeyMaker();
		km->add_value(CFS_SLOT_DATE, false, "~");
		enq.set_sort_by_key_then_relevance(km->release(), false);
	} else {
		enq.set_sort_by_value_then_relevance(CFS_SLOT_DATE, true);
	}
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
	Q title;                /* may be empty */
	Q fields;               /* may be empty */
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
	std::map<Xapian::docid, double> w;
	for (int part = 0; part < 2; part++) {
		const Q &q = part == 0 ? tr.title : tr.fields;
		if (q.empty())
			continue;
		Xapian::Enquire enq(*tr.db);
		setup_enquire(enq, tr.o);
		if (part == 1)
			enq.set_weighting_scheme(Xapian::CoordWeight());
		enq.set_collapse_key(Xapian::BAD_VALUENO);
		enq.set_query(Q(Q::OP_FILTER, q, Q(Q::OP_OR, xp.begin(), xp.end())));
		Xapian::MSet ms = enq.get_mset(0, tr.db->get_doccount());
		for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
			w[*it] += it.get_weight();
	}
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
		h.in_article = 0;
		h.all = -1;
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

bool hit_heavier(const hit &a, const hit &b)
{
	return a.score > b.score;
}

/* By date, passages of one date come by weight; the header fields' weight
 * is added after the match, so the passages of each date are sorted again
 * (among those fetched).  Xapian breaks ties of date and weight by document
 * number, which differ between one index and its shards: order such ties
 * by the order key (newest, path, line), read for them alone. */
void order_dates(Xapian::Database &db, const Xapian::MSet &ms, std::vector<hit> &all)
{
	std::vector<std::string> keys;
	for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
		keys.push_back(it.get_sort_key());
	for (size_t i = 0; i + 1 < all.size();) {
		size_t j = i + 1;
		while (j < all.size() && keys[j] == keys[i])
			j++;
		std::stable_sort(all.begin() + i, all.begin() + j, hit_heavier);
		i = j;
	}
	for (size_t i = 0; i + 1 < all.size();) {
		size_t j = i + 1;
		while (j < all.size() && keys[j] == keys[i] && all[j].score == all[i].score)
			j++;
		if (j - i > 1) {
			for (size_t k = i; k < j; k++)
				if (!(all[k].have & (1u << CFS_SLOT_ORDER))) {
					all[k].vals[CFS_SLOT_ORDER] =
						db.get_document(all[k].did, Xapian::DOC_ASSUME_VALID)
							.get_value(CFS_SLOT_ORDER);
					all[k].have |= 1u << CFS_SLOT_ORDER;
				}
			std::stable_sort(all.begin() + i, all.begin() + j, hit_before);
		}
		i = j;
	}
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
			 Xapian::doccount check, cfs_mset *m, const title_rerank &tr,
			 int all_units)
{
	if (tr.on)
		n = (n + RERANK_GROUP - 1) / RERANK_GROUP * RERANK_GROUP;
	Xapian::MSet ms = enq.get_mset(0, n, check);
	std::vector<hit> all;
	collect_hits(*tr.db, ms, tr.o, tr.on, all);
	if (!sorts_by_order(tr.o)) {
		add_title_weights(tr, all);   /* by date: the fields alone */
		order_dates(*tr.db, ms, all);
	} else if (tr.on) {
		add_title_weights(tr, all);
		for (size_t g = 0; g < all.size(); g += RERANK_GROUP)
			std::stable_sort(all.begin() + g,
					 all.begin() + std::min(all.size(), g + RERANK_GROUP),
					 hit_before);
	}
	for (size_t i = skip; i < all.size() && m->hits.size() < max; i++) {
		complete_hit(*tr.db, all[i], tr.o->values);
		all[i].all = all_units;
		m->hits.push_back(all[i]);
	}
	return ms;
}

/* By date, the boosts only order the passages of one date, but checking
 * the phrase and near boosts' positions in every match costs (three words
 * at 100,000 articles: up to 7.6 s instead of 0.15).  The plain query has
 * the same matches, so it tells the date the page ends at; only passages
 * of that date or newer can be on it.  The per-article cap keeps the same
 * number of passages of each article whichever ones it keeps, so that
 * date does not depend on the boosts.  (The title boost alone is cheap,
 * and the date filter is not: it reads the date of every match.)  Returns
 * the date ("" when every match may be on the page); *est gets the plain
 * query's estimate. */
std::string page_end_date(Xapian::Database &db, const cfs_query_opts *o, const parts &p,
			  Xapian::doccount end, uint64_t *est)
{
	Xapian::Enquire pe(db);
	setup_enquire(pe, o);
	pe.set_query(compose(p, p.base, false));
	Xapian::MSet pm = pe.get_mset(0, end);
	*est = pm.get_matches_estimated();
	if (pm.size() < end)
		return std::string();
	return pm[end - 1].get_sort_key();
}

/* One tier: the parts' query over the whole base. */
void run_one_tier(Xapian::Database &db, const cfs_query_opts *o, const parts &p,
		  const title_rerank &tr, cfs_mset *m, std::string *desc)
{
	Xapian::doccount end = o->offset + o->limit;
	Q q = compose(p, p.base, true);
	std::string from;
	uint64_t est = 0;
	if ((o->flags & CFS_Q_SORT_DATE) && !p.phrase.empty() && !(o->flags & CFS_Q_ONE_PASS) &&
	    end > 0) {
		from = page_end_date(db, o, p, end, &est);
		if (!from.empty() && from != "~") {
			std::vector<Q> more(1, (o->flags & CFS_Q_SORT_OLDEST) ?
					       value_filter(Q(Q::OP_VALUE_LE, CFS_SLOT_DATE, from)) :
					       value_filter(Q(Q::OP_VALUE_GE, CFS_SLOT_DATE, from)));
			q = compose(p, p.base, true, &more);
		}
	}
	Xapian::Enquire enq(db);
	setup_enquire(enq, o);
	enq.set_query(q);
	Xapian::MSet ms = take_ranked(enq, end, o->offset, o->limit, 0, m, tr, -1);
	m->estimated = from.empty() ? ms.get_matches_estimated() : est;
	if (desc)
		*desc = q.get_description();
}

/* Tier 2's query: the rest, without the articles tier 1 filled to the cap.
 * (A phrase or near boost needs every word: none in tier 2, where
 * evaluating them only costs time.) */
Q tier2_query(const cfs_query_opts *o, const parts &p, const Xapian::MSet &m1)
{
	Q q2(Q::OP_AND_NOT, compose(p, p.base, false), p.all);
	if (!o->per_article)
		return q2;
	std::map<std::string, unsigned> per;
	for (Xapian::MSetIterator it = m1.begin(); it != m1.end(); ++it)
		per[it.get_collapse_key()]++;
	std::vector<Q> full;
	for (std::map<std::string, unsigned>::const_iterator it = per.begin(); it != per.end(); ++it)
		if (it->second >= o->per_article && !it->first.empty())
			full.push_back(Q(CFS_PREFIX_ARTICLE + it->first));
	if (!full.empty())
		q2 = Q(Q::OP_AND_NOT, q2, Q(Q::OP_OR, full.begin(), full.end()));
	return q2;
}

/* Two tiers: passages that match every unit, then the others. */
void run_two_tiers(Xapian::Database &db, const cfs_query_opts *o, const parts &p,
		   const title_rerank &tr, cfs_mset *m, std::string *desc)
{
	Xapian::doccount end = o->offset + o->limit;
	/* tier 1: the AND of the units, where the OR weighs the same;
	 * filtering the OR by the AND made Xapian evaluate each unit twice */
	Q q1 = compose(p, p.all, true);
	Xapian::Enquire enq(db);
	setup_enquire(enq, o);
	enq.set_query(q1);
	/* its whole first page from 0: its size tells where tier 2 starts,
	 * and its article counts feed the per-article cap */
	Xapian::MSet m1 = take_ranked(enq, end, o->offset, o->limit, end, m, tr, 1);
	uint64_t est1 = m1.get_matches_estimated(), est2;
	Q q2 = tier2_query(o, p, m1);
	enq.set_query(q2);
	if (m1.size() < end) {
		/* tier 1 exhausted: m1 holds all of it */
		Xapian::doccount n1 = m1.size();
		Xapian::doccount off2 = o->offset > n1 ? o->offset - n1 : 0;
		Xapian::doccount lim2 = static_cast<Xapian::doccount>(o->limit - m->hits.size());
		Xapian::MSet m2 = take_ranked(enq, off2 + lim2, off2, o->limit, 0, m, tr, 0);
		est1 = n1;
		est2 = m2.get_matches_estimated();
	} else {
		est2 = enq.get_mset(0, 0).get_matches_estimated();
	}
	m->estimated = est1 + est2;
	if (desc)
		*desc = "tier 1: " + q1.get_description() + "\ntier 2: " + q2.get_description();
}

/* Which hits match all the units, when the ranking did not tell: the
 * AND of the units over the hits' articles (one small match). */
void mark_all_units(Xapian::Database &db, const cfs_query_opts *o, const parts &p,
		    cfs_mset *m)
{
	std::set<std::string> arts;
	for (size_t i = 0; i < m->hits.size(); i++) {
		hit &h = m->hits[i];
		if (h.all >= 0)
			continue;
		if (h.vals[CFS_SLOT_ARTICLE].empty())
			h.vals[CFS_SLOT_ARTICLE] = db.get_document(h.did, Xapian::DOC_ASSUME_VALID)
						       .get_value(CFS_SLOT_ARTICLE);
		arts.insert(CFS_PREFIX_ARTICLE + h.vals[CFS_SLOT_ARTICLE]);
	}
	if (arts.empty())
		return;
	std::vector<Q> xp(arts.begin(), arts.end());
	Xapian::Enquire enq(db);
	enq.set_weighting_scheme(Xapian::BoolWeight());
	enq.set_query(Q(Q::OP_FILTER, p.all, Q(Q::OP_OR, xp.begin(), xp.end())));
	Xapian::MSet ms = enq.get_mset(0, db.get_doccount());
	std::set<Xapian::docid> yes;
	for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
		yes.insert(*it);
	for (size_t i = 0; i < m->hits.size(); i++)
		if (m->hits[i].all < 0)
			m->hits[i].all = yes.count(m->hits[i].did) ? 1 : 0;
	(void)o;
}

/* How many passages of each hit's article match (Xapian's collapse
 * counts are lower bounds, which differ between one index and shards):
 * the query over those articles, counted. */
void count_in_articles(Xapian::Database &db, const cfs_query_opts *o, const parts &p,
		       cfs_mset *m)
{
	std::map<std::string, uint64_t> n;
	for (size_t i = 0; i < m->hits.size(); i++) {
		hit &h = m->hits[i];
		if (h.vals[CFS_SLOT_ARTICLE].empty())
			h.vals[CFS_SLOT_ARTICLE] = db.get_document(h.did, Xapian::DOC_ASSUME_VALID)
						       .get_value(CFS_SLOT_ARTICLE);
		n[h.vals[CFS_SLOT_ARTICLE]] = 0;
	}
	if (n.empty())
		return;
	std::vector<Q> xp;
	for (std::map<std::string, uint64_t>::const_iterator it = n.begin(); it != n.end(); ++it)
		xp.push_back(Q(CFS_PREFIX_ARTICLE + it->first));
	Xapian::Enquire enq(db);
	enq.set_weighting_scheme(Xapian::BoolWeight());
	/* a collapse that removes nothing, for each match's article */
	enq.set_collapse_key(CFS_SLOT_ARTICLE, db.get_doccount() + 1);
	enq.set_query(Q(Q::OP_FILTER, compose(p, p.base, false), Q(Q::OP_OR, xp.begin(), xp.end())));
	Xapian::MSet ms = enq.get_mset(0, db.get_doccount());
	for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
		n[it.get_collapse_key()]++;
	for (size_t i = 0; i < m->hits.size(); i++)
		m->hits[i].in_article = n[m->hits[i].vals[CFS_SLOT_ARTICLE]];
	(void)o;
}

void run_search(cfs_rdb *db, const cfs_query_opts *o, cfs_mset *m, std::string *desc)
{
	parts p = make_parts(o);
	title_rerank tr;
	tr.db = &db->db;
	tr.o = o;
	if (!p.title.empty() && !p.title_in_query)
		tr.title = p.title;
	tr.fields = make_fields(db->db, o);
	tr.on = !tr.title.empty() || !tr.fields.empty();
	if (p.tiers)
		run_two_tiers(db->db, o, p, tr, m, desc);
	else
		run_one_tier(db->db, o, p, tr, m, desc);
	if (o->nunits >= 2 && !p.tiers)
		mark_all_units(db->db, o, p, m);
	if (o->per_article && (o->flags & CFS_Q_COUNT_ARTICLES))
		count_in_articles(db->db, o, p, m);
	if (desc && !tr.title.empty())
		*desc += "\ntitle, re-ranking the hits: " + tr.title.get_description();
	if (desc && !tr.fields.empty())
		*desc += "\nheader fields, re-ranking the hits: " + tr.fields.get_description();
}

/* Can the tree run as it is (no wildcard left to expand, no missing
 * kid)? */
bool runnable(const cfs_qnode *n)
{
	if (!n || n->op == CFS_QN_WILD)
		return false;
	for (size_t i = 0; i < n->nkids; i++)
		if (!runnable(n->kids[i]))
			return false;
	return true;
}

bool opts_runnable(const cfs_query_opts *o)
{
	if (!runnable(o->query) || (o->filter && !runnable(o->filter)) ||
	    (o->title && !runnable(o->title)) || (o->fields && !runnable(o->fields)) || (o->nunits && !o->units) || (o->nnear && !o->near))
		return false;
	for (size_t i = 0; i < o->nunits; i++)
		if (!runnable(o->units[i]))
			return false;
	for (size_t i = 0; i < o->nnear; i++)
		if (!runnable(o->near[i]))
			return false;
	return true;
}

} // namespace

extern "C" {

cfs_status cfs_count(cfs_rdb *db, const cfs_query_opts *opts, int exact, uint64_t *passages,
		     uint64_t *articles)
{
	if (passages)
		*passages = 0;
	if (articles)
		*articles = 0;
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	db->failed.clear();
	if (!opts || !opts->query || !passages || !articles || !opts_runnable(opts)) {
		set_msg(&db->errmsg, "cfs_count: no query, or one that cannot run");
		return CFS_ERR_INVALID;
	}
	try {
		/* Xapian's collapsed and uncollapsed figures are bounds even
		 * when every match is checked (a phrase gave the number of
		 * articles as passages; with 100 checked, articles came out as
		 * 100, 2,000, 20,000 for 16,218): the matches checked are
		 * counted by their article instead.  Exact reads every match;
		 * else the first COUNT_CHECK, exact when that is all of them,
		 * and otherwise the passages as Xapian estimates them and the
		 * articles in the proportion of those checked (an article's
		 * passages are neighbours in the index). */
		const Xapian::doccount COUNT_CHECK = 10000;
		parts p = make_parts(opts);
		Xapian::Enquire enq(db->db);
		enq.set_weighting_scheme(Xapian::BoolWeight());
		enq.set_query(compose(p, p.base, false));
		Xapian::doccount all = db->db.get_doccount();
		Xapian::ValueCountMatchSpy spy(CFS_SLOT_ARTICLE);
		enq.add_matchspy(&spy);
		Xapian::MSet ms = enq.get_mset(0, 0, exact ? all : COUNT_CHECK);
		uint64_t seen = spy.get_total(), a = 0;
		for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end(); ++t)
			a++;
		uint64_t est = ms.get_matches_estimated();
		if (exact || seen >= est || seen == 0) {
			*passages = seen;
			*articles = a;
		} else {
			*passages = est;
			*articles = static_cast<uint64_t>(double(est) * double(a) / double(seen) + 0.5);
			if (*articles < a)
				*articles = a;
		}
		if (*articles > *passages)
			*articles = *passages;
		return CFS_OK;
	} catch (const Xapian::NetworkError &e) {
		note_failed_remote(db, e);
		return translate(&db->errmsg);
	} catch (...) {
		return translate(&db->errmsg);
	}
}

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
	db->failed.clear();
	if (!opts || !out || !opts->query) {
		set_msg(&db->errmsg, "cfs_search: no query");
		return CFS_ERR_INVALID;
	}
	if (!opts_runnable(opts)) {
		set_msg(&db->errmsg, "cfs_search: a query that cannot run (a wildcard not "
			"expanded, or a part missing)");
		return CFS_ERR_INVALID;
	}
	cfs_mset *m = NULL;
	try {
		std::string desc;
		m = new cfs_mset;
		m->estimated = 0;
		run_search(db, opts, m, (opts->flags & CFS_Q_DEBUG) ? &desc : NULL);
		if (description && (opts->flags & CFS_Q_DEBUG)) {
			*description = dup_string(desc);
			if (!*description)
				throw std::bad_alloc();
		}
		*out = m;
		return CFS_OK;
	} catch (const Xapian::NetworkError &e) {
		delete m;
		note_failed_remote(db, e);
		return translate(&db->errmsg);
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

uint64_t cfs_mset_in_article(const cfs_mset *m, size_t i)
{
	return m && i < m->hits.size() ? m->hits[i].in_article : 0;
}

int cfs_mset_all_units(const cfs_mset *m, size_t i)
{
	return m && i < m->hits.size() ? m->hits[i].all : -1;
}

} // extern "C"
