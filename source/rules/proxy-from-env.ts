// Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy, vendored into net/http), restated so that
// the `https` check can say which proxy Go will use, from which variable, and which NO_PROXY entry exempts a host.
// It also carries a port of the parts of Go's net/url and net IP parsing the rule depends on; the meta-tag rule
// reuses the URL parser for Go's repo-root validation. Pure: the environment is passed in.
import {domainToASCII} from 'node:url';
import type {Environment} from '../system/types.js';

// ---------------------------------------------------------------------------------------------------------------
// net/url.Parse

export type GoUrl = {
	scheme: string;
	opaque: string;
	username?: string;
	password?: string;
	/** Host as Go keeps it (percent-decoded, with any port, brackets kept). */
	host: string;
	path: string;
	rawQuery: string;
	fragment: string;
};

const utf8Encoder = new TextEncoder();

/** Go's strconv.Quote of a byte string, close enough for error messages (printable runes kept, controls and
 * invalid UTF-8 bytes escaped). */
export function goQuoteBytes(bytes: ArrayLike<number>): string {
	let out = '"';
	for (let at = 0; at < bytes.length; ) {
		const [code, size] = decodeUtf8Rune(bytes, at);
		if (code === 0xfffd && size === 1) {
			out += '\\x' + (bytes[at] ?? 0).toString(16).padStart(2, '0');
			at += 1;
			continue;
		}
		at += size;
		const char = String.fromCodePoint(code);
		if (char === '"' || char === '\\') out += '\\' + char;
		else if (code === 0x07) out += '\\a';
		else if (code === 0x08) out += '\\b';
		else if (code === 0x0c) out += '\\f';
		else if (code === 0x0a) out += '\\n';
		else if (code === 0x0d) out += '\\r';
		else if (code === 0x09) out += '\\t';
		else if (code === 0x0b) out += '\\v';
		else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
		else if (code === 0x20 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char)) out += char;
		else if (code < 0x10000) out += '\\u' + code.toString(16).padStart(4, '0');
		else out += '\\U' + code.toString(16).padStart(8, '0');
	}
	return out + '"';
}

/** Go's strconv.Quote. */
export function goQuote(text: string): string {
	return goQuoteBytes(utf8Encoder.encode(text));
}

/** utf8.DecodeRune: [rune, size]; invalid input gives [0xfffd, 1]. */
export function decodeUtf8Rune(bytes: ArrayLike<number>, at: number): [number, number] {
	const b0 = bytes[at] ?? 0;
	if (b0 < 0x80) return [b0, 1];
	const cont = (i: number) => {
		const b = bytes[at + i];
		return b !== undefined && (b & 0xc0) === 0x80 ? b & 0x3f : -1;
	};
	if (b0 >= 0xc2 && b0 <= 0xdf) {
		const c1 = cont(1);
		if (c1 >= 0) return [((b0 & 0x1f) << 6) | c1, 2];
	} else if (b0 >= 0xe0 && b0 <= 0xef) {
		const c1 = cont(1);
		const c2 = cont(2);
		if (c1 >= 0 && c2 >= 0) {
			const rune = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
			if (rune >= 0x800 && (rune < 0xd800 || rune > 0xdfff)) return [rune, 3];
		}
	} else if (b0 >= 0xf0 && b0 <= 0xf4) {
		const c1 = cont(1);
		const c2 = cont(2);
		const c3 = cont(3);
		if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
			const rune = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
			if (rune >= 0x10000 && rune <= 0x10ffff) return [rune, 4];
		}
	}
	return [0xfffd, 1];
}

/** A Go string (bytes) as text the way Go's encoders show it: each invalid byte becomes U+FFFD. */
export function goBytesToString(bytes: ArrayLike<number>): string {
	let out = '';
	for (let at = 0; at < bytes.length; ) {
		const [code, size] = decodeUtf8Rune(bytes, at);
		out += String.fromCodePoint(code);
		at += size;
	}
	return out;
}

