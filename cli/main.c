/*
 * gotrace's command line: run a command under the tracer, or one of the
 * subcommands that read traces. Each subcommand is a row of `subcommands`
 * (usage, options, how many traces, what runs it), from which its argument
 * parsing, its errors and --help are made; a program with a subcommand's
 * name is run with `gotrace -- NAME`.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <seccomp.h>
#include <zip.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/report.h"
#include "../analyzers/diff.h"
#include "../analyzers/envsh.h"
#include "../analyzers/export.h"
#include "../probe/cryptoload.h"
#include "../probe/curlload.h"
#include "../probe/probe.h"
#include "../verify/verify.h"
#include "../verify/zipload.h"
#include "../repro/repro.h"
#include "../wrap/launch.h"
#include "../wrap/tracefile.h"
#include "../common/util.h"

static const char help_text[] =
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
	"  -q             no report, and no notice of gotrace's own (fallback,\n"
	"                 stall, interruption, timeout); errors that keep the\n"
	"                 command from running are still said\n"
	"  -v             the whole report: every finding with all its evidence (by\n"
	"                 default, repeated findings are folded and information\n"
	"                 findings show only their verdict)\n"
	"  --json         the report as JSON findings (docs/report-format.md)\n"
	"  --color[=WHEN] colour the report: auto (default: on a terminal, and\n"
	"                 NO_COLOR unset), always, never\n"
	"  --stall S      after S seconds without progress, say on stderr what every\n"
	"                 process waits on (default 10; 0: never)\n"
	"  --timeout S    stop the command after S seconds (SIGTERM, then SIGKILL),\n"
	"                 then report; exit status 124\n"
	"  --max-trace SIZE\n"
	"                 stop recording once the trace holds SIZE bytes (as 100M,\n"
	"                 1G; for long sessions such as gopls): a 'limit' line says\n"
	"                 so, and the end record counts what was left out\n"
	"  --mode MODE    auto (default), ptrace, or preload; ptrace makes a refused\n"
	"                 tracer an error instead of a fallback; auto uses preload\n"
	"                 for a debugger (strace, gdb, dlv...): a process has one tracer\n"
	"  --no-latency-hint\n"
	"                 do not ask the kernel for zero CPU wake-up latency while\n"
	"                 tracing (see README, Performance)\n"
	"  --no-shim-opens\n"
	"                 stop the process at every open, also those the preload\n"
	"                 shim could record itself (slower; for comparing)\n"
	"  --opens HOW    how opens that only read are recorded: auto (the default:\n"
	"                 kernel when gotrace may load BPF programs, else ptrace),\n"
	"                 kernel (an eBPF recorder, no stop; root), ptrace (a stop\n"
	"                 each), notify (seccomp notification; a program's own\n"
	"                 notification listener is then refused, EBUSY)\n"
	"  --open-notify  the same as --opens notify\n"
	"  -h, --help     this text\n"
	"  -V, --version  version\n";

static const char exit_text[] =
	"\n"
	"Exit status: the command's; 128+N if it was killed by signal N; 124 if\n"
	"--timeout stopped it; 125 if gotrace itself failed, 126 if COMMAND cannot\n"
	"be run, 127 if not found.\n"
	"\n"
	"Environment: XDG_STATE_HOME (where the state directory is), GOTRACE_KEEP\n"
	"(traces the state directory keeps; default 50, 0 keeps all), NO_COLOR.\n";

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

/*
 * --color=WHEN: 0 auto (a terminal, and NO_COLOR unset), or the report
 * flag that forces it on or off; -1 for a value that is none of these.
 */
static int color_flag(const char *when)
{
	if (!when || !strcmp(when, "always"))
		return GT_REPORT_COLOR;
	if (!strcmp(when, "never"))
		return GT_REPORT_NOCOLOR;
	if (!strcmp(when, "auto"))
		return 0;
	return -1;
}

/* ---- subcommands: each one's usage, options and traces in the table ---- */

#define OPT_JSON 1u
#define OPT_VERBOSE 2u
#define OPT_PERFETTO 4u
#define OPT_HTML 8u
#define OPT_AGAINST 16u

