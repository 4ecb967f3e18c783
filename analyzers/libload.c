/*
 * Libraries loaded while programs run, beyond their start: dlopen (from
 * the shim's events, with dlerror's text), glibc's NSS modules (loaded
 * inside getaddrinfo without a dlopen call, seen in ld.so's opens), and
 * whether a program go built and ran is static or dynamic.
 */
#include "analyzers.h"
#include "libsearch.h"
#include "../common/files.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shim's dlopen events that failed: the name, dlerror's text, the search, what is on disk. */
/* The program PID ran at trace line LINE. */
static const char *image_at(const struct gt_mproc *p, size_t line)
{
	size_t k;

	for (k = p->nexecs; k-- > 0;)
		if (p->execs[k].line < line)
			return p->execs[k].path;
	return gt_pname(p);
}

/*
 * Whether dlopen I failed before in its process with the same name (one
 * finding per process and name); into *AFTER the line of that process's
 * dlopen before I, where I's search starts (0 when none).
 */
static int dlopen_again(const struct gt_model *m, size_t i, size_t *after)
{
	const struct gt_ev_dlopen *ev = m->dlopens[i];
	size_t j;
	int again = 0;

	*after = 0;
	for (j = 0; j < i; j++) {
		const struct gt_ev_dlopen *e2 = m->dlopens[j];
		if (e2->pid != ev->pid)
			continue;
		*after = e2->line;
		if (e2->name && !strcmp(e2->name, ev->name) && !e2->ok)
			again = 1;
	}
	return again;
}

static void dlopens(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, j;

	for (i = 0; i < m->ndlopens; i++) {
		const struct gt_ev_dlopen *ev = m->dlopens[i];
		const char *name = ev->name, *err = ev->error;
		long pid = ev->pid;
		size_t line = ev->line, after;
		double t = ev->t;
		const struct gt_mproc *p = NULL;
		const struct gt_mopen *first;
		struct gt_finding *f;
		char dirs[2048], key[600];
		unsigned n;
		int cause;

		if (ev->ok || !name || dlopen_again(m, i, &after))
			continue;
		for (j = 0; j < m->nproc; j++)
			if (m->procs[j]->pid == pid && m->procs[j]->t_start <= t)
				p = m->procs[j];
		if (!p)
			continue;
		/*
		 * The program failed and said so: this is why. Only the image that
		 * called dlopen counts, and only if it is the one that exited: a
		 * shell script's `enable -f x.so 2>/dev/null` before `exec python`
		 * explains nothing about python's exit.
		 */
		snprintf(key, sizeof(key), "%s", name);
		cause = gt_mproc_failed(p) && p->nexecs && p->execs[p->nexecs - 1].line < line &&
			p->err.len > p->execs[p->nexecs - 1].err_at &&
			memmem(gt_text(&p->err) + p->execs[p->nexecs - 1].err_at, p->err.len - p->execs[p->nexecs - 1].err_at,
			       key, strlen(key));
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, cause ? GT_SEV_CAUSE : GT_SEV_WARNING,
				   "library-dlopen", "dlopen(\"%s\") failed in %s (pid %ld)", name, image_at(p, line), pid);
		f->t = t;
		gt_finding_evidence(f, GT_AT(pid, t, line), "dlerror: %s", err ? err : "(none)");
		if (strchr(name, '/')) {
			gt_finding_evidence(f, GT_AT(pid, t, line), "the name has a slash: ld.so opens that file and searches nothing");
			continue;
		}
		n = gt_lib_tries(m, p, name, after, line, dirs, sizeof(dirs), &first);
		if (n)
			gt_finding_evidence(f, GT_AT(pid, first->t, first->line),
					    "ld.so tried %u paths in: %s; first: %s (%s)", n, dirs, first->path,
					    first->err);
		gt_lib_origins(m, p, name, after, line, f);
		if (err && strstr(err, "No such file")) {
			struct gt_tdirs td;
			char st[300];
			gt_tdirs_fill(m, p, &td);
			snprintf(st, sizeof(st), "%.*s", (int)gt_lib_stem_len(name), name);
			gt_lib_on_disk(f, st, name, gt_lib_proc_class(p), &td, GT_FOR_RUN);
		}
		if (cause)
			gt_finding_evidence(f, GT_AT(pid, p->t_exit, p->exit_line), "exit %d", p->code);
	}
}

