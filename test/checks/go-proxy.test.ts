// go-proxy with a fake HTTP client. References: gitlab-behaviour.md §4 (GitLab's Go proxy: endpoints, feature flag, auth,
// answers), go-behaviour.md §1.3 (netrc machine = host[:port], Go 1.24+), §3.3 (GOPROXY list, ',' vs '|'), §3.4 (GONOSUMDB).
import type {GoEnvData, GoProxyData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {escapeModulePath, goProxyCheck, nextStep, parseGitlabProxy} from '../../source/checks/go-proxy.js';
import {privateModuleCheck} from '../../source/checks/private-module.js';
import type {SettingSource} from '../../source/rules/go-env-file.js';
import {parseGoproxy} from '../../source/rules/goproxy.js';
import type {Http, HttpRequest, HttpResult} from '../../source/system/types.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const module = `${host}/group/sub/project`;
const token = 'glpat-goProxyUnitTest0001';
const job = 'glcbt-goProxyUnitJob00002';
const proxy = (id: number | string, h = host) => `https://${h}/api/v4/projects/${id}/packages/go`;
const list = (id: number | string, path = module, h = host) => `${proxy(id, h)}/${path}/@v/list`;

type Answer = {status: number; body?: unknown; text?: string};

function json(status: number, body: unknown): Answer {
	return {status, body};
}

function fakeHttp(answers: Record<string, Answer | 'fail'>) {
	const requests: HttpRequest[] = [];
	const http: Http = {
		async get(request): Promise<HttpResult> {
			requests.push(request);
			const answer = answers[request.url] ?? json(404, {message: '404 Not Found'});
			if (answer === 'fail') return {ok: false, failure: {kind: 'refused', message: `connection refused by ${new URL(request.url).host}`, code: 'ECONNREFUSED', via: {}}};
			const isJson = answer.body !== undefined;
			return {
				ok: true,
				response: {
					status: answer.status,
					statusText: {200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error'}[answer.status] ?? '',
					headers: {'content-type': isJson ? 'application/json' : 'text/plain'},
					body: isJson ? JSON.stringify(answer.body) : (answer.text ?? ''),
					truncated: false,
					url: request.url,
					redirects: [],
					timings: {totalMs: 3},
					via: {},
				},
			};
		},
		trustedRootSources: async () => [],
	};
	return {http, requests};
}

async function judge(settings: Record<string, string>, answers: Record<string, Answer | 'fail'>, options: {netrc?: string; source?: SettingSource; module?: string} = {}) {
	const all = {GOSUMDB: 'sum.golang.org', GONOSUMDB: host, ...settings};
	const goEnv: GoEnvData = {settings: Object.fromEntries(Object.entries(all).map(([key, value]) => [key, {value, source: options.source ?? 'go env file'}])), goVersion: {text: 'go1.24.1', major: 1, minor: 24}};
	const {http, requests} = fakeHttp(answers);
	const files: Record<string, string> = options.netrc !== undefined ? {'/home/u/.netrc': options.netrc} : {};
	const system = fakeSystem({env: {HOME: '/home/u'}, files, http, commands: {curl: {stdout: 'curl 7.88.1'}}});
	const {outcome, redactor} = await runCheck(goProxyCheck, system, upstreamOf({'go-env': goEnv}), {offline: false, module: options.module ?? module});
	const text = [outcome.summary, ...(outcome.details ?? [])].join('\n');
	return {outcome, requests, redactor, text, data: outcome.data as GoProxyData | undefined, commands: (outcome.fixes ?? []).flatMap(fix => fix.commands)};
}

const netrc = `machine ${host} login alice password ${token}\n`;
const listed = {status: 200, text: 'v1.0.0\nv1.1.0\n'};

function assertNoSecret(outcome: unknown): void {
	const text = JSON.stringify(outcome);
	assert.ok(!text.includes(token) && !text.includes(job), 'a secret is in the outcome');
}

// --- Recognising GitLab's proxy (gitlab-behaviour.md §4) ---

test('parseGitlabProxy: project ID or encoded path, a relative URL root, userinfo, port; other proxies are not GitLab\'s', () => {
	assert.deepEqual(parseGitlabProxy(proxy(1234)), {scheme: 'https', host, root: '', projectId: '1234'});
	assert.equal(parseGitlabProxy(`https://${host}/gitlab/api/v4/projects/group%2Fp/packages/go/`)?.root, '/gitlab');
	assert.equal(parseGitlabProxy(`https://${host}/gitlab/api/v4/projects/group%2Fp/packages/go/`)?.projectId, 'group%2Fp');
	assert.equal(parseGitlabProxy(`https://u:secret@${host}:8443/api/v4/projects/1/packages/go`)?.host, `${host}:8443`);
	assert.equal(parseGitlabProxy(`https://u:secret@${host}/api/v4/projects/1/packages/go`)?.userinfo, 'u:secret');
	assert.equal(parseGitlabProxy('https://proxy.golang.org'), undefined);
	assert.equal(parseGitlabProxy(`https://${host}/api/v4/projects/1/packages/npm`), undefined);
});

test('escapeModulePath: upper case becomes !lower (module.EscapePath)', () => {
	assert.equal(escapeModulePath('gitlab.example.com/Group/MyLib'), 'gitlab.example.com/!group/!my!lib');
});

test("nextStep: ',' falls back on 404/410 only, '|' on any error, the last entry on nothing (go-behaviour.md §3.3)", () => {
	const entries = parseGoproxy(`${proxy(1)},https://proxy.golang.org|direct`).entries;
	assert.deepEqual(nextStep(entries, 0, true).goesOn, true);
	assert.match(nextStep(entries, 0, true).text, /The ',' after it lets Go try the next entry, https:\/\/proxy\.golang\.org, after a 404 or 410/);
	assert.equal(nextStep(entries, 0, false).goesOn, false);
	assert.match(nextStep(entries, 0, false).text, /go get stops here \(with '\|' instead, Go would try https:\/\/proxy\.golang\.org next\)/);
	assert.equal(nextStep(entries, 1, false).goesOn, true);
	assert.match(nextStep(entries, 1, false).text, /The '\|' after it makes Go try the next entry, direct, after any error/);
	const last = parseGoproxy(proxy(1)).entries;
	assert.equal(nextStep(last, 0, true).goesOn, false);
	assert.match(nextStep(last, 0, true).text, /last GOPROXY entry/);
});

// --- When it runs ---

test('GOPROXY without a GitLab proxy: skip, and nothing is asked', async () => {
	const {outcome, requests} = await judge({GOPROXY: 'https://proxy.golang.org,direct'}, {});
	assert.equal(outcome.status, 'skip');
	assert.match(outcome.summary, /GOPROXY names no GitLab Go proxy/);
	assert.equal(requests.length, 0);
});

test('GOPRIVATE covers the module: Go never asks the proxy (noproxy entry): skip, advising GONOSUMDB instead', async () => {
	const {outcome, text, requests} = await judge({GOPROXY: proxy(1), GOPRIVATE: host, GONOSUMDB: ''}, {});
	assert.equal(outcome.status, 'skip');
	assert.match(outcome.summary, /GOPRIVATE covers .*never asks the GitLab Go proxy/);
	assert.match(text, /list it in GONOSUMDB/);
	assert.equal(requests.length, 0);
});

test('the GitLab proxy after "direct": Go never reads it: warn, with a reordered GOPROXY', async () => {
	const {outcome, commands} = await judge({GOPROXY: `https://proxy.golang.org,direct,${proxy(1)}`}, {});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /after "direct"/);
	assert.deepEqual(commands, [`go env -w GOPROXY='https://proxy.golang.org,${proxy(1)},direct'`]);
});

// --- Served ---

test('200 with versions: pass; asked with the Basic credential Go sends from .netrc for the proxy host, Go\'s User-Agent', async () => {
	const {outcome, requests, data} = await judge({GOPROXY: `${proxy(7)},direct`}, {[list(7)]: listed}, {netrc});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.match(outcome.summary, /lists 2 versions of gitlab\.example\.com\/group\/sub\/project \(newest v1\.1\.0\) for alice/);
	assert.equal(requests.length, 1);
	assert.equal(requests[0]!.url, list(7));
	assert.deepEqual(requests[0]!.basicAuth, {login: 'alice', password: token});
	assert.equal(requests[0]!.headers?.['User-Agent'], 'Go-http-client/1.1');
	assert.equal(data?.outcome, 'served');
	assertNoSecret(outcome);
});

test('a proxy on host:port: Go 1.24+ sends the entry whose machine is host:port, not the host-only one (go-behaviour.md §1.3)', async () => {
	const hostPort = `${host}:8443`;
	const {requests} = await judge(
		{GOPROXY: proxy(7, hostPort)},
		{[list(7, module, hostPort)]: listed},
		{netrc: `machine ${host} login alice password ${job}\nmachine ${hostPort} login bob password ${token}\n`},
	);
	assert.deepEqual(requests[0]!.basicAuth, {login: 'bob', password: token});
	const none = await judge({GOPROXY: proxy(7, hostPort)}, {[list(7, module, hostPort)]: listed}, {netrc: `machine ${host} login alice password ${token}\n`});
	assert.equal(none.requests[0]!.basicAuth, undefined, 'a host-only entry does not match https://host:PORT');
});

test('two GitLab proxies (one per project): the first 404s, the second serves it: pass, and say the first answered 404', async () => {
	const {outcome, text, requests} = await judge({GOPROXY: `${proxy(1)},${proxy(2)},direct`}, {[list(2)]: listed}, {netrc});
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, new RegExp(`${proxy(2).replace(/[./]/g, '\\$&')} lists`));
	assert.match(text, /Before it, .*projects\/1\/packages\/go answered 404 Not Found/);
	assert.ok(requests.some(request => request.url === list(1)));
});

