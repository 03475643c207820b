import type {GoEnvData, GoImportData, NetrcData} from '../../source/engine/check-data.js';
import {resolveTarget} from '../../source/engine/target.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {hostNeedsCredentials, netrcCheck} from '../../source/checks/netrc.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const token = 'glpat-aaaaBBBBccccDDDD1234';
const entry = `machine gitlab.example.com login alice password ${token}\n`;
const curl788 = {'curl --version': {stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 GnuTLS/3.7.9\n'}};
const goEnv = (version: string, settings: Record<string, string> = {}): GoEnvData => ({
	goVersion: {text: `go${version}`, major: 1, minor: Number(version.split('.')[1])},
	settings: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, {value, source: 'environment' as const}])),
});

test('Go and git agree on one entry: pass, and the token only ever prints masked', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': entry}, commands: curl788});
	const {outcome, redactor} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /alice \/ glpat-\*\*\*\* from \/home\/u\/\.netrc line 1/);
	const data = outcome.data as NetrcData;
	assert.equal(data.goCredential?.password, token);
	const printed = redactor.redact(JSON.stringify({...outcome, data: undefined}));
	assert.ok(!printed.includes(token));
});

test('NETRC points elsewhere: Go reads it, git 2.39 (libcurl 7.88) ignores NETRC and reads ~/.netrc (docs/curl.md §1.1, docs/git.md §6.18)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u', NETRC: '/ci/netrc'}, files: {'/ci/netrc': entry}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.match([outcome.summary, ...(outcome.details ?? [])].join('\n'), /libcurl ignores NETRC and reads \/home\/u\/\.netrc/);
	assert.equal((outcome.data as NetrcData).goCredential?.login, 'alice');
	assert.equal((outcome.data as NetrcData).gitCredential, undefined);
});

test('curl 8.16 and later honour NETRC: Go and git then read the same file (docs/curl.md §1.1, docs/sources.md §R16)', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/u', NETRC: '/ci/netrc'},
		files: {'/ci/netrc': entry},
		commands: {'curl --version': {stdout: 'curl 8.16.0 (x86_64-pc-linux-gnu) libcurl/8.16.0\n'}},
	});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'pass');
});

test('a `default` entry alone: Go sends nothing, git sends it — the difference is reported (docs/curl.md §1.3)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': `default login bob password ${token}\n`}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.equal((outcome.data as NetrcData).goCredential, undefined);
	assert.equal((outcome.data as NetrcData).gitCredential?.login, 'bob');
	assert.match((outcome.details ?? []).join('\n'), /git would send bob/);
	assert.ok(outcome.fixes?.some(fix => fix.link?.includes('scopes=read_api')));
});

test('a file readable by others warns and offers chmod 600 as a safe fix', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': {text: entry, mode: 0o644}}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /other users \(mode 644\)/);
	const chmod = outcome.fixes?.find(fix => fix.commands.some(command => command.startsWith('chmod 600')));
	assert.ok(chmod?.safe);
	assert.deepEqual(chmod?.commands, ['chmod 600 /home/u/.netrc']);
});

test('an entry with a port does not match the module host; it is reported as a near miss (docs/go.md §1.3)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': `machine gitlab.example.com:443 login a password ${token}\n`}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.equal((outcome.data as NetrcData).goCredential, undefined);
	assert.match((outcome.details ?? []).join('\n'), /gitlab\.example\.com:443/);
});

test('GOAUTH=off on Go 1.24+: Go reads no .netrc at all (docs/go.md §2)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': entry}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system, upstreamOf({'go-env': goEnv('1.24', {GOAUTH: 'off'})}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /GOAUTH=off/);
	assert.equal((outcome.data as NetrcData).goCredential, undefined);
});

test('GOAUTH is ignored by Go before 1.24', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': entry}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system, upstreamOf({'go-env': goEnv('1.19', {GOAUTH: 'off'})}));
	assert.equal(outcome.status, 'pass');
});

test('.netrc that is a directory: a clear warning, no crash', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': {directory: true}}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.match((outcome.details ?? []).join('\n'), /directory/);
});

test('a quoted password: curl strips the quotes, Go keeps them, so they send different secrets (docs/curl.md §1.3)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': `machine gitlab.example.com login alice password "${token}"\n`}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.equal((outcome.data as NetrcData).goCredential?.password, `"${token}"`);
	assert.equal((outcome.data as NetrcData).gitCredential?.password, token);
	assert.match(outcome.summary, /different credential/);
	assert.match((outcome.details ?? []).join('\n'), /Go keeps the double quotes/, 'the rule explains why');
});

test('a 50 MB netrc is read only to the limit and does not crash', async () => {
	const big = entry + 'x '.repeat(25 * 1024 * 1024);
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': big}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal((outcome.data as NetrcData).goCredential?.login, 'alice');
	assert.match((outcome.details ?? []).join('\n') + outcome.summary, /1 MiB/);
});

test('online, no entry and GitLab\'s anonymous answer is the two-segment fallback: fail, the project needs credentials (docs/gitlab.md §1.3)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: curl788});
	const upstream = upstreamOf({'go-import': {credentialsSent: false, anonymous: 'two-segment-fallback'}});
	const {outcome} = await runCheck(netrcCheck, system, upstream, {offline: false});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /first two path elements/);
	assert.ok(outcome.fixes?.some(fix => fix.actions?.some(action => action.kind === 'netrc-entry')));
});

test('online, no entry and a 404 without credentials: fail', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system, upstreamOf({'go-import': {credentialsSent: false, anonymous: 'not-found'}}), {offline: false});
	assert.equal(outcome.status, 'fail');
});

