/*
 * db.cc: the writable database: opening it (its schema), adding passages
 * (words stemmed and placed), deleting, committing, metadata, compaction.
 */
#include "config.h"

#include <string.h>

#include <new>

#include "internal.h"

using namespace cfs;

struct cfs_wdb {
	Xapian::WritableDatabase db;
	Xapian::Stem stem;      /* (a cache of stems was slower: measured) */
	std::string errmsg;

	cfs_wdb() : stem("english") {}
};

namespace cfs {

std::string schema_refused(const std::string &name, int schema)
{
	if (schema > CFS_SCHEMA)
		return name + ": index schema " + std::to_string(schema) +
		       " is newer than this cfsearch knows (" + std::to_string(CFS_SCHEMA) + ")";
	return name + ": index schema " + std::to_string(schema) +
	       " is older than this cfsearch reads (" + std::to_string(CFS_SCHEMA) + ")";
}

cfs_status meta_get(const Xapian::Database &db, std::string *errmsg, const char *key,
		    char **out, size_t *outlen)
{
	if (out)
		*out = NULL;
	if (outlen)
		*outlen = 0;
	if (!key || !*key || !out) {
		set_msg(errmsg, "get_meta: bad key or output");
		return CFS_ERR_INVALID;
	}
	try {
		std::string v = db.get_metadata(key);
		char *p = dup_string(v);
		if (!p)
			throw std::bad_alloc();
		*out = p;
		if (outlen)
			*outlen = v.size();
		return CFS_OK;
	} catch (...) {
		return translate(errmsg);
	}
}

} // namespace cfs

