// The token and go-import checks end to end: the real System (createNodeSystem), the engine, the fake GitLab behind a
// CONNECT proxy, and where it matters the real go, to show our verdict agrees with what go does.
import type {GoImportData, TokenData} from '../../source/engine/check-data.js';
import {after, before, test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {goEnvCheck} from '../../source/checks/go-env.js';
import {goImportCheck} from '../../source/checks/go-import.js';
import {httpsCheck} from '../../source/checks/https.js';
import {modulePathCheck} from '../../source/checks/module-path.js';
import {tokenCheck} from '../../source/checks/token.js';
import {Redactor} from '../../source/engine/redact.js';
import {runGraph, type Finished} from '../../source/engine/scheduler.js';
import type {CheckId} from '../../source/engine/types.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {
	getTestPki,
	goAvailable,
	makeIsolatedEnv,
	runGoModDownload,
	startConnectProxy,
	startFakeGitlab,
	type ConnectProxy,
	type FakeGitlab,
	type InstanceSettings,
	type TestPki,
} from '../fake-gitlab/index.js';

const ALICE = 'glpat-alice0readapi0000001';
const BOB = 'glpat-bob00noaccess0000002';
const REPO_ONLY = 'glpat-alice0readrepo00004';
const EXPIRED = 'glpat-alice0expired000006';
const REVOKED = 'glpat-alice0revoked000007';
const SECRETS = [ALICE, BOB, REPO_ONLY, EXPIRED, REVOKED];
const netrcFor = (login: string, token: string) => `machine gitlab.test login ${login} password ${token}\n`;
const noGo = 'go is not installed (not on PATH): the comparison with what go really does is skipped';

let pki: TestPki;
let gl: FakeGitlab;
let proxy: ConnectProxy;

before(async () => {
	pki = await getTestPki();
	gl = await startFakeGitlab({
		pki,
		projects: [
			{path: 'pub/lib', visibility: 'public'},
			{path: 'group/sub/project', members: {alice: 'reporter'}},
			{path: 'group/renamed', members: {alice: 'developer'}, redirectFrom: ['group/old-name']},
		],
		users: [{username: 'alice'}, {username: 'bob'}],
		tokens: [
			{token: ALICE, username: 'alice', scopes: ['read_api'], name: 'go modules', expiresAt: '2099-12-31'},
			{token: BOB, username: 'bob', scopes: ['api']},
			{token: REPO_ONLY, username: 'alice', scopes: ['read_repository']},
			{token: EXPIRED, username: 'alice', scopes: ['api'], expiresAt: '2020-01-01'},
			{token: REVOKED, username: 'alice', scopes: ['api'], revoked: true},
		],
	});
	proxy = await startConnectProxy({routes: gl.routes});
});

after(async () => {
	await proxy?.close();
	await gl?.close();
});

type Run = {
	finished: Map<CheckId, Finished>;
	token: Finished;
	goImport: Finished;
	env: Record<string, string>;
	printed: string;
};

const savedSettings = new WeakMap<TestContext, InstanceSettings>();

/** One run of go-env, module-path, https, token and go-import through the engine, as the CLI would run them. */
async function diagnose(t: TestContext, module: string, options: {netrc?: string; timeoutMs?: number; settings?: Partial<InstanceSettings>} = {}): Promise<Run> {
	if (!savedSettings.has(t)) {
		const saved = {...gl.settings};
		savedSettings.set(t, saved);
		t.after(() => Object.assign(gl.settings, saved));
	}
	Object.assign(gl.settings, savedSettings.get(t), options.settings ?? {});
	const isolated = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test', GOFLAGS: '-mod=mod'}, ...(options.netrc ? {netrc: options.netrc} : {})});
	t.after(() => isolated.cleanup());
	const secrets = new Redactor();
	const context = {
		options: {module, offline: false, timeoutMs: options.timeoutMs ?? 5000, verbose: true},
		system: createNodeSystem(isolated.env),
		secrets,
	};
	gl.clearLog();
	const finished = await runGraph({checks: [goEnvCheck, modulePathCheck, httpsCheck, tokenCheck, goImportCheck], context});
	const results = [...finished.values()].map(entry => entry.result);
	const printed = secrets.redact(JSON.stringify(results));
	for (const secret of SECRETS) assert.ok(!printed.includes(secret), 'a token reached the output');
	return {finished, token: finished.get('token')!, goImport: finished.get('go-import')!, env: isolated.env, printed};
}

