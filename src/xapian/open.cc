/*
 * open.cc: opening the databases a search reads as one: directories,
 * Xapian stub files (nested, "auto", "glass", "remote" lines), remote
 * shards with a time limit, and with --partial the ones that answer.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <new>
#include <vector>

#include "internal.h"

using namespace cfs;


namespace {

const int MAX_STUB_DEPTH = 8;

struct opener {
	unsigned timeout_ms;
	bool partial;
	cfs_rdb *rdb;                  /* notes its remotes */
	std::set<std::string> except;  /* names to leave out */
	std::string skipped;
	size_t nfailed;
	cfs_status last_st;
	std::string last_msg;
	/* the schema of each database that holds documents, and its name */
	std::vector<std::pair<int, std::string> > schemas;
};

/* The schema of one database: its metadata key, else 1; 0 (no opinion:
 * no terms to match) when it is empty. */
int db_schema(const Xapian::Database &d)
{
	if (d.get_doccount() == 0)
		return 0;
	return schema_of(d.get_metadata(CFS_META_SCHEMA));
}

/* Add one opened database to out, noting its schema.  Xapian reads
 * metadata from the first database of a combined one only, so each is
 * asked here. */
void add_sub(opener &op, Xapian::Database &out, const Xapian::Database &d,
	     const std::string &name)
{
	int sc = db_schema(d);
	/* every passage's words have positions: none at all means the
	 * position table is gone, and phrases would match without them */
	if (sc == CFS_SCHEMA && !d.has_positions())
		throw Xapian::DatabaseCorruptError("its position table is missing", name);
	out.add_database(d);
	if (sc)
		op.schemas.push_back(std::make_pair(sc, name));
}

std::string dir_of(const std::string &path)
{
	std::string::size_type slash = path.rfind('/');
	if (slash == std::string::npos)
		return ".";
	if (slash == 0)
		return "/";
	return path.substr(0, slash);
}

bool is_regular(const std::string &path)
{
	struct stat sb;
	return stat(path.c_str(), &sb) == 0 && S_ISREG(sb.st_mode);
}

