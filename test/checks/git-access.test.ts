import type {GitAccessData, GitAuthData, GitRouteData, GoImportData, ModulePathData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {gitAccessCheck, summariseRefs} from '../../source/checks/git-access.js';
import type {Environment, ExecOptions, ExecResult} from '../../source/system/types.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const repoUrl = `https://${host}/group/project.git`;
const oid = 'a'.repeat(40);
const modulePath: ModulePathData = {host, candidates: [`${host}/group/project`, `${host}/group`], subgroup: false};

function route(overrides: Partial<GitRouteData> = {}): GitRouteData {
	return {originalUrl: repoUrl, urlSource: 'go-import', url: repoUrl, kind: 'https', host, embeddedCredential: false, differentHost: false, moduleHost: host, ...overrides};
}

/** git answering ls-remote with `lsRemote`; every call recorded with its options. */
function accessSystem(lsRemote: Partial<ExecResult>, options: {env?: Environment; sshCommand?: string} = {}) {
	const seen: Array<{args: string[]; options: ExecOptions}> = [];
	const system = fakeSystem({env: options.env ?? {HOME: '/home/u'}, commands: {}});
	system.exec = {
		async run(command, args, runOptions) {
			seen.push({args, options: runOptions});
			const result = (partial: Partial<ExecResult>): ExecResult => ({code: 0, stdout: '', stderr: '', timedOut: false, ...partial});
			if (command !== 'git') return {code: undefined, stdout: '', stderr: '', timedOut: false, startError: 'ENOENT'};
			if (args[0] === 'init' || args[0] === 'remote') return result({});
			// `git config -z --show-scope --show-origin --list` (docs/git.md §1.4 record format).
			if (args[0] === 'config' && args.includes('--list')) {
				return result({stdout: options.sshCommand ? `global\0file:/home/u/.gitconfig\0core.sshcommand\n${options.sshCommand}\0` : ''});
			}
			if (args[0] === 'ls-remote') return result(lsRemote);
			return result({code: 1});
		},
	};
	return {system, seen};
}

async function judge(stderr: string, data: {route?: GitRouteData; auth?: GitAuthData; modulePath?: ModulePathData; goImport?: GoImportData; httpsPassed?: boolean} = {}) {
	const {system} = accessSystem({code: 128, stderr});
	const upstream = upstreamOf(
		{'git-route': data.route ?? route(), 'module-path': data.modulePath ?? modulePath, ...(data.auth ? {'git-auth': data.auth} : {}), ...(data.goImport ? {'go-import': data.goImport} : {}), ...(data.httpsPassed ? {https: {}} : {})},
		data.httpsPassed ? {https: 'pass'} : {},
	);
	const {outcome} = await runCheck(gitAccessCheck, system, upstream, {offline: false});
	return outcome;
}

const all = (outcome: {summary: string; details?: string[]}) => [outcome.summary, ...(outcome.details ?? [])].join('\n');
const failureOf = (outcome: {data?: unknown}) => (outcome.data as GitAccessData).failure;

test('success: pass with the number of refs and the v* tags (peeled ^{} entries counted once)', async () => {
	const stdout = [`${oid}\tHEAD`, `${oid}\trefs/heads/main`, `${oid}\trefs/tags/v1.0.0`, `${oid}\trefs/tags/v1.0.0^{}`, `${oid}\trefs/tags/v1.1.0`, `${oid}\trefs/tags/release-1`].join('\n');
	const {system} = accessSystem({code: 0, stdout});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route(), 'git-auth': {method: 'netrc', user: 'alice', source: '/home/u/.netrc:1'}}));
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /5 refs, 2 v\* tags/);
	assert.match(outcome.summary, /with alice from \.netrc/);
	assert.deepEqual((outcome.data as GitAccessData).versionTags, ['v1.0.0', 'v1.1.0']);
});

test('no v* tags: pass, and say that Go uses a pseudo-version', async () => {
	const {system} = accessSystem({code: 0, stdout: `${oid}\tHEAD\n${oid}\trefs/heads/main\n`});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /no v\* tags \(Go will use a pseudo-version/);
});

