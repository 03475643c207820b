// The plain renderer: one line per check in dependency order, the why and the fix under each
// check that warns or fails, then a tally. Readable without colour; never imports Ink.
import {onlyUnreachable} from '../engine/diagnose.js';
import type {Redactor} from '../engine/redact.js';
import type {CheckResult, RunResult} from '../engine/types.js';
import type {Paint} from './color.js';
import {shownRun} from '../engine/shown-result.js';
import wrapAnsi from 'wrap-ansi';
import {statusStyles, tally, type Stopped} from './status-style.js';

/** `width`: wrap the tool's own prose to this many columns, indentation kept (a CI log, a file, a pipe); commands
 * and links are never wrapped, so they stay one line to copy. Absent: one line per item, as a terminal wraps it. */
export type PlainOptions = {verbose: boolean; paint: Paint; stopped?: Stopped | undefined; width?: number | undefined};

/** The width plain output wraps to when it is not written to a terminal, or in CI. */
export const logWidth = 100;

export function renderCheckLine(check: CheckResult, titleWidth: number, paint: Paint, width?: number): string {
	const style = statusStyles[check.status];
	const badge = paint.color(style.color, `${style.glyph} ${style.label.padEnd(4)}`);
	// The summary's continuation lines start under the summary (badge 6, two spaces, the title column, two spaces).
	const summaryColumn = 6 + 2 + titleWidth + 2;
	const head = `${badge}  ${check.title.padEnd(titleWidth)}  `;
	if (width === undefined || width - summaryColumn < 30) return `${head}${check.summary}`;
	const [first = '', ...rest] = wrapText(check.summary, width - summaryColumn);
	return [`${head}${first}`, ...rest.map(line => `${' '.repeat(summaryColumn)}${line}`)].join('\n');
}

/** Text wrapped at spaces to `columns` (ANSI colours count for nothing); a word longer than that stays whole. */
function wrapText(text: string, columns: number): string[] {
	return wrapAnsi(text, columns, {hard: false, trim: true}).split('\n');
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
	const width = options.width;
	for (const detail of check.details) lines.push(...indent(detail, 6, width));
	const evidence = Object.entries(check.evidence);
	if (evidence.length > 0 && (options.verbose || check.status !== 'pass')) {
		lines.push(paint.dim('      evidence:'));
		for (const [key, value] of evidence) lines.push(...indent(`${key}: ${formatValue(value)}`, 8, width).map(line => paint.dim(line)));
	}
	for (const fix of check.fixes) {
		const key = fixKey(fix);
		const earlier = printed.get(key);
		if (earlier !== undefined) {
			lines.push(`      ${paint.bold('Fix:')} the same as under "${earlier}" above`);
			continue;
		}
		printed.set(key, check.title);
		const [first = '', ...rest] = width === undefined ? [fix.title] : wrapText(fix.title, width - 11);
		lines.push(`      ${paint.bold('Fix:')} ${first}`, ...rest.map(line => `${' '.repeat(11)}${line}`));
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
	// Masked before wrapping too: a secret with a space in it could otherwise be split over two lines and missed.
	const result = redactor.redactValue(shownRun(unsafeResult));
	const titleWidth = Math.max(...result.checks.map(check => check.title.length));
	const lines = [`${options.paint.bold('gitlab-go-check')} ${result.module} (host ${result.host})`, ''];
	const printed: PrintedFixes = new Map();
	for (const check of result.checks) {
		lines.push(renderCheckLine(check, titleWidth, options.paint, options.width));
		lines.push(...renderCheckBody(check, options, printed));
	}
	// The verdict stays one line, whatever the width: the last line of a log is what people and scripts read.
	lines.push('', renderTally(result, options.stopped));
	return redactor.redact(`${lines.join('\n')}\n`);
}

function indent(text: string, spaces: number, width?: number): string[] {
	return text.split('\n').flatMap(line => {
		// A line's own leading spaces (a quoted go error, a list) are kept on each of its wrapped lines.
		const own = /^ */.exec(line)![0].length;
		const pad = ' '.repeat(spaces + own);
		if (width === undefined || width - pad.length < 30) return [`${' '.repeat(spaces)}${line}`];
		return wrapText(line.slice(own), width - pad.length).map(part => `${pad}${part}`);
	});
}

function formatValue(value: unknown): string {
	if (typeof value === 'string') return value;
	return JSON.stringify(value);
}
