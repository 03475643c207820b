import type {HttpsData, ModulePathData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {httpsCheck} from '../../source/checks/https.js';
import {createGoHttp} from '../../source/system/go-http.js';
import {nodeFileSystem} from '../../source/system/node-system.js';
import type {Environment, Http, HttpFailure, HttpRequest, HttpResponse, HttpResult, Platform} from '../../source/system/types.js';
import {startConnectProxy} from '../fake-gitlab/connect-proxy.js';
import {getTestPki} from '../fake-gitlab/pki.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';
import {json, startHttpsServer} from '../helpers/tls-fixtures.js';

const host = 'gitlab.example.com';
const url = `https://${host}/api/v4/metadata`;
const modulePath: ModulePathData = {host, candidates: [`${host}/group/project`], subgroup: false};
const timings = {dnsMs: 3, connectMs: 4, tlsMs: 12, firstByteMs: 30, totalMs: 52};

function fakeHttp(result: HttpResult, roots = ['/etc/ssl/certs/ca-certificates.crt (144 certificates)', '/etc/ssl/certs (146 files, 0 more certificates)']) {
	const requests: HttpRequest[] = [];
	const http: Http = {
		async get(request) {
			requests.push(request);
			return result;
		},
		async trustedRootSources() {
			return roots;
		},
	};
	return {http, requests};
}

function answer(overrides: Partial<HttpResponse> = {}): HttpResult {
	return {
		ok: true,
		response: {
			status: 401,
			statusText: 'Unauthorized',
			headers: {'content-type': 'application/json'},
			body: '{"message":"401 Unauthorized"}',
			truncated: false,
			url,
			redirects: [],
			timings,
			via: {},
			...overrides,
		},
	};
}

function failure(kind: HttpFailure['kind'], message: string, extra: Partial<HttpFailure> = {}): HttpResult {
	return {ok: false, failure: {kind, message, via: {}, ...extra}};
}

async function check(result: HttpResult, options: {env?: Environment; platform?: Platform; timeoutMs?: number} = {}) {
	const {http, requests} = fakeHttp(result);
	const system = fakeSystem({http, env: options.env ?? {HOME: '/home/u'}, platform: options.platform ?? 'linux'});
	const {outcome, redactor} = await runCheck(httpsCheck, system, upstreamOf({'module-path': modulePath}), {
		module: `${host}/group/project`,
		offline: false,
		timeoutMs: options.timeoutMs ?? 10_000,
	});
	const text = [outcome.summary, ...(outcome.details ?? []), ...(outcome.fixes ?? []).flatMap(fix => [fix.title, ...fix.commands])].join('\n');
	return {outcome, data: outcome.data as HttpsData, requests, text, redactor};
}

test('GitLab answers 401 JSON: pass, naming status, time, route, timings and roots; no credentials asked for', async () => {
	const {outcome, data, requests} = await check(answer(), {timeoutMs: 7000});
	assert.equal(outcome.status, 'pass');
	assert.equal(outcome.summary, `GitLab at ${host} answered 401 Unauthorized in 52 ms, directly`);
	assert.deepEqual(requests, [{url, timeoutMs: 7000, signal: requests[0]?.signal}]);
	assert.equal(outcome.evidence?.['route'], 'direct (no HTTPS_PROXY or https_proxy applies)');
	assert.equal(outcome.evidence?.['timings'], 'DNS 3 ms, connect 4 ms, TLS 12 ms, first byte 30 ms, total 52 ms');
	assert.deepEqual(outcome.evidence?.['roots'], ['/etc/ssl/certs/ca-certificates.crt (144 certificates)', '/etc/ssl/certs (146 files, 0 more certificates)']);
	assert.deepEqual(data, {reached: true, via: {}, timings, gitlabAnswered: true});
});

test('GitLab answers 404 {"error":"404 Not Found"} (an API route it lacks) or 200 with its version: pass', async () => {
	const missing = await check(answer({status: 404, statusText: 'Not Found', body: '{"error":"404 Not Found"}'}));
	assert.equal(missing.outcome.status, 'pass');
	assert.equal(missing.data.gitlabAnswered, true);
	const metadata = await check(answer({status: 200, statusText: 'OK', body: '{"version":"17.5.1-ee","revision":"abc","enterprise":true}'}));
	assert.equal(metadata.outcome.status, 'pass');
	assert.equal(metadata.outcome.evidence?.['gitlabVersion'], '17.5.1-ee');
});

test('through HTTPS_PROXY: the route names the proxy and the variable', async () => {
	const {outcome} = await check(answer({via: {proxy: 'http://proxy.corp:3128', proxyVariable: 'HTTPS_PROXY'}}), {env: {HTTPS_PROXY: 'proxy.corp:3128'}});
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /, through the proxy http:\/\/proxy\.corp:3128$/);
	assert.equal(outcome.evidence?.['route'], 'through the proxy http://proxy.corp:3128 (from HTTPS_PROXY)');
});

