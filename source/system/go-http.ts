// HTTPS the way the go command does it (docs/go.md §1.4, §5.3, §8): the proxy from HTTPS_PROXY/NO_PROXY,
// the CA roots Go trusts here, redirects as cmd/go follows them, Basic credentials only where they belong.
import {createSecureContext, type SecureContext} from 'node:tls';
import {proxyForUrl} from '../rules/proxy-from-env.js';
import {loadGoRoots, type GoRoots} from './go-roots.js';
import {classifyFailure, seconds} from './http-failure.js';
import {sendHop} from './http-hop.js';
import type {Environment, FileSystem, Http, HttpFailure, HttpRequest, HttpResponse, HttpResult, HttpTimings, Platform} from './types.js';

const defaultMaxBodyBytes = 1024 * 1024;
// cmd/go's CheckRedirect: `if len(via) >= 10 { return errors.New("stopped after 10 redirects") }`.
const maxRequests = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Headers that carry a credential: they go where basicAuth goes, and nowhere else.
const credentialHeaders = new Set(['authorization', 'private-token', 'job-token', 'cookie', 'proxy-authorization']);
// What Go's net/http sends (releases up to at least 1.26), so that servers and middleboxes treat us as they treat go.
const goHeaders = {'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip'};

type Trust = {roots: GoRoots; secureContext: SecureContext | undefined};
type Via = HttpResponse['via'];
type Route = {via: Via; proxy?: URL; proxyShown?: string; proxyVariable?: string; proxyHasCredentials: boolean};

export function createGoHttp(options: {env: Environment; platform: Platform; fs: FileSystem}): Http {
	let trust: Promise<Trust> | undefined;
	// Read once, on first use, like Go's systemRoots sync.Once.
	const loadTrust = () =>
		(trust ??= loadGoRoots(options).then(roots => ({roots, secureContext: roots.ca ? createSecureContext({ca: roots.ca}) : undefined})));
	return {
		async get(request) {
			try {
				return await goGet(request, options.env, loadTrust);
			} catch (error) {
				return failed({kind: 'other', message: `unexpected failure: ${error instanceof Error ? error.message : String(error)}`, via: {}});
			}
		},
		async trustedRootSources() {
			return (await loadTrust()).roots.sources;
		},
	};
}

async function goGet(request: HttpRequest, env: Environment, loadTrust: () => Promise<Trust>): Promise<HttpResult> {
	const started = performance.now();
	const deadline = started + request.timeoutMs;
	const original = parseTarget(request.url);
	if (typeof original === 'string') return failed({kind: 'invalid-url', message: original, via: {}});
	// Userinfo in the URL is Basic auth to net/http when nothing else is set; it never travels in the URL here.
	const basicAuth =
		request.basicAuth ?? (original.username ? {login: decodeURIComponent(original.username), password: decodeURIComponent(original.password)} : undefined);
	original.username = '';
	original.password = '';
	const secrets = [
		basicAuth?.password,
		basicAuth ? basicAuthHeader(basicAuth) : undefined,
		...Object.entries(request.headers ?? {}).filter(([name]) => credentialHeaders.has(name.toLowerCase())).map(([, value]) => value),
	].filter((secret): secret is string => Boolean(secret));

	const redirects: HttpResponse['redirects'] = [];
	let current = original;
	for (let requestNumber = 1; ; requestNumber++) {
		const route = routeFor(env, current);
		if ('failure' in route) return failed(route.failure);
		const remaining = deadline - performance.now();
		const total = () => ({totalMs: Math.round(performance.now() - started)});
		if (request.signal?.aborted) return failed({kind: 'cancelled', message: `the request to ${current.host} was cancelled`, via: route.via, timings: total()});
		if (remaining <= 0) return failed({kind: 'timeout', message: `no answer from ${current.host} within ${seconds(request.timeoutMs)}`, via: route.via, timings: total()});

		// Stricter than net/http, which forwards Authorization to subdomains too: the original host only, over https only.
		const credentialsAllowed = original.protocol === 'https:' && current.protocol === 'https:' && current.host === original.host;
		const headers = headersFor(request.headers, basicAuth, credentialsAllowed);
		const credentialsSent = Object.keys(headers).some(name => credentialHeaders.has(name));
		const hop = await sendHop({
			url: current,
			method: request.method ?? 'GET',
			headers,
			...(route.proxy ? {proxy: route.proxy} : {}),
			// Plain http needs no roots: do not read them for nothing.
			secureContext: current.protocol === 'https:' || route.proxy?.protocol === 'https:' ? (await loadTrust()).secureContext : undefined,
			timeoutMs: remaining,
			...(request.signal ? {signal: request.signal} : {}),
			maxBodyBytes: request.maxBodyBytes ?? defaultMaxBodyBytes,
		});
		// The phases (DNS, connect, TLS, first byte) of the last request; the total spans every hop.
		const timings: HttpTimings = {...hop.timings, ...total()};
		if (!hop.ok) {
			const port = Number(current.port || (current.protocol === 'https:' ? 443 : 80));
			const failure = classifyFailure(hop.error, {
				host: current.hostname,
				port,
				...(route.proxyShown ? {proxy: {shown: route.proxyShown, hostname: route.proxy!.hostname, variable: route.proxyVariable ?? 'the environment', hasCredentials: route.proxyHasCredentials}} : {}),
				timeoutMs: request.timeoutMs,
				notes: hop.notes,
				...(hop.headersReceived ? {headersReceived: hop.headersReceived} : {}),
				cancelled: request.signal?.aborted ?? false,
				secrets: [...secrets, ...(route.proxy?.password ? [decodeURIComponent(route.proxy.password)] : [])],
			});
			return failed({...failure, via: route.via, timings});
		}

		const {answer} = hop;
		const location = answer.headers['location'];
		if (request.followRedirects !== false && redirectStatuses.has(answer.status) && location) {
			const next = redirectTarget(location, current, original, requestNumber);
			if ('kind' in next) return failed({...next, via: route.via, timings});
			redirects.push({from: shown(current), status: answer.status, to: shown(next), credentialsSent});
			current = next;
			continue;
		}
		return {
			ok: true,
			response: {
				status: answer.status,
				statusText: answer.statusText,
				headers: answer.headers,
				body: answer.body.toString('utf8'),
				truncated: answer.truncated,
				url: shown(current),
				redirects,
				timings,
				via: route.via,
			},
		};
	}
}

