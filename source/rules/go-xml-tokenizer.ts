// A byte-level port of the part of Go's encoding/xml that RawToken uses (encoding/xml/xml.go: Decoder.rawToken,
// non-strict mode, no HTML entity table, no auto-closing), as the go command reads a ?go-get=1 page with it. Only
// meta-tags.ts uses it; a tolerant HTML parser would find tags Go misses and miss errors Go reports.
import {decodeRune, goBytesToString, goQuote} from './go-strings.js';

export type Name = {space: string; local: string};
export type Attr = {name: Name; value: string};
export type Token = {type: 'start'; name: Name; attrs: Attr[]} | {type: 'end'; name: Name} | {type: 'other'};
type DecodeError = {eof: true} | {eof: false; message: string};

const utf8Encoder = new TextEncoder();

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const AMP = 0x26;
const SEMI = 0x3b;
const QUOTE = 0x22;
const APOS = 0x27;
const CR = 0x0d;
const LF = 0x0a;
const HYPHEN = 0x2d;
const BRACKET_CLOSE = 0x5d;

const predefinedEntities: Record<string, string> = {lt: '<', gt: '>', amp: '&', apos: "'", quot: '"'};

function isNameByte(c: number): boolean {
	return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2e || c === 0x2d;
}

// XML 1.0 Appendix B letters, for ASCII exactly; beyond ASCII approximated with Unicode categories (Go's tables are
// Unicode 2.0 era). Only matters for element or attribute names outside ASCII, which discovery pages do not use.
function isNameFirst(rune: number): boolean {
	if (rune < 0x80) return (rune >= 0x41 && rune <= 0x5a) || (rune >= 0x61 && rune <= 0x7a) || rune === 0x5f || rune === 0x3a;
	return /^\p{L}$/u.test(String.fromCodePoint(rune));
}

function isNameRest(rune: number): boolean {
	if (rune < 0x80) return isNameFirst(rune) || (rune >= 0x30 && rune <= 0x39) || rune === 0x2e || rune === 0x2d;
	return /^[\p{L}\p{M}\p{Nd}\u00b7\u0387]$/u.test(String.fromCodePoint(rune));
}

function isName(bytes: number[]): boolean {
	if (bytes.length === 0) return false;
	let at = 0;
	let first = true;
	while (at < bytes.length) {
		const [rune, size] = decodeRune(bytes, at);
		if (rune === 0xfffd && size === 1) return false;
		if (first ? !isNameFirst(rune) : !isNameRest(rune)) return false;
		first = false;
		at += size;
	}
	return true;
}

function isInCharacterRange(rune: number): boolean {
	return rune === 0x09 || rune === 0x0a || rune === 0x0d || (rune >= 0x20 && rune <= 0xd7ff) || (rune >= 0xe000 && rune <= 0xfffd) || (rune >= 0x10000 && rune <= 0x10ffff);
}

/** xml.Decoder with Strict=false, CharsetReader accepting utf-8/ascii only (as the go command sets it), RawToken only. */
export class RawTokenizer {
	err: DecodeError | undefined;
	private pos = 0;
	private line = 1;
	private needClose = false;
	private toClose: Name = {space: '', local: ''};

	constructor(private readonly bytes: Uint8Array) {}

	private getc(): number | undefined {
		if (this.err !== undefined) return undefined;
		const b = this.bytes[this.pos];
		if (b === undefined) {
			this.err = {eof: true};
			return undefined;
		}
		this.pos++;
		if (b === LF) this.line++;
		return b;
	}

	private mustgetc(): number | undefined {
		const b = this.getc();
		if (b === undefined && this.err?.eof === true) this.syntaxError('unexpected EOF');
		return b;
	}

	private ungetc(b: number): void {
		if (b === LF) this.line--;
		this.pos--;
	}

	private syntaxError(message: string): undefined {
		this.err = {eof: false, message: `XML syntax error on line ${this.line}: ${message}`};
		return undefined;
	}