test('NO_PROXY exempts the host: the route says which entry of which variable', async () => {
	const env = {HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: 'localhost,.example.com'};
	const {outcome} = await check(answer({via: {proxyVariable: 'HTTPS_PROXY', bypassedBy: '.example.com'}}), {env});
	assert.equal(outcome.evidence?.['route'], 'direct: no_proxy entry ".example.com" exempts the host from HTTPS_PROXY');
});

test('an HTML page where the API answers JSON: warn that something else answered, naming the host it came from', async () => {
	const portal = await check(
		answer({
			status: 200,
			statusText: 'OK',
			headers: {'content-type': 'text/html; charset=utf-8'},
			body: '<html><head><title>Sign in - Corp SSO</title></head><body>…</body></html>',
			url: 'https://login.corp.example/sso?next=x',
			redirects: [{from: url, status: 302, to: 'https://login.corp.example/sso?next=x', credentialsSent: false}],
		}),
	);
	assert.equal(portal.outcome.status, 'warn');
	assert.equal(portal.outcome.summary, `something other than GitLab answered: an HTML page ("Sign in - Corp SSO") from login.corp.example (200 OK); ${host} redirected there`);
	assert.match(portal.text, /go-get=1 request will get the same page/);
	assert.deepEqual(portal.outcome.evidence?.['redirects'], [`302 ${url} → https://login.corp.example/sso?next=x`]);
	assert.equal(portal.data.gitlabAnswered, false);
	assert.equal(portal.data.reached, true);

	const sameHost = await check(answer({status: 200, statusText: 'OK', headers: {'content-type': 'text/html'}, body: '<!DOCTYPE html><p>captive</p>'}));
	assert.equal(sameHost.outcome.status, 'warn');
	assert.equal(sameHost.outcome.summary, `something other than GitLab answered: an HTML page from ${host} (200 OK)`);
});

test('a 5xx answer: warn with the status', async () => {
	const {outcome, data} = await check(answer({status: 502, statusText: 'Bad Gateway', headers: {'content-type': 'text/html'}, body: '<html>nginx</html>'}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /^gitlab\.example\.com answered 502 Bad Gateway in 52 ms/);
	assert.equal(data.gitlabAnswered, false);
});

const unknownAuthority = failure('tls-unknown-authority', 'certificate signed by unknown authority: …', {
	code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	certificate: {subject: `CN=${host}`, issuer: 'CN=Corp Root CA, O=Corp'},
});

test('unknown authority on Linux: the issuer, where Go looks, the system-wide and SSL_CERT_FILE fixes, and git\'s own setting', async () => {
	const {outcome, data, text} = await check(unknownAuthority);
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.reason, 'https-tls-unknown-authority', 'the JSON reason is the failure kind');
	assert.equal(outcome.summary, `Go does not trust the certificate of ${host}: signed by unknown authority "CN=Corp Root CA, O=Corp"`);
	assert.match(text, /Go trusts the first of \/etc\/ssl\/certs\/ca-certificates\.crt, .*\(SSL_CERT_FILE would replace it\), plus every file in \/etc\/ssl\/certs and \/etc\/pki\/tls\/certs/);
	const commands = outcome.fixes?.flatMap(fix => fix.commands) ?? [];
	assert.ok(commands.includes('sudo cp ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates'));
	assert.ok(commands.includes('cat /etc/ssl/certs/ca-certificates.crt ca.crt > $HOME/.config/gitlab-ca-bundle.pem'));
	assert.ok(commands.includes('export SSL_CERT_FILE=$HOME/.config/gitlab-ca-bundle.pem'));
	assert.ok(commands.includes(`git config --global http.https://${host}/.sslCAInfo ~/.config/gitlab-ca-bundle.pem`), 'scoped to the host, never the global http.sslCAInfo');
	assert.deepEqual(outcome.evidence?.['certificate'], {subject: `CN=${host}`, issuer: 'CN=Corp Root CA, O=Corp'});
	assert.deepEqual(data, {reached: false, via: {}, gitlabAnswered: false});
});

test('unknown authority with SSL_CERT_FILE set says it replaces the bundle; on macOS the keychain is the fix', async () => {
	const custom = await check(unknownAuthority, {env: {SSL_CERT_FILE: '/opt/ca.pem'}});
	assert.match(custom.text, /Go trusts SSL_CERT_FILE \(\/opt\/ca\.pem\), which replaces the system bundle/);
	assert.match(custom.text, /cat \/opt\/ca\.pem ca\.crt >/);
	const mac = await check(unknownAuthority, {platform: 'darwin'});
	assert.match(mac.text, /On macOS Go asks the system keychain/);
	assert.match(mac.text, /sudo security add-trusted-cert -d -r trustRoot -k \/Library\/Keychains\/System\.keychain ca\.crt/);
	assert.doesNotMatch(mac.text, /update-ca-certificates/);
});

