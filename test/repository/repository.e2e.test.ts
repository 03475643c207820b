// Repository mode against the fake GitLab, with the real `go mod download` of each checked module as the referee of
// its verdict (as in the conformance suite): private, public and unknown modules, a project the token cannot see,
// a required tag that does not exist, host checks once per host.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {getTestPki, goAvailable, makeIsolatedEnv, runGoModDownload, startConnectProxy, startFakeGitlab, type ConnectProxy, type FakeGitlab} from '../fake-gitlab/index.js';
import {runCli} from '../helpers/run-cli.js';

const token = 'glpat-repoRepoRepoRepo0001';
const goMod = `module gitlab.test/me/app

go 1.19

require (
	github.com/pkg/errors v0.9.1
	gitlab.test/group/priv-a v1.0.0
	gitlab.test/group/sub/priv-b v1.0.0
	gitlab.test/group/pub v1.0.0
	gitlab.test/group/priv-hidden v1.0.0 // indirect
	gitlab.test/group/priv-tag v1.1.0
)
`;

type Module = {module: string; version?: string; classification: string; reason: string; verdict: string; checks: Array<{id: string; status: string; reason?: string}>; versionProblem?: string};

describe('repository mode against the fake GitLab', {skip: goAvailable() ? false : 'go is not installed', timeout: 300_000}, () => {
	let gl: FakeGitlab;
	let proxy: ConnectProxy;
	let env: Record<string, string>;
	let cleanup: () => void;
	let repo: string;
	before(async () => {
		const pki = await getTestPki();
		gl = await startFakeGitlab({
			pki,
			projects: [
				{path: 'group/priv-a', members: {alice: 'reporter'}},
				{path: 'group/sub/priv-b', members: {alice: 'reporter'}},
				{path: 'group/pub', visibility: 'public'},
				{path: 'group/priv-hidden', members: {bob: 'reporter'}},
				{path: 'group/priv-tag', members: {alice: 'reporter'}, tags: ['v1.0.0']},
			],
			users: [{username: 'alice'}, {username: 'bob'}],
			tokens: [{token, username: 'alice', scopes: ['read_api']}],
		});
		proxy = await startConnectProxy({routes: gl.routes});
		// A company setup: every module straight from its origin, no checksum database; GOPRIVATE names the private
		// groups only, so group/pub is public and classified by GitLab's anonymous answer.
		const isolated = makeIsolatedEnv({
			pki,
			proxy,
			goEnv: {GOPRIVATE: 'gitlab.test/group/priv-*,gitlab.test/group/sub', GOPROXY: 'direct', GOSUMDB: 'off'},
			netrc: `machine gitlab.test login alice password ${token}\n`,
		});
		env = isolated.env;
		cleanup = isolated.cleanup;
		repo = join(env['HOME']!, 'app');
		mkdirSync(repo);
		writeFileSync(join(repo, 'go.mod'), goMod);
	});
	after(async () => {
		cleanup?.();
		await proxy?.close();
		await gl?.close();
	});

	test('online: one line per module, host checks once, each verdict agrees with go mod download', async () => {
		const before = gl.requests.length;
		const run = await runCli(['--dir', repo, '--json', '--timeout', '5'], {env, timeoutMs: 120_000});
		assert.equal(run.code, 1, run.stderr);
		const document = JSON.parse(run.stdout) as {verdict: string; hosts: Array<{host: string; checks: Array<{id: string}>}>; modules: Module[]};
		const byPath = new Map(document.modules.map(module => [module.module, module]));
		assert.equal(byPath.get('github.com/pkg/errors')?.classification, 'public');
		// Go sends its .netrc credentials to gitlab.test, so nothing is asked anonymously: the entry marks the host private.
		assert.match(byPath.get('gitlab.test/group/pub')?.reason ?? '', /\.netrc entry/);
		assert.equal(byPath.get('gitlab.test/group/pub')?.verdict, 'pass');
		assert.equal(byPath.get('gitlab.test/group/priv-a')?.classification, 'private');
		assert.match(byPath.get('gitlab.test/group/priv-a')!.reason, /GOPRIVATE/);
		// Host-level checks: once for the host.
		assert.deepEqual(document.hosts.map(host => host.host), ['gitlab.test']);
		assert.deepEqual(document.hosts[0]!.checks.map(check => check.id).sort(), ['geo-secondary', 'https', 'netrc', 'token']);
		const tokenLookups = gl.requests.slice(before).filter(request => request.path.includes('/personal_access_tokens/self'));
		assert.equal(tokenLookups.length, 1, 'one token lookup for the host');

		// The referee: the real go for every module the tool checked.
		for (const module of document.modules.filter(each => each.module.startsWith('gitlab.test/'))) {
			const go = await runGoModDownload(env, module.module, {version: module.version});
			assert.equal(module.verdict !== 'fail', go.ok, `${module.module}@${module.version}: go ${go.ok ? 'succeeds' : `fails (${go.error})`}, the tool says ${module.verdict}: ${JSON.stringify(module.checks.filter(check => check.status === 'fail'))} ${module.versionProblem ?? ''}`);
		}
		assert.match(byPath.get('gitlab.test/group/priv-tag')?.versionProblem ?? '', /unknown revision v1\.1\.0/);
		assert.equal(byPath.get('gitlab.test/group/priv-hidden')?.verdict, 'fail');

		// The real go confirms failures only: a module whose checks pass is not fetched again.
		const confirmOf = (path: string) => byPath.get(path)?.checks.find(check => check.id === 'go-confirm');
		assert.equal(confirmOf('gitlab.test/group/priv-a')?.status, 'skip');
		for (const failing of ['gitlab.test/group/priv-hidden', 'gitlab.test/group/priv-tag']) {
			assert.equal(confirmOf(failing)?.status, 'fail', failing);
			assert.match(confirmOf(failing)?.reason ?? '', /^go-fails:/, failing);
		}
		// go.mod names module paths: the tool (and go) ask ?go-get=1 for exactly those, never a shorter prefix
		// (docs/go.md §5.1).
		const required = new Set(document.modules.map(module => `/${module.module.split('/').slice(1).join('/')}?go-get=1`));
		const asked = gl.requests.slice(before).filter(request => request.path.includes('go-get=1')).map(request => request.path);
		assert.ok(asked.length > 0 && asked.every(path => required.has(path)), asked.join(' '));
	});

	test('MODULE@VERSION: a version with no tag fails git-access with go\'s "unknown revision", an existing one passes; go agrees', async () => {
		for (const [version, exists] of [['v1.1.0', false], ['v1.0.0', true]] as const) {
			const run = await runCli([`gitlab.test/group/priv-tag@${version}`, '--json', '--no-confirm', '--timeout', '5'], {env, timeoutMs: 60_000});
			const document = JSON.parse(run.stdout) as {verdict: string; checks: Array<{id: string; status: string; summary: string}>};
			const access = document.checks.find(check => check.id === 'git-access');
			const go = await runGoModDownload(env, 'gitlab.test/group/priv-tag', {version});
			assert.equal(go.ok, exists, go.error);
			if (exists) {
				assert.equal(access?.status, 'pass', JSON.stringify(access));
				assert.equal(run.code, 0, run.stdout);
			} else {
				assert.equal(access?.status, 'fail', JSON.stringify(access));
				assert.match(access?.summary ?? '', new RegExp(`unknown revision ${version.replace(/\./g, '\\.')}`));
				assert.equal(run.code, 1, run.stdout);
			}
		}
	});

	test('offline: nothing is claimed that needs GitLab; a module on a host nothing marks is unknown with a warning', async () => {
		const offlineRepo = join(env['HOME']!, 'offline');
		mkdirSync(offlineRepo);
		writeFileSync(join(offlineRepo, 'go.mod'), `${goMod.replace(/\)\n$/, '')}\tgitlab.other.test/team/tool v0.3.0\n)\n`);
		const requestsBefore = gl.requests.length;
		const run = await runCli(['--dir', offlineRepo, '--offline', '--json'], {env, timeoutMs: 60_000});
		assert.equal(run.code, 0, run.stdout);
		assert.equal(gl.requests.length, requestsBefore, 'offline sends nothing');
		const modules = new Map((JSON.parse(run.stdout) as {modules: Module[]}).modules.map(module => [module.module, module]));
		assert.equal(modules.get('gitlab.other.test/team/tool')?.classification, 'unknown');
		assert.equal(modules.get('gitlab.other.test/team/tool')?.verdict, 'warn');
		// Go has credentials for gitlab.test: every module there counts as private.
		assert.equal(modules.get('gitlab.test/group/pub')?.classification, 'private');
	});
});
