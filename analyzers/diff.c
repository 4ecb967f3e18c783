/*
 * gotrace diff: each trace is reduced to facts, each a category, a key, a
 * value for comparing and one for showing, and where the value came from.
 * Values are compared after the noise is taken out of them: the run's own
 * home directory and working directory, and temporary directories
 * (/tmp/gotrace-e2e.x3Fq9a, go-build123456). Facts that differ are listed
 * by category, in the order of how likely they are to change the outcome:
 * toolchain, configuration, module files, environment, network,
 * credentials, libraries, host. Then the first process that both runs ran
 * with the same arguments and that ended differently.
 *
 * Left out as noise: pids, times, the build cache (GOCACHE, and which tools
 * ran because of it), the order of parallel work.
 */
#include "diff.h"
#include "diffint.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "../common/buf.h"
#include "../common/json.h"
#include "../common/redact.h"
#include "../common/util.h"

static const char *const cat_names[C_N] = {
	"toolchain", "config", "module files", "files looked for", "environment", "network", "credentials",
	"libraries", "host",
};

/* ---- noise ---- */

/*
 * A path component that a temporary directory maker would produce: a run
 * of 6 or more mixing digits and letters or both cases, or mktemp's
 * NAME.XXXXXX ending.
 */
static int random_component(const char *c, size_t n)
{
	size_t i = 0;

	if (n > 8 && !strncmp(c, "go-build", 8))
		return 1;
	while (i < n) {
		size_t j = i, digits = 0, upper = 0, lower = 0;
		while (j < n && c[j] != '.' && c[j] != '-' && c[j] != '_') {
			digits += c[j] >= '0' && c[j] <= '9';
			upper += c[j] >= 'A' && c[j] <= 'Z';
			lower += c[j] >= 'a' && c[j] <= 'z';
			j++;
		}
		if (j - i >= 6 && (digits == j - i || (upper && lower) || (digits && (upper || lower))))
			return 1;
		/* mktemp's NAME.XXXXXX: six letters or digits of any mix, "t.NTPPHH" too */
		if (j == n && j - i == 6 && i > 0 && c[i - 1] == '.' && digits + upper + lower == 6)
			return 1;
		i = j + 1;
	}
	return 0;
}

/* S with the side's home, its working directory and temporary names made neutral. */
char *gt_diff_normalize(const struct side *sd, const char *s)
{
	struct gt_buf b;
	char *r;

	gt_buf_init(&b);
	while (s && *s) {
		size_t hl = strlen(sd->home), cl = strlen(sd->cwd);
		if (cl > 1 && !strncmp(s, sd->cwd, cl) && (s[cl] == '/' || !s[cl] || s[cl] == ':' || s[cl] == ' ')) {
			gt_buf_puts(&b, "$PWD");
			s += cl;
			continue;
		}
		if (hl > 1 && !strncmp(s, sd->home, hl) && (s[hl] == '/' || !s[hl] || s[hl] == ':' || s[hl] == ' ')) {
			gt_buf_puts(&b, "$HOME");
			s += hl;
			continue;
		}
		if (!strncmp(s, "/tmp/", 5) || !strncmp(s, "/var/tmp/", 9) || !strncmp(s, "/dev/shm/", 9)) {
			size_t pre = s[1] == 't' ? 5 : 9;
			gt_buf_add(&b, s, pre);
			s += pre;
			for (;;) {
				size_t n = strcspn(s, "/: ");
				/* a run of such components is one: depths differ between machines */
				if (random_component(s, n)) {
					if (b.len < 2 || b.p[b.len - 1] != '/' || b.p[b.len - 2] != '*')
						gt_buf_putc(&b, '*');
					else
						b.len--; /* drop the '/' after the previous '*' */
				} else {
					gt_buf_add(&b, s, n);
				}
				s += n;
				if (*s != '/')
					break;
				gt_buf_putc(&b, '/');
				s++;
			}
			continue;
		}
		gt_buf_putc(&b, *s++);
	}
	r = gt_xstrdup(gt_buf_cstr(&b));
	gt_buf_free(&b);
	return r;
}

