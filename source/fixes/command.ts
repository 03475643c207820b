// The one place that builds a command the tool shows, copies or runs. Every value from outside (a host a server
// named, a path from git config, a login from .netrc) enters through `sh` below: quoted for the user's shell
// (POSIX sh; PowerShell on Windows), and validated by kind first (a host must be a host name or IP literal, a login
// a netrc word, a path a path). A value that fails stops the whole command: `commandFix` then shows the fix as
// data with a plain warning, with no command at all, so nothing a server wrote can run when pasted or copied.
import {hasControlCharacters} from '../output/terminal-text.js';
import {isHostName} from '../rules/hosts.js';

export type Shell = 'posix' | 'powershell' | 'cmd';

/** The shell a person on this platform pastes into. */
export function shellOf(platform: string = process.platform): Shell {
	return platform === 'win32' ? 'powershell' : 'posix';
}

/** One argument, quoted so the shell passes it through as one word with every byte as it is. */
export function quoteArg(text: string, shell: Shell = shellOf()): string {
	switch (shell) {
		case 'posix':
			return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
		case 'powershell':
			// Single quotes are literal in PowerShell; a quote inside is doubled.
			return /^[\w@%+=:,./\\-]+$/.test(text) ? text : `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, quote => quote + quote)}'`;
		case 'cmd':
			// cmd has no quote that stops %VAR%; a value that needs one is refused by the validators before this.
			return /^[\w@+=:,./\\-]+$/.test(text) ? text : `"${text.replace(/"/g, '""')}"`;
	}
}

/** Always quoted (the way the tool writes setting values, `GOPRIVATE='a,b'`), so the value reads the same every time. */
export function quoted(text: string, shell: Shell = shellOf()): string {
	if (shell === 'cmd') return `"${text.replace(/"/g, '""')}"`;
	return shell === 'powershell' ? `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, quote => quote + quote)}'` : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A value that may not enter a command: what it should have been, and the value (shown escaped, as data). */
export class UnsafeValue extends Error {
	constructor(
		readonly kind: ValueKind,
		readonly value: string,
	) {
		super(`${describeKind(kind)} ${JSON.stringify(value)} is not one; it is not put into a command`);
	}
}

export type ValueKind = 'host' | 'login' | 'path' | 'word' | 'text';

function describeKind(kind: ValueKind): string {
	return {host: 'a host name', login: 'a .netrc login', path: 'a file path', word: 'a setting value', text: 'a value'}[kind];
}

/** A validated value for `sh`. */
export type Value = {kind: ValueKind; value: string};

// Control characters never enter a command, whatever the kind: a newline would end it, an escape would paint over it,
// and a character that hides or reorders text (bidi, zero-width) would make the command read other than it runs.
const control = /[\u0000-\u001F\u007F-\u009F]/;

export function validate(kind: ValueKind, value: string): void {
	const bad =
		control.test(value) ||
		hasControlCharacters(value) ||
		(kind === 'host' && !isHostName(value)) ||
		// Go and curl split .netrc on white space, and `"` and `#` change how curl reads the rest of the line.
		(kind === 'login' && (value === '' || /[\s"#']/.test(value))) ||
		(kind === 'path' && value === '') ||
		(kind === 'word' && /\s/.test(value));
	if (bad) throw new UnsafeValue(kind, value);
}

export const host = (value: string): Value => ({kind: 'host', value});

/** The host itself once it passed, for text built around it (`[host]:2222`); throws UnsafeValue otherwise. */
export function checkedHost(value: string): string {
	validate('host', value);
	return value;
}
export const login = (value: string): Value => ({kind: 'login', value});
export const path = (value: string): Value => ({kind: 'path', value});
/** A path shown as the user writes it (`~/.netrc`): the tilde stays unquoted so the shell expands it. */
export const homePath = (value: string): Value => ({kind: 'path', value});
export const word = (value: string): Value => ({kind: 'word', value});
export const text = (value: string): Value => ({kind: 'text', value});

/**
 * A command line from a template: literal parts as written, each interpolated value validated and quoted as one
 * argument. A plain string interpolated is treated as `text` (quoted, control characters refused); wrap it in
 * `host()`, `login()`, `path()` to check its kind too. `raw()` marks a part the tool wrote itself.
 */
export function sh(strings: TemplateStringsArray, ...values: Array<Value | string | Raw>): string {
	const shell = shellOf();
	let out = strings[0]!;
	values.forEach((item, index) => {
		if (isRaw(item)) out += item.raw;
		else {
			const value = typeof item === 'string' ? text(item) : item;
			validate(value.kind, value.value);
			out += value.value.startsWith('~/') && value.kind === 'path' && shell === 'posix' ? `~/${quoteArg(value.value.slice(2), shell)}` : quoteArg(value.value, shell);
		}
		out += strings[index + 1]!;
	});
	return out;
}

export type Raw = {raw: string};
export const raw = (text: string): Raw => ({raw: text});
function isRaw(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && 'raw' in value;
}

/** `command arg…`, each argument quoted for the shell (for previews of what the fixes run with an argument list). */
export function commandLine(command: string, args: readonly string[]): string {
	return [command, ...args].map(arg => quoteArg(arg)).join(' ');
}

/** A shell-quoted argument for the user's shell (POSIX sh or, on Windows, PowerShell). */
export function shellQuote(text: string): string {
	return quoteArg(text);
}

/** Text shown as data: every control character escaped (`\x1b`), so it can neither end a line nor paint the terminal. */
export function shownAsData(value: string): string {
	return JSON.stringify(value).slice(1, -1);
}
