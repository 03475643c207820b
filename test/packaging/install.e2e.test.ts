// The ways people install, from a fresh clone (offline, from npm's cache): `npm install -g .`, `npm pack` whose
// stdout the pre-commit framework reads, and a global install of the tarball that keeps working without the clone.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readlinkSync, renameSync} from 'node:fs';
import {join} from 'node:path';
import {runCommand} from '../fake-gitlab/proc.js';
import {cloneCheckout, npmEnv} from '../helpers/tool-clone.js';

test('npm install -g . from a fresh clone builds dist/ and puts a working gitlab-go-check on PATH', {timeout: 240_000}, async () => {
	const clone = cloneCheckout();
	try {
		const prefix = join(clone.dir, 'prefix');
		const install = await runCommand('npm', ['install', '-g', '.'], {cwd: clone.root, env: npmEnv(prefix), timeoutMs: 200_000});
		assert.equal(install.exitCode, 0, install.stdout + install.stderr);
		const version = await runCommand(join(prefix, 'bin', 'gitlab-go-check'), ['--version'], {env: npmEnv(prefix)});
		assert.match(version.stdout, /^gitlab-go-check \d+\.\d+\.\d+\n$/, version.stderr);
	} finally {
		clone.cleanup();
	}
});

test('npm pack prints only the tarball name on stdout; its global install has no dependencies and outlives the clone', {timeout: 240_000}, async () => {
	const clone = cloneCheckout();
	try {
		const prefix = join(clone.dir, 'prefix');
		const env = npmEnv(prefix);
		const install = await runCommand('npm', ['install'], {cwd: clone.root, env, timeoutMs: 200_000});
		assert.equal(install.exitCode, 0, install.stderr);
		const pack = await runCommand('npm', ['pack'], {cwd: clone.root, env});
		assert.equal(pack.exitCode, 0, pack.stderr);
		assert.match(pack.stdout, /^gitlab-go-check-\d+\.\d+\.\d+\.tgz\n$/);
		const tarball = join(clone.root, pack.stdout.trim());
		const global = await runCommand('npm', ['install', '-g', tarball], {cwd: clone.dir, env, timeoutMs: 120_000});
		assert.equal(global.exitCode, 0, global.stderr);
		const installed = join(prefix, 'lib', 'node_modules', 'gitlab-go-check');
		assert.throws(() => readlinkSync(installed), 'the global install is a copy, not a link into the clone');
		assert.ok(!existsSync(join(installed, 'node_modules')), 'no runtime dependency was installed beside the bundle');
		renameSync(clone.root, join(clone.dir, 'moved-away'));
		const run = await runCommand(join(prefix, 'bin', 'gitlab-go-check'), ['--version'], {env});
		assert.match(run.stdout, /^gitlab-go-check \d+\.\d+\.\d+\n$/, run.stderr);
	} finally {
		clone.cleanup();
	}
});
