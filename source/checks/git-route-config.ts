// The git-route check's reading of git's configuration: the insteadOf and includeIf records git lists, the file and
// line a rule is written at, and how to name where a rule comes from (docs/git.md §1).
import type {GitRouteRule} from '../engine/check-data.js';
import type {CheckContext} from '../engine/types.js';
import {parseConfigZ, type ConfigRecord, type InsteadOfRule} from '../rules/insteadof.js';
import {lastErrorLine, type GoLikeRepo} from './go-like-git.js';
import {readTextFile} from './read-text.js';

export function fileOfOrigin(origin: string): string | undefined {
	return origin.startsWith('file:') ? origin.slice('file:'.length) : undefined;
}

/** git's value syntax, enough to compare: quotes removed, `\x` escapes read, comments (`#`, `;`) outside quotes dropped. */
function configValue(text: string): string {
	let value = '';
	let quoted = false;
	let pendingSpace = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (c === '\\' && i + 1 < text.length) {
			const next = text[++i]!;
			value += pendingSpace + ({n: '\n', t: '\t', b: '\b'}[next] ?? next);
			pendingSpace = '';
		} else if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '#' || c === ';')) break;
		else if (!quoted && /\s/.test(c)) pendingSpace += value === '' ? '' : c;
		else {
			value += pendingSpace + c;
			pendingSpace = '';
		}
	}
	return value;
}

/** The line of `insteadOf = <value>` under `[url "<base>"]` in a config file's text. */
export function findRuleLine(text: string, base: string, insteadOf: string): number | undefined {
	let inSection = false;
	const found: Array<{line: number; value: string | undefined}> = [];
	text.split(/\r?\n/).forEach((raw, index) => {
		let line = raw.trim();
		const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
		if (header) {
			const section = header[1]!.toLowerCase();
			const subsection = header[2]?.replace(/\\(.)/g, '$1');
			// The old `[url.base]` form lower-cases the subsection, as git does.
			inSection = (section === 'url' && subsection === base) || (subsection === undefined && section === `url.${base.toLowerCase()}`);
			line = header[3]!.trim();
			if (line === '') return;
		}
		if (!inSection) return;
		const entry = /^insteadof\s*(?:=(.*))?$/i.exec(line);
		if (entry) found.push({line: index + 1, value: entry[1] === undefined ? undefined : configValue(entry[1])});
	});
	return (found.find(entry => entry.value === insteadOf) ?? (found.length === 1 ? found[0] : undefined))?.line;
}

/** The rule with the file and line it is written at, when it comes from a file this process can read. */
export async function locateRule(context: CheckContext, rule: InsteadOfRule): Promise<GitRouteRule> {
	const located: GitRouteRule = {base: rule.base, insteadOf: rule.insteadOf, scope: rule.scope, origin: rule.origin};
	const file = fileOfOrigin(rule.origin);
	if (file === undefined) return located;
	located.file = file;
	const text = await readTextFile(context.system, file);
	if (text.kind === 'text') {
		const line = findRuleLine(text.text, rule.base, rule.insteadOf);
		if (line !== undefined) located.line = line;
	}
	return located;
}

/** Where a rule is written, in words: `file:line (scope config)`, the command line / environment, or git's origin. */
export function whereRule(rule: {scope: string; origin: string; file?: string; line?: number}): string {
	if (rule.file !== undefined) return `${rule.file}${rule.line !== undefined ? `:${rule.line}` : ''} (${rule.scope || 'unknown'} config)`;
	if (rule.origin.startsWith('command line')) return 'the command line or GIT_CONFIG_COUNT/GIT_CONFIG_KEY_<n> in the environment (Go\'s git inherits it)';
	return rule.origin || rule.scope;
}

/** The stderr line `fatal: bad config variable 'K' in file 'F' at line N`, when git gives it. */
export function badConfigPlace(stderr: string): {file: string; line: number} | undefined {
	const match = /in file '([^']*)' at line (\d+)/.exec(stderr);
	return match ? {file: match[1]!, line: Number(match[2])} : undefined;
}

/** git's insteadOf and includeIf records with scope and origin, as the repository Go uses sees them: the records
 * `git config --get-regexp '^(url\\..*\\.insteadof|includeif\\..*\\.path)$'` would list, from the repository's one
 * listing (git matches that pattern against the same keys --list prints; its '.' matches any character: the s flag). */
export async function listConfig(repo: GoLikeRepo): Promise<{records: ConfigRecord[]; note?: string}> {
	const config = await repo.config();
	if (config.scopedFailure) {
		return {records: [], note: `git could not list its insteadOf rules (${lastErrorLine(config.scopedFailure)}); --show-scope needs git 2.26 or later. The URL below is still git's own answer.`};
	}
	return {records: config.records.filter(record => /^(url\..*\.insteadof|includeif\..*\.path)$/s.test(record.key))};
}