struct sub_args {
	const char *paths[2];
	int n;
	int json, verbose, perfetto, html, color;
	const char *against; /* report --against TRACE */
};

struct subcommand {
	const char *name;
	const char *args; /* what follows the name in its usage line */
	const char *help; /* for --help, lines of at most 50 columns */
	int min, max;     /* how many traces */
	unsigned opts;    /* OPT_*: the options it takes */
	int (*fn)(struct sub_args *a);
	int (*raw)(int argc, char **argv); /* a subcommand that reads its own arguments */
};

/* The trace a subcommand reads when none is given: the state directory's last.jsonl. */
static const char *default_trace(const char *cmd, char *buf, size_t size)
{
	if (gt_state_dir(buf, size - 12) < 0) {
		fprintf(stderr, "gotrace %s: no trace given and no state directory (set HOME)\n", cmd);
		return NULL;
	}
	strcat(buf, "/last.jsonl");
	return buf;
}

/*
 * report --against B: the report, then what `gotrace diff TRACE B` says;
 * with --json one object, the diff's under "against". Both traces are
 * read before anything is printed, so a bad B prints no half answer.
 */
static int report_against(struct sub_args *a, const char *path)
{
	char err[1024], *rep = NULL, *dif = NULL;
	size_t nrep = 0, ndif = 0;
	FILE *r = open_memstream(&rep, &nrep), *d = open_memstream(&dif, &ndif);
	int rc = 1, dr;

	if (!r || !d) {
		fprintf(stderr, "gotrace report: %s\n", strerror(errno));
		goto out;
	}
	if (gt_report_file_opts(path, r, (a->json ? GT_REPORT_JSON : 0) | (a->verbose ? GT_REPORT_VERBOSE : 0) |
				a->color, err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace report: %s\n", err);
		goto out;
	}
	if ((dr = gt_diff_files(path, a->against, d, a->json, err, sizeof(err))) < 0) {
		fprintf(stderr, "gotrace report: --against: %s\n", err);
		goto out;
	}
	fflush(r);
	fflush(d);
	if (a->json) {
		json_t *o = json_loadb(rep, nrep, 0, NULL), *x = json_loadb(dif, ndif, 0, NULL);
		if (o && x) {
			json_object_set_new(o, "against", x);
			x = NULL;
			json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			putchar('\n');
			rc = 0;
		} else {
			fputs("gotrace report: --against: cannot combine the two answers\n", stderr);
		}
		json_decref(o);
		json_decref(x);
		goto out;
	}
	fwrite(rep, 1, nrep, stdout);
	printf("\ncompared with %s (gotrace diff):\n", a->against);
	fwrite(dif, 1, ndif, stdout);
	rc = 0;
out:
	if (r)
		fclose(r);
	if (d)
		fclose(d);
	free(rep);
	free(dif);
	return rc;
}

static int run_report(struct sub_args *a)
{
	char err[1024], dflt[PATH_MAX + 16];
	const char *path = a->paths[0] ? a->paths[0] : default_trace("report", dflt, sizeof(dflt));

	if (!path)
		return 1;
	if (a->html && a->json) {
		fputs("gotrace report: --html or --json, not both\n", stderr);
		return 2;
	}
	if (a->html && a->against) {
		fputs("gotrace report: --against goes with the text or --json report, not --html\n", stderr);
		return 2;
	}
	if (a->against)
		return report_against(a, path);
	if (a->html) {
		if (gt_report_html(path, stdout, err, sizeof(err)) < 0) {
			fprintf(stderr, "gotrace report: %s\n", err);
			return 1;
		}
		return 0;
	}
	if (gt_report_file_opts(path, stdout,
				(a->json ? GT_REPORT_JSON : 0) | (a->verbose ? GT_REPORT_VERBOSE : 0) | a->color, err,
				sizeof(err)) < 0) {
		fprintf(stderr, "gotrace report: %s\n", err);
		return 1;
	}
	return 0;
}

static int run_export(struct sub_args *a)
{
	char err[1024], dflt[PATH_MAX + 16];
	const char *path;

	if (!a->perfetto) {
		fputs("gotrace export: say which format: --perfetto (usage: gotrace export --perfetto [TRACE])\n", stderr);
		return 2;
	}
	if (!(path = a->paths[0] ? a->paths[0] : default_trace("export", dflt, sizeof(dflt))))
		return 1;
	if (gt_export_perfetto(path, stdout, err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace export: %s\n", err);
		return 1;
	}
	return 0;
}

static int run_diff(struct sub_args *a)
{
	char err[1024];
	int r = gt_diff_files(a->paths[0], a->paths[1], stdout, a->json, err, sizeof(err));

	if (r < 0) {
		fprintf(stderr, "gotrace diff: %s\n", err);
		return 2;
	}
	/* as diff(1): 0 when nothing differs, 1 when something does */
	return r > 0;
}

static int run_env(struct sub_args *a)
{
	char err[1024];

	if (gt_env_file(a->paths[0], stdout, a->json, err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace env: %s\n", err);
		return 1;
	}
	return 0;
}

/* gotrace probe [--json] [--quick] [--timeout S] [MODULE[@VERSION]...]: 0 go would get them all, 1 not, 2 usage */
static int run_probe(int argc, char **argv)
{
	static const char usage[] = "gotrace probe [--json] [--quick] [--timeout S] [MODULE[@VERSION]...]";
	struct gt_probe_opts o;
	enum { GOMOD_MAX = 20 };
	char *req[GOMOD_MAX];
	int i, n = 0, total = 0, rc;

	memset(&o, 0, sizeof(o));
	o.timeout = 30;
	o.zip_check = gt_verify_zip_check;
	/* the arguments, or go.mod's requirements when there are none */
	o.mods = gt_xcalloc((size_t)argc + GOMOD_MAX + 1, sizeof(char *));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s\n", usage);
			free(o.mods);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			o.json = 1;
		} else if (!strcmp(argv[i], "--quick")) {
			o.quick = 1;
		} else if (!strcmp(argv[i], "--timeout")) {
			char *end = NULL;
			o.timeout = i + 1 < argc ? strtod(argv[i + 1], &end) : 0;
			if (!end || end == argv[i + 1] || *end || o.timeout <= 0 || o.timeout > 1e6) {
				fprintf(stderr, "gotrace probe: --timeout needs a number of seconds; usage: %s\n", usage);
				free(o.mods);
				return 2;
			}
			i++;
		} else if (!strcmp(argv[i], "--") && i + 1 < argc) {
			o.mods[o.nmods++] = argv[++i];
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "gotrace probe: unknown option '%s' (see gotrace --help)\n", argv[i]);
			free(o.mods);
			return 2;
		} else {
			o.mods[o.nmods++] = argv[i];
		}
	}
	if (!o.nmods) {
		/* the direct requirements of the go.mod here */
		n = gt_probe_gomod_requires("go.mod", req, GOMOD_MAX, &total);
		if (n < 0) {
			fprintf(stderr, "gotrace probe: no module given and no go.mod here; usage: %s\n", usage);
			free(o.mods);
			return 2;
		}
		if (total > n)
			fprintf(stderr, "gotrace probe: go.mod has %d direct requirements; probing the first %d\n", total,
				n);
		for (i = 0; i < n; i++)
			o.mods[o.nmods++] = req[i];
	}
	if (curl_unavailable()) {
		fprintf(stderr, "gotrace probe: %s\n", curl_unavailable());
		rc = 2;
	} else {
		rc = gt_probe_run(&o, stdout);
	}
	for (i = 0; i < n; i++)
		free(req[i]);
	free(o.mods);
	return rc;
}

