// createGoHttp against real loopback servers: Go's roots, TLS failures, redirects, credentials and proxies.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {createGoHttp} from '../../source/system/go-http.js';
import {nodeFileSystem} from '../../source/system/node-system.js';
import type {Environment, HttpResult} from '../../source/system/types.js';
import {getTestPki, type TestPki} from '../fake-gitlab/pki.js';
import {startConnectProxy} from '../fake-gitlab/connect-proxy.js';
import {json, startHttpServer, startHttpsServer, startSilentServer} from '../helpers/tls-fixtures.js';

let pki: TestPki;
let trustTestCa: Environment;
const servers: Array<{close(): Promise<void>}> = [];
const password = 'glpat-SECRETsecret1234';
const basicAuth = {login: 'alice', password};

before(async () => {
	pki = await getTestPki();
	// Only the run's CA: no directory adds the machine's roots.
	trustTestCa = {SSL_CERT_FILE: pki.ca.cert, SSL_CERT_DIR: join(pki.dir, 'no-such-directory')};
});

after(async () => {
	await Promise.all(servers.map(server => server.close()));
});

function track<Server extends {close(): Promise<void>}>(server: Server): Server {
	servers.push(server);
	return server;
}

function goHttp(env: Environment) {
	return createGoHttp({env, platform: 'linux', fs: nodeFileSystem});
}

async function gitlabLike(hosts: string[] = ['gitlab.test', '127.0.0.1', '127.0.0.2'], host = '127.0.0.1') {
	return track(await startHttpsServer(await pki.leaf(hosts), (_request, response) => json(response, 401, {message: '401 Unauthorized'}), host));
}

function failureOf(result: HttpResult) {
	assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
	return (result as Extract<HttpResult, {ok: false}>).failure;
}

function responseOf(result: HttpResult) {
	assert.equal(result.ok, true, `expected a response, got ${JSON.stringify(result)}`);
	return (result as Extract<HttpResult, {ok: true}>).response;
}

test('roots come from SSL_CERT_FILE: a server with the run CA answers, with timings and the source named', async () => {
	const server = await gitlabLike();
	const http = goHttp(trustTestCa);
	const response = responseOf(await http.get({url: `${server.origin}/api/v4/metadata`, timeoutMs: 5000}));
	assert.equal(response.status, 401);
	assert.deepEqual(JSON.parse(response.body), {message: '401 Unauthorized'});
	assert.equal(response.headers['content-type'], 'application/json');
	assert.equal(typeof response.timings.connectMs, 'number');
	assert.equal(typeof response.timings.tlsMs, 'number');
	assert.equal(typeof response.timings.firstByteMs, 'number');
	assert.ok(response.timings.totalMs >= 0);
	assert.deepEqual(response.via, {});
	assert.equal(server.requests[0]?.headers['user-agent'], 'Go-http-client/1.1');
	const sources = await http.trustedRootSources();
	assert.match(sources[0] ?? '', new RegExp(`^SSL_CERT_FILE ${pki.ca.cert} \\(1 certificate\\)`));
});

test('roots come from every file of SSL_CERT_DIR when SSL_CERT_FILE names nothing readable', async () => {
	const server = await gitlabLike();
	const directory = join(pki.dir, 'cert-dir');
	mkdirSync(directory, {recursive: true});
	copyFileSync(pki.otherCa.cert, join(directory, 'a-other.pem'));
	copyFileSync(pki.ca.cert, join(directory, 'b-run.pem'));
	const http = goHttp({SSL_CERT_FILE: join(pki.dir, 'missing.pem'), SSL_CERT_DIR: `${join(pki.dir, 'absent')}:${directory}`});
	assert.equal(responseOf(await http.get({url: server.origin, timeoutMs: 5000})).status, 401);
	assert.deepEqual(await http.trustedRootSources(), [
		`SSL_CERT_FILE ${join(pki.dir, 'missing.pem')} (does not exist)`,
		`SSL_CERT_DIR ${join(pki.dir, 'absent')} (does not exist)`,
		`SSL_CERT_DIR ${directory} (2 files, 2 more certificates)`,
	]);
});

