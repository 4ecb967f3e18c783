/*
 * Reading a trace file: one JSON object a line, checked as it is read. A
 * trace is accepted only whole: a missing, empty, foreign, newer or cut
 * file is an error with one line of explanation, so nothing is reported
 * from half a trace. A live trace (its gotrace still writing it) is read
 * as far as its last whole line.
 *
 * Most of a trace is open events that most consumers only count, so an
 * event arrives with its kind, time and pid read from the line's fixed
 * prefix (gotrace writes them first, in that order), and the whole object
 * is parsed only when the consumer asks for it (gt_event_json). Lines in
 * another layout are parsed whole at once.
 */
#ifndef GT_READER_H
#define GT_READER_H

#include <jansson.h>
#include <stddef.h>

#include "event.h"

struct gt_event {
	char ev[24];     /* kind */
	double t;
	long pid;
	size_t line;     /* counting from 1 (the run header) */
	const char *text; /* the line, without its newline */
	size_t len;
	json_t *json;    /* parsed on demand; owned by the reader */
	enum gt_ev_kind kind; /* GT_EV_NKINDS: a kind this gotrace does not know */
	void *rec;       /* its struct gt_ev_KIND, decoded on demand (gt_event_rec); owned by the reader */
	const char *path; /* the trace file, for error messages */
	char *err;       /* where gt_event_json reports a parse error */
	size_t errsize;
	/*
	 * 1: the gotrace that wrote the header still has the file open for
	 * writing (read from /proc as the trace is read): a line it has not
	 * finished is left out, not an error; 0: it does not; -1: cannot tell
	 * (its /proc entries are another user's).
	 */
	int live;
};

/*
 * The longest line read: an exec event's argv and environment are at most
 * 1 MiB each as the program had them, up to six times that as JSON.
 */
#define GT_TRACE_LINE_MAX (64 << 20)

/* The event as a JSON object, or NULL (reason in the reader's error) when it does not parse. */
json_t *gt_event_json(struct gt_event *e);

/*
 * The event as its struct gt_ev_KIND (e->kind; GT_EV_NKINDS, a kind this
 * gotrace does not know, gives the fields every event has), decoded once;
 * NULL (reason in the reader's error) when the line does not parse.
 * gt_event_take gives it to the caller, to release with gt_rec_free.
 */
void *gt_event_rec(struct gt_event *e);
/* The kind of the struct gt_event_rec gives (for gt_rec_free). */
enum gt_ev_kind gt_event_kind(const struct gt_event *e);
void *gt_event_take(struct gt_event *e);

/* Called for each event. Non-zero stops reading; -1 means an error was reported. */
typedef int (*gt_event_fn)(struct gt_event *e, void *arg);

struct stat;
/* Whether process PID has the file ST open for writing: 1, 0, or -1 when /proc does not tell. */
int gt_trace_writer(long pid, const struct stat *st);

/*
 * Stream the events of PATH to FN. Returns 0, or -1 with a one-line reason
 * (naming PATH) in ERR.
 */
int gt_read_trace(const char *path, gt_event_fn fn, void *arg, char *err, size_t errsize);

#endif