test('online, no entry for a public project: pass, none needed', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system, upstreamOf({'go-import': {credentialsSent: false, anonymous: 'public'}}), {offline: false});
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /public/);
	assert.equal(outcome.fixes?.length ?? 0, 0);
	assert.ok(!system.calls.includes('curl --version'), 'no NETRC and no file: curl\'s release changes nothing, so it is not asked');
});

test('no entry for a VCS-qualified path: pass, Go makes no HTTPS request of its own (docs/go.md §5.2)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: curl788});
	const modulePath = {host: 'gitlab.example.com', candidates: [], subgroup: true, qualifier: {root: 'gitlab.example.com/g/s/p.git', repo: 'gitlab.example.com/g/s/p', vcs: 'git'}};
	const {outcome} = await runCheck(netrcCheck, system, upstreamOf({'module-path': modulePath}));
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /\.git qualifier/);
});

test('in a GitLab CI job with no .netrc, the fix writes the job token entry (login gitlab-ci-token) from $CI_JOB_TOKEN', async () => {
	const ciEnv = {HOME: '/home/u', GITLAB_CI: 'true', CI: 'true', CI_SERVER_HOST: 'gitlab.example.com', CI_JOB_TOKEN: 'glcbt-64_jobjobjobjobjobjob'};
	const system = fakeSystem({env: ciEnv, files: {}, commands: curl788});
	const {outcome} = await runCheck(netrcCheck, system);
	const fix = outcome.fixes?.[0];
	assert.ok(fix, 'a fix is offered');
	assert.match(fix.commands[0] ?? '', /login gitlab-ci-token password %s\\n' "\$CI_SERVER_HOST" "\$CI_JOB_TOKEN" >> \/home\/u\/\.netrc/);
	assert.equal(fix.link, undefined, 'no personal token page in a CI job');
	assert.ok(!JSON.stringify(outcome).includes('jobjobjob'), 'the job token itself is never printed');

	// Another instance than the job's: the job token is no use there.
	const other = await runCheck(netrcCheck, fakeSystem({env: {...ciEnv, CI_SERVER_HOST: 'gitlab.other.com'}, files: {}, commands: curl788}));
	assert.ok(!other.outcome.fixes?.some(each => each.commands.some(command => command.includes('gitlab-ci-token'))));
});

test('a .netrc holding the literal text $CI_JOB_TOKEN (single quotes in the job script) fails and says why', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/u', GITLAB_CI: 'true', CI_SERVER_HOST: 'gitlab.example.com', CI_JOB_TOKEN: 'glcbt-64_jobjobjobjobjobjob'},
		files: {'/home/u/.netrc': {text: 'machine gitlab.example.com login gitlab-ci-token password $CI_JOB_TOKEN\n', mode: 0o600}},
		commands: curl788,
	});
	const {outcome} = await runCheck(netrcCheck, system);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /literal text \$CI_JOB_TOKEN.*single quotes/);
	assert.match(outcome.fixes?.[0]?.commands[0] ?? '', /"\$CI_JOB_TOKEN"/);
});

test('`machine https://HOST`: Go 1.24 uses it, Go 1.19 and 1.23 do not, and the check says which Go decided (auth.go per release)', async () => {
	const files = {'/home/u/.netrc': `machine https://gitlab.example.com login alice password ${token}\n`};
	for (const [version, used] of [['1.19.8', false], ['1.23.5', false], ['1.24.4', true]] as const) {
		const system = fakeSystem({env: {HOME: '/home/u'}, files, commands: curl788});
		const {outcome} = await runCheck(netrcCheck, system, upstreamOf({'go-env': goEnv(version)}));
		const data = outcome.data as NetrcData;
		assert.equal(data.goCredential?.login, used ? 'alice' : undefined, `go ${version}`);
		if (!used) assert.match((outcome.details ?? []).join('\n'), new RegExp(`go${version.replace(/\./g, '\\.')} runs here[^]*only Go 1\\.24 and later strip it`), `go ${version}`);
	}
});

test('repository mode: whichever module comes first, the host needs .netrc credentials when every module does; when only some do, they are named', () => {
	const entry = (module: string, anonymous: GoImportData['anonymous']) => ({target: resolveTarget(module), data: {anonymous} as GoImportData});
	const publicOne = entry('gitlab.example.com/group/public', 'public');
	const subgroup = entry('gitlab.example.com/group/sub/private', 'two-segment-fallback');
	const hidden = entry('gitlab.example.com/group/hidden', 'not-found');
	for (const goImports of [[publicOne, subgroup], [subgroup, publicOne]]) {
		const need = hostNeedsCredentials(goImports, []);
		assert.equal(need.needed, undefined);
		assert.equal(need.some, true);
		assert.equal(need.who, 'gitlab.example.com/group/sub/private needs');
		assert.match(need.because!, /^without them GitLab answers \?go-get=1 with only the first two path elements/);
	}
	for (const goImports of [[hidden, subgroup], [subgroup, hidden]]) {
		const need = hostNeedsCredentials(goImports, []);
		assert.equal(need.needed, true);
		assert.equal(need.who, 'every module on the host (2) needs');
	}
	assert.equal(hostNeedsCredentials([publicOne, entry('gitlab.example.com/group/other', 'public')], []).needed, false);
	// One module GitLab said nothing clear about: unknown, not "none needed".
	assert.equal(hostNeedsCredentials([publicOne, entry('gitlab.example.com/group/odd', 'other')], []).needed, undefined);
});
