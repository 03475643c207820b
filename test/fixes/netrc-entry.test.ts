// The netrc-entry fix on real files in a temporary directory: preview, backup, atomic write, modes, refusals.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Redactor} from '../../source/engine/redact.js';
import type {Fix} from '../../source/engine/types.js';
import {planFix, type FixPlan} from '../../source/fixes/index.js';
import {findGoNetrcEntry, parseGoNetrc} from '../../source/rules/go-netrc.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {fakeSystem} from '../helpers/fake-system.js';
import {fakeWriter} from './fake-writer.js';

const host = 'gitlab.example.com';
const token = 'glpat-TypedByTheUser42';
const oldToken = 'glpat-OldSecretValue77';

function tempHome(t: {after: (fn: () => void) => void}) {
	const home = mkdtempSync(join(tmpdir(), 'ggc-fix-'));
	t.after(() => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	return home;
}

function netrcFix(path: string, login?: string): Fix {
	return {title: `Add an entry for ${host}`, commands: [], safe: true, actions: [{kind: 'netrc-entry', path, host, ...(login ? {login} : {})}]};
}

async function plan(fix: Fix, home: string, redactor = new Redactor(), now = new Date(Date.UTC(2026, 0, 25, 10, 30, 0))): Promise<FixPlan> {
	const planned = await planFix(fix, {system: createNodeSystem({HOME: home, PATH: process.env['PATH']}), redactor, now: () => now});
	assert.ok(!('unavailable' in planned), 'unavailable' in planned ? planned.unavailable : '');
	return planned;
}

test('replacing an entry: the preview is a masked unified diff; apply backs up, keeps mode and every other byte, leaves no temp file', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	const original = `# personal\nmachine other.example.com login a password other-secret\n\nmachine ${host} login me password ${oldToken}\nmacdef init\ncd /pub\n\n`;
	writeFileSync(path, original, {mode: 0o640});
	const redactor = new Redactor();
	const planned = await plan(netrcFix(path), home, redactor);
	assert.match(planned.secretPrompt ?? '', /token for gitlab\.example\.com/);
	assert.match(planned.preview, new RegExp(`^--- ${path}\\n\\+\\+\\+ ${path}\\n@@ `));
	assert.match(planned.preview, /^-machine gitlab\.example\.com login me password \*\*\*\*$/m);
	assert.match(planned.preview, /^\+machine gitlab\.example\.com login me password \*\*\*\*$/m);
	for (const secret of [oldToken, 'other-secret', 'PLACEHOLDER']) assert.ok(!planned.preview.includes(secret), `preview shows ${secret}:\n${planned.preview}`);
	assert.match(planned.preview, /mode 640\), so it becomes mode 600 \(chmod 600\) before the token is in it/, 'the chmod is in the same confirmation');

	const result = await planned.apply({secret: token});
	assert.ok(result.ok, result.message);
	assert.equal(result.backupPath, `${path}.bak-20260125-103000`);
	assert.equal(readFileSync(result.backupPath!, 'utf8'), original, 'the backup equals the original');
	assert.equal(statSync(result.backupPath!).mode & 0o777, 0o600, 'the backup of a credentials file is private');
	assert.equal(readFileSync(path, 'utf8'), original.replace(oldToken, token));
	assert.equal(statSync(path).mode & 0o777, 0o600, 'a token is never left in a file others can read: 640 becomes 600 in the same write');
	assert.deepEqual(readdirSync(home).sort(), ['.netrc', '.netrc.bak-20260125-103000'], 'no temporary file is left');
	assert.ok(!result.message.includes(token) && !result.message.includes(oldToken), result.message);
	assert.match(result.message, /readable by other users \(mode 640\)/);
	assert.deepEqual(await planned.apply({secret: token}).then(second => second.ok), false, 'a plan applies once');
});

test('a missing file is created with mode 600 and nothing else in it; no backup', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	const planned = await plan(netrcFix(path), home);
	assert.match(planned.preview, /^--- \/dev\/null$/m);
	assert.match(planned.preview, /created with mode 600/);
	const result = await planned.apply({secret: token});
	assert.ok(result.ok, result.message);
	assert.equal(result.backupPath, undefined);
	assert.equal(readFileSync(path, 'utf8'), `machine ${host} login oauth2 password ${token}\n`);
	assert.equal(statSync(path).mode & 0o777, 0o600);
	assert.deepEqual(readdirSync(home), ['.netrc']);
});

test('an added entry keeps a CRLF file CRLF, a BOM and a missing final newline; Go then finds it', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	const original = '\uFEFF# creds\r\nmachine other.example.com login a password pa\r\ndefault login anon password guest';
	writeFileSync(path, original, {mode: 0o600});
	const planned = await plan(netrcFix(path), home);
	assert.match(planned.preview, /CRLF/);
	const result = await planned.apply({secret: token});
	assert.ok(result.ok, result.message);
	const written = readFileSync(path, 'utf8');
	assert.ok(written.includes(original), 'every original byte is still there, in one piece');
	assert.ok(!/[^\r]\n/.test(written), 'no LF-only line');
	assert.ok(!written.endsWith('\n'), 'still no final newline');
	assert.equal(findGoNetrcEntry(parseGoNetrc(written).entries, host)?.password, token);
	assert.equal(readFileSync(result.backupPath!, 'utf8'), original);
});

