/*
 * gotrace env: the Go environment of a traced run as POSIX shell lines,
 * each value with where it came from (the environment, a go env file and
 * its line), redacted values as ${GOTRACE_SECRET_N} placeholders.
 */
#include "envsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "../common/buf.h"
#include "../common/json.h"
#include "../common/redact.h"

/* VALUE for sh: single-quoted, or double-quoted with ${GOTRACE_SECRET_N} where the trace has a redaction. */
static void sh_value(struct gt_buf *b, const char *v, unsigned *nsecret, json_t *secrets, const char *name)
{
	const char *r = strstr(v, GT_REDACTED);

	if (!r) {
		gt_sh_quote(b, v);
		return;
	}
	gt_buf_putc(b, '"');
	for (; *v; v++) {
		if (!strncmp(v, GT_REDACTED, strlen(GT_REDACTED))) {
			char ph[64];
			snprintf(ph, sizeof(ph), "GOTRACE_SECRET_%u", ++*nsecret);
			gt_buf_printf(b, "${%s}", ph);
			json_array_append_new(secrets, json_pack("{s:s, s:s}", "placeholder", ph, "in", name));
			v += strlen(GT_REDACTED) - 1;
			continue;
		}
		if (strchr("\"\\$`", *v))
			gt_buf_putc(b, '\\');
		gt_buf_putc(b, *v);
	}
	gt_buf_putc(b, '"');
}