test('name mismatch: the names on the certificate against the host', async () => {
	const {outcome} = await check(
		failure('tls-name-mismatch', `certificate is valid for git.example.com, not ${host}`, {code: 'ERR_TLS_CERT_ALTNAME_INVALID', certificate: {altNames: 'git.example.com'}}),
	);
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, `the certificate of ${host} is for git.example.com, not ${host}`);
	assert.match(outcome.fixes?.[0]?.title ?? '', /use that name in the module path/);
});

test('expired: the date, and the clock to check', async () => {
	const {outcome} = await check(failure('tls-expired', 'the certificate … expired', {code: 'CERT_HAS_EXPIRED', certificate: {validTo: '2020-01-02T00:00:00.000Z'}}));
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, `the certificate of ${host} expired on 2020-01-02T00:00:00.000Z`);
	assert.deepEqual(outcome.fixes?.[0]?.commands, ['date -u']);
});

test('dns: the host name and the VPN, with a command to see what resolves', async () => {
	const {outcome, text} = await check(failure('dns', `cannot resolve ${host}: no such host (ENOTFOUND)`, {code: 'ENOTFOUND'}));
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, `cannot resolve ${host}: no such host (ENOTFOUND)`);
	assert.match(text, /connect the VPN/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`getent hosts ${host} || nslookup ${host}`]);
});

test('dns when NO_PROXY sent the host direct: the entry is named', async () => {
	const env = {HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'example.com'};
	const {text} = await check(failure('dns', `cannot resolve ${host}`, {via: {proxyVariable: 'HTTPS_PROXY', bypassedBy: 'example.com'}}), {env});
	assert.match(text, /NO_PROXY entry "example\.com" makes Go connect to gitlab\.example\.com directly instead of through HTTPS_PROXY/);
});

test('refused: the message names the port, the details the usual causes', async () => {
	const {outcome, text} = await check(failure('refused', `${host}:443 refused the connection: nothing listens on port 443 there, or a firewall rejects it (ECONNREFUSED)`));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /:443 refused the connection/);
	assert.match(text, /set HTTPS_PROXY/);
});

test('timeout: the limit, and a --timeout hint', async () => {
	const {outcome, text} = await check(failure('timeout', `no answer from ${host}:443 within 5 s`), {timeoutMs: 5000});
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, `no answer from ${host}:443 within 5 s`);
	assert.match(text, /the limit was 5 s/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`gitlab-go-check ${host}/group/project --timeout 30`]);
});

test('proxy refused: which variable, and a NO_PROXY fix that keeps the existing entries', async () => {
	const env = {HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost,.internal'};
	const via = {proxy: 'http://proxy.corp:3128', proxyVariable: 'HTTPS_PROXY'};
	const {outcome, text} = await check(failure('proxy-refused', `the proxy http://proxy.corp:3128 (from HTTPS_PROXY) would not open a tunnel to ${host}:443: 403 Forbidden`, {via}), {env});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /\(from HTTPS_PROXY\) would not open a tunnel/);
	assert.match(text, /through the proxy http:\/\/proxy\.corp:3128 from HTTPS_PROXY/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`export NO_PROXY=${host},localhost,.internal no_proxy=${host},localhost,.internal`]);
	assert.deepEqual(outcome.fixes?.[1]?.commands, ['unset HTTPS_PROXY']);
});

test('proxy auth: how to put credentials in the variable; the proxy password in the environment never appears', async () => {
	const env = {https_proxy: 'http://bob:proxy-Secret-99@proxy.corp:3128'};
	const via = {proxy: 'http://proxy.corp:3128', proxyVariable: 'https_proxy'};
	const {outcome, redactor} = await check(failure('proxy-auth', 'the proxy http://proxy.corp:3128 (from https_proxy) wants credentials (407 Proxy Authentication Required); it refused the user and password in https_proxy', {via}), {env});
	assert.equal(outcome.status, 'fail');
	assert.deepEqual(outcome.fixes?.[0]?.commands, ['export https_proxy=http://USER:PASSWORD@proxy.corp:3128']);
	assert.ok(!JSON.stringify(outcome).includes('proxy-Secret-99'));
	assert.equal(redactor.redact('x proxy-Secret-99 y').includes('proxy-Secret-99'), false);
});

