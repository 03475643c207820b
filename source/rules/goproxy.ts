// GOPROXY list semantics (cmd/go/internal/modfetch/proxy.go proxyList/TryProxies, repo.go lookup)
// and the checksum-database decision (sumdb.go useSumDB/dbDial/initBase): docs/go.md §3.2–§3.4.

import type {Platform} from '../system/types.js';
import {firstMatchingPattern, matchPrefixPatterns} from './private-patterns.js';
import {goFields, goTrimSpace} from './go-strings.js';
import {fromBinary, parseGoUrlBytes, redactedString, toBinary} from './go-url.js';
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

/** The error newProxyRepo gives for a GOPROXY entry, or undefined when Go accepts it. */
export function proxyUrlProblem(url: string): string | undefined {
	const parsed = parseGoUrlBytes(toBinary(url));
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

/** One GOPROXY entry to write: as written (`direct`, `off` or a URL), and the separator after it. */
export type GoproxyItem = {raw: string; fallback: ProxyEntry['fallback']};

/** Writes a GOPROXY value, the inverse of parseGoproxy: ',' after a not-found entry, '|' after an any-error one. */
export function formatGoproxy(items: ReadonlyArray<GoproxyItem>): string {
	return items.map((item, index) => `${item.raw}${index < items.length - 1 ? (item.fallback === 'any-error' ? '|' : ',') : ''}`).join('');
}

/** The entries with `moved` (entries Go never read, after direct/off) put back before the final direct/off. */
export function goproxyWithEntriesBeforeEnd(entries: ReadonlyArray<ProxyEntry>, moved: ReadonlyArray<string>): string {
	const stop = entries.at(-1);
	const before = entries.slice(0, -1).map(keepSeparator);
	return formatGoproxy([...before, ...moved.map(raw => ({raw, fallback: 'not-found' as const})), ...(stop ? [{raw: stop.raw, fallback: 'none' as const}] : [])]);
}

/** The entries with `direct` at the end (after a ','), when they have no direct or off yet. */
export function goproxyWithDirect(entries: ReadonlyArray<ProxyEntry>): string {
	if (entries.some(entry => entry.kind !== 'proxy')) return formatGoproxy(entries);
	return formatGoproxy([...entries.map(keepSeparator), {raw: 'direct', fallback: 'none'}]);
}

/** The entry with the user's separator, ',' where it was the last. */
function keepSeparator(entry: ProxyEntry): GoproxyItem {
	return {raw: entry.raw, fallback: entry.fallback === 'none' ? 'not-found' : entry.fallback};
}
