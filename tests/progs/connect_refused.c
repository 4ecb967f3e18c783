/*
 * A blocking connect to a loopback port nobody listens on: ECONNREFUSED.
 *
 * Checked by tests/e2e/t_progs.sh ("connect"): ECONNREFUSED with the
 * address and port.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	/* find a free port: bind to 0, read it back, close */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(s, (struct sockaddr *)&sa, &len);
	close(s);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return 1;
	perror("connect");
	printf("port %d\n", ntohs(sa.sin_port));
	return 0;
}