void gt_sh_quote(struct gt_buf *b, const char *s)
{
	gt_buf_putc(b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			gt_buf_puts(b, "'\\''");
		else
			gt_buf_putc(b, *s);
	gt_buf_putc(b, '\'');
}

/*
 * A newline inside a comment would end it and make the rest a command when
 * the output is sourced, and a control character would reach the terminal.
 */
void gt_sh_comment(struct gt_buf *b, const char *s)
{
	for (; s && *s; s++)
		gt_buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

int gt_sh_name(const char *n)
{
	if (!n || !(*n == '_' || (*n >= 'A' && *n <= 'Z') || (*n >= 'a' && *n <= 'z')))
		return 0;
	for (n++; *n; n++)
		if (!(*n == '_' || (*n >= 'A' && *n <= 'Z') || (*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9')))
			return 0;
	return 1;
}

/* The comment lines that say which run this is. */
static void header(struct gt_buf *b, const char *path, const struct gt_model *m, const struct gt_goconf *c)
{
	const char *cwd = m->run->cwd;
	size_t i;

	gt_buf_puts(b, "# gotrace env ");
	gt_sh_comment(b, path);
	gt_buf_puts(b, "\n# the Go environment of: ");
	for (i = 0; i < m->run->argv.n; i++) {
		gt_buf_puts(b, i ? " " : "");
		gt_sh_comment(b, m->run->argv.v[i]);
	}
	gt_buf_puts(b, "\n# run in ");
	gt_sh_comment(b, cwd ? cwd : "?");
	gt_buf_puts(b, "; go ");
	gt_sh_comment(b, c->x->exe ? c->x->exe : c->x->path);
	gt_buf_puts(b, ", GOROOT ");
	gt_sh_comment(b, c->goroot ? c->goroot : "?");
	gt_buf_putc(b, '\n');
}

int gt_env_file(const char *path, FILE *out, int json, char *err, size_t errsize)
{
	struct gt_model m;
	const struct gt_goconf *c;
	struct gt_buf b;
	json_t *js, *vars, *secrets;
	const char *name;
	json_t *v;
	unsigned nsecret = 0;
	size_t i;

	if (gt_model_load(&m, path, err, errsize) < 0)
		return -1;
	c = gt_goconf(&m);
	if (!c->go || !c->env) {
		snprintf(err, errsize, "%s: no go command with a recorded environment in this trace", path);
		gt_model_free(&m);
		return -1;
	}
	gt_buf_init(&b);
	js = json_object();
	vars = json_array();
	secrets = json_array();
	header(&b, path, &m, c);
	gt_buf_puts(&b, "# Source it in a POSIX shell (. FILE). Values that came from the run's go env\n"
			"# files are exported too, and GOENV=off keeps this machine's file out.\n");
	/* the user go env file's values are exported below: this machine's file must not add its own */
	gt_buf_puts(&b, "export GOENV=off  # the run's user go env file: ");
	gt_sh_comment(&b, c->user.state == GT_FILE_READ ? c->user.path : c->user.state == GT_FILE_OFF ? "off" : "none");
	gt_buf_putc(&b, '\n');
	json_array_append_new(vars, json_pack("{s:s, s:s, s:s, s:s}", "name", "GOENV", "action", "export",
					      "value", "off", "source", "gotrace: the values of the run's files are exported"));
	for (i = 0; i < gt_go_nsettings + 2; i++) {
		const char *n = i < gt_go_nsettings ? gt_go_settings[i] :
				i == gt_go_nsettings ? "GOCACHE" : "GOROOT";
		struct gt_setting s;
		char *src;
		if (!strcmp(n, "GOENV"))
			continue;
		gt_goconf_setting(c, n, &s);
		if (!strcmp(n, "GOROOT") && s.src != GT_SRC_ENV && s.src != GT_SRC_USER)
			s.value = NULL; /* derived from the binary: PATH below brings it */
		src = gt_source_text(c, s.src, s.line);
		if (s.value && gt_untame(s.value)) {
			gt_buf_printf(&b, "# %s is not written: its value holds control characters\n", n);
		} else if (s.value) {
			gt_buf_printf(&b, "export %s=", n);
			sh_value(&b, s.value, &nsecret, secrets, n);
			gt_buf_puts(&b, "  # from ");
			gt_sh_comment(&b, src);
			gt_buf_putc(&b, '\n');
			json_array_append_new(vars, json_pack("{s:s, s:s, s:s, s:s}", "name", n, "action", "export",
							      "value", s.value, "source", src));
		} else {
			gt_buf_printf(&b, "unset %s  # not set in the run\n", n);
			json_array_append_new(vars, json_pack("{s:s, s:s, s:s}", "name", n, "action", "unset",
							      "source", "not set in the run"));
		}
		free(src);
	}
	json_object_foreach(c->env, name, v) {
		if (!gt_env_matters(name) || !json_string_value(v))
			continue;
		if (!gt_sh_name(name)) {
			gt_buf_puts(&b, "# skipped a variable whose name is not a shell name: ");
			gt_sh_comment(&b, name);
			gt_buf_putc(&b, '\n');
			continue;
		}
		if (gt_untame(json_string_value(v))) {
			gt_buf_printf(&b, "# %s is not written: its value holds control characters\n", name);
			continue;
		}
		if (!strcmp(name, "HOME")) {
			gt_buf_puts(&b, "# HOME was ");
			gt_sh_comment(&b, json_string_value(v));
			gt_buf_puts(&b, " (not changed here)\n");
			continue;
		}
		gt_buf_printf(&b, "export %s=", name);
		sh_value(&b, json_string_value(v), &nsecret, secrets, name);
		gt_buf_puts(&b, "  # from the environment\n");
		json_array_append_new(vars, json_pack("{s:s, s:s, s:s, s:s}", "name", name, "action", "export",
						      "value", json_string_value(v), "source", "the environment"));
	}
	/* the go that ran, first on PATH */
	{
		const char *exe = c->x->exe ? c->x->exe : c->x->path;
		const char *sl = exe ? strrchr(exe, '/') : NULL;
		if (sl && !gt_untame(exe)) {
			char dir[2048];
			snprintf(dir, sizeof(dir), "%.*s", (int)(sl - exe), exe);
			gt_buf_puts(&b, "export PATH=");
			sh_value(&b, dir, &nsecret, secrets, "PATH");
			gt_buf_puts(&b, "\":$PATH\"  # the go binary that ran: ");
			gt_sh_comment(&b, exe);
			gt_buf_putc(&b, '\n');
			json_array_append_new(vars, json_pack("{s:s, s:s, s:s, s:s}", "name", "PATH", "action", "prepend",
							      "value", dir, "source", "the directory of the go binary that ran"));
		}
	}
	if (nsecret)
		gt_buf_printf(&b, "# %u secret%s redacted in the trace: set GOTRACE_SECRET_1..%u before sourcing\n",
			      nsecret, nsecret == 1 ? " was" : "s were", nsecret);
	json_object_set_new(js, "env_version", json_integer(1));
	json_object_set_new(js, "trace", json_string(path));
	json_object_set_new(js, "vars", vars);
	json_object_set_new(js, "secrets", secrets);
	if (json) {
		char *s = json_dumps(js, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fprintf(out, "%s\n", s);
		free(s);
	} else {
		fputs(gt_buf_cstr(&b), out);
	}
	json_decref(js);
	gt_buf_free(&b);
	gt_model_free(&m);
	return 0;
}
