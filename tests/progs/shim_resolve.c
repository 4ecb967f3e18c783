/*
 * getaddrinfo("localhost") and connect to what it gave, on a port this
 * program is listening on, so the connect can be named.
 *
 * Checked by tests/e2e/t_shim.sh ("resolve"): same output traced, and the
 * connect named by the host.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct addrinfo hints, *res;
	char port[16];
	int l = socket(AF_INET, SOCK_STREAM, 0), c;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&sa, &len) < 0)
		return 2;
	snprintf(port, sizeof(port), "%d", ntohs(sa.sin_port));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo("localhost", port, &hints, &res) != 0)
		return 3;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, res->ai_addr, res->ai_addrlen) < 0)
		return 4;
	freeaddrinfo(res);
	if (!gethostbyname("localhost"))
		return 5;
	puts("connected");
	return 0;
}
