/*
 * The watchdog (see stall.h). What a process waits on is read from /proc:
 * its descriptors (/proc/PID/fd), their sockets' TCP state
 * (/proc/net/tcp{,6}, matched by inode) and, for an established
 * connection, the traffic so far (TCP_INFO on a copy of the socket taken
 * with pidfd_getfd), locks (/proc/locks), and whether it sits in wait4 for
 * its children (/proc/PID/task/TID/syscall).
 */
#include "stall.h"
#include "launch.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/goproxy.h"
#include "../common/json.h"
#include "../common/redact.h"
#include "../common/schema.h"
#include "../common/util.h"

#define MAXP 4096

struct pinfo {
	pid_t pid, ppid;
	char name[64];
	char state;
	unsigned long long cpu; /* utime + stime, clock ticks */
	int mine;               /* part of the run */
};

struct sock {
	unsigned long ino;
	char proto[8];          /* tcp, tcp6, udp, udp6 */
	char laddr[INET6_ADDRSTRLEN], raddr[INET6_ADDRSTRLEN];
	int lport, rport, st;
};

static const char *const tcp_states[] = {
	"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
	"CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};

/* Read the start of a small /proc file into BUF (NUL-terminated); its length, or -1. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, buf, size - 1);
	close(fd);
	if (r <= 0)
		return -1;
	buf[r] = 0;
	return r;
}

/* All processes, with which belong to the run (ROOT and its descendants). */
static size_t list_procs(pid_t root, struct pinfo *ps, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t n = 0, i;
	int changed;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		char path[300], buf[1024], *rp;
		unsigned long long ut = 0, st = 0;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if (read_small(path, buf, sizeof(buf)) < 0)
			continue;
		rp = strrchr(buf, ')');
		if (!rp)
			continue;
		memset(&ps[n], 0, sizeof(ps[n]));
		ps[n].pid = atoi(buf);
		{
			char *lp = strchr(buf, '(');
			size_t len = lp ? (size_t)(rp - lp - 1) : 0;
			if (len >= sizeof(ps[n].name))
				len = sizeof(ps[n].name) - 1;
			if (lp)
				memcpy(ps[n].name, lp + 1, len);
		}
		/* after ')': state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
		if (sscanf(rp + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ps[n].state,
			   &ps[n].ppid, &ut, &st) < 2)
			continue;
		ps[n].cpu = ut + st;
		ps[n].mine = ps[n].pid == root;
		n++;
	}
	closedir(d);
	do {
		changed = 0;
		for (i = 0; i < n; i++) {
			size_t j;
			if (ps[i].mine)
				continue;
			for (j = 0; j < n; j++)
				if (ps[j].mine && ps[j].pid == ps[i].ppid) {
					ps[i].mine = changed = 1;
					break;
				}
		}
	} while (changed);
	return n;
}

static unsigned long long run_cpu(pid_t root)
{
	static struct pinfo ps[MAXP];
	size_t n = list_procs(root, ps, MAXP), i;
	unsigned long long sum = 0;

	for (i = 0; i < n; i++)
		if (ps[i].mine)
			sum += ps[i].cpu;
	return sum;
}

static void parse_addr(const char *hex, int v6, char *out, int *port)
{
	char h[40];
	const char *colon = strchr(hex, ':');
	size_t n = colon ? (size_t)(colon - hex) : 0;

	*port = colon ? (int)strtol(colon + 1, NULL, 16) : 0;
	if (n >= sizeof(h)) {
		strcpy(out, "?");
		return;
	}
	memcpy(h, hex, n);
	h[n] = 0;
	if (!v6) {
		struct in_addr a;
		a.s_addr = (uint32_t)strtoul(h, NULL, 16);
		inet_ntop(AF_INET, &a, out, INET6_ADDRSTRLEN);
	} else {
		struct in6_addr a;
		int i;
		for (i = 0; i < 4; i++) {
			char w[9];
			uint32_t v;
			memcpy(w, h + 8 * i, 8);
			w[8] = 0;
			v = (uint32_t)strtoul(w, NULL, 16);
			memcpy(&a.s6_addr[4 * i], &v, 4);
		}
		inet_ntop(AF_INET6, &a, out, INET6_ADDRSTRLEN);
	}
}

static size_t load_net(struct sock *s, size_t n, size_t max, const char *proto)
{
	char path[64], line[512];
	int v6 = strchr(proto, '6') != NULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", proto);
	f = fopen(path, "re");
	if (!f)
		return n;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return n;
	}
	while (n < max && fgets(line, sizeof(line), f)) {
		char la[64], ra[64];
		unsigned st;
		unsigned long ino;
		if (sscanf(line, " %*d: %63s %63s %x %*s %*s %*s %*u %*d %lu", la, ra, &st, &ino) != 4)
			continue;
		s[n].ino = ino;
		snprintf(s[n].proto, sizeof(s[n].proto), "%s", proto);
		s[n].st = (int)st;
		parse_addr(la, v6, s[n].laddr, &s[n].lport);
		parse_addr(ra, v6, s[n].raddr, &s[n].rport);
		n++;
	}
	fclose(f);
	return n;
}

/* What the value of NAME is in process PID's environment, into OUT. */
static int proc_getenv(pid_t pid, const char *name, char *out, size_t size)
{
	char path[64], *buf, *p;
	size_t nl = strlen(name), cap = 1 << 16, len = 0;
	int fd, found = 0;
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	buf = gt_xmalloc(cap);
	while (len < cap - 1 && (r = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	buf[len] = 0;
	for (p = buf; p < buf + len; p += strlen(p) + 1)
		if (!strncmp(p, name, nl) && p[nl] == '=') {
			snprintf(out, size, "%s", p + nl + 1);
			found = 1;
		}
	free(buf);
	return found;
}

/* Bytes sent (and acknowledged) and received on socket FD of PID; 0 on success. */
static int tcp_traffic(pid_t pid, int fd, unsigned long long *sent, unsigned long long *rcvd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0), sfd, rc = -1;

	if (pfd < 0)
		return -1;
	sfd = (int)syscall(SYS_pidfd_getfd, pfd, fd, 0);
	close(pfd);
	if (sfd < 0)
		return -1;
	memset(&ti, 0, sizeof(ti));
	if (getsockopt(sfd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received)) {
		*sent = ti.tcpi_bytes_acked > 0 ? ti.tcpi_bytes_acked - 1 : 0; /* the SYN counts one */
		*rcvd = ti.tcpi_bytes_received;
		rc = 0;
	}
	close(sfd);
	return rc;
}

/* Whether any thread of PID is in wait4/waitid (its children). */
static int in_wait(pid_t pid)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	int yes = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return 0;
	while (!yes && (de = readdir(d))) {
		char sp[320], buf[64];
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(sp, sizeof(sp), "/proc/%d/task/%s/syscall", (int)pid, de->d_name);
		if (read_small(sp, buf, sizeof(buf)) < 0)
			continue;
		yes = atoi(buf) == SYS_wait4 || atoi(buf) == SYS_waitid;
	}
	closedir(d);
	return yes;
}

/* A lock PID is blocked on (from /proc/locks), as "path held by pid N". */
static int blocked_lock(pid_t pid, char *out, size_t size)
{
	FILE *f = fopen("/proc/locks", "re");
	char line[256];
	unsigned long held_ino = 0;
	int holder = 0, want = 0;
	unsigned long last_ino = 0;
	int last_pid = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		int lp;
		unsigned maj, min;
		unsigned long ino;
		int blocked = strstr(line, "->") != NULL;
		char *p = strstr(line, "ADVISORY");
		if (!p)
			p = strstr(line, "MANDATORY");
		if (!p || sscanf(p, "%*s %*s %d %x:%x:%lu", &lp, &maj, &min, &ino) != 4)
			continue;
		if (!blocked) {
			last_ino = ino;
			last_pid = lp;
		} else if (lp == pid) {
			held_ino = last_ino;
			holder = last_pid;
			want = 1;
			break;
		}
	}
	fclose(f);
	if (!want)
		return 0;
	{
		/* the file: one of the waiter's own descriptors has that inode */
		char dpath[64], name[4096] = "";
		DIR *d;
		struct dirent *de;
		snprintf(dpath, sizeof(dpath), "/proc/%d/fd", (int)pid);
		d = opendir(dpath);
		while (d && (de = readdir(d))) {
			char fp[400];
			struct stat st;
			ssize_t n;
			snprintf(fp, sizeof(fp), "%s/%s", dpath, de->d_name);
			if (stat(fp, &st) == 0 && st.st_ino == held_ino &&
			    (n = readlink(fp, name, sizeof(name) - 1)) > 0) {
				name[n] = 0;
				break;
			}
		}
		if (d)
			closedir(d);
		snprintf(out, size, "%s held by pid %d", name[0] ? name : "a file", holder);
	}
	return 1;
}

/* What a snapshot knows to name a process's sockets by: the machine's sockets, its GOPROXY and HTTPS proxy. */
struct net_ctx {
	const struct sock *socks;
	size_t ns;
	const struct gt_proxy_list *pl; /* NULL: no GOPROXY */
	const char *hp_host;
	int hp_port;                    /* 0: no proxy */
};

/* Where a snapshot is written: its text, its JSON, and the sockets listed so far. */
struct snap_out {
	struct gt_buf *txt, *js;
	int nsock;
};

static void proc_sockets(pid_t pid, const struct net_ctx *nc, struct snap_out *out)
{
	const struct sock *socks = nc->socks;
	const struct gt_proxy_list *pl = nc->pl;
	struct gt_buf *txt = out->txt, *js = out->js;
	char dpath[64];
	DIR *d;
	struct dirent *de;

	snprintf(dpath, sizeof(dpath), "/proc/%d/fd", (int)pid);
	d = opendir(dpath);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char fp[400], link[64];
		unsigned long ino;
		ssize_t n;
		size_t i;
		int fd = atoi(de->d_name);
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(fp, sizeof(fp), "%s/%s", dpath, de->d_name);
		n = readlink(fp, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = 0;
		if (sscanf(link, "socket:[%lu]", &ino) != 1)
			continue;
		for (i = 0; i < nc->ns; i++) {
			const struct sock *s = &socks[i];
			unsigned long long sent = 0, rcvd = 0;
			int have = 0, entry, tcp = s->proto[0] == 't';
			char role[600] = "", what[200];
			if (s->ino != ino || !s->rport)
				continue;
			entry = pl ? gt_proxy_match_hosts(pl, s->raddr, s->rport, "/etc/hosts") : -1;
			if (entry >= 0) {
				struct gt_buf rb;
				gt_buf_init(&rb);
				gt_redact_text(&rb, pl->e[entry].url, strlen(pl->e[entry].url));
				snprintf(role, sizeof(role), "GOPROXY entry %d: %s", entry + 1, gt_buf_cstr(&rb));
				gt_buf_free(&rb);
			}
			else if (nc->hp_port && nc->hp_port == s->rport && !strcmp(nc->hp_host, s->raddr))
				snprintf(role, sizeof(role), "the proxy in HTTPS_PROXY/HTTP_PROXY");
			else if (s->rport == 53)
				snprintf(role, sizeof(role), "DNS server");
			if (tcp && s->st == 1)
				have = tcp_traffic(pid, fd, &sent, &rcvd) == 0;
			if (!tcp)
				snprintf(what, sizeof(what), "UDP");
			else if (s->st == 2)
				snprintf(what, sizeof(what), "SYN sent, no answer");
			else if (s->st == 1 && have && sent && !rcvd)
				snprintf(what, sizeof(what), "connection established, request sent (%llu bytes), no response", sent);
			else if (s->st == 1 && have && !sent)
				snprintf(what, sizeof(what), "connection established, nothing sent yet");
			else if (s->st == 1 && have)
				snprintf(what, sizeof(what), "connection established, %llu bytes sent, %llu received, waiting for more", sent, rcvd);
			else
				snprintf(what, sizeof(what), "%s", s->st > 0 && s->st < 12 ? tcp_states[s->st] : "?");
			gt_buf_printf(txt, "    %s %s:%d -> %s:%d%s%s%s: %s\n", tcp ? "TCP" : "UDP", s->laddr,
				      s->lport, s->raddr, s->rport, role[0] ? " (" : "", role, role[0] ? ")" : "", what);
			gt_buf_puts(js, out->nsock++ ? "," : "");
			gt_buf_putc(js, '{');
			gt_json_key1(js, GT_KEY(socket, proto));
			gt_json_cstr(js, s->proto);
			gt_json_key(js, GT_KEY(socket, fd));
			gt_buf_i64(js, fd);
			gt_json_key(js, GT_KEY(socket, local));
			gt_json_cstr(js, s->laddr);
			gt_json_key(js, GT_KEY(socket, lport));
			gt_buf_i64(js, s->lport);
			gt_json_key(js, GT_KEY(socket, addr));
			gt_json_cstr(js, s->raddr);
			gt_json_key(js, GT_KEY(socket, port));
			gt_buf_i64(js, s->rport);
			if (tcp) {
				gt_json_key(js, GT_KEY(socket, state));
				gt_json_cstr(js, s->st > 0 && s->st < 12 ? tcp_states[s->st] : "?");
			}
			if (have) {
				gt_json_key(js, GT_KEY(socket, sent));
				gt_buf_u64(js, sent);
				gt_json_key(js, GT_KEY(socket, received));
				gt_buf_u64(js, rcvd);
			}
			if (role[0]) {
				gt_json_key(js, GT_KEY(socket, role));
				gt_json_cstr(js, role);
			}
			gt_json_key(js, GT_KEY(socket, what));
			gt_json_cstr(js, what);
			gt_buf_putc(js, '}');
		}
	}
	closedir(d);
}

/* PID's command line, its arguments redacted, into CMD (SIZE); NAME when it cannot be read. */
static void proc_cmdline(pid_t pid, const char *name, char *cmd, size_t size)
{
	char path[64];
	struct gt_buf cb;
	const char *a = cmd, *prev = NULL;
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	r = fd >= 0 ? read(fd, cmd, size - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (r <= 0) {
		snprintf(cmd, size, "%s", name);
		return;
	}
	cmd[r] = 0;
	gt_buf_init(&cb);
	while (a < cmd + r) {
		size_t al = strlen(a);
		if (prev)
			gt_buf_putc(&cb, ' ');
		gt_redact_arg(&cb, a, al, prev, prev ? strlen(prev) : 0);
		prev = a;
		a += al + 1;
	}
	snprintf(cmd, size, "%s", gt_buf_cstr(&cb));
	gt_buf_free(&cb);
}

void gt_stall_snapshot(struct gt_stall *s, const char *reason, double quiet)
{
	static struct pinfo ps[MAXP];
	static struct sock socks[8192];
	size_t n, ns = 0, i, j;
	struct gt_buf txt, js, *b;
	int first = 1;

	n = list_procs(s->root, ps, MAXP);

	ns = load_net(socks, ns, 8192, "tcp");
	ns = load_net(socks, ns, 8192, "tcp6");
	ns = load_net(socks, ns, 8192, "udp");
	ns = load_net(socks, ns, 8192, "udp6");
	gt_buf_init(&txt);
	gt_buf_init(&js);
	if (!strcmp(reason, "timeout"))
		gt_buf_printf(&txt, "gotrace: timeout after %.0fs; what each process waits on:\n", s->timeout_s);
	else if (!strcmp(reason, "interrupt"))
		gt_buf_printf(&txt, "gotrace: interrupted; what each process waits on:\n");
	else
		gt_buf_printf(&txt, "gotrace: no progress for %.1fs; what each process waits on:\n", quiet);
	for (i = 0; i < n; i++) {
		struct gt_proxy_list pl;
		char val[4096], hp_host[256] = "", lock[4200], cmd[256] = "";
		int hp_port = 0, nsock, have_pl, waits, locked;
		struct net_ctx nc;
		struct snap_out so;
		if (!ps[i].mine)
			continue;
		have_pl = proc_getenv(ps[i].pid, "GOPROXY", val, sizeof(val));
		if (have_pl)
			gt_proxy_parse(val, &pl);
		if ((proc_getenv(ps[i].pid, "HTTPS_PROXY", val, sizeof(val)) ||
		     proc_getenv(ps[i].pid, "https_proxy", val, sizeof(val))) && val[0])
			gt_url_hostport(val, hp_host, sizeof(hp_host), &hp_port);
		proc_cmdline(ps[i].pid, ps[i].name, cmd, sizeof(cmd));
		gt_buf_printf(&txt, "  pid %d %s:\n", (int)ps[i].pid, cmd);
		gt_buf_puts(&js, first ? "" : ",");
		first = 0;
		gt_buf_putc(&js, '{');
		gt_json_key1(&js, GT_KEY(stall_proc, pid));
		gt_buf_i64(&js, ps[i].pid);
		gt_json_key(&js, GT_KEY(stall_proc, ppid));
		gt_buf_i64(&js, ps[i].ppid);
		gt_json_key(&js, GT_KEY(stall_proc, name));
		gt_json_cstr(&js, ps[i].name);
		gt_json_key(&js, GT_KEY(stall_proc, sockets));
		gt_buf_putc(&js, '[');
		nc = (struct net_ctx){socks, ns, have_pl ? &pl : NULL, hp_host, hp_port};
		so = (struct snap_out){&txt, &js, 0};
		proc_sockets(ps[i].pid, &nc, &so);
		nsock = so.nsock;
		gt_buf_putc(&js, ']');
		locked = blocked_lock(ps[i].pid, lock, sizeof(lock));
		if (locked) {
			gt_buf_printf(&txt, "    waits for a lock on %s\n", lock);
			gt_json_key(&js, GT_KEY(stall_proc, lock));
			gt_json_cstr(&js, lock);
		}
		waits = in_wait(ps[i].pid);
		if (waits) {
			gt_buf_puts(&txt, "    waits for its children:");
			gt_json_key(&js, GT_KEY(stall_proc, children));
			gt_buf_putc(&js, '[');
			for (j = 0; j < n; j++)
				if (ps[j].ppid == ps[i].pid) {
					gt_buf_printf(&txt, " %d (%s)", (int)ps[j].pid, ps[j].name);
					if (js.p[js.len - 1] != '[')
						gt_buf_putc(&js, ',');
					gt_buf_i64(&js, ps[j].pid);
				}
			gt_buf_putc(&js, ']');
			gt_buf_putc(&txt, '\n');
		}
		if (!nsock && !locked && !waits)
			gt_buf_printf(&txt, "    no socket, lock or child to wait on (state %c)\n", ps[i].state);
		gt_buf_putc(&js, '}');
	}
	if (!s->quiet) {
		gt_tame(&txt, 0, txt.len); /* command lines come from the processes */
		gt_say(txt.p, txt.len);
	}
	b = gt_trace_begin(s->trace, "stall", gt_trace_now(s->trace), s->root, "sys");
	gt_json_key(b, GT_KEY(stall, reason));
	gt_json_cstr(b, reason);
	gt_json_key(b, GT_KEY(stall, quiet));
	gt_buf_printf(b, "%.3f", quiet);
	gt_json_key(b, GT_KEY(stall, procs));
	gt_buf_putc(b, '[');
	gt_buf_add(b, js.p, js.len);
	gt_buf_putc(b, ']');
	gt_trace_commit(s->trace);
	s->snapshots++;
	gt_buf_free(&txt);
	gt_buf_free(&js);
}

static void kill_run(pid_t root, int sig)
{
	static struct pinfo ps[MAXP];
	size_t n = list_procs(root, ps, MAXP), i;

	for (i = 0; i < n; i++)
		if (ps[i].mine)
			kill(ps[i].pid, sig);
}

void gt_stall_init(struct gt_stall *s)
{
	s->start = s->quiet_from = gt_mono_ns();
	s->hz = sysconf(_SC_CLK_TCK);
}

/* The --timeout: stop the command, with SIGKILL 2 s after its SIGTERM. */
static void timeout(struct gt_stall *s, uint64_t now)
{
	if (s->timeout_s > 0 && !s->timed_out && now - s->start >= (uint64_t)(s->timeout_s * 1e9)) {
		gt_stall_snapshot(s, "timeout", (double)(now - s->quiet_from) / 1e9);
		if (!s->quiet)
			gt_sayf("stopping the command (SIGTERM, then SIGKILL after 2s)");
		s->timed_out = 1;
		kill(s->root, SIGTERM);
		s->kill_at = now + 2000000000u;
	}
	if (s->kill_at && now >= s->kill_at) {
		kill_run(s->root, SIGKILL);
		s->kill_at = 0;
	}
}

/* Whether the run computes (a long compile is progress too): its CPU time since the last look. */
static int busy(struct gt_stall *s, uint64_t now)
{
	unsigned long long cpu;
	double secs;

	if (!s->based) {
		s->base_cpu = run_cpu(s->root);
		s->base_at = now;
		s->based = 1;
		return 1;
	}
	cpu = run_cpu(s->root);
	secs = (double)(now - s->base_at) / 1e9;
	if ((double)(cpu - s->base_cpu) / (double)s->hz > 0.05 * secs) {
		s->base_cpu = cpu;
		s->base_at = now;
		return 1;
	}
	return 0;
}

void gt_stall_tick(struct gt_stall *s)
{
	uint64_t now = gt_mono_ns(), last;

	timeout(s, now);
	if (s->stall_s <= 0 || s->timed_out)
		return;
	last = s->trace->last_ns;
	if (last != s->seen) {
		/* an event: progress (the watchdog's own stall line excepted) */
		s->seen = last;
		if (!s->snapshots || last != s->own_ns) {
			s->quiet_from = s->trace->t0 + last;
			s->reported = 0;
			s->based = 0;
		}
	}
	if (s->reported || now - s->quiet_from < (uint64_t)(s->stall_s * 1e9) || busy(s, now))
		return;
	gt_stall_snapshot(s, "stall", (double)(now - s->quiet_from) / 1e9);
	s->own_ns = s->trace->last_ns;
	s->seen = s->own_ns;
	s->reported = 1;
}
