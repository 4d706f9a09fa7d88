/* gzip.c: read a file whole, gunzipping it when it starts with gzip magic. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cfsearch.h"

/* The cause given for a file over max bytes (static). */
static const char *
gzip_too_large(size_t max, int inflated)
{
	if (max == CFS_MAX_FILE_BYTES)
		return inflated ? "over 256 MiB once decompressed (a gzip bomb?): refused" :
		    "file too large (over 256 MiB): refused";
	return inflated ? "over the size limit once decompressed (a gzip bomb?): refused" :
	    "file too large: refused";
}

/* Inflate every gzip member of in[0..len), refusing more than max bytes. */
int
gzip_inflate(const char *in, size_t len, size_t max, char **out, size_t *outlen,
	     const char **why)
{
	z_stream zs;
	size_t cap = len * 4 + 4096, used = 0;
	char *o;
	int rc;

	if (cap > max + 1)
		cap = max + 1;
	o = xmalloc(cap + 1);
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK) {
		free(o);
		*why = "cannot start zlib";
		return -1;
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	for (;;) {
		if (used == cap) {
			if (cap > max) {
				*why = gzip_too_large(max, 1);
				goto fail;
			}
			cap *= 2;
			if (cap > max + 1)
				cap = max + 1;
			o = xrealloc(o, cap + 1);
		}
		zs.next_out = (Bytef *)o + used;
		zs.avail_out = (uInt)(cap - used > UINT32_MAX ? UINT32_MAX : cap - used);
		rc = inflate(&zs, Z_NO_FLUSH);
		used = (size_t)((char *)zs.next_out - o);
		if (used > max) {
			*why = gzip_too_large(max, 1);
			goto fail;
		}
		if (rc == Z_STREAM_END) {
			/* another member may follow (multi-member stream) */
			size_t consumed = (size_t)((const char *)zs.next_in - in);
			size_t rest = len - consumed;
			while (rest > 0 && in[consumed] == '\0') { /* padding */
				consumed++;
				rest--;
			}
			if (rest == 0)
				break;
			if (rest < 2 || (unsigned char)in[consumed] != 0x1f ||
			    (unsigned char)in[consumed + 1] != 0x8b) {
				*why = "trailing garbage after gzip data";
				goto fail;
			}
			inflateReset(&zs);
			zs.next_in = (Bytef *)(uintptr_t)(in + consumed);
			zs.avail_in = (uInt)(rest > UINT32_MAX ? UINT32_MAX : rest);
			continue;
		}
		if (rc == Z_OK)
			continue;
		if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
			*why = "truncated gzip data";
			goto fail;
		}
		if (rc == Z_BUF_ERROR)
			continue;
		*why = rc == Z_MEM_ERROR ? "out of memory in zlib" : "corrupt gzip data";
		goto fail;
	}
	inflateEnd(&zs);
	o[used] = '\0';
	*out = o;
	*outlen = used;
	return 0;
fail:
	inflateEnd(&zs);
	free(o);
	return -1;
}

int
gzip_read_file(const char *path, size_t max, char **out, size_t *outlen,
	       int *was_gzip, const char **why)
{
	struct stat st;
	size_t cap, used = 0;
	char *data;
	int fd;

	if (was_gzip != NULL)
		*was_gzip = 0;
	/* O_NONBLOCK: a file replaced by a FIFO meanwhile must not hang the
	 * open (it is refused below); reads of a regular file never block */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		*why = strerror(errno);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > (uint64_t)max) {
		*why = gzip_too_large(max, 0);
		close(fd);
		return -1;
	}
	cap = (size_t)st.st_size + 1;
	data = xmalloc(cap + 1);
	for (;;) {
		ssize_t n;
		if (used == cap) {
			if (cap > max) {
				*why = gzip_too_large(max, 0);
				goto fail;
			}
			cap *= 2;
			data = xrealloc(data, cap + 1);
		}
		n = read(fd, data + used, cap - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*why = strerror(errno);
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > max) {
		*why = gzip_too_large(max, 0);
		free(data);
		return -1;
	}
	if (used >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
		char *plain;
		size_t plainlen;
		if (was_gzip != NULL)
			*was_gzip = 1;
		if (gzip_inflate(data, used, max, &plain, &plainlen, why) != 0) {
			free(data);
			return -1;
		}
		free(data);
		*out = plain;
		*outlen = plainlen;
		return 0;
	}
	data[used] = '\0';
	*out = data;
	*outlen = used;
	return 0;
fail:
	close(fd);
	free(data);
	return -1;
}