static void add_fact(struct side *sd, enum cat c, const char *key, const char *show, const char *src,
		     long pid, size_t line)
{
	struct fact *f;

	GT_GROW(sd->f, sd->n, sd->cap);
	f = &sd->f[sd->n++];
	memset(f, 0, sizeof(*f));
	f->cat = c;
	f->key = gt_xstrdup(key);
	f->show = gt_xstrdup(show ? show : "(unset)");
	f->cmp = gt_diff_normalize(sd, f->show);
	f->src = src ? gt_xstrdup(src) : NULL;
	f->pid = pid;
	f->line = line;
	f->weight = (int)c * 10;
}

/* ---- facts of one run ---- */

const char *gt_diff_sha_of(const struct gt_model *m, const char *path)
{
	const struct gt_ev_fingerprint *fp = gt_model_fingerprint(m, path);

	/* a fingerprint without a digest: the tracer could not read the file */
	return fp ? (fp->sha256 ? fp->sha256 : "(unreadable)") : NULL;
}

static void toolchain_facts(struct side *sd, const struct gt_goconf *c)
{
	const struct gt_mexec *x = c->x;
	const char *exe = x->exe ? x->exe : x->path;
	const struct gt_mexec *gx = &c->go->execs[c->go->nexecs - 1];
	char vbuf[160], *src;
	const char *how = gt_model_goversion(&sd->m, gx->exe ? gx->exe : gx->path, c->goroot, vbuf, sizeof(vbuf));
	const char *ver = how ? vbuf : NULL;
	const char *sha = gt_diff_sha_of(&sd->m, exe);
	struct gt_mproc *go = c->go;
	size_t i;

	add_fact(sd, C_TOOLCHAIN, "go binary", exe, NULL, go->pid, x->line);
	add_fact(sd, C_TOOLCHAIN, "go version", ver ? ver : "(unknown)",
		 how && !strcmp(how, "recorded") ? "the go binary's build information" : c->goroot, go->pid, x->line);
	if (sha) {
		add_fact(sd, C_TOOLCHAIN, "go binary sha256", sha, exe, go->pid, x->line);
		sd->f[sd->n - 1].only_both = 1; /* a trace without fingerprints says nothing here */
	}
	src = gt_source_text(c, c->goroot_src, c->goroot_line);
	add_fact(sd, C_TOOLCHAIN, "GOROOT", c->goroot, c->goroot_src == GT_SRC_DEFAULT ?
		 "derived from the go binary's location" : src, go->pid, x->line);
	free(src);
	/* a toolchain switch: the same pid exec'd a second go */
	for (i = 1; i < go->nexecs; i++)
		if (gt_exec_is_go(&go->execs[i])) {
			add_fact(sd, C_TOOLCHAIN, "toolchain switch", go->execs[i].exe ? go->execs[i].exe :
				 go->execs[i].path, NULL, go->pid, go->execs[i].line);
			return;
		}
	add_fact(sd, C_TOOLCHAIN, "toolchain switch", "none", NULL, go->pid, x->line);
}

/* Whether base name B is a C compiler driver: gcc, cc, clang, gcc-12, x86_64-linux-gnu-gcc-12, ... */
static int c_compiler(const char *b)
{
	return !strcmp(b, "cc") || !strcmp(b, "c99") || !strncmp(b, "gcc", 3) || !strncmp(b, "clang", 5) ||
	       strstr(b, "-gcc") != NULL || strstr(b, "-clang") != NULL;
}

/* The C compiler the run used (the first one exec'd): its path and, when fingerprinted, its digest. */
static void cc_facts(struct side *sd)
{
	size_t i, j;

	for (i = 0; i < sd->m.nproc; i++)
		for (j = 0; j < sd->m.procs[i]->nexecs; j++) {
			const struct gt_mexec *x = &sd->m.procs[i]->execs[j];
			const char *exe = x->exe ? x->exe : x->path, *sha;
			char show[1200];
			if (!exe || !c_compiler(gt_base_name(exe)))
				continue;
			sha = gt_diff_sha_of(&sd->m, exe);
			snprintf(show, sizeof(show), "%s%s%.12s", exe, sha ? " sha256:" : "", sha ? sha : "");
			add_fact(sd, C_TOOLCHAIN, "C compiler", show, NULL, sd->m.procs[i]->pid, x->line);
			sd->f[sd->n - 1].only_both = 1; /* a run that compiled no C says nothing here */
			if (sha) {
				free(sd->f[sd->n - 1].cmp);
				sd->f[sd->n - 1].cmp = gt_diff_normalize(sd, exe);
				sd->f[sd->n - 1].sha = gt_xstrdup(sha);
			}
			sd->f[sd->n - 1].weight = 1; /* after the go toolchain, before the settings */
			return;
		}
}