/* gotrace verify [--json] [--proxy] [--sumdb] [--timeout S] [DIR]: 0 all agree, 1 something differs, 2 usage,
 * 3 a source could not be checked */
static int run_verify(int argc, char **argv)
{
	static const char usage[] = "gotrace verify [--json] [--proxy] [--sumdb] [--timeout S] [DIR]";
	struct gt_verify_opts o;
	int i;

	memset(&o, 0, sizeof(o));
	o.timeout = 30;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s\n", usage);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			o.json = 1;
		} else if (!strcmp(argv[i], "--proxy")) {
			o.proxy = 1;
		} else if (!strcmp(argv[i], "--sumdb")) {
			o.sumdb = 1;
		} else if (!strcmp(argv[i], "--timeout")) {
			char *end = NULL;
			o.timeout = i + 1 < argc ? strtod(argv[i + 1], &end) : 0;
			if (!end || end == argv[i + 1] || *end || o.timeout <= 0 || o.timeout > 1e6) {
				fprintf(stderr, "gotrace verify: --timeout needs a number of seconds; usage: %s\n", usage);
				return 2;
			}
			i++;
		} else if (argv[i][0] == '-' && strcmp(argv[i], "--")) {
			fprintf(stderr, "gotrace verify: unknown option '%s' (see gotrace --help)\n", argv[i]);
			return 2;
		} else {
			if (!strcmp(argv[i], "--") && ++i >= argc)
				break;
			if (o.dir) {
				fprintf(stderr, "gotrace verify: one directory at most; usage: %s\n", usage);
				return 2;
			}
			o.dir = argv[i];
		}
	}
	if (zip_unavailable() || (o.proxy && curl_unavailable())) {
		fprintf(stderr, "gotrace verify: %s\n", zip_unavailable() ? zip_unavailable() : curl_unavailable());
		return 2;
	}
	return gt_verify_run(&o, stdout);
}

