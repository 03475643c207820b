// The one command builder (fixes/command.ts) and the fix builders (fixes/builders.ts): quoting for the user's shell,
// values validated by kind, a refused value shown as data; and, through the real checks, that a host a server named
// (`x';>pwned;'`, which Go's URL parser accepts) never reaches a command.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {gitAccessCheck} from '../../source/checks/git-access.js';
import {judgeSshFailure} from '../../source/checks/git-auth-ssh.js';
import type {GitRouteData} from '../../source/engine/check-data.js';
import type {Fix} from '../../source/engine/types.js';
import {defaultNetrcLogin, gitCaFix, goEnvFix, netrcEntryFix} from '../../source/fixes/builders.js';
import {host, quoteArg, sh, UnsafeValue} from '../../source/fixes/command.js';
import {planNetrcEdit} from '../../source/fixes/netrc-edit.js';
import {findGoNetrcEntry, parseGoNetrc} from '../../source/rules/go-netrc.js';
import {isHostName} from '../../source/rules/hosts.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const hostile = "x';>pwned;'";

function parsesInBash(command: string): boolean {
	return spawnSync('bash', ['-n', '-c', command]).status === 0;
}

/** Runs a POSIX command the way a person pasting it would, and gives back argv as the program sees it. */
function argvOf(commandLine: string): string[] {
	const result = spawnSync('sh', ['-c', `${commandLine}`, 'sh'], {encoding: 'utf8'});
	return result.stdout.split('\0').slice(0, -1);
}

test('quoteArg: any text, quoted for POSIX sh, reaches the program as exactly one argument, byte for byte', () => {
	fc.assert(
		fc.property(fc.string({unit: 'binary', maxLength: 40}).filter(text => !text.includes('\0')), text => {
			assert.deepEqual(argvOf(`printf '%s\\0' ${quoteArg(text, 'posix')}`), [text]);
		}),
		{numRuns: 150},
	);
});

test('quoteArg for PowerShell doubles single quotes (typographic ones too) and leaves plain words bare', () => {
	assert.equal(quoteArg("it's", 'powershell'), "'it''s'");
	assert.equal(quoteArg('it’s', 'powershell'), "'it’’s'");
	assert.equal(quoteArg('C:\\Users\\me\\_netrc', 'powershell'), 'C:\\Users\\me\\_netrc');
	assert.equal(quoteArg('$env:HOME', 'powershell'), "'$env:HOME'");
});

test('host names: names and IP literals with a port pass; quotes, spaces, control characters and shell words do not', () => {
	for (const good of ['gitlab.example.com', 'gitlab.example.com:8443', '10.0.0.1', '[::1]:443', 'localhost', 'geo_1.corp']) assert.ok(isHostName(good), good);
	for (const bad of [hostile, 'a b', 'a\nb', 'a;b', '$(id)', '`id`', 'x|y', '', 'a.example.com:99999', '\u001b[31m']) assert.ok(!isHostName(bad), bad);
	assert.throws(() => sh`ssh-keyscan ${host(hostile)}`, UnsafeValue);
});