static void config_facts(struct side *sd, const struct gt_goconf *c)
{
	size_t i;

	for (i = 0; i < gt_go_nsettings; i++) {
		struct gt_setting s;
		char *src;
		gt_goconf_setting(c, gt_go_settings[i], &s);
		src = gt_source_text(c, s.src, s.line);
		add_fact(sd, C_CONFIG, gt_go_settings[i], s.value, s.value ? src : "default", c->go->pid, c->x->line);
		/* where files go, rather than what is built: after credentials */
		if (!strcmp(gt_go_settings[i], "GOPATH") || !strcmp(gt_go_settings[i], "GOMODCACHE") || !strcmp(gt_go_settings[i], "GOENV"))
			sd->f[sd->n - 1].weight = (int)C_CREDENTIAL * 10 + 5;
		free(src);
	}
}

/*
 * Whether PATH is a file of the main module or workspace: in the run's
 * directory CWD or one above it (vendor/modules.txt: in vendor/ there).
 */
static int main_module_file(const char *cwd, const char *path, int vendor)
{
	const char *b = gt_base_name(path);
	size_t dl = (size_t)(b - path), cl = strlen(cwd);

	if (dl < 1)
		return 0;
	dl--; /* without the slash */
	if (vendor) {
		if (dl < 7 || strncmp(path + dl - 7, "/vendor", 7))
			return 0;
		dl -= 7;
	}
	/* the directory is CWD or an ancestor of it */
	return dl <= cl && !strncmp(cwd, path, dl) && (cwd[dl] == '/' || !cwd[dl] || dl == 0);
}

static void module_facts(struct side *sd)
{
	/* go always looks for go.work and go.mod; go.sum and vendor only when it gets that far */
	static const char *const names[] = {"go.work", "go.mod", "modules.txt", "go.sum"};
	size_t i, k;

	for (i = 0; i < GT_ARRAY_SIZE(names); i++) {
		const struct gt_mopen *hit = NULL;
		const char *sha, *key = i == 2 ? "vendor/modules.txt" : names[i];
		char skey[64];
		for (k = 0; k < sd->m.nopens && !hit; k++) {
			const struct gt_mopen *o = &sd->m.opens[k];
			if (o->ok && o->read && o->p && o->p->nexecs && gt_exec_is_go(&o->p->execs[o->p->nexecs - 1]) &&
			    !strcmp(gt_base_name(o->path), names[i]) && main_module_file(sd->cwd, o->path, i == 2))
				hit = o;
		}
		if (!hit) {
			if (i < 2)
				add_fact(sd, C_MODULE, key, "none", NULL, 0, 0);
			continue;
		}
		add_fact(sd, C_MODULE, key, hit->path, NULL, hit->p->pid, hit->line);
		/* the content, when both traces have it */
		if ((sha = gt_diff_sha_of(&sd->m, hit->path))) {
			snprintf(skey, sizeof(skey), "%s sha256", key);
			add_fact(sd, C_MODULE, skey, sha, hit->path, hit->p->pid, hit->line);
			sd->f[sd->n - 1].only_both = 1;
		}
		if (i >= 2)
			sd->f[sd->n - (sha ? 2 : 1)].only_both = 1;
	}
}

static void env_facts(struct side *sd, const json_t *env, long pid, size_t line)
{
	const char *name;
	json_t *v;

	json_object_foreach((json_t *)env, name, v)
		if (gt_env_matters(name) && json_string_value(v))
			add_fact(sd, C_ENV, name, json_string_value(v), "the environment", pid, line);
}

