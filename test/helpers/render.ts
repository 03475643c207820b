// Renders an Ink tree with ink-testing-library for TUI tests. `lastFrame()` FAILS on an empty frame
// (as Gemini CLI's helper does), so a test can never pass on a blank screen; keys go in through
// stdin.write; the width can be changed after the first frame, the way a terminal resize does it.
import {stripVTControlCharacters} from 'node:util';
import {render as inkRender} from 'ink-testing-library';
import type {ReactElement} from 'react';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
	pageDown: '\u001B[6~',
} as const;

export type Rendered = {
	/** The last frame without escape codes; throws when there is none or it is blank. */
	lastFrame(): string;
	/** The last frame as written, colours included; throws when blank. */
	lastRawFrame(): string;
	/** Every frame written so far, as written. */
	frames: string[];
	/** Waits until the last frame matches; throws with the last frame when it does not in time. */
	waitFor(match: RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	/** Types each string (a key or text) and lets Ink handle it before the next. */
	press(...input: string[]): Promise<void>;
	/** What a terminal resize does: new size, then the 'resize' event. */
	resize(columns: number, rows?: number): void;
	unmount(): void;
};

const tick = () => new Promise(resolve => setTimeout(resolve, 5));

export function render(tree: ReactElement, size: {columns?: number; rows?: number} = {}): Rendered {
	const instance = inkRender(tree);
	const resize = (columns: number, rows?: number) => {
		Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true});
		instance.stdout.emit('resize');
	};
	if (size.columns !== undefined || size.rows !== undefined) resize(size.columns ?? 100, size.rows);
	const raw = (): string => {
		const frame = instance.lastFrame();
		if (frame === undefined || stripVTControlCharacters(frame).trim() === '') {
			throw new Error(`empty frame: the TUI drew nothing (${instance.frames.length} frames written)`);
		}
		return frame;
	};
	const rendered: Rendered = {
		lastFrame: () => stripVTControlCharacters(raw()),
		lastRawFrame: raw,
		frames: instance.frames,
		async waitFor(match, timeoutMs = 3000) {
			const test = typeof match === 'function' ? match : (frame: string) => match.test(frame);
			const deadline = Date.now() + timeoutMs;
			let last = '';
			for (;;) {
				const frame = instance.lastFrame();
				last = frame === undefined ? '' : stripVTControlCharacters(frame);
				if (last.trim() !== '' && test(last)) return last;
				if (Date.now() > deadline) throw new Error(`the frame never matched ${String(match)} within ${timeoutMs} ms; last frame:\n${last}`);
				await tick();
			}
		},
		async press(...input) {
			for (const text of input) {
				instance.stdin.write(text);
				await tick();
			}
		},
		resize,
		unmount: () => instance.unmount(),
	};
	return rendered;
}
