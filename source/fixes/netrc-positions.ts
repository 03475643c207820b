// A .netrc file with positions, for the edit (netrc-edit.ts): its lines with their endings, Go's entries with the
// spans of their login and password (the same loop as rules/go-netrc.ts parseGoNetrc), the blocks as their author
// wrote them (curl's reading: pairs across lines, `#` comments, quoted words), and the text with passwords masked for
// previews. Pure.
import {goNetrcKey, parseGoNetrc, type GoNetrcEntry} from '../rules/go-netrc.js';
import {isGoSpace} from '../rules/go-strings.js';

export type Span = {start: number; end: number};

// ---------------------------------------------------------------------------------------------------------------
// Lines

export type Line = {content: string; eol: '\r\n' | '\n' | ''; start: number};

/** Splits on "\n"; "\r\n" is kept as the line's ending. A final newline does not make an empty last line. */
export function splitLines(text: string): Line[] {
	const lines: Line[] = [];
	let start = 0;
	while (start < text.length) {
		const newline = text.indexOf('\n', start);
		if (newline < 0) {
			lines.push({content: text.slice(start), eol: '', start});
			break;
		}
		const crlf = newline > start && text[newline - 1] === '\r';
		lines.push({content: text.slice(start, crlf ? newline - 1 : newline), eol: crlf ? '\r\n' : '\n', start});
		start = newline + 1;
	}
	return lines;
}

export function joinLines(lines: ReadonlyArray<Pick<Line, 'content' | 'eol'>>): string {
	return lines.map(line => line.content + line.eol).join('');
}

/** The file's own line ending: CRLF when most lines end so. */
export function fileEol(text: string): '\r\n' | '\n' {
	const crlf = text.split('\r\n').length - 1;
	const all = text.split('\n').length - 1;
	return crlf > 0 && crlf >= all - crlf ? '\r\n' : '\n';
}

export function lineIndexAt(lines: Line[], offset: number): number {
	let low = 0;
	let high = lines.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (lines[middle]!.start <= offset) low = middle;
		else high = middle - 1;
	}
	return low;
}

// ---------------------------------------------------------------------------------------------------------------
// Go's reading, with positions (the same loop as parseGoNetrc, which stays the reference: see goEntriesWithSpans)

type Field = {text: string} & Span;

function goFieldsAt(text: string, start: number, end: number): Field[] {
	const fields: Field[] = [];
	let from = -1;
	for (let index = start; index < end; index++) {
		if (isGoSpace(text[index]!)) {
			if (from >= 0) fields.push({text: text.slice(from, index), start: from, end: index});
			from = -1;
		} else if (from < 0) from = index;
	}
	if (from >= 0) fields.push({text: text.slice(from, end), start: from, end});
	return fields;
}

export type GoSpanEntry = GoNetrcEntry & {loginSpan: Span; passwordSpan: Span};

/** Go's entries with where their login and password are, plus every value Go reads as a password. */
export function goEntriesWithSpans(text: string): {entries: GoSpanEntry[]; passwordSpans: Span[]} {
	const entries: GoSpanEntry[] = [];
	const passwordSpans: Span[] = [];
	// Go splits on "\n" only: "\r" stays in the line and is a space to strings.Fields.
	const pieces = text.split('\n');
	let offset = 0;
	let pending: {machine?: Field; login?: Field; password?: Field; line: number} = {line: 0};
	let inMacro = false;
	for (let index = 0; index < pieces.length; index++) {
		const piece = pieces[index]!;
		const start = offset;
		offset += piece.length + 1;
		if (inMacro) {
			if (piece === '' && index < pieces.length - 1) inMacro = false;
			continue;
		}
		const fields = goFieldsAt(text, start, start + piece.length);
		let pair = 0;
		for (; pair < fields.length - 1; pair += 2) {
			const word = fields[pair]!.text;
			const value = fields[pair + 1]!;
			if (word === 'machine') pending = {machine: value, line: index + 1};
			else if (word === 'login') pending.login = value;
			else if (word === 'password') {
				pending.password = value;
				passwordSpans.push(value);
			} else if (word === 'macdef') inMacro = true;
			if (pending.machine && pending.login && pending.password) {
				entries.push({
					machine: pending.machine.text,
					login: pending.login.text,
					password: pending.password.text,
					line: pending.line,
					loginSpan: pending.login,
					passwordSpan: pending.password,
				});
				pending = {line: 0};
			}
		}
		if (pair < fields.length && fields[pair]!.text === 'default') break;
	}
	return {entries, passwordSpans};
}