static void network_facts(struct side *sd)
{
	size_t i;

	for (i = 0; i < sd->m.nconns; i++) {
		const struct gt_mconn *c = &sd->m.conns[i];
		char key[400], show[64];
		size_t k;
		int seen = 0;
		if (strcmp(c->family, "inet") && strcmp(c->family, "inet6"))
			continue;
		if (c->port == 53)
			continue; /* name server traffic: the names asked are what matters */
		snprintf(key, sizeof(key), "connect %s:%d", c->host[0] ? c->host : c->addr, c->port);
		snprintf(show, sizeof(show), "%s", !c->done ? "no outcome" : c->ok ? "established" : c->err);
		for (k = 0; k < sd->n; k++)
			if (sd->f[k].cat == C_NETWORK && !strcmp(sd->f[k].key, key)) {
				seen = 1;
				/* any connection that worked makes the destination reachable */
				if (c->ok && strcmp(sd->f[k].show, "established")) {
					free(sd->f[k].show);
					free(sd->f[k].cmp);
					sd->f[k].show = gt_xstrdup("established");
					sd->f[k].cmp = gt_xstrdup("established");
				}
			}
		if (!seen)
			add_fact(sd, C_NETWORK, key, show, c->p ? gt_pname(c->p) : NULL, c->p ? c->p->pid : 0, c->line);
	}
}

static void credential_facts(struct side *sd)
{
	struct gt_findings fs;
	size_t i;

	memset(&fs, 0, sizeof(fs));
	gt_an_credential(&sd->m, &fs);
	for (i = 0; i < fs.n; i++) {
		char key[600];
		size_t j, nth = 1;
		if (!strcmp(fs.f[i].id, "credential-git-config"))
			continue; /* which files git read is in the fingerprints */
		for (j = 0; j < i; j++)
			nth += !strcmp(fs.f[j].id, fs.f[i].id);
		snprintf(key, sizeof(key), "%s #%zu", fs.f[i].id, nth);
		add_fact(sd, C_CREDENTIAL, key, fs.f[i].verdict, NULL, fs.f[i].nev ? fs.f[i].ev[0].pid : 0,
			 fs.f[i].nev ? fs.f[i].ev[0].line : 0);
		/* the analyzer found it to be the cause of a failure: nothing weighs more */
		if (fs.f[i].severity == GT_SEV_CAUSE)
			sd->f[sd->n - 1].weight = -1;
	}
	gt_findings_free(&fs);
}

static void library_facts(struct side *sd)
{
	size_t k, j;

	for (k = 0; k < sd->m.nopens; k++) {
		const struct gt_mopen *o = &sd->m.opens[k];
		const char *b = gt_base_name(o->path), *sha;
		char key[300], show[1200];
		int dup = 0;
		if (!o->ok || !o->p || strncmp(b, "lib", 3) || !strstr(b, ".so") ||
		    !strcmp(b, "libgotrace.so") || !strcmp(b, "libgtaudit.so") || strlen(b) > 250)
			continue;
		snprintf(key, sizeof(key), "%s", b);
		for (j = 0; j < sd->n && !dup; j++)
			dup = sd->f[j].cat == C_LIBRARY && !strcmp(sd->f[j].key, key);
		if (dup)
			continue;
		sha = gt_diff_sha_of(&sd->m, o->path);
		snprintf(show, sizeof(show), "%s%s%.12s", o->path, sha ? " sha256:" : "", sha ? sha : "");
		add_fact(sd, C_LIBRARY, key, show, NULL, o->p->pid, o->line);
		sd->f[sd->n - 1].only_both = 1;
		/* /lib and /usr/lib are one directory on Debian: compare by content when known */
		if (sha) {
			free(sd->f[sd->n - 1].cmp);
			sd->f[sd->n - 1].cmp = gt_diff_normalize(sd, o->path);
			sd->f[sd->n - 1].sha = gt_xstrdup(sha);
		}
	}
}

static const struct fact *find(const struct side *sd, enum cat c, const char *key)
{
	size_t i;

	for (i = 0; i < sd->n; i++)
		if (sd->f[i].cat == c && !strcmp(sd->f[i].key, key))
			return &sd->f[i];
	return NULL;
}

/*
 * Files a failed process looked for and found in none of the places it
 * searched: a C header the compiler said was missing (with its failed
 * opens). The other run without such a fact found it, or never looked.
 */
