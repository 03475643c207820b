// GOPROXY list semantics (cmd/go/internal/modfetch/proxy.go proxyList/TryProxies, repo.go lookup)
// and the checksum-database decision (sumdb.go useSumDB/dbDial/initBase): go-behaviour.md §3.2–3.4.

import type {Platform} from '../system/types.js';
import {firstMatchingPattern, matchPrefixPatterns} from './private-patterns.js';
import {goQuoteBytes} from './module-path.js';
import {insecureFlagError} from './go-env-file.js';

export type ProxyEntry = {
	kind: 'proxy' | 'direct' | 'off';
	/** For proxies: the URL Go uses (https:// added to a bare host, as Go does). */
	url?: string;
	/** The entry as written, trimmed. */
	raw: string;
	/** The URL safe to show: a password (or a lone user name, usually a token) becomes xxxxx. */
	display?: string;
	/** The separator after it: ',' → not-found, '|' → any-error; the last entry → none. */
	fallback: 'not-found' | 'any-error' | 'none';
};

export type ParsedGoproxy = {
	entries: ProxyEntry[];
	/** Go's own error text when Go rejects the value (then Go fetches nothing). */
	error?: string;
	/** Entries after `direct` or `off`, which Go never reads. */
	ignored: string[];
};

// unicode.IsSpace, which strings.TrimSpace uses (no BOM, unlike String.prototype.trim).
const GO_SPACE = '\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

export function goTrimSpace(s: string): string {
	let start = 0;
	let end = s.length;
	while (start < end && GO_SPACE.includes(s[start]!)) start++;
	while (end > start && GO_SPACE.includes(s[end - 1]!)) end--;
	return s.slice(start, end);
}

/** strings.Fields. */
function goFields(s: string): string[] {
	const fields: string[] = [];
	let current = '';
	for (const ch of s) {
		if (GO_SPACE.includes(ch)) {
			if (current !== '') fields.push(current);
			current = '';
		} else current += ch;
	}
	if (current !== '') fields.push(current);
	return fields;
}

function isAbsoluteFilePath(s: string, platform: Platform | undefined): boolean {
	if (s.startsWith('/')) return true; // path.IsAbs, and filepath.IsAbs on Unix
	return platform === 'win32' && (/^[A-Za-z]:[\\/]/.test(s) || /^[\\/]{2}[^\\/]/.test(s));
}

/** A proxy URL with its credentials masked, for messages and reports. */
export function displayUrl(url: string): string {
	return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (_all, scheme: string, userinfo: string) => {
		const colon = userinfo.indexOf(':');
		return colon >= 0 ? `${scheme}${userinfo.slice(0, colon)}:xxxxx@` : `${scheme}xxxxx@`;
	});
}

/** Parses GOPROXY as proxyList does. The implicit `noproxy` entry depends on GONOPROXY: see planModuleFetch. */
export function parseGoproxy(value: string, platform?: Platform): ParsedGoproxy {
	const entries: ProxyEntry[] = [];
	const ignored: string[] = [];
	let rest = value;
	let stopped = false;
	while (rest !== '') {
		let raw: string;
		let separator = '';
		const i = rest.search(/[,|]/);
		if (i >= 0) {
			raw = rest.slice(0, i);
			separator = rest[i]!;
			rest = rest.slice(i + 1);
		} else {
			raw = rest;
			rest = '';
		}
		const url = goTrimSpace(raw);
		if (url === '') continue;
		if (stopped) {
			ignored.push(url);
			continue;
		}
		const fallback = separator === '|' ? 'any-error' : separator === ',' ? 'not-found' : 'none';
		if (url === 'off' || url === 'direct') {
			entries.push({kind: url, raw: url, fallback});
			stopped = true;
			continue;
		}
		// Single words are reserved for keywords; anything with ":/" or an absolute path must be a
		// complete URL; everything else with ".", ":" or "/" gets https:// in front.
		let full = url;
		if (/[.:/]/.test(url) && !url.includes(':/') && !isAbsoluteFilePath(url, platform)) full = 'https://' + url;
		const problem = proxyUrlProblem(full);
		if (problem !== undefined) return {entries, error: problem, ignored};
		entries.push({kind: 'proxy', url: full, raw: url, display: displayUrl(full), fallback});
	}
	const last = entries[entries.length - 1];
	if (last !== undefined) last.fallback = 'none';
	if (entries.length === 0) return {entries, error: 'GOPROXY list is not the empty string, but contains no entries', ignored};
	return {entries, ignored};
}