test('a symbolic link (a dotfiles repository) stays a link; the file it points to is edited and backed up through the link', async t => {
	const home = tempHome(t);
	const target = join(home, 'dotfiles-netrc');
	const link = join(home, '.netrc');
	writeFileSync(target, 'machine other.example.com login a password pa\n', {mode: 0o600});
	symlinkSync(target, link);
	const result = await (await plan(netrcFix(link), home)).apply({secret: token});
	assert.ok(result.ok, result.message);
	assert.ok(lstatSync(link).isSymbolicLink());
	assert.equal(readlinkSync(link), target);
	assert.match(readFileSync(target, 'utf8'), new RegExp(`machine ${host} login oauth2 password ${token}`));
	assert.equal(readFileSync(result.backupPath!, 'utf8'), 'machine other.example.com login a password pa\n');
});

test('a bad token is refused with a clear message; nothing is written or backed up, and the token is not echoed', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	writeFileSync(path, 'machine other.example.com login a password pa\n', {mode: 0o600});
	const planned = await plan(netrcFix(path), home);
	for (const [bad, message] of [[`${token} `, /space, tab or line break/], [`"${token}"`, /quote/], ['', /empty/]] as const) {
		const result = await planned.apply({secret: bad});
		assert.equal(result.ok, false);
		assert.match(result.message, message);
		if (bad.length > 4) assert.ok(!result.message.includes(token), result.message);
	}
	assert.equal((await planned.apply({})).ok, false, 'no token at all');
	assert.deepEqual(readdirSync(home), ['.netrc']);
	assert.equal(readFileSync(path, 'utf8'), 'machine other.example.com login a password pa\n');
});

test('the file changed after the preview: nothing is written', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	writeFileSync(path, 'machine other.example.com login a password pa\n', {mode: 0o600});
	const planned = await plan(netrcFix(path), home);
	writeFileSync(path, 'machine other.example.com login a password CHANGED\n');
	const result = await planned.apply({secret: token});
	assert.equal(result.ok, false);
	assert.match(result.message, /changed since the preview/);
	assert.equal(readFileSync(path, 'utf8'), 'machine other.example.com login a password CHANGED\n');
	assert.deepEqual(readdirSync(home), ['.netrc']);
});

test('a file that is not UTF-8 cannot be edited without changing other bytes: unavailable', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	writeFileSync(path, Buffer.from([0x6d, 0x61, 0xff, 0x0a]));
	const planned = await planFix(netrcFix(path), {system: createNodeSystem({HOME: home}), redactor: new Redactor()});
	assert.ok('unavailable' in planned);
	assert.match(planned.unavailable, /not valid UTF-8/);
});

test('a directory that does not exist: unavailable, with the reason', async t => {
	const home = tempHome(t);
	const planned = await planFix(netrcFix(join(home, 'missing', '.netrc')), {system: createNodeSystem({HOME: home}), redactor: new Redactor()});
	assert.ok('unavailable' in planned);
	assert.match(planned.unavailable, /directory .* does not exist/);
});

test('a write that fails leaves the file as it was and says so; the backup is kept', async () => {
	const files = {'/home/u/.netrc': {text: 'machine a login b password c\n', mode: 0o600}};
	const writer = fakeWriter(files, {failWrites: 'ENOSPC'});
	const planned = await planFix(netrcFix('/home/u/.netrc'), {system: fakeSystem({files}), redactor: new Redactor(), writer, now: () => new Date(0)});
	assert.ok(!('unavailable' in planned));
	const result = await planned.apply({secret: token});
	assert.equal(result.ok, false);
	assert.match(result.message, /no space left .* unchanged .*backup/);
	assert.equal(String((files['/home/u/.netrc'] as {text: string}).text), 'machine a login b password c\n');
	assert.deepEqual(writer.calls, ['copy /home/u/.netrc /home/u/.netrc.bak-19700101-000000 600', 'write /home/u/.netrc 600']);
});

test('an existing backup of the same second is never overwritten', async () => {
	const files: Record<string, {text: string; mode: number}> = {
		'/home/u/.netrc': {text: 'machine a login b password c\n', mode: 0o600},
		'/home/u/.netrc.bak-19700101-000000': {text: 'older backup', mode: 0o600},
	};
	const writer = fakeWriter(files);
	const planned = await planFix(netrcFix('/home/u/.netrc'), {system: fakeSystem({files}), redactor: new Redactor(), writer, now: () => new Date(0)});
	assert.ok(!('unavailable' in planned));
	const result = await planned.apply({secret: token});
	assert.ok(result.ok, result.message);
	assert.equal(result.backupPath, '/home/u/.netrc.bak-19700101-000000-1');
	assert.equal(files['/home/u/.netrc.bak-19700101-000000']!.text, 'older backup');
});

test('the passwords already in the file are registered with the run redactor (they may reach other output)', async t => {
	const home = tempHome(t);
	const path = join(home, '.netrc');
	writeFileSync(path, `machine other.example.com login a password ${oldToken}\n`, {mode: 0o600});
	const redactor = new Redactor();
	await plan(netrcFix(path), home, redactor);
	assert.ok(!redactor.redact(`x ${oldToken} y`).includes(oldToken));
});
