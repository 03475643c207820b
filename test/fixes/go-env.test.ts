// The go-env fix: `go env -w KEY=VALUE` / `go env -u KEY` exactly, through system.exec (docs/go.md §4: the
// environment beats the go env file, so a key set there is not fixable with go env -w).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Redactor} from '../../source/engine/redact.js';
import type {Fix, FixAction} from '../../source/engine/types.js';
import {planFix} from '../../source/fixes/index.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {fakeSystem, type FakeFile} from '../helpers/fake-system.js';
import {fakeWriter} from './fake-writer.js';

const envFile = '/home/user/.config/go/env';

function goFix(...actions: FixAction[]): Fix {
	return {title: 'Tell Go the module is private', commands: [], safe: true, actions};
}

function goSystem(options: {env?: Record<string, string>; current?: Record<string, string>; files?: Record<string, FakeFile>; failWrite?: string} = {}) {
	const current = {GOPRIVATE: '', GONOPROXY: 'corp.example', ...options.current};
	return fakeSystem({
		env: {HOME: '/home/user', ...options.env},
		files: options.files ?? {},
		commands: {
			go: args => {
				if (args[0] === 'env' && args[1] === '-w') {
					if (options.failWrite) return {code: 1, stderr: `${options.failWrite}\n`};
					const [key, value] = args[2]!.split(/=(.*)/s);
					current[key as keyof typeof current] = value!;
					return {};
				}
				if (args[0] === 'env' && args[1] === '-u') {
					current[args[2] as keyof typeof current] = '';
					return {};
				}
				if (args[0] === 'env') return {stdout: args.slice(1).map(key => (key === 'GOENV' ? envFile : current[key as keyof typeof current] ?? '')).join('\n') + '\n'};
				return {code: 2};
			},
		},
	});
}

test('go env -w: the preview is the exact command, the file it edits and current → new; apply runs exactly that', async () => {
	const files: Record<string, FakeFile> = {[envFile]: 'GOPROXY=direct\n'};
	const system = goSystem({files, current: {GOPRIVATE: 'corp.example'}});
	const planned = await planFix(goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'corp.example,gitlab.example.com'}), {system, redactor: new Redactor(), writer: fakeWriter(files), now: () => new Date(0)});
	assert.ok(!('unavailable' in planned), JSON.stringify(planned));
	assert.equal(planned.preview, `$ go env -w GOPRIVATE=corp.example,gitlab.example.com\n  edits ${envFile} (the go env file)\n  GOPRIVATE: corp.example → corp.example,gitlab.example.com`);
	const result = await planned.apply();
	assert.ok(result.ok, result.message);
	assert.ok(system.calls.includes('go env -w GOPRIVATE=corp.example,gitlab.example.com'), system.calls.join('\n'));
	assert.equal(result.backupPath, `${envFile}.bak-19700101-000000`);
	assert.equal(files[result.backupPath!] && String((files[result.backupPath!] as {text: Buffer}).text), 'GOPROXY=direct\n');
	assert.match(result.message, /GOPRIVATE is now corp\.example,gitlab\.example\.com/);
});

test('go env -u for a key, in the order the fix lists; one combined preview; one backup of the shared file', async () => {
	const files: Record<string, FakeFile> = {[envFile]: 'GONOPROXY=corp.example\n'};
	const system = goSystem({files});
	const writer = fakeWriter(files);
	const planned = await planFix(
		goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'gitlab.example.com'}, {kind: 'go-env', key: 'GONOPROXY', value: undefined}),
		{system, redactor: new Redactor(), writer, now: () => new Date(0)},
	);
	assert.ok(!('unavailable' in planned));
	assert.match(planned.preview, /^\$ go env -w GOPRIVATE=gitlab\.example\.com$/m);
	assert.match(planned.preview, /^\$ go env -u GONOPROXY$/m);
	assert.match(planned.preview, /GONOPROXY: corp\.example → \(removed from the go env file/);
	const result = await planned.apply();
	assert.ok(result.ok, result.message);
	const runs = system.calls.filter(call => call.startsWith('go env -'));
	assert.deepEqual(runs, ['go env -w GOPRIVATE=gitlab.example.com', 'go env -u GONOPROXY']);
	assert.equal(writer.calls.filter(call => call.startsWith('copy')).length, 1, 'the go env file is backed up once, before the first change');
});

