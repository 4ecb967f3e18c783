# go's own errors, explained (docs/go-errors.md): each catalogue entry
# made real by a hermetic go run under gotrace, whose report must put the
# cause first, and a twin where the same message has another cause or
# none the catalogue may claim.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
schema="$TOP/docs/report-schema.json"
go119=/usr/lib/go-1.19/bin

# mod DIR [GOVERSION]: a module that builds
mod() {
	mkdir -p "$1"
	printf 'module example.com/m\n\ngo %s\n' "${2:-1.21}" >"$1/go.mod"
	printf 'package main\n\nfunc main() {}\n' >"$1/main.go"
}

# traced NAME DIR ENV... -- GOARGS...: go GOARGS under gotrace in DIR with
# the hermetic settings changed by ENV (NAME=VALUE, or -u NAME); the
# report as JSON in NAME.json; go's stderr in NAME.err, its status NAME.rc
traced() {
	_n=$1 _dir=$2
	shift 2
	_envs=""
	while [ "$1" != "--" ]; do _envs="$_envs $1"; shift; done
	shift
	(
		go_hermetic
		cd "$_dir" || exit 1
		# shellcheck disable=SC2086
		env $_envs "$GOTRACE" -q -o "$d/$_n.jsonl" go "$@" 2>"$d/$_n.err" >/dev/null
		echo $? >"$d/$_n.rc"
	)
	"$GOTRACE" report --json "$d/$_n.jsonl" >"$d/$_n.json" 2>"$d/$_n.rerr"
	NO_COLOR=1 "$GOTRACE" report "$d/$_n.jsonl" >"$d/$_n.txt" 2>&1
}
fjq() { jq -e "$2" "$d/$1.json" >/dev/null; }
# said NAME TEXT: go really printed TEXT (the message under test)
said() { check "$1: go printed \"$2\"" grep -qF -- "$2" "$d/$1.err"; }
# first NAME ID REGEX: the first finding is cause ID, its verdict matches REGEX, and the failure is under it
first() {
	check "$1: the first finding is the cause $2" fjq "$1" "
		.findings[0].id == \"$2\" and .findings[0].severity == \"cause\" and (.findings[0].verdict | test(\"$3\"))"
	check "$1: go's failure is explained by it" fjq "$1" "any(.findings[]; .id == \"failure\" and .see == \"$2\")"
	check "$1: the text report puts it first, the failure under it" sh -c "
		grep -m1 '^[✗!•] ' '$d/$1.txt' | grep -q '^✗ [a-z]* *' && ! grep -q '^✗ failure' '$d/$1.txt' && grep -q 'and so: [a-z]* exited' '$d/$1.txt'"
}
# plain NAME: the twin: no catalogue cause, go's failure stays the headline
plain() {
	check "$1: no catalogue cause; the failure is the first finding" fjq "$1" '
		.findings[0].id == "failure" and ([.findings[] | select(.severity == "cause")] | length) == 1'
}
# not_first NAME ID: ID is not the first finding (another cause is)
not_id() { check "$1: not $2" fjq "$1" "all(.findings[]; .id != \"$2\")"; }

# --- the toolchain: GOTOOLCHAIN=local from $GOROOT/go.env, or from the environment
if grep -q '^GOTOOLCHAIN=local' "$(go env GOROOT)/go.env" 2>/dev/null; then
	mod "$d/new" 1.99
	traced tl-goenv "$d/new" -u GOTOOLCHAIN -- build ./...
	said tl-goenv "requires go >= 1.99 (running go"
	first tl-goenv go-too-old 'GOTOOLCHAIN=local from \\$GOROOT/go.env .*go.env:[0-9]+\\) kept go 1\\.[0-9.]+, and .*go.mod needs go >= 1.99'
	check "tl-goenv: the go.mod line is its evidence" fjq tl-goenv '
		.findings[0].evidence | any(.file_line == 3 and (.text | test("^go 1.99")))'
	check "tl-goenv: fix: go env -w GOTOOLCHAIN=auto" fjq tl-goenv '.findings[0].fix | test("^go env -w GOTOOLCHAIN=auto")'
	check "tl-goenv: the JSON validates against the schema" python3 "$TOP/tests/e2e/validate_report.py" "$schema" "$d/tl-goenv.json"
else
	skip "GOTOOLCHAIN=local from \$GOROOT/go.env" "this Go's go.env does not set GOTOOLCHAIN=local"
