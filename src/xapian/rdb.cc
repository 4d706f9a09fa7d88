/* rdb.cc: reading an open database: counts, terms, metadata, documents. */
#include "config.h"

#include <new>

#include "internal.h"

using namespace cfs;

extern "C" {

void cfs_rdb_close(cfs_rdb *db)
{
	if (!db)
		return;
	try {
		db->db.close();
	} catch (...) {
	}
	delete db;
}

const char *cfs_rdb_errmsg(const cfs_rdb *db)
{
	return db ? db->errmsg.c_str() : "no database handle";
}

int cfs_rdb_schema(const cfs_rdb *db)
{
	return db ? CFS_SCHEMA : 0;
}

cfs_status cfs_rdb_reopen(cfs_rdb *db)
{
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	try {
		db->db.reopen();
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_rdb_doccount(cfs_rdb *db, uint64_t *out)
{
	if (!db || !out)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	try {
		*out = db->db.get_doccount();
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_rdb_termfreq(cfs_rdb *db, const char *term, uint64_t *out)
{
	if (!db || !out)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!term) {
		set_msg(&db->errmsg, "cfs_rdb_termfreq: no term");
		return CFS_ERR_INVALID;
	}
	try {
		*out = *term ? db->db.get_termfreq(term) : 0;
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_rdb_get_meta(cfs_rdb *db, const char *key, char **out, size_t *outlen)
{
	if (!db) {
		if (out)
			*out = NULL;
		return CFS_ERR_INVALID;
	}
	db->errmsg.clear();
	return meta_get(db->db, &db->errmsg, key, out, outlen);
}

cfs_status cfs_rdb_each_term(cfs_rdb *db, const char *prefix, cfs_term_fn fn, void *ctx)
{
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!fn) {
		set_msg(&db->errmsg, "cfs_rdb_each_term: no callback");
		return CFS_ERR_INVALID;
	}
	try {
		std::string pfx = prefix ? prefix : "";
		for (Xapian::TermIterator it = db->db.allterms_begin(pfx);
		     it != db->db.allterms_end(pfx); ++it) {
			std::string t = *it;
			if (fn(ctx, t.c_str(), t.size(), it.get_termfreq()))
				break;
		}
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_rdb_first_data(cfs_rdb *db, const char *term, char **out, size_t *len)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!term || !out) {
		set_msg(&db->errmsg, "cfs_rdb_first_data: no term");
		return CFS_ERR_INVALID;
	}
	try {
		std::string data;
		Xapian::PostingIterator p = db->db.postlist_begin(term);
		if (*term && p != db->db.postlist_end(term))
			data = db->db.get_document(*p).get_data();
		*out = dup_string(data);
		if (!*out)
			throw std::bad_alloc();
		if (len)
			*len = data.size();
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

} // extern "C"

