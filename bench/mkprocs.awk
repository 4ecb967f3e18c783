# Writes a synthetic trace of many short processes (awk -v procs=N), for
# timing `gotrace report` and `gotrace diff` on wide traces: go runs PROCS
# children, each forked, exec'd, opening two files and exiting. With
# -v names=distinct every child runs a program of its own name (a test
# binary per package, a generated tool per step); otherwise they run the
# compiler. -v variant=1 changes a tenth of the children (another argv,
# a failed open), one child in a thousand exits 1 with the same arguments,
# and one setting differs, as on a second machine.
BEGIN {
	srand(7)
	printf "{\"ev\":\"run\",\"t\":0.000000,\"pid\":100,\"src\":\"sys\",\"version\":1,\"gotrace\":\"bench\",\"argv\":[\"go\",\"test\",\"./...\"],\"cwd\":\"/tmp\",\"mode\":\"ptrace\",\"blind\":[],\"host\":{\"kernel\":\"x\",\"arch\":\"x86_64\",\"libc\":\"glibc 2.36\",\"cpus\":2},\"start\":\"2026-01-01T00:00:00.000Z\"}\n"
	printf "{\"ev\":\"exec\",\"t\":0.001000,\"pid\":101,\"src\":\"sys\",\"ppid\":100,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"test\",\"./...\"],\"cwd\":\"/tmp\",\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"HOME\":\"/root\",\"PATH\":\"/usr/bin:/bin\",\"GOFLAGS\":\"%s\"},\"ret\":0}\n", variant ? "-mod=mod" : ""
	ev = 2
	for (k = 0; k < procs; k++) {
		pid = 1000 + k
		t = 0.01 + k * 0.001
		changed = variant && k % 10 == 3
		if (names == "distinct")
			prog = sprintf("/tmp/go-build1/b%05d/pkg%05d.test", k, k)
		else
			prog = "/usr/local/go/pkg/tool/linux_amd64/compile"
		n = split(prog, parts, "/")
		printf "{\"ev\":\"fork\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"kind\":\"clone\"}\n", t, pid
		printf "{\"ev\":\"exec\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"path\":\"%s\",\"argv\":[\"%s\",\"-test.paniconexit0\",\"-test.timeout=%s\"],\"cwd\":\"/tmp/p%05d\",\"exe\":\"%s\",\"env_diff\":{\"set\":{\"PWD\":\"/tmp/p%05d\"},\"unset\":[]},\"ret\":0}\n", t + 0.0001, pid, prog, parts[n], changed ? "5m0s" : "10m0s", k, prog, k
		printf "{\"ev\":\"open\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"path\":\"/tmp/p%05d/testdata/in%d.txt\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"],\"ret\":3}\n", t + 0.0002, pid, k, k % 7
		if (changed)
			printf "{\"ev\":\"open\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"path\":\"/tmp/p%05d/testdata/golden.txt\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"],\"ret\":-1,\"err\":\"ENOENT\"}\n", t + 0.0003, pid, k
		else
			printf "{\"ev\":\"open\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"path\":\"/usr/share/zoneinfo/UTC\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"],\"ret\":3}\n", t + 0.0003, pid
		printf "{\"ev\":\"exit\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"code\":%d}\n", t + 0.0005, pid, variant && k % 1000 == 7 ? 1 : 0
		ev += 5
	}
	t = 0.02 + procs * 0.001
	printf "{\"ev\":\"exit\",\"t\":%.6f,\"pid\":101,\"src\":\"sys\",\"ppid\":100,\"code\":0}\n", t
	printf "{\"ev\":\"end\",\"t\":%.6f,\"pid\":101,\"src\":\"sys\",\"status\":0,\"procs\":%d,\"events\":%d}\n", t, procs + 1, ev + 2
}