static void lookup_facts(struct side *sd)
{
	size_t i;

	for (i = 0; i < sd->m.nproc; i++) {
		const struct gt_mproc *p = sd->m.procs[i];
		struct gt_missing_hdr mh;
		const char *name = mh.name, *dirs = mh.dirs;
		char key[300], show[4400];
		if (!gt_missing_header(&sd->m, p, &mh))
			continue;
		snprintf(key, sizeof(key), "C header %s", name);
		if (find(sd, C_LOOKUP, key))
			continue;
		snprintf(show, sizeof(show), "not found by %s, which searched %s", gt_pname(p), dirs);
		add_fact(sd, C_LOOKUP, key, show, NULL, p->pid, mh.first->line);
		free(sd->f[sd->n - 1].cmp);
		sd->f[sd->n - 1].cmp = gt_xstrdup("not found");
		sd->f[sd->n - 1].weight = -2; /* a file one run could not find: the likeliest cause */
		sd->f[sd->n - 1].absent = "found, or not looked for (no failed search)";
	}
	/* a shared library ld.so could not find when a program started */
	for (i = 0; i < sd->m.nproc; i++) {
		const struct gt_mproc *p = sd->m.procs[i];
		const char *lib = gt_lib_missing_at_start(&sd->m, p);
		char key[300], show[600];
		if (!lib)
			continue;
		snprintf(key, sizeof(key), "shared library %s", lib);
		if (find(sd, C_LOOKUP, key))
			continue;
		snprintf(show, sizeof(show), "not found by ld.so when %s started (exit 127)", gt_pname(p));
		add_fact(sd, C_LOOKUP, key, show, NULL, p->pid, p->exit_line);
		free(sd->f[sd->n - 1].cmp);
		sd->f[sd->n - 1].cmp = gt_xstrdup("not found");
		sd->f[sd->n - 1].weight = -2;
		sd->f[sd->n - 1].absent = "found, or not looked for (no program stopped for it)";
	}
}

static void host_facts(struct side *sd)
{
	static const char *const keys[] = {"distro", "kernel", "libc", "arch"};
	const struct gt_ev_host *h = sd->m.run->host;
	const char *vals[] = {h ? h->distro : NULL, h ? h->kernel : NULL, h ? h->libc : NULL, h ? h->arch : NULL};
	size_t i;

	for (i = 0; i < GT_ARRAY_SIZE(keys); i++)
		if (vals[i]) {
			add_fact(sd, C_HOST, keys[i], vals[i], NULL, 0, 1);
			sd->f[sd->n - 1].only_both = 1;
		}
}

static int load_side(struct side *sd, const char *path, char *err, size_t errsize)
{
	const struct gt_goconf *c;
	const char *h, *cwd;
	json_t *env = NULL;
	long pid = 0;
	size_t line = 0;

	memset(sd, 0, sizeof(*sd));
	sd->path = path;
	if (gt_model_load(&sd->m, path, err, errsize) < 0)
		return -1;
	cwd = sd->m.run->cwd;
	snprintf(sd->cwd, sizeof(sd->cwd), "%s", cwd ? cwd : "");
	sd->status = sd->m.end ? (int)sd->m.end->status : -1;
	c = gt_goconf(&sd->m);
	if (c->go && c->env) {
		env = c->env;
		pid = c->go->pid;
		line = c->x->line;
	} else if (sd->m.root && sd->m.root->nexecs) {
		env = sd->m.root->execs[0].env;
		pid = sd->m.root->pid;
		line = sd->m.root->execs[0].line;
	}
	h = env ? gt_env_get(env, "HOME") : NULL;
	snprintf(sd->home, sizeof(sd->home), "%s", h ? h : "");
	if (c->go && c->env) {
		toolchain_facts(sd, c);
		config_facts(sd, c);
	}
	cc_facts(sd);
	module_facts(sd);
	if (env)
		env_facts(sd, env, pid, line);
	network_facts(sd);
	credential_facts(sd);
	library_facts(sd);
	lookup_facts(sd);
	host_facts(sd);
	/* the outcome: exit status and the process whose failure made it */
	if (sd->m.root) {
		struct gt_mproc *cu = gt_mproc_failed(sd->m.root) ? gt_culprit(sd->m.root) : NULL;
		sd->culprit = cu;
		if (cu && cu->err.len) {
			size_t n = 0;
			while (n < cu->err.len && gt_text(&cu->err)[n] != '\n' && n < 300)
				n++;
			snprintf(sd->outcome, sizeof(sd->outcome), "exit %d: %s (pid %ld) exited %d: %.*s", sd->status,
				 gt_pname(cu), cu->pid, cu->code, (int)n, gt_text(&cu->err));
		} else if (cu) {
			snprintf(sd->outcome, sizeof(sd->outcome), "exit %d: %s (pid %ld) exited %d", sd->status,
				 gt_pname(cu), cu->pid, cu->code);
		} else {
			snprintf(sd->outcome, sizeof(sd->outcome), "exit %d", sd->status);
		}
	}
	return 0;
}

