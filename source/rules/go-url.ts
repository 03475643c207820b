// A port of Go's net/url.Parse (parse, getScheme, parseAuthority, parseHost with RFC 6874 zones, unescape,
// setPath/setFragment), url.URL.Hostname/Port and URL.Redacted().String(), with Go's exact error texts.
// Go works on bytes: the parser runs on "binary strings" (one char per UTF-8 byte) so that slicing, escaping
// and error quoting match Go exactly, also for text that is not valid UTF-8 once unescaped. goUrlParse gives
// the result as ordinary text (invalid UTF-8 shown as U+FFFD, as Go's encoders show it).
import {goBytesToString, goQuoteBytes} from './go-strings.js';

/** net/url.URL with every string a binary string (bytes as chars). */
export type GoUrlBytes = {
	scheme: string;
	opaque: string;
	user?: {name: string; password?: string};
	/** Host as Go keeps it (percent-decoded, with any port, brackets kept). */
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

/** The parts of net/url.URL the rules read, as text. */
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

type UrlEncoding = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

const utf8 = new TextEncoder();

/** Text as a binary string: one char per UTF-8 byte. */
export function toBinary(s: string): string {
	let out = '';
	for (const b of utf8.encode(s)) out += String.fromCharCode(b);
	return out;
}

function binaryBytes(s: string): Uint8Array {
	return Uint8Array.from(s, ch => ch.charCodeAt(0));
}

/** A binary string back as text (an invalid byte becomes U+FFFD). */
export function fromBinary(s: string): string {
	return goBytesToString(binaryBytes(s));
}

/** strconv.Quote of a binary string. */
function quoteBinary(s: string): string {
	return goQuoteBytes(binaryBytes(s));
}

export function isHex(ch: string | undefined): boolean {
	return ch !== undefined && /^[0-9A-Fa-f]$/.test(ch);
}

function isAlphanumeric(c: number): boolean {
	return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function shouldEscape(c: number, mode: UrlEncoding): boolean {
	if (isAlphanumeric(c)) return false;
	const ch = String.fromCharCode(c);
	if ((mode === 'host' || mode === 'zone') && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
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

/** url.unescape: the decoded bytes, or Go's error (hosts and zones also have their characters checked). */
function unescape(s: string, mode: UrlEncoding): {value?: string; error?: string} {
	let value = '';
	for (let i = 0; i < s.length; ) {
		const ch = s[i]!;
		if (ch === '%') {
			if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return {error: `invalid URL escape ${quoteBinary(s.slice(i, i + 3))}`};
			const byte = parseInt(s.slice(i + 1, i + 3), 16);
			const percent25 = s.slice(i, i + 3) === '%25';
			// In a host, %-encoding is only for non-ASCII bytes (and %25 in IPv6 zones).
			if (mode === 'host' && byte < 0x80 && !percent25) return {error: `invalid URL escape ${quoteBinary(s.slice(i, i + 3))}`};
			// A zone may escape only what it could hold as written (and a space: Windows puts them there).
			if (mode === 'zone' && !percent25 && byte !== 0x20 && shouldEscape(byte, 'host')) return {error: `invalid URL escape ${quoteBinary(s.slice(i, i + 3))}`};
			value += String.fromCharCode(byte);
			i += 3;
			continue;
		}
		const code = ch.charCodeAt(0);
		if ((mode === 'host' || mode === 'zone') && code < 0x80 && shouldEscape(code, mode)) return {error: `invalid character ${quoteBinary(ch)} in host name`};
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

/** validOptionalPort: '' or ':' followed by digits only. */
function validOptionalPort(colonPort: string): boolean {
	return colonPort === '' || /^:[0-9]*$/.test(colonPort);
}

function parseHost(host: string): {value?: string; error?: string} {
	if (host.startsWith('[')) {
		const close = host.lastIndexOf(']');
		if (close < 0) return {error: "missing ']' in host"};
		const colonPort = host.slice(close + 1);
		if (!validOptionalPort(colonPort)) return {error: `invalid port ${quoteBinary(colonPort)} after host`};
		// RFC 6874: %25 starts the zone, which may %-encode more than the host itself.
		const zone = host.slice(0, close).indexOf('%25');
		if (zone >= 0) {
			const parts = [unescape(host.slice(0, zone), 'host'), unescape(host.slice(zone, close), 'zone'), unescape(host.slice(close), 'host')];
			const failed = parts.find(part => part.error !== undefined);
			if (failed) return failed;
			return {value: parts.map(part => part.value).join('')};
		}
	} else {
		const colon = host.lastIndexOf(':');
		if (colon >= 0 && !validOptionalPort(host.slice(colon))) return {error: `invalid port ${quoteBinary(host.slice(colon))} after host`};
	}
	return unescape(host, 'host');
}

/** net/url.Parse on a binary string, returning Go's error text (`parse "…": …`) on failure. */
export function parseGoUrlBytes(raw: string): {url?: GoUrlBytes; error?: string} {
	const hash = raw.indexOf('#');
	const withoutFragment = hash >= 0 ? raw.slice(0, hash) : raw;
	const parsed = parseWithoutFragment(withoutFragment);
	if (parsed.error !== undefined || parsed.url === undefined) return {error: `parse ${quoteBinary(withoutFragment)}: ${parsed.error}`};
	const rawFragment = hash >= 0 ? raw.slice(hash + 1) : '';
	if (rawFragment !== '') {
		const fragment = unescape(rawFragment, 'fragment');
		if (fragment.error !== undefined) return {error: `parse ${quoteBinary(raw)}: ${fragment.error}`};
		parsed.url.fragment = fragment.value ?? '';
		parsed.url.rawFragment = rawFragment;
	}
	return parsed;
}

function parseWithoutFragment(raw: string): {url?: GoUrlBytes; error?: string} {
	if (/[\x00-\x1f\x7f]/.test(raw)) return {error: 'net/url: invalid control character in URL'};
	const url: GoUrlBytes = {scheme: '', opaque: '', host: '', omitHost: false, path: '', forceQuery: false, rawQuery: '', fragment: ''};
	if (raw === '*') {
		url.path = '*';
		return {url};
	}
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

/** Go's net/url.Parse of text. `error` is Go's text, e.g. `parse "git@host:x": first path segment in URL cannot contain colon`. */
export function goUrlParse(raw: string): {url?: GoUrl; error?: string} {
	const parsed = parseGoUrlBytes(toBinary(raw));
	if (parsed.url === undefined) return {error: parsed.error};
	const u = parsed.url;
	const url: GoUrl = {
		scheme: fromBinary(u.scheme),
		opaque: fromBinary(u.opaque),
		host: fromBinary(u.host),
		path: fromBinary(u.path),
		rawQuery: fromBinary(u.rawQuery),
		fragment: fromBinary(u.fragment),
	};
	if (u.user !== undefined) {
		url.username = fromBinary(u.user.name);
		if (u.user.password !== undefined) url.password = fromBinary(u.user.password);
	}
	return {url};
}

/** URL.Redacted().String(), as a binary string: how Go prints a URL in its errors (a password becomes xxxxx). */
export function redactedString(url: GoUrlBytes): string {
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

/** url.URL.Hostname and Port of a host as Go keeps it. */
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
