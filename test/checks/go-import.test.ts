import type {GoEnvData, GoImportData, ModulePathData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goImportCheck, goStatusError} from '../../source/checks/go-import.js';
import type {Outcome} from '../../source/engine/types.js';
import type {HttpResult} from '../../source/system/types.js';
import {html, json, plain, response, router, type Route} from '../helpers/fake-http.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const PAT = 'glpat-aaaaBBBBccccDDDD1234';
const curl788 = {'curl --version': {stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11\n'}};
const NETRC = `machine ${host} login alice password ${PAT}\n`;
const url = (path: string) => `https://${host}/${path}?go-get=1`;
const rootUrl = `https://${host}/?go-get=1`;
const modulePathFor = (path: string): ModulePathData => {
	const elements = path.split('/');
	const candidates = elements.map((_, index) => elements.slice(0, elements.length - index).join('/'));
	return {host, candidates, subgroup: elements.length >= 4};
};

// GitLab's exact answers (gitlab-behaviour.md §1.4, §1.5, §1.7).
const goImportPage = (path: string, repo = `https://${host}/${path}.git`) =>
	`<html><head><meta name="go-import" content="${host}/${path} git ${repo}"></head><body>go get ${host}/${path}</body></html>`;
const legacyPage = (path: string, branch = 'master') =>
	`<html><head><meta name="go-import" content="${host}/${path} git https://${host}/${path}.git"><meta name="go-source" content="${host}/${path} https://${host}/${path} https://${host}/${path}/-/tree/${branch}{/dir} https://${host}/${path}/-/blob/${branch}{/dir}/{file}#L{line}"></head><body>go get https://${host}/${path}</body></html>`;
const NOT_FOUND_TEXT = `Go package not found or access denied. If you are trying to access a private project, ensure your ~/.netrc file has credentials so the go toolchain can authenticate. See https://${host}/help/user/project/use_project_as_go_package.md for details.`;

const notFound = () => plain(404, NOT_FOUND_TEXT);


async function check(module: string, routes: Record<string, Route>, options: {netrc?: string; goEnv?: GoEnvData; modulePath?: ModulePathData} = {}) {
	const {http, requests} = router(routes);
	const netrc = options.netrc ?? NETRC;
	const system = fakeSystem({env: {HOME: '/home/u'}, files: netrc ? {'/home/u/.netrc': netrc} : {}, commands: curl788, http});
	const modulePath = options.modulePath ?? modulePathFor(module);
	const {outcome} = await runCheck(goImportCheck, system, upstreamOf({'module-path': modulePath, ...(options.goEnv ? {'go-env': options.goEnv} : {})}), {module, offline: false});
	return {outcome: outcome as Outcome<GoImportData>, data: outcome.data as GoImportData, requests, text: allText(outcome), shown: JSON.stringify({...outcome, data: undefined})};
}

function allText(outcome: Outcome<unknown>): string {
	return [outcome.summary, ...(outcome.details ?? []), ...(outcome.fixes ?? []).flatMap(fix => [fix.title, ...fix.commands, fix.link ?? ''])].join('\n');
}

const subgroupModule = `${host}/group/sub/project`;
/** Every candidate of group/sub/project, answered as current GitLab answers a reader with credentials. */
const readerRoutes = (overrides: Record<string, Route> = {}): Record<string, Route> => ({
	[url('group/sub/project')]: html(200, goImportPage('group/sub/project')),
	[url('group/sub')]: notFound(),
	[url('group')]: notFound(),
	[rootUrl]: notFound(),
	...overrides,
});
const newTokenLink = `https://${host}/-/user_settings/personal_access_tokens?name=go-modules&scopes=read_api`;

test('a VCS-qualified path: skip, no request (go-behaviour.md §5.2)', async () => {
	const modulePath: ModulePathData = {host, candidates: [`${host}/group/sub/project.git`], qualifier: {root: `${host}/group/sub/project.git`, repo: `${host}/group/sub/project`, vcs: 'git'}, subgroup: true};
	const {outcome, requests} = await check(`${host}/group/sub/project.git`, {}, {modulePath});
	assert.equal(outcome.status, 'skip');
	assert.match(outcome.summary, /VCS-qualified path/);
	assert.equal(requests.length, 0);
});

test('asked exactly as Go asks: every candidate, https, Basic from the .netrc entry Go picks, Go\'s User-Agent, a bounded body', async () => {
	const {outcome, data, requests, shown} = await check(subgroupModule, readerRoutes());
	assert.equal(outcome.status, 'pass', allText(outcome));
	assert.equal(outcome.summary, `Go will clone https://${host}/group/sub/project.git (go-import prefix ${host}/group/sub/project, credentials sent)`);
	assert.deepEqual(requests.map(request => request.url), [url('group/sub/project'), url('group/sub'), url('group'), rootUrl]);
	for (const request of requests) {
		assert.deepEqual(request.basicAuth, {login: 'alice', password: PAT});
		assert.equal(request.headers?.['User-Agent'], 'Go-http-client/1.1');
		assert.equal(request.maxBodyBytes, 1024 * 1024);
		assert.notEqual(request.followRedirects, false);
	}
	assert.deepEqual(data, {match: {prefix: subgroupModule, vcs: 'git', repoRoot: `https://${host}/group/sub/project.git`, page: url('group/sub/project')}, credentialsSent: true});
	assert.ok(!shown.includes(PAT));
});

test('a package below the project: the prefix\'s own page is fetched (once) and must carry the identical tag', async () => {
	const module = `${host}/group/sub/project/pkg`;
	const {outcome, data, requests} = await check(module, readerRoutes({[url('group/sub/project/pkg')]: html(200, goImportPage('group/sub/project'))}));
	assert.equal(outcome.status, 'pass', allText(outcome));
	assert.equal(data.match?.prefix, subgroupModule);
	assert.equal(data.match?.page, url('group/sub/project/pkg'));
	assert.equal(requests.filter(request => request.url === url('group/sub/project')).length, 1);
});

test('the prefix\'s page disagrees → fail with Go\'s "disagree about go-import" (go-behaviour.md §5.6)', async () => {
	const module = `${host}/group/sub/project/pkg`;
	const {outcome} = await check(
		module,
		readerRoutes({
			[url('group/sub/project/pkg')]: html(200, goImportPage('group/sub/project')),
			[url('group/sub/project')]: html(200, goImportPage('group/sub/project/pkg', `https://${host}/elsewhere.git`)),
		}),
	);
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, `GitLab's pages disagree: ${url('group/sub/project/pkg')} and ${url('group/sub/project')} disagree about go-import for ${subgroupModule}`);
});

test('a longer path\'s error does not matter when a shorter path has a tag: Go uses that one (queryPrefixModules), and the note says so', async () => {
	const module = `${host}/group/sub/project/pkg`;
	const {outcome, data} = await check(module, readerRoutes({[url('group/sub/project/pkg')]: html(500, '<html></html>')}));
	assert.equal(outcome.status, 'pass');
	assert.equal(data.match?.page, url('group/sub/project'));
	assert.match(allText(outcome), /Go ignores what https:\/\/gitlab\.example\.com\/group\/sub\/project\/pkg\?go-get=1 answered \(reading .*500 Internal Server Error\)/);
});

test('no credentials, subgroup project: the two-segment answer → fail, anonymous two-segment-fallback, fixes: token link + netrc line, .git path', async () => {
	const {outcome, data, requests} = await check(
		subgroupModule,
		{
			[url('group/sub/project')]: html(200, goImportPage('group/sub')),
			[url('group/sub')]: html(200, goImportPage('group/sub')),
			[url('group')]: notFound(),
			[rootUrl]: notFound(),
			[`https://${host}/api/v4/projects/group%2Fsub`]: json(404, {message: '404 Project Not Found'}),
		},
		{netrc: ''},
	);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /without credentials GitLab answered with only group\/sub: for a project in a subgroup, Go will clone the wrong repository \(https:\/\/gitlab\.example\.com\/group\/sub\.git\)/);
	assert.deepEqual(data, {match: {prefix: `${host}/group/sub`, vcs: 'git', repoRoot: `https://${host}/group/sub.git`, page: url('group/sub/project')}, credentialsSent: false, anonymous: 'two-segment-fallback'});
	assert.equal(outcome.fixes?.[0]?.link, newTokenLink);
	assert.ok(outcome.fixes?.[0]?.commands[0]?.includes(`machine ${host} login oauth2 password YOUR_TOKEN`));
	assert.deepEqual(outcome.fixes?.[1]?.commands, [`go get ${host}/group/sub/project.git`]);
	assert.ok(requests.every(request => request.basicAuth === undefined));
});

