// Every key the TUI answers to, in one table: the footer, the help panel and the input handler all
// read it, so a key cannot do one thing and be documented as another.
import type {Key} from 'ink';

export type Command =
	| 'up'
	| 'down'
	| 'toggle'
	| 'collapse'
	| 'rerun'
	| 'rerun-all'
	| 'copy'
	| 'fix'
	| 'save'
	| 'help'
	| 'quit'
	| 'interrupt'
	| 'next-fix'
	| 'scroll-up'
	| 'scroll-down'
	| 'yes'
	| 'no'
	| 'submit'
	| 'cancel'
	| 'erase'
	| 'clear'
	| 'close-help';

/** Where the keyboard is: the module prompt, the step list, the help panel, a y/N question, a masked or a plain field for a fix, or a fix at work. */
export type KeyContext = 'prompt' | 'browse' | 'help' | 'confirm' | 'secret' | 'input' | 'busy';

type KeyName = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete' | 'pageUp' | 'pageDown';

type KeySpec = {input: string; ctrl?: boolean} | {key: KeyName};

export type Binding = {
	command: Command;
	contexts: readonly KeyContext[];
	keys: readonly KeySpec[];
	/** How the key is written in the footer and the help panel. */
	label: string;
	/** One word for the footer. */
	short: string;
	/** What it does, in the help panel. */
	help: string;
	/** Shown in the footer (the rest only under `?`). */
	footer?: boolean;
	/** false: its pair's line in the help says it already (↓ beside ↑). */
	inHelp?: false;
};

const textFields: KeyContext[] = ['prompt', 'secret', 'input'];
const everywhere: KeyContext[] = ['prompt', 'browse', 'help', 'confirm', 'secret', 'input', 'busy'];

export const bindings: readonly Binding[] = [
	{command: 'up', contexts: ['browse'], keys: [{key: 'upArrow'}, {input: 'k'}], label: '↑↓/jk', short: 'select', help: 'select the step above (↓/j: below)', footer: true},
	{command: 'down', contexts: ['browse'], keys: [{key: 'downArrow'}, {input: 'j'}], label: '↓/j', short: 'down', help: 'select the step below', inHelp: false},
	// In the prompt j and k are letters: only the arrows move through the suggestions.
	{command: 'up', contexts: ['prompt'], keys: [{key: 'upArrow'}], label: '↑↓', short: 'choose', help: 'previous suggestion (↓: next)', footer: true},
	{command: 'down', contexts: ['prompt'], keys: [{key: 'downArrow'}], label: '↓', short: 'next', help: 'next suggestion', inHelp: false},
	{command: 'toggle', contexts: ['browse'], keys: [{key: 'return'}, {key: 'rightArrow'}], label: '⏎/→', short: 'open', help: 'open or close the details of the step', footer: true},
	{command: 'collapse', contexts: ['browse'], keys: [{key: 'leftArrow'}], label: '←', short: 'close', help: 'close the details'},
	{command: 'rerun', contexts: ['browse'], keys: [{input: 'r'}], label: 'r', short: 're-run', help: 're-run the step and every step that depends on it', footer: true},
	{command: 'rerun-all', contexts: ['browse'], keys: [{input: 'R'}], label: 'R', short: 'all', help: 're-run every step', footer: true},
	{command: 'copy', contexts: ['browse'], keys: [{input: 'c'}], label: 'c', short: 'copy', help: 'copy the fix command to the clipboard (OSC 52, works over SSH)', footer: true},
	{command: 'fix', contexts: ['browse'], keys: [{input: 'f'}], label: 'f', short: 'fix', help: 'apply the fix, after showing what it changes and asking', footer: true},
	{command: 'next-fix', contexts: ['browse'], keys: [{key: 'tab'}], label: 'tab', short: 'next fix', help: 'choose the next fix of the step (for c and f)'},
	{command: 'scroll-down', contexts: ['browse'], keys: [{key: 'pageDown'}, {input: ' '}], label: 'PgDn/PgUp', short: 'more', help: 'scroll the details down or up (space: down)'},
	{command: 'scroll-up', contexts: ['browse'], keys: [{key: 'pageUp'}], label: 'PgUp', short: 'back', help: 'scroll the details up', inHelp: false},
	{command: 'save', contexts: ['browse'], keys: [{input: 's'}], label: 's', short: 'save', help: 'save a redacted Markdown report for a support ticket', footer: true},
	{command: 'help', contexts: ['browse'], keys: [{input: '?'}], label: '?', short: 'help', help: 'show every key', footer: true},
	{command: 'quit', contexts: ['browse'], keys: [{input: 'q'}, {key: 'escape'}], label: 'q/esc', short: 'quit', help: 'quit (exit status as without the TUI: 1 if a step failed)', footer: true},
	{command: 'close-help', contexts: ['help'], keys: [{input: '?'}, {input: 'q'}, {key: 'escape'}, {key: 'return'}], label: '?/esc', short: 'close', help: 'close this help', footer: true},
	{command: 'yes', contexts: ['confirm'], keys: [{input: 'y'}, {input: 'Y'}], label: 'y', short: 'apply', help: 'apply the change shown', footer: true},
	{command: 'no', contexts: ['confirm'], keys: [{input: 'n'}, {input: 'N'}, {key: 'return'}, {key: 'escape'}, {input: 'q'}], label: 'N/esc', short: 'leave it', help: 'leave everything as it is', footer: true},
	{command: 'submit', contexts: textFields, keys: [{key: 'return'}], label: '⏎', short: 'accept', help: 'accept what is typed', footer: true},
	{command: 'erase', contexts: textFields, keys: [{key: 'backspace'}, {key: 'delete'}], label: '⌫', short: 'erase', help: 'erase a character'},
	{command: 'clear', contexts: textFields, keys: [{input: 'u', ctrl: true}], label: 'ctrl+u', short: 'clear', help: 'erase everything typed'},
	{command: 'cancel', contexts: textFields, keys: [{key: 'escape'}], label: 'esc', short: 'cancel', help: 'cancel', footer: true},
	{command: 'interrupt', contexts: everywhere, keys: [{input: 'c', ctrl: true}], label: 'ctrl+c', short: 'stop', help: 'stop at once (exit status 130)'},
];

