// How libcurl reads a `.netrc` into words, restated from curl/curl lib/netrc.c (file loading and the tokenizer of
// parsenetrc) in its two dialects (docs/curl.md §1): '7.88' reads line by line (Curl_get_line, 4 KiB lines, a `#`
// word ends the line), '8.16' loads one buffer (128 KiB cap, 4 KiB words, whole-line `#` comments dropped) whose
// quoted words may span lines. parseCurlNetrc gives a reader's view of the entries; which entry curl uses for a host
// is curl-netrc.ts, which replays these walkers with curl's per-host state machine. Pure.

export type CurlNetrcDialect = '7.88' | '8.16';
export type CurlNetrcOptions = {
	dialect?: CurlNetrcDialect;
	/** Windows builds open the file in text mode (FOPEN_READTEXT), which turns CRLF into LF. */
	windowsTextMode?: boolean;
};

export type CurlNetrcEntry = {machine: string | undefined /* undefined for `default` */; login?: string; password?: string; line: number};

export type CurlNetrcParse = {
	/** The file as a reader sees it: each machine/default block with the last login and password written in it. */
	entries: CurlNetrcEntry[];
	/** The first place curl's tokenizer gives up, if any (whether a given lookup reaches it depends on the host). */
	error?: {line: number; message: string};
	/** Lines curl never reads or reads surprisingly (long lines, NUL bytes, a byte-order mark). */
	notes: Array<{line: number; message: string}>;
	dialect: CurlNetrcDialect;
	/** The text as libcurl holds it after loading the file; the lookup replays curl's parser on it. */
	input: CurlInput;
};

type CurlLine = {text: string; line: number};
export type CurlInput = {lines: CurlLine[]; loadError?: {line: number; message: string}};
type Token = {value: string; line: number};
type Visitor = {
	/** Called after the word is tokenized; 'stop' ends the parse (curl's `done`). */
	token(token: Token): 'stop' | void;
	/** 7.88 skips whole lines while inside a macdef. */
	inMacdef(): boolean;
	/** A line (7.88) or word position (8.16) that ends a macdef was reached. */
	endMacdef(): void;
};

const MESSAGES = {
	unterminated788: 'unterminated quoted string: curl fails with ".netrc parser error"',
	unterminated816: 'unterminated quoted string: curl fails with ".netrc error: syntax error"',
	control816: 'a control character or a non-ASCII letter outside quotes: curl fails with ".netrc error: syntax error"',
	longWord816: 'a word longer than 4 KiB: curl fails with ".netrc error: syntax error"',
	bigFile816: 'the file holds more than 128 KiB besides comment lines: curl fails with ".netrc error: syntax error"',
	longLine788: 'longer than 4 KiB: curl 7.88 skips this line',
	nul788: 'contains a NUL byte: curl 7.88 skips this line and the next one',
	nul816: 'contains a NUL byte: curl reads this line only up to it',
	bom: 'the file starts with a UTF-8 byte-order mark: curl reads the first word with it attached, so that word is not a keyword',
} as const;

const LINE_LIMIT_788 = 4096; // netrcbuffer[4096]: a line and its newline must fit in 4095 bytes
const FILE_LIMIT_816 = 128 * 1024;
const WORD_LIMIT_816 = 4096;

function utf8Length(text: string): number {
	let bytes = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
			bytes += 4;
			index++;
		} else bytes += 3;
	}
	return bytes;
}

/** curl's strcasecompare: ASCII letters fold, everything else compares exactly. */
export function curlEqual(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) {
		let x = a.charCodeAt(index);
		let y = b.charCodeAt(index);
		if (x >= 0x41 && x <= 0x5a) x += 0x20;
		if (y >= 0x41 && y <= 0x5a) y += 0x20;
		if (x !== y) return false;
	}
	return true;
}

const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';
/** ISSPACE in curl 7.88: blank, \n, \v, \f, \r. */
const isSpace788 = (char: string | undefined): boolean => char === ' ' || char === '\t' || char === '\n' || char === '\v' || char === '\f' || char === '\r';

