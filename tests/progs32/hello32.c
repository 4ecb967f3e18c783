/* Built with -m32 by the tests: a 32-bit program must run and be traced. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (open("/gotrace-nonexistent-32", O_RDONLY) >= 0)
		return 1;
	fprintf(stderr, "hello from 32-bit\n");
	return 0;
}
