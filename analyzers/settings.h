/*
 * The Go settings of a configuration file the run's go read (a go env
 * file, go.mod, go.work): as the trace recorded them when the run ended
 * (the fingerprint's "settings"), so a report says the same on every
 * machine; for a trace made before gotrace recorded them, read from the
 * file when the report is made, and marked so.
 */
#ifndef GT_SETTINGS_H
#define GT_SETTINGS_H

#include "model.h"
#include "../common/goset.h"

enum gt_cfstate {
	GT_CF_RECORDED, /* the trace holds the file's settings */
	GT_CF_GONE,     /* the trace says the file could not be read when the run ended */
	GT_CF_AFTER,    /* the trace has none: read when the report was made */
	GT_CF_UNKNOWN,  /* the trace has none and the file cannot be read here */
};

struct gt_cfile {
	char *path;
	enum gt_cfstate state;
	struct gt_gosets s;
};

/* The settings of file PATH of kind K (GT_GS_NONE: by its name); never NULL. */
const struct gt_cfile *gt_model_settings(const struct gt_model *m, const char *path, enum gt_gsfile k);
/* The setting NAME of PATH (the last one of that name), or NULL; *CF set to the file's record when CF. */
const struct gt_goset *gt_model_setting(const struct gt_model *m, const char *path, const char *name,
					const struct gt_cfile **cf);
/* How the lines of CF are known, for evidence: "as the trace recorded it" or "read after the run". */
const char *gt_cf_when(const struct gt_cfile *cf);
/*
 * The Go version of the go binary at EXE: as the trace recorded it (its build information), into OUT;
 * else, for a trace without it, the first line of ROOT/VERSION read now (ROOT may be NULL). Returns
 * how it is known ("recorded", "read after the run") or NULL when it is not.
 */
const char *gt_model_goversion(const struct gt_model *m, const char *exe, const char *root, char *out, size_t size);
/* Release what the model's settings cache holds (gt_model_free does). */
void gt_settings_free(struct gt_model *m);

#endif