function rawLines(text: string, options: CurlNetrcOptions): string[] {
	const normalized = options.windowsTextMode ? text.replace(/\r\n/g, '\n') : text;
	const lines = normalized.split('\n');
	// A final newline leaves an empty remainder that is not a line.
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/** Curl_get_line in 7.88.1: whole lines that fit in 4095 bytes with their newline; a missing final newline is added. */
function load788(text: string, options: CurlNetrcOptions, notes: CurlNetrcParse['notes']): CurlInput {
	const lines: CurlLine[] = [];
	let discardNext = false;
	for (const [index, content] of rawLines(text, options).entries()) {
		const line = index + 1;
		if (content.includes('\u0000')) {
			// fgets keeps going past a NUL but strlen stops at it, so the line looks cut short ("partial"): curl drops
			// it and the next piece that ends with a newline. Inferred from the C code, not run.
			notes.push({line, message: MESSAGES.nul788});
			discardNext = true;
			continue;
		}
		if (utf8Length(content) + 1 > LINE_LIMIT_788 - 1) {
			notes.push({line, message: MESSAGES.longLine788});
			discardNext = false;
			continue;
		}
		if (discardNext) {
			discardNext = false;
			continue;
		}
		lines.push({text: content + '\n', line});
	}
	return {lines};
}

/** file2memory in curl ≥ 8.16: lines whose first non-blank is `#` are dropped; the rest must stay under 128 KiB. */
function load816(text: string, options: CurlNetrcOptions, notes: CurlNetrcParse['notes']): CurlInput {
	const lines: CurlLine[] = [];
	let total = 0;
	for (const [index, raw] of rawLines(text, options).entries()) {
		const line = index + 1;
		const nul = raw.indexOf('\u0000');
		// A NUL byte ends the C string: approximated as the end of the line (not run).
		if (nul >= 0) notes.push({line, message: MESSAGES.nul816});
		const content = nul >= 0 ? raw.slice(0, nul) : raw;
		let start = 0;
		while (isBlank(content[start])) start++;
		if (content[start] === '#') continue;
		const kept = content.slice(start) + '\n';
		total += utf8Length(kept);
		if (total + 1 > FILE_LIMIT_816) return {lines: [], loadError: {line, message: MESSAGES.bigFile816}};
		lines.push({text: kept, line});
	}
	return {lines};
}

/**
 * A quoted word, read from just after its opening `"` as both curl versions read it: \" \\ \n \r \t escapes (any
 * other escaped character stands for itself). `end` is just past the closing quote; undefined when it never closes.
 */
function readQuoted(text: string, start: number): {value: string; end: number} | undefined {
	let value = '';
	let escape = false;
	for (let end = start; end < text.length; end++) {
		let char = text[end]!;
		if (escape) {
			escape = false;
			if (char === 'n') char = '\n';
			else if (char === 'r') char = '\r';
			else if (char === 't') char = '\t';
		} else if (char === '\\') {
			escape = true;
			continue;
		} else if (char === '"') return {value, end: end + 1};
		value += char;
	}
	return undefined;
}

/** One line of curl 7.88.1's tokenizer: words up to a `#` word; quoted strings with \" \\ \n \r \t escapes. */
function tokenizeLine788(line: CurlLine): {tokens: Token[]; error?: boolean} {
	const tokens: Token[] = [];
	const text = line.text;
	let position = 0;
	for (;;) {
		while (isBlank(text[position])) position++;
		if (position >= text.length || text[position] === '#') return {tokens};
		if (text[position] === '"') {
			const quoted = readQuoted(text, position + 1);
			if (quoted === undefined) return {tokens, error: true};
			const end = quoted.end;
			tokens.push({value: quoted.value, line: line.line});
			// `tok = ++tok_end`: the byte right after the closing quote is skipped, whatever it is. When that is the
			// first byte of a non-ASCII letter, its remaining bytes start the next word, which then matches nothing.
			const garbled = text.charCodeAt(end) >= 0x80;
			position = end + 1;
			if (garbled) {
				let wordEnd = position;
				while (wordEnd < text.length && !isSpace788(text[wordEnd])) wordEnd++;
				tokens.push({value: '\uFFFD' + text.slice(position, wordEnd), line: line.line});
				position = wordEnd + 1;
			}
		} else {
			// A word ends at any ISSPACE; at "\r", "\n" or a blank before the newline this yields an empty word.
			let end = position;
			while (end < text.length && !isSpace788(text[end])) end++;
			tokens.push({value: text.slice(position, end), line: line.line});
			position = end + 1;
		}
	}
}

export function walk788(input: CurlInput, visitor: Visitor): {error?: {line: number; message: string}} {
	for (const line of input.lines) {
		if (visitor.inMacdef()) {
			if (line.text[0] === '\n' || line.text[0] === '\r') visitor.endMacdef();
			else continue;
		}
		const {tokens, error} = tokenizeLine788(line);
		for (const token of tokens) if (visitor.token(token) === 'stop') return {};
		if (error) return {error: {line: line.line, message: MESSAGES.unterminated788}};
	}
	return {};
}

/** curl ≥ 8.16's tokenizer over the loaded buffer (quoted strings may span lines). */
export function walk816(input: CurlInput, visitor: Visitor): {error?: {line: number; message: string}} {
	if (input.loadError) return {error: input.loadError};
	const buffer = input.lines.map(line => line.text).join('');
	const starts: number[] = [];
	let offset = 0;
	for (const line of input.lines) {
		starts.push(offset);
		offset += line.text.length;
	}
	const lineAt = (position: number): number => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (starts[middle]! <= position) low = middle;
			else high = middle - 1;
		}
		return input.lines[low]?.line ?? 1;
	};
	const fail = (position: number, message: string): {error: {line: number; message: string}} => ({error: {line: lineAt(position), message}});

	let lineStart = 0;
	for (;;) {
		let position = lineStart;
		for (;;) {
			while (isBlank(buffer[position])) position++;
			if (buffer[position] === '\n' || buffer[position] === '\r') visitor.endMacdef();
			if (position >= buffer.length || buffer[position] === '\n') break;
			const wordStart = position;
			let value = '';
			if (buffer[position] === '"') {
				const quoted = readQuoted(buffer, position + 1);
				if (quoted === undefined) return fail(wordStart, MESSAGES.unterminated816);
				value = quoted.value;
				position = quoted.end;
			} else {
				// `*tok_end > ' '` with a signed char (x86): control characters, spaces and every byte of a non-ASCII
				// letter end a word; a word of length zero is a syntax error.
				let end = position;
				while (end < buffer.length && buffer.charCodeAt(end) > 0x20 && buffer.charCodeAt(end) < 0x80) end++;
				if (end === position) return fail(wordStart, MESSAGES.control816);
				value = buffer.slice(position, end);
				position = end;
			}
			if (utf8Length(value) > WORD_LIMIT_816 - 1) return fail(wordStart, MESSAGES.longWord816);
			if (visitor.token({value, line: lineAt(wordStart)}) === 'stop') return {};
			// `tok = ++tok_end`: the byte after the word is skipped, a newline included. If it was the first byte of a
			// non-ASCII letter, the next word starts on a continuation byte: length zero, a syntax error.
			if (buffer.charCodeAt(position) >= 0x80) return fail(position, MESSAGES.control816);
			position++;
		}
		const newline = buffer.indexOf('\n', position);
		if (newline < 0) return {};
		lineStart = newline + 1;
	}
}