// ---------------------------------------------------------------------------------------------------------------
// The file as its author wrote it: keyword/value pairs across lines, `#` comments, quoted words (curl's reading)

export type NetrcBlock = {
	machine: string;
	/** 1-based line of `machine`. */
	line: number;
	login?: string;
	/** Every keyword and value of the entry: machine, its name, login, password, account. */
	tokens: Span[];
};

function readWord(text: string, from: number, end: number): number {
	if (text[from] === '"') {
		for (let index = from + 1; index < end; index++) {
			if (text[index] === '\\') index++;
			else if (text[index] === '"') return index + 1;
		}
		return end;
	}
	let index = from;
	while (index < end && !isGoSpace(text[index]!)) index++;
	return index;
}

/** The machine blocks as a reader sees them, and every word written as a password (for masking). */
export function netrcBlocks(text: string): {blocks: NetrcBlock[]; passwordSpans: Span[]} {
	const blocks: NetrcBlock[] = [];
	const passwordSpans: Span[] = [];
	let current: NetrcBlock | undefined;
	let expect: 'machine' | 'login' | 'password' | 'account' | 'macdef' | undefined;
	let inMacro = false;
	for (const [index, line] of splitLines(text).entries()) {
		if (inMacro) {
			if (line.content.trim() === '') inMacro = false;
			continue;
		}
		const end = line.start + line.content.length;
		let position = line.start;
		for (;;) {
			while (position < end && isGoSpace(text[position]!)) position++;
			if (position >= end) break;
			const wordEnd = readWord(text, position, end);
			const span: Span = {start: position, end: wordEnd};
			const word = text.slice(position, wordEnd);
			position = wordEnd;
			if (expect) {
				const kind = expect;
				expect = undefined;
				if (kind === 'macdef') {
					inMacro = true;
					break;
				}
				if (kind === 'password') passwordSpans.push(span);
				if (current) {
					current.tokens.push(span);
					if (kind === 'machine') current.machine = word;
					if (kind === 'login') current.login = word;
				}
				continue;
			}
			if (word.startsWith('#')) break;
			const keyword = word.toLowerCase();
			if (keyword === 'machine') {
				current = {machine: '', line: index + 1, tokens: [span]};
				blocks.push(current);
				expect = 'machine';
			} else if (keyword === 'login' || keyword === 'password' || keyword === 'account') {
				current?.tokens.push(span);
				expect = keyword;
			} else if (keyword === 'default' || keyword === 'macdef') {
				current = undefined;
				if (keyword === 'macdef') expect = 'macdef';
			}
		}
	}
	return {blocks, passwordSpans};
}

/** Whether a machine name is meant for `host`: the same key for Go, or the same up to letter case. */
export function blockMeansHost(machine: string, host: string): boolean {
	return goNetrcKey(machine).toLowerCase() === host.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Masking for previews

/** The text with every password value (as Go or as a reader sees it) replaced by `****`. */
export function maskNetrcPasswords(text: string): string {
	const spans = [...goEntriesWithSpans(text).passwordSpans, ...netrcBlocks(text).passwordSpans].sort((a, b) => a.start - b.start);
	let result = '';
	let at = 0;
	for (const span of spans) {
		if (span.end <= at) continue;
		result += text.slice(at, Math.max(at, span.start)) + '****';
		at = span.end;
	}
	return result + text.slice(at);
}
