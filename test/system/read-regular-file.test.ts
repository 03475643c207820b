// Issue 11: the tool reads only regular files, and writes its report only to a new or a regular file.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {readRegularFile, notRegularCode} from '../../source/system/read-regular-file.js';
import {readTextFile} from '../../source/checks/read-text.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {emptyHome, runCli} from '../helpers/run-cli.js';

const fifoSupported = process.platform !== 'win32';

test('readRegularFile refuses a FIFO and a device at once, and bounds a regular file', {skip: !fifoSupported, timeout: 30_000}, async () => {
	const {home, cleanup} = emptyHome();
	try {
		const fifo = join(home, 'fifo');
		execFileSync('mkfifo', [fifo]);
		await assert.rejects(readRegularFile(fifo, 1024), (error: NodeJS.ErrnoException) => error.code === notRegularCode && /FIFO/.test(error.message));
		await assert.rejects(readRegularFile('/dev/zero', 1024), (error: NodeJS.ErrnoException) => error.code === notRegularCode && /device/.test(error.message));
		writeFileSync(join(home, 'big'), 'x'.repeat(5000));
		const read = await readRegularFile(join(home, 'big'), 100);
		assert.equal(read.bytes.length, 100);
		assert.equal(read.truncated, true);
		const text = await readTextFile(createNodeSystem({HOME: home}), fifo);
		assert.equal(text.kind, 'unreadable');
	} finally {
		cleanup();
	}
});

test('a FIFO as .netrc or as the go env file does not stop the run', {skip: !fifoSupported, timeout: 30_000}, async () => {
	const {home, env, cleanup} = emptyHome();
	try {
		mkdirSync(join(home, '.config', 'go'), {recursive: true});
		execFileSync('mkfifo', [join(home, '.netrc')]);
		execFileSync('mkfifo', [join(home, '.config', 'go', 'env')]);
		// go itself would wait on the FIFO; the run stands for a machine where go is not on PATH.
		const run = await runCli(['gitlab.example.com/group/project', '--offline', '--json'], {env: {...env, PATH: '/nonexistent'}, timeoutMs: 15_000});
		assert.ok(run.code === 0 || run.code === 1, run.stderr);
		const document = JSON.parse(run.stdout) as {checks: Array<{id: string; summary: string; details: string[]}>};
		const text = (id: string) => JSON.stringify(document.checks.find(check => check.id === id));
		assert.match(text('netrc'), /not a regular file/);
		assert.match(text('go-env'), /not a regular file/);
	} finally {
		cleanup();
	}
});

test('--report refuses /dev/stdout, a device and a FIFO with exit status 2, before any check runs', {skip: !fifoSupported, timeout: 30_000}, async () => {
	const {home, env, cleanup} = emptyHome();
	try {
		execFileSync('mkfifo', [join(home, 'pipe')]);
		for (const target of ['/dev/stdout', '/dev/null', join(home, 'pipe')]) {
			const run = await runCli(['gitlab.example.com/group/project', '--offline', '--report', target], {env, timeoutMs: 15_000});
			assert.equal(run.code, 2, `${target}: ${run.stderr}`);
			assert.match(run.stderr, /cannot write the report to .*: it is (a device|a FIFO|a pipe|a socket)/);
			assert.equal(run.stdout, '', 'refused before the run');
		}
	} finally {
		cleanup();
	}
});
