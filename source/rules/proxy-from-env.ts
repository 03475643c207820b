// Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy, vendored into net/http), restated so that
// the `https` check can say which proxy Go will use, from which variable, and which NO_PROXY entry exempts a host.
// It also carries a port of the parts of Go's net IP parsing the rule depends on (net/url is in go-url.ts).
// Pure: the environment is passed in.
import {domainToASCII} from 'node:url';
import type {Environment} from '../system/types.js';
import {goQuote} from './go-strings.js';
import {goUrlParse, isHex, splitGoHost, type GoUrl} from './go-url.js';

// ---------------------------------------------------------------------------------------------------------------
// net.ParseIP, net.ParseCIDR, net.SplitHostPort

/** 16 bytes, IPv4 stored as ::ffff:a.b.c.d as Go does. */
type Ip = number[];

const big = 0xffffff;

function dtoi(s: string): {n: number; used: number; ok: boolean} {
	let n = 0;
	let i = 0;
	for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
		n = n * 10 + (s.charCodeAt(i) - 48);
		if (n >= big) return {n: big, used: i, ok: false};
	}
	if (i === 0) return {n: 0, used: 0, ok: false};
	return {n, used: i, ok: true};
}

function xtoi(s: string): {n: number; used: number; ok: boolean} {
	let n = 0;
	let i = 0;
	for (; i < s.length; i++) {
		if (!isHex(s[i])) break;
		n = n * 16 + parseInt(s[i]!, 16);
		if (n >= big) return {n: 0, used: i, ok: false};
	}
	if (i === 0) return {n: 0, used: 0, ok: false};
	return {n, used: i, ok: true};
}

function parseIPv4(text: string): Ip | undefined {
	let s = text;
	const octets: number[] = [];
	for (let i = 0; i < 4; i++) {
		if (s.length === 0) return undefined;
		if (i > 0) {
			if (s[0] !== '.') return undefined;
			s = s.slice(1);
		}
		const {n, used, ok} = dtoi(s);
		if (!ok || n > 0xff) return undefined;
		if (used > 1 && s[0] === '0') return undefined;
		s = s.slice(used);
		octets.push(n);
	}
	if (s.length !== 0) return undefined;
	return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...octets];
}

function parseIPv6(text: string): Ip | undefined {
	let s = text;
	const ip: Ip = new Array(16).fill(0);
	let ellipsis = -1;
	if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
		ellipsis = 0;
		s = s.slice(2);
		if (s.length === 0) return ip;
	}
	let i = 0;
	while (i < 16) {
		const {n, used, ok} = xtoi(s);
		if (!ok || n > 0xffff) return undefined;
		if (used < s.length && s[used] === '.') {
			if (ellipsis < 0 && i !== 12) return undefined;
			if (i + 4 > 16) return undefined;
			const ip4 = parseIPv4(s);
			if (ip4 === undefined) return undefined;
			ip.splice(i, 4, ...ip4.slice(12));
			s = '';
			i += 4;
			break;
		}
		ip[i] = n >> 8;
		ip[i + 1] = n & 0xff;
		i += 2;
		s = s.slice(used);
		if (s.length === 0) break;
		if (s[0] !== ':' || s.length === 1) return undefined;
		s = s.slice(1);
		if (s[0] === ':') {
			if (ellipsis >= 0) return undefined;
			ellipsis = i;
			s = s.slice(1);
			if (s.length === 0) break;
		}
	}
	if (s.length !== 0) return undefined;
	if (i < 16) {
		if (ellipsis < 0) return undefined;
		const shift = 16 - i;
		for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j]!;
		for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
	} else if (ellipsis >= 0) {
		return undefined;
	}
	return ip;
}

function parseIP(s: string): Ip | undefined {
	for (const c of s) {
		if (c === '.') return parseIPv4(s);
		if (c === ':') return parseIPv6(s);
	}
	return undefined;
}

function to4(ip: Ip): number[] | undefined {
	if (ip.length === 4) return ip;
	if (ip.length === 16 && ip.slice(0, 10).every(b => b === 0) && ip[10] === 0xff && ip[11] === 0xff) return ip.slice(12);
	return undefined;
}

