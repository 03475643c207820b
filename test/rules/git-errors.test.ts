import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {classifyGitStderr, findGeoRedirect, type GitFailure} from '../../source/rules/git-errors.js';

// Sources: docs/git.md §2.2, docs/openssh.md §4, docs/git.md §5.3 (git 2.39.5 + libcurl-gnutls 7.88.1, docs/git.md §6.5…docs/git.md §6.26), docs/gitlab.md §3.1
// and docs/gitlab.md §5.1 (GitLab bodies, Geo), docs/go.md §6 (how the go command quotes git's stderr); strings marked
// "captured" were produced by this machine's git 2.39.5.

const couldNotRead = 'fatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n';
const basicDenied =
	"HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped. See https://gitlab.example.com/help/topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied";
const projectNotFound = "The project you were looking for could not be found or you don't have permission to view it.";
const divider = '========================================================================';

type Row = {behaviour: string; source: string; stderr: string; url?: string; want: GitFailure};

const rows: Row[] = [
	{
		behaviour: 'no credentials, prompts disabled',
		source: 'docs/git.md §2.2, §5.3',
		stderr: "fatal: could not read Username for 'https://gitlab.example.com': terminal prompts disabled\n",
		want: {kind: 'no-credentials', host: 'gitlab.example.com', url: 'https://gitlab.example.com'},
	},
	{
		behaviour: 'as the go command quotes it, with a port',
		source: 'docs/go.md §6',
		stderr:
			"go: gitlab.example.com/group/proj@v1.0.0: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/1f2e: exit status 128:\n\tfatal: could not read Username for 'https://gitlab.example.com:8443': terminal prompts disabled\nConfirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.\n",
		want: {kind: 'no-credentials', host: 'gitlab.example.com:8443', url: 'https://gitlab.example.com:8443'},
	},
	{
		behaviour: 'prompts allowed but no terminal',
		source: 'docs/git.md §2.2',
		stderr: "fatal: could not read Username for 'https://gitlab.example.com': No such device or address",
		want: {kind: 'no-credentials', host: 'gitlab.example.com', url: 'https://gitlab.example.com'},
	},
	{
		behaviour: 'credential.useHttpPath puts the path in the prompt',
		source: 'docs/git.md §2.2',
		stderr: "fatal: could not read Username for 'https://gitlab.example.com/g/p.git': terminal prompts disabled",
		want: {kind: 'no-credentials', host: 'gitlab.example.com', url: 'https://gitlab.example.com/g/p.git'},
	},
	{
		behaviour: 'a user but no password',
		source: 'docs/git.md §2.2',
		stderr: "fatal: could not read Password for 'https://alice@gitlab.example.com': terminal prompts disabled",
		want: {kind: 'no-password', user: 'alice', host: 'gitlab.example.com'},
	},
	{
		behaviour: "wrong credentials: GitLab's current 401 body",
		source: 'docs/git.md §5.3; docs/gitlab.md §5.1',
		stderr: `remote: ${basicDenied}\nfatal: Authentication failed for 'https://gitlab.example.com/g/p.git/'\n`,
		want: {kind: 'auth-rejected', serverMessage: basicDenied},
	},
	{
		behaviour: "wrong credentials: older GitLab's body",
		source: 'docs/git.md §5.3',
		stderr: "remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://gitlab.example.com/g/p.git/'",
		want: {kind: 'auth-rejected', serverMessage: 'HTTP Basic: Access denied'},
	},
	{behaviour: 'wrong credentials without a body', source: 'docs/git.md §2.2', stderr: "fatal: Authentication failed for 'https://h/g/p.git/'", want: {kind: 'auth-rejected'}},
	{
		behaviour: 'authenticated 404',
		source: 'docs/git.md §5.3; docs/gitlab.md §5.1',
		stderr: `remote: ${projectNotFound}\nfatal: repository 'https://gitlab.example.com/g/nope.git/' not found\n`,
		want: {kind: 'not-found', serverMessage: projectNotFound},
	},
	{
		behaviour: '403 without download_code',
		source: 'docs/git.md §5.3; docs/gitlab.md §5.1',
		stderr: "remote: You are not allowed to download code.\nfatal: unable to access 'https://gitlab.example.com/g/p.git/': The requested URL returned error: 403\n",
		want: {kind: 'forbidden', serverMessage: 'You are not allowed to download code.'},
	},
	{
		behaviour: '403 from the Git auth rate limiter',
		source: 'docs/gitlab.md §1.3',
		stderr: "remote: Too many failed authentication attempts from this IP\nfatal: unable to access 'https://gitlab.example.com/g/p.git/': The requested URL returned error: 403",
		want: {kind: 'forbidden', serverMessage: 'Too many failed authentication attempts from this IP'},
	},
	{
		behaviour: 'untrusted CA (GnuTLS)',
		source: 'docs/git.md §5.3 docs/git.md §6.21',
		stderr: "fatal: unable to access 'https://gitlab.test:18443/g/p.git/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none\n",
		want: {kind: 'tls', detail: 'server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none'},
	},
	{
		behaviour: 'no CA file at all (GnuTLS)',
		source: 'docs/git.md §5.3',
		stderr: "fatal: unable to access 'https://gitlab.test/g/p.git/': server certificate verification failed. CAfile: none CRLfile: none",
		want: {kind: 'tls', detail: 'server certificate verification failed. CAfile: none CRLfile: none'},
	},
	{
		behaviour: 'host name mismatch (GnuTLS)',
		source: 'docs/git.md §5.3 docs/git.md §6.21',
		stderr: "fatal: unable to access 'https://other.test:18443/g/p.git/': SSL: certificate subject name (gitlab.test) does not match target host name 'other.test'",
		want: {kind: 'tls', detail: "SSL: certificate subject name (gitlab.test) does not match target host name 'other.test'"},
	},
	{
		behaviour: 'unknown issuer (OpenSSL)',
		source: 'docs/git.md §5.3 docs/git.md §6.21',
		stderr: "fatal: unable to access 'https://gitlab.test/g/p.git/': SSL certificate problem: unable to get local issuer certificate",
		want: {kind: 'tls', detail: 'SSL certificate problem: unable to get local issuer certificate'},
	},
	{
		behaviour: 'self-signed (OpenSSL)',
		source: 'docs/git.md §5.3 docs/git.md §6.21',
		stderr: "fatal: unable to access 'https://gitlab.test/g/p.git/': SSL certificate problem: self-signed certificate",
		want: {kind: 'tls', detail: 'SSL certificate problem: self-signed certificate'},
	},
	{
		behaviour: 'host name mismatch (OpenSSL)',
		source: 'docs/git.md §5.3 docs/git.md §6.21',
		stderr: "fatal: unable to access 'https://other.test/g/p.git/': SSL: no alternative certificate subject name matches target host name 'other.test'",
		want: {kind: 'tls', detail: "SSL: no alternative certificate subject name matches target host name 'other.test'"},
	},
	{
		behaviour: 'https:// to a plain-HTTP port (GnuTLS)',
		source: 'docs/git.md §5.3 docs/git.md §6.21',
		stderr: "fatal: unable to access 'https://gitlab.test:18080/g/p.git/': gnutls_handshake() failed: An unexpected TLS packet was received.",
		want: {kind: 'tls', detail: 'gnutls_handshake() failed: An unexpected TLS packet was received.'},
	},
	{behaviour: 'broken .netrc quoting', source: 'docs/git.md §5.3 docs/git.md §6.17; captured', stderr: "fatal: unable to access 'https://127.0.0.1:9/g/p.git/': .netrc parser error\n", want: {kind: 'netrc-parse'}},
	{
		behaviour: 'DNS',
		source: 'docs/git.md §5.3; captured',
		stderr: "fatal: unable to access 'https://gitlab.invalid/g/p.git/': Could not resolve host: gitlab.invalid\n",
		want: {kind: 'dns', host: 'gitlab.invalid'},
	},
	{
		behaviour: 'connection refused',
		source: 'docs/git.md §5.3; captured',
		stderr: "fatal: unable to access 'https://127.0.0.1:9/g/p.git/': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n",
		want: {kind: 'refused', detail: "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server", host: '127.0.0.1', port: '9'},
	},
	{
		behaviour: 'connect timeout reached after minutes (same wording as a refusal)',
		source: 'docs/git.md §5.3 docs/git.md §6.25',
		stderr: "fatal: unable to access 'https://127.0.0.1:18099/g/p.git/': Failed to connect to 127.0.0.1 port 18099 after 133384 ms: Couldn't connect to server",
		want: {kind: 'timeout', detail: "Failed to connect to 127.0.0.1 port 18099 after 133384 ms: Couldn't connect to server"},
	},
	{
		behaviour: 'low-speed abort',
		source: 'docs/git.md §5.3',
		stderr: "fatal: unable to access 'https://gitlab.test/g/p.git/': Operation too slow. Less than 1000 bytes/sec transferred the last 3 seconds",
		want: {kind: 'timeout', detail: 'Operation too slow. Less than 1000 bytes/sec transferred the last 3 seconds'},
	},
	{
		behaviour: 'the proxy name does not resolve',
		source: 'captured (HTTPS_PROXY=http://proxy.invalid:3128)',
		stderr: "fatal: unable to access 'https://gitlab.example.com/g/p.git/': Could not resolve proxy: proxy.invalid\n",
		want: {kind: 'proxy', detail: 'Could not resolve proxy: proxy.invalid'},
	},
	{
		behaviour: 'the proxy wants authentication',
		source: 'libcurl http_proxy.c',
		stderr: "fatal: unable to access 'https://gitlab.example.com/g/p.git/': Received HTTP code 407 from proxy after CONNECT",
		want: {kind: 'proxy', detail: 'Received HTTP code 407 from proxy after CONNECT', status: 407},
	},
	{
		behaviour: 'git@host/path is a local path',
		source: 'docs/git.md §1.2 docs/git.md §6.10; captured',
		stderr: `fatal: 'git@gitlab.example.com/group/project.git' does not appear to be a git repository\n${couldNotRead}`,
		want: {kind: 'local-path', path: 'git@gitlab.example.com/group/project.git'},
	},
	{
		behaviour: 'the same words from a plain sshd mean the remote has no such repository',
		source: 'git upload-pack over ssh',
		stderr: `fatal: '/srv/git/nope.git' does not appear to be a git repository\n${couldNotRead}`,
		url: 'ssh://git@git.example.com/srv/git/nope.git',
		want: {kind: 'not-found', serverMessage: "fatal: '/srv/git/nope.git' does not appear to be a git repository"},
	},
	{
		behaviour: 'a bare insteadOf key in a file',
		source: 'docs/git.md §1.1 docs/git.md §6.2; captured',
		stderr: "error: missing value for 'url.X.insteadof'\nfatal: bad config variable 'url.X.insteadof' in file '/tmp/gt/cfg' at line 4\n",
		want: {kind: 'bad-config', detail: "error: missing value for 'url.X.insteadof'\nfatal: bad config variable 'url.X.insteadof' in file '/tmp/gt/cfg' at line 4"},
	},
	{
		behaviour: 'a bare insteadOf key from -c',
		source: 'captured',
		stderr: "error: missing value for 'url.x.insteadof'\nfatal: unable to parse 'url.x.insteadof' from command-line config\n",
		want: {kind: 'bad-config', detail: "error: missing value for 'url.x.insteadof'\nfatal: unable to parse 'url.x.insteadof' from command-line config"},
	},
	{behaviour: 'GIT_ALLOW_PROTOCOL refuses the transport', source: 'captured', stderr: "fatal: transport 'git' not allowed\n", want: {kind: 'bad-config', detail: "fatal: transport 'git' not allowed"}},
	{
		behaviour: 'a port on an ssh command git cannot pass it to',
		source: 'docs/openssh.md §1 docs/git.md §6.11',
		stderr: "fatal: ssh variant 'simple' does not support setting port",
		want: {kind: 'bad-config', detail: "fatal: ssh variant 'simple' does not support setting port"},
	},
	{
		behaviour: 'ssh key refused',
		source: 'docs/openssh.md §4 docs/git.md §6.24',
		stderr: `git@gitlab.example.com: Permission denied (publickey).\n${couldNotRead}`,
		want: {kind: 'ssh', failure: {kind: 'publickey', methods: 'publickey'}},
	},
	{behaviour: 'ssh host key unknown', source: 'docs/openssh.md §4 docs/git.md §6.24', stderr: `Host key verification failed.\n${couldNotRead}`, want: {kind: 'ssh', failure: {kind: 'host-key-unknown'}}},
	{
		behaviour: 'ssh connection refused (not mistaken for curl)',
		source: 'captured',
		stderr: `ssh: connect to host 127.0.0.1 port 9: Connection refused\n${couldNotRead}`,
		want: {kind: 'ssh', failure: {kind: 'refused', host: '127.0.0.1', port: '9'}},
	},
	{
		behaviour: 'ssh host name does not resolve',
		source: 'captured',
		stderr: `ssh: Could not resolve hostname gitlab.invalid: Name or service not known\n${couldNotRead}`,
		want: {kind: 'ssh', failure: {kind: 'dns', host: 'gitlab.invalid'}},
	},
	{
		behaviour: "gitlab-shell's framed not-found over ssh",
		source: 'docs/openssh.md §4 docs/git.md §6.24; docs/sources.md §R23',
		stderr: `remote: \nremote: ${divider}\nremote: \nremote: ${projectNotFound}\nremote: \nremote: ${divider}\nremote: \n${couldNotRead}`,
		want: {kind: 'not-found', serverMessage: projectNotFound},
	},
	{
		behaviour: 'older gitlab-shell wording',
		source: 'docs/openssh.md §4',
		stderr: `remote: \nremote: ${divider}\nremote: \nremote: The project you were looking for could not be found.\nremote: \nremote: ${divider}\nremote: \n${couldNotRead}`,
		want: {kind: 'not-found', serverMessage: 'The project you were looking for could not be found.'},
	},
	{
		behaviour: 'a Geo redirect warning alone',
		source: 'docs/gitlab.md §3.1',
		stderr: 'warning: redirecting to https://secondary.example.com/-/from_secondary/2/group/proj.git/\n',
		want: {kind: 'geo-redirect', url: 'https://secondary.example.com/-/from_secondary/2/group/proj.git/'},
	},
	{
		behaviour: 'a Geo redirect in the output of an otherwise successful ls-remote (captured: git prints it only on success)',
		source: 'docs/gitlab.md §3.1; remote-curl.c discover_refs',
		stderr: 'warning: redirecting to http://127.0.0.1:8080/-/from_secondary/2/group/proj.git/\n',
		want: {kind: 'geo-redirect', url: 'http://127.0.0.1:8080/-/from_secondary/2/group/proj.git/'},
	},
	{
		behaviour: 'a Geo secondary forwarding to the primary over ssh',
		source: 'docs/gitlab.md §3.1',
		stderr: 'remote: \nremote: This request to a Geo secondary node will be forwarded to the\nremote: Geo primary node:\nremote: \nremote:   ssh://git@primary.example.com/group/proj.git\nremote: \n',
		want: {kind: 'geo-redirect', url: 'ssh://git@primary.example.com/group/proj.git', forwardedToPrimary: true},
	},
	{
		behaviour: 'a server error is passed on as it is',
		source: 'docs/git.md §5.3',
		stderr: "fatal: unable to access 'https://gitlab.example.com/g/p.git/': The requested URL returned error: 502\n",
		want: {kind: 'unknown', detail: "fatal: unable to access 'https://gitlab.example.com/g/p.git/': The requested URL returned error: 502"},
	},
	{behaviour: 'empty stderr', source: '—', stderr: '', want: {kind: 'unknown', detail: ''}},
];

