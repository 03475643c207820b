// The one rule for showing text that came from outside (server answers, go.mod, .netrc, git config, the
// environment): no control character reaches a terminal or a report as itself. Each is shown escaped (`\x1b`,
// `\u202e`), so an escape sequence cannot set the clipboard (OSC 52) or the window title, move the cursor, or
// reorder a line with a bidi override; a very long text is cut with a note. Newlines and tabs stay: results are
// multi-line on purpose. Escaping is idempotent (a backslash is left as it is), so a writer may guard again.

/** C0 controls but tab and newline, DEL, C1 controls, and the Unicode format characters that reorder or hide text. */
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** Longest foreign text shown whole; the rest is cut with a note. */
export const shownTextLimit = 4000;

function escapeOne(character: string): string {
	const code = character.charCodeAt(0);
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function hasControlCharacters(text: string): boolean {
	unsafe.lastIndex = 0;
	const found = unsafe.test(text);
	unsafe.lastIndex = 0;
	return found;
}

/** `text` with every control character escaped; newlines and tabs kept. */
export function escapeControls(text: string): string {
	return text.replace(unsafe, escapeOne);
}

/** `text` with every control character escaped, newlines too: for a value that must stay on one line. */
export function escapeControlsOneLine(text: string): string {
	return escapeControls(text).replace(/[\n\t]/g, escapeOne);
}

/** Escaped, and cut to `limit` characters with a note saying how much was left out. */
export function shownText(text: string, limit = shownTextLimit): string {
	return cut(escapeControls(text), limit);
}

/** For a field that is one line (a summary, a title): a newline from outside could otherwise print a line that
 * looks like the tool's own ("✓ pass …"), so it is escaped too. */
export function shownLine(text: string, limit = shownTextLimit): string {
	return cut(escapeControlsOneLine(text.replace(/\n+$/, '')), limit);
}

function cut(escaped: string, limit: number): string {
	if (escaped.length <= limit) return escaped;
	// Never cut inside an escape or a surrogate pair.
	let end = limit;
	const tail = escaped.slice(Math.max(0, end - 6), end);
	const partial = /\\(x[0-9a-f]?|u[0-9a-f]{0,3})?$/.exec(tail);
	if (partial) end -= partial[0].length;
	if (/[\ud800-\udbff]/.test(escaped[end - 1] ?? '')) end -= 1;
	return `${escaped.slice(0, end)}… (${escaped.length - end} more characters cut)`;
}

/** A deep copy of a JSON-like value with every string shown safely (see `shownText`). */
export function shownValue<T>(value: T, limit = shownTextLimit): T {
	if (typeof value === 'string') return shownText(value, limit) as T;
	if (Array.isArray(value)) return value.map(item => shownValue(item, limit)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [shownText(key, 200), shownValue(item, limit)])) as T;
	}
	return value;
}

/** Serialized JSON with every control character left raw by JSON.stringify written as a `\u` escape. */
export function jsonEscapeControls(json: string): string {
	return json.replace(unsafe, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