bool is_dir(const std::string &path)
{
	struct stat sb;
	return stat(path.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Does the regular file at path read as a text stub (no NUL byte in its
 * first 4 KiB)?  A single-file glass database does not. */
bool looks_like_stub(const std::string &path)
{
	std::ifstream in(path.c_str(), std::ios::binary);
	if (!in)
		return false;
	char buf[4096];
	in.read(buf, sizeof buf);
	std::streamsize n = in.gcount();
	return memchr(buf, '\0', static_cast<size_t>(n)) == NULL;
}

void open_path(opener &op, Xapian::Database &out, const std::string &path, int depth);

/* Run f() to open one sub-database named name; on failure with partial
 * opening allowed, record it and go on. */
template <class F> void attempt(opener &op, const std::string &name, F f)
{
	try {
		f();
	} catch (...) {
		std::string msg;
		cfs_status st = translate(&msg);
		if (!op.partial)
			throw;
		op.nfailed++;
		op.last_st = st;
		op.last_msg = name + ": " + msg;
		op.skipped += op.last_msg;
		op.skipped += '\n';
	}
}

/* A remote database, checked with a round trip: a server that stalls
 * after the handshake is found here, within the time limit, rather than
 * in the middle of the search (which would then wait for it twice). */
void add_remote(opener &op, Xapian::Database &out, Xapian::Database d, const std::string &name,
		const std::string &context)
{
	d.keep_alive();
	add_sub(op, out, d, name);
	op.rdb->remotes.push_back(std::make_pair(context, name));
}

/* A remote left out: it failed a search already. */
void check_except(const opener &op, const std::string &name)
{
	if (op.except.count(name))
		throw Xapian::NetworkTimeoutError("did not answer within the time limit");
}

void open_remote_tcp(opener &op, Xapian::Database &out, const std::string &host, unsigned port,
		     const std::string &name)
{
	std::string context = "remote:tcp(" + host + ":" + std::to_string(port) + ")";
	check_except(op, name);
	if (op.timeout_ms)
		add_remote(op, out, Xapian::Remote::open(host, port, op.timeout_ms, op.timeout_ms),
			   name, context);
	else
		add_remote(op, out, Xapian::Remote::open(host, port), name, context);
}

/* Parse a stub file the way Xapian 1.4 does ("auto PATH", "glass PATH",
 * "chert PATH", "inmemory", "remote HOST:PORT", "remote :PROGRAM ARGS";
 * '#' comments; relative paths against the stub's directory), but apply our
 * timeouts and open each line's database separately. */
void open_stub(opener &op, Xapian::Database &out, const std::string &file, int depth)
{
	std::ifstream in(file.c_str());
	if (!in)
		throw Xapian::DatabaseNotFoundError("Couldn't open stub database file: " + file, errno);
	std::string line;
	unsigned lineno = 0;
	while (std::getline(in, line)) {
		lineno++;
		if (!line.empty() && line[line.size() - 1] == '\r')
			line.erase(line.size() - 1);
		if (line.empty() || line[0] == '#')
			continue;
		std::string::size_type sp = line.find(' ');
		std::string type = line.substr(0, sp);
		std::string arg = sp == std::string::npos ? std::string() : line.substr(sp + 1);
		std::string where = file + ":" + std::to_string(lineno);
		if (type == "auto" || type == "glass" || type == "chert") {
			if (arg.empty())
				throw Xapian::DatabaseOpeningError(where + ": Bad line");
			std::string p = arg[0] == '/' ? arg : dir_of(file) + "/" + arg;
			if (type == "auto") {
				open_path(op, out, p, depth + 1);
			} else {
				int be = type == "glass" ? Xapian::DB_BACKEND_GLASS
							 : Xapian::DB_BACKEND_CHERT;
				attempt(op, p, [&]() { add_sub(op, out, Xapian::Database(p, be), p); });
			}
		} else if (type == "inmemory" && arg.empty()) {
			out.add_database(Xapian::Database(std::string(), Xapian::DB_BACKEND_INMEMORY));
		} else if (type == "remote" && !arg.empty() && arg[0] == ':') {
			std::string prog = arg.substr(1), args;
			std::string::size_type s2 = prog.find(' ');
			if (s2 != std::string::npos) {
				args = prog.substr(s2 + 1);
				prog.erase(s2);
			}
			attempt(op, "remote " + arg, [&]() {
				std::string context = "remote:prog(" + prog + " " + args + ")";
				check_except(op, "remote " + arg);
				if (op.timeout_ms)
					add_remote(op, out, Xapian::Remote::open(prog, args, op.timeout_ms),
						   "remote " + arg, context);
				else
					add_remote(op, out, Xapian::Remote::open(prog, args),
						   "remote " + arg, context);
			});
		} else if (type == "remote" && arg.rfind(':') != std::string::npos) {
			std::string::size_type colon = arg.rfind(':');
			std::string host = arg.substr(0, colon);
			std::string ps = arg.substr(colon + 1);
			char *end = NULL;
			errno = 0;
			unsigned long port = strtoul(ps.c_str(), &end, 10);
			if (ps.empty() || *end || errno || port == 0 || port > 65535)
				throw Xapian::DatabaseOpeningError(where + ": Bad line");
			if (host.size() >= 2 && host[0] == '[' && host[host.size() - 1] == ']')
				host = host.substr(1, host.size() - 2);
			attempt(op, "remote " + arg, [&]() {
				open_remote_tcp(op, out, host, static_cast<unsigned>(port), "remote " + arg);
			});
		} else {
			throw Xapian::DatabaseOpeningError(where + ": Bad line");
		}
	}
}

void open_path(opener &op, Xapian::Database &out, const std::string &path, int depth)
{
	attempt(op, path, [&]() {
		if (depth > MAX_STUB_DEPTH)
			throw Xapian::DatabaseOpeningError("Stub files nested too deeply: " + path);
		if (is_regular(path) && looks_like_stub(path)) {
			open_stub(op, out, path, depth);
			return;
		}
		if (is_dir(path) && !is_regular(path + "/iamglass") &&
		    !is_regular(path + "/iamchert") && is_regular(path + "/XAPIANDB")) {
			open_stub(op, out, path + "/XAPIANDB", depth);
			return;
		}
		/* a cfsearch database directory (in a stub: "auto DIR"): the
		 * index its "index" link names */
		if (is_dir(path) && !is_regular(path + "/iamglass") && is_dir(path + "/index")) {
			add_sub(op, out, Xapian::Database(path + "/index"), path);
			return;
		}
		add_sub(op, out, Xapian::Database(path), path);
	});
}

} // namespace

extern "C" {

cfs_status cfs_rdb_open(const char *const *paths, size_t npaths, unsigned timeout_ms,
			int allow_partial, cfs_rdb **out, char **skipped, char **err)
{
	return cfs_rdb_open_except(paths, npaths, timeout_ms, allow_partial, NULL, 0, out,
				   skipped, err);
}

cfs_status cfs_rdb_open_except(const char *const *paths, size_t npaths, unsigned timeout_ms,
			       int allow_partial, const char *const *except, size_t nexcept,
			       cfs_rdb **out, char **skipped, char **err)
{
	if (err)
		*err = NULL;
	if (skipped)
		*skipped = NULL;
	if (out)
		*out = NULL;
	if (!paths || !npaths || !out) {
		give_err(err, "cfs_rdb_open: no database given");
		return CFS_ERR_INVALID;
	}
	for (size_t i = 0; i < npaths; i++)
		if (!paths[i] || !*paths[i]) {
			give_err(err, "cfs_rdb_open: empty database path");
			return CFS_ERR_INVALID;
		}
	cfs_rdb *r = NULL;
	try {
		opener op;
		op.timeout_ms = timeout_ms;
		op.partial = allow_partial != 0;
		op.nfailed = 0;
		op.last_st = CFS_OK;
		for (size_t i = 0; i < nexcept; i++)
			if (except && except[i])
				op.except.insert(except[i]);
		r = new cfs_rdb;
		op.rdb = r;
		for (size_t i = 0; i < npaths; i++)
			open_path(op, r->db, paths[i], 0);
		if (op.nfailed && r->db.size() == 0) {
			give_err(err, op.nfailed == 1 ? op.last_msg
				 : "no database could be opened; last: " + op.last_msg);
			delete r;
			return op.last_st;
		}
		/* every database that holds passages is of this cfsearch's
		 * schema: the query's terms are built for it */
		for (size_t i = 0; i < op.schemas.size(); i++)
			if (op.schemas[i].first != CFS_SCHEMA) {
				give_err(err, schema_refused(op.schemas[i].second,
							     op.schemas[i].first));
				delete r;
				return CFS_ERR_SCHEMA;
			}
		if (skipped && !op.skipped.empty()) {
			*skipped = dup_string(op.skipped);
			if (!*skipped)
				throw std::bad_alloc();
		}
		*out = r;
		return CFS_OK;
	} catch (...) {
		std::string msg;
		cfs_status st = translate(&msg);
		delete r;
		give_err(err, msg);
		return st;
	}
}

const char *cfs_rdb_failed(const cfs_rdb *db)
{
	return db ? db->failed.c_str() : "";
}

} // extern "C"

namespace cfs {

void note_failed_remote(cfs_rdb *db, const Xapian::NetworkError &e)
{
	try {
		db->failed.clear();
		for (size_t i = 0; i < db->remotes.size(); i++)
			if (e.get_context() == db->remotes[i].first)
				db->failed = db->remotes[i].second;
	} catch (...) {
	}
}

} // namespace cfs
