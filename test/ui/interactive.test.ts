// runInteractive's way out when the terminal cannot give keys one by one: the plain renderer, not a crash.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {emptyHome} from '../helpers/run-cli.js';

const interactive = fileURLToPath(new URL('../../dist/interactive.mjs', import.meta.url));

function runWithStdin(setRawMode: string) {
	const home = emptyHome();
	const script = `
		Object.defineProperty(process.stdin, 'isTTY', {value: true});
		process.stdin.setRawMode = ${setRawMode};
		const {runInteractive} = await import(${JSON.stringify(interactive)});
		const code = await runInteractive({module: 'gitlab.example.com/group/project', json: false, plain: false, offline: true, timeoutMs: 5000, verbose: false, reportFile: undefined, geoSecondary: undefined});
		process.stdout.write('[exit ' + code + ']\\n');
	`;
	try {
		return spawnSync(process.execPath, ['--input-type=module', '-e', script], {env: home.env, encoding: 'utf8', timeout: 60_000});
	} finally {
		home.cleanup();
	}
}

test('setRawMode that throws (or is missing): a word on stderr, then the plain report, with its exit status', () => {
	for (const setRawMode of ['() => { throw new Error("setRawMode EIO"); }', 'undefined']) {
		const run = runWithStdin(setRawMode);
		assert.match(run.stderr, /cannot pass single key presses \(no raw mode\); showing the plain report instead/, setRawMode);
		assert.match(run.stdout, /gitlab-go-check gitlab\.example\.com\/group\/project \(host gitlab\.example\.com\)/, 'the plain renderer ran');
		assert.match(run.stdout, /\[exit [01]\]/);
		assert.doesNotMatch(run.stdout, /\u001B\[\?2026h|select +⏎/, 'Ink never drew');
	}
});