/** Where a redirect leads, or why cmd/go would stop there. */
function redirectTarget(location: string, current: URL, original: URL, requestNumber: number): URL | Pick<HttpFailure, 'kind' | 'message'> {
	let next: URL;
	try {
		next = new URL(location, current);
	} catch {
		return {kind: 'invalid-url', message: `failed to parse Location header ${JSON.stringify(shownRaw(location))}`};
	}
	next.username = '';
	next.password = '';
	// cmd/go checks the scheme against the first request, before the count.
	if (original.protocol === 'https:' && next.protocol !== 'https:') {
		return {kind: 'insecure-redirect', message: `redirected from secure URL ${shown(current)} to insecure URL ${shown(next)}`};
	}
	if (requestNumber >= maxRequests) {
		return {kind: 'redirect-loop', message: `stopped after ${maxRequests} redirects (last from ${shown(current)} to ${shown(next)})`};
	}
	if (next.protocol !== 'http:' && next.protocol !== 'https:') {
		return {kind: 'invalid-url', message: `redirected to ${shown(next)}: unsupported protocol scheme "${next.protocol.slice(0, -1)}"`};
	}
	return next;
}

function parseTarget(raw: string): URL | string {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return `not a URL: ${JSON.stringify(shownRaw(raw))}`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return `unsupported protocol scheme "${url.protocol.slice(0, -1)}" in ${shown(url)}`;
	return url;
}

/** The proxy Go picks for this URL, and how the request will leave. */
function routeFor(env: Environment, url: URL): Route | {failure: HttpFailure} {
	const decision = proxyForUrl(env, url.href);
	const variable = decision.fromVariable;
	if (!decision.proxy) {
		const via: Via = {};
		if (variable && decision.bypassedBy) {
			via.proxyVariable = variable;
			via.bypassedBy = decision.bypassedBy;
		}
		return {via, proxyHasCredentials: false};
	}
	const via: Via = {proxy: decision.proxy, ...(variable ? {proxyVariable: variable} : {})};
	let proxy: URL;
	try {
		proxy = new URL(decision.proxy);
	} catch {
		return {failure: {kind: 'other', code: 'UNSUPPORTED_PROXY_SCHEME', message: `the proxy address ${decision.proxy} (from ${variable}) cannot be used by this tool`, via}};
	}
	if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
		const message = `the proxy ${decision.proxy} (from ${variable}) uses ${proxy.protocol.slice(0, -1)}, which Go supports but this tool cannot test through; it did not connect directly instead`;
		return {failure: {kind: 'other', code: 'UNSUPPORTED_PROXY_SCHEME', message, via}};
	}
	if (decision.proxyUser !== undefined) proxy.username = encodeURIComponent(decision.proxyUser);
	if (decision.proxyPassword !== undefined) proxy.password = encodeURIComponent(decision.proxyPassword);
	return {
		via,
		proxy,
		proxyShown: decision.proxy,
		...(variable ? {proxyVariable: variable} : {}),
		proxyHasCredentials: decision.proxyUser !== undefined || decision.proxyPassword !== undefined,
	};
}

function headersFor(extra: Record<string, string> | undefined, basicAuth: HttpRequest['basicAuth'], credentialsAllowed: boolean): Record<string, string> {
	const headers: Record<string, string> = {...goHeaders};
	for (const [name, value] of Object.entries(extra ?? {})) {
		const key = name.toLowerCase();
		if (credentialHeaders.has(key) && !credentialsAllowed) continue;
		headers[key] = value;
	}
	if (basicAuth && credentialsAllowed) headers['authorization'] = basicAuthHeader(basicAuth);
	return headers;
}

function basicAuthHeader(auth: {login: string; password: string}): string {
	return `Basic ${Buffer.from(`${auth.login}:${auth.password}`).toString('base64')}`;
}

/** A URL as it may be shown: never with userinfo. */
function shown(url: URL | string): string {
	if (typeof url === 'string') return shownRaw(url);
	const copy = new URL(url.href);
	copy.username = '';
	copy.password = '';
	return copy.href;
}

function shownRaw(raw: string): string {
	return raw.replace(/\/\/[^/@?#]*@/, '//');
}

function failed(failure: HttpFailure): HttpResult {
	return {ok: false, failure};
}