function ipEqual(a: Ip, b: Ip): boolean {
	const a4 = to4(a);
	const b4 = to4(b);
	const left = a4 ?? a;
	const right = b4 ?? b;
	return left.length === right.length && left.every((byte, i) => byte === right[i]);
}

function isLoopback(ip: Ip): boolean {
	const ip4 = to4(ip);
	if (ip4 !== undefined) return ip4[0] === 127;
	return ipEqual(ip, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
}

type Cidr = {network: number[]; mask: number[]};

function parseCIDR(s: string): Cidr | undefined {
	const slash = s.indexOf('/');
	if (slash < 0) return undefined;
	const address = s.slice(0, slash);
	const maskText = s.slice(slash + 1);
	let bits = 32;
	let ip = parseIPv4(address);
	if (ip === undefined) {
		bits = 128;
		ip = parseIPv6(address);
	}
	const {n, used, ok} = dtoi(maskText);
	if (ip === undefined || !ok || used !== maskText.length || n < 0 || n > bits) return undefined;
	const mask: number[] = [];
	for (let i = 0; i < bits / 8; i++) {
		const take = Math.max(0, Math.min(8, n - i * 8));
		mask.push((0xff << (8 - take)) & 0xff);
	}
	// ip.Mask(m): a 4-byte mask keeps a 4-byte IPv4 result.
	const base = mask.length === 4 ? (to4(ip) ?? ip) : ip;
	const network = base.map((byte, i) => byte & (mask[i] ?? 0));
	return {network, mask};
}

function cidrContains(cidr: Cidr, candidate: Ip): boolean {
	let network = to4(cidr.network) ?? cidr.network;
	if (network.length !== 4 && network.length !== 16) return false;
	let mask = cidr.mask;
	if (mask.length === 4 && network.length !== 4) return false;
	if (mask.length === 16 && network.length === 4) mask = mask.slice(12);
	const ip = to4(candidate) ?? candidate;
	if (ip.length !== network.length) return false;
	return ip.every((byte, i) => (byte & mask[i]!) === (network[i]! & mask[i]!));
}

/** net.SplitHostPort: undefined where Go returns an error. */
export function netSplitHostPort(hostport: string): {host: string; port: string} | undefined {
	const last = hostport.lastIndexOf(':');
	if (last < 0) return undefined;
	let host: string;
	let j = 0;
	let k = 0;
	if (hostport[0] === '[') {
		const end = hostport.indexOf(']');
		if (end < 0) return undefined;
		if (end + 1 === hostport.length) return undefined;
		if (end + 1 !== last) return undefined;
		host = hostport.slice(1, end);
		j = 1;
		k = end + 1;
	} else {
		host = hostport.slice(0, last);
		if (host.includes(':')) return undefined;
	}
	if (hostport.slice(j).includes('[')) return undefined;
	if (hostport.slice(k).includes(']')) return undefined;
	return {host, port: hostport.slice(last + 1)};
}

// ---------------------------------------------------------------------------------------------------------------
// httpproxy

type NoProxyRule =
	| {kind: 'all'; entry: string}
	| {kind: 'cidr'; entry: string; cidr: Cidr}
	| {kind: 'ip'; entry: string; ip: Ip; port: string}
	| {kind: 'domain'; entry: string; suffix: string; port: string; matchHost: boolean};

function idnaAscii(host: string): string {
	// Go converts with idna.Lookup.ToASCII and keeps the original on error; node's converter is close enough.
	if (/^[\x00-\x7f]*$/.test(host)) return host;
	const converted = domainToASCII(host);
	return converted === '' ? host : converted;
}

/** httpproxy config.init: the NO_PROXY list as matchers, each remembering the entry it came from. */
function parseNoProxy(value: string): {ipRules: NoProxyRule[]; domainRules: NoProxyRule[]} {
	const ipRules: NoProxyRule[] = [];
	const domainRules: NoProxyRule[] = [];
	for (const raw of value.split(',')) {
		const entry = raw.trim();
		const p = entry.toLowerCase();
		if (p.length === 0) continue;
		if (p === '*') return {ipRules: [{kind: 'all', entry}], domainRules: [{kind: 'all', entry}]};
		const cidr = parseCIDR(p);
		if (cidr !== undefined) {
			ipRules.push({kind: 'cidr', entry, cidr});
			continue;
		}
		let phost = p;
		let pport = '';
		const split = netSplitHostPort(p);
		if (split !== undefined) {
			if (split.host.length === 0) continue;
			phost = split.host;
			pport = split.port;
			if (phost.startsWith('[') && phost.endsWith(']')) phost = phost.slice(1, -1);
		}
		const ip = parseIP(phost);
		if (ip !== undefined) {
			ipRules.push({kind: 'ip', entry, ip, port: pport});
			continue;
		}
		if (phost.length === 0) continue;
		if (phost.startsWith('*.')) phost = phost.slice(1);
		let matchHost = false;
		if (!phost.startsWith('.')) {
			matchHost = true;
			phost = '.' + phost;
		}
		domainRules.push({kind: 'domain', entry, suffix: idnaAscii(phost), port: pport, matchHost});
	}
	return {ipRules, domainRules};
}

function ruleMatches(rule: NoProxyRule, host: string, port: string, ip: Ip | undefined): boolean {
	switch (rule.kind) {
		case 'all':
			return true;
		case 'cidr':
			return ip !== undefined && cidrContains(rule.cidr, ip);
		case 'ip':
			return ip !== undefined && ipEqual(rule.ip, ip) && (rule.port === '' || rule.port === port);
		case 'domain':
			return (host.endsWith(rule.suffix) || (rule.matchHost && host === rule.suffix.slice(1))) && (rule.port === '' || rule.port === port);
	}
}

const defaultPorts: Record<string, string> = {http: '80', https: '443', socks5: '1080'};

/** First non-empty variable of the pair, as httpproxy's getEnvAny. */
function firstSet(env: Environment, names: string[]): {name: string; value: string; shadowed?: string} | undefined {
	const set = names.filter(name => (env[name] ?? '') !== '');
	const first = set[0];
	if (first === undefined) return undefined;
	const shadowed = set[1];
	return {name: first, value: env[first] ?? '', ...(shadowed !== undefined && env[shadowed] !== env[first] ? {shadowed} : {})};
}

/** httpproxy parseProxy: a URL with http/https/socks5, else "http://" + value; undefined value when Go ignores it. */
export function parseProxyValue(value: string): {url?: GoUrl; error?: string; note?: string} {
	const direct = goUrlParse(value);
	const scheme = direct.url?.scheme;
	const known = scheme === 'http' || scheme === 'https' || scheme === 'socks5';
	if (direct.error !== undefined || !known) {
		const prefixed = goUrlParse('http://' + value);
		if (prefixed.url !== undefined) {
			// "socks5h://p:1080" parses again as http://socks5h:/… — Go then talks to a host named "socks5h".
			if (direct.url !== undefined && value.includes('://')) {
				return {url: prefixed.url, note: `proxy scheme ${goQuote(scheme ?? '')} is not one Go knows (http, https, socks5), so Go reads the value as ${goQuote('http://' + value)}`};
			}
			return {url: prefixed.url};
		}
	}
	if (direct.error !== undefined) return {error: `invalid proxy address ${goQuote(value)}: ${direct.error}`};
	if (known) return {url: direct.url};
	// Go keeps a URL with another scheme (e.g. "socks5h://…" when "http://"+value does not parse) as it is.
	return {url: direct.url, note: `proxy scheme ${goQuote(scheme ?? '')} is not one Go's transport knows (http, https, socks5)`};
}

function proxyDisplay(url: GoUrl): string {
	if (url.opaque !== '') return `${url.scheme}:${url.opaque}`;
	return `${url.scheme}://${url.host}${url.path}`;
}

export type ProxyDecision = {
	/** The proxy URL Go uses, without credentials (they are returned apart so the caller can mask them). */
	proxy?: string;
	proxyUser?: string;
	proxyPassword?: string;
	/** HTTPS_PROXY or https_proxy (HTTP_PROXY/http_proxy for http URLs). */
	fromVariable?: string;
	/** The lower-case twin that was set too but lost to the upper-case one, when their values differ. */
	shadowedVariable?: string;
	/** The NO_PROXY entry (as written) that exempted the host, or 'localhost' / 'loopback' for Go's built-in rule. */
	bypassedBy?: string;
	/** NO_PROXY or no_proxy, when an entry of it exempted the host. */
	bypassVariable?: string;
	/** Why Go uses no proxy even though one is set, or why the value is odd. */
	error?: string;
};

/** The proxy Go's http.ProxyFromEnvironment picks for an https URL: HTTPS_PROXY before https_proxy; NO_PROXY before no_proxy; value may be 'host:port' (http:// assumed) or a URL with http/https/socks5; NO_PROXY rules: '*', IPs, CIDRs, 'domain' (itself and subdomains), '.domain'/'*.domain' (subdomains only), optional ':port', case-insensitive; localhost and loopback IPs never proxied. Returns the variable it came from and any NO_PROXY entry that exempted the host. */
export function proxyForUrl(env: Environment, url: string): ProxyDecision {
	try {
		return decide(env, url);
	} catch (error) {
		return {error: `could not work out the proxy: ${String(error)}`};
	}
}

function decide(env: Environment, url: string): ProxyDecision {
	const request = goUrlParse(url);
	if (request.url === undefined) return {error: request.error};
	const scheme = request.url.scheme;
	const names = scheme === 'https' ? ['HTTPS_PROXY', 'https_proxy'] : scheme === 'http' ? ['HTTP_PROXY', 'http_proxy'] : [];
	const chosen = firstSet(env, names);
	if (chosen === undefined) return {};
	const origin = {fromVariable: chosen.name, ...(chosen.shadowed !== undefined ? {shadowedVariable: chosen.shadowed} : {})};
	const parsed = parseProxyValue(chosen.value);
	if (parsed.url === undefined) {
		return {...origin, error: `${parsed.error ?? 'invalid proxy'}; Go ignores ${chosen.name} and connects directly`};
	}
	if (scheme === 'http' && (env['REQUEST_METHOD'] ?? '') !== '') {
		return {...origin, error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy'};
	}
	const proxy: ProxyDecision = {
		proxy: proxyDisplay(parsed.url),
		...origin,
		...(parsed.url.username !== undefined ? {proxyUser: parsed.url.username} : {}),
		...(parsed.url.password !== undefined ? {proxyPassword: parsed.url.password} : {}),
		...(parsed.note !== undefined ? {error: parsed.note} : {}),
	};

	// canonicalAddr, then useProxy.
	const {hostname, port: explicitPort} = splitGoHost(request.url.host);
	const port = explicitPort !== '' ? explicitPort : (defaultPorts[scheme] ?? '');
	const address = hostname.includes(':') ? `[${idnaAscii(hostname)}]:${port}` : `${idnaAscii(hostname)}:${port}`;
	const split = netSplitHostPort(address);
	if (split === undefined) return {...origin, bypassedBy: 'unparsable host', error: `Go cannot split ${goQuote(address)} into host and port, so it connects directly`};
	if (split.host === 'localhost') return {...origin, bypassedBy: 'localhost'};
	const ip = parseIP(split.host);
	if (ip !== undefined && isLoopback(ip)) return {...origin, bypassedBy: 'loopback'};

	const noProxy = firstSet(env, ['NO_PROXY', 'no_proxy']);
	if (noProxy === undefined) return proxy;
	const host = split.host.trim().toLowerCase();
	const {ipRules, domainRules} = parseNoProxy(noProxy.value);
	const candidates = ip !== undefined ? [...ipRules, ...domainRules] : domainRules;
	const exempting = candidates.find(rule => ruleMatches(rule, host, split.port, ip));
	if (exempting !== undefined) return {...origin, bypassedBy: exempting.entry, bypassVariable: noProxy.name};
	return proxy;
}