static const struct subcommand subcommands[] = {
	{"report", "[-v] [--color[=WHEN]] [--json | --html] [--against TRACE_B] [TRACE]",
	 "report on a saved trace (default: the last one),\n"
	 "or on one still being written, as far as it goes;\n"
	 "--html: one self-contained page with a timeline;\n"
	 "--against: then what differs from TRACE_B (as diff)",
	 0, 1, OPT_JSON | OPT_VERBOSE | OPT_HTML | OPT_AGAINST, run_report, NULL},
	{"diff", "[--json] TRACE_A TRACE_B",
	 "why two runs (CI and a laptop) differ: the\n"
	 "differences that matter, the likely cause first;\n"
	 "exit 0 if none, 1 if some, 2 on error",
	 2, 2, OPT_JSON, run_diff, NULL},
	{"env", "[--json] TRACE", "sh lines that reproduce the run's Go environment", 1, 1, OPT_JSON,
	 run_env, NULL},
	{"export", "--perfetto [TRACE]",
	 "the run as a timeline: Chrome trace-event JSON,\n"
	 "for ui.perfetto.dev or chrome://tracing",
	 0, 1, OPT_PERFETTO, run_export, NULL},
	{"probe", "[--json] [--quick] [--timeout S] [MODULE[@VERSION]...]",
	 "ask the GOPROXY entries what go would ask and say\n"
	 "whether go would get each module (default: go.mod's\n"
	 "requirements); exit 0 if so, 1 if not, 2 on bad usage",
	 0, 0, 0, NULL, run_probe},
	{"verify", "[--json] [--proxy] [--sumdb] [--timeout S] [DIR]",
	 "which of go.sum, the module cache, the proxy and the\n"
	 "checksum database disagree, and which to trust;\n"
	 "exit 0 if all agree, 1 if not, 2 on bad usage,\n"
	 "3 if a source could not be checked",
	 0, 0, 0, NULL, run_verify},
	{"repro", "[--dry-run] [--keep] [--clean] [-o TRACE] [-C DIR] TRACE",
	 "run the traced command again here, in the Go world\n"
	 "the trace recorded (a CI run on a laptop), and say\n"
	 "whether its failure came back; --dry-run: the sh\n"
	 "script; exit 0 reproduced, 1 not or another\n"
	 "failure, 2 on bad usage or an unreadable trace",
	 0, 0, 0, NULL, rp_main},
};

