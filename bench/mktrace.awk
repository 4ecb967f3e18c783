# Writes a synthetic trace of N events (awk -v n=N), shaped like a cold
# go build: mostly opens (half of them failing), some execs with env_diff,
# forks, exits and stderr lines. For timing `gotrace report`.
BEGIN {
	srand(1)
	printf "{\"ev\":\"run\",\"t\":0.000000,\"pid\":100,\"src\":\"sys\",\"version\":1,\"gotrace\":\"bench\",\"argv\":[\"go\",\"build\",\"-a\",\"std\"],\"cwd\":\"/tmp\",\"mode\":\"ptrace\",\"blind\":[],\"host\":{\"kernel\":\"x\",\"arch\":\"x86_64\",\"libc\":\"glibc 2.36\",\"cpus\":2},\"start\":\"2026-01-01T00:00:00.000Z\"}\n"
	printf "{\"ev\":\"exec\",\"t\":0.001000,\"pid\":101,\"src\":\"sys\",\"ppid\":100,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\",\"-a\",\"std\"],\"cwd\":\"/tmp\",\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"HOME\":\"/root\",\"PATH\":\"/usr/bin:/bin\"},\"ret\":0}\n"
	pid = 101; next_pid = 102; live = 0; w = 2
	for (i = 2; i < n - 1; i++) {
		t = i / 1000.0
		r = rand()
		if (live && r < 0.02) {
			printf "{\"ev\":\"exit\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"code\":0}\n", t, cur
			live = 0; w++
		} else if (!live && r < 0.04) {
			cur = next_pid++
			printf "{\"ev\":\"fork\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"kind\":\"vfork\"}\n", t, cur
			i++
			printf "{\"ev\":\"exec\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"path\":\"/usr/local/go/pkg/tool/linux_amd64/compile\",\"argv\":[\"compile\",\"-o\",\"/tmp/go-build1/b%03d/_pkg_.a\",\"-p\",\"pkg%d\",\"-goversion\",\"go1.26.8\"],\"cwd\":\"/tmp\",\"exe\":\"/usr/local/go/pkg/tool/linux_amd64/compile\",\"env_diff\":{\"set\":{\"GOROOT\":\"/usr/local/go\",\"TOOLEXEC_IMPORTPATH\":\"pkg%d\"},\"unset\":[]},\"ret\":0}\n", t, cur, w, w, w
			live = 1
		} else if (r < 0.05) {
			printf "{\"ev\":\"stderr\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"text\":\"# pkg%d\\n\"}\n", t, live ? cur : pid, w
		} else if (r < 0.5) {
			printf "{\"ev\":\"open\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"path\":\"/usr/local/include/bits/types/struct_%d.h\",\"flags\":[\"O_RDONLY\",\"O_NOCTTY\"],\"ret\":-1,\"err\":\"ENOENT\"}\n", t, live ? cur : pid, i % 997
		} else {
			printf "{\"ev\":\"open\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"path\":\"/usr/local/go/src/runtime/file%d.go\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"],\"ret\":3}\n", t, live ? cur : pid, i % 613
		}
	}
	if (live)
		printf "{\"ev\":\"exit\",\"t\":%.6f,\"pid\":%d,\"src\":\"sys\",\"ppid\":101,\"code\":0}\n", n / 1000.0, cur
	printf "{\"ev\":\"exit\",\"t\":%.6f,\"pid\":101,\"src\":\"sys\",\"ppid\":100,\"code\":0}\n", n / 1000.0
	printf "{\"ev\":\"end\",\"t\":%.6f,\"pid\":101,\"src\":\"sys\",\"status\":0,\"procs\":%d,\"events\":%d}\n", n / 1000.0, next_pid - 101, n + 2
}