test('an empty repository (exit 0, no refs, docs/git.md §6.26): warn, Go finds no version', async () => {
	const {system} = accessSystem({code: 0, stdout: ''});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /empty/);
});

test("run the way Go runs it: origin is the ORIGINAL URL, GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never, old Go's GIT_SSH_COMMAND (docs/git.md §0, §5.1)", async () => {
	const {system, seen} = accessSystem({code: 0, stdout: `${oid}\tHEAD\n`});
	await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route({url: `git@${host}:group/project.git`, kind: 'scp'})}), {timeoutMs: 7000});
	assert.ok(seen.some(call => call.args.join(' ') === `remote add origin -- ${repoUrl}`), 'origin is the un-rewritten URL: git applies insteadOf itself');
	const lsRemote = seen.find(call => call.args[0] === 'ls-remote');
	assert.deepEqual(lsRemote?.args, ['ls-remote', '-q', 'origin']);
	assert.equal(lsRemote?.options.env?.['GIT_TERMINAL_PROMPT'], '0');
	assert.equal(lsRemote?.options.env?.['GCM_INTERACTIVE'], 'never');
	assert.equal(lsRemote?.options.env?.['GIT_SSH_COMMAND'], 'ssh -o ControlMaster=no -o BatchMode=yes');
	assert.ok(lsRemote?.options.env?.['GIT_DIR']);
	assert.equal(lsRemote?.options.timeoutMs, 7000, 'our own limit: git has no HTTP connect timeout (docs/git.md §6.25)');
});

test('GIT_SSH or GIT_SSH_COMMAND set by the user: Go adds no GIT_SSH_COMMAND', async () => {
	for (const env of [{HOME: '/home/u', GIT_SSH: '/usr/bin/plink'}, {HOME: '/home/u', GIT_SSH_COMMAND: 'ssh -i key'}]) {
		const {system, seen} = accessSystem({code: 0, stdout: `${oid}\tHEAD\n`}, {env});
		await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}));
		const lsRemote = seen.find(call => call.args[0] === 'ls-remote');
		assert.equal(lsRemote?.options.env?.['GIT_SSH_COMMAND'], env.GIT_SSH_COMMAND);
	}
});

test('core.sshCommand is set: noted that the GIT_SSH_COMMAND older Go sets overrides it (#71482)', async () => {
	const {system} = accessSystem({code: 0, stdout: `${oid}\tHEAD\n`}, {sshCommand: 'ssh -i ~/.ssh/work'});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route({url: `git@${host}:group/project.git`, kind: 'scp'})}));
	assert.match(all(outcome), /core\.sshCommand=ssh -i ~\/\.ssh\/work is set, but Go up to 1\.2x sets GIT_SSH_COMMAND/);
});

// Failures, with git 2.39.5's exact stderr (docs/git.md §5.3, §2.2, docs/openssh.md §2, §4).
test('terminal prompts disabled: no credentials, fix = netrc line for the routed host + token form link', async () => {
	const geo = 'geo.example.com';
	const outcome = await judge(`fatal: could not read Username for 'https://${geo}': terminal prompts disabled\n`, {route: route({url: `https://${geo}/group/project.git`, host: geo, differentHost: true})});
	assert.equal(outcome.status, 'fail');
	assert.equal(failureOf(outcome)?.kind, 'no-credentials');
	assert.equal(outcome.reason, 'git-no-credentials', 'the JSON reason is the failure kind');
	assert.ok(outcome.fixes?.[0]?.commands[0]?.includes(`machine ${geo} login`));
	assert.match(outcome.fixes?.[0]?.link ?? '', /personal_access_tokens.*scopes=read_api/);
	assert.match(all(outcome), /mistyped path looks the same/);
});

test('terminal prompts disabled although git-auth found a .netrc entry: the entry was rejected (a wrong entry looks like none, docs/git.md §2.2)', async () => {
	const outcome = await judge(`fatal: could not read Username for 'https://${host}': terminal prompts disabled\n`, {auth: {method: 'netrc', user: 'alice', source: '/home/u/.netrc:3'}});
	assert.match(all(outcome), /git did send the \.netrc entry \/home\/u\/\.netrc:3 \(login alice\), and GitLab rejected it/);
});