function isHex(c: string | undefined): boolean {
	return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

type EscapeMode = 'host' | 'zone' | 'path' | 'user' | 'fragment';

function shouldEscape(c: string, mode: EscapeMode): boolean {
	if (/^[a-zA-Z0-9]$/.test(c)) return false;
	if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
	if ('-_.~'.includes(c)) return false;
	if ('$&+,/:;=?@'.includes(c)) {
		if (mode === 'path') return c === '?';
		if (mode === 'user') return c === '@' || c === '/' || c === '?' || c === ':';
		if (mode === 'fragment') return false;
	}
	if (mode === 'fragment' && '!()*'.includes(c)) return false;
	return true;
}

/** net/url unescape, on bytes as Go does: checks escapes (and, for hosts, characters); returns the decoded text or Go's error. */
function unescape(text: string, mode: EscapeMode): {value?: string; error?: string} {
	const s = utf8Encoder.encode(text);
	const isHexByte = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
	const hexValue = (b: number) => parseInt(String.fromCharCode(b), 16);
	const out: number[] = [];
	for (let i = 0; i < s.length; ) {
		const c = s[i]!;
		if (c === 0x25) {
			if (i + 2 >= s.length || !isHexByte(s[i + 1]) || !isHexByte(s[i + 2])) {
				return {error: `invalid URL escape ${goQuoteBytes(s.slice(i, i + 3))}`};
			}
			const value = (hexValue(s[i + 1]!) << 4) | hexValue(s[i + 2]!);
			const isPercent25 = value === 0x25;
			if (mode === 'host' && value < 0x80 && !isPercent25) {
				return {error: `invalid URL escape ${goQuoteBytes(s.slice(i, i + 3))}`};
			}
			if (mode === 'zone' && !isPercent25 && value !== 0x20 && shouldEscape(String.fromCharCode(value), 'host')) {
				return {error: `invalid URL escape ${goQuoteBytes(s.slice(i, i + 3))}`};
			}
			out.push(value);
			i += 3;
			continue;
		}
		if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(String.fromCharCode(c), mode)) {
			return {error: `invalid character ${goQuoteBytes([c])} in host name`};
		}
		out.push(c);
		i++;
	}
	return {value: goBytesToString(out)};
}

function validOptionalPort(port: string): boolean {
	if (port === '') return true;
	if (port[0] !== ':') return false;
	return /^[0-9]*$/.test(port.slice(1));
}

function validUserinfo(s: string): boolean {
	return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function getScheme(raw: string): {scheme: string; rest: string; error?: string} {
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i] ?? '';
		if (/[a-zA-Z]/.test(c)) continue;
		if (/[0-9+\-.]/.test(c)) {
			if (i === 0) return {scheme: '', rest: raw};
			continue;
		}
		if (c === ':') {
			if (i === 0) return {scheme: '', rest: '', error: 'missing protocol scheme'};
			return {scheme: raw.slice(0, i), rest: raw.slice(i + 1)};
		}
		return {scheme: '', rest: raw};
	}
	return {scheme: '', rest: raw};
}

function parseHost(host: string): {value?: string; error?: string} {
	if (host.startsWith('[')) {
		const close = host.lastIndexOf(']');
		if (close < 0) return {error: "missing ']' in host"};
		const colonPort = host.slice(close + 1);
		if (!validOptionalPort(colonPort)) return {error: `invalid port ${goQuote(colonPort)} after host`};
		const zone = host.slice(0, close).indexOf('%25');
		if (zone >= 0) {
			const parts = [unescape(host.slice(0, zone), 'host'), unescape(host.slice(zone, close), 'zone'), unescape(host.slice(close), 'host')];
			const failed = parts.find(part => part.error !== undefined);
			if (failed) return failed;
			return {value: parts.map(part => part.value).join('')};
		}
	} else {
		const colon = host.lastIndexOf(':');
		if (colon !== -1) {
			const colonPort = host.slice(colon);
			if (!validOptionalPort(colonPort)) return {error: `invalid port ${goQuote(colonPort)} after host`};
		}
	}
	return unescape(host, 'host');
}

