/*
 * The catalogue of go's errors (analyzers/goerrors.c): its patterns match
 * what go really prints and nothing near it, and docs/go-errors.md and
 * docs/report-format.md list exactly the entries the code has.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzers/analyzers.h"
#include "../../analyzers/finding.h"
#include "../../analyzers/model.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	cr_assert_not_null(f, "%s cannot be read (the tests run from the top of the tree)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

/* The id of the first entry LINE matches, or NULL. */
static const char *which(const char *line)
{
	const char *p, *id;

	for (size_t i = 0; (p = gt_goerr_pattern(i, &id, NULL)); i++)
		if (gt_goerr_match(p, line))
			return id;
	return NULL;
}

Test(goerrors, glob)
{
	cr_assert(gt_goerr_match("a*c", "abc"));
	cr_assert(gt_goerr_match("a*c", "ac"));
	cr_assert(gt_goerr_match("*x*", "x"));
	cr_assert(gt_goerr_match("a*b*c", "a12b34c"));
	cr_assert_not(gt_goerr_match("a*c", "abd"));
	cr_assert_not(gt_goerr_match("abc", "abcd"));
	cr_assert_not(gt_goerr_match("abc*", "ab"));
}

/* lines go printed in the runs of tests/e2e/t_goerrors.sh */
Test(goerrors, real_lines)
{
	static const char *const lines[][2] = {
		{"go: inconsistent vendoring in /tmp/m:", "go-mod-vendor"},
		{"main.go:2:8: cannot find module providing package example.com/dep: import lookup disabled by -mod=vendor",
		 "go-mod-flag"},
		{"go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", "go-too-old"},
		{"note: module requires Go 1.21", "go-too-old"},
		{"main.go:3:8: package slices is not in GOROOT (/usr/lib/go-1.19/src/slices)", "go-too-old"},
		{"/tmp/o/go.mod:3: invalid go version '1.22.1': must match format 1.23", "go-too-old"},
		{"go: download go1.99.0 for linux/amd64: toolchain not available", "toolchain-unavailable"},
		{"go: invalid GOTOOLCHAIN \"banana\"", "gotoolchain-invalid"},
		{"go: example.com/dep@v1.0.0: module lookup disabled by GOPROXY=off", "goproxy-off"},
		{"go: example.com/dep@v1.0.0: GOPROXY list is not the empty string, but contains no entries", "goproxy-empty"},
		{"go: parsing $GOFLAGS: unknown flag -bogus", "goflags-invalid"},
		{"go: modules disabled by GO111MODULE=off; see 'go help modules'", "go111module"},
		{"go: unsupported GOOS/GOARCH pair linux/bogus", "goos-goarch"},
		{"go: invalid GOWORK: not an absolute path", "gowork-invalid"},
		{"current directory is contained in a module that is not one of the workspace modules listed in go.work. "
		 "You can add the module to the workspace using:", "go-work-excludes"},
		{"pattern ./...: directory prefix . does not contain modules listed in go.work or their selected dependencies",
		 "go-work-excludes"},
		{"go: error loading go.work:", "go-work-bad"},
		{"go: errors parsing go.work:", "go-work-bad"},
		{"go: cannot load module ../gone listed in go.work file: open ../gone/go.mod: no such file or directory",
		 "go-work-bad-use"},
		{"go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"mod\"", "go-work-mod"},
		{"go: -race requires cgo; enable cgo by setting CGO_ENABLED=1", "cgo-off"},
		{"go: -race requires cgo", "cgo-off"},
		{"main.go:2:8: example.com/dep@v1.0.0: replacement directory ../dep-missing does not exist", "replace-missing"},
		{"main.go:3:8: example.com/dep@v1.0.0 (replaced by ./dep-gone): reading ../dep-gone/go.mod: open "
		 "/w/rp/dep-gone/go.mod: no such file or directory", "replace-missing"},
		{"build cache is disabled by GOCACHE=off, but required as of Go 1.12", "gocache-off"},
		{"go: creating work dir: stat /nonexistent-gt: no such file or directory", "workdir-unusable"},
		{"go: unknown GOEXPERIMENT bogus", "goexperiment-invalid"},
		{"go: example.com/x.git@v1.0.0: GOVCS disallows using git for private example.com/x.git; see 'go help vcs'",
		 "govcs-refused"},
		{"go: corp.example/priv@v1.0.0: verifying module: corp.example/priv@v1.0.0: reading "
		 "http://127.0.0.1:4/lookup/corp.example/priv@v1.0.0: 404 Not Found", "sumdb-unknown"},
		{"go: corp.example/priv@v1.0.0: verifying module: corp.example/priv@v1.0.0: reading "
		 "https://sum.golang.org/lookup/corp.example/priv@v1.0.0: 410 Gone", "sumdb-unknown"},
		{"package example.com/m/c: build constraints exclude all Go files in /tmp/m/c", "cgo-off"},
		{"cgo: C compiler \"no-such-cc\" not found: exec: \"no-such-cc\": executable file not found in $PATH", "cc-missing"},
		{"failed to initialize build cache at /x/cache: mkdir /x: not a directory", "gocache-unusable"},
		{"build cache is required, but could not be located: GOCACHE is not defined and neither $XDG_CACHE_HOME "
		 "nor $HOME are defined", "gocache-unusable"},
		{"go: could not create module cache: stat /x/mc: not a directory", "modcache-unusable"},
		{"go: module cache not found: neither GOMODCACHE nor GOPATH is set", "modcache-unusable"},
		{"go: GOPATH entry is relative; must be absolute path: \"relative\".", "gopath-invalid"},
		{"go: missing Git command. See https://golang.org/s/gogetcmd", "git-missing"},
		{"go: 127.0.0.1/x@v1.0.0: unrecognized import path \"127.0.0.1/x\": http/https fetch: Get "
		 "\"http://127.0.0.1/x?go-get=1\": dial tcp 127.0.0.1:80: connect: connection refused", "direct-failed"},
		{"go: example.com/gtrepo.git@v1.0.0: git ls-remote -q origin in /m/cache/vcs/x: exit status 128:",
		 "direct-failed"},
		{"go: example.com/gtrepo.git@v1.0.0: no secure protocol found for repository", "direct-failed"},
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *id = which(lines[i][0]);
		cr_expect(id && !strcmp(id, lines[i][1]), "\"%s\": %s, not %s", lines[i][0], id ? id : "no entry",
			  lines[i][1]);
	}
}

