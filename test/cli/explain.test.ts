// `gitlab-go-check explain` as a user runs it: a noisy CI log (ANSI colours, CRLF, runner timestamps, several modules,
// go's and git's lines interleaved, a token in clear), standard input, text on the command line, text it does not
// know, and the usage errors. Runs the built CLI.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {runCli} from '../helpers/run-cli.js';

const ciLog = fileURLToPath(new URL('../fixtures/ci-log-several-errors.txt', import.meta.url));
const env = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', NO_COLOR: '1'};

type Failure = {reason: string; check: string; alsoChecks: string[]; module: string | null; host: string | null; url: string | null; confirm: string; fixes: Array<{title: string; commands: string[]}>};

test('explain on a noisy CI log names every failure, with module, host, URL, check, confirm command and fixes', async () => {
	const run = await runCli(['explain', ciLog, '--json'], {env});
	assert.equal(run.code, 0, run.stderr);
	const document = JSON.parse(run.stdout) as {schemaVersion: number; recognised: boolean; failures: Failure[]};
	assert.equal(document.recognised, true);
	const summary = document.failures.map(f => [f.reason, f.module, f.host, f.check]);
	assert.deepEqual(summary, [
		['public-proxy', 'gitlab.example.com/platform/tools/lint', 'gitlab.example.com', 'private-module'],
		['gitlab-two-segment', 'gitlab.example.com/platform/sub/auth', 'gitlab.example.com', 'go-import'],
		['git-tls', null, 'gitlab.example.com', 'git-access'],
		['go-tls', 'gitlab.example.com/platform/sub/auth', 'gitlab.example.com', 'https'],
	]);
	assert.equal(document.failures[1]!.url, 'https://gitlab.example.com/platform/sub.git/');
	assert.equal(document.failures[1]!.confirm, 'gitlab-go-check gitlab.example.com/platform/sub/auth');
	assert.equal(document.failures[2]!.confirm, 'gitlab-go-check gitlab.example.com/platform/legacy');
	assert.ok(document.failures[0]!.fixes.some(fix => fix.commands.some(command => /^go env -w GOPRIVATE='?gitlab\.example\.com'?$/.test(command))));
	assert.ok(document.failures[1]!.fixes.some(fix => fix.commands.some(command => command.includes('.netrc'))));
});

test('explain plain output: no colour codes from the log, no secret, each fix printed in full once', async () => {
	const run = await runCli(['explain', ciLog], {env});
	assert.equal(run.code, 0, run.stderr);
	assert.ok(!run.stdout.includes('\u001b'), 'an escape sequence from the log reached the output');
	for (const secret of ['SuperSecret1234567', 'hunter2hunter2']) assert.ok(!run.stdout.includes(secret), `${secret} reached the output`);
	assert.match(run.stdout, /4 failures found/);
	assert.match(run.stdout, /Confirm: \$ gitlab-go-check gitlab\.example\.com\/platform\/sub\/auth/);
	// Two failures in the log want the same CA for Go? No: one netrc fix, one GOPRIVATE fix; each command once.
	const netrcCommand = "'machine gitlab.example.com login oauth2 password YOUR_TOKEN' >> ~/.netrc";
	assert.equal(run.stdout.split(netrcCommand).length - 1, 1);
});

test('explain repeats no fix: the second failure that needs it points back', async () => {
	const text = [
		"go: module gitlab.example.com/a/sub/one: git ls-remote -q origin in /x: exit status 128:\n\tfatal: could not read Username for 'https://gitlab.example.com': terminal prompts disabled",
		"go: module gitlab.example.com/a/sub/two: git ls-remote -q origin in /y: exit status 128:\n\tfatal: could not read Username for 'https://gitlab.example.com': terminal prompts disabled",
	].join('\n');
	const run = await runCli(['explain', '-'], {env, input: text});
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stdout, /2 failures found/);
	assert.equal(run.stdout.split("password YOUR_TOKEN' >> ~/.netrc").length - 1, 1);
	assert.match(run.stdout, /the same as above/);
});

test('explain reads the text from the command line and from standard input without an argument', async () => {
	const words = ['go:', '-insecure', 'flag', 'is', 'no', 'longer', 'supported;', 'use', 'GOINSECURE', 'instead'];
	const fromArgs = await runCli(['explain', ...words], {env});
	assert.equal(fromArgs.code, 0, fromArgs.stderr);
	assert.match(fromArgs.stdout, /go-insecure-flag/);
	const fromStdin = await runCli(['explain', '--json'], {env, input: 'Host key verification failed.\nfatal: Could not read from remote repository.\n'});
	assert.equal(fromStdin.code, 0, fromStdin.stderr);
	assert.equal((JSON.parse(fromStdin.stdout) as {failures: Failure[]}).failures[0]!.reason, 'ssh-host-key');
});

test('explain on text it does not know says so, shows the error-looking lines, suggests the checks, exits 1', async () => {
	const run = await runCli(['explain'], {env, input: 'step 1 ok\nsomething: error: disk quota exceeded glpat-abcdefghijkl\nstep 3 ok\n'});
	assert.equal(run.code, 1);
	assert.match(run.stdout, /no go or git failure this tool knows/);
	assert.match(run.stdout, /disk quota exceeded/);
	assert.match(run.stdout, /gitlab-go-check MODULE/);
	assert.ok(!run.stdout.includes('abcdefghijkl'));
	const json = await runCli(['explain', '--json'], {env, input: 'nothing here\n'});
	assert.equal(json.code, 1);
	assert.equal((JSON.parse(json.stdout) as {recognised: boolean}).recognised, false);
});

test('explain usage errors exit 2 with a clear message: unknown option, missing file, a directory', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'explain-'));
	try {
		writeFileSync(join(dir, 'empty.log'), '');
		for (const args of [['explain', '--bogus'], ['explain', './no-such-file.log'], ['explain', dir]]) {
			const run = await runCli(args, {env});
			assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}`);
			assert.match(run.stderr, /gitlab-go-check explain: /);
			assert.ok(!run.stderr.includes('    at '), 'a stack trace');
		}
		const empty = await runCli(['explain', join(dir, 'empty.log')], {env});
		assert.equal(empty.code, 1);
	} finally {
		rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	}
});