test('a key set in the OS environment: unavailable, with the sentence that says where to change it', async () => {
	const planned = await planFix(goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'x'}), {system: goSystem({env: {GOPRIVATE: 'corp.example'}}), redactor: new Redactor()});
	assert.deepEqual(planned, {unavailable: 'GOPRIVATE is set in your environment, which beats go env -w: change it in your shell profile'});
	const unset = await planFix(goFix({kind: 'go-env', key: 'GONOSUMDB', value: undefined}), {system: goSystem({env: {GONOSUMDB: 'x'}}), redactor: new Redactor()});
	assert.ok('unavailable' in unset && /GONOSUMDB is set in your environment/.test(unset.unavailable));
});

test('an empty variable in the environment does not beat the file (docs/go.md §4): the fix is offered', async () => {
	const planned = await planFix(goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'x'}), {system: goSystem({env: {GOPRIVATE: ''}}), redactor: new Redactor()});
	assert.ok(!('unavailable' in planned));
});

test('go not installed, or GOENV=off: unavailable with the reason', async () => {
	const noGo = await planFix(goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'x'}), {system: fakeSystem({}), redactor: new Redactor()});
	assert.ok('unavailable' in noGo && /go is not installed/.test(noGo.unavailable));
	const off = fakeSystem({commands: {'go env GOENV GOPRIVATE': {stdout: 'off\n\n'}}});
	const planned = await planFix(goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'x'}), {system: off, redactor: new Redactor()});
	assert.ok('unavailable' in planned && /GOENV=off/.test(planned.unavailable));
});

test('go env -w failing is reported with go\'s own words; the remaining steps do not run', async () => {
	const system = goSystem({failWrite: 'go: reading go.env: permission denied'});
	const planned = await planFix(
		goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'gitlab.example.com'}, {kind: 'go-env', key: 'GONOPROXY', value: undefined}),
		{system, redactor: new Redactor(), writer: fakeWriter({})},
	);
	assert.ok(!('unavailable' in planned));
	const result = await planned.apply();
	assert.equal(result.ok, false);
	assert.match(result.message, /go env -w GOPRIVATE=gitlab\.example\.com failed: go: reading go\.env: permission denied/);
	assert.match(result.message, /remaining steps of this fix were not run/);
	assert.ok(!system.calls.includes('go env -u GONOPROXY'));
});

const goInstalled = spawnSync('go', ['version']).status === 0;

test('with the real go: go env -w writes the go env file (keeping its other settings) after a backup', {skip: goInstalled ? false : 'go is not installed: skipping the real go env -w run'}, async t => {
	const home = mkdtempSync(join(tmpdir(), 'ggc-goenv-'));
	t.after(() => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const file = join(home, 'goenv');
	writeFileSync(file, 'GOPROXY=direct\nGOSUMDB=off\n');
	const system = createNodeSystem({HOME: home, PATH: process.env['PATH'], GOENV: file, GOTOOLCHAIN: 'local', GOFLAGS: '', GOCACHE: join(home, 'cache')});
	const planned = await planFix(goFix({kind: 'go-env', key: 'GOPRIVATE', value: 'gitlab.example.com'}), {system, redactor: new Redactor(), now: () => new Date(Date.UTC(2026, 1, 2, 3, 4, 5))});
	assert.ok(!('unavailable' in planned), JSON.stringify(planned));
	assert.match(planned.preview, new RegExp(`edits ${file} `));
	const result = await planned.apply();
	assert.ok(result.ok, result.message);
	const written = readFileSync(file, 'utf8');
	assert.match(written, /^GOPRIVATE=gitlab\.example\.com$/m);
	assert.match(written, /^GOPROXY=direct$/m);
	assert.match(written, /^GOSUMDB=off$/m);
	assert.equal(readFileSync(result.backupPath!, 'utf8'), 'GOPROXY=direct\nGOSUMDB=off\n');
	assert.deepEqual(readdirSync(home).filter(name => name.startsWith('goenv')).sort(), ['goenv', 'goenv.bak-20260202-030405']);
});