static void free_side(struct side *sd)
{
	size_t i;

	for (i = 0; i < sd->n; i++) {
		free(sd->f[i].key);
		free(sd->f[i].cmp);
		free(sd->f[i].show);
		free(sd->f[i].src);
		free(sd->f[i].sha);
	}
	free(sd->f);
	gt_model_free(&sd->m);
}


/* ---- comparing ---- */

const char *gt_diff_cat_name(enum cat c)
{
	return cat_names[c];
}

/* A difference's weight: the lower of its two facts'. */
static int diff_weight(const struct gt_diffent *d)
{
	int w = d->a ? d->a->weight : d->b->weight;

	return d->b && d->b->weight < w ? d->b->weight : w;
}

/* The facts that differ, by category: A's in A's order, then B's that A does not have. */
static void collect(struct gt_diff *D)
{
	size_t i, k;
	int c;

	D->d = gt_xcalloc(D->a.n + D->b.n + 1, sizeof(*D->d));
	for (c = 0; c < C_N; c++)
		for (k = 0; k < 2; k++) {
			const struct side *x = k ? &D->b : &D->a, *y = k ? &D->a : &D->b;
			for (i = 0; i < x->n; i++) {
				const struct fact *fx = &x->f[i], *fy;
				if ((int)fx->cat != c)
					continue;
				fy = find(y, fx->cat, fx->key);
				if (k && fy)
					continue; /* compared from A's side */
				if (fy ? (fx->sha && fy->sha ? !strcmp(fx->sha, fy->sha) : !strcmp(fx->cmp, fy->cmp))
				       : fx->only_both)
					continue;
				D->d[D->nd].cat = fx->cat;
				D->d[D->nd].key = fx->key;
				D->d[D->nd].a = k ? NULL : fx;
				D->d[D->nd].b = k ? fx : fy;
				D->nd++;
			}
		}
}

/* By weight, stable: insertion sort keeps the category order within a weight. */
static void sort_by_weight(struct gt_diffent *d, size_t nd)
{
	size_t i, k;

	for (i = 1; i < nd; i++) {
		struct gt_diffent t = d[i];
		int w = diff_weight(&t);
		for (k = i; k > 0 && diff_weight(&d[k - 1]) > w; k--)
			d[k] = d[k - 1];
		d[k] = t;
	}
}

int gt_diff_load(struct gt_diff *D, const char *pa, const char *pb, char *err, size_t errsize)
{
	memset(D, 0, sizeof(*D));
	if (load_side(&D->a, pa, err, errsize) < 0)
		return -1;
	if (load_side(&D->b, pb, err, errsize) < 0) {
		free_side(&D->a);
		return -1;
	}
	collect(D);
	sort_by_weight(D->d, D->nd);
	gt_diff_one_side(&D->a, &D->b, D->onlya, sizeof(D->onlya));
	gt_diff_one_side(&D->b, &D->a, D->onlyb, sizeof(D->onlyb));
	return 0;
}

void gt_diff_free(struct gt_diff *D)
{
	free(D->d);
	free_side(&D->a);
	free_side(&D->b);
	memset(D, 0, sizeof(*D));
}

void gt_diff_programs(const struct gt_diff *D, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s%s%s", D->onlya[0] ? "only in A: " : "", D->onlya,
		 D->onlya[0] && D->onlyb[0] ? "; " : "", D->onlyb[0] ? "only in B: " : "", D->onlyb);
}

static json_t *fact_json(const struct fact *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "value", f ? json_string(f->show) : json_null());
	if (f && f->src)
		json_object_set_new(o, "source", json_string(f->src));
	if (f && f->line && f->pid > 0) {
		json_object_set_new(o, "pid", json_integer(f->pid));
		json_object_set_new(o, "line", json_integer((json_int_t)f->line));
	}
	return o;
}

