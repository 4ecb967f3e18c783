/*
 * The analyzers, in the order they run, and running them: each one looks
 * at the model and adds findings; the report sorts them afterwards.
 */
#include "analyzers.h"

const struct gt_analyzer gt_analyzers[] = {
	{"goerrors", gt_an_goerrors}, /* first: a cause it finds is the headline */
	{"toolchain", gt_an_toolchain},
	{"config", gt_an_config},
	{"network", gt_an_network},
	{"library", gt_an_library},
	{"libload", gt_an_libload},
	{"credential", gt_an_credential},
	{"cheader", gt_an_cheader},
	{"gosum", gt_an_gosum},
	{"debugger", gt_an_debugger},
	{"listener", gt_an_listener},
	{"editor", gt_an_editor},
	{"failure", gt_an_failure},
	{NULL, NULL},
};

/* The opens the model keeps for the analyzers; cheap tests first (an open is judged before it is parsed). */
const struct gt_open_need gt_open_needs[] = {
	{"toolchain, config, gosum: go's own files and toolchain downloads", gt_toolchain_needs_open},
	{"library, libsearch, libload: libraries and pkg-config files", gt_library_needs_open},
	{"credential: ssh's files", gt_credgit_needs_open},
	{"cheader: headers a C compiler did not find", gt_cheader_needs_open},
	{"goconf, credential: the process's GOENV and NETRC files", gt_goconf_needs_open},
	{NULL, NULL},
};

void gt_rules_run(const struct gt_rule *r, size_t n, const struct gt_model *m, struct gt_findings *fs)
{
	size_t i;

	for (i = 0; i < n; i++)
		r[i].fn(m, fs);
}

void gt_analyze(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i;

	for (i = 0; gt_analyzers[i].name; i++)
		gt_analyzers[i].run(m, fs);
	gt_findings_sort(fs);
}
