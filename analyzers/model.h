/*
 * The run as the analyzers see it: the header, the end record, and one
 * record per process built from fork, exec, exit and stderr events. Built
 * in one streaming pass over the trace; events themselves are not kept.
 */
#ifndef GT_MODEL_H
#define GT_MODEL_H

#include <jansson.h>
#include <stddef.h>

#include "../common/buf.h"
#include "event.h"

/* One successful exec: a process can run several programs (a toolchain switch). */
struct gt_mexec {
	char *path;     /* as exec'd */
	char *exe;      /* the file that ran (/proc/PID/exe), or NULL */
	struct gt_strv *argv; /* its argv (owned) */
	json_t *env;    /* the environment it started with (object), or NULL if unknown */
	size_t line;    /* trace line of the exec event */
	double t;
	size_t err_at;  /* length of the process's err when this image started: its own stderr follows */
	int linkage;    /* 2: dynamically linked, 1: static (no ELF interpreter), 0: unknown */
	char *interp;   /* the ELF interpreter when dynamic */
	char *rpath;    /* DT_RPATH and DT_RUNPATH of the program, as written ($ORIGIN */
	char *runpath;  /* unexpanded), or NULL when it has none */
};

struct gt_mproc {
	long pid, ppid;
	size_t idx;      /* its place in the model's procs */
	char *name;      /* base name of the last program exec'd; NULL if none */
	char *path;      /* that program as exec'd */
	const struct gt_strv *argv; /* its last exec's argv; NULL when it recorded none (then it has no identity to match across runs) */
	unsigned nexec;  /* successful execs in this process */
	unsigned long events;
	int exited;
	int code;        /* exit code, or -1 when killed by a signal */
	char *signal;    /* signal name when killed */
	double t_start, t_exit;
	struct gt_buf err; /* what it wrote to stderr (first GT_MODEL_ERR_MAX bytes) */
	int err_trunc;
	/*
	 * When err was cut: its last bytes (at most GT_MODEL_ERR_MAX, from a
	 * line start when cut), the line of the last stderr event, and the bytes
	 * the trace itself does not hold (its "skipped").
	 */
	struct gt_buf err_tail;
	size_t err_last_line;
	unsigned long long err_skipped;
	struct gt_mproc *parent;
	struct gt_mproc **child;
	size_t nchild, capchild;
	json_t *env;       /* environment of the current image (inherited on fork) */
	struct gt_mexec *execs; /* successful execs, oldest first */
	size_t nexecs;
	size_t exit_line;
	size_t err_line;   /* trace line of its first stderr event */
	struct gt_buf out; /* standard output, for the programs the tracer keeps it of (pkg-config) */
	/* its last failed exec, when no exec succeeded after it (path NULL: none) */
	struct {
		char *path;
		char err[16];
		size_t line;
		double t;
		int elf;       /* the refused file: 32 or 64 (ELF class), 0 not ELF, -1 not read */
		char *machine; /* its ELF machine ("i386", or the number) */
	} xfail;
	/* the first signal that ends or interrupts another process sent it ("signal" events) */
	long sig_by;       /* its sender's pid, 0 if none */
	char sig_first[16];
	size_t sig_line;
	double sig_t;
	int cancelled;     /* it ended after its parent sent it such a signal (not SIGQUIT): not a failure */
	char *goenv;       /* the GOENV value its environment names, for the open filter */
	char *netrc;       /* the NETRC value it names, likewise */
};

/*
 * Opens the analyzers care about (configuration, module and credential
 * files, by name; a process's own GOENV file); other opens are only counted.
 */
struct gt_mopen {
	struct gt_mproc *p;
	char *path;        /* absolute when the trace had it */
	int ok;
	int creat;         /* opened with O_CREAT */
	int read;          /* opened for reading (O_RDONLY or O_RDWR) and neither created nor truncated:
			      what a claim about a file go read rests on */
	char err[16];
	size_t line;
	double t;
	const char *src;   /* "sys" or "preload" (static storage) */
};

/*
 * An open as the model judges it before keeping it (from the line's text,
 * unparsed): each analyzer says which opens it needs (struct
 * gt_open_need); the model keeps those, and only counts the others.
 */
struct gt_open_view {
	const char *path;  /* as the event has it (not NUL-terminated) */
	size_t len;
	const char *base;  /* its last component */
	size_t blen;
	int failed;        /* the event has an error */
	const struct gt_mproc *p; /* the process, or NULL when unknown */
};
struct gt_open_need {
	const char *who;   /* the analyzers that need them */
	int (*needs)(const struct gt_open_view *o);
};
/* Every analyzer's need (analyzers.c), ending with a NULL who. */
extern const struct gt_open_need gt_open_needs[];

#define GT_MODEL_ERR_MAX 16384

/* A connect, with its outcome once known (connect_done for non-blocking ones). */
struct gt_mconn {
	struct gt_mproc *p;
	int fd;
	char family[8];    /* inet, inet6, unix */
	char addr[108];    /* address, or the unix path */
	int port;
	char host[256];    /* the name it was resolved from, when the trace says */
	int done, ok;
	char err[16];
	size_t line, done_line;
	double t, t_done;
};

