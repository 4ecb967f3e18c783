/* Redaction rules: what is hidden, and what diagnosis keeps. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/redact.h"

static char *text(const char *in)
{
	static char out[1024];
	struct gt_buf b;

	gt_buf_fixed(&b, out, sizeof(out));
	gt_redact_text(&b, in, strlen(in));
	return (char *)gt_buf_cstr(&b);
}

static char *arg(const char *a, const char *prev)
{
	static char out[1024];
	struct gt_buf b;

	gt_buf_fixed(&b, out, sizeof(out));
	gt_redact_arg(&b, a, strlen(a), prev, prev ? strlen(prev) : 0);
	return (char *)gt_buf_cstr(&b);
}

static char *envval(const char *name, const char *val)
{
	static char out[1024];
	struct gt_buf b;

	gt_buf_fixed(&b, out, sizeof(out));
	gt_redact_env_value(&b, name, strlen(name), val, strlen(val));
	return (char *)gt_buf_cstr(&b);
}

Test(redact, secret_env_names)
{
	const char *secret[] = {"GITHUB_TOKEN", "NPM_AUTH_TOKEN", "AWS_SECRET_ACCESS_KEY",
				"PGPASSWORD", "MYPASS", "api_key", "SESSION_ID", "COOKIE_JAR",
				"GOOGLE_APPLICATION_CREDENTIALS", "HTTP_AUTH", NULL};
	const char *plain[] = {"GOPROXY", "PATH", "HOME", "GOAUTH", "SSH_AUTH_SOCK", "GIT_ASKPASS",
			       "XDG_SESSION_TYPE", "GOFLAGS", "CC", NULL};
	int i;

	for (i = 0; secret[i]; i++)
		cr_expect(gt_redact_secret_env(secret[i], strlen(secret[i])), "%s", secret[i]);
	for (i = 0; plain[i]; i++)
		cr_expect(!gt_redact_secret_env(plain[i], strlen(plain[i])), "%s", plain[i]);
}

Test(redact, env_values)
{
	cr_expect_str_eq(envval("GITHUB_TOKEN", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "<redacted>");
	/* set but empty stays visibly empty: no secret in it */
	cr_expect_str_eq(envval("GITHUB_TOKEN", ""), "");
	cr_expect_str_eq(envval("GOPROXY", "https://u:p4ssw0rd@proxy.example.com/,direct"),
			 "https://u:<redacted>@proxy.example.com/,direct");
	cr_expect_str_eq(envval("GOPROXY", "https://proxy.golang.org,direct"),
			 "https://proxy.golang.org,direct");
	cr_expect_str_eq(envval("GOAUTH", "netrc"), "netrc");
}

Test(redact, url_userinfo)
{
	cr_expect_str_eq(text("git clone https://alice:s3cr3t@git.example.com/r.git"),
			 "git clone https://alice:<redacted>@git.example.com/r.git");
	cr_expect_str_eq(text("https://ghp_0123456789abcdefghijABCDEFGHIJ@github.com/x"),
			 "https://<redacted>@github.com/x");
	cr_expect_str_eq(text("https://x-access-token:gho_zzzz@github.com/"),
			 "https://x-access-token:<redacted>@github.com/");
	/* a login without password is kept */
	cr_expect_str_eq(text("ssh://git@github.com/x"), "ssh://git@github.com/x");
	cr_expect_str_eq(text("https://alice:@host/"), "https://alice:@host/");
	/* an @ in the path is not userinfo */
	cr_expect_str_eq(text("https://host/a@b"), "https://host/a@b");
	cr_expect_str_eq(text("two https://a:b@h1 and http://c:d@h2/"),
			 "two https://a:<redacted>@h1 and http://c:<redacted>@h2/");
}

Test(redact, authorization_headers)
{
	cr_expect_str_eq(text("Authorization: Basic dXNlcjpwYXNz"), "Authorization: Basic <redacted>");
	cr_expect_str_eq(text("proxy-authorization: Bearer abc.def\nnext line"),
			 "proxy-authorization: Bearer <redacted>\nnext line");
	cr_expect_str_eq(text("http.extraheader=AUTHORIZATION: token123"),
			 "http.extraheader=AUTHORIZATION: <redacted>");
}

