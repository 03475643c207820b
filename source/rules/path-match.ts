// Go's `path.Match`, byte for byte (src/path/match.go, Go 1.16+ behaviour: a pattern that fails to
// match is still checked to the end, so a malformed pattern reports ErrBadPattern).
// Go strings are UTF-8 bytes, so both arguments are matched as UTF-8: `?` and `[...]` consume one
// rune, a literal consumes one byte, exactly as Go does.

import {decodeRune} from './go-strings.js';

export type PathMatchResult = {matched: boolean; badPattern: boolean};

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const RUNE_ERROR = 0xfffd;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);
const BAD: PathMatchResult = {matched: false, badPattern: true};

/** Reports whether `name` matches the shell pattern, as Go's `path.Match` does. Never throws. */
export function pathMatch(pattern: string, name: string): PathMatchResult {
	return matchBytes(encoder.encode(pattern), encoder.encode(name));
}

/** Whether Go's `path.Match` would reject the pattern as malformed (whatever the name). */
export function isBadPattern(pattern: string): boolean {
	// With an empty name every chunk fails at once, and Go then checks the rest for syntax.
	return pathMatch(pattern, '').badPattern;
}

function matchBytes(patternBytes: Uint8Array, nameBytes: Uint8Array): PathMatchResult {
	let pattern = patternBytes;
	let name = nameBytes;
	outer: while (pattern.length > 0) {
		const scanned = scanChunk(pattern);
		const {star, chunk} = scanned;
		pattern = scanned.rest;
		if (star && chunk.length === 0) {
			// Trailing * matches the rest of the name unless it has a /.
			return {matched: name.indexOf(SLASH) < 0, badPattern: false};
		}
		const here = matchChunk(chunk, name);
		if (here.ok && (here.rest.length === 0 || pattern.length > 0)) {
			name = here.rest;
			continue;
		}
		if (here.bad) return BAD;
		if (star) {
			// Try skipping i+1 bytes; * cannot skip a /.
			for (let i = 0; i < name.length && name[i] !== SLASH; i++) {
				const skipped = matchChunk(chunk, name.subarray(i + 1));
				if (skipped.ok) {
					if (pattern.length === 0 && skipped.rest.length > 0) continue;
					name = skipped.rest;
					continue outer;
				}
				if (skipped.bad) return BAD;
			}
		}
		// Before returning false, check that the rest of the pattern is well-formed.
		while (pattern.length > 0) {
			const next = scanChunk(pattern);
			pattern = next.rest;
			if (matchChunk(next.chunk, EMPTY).bad) return BAD;
		}
		return {matched: false, badPattern: false};
	}
	return {matched: name.length === 0, badPattern: false};
}

/** The next segment of the pattern: a run of non-star bytes, possibly preceded by stars. */
function scanChunk(input: Uint8Array): {star: boolean; chunk: Uint8Array; rest: Uint8Array} {
	let pattern = input;
	let star = false;
	while (pattern.length > 0 && pattern[0] === STAR) {
		pattern = pattern.subarray(1);
		star = true;
	}
	let inRange = false;
	for (let i = 0; i < pattern.length; i++) {
		switch (pattern[i]) {
			case BACKSLASH:
				if (i + 1 < pattern.length) i++;
				break;
			case OPEN_BRACKET:
				inRange = true;
				break;
			case CLOSE_BRACKET:
				inRange = false;
				break;
			case STAR:
				if (!inRange) return {star, chunk: pattern.subarray(0, i), rest: pattern.subarray(i)};
				break;
		}
	}
	return {star, chunk: pattern, rest: EMPTY};
}

type ChunkResult = {rest: Uint8Array; ok: boolean; bad: boolean};

/** Whether the chunk (literals, classes and ?) matches the start of s; keeps checking syntax after a failure. */
function matchChunk(input: Uint8Array, subject: Uint8Array): ChunkResult {
	let chunk = input;
	let s = subject;
	let failed = false;
	while (chunk.length > 0) {
		if (!failed && s.length === 0) failed = true;
		const c = chunk[0];
		if (c === OPEN_BRACKET) {
			let r = 0;
			if (!failed) {
				const [rune, size] = decodeRune(s);
				r = rune;
				s = s.subarray(size);
			}
			chunk = chunk.subarray(1);
			let negated = false;
			if (chunk.length > 0 && chunk[0] === CARET) {
				negated = true;
				chunk = chunk.subarray(1);
			}
			let match = false;
			let ranges = 0;
			for (;;) {
				if (chunk.length > 0 && chunk[0] === CLOSE_BRACKET && ranges > 0) {
					chunk = chunk.subarray(1);
					break;
				}
				const lo = getEscaped(chunk);
				if (lo === undefined) return {rest: EMPTY, ok: false, bad: true};
				chunk = lo.rest;
				let hi = lo.rune;
				if (chunk[0] === DASH) {
					const high = getEscaped(chunk.subarray(1));
					if (high === undefined) return {rest: EMPTY, ok: false, bad: true};
					chunk = high.rest;
					hi = high.rune;
				}
				if (lo.rune <= r && r <= hi) match = true;
				ranges++;
			}
			if (match === negated) failed = true;
			continue;
		}
		if (c === QUESTION) {
			if (!failed) {
				if (s[0] === SLASH) failed = true;
				s = s.subarray(decodeRune(s)[1]);
			}
			chunk = chunk.subarray(1);
			continue;
		}
		if (c === BACKSLASH) {
			chunk = chunk.subarray(1);
			if (chunk.length === 0) return {rest: EMPTY, ok: false, bad: true};
		}
		if (!failed) {
			if (chunk[0] !== s[0]) failed = true;
			s = s.subarray(1);
		}
		chunk = chunk.subarray(1);
	}
	if (failed) return {rest: EMPTY, ok: false, bad: false};
	return {rest: s, ok: true, bad: false};
}

/** A possibly escaped character inside a class; undefined is ErrBadPattern. */
function getEscaped(input: Uint8Array): {rune: number; rest: Uint8Array} | undefined {
	let chunk = input;
	if (chunk.length === 0 || chunk[0] === DASH || chunk[0] === CLOSE_BRACKET) return undefined;
	if (chunk[0] === BACKSLASH) {
		chunk = chunk.subarray(1);
		if (chunk.length === 0) return undefined;
	}
	const [rune, size] = decodeRune(chunk);
	if (rune === RUNE_ERROR && size === 1) return undefined;
	const rest = chunk.subarray(size);
	if (rest.length === 0) return undefined;
	return {rune, rest};
}
