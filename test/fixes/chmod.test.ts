// The chmod fix (netrc check: a .netrc others can read): preview names the command and both modes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Redactor} from '../../source/engine/redact.js';
import type {Fix} from '../../source/engine/types.js';
import {planFix} from '../../source/fixes/index.js';
import {createNodeSystem} from '../../source/system/node-system.js';

const fix = (path: string): Fix => ({title: 'Make it private', commands: [`chmod 600 ${path}`], safe: true, actions: [{kind: 'chmod', path, mode: 0o600}]});

test('chmod 600: the preview shows the command and current → new mode; apply changes the mode only', async t => {
	const dir = mkdtempSync(join(tmpdir(), 'ggc-chmod-'));
	t.after(() => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const path = join(dir, '.netrc');
	writeFileSync(path, 'machine a login b password c\n', {mode: 0o644});
	const planned = await planFix(fix(path), {system: createNodeSystem({HOME: dir}), redactor: new Redactor()});
	assert.ok(!('unavailable' in planned));
	assert.equal(planned.preview, `$ chmod 600 ${path}\n  mode 644 → 600; the content is not touched`);
	const result = await planned.apply();
	assert.ok(result.ok, result.message);
	assert.equal(statSync(path).mode & 0o777, 0o600);
	assert.equal(readFileSync(path, 'utf8'), 'machine a login b password c\n');
});

test('chmod: a file already at that mode or missing is unavailable, with the reason', async t => {
	const dir = mkdtempSync(join(tmpdir(), 'ggc-chmod-'));
	t.after(() => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const path = join(dir, '.netrc');
	writeFileSync(path, 'x', {mode: 0o600});
	const same = await planFix(fix(path), {system: createNodeSystem({HOME: dir}), redactor: new Redactor()});
	assert.deepEqual(same, {unavailable: `${path} already has mode 600: nothing to do`});
	const missing = await planFix(fix(join(dir, 'nope')), {system: createNodeSystem({HOME: dir}), redactor: new Redactor()});
	assert.ok('unavailable' in missing && /does not exist/.test(missing.unavailable));
});
