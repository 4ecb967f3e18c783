/*
 * Exporting a trace for other tools. Perfetto and chrome://tracing read
 * Chrome's trace-event JSON: docs/export-format.md says what gotrace puts
 * there.
 */
#ifndef GT_EXPORT_H
#define GT_EXPORT_H

#include <stddef.h>
#include <stdio.h>

/* The trace at PATH as trace-event JSON on OUT; 0, or -1 with a one-line reason in ERR. */
int gt_export_perfetto(const char *path, FILE *out, char *err, size_t errsize);

#endif