test('a go-import answer naming the host x\';>pwned;\' yields no runnable command anywhere: shown as data, not safe', async () => {
	const route: GitRouteData = {originalUrl: `https://${hostile}/group/project.git`, urlSource: 'go-import', url: `https://${hostile}/group/project.git`, kind: 'https', host: hostile, embeddedCredential: false, differentHost: true, moduleHost: 'gitlab.example.com'};
	const fixes: Fix[] = [];
	for (const stderr of [
		`fatal: could not read Username for 'https://x': terminal prompts disabled\n`,
		`fatal: unable to access 'https://x/': SSL certificate problem: unable to get local issuer certificate\n`,
		`remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://x/'\n`,
	]) {
		const system = fakeSystem({env: {HOME: '/home/u'}});
		system.exec = {async run(_command, args) {
			return args[0] === 'ls-remote' ? {code: 128, stdout: '', stderr, timedOut: false} : {code: 0, stdout: '', stderr: '', timedOut: false};
		}};
		const upstream = upstreamOf({'git-route': route, 'git-auth': {method: 'helper', source: 'store'}});
		fixes.push(...((await runCheck(gitAccessCheck, system, upstream, {offline: false})).outcome.fixes ?? []));
	}
	const probe = {code: 255, stdout: '', stderr: '', timedOut: false};
	for (const failure of [{kind: 'host-key-unknown'}, {kind: 'host-key-changed', file: '/home/u/.ssh/known_hosts', line: 3}, {kind: 'dns', host: hostile}] as const) {
		fixes.push(...(judgeSshFailure(failure, {host: hostile, port: 22, moduleHost: 'gitlab.example.com', identityFiles: [], connectSeconds: 10, probe}).fixes ?? []));
	}
	fixes.push(netrcEntryFix({host: hostile, file: '/home/u/.netrc', applicable: true}), gitCaFix(hostile, undefined));
	assert.ok(fixes.some(fix => fix.title.includes(hostile)), 'the value is still shown, as data');
	for (const fix of fixes) {
		for (const command of fix.commands) {
			assert.ok(!command.includes('pwned'), `a command carries the server's host: ${command}`);
			assert.ok(parsesInBash(command), `does not parse: ${command}`);
		}
		if (fix.title.includes(hostile)) assert.equal(fix.safe, false, fix.title);
		assert.ok(!fix.link?.includes('pwned'), `a link to the server's host: ${fix.link}`);
	}
});

test('the printed netrc command: private first, newline-safe (another host keeps its password), and the login the applied fix writes', t => {
	const home = mkdtempSync(join(tmpdir(), 'ggc-command-'));
	t.after(() => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const path = join(home, '.netrc');
	// The last line has no newline: appending "machine …" right after it would make `othersecretmachine` its password.
	writeFileSync(path, 'machine other.example.com login a password othersecret', {mode: 0o644});
	const fix = netrcEntryFix({host: 'gitlab.example.com', file: path, applicable: true});
	assert.equal(fix.commands.length, 1);
	const run = spawnSync('sh', ['-c', fix.commands[0]!.replace('YOUR_TOKEN', 'glpat-Pasted000000000001')], {encoding: 'utf8'});
	assert.equal(run.status, 0, run.stderr);
	const entries = parseGoNetrc(readFileSync(path, 'utf8')).entries;
	assert.equal(findGoNetrcEntry(entries, 'other.example.com')?.password, 'othersecret', 'the other host keeps its password');
	const added = findGoNetrcEntry(entries, 'gitlab.example.com');
	assert.equal(added?.password, 'glpat-Pasted000000000001');
	const applied = planNetrcEdit('', {host: 'gitlab.example.com', token: 'glpat-Applied00000000001'}, {fileExists: false});
	assert.ok(!('refused' in applied));
	assert.equal(added?.login, applied.login, 'the printed fix and the applied fix write the same login');
	assert.equal(added?.login, defaultNetrcLogin);
	const mode = spawnSync('stat', ['-c', '%a', path], {encoding: 'utf8'}).stdout.trim();
	assert.equal(mode, '600', 'the file is private before the token is in it');
});

test('goEnvFix quotes values, refuses control characters in them, and is safe only outside the OS environment', () => {
	const fix = goEnvFix('t', [{key: 'GOPRIVATE', value: "corp.example.com,it's", inEnvironment: false}]);
	assert.deepEqual(fix.commands, [`go env -w GOPRIVATE='corp.example.com,it'\\''s'`]);
	assert.equal(fix.safe, true);
	assert.deepEqual(argvOf(`printf '%s\\0' ${fix.commands[0]!.slice('go env -w '.length)}`), ["GOPRIVATE=corp.example.com,it's"]);
	const environment = goEnvFix('t', [{key: 'GOPRIVATE', value: 'a', inEnvironment: true}]);
	assert.equal(environment.safe, false);
	const refused = goEnvFix('t', [{key: 'GOPRIVATE', value: 'a\u001b]52;c;x\u0007', inEnvironment: false}]);
	assert.deepEqual(refused.commands, []);
	assert.match(refused.title, /\\u001b/);
});
