// Colour for the plain renderer: NO_COLOR turns it off, FORCE_COLOR turns it on, otherwise
// only a real terminal outside CI gets it (a CI log viewer may not render it: colour there only when forced) (https://no-color.org, and FORCE_COLOR as chalk reads it).
import {ciRunner} from '../rules/run-environment.js';
import type {Environment} from '../system/types.js';
import type {StatusStyle} from './status-style.js';

export type Paint = {
	enabled: boolean;
	color(name: StatusStyle['color'], text: string): string;
	bold(text: string): string;
	dim(text: string): string;
};

const codes: Record<StatusStyle['color'], [number, number]> = {
	green: [32, 39],
	yellow: [33, 39],
	red: [31, 39],
	gray: [90, 39],
};

export function colorEnabled(env: Environment, isTTY: boolean): boolean {
	const force = env['FORCE_COLOR'];
	if (force !== undefined) return force !== '0' && force !== 'false';
	if (env['NO_COLOR']) return false;
	if (ciRunner(env) !== undefined) return false;
	return isTTY && env['TERM'] !== 'dumb';
}

export function createPaint(enabled: boolean): Paint {
	const wrap = (open: number, close: number, text: string) => (enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text);
	return {
		enabled,
		color: (name, text) => wrap(codes[name][0], codes[name][1], text),
		bold: text => wrap(1, 22, text),
		dim: text => wrap(2, 22, text),
	};
}
