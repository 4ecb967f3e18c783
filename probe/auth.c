/*
 * The credential go would send with a request (cmd/go/internal/auth):
 * before Go 1.24 the netrc entry for the URL's host; from 1.24 on GOAUTH's
 * commands, each storing headers for URL prefixes — netrc (every entry,
 * keyed by its machine), a command of the user's (run once before the first
 * request, and with the URL after a 4xx) and `git DIR` (`git credential
 * fill`, after a 4xx only). The first command in GOAUTH wins a prefix, and
 * a request takes the headers of the longest prefix of its URL cut at a
 * slash. Only names and logins leave this file, never a secret.
 */
#include "probe_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../analyzers/goconf.h"
#include "../common/util.h"

#define MAX_ENTS 256
#define MAX_CMDS 8

/* One prefix's credential in go's cache. */
struct ent {
	char prefix[600];
	int netrc;                 /* the netrc entry (index), or -1 */
	int cmd;                   /* the GOAUTH command, or -1 */
	char *hdr[GT_PROBE_HDRS];  /* a command's header lines */
	int nhdr;
	char user[256], pass[256]; /* from netrc (password read when sent) or git */
};

struct gt_creds {
	char goauth[1024];         /* "" for the default, netrc */
	int old_go;                /* the minor version of a go before 1.24, else 0 */
	char netrc[1024];          /* NETRC, else $HOME/.netrc */
	struct gt_netrc_entry e[64];
	int n;                     /* netrc entries; -1 when the file cannot be read */
	char cmds[MAX_CMDS][512];  /* GOAUTH's commands, as written */
	char cmderr[MAX_CMDS][300];
	int ncmd;
	double timeout;
	pthread_mutex_t mu;        /* the cache below, as go's sync.Map */
	struct ent c[MAX_ENTS];
	int nc;
};

static void ent_clear(struct ent *e)
{
	int i;

	for (i = 0; i < e->nhdr; i++)
		free(e->hdr[i]);
	memset(e, 0, sizeof(*e));
	e->netrc = e->cmd = -1;
}

/* Go's storeCredential: the prefix without scheme and trailing slash; replaces what was there. */
static struct ent *store(struct gt_creds *k, const char *prefix)
{
	char p[600];
	size_t n;
	int i;

	if (!strncmp(prefix, "https://", 8))
		prefix += 8;
	snprintf(p, sizeof(p), "%s", prefix);
	while ((n = strlen(p)) && p[n - 1] == '/')
		p[n - 1] = 0;
	for (i = 0; i < k->nc && strcmp(k->c[i].prefix, p); i++)
		;
	if (i == MAX_ENTS)
		return NULL;
	if (i == k->nc)
		k->nc++;
	ent_clear(&k->c[i]);
	snprintf(k->c[i].prefix, sizeof(k->c[i].prefix), "%s", p);
	return &k->c[i];
}

/* Go's loadCredential: the URL without scheme, cut at its last slash until a prefix is known. */
static const struct ent *load(const struct gt_creds *k, const char *url, char *tried, size_t size)
{
	char p[1200];
	size_t n;
	int i;

	snprintf(p, sizeof(p), "%s", url + (strncmp(url, "https://", 8) ? 0 : 8));
	while ((n = strlen(p)) && p[n - 1] == '/')
		p[n - 1] = 0;
	snprintf(tried, size, "%s", p);
	for (;;) {
		char *slash;
		for (i = 0; i < k->nc; i++)
			if (!strcmp(k->c[i].prefix, p))
				return &k->c[i];
		slash = strrchr(p, '/');
		if (!slash)
			return NULL;
		*slash = 0;
	}
}

/* Go's quoted.Split: words separated by spaces, '...' and "..." kept whole. */
static int split_words(const char *s, char words[][512], int max)
{
	int n = 0;

	while (*s) {
		size_t k = 0;
		s += strspn(s, " \t\n\r");
		if (!*s)
			break;
		if (n == max)
			return -1;
		if (*s == '\'' || *s == '"') {
			const char *end = strchr(s + 1, *s);
			if (!end)
				return -1;
			k = (size_t)(end - s - 1);
			snprintf(words[n], 512, "%.*s", (int)k, s + 1);
			s = end + 1;
		} else {
			k = strcspn(s, " \t\n\r");
			snprintf(words[n], 512, "%.*s", (int)k, s);
			s += k;
		}
		n++;
	}
	return n;
}