for (const row of rows) {
	test(`classifyGitStderr: ${row.behaviour} [${row.source}]`, () => {
		assert.deepEqual(classifyGitStderr(row.stderr, row.url !== undefined ? {url: row.url} : {}), row.want);
	});
}

test('findGeoRedirect: the renamed push_from_secondary path counts, an ordinary redirect does not [docs/gitlab.md §3.1]', () => {
	assert.deepEqual(findGeoRedirect('warning: redirecting to https://s.example/-/push_from_secondary/2/g/p.git/\n'), {
		url: 'https://s.example/-/push_from_secondary/2/g/p.git/',
	});
	assert.equal(findGeoRedirect('warning: redirecting to https://gitlab.example.com/g/p.git/'), undefined, 'an ordinary redirect is not Geo');
});

test('classifyGitStderr never throws (fuzz)', () => {
	const piece = fc.constantFrom(
		'fatal: ', 'remote: ', 'error: ', "unable to access 'https://h/x/': ", "could not read Username for '", "could not read Password for '", "'", ': ',
		'terminal prompts disabled', 'Authentication failed for ', "repository 'x' not found", 'The requested URL returned error: ', '403', '404', '401',
		'Could not resolve host: ', 'Failed to connect to ', ' port ', ' after ', ' ms', 'SSL certificate problem', '.netrc parser error', 'Permission denied (',
		'ssh: ', 'warning: redirecting to ', '/-/from_secondary/', 'does not appear to be a git repository', 'missing value for ', '\n', '\t', ' ', 'x', '@',
	);
	const text = fc.oneof(fc.string(), fc.array(piece, {maxLength: 14}).map(parts => parts.join('')));
	fc.assert(
		fc.property(text, fc.option(fc.string(), {nil: undefined}), (stderr, url) => {
			const failure = classifyGitStderr(stderr, url !== undefined ? {url} : {});
			assert.equal(typeof failure.kind, 'string');
			if (failure.kind === 'unknown') assert.equal(typeof failure.detail, 'string');
		}),
		{numRuns: 5000},
	);
});

