/*
 * internal.h: what the files of the Xapian layer (src/xapian/) share.
 * C++; included only there.  The C interface is src/shim.h.
 */
#ifndef CFS_XAPIAN_INTERNAL_H
#define CFS_XAPIAN_INTERNAL_H

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "shim.h"

/* Databases opened for reading, as one (open.cc). */
struct cfs_rdb {
	Xapian::Database db;
	std::string errmsg;
	/* each remote database: the context Xapian's errors give it
	 * ("remote:tcp(host:port)") and the name it was opened by */
	std::vector<std::pair<std::string, std::string> > remotes;
	std::string failed;     /* the remote that failed the last call */
};

namespace cfs {

/* Store s in *dst (when dst is not NULL); never throws. */
void set_msg(std::string *dst, const std::string &s);
/* Call only from inside a catch block: the status of the exception being
 * handled, its message ("Class: message (context)") stored in *msg. */
cfs_status translate(std::string *msg);
/* A malloc()ed copy of s (NULL when out of memory). */
char *dup_string(const std::string &s);
/* *err = a malloc()ed copy of msg, when err is not NULL. */
void give_err(char **err, const std::string &msg);

/* The schema a database's metadata value names (no value: 1). */
int schema_of(const std::string &v);
/* Why the database name, of the given schema, is refused. */
std::string schema_refused(const std::string &name, int schema);
/* Metadata key of db into a malloc()ed *out (db.cc). */
cfs_status meta_get(const Xapian::Database &db, std::string *errmsg, const char *key,
		    char **out, size_t *outlen);

/* After a NetworkError e from db: note which remote it came from. */
void note_failed_remote(cfs_rdb *db, const Xapian::NetworkError &e);

/* The Xapian form of a query tree (query.cc): words stemmed, a repeated
 * term of an OR or AND merged.  Throws InvalidArgumentError for a tree
 * that cannot run. */
Xapian::Query build_query(const cfs_qnode *n, const Xapian::Stem &stem);
/* A value range as a filter that does not upset the boosts (query.cc). */
Xapian::Query value_filter(const Xapian::Query &range);

} // namespace cfs

#endif
