/*
 * Findings: what the analyzers conclude, each resting on events of the
 * trace. A finding has a subject, a severity, a one-line verdict, the
 * evidence (trace lines, and file:line where a configuration file is
 * involved) and a fix when one exists. The report orders them: causes of
 * the failure first, then warnings, then information.
 */
#ifndef GT_FINDING_H
#define GT_FINDING_H

#include <stddef.h>

#include "model.h"

enum gt_subject {
	GT_SUBJ_TOOLCHAIN,
	GT_SUBJ_CONFIG,
	GT_SUBJ_NETWORK,
	GT_SUBJ_LIBRARY,
	GT_SUBJ_CREDENTIAL,
	GT_SUBJ_FAILURE,
	GT_SUBJ_TRACER, /* gotrace itself changed what the command did */
};

enum gt_severity {
	GT_SEV_CAUSE,   /* the cause of the command's failure */
	GT_SEV_WARNING, /* wrong or risky, whether or not it failed */
	GT_SEV_INFO,    /* what was used, and where it came from */
};

struct gt_evidence {
	long pid;         /* 0 when not about a process */
	double t;
	size_t line;      /* trace line; 0 when the evidence is a file read after the run */
	char *file;       /* a configuration file, or NULL */
	long file_line;   /* line in FILE, 0 if none */
	char *text;       /* what this piece of evidence shows */
};

struct gt_finding {
	enum gt_subject subject;
	enum gt_severity severity;
	char *id;         /* stable name of the rule ("goroot-mismatch") */
	char *verdict;
	char *fix;        /* NULL when there is none */
	char *see;        /* id of the finding that explains this one, or NULL */
	struct gt_evidence *ev;
	size_t nev;
	double t;         /* when it happened, for ordering within a severity */
};

struct gt_findings {
	struct gt_finding *f;
	size_t n, cap;
};

/* Add a finding; the verdict is printf-formatted. */
struct gt_finding *gt_finding_add(struct gt_findings *fs, enum gt_subject subj,
				  enum gt_severity sev, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * S as one shell word, for a fix command built from trace data: as is when
 * it holds only safe characters, else in single quotes. Into OUT (SIZE).
 */
const char *gt_sh_word(const char *s, char *out, size_t size);
void gt_finding_fix(struct gt_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Where a piece of evidence is: trace line LINE (at T) of process PID, and the line of a FILE it quotes. */
struct gt_at {
	long pid;
	double t;
	size_t line;
	const char *file; /* NULL: none */
	long file_line;
};
#define GT_AT(pid, t, line) ((struct gt_at){(pid), (t), (line), NULL, 0})
#define GT_AT_FILE(pid, t, line, file, file_line) ((struct gt_at){(pid), (t), (line), (file), (file_line)})
/* Evidence at AT. */
void gt_finding_evidence(struct gt_finding *f, struct gt_at at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Evidence in no line of the trace: a setting, or what was read after the run (the text says which). */
void gt_finding_note(struct gt_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sort: causes first, then warnings, then information; stable within each. */
void gt_findings_sort(struct gt_findings *fs);
/* The finding with ID, or NULL. */
const struct gt_finding *gt_findings_get(const struct gt_findings *fs, const char *id);
void gt_findings_free(struct gt_findings *fs);

const char *gt_subject_name(enum gt_subject s);
const char *gt_severity_name(enum gt_severity s);

/* Every analyzer, in the order they run (analyzers.c). */
struct gt_analyzer {
	const char *name;
	void (*run)(const struct gt_model *m, struct gt_findings *fs);
};
extern const struct gt_analyzer gt_analyzers[];
/* Run them all on M. */
void gt_analyze(const struct gt_model *m, struct gt_findings *fs);

#endif