test('a public proxy in the list is never sent the private module path', async () => {
	const {requests} = await judge({GOPROXY: `https://proxy.golang.org,${proxy(1)},direct`}, {[list(1)]: listed}, {netrc});
	assert.ok(requests.every(request => new URL(request.url).host === host));
});

test('a package path: the module root is found among the shorter paths Go also tries', async () => {
	const {outcome} = await judge({GOPROXY: proxy(1)}, {[list(1)]: listed}, {netrc, module: `${module}/pkg/util`});
	assert.equal(outcome.status, 'pass');
});

// --- The checksum database (go-behaviour.md §3.4) ---

test('served, but GONOSUMDB and GOPRIVATE do not cover the module: fail, fix GONOSUMDB keeping existing patterns', async () => {
	const {outcome, text, commands} = await judge({GOPROXY: proxy(1), GONOSUMDB: 'other.example.com'}, {[list(1)]: listed}, {netrc});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /serves .* but Go then verifies it against the checksum database sum\.golang\.org/);
	assert.match(text, /projects\/1\/packages\/go\/sumdb\/sum\.golang\.org\/supported/);
	assert.deepEqual(commands, [`go env -w GONOSUMDB='other.example.com,${host}'`]);
});

test('GONOSUMDB set in the environment: the fix is an export (the environment beats go env -w)', async () => {
	const {commands} = await judge({GOPROXY: proxy(1), GONOSUMDB: 'other.example.com'}, {[list(1)]: listed}, {netrc, source: 'environment'});
	assert.match(commands[0]!, /^export GONOSUMDB='other\.example\.com,gitlab\.example\.com'/);
});

