/*
 * stallproxy.c: a TCP proxy on 127.0.0.1 that stalls, for the shard tests:
 * it passes what clients send on to a server, but of what the server
 * sends back only the first N bytes of each connection (a server that
 * answers the handshake and then hangs).
 *
 *   stallproxy LISTEN_PORT SERVER_PORT N
 *
 * Prints "Listening" once it accepts; runs until killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXCONN 64

struct conn {
	int client, server;
	long sent;       /* bytes of the server's passed on */
};

static int
connect_to(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int
main(int argc, char **argv)
{
	struct conn c[MAXCONN];
	struct sockaddr_in a;
	int n = 0, one = 1, lfd;
	long limit;

	if (argc != 4) {
		fprintf(stderr, "usage: stallproxy LISTEN_PORT SERVER_PORT N\n");
		return 2;
	}
	limit = atol(argv[3]);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 16) != 0) {
		perror("stallproxy");
		return 1;
	}
	printf("Listening\n");
	fflush(stdout);
	for (;;) {
		struct pollfd p[1 + 2 * MAXCONN];
		int np = 0;
		p[np++] = (struct pollfd){ lfd, POLLIN, 0 };
		for (int i = 0; i < n; i++) {
			p[np++] = (struct pollfd){ c[i].client, POLLIN, 0 };
			p[np++] = (struct pollfd){ c[i].server, POLLIN, 0 };
		}
		if (poll(p, (nfds_t)np, -1) < 0 && errno != EINTR)
			return 1;
		if ((p[0].revents & POLLIN) && n < MAXCONN) {
			int cfd = accept(lfd, NULL, NULL);
			int sfd = cfd >= 0 ? connect_to(atoi(argv[2])) : -1;
			if (sfd >= 0)
				c[n++] = (struct conn){ cfd, sfd, 0 };
			else if (cfd >= 0)
				close(cfd);
		}
		for (int i = 0; i < n; i++) {
			char buf[4096];
			short cr = p[1 + 2 * i].revents, sr = p[2 + 2 * i].revents;
			ssize_t k;
			int gone = 0;
			if (cr & (POLLIN | POLLHUP)) {
				k = read(c[i].client, buf, sizeof buf);
				if (k <= 0 || write(c[i].server, buf, (size_t)k) != k)
					gone = 1;
			}
			if (!gone && (sr & (POLLIN | POLLHUP))) {
				k = read(c[i].server, buf, sizeof buf);
				if (k <= 0) {
					gone = 1;
				} else if (c[i].sent < limit) {
					long pass = limit - c[i].sent < k ? limit - c[i].sent : k;
					if (write(c[i].client, buf, (size_t)pass) != pass)
						gone = 1;
					c[i].sent += pass;
				}
			}
			if (gone) {
				close(c[i].client);
				close(c[i].server);
				c[i--] = c[--n];
				break;   /* the poll entries moved: poll again */
			}
		}
	}
}