// ---- real git against a loopback server answering as GitLab does (only where git is installed)

const gitAvailable = spawnSync('git', ['--version']).status === 0;

function runGit(args: string[], env: Record<string, string>, cwd: string): Promise<{code: number | null; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn('git', args, {env, cwd, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stderr});
		});
	});
}

test('classifyGitStderr reads what git 2.x really prints for GitLab answers (live git, loopback)', {skip: gitAvailable ? false : 'git is not installed'}, async () => {
	const server = createServer((request, response) => {
		const path = request.url ?? '';
		const authorised = request.headers.authorization !== undefined;
		const plain = (status: number, body: string, headers: Record<string, string> = {}) => {
			response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', ...headers});
			response.end(body);
		};
		if (path.startsWith('/geo/')) {
			response.writeHead(302, {Location: `/-/from_secondary/2${path.slice('/geo'.length)}`});
			response.end();
		} else if (path.startsWith('/-/from_secondary/') && authorised) {
			// A minimal smart-HTTP advertisement (protocol v0) with one branch, so ls-remote succeeds.
			const pkt = (line: string) => (line.length + 4).toString(16).padStart(4, '0') + line;
			const oid = 'a'.repeat(40);
			response.writeHead(200, {'Content-Type': 'application/x-git-upload-pack-advertisement'});
			response.end(pkt('# service=git-upload-pack\n') + '0000' + pkt(`${oid} HEAD\0symref=HEAD:refs/heads/main\n`) + pkt(`${oid} refs/heads/main\n`) + '0000');
		} else if (path.startsWith('/forbidden/') && authorised) plain(403, 'You are not allowed to download code.');
		else if (path.startsWith('/missing/') && authorised) plain(404, projectNotFound);
		else plain(401, basicDenied, {'WWW-Authenticate': 'Basic realm="GitLab"'});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const home = mkdtempSync(join(tmpdir(), 'git-errors-'));
	const env = {
		PATH: process.env['PATH'] ?? '/usr/bin:/bin',
		HOME: home,
		LANG: 'C',
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_CONFIG_GLOBAL: '/dev/null',
		GIT_TERMINAL_PROMPT: '0',
		GIT_ASKPASS: '',
		GCM_INTERACTIVE: 'never',
	};
	const base = `http://127.0.0.1:${port}`;
	const withToken = `http://oauth2:glpat-test@127.0.0.1:${port}`;
	try {
		const cases: [string, GitFailure['kind'], (failure: GitFailure) => void][] = [
			[`${base}/group/proj.git`, 'no-credentials', failure => assert.deepEqual(failure, {kind: 'no-credentials', host: `127.0.0.1:${port}`, url: base})],
			[`http://alice@127.0.0.1:${port}/group/proj.git`, 'no-password', failure => assert.deepEqual(failure, {kind: 'no-password', user: 'alice', host: `127.0.0.1:${port}`})],
			[`${withToken}/group/proj.git`, 'auth-rejected', failure => assert.deepEqual(failure, {kind: 'auth-rejected', serverMessage: basicDenied})],
			[`${withToken}/missing/proj.git`, 'not-found', failure => assert.deepEqual(failure, {kind: 'not-found', serverMessage: projectNotFound})],
			[`${withToken}/forbidden/proj.git`, 'forbidden', failure => assert.deepEqual(failure, {kind: 'forbidden', serverMessage: 'You are not allowed to download code.'})],
			[`${withToken}/geo/group/proj.git`, 'geo-redirect', failure => assert.match(failure.kind === 'geo-redirect' ? failure.url : '', /\/-\/from_secondary\/2\/group\/proj\.git\/$/)],
			['git@gitlab.example.com/group/proj.git', 'local-path', failure => assert.deepEqual(failure, {kind: 'local-path', path: 'git@gitlab.example.com/group/proj.git'})],
		];
		for (const [url, kind, check] of cases) {
			const result = await runGit(['ls-remote', '-q', url], env, home);
			assert.equal(result.code, kind === 'geo-redirect' ? 0 : 128, result.stderr);
			const failure = classifyGitStderr(result.stderr, {url});
			assert.equal(failure.kind, kind, result.stderr);
			check(failure);
		}
		// A closed port: bind one, note it, close it.
		const closed = createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const closedPort = (closed.address() as AddressInfo).port;
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const refused = await runGit(['ls-remote', '-q', `http://127.0.0.1:${closedPort}/g/p.git`], env, home);
		const failure = classifyGitStderr(refused.stderr);
		assert.equal(failure.kind, 'refused', refused.stderr);
		assert.equal(failure.kind === 'refused' ? failure.port : undefined, String(closedPort), refused.stderr);
	} finally {
		await new Promise<void>(resolve => server.close(() => resolve()));
		rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	}
});