// --- 404: feature flag off, wrong ID (gitlab-behaviour.md §4) ---

const project7 = {[`https://${host}/api/v4/projects/7`]: json(200, {id: 7, path_with_namespace: 'group/sub/project'})};

test('404 "404 Not Found", the ID names this project, last entry: fail — go_proxy flag off — with the admin command', async () => {
	const {outcome, text, commands, requests} = await judge({GOPROXY: proxy(7)}, {...project7}, {netrc});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /answers 404 Not Found .*the go_proxy feature flag is off for group\/sub\/project \(GitLab's default\)/);
	assert.match(outcome.summary, /go get fails with "reading https:\/\/gitlab\.example\.com\/api\/v4\/projects\/7\/packages\/go\/gitlab\.example\.com\/group\/sub\/project\/@v\/list: 404 Not Found"/);
	assert.match(text, /It is the last GOPROXY entry/);
	assert.ok(commands.includes('sudo gitlab-rails runner "Feature.enable(:go_proxy, Project.find(7))"'));
	assert.ok(commands.includes(`go env -w GOPROXY='https://proxy.golang.org,direct' GOPRIVATE='${host}'`));
	// The project lookup uses the token Go sends, as PRIVATE-TOKEN, on the same host.
	const lookup = requests.find(request => request.url === `https://${host}/api/v4/projects/7`);
	assert.equal(lookup?.headers?.['PRIVATE-TOKEN'], token);
	assertNoSecret(outcome);
});

test("404 with ',direct' after it: warn — Go falls back to git (not a failure of go get)", async () => {
	const {outcome, data} = await judge({GOPROXY: `${proxy(7)},direct`}, {...project7}, {netrc});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /Go falls back to fetching with git/);
	assert.equal(data?.outcome, 'direct');
});