/* The dlopens that worked, one finding per process: name and the file loaded. */
/* A dlopen every build makes by design: the linker loading gcc's LTO plugin. */
static int routine_dlopen(const struct gt_ev_dlopen *ev)
{
	return ev->name && !strncmp(gt_base_name(ev->name), "liblto_plugin.so", 16);
}

static void dlopens_ok(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, j;

	for (i = 0; i < m->ndlopens; i++) {
		const struct gt_ev_dlopen *ev = m->dlopens[i];
		long pid = ev->pid;
		char list[2048] = "";
		struct gt_finding *f;
		const struct gt_mproc *p;
		unsigned n = 0;
		int earlier = 0;
		if (!ev->ok || routine_dlopen(ev))
			continue;
		for (j = 0; j < m->ndlopens; j++) {
			const struct gt_ev_dlopen *ev2 = m->dlopens[j];
			const char *name = ev2->name, *file = ev2->file;
			char one[1200];
			if (ev2->pid != pid || !ev2->ok || !name || routine_dlopen(ev2))
				continue;
			if (j < i) {
				earlier = 1; /* this process has its finding already */
				break;
			}
			snprintf(one, sizeof(one), "%s%s%s", name, file && strcmp(file, name) ? " → " : "",
				 file && strcmp(file, name) ? file : "");
			if (strstr(list, one))
				continue;
			n++;
			if (strlen(list) + strlen(one) + 3 < sizeof(list))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 list[0] ? ", " : "", one);
		}
		if (earlier)
			continue;
		p = gt_model_proc(m, pid);
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-dlopen-ok",
				   "%s (pid %ld) loaded %u librar%s with dlopen: %s", p ? gt_pname(p) : "?", pid,
				   n, n == 1 ? "y" : "ies", list);
		f->t = ev->t;
		gt_finding_evidence(f, GT_AT(pid, f->t, ev->line), "first: dlopen(\"%s\")",
				    ev->name ? ev->name : "NULL");
	}
}

/*
 * Whether a lookup of P that the database DB ("hosts", "passwd", ... the
 * nsswitch.conf line naming the module) answers failed: for hosts, a
 * getaddrinfo or gethostbyname the shim saw return an error, or P failed
 * saying it could not resolve a name; for passwd and group, P failed
 * saying a user or group was unknown. Other databases (Debian names db for
 * protocols, services, ethers, rpc on every system): never.
 */
static int lookup_failed(const struct gt_model *m, const struct gt_mproc *p, const char *db)
{
	static const char *const hosts[] = {"Could not resolve", "could not resolve", "Name or service not known",
					    "Temporary failure in name resolution"};
	static const char *const users[] = {"unknown user", "No user exists", "No such user", "getpwuid",
					    "unknown group", "No such group"};
	int h = !strcmp(db, "hosts"), u = !strcmp(db, "passwd") || !strcmp(db, "group");
	const char *const *w = h ? hosts : users;
	size_t i, n = h ? GT_ARRAY_SIZE(hosts) : GT_ARRAY_SIZE(users);

	if (!h && !u)
		return 0;
	if (h)
		for (i = 0; i < m->nresolves; i++)
			if (m->resolves[i].pid == p->pid && m->resolves[i].ret != 0)
				return 1;
	if (!gt_mproc_failed(p))
		return 0;
	for (i = 0; i < n; i++)
		if (memmem(gt_text(&p->err), p->err.len, w[i], strlen(w[i])))
			return 1;
	return 0;
}

/*
 * The lines of nsswitch.conf at PATH (read after the run) that name module
 * file B (libnss_NAME.so.2): the first one's number into AT, their
 * databases into DB ("protocols/services").
 */