Test(redact, assignments_and_flags)
{
	cr_expect_str_eq(arg("--password=hunter2", NULL), "--password=<redacted>");
	cr_expect_str_eq(arg("--api-key=abc", NULL), "--api-key=<redacted>");
	cr_expect_str_eq(arg("hunter2", "--password"), "<redacted>");
	cr_expect_str_eq(arg("xyz", "--pass"), "<redacted>");
	cr_expect_str_eq(arg("abc", "--auth-token"), "<redacted>");
	cr_expect_str_eq(arg("GITHUB_TOKEN=abc go build", NULL), "GITHUB_TOKEN=<redacted> go build");
	/* linker and compiler flags that merely look similar are kept */
	cr_expect_str_eq(arg("-plugin-opt=-pass-through=-lgcc", NULL), "-plugin-opt=-pass-through=-lgcc");
	cr_expect_str_eq(arg("-mod=mod", "-o"), "-mod=mod");
	cr_expect_str_eq(arg("GOFLAGS=-mod=vendor", NULL), "GOFLAGS=-mod=vendor");
	cr_expect_str_eq(arg("main.go", "-trimpath"), "main.go");
	cr_expect_str_eq(arg("-X=main.apiKey=xyz", NULL), "-X=main.apiKey=<redacted>");
}

/* tokens whose format gives them away, alone in a message: prefix kept, the rest hidden */
Test(redact, bare_tokens)
{
	cr_expect_str_eq(text("using ghp_abcdefghijklmnopqrstuvwxyz0123456789 now"), "using ghp_<redacted> now");
	cr_expect_str_eq(text("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"), "github_pat_<redacted>");
	cr_expect_str_eq(text("token: glpat-abcdefghij0123456789xy."), "token: glpat-<redacted>.");
	cr_expect_str_eq(text("key AKIAIOSFODNN7EXAMPLE\n"), "key AKIA<redacted>\n");
	cr_expect_str_eq(text("slack xoxb-123456789012-abcdefghij"), "slack xoxb-<redacted>");
	cr_expect_str_eq(text("npm_abcdefghijklmnopqrstuvwxyz0123456789"), "npm_<redacted>");
	cr_expect_str_eq(text("got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok"),
			 "got eyJ<redacted> ok");
	/* the twins: words that only begin alike */
	cr_expect_str_eq(text("ghp_short and AKIA1234 and github.com/ghp_x"), "ghp_short and AKIA1234 and github.com/ghp_x");
	cr_expect_str_eq(text("AKIAIOSFODNN7EXAMPLEX is 17"), "AKIAIOSFODNN7EXAMPLEX is 17");
	cr_expect_str_eq(text("myghp_abcdefghijklmnopqrstuvwxyz0123456789"), "myghp_abcdefghijklmnopqrstuvwxyz0123456789");
	cr_expect_str_eq(text("eyJhbGciOi only one part"), "eyJhbGciOi only one part");
}

/* a secret cut in two by the program's writes is still one secret */
Test(redact, split_across_writes)
{
	static char out[1024];
	struct gt_buf b, tmp;
	const char *prev = "Authorization: Bearer ";

	gt_buf_fixed(&b, out, sizeof(out));
	gt_buf_init(&tmp);
	gt_redact_text_after(&b, prev, strlen(prev), "tok3nS3cret\nnext", 17, &tmp);
	cr_expect_str_eq(gt_buf_cstr(&b), "<redacted>\nnext");
	gt_buf_fixed(&b, out, sizeof(out));
	gt_redact_text_after(&b, "GITHUB_TOKEN=", 13, "s3cret rest", 11, &tmp);
	cr_expect_str_eq(gt_buf_cstr(&b), "<redacted> rest");
	gt_buf_fixed(&b, out, sizeof(out));
	gt_redact_text_after(&b, "ghp_abcdefghij", 14, "klmnopqrstuvwxyz0123", 20, &tmp);
	cr_expect_str_eq(gt_buf_cstr(&b), "<redacted>");
	/* the twin: what follows ordinary text is kept whole */
	gt_buf_fixed(&b, out, sizeof(out));
	gt_redact_text_after(&b, "building ", 9, "example.com/m\n", 14, &tmp);
	cr_expect_str_eq(gt_buf_cstr(&b), "example.com/m\n");
	gt_buf_free(&tmp);
}