/* Parse a subcommand's arguments and run it; a bad command line is one line and status 2. */
static int run_subcommand(const struct subcommand *c, int argc, char **argv)
{
	struct sub_args a;
	int i;

	if (c->raw)
		return c->raw(argc, argv);
	memset(&a, 0, sizeof(a));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			printf("usage: gotrace %s %s\n", c->name, c->args);
			return 0;
		}
		if ((c->opts & OPT_JSON) && !strcmp(arg, "--json")) {
			a.json = 1;
			continue;
		}
		if ((c->opts & OPT_VERBOSE) && (!strcmp(arg, "-v") || !strcmp(arg, "--verbose"))) {
			a.verbose = 1;
			continue;
		}
		if ((c->opts & OPT_HTML) && (!strcmp(arg, "--color") || !strncmp(arg, "--color=", 8))) {
			if ((a.color = color_flag(arg[7] ? arg + 8 : NULL)) < 0) {
				fprintf(stderr, "gotrace %s: --color takes auto, always or never (got '%s')\n", c->name, arg + 8);
				return 2;
			}
			continue;
		}
		if ((c->opts & OPT_HTML) && !strcmp(arg, "--html")) {
			a.html = 1;
			continue;
		}
		if ((c->opts & OPT_AGAINST) && (!strcmp(arg, "--against") || !strncmp(arg, "--against=", 10))) {
			if (arg[9] == '=') {
				a.against = arg + 10;
			} else if (i + 1 < argc) {
				a.against = argv[++i];
			} else {
				fprintf(stderr, "gotrace %s: --against needs a trace to compare with\n", c->name);
				return 2;
			}
			if (!a.against[0]) {
				fprintf(stderr, "gotrace %s: --against needs a trace to compare with\n", c->name);
				return 2;
			}
			continue;
		}
		if ((c->opts & OPT_PERFETTO) && !strcmp(arg, "--perfetto")) {
			a.perfetto = 1;
			continue;
		}
		if (!strcmp(arg, "--") && i + 1 < argc) {
			arg = argv[++i];
		} else if (arg[0] == '-' && arg[1]) {
			fprintf(stderr, "gotrace %s: unknown option '%s' (see gotrace --help)\n", c->name, arg);
			return 2;
		}
		if (a.n == c->max) {
			fprintf(stderr, "gotrace %s: too many arguments ('%s'); usage: gotrace %s %s\n",
				c->name, arg, c->name, c->args);
			return 2;
		}
		a.paths[a.n++] = arg;
	}
	if (a.n < c->min) {
		fprintf(stderr, "gotrace %s: %s; usage: gotrace %s %s\n", c->name,
			c->min == 2 ? "two traces needed" : "a trace is needed", c->name, c->args);
		return 2;
	}
	return c->fn(&a);
}

/* --help: usage lines and subcommands from the table, around the fixed text. */
static void print_help(void)
{
	size_t i, n = GT_ARRAY_SIZE(subcommands);

	fputs("usage: gotrace [OPTIONS] [--] COMMAND [ARG...]\n", stdout);
	for (i = 0; i < n; i++)
		printf("       gotrace %s %s\n", subcommands[i].name, subcommands[i].args);
	fputs("       gotrace --help | --version\n", stdout);
	fputs(help_text, stdout);
	fputs("\nSubcommands:\n", stdout);
	for (i = 0; i < n; i++) {
		const char *h = subcommands[i].help;
		int w = printf("  %s %s", subcommands[i].name, subcommands[i].args);
		if (w >= 28) {
			putchar('\n');
			w = 0;
		}
		while (h) {
			const char *nl = strchr(h, '\n');
			printf("%*s%.*s\n", 28 - w, "", nl ? (int)(nl - h) : (int)strlen(h), h);
			w = 0;
			h = nl ? nl + 1 : NULL;
		}
	}
	fputs(exit_text, stdout);
}

/* The version, the libraries it runs with, and whether this machine lets it trace (as strace -V). */
static void print_version(void)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	const struct scmp_version *sv = seccomp_version();

	printf("gotrace %s\n", GT_VERSION);
	printf("  libseccomp %u.%u.%u, libcurl %s, %s, jansson %s, libzip %s\n", sv ? sv->major : 0,
	       sv ? sv->minor : 0, sv ? sv->micro : 0, cv ? cv->version : "?",
	       gt_crypto_version() ? gt_crypto_version() : "libcrypto not loadable",
	       jansson_version_str(), zip_libzip_version());
	gt_launch_describe(stdout);
}

