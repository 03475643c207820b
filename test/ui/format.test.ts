import {test} from 'node:test';
import assert from 'node:assert/strict';
import {osc52, osc52Possible} from '../../source/ui/clipboard.js';
import {blockedText, evidenceLines, formatDuration, runningText} from '../../source/ui/format.js';
import {rawModeAvailable} from '../../source/ui/raw-mode.js';
import {result} from '../helpers/results.js';

test('durations are short enough for a 60-column row', () => {
	assert.equal(formatDuration(0), '0 ms');
	assert.equal(formatDuration(849.6), '850 ms');
	assert.equal(formatDuration(1234), '1.2 s');
	assert.equal(formatDuration(14_400), '14 s');
});

test('a slow step says what it waits for and how long of its limit (flutter slowWarning, A10.9)', () => {
	const https = {waitingFor: 'gitlab.example.com', limitMs: 10_000, local: false};
	assert.equal(runningText(https, 400, 'gitlab.example.com'), 'waiting for gitlab.example.com…');
	assert.equal(runningText(https, 6_200, 'gitlab.example.com'), 'waiting for gitlab.example.com, 6 s of 10');
	assert.equal(runningText({limitMs: 32_000, local: false}, 3_000, 'gitlab.test'), 'waiting for gitlab.test, 3 s of 32', 'a network step without waitingFor waits for the host');
	assert.equal(runningText({limitMs: 15_000, local: true}, 2_000, 'gitlab.test'), 'running, 2 s of 15', 'a local step waits for no host');
});

test('a skipped step names the failure that blocked it, by title and state', () => {
	const token = result({id: 'token', status: 'skip', blockedBy: ['netrc', 'https']});
	const titles: Record<string, string> = {netrc: '.netrc credentials', https: 'HTTPS'};
	const statuses: Record<string, 'fail' | 'skip'> = {netrc: 'fail', https: 'skip'};
	assert.equal(blockedText(token, id => titles[id]!, id => statuses[id]), 'blocked by .netrc credentials (fail), HTTPS (skip)');
});

test('evidence: strings as they are, lists and objects one item a line', () => {
	assert.deepEqual(evidenceLines('goReads', '/home/u/.netrc'), ['goReads: /home/u/.netrc']);
	assert.deepEqual(evidenceLines('files', ['a', 'b']), ['files:', '  a', '  b']);
	assert.deepEqual(evidenceLines('settings', {GOPRIVATE: 'gitlab.test', n: 2}), ['settings:', '  GOPRIVATE: gitlab.test', '  n: 2']);
	assert.deepEqual(evidenceLines('status', 404), ['status: 404']);
});

test('OSC 52 is ESC ] 52 ; c ; base64 BEL, and UTF-8 survives', () => {
	assert.equal(osc52('chmod 600 ~/.netrc'), `\u001B]52;c;${Buffer.from('chmod 600 ~/.netrc').toString('base64')}\u0007`);
	const encoded = /;c;([^\u0007]+)\u0007$/.exec(osc52('é ✓'))![1]!;
	assert.equal(Buffer.from(encoded, 'base64').toString('utf8'), 'é ✓');
	assert.equal(osc52Possible({TERM: 'xterm-256color'}, true), true);
	assert.equal(osc52Possible({TERM: 'dumb'}, true), false);
	assert.equal(osc52Possible({}, false), false);
});

test('raw mode: missing, refused or not a TTY means no TUI; working raw mode is put back', () => {
	assert.equal(rawModeAvailable({isTTY: true}), false, 'setRawMode missing');
	assert.equal(rawModeAvailable({isTTY: false, setRawMode: () => undefined}), false);
	assert.equal(rawModeAvailable({isTTY: true, setRawMode: () => {
		throw new Error('setRawMode EIO');
	}}), false, 'setRawMode throwing');
	const calls: boolean[] = [];
	assert.equal(rawModeAvailable({isTTY: true, setRawMode: mode => calls.push(mode)}), true);
	assert.deepEqual(calls, [true, false]);
});
