// Words and numbers the TUI prints, computed apart from any component so they can be tested alone.
import type {CheckId, CheckResult} from '../engine/types.js';
import {statusStyles} from '../output/status-style.js';
import type {StepView} from './run-state.js';

/** 850 ms, 1.2 s, 14 s: short enough for a 60-column row. */
export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
	const seconds = ms / 1000;
	return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

/** What a running step shows: what it waits for, and how long of how long, once a second has passed. */
export function runningText(step: Pick<StepView, 'waitingFor' | 'limitMs' | 'local'>, elapsedMs: number, host: string | undefined): string {
	const target = step.waitingFor ?? (step.local ? undefined : host);
	const what = target ? `waiting for ${target}` : 'running';
	if (elapsedMs < 1000) return `${what}…`;
	return `${what}, ${Math.floor(elapsedMs / 1000)} s of ${Math.round(step.limitMs / 1000)}`;
}

/** "blocked by .netrc credentials (fail)": the step that stopped this one, by its title and state. */
export function blockedText(result: CheckResult, titleOf: (id: CheckId) => string, statusOf: (id: CheckId) => CheckResult['status'] | undefined): string {
	const names = result.blockedBy.map(id => {
		const status = statusOf(id);
		return status ? `${titleOf(id)} (${statusStyles[status].label})` : titleOf(id);
	});
	return `blocked by ${names.join(', ')}`;
}

/** One line of evidence: strings as they are, lists one item a line, anything else as compact JSON. */
export function evidenceLines(key: string, value: unknown): string[] {
	if (typeof value === 'string') return [`${key}: ${value}`];
	if (Array.isArray(value) && value.every(item => typeof item === 'string')) return [`${key}:`, ...value.map(item => `  ${item}`)];
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		return [`${key}:`, ...Object.entries(value).map(([inner, item]) => `  ${inner}: ${typeof item === 'string' ? item : JSON.stringify(item)}`)];
	}
	return [`${key}: ${JSON.stringify(value)}`];
}
