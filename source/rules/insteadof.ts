// git's URL rewriting (remote.c: handle_config, make_rewrite, alias_url) and git's reading of the result (transport.c
// is_url, connect.c url_is_local_not_ssh / host_end, credential.c credential_from_url), so the `git-route` check can
// say which URL git really uses for the repo Go names, from which rule in which file, and what kind of URL it is.

export type ConfigRecord = {scope: string; origin: string; key: string; value: string | undefined};

/** Parse `git config -z --show-scope --show-origin --get-regexp ...` output: records `scope\0origin\0key\nvalue\0`; a key without value has no '\n'. */
export function parseConfigZ(output: string): ConfigRecord[] {
	const parts = output.split('\0');
	const records: ConfigRecord[] = [];
	for (let i = 0; i + 2 < parts.length; i += 3) {
		const scope = parts[i] ?? '';
		const origin = parts[i + 1] ?? '';
		const keyAndValue = parts[i + 2] ?? '';
		const newline = keyAndValue.indexOf('\n');
		const key = newline < 0 ? keyAndValue : keyAndValue.slice(0, newline);
		if (key === '') continue;
		records.push({scope, origin, key, value: newline < 0 ? undefined : keyAndValue.slice(newline + 1)});
	}
	return records;
}

export type InsteadOfRule = {base: string; insteadOf: string; scope: string; origin: string; order: number};

/** `url.<base>.insteadof`: git lower-cases the section and the variable but keeps the subsection as written. */
function insteadOfBase(key: string): string | undefined {
	const lower = key.toLowerCase();
	if (!lower.startsWith('url.') || !lower.endsWith('.insteadof')) return undefined;
	const base = key.slice('url.'.length, key.length - '.insteadof'.length);
	// `url.insteadof` and `url..insteadof` have no subsection: git skips them.
	return base === '' || key.length < 'url..insteadof'.length ? undefined : base;
}

/** From records: url.<base>.insteadof entries only (pushinsteadof ignored: Go never pushes); `<base>` keeps its case. Bare key (no value) → reported as a fatal config problem (git dies with 'missing value for url.<base>.insteadof').
 * `order` is git's tie-break order: every base in order of its first appearance, each base's values in file order. */
export function insteadOfRules(records: ConfigRecord[]): {rules: InsteadOfRule[]; fatal?: string} {
	const byBase = new Map<string, Omit<InsteadOfRule, 'order'>[]>();
	let fatal: string | undefined;
	for (const record of records) {
		if (typeof record?.key !== 'string') continue;
		const base = insteadOfBase(record.key);
		if (base === undefined) continue;
		if (record.value === undefined) {
			fatal ??= `missing value for '${record.key}' (${record.origin || record.scope}): git stops with "fatal: bad config variable" before it contacts any remote`;
			continue;
		}
		const list = byBase.get(base) ?? [];
		list.push({base, insteadOf: record.value, scope: record.scope, origin: record.origin});
		byBase.set(base, list);
	}
	const rules = [...byBase.values()].flat().map((rule, order) => ({...rule, order}));
	return fatal !== undefined ? {rules, fatal} : {rules};
}

/** Longest prefix wins, ties → first seen (order of first appearance of <base>), byte-exact, empty value matches everything, no chaining. */
export function rewriteUrl(url: string, rules: InsteadOfRule[]): {url: string; rule?: InsteadOfRule} {
	let best: InsteadOfRule | undefined;
	for (const rule of [...rules].filter(rule => typeof rule?.insteadOf === 'string').sort((x, y) => x.order - y.order)) {
		// Both candidates are prefixes of the same URL, so comparing UTF-16 lengths orders them as git's byte lengths do.
		if (url.startsWith(rule.insteadOf) && (best === undefined || best.insteadOf.length < rule.insteadOf.length)) best = rule;
	}
	if (best === undefined) return {url};
	return {url: best.base + url.slice(best.insteadOf.length), rule: best};
}

export type GitUrlKind = 'https' | 'http' | 'ssh' | 'scp' | 'git' | 'file' | 'local' | 'other';

export type GitUrl = {
	kind: GitUrlKind;
	/** For 'other': the scheme or remote-helper name git will look for (git-remote-<name>). */
	scheme?: string;
	host?: string;
	port?: number;
	user?: string;
	/** Decoded, as git sends it; register it as a secret. */
	password?: string;
	/** The password as it appears in the URL text, when that differs (percent-encoded); a secret too. */
	passwordAsWritten?: string;
	path?: string;
};

function isSchemeChar(c: string, first: boolean): boolean {
	return /[A-Za-z]/.test(c) || (!first && /[0-9+\-.]/.test(c));
}

/** transport.c is_url: `scheme://` with a plausible scheme. */
function urlScheme(url: string): string | undefined {
	const first = url[0];
	if (first === undefined || !isSchemeChar(first, true)) return undefined;
	let i = 1;
	while (i < url.length && url[i] !== ':') {
		if (!isSchemeChar(url[i]!, false)) return undefined;
		i++;
	}
	return url.startsWith('://', i) ? url.slice(0, i) : undefined;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** url_decode as git does it: %XX decoded, anything malformed left as written. */
function percentDecode(text: string): string {
	// Nothing to decode: the round trip below would give the text back (a lone surrogate aside, which it replaces).
	if (!/[%\uD800-\uDFFF]/.test(text)) return text;
	const bytes: number[] = [];
	const encoder = utf8Encoder;
	for (let i = 0; i < text.length; ) {
		if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
			bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
			i += 3;
		} else {
			const code = text.codePointAt(i) ?? 0;
			const char = String.fromCodePoint(code);
			bytes.push(...encoder.encode(char));
			i += char.length;
		}
	}
	return utf8Decoder.decode(new Uint8Array(bytes));
}