test('a certificate from another CA: unknown authority, naming the issuer', async () => {
	const server = track(await startHttpsServer(await pki.otherCaLeaf(['127.0.0.1']), (_request, response) => response.end('x')));
	const failure = failureOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000, basicAuth}));
	assert.equal(failure.kind, 'tls-unknown-authority');
	assert.equal(failure.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
	assert.equal(failure.certificate?.issuer, 'CN=Unrelated test CA');
	assert.match(failure.message, /unknown authority.*issued by "CN=Unrelated test CA"/);
	assert.equal(server.requests.length, 0, 'nothing is sent to a server that failed verification');
});

test('a self-signed certificate: unknown authority, said to be self-signed', async () => {
	const server = track(await startHttpsServer(await pki.selfSignedLeaf(['127.0.0.1']), (_request, response) => response.end('x')));
	const failure = failureOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000}));
	assert.equal(failure.kind, 'tls-unknown-authority');
	assert.match(failure.message, /self-signed/);
	assert.equal(failure.certificate?.issuer, 'CN=127.0.0.1');
});

test('a certificate for another name: name mismatch, with the names on the certificate', async () => {
	const server = track(await startHttpsServer(await pki.wrongNameLeaf(), (_request, response) => response.end('x')));
	const failure = failureOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000}));
	assert.equal(failure.kind, 'tls-name-mismatch');
	assert.equal(failure.message, 'certificate is valid for wrong-name.test, not 127.0.0.1');
	assert.equal(failure.certificate?.altNames, 'wrong-name.test');
});

test('an expired certificate: expired, with the date it ended', async () => {
	const server = track(await startHttpsServer(await pki.expiredLeaf(['127.0.0.1']), (_request, response) => response.end('x')));
	const failure = failureOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000}));
	assert.equal(failure.kind, 'tls-expired');
	assert.equal(failure.certificate?.validTo, '2020-01-02T00:00:00.000Z');
	assert.match(failure.message, /expired on 2020-01-02T00:00:00\.000Z; this machine's clock says 20\d\d-/);
});

test('a closed port: refused, naming host and port', async () => {
	const closed = await startSilentServer();
	await closed.close();
	const failure = failureOf(await goHttp(trustTestCa).get({url: `https://127.0.0.1:${closed.port}/`, timeoutMs: 5000}));
	assert.equal(failure.kind, 'refused');
	assert.equal(failure.code, 'ECONNREFUSED');
	assert.match(failure.message, new RegExp(`^127\\.0\\.0\\.1:${closed.port} refused the connection`));
});

test('a name that does not resolve: dns', async () => {
	const failure = failureOf(await goHttp(trustTestCa).get({url: 'https://nonexistent.invalid/api/v4/metadata', timeoutMs: 5000}));
	assert.equal(failure.kind, 'dns');
	assert.match(failure.message, /^cannot resolve nonexistent\.invalid/);
});

test('a server that never answers: timeout within the limit, saying the limit', async () => {
	const silent = track(await startSilentServer());
	const started = performance.now();
	const failure = failureOf(await goHttp(trustTestCa).get({url: `https://127.0.0.1:${silent.port}/`, timeoutMs: 400}));
	const elapsed = performance.now() - started;
	assert.equal(failure.kind, 'timeout');
	assert.equal(failure.message, `no answer from 127.0.0.1:${silent.port} within 0.4 s`);
	assert.ok(elapsed >= 350 && elapsed < 1500, `took ${elapsed} ms`);
});

test('an aborted signal ends the request as cancelled', async () => {
	const silent = track(await startSilentServer());
	const controller = new AbortController();
	setTimeout(() => controller.abort(), 100);
	const started = performance.now();
	const failure = failureOf(await goHttp(trustTestCa).get({url: `https://127.0.0.1:${silent.port}/`, timeoutMs: 5000, signal: controller.signal}));
	assert.equal(failure.kind, 'cancelled');
	assert.ok(performance.now() - started < 1500);
});

test('an endless body stops at maxBodyBytes and is marked truncated', async () => {
	const chunk = Buffer.alloc(16 * 1024, 'a');
	const server = track(
		await startHttpsServer(await pki.leaf(['127.0.0.1']), (_request, response) => {
			response.writeHead(200, {'content-type': 'text/html'});
			const pump = () => {
				while (!response.destroyed && response.write(chunk));
				if (!response.destroyed) response.once('drain', pump);
			};
			pump();
		}),
	);
	const started = performance.now();
	const response = responseOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000, maxBodyBytes: 100_000}));
	assert.equal(response.truncated, true);
	assert.equal(response.body.length, 100_000);
	assert.ok(performance.now() - started < 3000);
});

