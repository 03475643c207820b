// The small pieces of Go's standard library the rules share: utf8.DecodeRune, strconv.Quote / QuoteRune
// (`%q`), and unicode.IsSpace with strings.Fields / strings.TrimSpace. Go strings are bytes, so the quoting
// works on UTF-8 bytes: a byte that is not valid UTF-8 shows as \xNN, as Go prints it.

const RUNE_ERROR = 0xfffd;
const utf8Encoder = new TextEncoder();

/**
 * utf8.DecodeRune of the bytes from `at`: [rune, size]. Invalid or short input gives (RuneError, 1) — overlong
 * forms, surrogates and runes past U+10FFFF included; no input left gives (RuneError, 0).
 */
export function decodeRune(bytes: ArrayLike<number>, at = 0): [number, number] {
	if (at >= bytes.length) return [RUNE_ERROR, 0];
	const b0 = bytes[at]!;
	if (b0 < 0x80) return [b0, 1];
	const cont = (i: number, lo = 0x80, hi = 0xbf): number | undefined => {
		const v = at + i < bytes.length ? bytes[at + i] : undefined;
		return v !== undefined && v >= lo && v <= hi ? v & 0x3f : undefined;
	};
	if (b0 >= 0xc2 && b0 <= 0xdf) {
		const c1 = cont(1);
		if (c1 === undefined) return [RUNE_ERROR, 1];
		return [((b0 & 0x1f) << 6) | c1, 2];
	}
	if (b0 >= 0xe0 && b0 <= 0xef) {
		// E0 must not be overlong, ED must not encode a surrogate.
		const c1 = b0 === 0xe0 ? cont(1, 0xa0) : b0 === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
		const c2 = cont(2);
		if (c1 === undefined || c2 === undefined) return [RUNE_ERROR, 1];
		return [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
	}
	if (b0 >= 0xf0 && b0 <= 0xf4) {
		const c1 = b0 === 0xf0 ? cont(1, 0x90) : b0 === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
		const c2 = cont(2);
		const c3 = cont(3);
		if (c1 === undefined || c2 === undefined || c3 === undefined) return [RUNE_ERROR, 1];
		return [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
	}
	return [RUNE_ERROR, 1];
}

/** A Go string (bytes) as text the way Go's encoders show it: each invalid byte becomes U+FFFD. */
export function goBytesToString(bytes: ArrayLike<number>): string {
	let out = '';
	for (let at = 0; at < bytes.length; ) {
		const [code, size] = decodeRune(bytes, at);
		out += String.fromCodePoint(code);
		at += size;
	}
	return out;
}

/** Go's `%q` for a string (strconv.Quote): double quotes, printable runes kept, others escaped. */
export function goQuote(text: string): string {
	return goQuoteBytes(utf8Encoder.encode(text));
}

/** strconv.Quote of raw bytes: a byte that is not valid UTF-8 is shown as \xNN, as Go does. */
export function goQuoteBytes(bytes: ArrayLike<number>): string {
	let out = '"';
	for (let at = 0; at < bytes.length; ) {
		const [rune, size] = decodeRune(bytes, at);
		out += rune === RUNE_ERROR && size === 1 ? '\\x' + bytes[at]!.toString(16).padStart(2, '0') : quoteRuneBody(String.fromCodePoint(rune), '"');
		at += size;
	}
	return out + '"';
}

/** Go's `%q` for a rune (strconv.QuoteRune). */
export function goQuoteRune(ch: string): string {
	return `'${quoteRuneBody(ch, "'")}'`;
}

// strconv.IsPrint: letters, marks, numbers, punctuation and symbols (plus the ASCII space, handled apart). Visible
// ASCII is all of those; the Unicode classes are built only for a character beyond it (building them costs start-up time).
let unicodePrintable: RegExp | undefined;
function isPrintable(ch: string): boolean {
	const code = ch.codePointAt(0) ?? 0;
	if (code >= 0x21 && code <= 0x7e) return true;
	return (unicodePrintable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u).test(ch);
}
const NAMED_ESCAPES: Readonly<Record<string, string>> = {'\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v'};

function quoteRuneBody(ch: string, quote: string): string {
	if (ch === quote || ch === '\\') return '\\' + ch;
	if (ch === ' ' || isPrintable(ch)) return ch;
	const escape = NAMED_ESCAPES[ch];
	if (escape !== undefined) return escape;
	const code = ch.codePointAt(0) ?? RUNE_ERROR;
	if (code < 0x80) return '\\x' + code.toString(16).padStart(2, '0');
	if (code < 0x10000) return '\\u' + code.toString(16).padStart(4, '0');
	return '\\U' + code.toString(16).padStart(8, '0');
}

/** unicode.IsSpace for one UTF-16 unit (JS `\s` differs: it includes U+FEFF and lacks U+0085). */
export function isGoSpace(char: string): boolean {
	const code = char.charCodeAt(0);
	if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0) return true;
	if (code < 0x1680) return false;
	return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** strings.Fields: the text split around runs of unicode.IsSpace, no empty fields. */
export function goFields(text: string): string[] {
	const fields: string[] = [];
	let start = -1;
	for (let index = 0; index < text.length; index++) {
		if (isGoSpace(text[index]!)) {
			if (start >= 0) fields.push(text.slice(start, index));
			start = -1;
		} else if (start < 0) start = index;
	}
	if (start >= 0) fields.push(text.slice(start));
	return fields;
}

/** strings.TrimSpace: unicode.IsSpace trimmed from both ends (no BOM, unlike String.prototype.trim). */
export function goTrimSpace(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && isGoSpace(text[start]!)) start++;
	while (end > start && isGoSpace(text[end - 1]!)) end--;
	return text.slice(start, end);
}