function matches(spec: KeySpec, input: string, key: Key): boolean {
	if ('key' in spec) return key[spec.key];
	if (spec.ctrl) return key.ctrl && input === spec.input;
	return !key.ctrl && !key.meta && input === spec.input;
}

export type KeyResult = {command: Command} | {command: 'insert'; text: string};

const plainKeys: Record<string, Partial<Key>> = {'\r': {return: true}, '\n': {return: true}, '\t': {tab: true}, '\u007F': {delete: true}, '\b': {backspace: true}};

/**
 * Several keys that arrive in one read (a held-down j, keys sent by tmux, a paste) come to Ink as one
 * string: outside a text field they are taken one by one, as typed.
 */
export function splitKeys(context: KeyContext, input: string, key: Key): Array<[string, Key]> {
	const chars = [...input];
	if (textFields.includes(context) || chars.length < 2 || key.ctrl || key.meta || input.includes('\u001B')) return [[input, key]];
	return chars.map(char => {
		const special = plainKeys[char];
		return special ? ['', {...key, ...special}] : [char, {...key, shift: char !== char.toLowerCase()}];
	});
}

/** What a key press means in a context; typed text in a text field is `insert`. */
export function commandFor(context: KeyContext, input: string, key: Key): KeyResult | undefined {
	for (const binding of bindings) {
		if (!binding.contexts.includes(context)) continue;
		if (binding.keys.some(spec => matches(spec, input, key))) return {command: binding.command};
	}
	if (textFields.includes(context) && input !== '' && !key.ctrl && !key.meta && !key.escape && !key.tab) return {command: 'insert', text: input};
	return undefined;
}

/** The bindings of a context, in table order: all of them, the help panel's lines, or the footer's. */
export function bindingsFor(context: KeyContext, which: 'footer' | 'help' | 'all'): Binding[] {
	return bindings.filter(
		binding => binding.contexts.includes(context) && (which === 'all' || (which === 'help' ? binding.inHelp !== false : binding.footer)),
	);
}