	private fail(message: string): undefined {
		this.err = {eof: false, message};
		return undefined;
	}

	private space(): void {
		for (;;) {
			const b = this.getc();
			if (b === undefined) return;
			if (b !== 0x20 && b !== CR && b !== LF && b !== 0x09) {
				this.ungetc(b);
				return;
			}
		}
	}

	/** Appends a name's bytes to buf; false (with err unset) when the next byte cannot start one. */
	private readName(buf: number[]): boolean {
		let b = this.mustgetc();
		if (b === undefined) return false;
		if (b < 0x80 && !isNameByte(b)) {
			this.ungetc(b);
			return false;
		}
		buf.push(b);
		for (;;) {
			b = this.mustgetc();
			if (b === undefined) return false;
			if (b < 0x80 && !isNameByte(b)) {
				this.ungetc(b);
				return true;
			}
			buf.push(b);
		}
	}

	private name(): string | undefined {
		const buf: number[] = [];
		if (!this.readName(buf)) return undefined;
		if (!isName(buf)) return this.syntaxError('invalid XML name: ' + goBytesToString(buf));
		return goBytesToString(buf);
	}

	private nsname(): Name | undefined {
		const s = this.name();
		if (s === undefined) return undefined;
		const parts = s.split(':');
		if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return {space: parts[0]!, local: parts[1]!};
		return {space: '', local: s};
	}

	/** Character data up to '<' (quote < 0), to the closing quote, or to ']]>' in CDATA; entities replaced. */
	private text(quote: number, cdata: boolean): number[] | undefined {
		let b0 = 0;
		let b1 = 0;
		let trunc = 0;
		const buf: number[] = [];
		for (;;) {
			let b = this.getc();
			if (b === undefined) {
				if (cdata) {
					if (this.err?.eof === true) this.syntaxError('unexpected EOF in CDATA section');
					return undefined;
				}
				break;
			}
			if (b0 === BRACKET_CLOSE && b1 === BRACKET_CLOSE && b === GT) {
				if (cdata) {
					trunc = 2;
					break;
				}
				return this.syntaxError('unescaped ]]> not in CDATA section');
			}
			if (b === LT && !cdata) {
				if (quote >= 0) return this.syntaxError('unescaped < inside quoted string');
				this.ungetc(LT);
				break;
			}
			if (quote >= 0 && b === quote) break;
			if (b === AMP && !cdata) {
				const before = buf.length;
				buf.push(AMP);
				let replacement: string | undefined;
				b = this.mustgetc();
				if (b === undefined) return undefined;
				if (b === 0x23) {
					// '#': a character reference.
					buf.push(b);
					b = this.mustgetc();
					if (b === undefined) return undefined;
					let base = 10;
					if (b === 0x78) {
						base = 16;
						buf.push(b);
						b = this.mustgetc();
						if (b === undefined) return undefined;
					}
					const start = buf.length;
					while ((b >= 0x30 && b <= 0x39) || (base === 16 && ((b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)))) {
						buf.push(b);
						b = this.mustgetc();
						if (b === undefined) return undefined;
					}
					if (b !== SEMI) {
						this.ungetc(b);
					} else {
						const digits = String.fromCharCode(...buf.slice(start));
						buf.push(SEMI);
						const n = digits === '' ? NaN : parseInt(digits, base);
						// strconv.ParseUint fails past 64 bits; both failure and > MaxRune leave the text as it is.
						if (Number.isFinite(n) && n <= 0x10ffff) {
							replacement = n >= 0xd800 && n <= 0xdfff ? '\ufffd' : String.fromCodePoint(n);
						}
					}
				} else {
					this.ungetc(b);
					if (!this.readName(buf) && this.err !== undefined) return undefined;
					b = this.mustgetc();
					if (b === undefined) return undefined;
					if (b !== SEMI) {
						this.ungetc(b);
					} else {
						const entityName = buf.slice(before + 1);
						buf.push(SEMI);
						if (isName(entityName)) replacement = predefinedEntities[goBytesToString(entityName)];
					}
				}
				if (replacement !== undefined) {
					buf.length = before;
					buf.push(...utf8Encoder.encode(replacement));
				}
				// Non-strict: an unknown entity stays in the text as written.
				b0 = 0;
				b1 = 0;
				continue;
			}
			if (b === CR) buf.push(LF);
			else if (!(b1 === CR && b === LF)) buf.push(b);
			b0 = b1;
			b1 = b;
		}
		const data = trunc > 0 ? buf.slice(0, buf.length - trunc) : buf;
		for (let at = 0; at < data.length; ) {
			const [rune, size] = decodeRune(data, at);
			if (rune === 0xfffd && size === 1) return this.syntaxError('invalid UTF-8');
			if (!isInCharacterRange(rune)) return this.syntaxError(`illegal character code U+${rune.toString(16).toUpperCase().padStart(4, '0')}`);
			at += size;
		}
		return data;
	}