// ---- The parts of net/url that decide whether newProxyRepo accepts an entry, and how Go prints it.

type UrlEncoding = 'path' | 'host' | 'userPassword' | 'fragment';

type GoUrl = {
	scheme: string;
	opaque: string;
	user?: {name: string; password?: string};
	host: string;
	omitHost: boolean;
	path: string;
	/** The path as written (EscapedPath uses it when it is a valid encoding). */
	rawPath?: string;
	forceQuery: boolean;
	rawQuery: string;
	fragment: string;
	rawFragment?: string;
};

// Go works on bytes: the URL code below runs on "binary strings" (one char per UTF-8 byte) so that
// slicing and escaping match Go exactly, also for text that is not valid UTF-8 once unescaped.
const utf8 = new TextEncoder();

function toBinary(s: string): string {
	let out = '';
	for (const b of utf8.encode(s)) out += String.fromCharCode(b);
	return out;
}

function binaryBytes(s: string): Uint8Array {
	return Uint8Array.from(s, ch => ch.charCodeAt(0));
}

function fromBinary(s: string): string {
	return new TextDecoder().decode(binaryBytes(s));
}

function quoteBinary(s: string): string {
	return goQuoteBytes(binaryBytes(s));
}

function isAlphanumeric(c: number): boolean {
	return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function shouldEscape(c: number, mode: UrlEncoding): boolean {
	if (isAlphanumeric(c)) return false;
	const ch = String.fromCharCode(c);
	if (mode === 'host' && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
	if ('-_.~'.includes(ch)) return false;
	if ('$&+,/:;=?@'.includes(ch)) {
		if (mode === 'path') return ch === '?';
		if (mode === 'userPassword') return '@/?:'.includes(ch);
		if (mode === 'fragment') return false;
	}
	if (mode === 'fragment' && '!()*'.includes(ch)) return false;
	return true;
}

function escape(s: string, mode: UrlEncoding): string {
	let out = '';
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		out += shouldEscape(c, mode) ? '%' + c.toString(16).toUpperCase().padStart(2, '0') : s[i]!;
	}
	return out;
}

function isHex(ch: string | undefined): boolean {
	return ch !== undefined && /^[0-9A-Fa-f]$/.test(ch);
}

/** url.unescape: the decoded bytes, or Go's error. */
function unescape(s: string, mode: UrlEncoding): {value?: string; error?: string} {
	let value = '';
	for (let i = 0; i < s.length;) {
		const ch = s[i]!;
		if (ch === '%') {
			if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return {error: `invalid URL escape ${quoteBinary(s.slice(i, i + 3))}`};
			// In a host, %-encoding is only for non-ASCII bytes (and %25 in IPv6 zones).
			if (mode === 'host' && parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== '%25') return {error: `invalid URL escape ${quoteBinary(s.slice(i, i + 3))}`};
			value += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
			i += 3;
			continue;
		}
		const code = ch.charCodeAt(0);
		if (mode === 'host' && code < 0x80 && shouldEscape(code, 'host')) return {error: `invalid character ${quoteBinary(ch)} in host name`};
		value += ch;
		i++;
	}
	return {value};
}

function validEncoded(s: string, mode: UrlEncoding): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if ("!$&'()*+,;=:@[]%".includes(s[i]!)) continue;
		if (shouldEscape(c, mode)) return false;
	}
	return true;
}

function validPort(colonPort: string): boolean {
	return colonPort === '' || /^:[0-9]*$/.test(colonPort);
}

function parseHost(host: string): {value?: string; error?: string} {
	if (host.startsWith('[')) {
		const close = host.lastIndexOf(']');
		if (close < 0) return {error: "missing ']' in host"};
		const colonPort = host.slice(close + 1);
		if (!validPort(colonPort)) return {error: `invalid port ${quoteBinary(colonPort)} after host`};
	} else {
		const colon = host.lastIndexOf(':');
		if (colon >= 0 && !validPort(host.slice(colon))) return {error: `invalid port ${quoteBinary(host.slice(colon))} after host`};
	}
	return unescape(host, 'host');
}