test('HTTP Basic: Access denied: names where the rejected credential came from', async () => {
	const stderr = `remote: HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped. See https://${host}/help/topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied\nfatal: Authentication failed for '${repoUrl}/'\n`;
	const outcome = await judge(stderr, {auth: {method: 'helper', user: 'alice', source: 'credential helper store'}});
	assert.equal(failureOf(outcome)?.kind, 'auth-rejected');
	assert.match(outcome.summary, /rejected the credentials git sent \(alice from credential helper store\)/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`printf 'protocol=https\\nhost=${host}\\n\\n' | git credential reject`]);
	// After a rejected .netrc entry git asks the helper: the second rejection is the helper's.
	const fallback = await judge(stderr, {auth: {method: 'netrc', user: 'alice', source: '/home/u/.netrc:1', fallback: {method: 'helper', user: 'bob', source: 'credential helper store'}}});
	assert.match(fallback.summary, /bob from credential helper store, after GitLab rejected the \.netrc entry/);
});

test('authenticated 404: not found; the two-segment repo of an anonymous go-import answer is pointed out', async () => {
	const stderr = `remote: The project you were looking for could not be found or you don't have permission to view it.\nfatal: repository 'https://${host}/group/sub.git/' not found\n`;
	const sub: ModulePathData = {host, candidates: [`${host}/group/sub/project`], subgroup: true};
	const outcome = await judge(stderr, {route: route({originalUrl: `https://${host}/group/sub.git`, url: `https://${host}/group/sub.git`}), modulePath: sub, auth: {method: 'netrc', user: 'alice'}});
	assert.equal(failureOf(outcome)?.kind, 'not-found');
	assert.match(all(outcome), /only the first two elements of group\/sub\/project/);
	const flagged = await judge(stderr, {
		route: route({originalUrl: `https://${host}/group/sub.git`, url: `https://${host}/group/sub.git`}),
		modulePath: sub,
		goImport: {credentialsSent: false, anonymous: 'two-segment-fallback'},
	});
	assert.match(all(flagged), /without credentials with only the first two path elements/);
	const plain = await judge(`remote: The project you were looking for could not be found or you don't have permission to view it.\nfatal: repository '${repoUrl}/' not found\n`);
	assert.doesNotMatch(all(plain), /first two elements/);
	assert.match(all(plain), /cannot see the project/);
});

test('403 You are not allowed to download code: the token lacks a scope for git', async () => {
	const outcome = await judge(`remote: You are not allowed to download code.\nfatal: unable to access '${repoUrl}/': The requested URL returned error: 403\n`);
	assert.equal(failureOf(outcome)?.kind, 'forbidden');
	assert.match(outcome.summary, /not allowed to download code/);
	assert.match(all(outcome), /read_repository, read_api or api/);
});

test('TLS, GnuTLS and OpenSSL wordings: fix http.sslCAInfo (with SSL_CERT_FILE when Go uses it), and Go trusting it is said', async () => {
	for (const stderr of [
		`fatal: unable to access '${repoUrl}/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none\n`,
		`fatal: unable to access '${repoUrl}/': SSL certificate problem: unable to get local issuer certificate\n`,
		`fatal: unable to access '${repoUrl}/': SSL certificate problem: self-signed certificate\n`,
	]) {
		const outcome = await judge(stderr, {httpsPassed: true});
		assert.equal(failureOf(outcome)?.kind, 'tls', stderr);
		assert.deepEqual(outcome.fixes?.[0]?.commands, [`git config --global http.https://${host}/.sslCAInfo /path/to/ca.pem`], 'scoped to the host: the CA setting for every other host stays');
		assert.match(all(outcome), /Go trusts this server \(the https step passed\)/);
	}
	const {system} = accessSystem({code: 128, stderr: `fatal: unable to access '${repoUrl}/': server certificate verification failed. CAfile: none CRLfile: none\n`}, {env: {HOME: '/home/u', SSL_CERT_FILE: '/etc/corp/ca.pem'}});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}));
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`git config --global http.https://${host}/.sslCAInfo /etc/corp/ca.pem`]);
	assert.equal(outcome.fixes?.[0]?.safe, true, 'the README lists the git CA fix as safe: the tool asks for the file and sets it');
	assert.deepEqual(outcome.fixes?.[0]?.actions, [{kind: 'git-ca', url: `https://${host}/`}]);
});

