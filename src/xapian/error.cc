/* error.cc: Xapian's exceptions into statuses and messages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <new>

#include "internal.h"

namespace cfs {

void set_msg(std::string *dst, const std::string &s)
{
	if (!dst)
		return;
	try {
		*dst = s;
	} catch (...) {
		dst->clear();
	}
}

static void set_xapian_msg(std::string *dst, const Xapian::Error &e)
{
	if (!dst)
		return;
	try {
		std::string m = e.get_type();
		m += ": ";
		m += e.get_msg();
		if (!e.get_context().empty())
			m += " (" + e.get_context() + ")";
		const char *es = e.get_error_string();
		if (es && *es)
			m += std::string(" (") + es + ")";
		*dst = m;
	} catch (...) {
		dst->clear();
	}
}

/* The ladder goes from the most derived class to the least
 * (DatabaseVersionError and DatabaseNotFoundError are both
 * DatabaseOpeningErrors; NetworkTimeoutError is a NetworkError). */
cfs_status translate(std::string *msg)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_LOCK;
	} catch (const Xapian::DatabaseModifiedError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_MODIFIED;
	} catch (const Xapian::QueryParserError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_QUERY;
	} catch (const Xapian::DatabaseVersionError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_CORRUPT;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseOpeningError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseCorruptError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_CORRUPT;
	} catch (const Xapian::NetworkError &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_NETWORK;
	} catch (const Xapian::DatabaseError &e) {
		/* e.g. "EOF reading block": a truncated table */
		set_xapian_msg(msg, e);
		return CFS_ERR_CORRUPT;
	} catch (const Xapian::Error &e) {
		set_xapian_msg(msg, e);
		return CFS_ERR_XAPIAN;
	} catch (const std::bad_alloc &) {
		set_msg(msg, "out of memory");
		return CFS_ERR_NOMEM;
	} catch (const std::exception &e) {
		set_msg(msg, std::string("exception: ") + e.what());
		return CFS_ERR_UNKNOWN;
	} catch (...) {
		set_msg(msg, "unknown exception");
		return CFS_ERR_UNKNOWN;
	}
}

char *dup_string(const std::string &s)
{
	char *p = static_cast<char *>(malloc(s.size() + 1));
	if (p) {
		memcpy(p, s.data(), s.size());
		p[s.size()] = '\0';
	}
	return p;
}

void give_err(char **err, const std::string &msg)
{
	if (err)
		*err = dup_string(msg);
}

int schema_of(const std::string &v)
{
	return v.empty() ? 1 : atoi(v.c_str());
}

} // namespace cfs

extern "C" const char *cfs_status_str(cfs_status st)
{
	switch (st) {
	case CFS_OK: return "ok";
	case CFS_ERR_LOCK: return "database locked";
	case CFS_ERR_MODIFIED: return "database modified";
	case CFS_ERR_QUERY: return "bad query";
	case CFS_ERR_NOT_FOUND: return "database not found";
	case CFS_ERR_CORRUPT: return "database corrupt";
	case CFS_ERR_NETWORK: return "network error";
	case CFS_ERR_SCHEMA: return "index schema not supported";
	case CFS_ERR_XAPIAN: return "xapian error";
	case CFS_ERR_NOMEM: return "out of memory";
	case CFS_ERR_INVALID: return "invalid argument";
	case CFS_ERR_UNKNOWN: return "unknown error";
	}
	return "unknown status";
}
