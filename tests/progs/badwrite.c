/*
 * Writes to descriptor 2 that fail: closed (EBADF), then reopened on
 * /dev/null and written for real. Only the second write is text written.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char lost[] = "lost-text: this write fails\n", kept[] = "kept-text: this write works\n";
	int fd;

	close(2);
	if (write(2, lost, strlen(lost)) >= 0)
		return 1;
	fd = open("/dev/null", O_WRONLY);
	if (fd != 2)
		return 2;
	if (write(2, kept, strlen(kept)) != (ssize_t)strlen(kept))
		return 3;
	return 0;
}