const tokenData = (run: Run) => run.token.data as TokenData | undefined;
const goImportData = (run: Run) => run.goImport.data as GoImportData | undefined;
const text = (entry: Finished) => [entry.result.summary, ...entry.result.details, ...entry.result.fixes.flatMap(fix => [fix.title, ...fix.commands, fix.link ?? ''])].join('\n');

async function goAgrees(t: TestContext, run: Run, module: string, expected: 'ok' | 'fails', pattern?: RegExp): Promise<void> {
	if (!goAvailable()) {
		t.diagnostic(noGo);
		return;
	}
	const result = await runGoModDownload(run.env, module, {timeoutMs: 30_000});
	assert.equal(result.ok, expected === 'ok', `go mod download: ${result.error ?? 'ok'}`);
	if (pattern) assert.match(result.error ?? '', pattern);
}

test('healthy: a read_api token for a private subgroup project passes both checks, and go downloads the module', async t => {
	const module = 'gitlab.test/group/sub/project';
	const run = await diagnose(t, module, {netrc: netrcFor('alice', ALICE)});
	assert.equal(run.token.result.status, 'pass', text(run.token));
	assert.match(run.token.result.summary, /personal access token "go modules" of alice: read_api, sees group\/sub\/project/);
	assert.deepEqual(tokenData(run), {kind: 'personal', scopes: ['read_api'], expiresAt: '2099-12-31', username: 'alice', canSeeProject: true, projectPath: 'group/sub/project'});
	assert.equal(run.goImport.result.status, 'pass', text(run.goImport));
	assert.deepEqual(goImportData(run), {
		match: {prefix: module, vcs: 'git', repoRoot: 'https://gitlab.test/group/sub/project.git', page: 'https://gitlab.test/group/sub/project?go-get=1'},
		credentialsSent: true,
	});
	// What the server saw: go-get with Basic and Go's User-Agent; the API with PRIVATE-TOKEN, never Basic.
	const goGets = gl.requests.filter(entry => entry.handler === 'go-get');
	assert.ok(goGets.length >= 1);
	for (const entry of goGets) {
		assert.equal(entry.userAgent, 'Go-http-client/1.1');
		assert.equal(entry.authorization, 'basic');
	}
	const api = gl.requests.filter(entry => entry.handler === 'api' && entry.authorization !== 'none');
	assert.ok(api.some(entry => entry.path === '/api/v4/personal_access_tokens/self'));
	assert.ok(api.every(entry => entry.authorization === 'private-token'), JSON.stringify(api));
	await goAgrees(t, run, module, 'ok');
});

test('no .netrc: token skips; go-import fails on the two-segment answer, and go fails to fetch the module', async t => {
	const module = 'gitlab.test/group/sub/project';
	const run = await diagnose(t, module);
	assert.equal(run.token.result.status, 'skip');
	assert.equal(run.token.result.summary, 'Go sends no credentials for gitlab.test');
	assert.deepEqual(run.token.result.blockedBy, []);
	assert.equal(run.goImport.result.status, 'fail', text(run.goImport));
	assert.match(run.goImport.result.summary, /only group\/sub: .*wrong repository \(https:\/\/gitlab\.test\/group\/sub\.git\)/);
	assert.equal(goImportData(run)?.anonymous, 'two-segment-fallback');
	assert.equal(goImportData(run)?.match?.prefix, 'gitlab.test/group/sub');
	assert.ok(run.goImport.result.fixes.some(fix => fix.link === 'https://gitlab.test/-/user_settings/personal_access_tokens?name=go-modules&scopes=read_api'));
	assert.ok(run.goImport.result.fixes.some(fix => fix.commands.includes('go get gitlab.test/group/sub/project.git')));
	assert.ok(gl.requests.filter(entry => entry.handler === 'go-get').every(entry => entry.authorization === 'none'));
	await goAgrees(t, run, module, 'fails');
});

