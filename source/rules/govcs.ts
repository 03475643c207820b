// GOVCS: which version control tools Go may use for a module (docs/go.md §3.6 [docs/sources.md §G17];
// cmd/go/internal/vcs/vcs.go parseGOVCS and govcsConfig.allow). Pure.
import {matchPrefixPatterns} from './private-patterns.js';

export type GovcsRule = {pattern: string; allowed: string[]};

/** Appended after the user's rules: private modules may use any tool, public ones git or hg. */
export const defaultGovcs: GovcsRule[] = [
	{pattern: 'private', allowed: ['all']},
	{pattern: 'public', allowed: ['git', 'hg']},
];

/** parseGOVCS: comma-separated `pattern:vcs|vcs` entries, each trimmed; Go's own error texts. */
export function parseGovcs(value: string): {rules: GovcsRule[]; error?: string} {
	const text = value.trim();
	if (text === '') return {rules: []};
	const rules: GovcsRule[] = [];
	const seen = new Map<string, string>();
	for (const raw of text.split(',')) {
		const item = raw.trim();
		if (item === '') return {rules: [], error: 'empty entry in GOVCS'};
		const colon = item.indexOf(':');
		if (colon < 0) return {rules: [], error: `malformed entry in GOVCS (missing colon): "${item}"`};
		const pattern = item.slice(0, colon).trim();
		const list = item.slice(colon + 1).trim();
		if (pattern === '') return {rules: [], error: `empty pattern in GOVCS: "${item}"`};
		if (list === '') return {rules: [], error: `empty VCS list in GOVCS: "${item}"`};
		if (pattern === '.' || pattern === '..' || pattern.startsWith('./') || pattern.startsWith('../')) {
			return {rules: [], error: `relative pattern not allowed in GOVCS: "${pattern}"`};
		}
		const earlier = seen.get(pattern);
		if (earlier !== undefined) return {rules: [], error: `unreachable pattern in GOVCS: "${item}" after "${earlier}"`};
		seen.set(pattern, item);
		const allowed = list.split('|').map(name => name.trim());
		if (allowed.some(name => name === '')) return {rules: [], error: `empty VCS name in GOVCS: "${item}"`};
		rules.push({pattern, allowed});
	}
	return {rules};
}

export type GovcsDecision = {allowed: boolean; rule?: GovcsRule; fromDefault: boolean; error?: string};

/** govcsConfig.allow: the first rule whose pattern matches decides; `private` means GOPRIVATE matches. */
export function govcsAllows(govcs: string, goprivate: string, repoRoot: string, vcs: string): GovcsDecision {
	const parsed = parseGovcs(govcs);
	if (parsed.error) return {allowed: false, fromDefault: false, error: `invalid GOVCS: ${parsed.error}`};
	const isPrivate = matchPrefixPatterns(goprivate, repoRoot);
	const rules = [...parsed.rules, ...defaultGovcs];
	for (const [index, rule] of rules.entries()) {
		const matches = rule.pattern === 'private' ? isPrivate : rule.pattern === 'public' ? !isPrivate : matchPrefixPatterns(rule.pattern, repoRoot);
		if (!matches) continue;
		return {allowed: rule.allowed.some(name => name === vcs || name === 'all'), rule, fromDefault: index >= parsed.rules.length};
	}
	return {allowed: false, fromDefault: true};
}

/** Go's error text when a tool is not allowed. */
export function govcsError(goprivate: string, repoRoot: string, vcs: string): string {
	return `GOVCS disallows using ${vcs} for ${matchPrefixPatterns(goprivate, repoRoot) ? 'private' : 'public'} ${repoRoot}; see 'go help vcs'`;
}

/** The user's GOVCS with `vcs` allowed by the rule that refused it (kept in place, so no rule moves). */
export function govcsAllowing(govcs: string, refusing: GovcsRule, vcs: string): string {
	return parseGovcs(govcs)
		.rules.map(rule => (rule.pattern === refusing.pattern ? {...rule, allowed: [...rule.allowed.filter(name => name !== 'off'), vcs]} : rule))
		.map(rule => `${rule.pattern}:${rule.allowed.join('|')}`)
		.join(',');
}