test('no credentials, a two-segment answer that is a public project: pass, anonymous public (anonymous API sees it)', async () => {
	const module = `${host}/group/lib/pkg`;
	const {outcome, data} = await check(
		module,
		{
			[url('group/lib/pkg')]: html(200, goImportPage('group/lib')),
			[url('group/lib')]: html(200, goImportPage('group/lib')),
			[url('group')]: notFound(),
			[rootUrl]: notFound(),
			[`https://${host}/api/v4/projects/group%2Flib`]: json(200, {id: 1, path_with_namespace: 'group/lib', visibility: 'public'}),
		},
		{netrc: ''},
	);
	assert.equal(outcome.status, 'pass', allText(outcome));
	assert.equal(data.anonymous, 'public');
});

test('no credentials, a two-element path: the answer is right whatever the visibility → pass, anonymous other when not public', async () => {
	const module = `${host}/group/tool`;
	const {outcome, data} = await check(
		module,
		{
			[url('group/tool')]: html(200, goImportPage('group/tool')),
			[url('group')]: notFound(),
			[rootUrl]: notFound(),
			[`https://${host}/api/v4/projects/group%2Ftool`]: json(404, {message: '404 Project Not Found'}),
		},
		{netrc: ''},
	);
	assert.equal(outcome.status, 'pass');
	assert.equal(data.anonymous, 'other');
	assert.match(allText(outcome), /same answer for a private project and for one that does not exist/);
});

