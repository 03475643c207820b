// A unified diff of two small texts (config files), for previews: what a fix will change, line by line.
import {splitLines} from './netrc-positions.js';

type Op = {kind: ' ' | '-' | '+'; text: string; lastWithoutNewline: boolean};

/** Line-level edit script: common prefix and suffix, then a longest common subsequence of the middle. */
function diffLines(a: string[], b: string[]): Array<{kind: ' ' | '-' | '+'; a?: number; b?: number}> {
	let prefix = 0;
	while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
	let suffix = 0;
	while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
	const middleA = a.slice(prefix, a.length - suffix);
	const middleB = b.slice(prefix, b.length - suffix);
	const script: Array<{kind: ' ' | '-' | '+'; a?: number; b?: number}> = [];
	for (let index = 0; index < prefix; index++) script.push({kind: ' ', a: index, b: index});
	if (middleA.length * middleB.length > 4_000_000) {
		// Too large to align: show the middle as removed, then added.
		middleA.forEach((_, index) => script.push({kind: '-', a: prefix + index}));
		middleB.forEach((_, index) => script.push({kind: '+', b: prefix + index}));
	} else {
		const rows = middleA.length + 1;
		const columns = middleB.length + 1;
		const lengths = new Uint32Array(rows * columns);
		for (let i = middleA.length - 1; i >= 0; i--) {
			for (let j = middleB.length - 1; j >= 0; j--) {
				lengths[i * columns + j] = middleA[i] === middleB[j] ? lengths[(i + 1) * columns + j + 1]! + 1 : Math.max(lengths[(i + 1) * columns + j]!, lengths[i * columns + j + 1]!);
			}
		}
		let i = 0;
		let j = 0;
		while (i < middleA.length || j < middleB.length) {
			if (i < middleA.length && j < middleB.length && middleA[i] === middleB[j]) {
				script.push({kind: ' ', a: prefix + i++, b: prefix + j++});
			} else if (i < middleA.length && (j === middleB.length || lengths[(i + 1) * columns + j]! >= lengths[i * columns + j + 1]!)) {
				script.push({kind: '-', a: prefix + i++});
			} else script.push({kind: '+', b: prefix + j++});
		}
	}
	for (let index = 0; index < suffix; index++) script.push({kind: ' ', a: a.length - suffix + index, b: b.length - suffix + index});
	return script;
}

/**
 * `--- oldLabel` / `+++ newLabel` and hunks with `context` lines around each change. Lines are shown without their
 * "\r"; a last line without a newline is marked as diff marks it. Empty string when the texts are equal.
 * `shown` gives the texts to display (the same lines, masked): lines are compared as they really are, so a changed
 * secret still shows as a changed line.
 */
export function unifiedDiff(oldText: string, newText: string, labels: {old: string; new: string}, options: {context?: number; shown?: {old: string; new: string}} = {}): string {
	if (oldText === newText) return '';
	const context = options.context ?? 3;
	const oldLines = splitLines(oldText);
	const newLines = splitLines(newText);
	const oldShown = options.shown ? splitLines(options.shown.old) : oldLines;
	const newShown = options.shown ? splitLines(options.shown.new) : newLines;
	if (oldShown.length !== oldLines.length || newShown.length !== newLines.length) throw new Error('the shown texts must have the same lines');
	// Compare whole lines with their endings, so a changed line ending shows as a change.
	const script = diffLines(
		oldLines.map(line => line.content + line.eol),
		newLines.map(line => line.content + line.eol),
	);
	const ops: Array<Op & {a?: number; b?: number}> = script.map(step => {
		const line = step.kind === '+' ? newShown[step.b!]! : oldShown[step.a!]!;
		return {...step, text: line.content, lastWithoutNewline: line.eol === ''};
	});
	const out = [`--- ${labels.old}`, `+++ ${labels.new}`];
	let index = 0;
	while (index < ops.length) {
		if (ops[index]!.kind === ' ') {
			index++;
			continue;
		}
		const start = Math.max(0, index - context);
		let end = index;
		// Extend the hunk while the next change is within 2 × context lines.
		for (;;) {
			while (end < ops.length && ops[end]!.kind !== ' ') end++;
			let next = end;
			while (next < ops.length && ops[next]!.kind === ' ') next++;
			if (next < ops.length && next - end <= 2 * context) end = next;
			else break;
		}
		const stop = Math.min(ops.length, end + context);
		const hunk = ops.slice(start, stop);
		const oldStart = firstNumber(ops, start, 'a');
		const newStart = firstNumber(ops, start, 'b');
		const oldCount = hunk.filter(op => op.kind !== '+').length;
		const newCount = hunk.filter(op => op.kind !== '-').length;
		out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
		for (const op of hunk) {
			out.push(`${op.kind}${op.text}`);
			if (op.lastWithoutNewline) out.push('\\ No newline at end of file');
		}
		index = stop;
	}
	return out.join('\n');
}

/** 1-based first line of a hunk on one side (for an empty side: the line before, as diff does). */
function firstNumber(ops: Array<{a?: number; b?: number}>, from: number, side: 'a' | 'b'): number {
	for (let index = from; index < ops.length; index++) {
		const value = ops[index]![side];
		if (value !== undefined) return value + 1;
	}
	for (let index = from - 1; index >= 0; index--) {
		const value = ops[index]![side];
		if (value !== undefined) return value + 2;
	}
	return 1;
}

function range(start: number, count: number): string {
	if (count === 0) return `${start - 1},0`;
	return count === 1 ? `${start}` : `${start},${count}`;
}