test('a body within the limit is whole and not truncated, whatever the status', async () => {
	const server = track(await startHttpsServer(await pki.leaf(['127.0.0.1']), (_request, response) => response.writeHead(503).end('x'.repeat(1000))));
	const response = responseOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000, maxBodyBytes: 1000}));
	assert.equal(response.status, 503);
	assert.equal(response.body.length, 1000);
	assert.equal(response.truncated, false);
});

test('a redirect loop stops after 10 requests with Go\'s message', async () => {
	const server = track(
		await startHttpsServer(await pki.leaf(['127.0.0.1']), (request, response, self) => {
			response.writeHead(302, {location: `/loop/${self.requests.length}`}).end();
		}),
	);
	const failure = failureOf(await goHttp(trustTestCa).get({url: server.origin, timeoutMs: 5000}));
	assert.equal(failure.kind, 'redirect-loop');
	assert.match(failure.message, /^stopped after 10 redirects/);
	assert.equal(server.requests.length, 10);
});

test('redirects are followed and recorded hop by hop', async () => {
	const server = track(
		await startHttpsServer(await pki.leaf(['127.0.0.1']), (request, response) => {
			if (request.url === '/a') response.writeHead(301, {location: '/b'}).end();
			else if (request.url === '/b') response.writeHead(307, {location: '/c'}).end();
			else json(response, 200, {ok: true});
		}),
	);
	const response = responseOf(await goHttp(trustTestCa).get({url: `${server.origin}/a`, timeoutMs: 5000, followRedirects: true}));
	assert.equal(response.url, `${server.origin}/c`);
	assert.deepEqual(response.redirects, [
		{from: `${server.origin}/a`, status: 301, to: `${server.origin}/b`, credentialsSent: false},
		{from: `${server.origin}/b`, status: 307, to: `${server.origin}/c`, credentialsSent: false},
	]);
	const unfollowed = responseOf(await goHttp(trustTestCa).get({url: `${server.origin}/a`, timeoutMs: 5000, followRedirects: false}));
	assert.equal(unfollowed.status, 301);
	assert.deepEqual(unfollowed.redirects, []);
});

test('https → http is refused before the http server is asked', async () => {
	const plain = track(await startHttpServer((_request, response) => response.end('plain')));
	const server = track(await startHttpsServer(await pki.leaf(['127.0.0.1']), (_request, response) => response.writeHead(302, {location: `${plain.origin}/login`}).end()));
	const failure = failureOf(await goHttp(trustTestCa).get({url: `${server.origin}/start`, timeoutMs: 5000, basicAuth}));
	assert.equal(failure.kind, 'insecure-redirect');
	assert.equal(failure.message, `redirected from secure URL ${server.origin}/start to insecure URL ${plain.origin}/login`);
	assert.equal(plain.requests.length, 0);
});

test('credentials go to the original host only: kept on a same-host redirect, dropped for another host', async () => {
	const other = track(await startHttpsServer(await pki.leaf(['127.0.0.2']), (_request, response) => json(response, 200, {}), '127.0.0.2'));
	const origin = track(
		await startHttpsServer(await pki.leaf(['127.0.0.1']), (request, response) => {
			if (request.url === '/first') response.writeHead(302, {location: '/second'}).end();
			else response.writeHead(302, {location: `${other.origin}/login`}).end();
		}),
	);
	const result = await goHttp(trustTestCa).get({url: `${origin.origin}/first`, timeoutMs: 5000, basicAuth, headers: {'PRIVATE-TOKEN': password}});
	const response = responseOf(result);
	const expected = `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`;
	assert.deepEqual(
		origin.requests.map(request => request.headers['authorization']),
		[expected, expected],
	);
	assert.equal(origin.requests[1]?.headers['private-token'], password);
	assert.equal(other.requests.length, 1);
	assert.equal(other.requests[0]?.headers['authorization'], undefined);
	assert.equal(other.requests[0]?.headers['private-token'], undefined);
	assert.deepEqual(
		response.redirects.map(hop => hop.credentialsSent),
		[true, true],
	);
	assert.ok(!JSON.stringify(result).includes(password));
});