test('no credentials, a full subgroup path comes back: public without asking the API', async () => {
	const {outcome, data, requests} = await check(subgroupModule, readerRoutes(), {netrc: ''});
	assert.equal(outcome.status, 'pass');
	assert.equal(data.anonymous, 'public');
	assert.ok(requests.every(request => !request.url.includes('/api/')));
});

test('404 with credentials (current GitLab\'s exact text) → fail, points at the token step, shows Go\'s server response', async () => {
	const {outcome, data} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: notFound()}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /404 although Go sent credentials: it rejected them, or their user cannot see the project/);
	assert.match(allText(outcome), /"GitLab token" step \(token\)/);
	assert.equal(outcome.fixes?.[0]?.link, newTokenLink);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`machine ${host} login alice password YOUR_TOKEN`]);
	assert.equal(outcome.evidence?.['goError'], `reading ${url('group/sub/project')}: 404 Not Found\n\tserver response: ${NOT_FOUND_TEXT}`);
	assert.deepEqual(data, {credentialsSent: true});
});

test('404 without credentials → fail, anonymous not-found: private, Go needs a token', async () => {
	const {outcome, data} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: notFound()}), {netrc: ''});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /404 and Go sent no credentials: the project is private \(or does not exist\), and Go needs a token/);
	assert.equal(data.anonymous, 'not-found');
	assert.equal(outcome.fixes?.[0]?.link, newTokenLink);
});

