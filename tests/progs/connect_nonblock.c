/*
 * Non-blocking connects, completed the way Go's net package does it: wait
 * for writability, then getsockopt(SO_ERROR). One to a listener (succeeds),
 * one to a closed port (refused).
 *
 * Checked by tests/e2e/t_progs.sh ("non-blocking connect"): EINPROGRESS,
 * then connect_done with the result SO_ERROR gave.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int attempt(struct sockaddr_in *sa)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), err = 0;
	struct pollfd p = {s, POLLOUT, 0};
	socklen_t el = sizeof(err);

	if (connect(s, (struct sockaddr *)sa, sizeof(*sa)) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return errno;
	poll(&p, 1, 5000);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el);
	close(s);
	return err;
}

int main(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int l = socket(AF_INET, SOCK_STREAM, 0), e1, e2;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(l, (struct sockaddr *)&sa, sizeof(sa));
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&sa, &len);
	e1 = attempt(&sa);
	close(l);
	e2 = attempt(&sa);
	printf("listener %s, closed %s\n", strerror(e1), strerror(e2));
	return e1 != 0;
}
