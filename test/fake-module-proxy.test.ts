// Proves the module proxies of the rig are real: the real go downloads through the company proxy (its zip passes go's
// checks), the credentials mode answers 401 as go meets it, the cannot-reach mode is "not found", and the public
// stand-ins answer for an internal module as proxy.golang.org and sum.golang.org do (docs/go.md §3.3–§3.4).
import {after, before, describe, test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {
	getTestPki,
	goAvailable,
	makeIsolatedEnv,
	runGoModDownload,
	startConnectProxy,
	startFakeGitlab,
	startModuleProxy,
	startPublicStandIns,
	type FakeGitlab,
	type IsolatedEnvOptions,
	type PublicStandIns,
	type TestPki,
} from './fake-gitlab/index.js';

const skipGo = goAvailable() ? false : 'go is not installed: the module-proxy rig is checked with the real go';
const MODULE = 'gitlab.test/group/sub/project';
const PASSWORD = 'proxy-Secret-rig-0001';

describe('fake module proxies with the real go', {skip: skipGo, concurrency: 2}, () => {
	let pki: TestPki;
	let gl: FakeGitlab;
	let standIns: PublicStandIns;
	before(async () => {
		pki = await getTestPki();
		gl = await startFakeGitlab({pki, projects: [{path: 'group/sub/project', tags: ['v1.0.0', 'v1.1.0']}]});
		standIns = await startPublicStandIns(pki);
	});
	after(async () => {
		await standIns?.close();
		await gl?.close();
	});

	async function goThrough(t: TestContext, mode: Parameters<typeof startModuleProxy>[0]['mode'], env: IsolatedEnvOptions) {
		const company = await startModuleProxy({pki, gitlab: gl, mode, credentials: {username: 'dev', password: PASSWORD}, delayMs: 200});
		const connect = await startConnectProxy({routes: {...gl.routes, ...company.routes, ...standIns.routes}});
		t.after(async () => {
			await connect.close();
			await company.close();
		});
		const made = makeIsolatedEnv({pki, proxy: connect, ...env});
		t.after(() => made.cleanup());
		const go = await runGoModDownload(made.env, MODULE, {timeoutMs: 60_000});
		return {go, company, connect};
	}

	test('serves: go downloads the newest version from the proxy alone, never asking GitLab', async t => {
		gl.clearLog();
		const {go, company} = await goThrough(t, 'serves', {goEnv: {GOPROXY: 'https://goproxy.test', GONOSUMDB: 'gitlab.test'}});
		assert.ok(go.ok, go.error);
		assert.equal(go.json?.Version, 'v1.1.0');
		assert.ok(company.requests.some(request => request.path === `/${MODULE}/@v/v1.1.0.zip` && request.status === 200));
		assert.equal(gl.requests.length, 0, 'go never talks to GitLab on this route');
	});

	test('needs credentials: 401 without them (go stops), 200 with the .netrc entry for the proxy host', async t => {
		const without = await goThrough(t, 'needs-credentials', {goEnv: {GOPROXY: 'https://goproxy.test,direct', GONOSUMDB: 'gitlab.test'}});
		assert.ok(!without.go.ok);
		assert.match(without.go.error ?? '', /401 Unauthorized/);
		const withNetrc = await goThrough(t, 'needs-credentials', {goEnv: {GOPROXY: 'https://goproxy.test', GONOSUMDB: 'gitlab.test'}, netrc: `machine goproxy.test login dev password ${PASSWORD}\n`});
		assert.ok(withNetrc.go.ok, withNetrc.go.error);
		assert.ok(withNetrc.company.requests.every(request => request.login === 'dev'));
	});

	test('cannot reach GitLab: 404 for everything, so go reports not found', async t => {
		const {go} = await goThrough(t, 'cannot-reach-gitlab', {goEnv: {GOPROXY: 'https://goproxy.test', GONOSUMDB: 'gitlab.test'}});
		assert.ok(!go.ok);
		assert.match(go.error ?? '', /404 Not Found/);
	});

	test('public stand-ins: the proxy answers not found, and the checksum database (through the proxy) refuses verification', async t => {
		const notFound = await goThrough(t, 'serves', {goEnv: {GOPROXY: 'https://proxy.golang.org', GONOSUMDB: 'gitlab.test'}});
		assert.ok(!notFound.go.ok);
		assert.match(notFound.go.error ?? '', /404 Not Found/);
		const verifying = await goThrough(t, 'serves', {goEnv: {GOPROXY: 'https://goproxy.test,https://proxy.golang.org'}});
		assert.ok(!verifying.go.ok);
		assert.match(verifying.go.error ?? '', /verifying (go\.mod|module).*sumdb\/sum\.golang\.org\/lookup.*404 Not Found/s);
		assert.ok(!verifying.connect.wasRefused('sum.golang.org'));
	});
});