Test(redact, curl_user_and_linker_x)
{
	cr_expect_str_eq(arg("alice:s3cret", "-u"), "alice:<redacted>");
	cr_expect_str_eq(arg("alice:s3cret", "--user"), "alice:<redacted>");
	cr_expect_str_eq(arg("--user=alice:s3cret", NULL), "--user=alice:<redacted>");
	cr_expect_str_eq(arg("bob:pw", "--proxy-user"), "bob:<redacted>");
	/* the twins: -u of other tools */
	cr_expect_str_eq(arg("1000:1000", "-u"), "1000:1000");
	cr_expect_str_eq(arg("./...", "-u"), "./...");
	cr_expect_str_eq(arg("origin", "-u"), "origin");
	/* -X: the value is hidden whatever the name says */
	cr_expect_str_eq(arg("main.k=s3cret", "-X"), "main.k=<redacted>");
	cr_expect_str_eq(arg("-ldflags=-X main.k=s3cret -s", NULL), "-ldflags=-X main.k=<redacted> -s");
	cr_expect_str_eq(text("-ldflags=-X 'main.k=a b' -w"), "-ldflags=-X 'main.k=<redacted>' -w");
	cr_expect_str_eq(text("GOFLAGS=-ldflags=-X=main.v=1.2.3"), "GOFLAGS=-ldflags=-X=main.v=<redacted>");
	cr_expect_str_eq(arg("main.go", "-X"), "main.go");
}

Test(redact, names_and_keys)
{
	const char *secret[] = {"GH_PAT", "PAT", "CI_JWT", "JWT_SIGNED", "GITLAB_ACCESS", "PAT_TOKEN", NULL};
	const char *plain[] = {"PATH", "GOPATH", "PATTERN", "ACCESSIBILITY", "XPATH", NULL};
	int i;

	for (i = 0; secret[i]; i++)
		cr_expect(gt_redact_secret_env(secret[i], strlen(secret[i])), "%s", secret[i]);
	for (i = 0; plain[i]; i++)
		cr_expect(!gt_redact_secret_env(plain[i], strlen(plain[i])), "%s", plain[i]);
	/* a dotted key by its last part: credential.helper names a program */
	cr_expect_str_eq(arg("credential.helper=/usr/lib/git-core/git-credential-store", "-c"),
			 "credential.helper=/usr/lib/git-core/git-credential-store");
	cr_expect_str_eq(arg("user.password=hunter2", "-c"), "user.password=<redacted>");
	cr_expect_str_eq(arg("http.extraheader=Authorization: Basic abc", "-c"), "http.extraheader=Authorization: Basic <redacted>");
}

Test(redact, fixed_buffer_is_cut_not_overrun)
{
	char small[16];
	struct gt_buf b;

	gt_buf_fixed(&b, small, sizeof(small));
	gt_redact_text(&b, "https://a:secretsecret@host/and/more", 36);
	cr_expect(b.trunc);
	cr_expect(b.len < sizeof(small));
	cr_expect(strstr(gt_buf_cstr(&b), "secret") == NULL);
}

Test(tame, control_sequences)
{
	struct gt_buf b;

	gt_buf_init(&b);
	gt_buf_puts(&b, "ok\t\n\033]0;title\007 \033[2J \302\233H caf\303\251 \177 \233");
	cr_expect_eq(gt_tame(&b, 0, b.len), 7);
	cr_expect_str_eq(gt_buf_cstr(&b), "ok\t\n?]0;title? ?[2J ??H caf\303\251 ? ?");
	cr_expect(!gt_untame("caf\303\251 ok\t\n"));
	cr_expect(gt_untame("a\033b"));
	cr_expect(gt_untame("a\302\220b"));
	b.len = 0;
	gt_buf_puts(&b, "\033keep\033");
	cr_expect_eq(gt_tame(&b, 1, 5), 0); /* only the range asked */
	cr_expect_eq(gt_tame(&b, 0, b.len), 2);
	gt_buf_free(&b);
}

Test(tame, invalid_utf8)
{
	struct gt_buf b;

	gt_buf_init(&b);
	/* a stray continuation byte, a cut sequence, an overlong '/', a surrogate, a byte never in UTF-8; then valid text */
	gt_buf_puts(&b, "a\x90" "b \xe2\x82 \xc0\xaf \xed\xa0\x80 \xff \xe2\x82\xac \xf0\x9f\x98\x80");
	cr_expect_eq(gt_tame(&b, 0, b.len), 9);
	cr_expect_str_eq(gt_buf_cstr(&b), "a?b ?? ?? ??? ? \xe2\x82\xac \xf0\x9f\x98\x80");
	cr_expect(gt_untame("\xc3"));
	cr_expect(!gt_untame("\xe2\x82\xac"));
	gt_buf_free(&b);
}