/** net/url.Parse on a binary string, returning Go's error text (`parse "…": …`) on failure. */
function parseGoUrl(raw: string): {url?: GoUrl; error?: string} {
	const hash = raw.indexOf('#');
	const withoutFragment = hash >= 0 ? raw.slice(0, hash) : raw;
	const parsed = parseWithoutFragment(withoutFragment);
	if (parsed.error !== undefined || parsed.url === undefined) return {error: `parse ${quoteBinary(withoutFragment)}: ${parsed.error}`};
	if (hash >= 0) {
		const rawFragment = raw.slice(hash + 1);
		const fragment = unescape(rawFragment, 'fragment');
		if (fragment.error !== undefined) return {error: `parse ${quoteBinary(raw)}: ${fragment.error}`};
		parsed.url.fragment = fragment.value ?? '';
		parsed.url.rawFragment = rawFragment;
	}
	return parsed;
}

function parseWithoutFragment(raw: string): {url?: GoUrl; error?: string} {
	if (/[\x00-\x1f\x7f]/.test(raw)) return {error: 'net/url: invalid control character in URL'};
	const url: GoUrl = {scheme: '', opaque: '', host: '', omitHost: false, path: '', forceQuery: false, rawQuery: '', fragment: ''};
	let rest = raw;
	for (let i = 0; i < rest.length; i++) {
		const c = rest[i]!;
		if (/[A-Za-z]/.test(c)) continue;
		if (/[0-9+\-.]/.test(c)) {
			if (i === 0) break;
			continue;
		}
		if (c === ':') {
			if (i === 0) return {error: 'missing protocol scheme'};
			url.scheme = rest.slice(0, i).toLowerCase();
			rest = rest.slice(i + 1);
		}
		break;
	}
	if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
		url.forceQuery = true;
		rest = rest.slice(0, -1);
	} else {
		const q = rest.indexOf('?');
		if (q >= 0) {
			url.rawQuery = rest.slice(q + 1);
			rest = rest.slice(0, q);
		}
	}
	if (!rest.startsWith('/')) {
		if (url.scheme !== '') {
			url.opaque = rest;
			return {url};
		}
		const segment = rest.split('/')[0] ?? '';
		if (segment.includes(':')) return {error: 'first path segment in URL cannot contain colon'};
	}
	if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
		const afterSlashes = rest.slice(2);
		const slash = afterSlashes.indexOf('/');
		const authority = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
		rest = slash < 0 ? '' : afterSlashes.slice(slash);
		const at = authority.lastIndexOf('@');
		const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
		if (host.error !== undefined) return {error: host.error};
		url.host = host.value ?? '';
		if (at >= 0) {
			const userinfo = authority.slice(0, at);
			if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return {error: 'net/url: invalid userinfo'};
			const colon = userinfo.indexOf(':');
			const name = unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), 'userPassword');
			if (name.error !== undefined) return {error: name.error};
			url.user = {name: name.value ?? ''};
			if (colon >= 0) {
				const password = unescape(userinfo.slice(colon + 1), 'userPassword');
				if (password.error !== undefined) return {error: password.error};
				url.user.password = password.value ?? '';
			}
		}
	} else if (url.scheme !== '' && rest.startsWith('/')) {
		url.omitHost = true;
	}
	const path = unescape(rest, 'path');
	if (path.error !== undefined) return {error: path.error};
	url.path = path.value ?? '';
	url.rawPath = rest;
	return {url};
}

/** URL.Redacted().String(): how Go prints a proxy URL in its errors (a password becomes xxxxx). */
function redactedString(url: GoUrl): string {
	let out = url.scheme !== '' ? url.scheme + ':' : '';
	if (url.opaque !== '') {
		out += url.opaque;
	} else {
		if (url.scheme !== '' || url.host !== '' || url.user !== undefined) {
			if (!(url.omitHost && url.host === '' && url.user === undefined)) {
				if (url.host !== '' || url.path !== '' || url.user !== undefined) out += '//';
				if (url.user !== undefined) {
					out += escape(url.user.name, 'userPassword');
					if (url.user.password !== undefined) out += ':xxxxx';
					out += '@';
				}
				if (url.host !== '') out += escape(url.host, 'host');
			}
		}
		const path = url.rawPath !== undefined && validEncoded(url.rawPath, 'path') ? url.rawPath : url.path === '*' ? '*' : escape(url.path, 'path');
		if (path !== '' && path[0] !== '/' && url.host !== '') out += '/';
		if (out === '' && (path.split('/')[0] ?? '').includes(':')) out += './';
		out += path;
	}
	if (url.forceQuery || url.rawQuery !== '') out += '?' + url.rawQuery;
	if (url.fragment !== '') {
		out += '#' + (url.rawFragment !== undefined && validEncoded(url.rawFragment, 'fragment') ? url.rawFragment : escape(url.fragment, 'fragment'));
	}
	return out;
}

