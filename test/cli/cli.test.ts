import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {checkIds} from '../../source/engine/types.js';
import {emptyHome, runCli} from '../helpers/run-cli.js';

const module = 'gitlab.example.com/group/sub/project';

test('--version prints the name and version and exits 0', async () => {
	const run = await runCli(['--version']);
	assert.equal(run.code, 0);
	assert.match(run.stdout, /^gitlab-go-check \d+\.\d+\.\d+\n$/);
});

test('--help documents every option and the exit statuses', async () => {
	const run = await runCli(['--help']);
	assert.equal(run.code, 0);
	for (const option of ['--json', '--offline', '--timeout', '--verbose', '--version']) assert.match(run.stdout, new RegExp(option));
	assert.match(run.stdout, /Exit status/);
});

for (const [name, args, message] of [
	['an unknown flag', [module, '--frobnicate'], /unknown option --frobnicate/],
	['a missing MODULE', ['--offline'], /missing MODULE/],
	['a URL instead of a module path', ['https://gitlab.example.com/group/project', '--offline'], /not an import path/],
	['a module path with spaces', ['gitlab.example.com/group/my project', '--offline'], /import path/],
	['a bad --timeout', [module, '--timeout', 'soon'], /--timeout/],
	['--timeout without a value', [module, '--timeout'], /--timeout/],
	['MODULE arguments with --dir', [module, '--dir', '.'], /not both/],
	['go.mod taken for a host name', ['go.mod', '--offline'], /"go\.mod" is a file, not a module path/],
	['a path to go.mod', ['./sub/go.mod', '--offline'], /is a file, not a module path/],
] as const) {
	test(`usage error: ${name} gives one clear line plus a hint, exit 2, no stack trace`, async () => {
		const {env, cleanup} = emptyHome();
		try {
			const run = await runCli([...args], {env});
			assert.equal(run.code, 2);
			assert.equal(run.stdout, '');
			assert.match(run.stderr, message);
			assert.doesNotMatch(run.stderr, /\n\s+at /, 'stack trace on stderr');
			assert.ok(run.stderr.trim().split('\n').length <= 3, run.stderr);
		} finally {
			cleanup();
		}
	});
}

test('--offline --json prints exactly one JSON document with the four local checks, in order', async () => {
	const {env, cleanup} = emptyHome();
	try {
		const run = await runCli([module, '--offline', '--json'], {env});
		assert.ok(run.code === 0 || run.code === 1, run.stderr);
		const document = JSON.parse(run.stdout);
		assert.equal(document.schemaVersion, 2);
		assert.equal(document.module, module);
		assert.equal(document.host, 'gitlab.example.com');
		assert.deepEqual(document.checks.map((check: {id: string}) => check.id), ['go-env', 'private-module', 'module-path', 'netrc']);
		for (const check of document.checks) assert.ok(checkIds.includes(check.id));
	} finally {
		cleanup();
	}
});

test('exit 1 when a check fails (GOPRIVATE unset sends a private module to the public proxy), 0 once fixed', async () => {
	const {env, home, cleanup} = emptyHome({GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org'});
	try {
		// Go has credentials for the host, so the module is private.
		writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password glpat-secretsecretsecret\n');
		chmodSync(join(home, '.netrc'), 0o600);
		const failing = await runCli([module, '--offline'], {env});
		assert.equal(failing.code, 1, failing.stdout + failing.stderr);
		assert.match(failing.stdout, /✗ fail\s+Private module settings/);
		assert.match(failing.stdout, /go env -w GOPRIVATE='gitlab\.example\.com'/);

		writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password glpat-secretsecretsecret\n');
		chmodSync(join(home, '.netrc'), 0o600);
		const fixed = await runCli([module, '--offline', '--json'], {env: {...env, GOPRIVATE: 'gitlab.example.com'}});
		assert.equal(fixed.code, 0, fixed.stdout);
		const document = JSON.parse(fixed.stdout);
		assert.equal(document.checks.find((check: {id: string}) => check.id === 'private-module').status, 'pass');
		assert.ok(!fixed.stdout.includes('secretsecretsecret'));
		assert.match(fixed.stdout, /glpat-\*\*\*\*/);
	} finally {
		cleanup();
	}
});

test('bad input files never crash the run: a directory as .netrc, binary junk, a junk go env file', async () => {
	const {env, home, cleanup} = emptyHome({GOPRIVATE: 'gitlab.example.com'});
	try {
		mkdirSync(join(home, '.netrc'));
		mkdirSync(join(home, '.config', 'go'), {recursive: true});
		writeFileSync(join(home, '.config', 'go', 'env'), '\u0000\u0001junk\nGOPRIVATE\n=nokey\nlowercase=1\n');
		const run = await runCli([module, '--offline', '--json'], {env});
		assert.ok(run.code === 0 || run.code === 1, run.stderr);
		const document = JSON.parse(run.stdout);
		const netrc = document.checks.find((check: {id: string}) => check.id === 'netrc');
		assert.equal(netrc.status, 'warn');
		assert.match(JSON.stringify(netrc), /directory/);
		const goEnv = document.checks.find((check: {id: string}) => check.id === 'go-env');
		assert.equal(goEnv.status, 'warn');
		assert.match(JSON.stringify(goEnv), /line \d/);
	} finally {
		cleanup();
	}
});

test('exit 3 when the host cannot be reached now (a proxy that refuses) and nothing else fails; 1 when a real finding comes with it', async () => {
	const {env, home, cleanup} = emptyHome({GOPRIVATE: 'gitlab.example.com', HTTPS_PROXY: 'http://127.0.0.1:1'});
	try {
		const unreachable = await runCli([module, '--timeout', '3'], {env});
		assert.equal(unreachable.code, 3, unreachable.stdout);
		assert.match(unreachable.stdout, /cannot check gitlab\.example\.com\/group\/sub\/project now: .*go get would fail too/);

		// GOPRIVATE unset for a host Go has credentials for: a finding whatever the network says.
		writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password glpat-secretsecretsecret\n');
		chmodSync(join(home, '.netrc'), 0o600);
		const both = await runCli([module, '--timeout', '3'], {env: {...env, GOPRIVATE: ''}});
		assert.equal(both.code, 1, both.stdout);
	} finally {
		cleanup();
	}
});
