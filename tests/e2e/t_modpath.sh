# Go's path.Match, the glob GOPRIVATE, GONOPROXY and GONOSUMDB patterns
# use, against gotrace's (common/modpath.c): Go itself is the oracle, run
# here on the same table of patterns and names (classes, negation, escapes,
# '*' stopping at '/', malformed patterns).

d=$(tmpdir)
mkdir -p "$d/m"
cat >"$d/m/main.go" <<'GO'
package main

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"strings"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), "\t", 2)
		if len(f) != 2 {
			continue
		}
		m, err := path.Match(f[0], f[1])
		r := 0
		if m {
			r = 1
		}
		if err != nil {
			r = -1
		}
		fmt.Printf("%s\t%s\t%d\n", f[0], f[1], r)
	}
}
GO
printf 'module example.com/pm\n\ngo 1.19\n' >"$d/m/go.mod"
if (cd "$d/m" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOPROXY=off GOTOOLCHAIN=local GOFLAGS= \
	go run . <"$TOP/tests/e2e/data/pathmatch.tsv" >"$d/go.out" 2>"$d/go.err"); then
	"$PROGS/pathmatch" <"$TOP/tests/e2e/data/pathmatch.tsv" >"$d/c.out"
	check "path.Match: $(wc -l <"$d/go.out") patterns, the same answers as Go's" cmp -s "$d/go.out" "$d/c.out"
	# the table covers all three answers
	check "path.Match table: matches, mismatches and malformed patterns" sh -c "
		cut -f3 '$d/go.out' | sort -u | tr '\n' ' ' | grep -qx -- '-1 0 1 '"
else
	fail "path.Match oracle: go run failed" "$(head -c 300 "$d/go.err")"
fi
