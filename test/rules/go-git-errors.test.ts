// The one go/git error table: every signature the issue lists, in the wordings of Go's sources (cmd/go/internal of
// Go 1.19, 1.23, 1.24) and of git/curl, and texts recorded from real reports (source noted per row; host names kept
// as reported, secrets none). The conformance suite checks the table against what the real go prints
// (test/conformance/explain.test.ts).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {CheckId} from '../../source/engine/types.js';
import {classifyErrorText, type ReasonCode} from '../../source/rules/go-git-errors.js';

type Row = {source: string; text: string; reason: ReasonCode; check: CheckId; module?: string; host?: string};

const rows: Row[] = [
	// Recorded real-world texts.
	{
		source: 'https://sobyte.net/post/2022-04/go-private-git-repository',
		text: "go get: module your.gitlab.com/pkg/example: git ls-remote -q origin in /go/pkg/mod/cache/vcs/a39fc2db: exit status 128:\n    fatal: could not read Username for 'https://your.gitlab.com': terminal prompts disabled\nConfirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.",
		reason: 'git-no-credentials',
		check: 'netrc',
		module: 'your.gitlab.com/pkg/example',
		host: 'your.gitlab.com',
	},
	{
		source: 'https://github.com/mszostok/codeowners-validator/issues/59',
		text: 'verifying github.com/mszostok/codeowners-validator@v0.5.1/go.mod: github.com/mszostok/codeowners-validator@v0.5.1/go.mod: reading https://sum.golang.org/lookup/github.com/mszostok/codeowners-validator@v0.5.1: 410 Gone',
		reason: 'checksum-database',
		check: 'private-module',
		module: 'github.com/mszostok/codeowners-validator',
	},
	{
		source: 'https://blog.alekc.org/posts/2020/git-error-410',
		text: 'verifying git.company.com/team/lib@v1.2.3: reading https://sum.golang.org/lookup/git.company.com/team/lib@v1.2.3: 410 Gone',
		reason: 'checksum-database',
		check: 'private-module',
		host: 'git.company.com',
	},
	{
		source: 'https://www.codetrail.io/questions/go/go-get-private-repository-go',
		text: 'import "gitlab.com/secmask/awserver-go": parse http://gitlab.com/secmask/awserver-go?go-get=1: no go-import meta tags\npackage gitlab.com/secmask/awserver-go: unrecognized import path "gitlab.com/secmask/awserver-go"',
		reason: 'no-go-import-meta',
		check: 'go-import',
	},
	{
		source: 'https://www.topgoer.cn/blog-294.html',
		text: 'go: gitee.com/modules/project@v0.0.0-20200320063051-28c4ad7fe2ea: unrecognized import path "gitee.com/modules/project": https fetch: Get "https://gitee.com/modules/project?go-get=1": dial tcp 123.123.123:443: connect: connection refused',
		reason: 'go-refused',
		check: 'https',
		module: 'gitee.com/modules/project',
	},
	{
		source: 'https://github.com/golang/go/issues/78907',
		text: 'go: github.com/yurivict/ollama@v0.21.1: reading https://proxy.golang.org/github.com/yurivict/ollama/@v/v0.21.1.info: 404 Not Found\n        server response: not found: github.com/yurivict/ollama@v0.21.1: invalid version: unknown revision v0.21.1',
		reason: 'public-proxy',
		check: 'private-module',
		module: 'github.com/yurivict/ollama',
	},
	{
		source: 'https://github.com/goproxy/goproxy.cn/issues/149 (BuildKit prefixes)',
		text: '#9 33.83 go: github.com/go-playground/locales@v0.13.0: reading https://goproxy.cn/github.com/go-playground/locales/@v/v0.13.0.zip: 404 Not Found\n#9 33.83 \tserver response: not found',
		reason: 'public-proxy',
		check: 'private-module',
		module: 'github.com/go-playground/locales',
	},
	{
		source: 'https://github.com/i7solar/Akamai/issues/2',
		text: "fatal: Cannot prompt because user interactivity has been disabled.\n        fatal: could not read Username for 'https://github.com': terminal prompts disabled\nConfirm the import path was entered correctly.",
		reason: 'git-no-credentials',
		check: 'netrc',
		host: 'github.com',
	},
	{
		source: 'https://penkovski.com/post/gitlab-subgroups-go-modules/',
		text: "remote: The project you were looking for could not be found or you don't have permission to view it.\nfatal: repository 'https://gitlab.com/myuser/foogroup.git/' not found",
		reason: 'gitlab-two-segment',
		check: 'go-import',
	},
	{
		source: 'https://github.com/bytbox/sloc/issues/1',
		text: "fatal: unable to access 'https://git.bytbox.net/sloc/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none",
		reason: 'git-tls',
		check: 'git-access',
	},
	// Wordings from the Go sources.
	{source: 'modget/get.go', text: 'go: -insecure flag is no longer supported; use GOINSECURE instead', reason: 'go-insecure-flag', check: 'go-env'},
	{source: 'go 1.24 cmd/go/internal/auth/auth.go (runGoAuth)', text: 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)', reason: 'goauth-malformed', check: 'go-env'},
	{source: 'go 1.24 cmd/go/internal/auth/auth.go (runGoAuth)', text: 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute', reason: 'goauth-malformed', check: 'go-env'},
	{source: 'vcs/vcs.go (GOVCS)', text: "go: gitlab.example.com/group/project@latest: unrecognized import path \"gitlab.example.com/group/project\": GOVCS disallows using git for private gitlab.example.com/group/project; see 'go help vcs'", reason: 'govcs-disallows', check: 'private-module', module: 'gitlab.example.com/group/project'},
	{source: 'toolchain/select.go', text: 'go: download go1.99.0 for linux/amd64: toolchain not available', reason: 'go-toolchain', check: 'go-env'},
	{source: 'gover/toolchain.go', text: 'go: go.mod requires go >= 1.23.0 (running go 1.21.0; GOTOOLCHAIN=local)', reason: 'go-toolchain', check: 'go-env'},
	{source: 'toolchain/switch.go + modfetch', text: 'go: downloading go1.23.4 (linux/amd64)\ngo: download go1.23.4: golang.org/toolchain@v0.0.1-go1.23.4.linux-amd64.zip: Get "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.23.4.linux-amd64.zip": dial tcp: lookup proxy.golang.org: no such host', reason: 'go-toolchain', check: 'go-env'},
	{source: 'vcs/vcs.go (no secure protocol)', text: 'go: gitlab.example.com/group/sub/project.git@latest: no secure protocol found for repository', reason: 'no-secure-protocol', check: 'git-access'},
	{source: 'modload/modfile.go', text: 'go: gitlab.example.com/group/sub/project@v1.0.0: parsing go.mod:\n\tmodule declares its path as: gitlab.example.com/group/sub\n\t        but was required as: gitlab.example.com/group/sub/project', reason: 'module-path-mismatch', check: 'go-import', module: 'gitlab.example.com/group/sub/project'},
	{source: 'codehost (subdirectory tag)', text: 'go: gitlab.example.com/group/sub/project@v1.0.0: invalid version: unknown revision project/v1.0.0', reason: 'wrong-repository-tag', check: 'go-import'},
	{source: 'modfetch/fetch.go (sumdb mismatch)', text: 'verifying gitlab.example.com/group/project@v1.0.0: checksum mismatch\n\tdownloaded: h1:abc=\n\tsum.golang.org: h1:def=\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.', reason: 'checksum-mismatch', check: 'go-confirm'},
	{source: 'net/http transport (proxyconnect)', text: 'go: gitlab.example.com/group/project@latest: unrecognized import path "gitlab.example.com/group/project": https fetch: Get "https://gitlab.example.com/group/project?go-get=1": proxyconnect tcp: dial tcp 10.0.0.1:3128: connect: connection refused', reason: 'go-proxy-connect', check: 'https'},
	{source: 'net (timeout)', text: 'go: gitlab.example.com/group/project@latest: unrecognized import path "gitlab.example.com/group/project": https fetch: Get "https://gitlab.example.com/group/project?go-get=1": dial tcp 10.1.1.1:443: i/o timeout', reason: 'go-timeout', check: 'https'},
	{source: 'git (GnuTLS)', text: "fatal: unable to access 'https://gitlab.example.com/group/project.git/': server certificate verification failed. CAfile: none CRLfile: none", reason: 'git-tls', check: 'git-access'},
	{source: 'git (OpenSSL)', text: "fatal: unable to access 'https://gitlab.example.com/group/project.git/': SSL certificate problem: unable to get local issuer certificate", reason: 'git-tls', check: 'git-access'},
	{source: 'gitlab-shell + ssh', text: 'git@gitlab.example.com: Permission denied (publickey).\nfatal: Could not read from remote repository.', reason: 'ssh-publickey', check: 'git-auth'},
	{source: 'ssh (BatchMode)', text: 'Host key verification failed.\nfatal: Could not read from remote repository.', reason: 'ssh-host-key', check: 'git-auth'},
	{source: 'GitLab git over HTTP', text: "remote: HTTP Basic: Access denied. The provided password or token is incorrect or your account has 2FA enabled and you must use a personal access token instead of a password.\nfatal: Authentication failed for 'https://gitlab.example.com/group/project.git/'", reason: 'git-auth-rejected', check: 'git-access'},
];

for (const row of rows) {
	test(`classifyErrorText: ${row.reason} [${row.source}]`, () => {
		const found = classifyErrorText(row.text);
		assert.equal(found.length, 1, JSON.stringify(found, null, 2));
		const [diagnosis] = found;
		assert.equal(diagnosis!.reason, row.reason);
		assert.equal(diagnosis!.checks[0], row.check, `checks: ${diagnosis!.checks.join(', ')}`);
		if (row.module) assert.equal(diagnosis!.module, row.module);
		if (row.host) assert.equal(diagnosis!.host, row.host);
		assert.ok(diagnosis!.cause.length > 20);
	});
}

test('a GitLab Go proxy in GOPROXY is told apart from the public proxy', () => {
	const [d] = classifyErrorText('go: module gitlab.example.com/g/p: reading https://gitlab.example.com/api/v4/projects/3/packages/go/gitlab.example.com/g/p/@v/list: 401 Unauthorized');
	assert.equal(d?.reason, 'gitlab-go-proxy');
	assert.deepEqual(d?.checks, ['go-proxy']);
});

test('git credentials missing for another host than the module\'s name the route (insteadOf, Geo) first', () => {
	const text = "go: module gitlab.example.com/g/s/p: git ls-remote -q origin in /x: exit status 128:\n\tfatal: could not read Username for 'https://geo.example.com': terminal prompts disabled";
	assert.equal(classifyErrorText(text)[0]?.checks[0], 'geo-secondary');
	assert.equal(classifyErrorText(text.replace('geo.example.com', 'gitlab.example.com'))[0]?.checks[0], 'netrc');
});

test('a one-element module path is blamed on the path, not the token', () => {
	const [d] = classifyErrorText('go: gitlab.example.com/group@latest: unrecognized import path "gitlab.example.com/group": reading https://gitlab.example.com/group?go-get=1: 404 Not Found\n\tserver response: Go package not found or access denied.');
	assert.equal(d?.checks[0], 'module-path');
});

test('text that names no failure gives nothing; odd input never throws', () => {
	assert.deepEqual(classifyErrorText('all good\nok\n'), []);
	for (const input of ['', '\u001b[31m', 'go: ', 'fatal: ', '\t\t\n\r\n', 'x'.repeat(100_000), undefined as unknown as string]) {
		assert.ok(Array.isArray(classifyErrorText(input)));
	}
});

test('foreign text never reaches a fix command: only plain host names and module paths are taken from the paste', () => {
	const hostile = [
		'go: evil.com;touch${IFS}x@latest: unrecognized import path "evil.com;touch x": reading https://evil.com/?go-get=1: 404 Not Found',
		"go: module gitlab.example.com/g/p: git ls-remote -q origin in /x: exit status 128:\n\tfatal: could not read Username for 'https://a.com$(reboot)': terminal prompts disabled",
		"go: gitlab.example.com/g/p@latest: unrecognized import path \"gitlab.example.com/g/p\": GOVCS disallows using git for private gitlab.example.com/g/p; see 'go help vcs'",
	];
	for (const text of hostile) {
		for (const diagnosis of classifyErrorText(text)) {
			for (const command of diagnosis.fixes.flatMap(fix => fix.commands)) {
				assert.doesNotMatch(command, /\$\(|;touch|\$\{IFS\}|reboot/, command);
				// Every | or ; sits inside single quotes; only the builder's own && chains commands.
				const unquoted = command.replace(/'[^']*'/g, '').replace(/ && /g, ' ');
				assert.doesNotMatch(unquoted, /[|;&`]/, command);
			}
			assert.ok(diagnosis.host === undefined || /^[a-z0-9.-]+(:\d+)?$/.test(diagnosis.host), diagnosis.host);
		}
	}
});
