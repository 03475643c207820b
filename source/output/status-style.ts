// The one map from a status to how it shows: glyph, colour and label. Every renderer uses it,
// and the word is always printed, so nothing depends on colour alone.
import type {Status} from '../engine/types.js';

export type StatusStyle = {glyph: string; color: 'green' | 'yellow' | 'red' | 'gray'; label: string};

export const statusStyles: Record<Status, StatusStyle> = {
	pass: {glyph: '✓', color: 'green', label: 'pass'},
	warn: {glyph: '!', color: 'yellow', label: 'warn'},
	fail: {glyph: '✗', color: 'red', label: 'fail'},
	skip: {glyph: '-', color: 'gray', label: 'skip'},
};

export function tally(statuses: Iterable<Status>): Record<Status, number> {
	const counts: Record<Status, number> = {pass: 0, warn: 0, fail: 0, skip: 0};
	for (const status of statuses) counts[status]++;
	return counts;
}

/** Why a run ended before every step finished: Ctrl-C, or the run's deadline (engine/run-deadline.ts). */
export type Stopped = 'interrupted' | 'deadline';
