/*
 * What the analyzers share about the go command of a run: which processes
 * are go, which GOROOT it used, and where each Go setting came from
 * (docs/facts.md, "Where GOROOT comes from" and "The order of Go's
 * settings").
 */
#ifndef GT_GOCONF_H
#define GT_GOCONF_H

#include <jansson.h>

#include "model.h"

/* Whether exec X ran the go command (go, go1.X.Y), the telemetry child excluded. */
int gt_exec_is_go(const struct gt_mexec *x);
/* Whether exec X is go's telemetry child (argv[1] "** telemetry **"). */
int gt_exec_is_telemetry(const struct gt_mexec *x);
/* The go process the user ran: the root when it is go, else the first go. */
struct gt_mproc *gt_main_go(const struct gt_model *m);
/* The GOROOT a go binary at EXE derives from its own location (malloc'd). */
char *gt_goroot_of_exe(const char *exe);
/* First line of ROOT/VERSION ("go1.26.8"), read now; malloc'd or NULL. */
char *gt_goroot_version(const char *root);
/* For a tool exec'd from ROOT/pkg/tool/OS_ARCH/NAME: ROOT (malloc'd) and NAME. */
char *gt_tool_goroot(const char *path, const char **name);

/* A go env file (user file or $GOROOT/go.env): its lines as the trace recorded them (settings.h). */
struct gt_envfile {
	char *path;
	int state;         /* GT_FILE_* */
	size_t open_line;  /* trace line of the open that shows its state, 0 if none */
	long open_pid;
	double open_t;
	struct gt_envline { char *name, *value; long line; int secret; } *v; /* value redacted; secret: how many parts were */
	size_t n;
	int after;         /* the trace has no record of its lines: read when the report was made */
};
enum { GT_FILE_UNKNOWN, GT_FILE_ABSENT, GT_FILE_READ, GT_FILE_OFF };

enum gt_source { GT_SRC_ENV, GT_SRC_USER, GT_SRC_GOROOT, GT_SRC_DEFAULT, GT_SRC_UNKNOWN };

struct gt_setting {
	const char *name;
	const char *value;     /* effective value, NULL when unset everywhere (default) */
	enum gt_source src;
	long line;             /* in the file of SRC */
	/* a value the environment overrode */
	const char *shadowed;
	enum gt_source shadowed_src;
	long shadowed_line;
};

/* Everything known about the main go's configuration. */
struct gt_goconf {
	struct gt_mproc *go;       /* NULL: no go process in the trace */
	const struct gt_mexec *x;  /* its first exec: the user's environment */
	json_t *env;               /* that environment, NULL when not recorded */
	struct gt_envfile user;    /* the user go env file */
	struct gt_envfile goenv;   /* $GOROOT/go.env */
	char *goroot;              /* effective GOROOT */
	enum gt_source goroot_src; /* GT_SRC_DEFAULT here means: from the binary's location */
	long goroot_line;
	char *exe_goroot;          /* what the binary's location gives */
	json_t *own_env;           /* the environment, when this one owns it (gt_goconf_live) */
};

/* Build from a model just loaded (gt_model_load does), and release. */
struct gt_goconf *gt_goconf_new(const struct gt_model *m);
void gt_goconf_free(struct gt_goconf *c);
/*
 * The configuration go would use now, from ENVIRON and the files as they
 * are (GOROOT from the go first on PATH when unset): for probe, with the
 * files' values unredacted; free with gt_goconf_free. No go process.
 */
struct gt_goconf *gt_goconf_live(char **environ_);
/* The model's go configuration. */
const struct gt_goconf *gt_goconf(const struct gt_model *m);
/* Effective value and source of NAME for the main go. */
void gt_goconf_setting(const struct gt_goconf *c, const char *name, struct gt_setting *s);
/* "the environment", "the user go env file /x/env:3", "$GOROOT/go.env (/usr/local/go/go.env:2)" ... */
char *gt_source_text(const struct gt_goconf *c, enum gt_source src, long line);
/* The open of PATH by any process (the first), or NULL. */
const struct gt_mopen *gt_model_find_open(const struct gt_model *m, const char *path);

/* The Go settings that change what is built, most weighty first; GOCACHE is not one. */
extern const char *const gt_go_settings[];
extern const size_t gt_go_nsettings;
/* Whether environment variable NAME, not a Go setting, changes what go or its children do. */
int gt_env_matters(const char *name);

/* The open of the file the process's GOENV or NETRC names: the model keeps it (gt_open_needs). */
struct gt_open_view;
int gt_goconf_needs_open(const struct gt_open_view *o);

#endif
