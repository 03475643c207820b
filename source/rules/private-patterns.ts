// GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE pattern lists: x/mod module.MatchPrefixPatterns
// (docs/go.md §3.1), plus the mistakes people make writing them and a repaired value.

import {isBadPattern, pathMatch} from './path-match.js';
import {checkImportPath, hostOf} from './module-path.js';

/** The glob as Go sees it: one trailing "/" removed (current x/mod). */
function normalisedGlob(glob: string): string {
	return glob.endsWith('/') ? glob.slice(0, -1) : glob;
}

/** Whether one glob (already split from the list) matches a prefix of target; Go's per-glob step. */
export function globMatchesPrefix(rawGlob: string, target: string): boolean {
	const glob = normalisedGlob(rawGlob);
	if (glob === '') return false;
	// A glob with N slashes is matched against the first N+1 elements of target.
	let remaining = (glob.match(/\//g) ?? []).length;
	let prefix = target;
	for (let i = 0; i < target.length; i++) {
		if (target[i] === '/') {
			if (remaining === 0) {
				prefix = target.slice(0, i);
				break;
			}
			remaining--;
		}
	}
	if (remaining > 0) return false; // target has fewer elements than the glob
	return pathMatch(glob, prefix).matched;
}

/** The list split as Go splits it: on "," only, no trimming; empty entries kept here (Go skips them). */
export function splitPatternList(globs: string): string[] {
	return globs === '' ? [] : globs.split(',');
}

/** module.MatchPrefixPatterns: does any glob in the comma-separated list match a prefix of target? */
export function matchPrefixPatterns(globs: string, target: string): boolean {
	return firstMatchingPattern(globs, target) !== undefined;
}

/** The first entry of the list (as written) that matches target, or undefined. */
export function firstMatchingPattern(globs: string, target: string): string | undefined {
	return splitPatternList(globs).find(glob => globMatchesPrefix(glob, target));
}

export type PatternMistake = {
	/** The entry as written, except that credentials in a URL-shaped entry are masked. */
	pattern: string;
	problem: 'scheme' | 'whitespace' | 'trailing-star' | 'bad-pattern' | 'upper-case' | 'empty';
	message: string;
	/** The entry rewritten so that it works, when there is an obvious rewrite. */
	suggestion?: string;
	/** True when Go simply skips the entry and nothing is lost (an empty entry). */
	harmless: boolean;
};

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const SCP = /^[^/@\s:]+@([^/\s:]+):(.*)$/;
// unicode.IsSpace (what Go would call blank), plus a BOM when trimming pasted text.
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_SPACE = new RegExp(`[${SPACE}]`);
const EDGE_SPACE = new RegExp(`^[${SPACE}\\ufeff]+|[${SPACE}\\ufeff]+$`, 'g');
const SPACE_RUN = new RegExp(`[${SPACE}\\ufeff]+`);
const GLOB_META = /[*?[\\]/;

/** The entry safe to show: credentials in a URL-shaped entry become xxxxx. */
function shown(pattern: string): string {
	return pattern.replace(/^(\s*[A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (_all, scheme: string, userinfo: string) => {
		const colon = userinfo.indexOf(':');
		return colon >= 0 ? `${scheme}${userinfo.slice(0, colon)}:xxxxx@` : `${scheme}xxxxx@`;
	});
}

/** Removes what can never be part of a module path: surrounding blanks, a URL scheme, user info, scp form. */
function cleanPattern(pattern: string): string {
	let p = pattern.replace(EDGE_SPACE, '');
	const scp = SCP.exec(p);
	if (scp) p = `${scp[1]}/${scp[2]}`;
	if (SCHEME.test(p)) {
		p = p.replace(SCHEME, '');
		const slash = p.indexOf('/');
		let authority = slash < 0 ? p : p.slice(0, slash);
		const at = authority.lastIndexOf('@');
		if (at >= 0) authority = authority.slice(at + 1);
		authority = authority.replace(/:\d*$/, '');
		p = authority + (slash < 0 ? '' : p.slice(slash));
	}
	return p;
}

/**
 * An entry rewritten so that it can work: blanks split it (a space-separated list is a common
 * slip), each part loses a scheme, user info, port or scp form, and its host is lowered. Parts
 * that are empty for Go (only "/" or nothing) disappear.
 */
function repairedEntries(entry: string): string[] {
	const parts: string[] = [];
	for (const part of entry.split(SPACE_RUN)) {
		const cleaned = cleanPattern(part);
		if (normalisedGlob(cleaned) === '') continue;
		const host = hostOf(cleaned);
		parts.push(host.toLowerCase() + cleaned.slice(host.length));
	}
	return parts;
}

/** The first n+1 elements of a path. */
function firstElements(path: string, count: number): string | undefined {
	const parts = path.split('/');
	return parts.length < count ? undefined : parts.slice(0, count).join('/');
}

/**
 * The common mistakes in a GOPRIVATE-style list. Mistakes that make an entry useless for every
 * module (a scheme, blanks, a malformed glob, an upper-case host) are reported whatever the module;
 * `trailing-star` and a case-only mismatch are reported when they are why the entry misses `modulePath`.
 *
 * A trailing "/*" covers the module only when the module path has more elements than the pattern
 * without it: `gitlab.example.com/group/*` (2 slashes, so 3 elements compared) matches
 * `gitlab.example.com/group/sub/project` but not `gitlab.example.com/group` itself.
 */
export function findPatternMistakes(globs: string, modulePath: string): PatternMistake[] {
	const mistakes: PatternMistake[] = [];
	const entries = splitPatternList(globs);
	entries.forEach((pattern, index) => {
		if (normalisedGlob(pattern) === '') {
			const where = index === 0 ? 'at the start' : index === entries.length - 1 ? 'at the end' : 'between two commas';
			mistakes.push({pattern, problem: 'empty', harmless: true, message: `an empty entry ${where}; Go skips it`});
			return;
		}
		const repaired = repairedEntries(pattern).join(',');
		const suggestion = repaired !== pattern && repaired !== '' ? repaired : undefined;
		const withSuggestion = (m: Omit<PatternMistake, 'suggestion'>): PatternMistake => (suggestion === undefined ? m : {...m, suggestion});

		if (GO_SPACE.test(pattern)) {
			mistakes.push(withSuggestion({
				pattern,
				problem: 'whitespace',
				harmless: false,
				message: `${JSON.stringify(shown(pattern))} contains blanks; Go splits the list on "," only and never trims, so this entry never matches (write "a,b", not "a, b")`,
			}));
		}
		if (SCHEME.test(pattern.replace(EDGE_SPACE, '')) || SCP.test(pattern.replace(EDGE_SPACE, ''))) {
			mistakes.push(withSuggestion({
				pattern,
				problem: 'scheme',
				harmless: false,
				message: `${JSON.stringify(shown(pattern))} is written as a URL or clone address; patterns are module path prefixes like "gitlab.example.com/group", so this entry never matches`,
			}));
		}
		if (isBadPattern(pattern)) {
			mistakes.push({
				pattern,
				problem: 'bad-pattern',
				harmless: false,
				message: `${JSON.stringify(shown(pattern))} is not a valid glob (an unclosed "[", a "\\" at the end, an empty range…); Go ignores it, so it never matches`,
			});
		}
		if (globMatchesPrefix(pattern, modulePath)) return;

		const target = cleanPattern(pattern);
		if (globMatchesPrefix(target, modulePath)) return; // blanks or a scheme, reported above, are the only reason
		const star = /^(.*)\/(\*+|\.\.\.)$/.exec(normalisedGlob(target));
		if (star && star[1] !== undefined && star[1] !== '' && globMatchesPrefix(star[1], modulePath)) {
			const base = star[1];
			const message = star[2] === '...'
				? `${JSON.stringify(shown(pattern))} uses "/...", which is package-pattern syntax, not a glob; "${base}" already covers everything under it`
				: `${JSON.stringify(shown(pattern))} needs at least one more path element after "${base}", but the module is "${modulePath}"; "${base}" alone covers it and everything under it`;
			mistakes.push({pattern, problem: 'trailing-star', harmless: false, message, suggestion: base});
			return;
		}
		const caseMistake = caseMistakeFor(pattern, target, modulePath);
		if (caseMistake !== undefined) mistakes.push(caseMistake);
	});
	return mistakes.map(m => ({...m, pattern: shown(m.pattern)}));
}

/** Upper case in the host part (module hosts are lower case), or a case-only mismatch with the module. */
function caseMistakeFor(pattern: string, target: string, modulePath: string): PatternMistake | undefined {
	const host = hostOf(target);
	const lowerHost = host.toLowerCase() + target.slice(host.length);
	if (host !== host.toLowerCase()) {
		const m: PatternMistake = {
			pattern,
			problem: 'upper-case',
			harmless: false,
			message: `${JSON.stringify(shown(pattern))} has upper case in the host; Go requires module paths to start with a lower-case host, so this entry never matches`,
		};
		if (!GO_SPACE.test(lowerHost)) m.suggestion = lowerHost;
		return m;
	}
	if (!globMatchesPrefix(target.toLowerCase(), modulePath.toLowerCase())) return undefined;
	const elements = (normalisedGlob(target).match(/\//g) ?? []).length + 1;
	const fixed = GLOB_META.test(target) ? undefined : firstElements(modulePath, elements);
	const m: PatternMistake = {
		pattern,
		problem: 'upper-case',
		harmless: false,
		message: `${JSON.stringify(shown(pattern))} differs from the module path "${modulePath}" only in upper/lower case; matching is case-sensitive`,
	};
	if (fixed !== undefined && globMatchesPrefix(fixed, modulePath)) m.suggestion = fixed;
	return m;
}

// Hosts shared by many unrelated owners: making the whole host private would also send every
// public module on it around the checksum database.
const SHARED_HOSTS = new Set(['gitlab.com', 'github.com', 'bitbucket.org']);

/** The smallest sensible pattern for the module: its host, or host/owner on a shared public host. */
export function privatePatternFor(modulePath: string): string {
	const host = hostOf(modulePath);
	if (SHARED_HOSTS.has(host)) return firstElements(modulePath, 2) ?? host;
	return host;
}

/**
 * A GOPRIVATE value that keeps every existing pattern (repairing a scheme or blanks in place,
 * dropping empty entries and duplicates) and, when the result still misses the module, appends the
 * smallest sensible pattern for it (normally its host).
 */
export function mergedPrivatePatterns(existing: string, modulePath: string): string {
	const kept: string[] = [];
	for (const entry of splitPatternList(existing)) {
		for (const repaired of repairedEntries(entry)) {
			if (!kept.includes(repaired)) kept.push(repaired);
		}
	}
	const merged = kept.join(',');
	if (checkImportPath(modulePath) !== undefined || matchPrefixPatterns(merged, modulePath)) return merged;
	const addition = privatePatternFor(modulePath);
	return merged === '' ? addition : `${merged},${addition}`;
}