	private attrval(): number[] | undefined {
		const b = this.mustgetc();
		if (b === undefined) return undefined;
		if (b === QUOTE || b === APOS) return this.text(b, false);
		// Non-strict: an unquoted value is [a-zA-Z0-9_:-]*, as in HTML 4.
		this.ungetc(b);
		const buf: number[] = [];
		for (;;) {
			const c = this.mustgetc();
			if (c === undefined) return undefined;
			if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === HYPHEN) {
				buf.push(c);
			} else {
				this.ungetc(c);
				return buf;
			}
		}
	}

	/** The next token, or undefined with `err` set (err.eof at a clean end of input). */
	next(): Token | undefined {
		if (this.err !== undefined) return undefined;
		if (this.needClose) {
			this.needClose = false;
			return {type: 'end', name: this.toClose};
		}
		let b = this.getc();
		if (b === undefined) return undefined;
		if (b !== LT) {
			this.ungetc(b);
			return this.text(-1, false) === undefined ? undefined : {type: 'other'};
		}
		b = this.mustgetc();
		if (b === undefined) return undefined;
		if (b === SLASH) return this.endElement();
		if (b === 0x3f) return this.processingInstruction();
		if (b === 0x21) return this.markupDeclaration();
		this.ungetc(b);
		return this.startElement();
	}

	private endElement(): Token | undefined {
		const name = this.nsname();
		if (name === undefined) return this.err === undefined ? this.syntaxError('expected element name after </') : undefined;
		this.space();
		const b = this.mustgetc();
		if (b === undefined) return undefined;
		if (b !== GT) return this.syntaxError('invalid characters between </' + name.local + ' and >');
		return {type: 'end', name};
	}

	private processingInstruction(): Token | undefined {
		const target = this.name();
		if (target === undefined) return this.err === undefined ? this.syntaxError('expected target name after <?') : undefined;
		this.space();
		const buf: number[] = [];
		let b0 = 0;
		for (;;) {
			const b = this.mustgetc();
			if (b === undefined) return undefined;
			buf.push(b);
			if (b0 === 0x3f && b === GT) break;
			b0 = b;
		}
		if (target === 'xml') {
			const content = goBytesToString(buf.slice(0, -2));
			const version = procInst('version', content);
			if (version !== '' && version !== '1.0') return this.fail(`xml: unsupported version ${goQuote(version)}; only version 1.0 is supported`);
			const encoding = procInst('encoding', content);
			const lower = encoding.toLowerCase();
			if (encoding !== '' && lower !== 'utf-8' && lower !== 'ascii') {
				return this.fail(`xml: opening charset ${goQuote(encoding)}: can't decode XML document using charset ${goQuote(encoding)}`);
			}
		}
		return {type: 'other'};
	}

	private markupDeclaration(): Token | undefined {
		let b = this.mustgetc();
		if (b === undefined) return undefined;
		if (b === HYPHEN) {
			b = this.mustgetc();
			if (b === undefined) return undefined;
			if (b !== HYPHEN) return this.syntaxError('invalid sequence <!- not part of <!--');
			let b0 = 0;
			let b1 = 0;
			for (;;) {
				b = this.mustgetc();
				if (b === undefined) return undefined;
				if (b0 === HYPHEN && b1 === HYPHEN) {
					if (b !== GT) return this.syntaxError('invalid sequence "--" not allowed in comments');
					return {type: 'other'};
				}
				b0 = b1;
				b1 = b;
			}
		}
		if (b === 0x5b) {
			for (const expected of 'CDATA[') {
				b = this.mustgetc();
				if (b === undefined) return undefined;
				if (b !== expected.charCodeAt(0)) return this.syntaxError('invalid <![ sequence');
			}
			return this.text(-1, true) === undefined ? undefined : {type: 'other'};
		}
		// A directive such as <!DOCTYPE html>: skip to the matching '>', minding quotes and nested <...> and <!--...-->.
		let inquote = 0;
		let depth = 0;
		for (;;) {
			b = this.mustgetc();
			if (b === undefined) return undefined;
			if (inquote === 0 && b === GT && depth === 0) return {type: 'other'};
			let handle = true;
			while (handle) {
				handle = false;
				if (b === inquote) inquote = 0;
				else if (inquote !== 0) {
					// inside quotes
				} else if (b === APOS || b === QUOTE) inquote = b;
				else if (b === GT) depth--;
				else if (b === LT) {
					let isComment = true;
					for (const expected of '!--') {
						b = this.mustgetc();
						if (b === undefined) return undefined;
						if (b !== expected.charCodeAt(0)) {
							depth++;
							isComment = false;
							handle = true; // Go's `goto HandleB`: look at this byte again, without the '>' test.
							break;
						}
					}
					if (isComment) {
						let c0 = 0;
						let c1 = 0;
						for (;;) {
							b = this.mustgetc();
							if (b === undefined) return undefined;
							if (c0 === HYPHEN && c1 === HYPHEN && b === GT) break;
							c0 = c1;
							c1 = b;
						}
					}
				}
			}
		}
	}

	private startElement(): Token | undefined {
		const name = this.nsname();
		if (name === undefined) return this.err === undefined ? this.syntaxError('expected element name after <') : undefined;
		const attrs: Attr[] = [];
		let empty = false;
		for (;;) {
			this.space();
			let b = this.mustgetc();
			if (b === undefined) return undefined;
			if (b === SLASH) {
				empty = true;
				b = this.mustgetc();
				if (b === undefined) return undefined;
				if (b !== GT) return this.syntaxError('expected /> in element');
				break;
			}
			if (b === GT) break;
			this.ungetc(b);
			const attrName = this.nsname();
			if (attrName === undefined) return this.err === undefined ? this.syntaxError('expected attribute name in element') : undefined;
			this.space();
			b = this.mustgetc();
			if (b === undefined) return undefined;
			if (b !== 0x3d) {
				// Non-strict: a bare attribute's value is its own name.
				this.ungetc(b);
				attrs.push({name: attrName, value: attrName.local});
			} else {
				this.space();
				const data = this.attrval();
				if (data === undefined) return undefined;
				attrs.push({name: attrName, value: goBytesToString(data)});
			}
		}
		if (empty) {
			this.needClose = true;
			this.toClose = name;
		}
		return {type: 'start', name, attrs};
	}
}

/** encoding/xml procInst: the quoted value of `param=` in a processing instruction, or ''. */
function procInst(param: string, content: string): string {
	const at = content.indexOf(param + '=');
	if (at < 0) return '';
	const value = content.slice(at + param.length + 1);
	const quote = value[0];
	if (quote !== "'" && quote !== '"') return '';
	const end = value.indexOf(quote, 1);
	return end < 0 ? '' : value.slice(1, end);
}