/** Go's net/url.Parse. `error` is Go's text, e.g. `parse "git@host:x": first path segment in URL cannot contain colon`. */
export function goUrlParse(raw: string): {url?: GoUrl; error?: string} {
	const hash = raw.indexOf('#');
	const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
	const fragment = hash < 0 ? '' : raw.slice(hash + 1);
	const fail = (text: string, message: string) => ({error: `parse ${goQuote(text)}: ${message}`});

	// Go checks bytes; every byte below 0x20 and 0x7f is a single UTF-16 unit too.
	if (/[\x00-\x1f\x7f]/.test(beforeFragment)) return fail(beforeFragment, 'net/url: invalid control character in URL');
	const url: GoUrl = {scheme: '', opaque: '', host: '', path: '', rawQuery: '', fragment: ''};
	if (beforeFragment === '*') {
		url.path = '*';
	} else {
		const scheme = getScheme(beforeFragment);
		if (scheme.error !== undefined) return fail(beforeFragment, scheme.error);
		url.scheme = scheme.scheme.toLowerCase();
		let rest = scheme.rest;
		if (rest.endsWith('?') && rest.split('?').length === 2) {
			rest = rest.slice(0, -1);
		} else {
			const question = rest.indexOf('?');
			if (question >= 0) {
				url.rawQuery = rest.slice(question + 1);
				rest = rest.slice(0, question);
			}
		}
		let opaque = false;
		if (!rest.startsWith('/')) {
			if (url.scheme !== '') {
				url.opaque = rest;
				opaque = true;
			} else {
				const segment = rest.split('/')[0] ?? '';
				if (segment.includes(':')) return fail(beforeFragment, 'first path segment in URL cannot contain colon');
			}
		}
		if (!opaque) {
			if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
				let authority = rest.slice(2);
				rest = '';
				const slash = authority.indexOf('/');
				if (slash >= 0) {
					rest = authority.slice(slash);
					authority = authority.slice(0, slash);
				}
				const at = authority.lastIndexOf('@');
				const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
				if (host.error !== undefined) return fail(beforeFragment, host.error);
				url.host = host.value ?? '';
				if (at >= 0) {
					const userinfo = authority.slice(0, at);
					if (!validUserinfo(userinfo)) return fail(beforeFragment, 'net/url: invalid userinfo');
					const colon = userinfo.indexOf(':');
					const user = unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), 'user');
					if (user.error !== undefined) return fail(beforeFragment, user.error);
					url.username = user.value ?? '';
					if (colon >= 0) {
						const password = unescape(userinfo.slice(colon + 1), 'user');
						if (password.error !== undefined) return fail(beforeFragment, password.error);
						url.password = password.value ?? '';
					}
				}
			}
			const path = unescape(rest, 'path');
			if (path.error !== undefined) return fail(beforeFragment, path.error);
			url.path = path.value ?? '';
		}
	}
	if (fragment !== '') {
		const decoded = unescape(fragment, 'fragment');
		if (decoded.error !== undefined) return fail(raw, decoded.error);
		url.fragment = decoded.value ?? '';
	}
	return {url};
}

/** url.URL.Hostname and Port. */
export function splitGoHost(host: string): {hostname: string; port: string} {
	let hostname = host;
	let port = '';
	const colon = host.lastIndexOf(':');
	if (colon !== -1 && validOptionalPort(host.slice(colon))) {
		hostname = host.slice(0, colon);
		port = host.slice(colon + 1);
	}
	if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
	return {hostname, port};
}

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

/** net.SplitHostPort. */
export function splitHostPort(hostport: string): {host: string; port: string} | undefined {
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
		const split = splitHostPort(p);
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
	const split = splitHostPort(address);
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