static void nss_line(const char *path, const char *b, long *at, char *db, size_t size)
{
	char mod[256], line[1024];
	long ln = 0;
	FILE *cf = gt_fopen_text(path, GT_TEXT_MAX);
	size_t l;

	*at = 0;
	db[0] = 0;
	snprintf(mod, sizeof(mod), "%.*s", (int)(strstr(b, ".so") - b - 7), b + 7);
	l = strlen(mod);
	while (cf && l && fgets(line, sizeof(line), cf)) {
		char *c = line, *colon = strchr(line, ':');
		ln++;
		if (line[0] == '#' || !colon)
			continue;
		for (c = colon; (c = strstr(c, mod)); c += l)
			if (strchr(" \t:", c[-1]) && strchr(" \t\n[", c[l] ? c[l] : ' ')) {
				if (!*at)
					*at = ln;
				if (strlen(db) + (size_t)(colon - line) + 2 < size)
					snprintf(db + strlen(db), size - strlen(db), "%s%.*s", db[0] ? "/" : "",
						 (int)(colon - line), line);
				break;
			}
	}
	if (cf)
		fclose(cf);
}

/* Whether a lookup of P failed in one of the databases DBS ("protocols/hosts"). */
static int lookups_failed(const struct gt_model *m, const struct gt_mproc *p, const char *dbs)
{
	char one[64];

	while (*dbs) {
		size_t n = strcspn(dbs, "/");
		snprintf(one, sizeof(one), "%.*s", (int)(n < sizeof(one) ? n : sizeof(one) - 1), dbs);
		if (lookup_failed(m, p, one))
			return 1;
		dbs += n + (dbs[n] == '/');
	}
	return 0;
}

/*
 * glibc's NSS modules (libnss_NAME.so.2), loaded inside getaddrinfo and
 * getpwnam without a dlopen call: from ld.so's opens in each process.
 */
static void nss(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_mproc **with = gt_xcalloc(m->nproc + 1, sizeof(*with));
	size_t i, k, j, nwith = 0;

	/* the processes that opened an NSS module, once each, in the order of their first such open */
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		if (!o->p || strncmp(gt_base_name(o->path), "libnss_", 7))
			continue;
		for (j = 0; j < nwith && with[j] != o->p; j++)
			;
		if (j == nwith && nwith < m->nproc)
			with[nwith++] = o->p;
	}
	for (i = 0; i < nwith; i++) {
		const struct gt_mproc *p = with[i];
		char loaded[1024] = "", seen[1024] = " ";
		const struct gt_mopen *first_ok = NULL, *conf = NULL;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			const char *b = gt_base_name(o->path);
			char key[300], dirs[1024], db[256];
			const struct gt_mopen *first;
			struct gt_finding *f;
			int ok = 0, warn;
			long at = 0;
			if (o->p != p)
				continue;
			if (o->ok && !strcmp(o->path, "/etc/nsswitch.conf"))
				conf = o;
			if (strncmp(b, "libnss_", 7) || !strstr(b, ".so") || strlen(b) > 250)
				continue;
			snprintf(key, sizeof(key), " %s ", b);
			if (strstr(seen, key))
				continue;
			if (strlen(seen) + strlen(key) < sizeof(seen))
				strcat(seen, key + 1);
			for (j = k; j < m->nopens && !ok; j++)
				if (m->opens[j].p == p && m->opens[j].ok && !strcmp(gt_base_name(m->opens[j].path), b)) {
					ok = 1;
					if (!first_ok)
						first_ok = &m->opens[j];
					if (strlen(loaded) + strlen(m->opens[j].path) + 3 < sizeof(loaded))
						snprintf(loaded + strlen(loaded), sizeof(loaded) - strlen(loaded),
							 "%s%s", loaded[0] ? ", " : "", m->opens[j].path);
				}
			if (ok)
				continue;
			/*
			 * ld.so looked everywhere and found no such module; glibc goes on
			 * to the next source. A warning only when the database whose line
			 * names it (nsswitch.conf, read after the run) answered a lookup of
			 * this process that failed: else information.
			 */
			db[0] = 0;
			if (conf)
				nss_line(conf->path, b, &at, db, sizeof(db));
			warn = db[0] && lookups_failed(m, p, db);
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, warn ? GT_SEV_WARNING : GT_SEV_INFO, "library-nss-missing",
					   "NSS module %s is not installed: %s (pid %ld) skipped that source "
					   "for its %s lookups%s", b, gt_pname(p), p->pid, db[0] ? db : "",
					   warn ? ", and one failed" : "");
			f->t = o->t;
			if (conf)
				gt_finding_evidence(f,
						    GT_AT_FILE(p->pid, conf->t, conf->line, at ? conf->path : NULL, at),
						    "%s read%s", conf->path, at ? "; this line names the module" : "");
			gt_lib_tries(m, p, b, 0, (size_t)-1, dirs, sizeof(dirs), &first);
			gt_finding_evidence(f, GT_AT(p->pid, o->t, o->line), "ld.so tried: %s (first: %s, %s)", dirs,
					    first ? first->path : o->path, o->err);
			gt_finding_fix(f, "install the package that provides %s, or remove the source from "
					  "/etc/nsswitch.conf", b);
		}
		if (first_ok) {
			struct gt_finding *f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-nss",
							      "%s (pid %ld) loaded NSS modules: %s",
							      gt_pname(p), p->pid, loaded);
			f->t = first_ok->t;
			gt_finding_evidence(f, GT_AT(p->pid, first_ok->t, first_ok->line), "opened %s", first_ok->path);
		}
	}
	free(with);
}

