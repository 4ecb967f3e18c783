/*
 * gotrace's command line: run a command under the tracer, or one of the
 * subcommands that read traces. Subcommands are found in cmd_table; a
 * program with a subcommand's name is run with `gotrace -- NAME`.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/report.h"
#include "../analyzers/diff.h"
#include "../analyzers/envsh.h"
#include "../wrap/launch.h"
#include "../wrap/tracefile.h"

static const char usage_text[] =
	"usage: gotrace [OPTIONS] [--] COMMAND [ARG...]\n"
	"       gotrace report [-v] [--json] [TRACE]\n"
	"       gotrace diff [--json] TRACE_A TRACE_B\n"
	"       gotrace env [--json] TRACE\n"
	"       gotrace --help | --version\n"
	"\n"
	"Runs COMMAND (typically a go command) exactly as it would run without\n"
	"gotrace, records every program it ran, the files they opened, the\n"
	"connections they made and what they wrote to stderr, then reports what\n"
	"happened. The command's stdout, stderr and exit status are unchanged;\n"
	"the report goes to stderr after it ends.\n"
	"\n"
	"Options:\n"
	"  -o FILE        write the trace to FILE (default: a new file under\n"
	"                 ${XDG_STATE_HOME:-~/.local/state}/gotrace/, newest as last.jsonl)\n"
	"  -q             no report\n"
	"  -v             the whole report: every finding with all its evidence (by\n"
	"                 default, repeated findings are folded and information\n"
	"                 findings show only their verdict)\n"
	"  --json         the report as JSON findings (docs/report-format.md)\n"
	"  --stall S      after S seconds without progress, say on stderr what every\n"
	"                 process waits on (default 10; 0: never)\n"
	"  --timeout S    stop the command after S seconds (SIGTERM, then SIGKILL),\n"
	"                 then report; exit status 124\n"
	"  --mode MODE    auto (default), ptrace, or preload; ptrace makes a refused\n"
	"                 tracer an error instead of a fallback\n"
	"  --no-latency-hint\n"
	"                 do not ask the kernel for zero CPU wake-up latency while\n"
	"                 tracing (see README, Performance)\n"
	"  -h, --help     this text\n"
	"  -V, --version  version\n"
	"\n"
	"Subcommands:\n"
	"  report [-v] [--json] [TRACE]\n"
	"                            report on a saved trace (default: the last one)\n"
	"  diff [--json] A B         why two runs (CI and a laptop) differ: the differences\n"
	"                            that matter, the likely cause first; exit 0 if none, 1 if\n"
	"                            some, 2 on error\n"
	"  env [--json] TRACE        sh lines that reproduce the run's Go environment\n"
	"\n"
	"Exit status: the command's; 128+N if it was killed by signal N; 124 if\n"
	"--timeout stopped it; 125 if\n"
	"gotrace itself failed, 126 if COMMAND cannot be run, 127 if not found.\n";

/* One line on stderr for a command line gotrace cannot use. */
static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gotrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see gotrace --help)\n", stderr);
	return GT_EXIT_FAIL;
}

static int cmd_report(int argc, char **argv)
{
	char err[1024], dflt[PATH_MAX + 16];
	const char *path = NULL;
	int i, json = 0, verbose = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs("usage: gotrace report [-v] [--json] [TRACE]\n", stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = 1;
			continue;
		}
		if (!strcmp(argv[i], "--") && i + 1 < argc) {
			i++;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "gotrace report: unknown option '%s' (see gotrace --help)\n", argv[i]);
			return 2;
		}
		if (path) {
			fprintf(stderr, "gotrace report: one trace at a time (got '%s' and '%s')\n",
				path, argv[i]);
			return 2;
		}
		path = argv[i];
	}
	if (!path) {
		if (gt_state_dir(dflt, sizeof(dflt) - 12) < 0) {
			fputs("gotrace report: no trace given and no state directory (set HOME)\n", stderr);
			return 1;
		}
		strcat(dflt, "/last.jsonl");
		path = dflt;
	}
	if (gt_report_file_opts(path, stdout, (json ? GT_REPORT_JSON : 0) | (verbose ? GT_REPORT_VERBOSE : 0),
				err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace report: %s\n", err);
		return 1;
	}
	return 0;
}

