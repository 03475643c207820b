// `--report FILE` in plain and JSON mode: the redacted Markdown report is written atomically with mode 600, stdout
// keeps its contract, and an unwritable path is a clear error with exit status 2 (DESIGN.md "unreadable input → 2").
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {emptyHome, runCli} from '../helpers/run-cli.js';

const module = 'gitlab.example.com/group/project';
const token = 'glpat-ReportMustNotShow42';

function homeWithNetrc() {
	const home = emptyHome();
	writeFileSync(join(home.home, '.netrc'), `machine gitlab.example.com login alice password ${token}\n`, {mode: 0o644});
	return home;
}

test('--report in plain mode: the report is written (mode 600), stderr says where, stdout is the plain result', async t => {
	const {home, env, cleanup} = homeWithNetrc();
	t.after(cleanup);
	const reportPath = join(home, 'out', 'report.md');
	mkdirSync(join(home, 'out'));
	const run = await runCli([module, '--offline', '--report', reportPath], {env});
	assert.ok(run.code === 0 || run.code === 1, run.stderr);
	assert.match(run.stdout, /^gitlab-go-check gitlab\.example\.com\/group\/project/);
	assert.match(run.stderr, new RegExp(`report written to ${reportPath.replace(/[.]/g, '\\.')}`));
	const report = readFileSync(reportPath, 'utf8');
	assert.equal(statSync(reportPath).mode & 0o777, 0o600);
	assert.match(report, /^# gitlab-go-check report/);
	for (const id of ['go-env', 'private-module', 'module-path', 'netrc']) assert.match(report, new RegExp(`\\(\`${id}\`\\)`));
	assert.match(report, /## \.netrc/);
	assert.match(report, /login alice, password glpat-\*\*\*\* \(~\/\.netrc line 1\)/);
	assert.ok(!report.includes(token), 'the token from .netrc reached the report');
	assert.ok(!report.includes(home), 'the home directory is shown as ~');
	assert.ok(!stdoutOrStderrHas(run, token));
	assert.deepEqual(readdirSync(join(home, 'out')), ['report.md'], 'no temporary file left');
});

test('--report with --json: stdout is still one JSON document and nothing else; an existing 644 file becomes 600', async t => {
	const {home, env, cleanup} = homeWithNetrc();
	t.after(cleanup);
	const reportPath = join(home, 'report.md');
	writeFileSync(reportPath, 'old report', {mode: 0o644});
	const run = await runCli([module, '--offline', '--json', '--report', reportPath], {env});
	assert.ok(run.code === 0 || run.code === 1, run.stderr);
	const document = JSON.parse(run.stdout);
	assert.equal(document.schemaVersion, 2);
	assert.equal(run.stdout.trim().split('\n')[0], '{');
	assert.match(run.stderr, /report written to/);
	assert.equal(statSync(reportPath).mode & 0o777, 0o600);
	assert.match(readFileSync(reportPath, 'utf8'), /^# gitlab-go-check report/);
});

for (const [what, target, reason] of [
	['a directory that does not exist', (home: string) => join(home, 'no-such-dir', 'report.md'), /the directory does not exist/],
	['a path that is a directory', (home: string) => home, /it is a directory/],
	['a path under a regular file', (home: string) => join(home, '.netrc', 'report.md'), /a part of the path is not a directory/],
] as const) {
	test(`--report to ${what}: one clear line on stderr, exit 2, before any check runs`, async t => {
		const {home, env, cleanup} = homeWithNetrc();
		t.after(cleanup);
		for (const json of [false, true]) {
			const run = await runCli([module, '--offline', ...(json ? ['--json'] : []), '--report', target(home)], {env});
			assert.equal(run.code, 2, run.stderr);
			assert.equal(run.stdout, '');
			assert.match(run.stderr, new RegExp(`cannot write the report to .*: ${reason.source}`));
			assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
		}
	});
}

test('--report with an empty name is a usage error', async t => {
	const {env, cleanup} = emptyHome();
	t.after(cleanup);
	const run = await runCli([module, '--offline', '--report', ''], {env});
	assert.equal(run.code, 2);
	assert.match(run.stderr, /--report needs a file name/);
});

function stdoutOrStderrHas(run: {stdout: string; stderr: string}, text: string): boolean {
	return run.stdout.includes(text) || run.stderr.includes(text);
}
