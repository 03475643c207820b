// https: can the host be reached the way Go reaches it (proxy from HTTPS_PROXY/NO_PROXY, the roots Go trusts),
// and is it GitLab that answers? No credentials: this check is about the transport.
import {commandFix, gitCaFix, longerTimeoutFix} from '../fixes/builders.js';
import {hostOfUrl} from '../rules/hosts.js';
import {proxyCredentialParts} from '../engine/redact.js';
import type {ModulePathData, HttpsData} from '../engine/check-data.js';
import {type Check, type CheckContext, type Fix, type Outcome, defineCheck} from '../engine/types.js';
import {proxyForUrl, type ProxyDecision} from '../rules/proxy-from-env.js';
import {hostOf} from '../rules/module-path.js';
import {goCertDirectories, goCertFiles} from '../system/go-roots.js';
import type {Environment, HttpFailure, HttpResponse, HttpTimings, Platform} from '../system/types.js';
import {host as hostArg, path as pathArg, quoteArg, quoted, raw, sh, validate, word} from '../fixes/command.js';

type Situation = {host: string; module: string; platform: Platform; decision: ProxyDecision; roots: string[]; timeoutMs: number; env: Environment};

export const httpsCheck = defineCheck({
	id: 'https',
	// The same for every module on the host: repository mode runs it once per host.
	scope: 'host',
	title: 'HTTPS to the host',
	needs: ['module-path'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	waitingFor: options => hostOf(options.module),
	async run({system, options, secrets, target}, upstream, signal): Promise<Outcome<HttpsData>> {
		const modulePath = target;
		const host = modulePath.host;
		const url = `https://${host}/api/v4/metadata`;
		const decision = proxyForUrl(system.env, url);
		secrets.add(decision.proxyPassword);
		// A user name alone in a proxy URL is usually a token; and a malformed value keeps its credentials where Go
		// does not parse them (in the path), so they are masked as the parts git and curl would quote.
		if (decision.proxyPassword === undefined) secrets.add(decision.proxyUser);
		for (const part of proxyCredentialParts(decision.fromVariable ? system.env[decision.fromVariable] : undefined)) secrets.add(part);
		const http = await system.http();
		const [result, roots] = await Promise.all([http.get({url, timeoutMs: options.timeoutMs, signal}), http.trustedRootSources()]);
		const situation: Situation = {host, module: options.module, platform: system.platform, decision, roots, timeoutMs: options.timeoutMs, env: system.env};
		const notes = routeNotes(decision, host);
		if (modulePath.qualifier) {
			notes.push('The module path carries a VCS qualifier, so Go itself sends no request here; git does, with its own proxy and CA settings.');
		}
		if (!result.ok) return judgeFailure(result.failure, situation, url, notes);
		return judgeResponse(result.response, situation, url, notes);
	},
});

function judgeResponse(response: HttpResponse, situation: Situation, url: string, notes: string[]): Outcome<HttpsData> {
	const {host} = situation;
	const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
	const contentType = response.headers['content-type'] ?? '';
	const finalHost = hostOfUrl(response.url);
	const evidence: Record<string, unknown> = {
		url,
		route: describeRoute(response.via, situation.decision),
		status,
		contentType: contentType || '(none)',
		timings: describeTimings(response.timings),
		roots: situation.roots,
	};
	if (response.redirects.length > 0) evidence['redirects'] = response.redirects.map(hop => `${hop.status} ${hop.from} → ${hop.to}`);
	if (response.url !== url) evidence['finalUrl'] = response.url;
	const data = (gitlabAnswered: boolean): HttpsData => ({reached: true, via: response.via, timings: response.timings, gitlabAnswered});
	const time = `${response.timings.totalMs} ms`;
	const elsewhere = finalHost !== host ? ` (after a redirect to ${finalHost})` : '';

	if (response.status >= 500) {
		return {
			status: 'warn',
			reason: 'https-server-error',
			summary: `${host} answered ${status} in ${time}${elsewhere}: the server (or a proxy in front of it) has a problem`,
			details: ['Go reaches the host, but a 5xx answer to ?go-get=1 fails go get with the same status. Try again later, or tell the GitLab administrators.', ...notes],
			evidence,
			data: data(false),
		};
	}
	const apiAnswer = gitlabApiAnswer(response);
	if (apiAnswer) {
		if (apiAnswer !== true) evidence['gitlabVersion'] = apiAnswer;
		return {
			status: 'pass',
			summary: `GitLab at ${host} answered ${status} in ${time}${elsewhere}, ${describeRouteShort(response.via)}`,
			details: response.status === 401 ? ['401 is what GitLab answers a request without credentials; this check sends none on purpose.', ...notes] : notes,
			evidence,
			data: data(true),
		};
	}
	const html = /^text\/html\b/i.test(contentType) || /^\s*<(!doctype html|html)/i.test(response.body);
	const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(response.body)?.[1]?.trim();
	const what = html ? `an HTML page${title ? ` ("${title}")` : ''}` : `a ${contentType || 'untyped'} answer`;
	return {
		status: 'warn',
		reason: 'https-not-gitlab',
		summary: `something other than GitLab answered: ${what} from ${finalHost} (${status})${elsewhere ? `; ${host} redirected there` : ''}`,
		details: [
			`GitLab's API answers ${url} with JSON. ${html ? 'An HTML page here is usually a captive portal, a single-sign-on login page or a proxy\'s block page.' : 'This answer does not look like GitLab\'s.'}`,
			`Go's ?go-get=1 request will get the same page, find no go-import meta tag and fail with "no go-import meta tags" or the HTTP status.`,
			...notes,
		],
		evidence,
		fixes: [
			{
				title: `Open https://${host}/ in a browser on this machine: sign in to the network or the SSO page it shows, then run this check again`,
				commands: [],
				safe: false,
			},
		],
		data: data(false),
	};
}

/** True (or GitLab's version) when the answer is GitLab's API: JSON with GitLab's shape for 200, 401, 403 or 404. */
function gitlabApiAnswer(response: HttpResponse): true | string | undefined {
	if (!/\bjson\b/i.test(response.headers['content-type'] ?? '')) return undefined;
	if (![200, 401, 403, 404].includes(response.status)) return undefined;
	let body: unknown;
	try {
		body = JSON.parse(response.body);
	} catch {
		return undefined;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const fields = body as Record<string, unknown>;
	if (response.status === 200) return typeof fields['version'] === 'string' ? fields['version'] : true;
	// {"message":"401 Unauthorized"}, {"error":"404 Not Found"}, {"error":"invalid_token",...}
	return typeof fields['message'] === 'string' || typeof fields['error'] === 'string' ? true : undefined;
}

/** Failures that say the host cannot be reached at all right now (DNS, refused, timeout, proxy down, off the VPN). */
const unreachableKinds = new Set<HttpFailure['kind']>(['dns', 'refused', 'timeout', 'reset', 'proxy-refused']);

function judgeFailure(failure: HttpFailure, situation: Situation, url: string, notes: string[]): Outcome<HttpsData> {
	// The failure's kind is the stable code of the outcome (JSON `reason`).
	return {...judgeHttpFailure(failure, situation, url, notes), reason: `https-${failure.kind}`};
}

function judgeHttpFailure(failure: HttpFailure, situation: Situation, url: string, notes: string[]): Outcome<HttpsData> {
	const evidence: Record<string, unknown> = {
		url,
		route: describeRoute(failure.via, situation.decision),
		failure: failure.code ? `${failure.kind} (${failure.code})` : failure.kind,
		roots: situation.roots,
	};
	// "Cannot check now" is not "misconfigured": the run exits 3 when this is all that failed (README, Exit status).
	// A NO_PROXY entry that sends Go around the proxy is a setting to fix, not an outage.
	if (unreachableKinds.has(failure.kind) && !(failure.via.bypassedBy && situation.decision.bypassVariable)) evidence['unreachable'] = true;
	if (failure.certificate) evidence['certificate'] = failure.certificate;
	if (failure.timings) evidence['timings'] = describeTimings(failure.timings);
	const data: HttpsData = {reached: false, via: failure.via, ...(failure.timings ? {timings: failure.timings} : {}), gitlabAnswered: false};
	const explained = explain(failure, situation);
	return {
		status: explained.status ?? 'fail',
		summary: explained.summary ?? failure.message,
		details: [...explained.details, ...notes],
		evidence,
		fixes: explained.fixes,
		data,
	};
}

type Explanation = {summary?: string; status?: 'warn'; details: string[]; fixes: Fix[]};

/** Why a request Go makes to `url` on `host` failed before any HTTP answer (TLS, DNS, refused, timeout, proxy), in the
 * words and with the fixes of this check: for other hosts Go talks to, such as a module proxy. */
export async function explainTransportFailure(context: CheckContext, host: string, url: string, failure: HttpFailure): Promise<{summary: string; details: string[]; fixes: Fix[]}> {
	const {system, options} = context;
	const decision = proxyForUrl(system.env, url);
	context.secrets.add(decision.proxyPassword);
	const roots = await (await system.http()).trustedRootSources();
	const explained = explain(failure, {host, module: options.module, platform: system.platform, decision, roots, timeoutMs: options.timeoutMs, env: system.env});
	return {summary: explained.summary ?? failure.message, details: explained.details, fixes: explained.fixes};
}

function explain(failure: HttpFailure, situation: Situation): Explanation {
	const {host} = situation;
	const variable = failure.via.proxyVariable ?? situation.decision.fromVariable ?? 'HTTPS_PROXY';
	const proxy = failure.via.proxy;
	switch (failure.kind) {
		case 'tls-unknown-authority':
			return unknownAuthority(failure, situation);
		case 'tls-name-mismatch': {
			const names = failure.certificate?.altNames ?? 'other names';
			return {
				summary: `the certificate of ${host} is for ${names}, not ${host}`,
				details: [
					`Go checks that the host in the module path is one of the names on the certificate, and it is not: ${failure.message}.`,
					`Either the module path uses a name the server's certificate does not carry (an alias or another host), or the server sends the wrong certificate${proxy ? ', or the proxy replaces it' : ''}.`,
				],
				fixes: [
					{title: `If GitLab is meant to be reached by one of the certificate's names (${names}), use that name in the module path and in go.mod`, commands: [], safe: false},
					{title: `Otherwise ask the GitLab administrators for a certificate that names ${host}`, commands: [], safe: false},
				],
			};
		}
		case 'tls-expired':
			return {
				summary: `the certificate of ${host} ${failure.code === 'CERT_NOT_YET_VALID' ? 'is not valid yet' : `expired on ${failure.certificate?.validTo ?? 'an earlier date'}`}`,
				details: [`Go refuses it as well: ${failure.message}.`, 'If that date has not passed yet, the clock of this machine is wrong.'],
				fixes: [
					{title: "Check this machine's clock (UTC)", commands: ['date -u'], safe: true},
					{title: `Ask the GitLab administrators to renew the certificate of ${host}`, commands: [], safe: false},
				],
			};
		case 'tls-other':
			return {
				details: [`Go's TLS handshake with ${host} would fail too. Check that ${host} serves HTTPS on port 443.`],
				fixes: [commandFix({title: `See what ${host} sends on port 443`, safe: false}, () => [sh`openssl s_client -connect ${hostArg(host)}:443 -servername ${hostArg(host)} </dev/null`])],
			};
		case 'dns': {
			if (proxy) {
				return {
					details: [`Go reaches ${host} through the proxy in ${variable}, and that proxy's host name does not resolve.`],
					fixes: [{title: `Correct the proxy address in ${variable}, or unset it if this network needs no proxy`, commands: [unsetEnv(situation.platform, variable)], safe: false}],
				};
			}
			const exempted = failure.via.bypassedBy && situation.decision.bypassVariable;
			return {
				details: [
					`The host is the first element of the module path (${situation.module}); check its spelling.`,
					`If ${host} is on a private network, connect the VPN, or use the DNS server that knows it.`,
					...(exempted
						? [`${situation.decision.bypassVariable} entry "${failure.via.bypassedBy}" makes Go connect to ${host} directly instead of through ${variable}; if only the proxy can resolve ${host}, remove that entry.`]
						: []),
				],
				fixes: [commandFix({title: `See what this machine resolves ${host} to`, safe: true}, () => [situation.platform === 'win32' ? sh`nslookup ${hostArg(host)}` : sh`getent hosts ${hostArg(host)} || nslookup ${hostArg(host)}`])],
			};
		}
		case 'refused':
			return {
				details: [
					`Go connects to port 443 for https://${host}. Nothing accepted the connection there: GitLab may be down, serve HTTPS on another port, or a firewall rejects the connection.`,
					...(proxy ? [] : [`No proxy is used for ${host}; if this network only lets HTTPS out through a proxy, set HTTPS_PROXY (Go and git both read it).`]),
				],
				fixes: [],
			};
		case 'timeout': {
			const seconds = situation.timeoutMs / 1000;
			return {
				summary: failure.message,
				details: [
					proxy
						? `Everything went through the proxy ${proxy} (from ${variable}); it may not reach ${host}. If ${host} is an internal server, exempt it from the proxy.`
						: `A firewall that drops packets, a host reachable only over a VPN, or a network that needs a proxy (HTTPS_PROXY is not set${situation.decision.bypassedBy ? ` for ${host}` : ''}) all look like this.`,
					`If the server is only slow, allow more time with --timeout (the limit was ${seconds} s).`,
				],
				fixes: [
					longerTimeoutFix(situation.module, situation.timeoutMs),
					...(proxy ? [noProxyFix(situation)] : []),
				],
			};
		}
		case 'proxy-refused':
			return {
				details: [
					`Go sends every HTTPS request for ${host} through the proxy ${proxy ?? ''} from ${variable}, and the proxy did not get it there.`,
					`If ${host} is an internal server the proxy cannot reach, exempt it from the proxy (Go reads NO_PROXY, else no_proxy; git's libcurl reads both). If no proxy is needed at all, unset ${variable}.`,
				],
				fixes: [noProxyFix(situation), {title: `Go straight to every host instead (only if this network needs no proxy)`, commands: [unsetEnv(situation.platform, variable)], safe: false}],
			};
		case 'proxy-auth':
			return {
				details: [
					`The proxy ${proxy ?? ''} from ${variable} wants a user name and password (407). Go sends the ones written in the proxy URL, and no others.`,
					'Special characters in the password must be percent-encoded in the URL (@ as %40, : as %3A).',
				],
				fixes: [
					commandFix({title: `Put the proxy credentials in ${variable}`, safe: false}, () => [setEnv(situation.platform, {[variable]: withUserinfo(proxy)})]),
					noProxyFix(situation),
				],
			};
		case 'reset':
			return {
				details: [
					`Something between this machine and ${host} cut the connection: a firewall, a TLS-inspecting middlebox, or a server that does not speak TLS on port 443.`,
					...(proxy ? [`The connection went through the proxy ${proxy} (from ${variable}).`] : ['If this network only lets HTTPS out through a proxy, set HTTPS_PROXY.']),
				],
				fixes: [],
			};
		case 'redirect-loop':
		case 'insecure-redirect':
			return {
				details: [
					`Go follows redirects the same way and stops with the same error: ${failure.message}.`,
					`A GitLab whose external_url is http:// or names another host redirects like this; HTTPS must be served at https://${host} itself.`,
				],
				fixes: [{title: `Ask the GitLab administrators to set external_url 'https://${host}' (gitlab.rb) and reconfigure`, commands: [], safe: false}],
			};
		case 'other':
			if (failure.code === 'UNSUPPORTED_PROXY_SCHEME') {
				return {
					status: 'warn',
					summary: `cannot check: Go would reach ${host} through ${failure.via.proxy ?? 'a SOCKS proxy'} (from ${variable}), which this tool cannot use`,
					details: [failure.message],
					fixes: [],
				};
			}
			return {details: [], fixes: []};
		case 'invalid-url':
		case 'cancelled':
			return {details: [], fixes: []};
	}
}

function unknownAuthority(failure: HttpFailure, situation: Situation): Explanation {
	const {host, platform} = situation;
	const issuer = failure.certificate?.issuer;
	const where = rootLocations(situation);
	const bundle = situation.env['SSL_CERT_FILE'] || goCertFiles.find(file => situation.roots.some(source => source.startsWith(file))) || goCertFiles[0]!;
	const combined = '$HOME/.config/gitlab-ca-bundle.pem';
	const fixes: Fix[] = [
		commandFix({title: `Save the certificates ${host} sends; the last one names the CA to get from your administrators (ca.crt below)`, safe: false}, () => [
			sh`openssl s_client -showcerts -connect ${hostArg(host)}:443 -servername ${hostArg(host)} </dev/null`,
		]),
	];
	if (platform === 'darwin') {
		fixes.push({title: 'Trust the CA in the macOS System keychain (Go reads it there)', commands: ['sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ca.crt'], safe: false});
	} else if (platform === 'win32') {
		fixes.push({title: "Trust the CA in Windows' root store (Go reads it there); in an administrator PowerShell", commands: ['Import-Certificate -FilePath ca.crt -CertStoreLocation Cert:\\LocalMachine\\Root'], safe: false});
	} else {
		fixes.push(
			{title: 'Trust the CA system-wide (Debian, Ubuntu)', commands: ['sudo cp ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates'], safe: false},
			{title: 'Trust the CA system-wide (Fedora, RHEL)', commands: ['sudo cp ca.crt /etc/pki/ca-trust/source/anchors/ && sudo update-ca-trust'], safe: false},
			// The bundle may come from SSL_CERT_FILE: a path like any other, quoted; $HOME is left for the shell.
			commandFix({title: 'Or only for Go in this shell: SSL_CERT_FILE replaces the system bundle, so give it the bundle plus the CA', safe: false}, () => [
				sh`cat ${pathArg(bundle)} ca.crt > ${raw(combined)}`,
				`export SSL_CERT_FILE=${combined}`,
			]),
		);
	}
	fixes.push(gitCaFix(host, platform === 'linux' || platform === 'other' ? '~/.config/gitlab-ca-bundle.pem' : 'FILE-WITH-THE-CA-AND-PUBLIC-ROOTS.pem', 'git has its own CA setting: trusting the CA for Go does not make git trust it (set it for this host only)'));
	return {
		summary: `Go does not trust the certificate of ${host}: signed by unknown authority${issuer ? ` "${issuer}"` : ''}`,
		details: [
			`${host} presents a certificate${issuer ? ` issued by "${issuer}"` : ''} that does not chain to any root Go trusts here. Go stops with "x509: certificate signed by unknown authority".`,
			where,
			`If "${issuer ?? 'that issuer'}" is your company's TLS-inspecting proxy or antivirus, its root CA is the one to trust.`,
		],
		fixes,
	};
}

function rootLocations(situation: Situation): string {
	const read = situation.roots.length > 0 ? ` Read here: ${situation.roots.join('; ')}.` : '';
	if (situation.platform === 'darwin') return `On macOS Go asks the system keychain (SSL_CERT_FILE and SSL_CERT_DIR are ignored there up to Go 1.26).${read}`;
	if (situation.platform === 'win32') return `On Windows Go asks the Windows certificate store (SSL_CERT_FILE and SSL_CERT_DIR are ignored there up to Go 1.26).${read}`;
	const file = situation.env['SSL_CERT_FILE'] ? `SSL_CERT_FILE (${situation.env['SSL_CERT_FILE']}), which replaces the system bundle` : `the first of ${goCertFiles.join(', ')} (SSL_CERT_FILE would replace it)`;
	const dirs = situation.env['SSL_CERT_DIR'] ? `every file in SSL_CERT_DIR (${situation.env['SSL_CERT_DIR']})` : `every file in ${goCertDirectories.join(' and ')} (SSL_CERT_DIR would replace them)`;
	return `Go trusts ${file}, plus ${dirs}.${read}`;
}

function noProxyFix(situation: Situation): Fix {
	const current = situation.env['NO_PROXY'] || situation.env['no_proxy'] || '';
	const value = current ? `${situation.host},${current}` : situation.host;
	return commandFix({title: `Exempt ${situation.host} from the proxy, for Go and git alike`, safe: false}, () => [setEnv(situation.platform, {NO_PROXY: value, no_proxy: value})]);
}

/** Variables set in the user's shell; a value from outside (NO_PROXY, a proxy URL) is quoted, or refused when it holds
 * a control character (commandFix then says why there is no command). */
function setEnv(platform: Platform, values: Record<string, string>): string {
	const entries = Object.entries(values);
	for (const [, value] of entries) validate('text', value);
	// Windows variables ignore case: one assignment serves NO_PROXY and no_proxy.
	if (platform === 'win32') return entries.slice(0, 1).map(([name, value]) => `$env:${name} = ${quoted(value, 'powershell')}`).join('; ');
	return `export ${entries.map(([name, value]) => `${name}=${quoteArg(value, 'posix')}`).join(' ')}`;
}

function unsetEnv(platform: Platform, name: string): string {
	return platform === 'win32' ? `Remove-Item Env:${name}` : `unset ${name}`;
}

function withUserinfo(proxy: string | undefined): string {
	const match = /^([a-z0-9+.-]+:\/\/)(.*)$/i.exec(proxy ?? '');
	return match ? `${match[1]}USER:PASSWORD@${match[2]}` : 'http://USER:PASSWORD@PROXY-HOST:PORT';
}

function routeNotes(decision: ProxyDecision, host: string): string[] {
	const notes: string[] = [];
	if (decision.error && !decision.proxy) notes.push(`${decision.error}.`);
	else if (decision.error) notes.push(`${decision.fromVariable}: ${decision.error}.`);
	if (decision.shadowedVariable) notes.push(`${decision.shadowedVariable} is set too, with another value; Go reads ${decision.fromVariable} first and ignores it.`);
	if (decision.bypassedBy === 'localhost' || decision.bypassedBy === 'loopback') notes.push(`Go never sends ${host} through a proxy: it is a loopback address.`);
	return notes;
}

function describeRoute(via: HttpResponse['via'], decision: ProxyDecision): string {
	if (via.proxy) return `through the proxy ${via.proxy} (from ${via.proxyVariable ?? 'the environment'})`;
	if (via.bypassedBy && decision.bypassVariable) return `direct: ${decision.bypassVariable} entry "${via.bypassedBy}" exempts the host from ${via.proxyVariable ?? 'the proxy'}`;
	if (via.bypassedBy) return `direct: Go never proxies ${via.bypassedBy} addresses`;
	return 'direct (no HTTPS_PROXY or https_proxy applies)';
}

function describeRouteShort(via: HttpResponse['via']): string {
	return via.proxy ? `through the proxy ${via.proxy}` : 'directly';
}

function describeTimings(timings: HttpTimings): string {
	const parts: string[] = [];
	if (timings.dnsMs !== undefined) parts.push(`DNS ${timings.dnsMs} ms`);
	if (timings.connectMs !== undefined) parts.push(`connect ${timings.connectMs} ms`);
	if (timings.tlsMs !== undefined) parts.push(`TLS ${timings.tlsMs} ms`);
	if (timings.firstByteMs !== undefined) parts.push(`first byte ${timings.firstByteMs} ms`);
	parts.push(`total ${timings.totalMs} ms`);
	return parts.join(', ');
}

