/*
 * The report: what the run did and, when it failed, which process failed
 * first and what it said. Printed after every traced run (unless -q) and by
 * `gotrace report`.
 */
#ifndef GT_REPORT_H
#define GT_REPORT_H

#include <stdio.h>

/* Report on the trace at PATH to OUT; -1 with a one-line reason in ERR. */
int gt_report_file(const char *path, FILE *out, char *err, size_t errsize);
/* After a traced run: the report, or one line saying why there is none. */
void gt_report_after_run(const char *path, FILE *out);
/* The same, as JSON findings when JSON is set (docs/report-format.md). */
/* Report flags: JSON instead of text; verbose text (every finding and all its evidence). */
#define GT_REPORT_JSON 1
#define GT_REPORT_VERBOSE 2
#define GT_REPORT_COLOR 4   /* colour whatever the output is */
#define GT_REPORT_NOCOLOR 8 /* never colour (default: a terminal, NO_COLOR unset) */
int gt_report_file_opts(const char *path, FILE *out, int flags, char *err, size_t errsize);
void gt_report_after_run_opts(const char *path, FILE *out, int flags);

#include <jansson.h>
struct gt_model;
struct gt_findings;
/* The JSON report (docs/report-format.md) of model M, read from PATH, with its findings FS. */
json_t *gt_report_json(const struct gt_model *m, const char *path, const struct gt_findings *fs);
/* The report as one self-contained HTML page on OUT (docs/html-report.md); 0, or -1 with ERR. */
int gt_report_html(const char *path, FILE *out, char *err, size_t errsize);

#endif