/* go's words about the user's own code, and near misses: no entry */
Test(goerrors, other_lines)
{
	static const char *const lines[] = {
		"./main.go:3:15: undefined: undefinedThing",
		"go: updates to go.mod needed; to update it:",
		"go: example.com/dep@v1.0.0: reading https://proxy.golang.org/example.com/dep/@v/v1.0.0.info: 404 Not Found",
		"main.go:2:8: no required module provides package example.com/dep; to add it:",
		"note: module requires Go",
		"go: inconsistent vendoring",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		cr_expect_null(which(lines[i]), "\"%s\" matched %s", lines[i], which(lines[i]));
}

/* docs/go-errors.md has a row for every entry (pattern, versions, id), and no row the code lacks */
Test(goerrors, documented)
{
	char *doc = slurp("docs/go-errors.md"), *fmt = slurp("docs/report-format.md"), row[1200], idc[128];
	const char *p, *id, *ver;
	size_t i, rows = 0;

	for (i = 0; (p = gt_goerr_pattern(i, &id, &ver)); i++) {
		char v[32];
		snprintf(v, sizeof(v), "%s", ver);
		for (char *d = strchr(v, '-'); d; d = strchr(d, '-')) /* the doc writes ranges with an en dash */
			memmove(d + 3, d + 1, strlen(d)), memcpy(d, "\xe2\x80\x93", 3), d += 3;
		snprintf(row, sizeof(row), "| `%s` | %s | `%s` |", p, v, id);
		cr_expect(strstr(doc, row), "docs/go-errors.md has no row starting %s", row);
		snprintf(idc, sizeof(idc), "`%s`", id);
		cr_expect(strstr(fmt, idc), "docs/report-format.md has no row for %s", id);
	}
	for (const char *s = strstr(doc, "\n| `"); s; s = strstr(s + 1, "\n| `"))
		rows++;
	cr_expect_eq(rows, i, "docs/go-errors.md has %zu catalogue rows, the code %zu entries", rows, i);
	free(doc);
	free(fmt);
}

/*
 * A hand-written trace: go (pid 11) with environment ENV (a JSON object, or
 * NULL for none recorded) writes LINE to stderr and exits 1; its findings.
 */
static struct gt_model tm;
static struct gt_findings tfs;

static void run_go(const char *env, const char *line)
{
	char path[96], why[256];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/gotrace-unit-goerr-%d.jsonl", (int)getpid());
	f = fopen(path, "w");
	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],"
		   "\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[]}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\","
		   "\"argv\":[\"go\",\"build\"],\"exe\":\"/usr/local/go/bin/go\"%s%s,\"ret\":0}\n", env ? ",\"env\":" : "",
		env ? env : "");
	/* go's look at $GOROOT/go.env: absent here, so a setting set nowhere is go's default */
	fprintf(f, "{\"ev\":\"open\",\"t\":0.002,\"pid\":11,\"src\":\"sys\",\"path\":\"/usr/local/go/go.env\","
		   "\"flags\":[\"O_RDONLY\"],\"ret\":-1,\"err\":\"ENOENT\"}\n");
	fprintf(f, "{\"ev\":\"stderr\",\"t\":0.5,\"pid\":11,\"src\":\"sys\",\"text\":\"%s\\n\"}\n", line);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":1}\n");
	fprintf(f, "{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":1,\"procs\":1,\"events\":5}\n");
	fclose(f);
	memset(&tm, 0, sizeof(tm));
	memset(&tfs, 0, sizeof(tfs));
	cr_assert_eq(gt_model_load(&tm, path, why, sizeof(why)), 0, "%s", why);
	gt_analyze(&tm, &tfs);
	unlink(path);
}

