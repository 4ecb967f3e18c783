/*
 * The files a trace names and gotrace reads afterwards, from any bytes:
 * netrc, go.mod, go.work, go.sum, /etc/hosts, and the go env file (read
 * through the same path `gotrace probe` takes).
 */
#include "fuzz.h"

#include <stdlib.h>

#include "../../analyzers/goconf.h"
#include "../../common/goproxy.h"
#include "../../common/gomod.h"
#include "../../common/netrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	static struct gt_netrc_entry e[64];
	char pw[512], envv[128], *env[3];
	struct gt_gomod m;
	struct gt_sumline *sums = NULL;
	struct gt_goconf *c;
	char **dirs = NULL;
	int n, i;

	n = gt_netrc_read(path, e, 64);
	for (i = 0; i < n && i < 3; i++)
		gt_netrc_password(path, i, pw, sizeof(pw));
	if (gt_gomod_read(path, &m) == 0) {
		gt_gomod_replaced(&m, "example.com/m", "v1.0.0");
		gt_gomod_free(&m);
	}
	n = gt_gowork_uses(path, &dirs);
	for (i = 0; dirs && i < n; i++)
		free(dirs[i]);
	free(dirs);
	gt_gosum_read(path, &sums);
	free(sums);
	gt_hosts_has(path, "localhost", "127.0.0.1");
	snprintf(envv, sizeof(envv), "GOENV=%s", path);
	env[0] = envv;
	env[1] = "HOME=/nonexistent";
	env[2] = NULL;
	if ((c = gt_goconf_live(env)))
		gt_goconf_free(c);
	return 0;
}
