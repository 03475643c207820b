// The git-config and git-ca fixes: exact `git config --global …` commands (fake exec), and the whole flow on the
// real git with GIT_CONFIG_GLOBAL pointing at a temporary file (docs/git.md §1.3: which config applies).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Redactor} from '../../source/engine/redact.js';
import type {Fix, FixAction} from '../../source/engine/types.js';
import {planFix} from '../../source/fixes/index.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {getTestPki} from '../fake-gitlab/pki.js';
import {fakeSystem} from '../helpers/fake-system.js';
import {fakeWriter} from './fake-writer.js';

const fix = (action: FixAction): Fix => ({title: 'git setting', commands: [], safe: true, actions: [action]});

function gitSystem(values: Record<string, string[]>) {
	return fakeSystem({
		env: {HOME: '/home/user'},
		files: {'/home/user/.gitconfig': '[user]\n\tname = Me\n'},
		commands: {
			git: args => {
				if (args.includes('--list')) return {stdout: 'file:/home/user/.gitconfig\0user.name\nMe\0'};
				const getAll = args.indexOf('--get-all');
				if (getAll >= 0) {
					const found = values[args[getAll + 1]!] ?? [];
					return found.length === 0 ? {code: 1} : {stdout: found.map(value => `${value}\0`).join('')};
				}
				return {};
			},
		},
	});
}

async function runFix(action: FixAction, values: Record<string, string[]>) {
	const system = gitSystem(values);
	const planned = await planFix(fix(action), {system, redactor: new Redactor(), writer: fakeWriter({'/home/user/.gitconfig': '[user]\n\tname = Me\n'}), now: () => new Date(0)});
	return {system, planned};
}

test('set: `git config --global KEY VALUE`, exactly; the preview has the command, the file and the current value', async () => {
	const {system, planned} = await runFix({kind: 'git-config', key: 'url.https://gitlab.example.com/.insteadOf', value: 'git@gitlab.example.com:'}, {});
	assert.ok(!('unavailable' in planned), JSON.stringify(planned));
	assert.equal(planned.preview, [
		"$ git config --global url.https://gitlab.example.com/.insteadOf git@gitlab.example.com:",
		'  edits /home/user/.gitconfig (backed up first)',
		'  current: (not set)',
		'  new: git@gitlab.example.com:',
	].join('\n'));
	const result = await planned.apply();
	assert.ok(result.ok, result.message);
	assert.ok(system.calls.includes('git config --global url.https://gitlab.example.com/.insteadOf git@gitlab.example.com:'), system.calls.join('\n'));
	assert.equal(result.backupPath, '/home/user/.gitconfig.bak-19700101-000000');
});

test('unset: `--unset` for one value, `--unset-all` for several, the value pattern passed through', async () => {
	const one = await runFix({kind: 'git-config', key: 'http.sslVerify', value: undefined}, {'http.sslVerify': ['false']});
	assert.ok(!('unavailable' in one.planned));
	assert.match(one.planned.preview, /^\$ git config --global --unset http\.sslVerify\n.*\n  current: false\n  after: \(not set\)$/);
	await one.planned.apply();
	assert.ok(one.system.calls.includes('git config --global --unset http.sslVerify'));

	const several = await runFix({kind: 'git-config', key: 'url.git@gitlab.example.com:.insteadOf', value: undefined}, {'url.git@gitlab.example.com:.insteadOf': ['https://gitlab.example.com/', 'https://gitlab.example.com']});
	assert.ok(!('unavailable' in several.planned));
	await several.planned.apply();
	assert.ok(several.system.calls.includes('git config --global --unset-all url.git@gitlab.example.com:.insteadOf'));

	const pattern = await runFix({kind: 'git-config', key: 'url.x.insteadOf', value: undefined, valuePattern: '^https://gitlab'}, {'url.x.insteadOf': ['https://gitlab.example.com/', 'other']});
	assert.ok(!('unavailable' in pattern.planned));
	await pattern.planned.apply();
	assert.ok(pattern.system.calls.includes('git config --global --unset url.x.insteadOf ^https://gitlab'));
});

test('unavailable: unsetting a key that is not set; setting a key with several values and no pattern; git missing', async () => {
	const notSet = await runFix({kind: 'git-config', key: 'http.sslVerify', value: undefined}, {});
	assert.ok('unavailable' in notSet.planned && /not set in your global git config/.test(notSet.planned.unavailable));
	const several = await runFix({kind: 'git-config', key: 'credential.helper', value: 'store'}, {'credential.helper': ['cache', 'osxkeychain']});
	assert.ok('unavailable' in several.planned && /has 2 values/.test(several.planned.unavailable));
	const noGit = await planFix(fix({kind: 'git-config', key: 'a.b', value: 'c'}), {system: fakeSystem({}), redactor: new Redactor()});
	assert.ok('unavailable' in noGit && /git is not installed/.test(noGit.unavailable));
});

test('a secret in a current value is redacted in the preview', async () => {
	const {planned} = await runFix({kind: 'git-config', key: 'http.extraHeader', value: undefined}, {'http.extraHeader': ['PRIVATE-TOKEN: glpat-abcdefghijklmnop1234']});
	assert.ok(!('unavailable' in planned));
	assert.ok(!planned.preview.includes('abcdefghijklmnop1234'), planned.preview);
});