/* Run ARGV in DIR (NULL: here) with INPUT on stdin; its stdout into OUT, at most 64 KiB; its exit status or -1. */
static int run(char *const argv[], const char *dir, const char *input, double timeout, struct gt_buf *out)
{
	int in[2], o[2], st = -1;
	struct timespec t0, t;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(o, O_CLOEXEC) < 0) {
		close(in[0]), close(in[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(in[0], 0);
		dup2(o[1], 1);
		if (devnull >= 0)
			dup2(devnull, 2); /* go keeps a command's stderr for its -x log only */
		if (dir && chdir(dir) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	if (pid > 0 && input)
		(void)!write(in[1], input, strlen(input));
	close(in[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (pid > 0) {
		struct pollfd pf = {o[0], POLLIN, 0};
		char buf[4096];
		ssize_t r;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > timeout) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pf, 1, 200) <= 0)
			continue;
		r = read(o[0], buf, sizeof(buf));
		if (r <= 0)
			break;
		if (out->len < 65536)
			gt_buf_add(out, buf, (size_t)r);
	}
	close(o[0]);
	if (pid > 0 && waitpid(pid, &st, 0) == pid)
		return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return -1;
}

/* Go's parseUserAuth: blocks of URL lines, a blank line, "Name: value" lines, a blank line. */
static int parse_cmd_output(struct gt_creds *k, int cmd, char *s, char *err, size_t esize)
{
	char *urls[16];
	int nu, i;

	while (*s) {
		char *hdr[GT_PROBE_HDRS];
		int nh = 0;
		for (nu = 0;;) {
			char *nl = strchr(s, '\n');
			if (!nl) {
				snprintf(err, esize, "invalid format: missing empty line after URLs");
				return -1;
			}
			*nl = 0;
			if (!*s) {
				s = nl + 1;
				break;
			}
			if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7) && s[0] != '/') {
				/* go quotes the line; it may be the secret itself (a header where a URL belongs) */
				snprintf(err, esize, "invalid format: a line where a URL belongs is not one (not shown: it may "
						     "hold a secret)");
				return -1;
			}
			if (nu < 16)
				urls[nu++] = s;
			s = nl + 1;
		}
		for (;;) {
			char *nl = strchr(s, '\n');
			if (!nl) {
				snprintf(err, esize, "invalid format: missing empty line after headers");
				return -1;
			}
			*nl = 0;
			if (!*s) {
				s = nl + 1;
				break;
			}
			if (!strstr(s, ": ") || strstr(s, ": ") == s) {
				snprintf(err, esize, "invalid format: invalid header line");
				return -1;
			}
			if (nh < GT_PROBE_HDRS)
				hdr[nh++] = s;
			s = nl + 1;
		}
		for (i = 0; i < nu; i++) {
			struct ent *e = store(k, urls[i]);
			int j;
			if (!e)
				break;
			e->cmd = cmd;
			for (j = 0; j < nh; j++)
				e->hdr[e->nhdr++] = gt_xstrdup(hdr[j]);
		}
	}
	return 0;
}

