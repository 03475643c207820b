// The real FileWriter: atomic replace (temp file in the same directory, then rename), modes, links, no overwrite.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {nodeFileWriter} from '../../source/system/file-writer.js';

function tempDir(t: {after: (fn: () => void) => void}) {
	const dir = mkdtempSync(join(tmpdir(), 'ggc-writer-'));
	t.after(() => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	return dir;
}

test('writeFileAtomic replaces the content, sets the mode asked for, and leaves no temporary file', async t => {
	const dir = tempDir(t);
	const path = join(dir, 'file');
	writeFileSync(path, 'old', {mode: 0o644});
	const before = statSync(path).ino;
	const written = await nodeFileWriter.writeFileAtomic(path, Buffer.from('new\r\nbytes'), 0o640);
	assert.equal(written.path, path);
	assert.equal(readFileSync(path, 'utf8'), 'new\r\nbytes');
	assert.equal(statSync(path).mode & 0o777, 0o640);
	assert.notEqual(statSync(path).ino, before, 'a new file was renamed into place (not rewritten in place)');
	assert.deepEqual(readdirSync(dir), ['file']);
});

test('writeFileAtomic creates a missing file with the mode asked for, whatever the umask', async t => {
	const dir = tempDir(t);
	const path = join(dir, 'new');
	const umask = process.umask(0o022);
	try {
		await nodeFileWriter.writeFileAtomic(path, Buffer.from('x'), 0o600);
	} finally {
		process.umask(umask);
	}
	assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('writeFileAtomic through a symbolic link rewrites the target and keeps the link', async t => {
	const dir = tempDir(t);
	const target = join(dir, 'target');
	const link = join(dir, 'link');
	writeFileSync(target, 'old');
	symlinkSync(target, link);
	const written = await nodeFileWriter.writeFileAtomic(link, Buffer.from('new'), 0o600);
	assert.equal(written.path, target);
	assert.ok(lstatSync(link).isSymbolicLink());
	assert.equal(readFileSync(target, 'utf8'), 'new');
	assert.deepEqual(readdirSync(dir).sort(), ['link', 'target']);
});

test('writeFileAtomic into a directory that does not exist fails and leaves nothing behind', async t => {
	const dir = tempDir(t);
	await assert.rejects(nodeFileWriter.writeFileAtomic(join(dir, 'missing', 'file'), Buffer.from('x'), 0o600), {code: 'ENOENT'});
	assert.deepEqual(readdirSync(dir), []);
});

test('writeFileAtomic onto a directory fails; the temporary file is removed', async t => {
	const dir = tempDir(t);
	await assert.rejects(nodeFileWriter.writeFileAtomic(dir, Buffer.from('x'), 0o600));
	assert.deepEqual(readdirSync(dir), []);
});

test('copyFile never overwrites (EEXIST) and gives the copy the mode asked for', async t => {
	const dir = tempDir(t);
	writeFileSync(join(dir, 'a'), 'original', {mode: 0o644});
	writeFileSync(join(dir, 'b'), 'precious');
	await assert.rejects(nodeFileWriter.copyFile(join(dir, 'a'), join(dir, 'b'), 0o600), {code: 'EEXIST'});
	assert.equal(readFileSync(join(dir, 'b'), 'utf8'), 'precious');
	await nodeFileWriter.copyFile(join(dir, 'a'), join(dir, 'c'), 0o600);
	assert.equal(readFileSync(join(dir, 'c'), 'utf8'), 'original');
	assert.equal(statSync(join(dir, 'c')).mode & 0o777, 0o600);
});