const gitInstalled = spawnSync('git', ['--version']).status === 0;

function realGitHome(t: {after: (fn: () => void) => void}) {
	const home = mkdtempSync(join(tmpdir(), 'ggc-git-'));
	t.after(() => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const configDir = join(home, 'cfg');
	mkdirSync(configDir);
	const global = join(configDir, 'gitconfig');
	const env = {HOME: home, PATH: process.env['PATH'], GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: '1'};
	return {home, configDir, global, env, system: createNodeSystem(env)};
}

test('real git: set then unset, each backed up first; every other line of the global file stays', {skip: gitInstalled ? false : 'git is not installed'}, async t => {
	const {configDir, global, system} = realGitHome(t);
	const original = '# my settings\n[user]\n\tname = Me\n\temail = me@example.com\n[url "git@gitlab.example.com:"]\n\tinsteadOf = https://gitlab.example.com/\n';
	writeFileSync(global, original);
	let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
	const context = {system, redactor: new Redactor(), now: () => new Date((clock += 1000))};

	const unset = await planFix(fix({kind: 'git-config', key: 'url.git@gitlab.example.com:.insteadOf', value: undefined}), context);
	assert.ok(!('unavailable' in unset), JSON.stringify(unset));
	assert.match(unset.preview, new RegExp(`edits ${global} `));
	assert.match(unset.preview, /current: https:\/\/gitlab\.example\.com\//);
	const unsetResult = await unset.apply();
	assert.ok(unsetResult.ok, unsetResult.message);
	assert.equal(readFileSync(unsetResult.backupPath!, 'utf8'), original);
	const afterUnset = readFileSync(global, 'utf8');
	assert.ok(!afterUnset.includes('insteadOf'));
	assert.ok(afterUnset.startsWith('# my settings\n[user]\n\tname = Me\n\temail = me@example.com\n'), afterUnset);

	const set = await planFix(fix({kind: 'git-config', key: 'http.https://gitlab.example.com/.sslVerify', value: 'true'}), context);
	assert.ok(!('unavailable' in set));
	const setResult = await set.apply();
	assert.ok(setResult.ok, setResult.message);
	assert.equal(readFileSync(setResult.backupPath!, 'utf8'), afterUnset);
	assert.equal(spawnSync('git', ['config', '--global', '--get', 'http.https://gitlab.example.com/.sslVerify'], {env: system.env as NodeJS.ProcessEnv, encoding: 'utf8'}).stdout, 'true\n');
	assert.equal(readdirSync(configDir).length, 3, `the file and two backups: ${readdirSync(configDir).join(', ')}`);
});

test('real git, git-ca: the typed CA file is checked (missing, not PEM, private key) before git config runs', {skip: gitInstalled ? false : 'git is not installed'}, async t => {
	const {home, global, system} = realGitHome(t);
	writeFileSync(global, '[user]\n\tname = Me\n');
	const pki = await getTestPki();
	const planned = await planFix(fix({kind: 'git-ca', url: 'https://gitlab.example.com/'}), {system, redactor: new Redactor()});
	assert.ok(!('unavailable' in planned), JSON.stringify(planned));
	assert.match(planned.inputPrompt ?? '', /CA certificate file \(PEM\).*https:\/\/gitlab\.example\.com\//);
	assert.match(planned.preview, /^\$ git config --global http\.https:\/\/gitlab\.example\.com\/\.sslCAInfo FILE$/m);

	const notPem = join(home, 'notes.txt');
	writeFileSync(notPem, 'hello');
	const withKey = join(home, 'bundle.pem');
	writeFileSync(withKey, pki.ca.certPem + pki.ca.keyPem);
	for (const [input, message] of [
		[join(home, 'missing.pem'), /there is no file at/],
		[home, /is a directory/],
		[notPem, /holds no PEM certificate/],
		[withKey, /contains a private key/],
		['', /no file was named/],
	] as const) {
		const result = await planned.apply({input});
		assert.equal(result.ok, false, input);
		assert.match(result.message, message);
	}
	assert.equal(readFileSync(global, 'utf8'), '[user]\n\tname = Me\n', 'nothing written while the input was refused');

	const result = await planned.apply({input: pki.ca.cert});
	assert.ok(result.ok, result.message);
	assert.match(result.message, /git now trusts .*valid until/);
	const value = spawnSync('git', ['config', '--global', '--get', 'http.https://gitlab.example.com/.sslCAInfo'], {env: system.env as NodeJS.ProcessEnv, encoding: 'utf8'}).stdout;
	assert.equal(value, `${pki.ca.cert}\n`);
	assert.equal(readFileSync(result.backupPath!, 'utf8'), '[user]\n\tname = Me\n');
});

test('git-ca: `~/` in the typed path is the home directory', async () => {
	const {expandPath} = await import('../../source/fixes/git-ca.js');
	assert.equal(expandPath(fakeSystem({env: {HOME: '/home/user'}}), '~/certs/ca.pem'), '/home/user/certs/ca.pem');
	assert.equal(expandPath(fakeSystem({env: {HOME: '/home/user'}}), '/etc/ssl/ca.pem'), '/etc/ssl/ca.pem');
});