/* Run GOAUTH command I as go does (with URL after a 4xx, else without), storing what it gives. */
static void run_cmd(struct gt_creds *k, int i, const char *url, const struct gt_fetch *res)
{
	char words[16][512], input[300] = "";
	char *argv[18];
	struct gt_buf out;
	int n = split_words(k->cmds[i], words, 16), j, st;

	k->cmderr[i][0] = 0;
	if (n <= 0) {
		snprintf(k->cmderr[i], sizeof(k->cmderr[i]), "cannot parse GOAUTH command");
		return;
	}
	for (j = 0; j < n; j++)
		argv[j] = words[j];
	if (url)
		argv[n++] = (char *)url;
	argv[n] = NULL;
	if (res) /* go writes the response's status line and headers; probe gives the status line */
		snprintf(input, sizeof(input), "HTTP/1.1 %ld %s\n\n", res->status, res->reason);
	gt_buf_init(&out);
	st = run(argv, NULL, input, k->timeout, &out);
	if (st != 0)
		snprintf(k->cmderr[i], sizeof(k->cmderr[i]), "the command failed (exit status %d)", st);
	else
		parse_cmd_output(k, i, (char *)gt_buf_cstr(&out), k->cmderr[i], sizeof(k->cmderr[i]));
	memset(out.p, 0, out.len); /* it held a secret */
	gt_buf_free(&out);
}

