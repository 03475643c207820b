import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {bindings, bindingsFor, commandFor, splitKeys, type KeyContext} from '../../source/ui/key-bindings.js';

const none: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (partial: Partial<Key> = {}): Key => ({...none, ...partial});
const command = (context: KeyContext, input: string, partial: Partial<Key> = {}) => commandFor(context, input, key(partial))?.command;

test('the issue\'s key map in the step list (issue 4): ↑/↓ and j/k select, Enter or → open, r R c f s ? q Esc', () => {
	assert.equal(command('browse', '', {upArrow: true}), 'up');
	assert.equal(command('browse', 'k'), 'up');
	assert.equal(command('browse', '', {downArrow: true}), 'down');
	assert.equal(command('browse', 'j'), 'down');
	assert.equal(command('browse', '', {return: true}), 'toggle');
	assert.equal(command('browse', '', {rightArrow: true}), 'toggle');
	assert.equal(command('browse', 'r'), 'rerun');
	assert.equal(command('browse', 'R', {shift: true}), 'rerun-all');
	assert.equal(command('browse', 'c'), 'copy');
	assert.equal(command('browse', 'f'), 'fix');
	assert.equal(command('browse', 's'), 'save');
	assert.equal(command('browse', '?'), 'help');
	assert.equal(command('browse', 'q'), 'quit');
	assert.equal(command('browse', '', {escape: true}), 'quit');
});

test('Ctrl-C stops everywhere, and is not the copy key', () => {
	for (const context of ['prompt', 'browse', 'help', 'confirm', 'secret', 'input', 'busy'] as const) {
		assert.equal(command(context, 'c', {ctrl: true}), 'interrupt', context);
	}
});

test('in the text fields letters are text: j, k, q, y, r are typed, not commands', () => {
	for (const context of ['prompt', 'secret', 'input'] as const) {
		for (const letter of ['j', 'k', 'q', 'y', 'r', 'f', '?']) {
			assert.deepEqual(commandFor(context, letter, key()), {command: 'insert', text: letter}, `${context} ${letter}`);
		}
		assert.equal(command(context, '', {return: true}), 'submit');
		assert.equal(command(context, '', {backspace: true}), 'erase');
		assert.equal(command(context, '', {delete: true}), 'erase', 'most terminals send DEL (0x7f) for ⌫, which Ink calls delete');
		assert.equal(command(context, '', {escape: true}), 'cancel');
		assert.equal(command(context, 'u', {ctrl: true}), 'clear');
	}
	assert.equal(command('prompt', '', {upArrow: true}), 'up', 'the arrows still move through the suggestions');
});

test('the y/N question: only y applies; Enter, n, Esc and q leave everything as it is', () => {
	assert.equal(command('confirm', 'y'), 'yes');
	assert.equal(command('confirm', 'Y'), 'yes');
	for (const press of [['n', {}], ['', {return: true}], ['', {escape: true}], ['q', {}]] as const) {
		assert.equal(command('confirm', press[0], press[1]), 'no');
	}
	assert.equal(command('confirm', 'f'), undefined, 'other keys do nothing');
});

test('while a fix works, only Ctrl-C does anything', () => {
	for (const input of ['q', 'y', 'r', 'f']) assert.equal(command('busy', input), undefined);
	assert.equal(command('busy', '', {escape: true}), undefined);
});

test('the footer and the help panel are drawn from the same table, and every binding has words for both', () => {
	const footer = bindingsFor('browse', 'footer').map(binding => binding.command);
	assert.deepEqual(footer, ['up', 'toggle', 'rerun', 'rerun-all', 'copy', 'fix', 'save', 'help', 'quit']);
	for (const binding of bindings) {
		assert.ok(binding.short.length > 0 && binding.help.length > 0 && binding.label.length > 0, binding.command);
	}
	// No key means two things in one context.
	for (const context of ['prompt', 'browse', 'help', 'confirm', 'secret', 'input', 'busy'] as const) {
		const seen = new Map<string, string>();
		for (const binding of bindingsFor(context, 'all')) {
			for (const spec of binding.keys) {
				const id = JSON.stringify(spec);
				assert.ok(!seen.has(id) || seen.get(id) === binding.command, `${context}: ${id} is both ${seen.get(id)} and ${binding.command}`);
				seen.set(id, binding.command);
			}
		}
	}
});

test('keys that arrive together (a held j, tmux send-keys, a paste) are taken one by one outside text fields', () => {
	assert.deepEqual(splitKeys('browse', 'jj\r', key()).map(([input, k]) => commandFor('browse', input, k)?.command), ['down', 'down', 'toggle']);
	assert.deepEqual(splitKeys('browse', 'kR', key()).map(([input, k]) => commandFor('browse', input, k)?.command), ['up', 'rerun-all']);
	assert.deepEqual(splitKeys('prompt', 'gitlab.test/g', key()), [['gitlab.test/g', key()]], 'a paste into the prompt stays whole');
	assert.deepEqual(splitKeys('browse', 'j', key()), [['j', key()]]);
});

test('every command of the step list is in the help, on its own line or beside its pair', () => {
	const inHelp = new Set(bindingsFor('browse', 'help').map(binding => binding.command));
	for (const binding of bindingsFor('browse', 'all')) {
		const pair: Record<string, string> = {down: 'up', 'scroll-up': 'scroll-down'};
		assert.ok(inHelp.has(binding.command) || inHelp.has(pair[binding.command] as never), binding.command);
	}
});