test('404 with ",off" after it: fail, module lookup disabled by GOPROXY=off', async () => {
	const {outcome} = await judge({GOPROXY: `${proxy(7)},off`}, {...project7}, {netrc});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /module lookup disabled by GOPROXY=off/);
});

test('404 and the ID names another project: fail, and the fix puts the right ID (asked of GitLab) in GOPROXY', async () => {
	const {outcome, commands} = await judge(
		{GOPROXY: `${proxy(2)},https://proxy.golang.org`},
		{[`https://${host}/api/v4/projects/2`]: json(200, {id: 2, path_with_namespace: 'group/other'}), [`https://${host}/api/v4/projects/${encodeURIComponent('group/sub/project')}`]: json(200, {id: 9, path_with_namespace: 'group/sub/project'})},
		{netrc},
	);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /project 2 is group\/other, not the project of gitlab\.example\.com\/group\/sub\/project/);
	assert.deepEqual(commands, [`go env -w GOPROXY='${proxy(9)},https://proxy.golang.org'`]);
});

test('404 "404 Project Not Found": the ID is wrong or the user is not a member', async () => {
	const {outcome} = await judge({GOPROXY: proxy(99)}, {[list(99)]: json(404, {message: '404 Project Not Found'})}, {netrc});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /404 Project Not Found: there is no project 99 that alice can see/);
});

test('200 with an empty list: Go asks @latest, which GitLab lacks, and moves on like a 404', async () => {
	const {outcome} = await judge({GOPROXY: `${proxy(1)},direct`}, {[list(1)]: {status: 200, text: ''}}, {netrc});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /lists no versions/);
});

// --- 401, 403 (gitlab-behaviour.md §4) ---

test("401 without credentials, ',' then direct: fail — Go stops; fix adds a .netrc entry for the proxy host", async () => {
	const {outcome, text, commands} = await judge({GOPROXY: `${proxy(1)},direct`}, {[list(1)]: json(401, {message: '401 Unauthorized'})});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /401 Unauthorized: Go sends it no credentials/);
	assert.match(text, /with '\|' instead, Go would try direct next/);
	assert.ok(commands.some(command => command.includes(`printf '\\n%s\\n' 'machine ${host} login oauth2 password YOUR_TOKEN'`)));
});

test("401 with '|' then direct: warn — Go tries direct after any error", async () => {
	const {outcome, data} = await judge({GOPROXY: `${proxy(1)}|direct`}, {[list(1)]: json(401, {message: '401 Unauthorized'})}, {netrc});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /rejects the credentials Go sends/);
	assert.equal(data?.outcome, 'direct');
});

test('401 for a CI job token from .netrc: the Go proxy takes no job token through Basic', async () => {
	const {outcome, commands} = await judge({GOPROXY: proxy(1)}, {[list(1)]: json(401, {message: '401 Unauthorized'})}, {netrc: `machine ${host} login gitlab-ci-token password ${job}\n`});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /rejects the CI job token Go sends \(gitlab-ci-token \/ glcbt-\*\*\*\*/);
	assert.ok(commands.includes(`machine ${host} login oauth2 password YOUR_TOKEN`));
	assertNoSecret(outcome);
});

