// The plain renderer: one line per check in dependency order, the why and the fix under each
// check that warns or fails, then a tally. Readable without colour; never imports Ink.
import {onlyUnreachable} from '../engine/diagnose.js';
import type {Redactor} from '../engine/redact.js';
import type {CheckResult, RunResult} from '../engine/types.js';
import type {Paint} from './color.js';
import {shownRun} from '../engine/shown-result.js';
import {statusStyles, tally, type Stopped} from './status-style.js';

export type PlainOptions = {verbose: boolean; paint: Paint; stopped?: Stopped | undefined};

export function renderCheckLine(check: CheckResult, titleWidth: number, paint: Paint): string {
	const style = statusStyles[check.status];
	const badge = paint.color(style.color, `${style.glyph} ${style.label.padEnd(4)}`);
	return `${badge}  ${check.title.padEnd(titleWidth)}  ${check.summary}`;
}

/** Fixes already printed in this output, by content, with the title of the check that printed them: in a CI log
 * the same fix (the netrc entry) would otherwise come under every check that meets its cause. */
export type PrintedFixes = Map<string, string>;

function fixKey(fix: CheckResult['fixes'][number]): string {
	return JSON.stringify([fix.title, fix.commands, fix.link ?? '']);
}

export function renderCheckBody(check: CheckResult, options: PlainOptions, printed: PrintedFixes = new Map()): string[] {
	const {paint} = options;
	const explain = check.status === 'fail' || check.status === 'warn' || options.verbose;
	if (!explain) return [];
	const lines: string[] = [];
	for (const detail of check.details) lines.push(...indent(detail, 6));
	const evidence = Object.entries(check.evidence);
	if (evidence.length > 0 && (options.verbose || check.status !== 'pass')) {
		lines.push(paint.dim('      evidence:'));
		for (const [key, value] of evidence) lines.push(...indent(`${key}: ${formatValue(value)}`, 8).map(line => paint.dim(line)));
	}
	for (const fix of check.fixes) {
		const key = fixKey(fix);
		const earlier = printed.get(key);
		if (earlier !== undefined) {
			lines.push(`      ${paint.bold('Fix:')} the same as under "${earlier}" above`);
			continue;
		}
		printed.set(key, check.title);
		lines.push(`      ${paint.bold('Fix:')} ${fix.title}`);
		for (const command of fix.commands) lines.push(`        $ ${command}`);
		if (fix.link) lines.push(`        ${fix.link}`);
	}
	return lines;
}

export function renderTally(result: RunResult, stopped?: Stopped): string {
	const counts = tally(result.checks.map(check => check.status));
	const parts = [
		`${counts.pass} passed`,
		`${counts.warn} ${counts.warn === 1 ? 'warning' : 'warnings'}`,
		`${counts.fail} failed`,
		`${counts.skip} skipped`,
	];
	return `${verdictSentence(result, stopped)} (${parts.join(', ')})`;
}

function verdictSentence(result: RunResult, stopped: Stopped | undefined): string {
	// A run that did not finish has not found that nothing is wrong: it says so, whatever the steps it finished say.
	if (stopped === 'interrupted') return `Interrupted: the run for ${result.module} stopped before every step finished, so this is not a verdict`;
	if (stopped === 'deadline') return `Stopped at the run's deadline: the steps that did not finish for ${result.module} are unknown`;
	switch (result.verdict) {
		case 'pass':
			return `No problems found for ${result.module}`;
		case 'warn':
			return `No failing step for ${result.module}, but see the warnings`;
		case 'fail':
			return onlyUnreachable(result)
				? `cannot check ${result.module} now: ${result.host} cannot be reached (go get would fail too, for the same reason)`
				: `go get ${result.module} will fail: see the failing steps above`;
	}
}

export function renderPlain(unsafeResult: RunResult, redactor: Redactor, options: PlainOptions): string {
	// The last guard before the terminal: the engine escaped the results already, this catches anything that did
	// not come through it. Escaped before painting, so the colours are the only control sequences printed.
	const result = shownRun(unsafeResult);
	const titleWidth = Math.max(...result.checks.map(check => check.title.length));
	const lines = [`${options.paint.bold('gitlab-go-check')} ${result.module} (host ${result.host})`, ''];
	const printed: PrintedFixes = new Map();
	for (const check of result.checks) {
		lines.push(renderCheckLine(check, titleWidth, options.paint));
		lines.push(...renderCheckBody(check, options, printed));
	}
	lines.push('', renderTally(result, options.stopped));
	return redactor.redact(`${lines.join('\n')}\n`);
}

function indent(text: string, spaces: number): string[] {
	return text.split('\n').map(line => `${' '.repeat(spaces)}${line}`);
}

function formatValue(value: unknown): string {
	if (typeof value === 'string') return value;
	return JSON.stringify(value);
}
