// Proves the fake GitLab rig is real: the real go and git against it, plus GitLab's exact answers.
import {after, before, describe, test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {
	getTestPki,
	gitAvailable,
	goAvailable,
	makeIsolatedEnv,
	runGit,
	runGoModDownload,
	startConnectProxy,
	startFakeGitlab,
	TOKEN_EXPIRED_DESCRIPTION,
	TOKEN_REVOKED_DESCRIPTION,
	type ConnectProxy,
	type FakeGitlab,
	type IsolatedEnvOptions,
	type TestPki,
} from './fake-gitlab/index.js';

const skipGo = goAvailable() ? false : 'go is not installed (not on PATH): the real-go checks of the fake GitLab are skipped';
const skipGit = gitAvailable() ? false : 'git is not installed (not on PATH): the real-git checks of the fake GitLab are skipped';

const ALICE = 'glpat-alice0readapi0000001';
const BOB = 'glpat-bob00noaccess0000002';
const CAROL = 'glpat-carol0guest00000003';
const REPO_ONLY = 'glpat-alice0readrepo00004';
const USER_ONLY = 'glpat-alice0readuser00005';
const EXPIRED = 'glpat-alice0expired000006';
const REVOKED = 'glpat-alice0revoked000007';
const JOB = 'glcbt-alice0job00000000008';
const OAUTH = 'gloas-alice0oauth00000009';
const DEPLOY = 'gldt-deploy00000000000010';
const NETRC = `machine gitlab.test login alice password ${ALICE}\n`;

let pki: TestPki;
let gl: FakeGitlab;
let proxy: ConnectProxy;

before(async () => {
	pki = await getTestPki();
	gl = await startFakeGitlab({
		pki,
		projects: [
			{path: 'pub/lib', visibility: 'public'},
			{path: 'group/sub/project', visibility: 'private', members: {alice: 'reporter', carol: 'guest'}, goProxyEnabled: true},
			{path: 'group/renamed', visibility: 'private', members: {alice: 'developer'}, redirectFrom: ['group/old-name']},
			{path: 'group/empty', visibility: 'private', members: {alice: 'owner'}, hasRepo: false},
			{path: 'corp/tool', visibility: 'internal'},
		],
		users: [{username: 'alice', password: 'alice-password'}, {username: 'bob'}, {username: 'carol'}],
		tokens: [
			{token: ALICE, username: 'alice', scopes: ['read_api'], name: 'go modules', expiresAt: '2099-12-31'},
			{token: BOB, username: 'bob', scopes: ['api']},
			{token: CAROL, username: 'carol', scopes: ['read_api']},
			{token: REPO_ONLY, username: 'alice', scopes: ['read_repository']},
			{token: USER_ONLY, username: 'alice', scopes: ['read_user']},
			{token: EXPIRED, username: 'alice', scopes: ['api'], expiresAt: '2020-01-01'},
			{token: REVOKED, username: 'alice', scopes: ['api'], revoked: true},
			{token: JOB, username: 'alice', kind: 'job'},
			{token: OAUTH, username: 'alice', kind: 'oauth', scopes: ['api']},
			{token: DEPLOY, username: 'gitlab+deploy-token-1', kind: 'deploy', scopes: ['read_repository'], projects: ['group/sub/project']},
		],
	});
	proxy = await startConnectProxy({routes: gl.routes});
});

after(async () => {
	await proxy?.close();
	await gl?.close();
});

function isolated(t: TestContext, options: IsolatedEnvOptions = {}): Record<string, string> {
	const made = makeIsolatedEnv({pki, proxy, ...options});
	t.after(() => made.cleanup());
	return made.env;
}

const basic = (username: string, password: string) => ({username, password});

describe('go-get middleware', () => {
	test('current: 200 with the full path for readers, 404 text for credentials without access, 2 segments for anonymous', async () => {
		const ok = await gl.fetch('/group/sub/project/pkg?go-get=1', {basic: basic('anything', ALICE)});
		assert.equal(ok.status, 200);
		assert.equal(ok.headers['content-type'], 'text/html');
		assert.equal(
			ok.body,
			'<html><head><meta name="go-import" content="gitlab.test/group/sub/project git https://gitlab.test/group/sub/project.git"></head><body>go get gitlab.test/group/sub/project</body></html>',
		);
		const anonymous = await gl.fetch('/group/sub/project?go-get=1');
		assert.equal(anonymous.body, gl.texts.goImportHtml('group/sub'));
		for (const credentials of [basic('bob', BOB), basic('alice', REPO_ONLY), basic('alice', EXPIRED), basic('x', 'glpat-unknown000000000000')]) {
			const denied = await gl.fetch('/group/sub/project?go-get=1', {basic: credentials});
			assert.equal(denied.status, 404, credentials.password);
			assert.equal(denied.headers['content-type'], 'text/plain');
			assert.equal(denied.body, gl.texts.goGetNotFound());
		}
		assert.match(gl.texts.goGetNotFound(), /^Go package not found or access denied\. .* See https:\/\/gitlab\.test\/help\/user\/project\/use_project_as_go_package\.md for details\.$/);
		assert.equal((await gl.fetch('/group?go-get=1')).status, 404);
		assert.equal((await gl.fetch('/group/empty?go-get=1', {basic: basic('alice', ALICE)})).status, 404, 'no repository');
		const renamed = await gl.fetch('/group/old-name?go-get=1', {basic: basic('alice', ALICE)});
		assert.equal(renamed.body, gl.texts.goImportHtml('group/renamed'), 'redirect route answers with the new path');
		const job = await gl.fetch('/group/sub/project?go-get=1', {basic: basic('gitlab-ci-token', JOB)});
		assert.equal(job.status, 200);
		assert.equal((await gl.fetch('/pub/lib?go-get=1', {headers: {Authorization: 'Bearer nonsense'}})).status, 200, 'public ignores credentials');
	});

	test('legacy (before 17.3): the 2-segment answer also for authenticated users without access, with go-source', async t => {
		gl.settings.goGetMode = 'legacy';
		t.after(() => {
			gl.settings.goGetMode = 'current';
		});
		const denied = await gl.fetch('/group/sub/project?go-get=1', {basic: basic('bob', BOB)});
		assert.equal(denied.status, 200);
		assert.match(denied.body, /<meta name="go-import" content="gitlab.test\/group\/sub git https:\/\/gitlab.test\/group\/sub.git">/);
		assert.match(denied.body, /<meta name="go-source" content="gitlab.test\/group\/sub https:\/\/gitlab.test\/group\/sub https:\/\/gitlab.test\/group\/sub\/-\/tree\/master\{\/dir\} /);
		const ok = await gl.fetch('/group/sub/project?go-get=1', {basic: basic('alice', ALICE)});
		assert.match(ok.body, /content="gitlab.test\/group\/sub\/project git https:\/\/gitlab.test\/group\/sub\/project.git"/);
		assert.match(ok.body, /\/-\/tree\/main\{\/dir\}/);
		assert.match(ok.body, /<body>go get https:\/\/gitlab.test\/group\/sub\/project<\/body>/);
	});

	test('password authentication for Git disabled: bad credentials give 404 now, 401 (empty) in legacy', async t => {
		gl.settings.passwordAuthForGit = false;
		t.after(() => {
			gl.settings.passwordAuthForGit = true;
			gl.settings.goGetMode = 'current';
		});
		assert.equal((await gl.fetch('/group/sub/project?go-get=1', {basic: basic('alice', 'alice-password')})).status, 404);
		gl.settings.goGetMode = 'legacy';
		const legacy = await gl.fetch('/group/sub/project?go-get=1', {basic: basic('alice', 'alice-password')});
		assert.equal(legacy.status, 401);
		assert.equal(legacy.body, '');
	});

	test('sshOnly names an ssh:// repository', async t => {
		gl.settings.sshOnly = true;
		t.after(() => {
			gl.settings.sshOnly = false;
		});
		const ok = await gl.fetch('/pub/lib?go-get=1');
		assert.match(ok.body, /content="gitlab.test\/pub\/lib git ssh:\/\/git@gitlab.test\/pub\/lib.git"/);
	});
});

describe('token API', () => {
	test('401 bodies for unknown, expired and revoked tokens', async () => {
		const unknown = await gl.fetch('/api/v4/personal_access_tokens/self', {headers: {'PRIVATE-TOKEN': 'glpat-nope0000000000000000'}});
		assert.equal(unknown.status, 401);
		assert.equal(unknown.body, '{"message":"401 Unauthorized"}');
		const none = await gl.fetch('/api/v4/user');
		assert.equal(none.body, '{"message":"401 Unauthorized"}');
		const expired = await gl.fetch('/api/v4/personal_access_tokens/self', {headers: {Authorization: `Bearer ${EXPIRED}`}});
		assert.equal(expired.status, 401);
		assert.equal(expired.body, `{"error":"invalid_token","error_description":"${TOKEN_EXPIRED_DESCRIPTION}"}`);
		assert.equal(expired.headers['www-authenticate'], `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${TOKEN_EXPIRED_DESCRIPTION}"`);
		const revoked = await gl.fetch('/api/v4/personal_access_tokens/self', {headers: {'PRIVATE-TOKEN': REVOKED}});
		assert.equal(revoked.body, `{"error":"invalid_token","error_description":"${TOKEN_REVOKED_DESCRIPTION}"}`);
		const basicAuth = await gl.fetch('/api/v4/personal_access_tokens/self', {basic: basic('alice', ALICE)});
		assert.equal(basicAuth.status, 401, 'Basic is not accepted on /self');
	});

	test('/self, /user, /metadata, /projects/:id', async t => {
		const self = await gl.fetch('/api/v4/personal_access_tokens/self', {headers: {'PRIVATE-TOKEN': ALICE}});
		assert.equal(self.status, 200);
		const body = JSON.parse(self.body) as Record<string, unknown>;
		assert.deepEqual(Object.keys(body), ['id', 'name', 'revoked', 'created_at', 'description', 'scopes', 'user_id', 'last_used_at', 'active', 'expires_at', 'last_used_ips']);
		assert.equal(body.name, 'go modules');
		assert.deepEqual(body.scopes, ['read_api']);
		assert.equal(body.expires_at, '2099-12-31');
		const oauth = await gl.fetch('/api/v4/personal_access_tokens/self', {headers: {Authorization: `Bearer ${OAUTH}`}});
		assert.equal(oauth.status, 400);
		assert.equal(oauth.body, '{"message":"400 Bad request - This endpoint requires token type to be a personal access token"}');
		const user = JSON.parse((await gl.fetch('/api/v4/user', {headers: {'PRIVATE-TOKEN': ALICE}})).body) as {username: string};
		assert.equal(user.username, 'alice');
		const scope = await gl.fetch('/api/v4/user', {headers: {'PRIVATE-TOKEN': REPO_ONLY}});
		assert.equal(scope.status, 403);
		assert.equal(JSON.parse(scope.body).error, 'insufficient_scope');
		const metadata = JSON.parse((await gl.fetch('/api/v4/metadata', {headers: {'PRIVATE-TOKEN': ALICE}})).body) as {version: string};
		assert.equal(metadata.version, '17.6.2');
		const byPath = await gl.fetch('/api/v4/projects/group%2Fsub%2Fproject', {headers: {'PRIVATE-TOKEN': ALICE}});
		assert.equal(JSON.parse(byPath.body).path_with_namespace, 'group/sub/project');
		const hidden = await gl.fetch('/api/v4/projects/group%2Fsub%2Fproject', {headers: {'PRIVATE-TOKEN': BOB}});
		assert.equal(hidden.status, 404);
		assert.equal(hidden.body, '{"message":"404 Project Not Found"}');
		assert.equal((await gl.fetch('/api/v4/projects/1')).status, 200, 'public project by id, anonymous');

		gl.settings.instanceVersion = '15.4.0';
		t.after(() => {
			gl.settings.instanceVersion = '17.6.2';
		});
		const old = await gl.fetch('/api/v4/personal_access_tokens/self', {headers: {'PRIVATE-TOKEN': ALICE}});
		assert.equal(old.status, 404);
		assert.equal(old.body, '{"error":"404 Not Found"}');
	});
});

describe('git smart HTTP', () => {
	const refs = '/group/sub/project.git/info/refs?service=git-upload-pack';

	test('status codes and bodies of docs/gitlab.md §5.1', async () => {
		const anonymous = await gl.fetch(refs);
		assert.equal(anonymous.status, 401);
		assert.equal(anonymous.headers['www-authenticate'], 'Basic realm="GitLab"');
		assert.equal(anonymous.body, gl.texts.gitAccessDenied());
		assert.equal((await gl.fetch('/nope/nothing.git/info/refs?service=git-upload-pack')).status, 401, 'nonexistent looks private');
		const noAccess = await gl.fetch(refs, {basic: basic('bob', BOB)});
		assert.equal(noAccess.status, 404);
		assert.equal(noAccess.body, gl.texts.gitProjectNotFound());
		const userOnly = await gl.fetch(refs, {basic: basic('alice', USER_ONLY)});
		assert.equal(userOnly.status, 403);
		assert.equal(userOnly.body, 'You are not allowed to download code.');
		assert.equal((await gl.fetch(refs, {basic: basic('carol', CAROL)})).status, 403, 'guest on a private project');
		assert.equal((await gl.fetch(refs, {basic: basic('whoever', REPO_ONLY)})).status, 200, 'read_repository is enough for git');
		assert.equal((await gl.fetch(refs, {basic: basic('gitlab+deploy-token-1', DEPLOY)})).status, 200);
		assert.equal((await gl.fetch(refs, {basic: basic('someone-else', DEPLOY)})).status, 401, 'deploy token needs its own username');
		assert.equal((await gl.fetch(refs, {basic: basic('gitlab-ci-token', JOB)})).status, 200);
		assert.equal((await gl.fetch(refs, {basic: basic('alice', 'alice-password')})).status, 200);
		assert.equal((await gl.fetch('/pub/lib.git/info/refs?service=git-upload-pack')).status, 200);
		assert.equal((await gl.fetch('/corp/tool.git/info/refs?service=git-upload-pack', {basic: basic('bob', BOB)})).status, 200, 'internal: any user');
		assert.equal((await gl.fetch(refs, {method: 'HEAD'})).status, 403);
	});

	test('real git: a wrong token gives "HTTP Basic: Access denied"; a right one lists refs over protocol v2', {skip: skipGit}, async t => {
		const env = isolated(t);
		const wrong = await runGit(env, ['ls-remote', 'https://oauth2:glpat-wrong0000000000000000@gitlab.test/group/sub/project.git']);
		assert.equal(wrong.exitCode, 128);
		assert.match(wrong.stderr, /remote: HTTP Basic: Access denied\./);
		assert.match(wrong.stderr, /fatal: Authentication failed for 'https:\/\/gitlab.test\/group\/sub\/project.git\/'/);
		gl.clearLog();
		const right = await runGit(env, ['ls-remote', `https://oauth2:${ALICE}@gitlab.test/group/sub/project.git`]);
		assert.equal(right.exitCode, 0, right.stderr);
		assert.match(right.stdout, /\trefs\/tags\/v1\.0\.0$/m);
		const authed = gl.requests.find(r => r.status === 200 && r.handler === 'git');
		assert.equal(authed?.gitProtocol, 'version=2');
		assert.equal(authed?.credential?.username, 'alice');
		assert.equal(authed?.credential?.masked, 'glpat-…0001');
		assert.ok(!JSON.stringify(gl.requests).includes(ALICE), 'the log never holds the secret');
	});
});

describe('real go against the fake', {skip: skipGo}, () => {
	test('a public project downloads', async t => {
		const result = await runGoModDownload(isolated(t, {goEnv: {GOPRIVATE: 'gitlab.test'}}), 'gitlab.test/pub/lib');
		assert.ok(result.ok, result.error);
		assert.equal(result.json?.Version, 'v1.0.0');
	});

	test('a private subgroup project downloads with a read_api token in .netrc', async t => {
		gl.clearLog();
		const result = await runGoModDownload(isolated(t, {goEnv: {GOPRIVATE: 'gitlab.test'}, netrc: NETRC}), 'gitlab.test/group/sub/project');
		assert.ok(result.ok, result.error);
		assert.equal(result.json?.Version, 'v1.0.0');
		const goGet = gl.requests.find(r => r.handler === 'go-get');
		assert.equal(goGet?.authorization, 'basic');
		assert.equal(goGet?.credential?.tokenName, 'go modules');
		assert.equal(goGet?.status, 200);
	});

	test('without credentials Go fails with the two-segment symptom', async t => {
		const result = await runGoModDownload(isolated(t, {goEnv: {GOPRIVATE: 'gitlab.test'}}), 'gitlab.test/group/sub/project');
		assert.equal(result.ok, false);
		assert.match(result.error ?? '', /could not read Username for 'https:\/\/gitlab.test'|repository '.*' not found/);
	});

	test('credentials for git only: the wrong repository (group/sub.git) is not found', async t => {
		const env = isolated(t, {goEnv: {GOPRIVATE: 'gitlab.test'}, insteadOf: [{base: `https://alice:${ALICE}@gitlab.test/`, insteadOf: 'https://gitlab.test/'}]});
		const result = await runGoModDownload(env, 'gitlab.test/group/sub/project');
		assert.equal(result.ok, false);
		assert.match(result.error ?? '', /fatal: repository 'https:\/\/gitlab.test\/group\/sub.git\/' not found/);
	});

	test('without GOPRIVATE the private path goes to proxy.golang.org, which the proxy refuses and records', async t => {
		proxy.clearLog();
		const result = await runGoModDownload(isolated(t, {netrc: NETRC}), 'gitlab.test/group/sub/project');
		assert.equal(result.ok, false);
		assert.match(result.error ?? '', /proxy\.golang\.org/);
		assert.ok(proxy.wasRefused('proxy.golang.org'));
		assert.equal(proxy.refused[0]?.target, 'proxy.golang.org:443');
	});

	test('a CA trusted by Go but not by git: discovery works, git fails TLS', async t => {
		const result = await runGoModDownload(isolated(t, {goEnv: {GOPRIVATE: 'gitlab.test'}, netrc: NETRC, gitTrustsCa: false}), 'gitlab.test/group/sub/project');
		assert.equal(result.ok, false);
		assert.match(result.error ?? '', /server certificate verification failed/);
	});

	test('the GitLab Go proxy serves list/info/mod/zip that Go accepts', async t => {
		const env = isolated(t, {netrc: NETRC, goEnv: {GOPROXY: 'https://gitlab.test/api/v4/projects/2/packages/go', GONOSUMDB: 'gitlab.test'}});
		const result = await runGoModDownload(env, 'gitlab.test/group/sub/project');
		assert.ok(result.ok, result.error);
		assert.match(result.json?.Sum ?? '', /^h1:/);
		const list = '/api/v4/projects/2/packages/go/gitlab.test/group/sub/project/@v/list';
		assert.equal((await gl.fetch(list)).status, 401);
		assert.equal((await gl.fetch(list, {basic: basic('carol', CAROL)})).body, '{"message":"403 Forbidden"}');
		assert.equal((await gl.fetch(list, {basic: basic('bob', BOB)})).body, '{"message":"404 Project Not Found"}');
		assert.equal((await gl.fetch(list, {basic: basic('gitlab-ci-token', JOB)})).status, 401, 'job token via Basic is not accepted');
		assert.equal((await gl.fetch(list, {headers: {'JOB-TOKEN': JOB}})).status, 200);
		assert.equal((await gl.fetch('/api/v4/projects/3/packages/go/gitlab.test/group/renamed/@v/list', {basic: basic('alice', ALICE)})).body, '{"message":"404 Not Found"}', 'feature flag off');
	});
});

describe('Geo secondary', {skip: skipGit}, () => {
	test('outdated repositories redirect to /-/from_secondary/2/ and are served from the primary; job tokens are refused', async t => {
		const secondary = await startFakeGitlab({role: 'secondary', primary: gl, host: 'geo.gitlab.test', outdatedRepos: ['group/sub/project']});
		t.after(() => secondary.close());
		proxy.addRoutes(secondary.routes);
		const env = isolated(t);
		const outdated = await runGit(env, ['ls-remote', `https://alice:${ALICE}@geo.gitlab.test/group/sub/project.git`]);
		assert.equal(outdated.exitCode, 0, outdated.stderr);
		assert.match(outdated.stderr, /warning: redirecting to https:\/\/geo.gitlab.test\/-\/from_secondary\/2\/group\/sub\/project.git\//);
		const upToDate = await runGit(env, ['ls-remote', `https://alice:${ALICE}@geo.gitlab.test/group/renamed.git`]);
		assert.equal(upToDate.exitCode, 0, upToDate.stderr);
		assert.doesNotMatch(upToDate.stderr, /redirecting/);
		const job = await runGit(env, ['ls-remote', `https://gitlab-ci-token:${JOB}@geo.gitlab.test/group/renamed.git`]);
		assert.equal(job.exitCode, 128);
		assert.match(job.stderr, /HTTP Basic: Access denied/);
		const onPrimary = await runGit(env, ['ls-remote', `https://gitlab-ci-token:${JOB}@gitlab.test/group/renamed.git`]);
		assert.equal(onPrimary.exitCode, 0, onPrimary.stderr);
	});
});

describe('hostile modes, plain HTTP, latency and the proxy', () => {
	test('per-path hostile answers', async t => {
		gl.settings.hostile = [
			{mode: 'status-500', path: '/h/500'},
			{mode: 'html-login-page', path: '/h/login'},
			{mode: 'redirect-to-other-host', path: '/h/other', otherHost: 'elsewhere.test'},
			{mode: 'redirect-loop', path: '/h/loop'},
			{mode: 'reset', path: '/h/reset'},
			{mode: 'never-answer', path: '/h/never'},
			{mode: 'endless-body', path: '/h/endless'},
		];
		t.after(() => {
			gl.settings.hostile = [];
		});
		assert.equal((await gl.fetch('/h/500?go-get=1')).status, 500);
		const login = await gl.fetch('/h/login/x?go-get=1');
		assert.equal(login.status, 200);
		assert.match(login.body, /<title>Sign in · GitLab<\/title>/);
		assert.equal((await gl.fetch('/h/other/p?go-get=1')).headers.location, 'https://elsewhere.test/h/other/p?go-get=1');
		assert.equal((await gl.fetch('/h/loop?go-get=1')).headers.location, 'https://gitlab.test/h/loop?go-get=1');
		await assert.rejects(gl.fetch('/h/reset'));
		await assert.rejects(gl.fetch('/h/never', {timeoutMs: 300}), /timeout/);
		await assert.rejects(gl.fetch('/h/endless', {timeoutMs: 300}), /timeout/);
		assert.equal((await gl.fetch('/pub/lib?go-get=1')).status, 200, 'other paths unaffected');
	});

	test('plain HTTP instance with added latency', async t => {
		const plain = await startFakeGitlab({pki, protocol: 'http', host: 'plain.test', addedLatencyMs: 150, projects: [{path: 'a/b', visibility: 'public'}]});
		t.after(() => plain.close());
		assert.deepEqual(Object.keys(plain.routes), ['plain.test:80']);
		const started = Date.now();
		const answer = await plain.fetch('/a/b?go-get=1');
		assert.ok(Date.now() - started >= 140);
		assert.match(answer.body, /content="plain.test\/a\/b git http:\/\/plain.test\/a\/b.git"/);
	});

	test('proxy: 407 when it requires authentication, 403 for unregistered targets', async t => {
		const strict = await startConnectProxy({routes: gl.routes, requireAuth: {username: 'u', password: 'p'}});
		t.after(() => strict.close());
		const ask = (headers: string) =>
			new Promise<string>((resolve, reject) => {
				const socket = connect(strict.port, '127.0.0.1', () => socket.write(`CONNECT gitlab.test:443 HTTP/1.1\r\nHost: gitlab.test:443\r\n${headers}\r\n`));
				socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
				socket.once('data', chunk => {
					resolve(chunk.toString('latin1').split('\r\n')[0] ?? '');
					socket.destroy();
				});
				socket.on('error', reject);
			});
		assert.equal(await ask(''), 'HTTP/1.1 407 Proxy Authentication Required');
		assert.equal(await ask(`Proxy-Authorization: Basic ${Buffer.from('u:p').toString('base64')}\r\n`), 'HTTP/1.1 200 Connection established');
		assert.equal(strict.log[0]?.outcome, 'auth-required');
	});
});