test('credentials are never sent over plain http, and never shown', async () => {
	const plain = track(await startHttpServer((_request, response) => response.end('ok')));
	const url = `http://alice:${password}@127.0.0.1:${plain.port}/x`;
	const result = await goHttp({}).get({url, timeoutMs: 5000});
	assert.equal(responseOf(result).url, `${plain.origin}/x`);
	assert.equal(plain.requests[0]?.headers['authorization'], undefined);
	const withAuth = await goHttp({}).get({url: `${plain.origin}/y`, timeoutMs: 5000, basicAuth});
	assert.equal(plain.requests[1]?.headers['authorization'], undefined);
	assert.ok(!JSON.stringify([result, withAuth]).includes(password));
});

test('userinfo in an https URL is sent as Basic auth (as net/http does) and stripped from what is returned', async () => {
	const server = await gitlabLike();
	const result = await goHttp(trustTestCa).get({url: `https://alice:${password}@127.0.0.1:${server.port}/api`, timeoutMs: 5000});
	assert.equal(responseOf(result).url, `${server.origin}/api`);
	assert.equal(server.requests[0]?.headers['authorization'], `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`);
	assert.ok(!JSON.stringify(result).includes(password));
});

test('HTTPS_PROXY: the request tunnels through the proxy, with Go\'s roots and the host name inside the tunnel', async () => {
	const server = await gitlabLike();
	const proxy = track(await startConnectProxy({routes: {[`gitlab.test:${server.port}`]: {host: '127.0.0.1', port: server.port}}}));
	const response = responseOf(await goHttp({...trustTestCa, HTTPS_PROXY: proxy.url}).get({url: `https://gitlab.test:${server.port}/api/v4/metadata`, timeoutMs: 5000}));
	assert.equal(response.status, 401);
	assert.deepEqual(response.via, {proxy: proxy.url, proxyVariable: 'HTTPS_PROXY'});
	assert.deepEqual(
		proxy.log.map(entry => [entry.target, entry.outcome]),
		[[`gitlab.test:${server.port}`, 'tunnelled']],
	);
});

test('through a proxy, an unknown authority still names the issuer', async () => {
	const server = track(await startHttpsServer(await pki.otherCaLeaf(['gitlab.test']), (_request, response) => response.end('x')));
	const proxy = track(await startConnectProxy({routes: {[`gitlab.test:${server.port}`]: {host: '127.0.0.1', port: server.port}}}));
	const failure = failureOf(await goHttp({...trustTestCa, https_proxy: proxy.url}).get({url: `https://gitlab.test:${server.port}/`, timeoutMs: 5000}));
	assert.equal(failure.kind, 'tls-unknown-authority');
	assert.equal(failure.certificate?.issuer, 'CN=Unrelated test CA');
	assert.deepEqual(failure.via, {proxy: proxy.url, proxyVariable: 'https_proxy'});
});

test('a proxy that wants credentials: 407 is proxy-auth, and the proxy password is never shown', async () => {
	const server = await gitlabLike();
	const routes = {[`gitlab.test:${server.port}`]: {host: '127.0.0.1', port: server.port}};
	const proxy = track(await startConnectProxy({routes, requireAuth: {username: 'proxyuser', password: 'proxy-pass-123'}}));
	const url = `https://gitlab.test:${server.port}/`;

	const none = failureOf(await goHttp({...trustTestCa, HTTPS_PROXY: proxy.url}).get({url, timeoutMs: 5000}));
	assert.equal(none.kind, 'proxy-auth');
	assert.match(none.message, /wants credentials \(407 Proxy Authentication Required\); HTTPS_PROXY carries none/);

	const wrongUrl = `http://proxyuser:wrong-pass-456@127.0.0.1:${proxy.port}`;
	const wrong = await goHttp({...trustTestCa, HTTPS_PROXY: wrongUrl}).get({url, timeoutMs: 5000});
	assert.equal(failureOf(wrong).kind, 'proxy-auth');
	assert.match(failureOf(wrong).message, /refused the user and password in HTTPS_PROXY/);
	assert.ok(!JSON.stringify(wrong).includes('wrong-pass-456'));

	const right = await goHttp({...trustTestCa, HTTPS_PROXY: `http://proxyuser:proxy-pass-123@127.0.0.1:${proxy.port}`}).get({url, timeoutMs: 5000});
	assert.equal(responseOf(right).status, 401);
	assert.equal(responseOf(right).via.proxy, proxy.url);
	assert.ok(!JSON.stringify(right).includes('proxy-pass-123'));
});