test('a read_repository-only token: token fails naming read_api; go-import fails with 404 and points at the token step', async t => {
	const module = 'gitlab.test/group/sub/project';
	const run = await diagnose(t, module, {netrc: netrcFor('alice', REPO_ONLY)});
	assert.equal(run.token.result.status, 'fail');
	assert.match(run.token.result.summary, /has read_repository but not read_api: git can clone with it, but GitLab's go-get discovery cannot see the project/);
	assert.equal(run.goImport.result.status, 'fail');
	assert.match(run.goImport.result.summary, /404 although Go sent credentials/);
	assert.match(text(run.goImport), /"GitLab token" step/);
	assert.equal(goImportData(run)?.credentialsSent, true);
	assert.equal(goImportData(run)?.anonymous, undefined);
	await goAgrees(t, run, module, 'fails', /404 Not Found/);
});

test('expired and revoked tokens fail as such, with a form link and the netrc line to write (no real token)', async t => {
	const module = 'gitlab.test/group/sub/project';
	for (const [token, word] of [
		[EXPIRED, 'has expired'],
		[REVOKED, 'has been revoked'],
	] as const) {
		const run = await diagnose(t, module, {netrc: netrcFor('alice', token)});
		assert.equal(run.token.result.status, 'fail');
		assert.match(run.token.result.summary, new RegExp(word));
		const fix = run.token.result.fixes[0]!;
		assert.equal(fix.link, 'https://gitlab.test/-/user_settings/personal_access_tokens?name=go-modules&scopes=read_api');
		assert.deepEqual(fix.commands, ['machine gitlab.test login alice password YOUR_TOKEN']);
		assert.equal(run.goImport.result.status, 'fail');
	}
});

test('a user without access: token fails "cannot see", go-import fails with 404', async t => {
	const module = 'gitlab.test/group/sub/project';
	const run = await diagnose(t, module, {netrc: netrcFor('bob', BOB)});
	assert.equal(run.token.result.status, 'fail');
	assert.match(run.token.result.summary, /bob cannot see group\/sub\/project on gitlab\.test/);
	assert.match(text(run.token), /Reporter access/);
	assert.equal(tokenData(run)?.canSeeProject, false);
	assert.equal(run.goImport.result.status, 'fail');
	assert.match(run.goImport.result.summary, /404 although Go sent credentials/);
});

test('a public project without credentials passes as public, and go downloads it', async t => {
	const module = 'gitlab.test/pub/lib';
	const run = await diagnose(t, module);
	assert.equal(run.token.result.status, 'skip');
	assert.equal(run.goImport.result.status, 'pass', text(run.goImport));
	assert.equal(goImportData(run)?.anonymous, 'public');
	assert.equal(goImportData(run)?.credentialsSent, false);
	await goAgrees(t, run, module, 'ok');
});

test('GitLab before 15.5 (no /personal_access_tokens/self): no false failure, and it says the scopes are unknown', async t => {
	const run = await diagnose(t, 'gitlab.test/group/sub/project', {netrc: netrcFor('alice', ALICE), settings: {instanceVersion: '15.0.0', goGetMode: 'legacy'}});
	assert.equal(run.token.result.status, 'pass', text(run.token));
	assert.match(text(run.token), /scopes and expiry date cannot be read/);
	assert.equal(tokenData(run)?.scopes, undefined);
	assert.equal(tokenData(run)?.projectPath, 'group/sub/project');
	assert.equal(run.goImport.result.status, 'pass', text(run.goImport));
});

test('legacy go-get (before 17.3): a good token passes; a read_repository token gets the two-element answer, which is flagged', async t => {
	const module = 'gitlab.test/group/sub/project';
	const good = await diagnose(t, module, {netrc: netrcFor('alice', ALICE), settings: {goGetMode: 'legacy'}});
	assert.equal(good.goImport.result.status, 'pass', text(good.goImport));
	assert.equal(goImportData(good)?.match?.prefix, module);
	const weak = await diagnose(t, module, {netrc: netrcFor('alice', REPO_ONLY), settings: {goGetMode: 'legacy'}});
	assert.equal(weak.goImport.result.status, 'warn', text(weak.goImport));
	assert.match(weak.goImport.result.summary, /only group\/sub/);
	assert.equal(weak.token.result.status, 'fail');
	await goAgrees(t, weak, module, 'fails');
});

test('a renamed project: go-import names the canonical path GitLab returned, and go fails the same way', async t => {
	const module = 'gitlab.test/group/old-name';
	const run = await diagnose(t, module, {netrc: netrcFor('alice', ALICE)});
	assert.equal(run.goImport.result.status, 'fail');
	assert.match(run.goImport.result.summary, /GitLab names the project gitlab\.test\/group\/renamed, .*moved or renamed/);
	assert.match(text(run.token), /group\/old-name as group\/renamed now/);
	await goAgrees(t, run, module, 'fails', /did not match import path/);
});

test('an instance that allows SSH only: go-import passes and says git will need an SSH key', async t => {
	const run = await diagnose(t, 'gitlab.test/group/sub/project', {netrc: netrcFor('alice', ALICE), settings: {sshOnly: true}});
	assert.equal(run.goImport.result.status, 'pass');
	assert.equal(goImportData(run)?.match?.repoRoot, 'ssh://git@gitlab.test/group/sub/project.git');
	assert.match(text(run.goImport), /SSH key/);
});

test('hostile: a login page and a 500 everywhere: go-import fails clearly, the token step says it cannot check', async t => {
	for (const mode of ['html-login-page', 'status-500'] as const) {
		const run = await diagnose(t, 'gitlab.test/group/sub/project', {netrc: netrcFor('alice', ALICE), settings: {hostile: [{mode}]}});
		assert.equal(run.finished.get('https')!.result.status, 'warn');
		// The token step cannot check (warn: go never asks the API); go-import is where go get fails.
		assert.equal(run.token.result.status, 'warn', mode);
		assert.equal(run.goImport.result.status, 'fail', mode);
		if (mode === 'html-login-page') {
			assert.match(run.token.result.summary, /HTML page \("Sign in · GitLab"\)/);
			assert.match(run.goImport.result.summary, /no go-import tag: that is not GitLab's go-get answer/);
		} else {
			assert.match(run.token.result.summary, /answered 500/);
			assert.match(run.goImport.result.summary, /500/);
		}
	}
});

test('hostile: a server that never answers is bounded by --timeout', async t => {
	const started = Date.now();
	const everything = await diagnose(t, 'gitlab.test/group/sub/project', {netrc: netrcFor('alice', ALICE), timeoutMs: 800, settings: {hostile: [{mode: 'never-answer'}]}});
	assert.equal(everything.finished.get('https')!.result.status, 'fail');
	assert.deepEqual(everything.token.result.blockedBy, ['https']);
	assert.deepEqual(everything.goImport.result.blockedBy, ['https']);
	// Only ?go-get=1 hangs: https and token pass, go-import fails with the limit.
	const goGetOnly = await diagnose(t, 'gitlab.test/group/sub/project', {netrc: netrcFor('alice', ALICE), timeoutMs: 800, settings: {hostile: [{mode: 'never-answer', path: /go-get=1/}]}});
	assert.equal(goGetOnly.token.result.status, 'pass');
	assert.equal(goGetOnly.goImport.result.status, 'fail');
	assert.match(goGetOnly.goImport.result.summary, /no answer from gitlab\.test:443 .*within 0\.8 s/);
	assert.ok(Date.now() - started < 15_000, 'bounded in time');
});

test('only the API answers 500: go-get and git work, so nothing fails (go never calls the API), and go agrees', async t => {
	const module = 'gitlab.test/group/sub/project';
	const run = await diagnose(t, module, {netrc: netrcFor('alice', ALICE), settings: {hostile: [{mode: 'status-500', path: '/api/'}]}});
	assert.equal(run.token.result.status, 'warn');
	assert.equal(run.goImport.result.status, 'pass');
	await goAgrees(t, run, module, 'ok');
});