test('401 invalid_token expired: says the token has expired', async () => {
	const {outcome} = await judge({GOPROXY: proxy(1)}, {[list(1)]: json(401, {error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.'})}, {netrc});
	assert.match(outcome.details!.join('\n'), /has expired/);
});

test('403 Forbidden: the user can see the project but not read its packages (Reporter needed)', async () => {
	const {outcome, text} = await judge({GOPROXY: proxy(1)}, {[list(1)]: json(403, {message: '403 Forbidden'})}, {netrc});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /403 Forbidden: alice can see the project but not read its packages/);
	assert.match(text, /Reporter role/);
});

test('403 insufficient_scope: the token lacks read_api', async () => {
	const {outcome} = await judge({GOPROXY: proxy(1)}, {[list(1)]: json(403, {error: 'insufficient_scope', scope: 'api read_api'})}, {netrc});
	assert.match(outcome.summary, /lacks the read_api or api scope/);
});

test("unreachable proxy: ',' → fail; '|' → Go goes on (warn)", async () => {
	const comma = await judge({GOPROXY: `${proxy(1)},direct`}, {[list(1)]: 'fail'}, {netrc});
	assert.equal(comma.outcome.status, 'fail');
	assert.match(comma.outcome.summary, /could not be reached: connection refused/);
	const pipe = await judge({GOPROXY: `${proxy(1)}|direct`}, {[list(1)]: 'fail'}, {netrc});
	assert.equal(pipe.outcome.status, 'warn');
});

test('an http:// proxy never gets credentials (go-behaviour.md §1.4)', async () => {
	const {requests} = await judge({GOPROXY: `http://${host}/api/v4/projects/1/packages/go`}, {[`http://${host}/api/v4/projects/1/packages/go/${module}/@v/list`]: listed}, {netrc});
	assert.equal(requests[0]!.basicAuth, undefined);
});

test('userinfo in the GOPROXY URL is used when .netrc has no entry, and never printed', async () => {
	const {outcome, requests, redactor} = await judge({GOPROXY: `https://alice:${token}@${host}/api/v4/projects/1/packages/go`}, {[list(1)]: listed});
	assert.deepEqual(requests[0]!.basicAuth, {login: 'alice', password: token});
	assert.ok(!redactor.redact(JSON.stringify(outcome)).includes(token));
});

// --- private-module no longer calls the module's own GitLab Go proxy a public leak (gitlab-behaviour.md §4) ---

test('private-module: GOPROXY = the module host\'s GitLab Go proxy + GONOSUMDB passes; a public proxy or another host still fails', async () => {
	const run = async (settings: Record<string, string>) => {
		const goEnv: GoEnvData = {settings: Object.fromEntries(Object.entries({GOSUMDB: 'sum.golang.org', ...settings}).map(([key, value]) => [key, {value, source: 'go env file' as const}]))};
		return (await runCheck(privateModuleCheck, fakeSystem(), upstreamOf({'go-env': goEnv}), {module})).outcome;
	};
	const own = await run({GOPROXY: proxy(1), GONOSUMDB: host});
	assert.equal(own.status, 'pass', own.summary);
	assert.match(own.summary, /GitLab's own Go proxy/);
	assert.equal((await run({GOPROXY: `${proxy(1)},direct`, GONOSUMDB: host})).status, 'pass');
	assert.equal((await run({GOPROXY: `${proxy(1)},https://proxy.golang.org,direct`, GONOSUMDB: host})).status, 'fail');
	assert.equal((await run({GOPROXY: proxy(1, 'gitlab.other.com'), GONOSUMDB: host})).status, 'fail');
	assert.equal((await run({GOPROXY: 'off', GONOSUMDB: host})).status, 'fail', 'GOPROXY=off alone still stops Go');
	assert.equal((await run({GOPROXY: proxy(1)})).status, 'fail', 'the checksum database still counts');
});
