import type {GoEnvData, ModulePathData, TokenData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createTokenCheck} from '../../source/checks/token.js';
import {daysUntil} from '../../source/checks/token-access.js';
import type {Check, Outcome} from '../../source/engine/types.js';
import {runSteps, stepKey} from '../../source/engine/scheduler.js';
import {resolveTarget} from '../../source/engine/target.js';
import type {HttpRequest, HttpResult} from '../../source/system/types.js';
import {html as page, json, response, router, type Route} from '../helpers/fake-http.js';
import {contextFor, fakeSystem, runCheck, runOptions, upstreamOf} from '../helpers/fake-system.js';

const html = (status: number, body: string): HttpResult => page(status, body, 'text/html; charset=utf-8');

const host = 'gitlab.example.com';
const PAT = 'glpat-aaaaBBBBccccDDDD1234';
const curl788 = {'curl --version': {stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11\n'}};
const subgroupPath: ModulePathData = {
	host,
	candidates: [`${host}/group/sub/project/pkg`, `${host}/group/sub/project`, `${host}/group/sub`, `${host}/group`, host],
	subgroup: true,
};
const api = (path: string) => `https://${host}/api/v4/${path}`;
const selfUrl = api('personal_access_tokens/self');
const projectUrl = (path: string) => api(`projects/${encodeURIComponent(path)}`);
const today = () => new Date('2025-03-10T15:00:00Z');
const tokenCheck = createTokenCheck({today});

// GitLab's exact bodies (docs/gitlab.md §2.2, §2.3).
const EXPIRED = 'Token is expired. You can either do re-authorization or token refresh.';
const REVOKED = 'Token was revoked. You have to re-authorize from the user.';
const invalidToken = (description: string) =>
	json(401, {error: 'invalid_token', error_description: description}, {
		'www-authenticate': `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
	});
const unauthorized = () => json(401, {message: '401 Unauthorized'});
const projectNotFound = () => json(404, {message: '404 Project Not Found'});
const noSuchRoute = () => json(404, {error: '404 Not Found'});
const insufficientScope = (scopes: string) =>
	json(403, {error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: scopes});
const selfBody = (overrides: Record<string, unknown> = {}) => ({
	id: 4,
	name: 'go modules',
	revoked: false,
	created_at: '2024-07-23T14:31:47.729Z',
	description: '',
	scopes: ['read_api'],
	user_id: 3,
	last_used_at: '2025-03-01T17:58:37.550Z',
	active: true,
	expires_at: '2026-01-01',
	last_used_ips: ['127.0.0.1'],
	...overrides,
});
const userBody = (username = 'alice') => ({id: 3, username, name: 'Alice', state: 'active'});
const projectBody = (path: string, extra: Record<string, unknown> = {}) => ({id: 7, path_with_namespace: path, visibility: 'private', ...extra});



/** Routes for a PAT on a healthy instance; override what a test is about. */
function healthy(overrides: Record<string, Route> = {}): Record<string, Route> {
	return {
		[selfUrl]: json(200, selfBody()),
		[api('user')]: json(200, userBody()),
		[projectUrl('group/sub/project/pkg')]: projectNotFound(),
		[projectUrl('group/sub/project')]: json(200, projectBody('group/sub/project')),
		[projectUrl('group/sub')]: projectNotFound(),
		...overrides,
	};
}

async function check(
	routes: Record<string, Route>,
	options: {netrc?: string; modulePath?: ModulePathData; goEnv?: GoEnvData; check?: typeof tokenCheck} = {},
) {
	const {http, requests} = router(routes);
	const netrc = options.netrc ?? `machine ${host} login alice password ${PAT}\n`;
	const system = fakeSystem({env: {HOME: '/home/u'}, files: netrc ? {'/home/u/.netrc': netrc} : {}, commands: curl788, http});
	const modulePath = options.modulePath ?? subgroupPath;
	const {outcome, redactor} = await runCheck(options.check ?? tokenCheck, system, upstreamOf({'module-path': modulePath, ...(options.goEnv ? {'go-env': options.goEnv} : {})}), {
		module: modulePath.candidates[0]!,
		offline: false,
	});
	const shown = JSON.stringify({...outcome, data: undefined});
	return {outcome: outcome as Outcome<TokenData>, data: outcome.data as TokenData | undefined, requests, text: allText(outcome), shown, redactor};
}

function allText(outcome: Outcome<unknown>): string {
	return [outcome.summary, ...(outcome.details ?? []), ...(outcome.fixes ?? []).flatMap(fix => [fix.title, ...fix.commands, fix.link ?? ''])].join('\n');
}

function assertNoSecret(shown: string, ...secrets: string[]) {
	for (const secret of secrets) assert.ok(!shown.includes(secret), `the secret reached the outcome: ${shown}`);
}

const newTokenLink = `https://${host}/-/user_settings/personal_access_tokens?name=go-modules&scopes=read_api`;

test('no .netrc entry Go uses for the host: skip (not blocked), and nothing is asked', async () => {
	const {outcome, requests} = await check({}, {netrc: `machine other.example.com login a password ${PAT}\n`});
	assert.equal(outcome.status, 'skip');
	assert.equal(outcome.summary, `Go sends no credentials for ${host}`);
	assert.equal(requests.length, 0);
});

test('GOAUTH=off (Go 1.24+): Go reads no .netrc, so there is nothing to check (docs/go.md §2)', async () => {
	const goEnv: GoEnvData = {goVersion: {text: 'go1.24.1', major: 1, minor: 24}, settings: {GOAUTH: {value: 'off', source: 'environment'}}};
	const {outcome, requests} = await check({}, {goEnv});
	assert.equal(outcome.status, 'skip');
	assert.match(allText(outcome), /GOAUTH=off/);
	assert.equal(requests.length, 0);
});

test('a live read_api token whose user sees the project: pass; PRIVATE-TOKEN only, never Basic, only https to the host', async () => {
	const {outcome, data, requests, shown} = await check(healthy());
	assert.equal(outcome.status, 'pass', allText(outcome));
	assert.equal(outcome.summary, 'the personal access token "go modules" of alice: read_api, sees group/sub/project');
	assert.deepEqual(data, {kind: 'personal', scopes: ['read_api'], expiresAt: '2026-01-01', username: 'alice', canSeeProject: true, projectPath: 'group/sub/project'});
	for (const request of requests) {
		assert.ok(request.url.startsWith(`https://${host}/api/v4/`), request.url);
		assert.equal(request.basicAuth, undefined);
		assert.equal(request.headers?.['PRIVATE-TOKEN'], PAT);
	}
	// Project paths with at least two elements after the host, all asked (longest first); no single-element path.
	assert.deepEqual(
		requests.filter(request => request.url.includes('/projects/')).map(request => request.url),
		[projectUrl('group/sub/project/pkg'), projectUrl('group/sub/project'), projectUrl('group/sub')],
	);
	assert.equal(outcome.evidence?.['netrcEntry'], `/home/u/.netrc line 1: machine ${host} login alice password glpat-****`);
	assertNoSecret(shown, PAT);
});

test('the longest candidate that answers 200 is the project, whatever the shorter ones say', async () => {
	const {data} = await check(healthy({[projectUrl('group/sub')]: json(200, projectBody('group/sub'))}));
	assert.equal(data?.projectPath, 'group/sub/project');
});

test('expired token: GitLab\'s 401 invalid_token "Token is expired" → fail with the form link and the netrc line, no real token', async () => {
	const {outcome, data, shown} = await check(healthy({[selfUrl]: invalidToken(EXPIRED)}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /\(glpat-\*\*\*\*, \/home\/u\/\.netrc line 1\) has expired/);
	assert.equal(data?.kind, 'personal');
	assert.equal(outcome.fixes?.[0]?.link, newTokenLink);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`machine ${host} login alice password YOUR_TOKEN`]);
	assertNoSecret(shown, PAT);
});

test('revoked token: "Token was revoked" → fail as revoked', async () => {
	const {outcome} = await check(healthy({[selfUrl]: invalidToken(REVOKED)}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /has been revoked/);
});

test('unknown glpat- token: {"message":"401 Unauthorized"} → fail, GitLab does not know it (no Bearer retry for a glpat-)', async () => {
	const {outcome, requests} = await check(healthy({[selfUrl]: unauthorized()}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /GitLab does not know the token Go sends/);
	assert.equal(requests.length, 1);
});

test('read_repository alone: git would clone, but discovery needs read_api → fail with that explanation, no project lookups', async () => {
	const {outcome, data, requests} = await check(healthy({[selfUrl]: json(200, selfBody({scopes: ['read_repository']}))}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /has read_repository but not read_api: git can clone with it, but GitLab's go-get discovery cannot see the project/);
	assert.match(allText(outcome), /Scopes cannot be added to an existing token/);
	assert.equal(outcome.fixes?.[0]?.link, newTokenLink);
	assert.deepEqual(data?.scopes, ['read_repository']);
	assert.equal(requests.filter(request => request.url.includes('/projects/')).length, 0);
});

test('read_user alone: neither discovery nor git accepts it', async () => {
	const {outcome} = await check(healthy({[selfUrl]: json(200, selfBody({scopes: ['read_user']}))}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /has read_user: neither go-get discovery nor git accepts it/);
});

test('api is as good as read_api', async () => {
	const {outcome} = await check(healthy({[selfUrl]: json(200, selfBody({scopes: ['api']}))}));
	assert.equal(outcome.status, 'pass');
});

test('a VCS-qualified path needs no discovery: read_repository is enough', async () => {
	const modulePath: ModulePathData = {host, candidates: [`${host}/group/sub/project.git`], qualifier: {root: `${host}/group/sub/project.git`, repo: `${host}/group/sub/project`, vcs: 'git'}, subgroup: true};
	const {outcome} = await check(healthy({[selfUrl]: json(200, selfBody({scopes: ['read_repository']}))}), {modulePath});
	assert.equal(outcome.status, 'pass', allText(outcome));
});

test('expiry within 7 days warns (calendar days, UTC, from the injected date); 8 days passes', async () => {
	const soon = await check(healthy({[selfUrl]: json(200, selfBody({expires_at: '2025-03-17'}))}));
	assert.equal(soon.outcome.status, 'warn');
	assert.match(soon.outcome.summary, /stops working in 7 days \(expires 2025-03-17/);
	assert.equal(soon.outcome.fixes?.[0]?.link, newTokenLink);
	const later = await check(healthy({[selfUrl]: json(200, selfBody({expires_at: '2025-03-18'}))}));
	assert.equal(later.outcome.status, 'pass');
	const never = await check(healthy({[selfUrl]: json(200, selfBody({expires_at: null}))}));
	assert.equal(never.outcome.status, 'pass');
	assert.equal(never.data?.expiresAt, undefined);
	assert.equal(daysUntil('2025-03-11', today()), 1);
});

test("the token's user cannot see the project (404 for every candidate) → fail naming it, fix: Reporter access", async () => {
	const {outcome, data} = await check(healthy({[projectUrl('group/sub/project')]: projectNotFound()}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /alice cannot see group\/sub\/project\/pkg on gitlab\.example\.com \(nor any project above it\)/);
	assert.match(outcome.fixes?.[0]?.title ?? '', /Reporter access \(or higher\) for alice/);
	assert.equal(data?.canSeeProject, false);
});

test('a Guest sees the project but git cannot clone it: warn', async () => {
	const permissions = {project_access: {access_level: 10, notification_level: 3}, group_access: null};
	const {outcome} = await check(healthy({[projectUrl('group/sub/project')]: json(200, projectBody('group/sub/project', {permissions}))}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /only a Guest of group\/sub\/project/);
});

test('a moved project: GitLab names it by its new path; a note, not a failure', async () => {
	const {outcome, data} = await check(healthy({[projectUrl('group/sub/project')]: json(200, projectBody('group/new-home'))}));
	assert.equal(outcome.status, 'pass');
	assert.equal(data?.projectPath, 'group/new-home');
	assert.match(allText(outcome), /GitLab knows group\/sub\/project as group\/new-home now/);
});

test('the .netrc login differs from the token\'s user: a note only (GitLab ignores it for PATs, docs/gitlab.md §1.6)', async () => {
	const {outcome} = await check(healthy(), {netrc: `machine ${host} login oauth2 password ${PAT}\n`});
	assert.equal(outcome.status, 'pass');
	assert.match(allText(outcome), /The \.netrc login is "oauth2", but the token belongs to alice: GitLab ignores the login/);
});

test('GitLab before 15.5: /self answers 404 {"error":"404 Not Found"} → /user and the project decide; scopes unknown, no false failure', async () => {
	const {outcome, data} = await check(healthy({[selfUrl]: noSuchRoute()}));
	assert.equal(outcome.status, 'pass', allText(outcome));
	assert.match(outcome.summary, /can read group\/sub\/project through the API, so it has api or read_api/);
	assert.match(allText(outcome), /scopes and expiry date cannot be read/);
	assert.equal(data?.scopes, undefined);
	assert.equal(data?.username, 'alice');
});

test('GitLab before 15.5 with a token /user refuses for scope (403 insufficient_scope): no read_api → fail', async () => {
	const {outcome} = await check(
		healthy({
			[selfUrl]: noSuchRoute(),
			[api('user')]: insufficientScope('api read_api read_user'),
			[projectUrl('group/sub/project')]: insufficientScope('api read_api'),
			[projectUrl('group/sub/project/pkg')]: insufficientScope('api read_api'),
			[projectUrl('group/sub')]: insufficientScope('api read_api'),
		}),
	);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /has neither read_api nor api/);
});

// go never calls the REST API: a broken API alone cannot fail the run (conformance "API answers 500 but go-get and git
// work"); the go-import check fails when go-get meets the same trouble.
test('HTML instead of JSON (a sign-in page) → warn: cannot check, saying what answered', async () => {
	const {outcome} = await check({[selfUrl]: html(200, '<!DOCTYPE html><html><head><title>Sign in · GitLab</title></head><body></body></html>')});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /^cannot check the token: .* answered 200 OK with an HTML page \("Sign in · GitLab"\), not GitLab's JSON/);
	assert.match(allText(outcome), /Go itself never asks the API/);
});

test('a 500 → warn: cannot check, the server has a problem', async () => {
	const {outcome} = await check({[selfUrl]: html(500, '<html><head><title>Something went wrong (500)</title></head></html>')});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /cannot check the token: GitLab's API at gitlab\.example\.com answered 500 Internal Server Error \(the server, or a proxy in front of it, has a problem\)/);
});

test('a 500 on the project lookup after a good /self is no failure either', async () => {
	const {outcome} = await check(healthy({[projectUrl('group/sub/project')]: html(500, '<html></html>'), [projectUrl('group/sub/project/pkg')]: html(500, '<html></html>')}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /cannot check the token/);
});

test('a timeout → warn with the limit and a longer --timeout', async () => {
	const timeout: HttpResult = {ok: false, failure: {kind: 'timeout', message: `no answer from ${host} within 10 s`, via: {}}};
	const {outcome} = await check({[selfUrl]: timeout});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /cannot check the token: no answer from gitlab\.example\.com within 10 s/);
	assert.ok(outcome.fixes?.some(fix => fix.commands.some(command => command.includes('--timeout 30'))));
});

test('a redirect to another host (an SSO page) → warn naming that host', async () => {
	const sso: HttpResult = {
		ok: true,
		response: {
			...response(200, '<html><head><title>Corporate SSO</title></head></html>', {'content-type': 'text/html'}, 'https://sso.example.net/login'),
			redirects: [{from: selfUrl, status: 302, to: 'https://sso.example.net/login', credentialsSent: true}],
		},
	};
	const {outcome} = await check({[selfUrl]: sso});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /HTML page \("Corporate SSO"\) from sso\.example\.net/);
});

test('a deploy token (gldt-, or a gitlab+deploy-token-N login) → fail: no read_project for go-get; only anonymous requests are made', async () => {
	for (const netrc of [`machine ${host} login deployer password gldt-0123456789abcdefghij\n`, `machine ${host} login gitlab+deploy-token-3 password Zx81abcdefghijklmnop\n`]) {
		const {outcome, data, requests} = await check(
			{[projectUrl('group/sub/project/pkg')]: projectNotFound(), [projectUrl('group/sub/project')]: projectNotFound(), [projectUrl('group/sub')]: projectNotFound()},
			{netrc},
		);
		assert.equal(outcome.status, 'fail', netrc);
		assert.match(outcome.summary, /is a deploy token .*go-get discovery does not accept deploy tokens for a private project/);
		assert.equal(data?.kind, 'deploy');
		assert.ok(requests.every(request => request.headers?.['PRIVATE-TOKEN'] === undefined && request.basicAuth === undefined));
	}
});

test('a deploy token for a public project: pass (GitLab ignores credentials for public projects)', async () => {
	const {outcome} = await check(
		{[projectUrl('group/sub/project/pkg')]: projectNotFound(), [projectUrl('group/sub/project')]: json(200, projectBody('group/sub/project', {visibility: 'public'})), [projectUrl('group/sub')]: projectNotFound()},
		{netrc: `machine ${host} login gitlab+deploy-token-3 password gldt-0123456789abcdefghij\n`},
	);
	assert.equal(outcome.status, 'pass');
});

test('a CI job token: /self is not asked (it answers 401 for job tokens); seen project → pass with the proxy/Geo note; 401 → warn, never fail', async () => {
	const netrc = `machine ${host} login gitlab-ci-token password glcbt-64_abcdefghijklmnopqrst\n`;
	const seen = await check(healthy(), {netrc});
	assert.equal(seen.outcome.status, 'pass');
	assert.equal(seen.data?.kind, 'job');
	assert.match(allText(seen.outcome), /does not work through GitLab's Go proxy .*nor on a Geo secondary/);
	assert.ok(seen.requests.every(request => request.url !== selfUrl && request.headers?.['JOB-TOKEN'] === 'glcbt-64_abcdefghijklmnopqrst'));
	const ended = await check(
		{[projectUrl('group/sub/project/pkg')]: unauthorized(), [projectUrl('group/sub/project')]: unauthorized(), [projectUrl('group/sub')]: unauthorized()},
		{netrc: `machine ${host} login gitlab-ci-token password 64_abcdefghijklmnopqrst\n`},
	);
	assert.equal(ended.outcome.status, 'warn');
	assert.equal(ended.data?.kind, 'job');
});

test('a CI job token that cannot see the project (404): warn, with the target project\'s job token allowlist as the fix', async () => {
	const netrc = `machine ${host} login gitlab-ci-token password glcbt-64_abcdefghijklmnopqrst\n`;
	const {outcome} = await check({[projectUrl('group/sub/project/pkg')]: projectNotFound(), [projectUrl('group/sub/project')]: projectNotFound(), [projectUrl('group/sub')]: projectNotFound()}, {netrc});
	assert.equal(outcome.status, 'warn');
	const fix = outcome.fixes?.find(each => /Job token permissions/.test(each.title));
	assert.ok(fix, allText(outcome));
	assert.match(fix.link ?? '', /\/-\/settings\/ci_cd#js-token-access$/);
});

test('an account password (no known prefix; 401 with PRIVATE-TOKEN and Bearer) → warn about password auth for Git and 2FA', async () => {
	const {outcome, data, shown} = await check({[selfUrl]: unauthorized()}, {netrc: `machine ${host} login alice password hunter2-correct-horse\n`});
	assert.equal(outcome.status, 'warn');
	assert.equal(data?.kind, 'password');
	assert.match(allText(outcome), /password authentication for Git over HTTP\(S\)" is on, and never for a user with two-factor authentication/);
	assertNoSecret(shown, 'hunter2-correct-horse');
});

test('an OAuth token: Bearer on /self answers 400 "requires … personal access token" → warn (two-hour lifetime)', async () => {
	const oauth = 'a0b1c2d3e4f5a0b1c2d3e4f5a0b1c2d3e4f5a0b1c2d3e4f5a0b1c2d3e4f5a0b1';
	const {outcome, data} = await check(
		healthy({
			[selfUrl]: (request: HttpRequest) =>
				request.headers?.['Authorization'] ? json(400, {message: '400 Bad request - This endpoint requires token type to be a personal access token'}) : unauthorized(),
		}),
		{netrc: `machine ${host} login oauth2 password ${oauth}\n`},
	);
	assert.equal(outcome.status, 'warn', allText(outcome));
	assert.equal(data?.kind, 'oauth');
	assert.equal(data?.projectPath, 'group/sub/project');
	assert.match(outcome.summary, /OAuth access token, which GitLab lets live only two hours/);
});

test('a runner or feed token is no credential for Git or go-get: fail without asking GitLab', async () => {
	const {outcome, requests} = await check({}, {netrc: `machine ${host} login alice password glrt-abcdefghijklmnopqrst\n`});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /a runner authentication token/);
	assert.equal(requests.length, 0);
});

test('an instance prefix before glpat- is still a personal access token (docs/gitlab.md §2.6)', async () => {
	const {outcome, requests} = await check(healthy({[selfUrl]: unauthorized()}), {netrc: `machine ${host} login alice password SIE-glpat-abcdefghijklmnopqrst\n`});
	assert.match(outcome.summary, /GitLab does not know the token/);
	assert.equal(requests.length, 1, 'no Bearer probe for a glpat- token');
});

test('a GitLab under a relative URL root: the API is found under the first path element, and the project paths lose it', async () => {
	const modulePath: ModulePathData = {host, candidates: [`${host}/gitlab/group/sub/project`, `${host}/gitlab/group/sub`, `${host}/gitlab/group`, `${host}/gitlab`, host], subgroup: true};
	const rooted = (path: string) => `https://${host}/gitlab/api/v4/${path}`;
	const {outcome, data, requests} = await check(
		{
			[selfUrl]: {ok: true, response: response(404, 'Not Found', {'content-type': 'text/plain'})},
			[rooted('personal_access_tokens/self')]: json(200, selfBody()),
			[rooted('user')]: json(200, userBody()),
			[rooted(`projects/${encodeURIComponent('group/sub/project')}`)]: json(200, projectBody('group/sub/project')),
			[rooted(`projects/${encodeURIComponent('group/sub')}`)]: projectNotFound(),
		},
		{modulePath},
	);
	assert.equal(outcome.status, 'pass', allText(outcome));
	assert.equal(data?.projectPath, 'group/sub/project');
	assert.match(allText(outcome), /relative URL root \/gitlab/);
	assert.ok(requests.every(request => request.url.startsWith(`https://${host}/`)));
});

test('a project without a repository: GitLab answers go-get with 404 for it → warn (the go-import step fails)', async () => {
	const {outcome} = await check(healthy({[projectUrl('group/sub/project')]: json(200, projectBody('group/sub/project', {empty_repo: true}))}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /group\/sub\/project has no repository yet/);
});

test('repository mode: one token step for the host judges every module on it, whichever comes first: a project only some modules cannot see warns and names them; /self is asked once', async () => {
	const routes = {
		[selfUrl]: json(200, selfBody()),
		[api('user')]: json(200, userBody()),
		[projectUrl('group/seen')]: json(200, projectBody('group/seen')),
		[projectUrl('group/hidden')]: projectNotFound(),
	};
	const checks: Check<any>[] = [
		{id: 'module-path', title: 'Module path', needs: [], local: true, run: async () => ({status: 'pass', summary: ''})},
		{id: 'https', title: 'HTTPS', needs: [], local: true, scope: 'host', run: async () => ({status: 'pass', summary: ''})},
		tokenCheck,
	];
	for (const order of [['group/seen', 'group/hidden'], ['group/hidden', 'group/seen']]) {
		const {http, requests} = router(routes);
		const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': `machine ${host} login alice password ${PAT}\n`}, commands: curl788, http});
		const targets = order.map(path => resolveTarget(`${host}/${path}`));
		const finished = await runSteps({checks, targets, context: {...contextFor(system, {offline: false}), options: runOptions({offline: false, module: targets[0]!.module})}});
		const token = finished.get(stepKey('token', host))!.result;
		assert.equal(token.status, 'warn', order.join(', '));
		assert.match(token.summary, new RegExp(`^${host}/group/hidden: .*cannot see group/hidden`));
		// Only that module's verdict counts the warning (repository/run.ts).
		assert.deepEqual(token.concerns, [`${host}/group/hidden`]);
		assert.equal(requests.filter(request => request.url === selfUrl).length, 1);
	}
});

test('repository mode: a token that fails for every module on the host fails the host', async () => {
	const routes = {[selfUrl]: json(200, selfBody()), [api('user')]: json(200, userBody()), [projectUrl('group/one')]: projectNotFound(), [projectUrl('group/two')]: projectNotFound()};
	const checks: Check<any>[] = [
		{id: 'module-path', title: 'Module path', needs: [], local: true, run: async () => ({status: 'pass', summary: ''})},
		{id: 'https', title: 'HTTPS', needs: [], local: true, scope: 'host', run: async () => ({status: 'pass', summary: ''})},
		tokenCheck,
	];
	const {http} = router(routes);
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': `machine ${host} login alice password ${PAT}\n`}, commands: curl788, http});
	const targets = ['group/one', 'group/two'].map(path => resolveTarget(`${host}/${path}`));
	const finished = await runSteps({checks, targets, context: {...contextFor(system, {offline: false}), options: runOptions({offline: false, module: targets[0]!.module})}});
	const token = finished.get(stepKey('token', host))!.result;
	assert.equal(token.status, 'fail');
	assert.equal(token.concerns, undefined);
	assert.match(token.summary, new RegExp(`^${host}/group/one \\(and 1 more of its modules\\): .*cannot see group/one`));
});

test('repository mode: a module the proxy serves is not judged by the token step; the one go fetches directly is, even when it comes second', async () => {
	const routes = {[selfUrl]: json(200, selfBody()), [api('user')]: json(200, userBody()), [projectUrl('group/hidden')]: projectNotFound(), [projectUrl('group/seen')]: json(200, projectBody('group/seen'))};
	const checks: Check<any>[] = [
		{id: 'module-path', title: 'Module path', needs: [], local: true, run: async () => ({status: 'pass', summary: ''})},
		{id: 'https', title: 'HTTPS', needs: [], local: true, scope: 'host', run: async () => ({status: 'pass', summary: ''})},
		{id: 'go-proxy', title: 'GOPROXY route', needs: [], local: true, decidesRoute: true, run: async context => (context.target.module.endsWith('/hidden')
			? {status: 'pass', summary: 'served', route: {direct: false, summary: 'the company proxy serves it', details: []}}
			: {status: 'pass', summary: 'direct', route: {direct: true, summary: '', details: []}})},
		tokenCheck,
	];
	const {http, requests} = router(routes);
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.netrc': `machine ${host} login alice password ${PAT}\n`}, commands: curl788, http});
	const targets = ['group/hidden', 'group/seen'].map(path => resolveTarget(`${host}/${path}`));
	const finished = await runSteps({checks, targets, context: {...contextFor(system, {offline: false}), options: runOptions({offline: false, module: targets[0]!.module})}});
	const token = finished.get(stepKey('token', host))!;
	assert.equal(token.result.status, 'pass', token.result.summary);
	assert.equal((token.data as TokenData).projectPath, 'group/seen');
	assert.ok(!requests.some(request => request.url === projectUrl('group/hidden')), 'the proxy-served module\'s project is not asked');
});