test('TLS with GIT_SSL_CAINFO set: the variable beats http.sslCAInfo, so the fix changes the variable (docs/git.md §1.3, §6.21)', async () => {
	const stderr = `fatal: unable to access '${repoUrl}/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none\n`;
	const {system} = accessSystem({code: 128, stderr}, {env: {HOME: '/home/u', GIT_SSL_CAINFO: '/etc/ssl/certs/ca-certificates.crt', SSL_CERT_FILE: '/etc/corp/ca.pem'}});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'fail');
	assert.match(all(outcome), /GIT_SSL_CAINFO=\/etc\/ssl\/certs\/ca-certificates\.crt is set/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, ['export GIT_SSL_CAINFO=/etc/corp/ca.pem']);
	assert.ok(!outcome.fixes?.some(fix => fix.commands.length === 1 && fix.commands[0]!.startsWith('git config')), 'a git config fix alone would not work');
});

test('DNS and refused (curl wordings)', async () => {
	const dns = await judge("fatal: unable to access 'https://gitlab.invalid/g/p.git/': Could not resolve host: gitlab.invalid\n");
	assert.equal(failureOf(dns)?.kind, 'dns');
	assert.match(dns.summary, /cannot resolve the host name gitlab\.invalid/);
	const refused = await judge(`fatal: unable to access '${repoUrl}/': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n`);
	assert.equal(failureOf(refused)?.kind, 'refused');
});

test('no answer within our limit: the process is stopped and the limit stated (docs/git.md §6.25)', async () => {
	const {system} = accessSystem({code: undefined, timedOut: true, stderr: ''});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}), {timeoutMs: 3000});
	assert.equal(failureOf(outcome)?.kind, 'timeout');
	assert.match(outcome.summary, /within 3 s/);
	assert.match(all(outcome), /no connect timeout/);
});

test('a Geo redirect warning on success: warn, the secondary is out of date (docs/gitlab.md §3.1)', async () => {
	const {system} = accessSystem({code: 0, stdout: `${oid}\tHEAD\n`, stderr: `warning: redirecting to https://geo.example.com/-/from_secondary/2/group/project.git/\n`});
	const {outcome} = await runCheck(gitAccessCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /out of date/);
	assert.equal((outcome.data as GitAccessData).ok, true);
});

test('SSH failures through git (docs/openssh.md §4): publickey, unknown host key and dns are told apart', async () => {
	const tail = 'fatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n';
	const sshRoute = route({url: `git@${host}:group/project.git`, kind: 'scp'});
	const denied = await judge(`git@${host}: Permission denied (publickey).\n${tail}`, {route: sshRoute});
	assert.deepEqual(failureOf(denied), {kind: 'ssh', failure: {kind: 'publickey', methods: 'publickey'}});
	assert.match(denied.summary, /git over SSH: .*Permission denied/);
	const unknown = await judge(`Host key verification failed.\n${tail}`, {route: sshRoute});
	assert.match(unknown.summary, /does not know the host key/);
	const dns = await judge(`ssh: Could not resolve hostname ${host}: Name or service not known\n${tail}`, {route: sshRoute});
	assert.match(dns.summary, /cannot resolve the host name/);
});

test('a local-path rewrite and a config error are sent back to git-route', async () => {
	const local = await judge(`fatal: 'git@${host}/group/project.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n`, {
		route: route({url: `git@${host}/group/project.git`, kind: 'local'}),
	});
	assert.equal(failureOf(local)?.kind, 'local-path');
	const config = await judge("error: missing value for 'url.ssh://x/.insteadof'\nfatal: bad config variable 'url.ssh://x/.insteadof' in file '/home/u/.gitconfig' at line 4\n");
	assert.equal(failureOf(config)?.kind, 'bad-config');
});

test('summariseRefs ignores blank lines and counts HEAD', () => {
	assert.deepEqual(summariseRefs(`${oid}\tHEAD\n\n${oid}\trefs/tags/v2.0.0\n${oid}\trefs/tags/v2.0.0^{}\n`), {refs: 2, versionTags: ['v2.0.0'], head: true});
});
