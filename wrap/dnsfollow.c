/*
 * DNS. Go's resolver makes no library call: it connects a UDP socket to
 * the name server and writes the query, then reads the answer. The A and
 * AAAA lookups run in parallel goroutines, and a goroutine may write its
 * query or read its answer on another thread than the one that connected.
 * So a socket connected to port 53 is registered for its whole process
 * (GT_DNS_SLOTS at a time), and every thread of the process is followed
 * through its next syscalls (PTRACE_SYSCALL) until each registered socket's
 * query and answer are seen, or for at most DNS_FOLLOW syscalls since the
 * last DNS activity; only DNS traffic pays for this.
 */
#include "tracer_int.h"

#include <arpa/inet.h>
#include <linux/audit.h>
#include <netinet/in.h>
#include <sys/syscall.h>

#include "../common/dns.h"
#include "../common/schema.h"
#include "collect.h"

static void unfollow(struct gt_tcb *t)
{
	t->flags &= ~GT_TCB_FOLLOW;
	t->dns_rbuf = 0;
}

/* Slot of socket FD among P's registered DNS sockets, or -1. */
static int dns_slot(const struct gt_proc *p, int fd)
{
	int i;

	for (i = 0; i < GT_DNS_SLOTS; i++)
		if (p->dns_fds[i] == fd)
			return i;
	return -1;
}

int tr_dns_pending(const struct gt_proc *p)
{
	int i;

	for (i = 0; i < GT_DNS_SLOTS; i++)
		if (p->dns_fds[i] >= 0)
			return 1;
	return 0;
}

/* Make thread C of the same process as T (ARG) follow its syscalls for DNS. */
static void follow_sibling(struct gt_tcb *c, void *arg)
{
	struct gt_tcb *t = arg;

	if (c->proc != t->proc || (c->flags & GT_TCB_HELD))
		return;
	c->dns_left = DNS_FOLLOW;
	if (c->flags & GT_TCB_FOLLOW)
		return;
	c->dns_rbuf = 0;
	c->flags |= GT_TCB_FOLLOW;
	/* running: stop it so that it resumes stopping at every syscall (T itself is stopped) */
	if (c != t)
		ptrace(PTRACE_INTERRUPT, c->tid, 0, 0);
}

/* At the exit of a successful connect of T: a socket to a name server's port 53 is registered. */
void tr_follow_dns(struct gt_tcb *t)
{
	struct gt_proc *p = t->proc;
	char addr[INET6_ADDRSTRLEN] = "";
	int k, port;

	if (!gt_inet_addr(t->sa, t->salen, addr, &port) || port != 53)
		return;
	k = dns_slot(p, t->call.fd);
	for (k = k >= 0 ? k : 0; k < GT_DNS_SLOTS && p->dns_fds[k] >= 0 && p->dns_fds[k] != t->call.fd; k++)
		;
	if (k == GT_DNS_SLOTS)
		k = p->dns_next++ % GT_DNS_SLOTS; /* all taken by lookups never answered: the oldest goes */
	p->dns_fds[k] = t->call.fd;
	p->dns_query[k] = 0;
	snprintf(p->dns_server[k], sizeof(p->dns_server[k]), "%s", addr);
	gt_tcb_each(follow_sibling, t);
}

