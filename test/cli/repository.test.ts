// Repository mode, offline, through the built CLI: which modules, how each is classified, one line per module,
// host checks once, --quiet, --dir, GOWORK, JSON.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {runCommand} from '../fake-gitlab/proc.js';
import {cliPath, emptyHome} from '../helpers/run-cli.js';

const goMod = `module gitlab.example.com/me/app

go 1.21

require (
	github.com/stretchr/testify v1.9.0
	gitlab.example.com/group/lib v1.2.0
	gitlab.example.com/group/sub/other v0.1.0 // indirect
	gitlab.internal.example/team/tool v0.3.0
)
`;

function cli(args: string[], env: Record<string, string>, cwd: string) {
	return runCommand(process.execPath, [cliPath, ...args], {env, cwd, timeoutMs: 30_000});
}

function scratch(extra: Record<string, string> = {}) {
	const home = emptyHome(extra);
	const repo = join(home.home, 'repo');
	mkdirSync(join(repo, 'cmd', 'deep'), {recursive: true});
	writeFileSync(join(repo, 'go.mod'), goMod);
	return {...home, repo};
}

test('no MODULE inside a Go module: every requirement, classified with its reason; host checks once; warnings only for unknown modules', async () => {
	const {env, repo, home, cleanup} = scratch({GOPRIVATE: 'gitlab.example.com'});
	try {
		writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password glpat-secretsecretsecret\n');
		chmodSync(join(home, '.netrc'), 0o600);
		// From a subdirectory, as go finds go.mod upward.
		const run = await cli(['--offline', '--json'], env, join(repo, 'cmd', 'deep'));
		assert.equal(run.exitCode, 0, run.stdout + run.stderr);
		const document = JSON.parse(run.stdout);
		assert.equal(document.mode, 'repository');
		assert.equal(document.repository.file, join(repo, 'go.mod'));
		const byPath = Object.fromEntries(document.modules.map((module: {module: string}) => [module.module, module]));
		assert.deepEqual(Object.keys(byPath).sort(), ['github.com/stretchr/testify', 'gitlab.example.com/group/lib', 'gitlab.example.com/group/sub/other', 'gitlab.internal.example/team/tool']);
		assert.equal(byPath['github.com/stretchr/testify'].classification, 'public');
		assert.deepEqual(byPath['github.com/stretchr/testify'].checks, []);
		assert.equal(byPath['gitlab.example.com/group/lib'].classification, 'private');
		assert.match(byPath['gitlab.example.com/group/lib'].reason, /GOPRIVATE covers it/);
		assert.equal(byPath['gitlab.example.com/group/lib'].verdict, 'pass');
		assert.equal(byPath['gitlab.internal.example/team/tool'].classification, 'unknown');
		assert.equal(byPath['gitlab.internal.example/team/tool'].verdict, 'warn');
		// Host-level checks live with the host, once; module-level checks with each module.
		assert.deepEqual(document.hosts.map((host: {host: string}) => host.host), ['gitlab.example.com', 'gitlab.internal.example']);
		assert.deepEqual(document.hosts[0].checks.map((check: {id: string}) => check.id), ['netrc']);
		assert.equal(document.hosts[0].modules, 2);
		assert.deepEqual(byPath['gitlab.example.com/group/lib'].checks.map((check: {id: string}) => check.id), ['private-module', 'module-path']);
		assert.deepEqual(document.checks.map((check: {id: string}) => check.id), ['go-env']);
		assert.ok(!run.stdout.includes('secretsecretsecret'));

		// --report covers the repository: every module with its classification, each host once; no secret.
		const report = join(home, 'report.md');
		const reported = await cli(['--offline', '--report', report], env, repo);
		assert.equal(reported.exitCode, 0, reported.stderr);
		const text = readFileSync(report, 'utf8');
		for (const module of Object.keys(byPath)) assert.ok(text.includes(module), module);
		assert.match(text, /## Host gitlab\.example\.com \(shared by 2 modules\)/);
		assert.ok(!text.includes('secretsecretsecret'));
	} finally {
		cleanup();
	}
});

test('plain: one line per module; a fix shared by a host is printed once; --quiet prints nothing when nothing fails, only failures otherwise', async () => {
	const {env, repo, home, cleanup} = scratch({GOPRIVATE: 'gitlab.example.com,gitlab.internal.example', GONOSUMDB: 'nothing.example'});
	try {
		writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password glpat-secretsecretsecret\n');
		chmodSync(join(home, '.netrc'), 0o600);
		const plain = await cli(['--offline', '--dir', repo], env, home);
		assert.equal(plain.exitCode, 1, plain.stdout);
		// GONOSUMDB set overrides GOPRIVATE's default: every private module goes to the checksum database.
		assert.match(plain.stdout, /^✗ fail\s+gitlab\.example\.com\/group\/lib v1\.2\.0\s+private · Private module settings/m);
		// The two modules on gitlab.example.com fail alike and share one fix (GONOSUMDB to cover the host): the why and
		// the fix are printed once, the second module names the first.
		assert.equal(plain.stdout.match(/GONOSUMDB='nothing\.example,gitlab\.example\.com'/g)?.length, 1, plain.stdout);
		assert.equal(plain.stdout.match(/public checksum database/g)?.length, 3, 'each module\'s own line, and the why once');
		assert.match(plain.stdout, /^ {6}the same as for gitlab\.example\.com\/group\/lib v1\.2\.0 above$/m);
		const quietFail = await cli(['--offline', '--quiet', '--dir', repo], env, home);
		assert.equal(quietFail.exitCode, 1);
		assert.doesNotMatch(quietFail.stdout, /testify/);
		assert.match(quietFail.stdout, /gitlab\.example\.com\/group\/lib/);

		const quietPass = await cli(['--offline', '--quiet'], {...env, GONOSUMDB: '', GOPRIVATE: 'gitlab.example.com,gitlab.internal.example'}, repo);
		assert.equal(quietPass.exitCode, 0, quietPass.stdout);
		assert.equal(quietPass.stdout, '');
	} finally {
		cleanup();
	}
});

test('GOWORK: a workspace lists the requirements of every used module; GOWORK=off uses go.mod; outside any module: exit 2 with why', async () => {
	const {env, repo, home, cleanup} = scratch({GOPRIVATE: 'gitlab.example.com'});
	try {
		mkdirSync(join(repo, 'tools'));
		writeFileSync(join(repo, 'tools', 'go.mod'), 'module gitlab.example.com/me/tools\n\nrequire gitlab.example.com/group/gen v0.2.0\n');
		writeFileSync(join(repo, 'go.work'), 'go 1.22\n\nuse (\n\t.\n\t./tools\n)\n');
		const work = JSON.parse((await cli(['--offline', '--json'], env, repo)).stdout);
		assert.equal(work.repository.kind, 'workspace');
		assert.deepEqual(work.repository.own, ['gitlab.example.com/me/app', 'gitlab.example.com/me/tools']);
		assert.ok(work.modules.some((module: {module: string}) => module.module === 'gitlab.example.com/group/gen'));
		const off = JSON.parse((await cli(['--offline', '--json'], {...env, GOWORK: 'off'}, repo)).stdout);
		assert.equal(off.repository.kind, 'module');
		assert.ok(!off.modules.some((module: {module: string}) => module.module === 'gitlab.example.com/group/gen'));
		const relative = await cli(['--offline'], {...env, GOWORK: 'go.work'}, repo);
		assert.equal(relative.exitCode, 2);
		assert.match(relative.stderr, /not an absolute path/);
		const outside = await cli(['--offline'], env, home);
		assert.equal(outside.exitCode, 2);
		assert.match(outside.stderr, /missing MODULE, and no go\.mod in/);
	} finally {
		cleanup();
	}
});

test('several MODULE arguments (MODULE@VERSION too) are checked together; a bad one is a usage error', async () => {
	const {env, home, cleanup} = scratch({GOPRIVATE: 'gitlab.example.com'});
	try {
		const run = await cli(['gitlab.example.com/a/b@v1.0.0', 'gitlab.example.com/a/c', '--offline', '--json'], env, home);
		assert.equal(run.exitCode, 0, run.stderr);
		const document = JSON.parse(run.stdout);
		assert.deepEqual(document.modules.map((module: {module: string; version?: string}) => [module.module, module.version]), [['gitlab.example.com/a/b', 'v1.0.0'], ['gitlab.example.com/a/c', undefined]]);
		const bad = await cli(['gitlab.example.com/a/b', 'https://x/y', '--offline'], env, home);
		assert.equal(bad.exitCode, 2);
	} finally {
		cleanup();
	}
});

test("the repository's own module, offline from local files: a wrong module path, a half-done .git rename, and a correct one", async () => {
	const {env, home, cleanup} = emptyHome({GOPRIVATE: 'gitlab.example.com'});
	try {
		const make = async (name: string, module: string, files: Record<string, string>, tags: string[] = []) => {
			const dir = join(home, name);
			mkdirSync(join(dir, 'pkg'), {recursive: true});
			writeFileSync(join(dir, 'go.mod'), `module ${module}\n\ngo 1.21\n`);
			for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
			const git = (args: string[]) => runCommand('git', args, {cwd: dir, env: {...env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t'}});
			await git(['init', '-q']);
			await git(['remote', 'add', 'origin', 'git@gitlab.example.com:group/sub/app.git']);
			await git(['add', '-A']);
			await git(['commit', '-qm', 'init']);
			for (const tag of tags) await git(['tag', tag]);
			return dir;
		};
		const pkg = 'package pkg\n';
		const good = await make('good', 'gitlab.example.com/group/sub/app.git', {'pkg/pkg.go': pkg, 'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"gitlab.example.com/group/sub/app.git/pkg"\n)\n'}, ['v1.0.0']);
		const half = await make('half', 'gitlab.example.com/group/sub/app.git', {'pkg/pkg.go': pkg, 'main.go': 'package main\n\nimport "gitlab.example.com/group/sub/app/pkg"\n'});
		const wrong = await make('wrong', 'gitlab.example.com/group/app', {'pkg/pkg.go': pkg}, ['v1.0.0', 'v2.0.0']);

		const goodRun = await cli(['--offline', '--json'], env, good);
		assert.equal(goodRun.exitCode, 0, goodRun.stdout);
		const goodOwn = JSON.parse(goodRun.stdout).ownModules[0];
		assert.deepEqual(goodOwn.findings.map((finding: {status: string}) => finding.status), ['pass', 'pass', 'pass']);

		const halfRun = await cli(['--offline'], env, half);
		assert.equal(halfRun.exitCode, 1, halfRun.stdout);
		assert.match(halfRun.stdout, /✗ fail\s+gitlab\.example\.com\/group\/sub\/app\.git\s+Imports of its own packages: 1 import uses another path/);
		assert.match(halfRun.stdout, /main\.go:3: "gitlab\.example\.com\/group\/sub\/app\/pkg"/);

		const wrongRun = await cli(['--offline', '--json'], env, wrong);
		assert.equal(wrongRun.exitCode, 1);
		const findings = JSON.parse(wrongRun.stdout).ownModules[0].findings as Array<{title: string; status: string; summary: string}>;
		assert.equal(findings.find(finding => finding.title === 'Module path and origin')?.status, 'fail');
		assert.match(findings.find(finding => finding.title === 'Major version and tags')?.summary ?? '', /no \/v2 suffix/);
	} finally {
		cleanup();
	}
});