test('a proxy that will not tunnel to the host: proxy-refused with its status', async () => {
	const proxy = track(await startConnectProxy({refuseStatus: 502}));
	const failure = failureOf(await goHttp({...trustTestCa, HTTPS_PROXY: proxy.url}).get({url: 'https://gitlab.test/', timeoutMs: 5000}));
	assert.equal(failure.kind, 'proxy-refused');
	assert.equal(failure.message, `the proxy ${proxy.url} (from HTTPS_PROXY) would not open a tunnel to gitlab.test:443: 502 Bad Gateway`);
});

test('a proxy that is not listening: proxy-refused naming the variable', async () => {
	const closed = await startSilentServer();
	await closed.close();
	const failure = failureOf(await goHttp({...trustTestCa, HTTPS_PROXY: `127.0.0.1:${closed.port}`}).get({url: 'https://gitlab.test/', timeoutMs: 5000}));
	assert.equal(failure.kind, 'proxy-refused');
	assert.equal(failure.message, `the proxy http://127.0.0.1:${closed.port} (from HTTPS_PROXY) refused the connection (ECONNREFUSED)`);
});

test('a proxy that never answers: timeout within the limit, naming the proxy', async () => {
	const silent = track(await startSilentServer());
	const started = performance.now();
	const failure = failureOf(await goHttp({...trustTestCa, HTTPS_PROXY: silent.origin.replace('tcp:', 'http:')}).get({url: 'https://gitlab.test/', timeoutMs: 400}));
	assert.equal(failure.kind, 'timeout');
	assert.equal(failure.message, `no answer from gitlab.test:443 through the proxy http://127.0.0.1:${silent.port} (from HTTPS_PROXY) within 0.4 s`);
	assert.ok(performance.now() - started < 1500);
});

test('NO_PROXY: the host goes direct, and the entry that exempted it is reported', async () => {
	const proxy = track(await startConnectProxy());
	const failure = failureOf(
		await goHttp({...trustTestCa, HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,.invalid'}).get({url: 'https://nonexistent.invalid/', timeoutMs: 5000}),
	);
	assert.equal(failure.kind, 'dns');
	assert.deepEqual(failure.via, {proxyVariable: 'HTTPS_PROXY', bypassedBy: '.invalid'});
	assert.equal(proxy.log.length, 0);
	// Loopback is never proxied, as in Go.
	const server = await gitlabLike();
	const response = responseOf(await goHttp({...trustTestCa, HTTPS_PROXY: proxy.url}).get({url: server.origin, timeoutMs: 5000}));
	assert.deepEqual(response.via, {proxyVariable: 'HTTPS_PROXY', bypassedBy: 'loopback'});
});

test('a socks5 proxy is reported as unsupported, not silently bypassed', async () => {
	const server = await gitlabLike(['gitlab.test']);
	const failure = failureOf(await goHttp({...trustTestCa, HTTPS_PROXY: `socks5://127.0.0.1:1080`}).get({url: `https://gitlab.test:${server.port}/`, timeoutMs: 5000}));
	assert.equal(failure.kind, 'other');
	assert.equal(failure.code, 'UNSUPPORTED_PROXY_SCHEME');
	assert.match(failure.message, /socks5/);
	assert.equal(server.requests.length, 0);
});

test('a URL that is not http(s): invalid-url, and get() never throws', async () => {
	const http = goHttp(trustTestCa);
	assert.equal(failureOf(await http.get({url: 'ftp://example.com/x', timeoutMs: 1000})).kind, 'invalid-url');
	assert.equal(failureOf(await http.get({url: 'not a url', timeoutMs: 1000})).kind, 'invalid-url');
});