/* --max-trace SIZE: bytes (K, M, G suffixes, powers of 1024); 0 when malformed or under 64 KiB */
static unsigned long long size_flag(const char *s)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)s[0]))
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return 0;
	switch (*end) {
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	return *end || v < (64ull << 10) || v > (1ull << 50) ? 0 : v;
}

/* --stall S, --timeout S, --max-trace SIZE into O: 0, or the usage error's status */
static int value_flag(int c, const char *arg, struct gt_launch_opts *o)
{
	char *end;
	double v;

	if (c == 'M') {
		if ((o->max_trace = size_flag(arg)) == 0)
			return usage_error("--max-trace needs a size of at least 64K, as 100M or 1G (got '%s')", arg);
		return 0;
	}
	v = strtod(arg, &end);
	if (end == arg || *end || v < 0 || v > 1e7)
		return usage_error("--%s needs a number of seconds (got '%s')", c == 'S' ? "stall" : "timeout", arg);
	if (c == 'S')
		o->stall = v;
	else
		o->timeout = v;
	return 0;
}

/* --opens HOW: GT_OPENS_*, or -1 */
static int opens_flag(const char *how)
{
	static const char *const names[] = {[GT_OPENS_AUTO] = "auto", [GT_OPENS_KERNEL] = "kernel",
					    [GT_OPENS_PTRACE] = "ptrace", [GT_OPENS_NOTIFY] = "notify"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(how, names[i]))
			return (int)i;
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"mode", required_argument, NULL, 'm'},
		{"no-latency-hint", no_argument, NULL, 'L'},
		{"no-shim-opens", no_argument, NULL, 'N'},
		{"open-notify", no_argument, NULL, 'O'},
		{"opens", required_argument, NULL, 'W'},
		{"json", no_argument, NULL, 'J'},
		{"verbose", no_argument, NULL, 'v'},
		{"stall", required_argument, NULL, 'S'},
		{"timeout", required_argument, NULL, 'T'},
		{"color", optional_argument, NULL, 'C'},
		{"max-trace", required_argument, NULL, 'M'},
		{NULL, 0, NULL, 0},
	};
	struct gt_launch_opts o;
	struct gt_launch_result res;
	int c, quiet = 0, json = 0, verbose = 0, color = 0, rc;
	size_t i;

	if (argc > 1)
		for (i = 0; i < GT_ARRAY_SIZE(subcommands); i++)
			if (!strcmp(argv[1], subcommands[i].name))
				return run_subcommand(&subcommands[i], argc - 1, argv + 1);
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
		case 'N':
			o.no_shim_opens = 1;
			break;
		case 'O':
			o.opens = GT_OPENS_NOTIFY;
			break;
		case 'W':
			if ((o.opens = opens_flag(optarg)) < 0)
				return usage_error("unknown --opens '%s' (auto, kernel, ptrace or notify)", optarg);
			break;
		case 'J':
			json = 1;
			break;
		case 'C':
			if ((color = color_flag(optarg)) < 0)
				return usage_error("--color takes auto, always or never (got '%s')", optarg);
			break;
		case 'S':
		case 'T':
		case 'M':
			if ((rc = value_flag(c, optarg, &o)))
				return rc;
			break;
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
			print_help();
			return 0;
		case 'V':
			print_version();
			return 0;
		case '?':
			if (optopt == 'o')
				return usage_error("-o needs a file name");
			if (optopt == 'm')
				return usage_error("--mode needs a value (auto, ptrace or preload)");
			if (optopt == 'W')
				return usage_error("--opens needs a value (auto, kernel, ptrace or notify)");
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
	o.quiet = quiet;
	rc = gt_launch(&o, &res);
	/* the report of a trace written whole, after the command's own output */
	if (res.complete && !quiet)
		gt_report_after_run_opts(res.trace, stderr,
					  (json ? GT_REPORT_JSON : 0) | (verbose ? GT_REPORT_VERBOSE : 0) | color);
	free(res.trace);
	return rc;
}