/** The error newProxyRepo gives for a GOPROXY entry, or undefined when Go accepts it. */
export function proxyUrlProblem(url: string): string | undefined {
	const parsed = parseGoUrl(toBinary(url));
	if (parsed.error !== undefined || parsed.url === undefined) return parsed.error;
	const u = parsed.url;
	switch (u.scheme) {
		case 'http':
		case 'https':
			return undefined;
		case 'file': {
			const pathOnly = u.opaque === '' && u.user === undefined && u.host === '' && !u.omitHost && !u.forceQuery && u.rawQuery === '' && u.fragment === '' && (u.rawFragment ?? '') === '';
			return pathOnly ? undefined : `invalid file:// proxy URL with non-path elements: ${fromBinary(redactedString(u))}`;
		}
		case '':
			return `invalid proxy URL missing scheme: ${fromBinary(redactedString(u))}`;
		default:
			return `invalid proxy URL scheme (must be https, http, file): ${fromBinary(redactedString(u))}`;
	}
}

export type GoSettingsForPrivacy = {GOPROXY: string; GONOPROXY: string; GONOSUMDB: string; GOPRIVATE: string; GOSUMDB: string; GOINSECURE?: string; GOFLAGS?: string};

export type SumdbPlan = {
	consulted: boolean;
	/** The checksum database's name (e.g. sum.golang.org) when it is consulted. */
	name?: string;
	reason: string;
	/**
	 * Where Go looks for the database, in order: each proxy is first asked `<proxy>/sumdb/<name>/supported`
	 * and, if it answers 200, receives every lookup (with the module path); otherwise the database directly.
	 */
	via?: string[];
	/** Go's error when GOSUMDB itself is unusable. */
	error?: string;
};

export type FetchPlan = {
	effectiveGonoproxy: string;
	effectiveGonosumdb: string;
	/** The module matches GONOPROXY and GOPROXY != "direct": the implicit noproxy entry fetches it direct, first. */
	noproxy: boolean;
	/** Go will (eventually) fetch the module straight from its VCS. */
	direct: boolean;
	/**
	 * Proxy URLs Go sends the module path to, in order, before direct — assuming each answers
	 * "not found", as a public proxy does for a private module. Empty when GONOPROXY covers it.
	 * Credentials in them are masked (see displayUrl); proxySteps has the real URLs.
	 */
	proxiesAsked: string[];
	/** The same proxies with their fallback: a ',' proxy that fails with anything but 404/410 ends the walk. */
	proxySteps: ProxyEntry[];
	/** Why Go never reaches a direct fetch, in Go's words where Go has them. */
	stops?: string;
	sumdb: SumdbPlan;
	/** The module matches GOINSECURE: a direct fetch may fall back to http:// and skips certificate checks. */
	insecure: boolean;
	/** Go's error when GOPROXY is unusable (nothing is fetched). */
	error?: string;
	/** `go get` dies before fetching anything because of GOFLAGS (-insecure). */
	getFlagError?: string;
	/** GOPROXY entries after direct/off that Go never reads. */
	ignoredProxyEntries: string[];
};

const KNOWN_SUMDB = new Set(['sum.golang.org']);