/* GOAUTH "git DIR" for URL: `git credential fill` in DIR, its url/protocol/host/path, username, password. */
static void run_git(struct gt_creds *k, int i, const char *url)
{
	char *argv[] = {"git", "credential", "fill", NULL}, input[1300], proto[32] = "", host[300] = "", path[600] = "";
	char prefix[1200] = "", user[256] = "", pass[256] = "", *line, *save = NULL;
	char dir[512];
	struct gt_buf out;
	struct ent *e;

	snprintf(dir, sizeof(dir), "%s", k->cmds[i] + 3 + strspn(k->cmds[i] + 3, " \t"));
	snprintf(input, sizeof(input), "url=%s\n", url);
	gt_buf_init(&out);
	if (run(argv, dir, input, k->timeout, &out) != 0) {
		snprintf(k->cmderr[i], sizeof(k->cmderr[i]), "'git credential fill' failed in %.200s", dir);
		goto done;
	}
	for (line = strtok_r((char *)gt_buf_cstr(&out), "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq++ = 0;
		if (!strcmp(line, "protocol"))
			snprintf(proto, sizeof(proto), "%s", eq);
		else if (!strcmp(line, "host"))
			snprintf(host, sizeof(host), "%s", eq);
		else if (!strcmp(line, "path"))
			snprintf(path, sizeof(path), "%s", eq);
		else if (!strcmp(line, "url"))
			snprintf(prefix, sizeof(prefix), "%s", eq);
		else if (!strcmp(line, "username"))
			snprintf(user, sizeof(user), "%s", eq);
		else if (!strcmp(line, "password"))
			snprintf(pass, sizeof(pass), "%s", eq);
	}
	if (!prefix[0] && proto[0])
		snprintf(prefix, sizeof(prefix), "%s://%s%s%s", proto, host, path[0] && path[0] != '/' ? "/" : "", path);
	if (!prefix[0] || strncmp(url, prefix, strlen(prefix))) {
		snprintf(k->cmderr[i], sizeof(k->cmderr[i]), "'git credential fill' gave no credential for this URL");
		goto done;
	}
	e = store(k, prefix);
	if (e) {
		e->cmd = i;
		snprintf(e->user, sizeof(e->user), "%s", user);
		snprintf(e->pass, sizeof(e->pass), "%s", pass);
	}
done:
	memset(out.p, 0, out.len);
	memset(pass, 0, sizeof(pass));
	gt_buf_free(&out);
}

/* GOAUTH's commands in go's order: the last first, so the first one written wins a prefix. */
static void run_goauth(struct gt_creds *k, const char *url, const struct gt_fetch *res)
{
	int i, j;

	for (i = k->ncmd - 1; i >= 0; i--) {
		if (!strcmp(k->cmds[i], "netrc")) {
			for (j = k->n - 1; j >= 0; j--) {
				struct ent *e = store(k, k->e[j].machine);
				if (e) {
					e->netrc = j;
					snprintf(e->user, sizeof(e->user), "%s", k->e[j].login);
				}
			}
		} else if (!strncmp(k->cmds[i], "git", 3) && (!k->cmds[i][3] || k->cmds[i][3] == ' ')) {
			if (url)
				run_git(k, i, url);
		} else if (strcmp(k->cmds[i], "off")) {
			run_cmd(k, i, url, res);
		}
	}
}

struct gt_creds *gt_creds_new(const struct gt_goconf *c, double timeout)
{
	struct gt_creds *k = gt_xcalloc(1, sizeof(*k));
	const char *netrc = gt_env_get(c->env, "NETRC"), *home = gt_env_get(c->env, "HOME"), *p;
	struct gt_setting auth;

	pthread_mutex_init(&k->mu, NULL);
	k->timeout = timeout;
	if (c->goroot) {
		char *v = gt_goroot_version(c->goroot);
		int minor = 0;
		if (v && sscanf(v, "go1.%d", &minor) == 1 && minor < 24)
			k->old_go = minor;
		free(v);
	}
	gt_goconf_setting(c, "GOAUTH", &auth);
	snprintf(k->goauth, sizeof(k->goauth), "%s", !k->old_go && auth.value && *auth.value ? auth.value : "netrc");
	if (netrc && *netrc)
		snprintf(k->netrc, sizeof(k->netrc), "%s", netrc);
	else
		snprintf(k->netrc, sizeof(k->netrc), "%s/.netrc", home ? home : "");
	k->n = gt_netrc_read(k->netrc, k->e, 64);
	for (p = k->goauth; *p && k->ncmd < MAX_CMDS;) {
		size_t n = strcspn(p, ";");
		char *w = k->cmds[k->ncmd];
		snprintf(w, sizeof(k->cmds[0]), "%.*s", (int)n, p);
		memmove(w, w + strspn(w, " \t"), strlen(w + strspn(w, " \t")) + 1);
		while (*w && strchr(" \t", w[strlen(w) - 1]))
			w[strlen(w) - 1] = 0;
		if (*w)
			k->ncmd++;
		p += n + (p[n] == ';');
	}
	if (!k->old_go)
		run_goauth(k, NULL, NULL);
	return k;
}

void gt_creds_free(struct gt_creds *k)
{
	int i;

	if (!k)
		return;
	for (i = 0; i < k->nc; i++)
		ent_clear(&k->c[i]);
	pthread_mutex_destroy(&k->mu);
	free(k);
}

/* Why go holds no credential for URL (TRIED: the prefix it looked for). */
static void why_none(const struct gt_creds *k, const char *host, const char *tried, struct gt_cred_use *u)
{
	struct gt_buf b;
	size_t hl = strcspn(k->old_go ? host : tried, "/"); /* the host[:port] go matched netrc entries with */
	int i;

	if (!strcmp(k->goauth, "off")) {
		snprintf(u->why, sizeof(u->why), "GOAUTH=off: go sends no credential");
		return;
	}
	gt_buf_init(&b);
	for (i = 0; i < k->ncmd; i++) {
		gt_buf_puts(&b, b.len ? "; " : "");
		if (!strcmp(k->cmds[i], "netrc") && k->n < 0)
			gt_buf_printf(&b, "no netrc file %s", k->netrc);
		else if (!strcmp(k->cmds[i], "netrc"))
			gt_buf_printf(&b, "no entry of %s matches %.*s%s", k->netrc, (int)hl, k->old_go ? host : tried,
				      !k->old_go && memchr(tried, ':', hl) ? " (go compares host:port when the URL has a port)"
									   : "");
		else
			gt_buf_printf(&b, "GOAUTH command '%s' gave nothing for it%s%s", k->cmds[i],
				      k->cmderr[i][0] ? ": " : "", k->cmderr[i]);
	}
	snprintf(u->why, sizeof(u->why), "%s", gt_buf_cstr(&b));
	gt_buf_free(&b);
}

/* Fill O (user, pass, headers) from the cache for URL, under the lock; U says what. */
static void choose(struct gt_creds *k, const char *url, struct gt_fetch_opts *o, char *pass, size_t psize,
		   char **hdrs, struct gt_cred_use *u)
{
	char host[256] = "", tried[1200];
	const struct ent *e = NULL;
	int port, i;

	memset(u, 0, sizeof(*u));
	if (strncmp(url, "https://", 8))
		return; /* go sends credentials over https only */
	gt_url_hostport(url, host, sizeof(host), &port);
	if (k->old_go) { /* before 1.24: the netrc entry for the host, port not compared */
		for (i = 0; i < k->n && strcmp(k->e[i].machine, host); i++)
			;
		if (i < k->n && gt_netrc_password(k->netrc, i, pass, psize) == 0) {
			o->user = k->e[i].login;
			o->pass = pass;
			u->sent = 1;
			u->netrc = (int)k->e[i].line;
			snprintf(u->what, sizeof(u->what), "credential from %s line %ld, machine %s, login %s", k->netrc,
				 k->e[i].line, k->e[i].machine, k->e[i].login);
		} else {
			why_none(k, host, host, u);
		}
		return;
	}
	e = load(k, url, tried, sizeof(tried));
	if (!e) {
		why_none(k, host, tried, u);
		return;
	}
	u->sent = 1;
	if (e->netrc >= 0) {
		const struct gt_netrc_entry *n = &k->e[e->netrc];
		if (gt_netrc_password(k->netrc, e->netrc, pass, psize) < 0)
			pass[0] = 0;
		o->user = n->login;
		o->pass = pass;
		u->netrc = (int)n->line;
		snprintf(u->what, sizeof(u->what), "credential from %s line %ld, machine %s, login %s", k->netrc, n->line,
			 n->machine, n->login);
	} else if (e->user[0] || e->pass[0]) {
		snprintf(pass, psize, "%s", e->pass);
		o->user = e->user;
		o->pass = pass;
		snprintf(u->what, sizeof(u->what), "credential from 'git credential fill' (GOAUTH=%s), login %s",
			 k->cmds[e->cmd], e->user);
	} else {
		struct gt_buf b;
		gt_buf_init(&b);
		for (i = 0; i < e->nhdr; i++) {
			hdrs[i] = gt_xstrdup(e->hdr[i]);
			gt_buf_printf(&b, "%s%.*s", i ? ", " : "", (int)strcspn(e->hdr[i], ":"), e->hdr[i]);
		}
		hdrs[i] = NULL;
		o->headers = (const char *const *)hdrs;
		snprintf(u->what, sizeof(u->what), "header %s from GOAUTH command '%s' for %s", gt_buf_cstr(&b),
			 k->cmds[e->cmd], e->prefix);
		gt_buf_free(&b);
	}
}

static void send_once(struct gt_creds *k, const char *url, const struct gt_fetch_opts *o, struct gt_fetch *f,
		      struct gt_cred_use *u)
{
	struct gt_fetch_opts oo = *o;
	char pass[512] = "", *hdrs[GT_PROBE_HDRS + 1] = {NULL};
	int i;

	pthread_mutex_lock(&k->mu);
	choose(k, url, &oo, pass, sizeof(pass), hdrs, u);
	pthread_mutex_unlock(&k->mu);
	gt_fetch(url, &oo, f);
	memset(pass, 0, sizeof(pass));
	for (i = 0; hdrs[i]; i++) {
		memset(hdrs[i], 0, strlen(hdrs[i]));
		free(hdrs[i]);
	}
}

void gt_cred_fetch(struct gt_creds *k, const char *url, const struct gt_fetch_opts *o, struct gt_fetch *f,
		   struct gt_cred_use *u)
{
	int i, again = 0;

	send_once(k, url, o, f, u);
	/* a 4xx over https: go runs GOAUTH again with the URL and sends the request once more */
	if (k->old_go || strncmp(url, "https://", 8) || f->status < 400 || f->status >= 500 ||
	    !strcmp(k->goauth, "off"))
		return;
	for (i = 0; i < k->ncmd; i++)
		if (strcmp(k->cmds[i], "netrc"))
			again = 1;
	if (!again)
		return; /* netrc alone gives the same credential again */
	pthread_mutex_lock(&k->mu);
	run_goauth(k, url, f);
	pthread_mutex_unlock(&k->mu);
	send_once(k, url, o, f, u);
	u->asked_again = 1;
}