static void fact_text(struct gt_buf *b, const char *who, const struct fact *f, const struct fact *other)
{
	gt_buf_printf(b, "     %s: %s", who, f ? f->show : other && other->absent ? other->absent : "(not in this run)");
	if (f && f->src)
		gt_buf_printf(b, " — %s", f->src);
	if (f && f->line && f->pid > 0)
		gt_buf_printf(b, "  [pid %ld, line %zu]", f->pid, f->line);
	gt_buf_putc(b, '\n');
}

/* The head of the answer: the two runs, their outcomes, and how many differences. */
static json_t *put_head(const struct gt_diff *D, const char *pa, const char *pb, struct gt_buf *text)
{
	json_t *js = json_object();

	json_object_set_new(js, "diff_version", json_integer(1));
	json_object_set_new(js, "a", json_pack("{s:s, s:i, s:s}", "trace", pa, "status", D->a.status, "outcome", D->a.outcome));
	json_object_set_new(js, "b", json_pack("{s:s, s:i, s:s}", "trace", pb, "status", D->b.status, "outcome", D->b.outcome));
	json_object_set_new(js, "same_outcome", json_boolean(D->a.status == D->b.status));
	gt_buf_printf(text, "gotrace diff\n  A: %s — %s\n  B: %s — %s\n", pa, D->a.outcome, pb, D->b.outcome);
	if (!D->nd) {
		gt_buf_puts(text, "\nno meaningful difference");
		if (D->a.status != D->b.status)
			gt_buf_puts(text, " in what the traces record, yet the outcomes differ");
		gt_buf_puts(text, "\n");
	} else {
		gt_buf_printf(text, "\n%zu difference%s, the most likely cause first:\n", D->nd, D->nd == 1 ? "" : "s");
	}
	return js;
}

/* What the first difference adds: the outcomes when they differ, the programs only one run ran. */
static void put_first(const struct gt_diff *D, struct gt_buf *text, json_t *o)
{
	char o2[2200], o3[2200];

	if (D->a.status != D->b.status) {
		snprintf(o2, sizeof(o2), "A %s; B %s", D->a.outcome, D->b.outcome);
		gt_buf_printf(text, "     outcome: %s\n", o2);
		json_object_set_new(o, "outcome", json_string(o2));
	}
	if (D->onlya[0] || D->onlyb[0]) {
		gt_diff_programs(D, o3, sizeof(o3));
		gt_buf_printf(text, "     programs %s\n", o3);
		json_object_set_new(o, "programs", json_string(o3));
	}
}

/* The differences, as text into TEXT and as the "differences" of JS. */
static void put_diffs(const struct gt_diff *D, struct gt_buf *text, json_t *js)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < D->nd; i++) {
		const struct gt_diffent *d = &D->d[i];
		json_t *o = json_pack("{s:i, s:s, s:s}", "rank", (int)(i + 1), "category", cat_names[d->cat], "key", d->key);
		json_object_set_new(o, "a", fact_json(d->a));
		json_object_set_new(o, "b", fact_json(d->b));
		gt_buf_printf(text, "%2zu. %s: %s\n", i + 1, cat_names[d->cat], d->key);
		fact_text(text, "A", d->a, d->b);
		fact_text(text, "B", d->b, d->a);
		if (i == 0)
			put_first(D, text, o);
		json_array_append_new(arr, o);
	}
	json_object_set_new(js, "differences", arr);
	json_object_set_new(js, "count", json_integer((json_int_t)D->nd));
}

int gt_diff_files(const char *pa, const char *pb, FILE *out, int json, char *err, size_t errsize)
{
	struct gt_diff D;
	struct gt_buf text;
	json_t *js;
	int nd;

	if (gt_diff_load(&D, pa, pb, err, errsize) < 0)
		return -1;
	gt_buf_init(&text);
	js = put_head(&D, pa, pb, &text);
	put_diffs(&D, &text, js);
	json_object_set_new(js, "divergence", json_null());
	gt_diff_divergence(&D.a, &D.b, &text, js);
	if (json) {
		char *s = json_dumps(js, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fprintf(out, "%s\n", s);
		free(s);
	} else {
		gt_tame(&text, 0, text.len); /* nothing from a trace reaches a terminal as a control sequence */
		fputs(gt_buf_cstr(&text), out);
	}
	json_decref(js);
	gt_buf_free(&text);
	nd = (int)D.nd;
	gt_diff_free(&D);
	return nd;
}
