/*
 * A trace from anywhere: the reader, the model, every analyzer, the text
 * and JSON reports, the HTML page, gotrace env (both forms), diff against
 * itself and the Perfetto export. Any
 * crash, leak or undefined behaviour is a finding; output goes nowhere.
 */
#include "fuzz.h"

#include "../../analyzers/diff.h"
#include "../../analyzers/envsh.h"
#include "../../analyzers/export.h"
#include "../../analyzers/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	FILE *out = fopen("/dev/null", "w");
	char err[1024];

	if (!out)
		return 0;
	if (gt_report_file_opts(path, out, 0, err, sizeof(err)) == 0) {
		gt_report_file_opts(path, out, GT_REPORT_JSON | GT_REPORT_VERBOSE, err, sizeof(err));
		gt_env_file(path, out, 0, err, sizeof(err));
		gt_env_file(path, out, 1, err, sizeof(err));
		gt_diff_files(path, path, out, 0, err, sizeof(err));
		gt_export_perfetto(path, out, err, sizeof(err));
		gt_report_html(path, out, err, sizeof(err));
	}
	fclose(out);
	return 0;
}