/** connect.c get_host_and_port: a trailing `:digits` below 65536 is the port. */
function splitPort(hostAndPort: string): {host: string; port?: number} {
	if (hostAndPort.startsWith('[')) {
		const close = hostAndPort.indexOf(']');
		if (close > 0) {
			const rest = hostAndPort.slice(close + 1);
			const port = /^:([0-9]+)$/.exec(rest);
			const value = port !== null ? Number(port[1]) : undefined;
			return {host: hostAndPort.slice(1, close), ...(value !== undefined && value < 65536 ? {port: value} : {})};
		}
	}
	const colon = hostAndPort.indexOf(':');
	if (colon < 0) return {host: hostAndPort};
	const portText = hostAndPort.slice(colon + 1);
	if (/^[0-9]+$/.test(portText) && Number(portText) < 65536) return {host: hostAndPort.slice(0, colon), port: Number(portText)};
	if (portText === '') return {host: hostAndPort.slice(0, colon)};
	return {host: hostAndPort};
}

const schemeKinds: Record<string, GitUrlKind> = {https: 'https', http: 'http', ssh: 'ssh', 'git+ssh': 'ssh', 'ssh+git': 'ssh', git: 'git', file: 'file'};

/** Classify the rewritten URL: scheme (https/http/ssh/git/file/scp-like/local-path), host, port, user, path; detect a local path ('git@host/…' with no colon), credentials embedded (user:password@ — return them separately so the caller can register the secret), and whether the project path is preserved compared with the original (strip leading '/' and trailing '.git' on both sides). */
export function describeGitUrl(url: string): GitUrl {
	try {
		return describe(url);
	} catch {
		return {kind: 'other'};
	}
}

function describe(url: string): GitUrl {
	const scheme = urlScheme(url);
	if (scheme !== undefined) {
		// Scheme names are compared as written: git looks for git-remote-HTTPS for "HTTPS://".
		const kind = schemeKinds[scheme] ?? 'other';
		const rest = url.slice(scheme.length + 3);
		const authorityEnd = rest.search(kind === 'https' || kind === 'http' ? /[/?#]/ : /\//);
		const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
		const path = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
		const result: GitUrl = {kind};
		if (kind === 'other') result.scheme = scheme;
		// credential_from_url splits at the first '@' (http); ssh gets "user@host" and splits at the last one.
		const at = kind === 'ssh' ? authority.lastIndexOf('@') : authority.indexOf('@');
		let hostAndPort = authority;
		if (at >= 0) {
			const userinfo = authority.slice(0, at);
			hostAndPort = authority.slice(at + 1);
			const colon = userinfo.indexOf(':');
			result.user = percentDecode(colon < 0 ? userinfo : userinfo.slice(0, colon));
			if (colon >= 0) {
				const written = userinfo.slice(colon + 1);
				result.password = percentDecode(written);
				if (written !== result.password) result.passwordAsWritten = written;
			}
		}
		const {host, port} = splitPort(hostAndPort);
		if (host !== '') result.host = host;
		if (port !== undefined) result.port = port;
		result.path = percentDecode(path);
		return result;
	}
	if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) {
		return {kind: 'other', scheme: url.slice(0, url.indexOf('::'))};
	}
	// url_is_local_not_ssh: scp-like only when a ':' comes before any '/'. A bracketed host may hide a ':port'.
	let hostEnd = 0;
	if (url.startsWith('[')) {
		const close = url.indexOf(']');
		if (close > 0) hostEnd = close + 1;
	}
	const colon = url.indexOf(':', hostEnd);
	const firstColon = url.indexOf(':');
	const slash = url.indexOf('/');
	if (firstColon < 0 || (slash >= 0 && slash < firstColon) || colon < 0) return {kind: 'local', path: url};
	const target = url.slice(0, colon);
	const path = url.slice(colon + 1);
	let user: string | undefined;
	let hostPart = target.startsWith('[') && target.endsWith(']') ? target.slice(1, -1) : target;
	// ssh splits user@host at the last '@'.
	const at = hostPart.lastIndexOf('@');
	if (at >= 0) {
		user = hostPart.slice(0, at);
		hostPart = hostPart.slice(at + 1);
	}
	const {host, port} = target.startsWith('[') ? splitPort(hostPart) : {host: hostPart, port: undefined};
	return {kind: 'scp', host, path, ...(user !== undefined ? {user} : {}), ...(port !== undefined ? {port} : {})};
}

function normalisePath(path: string): string {
	let text = path.startsWith('/') ? path.slice(1) : path;
	if (text.endsWith('/')) text = text.slice(0, -1);
	if (text.endsWith('.git')) text = text.slice(0, -'.git'.length);
	return text;
}

/** Whether two repository paths (as describeGitUrl returns them) name the same project: one leading '/', a trailing
 * '/' and a trailing '.git' are ignored; everything else, case included, must match (a '//' is a real difference). */
export function samePath(a: string, b: string): boolean {
	return normalisePath(a) === normalisePath(b);
}