/*
 * A failed existence check or change of a path ("fsfail" events of the
 * kernel recorder): go's own (where it looked for a program, a go.work, a
 * directory), and any process's failed mkdir, rename, unlink or rmdir.
 */
struct gt_mfsfail {
	struct gt_mproc *p;
	char *path;        /* absolute when the trace had it */
	char call[16];
	char err[16];
	size_t line;
	double t;
};

/* A DNS message Go's own resolver sent or read (the trace's dns event). */
struct gt_mdns {
	long pid;
	double t;
	size_t line;
	int answer;        /* an answer (else a query) */
	char *name;        /* the question's name; never NULL */
	char qtype[16];    /* "A", "AAAA", ... ("" if none) */
	char rcode[16];    /* answers: "NOERROR", "NXDOMAIN", ... ("" if none) */
	char server[64];   /* the name server's address ("" if none) */
	size_t naddrs;     /* answers: the addresses it gave */
};

/* A name lookup the shim saw return (the trace's resolve event: getaddrinfo, gethostbyname). */
struct gt_mresolve {
	long pid;
	double t;
	size_t line;
	char *host;    /* the name asked for, or NULL */
	char fn[32];   /* the function ("" if the event says none) */
	char err[32];  /* its error ("EAI_NONAME", ...; "" when none) */
	long long ret; /* its return value */
};

struct gt_goconf;

struct gt_model {
	struct gt_ev_run *run; /* the header */
	struct gt_ev_end *end; /* the end record, or NULL when gotrace did not finish */
	size_t limit_line; /* the "limit" line (--max-trace): nothing after it was recorded; 0 if none */
	double limit_t;
	unsigned long long limit_bytes;
	int live;       /* no end record and the gotrace of the header still writes the trace (1), or
			   cannot be checked (-1): reader.h */
	struct gt_mproc **procs;
	size_t nproc, capproc;
	struct gt_mproc *root;
	unsigned long events;
	double t_last;
	/* pid -> current process with that pid */
	struct gt_mproc **map;
	size_t mapcap;
	struct gt_mopen *opens;
	size_t nopens, capopens;
	struct gt_mconn *conns;
	size_t nconns, capconns;
	struct gt_mfsfail *fsfails;
	size_t nfsfails, capfsfails;
	int fsfail_recorded; /* the trace records failed path calls (its opens are recorded in the kernel) */
	struct gt_ev_stall **stalls; /* the stall events, in order */
	size_t nstalls, capstalls;
	struct gt_mdns *dns; /* the dns events with a name, in order */
	size_t ndns, capdns;
	struct gt_ev_ld_search **ldsearch; /* the LD_AUDIT library's ld_search events, in order */
	size_t nldsearch, capldsearch;
	struct gt_ev_dlopen **dlopens; /* the shim's dlopen events, in order */
	size_t ndlopens, capdlopens;
	struct gt_ev_ptrace **ptraces; /* ptrace TRACEME/ATTACH/SEIZE events, in order */
	size_t nptraces, capptraces;
	struct gt_ev_seccomp_listener **listeners; /* seccomp_listener events, in order */
	size_t nlisteners, caplisteners;
	struct gt_mresolve *resolves; /* the shim's resolve events, in order */
	size_t nresolves, capresolves;
	struct gt_ev_notfound *notfound; /* the command was not found on PATH: its "notfound" event, or NULL */
	/* fingerprint events, by path (gt_model_fingerprint): the last one for each path */
	struct gt_ev_fingerprint **fps;
	size_t nfps, capfps;
	struct gt_cfcache *cfcache; /* settings.h */
	char *path;     /* the trace file */
	struct gt_goconf *goconf; /* the main go's configuration (goconf.h), made at load */
};

/* The text of B, "" when nothing was ever written to it (its pointer is NULL then). */
static inline const char *gt_text(const struct gt_buf *b)
{
	return b->p ? b->p : "";
}

/* Build the model of the trace at PATH; -1 with a one-line reason in ERR. */
int gt_model_load(struct gt_model *m, const char *path, char *err, size_t errsize);
/* Release everything the model holds. */
void gt_model_free(struct gt_model *m);
/* The fingerprint event of PATH (the last one), or NULL when the trace has none. */
const struct gt_ev_fingerprint *gt_model_fingerprint(const struct gt_model *m, const char *path);
/* What the trace recorded of credential file PATH when the run ended (its mode, its netrc entries), or NULL. */
const struct gt_ev_fingerprint *gt_model_cred_file(const struct gt_model *m, const char *path);
/* The process that had PID at time T (a pid the kernel reused is several processes), or NULL. */
struct gt_mproc *gt_model_proc_at(const struct gt_model *m, long pid, double t);
/* The process that currently has PID, or NULL. */
struct gt_mproc *gt_model_proc(const struct gt_model *m, long pid);
/* The last component of PATH (PATH itself when it has no slash). */
const char *gt_base_name(const char *path);
/* Value of NAME in environment ENV (object), or NULL. */
const char *gt_env_get(const json_t *env, const char *name);
/* Whether P failed: non-zero exit code or killed by a signal. */
int gt_mproc_failed(const struct gt_mproc *p);

#endif
