/*
 * noptrace OUT -- COMMAND...: run COMMAND followed by follow.bpf.c alone (no
 * ptrace, no seccomp filter) and write every record to OUT, as a trace
 * writer would; print the counts by kind on stderr. Needs CAP_BPF and
 * CAP_PERFMON (root, or the way gotrace-openrec has them). A prototype for
 * bench/NOTES.md, not part of gotrace.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "follow.h"

static FILE *out;
static unsigned long counts[8];

static int on_rec(void *ctx, void *data, size_t size)
{
	const struct pf_rec *r = data;

	(void)ctx;
	if (size < sizeof(*r))
		return 0;
	counts[r->kind & 7]++;
	fprintf(out, "%u %u %u %u %lld %s\n", r->kind, r->tid, r->tgid, r->aux, (long long)r->ret, r->s);
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	struct ring_buffer *rb;
	int go[2], st = 0, procs;
	pid_t child;
	__u32 one = 1, key;

	if (argc < 4 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: noptrace OUT -- COMMAND...\n");
		return 2;
	}
	if (!(out = fopen(argv[1], "w")))
		return 2;
	obj = bpf_object__open_file(PF_OBJ, NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "noptrace: cannot load %s\n", PF_OBJ);
		return 2;
	}
	bpf_object__for_each_program(p, obj) if (!bpf_program__attach(p)) {
		fprintf(stderr, "noptrace: cannot attach %s\n", bpf_program__name(p));
		return 2;
	}
	procs = bpf_object__find_map_fd_by_name(obj, "procs");
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "ring"), on_rec, NULL, NULL);
	if (pipe(go) < 0 || !rb)
		return 2;
	if ((child = fork()) == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	key = (__u32)child;
	bpf_map_update_elem(procs, &key, &one, BPF_ANY);
	close(go[0]);
	if (write(go[1], "g", 1) != 1)
		return 2;
	close(go[1]);
	for (;;) {
		pid_t w = waitpid(child, &st, WNOHANG);

		ring_buffer__poll(rb, 100);
		if (w == child)
			break;
	}
	ring_buffer__consume(rb);
	fclose(out);
	fprintf(stderr, "noptrace: fork %lu exec %lu exit %lu arg %lu call %lu\n", counts[PF_FORK], counts[PF_EXEC],
		counts[PF_EXIT], counts[PF_ARG], counts[PF_CALL]);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