extern "C" {

cfs_status cfs_wdb_open(const char *dir, cfs_wdb **out, char **err)
{
	if (err)
		*err = NULL;
	if (out)
		*out = NULL;
	if (!dir || !*dir || !out) {
		give_err(err, "cfs_wdb_open: no database directory given");
		return CFS_ERR_INVALID;
	}
	cfs_wdb *w = NULL;
	try {
		w = new cfs_wdb;
		w->db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
		std::string have = w->db.get_metadata(CFS_META_SCHEMA);
		if (w->db.get_doccount() == 0 && have.empty()) {
			w->db.set_metadata(CFS_META_SCHEMA, std::to_string(CFS_SCHEMA));
		} else if (schema_of(have) != CFS_SCHEMA) {
			give_err(err, schema_refused(dir, schema_of(have)));
			delete w;
			return CFS_ERR_SCHEMA;
		}
		*out = w;
		return CFS_OK;
	} catch (...) {
		std::string msg;
		cfs_status st = translate(&msg);
		delete w;
		give_err(err, msg);
		return st;
	}
}

cfs_status cfs_wdb_close(cfs_wdb *db)
{
	if (!db)
		return CFS_OK;
	cfs_status st = CFS_OK;
	try {
		db->db.commit();
		db->db.close();
	} catch (...) {
		st = translate(&db->errmsg);
	}
	delete db;
	return st;
}

const char *cfs_wdb_errmsg(const cfs_wdb *db)
{
	return db ? db->errmsg.c_str() : "no database handle";
}

cfs_status cfs_wdb_add(cfs_wdb *db, const cfs_doc *doc)
{
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!doc || (doc->nfields && !doc->fields) || (doc->nbool && !doc->bool_terms) ||
	    (doc->nvalues && !doc->values) || (doc->data_len && !doc->data)) {
		set_msg(&db->errmsg, "cfs_wdb_add: bad document");
		return CFS_ERR_INVALID;
	}
	for (size_t i = 0; i < doc->nfields; i++)
		if (!doc->fields[i].words && doc->fields[i].nwords) {
			set_msg(&db->errmsg, "cfs_wdb_add: field without words");
			return CFS_ERR_INVALID;
		}
	try {
		Xapian::Document xd;
		Xapian::termpos pos = 0;
		std::string term;
		if (doc->data)
			xd.set_data(std::string(doc->data, doc->data_len));
		for (size_t i = 0; i < doc->nfields; i++) {
			const cfs_field &f = doc->fields[i];
			const char *w = f.words;
			if (i > 0 && !f.terms_only)
				pos += 100;   /* no phrase across fields */
			for (size_t k = 0; k < f.nwords; k++) {
				size_t len = strlen(w);
				std::string st = db->stem(std::string(w, len));
				w += len + 1;
				if (st.empty())
					continue;
				term.assign(f.prefix ? f.prefix : "");
				term += st;
				if (f.terms_only)
					xd.add_term(term, 0);
				else
					xd.add_posting(term, ++pos, f.wdf_inc);
			}
		}
		for (size_t i = 0; i < doc->nbool; i++)
			if (doc->bool_terms[i] && doc->bool_terms[i][0])
				xd.add_boolean_term(doc->bool_terms[i]);
		for (size_t i = 0; i < doc->nvalues; i++) {
			const cfs_value &v = doc->values[i];
			if (v.val)
				xd.add_value(v.slot, std::string(v.val, v.len));
		}
		db->db.add_document(xd);
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_wdb_delete_term(cfs_wdb *db, const char *term, unsigned *ndeleted)
{
	if (ndeleted)
		*ndeleted = 0;
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!term || !*term) {
		set_msg(&db->errmsg, "cfs_wdb_delete_term: empty term");
		return CFS_ERR_INVALID;
	}
	try {
		Xapian::doccount n = db->db.get_termfreq(term);
		if (n)
			db->db.delete_document(term);
		if (ndeleted)
			*ndeleted = n;
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_wdb_commit(cfs_wdb *db)
{
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	try {
		db->db.commit();
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_wdb_set_meta(cfs_wdb *db, const char *key, const char *val, size_t len)
{
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!key || !*key || (len && !val)) {
		set_msg(&db->errmsg, "cfs_wdb_set_meta: bad key or value");
		return CFS_ERR_INVALID;
	}
	try {
		db->db.set_metadata(key, len ? std::string(val, len) : std::string());
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_wdb_get_meta(cfs_wdb *db, const char *key, char **out, size_t *outlen)
{
	if (!db) {
		if (out)
			*out = NULL;
		return CFS_ERR_INVALID;
	}
	db->errmsg.clear();
	return meta_get(db->db, &db->errmsg, key, out, outlen);
}

cfs_status cfs_wdb_each_meta(cfs_wdb *db, const char *prefix, cfs_meta_fn fn, void *ctx)
{
	if (!db)
		return CFS_ERR_INVALID;
	db->errmsg.clear();
	if (!fn) {
		set_msg(&db->errmsg, "cfs_wdb_each_meta: no callback");
		return CFS_ERR_INVALID;
	}
	try {
		std::string pfx = prefix ? prefix : "";
		for (Xapian::TermIterator it = db->db.metadata_keys_begin(pfx);
		     it != db->db.metadata_keys_end(pfx); ++it) {
			std::string key = *it;
			std::string val = db->db.get_metadata(key);
			if (fn(ctx, key.c_str(), val.c_str(), val.size()))
				break;
		}
		return CFS_OK;
	} catch (...) {
		return translate(&db->errmsg);
	}
}

cfs_status cfs_wdb_doccount(cfs_wdb *db, uint64_t *out)
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

cfs_status cfs_compact(const char *const *srcs, size_t nsrcs, const char *dst, char **err)
{
	if (err)
		*err = NULL;
	if (!srcs || !nsrcs || !dst || !*dst) {
		give_err(err, "cfs_compact: no source or destination");
		return CFS_ERR_INVALID;
	}
	for (size_t i = 0; i < nsrcs; i++)
		if (!srcs[i] || !*srcs[i]) {
			give_err(err, "cfs_compact: empty source path");
			return CFS_ERR_INVALID;
		}
	try {
		Xapian::Database db;
		for (size_t i = 0; i < nsrcs; i++)
			db.add_database(Xapian::Database(srcs[i]));
		db.compact(dst);
		return CFS_OK;
	} catch (...) {
		std::string msg;
		cfs_status st = translate(&msg);
		give_err(err, msg);
		return st;
	}
}

} // extern "C"
