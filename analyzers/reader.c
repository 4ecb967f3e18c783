/*
 * Streaming trace reader. Each line is parsed on its own, so memory stays
 * bounded by the longest event, not by the trace.
 */
#include "reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gt_read_trace(const char *path, gt_event_fn fn, void *arg, char *err, size_t errsize)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = -1;

	if (!f) {
		snprintf(err, errsize, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		json_error_t jerr;
		json_t *ev;
		const char *kind;

		lineno++;
		if (n == 0 || line[n - 1] != '\n') {
			snprintf(err, errsize, "%s: truncated at line %zu (the run did not finish writing it)",
				 path, lineno);
			goto out;
		}
		ev = json_loadb(line, (size_t)n, 0, &jerr);
		if (!ev || !json_is_object(ev)) {
			json_decref(ev);
			if (lineno == 1)
				snprintf(err, errsize, "%s: not a gotrace trace", path);
			else
				snprintf(err, errsize, "%s: corrupt at line %zu: %s", path, lineno, jerr.text);
			goto out;
		}
		kind = json_string_value(json_object_get(ev, "ev"));
		if (lineno == 1) {
			json_t *v = json_object_get(ev, "version");
			if (!kind || strcmp(kind, "run") || !json_is_integer(v)) {
				json_decref(ev);
				snprintf(err, errsize, "%s: not a gotrace trace", path);
				goto out;
			}
			if (json_integer_value(v) != 1) {
				snprintf(err, errsize,
					 "%s: trace format version %lld is not supported (this gotrace reads version 1)",
					 path, (long long)json_integer_value(v));
				json_decref(ev);
				goto out;
			}
		} else if (!kind) {
			json_decref(ev);
			snprintf(err, errsize, "%s: corrupt at line %zu: no \"ev\" field", path, lineno);
			goto out;
		}
		if (fn(ev, lineno, arg)) {
			json_decref(ev);
			break;
		}
		json_decref(ev);
	}
	if (ferror(f)) {
		snprintf(err, errsize, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (lineno == 0) {
		snprintf(err, errsize, "%s: empty file, not a gotrace trace", path);
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}