/* A user's program go built and ran (go run, go test): how it is linked. */
static int built_program(const struct gt_mproc *p)
{
	const struct gt_mproc *go = p->parent;
	const char *path = p->nexecs ? p->execs[p->nexecs - 1].path : NULL, *cache;
	size_t n = path ? strlen(path) : 0;

	if (!path || !go || !go->nexecs || !gt_exec_is_go(&go->execs[go->nexecs - 1]))
		return 0;
	/* in go's work directory ($WORK/b001/exe/x, x.test), or linked into the build cache (go run) */
	if (strstr(path, "/go-build") && (strstr(path, "/exe/") || (n > 5 && !strcmp(path + n - 5, ".test"))))
		return 1;
	cache = gt_env_get(go->env, "GOCACHE");
	return (cache && cache[0] == '/' && !strncmp(path, cache, strlen(cache)) && path[strlen(cache)] == '/') ||
	       (strstr(path, "/go-build/") && strstr(path, "-d/"));
}

static void programs(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const struct gt_mexec *x;
		struct gt_finding *f;
		char libs[2048] = "";
		unsigned n = 0;
		if (!built_program(p))
			continue;
		x = &p->execs[p->nexecs - 1];
		if (x->linkage == 1) {
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-static",
					   "%s is statically linked: no shared library was searched for or "
					   "loaded when it ran (LD_LIBRARY_PATH and rpaths play no part)",
					   gt_base_name(x->path));
			gt_finding_evidence(f, GT_AT(p->pid, x->t, x->line), "exec %s: no ELF interpreter", x->path);
			f->t = x->t;
			continue;
		}
		if (x->linkage != 2)
			continue;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			if (o->p != p || !o->ok || o->line < x->line || strncmp(gt_base_name(o->path), "lib", 3) ||
			    !strstr(gt_base_name(o->path), ".so") || !strcmp(gt_base_name(o->path), "libgotrace.so") ||
			    !strcmp(gt_base_name(o->path), "libgtaudit.so") || strstr(libs, o->path))
				continue; /* gotrace's own, and the audit library's copy of libc */
			n++;
			if (strlen(libs) + strlen(o->path) + 8 < sizeof(libs))
				snprintf(libs + strlen(libs), sizeof(libs) - strlen(libs), "%s%s",
					 libs[0] ? ", " : "", o->path);
		}
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-dynamic",
				   "%s is dynamically linked (%s); ld.so loaded %u librar%s%s%s",
				   gt_base_name(x->path), x->interp, n, n == 1 ? "y" : "ies", n ? ": " : "", libs);
		gt_finding_evidence(f, GT_AT(p->pid, x->t, x->line), "exec %s: interpreter %s", x->path, x->interp);
		f->t = x->t;
	}
}

static const struct gt_rule rules[] = {
	{"library-dlopen", "a dlopen that failed, dlerror's text and the directories ld.so tried", dlopens},
	{"library-dlopen-ok", "the file a dlopen loaded", dlopens_ok},
	{"library-nss library-nss-missing", "the NSS modules glibc loaded, or looked for in vain", nss},
	{"library-dynamic library-static", "whether each program go ran has an ELF interpreter", programs},
};

void gt_an_libload(const struct gt_model *m, struct gt_findings *fs)
{
	gt_rules_run(rules, GT_ARRAY_SIZE(rules), m, fs);
}