static void done(void)
{
	gt_findings_free(&tfs);
	gt_model_free(&tm);
}

/* The twin of every entry that names a setting: without go's environment, which fact is missing, not a guess */
Test(goerrors, setting_without_environment_says_what_is_missing)
{
	static const char *const lines[][2] = {
		{"go: invalid GOTOOLCHAIN \\\"banana\\\"", "gotoolchain-invalid"},
		{"go: parsing $GOFLAGS: unknown flag -bogus", "goflags-invalid"},
		{"go: unknown GOEXPERIMENT bogus", "goexperiment-invalid"},
		{"build cache is disabled by GOCACHE=off, but required as of Go 1.12", "gocache-off"},
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const struct gt_finding *f;
		run_go(NULL, lines[i][0]);
		f = gt_findings_get(&tfs, lines[i][1]);
		cr_expect(f && strstr(f->verdict, "came from is not in this trace (go's environment was not recorded)"),
			  "%s: %s", lines[i][1], f ? f->verdict : "no finding");
		cr_expect(f && !f->fix, "no fix without knowing the source");
		done();
		/* with it, and the setting in it: its value and source */
		run_go("{\"GOTOOLCHAIN\":\"banana\",\"GOFLAGS\":\"-bogus\",\"GOEXPERIMENT\":\"bogus\",\"GOCACHE\":\"off\",\"GOENV\":\"off\"}",
		       lines[i][0]);
		f = gt_findings_get(&tfs, lines[i][1]);
		cr_expect(f && strstr(f->verdict, "from the environment"), "%s: %s", lines[i][1], f ? f->verdict : "none");
		done();
	}
}

/* A rule that cannot prove its cause makes no finding: the failure stays the headline */
Test(goerrors, unprovable_causes_make_no_finding)
{
	const struct gt_finding *f;

	/* -mod=vendor from nowhere the trace shows (no GOFLAGS, no go.mod read): no go-mod-vendor */
	run_go("{\"GOENV\":\"off\"}", "go: inconsistent vendoring in /w:");
	cr_expect_null(gt_findings_get(&tfs, "go-mod-vendor"));
	f = gt_findings_get(&tfs, "failure");
	cr_assert(f);
	cr_expect_null(f->see);
	done();
	/* workdir: neither GOTMPDIR nor TMPDIR set: nothing to blame */
	run_go("{\"GOENV\":\"off\"}", "go: creating work dir: mkdir /tmp/go-build1: permission denied");
	cr_expect_null(gt_findings_get(&tfs, "workdir-unusable"));
	done();
}