test('when nothing matches, the longest path\'s error is the one Go reports (lookupDirect errors are all "not found")', async () => {
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: notFound(), [rootUrl]: html(200, '<html><head><title>Sign in</title></head></html>')}));
	assert.match(outcome.summary, /404 although Go sent credentials/);
});

test('a moved or renamed project: the prefix does not match → fail naming the canonical path GitLab returned', async () => {
	const module = `${host}/group/old-name`;
	const {outcome} = await check(module, {[url('group/old-name')]: html(200, goImportPage('group/new-name')), [url('group')]: notFound(), [rootUrl]: notFound()});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /GitLab names the project gitlab\.example\.com\/group\/new-name, which is not a prefix of gitlab\.example\.com\/group\/old-name: it was moved or renamed/);
	assert.match(outcome.evidence?.['goError'] as string, /no go-import meta tags \(meta tag gitlab\.example\.com\/group\/new-name did not match import path gitlab\.example\.com\/group\/old-name\)/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`go get ${host}/group/new-name`]);
});

test('a prefix on another host (GitLab\'s external URL differs): fail naming that host', async () => {
	const module = `${host}/group/tool`;
	const {outcome} = await check(module, {
		[url('group/tool')]: html(200, '<html><head><meta name="go-import" content="git.example.com/group/tool git https://git.example.com/group/tool.git"></head></html>'),
		[url('group')]: notFound(),
		[rootUrl]: notFound(),
	});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /on git\.example\.com: the module path must use git\.example\.com/);
});

test('an ssh:// repository (instance allows SSH only): pass, git will need an SSH key', async () => {
	const {outcome, data} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(200, goImportPage('group/sub/project', `ssh://git@${host}/group/sub/project.git`))}));
	assert.equal(outcome.status, 'pass');
	assert.equal(data.match?.repoRoot, `ssh://git@${host}/group/sub/project.git`);
	assert.match(allText(outcome), /Git over SSH only .* SSH key/);
});

test('200 with no tags at all (a login or captive page) → fail: not GitLab\'s go-get answer', async () => {
	const login = '<!DOCTYPE html><html><head><title>Sign in · GitLab</title></head><body>…</body></html>';
	const {outcome, data} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(200, login)}), {netrc: ''});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /answered 200 OK with an HTML page \("Sign in · GitLab"\) and no go-import tag: that is not GitLab's go-get answer/);
	assert.equal(data.anonymous, 'other');
});

test('a redirect to another host: the page came from there, without credentials; named in the summary', async () => {
	const sso: HttpResult = {
		ok: true,
		response: {
			...response(200, '<html><head><title>Corporate SSO</title></head></html>', {'content-type': 'text/html'}),
			url: 'https://sso.example.net/login',
			redirects: [{from: url('group/sub/project'), status: 302, to: 'https://sso.example.net/login', credentialsSent: true}],
		},
	};
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: sso}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /after a redirect to sso\.example\.net/);
	assert.match(allText(outcome), /Go sent no credentials to sso\.example\.net/);
	assert.match((outcome.evidence?.['redirects'] as string[])[0]!, /302 .* → https:\/\/sso\.example\.net\/login \(credentials sent\)/);
});

test('legacy GitLab (go-source) with credentials answers two elements for a deeper path: warn, it may be the fallback', async () => {
	const {outcome, data} = await check(
		subgroupModule,
		readerRoutes({[url('group/sub/project')]: html(200, legacyPage('group/sub')), [url('group/sub')]: html(200, legacyPage('group/sub'))}),
	);
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /with the credentials Go sends, GitLab answered with only group\/sub/);
	assert.equal(data.anonymous, undefined);
});

test('current GitLab with credentials answers two elements: that is the real project (no go-source), pass', async () => {
	const module = `${host}/group/tool/pkg`;
	const {outcome} = await check(module, {[url('group/tool/pkg')]: html(200, goImportPage('group/tool')), [url('group/tool')]: html(200, goImportPage('group/tool')), [url('group')]: notFound(), [rootUrl]: notFound()});
	assert.equal(outcome.status, 'pass');
});