test('reset and redirect failures fail with their own explanation', async () => {
	const reset = await check(failure('reset', `${host}:443 closed the connection before the TLS handshake finished (ECONNRESET)`));
	assert.equal(reset.outcome.status, 'fail');
	assert.match(reset.text, /cut the connection/);
	const insecure = await check(failure('insecure-redirect', `redirected from secure URL ${url} to insecure URL http://${host}/api/v4/metadata`));
	assert.equal(insecure.outcome.status, 'fail');
	assert.match(insecure.text, /external_url 'https:\/\/gitlab\.example\.com'/);
});

test('a SOCKS proxy this tool cannot use: warn, not a verdict on the host', async () => {
	const via = {proxy: 'socks5://127.0.0.1:1080', proxyVariable: 'HTTPS_PROXY'};
	const {outcome} = await check(failure('other', 'the proxy socks5://127.0.0.1:1080 (from HTTPS_PROXY) uses socks5, …', {code: 'UNSUPPORTED_PROXY_SCHEME', via}));
	assert.equal(outcome.status, 'warn');
	assert.equal(outcome.summary, `cannot check: Go would reach ${host} through socks5://127.0.0.1:1080 (from HTTPS_PROXY), which this tool cannot use`);
});

test('against a real loopback GitLab through createGoHttp and a CONNECT proxy: pass; with another CA: fail naming it', async () => {
	const pki = await getTestPki();
	const good = await startHttpsServer(await pki.leaf(['gitlab.test']), (_request, response) => json(response, 401, {message: '401 Unauthorized'}));
	const rogue = await startHttpsServer(await pki.otherCaLeaf(['rogue.test']), (_request, response) => json(response, 401, {message: '401 Unauthorized'}));
	const proxy = await startConnectProxy({routes: {'gitlab.test:443': {host: '127.0.0.1', port: good.port}, 'rogue.test:443': {host: '127.0.0.1', port: rogue.port}}});
	try {
		const env = {SSL_CERT_FILE: pki.ca.cert, SSL_CERT_DIR: `${pki.dir}/none`, HTTPS_PROXY: proxy.url};
		const run = async (name: string) => {
			const system = fakeSystem({env, http: createGoHttp({env, platform: 'linux', fs: nodeFileSystem})});
			const upstream = upstreamOf({'module-path': {host: name, candidates: [`${name}/group/project`], subgroup: false}});
			return (await runCheck(httpsCheck, system, upstream, {module: `${name}/group/project`, offline: false, timeoutMs: 5000})).outcome;
		};
		const passed = await run('gitlab.test');
		assert.equal(passed.status, 'pass');
		assert.match(passed.summary, new RegExp(`^GitLab at gitlab\\.test answered 401 Unauthorized in \\d+ ms, through the proxy ${proxy.url}$`));
		assert.deepEqual(passed.evidence?.['roots'], [`SSL_CERT_FILE ${pki.ca.cert} (1 certificate)`, `SSL_CERT_DIR ${pki.dir}/none (does not exist)`]);
		assert.equal(good.requests[0]?.path, '/api/v4/metadata');
		assert.equal(good.requests[0]?.headers['authorization'], undefined);

		const failed = await run('rogue.test');
		assert.equal(failed.status, 'fail');
		assert.equal(failed.summary, 'Go does not trust the certificate of rogue.test: signed by unknown authority "CN=Unrelated test CA"');
	} finally {
		await Promise.all([good.close(), rogue.close(), proxy.close()]);
	}
});

test('a host from outside (a module proxy in GOPROXY) that is no host name enters no command: the fix says why instead', async () => {
	const {explainTransportFailure} = await import('../../source/checks/https.js');
	const {contextFor} = await import('../helpers/fake-system.js');
	const {http} = fakeHttp({ok: false, failure: {kind: 'dns', message: 'no such host', via: {}}});
	const context = contextFor(fakeSystem({env: {HOME: '/home/u', SSL_CERT_FILE: '/tmp/a b;rm -rf ~'}, http}), {offline: false});
	for (const [kind, hostile] of [['dns', 'd.<'], ['tls-other', 'x.example;id'], ['timeout', '$(id).example']] as const) {
		const failure = {kind, message: 'failed', via: {}} as HttpFailure;
		const {fixes} = await explainTransportFailure(context, hostile, `https://${hostile}/`, failure);
		for (const fix of fixes) for (const command of fix.commands) assert.ok(!command.includes(hostile), `${kind}: ${command}`);
		if (kind !== 'timeout') assert.ok(fixes.some(fix => fix.commands.length === 0 && /Not shown as a command/.test(fix.title)), `${kind}: ${JSON.stringify(fixes)}`);
	}
	const unknown = await explainTransportFailure(context, host, url, {kind: 'tls-unknown-authority', message: 'x509', via: {}} as HttpFailure);
	assert.ok(unknown.fixes.flatMap(fix => fix.commands).some(command => command.includes(`cat '/tmp/a b;rm -rf ~' ca.crt`)), 'SSL_CERT_FILE is quoted as one path');
});