static void emit_dns(struct gt_tracer *T, struct gt_tcb *t, int fd, const char *server, uint64_t buf, size_t len)
{
	unsigned char msg[1500];
	struct gt_dns d;
	struct gt_buf *b;
	const char *ty;
	int i;

	if (len > sizeof(msg))
		len = sizeof(msg);
	if (gt_peek(t->tid, buf, msg, len) < (ssize_t)len || gt_dns_parse(msg, len, &d) < 0)
		return;
	b = tr_ev_begin(T, "dns", t->proc->pid);
	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(dns, fd));
	gt_buf_i64(b, fd);
	gt_json_key(b, GT_KEY(dns, server));
	gt_json_cstr(b, server);
	gt_json_key(b, GT_KEY(dns, dir));
	gt_json_cstr(b, d.response ? "answer" : "query");
	gt_json_key(b, GT_KEY(dns, name));
	gt_json_cstr(b, d.name);
	gt_json_key(b, GT_KEY(dns, qtype));
	ty = gt_dns_type_name(d.qtype);
	if (ty)
		gt_json_cstr(b, ty);
	else
		gt_buf_i64(b, d.qtype);
	if (d.response) {
		gt_json_key(b, GT_KEY(dns, rcode));
		gt_json_cstr(b, gt_dns_rcode_name(d.rcode));
		gt_json_key(b, GT_KEY(dns, addrs));
		gt_buf_putc(b, '[');
		for (i = 0; i < d.naddrs; i++) {
			if (i)
				gt_buf_putc(b, ',');
			gt_json_cstr(b, d.addrs[i]);
			/* a later connect to this address is named by it */
			gt_collect_add_host(t->proc->pid, d.addrs[i], d.name);
		}
		gt_buf_putc(b, ']');
	}
	gt_trace_commit(T->trace);
}

/* A syscall stop of a followed thread (not a trapped syscall's exit). */
void tr_on_follow(struct gt_tracer *T, struct gt_tcb *t)
{
	struct __ptrace_syscall_info si;
	struct gt_proc *p = t->proc;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0) {
		unfollow(t);
		t->flags &= ~GT_TCB_STDOUT;
		tr_cont(t, 0);
		return;
	}
	if ((t->flags & GT_TCB_STDOUT) && si.op == PTRACE_SYSCALL_INFO_ENTRY &&
	    si.arch == AUDIT_ARCH_X86_64 && si.entry.nr == SYS_write && si.entry.args[0] == 1) {
		size_t want = si.entry.args[2] < GT_STDERR_MAX ? si.entry.args[2] : GT_STDERR_MAX;
		ssize_t n = want ? gt_peek(t->tid, si.entry.args[1], t->path, want) : 0;
		if (n > 0)
			tr_emit_text(T, t, "stdout", (size_t)n, si.entry.args[2] > (uint64_t)n);
	}
	if (!(t->flags & GT_TCB_FOLLOW)) {
		tr_cont(t, 0);
		return;
	}
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY) {
		long nr = (long)si.entry.nr;
		int fd = (int)si.entry.args[0], k = dns_slot(p, fd);
		t->dns_rbuf = 0;
		if (--t->dns_left <= 0 || si.arch != AUDIT_ARCH_X86_64 || !tr_dns_pending(p)) {
			unfollow(t);
		} else if (k >= 0 && (nr == SYS_write || nr == SYS_sendto) && !p->dns_query[k]) {
			emit_dns(T, t, fd, p->dns_server[k], si.entry.args[1], (size_t)si.entry.args[2]);
			p->dns_query[k] = 1;
			/* the answer comes to any thread: every one watches afresh */
			gt_tcb_each(follow_sibling, t);
		} else if (k >= 0 && (nr == SYS_read || nr == SYS_recvfrom)) {
			t->dns_rbuf = si.entry.args[1];
			t->dns_rfd = fd;
		} else if (k >= 0 && nr == SYS_close) {
			p->dns_fds[k] = -1; /* done with, answered or not: the slot is free again */
		}
	} else if (si.op == PTRACE_SYSCALL_INFO_EXIT && t->dns_rbuf) {
		int fd = t->dns_rfd, k = dns_slot(p, fd);
		if (k >= 0 && !si.exit.is_error && si.exit.rval > 0) {
			/* the slot stays until close: glibc reads A and AAAA from one socket */
			emit_dns(T, t, fd, p->dns_server[k], t->dns_rbuf, (size_t)si.exit.rval);
		} else if (k >= 0 && si.exit.is_error && si.exit.rval == -EAGAIN) {
			/* no answer yet: the goroutine parks and may read it on any thread */
			gt_tcb_each(follow_sibling, t);
		}
		t->dns_rbuf = 0;
	}
	tr_cont(t, 0);
}