test('legacy 401 with an empty body (credentials rejected, password auth for Git off) → fail, rejected', async () => {
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: plain(401, '')}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /401: it rejected the credentials Go sent/);
});

test('500 → fail: the server has a problem', async () => {
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(500, '<html><head><title>Something went wrong (500)</title></head></html>')}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /500 Internal Server Error: the server \(or a proxy in front of it\) has a problem/);
	assert.equal(outcome.evidence?.['goError'], `reading ${url('group/sub/project')}: 500 Internal Server Error`);
});

test('a timeout → fail with the limit and a longer --timeout', async () => {
	const timeout: HttpResult = {ok: false, failure: {kind: 'timeout', message: `no answer from ${host} within 10 s`, via: {}}};
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: timeout}));
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, `go get would stop here: no answer from ${host} within 10 s`);
	assert.ok(outcome.fixes?.some(fix => fix.commands.some(command => command.includes('--timeout 30'))));
});

test('a raw "<" in a script before the tag: Go\'s XML tokenizer stops → fail with its error (go-behaviour.md §5.5)', async () => {
	const page = `<html><head><script>if (a <b) {}</script>${goImportPage('group/sub/project').slice('<html><head>'.length)}`;
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(200, page)}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /parsing gitlab\.example\.com\/group\/sub\/project: XML syntax error/);
});

test('an scp-style repository (git@host:path) is refused as Go refuses it', async () => {
	const {outcome} = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(200, goImportPage('group/sub/project', `git@${host}:group/sub/project.git`))}));
	assert.equal(outcome.status, 'fail');
	assert.equal(
		outcome.summary,
		`the go-import tag names a repository Go refuses: ${url('group/sub/project')}: invalid repo root "git@${host}:group/sub/project.git": parse "git@${host}:group/sub/project.git": first path segment in URL cannot contain colon`,
	);
});

test('GOAUTH=off (Go 1.24+): no credentials go out, and the note says why', async () => {
	const goEnv: GoEnvData = {goVersion: {text: 'go1.24.1', major: 1, minor: 24}, settings: {GOAUTH: {value: 'off', source: 'environment'}}};
	const {outcome, data, requests} = await check(subgroupModule, readerRoutes(), {goEnv});
	assert.ok(requests.every(request => request.basicAuth === undefined));
	assert.equal(data.credentialsSent, false);
	assert.match(allText(outcome), /GOAUTH=off/);
});

test('a fourth (subdir) field counts from Go 1.25 on; older Go ignores the tag', async () => {
	const page = `<html><head><meta name="go-import" content="${subgroupModule} git https://${host}/group/sub/project.git sub/dir"></head></html>`;
	const newer = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(200, page)}), {goEnv: {goVersion: {text: 'go1.25.0', major: 1, minor: 25}, settings: {}}});
	assert.equal(newer.data.match?.subdir, 'sub/dir');
	const older = await check(subgroupModule, readerRoutes({[url('group/sub/project')]: html(200, page)}), {goEnv: {goVersion: {text: 'go1.22.0', major: 1, minor: 22}, settings: {}}});
	assert.equal(older.outcome.status, 'fail');
});

test('goStatusError copies web.Response.Err: a text/plain body is shown, HTML is not', () => {
	const text = {...response(404, 'line one\nline two\n\nafter a blank line', {'content-type': 'text/plain; charset=utf-8'}), url: url('a/b')};
	assert.equal(goStatusError(text), `reading ${url('a/b')}: 404 Not Found\n\tserver response: line one\n\tline two`);
	const page = {...response(404, '<html></html>', {'content-type': 'text/html'}), url: url('a/b')};
	assert.equal(goStatusError(page), `reading ${url('a/b')}: 404 Not Found`);
});
