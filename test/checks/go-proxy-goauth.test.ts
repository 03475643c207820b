// go-proxy under GOAUTH (Go 1.24+): after a 4xx over https go asks GOAUTH again with the URL and the response and
// sends the request once more with what that round stored (docs/go.md §2). Fake HTTP that checks the credential.
import type {GoEnvData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goProxyCheck} from '../../source/checks/go-proxy.js';
import type {Http, HttpRequest, HttpResult} from '../../source/system/types.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const module = `${host}/group/project`;
const proxyHost = 'athens.example';
const token = 'proxyToken-fromGoauthRetry0001';
const basic = Buffer.from(`alice:${token}`).toString('base64');
const listUrl = `https://${proxyHost}/${module}/@v/list`;

/** A proxy that serves the module only to alice with the token; 401 otherwise. */
function guardedProxy() {
	const requests: HttpRequest[] = [];
	const http: Http = {
		async get(request): Promise<HttpResult> {
			requests.push(request);
			const allowed = request.basicAuth?.login === 'alice' && request.basicAuth.password === token;
			const info = request.url.endsWith('.info');
			const [status, body] = !allowed ? [401, 'unauthorized'] : info ? [200, '{"Version":"v1.2.0"}'] : [200, 'v1.0.0\nv1.2.0\n'];
			return {
				ok: true,
				response: {
					status,
					statusText: status === 200 ? 'OK' : 'Unauthorized',
					headers: {'content-type': info && allowed ? 'application/json' : 'text/plain', ...(allowed ? {} : {'www-authenticate': 'Basic realm="athens"'})},
					body,
					truncated: false,
					url: request.url,
					redirects: [],
					timings: {totalMs: 2},
					via: {},
				},
			};
		},
		trustedRootSources: async () => [],
	};
	return {http, requests};
}

type Helper = (args: string[]) => {stdout: string};

async function judge(goauth: string, helper: Helper, options: {go?: string; goproxy?: string} = {}) {
	const minor = Number((options.go ?? '1.24.4').split('.')[1]);
	const settings = {GOPROXY: options.goproxy ?? `https://${proxyHost}`, GONOSUMDB: host, GOSUMDB: 'sum.golang.org', GOAUTH: goauth};
	const goEnv: GoEnvData = {settings: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, {value, source: 'environment' as const}])), goVersion: {text: `go${options.go ?? '1.24.4'}`, major: 1, minor}};
	const {http, requests} = guardedProxy();
	const system = fakeSystem({env: {HOME: '/home/u'}, http, commands: {'curl --version': {stdout: 'curl 7.88.1\n'}, 'my-helper': helper}});
	const {outcome, redactor} = await runCheck(goProxyCheck, system, upstreamOf({'go-env': goEnv}), {offline: false, module});
	return {outcome, redactor, requests, system, json: JSON.stringify(outcome)};
}

/** The helper of go's docs: nothing without a URL; with one, a Basic credential for the host the URL names. */
const hostHelper: Helper = args => (args.length === 0 ? {stdout: ''} : {stdout: `https://${new URL(args[0]!).host}\n\nAuthorization: Basic ${basic}\n\n`});

test('a company proxy answers 401 and only the GOAUTH command, asked again with the URL, supplies credentials: go retries and is served', async () => {
	const {outcome, requests, system, json, redactor} = await judge('my-helper', hostHelper);
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.match(outcome.summary, /for alice/);
	// First the list without credentials (the first round gave none), then the retry with them.
	assert.equal(requests[0]!.url, listUrl);
	assert.equal(requests[0]!.basicAuth, undefined);
	assert.equal(requests[1]!.url, listUrl);
	assert.equal(requests[1]!.basicAuth?.login, 'alice');
	// go's credential cache keeps the host credential: the .info request goes with it at once, no second 401.
	assert.equal(requests.length, 3);
	assert.equal(requests[2]!.basicAuth?.login, 'alice');
	// Run as go runs it: once without a URL, then with the URL and the response on stdin.
	assert.deepEqual(system.calls.filter(call => call.startsWith('my-helper')), ['my-helper', `my-helper ${listUrl}`]);
	const retry = system.execs.find(exec => exec.call === `my-helper ${listUrl}`)!;
	assert.match(String(retry.options.input), /^HTTP\/1\.1 401 Unauthorized\n(.*\n)*Www-Authenticate: Basic realm="athens"\n/);
	const said = (outcome.evidence?.[`GOAUTH after a 4xx from https://${proxyHost}`] as string[] | undefined)?.join('\n') ?? '';
	assert.match(said, /answered 401 .*asked GOAUTH again with the URL \(ran the GOAUTH command my-helper with the URL.*\(not shown\)\) and sent the request again with a credential from the GOAUTH command my-helper/);
	// What the command returned is a secret: never in the outcome, and redacted wherever it could appear.
	assert.ok(!json.includes(token) && !json.includes(basic), 'a GOAUTH value is in the outcome');
	assert.ok(!redactor.redact(`${token} Basic ${basic}`).includes(token));
	assert.ok(!redactor.redact(`Basic ${basic}`).includes(basic));
});

test('a command that answers for the exact URL only: each URL gets its own 401 and retry, as loadCredential matches the whole URL or the host', async () => {
	const exact: Helper = args => (args.length === 0 ? {stdout: ''} : {stdout: `${args[0]}\n\nAuthorization: Basic ${basic}\n\n`});
	const {outcome, requests} = await judge('my-helper', exact);
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.deepEqual(
		requests.map(request => [request.url.replace(`https://${proxyHost}/${module}/@v/`, ''), request.basicAuth?.login ?? '-']),
		[['list', '-'], ['list', 'alice'], ['v1.2.0.info', '-'], ['v1.2.0.info', 'alice']],
	);
});

test('the retry yields nothing: go stops with the 401 and the step says the command ran again and gave no credential for it', async () => {
	const {outcome, requests, json} = await judge('my-helper', () => ({stdout: ''}));
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /401/);
	assert.equal(requests.length, 2, 'one request, one retry');
	assert.ok(requests.every(request => request.basicAuth === undefined));
	assert.match(json, /sent the request again without credentials/);
});

test('the command fails on the retry: go retries without credentials and the failure is said without its output', async () => {
	const failing: Helper = args => (args.length === 0 ? {stdout: ''} : {stdout: `${token}\n`});
	const {outcome, json} = await judge('my-helper', failing);
	assert.equal(outcome.status, 'fail');
	assert.match(json, /go cannot parse its output/);
	assert.ok(!json.includes(token));
});

test('Go 1.23 has no GOAUTH: no retry, the command never runs', async () => {
	const {outcome, requests, system} = await judge('my-helper', hostHelper, {go: '1.23.5'});
	assert.equal(outcome.status, 'fail');
	assert.equal(requests.length, 1);
	assert.deepEqual(system.calls.filter(call => call.startsWith('my-helper')), []);
});

test('an http:// proxy: go neither sends credentials nor asks GOAUTH again over http', async () => {
	const {requests, system} = await judge('my-helper', hostHelper, {goproxy: `http://${proxyHost}`});
	assert.equal(requests.length, 1);
	assert.equal(requests[0]!.basicAuth, undefined);
	assert.ok(!system.calls.some(call => call.startsWith('my-helper http')));
});