function planSumdb(settings: GoSettingsForPrivacy, effectiveGonosumdb: string, modulePath: string, entries: ProxyEntry[]): SumdbPlan {
	if (settings.GOSUMDB === 'off') {
		return {consulted: false, reason: 'GOSUMDB=off: Go never consults a checksum database (go.sum is still checked)'};
	}
	const covering = firstMatchingPattern(effectiveGonosumdb, modulePath);
	if (covering !== undefined) {
		const fromPrivate = settings.GONOSUMDB === '';
		return {
			consulted: false,
			reason: fromPrivate
				? `the module matches GOPRIVATE pattern ${JSON.stringify(covering)} (GONOSUMDB is empty, so it defaults to GOPRIVATE): no checksum database lookup`
				: `the module matches GONOSUMDB pattern ${JSON.stringify(covering)}: no checksum database lookup`,
		};
	}
	const why = settings.GONOSUMDB !== '' && settings.GOPRIVATE !== ''
		? 'GONOSUMDB is set, so GOPRIVATE does not count for the checksum database, and GONOSUMDB does not cover the module'
		: 'neither GONOSUMDB nor GOPRIVATE covers the module';
	const reason = `${why}: every version not yet in go.sum is looked up in the checksum database, which cannot know a private module (it answers 404/410 and "verifying module" fails) and learns its path`;
	// sum.golang.google.cn is an alias for sum.golang.org served from another URL.
	const gosumdb = settings.GOSUMDB === 'sum.golang.google.cn' ? 'sum.golang.org https://sum.golang.google.cn' : settings.GOSUMDB;
	const fields = goFields(gosumdb);
	if (fields.length === 0) return {consulted: true, reason, error: 'missing GOSUMDB'};
	if (fields.length > 2) return {consulted: true, reason, error: 'invalid GOSUMDB: too many fields'};
	const key = fields[0]!;
	const plus = key.indexOf('+');
	if (plus < 0 && !KNOWN_SUMDB.has(key)) return {consulted: true, reason, error: 'invalid GOSUMDB: malformed verifier id'};
	const name = plus < 0 ? key : key.slice(0, plus);
	if (fields.length === 2) return {consulted: true, name, reason, via: [fields[1]!]};
	const via: string[] = [];
	for (const entry of entries) {
		if (entry.kind !== 'proxy') break;
		via.push(`${(entry.display ?? entry.url!).replace(/\/+$/, '')}/sumdb/${name}`);
	}
	via.push(`https://${name}`);
	return {consulted: true, name, reason, via};
}

/**
 * What Go does for `modulePath` with these settings: whether the implicit noproxy entry fetches it
 * direct, which proxies learn its path, whether direct is reached, and whether the checksum database
 * is consulted. GONOPROXY and GONOSUMDB default to GOPRIVATE only when empty.
 */
export function planModuleFetch(settings: GoSettingsForPrivacy, modulePath: string, platform?: Platform): FetchPlan {
	const effectiveGonoproxy = settings.GONOPROXY !== '' ? settings.GONOPROXY : settings.GOPRIVATE;
	const effectiveGonosumdb = settings.GONOSUMDB !== '' ? settings.GONOSUMDB : settings.GOPRIVATE;
	const parsed = parseGoproxy(settings.GOPROXY, platform);
	const hasNoproxyEntry = effectiveGonoproxy !== '' && settings.GOPROXY !== 'direct';
	const matchesNoproxy = matchPrefixPatterns(effectiveGonoproxy, modulePath);
	const plan: FetchPlan = {
		effectiveGonoproxy,
		effectiveGonosumdb,
		noproxy: false,
		direct: false,
		proxiesAsked: [],
		proxySteps: [],
		sumdb: planSumdb(settings, effectiveGonosumdb, modulePath, parsed.entries),
		insecure: matchPrefixPatterns(settings.GOINSECURE ?? '', modulePath),
		ignoredProxyEntries: parsed.ignored,
	};
	const flagError = insecureFlagError(settings.GOFLAGS ?? '', platform);
	if (flagError !== undefined) plan.getFlagError = flagError;
	if (parsed.error !== undefined) {
		plan.error = parsed.error;
		return plan;
	}
	if (matchesNoproxy) {
		// Every proxy (and off) answers "disabled by GOPRIVATE/GONOPROXY" without any network traffic;
		// the noproxy entry, or GOPROXY=direct itself, fetches the module from its VCS.
		plan.noproxy = hasNoproxyEntry;
		plan.direct = true;
		return plan;
	}
	for (const entry of parsed.entries) {
		if (entry.kind === 'direct') {
			plan.direct = true;
			return plan;
		}
		if (entry.kind === 'off') {
			plan.stops = 'module lookup disabled by GOPROXY=off';
			return plan;
		}
		plan.proxiesAsked.push(entry.display ?? entry.url!);
		plan.proxySteps.push(entry);
	}
	plan.stops = 'GOPROXY has no "direct" entry: when every proxy answers not found, Go gives up with the proxy\'s not-found error';
	return plan;
}