function walk(parse: Pick<CurlNetrcParse, 'dialect' | 'input'>, visitor: Visitor): {error?: {line: number; message: string}} {
	return parse.dialect === '7.88' ? walk788(parse.input, visitor) : walk816(parse.input, visitor);
}

/** The reader's view: keywords wherever they stand, last login/password of each block. */
function readEntries(parse: Pick<CurlNetrcParse, 'dialect' | 'input'>): {entries: CurlNetrcEntry[]; error?: {line: number; message: string}} {
	const entries: CurlNetrcEntry[] = [];
	let current: CurlNetrcEntry | undefined;
	let expect: 'machine' | 'login' | 'password' | undefined;
	let machineLine = 0;
	let inMacdef = false;
	const {error} = walk(parse, {
		inMacdef: () => inMacdef,
		endMacdef: () => {
			inMacdef = false;
		},
		token: ({value, line}) => {
			if (inMacdef) {
				if (value === '') inMacdef = false;
				return;
			}
			if (expect === 'machine') {
				current = {machine: value, line: machineLine};
				entries.push(current);
			} else if (expect === 'login' || expect === 'password') {
				if (current) current[expect] = value;
			} else if (curlEqual(value, 'machine')) {
				machineLine = line;
				expect = 'machine';
				return;
			} else if (curlEqual(value, 'default')) {
				current = {machine: undefined, line};
				entries.push(current);
			} else if (curlEqual(value, 'login')) {
				expect = 'login';
				return;
			} else if (curlEqual(value, 'password')) {
				expect = 'password';
				return;
			} else if (curlEqual(value, 'macdef')) inMacdef = true;
			expect = undefined;
		},
	});
	return error ? {entries, error} : {entries};
}

export function parseCurlNetrc(text: string, options: CurlNetrcOptions = {}): CurlNetrcParse {
	const dialect = options.dialect ?? '7.88';
	const notes: CurlNetrcParse['notes'] = [];
	if (text.startsWith('\uFEFF')) notes.push({line: 1, message: MESSAGES.bom});
	const input = dialect === '7.88' ? load788(text, options, notes) : load816(text, options, notes);
	const {entries, error} = readEntries({dialect, input});
	const parse: CurlNetrcParse = {entries, notes, dialect, input};
	if (error) parse.error = error;
	return parse;
}