fi
mod "$d/new2" 1.99
traced tl-env "$d/new2" GOTOOLCHAIN=local -- build ./...
first tl-env go-too-old 'GOTOOLCHAIN=local from the environment kept go'
check "tl-env: the environment, not go.env, is named" fjq tl-env '.findings[0].verdict | test("go.env") | not'
# twin: auto mode, the download refused by GOPROXY=off: that is the cause, not GOTOOLCHAIN
traced tl-auto "$d/new2" GOTOOLCHAIN=auto -- build ./...
said tl-auto "toolchain not available"
first tl-auto toolchain-unavailable 'GOPROXY=off from the environment: go may not download go1.99'
not_id tl-auto go-too-old

# --- an old go first on PATH (Debian's 1.19) for a newer go.mod
if [ -x "$go119/go" ]; then
	mod "$d/old" 1.22
	printf 'package main\n\nimport "slices"\n\nfunc main() { _ = slices.Contains([]int{1}, 1) }\n' >"$d/old/main.go"
	traced old119 "$d/old" PATH="$go119:$PATH" -- build ./...
	said old119 "is not in GOROOT"
	first old119 go-too-old "the go that ran, $go119/go \\\\(go 1\\\\.19[.0-9]*, .*found first on PATH\\\\), is older than .*needs \\\\(go >= 1\\\\.22\\\\)"
	check "old119: the PATH entry and the other go are evidence" fjq old119 "
		(.findings[0].evidence | any(.text | test(\"first go in PATH directory $go119\")))
		and (.findings[0].evidence | any(.text | test(\"another go: .*go1\\\\.2\")))"
	# a compile error under go 1.19, with go's note that the module wants a newer go
	mod "$d/oldn" 1.21
	printf 'package main\n\nfunc main() { for i := range 3 { _ = i } }\n' >"$d/oldn/main.go"
	traced old119-note "$d/oldn" PATH="$go119:$PATH" -- build ./...
	said old119-note "note: module requires Go 1.21"
	first old119-note go-too-old 'the go that ran, .*go-1.19/bin/go \\(go 1\\.19.*is older than .*needs \\(go >= 1.21\\)'
	# a three-part go line go 1.19 cannot read
	mod "$d/old3" 1.22.1
	traced old119-3 "$d/old3" PATH="$go119:$PATH" -- build ./...
	said old119-3 "invalid go version '1.22.1'"
	first old119-3 go-too-old 'is older than .*needs \\(go >= 1.22.1\\)'
	# twin: the same "not in GOROOT" with a go.mod go 1.19 can satisfy: a wrong import, no claim
	mod "$d/old4" 1.18
	printf 'package main\n\nimport "nosuchpkg"\n\nfunc main() { nosuchpkg.X() }\n' >"$d/old4/main.go"
	traced old119-twin "$d/old4" PATH="$go119:$PATH" -- build ./...
	said old119-twin "is not in GOROOT"
	plain old119-twin
	# go 1.19's words for a failed git fetch ("invalid version: git ls-remote ..."), sent there by GOPRIVATE;
	# every scheme go 1.19 tries is rewritten to a closed loopback port: no name is looked up
	printf '[url "ssh://git@127.0.0.1:1/"]\n\tinsteadOf = https://example.com/\n\tinsteadOf = git://example.com/\n\tinsteadOf = ssh://example.com/\n\tinsteadOf = git+ssh://example.com/\n' >"$d/gitcfg119"
	mod "$d/g119"
	traced git119 "$d/g119" PATH="$go119:$PATH" GOPRIVATE=example.com GIT_CONFIG_GLOBAL="$d/gitcfg119" GIT_CONFIG_NOSYSTEM=1 -- mod download example.com/sshrepo.git@v1.0.0
	said git119 'invalid version: git ls-remote'
	first git119 direct-failed 'GOPRIVATE=example.com from the environment matches example.com/sshrepo.git'
	# go 1.19's own words for inconsistent vendoring and GOFLAGS
	mod "$d/v19" 1.18
	printf 'module example.com/m\n\ngo 1.18\n\nrequire example.com/dep v1.0.0\n' >"$d/v19/go.mod"
	mkdir -p "$d/v19/vendor"
	printf 'GOFLAGS=-mod=vendor\n' >"$d/v19.env"
	traced vend119 "$d/v19" PATH="$go119:$PATH" GOFLAGS= GOENV="$d/v19.env" -- build ./...
	said vend119 "inconsistent vendoring"
	first vend119 go-mod-vendor "GOFLAGS=-mod=vendor from the user go env file $d/v19.env:1"
	check "vend119: vendor/ is go's default here too: the fix is go mod vendor" fjq vend119 '
		.findings[0].fix | test("^go mod vendor")'
else
	skip "an old go first on PATH" "Debian's golang-1.19-go is not installed"
fi

# --- vendoring: GOFLAGS=-mod=vendor from the user go env file; twins: the command line, go's default
mkdir -p "$d/v"
printf 'module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n' >"$d/v/go.mod"
printf 'package main\n\nfunc main() {}\n' >"$d/v/main.go"
printf '# test\nGOFLAGS=-mod=vendor\n' >"$d/v.env"
traced vend "$d/v" GOFLAGS= GOENV="$d/v.env" -- build ./...
said vend "inconsistent vendoring"
first vend go-mod-vendor "GOFLAGS=-mod=vendor from the user go env file $d/v.env:2 makes go use -mod=vendor"
check "vend: the file and line are the evidence" fjq vend "
	.findings[0].evidence | any(.file == \"$d/v.env\" and .file_line == 2)"
check "vend: fix: go env -u GOFLAGS (no vendor/: vendoring is not go's default)" fjq vend '
	.findings[0].fix | test("^go env -u GOFLAGS")'
traced vend-cmd "$d/v" -- build -mod=vendor ./...
said vend-cmd "inconsistent vendoring"
plain vend-cmd
mkdir -p "$d/v/vendor"
mod "$d/vi"
mkdir -p "$d/vi/vendor"
: >"$d/vi/vendor/modules.txt"
printf 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n' >"$d/vi/main.go"
traced vend-imp "$d/vi" GOFLAGS=-mod=vendor -- build ./...
said vend-imp 'import lookup disabled by -mod=vendor'
first vend-imp go-mod-flag 'GOFLAGS=-mod=vendor from the environment makes go use -mod=vendor'
# twin: the same failure with go's default vendoring is not GOFLAGS's doing
traced vend-imp-def "$d/vi" -- build ./...
said vend-imp-def 'import lookup disabled by -mod=vendor'
not_id vend-imp-def goflags
check "vend-imp-def: GOFLAGS is not blamed" fjq vend-imp-def '.findings[0].verdict | test("GOFLAGS") | not'
traced vend-def "$d/v" -- build ./...
said vend-def "inconsistent vendoring"
first vend-def go-mod-vendor "go used vendor/ by its own default: .*go.mod says go 1.21"
not_id vend-def goflags

# --- workspaces: a go.work in a parent directory, or named by GOWORK
mkdir -p "$d/ws"
mod "$d/ws/mod"
mod "$d/ws/other"
printf 'go 1.21\n\nuse ./other\n' >"$d/ws/go.work"
traced ws-parent "$d/ws/mod" -u GOWORK -- build ./...
said ws-parent "listed in go.work"
first ws-parent go-work-excludes "go used the workspace $d/ws/go.work, found in a parent directory of the working directory"
check "ws-parent: fix: GOWORK=off or go work use" fjq ws-parent '.findings[0].fix | test("GOWORK=off") and test("go work use")'
traced ws-env "$d/ws/mod" GOWORK="$d/ws/go.work" -- build ./...
first ws-env go-work-excludes "GOWORK=$d/ws/go.work from the environment put go in workspace mode"
traced ws-cur "$d/ws/mod" -u GOWORK -- build .
said ws-cur "not one of the workspace modules listed in go.work"
first ws-cur go-work-excludes "found in a parent directory"
mkdir -p "$d/ws2"
mod "$d/ws2/m"
printf 'go 1.21\n\nuse ./m\n' >"$d/ws2/go.work"
traced ws-mod "$d/ws2/m" -u GOWORK GOFLAGS=-mod=mod -- build ./...
said ws-mod '-mod may only be set to readonly or vendor when in workspace mode'
first ws-mod go-work-mod "go used the workspace $d/ws2/go.work \\\\(found after the run\\\\), found in a parent directory"
check "ws-mod: go.work found after the run, said so; GOFLAGS=-mod=mod is evidence" fjq ws-mod '
	(.findings[0].evidence | any(.text | test("exists \\(read after the run")))
	and (.findings[0].evidence | any(.text | test("^GOFLAGS=-mod=mod")))'
printf 'go 1.21\n\nuse ./m\nuse ./gone\n' >"$d/ws2/go.work"
traced ws-use "$d/ws2/m" -u GOWORK -- build ./...
said ws-use 'listed in go.work file'
first ws-use go-work-bad-use "go used the workspace $d/ws2/go.work"
printf 'go 1.21\n\nuse ./m\nbogus line\n' >"$d/ws2/go.work"
traced ws-parse "$d/ws2/m" -u GOWORK -- build ./...
said ws-parse 'errors parsing go.work'
first ws-parse go-work-bad "go used the workspace $d/ws2/go.work"
printf 'go 1.21\n\nuse ./m\nuse ./m/\n' >"$d/ws2/go.work"
traced ws-dup "$d/ws2/m" -u GOWORK -- build ./...
said ws-dup 'error loading go.work'
first ws-dup go-work-bad "go used the workspace $d/ws2/go.work"
mkdir -p "$d/ws2/plain"
printf 'package main\n\nfunc main() {}\n' >"$d/ws2/plain/main.go"
printf 'go 1.21\n\nuse ./m\n' >"$d/ws2/go.work"
traced ws-out "$d/ws2" -u GOWORK -- build ./plain
said ws-out 'outside modules listed in go.work'
first ws-out go-work-excludes "go used the workspace $d/ws2/go.work, in the working directory"
# twin: the same module with GOWORK=off builds: nothing to explain
traced ws-off "$d/ws/mod" -- build ./...
check "ws-off: go succeeded, no cause" fjq ws-off 'all(.findings[]; .severity != "cause")'

# --- settings go cannot use
mod "$d/s"
traced flags-env "$d/s" GOFLAGS=-bogus -- build ./...
said flags-env 'parsing $GOFLAGS: unknown flag -bogus'
first flags-env goflags-invalid 'GOFLAGS=-bogus from the environment'
printf 'GOFLAGS=notaflag\n' >"$d/f.env"
traced flags-file "$d/s" GOFLAGS= GOENV="$d/f.env" -- build ./...
said flags-file 'parsing $GOFLAGS: non-flag'
first flags-file goflags-invalid "GOFLAGS=notaflag from the user go env file $d/f.env:1"
check "flags-file: fix: go env -u GOFLAGS" fjq flags-file '.findings[0].fix | test("^go env -u GOFLAGS")'
traced gotc-bad "$d/s" GOTOOLCHAIN=banana -- build ./...
said gotc-bad 'invalid GOTOOLCHAIN "banana"'
first gotc-bad gotoolchain-invalid 'GOTOOLCHAIN=banana from the environment'
traced gowork-rel "$d/s" GOWORK=rel/go.work -- build ./...
said gowork-rel 'invalid GOWORK: not an absolute path'
first gowork-rel gowork-invalid 'GOWORK=rel/go.work from the environment'
traced arch "$d/s" GOARCH=bogus -- build ./...
said arch 'unsupported GOOS/GOARCH pair linux/bogus'
first arch goos-goarch 'GOARCH=bogus from the environment'
traced os "$d/s" GOOS=bogus -- build ./...
first os goos-goarch 'GOOS=bogus from the environment'
traced cache-off "$d/s" GOCACHE=off -- build ./...
said cache-off 'build cache is disabled by GOCACHE=off'
first cache-off gocache-off 'GOCACHE=off from the environment'
traced tmpdir-go "$d/s" GOTMPDIR=/nonexistent-gt -- build ./...
said tmpdir-go 'creating work dir'
first tmpdir-go workdir-unusable 'GOTMPDIR=/nonexistent-gt from the environment'
traced tmpdir-env "$d/s" TMPDIR=/nonexistent-gt -- build ./...
first tmpdir-env workdir-unusable 'TMPDIR=/nonexistent-gt in the environment go was started with \\(GOTMPDIR set nowhere\\)'
traced goexp "$d/s" GOEXPERIMENT=gtbogus -- build ./...
said goexp 'unknown GOEXPERIMENT gtbogus'
first goexp goexperiment-invalid 'GOEXPERIMENT=gtbogus from the environment'
traced govcs "$d/s" GOVCS=example.com:off GOPRIVATE=example.com GOPROXY=direct -- mod download example.com/x.git@v1.0.0
said govcs 'GOVCS disallows using git'
first govcs govcs-refused 'GOVCS=example.com:off from the environment'
traced gpm "$d/s" GO111MODULE=off -- mod tidy
said gpm 'modules disabled by GO111MODULE=off'
first gpm go111module 'GO111MODULE=off from the environment'

# --- the module proxy list
printf 'module example.com/m\n\ngo 1.21\n' >"$d/s/go.mod"
traced px-off "$d/s" -- get example.com/dep@v1.0.0
said px-off 'module lookup disabled by GOPROXY=off'
first px-off goproxy-off 'GOPROXY=off from the environment'
traced px-empty "$d/s" GOPROXY=, -- get example.com/dep@v1.0.0
said px-empty 'contains no entries'
first px-empty goproxy-empty 'GOPROXY=, from the environment'
# $GOROOT/go.env missing: a tree of links to the real one, without go.env
root=$(go env GOROOT)
mkdir -p "$d/root"
for f in "$root"/*; do [ "${f##*/}" = go.env ] || ln -s "$f" "$d/root/"; done
traced px-goenv "$d/s" -u GOPROXY GOROOT="$d/root" -- get example.com/dep@v1.0.0
said px-goenv 'contains no entries'
first px-goenv goproxy-empty "GOPROXY is set nowhere and \\\\\$GOROOT/go.env, which gives go its GOPROXY, is missing: $d/root/go.env"
check "px-goenv: go's failed open of go.env is the evidence" fjq px-goenv '
	.findings[0].evidence | any(.line > 0 and (.text | test("open of .*go.env failed")))'

# --- cgo off: CGO_ENABLED=0, a cross build, no C compiler on PATH; twin: cgo on
traced cgo-env "$d/s" CGO_ENABLED=0 -- build -race ./...
said cgo-env '-race requires cgo'
first cgo-env cgo-off 'CGO_ENABLED=0 from the environment turned cgo off, and -race needs it'
printf 'CGO_ENABLED=0\n' >"$d/c.env"
traced cgo-file "$d/s" GOENV="$d/c.env" -- build -race ./...
first cgo-file cgo-off "CGO_ENABLED=0 from the user go env file $d/c.env:1"
traced cgo-cross "$d/s" GOARCH=arm64 -- build -race ./...
first cgo-cross cgo-off 'GOARCH=arm64 from the environment makes this a cross build'
traced cgo-path "$d/s" PATH="$root/bin" -- build -race ./...
first cgo-path cgo-off "cgo was off by go's default: CGO_ENABLED is set nowhere and the C compiler gcc is in none of PATH's directories"
check "cgo-path: PATH and where gcc is are evidence" fjq cgo-path '
	(.findings[0].evidence | any(.text | test("^PATH=")))
	and (.findings[0].evidence | any(.text | test("gcc is in none of PATH.s directories; on this machine: .*/gcc|^gcc on this machine \\(read after the run\\): .*/gcc")))'
# where the kernel recorder ran, the trace itself proves go looked for gcc on PATH and did not find it
if head -n 1 "$d/cgo-path.jsonl" | jq -e '.fsfail == true' >/dev/null; then
	check "cgo-path: go's own failed lookups of gcc in PATH's directories are evidence" fjq cgo-path "
		.findings[0].evidence | any(.line > 0 and (.text | test(\"^go looked for gcc in each of PATH.s 1 directories and found it in none: $root/bin/gcc ENOENT\")))"
else
	skip "go's failed lookups as evidence" "the kernel recorder did not run (no CAP_BPF): they are read after the run"
fi
if command -v gcc >/dev/null; then
	traced cgo-on "$d/s" -- build -race -o "$d/race.bin" ./...
	check "cgo-on: with gcc on PATH the race build works: no cause" fjq cgo-on 'all(.findings[]; .severity != "cause")'
	check "cgo-on: no claim that go looked for gcc in vain" fjq cgo-on 'all(.findings[].evidence[]?; .text | test("found it in none") | not)'
fi
# a package whose every file uses cgo, built with cgo off; twin: files excluded by a build tag
mkdir -p "$d/s/c" "$d/s/t"
printf 'package c\n\n// int one(void) { return 1; }\nimport "C"\n\nfunc One() int { return int(C.one()) }\n' >"$d/s/c/c.go"
printf '//go:build gtnever\n\npackage t\n' >"$d/s/t/t.go"
traced cgo-pkg "$d/s" CGO_ENABLED=0 -- build ./c
said cgo-pkg 'build constraints exclude all Go files in'
first cgo-pkg cgo-off 'CGO_ENABLED=0 from the environment turned cgo off, and the package in .*/c \\(each of its Go files imports .C.'
traced tags-pkg "$d/s" CGO_ENABLED=0 -- build ./t
said tags-pkg 'build constraints exclude all Go files in'
plain tags-pkg
rm -r "$d/s/c" "$d/s/t"
traced cc-bad "$d/s" CGO_ENABLED=1 CC=no-such-cc -- build -race ./...
said cc-bad 'C compiler "no-such-cc" not found'
first cc-bad cc-missing 'CC=no-such-cc from the environment names a C compiler go cannot find'

# --- caches and GOPATH
touch "$d/afile"
traced cache-file "$d/s" GOCACHE="$d/afile/cache" -- build ./...
said cache-file 'failed to initialize build cache'
first cache-file gocache-unusable "GOCACHE=$d/afile/cache from the environment"
check "cache-file: the user go ran as" fjq cache-file "
	.findings[0].evidence | any(.text == \"go ran as $(id -un) (uid $(id -u))\")"
check "cache-file: the directory that refused, its owner and mode" fjq cache-file '
	.findings[0].evidence | any(.text | test("afile .*owner .*mode [0-7]{4} \\(read after the run\\)"))'
if head -n 1 "$d/cache-file.jsonl" | jq -e '.fsfail == true' >/dev/null; then
	check "cache-file: go's own failed stat of the cache directory is evidence" fjq cache-file '
		.findings[0].evidence | any(.line > 0 and (.text | test("^go.s newfstatat of .*afile/cache failed: ENOTDIR")))'
fi
traced cache-home "$d/s" -u GOCACHE -u HOME -u XDG_CACHE_HOME -- build ./...
said cache-home 'GOCACHE is not defined'
first cache-home gocache-unusable 'GOCACHE set nowhere, so go derives the directory from the environment \\(XDG_CACHE_HOME=\\(unset\\), HOME=\\(unset\\)\\)'
mkdir -p "$d/proxy/example.com/dep/@v"
printf 'v1.0.0\n' >"$d/proxy/example.com/dep/@v/list"
printf '{"Version":"v1.0.0"}' >"$d/proxy/example.com/dep/@v/v1.0.0.info"
printf 'module example.com/dep\n\ngo 1.21\n' >"$d/proxy/example.com/dep/@v/v1.0.0.mod"
python3 -c "
import zipfile, sys
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr('example.com/dep@v1.0.0/go.mod', 'module example.com/dep\n\ngo 1.21\n')
z.writestr('example.com/dep@v1.0.0/dep.go', 'package dep\n')
z.close()" "$d/proxy/example.com/dep/@v/v1.0.0.zip"
traced mc-file "$d/s" GOMODCACHE="$d/afile/mc" GOPROXY="file://$d/proxy" -- mod download example.com/dep@v1.0.0
said mc-file 'could not create module cache'
first mc-file modcache-unusable "GOMODCACHE=$d/afile/mc from the environment"
traced mc-home "$d/s" -u GOMODCACHE -u GOPATH -u HOME GOPROXY="file://$d/proxy" -- mod download example.com/dep@v1.0.0
said mc-home 'neither GOMODCACHE nor GOPATH is set'
first mc-home modcache-unusable 'GOMODCACHE, GOPATH set nowhere.*HOME=\\(unset\\)'
traced gopath-rel "$d/s" -u GOMODCACHE GOPATH=relative -- mod download example.com/dep@v1.0.0
said gopath-rel 'GOPATH entry is relative'
first gopath-rel gopath-invalid 'GOPATH=relative from the environment'
# twin: the download from the file proxy works with a usable cache
traced mc-ok "$d/s" GOPROXY="file://$d/proxy" -- mod download example.com/dep@v1.0.0
check "mc-ok: the download works: no cause" fjq mc-ok 'all(.findings[]; .severity != "cause")'

# --- git: a direct fetch without git on PATH, sent direct by GOPROXY or GOPRIVATE
traced git-direct "$d/s" GOPROXY=direct PATH="$root/bin" -- mod download example.com/x.git@v1.0.0
said git-direct 'missing Git command'
first git-direct git-missing 'GOPROXY=direct from the environment sends go straight to each module.s repository'
traced git-private "$d/s" GOPRIVATE=example.com PATH="$root/bin" -- mod download example.com/x.git@v1.0.0
first git-private git-missing 'GOPRIVATE=example.com from the environment matches example.com/x.git \\(pattern example.com\\): go fetched it straight'
# twin: a GOPRIVATE that does not match the module is not named as what sent go there
traced git-other "$d/s" GOPRIVATE=other.example GOPROXY=direct PATH="$root/bin" -- mod download example.com/x.git@v1.0.0
first git-other git-missing 'GOPROXY=direct from the environment sends go'

# --- a direct fetch that failed, and what sent go to the origin (nothing listens on 127.0.0.1:80 or :443)
kit_start p404 404 "$d/p404.port"
traced direct-404 "$d/s" GOPROXY="http://127.0.0.1:$port,direct" GOINSECURE=127.0.0.1 -- mod download 127.0.0.1/x@v1.0.0
said direct-404 'unrecognized import path "127.0.0.1/x"'
first direct-404 direct-failed "GOPROXY=http://127.0.0.1:$port,direct from the environment: entry 1 http://127.0.0.1:$port answered, and go went on to direct for 127.0.0.1/x"
check "direct-404: go's connection to the proxy is evidence" fjq direct-404 "
	.findings[0].evidence | any(.text | test(\"go connected to 127.0.0.1:$port \\\\(GOPROXY entry 1\\\\), established\"))"
traced direct-priv "$d/s" GOPROXY="http://127.0.0.1:$port,direct" GOPRIVATE=127.0.0.1 GOINSECURE=127.0.0.1 -- mod download 127.0.0.1/x@v1.0.0
first direct-priv direct-failed 'GOPRIVATE=127.0.0.1 from the environment matches 127.0.0.1/x \\(pattern 127.0.0.1\\): go fetched it from its origin'
traced direct-only "$d/s" GOPROXY=direct GOINSECURE=127.0.0.1 -- mod download 127.0.0.1/x@v1.0.0
first direct-only direct-failed 'GOPROXY=direct from the environment sends go to each module.s origin'
# an insteadOf rule that sends git to ssh: the rule, its file and line, and ssh's failure, in the first finding
printf '[url "ssh://git@127.0.0.1:1/"]\n\tinsteadOf = https://example.com/\n\tinsteadOf = ssh://example.com/\n\tinsteadOf = git+ssh://example.com/\n' >"$d/.gitconfig"
traced direct-ssh "$d/s" GOPRIVATE=example.com GIT_CONFIG_GLOBAL="$d/.gitconfig" GIT_CONFIG_NOSYSTEM=1 -- mod download example.com/sshrepo.git@v1.0.0
first direct-ssh direct-failed 'GOPRIVATE=example.com from the environment matches example.com/sshrepo.git'
check "direct-ssh: the rewrite, with the rule's file and line, then ssh and its error" fjq direct-ssh "
	(.findings[0].evidence | any(.file == \"$d/.gitconfig\" and .file_line == 2
		and (.text | test(\"^git rewrote https://example.com/sshrepo to ssh://git@127.0.0.1:1/sshrepo: url.\\\"ssh://git@127.0.0.1:1/\\\".insteadOf = https://example.com/\"))))
	and (.findings[0].evidence | any(.text | test(\"^git then ran ssh \\\\(pid [0-9]+\\\\), which failed: ssh: connect to host 127.0.0.1 port 1\")))"
# twin: no direct in the list: the proxy's 404 is go's whole error
traced direct-none "$d/s" GOPROXY="http://127.0.0.1:$port" GOINSECURE=127.0.0.1 -- mod download 127.0.0.1/x@v1.0.0
said direct-none '404'
not_id direct-none direct-failed
kit_stop_all

# --- a private module the checksum database does not know (golang.org/x/mod/sumdb's test server)
if GOCACHE="$BUILD/e2e-gocache" sh "$TOP/tests/kit/sumdbsrv/build.sh" "$d/sumdbsrv" >"$d/sumdbsrv.err" 2>&1; then
	$kit mkmod "$d/known" example.com/pub v1.0.0
	$kit mkmod "$d/prox" example.com/pub v1.0.0
	$kit mkmod "$d/prox" corp.example/priv v1.0.0
	"$d/sumdbsrv" genkey sum.test >"$d/keys"
	"$d/sumdbsrv" serve "$(sed -n 1p "$d/keys")" "$d/known" "$d/sdb.port" >"$d/sdb.out" 2>&1 &
	pids="$pids $!"
	wait_until test -s "$d/sdb.port"
	# GOSUMDB holds a space: it comes from a go env file (an empty GOSUMDB falls through to it)
	printf 'GOSUMDB=%s http://127.0.0.1:%s\n' "$(sed -n 2p "$d/keys")" "$(cat "$d/sdb.port")" >"$d/sdb.env"
	sdb="GOENV=$d/sdb.env GOSUMDB="
	kit_start prox static "$d/prox.port" "$d/prox"
	# shellcheck disable=SC2086
	traced sumdb-priv "$d/s" GOPROXY="http://127.0.0.1:$port" $sdb -- mod download corp.example/priv@v1.0.0
	said sumdb-priv '/lookup/corp.example/priv@v1.0.0'
	first sumdb-priv sumdb-unknown 'does not know corp.example/priv, and neither GONOSUMDB nor GOPRIVATE is set'
	check "sumdb-priv: fix: GOPRIVATE for the module's first element" fjq sumdb-priv '.findings[0].fix | test("^go env -w GOPRIVATE=.corp.example/\\*.")'
	# shellcheck disable=SC2086
	traced sumdb-other "$d/s" GOPROXY="http://127.0.0.1:$port" $sdb GOPRIVATE=other.example -- mod download corp.example/priv@v1.0.0
	first sumdb-other sumdb-unknown 'and GOPRIVATE=other.example from the environment does not match it'
	# a database that answers 410 Gone (as sum.golang.org does for what it will not serve)
	kit_start s410 410 "$d/s410.port"
	printf 'GOSUMDB=%s http://127.0.0.1:%s\n' "$(sed -n 2p "$d/keys")" "$port" >"$d/s410.env"
	traced sumdb-410 "$d/s" GOPROXY="http://127.0.0.1:$(cat "$d/prox.port")" GOENV="$d/s410.env" GOSUMDB= -- mod download corp.example/priv@v1.0.0
	said sumdb-410 '410 Gone'
	first sumdb-410 sumdb-unknown 'does not know corp.example/priv'
	# twin: GONOSUMDB covers it: go does not ask, and the download works
	# shellcheck disable=SC2086
	traced sumdb-ok "$d/s" GOPROXY="http://127.0.0.1:$(cat "$d/prox.port")" $sdb GONOSUMDB=corp.example -- mod download corp.example/priv@v1.0.0
	check "sumdb-ok: covered by GONOSUMDB, the download works: no cause" fjq sumdb-ok 'all(.findings[]; .severity != "cause")'
	kit_stop_all
else
	skip "a private module the checksum database does not know" "the test checksum database did not build: $(head -c 200 "$d/sumdbsrv.err")"
fi

# --- a replace directive naming a directory that does not exist: in go.mod, or in go.work
mkdir -p "$d/rp/m"
printf 'module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep-missing\n' >"$d/rp/m/go.mod"
printf 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n' >"$d/rp/m/main.go"
traced repl-mod "$d/rp/m" -- build ./...
said repl-mod 'replacement directory ../dep-missing does not exist'
first repl-mod replace-missing "$d/rp/m/go.mod line 7 replaces example.com/dep with the directory ../dep-missing"
check "repl-mod: the go.mod line is the evidence" fjq repl-mod "
	.findings[0].evidence | any(.file == \"$d/rp/m/go.mod\" and .file_line == 7)"
printf 'module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n' >"$d/rp/m/go.mod"
printf 'go 1.21\n\nuse ./m\n\nreplace example.com/dep => ./dep-gone\n' >"$d/rp/go.work"
traced repl-work "$d/rp/m" -u GOWORK -- build ./...
said repl-work '(replaced by ./dep-gone)'
first repl-work replace-missing "$d/rp/go.work line 5 replaces example.com/dep with the directory"
# twin: the directory exists: the build goes further, and no replace-missing
mkdir -p "$d/rp/dep-gone"
printf 'module example.com/dep\n\ngo 1.21\n' >"$d/rp/dep-gone/go.mod"
printf 'package dep\n' >"$d/rp/dep-gone/dep.go"
traced repl-ok "$d/rp/m" -u GOWORK -- build ./...
not_id repl-ok replace-missing

# --- a message the catalogue does not know stays a plain failure
failing_build "$d/undef" "$d/undef.jsonl"
"$GOTRACE" report --json "$d/undef.jsonl" >"$d/undef.json"
plain undef
check "every report above validates against the schema" sh -c "
	for j in '$d'/*.json; do python3 '$TOP/tests/e2e/validate_report.py' '$schema' \"\$j\" || exit 1; done"
