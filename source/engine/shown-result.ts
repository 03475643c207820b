// A check's result as it may be shown: every string from outside with its control characters escaped and very
// long text cut (output/terminal-text.ts). Fix `actions` are what the tool does, not what it shows: left as they
// are. A result that needs nothing escaped is returned as the same object, so the TUI does not redraw its row.
import {shownLine, shownText, shownTextLimit, shownValue, hasControlCharacters} from '../output/terminal-text.js';
import type {CheckResult, Fix, RunResult} from './types.js';

function needsShowing(value: unknown): boolean {
	if (typeof value === 'string') return value.length > shownTextLimit || hasControlCharacters(value);
	if (Array.isArray(value)) return value.some(needsShowing);
	if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => needsShowing(key) || needsShowing(item));
	return false;
}

export function shownFix(fix: Fix): Fix {
	return {
		...fix,
		title: shownLine(fix.title),
		commands: fix.commands.map(command => shownText(command)),
		...(fix.link === undefined ? {} : {link: shownLine(fix.link)}),
	};
}

export function shownResult(result: CheckResult): CheckResult {
	const {title, summary, details, evidence, fixes} = result;
	const fixText = fixes.map(fix => [fix.title, fix.commands, fix.link]);
	const oneLine = [title, summary, ...fixes.flatMap(fix => [fix.title, fix.link ?? ''])].some(text => text.includes('\n'));
	if (!oneLine && !needsShowing([title, summary, details, evidence, fixText])) return result;
	return {
		...result,
		title: shownLine(title),
		summary: shownLine(summary),
		details: details.map(detail => shownText(detail)),
		evidence: shownValue(evidence),
		fixes: fixes.map(shownFix),
	};
}

export function shownRun(result: RunResult): RunResult {
	const checks = result.checks.map(shownResult);
	const same = checks.every((check, index) => check === result.checks[index]) && !needsShowing([result.module, result.host]);
	return same ? result : {...result, module: shownText(result.module), host: shownText(result.host), checks};
}