/* The trace arguments of a subcommand: WANT of them, and --json. */
static int trace_args(const char *cmd, const char *usage, int argc, char **argv, const char **paths,
		      int want, int *json)
{
	int i, n = 0;

	*json = 0;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s\n", usage);
			return 0;
		}
		if (!strcmp(argv[i], "--json")) {
			*json = 1;
			continue;
		}
		if (!strcmp(argv[i], "--") && i + 1 < argc) {
			i++;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "gotrace %s: unknown option '%s' (see gotrace --help)\n", cmd, argv[i]);
			return -2;
		}
		if (n == want) {
			fprintf(stderr, "gotrace %s: too many arguments ('%s'); usage: %s\n", cmd, argv[i], usage);
			return -2;
		}
		paths[n++] = argv[i];
	}
	if (n < want) {
		fprintf(stderr, "gotrace %s: %s; usage: %s\n", cmd,
			want == 2 ? "two traces needed" : "a trace is needed", usage);
		return -2;
	}
	return 1;
}

static int cmd_diff(int argc, char **argv)
{
	const char *p[2];
	char err[1024];
	int json, r = trace_args("diff", "gotrace diff [--json] TRACE_A TRACE_B", argc, argv, p, 2, &json);

	if (r <= 0)
		return r == 0 ? 0 : 2;
	r = gt_diff_files(p[0], p[1], stdout, json, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "gotrace diff: %s\n", err);
		return 2;
	}
	/* as diff(1): 0 when nothing differs, 1 when something does */
	return r > 0;
}

static int cmd_env(int argc, char **argv)
{
	const char *p[1];
	char err[1024];
	int json, r = trace_args("env", "gotrace env [--json] TRACE", argc, argv, p, 1, &json);

	if (r <= 0)
		return r == 0 ? 0 : 2;
	if (gt_env_file(p[0], stdout, json, err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace env: %s\n", err);
		return 1;
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmd_table[] = {
	{"report", cmd_report},
	{"diff", cmd_diff},
	{"env", cmd_env},
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"mode", required_argument, NULL, 'm'},
		{"no-latency-hint", no_argument, NULL, 'L'},
		{"json", no_argument, NULL, 'J'},
		{"verbose", no_argument, NULL, 'v'},
		{"stall", required_argument, NULL, 'S'},
		{"timeout", required_argument, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	struct gt_launch_opts o;
	struct gt_launch_result res;
	int c, quiet = 0, json = 0, verbose = 0, rc;
	size_t i;

	if (argc > 1)
		for (i = 0; i < sizeof(cmd_table) / sizeof(cmd_table[0]); i++)
			if (!strcmp(argv[1], cmd_table[i].name))
				return cmd_table[i].fn(argc - 1, argv + 1);
	memset(&o, 0, sizeof(o));
	o.stall = 10;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return usage_error("-o needs a file name");
			o.out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'L':
			o.no_latency_hint = 1;
			break;
		case 'J':
			json = 1;
			break;
		case 'S':
		case 'T': {
			char *end;
			double v = strtod(optarg, &end);
			if (end == optarg || *end || v < 0 || v > 1e7)
				return usage_error("--%s needs a number of seconds (got '%s')",
						   c == 'S' ? "stall" : "timeout", optarg);
			if (c == 'S')
				o.stall = v;
			else
				o.timeout = v;
			break;
		}
		case 'm':
			if (!strcmp(optarg, "auto"))
				o.mode = GT_MODE_AUTO;
			else if (!strcmp(optarg, "ptrace"))
				o.mode = GT_MODE_PTRACE;
			else if (!strcmp(optarg, "preload"))
				o.mode = GT_MODE_PRELOAD;
			else
				return usage_error("unknown mode '%s' (auto, ptrace or preload)", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			puts("gotrace " GT_VERSION);
			return 0;
		case '?':
			if (optopt == 'o')
				return usage_error("-o needs a file name");
			if (optopt == 'm')
				return usage_error("--mode needs a value (auto, ptrace or preload)");
			if (optopt == 'S' || optopt == 'T')
				return usage_error("--%s needs a number of seconds",
						   optopt == 'S' ? "stall" : "timeout");
			if (optopt)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("no command given");
	o.argv = argv + optind;
	rc = gt_launch(&o, &res);
	/* the report of a trace written whole, after the command's own output */
	if (res.complete && !quiet)
		gt_report_after_run_opts(res.trace, stderr,
					  (json ? GT_REPORT_JSON : 0) | (verbose ? GT_REPORT_VERBOSE : 0));
	free(res.trace);
	return rc;
}
