# Every writer writes only what common/schema.def declares: the traces of
# real runs — every layer (tracer, in-kernel recorder, shim, audit library,
# launcher) and every mode — are checked field by field, with types, by
# tests/tracecheck.c. With test_schema.c (the declaration against
# docs/trace-format.md) this keeps the writers, the reader's structs and
# the documentation one thing.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
TC=$BUILD/tests/tracecheck

# t NAME GOTRACE-ARGS...: a traced run into $d/NAME.jsonl
t() {
	_n=$1
	shift
	"$GOTRACE" -q -o "$d/$_n.jsonl" "$@" >/dev/null 2>&1 </dev/null
	echo "$d/$_n.jsonl" >>"$d/list"
}

# a cgo build failing on a missing header: go, compile, cgo, gcc and cc1 (shim, audit library)
mkdir -p "$d/m"
printf 'module example.com/m\n\ngo 1.21\n' >"$d/m/go.mod"
printf 'package main\n\n// #include <gt_schema_missing.h>\nimport "C"\n\nfunc main() {}\n' >"$d/m/main.go"
(go_hermetic && cd "$d/m" && t cgo go build . && t cgo-ptrace --opens ptrace go build .)
t preload --mode preload sh -c 'cat /etc/hostname; getent hosts localhost'
t connects "$PROGS/connect_nonblock"
t resolve "$PROGS/shim_resolve"
t dlopen "$PROGS/shim_dl"
t signal sh -c 'sleep 5 & kill -TERM $!; wait'
t limit --max-trace 64K sh -c 'for i in $(seq 400); do cat /etc/hostname; done'
t notfound gt-schema-surely-no-such-command
t timeout --timeout 1 sleep 5
t pkgconfig pkg-config --cflags --libs jansson
t ptrace python3 -c 'import ctypes; ctypes.CDLL(None).ptrace(0, 0, 0, 0)'
if [ -z "$CAP_seccomp_unotify" ]; then
	t notify --open-notify sh -c 'cat /etc/hostname'
	t listener --open-notify "$PROGS/listener"
fi

# shellcheck disable=SC2046
if "$TC" $(cat "$d/list") >"$d/tc.out" 2>&1; then
	pass "traces of $(wc -l <"$d/list") real runs hold only declared fields, of the declared types"
else
	fail "a writer wrote what common/schema.def does not declare" "$(head -c 600 "$d/tc.out")"
fi

# the runs wrote every kind (but dns: Go's own resolver needs a name server; t_network's traces)
kinds=$(cat $(cat "$d/list") | jq -r .ev | sort -u | tr '\n' ' ')
missing=
for k in run exec fork open connect connect_done stderr stdout exit ptrace signal notfound fsfail limit \
	fingerprint stall getenv dlopen resolve exec_intent ld_search ld_open end; do
	case " $kinds " in *" $k "*) ;; *) missing="$missing $k" ;; esac
done
if [ -z "$CAP_seccomp_unotify" ]; then
	case " $kinds " in *" seccomp_listener "*) ;; *) missing="$missing seccomp_listener" ;; esac
fi
check "the runs wrote every kind of event the check covers${missing:+ (missing:$missing)}" test -z "$missing"

# the twin: a field no declaration has, and a declared one of another type, are found
head -n 3 "$d/cgo.jsonl" | sed 's/"ppid":/"parent_pid":/' >"$d/bad1.jsonl"
check "an undeclared field is found" sh -c '! "$1" "$2" >/dev/null' _ "$TC" "$d/bad1.jsonl"
head -n 3 "$d/cgo.jsonl" | sed 's/"ppid":\([0-9]*\)/"ppid":"\1"/' >"$d/bad2.jsonl"
check "a field of another type is found" sh -c '! "$1" "$2" >/dev/null' _ "$TC" "$d/bad2.jsonl"
